"""The `kehoach` command line."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import KehoachError


def _cmd_text(args) -> int:
    from .ingest import ingest

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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kehoach",
        description="Extract structured records from Vietnamese administrative plans (Kế hoạch).",
    )
    p.add_argument("--version", action="version", version=f"kehoach {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    t = sub.add_parser("text", help="print the normalized text of files", description="Ingest each FILE (txt, md, docx, doc, pdf, png, jpg, tif) and print its normalized text.")
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--footnotes", action="store_true", help="also print the footnotes after the body")
    t.set_defaults(func=_cmd_text)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except KehoachError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
