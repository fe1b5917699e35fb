"""The plan structures of the genre (issue: real plans), on short texts written
for the tests in the style of the genre: lettered parts A./B. over roman
sections, a Quyết định whose articles are the plan, an article named by a body,
compound "2.1.a." labels, markdown "* " bullets, hard-wrapped portal text,
attribute headings without a colon, and an adverbial clause before a subject."""

from pathlib import Path

from extract.ingest.text import blocks_from_text, is_hard_wrapped
from extract.segment import parse_label, segment
from extract.tasks import attribute_of, extract_tasks, sentence_subject, sentence_support
from plans import doc

HEADER = """ỦY BAN NHÂN DÂN TỈNH HÀ GIANG
Số: 41/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Giang, ngày 03 tháng 3 năm 2024
"""

LETTERED = HEADER + """KẾ HOẠCH
Triển khai công tác phòng, chống thiên tai năm 2024

A. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao năng lực ứng phó của các cấp.
B. NHIỆM VỤ, GIẢI PHÁP
I. CÔNG TÁC TUYÊN TRUYỀN
1. Nội dung, biện pháp
a) Tuyên truyền kiến thức phòng, chống thiên tai trên các phương tiện thông tin đại chúng;
b) Tổ chức diễn tập ứng phó lũ quét tại các xã vùng cao.
2. Cơ quan chủ trì, phối hợp
a) Cơ quan chủ trì
- Sở Nông nghiệp và Phát triển nông thôn.
- Ủy ban nhân dân các huyện.
b) Cơ quan phối hợp
- Đài Phát thanh và Truyền hình tỉnh.
3. Thời gian thực hiện: Quý II/2024.
II. CÔNG TÁC KIỂM TRA
1. Nội dung, biện pháp
a) Kiểm tra hệ thống đê điều trước mùa mưa lũ.
2. Chủ trì thực hiện
- Sở Nông nghiệp và Phát triển nông thôn.
C. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.
2. Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh bảo đảm an ninh trật tự.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def _tasks(text, prov=None):
    return {t.id: t for t in extract_tasks(segment(doc(text)), jurisdiction=prov, default_year=2024)}


def names(agencies):
    return [a.name for a in agencies]


def test_lettered_parts_hold_roman_sections():
    seg = segment(doc(LETTERED))
    top = [(n.kind, n.key) for n in seg.root.children if n.kind != "para"]
    assert top == [("alpha", "A"), ("alpha", "B"), ("alpha", "C")]
    b = seg.root.children[1]
    assert [(n.kind, n.key) for n in b.children] == [("roman", "I"), ("roman", "II")]


def test_lettered_parts_tasks_ids_and_attributes():
    ts = _tasks(LETTERED, "Hà Giang")
    # A. MỤC ĐÍCH gives no tasks; roman items of B are group tasks "B.I"
    assert not any(k.startswith("A") for k in ts)
    assert {"B.I", "B.I.a", "B.I.b", "B.II", "B.II.a", "C.1", "C.2"} <= set(ts)
    assert "B.I.1" not in ts and "B.I.2" not in ts  # attribute headings are not tasks
    assert names(ts["B.I"].lead) == ["Sở Nông nghiệp và Phát triển nông thôn", "Ủy ban nhân dân các huyện"]
    assert names(ts["B.I"].support) == ["Đài Phát thanh và Truyền hình tỉnh"]
    # the letters inherit the group's attributes
    assert names(ts["B.I.b"].lead) == names(ts["B.I"].lead)
    assert ts["B.I.a"].timeline is not None and ts["B.I.a"].timeline.start == "2024-04-01"
    assert names(ts["B.II.a"].lead) == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert names(ts["C.2"].lead) == ["Công an tỉnh"] and names(ts["C.2"].support) == ["Bộ Chỉ huy Quân sự tỉnh"]


DECISION = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Số: 702/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lai Châu, ngày 12 tháng 7 năm 2024
QUYẾT ĐỊNH
Ban hành Kế hoạch tuyển sinh năm học 2024-2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Căn cứ Luật Giáo dục ngày 14/6/2019;
Theo đề nghị của Giám đốc Sở Giáo dục và Đào tạo.
QUYẾT ĐỊNH:
Điều 1. Ban hành Kế hoạch tuyển sinh năm học 2024-2025 như sau:
1. Tuyển sinh vào lớp 1: hoàn thành trước ngày 31/7/2024.
2. Tuyển sinh vào lớp 6: hoàn thành trước ngày 05/8/2024.
- Xét tuyển theo địa bàn cư trú;
- Công bố kết quả trên cổng thông tin của trường.
Điều 2. Giao Giám đốc Sở Giáo dục và Đào tạo
1. Hướng dẫn các trường tổ chức tuyển sinh đúng quy định.
2. Chủ trì, phối hợp với Ủy ban nhân dân các huyện kiểm tra công tác tuyển sinh.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Giáo dục và Đào tạo chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Hải
"""


