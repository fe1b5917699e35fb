"""The output folder as a collection (extract/export/collection.py): batches
add up, record names never collide, inputs that are gone are marked."""

import csv
import json
import shutil
import subprocess

import openpyxl

from conftest import ROOT, SEEDS, kehoach_cmd
from extract.batch import run_batch


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _csv_rows(out, table):
    with open(out / "csv" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _doc_rows(out):
    ws = openpyxl.load_workbook(out / "kehoach.xlsx", read_only=True)["Văn bản"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_two_batches_into_one_folder_hold_the_records_of_both(tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(SEEDS[0]), str(SEEDS[1])], out, jobs=1, progress=False)
    second = run_batch([str(SEEDS[3])], out, jobs=1, progress=False)
    assert first.collection == 2 and second.collection == 3
    names = sorted(r["Tệp"] for r in _doc_rows(out))
    assert names == sorted(s.name for s in (SEEDS[0], SEEDS[1], SEEDS[3]))
    # every CSV holds rows of all three plans
    for table in ("documents", "tasks", "task_agencies", "legal_bases"):
        files = {r["Tệp"] for r in _csv_rows(out, table)}
        assert files == {s.name for s in (SEEDS[0], SEEDS[1], SEEDS[3])}, table
    m = _manifest(out)
    assert m["collection"]["records"] == 3
    assert m["counts"] == {"extracted": 1, "skipped": 0, "failed": 0}  # this run's
    by_input = {e["input_path"]: e for e in m["files"]}
    assert {str(s.resolve()) for s in (SEEDS[0], SEEDS[1], SEEDS[3])} == set(by_input)
    assert by_input[str(SEEDS[0].resolve())]["status"] == "kept"
    assert by_input[str(SEEDS[3].resolve())]["status"] == "extracted"
    for e in m["files"]:
        assert (out / e["record"]).is_file()


def test_a_pattern_that_matches_nothing_leaves_a_full_folder_alone(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEEDS[0]), str(SEEDS[1])], out, jobs=1, progress=False)
    before = (out / "kehoach.xlsx").read_bytes()
    p = subprocess.run(kehoach_cmd() + ["extract", str(tmp_path / "nothing-*.pdf"), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "nothing-*.pdf" in p.stderr and "no file matches" in p.stderr
    assert "Traceback" not in p.stderr
    assert (out / "kehoach.xlsx").read_bytes() == before
    assert len(_doc_rows(out)) == 2


def test_inputs_of_the_same_name_get_distinct_records_that_converge(tmp_path):
    text = SEEDS[2].read_text(encoding="utf-8")
    for k, sub in enumerate(("a", "b", "c")):
        (tmp_path / sub).mkdir()
    # three different plans named alike, one of them literally "ke-hoach~2.txt"
    (tmp_path / "a" / "ke-hoach.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "ke-hoach.txt").write_text(text + "\nBản sao b.\n", encoding="utf-8")
    (tmp_path / "c" / "ke-hoach~2.txt").write_text(text + "\nBản sao c.\n", encoding="utf-8")
    inputs = [str(tmp_path / "a" / "ke-hoach.txt"), str(tmp_path / "b" / "ke-hoach.txt"), str(tmp_path / "c" / "ke-hoach~2.txt")]
    out = tmp_path / "out"
    res = run_batch(inputs, out, jobs=1, progress=False)
    assert [i.status for i in res.items] == ["extracted"] * 3
    records = sorted(p.name for p in out.glob("*.json") if p.name != "manifest.json")
    assert len(records) == 3 and all(r.startswith("ke-hoach") for r in records)
    m = _manifest(out)
    mapped = {e["input_path"]: e["record"] for e in m["files"]}
    assert len(set(mapped.values())) == 3
    for path in inputs:
        rec = json.loads((out / mapped[str((tmp_path / path).resolve())]).read_text(encoding="utf-8"))
        assert rec["source"]["sha256"] == __import__("hashlib").sha256(open(path, "rb").read()).hexdigest()
    # the workbook tells the two "ke-hoach.txt" apart by record and input path
    rows = _doc_rows(out)
    assert sorted(r["Tệp"] for r in rows) == ["ke-hoach.txt", "ke-hoach.txt", "ke-hoach~2.txt"]
    assert len({r["Bản ghi"] for r in rows}) == 3 and len({r["Đường dẫn tệp gốc"] for r in rows}) == 3
    # a re-run, in another order, changes nothing: same names, all up to date
    again = run_batch(list(reversed(inputs)), out, jobs=1, progress=False)
    assert [i.status for i in again.items] == ["skipped"] * 3
    assert sorted(p.name for p in out.glob("*.json") if p.name != "manifest.json") == records
    assert {e["input_path"]: e["record"] for e in _manifest(out)["files"]} == mapped


def test_a_record_whose_input_is_gone_is_kept_and_marked(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, src / s.name)
    out = tmp_path / "out"
    run_batch([str(src)], out, jobs=1, progress=False)
    (src / SEEDS[0].name).unlink()
    run_batch([str(SEEDS[3])], out, jobs=1, progress=False)
    rows = {r["Tệp"]: r for r in _doc_rows(out)}
    assert set(rows) == {SEEDS[0].name, SEEDS[1].name, SEEDS[3].name}
    assert rows[SEEDS[0].name]["Tệp gốc"] == "Không còn"
    assert rows[SEEDS[1].name]["Tệp gốc"] == "Còn"
    m = _manifest(out)
    assert m["collection"]["inputs_missing"] == 1
    gone = next(e for e in m["files"] if e["input_path"] == str((src / SEEDS[0].name).resolve()))
    assert gone["input_status"] == "missing" and (out / gone["record"]).is_file()


def test_export_rebuilds_a_folder_copied_without_its_manifest(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEEDS[0]), str(SEEDS[4])], out, jobs=1, progress=False)
    copy = tmp_path / "copy"
    copy.mkdir()
    for p in out.glob("*.txt.json"):
        shutil.copy(p, copy / p.name)
    p = subprocess.run(kehoach_cmd() + ["export", str(copy), "--format", "xlsx,csv"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "2 records" in p.stderr
    rows = {r["Tệp"]: r for r in _doc_rows(copy)}
    assert set(rows) == {SEEDS[0].name, SEEDS[4].name}
    assert all(r["Tệp gốc"] == "Không rõ" for r in rows.values())  # no manifest: input unknown
    assert {r["Số"] for r in _csv_rows(copy, "documents")} >= {"53/KH-UBND"}


def test_export_parquet_keeps_the_codes_or_names_what_to_install(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEEDS[0])], out, jobs=1, progress=False)
    p = subprocess.run(kehoach_cmd() + ["export", str(out), "--format", "parquet"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in p.stderr
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert p.returncode == 4 and "pip install" in p.stderr and "pyarrow" in p.stderr
        assert not (out / "parquet").exists()
        return
    import pandas as pd

    assert p.returncode == 0, p.stderr
    df = pd.read_parquet(out / "parquet" / "tasks.parquet")
    assert "recurring" in set(df["timeline_kind"])
