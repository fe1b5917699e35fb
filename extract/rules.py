"""Loading the data files of `rules/`.

Patterns and vocabularies live in `rules/` as commented data files so that an
analyst can extend them without touching code. Formats:

- `*.txt`: one entry per line; `#` starts a comment; blank lines ignored.
- `*.tsv`: tab-separated columns; `#` comment lines; blank lines ignored.
- `*.toml`: structured settings (Python's tomllib).

The rules folder is `$KEHOACH_RULES` when set, else the `rules/` folder
beside the package (a source checkout or editable install).
"""

from __future__ import annotations

import functools
import os
import tomllib
import unicodedata
from pathlib import Path


def rules_dir() -> Path:
    env = os.environ.get("KEHOACH_RULES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "rules"


def _path(name: str) -> Path:
    p = rules_dir() / name
    if not p.exists():
        raise FileNotFoundError(f"rules file not found: {p}")
    return p


def _lines(name: str):
    for raw in _path(name).read_text(encoding="utf-8").splitlines():
        line = raw.split("\t#", 1)[0] if "\t#" in raw else raw
        if line.lstrip().startswith("#") or not line.strip():
            continue
        yield unicodedata.normalize("NFC", line.rstrip("\n"))


@functools.lru_cache(maxsize=None)
def load_list(name: str) -> tuple[str, ...]:
    """Entries of a one-per-line file, stripped, NFC."""
    return tuple(l.strip() for l in _lines(name))


@functools.lru_cache(maxsize=None)
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file (cells stripped, NFC)."""
    return tuple(tuple(c.strip() for c in l.split("\t")) for l in _lines(name))


@functools.lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    with _path(name).open("rb") as fh:
        return tomllib.load(fh)


def phrase_pattern(phrase: str) -> str:
    """A literal phrase of a rules file as a regular expression: NFC, any run
    of white space between words, optional space around commas, and any of
    the dashes - – — where the phrase has one ("Độc lập - Tự do - Hạnh phúc")."""
    import regex

    p = regex.sub(r"\s*,\s*", " , ", unicodedata.normalize("NFC", phrase).strip())
    toks = p.split()
    out = ""
    for i, t in enumerate(toks):
        if i:
            out += r"\s*" if t == "," or toks[i - 1] == "," else r"\s+"
        out += "[-–—]" if t in ("-", "–", "—") else regex.escape(t)
    return out


def alternation(phrases, *, group: bool = False) -> str:
    """Phrases as one alternation, longest first (so "Thực hiện Thực hiện"
    wins over "Thực hiện"); `group` wraps it in (?:…)."""
    words = sorted({unicodedata.normalize("NFC", w) for w in phrases if w.strip()}, key=len, reverse=True)
    alt = "|".join(phrase_pattern(w) for w in words)
    return f"(?:{alt})" if group else alt
