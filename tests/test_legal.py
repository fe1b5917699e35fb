"""References to other documents -> LegalBasis (extract/legal.py).

The unit cases are invented variants of the genre (ministry circulars, party
documents, other provinces), not the seeds' wording. The one end-to-end test
runs over the five seeds and prints precision/recall against gold.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
import regex as re

from conftest import GOLD_DIR, SEEDS
from extract.legal import find_references, issuer_from_code, without_self


def refs(text, zones=None, footnotes=()):
    text = unicodedata.normalize("NFC", text)
    if zones is None:
        zones = [(0, len(text), "body")]
    return find_references(text, zones, footnotes)


def one(text, **kw):
    found = refs(text, **kw)
    assert len(found) == 1, [e.model_dump() for e in found]
    return found[0]


def fields(e):
    return (e.relation, e.doc_type, e.number, e.date, e.issuer, e.title)


# --------------------------------------------------------------------------
# single references: type, number, date, issuer, title


def test_ministry_circular_issuer_as_written():
    e = one("Thực hiện theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ hướng dẫn chế độ tiền lương.")
    assert fields(e) == ("cites", "Thông tư", "02/2023/TT-BNV", "2023-03-23", "Bộ trưởng Bộ Nội vụ", "hướng dẫn chế độ tiền lương")


def test_circular_issuer_from_code():
    e = one("theo Thông tư số 18/2022/TT-BTC ngày 30/3/2022 quy định về quản lý kinh phí.")
    assert e.issuer == "Bộ Tài chính"
    assert e.title == "quy định về quản lý kinh phí"


def test_joint_circular_two_ministries():
    e = one("Thông tư liên tịch số 03/2016/TTLT-BNV-BTC ngày 10/5/2016 hướng dẫn quản lý kinh phí bầu cử;")
    assert e.doc_type == "Thông tư"
    assert e.number == "03/2016/TTLT-BNV-BTC"
    assert e.issuer == "Bộ Nội vụ và Bộ Tài chính"


def test_party_resolution_of_central_committee():
    e = one(
        "Quán triệt Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII về một số vấn đề "
        "về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả; tổ chức"
    )
    assert e.issuer == "Ban Chấp hành Trung ương Đảng khóa XII"
    assert e.title.startswith("về một số vấn đề về tiếp tục đổi mới")
    assert e.title.endswith("hoạt động hiệu lực, hiệu quả")


def test_party_code_alone_gives_no_issuer():
    e = one("tiếp tục thực hiện Nghị quyết số 27-NQ/TW; các cấp ủy")
    assert e.number == "27-NQ/TW"
    assert e.issuer is None  # TW: Bộ Chính trị, Ban Chấp hành or Ban Bí thư


def test_conclusion_of_politburo():
    e = one("Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung;")
    assert fields(e) == (
        "cites", "Kết luận", "14-KL/TW", "2021-09-22", "Bộ Chính trị",
        "về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung",
    )


def test_directive_of_prime_minister_filled_from_code():
    e = one("Tiếp tục thực hiện Chỉ thị số 05/CT-TTg ngày 3/3/2023 về tiếp tục chấn chỉnh, tăng cường kỷ luật, kỷ cương.")
    assert e.issuer == "Thủ tướng Chính phủ"
    assert e.title == "về tiếp tục chấn chỉnh, tăng cường kỷ luật, kỷ cương"


def test_official_letter_of_ministry():
    e = one("theo Công văn số 1234/BNV-CQĐP ngày 15/3/2024 về việc hướng dẫn đánh giá.")
    assert (e.doc_type, e.number, e.issuer) == ("Công văn", "1234/BNV-CQĐP", "Bộ Nội vụ")
    assert e.title == "về việc hướng dẫn đánh giá"


def test_van_ban_so_is_a_cong_van():
    e = one("Văn bản số 5678/UBND-NC ngày 2/10/2023 của UBND tỉnh Hà Tĩnh về việc rà soát thủ tục.")
    assert (e.doc_type, e.issuer) == ("Công văn", "Ủy ban nhân dân tỉnh Hà Tĩnh")


def test_central_propaganda_guidance():
    e = one("Hướng dẫn số 12-HD/BTGTW ngày 3/4/2023 về tuyên truyền kỷ niệm ngày thành lập Đảng.")
    assert (e.doc_type, e.number, e.issuer) == ("Hướng dẫn", "12-HD/BTGTW", "Ban Tuyên giáo Trung ương")


def test_notice_of_provincial_committee():
    e = one("Thông báo số 45-TB/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy Quảng Nam; các huyện")
    assert fields(e) == ("cites", "Thông báo", "45-TB/TU", "2024-01-10", "Ban Thường vụ Tỉnh ủy Quảng Nam", None)


def test_programme_with_ctr_code():
    e = one("Chương trình số 05-CTr/TU ngày 1/2/2021 của Tỉnh ủy Nghệ An về chuyển đổi số đến năm 2025.")
    assert (e.doc_type, e.number, e.date, e.issuer) == ("Chương trình", "05-CTr/TU", "2021-02-01", "Tỉnh ủy Nghệ An")
    assert e.title == "về chuyển đổi số đến năm 2025"


def test_chuong_trinh_hanh_dong_is_chuong_trinh():
    e = one("Chương trình hành động số 12-CTr/HU, ngày 8 tháng 3 năm 2021 của Ban Thường vụ Huyện ủy về phát triển nông nghiệp.")
    assert (e.doc_type, e.number, e.date) == ("Chương trình", "12-CTr/HU", "2021-03-08")


def test_provincial_decision_and_nested_project():
    found = refs("Quyết định số 2345/QĐ-UBND ngày 5/9/2023 của UBND tỉnh Nghệ An phê duyệt Đề án số 07/ĐA-UBND về phát triển du lịch.")
    assert [(e.doc_type, e.number) for e in found] == [("Quyết định", "2345/QĐ-UBND"), ("Đề án", "07/ĐA-UBND")]
    qd, da = found
    assert qd.issuer == "Ủy ban nhân dân tỉnh Nghệ An"
    assert qd.date == "2023-09-05"
    assert qd.title == "phê duyệt Đề án số 07/ĐA-UBND về phát triển du lịch"
    assert da.title == "về phát triển du lịch" and da.issuer is None


def test_upper_case_reference():
    e = one("CĂN CỨ NGHỊ ĐỊNH SỐ 30/2020/NĐ-CP NGÀY 05/3/2020 CỦA CHÍNH PHỦ VỀ CÔNG TÁC VĂN THƯ;")
    assert (e.doc_type, e.number, e.date, e.issuer) == ("Nghị định", "30/2020/NĐ-CP", "2020-03-05", "Chính phủ")
    assert e.title == "VỀ CÔNG TÁC VĂN THƯ"


def test_number_case_kept_and_issuer_from_upper_code():
    e = one("Quyết định số 1234/QĐ-TTG ngày 1/1/2022 của Thủ tướng Chính phủ; và")
    assert e.number == "1234/QĐ-TTG"
    assert issuer_from_code("15/QĐ-TTG") == "Thủ tướng Chính phủ"


def test_number_spaces_removed():
    e = one("Nghị quyết số 12 /2023/ NQ-HĐND ngày 7/7/2023 của HĐND tỉnh Bình Định;")
    assert e.number == "12/2023/NQ-HĐND"
    assert e.issuer == "Hội đồng nhân dân tỉnh Bình Định"


def test_bare_number_kept():
    e = one("các chế độ theo Nghị quyết số 36 của Quốc hội; các dự án")
    assert (e.number, e.issuer, e.date, e.title) == ("36", "Quốc hội", None, None)


def test_code_number_without_so():
    e = one("học tập Chỉ thị 05-CT/TW của Bộ Chính trị gắn với phong trào thi đua")
    assert (e.doc_type, e.number, e.issuer, e.title) == ("Chỉ thị", "05-CT/TW", "Bộ Chính trị", None)


def test_quy_dinh_keeps_printed_type():
    e = one("Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về trách nhiệm nêu gương;")
    assert (e.doc_type, e.number) == ("Quy định", "08-QĐi/TW")


def test_date_forms():
    assert one("Nghị định số 1/2020/NĐ-CP ngày 09 tháng 01 năm 2020;").date == "2020-01-09"
    assert one("Nghị định số 2/2020/NĐ-CP, ngày 9-1-2020;").date == "2020-01-09"
    assert one("Nghị định số 3/2020/NĐ-CP ngày 9.1.2020;").date == "2020-01-09"
    assert one("Nghị định số 4/2020/NĐ-CP ngày 31/2/2020;").date is None
    assert one("Nghị định số 5/2020/NĐ-CP ngày 12/13/2020;").date is None


def test_line_broken_date_and_title():
    text = "Thực hiện dân chủ theo Nghị định số 145/2020/NĐ-CP ngày\n14 tháng 12 năm 2020 của Chính phủ quy định chi tiết một số điều\ncủa Bộ luật Lao động.\nII. NỘI DUNG"
    found = refs(text)
    nd = found[0]
    assert (nd.number, nd.date, nd.issuer) == ("145/2020/NĐ-CP", "2020-12-14", "Chính phủ")
    assert nd.title == "quy định chi tiết một số điều của Bộ luật Lao động"
    assert nd.text == text[nd.span[0]:nd.span[1]]
    assert (found[1].doc_type, found[1].title) == ("Bộ luật", "Bộ luật Lao động")


def test_date_after_issuer():
    e = one("Quyết định số 88/QĐ-UBND của UBND huyện Nam Trực ngày 4/4/2024 về việc kiện toàn Ban Chỉ đạo.")
    assert (e.issuer, e.date, e.title) == ("Ủy ban nhân dân huyện Nam Trực", "2024-04-04", "về việc kiện toàn Ban Chỉ đạo")


def test_do_issuer_clause():
    e = one("Nghị quyết số 01/2024/NQ-HĐND do HĐND tỉnh Lào Cai ban hành ngày 5/1/2024.")
    assert (e.issuer, e.date, e.title) == ("Hội đồng nhân dân tỉnh Lào Cai", "2024-01-05", None)


def test_issuer_with_abbreviated_city_and_comma_name():
    e = one("Quyết định số 12/QĐ-UBND của UBND TP. Đà Nẵng về việc ban hành quy chế.")
    assert e.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    e = one("Quyết định số 99/QĐ-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch ban hành Kế hoạch tổ chức lễ hội;")
    assert e.issuer == "Bộ Văn hóa, Thể thao và Du lịch"
    assert e.title == "ban hành Kế hoạch tổ chức lễ hội"


def test_steering_committee_name_keeps_thuc_hien():
    e = one("Kế hoạch số 7-KH/BCĐ ngày 2/2/2024 của Ban Chỉ đạo thực hiện Quy chế dân chủ huyện về kiểm tra năm 2024;")
    assert e.issuer == "Ban Chỉ đạo thực hiện Quy chế dân chủ huyện"
    assert e.title == "về kiểm tra năm 2024"


def test_title_cut_at_alias_and_main_clause():
    text = (
        "Thực hiện Kế hoạch số 88-KH/TU ngày 3/3/2023 của Tỉnh ủy Thái Bình về phát triển kinh tế số "
        "(sau đây gọi tắt là Kế hoạch số 88-KH/TU), Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
    )
    e = one(text)
    assert e.title == "về phát triển kinh tế số"
    text = "Thực hiện Chỉ thị số 09-CT/TU ngày 1/6/2023 của Tỉnh ủy Sóc Trăng về công tác dân vận, UBND tỉnh xây dựng Kế hoạch thực hiện như sau:"
    assert one(text).title == "về công tác dân vận"


def test_title_cut_before_plan_wording():
    e = one("Thực hiện nghiêm Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ về tăng cường xử lý tình trạng nhũng nhiễu gắn với thi đua thực hiện nhiệm vụ năm 2024.")
    assert e.title == "về tăng cường xử lý tình trạng nhũng nhiễu"


def test_title_null_when_no_opener():
    e = one("theo Kế hoạch số 15/KH-UBND ngày 1/2/2024 của UBND huyện Kỳ Anh và báo cáo kết quả về Sở Nội vụ.")
    assert (e.issuer, e.title) == ("Ủy ban nhân dân huyện Kỳ Anh", None)


# --------------------------------------------------------------------------
# nesting and lists


def test_nested_reference_ends_outer_title_with_its_issuer():
    text = "theo Thông tư số 03/2018/TT-BNV ngày 6/3/2018 hướng dẫn thi hành Nghị định số 24/2017/NĐ-CP của Chính phủ và tập trung vào các nội dung sau:"
    tt, nd = refs(text)
    assert (tt.number, tt.issuer) == ("03/2018/TT-BNV", "Bộ Nội vụ")
    assert tt.title == "hướng dẫn thi hành Nghị định số 24/2017/NĐ-CP của Chính phủ"
    assert (nd.number, nd.issuer, nd.title, nd.date) == ("24/2017/NĐ-CP", "Chính phủ", None, None)


def test_nested_with_own_title():
    text = "Kế hoạch số 40/KH-UBND ngày 9/9/2024 của UBND huyện Gia Lâm thực hiện Nghị quyết số 12-NQ/HU ngày 1/8/2024 của Huyện ủy Gia Lâm về chuyển đổi số; tổ chức"
    kh, nq = refs(text)
    assert kh.title == "thực hiện Nghị quyết số 12-NQ/HU ngày 1/8/2024 của Huyện ủy Gia Lâm về chuyển đổi số"
    assert (nq.issuer, nq.title) == ("Huyện ủy Gia Lâm", "về chuyển đổi số")


def test_two_numbers_share_date_and_issuer():
    found = refs("thực hiện Quyết định số 99-QĐ/TW và 102-QĐ/TW ngày 3/10/2017 của Ban Bí thư về công tác dân vận.")
    assert [e.number for e in found] == ["99-QĐ/TW", "102-QĐ/TW"]
    assert all(e.date == "2017-10-03" and e.issuer == "Ban Bí thư" for e in found)
    assert all(e.title is None for e in found)  # one title for two documents: not given to either


def test_list_of_references_split_at_commas_and_va():
    text = (
        "Nghị định số 24/2014/NĐ-CP ngày 4/4/2014 của Chính phủ quy định tổ chức các cơ quan chuyên môn, "
        "Thông tư số 12/2022/TT-BNV ngày 30/12/2022 hướng dẫn vị trí việc làm và Quyết định số 56/QĐ-UBND ngày 3/1/2023 của UBND tỉnh Yên Bái."
    )
    found = refs(text)
    assert [e.number for e in found] == ["24/2014/NĐ-CP", "12/2022/TT-BNV", "56/QĐ-UBND"]
    assert found[0].title == "quy định tổ chức các cơ quan chuyên môn"
    assert found[1].title == "hướng dẫn vị trí việc làm"
    assert found[2].issuer == "Ủy ban nhân dân tỉnh Yên Bái"


# --------------------------------------------------------------------------
# laws, codes, ordinances, constitution


def test_law_list_four_entries():
    found = refs("phổ biến các luật liên quan (Luật Đất đai, Luật Nhà ở, Luật Kinh doanh bất động sản, Luật Xây dựng...) đến người dân")
    assert [e.title for e in found] == ["Luật Đất đai", "Luật Nhà ở", "Luật Kinh doanh bất động sản", "Luật Xây dựng"]
    assert all(e.doc_type == "Luật" and e.number is None and e.issuer == "Quốc hội" for e in found)


def test_law_names_with_commas_from_list():
    found = refs("tuyên truyền Luật Phòng, chống tham nhũng, Luật Cán bộ, công chức và Luật Viên chức trong cán bộ")
    assert [e.title for e in found] == ["Luật Phòng, chống tham nhũng", "Luật Cán bộ, công chức", "Luật Viên chức"]


def test_unknown_law_name_ends_at_stop_word():
    e = one("thực hiện Luật Hợp nhất hành chính theo lộ trình")
    assert e.title == "Luật Hợp nhất hành chính"


def test_numbered_law_with_name():
    e = one("Căn cứ Luật Tiếp cận thông tin số 104/2016/QH13 ngày 06 tháng 4 năm 2016;")
    assert fields(e) == ("cites", "Luật", "104/2016/QH13", "2016-04-06", "Quốc hội", "Luật Tiếp cận thông tin")


def test_law_year_and_passed_by():
    e = one("Luật Đất đai năm 2024 có hiệu lực")
    assert (e.title, e.date, e.number) == ("Luật Đất đai", "2024", None)
    e = one("Luật Tố cáo được Quốc hội khóa XIV thông qua ngày 12/6/2018;")
    assert (e.title, e.date, e.issuer) == ("Luật Tố cáo", "2018-06-12", "Quốc hội")


def test_code_and_constitution():
    found = refs("theo Hiến pháp năm 2013 và Bộ luật Lao động năm 2019, Bộ luật Dân sự")
    assert [(e.doc_type, e.title, e.date) for e in found] == [
        ("Hiến pháp", "Hiến pháp năm 2013", "2013"),
        ("Bộ luật", "Bộ luật Lao động", "2019"),
        ("Bộ luật", "Bộ luật Dân sự", None),
    ]
    assert all(e.issuer == "Quốc hội" for e in found)


def test_ordinance_numbered_and_named():
    e = one("theo Pháp lệnh số 02/2020/UBTVQH14 ngày 9/12/2020 về ưu đãi người có công;")
    assert (e.doc_type, e.issuer) == ("Pháp lệnh", "Ủy ban Thường vụ Quốc hội")
    e = one("Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn năm 2007 hết hiệu lực")
    assert (e.title, e.date) == ("Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn", "2007")


def test_amending_law_keeps_whole_name_and_cites_the_laws_it_amends():
    # SCHEMA: a reference nested in another's title is "cites"; the laws an
    # amending law amends are nested in its name
    found = refs("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    e = found[0]
    assert e.title == "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"
    assert e.date == "2019-11-22"
    assert [(x.relation, x.title, x.date) for x in found[1:]] == [
        ("cites", "Luật Tổ chức Chính phủ", None),
        ("cites", "Luật Tổ chức chính quyền địa phương", None),
    ]


def test_amended_law_already_listed_is_one_entry():
    text = ("Căn cứ Luật Giáo dục đại học ngày 18 tháng 6 năm 2012;\n"
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Giáo dục đại học ngày 19 tháng 11 năm 2018;\n")
    found = refs(text, zones=[(0, len(text), "preamble")])
    assert [(x.relation, x.title, x.date) for x in found] == [
        ("basis", "Luật Giáo dục đại học", "2012-06-18"),
        ("basis", "Luật sửa đổi, bổ sung một số điều của Luật Giáo dục đại học", "2018-11-19"),
    ]


def test_serial_with_a_letter():
    e = one("theo Quyết định số 118b/QĐ-UBND ngày 3/2/2022 của UBND huyện Mộc Châu về việc giao chỉ tiêu;")
    assert (e.number, e.date, e.issuer) == ("118b/QĐ-UBND", "2022-02-03", "Ủy ban nhân dân huyện Mộc Châu")


def test_law_year_in_brackets():
    e = one("thực hiện Luật Khoa học và Công nghệ (2013) và các văn bản hướng dẫn")
    assert (e.title, e.date) == ("Luật Khoa học và Công nghệ", "2013")


def test_bare_serial_after_a_capitalised_type_but_not_a_count():
    e = one("triển khai Đề án 06 của Chính phủ về phát triển ứng dụng dữ liệu dân cư")
    assert (e.doc_type, e.number, e.issuer) == ("Đề án", "06", "Chính phủ")
    assert refs("xây dựng Kế hoạch 5 năm giai đoạn 2026-2030") == []


def test_party_congress_resolution_is_one_named_document():
    e = one("Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025;")
    assert (e.doc_type, e.number, e.title) == (
        "Nghị quyết", None, "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025")


def test_issuer_without_cua_is_read_when_it_is_a_closed_name():
    e = one("theo Nghị quyết số 57-NQ/TW ngày 22/12/2024 Bộ Chính trị về đột phá phát triển khoa học;")
    assert (e.issuer, e.title) == ("Bộ Chính trị", "về đột phá phát triển khoa học")


def test_closed_issuer_ends_with_its_name():
    e = one("theo Nghị định số 45/2020/NĐ-CP ngày 8/4/2020 của Chính phủ Quy định về thủ tục hành chính trên môi trường điện tử;")
    assert e.issuer == "Chính phủ"


def test_joint_circular_names_all_its_bodies():
    e = one("theo Thông tư liên tịch số 03/2016/TTLT-BNV-BTC ngày 20/5/2016 của Bộ Nội vụ, Bộ Tài chính về hướng dẫn chế độ;")
    assert e.issuer == "Bộ Nội vụ, Bộ Tài chính"
    assert e.title == "về hướng dẫn chế độ"


def test_lost_space_between_minister_and_ministry():
    e = one("theo Thông tư số 12/2019/TT-BGDĐT ngày 26/8/2019 của Bộ trưởngBộ Giáo dục và Đào tạo về chương trình;")
    assert e.issuer == "Bộ trưởng Bộ Giáo dục và Đào tạo"


def test_a_law_being_drafted_is_no_reference():
    assert refs("Tham mưu xây dựng Luật Dữ liệu cá nhân trình Quốc hội.") == []
    assert refs("Hoàn thiện hồ sơ Luật Đất đai (sửa đổi) để trình.") == []
    # the law in force, named elsewhere in the plan, still is
    found = refs("Hoàn thiện hồ sơ Luật Đất đai (sửa đổi). Thi hành Luật Đất đai số 31/2024/QH15 ngày 18/01/2024.")
    assert [(x.title, x.number) for x in found] == [("Luật Đất đai", "31/2024/QH15")]


def test_so_inside_a_law_name_is_no_number_word():
    e = one("theo Luật Công nghiệp công nghệ số ngày 14 tháng 6 năm 2025;")
    assert (e.title, e.date) == ("Luật Công nghiệp công nghệ số", "2025-06-14")


def test_list_of_laws_cut_by_va_inside_a_name():
    found = refs("theo Luật Hỗ trợ doanh nghiệp nhỏ và vừa, Luật Thương mại;")
    assert [x.title for x in found] == ["Luật Hỗ trợ doanh nghiệp nhỏ và vừa", "Luật Thương mại"]


def test_abbreviation_in_brackets_after_the_issuer():
    e = one("theo Quyết định số 25/2021/QĐ-UBND ngày 10/9/2021 của Ủy ban nhân dân tỉnh Gia Lai (UBND) về quy chế;")
    assert (e.issuer, e.title) == ("Ủy ban nhân dân tỉnh Gia Lai", "về quy chế")


def test_upper_case_law_name_gets_official_spelling():
    e = one("KẾ HOẠCH TUYÊN TRUYỀN LUẬT PHÒNG, CHỐNG THAM NHŨNG NĂM 2025")
    assert e.title == "Luật Phòng, chống tham nhũng"


# --------------------------------------------------------------------------
# not entries


@pytest.mark.parametrize(
    "text",
    [
        "Các cơ quan triển khai Kế hoạch này nghiêm túc.",
        "Ủy ban nhân dân các huyện xây dựng Kế hoạch thực hiện.",
        "phổ biến Luật và các văn bản quy định chi tiết thi hành Luật",
        "Trình HĐND cùng cấp ban hành Nghị quyết của HĐND cùng cấp về các biện pháp",
        "xây dựng Quy chế dân chủ ở cơ sở và Quy chế làm việc của cơ quan",
        "thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ các cấp nhiệm kỳ 2020 - 2025",
        "chấp hành Hiến pháp và pháp luật, thực hiện nghiêm quy định của pháp luật",
        "Hướng dẫn, đôn đốc các đơn vị; Thông báo kết quả; Quyết định khen thưởng kịp thời",
        "theo Kế hoạch số /KH-UBND ngày tháng năm 2024",
        "việc quyết định số lượng cán bộ và dự thảo Luật Thủ đô",
    ],
)
def test_generic_mentions_are_not_entries(text):
    assert refs(text) == []


# --------------------------------------------------------------------------
# zones and relations


PLAN = """ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA
Số: 77/KH-UBND
KẾ HOẠCH
Triển khai Nghị quyết số 09-NQ/TU ngày 15/3/2023 của Ban Chấp hành Đảng bộ tỉnh về cải cách hành chính
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 107/2021/NĐ-CP ngày 6/12/2021 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP;
Thực hiện Nghị quyết số 09-NQ/TU ngày 15/3/2023 của Tỉnh ủy Khánh Hòa; Kế hoạch số 31-KH/TU ngày 2/4/2023 của Ban Thường vụ Tỉnh ủy; Công văn số 900/BNV-CCHC ngày 1/3/2023 của Bộ Nội vụ;
Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai có hiệu quả Nghị định số 107/2021/NĐ-CP và Luật Tổ chức chính quyền địa phương; thực hiện Quyết định số 1291/QĐ-TTg ngày 7/10/2019 của Thủ tướng Chính phủ.
TM. ỦY BAN NHÂN DÂN
Nơi nhận:
- Bộ Nội vụ (theo Công văn số 900/BNV-CCHC);
"""


def _plan_zones(text):
    a = text.index("Triển khai Nghị quyết")
    b = text.index("Căn cứ Luật")
    c = text.index("I. MỤC")
    d = text.index("TM. ỦY BAN")
    e = text.index("Nơi nhận")
    return [(0, a, "header"), (a, b - 1, "title"), (b, c, "preamble"), (c, d, "body"), (d, e, "signature"), (e, len(text), "recipients")]


def test_preamble_mixed_openers_and_title_zone():
    found = refs(PLAN, _plan_zones(PLAN))
    by = {(e.doc_type, e.number or e.title): e for e in found}
    assert by[("Nghị quyết", "09-NQ/TU")].relation == "implements"
    # the title's mention comes first and gives the issuer as written there
    assert by[("Nghị quyết", "09-NQ/TU")].issuer == "Ban Chấp hành Đảng bộ tỉnh"
    assert by[("Luật", "Luật Tổ chức chính quyền địa phương")].relation == "basis"
    assert by[("Luật", "Luật Tổ chức chính quyền địa phương")].date == "2015-06-19"
    assert by[("Nghị định", "107/2021/NĐ-CP")].relation == "basis"
    # nested in the basis's title: cited, not itself a basis
    assert by[("Nghị định", "61/2018/NĐ-CP")].relation == "cites"
    assert by[("Kế hoạch", "31-KH/TU")].relation == "implements"
    assert by[("Công văn", "900/BNV-CCHC")].relation == "implements"
    assert by[("Quyết định", "1291/QĐ-TTg")].relation == "cites"
    assert len(found) == 7  # the recipients' repeat of 900/BNV-CCHC adds nothing


def test_spans_point_into_text():
    found = refs(PLAN, _plan_zones(PLAN))
    for e in found:
        assert e.span is not None and PLAN[e.span[0]:e.span[1]] == e.text
    first = found[0]
    assert first.text.startswith("Nghị quyết số 09-NQ/TU ngày 15/3/2023")


def test_doubled_opener_typo_and_continued_line():
    text = "KẾ HOẠCH\nVề chuyển đổi số\nThực hiện Thực hiện Kế hoạch số 5-KH/ĐU ngày 3/1/2024 của Đảng ủy xã An Bình; Chương trình số 2/CTr-UBND ngày\n4/1/2024 của UBND huyện; Kế hoạch số 6/KH-UBND của UBND huyện;\nỦy ban nhân dân xã xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH"
    z = [(0, 9, "header"), (9, 25, "title"), (26, text.index("I. MỤC"), "preamble"), (text.index("I. MỤC"), len(text), "body")]
    found = refs(text, z)
    assert [(e.number, e.relation) for e in found] == [
        ("5-KH/ĐU", "implements"), ("2/CTr-UBND", "implements"), ("6/KH-UBND", "implements"),
    ]
    assert found[1].date == "2024-01-04"


def test_main_clause_paragraph_is_cites_and_basis_wins():
    text = "Căn cứ Quyết định số 30/QĐ-UBND ngày 1/1/2024 của UBND tỉnh;\nỦy ban nhân dân huyện ban hành Kế hoạch triển khai Quyết định số 30/QĐ-UBND và Quyết định số 31/QĐ-UBND.\nI. NỘI DUNG\ntheo Quyết định số 31/QĐ-UBND ngày 2/1/2024 của UBND tỉnh về khen thưởng."
    z = [(0, text.index("I. NỘI"), "preamble"), (text.index("I. NỘI"), len(text), "body")]
    found = refs(text, z)
    assert [(e.number, e.relation) for e in found] == [("30/QĐ-UBND", "basis"), ("31/QĐ-UBND", "cites")]
    # the later body mention fills date, issuer and title
    assert (found[1].date, found[1].issuer, found[1].title) == ("2024-01-02", "Ủy ban nhân dân tỉnh", "về khen thưởng")


# --------------------------------------------------------------------------
# footnotes and merging


def test_footnote_list_are_cites_without_span():
    notes = [
        ("1", "Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng."),
        ("2", "(1) Kế hoạch sử dụng đất hằng năm; (2) Quy chế làm việc của Ủy ban nhân dân."),
    ]
    found = refs("Thực hiện các nghị quyết của Đảng¹.", footnotes=notes)
    assert [(e.number, e.relation, e.span) for e in found] == [("04-NQ/TW", "cites", None), ("21-KL/TW", "cites", None)]
    assert found[0].issuer == "Ban Chấp hành Trung ương Đảng khóa XII"
    assert found[1].title == "về đẩy mạnh xây dựng, chỉnh đốn Đảng"
    assert found[1].text.startswith("Kết luận số 21-KL/TW")


def test_dedupe_relation_upgrade_and_fill():
    text = "KẾ HOẠCH\nThực hiện Chỉ thị số 21-CT/TU của Tỉnh ủy Đồng Nai\nCăn cứ Chỉ thị số 21-CT/TU ngày 3/5/2023 của Ban Thường vụ Tỉnh ủy về phòng chống thiên tai;\nI. NỘI DUNG\nquán triệt Chỉ thị số 21-CT/TU."
    z = [(9, 53, "title"), (54, text.index("I. NỘI"), "preamble"), (text.index("I. NỘI"), len(text), "body")]
    (e,) = refs(text, z)
    assert e.relation == "basis"  # title said implements, preamble basis: the stronger wins
    assert e.issuer == "Tỉnh ủy Đồng Nai"  # first mention's issuer
    assert (e.date, e.title) == ("2023-05-03", "về phòng chống thiên tai")  # filled by the later mention
    start = text.index("Chỉ thị")
    assert e.span == (start, start + len("Chỉ thị số 21-CT/TU của Tỉnh ủy Đồng Nai"))


def test_unnumbered_law_joins_numbered_mention():
    text = "KẾ HOẠCH\nTriển khai Luật Hòa giải ở cơ sở\nCăn cứ Luật Hòa giải ở cơ sở số 35/2013/QH13 ngày 20/6/2013;\nI. NỘI DUNG\nphổ biến Luật Hòa giải ở cơ sở tới hòa giải viên."
    z = [(9, 41, "title"), (42, text.index("I. NỘI"), "preamble"), (text.index("I. NỘI"), len(text), "body")]
    (e,) = refs(text, z)
    assert (e.relation, e.number, e.date, e.title) == ("basis", "35/2013/QH13", "2013-06-20", "Luật Hòa giải ở cơ sở")


def test_body_before_footnote_for_title():
    notes = [("1", "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở.")]
    found = refs("theo Nghị định số 59/2023/NĐ-CP¹ và các văn bản khác", footnotes=notes)
    nd = [e for e in found if e.number == "59/2023/NĐ-CP"][0]
    assert nd.span is not None  # the body mention comes first
    assert nd.title == "quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở"
    assert nd.date == "2023-08-14"
    assert [e.title for e in found if e.doc_type == "Luật"] == ["Luật Thực hiện dân chủ ở cơ sở"]


def test_ignored_zones_and_nfc():
    text = unicodedata.normalize("NFD", "Nơi nhận:\n- Sở Tư pháp (Quyết định số 5/QĐ-UBND);")
    assert find_references(text, [(0, len(text), "recipients")]) == []
    e = find_references(text, [])[0]
    assert e.number == "5/QĐ-UBND" and unicodedata.is_normalized("NFC", e.text)


def test_issuer_from_code_table():
    assert issuer_from_code("59/2023/NĐ-CP") == "Chính phủ"
    assert issuer_from_code("01/2023/NQ-CP") == "Chính phủ"
    assert issuer_from_code("34/2007/PL-UBTVQH11") == "Ủy ban Thường vụ Quốc hội"
    assert issuer_from_code("10/2022/QH15") == "Quốc hội"
    assert issuer_from_code("05/2020/TT-BGDĐT") == "Bộ Giáo dục và Đào tạo"
    assert issuer_from_code("11/2020/TT-BLĐTBXH") == "Bộ Lao động - Thương binh và Xã hội"
    assert issuer_from_code("23/2018/TT-NHNN") == "Ngân hàng Nhà nước Việt Nam"
    assert issuer_from_code("05/2021/TT-TTCP") == "Thanh tra Chính phủ"
    assert issuer_from_code("17-CT/TW") is None
    assert issuer_from_code("12/QĐ-UBND") is None
    assert issuer_from_code("54") is None


# --------------------------------------------------------------------------
# end to end over the seeds


def _guess_zones(text):
    """Rough zones for the seeds: title = the line after "KẾ HOẠCH", preamble
    up to the first roman section, body up to the signature."""
    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, pos + len(ln), ln))
        pos += len(ln) + 1
    n = len(text)
    head = next((k for k, (_, _, l) in enumerate(lines) if l.strip().upper() == "KẾ HOẠCH"), None)
    if head is None or head + 1 >= len(lines):
        return [(0, n, "body")]
    t0, t1 = lines[head + 1][0], lines[head + 1][1]
    sec = next((k for k, (_, _, l) in enumerate(lines) if k > head and re.match(r"I\.\s", l)), len(lines) - 1)
    sig = next((k for k, (_, _, l) in enumerate(lines) if k > sec and re.match(r"(?:TM\.|KT\.|N[oơ]i nhận)", l)), None)
    b1 = lines[sig][0] if sig is not None else n
    return [(0, t0, "header"), (t0, t1, "title"), (t1 + 1, lines[sec][0], "preamble"), (lines[sec][0], b1, "body"), (b1, n, "signature")]


def _key(e):
    return (e["doc_type"], e["number"]) if e["number"] else (e["doc_type"], (e["title"] or "").casefold())


def test_seeds_end_to_end():
    from extract.ingest import ingest

    tp_all = pred_all = gold_all = 0
    field_ok = field_all = 0
    for seed in SEEDS:
        doc = ingest(seed)
        gold = json.loads((GOLD_DIR / f"{seed.stem}.json").read_text(encoding="utf-8"))["legal_bases"]
        pred = [e.model_dump() for e in find_references(doc.text, _guess_zones(doc.text), [(f.marker, f.text) for f in doc.footnotes])]
        g, p = {_key(e): e for e in gold}, {_key(e): e for e in pred}
        tp = len(g.keys() & p.keys())
        for k in g.keys() & p.keys():
            for f in ("relation", "date", "issuer", "title"):
                field_all += 1
                field_ok += g[k][f] == p[k][f]
        print(f"{seed.stem[:3]}: P {tp}/{len(p)}  R {tp}/{len(g)}")
        tp_all, pred_all, gold_all = tp_all + tp, pred_all + len(p), gold_all + len(g)
    precision, recall = tp_all / pred_all, tp_all / gold_all
    print(f"all: P {precision:.3f}  R {recall:.3f}  matched-field accuracy {field_ok}/{field_all}")
    assert precision >= 0.95 and recall >= 0.95
    assert field_ok / field_all >= 0.95


def test_law_after_lower_case_bo_is_a_luat_not_a_bo_luat():
    t = "Triển khai kịp thời, đồng bộ Luật Đất đai số 31/2024/QH15 trên địa bàn tỉnh."
    refs = find_references(t, [(0, len(t), "body")])
    assert [(r.doc_type, r.number, r.title) for r in refs] == [("Luật", "31/2024/QH15", "Luật Đất đai")]


def test_issuer_ends_before_the_plans_own_words():
    t = "Triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị trong lĩnh vực giáo dục năm 2025"
    refs = find_references(t, [(0, len(t), "title")])
    assert refs[0].issuer == "Bộ Chính trị" and refs[0].relation == "implements"


def test_unnumbered_law_merges_with_its_numbered_mention():
    t = "Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021;\nTriển khai đồng bộ Luật Phòng, chống ma túy số 73/2021/QH14."
    refs = find_references(t, [(0, 58, "preamble"), (58, len(t), "body")])
    assert [(r.number, r.relation, r.date) for r in refs] == [("73/2021/QH14", "basis", "2021-03-30")]


def test_the_plan_naming_itself_is_no_reference():
    # an appendix headed with the plan's own number is the plan itself
    text = ("Căn cứ Kế hoạch số 15/KH-UBND ngày 2/1/2024 của UBND tỉnh;\n"
            "PHỤ LỤC\n(Kèm theo Kế hoạch số 210 /KH-SNV ngày 5/3/2024 của Sở Nội vụ)\n")
    found = refs(text)
    assert [r.number for r in found] == ["15/KH-UBND", "210/KH-SNV"]
    kept = without_self(found, "Kế hoạch", "210/KH-SNV")
    assert [r.number for r in kept] == ["15/KH-UBND"]
    # another type with the same number is another document
    assert len(without_self(found, "Quyết định", "210/KH-SNV")) == 2

