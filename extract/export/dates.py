"""Record dates as the calendar sees them: ISO full dates, a month
("2024-05"), a year ("2023"), a yearly day ("--11-15").

`as_date` gives the date of a full value, `last_day` the last day a value
covers, `next_occurrence` the next day a due value falls on from a given
day. Used by the workbook (date cells, the summary's next due date) and the
calendar.
"""

from __future__ import annotations

import calendar
import datetime as dt

import regex as re

FULL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
YEARLY = re.compile(r"^--(\d{2})-(\d{2})$")


def as_date(v) -> dt.date | None:
    """A full ISO date as a date; anything else None."""
    if isinstance(v, str) and FULL.match(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def last_day(v: str | None) -> dt.date | None:
    """The last day a date value covers: "2024-05" -> 2024-05-31, "2023" ->
    2023-12-31, a full date itself; None for yearly days and nothing."""
    if not v:
        return None
    if d := as_date(v):
        return d
    if m := MONTH.match(v):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    if m := YEAR.match(v):
        return dt.date(int(m[1]), 12, 31)
    return None


def next_occurrence(v: str | None, today: dt.date) -> dt.date | None:
    """The next day, from `today` on, a due value falls on: a yearly day
    ("--11-15") this year or next; a dated value its last day if not past."""
    if not v:
        return None
    if m := YEARLY.match(v):
        mo, d = int(m[1]), int(m[2])
        for y in (today.year, today.year + 1, today.year + 2):
            try:
                day = dt.date(y, mo, d)
            except ValueError:  # 29 February
                continue
            if day >= today:
                return day
        return None
    day = last_day(v)
    return day if day is not None and day >= today else None
