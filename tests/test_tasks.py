"""Task rules (SCHEMA "Tasks") on plans written for the tests."""


from extract.segment import segment
from extract.tasks import attribute_of, extract_tasks, is_task_section, sentence_subject, sentence_support
from plans import HUYEN_PLAN, SO_PLAN, doc


def _tasks(text, prov):
    return {t.id: t for t in extract_tasks(segment(doc(text)), jurisdiction=prov, default_year=2025)}


def names(agencies):
    return [a.name for a in agencies]


def test_sections_that_hold_tasks():
    assert is_task_section("NỘI DUNG THỰC HIỆN") and is_task_section("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU")
    assert is_task_section("TỔ CHỨC THỰC HIỆN") and is_task_section("PHÂN CÔNG TRÁCH NHIỆM")
    assert not is_task_section("KINH PHÍ THỰC HIỆN") and not is_task_section("MỤC ĐÍCH, YÊU CẦU")
    assert not is_task_section("MỤC TIÊU")


def test_attribute_lines():
    assert attribute_of("Cơ quan chủ trì: Sở Y tế") == ("lead", "Sở Y tế")
    assert attribute_of("Cơ quan tham mưu thực hiện: Sở Nội vụ.") == ("advisor", "Sở Nội vụ.")
    assert attribute_of("Đơn vị phối hợp: Công an tỉnh") == ("support", "Công an tỉnh")
    assert attribute_of("Thời gian hoàn thành: Quý IV/2025") == ("time", "Quý IV/2025")
    assert attribute_of("Nội dung")[0] == "content"
    assert attribute_of("Tổ chức hội nghị: trực tuyến") is None


def test_sentence_subject_and_support():
    subj, req = sentence_subject("Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh và Tỉnh đoàn tổ chức tập huấn.")
    assert subj == ["Sở Giáo dục và Đào tạo"] and not req
    assert sentence_support("Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh và Tỉnh đoàn tổ chức tập huấn.") == ["Công an tỉnh", "Tỉnh đoàn"]
    subj, req = sentence_subject("Đề nghị Liên đoàn Lao động tỉnh tuyên truyền đến đoàn viên.")
    assert subj == ["Liên đoàn Lao động tỉnh"] and req
    assert sentence_subject("Tổ chức hội nghị sơ kết.") == ([], False)
    subj, _ = sentence_subject("Căn cứ Kế hoạch này, yêu cầu các phòng, ban, đơn vị nghiêm túc thực hiện.")
    assert subj == ["các phòng, ban, đơn vị"]


def test_so_plan_attribute_lines_and_inheritance():
    t = _tasks(SO_PLAN, "Điện Biên")
    assert list(t) == ["II.1", "II.1.a", "II.1.b", "II.2", "II.2-1", "II.2-2", "II.3", "III.1", "III.1-1", "III.1-2", "III.2", "III.2-1", "III.3"]
    assert names(t["II.1"].lead) == ["Phòng Phổ biến, giáo dục pháp luật"]
    assert names(t["II.1"].support) == ["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình tỉnh"]
    assert (t["II.1"].timeline.kind, t["II.1"].timeline.start, t["II.1"].timeline.end) == ("period", "2025-04-01", "2025-06-30")
    # letters under "1.1. Nội dung" are II.1.a, II.1.b and inherit from II.1
    assert t["II.1.a"].parent == "II.1" and names(t["II.1.a"].lead) == names(t["II.1"].lead)
    assert t["II.1.b"].timeline.kind == "period"
    assert t["II.1.a"].lead[0].jurisdiction == "Điện Biên"


def test_so_plan_bullet_subtasks_and_union_lead():
    t = _tasks(SO_PLAN, "Điện Biên")
    assert names(t["II.2-1"].lead) == ["Thanh tra Sở"]
    assert names(t["II.2-2"].lead) == ["Văn phòng Sở"] and names(t["II.2-2"].support) == ["Phòng Hành chính tư pháp"]
    assert names(t["II.2"].lead) == ["Thanh tra Sở", "Văn phòng Sở"]
    assert names(t["II.2"].support) == ["Phòng Hành chính tư pháp"]
    assert t["II.2-1"].timeline.kind == "deadline" and t["II.2-1"].timeline.due == "2025-11-30"
    # a bullet that only names bodies is the lead, not a task
    assert names(t["II.3"].lead) == ["Các phòng chuyên môn thuộc Sở"]
    assert t["II.3"].timeline.kind == "ongoing"


def test_so_plan_agency_headings_requested_and_closing():
    t = _tasks(SO_PLAN, "Điện Biên")
    assert t["III.1"].title == "Văn phòng Sở" and names(t["III.1-2"].lead) == ["Văn phòng Sở"]
    assert t["III.1-1"].title == "Bố trí kinh phí thực hiện Kế hoạch"
    assert t["III.2"].requested and t["III.2-1"].requested and names(t["III.2-1"].lead) == ["Hội Luật gia tỉnh"]
    assert not t["III.1"].requested
    tl = t["III.3"].timeline
    assert (tl.kind, tl.due, tl.recurrence) == ("recurring", "--12-15", "yearly")
    assert all(not x.title.startswith("Trên đây") for x in t.values())


def test_huyen_plan_doi_voi_subtasks():
    t = _tasks(HUYEN_PLAN, "Hồ Chí Minh")
    assert [k for k in t if k.startswith("II.1.a")] == ["II.1.a", "II.1.a-1", "II.1.a-1-1", "II.1.a-1-2", "II.1.a-2"]
    assert names(t["II.1.a-1"].lead) == ["Các phòng chuyên môn"]
    assert names(t["II.1.a-1-2"].lead) == ["Các phòng chuyên môn"]
    assert names(t["II.1.a-2"].lead) == ["Ủy ban nhân dân các xã, thị trấn"]
    assert t["II.1.a-2"].timeline.recurrence == "monthly"
    assert t["II.1.a"].lead == []
    assert names(t["II.1.b"].support) == ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]
    assert t["III.1"].requested and names(t["III.1"].lead) == ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"]
    assert names(t["III.2"].lead) == ["Phòng Nội vụ"] and t["III.2"].timeline.due == "2024-12-20"


