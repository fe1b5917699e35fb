"""Time expressions -> `Timeline` objects (SCHEMA.md, "Timeline and deadline kinds").

Two entry points:

- `parse_timeline(raw, default_year=None)`: the value of an attribute line
  ("Thời gian thực hiện: …", "Thời gian hoàn thành: …") or a table cell, read
  as ONE timeline; `None` when it carries no time ("Theo kế hoạch").
- `find_time_expressions(text, default_year=None, strict=False,
  keep_names=False)`: every time expression of running text with its span
  (offsets into `text`); each raw is the minimal phrase as it stands.

All words come from `rules/time.toml`; this module knows only the shape of
numbers and how the pieces combine.

How it works. The text is scanned for *atoms*: a day ("ngày 15/10/2023",
"ngày 15 tháng 11", "ngày 20" before "hằng tháng"), a month or a list/range
of months ("tháng 3 - 5/2024"), quarters ("Quý II và Quý III năm 2024"),
a half year ("6 tháng đầu năm 2024"), years ("năm 2023", "giai đoạn
2021 - 2025", "2021-2025"), a frequency ("định kỳ hằng quý", "6 tháng một
lần", "02 lần/năm"), an ongoing word ("thường xuyên") and a conditional
clause ("sau khi …"). Overlaps go to the leftmost, then longest atom. A
deadline or start word just before a dated atom joins it ("trước ngày …",
"từ năm 2023"), and so does a report name before a deadline ("báo cáo năm
trước ngày 20/11/2024"). Neighbouring atoms then join into one expression
when at most a comma, a parenthesis or a neutral preposition ("trong",
"vào") separates them and they do not both carry a date: "Hằng năm, trước
ngày 15 tháng 11", "trước ngày 15 tháng 11 hàng năm", "thường xuyên trong
năm 2024", "Quý III/2023 (sau khi …)"; "từ X đến Y" / "X - Y" join into
one period. Two dated atoms never join otherwise, so "(báo cáo 6 tháng
trước ngày 15/6/2024, báo cáo năm trước ngày 20/11/2024)" gives two.

Kind of an expression, strongest first: conditional > recurring > deadline
> ongoing > date > period. `parse_timeline` applies the same order over all
expressions of the value and takes each field (due, start/end,
recurrence) from the first expression that has it, so "báo cáo 6 tháng
trước ngày 15/6/2024, báo cáo năm trước ngày 20/11/2024" is a deadline due
2024-06-15 (the first date).

Decisions on ambiguous cases:

- "Thường xuyên hằng năm": ongoing (the adverb that comes first is the
  head: work that goes on, every year); "Thường xuyên, hằng năm" and "Hằng
  năm, thường xuyên" list a frequency: recurring yearly; "Thường xuyên trong năm 2024":
  ongoing 2024-01-01..2024-12-31; "thường xuyên từ năm 2024": ongoing with
  start only.
- Recurring dates never take a year: "trước ngày 15 tháng 11 hằng năm" is
  due "--11-15" even with a default year; a day of every month ("trước
  ngày 20 hằng tháng") or of a quarter's last month ("ngày 20 của tháng cuối
  quý") gives no due: SCHEMA's --MM-DD needs a month. "Quý IV hằng năm" / "tháng 12 hằng năm":
  recurring yearly with start/end "--10-01".."--12-31".
- A date without a year ("trước ngày 15/10") takes `default_year` when given
  ("2023-10-15"), else stays "--10-15"; the same holds for a month or a
  quarter without a year ("Quý III" -> "--07-01".."--09-30"). A yearless
  February ends "--02-28".
- Deadlines keep what the text gives: "trước tháng 12/2023" due "2023-12",
  "Đến hết năm 2025" due "2025"; with an open end ("đến năm 2025 và những
  năm tiếp theo") it is no deadline but a period without dates. A deadline on a quarter, half year or a
  list ("trước Quý IV/2024") has no partial ISO form: kind deadline, due
  null, start/end the bounds of the named period (the caller can pick).
- "từ ngày 01/7/2023" is kind date (as the gold); "từ tháng 7/2023", "từ
  năm 2023", "Năm 2023 và các năm tiếp theo", "từ năm 2023 trở đi" are
  periods with an open end; "sau ngày X" reads like "từ ngày X".
- Invalid days (31/4/2024, 29/2/2023) keep the kind and raw, due null.
  "15/10/23" is 2023 (two-digit base in time.toml). "ngày … tháng … năm
  2023" is a date due "2023"; "ngày tháng 5 năm 2024" is "2024-05"; a fully
  blank "ngày … tháng … năm …" is a date with no due.
- "cuối năm 2024" / "đầu năm 2024" alone: a period of the whole year (the
  text gives no finer bound); after a deadline word ("đến cuối năm 2025")
  a deadline due "2025".
- Conditionals: the kind is conditional; dates, periods and recurrences
  *outside* the condition's clause are kept ("Quý III/2023 (sau khi …)" has
  Q3 2023's start/end); times inside the clause belong to the condition and
  are ignored. "trong thời hạn 15 ngày kể từ …" is conditional too.
- "… hoặc đột xuất" after an expression stays in its raw and changes
  nothing; "đột xuất" or "định kỳ" alone are not time expressions.
- Report names before a deadline add no recurrence: "báo cáo năm trước
  ngày 20/11/2024" is a one-off deadline.
- Pure durations ("03 tháng") are not time expressions. Lists of periods
  span from the start of the first to the end of the last ("tháng 3, 6,
  9/2024" is March..September).

Exclusions in running text: a date right after a document number (a token
with a digit, a "/" or "-" and a capital letter, or "số X"), with an
optional comma, or after a capitalised document word earlier in the same
clause with no time word before the date ("Luật … ngày 10/11/2022"), and
the place-date line ("Cần Thơ, ngày 19 tháng 02 năm 2025"), are document
dates: never returned. A period with no time word before it that follows a
capitalised document word in the same clause ("Đề án … giai đoạn 2021 -
2025", "Kế hoạch … năm 2024") or a name head ("nhiệm kỳ 2020 - 2025",
"tầm nhìn đến năm 2045") is part of a name: dropped unless
`keep_names=True`. `strict=True` further drops bare frequency/ongoing
adverbs ("phối hợp chặt chẽ, thường xuyên", "kế hoạch … hàng năm") and
conditions without a date ("… cho đến khi có văn bản mới") unless they open
a clause (start of text or line, after ; . : ( or a list label) or follow
an introducer ("thời gian", "định kỳ"). Counted schedules ("mỗi năm một
lần", "02 lần/năm"), durations counted from an event ("trong vòng 24 giờ
sau khi thiên tai xảy ra") and anything with a date are always kept.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, get_args

import regex as re

from .normalize import normalize_line
from .record import Recurrence, Timeline
from .rules import alternation, load_toml, phrase_pattern

__all__ = ["parse_timeline", "find_time_expressions"]

_B = r"(?<![\p{L}\p{M}\p{N}])"  # word start
_E = r"(?![\p{L}\p{M}\p{N}])"  # word end
_Y4 = r"(?:19|20|21)\d{2}"
_LAST = 0  # day placeholder: last day of the month, computed at render time

_PRIORITY = ["period", "date", "ongoing", "deadline", "recurring", "conditional"]


# --------------------------------------------------------------------------
# vocabulary -> regular expressions


def _alt(words) -> str:
    return alternation(words, group=True)


@functools.lru_cache(maxsize=65536)
def _key(s: str) -> str:
    return _WS_RUN.sub(" ", unicodedata.normalize("NFC", s)).strip().lower()


_WS_RUN = re.compile(r"\s+")


@dataclass
class _Cfg:
    cfg: dict
    pats: dict
    numbers: dict
    quarters: dict
    unit_of: dict


@functools.lru_cache(maxsize=1)
def _cfg() -> _Cfg:
    c = load_toml("time.toml")
    cal = c["calendar"]
    DAY, MONTH, QUARTER, YEAR = (_alt(cal[k]) for k in ("day", "month", "quarter", "year"))
    unit_of = {}
    for k in ("day", "month", "quarter", "year", "week"):
        for w in cal[k]:
            unit_of[_key(w)] = k
    UNIT = _alt(unit_of)
    numbers = {_key(k): int(v) for k, v in c["numbers"].items()}
    NUM = rf"(?:\d{{1,2}}{_E}|{_alt(numbers)}{_E})"
    quarters = {_key(k): int(v) for k, v in c["quarters"].items()}
    Q = rf"{_alt(quarters)}{_E}"
    rec = c["recurrence"]
    EVERY, PERIODIC, BY, TIMES, PER = (_alt(rec[k]) for k in ("every", "periodic", "by", "times", "per"))
    hy = c["half_year"]
    FIRSTLAST = _alt(hy["first"] + hy["last"])
    SEP = rf"\s*(?:{_alt(c['ranges']['separators'])})\s*"
    OPEN = _alt(c["ranges"]["open_end"])
    OPEN_OPT = rf"(?:\s*,?\s*(?P<open>{OPEN}){_E})?"
    BLANK = r"[.…·_]*"
    YPART = rf"(?:\s*/\s*{_Y4}|\s*-\s*{_Y4}(?!\d)|\s*,?\s*{YEAR}\s+{_Y4})"

    op = c["openers"]
    EVENT = _alt(c["days"].get("events", []))  # "ngày bầu cử 15/3/2026"
    p = {}
    # days ---------------------------------------------------------------
    p["dmy"] = (
        rf"(?:{_B}{DAY}\s+(?:{EVENT}\s+)?)?(?<![\d/.\-])(?P<d>\d{{1,2}})\s*(?P<sep>[/.\-])\s*(?P<m>\d{{1,2}})"
        rf"\s*(?P=sep)\s*(?P<y>{_Y4}|\d{{2}})(?![\d/]|[.\-]\d|-\p{{L}})"
    )
    # several days of one month: "ngày 24, 25 và 26 tháng 8 năm 2026", "ngày
    # 24-26/8/2026", "từ ngày 24 đến ngày 26/8/2026" (the days joined by the
    # range separators of rules/time.toml, the month and year said once)
    p["drange"] = (
        rf"(?:{_B}(?:các\s+)?{DAY}\s+)?(?<![\d/.\-])(?P<ds>\d{{1,2}}(?:(?:{SEP})(?:{DAY}\s+)?\d{{1,2}})+)"
        rf"(?:\s*/\s*|\s+{MONTH}\s+)(?P<m>\d{{1,2}})(?:\s*/\s*|\s*,?\s*{YEAR}\s+)(?P<y>{_Y4})(?![\d/])"
    )
    p["dm"] = rf"(?:{_B}(?P<ngay>{DAY})\s+)?(?<![\d/.\-])(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?![\d/]|\s*/\s*\d)"
    # the next day of a list ("trước ngày 01/6 và 15/11 hằng năm")
    p["dm_list"] = rf"{_B}{DAY}\s+\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*(?:,|và)\s*\d{{1,2}}\s*/\s*\d{{1,2}})*\s*(?:,|và)\s*$"
    p["wdate"] = (
        rf"{_B}(?:{DAY}\s*(?:(?P<d>\d{{1,2}})|{BLANK})\s*{MONTH}{_E}\s*(?:(?P<m>\d{{1,2}})(?!\d)|{BLANK})"
        rf"(?:\s*(?P<yw>{YEAR}){_E}\s*(?:(?P<y>{_Y4})(?!\d)|{BLANK}))?"
        rf"|(?P<d2>\d{{1,2}})\s+{MONTH}\s+(?P<m2>\d{{1,2}})(?!\d)(?:\s+{YEAR}\s+(?P<y2>{_Y4})(?!\d))?)"
    )
    REL = _alt(c["days"]["relative_months"])
    p["dayof"] = (
        rf"{_B}{DAY}\s+(?P<d>\d{{1,2}})(?!\s*/|\s+{MONTH}\s+\d)"
        rf"(?=\s+(?:{REL}|{EVERY}\s+{MONTH}){_E})(?:\s+(?P<rel>{REL}){_E})?"
    )
    # periods --------------------------------------------------------------
    MITEM = rf"\d{{1,2}}(?!\d){YPART}?"
    p["month"] = rf"{_B}{MONTH}\s+{MITEM}(?:{SEP}(?:{MONTH}\s+)?{MITEM})*{OPEN_OPT}"
    QITEM = rf"{Q}{YPART}?"
    p["quarter"] = rf"{_B}{QUARTER}\s+{QITEM}(?:{SEP}(?:{QUARTER}\s+)?{QITEM})*{OPEN_OPT}"
    p["half"] = (
        rf"{_B}(?:(?P<n>{NUM})\s+{MONTH}|(?P<half>{_alt(hy['half_words'])}))\s+(?P<pos>{FIRSTLAST})\s+"
        rf"{YEAR}{_E}(?:\s*/?\s*(?P<y>{_Y4})(?!\d))?"
    )
    HEADS = _alt(c["ranges"]["heads"])
    FROM = _alt(c["openers"]["start"])
    YITEM = rf"(?:{YEAR}\s+)?{_Y4}(?![\d/]|-\p{{L}})"
    p["year"] = (
        rf"{_B}(?:(?P<head>{HEADS})\s+(?:{FROM}\s+)?(?:{YEAR}\s+)?|{YEAR}\s+){_Y4}(?![\d/]|-\p{{L}})"
        rf"(?:{SEP}{YITEM})*{OPEN_OPT}"
    )
    p["yrange"] = rf"(?<![\d/.\-\p{{L}}]){_Y4}\s*[-–—]\s*{_Y4}(?![\d/]|-\p{{L}}){OPEN_OPT}"
    p["ybare"] = rf"(?<![\d/.\-\p{{L}}]){_Y4}(?![\d/]|[.\-]\d|-\p{{L}}){OPEN_OPT}"
    # frequencies ----------------------------------------------------------
    TAIL = rf"(?:\s*,?\s*(?P<tail>{_alt(rec['tails'])}){_E})?"
    ATLEAST = _alt(rec["at_least"])
    LANMOT = rf"(?:\s*/\s*{TIMES}|\s+{NUM}\s+{TIMES})"
    HP = _alt(hy["first"] + hy["last"])
    p["freq"] = (
        rf"{_B}(?:"
        rf"(?P<f1>(?:{PERIODIC}\s+)?{EVERY}\s+(?P<u1>{UNIT}){_E}(?:(?:\s+{ATLEAST})?\s+(?P<c1>{NUM})\s+{TIMES})?)"
        rf"|(?P<f2>(?:{PERIODIC}\s+)?(?P<n2>{NUM})\s+(?P<u2>{UNIT}){_E}{LANMOT})"
        rf"|(?P<f4>(?:{PERIODIC}\s+)?(?P<c4>{NUM})\s+{TIMES}\s*(?:/\s*|\s+{PER}\s+)(?P<u4>{UNIT}){_E})"
        rf"|(?P<f3>{PERIODIC}\s+(?:{BY}\s+)?(?P<n3>{NUM})\s+(?P<u3>{UNIT}){_E}(?!\s+{HP}\s+{YEAR}))"
        rf"|(?P<f5>{PERIODIC}\s+(?:{BY}\s+)?(?P<u5>{UNIT}){_E}(?!\s*\d))"
        rf"|(?P<f6>{_alt(rec['phrases'])})"
        rf"){_E}{TAIL}"
    )
    # one more unit of the same schedule after a frequency's parenthesis:
    # "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)"
    p["freq_more"] = rf"\s*\([^()\n]{{1,80}}\)\s*(?:,|{_alt(rec['joins'])})\s+(?P<u>{UNIT}){_E}(?=\s*\()"
    p["ongoing"] = rf"{_B}{_alt(c['ongoing']['words'])}{_E}"
    cond = c["conditional"]
    p["cond"] = (
        rf"{_B}(?:(?P<dur>(?:(?:{_alt(cond['duration_prefixes'])})\s+)?(?:\d{{1,3}}(?:\s*[-–]\s*\d{{1,3}})?|{_alt(numbers)})"
        rf"\s+(?:{UNIT}|{_alt(cond['duration_units'])}){_E}"
        rf"(?:\s+{_alt(cond['duration_units_extra'])})?\s+{_alt(cond['duration_links'])})"
        rf"|{_alt(cond['openers'])}(?!\s*(?:{EVENT}\s+)?\d)){_E}"
    )
    p["not_time"] = rf"{_B}{_alt(c['not_time']['phrases'])}{_E}"
    p["number_word"] = rf"^{_alt(c['names']['number_words'])}$"
    p["op_deadline"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}]))(?P<op>{_alt(op['deadline'])})\s+$"
    p["op_after"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}]))(?P<op>{_alt(op.get('after', []))})\s+$"
    p["op_start"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}]))(?P<op>{_alt(op['start'])})\s+$"
    p["op_neutral"] = (
        rf"(?:(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}])){_alt(op['neutral'] + op['deadline'] + op['start'])}\s+|:\s*)$"
    )
    p["report"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}]))(?P<rep>{_alt(op['report_names'])})\s+$"
    p["adhoc"] = rf"\s*,?\s*(?:{_alt(c['adhoc']['links'])})\s+{_alt(c['adhoc']['words'])}{_E}"
    p["introducer"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}])){_alt(c['strict']['introducers'])}\s*:?\s*$"
    p["name_head"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}])){_alt(c['names']['heads'])}\s*$"
    p["name_head_in"] = rf"^{_alt(c['names']['heads'])}{_E}"
    p["name_tail"] = rf"\s*,?\s*(?:{_alt(c['names']['tails'])}){_E}"
    nm = c["names"]
    p["horizon_op"] = rf"(?:{_alt(nm['horizon_openers'])})\s+{YEAR}\s+{_Y4}(?!\d)"
    p["horizon_head"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}])){_alt(nm['horizon_heads'])}\s*$"
    p["horizon_doc"] = rf"{_B}(?:{_alt(nm['document_words'])}){_E}"
    # comma-joined pairs inside a name ("phòng, chống"): no break
    joined, gap_openers = nm.get("horizon_joined", []), c.get("report_gap", {}).get("openers", [])
    p["horizon_joined"] = rf"{_B}(?:{_alt(joined)}){_E}" if joined else r"(?!)"
    p["report_gap"] = rf"(?:{_alt(gap_openers)}){_E}" if gap_openers else r"(?!)"
    p["horizon_break"] = rf",\s|{_B}(?:{_alt(nm['horizon_breaks'])}){_E}|{_B}(?:{_alt(nm['number_words'])})\s+\d"
    # document words are matched case-sensitively: names are capitalised
    p["docword"] = rf"{_B}(?:{'|'.join(phrase_pattern(w) for w in sorted(c['names']['document_words'], key=len, reverse=True))}){_E}"
    p["label"] = rf"^\s*(?:[-+•*]\s*)?(?:\d+(?:\.\d+)*\.?\s*)?{_alt(c['attribute']['labels'])}\s*:\s*"
    p["current_year"] = rf"^{_alt(c['attribute']['current_year'])}$"
    p["period_word"] = rf"^{PERIODIC}{_E}"
    # items of a month/quarter/year list, read one by one
    IY = rf"(?:\s*/\s*(?P<y>{_Y4})|\s*-\s*(?P<y>{_Y4})(?!\d)|\s*,?\s*{YEAR}\s+(?P<y>{_Y4}))?"
    p["item_quarter"] = rf"(?:{QUARTER}\s+)?(?P<v>{_alt(quarters)}){_E}{IY}"
    p["item_month"] = rf"(?:{MONTH}\s+)?(?P<v>\d{{1,2}})(?!\d){IY}"
    p["item_year"] = rf"(?:{_alt(cal['year'] + c['ranges']['heads'])}\s+(?:{FROM}\s+)?(?:{YEAR}\s+)?)?(?P<v>{_Y4})(?!\d)"
    p["clock"] = c["clock"]["pattern"]
    p["gap"] = rf"[,(\-–]?\s*(?:{_alt(op['neutral'])})?"
    p["freq_join"] = rf"\s*,?\s*(?:{_alt(rec['joins'])}\s+)?"
    p["periodic_before"] = rf"(?:^|(?<=[^\p{{L}}\p{{M}}\p{{N}}])){PERIODIC}\s+$"

    flags = re.IGNORECASE
    pats = {k: re.compile(v, 0 if k == "docword" else flags) for k, v in p.items()}
    return _Cfg(
        cfg=c,
        pats=pats,
        numbers=numbers,
        quarters=quarters,
        unit_of=unit_of,
    )


# --------------------------------------------------------------------------
# internal model


@dataclass
class _P:
    """A (partial) date; d == _LAST means the month's last day."""

    y: Optional[int] = None
    m: Optional[int] = None
    d: Optional[int] = None


