"""An output folder as a collection: every record in it, whichever run wrote it.

`kehoach extract … --out DIR` writes one JSON record per input; the
workbook, the CSV files and `manifest.json` are then rebuilt from *all* the
records in DIR, so a second batch into the same folder adds to the first
(`kehoach export DIR` rebuilds them on demand).

Record names never collide. An input keeps the record name the manifest
gave it before; a new input gets `<its name>.json`, or, when that name is
another input's, `<stem>~<8 hex digits of its path>.<ext>.json` (still
showing the input's name). The manifest maps every input path to its
record; a record whose input no longer exists is kept and marked
("missing"), and a record with no manifest entry (a folder copied by hand)
is kept as "unknown".
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..paths import from_raw_hex, raw_hex, shown
from ..record import Record
from .files import TEMP_SUFFIX, atomic_write_text, sidecar_name

MANIFEST_NAME = "manifest.json"
WORKBOOK_NAME = "kehoach.xlsx"
REVIEW_DIR = "review"
_SKIP_DIRS = {"csv", REVIEW_DIR}


def input_key(path: str | os.PathLike) -> str:
    """The identity of an input across runs: its absolute path."""
    return os.path.abspath(os.fspath(path))


def _entry_key(entry: dict) -> str | None:
    if entry.get("input_path_bytes"):
        return from_raw_hex(entry["input_path_bytes"])
    return entry.get("input_path")


def load_manifest(out: Path) -> dict:
    """The folder's manifest, or an empty one (missing or unreadable)."""
    try:
        m = json.loads((Path(out) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": []}
    if not isinstance(m, dict) or not isinstance(m.get("files"), list):
        return {"files": []}
    m["files"] = [e for e in m["files"] if isinstance(e, dict)]
    return m


def _entry_record(entry: dict) -> str | None:
    if entry.get("record_bytes"):
        return from_raw_hex(entry["record_bytes"])
    return entry.get("record")


def record_name(rel: str) -> str:
    """"sub/plan.pdf" -> "sub/plan.pdf.json"."""
    return sidecar_name(rel, ".json")


def _suffixed(rel: str, key: str, digits: int) -> str:
    p = PurePosixPath(str(rel).replace(os.sep, "/"))
    tag = hashlib.sha1(os.fsencode(key)).hexdigest()[:digits]
    stem, dot, ext = p.name.partition(".") if not p.name.startswith(".") else (p.name, "", "")
    name = f"{stem}~{tag}{dot}{ext}"
    return str(p.parent / name) if str(p.parent) not in ("", ".") else name


def assign_record_names(items, out: Path, manifest: dict) -> None:
    """Give every item (`.path`, `.rel`) a `.record_name` no other input has.

    An input the manifest knows keeps its record; a name taken by another
    input (of this run or of the manifest) gets a suffix from the path."""
    taken: dict[str, str] = {}  # record name -> input key
    known: dict[str, str] = {}  # input key -> record name
    for e in manifest.get("files", []):
        rec, key = _entry_record(e), _entry_key(e)
        if rec and key:
            taken.setdefault(rec, key)
            known.setdefault(key, rec)
    for it in items:
        key = input_key(it.path)
        name = known.get(key)
        if name is None or taken.get(name) != key:
            name = record_name(it.rel)
            digits = 8
            while name in taken and taken[name] != key:
                name = record_name(_suffixed(it.rel, key, digits))
                digits += 4
            if name not in taken and (out / name).exists():
                # a record on disk the manifest does not know: ours only if it
                # was made from a file of the same name
                src = _record_file_name(out / name)
                if src is not None and src != shown(Path(it.path).name):
                    name = record_name(_suffixed(it.rel, key, 8))
        taken[name] = key
        it.record_name = name


def _record_file_name(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["source"]["file"]
    except Exception:
        return None


def record_files(out: Path) -> list[str]:
    """The record names (relative POSIX paths) of every record in `out`."""
    out = Path(out)
    names = []
    for root, dirs, files in os.walk(out):
        rel_root = Path(root).relative_to(out)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (rel_root == Path(".") and d in _SKIP_DIRS))
        for f in sorted(files):
            if not f.endswith(".json") or f.startswith(".") or f.endswith(TEMP_SUFFIX):
                continue
            if rel_root == Path(".") and f == MANIFEST_NAME:
                continue
            names.append((rel_root / f).as_posix() if rel_root != Path(".") else f)
    return names


def read_record(path: Path) -> Record | None:
    """A record file, or None when the file is not one of our records."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "source" not in data or "schema_version" not in data:
        return None
    try:
        return Record.model_validate(data)
    except Exception:
        return None


@dataclass
class Collection:
    """What a folder holds after a run: manifest entries and table rows."""

    entries: list[dict]  # the manifest's "files"
    rows: dict  # table -> rows (extract/export/tables.py keys)
    errors: list[dict]  # the errors sheet
    n_records: int


def _input_status(entry: dict | None) -> str:
    key = _entry_key(entry) if entry else None
    if not key:
        return "unknown"
    return "present" if os.path.exists(key) else "missing"


def collect(out: Path, manifest: dict, run_entries: list[dict] | None = None, run_rows: dict | None = None) -> Collection:
    """Merge the manifest with this run's entries and read every record.

    `run_entries`: the manifest entries of this run's inputs (they replace
    the manifest's for the same input); `run_rows`: record name -> table rows
    already computed this run (those records are not read again)."""
    from .tables import TABLES, rows_of

    out = Path(out)
    run_entries = run_entries or []
    run_rows = run_rows or {}
    run_keys = {_entry_key(e) for e in run_entries}
    on_disk = set(record_files(out))
    merged: list[dict] = list(run_entries)
    for e in manifest.get("files", []):
        key = _entry_key(e)
        if key in run_keys:
            continue
        rec = _entry_record(e)
        if e.get("status") == "failed":
            # an earlier failure stays listed while its file is there and no
            # record has been made from it since
            if key and os.path.exists(key) and not rec:
                merged.append(dict(e, run="earlier"))
            continue
        if rec and rec in on_disk:
            merged.append(dict(e, status="kept", run="earlier", stage=None, error=None))
    by_record = {_entry_record(e): e for e in merged if _entry_record(e)}
    for name in sorted(on_disk - set(by_record)):
        e = {"input": None, "input_path": None, "record": shown(name), "record_bytes": raw_hex(name),
             "status": "kept", "run": "earlier"}
        merged.append(e)
        by_record[name] = e
    rows = {t: [] for t in TABLES if t != "errors"}
    n = 0
    for name in sorted(by_record):
        e = by_record[name]
        status = _input_status(e)
        e["input_status"] = status
        review = _review_page(out, name)
        where = {"record": shown(name), "review": review, "input": e.get("input_path"), "input_status": status}
        r = run_rows.get(name)
        if r is not None:
            r = dict(r)
            r["documents"] = [dict(d, **where) for d in r["documents"]]
        else:
            rec = read_record(out / name)
            if rec is None:
                e["status"] = "unreadable"
                continue
            r = rows_of(rec, **where)
        n += 1
        for t in rows:
            rows[t].extend(r[t])
    errors = [{"file": e.get("input"), "stage": e.get("stage"), "error": e.get("error")} for e in merged if e.get("status") == "failed"]
    return Collection(merged, rows, errors, n)


def _review_page(out: Path, name: str) -> str | None:
    """The review page of a record, when `kehoach review … --out <out>/review` wrote one."""
    page = f"{REVIEW_DIR}/{name[:-len('.json')]}.html"
    return page if (out / page).is_file() else None


def write_manifest(out: Path, manifest: dict) -> None:
    atomic_write_text(Path(out) / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
