from extract.vocab import PhraseIndex


def test_phrases_found_case_insensitively_with_offsets():
    idx = PhraseIndex(["Sở Văn hóa, Thể thao và Du lịch", "Văn hóa"])
    text = "Giao sở văn hóa, thể thao và du lịch chủ trì; Phòng Văn hóa huyện phối hợp."
    spans = idx.find(text)
    assert [text[a:b] for a, b in spans] == ["sở văn hóa, thể thao và du lịch", "Văn hóa"]


def test_sub_replaces_longest_occurrence():
    idx = PhraseIndex(["Ban Chỉ đạo thực hiện dân chủ", "Ban Chỉ đạo"])
    assert idx.sub("Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh", lambda s: "#" * len(s)) == "#" * 29 + " ở cơ sở tỉnh"
