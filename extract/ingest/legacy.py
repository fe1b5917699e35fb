"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI-Windows): detection and conversion.

Before Unicode, Vietnamese was typed in ordinary single-byte text that only
looks Vietnamese in special fonts: TCVN3 (fonts .VnTime, .VnTimeH…) gives
each letter its own byte, VNI (fonts VNI-Times…) writes a base letter followed
by modifier bytes. Such a file arrives as bytes that read as Windows-1252
("Céng hoµ x· héi", "Coäng hoøa xaõ hoäi"), or as UTF-8 text holding those
characters when someone re-saved it as Unicode.

- `detect(text)`: "tcvn3", "vni" or None. Each word is converted on trial and
  checked against Vietnamese syllable structure: a word that is not Vietnamese
  as it stands but becomes a Vietnamese syllable is evidence for the legacy
  encoding; a word that is Vietnamese Unicode (it has letters such as ư, ệ,
  which no Windows-1252 reading contains) is evidence against it. Genuine
  Unicode Vietnamese and plain ASCII/English text give None.
- `convert(text, encoding, path=None)`: NFC Unicode. Lines that already
  contain Vietnamese Unicode letters are left alone (documents typed partly in
  Unicode fonts). Raises `IngestError` when too many words stay unconvertible.
- `convert_all(texts, encoding, path=None)`: the same for the pieces of one
  document (paragraphs, table cells of a DOCX), judged together.
- `ansi_reading(data)`, `from_cp1258_reading(text)`: the Windows-1252 reading
  the tables are defined over, for bytes, or for text that was decoded as
  Windows-1258 (which maps 14 of the bytes TCVN3 and VNI use to other
  characters: 0xD0 is "Đ" there, "é" in TCVN3).

The tables are `rules/encodings/tcvn3.tsv` and `rules/encodings/vni.tsv`
(their headers document the encodings, the TCVN3 capitals problem and the
public sources they were checked against). They are read here with a loader
of their own: the cells are byte values in hex, never NFC-normalized text.

TCVN3 capitals: TCVN3 has no toned capitals (only Ă Â Ê Ô Ơ Ư Đ); toned
capitals were the lowercase codes drawn by an uppercase font (.VnTimeH).
We map them to lowercase, and restore capitals only for words written in
capitals ("KÕ HO¹CH" -> "KẾ HOẠCH", see `_tcvn3_caps`) and for the first
letter of a sentence ("ñy ban" opening a paragraph -> "Ủy ban"). Elsewhere
("Nguyễn Văn ẩn" for Ẩn) the case is lost with the font and stays lowercase.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from pathlib import Path

import regex as re

from ..errors import IngestError
from ..rules import rules_dir

ENCODINGS = ("tcvn3", "vni")
NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}

# detection: minimum number of words converted into Vietnamese syllables, and
# their minimum share of the words with non-ASCII letters
MIN_EVIDENCE = 3
MIN_SHARE = 0.3
# conversion: the share of words with non-ASCII letters left unconvertible
# above which the document is refused (with at least MIN_EVIDENCE such words)
MAX_UNCONVERTIBLE = 0.25

# --------------------------------------------------------------------------
# tables


def _parse_tsv(path: Path) -> dict[str, str]:
    """Rows "hex bytes<TAB>shown<TAB>letter[<TAB>comment]" -> {Windows-1252 reading: letter}."""
    table: dict[str, str] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 3:
            raise ValueError(f"{path}:{n}: expected 'bytes<TAB>shown<TAB>letter'")
        key = ansi_reading(bytes.fromhex(cells[0]))
        table[key] = unicodedata.normalize("NFC", cells[2].strip())
    return table


