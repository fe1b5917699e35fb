from extract.agency import fold, match_key, normalize_agency_name, split_agencies, starts_with_agency


def test_normalize_expands_and_drops_courtesy_words():
    assert normalize_agency_name("Đề nghị UBMTTQ Việt Nam tỉnh;") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert normalize_agency_name("Giao Phòng Nội vụ") == "Phòng Nội vụ"
    assert normalize_agency_name("các phòng, ban thuộc UBND huyện") == "Các phòng, ban thuộc Ủy ban nhân dân huyện"
    assert normalize_agency_name("Liên đoàn LĐ tỉnh") == "Liên đoàn Lao động tỉnh"


def test_fold_is_for_matching_only():
    assert fold("Ủy ban nhân dân Đồng Tháp") == "uy ban nhan dan dong thap"
    assert match_key("UBND huyện Cần Giờ") == match_key("Ủy ban nhân dân huyện Cần Giờ")


def test_split_keeps_collectives_and_names_with_va():
    assert split_agencies("Sở Kế hoạch và Đầu tư, Sở Tài chính và các sở, ban, ngành liên quan") == [
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài chính",
        "các sở, ban, ngành liên quan",
    ]
    assert split_agencies("Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh; Ủy ban nhân dân các huyện, thị xã") == [
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Ủy ban nhân dân các huyện, thị xã",
    ]


def test_split_distributes_levels_and_drops_parentheses():
    assert split_agencies("UBND cấp huyện, cấp xã (theo phân cấp)") == ["UBND cấp huyện", "UBND cấp xã"]
    assert split_agencies("Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh và Truyền hình tỉnh") == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Đài Phát thanh và Truyền hình tỉnh",
    ]


def test_starts_with_agency():
    assert starts_with_agency("Sở Y tế chủ trì")
    assert starts_with_agency("các phòng chuyên môn")
    assert not starts_with_agency("Ban hành quy chế")
    assert not starts_with_agency("Tổ chức hội nghị")


def test_split_keeps_a_persons_field_of_work_whole():
    # "phụ trách …" names a field: its "và" joins fields, not bodies
    assert split_agencies("Công chức phụ trách lĩnh vực dân tộc và tôn giáo; Phòng Văn hóa - Xã hội") == [
        "Công chức phụ trách lĩnh vực dân tộc và tôn giáo",
        "Phòng Văn hóa - Xã hội",
    ]
    assert split_agencies("Phó Chủ tịch phụ trách kinh tế và các phòng chuyên môn") == [
        "Phó Chủ tịch phụ trách kinh tế",
        "các phòng chuyên môn",
    ]
    # without a field word, a lower-case body after "và" is a body of its own
    assert split_agencies("Sở Tư pháp và doanh nghiệp nhà nước") == ["Sở Tư pháp", "doanh nghiệp nhà nước"]


def test_tu_phap_in_capitals_is_no_abbreviation_of_trung_uong():
    from extract import gazetteer as gz
    from extract.agency import expand_abbreviations_in_capitals as expand

    assert gz.proper_case(expand("BỘ TƯ PHÁP")) == "Bộ Tư pháp"
    assert gz.proper_case(expand("SỞ TƯ PHÁP TỈNH NGHỆ AN")) == "Sở Tư pháp tỉnh Nghệ An"
    assert "Trung ương" in expand("BAN CHẤP HÀNH TƯ ĐẢNG")


def test_split_keeps_a_verb_after_va_in_the_name_and_drops_a_dangling_va():
    assert split_agencies("Vụ Pháp luật quốc tế, Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật") == [
        "Vụ Pháp luật quốc tế", "Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật"]
    # a noun that also is a predicate word ("tổ chức có liên quan") opens a body
    assert split_agencies("Sở Y tế và tổ chức có liên quan") == ["Sở Y tế", "tổ chức có liên quan"]
    assert split_agencies("Phòng Tư pháp, Phòng Nội vụ và") == ["Phòng Tư pháp", "Phòng Nội vụ"]


