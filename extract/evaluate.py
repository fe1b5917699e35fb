"""Scoring records against gold: SCHEMA.md "Scoring", made exact.

Field groups (settings in `rules/evaluate.toml`):

- `document`: exact match per document field after `normalize_line`; only the
  fields the gold has a key for are scored (a gold null is matched only by a
  null); `recipients` compare element-wise and count as one field. Score =
  matched / scored fields.
- `legal_bases`: an entry matches when doc_type and number agree (numbers
  after `normalize_line`, spaces removed, case-insensitive); an unnumbered
  entry matches on doc_type and title (`normalize_line` + casefold).
  One-to-one; precision, recall, F1.
- `legal_bases.attributes`: over matched pairs, the mean of the accuracies
  of `date`, `issuer` (compared by `agency.match_key`) and `relation`.
- `tasks`: gold and predicted tasks pair by title similarity
  (`difflib.SequenceMatcher(None, gold, pred).ratio()` on
  `normalize_line(title).casefold()`, at least the threshold), best pair
  first (ties in document order), one-to-one; precision, recall, F1.
- `tasks.lead`, `tasks.support`: over paired tasks, the mean F1 of the name
  sets (names compared by `match_key`; two empty sets score 1.0).
- `tasks.timeline`: over paired tasks, the mean of (kind correct, dates
  correct) / 2; start, end and due must all agree; two null timelines are
  correct on both counts, a null against a non-null one on neither.
- `deadlines`: an entry matches when kind and due agree (one-to-one);
  precision, recall, F1.

Conventions: a set group with nothing on either side scores P = R = F1 = 1;
otherwise an undefined ratio (no predictions, or no gold) is 0, so F1 is 0.
A group over pairs (or over document fields) with nothing to score in a
document is undefined there and left out of that group's mean. A gold file
without a record scores 0 on `document` and on every set group; its pair
groups are undefined. A gold file with a `scored` list (e.g. ["document",
"legal_bases"]) is annotated for those groups only: the others are undefined
in that document.

Headline: each group's score is averaged over the documents (scored
records) where it is defined (macro); the headline is the mean of those group
averages over `headline_groups`. Micro P/R/F1 (counts summed over
documents) are reported for the set groups as well.

Plan headline (`DocScore.plan`, the column "plan"): the mean of one
document's defined group scores over `headline_groups` (None when none is
defined). The corpus report (`extract/corpus_report.py`) compares it per plan
with `corpora/BASELINE.json`, within `baseline_tolerance`.
"""

from __future__ import annotations

import difflib
import functools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import Any, Optional

import regex as re

from .agency import match_key
from .errors import KehoachError
from .normalize import normalize_line
from .rules import load_toml

SET_GROUPS = ("legal_bases", "tasks", "deadlines")
PAIR_GROUPS = ("legal_bases.attributes", "tasks.lead", "tasks.support", "tasks.timeline")
FIELD_GROUPS = ("document",)
GROUPS = (
    "document",
    "legal_bases",
    "legal_bases.attributes",
    "tasks",
    "tasks.lead",
    "tasks.support",
    "tasks.timeline",
    "deadlines",
)

_DEFAULTS = {
    "title_threshold": 0.8,
    "baseline_tolerance": 0.01,
    "corpus_sets": ["seeds", "dev", "real", "office"],
    "headline_groups": list(GROUPS),
    "document_fields": [
        "doc_type", "number", "number_code", "issue_date", "place", "title",
        "issuing_body", "issuer_level", "province", "signer.name",
        "signer.position", "signer.authority", "signer.on_behalf_of", "recipients",
    ],
}


class EvaluateError(KehoachError):
    """Bad input to the scorer (a missing or empty directory, unreadable gold)."""


@dataclass(frozen=True)
class Settings:
    title_threshold: float
    headline_groups: tuple[str, ...]
    document_fields: tuple[str, ...]
    baseline_tolerance: float = 0.01  # corpus report: a plan may drop this much below the baseline
    corpus_sets: tuple[str, ...] = ()  # corpus report: the order sets print in (others follow, sorted)


