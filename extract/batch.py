"""Batch runs: many files -> records, a workbook, CSV files and a manifest.

Guarantees an analyst can rely on:
- a bad file becomes a row of the errors sheet and one line on stderr; the
  batch goes on;
- every record is written atomically as soon as its file is done, so a run
  that is interrupted (Ctrl-C) or killed loses nothing: the next run skips
  the files whose record already matches their sha256 and the pipeline
  version, and finishes the rest (`force=True` redoes everything);
- the workbook, CSVs and manifest are rebuilt at the end, atomically, from
  every record in the output folder (extract/export/collection.py): a
  second batch into the same folder adds to the first;
- each file is read in a worker process with capped memory and a time limit
  enforced from outside (extract/workers.py): a file that needs too much of
  either is an error row, not a stopped batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DependencyError, EXIT_DEPENDENCY, EXIT_FAILED, EXIT_INTERRUPTED, KehoachError, OutputError, UsageError
from .export import write_csvs, write_record, write_workbook
from .export.collection import (MANIFEST_NAME, WORKBOOK_NAME, assign_record_names, collect, input_key,
                                load_manifest, write_manifest)
from .export.files import TEMP_SUFFIX
from .export.tables import frames_from_rows, rows_of
from .ingest import page_count
from .pipeline import PIPELINE_VERSION, StageTimer, extract_file
from .paths import raw_hex, shown
from .record import Record
from .workers import DEFAULT_MAX_MEMORY, WorkerPool



@dataclass
class Item:
    path: Path  # the input file
    rel: str  # its name relative to the input it came from
    sha256: str = ""
    record_name: str = ""  # its record, relative to the output folder (collection.assign_record_names)
    missing_dependency: bool = False  # failed because a program or its data is not installed
    pages: int = 1  # its weight in the progress bar (page_count)
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

    collection: int | None = None  # records in the output folder after the run
    with_warnings: int | None = None  # of those, records with warnings

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if any(i.missing_dependency for i in self.failed):
            return EXIT_DEPENDENCY
        return EXIT_FAILED if self.failed else 0


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
            found = [f for f in sorted(p.rglob("*"))
                     if f.is_file() and f.suffix.lower() in exts and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            if not found:
                bad.append(Item(p, p.name, status="failed", stage="input",
                                error=f"no plan files in this folder (looked for {', '.join(sorted(exts))})"))
            for f in found:
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
    return items, bad


def check_inputs(bad: list[Item]) -> None:
    """Raise `UsageError` naming every input that matches nothing (exit 2)."""
    if bad:
        raise UsageError("; ".join(f"{shown(b.path)}: {shown(b.error or '')}" for b in bad)
                         + " (nothing was read or written)")


def prepare_output(out: Path) -> None:
    """Create the output folder and make sure files can be written in it, or
    raise `OutputError` (exit 3) before any work is done."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".kehoach-probe-", suffix=TEMP_SUFFIX):
            pass
    except OSError as e:
        raise OutputError(f"cannot write to the output folder {shown(out)}: {e.strerror or e}; "
                          f"give a folder you can write to with --out") from None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _work(path: str, time_limit: float | None = None, max_memory: int | None = None, ingest_options: dict | None = None) -> tuple:
    """Worker: one file -> ("ok", record_json, stages, seconds) | ("error", stage, message)."""
    from .workers import format_bytes

    try:
        res = _extract_one(path, time_limit, ingest_options)
    except MemoryError:
        res = ("error", "extract", "out of memory while reading")
    if res[0] == "error" and max_memory and "out of memory" in res[2]:
        res = (res[0], res[1], f"needed more than {format_bytes(max_memory)} of memory")
    return res


