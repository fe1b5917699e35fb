"""`kehoach text FILE…`: print the normalized text of files."""

from __future__ import annotations

import sys

from ..errors import KehoachError


def run(args) -> int:
    from ..ingest import ingest

    status = 0
    for f in args.files:
        try:
            doc = ingest(f)
        except KehoachError as e:
            print(f"error: {e}", file=sys.stderr)
            status = 1
            continue
        if len(args.files) > 1:
            print(f"==> {f} <==")
        sys.stdout.write(doc.text + "\n")
        if args.footnotes and doc.footnotes:
            sys.stdout.write("\n" + doc.footnote_text + "\n")
    return status


def register(sub) -> None:
    t = sub.add_parser(
        "text",
        help="print the normalized text of files",
        description="Ingest each FILE (txt, md, docx, doc, pdf, png, jpg, tif) and print its normalized text.",
    )
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--footnotes", action="store_true", help="also print the footnotes after the body")
    t.set_defaults(func=run)
