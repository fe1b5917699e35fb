"""The type heading and the title, located once (extract/heading.py): segment
cuts its zones with them and header reads the document's type and title from
the segments."""

import json

from conftest import GOLD_DIR, SEEDS
from extract import heading
from extract.header import extract_header
from extract.ingest import ingest
from extract.pipeline import extract_document
from extract.segment import segment
from plans import doc


def test_segment_and_header_agree_on_every_seed():
    for seed in SEEDS:
        d = ingest(seed)
        seg = segment(d)
        gold = json.loads((GOLD_DIR / f"{seed.stem}.json").read_text(encoding="utf-8"))["document"]
        assert seg.title is not None and seg.title.title == gold["title"], seed.name
        info, _ = extract_header(d, seg)
        assert info.title == seg.title.title and info.doc_type == seg.title.doc_type
        # the title zone is the title the header reports
        s, e = next((a, b) for a, b, z in seg.zones if z == "title")
        assert " ".join(d.text[s:e].split()[2:]) == " ".join(gold["title"].split())


def test_the_title_is_located_once_per_plan(monkeypatch):
    calls = []
    real = heading.locate

    def counting(lines):
        calls.append(1)
        return real(lines)

    monkeypatch.setattr(heading, "locate", counting)
    import extract.header as header_mod
    import extract.segment as segment_mod

    monkeypatch.setattr(segment_mod, "locate", counting)
    monkeypatch.setattr(header_mod, "locate", counting)
    extract_document(ingest(SEEDS[3]))
    assert len(calls) == 1


def test_a_heading_with_its_title_on_the_same_line_and_a_table_header():
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ AN BÌNH | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND | An Bình, ngày 3 tháng 4 năm 2024\n"
        "KẾ HOẠCH Tổ chức Ngày hội đại đoàn kết toàn dân tộc năm 2024\n"
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở năm 2022;\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Phát huy truyền thống đoàn kết.\n"
    )
    d = doc(text)
    seg = segment(d)
    assert seg.title.doc_type == "Kế hoạch"
    assert seg.title.title == "Tổ chức Ngày hội đại đoàn kết toàn dân tộc năm 2024"
    assert d.paragraphs[seg.doc_type_index].text.startswith("KẾ HOẠCH")
    assert [p.text[:6] for p in seg.preamble_paragraphs] == ["Căn cứ"]
