"""Text normalization: the one place where every backend's output is cleaned.

Two layers:

- `normalize_line(s)`: character-level rules for any text (NFC, one tone-mark
  convention, slash look-alikes, invisible characters, markdown markers,
  collapsed white space). Also used by extractors on their own inputs.
- `build_document(raw)`: document-level rules over a backend's blocks: drop
  OCR debris, split run-together header columns, move footnotes out of the
  body (recording where their marks stood), re-join paragraphs broken by page
  ends or hyphenation, render tables, and assemble the final text with its
  paragraph offsets and page map.

The rules' data (characters, tone-mark pairs, debris, header phrases) lives in
`rules/normalize/` and `rules/header.toml`.
"""

from __future__ import annotations

import functools
import unicodedata

import regex as re

from .document import Document, Footnote, Paragraph, RawDocument, Table
from .rules import alternation, load_table, load_toml

# --------------------------------------------------------------------------
# character level

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(_SUPERSCRIPTS)}


@functools.lru_cache(maxsize=1)
def _char_map() -> dict[int, str]:
    table = {}
    for row in load_table("normalize/characters.tsv"):
        src = row[0].encode("ascii", "backslashreplace").decode("unicode_escape") if row[0].startswith("\\u") else row[0]
        dst = row[1] if len(row) > 1 else ""
        table[ord(src)] = dst
    return table


@functools.lru_cache(maxsize=2)
def _tone_rule(to_first: bool = True):
    """(pattern, pairs, not_after) for moving the tone mark of the pairs of
    `rules/normalize/tone_marks.toml` onto their first vowel (`to_first`) or
    back onto their second: the pattern finds a syllable-final pair with the
    mark on the other vowel (NFD; groups: prefix, first vowel, mark or
    second vowel, second vowel or mark)."""
    cfg = load_toml("normalize/tone_marks.toml")
    pairs = cfg["pairs"]
    not_after = cfg.get("not_after", {})
    v1 = f"([{''.join(sorted(set(p[0] for p in pairs)))}])"
    v2 = f"([{''.join(sorted(set(p[1] for p in pairs)))}])"
    tone = r"([\u0300\u0301\u0303\u0309\u0323])"
    body = v1 + v2 + tone if to_first else v1 + tone + v2
    pat = re.compile(rf"(?<![\p{{L}}\p{{M}}])(\p{{L}}*?){body}(?![\p{{L}}\p{{M}}])", re.IGNORECASE)
    return pat, {p.lower() for p in pairs}, {k: set(v) for k, v in not_after.items()}


def _move_tone_marks(text: str, to_first: bool) -> str:
    pat, pairs, not_after = _tone_rule(to_first)
    nfd = unicodedata.normalize("NFD", text)

    def move(m: re.Match) -> str:
        prefix = m.group(1)
        v1, v2, tone = (m.group(2), m.group(3), m.group(4)) if to_first else (m.group(2), m.group(4), m.group(3))
        pair = (v1 + v2).lower()
        before = prefix[-1:].lower()
        if pair not in pairs or (before and before in not_after.get(pair, set())):
            return m.group(0)
        # the first vowel must be bare (no circumflex/breve/horn), else it is
        # not one of these pairs
        return prefix + (v1 + tone + v2 if to_first else v1 + v2 + tone)

    return unicodedata.normalize("NFC", pat.sub(move, nfd))


def fix_tone_marks(text: str) -> str:
    """Move tone marks to the convention of `rules/normalize/tone_marks.toml`.

    "Uỷ ban" -> "Ủy ban", "hoà" -> "hòa", "thuỷ" -> "thủy"; "quý", "hoàn",
    "thuyết" unchanged. Input and output are NFC.
    """
    return _move_tone_marks(text, to_first=True)


def other_tone_marks(text: str) -> str:
    """The other placement of the tone marks that `fix_tone_marks` moves
    ("hòa" -> "hoà", "thủy" -> "thuỷ"), for tools whose dictionaries were
    written in it (underthesea's word list: "chuẩn hoá", "thuỷ lợi"). The
    result has the length of `text` (NFC), so offsets carry over."""
    out = _move_tone_marks(text, to_first=False)
    return out if len(out) == len(text) else text


@functools.lru_cache(maxsize=1)
def _ascii_codes() -> dict[str, str]:
    return {r[0]: r[1] for r in load_table("legal/ascii_codes.tsv") if len(r) > 1}


