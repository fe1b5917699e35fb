"""extract.deadlines: which time phrases of the body are dated obligations,
on a plan written for the test in the style of the genre (a national plan
whose parts carry a horizon, a programme named with its end year, an
eligibility date before the plan, a report due in the last month of every
quarter)."""

from extract.pipeline import extract_document
from extract.timeline import find_time_expressions
from plans import doc, doc_md

PLAN = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Số: 77/KH-BLĐTBXH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 10 tháng 3 năm 2021
KẾ HOẠCH
Hỗ trợ việc làm cho người khuyết tật
A. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm quyền của người khuyết tật.
B. NHIỆM VỤ TỪ NAY ĐẾN NĂM 2025
I. HỖ TRỢ VIỆC LÀM
1. Tổng cục Giáo dục nghề nghiệp chủ trì tổ chức thực hiện Chương trình trợ giúp người khuyết tật giai đoạn đến năm 2030; hướng dẫn các địa phương xây dựng kế hoạch thực hiện Chiến lược quốc gia về việc làm đến năm 2025.
2. Đối tượng được hỗ trợ là người khuyết tật đăng ký thường trú trước ngày 01 tháng 01 năm 2020.
3. Cục Việc làm hoàn thành cơ sở dữ liệu về lao động khuyết tật đến hết năm 2022.
II. TỔ CHỨC THỰC HIỆN
Các địa phương báo cáo kết quả định kỳ hằng quý về Bộ (trước ngày 20 tháng cuối quý); đến năm 2025, phấn đấu 50% người khuyết tật có việc làm.
Nơi nhận:
- Các Bộ, ngành;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Văn Thanh
"""


def _deadlines():
    r = extract_document(doc(PLAN))
    return [(d.raw, d.kind, d.due, d.recurrence) for d in r.deadlines]


def test_only_obligations_are_deadlines():
    assert _deadlines() == [
        ("đến hết năm 2022", "deadline", "2022-12-31", None),
        ("trước ngày 20 tháng cuối quý", "recurring", None, "quarterly"),
        ("đến năm 2025", "deadline", "2025", None),
    ]


def test_a_programme_end_year_is_part_of_its_name():
    found = find_time_expressions(
        "Thực hiện Chiến lược phát triển KH,CN&ĐMST đến năm 2025; Đề án tuyên truyền, phấn đấu đến năm 2027 đạt 90%."
    )
    assert [(t.raw, t.due) for _, t in found] == [("đến năm 2027", "2027")]
    # the end year after a phase word ("giai đoạn đến năm 2030") names the phase
    assert find_time_expressions("sơ kết các chương trình dân số giai đoạn đến năm 2030") == []
    # ... and a name with its own number and issuer is closed before the year
    found = find_time_expressions("Hoàn thành hỗ trợ theo Quyết định số 22/2013/QĐ-TTg của Thủ tướng Chính phủ đến năm 2019.")
    assert [(t.raw, t.due) for _, t in found] == [("đến năm 2019", "2019")]


def test_a_deadline_on_an_attribute_line_is_for_the_tasks_work():
    plan = PLAN.replace(
        "3. Cục Việc làm hoàn thành cơ sở dữ liệu về lao động khuyết tật đến hết năm 2022.",
        "3. Xây dựng cơ sở dữ liệu về lao động khuyết tật\n- Đơn vị chủ trì: Cục Việc làm.\n- Thời gian thực hiện: Ngày 15/10/2022.",
    )
    r = extract_document(doc(plan))
    d = next(d for d in r.deadlines if d.due == "2022-10-15")
    assert d.what == "Xây dựng cơ sở dữ liệu về lao động khuyết tật" and d.agency == "Cục Việc làm"


def test_dated_rows_of_an_appendix_table_after_the_signature():
    text = PLAN + """PHỤ LỤC
DANH MỤC NHIỆM VỤ
| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |
|---|---|---|---|
| I | HỖ TRỢ VIỆC LÀM | | Năm 2022 |
| 1 | Ban hành hướng dẫn hỗ trợ việc làm | Cục Việc làm | Trước ngày 15/12/2021 |
| 2 | Tổng kết thực hiện Kế hoạch | Vụ Kế hoạch - Tài chính | Quý IV/2025 |
"""
    r = extract_document(doc_md(text))
    rows = [(d.raw, d.kind, d.due, d.task_id, d.agency) for d in r.deadlines if d.task_id and d.task_id.startswith("PL")]
    # only the dated one: a year or a quarter is a period, not a deadline
    assert rows == [("Trước ngày 15/12/2021", "deadline", "2021-12-15", "PL.I.1", "Cục Việc làm")]
