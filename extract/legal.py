"""References to other documents: the record's `legal_bases`.

`find_references(text, zones, footnotes)` reads every reference to another
document ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định
chi tiết …", "Luật Tiếp công dân", "Hiến pháp năm 2013") and returns one
`LegalBasis` per referenced document (SCHEMA "Legal bases").

How a reference is read, left to right from its document-type word:

    type  [số] number [(,|và) number …]  [, ngày date]  [của|do issuer]
          [ngày date]  [title]

- type: a spelling of `rules/legal/doc_types.tsv` (any case). Only Luật, Bộ
  luật, Pháp lệnh (kind `law`) may stand without a number, named ("Luật Tiếp
  công dân"); Hiến pháp is named by its year; any other type word without a
  number is generic ("Kế hoạch này", "Nghị quyết của HĐND cùng cấp").
- law names: the longest name of `rules/legal/law_names.txt` that the text
  starts with, else the capitalised words up to a stop word of
  `relations.toml` [law_name].
- issuer: "của X" / "do X", X as written (abbreviations expanded by
  `normalize_agency_name`) up to a lower-case terminator word, a comma (but
  for the names of [issuer] comma_names), "và" + a lower-case word, a
  sentence end, or the next reference. When no mention of a document names
  one, the number's code (`issuer_codes.tsv`) or the type's default
  (`doc_types.tsv`: Luật -> Quốc hội) fills it.
- title: only when the words after the issuer (or number/date) open with a
  title opener ("về", "về việc", "ban hành", "quy định", "hướng dẫn", …);
  it runs to ";", ":", a sentence end, an alias parenthetical ("(sau đây gọi
  tắt là …)"), an unmatched ")", a cutter ("gắn với"), ", " + a new reference
  or the plan's main clause (", UBND tỉnh ban hành Kế hoạch …"), " và " + a
  new numbered reference. A reference inside a title is parsed as its own
  (nested) reference; when it ends with its issuer and has no title of its
  own ("… của Nghị định số 04/2015/NĐ-CP của Chính phủ và đặt trọng tâm …"),
  the outer title ends with it.

Relations: zone "title" -> implements; zone "preamble" -> the relation of the
paragraph's opener (`relations.toml` [openers]: "Căn cứ" basis, "Thực hiện",
"Triển khai" … implements; a paragraph continued on a new line keeps it),
else cites; "body" and footnotes -> cites; "signature"/"recipients" ignored.
A reference nested in another's title is always "cites": it is what that
document is about, not what the plan invokes. Zones with other labels
("header", "closing") count as body.

Decisions on ambiguous cases:
- "Hiến pháp năm 2013": doc_type Hiến pháp, number null, title "Hiến pháp
  năm 2013" (the year is its only name, so it stays in the title and the
  merge key), date "2013"; a bare "Hiến pháp" ("Hiến pháp và pháp luật") is
  generic. A law's year is its date, not part of its name: "Luật Đất đai
  năm 2024" -> title "Luật Đất đai", date "2024".
- "Quyết định số 217-QĐ/TW và 218-QĐ/TW ngày … của …": two entries sharing
  date and issuer, title null for both (one description for two documents).
- A printed "của …" issuer from any mention beats one inferred from the code;
  an all-capitals printed issuer ("CỦA CHÍNH PHỦ") yields to the code's.
- Number: spaces removed, en/em dashes written "-", letters as printed; two
  mentions are one document when the numbers agree ignoring case.
- A law named in lower case or capitals takes its official spelling from
  law_names.txt when listed.
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import regex as re

from .agency import normalize_agency_name
from .normalize import is_label_start
from .record import LegalBasis
from .rules import alternation, load_list, load_table, load_toml, phrase_pattern

__all__ = ["find_references", "issuer_from_code"]

_RANK = {"basis": 3, "implements": 2, "cites": 1}
_IGNORED_ZONES = {"signature", "recipients"}
_L = r"\p{L}\p{M}"  # letters with their marks (text is NFC, marks are rare)
_NOT_LETTER_BEFORE = rf"(?<![{_L}\p{{N}}])"
_NOT_LETTER_AFTER = rf"(?![{_L}])"


# --------------------------------------------------------------------------
# vocabulary (rules/legal/), compiled once


@dataclass(frozen=True)
class _Type:
    doc_type: str
    kind: str  # law | constitution | numbered | skip
    default_issuer: Optional[str]


@functools.lru_cache(maxsize=65536)
def _key(s: str) -> str:
    return _WS_RE.sub(" ", unicodedata.normalize("NFC", s)).strip().casefold()




@dataclass
class _Vocab:
    types: dict
    type_re: object
    known_law_re: object
    known_law_names: dict
    amending_re: object
    law_stop: set
    law_stop2: set
    law_max_words: int
    law_not_after: tuple
    issuer_codes: list
    openers: list
    opener_re: object
    issuer_term_re: object
    issuer_term_re_ci: object
    issuer_keep_after: tuple
    comma_names_re: object
    abbreviations: set
    issuer_max_words: int
    title_opener_re: object
    title_opener_re_ci: object
    alias_re: object
    cutter_re: object
    main_clause_re: object
    generic: tuple
    generic_re: object
    closed_re: object
    closed_re_ci: object
    closed_suffix_re: object
    heads_re: object
    proposer_re: object
    law_stop_before_number: set
    list_max_words: int
    draft_before: tuple
    draft_after_re: object
    law_abbrev: list
    named_res: list
    bare_not_before_re: object
    bare_max_digits: int


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    types = {}
    for row in load_table("legal/doc_types.tsv"):
        spelling, doc_type, kind = row[0], row[1], row[2]
        default = row[3] if len(row) > 3 and row[3] not in ("", "-") else None
        types[_key(spelling)] = _Type(doc_type if doc_type != "-" else "", kind, default)
    type_re = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:{alternation(row[0] for row in load_table('legal/doc_types.tsv'))}){_NOT_LETTER_AFTER}",
        re.IGNORECASE,
    )
    names = load_list("legal/law_names.txt")
    known_law_re = re.compile(rf"(?:{alternation(names)}){_NOT_LETTER_AFTER}", re.IGNORECASE)
    cfg = load_toml("legal/relations.toml")
    law = cfg["law_name"]
    stop = set(law["stop_words"])
    issuer = cfg["issuer"]
    title = cfg["title"]
    openers = []
    for relation, phrases in cfg["openers"].items():
        openers.extend((p, relation) for p in phrases)
    openers.sort(key=lambda o: len(o[0]), reverse=True)
    opener_re = re.compile(
        rf"(?:{'|'.join(f'(?P<o{i}>{phrase_pattern(p)})' for i, (p, _) in enumerate(openers))}){_NOT_LETTER_AFTER}",
        re.IGNORECASE,
    )
    codes = [(re.compile(rf"(?:{pat})", re.IGNORECASE), name) for pat, name, *_ in load_table("legal/issuer_codes.tsv")]
    verbs = alternation(title["main_clause_verbs"])
    objects = alternation(title["main_clause_objects"])
    main_clause = re.compile(
        rf",\s+\p{{Lu}}[^\n,;.:()]{{0,{8 * int(title['main_clause_max_words'])}}}?\s(?:{verbs})\s+(?:{objects}){_NOT_LETTER_AFTER}"
    )
    cutters = [c for c in title["cutters"]]
    # closed issuer names: the list, the bodies of issuer_codes.tsv (but those
    # with sub-units named after them) and their ministers
    closed = list(issuer["closed_names"])
    skip_closed = set(issuer.get("closed_codes_except", []))
    for _pat, name, *_ in load_table("legal/issuer_codes.tsv"):
        if name in skip_closed or name in closed:
            continue
        closed.append(name)
        if name.startswith("Bộ "):
            closed.append("Bộ trưởng " + name)
    return _Vocab(
        types=types,
        type_re=type_re,
        known_law_re=known_law_re,
        known_law_names={_key(n): n for n in names},
        amending_re=re.compile(law["amending"], re.IGNORECASE),
        law_stop={w for w in stop if " " not in w},
        law_stop2={w for w in stop if " " in w},
        law_max_words=int(law["max_words"]),
        law_not_after=tuple(_key(w) for w in law["not_after"]),
        issuer_codes=codes,
        openers=openers,
        opener_re=opener_re,
        issuer_term_re=re.compile(rf"(?:{alternation(issuer['terminators'])}|(?i:{alternation(issuer.get('terminators_any_case', ['về việc']))})){_NOT_LETTER_AFTER}"),
        issuer_term_re_ci=re.compile(rf"(?:{alternation(issuer['terminators'])}){_NOT_LETTER_AFTER}", re.IGNORECASE),
        issuer_keep_after=tuple(issuer["keep_after"]),
        comma_names_re=re.compile(rf"(?:{alternation(issuer['comma_names'])}){_NOT_LETTER_AFTER}", re.IGNORECASE),
        abbreviations=set(issuer["abbreviations"]),
        issuer_max_words=int(issuer["max_words"]),
        title_opener_re=re.compile(rf"(?:{alternation(title['openers'])}){_NOT_LETTER_AFTER}"),
        title_opener_re_ci=re.compile(rf"(?:{alternation(title['openers'])}){_NOT_LETTER_AFTER}", re.IGNORECASE),
        alias_re=re.compile("|".join(f"(?:{a})" for a in title["alias"]), re.IGNORECASE),
        cutter_re=re.compile(rf"(?:{alternation(cutters)}){_NOT_LETTER_AFTER}"),
        main_clause_re=main_clause,
        generic=tuple(_key(p) for p in cfg["generic"]["phrases"]),
        generic_re=re.compile(rf"(?:{alternation(cfg['generic']['phrases'])}){_NOT_LETTER_AFTER}", re.IGNORECASE),
        closed_re=re.compile(rf"(?:{alternation(closed)}){_NOT_LETTER_AFTER}"),
        closed_re_ci=re.compile(rf"(?:{alternation(closed)}){_NOT_LETTER_AFTER}", re.IGNORECASE),
        closed_suffix_re=re.compile(issuer["closed_suffix"]),
        heads_re=re.compile(rf"(?:{alternation(issuer['heads'])}){_NOT_LETTER_AFTER}"),
        proposer_re=re.compile(issuer["proposer"], re.IGNORECASE),
        law_stop_before_number=set(law["stop_before_number"]),
        list_max_words=int(law["list_max_words"]),
        draft_before=tuple(_key(w) for w in law["draft_before"]),
        draft_after_re=re.compile(law["draft_after"], re.IGNORECASE),
        law_abbrev=[(re.compile(rf"{_NOT_LETTER_BEFORE}{re.escape(a)}{_NOT_LETTER_AFTER}"), x)
                    for a, x in sorted(law["abbreviations"].items(), key=lambda kv: -len(kv[0]))],
        named_res=[re.compile(pat) for pat in cfg["named"]["patterns"]],
        bare_not_before_re=re.compile(rf"\s+(?:{alternation(cfg['numbers']['bare_not_before'])})(?![{_L}])", re.IGNORECASE),
        bare_max_digits=int(cfg["numbers"]["bare_max_digits"]),
    )


# numbers: "59/2023/NĐ-CP", "593-QĐ/TU", "34/2007/PL-UBTVQH11", "54"
# a code segment opens with a capital or a digit ("ThU", "CTr", "QĐi", "2023"), so
# "12/QĐ-UBND - về việc" stops before "về"; not \p{N}: a footnote mark "¹"
# is no part of a number
_SEG = r"[\p{Lu}0-9][\p{L}\p{M}0-9&]*"
# a serial may carry one lower-case letter before its code ("5762a/QĐ-SLĐTBXH")
_NUM = rf"\d+(?:[a-zđ](?=[ ]?[/\-–—]))?(?:[ ]?[/\-–—][ ]?{_SEG})*"
_NUM_RE = re.compile(_NUM)
_SO_RE = re.compile(rf"\s*(?:số|so)\s*[:.]?\s*(?={_NUM})", re.IGNORECASE)
_BARE_CODE_RE = re.compile(r"\s+(?=\d+[ ]?[/\-–—])")
_LIST_SEP_RE = re.compile(r"\s*(?:,|và|&)\s*(?:(?:số|so)\s*)?", re.IGNORECASE)
_DATE_RE = re.compile(
    r"\s*,?\s*(?:ban\s+hành\s+|thông\s+qua\s+)?ngày\s+(?:"
    r"(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s+năm\s+(?P<y2>\d{4}))(?!\d)",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"\s*,?\s*(?:năm\s+)?(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"|\s*\(\s*(?:năm\s+)?(?P<y2>(?:19|20)\d{2})\s*\)",  # "Luật Khoa học và Công nghệ (2013)"
    re.IGNORECASE,
)
_BARE_NUM_RE = re.compile(r"\s+(?P<n>\d{1,4})(?=\s*[,;.)]|\s+[\p{Ll}])")
_ABBR_PAREN_RE = re.compile(r"\s*\([\p{Lu}\p{N}&.\-]{2,15}\)")  # "của Bộ Giáo dục và Đào tạo (GDĐT)"
_JOINT_SEP_RE = re.compile(r"\s*,\s*|\s+và\s+")
_CAMEL_RE = re.compile(r"(?<=\p{Ll}{2})(?=\p{Lu}\p{Ll})")  # "Bộ trưởngBộ Giáo dục": a lost space
_ISSUER_INTRO_RE = re.compile(r"\s*,?\s*(?:của|do)\s+(?=\S)", re.IGNORECASE)
_PASSED_BY_RE = re.compile(  # "được Quốc hội khóa XV thông qua ngày 10/11/2022"
    r"\s*,?\s*(?:đã\s+)?được\s+(?P<who>Quốc\s+hội|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội)"
    r"[^;\n()]{0,60}?\s(?=thông\s+qua)",
    re.IGNORECASE,
)
_WS_RE = re.compile(r"\s+")


def _iso(y: str, m: str, d: str) -> Optional[str]:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat() if 1900 <= int(y) <= 2100 else None
    except ValueError:  # "31/2/2020", "12/13/2020"
        return None


def _date_at(text: str, pos: int) -> Optional[tuple[Optional[str], int]]:
    """(ISO date or None when invalid, end) of a "ngày …" date at `pos`."""
    m = _DATE_RE.match(text, pos)
    if not m:
        return None
    return _iso(m["y"] or m["y2"], m["m"] or m["m2"], m["d"] or m["d2"]), m.end()


def _clean_number(s: str) -> str:
    from .normalize import repair_number_code

    return repair_number_code(re.sub(r"\s+", "", s).replace("–", "-").replace("—", "-"))


def _has_code(number: str) -> bool:
    return bool(re.search(r"[/\-]", number)) and bool(re.search(r"\p{L}", number))


def issuer_from_code(number: Optional[str]) -> Optional[str]:
    """The body a document number's code names, if it names exactly one.

    "59/2023/NĐ-CP" -> "Chính phủ"; "03/2016/TTLT-BNV-BTC" -> "Bộ Nội vụ và
    Bộ Tài chính"; "49-NQ/TU", "12/QĐ-UBND" -> None.
    """
    if not number:
        return None
    v = _vocab()
    tokens = [t for t in re.split(r"[/\-]", number) if t and not t.isdigit()]
    found: list[str] = []
    for tok in tokens:
        for pat, name in v.issuer_codes:
            if pat.fullmatch(tok):
                if name not in found:
                    found.append(name)
                break
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + " và " + found[-1]


# --------------------------------------------------------------------------
# one reference


@dataclass
class _Ref:
    start: int
    end: int
    doc_type: str
    kind: str
    numbers: list
    date: Optional[str] = None
    issuer: Optional[str] = None  # as printed after "của"/"do"
    title: Optional[str] = None
    nested: list = field(default_factory=list)
    draft: bool = False  # a bill ("xây dựng Luật …", "Luật … (sửa đổi)"): no entry


def _is_word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or unicodedata.category(text[i - 1]).startswith("M"))


def _skip_ws(text: str, i: int, limit: int) -> int:
    while i < limit and text[i] in " \t":
        i += 1
    return i


class _Parser:
    """Parses the references of one text (body or one footnote)."""

    def __init__(self, text: str):
        self.text = text
        self.v = _vocab()
        self.heads = {}
        for m in self.v.type_re.finditer(text):
            inner = self._inner_head(m)
            self.heads[m.start() if inner is None else inner.start()] = m if inner is None else inner
        self.memo: dict[int, Optional[_Ref]] = {}

    def _inner_head(self, m):
        """A lower-case multi-word head ("đồng bộ Luật …" read as "bộ Luật")
        whose last word is itself a type word: the type is that last word."""
        word = m.group(0)
        if word[:1].isupper() or " " not in word:
            return None
        last = word.rsplit(" ", 1)[1]
        if not last[:1].isupper():
            return None
        inner = self.v.type_re.match(self.text, m.start() + len(word) - len(last))
        return inner

    # -- helpers -----------------------------------------------------------

    def _sentence_end(self, j: int) -> bool:
        t = self.text
        if t.startswith("...", j) or t.startswith("./.", j):
            return True
        nxt = t[j + 1] if j + 1 < len(t) else ""
        if nxt and nxt not in " \n\t":
            return False
        w = re.search(rf"([{_L}.]+)$", t[max(0, j - 12):j])
        if w and w.group(1) in self.v.abbreviations:
            return False
        return True

    def _continues_on_next_line(self, j: int, limit: int) -> Optional[int]:
        """`text[j]` is a newline: the position the paragraph resumes at when the
        next line continues it (starts lower case or with a date's digits)."""
        t = self.text
        k = _skip_ws(t, j + 1, limit)
        if k >= limit:
            return None
        line = t[k:t.find("\n", k) if t.find("\n", k) != -1 else len(t)]
        if is_label_start(line):
            return None
        if t[k].islower() or (t[k].isdigit() and re.match(r"\d{1,2}\s*(?:tháng|/)", line)):
            return k
        return None

    def _after_blocker(self, i: int) -> bool:
        """Is the law word at `i` preceded by "pháp" ("pháp luật") or
        "dự thảo" (a draft is no law yet)?"""
        prev = _key(self.text[max(0, i - 24):i])
        return any(re.search(rf"(?:^|[^{_L}]){re.escape(w)}$", prev) for w in self.v.law_not_after)

    def _starts_reference(self, i: int, numbered: bool = False) -> bool:
        """Does a reference start at `i`? A shallow look (type word, then a
        number or a law's name), so that looking ahead never recurses."""
        head = self.heads.get(i)
        if head is None:
            return False
        typ = self.v.types.get(_key(head.group(0)))
        if typ is None or typ.kind == "skip":
            return False
        t, p = self.text, head.end()
        if _SO_RE.match(t, p):
            return True
        m = _BARE_CODE_RE.match(t, p)
        if m and _has_code(_NUM_RE.match(t, m.end()).group(0)):
            return True
        if numbered or typ.kind == "numbered":
            return False
        if self._after_blocker(i):
            return False
        if typ.kind == "constitution":
            return bool(_YEAR_RE.match(t, p))
        return self._law_name(head, typ.kind)[0] is not None

    # -- issuer ------------------------------------------------------------

    def _scan_issuer(self, i: int, limit: int, caps: bool = False, joint: bool = False) -> int:
        t, v = self.text, self.v
        term_re = v.issuer_term_re_ci if caps else v.issuer_term_re
        keep = tuple(k.upper() for k in v.issuer_keep_after) if caps else v.issuer_keep_after
        j, words = i, 0
        while j < limit:
            c = t[j]
            if c == "," and joint:  # "… của Ủy ban Thường vụ Quốc hội, Chính phủ và …"
                k = _skip_ws(t, j + 1, limit)
                if v.heads_re.match(t, k) and not self._starts_reference(k):
                    j += 1
                    continue
            if c in ",;:()[]\"“”\n|":
                break
            if c == "." and self._sentence_end(j):
                break
            if _is_word_start(t, j) and (c.isalnum()):
                m = v.comma_names_re.match(t, j)
                if m:
                    j = m.end()
                    words += 1
                    continue
                if j > i:
                    m = term_re.match(t, j)
                    if m and not t[i:j].rstrip().endswith(keep):
                        break
                    if re.match(rf"và{_NOT_LETTER_AFTER}", t[j:j + 3]):
                        k = _skip_ws(t, j + 2, limit)
                        if k >= limit or t[k].islower() or not t[k].isalpha() or self._starts_reference(k):
                            break
                    if self._starts_reference(j):
                        break
                words += 1
                if words > v.issuer_max_words:
                    break
            j += 1
        return j

    # -- title -------------------------------------------------------------

    def _scan_title(self, i: int, limit: int, depth: int, nested: list) -> int:
        t, v = self.text, self.v
        j, paren = i, 0
        while j < limit:
            c = t[j]
            if c in ";:…|":
                break
            if c == "\n":
                k = self._continues_on_next_line(j, limit)
                if k is None:
                    break
                j = k
                continue
            if c == "." and self._sentence_end(j):
                break
            if c == "(":
                if v.alias_re.match(t, j):
                    break
                paren += 1
            elif c == ")":
                if paren == 0:
                    break
                paren -= 1
            elif c == ",":
                if v.main_clause_re.match(t, j):
                    break
                k = _skip_ws(t, j + 1, limit)
                if self._starts_reference(k) and not (
                    # "… của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, …": a list of
                    # unnumbered laws inside the title (the laws an amending law amends)
                    nested and nested[-1].kind == "law" and not nested[-1].numbers
                    and _skip_ws(t, nested[-1].end, limit) == j and self._unnumbered_law_at(k)
                ):
                    break
            if v.cutter_re.match(t, j) and (c in ",;" or _is_word_start(t, j)):
                break
            if _is_word_start(t, j) and c.isalpha():
                if re.match(rf"và{_NOT_LETTER_AFTER}", t[j:j + 3]):
                    k = _skip_ws(t, j + 2, limit)
                    if self._starts_reference(k, numbered=True):
                        break
                if j in self.heads and depth < 4:
                    sub = self.parse(j, depth + 1)
                    if sub is not None:
                        nested.append(sub)
                        j = sub.end
                        if sub.issuer and not sub.title:
                            break
                        continue
            j += 1
        return j

    # -- law names ---------------------------------------------------------

    def _unnumbered_law_at(self, k: int) -> bool:
        head = self.heads.get(k)
        if head is None or self.v.types.get(_key(head.group(0)), _Type("", "", None)).kind != "law":
            return False
        p = head.end()
        return not _SO_RE.match(self.text, p) and not _BARE_CODE_RE.match(self.text, p)

    def _law_name(self, head, kind: str) -> tuple[Optional[int], list]:
        """End of the law's name starting at the head (None: no name), and
        for an amending law the spans of the laws it amends."""
        t, v = self.text, self.v
        start = head.start()
        m = v.known_law_re.match(t, start)
        am = v.amending_re.match(t, start)
        if am:
            k = am.end()
            end = self._law_name_at(k)
            targets = [(k, end)] if end is not None else []
            while end is not None:  # "… của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"
                sep = re.match(r"(?:\s*,\s*|\s+và\s+)", t[end:end + 6])
                if not sep:
                    break
                more = self._law_name_at(end + sep.end())
                if more is None:
                    break
                targets.append((end + sep.end(), more))
                end = more
            return end, targets
        if m:
            return m.end(), []
        if kind != "law" or not head.group(0)[0].isupper():
            return None, []
        return self._heuristic_name(head), []

    def _law_name_at(self, k: int) -> Optional[int]:
        """End of a (known or capitalised) law name starting at `k`."""
        m = self.v.known_law_re.match(self.text, k)
        if m:
            return m.end()
        head = self.heads.get(k)
        if head is not None and self.v.types.get(_key(head.group(0)), _Type("", "", None)).kind == "law":
            if head.group(0)[0].isupper():
                return self._heuristic_name(head)
        return None

    def _heuristic_name(self, head) -> Optional[int]:
        t, v = self.text, self.v
        j = head.end()
        if j >= len(t) or t[j] != " ":
            return None
        k = j + 1
        if k >= len(t) or not t[k].isupper():
            return None
        end = head.end()
        words = 0
        caps = head.group(0).isupper()
        for wm in re.finditer(rf"\G( )([{_L}]+(?:-[{_L}]+)?)", t, pos=j):
            w = wm.group(2)
            nxt = re.match(rf" ([{_L}]+)", t[wm.end():wm.end() + 20])
            pair = f"{w} {nxt.group(1)}" if nxt else ""
            if caps:  # "LUẬT … NĂM 2024": the stop words in capitals
                w, pair = w.lower(), pair.lower()
            if words > 0 and (w in v.law_stop or pair in v.law_stop2):
                break
            if words > 0 and w in v.law_stop_before_number and re.match(r"\s*[:.]?\s*\d", t[wm.end():wm.end() + 4]):
                break
            if words > 0 and wm.start(2) in self.heads:
                break
            end = wm.end()
            words += 1
            if words >= v.law_max_words:
                break
        if words == 0:
            return None
        if not caps:
            end = self._list_item_end(head.start(), end)
        name = t[head.start():end]
        if _key(name) in self.v.generic:
            return None
        return end

    _LAW_HEAD = r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s+\p{Lu}"

    def _list_item_end(self, start: int, end: int) -> int:
        """A name cut at "và" or "," that is one item of a list of laws runs
        on to the item's end (relations.toml [law_name] list_max_words)."""
        t, v = self.text, self.v
        before = t[max(0, start - 160):start]
        in_list = bool(re.search(rf"{self._LAW_HEAD}[^;.:\n()]*?(?:[,;]|\s+và)\s*$", before))
        j, words, best = end, 0, end
        while words < v.list_max_words:
            sep = re.match(r"\s*,\s*|\s+và\s+", t[j:j + 8])
            if not sep:
                break
            k = j + sep.end()
            if re.match(self._LAW_HEAD, t[k:k + 16]):
                break  # the next item
            ok = False
            while words < v.list_max_words:
                wm = re.match(rf"([{_L}]+)(?= |[,;.)\n]|$)", t[k:k + 30])
                if not wm or not wm.group(1)[0].islower():
                    break
                w = wm.group(1)
                nxt = re.match(rf" ([{_L}]+)", t[k + wm.end():k + wm.end() + 20])
                if w in v.law_stop or (nxt and f"{w} {nxt.group(1)}" in v.law_stop2) or (k in self.heads):
                    break
                k += wm.end()
                words += 1
                ok = True
                rest = t[k:k + 20]
                if re.match(rf"\s*[,;]\s*{self._LAW_HEAD}|\s+và\s+{self._LAW_HEAD}", rest) or (
                    in_list and (re.match(r"\s*(?:;|\.(?:\s|$)|\n|$)", rest))
                ):
                    best = k
                    break
                if not t.startswith(" ", k):
                    break
                k += 1
            if not ok or best > j:
                break
            j = k
        return best

    # -- one reference -----------------------------------------------------

    def parse(self, i: int, depth: int = 0) -> Optional[_Ref]:
        if i in self.memo:
            return self.memo[i]
        self.memo[i] = None  # guards recursion
        ref = self._parse(i, depth)
        self.memo[i] = ref
        return ref

    def _parse(self, i: int, depth: int) -> Optional[_Ref]:
        t, v = self.text, self.v
        head = self.heads[i]
        typ = v.types.get(_key(head.group(0)))
        if typ is None or typ.kind == "skip":
            return None
        if typ.kind in ("law", "constitution") and self._after_blocker(i):
            return None
        if v.generic_re.match(t, i):
            return None

        pos = head.end()
        numbers: list[str] = []
        title_name: Optional[str] = None
        caps = head.group(0).isupper()  # "CĂN CỨ NGHỊ ĐỊNH SỐ … CỦA CHÍNH PHỦ VỀ …"

        def read_numbers(p: int) -> int:
            m = _SO_RE.match(t, p)
            if m:
                n = _NUM_RE.match(t, m.end())
                numbers.append(_clean_number(n.group(0)))
                p = n.end()
            else:
                m = _BARE_CODE_RE.match(t, p)
                if not m:
                    return p
                n = _NUM_RE.match(t, m.end())
                if not _has_code(n.group(0)):
                    return p
                numbers.append(_clean_number(n.group(0)))
                p = n.end()
            while True:  # "217-QĐ/TW và 218-QĐ/TW", "10-NQ/TW, 11-NQ/TW" (coded numbers only)
                s = _LIST_SEP_RE.match(t, p)
                if not s:
                    break
                n = _NUM_RE.match(t, s.end())
                if not n or not _has_code(n.group(0)):
                    break
                numbers.append(_clean_number(n.group(0)))
                p = n.end()
            return p

        kind = typ.kind
        targets: list = []
        draft = False
        if kind in ("law", "constitution"):
            pos = read_numbers(pos)
            if not numbers:
                name_end, targets = self._law_name(head, kind)
                if name_end is not None:
                    title_name = t[i:name_end]
                    da = v.draft_after_re.match(t, name_end)
                    if da and kind == "law":  # "Luật Năng lượng nguyên tử (sửa đổi)"
                        draft = True
                        name_end = da.end() if t[da.start():da.end()].lstrip().startswith("(") else name_end
                    pos = read_numbers(name_end)
            if kind == "law" and self._after_draft_word(i):
                draft = True
        else:
            pos = read_numbers(pos)
            if not numbers and not caps and head.group(0)[:1].isupper():
                # "Đề án 06", "Chỉ thị 18": a bare serial, not a year or a count
                b = _BARE_NUM_RE.match(t, pos)
                if (b and len(b["n"]) <= v.bare_max_digits and not re.fullmatch(r"(?:19|20)\d\d", b["n"])
                        and not v.bare_not_before_re.match(t, b.end())):
                    numbers.append(b["n"])
                    pos = b.end()
            if not numbers:
                for nre in v.named_res:  # "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, …"
                    nm = nre.match(t, i)
                    if nm:
                        title_name, kind, pos = nm.group(0), "named", nm.end()
                        break
            if not numbers and title_name is None:
                return None

        date = None
        d = _date_at(t, pos)
        if d:
            date, pos = d
        elif kind in ("law", "constitution"):
            m = _YEAR_RE.match(t, pos)
            if m:
                date = m["y"] or m["y2"]
                if kind == "constitution":
                    title_name = f"{typ.doc_type} năm {date}"
                pos = m.end()

        if kind == "constitution" and not (title_name and re.search(r"\d{4}$", title_name)):
            return None  # "Hiến pháp và pháp luật": no particular constitution
        if kind == "law" and not numbers and not title_name:
            return None

        issuer = None
        m = _PASSED_BY_RE.match(t, pos)
        if m:
            issuer = _WS_RE.sub(" ", m["who"])
            d = _date_at(t, m.end())
            if d:
                date, pos = date or d[0], d[1]
        joint = "liên" in _key(head.group(0)) or any(
            re.search(r"(?:^|[/\-])(?:NQLT|TTLT|QĐLT|HDLT|CTLT|KHLT)(?:$|[/\-])", n, re.IGNORECASE) for n in numbers)
        m = _ISSUER_INTRO_RE.match(t, pos)
        if m and issuer is None:
            end = self._issuer_end(m.end(), caps, joint)
            raw = t[m.end():end].strip(" ,.;:-–|")
            if raw and raw[0].isupper():
                issuer = _CAMEL_RE.sub(" ", raw)
                pos = end
                if m.group(0).strip(" ,").casefold().startswith("do"):
                    # "do UBND tỉnh ban hành": the verb belongs to the "do" clause
                    b = re.match(r"\s*(?:ban\s+hành|thông\s+qua|phê\s+duyệt)(?![\p{L}\p{M}])", t[pos:pos + 30], re.IGNORECASE)
                    if b:
                        pos += b.end()
                a = _ABBR_PAREN_RE.match(t, pos)  # "của Bộ Giáo dục và Đào tạo (GDĐT) ngày …"
                if a and (date is None or _date_at(t, a.end()) is None):
                    pos = a.end()
                if date is None:  # "… của UBND huyện ngày 4/4/2024"
                    d = _date_at(t, pos)
                    if d:
                        date, pos = d
        elif issuer is None and date is not None and kind != "law":
            # "Nghị quyết số 57-NQ/TW ngày 22/12/2024 Bộ Chính trị về …": a lost "của"
            k = pos
            while k < len(t) and t[k] in " \t\n":
                k += 1
            cm = (v.closed_re_ci if caps else v.closed_re).match(t, k)
            if cm and k > pos and not self._starts_reference(k):
                issuer, pos = _WS_RE.sub(" ", cm.group(0)), cm.end()

        ref = _Ref(start=i, end=pos, doc_type=typ.doc_type, kind=kind, numbers=numbers, date=date, issuer=issuer,
                   draft=draft)
        for ts, te in targets:  # the laws an amending law amends
            th = self.heads.get(ts)
            ttyp = v.types.get(_key(th.group(0))) if th is not None else None
            ref.nested.append(_Ref(start=ts, end=te, doc_type=ttyp.doc_type if ttyp else "Luật", kind="law",
                                   numbers=[], title=self._law_display_name(t[ts:te])))
        if title_name is not None:
            ref.title = self._law_display_name(title_name) if kind != "named" else _WS_RE.sub(" ", title_name).strip()
            while ref.end > i and t[ref.end - 1] in " ,;:\n\t":
                ref.end -= 1
            return ref

        k = _skip_ws(t, pos, len(t))
        if k < len(t) and t[k] == "\n":
            k2 = self._continues_on_next_line(k, len(t))
            k = k2 if k2 is not None else k
        if (v.title_opener_re_ci if caps else v.title_opener_re).match(t, k):
            end = self._scan_title(k, len(t), depth, ref.nested)
            title = _WS_RE.sub(" ", t[k:end]).strip(" ,;:.-–|")
            if title:
                ref.title = title
                ref.end = end
        while ref.end > i and t[ref.end - 1] in " ,;:\n\t":
            ref.end -= 1
        return ref

    def _after_draft_word(self, i: int) -> bool:
        """Is the law word at `i` preceded by a drafting word ("xây dựng Luật
        …", "dự án Luật …"): a bill, not a law yet?"""
        prev = _key(self.text[max(0, i - 24):i])
        return any(re.search(rf"(?:^|[^{_L}]){re.escape(w)}$", prev) for w in self.v.draft_before)

    def _issuer_end(self, i: int, caps: bool, joint: bool) -> int:
        """End of the issuer starting at `i`: a closed name ends with itself
        (and its term), any other runs as `_scan_issuer` reads it; a joint
        document's bodies, after "," / "và", are read one after the other."""
        t, v = self.text, self.v
        j = i
        while True:
            cm = (v.closed_re_ci if caps else v.closed_re).match(t, j)
            if cm:
                e = cm.end()
                sfx = v.closed_suffix_re.match(t, e)
                if sfx:
                    e = sfx.end()
            else:
                e = self._scan_issuer(j, len(t), caps, joint)
            c = _JOINT_SEP_RE.match(t, e)
            if (c and (cm or joint) and (joint or "," not in c.group(0))
                    and v.heads_re.match(t, c.end()) and not self._starts_reference(c.end())):
                j = c.end()
                continue
            return e

    def _law_display_name(self, name: str) -> str:
        name = _WS_RE.sub(" ", name).strip()
        letters = [c for c in name if c.isalpha()]
        if letters and (letters[0].islower() or all(c.isupper() for c in letters)):
            # "LUẬT ĐẤT ĐAI", "luật đất đai": the official spelling when known
            known = self.v.known_law_names.get(_key(name))
            if known:
                return known
        return name

    # -- all references ----------------------------------------------------

    def top_level(self, skip=lambda pos: False) -> list[_Ref]:
        refs: list[_Ref] = []
        covered = -1
        for start in sorted(self.heads):
            if start < covered or skip(start):
                continue
            ref = self.parse(start)
            if ref is None:
                continue
            refs.append(ref)
            covered = ref.end
        return refs


# --------------------------------------------------------------------------
# relations, mentions, merging


@dataclass
class _Mention:
    relation: str
    doc_type: str
    kind: str
    number: Optional[str]
    date: Optional[str]
    issuer: Optional[str]
    title: Optional[str]
    text: str
    span: Optional[tuple[int, int]]
    draft: bool = False  # a bill the plan drafts: no entry of its own


def _flatten(ref: _Ref, relation: str, text: str, with_span: bool) -> list[_Mention]:
    out = []
    numbers = ref.numbers or [None]
    shared_title = ref.title if len(numbers) == 1 or ref.kind in ("law", "constitution") else None
    for n in numbers:
        out.append(
            _Mention(
                relation=relation,
                doc_type=ref.doc_type,
                kind=ref.kind,
                number=n,
                date=ref.date,
                issuer=ref.issuer,
                title=shared_title,
                text=text[ref.start:ref.end],
                span=(ref.start, ref.end) if with_span else None,
                draft=ref.draft,
            )
        )
    for sub in ref.nested:
        out.extend(_flatten(sub, "cites", text, with_span))
    return out


def _opener_relation(line: str) -> Optional[str]:
    v = _vocab()
    s = re.sub(r"^\s*(?:[-+–•*]|\d+[.)]|[a-zđ]\))\s*", "", line)
    m = v.opener_re.match(s)
    if not m:
        return None
    for name, val in m.groupdict().items():
        if val is not None:
            return v.openers[int(name[1:])][1]
    return None


def _preamble_relation(text: str, pos: int, zone_start: int) -> str:
    ls = text.rfind("\n", 0, pos) + 1
    while True:
        le = text.find("\n", ls)
        line = text[ls:le if le != -1 else len(text)]
        rel = _opener_relation(line)
        if rel:
            return rel
        first = line.lstrip()[:1]
        if ls <= zone_start or not first or not (first.islower() or first.isdigit()):
            return "cites"
        ls = text.rfind("\n", 0, ls - 1) + 1


def _zone_at(zones: Sequence[tuple[int, int, str]], pos: int) -> tuple[str, int]:
    for s, e, label in zones:
        if s <= pos < e:
            return label, s
    return "body", 0


def _merge(mentions: list[_Mention]) -> list[LegalBasis]:
    entries: list[dict] = []
    by_number: dict = {}
    by_title: dict = {}
    for m in mentions:
        if m.draft and not m.number:
            # a law the plan drafts ("xây dựng Luật …", "Luật … (sửa đổi)") is
            # no reference; the law in force, named elsewhere, still is
            continue
        tkey = (m.doc_type, _key(m.title)) if m.title and m.kind in ("law", "constitution", "named") else None
        idx = None
        if m.number:
            nkey = (m.doc_type, m.number.casefold())
            idx = by_number.get(nkey)
            if idx is None and tkey and tkey in by_title and entries[by_title[tkey]]["number"] is None:
                idx = by_title[tkey]
        elif tkey:
            idx = by_title.get(tkey)
        if idx is None:
            if not m.number and not tkey:
                continue
            entries.append(
                dict(relation=m.relation, doc_type=m.doc_type, kind=m.kind, number=m.number, date=m.date,
                     issuer=m.issuer, title=m.title, text=m.text, span=m.span)
            )
            idx = len(entries) - 1
        else:
            e = entries[idx]
            if _RANK[m.relation] > _RANK[e["relation"]]:
                e["relation"] = m.relation
            for f in ("number", "date", "issuer", "title"):
                if e[f] is None and getattr(m, f) is not None:
                    e[f] = getattr(m, f)
        e = entries[idx]
        if e["number"]:
            by_number.setdefault((e["doc_type"], e["number"].casefold()), idx)
        if tkey:
            by_title.setdefault(tkey, idx)
    v = _vocab()
    defaults = {t.doc_type: t.default_issuer for t in v.types.values() if t.default_issuer}
    out = []
    for e in entries:
        inferred = issuer_from_code(e["number"]) or defaults.get(e["doc_type"])
        issuer = e["issuer"]
        if issuer:
            letters = [c for c in issuer if c.isalpha()]
            if inferred and all(c.isupper() for c in letters):
                issuer = None  # "CỦA CHÍNH PHỦ": the code's spelling, not the capitals
            else:
                issuer = normalize_agency_name(issuer) or None
        if not issuer:
            issuer = inferred
        out.append(
            LegalBasis(
                relation=e["relation"], doc_type=e["doc_type"], number=e["number"], date=e["date"],
                issuer=issuer, title=e["title"], text=e["text"], span=e["span"],
            )
        )
    return out


def find_references(
    text: str,
    zones: Sequence[tuple[int, int, str]] = (),
    footnotes: Iterable[tuple[str, str]] = (),
) -> list[LegalBasis]:
    """Every document the plan refers to, one `LegalBasis` per document.

    `text`: the document's normalized (NFC) text, which spans index;
    `zones`: (start, end, label) spans of it, labels "title", "preamble",
    "body", "signature", "recipients" (text outside every zone, or in a zone
    of another label, counts as body); `footnotes`:
    (marker, text) pairs, whose references are "cites" with span None.
    Mentions of one document are merged (key: doc_type + number, or doc_type
    + name for unnumbered laws, an unnumbered mention joining a numbered
    law of the same name): strongest relation, first mention's title, span
    and text; later mentions fill what is still null.
    """
    text = unicodedata.normalize("NFC", text)
    zones = sorted(zones, key=lambda z: (z[0], z[1]))
    parser = _Parser(text)
    mentions: list[_Mention] = []
    for ref in parser.top_level(skip=lambda p: _zone_at(zones, p)[0] in _IGNORED_ZONES):
        label, zstart = _zone_at(zones, ref.start)
        if label == "title":
            relation = "implements"
        elif label == "preamble":
            relation = _preamble_relation(text, ref.start, zstart)
        else:
            relation = "cites"
        mentions.extend(_flatten(ref, relation, text, with_span=True))
    mentions.sort(key=lambda m: m.span[0] if m.span else 0)
    for _marker, note in footnotes:
        note = unicodedata.normalize("NFC", note)
        fp = _Parser(note)
        for ref in fp.top_level():
            mentions.extend(_flatten(ref, "cites", note, with_span=False))
    return _merge(mentions)


def without_self(refs: list[LegalBasis], doc_type: Optional[str], number: Optional[str]) -> list[LegalBasis]:
    """The references without the plan itself: an appendix headed "(Kèm theo
    Kế hoạch số 362/KH-SGDĐT ngày …)" or a decision's annex naming the
    decision is the document, not a document it refers to (same type and
    number as the record's own header)."""
    if not number:
        return refs
    own = (doc_type, _WS_RE.sub("", number).casefold())
    return [r for r in refs if not (r.number and (r.doc_type, _WS_RE.sub("", r.number).casefold()) == own)]

