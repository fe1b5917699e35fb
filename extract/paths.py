"""File names as the system gives them, made safe to show and to store.

A POSIX file name is bytes; Python hands names that are not valid UTF-8 over
with "surrogate escapes" ("bad\\udcffname.txt"), which no UTF-8 writer (JSON,
XLSX, CSV, a terminal) accepts. Everything that writes a name goes through
here: `shown(name)` is the readable form (the undecodable bytes as U+FFFD),
`raw_hex(name)` the exact bytes in hex when the shown form is not the name
(not valid UTF-8, or control characters in it; the
record's `source.file_bytes`, from which the name is rebuilt by
`from_raw_hex`), else None.
"""

from __future__ import annotations

import os


def _bytes(name: str) -> bytes:
    return os.fsencode(name)


def is_clean(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str | os.PathLike) -> str:
    """The name for people: undecodable bytes as U+FFFD, control characters
    as visible escapes."""
    s = str(name)
    if not is_clean(s):
        s = _bytes(s).decode("utf-8", "replace")
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in s)


def raw_hex(name: str | os.PathLike) -> str | None:
    """The exact bytes of a name whose shown form differs from it (not valid
    UTF-8, or with control characters), in hex; else None."""
    s = str(name)
    return None if is_clean(s) and shown(s) == s else _bytes(s).hex()


def from_raw_hex(hexed: str) -> str:
    return os.fsdecode(bytes.fromhex(hexed))