def _extract_one(path: str, time_limit: float | None, ingest_options: dict | None = None) -> tuple:
    from .ingest import Limits

    t0 = time.perf_counter()
    timer = StageTimer()
    try:
        opts = {k: v for k, v in (ingest_options or {}).items() if v is not None}
        limits = Limits(**opts, time_limit_s=time_limit or 0)  # 0: no limit
        rec = extract_file(path, timer=timer, limits=limits)
    except DependencyError as e:
        return ("error", "ingest", e.reason, "dependency")
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
    ingest_options: dict | None = None,
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
    check_inputs(bad)
    prepare_output(out)
    started = dt.datetime.now(dt.timezone.utc)
    previous = load_manifest(out)
    assign_record_names(items, out, previous)
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
        rec = None if force else _reusable(it, out / it.record_name)
        if rec is not None:
            it.status = "skipped"
            absorb(it, rec)
        else:
            pending.append(it)

    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = None
    if progress and pending:
        from tqdm import tqdm

        skipped = sum(1 for i in items if i.status == "skipped")
        # the bar counts pages (a 120-page scan is not one step like a
        # one-page text), and says how many plans are done
        for it in pending:
            it.pages = page_count(it.path)
        bar = tqdm(total=sum(it.pages for it in pending), unit="page", file=stderr, dynamic_ncols=True,
                   desc="extract" + (f" ({skipped} up to date)" if skipped else ""))
        bar.set_postfix_str(f"0/{len(pending)} plans", refresh=False)

    finished = [0]

    def finish(it: Item, res: tuple):
        if res[0] == "ok":
            rec = Record.from_json(res[1])
            try:
                write_record(rec, out / it.record_name)
            except OSError as e:
                it.status, it.stage, it.error = "failed", "write", f"cannot write record ({e.strerror or e})"
            else:
                it.status, it.stages, it.seconds = "extracted", res[2], res[3]
                absorb(it, rec)
        else:
            it.status, it.stage, it.error = "failed", res[1], res[2]
            it.missing_dependency = len(res) > 3 and res[3] == "dependency"
        if it.status == "failed":
            msg = f"error: {shown(it.path)}: {shown(it.error or '')}"
            if bar is not None:
                bar.write(msg, file=stderr)
            else:
                print(msg, file=stderr)
        if bar is not None:
            finished[0] += 1
            bar.set_postfix_str(f"{finished[0]}/{len(pending)} plans", refresh=False)
            bar.update(it.pages)

    interrupted = False
    try:
        if pending:
            # every file in a worker process: memory capped, time watched from
            # here, a worker killed at the limit and replaced (extract/workers.py)
            with WorkerPool(_work, min(jobs, len(pending)), max_memory=max_memory,
                            time_limit=_outer_limit(time_limit)) as pool:
                tasks = [(i, (str(it.path), time_limit, max_memory, ingest_options)) for i, it in enumerate(pending)]
                for i, res in pool.map(tasks):
                    if res[0] == "error" and res[2].startswith("still reading after"):
                        res = ("error", res[1], f"still reading after {time_limit:g} s (time limit)")
                    finish(pending[i], res)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()

    result = BatchResult(items, out, interrupted)
    try:
        flush_register()  # what finished is registered even when interrupted
    finally:
        stack.close()
    if reg is not None:
        from .register import summarize

        result.registered = summarize(reg_results)
    if interrupted:
        return result
    run_entries = [_manifest_entry(out, i) for i in items]
    run_rows = {i.record_name: i.rows for i in items if i.rows}
    try:
        rebuild(out, previous, run_entries, run_rows, lang=lang, workbook=workbook, csv=csv,
                run={"started": started.isoformat(timespec="seconds"),
                     "counts": {s: sum(1 for i in items if i.status == s) for s in ("extracted", "skipped", "failed")}},
                result=result)
    except OSError as e:
        raise OutputError(f"cannot write the workbook, CSV files or manifest in {shown(out)}: {e.strerror or e} "
                          f"(the records are written; run kehoach export {shown(out)} once it is writable)") from None
    return result


def _manifest_entry(out: Path, i: Item) -> dict:
    made = i.status in ("extracted", "skipped")
    key = input_key(i.path)
    return {
        "input": shown(i.path),
        "input_bytes": raw_hex(i.path),
        "input_path": shown(key),
        "input_path_bytes": raw_hex(key),
        "record": shown(i.record_name) if made else None,
        # the record's real file name, hex bytes, when `record` had to be shown safely
        "record_bytes": raw_hex(i.record_name) if made else None,
        "sha256": i.sha256 or None,
        "status": i.status,
        "stage": i.stage,
        "error": i.error,
        "seconds": round(i.seconds, 4) if i.seconds is not None else None,
        "stages": {k: round(v, 4) for k, v in i.stages.items()},
    }


def rebuild(out: Path, previous: dict, run_entries: list[dict] | None = None, run_rows: dict | None = None, *,
            lang: str = "vi", workbook: bool = True, csv: bool = True, parquet: bool = False,
            run: dict | None = None, result: BatchResult | None = None, today: dt.date | None = None) -> dict:
    """The workbook, CSV files (and Parquet files) and manifest of `out`,
    from every record in it (extract/export/collection.py); returns the
    manifest."""
    col = collect(out, previous, run_entries, run_rows)
    if workbook or csv or parquet:
        frames = frames_from_rows(col.rows, col.errors)
        if workbook:
            write_workbook(frames, out / WORKBOOK_NAME, lang=lang, today=today)
        if csv:
            write_csvs(frames, out / "csv", lang=lang)
        if parquet:
            from .export.workbook import write_parquet

            write_parquet(frames, out / "parquet")
    with_warnings = sum(1 for d in col.rows["documents"] if d.get("warnings"))
    manifest = {
        "pipeline_version": PIPELINE_VERSION,
        "started": (run or {}).get("started"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "out_dir": str(out),
        # this run's inputs; `collection`: what the folder holds now
        "counts": (run or {}).get("counts", {}),
        "collection": {"records": col.n_records, "with_warnings": with_warnings,
                       "inputs_missing": sum(1 for e in col.entries if e.get("input_status") == "missing"),
                       "failed": len(col.errors)},
        "files": col.entries,
    }
    write_manifest(out, manifest)
    if result is not None:
        result.collection, result.with_warnings = col.n_records, with_warnings
    return manifest


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