def test_sectors_and_forces_are_bodies():
    assert starts_with_agency("ngành giáo dục tổ chức vệ sinh trường học")
    assert not starts_with_agency("ngành nghề nông thôn")
    assert split_agencies("lực lượng quân đội, công an") == ["lực lượng quân đội", "công an"]
    # a modifier is no body: the army's press
    assert split_agencies("Các cơ quan báo chí Trung ương, địa phương, quân đội") == [
        "Các cơ quan báo chí Trung ương, địa phương, quân đội"]


def test_a_group_of_generic_nouns_goes_on_after_va():
    assert split_agencies("Các sở, ngành, địa phương và đơn vị") == ["Các sở, ngành, địa phương và đơn vị"]
    assert split_agencies("các sở, ngành, Liên đoàn Lao động tỉnh và địa phương") == [
        "các sở, ngành", "Liên đoàn Lao động tỉnh", "địa phương"]


def test_the_central_body_of_a_mass_organisation_opens_a_name():
    assert split_agencies("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh") == [
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"]


def test_fields_of_work_listed_after_a_person_title_stay_one_name():
    assert split_agencies("Công chức phụ trách lĩnh vực Địa chính, Xây dựng") == [
        "Công chức phụ trách lĩnh vực Địa chính, Xây dựng"]
    # a body with its place after the field is a second name
    assert split_agencies("Cán bộ phụ trách lĩnh vực văn hóa, Công an xã") == [
        "Cán bộ phụ trách lĩnh vực văn hóa", "Công an xã"]
    assert split_agencies("Sở Nội vụ, Văn phòng") == ["Sở Nội vụ", "Văn phòng"]


def test_field_abbreviations_of_ministries_and_departments_are_written_out():
    from extract.agency import normalize_agency_name

    assert normalize_agency_name("Sở TN&MT tỉnh") == "Sở Tài nguyên và Môi trường tỉnh"
    assert normalize_agency_name("Bộ NN&PTNT") == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert normalize_agency_name("Phòng LĐ-TB&XH huyện") == "Phòng Lao động - Thương binh và Xã hội huyện"


def test_a_kind_of_body_after_generic_nouns_and_military_abbreviations():
    assert split_agencies("Các sở, ban, ngành, tổ chức chính trị - xã hội") == ["Các sở, ban, ngành", "tổ chức chính trị - xã hội"]
    assert split_agencies("Các sở, ban, ngành, đoàn thể") == ["Các sở, ban, ngành, đoàn thể"]
    assert normalize_agency_name("Bộ CHQS tỉnh") == "Bộ Chỉ huy Quân sự tỉnh"


def test_split_names_whose_field_is_a_pair_of_common_nouns():
    # "… tài nguyên và môi trường": a lower-case pair of nouns inside one name
    assert split_agencies("Viện Nghiên cứu quản lý đất đai và môi trường, Sở Xây dựng") == [
        "Viện Nghiên cứu quản lý đất đai và môi trường",
        "Sở Xây dựng",
    ]
    # a generic body after "và" is still one more body
    assert split_agencies("Sở Y tế và bệnh viện tuyến huyện") == ["Sở Y tế", "bệnh viện tuyến huyện"]
    assert split_agencies("Công an tỉnh và lực lượng dân quân") == ["Công an tỉnh", "lực lượng dân quân"]


def test_split_generic_body_with_its_owner_after_a_proper_name():
    assert split_agencies("Chi cục Kiểm lâm, cơ quan chuyên môn thuộc Ủy ban nhân dân huyện") == [
        "Chi cục Kiểm lâm",
        "cơ quan chuyên môn thuộc Ủy ban nhân dân huyện",
    ]
    # a place list and a post's second object go on over the comma
    assert split_agencies("Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương") == [
        "Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương"]
    assert split_agencies("Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ") == [
        "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ"]
    assert split_agencies("Thủ trưởng các sở, ban, ngành trực thuộc Ủy ban nhân dân tỉnh") == [
        "Thủ trưởng các sở, ban, ngành trực thuộc Ủy ban nhân dân tỉnh"]
    # newspapers and journals are bodies
    assert split_agencies("Báo Lao động, Tạp chí Cộng sản") == ["Báo Lao động", "Tạp chí Cộng sản"]