def test_articles_are_the_sections_of_a_decision_without_attached_plan():
    seg = segment(doc(DECISION))
    arts = [(n.kind, n.key) for n in seg.root.children if n.kind == "article"]
    assert arts == [("article", "Điều 1"), ("article", "Điều 2"), ("article", "Điều 3")]
    assert seg.zone_of(seg.doc.text.index("Căn cứ Luật Giáo dục")) == "preamble"
    assert seg.zone_of(seg.doc.text.index("Tuyển sinh vào lớp 1")) == "body"


def test_article_items_are_tasks_and_an_article_named_by_a_body_gives_the_lead():
    ts = _tasks(DECISION, "Lai Châu")
    assert {"Điều 1.1", "Điều 1.2", "Điều 2.1", "Điều 2.2"} <= set(ts)
    assert not any(k.startswith("Điều 3") for k in ts)
    assert ts["Điều 1.1"].lead == [] and ts["Điều 1.1"].section.startswith("Ban hành Kế hoạch")
    assert ts["Điều 1.1"].timeline.kind == "deadline" and ts["Điều 1.1"].timeline.due == "2024-07-31"
    assert names(ts["Điều 2.1"].lead) == ["Giám đốc Sở Giáo dục và Đào tạo"]
    assert names(ts["Điều 2.2"].lead) == ["Giám đốc Sở Giáo dục và Đào tạo"]
    assert names(ts["Điều 2.2"].support) == ["Ủy ban nhân dân các huyện"]


def test_article_label_and_quoted_article_in_a_plan_body():
    assert parse_label("Điều 2. Giao Sở Tài chính")[:3] == ("article", "Điều 2.", "Điều 2")
    assert parse_label("Điều 3 của Quyết định số 12/QĐ-TTg quy định") is None
    # a plan with roman sections keeps "Điều N." paragraphs of its body as text
    text = HEADER + "KẾ HOẠCH\nThực hiện Nghị định\nI. NỘI DUNG\n1. Rà soát văn bản.\nĐiều 5. Nghị định quy định trách nhiệm của Sở.\nNơi nhận:\n- Lưu: VT.\n"
    seg = segment(doc(text))
    assert not [n for n in seg.root.walk() if n.kind == "article"]


def test_compound_letter_labels_and_star_bullets():
    assert parse_label("2.1.a. Thành lập Ban Chỉ đạo cấp xã:")[:3] == ("letter", "2.1.a.", "a")
    assert parse_label("* Sở Y tế chủ trì tập huấn.")[0] == "dash"
    assert parse_label("**Sở Y tế**") is None


def test_roman_c_after_b_is_a_lettered_part():
    seg = segment(doc(LETTERED))
    assert seg.root.children[2].kind == "alpha" and seg.root.children[2].key == "C"


def test_attribute_headings_without_colon():
    assert attribute_of("Cơ quan chủ trì") == ("lead", "")
    assert attribute_of("Cơ quan phối hợp") == ("support", "")
    assert attribute_of("Chủ trì thực hiện") == ("lead", "")
    assert attribute_of("Cơ quan chủ trì, phối hợp")[0] == "content"
    assert attribute_of("Nội dung, biện pháp")[0] == "content"
    assert attribute_of("Chủ trì hội nghị sơ kết") is None


def test_subject_after_an_adverbial_clause():
    s = "Trên cơ sở đề nghị của Ủy ban nhân dân các huyện, thành phố, Sở Tài chính chủ trì, phối hợp với Sở Xây dựng, Sở Nội vụ thẩm định dự toán."
    assert sentence_subject(s) == (["Sở Tài chính"], False)
    assert sentence_support(s) == ["Sở Xây dựng", "Sở Nội vụ"]
    s = "Sau khi Ủy ban nhân dân tỉnh phê duyệt danh sách, Sở Lao động - Thương binh và Xã hội lập hồ sơ chi trả."
    assert sentence_subject(s)[0] == ["Sở Lao động - Thương binh và Xã hội"]
    # a list of bodies inside the clause is not a subject
    s = "Căn cứ kết quả rà soát gửi về Bộ Tài chính, Bộ Xây dựng để tổng hợp."
    assert sentence_subject(s)[0] == []
    # an opener inside the clause hands over to the inner subject
    s = "Trong quá trình thực hiện nếu có vướng mắc, đề nghị các sở, ngành kịp thời phản ánh về Sở Nội vụ."
    assert sentence_subject(s)[0] == ["các sở, ngành"]


def test_party_and_assembly_bodies_named_by_title():
    s = "Tổ đảng ở Thường trực Ủy ban Pháp luật chủ trì thẩm tra các dự án luật."
    assert sentence_subject(s)[0] == ["Tổ đảng ở Thường trực Ủy ban Pháp luật"]
    s = "Các Đoàn đại biểu Quốc hội giám sát việc thực hiện tại địa phương."
    assert sentence_subject(s)[0] == ["Các Đoàn đại biểu Quốc hội"]
    s = "Chủ nhiệm Văn phòng Quốc hội chỉ đạo bảo đảm cơ sở vật chất."
    assert sentence_subject(s)[0] == ["Chủ nhiệm Văn phòng Quốc hội"]


