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
        ("định kỳ hằng quý về Bộ (trước ngày 20 tháng cuối quý)", "recurring", None, "quarterly"),
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


def test_the_year_of_a_name_before_its_vision_or_a_condition():
    # real sentences (a ministry's programme of action, a Bộ Xây dựng plan, a
    # national plan on forest carbon, a provincial plan on drugs)
    assert find_time_expressions(
        "Triển khai thực hiện Chiến lược phát triển ngành Đo đạc và Bản đồ Việt Nam và xây dựng hạ tầng dữ liệu "
        "không gian địa lý quốc gia đến năm 2030, tầm nhìn đến năm 2045 đã được phê duyệt.") == []
    found = find_time_expressions(
        "- Tổ chức công bố Quy hoạch thăm dò, khai thác, chế biến và sử dụng các loại khoáng sản làm vật liệu xây dựng "
        "thời kỳ 2021-2030, tầm nhìn đến năm 2050 sau khi được Thủ tướng Chính phủ phê duyệt.")
    assert [(t.raw, t.kind, t.due) for _, t in found] == [
        ("sau khi được Thủ tướng Chính phủ phê duyệt", "conditional", None)]
    assert find_time_expressions(
        "tiềm năng tạo tín chỉ các-bon từ rừng của Việt Nam giai đoạn 2021 - 2030, có xét đến năm 2050.") == []
    assert find_time_expressions(
        "Chương trình phòng, chống ma túy trong thanh, thiếu niên đến năm 2030; Kế hoạch số 12/KH-UBND") == []
    # a target's year is no name
    found = find_time_expressions("phấn đấu đến năm 2030 đạt ít nhất 50% số xã, phường không ma túy")
    assert [(t.raw, t.due) for _, t in found] == [("đến năm 2030", "2030")]


REPORTS = """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Số: 41/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ninh Bình, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
Phòng thủ dân sự năm 2026
I. NHIỆM VỤ
1. Sở Tài chính chủ trì lập dự toán ngân sách nhà nước hàng năm, báo cáo cơ quan có thẩm quyền phê duyệt.
2. Bộ Chỉ huy Quân sự tỉnh rà soát, tổng hợp danh mục công trình phòng thủ dân sự.
- Thời gian thực hiện: Tháng 12 hằng năm.
3. Các sở, ngành thành lập Tổ công tác.
- Thời gian hoàn thành: Trước ngày 15/11/2025.
4. Các đơn vị đăng ký thường trú trước ngày 01/01/2020 được hỗ trợ.
II. TỔ CHỨC THỰC HIỆN
1. Định kỳ hằng năm, Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch.
2. Các Trung tâm y tế giám sát tuyến xã và báo cáo kết quả thực hiện hằng năm về Sở Y tế.
3. Hằng năm, Sở Y tế tổ chức kiểm tra việc thực hiện Kế hoạch; tổ chức sơ kết để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def test_schedules_and_reports_that_are_deadlines():
    r = extract_document(doc(REPORTS))
    got = [(d.raw, d.kind, d.due, d.recurrence, d.task_id) for d in r.deadlines]
    assert got == [
        # a point of a yearly cycle on the task's time line
        ("Tháng 12 hằng năm", "recurring", None, "yearly", "I.2"),
        # the task's own time line, though the day is before the plan's date
        ("Trước ngày 15/11/2025", "deadline", "2025-11-15", None, "I.3"),
        # a report on a schedule the sentence opens with
        ("Định kỳ hằng năm", "recurring", None, "yearly", "II.1"),
        # a schedule that opens the sentence, the report in its last clause
        ("Hằng năm", "recurring", None, "yearly", "II.3"),
    ]
    # not: a yearly budget (an adverb inside the sentence), a yearly report
    # named inside a sentence, an eligibility date before the plan
