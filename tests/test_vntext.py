from extract.vntext import pos_tags, tokens


def test_agency_vocabulary_kept_as_words_with_offsets():
    text = "Ủy ban nhân dân tỉnh Gia Lai phối hợp với Sở Giáo dục và Đào tạo"
    toks = tokens(text)
    assert ("Ủy ban nhân dân", 0, 15) in toks
    assert all(text[a:b] == t for t, a, b in toks)


def test_verbs_tagged():
    tags = {t: tag for t, tag, _, _ in pos_tags("Sở Y tế tổ chức tập huấn cho cán bộ")}
    assert tags["tổ chức"] == "V"


def test_words_segmented_in_the_tone_placement_of_the_word_list():
    # the pipeline writes "hóa", "thủy"; underthesea's list "hoá", "thuỷ":
    # "chuẩn hóa" is one verb, and the tokens are the text as given
    toks = tokens("Ủy ban nhân dân tỉnh chuẩn hóa mô hình thủy lợi")
    assert [t for t, _, _ in toks] == ["Ủy ban nhân dân", "tỉnh", "chuẩn hóa", "mô hình", "thủy lợi"]
    assert all("Ủy ban nhân dân tỉnh chuẩn hóa mô hình thủy lợi"[s:e] == t for t, s, e in toks)
    assert pos_tags("chuẩn hóa mô hình nhà vườn")[0][:2] == ("chuẩn hóa", "V")