@functools.lru_cache(maxsize=None)
def table(encoding: str) -> dict[str, str]:
    """The legacy sequence -> Unicode letter table of `encoding` ("tcvn3" | "vni")."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    path = rules_dir() / "encodings" / f"{encoding}.tsv"
    if not path.exists():
        raise FileNotFoundError(f"rules file not found: {path}")
    return _parse_tsv(path)


# Windows-1252 for 80-9F, the C1 control character where it has none
_C1_TO_CP1252 = {}
for _b in range(0x80, 0xA0):
    try:
        _C1_TO_CP1252[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass


def ansi_reading(data: bytes) -> str:
    """Bytes as Windows-1252 (Latin-1 for the five bytes it leaves undefined)."""
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def from_cp1258_reading(text: str) -> str | None:
    """The Windows-1252 reading of a text that was decoded as Windows-1258.

    None when `text` cannot be Windows-1258 output (it has characters outside
    that code page, as any precomposed Vietnamese text has) or when both
    readings agree.
    """
    try:
        raw = text.encode("cp1258")
    except UnicodeEncodeError:
        return None
    ansi = ansi_reading(raw)
    return None if ansi == text else ansi


# --------------------------------------------------------------------------
# Vietnamese syllables (to score trial conversions)

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền sắc ngã hỏi nặng
_SAC_NANG = ("\u0301", "\u0323")
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu") + tuple("bcdđghklmnprstvx") + ("",)
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")


def _nuclei() -> dict[str, tuple[frozenset[int], str]]:
    """Vowel nucleus -> (index of the vowel that may carry the tone mark,
    "any" | "open" (no final consonant) | "closed" (needs one))."""
    spec = {}
    for n in "a e ê i o ô ơ u ư".split():
        spec[n] = (frozenset({0}), "any")
    spec["y"] = (frozenset({0}), "open")  # "ý", "kỹ"; "y" + consonant only in "uy"
    for n in "ă â".split():
        spec[n] = (frozenset({0}), "closed")
    # falling diphthongs: the tone on the first vowel ("cái", "nghĩa", "mưa")
    for n in "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa".split():
        spec[n] = (frozenset({0}), "open")
    # rising ones: on the second ("hoàn", "tiến", "được"); old-style "hoà",
    # "thuỷ", "khoẻ" are allowed in `is_syllable`
    for n in "oa oe uê uy".split():
        spec[n] = (frozenset({1}), "any")
    spec["uơ"] = (frozenset({1}), "open")
    for n in "oă uâ uô iê yê ươ oo".split():
        spec[n] = (frozenset({1}), "closed")
    for n in "iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu".split():
        spec[n] = (frozenset({1}), "open")
    spec["uyê"] = (frozenset({2}), "closed")
    return spec


_NUCLEUS = _nuclei()
_PALATAL_OK = {"a", "ê", "i", "oa", "uê", "uy"}  # before final nh, ch ("anh", "ếch", "huynh")
_NO_VELAR = {"i", "ê", "uê", "uy"}  # never before final ng, c ("inh", not "ing")
_VOWELS = set("aăâeêioôơuưy")

# letters and marks that only Vietnamese Unicode text has (no Windows-1252
# reading of any byte gives them)
_UNICODE_ONLY = re.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1EA0-\u1EF9\u0300\u0301\u0303\u0306\u0309\u031B\u0323]")


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Is `word` (any case, NFC or NFD) a well-formed Vietnamese syllable?

    Onset + vowel nucleus + final consonant, at most one tone mark, on the
    vowel of the nucleus that carries it ("hoàn", "người"; not "hoaịch"),
    finals that fit the nucleus ("anh", not "iênh"), and the rule of checked
    syllables: after final c, ch, p, t only sắc or nặng ("các", not "cỏc").
    Permissive beyond that: it tells Vietnamese from mojibake, not words.
    """
    chars: list[str] = []
    tone = tone_at = None
    for ch in unicodedata.normalize("NFC", word.lower()):
        d = unicodedata.normalize("NFD", ch)
        marks = [c for c in d if c in _TONES]
        if marks:
            if tone is not None or len(marks) > 1:
                return False
            ch = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            if not ch:
                return False
            tone, tone_at = marks[0], len(chars)
        chars.append(ch)
    base = "".join(chars)
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset):]
        for coda in _CODAS:
            if coda and not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            spec = _NUCLEUS.get(nucleus)
            if spec is None:
                continue
            positions, finals = spec
            if (finals == "open" and coda) or (finals == "closed" and not coda):
                continue
            if coda in ("nh", "ch") and nucleus not in _PALATAL_OK:
                continue
            if coda in ("ng", "c") and nucleus in _NO_VELAR:
                continue
            if coda in ("c", "ch", "p", "t") and tone not in _SAC_NANG:
                continue
            if tone is not None:
                if not coda and nucleus in ("oa", "oe", "uy"):
                    positions = frozenset({0, 1})
                if tone_at - len(onset) not in positions:
                    continue
            return True
    return False


