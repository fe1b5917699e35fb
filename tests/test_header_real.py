"""Header forms of real plans as portals and converters deliver them: pipe
tables, letter-spaced words, headers moved to the end, central bodies, one-line
signature and recipients cells. Short plans of our own in the genre's style."""

from __future__ import annotations

import textwrap

from extract.header import extract_header, parse_date, parse_number, parse_place_date, parse_recipients, parse_signer
from extract.ingest import ingest


def _info(tmp_path, text: str, name: str = "plan.md"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return extract_header(ingest(p))


# --------------------------------------------------------------------------
# pieces


def test_date_with_a_digit_split_by_a_space():
    assert parse_date("ngày 09 tháng 0 3 năm 2021") == ("2021-03-09", [])
    assert parse_place_date("Đà Nẵng, ngày 1 5 tháng 10 năm 2019")[:2] == ("Đà Nẵng", "2019-10-15")
    # a blank day stays blank
    assert parse_date("ngày    tháng 0 4 năm 2022")[0] == "2022-04"


def test_number_with_spaces_around_the_dash():
    assert parse_number("Số: 417/QĐ - UBND") == ("417/QĐ-UBND", "QĐ-UBND")
    assert parse_number("Số: 88 /KH - BCĐ") == ("88/KH-BCĐ", "KH-BCĐ")


def test_signature_one_line_two_titles_first_is_the_capacity():
    s = parse_signer(["TRƯỞNG BAN PHÓ THỦ TƯỚNG Lê Quang Vinh"])
    assert (s.name, s.position, s.authority, s.on_behalf_of) == ("Lê Quang Vinh", "Trưởng ban", None, None)
    s = parse_signer(["TRƯỞNG BAN", "PHÓ THỦ TƯỚNG", "Lê Quang Vinh"])
    assert s.position == "Trưởng ban"


def test_signature_one_line_authority_and_title():
    s = parse_signer(["KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Đỗ Thị Hạnh"])
    assert (s.name, s.position, s.authority) == ("Đỗ Thị Hạnh", "Phó Giám đốc", "KT. Giám đốc")
    # under an authority line, the title right below it is the position
    s = parse_signer(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Văn Tâm"])
    assert (s.position, s.authority, s.on_behalf_of) == ("Phó Chủ tịch", "KT. Chủ tịch", "Ủy ban nhân dân")


def test_signature_letter_spaced():
    s = parse_signer(["KT. GIÁM Đ ỐC P HÓ GIÁM Đ Ố C Ph ạm Văn Lợi"])
    assert (s.name, s.position, s.authority) == ("Phạm Văn Lợi", "Phó Giám đốc", "KT. Giám đốc")


def test_recipients_one_line_with_notes_after_the_semicolon():
    got = parse_recipients([
        "Nơi nhận: - Bộ Y tế; (b/c) - Thường trực Tỉnh ủy; (b/c) - Các PCT UBND tỉnh; "
        "- Sở Nội vụ (Phòng A - để t/h); - Lưu: VT."
    ])
    assert got == ["Bộ Y tế; (b/c)", "Thường trực Tỉnh ủy; (b/c)", "Các PCT UBND tỉnh", "Sở Nội vụ (Phòng A - để t/h)"]


def test_recipients_markdown_bullets_ending_with_commas():
    got = parse_recipients([
        "Nơi nhận:",
        "* Ban Thường vụ Tỉnh ủy (để b/c),",
        "* VPTU, VPUB,",
        "* Các Ban đảng Tỉnh ủy,",
        "* Lưu VP.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Hà Văn Sơn",
    ])
    assert got == ["Ban Thường vụ Tỉnh ủy (để b/c)", "VPTU, VPUB", "Các Ban đảng Tỉnh ủy"]


def test_recipients_spaced_throughout_are_repaired_sparse_splits_kept():
    got = parse_recipients([
        "Nơi nhận: - B ộ T ư p h á p ; - S ở Nộ i v ụ ; - V P U B : C á c P V P ; - L ư u : V T ."
    ])
    assert got == ["Bộ Tư pháp", "Sở Nội vụ", "VPUB: Các PVP"]
    # one stray split in a clean list: as printed
    got = parse_recipients(["Nơi nhận:", "- Bộ Ng o ại giao;", "- Sở Tài chính;", "- Lưu: VT."])
    assert got == ["Bộ Ng o ại giao", "Sở Tài chính"]


# --------------------------------------------------------------------------
# whole headers


def test_pipe_table_header_with_rules_and_spaced_number(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        | BỘ NỘI VỤ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
        |---|---|
        | Số: 58 /KH - BNV | Hà Nội, ngày 04 tháng 0 9 năm 2020 |

        KẾ HOẠCH

        TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021

        I. MỤC ĐÍCH, YÊU CẦU

        1. Bảo đảm tiến độ./.

        | Nơi nhận: - Các Bộ, cơ quan ngang Bộ; - UBND các tỉnh, TP trực thuộc TW; - Lưu: VT, CCHC. | KT. BỘ TRƯỞNG THỨ TRƯỞNG Đinh Văn Hòa |
        |---|---|
        """,
    )
    assert (info.number, info.number_code) == ("58/KH-BNV", "KH-BNV")
    assert (info.place, info.issue_date) == ("Hà Nội", "2020-09-04")
    assert info.issuing_body == "Bộ Nội vụ"
    assert (info.issuer_level, info.province) == ("central", None)
    assert (info.signer.name, info.signer.position, info.signer.authority) == ("Đinh Văn Hòa", "Thứ trưởng", "KT. Bộ trưởng")
    assert info.recipients == ["Các Bộ, cơ quan ngang Bộ", "UBND các tỉnh, TP trực thuộc TW"]


def test_national_steering_committee_is_central(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        BAN CHỈ ĐẠO QUỐC GIA VỀ PHÒNG, CHỐNG THIÊN TAI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 14/KH-BCĐQG
        Hà Nội, ngày 2 tháng 3 năm 2022
        KẾ HOẠCH
        Ứng phó mùa mưa bão năm 2022
        I. MỤC ĐÍCH
        1. Chủ động ứng phó./.
        TRƯỞNG BAN
        BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
        Lê Minh Hoan
        """,
    )
    assert info.issuing_body == "Ban Chỉ đạo quốc gia về phòng, chống thiên tai"
    assert (info.issuer_level, info.province) == ("central", None)
    assert info.place == "Hà Nội"
    assert (info.signer.name, info.signer.position) == ("Lê Minh Hoan", "Trưởng ban")


def test_letter_spaced_header_is_repaired(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        | ỦY B AN NHÂN D Â N T ỈNH Q UẢNG N GÃI ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
        |---|---|
        | Số: 77/KH-UBND | Q uảng Ng ãi, ngày 12 tháng 5 năm 2016 |

        KẾ HOẠCH

        Phòng, chống dịch bệnh năm 2016

        I. MỤC ĐÍCH

        1. Chủ động phòng, chống./.

        | Nơi nhận: - Bộ Y tế; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Ngọc Căng |
        |---|---|
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert info.place == "Quảng Ngãi"
    assert (info.issuer_level, info.province) == ("province", "Quảng Ngãi")
    assert (info.signer.name, info.signer.position, info.signer.on_behalf_of) == ("Trần Ngọc Căng", "Chủ tịch", "Ủy ban nhân dân")


def test_header_moved_to_the_end_by_the_converter(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        QUYẾT ĐỊNH
        Về việc phê duyệt kế hoạch đào tạo năm 2024
        BỘ TRƯỞNG BỘ Y TẾ
        Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15/11/2022 của Chính phủ;
        QUYẾT ĐỊNH:
        Điều 1. Phê duyệt kế hoạch đào tạo năm 2024 tại Phụ lục kèm theo.
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
        Phụ lục
        KẾ HOẠCH ĐÀO TẠO NĂM 2024
        (Kèm theo Quyết định số 210/QĐ-BYT ngày 5/02/2024 của Bộ trưởng Bộ Y tế)
        BỘ Y TẾ
        __________
        Số: 210/QĐ-BYT | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Hà Nội, ngày 05 tháng 02 năm 2024
        Nơi nhận:
        - Như Điều 2;
        - Lưu: VT, K2ĐT. | KT. BỘ TRƯỞNG
        Trần Văn Thuấn
        """,
        name="plan.txt",
    )
    assert (info.doc_type, info.number, info.number_code) == ("Quyết định", "210/QĐ-BYT", "QĐ-BYT")
    assert (info.place, info.issue_date) == ("Hà Nội", "2024-02-05")
    assert info.issuing_body == "Bộ Y tế"
    assert (info.issuer_level, info.province) == ("central", None)
    assert (info.signer.name, info.signer.authority) == ("Trần Văn Thuấn", "KT. Bộ trưởng")
    assert info.recipients == ["Như Điều 2"]
    assert any("away from the top" in w for w in warns)


def test_no_header_anywhere_stays_null(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        KẾ HOẠCH
        Tổ chức hội nghị tổng kết năm 2023
        I. MỤC ĐÍCH
        1. Đánh giá kết quả; số: 12 đơn vị tham gia.
        2. Tổ chức vào ngày 5 tháng 1 năm 2024 tại hội trường./.
        """,
        name="plan.txt",
    )
    assert (info.number, info.number_code, info.issue_date, info.place) == (None, None, None, None)


def test_hcm_city_spelling(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN
        THÀNH PHỐ HỒ CHÍ MINH
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 9/KH-UBND
        Thành phố Hồ Chí Minh, ngày 3 tháng 1 năm 2023
        KẾ HOẠCH
        Chỉnh trang đô thị năm 2023
        I. MỤC ĐÍCH
        1. Chỉnh trang./.
        """,
        name="plan.txt",
    )
    assert info.issuing_body == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert (info.issuer_level, info.province) == ("province", "Hồ Chí Minh")


def test_standing_board_is_named_with_its_committee(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN MTTQ VIỆT NAM
        XÃ TÂN PHÚ
        BAN THƯỜNG TRỰC
        Số: 7/KH-MTTQ-BTT
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Tân Phú, ngày 3 tháng 6 năm 2025
        KẾ HOẠCH
        Giám sát việc thực hiện dân chủ ở cơ sở năm 2025
        I. MỤC ĐÍCH
        1. Phát huy dân chủ./.
        Nơi nhận:
        - Thường trực Đảng ủy xã;
        - UBND xã, -Các đoàn thể xã;
        - Lưu: VT.
        TM. BAN THƯỜNG TRỰC
        CHỦ TỊCH
        Đào Thị Mai
        """,
        name="plan.txt",
    )
    assert info.issuing_body == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Phú"
    assert info.issuer_level == "commune"
    assert info.recipients == ["Thường trực Đảng ủy xã", "UBND xã", "Các đoàn thể xã"]


def test_school_named_by_its_own_name(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        SỞ GDĐT TỈNH AN GIANG
        TRƯỜNG THCS LÊ LỢI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 21/KH-THCSLL
        An Giang, ngày 9 tháng 9 năm 2024
        KẾ HOẠCH
        Tổ chức hội khỏe Phù Đổng cấp trường
        I. MỤC ĐÍCH
        1. Rèn luyện thể chất./.
        HIỆU TRƯỞNG
        Lâm Văn Hậu
        """,
        name="plan.txt",
    )
    assert info.issuing_body == "Trường Trung học cơ sở Lê Lợi"
    assert info.province == "An Giang"