WRAPPED = """**II. NỘI DUNG
THỰC HIỆN**

**1. Sở Y tế**

a) Chủ trì, phối hợp với các sở, ban, ngành tăng cường kiểm tra, đôn đốc việc
thực hiện chính sách dân số; triển khai các chỉ tiêu về công tác dân số theo
Nghị quyết của Hội đồng nhân dân tỉnh và các văn bản chỉ đạo của
Ủy ban nhân dân tỉnh;

b) Tổ chức sơ kết, tổng kết các chương trình, kế hoạch về dân số và phát triển
giai đoạn đến năm 2030; tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch;
đẩy mạnh truyền thông về dân số.

**2. Sở Tài chính**

Phối hợp với Sở Y tế tham mưu bố trí kinh phí theo phân cấp ngân sách cho các
chương trình, đề án về công tác dân số và phát triển trên địa bàn tỉnh.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_hard_wrapped_portal_text_is_rejoined():
    lines = WRAPPED.split("\n") * 3
    assert is_hard_wrapped(lines)
    paras = [b.text for b in blocks_from_text("\n".join(lines)) if b.kind == "para"]
    assert paras[0] == "**II. NỘI DUNG THỰC HIỆN**"
    assert paras[2].startswith("a) Chủ trì") and paras[2].endswith("của Ủy ban nhân dân tỉnh;")
    # a clause of a list goes on in lower case after ";"
    assert paras[3].endswith("đẩy mạnh truyền thông về dân số.")
    assert paras[5].startswith("Phối hợp với Sở Y tế") and paras[5].endswith("trên địa bàn tỉnh.")
    assert "- Như trên;" in paras and "- Lưu: VT." in paras


def test_one_paragraph_per_line_text_is_not_rejoined():
    text = "\n".join(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và các văn bản;"] * 25 + [""] * 3)
    assert not is_hard_wrapped(text.split("\n"))
    assert not is_hard_wrapped(LETTERED.split("\n"))


BODIES = HEADER + """KẾ HOẠCH
Bảo vệ bí mật nhà nước năm 2024
I. NHIỆM VỤ
1. Xây dựng Quy chế bảo vệ bí mật nhà nước của tỉnh (Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp).
2. Kiểm tra việc chấp hành quy định tại các sở, ngành.
II. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông: Phối hợp với Công an tỉnh kiểm tra an toàn thông tin trên không gian mạng.
2. Đối với Ủy ban nhân dân các huyện
Rà soát, thống kê tài liệu mật tại địa phương.
3. Sở Văn hóa, Thể thao và Du lịch
Chỉ đạo các cơ quan báo chí tăng thời lượng tuyên truyền về bảo vệ bí mật nhà nước.
Nơi nhận:
- Lưu: VT.
"""


def test_assignment_forms_parenthesis_colon_heading_and_directive():
    ts = _tasks(BODIES, "Hà Giang")
    # an assignment in parentheses after the work
    assert names(ts["I.1"].lead) == ["Công an tỉnh"] and names(ts["I.1"].support) == ["Sở Tư pháp"]
    assert ts["I.2"].lead == []
    # "X: duties"
    assert names(ts["II.1"].lead) == ["Sở Thông tin và Truyền thông"]
    assert names(ts["II.1"].support) == ["Công an tỉnh"]
    # "Đối với X" as a heading names the lead of its duty paragraphs
    assert names(ts["II.2"].lead) == ["Ủy ban nhân dân các huyện"]
    assert names(ts["II.2-1"].lead) == ["Ủy ban nhân dân các huyện"]
    # under a body's heading, the bodies it directs are not the lead
    assert names(ts["II.3-1"].lead) == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_a_paragraph_ending_in_a_comma_goes_on():
    text = HEADER + """KẾ HOẠCH
Hỗ trợ nhà ở
I. NỘI DUNG
1. Ủy ban nhân dân xã vận động các tổ chức như Mặt trận Tổ quốc, Hội Cựu chiến binh,

Đoàn Thanh niên giúp đỡ các hộ gia đình xây dựng nhà ở.
2. Sở Xây dựng hướng dẫn thiết kế mẫu nhà.
"""
    ts = _tasks(text)
    assert ts["I.1"].title.endswith("giúp đỡ các hộ gia đình xây dựng nhà ở")
    assert "I.1-1" not in ts


INSPECTION = HEADER + """KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng kết quả cải cách hành chính.
II. NỘI DUNG KIỂM TRA
1. Kiểm tra việc giải quyết thủ tục hành chính
Sở Nội vụ kiểm tra việc giải quyết thủ tục hành chính tại bộ phận một cửa các cấp. Cụ thể các nội dung:
- Việc niêm yết công khai thủ tục hành chính;
- Hồ sơ tiếp nhận, sổ theo dõi và phiếu hẹn trả kết quả;
- Đảm bảo thời hạn giải quyết theo quy định;
- Thái độ phục vụ của công chức tiếp nhận.
* Thời gian thực hiện: Quý III/2024.
2. Rà soát văn bản quy phạm pháp luật
Sở Tư pháp rà soát các văn bản do tỉnh ban hành, cụ thể:
- Rà soát văn bản hết hiệu lực, đề xuất bãi bỏ;
- Hệ thống hóa văn bản còn hiệu lực;
- Khẩn trương tham mưu sửa đổi các quy định không còn phù hợp.
III. TỔ CHỨC THỰC HIỆN
1. Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì chỉ đạo các đoàn kiểm tra.
2. Các đ/c Giám đốc Sở, Trưởng phòng chuyên môn phối hợp thực hiện.
3. Kết thúc đợt kiểm tra, Sở Nội vụ tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.
4. Đoàn kiểm tra trong quá trình kiểm tra nếu phát hiện vi phạm phải báo cáo ngay.
5. UBMTTQ Việt Nam tỉnh giám sát việc thực hiện.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_a_list_of_things_to_check_is_the_items_text_not_tasks():
    ts = _tasks(INSPECTION, "Hà Giang")
    # the aspects after "Cụ thể các nội dung:" are enumerated things
    assert not any(k.startswith("II.1-") for k in ts)
    assert names(ts["II.1"].lead) == ["Sở Nội vụ"]
    assert ts["II.1"].timeline.start == "2024-07-01"
    # ... while a list of work after "cụ thể:" is tasks
    assert ["II.2-1", "II.2-2", "II.2-3"] == sorted(k for k in ts if k.startswith("II.2-"))
    assert names(ts["II.2-3"].lead) == ["Sở Tư pháp"]


