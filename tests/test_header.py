"""The document's own fields (`extract.header`), on header variants of our
own, plus one end-to-end comparison with the seeds' gold records."""

from __future__ import annotations

import textwrap

import pytest

from conftest import SEEDS, gold_for
from extract.document import Block, RawDocument, SourceInfo
from extract.header import extract_header, parse_date, parse_number, parse_place_date, parse_recipients, parse_signer
from extract.ingest import ingest
from extract.normalize import build_document


def _doc(tmp_path, text: str, name: str = "plan.txt"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return ingest(p)


def _info(tmp_path, text: str):
    return extract_header(_doc(tmp_path, text))


# --------------------------------------------------------------------------
# pieces


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Số: 53/KH-UBND", ("53/KH-UBND", "KH-UBND")),
        ("Số: /KH-UBND", (None, "KH-UBND")),
        ("Số:       /KH-UBND", (None, "KH-UBND")),
        ("Số: ......./KH-UBND", (None, "KH-UBND")),
        ("Số 45-KH/TU", ("45-KH/TU", "KH/TU")),
        ("Số: 12/2024/QĐ-UBND", ("12/2024/QĐ-UBND", "QĐ-UBND")),
        ("Số: **53** /KH-UBND", ("53/KH-UBND", "KH-UBND")),
        ("Số: 120 / KH - SNV", ("120/KH-SNV", "KH-SNV")),
    ],
)
def test_parse_number(line, expected):
    assert parse_number(line) == expected


@pytest.mark.parametrize("line", ["Số lượng cán bộ tham gia", "Sở Nội vụ", "Số liệu: tổng hợp"])
def test_parse_number_rejects_prose(line):
    assert parse_number(line) is None


@pytest.mark.parametrize(
    "text, iso, warn",
    [
        ("ngày 19 tháng 02 năm 2025", "2025-02-19", None),
        ("ngày tháng 5 năm 2024", "2024-05", "issue_date: day is blank in the source"),
        ("ngày   tháng   năm 2023", "2023", "issue_date: day and month are blank in the source"),
        ("ngày … tháng … năm 2023", "2023", "issue_date: day and month are blank in the source"),
        ("ngày 5/3/2024", "2024-03-05", None),
        ("ngày 05-03-2024", "2024-03-05", None),
        ("ngày 31 tháng 2 năm 2024", "2024-02", "issue_date: invalid day in the source"),
    ],
)
def test_parse_date(text, iso, warn):
    got, warns = parse_date(text)
    assert got == iso
    assert warns == ([warn] if warn else [])


def test_parse_place_date():
    assert parse_place_date("Cần Thơ, ngày 19 tháng 02 năm 2025") == ("Cần Thơ", "2025-02-19", [])
    assert parse_place_date("Quận 1, ngày 13 tháng 02 năm 2023") == ("Quận 1", "2023-02-13", [])
    assert parse_place_date("TP. Hồ Chí Minh, ngày 01/02/2024") == ("TP. Hồ Chí Minh", "2024-02-01", [])
    assert parse_place_date("Đông Anh, ngày 10 tháng 01 năm 2024")[0] == "Đông Anh"
    assert parse_place_date("ngày 10 tháng 01 năm 2024") == (None, "2024-01-10", [])
    assert parse_place_date("Thực hiện Kế hoạch số 12/KH-UBND") is None