def test_task_table_rows_in_any_column_order():
    from plans import TABLE_PLAN, doc_md

    t = {x.id: x for x in extract_tasks(segment(doc_md(TABLE_PLAN)), jurisdiction="Quảng Trị", default_year=2026)}
    assert list(t) == ["II.I", "II.I.1", "II.I.2", "II.II", "II.II.1", "PL.1"]
    assert t["II.I"].title == "Công tác chuẩn bị" and t["II.I.1"].parent == "II.I"
    assert names(t["II.I.2"].lead) == ["Chi cục Thủy lợi"]
    assert names(t["II.I.2"].support) == ["Ủy ban nhân dân các xã", "Công ty TNHH MTV Khai thác thủy lợi"]
    assert (t["II.I.1"].timeline.kind, t["II.I.1"].timeline.start) == ("period", "2026-01-01")
    assert t["II.I.2"].timeline.due == "2026-04-30"
    assert t["II.II.1"].timeline.kind == "ongoing" and t["II.II.1"].support == []
    assert t["PL.1"].title == "Kiểm tra hồ Ái Tử" and names(t["PL.1"].lead) == ["Chi cục Thủy lợi"]


def test_subject_ends_at_a_verb_the_vocabulary_does_not_list():
    # "công bố" and "đổi mới" are not in rules/tasks/predicates.txt: the tagger ends the subject
    assert sentence_subject("Ủy ban nhân dân các huyện, thị xã công bố đường dây nóng.")[0] == ["Ủy ban nhân dân các huyện, thị xã"]
    # name-internal verbs do not end it
    assert sentence_subject("Các bệnh viện, viện nghiên cứu trực thuộc Sở triển khai bệnh án điện tử.")[0] == [
        "Các bệnh viện, viện nghiên cứu trực thuộc Sở"
    ]
    assert sentence_subject("Các cơ quan, đơn vị có liên quan chủ động phối hợp.")[0] == ["Các cơ quan, đơn vị có liên quan"]


def test_support_list_separated_by_semicolons():
    s = ("Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Liên đoàn Lao động tỉnh; "
         "các sở, ngành liên quan; Ủy ban nhân dân các huyện, thành phố.")
    assert sentence_support(s) == ["Liên đoàn Lao động tỉnh", "các sở, ngành liên quan", "Ủy ban nhân dân các huyện, thành phố"]
    # a clause with its own predicate after ";" is not a body of the list
    assert sentence_support("Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp; Sở Tài chính bố trí kinh phí.") == ["Sở Tư pháp"]


# A ministry plan whose attribute lines name departments with verbs in
# their names ("Cục Trợ giúp pháp lý", "các đơn vị xây dựng pháp luật") and
# one value that is a sentence ("Sở Tư pháp chủ trì, phối hợp với …").
MINISTRY_ITEMS = """BỘ TƯ PHÁP
Số: 41/KH-BTP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 3 năm 2019
KẾ HOẠCH
Tăng cường trợ giúp pháp lý cho người dân tộc thiểu số
I. NỘI DUNG THỰC HIỆN
1. Biên soạn sổ tay trợ giúp pháp lý bằng tiếng dân tộc
- Đơn vị chủ trì: Cục Trợ giúp pháp lý.
- Đơn vị phối hợp: Các đơn vị xây dựng pháp luật, Vụ Phổ biến, giáo dục pháp luật và Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật.
2. Tập huấn cho trợ giúp viên pháp lý
- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Ban Dân tộc tỉnh.
"""


def test_attribute_values_name_bodies_unless_they_assign():
    t = _tasks(MINISTRY_ITEMS, None)
    assert names(t["I.1"].lead) == ["Cục Trợ giúp pháp lý"]
    assert names(t["I.1"].support) == [
        "Các đơn vị xây dựng pháp luật",
        "Vụ Phổ biến, giáo dục pháp luật",
        "Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật",
    ]
    assert names(t["I.2"].lead) == ["Sở Tư pháp"] and names(t["I.2"].support) == ["Ban Dân tộc tỉnh"]


def test_support_list_with_a_noun_that_looks_like_a_verb():
    s = "Phối hợp với Ban Dân tộc và tổ chức pháp chế các sở, tham mưu cho Ủy ban nhân dân tỉnh ban hành kế hoạch."
    assert sentence_support(s) == ["Ban Dân tộc", "tổ chức pháp chế các sở"]


def test_subject_without_its_auxiliary_and_an_attribute_run_into_another():
    assert sentence_subject("Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các phòng, ban có báo cáo về Sở Nội vụ.")[0] == ["các phòng, ban"]
    plan = MINISTRY_ITEMS.replace(
        "- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Ban Dân tộc tỉnh.",
        "- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Ban Dân tộc tỉnh và địa phương -Thời gian thực hiện: Quý III/2019.",
    )
    t = _tasks(plan, None)["I.2"]
    assert names(t.support) == ["Ban Dân tộc tỉnh", "Địa phương"]
    assert (t.timeline.kind, t.timeline.start, t.timeline.end) == ("period", "2019-07-01", "2019-09-30")


def test_names_take_one_dash_convention():
    from extract.agency import normalize_agency_name

    assert normalize_agency_name("Sở Lao động – Thương binh và Xã hội") == "Sở Lao động - Thương binh và Xã hội"


def test_support_after_phoi_hop_without_a_preposition():
    assert sentence_support("Chủ trì, phối hợp các phòng của Sở có liên quan xây dựng kế hoạch tiếp đón.") == [
        "các phòng của Sở có liên quan"]
    assert sentence_support("Phối hợp Văn phòng Sở và Phòng Kế hoạch - Tài chính dự trù kinh phí.") == [
        "Văn phòng Sở", "Phòng Kế hoạch - Tài chính"]
    # bare "phối hợp" before work is no support
    assert sentence_support("Tăng cường phối hợp các hoạt động tuyên truyền trên địa bàn.") == []


def test_to_chuc_is_a_verb_before_another_verb_and_a_noun_after_cac():
    assert sentence_support("Phối hợp với các sở, ban, ngành liên quan tổ chức, triển khai thực hiện Kế hoạch.") == [
        "các sở, ban, ngành liên quan"]
    assert sentence_support("Phối hợp với các cơ quan, tổ chức, cá nhân có liên quan thực hiện.") == [
        "các cơ quan, tổ chức, cá nhân có liên quan"]
    subj, _ = sentence_subject("Các tổ chức chính trị - xã hội tuyên truyền, vận động hội viên.")
    assert subj == ["Các tổ chức chính trị - xã hội"]