def test_officials_addressed_as_comrades_and_teams_named_by_their_work():
    ts = _tasks(INSPECTION, "Hà Giang")
    assert names(ts["III.1"].lead) == ["Phó Chủ tịch Ủy ban nhân dân tỉnh"]
    assert names(ts["III.2"].lead) == ["Các Giám đốc Sở", "Trưởng phòng chuyên môn"]
    assert names(ts["III.3"].lead) == ["Sở Nội vụ"]  # after "Kết thúc đợt kiểm tra,"
    assert names(ts["III.4"].lead) == ["Đoàn kiểm tra"]
    # the Front is the Vietnam Fatherland Front, written out once
    assert names(ts["III.5"].lead) == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


PERIODS = HEADER + """KẾ HOẠCH
Hoàn thiện thể chế về người cao tuổi giai đoạn 2024 - 2026

I. NHIỆM VỤ
1. Năm 2024: Sở Tư pháp rà soát các văn bản quy phạm pháp luật về người cao tuổi.
2. Sở Y tế xây dựng Đề án chăm sóc sức khỏe người cao tuổi, trình Ủy ban nhân dân tỉnh trong quý 2/2025.
3. Sở Nội vụ tổng kết việc thực hiện Kế hoạch vào năm 2026.
4. Tuyên truyền về quyền của người cao tuổi
4.1. Nội dung
a) Đài Phát thanh và Truyền hình tỉnh mở chuyên mục về các chương trình triển khai trong năm 2024.
4.2. Thời gian thực hiện: Thường xuyên.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_periods_stated_in_the_items_sentence():
    ts = _tasks(PERIODS, "Hà Giang")
    assert (ts["I.1"].timeline.kind, ts["I.1"].timeline.start, ts["I.1"].timeline.end) == ("period", "2024-01-01", "2024-12-31")
    assert (ts["I.2"].timeline.start, ts["I.2"].timeline.end) == ("2025-04-01", "2025-06-30")
    assert ts["I.3"].timeline.start == "2026-01-01"
    # under a stated time, a year in the sentence names something else
    assert ts["I.4.a"].timeline.kind == "ongoing"


FIELDS = HEADER + """KẾ HOẠCH
Tiếp công dân và giải quyết khiếu nại năm 2024

I. NHIỆM VỤ
1. Công chức phụ trách lĩnh vực tiếp công dân và đơn thư
- Tiếp nhận, phân loại đơn thư của công dân.
- Tổng hợp kết quả, báo cáo Chủ tịch Ủy ban nhân dân xã hằng quý.
2. Phó Chủ tịch phụ trách văn hóa và xã hội chỉ đạo các ban, ngành xã triển khai Kế hoạch.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


def test_a_persons_field_of_work_belongs_to_the_name():
    # "phụ trách (lĩnh vực) …" names the field of a person: its verbs
    # ("tiếp", "giám sát") and its "và" are the field's, not the predicate
    ts = _tasks(FIELDS, "Hà Giang")
    assert names(ts["I.1"].lead) == ["Công chức phụ trách lĩnh vực tiếp công dân và đơn thư"]
    assert names(ts["I.1-1"].lead) == ["Công chức phụ trách lĩnh vực tiếp công dân và đơn thư"]
    assert names(ts["I.2"].lead) == ["Phó Chủ tịch phụ trách văn hóa và xã hội"]


