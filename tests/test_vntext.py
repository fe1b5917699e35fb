from extract.vntext import pos_tags, tokens


def test_agency_vocabulary_kept_as_words_with_offsets():
    text = "Ủy ban nhân dân tỉnh Gia Lai phối hợp với Sở Giáo dục và Đào tạo"
    toks = tokens(text)
    assert ("Ủy ban nhân dân", 0, 15) in toks
    assert all(text[a:b] == t for t, a, b in toks)


def test_verbs_tagged():
    tags = {t: tag for t, tag, _, _ in pos_tags("Sở Y tế tổ chức tập huấn cho cán bộ")}
    assert tags["tổ chức"] == "V"