@dataclass
class _Atom:
    start: int
    end: int
    type: str  # point | interval | freq | ongoing | cond
    point: Optional[_P] = None
    istart: Optional[_P] = None
    iend: Optional[_P] = None
    unit: Optional[str] = None  # interval: year | month | quarter | half | list ; point: day | relday
    multi: bool = False  # list or range of items
    open: bool = False  # open end ("và các năm tiếp theo")
    role: str = "plain"  # plain | deadline | start
    range_end: bool = False  # opener closes a range ("đến")
    end_of: bool = False  # opener names the end of the period ("đến hết năm 2019")
    recurrence: Optional[str] = None
    head: Optional[str] = None
    periodic: bool = False  # "định kỳ 6 tháng đầu năm": a yearless period every year
    bare: bool = False  # a bare adverb: "hàng năm", "thường xuyên" (no count, no tail)
    prep: bool = False  # a time word stands before it
    core_start: int = 0

    @property
    def dated(self) -> bool:
        return self.type in ("point", "interval")


@dataclass
class _Expr:
    atoms: list = field(default_factory=list)
    start: int = 0
    end: int = 0
    is_range: bool = False

    @property
    def dated(self):
        return [a for a in self.atoms if a.dated]

    def has(self, t: str) -> bool:
        return any(a.type == t for a in self.atoms)


