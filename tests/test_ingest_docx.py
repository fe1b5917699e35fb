"""DOCX ingestion: seeds rendered to Word come back word for word; numbering,
header tables, footnotes, pages, inline features; hostile and broken files."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SEEDS, kehoach_cmd
from extract.errors import IngestError
from extract.ingest import Limits, ingest
from extract.ingest.docx import DocxBackend, _format_number
from render_docx import render_seed_docx, write_docx
from textcompare import word_diff

SEED = {p.stem[:3]: p for p in SEEDS}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """seed stem -> {False: plain DOCX, True: DOCX with automatic numbering}."""
    out = tmp_path_factory.mktemp("docx")
    paths = {}
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        paths[seed.stem] = {}
        for numbering in (False, True):
            p = out / f"{seed.stem}{'_numbered' if numbering else ''}.docx"
            render_seed_docx(text, p, numbering=numbering)
            paths[seed.stem][numbering] = p
    return paths


def raw_blocks(path: Path):
    return DocxBackend().read(path, path.read_bytes(), Limits()).blocks


def paras(path: Path) -> list[str]:
    return [p.text for p in ingest(path).paragraphs]


# --------------------------------------------------------------------------
# seeds: text and footnotes identical to the plain-text ingestion


@pytest.mark.parametrize("numbering", [False, True], ids=["typed-labels", "auto-numbering"])
def test_seed_docx_equals_seed_text(seed, rendered, numbering):
    path = rendered[seed.stem][numbering]
    txt, doc = ingest(seed), ingest(path)
    diff = word_diff(txt.text, doc.text)
    print(f"\n{seed.stem} numbering={numbering}: {len(diff)} differing word runs, "
          f"{len(txt.text.split())} words, {len(doc.footnotes)} footnotes")
    assert diff == []
    assert [(f.marker, f.text) for f in doc.footnotes] == [(f.marker, f.text) for f in txt.footnotes]
    assert doc.source.format == "docx" and doc.source.pages is None
    if numbering:
        # the labels really come from numbering.xml: every numbered paragraph
        # of the package carries w:numPr and no typed label
        body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        assert body.count("<w:numPr>") >= 20
        listed = [b for b in raw_blocks(path) if b.style == "list"]
        assert len(listed) == body.count("<w:numPr>")


def test_seed_002_numbering_labels(rendered):
    path = rendered["002_8d1cd73bcde8bb06"][True]
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert ">1.1. " not in body and ">Tăng cường nhận thức" in body  # label removed from the runs
    labels = [b.text.split(" ", 1)[0] for b in raw_blocks(path) if b.style == "list"][:12]
    assert labels == ["1.", "1.1.", "1.2.", "1.3.", "2.", "2.1.", "2.2.", "2.3.", "1.", "1.1.", "1.2.", "1.3."]


# --------------------------------------------------------------------------
# header table


def test_header_table_lines_in_order(rendered):
    path = rendered["004_40dd8128047d9a3b"][False]
    first = raw_blocks(path)[0]
    assert first.kind == "table"
    assert first.rows == [
        ["ỦY BAN NHÂN DÂN QUẬN 1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"],
        ["Số: 53/KH-UBND", "Quận 1, ngày 13 tháng 02 năm 2023"],
    ]
    doc = ingest(path)
    assert [p.text for p in doc.paragraphs[:7]] == [
        "ỦY BAN NHÂN DÂN QUẬN 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "Số: 53/KH-UBND",
        "Quận 1, ngày 13 tháng 02 năm 2023",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận của chính quyền và Quy chế dân chủ ở cơ sở năm 2023",
    ]
    assert {p.style for p in doc.paragraphs[:5]} == {"header"}
    assert doc.tables == []


# --------------------------------------------------------------------------
# footnotes


def test_footnote_anchors_follow_marked_word(rendered):
    seed = SEED["002"]
    path = rendered[seed.stem][False]
    doc, txt = ingest(path), ingest(seed)
    marked = {"1": "của tỉnh", "2": "xã, phường, thị trấn", "3": "quyết định các nội dung", "4": "theo quy định"}
    assert [f.marker for f in doc.footnotes] == ["1", "2", "3", "4"]
    for f in doc.footnotes:
        word = marked[f.marker]
        assert doc.text[f.anchor - len(word):f.anchor] == word, f.marker
        assert doc.text[f.anchor] in " .", f.marker
    assert [f.anchor for f in doc.footnotes] == [f.anchor for f in txt.footnotes]
    assert "¹" not in doc.text and "tỉnh gắn với" in doc.text
    # footnote ids in the package are 100..103: the markers are Word's display order
    notes = zipfile.ZipFile(path).read("word/footnotes.xml").decode("utf-8")
    assert 'w:id="100"' in notes and 'w:type="separator" w:id="-1"' in notes
    # each footnote block right after the paragraph referencing it
    blocks = raw_blocks(path)
    for i, b in enumerate(blocks):
        if b.kind == "footnote":
            sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(b.marker)]
            assert blocks[i - 1].kind == "para" and sup in blocks[i - 1].text


NOTES_XML = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Ghi chú B.</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ghi chú A,</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>dòng hai.</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="9"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Ghi chú sao.</w:t></w:r></w:p></w:footnote>'
)


def _ref(fid, custom=False):
    attr = ' w:customMarkFollows="1"' if custom else ""
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{fid}"{attr}/></w:r>'


def test_footnotes_numbered_by_appearance(tmp_path):
    p = tmp_path / "notes.docx"
    write_docx(
        p,
        f"<w:p><w:r><w:t>Kế hoạch số một</w:t></w:r>{_ref(7)}<w:r><w:t xml:space=\"preserve\"> và hai</w:t></w:r>"
        f"{_ref(3)}<w:r><w:t>.</w:t></w:r></w:p>"
        f"<w:p><w:r><w:t>Đoạn sau có dấu sao</w:t></w:r>{_ref(9, custom=True)}"
        f"<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>*</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>",
        footnotes_xml=NOTES_XML,
    )
    blocks = raw_blocks(p)
    assert [(b.kind, b.text, b.marker) for b in blocks] == [
        ("para", "Kế hoạch số một¹ và hai².", None),
        ("footnote", "Ghi chú A,\ndòng hai.", "1"),
        ("footnote", "Ghi chú B.", "2"),
        ("para", "Đoạn sau có dấu sao*.", None),
        ("footnote", "Ghi chú sao.", "*"),
    ]
    doc = ingest(p)
    assert doc.text.split("\n")[0] == "Kế hoạch số một và hai."
    assert [(f.marker, f.text, f.anchor) for f in doc.footnotes[:2]] == [
        ("1", "Ghi chú A, dòng hai.", len("Kế hoạch số một")),
        ("2", "Ghi chú B.", len("Kế hoạch số một và hai")),
    ]


# --------------------------------------------------------------------------
# automatic numbering, hand-written


def _lvl(i, fmt, text, start=1, extra="", rpr=""):
    return (f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>{rpr}</w:lvl>')


NUMBERING_XML = (
    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
    + _lvl(0, "upperRoman", "%1.")
    + _lvl(1, "decimal", "%2.")
    + _lvl(2, "lowerLetter", "%3)")
    + _lvl(3, "decimal", "(%4)", extra='<w:lvlRestart w:val="1"/>')  # restarts only after level 0
    + _lvl(4, "decimal", "%1.%2.%5.", extra="<w:isLgl/>")  # legal style: roman shown as decimal
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="hybridMultilevel"/>'
    + _lvl(0, "bullet", "\uf0b7", rpr='<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>')
    + _lvl(1, "bullet", "o", rpr='<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/></w:rPr>')
    + _lvl(2, "bullet", "+")
    + _lvl(3, "bullet", "–")
    + _lvl(4, "bullet", "\uf0a7", rpr='<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>')
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="multilevel"/>'
    + _lvl(0, "decimal", "Điều %1.", extra='<w:pStyle w:val="Dieu"/>')
    + _lvl(1, "decimal", "%1.%2.", extra='<w:pStyle w:val="Khoan"/>')
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="4">'
    + _lvl(0, "lowerLetter", "%1)", start=4)
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
    '<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>'
)

NUMBERING_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Dieu"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Khoan"><w:name w:val="Khoan"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="DieuDam"><w:name w:val="Dieu dam"/><w:basedOn w:val="Dieu"/>'
    '<w:rPr><w:b/></w:rPr></w:style>'
)


def _np(text, num=None, ilvl=None, style=None):
    ppr = ""
    if style or num is not None or ilvl is not None:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num is not None or ilvl is not None:
            inner += "<w:numPr>"
            inner += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
            inner += f'<w:numId w:val="{num}"/>' if num is not None else ""
            inner += "</w:numPr>"
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


NUMBERED = [
    # (numId, ilvl, style, text) -> expected paragraph
    ((1, 0, None, "Mục đích"), "I. Mục đích"),
    ((1, 1, None, "Một"), "1. Một"),
    ((1, 2, None, "Con a"), "a) Con a"),
    ((1, 3, None, "Ý một"), "(1) Ý một"),
    ((1, 2, None, "Con b"), "b) Con b"),
    ((1, 3, None, "Ý hai"), "(2) Ý hai"),  # lvlRestart=1: level 2 does not reset it
    ((1, 1, None, "Hai"), "2. Hai"),
    ((1, 2, None, "Con a lần hai"), "a) Con a lần hai"),  # reset by level 1
    ((1, 3, None, "Ý ba"), "(3) Ý ba"),  # not reset by level 1
    ((None, None, None, "Đoạn thường"), "Đoạn thường"),
    ((2, 0, None, "Nội dung"), "II. Nội dung"),  # another num, same abstractNum: continues
    ((2, 1, None, "Một"), "1. Một"),
    ((2, 3, None, "Ý"), "(1) Ý"),  # reset by level 0
    ((2, 4, None, "Pháp lý"), "2.1.1. Pháp lý"),  # isLgl
    ((4, 0, None, "Gạch"), "- Gạch"),  # Symbol-font bullet
    ((4, 1, None, "Tròn"), "- Tròn"),  # Courier "o"
    ((4, 2, None, "Cộng"), "+ Cộng"),
    ((4, 3, None, "Gạch ngang"), "- Gạch ngang"),
    ((4, 4, None, "Vuông"), "- Vuông"),  # Wingdings square
    ((3, 0, None, "Tổ chức"), "I. Tổ chức"),  # startOverride: restart
    ((3, 1, None, "Một"), "1. Một"),
    ((6, 0, None, "từ d"), "d) từ d"),  # start 4, lowerLetter
    ((6, 0, None, "tiếp"), "e) tiếp"),
    ((None, None, "Dieu", "Phạm vi"), "Điều 1. Phạm vi"),  # numbering from the style
    ((None, None, "Khoan", "Khoản một"), "1.1. Khoản một"),
    ((None, None, "DieuDam", "Đối tượng"), "Điều 2. Đối tượng"),  # inherited through basedOn
    ((None, 1, "Dieu", "Khoản theo cấp trực tiếp"), "2.1. Khoản theo cấp trực tiếp"),  # ilvl direct, numId from style
    ((0, None, "Dieu", "Không đánh số"), "Không đánh số"),  # numId 0 removes the style's numbering
    ((None, None, "Dieu", "Áp dụng"), "Điều 3. Áp dụng"),
]


def test_handwritten_numbering_labels(tmp_path):
    p = tmp_path / "numbering.docx"
    body = "".join(_np(text, num, ilvl, style) for (num, ilvl, style, text), _ in NUMBERED)
    write_docx(p, body, styles_xml=NUMBERING_STYLES, numbering_xml=NUMBERING_XML)
    got = [b.text for b in raw_blocks(p)]
    assert got == [expected for _, expected in NUMBERED]
    # and through normalization: every label survives as the paragraph's start
    assert paras(p)[:4] == ["I. Mục đích", "1. Một", "a) Con a", "(1) Ý một"]


@pytest.mark.parametrize(
    "n,fmt,out",
    [(4, "lowerRoman", "iv"), (1994, "upperRoman", "MCMXCIV"), (27, "lowerLetter", "aa"),
     (28, "upperLetter", "BB"), (5, "decimalZero", "05"), (3, "none", ""), (12, "ordinalText", "12")],
)
def test_number_formats(n, fmt, out):
    assert _format_number(n, fmt) == out


# --------------------------------------------------------------------------
# inline content, tables, pages


def _t(text):
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def test_inline_features_and_tables(tmp_path):
    p = tmp_path / "inline.docx"
    box = f"<w:txbxContent><w:p>{_t('Hộp chữ')}</w:p></w:txbxContent>"
    body = (
        f"<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>53/KH-UBND</w:t></w:r></w:p>"
        f"<w:p>{_t('Dòng một')}<w:r><w:br/></w:r>{_t('Dòng hai')}</w:p>"
        f'<w:p>{_t("Điểm x ")}<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>{_t(" 5")}</w:p>'
        f'<w:p>{_t("Xem ")}<w:hyperlink r:id="rId9">{_t("cổng thông tin")}</w:hyperlink>{_t(".")}</w:p>'
        # a complex field: code hidden, result shown; a field nested in another's code shows nothing
        f'<w:p>{_t("Trang ")}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_t("9")}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> = 1 "a" "b" </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_t("ba")}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:fldSimple w:instr=" NUMPAGES ">{_t(" trên bốn")}</w:fldSimple></w:p>'
        # tracked changes and hidden text
        f'<w:p>{_t("Giao ")}<w:del w:id="1" w:author="a"><w:r><w:delText>Sở Tư pháp</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="a">{_t("Sở Nội vụ")}</w:ins>'
        f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>{_t(" chủ trì")}</w:p>'
        # a field whose code never ends: hidden up to its paragraph's end only
        f'<w:p>{_t("Mở ")}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"<w:r><w:instrText> PAGE</w:instrText></w:r></w:p>"
        f'<w:p>{_t("Sau trường hỏng")}</w:p>'
        # symbol-font characters: w:sym without the private-use offset, a typed private-use bullet
        f'<w:p><w:r><w:sym w:font="Symbol" w:char="B3"/></w:r>{_t(" 90% kế hoạch")}</w:p>'
        f'<w:p><w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>\uf0b7</w:t></w:r>'
        f'{_t(" Gạch đầu dòng")}</w:p>'
        # a content control around a paragraph
        f"<w:sdt><w:sdtContent><w:p>{_t('Trong điều khiển')}</w:p></w:sdtContent></w:sdt>"
        # a text box, with the VML fallback Word also writes: read once
        f'<w:p>{_t("Neo")}<w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:wsp xmlns:wps="{WPS_NS}"><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        # merged cells and a nested table
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p>{_t("Nhiệm vụ")}</w:p></w:tc>'
        f"<w:tc><w:p>{_t('Thời gian')}</w:p></w:tc></w:tr>"
        f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>{_t("A")}</w:p></w:tc>'
        f"<w:tc><w:p>{_t('B')}</w:p><w:p>{_t('B2')}</w:p></w:tc><w:tc><w:p>{_t('C')}</w:p></w:tc></w:tr>"
        f"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        f"<w:tc><w:p>{_t('Ngoài')}</w:p><w:tbl><w:tr><w:tc><w:p>{_t('x')}</w:p></w:tc>"
        f"<w:tc><w:p>{_t('y')}</w:p></w:tc></w:tr></w:tbl><w:p/></w:tc><w:tc><w:p>{_t('E')}</w:p></w:tc></w:tr>"
        "</w:tbl>"
        "<w:sectPr/>"
    )
    write_docx(p, body)
    blocks = raw_blocks(p)
    assert [b.text for b in blocks if b.kind == "para"] == [
        "Số: 53/KH-UBND",
        "Dòng một\nDòng hai",
        "Điểm x ≥ 5",
        "Xem cổng thông tin.",
        "Trang ba trên bốn",
        "Giao Sở Nội vụ chủ trì",
        "Mở ",
        "Sau trường hỏng",
        "≥ 90% kế hoạch",
        "- Gạch đầu dòng",
        "Trong điều khiển",
        "Neo",
        "Hộp chữ",
    ]
    table = [b for b in blocks if b.kind == "table"]
    assert len(table) == 1 and table[0].rows == [
        ["Nhiệm vụ", "", "Thời gian"],
        ["A", "B\nB2", "C"],
        ["", "Ngoài\nx\ny", "E"],
    ]
    doc = ingest(p)
    assert doc.text.split("\n")[:3] == ["Số: 53/KH-UBND", "Dòng một", "Dòng hai"]
    assert doc.tables[0].rows[0] == ["Nhiệm vụ", "", "Thời gian"]


def test_page_headers_and_footers_skipped(tmp_path):
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ĐẦU TRANG LẶP LẠI"
    d.sections[0].footer.paragraphs[0].text = "Trang 1/3"
    d.add_paragraph("KẾ HOẠCH", style="Heading 1")
    d.add_paragraph("Nội dung chính.")
    p = tmp_path / "hf.docx"
    d.save(str(p))
    assert "word/header1.xml" in zipfile.ZipFile(p).namelist()
    blocks = raw_blocks(p)
    assert [(b.text, b.style) for b in blocks] == [("KẾ HOẠCH", "heading"), ("Nội dung chính.", None)]


def test_explicit_page_breaks(tmp_path):
    p = tmp_path / "pages.docx"
    body = (
        f"<w:p>{_t('Trang một')}</w:p>"
        f'<w:p>{_t("Cuối trang một.")}<w:r><w:br w:type="page"/></w:r>{_t("Đầu trang hai.")}</w:p>'
        f'<w:p><w:pPr><w:pageBreakBefore/></w:pPr>{_t("Trang ba")}</w:p>'
        f"<w:tbl><w:tr><w:tc><w:p>{_t('Bảng trang ba')}</w:p></w:tc></w:tr></w:tbl>"
        f'<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr>{_t("Hết phần một.")}</w:p>'
        f"<w:p>{_t('Phần hai, trang bốn')}</w:p>"
        f'<w:p><w:r><w:br w:type="page"/></w:r></w:p>'  # a trailing break opens no page
    )
    write_docx(p, body)
    blocks = raw_blocks(p)
    assert [(b.text or b.rows[0][0], b.page) for b in blocks] == [
        ("Trang một", 1), ("Cuối trang một.", 1), ("Đầu trang hai.", 2), ("Trang ba", 3),
        ("Bảng trang ba", 3), ("Hết phần một.", 3), ("Phần hai, trang bốn", 4),
    ]
    doc = ingest(p)
    assert doc.source.pages == 4
    assert doc.page_at(doc.text.index("Đầu trang hai")) == 2
    assert doc.page_at(doc.text.index("Phần hai")) == 4


def test_rendered_page_breaks_counted_once(tmp_path):
    p = tmp_path / "rendered.docx"
    body = (
        f'<w:p>{_t("Một.")}<w:r><w:br w:type="page"/></w:r></w:p>'
        f"<w:p><w:r><w:lastRenderedPageBreak/><w:t>Hai bắt đầu</w:t></w:r>"
        f"<w:r><w:lastRenderedPageBreak/><w:t xml:space=\"preserve\"> và sang trang ba</w:t></w:r></w:p>"
        f"<w:p>{_t('Vẫn trang ba.')}</w:p>"
        f'<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:lastRenderedPageBreak/><w:t>Bốn</w:t></w:r></w:p>'
    )
    write_docx(p, body)
    blocks = raw_blocks(p)
    assert [(b.text, b.page) for b in blocks] == [
        ("Một.", 1), ("Hai bắt đầu và sang trang ba", 2), ("Vẫn trang ba.", 3), ("Bốn", 4),
    ]
    assert ingest(p).source.pages == 4


def test_no_page_information(rendered):
    blocks = raw_blocks(rendered["000_fcf3e25466826abb"][False])
    assert {b.page for b in blocks} == {None}


# --------------------------------------------------------------------------
# bad inputs


def _kehoach() -> list[str]:
    return kehoach_cmd()


def assert_cli_error(path: Path, fragment: str):
    r = subprocess.run([*_kehoach(), "text", str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0], r.stderr
    assert fragment in lines[0]
    assert "Traceback" not in r.stderr and r.stdout == ""


def ingest_error(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(IngestError) as e:
        ingest(path, limits)
    msg = str(e.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    return msg


def test_empty_docx(tmp_path):
    p = tmp_path / "empty.docx"
    p.write_bytes(b"")
    assert ingest_error(p).endswith("empty file (0 bytes)")


def test_truncated_docx(tmp_path, rendered):
    data = rendered["001_6304ebc5886f75e3"][False].read_bytes()
    p = tmp_path / "truncated.docx"
    p.write_bytes(data[: len(data) // 2])
    assert "corrupt DOCX (truncated or damaged zip archive" in ingest_error(p)
    assert_cli_error(p, "corrupt DOCX")


def test_zip_without_document(tmp_path):
    p = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert ingest_error(p).endswith("not a Word document (zip without word/document.xml)")


def test_broken_xml(tmp_path):
    p = tmp_path / "badxml.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", '<w:document xmlns:w="x"><w:body><w:p>')
    assert "corrupt DOCX (word/document.xml: XML error" in ingest_error(p)


def test_zip_bomb_ratio(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/zeros.bin", "w") as fh:
            chunk = bytes(1 << 20)
            for _ in range(60):
                fh.write(chunk)
    assert p.stat().st_size < 200_000
    msg = ingest_error(p)
    assert "suspected zip bomb (member word/media/zeros.bin expands" in msg and "> 200x" in msg
    assert_cli_error(p, "suspected zip bomb")


def test_zip_bomb_total_size(rendered):
    p = rendered["003_c38c5738d80eda10"][False]
    msg = ingest_error(p, Limits(max_unzipped_bytes=20_000))
    assert "suspected zip bomb (uncompressed size" in msg and msg.endswith(" MB > 0.02 MB)")


def test_zip_too_many_members(tmp_path):
    p = tmp_path / "many.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(10_000):
            zf.writestr(f"word/media/{i}.bin", "")
    assert "suspected zip bomb (10001 archive members > 10000)" in ingest_error(p)


def test_entity_expansion_refused(tmp_path):
    p = tmp_path / "laughs.docx"
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{ents}]><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", xml)
    msg = ingest_error(p)
    assert "corrupt DOCX" in msg or "no text found" in msg


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_ole_container_encrypted(tmp_path):
    p = tmp_path / "locked.docx"
    p.write_bytes(OLE + bytes(range(256)) * 40)
    msg = ingest_error(p)
    assert "encrypted" in msg and "not a zip" in msg
    assert_cli_error(p, "encrypted")
    q = tmp_path / "locked2.docx"
    q.write_bytes(OLE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600)
    assert ingest_error(q).endswith("encrypted Word document (password protected); save it without a password")
    r = tmp_path / "legacy.docx"
    r.write_bytes(OLE + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    # a Word 97-2003 file named .docx goes to the .doc reader (LibreOffice),
    # which cannot load this fake one; the reason says what the content is
    assert "the content is DOC despite the '.docx' extension" in ingest_error(r)


def test_plain_text_named_docx(tmp_path):
    p = tmp_path / "notes.docx"
    p.write_text("KẾ HOẠCH\nThực hiện dân chủ ở cơ sở\n", encoding="utf-8")
    assert "content is not DOCX despite the '.docx' extension" in ingest_error(p)
