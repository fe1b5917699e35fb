"""Comparing an ingested text with a reference: word diffs and error rates."""

from __future__ import annotations

import difflib
import unicodedata



def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def word_diff(ref: str, hyp: str, context: int = 3) -> list[str]:
    """Human-readable differing word runs between reference and hypothesis."""
    a, b = words(ref), words(hyp)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"{op}: {' '.join(a[max(i1 - context, 0):i2])!r} -> {' '.join(b[max(j1 - context, 0):j2])!r}")
    return out


def _levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(ref: str, hyp: str) -> float:
    """Character error rate over white-space-collapsed text (edit distance / len(ref)).

    Computed line-block by line-block through difflib's alignment so that the
    quadratic edit distance stays cheap on 20-page documents.
    """
    r = " ".join(words(ref))
    h = " ".join(words(hyp))
    if not r:
        return 0.0 if not h else 1.0
    errors = 0
    sm = difflib.SequenceMatcher(None, r, h, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            errors += _levenshtein(r[i1:i2], h[j1:j2])
    return errors / len(r)