# --------------------------------------------------------------------------
# atoms


def _year(s: str) -> Optional[int]:
    c = _cfg().cfg["years"]
    y = int(s)
    if len(s) == 2:
        y += int(c["two_digit_base"])
    return y if c["min"] <= y <= c["max"] else None


def _num(s: str) -> Optional[int]:
    s = _key(s)
    if s.isdigit():
        return int(s)
    return _cfg().numbers.get(s)


def _items(text: str, kind: str):
    """Items of a month/quarter/year list: [(value, year, end_offset)]."""
    C = _cfg()
    out = []
    for m in C.pats["item_" + kind].finditer(text):
        v = m.group("v")
        v = C.quarters[_key(v)] if kind == "quarter" else int(v)
        y = m.groupdict().get("y")
        out.append((v, int(y) if y else None, m.end()))
    return out


def _interval_from_items(items, kind):
    """(start _P, end _P) of a list of items, years inherited backwards."""
    vals = []
    nxt_year = None
    for v, y, _ in reversed(items):
        if y is not None:
            nxt_year = y
        vals.append((v, y if y is not None else nxt_year))
    vals.reverse()
    (v0, y0), (v1, y1) = vals[0], vals[-1]
    if kind == "year":
        return _P(v0, 1, 1), _P(v1, 12, 31)
    if kind == "month":
        if y0 is not None and items[0][1] is None and y1 is not None and v0 > v1 and y0 == y1:
            y0 -= 1  # "từ tháng 10 đến tháng 3/2024"
        return _P(y0, v0, 1), _P(y1, v1, _LAST)
    # quarter
    if y0 is not None and items[0][1] is None and v0 > v1 and y0 == y1:
        y0 -= 1
    return _P(y0, 3 * v0 - 2, 1), _P(y1, 3 * v1, _LAST)


