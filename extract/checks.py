"""Checks of a finished extraction: what a reader of the record should know.

The record's `warnings` already say what ingest and the header noticed (an
OCR page of low confidence, a blank day in the date, an issuer inferred from
the preamble). These are the checks on the tasks and deadlines:
- a task tree (a top-level task and everything under it) with no lead agency
  anywhere in it: who does the work is not said, or was not found;
- a deadline or due date with a day and month but no year that does not
  repeat: it cannot be placed in a calendar.
Each warning is one line, "<field>: <what>", as the others.
"""

from __future__ import annotations

from .record import Deadline, Task

_MAX_IDS = 8


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_MAX_IDS])
    return shown + (f" and {len(ids) - _MAX_IDS} more" if len(ids) > _MAX_IDS else "")


def task_warnings(tasks: list[Task]) -> list[str]:
    children: dict[str | None, list[Task]] = {}
    for t in tasks:
        children.setdefault(t.parent, []).append(t)

    def has_lead(t: Task) -> bool:
        return bool(t.lead) or any(has_lead(c) for c in children.get(t.id, []))

    ids = {t.id for t in tasks}
    roots = [t for t in tasks if t.parent is None or t.parent not in ids]
    leaderless = [t.id for t in roots if not has_lead(t)]
    if not leaderless:
        return []
    return [f"tasks: no lead agency in {_ids(leaderless)} nor in their sub-tasks ({len(leaderless)} of {len(roots)} task groups)"]


def _yearless(due: str | None, kind: str, recurrence: str | None) -> bool:
    return bool(due) and due.startswith("--") and kind != "recurring" and not recurrence


def date_warnings(tasks: list[Task], deadlines: list[Deadline]) -> list[str]:
    out = []
    for t in tasks:
        tl = t.timeline
        if tl is not None and (_yearless(tl.due, tl.kind, tl.recurrence) or _yearless(tl.end, tl.kind, tl.recurrence)):
            out.append(f"tasks: {t.id}: the date «{tl.raw}» has no year")
    for d in deadlines:
        if _yearless(d.due, d.kind, d.recurrence) and not d.task_id:
            out.append(f"deadlines: the date «{d.raw}» has no year")
    return out


def record_warnings(tasks: list[Task], deadlines: list[Deadline]) -> list[str]:
    return task_warnings(tasks) + date_warnings(tasks, deadlines)