def repair_number_code(number: str) -> str:
    """A document number whose code lost the stroke of Đ ("382/QD-TTg" ->
    "382/QĐ-TTg", "37/2019/ND-CP" -> "37/2019/NĐ-CP"), by
    rules/legal/ascii_codes.tsv; other numbers unchanged."""
    if not number or not any(c in number for c in "DQ"):
        return number
    table = _ascii_codes()
    return "".join(table.get(tok, tok) for tok in re.split(r"([/-])", number))


_MD_INLINE = re.compile(r"\*\*|__")
# markdown italics: a pair of single asterisks around words ("*Hà Nội, ngày …*",
# "*a) Thu gom rác thải*"); a lone asterisk (a footnote mark "(*)") stays
_MD_ITALIC = re.compile(r"(?<![\p{L}\p{N}*\\])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])")
# an italic label whose closing asterisk follows the colon's or the number's
# space ("*Đơn vị chủ trì thực hiện: *Các Sở, ngành", "*1.1. *Tiếp tục …"
# from a portal's Word export)
_MD_ITALIC_LABEL = re.compile(r"(?<![\p{L}\p{N}*\\])\*(?=[^\s*])([^*\n]{1,80}?:|(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[IVXLC]{1,6}\.))\s*\*(?=\s*\S)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_WS = re.compile(r"[ \t\f\v]+")
# terminal escape sequences and control characters (C0 but tab/newline, DEL,
# C1): never text of a plan, and unwritable in XLSX
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@functools.lru_cache(maxsize=4096)
def normalize_line(text: str) -> str:
    """Character-level normalization of one paragraph (no newlines kept).
    Cached: the header and heading readers ask for the same lines again, and
    a one-line plan of a million characters must not be normalized twenty
    times."""
    text = unicodedata.normalize("NFC", text)
    if _CTRL.search(text):
        text = _CTRL.sub("", _ANSI.sub("", text))
    text = text.translate(_char_map())
    text = fix_tone_marks(text)
    text = _MD_HEADING.sub("", text)
    text = _MD_INLINE.sub("", text)
    if "*" in text:
        text = _MD_ITALIC_LABEL.sub(r"\1 ", text)
        text = _MD_ITALIC.sub(r"\1", text)
    text = text.replace("\r", " ").replace("\n", " ")
    text = _WS.sub(" ", text).strip()
    # "Số: 53 /KH-UBND" -> the space left by removed markup before a slash
    if "/" in text:
        text = _SPACE_SLASH.sub("", text)
    return text


_SPACE_SLASH = re.compile(r"(?<=\d) +(?=/[\p{Lu}])")


# --------------------------------------------------------------------------
# letter-spaced words (rules/normalize/spacing.toml)

_SHAPE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")
_TOKEN = re.compile(r"^(?P<lead>[^\p{L}\p{M}\p{N}]*)(?P<core>[\p{L}\p{M}]*)(?P<trail>[^\p{L}\p{M}\p{N}]*)$")


def _bare(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(ch for ch in s if unicodedata.category(ch) != "Mn")


@functools.lru_cache(maxsize=1)
def _spacing_cfg() -> dict:
    return load_toml("normalize/spacing.toml")


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(syllables, pairs of syllables that make a word), lower case NFC."""
    import importlib.util
    from pathlib import Path

    from .rules import load_list

    cfg = _spacing_cfg()
    syl: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    spec = importlib.util.find_spec(cfg.get("lexicon_package", "underthesea"))
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        for rel in cfg.get("lexicon_paths", []):
            p = root / rel
            if not p.is_file():
                continue
            text = fix_tone_marks(unicodedata.normalize("NFC", p.read_text(encoding="utf-8").lower()))
            for line in text.splitlines():
                ws = line.split()
                syl.update(ws)
                pairs.update(zip(ws, ws[1:]))
            break
        if syl:
            break
    if cfg.get("extra_syllables"):
        try:
            syl.update(fix_tone_marks(s.lower()) for s in load_list(cfg["extra_syllables"]))
        except FileNotFoundError:
            pass
    keep = frozenset(s for s in syl if _SHAPE.match(_bare(s)))
    return keep, frozenset(p for p in pairs if p[0] in keep and p[1] in keep)


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Is `word` (letters only, any case) a Vietnamese syllable: in the
    syllable list (or, without it, of the syllable's shape)? Cached: a
    plan's words repeat, and a long line must not cost a lookup per word."""
    if not word or not word.isalpha() and not all(ch.isalpha() or unicodedata.category(ch) == "Mn" for ch in word):
        return False
    w = fix_tone_marks(unicodedata.normalize("NFC", word.lower()))
    syl, _ = _lexicon()
    if syl:
        return w in syl
    return bool(_SHAPE.match(_bare(w)))


def _split_token(tok: str) -> tuple[str, str, str]:
    m = _TOKEN.match(tok)
    if not m:
        return tok, "", ""
    return m.group("lead"), m.group("core"), m.group("trail")


def _is_fragment(core: str) -> bool:
    return bool(core) and not is_syllable(core)


@functools.lru_cache(maxsize=4096)
def spacing_share(text: str) -> float:
    """Share of the letter tokens of `text` that are fragments or lone
    letters (0.0 for clean text, near 1.0 for "B ộ X â y d ự n g")."""
    cores = [c for c in (_split_token(t)[1] for t in text.split()) if c]
    if len(cores) < int(_spacing_cfg().get("heavy_min", 6)):
        return 0.0
    bad = sum(1 for c in cores if len(c) == 1 or (_is_fragment(c) and not c.isupper()))
    return bad / len(cores)


def is_letter_spaced(text: str) -> bool:
    """Is `text` spaced throughout (see rules/normalize/spacing.toml)?"""
    return spacing_share(text) >= float(_spacing_cfg().get("heavy_share", 0.35))


@functools.lru_cache(maxsize=4096)
def repair_spacing(line: str, heavy: bool | None = None) -> str:
    """Re-join the fragments of letter-spaced words into syllables.

    "ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH" -> "ỦY BAN NHÂN DÂN
    THÀNH PHỐ HỒ CHÍ MINH"; "T hành phố Hồ Chí M inh" -> "Thành phố Hồ Chí
    Minh". Only groups holding a fragment (a letter run that is no syllable)
    are re-joined; `heavy` (default: detected) also re-joins lone letters and
    spaced acronyms of a line spaced throughout ("T h à nh ủ y" -> "Thành
    ủy", "T T U B :" -> "TTUB:"). Clean text is returned unchanged."""
    toks = line.split()
    if len(toks) < 2:
        return line
    parts = [_split_token(t) for t in toks]
    if heavy is None:
        heavy = is_letter_spaced(line)
    frags = [c for _, c, _ in parts if _is_fragment(c)]
    # evidence: a lone letter that is no word ("B", "T"), or two fragments;
    # one cluster alone may be an acronym ("TRƯỜNG TH A DƠI")
    if not heavy and not (any(len(c) == 1 for c in frags) or len(frags) >= 2):
        return line
    cfg = _spacing_cfg()
    max_group = int(cfg.get("max_group", 5))
    frag_cost, grp_cost, bonus = float(cfg.get("fragment_cost", 10)), float(cfg.get("group_cost", 1)), float(cfg.get("word_bonus", 0.6))
    _, pairs = _lexicon()
    n = len(parts)
    letters = [c for _, c, _ in parts if c]
    line_upper = bool(letters) and all(c.isupper() for c in letters)
    # upper-case runs holding a word of two letters or more: capitals may be
    # re-joined there ("TỊ CH"); a run of lone capitals is an acronym
    wordy = [False] * n
    i = 0
    while i < n:
        if parts[i][1] and parts[i][1].isupper():
            j = i
            while j < n and parts[j][1] and parts[j][1].isupper():
                j += 1
            # a run holding a real word ("KT. CHỦ TỊ CH"), not only acronyms
            # and lone letters ("TH A", "CNTT TT")
            w = line_upper or any(len(parts[k][1]) > 1 and is_syllable(parts[k][1]) for k in range(i, j))
            for k in range(i, j):
                wordy[k] = w
            i = j
        else:
            i += 1

    def group_ok(i: int, j: int) -> str | None:
        seg = parts[i:j]
        if any(not c for _, c, _ in seg):
            return None
        if seg[0][2] or any(l or t for l, _, t in seg[1:-1]) or seg[-1][0]:
            return None
        cores = [c for _, c, _ in seg]
        if all(c.isupper() for c in cores):
            if not all(wordy[k] for k in range(i, j)):
                return None
        elif not all(c.islower() for c in cores[1:]) or not (cores[0].islower() or cores[0][:1].isupper() and cores[0][1:].islower() or len(cores[0]) == 1):
            return None
        if not (any(_is_fragment(c) for c in cores) or (heavy and any(len(c) == 1 for c in cores))):
            return None
        joined = "".join(cores)
        return joined if is_syllable(joined) else None

    # best[i]: {last syllable key: (cost, groups)}
    best: list[dict] = [dict() for _ in range(n + 1)]
    best[0][None] = (0.0, [])
    for i in range(n):
        for last, (cost, groups) in best[i].items():
            for j in range(i + 1, min(n, i + max_group) + 1):
                if j == i + 1:
                    core = parts[i][1]
                    c = cost + (frag_cost if _is_fragment(core) else grp_cost)
                    key = core.lower() if core else None
                else:
                    joined = group_ok(i, j)
                    if joined is None:
                        continue
                    c = cost + grp_cost
                    key = joined.lower()
                if last and key and (fix_tone_marks(last), fix_tone_marks(key)) in pairs:
                    c -= bonus
                cur = best[j].get(key)
                if cur is None or c < cur[0] - 1e-9:
                    best[j][key] = (c, groups + [(i, j)])
    cost, groups = min(best[n].values(), key=lambda v: v[0])
    out: list[str] = []
    singles: list[int] = []  # a run of lone capitals (heavy lines): one acronym

    def flush():
        if len(singles) >= 2:
            out.append("".join(toks[k] for k in singles))
        else:
            out.extend(toks[k] for k in singles)
        singles.clear()

    for i, j in groups:
        if j == i + 1:
            lead, core, trail = parts[i]
            if heavy and not line_upper and len(core) == 1 and core.isupper() and not wordy[i] and (not singles or not parts[singles[-1]][2]) and not (singles and lead):
                singles.append(i)
                if trail:
                    flush()
                continue
            flush()
            out.append(toks[i])
        else:
            flush()
            seg = parts[i:j]
            out.append(seg[0][0] + "".join(c for _, c, _ in seg) + seg[-1][2])
    flush()
    res = " ".join(out)
    if heavy:
        res = re.sub(r"\s+(?=[;:,.)])", "", res)
    return res


# --------------------------------------------------------------------------
# document level

_LABEL = re.compile(
    r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]|[a-zđ][).]|[-+–•*]|\(\d+\)|\([a-zđ]\))(?:\s|$)"
)
# a dash bullet whose item opens in lower case: list items open with a
# capital, so this is the rest of the line above, broken by a conversion
_BROKEN_DASH = re.compile(r"^[-–]\s+(?=\p{Ll})")
_TERMINAL = re.compile(r"[.;:!?…]$|\./\.$")


