"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI): detection and conversion.

Placeholder: detection returns None (no legacy encoding) until the tables in
`rules/encodings/` are written.
"""

from __future__ import annotations


def detect(text: str) -> str | None:
    return None


def convert(text: str, encoding: str, path=None) -> str:
    return text
