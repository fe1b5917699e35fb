"""`kehoach calendar DIR|REGISTER --out FILE.ics`: the plans' deadlines as calendar events."""

from __future__ import annotations

import sys
from pathlib import Path


def _records(source: Path):
    """The records of a folder (the --out of kehoach extract) or a register file."""
    from ..errors import UsageError
    from ..export.collection import read_record, record_files
    from ..paths import shown

    if source.is_dir():
        names = record_files(source)
        recs = [r for r in (read_record(source / n) for n in names) if r is not None]
        if not recs:
            raise UsageError(f"{shown(source)}: no record (*.json) in this folder")
        return recs
    if source.is_file():
        from ..register import open_register

        with open_register(source, readonly=True) as reg:
            return [reg.record(p["id"]) for p in reg.plans()]
    raise UsageError(f"{shown(source)}: no such folder or register file")


def run(args) -> int:
    from ..errors import OutputError
    from ..export import atomic_write_bytes
    from ..export.calendar import obligations, to_ical
    from ..paths import shown

    source = Path(args.source) if args.source else None
    if source is None:
        from .options import register_path

        source = Path(register_path(args))
    res = obligations(_records(source), agency=args.agency)
    out = Path(args.out)
    try:
        atomic_write_bytes(out, to_ical(res, name=args.name or (f"kehoach: {args.agency}" if args.agency else "kehoach")))
    except OSError as e:
        raise OutputError(f"cannot write {shown(out)}: {e.strerror or e}") from None
    if not args.quiet:
        rec = sum(1 for o in res.obligations if o.recurrence)
        print(f"{len(res.obligations)} events ({rec} recurring)"
              + (f"; {res.left_out} obligations with no day to place were left out" if res.left_out else "")
              + f" -> {out}", file=sys.stderr)
    return 0


def register(sub) -> None:
    from . import options

    p = sub.add_parser(
        "calendar",
        help="write the plans' deadlines and due dates as an iCalendar (.ics) file",
        description=(
            "Every dated deadline and task due date of the records in SOURCE (a folder written by kehoach extract, "
            "or a register file; default: the register) as an all-day event in an iCalendar file that Outlook, "
            "Google Calendar, Thunderbird or any calendar imports. Yearly, half-yearly, quarterly and monthly "
            "obligations with a day are recurring events. Each event names the plan number, the task and its lead "
            "agency. Exit code: 0 written, 2 no records, 3 cannot write."
        ),
    )
    p.add_argument("source", nargs="?", metavar="DIR_OR_REGISTER", help="a folder of records or a register file")
    p.add_argument("--agency", metavar="NAME",
                   help="only the obligations of this agency (lead or support; part of the name, accents optional)")
    p.add_argument("--out", "-o", default="outputs/kehoach.ics", metavar="FILE", help="the .ics file (default: outputs/kehoach.ics)")
    p.add_argument("--name", metavar="NAME", help="the calendar's name (default: kehoach)")
    options.add_register(p, help="the register to read when no DIR_OR_REGISTER is given (default: $KEHOACH_REGISTER)")
    options.add_quiet(p, "no summary line")
    p.set_defaults(func=run)
