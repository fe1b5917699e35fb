from extract.document import Block, RawDocument, SourceInfo
from extract.normalize import build_document, fix_tone_marks, is_debris, normalize_line, split_header_columns


def _doc(*blocks):
    return build_document(RawDocument(list(blocks), SourceInfo("x.txt", "0", "txt")))


def test_tone_marks_old_style_on_open_syllables():
    assert fix_tone_marks("Uỷ ban nhân dân") == "Ủy ban nhân dân"
    assert fix_tone_marks("hoà giải, thuỷ lợi, khoẻ mạnh, tuỳ") == "hòa giải, thủy lợi, khỏe mạnh, tùy"
    assert fix_tone_marks("HOÀ BÌNH") == "HÒA BÌNH"


def test_tone_marks_leave_closed_syllables_and_qu():
    for w in ["quý", "hoàn thành", "khuyến khích", "thuyết minh", "Quý III", "hoạch"]:
        assert fix_tone_marks(w) == w


def test_normalize_line_nfc_slash_markup():
    import unicodedata

    assert normalize_line(unicodedata.normalize("NFD", "Quyết định số 12⁄2023")) == "Quyết định số 12/2023"
    assert normalize_line("Số: **53** /KH-UBND") == "Số: 53/KH-UBND"
    assert normalize_line("## **II. NỘI DUNG**") == "II. NỘI DUNG"
    assert normalize_line("a\u00a0 b\u200b c") == "a b c"


def test_debris_lines():
    assert is_debris("H") and is_debris("JL") and is_debris("**") and is_debris("—")
    assert not is_debris("a)") and not is_debris("II.") and not is_debris("Lê Văn An") and not is_debris("./.")


def test_header_columns_split():
    lines = ["ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND Nam Định, ngày 3 tháng 4 năm 2024"]
    assert split_header_columns(lines) == [
        "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/KH-UBND",
        "Nam Định, ngày 3 tháng 4 năm 2024",
    ]


def test_footnote_moved_out_and_paragraph_rejoined():
    d = _doc(
        Block("para", "c) Tổ chức hội nghị tại các xã² và các đơn vị trên", page=1),
        Block("para", "² Gồm các xã A, B, C.", page=1),
        Block("para", "địa bàn tỉnh.", page=2),
        Block("para", "d) Báo cáo kết quả.", page=2),
    )
    assert d.text == "c) Tổ chức hội nghị tại các xã và các đơn vị trên địa bàn tỉnh.\nd) Báo cáo kết quả."
    assert [(f.marker, f.text) for f in d.footnotes] == [("2", "Gồm các xã A, B, C.")]
    assert d.text[d.footnotes[0].anchor - 6 : d.footnotes[0].anchor] == "các xã"
    assert d.page_at(0) == 1 and d.page_at(len(d.text) - 1) == 2


def test_labels_are_not_joined():
    d = _doc(Block("para", "1. Mục đích"), Block("para", "a) Nâng cao nhận thức"), Block("para", "b) tăng cường"))
    assert [p.text for p in d.paragraphs] == ["1. Mục đích", "a) Nâng cao nhận thức", "b) tăng cường"]


def test_header_table_rendered_row_by_row():
    d = _doc(
        Block("table", rows=[["ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"], ["Số: 7/KH-UBND", "Lào Cai, ngày 2 tháng 3 năm 2024"]]),
        Block("para", "KẾ HOẠCH"),
    )
    assert d.text.split("\n") == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÀO CAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 7/KH-UBND",
        "Lào Cai, ngày 2 tháng 3 năm 2024",
        "KẾ HOẠCH",
    ]
    assert d.tables == []


def test_task_table_kept_as_table():
    d = _doc(Block("para", "PHỤ LỤC"), Block("table", rows=[["STT", "Nội dung", "Cơ quan chủ trì"], ["1", "Tập huấn", "Sở Nội vụ"]]))
    assert d.tables[0].rows[1] == ["1", "Tập huấn", "Sở Nội vụ"]
    assert d.text[d.tables[0].start : d.tables[0].end] == "STT | Nội dung | Cơ quan chủ trì\n1 | Tập huấn | Sở Nội vụ"


