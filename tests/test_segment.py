from extract.segment import parse_label, segment
from plans import SO_PLAN, HUYEN_PLAN, doc


def test_labels_of_every_level():
    assert parse_label("II. NỘI DUNG")[:3] == ("roman", "II.", "II")
    assert parse_label("1.2. Cơ quan chủ trì: Sở Y tế")[:3] == ("dec2", "1.2.", "2")
    assert parse_label("đ) Kiểm tra")[:3] == ("letter", "đ)", "đ")
    assert parse_label("- + Sở Y tế tổ chức")[0] == "plus"
    assert parse_label("+ Sở Y tế")[0] == "plus"
    assert parse_label("- Thời gian: Quý I")[0] == "dash"
    assert parse_label("2023 là năm …") is None
    assert parse_label("15/10/2023 hạn cuối") is None


def test_zones_title_preamble_closing():
    seg = segment(doc(SO_PLAN))
    names = [z[2] for z in seg.zones]
    assert names == ["header", "title", "preamble", "body", "closing"]
    assert [p.text for p in seg.title_paragraphs] == ["Phổ biến, giáo dục pháp luật năm 2025"]
    assert seg.preamble_paragraphs[0].text.startswith("Căn cứ Luật Phổ biến")
    assert seg.closing_paragraphs[0].text.startswith("Trên đây là Kế hoạch")
    assert seg.closing_paragraphs[1].text == "Nơi nhận:"


def test_title_opening_with_thuc_hien_is_title_not_preamble():
    seg = segment(doc(HUYEN_PLAN))
    assert [p.text for p in seg.title_paragraphs] == ["Thực hiện công tác cải cách hành chính năm 2024"]
    assert seg.preamble_paragraphs == []


def test_tree_nesting():
    seg = segment(doc(SO_PLAN))
    secs = seg.sections()
    assert [s.text for s in secs] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    nv = secs[1]
    item1 = nv.children[0]
    assert item1.text == "Tổ chức phổ biến văn bản pháp luật mới"
    assert [c.label for c in item1.children] == ["1.1.", "1.2.", "1.3.", "1.4."]
    assert [c.label for c in item1.children[0].children] == ["a)", "b)"]
    item2 = nv.children[1]
    assert [c.kind for c in item2.children] == ["dash", "dash"]
    assert [c.kind for c in item2.children[0].children] == ["plus", "plus"]


def test_labels_printed_without_a_space():
    assert parse_label("1.Các sở, ban, ngành triển khai") == ("num", "1.", "1", "Các sở, ban, ngành triển khai")
    assert parse_label("II.NHIỆM VỤ") == ("roman", "II.", "II", "NHIỆM VỤ")
    assert parse_label("2.3.Tổ chức tập huấn")[:3] == ("dec2", "2.3.", "3")
    assert parse_label("2.000 người tham gia") is None and parse_label("V.V. và") is None
