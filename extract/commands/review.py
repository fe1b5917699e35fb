"""`kehoach review PATH… --out DIR`: an HTML page per plan to check the extraction."""

from __future__ import annotations

import sys

from . import options


def run(args) -> int:
    from ..review import write_reviews

    def report(item) -> None:
        if item.status == "failed":
            print(f"error: {item.path}: {item.error}", file=sys.stderr)

    summary = write_reviews(args.paths, args.out, on_item=report, time_limit=args.time_limit, max_memory=args.max_memory)
    if not args.quiet:
        print(
            f"{len(summary.written)} pages, {len(summary.failed)} failed -> {summary.index}",
            file=sys.stderr,
        )
    return summary.exit_code


def register(sub) -> None:
    p = sub.add_parser(
        "review",
        help="HTML pages showing each plan's text with the extracted elements highlighted",
        description=(
            "Read every plan given (files, folders searched recursively, glob patterns), extract it, and write "
            "into --out one self-contained HTML page per plan (<input file name>.html): the normalized text with "
            "legal bases, task titles, deadlines and agencies highlighted and the zones shaded, and the record "
            "beside it (click a row to find it in the text). index.html lists every plan, failed ones included. "
            "The pages need no network and open in any browser. To link them from the workbook of kehoach extract, "
            "write them into its folder: --out <extract --out>/review. Exit code: 0 all written, 1 some failed, "
            "2 bad usage (or a path that matches nothing), 3 --out cannot be written."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan files, folders or glob patterns")
    options.add_out(p, "outputs/review")
    options.add_limits(p)
    options.add_quiet(p, "no summary line")
    p.set_defaults(func=run)