DASHED = HEADER + """KẾ HOẠCH
Hội thảo chuyên đề môn Ngữ văn năm học 2024 - 2025

I. NỘI DUNG
1. Báo cáo kết quả khảo sát chất lượng học kỳ I – Trường THCS Lê Lợi thực hiện.
2. Chuyên đề “Dạy học đọc hiểu theo chương trình mới” - Trường THCS Nguyễn Trãi chủ trì, phối hợp với Trường THCS Kim Đồng.
3. Tổng kết hội thảo giao Phòng Văn hóa - Xã hội thực hiện.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


def test_an_assignment_after_the_work_behind_a_dash():
    ts = _tasks(DASHED, "Hà Giang")
    assert names(ts["I.1"].lead) == ["Trường Trung học cơ sở Lê Lợi"]
    assert names(ts["I.2"].lead) == ["Trường Trung học cơ sở Nguyễn Trãi"]
    assert names(ts["I.2"].support) == ["Trường Trung học cơ sở Kim Đồng"]
    # a dash inside a body's name is no clause boundary
    assert names(ts["I.3"].lead) == ["Phòng Văn hóa - Xã hội"]


FOUND_31 = Path(__file__).resolve().parent.parent / "corpora" / "found" / "31_kh0130-ubnd-daklak-2025-moi-truong-dich-benh-sau-lut-bao.txt"


def test_hard_wrapped_text_of_short_two_line_paragraphs_is_rejoined():
    # a real portal export (corpora/found/31): bullets of two wrapped lines each,
    # bold headings wrapped in the middle ("**IV. NỘI" / "DUNG …**") and
    # labels wrapped away from their headings ("**1." / "Công tác …**")
    raw = FOUND_31.read_text(encoding="utf-8")
    assert is_hard_wrapped(raw.split("\n"))
    from extract.ingest import ingest

    lines = ingest(FOUND_31).text.split("\n")
    assert "IV. NỘI DUNG HOẠT ĐỘNG TRIỂN KHAI" in lines
    assert "1. Công tác vệ sinh môi trường" in lines
    assert "III. ĐÁNH GIÁ NGUY CƠ SAU LỤT BÃO" in lines
    assert "a) Thu gom và xử lý rác thải, xác động vật" in lines  # italics markup gone
    assert "- Tổ chức thu gom, vận chuyển và xử lý triệt để rác thải sau lũ." in lines
    assert not any("*" in l for l in lines)


def test_markdown_italics_go_and_a_lone_asterisk_stays():
    from extract.normalize import normalize_line

    assert normalize_line("*Đắk Lắk, ngày 21 tháng 11 năm 2025*") == "Đắk Lắk, ngày 21 tháng 11 năm 2025"
    assert normalize_line("*d) Các bệnh đường hô hấp:* Cúm mùa") == "d) Các bệnh đường hô hấp: Cúm mùa"
    assert normalize_line("Nhiệm vụ trọng tâm (*) và 5 * 3") == "Nhiệm vụ trọng tâm (*) và 5 * 3"


def test_an_attribute_value_that_only_names_a_body_is_its_whole_name():
    text = HEADER + """KẾ HOẠCH
Phối hợp kiểm tra văn bản năm 2024
I. NỘI DUNG
1. Kiểm tra văn bản quy phạm pháp luật của tỉnh
- Đơn vị chủ trì: Cục Kiểm tra văn bản quy phạm pháp luật.
- Đơn vị phối hợp: Sở Tư pháp; Văn phòng Ủy ban nhân dân tỉnh.
- Thời gian thực hiện: Quý III/2024.
2. Rà soát văn bản hết hiệu lực
- Đơn vị chủ trì: Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ.
"""
    tasks = _tasks(text)
    assert [a.name for a in tasks["I.1"].lead] == ["Cục Kiểm tra văn bản quy phạm pháp luật"]
    assert [a.name for a in tasks["I.1"].support] == ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"]
    assert [a.name for a in tasks["I.2"].lead] == ["Sở Tư pháp"] and [a.name for a in tasks["I.2"].support] == ["Sở Nội vụ"]


def test_a_body_heading_whose_name_holds_a_predicate_word_after_a_preposition():
    text = HEADER + """KẾ HOẠCH