def _has_vowel(word: str) -> bool:
    base = unicodedata.normalize("NFD", word.lower())
    return any(unicodedata.normalize("NFC", c) in _VOWELS for c in base if c.isalpha())


# --------------------------------------------------------------------------
# conversion of one line / word


@functools.lru_cache(maxsize=None)
def _word_re() -> re.Pattern:
    """Runs of letters, combining marks and any character a legacy table uses."""
    chars = sorted({c for enc in ENCODINGS for k in table(enc) for c in k})
    return re.compile(r"[\p{L}\p{M}" + "".join(re.escape(c) for c in chars) + "]+")


@functools.lru_cache(maxsize=None)
def _tcvn3_translate() -> dict[int, str]:
    return {ord(k): v for k, v in table("tcvn3").items()}


@functools.lru_cache(maxsize=None)
def _vni_parts():
    tab = table("vni")
    pairs = {k: v for k, v in tab.items() if len(k) == 2}
    singles = {k: v for k, v in tab.items() if len(k) == 1}
    bases = sorted({k[0] for k in pairs})
    mods = sorted({k[1] for k in pairs} | {k[1].swapcase() for k in pairs})
    pat = re.compile(
        "[" + "".join(re.escape(c) for c in bases) + "][" + "".join(re.escape(c) for c in mods) + "]"
        "|[" + "".join(re.escape(c) for c in sorted(singles)) + "]"
    )
    return pairs, singles, pat


def _vni_sub(m: re.Match) -> str:
    pairs, singles, _ = _vni_parts()
    s = m.group(0)
    if s in pairs:
        return pairs[s]
    if len(s) == 2:
        alt = s[0] + s[1].swapcase()  # "Uû": modifier case differs from its base
        if alt in pairs:
            v = pairs[alt]
            return v.upper() if s[0].isupper() else v.lower()
        return singles.get(s[0], s[0]) + s[1]
    return singles.get(s, s)


def _convert_plain(s: str, encoding: str) -> str:
    """Table conversion of a string, no case restoration."""
    if encoding == "tcvn3":
        return s.translate(_tcvn3_translate())
    _, _, pat = _vni_parts()
    return pat.sub(_vni_sub, s)


@functools.lru_cache(maxsize=None)
def _tcvn3_classes():
    tab = table("tcvn3")
    caps = {k for k, v in tab.items() if v.isupper()}  # Ă Â Ê Ô Ơ Ư Đ
    lower = {k for k, v in tab.items() if v.islower()}  # every case-less code
    return caps, lower