def test_upper_case_heading_not_joined_with_lower_case_title():
    d = _doc(Block("para", "KẾ HOẠCH"), Block("para", "thực hiện Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung ương"))
    assert [p.text for p in d.paragraphs] == ["KẾ HOẠCH", "thực hiện Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung ương"]


# --------------------------------------------------------------------------
# letter-spaced words and header rules


def test_repair_spacing_upper_case_header_line():
    from extract.normalize import repair_spacing

    assert repair_spacing("ỦY B AN NHÂN D Â N T ỈNH B ÌNH Đ ỊNH") == "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"
    assert repair_spacing("S Ở G IÁO D ỤC V À Đ ÀO T ẠO") == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"


def test_repair_spacing_mixed_case_keeps_acronyms():
    from extract.normalize import repair_spacing

    assert repair_spacing("T hành phố Đà N ẵng, ngày 3 tháng 4 năm 2019") == "Thành phố Đà Nẵng, ngày 3 tháng 4 năm 2019"
    # spaced throughout: lone letters and spaced acronyms re-joined
    assert repair_spacing("- V P U B : C á c P V P ; - T h ườ ng t r ự c H Đ N D ;") == "- VPUB: Các PVP; - Thường trực HĐND;"


def test_repair_spacing_leaves_clean_text_alone():
    from extract.normalize import repair_spacing

    for line in ["ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH", "UBND TP. HCM", "SỞ GD&ĐT TỈNH NGHỆ AN", "Sở Y tế tỉnh Nghệ An",
                 "Số: 12/KH-UBND", "Quận 1, ngày 5 tháng 3 năm 2024", "PHÒNG GD-ĐT"]:
        assert repair_spacing(line) == line


def test_is_letter_spaced():
    from extract.normalize import is_letter_spaced

    assert is_letter_spaced("- B ộ X â y d ự n g ; - S ở T à i c h í nh ;")
    assert not is_letter_spaced("- Bộ Ng o ại giao; - Bộ Tài chính; - Văn phòng Chính phủ; - Lưu: VT.")


def test_header_table_rules_do_not_glue_the_next_column():
    d = _doc(
        Block("table", rows=[
            ["SỞ NỘI VỤ -------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------"],
            ["Số: 5/KH-SNV", "Huế, ngày 2 tháng 3 năm 2021"],
        ]),
        Block("para", "KẾ HOẠCH"),
    )
    texts = [p.text for p in d.paragraphs]
    assert "SỞ NỘI VỤ" in texts and "Số: 5/KH-SNV" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts


def test_strip_rules():
    from extract.normalize import strip_rules

    assert strip_rules("BỘ Y TẾ -------") == "BỘ Y TẾ"
    assert strip_rules("_____ Hà Nội") == "Hà Nội"
    assert strip_rules("Lao động - Thương binh") == "Lao động - Thương binh"
    assert strip_rules("-------") == "-------"


def test_header_flattened_by_a_crawler_is_split():
    # the header of a real crawled decision (corpora/found/21) on one line
    line = ("Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG "
            "TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU “VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO TRONG TÌNH HÌNH MỚI” ỦY BAN NHÂN DÂN TỈNH KON TUM")
    assert split_header_columns([line]) == [
        "Số: 435/QĐ-UBND",
        "Kon Tum, ngày 04 tháng 5 năm 2020",
        "QUYẾT ĐỊNH",
        "V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU “VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO TRONG TÌNH HÌNH MỚI”",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
    ]
    # a title that names a body after "của" is not cut
    t = "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT CỦA ỦY BAN NHÂN DÂN TỈNH"
    assert split_header_columns([t]) == ["KẾ HOẠCH", "THỰC HIỆN NGHỊ QUYẾT CỦA ỦY BAN NHÂN DÂN TỈNH"]


