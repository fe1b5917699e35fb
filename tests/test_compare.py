"""`kehoach compare`: the province table (CSV, XLSX) and plots (PNG) from a
register of the seeds, checked against the gold (provinces, plans, tasks)
and the records (shares, top lists). Runtime: about 8 s."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest
from PIL import Image

from conftest import ROOT, SEEDS, gold_for
from extract.agency import fold, match_key
from extract.batch import run_batch
from extract.compare import comparison, comparison_table, top_cited

GOLD = {s.name: gold_for(s) for s in SEEDS}
TOTAL = "Tất cả"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cmp")
    db = tmp / "register.sqlite"
    res = run_batch([str(ROOT / "corpora" / "seeds")], tmp / "out", jobs=2, progress=False, register=db,
                    workbook=False, csv=False)
    assert res.exit_code == 0
    return db, {r.source.file: r for r in res.records}


def expected(records) -> dict[str, dict]:
    """The comparison computed here from the records, province by province."""
    out: dict[str, dict] = {}
    groups: dict[str, list] = {}
    for r in records.values():
        groups.setdefault(r.document.province or "Trung ương", []).append(r)
    groups[TOTAL] = list(records.values())
    for prov, recs in groups.items():
        tasks = [(r, t) for r in recs for t in r.tasks]

        def dated(r, t):
            tl = t.timeline
            if tl and (tl.start or tl.end or tl.due):
                return True
            return any(d.task_id == t.id and d.due for d in r.deadlines)

        cites = Counter()
        for r in recs:
            seen = set()
            for lb in r.legal_bases:
                label = f"{lb.doc_type} {lb.number}" if lb.number else lb.title
                if label not in seen:
                    seen.add(label)
                    cites[label] += 1
        leads = Counter()
        names = {}
        for r, t in tasks:
            for a in {(match_key(a.name), a.jurisdiction): a for a in t.lead}.values():
                leads[match_key(a.name)] += 1
                names.setdefault(match_key(a.name), a.name)
        top = lambda c, name=lambda k: k: [f"{name(k)} ({n})" for k, n in sorted(c.items(), key=lambda kv: (-kv[1], fold(name(kv[0]))))[:3]]
        out[prov] = {
            "plans": len(recs),
            "tasks": len(tasks),
            "share_lead": round(sum(1 for _, t in tasks if t.lead) / len(tasks), 3),
            "share_dated": round(sum(1 for r, t in tasks if dated(r, t)) / len(tasks), 3),
            "top_cited": " | ".join(top(cites)),
            "top_leads": " | ".join(top(leads, lambda k: names[k])),
        }
    return out


def test_comparison_table_values(seeded):
    db, records = seeded
    table = comparison_table(db)
    provinces = sorted({g["document"]["province"] for g in GOLD.values()}, key=fold)
    assert list(table["province"]) == provinces + [TOTAL]
    exp = expected(records)
    gold_tasks = Counter()
    for g in GOLD.values():
        gold_tasks[g["document"]["province"]] += len(g["tasks"])
    for row in table.to_dict("records"):
        e = exp[row["province"]]
        assert row["plans"] == e["plans"]
        assert row["tasks"] == e["tasks"]
        if row["province"] != TOTAL:
            assert row["plans"] == 1 and row["tasks"] == gold_tasks[row["province"]]  # the gold's task counts
        assert row["tasks_per_plan"] == round(e["tasks"] / e["plans"], 2)
        assert row["share_lead"] == e["share_lead"] and row["share_dated"] == e["share_dated"]
        assert row["top_cited"] == e["top_cited"], row["province"]
        assert row["top_leads"] == e["top_leads"], row["province"]
    total = table[table.province == TOTAL].iloc[0]
    assert total["plans"] == 5 and total["tasks"] == 120
    assert total["top_cited"].startswith("Luật Thực hiện dân chủ ở cơ sở (3) | ")
    print("\n" + table.to_string())


def test_top_cited_overall(seeded):
    db, _ = seeded
    top = top_cited(db, 5)
    assert list(top["document"])[0] == "Luật Thực hiện dân chủ ở cơ sở" and list(top["plans"]) == [3, 2, 2, 2, 2]
    assert set(top["document"][1:]) == {"Nghị định 04/2015/NĐ-CP", "Quyết định 217-QĐ/TW", "Quyết định 218-QĐ/TW", "Quyết định 346/QĐ-TTg"}


def test_compare_command_writes_csv_xlsx_and_plots(seeded, tmp_path):
    db, records = seeded
    out = tmp_path / "cmp"
    p = subprocess.run([sys.executable, "-m", "extract.cli", "compare", "--db", str(db), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    exp = expected(records)
    raw = (out / "so_sanh_tinh.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["Tỉnh/thành phố", "Số kế hoạch", "Số nhiệm vụ", "Nhiệm vụ/kế hoạch", "Tỷ lệ có chủ trì",
                             "Tỷ lệ có thời hạn", "Văn bản viện dẫn nhiều nhất", "Cơ quan chủ trì nhiều nhất"]
    assert [r["Tỉnh/thành phố"] for r in rows] == sorted({g["document"]["province"] for g in GOLD.values()}, key=fold) + [TOTAL]
    for r in rows:
        e = exp[r["Tỉnh/thành phố"]]
        assert int(r["Số nhiệm vụ"]) == e["tasks"] and float(r["Tỷ lệ có chủ trì"]) == e["share_lead"]
        assert r["Văn bản viện dẫn nhiều nhất"] == e["top_cited"]
    cited = list(csv.DictReader(io.StringIO((out / "van_ban_vien_dan.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["Tỉnh/thành phố"] for r in cited} == set(exp)
    wb = openpyxl.load_workbook(out / "so_sanh_tinh.xlsx")
    assert wb.sheetnames == ["So sánh", "Văn bản viện dẫn", "Cơ quan chủ trì"]
    ws = wb["So sánh"]
    assert ws.freeze_panes == "A2"
    xrows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(xrows) == set(exp)
    hp = xrows["Hải Phòng"]
    assert hp[1] == 1 and hp[2] == exp["Hải Phòng"]["tasks"] and hp[4] == pytest.approx(exp["Hải Phòng"]["share_lead"])
    assert ws.cell(row=2, column=5).number_format == "0.0%"
    for name in ("tasks_per_plan.png", "lead_share.png", "top_cited.png"):
        f = out / name
        assert f.stat().st_size > 5000, name
        with Image.open(f) as im:
            assert im.format == "PNG" and im.width > 400 and im.height > 200, (name, im.size)
    # English headers
    p = subprocess.run([sys.executable, "-m", "extract.cli", "compare", "--db", str(db), "--out", str(tmp_path / "en"),
                        "--lang", "en", "--no-plots", "-q"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 0 and p.stderr == ""
    head = (tmp_path / "en" / "comparison.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert head == "province,plans,tasks,tasks_per_plan,share_with_lead,share_with_date,most_cited,most_burdened"
    assert not list((tmp_path / "en").glob("*.png"))


def test_plots_render_vietnamese_with_dejavu(seeded, tmp_path):
    """The glyphs of the labels are in the font the plots use (no tofu boxes)."""
    import matplotlib.font_manager as fm
    from matplotlib.ft2font import FT2Font

    from extract.compare import settings

    path = fm.findfont(fm.FontProperties(family=settings()["plots"]["font"]), fallback_to_default=False)
    assert "DejaVuSans" in path
    font = FT2Font(path)
    cmap = font.get_charmap()
    db, _ = seeded
    text = "".join(comparison(db)["comparison"]["province"]) + settings()["plots"]["titles"]["lead_share"]
    missing = {ch for ch in text if ord(ch) not in cmap}
    assert not missing, missing


def test_latest_only_leaves_out_superseded_plans(seeded, tmp_path):
    import shutil

    from extract.register import open_register

    db, records = seeded
    db2 = tmp_path / "r.sqlite"
    shutil.copy(db, db2)
    newer = records[SEEDS[4].name].model_copy(deep=True)
    newer.source.sha256 = "d" * 64
    with open_register(db2) as reg:
        assert reg.add(newer)[1] == "new_version"
    hcm = lambda t: t[t.province == "Hồ Chí Minh"].iloc[0]
    assert hcm(comparison_table(db2))["plans"] == 2
    assert hcm(comparison_table(db2, latest_only=True))["plans"] == 1