def _valid_items(items, kind) -> bool:
    for v, y, _ in items:
        if kind == "month" and not 1 <= v <= 12:
            return False
        if (y is not None and _year(str(y)) is None) or (kind == "year" and _year(str(v)) is None):
            return False
    return True


def _recurrence(unit_word: str, count: int = 1, per_count: int = 1) -> Optional[str]:
    """Recurrence of `count` units per `per_count` times."""
    C = _cfg()
    rec = C.cfg["recurrence"]
    unit = C.unit_of.get(_key(unit_word))
    names = {int(k): v for k, v in rec["names"].items()}
    if unit in rec["unit_months"]:
        months = rec["unit_months"][unit] * count
        if months % per_count:
            return None
        return names.get(months // per_count)
    if unit in rec["unit_names"] and count == 1 and per_count == 1:
        name = rec["unit_names"][unit]
        return name if name in get_args(Recurrence) else None  # "daily" is not one
    return None


def _freq_atom(m) -> _Atom:
    C = _cfg()
    r = None
    if m.group("f1"):
        c = _num(m.group("c1")) if m.group("c1") else 1
        r = _recurrence(m.group("u1"), 1, c or 1)
    elif m.group("f2"):
        r = _recurrence(m.group("u2"), _num(m.group("n2")) or 0)
    elif m.group("f3"):
        r = _recurrence(m.group("u3"), _num(m.group("n3")) or 0)
    elif m.group("f4"):
        r = _recurrence(m.group("u4"), 1, _num(m.group("c4")) or 1)
    elif m.group("f5"):
        r = _recurrence(m.group("u5"))
    elif m.group("f6"):
        phrases = {_key(k): v for k, v in C.cfg["recurrence"]["phrases"].items()}
        r = phrases.get(_key(m.group("f6"))) or None
    bare = bool(m.group("f1")) and not m.group("c1") and not m.group("tail")
    return _Atom(m.start(), m.end(), "freq", recurrence=r, bare=bare)


def _clause_end(text: str, pos: int, start: int) -> int:
    """End of a conditional clause opened at `start`, scanning from `pos`."""
    before = text[:start].rstrip()
    if before.endswith("("):
        depth = 0
        for i in range(pos, len(text)):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                if depth == 0:
                    return i
                depth -= 1
            elif text[i] == "\n":
                return i
        return len(text)
    m = re.compile(r"[,;)\n]|\.(?!\d)").search(text, pos)
    return m.start() if m else len(text)


def _raw_atoms(text: str, parse_mode: bool) -> list[_Atom]:
    C = _cfg()
    P = C.pats
    atoms: list[_Atom] = []

    def lookback(pat, end):
        return P[pat].search(text[max(0, end - 60):end])

    for m in P["dmy"].finditer(text):
        if m.group("sep") != "/" and len(m.group("y")) == 2:
            continue
        y = _year(m.group("y"))
        if y is None:
            continue
        atoms.append(_Atom(m.start(), m.end(), "point", point=_P(y, int(m.group("m")), int(m.group("d"))), unit="day"))
    for m in P["drange"].finditer(text):
        days = [int(x) for x in re.findall(r"\d{1,2}", m.group("ds"))]
        y, mo = _year(m.group("y")), int(m.group("m"))
        if y is None or not 1 <= mo <= 12 or not all(1 <= d <= 31 for d in days) or days != sorted(days):
            continue
        atoms.append(_Atom(m.start(), m.end(), "interval", istart=_P(y, mo, days[0]), iend=_P(y, mo, days[-1]),
                           unit="day", multi=True))
    for m in P["dm"].finditer(text):
        if not m.group("ngay") and not (lookback("op_deadline", m.start()) or lookback("op_start", m.start())
                                        or lookback("dm_list", m.start())):
            continue
        atoms.append(_Atom(m.start(), m.end(), "point", point=_P(None, int(m.group("m")), int(m.group("d"))), unit="day"))
    for m in P["wdate"].finditer(text):
        if m.group("d2"):
            y = _year(m.group("y2")) if m.group("y2") else None
            if m.group("y2") and y is None:
                continue
            atoms.append(_Atom(m.start(), m.end(), "point", point=_P(y, int(m.group("m2")), int(m.group("d2"))), unit="day"))
            continue
        d, mo, yy = m.group("d"), m.group("m"), m.group("y")
        if d is None and not m.group("yw"):
            continue  # "ngày tháng" without a year part is no date
        y = _year(yy) if yy else None
        if yy and y is None:
            continue
        atoms.append(_Atom(m.start(), m.end(), "point", point=_P(y, int(mo) if mo else None, int(d) if d else None), unit="day"))
    for m in P["dayof"].finditer(text):
        unit = "relday" if m.group("rel") else "day"
        a = _Atom(m.start(), m.end(), "point", point=_P(None, None, int(m.group("d"))), unit=unit)
        if m.group("rel"):
            rel = _key(re.sub(r"^của\s+", "", m.group("rel"), flags=re.IGNORECASE))
            months = {_key(k): v for k, v in _cfg().cfg["days"].get("repeats", {}).items()}.get(rel)
            a.recurrence = _cfg().cfg["recurrence"]["names"][months] if months else None
        atoms.append(a)
    for kind in ("month", "quarter", "year"):
        for m in P[kind].finditer(text):
            s = m.group(0)
            body = s[: m.start("open") - m.start()] if m.group("open") else s
            items = _items(body, kind)
            if not items:
                continue
            # cut the list at the first invalid item ("tháng 9, 10 đơn vị")
            good = []
            for it in items:
                if not _valid_items(good + [it], kind):
                    break
                good.append(it)
            if not good:
                if kind == "month":  # "tháng 13/2024": month-shaped, no valid dates
                    atoms.append(_Atom(m.start(), m.end(), "interval", istart=None, iend=None, unit="month"))
                continue
            end = m.end() if len(good) == len(items) else m.start() + good[-1][2]
            st, en = _interval_from_items(good, kind)
            head = m.groupdict().get("head")
            atoms.append(_Atom(m.start(), end, "interval", istart=st, iend=en, unit=kind, multi=len(good) > 1,
                               open=bool(m.group("open")) and end == m.end(), head=head))
    for m in P["half"].finditer(text):
        n = 6 if m.group("half") else _num(m.group("n"))
        if not n or not 1 <= n <= 12:
            continue
        y = _year(m.group("y")) if m.group("y") else None
        first = _key(m.group("pos")) in {_key(w) for w in C.cfg["half_year"]["first"]}
        st, en = (_P(y, 1, 1), _P(y, n, _LAST)) if first else (_P(y, 13 - n, 1), _P(y, 12, 31))
        atoms.append(_Atom(m.start(), m.end(), "interval", istart=st, iend=en, unit="half"))
    for pat in ("yrange", "ybare"):
        for m in P[pat].finditer(text):
            ys = [int(x) for x in re.findall(_Y4, m.group(0)[: (m.start("open") - m.start()) if m.group("open") else None])]
            if any(_year(str(y)) is None for y in ys):
                continue
            if pat == "ybare" and not parse_mode and not (lookback("op_deadline", m.start()) or lookback("op_start", m.start())):
                continue
            atoms.append(_Atom(m.start(), m.end(), "interval", istart=_P(ys[0], 1, 1), iend=_P(ys[-1], 12, 31),
                               unit="year", multi=len(ys) > 1, open=bool(m.group("open"))))
    for m in P["freq"].finditer(text):
        atoms.append(_freq_atom(m))
        # "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)": a
        # bare unit after a frequency and its parenthesis is one more
        # frequency of the same schedule
        k = P["freq_more"].match(text, m.end())
        if k:
            atoms.append(_Atom(k.start("u"), k.end("u"), "freq", recurrence=_recurrence(k.group("u"))))
    for m in P["ongoing"].finditer(text):
        atoms.append(_Atom(m.start(), m.end(), "ongoing", bare=True))
    for m in P["cond"].finditer(text):
        end = _clause_end(text, m.end(), m.start())
        # a duration counted from the event is a time limit ("trong vòng
        # 24 giờ sau khi thiên tai xảy ra"); a bare condition is not
        atoms.append(_Atom(m.start(), max(end, m.end()), "cond", bare=not m.group("dur")))
    for a in atoms:
        a.core_start = a.start
    # drop what overlaps a not-time phrase
    blocked = [(m.start(), m.end()) for m in P["not_time"].finditer(text)]
    atoms = [a for a in atoms if not any(a.start < e and s < a.end for s, e in blocked)]
    # leftmost, then longest
    atoms.sort(key=lambda a: (a.start, -(a.end - a.start)))
    chosen: list[_Atom] = []
    last = -1
    for a in atoms:
        if a.start >= last:
            chosen.append(a)
            last = a.end
    return chosen


def _attach_openers(text: str, atoms: list[_Atom]) -> None:
    """Deadline/start words and report names before dated atoms; prep flag."""
    P = _cfg().pats
    range_end = {_key(w) for w in _cfg().cfg["openers"]["range_end"]}
    end_of = {_key(w) for w in _cfg().cfg["openers"]["end_of"]}
    prev_end = 0
    for a in atoms:
        lo = max(prev_end, a.start - 60)
        if a.dated:
            before = text[lo:a.start]
            m = P["op_deadline"].search(before)
            ms = P["op_start"].search(before)
            ma = P["op_after"].search(before)
            if ma and not m and not ms:
                a.role, a.start = "after", lo + ma.start()
            elif ms and (not m or ms.start() < m.start()):
                a.role, a.start = "start", lo + ms.start()
            elif m:
                a.role, a.start = "deadline", lo + m.start()
                a.range_end = _key(m.group("op")) in range_end
                a.end_of = _key(m.group("op")) in end_of
                r = P["report"].search(text[lo:a.start])
                if r:
                    a.start = lo + r.start()
            elif a.type == "interval" and a.istart is not None and a.istart.y is None and a.iend.y is None:
                mp = P["periodic_before"].search(before)
                if mp:
                    a.start, a.periodic = lo + mp.start(), True
        before = text[max(prev_end, a.start - 60):a.start]
        a.prep = bool(P["op_neutral"].search(before)) or a.role != "plain"
        prev_end = a.end


# --------------------------------------------------------------------------
# exclusions


_DOCNUM = re.compile(r"(?=\S*\d)(?=\S*[/\-])(?=\S*\p{Lu})\S+$")
_CLAUSE_BOUND = re.compile(r"[;:\n]|\.(?=\s)")


def _clause_before(text: str, pos: int) -> str:
    seg = text[:pos]
    last = None
    for last in _CLAUSE_BOUND.finditer(seg):
        pass
    return seg[last.end():] if last else seg


def _is_document_date(text: str, a: _Atom) -> bool:
    if a.type != "point" or a.role != "plain" or a.prep:
        return False
    before = text[:a.start].rstrip()
    before = before[:-1].rstrip() if before.endswith(",") else before
    toks = before.split()
    if toks and _DOCNUM.match(toks[-1]):
        return True
    if len(toks) >= 2 and _cfg().pats["number_word"].match(toks[-2]):
        return True
    # place-date line: "Cần Thơ, ngày …", "TP. Hồ Chí Minh, ngày …"
    line = text[:a.start].rsplit("\n", 1)[-1]
    pm = re.fullmatch(r"\s*([^,;:\n]{1,40}),\s*", line)
    if pm and all(w[:1].isupper() or w[:1].isdigit() for w in pm.group(1).split()):
        return True
    return _docword_in_window(text, a.start)


def _docword_in_window(text: str, pos: int) -> bool:
    clause = _clause_before(text, pos)
    n = int(_cfg().cfg["names"]["window_words"])
    window = " ".join(clause.split()[-n:])
    return bool(_cfg().pats["docword"].search(window))


def _is_name(text: str, e: _Expr) -> bool:
    if e.has("freq") or e.has("ongoing") or e.has("cond"):
        return False
    P = _cfg().pats
    first = e.atoms[0]
    if first.head and P["name_head_in"].match(first.head):
        return True
    if P["name_head"].search(text[max(0, e.start - 30):e.start]):
        return True
    if P["name_tail"].match(text, e.end):
        # "… đến năm 2030, tầm nhìn đến năm 2045": a horizon that a vision follows
        return True
    if _is_horizon(text, e):
        return True
    if any(a.type != "interval" for a in e.atoms):
        return False
    if first.prep:
        return False
    return _docword_in_window(text, e.start)


def _is_horizon(text: str, e: _Expr) -> bool:
    """"đến năm 2025" closing a programme's name (rules/time.toml [names])."""
    a = e.atoms[0]
    # "tầm nhìn đến năm 2050 sau khi được Thủ tướng Chính phủ phê duyệt": a
    # condition after the name's year goes with it
    if (any(x.type != "cond" for x in e.atoms[1:]) or a.type != "interval" or a.unit != "year" or a.multi
            or a.role != "deadline"):
        return False
    P = _cfg().pats
    if not P["horizon_op"].fullmatch(text, a.start, a.end):
        return False
    if P["horizon_head"].search(text[max(0, a.start - 30):a.start]):
        return True
    words = _clause_before(text, a.start).split()
    window = " ".join(words[-int(_cfg().cfg["names"]["horizon_window"]):])
    window = P["horizon_joined"].sub(lambda m: m.group(0).replace(",", ""), window)
    docs = list(P["horizon_doc"].finditer(window))
    return bool(docs) and not P["horizon_break"].search(window, docs[-1].end())


# --------------------------------------------------------------------------
# expressions


def _gap_ok(gap: str) -> bool:
    g = gap.strip()
    if not g:
        return True
    return bool(_cfg().pats["gap"].fullmatch(g))


def _report_gap(gap: str, nxt: str = "") -> bool:
    """"… hằng năm | báo cáo kết quả thực hiện về Bộ Y tế | trước ngày 31/12"
    (rules/time.toml [report_gap]); `nxt`: the text of the day's phrase."""
    cfg = _cfg().cfg.get("report_gap")
    g = gap.strip()
    if g.endswith("(") and not _cfg().pats["report_gap"].match(nxt):
        # "định kỳ hàng quý gửi về Sở Xây dựng (trước ngày 20 tháng cuối quý)";
        # not "(báo cáo 6 tháng trước ngày 10/6; báo cáo năm trước …)": reports of their own
        g = g[:-1].rstrip()
    if not cfg or not g or _REPORT_GAP_STOP.search(g) or len(g.split()) > int(cfg["max_words"]):
        return False
    # "báo cáo tình hình thực hiện, gửi về Bộ …": each part after a comma
    # opens with a report word too
    return all(_cfg().pats["report_gap"].match(part.strip()) for part in g.split(","))


_REPORT_GAP_STOP = re.compile(r"[;:.()]")


def _can_join(e: _Expr, a: _Atom, gap: str, nxt: str = "") -> bool:
    """May atom `a` join expression `e` across `gap` (not as a range)?
    `nxt`: the text of `a`."""
    if a.dated and e.dated:
        return False  # two dates are two expressions
    if a.type == "freq" and e.has("freq"):
        # "định kỳ 6 tháng, hằng năm": one schedule, the first frequency counts
        return bool(_cfg().pats["freq_join"].fullmatch(gap))
    if a.dated and e.has("freq") and not e.dated and a.role == "deadline" and _report_gap(gap, nxt):
        return True
    if not a.dated and e.has(a.type):
        return False
    if a.type == "cond" and e.dated and gap.strip() and "(" not in gap:
        return False  # "Quý III/2023 (sau khi …)" joins, "Quý III/2023, sau khi …" does not
    return _gap_ok(gap)


def _merge(text: str, atoms: list[_Atom]) -> list[_Expr]:
    exprs: list[_Expr] = []
    for a in atoms:
        if exprs:
            e = exprs[-1]
            gap = text[e.end:a.start]
            d = e.dated
            g = gap.strip()
            # "từ X đến Y", "X đến Y", "từ X - Y"
            if (a.dated and len(e.atoms) == 1 and d and d[0].role in ("start", "plain") and not d[0].open
                    and ((a.range_end and g == "") or (g in ("-", "–", "—") and a.role == "plain"))):
                e.atoms.append(a)
                e.end, e.is_range = a.end, True
                continue
            if _can_join(e, a, gap, text[a.start:a.end]):
                e.atoms.append(a)
                e.end = a.end
                continue
        exprs.append(_Expr([a], a.start, a.end))
    P = _cfg().pats
    out: list[_Expr] = []
    for e in exprs:
        if out and e.start < out[-1].end:
            continue  # swallowed by an ad-hoc tail
        raw = text[e.start:e.end]
        if raw.count("(") > raw.count(")"):
            m = re.match(r"\s*\)", text[e.end:])
            if m:
                e.end += m.end()
        m = P["adhoc"].match(text, e.end)
        if m:
            e.end = m.end()
        out.append(e)
    return out


def _contrib(e: _Expr) -> dict:
    """What one expression says: kinds and (partial) dates."""
    c = {"kinds": set(), "due": None, "date_due": None, "start": None, "end": None, "recurrence": None,
         "has_start": False, "has_end": False}

    def set_se(s, en):
        if not c["has_start"] and not c["has_end"]:
            c["start"], c["end"], c["has_start"], c["has_end"] = s, en, True, True

    for a in e.atoms:
        if a.periodic:
            c["kinds"].add("recurring")
            c["recurrence"] = c["recurrence"] or _cfg().cfg["recurrence"]["names"]["12"]
        if a.type == "freq":
            c["kinds"].add("recurring")
            c["recurrence"] = c["recurrence"] or a.recurrence
        elif a.type in ("ongoing", "cond"):
            c["kinds"].add("conditional" if a.type == "cond" else "ongoing")
    if (len(e.atoms) == 2 and e.atoms[0].type == "ongoing" and e.atoms[1].type == "freq" and e.atoms[1].bare
            and e.atoms[1].start - e.atoms[0].end <= 1):
        # "Thường xuyên hằng năm": ongoing work, done every year (the adverb
        # that comes first is the head; "Hằng năm, thường xuyên" and
        # "thường xuyên, hằng quý" list a frequency and recur)
        c["kinds"].discard("recurring")
        c["recurrence"] = None
    d = e.dated
    if e.is_range:
        x, y = d[0], d[1]
        s = x.point if x.type == "point" else x.istart
        en = y.point if y.type == "point" else y.iend
        if s is not None and en is not None and s.y is None and en.y is not None:
            s = _P(en.y, s.m, s.d)
        c["kinds"].add("period")
        set_se(s, en)
        return c
    for a in d:
        if a.role == "after":
            # "sau ngày 15/3/2026": from the next day (month, year: the next one)
            c["kinds"].add("period")
            set_se(_next(a.point if a.type == "point" else a.iend), None)
            continue
        if a.type == "point":
            if a.unit == "relday":
                c["kinds"].add("deadline" if a.role == "deadline" else "date")
                if a.recurrence:
                    c["kinds"].add("recurring")
                    c["recurrence"] = c["recurrence"] or a.recurrence
                continue
            if a.open:
                c["kinds"].add("period")
                set_se(a.point, None)
            elif a.role == "deadline":
                c["kinds"].add("deadline")
                c["due"] = c["due"] or a.point
            elif a.role == "start":
                c["kinds"].add("date")
                c["date_due"] = c["date_due"] or a.point
            else:
                c["kinds"].add("date")
                c["due"] = c["due"] or a.point
        else:
            if a.istart is None:  # invalid month
                c["kinds"].add("deadline" if a.role == "deadline" else "period")
                set_se(None, None)
                continue
            if a.role == "deadline" and a.open:
                # "đến năm 2025 và những năm tiếp theo": an open end is no deadline
                c["kinds"].add("period")
                set_se(None, None)
            elif a.role == "deadline":
                c["kinds"].add("deadline")
                if a.end_of and not a.multi and a.unit in ("year", "month", "quarter", "half"):
                    # "đến hết năm 2019": the last day of the period
                    c["due"] = c["due"] or a.iend
                elif not a.multi and a.unit == "year":
                    c["due"] = c["due"] or _P(a.istart.y)
                elif not a.multi and a.unit == "month":
                    c["due"] = c["due"] or _P(a.istart.y, a.istart.m)
                else:
                    set_se(a.istart, a.iend)
            elif a.role == "start":
                c["kinds"].add("period")
                set_se(a.istart, a.iend if a.multi and not a.open else None)
            else:
                c["kinds"].add("period")
                set_se(a.istart, None if a.open else a.iend)
    return c


def _next(p: Optional[_P]) -> Optional[_P]:
    """The day after a full date (the month after a month, the year after a
    year); a partial date is kept as it is."""
    if p is None:
        return None
    if p.y is not None and p.m is not None and p.d is not None and p.d != _LAST:
        try:
            n = _dt.date(p.y, p.m, p.d) + _dt.timedelta(days=1)
        except ValueError:
            return p
        return _P(n.year, n.month, n.day)
    if p.y is not None and p.m is not None:
        last = calendar.monthrange(p.y, p.m)[1]
        if p.d in (None, _LAST, last):
            return _P(p.y + 1, 1, 1) if p.m == 12 else _P(p.y, p.m + 1, 1)
    if p.y is not None and p.m is None:
        return _P(p.y + 1, 1, 1)
    return p


def _render(p: Optional[_P], year: Optional[int]) -> Optional[str]:
    if p is None:
        return None
    y = p.y if p.y is not None else year
    if p.m is not None and p.d is not None:
        if not 1 <= p.m <= 12:
            return None
        last = calendar.monthrange(y if y else 2001, p.m)[1]
        d = last if p.d == _LAST else p.d
        if not 1 <= d <= (last if y or p.m != 2 else 29):
            return None
        return f"{y:04d}-{p.m:02d}-{d:02d}" if y else f"--{p.m:02d}-{d:02d}"
    if p.m is not None:
        if not 1 <= p.m <= 12:
            return None
        return f"{y:04d}-{p.m:02d}" if y else f"--{p.m:02d}"
    if y is not None:
        return f"{y:04d}"
    # a day of every month ("trước ngày 20 hằng tháng") has no due in
    # SCHEMA's forms (--MM-DD needs a month): the raw text keeps the day
    return None


def _resolve(contribs: list[dict], raw: str, default_year: Optional[int]) -> Timeline:
    kinds = set().union(*(c["kinds"] for c in contribs))
    kind = max(kinds, key=_PRIORITY.index)

    def first(k):
        for c in contribs:
            if c[k] is not None:
                return c[k]
        return None

    se = next(((c["start"], c["end"]) for c in contribs if c["has_start"] or c["has_end"]), (None, None))
    spans = [(c["start"], c["end"]) for c in contribs if c["start"] is not None and c["end"] is not None]
    if kind == "period" and len(spans) > 1 and all(p.y is not None for sp in spans for p in sp):
        # "Đợt 1: từ ngày 01/12/2025 đến ngày 14/12/2025. Đợt 2: từ … đến
        # ngày 20/02/2026": the work runs from the first start to the last end
        order = lambda p: (p.y, p.m or 0, p.d or 0)  # noqa: E731
        se = (min((sp[0] for sp in spans), key=order), max((sp[1] for sp in spans), key=order))
    due = first("due")
    date_due = first("date_due")
    rec = first("recurrence")
    start, end = se
    out = {"due": None, "start": None, "end": None, "recurrence": None}
    if kind == "date":
        out["due"] = due or date_due
    elif kind == "deadline":
        out["due"], out["start"], out["end"] = due, start, end
    elif kind in ("period", "ongoing"):
        out["start"], out["end"] = start, end
        if start is None and end is None and date_due is not None:
            out["start"] = date_due
    else:  # recurring, conditional
        out["due"], out["start"], out["end"] = due, start, end
        if start is None and end is None and date_due is not None:
            out["start"] = date_due
        out["recurrence"] = rec
        if kind == "conditional" and due is None and date_due is not None and out["start"] is None:
            out["due"] = date_due
    year = None if kind == "recurring" else default_year
    return Timeline(
        raw=raw,
        kind=kind,
        start=_render(out["start"], year),
        end=_render(out["end"], year),
        due=_render(out["due"], year),
        recurrence=out["recurrence"],
    )


def _working_text(text: str):
    """NFC text of the same length as `text`'s NFC form, with a map back to `text`."""
    if unicodedata.is_normalized("NFC", text):
        work, idx = text, None
    else:
        out, idx = [], []
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            seg = unicodedata.normalize("NFC", text[i:j])
            out.append(seg)
            idx.extend([i] * len(seg))
            i = j
        idx.append(n)
        work = "".join(out)
    work = work.replace("**", "  ").replace("__", "  ")
    return work, idx


def _scan(work: str, *, parse_mode: bool, keep_names: bool) -> list[_Expr]:
    # "đến 17 giờ 00, ngày 01/02/2026": the time of day reads as blank (same
    # length: offsets stay those of `work`)
    work = _cfg().pats["clock"].sub(lambda m: " " * len(m.group(0)), work)
    work = _respell(work)
    atoms = _raw_atoms(work, parse_mode)
    _attach_openers(work, atoms)
    atoms = [a for a in atoms if not _is_document_date(work, a)]
    exprs = _shared_frequency(work, _merge(work, atoms))
    if not keep_names:
        exprs = [x for e in exprs for x in [_without_name(work, e)] if x is not None]
    return exprs


def _shared_frequency(text: str, exprs: list[_Expr]) -> list[_Expr]:
    """Days of a list that one frequency closes ("trước ngày 01/6 và 15/11
    hằng năm"): each day recurs, not only the last (the first keeps its
    own span; the frequency is read for it too)."""
    for i in range(len(exprs) - 2, -1, -1):
        a, b = exprs[i], exprs[i + 1]
        if (re.fullmatch(r"\s*(?:,|và)\s*", text[a.end:b.start]) and not a.has("freq") and b.has("freq")
                and _days_of_no_year(a) and _days_of_no_year(b)):
            a.atoms = a.atoms + [x for x in b.atoms if x.type == "freq"]
    return exprs


def _days_of_no_year(e: _Expr) -> bool:
    """Are `e`'s dated atoms days without a year ("ngày 01/6"), and has it any?"""
    dated = e.dated
    return bool(dated) and all(x.type == "point" and x.unit == "day" and x.point.y is None for x in dated)


@functools.lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, str], "re.Pattern | None"]:
    table = {unicodedata.normalize("NFC", k).lower(): unicodedata.normalize("NFC", v).lower()
             for k, v in _cfg().cfg.get("spellings", {}).items()}
    table = {k: v for k, v in table.items() if len(k) == len(v)}  # offsets must stay
    if not table:
        return table, None
    return table, re.compile(rf"{_B}(?:{_alt(table)}){_E}", re.IGNORECASE)