def is_label_start(text: str) -> bool:
    """Does the paragraph open with a structural label (I., 1.1., a), -, +)?"""
    return bool(_LABEL.match(text))


@functools.lru_cache(maxsize=1)
def _debris_cfg():
    return load_toml("normalize/debris.toml")


def is_debris(line: str) -> bool:
    """A line that is OCR or markup debris (stray letters, lone symbols)."""
    cfg = _debris_cfg()
    s = line.strip()
    if not s:
        return True
    if all(ch in cfg["symbols"] or ch.isspace() for ch in s):
        return s not in ("./.",)
    if is_label_start(s) or re.fullmatch(r"[IVXLC]+\.?|\d+[.)]?", s):
        return False
    letters = [ch for ch in s if ch.isalpha()]
    if len(letters) <= cfg["max_letters"] and not any(ch.isdigit() for ch in s):
        # the end of a wrapped name or sentence ("- Cơ quan chủ trì: Bộ Công" /
        # "an.", "3. Sở Nội" / "vụ"): a word of the lexicon in small letters,
        # with a consonant or closed by its punctuation, is text
        m = re.fullmatch(r"(\p{Ll}+)([.;,]?)", s)
        if m and m.group(1) in _lexicon()[0] and (m.group(2) or re.search(r"[^aeiouy]", _bare(m.group(1)))):
            return False
        return True
    return False


