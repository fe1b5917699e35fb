"""The corpus report: every corpus at once, against a committed baseline.

`kehoach evaluate --corpus [CORPORA_DIR]` (and tests/test_corpus_report.py):

- a *set* is a folder `CORPORA_DIR/S/` of plans with gold records in
  `CORPORA_DIR/gold/S/` (seeds, dev, real, office, ...). Every file of the
  set with a supported extension is a plan, except READMEs and SOURCES files;
  its gold is `gold/S/<file stem>.json` (the stem `record_stem` gives:
  "x.draft-companion.doc" -> "x.draft-companion"). A plan without gold is
  listed as unscored and not extracted; a gold without a plan file, and a
  plan that fails to extract, score as a missing record
  (`missing_record_score`) and are listed.
- the plans are extracted in-process (`extract.pipeline.extract_file`, a
  process pool of `jobs` workers) and scored against their gold
  (`score_record`): a table plan x field group per set with each plan's
  headline (`DocScore.plan`), and the set's headline.
- the run is compared, plan by plan, with the baseline
  (`CORPORA_DIR/BASELINE.json`): gains and losses (plan, set, baseline, now,
  delta); a plan more than `baseline_tolerance` (rules/evaluate.toml, 0.01)
  below its baseline is a LOSS, and so is a baselined plan that is no longer
  in the run. `write_baseline` rewrites the file from a run; raise it in the
  same commit as the improvement that earns it.

The baseline and the current run share one shape (`summary`), so the
comparison works on plain dicts:

    {"pipeline_version": "0.1.0", "headline_groups": [...], "threshold": 0.8,
     "sets": {"seeds": {"headline": 0.9861, "groups": {"document": 1.0, ...},
                        "plans": {"000_x.txt": {"plan": 0.98, "groups": {...}}}}}}
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Optional

from .errors import KehoachError
from .evaluate import (
    GROUPS,
    DocScore,
    EvaluateError,
    GroupSummary,
    load_settings,
    missing_record_score,
    score_record,
    summarize,
)

BASELINE_NAME = "BASELINE.json"
GOLD_NAME = "gold"
DIGITS = 4  # the baseline keeps scores to 4 decimals; deltas are taken on those
_NOT_PLANS = ("readme", "sources", "license", "notes")  # file stems (casefolded) that are never plans


# --------------------------------------------------------------------------
# the run


@dataclass
class SetReport:
    name: str
    plans_dir: str
    gold_dir: str
    docs: list[DocScore]  # one per plan file with gold (label: the file name), then gold without a plan file
    groups: dict[str, GroupSummary]
    headline: Optional[float]
    unscored: list[str] = field(default_factory=list)  # plan files without gold
    failed: dict[str, str] = field(default_factory=dict)  # plan file -> why it did not extract
    missing: list[str] = field(default_factory=list)  # gold stems without a plan file

    def lowest(self) -> Optional[DocScore]:
        scored = [d for d in self.docs if d.plan is not None]
        return min(scored, key=lambda d: d.plan) if scored else None


@dataclass
class CorpusReport:
    corpora_dir: str
    threshold: float
    headline_groups: list[str]
    pipeline_version: str
    sets: list[SetReport]
    jobs: int = 1
    seconds: float = 0.0
    only: Optional[list[str]] = None  # the sets asked for (None: every set found)


def _plan_stem(name: str) -> str:
    return PurePath(name).stem if "." in name else name


def discover_sets(corpora_dir: str | Path, only: list[str] | None = None) -> list[str]:
    """The sets of `corpora_dir`: folders S with a folder gold/S, in the order
    of `corpus_sets` (rules/evaluate.toml), the others after, sorted."""
    root = Path(corpora_dir)
    if not root.is_dir():
        raise EvaluateError(f"corpora directory not found: {root}")
    gold = root / GOLD_NAME
    found = sorted(
        p.name for p in root.iterdir()
        if p.is_dir() and p.name != GOLD_NAME and not p.name.startswith(".") and (gold / p.name).is_dir()
    )
    if only is not None:
        unknown = [s for s in only if s not in found]
        if unknown:
            raise EvaluateError(
                f"no such set in {root}: {', '.join(unknown)} (a set needs {root}/S/ and {gold}/S/; found: "
                f"{', '.join(found) or 'none'})"
            )
        found = [s for s in found if s in only]
    if not found:
        raise EvaluateError(f"no corpus set in {root}: a set is a folder S with gold records in {gold}/S/")
    order = {s: i for i, s in enumerate(load_settings().corpus_sets)}
    return sorted(found, key=lambda s: (order.get(s, len(order)), s))


def plan_files(set_dir: str | Path) -> list[Path]:
    """The plans of a set folder: files with a supported extension (not
    hidden, not READMEs or SOURCES lists), sorted by name."""
    from .ingest import supported_extensions

    exts = set(supported_extensions())
    out = []
    for p in sorted(Path(set_dir).iterdir()):
        if not p.is_file() or p.name.startswith(".") or p.suffix.lower() not in exts:
            continue
        if p.stem.casefold().split(".")[0] in _NOT_PLANS:
            continue
        out.append(p)
    return out


def _extract_and_score(path: str, gold: dict, threshold: float) -> tuple:
    """Worker: one plan -> ("ok", DocScore) | ("error", reason). Scoring runs
    in the worker too: pairing the tasks of a long plan takes seconds."""
    from .pipeline import extract_file

    try:
        rec = extract_file(path).to_dict()
    except KehoachError as e:
        return ("error", getattr(e, "reason", None) or str(e))
    except Exception as e:  # a bug in the pipeline: the plan scores as missing, the report goes on
        msg = str(e).splitlines()[0] if str(e) else ""
        return ("error", f"internal error: {type(e).__name__}: {msg}")
    return ("ok", score_record(gold, rec, threshold=threshold))


def _run_all(work: list[tuple[Path, dict]], jobs: int, threshold: float) -> dict[Path, tuple]:
    if not work:
        return {}
    if jobs <= 1 or len(work) == 1:
        return {p: _extract_and_score(str(p), g, threshold) for p, g in work}
    # the biggest files first, so that no worker is left with a long one at the end
    order = sorted(work, key=lambda pg: -pg[0].stat().st_size)
    out = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as ex:
        futures = {p: ex.submit(_extract_and_score, str(p), g, threshold) for p, g in order}
        for p, fut in futures.items():
            try:
                out[p] = fut.result()
            except Exception as e:  # a worker died (memory, a signal)
                out[p] = ("error", f"worker failed: {type(e).__name__}: {e}")
    return out


def run_corpus(
    corpora_dir: str | Path = "corpora",
    *,
    sets: list[str] | None = None,
    jobs: int | None = None,
    threshold: float | None = None,
) -> CorpusReport:
    """Extract and score every plan of every set (or of `sets`)."""
    from .pipeline import PIPELINE_VERSION

    st = load_settings()
    th = st.title_threshold if threshold is None else threshold
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    root = Path(corpora_dir)
    names = discover_sets(root, sets)
    t0 = time.perf_counter()
    plan: dict[str, tuple[list[Path], dict[str, dict], list[str]]] = {}
    todo: list[tuple[Path, dict]] = []
    for s in names:
        golds: dict[str, dict] = {}
        for g in sorted((root / GOLD_NAME / s).glob("*.json")):
            try:
                golds[g.stem] = json.loads(g.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise EvaluateError(f"{g}: unreadable gold: {str(e).splitlines()[0]}") from None
        files = plan_files(root / s)
        with_gold = [p for p in files if _plan_stem(p.name) in golds]
        unscored = [p.name for p in files if _plan_stem(p.name) not in golds]
        plan[s] = (with_gold, golds, unscored)
        todo += [(p, golds[_plan_stem(p.name)]) for p in with_gold]
    results = _run_all(todo, jobs, th)
    reports = []
    for s in names:
        with_gold, golds, unscored = plan[s]
        docs: list[DocScore] = []
        failed: dict[str, str] = {}
        seen: set[str] = set()
        for p in with_gold:
            stem = _plan_stem(p.name)
            seen.add(stem)
            res = results[p]
            if res[0] == "ok":
                ds = res[1]
            else:
                failed[p.name] = res[1]
                ds = missing_record_score(golds[stem], stem)
            ds.gold, ds.label = stem, p.name
            docs.append(ds)
        missing = [stem for stem in golds if stem not in seen]
        docs += [missing_record_score(golds[stem], stem) for stem in missing]
        groups, head = summarize(docs, st.headline_groups)
        reports.append(SetReport(s, str(root / s), str(root / GOLD_NAME / s), docs, groups, head,
                                 unscored, failed, missing))
    return CorpusReport(str(root), th, list(st.headline_groups), PIPELINE_VERSION, reports, jobs,
                        time.perf_counter() - t0, list(names) if sets is not None else None)


# --------------------------------------------------------------------------
# baseline shape


def _r(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, DIGITS)


def summary(report: CorpusReport) -> dict:
    """The run in the baseline's shape (scores rounded to 4 decimals)."""
    sets = {}
    for s in report.sets:
        sets[s.name] = {
            "headline": _r(s.headline),
            "groups": {g: _r(gs.score) for g, gs in s.groups.items()},
            "plans": {
                d.label: {"plan": _r(d.plan), "groups": {g: _r(d.score(g)) for g in GROUPS}}
                for d in s.docs
            },
        }
    return {
        "pipeline_version": report.pipeline_version,
        "threshold": report.threshold,
        "headline_groups": list(report.headline_groups),
        "sets": sets,
    }


