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
from .rules import alternation, load_list, load_table


@functools.lru_cache(maxsize=1)
def _abbrev():
    rows = sorted(load_table("agencies/abbreviations.tsv"), key=lambda r: len(r[0]), reverse=True)
    alt = "|".join(re.escape(r[0]) for r in rows)
    pat = re.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})(?![\p{{L}}\p{{N}}])")
    return pat, {r[0]: r[1] for r in rows}


@functools.lru_cache(maxsize=1)
def _abbrev_caps():
    """The same table keyed in capitals ("ỦY BAN MTTQ VIỆT NAM"), longest first."""
    _, table = _abbrev()
    caps: dict[str, str] = {}
    for k in sorted(table, key=len, reverse=True):
        caps.setdefault(k.upper(), table[k])
    alt = "|".join(re.escape(k) for k in caps)
    return re.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})(?![\p{{L}}\p{{N}}])"), caps


def expand_abbreviations_in_capitals(text: str) -> str:
    """Abbreviations of a capitals line, matched in capitals: "MTTQ VIỆT NAM"
    is the entry "MTTQ Việt Nam", not "MTTQ" followed by "VIỆT NAM"."""
    pat, caps = _abbrev_caps()
    return pat.sub(lambda m: caps[m.group(0)], text)


@functools.lru_cache(maxsize=1)
def field_words() -> str:
    """Alternation of the words after which a name goes on with a field of
    work (rules/agencies/field_markers.txt: "phụ trách", "lĩnh vực")."""
    return alternation(load_list("agencies/field_markers.txt"))


@functools.lru_cache(maxsize=1)
def _field_res():
    w = r"(?<![\p{L}])(?:" + field_words() + r")"
    return re.compile(w + r"(?![\p{L}])", re.IGNORECASE), re.compile(w + r"\s+$", re.IGNORECASE)


def has_field_word(text: str) -> bool:
    """Does `text` contain a field-of-work word ("… phụ trách lĩnh vực …")?"""
    return _field_res()[0].search(text) is not None


def ends_with_field_word(text: str) -> bool:
    """Does `text` end with a field-of-work word and white space?"""
    return _field_res()[1].search(text) is not None


@functools.lru_cache(maxsize=1)
def _leading():
    words = load_list("agencies/leading_words.txt")
    alt = alternation(words)
    return re.compile(rf"^(?:(?:{alt})\s+)+", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _honorific():
    alt = alternation(load_list("agencies/honorifics.txt"))
    return re.compile(rf"^(các\s+)?(?:{alt})(?:\s+|(?=\p{{Lu}}))", re.IGNORECASE)


def drop_honorific(text: str) -> str:
    """"Các đ/c Phó Chủ tịch …" -> "Các Phó Chủ tịch …" (rules/agencies/honorifics.txt)."""
    return _honorific().sub(lambda m: m.group(1) or "", text)


def expand_abbreviations(text: str) -> str:
    pat, table = _abbrev()
    return pat.sub(lambda m: table[m.group(0)], text)


@functools.lru_cache(maxsize=65536)
def normalize_agency_name(text: str) -> str:
    """Normalize one agency name for an agency-name field."""
    s = normalize_line(text)
    s = s.strip(" \t;,.:-–")
    s = _leading().sub("", s)
    s = drop_honorific(s)
    s = expand_abbreviations(s)
    s = re.sub(r"\s+", " ", s).strip(" ;,.:")
    # one dash between the words of a name: "Lao động – Thương binh" is
    # "Lao động - Thương binh" (as the ministry writes its own name)
    s = re.sub(r" [–—] ", " - ", s)
    # a stray comma before the name's own place ("Hiệp hội Du lịch, tỉnh Ninh
    # Bình"): the place qualifies the body
    s = _comma_before_place().sub(" ", s)
    if s:
        s = s[0].upper() + s[1:]
    return s


@functools.lru_cache(maxsize=1)
def unit_type_alternation() -> str:
    """The administrative unit types ("tỉnh", "thành phố", "xã", …
    rules/header/unit_types.tsv) as one alternation, longest first."""
    return alternation(r[0] for r in load_table("header/unit_types.tsv"))


@functools.lru_cache(maxsize=1)
def _comma_before_place():
    types = unit_type_alternation()
    return re.compile(rf",\s+(?=(?:{types})\s+\p{{Lu}}\p{{Ll}}*(?:\s+\p{{Lu}}\p{{Ll}}*){{0,3}}$)")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-free lower case, for matching only (never for output)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


@functools.lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """Key under which two spellings of one agency compare equal."""
    s = normalize_agency_name(name)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"[,;]\s*", ", ", s)
    return fold(s)


