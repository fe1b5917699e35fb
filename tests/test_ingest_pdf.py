"""PDF text-layer ingestion: rendered seeds read back word for word, and the guards.

Each seed of corpora/seeds is typeset as a PDF (tests/render_pdf.py: two-column
header, justified or left-aligned paragraphs, footnotes at the foot of their
page, page numbers from page 2, a running footer on one seed) and ingested;
its text, paragraphs and footnotes must equal those of the seed's .txt.
Runtime: about 10 s (rendering is cached in tests/_generated/).
"""

from __future__ import annotations

import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
import regex as re

from conftest import SEEDS, kehoach_cmd
from extract.errors import IngestError
from extract.ingest import Limits, ingest
from extract.ingest.base import Limits as BaseLimits
from extract.ingest.pdf import PdfBackend
from render_pdf import FONTS, cached_seed_pdf, register_fonts
from textcompare import word_diff

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seed_pdfs() -> dict[str, Path]:
    return {s.stem: cached_seed_pdf(s) for s in SEEDS}


def _pdf_page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_pdf_reads_back_word_for_word(seed, seed_pdfs):
    pdf = seed_pdfs[seed.stem]
    ref = ingest(seed)
    t = time.perf_counter()
    doc = ingest(pdf)
    dt = time.perf_counter() - t
    diff = word_diff(ref.text, doc.text)
    pa, pb = [p.text for p in ref.paragraphs], [p.text for p in doc.paragraphs]
    print(f"\n{seed.stem[:3]}: {len(doc.text.split())} words, {len(pb)} paragraphs ({len(pa)} in txt), "
          f"{len(doc.footnotes)} footnotes, {doc.source.pages} pages, {len(diff)} word diffs, {dt:.2f} s")
    assert diff == [], "\n".join(diff[:20])
    # the layout keeps wrapped lines together and paragraphs apart
    assert pb == pa
    assert [(f.marker, f.text) for f in doc.footnotes] == [(f.marker, f.text) for f in ref.footnotes]
    assert [f.anchor for f in doc.footnotes] == [f.anchor for f in ref.footnotes]
    # source facts and pages
    assert doc.source.format == "pdf" and doc.source.ocr is False and doc.source.ocr_confidence is None
    assert doc.source.pages == _pdf_page_count(pdf) >= 5
    assert doc.source.page_confidence == [None] * doc.source.pages
    assert all(p.page is not None for p in doc.paragraphs)
    pages = [pg for _, pg in doc.page_map]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == doc.source.pages
    # page numbers (and the running footer of seed 003) were dropped by the backend
    assert not any(re.fullmatch(r"\d{1,3}", p.text) for p in doc.paragraphs)
    assert "Kế hoạch thực hiện dân chủ ở cơ sở" not in [p.text for p in doc.paragraphs]


def test_header_columns_become_a_header_table(seed_pdfs):
    seed = next(s for s in SEEDS if s.stem.startswith("004"))
    path = seed_pdfs[seed.stem]
    raw = PdfBackend().read(path, path.read_bytes(), BaseLimits())
    head = raw.blocks[0]
    assert head.kind == "table" and head.style == "header" and head.page == 1
    assert head.rows == [
        ["ỦY BAN NHÂN DÂN QUẬN 1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"],
        ["Số: 53/KH-UBND", "Quận 1, ngày 13 tháng 02 năm 2023"],
    ]
    assert raw.blocks[1].text == "KẾ HOẠCH"
    # footnote blocks of seed 002 carry their page and marker; marks are superscripts
    seed2 = next(s for s in SEEDS if s.stem.startswith("002"))
    path2 = seed_pdfs[seed2.stem]
    raw2 = PdfBackend().read(path2, path2.read_bytes(), BaseLimits())
    notes = [b for b in raw2.blocks if b.kind == "footnote"]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    assert all(b.page and b.page > 1 for b in notes)
    marked = [b.text for b in raw2.blocks if b.kind == "para" and re.search("[¹²³⁴]", b.text)]
    assert any("của tỉnh¹" in t for t in marked) and any("quy định⁴." in t for t in marked)


# --------------------------------------------------------------------------
# synthetic PDFs

LINES = [
    "Ủy ban nhân dân tỉnh Lạng Sơn ban hành Kế hoạch thực hiện dân chủ ở cơ sở năm 2024.",
    "Quyết định số 346/QĐ-TTg ngày 06/4/2023 của Thủ tướng Chính phủ;",
    "Nghị quyết, hướng dẫn, tổ chức triển khai thực hiện nghiêm túc, hiệu quả, kịp thời.",
]


def _canvas(path, **kw):
    from reportlab.pdfgen import canvas

    register_fonts()
    return canvas.Canvas(str(path), **kw)