def load_baseline(path: str | Path) -> Optional[dict]:
    """The baseline file, or None when there is none."""
    p = Path(path)
    if not p.exists():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EvaluateError(f"{p}: unreadable baseline: {str(e).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sets"), dict):
        raise EvaluateError(f"{p}: not a baseline (no \"sets\" object)")
    return data


def write_baseline(path: str | Path, report: CorpusReport, old: Optional[dict] = None) -> dict:
    """Write the baseline from `report`. A run over some sets only (`only`)
    keeps the other sets of `old`; a run over every set replaces them all."""
    from .export import atomic_write_text

    failed = [(f"{r.name}/{name}", why) for r in report.sets for name, why in r.failed.items()]
    if failed:
        (name, why), more = failed[0], len(failed) - 1
        raise EvaluateError(
            f"{len(failed)} plan(s) could not be extracted (first: {name}: {why}"
            f"{f'; and {more} more' if more else ''}); the baseline is not written, since it "
            "would record their failure as their score")
    new = summary(report)
    if report.only is not None and old:
        merged = {k: v for k, v in old.get("sets", {}).items() if k not in new["sets"]}
        merged.update(new["sets"])
        new["sets"] = merged
    data = {
        "about": (
            "Per-plan and per-set scores of `kehoach evaluate --corpus`; a plan more than "
            "baseline_tolerance (rules/evaluate.toml) below its score here fails the corpus test. "
            "Rewrite with `kehoach evaluate --corpus --write-baseline`, in the same commit as the "
            "improvement that earns it."
        ),
        **new,
    }
    atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


