"""The one place that talks to underthesea (Vietnamese word segmentation and
part-of-speech tags).

underthesea on its own splits "Ủy ban nhân dân" and tags "Ủy" as a person,
so the agency vocabulary is given to it as fixed words (full names from
rules/agencies/names.txt and the expansions of abbreviations.tsv, plus the
multi-word heads). Tokens come back with their character offsets in the
input, which must already be normalized (no token normalization here).
"""

from __future__ import annotations

import functools

from .rules import load_list, load_table


@functools.lru_cache(maxsize=1)
def fixed_words() -> tuple[str, ...]:
    words = set(load_list("agencies/names.txt"))
    words |= {row[1] for row in load_table("agencies/abbreviations.tsv") if len(row) > 1 and " " in row[1]}
    words |= {w for w in load_list("agencies/heads.txt") if " " in w and not any(c in w for c in "()?\\[]|")}
    words |= {w for w in load_list("agencies/collective_nouns.txt") if " " in w}
    from .normalize import other_tone_marks

    # in the placement of underthesea's own list, as the text it segments (`tokens`)
    words = {other_tone_marks(w) for w in words}
    return tuple(sorted(words, key=len, reverse=True))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of underthesea's word segmentation. Its word list
    writes "hoá", "thuỷ", "khoẻ" (the tone mark on the second vowel), the
    pipeline "hóa", "thủy", "khỏe": the text is segmented in the list's
    placement ("chuẩn hoá" one verb, not "chuẩn" + "hóa") and the tokens are
    cut from the text as given."""
    from underthesea import word_tokenize

    from .normalize import other_tone_marks

    seen = other_tone_marks(text)
    out = []
    pos = 0
    for tok in word_tokenize(seen, use_token_normalize=False, fixed_words=list(fixed_words())):
        i = seen.find(tok, pos)
        if i < 0:  # a token underthesea rewrote: give up on offsets for it
            continue
        out.append((text[i:i + len(tok)], i, i + len(tok)))
        pos = i + len(tok)
    return out


def pos_tags(text: str) -> list[tuple[str, str, int, int]]:
    """(token, tag, start, end); tags of underthesea's CRF tagger (V verb, N noun …)."""
    toks = tokens(text)
    if not toks:
        return []
    try:
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        tagged = CRFPOSTagPredictor.Instance().predict([t for t, _, _ in toks])
        tags = [tag for _, tag in tagged]
    except Exception:  # the internal API moved: tag the joined tokens again
        from underthesea import pos_tag

        tagged = pos_tag(text)
        if len(tagged) != len(toks):
            return []
        tags = [tag for _, tag in tagged]
    return [(t, tag, s, e) for (t, s, e), tag in zip(toks, tags)]


def opens_with_verb(text: str) -> bool:
    """Does a clause open with a verb ("Tổ chức hội nghị …", "Rà soát …")?
    The first letter is lowered first: the tagger reads a capitalised word
    at the start as a name ("Bố trí" N, "bố trí" V)."""
    head = " ".join(text.split()[:6])
    if not head:
        return False
    tags = pos_tags(head[0].lower() + head[1:])
    return bool(tags) and tags[0][1] == "V"
