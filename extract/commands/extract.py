"""`kehoach extract PATH… --out DIR`: records, workbook and CSVs for a batch."""

from __future__ import annotations

import os
import sys


def run(args) -> int:
    from ..batch import MANIFEST_NAME, WORKBOOK_NAME, run_batch

    if args.jobs is not None and args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    from ..workers import parse_size

    try:
        max_memory = parse_size(args.max_memory)
    except ValueError:
        print(f"error: --max-memory: not a size: {args.max_memory!r} (e.g. 2G, 1500M)", file=sys.stderr)
        return 2
    if max_memory < 768 * 1024**2:
        print("error: --max-memory must be at least 768M (the pipeline itself maps about 400 MB)", file=sys.stderr)
        return 2
    if args.register:  # fail before the run, not after it: missing folder, newer schema, not a register
        from ..register import open_register

        open_register(args.register).close()
    res = run_batch(
        args.paths,
        args.out,
        jobs=args.jobs,
        force=args.force,
        lang=args.lang,
        progress=not args.quiet and sys.stderr.isatty() or args.progress,
        workbook=not args.no_workbook,
        csv=not args.no_csv,
        register=args.register,
        time_limit=args.time_limit,
        max_memory=max_memory,
        keep_records=False,
    )
    if res.interrupted:
        print("interrupted: the records written so far are complete; run the same command again to finish", file=sys.stderr)
        return 130
    counts = {s: sum(1 for i in res.items if i.status == s) for s in ("extracted", "skipped", "failed")}
    if not args.quiet:
        where = f"{args.out}/{WORKBOOK_NAME}" if not args.no_workbook else args.out
        print(
            f"{counts['extracted']} extracted, {counts['skipped']} up to date, {counts['failed']} failed -> {where} (manifest: {args.out}/{MANIFEST_NAME})",
            file=sys.stderr,
        )
        if res.registered is not None:
            from ..register import format_summary

            print(f"register: {format_summary(res.registered)} -> {args.register}", file=sys.stderr)
    return res.exit_code


def register(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract records from plans (files, folders, globs) into a folder",
        description=(
            "Read every plan given (files, folders searched recursively, glob patterns) and write, into --out: "
            "one JSON record per input (<input file name>.json), a workbook kehoach.xlsx with a sheet per entity, "
            "the same tables as CSV (csv/), and manifest.json. Files already extracted with the same content and "
            "pipeline version are skipped. Exit code: 0 all read, 1 some failed, 2 bad usage."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan files, folders or glob patterns")
    p.add_argument("--out", "-o", default="outputs", metavar="DIR", help="output folder (default: outputs)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help=f"worker processes (default: the cores, {os.cpu_count()})")
    p.add_argument("--force", action="store_true", help="redo files whose record is up to date")
    p.add_argument("--time-limit", type=float, default=600.0, metavar="SECONDS", help="give up on a file after this long (default 600; a scan of 100 pages needs about 200)")
    p.add_argument("--max-memory", default="2G", metavar="SIZE", help="memory one file may take, e.g. 2G, 1500M (default 2G); a file that needs more is an error row")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="workbook/CSV headers: Vietnamese (default) or English")
    p.add_argument("--no-workbook", action="store_true", help="do not write the workbook")
    p.add_argument("--no-csv", action="store_true", help="do not write the CSV files")
    p.add_argument("--register", metavar="PATH", default=None,
                   help="also add every record of the run to the register at PATH (an SQLite file, created when "
                        "missing; see kehoach register, kehoach query)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument("--progress", action="store_true", help="show the progress bar even when stderr is not a terminal")
    p.set_defaults(func=run)
