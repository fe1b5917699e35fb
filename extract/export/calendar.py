"""Deadlines in a calendar: records -> iCalendar (RFC 5545) events.

Every dated obligation of a plan becomes an all-day event: a deadline or a
task's due date on its day; the end of a task's period on its last day; a
due date known only to the month on the month's last day. A yearly,
half-yearly, quarterly or monthly obligation with a day ("trước ngày 15
tháng 11 hằng năm", `--11-15`) is one recurring event (RRULE), from its
first day on or after the plan's issue date. Each event names the plan
(number, issuer), the task and its lead agency. An obligation with no day
at all ("báo cáo hằng quý") cannot be placed and is counted as left out.

The file is written with `icalendar`; UIDs are stable (the same plan gives
the same events), so importing the file again updates instead of doubling.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Iterable

from ..agency import fold
from ..record import Record
from .dates import YEARLY, as_date, last_day, next_occurrence

_RRULES = {
    "yearly": {"freq": "yearly"},
    "half-yearly": {"freq": "monthly", "interval": 6},
    "quarterly": {"freq": "monthly", "interval": 3},
    "monthly": {"freq": "monthly"},
    "weekly": {"freq": "weekly"},
}


@dataclass
class Obligation:
    plan: str  # "53/KH-UBND" (or the file name)
    plan_sha: str
    issuer: str | None
    plan_title: str | None
    task_id: str | None
    what: str
    raw: str
    day: dt.date
    recurrence: str | None = None  # RRULE frequency name (yearly …) when it repeats
    approximate: str | None = None  # "month": only the month is known
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)

    @property
    def uid(self) -> str:
        h = hashlib.sha1(f"{self.plan_sha}|{self.task_id}|{self.day}|{self.recurrence}|{self.raw}".encode()).hexdigest()[:20]
        return f"{h}@kehoach"


@dataclass
class CalendarResult:
    obligations: list[Obligation]
    left_out: int  # obligations with no day to place


def _day_of(due: str | None, start: dt.date) -> tuple[dt.date | None, str | None]:
    """(day, approximation) of a due value; a yearly day from `start` on."""
    if not due:
        return None, None
    if d := as_date(due):
        return d, None
    if YEARLY.match(due):
        return next_occurrence(due, start), None
    if len(due) == 7:  # "2024-05"
        return last_day(due), "month"
    return None, None  # a year alone is no day


def obligations(records: Iterable[Record], agency: str | None = None) -> CalendarResult:
    """The dated obligations of `records` (those of `agency` only, when
    given: a lead or supporting body, or the deadline's own agency, matched
    folded and as a part of the name)."""
    want = fold(agency) if agency else None
    out: list[Obligation] = []
    left = 0
    for rec in records:
        d = rec.document
        issued = as_date(d.issue_date) or last_day(d.issue_date) or dt.date.today()
        plan = d.number or rec.source.file
        tasks = {t.id: t for t in rec.tasks}
        seen: set[tuple] = set()

        def add(task, what, raw, due, recurrence, agencies_extra=()):
            nonlocal left
            lead = [a.name for a in task.lead] if task else []
            support = [a.name for a in task.support] if task else []
            names = lead + support + [a for a in agencies_extra if a]
            if want and not any(want in fold(n) for n in names):
                return
            day, approx = _day_of(due, issued)
            if day is None:
                if recurrence or due:
                    left += 1
                return
            rec_rule = recurrence if recurrence in _RRULES and due and (due.startswith("--") or as_date(due)) else None
            key = (task.id if task else None, day, rec_rule)
            if key in seen:
                return
            seen.add(key)
            out.append(Obligation(plan, rec.source.sha256, d.issuing_body, d.title, task.id if task else None,
                                  what, raw, day, rec_rule, approx, lead or [a for a in agencies_extra if a], support))

        for t in rec.tasks:
            tl = t.timeline
            if tl is None:
                continue
            if tl.kind in ("deadline", "date", "recurring") and (tl.due or tl.kind == "recurring"):
                add(t, t.title, tl.raw, tl.due, tl.recurrence if tl.kind == "recurring" else None)
            elif tl.kind == "period" and tl.end:
                add(t, t.title, tl.raw, tl.end, None)
        for dl in rec.deadlines:
            task = tasks.get(dl.task_id) if dl.task_id else None
            what = dl.what or (task.title if task else None) or dl.raw
            add(task, what, dl.raw, dl.due or (dl.end if dl.kind == "period" else None),
                dl.recurrence if dl.kind == "recurring" else None, (dl.agency,))
    out.sort(key=lambda o: (o.day, o.plan, o.task_id or ""))
    return CalendarResult(out, left)


def to_ical(result: CalendarResult, *, name: str = "kehoach", stamp: dt.datetime | None = None) -> bytes:
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", "-//kehoach//Vietnamese plan deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for o in result.obligations:
        ev = Event()
        ev.add("uid", o.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", o.day)
        ev.add("dtend", o.day + dt.timedelta(days=1))
        head = f"[{o.plan}{' ' + o.task_id if o.task_id else ''}]"
        what = o.what if len(o.what) <= 120 else o.what[:117].rstrip() + "…"
        ev.add("summary", f"{head} {what}")
        lines = [f"Kế hoạch: {o.plan}" + (f" ({o.issuer})" if o.issuer else "")]
        if o.plan_title:
            lines.append(f"Trích yếu: {o.plan_title}")
        if o.task_id:
            lines.append(f"Nhiệm vụ {o.task_id}: {o.what}")
        else:
            lines.append(f"Nội dung: {o.what}")
        if o.lead:
            lines.append("Chủ trì: " + "; ".join(o.lead))
        if o.support:
            lines.append("Phối hợp: " + "; ".join(o.support))
        lines.append(f"Thời hạn: {o.raw}" + (" (chỉ rõ tháng: hạn đặt vào ngày cuối tháng)" if o.approximate == "month" else ""))
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["Kế hoạch", o.plan])
        if o.recurrence:
            rule = dict(_RRULES[o.recurrence])
            if rule["freq"] == "yearly":
                rule.update(bymonth=o.day.month, bymonthday=o.day.day)
            elif rule["freq"] == "monthly":
                rule.update(bymonthday=o.day.day)
            ev.add("rrule", vRecur(rule))
        cal.add_component(ev)
    return cal.to_ical()
