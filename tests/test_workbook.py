"""The workbook people read (extract/export/workbook.py), opened with openpyxl."""

import datetime as dt
import json

import openpyxl
import pytest

from conftest import GOLD_DIR, ROOT, SEEDS
from extract.batch import run_batch
from extract.export.dates import next_occurrence
from extract.export.workbook import date_text, shown_value

CODES = {"ongoing", "recurring", "period", "deadline", "date", "conditional", "yearly", "half-yearly",
         "quarterly", "monthly", "weekly", "basis", "implements", "cites", "lead", "support",
         "central", "province", "district", "commune", "True", "False"}
DATE_HEADERS = {"Ngày ban hành", "Ngày", "Từ ngày", "Đến ngày", "Hạn", "Hạn gần nhất"}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("wb")
    res = run_batch([str(ROOT / "corpora" / "seeds")], out, jobs=2, progress=False)
    assert res.exit_code == 0
    return out, openpyxl.load_workbook(out / "kehoach.xlsx")


def _table(ws, header_row=1):
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    head = rows[0]
    return head, [dict(zip(head, r)) for r in rows[1:] if any(v is not None for v in r)]


def test_no_code_values_under_vietnamese_headers(book):
    _, wb = book
    for name in ("Văn bản", "Căn cứ", "Nhiệm vụ", "Nhiệm vụ - Cơ quan", "Thời hạn"):
        head, rows = _table(wb[name])
        for r in rows:
            for h, v in r.items():
                if h in ("Tệp", "Bản ghi", "Đường dẫn tệp gốc", "SHA-256", "Định dạng"):
                    continue
                assert not (isinstance(v, bool) or (isinstance(v, str) and v in CODES)), (name, h, v)
    _, tasks = _table(wb["Nhiệm vụ"])
    kinds = {r["Loại thời gian"] for r in tasks} - {None}
    assert {"Thường xuyên", "Định kỳ"} <= kinds
    assert {r["Đề nghị"] for r in tasks} <= {"Có", "Không"}


def test_every_date_column_holds_dates_and_partial_dates_beside_it(book):
    _, wb = book
    seen_dates = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                col_head = ws.cell(row=1, column=c.column).value
                if col_head in DATE_HEADERS and c.row > 1 and c.value is not None and ws.title != "Tổng hợp":
                    assert isinstance(c.value, dt.datetime), (ws.title, col_head, c.value)
                    assert c.number_format == "dd/mm/yyyy"
                    seen_dates += 1
    assert seen_dates > 20
    _, docs = _table(wb["Văn bản"])
    by_file = {r["Tệp"]: r for r in docs}
    g2 = json.loads((GOLD_DIR / f"{SEEDS[2].stem}.json").read_text(encoding="utf-8"))["document"]
    assert g2["issue_date"] == "2024-05"
    assert by_file[SEEDS[2].name]["Ngày ban hành"] is None
    assert by_file[SEEDS[2].name]["Ngày ban hành (ghi rõ)"] == "tháng 05/2024"


def test_task_agency_sheet_has_each_tasks_due_date_and_kind(book):
    _, wb = book
    head, rows = _table(wb["Nhiệm vụ - Cơ quan"])
    assert {"Hạn", "Hạn (ghi rõ)", "Loại thời gian", "Nội dung nhiệm vụ"} <= set(head)
    g1 = json.loads((GOLD_DIR / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8"))
    dated = [t for t in g1["tasks"] if t.get("timeline") and t["timeline"].get("due", "") and len(t["timeline"]["due"]) == 10]
    assert dated
    t = dated[0]
    mine = [r for r in rows if r["Tệp"] == SEEDS[1].name and r["Mã nhiệm vụ"] == t["id"]]
    assert mine and all(r["Hạn"] == dt.datetime.fromisoformat(t["timeline"]["due"]) for r in mine)
    yearly = [r for r in rows if r["Hạn (ghi rõ)"] and "hằng năm" in r["Hạn (ghi rõ)"]]
    assert yearly and all(r["Loại thời gian"] == "Định kỳ" for r in yearly)


def test_every_sheet_prints_landscape_with_its_header_repeated(book):
    _, wb = book
    assert wb.sheetnames[0] == "Tổng hợp"
    for ws in wb.worksheets:
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes == "A2"
        widths = [d.width for d in ws.column_dimensions.values() if d.width]
        assert widths and max(widths) <= 60


def test_summary_counts_match_the_records_and_links_open_them(book):
    out, wb = book
    ws = wb["Tổng hợp"]
    head, rows = _table(ws)
    plans = []
    for r in rows:
        if r["Tệp"] is None or str(r["Tệp"]).startswith("Các cơ quan"):
            break
        plans.append(r)
    assert len(plans) == len(SEEDS)
    for r in plans:
        rec = json.loads((out / r["Bản ghi"]).read_text(encoding="utf-8"))
        assert r["Số nhiệm vụ"] == len(rec["tasks"])
        assert r["Số căn cứ"] == len(rec["legal_bases"])
        assert r["Số cảnh báo"] == len(rec["warnings"])
    links = [c.hyperlink.target for c in next(ws.iter_cols(min_col=2, max_col=2, min_row=2, max_row=len(plans) + 1))]
    assert all((out / t).is_file() for t in links)
    # the agency block: its own header, one row per agency
    cells = [c.value for c in ws["A"]]
    k = next(i for i, v in enumerate(cells) if v == "Cơ quan")
    agency_rows = [v for v in cells[k + 1:] if v]
    assert "Sở Nội vụ" in agency_rows


def test_english_workbook_shows_english_values(tmp_path):
    run_batch([str(SEEDS[0])], tmp_path, jobs=1, progress=False, lang="en")
    wb = openpyxl.load_workbook(tmp_path / "kehoach.xlsx")
    head, rows = _table(wb["tasks"])
    assert {r["timeline_kind"] for r in rows} - {None} <= {"Ongoing", "Recurring", "Period", "Deadline", "Date", "Conditional"}
    assert "Recurring" in {r["timeline_kind"] for r in rows}


def test_value_helpers():
    assert shown_value("timeline_kind", "deadline", "vi") == "Hạn chót"
    assert shown_value("requested", True, "vi") == "Có" and shown_value("requested", False, "en") == "No"
    assert date_text("--11-15") == "ngày 15/11 hằng năm" and date_text("2023") == "năm 2023"
    assert date_text("2023-07-01") is None
    assert next_occurrence("--11-15", dt.date(2026, 12, 3)) == dt.date(2027, 11, 15)
    assert next_occurrence("2024-05", dt.date(2024, 5, 20)) == dt.date(2024, 5, 31)
    assert next_occurrence("2024-05-01", dt.date(2024, 5, 20)) is None
