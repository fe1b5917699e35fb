"""The gazetteer over vietnamadminunits' data: provinces, units, the 2025
merger, case restoration and levels. Real units from several regions."""

import pytest

from extract.gazetteer import (
    find_province,
    find_provinces,
    is_central_city,
    proper_case,
    province_2025,
    province_of,
    provinces_of,
    split_unit,
    unit_level,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tỉnh Hưng Yên", "Hưng Yên"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("HƯNG YÊN", "Hưng Yên"),
        ("Tỉnh ủy Hưng Yên", "Hưng Yên"),
        ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Lào Cai"),
        ("Ủy ban nhân dân thành phố Cần Thơ", "Cần Thơ"),
        ("tỉnh Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("UBND tỉnh Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("tỉnh Đắk Lắk", "Đắk Lắk"),
        ("UBND tỉnh Thanh Hoá", "Thanh Hóa"),  # old tone-mark position
        # a district-level city lies in the province of the same name
        ("UBND thành phố Lạng Sơn", "Lạng Sơn"),
    ],
)
def test_find_province(text, expected):
    assert find_province(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "huyện Quảng Ninh",  # a district of Quảng Bình, not the province
        "xã Hòa Bình",
        "giữ gìn hòa bình",
        "Sở Nội vụ",
    ],
)
def test_find_province_none(text):
    assert find_province(text) is None


def test_find_provinces_strong_mentions_first():
    text = "Học tập Bác Hồ. Nhân dân Lạng Sơn và Ủy ban nhân dân tỉnh Cao Bằng"
    assert find_provinces(text) == ["Cao Bằng", "Lạng Sơn"]
    assert find_provinces(text, strong_only=True) == ["Cao Bằng"]


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("Quận 1", "Hồ Chí Minh"),
        ("thị xã Mỹ Hào", "Hưng Yên"),
        ("huyện Đông Anh", "Hà Nội"),
        ("phường Bạch Sam", "Hưng Yên"),
        ("thành phố Vinh", "Nghệ An"),
        ("huyện Krông Pắc", "Đắk Lắk"),
        ("thị xã Sơn Tây", "Hà Nội"),
        ("huyện Sơn Tây", "Quảng Ngãi"),  # same name, other type, other province
        ("huyện Mộc Châu", "Sơn La"),
        ("huyện Côn Đảo", "Bà Rịa - Vũng Tàu"),
        ("thành phố Cần Thơ", "Cần Thơ"),
        ("HUYỆN ĐÔNG ANH", "Hà Nội"),
    ],
)
def test_province_of(unit, expected):
    assert province_of(unit) == expected


def test_province_of_type_argument():
    assert province_of("Mỹ Hào", unit_type="thị xã") == "Hưng Yên"
    assert province_of("Sơn Tây", unit_type="huyện") == "Quảng Ngãi"


def test_ambiguous_names_need_a_hint():
    assert len(provinces_of("huyện Châu Thành")) > 5
    assert province_of("huyện Châu Thành") is None
    assert province_of("huyện Châu Thành", hint="Tiền Giang") == "Tiền Giang"
    assert province_of("huyện Châu Thành", hint="tỉnh Bến Tre") == "Bến Tre"
    assert province_of("xã Tân Lập") is None
    assert province_of("xã Tân Lập", hint="Hà Nội") == "Hà Nội"
    # a hint that is not among the candidates does not decide
    assert province_of("xã Tân Lập", hint="Cà Mau") is None
    # a numbered ward exists in many provinces
    assert province_of("Phường 5") is None


def test_hint_by_2025_successor():
    # Thái Bình merged into Hưng Yên in 2025: a plan naming the new province
    # resolves a former Thái Bình district under its own name
    assert province_of("huyện Kiến Xương") == "Thái Bình"
    assert province_of("huyện Kiến Xương", hint="Hưng Yên") == "Hưng Yên"


def test_unknown_unit():
    assert province_of("xã Không Có Thật") is None
    assert provinces_of("") == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("Hải Dương", "Hải Phòng"),
        ("Hà Giang", "Tuyên Quang"),
        ("Thái Bình", "Hưng Yên"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Sóc Trăng", "Cần Thơ"),
        ("Bạc Liêu", "Cà Mau"),
        ("Yên Bái", "Lào Cai"),
        ("Nam Định", "Ninh Bình"),
        ("tỉnh Hà Nam", "Ninh Bình"),
        ("Thừa Thiên Huế", "Huế"),
        # unchanged provinces map to themselves
        ("Hà Nội", "Hà Nội"),
        ("Lạng Sơn", "Lạng Sơn"),
        ("Nghệ An", "Nghệ An"),
        ("Cao Bằng", "Cao Bằng"),
        # already a 2025 province
        ("Hưng Yên", "Hưng Yên"),
        ("Hồ Chí Minh", "Hồ Chí Minh"),
    ],
)
def test_province_2025(old, new):
    assert province_2025(old) == new


def test_province_2025_unknown():
    assert province_2025("Xứ Sở Thần Tiên") is None
    assert province_2025(None) is None


def test_central_cities():
    assert is_central_city("Hải Phòng") and is_central_city("Cần Thơ") and is_central_city("Hồ Chí Minh")
    assert not is_central_city("Lạng Sơn") and not is_central_city("Vinh")


