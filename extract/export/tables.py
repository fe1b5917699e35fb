"""Records -> pandas DataFrames, one per entity (the researchers' API)."""

from __future__ import annotations

import functools
from typing import Iterable

from ..record import Record
from ..rules import load_table

TABLES = ["documents", "legal_bases", "tasks", "task_agencies", "deadlines", "errors"]
SEP = " | "


@functools.lru_cache(maxsize=1)
def _columns() -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list] = {t: [] for t in TABLES}
    for row in load_table("export/columns.tsv"):
        table, key, vi, en, meaning = (list(row) + [""] * 5)[:5]
        out.setdefault(table, []).append((key, vi, en, meaning))
    return out


def columns(table: str, lang: str = "en") -> list[str]:
    """Column keys (lang="key"), or their headers in "vi" or "en"."""
    idx = {"key": 0, "vi": 1, "en": 2}[lang]
    return [c[idx] for c in _columns()[table]]


def _rows(records: Iterable[Record | dict]):
    rows = {t: [] for t in TABLES}
    for r in records:
        for t, rs in rows_of(r).items():
            rows[t].extend(rs)
    return rows


def rows_of(r: Record | dict, **where) -> dict[str, list[dict]]:
    """The table rows of one record (keys as in rules/export/columns.tsv).
    `where` fills the documents row's place in a collection (record, review,
    input, input_status; extract/export/collection.py)."""
    rows = {t: [] for t in TABLES}
    rec = r if isinstance(r, Record) else Record.model_validate(r)
    f = rec.source.file
    d = rec.document
    s = d.signer
    rows["documents"].append(
        {
            "file": f, "record": where.get("record"), "review": where.get("review"),
            "input": where.get("input"), "input_status": where.get("input_status"), "sha256": rec.source.sha256, "format": rec.source.format,
            "pages": rec.source.pages, "ocr": rec.source.ocr, "ocr_confidence": rec.source.ocr_confidence,
            "doc_type": d.doc_type, "number": d.number, "number_code": d.number_code,
            "issue_date": d.issue_date, "place": d.place, "title": d.title,
            "issuing_body": d.issuing_body, "issuer_level": d.issuer_level, "province": d.province,
            "province_2025": d.province_2025, "signer_name": s.name, "signer_position": s.position,
            "signer_authority": s.authority, "signer_on_behalf_of": s.on_behalf_of,
            "recipients": SEP.join(d.recipients), "n_legal_bases": len(rec.legal_bases),
            "n_tasks": len(rec.tasks), "n_deadlines": len(rec.deadlines), "warnings": SEP.join(rec.warnings),
        }
    )
    for lb in rec.legal_bases:
        rows["legal_bases"].append(
            {"file": f, "relation": lb.relation, "doc_type": lb.doc_type, "number": lb.number,
             "date": lb.date, "issuer": lb.issuer, "title": lb.title, "text": lb.text}
        )
    for t in rec.tasks:
        tl = t.timeline
        rows["tasks"].append(
            {"file": f, "task_id": t.id, "parent": t.parent, "section": t.section, "title": t.title,
             "lead": SEP.join(a.name for a in t.lead), "support": SEP.join(a.name for a in t.support),
             "requested": t.requested, "timeline_raw": tl.raw if tl else None,
             "timeline_kind": tl.kind if tl else None, "start": tl.start if tl else None,
             "end": tl.end if tl else None, "due": tl.due if tl else None,
             "recurrence": tl.recurrence if tl else None}
        )
        due = (tl.due or tl.end) if tl else None
        for role, people in (("lead", t.lead), ("support", t.support)):
            for a in people:
                rows["task_agencies"].append(
                    {"file": f, "task_id": t.id, "role": role, "agency": a.name, "jurisdiction": a.jurisdiction,
                     "title": t.title, "timeline_kind": tl.kind if tl else None, "due": due,
                     "recurrence": tl.recurrence if tl else None, "timeline_raw": tl.raw if tl else None}
                )
    for dl in rec.deadlines:
        rows["deadlines"].append(
            {"file": f, "raw": dl.raw, "kind": dl.kind, "due": dl.due, "recurrence": dl.recurrence,
             "what": dl.what, "agency": dl.agency, "task_id": dl.task_id}
        )
    return rows


def to_frames(records: Iterable[Record | dict], errors: Iterable[dict] = (), *, lang: str = "key") -> dict:
    """A dict of DataFrames: documents, legal_bases, tasks, task_agencies,
    deadlines, errors. Column names are keys (lang="key", the default) or the
    Vietnamese ("vi") / English ("en") headers."""
    return frames_from_rows(_rows(records), errors, lang=lang)


def frames_from_rows(rows: dict[str, list[dict]], errors: Iterable[dict] = (), *, lang: str = "key") -> dict:
    """DataFrames from rows collected with `rows_of` (a batch keeps rows, not
    records, so its memory stays small)."""
    import pandas as pd

    rows = dict(rows)
    rows["errors"] = [{"file": e.get("file"), "stage": e.get("stage"), "error": e.get("error")} for e in errors]
    frames = {}
    for t in TABLES:
        keys = columns(t, "key")
        df = pd.DataFrame(rows[t], columns=keys)
        if lang != "key":
            df.columns = columns(t, lang)
        frames[t] = df
    return frames
