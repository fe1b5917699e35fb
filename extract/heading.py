"""The form of a document's head: its type heading and title, its number and
place/date lines, the motto, the words that open a preamble or a body.

One owner for "where is the type heading, and which lines are the title":
`segment` asks `locate` to cut the title zone, and `header` reads the
document's type and title from the segments instead of finding them a
second time. The number, date and motto readers are shared by both and by
the closing-zone readers of `header`.

Works on the *lines* of a document: its paragraphs, with a table row's
cells as lines of their own (`lines`, `line_paragraphs`), letter-spaced
words of the head repaired (`head_lines`).
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass

import regex as re

from . import gazetteer as gz
from .agency import expand_abbreviations
from .document import Document
from .normalize import normalize_line, repair_number_code, repair_spacing
from .rules import alternation, load_list, load_table, load_toml


def lines(doc: Document) -> list[str]:
    """The document's lines: a paragraph each, a table row's cells each."""
    return [line for line, _ in _lines_with_paragraphs(doc)]


def line_paragraphs(doc: Document) -> list[int]:
    """For each line of `lines(doc)`, the index of its paragraph."""
    return [i for _, i in _lines_with_paragraphs(doc)]


def _lines_with_paragraphs(doc: Document) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for i, p in enumerate(doc.paragraphs):
        if p.style == "table-row":
            out.extend((c.strip(), i) for c in p.text.split(" | ") if c.strip())
        else:
            out.append((p.text, i))
    return out


def head_lines(doc: Document) -> list[str]:
    """`lines(doc)` with the letter-spaced words of a bad conversion repaired
    in the header and title lines (up to the first signature or recipients
    line)."""
    out = lines(doc)
    hmax = int(_cfg().get("heading_max_lines", 40))
    for i in range(min(len(out), hmax)):
        if _recipients_re().match(out[i].strip()) or _is_auth_line(out[i]):
            break
        out[i] = repair_spacing(out[i])
    return out


@dataclass
class Title:
    """The type heading and the title, in lines of `head_lines`."""

    heading: int  # the line of the type heading
    doc_type: str
    code: str
    title: str | None
    title_end: int  # the first line after the title
    end: int  # the first line after the title and any number/date lines under it


def locate(doc_lines: list[str]) -> Title | None:
    """The type heading within the first lines and the title under it
    (None when there is no type heading)."""
    hmax = int(_cfg().get("heading_max_lines", 40))
    h, head = _find_heading(doc_lines, 0, hmax)
    if h is None:
        return None
    doc_type, code, first = head
    title, title_end = _title(doc_lines, h, first or None, doc_type in set(_cfg().get("issuing_types", [])))
    end = title_end
    # number/date lines that sat under the heading
    while end < len(doc_lines) and (parse_number(doc_lines[end]) or parse_place_date(doc_lines[end])):
        end += 1
    return Title(h, doc_type, code, title, title_end, end)


@functools.lru_cache(maxsize=1)
def _cfg() -> dict:
    return load_toml("header.toml")


@functools.lru_cache(maxsize=1)
def _doc_types() -> tuple[tuple[str, str, str], ...]:
    rows = [(r[0], r[1], r[2] if len(r) > 2 else "") for r in load_table("header/doc_types.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@functools.lru_cache(maxsize=1)
def _body_start_re():
    alt = alternation(load_list("header/body_starts.txt"))
    return re.compile(rf"^(?:{alt})(?![\p{{L}}\p{{M}}])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _strong_start_re():
    alt = alternation(load_list("header/strong_body_starts.txt"))
    return re.compile(rf"^(?:(?:{alt})(?![\p{{L}}\p{{M}}])|(?:[IVXLC]+|\d+)\.\s|Phần\s+(?:[IVXLC]+|thứ)\b)", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    return tuple(r[0] for r in load_table("header/body_words.tsv") if len(r) > 1 and r[1] == "yes")


@functools.lru_cache(maxsize=1)
def _head_re():
    return re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(_heads())})(?![\p{{L}}\p{{M}}])")


@functools.lru_cache(maxsize=1)
def _preamble_re():
    verbs = alternation(load_list("header/preamble_verbs.txt"))
    types = alternation({t for _, t, _ in _doc_types()})
    return re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{verbs})\s+(?:các\s+)?(?:{types})(?![\p{{L}}\p{{M}}])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _positions() -> dict[str, str]:
    out: dict[str, str] = {}
    for p in load_list("header/positions.txt"):
        out.setdefault(_key(p), p)
    return out


@functools.lru_cache(maxsize=1)
def _motto_re():
    return re.compile(alternation(_cfg()["right_column_starts"], group=True), re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _recipients_re():
    return re.compile(_cfg()["recipients_heading"], re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _attachment_re():
    return re.compile(_cfg()["attachment_line"], re.IGNORECASE)


def _key(s: str) -> str:
    s = normalize_line(s).strip(" .:;,*")
    return re.sub(r"\s+", " ", s).casefold()


_NUM_TOKEN = re.compile(r"^(?P<num>\d+[\p{L}]?(?:\.\d+)?)?(?P<rest>[/-]\S*)?$")


def parse_number(line: str) -> tuple[str | None, str | None] | None:
    """("53/KH-UBND", "KH-UBND") from "Số: 53/KH-UBND"; (None, "KH-UBND")
    from "Số: /KH-UBND"; ("45-KH/TU", "KH/TU") from "Số 45-KH/TU". None when
    the line is not a number line."""
    m = re.match(r"^\s*(?:Số|SỐ|số|So|SO)\b\s*[:.]?\s*(?P<val>.*)$", normalize_line(line))
    if not m:
        return None
    val = m.group("val")
    val = re.sub(r"^[\s.…_]+", "", val)
    val = re.sub(r"\s*([/-])\s*", r"\1", val)
    tok = val.split(" ")[0].rstrip(".,;") if val else ""
    tok = re.sub(r"[.…_]+(?=[/-])", "", tok)
    if not tok:
        return None
    tm = _NUM_TOKEN.match(tok)
    if not tm or (not tm.group("num") and not tm.group("rest")):
        return None
    tok = repair_number_code(tok)  # "382/QD-TTg": the stroke of Đ lost
    tm = _NUM_TOKEN.match(tok)
    rest = tm.group("rest") or ""
    code = re.sub(r"^[/-](?:\d{4}/)?", "", rest) or None
    if code and not re.search(r"\p{Lu}", code):
        return None
    if code and not tm.group("num") and not re.match(r"^[\p{Lu}Đ]", code):
        return None
    number = tok if tm.group("num") else None
    return number, code


# a day or month may be printed with a stray space inside ("tháng 0 6")
_DATE_LONG = re.compile(
    r"ngày\s*(?P<d>\d(?: ?\d)?)?[\s.…_/-]*tháng\s*(?P<m>\d(?: ?\d)?)?[\s.…_/-]*năm\s*(?P<y>\d{4})", re.IGNORECASE
)


_DATE_SHORT = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*[/.-]\s*(?P<m>\d{1,2})?\s*[/.-]\s*(?P<y>\d{4})", re.IGNORECASE
)


def parse_date(text: str) -> tuple[str | None, list[str]]:
    """ISO date from "ngày 19 tháng 02 năm 2025" / "ngày 5/3/2024", keeping only
    what is printed ("2024-05", "2023"), and warnings for blank parts."""
    m = _DATE_LONG.search(text) or _DATE_SHORT.search(text)
    if not m:
        return None, []
    y = int(m.group("y"))
    d = int(m.group("d").replace(" ", "")) if m.group("d") else None
    mo = int(m.group("m").replace(" ", "")) if m.group("m") else None
    if mo is not None and not 1 <= mo <= 12:
        return f"{y:04d}", ["issue_date: month out of range in the source"]
    if d is not None and mo is not None:
        try:
            _dt.date(y, mo, d)
        except ValueError:
            return f"{y:04d}-{mo:02d}", ["issue_date: invalid day in the source"]
        return f"{y:04d}-{mo:02d}-{d:02d}", []
    if mo is not None:
        return f"{y:04d}-{mo:02d}", ["issue_date: day is blank in the source"]
    if d is not None:
        return f"{y:04d}", ["issue_date: month is blank in the source"]
    return f"{y:04d}", ["issue_date: day and month are blank in the source"]


def parse_place_date(line: str) -> tuple[str | None, str | None, list[str]] | None:
    """(place, ISO date, warnings) of a place/date line, else None."""
    t = normalize_line(line)
    if len(t) > 120 or not (_DATE_LONG.search(t) or _DATE_SHORT.search(t)):
        return None
    start = (_DATE_LONG.search(t) or _DATE_SHORT.search(t)).start()
    head = t[:start]
    place = None
    if head.strip():
        pm = re.search(r"(?P<place>[^,;:]{1,50}?)\s*,\s*$", head)
        if not pm:
            return None
        place = pm.group("place").strip(" -–*_#>")  # markdown italics "_Hà Nội, ngày …_"
        # a run-together left column ("Số: 12/KH-UBND Nam Định"): keep the
        # last capitalised words
        words = place.split()
        while len(words) > 1 and not (words[0][:1].isupper() or words[0][:1].isdigit()):
            words = words[1:]
        if len(words) > 6 or re.search(r"\d+\s*/\s*\p{Lu}", place):
            words = words[-3:]
        place = " ".join(words) or None
    date, warns = parse_date(t[start:])
    return place, date, warns


def _is_upper(line: str) -> bool:
    """Has `line` letters, all capitals? (stops at the first small letter:
    a long line of prose costs a few characters, not its length)"""
    seen = False
    for c in line:
        if c.isalpha():
            if not c.isupper():
                return False
            seen = True
    return seen


@functools.lru_cache(maxsize=1)
def _heading_res():
    return tuple(
        (re.compile(rf"^(?:{alternation([h])})(?![\p{{L}}\p{{M}}])\s*(?P<rest>.*)$", re.IGNORECASE), typ, code)
        for h, typ, code in _doc_types()
    )


def _heading(line: str, allow_upper_rest: bool = False) -> tuple[str, str, str] | None:
    """(type, code, rest) when `line` is a type heading ("KẾ HOẠCH"); `rest`
    is a title run into the same line."""
    t = line.strip().strip("*").strip()
    for pat, typ, code in _heading_res():
        m = pat.match(t)
        if not m:
            continue
        head_part = t[: m.start("rest")]
        if not _is_upper(head_part):
            continue
        rest = m.group("rest").strip()
        if rest.startswith(":"):
            return None  # "QUYẾT ĐỊNH:" opens the articles, not a heading
        if rest and _is_upper(rest) and not allow_upper_rest:
            return None  # an all-caps line that only starts with the word
        return typ, code, rest
    return None


def _find_heading(lines: list[str], start: int = 0, stop: int | None = None):
    stop = len(lines) if stop is None else min(stop, len(lines))
    for allow in (False, True):
        for i in range(start, stop):
            if _is_motto(lines[i]) or parse_number(lines[i]):
                continue
            h = _heading(lines[i], allow)
            if h:
                return i, h
    return None, None


def _is_motto(line: str) -> bool:
    return bool(_motto_re().match(line.strip()))


def _is_prose(line: str) -> bool:
    """A preamble sentence rather than a title line: long, ending with ":", a
    sentence closed by its full stop (no title ends with one), or a body
    named before "ban hành / xây dựng Kế hoạch". A title in capitals
    is never prose, however long (a crawler may join its lines into one)."""
    if (len(line) > 300 and not _is_upper(line)) or line.rstrip().endswith(":"):
        return True
    t = line.rstrip()
    if not _is_upper(t) and t.endswith(".") and not t.endswith("..") and len(t.split()) >= 15:
        return True  # a sentence ("Trong những năm qua, ngành công nghiệp tỉnh … giải quyết việc làm.")
    for m in _preamble_re().finditer(line):
        clause = expand_abbreviations(re.split(r"[,;:()]", line[: m.start()])[-1])
        if _head_re().search(clause):
            return True
    return False


_OF_BODY = re.compile(r"^CỦA\s+")


def _title(lines: list[str], h: int, first: str | None, issuing: bool = False) -> tuple[str | None, int]:
    """The title after the heading at `h` and the index after it. Under an
    issuing document's title (`issuing`), an all-caps line naming a body or a
    position ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") ends the title."""
    parts: list[str] = [first] if first else []
    j = h + 1
    first_upper = _is_upper(first) if first else None
    while j < len(lines) and len(parts) < 5:
        t = lines[j].strip()
        if _attachment_re().match(t) or _is_motto(t) or _recipients_re().match(t):
            break
        if parse_number(t) or parse_place_date(t):
            break
        if not parts:
            if _strong_start_re().match(t) or _is_prose(t) or _heading(t):
                break
            if _is_upper(t) and (m := _OF_BODY.match(t)) and _starts_with_head(gz.proper_case(t[m.end():], capitalize=True)):
                # "NGHỊ QUYẾT" / "CỦA BAN THƯỜNG VỤ TỈNH ỦY" / "về phát triển …":
                # the line names the issuer, the title follows it
                j += 1
                continue
            parts.append(t)
            first_upper = _is_upper(t)
            j += 1
            continue
        if _body_start_re().match(t) or _strong_start_re().match(t) or _is_prose(t) or _heading(t):
            break
        if _is_upper(t) and (not first_upper or (issuing and (
                _position(t) or _starts_with_head(gz.proper_case(t, capitalize=False))
                or any(_key(gz.proper_case(t)).startswith(k + " ") for k in _positions())))):
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" under a decision's title
        if t.endswith(";"):
            break
        parts.append(t)
        j += 1
    title = " ".join(p.strip() for p in parts if p.strip()) or None
    return title, j


def _starts_with_head(name: str) -> bool:
    """Does `name` open with a body word that starts an agency's name?"""
    return bool(_head_re().match(name))


def _position(text: str) -> str | None:
    return _positions().get(_key(text))


@functools.lru_cache(maxsize=1)
def _authority() -> tuple[tuple[re.Pattern, str, str], ...]:
    out = []
    for printed, canon, role in sorted(load_table("header/authority.tsv"), key=lambda r: len(r[0]), reverse=True):
        pat = re.compile(rf"^{re.escape(printed)}(?:\s+|(?<=\.)(?=[\p{{Lu}}]))(?=[\p{{Lu}}])")
        out.append((pat, canon, role))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _authority_initials() -> frozenset[str]:
    return frozenset(r[0][:1] for r in load_table("header/authority.tsv"))


def _auth_match(text: str):
    if text[:1] not in _authority_initials():
        return None  # (cheap test first: this runs over every line of a plan)
    for pat, canon, role in _authority():
        m = pat.match(text)
        if m:
            return canon, role, text[m.end():].strip()
    return None


def _is_auth_line(t: str) -> bool:
    a = _auth_match(t.strip())
    return bool(a) and _is_upper(a[2])