@functools.lru_cache(maxsize=1)
def _running_heads():
    pats = _debris_cfg().get("running_heads", [])
    # the page number may be run into the head ("CÔNG BÁO/Số 286/Ngày 27-05-2026 90")
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in pats) + r")(?:\s+\d{1,4})?\s*$", re.IGNORECASE) if pats else None


_PAGE_NUMBER = re.compile(r"\s*\d{1,4}\s*")


def _without_running_heads(items: list) -> list:
    """Drop a publication's running heads ("CÔNG BÁO/Số 286/Ngày 27-05-2026")
    and signature stamps ("Ký bởi: …"), and the page number after a head."""
    pat = _running_heads()
    if pat is None:
        return items
    out: list = []
    after_head = False
    for it in items:
        if it[0] == "para" and pat.match(it[1]):
            after_head = True
            continue
        if after_head and it[0] == "para" and _PAGE_NUMBER.fullmatch(it[1]):
            after_head = False
            continue
        after_head = False
        out.append(it)
    return out


@functools.lru_cache(maxsize=1)
def _header_rules():
    cfg = load_toml("header.toml")
    alt = alternation(cfg["right_column_starts"])
    right = re.compile(rf"(?<=\S)\s+(?=(?:{alt}))", re.IGNORECASE)
    place = re.compile(rf"(?<=\S)\s+(?={cfg['place_date']})")
    motto = re.compile(alt, re.IGNORECASE)
    return right, place, int(cfg.get("max_lines", 15)), motto