Phối hợp công tác pháp chế năm 2024
I. TỔ CHỨC THỰC HIỆN
1. Vụ Các vấn đề chung về xây dựng pháp luật
a) Hướng dẫn các đơn vị triển khai Kế hoạch.
b) Tổng hợp kết quả, báo cáo Bộ trưởng.
2. Sở Nội vụ xây dựng kế hoạch tập huấn
a) Tổ chức 02 lớp tập huấn.
"""
    tasks = _tasks(text)
    assert [a.name for a in tasks["I.1.a"].lead] == ["Vụ Các vấn đề chung về xây dựng pháp luật"]
    assert [a.name for a in tasks["I.2"].lead] == ["Sở Nội vụ"]  # a subject and its verb, not a heading


CRAWLED_MINISTRY = """BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN -------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 112/QĐ-BNN
Hà Nội, ngày 12 tháng 01 năm 2025 QUYẾT ĐỊNH BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH NÔNG NGHIỆP NĂM 2025
BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
Căn cứ Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Chương trình hành động của ngành nông nghiệp năm 2025.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
BỘ TRƯỞNG Lê Minh Hoan CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH NÔNG NGHIỆP NĂM 2025
I. BỐI CẢNH, TÌNH HÌNH CHUNG Năm 2024 ngành nông nghiệp tăng trưởng khá.
II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU NĂM 2025 Bộ NN&PTNT yêu cầu các đơn vị thực hiện tốt các nội dung sau:
1. Mục tiêu chung
1.1. Tốc độ tăng trưởng ngành đạt 3,5%.
2. Nhiệm vụ và giải pháp chủ yếu
2.1. Triển khai Chiến lược quốc gia về phòng, chống thiên tai đến năm 2030.
2.2. Rà soát hệ thống văn bản quy phạm pháp luật.
3. Danh mục nhiệm vụ năm 2025
- Phụ lục số 01: Danh mục đề án trình Chính phủ.
III. TỔ CHỨC THỰC HIỆN
1. Vụ Kế hoạch chủ trì tổng hợp, báo cáo Bộ trưởng hằng quý.
PHỤ LỤC 01 DANH MỤC ĐỀ ÁN TRÌNH CHÍNH PHỦ (Kèm theo Quyết định số 112/QĐ-BNN ngày 12 tháng 01 năm 2025)
| STT | Tên đề án | Thời gian trình | Đơn vị thực hiện | |
| --- | --- | --- | --- | --- |
| | | | Chủ trì | Phối hợp |
| 1 | Đề án phát triển cây trồng chủ lực | Tháng 6/2025 | Cục Trồng trọt | - Vụ Kế hoạch - Tài chính - Cục Bảo vệ thực vật |
"""


def test_a_crawled_ministry_programme_with_its_sections_and_appendix():
    from extract.normalize import split_signature_run
    from plans import doc_md

    assert split_signature_run("BỘ TRƯỞNG Lê Minh Hoan CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH NÔNG NGHIỆP") == [
        "BỘ TRƯỞNG Lê Minh Hoan", "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH NÔNG NGHIỆP"]
    seg = segment(doc_md(CRAWLED_MINISTRY))
    assert [(n.kind, n.text) for n in seg.root.children] == [
        ("roman", "BỐI CẢNH, TÌNH HÌNH CHUNG"), ("roman", "MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU NĂM 2025"),
        ("roman", "TỔ CHỨC THỰC HIỆN")]
    tasks = {t.id: t for t in extract_tasks(seg, jurisdiction=None, default_year=2025)}
    # a mixed heading: its goals hold no task, its tasks do; a pointer to an
    # appendix is no task; a strategy's horizon is no deadline
    assert sorted(k for k in tasks if k.startswith("II.")) == ["II.2", "II.2.1", "II.2.2", "II.3"]
    assert tasks["II.2.1"].timeline is None
    assert [a.name for a in tasks["III.1"].lead] == ["Vụ Kế hoạch"]
    # the appendix after the last section: a task table with a two-row header
    row = tasks["PL.1"]
    assert row.title == "Đề án phát triển cây trồng chủ lực"
    assert [a.name for a in row.lead] == ["Cục Trồng trọt"]
    assert [a.name for a in row.support] == ["Vụ Kế hoạch - Tài chính", "Cục Bảo vệ thực vật"]
    assert row.timeline.start == "2025-06-01"


SUBCOMMITTEE = """ỦY BAN BẦU CỬ PHƯỜNG AN HÒA
TIỂU BAN AN NINH, TRẬT TỰ
Số: 02/KH-TBANTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Hòa, ngày 08 tháng 12 năm 2025
KẾ HOẠCH
Bảo đảm an ninh, trật tự cuộc bầu cử
Căn cứ Quyết định số 04/QĐ-UBBC ngày 01/12/2025 của Ủy ban bầu cử phường An Hòa Về việc thành lập các tiểu ban;
I. MỤC ĐÍCH, YÊU CẦU
- Bảo đảm tuyệt đối an toàn.
II. NỘI DUNG THỰC HIỆN
1. Đợt 1: Từ tháng 01/2026 đến ngày bầu cử 15/3/2026
- Tuần tra, kiểm soát các khu vực bỏ phiếu.
2. Đợt 2: Sau ngày bầu cử 15/3/2026
- Bảo vệ an toàn kho lưu trữ phiếu bầu.
III. TỔ CHỨC THỰC HIỆN
1. Đồng chí Trưởng Công an phường - Trưởng Tiểu ban: Phụ trách chung, chỉ đạo lực lượng.
2. Đồng chí Phó Chủ tịch Hội Cựu chiến binh phường - Ủy viên: Tham gia tuần tra.
"""


def test_a_subcommittees_plan_by_phase_and_by_member():
    from extract.header import extract_header
    from extract.legal import find_references

    tasks = _tasks(SUBCOMMITTEE)
    assert (tasks["II.1"].timeline.start, tasks["II.1"].timeline.end) == ("2026-01-01", "2026-03-15")
    assert tasks["II.1-1"].timeline.end == "2026-03-15"  # inherited from its phase
    assert (tasks["II.2"].timeline.kind, tasks["II.2"].timeline.start, tasks["II.2"].timeline.end) == ("period", "2026-03-16", None)
    # a post and a role, joined by a dash before the colon of the duties
    assert names(tasks["III.1"].lead) == ["Trưởng Công an phường - Trưởng Tiểu ban"]
    assert names(tasks["III.2"].lead) == ["Phó Chủ tịch Hội Cựu chiến binh phường - Ủy viên"]
    info, _ = extract_header(doc(SUBCOMMITTEE))
    assert info.issuing_body.startswith("Tiểu ban an ninh, trật tự")
    ref = find_references(SUBCOMMITTEE)[0]
    assert ref.number == "04/QĐ-UBBC" and ref.issuer == "Ủy ban bầu cử phường An Hòa"


PORTAL_DUTIES = """**ỦY BAN NHÂN DÂN TỈNH BẮC NINH**

