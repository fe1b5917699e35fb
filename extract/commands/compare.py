"""`kehoach compare --out DIR`: provinces side by side, from the register."""

from __future__ import annotations

import sys
from pathlib import Path


def run(args) -> int:
    from ..compare import write_comparison
    from ..register import default_path

    db = Path(args.register) if args.register else default_path()
    written = write_comparison(db, args.out, lang=args.lang, by=args.by, latest_only=args.latest_only,
                               plots=not args.no_plots)
    if not args.quiet:
        for name, path in written.items():
            print(f"{name}: {path}", file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare provinces: table (CSV, XLSX) and plots (PNG) from the register",
        description=(
            "Compare provinces from the register: per province, the plans, tasks per plan, the share of tasks "
            "with a lead, the share with a dated timeline or deadline, the 3 most cited documents and the 3 "
            "agencies with the most lead roles; a last row for all plans. Writes a CSV per table (UTF-8 with "
            "BOM), one XLSX, and PNG plots into --out. Exit code: 0 written, 1 register missing."
        ),
    )
    p.add_argument("--register", "--db", dest="register", metavar="PATH", default=None,
                   help="the register, an SQLite file (default: $KEHOACH_REGISTER, else outputs/register.sqlite)")
    p.add_argument("--out", "-o", metavar="DIR", default="outputs/compare", help="output folder (default: outputs/compare)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="headers and sheet names: Vietnamese (default) or English")
    p.add_argument("--by", choices=["province", "province_2025"], default="province",
                   help="group by the province as the plans name it (default) or by the province since July 2025")
    p.add_argument("--latest-only", action="store_true", help="leave out plans that a possible new version supersedes")
    p.add_argument("--no-plots", action="store_true", help="only the table files")
    p.add_argument("--quiet", "-q", action="store_true", help="do not list the files written")
    p.set_defaults(func=run)