def split_header_columns(lines: list[str]) -> list[str]:
    """Split header lines that run the two columns together, and a header
    flattened to one line by a crawler ("Số: 435/QĐ-UBND Kon Tum, ngày 04
    tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH … ỦY BAN NHÂN DÂN TỈNH KON
    TUM"): the place/date line ends at its year, the type heading stands on
    its own line, and so does the enacting body after the title."""
    right, place, max_lines, _ = _header_rules()
    out: list[str] = []
    for i, line in enumerate(lines):
        if i < max_lines:
            parts = right.split(line, maxsplit=1)
            if len(parts) == 1 and line.lower().startswith("số"):
                parts = place.split(line, maxsplit=1)
            for p in parts:
                out.extend(q for q in _split_flattened(p.strip()) if q)
        else:
            out.append(line)
    return out


@functools.lru_cache(maxsize=1)
def _flattened_rules():
    cfg = load_toml("header.toml")["flattened"]
    types = sorted(load_toml("structure.toml")["zones"]["doc_type_headings"], key=len, reverse=True)
    date_end = re.compile(rf"^{cfg['place_date_line']}(?=\s+\S)")
    heading = re.compile(rf"^(?:{alternation(types)})(?=\s+[\p{{Lu}}\d“\"(])")
    enacting = re.compile(rf"(?<=[”\"»)]|\d)\s+(?=(?:{alternation(cfg['enacting_bodies'])})\b[\p{{Lu}}\s\-–]*$)")
    return date_end, heading, enacting


def _split_flattened(line: str) -> list[str]:
    date_end, heading, enacting = _flattened_rules()
    out = []
    m = date_end.match(line)
    if m:
        out.append(line[: m.end()].strip())
        line = line[m.end():].strip()
    m = heading.match(line)
    if m and _is_caps(line[m.end():]):
        out.append(line[: m.end()].strip())
        line = line[m.end():].strip()
    parts = enacting.split(line, maxsplit=1)
    out.extend(p.strip() for p in parts)
    return out


@functools.lru_cache(maxsize=1)
def _signature_run_re():
    zones = load_toml("structure.toml")["zones"]
    types = sorted(zones["doc_type_headings"], key=len, reverse=True)
    opener = alternation(zones["signature_openers"])
    # "KT. BỘ TRƯỞNG THỨ TRƯỞNG Đinh Trung Tụng KẾ HOẠCH TRIỂN KHAI …": the
    # signer's name, then the heading of the plan the decision attaches; a
    # head who signs in person has no mark ("BỘ TRƯỞNG Đặng Quốc Khánh
    # CHƯƠNG TRÌNH HÀNH ĐỘNG …"): a title in capitals, a name of two to five
    # words, the heading
    t = alternation(types)
    return (re.compile(rf"^(?:(?:{opener})\s*\p{{Lu}}|(?:\p{{Lu}}{{2,}}\s+){{1,6}}(?:\p{{Lu}}\p{{Ll}}+\s+){{1,4}}\p{{Lu}}\p{{Ll}}+\s+(?:{t})\s+\p{{Lu}}{{2,}})"),
            re.compile(rf"(?<=\p{{Lu}}\p{{Ll}}+)\s+(?=(?:{t})\s+\p{{Lu}}{{2,}})"))