Số: 301/KH-UBND

Bắc Ninh, ngày 03 tháng 11 năm 2025

**KẾ HOẠCH**

**Kiểm kê tài sản kết cấu hạ tầng**

**I. MỤC ĐÍCH, YÊU CẦU**

Bảo đảm đầy đủ, chính xác.

**II. NHIỆM VỤ CỤ THỂ**

*1. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo*

-
Hướng dẫn các cơ quan, đơn vị lập biểu mẫu kiểm kê.

Thời gian hoàn thành: Tháng 12/2025.

- Tổng hợp kết quả kiểm kê, báo cáo Bộ Tài chính. Thời gian hoàn thành: Tháng 02/2026.

*2. Các cơ quan quản lý chuyên ngành (gồm các Sở: Xây dựng, Văn hóa, Thể thao và Du lịch)*

- Hướng dẫn kiểm kê tài sản thuộc lĩnh vực quản lý.

Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc kiểm kê.

*3. Trách nhiệm của đơn vị được giao quản lý tài sản:*

- Lập báo cáo kê khai tài sản.
"""


def test_portal_duties_by_body_with_their_own_time_lines():
    from plans import doc_md

    tasks = {t.id: t for t in extract_tasks(segment(doc_md(PORTAL_DUTIES)), jurisdiction="Bắc Ninh", default_year=2025)}
    # a lone "-" keeps its text; a body's role after a dash is no part of its name
    assert tasks["II.1-1"].title == "Hướng dẫn các cơ quan, đơn vị lập biểu mẫu kiểm kê"
    assert names(tasks["II.1"].lead) == names(tasks["II.1-1"].lead) == ["Sở Tài chính"]
    assert tasks["II.1-1"].timeline.end == "2025-12-31"
    # a time line run into the work after its full stop
    assert tasks["II.1-2"].title == "Tổng hợp kết quả kiểm kê, báo cáo Bộ Tài chính"
    assert tasks["II.1-2"].timeline.start == "2026-02-01"
    # a group named with its members; a start and an end at an event
    assert names(tasks["II.2"].lead) == ["Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch"]
    tl = tasks["II.2-1"].timeline
    assert (tl.kind, tl.start, tl.end) == ("period", "2025-11-01", None)
    # the duties of a body named without a body word
    assert names(tasks["II.3-1"].lead) == ["Đơn vị được giao quản lý tài sản"]


TARGETS_AMONG_TASKS = HEADER + """KẾ HOẠCH
Phòng, chống ma túy giai đoạn 2026 - 2030
I. MỤC ĐÍCH, YÊU CẦU
- Kiềm chế, làm giảm tội phạm.
II. NỘI DUNG TRỌNG TÂM
1. Tổ chức quán triệt, tuyên truyền sâu rộng đến cán bộ, đảng viên.
2. Chỉ tiêu chủ yếu đến năm 2030
*2.1. *Hằng năm, giảm số người nghiện ma túy.
*2.2. *Trên 80% trạm y tế cấp xã đủ điều kiện điều trị.
III. PHÂN CÔNG TRÁCH NHIỆM
1. Công an tỉnh
- Chủ trì đấu tranh, triệt xóa các điểm bán lẻ ma túy.
- Phối hợp với các cơ quan tiến hành tố tụng xử lý nghiêm vi phạm.
"""


def test_targets_among_tasks_italic_labels_and_procedural_bodies():
    tasks = _tasks(TARGETS_AMONG_TASKS)
    assert "II.1" in tasks and not any(k.startswith("II.2") for k in tasks)
    assert [a.name for a in tasks["III.1"].lead] == ["Công an tỉnh"]
    assert [a.name for a in tasks["III.1-2"].support] == ["Các cơ quan tiến hành tố tụng"]


# An inspection team's plan laid out in Arabic sections (no Phần, A., I. or
# Điều headings): its duties given member by member and body by body.
NUMBERED = """SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
ĐOÀN KIỂM TRA
THEO QUYẾT ĐỊNH
SỐ 215/QĐ-SNNMT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 18/KH-ĐKT
Phú Thọ, ngày 12 tháng 5 năm 2025
KẾ HOẠCH
Kiểm tra việc chấp hành pháp luật về an toàn thực phẩm nông sản
Thực hiện Quyết định số 215/QĐ-SNNMT ngày 05/5/2025 của Giám đốc Sở Nông nghiệp và Môi trường, Trưởng đoàn lập kế hoạch kiểm tra như sau:
1. Mục đích
- Đánh giá việc chấp hành quy định về an toàn thực phẩm của các cơ sở.
2. Nội dung kiểm tra
2.1. Kiểm tra hồ sơ pháp lý của cơ sở
a. Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm;
b. Hồ sơ truy xuất nguồn gốc sản phẩm.
2.2. Thời gian kiểm tra: Dự kiến 01 ngày làm việc/01 cơ sở, tính từ ngày công bố Quyết định kiểm tra.
3. Phân công nhiệm vụ
3.1. Bà Nguyễn Thị Hạnh - Trưởng đoàn: Phụ trách chung, ký biên bản kiểm tra;
3.2. Ông. Trần Quốc Toản - Thư ký đoàn: Ghi biên bản, tổng hợp báo cáo kết quả kiểm tra.
4. Kinh phí, nguồn lực
4.1. Kinh phí: Theo quy định hiện hành.
5. Những vấn đề khác
5.1. Đối với Đoàn kiểm tra: Các thành viên thực hiện nghiêm túc nhiệm vụ được phân công.
5.2. Đối với cơ sở được kiểm tra: Chuẩn bị hồ sơ, báo cáo theo đề cương.
Nơi nhận:
- Giám đốc Sở (để báo cáo);
- Lưu: VT.
T/M. ĐOÀN KIỂM TRA
TRƯỞNG ĐOÀN
Nguyễn Thị Hạnh
"""


def test_arabic_sections_are_the_sections_of_a_plan_without_headings():
    seg = segment(doc(NUMBERED))
    secs = seg.sections()
    assert [(s.kind, s.key) for s in secs] == [("numbered", str(k)) for k in range(1, 6)]
    assert secs[2].text == "Phân công nhiệm vụ"
    # "a." letters are items of 2.1
    sub = [c for c in secs[1].children if c.kind == "dec2"][0]
    assert [(c.kind, c.key) for c in sub.children] == [("letter", "a"), ("letter", "b")]


def test_numbered_sections_hold_tasks_by_their_headings():
    tasks = _tasks(NUMBERED, "Phú Thọ")
    assert sorted(tasks) == ["2.1", "2.1.a", "2.1.b", "3.1", "3.2", "5.1", "5.2"]
    # the section's time line is the time of its tasks
    assert tasks["2.1.b"].timeline.kind == "conditional"
    assert tasks["2.1.b"].timeline.raw.startswith("Dự kiến 01 ngày làm việc/01 cơ sở")


def test_named_members_lead_their_duties():
    tasks = _tasks(NUMBERED, "Phú Thọ")
    assert names(tasks["3.1"].lead) == ["Nguyễn Thị Hạnh - Trưởng đoàn"]
    assert names(tasks["3.2"].lead) == ["Trần Quốc Toản - Thư ký đoàn"]


def test_doi_voi_items_lead_by_their_subject_or_their_body():
    tasks = _tasks(NUMBERED, "Phú Thọ")
    assert names(tasks["5.1"].lead) == ["Các thành viên"]
    assert names(tasks["5.2"].lead) == ["Cơ sở được kiểm tra"]


def test_sentences_numbered_are_no_sections():
    # "1. Sở Y tế chủ trì …" items written as sentences: no numbered sections
    text = HEADER + """KẾ HOẠCH
