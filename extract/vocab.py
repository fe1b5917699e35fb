"""Finding vocabulary phrases in text: spaCy's PhraseMatcher over a blank
multilingual pipeline (`spacy.blank("xx")`), which tokenizes NFC text on
spaces and punctuation and keeps character offsets, case-insensitive
(attr="LOWER"). Used for the lists of rules/ that are phrases, not patterns
(agency names that contain commas or predicate words, …).
"""

from __future__ import annotations

import functools
import threading

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("xx")


class PhraseIndex:
    """Longest, non-overlapping occurrences of a set of phrases."""

    def __init__(self, phrases):
        from spacy.matcher import PhraseMatcher

        nlp = _nlp()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
        if self.phrases:
            self.matcher.add("PHRASE", [nlp.make_doc(p) for p in self.phrases])

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character spans, longest first where they overlap."""
        if not self.phrases or not text:
            return []
        with _lock:
            doc = _nlp().make_doc(text)
            spans = [(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in self.matcher(doc)]
        spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[tuple[int, int]] = []
        for a, b in spans:
            if out and a < out[-1][1]:
                continue
            out.append((a, b))
        return out

    def sub(self, text: str, repl) -> str:
        """`text` with every occurrence replaced by `repl(matched_text)`."""
        parts, last = [], 0
        for a, b in self.find(text):
            parts.append(text[last:a])
            parts.append(repl(text[a:b]))
            last = b
        parts.append(text[last:])
        return "".join(parts)