def split_signature_run(line: str) -> list[str]:
    """A signature block flattened onto one line with the heading of an
    attached plan after the signer's name: split before the heading."""
    start, before_heading = _signature_run_re()
    if not start.match(line):
        return [line]
    parts = before_heading.split(line, maxsplit=1)
    if len(parts) == 2 and _is_caps(parts[1][:60]):
        return [p.strip() for p in parts]
    return [line]


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_FOOTNOTE_START = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s*(\S.*)$")
_FOOTNOTE_MARK = re.compile(rf"(?<=\S)([{_SUPERSCRIPTS}]+)(?=[\s.,;:)]|$)")


# a decorative rule printed under a header column ("-------", "_____"),
# run into the column's last line by a table export
_RULE_END = re.compile(r"(?:^|\s)[-–—_=~]{3,}\s*$")
_RULE_START = re.compile(r"^\s*[-–—_=~]{3,}(?:\s|$)")


def strip_rules(line: str) -> str:
    """A header line without the decorative rules at its ends: "BỘ Y TẾ
    -------" -> "BỘ Y TẾ"."""
    s = _RULE_END.sub("", line)
    s = _RULE_START.sub("", s)
    return s.strip() if s.strip() else line


# a label of two or more levels ("1.1.", "2.10.") closing a paragraph: never
# the end of a sentence, the start of the next item
# (a reference to a part, "tại mục 1.2.", is not one)
_TRAILING_LABEL = re.compile(
    r"(?<=[\p{L}\p{M},;:.)”\"])(?<!\b(?:[Mm]ục|[Kk]hoản|[Đđ]iểm|[Tt]iết|[Đđ]iều|[Pp]hần|[Ss]ố))\s+(\d{1,2}(?:\.\d{1,2})+\.)\s*$")


# "N. heading text N.1. First item …" (the child's number repeats the heading's)
# (not a reference: "… tại điểm 3.1. Kế hoạch số …")
_INLINE_FIRST_CHILD = re.compile(
    r"^(\d{1,2})\.\s*(\p{Lu}[^\n]{2,200}?[\p{L}\p{M})”\"])"
    r"(?<!\b(?:[Mm]ục|[Kk]hoản|[Đđ]iểm|[Tt]iết|[Đđ]iều|[Pp]hần|[Ss]ố|[Tt]ại))(?=\s+\1\.1\.\s*\p{Lu})")
# "II. MỤC TIÊU, NHIỆM VỤ NĂM 2024 Bộ TN&MT yêu cầu …": a Roman or lettered
# label, two or more words in capitals (numbers and punctuation among them),
# then a sentence (a word in small letters after its capital)
_RUN_IN_SECTION = re.compile(
    r"^((?:[IVXLC]{1,6}|[A-D])\.\s*(?:[\p{Lu}\d][\p{Lu}\d&/,;:()\-–]*\s+){1,30}?[\p{Lu}\d][\p{Lu}\d&/,;:()\-–]*)"
    r"(?=\s+\p{Lu}\p{Ll}+(?:\s|$))")
_LONE_LABEL = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.|[IVXLC]{1,6}\.|[a-zđ]\))\s*$")