Tiêm chủng mở rộng năm 2024
Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;
1. Sở Y tế chủ trì, phối hợp với các cơ quan tổ chức tiêm chủng cho trẻ em trong độ tuổi.
2. Sở Tài chính bảo đảm kinh phí thực hiện kế hoạch theo quy định.
3. Ủy ban nhân dân các huyện, thành phố chỉ đạo các xã tổ chức thực hiện.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""
    assert not segment(doc(text)).sections()


def test_issuer_named_by_the_decision_that_set_it_up():
    from extract.header import extract_header

    info, _ = extract_header(doc(NUMBERED))
    assert info.number == "18/KH-ĐKT"
    assert info.issuing_body == "Đoàn kiểm tra theo Quyết định số 215/QĐ-SNNMT"


# The provincial bodies a plan asks for help, after the agencies it directs:
# the merged press body, associations, the communes it names one by one.
ASKED = HEADER + """KẾ HOẠCH
Phát triển du lịch sinh thái năm 2024
I. MỤC ĐÍCH
Phát huy tiềm năng du lịch sinh thái của tỉnh.
II. TỔ CHỨC THỰC HIỆN
1. UBND các xã: Lũng Cú, Đồng Văn, Mèo Vạc
- Rà soát, bảo tồn cảnh quan tại các điểm du lịch cộng đồng.
2. Đề nghị Báo và Phát thanh, Truyền hình tỉnh Hà Giang
- Xây dựng chuyên mục quảng bá du lịch sinh thái.
3. Đề nghị Hiệp hội Du lịch, tỉnh Hà Giang và Hiệp hội ẩm thực tỉnh Hà Giang
- Hỗ trợ doanh nghiệp kết nối sản phẩm du lịch.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_headings_that_ask_press_associations_and_named_communes():
    tasks = _tasks(ASKED, "Hà Giang")
    assert names(tasks["II.1"].lead) == ["Ủy ban nhân dân các xã Lũng Cú, Đồng Văn, Mèo Vạc"]
    assert names(tasks["II.1-1"].lead) == ["Ủy ban nhân dân các xã Lũng Cú, Đồng Văn, Mèo Vạc"]
    assert names(tasks["II.2"].lead) == ["Báo và Phát thanh, Truyền hình tỉnh Hà Giang"]
    assert tasks["II.2"].requested
    assert names(tasks["II.3-1"].lead) == ["Hiệp hội Du lịch tỉnh Hà Giang", "Hiệp hội ẩm thực tỉnh Hà Giang"]