# --------------------------------------------------------------------------
# comparison

GAIN, SAME, LOSS_WITHIN, LOSS, NEW, GONE = "gain", "same", "loss", "LOSS", "new", "GONE"


@dataclass
class Delta:
    set: str
    plan: str  # plan file name ("" for a set's headline)
    baseline: Optional[float]
    now: Optional[float]
    delta: Optional[float]
    status: str  # gain, same, loss (within tolerance), LOSS, new, GONE


@dataclass
class Comparison:
    baseline_path: str
    found: bool
    tolerance: float
    baseline_version: Optional[str] = None
    plans: list[Delta] = field(default_factory=list)
    sets: list[Delta] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the baseline was scored differently

    @property
    def failures(self) -> list[Delta]:
        """Plans more than the tolerance below the baseline, or gone from the run."""
        return [d for d in self.plans if d.status in (LOSS, GONE)]

    @property
    def ok(self) -> bool:
        return not self.failures

    def count(self, status: str) -> int:
        return sum(1 for d in self.plans if d.status == status)


def _status(base: Optional[float], now: Optional[float], tol: float) -> tuple[Optional[float], str]:
    if base is None and now is None:
        return None, SAME
    if base is None:
        return None, GAIN if now else SAME  # a plan whose headline was undefined now has one
    delta = round((now or 0.0) - base, DIGITS)
    if delta > 0:
        return delta, GAIN
    if delta == 0:
        return delta, SAME
    return delta, (LOSS if delta < -tol else LOSS_WITHIN)