def test_an_inspectorate_of_a_level_is_a_body_and_the_verb_is_not():
    assert sentence_subject("Thanh tra huyện chủ trì kiểm tra việc thực hiện.")[0] == ["Thanh tra huyện"]
    assert sentence_subject("Thanh tra việc thực hiện chính sách tại cơ sở.")[0] == []


def test_a_name_internal_verb_split_by_the_tagger_stays_in_the_name():
    subj, req = sentence_subject("Đề nghị các cơ sở khám bệnh, chữa bệnh tư nhân trên địa bàn huyện nghiêm túc thực hiện chế độ báo cáo.")
    assert subj == ["các cơ sở khám bệnh, chữa bệnh tư nhân trên địa bàn huyện"] and req


def test_bullets_that_assign_with_cong_bo_are_sub_tasks():
    from extract.tasks import names_only

    assert not names_only("Ủy ban nhân dân các xã, thị trấn công bố danh sách cử tri tại nơi công cộng.")
    assert sentence_subject("Ủy ban nhân dân các xã, thị trấn công bố danh sách cử tri.")[0] == ["Ủy ban nhân dân các xã, thị trấn"]


def test_a_lead_named_in_a_later_clause():
    plan = MINISTRY_ITEMS.replace(
        "2. Tập huấn cho trợ giúp viên pháp lý\n- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Ban Dân tộc tỉnh.\n",
        "2. Nâng cao chất lượng tập huấn cho trợ giúp viên; Trung tâm Trợ giúp pháp lý nhà nước chủ trì biên soạn tài liệu, phối hợp với Hội Luật gia tỉnh.\n"
        "3. Tăng cường kiểm tra; bảo đảm các đoàn kiểm tra chủ trì đúng quy định.\n",
    )
    t = _tasks(plan, None)
    assert names(t["I.2"].lead) == ["Trung tâm Trợ giúp pháp lý nhà nước"] and names(t["I.2"].support) == ["Hội Luật gia tỉnh"]
    assert names(t["I.3"].lead) == []


def test_to_chuc_huu_quan_is_a_noun():
    assert sentence_subject("Các cơ quan, tổ chức hữu quan phối hợp thực hiện.")[0] == ["Các cơ quan, tổ chức hữu quan"]


def test_a_long_subject_after_an_adverbial_clause():
    subj, _ = sentence_subject("Hằng năm, các sở, ngành và Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh báo cáo kết quả về Sở Nội vụ.")
    assert subj == ["các sở, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh"]


COMMUNE_MEETINGS = """ỦY BAN NHÂN DÂN XÃ AN PHÚ
Số: 12/KH-UBND
An Phú, ngày 02 tháng 3 năm 2026
KẾ HOẠCH
Tổ chức các hội nghị cử tri năm 2026
I. MỤC ĐÍCH, YÊU CẦU
- Bảo đảm dân chủ, đúng quy định.
II. NỘI DUNG, TIẾN ĐỘ THỰC HIỆN
1. Hội nghị cử tri đợt một
1.1. Nội dung: Lấy ý kiến cử tri về dự thảo quy hoạch khu dân cư.
- Thời gian: Dự kiến ngày 14/3/2026 (chậm nhất ngày 20/3/2026).
- Thành phần: Thường trực Hội đồng nhân dân xã; đại diện cử tri các ấp.
- Đơn vị chủ trì: Ban Công tác mặt trận ấp.
1.2. Báo cáo kết quả hội nghị
- Gửi biên bản hội nghị về Ủy ban nhân dân xã.
2. Hội nghị cử tri đợt hai
2.1. Nội dung: Tổng hợp ý kiến cử tri và trả lời kiến nghị.
- Thời gian: Quý II/2026.
- Đơn vị chủ trì: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã.
"""


def test_a_numbered_content_line_states_its_parent_task():
    t = _tasks(COMMUNE_MEETINGS, "Vĩnh Long")
    assert "II.1.1" not in t and "II.2.1" not in t
    assert names(t["II.1"].lead) == ["Ban Công tác mặt trận ấp"]
    assert t["II.1"].timeline.kind == "date" and t["II.1"].timeline.due == "2026-03-14"
    # the sibling report item inherits the meeting's lead and time
    assert names(t["II.1.2"].lead) == ["Ban Công tác mặt trận ấp"] and t["II.1.2"].timeline.due == "2026-03-14"
    assert names(t["II.2"].lead) == ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"]
    assert t["II.2"].timeline.kind == "period" and t["II.2"].timeline.end == "2026-06-30"
    assert attribute_of("Nội dung: Lấy ý kiến cử tri.")[0] == "statement"


def test_teams_adverbs_and_convening_verbs():
    assert sentence_subject("Tổ thư ký sẽ tổng hợp ý kiến của các đại biểu.")[0] == ["Tổ thư ký"]
    assert sentence_subject("Tổ kiểm phiếu thực hiện kiểm phiếu ngay sau khi biểu quyết.")[0] == ["Tổ kiểm phiếu"]
    assert sentence_subject("Phó Chủ tịch Ủy ban nhân dân phường trực tiếp chỉ đạo việc tổng hợp.")[0] == [
        "Phó Chủ tịch Ủy ban nhân dân phường"]
    assert sentence_support("Phối hợp với Ủy ban nhân dân phường triệu tập hội nghị cử tri.") == ["Ủy ban nhân dân phường"]
    assert sentence_support("Phối hợp với Hội Nông dân phường tham gia giám sát.") == ["Hội Nông dân phường"]


WARD_GUIDANCE = """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM PHƯỜNG HÒA BÌNH
Số: 07/KH-MTTQ
Hòa Bình, ngày 10 tháng 11 năm 2025
KẾ HOẠCH
Triển khai công tác bầu cử
I. MỤC ĐÍCH, YÊU CẦU
- Phát huy vai trò của Mặt trận.
II. NỘI DUNG, TIẾN ĐỘ THỰC HIỆN
1. Ban hành văn bản hướng dẫn
1.1. Xây dựng hướng dẫn về giới thiệu người ứng cử.
- Bảo đảm thống nhất với hướng dẫn của cấp trên và phù hợp với thực tế của phường.
- Việc lấy ý kiến cử tri phải đúng quy trình.
- Nguyên tắc tổ chức: công khai, dân chủ.
- Tổng hợp ý kiến góp ý của các tổ chức thành viên.
- Hội Cựu chiến binh phường phối hợp tuyên truyền đến hội viên.
- Thời gian hoàn thành: Tháng 12/2025.
- Đơn vị chủ trì: Ban Thường trực Ủy ban MTTQ phường.
1.2. Tổ chức tập huấn
- Bảo đảm thông tin liên lạc giữa các tổ bầu cử.
- Mời báo cáo viên cấp trên.
"""