def _labels_to_their_items(items: list) -> list:
    """A label alone on its line ("2.2." / "Tăng cường …"), or a decimal
    label left at the end of the line above its item ("… và tiến bộ 1.1." /
    "Tổ chức nghiên cứu …"), goes to the start of the item's paragraph."""
    out: list = []
    carry = ""  # a label waiting for its item
    for k, (kind, t, page, style) in enumerate(items):
        if carry:
            t, carry = f"{carry} {t}", ""
        nxt = items[k + 1] if k + 1 < len(items) else None
        opens_item = (kind == "para" and nxt is not None and nxt[0] == "para"
                      and not is_label_start(nxt[1]) and nxt[1][:1].isupper())
        m = _INLINE_FIRST_CHILD.match(t) if kind == "para" else None
        if m:
            # "3. Giải quyết tranh chấp lao động 3.1. Rà soát …": a heading
            # flattened with its first item
            out.append((kind, t[: m.end(2)].rstrip(), page, style))
            t = t[m.end(2):].lstrip()
        m = _RUN_IN_SECTION.match(t) if kind == "para" else None
        if m and len(re.findall(r"\p{Lu}", m.group(1))) >= 8:
            # "I. BỐI CẢNH, TÌNH HÌNH CHUNG Năm 2023 là năm …": a section
            # heading in capitals run into its first paragraph
            out.append((kind, m.group(1).rstrip(), page, style))
            t = t[m.end(1):].lstrip()
        if opens_item and _LONE_LABEL.match(t):
            carry = t.strip()
            continue
        if opens_item:
            m = _TRAILING_LABEL.search(t)
            if m and m.start() > 0:
                t, carry = t[: m.start()].rstrip(), m.group(1)
        out.append((kind, t, page, style))
    return out


# the long dashes, which a hyphen bullet list does not use
_DASH_LINK = re.compile(r"^\s*(?P<d>[–—])\s+\S")


def continues_dash_chain(prev: str, nxt: str) -> bool:
    """A line that opens with the dash of a chain of names the line above is
    in the middle of ("(4) Vùng Nông nghiệp sinh thái – Làng quê" / "–
    Trải nghiệm OCOP; …"): no bullet, the chain goes on."""
    m = _DASH_LINK.match(nxt)
    return bool(m) and not _TERMINAL.search(prev.rstrip()) and f" {m.group('d')} " in prev


def _should_join(prev: str, nxt: str) -> bool:
    """Is `nxt` the continuation of `prev` (a paragraph broken by a page end)?"""
    if not prev or not nxt:
        return False
    if _TERMINAL.search(prev):
        return False
    if _BROKEN_DASH.match(nxt):
        return True  # "Vụ Tổ chức" / "- cán bộ, Vụ …": a line break made a dash
    if continues_dash_chain(prev, nxt):
        return True
    if is_label_start(nxt):
        return False
    if _RULE_END.search(prev):
        return False  # a header column closed by its rule ("Hạnh phúc -------")
    letters = [c for c in prev if c.isalpha()]
    if letters and len(prev) < 80 and all(c.isupper() for c in letters):
        return False  # an upper-case heading ("KẾ HOẠCH") is never continued
    first = nxt[0]
    # "… ngày" / "09 tháng 01 năm 2015": a number opening a line that is not
    # a label continues the sentence above it
    # a paragraph never ends in a comma: what follows continues the list
    return first.islower() or first.isdigit() or (prev.endswith("-") and first.isalpha()) or prev.endswith(",")


def is_header_table(rows: list[list[str]]) -> bool:
    """The official two-column header: the motto, or (headers whose motto was
    lost) a short table with the place/date line."""
    text = " ".join(" ".join(r) for r in rows[:3])
    if _header_rules()[3].search(text):  # rules/header.toml right_column_starts
        return True
    cells = [c for r in rows for c in r if c]
    return len(rows) <= 3 and any(re.search(r"^[^,]{2,40}, ngày\b", c) for c in cells)


def is_signature_table(rows: list[list[str]]) -> bool:
    """A footer table: the "Nơi nhận" list in one cell, the signature in another."""
    text = " ".join(" ".join(r) for r in rows[:3])
    return bool(re.search(r"N[oơ]i\s+nh[aâậ]n|(?<!\w)(?:TM|KT|TL|TUQ)\.\s", text))


