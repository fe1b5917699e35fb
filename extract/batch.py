"""Batch runs: many files -> records, a workbook, CSV files and a manifest.

Guarantees an analyst can rely on:
- a bad file becomes a row of the errors sheet and one line on stderr; the
  batch goes on;
- every record is written atomically as soon as its file is done, so a run
  that is interrupted (Ctrl-C) or killed loses nothing: the next run skips
  the files whose record already matches their sha256 and the pipeline
  version, and finishes the rest (`force=True` redoes everything);
- the workbook, CSVs and manifest are written at the end, atomically;
- each file is read in a worker process with capped memory and a time limit
  enforced from outside (extract/workers.py): a file that needs too much of
  either is an error row, not a stopped batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KehoachError
from .export import atomic_write_text, record_path, write_csvs, write_record, write_workbook
from .export.files import TEMP_SUFFIX
from .export.tables import TABLES, frames_from_rows, rows_of
from .pipeline import PIPELINE_VERSION, StageTimer, extract_file
from .paths import raw_hex, shown
from .record import Record
from .workers import DEFAULT_MAX_MEMORY, WorkerPool

WORKBOOK_NAME = "kehoach.xlsx"
MANIFEST_NAME = "manifest.json"


@dataclass
class Item:
    path: Path  # the input file
    rel: str  # its name relative to the input it came from (record name)
    sha256: str = ""
    status: str = "pending"  # extracted | skipped | failed
    error: str | None = None
    stage: str | None = None
    seconds: float | None = None
    stages: dict = field(default_factory=dict)
    record: Record | None = None  # kept only with run_batch(keep_records=True)
    rows: dict | None = None  # its table rows, for the workbook and CSVs


@dataclass
class BatchResult:
    items: list[Item]
    out_dir: Path
    interrupted: bool = False
    registered: dict | None = None  # register summary (run_batch(register=PATH))

    @property
    def failed(self) -> list[Item]:
        return [i for i in self.items if i.status == "failed"]

    @property
    def records(self) -> list[Record]:
        return [i.record for i in self.items if i.record is not None]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


class UsageError(KehoachError):
    pass


def expand_inputs(inputs: list[str]) -> tuple[list[Item], list[Item]]:
    """Files, folders (recursive) and globs -> items; unusable inputs -> failed items."""
    from .ingest import supported_extensions

    exts = set(supported_extensions())
    items: list[Item] = []
    bad: list[Item] = []
    seen: set[Path] = set()

    def add(p: Path, rel: str):
        rp = p.resolve()
        if rp in seen:
            return
        seen.add(rp)
        items.append(Item(p, rel))

    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in exts and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    add(f, str(f.relative_to(p)))
        elif p.is_file():
            add(p, p.name)
        elif any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                bad.append(Item(p, p.name, status="failed", stage="input", error="no file matches this pattern"))
            for f in files:
                add(f, f.name)
        else:
            bad.append(Item(p, p.name, status="failed", stage="input", error="no such file or folder"))
    # two inputs with the same relative name (a/plan.pdf, b/plan.pdf given as files)
    names: dict[str, int] = {}
    for it in items:
        n = names.get(it.rel, 0)
        names[it.rel] = n + 1
        if n:
            stem = Path(it.rel)
            it.rel = str(stem.with_name(f"{stem.stem}~{n + 1}{stem.suffix}"))
    return items, bad


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _work(path: str, time_limit: float | None = None, max_memory: int | None = None) -> tuple:
    """Worker: one file -> ("ok", record_json, stages, seconds) | ("error", stage, message)."""
    from .workers import format_bytes

    try:
        res = _extract_one(path, time_limit)
    except MemoryError:
        res = ("error", "extract", "out of memory while reading")
    if res[0] == "error" and max_memory and "out of memory" in res[2]:
        res = (res[0], res[1], f"needed more than {format_bytes(max_memory)} of memory")
    return res


def _extract_one(path: str, time_limit: float | None) -> tuple:
    from .ingest import Limits

    t0 = time.perf_counter()
    timer = StageTimer()
    try:
        rec = extract_file(path, timer=timer, limits=Limits(time_limit_s=time_limit) if time_limit else None)
    except KehoachError as e:
        stage = "ingest" if "segment" not in timer.seconds else "extract"
        return ("error", stage, getattr(e, "reason", str(e)))
    except Exception as e:  # a bug: report it on the file, keep the batch going
        return ("error", "extract", f"internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    return ("ok", rec.to_json(indent=None), timer.seconds, time.perf_counter() - t0)


def _outer_limit(time_limit: float | None) -> float | None:
    """The parent's limit: the worker's own (a clean error from inside) plus
    a grace period, after which the worker is killed."""
    return None if not time_limit else time_limit + min(10.0, 1.0 + 0.05 * time_limit)


def _reusable(item: Item, rpath: Path) -> Record | None:
    if not rpath.exists():
        return None
    try:
        rec = Record.from_json(rpath.read_text(encoding="utf-8"))
    except Exception:
        return None
    if rec.source.sha256 == item.sha256 and rec.pipeline_version == PIPELINE_VERSION:
        return rec
    return None


def run_batch(
    inputs: list[str],
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    lang: str = "vi",
    progress: bool = True,
    workbook: bool = True,
    csv: bool = True,
    time_limit: float | None = None,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    stderr=None,
    register: str | Path | None = None,
    keep_records: bool = True,
) -> BatchResult:
    """Run the pipeline over `inputs` into `out_dir` (see the module doc).

    The workbook and CSVs are built from table rows kept per file, and the
    register is filled as files finish, so memory stays small when
    `keep_records=False` (what the command line uses); with the default
    `keep_records=True` the records are also returned in `BatchResult.records`.
    """
    stderr = stderr or sys.stderr
    out = Path(out_dir)
    items, bad = expand_inputs(inputs)
    if not items and not bad:
        raise UsageError("no input files (give files, folders or patterns)")
    out.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    # temp files of a run that was killed while writing (never a record)
    for stale in out.rglob(f".*{TEMP_SUFFIX}"):
        try:
            stale.unlink()
        except OSError:
            pass

    stack = contextlib.ExitStack()
    reg = None
    reg_queue: list[Record] = []
    reg_results: list = []
    if register is not None:
        from .register import open_register

        reg = stack.enter_context(open_register(register))

    def flush_register():
        if reg is not None and reg_queue:
            reg_results.extend(reg.add_many(reg_queue))
            reg_queue.clear()

    def absorb(it: Item, rec: Record):
        if workbook or csv:
            it.rows = rows_of(rec)
        if keep_records:
            it.record = rec
        if reg is not None:
            reg_queue.append(rec)
            if len(reg_queue) >= 200:
                flush_register()

    pending: list[Item] = []
    for it in items:
        try:
            it.sha256 = _sha256(it.path)
        except OSError as e:
            it.status, it.stage, it.error = "failed", "input", f"cannot read file ({e.strerror or e})"
            continue
        rec = None if force else _reusable(it, record_path(out, it.rel))
        if rec is not None:
            it.status = "skipped"
            absorb(it, rec)
        else:
            pending.append(it)

    for it in bad:
        print(f"error: {shown(it.path)}: {shown(it.error or '')}", file=stderr)

    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = None
    if progress and pending:
        from tqdm import tqdm

        skipped = sum(1 for i in items if i.status == "skipped")
        bar = tqdm(total=len(pending), unit="plan", desc="extract" + (f" ({skipped} up to date)" if skipped else ""), file=stderr, dynamic_ncols=True)

    def finish(it: Item, res: tuple):
        if res[0] == "ok":
            rec = Record.from_json(res[1])
            try:
                write_record(rec, record_path(out, it.rel))
            except OSError as e:
                it.status, it.stage, it.error = "failed", "write", f"cannot write record ({e.strerror or e})"
            else:
                it.status, it.stages, it.seconds = "extracted", res[2], res[3]
                absorb(it, rec)
        else:
            it.status, it.stage, it.error = "failed", res[1], res[2]
        if it.status == "failed":
            msg = f"error: {shown(it.path)}: {shown(it.error or '')}"
            if bar is not None:
                bar.write(msg, file=stderr)
            else:
                print(msg, file=stderr)
        if bar is not None:
            bar.update(1)

    interrupted = False
    try:
        if pending:
            # every file in a worker process: memory capped, time watched from
            # here, a worker killed at the limit and replaced (extract/workers.py)
            with WorkerPool(_work, min(jobs, len(pending)), max_memory=max_memory,
                            time_limit=_outer_limit(time_limit)) as pool:
                tasks = [(i, (str(it.path), time_limit, max_memory)) for i, it in enumerate(pending)]
                for i, res in pool.map(tasks):
                    if res[0] == "error" and res[2].startswith("still reading after"):
                        res = ("error", res[1], f"still reading after {time_limit:g} s (time limit)")
                    finish(pending[i], res)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()

    all_items = bad + items
    result = BatchResult(all_items, out, interrupted)
    try:
        flush_register()  # what finished is registered even when interrupted
    finally:
        stack.close()
    if reg is not None:
        from .register import summarize

        result.registered = summarize(reg_results)
    if interrupted:
        return result
    errors = [{"file": shown(i.path), "stage": i.stage, "error": i.error} for i in all_items if i.status == "failed"]
    if workbook or csv:
        rows = {t: [r for i in all_items if i.rows for r in i.rows[t]] for t in TABLES if t != "errors"}
        frames = frames_from_rows(rows, errors)
        if workbook:
            write_workbook(frames, out / WORKBOOK_NAME, lang=lang)
        if csv:
            write_csvs(frames, out / "csv", lang=lang)
    manifest = {
        "pipeline_version": PIPELINE_VERSION,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "out_dir": str(out),
        "counts": {s: sum(1 for i in all_items if i.status == s) for s in ("extracted", "skipped", "failed")},
        "files": [
            {
                "input": shown(i.path),
                "input_bytes": raw_hex(i.path),
                "record": shown(record_path(out, i.rel).relative_to(out)) if i.status in ("extracted", "skipped") else None,
                # the record's real file name, hex bytes, when `record` had to be shown safely
                "record_bytes": raw_hex(record_path(out, i.rel).relative_to(out)) if i.status in ("extracted", "skipped") else None,
                "sha256": i.sha256 or None,
                "status": i.status,
                "stage": i.stage,
                "error": i.error,
                "seconds": round(i.seconds, 4) if i.seconds is not None else None,
                "stages": {k: round(v, 4) for k, v in i.stages.items()},
            }
            for i in all_items
        ],
    }
    atomic_write_text(out / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return result


def extract_folder(path: str | Path, out_dir: str | Path | None = None, **options) -> BatchResult:
    """Every plan under `path` (recursive) -> a `BatchResult` with `.records`
    and `.failed`. With `out_dir`, records, workbook, CSVs and the manifest
    are written there (and later runs are incremental); without it, they go
    to a temporary folder that is removed. Options are those of `run_batch`."""
    import tempfile

    options.setdefault("progress", False)
    if out_dir is not None:
        return run_batch([str(path)], out_dir, **options)
    with tempfile.TemporaryDirectory(prefix="kehoach-") as tmp:
        options.setdefault("workbook", False)
        options.setdefault("csv", False)
        res = run_batch([str(path)], tmp, **options)
    res.out_dir = None
    return res
