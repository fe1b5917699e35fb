"""The scorer (extract/evaluate.py) and `kehoach evaluate`."""

from __future__ import annotations

import copy
import difflib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate import (
    GROUPS,
    format_report,
    pair_tasks,
    plan_headline,
    record_stem,
    score_dirs,
    score_record,
)
from extract.normalize import normalize_line

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "corpora" / "gold" / "seeds"
G24 = "001_6304ebc5886f75e3"  # the 24-task gold


def load_gold(stem: str) -> dict:
    return json.loads((GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8"))


def as_record(gold: dict, file_name: str) -> dict:
    rec = copy.deepcopy(gold)
    rec.pop("notes", None)
    rec["source"] = {"file": file_name, "sha256": "0" * 64, "format": Path(file_name).suffix[1:]}
    return rec


def write_records(dirpath: Path, fmt: str = "txt", skip: tuple[str, ...] = ()) -> list[str]:
    dirpath.mkdir(parents=True, exist_ok=True)
    stems = []
    for g in sorted(GOLD_DIR.glob("*.json")):
        if g.stem in skip:
            continue
        name = f"{g.stem}.{fmt}"
        rec = as_record(json.loads(g.read_text(encoding="utf-8")), name)
        (dirpath / f"{name}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        stems.append(g.stem)
    return stems


def sim(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalize_line(a).casefold(), normalize_line(b).casefold()).ratio()


# --------------------------------------------------------------------------
# gold against itself


def test_gold_against_itself_scores_one_everywhere(tmp_path):
    stems = write_records(tmp_path / "rec")
    rep = score_dirs(GOLD_DIR, tmp_path / "rec")
    assert len(stems) == 5 and len(rep.docs) == 5
    assert rep.missing == [] and rep.unscored == []
    for d in rep.docs:
        assert d.misses == []
        for g in GROUPS:
            assert d.score(g) == 1.0, (d.label, g)
    for g in GROUPS:
        assert rep.groups[g].score == 1.0 and rep.groups[g].docs == 5
    for g in ("legal_bases", "tasks", "deadlines"):
        s = rep.groups[g]
        assert (s.micro_precision, s.micro_recall, s.micro_f1) == (1.0, 1.0, 1.0)
        assert s.tp == s.n_gold == s.n_pred
    assert rep.groups["tasks"].n_gold == 120
    assert rep.headline == 1.0
    assert [d.plan for d in rep.docs] == [1.0] * 5
    text = format_report(rep)
    assert text.splitlines()[-1] == "headline: 1.000"
    lines = text.splitlines()
    header = next(ln for ln in lines if ln.startswith("record "))
    assert header.split()[-1] == "plan"
    row = next(ln for ln in lines if ln.startswith(f"{G24}.txt.json"))
    assert row.split()[1:] == ["1.000"] * 9


def test_duplicate_titles_pair_in_document_order():
    # 002 has two tasks with one title (II.2.đ and III.3-2) but different leads
    gold = load_gold("002_8d1cd73bcde8bb06")
    titles = [t["title"] for t in gold["tasks"]]
    assert titles.count(titles[10]) == 2
    pairs = pair_tasks(gold["tasks"], gold["tasks"], 0.8)
    assert [(i, j) for i, j, _ in pairs] == [(i, i) for i in range(len(titles))]
    assert pair_tasks([{"title": "A b c"}] * 2, [{"title": "a  B c"}] * 2, 0.8) == [(0, 0, 1.0), (1, 1, 1.0)]


# --------------------------------------------------------------------------
# perturbations with exact numbers


@pytest.fixture
def g24():
    g = load_gold(G24)
    assert len(g["tasks"]) == 24
    return g


def test_drop_one_task(g24):
    pred = copy.deepcopy(g24)
    dropped = pred["tasks"].pop(5)
    s = score_record(g24, pred)
    t = s.groups["tasks"]
    assert (t.tp, t.n_gold, t.n_pred) == (23, 24, 23)
    assert t.recall == pytest.approx(23 / 24) and t.precision == 1.0
    assert t.score == pytest.approx(2 * 23 / 47)
    assert s.groups["tasks.lead"].n == 23 and s.score("tasks.lead") == 1.0
    misses = [m for m in s.misses if m.group == "tasks"]
    assert len(misses) == 1 and misses[0].kind == "missing"
    assert misses[0].key.startswith(dropped["id"] + " «") and misses[0].gold["id"] == "II.1.b-3"


def test_plan_headline(g24):
    # one task dropped: tasks F1 46/47, the other seven groups 1.0
    pred = copy.deepcopy(g24)
    pred["tasks"].pop(5)
    s = score_record(g24, pred)
    assert s.plan == pytest.approx((7 + 46 / 47) / 8)
    assert plan_headline(s, ["tasks", "deadlines"]) == pytest.approx((46 / 47 + 1) / 2)
    # no predicted tasks: the three paired task groups are undefined and left out
    pred["tasks"] = []
    s = score_record(g24, pred)
    assert s.plan == pytest.approx(4 / 5)
    # a gold annotated for document and legal bases only: the mean of those three groups
    gold = copy.deepcopy(g24)
    gold["scored"] = ["document", "legal_bases"]
    pred = copy.deepcopy(g24)
    pred["legal_bases"][1]["issuer"] = "Chính phủ"  # attributes 11/12
    pred["tasks"] = []
    s = score_record(gold, pred)
    assert [g for g in GROUPS if s.score(g) is not None] == ["document", "legal_bases", "legal_bases.attributes"]
    assert s.plan == pytest.approx((1 + 1 + 11 / 12) / 3)


def test_changed_lead_name(g24):
    pred = copy.deepcopy(g24)
    task = pred["tasks"][2]  # II.1.b, four leads
    assert task["id"] == "II.1.b" and len(task["lead"]) == 4
    old = task["lead"][1]["name"]
    task["lead"][1]["name"] = "Sở Y tế"
    s = score_record(g24, pred)
    # that pair: 2*3/(4+4) = 0.75; the other 23 pairs 1.0
    assert s.score("tasks.lead") == pytest.approx((23 + 0.75) / 24)
    assert s.score("tasks.support") == 1.0 and s.score("tasks") == 1.0
    (m,) = [m for m in s.misses if m.group == "tasks.lead"]
    assert m.key == "II.1.b ~ II.1.b" and m.gold == [old] and m.pred == ["Sở Y tế"]


def test_lead_names_compare_by_match_key(g24):
    pred = copy.deepcopy(g24)
    pred["tasks"][1]["lead"][0]["name"] = "UBND  thành phố"  # gold "Ủy ban nhân dân thành phố"
    pred["tasks"][3]["lead"][0]["name"] = pred["tasks"][3]["lead"][0]["name"].upper()
    assert score_record(g24, pred).score("tasks.lead") == 1.0


def test_wrong_timeline_due(g24):
    pred = copy.deepcopy(g24)
    tl = pred["tasks"][16]["timeline"]  # II.3: deadline, due 2023-10-15
    assert tl["kind"] == "deadline" and tl["due"] == "2023-10-15"
    tl["due"] = "2023-10-20"
    s = score_record(g24, pred)
    assert s.score("tasks.timeline") == pytest.approx((23 + 0.5) / 24)
    (m,) = [m for m in s.misses if m.group == "tasks.timeline"]
    assert m.key == "II.3 ~ II.3: dates" and m.gold["due"] == "2023-10-15" and m.pred["due"] == "2023-10-20"


def test_spurious_and_missing_timeline_score_zero(g24):
    pred = copy.deepcopy(g24)
    pred["tasks"][0]["timeline"] = {"raw": "Thường xuyên", "kind": "ongoing"}  # gold null
    pred["tasks"][1]["timeline"] = None  # gold period
    s = score_record(g24, pred)
    assert s.score("tasks.timeline") == pytest.approx(22 / 24)


def test_extra_legal_basis(g24):
    n = len(g24["legal_bases"])
    assert n == 4
    pred = copy.deepcopy(g24)
    pred["legal_bases"].append({"relation": "cites", "doc_type": "Nghị định", "number": "59/2023/NĐ-CP"})
    s = score_record(g24, pred)
    lb = s.groups["legal_bases"]
    assert lb.precision == pytest.approx(n / (n + 1)) and lb.recall == 1.0
    assert lb.score == pytest.approx(2 * n / (2 * n + 1))
    assert s.score("legal_bases.attributes") == 1.0
    (m,) = [m for m in s.misses if m.group == "legal_bases"]
    assert (m.kind, m.key) == ("spurious", "Nghị định 59/2023/NĐ-CP")


def test_number_case_and_space_variant_matches(g24):
    pred = copy.deepcopy(g24)
    assert pred["legal_bases"][0]["number"] == "10/2022/QH15"
    pred["legal_bases"][0]["number"] = " 10 / 2022/qh15 "
    pred["legal_bases"][1]["number"] = "346/qđ-ttg"
    s = score_record(g24, pred)
    assert s.score("legal_bases") == 1.0 and s.groups["legal_bases"].tp == 4


def test_unnumbered_law_matches_on_title():
    gold = load_gold("002_8d1cd73bcde8bb06")
    law = next(e for e in gold["legal_bases"] if e["number"] is None)
    assert law["doc_type"] == "Luật"
    pred = copy.deepcopy(gold)
    p = next(e for e in pred["legal_bases"] if e["number"] is None)
    p["title"] = "  " + law["title"].upper()
    assert score_record(gold, pred).score("legal_bases") == 1.0
    p["title"] = "Luật Tổ chức chính quyền địa phương"
    s = score_record(gold, pred)
    n = len(gold["legal_bases"])
    assert s.groups["legal_bases"].tp == n - 1 and s.score("legal_bases") == pytest.approx((n - 1) / n)


def test_legal_basis_attributes(g24):
    pred = copy.deepcopy(g24)
    pred["legal_bases"][1]["issuer"] = "Chính phủ"  # gold Thủ tướng Chính phủ
    pred["legal_bases"][2]["relation"] = "basis"  # gold cites
    pred["legal_bases"][3]["issuer"] = "BAN THƯỜNG VỤ  THÀNH ỦY"  # same as gold by match_key
    s = score_record(g24, pred)
    # date 4/4, issuer 3/4, relation 3/4 -> mean 10/12
    assert s.score("legal_bases.attributes") == pytest.approx(10 / 12)
    assert s.score("legal_bases") == 1.0
    keys = sorted(m.key for m in s.misses if m.group == "legal_bases.attributes")
    assert keys == ["Kế hoạch 03/KH-UBND: relation", "Quyết định 346/QĐ-TTg: issuer"]


def test_retitled_task_pairs_at_085_not_at_05(g24):
    gold_title = g24["tasks"][1]["title"]  # 178 characters
    n = len(gold_title)

    def retitled(keep: int) -> dict:
        pred = copy.deepcopy(g24)
        pred["tasks"][1]["title"] = gold_title[:keep] + "#" * (n - keep)
        return pred

    p85, p50 = retitled(round(0.85 * n)), retitled(round(0.5 * n))
    assert sim(gold_title, p85["tasks"][1]["title"]) == pytest.approx(0.85, abs=0.005)
    assert sim(gold_title, p50["tasks"][1]["title"]) == pytest.approx(0.5, abs=0.005)
    s = score_record(g24, p85)
    assert s.score("tasks") == 1.0 and s.score("tasks.lead") == 1.0
    s = score_record(g24, p50)
    t = s.groups["tasks"]
    assert (t.tp, t.n_gold, t.n_pred) == (23, 24, 24)
    assert t.precision == pytest.approx(23 / 24) and t.recall == pytest.approx(23 / 24)
    kinds = sorted((m.kind, m.key.split(" ")[0]) for m in s.misses if m.group == "tasks")
    assert kinds == [("missing", "II.1.a"), ("spurious", "II.1.a")]
    # a lower threshold pairs it again
    assert score_record(g24, p50, threshold=0.45).score("tasks") == 1.0


def test_document_fields(g24):
    pred = copy.deepcopy(g24)
    pred["document"]["signer"]["name"] = "Lê Khắc  Nam"  # white space only: still a match
    pred["document"]["title"] = "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở "
    pred["document"]["number"] = "5/KH-UBND"  # gold null
    pred["document"]["recipients"] = pred["document"]["recipients"][:-1]
    pred["document"]["province_2025"] = "Hải Phòng"  # not in gold: not scored
    s = score_record(g24, pred)
    d = s.groups["document"]
    assert d.n == 14 and d.score == pytest.approx(12 / 14)
    assert sorted(m.key for m in s.misses if m.group == "document") == ["number", "recipients"]


def test_document_scores_only_gold_keys(g24):
    gold = copy.deepcopy(g24)
    del gold["document"]["place"]
    del gold["document"]["signer"]
    pred = copy.deepcopy(g24)
    pred["document"]["place"] = "Hà Nội"
    pred["document"]["signer"] = {}
    d = score_record(gold, pred).groups["document"]
    assert d.n == 9 and d.score == 1.0


def test_deadlines_and_empty_conventions():
    gold = load_gold("004_40dd8128047d9a3b")  # no deadlines in the gold
    assert gold["deadlines"] == []
    pred = copy.deepcopy(gold)
    assert score_record(gold, pred).score("deadlines") == 1.0
    pred["deadlines"] = [{"raw": "trước 15/10/2023", "kind": "deadline", "due": "2023-10-15"}]
    dl = score_record(gold, pred).groups["deadlines"]
    assert (dl.precision, dl.score) == (0.0, 0.0)
    # no predicted tasks: tasks F1 0, the paired groups undefined (left out)
    pred = copy.deepcopy(gold)
    pred["tasks"] = []
    s = score_record(gold, pred)
    assert s.score("tasks") == 0.0 and s.groups["tasks"].recall == 0.0
    assert s.score("tasks.lead") is None and s.score("tasks.timeline") is None


def test_deadlines_match_on_kind_and_due(g24):
    pred = copy.deepcopy(g24)
    pred["deadlines"][0]["raw"] = "từ 01/7/2023"  # raw is not compared
    pred["deadlines"][1]["kind"] = "date"  # gold deadline
    pred["deadlines"].append(copy.deepcopy(pred["deadlines"][2]))  # a duplicate: one-to-one
    dl = score_record(g24, pred).groups["deadlines"]
    assert (dl.tp, dl.n_gold, dl.n_pred) == (2, 3, 4)
    assert dl.precision == 0.5 and dl.recall == pytest.approx(2 / 3)


# --------------------------------------------------------------------------
# directories


def test_missing_record_and_unscored(tmp_path):
    rec = tmp_path / "rec"
    write_records(rec, skip=(G24,))
    extra = as_record(load_gold(G24), "999_unknown.pdf")
    (rec / "999_unknown.pdf.json").write_text(json.dumps(extra, ensure_ascii=False), encoding="utf-8")
    rep = score_dirs(GOLD_DIR, rec)
    assert rep.missing == [G24] and rep.unscored == ["999_unknown.pdf.json"]
    (miss,) = [d for d in rep.docs if d.missing]
    assert miss.label == G24
    for g in ("document", "legal_bases", "tasks", "deadlines"):
        assert miss.score(g) == 0.0
    for g in ("legal_bases.attributes", "tasks.lead", "tasks.support", "tasks.timeline"):
        assert miss.score(g) is None
    assert rep.groups["tasks"].score == pytest.approx(4 / 5) and rep.groups["tasks.lead"].docs == 4
    assert rep.groups["tasks"].micro_recall == pytest.approx(96 / 120)
    # four groups at 4/5, four at 1.0
    assert rep.headline == pytest.approx((4 * 0.8 + 4 * 1.0) / 8)
    assert miss.plan == 0.0  # the mean of its four defined groups, all 0
    text = format_report(rep)
    assert f"gold without a record (scored 0 on document and the set groups): {G24}" in text
    assert "unscored records (no gold): 999_unknown.pdf.json" in text
    assert text.splitlines()[-1] == "headline: 0.900"


def test_several_renderings_of_one_gold(tmp_path):
    rec = tmp_path / "rec"
    write_records(rec, "txt")
    g = load_gold(G24)
    pred = as_record(g, f"{G24}.docx")
    pred["tasks"].pop(0)
    (rec / f"{G24}.docx.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    rep = score_dirs(GOLD_DIR, rec)
    labels = [d.label for d in rep.docs if d.gold == G24]
    assert labels == [f"{G24}.docx.json", f"{G24}.txt.json"]
    assert len(rep.docs) == 6
    docx = next(d for d in rep.docs if d.label.endswith(".docx.json"))
    assert docx.groups["tasks"].recall == pytest.approx(23 / 24)
    assert rep.groups["tasks"].recall == pytest.approx((5 + 23 / 24) / 6)


def test_record_stem():
    assert record_stem({"source": {"file": "000_ab.docx"}}, "x.json") == "000_ab"
    assert record_stem({"source": {"file": "corpora/seeds/000_ab.txt"}}, "x.json") == "000_ab"
    assert record_stem({}, "000_ab.pdf.json") == "000_ab"


# --------------------------------------------------------------------------
# the command line

_CLI = (
    "import sys\n"
    "from extract import cli\n"
    "if 'commands.evaluate' not in cli.COMMANDS: cli.COMMANDS.append('commands.evaluate')\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def kehoach(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)


def test_cli(tmp_path):
    rec = tmp_path / "rec"
    write_records(rec)
    r = kehoach("evaluate", str(GOLD_DIR), str(rec))
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip("\n").splitlines()[-1] == "headline: 1.000"
    assert "misses\n  none" in r.stdout

    r = kehoach("evaluate", str(GOLD_DIR), str(rec), "--json", "--no-misses", "--threshold", "0.9")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["headline"] == 1.0 and data["threshold"] == 0.9 and "misses" not in data["docs"][0]

    (tmp_path / "empty").mkdir()
    for bad in (tmp_path / "nowhere", tmp_path / "empty"):
        r = kehoach("evaluate", str(GOLD_DIR), str(bad))
        assert r.returncode == 2 and r.stdout == ""
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ")
    r = kehoach("evaluate", str(tmp_path / "nowhere"), str(rec))
    assert r.returncode == 2 and r.stderr.startswith("error: gold directory not found")

    r = kehoach("evaluate", "--help")
    assert r.returncode == 0
    for opt in ("--json", "--no-misses", "--threshold", "GOLD_DIR", "RECORDS_DIR"):
        assert opt in r.stdout