@functools.lru_cache(maxsize=1)
def load_settings() -> Settings:
    """`rules/evaluate.toml` over the built-in defaults."""
    cfg = dict(_DEFAULTS)
    try:
        cfg.update(load_toml("evaluate.toml"))
    except FileNotFoundError:
        pass
    groups = tuple(cfg["headline_groups"])
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise EvaluateError(f"rules/evaluate.toml: unknown headline group(s): {', '.join(unknown)}")
    try:
        tol = float(cfg["baseline_tolerance"])
    except (TypeError, ValueError):
        raise EvaluateError("rules/evaluate.toml: baseline_tolerance must be a number") from None
    if not 0.0 <= tol < 1.0:
        raise EvaluateError(f"rules/evaluate.toml: baseline_tolerance must be in [0, 1): {tol}")
    return Settings(
        float(cfg["title_threshold"]), groups, tuple(cfg["document_fields"]),
        tol, tuple(str(x) for x in cfg["corpus_sets"]),
    )


# --------------------------------------------------------------------------
# results


@dataclass
class Miss:
    """One difference between gold and prediction.

    kind: "differs" (a document field, a pair's attribute), "missing" (in the
    gold only), "spurious" (predicted only). `gold`/`pred` hold the values as
    they stand (for set differences: the names found on that side only).
    """

    group: str
    kind: str
    key: str
    gold: Any = None
    pred: Any = None


@dataclass
class GroupScore:
    """One group in one document. `score` is the F1 (set groups) or the
    accuracy; None when the group is undefined in the document."""

    score: Optional[float]
    precision: Optional[float] = None
    recall: Optional[float] = None
    tp: Optional[int] = None
    n_gold: Optional[int] = None
    n_pred: Optional[int] = None
    n: int = 0  # fields scored / pairs / gold entries


@dataclass
class DocScore:
    gold: str = ""  # gold stem
    label: str = ""  # record file name (the gold stem when the record is missing)
    missing: bool = False  # no record for this gold
    groups: dict[str, GroupScore] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    plan: Optional[float] = None  # the plan headline (plan_headline), set by the scorer

    def score(self, group: str) -> Optional[float]:
        g = self.groups.get(group)
        return g.score if g else None


def plan_headline(ds: DocScore, headline_groups: tuple[str, ...] | list[str] | None = None) -> Optional[float]:
    """One plan's headline: the mean of its defined group scores over the
    headline groups; None when none of them is defined."""
    hg = load_settings().headline_groups if headline_groups is None else headline_groups
    return _mean([s for s in (ds.score(g) for g in hg) if s is not None])


@dataclass
class GroupSummary:
    group: str
    docs: int  # documents where the group is defined
    score: Optional[float]  # macro mean of the per-document scores
    precision: Optional[float] = None  # macro (set groups)
    recall: Optional[float] = None
    items: int = 0  # summed n: fields, gold entries or pairs
    micro_precision: Optional[float] = None  # set groups: summed counts
    micro_recall: Optional[float] = None
    micro_f1: Optional[float] = None
    tp: Optional[int] = None
    n_gold: Optional[int] = None
    n_pred: Optional[int] = None


@dataclass
class Report:
    gold_dir: str
    records_dir: str
    threshold: float
    headline_groups: list[str]
    docs: list[DocScore]
    groups: dict[str, GroupSummary]
    headline: Optional[float]
    missing: list[str]  # gold stems without a record
    unscored: list[str]  # record files without gold (with the reason when unreadable)

    def to_dict(self, *, misses: bool = True) -> dict:
        d = asdict(self)
        if not misses:
            for doc in d["docs"]:
                doc.pop("misses", None)
        return d


# --------------------------------------------------------------------------
# comparison helpers


def _text(v: Any) -> Any:
    if isinstance(v, str):
        return normalize_line(v)
    return v


def _fold_text(v: Any) -> Optional[str]:
    if not isinstance(v, str):
        return None
    s = normalize_line(v).casefold()
    return s or None