def _tcvn3_caps(words: list[str]) -> list[bool]:
    """Which words of one line to put in capitals after conversion.

    A word qualifies when it has a lowercase-only TCVN3 code (a toned letter,
    or ă â ê ô ơ ư đ) and no lowercase ASCII letter, and either two capitals
    (ASCII or the capital codes Ă Â Ê Ô Ơ Ư Đ) or a line holding a capitals
    word with a vowel and a TCVN3 code: "HO¹CH" -> "HOẠCH"; in "KÕ HO¹CH"
    -> "KẾ HOẠCH" both; "§¡NG Ký" -> "ĐĂNG KÝ"; "Sè: 12/NQ-H§ND" stays
    "Số: 12/NQ-HĐND" (HĐND, an abbreviation, has no vowel).
    """
    caps, lower = _tcvn3_classes()
    tab = table("tcvn3")
    info = []
    line_caps = False
    for w in words:
        up = sum(1 for c in w if ("A" <= c <= "Z") or c in caps)
        low = sum(1 for c in w if "a" <= c <= "z")
        restorable = sum(1 for c in w if c in lower)
        info.append((up, low, restorable))
        # a capitals word that is a Vietnamese word, not an abbreviation
        # ("§¡NG" = "ĐĂNG" yes, "H§ND" = "HĐND" no)
        if up >= 2 and low == 0 and (restorable or any(c in caps for c in w)):
            line_caps = line_caps or _has_vowel("".join(tab.get(c, c) for c in w))
    return [bool(r) and low == 0 and up >= 1 and (up >= 2 or line_caps) for up, low, r in info]


_LABEL = re.compile(r"\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]|[a-z®][)]|\(\d+\)|[-+–•*])?\s*")
_SENTENCE_END = re.compile(r"[.!?]\s+$")
_TERMINAL = re.compile(r"(?:[.!?:]|\./\.)[\s\"”»)]*$")


def _starts_paragraph(prev: str | None) -> bool:
    """Does a line after `prev` (the previous line, converted) open a sentence?

    First line, after a blank line, after a line ending a sentence (. ! ? :)
    or after a line without lowercase letters (a heading). Not after a line
    broken mid-sentence, which normalization re-joins.
    """
    if prev is None or not prev.strip():
        return True
    if _TERMINAL.search(prev.rstrip()):
        return True
    return not any(c.islower() for c in prev)


def _convert_line(line: str, encoding: str, opens_sentence: bool = False) -> str:
    """Convert one line; TCVN3 also restores capitals (`_tcvn3_caps`) and
    capitalizes a sentence's first letter when it is a TCVN3 code, which has
    no capital form ("ñy ban" opening a paragraph -> "Ủy ban")."""
    if encoding != "tcvn3":
        return _convert_plain(line, encoding)
    spans = list(_word_re().finditer(line))
    flags = _tcvn3_caps([m.group(0) for m in spans])
    _, lower = _tcvn3_classes()
    label_end = _LABEL.match(line).end()
    out, last = [], 0
    for m, up in zip(spans, flags):
        out.append(_convert_plain(line[last:m.start()], encoding))
        src = m.group(0)
        w = _convert_plain(src, encoding)
        if up:
            w = w.upper()
        elif src[0] in lower and not any("A" <= c <= "Z" for c in src):
            at_start = (m.start() == label_end and opens_sentence) or bool(_SENTENCE_END.search(line[: m.start()]))
            if at_start:
                w = w[0].upper() + w[1:]
        out.append(w)
        last = m.end()
    out.append(_convert_plain(line[last:], encoding))
    return "".join(out)


# --------------------------------------------------------------------------
# detection


def _evidence(words: Counter, encoding: str) -> tuple[int, int, int]:
    """(legacy evidence, Unicode evidence, words with non-ASCII letters): word
    occurrences, see `detect`."""
    legacy_ev = unicode_ev = total = 0
    for w, n in words.items():
        if w.isascii():
            continue
        total += n
        if _UNICODE_ONLY.search(w):
            if is_syllable(w):
                unicode_ev += n
            continue
        conv = _convert_plain(w, encoding)
        if conv == w:
            continue
        was_ok, now_ok = is_syllable(w), is_syllable(conv)
        if now_ok and not was_ok and (len(w) > 1 or w.isalpha()):
            legacy_ev += n
        elif was_ok and not now_ok:
            unicode_ev += n
    return legacy_ev, unicode_ev, total