def build_document(raw: RawDocument) -> Document:
    """Normalize a backend's blocks into a `Document`."""
    # 1. normalize each block; header tables become lines (row by row, left
    #    cell then right cell); body lines split on embedded newlines
    items: list[tuple[str, object, int | None, str | None]] = []  # (kind, payload, page, style)
    footnotes: list[tuple[str, str, int | None]] = []
    for b in raw.blocks:
        if b.kind == "para":
            for piece in (b.text or "").split("\n"):
                t = normalize_line(piece)
                if t:
                    items.append(("para", t, b.page, b.style))
        elif b.kind == "footnote":
            t = normalize_line(b.text or "")
            if t:
                footnotes.append((normalize_line(b.marker or ""), t, b.page))
        elif b.kind == "table":
            raw_rows = [[c or "" for c in r] for r in (b.rows or [])]
            rows = [[normalize_line(c) for c in r] for r in raw_rows]
            keep = [i for i, r in enumerate(rows) if any(r)]
            rows, raw_rows = [rows[i] for i in keep], [raw_rows[i] for i in keep]
            if not rows:
                continue
            header, footer = is_header_table(rows), is_signature_table(rows)
            if header or footer:
                # row by row, left cell's lines then right cell's: the two
                # columns stay separate lines, never interleaved
                style = "header" if header else "footer"
                for r in raw_rows:
                    for cell in r:
                        for piece in cell.split("\n"):
                            piece = normalize_line(piece)
                            if piece:
                                items.append(("para", piece, b.page, style))
            else:
                items.append(("table", rows, b.page, None))

    # 2. debris and run-together header columns (leading lines only)
    head_end = 0
    while head_end < len(items) and items[head_end][0] == "para" and head_end < 15:
        head_end += 1
    head = [it for it in items[:head_end]]
    split: list = []
    for kind, t, page, style in head:
        for piece in split_header_columns([t]):
            split.append((kind, strip_rules(piece), page, style))
    rest: list = []
    for kind, t, page, style in items[head_end:]:
        if kind == "para" and len(t) > 40:
            rest.extend((kind, piece, page, style) for piece in split_signature_run(t))
        else:
            rest.append((kind, t, page, style))
    items = split + rest
    items = [it for it in items if it[0] != "para" or not is_debris(it[1])]
    items = _without_running_heads(items)

    # 3. footnote paragraphs printed inline ("¹ Quyết định số …") leave the body
    body: list = []
    for kind, t, page, style in items:
        if kind == "para":
            m = _FOOTNOTE_START.match(t)
            if m and len(m.group(2)) > 3:
                footnotes.append(("".join(_SUP_TO_DIGIT.get(c, c) for c in m.group(1)), m.group(2), page))
                continue
        body.append((kind, t, page, style))

    # 4. re-join paragraphs broken by page ends (across removed footnotes)
    joined: list = []
    for kind, t, page, style in body:
        if kind == "para" and joined and joined[-1][0] == "para" and _should_join(joined[-1][1], t):
            pk, pt, ppage, pstyle = joined[-1]
            sep = "" if pt.endswith("-") and not pt.endswith(" -") else " "
            joined[-1] = (pk, pt + sep + _BROKEN_DASH.sub("", t), ppage, pstyle)
        else:
            joined.append((kind, t, page, style))

    # 4b. labels a flattened export left on the wrong line
    joined = _labels_to_their_items(joined)

    # 5. assemble text; footnote marks removed from the body, anchors kept
    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    page_map: list[tuple[int, int]] = []
    anchors: dict[str, int] = {}
    pos = 0

    def add_page(offset: int, page: int | None):
        if page is not None and (not page_map or page_map[-1][1] != page):
            page_map.append((offset, page))

    for kind, payload, page, style in joined:
        if kind == "para":
            t = payload
            out = []
            last = 0
            for m in _FOOTNOTE_MARK.finditer(t):
                out.append(t[last:m.start()])
                mark = "".join(_SUP_TO_DIGIT[c] for c in m.group(1))
                anchors.setdefault(mark, pos + sum(len(x) for x in out))
                last = m.end()
            out.append(t[last:])
            t = "".join(out)
            add_page(pos, page)
            paragraphs.append(Paragraph(t, pos, pos + len(t), page, style))
            text_parts.append(t)
            pos += len(t) + 1
        else:
            rows = payload
            start = pos
            add_page(pos, page)
            for r in rows:
                line = " | ".join(r)
                paragraphs.append(Paragraph(line, pos, pos + len(line), page, "table-row"))
                text_parts.append(line)
                pos += len(line) + 1
            tables.append(Table(rows, start, pos - 1, page))
    text = "\n".join(text_parts)

    notes = [Footnote(marker=mk, text=t, anchor=anchors.get(mk), page=pg) for mk, t, pg in footnotes]
    return Document(
        text=text,
        paragraphs=paragraphs,
        tables=tables,
        footnotes=notes,
        page_map=page_map,
        source=raw.source,
        warnings=list(raw.warnings),
    )
