"""Files as people save them: ODT and RTF (through LibreOffice), web pages
saved from a portal, and files whose name lies about their type (the type is
taken from the content, the mismatch is a warning in the record)."""

from __future__ import annotations

import shutil
import unicodedata
import subprocess
from pathlib import Path

import pytest

from conftest import GOLD_DIR, SEEDS
from extract.evaluate import plan_headline, score_dirs
from extract.export import write_record
from extract.ingest import ingest
from extract.ingest.sniff import detect
from extract.pipeline import extract_file
from render_docx import render_seed_docx
from render_pdf import render_seed_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer"
)
SEED = SEEDS[0]

PORTAL_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}"><title>Kế hoạch 45/KH-UBND phòng chống thiên tai</title>
<style>.menu{{color:red}}</style><script>var tracking = "KẾ HOẠCH";</script></head>
<body>
<nav class="top"><a href="/">Trang chủ</a> <a href="/vb">Văn bản pháp luật</a> <a>Hỏi đáp</a></nav>
<div id="tabs"><span>Nội dung</span> <span>Thuộc tính</span> <span>Lược đồ</span></div>
<div class="layout">
<div class="side"><h3>Văn bản liên quan</h3><ul><li>Quyết định 12/2020/QĐ-UBND</li><li>Nghị định 66/2021/NĐ-CP</li></ul></div>
<div class="content1">
<table><tr><td><b>ỦY BAN NHÂN DÂN<br>TỈNH HÀ TĨNH</b><br>-------<br>Số: 45/KH-UBND</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>---------------<br>
<i>Hà Tĩnh, ngày 10 tháng 3 năm 2024</i></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b></p>
<p align="center"><b>Phòng, chống thiên tai năm 2024</b></p>
<p>Căn cứ Luật Phòng, chống thiên tai năm 2013;</p>
<p>Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:</p>
<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>
<p>- Chủ động phòng ngừa, ứng phó kịp thời.</p>
<p><b>II. NHIỆM VỤ</b></p>
<p>1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Công an tỉnh<br>
tổ chức diễn tập ứng phó bão lũ; hoàn thành trước ngày 30/6/2024.</p>
<p>2. Các nhiệm vụ khác theo Phụ lục.</p>
<table border="1"><tr><th>STT</th><th>Nội dung</th><th>Cơ quan chủ trì</th><th>Thời gian hoàn thành</th></tr>
<tr><td>1</td><td>Rà soát phương án sơ tán dân</td><td>UBND các huyện</td><td>Quý II/2024</td></tr></table>
<p><b>III. TỔ CHỨC THỰC HIỆN</b></p>
<p>Các sở, ngành báo cáo kết quả trước ngày 15/12/2024.</p>
<table><tr><td><b>Nơi nhận:</b><br>- Như trên;<br>- Lưu: VT.</td>
<td><b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b><br><br>Trần Báu Hà</td></tr></table>
</div></div>
<aside>Tin mới: Bão số 3 đổ bộ</aside>
<footer>Bản quyền © Cổng thông tin. Đăng nhập để tải văn bản.</footer>
</body></html>
"""


def _convert(srcs: list[Path], fmt: str, out: Path) -> list[Path]:
    r = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
         "--convert-to", fmt, "--outdir", str(out / fmt)] + [str(s) for s in srcs],
        capture_output=True, timeout=300,
    )
    paths = [out / fmt / f"{s.stem}.{fmt}" for s in srcs]
    assert all(p.exists() for p in paths), r.stdout + r.stderr
    return paths


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    """The seeds as TXT and DOCX, and through LibreOffice as ODT and RTF; the
    first seed as PDF too (for the renamed copies)."""
    tmp = tmp_path_factory.mktemp("formats")
    docxs = []
    for seed in SEEDS:
        d = tmp / f"{seed.stem}.docx"
        render_seed_docx(seed.read_text(encoding="utf-8"), d)
        docxs.append(d)
    files = {"txt": list(SEEDS), "docx": docxs}
    if SOFFICE:
        files["odt"] = _convert(docxs, "odt", tmp)
        files["rtf"] = _convert(docxs, "rtf", tmp)
    pdf = tmp / f"{SEED.stem}.pdf"
    render_seed_pdf(SEED.read_text(encoding="utf-8"), pdf)
    files["pdf"] = [pdf]
    return tmp, files


def _headlines(paths: list[Path], out: Path) -> dict[str, float]:
    out.mkdir(exist_ok=True)
    for p in paths:
        write_record(extract_file(p), out / f"{p.stem}.txt.json")
    report = score_dirs(GOLD_DIR, out)
    return {d.label: plan_headline(d) for d in report.docs if not d.missing}


@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "rtf"])
def test_odt_and_rtf_read_like_the_text(seed_files, fmt):
    tmp, files = seed_files
    for p in files[fmt]:
        assert detect(p.read_bytes()) == fmt
    assert ingest(files[fmt][0]).source.format == fmt
    txt = _headlines(files["txt"], tmp / "rec-txt")
    other = _headlines(files[fmt], tmp / f"rec-{fmt}")
    assert len(txt) == len(other) == len(SEEDS)
    for k in txt:
        print(f"{k}: TXT {txt[k]:.3f}, {fmt.upper()} {other[k]:.3f}")
        assert other[k] >= txt[k] - 0.01, k


@pytest.mark.parametrize(
    "real, name",
    [("docx", "plan.doc"), ("docx", "plan.pdf"), ("pdf", "plan.docx"), ("odt", "plan.doc")],
)
def test_a_file_named_for_another_type_is_read_as_what_it_is(seed_files, tmp_path, real, name):
    _, files = seed_files
    if real not in files:
        pytest.skip("LibreOffice not installed")
    p = tmp_path / name
    p.write_bytes(files[real][0].read_bytes())
    rec = extract_file(p)
    assert rec.source.format == real
    assert rec.document.number == extract_file(SEED).document.number  # the header is read
    assert f"source: the content is {real.upper()} despite the '{p.suffix}' extension; read as {real.upper()}" in rec.warnings


def test_a_page_named_doc_and_a_png_named_txt(tmp_path):
    html = tmp_path / "tai-van-ban.doc"  # a portal's "download" button
    html.write_text(PORTAL_PAGE.format(charset="utf-8"), encoding="utf-8")
    doc = ingest(html)
    assert doc.source.format == "html" and "KẾ HOẠCH" in doc.text
    png = tmp_path / "scan.txt"
    _text_png(png, ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "KẾ HOẠCH", "Phòng, chống thiên tai năm 2024"])
    assert detect(png.read_bytes()) == "image"
    doc = ingest(png)
    assert doc.source.format == "image" and "KẾ HOẠCH" in doc.text
    assert any("the content is IMAGE despite the '.txt' extension" in w for w in doc.warnings)
    # a plain text named .docx proves no format: the extension decides, and
    # the content is not DOCX
    t = tmp_path / "notes.docx"
    t.write_text("KẾ HOẠCH\n", encoding="utf-8")
    assert detect(t.read_bytes()) is None


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_a_saved_portal_page_gives_the_plan_and_none_of_the_page(tmp_path, charset):
    p = tmp_path / "ke-hoach-45.html"
    page = PORTAL_PAGE.format(charset=charset)
    p.write_bytes(page.encode("utf-8") if charset == "utf-8" else _cp1258(page))
    doc = ingest(p)
    text = doc.text
    for furniture in ("Trang chủ", "Văn bản liên quan", "Thuộc tính", "Tin mới", "Bản quyền", "tracking", "color:red"):
        assert furniture not in text, furniture
    rec = extract_file(p)
    assert rec.document.doc_type == "Kế hoạch" and rec.document.number == "45/KH-UBND"
    assert rec.document.issue_date == "2024-03-10" and rec.document.place == "Hà Tĩnh"
    assert rec.document.signer.name == "Trần Báu Hà"
    assert "Như trên" in rec.document.recipients[0]
    tasks = {t.id: t for t in rec.tasks}
    # the <br> inside a paragraph is a line of the same paragraph
    assert [a.name for a in tasks["II.1"].lead] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert tasks["II.1"].timeline.due == "2024-06-30"
    # the HTML table is a task table like the other backends'
    row = next(t for t in rec.tasks if t.title == "Rà soát phương án sơ tán dân")
    assert [a.name for a in row.lead] == ["Ủy ban nhân dân các huyện"] and row.timeline.end == "2024-06-30"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: the letters â ê ô ơ ư ă đ precomposed, the tone
    marks as combining characters (how the code page writes Vietnamese)."""
    out: list[str] = []
    base = -1  # where the last letter that is no combining mark stands
    for ch in unicodedata.normalize("NFD", text):
        if ch in "\u0302\u0306\u031b" and base >= 0:
            out[base] = unicodedata.normalize("NFC", out[base] + ch)
        else:
            if not unicodedata.combining(ch):
                base = len(out)
            out.append(ch)
    return "".join(out).encode("cp1258")


def _text_png(path: Path, lines: list[str]) -> None:
    """A page image of a few lines of text (DejaVu Sans, as at 200 dpi), saved as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = next((p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",) if Path(p).exists()), None)
    if font_path is None:
        pytest.skip("DejaVu fonts not installed (fonts-dejavu-core)")
    font = ImageFont.truetype(font_path, 40)
    img = Image.new("L", (1600, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        draw.text((80, 60 + 80 * k), line, font=font, fill=0)
    img.save(path, format="PNG")