# --------------------------------------------------------------------------
# lists of bodies

@functools.lru_cache(maxsize=1)
def _heads():
    pats = []
    for h in load_list("agencies/heads.txt"):
        flags = 0 if r"\p{Lu}" in h else re.IGNORECASE
        pats.append(re.compile(rf"^(?:{h})(?![\p{{L}}])", flags))
    return pats


@functools.lru_cache(maxsize=1)
def _attach_words():
    return tuple(sorted(load_list("agencies/attach_words.txt"), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _known_names():
    """Agency names that must stay whole (rules/agencies/names.txt), found
    with spaCy's PhraseMatcher (case-insensitive); `.sub(text, repl)`."""
    from .vocab import PhraseIndex

    return PhraseIndex(load_list("agencies/names.txt"))


def starts_with_agency(text: str) -> bool:
    """Does `text` open with the name of a body ("Sở Nội vụ …", "các sở, …")?"""
    t = drop_honorific(text.lstrip())
    if re.match(r"(?i)^các\s", t):
        rest = t[4:].lstrip()
        return any(p.match(rest[:1].upper() + rest[1:]) for p in _heads()) or bool(_collective().match(rest))
    t2 = t[:1].upper() + t[1:]
    return any(p.match(t2) for p in _heads())


@functools.lru_cache(maxsize=1)
def _collective():
    words = load_list("agencies/collective_nouns.txt")
    return re.compile(r"^(?:" + alternation(words) + r")(?![\p{L}])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _lowercase_heads():
    words = load_list("agencies/lowercase_heads.txt")
    return re.compile(r"^(?:các|" + alternation(words) + r")(?![\p{L}])")


_PAREN = re.compile(r"\s*\([^()]*\)")
_PLACEHOLDER_COMMA = "\u0001"
_PLACEHOLDER_AND = "\u0002"


# a body's role after its name ("Sở Tài chính - Cơ quan thường trực Ban Chỉ
# đạo", "Sở Nội vụ (cơ quan thường trực)", "Văn phòng - cơ quan đầu mối"):
# the role is no part of the name
_APPOSITIVE = re.compile(r"\s+[-–]\s+(?:là\s+)?[Cc]ơ quan\s+(?:thường trực|chủ trì|đầu mối|tham mưu|giúp việc)\b.*$")


_MEMBERS = re.compile(
    r"\(\s*gồm(?:\s+có)?\s*:?\s*(?:các\s+)?(?P<head>Sở|Bộ|Phòng|Ban|Cục|Vụ|Trường)\s*:\s*(?P<list>[^()]+)\)\s*$")


def members_of(text: str) -> list[str] | None:
    """A group named with its members ("Các cơ quan tham mưu quản lý ngành
    (gồm các Sở: Xây dựng, Công Thương, Văn hóa, Thể thao và Du lịch)"): the
    members, each with the head word ("Sở Xây dựng", …, "Sở Văn hóa, Thể thao
    và Du lịch": a known name keeps its commas)."""
    m = _MEMBERS.search(text)
    if not m:
        return None
    head = m.group("head")
    parts = [p.strip(" .;") for p in m.group("list").split(",") if p.strip(" .;")]
    known = _known_folded()
    out, i = [], 0
    while i < len(parts):
        best = i
        for j in range(i + 1, len(parts)):
            if fold(f"{head} " + ", ".join(parts[i:j + 1])) in known:
                best = j
        out.append(f"{head} " + ", ".join(parts[i:best + 1]))
        i = best + 1
    return out


@functools.lru_cache(maxsize=1)
def _known_folded() -> frozenset[str]:
    return frozenset(fold(n) for n in load_list("agencies/names.txt"))


def split_agencies(text: str) -> list[str]:
    """Split a list of bodies into names, as printed (not yet normalized).

    "Sở Tư pháp, Hội đồng phối hợp phổ biến, giáo dục pháp luật thành phố,
    các quận, huyện và doanh nghiệp nhà nước" -> ["Sở Tư pháp", "Hội đồng phối
    hợp phổ biến, giáo dục pháp luật thành phố", "các quận, huyện", "doanh
    nghiệp nhà nước"]. Rules: `;` always separates; " và " separates unless
    a capitalised word that does not open a body follows ("Sở Thông tin và
    Truyền thông"); ", " separates when the next item opens a body or with
    "các", and continues the name when it is a generic noun (rules/agencies/
    attach_words.txt: "các sở, ban, ngành"); "cấp xã" after "… cấp huyện"
    repeats the body ("Ủy ban nhân dân cấp huyện, cấp xã").
    """
    members = members_of(text)
    if members:
        return members
    s = _PAREN.sub("", text)
    s = _APPOSITIVE.sub("", s)
    s = _known_names().sub(s, lambda name: name.replace(",", _PLACEHOLDER_COMMA).replace(" và ", _PLACEHOLDER_AND))
    out: list[str] = []
    for piece in re.split(r"\s*;\s*", s):
        for sub in _split_and(piece):
            out.extend(_split_commas(sub))
    names = []
    for n in out:
        n = n.replace(_PLACEHOLDER_COMMA, ",").replace(_PLACEHOLDER_AND, " và ")
        n = re.sub(r"^(?:và|hoặc|cùng)\s+", "", n.strip(), flags=re.IGNORECASE).strip(" ,;.:")
        n = re.sub(r"\s+(?:và|hoặc|cùng)$", "", n)  # a list cut after its conjunction
        if n and any(ch.isalpha() for ch in n):
            names.append(n)
    return names


@functools.lru_cache(maxsize=1)
def predicate_alternation() -> str:
    """The predicate words of task sentences (rules/tasks/predicates.txt),
    longest first, as one regex alternation; each word carries its second
    column as a negative lookahead (what follows it when it is a noun of a
    name: "tổ chức có liên quan")."""
    rows = sorted(load_table("tasks/predicates.txt"), key=lambda r: len(r[0]), reverse=True)

    def word(p: str) -> str:
        # the words after a verb's first may be capitalised: "lập Đề án"
        head, _, rest = p.partition(" ")
        return re.escape(head) + (rf" (?i:{re.escape(rest)})" if rest else "")

    return "|".join(word(r[0]) + (rf"(?!{r[1]})" if len(r) > 1 and r[1] else "") for r in rows)


@functools.lru_cache(maxsize=1)
def _verb_start():
    return re.compile(r"^(?:" + predicate_alternation() + r")(?![\p{L}])")


def _split_and(piece: str) -> list[str]:
    parts = re.split(r"\s+và\s+", piece)
    out = [parts[0]]
    for p in parts[1:]:
        first = p[:1]
        if first.islower() and _verb_start().match(p) and not starts_with_agency(p):
            # a verb cannot open a body: "Cục Quản lý xử lý vi phạm hành
            # chính và theo dõi thi hành pháp luật" is one name
            out[-1] = out[-1] + " và " + p
        elif (first.islower() and _is_attach(p) and re.match(r"(?i)^các\s", out[-1]) and "," in out[-1]
              and _is_attach(out[-1].rsplit(",", 1)[-1].strip())):
            # "Các Bộ, ngành, địa phương và đơn vị": a group of generic nouns
            # goes on ("Các sở, ngành, Liên đoàn Lao động tỉnh và địa phương"
            # ends with a name: "địa phương" is one more body)
            out[-1] = out[-1] + " và " + p
        elif first.isupper() and not starts_with_agency(p):
            out[-1] = out[-1] + " và " + p  # "Thông tin và Truyền thông"
        elif (first.islower() and has_field_word(out[-1]) and not starts_with_agency(p)
              and not _lowercase_heads().match(p)):
            out[-1] = out[-1] + " và " + p  # "… phụ trách lĩnh vực giám sát và phản biện xã hội"
        elif (first.islower() and not starts_with_agency(p) and not _lowercase_heads().match(p)
              and not _is_attach(p) and not _collective().match(p) and out[-1][:1].isupper()
              and not re.match(r"(?i)^các\s", out[-1]) and starts_with_agency(out[-1])):
            # a name whose field is a pair of common nouns: "Viện Chiến lược,
            # Chính sách tài nguyên và môi trường" is one name
            out[-1] = out[-1] + " và " + p
        else:
            out.append(p)
    return out


def _split_commas(piece: str) -> list[str]:
    items = [i for i in re.split(r"\s*,\s*", piece) if i]
    out: list[str] = []
    for it in items:
        if not out:
            out.append(it)
            continue
        low = it.lower()
        if low.startswith("cấp ") and " cấp " in " " + out[-1]:
            prefix = out[-1][: (" " + out[-1]).rfind(" cấp ")]
            out.append(f"{prefix.strip()} {it}")
        elif (it[:1].islower() and out[-1][:1].isupper() and not re.search(r"(?i)(?:^|\s)các\s", out[-1])
              and (_is_attach(it) or _collective().match(it)) and not _unit_word().match(it)
              and not any(_post_word().search(o) for o in out) and _owned_body().search(it)):
            # a generic body with its owner after a proper name: "Cục Bảo tồn
            # thiên nhiên, cơ quan chuyên môn thuộc Bộ Nông nghiệp" is two
            out.append(it)
        elif it[:1].islower():
            # lower case continues the name, unless "các …" or a person/body head
            lh = _lowercase_heads().match(it)
            if lh and (not _is_attach(it) or len(lh.group(0).split()) >= 3):
                out.append(it)  # a person or a body ("tổ chức chính trị - xã hội" is more than "tổ chức")
            else:
                out[-1] = out[-1] + ", " + it
        elif has_field_word(out[-1]) and _bare_field(it):
            # "Chuyên viên phụ trách lĩnh vực Hành chính, Văn phòng": after a
            # field of work, a bare word or two with no place is one more field
            out[-1] = out[-1] + ", " + it
        elif re.match(r"(?i)^các\s", it) or starts_with_agency(it):
            out.append(it)
        else:
            out[-1] = out[-1] + ", " + it
    return out


@functools.lru_cache(maxsize=1)
def _owned_body():
    """ "… thuộc Bộ X", "… trực thuộc Sở Y": the words that tie a generic body
    to its owner (rules/agencies/owner_words.txt)."""
    return re.compile(rf"\s(?:{alternation(load_list('agencies/owner_words.txt'))})\s+\p{{Lu}}")


@functools.lru_cache(maxsize=1)
def _post_word():
    """A post held by a person ("Thủ trưởng cơ quan ngang bộ, cơ quan thuộc
    Chính phủ": the post goes on over the comma), rules/agencies/posts.txt."""
    return re.compile(rf"(?<![\p{{L}}])(?:{alternation(load_list('agencies/posts.txt'))})(?![\p{{L}}])", re.IGNORECASE)


def _bare_field(item: str) -> bool:
    words = item.split()
    if not 1 <= len(words) <= 2 or words[0].lower() in ("các", "những"):
        return False
    return not _unit_word().search(item)


@functools.lru_cache(maxsize=1)
def _unit_word():
    """Any administrative unit type ("tỉnh", "xã", … rules/header/unit_types.tsv)."""
    return re.compile(rf"(?<![\p{{L}}])(?:{unit_type_alternation()})(?![\p{{L}}])", re.IGNORECASE)


def _is_attach(item: str) -> bool:
    low = item.lower()
    return item[:1].islower() and any(low == w or low.startswith(w + " ") for w in _attach_words())