def test_labels_left_on_the_line_above_or_alone_go_to_their_item():
    d = _doc(
        Block("para", "1. Tăng cường sự lãnh đạo của cấp ủy, tổ chức đảng 1.1."),
        Block("para", "Tổ chức nghiên cứu, tuyên truyền Chỉ thị số 37-CT/TW."),
        Block("para", "- Thời gian thực hiện: hoàn thành trong quý II/2020."),
        Block("para", "2.2."),
        Block("para", "Tăng cường kiểm tra, thanh tra chấp hành pháp luật về lao động."),
        Block("para", "Thực hiện theo hướng dẫn tại mục 1.2."),
        Block("para", "Báo cáo kết quả về Sở Nội vụ."),
    )
    assert d.text.split("\n") == [
        "1. Tăng cường sự lãnh đạo của cấp ủy, tổ chức đảng",
        "1.1. Tổ chức nghiên cứu, tuyên truyền Chỉ thị số 37-CT/TW.",
        "- Thời gian thực hiện: hoàn thành trong quý II/2020.",
        "2.2. Tăng cường kiểm tra, thanh tra chấp hành pháp luật về lao động.",
        "Thực hiện theo hướng dẫn tại mục 1.2.",
        "Báo cáo kết quả về Sở Nội vụ.",
    ]


def test_a_long_line_costs_its_length_once(tmp_path):
    # the letter-spacing check asks about each word; a line of 300,000
    # characters repeats the same few words, so the lookups are cached (header
    # spacing repair; a 1.6 M-character line took 65 s, now about half)
    from extract.header import extract_header
    from extract.ingest import ingest
    from extract.normalize import is_syllable

    is_syllable.cache_clear()
    f = tmp_path / "long.txt"
    f.write_text("KẾ HOẠCH\n" + "Sở Y tế chủ trì " * 4000, encoding="utf-8")
    extract_header(ingest(f))
    info = is_syllable.cache_info()
    assert info.misses < 50 and info.hits > 2000, info