def compare(baseline: Optional[dict], current: dict, *, tolerance: float | None = None,
            sets: list[str] | None = None, baseline_path: str = "") -> Comparison:
    """Plan by plan, `current` (a `summary`) against `baseline` (the same
    shape). Only the sets in `sets` are compared when given (a run over some
    sets); otherwise a baselined set or plan missing from the run is GONE."""
    tol = load_settings().baseline_tolerance if tolerance is None else tolerance
    cmp = Comparison(baseline_path, baseline is not None, tol)
    if baseline is None:
        return cmp
    cmp.baseline_version = baseline.get("pipeline_version")
    for key, what in (("threshold", "title threshold"), ("headline_groups", "headline groups")):
        if key in baseline and key in current and baseline[key] != current[key]:
            cmp.notes.append(f"the baseline was scored with {what} {baseline[key]}, this run with {current[key]}")
    bsets: dict = baseline.get("sets") or {}
    csets: dict = current.get("sets") or {}
    names = list(csets) + [s for s in bsets if s not in csets and (sets is None or s in sets)]
    for s in names:
        b = bsets.get(s) or {}
        c = csets.get(s)
        bh = b.get("headline") if b else None
        if c is None:
            cmp.sets.append(Delta(s, "", bh, None, None, GONE))
        elif not b:
            cmp.sets.append(Delta(s, "", None, c.get("headline"), None, NEW))
        else:
            d, st = _status(bh, c.get("headline"), tol)
            cmp.sets.append(Delta(s, "", bh, c.get("headline"), d, st))
        bplans: dict = b.get("plans") or {}
        cplans: dict = (c or {}).get("plans") or {}
        for name in sorted(set(bplans) | set(cplans)):
            bp, cp = bplans.get(name), cplans.get(name)
            bv = bp.get("plan") if isinstance(bp, dict) else None
            cv = cp.get("plan") if isinstance(cp, dict) else None
            if bp is None:
                cmp.plans.append(Delta(s, name, None, cv, None, NEW))
            elif cp is None:
                cmp.plans.append(Delta(s, name, bv, None, None, GONE))
            else:
                d, st = _status(bv, cv, tol)
                cmp.plans.append(Delta(s, name, bv, cv, d, st))
    return cmp


# --------------------------------------------------------------------------
# text and JSON

_SHORT = {
    "document": "doc",
    "legal_bases": "lb",
    "legal_bases.attributes": "lb.attr",
    "tasks": "tasks",
    "tasks.lead": "lead",
    "tasks.support": "support",
    "tasks.timeline": "timeline",
    "deadlines": "deadl",
}


def _f(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3f}"


def _d(x: Optional[float]) -> str:
    return "" if x is None else f"{x:+.3f}"


def format_sets(report: CorpusReport) -> str:
    """Per set: the table plan x group with the plan headline, then the set's headline."""
    L: list[str] = []
    for s in report.sets:
        n_scored = sum(1 for d in s.docs if not d.missing)
        L.append(
            f"== {s.name}: {len(s.docs) - len(s.missing)} plans in {s.plans_dir} with gold in {s.gold_dir} "
            f"({n_scored} scored, {len(s.failed)} failed, {len(s.unscored)} unscored, "
            f"{len(s.missing)} gold without a plan file)"
        )
        labels = [d.label + (" (failed)" if d.label in s.failed else " (no plan file)" if d.missing else "")
                  for d in s.docs]
        width = max([len(x) for x in labels] + [len("average")]) + 2
        L.append(f"{'file':<{width}}" + "".join(f"{_SHORT[g]:>9}" for g in GROUPS) + f"{'plan':>9}")
        for label, d in zip(labels, s.docs):
            L.append(f"{label:<{width}}" + "".join(f"{_f(d.score(g)):>9}" for g in GROUPS) + f"{_f(d.plan):>9}")
        L.append(f"{'average':<{width}}" + "".join(f"{_f(s.groups[g].score):>9}" for g in GROUPS))
        for name, why in s.failed.items():
            L.append(f"  failed (scored as a missing record): {name}: {why}")
        if s.missing:
            L.append("  gold without a plan file (scored as a missing record): " + ", ".join(s.missing))
        if s.unscored:
            L.append("  unscored (no gold): " + ", ".join(s.unscored))
        low = s.lowest()
        low_txt = f"; lowest plan {_f(low.plan)} ({low.label})" if low is not None else ""
        L.append(f"{s.name} headline: {_f(s.headline)}{low_txt}")
        L.append("")
    n = sum(len(s.docs) for s in report.sets)
    L.append(
        f"{len(report.sets)} sets, {n} plans; extracted and scored in {report.seconds:.1f} s with "
        f"{report.jobs} job{'s' if report.jobs != 1 else ''}; pipeline {report.pipeline_version}; "
        f"headline = mean of the group averages, plan = mean of the plan's defined groups "
        f"({', '.join(_SHORT[g] for g in report.headline_groups)})"
    )
    return "\n".join(L)


