"""`kehoach extract PATH… --out DIR`: records, workbook and CSVs for a batch."""

from __future__ import annotations

import argparse
import sys

from . import options


def run(args) -> int:
    from ..batch import run_batch
    from ..export.collection import MANIFEST_NAME, WORKBOOK_NAME
    register = options.register_path(args) if args.register is not None else None
    if register:  # fail before the run, not after it: missing folder, newer schema, not a register, read-only
        from ..register import open_register

        open_register(register).close()
    res = run_batch(
        args.paths,
        args.out,
        jobs=args.jobs,
        force=args.force or args.force_ocr or args.pages is not None,
        lang=args.lang,
        progress=not args.quiet and sys.stderr.isatty() or args.progress,
        workbook=not args.no_workbook,
        csv=not args.no_csv,
        register=register,
        time_limit=args.time_limit,
        max_memory=args.max_memory,
        keep_records=False,
        ingest_options={"force_ocr": args.force_ocr, "ocr_lang": args.ocr_lang, "pages": args.pages},
    )
    if res.interrupted:
        print("interrupted: the records written so far are complete; run the same command again to finish", file=sys.stderr)
        return res.exit_code
    counts = {s: sum(1 for i in res.items if i.status == s) for s in ("extracted", "skipped", "failed")}
    if any(i.missing_dependency for i in res.failed):
        print("error: a program or its data is missing (see the messages above for what to install)", file=sys.stderr)
    if not args.quiet:
        where = f"{args.out}/{WORKBOOK_NAME}" if not args.no_workbook else args.out
        print(
            f"{counts['extracted']} extracted, {counts['skipped']} up to date, {counts['failed']} failed; "
            f"the folder holds {res.collection} records -> {where} (manifest: {args.out}/{MANIFEST_NAME})",
            file=sys.stderr,
        )
        if res.with_warnings:
            print(f"{res.with_warnings} of {res.collection} plans have warnings: see the column Cảnh báo (warnings) "
                  f"of the sheet Tổng hợp", file=sys.stderr)
        if res.registered is not None:
            from ..register import format_summary

            print(f"register: {format_summary(res.registered)} -> {register}", file=sys.stderr)
    return res.exit_code


def register(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract records from plans (files, folders, globs) into a folder",
        description=(
            "Read every plan given (files, folders searched recursively, glob patterns) and write, into --out: "
            "one JSON record per input (<input file name>.json; a name another input already has gets "
            "~<8 hex digits> before its extension). Then the workbook kehoach.xlsx, the CSV files (csv/) and "
            "manifest.json are rebuilt from every record in --out, this run's and earlier runs': the folder is a "
            "collection (kehoach export rebuilds them on demand). Files already extracted with the same content "
            "and pipeline version are skipped."
        ),
        epilog=options.EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan files, folders or glob patterns")
    options.add_out(p, "outputs")
    options.add_jobs(p)
    p.add_argument("--force", action="store_true", help="redo files whose record is up to date")
    options.add_limits(p)
    options.add_ocr(p)
    options.add_lang(p)
    p.add_argument("--no-workbook", action="store_true", help="do not write the workbook")
    p.add_argument("--no-csv", action="store_true", help="do not write the CSV files")
    options.add_register(p, bare=True,
                         help="also add every record of the run to the register at PATH (an SQLite file, created "
                              "when missing; see kehoach register, kehoach query); --register alone: "
                              "$KEHOACH_REGISTER, else outputs/register.sqlite")
    options.add_quiet(p)
    p.add_argument("--progress", action="store_true", help="show the progress bar even when stderr is not a terminal")
    p.set_defaults(func=run)

