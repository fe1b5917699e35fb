"""Batch runs over folders: records, workbook, errors, incremental and killed runs."""

import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from conftest import GOLD_DIR, ROOT, SEEDS
from extract.batch import run_batch
from extract.export import to_frames
from extract.record import record_json_schema


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = run_batch([str(ROOT / "corpora" / "seeds")], out, jobs=2, progress=False)
    return res, out


def test_every_record_written_and_valid_against_the_schema(seed_run):
    res, out = seed_run
    assert res.exit_code == 0
    schema = record_json_schema()
    files = sorted(p.name for p in out.glob("*.json") if p.name != "manifest.json")
    assert files == [f"{s.name}.json" for s in SEEDS]
    for f in files:
        jsonschema.validate(json.loads((out / f).read_text(encoding="utf-8")), schema)


def test_workbook_sheets_headers_and_values_from_gold(seed_run):
    _, out = seed_run
    wb = openpyxl.load_workbook(out / "kehoach.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Văn bản", "Căn cứ", "Nhiệm vụ", "Nhiệm vụ - Cơ quan", "Thời hạn", "Lỗi"]
    docs = wb["Văn bản"]
    header = [c.value for c in docs[1]]
    assert header[:3] == ["Tệp", "Bản ghi", "Trang kiểm tra"] and "Cơ quan ban hành" in header
    assert docs.freeze_panes == "A2" and docs.auto_filter.ref.startswith("A1:")
    rows = {r[0]: dict(zip(header, r)) for r in docs.iter_rows(min_row=2, values_only=True)}
    g4 = json.loads((GOLD_DIR / f"{SEEDS[4].stem}.json").read_text(encoding="utf-8"))["document"]
    r4 = rows[SEEDS[4].name]
    assert r4["Số"] == g4["number"] == "53/KH-UBND"
    assert r4["Ngày ban hành"] == dt.datetime(2023, 2, 13)  # a real date cell
    assert r4["Cơ quan ban hành"] == g4["issuing_body"]
    # a partial date: no date cell, its words in the column beside
    assert rows[SEEDS[2].name]["Ngày ban hành"] is None
    assert rows[SEEDS[2].name]["Ngày ban hành (ghi rõ)"] == "tháng 05/2024"
    assert r4["Ngày ban hành (ghi rõ)"] is None
    tasks = wb["Nhiệm vụ"]
    th = [c.value for c in tasks[1]]
    trows = [dict(zip(th, r)) for r in tasks.iter_rows(min_row=2, values_only=True)]
    g1 = json.loads((GOLD_DIR / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8"))
    gt = next(t for t in g1["tasks"] if t["id"] == "II.1.a")
    mine = next(r for r in trows if r["Tệp"] == SEEDS[1].name and r["Mã nhiệm vụ"] == "II.1.a")
    assert mine["Nội dung nhiệm vụ"] == gt["title"]
    assert mine["Cơ quan chủ trì"] == gt["lead"][0]["name"]
    assert mine["Từ ngày"] == dt.datetime(2023, 7, 1)
    lb = wb["Căn cứ"]
    nums = {r[3] for r in lb.iter_rows(min_row=2, values_only=True)}
    assert "59/2023/NĐ-CP" in nums and "346/QĐ-TTg" in nums


def test_csv_has_bom_and_english_headers(tmp_path):
    run_batch([str(SEEDS[0])], tmp_path, jobs=1, progress=False, lang="en")
    raw = (tmp_path / "csv" / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0].startswith("file,task_id,parent,section,title")
    wb = openpyxl.load_workbook(tmp_path / "kehoach.xlsx")
    assert wb.sheetnames[:2] == ["summary", "documents"]


def test_incremental_run_skips_unchanged_and_force_redoes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, src / s.name)
    out = tmp_path / "out"
    first = run_batch([str(src)], out, jobs=1, progress=False)
    assert [i.status for i in first.items] == ["extracted", "extracted"]
    again = run_batch([str(src)], out, jobs=1, progress=False)
    assert [i.status for i in again.items] == ["skipped", "skipped"]
    # a changed file is redone, the other stays
    (src / SEEDS[0].name).write_text(SEEDS[0].read_text(encoding="utf-8") + "\nPhụ lục.\n", encoding="utf-8")
    third = run_batch([str(src)], out, jobs=1, progress=False)
    assert sorted(i.status for i in third.items) == ["extracted", "skipped"]
    forced = run_batch([str(src)], out, jobs=1, progress=False, force=True)
    assert [i.status for i in forced.items] == ["extracted", "extracted"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == {"extracted": 2, "skipped": 0, "failed": 0}


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[0], src / "good1.txt")
    shutil.copy(SEEDS[3], src / "good2.txt")
    (src / "empty.txt").write_bytes(b"")
    data = (ROOT / "corpora" / "seeds" / SEEDS[1].name).read_bytes()
    (src / "corrupt.docx").write_bytes(b"PK\x03\x04" + data[:300])
    (src / "recipe.txt").write_text("Cách nấu phở bò\nNguyên liệu: xương bò, bánh phở, hành.\nNinh xương trong sáu giờ.\n", encoding="utf-8")
    out = tmp_path / "out"
    p = subprocess.run(
        [sys.executable, "-m", "extract.cli", "extract", str(src), "--out", str(out), "-j", "2"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert p.returncode == 1, p.stderr
    errs = [l for l in p.stderr.splitlines() if l.startswith("error: ")]
    assert len(errs) == 3 and "Traceback" not in p.stderr
    assert any("empty.txt" in l and "empty" in l for l in errs)
    assert any("corrupt.docx" in l and "corrupt" in l.lower() for l in errs)
    assert any("recipe.txt" in l and "not an administrative plan" in l for l in errs)
    assert (out / "good1.txt.json").exists() and (out / "good2.txt.json").exists()
    assert not (out / "empty.txt.json").exists()
    wb = openpyxl.load_workbook(out / "kehoach.xlsx")
    err_rows = list(wb["Lỗi"].iter_rows(min_row=2, values_only=True))
    assert sorted(Path(r[0]).name for r in err_rows) == ["corrupt.docx", "empty.txt", "recipe.txt"]


def test_killed_batch_rerun_finishes_with_each_record_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    n = 0
    for k in range(6):
        for s in SEEDS:
            # distinct content so each copy is its own plan
            (src / f"{k}_{s.name}").write_text(s.read_text(encoding="utf-8") + f"\nBản sao {k}.\n", encoding="utf-8")
            n += 1
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extract.cli", "extract", str(src), "--out", str(out), "-j", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.txt.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done_before = len(list(out.glob("*.txt.json")))
    assert 3 <= done_before < n, "the batch should have been killed midway"
    for f in out.glob("*.txt.json"):
        json.loads(f.read_text(encoding="utf-8"))  # complete, never half-written
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    records = sorted(out.glob("*.txt.json"))
    assert len(records) == n
    assert len({json.loads(r.read_text(encoding="utf-8"))["source"]["sha256"] for r in records}) == n
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["skipped"] >= done_before and manifest["counts"]["failed"] == 0
    assert manifest["counts"]["skipped"] + manifest["counts"]["extracted"] == n
    assert not list(out.glob(".*.tmp"))


def test_to_frames_for_researchers(seed_run):
    res, _ = seed_run
    frames = to_frames(res.records)
    assert set(frames) == {"documents", "legal_bases", "tasks", "task_agencies", "deadlines", "errors"}
    assert len(frames["documents"]) == 5
    tasks = frames["tasks"]
    assert len(tasks) == sum(len(r.tasks) for r in res.records)
    ta = frames["task_agencies"]
    assert set(ta["role"]) == {"lead", "support"}
    assert (ta[ta.agency == "Sở Nội vụ"].jurisdiction.dropna().isin(["Cần Thơ", "Hải Phòng", "Lạng Sơn"])).all()


def test_usage_errors_exit_2(tmp_path):
    p = subprocess.run([sys.executable, "-m", "extract.cli", "extract", "--jobs", "0", str(SEEDS[0])], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2
    p = subprocess.run([sys.executable, "-m", "extract.cli", "extract"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2 and "usage" in p.stderr


def test_readme_documents_every_output_column():
    from extract.export import TABLES, columns

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for t in TABLES:
        for en, vi in zip(columns(t, "en"), columns(t, "vi")):
            assert f"| `{en}` | {vi} |" in readme, (t, en)


def test_per_file_time_limit(tmp_path, monkeypatch):
    from extract.errors import IngestError
    from extract.ingest import Limits, ingest
    from extract.ingest.text import TextBackend

    def slow(self, path, data, limits):
        time.sleep(5)

    monkeypatch.setattr(TextBackend, "read", slow)
    t0 = time.perf_counter()
    with pytest.raises(IngestError, match="time limit of 0.3 s exceeded"):
        ingest(SEEDS[0], Limits(time_limit_s=0.3))
    assert time.perf_counter() - t0 < 3


def test_python_api_for_researchers(tmp_path):
    import extract

    rec = extract.extract_file(SEEDS[3])
    assert rec.document.issuing_body == "Ủy ban nhân dân phường Bạch Sam" and rec.document.issuer_level == "commune"
    src = tmp_path / "in"
    src.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, src / s.name)
    (src / "empty.txt").write_bytes(b"")
    res = extract.extract_folder(src, jobs=1)
    assert len(res.records) == 2 and [Path(i.path).name for i in res.failed] == ["empty.txt"]
    frames = extract.to_frames(res.records)
    assert sorted(frames["documents"].province) == ["Cần Thơ", "Hải Phòng"]