def test_signature_flattened_with_the_attached_plans_heading_is_split():
    from extract.normalize import split_signature_run

    line = ("KT. BỘ TRƯỞNG THỨ TRƯỞNG Đinh Trung Tụng KẾ HOẠCH TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH PHỐI HỢP "
            "CÔNG TÁC NĂM 2015 (Ban hành kèm theo Quyết định số 173/QĐ-BTP)")
    assert split_signature_run(line) == [
        "KT. BỘ TRƯỞNG THỨ TRƯỞNG Đinh Trung Tụng",
        "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC NĂM 2015 (Ban hành kèm theo Quyết định số 173/QĐ-BTP)",
    ]
    assert split_signature_run("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp") == [
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp"]
    # the enacting body after a title ending with a year
    assert split_header_columns(["QUYẾT ĐỊNH BAN HÀNH KẾ HOẠCH PHỐI HỢP NĂM 2015 BỘ TRƯỞNG BỘ TƯ PHÁP"]) == [
        "QUYẾT ĐỊNH", "BAN HÀNH KẾ HOẠCH PHỐI HỢP NĂM 2015", "BỘ TRƯỞNG BỘ TƯ PHÁP"]


def test_a_dash_before_a_lower_case_word_is_a_broken_line_not_a_bullet():
    d = _doc(
        Block("para", "- Đơn vị phối hợp: Văn phòng Sở, Phòng Tổ chức"),
        Block("para", "- cán bộ, Phòng Kế hoạch - Tài chính."),
        Block("para", "- Thời gian thực hiện: Quý II/2024."),
    )
    assert [p.text for p in d.paragraphs] == [
        "- Đơn vị phối hợp: Văn phòng Sở, Phòng Tổ chức cán bộ, Phòng Kế hoạch - Tài chính.",
        "- Thời gian thực hiện: Quý II/2024.",
    ]


def test_a_heading_flattened_with_its_first_item_is_split():
    d = _doc(
        Block("para", "2. Phát triển thị trường lao động 2.1. Rà soát nhu cầu tuyển dụng của doanh nghiệp."),
        Block("para", "2.2. Tổ chức phiên giao dịch việc làm."),
    )
    assert [p.text for p in d.paragraphs] == [
        "2. Phát triển thị trường lao động",
        "2.1. Rà soát nhu cầu tuyển dụng của doanh nghiệp.",
        "2.2. Tổ chức phiên giao dịch việc làm.",
    ]
    # a reference to an item inside a sentence is no label
    d = _doc(Block("para", "3. Thực hiện như nội dung tại điểm 3.1. Kế hoạch số 12/KH-UBND."))
    assert len(d.paragraphs) == 1


def test_a_gazettes_running_heads_and_signature_stamps_are_dropped():
    lines = ["THỦ TƯỚNG CHÍNH PHỦ", "KẾ HOẠCH", "Triển khai chính sách", "I. MỤC TIÊU",
             "CÔNG BÁO/Số 112/Ngày 03-04-2025", "57", "Bảo đảm an sinh xã hội.",
             "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ngày ký: 2025-04-03 08:10:00 +07:00",
             "CÔNG BÁO/Số 112/Ngày 03-04-2025 58", "II. NHIỆM VỤ", "1. Rà soát chính sách."]
    doc = _doc(*(Block("para", text=t) for t in lines))
    assert "CÔNG BÁO" not in doc.text and "Ký bởi" not in doc.text and "\n57\n" not in doc.text
    assert "Bảo đảm an sinh xã hội." in doc.text and "1. Rà soát chính sách." in doc.text


def test_an_italic_label_whose_star_follows_the_colons_space():
    assert normalize_line("*Đơn vị chủ trì thực hiện: *Các Sở, ngành, đơn vị.") == "Đơn vị chủ trì thực hiện: Các Sở, ngành, đơn vị."
    assert normalize_line("*Thời gian thực hiện: *Thường xuyên.") == "Thời gian thực hiện: Thường xuyên."
    assert normalize_line("Ghi chú (*): xem phụ lục") == "Ghi chú (*): xem phụ lục"


def test_an_italic_item_label_whose_star_follows_the_number():
    assert normalize_line("*1.1. *Tiếp tục tăng cường sự lãnh đạo") == "1.1. Tiếp tục tăng cường sự lãnh đạo"
    assert normalize_line("*b) *Rà soát danh sách") == "b) Rà soát danh sách"
    assert normalize_line("5 * 3 = 15") == "5 * 3 = 15"


def test_letter_with_a_period_is_a_label():
    from extract.normalize import is_label_start

    assert is_label_start("a. Thu thập tài liệu, báo cáo của đơn vị cung cấp;")
    assert is_label_start("đ. Lập biên bản kiểm tra.")
    assert not is_label_start("v.v. và các nội dung khác")


def test_the_wrapped_end_of_a_sentence_is_no_debris():
    from extract.normalize import is_debris

    # "- Cơ quan chủ trì: Bộ Công" / "an.": a syllable closed by its stop
    assert not is_debris("an.") and not is_debris("xã;")
    # "**3. Sở Nội" / "vụ**": a word of the lexicon with a consonant
    assert not is_debris("vụ")
    # stray letters and symbols of a scan still are
    assert is_debris("ii") and is_debris("l") and is_debris("—") and is_debris("Zh") and is_debris("uy")


def test_a_number_code_that_lost_the_stroke_of_d():
    from extract.heading import parse_number
    from extract.legal import find_references
    from extract.normalize import repair_number_code

    # ASCII typing or an OCR that dropped the stroke: "QD", "ND" mean nothing else
    assert repair_number_code("382/QD-TTg") == "382/QĐ-TTg"
    assert repair_number_code("05-NQ/HDND") == "05-NQ/HĐND"
    # "HD" is Hướng dẫn; codes that are right stay
    assert repair_number_code("45/HD-BTC") == "45/HD-BTC" and repair_number_code("12/KH-UBND") == "12/KH-UBND"
    assert parse_number("Số: 17/QD-UBND") == ("17/QĐ-UBND", "QĐ-UBND")
    (ref,) = find_references("Căn cứ Nghị định số 37/2019/ND-CP ngày 07/5/2019 của Chính phủ;")
    assert (ref.number, ref.issuer) == ("37/2019/NĐ-CP", "Chính phủ")
