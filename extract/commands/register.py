"""`kehoach register add|info|migrate|datasette-metadata`: the register of every plan read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

CHUNK = 500  # records per transaction in `register add`


def _record_files(inputs: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    files: list[Path] = []
    bad: list[tuple[str, str]] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*.json")
                if f.is_file() and f.name != "manifest.json" and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                bad.append((raw, "no record (*.json) in this folder"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            bad.append((raw, "no such file or folder"))
    return files, bad


def _read_record(path: Path):
    from ..record import Record

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ValueError(f"cannot read file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise ValueError("not a record (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"not a record (invalid JSON: {e.msg} at line {e.lineno})") from None
    if not isinstance(data, dict) or "source" not in data:
        raise ValueError("not a record (no 'source' field)")
    try:
        return Record.model_validate(data)
    except Exception as e:  # pydantic ValidationError: first problem only
        first = str(e).splitlines()
        raise ValueError(f"not a valid record ({first[1].strip() if len(first) > 1 else first[0]})") from None


def run_add(args) -> int:
    from ..register import default_path, format_summary, open_register, summarize

    db = Path(args.register) if args.register else default_path()
    files, bad = _record_files(args.paths)
    for raw, why in bad:
        print(f"error: {raw}: {why}", file=sys.stderr)
    failed = len(bad)
    results: list[tuple[int, str]] = []
    flagged: list[tuple[int, str]] = []
    with open_register(db) as reg:
        chunk, names = [], []

        def flush():
            got = reg.add_many(chunk)
            results.extend(got)
            flagged.extend((pid, n) for (pid, st), n in zip(got, names) if st == "new_version")
            chunk.clear()
            names.clear()

        for f in files:
            try:
                rec = _read_record(f)
            except ValueError as e:
                print(f"error: {f}: {e}", file=sys.stderr)
                failed += 1
                continue
            chunk.append(rec)
            names.append(str(f))
            if len(chunk) >= CHUNK:
                flush()
        if chunk:
            flush()
        for pid, name in flagged:
            p = reg.plan(pid)
            e = reg.plan(p["version_of"])
            print(f"flagged: {name} (plan {pid}) may be a new version of plan {e['id']} ({e['file']})", file=sys.stderr)
    if not args.quiet:
        print(f"{format_summary(summarize(results))}, {failed} failed -> {db}", file=sys.stderr)
    return 1 if failed else 0


def run_info(args) -> int:
    from ..register import SCHEMA_VERSION, default_path, open_register

    db = Path(args.register) if args.register else default_path()
    with open_register(db, readonly=True) as reg:
        info = {
            "path": str(db),
            "schema_version": reg.schema_version,
            "program_schema_version": SCHEMA_VERSION,
            "counts": reg.counts(),
            "flagged": [
                {"id": p["id"], "file": p["file"], "number": p["number"], "issue_date": p["issue_date"],
                 "issuing_body": p["issuing_body"], "version_of": p["version_of"], "flag": p["flag"]}
                for p in reg.flagged()
            ],
        }
    if args.json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = sys.stdout
    out.write(f"register: {info['path']}\n")
    out.write(f"schema version: {info['schema_version']} (this program: {SCHEMA_VERSION})\n")
    for t, n in info["counts"].items():
        out.write(f"  {t:<14} {n:>10,}\n")
    fl = info["flagged"]
    out.write(f"flagged plans (possible_new_version): {len(fl)}\n")
    for p in fl:
        out.write(f"  plan {p['id']} {p['file']} ({p['number'] or 'no number'}, {p['issue_date'] or 'no date'}) "
                  f"may be a new version of plan {p['version_of']}\n")
    return 0


def run_migrate(args) -> int:
    from ..register import SCHEMA_VERSION, RegisterNotFound, default_path, migrate, stored_version, _connect

    db = Path(args.register) if args.register else default_path()
    if not db.exists():
        raise RegisterNotFound(db)
    conn = _connect(db, readonly=False)
    try:
        before = stored_version(conn, db)
        applied = migrate(conn, path=db)
    finally:
        conn.close()
    if applied:
        print(f"{db}: migrated from schema version {before} to {applied[-1]}", file=sys.stderr)
    else:
        print(f"{db}: up to date (schema version {SCHEMA_VERSION})", file=sys.stderr)
    return 0


def run_datasette(args) -> int:
    from ..export import atomic_write_text
    from ..register import datasette_metadata, default_path

    name = args.name or (Path(args.register).stem if args.register else default_path().stem)
    text = json.dumps(datasette_metadata(name), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        atomic_write_text(Path(args.out), text)
        print(f"Datasette metadata for database {name!r} -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _db(p) -> None:
    p.add_argument("--register", "--db", dest="register", metavar="PATH", default=None,
                   help="the register, an SQLite file (default: $KEHOACH_REGISTER, else outputs/register.sqlite)")


def register(sub) -> None:
    r = sub.add_parser(
        "register",
        help="the register: every plan read, in one SQLite database (add, info, migrate, datasette-metadata)",
        description=(
            "The register is an SQLite database of every plan read: plans, the documents they reference, "
            "agencies, tasks, task agencies and deadlines. The same content (sha256) is one plan; a plan with "
            "another content but the same number, issuing body and issue date is added too and flagged "
            "possible_new_version. Query it with `kehoach query`, compare provinces with `kehoach compare`."
        ),
    )
    rs = r.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = rs.add_parser("add", help="add records (JSON files written by kehoach extract) to the register",
                      description="Add records to the register (created when missing). Folders are searched "
                                  "recursively for *.json (manifest.json left out). Re-adding a record changes "
                                  "nothing. Exit code: 0 all added, 1 some file was not a record.")
    p.add_argument("paths", nargs="+", metavar="RECORD_DIR_OR_FILE", help="record files or folders of records")
    _db(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    p.set_defaults(func=run_add)

    p = rs.add_parser("info", help="row counts, schema version and flagged plans",
                      description="Print the register's schema version, the row count of every table and the "
                                  "plans flagged possible_new_version (opened read-only).")
    _db(p)
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=run_info)

    p = rs.add_parser("migrate", help="bring an older register to this program's schema version",
                      description="Apply the missing schema migration steps (opening a register read-write does "
                                  "this too; read-only commands ask for it).")
    _db(p)
    p.set_defaults(func=run_migrate)

    p = rs.add_parser("datasette-metadata", help="write Datasette metadata (titles, descriptions, canned queries)",
                      description="Write the Datasette metadata of the register (rules/register/datasette.toml "
                                  "with the column headers of rules/export/columns.tsv): "
                                  "datasette outputs/register.sqlite --metadata FILE")
    _db(p)
    p.add_argument("--out", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--name", metavar="NAME", help="the database name in Datasette (default: the --db file stem, 'register')")
    p.set_defaults(func=run_datasette)
