"""The corpus report (extract/corpus_report.py, `kehoach evaluate --corpus`).

`test_no_plan_below_baseline` extracts every corpus set of the repository
(seeds, dev, real and office: office's .docx and text PDFs need neither
LibreOffice nor OCR, and its .doc companion has no gold, so it is not
extracted), prints the tables (`pytest -s` shows them) and fails when a plan
is more than `baseline_tolerance` (rules/evaluate.toml, 0.01) below
corpora/BASELINE.json. An improvement raises the baseline in the same commit:

    kehoach evaluate --corpus --write-baseline
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract import corpus_report as cr
from extract.evaluate import GROUPS, load_settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
BASELINE = CORPORA / cr.BASELINE_NAME


# --------------------------------------------------------------------------
# the comparison, on fabricated scores

BASE = {
    "pipeline_version": "0.0.9",
    "sets": {
        "A": {
            "headline": 0.9,
            "plans": {
                "gain.txt": {"plan": 0.80},
                "same.txt": {"plan": 0.90},
                "within.txt": {"plan": 0.905},
                "edge.txt": {"plan": 0.95},
                "beyond.txt": {"plan": 0.95},
                "gone.txt": {"plan": 0.70},
            },
        },
        "B": {"headline": 0.5, "plans": {"b.txt": {"plan": 0.5}}},
    },
}
NOW = {
    "sets": {
        "A": {
            "headline": 0.91,
            "plans": {
                "gain.txt": {"plan": 0.85},
                "same.txt": {"plan": 0.90},
                "within.txt": {"plan": 0.8951},  # -0.0099
                "edge.txt": {"plan": 0.94},  # -0.0100: not more than the tolerance
                "beyond.txt": {"plan": 0.9399},  # -0.0101
                "new.txt": {"plan": 0.60},
            },
        }
    }
}


def test_compare_gains_and_losses():
    cmp = cr.compare(BASE, NOW, sets=["A"])  # a run over set A only: B is not compared
    got = {d.plan: (d.status, d.delta) for d in cmp.plans}
    assert got == {
        "beyond.txt": ("LOSS", -0.0101),
        "edge.txt": ("loss", -0.01),
        "gain.txt": ("gain", 0.05),
        "gone.txt": ("GONE", None),
        "new.txt": ("new", None),
        "same.txt": ("same", 0.0),
        "within.txt": ("loss", -0.0099),
    }
    assert [(d.set, d.status, d.delta) for d in cmp.sets] == [("A", "gain", 0.01)]
    assert not cmp.ok
    assert [d.plan for d in cmp.failures] == ["beyond.txt", "gone.txt"]
    assert cmp.tolerance == 0.01 and cmp.baseline_version == "0.0.9"

    lines = cr.format_comparison(cmp).splitlines()
    row = {ln.split()[0]: ln for ln in lines if ln.endswith(("LOSS", "loss", "gain", "new", "GONE"))}
    assert row["beyond.txt"].split()[1:] == ["A", "0.950", "0.940", "-0.010", "LOSS"]
    assert row["within.txt"].split()[-1] == "loss" and row["edge.txt"].split()[-1] == "loss"
    assert row["gone.txt"].split()[1:] == ["A", "0.700", "-", "GONE"]
    assert "same.txt" not in row  # unchanged plans are counted, not listed
    assert "1 gains, 2 losses within 0.01, 1 LOSSES, 1 new, 1 gone, 1 unchanged" in lines
    assert lines[-1].startswith("result: FAIL, 2 plans more than 0.01 below the baseline or gone: ")
    assert "A/beyond.txt (-0.010)" in lines[-1] and "A/gone.txt (gone)" in lines[-1]


def test_compare_every_set_and_tolerance():
    # a run over every set: set B and its plan are gone
    cmp = cr.compare(BASE, NOW)
    assert [(d.set, d.status) for d in cmp.sets] == [("A", "gain"), ("B", "GONE")]
    assert [f"{d.set}/{d.plan}" for d in cmp.failures] == ["A/beyond.txt", "A/gone.txt", "B/b.txt"]
    # a wider tolerance forgives the 0.0101 drop, not the plan that is gone
    cmp = cr.compare(BASE, NOW, tolerance=0.02, sets=["A"])
    assert [d.plan for d in cmp.failures] == ["gone.txt"]
    # only gains and a new plan: OK, with the hint to raise the baseline
    up = {"sets": {"A": {"headline": 0.95, "plans": {**{k: {"plan": 0.99} for k in BASE["sets"]["A"]["plans"]},
                                                     "new.txt": {"plan": 0.5}}}}}
    cmp = cr.compare(BASE, up, sets=["A"])
    assert cmp.ok and cmp.count("gain") == 6 and cmp.count("new") == 1
    last = cr.format_comparison(cmp).splitlines()[-1]
    assert last.startswith("result: OK") and "--write-baseline" in last


def test_compare_notes_a_different_threshold():
    cmp = cr.compare({**BASE, "threshold": 0.8}, {**NOW, "threshold": 0.9}, sets=["A"])
    assert cmp.notes == ["the baseline was scored with title threshold 0.8, this run with 0.9"]
    assert "note: the baseline was scored with title threshold 0.8, this run with 0.9" in cr.format_comparison(cmp)
    assert cr.compare(BASE, NOW, sets=["A"]).notes == []


def test_compare_without_baseline():
    cmp = cr.compare(None, NOW, baseline_path="x/BASELINE.json")
    assert cmp.ok and not cmp.found and cmp.plans == []
    assert cr.format_comparison(cmp).startswith("no baseline at x/BASELINE.json")


# --------------------------------------------------------------------------
# a small corpus: discovery, failures, the baseline file and the command


def mini_corpus(root: Path) -> Path:
    """Two real plans with gold, a plan without gold, an empty plan with gold,
    a gold without a plan, a README and a SOURCES list."""
    c = root / "corp"
    (c / "mini").mkdir(parents=True)
    (c / "gold" / "mini").mkdir(parents=True)
    (c / "gold" / "orphan").mkdir(parents=True)  # gold without a plan folder: not a set
    (c / "nogold").mkdir()  # plans without a gold folder: not a set
    for src, stem in (("seeds/004_40dd8128047d9a3b", "p1"), ("dev/dev_03_xa_lamthao_pctt", "p2")):
        shutil.copy(CORPORA / f"{src}.txt", c / "mini" / f"{stem}.txt")
        shutil.copy(CORPORA / "gold" / f"{src.split('/')[0]}" / f"{src.split('/')[1]}.json", c / "gold" / "mini" / f"{stem}.json")
    shutil.copy(CORPORA / "seeds/004_40dd8128047d9a3b.txt", c / "mini" / "p1.companion.txt")  # stem p1.companion: no gold
    shutil.copy(CORPORA / "seeds/004_40dd8128047d9a3b.txt", c / "nogold" / "x.txt")
    (c / "mini" / "broken.txt").write_bytes(b"")
    shutil.copy(c / "gold" / "mini" / "p2.json", c / "gold" / "mini" / "broken.json")
    shutil.copy(c / "gold" / "mini" / "p2.json", c / "gold" / "mini" / "ghost.json")
    (c / "mini" / "README.md").write_text("# not a plan\n", encoding="utf-8")
    (c / "mini" / "SOURCES.tsv").write_text("filename\n", encoding="utf-8")
    return c


def test_mini_corpus(tmp_path):
    c = mini_corpus(tmp_path)
    assert cr.discover_sets(c) == ["mini"]
    assert [p.name for p in cr.plan_files(c / "mini")] == ["broken.txt", "p1.companion.txt", "p1.txt", "p2.txt"]
    rep = cr.run_corpus(c, jobs=1)
    (s,) = rep.sets
    assert [d.label for d in s.docs] == ["broken.txt", "p1.txt", "p2.txt", "ghost"]
    assert s.unscored == ["p1.companion.txt"]
    assert s.failed == {"broken.txt": "empty file (0 bytes)"}
    assert s.missing == ["ghost"]
    broken, p1, p2, ghost = s.docs
    # a failed plan and a gold without a plan file: 0 on document and the set groups
    for d in (broken, ghost):
        assert d.missing and d.plan == 0.0
        assert [g for g in GROUPS if d.score(g) is not None] == ["document", "legal_bases", "tasks", "deadlines"]
    assert 0.5 < p1.plan <= 1.0 and 0.5 < p2.plan <= 1.0
    text = cr.format_sets(rep)
    assert "  failed (scored as a missing record): broken.txt: empty file (0 bytes)" in text
    assert "  gold without a plan file (scored as a missing record): ghost" in text
    assert "  unscored (no gold): p1.companion.txt" in text
    assert f"mini headline: {s.headline:.3f}; lowest plan 0.000 (broken.txt)" in text

    # the baseline file; a run over some sets keeps the other sets of the old one
    out = tmp_path / "B.json"
    # a plan that failed to extract: its 0 is no score to keep, so no baseline is written
    with pytest.raises(cr.EvaluateError, match=r"^1 plan\(s\) could not be extracted \(first: mini/broken.txt: empty file"):
        cr.write_baseline(out, rep)
    assert not out.exists()
    s.failed = {}
    data = cr.write_baseline(out, rep)
    assert cr.load_baseline(out) == data
    assert data["sets"]["mini"]["plans"]["p1.txt"]["plan"] == round(p1.plan, 4)
    assert data["sets"]["mini"]["headline"] == round(s.headline, 4)
    assert data["sets"]["mini"]["groups"]["tasks"] == round(s.groups["tasks"].score, 4)
    old = {"sets": {"other": {"headline": 0.5, "plans": {}}, "mini": {"headline": 0.0, "plans": {}}}}
    rep.only = ["mini"]
    merged = cr.write_baseline(out, rep, old)
    assert list(merged["sets"]) == ["other", "mini"] and merged["sets"]["mini"] == data["sets"]["mini"]
    rep.only = None
    assert list(cr.write_baseline(out, rep, old)["sets"]) == ["mini"]

    with pytest.raises(cr.EvaluateError, match="no such set"):
        cr.discover_sets(c, ["nogold"])
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(cr.EvaluateError, match="unreadable baseline"):
        cr.load_baseline(tmp_path / "bad.json")


_CLI = (
    "import sys\n"
    "from extract import cli\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def kehoach(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def main(capsys, *args: str) -> tuple[int, str, str]:
    """`kehoach ARGS` in this process (the pipeline is warm: no start-up per call)."""
    from extract import cli

    rc = cli.main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_cli_corpus(tmp_path, capsys):
    c = mini_corpus(tmp_path)
    (c / "mini" / "broken.txt").unlink()
    (c / "gold" / "mini" / "broken.json").unlink()
    (c / "gold" / "mini" / "ghost.json").unlink()
    rc, out, err = main(capsys, "evaluate", "--corpus", str(c), "--write-baseline", "--jobs", "1")
    assert rc == 0 and err == ""
    assert f"no baseline at {c / 'BASELINE.json'}" in out
    assert out.rstrip().splitlines()[-1].startswith(f"baseline written: {c / 'BASELINE.json'}")
    base = json.loads((c / "BASELINE.json").read_text(encoding="utf-8"))
    p1, p2 = (base["sets"]["mini"]["plans"][k]["plan"] for k in ("p1.txt", "p2.txt"))
    assert base["pipeline_version"] and 0.5 < p1 <= 1.0

    # unchanged: exit 0
    rc, out, err = main(capsys, "evaluate", "--corpus", str(c), "--jobs", "1")
    assert rc == 0 and out.rstrip().splitlines()[-1] == "result: OK, no plan more than 0.01 below the baseline"
    assert "0 gains, 0 losses within 0.01, 0 LOSSES, 0 new, 0 gone, 2 unchanged" in out

    # p1 0.05 above its score now (a LOSS), p2 0.005 above (within), a plan that went away
    base["sets"]["mini"]["plans"]["p1.txt"]["plan"] = round(p1 + 0.05, 4)
    base["sets"]["mini"]["plans"]["p2.txt"]["plan"] = round(p2 + 0.005, 4)
    base["sets"]["mini"]["plans"]["p0.txt"] = {"plan": 0.5}
    (c / "BASELINE.json").write_text(json.dumps(base), encoding="utf-8")
    rc, out, err = main(capsys, "evaluate", "--corpus", str(c), "--json", "--jobs", "1")
    assert rc == 1 and err == ""
    data = json.loads(out)
    assert data["sets"]["mini"]["unscored"] == ["p1.companion.txt"]
    assert {d["plan"]: d["status"] for d in data["baseline"]["plans"]} == {"p0.txt": "GONE", "p1.txt": "LOSS", "p2.txt": "loss"}
    assert data["baseline"]["ok"] is False
    (f1,) = [d for d in data["baseline"]["failures"] if d["plan"] == "p1.txt"]
    assert f1["delta"] == pytest.approx(-0.05, abs=1e-9)
    assert "misses" in data["sets"]["mini"]["plans"][0]


def test_cli_corpus_no_baseline_from_failures(tmp_path, capsys):
    c = mini_corpus(tmp_path)
    rc, out, err = main(capsys, "evaluate", "--corpus", str(c), "--write-baseline", "--jobs", "1")
    assert rc == 2 and not (c / "BASELINE.json").exists()
    assert err.startswith("error: 1 plan(s) could not be extracted (first: mini/broken.txt: empty file (0 bytes))")
    assert "failed (scored as a missing record): broken.txt" in out


def test_cli_corpus_usage_errors(tmp_path):
    cases = [
        (("evaluate", "--corpus", str(tmp_path / "nowhere")), "error: corpora directory not found"),
        (("evaluate", "--corpus", "corpora", "--set", "nosuch"), "error: no such set in corpora: nosuch"),
        (("evaluate", "--corpus", "corpora", "corpora/gold/seeds"), "error: --corpus takes one CORPORA_DIR"),
        (("evaluate", "corpora/gold/seeds"), "error: give GOLD_DIR and RECORDS_DIR, or --corpus"),
        (("evaluate", "corpora/gold/seeds", "x", "--jobs", "2"), "error: --write-baseline, --baseline, --set and --jobs go with --corpus"),
    ]
    for args, msg in cases:
        r = kehoach(*args)
        assert r.returncode == 2 and r.stdout == "", args
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(msg), (args, r.stderr)
    bad = tmp_path / "BASELINE.json"
    bad.write_text("[]", encoding="utf-8")
    r = kehoach("evaluate", "--corpus", "--baseline", str(bad), "--set", "seeds")
    assert r.returncode == 2 and r.stderr.strip() == f'error: {bad}: not a baseline (no "sets" object)'
    r = kehoach("evaluate", "--help")
    assert r.returncode == 0
    for opt in ("--corpus", "CORPORA_DIR", "--write-baseline", "--jobs", "--set", "--baseline", "BASELINE.json"):
        assert opt in r.stdout


# --------------------------------------------------------------------------
# the repository's corpora against the committed baseline (last: the tests
# above warm the pipeline up in this process, and the pool's workers are forked
# from it)


@pytest.fixture(scope="module")
def corpus_run():
    t0 = time.perf_counter()
    report = cr.run_corpus(CORPORA)
    report.wall = time.perf_counter() - t0
    return report


def test_no_plan_below_baseline(corpus_run):
    baseline = cr.load_baseline(BASELINE)
    assert baseline is not None, f"{BASELINE} is missing: write it with `kehoach evaluate --corpus --write-baseline`"
    cmp = cr.compare(baseline, cr.summary(corpus_run), baseline_path=str(BASELINE.relative_to(ROOT)))
    text = cr.format_sets(corpus_run) + "\n\n" + cr.format_comparison(cmp)
    print("\n" + text + f"\n(corpus run: {corpus_run.wall:.1f} s)")
    assert cmp.tolerance == load_settings().baseline_tolerance == 0.01
    # every baselined set was run (a set folder that went away is a failure too)
    assert {d.set for d in cmp.sets} >= set(baseline["sets"])
    if not cmp.ok:
        lines = [f"{d.set}/{d.plan}: baseline {cr._f(d.baseline)}, now {cr._f(d.now)} ({d.status})" for d in cmp.failures]
        pytest.fail(
            f"{len(cmp.failures)} plan(s) more than {cmp.tolerance:g} below {BASELINE.name} or gone:\n  "
            + "\n  ".join(lines),
            pytrace=False,
        )


def test_corpus_sets_and_plan_headlines(corpus_run):
    names = [s.name for s in corpus_run.sets]
    assert names == ["seeds", "dev", "real", "office", "found"]
    by = {s.name: s for s in corpus_run.sets}
    assert [len(by[n].docs) for n in names] == [5, 6, 10, 4, 34]
    for s in corpus_run.sets:
        assert s.failed == {} and s.missing == [], s.name
        assert all(not d.missing for d in s.docs)
    # SOURCES.tsv is not a plan; the .doc companion has no gold: listed, not scored
    assert by["real"].unscored == []
    assert by["office"].unscored == ["08_kh362-sgddt-dongthap-2026-don-doan-kiem-tra-stem.draft-companion.doc"]
    assert [d.label for d in by["office"].docs] == [
        "04_kh16-mttq-xa-luongminh-quangninh-2025-bau-cu.docx",
        "08_kh362-sgddt-dongthap-2026-don-doan-kiem-tra-stem.pdf",
        "09_kh58-thpt-caolanh2-dongthap-2026-sinh-hoat-chuyen-mon.pdf",
        "11_kh-mttq-phuong-baccamranh-khanhhoa-2025-giam-sat-bau-cu.docx",
    ]
    for s in corpus_run.sets:
        for d in s.docs:
            defined = [d.score(g) for g in GROUPS if d.score(g) is not None]
            assert d.plan == pytest.approx(sum(defined) / len(defined)), d.label
    # a gold with "scored": ["document", "legal_bases"] defines three groups only
    nq12 = next(d for d in by["real"].docs if d.gold.startswith("04_nq12"))
    assert [g for g in GROUPS if nq12.score(g) is not None] == ["document", "legal_bases", "legal_bases.attributes"]
    # the summary (the baseline's shape) has every plan, rounded to 4 decimals
    summ = cr.summary(corpus_run)
    assert list(summ["sets"]) == names
    assert sum(len(v["plans"]) for v in summ["sets"].values()) == 59
    p = summ["sets"]["real"]["plans"][nq12.label]
    assert p["plan"] == round(nq12.plan, 4) and p["groups"]["tasks"] is None


def test_committed_baseline_covers_the_corpus(corpus_run):
    baseline = cr.load_baseline(BASELINE)
    assert baseline["headline_groups"] == list(load_settings().headline_groups)
    for s in corpus_run.sets:
        assert set(baseline["sets"][s.name]["plans"]) == {d.label for d in s.docs}, s.name