def _respell(work: str) -> str:
    """The calendar words in their other spelling ("Quí IV-2025") read as the
    vocabulary's ("Quý"), case kept, offsets unchanged (rules/time.toml
    [spellings]); the text of the record keeps what was printed."""
    table, pat = _spellings()
    if pat is None:
        return work

    def one(m):
        w = table[m.group(0).lower()]
        return w[:1].upper() + w[1:] if m.group(0)[:1].isupper() else w

    return pat.sub(one, work)


def _without_name(text: str, e: _Expr) -> Optional[_Expr]:
    """`e`, or None when it is the year of a name; a name's year followed by
    a condition ("Quy hoạch … thời kỳ 2021-2030, tầm nhìn đến năm 2050 sau
    khi được Thủ tướng Chính phủ phê duyệt") leaves the condition alone."""
    if _is_name(text, e):
        return None
    if e.has("cond") and not (e.has("freq") or e.has("ongoing")) and e.atoms[0].type != "cond":
        k = next(i for i, a in enumerate(e.atoms) if a.type == "cond")
        if all(a.type == "cond" for a in e.atoms[k:]):
            lead = _Expr(atoms=e.atoms[:k], start=e.start, end=e.atoms[k - 1].end)
            if _is_name(text, lead):
                return _Expr(atoms=e.atoms[k:], start=e.atoms[k].start, end=e.end)
    return e


