"""Deadlines: every dated obligation of the plan (SCHEMA "deadlines").

The task timelines that carry a date, the reporting deadlines of "TỔ CHỨC
THỰC HIỆN" and "Chế độ báo cáo", and any other dated obligation in the body:
time expressions of kind `deadline` or `date`, and `recurring` ones with a
day ("trước ngày 15 tháng 11 hàng năm"), a point of the cycle ("Tháng 12
hằng năm") or a report to make ("báo cáo kết quả thực hiện hằng năm"; the
words in rules/time.toml [deadlines]). Periods and ongoing work are not
deadlines. Dates of cited documents are not time expressions at all (the
timeline module leaves them out).
"""

from __future__ import annotations

import bisect
import functools

import regex as re

from .record import Deadline, Task
from .rules import alternation, load_toml
from .segment import Segments


@functools.lru_cache(maxsize=1)
def _recurring_cfg():
    c = load_toml("time.toml").get("deadlines", {})
    return (re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(c.get('report_words', []))})(?![\p{{L}}\p{{M}}])",
                       re.IGNORECASE),
            re.compile(c.get("cycle_point", "(?!)"), re.IGNORECASE))


def _is_deadline(tl, what: str | None = None, *, bare: bool = False) -> bool:
    """Is a timeline a dated obligation? `what`: the clause it schedules;
    `bare`: the time is an adverb inside a sentence ("lập dự toán ngân sách
    hàng năm", "báo cáo kết quả thực hiện hằng năm"), no schedule."""
    from .timeline import names_a_day

    if tl.kind == "recurring":
        # "trước ngày 15 tháng 11 hàng năm", "trước ngày 20 tháng cuối quý";
        # "Tháng 12 hằng năm" (a point of the cycle); a report on a schedule
        # ("Định kỳ hằng năm tổng hợp, báo cáo …", "Hằng năm, … báo cáo …")
        report, point = _recurring_cfg()
        return (tl.due is not None or names_a_day(tl.raw) or bool(point.search(tl.raw))
                or (not bare and (bool(what and report.search(what)) or bool(report.search(tl.raw)))))
    return tl.kind in ("deadline", "date") or (tl.kind == "conditional" and tl.due is not None)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around [start, end) without the time phrase: what is due."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start), text.rfind("(", 0, start))
    right_c = [i for i in (text.find(";", end), text.find(". ", end), text.find(")", end)) if i >= 0]
    right = min(right_c) if right_c else len(text)
    clause = (text[left + 1 : start] + " " + text[end:right]).strip(" ,;:.()").lstrip("-+*•– ")
    return re.sub(r"\s+", " ", clause) or None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end)."""
    left = text.rfind(". ", 0, start)
    right = text.find(". ", end)
    return text[left + 1 if left >= 0 else 0: right if right >= 0 else len(text)]


def _before(due: str | None, issue_date: str | None) -> bool:
    """Is a due date (full or partial) wholly before the plan was issued?"""
    if not due or not issue_date or due.startswith("-"):
        return False
    return due < issue_date[: len(due)]


def find_deadlines(
    seg: Segments, tasks: list[Task], *, default_year: int | None = None, issue_date: str | None = None
) -> list[Deadline]:
    """Dated obligations of the body, in text order. Left out: time phrases
    of section headings that are no task ("B. NHIỆM VỤ TỪ NAY ĐẾN NĂM 2020"
    scopes a part, it sets no due date) and dates before the plan's own
    `issue_date` (a condition of eligibility, "đăng ký thường trú trước ngày
    15/6/2013", not something to do)."""
    from .tasks import attribute_of
    from .timeline import find_time_expressions

    doc = seg.doc
    body = [z for z in seg.zones if z[2] == "body"]
    if not body:
        return []
    b_start, b_end = body[0][0], body[0][1]
    starts = [t.span[0] for t in tasks if t.span]
    by_start = [t for t in tasks if t.span]
    out: list[Deadline] = []
    seen: set[tuple[int, int]] = set()
    task_starts = set(starts)
    headings = {n.start for n in seg.sections()} - task_starts
    for p in doc.paragraphs:
        if p.start < b_start or p.start >= b_end or p.start in headings:
            continue
        attr = attribute_of(p.text.lstrip("-+*•– "))
        found = find_time_expressions(p.text, default_year=default_year, strict=False)
        scheduled = {sp for sp, _ in find_time_expressions(p.text, default_year=default_year, strict=True)}
        for (s, e), tl in found:
            span = (p.start + s, p.start + e)
            i = bisect.bisect_right(starts, span[0]) - 1
            task = by_start[i] if i >= 0 else None
            what = _clause(p.text, s, e)
            if task is not None and attr:
                # "- Thời gian thực hiện: Quý II/2015": the task's work is due
                what = task.title
            # a schedule that opens the sentence governs all of it ("e) Hằng năm,
            # tổ chức kiểm tra …; tổ chức sơ kết … để tổng hợp, báo cáo UBND tỉnh")
            if not _is_deadline(tl, _sentence(p.text, s, e), bare=(s, e) not in scheduled):
                continue
            # a date before the plan: a condition ("đăng ký thường trú trước
            # ngày 15/6/2013"), unless a task's time line gives it
            if _before(tl.due, issue_date) and not (task and attr):
                continue
            if span in seen:
                continue
            seen.add(span)
            agency = ", ".join(a.name for a in task.lead) if task and task.lead else None
            out.append(
                Deadline(
                    raw=tl.raw,
                    kind=tl.kind,
                    due=tl.due,
                    recurrence=tl.recurrence,
                    start=tl.start,
                    end=tl.end,
                    what=what,
                    agency=agency,
                    task_id=task.id if task else None,
                    span=span,
                )
            )
    # the dated timelines of tasks outside the body (rows of an appendix
    # task table after the signature): their own, not inherited ones
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        tl = t.timeline
        if tl is None or not t.span or b_start <= t.span[0] < b_end:
            continue
        parent = by_id.get(t.parent) if t.parent else None
        if parent is not None and parent.timeline == tl:
            continue
        if not _is_deadline(tl, t.title) or _before(tl.due, issue_date):
            continue
        out.append(Deadline(raw=tl.raw, kind=tl.kind, due=tl.due, recurrence=tl.recurrence, start=tl.start,
                            end=tl.end, what=t.title,
                            agency=", ".join(a.name for a in t.lead) if t.lead else None,
                            task_id=t.id, span=t.span))
    return out
