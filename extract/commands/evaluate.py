"""`kehoach evaluate GOLD_DIR RECORDS_DIR`: score records against gold (SCHEMA.md "Scoring")."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import KehoachError


def _threshold(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not 0.0 < v <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1]: {s}")
    return v


def run(args) -> int:
    from ..evaluate import format_report, score_dirs

    try:
        report = score_dirs(args.gold_dir, args.records_dir, threshold=args.threshold)
    except KehoachError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    misses = not args.no_misses
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(misses=misses), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, misses=misses) + "\n")
    return 0


def register(sub) -> None:
    e = sub.add_parser(
        "evaluate",
        help="score records against gold records",
        description=(
            "Score every record (*.json, as written by the pipeline) in RECORDS_DIR against the gold "
            "record in GOLD_DIR whose file stem equals the record's source file stem, by the rules of "
            "SCHEMA.md 'Scoring'. Prints a table per field group, a line per record, the misses, and "
            "the headline (mean of the group averages) last. Exit 0; 2 when a directory is missing or "
            "has no .json files."
        ),
    )
    e.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold records <stem>.json")
    e.add_argument("records_dir", metavar="RECORDS_DIR", help="folder of predicted records <input file name>.json")
    e.add_argument("--json", action="store_true", help="print the whole report as JSON instead of text")
    e.add_argument("--no-misses", action="store_true", help="leave out the list of differences gold vs predicted")
    e.add_argument(
        "--threshold",
        type=_threshold,
        default=None,
        metavar="T",
        help="title similarity at which two tasks pair, in (0, 1] (default: rules/evaluate.toml, 0.8)",
    )
    e.set_defaults(func=run)
