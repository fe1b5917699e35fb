"""The pipeline: one file -> one `Record`.

ingest -> normalize (inside ingest) -> segment -> extract (header, legal
bases, tasks, deadlines) -> resolve (jurisdictions, agency list) -> the
record. `extract_file` is the Python API's entry point; `extract_document`
does the same from an already ingested `Document`.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .document import Document
from .errors import KehoachError
from .paths import raw_hex, shown
from .record import AgencyEntry, Record, Source

PIPELINE_VERSION = __version__


class NotAPlanError(KehoachError):
    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StageTimer:
    """Seconds spent per named stage (ingest, segment, extract, …)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


def _year(iso: str | None) -> int | None:
    if iso and iso[:4].isdigit():
        return int(iso[:4])
    return None


def agencies_of(tasks) -> list[AgencyEntry]:
    from .agency import match_key

    entries: dict[tuple[str, str | None], AgencyEntry] = {}
    for t in tasks:
        for role, people in (("lead", t.lead), ("support", t.support)):
            for a in people:
                k = (match_key(a.name), a.jurisdiction)
                e = entries.get(k)
                if e is None:
                    e = entries[k] = AgencyEntry(name=a.name, jurisdiction=a.jurisdiction)
                if role not in e.roles:
                    e.roles.append(role)
                if t.id not in e.task_ids:
                    e.task_ids.append(t.id)
    return list(entries.values())


def funding_of(seg) -> list[str]:
    """Paragraphs that say where the money comes from (KINH PHÍ sections and
    "Kinh phí …" items)."""
    import regex as re

    from .agency import fold
    from .segment import HEADING_KINDS

    out: list[str] = []
    for node in seg.root.walk():
        if node.kind in HEADING_KINDS and "kinh phi" in fold(node.text):
            for c in node.walk():
                if c is not node and c.text:
                    out.append(c.text)
        elif node.kind not in HEADING_KINDS + ("root",) and re.match(r"(?i)^kinh phí\b", node.text):
            out.append(node.text)
    seen, uniq = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            uniq.append(t)
    return uniq


def looks_like_plan(seg) -> bool:
    """A plan (or the document issuing one) has a type heading or numbered sections."""
    return seg.doc_type_index is not None or bool(seg.sections())


def extract_document(doc: Document, *, timer: StageTimer | None = None) -> Record:
    from .checks import record_warnings
    from .deadlines import find_deadlines
    from .header import extract_header
    from .legal import find_references, without_self
    from .segment import segment
    from .tasks import extract_tasks

    timer = timer or StageTimer()
    with timer.stage("segment"):
        seg = segment(doc)
    if not looks_like_plan(seg):
        raise NotAPlanError(doc.source.file, "not an administrative plan (no document-type heading such as 'KẾ HOẠCH' and no numbered sections)")
    with timer.stage("extract"):
        info, warnings = extract_header(doc, seg)
        year = _year(info.issue_date)
        legal = find_references(doc.text, seg.zones, [(f.marker, f.text) for f in doc.footnotes])
        legal = without_self(legal, info.doc_type, info.number)
        tasks = extract_tasks(seg, jurisdiction=info.province, default_year=year)
        deadlines = find_deadlines(seg, tasks, default_year=year, issue_date=info.issue_date)
    with timer.stage("resolve"):
        agencies = agencies_of(tasks)
        funding = funding_of(seg)
        warnings = list(warnings) + record_warnings(tasks, deadlines)
    src = doc.source
    return Record(
        pipeline_version=PIPELINE_VERSION,
        source=Source(
            file=shown(src.file),
            file_bytes=raw_hex(src.file),
            sha256=src.sha256,
            format=src.format,
            pages=src.pages,
            ocr=src.ocr,
            ocr_confidence=src.ocr_confidence,
            page_confidence=list(src.page_confidence),
            encoding=src.encoding,
        ),
        document=info,
        legal_bases=legal,
        tasks=tasks,
        deadlines=deadlines,
        agencies=agencies,
        funding=funding,
        warnings=list(doc.warnings) + list(warnings),
    )


def extract_file(path: str | Path, *, timer: StageTimer | None = None, limits=None) -> Record:
    """Read one plan and return its record (raises `KehoachError` subclasses).

    `limits`: an `extract.ingest.Limits` (file size, zip bombs, image size,
    per-file time limit); the defaults suit plans of up to a few hundred pages."""
    from .ingest import ingest

    timer = timer or StageTimer()
    doc = ingest(path, limits, timer=timer)
    return extract_document(doc, timer=timer)