def test_nfd_text_and_separately_positioned_marks_become_nfc(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = FONTS["regular"][0]
    c = _canvas(tmp_path / "nfd.pdf")
    y = 780
    for t in LINES:  # NFD in the content stream: each mark right after its letter
        c.setFont(font, 13)
        c.drawString(72, y, unicodedata.normalize("NFD", t))
        y -= 40
    for t in LINES:  # letters first, then every mark drawn on its own, last to first
        d = unicodedata.normalize("NFD", t)
        c.setFont(font, 13)
        c.drawString(72, y, "".join(ch for ch in d if unicodedata.category(ch) != "Mn"))
        x, marks = 72.0, []
        for ch in d:
            if unicodedata.category(ch) == "Mn":
                marks.append((x, ch))
            else:
                x += stringWidth(ch, font, 13)
        for mx, ch in reversed(marks):
            c.drawString(mx, y, ch)
        y -= 40
    c.save()
    doc = ingest(tmp_path / "nfd.pdf")
    assert unicodedata.is_normalized("NFC", doc.text)
    assert word_diff(" ".join(LINES + LINES), doc.text) == []


def test_ruled_table_cells(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    body = ParagraphStyle("b", fontName=FONTS["regular"][0], fontSize=12, leading=15)
    cell = ParagraphStyle("c", fontName=FONTS["regular"][0], fontSize=11, leading=13)
    head = ParagraphStyle("h", fontName=FONTS["bold"][0], fontSize=11, leading=13)
    rows = [
        ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Tổ chức hội nghị quán triệt, phổ biến Luật Thực hiện dân chủ ở cơ sở", "Sở Nội vụ", "Quý III/2023"],
        ["2", "Rà soát, sửa đổi, bổ sung quy chế thực hiện dân chủ trong hoạt động của cơ quan, đơn vị",
         "Các sở, ban, ngành; Ủy ban nhân dân các huyện", "Thường xuyên"],
        ["3", "Báo cáo kết quả thực hiện", "Sở Tư pháp", "Trước ngày 15/11 hàng năm"],
    ]
    table = Table([[Paragraph(c, head if i == 0 else cell) for c in r] for i, r in enumerate(rows)], colWidths=[35, 220, 130, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(tmp_path / "t.pdf"), pagesize=A4).build([
        Paragraph("III. PHÂN CÔNG NHIỆM VỤ", body), Spacer(1, 8),
        Paragraph("Các nhiệm vụ cụ thể được phân công như sau:", body), Spacer(1, 8),
        table, Spacer(1, 8), Paragraph("Các cơ quan báo cáo kết quả về Sở Nội vụ.", body),
    ])
    doc = ingest(tmp_path / "t.pdf")
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == rows
    body_paras = [p.text for p in doc.paragraphs if p.style != "table-row"]
    assert body_paras == ["III. PHÂN CÔNG NHIỆM VỤ", "Các nhiệm vụ cụ thể được phân công như sau:", "Các cơ quan báo cáo kết quả về Sở Nội vụ."]


def test_signature_block_beside_recipients_is_read_column_by_column(tmp_path):
    c = _canvas(tmp_path / "sig.pdf")
    reg, bold = FONTS["regular"][0], FONTS["bold"][0]
    c.setFont(reg, 13)
    c.drawString(85, 760, "Ủy ban nhân dân phường yêu cầu các đơn vị nghiêm túc thực hiện./.")
    left = ["Nơi nhận:", "- UBND thị xã Mỹ Hào;", "- TT Đảng ủy - HĐND phường;", "- Lưu: VT."]
    right = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Văn Thơm"]
    for i, t in enumerate(left):
        c.setFont(bold if i == 0 else reg, 12 if i == 0 else 11)
        c.drawString(85, 720 - i * 14, t)
    for i, t in enumerate(right):
        if t:
            c.setFont(bold, 13)
            c.drawCentredString(420, 720 - i * 16, t)
    c.save()
    doc = ingest(tmp_path / "sig.pdf")
    assert [p.text for p in doc.paragraphs] == [
        "Ủy ban nhân dân phường yêu cầu các đơn vị nghiêm túc thực hiện./.", *left, *[t for t in right if t]]


def _one_line_pdf(path, **kw) -> Path:
    c = _canvas(path, **kw)
    c.setFont(FONTS["regular"][0], 13)
    c.drawString(72, 760, LINES[0])
    c.save()
    return Path(path)


def test_owner_password_only_pdf_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner-secret", canPrint=0, canModify=0, canCopy=0, canAnnotate=0)
    path = _one_line_pdf(tmp_path / "owner.pdf", encrypt=enc)
    assert b"/Encrypt" in path.read_bytes()
    assert ingest(path).text == LINES[0]


# --------------------------------------------------------------------------
# bad inputs


@pytest.fixture()
def bad_pdfs(tmp_path, seed_pdfs) -> dict[str, Path]:
    from reportlab.lib.pdfencrypt import StandardEncryption

    good = next(iter(seed_pdfs.values())).read_bytes()
    out = {
        "encrypted": _one_line_pdf(tmp_path / "encrypted.pdf", encrypt=StandardEncryption("user-secret", ownerPassword="owner")),
        "truncated": tmp_path / "truncated.pdf",
        "not_pdf": tmp_path / "not_pdf.pdf",
        "empty": tmp_path / "empty.pdf",
        "no_root": tmp_path / "no_root.pdf",
    }
    out["truncated"].write_bytes(good[: len(good) // 2])
    out["not_pdf"].write_text("Kế hoạch số 12/KH-UBND (a text file named .pdf)", encoding="utf-8")
    out["empty"].write_bytes(b"")
    out["no_root"].write_bytes(b"%PDF-1.4\n" + b"1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 3 + b"%%EOF\n")
    return out


EXPECTED = {
    "encrypted": "encrypted PDF (password protected)",
    "truncated": "corrupt PDF (truncated: no end-of-file marker)",
    "not_pdf": "content is not PDF despite the '.pdf' extension (corrupt or mislabelled file)",
    "empty": "empty file (0 bytes)",
    "no_root": "corrupt PDF (",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_pdf_is_an_ingest_error(kind, bad_pdfs):
    with pytest.raises(IngestError) as e:
        ingest(bad_pdfs[kind])
    assert e.value.reason.startswith(EXPECTED[kind]), e.value.reason
    assert str(e.value) == f"{bad_pdfs[kind]}: {e.value.reason}" and "\n" not in str(e.value)


def test_too_many_pages(seed_pdfs):
    path = next(iter(seed_pdfs.values()))
    with pytest.raises(IngestError) as e:
        ingest(path, Limits(max_pages=2))
    assert re.fullmatch(r"too many pages \(\d+ > 2\)", e.value.reason)


@pytest.mark.parametrize("kind", ["encrypted", "truncated", "not_pdf"])
def test_cli_reports_bad_pdf_on_one_line(kind, bad_pdfs):
    cmd = kehoach_cmd()
    r = subprocess.run([*cmd, "text", str(bad_pdfs[kind])], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == f"error: {bad_pdfs[kind]}: {EXPECTED[kind]}\n"
    assert "Traceback" not in r.stderr


def test_number_and_day_stamped_by_the_signing_tool_are_read():
    # a real signed plan (corpora/office/08): the e-government signing tool
    # stamps the number and the day into widget annotations over the blanks
    # "Số: /KH-SGDĐT" and "ngày tháng 4"; they are no part of the page's
    # content stream, but every viewer shows them
    doc = ingest(ROOT / "corpora/office/08_kh362-sgddt-dongthap-2026-don-doan-kiem-tra-stem.pdf")
    head = doc.text[:600]
    assert "Số: 362/KH-SGDĐT" in head
    assert "Đồng Tháp, ngày 14 tháng 4 năm 2026" in head


def test_pages_and_force_ocr_options_of_a_real_signed_pdf():
    from extract.ingest import Limits, ingest

    pdf = ROOT / "corpora" / "office" / "09_kh58-thpt-caolanh2-dongthap-2026-sinh-hoat-chuyen-mon.pdf"
    whole = ingest(pdf)
    first = ingest(pdf, Limits(pages=(1, 1)))
    assert whole.source.pages == 2 and not whole.source.ocr
    assert 0 < len(first.text) < len(whole.text)
    assert whole.text.startswith(first.text.split("\n")[0])
    ocred = ingest(pdf, Limits(pages=(1, 1), force_ocr=True))
    assert ocred.source.ocr and ocred.source.page_confidence[0] is not None
    assert "KẾ HOẠCH" in ocred.text.upper()


def test_right_margin_of_ragged_text_ignores_one_line_that_sticks_out():
    """Left-aligned (ragged-right) text shares no right edge: the margin is
    where nearly all lines end, not the one closing line run past it (else
    no wrapped line would be seen to continue: the next word "fits")."""
    import random

    from extract.ingest.layout import _edge

    rng = random.Random(3)
    ends = [rng.uniform(480.0, 522.0) for _ in range(300)] + [575.4]
    right = _edge(ends, 3.3, 0.1, False)
    assert 515.0 <= right <= 522.0
    # justified text still gives its shared edge
    assert _edge([523.1] * 200 + [300.0] * 50 + [575.4], 3.3, 0.1, False) == 523.1