def _strip_trailing(value: str) -> str:
    """Drop a trailing "./.", ";", "," or a single "." (an ellipsis stays)."""
    while True:
        v = value.rstrip()
        if v.endswith("./."):
            v = v[:-3]
        elif v.endswith((";", ",")) or (v.endswith(".") and not v.endswith("..")):
            v = v[:-1]
        if v.rstrip() == value.rstrip():
            return v.strip()
        value = v


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("**", " ")).strip()


# --------------------------------------------------------------------------
# public API


def parse_timeline(raw: str, *, default_year: int | None = None) -> Timeline | None:
    """Read the value of a time attribute ("Quý III/2023", "Hằng năm, trước
    ngày 15 tháng 11", "Thường xuyên") as one `Timeline`; `None` when it has
    no time meaning ("Theo kế hoạch"). `raw` of the result is the value
    normalized (NFC, white space collapsed, a leading attribute label such
    as "Thời gian thực hiện:" and trailing ";" "." removed)."""
    if raw is None:
        return None
    value = normalize_line(raw)
    P = _cfg().pats
    m = P["label"].match(value)
    if m:
        value = value[m.end():]
    value = _strip_trailing(value)
    if not value:
        return None
    exprs = _scan(value, parse_mode=True, keep_names=False)
    if not exprs:
        if P["current_year"].match(value):
            if default_year is None:
                return Timeline(raw=value, kind="period")
            return Timeline(raw=value, kind="period", start=f"{default_year:04d}-01-01", end=f"{default_year:04d}-12-31")
        return None
    exprs = _outside_glosses(value, exprs)
    tl = _resolve([_contrib(e) for e in exprs], value, default_year)
    tl = _continued(value, exprs, tl, default_year) or tl
    if tl.kind == "conditional" and tl.start and not tl.end and not tl.due and _until_event().search(value):
        # "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê": a dated start and
        # an end at an event: a period open at its end
        tl = Timeline(raw=tl.raw, kind="period", start=tl.start, end=None)
    return tl


