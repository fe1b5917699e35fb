"""`kehoach evaluate GOLD_DIR RECORDS_DIR`: score records against gold (SCHEMA.md "Scoring").

`kehoach evaluate --corpus [CORPORA_DIR]`: extract and score every corpus set
at once and compare each plan with the baseline (extract/corpus_report.py)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import KehoachError
from . import options


def _threshold(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not 0.0 < v <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1]: {s}")
    return v


def _err(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def run(args) -> int:
    if args.corpus is not None:
        if args.gold_dir is not None:
            return _err("--corpus takes one CORPORA_DIR, not GOLD_DIR RECORDS_DIR "
                        f"(got {' '.join(x for x in (args.gold_dir, args.records_dir) if x)})")
        return run_corpus(args)
    if args.write_baseline or args.baseline or args.sets or args.jobs is not None:
        return _err("--write-baseline, --baseline, --set and --jobs go with --corpus")
    if args.gold_dir is None or args.records_dir is None:
        return _err("give GOLD_DIR and RECORDS_DIR, or --corpus [CORPORA_DIR] (see kehoach evaluate --help)")

    from ..evaluate import format_report, score_dirs

    try:
        report = score_dirs(args.gold_dir, args.records_dir, threshold=args.threshold)
    except KehoachError as e:
        return _err(str(e))
    misses = not args.no_misses
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(misses=misses), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, misses=misses) + "\n")
    return 0


def run_corpus(args) -> int:
    from pathlib import Path

    from .. import corpus_report as cr

    sets = None
    if args.sets:
        sets = [x.strip() for item in args.sets for x in item.split(",") if x.strip()]
    baseline_path = Path(args.baseline) if args.baseline else Path(args.corpus) / cr.BASELINE_NAME
    try:
        old = cr.load_baseline(baseline_path)
        report = cr.run_corpus(args.corpus, sets=sets, jobs=args.jobs, threshold=args.threshold)
    except KehoachError as e:
        return _err(str(e))
    cmp = cr.compare(old, cr.summary(report), sets=report.only, baseline_path=str(baseline_path))
    written = None
    if args.write_baseline:
        try:
            cr.write_baseline(baseline_path, report, old)
        except OSError as e:
            return _err(f"{baseline_path}: cannot write the baseline: {e.strerror or e}")
        except KehoachError as e:
            sys.stdout.write(cr.format_sets(report) + "\n\n" + cr.format_comparison(cmp) + "\n")
            return _err(str(e))
        written = str(baseline_path)
    if args.json:
        out = cr.to_json(report, cmp, misses=not args.no_misses)
        out["baseline"]["written"] = written
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(cr.format_sets(report) + "\n\n" + cr.format_comparison(cmp) + "\n")
        if written:
            sys.stdout.write(f"baseline written: {written} (commit it with the change that earns it)\n")
    if written:
        return 0
    return 0 if cmp.ok else 1


def register(sub) -> None:
    e = sub.add_parser(
        "evaluate",
        help="score records against gold records, or every corpus against its baseline",
        description=(
            "Score every record (*.json, as written by the pipeline) in RECORDS_DIR against the gold "
            "record in GOLD_DIR whose file stem equals the record's source file stem, by the rules of "
            "SCHEMA.md 'Scoring'. Prints a table per field group, a line per record (with the plan "
            "headline: the mean of its defined groups), the misses, and the headline (mean of the group "
            "averages) last. Exit 0; 2 when a directory is missing or has no .json files. "
            "With --corpus: extract every plan of every set S of CORPORA_DIR (a folder S/ with gold in "
            "gold/S/; plans without gold are listed as unscored), score them, print a table plan x group "
            "per set with the set's headline, and the gains and losses per plan against the baseline "
            "(CORPORA_DIR/BASELINE.json). Exit 1 when a plan is more than baseline_tolerance "
            "(rules/evaluate.toml, 0.01) below its baseline or gone from the run, 0 otherwise, 2 on bad usage."
        ),
    )
    e.add_argument("gold_dir", metavar="GOLD_DIR", nargs="?", help="folder of gold records <stem>.json")
    e.add_argument("records_dir", metavar="RECORDS_DIR", nargs="?",
                   help="folder of predicted records <input file name>.json")
    e.add_argument(
        "--corpus", nargs="?", const="corpora", default=None, metavar="CORPORA_DIR",
        help="extract and score every corpus set of CORPORA_DIR (default: corpora) and compare with the baseline",
    )
    e.add_argument("--set", dest="sets", action="append", metavar="S",
                   help="with --corpus: only this set (repeat, or S1,S2); the others are not compared")
    e.add_argument("--baseline", metavar="FILE", default=None,
                   help="with --corpus: the baseline file (default: CORPORA_DIR/BASELINE.json)")
    e.add_argument("--write-baseline", action="store_true",
                   help="with --corpus: rewrite the baseline from this run (with --set: those sets only); exit 0")
    e.add_argument("--jobs", type=options.jobs, default=None, metavar="N",
                   help="with --corpus: worker processes for the extraction (default: the cores)")
    e.add_argument("--json", action="store_true", help="print the whole report as JSON instead of text")
    e.add_argument("--no-misses", action="store_true",
                   help="leave out the list of differences gold vs predicted (--corpus --json lists them otherwise)")
    e.add_argument(
        "--threshold",
        type=_threshold,
        default=None,
        metavar="T",
        help="title similarity at which two tasks pair, in (0, 1] (default: rules/evaluate.toml, 0.8)",
    )
    e.set_defaults(func=run)