@pytest.mark.parametrize(
    "upper, expected",
    [
        ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("UBND HUYỆN ĐÔNG ANH", "Ủy ban nhân dân huyện Đông Anh"),
        ("SỞ Y TẾ", "Sở Y tế"),
        ("QUẬN 1", "Quận 1"),
        ("ỦY BAN NHÂN DÂN QUẬN 1", "Ủy ban nhân dân Quận 1"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG 12", "Ủy ban nhân dân Phường 12"),
        ("TỈNH ỦY QUẢNG NINH", "Tỉnh ủy Quảng Ninh"),
        ("HUYỆN ỦY YÊN PHONG", "Huyện ủy Yên Phong"),
        ("ĐẢNG ỦY XÃ TÂN LẬP", "Đảng ủy xã Tân Lập"),
        ("BỘ NỘI VỤ", "Bộ Nội vụ"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("UBND TỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
        ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH ĐẮK LẮK", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk"),
        ("BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ TỈNH", "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở tỉnh"),
        ("UBND TP. HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng Cộng sản Việt Nam"),
        ("TRƯỜNG THPT SỐ 1", "Trường Trung học phổ thông số 1"),  # abbreviation written out
        # a province without its unit type right after a body word
        ("SỞ Y TẾ NGHỆ AN", "Sở Y tế Nghệ An"),
        ("CÔNG AN QUẢNG NGÃI", "Công an Quảng Ngãi"),
        ("BAN CHỈ ĐẠO GIỮ GÌN HÒA BÌNH", "Ban Chỉ đạo giữ gìn hòa bình"),
        # mixed-case input is kept as written
        ("Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("UBND xã Tân Lập", "Ủy ban nhân dân xã Tân Lập"),
    ],
)
def test_proper_case(upper, expected):
    assert proper_case(upper) == expected


def test_proper_case_unknown_place_is_title_cased():
    assert proper_case("ỦY BAN NHÂN DÂN XÃ HOA SEN MỚI") == "Ủy ban nhân dân xã Hoa Sen Mới"


@pytest.mark.parametrize(
    "name, level",
    [
        ("Ủy ban nhân dân tỉnh Lào Cai", "province"),
        ("Ủy ban nhân dân thành phố Hải Phòng", "province"),
        ("Ủy ban nhân dân thành phố Vinh", "district"),
        ("Ủy ban nhân dân Quận 1", "district"),
        ("Ủy ban nhân dân huyện Đông Anh", "district"),
        ("Ủy ban nhân dân thị xã Mỹ Hào", "district"),
        ("Ủy ban nhân dân phường Bạch Sam", "commune"),
        ("Đảng ủy xã Tân Lập", "commune"),
        ("Sở Y tế", "province"),
        ("Sở Nội vụ thành phố Hà Nội", "province"),
        ("Bộ Nội vụ", "central"),
        ("Thủ tướng Chính phủ", "central"),
        ("Ban Tuyên giáo Trung ương", "central"),
        ("Tỉnh ủy Quảng Ninh", "province"),
        ("Ban Dân vận Tỉnh ủy", "province"),
        ("Huyện ủy Yên Phong", "district"),
        ("Bộ Chỉ huy Quân sự tỉnh Nghệ An", "province"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn", "province"),
        ("UBND huyện Đông Anh", "district"),
    ],
)
def test_unit_level(name, level):
    assert unit_level(name) == level


@pytest.mark.parametrize(
    "name",
    ["Ủy ban nhân dân thành phố", "Ủy ban nhân dân", "các tổ chức chính trị - xã hội", "Phòng Nội vụ", None],
)
def test_unit_level_unknown(name):
    assert unit_level(name) is None


def test_split_unit():
    assert split_unit("thị xã Mỹ Hào") == ("thị xã", "Mỹ Hào")
    assert split_unit("Quận 1") == ("quận", "1")
    assert split_unit("Bạch Sam") == (None, "Bạch Sam")


def test_former_province_name_by_date():
    # Thừa Thiên Huế became Thành phố Huế on 2025-01-01
    assert province_of("thị xã Hương Trà", date="2023-05-01") == "Thừa Thiên Huế"
    assert province_of("thị xã Hương Trà", date="2025-03-01") == "Huế"
    assert province_of("thị xã Hương Trà", hint="tỉnh Thừa Thiên Huế") == "Thừa Thiên Huế"


def test_national_committees_are_central():
    from extract.gazetteer import unit_level

    assert unit_level("Ban Chỉ đạo quốc gia về phòng, chống thiên tai") == "central"
    assert unit_level("Ủy ban Quốc gia về người cao tuổi Việt Nam") == "central"
    # "quốc gia" inside a province's committee does not decide
    assert unit_level("Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh Hà Giang") == "province"


def test_fixed_spellings():
    from extract.gazetteer import fixed_spelling, proper_case

    assert proper_case("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH") == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert fixed_spelling("Sở Y tế thành phố Hồ Chí Minh") == "Sở Y tế Thành phố Hồ Chí Minh"
    # other cities keep the unit type in lower case
    assert proper_case("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ") == "Ủy ban nhân dân thành phố Cần Thơ"


def test_proper_case_abbreviation_inside_a_capitals_line():
    from extract.gazetteer import proper_case

    assert proper_case("ỦY BAN MTTQ VIỆT NAM XÃ TÂN PHÚ") == "Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Phú"
    assert proper_case("TRƯỜNG THPT NGUYỄN DU") == "Trường Trung học phổ thông Nguyễn Du"


def test_a_cited_decision_in_a_name_keeps_its_number_as_printed():
    from extract.gazetteer import proper_case

    assert proper_case("ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT") == "Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT"
    assert proper_case("BAN CHỈ ĐẠO THEO NGHỊ QUYẾT SỐ 52-NQ/TU") == "Ban Chỉ đạo theo Nghị quyết số 52-NQ/TU"
    assert proper_case("TRƯỜNG THCS SỐ 1") == "Trường Trung học cơ sở số 1"  # a school's number is no document
