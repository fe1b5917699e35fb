"""Agency names: the one normalization every agency-name field goes through.

SCHEMA: full words, not abbreviations ("UBND" -> "Ủy ban nhân dân"); leading
verbs and courtesy words dropped ("Đề nghị", "Giao"); first letter upper case;
"Các" kept where it names a group. Data: `rules/agencies/`.
Folding (accent removal) is for matching only: `match_key`.
"""

from __future__ import annotations

import functools
import unicodedata

import regex as re

from .normalize import normalize_line
from .rules import load_list, load_table


@functools.lru_cache(maxsize=1)
def _abbrev():
    rows = sorted(load_table("agencies/abbreviations.tsv"), key=lambda r: len(r[0]), reverse=True)
    alt = "|".join(re.escape(r[0]) for r in rows)
    pat = re.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})(?![\p{{L}}\p{{N}}])")
    return pat, {r[0]: r[1] for r in rows}


@functools.lru_cache(maxsize=1)
def _leading():
    words = sorted(load_list("agencies/leading_words.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:(?:{alt})\s+)+", re.IGNORECASE)


def expand_abbreviations(text: str) -> str:
    pat, table = _abbrev()
    return pat.sub(lambda m: table[m.group(0)], text)


def normalize_agency_name(text: str) -> str:
    """Normalize one agency name for an agency-name field."""
    s = normalize_line(text)
    s = s.strip(" \t;,.:-–")
    s = _leading().sub("", s)
    s = expand_abbreviations(s)
    s = re.sub(r"\s+", " ", s).strip(" ;,.:")
    if s:
        s = s[0].upper() + s[1:]
    return s


def fold(text: str) -> str:
    """Accent-free lower case, for matching only (never for output)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


def match_key(name: str) -> str:
    """Key under which two spellings of one agency compare equal."""
    s = normalize_agency_name(name)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"[,;]\s*", ", ", s)
    return fold(s)
