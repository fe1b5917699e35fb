"""Time expressions -> Timeline: the table of tests/data/timelines.csv, then
running text of our own writing (reporting clauses, cited documents, names)."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest
import regex as re

from extract.record import Timeline
from extract.timeline import find_time_expressions, parse_timeline

DATA = Path(__file__).resolve().parent / "data" / "timelines.csv"


def _rows():
    lines = [l for l in DATA.read_text(encoding="utf-8").splitlines() if not l.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    assert reader.fieldnames == ["text", "kind", "start", "end", "due", "recurrence"]
    return [r for r in reader]


ROWS = _rows()


def _expected_raw(text: str) -> str:
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    s = re.sub(r"^thời (?:gian|hạn)[^:]*:\s*", "", s, flags=re.IGNORECASE)
    while s.endswith((";", ",")) or (s.endswith(".") and not s.endswith("..")):
        s = s[:-1].rstrip()
    return s


def _cells(t: Timeline | None):
    if t is None:
        return ("none",)
    return (t.kind, t.start or "", t.end or "", t.due or "", t.recurrence or "")


def test_table_is_big_enough():
    assert len(ROWS) >= 70
    kinds = {r["kind"] for r in ROWS}
    assert kinds == {"ongoing", "recurring", "period", "deadline", "date", "conditional", "none"}


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("row", ROWS, ids=[r["text"][:40] or "<empty>" for r in ROWS])
def test_table_case(row, form):
    text = unicodedata.normalize(form, row["text"])
    t = parse_timeline(text)
    if row["kind"] == "none":
        assert t is None, t
        return
    assert _cells(t) == (row["kind"], row["start"], row["end"], row["due"], row["recurrence"])
    assert t.raw == _expected_raw(row["text"])
    assert unicodedata.is_normalized("NFC", t.raw)


# --------------------------------------------------------------------------
# parse_timeline: defaults, raw, model


def test_default_year_fills_yearless_dates_but_not_recurring_ones():
    assert parse_timeline("trước ngày 20/10", default_year=2026).due == "2026-10-20"
    assert parse_timeline("trước ngày 20/10").due == "--10-20"
    t = parse_timeline("trước ngày 20 tháng 10 hằng năm", default_year=2026)
    assert (t.kind, t.due, t.recurrence) == ("recurring", "--10-20", "yearly")
    t = parse_timeline("Quý II", default_year=2029)
    assert (t.start, t.end) == ("2029-04-01", "2029-06-30")
    assert (parse_timeline("Quý II").start, parse_timeline("Quý II").end) == ("--04-01", "--06-30")
    t = parse_timeline("6 tháng cuối năm", default_year=2022)
    assert (t.start, t.end) == ("2022-07-01", "2022-12-31")
    t = parse_timeline("tháng 2", default_year=2028)  # leap year
    assert (t.start, t.end) == ("2028-02-01", "2028-02-29")
    t = parse_timeline("Trong năm", default_year=2025)
    assert (t.kind, t.start, t.end) == ("period", "2025-01-01", "2025-12-31")
    assert _cells(parse_timeline("Trong năm")) == ("period", "", "", "", "")
    # a year in the text wins over the default
    assert parse_timeline("trước ngày 20/10/2024", default_year=2026).due == "2024-10-20"


def test_raw_is_normalized_value():
    t = parse_timeline("  Quý   III/2026 ;  ")
    assert t.raw == "Quý III/2026"
    assert parse_timeline("Năm 2026./.").raw == "Năm 2026"
    t = parse_timeline("- Thời gian hoàn thành: trước ngày 30/9/2027.")
    assert (t.raw, t.kind, t.due) == ("trước ngày 30/9/2027", "deadline", "2027-09-30")
    t = parse_timeline("1.3. Thời gian thực hiện: thường xuyên trong năm 2028.")
    assert (t.raw, t.kind, t.start, t.end) == ("thường xuyên trong năm 2028", "ongoing", "2028-01-01", "2028-12-31")
    nfd = unicodedata.normalize("NFD", "Hằng năm, trước ngày 15 tháng 12")
    assert parse_timeline(nfd).raw == "Hằng năm, trước ngày 15 tháng 12"
    assert parse_timeline("trước ngày **30/6/2025**").raw == "trước ngày 30/6/2025"


def test_conditional_keeps_the_full_raw_and_outside_period_only():
    text = "Quý IV/2026 (sau khi Ủy ban nhân dân tỉnh phê duyệt Đề án giai đoạn 2026 - 2030)"
    t = parse_timeline(text)
    assert t.raw == text
    assert (t.kind, t.start, t.end) == ("conditional", "2026-10-01", "2026-12-31")


def test_several_deadlines_take_the_first():
    t = parse_timeline("Báo cáo quý trước ngày 20/3/2025; báo cáo năm trước ngày 20/11/2025")
    assert (t.kind, t.due) == ("deadline", "2025-03-20")


def test_result_is_the_record_model():
    t = parse_timeline("Quý III/2024")
    assert isinstance(t, Timeline)
    assert json.loads(t.model_dump_json()) == {
        "raw": "Quý III/2024", "kind": "period", "start": "2024-07-01", "end": "2024-09-30",
        "due": None, "recurrence": None,
    }
    assert parse_timeline(None) is None and parse_timeline("   ") is None


# --------------------------------------------------------------------------
# find_time_expressions on running text


def _found(text, **kw):
    out = []
    for (s, e), t in find_time_expressions(text, **kw):
        # the span is where the raw stands (markup and white space aside)
        assert re.sub(r"\s+", " ", unicodedata.normalize("NFC", text[s:e]).replace("**", " ")).strip() == t.raw
        out.append((t.raw, t.kind, t.start, t.end, t.due, t.recurrence))
    return out


P_TO_CHUC = """IV. TỔ CHỨC THỰC HIỆN
1. Sở Tư pháp chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 05 tháng 12 hằng năm.
2. Các sở, ban, ngành, Ủy ban nhân dân các huyện, thị xã định kỳ 6 tháng, hằng năm báo cáo kết quả thực hiện về Sở Tư pháp (báo cáo 6 tháng trước ngày 10/6/2026, báo cáo năm trước ngày 25/11/2026) để tổng hợp."""


def test_reporting_clauses_of_to_chuc_thuc_hien():
    assert _found(P_TO_CHUC) == [
        ("trước ngày 05 tháng 12 hằng năm", "recurring", None, None, "--12-05", "yearly"),
        ("định kỳ 6 tháng, hằng năm", "recurring", None, None, None, "half-yearly"),
        ("báo cáo 6 tháng trước ngày 10/6/2026", "deadline", None, None, "2026-06-10", None),
        ("báo cáo năm trước ngày 25/11/2026", "deadline", None, None, "2026-11-25", None),
    ]


P_CHE_DO = """5. Chế độ báo cáo
Hằng quý, trước ngày 18 của tháng cuối quý, các phòng, ban chuyên môn báo cáo tiến độ về Văn phòng HĐND và UBND huyện. Báo cáo năm gửi trước ngày 30/11/2025 hoặc đột xuất khi có yêu cầu. Hằng năm, trước ngày 10 tháng 12, Phòng Nội vụ tổng hợp."""


def test_che_do_bao_cao():
    assert _found(P_CHE_DO) == [
        ("Hằng quý, trước ngày 18 của tháng cuối quý", "recurring", None, None, None, "quarterly"),
        ("trước ngày 30/11/2025 hoặc đột xuất khi có yêu cầu", "deadline", None, None, "2025-11-30", None),
        ("Hằng năm, trước ngày 10 tháng 12", "recurring", None, None, "--12-10", "yearly"),
    ]


P_DECREE = """c) Triển khai thực hiện Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ và Thông tư số 04/2024/TT-BNV, ngày 27 tháng 6 năm 2024 của Bộ Nội vụ; quán triệt Chỉ thị số 12-CT/TU ngày 03 tháng 7 năm 2021 của Ban Thường vụ Tỉnh ủy; hoàn thành việc rà soát trước ngày 31/10/2024."""


def test_task_text_with_cited_documents_keeps_only_the_deadline():
    assert _found(P_DECREE) == [("trước ngày 31/10/2024", "deadline", None, None, "2024-10-31", None)]


P_CAN_CU = """Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10/11/2022;
Căn cứ Kế hoạch số 15/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân tỉnh về thực hiện công tác dân vận năm 2025;
Thực hiện Công văn 1234/BNV-CQĐP, ngày 05/3/2025 của Bộ Nội vụ, Ủy ban nhân dân huyện xây dựng Kế hoạch như sau:"""


def test_preamble_dates_and_title_years_are_not_time_expressions():
    assert _found(P_CAN_CU) == []
    # the title year is a name part; a caller may keep it
    assert _found(P_CAN_CU, keep_names=True) == [("năm 2025", "period", "2025-01-01", "2025-12-31", None, None)]


P_ATTR = """- Thời gian thực hiện: Quý II và Quý III năm 2027 (sau khi Ủy ban nhân dân tỉnh ban hành Quy chế mẫu).
- Thời gian hoàn thành: chậm nhất ngày 15/9/2027."""


def test_attribute_lines_in_running_text():
    assert _found(P_ATTR) == [
        ("Quý II và Quý III năm 2027 (sau khi Ủy ban nhân dân tỉnh ban hành Quy chế mẫu)", "conditional",
         "2027-04-01", "2027-09-30", None, None),
        ("chậm nhất ngày 15/9/2027", "deadline", None, None, "2027-09-15", None),
    ]


P_NAMES = """Thực hiện Đề án phát triển du lịch cộng đồng tỉnh Hà Giang giai đoạn 2021 - 2025, định hướng đến năm 2030; bám sát Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025, trong giai đoạn 2026-2030 tập trung các nhiệm vụ sau:"""


def test_years_inside_names():
    assert _found(P_NAMES) == [("giai đoạn 2026-2030", "period", "2026-01-01", "2030-12-31", None, None)]
    kept = [r[0] for r in _found(P_NAMES, keep_names=True)]
    assert kept == ["giai đoạn 2021 - 2025", "đến năm 2030", "nhiệm kỳ 2020 - 2025", "giai đoạn 2026-2030"]


P_ADVERBS = """b) Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân mỗi năm ít nhất một lần; duy trì sinh hoạt chuyên đề hàng tháng tại các chi bộ; thường xuyên kiểm tra, giám sát việc thực hiện. Bảo đảm sự phối hợp chặt chẽ, thường xuyên giữa các cơ quan."""


def test_strict_drops_bare_adverbs_inside_sentences():
    loose = [r[0] for r in _found(P_ADVERBS)]
    assert loose == ["mỗi năm ít nhất một lần", "hàng tháng", "thường xuyên", "thường xuyên"]
    strict = [r[0] for r in _found(P_ADVERBS, strict=True)]
    assert strict == ["mỗi năm ít nhất một lần", "thường xuyên"]  # the count, the clause start


def test_strict_keeps_adverbs_after_introducers_and_labels():
    text = "- Thời gian thực hiện: Thường xuyên.\n- Hằng năm, các xã tổ chức hội nghị.\nHội nghị định kỳ hàng quý tại trụ sở; hội nghị tổ chức hàng quý."
    assert [r[0] for r in _found(text, strict=True)] == ["Thường xuyên", "Hằng năm", "định kỳ hàng quý"]


P_RANGES = """Từ ngày 01/01/2026 đến ngày 30/6/2026, các xã, phường hoàn thành việc kiện toàn Ban Thanh tra nhân dân; từ năm 2027 trở đi, việc kiện toàn thực hiện theo nhiệm kỳ. Ngay sau khi Kế hoạch được ban hành, Phòng Nội vụ hướng dẫn các xã triển khai."""


def test_ranges_open_periods_and_conditions():
    assert _found(P_RANGES) == [
        ("Từ ngày 01/01/2026 đến ngày 30/6/2026", "period", "2026-01-01", "2026-06-30", None, None),
        ("từ năm 2027 trở đi", "period", "2027-01-01", None, None, None),
        ("Ngay sau khi Kế hoạch được ban hành", "conditional", None, None, None, None),
    ]


P_HEADER = """Quảng Ngãi, ngày 12 tháng 3 năm 2029
KẾ HOẠCH
Tổ chức Ngày Pháp luật
Thời gian: 6 tháng đầu năm 2029; báo cáo sơ kết trước 15/7/29."""


def test_place_date_line_is_not_a_time_expression():
    assert _found(P_HEADER) == [
        ("6 tháng đầu năm 2029", "period", "2029-01-01", "2029-06-30", None, None),
        ("báo cáo sơ kết trước 15/7/29", "deadline", None, None, "2029-07-15", None),
    ]


P_BUDGET = """Kinh phí thực hiện được bố trí trong dự toán chi thường xuyên hàng năm của cơ quan, đơn vị. Đến hết năm 2028, 100% xã, phường hoàn thành; phấn đấu trong tháng 10 năm 2028 tổ chức tổng kết. Định kỳ hằng năm (trước ngày 20/12) Sở Nội vụ tổng hợp."""


def test_budget_words_and_year_targets():
    assert _found(P_BUDGET) == [
        ("hàng năm", "recurring", None, None, None, "yearly"),  # "chi thường xuyên" is the budget
        ("Đến hết năm 2028", "deadline", None, None, "2028-12-31", None),
        ("tháng 10 năm 2028", "period", "2028-10-01", "2028-10-31", None, None),
        ("Định kỳ hằng năm (trước ngày 20/12)", "recurring", None, None, "--12-20", "yearly"),
    ]
    assert [r[0] for r in _found(P_BUDGET, strict=True)][0] == "Đến hết năm 2028"


def test_default_year_in_running_text():
    text = "Các huyện gửi báo cáo trước ngày 15/6; hội nghị ngày 20 hằng tháng."
    assert _found(text, default_year=2030) == [
        ("trước ngày 15/6", "deadline", None, None, "2030-06-15", None),
        ("ngày 20 hằng tháng", "recurring", None, None, None, "monthly"),  # --MM-DD needs a month
    ]


def test_nfd_text_offsets_point_into_the_given_text():
    nfc = "Phòng Văn hóa báo cáo Ủy ban nhân dân huyện trước ngày 25 tháng 11 hằng năm; Quý IV/2026 tổ chức tổng kết."
    nfd = unicodedata.normalize("NFD", nfc)
    a, b = find_time_expressions(nfc), find_time_expressions(nfd)
    assert [t for _, t in a] == [t for _, t in b]
    assert [t.raw for _, t in b] == ["trước ngày 25 tháng 11 hằng năm", "Quý IV/2026"]
    for ((s, e), _), ((s2, e2), _) in zip(a, b):
        assert unicodedata.normalize("NFC", nfd[s2:e2]) == nfc[s:e]


def test_markdown_bold_dates():
    text = "(báo cáo quý trước ngày **20/3/2026**, báo cáo năm trước ngày **20/11/2026**)"
    assert _found(text) == [
        ("báo cáo quý trước ngày 20/3/2026", "deadline", None, None, "2026-03-20", None),
        ("báo cáo năm trước ngày 20/11/2026", "deadline", None, None, "2026-11-20", None),
    ]


def test_no_time_in_plain_text():
    assert find_time_expressions("") == []
    assert _found("Các cơ quan báo cáo định kỳ, đột xuất theo văn bản chỉ đạo của Ủy ban nhân dân quận.") == []
    assert _found("Tổ chức 03 hội nghị cho 1.500 người tại 12 xã.") == []


def test_strict_drops_conditions_inside_sentences_but_not_dated_ones():
    text = ("Phòng Tư pháp tiếp tục áp dụng Quy chế cũ cho đến khi có văn bản hướng dẫn mới. "
            "Ngay sau khi Quy chế được phê duyệt, các xã tổ chức phổ biến; "
            "hoàn thành trong Quý I/2027 (sau khi có ý kiến của Sở Nội vụ).")
    loose = [r[0] for r in _found(text)]
    assert loose == ["cho đến khi có văn bản hướng dẫn mới", "Ngay sau khi Quy chế được phê duyệt",
                     "Quý I/2027 (sau khi có ý kiến của Sở Nội vụ)"]
    strict = [r[:2] for r in _found(text, strict=True)]
    assert strict == [("Ngay sau khi Quy chế được phê duyệt", "conditional"),
                      ("Quý I/2027 (sau khi có ý kiến của Sở Nội vụ)", "conditional")]


def test_a_second_unit_of_a_report_schedule_recurs_too():
    got = [(t.raw, t.kind, t.due, t.recurrence) for _, t in find_time_expressions(
        "Các phòng báo cáo định kỳ quý (trước ngày 20/3) và năm (trước ngày 10/12) về Ủy ban nhân dân xã.", default_year=2022)]
    assert got == [
        ("định kỳ quý (trước ngày 20/3)", "recurring", "--03-20", "quarterly"),
        ("năm (trước ngày 10/12)", "recurring", "--12-10", "yearly"),
    ]


def test_a_duration_from_an_event_is_kept_inside_a_sentence_and_a_bare_condition_is_not():
    def strict(s):
        return [(t.raw, t.kind) for _, t in find_time_expressions(s, strict=True)]

    assert strict("Các thôn báo cáo thiệt hại trong vòng 12 giờ sau khi bão đi qua.") == [
        ("trong vòng 12 giờ sau khi bão đi qua", "conditional")]
    assert strict("Phun khử khuẩn trong 24-72 giờ sau khi nước rút.") == [("trong 24-72 giờ sau khi nước rút", "conditional")]
    assert strict("Cung cấp hồ sơ cho đoàn kiểm tra khi có yêu cầu.") == []


def test_yearly_report_then_its_day_over_a_second_report_verb():
    tl = parse_timeline("Định kỳ hằng năm báo cáo kết quả thực hiện, gửi về Sở Nội vụ trước ngày 20 tháng 11 để tổng hợp")
    assert (tl.kind, tl.due, tl.recurrence) == ("recurring", "--11-20", "yearly")
    # a comma before other work is no report gap: the frequency and the day stay apart
    exprs = find_time_expressions("hằng năm báo cáo kết quả, đồng thời kiểm tra các đơn vị trước ngày 20 tháng 11")
    assert [(tl.kind, tl.due) for _, tl in exprs] == [("recurring", None), ("deadline", "--11-20")]


def test_the_old_spelling_of_quy_and_days_of_a_list_that_one_frequency_closes():
    # the old orthography's "Quí" in a task table's time cell
    assert parse_timeline("Quí IV-2025") == Timeline(raw="Quí IV-2025", kind="period", start="2025-10-01", end="2025-12-31")
    assert parse_timeline("hàng quí").recurrence == "quarterly"
    # the name of a person is no calendar word
    assert [t.raw for _, t in find_time_expressions("Ông Trần Văn Quí báo cáo trong Quí II/2025")] == ["Quí II/2025"]
    text = ("Các phòng chuyên môn gửi báo cáo định kỳ trước ngày 10/6 và 10/12 hằng năm (hoặc khi có yêu cầu) "
            "về Văn phòng Sở")
    found = [(t.raw, t.kind, t.due, t.recurrence) for _, t in find_time_expressions(text, default_year=2025)]
    assert found[:2] == [("trước ngày 10/6", "recurring", "--06-10", "yearly"),
                         ("10/12 hằng năm", "recurring", "--12-10", "yearly")]
    tl = parse_timeline("Định kỳ trước ngày 15/6 và 15/12 hằng năm")
    assert (tl.kind, tl.due, tl.recurrence) == ("recurring", "--06-15", "yearly")
    # two days without a frequency stay two dates
    found = find_time_expressions("họp ngày 12/5 và 13/6, trước ngày 01/6 và ngày 15/11/2025", default_year=2025)
    assert [(t.kind, t.due) for _, t in found] == [("date", "2025-05-12"), ("date", "2025-06-13"),
                                                   ("deadline", "2025-06-01"), ("date", "2025-11-15")]