def scores(text: str) -> dict[str, tuple[int, int, int]]:
    """{encoding: (legacy evidence, Unicode evidence, non-ASCII words)} for `text`."""
    words = Counter(_word_re().findall(text))
    return {enc: _evidence(words, enc) for enc in ENCODINGS}


def detect(text: str) -> str | None:
    """"tcvn3" | "vni" when `text` is the Windows-1252 reading of a legacy file.

    Per encoding: legacy evidence = words that are not Vietnamese syllables as
    they stand but become one when converted ("c¸c" -> "các", "Vieät" ->
    "Việt"); Unicode evidence = Vietnamese syllables with Unicode-only letters
    ("Việt", "được") plus words a conversion would break. Words valid both
    ways ("mét" = "một" in TCVN3, a real word too) count for neither. The
    encoding with more legacy evidence wins when it has at least
    `MIN_EVIDENCE` words, more than the Unicode evidence and at least
    `MIN_SHARE` of the words with non-ASCII letters (French "où" is VNI "ó",
    but French has many more words that no table makes Vietnamese).
    """
    best, best_ev = None, 0
    for enc, (legacy_ev, unicode_ev, total) in scores(text).items():
        if legacy_ev >= MIN_EVIDENCE and legacy_ev > unicode_ev and legacy_ev >= MIN_SHARE * total:
            if legacy_ev > best_ev:
                best, best_ev = enc, legacy_ev
            elif legacy_ev == best_ev:
                best = None  # as likely one as the other: leave the text alone
    return best


# --------------------------------------------------------------------------
# conversion


def _unconvertible(words: list[str], originals: set[str]) -> tuple[int, int]:
    """(unconvertible words, words with non-ASCII letters) among converted words."""
    bad = total = 0
    for w in words:
        if w.isascii():
            continue
        total += 1
        leftover = any(
            ("\u00c0" <= c <= "\u00ff" and c not in _VN_LATIN1) or (c in originals and not c.isalpha())
            for c in w
        )
        if leftover or (_has_vowel(w) and not is_syllable(w)):
            bad += 1
    return bad, total


_VN_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")


def _convert_text(text: str, encoding: str, words: list[str]) -> str:
    out_lines = []
    prev: str | None = None
    for line in text.splitlines(keepends=True):
        if _UNICODE_ONLY.search(line):
            out_lines.append(line)
            prev = line
            continue
        new = _convert_line(line, encoding, _starts_paragraph(prev))
        prev = new
        if new != line:
            words.extend(re.findall(r"[\p{L}\p{M}\u00a1-\u00bf\u00d7\u00f7]+", new))
        out_lines.append(new)
    return unicodedata.normalize("NFC", "".join(out_lines))


def convert_all(texts: list[str], encoding: str, path=None) -> list[str]:
    """`convert` for the pieces of one document (paragraphs, table cells):
    each piece opens a paragraph; the unconvertible share is judged over all."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    words: list[str] = []
    out = [_convert_text(t, encoding, words) for t in texts]
    bad, total = _unconvertible(words, {c for k in table(encoding) for c in k})
    if bad >= MIN_EVIDENCE and bad > MAX_UNCONVERTIBLE * total:
        raise IngestError(
            path if path is not None else "<text>",
            f"uses the legacy Vietnamese font encoding {NAMES[encoding]} and could not be fully "
            "converted; save it as Unicode (UTF-8)",
        )
    return out


def convert(text: str, encoding: str, path=None) -> str:
    """Legacy `encoding` ("tcvn3" | "vni") -> NFC Unicode.

    `text` is the Windows-1252 reading of the file (see `ansi_reading`,
    `from_cp1258_reading`). Lines that already hold Vietnamese Unicode letters
    are kept as they are. Raises `IngestError(path, …)` when more than
    `MAX_UNCONVERTIBLE` of the converted words with non-ASCII letters are still
    not Vietnamese (another encoding, or a damaged file).
    """
    return convert_all([text], encoding, path)[0]