def format_comparison(cmp: Comparison, *, write_hint: str = "kehoach evaluate --corpus --write-baseline") -> str:
    """Gains and losses per plan against the baseline; the verdict is the last line."""
    L: list[str] = []
    if not cmp.found:
        L.append(f"no baseline at {cmp.baseline_path}: nothing to compare (write one with `{write_hint}`)")
        return "\n".join(L)
    L.append(f"== against {cmp.baseline_path} (pipeline {cmp.baseline_version or '?'}; "
             f"a drop of more than {cmp.tolerance:g} is a LOSS)")
    L.extend(f"note: {n}" for n in cmp.notes)
    L.append(f"{'set':<12}{'baseline':>9}{'now':>9}{'delta':>9}")
    for d in cmp.sets:
        L.append(f"{d.set:<12}{_f(d.baseline):>9}{_f(d.now):>9}{_d(d.delta):>9}"
                 + (f"  {d.status}" if d.status in (NEW, GONE) else ""))
    changed = [d for d in cmp.plans if d.status != SAME]
    L.append("")
    if changed:
        width = max(len(d.plan) for d in changed) + 2
        sw = max(len(d.set) for d in changed) + 2
        L.append(f"{'plan':<{width}}{'set':<{sw}}{'baseline':>9}{'now':>9}{'delta':>9}")
        for d in changed:
            L.append(f"{d.plan:<{width}}{d.set:<{sw}}{_f(d.baseline):>9}{_f(d.now):>9}{_d(d.delta):>9}  {d.status}")
    L.append(
        f"{cmp.count(GAIN)} gains, {cmp.count(LOSS_WITHIN)} losses within {cmp.tolerance:g}, "
        f"{cmp.count(LOSS)} LOSSES, {cmp.count(NEW)} new, {cmp.count(GONE)} gone, {cmp.count(SAME)} unchanged"
    )
    if cmp.ok:
        hint = (f"; gains: raise the baseline with `{write_hint}` in the same commit"
                if cmp.count(GAIN) or cmp.count(NEW) else "")
        L.append(f"result: OK, no plan more than {cmp.tolerance:g} below the baseline{hint}")
    else:
        what = ", ".join(
            f"{d.set}/{d.plan} ({_d(d.delta)})" if d.status == LOSS else f"{d.set}/{d.plan} (gone)"
            for d in cmp.failures
        )
        L.append(f"result: FAIL, {len(cmp.failures)} plan{'s' if len(cmp.failures) != 1 else ''} "
                 f"more than {cmp.tolerance:g} below the baseline or gone: {what}")
    return "\n".join(L)


def to_json(report: CorpusReport, cmp: Optional[Comparison] = None, *, misses: bool = False) -> dict:
    from dataclasses import asdict

    sets = {}
    for s in report.sets:
        plans = []
        for d in s.docs:
            p: dict[str, Any] = {
                "file": d.label, "gold": d.gold, "missing": d.missing, "plan": d.plan,
                "error": s.failed.get(d.label),
                "groups": {g: asdict(gs) for g, gs in d.groups.items()},
            }
            if misses:
                p["misses"] = [asdict(m) for m in d.misses]
            plans.append(p)
        sets[s.name] = {
            "plans_dir": s.plans_dir, "gold_dir": s.gold_dir, "headline": s.headline,
            "groups": {g: asdict(gs) for g, gs in s.groups.items()},
            "plans": plans, "unscored": s.unscored, "failed": s.failed, "missing": s.missing,
        }
    out: dict[str, Any] = {
        "corpora_dir": report.corpora_dir, "threshold": report.threshold,
        "headline_groups": report.headline_groups, "pipeline_version": report.pipeline_version,
        "jobs": report.jobs, "seconds": round(report.seconds, 2), "sets": sets,
    }
    if cmp is not None:
        out["baseline"] = {
            "path": cmp.baseline_path, "found": cmp.found, "pipeline_version": cmp.baseline_version,
            "tolerance": cmp.tolerance, "ok": cmp.ok, "notes": cmp.notes,
            "sets": [asdict(d) for d in cmp.sets], "plans": [asdict(d) for d in cmp.plans],
            "failures": [asdict(d) for d in cmp.failures],
        }
    return out
