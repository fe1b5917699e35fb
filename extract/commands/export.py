"""`kehoach export DIR`: rebuild the workbook, CSV and Parquet files of a folder of records."""

from __future__ import annotations

import sys
from pathlib import Path

from . import options

FORMATS = ("xlsx", "csv", "parquet")


def _formats(value: str) -> list[str]:
    import argparse

    got = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in got if f not in FORMATS]
    if bad or not got:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r}: give xlsx, csv, parquet or a list such as xlsx,csv")
    return got


def run(args) -> int:
    from ..batch import prepare_output, rebuild
    from ..errors import OutputError, UsageError
    from ..export.collection import WORKBOOK_NAME, load_manifest, record_files
    from ..paths import shown

    out = Path(args.dir)
    if not out.is_dir():
        raise UsageError(f"{shown(out)}: no such folder (give the --out folder of kehoach extract)")
    if not record_files(out):
        raise UsageError(f"{shown(out)}: no record (*.json) in this folder")
    prepare_output(out)
    formats = args.format or ["xlsx", "csv"]
    try:
        manifest = rebuild(out, load_manifest(out), lang=args.lang, workbook="xlsx" in formats, csv="csv" in formats,
                           parquet="parquet" in formats)
    except OSError as e:
        raise OutputError(f"cannot write in {shown(out)}: {e.strerror or e}") from None
    if not args.quiet:
        c = manifest["collection"]
        made = ", ".join(
            {"xlsx": f"{out}/{WORKBOOK_NAME}", "csv": f"{out}/csv/", "parquet": f"{out}/parquet/"}[f] for f in formats
        )
        print(f"{c['records']} records ({c['with_warnings']} with warnings, {c['inputs_missing']} whose input is gone) -> {made}",
              file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="rebuild the workbook and CSV (or Parquet) files of a folder of records",
        description=(
            "Rebuild, from every record in DIR (the --out folder of kehoach extract, whichever runs wrote it), "
            "the workbook kehoach.xlsx, the CSV files in csv/ and manifest.json; with --format parquet also "
            "Parquet files in parquet/ (they need pyarrow: pip install 'kehoach[parquet]'). Records are never "
            "changed. Exit code: 0 written, 2 no such folder or no record in it, 3 cannot write, 4 pyarrow missing."
        ),
    )
    p.add_argument("dir", metavar="DIR", help="a folder of records (the --out of kehoach extract)")
    p.add_argument("--format", "-f", type=_formats, default=None, metavar="FORMATS",
                   help="xlsx, csv, parquet, or a list such as xlsx,csv (default: xlsx,csv)")
    options.add_lang(p)
    options.add_quiet(p, "no summary line")
    p.set_defaults(func=run)