@functools.lru_cache(maxsize=1)
def _until_event():
    o = _cfg().cfg["openers"]
    return re.compile(rf"^\s*(?:{_alt(o['start'])})\s+\S.*?\s(?:{_alt(o['range_end'])})\s+khi{_E}", re.IGNORECASE)


def _outside_glosses(value: str, exprs: list[_Expr]) -> list[_Expr]:
    """A dated value glossed in parentheses ("Dự kiến ngày 05/12/2025 (chậm
    nhất ngày 10/12/2025)", "Quý II/2024 (trước ngày 30/6)"): the head outside
    the parentheses gives the kind and the dates; the gloss only qualifies
    it. Without a dated head the parenthesis is read as part of the value."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if not spans:
        return exprs
    inside = lambda e: any(a <= e.start and e.end <= b for a, b in spans)  # noqa: E731
    head = [e for e in exprs if not inside(e)]
    if len(head) < len(exprs) and any(e.dated for e in head):
        return head
    return exprs


def _continued(value: str, exprs: list[_Expr], tl: Timeline, default_year: int | None) -> Timeline | None:
    """A dated time continued by undated ongoing or recurring work after a
    link ("Tháng 12/2013 và thường xuyên"): an open period from the start
    of the dated part (rules/time.toml `ranges.continued_links`)."""
    dated = [i for i, e in enumerate(exprs) if e.dated]
    if not dated or dated[0] != 0 or tl.kind not in ("ongoing", "recurring"):
        return None
    last = dated[-1]
    if last + 1 >= len(exprs) or any(e.dated for e in exprs[last + 1:]):
        return None
    if any(a.type == "cond" for e in exprs for a in e.atoms):
        return None
    gap = value[exprs[last].end:exprs[last + 1].start]
    links = _cfg().cfg["ranges"]["continued_links"]
    if not re.match(rf"\s*,?\s*(?:{_alt(links)}){_E}", gap, re.IGNORECASE):
        return None
    head = _resolve([_contrib(e) for e in exprs[: last + 1]], value, default_year)
    start = head.start or head.due
    if start is None or len(start) < 4:
        return None
    if len(start) == 4:
        start += "-01-01"
    elif len(start) == 7:
        start += "-01"
    return Timeline(raw=value, kind="period", start=start, end=None)


def names_a_day(raw: str) -> bool:
    """Does a time phrase name a day ("trước ngày 20 tháng cuối quý")?"""
    return any(a.type == "point" for a in _raw_atoms(raw, True))


def find_time_expressions(
    text: str,
    *,
    default_year: int | None = None,
    strict: bool = False,
    keep_names: bool = False,
) -> list[tuple[tuple[int, int], Timeline]]:
    """Every time expression of running text: ((start, end), Timeline) with
    offsets into `text`, in text order. Dates of cited documents are never
    returned; years inside names only with `keep_names=True`; with
    `strict=True` bare frequency/ongoing adverbs inside a sentence are
    dropped (see the module docstring)."""
    if not text:
        return []
    work, idx = _working_text(text)
    exprs = _scan(work, parse_mode=False, keep_names=keep_names)
    out = []
    for e in exprs:
        if strict and all(a.bare for a in e.atoms) and not _introduced(work, e):
            continue
        raw = _clean(work[e.start:e.end])
        tl = _resolve([_contrib(e)], raw, default_year)
        span = (e.start, e.end) if idx is None else (idx[e.start], idx[e.end])
        out.append((span, tl))
    return out


def _introduced(work: str, e: _Expr) -> bool:
    """Does a bare adverb open a clause or follow an introducer?"""
    P = _cfg().pats
    if P["period_word"].match(work[e.start:e.end]):
        return True
    line = work[:e.start].rsplit("\n", 1)[-1]
    stripped = line.rstrip()
    if not stripped or stripped[-1] in ";.:(!?":
        return True
    if re.fullmatch(r"\s*(?:[-+•*–]|[a-zđ]\)|\d+(?:\.\d+)*[.)]?|[IVXLC]+\.)\s*", line):
        return True
    return bool(P["introducer"].search(line[-40:]))