def test_requirements_beside_an_items_attributes_are_no_sub_tasks():
    t = _tasks(WARD_GUIDANCE, "Hòa Bình")
    subs = sorted(k for k in t if k.startswith("II.1.1-"))
    # the requirements ("Bảo đảm …", "Việc … phải …", "Nguyên tắc …:") stay
    # in the item; the work and the body that does work are sub-tasks
    assert [t[k].title[:16] for k in subs] == ["Tổng hợp ý kiến ", "Hội Cựu chiến bi"]
    assert names(t["II.1.1"].lead) == ["Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường"]
    assert names(t[subs[1]].lead) == ["Hội Cựu chiến binh phường"]
    # without attribute lines a "Bảo đảm …" bullet is work of its own
    assert sorted(k for k in t if k.startswith("II.1.2-")) == ["II.1.2-1", "II.1.2-2"]


SCHOOL_WEEK = """TRƯỜNG THCS HẢI LĂNG
Số: 21/KH-THCSHL
Hải Lăng, ngày 09 tháng 9 năm 2025
KẾ HOẠCH
Tổ chức Ngày hội đọc sách
I. MỤC ĐÍCH, YÊU CẦU
- Khuyến khích học sinh đọc sách.
II. NỘI DUNG VÀ THỜI GIAN
1. Chương trình
NGÀY 1: THỨ NĂM, NGÀY 18/9/2025
| Thời gian | Nội dung | Người phụ trách |
|---|---|---|
| 7h00 - 7h30 | Khai mạc ngày hội | Phó Hiệu trưởng Lê Văn Hùng |
| 7h30 - 9h00 | Giới thiệu sách mới | GVCN các lớp, Tổ Ngữ văn |
NGÀY 2: THỨ SÁU, NGÀY 19/9/2025
| Thời gian | Nội dung | Người phụ trách |
|---|---|---|
| 7h00 - 9h00 | Thi kể chuyện theo sách | Bí thư Chi đoàn giáo viên |
| Trước ngày 25/9/2025 | Tổng hợp kết quả | Bộ phận Văn phòng |
III. TỔ CHỨC THỰC HIỆN
1. Giáo viên chủ nhiệm các lớp
- Phổ biến kế hoạch đến học sinh.
"""


def test_day_headings_over_tables_and_a_schools_people():
    from plans import doc_md

    t = {x.id: x for x in extract_tasks(segment(doc_md(SCHOOL_WEEK)), jurisdiction="Quảng Trị", default_year=2025)}
    rows = [k for k in t if k.startswith("II.1-")]
    assert rows == ["II.1-1", "II.1-2", "II.1-3", "II.1-4"]  # one numbering across the day tables
    assert [t[k].title for k in rows] == ["Khai mạc ngày hội", "Giới thiệu sách mới", "Thi kể chuyện theo sách", "Tổng hợp kết quả"]
    assert [t[k].timeline.due for k in rows] == ["2025-09-18", "2025-09-18", "2025-09-19", "2025-09-25"]
    assert t[rows[3]].timeline.kind == "deadline"
    assert names(t[rows[0]].lead) == ["Phó Hiệu trưởng Lê Văn Hùng"]
    assert names(t[rows[1]].lead) == ["Giáo viên chủ nhiệm các lớp", "Tổ Ngữ văn"]
    assert names(t[rows[3]].lead) == ["Bộ phận Văn phòng"]
    assert names(t["III.1-1"].lead) == ["Giáo viên chủ nhiệm các lớp"]


EVENT_PLAN = """TRƯỜNG THPT HÀM RỒNG
Số: 15/KH-THPTHR
Thanh Hóa, ngày 02 tháng 3 năm 2026
KẾ HOẠCH
Tổ chức hội thảo chuyên đề môn Ngữ văn
I. MỤC ĐÍCH, YÊU CẦU
- Chia sẻ kinh nghiệm dạy học.
II. NỘI DUNG HỘI THẢO
1. Báo cáo đề dẫn – Tổ Ngữ văn thực hiện.
2. Tham luận về đổi mới kiểm tra, đánh giá – Trường THPT Đào Duy Từ thực hiện.
III. THỜI GIAN, ĐỊA ĐIỂM
1. Thời gian
Ngày 20 và 21/3/2026.
2. Địa điểm
Hội trường nhà trường.
IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng chuẩn bị hội trường.
"""


def test_an_event_plans_own_time_section_dates_its_content():
    t = _tasks(EVENT_PLAN, "Thanh Hóa")
    assert (t["II.1"].timeline.start, t["II.1"].timeline.end) == ("2026-03-20", "2026-03-21")
    assert t["II.2"].timeline.kind == "period"
    assert names(t["II.2"].lead) == ["Trường Trung học phổ thông Đào Duy Từ"]
    # the organising section is not the event's content
    assert t["IV.1"].timeline is None