def test_parse_signer_variants():
    s = parse_signer(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Tám"])
    assert (s.name, s.position, s.authority, s.on_behalf_of) == ("Lê Văn Tám", "Phó Chủ tịch", "KT. Chủ tịch", "Ủy ban nhân dân")
    s = parse_signer(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Trần Thị Bình"])
    assert (s.name, s.position, s.authority, s.on_behalf_of) == ("Trần Thị Bình", "Chủ tịch", None, "Ủy ban nhân dân")
    s = parse_signer(["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Minh Đức"])
    assert (s.position, s.authority, s.on_behalf_of) == ("Chánh Văn phòng", "TL. Chủ tịch", None)
    s = parse_signer(["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ", "Hà Văn Sơn"])
    assert s.authority == "TUQ. Chủ tịch" and s.position == "Giám đốc Sở Nội vụ"
    s = parse_signer(["Q. GIÁM ĐỐC", "Bùi Văn Quang"])
    assert (s.position, s.authority) == ("Q. Giám đốc", None)
    s = parse_signer(["GIÁM ĐỐC", "Đinh Thị Lan"])
    assert (s.name, s.position, s.authority, s.on_behalf_of) == ("Đinh Thị Lan", "Giám đốc", None, None)
    # only the name survives
    s = parse_signer(["- Lưu: VT.", "Lê Đức Thanh"])
    assert (s.name, s.position, s.authority, s.on_behalf_of) == ("Lê Đức Thanh", None, None, None)
    # a table cell with the lines run together
    s = parse_signer(["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An"])
    assert (s.name, s.position, s.on_behalf_of) == ("Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân")
    s = parse_signer(["KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "NGUYỄN VĂN AN"])
    assert (s.name, s.position, s.authority) == ("NGUYỄN VĂN AN", "Phó Chủ tịch", "KT. Chủ tịch")


def test_parse_recipients():
    lines = [
        "Noi nhận:",
        "- Bộ Nội vụ (để b/c);",
        "+ TT Tỉnh ủy, TT HĐND tỉnh ;",
        "• CT, các PCT UBND tỉnh.",
        "- Lưu: VT, NC. JL",
        "KT. CHỦ TỊCH",
    ]
    assert parse_recipients(lines) == ["Bộ Nội vụ (để b/c)", "TT Tỉnh ủy, TT HĐND tỉnh", "CT, các PCT UBND tỉnh"]
    assert parse_recipients(["Nơi nhân:", "- Như trên;", "- Lưu VT, SNV."]) == ["Như trên"]
    assert parse_recipients(["Nơi nhận: - Như trên; - Sở Tư pháp; - Lưu: VT."]) == ["Như trên", "Sở Tư pháp"]
    assert parse_recipients(["Lê Văn A"]) == []


# --------------------------------------------------------------------------
# whole headers


def test_department_plan_with_parent_line(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc
        Số: 1234/KH-SNV Nghệ An, ngày 05 tháng 3 năm 2024

        KẾ HOẠCH
        Tổ chức hội nghị tập huấn công tác thi đua, khen thưởng
        năm 2024

        Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
        Sở Nội vụ ban hành Kế hoạch tổ chức hội nghị tập huấn như sau:
        I. MỤC ĐÍCH, YÊU CẦU
        1. Nâng cao nhận thức của cán bộ, công chức.
        II. TỔ CHỨC THỰC HIỆN
        Văn phòng Sở chủ trì, phối hợp với các phòng triển khai thực hiện./.
        Nơi nhận:
        - UBND tỉnh (để b/c);
        - Các phòng, đơn vị thuộc Sở;
        - Lưu: VT, TĐKT.
        KT. GIÁM ĐỐC
        PHÓ GIÁM ĐỐC
        (Đã ký)
        Nguyễn Văn Hùng
        """,
    )
    assert info.doc_type == "Kế hoạch"
    assert (info.number, info.number_code) == ("1234/KH-SNV", "KH-SNV")
    assert (info.issue_date, info.place) == ("2024-03-05", "Nghệ An")
    assert info.title == "Tổ chức hội nghị tập huấn công tác thi đua, khen thưởng năm 2024"
    assert info.issuing_body == "Sở Nội vụ tỉnh Nghệ An"  # named with its parent's unit
    assert (info.issuer_level, info.province, info.province_2025) == ("province", "Nghệ An", "Nghệ An")
    assert info.signer.model_dump() == {"name": "Nguyễn Văn Hùng", "position": "Phó Giám đốc", "authority": "KT. Giám đốc", "on_behalf_of": None}
    assert info.recipients == ["UBND tỉnh (để b/c)", "Các phòng, đơn vị thuộc Sở"]
    assert info.attached_to is None
    assert warns == []


def test_district_plan(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        UBND HUYỆN ĐÔNG ANH
        Số: 45/KH-UBND
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Đông Anh, ngày 10 tháng 01 năm 2024
        KẾ HOẠCH
        Triển khai công tác cải cách hành chính năm 2024
        Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND Thành phố, UBND huyện ban hành Kế hoạch như sau:
        I. MỤC ĐÍCH
        1. Đẩy mạnh cải cách hành chính.
        Nơi nhận:
        - UBND Thành phố;
        - TT Huyện ủy;
        - Lưu: VT.
        TM. ỦY BAN NHÂN DÂN
        CHỦ TỊCH
        Nguyễn Xuân Lưu
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân huyện Đông Anh"
    assert (info.issuer_level, info.province, info.province_2025) == ("district", "Hà Nội", "Hà Nội")
    assert info.place == "Đông Anh"
    assert info.signer.model_dump() == {"name": "Nguyễn Xuân Lưu", "position": "Chủ tịch", "authority": None, "on_behalf_of": "Ủy ban nhân dân"}
    assert info.recipients == ["UBND Thành phố", "TT Huyện ủy"]


def test_commune_plan_blank_number_and_date(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN
        XÃ TÂN LẬP
        Số:     /KH-UBND
        Tân Lập, ngày    tháng    năm 2024
        KẾ HOẠCH
        Tuyên truyền phổ biến giáo dục pháp luật năm 2024
        Thực hiện Kế hoạch số 20/KH-UBND của UBND huyện Đan Phượng, thành phố Hà Nội, UBND xã xây dựng Kế hoạch như sau:
        I. MỤC ĐÍCH
        1. Tuyên truyền sâu rộng.
        Noi nhận:
        + UBND huyện;
        + Đảng ủy, HĐND xã;
        + Lưu VP.  JL
        TM. ỦY BAN NHÂN DÂN
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Đỗ Thị Mai
        """,
    )
    assert (info.number, info.number_code) == (None, "KH-UBND")
    assert info.issue_date == "2024"
    assert "issue_date: day and month are blank in the source" in warns
    assert info.issuing_body == "Ủy ban nhân dân xã Tân Lập"
    # "Tân Lập" is a commune name in some twenty provinces: the text decides
    assert (info.issuer_level, info.province) == ("commune", "Hà Nội")
    assert info.recipients == ["UBND huyện", "Đảng ủy, HĐND xã"]
    assert info.signer.authority == "KT. Chủ tịch" and info.signer.name == "Đỗ Thị Mai"


def test_ward_plan_province_from_gazetteer(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        Số: 31/KH-UBND
        Phường Đông Ngàn, ngày 2 tháng 8 năm 2023
        KẾ HOẠCH
        Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2023
        Ủy ban nhân dân phường Đông Ngàn xây dựng Kế hoạch như sau:
        I. MỤC ĐÍCH
        1. Phát huy khối đại đoàn kết.
        TM. ỦY BAN NHÂN DÂN
        CHỦ TỊCH
        Ngô Văn Thành
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân phường Đông Ngàn"
    assert (info.issuer_level, info.province, info.province_2025) == ("commune", "Bắc Ninh", "Bắc Ninh")


def test_ministry_plan(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        BỘ NỘI VỤ
        -------
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        ---------------
        Số: 1022/KH-BNV
        Hà Nội, ngày 5/3/2024
        KẾ HOẠCH
        Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở
        Căn cứ Nghị định số 63/2022/NĐ-CP ngày 12/9/2022 của Chính phủ;
        Bộ Nội vụ ban hành Kế hoạch như sau:
        I. MỤC ĐÍCH
        Nơi nhận:
        - Thủ tướng Chính phủ (để b/c);
        - UBND các tỉnh, thành phố trực thuộc Trung ương;
        - Lưu: VT, Vụ CQĐP.
        KT. BỘ TRƯỞNG
        THỨ TRƯỞNG
        Vũ Chiến Thắng
        """,
    )
    assert info.issuing_body == "Bộ Nội vụ"
    assert (info.issuer_level, info.province, info.province_2025) == ("central", None, None)
    assert (info.issue_date, info.place) == ("2024-03-05", "Hà Nội")
    assert info.signer.model_dump() == {"name": "Vũ Chiến Thắng", "position": "Thứ trưởng", "authority": "KT. Bộ trưởng", "on_behalf_of": None}


def test_party_plan(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        TỈNH ỦY QUẢNG NINH ĐẢNG CỘNG SẢN VIỆT NAM
        *
        Số 45-KH/TU Hạ Long, ngày 20 tháng 4 năm 2024
        KẾ HOẠCH
        thực hiện Kết luận số 12-KL/TW của Bộ Chính trị
        Thực hiện Kết luận số 12-KL/TW, Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch như sau:
        I. MỤC ĐÍCH, YÊU CẦU
        Nơi nhận:
        - Ban Bí thư (để b/c),
        - Các huyện ủy, thị ủy, thành ủy,
        - Lưu Văn phòng Tỉnh ủy.
        T/M BAN THƯỜNG VỤ
        PHÓ BÍ THƯ THƯỜNG TRỰC
        Nguyễn Văn Hồi
        """,
    )
    assert (info.number, info.number_code) == ("45-KH/TU", "KH/TU")
    assert (info.issue_date, info.place) == ("2024-04-20", "Hạ Long")
    assert info.title == "thực hiện Kết luận số 12-KL/TW của Bộ Chính trị"
    assert info.issuing_body == "Tỉnh ủy Quảng Ninh"
    assert (info.issuer_level, info.province) == ("province", "Quảng Ninh")
    assert info.signer.model_dump() == {"name": "Nguyễn Văn Hồi", "position": "Phó Bí thư Thường trực", "authority": None, "on_behalf_of": "Ban Thường vụ"}
    assert info.recipients == ["Ban Bí thư (để b/c)", "Các huyện ủy, thị ủy, thành ủy"]


def test_district_party_committee_under_provincial_party(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ĐẢNG BỘ TỈNH BẮC NINH ĐẢNG CỘNG SẢN VIỆT NAM
        HUYỆN ỦY YÊN PHONG
        Số 112-KH/HU Yên Phong, ngày 9 tháng 9 năm 2024
        KẾ HOẠCH
        Tổ chức đại hội chi bộ
        I. MỤC ĐÍCH
        """,
    )
    assert info.issuing_body == "Huyện ủy Yên Phong"
    assert (info.issuer_level, info.province) == ("district", "Bắc Ninh")


def test_decision_issuing_a_plan(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN
        TỈNH LÀO CAI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 567/QĐ-UBND
        Lào Cai, ngày 12 tháng 6 năm 2024
        QUYẾT ĐỊNH
        Về việc ban hành Kế hoạch thực hiện dân chủ ở cơ sở năm 2024
        CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
        Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 10/TTr-SNV.
        QUYẾT ĐỊNH:
        Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện dân chủ ở cơ sở năm 2024.
        Điều 2. Quyết định có hiệu lực kể từ ngày ký.
        Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này./.
        Nơi nhận:
        - Như Điều 3;
        - Bộ Nội vụ;
        - Lưu: VT, NC.
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Hoàng Quốc Khánh
        ỦY BAN NHÂN DÂN
        TỈNH LÀO CAI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        KẾ HOẠCH
        Thực hiện dân chủ ở cơ sở năm 2024
        (Ban hành kèm theo Quyết định số 567/QĐ-UBND ngày 12/6/2024 của Ủy ban nhân dân tỉnh Lào Cai)
        I. MỤC ĐÍCH, YÊU CẦU
        1. Phát huy quyền làm chủ của Nhân dân.
        II. TỔ CHỨC THỰC HIỆN
        Sở Nội vụ theo dõi, đôn đốc thực hiện Kế hoạch này./.
        """,
    )
    assert info.doc_type == "Quyết định"
    assert (info.number, info.number_code, info.issue_date) == ("567/QĐ-UBND", "QĐ-UBND", "2024-06-12")
    assert info.title == "Về việc ban hành Kế hoạch thực hiện dân chủ ở cơ sở năm 2024"
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Lào Cai"
    assert (info.issuer_level, info.province, info.province_2025) == ("province", "Lào Cai", "Lào Cai")
    assert info.signer.model_dump() == {"name": "Hoàng Quốc Khánh", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch", "on_behalf_of": None}
    assert info.recipients == ["Như Điều 3", "Bộ Nội vụ"]
    assert info.attached_to == {"doc_type": "Kế hoạch", "title": "Thực hiện dân chủ ở cơ sở năm 2024", "number": None, "date": None}


def test_decision_without_the_plan_text(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        UBND TỈNH HÀ GIANG
        Số: 88/QĐ-UBND
        Hà Giang, ngày 3 tháng 1 năm 2025
        QUYẾT ĐỊNH
        Ban hành Kế hoạch cải cách hành chính năm 2025
        Căn cứ Luật Tổ chức chính quyền địa phương;
        """,
    )
    assert info.doc_type == "Quyết định"
    assert info.attached_to == {"doc_type": "Kế hoạch", "title": "Cải cách hành chính năm 2025", "number": None, "date": None}
    assert (info.province, info.province_2025) == ("Hà Giang", "Tuyên Quang")


def test_plan_attached_to_a_decision(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        KẾ HOẠCH
        Phát triển văn hóa đọc giai đoạn 2024 - 2025
        (Ban hành kèm theo Quyết định số 88/QĐ-UBND ngày 15 tháng 02 năm 2024 của UBND tỉnh Hải Dương)
        I. MỤC ĐÍCH
        1. Nâng cao văn hóa đọc.
        TL. CHỦ TỊCH
        CHÁNH VĂN PHÒNG
        Lê Thị Hà
        """,
    )
    assert info.doc_type == "Quyết định"
    assert (info.number, info.number_code, info.issue_date) == ("88/QĐ-UBND", "QĐ-UBND", "2024-02-15")
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Hải Dương"
    assert (info.province, info.province_2025) == ("Hải Dương", "Hải Phòng")
    assert info.attached_to == {"doc_type": "Kế hoạch", "title": "Phát triển văn hóa đọc giai đoạn 2024 - 2025", "number": None, "date": None}
    assert info.signer.model_dump() == {"name": "Lê Thị Hà", "position": "Chánh Văn phòng", "authority": "TL. Chủ tịch", "on_behalf_of": None}


def test_issuer_inferred_from_signature_and_place(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        Hà Tĩnh, ngày 8 tháng 8 năm 2024
        KẾ HOẠCH
        Phòng, chống thiên tai năm 2024
        I. MỤC ĐÍCH
        1. Chủ động phòng, chống thiên tai.
        TM. ỦY BAN NHÂN DÂN
        CHỦ TỊCH
        Võ Trọng Hải
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert (info.issuer_level, info.province) == ("province", "Hà Tĩnh")
    assert (info.number, info.number_code) == (None, None)
    assert "issuing_body: inferred from the signature" in warns


def test_relative_issuer_completed_with_the_place(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        Số: /KH-UBND
        Đà Nẵng, ngày tháng 7 năm 2023
        KẾ HOẠCH
        Phát triển du lịch năm 2023
        Nhằm phát triển du lịch, UBND thành phố ban hành Kế hoạch như sau:
        I. MỤC TIÊU
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert (info.issuer_level, info.province, info.province_2025) == ("province", "Đà Nẵng", "Đà Nẵng")
    assert info.issue_date == "2023-07"


def test_footer_columns_run_together(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 99/KH-UBND Cần Thơ, ngày 3 tháng 4 năm 2024
        KẾ HOẠCH
        Phát triển kinh tế đêm năm 2024
        I. MỤC TIÊU
        1. Thu hút khách du lịch./.
        Nơi nhận: TM. ỦY BAN NHÂN DÂN
        - Như trên; KT. CHỦ TỊCH
        - Sở Du lịch;
        - Lưu: VT. PHÓ CHỦ TỊCH
        Trần Chí Cường
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân thành phố Cần Thơ"
    assert (info.number, info.place, info.issue_date) == ("99/KH-UBND", "Cần Thơ", "2024-04-03")
    assert info.recipients == ["Như trên", "Sở Du lịch"]
    assert info.signer.model_dump() == {"name": "Trần Chí Cường", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch", "on_behalf_of": "Ủy ban nhân dân"}


def test_signature_before_recipients(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        SỞ Y TẾ TỈNH LÂM ĐỒNG
        Số: 77/KH-SYT
        Lâm Đồng, ngày 1 tháng 10 năm 2024
        KẾ HOẠCH
        Tiêm chủng mở rộng năm 2025
        I. MỤC TIÊU
        1. Tiêm đủ liều cho trẻ./.
        GIÁM ĐỐC
        Nguyễn Đức Thuận
        Nơi nhận:
        - Bộ Y tế;
        - UBND tỉnh;
        - Lưu: VT, NVY.
        """,
    )
    assert info.issuing_body == "Sở Y tế tỉnh Lâm Đồng"
    assert (info.issuer_level, info.province) == ("province", "Lâm Đồng")
    assert info.signer.model_dump() == {"name": "Nguyễn Đức Thuận", "position": "Giám đốc", "authority": None, "on_behalf_of": None}
    assert info.recipients == ["Bộ Y tế", "UBND tỉnh"]


def test_header_and_footer_tables(tmp_path):
    raw = RawDocument(
        [
            Block("table", rows=[["ỦY BAN NHÂN DÂN\nQUẬN HOÀN KIẾM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
                                 ["Số: 210/KH-UBND", "Hoàn Kiếm, ngày 14 tháng 3 năm 2024"]]),
            Block("para", "KẾ HOẠCH"),
            Block("para", "Chỉnh trang đô thị năm 2024"),
            Block("para", "I. MỤC ĐÍCH"),
            Block("para", "1. Chỉnh trang các tuyến phố./."),
            Block("table", rows=[["Nơi nhận:\n- Thường trực Quận ủy;\n- Các phường;\n- Lưu: VT.",
                                  "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhạm Tuấn Long"]]),
        ],
        SourceInfo("x.docx", "0", "docx"),
    )
    info, _ = extract_header(build_document(raw))
    assert info.issuing_body == "Ủy ban nhân dân quận Hoàn Kiếm"
    assert (info.issuer_level, info.province) == ("district", "Hà Nội")
    assert (info.number, info.issue_date, info.place) == ("210/KH-UBND", "2024-03-14", "Hoàn Kiếm")
    assert info.title == "Chỉnh trang đô thị năm 2024"
    assert info.recipients == ["Thường trực Quận ủy", "Các phường"]
    assert info.signer.model_dump() == {"name": "Phạm Tuấn Long", "position": "Chủ tịch", "authority": None, "on_behalf_of": "Ủy ban nhân dân"}


def test_no_heading_type_from_number_code(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
        Số: 15/KH-UBND
        Cao Bằng, ngày 2 tháng 2 năm 2024
        Căn cứ Luật Tổ chức chính quyền địa phương;
        """,
    )
    assert info.doc_type == "Kế hoạch"
    assert "doc_type: no type heading found" in warns
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Cao Bằng"


def test_outputs_are_nfc(tmp_path):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN TỈNH THANH HOÁ\nSố: 5/KH-UBND\nThanh Hoá, ngày 2 tháng 2 năm 2024\nKẾ HOẠCH\nTrồng cây xanh\n")
    p = tmp_path / "nfd.txt"
    p.write_text(decomposed, encoding="utf-8")
    info, _ = extract_header(ingest(p))
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert info.place == "Thanh Hóa" and info.province == "Thanh Hóa"
    for v in (info.issuing_body, info.place, info.title):
        assert unicodedata.is_normalized("NFC", v)


# --------------------------------------------------------------------------
# end to end over the seeds

FIELDS = ["doc_type", "number", "number_code", "issue_date", "place", "title", "issuing_body",
          "issuer_level", "province", "signer", "recipients"]


def test_seeds_against_gold(capsys):
    total: dict[str, int] = {f: 0 for f in FIELDS}
    mismatches: list[str] = []
    for seed in SEEDS:
        gold = gold_for(seed)["document"]
        info, _ = extract_header(ingest(seed))
        got = info.model_dump()
        for f in FIELDS:
            if got[f] == gold[f]:
                total[f] += 1
            else:
                mismatches.append(f"{seed.stem[:3]} {f}: got {got[f]!r}, gold {gold[f]!r}")
    with capsys.disabled():
        print()
        for f in FIELDS:
            print(f"  {f:13s} {total[f]}/{len(SEEDS)}")
        for m in mismatches:
            print("  MISMATCH", m)
    # every field is reached on every seed at the time of writing
    assert mismatches == []


def test_stamps_rank_and_tp_place(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        DỰ THẢO
        CÔNG AN THÀNH PHỐ HỒ CHÍ MINH
        Số: 301/KH-CATP
        TP. Hồ Chí Minh, ngày 11 tháng 11 năm 2024
        KẾ HOẠCH
        Bảo đảm an ninh, trật tự dịp Tết Nguyên đán
        I. MỤC ĐÍCH
        1. Giữ vững an ninh./.
        Nơi nhận:
        - Bộ Công an;
        - Lưu: VT, PV01.
        GIÁM ĐỐC
        Thiếu tướng Mai Hoàng
        """,
    )
    # Nghị định 30/2020/NĐ-CP spells "Thành phố Hồ Chí Minh" with a capital
    assert info.issuing_body == "Công an Thành phố Hồ Chí Minh"
    assert (info.issuer_level, info.province, info.place) == ("province", "Hồ Chí Minh", "TP. Hồ Chí Minh")
    assert (info.signer.name, info.signer.position) == ("Mai Hoàng", "Giám đốc")
    assert info.recipients == ["Bộ Công an"]


def test_uppercase_decision_title_stops_at_the_authority_line(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        UBND TỈNH THỪA THIÊN HUẾ
        Số: 12/QĐ-UBND
        Thừa Thiên Huế, ngày 4 tháng 1 năm 2024
        QUYẾT ĐỊNH
        VỀ VIỆC BAN HÀNH KẾ HOẠCH
        PHÒNG, CHỐNG DỊCH BỆNH NĂM 2024
        CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ
        Căn cứ Luật Tổ chức chính quyền địa phương;
        """,
    )
    assert info.title == "VỀ VIỆC BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG DỊCH BỆNH NĂM 2024"
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    assert (info.province, info.province_2025) == ("Thừa Thiên Huế", "Huế")
    assert info.attached_to["doc_type"] == "Kế hoạch"


def test_commune_after_the_2025_reorganisation(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN
        PHƯỜNG CHU VĂN AN
        Số: 7/KH-UBND
        Chu Văn An, ngày 5 tháng 8 năm 2025
        KẾ HOẠCH
        Chuyển đổi số năm 2025
        I. MỤC ĐÍCH
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân phường Chu Văn An"
    assert (info.issuer_level, info.province, info.province_2025) == ("commune", "Hải Phòng", "Hải Phòng")


def test_recipients_heading_word_in_the_body_is_not_the_list(tmp_path):
    info, _ = _info(
        tmp_path,
        """
        UBND TỈNH CÀ MAU
        Số: 3/KH-UBND
        Cà Mau, ngày 2 tháng 1 năm 2024
        KẾ HOẠCH
        Tiếp nhận hồ sơ trực tuyến
        I. NỘI DUNG
        Nơi nhận hồ sơ là Trung tâm Phục vụ hành chính công./.
        Nơi nhận:
        - Văn phòng UBND tỉnh;
        - Lưu: VT.
        """,
    )
    assert info.recipients == ["Văn phòng UBND tỉnh"]


def test_appendix_after_the_signature(tmp_path):
    rows = "\n".join(f"{i}. Nhiệm vụ thứ {i} của các cơ quan, đơn vị trong năm." for i in range(1, 80))
    info, _ = _info(
        tmp_path,
        """
        UBND TỈNH PHÚ YÊN
        Số: 21/KH-UBND
        Phú Yên, ngày 6 tháng 6 năm 2024
        KẾ HOẠCH
        Phát triển thương mại điện tử
        I. MỤC TIÊU
        1. Tăng doanh thu./.
        Nơi nhận:
        - Bộ Công Thương;
        - Lưu: VT.
        TM. ỦY BAN NHÂN DÂN
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Đào Mỹ
        PHỤ LỤC
        DANH SÁCH NHIỆM VỤ
        """
        + textwrap.indent(rows, " " * 8),
    )
    assert info.signer.model_dump() == {"name": "Đào Mỹ", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch", "on_behalf_of": "Ủy ban nhân dân"}
    assert info.recipients == ["Bộ Công Thương"]
    assert (info.province, info.province_2025) == ("Phú Yên", "Đắk Lắk")


def test_web_export_with_broken_lines(tmp_path):
    # a portal export: table cells flattened, motto and date broken over
    # lines, an all-caps title wrapped in the middle of a name
    info, _ = _info(
        tmp_path,
        """
        ỦY BAN NHÂN DÂN
        TỈNH YÊN BÁI
        -------
        |
        CỘNG
        HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        ---------------
        |
        Số: 68/KH-UBND
        |
        Yên
        Bái, ngày 11 tháng 3
        năm 2020
        |
        KẾ HOẠCH
        VỀ VIỆC TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW NGÀY 03/9/2019 CỦA BAN
        BÍ THƯ VỀ XÂY DỰNG QUAN HỆ LAO ĐỘNG HÀI HÒA
        Căn cứ Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư về xây dựng quan hệ lao động hài hòa. UBND tỉnh ban hành Kế hoạch triển khai thực hiện như sau:
        I. MỤC ĐÍCH, YÊU CẦU
        """,
    )
    assert (info.number, info.place, info.issue_date) == ("68/KH-UBND", "Yên Bái", "2020-03-11")
    assert info.title == "VỀ VIỆC TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW NGÀY 03/9/2019 CỦA BAN BÍ THƯ VỀ XÂY DỰNG QUAN HỆ LAO ĐỘNG HÀI HÒA"
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Yên Bái"
    assert (info.province, info.province_2025) == ("Yên Bái", "Lào Cai")


def test_preamble_issuer_after_a_citation_sentence(tmp_path):
    info, warns = _info(
        tmp_path,
        """
        Số: /KH-UBND
        Sơn La, ngày tháng 3 năm 2020
        KẾ HOẠCH
        Xây dựng quan hệ lao động hài hòa
        Căn cứ Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư; Kế hoạch số 185-KH/TU của Ban Thường vụ Tỉnh ủy ban hành kế hoạch thực hiện Chỉ thị. UBND tỉnh ban hành Kế hoạch triển khai như sau:
        I. MỤC ĐÍCH
        """,
    )
    assert info.issuing_body == "Ủy ban nhân dân tỉnh Sơn La"
    assert "issuing_body: inferred from the preamble" in warns


def test_a_school_under_its_department_in_markdown(tmp_path):
    info, _ = _info(tmp_path, """
        **SỞ GIÁO DỤC VÀ ĐÀO TẠO**
        **QUẢNG TRỊ**

        **TRƯỜNG THCS HẢI LĂNG**

        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
        **Độc lập – Tự do – Hạnh phúc**

        Số: 21/KH-THCSHL

        _Hải Lăng, ngày 09 tháng 9 năm 2025_

        **KẾ HOẠCH**

        **Tổ chức Ngày hội đọc sách năm học 2025 - 2026**

        ## I. MỤC ĐÍCH, YÊU CẦU

        Khuyến khích học sinh đọc sách.
        """)
    assert info.place == "Hải Lăng" and info.issue_date == "2025-09-09"
    assert info.issuing_body == "Trường Trung học cơ sở Hải Lăng"
    assert info.province == "Quảng Trị"
