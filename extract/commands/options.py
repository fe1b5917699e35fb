"""One vocabulary of options for every command: the same name, the same
meaning, the same default wherever an option appears.

--out, --register (and $KEHOACH_REGISTER), --jobs, --lang, --quiet,
--time-limit (seconds, or "none"; 0 is refused), --max-memory, and for
scans --force-ocr, --ocr-lang, --pages.
"""

from __future__ import annotations

import argparse
import os

REGISTER_HELP = "the register: an SQLite file (default: $KEHOACH_REGISTER, else outputs/register.sqlite)"


def time_limit(value: str) -> float | None:
    """"600" -> 600.0; "none" -> None (no limit); 0 and negatives refused."""
    v = value.strip().lower()
    if v in ("none", "no", "off"):
        return None
    try:
        t = float(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r} (give seconds, or 'none' for no limit)") from None
    if not t > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds (give 'none' for no limit)")
    return t


def jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def pages(value: str) -> tuple[int, int | None]:
    """"1-3" -> (1, 3); "5" -> (5, 5); "4-" -> (4, None)."""
    v = value.strip()
    first, dash, last = v.partition("-")
    try:
        a = int(first)
        b = (int(last) if last.strip() else None) if dash else a
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a page range: {value!r} (e.g. 1-3, 5, 4-)") from None
    if a < 1 or (b is not None and b < a):
        raise argparse.ArgumentTypeError(f"not a page range: {value!r} (pages count from 1, e.g. 1-3)")
    return (a, b)


MIN_MEMORY = 768 * 1024**2  # the pipeline itself maps about 400 MB


def memory(value: str) -> int:
    """"2G", "1500M" -> bytes; at least 768M."""
    from ..workers import parse_size

    try:
        n = parse_size(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 2G, 1500M)") from None
    if n < MIN_MEMORY:
        raise argparse.ArgumentTypeError("must be at least 768M (the pipeline itself maps about 400 MB)")
    return n


EXIT_CODES = """exit codes:
  0    every input was read
  1    some input could not be read (each is named on stderr, with its reason; the others are written)
  2    bad usage, including a path or pattern that matches nothing (nothing is written)
  3    the output folder, a file in it or the register cannot be written (nothing is written)
  4    a program or data the pipeline needs is missing (the message says what to install)
  130  interrupted (what was finished is kept; run the same command again)"""


def add_out(p, default: str, what: str = "output folder") -> None:
    p.add_argument("--out", "-o", default=default, metavar="DIR", help=f"{what} (default: {default})")


def add_register(p, help: str = REGISTER_HELP, *, bare: bool = False) -> None:
    """--register PATH; with `bare`, also --register alone: the register of
    $KEHOACH_REGISTER, else the default (register_path)."""
    kw = {"nargs": "?", "const": ""} if bare else {}
    p.add_argument("--register", "--db", dest="register", metavar="PATH", default=None, help=help, **kw)


def add_jobs(p) -> None:
    p.add_argument("--jobs", "-j", type=jobs, default=None, metavar="N",
                   help=f"worker processes (default: the cores, {os.cpu_count()})")


def add_lang(p, what: str = "workbook/CSV headers and values") -> None:
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help=f"{what}: Vietnamese (default) or English")


def add_quiet(p, what: str = "no progress bar or summary") -> None:
    p.add_argument("--quiet", "-q", action="store_true", help=what)


def add_limits(p) -> None:
    p.add_argument("--time-limit", type=time_limit, default=600.0, metavar="SECONDS",
                   help="give up on a file after this long: seconds, or 'none' for no limit "
                        "(default 600; a scan of 100 pages needs about 200)")
    p.add_argument("--max-memory", type=memory, default="2G", metavar="SIZE",
                   help="memory one file may take, e.g. 2G, 1500M (default 2G); a file that needs more is an error")


def add_ocr(p) -> None:
    p.add_argument("--force-ocr", action="store_true",
                   help="read every PDF page by OCR, even pages with a text layer (for PDFs whose text layer is garbled)")
    p.add_argument("--ocr-lang", default="vie", metavar="LANGS",
                   help="Tesseract languages for scans, joined by + (default: vie)")
    p.add_argument("--pages", type=pages, default=None, metavar="RANGE",
                   help="only these pages of PDFs and multi-page scans, e.g. 1-3, 5, 4- (default: all)")


def register_path(args):
    """--register, else $KEHOACH_REGISTER, else the configured default."""
    from ..register import default_path

    return args.register or default_path()  # "" (a bare --register) and None: the default