def _number_key(v: Any) -> Optional[str]:
    if not isinstance(v, str):
        return None
    s = re.sub(r"\s+", "", normalize_line(v)).casefold()
    return s or None


def _agency_key(v: Any) -> Optional[str]:
    if not isinstance(v, str) or not v.strip():
        return None
    return match_key(v) or None


def _prf(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    if n_gold == 0 and n_pred == 0:
        return 1.0, 1.0, 1.0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * tp / (n_gold + n_pred)
    return p, r, f


def _set_score(tp: int, n_gold: int, n_pred: int) -> GroupScore:
    p, r, f = _prf(tp, n_gold, n_pred)
    return GroupScore(f, p, r, tp, n_gold, n_pred, n_gold)


def _mean(xs: list[float]) -> Optional[float]:
    return sum(xs) / len(xs) if xs else None


def _match_keys(gold_keys: list, pred_keys: list) -> list[tuple[int, int]]:
    """One-to-one matching of equal keys, in document order."""
    free: dict[Any, list[int]] = {}
    for j, k in enumerate(pred_keys):
        free.setdefault(k, []).append(j)
    pairs = []
    for i, k in enumerate(gold_keys):
        if free.get(k):
            pairs.append((i, free[k].pop(0)))
    return pairs


def _short(s: Any, n: int = 80) -> str:
    s = normalize_line(s) if isinstance(s, str) else ("" if s is None else str(s))
    return s if len(s) <= n else s[: n - 1] + "…"


def _list(v: Any) -> list:
    return v if isinstance(v, list) else []


def _dict(v: Any) -> dict:
    return v if isinstance(v, dict) else {}


# --------------------------------------------------------------------------
# groups


def _get_field(doc: dict, path: str) -> tuple[bool, Any]:
    cur: Any = doc
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return False, None
        cur = cur[part]
    return True, cur


def _field_value(v: Any) -> Any:
    if isinstance(v, list):
        return [_text(x) for x in v]
    return _text(v)


def score_document(gold: dict, pred: dict, fields: tuple[str, ...]) -> tuple[GroupScore, list[Miss]]:
    gdoc, pdoc = _dict(gold.get("document")), _dict(pred.get("document"))
    scored = matched = 0
    misses = []
    for f in fields:
        has, gv = _get_field(gdoc, f)
        if not has:
            continue
        _, pv = _get_field(pdoc, f)
        scored += 1
        if _field_value(gv) == _field_value(pv):
            matched += 1
        else:
            misses.append(Miss("document", "differs", f, gv, pv))
    return GroupScore(matched / scored if scored else None, n=scored), misses


def _lb_key(e: dict) -> tuple:
    dt = _text(e.get("doc_type"))
    num = _number_key(e.get("number"))
    if num is not None:
        return ("number", dt, num)
    return ("title", dt, _fold_text(e.get("title")))


def _lb_label(e: dict) -> str:
    dt = e.get("doc_type") or "?"
    if _number_key(e.get("number")) is not None:
        return f"{dt} {normalize_line(e['number'])}"
    return f"{dt} «{_short(e.get('title'))}»"


def score_legal_bases(gold: dict, pred: dict) -> tuple[GroupScore, GroupScore, list[Miss]]:
    gl = [e for e in _list(gold.get("legal_bases")) if isinstance(e, dict)]
    pl = [e for e in _list(pred.get("legal_bases")) if isinstance(e, dict)]
    pairs = _match_keys([_lb_key(e) for e in gl], [_lb_key(e) for e in pl])
    misses = []
    gp = {i for i, _ in pairs}
    pp = {j for _, j in pairs}
    misses += [Miss("legal_bases", "missing", _lb_label(e), gold=e) for i, e in enumerate(gl) if i not in gp]
    misses += [Miss("legal_bases", "spurious", _lb_label(e), pred=e) for j, e in enumerate(pl) if j not in pp]
    correct = {"date": 0, "issuer": 0, "relation": 0}
    compare = {"date": _text, "issuer": _agency_key, "relation": _text}
    for i, j in pairs:
        for attr, norm in compare.items():
            gv, pv = gl[i].get(attr), pl[j].get(attr)
            if norm(gv) == norm(pv):
                correct[attr] += 1
            else:
                misses.append(Miss("legal_bases.attributes", "differs", f"{_lb_label(gl[i])}: {attr}", gv, pv))
    n = len(pairs)
    attrs = GroupScore(_mean([c / n for c in correct.values()]) if n else None, n=n)
    return _set_score(n, len(gl), len(pl)), attrs, misses


def _title_key(t: dict) -> str:
    title = t.get("title")
    return normalize_line(title).casefold() if isinstance(title, str) else ""


def pair_tasks(gold_tasks: list[dict], pred_tasks: list[dict], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (gold index, pred index, similarity), best first, one-to-one."""
    gk = [_title_key(t) for t in gold_tasks]
    pk = [_title_key(t) for t in pred_tasks]
    cands = []
    # autojunk off: with it, titles of 200+ characters score differently
    # depending on argument order (0.21 one way, 0.52 the other on one pair)
    sm = difflib.SequenceMatcher(None, autojunk=False)
    for j, b in enumerate(pk):
        sm.set_seq2(b)
        for i, a in enumerate(gk):
            sm.set_seq1(a)
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue  # upper bounds of ratio()
            r = sm.ratio()
            if r >= threshold:
                cands.append((-r, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for neg, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j, -neg))
    return sorted(pairs)


def _names(entries: Any) -> dict[str, str]:
    """match_key -> the first spelling, for a lead/support list."""
    out: dict[str, str] = {}
    for e in _list(entries):
        name = e.get("name") if isinstance(e, dict) else e
        k = _agency_key(name)
        if k is not None:
            out.setdefault(k, name)
    return out


def _set_f1(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _timeline_view(t: Any) -> Optional[dict]:
    if not isinstance(t, dict):
        return None
    return {k: t.get(k) for k in ("raw", "kind", "start", "end", "due")}


def _timeline_score(g: Any, p: Any) -> tuple[bool, bool]:
    g = g if isinstance(g, dict) else None
    p = p if isinstance(p, dict) else None
    if g is None and p is None:
        return True, True
    if g is None or p is None:
        return False, False
    kind_ok = _text(g.get("kind")) == _text(p.get("kind"))
    dates_ok = all(_text(g.get(k)) == _text(p.get(k)) for k in ("start", "end", "due"))
    return kind_ok, dates_ok


def _task_label(t: dict) -> str:
    return f"{t.get('id') or '?'} «{_short(t.get('title'))}»"


def score_tasks(gold: dict, pred: dict, threshold: float) -> tuple[dict[str, GroupScore], list[Miss]]:
    gt = [t for t in _list(gold.get("tasks")) if isinstance(t, dict)]
    pt = [t for t in _list(pred.get("tasks")) if isinstance(t, dict)]
    pairs = pair_tasks(gt, pt, threshold)
    gp = {i for i, _, _ in pairs}
    pp = {j for _, j, _ in pairs}
    def brief(t: dict) -> dict:
        return {"id": t.get("id"), "title": t.get("title")}

    misses = [Miss("tasks", "missing", _task_label(t), gold=brief(t)) for i, t in enumerate(gt) if i not in gp]
    misses += [Miss("tasks", "spurious", _task_label(t), pred=brief(t)) for j, t in enumerate(pt) if j not in pp]
    per: dict[str, list[float]] = {"tasks.lead": [], "tasks.support": [], "tasks.timeline": []}
    for i, j, _sim in pairs:
        g, p = gt[i], pt[j]
        pair_label = f"{g.get('id') or '?'} ~ {p.get('id') or '?'}"
        for role in ("lead", "support"):
            gn, pn = _names(g.get(role)), _names(p.get(role))
            f = _set_f1(set(gn), set(pn))
            per[f"tasks.{role}"].append(f)
            if f < 1.0:
                misses.append(Miss(
                    f"tasks.{role}", "differs", pair_label,
                    [gn[k] for k in gn if k not in pn], [pn[k] for k in pn if k not in gn],
                ))
        kind_ok, dates_ok = _timeline_score(g.get("timeline"), p.get("timeline"))
        per["tasks.timeline"].append((kind_ok + dates_ok) / 2)
        if not (kind_ok and dates_ok):
            what = "kind and dates" if not kind_ok and not dates_ok else ("kind" if not kind_ok else "dates")
            misses.append(Miss("tasks.timeline", "differs", f"{pair_label}: {what}",
                               _timeline_view(g.get("timeline")), _timeline_view(p.get("timeline"))))
    groups = {"tasks": _set_score(len(pairs), len(gt), len(pt))}
    for name, xs in per.items():
        groups[name] = GroupScore(_mean(xs), n=len(xs))
    return groups, misses


def _dl_key(d: dict) -> tuple:
    return (_text(d.get("kind")), _text(d.get("due")))


def _dl_label(d: dict) -> str:
    return f"{d.get('kind')} {d.get('due')} «{_short(d.get('raw'), 60)}»"


def score_deadlines(gold: dict, pred: dict) -> tuple[GroupScore, list[Miss]]:
    gl = [d for d in _list(gold.get("deadlines")) if isinstance(d, dict)]
    pl = [d for d in _list(pred.get("deadlines")) if isinstance(d, dict)]
    pairs = _match_keys([_dl_key(d) for d in gl], [_dl_key(d) for d in pl])
    gp = {i for i, _ in pairs}
    pp = {j for _, j in pairs}
    misses = [Miss("deadlines", "missing", _dl_label(d), gold=d) for i, d in enumerate(gl) if i not in gp]
    misses += [Miss("deadlines", "spurious", _dl_label(d), pred=d) for j, d in enumerate(pl) if j not in pp]
    return _set_score(len(pairs), len(gl), len(pl)), misses


# --------------------------------------------------------------------------
# records and directories


def score_record(gold: dict, pred: dict, *, threshold: float | None = None) -> DocScore:
    """Score one record (a Record.to_dict()) against one gold record."""
    st = load_settings()
    th = st.title_threshold if threshold is None else threshold
    pred = pred if isinstance(pred, dict) else {}
    ds = DocScore()
    doc, m = score_document(gold, pred, st.document_fields)
    ds.groups["document"] = doc
    ds.misses += m
    lb, lba, m = score_legal_bases(gold, pred)
    ds.groups["legal_bases"], ds.groups["legal_bases.attributes"] = lb, lba
    ds.misses += m
    tg, m = score_tasks(gold, pred, th)
    ds.groups.update(tg)
    ds.misses += m
    dl, m = score_deadlines(gold, pred)
    ds.groups["deadlines"] = dl
    ds.misses += m
    ds.groups = {g: ds.groups[g] for g in GROUPS}
    scope = scored_groups(gold)
    if scope is not None:
        ds.groups = {g: (s if g in scope else GroupScore(None)) for g, s in ds.groups.items()}
        ds.misses = [x for x in ds.misses if x.group in scope or x.group not in GROUPS]
    order = {g: k for k, g in enumerate(GROUPS)}
    ds.misses.sort(key=lambda x: order.get(x.group, len(GROUPS)))  # stable within a group
    ds.plan = plan_headline(ds, st.headline_groups)
    return ds


def scored_groups(gold: dict) -> set[str] | None:
    """The groups a gold file is annotated for: its `scored` key lists field
    groups ("document", "legal_bases"), a group's ".x" parts included; no key
    means every group. A group left out is undefined for that document."""
    sc = gold.get("scored") if isinstance(gold, dict) else None
    if not isinstance(sc, list):
        return None
    named = {str(x) for x in sc}
    return {g for g in GROUPS if g in named or g.split(".")[0] in named}


def missing_record_score(gold: dict, stem: str = "") -> DocScore:
    """A gold without a record: 0 on document and the set groups."""
    st = load_settings()
    gdoc = _dict(gold.get("document"))
    n_fields = sum(1 for f in st.document_fields if _get_field(gdoc, f)[0])
    ds = DocScore(gold=stem, label=stem, missing=True)
    ds.groups["document"] = GroupScore(0.0 if n_fields else None, n=n_fields)
    for g in GROUPS:
        if g in SET_GROUPS:
            n = len(_list(gold.get(g)))
            ds.groups[g] = GroupScore(0.0, 0.0, 0.0, 0, n, 0, n)
        elif g not in ds.groups:
            ds.groups[g] = GroupScore(None)
    ds.groups = {g: ds.groups[g] for g in GROUPS}
    scope = scored_groups(gold)
    if scope is not None:
        ds.groups = {g: (s if g in scope else GroupScore(None)) for g, s in ds.groups.items()}
    ds.misses.append(Miss("record", "missing", stem))
    ds.plan = plan_headline(ds, st.headline_groups)
    return ds


def record_stem(record: dict, file_name: str) -> str:
    """The gold stem a record belongs to: its source file without extension
    (else the record's file name without ".json" and one more extension)."""
    src = _dict(record.get("source")).get("file") if isinstance(record, dict) else None
    if isinstance(src, str) and src.strip():
        name = PurePath(src.replace("\\", "/")).name
    else:
        name = file_name[: -len(".json")] if file_name.endswith(".json") else file_name
    return PurePath(name).stem if "." in name else name


def _json_files(d: Path, what: str) -> list[Path]:
    if not d.exists():
        raise EvaluateError(f"{what} directory not found: {d}")
    if not d.is_dir():
        raise EvaluateError(f"{what} is not a directory: {d}")
    files = sorted(p for p in d.glob("*.json") if p.is_file())
    if not files:
        raise EvaluateError(f"{what} directory has no .json files: {d}")
    return files


def summarize(docs: list[DocScore], headline_groups: tuple[str, ...] | list[str] | None = None) -> tuple[dict[str, GroupSummary], Optional[float]]:
    """Macro and micro averages per group, and the headline."""
    hg = tuple(load_settings().headline_groups if headline_groups is None else headline_groups)
    out: dict[str, GroupSummary] = {}
    for g in GROUPS:
        scores = [d.groups[g] for d in docs if g in d.groups and d.groups[g].score is not None]
        s = GroupSummary(g, len(scores), _mean([x.score for x in scores]), items=sum(x.n for x in scores))
        if g in SET_GROUPS:
            s.precision = _mean([x.precision for x in scores])
            s.recall = _mean([x.recall for x in scores])
            s.tp = sum(x.tp or 0 for x in scores)
            s.n_gold = sum(x.n_gold or 0 for x in scores)
            s.n_pred = sum(x.n_pred or 0 for x in scores)
            if scores:
                s.micro_precision, s.micro_recall, s.micro_f1 = _prf(s.tp, s.n_gold, s.n_pred)
        out[g] = s
    head = _mean([out[g].score for g in hg if out[g].score is not None])
    return out, head


def score_dirs(gold_dir, records_dir, *, threshold: float | None = None) -> Report:
    """Score every record of `records_dir` against the gold of `gold_dir`."""
    st = load_settings()
    th = st.title_threshold if threshold is None else threshold
    gold_dir, records_dir = Path(gold_dir), Path(records_dir)
    golds: dict[str, dict] = {}
    for p in _json_files(gold_dir, "gold"):
        try:
            golds[p.stem] = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise EvaluateError(f"{p}: unreadable gold: {e}") from None
    by_stem: dict[str, list[tuple[str, dict]]] = {}
    unscored: list[str] = []
    for p in _json_files(records_dir, "records"):
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            unscored.append(f"{p.name} (unreadable: {str(e).splitlines()[0]})")
            continue
        if not isinstance(rec, dict):
            unscored.append(f"{p.name} (not a record)")
            continue
        if "source" not in rec and "files" in rec and "counts" in rec:
            continue  # the run manifest that `kehoach extract` writes beside the records
        stem = record_stem(rec, p.name)
        if stem in golds:
            by_stem.setdefault(stem, []).append((p.name, rec))
        else:
            unscored.append(p.name)
    docs: list[DocScore] = []
    missing: list[str] = []
    for stem, gold in golds.items():
        recs = by_stem.get(stem)
        if not recs:
            missing.append(stem)
            docs.append(missing_record_score(gold, stem))
            continue
        for name, rec in recs:
            ds = score_record(gold, rec, threshold=th)
            ds.gold, ds.label = stem, name
            docs.append(ds)
    groups, head = summarize(docs, st.headline_groups)
    return Report(str(gold_dir), str(records_dir), th, list(st.headline_groups), docs, groups, head, missing, unscored)


# --------------------------------------------------------------------------
# text report

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


def _v(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


def _miss_line(m: Miss) -> str:
    if m.group == "record":
        return "no record: scored 0 on document and the set groups"
    if m.kind in ("missing", "spurious"):
        return f"{m.group}  {m.kind}: {m.key}"
    if m.group in ("tasks.lead", "tasks.support"):
        return f"{m.group}  {m.key}: gold only {_v(m.gold)} | pred only {_v(m.pred)}"
    return f"{m.group}  {m.key}: gold {_v(m.gold)} | pred {_v(m.pred)}"


def format_report(report: Report, *, misses: bool = True) -> str:
    """The human-readable report; the headline is the last line."""
    L: list[str] = []
    n_rec = sum(1 for d in report.docs if not d.missing)
    L.append(
        f"gold: {report.gold_dir} ({len({d.gold for d in report.docs})} documents); "
        f"records: {report.records_dir} ({n_rec} scored, {len(report.missing)} gold without record, "
        f"{len(report.unscored)} unscored); title threshold {report.threshold:g}"
    )
    L.append("")
    L.append("macro averages over documents (F1 for set groups, accuracy for the others)")
    L.append(f"{'group':<24}{'P':>7}{'R':>7}{'F1/acc':>8}{'docs':>6}{'n':>6}")
    for g, s in report.groups.items():
        L.append(f"{g:<24}{_f(s.precision):>7}{_f(s.recall):>7}{_f(s.score):>8}{s.docs:>6}{s.items:>6}")
    L.append("  n: document fields scored, gold entries (set groups), or paired items")
    L.append("")
    L.append("micro averages (counts summed over documents)")
    L.append(f"{'group':<24}{'P':>7}{'R':>7}{'F1':>8}{'tp':>6}{'gold':>6}{'pred':>6}")
    for g in SET_GROUPS:
        s = report.groups[g]
        L.append(f"{g:<24}{_f(s.micro_precision):>7}{_f(s.micro_recall):>7}{_f(s.micro_f1):>8}"
                 f"{s.tp or 0:>6}{s.n_gold or 0:>6}{s.n_pred or 0:>6}")
    L.append("")
    L.append("per document ('-': undefined, left out of the mean; plan: the mean of its defined headline groups)")
    width = max([len(d.label) + (10 if d.missing else 0) for d in report.docs] + [8])
    L.append(f"{'record':<{width}}" + "".join(f"{_SHORT[g]:>9}" for g in GROUPS) + f"{'plan':>9}")
    for d in report.docs:
        label = d.label + (" (missing)" if d.missing else "")
        L.append(f"{label:<{width}}" + "".join(f"{_f(d.score(g)):>9}" for g in GROUPS) + f"{_f(d.plan):>9}")
    if report.missing:
        L.append("")
        L.append("gold without a record (scored 0 on document and the set groups): " + ", ".join(report.missing))
    if report.unscored:
        L.append("")
        L.append("unscored records (no gold): " + ", ".join(report.unscored))
    if misses:
        L.append("")
        L.append("misses")
        any_miss = False
        for d in report.docs:
            if not d.misses:
                continue
            any_miss = True
            L.append(f"{d.label}:")
            L.extend(f"  {_miss_line(m)}" for m in d.misses)
        if not any_miss:
            L.append("  none")
    L.append("")
    hg = ", ".join(g for g in report.headline_groups if report.groups[g].score is not None)
    L.append(f"headline = mean of the group averages ({hg})")
    L.append(f"headline: {_f(report.headline) if report.headline is not None else 'n/a'}")
    return "\n".join(L)
