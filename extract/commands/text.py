"""`kehoach text FILE…`: print the normalized text of files."""

from __future__ import annotations

import sys

from ..errors import KehoachError
from . import options


def _read(path: str, footnotes: bool, max_memory: int | None, limits: dict | None = None) -> tuple:
    """Worker: one file -> ("ok", text) | ("error", stage, reason[, "dependency"])."""
    from ..errors import DependencyError
    from ..ingest import Limits, ingest
    from ..workers import format_bytes

    try:
        doc = ingest(path, Limits(**{k: v for k, v in (limits or {}).items() if v is not None}))
    except DependencyError as e:
        return ("error", "ingest", e.reason, "dependency")
    except MemoryError:
        return ("error", "ingest", f"needed more than {format_bytes(max_memory)} of memory" if max_memory else "out of memory")
    except KehoachError as e:
        reason = getattr(e, "reason", str(e))
        if max_memory and "out of memory" in reason:
            reason = f"needed more than {format_bytes(max_memory)} of memory"
        return ("error", "ingest", reason)
    text = doc.text + "\n"
    if footnotes and doc.footnotes:
        text += "\n" + doc.footnote_text + "\n"
    return ("ok", text)


def run(args) -> int:
    from ..workers import WorkerPool

    max_memory = args.max_memory
    status = 0
    # read in a worker with the batch's limits: memory capped, time watched
    # from outside, so no file can take the command (or the machine) down
    # (one worker: the files come back in the order given)
    limits = {"time_limit_s": args.time_limit or 0, "force_ocr": args.force_ocr, "ocr_lang": args.ocr_lang, "pages": args.pages}
    outer = args.time_limit + min(10.0, 1.0 + 0.05 * args.time_limit) if args.time_limit else None
    with WorkerPool(_read, 1, max_memory=max_memory, time_limit=outer) as pool:
        for i, res in pool.map([(i, (f, args.footnotes, max_memory, limits)) for i, f in enumerate(args.files)]):
            status = max(status, _show(args, args.files[i], res))
    return status


def _show(args, f: str, res: tuple) -> int:
    from ..paths import shown

    if res[0] != "ok":
        reason = res[2]
        if reason.startswith("still reading after"):
            reason = f"still reading after {args.time_limit:g} s (time limit)"
        print(f"error: {shown(f)}: {shown(reason)}", file=sys.stderr)
        return 4 if len(res) > 3 and res[3] == "dependency" else 1
    if len(args.files) > 1:
        print(f"==> {shown(f)} <==")
    sys.stdout.write(res[1])
    return 0


def register(sub) -> None:
    t = sub.add_parser(
        "text",
        help="print the normalized text of files",
        description="Ingest each FILE (txt, md, docx, doc, pdf, png, jpg, tif) and print its normalized text. "
                    "Exit code: 0 all read, 1 some file could not be read, 2 bad usage, 4 a program or its data "
                    "is missing (e.g. Tesseract for scans).",
    )
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--footnotes", action="store_true", help="also print the footnotes after the body")
    options.add_limits(t)
    options.add_ocr(t)
    t.set_defaults(func=run)