def test_the_addressees_of_a_central_plan():
    subj, _ = sentence_subject("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố "
                               "trực thuộc trung ương rà soát các chương trình hành động.")
    assert subj == ["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    subj, _ = sentence_subject("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ chỉ đạo thực hiện.")
    assert subj == ["Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ"]


def test_advising_lead_labels_and_a_manner_after_the_names():
    assert attribute_of("Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.") == ("lead", "Sở Tư pháp.")
    assert attribute_of("Đơn vị chủ trì (tham mưu) thực hiện: Sở Nội vụ")[0] == "lead"
    plan = """ỦY BAN NHÂN DÂN TỈNH HÀ NAM
Số: 77/KH-UBND
Hà Nam, ngày 02 tháng 4 năm 2025
KẾ HOẠCH
Nâng cao năng lực cán bộ
I. MỤC ĐÍCH
- Nâng cao chất lượng.
II. NHIỆM VỤ
1. Bồi dưỡng kỹ năng
- Tổ chức lớp bồi dưỡng kỹ năng soạn thảo văn bản.
Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.
Đơn vị phối hợp thực hiện: Các cơ quan, đơn vị theo quy định.
Thời gian thực hiện: Thường xuyên.
"""
    t = _tasks(plan, "Hà Nam")
    assert names(t["II.1-1"].lead) == ["Sở Tư pháp"]
    assert names(t["II.1-1"].support) == ["Các cơ quan, đơn vị"]
    assert t["II.1-1"].timeline.kind == "ongoing"


def test_a_verb_whose_object_is_capitalised_ends_a_support_name():
    assert sentence_support("Sở Xây dựng chủ trì, phối hợp với Sở Tài chính lập Đề án hỗ trợ nhà ở.") == ["Sở Tài chính"]


def test_a_group_heading_that_runs_throughout_dates_its_items():
    plan = """BAN CHỈ ĐẠO BẦU CỬ XÃ AN LẠC
Số: 03/KH-BCĐ
An Lạc, ngày 05 tháng 12 năm 2025
KẾ HOẠCH
Tuyên truyền bầu cử
I. MỤC ĐÍCH
- Tạo không khí phấn khởi.
II. NỘI DUNG TUYÊN TRUYỀN
1. Nội dung tuyên truyền xuyên suốt quá trình bầu cử
- Tuyên truyền ý nghĩa của cuộc bầu cử.
- Tuyên truyền quyền và nghĩa vụ của cử tri.
2. Tuyên truyền kết quả bầu cử
- Đưa tin kết quả bầu cử trên hệ thống loa truyền thanh.
"""
    t = _tasks(plan, "Vĩnh Long")
    assert t["II.1"].timeline.kind == "ongoing" and t["II.1-2"].timeline.kind == "ongoing"
    assert t["II.2"].timeline is None and t["II.2-1"].timeline is None


def test_a_start_stated_in_the_work_sentence_is_the_tasks_time():
    plan = """ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
Số: 20/KH-UBND
Phú Thọ, ngày 05 tháng 1 năm 2026
KẾ HOẠCH
Bảo hiểm y tế toàn dân
I. MỤC ĐÍCH
- Bao phủ bảo hiểm y tế.
II. NHIỆM VỤ
1. Sở Y tế tăng mức hỗ trợ đóng bảo hiểm y tế từ năm 2027 theo lộ trình.
2. Sở Tài chính bố trí kinh phí cho các đối tượng từ ngân sách tỉnh.
"""
    t = _tasks(plan, "Phú Thọ")
    assert (t["II.1"].timeline.kind, t["II.1"].timeline.start, t["II.1"].timeline.end) == ("period", "2027-01-01", None)
    assert t["II.2"].timeline is None  # "từ ngân sách": a source, no time


def test_lettered_attribute_blocks_of_an_item():
    plan = """ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG
Số: 88/KH-UBND
Hải Phòng, ngày 10 tháng 10 năm 2025
KẾ HOẠCH
Phát triển dữ liệu số
I. MỤC ĐÍCH
- Hình thành dữ liệu dùng chung.
II. NHIỆM VỤ
1. Xây dựng kho dữ liệu dùng chung
a) Nhiệm vụ:
- Rà soát, chuẩn hóa cơ sở dữ liệu của các đơn vị.
- Kết nối dữ liệu với nền tảng của Trung ương.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Sở Khoa học và Công nghệ.
- Đơn vị phối hợp: Các sở, ban, ngành.
c) Thời gian thực hiện: Hoàn thành trong năm 2026.
2. Đào tạo nhân lực số
a) Nhiệm vụ: Tổ chức bồi dưỡng kỹ năng số cho công chức.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Sở Nội vụ.
c) Thời gian thực hiện: Thường xuyên.
"""
    t = _tasks(plan, "Hải Phòng")
    assert sorted(k for k in t if k.startswith("II.1")) == ["II.1", "II.1-1", "II.1-2"]
    assert names(t["II.1"].lead) == names(t["II.1-2"].lead) == ["Sở Khoa học và Công nghệ"]
    assert names(t["II.1"].support) == ["Các sở, ban, ngành"]
    assert t["II.1-1"].timeline.end == "2026-12-31"
    assert sorted(k for k in t if k.startswith("II.2")) == ["II.2"]
    assert names(t["II.2"].lead) == ["Sở Nội vụ"] and t["II.2"].timeline.kind == "ongoing"


BO_PLAN = """BỘ CÔNG THƯƠNG
Số: 12/KH-BCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 4 năm 2025
KẾ HOẠCH
Triển khai Chỉ thị số 20/CT-TTg về tiết kiệm năng lượng
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của doanh nghiệp về sử dụng năng lượng tiết kiệm.
II. NHIỆM VỤ CHỦ YẾU CỦA BỘ CÔNG THƯƠNG
1. Chủ trì, phối hợp với các bộ, ngành rà soát quy chuẩn kỹ thuật về hiệu suất năng lượng.
2. Phối hợp với Ủy ban nhân dân các tỉnh kiểm tra việc sử dụng năng lượng; yêu cầu các doanh nghiệp báo cáo số liệu tiêu thụ năng lượng.
III. TỔ CHỨC THỰC HIỆN
1. Vụ Tiết kiệm năng lượng và Phát triển bền vững nghiên cứu, đề xuất cơ chế khuyến khích.
2. Viện Năng lượng và môi trường nghiên cứu tham mưu xây dựng bộ chỉ số.
"""


def test_heading_naming_the_owner_of_its_items():
    t = _tasks(BO_PLAN, None)
    # "NHIỆM VỤ CHỦ YẾU CỦA <body>" in capitals: the body, in the record's case,
    # leads the items that name none of their own
    assert names(t["II.1"].lead) == ["Bộ Công Thương"]
    # the owner asks the doanh nghiệp: they are not the lead
    assert names(t["II.2"].lead) == ["Bộ Công Thương"]
    assert names(t["II.2"].support) == ["Ủy ban nhân dân các tỉnh"]
    assert names(t["III.1"].lead) == ["Vụ Tiết kiệm năng lượng và Phát triển bền vững"]
    # "môi trường" is no school: "nghiên cứu" after it is the predicate
    assert names(t["III.2"].lead) == ["Viện Năng lượng và môi trường"]


def test_sentence_opening_with_own_work_names_no_inner_subject():
    assert sentence_subject("Phối hợp với Sở Tài chính rà soát; yêu cầu các doanh nghiệp báo cáo.") == ([], False)
    # a sentence that opens otherwise may name its subject after "yêu cầu"
    assert sentence_subject("Căn cứ Kế hoạch này, yêu cầu các phòng, ban triển khai thực hiện.")[0] == ["các phòng, ban"]


TINH_UY_PLAN = """TỈNH ỦY ĐIỆN BIÊN
Số 20-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Điện Biên, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
thực hiện Nghị quyết về phát triển văn hóa
I. MỤC ĐÍCH, YÊU CẦU
1. Tạo chuyển biến trong nhận thức của cán bộ, đảng viên.
II. NHIỆM VỤ, GIẢI PHÁP
1. Đổi mới công tác tuyên truyền
- Đa dạng hóa hình thức tuyên truyền trên nền tảng số.
- Xây dựng các mô hình văn hóa tiêu biểu ở cơ sở.
Trách nhiệm chỉ đạo thực hiện: Ban Tuyên giáo và Dân vận Tỉnh ủy; Đảng ủy Ủy ban nhân dân tỉnh.
2. Bảo tồn di sản văn hóa các dân tộc
- Sở Văn hóa, Thể thao và Du lịch kiểm kê di sản văn hóa phi vật thể.
- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch.
"""


def test_closing_lead_line_of_a_bullet_list_belongs_to_the_item():
    t = _tasks(TINH_UY_PLAN, "Điện Biên")
    want = ["Ban Tuyên giáo và Dân vận Tỉnh ủy", "Đảng ủy Ủy ban nhân dân tỉnh"]
    assert names(t["II.1"].lead) == want
    # both bullets inherit it, the last one as much as the first
    assert names(t["II.1-1"].lead) == want and names(t["II.1-2"].lead) == want
    assert "Trách nhiệm" not in t["II.1-2"].text


def test_table_lead_column_named_by_any_short_noun_phrase():
    from extract.tasks import table_header

    cols = table_header(["TT", "Tên nhiệm vụ", "Sở, ngành chủ trì tham mưu", "Đơn vị phối hợp thực hiện",
                         "Thời gian thực hiện", "Ghi chú"])
    assert cols == {0: "id", 1: "title", 2: "lead", 3: "support", 4: "time", 5: "other"}


def test_directive_after_a_conjunctive_adverb_under_a_body_heading():
    # under "2. Sở Tài nguyên": the Sở asks, "các đơn vị" do not lead
    assert sentence_subject("Đồng thời yêu cầu các đơn vị lắp đặt trạm cân.", directives=False) == ([], False)
    assert sentence_subject("Thuế tỉnh chủ trì kiểm tra việc kê khai thuế.")[0] == ["Thuế tỉnh"]


TIME_FIRST_TABLE = """\
ỦY BAN NHÂN DÂN TỈNH GIA LAI
Số: 12/KH-UBND
Gia Lai, ngày 3 tháng 4 năm 2026
KẾ HOẠCH
Lập quy hoạch vùng nguyên liệu
I. MỤC ĐÍCH
Bảo đảm tiến độ.
II. NỘI DUNG
(Chi tiết tại biểu kèm theo)
III. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính có trách nhiệm bố trí kinh phí thực hiện Kế hoạch.
BIỂU TIẾN ĐỘ CHI TIẾT
Thời gian | Nội dung công việc | Cơ quan quản lý | Thực hiện
 |  |  | Đơn vị chủ trì | Đơn vị phối hợp
I | GIAI ĐOẠN 1: CHUẨN BỊ
1 | Lập đề cương
5-6/2026 | Xây dựng đề cương quy hoạch | Cơ quan lập quy hoạch | Sở Nông nghiệp và Môi trường/ Tư vấn được lựa chọn | Sở Tài chính
 | Lấy ý kiến các sở, ngành về đề cương | Cơ quan lập quy hoạch | Sở Nông nghiệp và Môi trường | Các sở, ngành
12/2026 | Phê duyệt đề cương | Ủy ban nhân dân tỉnh |  | 
"""


def test_table_led_by_its_time_column():
    from plans import doc_md

    t = {x.id: x for x in extract_tasks(segment(doc_md(TIME_FIRST_TABLE)), jurisdiction="Gia Lai", default_year=2026)}
    # the capitals title over the table closes item III.1: its rows are the section's
    row = next(x for x in t.values() if x.title == "Xây dựng đề cương quy hoạch")
    assert not row.id.startswith("III.1.") and row.parent is not None
    assert t[row.parent].title == "Lập đề cương" and t[t[row.parent].parent].title.startswith("GIAI ĐOẠN 1")
    # "A/ B": two leads; a bare month range in the time column is months
    assert names(row.lead) == ["Sở Nông nghiệp và Môi trường", "Tư vấn được lựa chọn"]
    assert (row.timeline.kind, row.timeline.start, row.timeline.end) == ("period", "2026-05-01", "2026-06-30")
    # a blank time cell is the merged cell above; the group rows' numbers are no time
    nxt = next(x for x in t.values() if x.title.startswith("Lấy ý kiến"))
    assert nxt.timeline.start == "2026-05-01" and names(nxt.support) == ["Các sở, ngành"]
    assert t[row.parent].timeline is None


# the shapes of a provincial plan's appendix table whose group rows hold
# their number and title in one merged cell, of items that open with a topic
# and a colon, of a heading that requests bodies after a colon (written for
# the test)
TOPIC_PLAN = """ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH
Số: 77/KH-UBND
Quảng Bình, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Phát triển du lịch cộng đồng
I. NHIỆM VỤ, GIẢI PHÁP
1. Phát triển sản phẩm du lịch đặc trưng
- Tập trung xây dựng sản phẩm riêng của từng vùng:
+ Vùng Phong Nha – Kẻ Bàng – Hang động: Chuẩn hóa dịch vụ homestay; phát triển tour khám phá hang động.
+ Vùng Biển – Cồn cát – Làng chài: Phát triển sản phẩm trải nghiệm nghề biển, ẩm thực làng chài.
2. Tổ chức hội nghị cử tri
- Số lượng hội nghị ở mỗi tổ dân phố:
+ Đối với tổ dân phố có dưới 80 hộ: Phải tổ chức hội nghị toàn thể cử tri.
+ Đối với tổ dân phố có từ 80 hộ trở lên: Có thể tổ chức hội nghị đại diện hộ gia đình.
Nơi nhận:
- Lưu: VT.
"""


def test_items_that_open_with_a_topic_and_then_the_work_are_tasks():
    tasks = {t.id: t for t in extract_tasks(segment(doc(TOPIC_PLAN)))}
    assert [i for i in tasks if i.startswith("I.1")] == ["I.1", "I.1-1", "I.1-1-1", "I.1-1-2"]
    assert tasks["I.1-1-2"].title.startswith("Vùng Biển – Cồn cát – Làng chài: Phát triển")
    # a rule for each case ("Đối với tổ dân phố …: Phải …") enumerates, it is no task
    assert [i for i in tasks if i.startswith("I.2")] == ["I.2", "I.2-1"]
    assert "Đối với tổ dân phố có dưới 80 hộ" in tasks["I.2-1"].text


def test_a_table_group_row_whose_number_and_title_share_one_cell():
    from extract.pipeline import extract_document
    from plans import doc_md

    table = "\n".join(["|", "**STT**", "|", "**Nội dung**", "|", "**Đơn vị chủ trì**", "|",
                       "**Đơn vị phối hợp**", "|", "**Thời hạn**", "|",
                       "|", "**I.", "ĐÀO TẠO KỸ NĂNG SỐ**", "|",
                       "|", "1", "|", "Mở lớp bồi dưỡng kỹ năng số", "cho hộ kinh doanh.", "|", "Sở KH&CN", "|",
                       "Các sở, ngành tỉnh", "|", "Hằng năm", "|",
                       "|", "**II. HOÀN", "THIỆN CHÍNH SÁCH HỖ TRỢ**", "|",
                       "|", "2", "|", "Xây dựng tiêu chí đánh giá mức độ ứng dụng thương mại điện tử.", "|",
                       "Sở KH&CN", "|", "Các sở, ngành tỉnh", "|", "Quí II-2026", "|"])
    text = ("**ỦY BAN NHÂN DÂN TỈNH BẾN TRE**\n\nSố: 45/KH-UBND\n\n*Bến Tre, ngày 05 tháng 01 năm 2026*\n\n"
            "**KẾ HOẠCH**\n\nHỗ trợ hộ kinh doanh chuyển đổi số\n\n**I. NHIỆM VỤ**\n\n1. Các sở, ngành triển khai Kế hoạch.\n\n"
            "*Nơi nhận:*\n- Lưu: VT.\n\n**PHÓ CHỦ TỊCH**\n\n**Nguyễn Văn Bình**\n\n**PHỤ LỤC**\n\n"
            "DANH MỤC NHIỆM VỤ\n\n" + table + "\n")
    rec = extract_document(doc_md(text))
    pl = {t.id: t for t in rec.tasks if t.id.startswith("PL")}
    assert list(pl) == ["PL.I", "PL.I.1", "PL.II", "PL.II.2"]
    assert pl["PL.I"].title == "ĐÀO TẠO KỸ NĂNG SỐ"
    assert [a.name for a in pl["PL.II.2"].lead] == ["Sở Khoa học và Công nghệ"]
    assert (pl["PL.II.2"].timeline.kind, pl["PL.II.2"].timeline.start) == ("period", "2026-04-01")


def test_a_heading_that_requests_bodies_after_a_colon():
    text = """ỦY BAN NHÂN DÂN TỈNH BẾN TRE
Số: 45/KH-UBND
Bến Tre, ngày 05 tháng 01 năm 2026
KẾ HOẠCH
Hỗ trợ hộ kinh doanh chuyển đổi số
IV. TỔ CHỨC THỰC HIỆN
1. Sở Công Thương
Chủ trì theo dõi, đôn đốc các cơ quan triển khai Kế hoạch.
2. Đề nghị: Hội Doanh nhân trẻ tỉnh, Hội Liên hiệp Phụ nữ tỉnh, Liên minh Hợp tác xã tỉnh
a) Vận động hội viên tham gia các lớp bồi dưỡng kỹ năng số.
b) Phối hợp với Sở Công Thương khảo sát nhu cầu của hộ kinh doanh.
Nơi nhận:
- Lưu: VT.
"""
    tasks = {t.id: t for t in extract_tasks(segment(doc(text)))}
    names = ["Hội Doanh nhân trẻ tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Liên minh Hợp tác xã tỉnh"]
    for tid in ("IV.2", "IV.2.a", "IV.2.b"):
        assert [a.name for a in tasks[tid].lead] == names, tid
        assert tasks[tid].requested, tid
    assert [a.name for a in tasks["IV.2.b"].support] == ["Sở Công Thương"]


# a ministry plan's shapes (written for the test): attribute lines wrapped in
# the middle of a name ("Bộ Nội" / "vụ."), "Thời hạn ban hành:", bodies with
# their own work as bullets under "- Thời gian thực hiện:", the documents to
# draft as bullets with attribute lines of their own, an attribute value in
# clauses each with its subject
MINISTRY_SHAPES = """THỦ TƯỚNG CHÍNH PHỦ
Số: 901/QĐ-TTg
Hà Nội, ngày 10 tháng 9 năm 2025
KẾ HOẠCH
Triển khai thi hành Luật Lưu trữ
II. NỘI DUNG
1. Rà soát văn bản quy phạm pháp luật
- Thời gian thực hiện:
+ Các bộ, cơ quan ngang bộ gửi kết quả rà soát về Bộ Nội vụ trước ngày 15 tháng 10 năm 2025.
+ Bộ Nội vụ tổng hợp kết quả rà soát, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 10 năm 2025.
2. Xây dựng văn bản quy định chi tiết
- Nghị định quy định chi tiết một số điều của Luật Lưu trữ
+ Cơ quan chủ trì: Bộ Nội
vụ.
+ Cơ quan phối hợp: Bộ Tư pháp và các cơ quan có liên quan.
+ Thời hạn ban hành: trước ngày 31 tháng 12 năm 2025.
- Thông tư hướng dẫn nghiệp vụ lưu trữ điện tử
+ Cơ quan chủ trì: Bộ Nội
vụ.
+ Thời hạn ban hành: trước ngày 30 tháng 6 năm 2026.
3. Tổng kết thi hành Luật
- Cơ quan thực hiện: Bộ Nội vụ tiến hành tổng kết việc thi hành Luật trong phạm vi cả nước; các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tổng kết trong phạm vi quản lý.
Nơi nhận:
- Lưu: VT.
"""


def test_a_ministry_plans_attribute_shapes():
    tasks = {t.id: t for t in extract_tasks(segment(doc(MINISTRY_SHAPES)), default_year=2025)}
    assert list(tasks) == ["II.1", "II.1-1", "II.1-2", "II.2", "II.2-1", "II.2-2", "II.3"]
    # the bodies of the time line's bullets are sub-tasks, each with its date;
    # the item's lead is theirs
    assert [a.name for a in tasks["II.1-1"].lead] == ["Các bộ, cơ quan ngang bộ"]
    assert tasks["II.1-2"].timeline.due == "2025-10-31"
    assert [a.name for a in tasks["II.1"].lead] == ["Các bộ, cơ quan ngang bộ", "Bộ Nội vụ"]
    # an attribute value in clauses gives each clause's subject
    assert [a.name for a in tasks["II.3"].lead] == [
        "Bộ Nội vụ", "Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    # "Bộ Nội" / "vụ.": the wrapped end of the name is no debris
    for tid in ("II.2-1", "II.2-2"):
        assert [a.name for a in tasks[tid].lead] == ["Bộ Nội vụ"], tid
    assert [a.name for a in tasks["II.2-1"].support] == ["Bộ Tư pháp", "Các cơ quan có liên quan"]
    assert (tasks["II.2-1"].timeline.kind, tasks["II.2-1"].timeline.due) == ("deadline", "2025-12-31")
    assert tasks["II.2-2"].timeline.due == "2026-06-30"


# a Chỉ thị without sections (written for the test): its numbered items are
# the bodies it addresses, each with lettered duties
DIRECTIVE = """ỦY BAN NHÂN DÂN TỈNH GIA LAI
Số: 07/CT-UBND
Gia Lai, ngày 03 tháng 3 năm 2026
CHỈ THỊ
Về tăng cường công tác phòng cháy, chữa cháy rừng mùa khô
Thời gian qua, công tác phòng cháy, chữa cháy rừng trên địa bàn tỉnh đạt nhiều kết quả. Để chủ động phòng ngừa, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Nông nghiệp và Môi trường
a) Chỉ đạo lực lượng kiểm lâm tăng cường tuần tra các khu rừng có nguy cơ cháy cao.
b) Tổng hợp tình hình, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/4/2026.
2. Công an tỉnh
a) Điều tra, xử lý nghiêm các vụ vi phạm quy định về phòng cháy, chữa cháy rừng.
3. Chủ tịch Ủy ban nhân dân các xã, phường
a) Kiện toàn Ban Chỉ huy phòng cháy, chữa cháy rừng cấp xã.
b) Phối hợp với Hạt Kiểm lâm tổ chức diễn tập tại địa phương.
4. Sở Tài chính:
Bố trí kinh phí cho công tác phòng cháy, chữa cháy rừng năm 2026.
5. Các sở, ngành và Ủy ban nhân dân các xã, phường báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi trường.
Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện Chỉ thị này./.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Nam
"""


def test_a_directive_whose_items_are_its_addressees():
    tasks = {t.id: t for t in extract_tasks(segment(doc(DIRECTIVE)), default_year=2026)}
    assert list(tasks) == ["1", "1.a", "1.b", "2", "2.a", "3", "3.a", "3.b", "4", "4-1", "5"]
    # a duty in a paragraph under its addressee, an item that is a sentence of its own
    assert [a.name for a in tasks["4-1"].lead] == ["Sở Tài chính"]
    assert [a.name for a in tasks["5"].lead] == ["Các sở, ngành", "Ủy ban nhân dân các xã, phường"]
    assert [a.name for a in tasks["1.b"].lead] == ["Sở Nông nghiệp và Môi trường"]
    assert tasks["1.b"].timeline.due == "2026-04-30"
    assert [a.name for a in tasks["2.a"].lead] == ["Công an tỉnh"]
    assert [a.name for a in tasks["3.b"].lead] == ["Chủ tịch Ủy ban nhân dân các xã, phường"]
    assert [a.name for a in tasks["3.b"].support] == ["Hạt Kiểm lâm"]


# a monitoring plan's shapes (written for the test): a list of sites
# announced "như sau:", specification lines, a "Về …:" topic, labelled work
# nested in a list of things, a body named two ways with a slash
MONITORING = """ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH
Số: 88/KH-UBND
Nam Định, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
Quan trắc môi trường vùng nuôi ngao năm 2026
II. NỘI DUNG
1. Quan trắc nguồn nước cấp
Thực hiện quan trắc tại 03 cửa sông, lấy mẫu tại 05 vị trí như sau:
- Cửa sông Ninh Cơ: Lấy mẫu 02 vị trí tại khu vực cấp nước chung.
- Cửa sông Đáy: Lấy mẫu 03 vị trí tại vùng nuôi ngao Giao Xuân.
2. Quan trắc ao nuôi
- Điểm quan trắc: Thực hiện quan trắc tại 10 ao nuôi đại diện.
- Thông số quan trắc: pH, độ mặn, độ kiềm.
3. Phát triển vùng nuôi
- Về khoa học công nghệ: Hỗ trợ cơ sở nuôi đổi mới công nghệ.
- Về thị trường: Mở rộng liên kết tiêu thụ sản phẩm.
4. Chuẩn bị hội nghị
- Nguyên tắc tổ chức: Dân chủ, công khai, đúng thành phần.
- Tài liệu hội nghị: Gồm danh sách đại biểu, biên bản.
(1) Tổ chức hội nghị lần thứ nhất: Chậm nhất ngày 10/3/2026.
(2) Tổ chức hội nghị lần thứ hai: Chậm nhất ngày 10/8/2026.
III. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương
Hướng dẫn các địa phương triển khai Kế hoạch.
Nơi nhận:
- Lưu: VT.
"""


def test_entries_of_a_list_and_specifications_are_no_tasks_and_topics_are():
    tasks = {t.id: t for t in extract_tasks(segment(doc(MONITORING)), default_year=2026)}
    assert [i for i in tasks if i.startswith("II.1")] == ["II.1"]  # "như sau:" announces the sites
    assert "Cửa sông Đáy: Lấy mẫu 03 vị trí" in tasks["II.1"].text
    assert [i for i in tasks if i.startswith("II.2")] == ["II.2"]  # "Điểm quan trắc:", "Thông số …:"
    assert [i for i in tasks if i.startswith("II.3")] == ["II.3", "II.3-1", "II.3-2"]  # "Về …:" topics
    # labelled work nested in a list of things stays a task
    ids4 = [i for i in tasks if i.startswith("II.4")]
    assert len(ids4) == 3 and tasks[ids4[1]].title.startswith("Tổ chức hội nghị lần thứ nhất")
    assert tasks[ids4[2]].timeline.due == "2026-08-10"
    # one body named two ways, each with the unit the last name gives
    assert [a.name for a in tasks["III.1"].lead] == [
        "Sở Văn hóa, Thể thao và Du lịch tỉnh, thành phố trực thuộc Trung ương",
        "Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương"]
