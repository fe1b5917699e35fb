"""Test fixtures: a seed plan rendered as a typeset PDF, and that PDF as a scan.

`render_seed_pdf(seed_text, path)` typesets a seed (`corpora/seeds/*.txt`) the
way Vietnamese administrative plans are printed: A4, DejaVu Sans 13 pt, the
official header in two columns (issuer and "Số…" on the left, the national
motto and the place/date on the right), a centred document type and title,
justified (or left-aligned) paragraphs with a first-line indent and space
between paragraphs, footnotes at the foot of the page where their mark falls
(smaller type, under a short rule, marks raised), a page number at the top
centre from page 2 on and, optionally, a running footer. `**` markup becomes
bold; the markers are not printed.

`render_scan(pdf_path, out_dir)` rasterises the PDF (pdftoppm), turns it a
little, adds noise and writes PNG pages plus an image-only PDF of them (the
"scanned PDF" input).

Only the test suite uses this module.
"""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex as re

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "regular": ("DejaVuSans", "DejaVuSans.ttf"),
    "bold": ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
    "italic": ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}

DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "THÔNG BÁO", "BÁO CÁO", "HƯỚNG DẪN", "NGHỊ QUYẾT", "CHỈ THỊ", "ĐỀ ÁN", "CÔNG VĂN", "TỜ TRÌNH")
_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI|ĐẢNG CỘNG SẢN|Độc lập", re.IGNORECASE)

# page geometry (points); Vietnamese official layout: left 3 cm, right 2 cm
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4
LEFT, RIGHT, TOP, BOTTOM = 85.0, 57.0, 60.0, 60.0
HEADER_X0, HEADER_X1 = 42.0, 568.0  # the header spans wider than the body


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FONTS.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


# --------------------------------------------------------------------------
# seed parsing


@dataclass
class Run:
    text: str
    bold: bool = False
    sup: bool = False  # a raised footnote mark (digits)


@dataclass
class Para:
    words: list[list[Run]]
    style: str = "body"  # body | heading | title | center
    marks: list[str] = field(default_factory=list)  # footnote marks it carries


def _runs(line: str, bold: bool) -> tuple[list[list[Run]], bool]:
    """Split one seed line into words of runs; `**` toggles bold (state carried)."""
    words: list[list[Run]] = []
    for token in re.split(r"\s+", line.strip()):
        if not token:
            continue
        runs: list[Run] = []
        for piece in re.split(r"(\*\*)", token):
            if piece == "**":
                bold = not bold
                continue
            if not piece:
                continue
            for sub in re.split(rf"([{SUPERSCRIPTS}]+)", piece):
                if not sub:
                    continue
                if sub[0] in SUPERSCRIPTS:
                    runs.append(Run("".join(SUP_TO_DIGIT[c] for c in sub), bold, True))
                else:
                    runs.append(Run(sub, bold))
        if runs:
            words.append(runs)
    return words, bold


def parse_seed(seed_text: str):
    """-> (left header lines, right header lines, number line index info, body paras, footnotes)."""
    from extract.normalize import normalize_line, split_header_columns

    lines = seed_text.replace("\r\n", "\n").split("\n")
    start = None
    for i, line in enumerate(lines):
        if normalize_line(line).upper() in DOC_TYPES:
            start = i
            break
    if start is None:
        raise ValueError("no document-type heading in the seed")
    head = [normalize_line(l) for l in lines[:start]]
    head = split_header_columns([h for h in head if h])
    issuer, motto, number, place = [], [], [], []
    for h in head:
        if _MOTTO.search(h):
            motto.append(h)
        elif h.lower().startswith("số"):
            number.append(h)
        elif re.search(r", ngày\b", h):
            place.append(h)
        elif motto:
            motto.append(h)
        else:
            issuer.append(h)

    # body: blocks of consecutive non-blank lines; every line is a paragraph.
    # The heading's block, or else the next block, is the title (centred).
    blocks: list[list[str]] = []
    for line in lines[start:]:
        if not line.strip():
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        if not blocks:
            blocks.append([])
        blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    paras: list[Para] = []
    footnotes: dict[str, str] = {}
    title_block = 0 if len(blocks[0]) > 1 else 1
    for bi, block in enumerate(blocks):
        bold = False
        for li, line in enumerate(block):
            m = re.match(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$", line.strip())
            if m:
                footnotes["".join(SUP_TO_DIGIT[c] for c in m.group(1))] = m.group(2).replace("**", "")
                continue
            words, bold = _runs(line, bold)
            if not words:
                continue
            text = normalize_line(line)
            if bi == 0 and li == 0:
                style = "heading"
            elif bi == title_block:
                style = "title"
            elif re.match(r"^[IVXLC]+\.\s", text):
                style = "section"
            else:
                style = "body"
            marks = ["".join(r.text for r in w if r.sup) for w in words if any(r.sup for r in w)]
            paras.append(Para(words, style, marks))
    return issuer, motto, number, place, paras, footnotes


# --------------------------------------------------------------------------
# typesetting


@dataclass
class Style:
    size: float = 13.0
    leading: float = 16.5
    space_after: float = 7.0
    indent: float = 28.0
    align: str = "justify"  # justify | left
    fn_size: float = 10.0
    fn_leading: float = 12.0
    sup_ratio: float = 0.62
    rise_ratio: float = 0.38


def _font(bold: bool, italic: bool = False) -> str:
    if italic:
        return FONTS["italic"][0]
    return FONTS["bold"][0] if bold else FONTS["regular"][0]


def _word_width(word: list[Run], size: float, st: Style, force_bold: bool = False) -> float:
    w = 0.0
    for r in word:
        s = size * st.sup_ratio if r.sup else size
        w += _width(r.text, _font(r.bold or force_bold), s)
    return w


def _wrap(words: list[list[Run]], size: float, first_width: float, width: float, st: Style, force_bold=False):
    """Greedy line breaking; -> list of lines (lists of words)."""
    space = _width(" ", _font(False), size)
    lines: list[list[list[Run]]] = []
    cur: list[list[Run]] = []
    cur_w = 0.0
    avail = first_width
    for w in words:
        ww = _word_width(w, size, st, force_bold)
        if cur and cur_w + space + ww > avail:
            lines.append(cur)
            cur, cur_w = [], 0.0
            avail = width
        cur_w = ww if not cur else cur_w + space + ww
        cur.append(w)
    if cur:
        lines.append(cur)
    return lines


def _draw_word(c, word: list[Run], x: float, y: float, size: float, st: Style, force_bold=False) -> float:
    for r in word:
        if r.sup:
            s = size * st.sup_ratio
            c.setFont(_font(r.bold or force_bold), s)
            c.drawString(x, y + size * st.rise_ratio, r.text)
        else:
            s = size
            c.setFont(_font(r.bold or force_bold), s)
            c.drawString(x, y, r.text)
        x += _width(r.text, _font(r.bold or force_bold), s)
    return x


def _draw_line(c, line, x0: float, width: float, y: float, size: float, st: Style, align: str, force_bold=False):
    space = _width(" ", _font(False), size)
    natural = sum(_word_width(w, size, st, force_bold) for w in line) + space * (len(line) - 1)
    gap = space
    if align == "justify" and len(line) > 1:
        gap = space + (width - natural) / (len(line) - 1)
        x = x0
    elif align == "center":
        x = x0 + (width - natural) / 2
    else:
        x = x0
    for w in line:
        x = _draw_word(c, w, x, y, size, st, force_bold)
        x += gap


def render_seed_pdf(seed_text: str, path, *, align: str = "justify", running_footer: str | None = None,
                    style: Style | None = None) -> None:
    """Typeset one seed as a PDF at `path` (see the module docstring)."""
    from reportlab.pdfgen import canvas

    register_fonts()
    st = style or Style()
    issuer, motto, number, place, paras, footnotes = parse_seed(seed_text)
    body_w = PAGE_W - LEFT - RIGHT
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.setTitle("seed")

    page = 1
    y = PAGE_H - TOP  # baseline of the next line is y - size

    def start_page():
        nonlocal y
        if page >= 2:
            c.setFont(_font(False), st.size)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 34, str(page))
        if running_footer:
            c.setFont(_font(False, True), 9)
            c.drawCentredString(PAGE_W / 2, 24, running_footer)
        y = PAGE_H - TOP

    # ---- header, two columns, each centred in its half
    half = (HEADER_X1 - HEADER_X0) / 2
    lx, rx = HEADER_X0 + half / 2, HEADER_X0 + half * 1.5

    def col_lines(lines, kind):
        out = []
        for i, t in enumerate(lines):
            if kind == "issuer":
                f, s = _font(True), 12.5
            elif kind == "motto":
                f, s = _font(True), (11.0 if i == 0 else 12.0)
            elif kind == "number":
                f, s = _font(False), 12.5
            else:
                f, s = _font(False, True), 12.0
            out.append((t, f, s))
        return out

    top_block_l = col_lines(issuer, "issuer")
    top_block_r = col_lines(motto, "motto")
    yy = y
    for lines, cx in ((top_block_l, lx), (top_block_r, rx)):
        yl = yy
        for t, f, s in lines:
            yl -= s * 1.25
            c.setFont(f, s)
            c.drawCentredString(cx, yl, t)
        if lines:  # the short rule under the issuer / motto
            c.setLineWidth(0.6)
            c.line(cx - 40, yl - 5, cx + 40, yl - 5)
    n_top = max(len(top_block_l), len(top_block_r))
    if n_top:
        yy -= n_top * 15.5 + 16
    row2 = [(col_lines(number, "number"), lx), (col_lines(place, "place"), rx)]
    if number or place:
        n2 = max(len(number), len(place))
        for lines, cx in row2:
            yl = yy
            for t, f, s in lines:
                yl -= 15.5
                c.setFont(f, s)
                c.drawCentredString(cx, yl, t)
        yy -= n2 * 15.5 + 14
    y = yy - 10

    # ---- body with footnotes at the foot of the page of their marks
    fn_width = body_w
    fn_lines_cache: dict[str, list] = {}

    def fn_lines(mark: str):
        if mark not in fn_lines_cache:
            words, _ = _runs(footnotes[mark], False)
            marker = [[Run(mark, False, True)]]
            first = _word_width(marker[0], st.fn_size, st) + _width(" ", _font(False), st.fn_size)
            lines = _wrap(words, st.fn_size, fn_width - st.indent - first, fn_width, st)
            fn_lines_cache[mark] = lines
        return fn_lines_cache[mark]

    page_notes: list[str] = []

    def notes_height(marks: list[str]) -> float:
        if not marks:
            return 0.0
        return 14.0 + sum(len(fn_lines(m)) * st.fn_leading + 2 for m in marks)

    def flush_notes():
        if not page_notes:
            return
        h = notes_height(page_notes)
        top = BOTTOM + h
        c.setLineWidth(0.5)
        c.line(LEFT, top - 4, LEFT + 120, top - 4)
        yl = top - 6
        for m in page_notes:
            lines = fn_lines(m)
            for i, line in enumerate(lines):
                yl -= st.fn_leading
                if i == 0:
                    x = LEFT + st.indent
                    x = _draw_word(c, [Run(m, False, True)], x, yl, st.fn_size, st)
                    x += _width(" ", _font(False), st.fn_size)
                    w = LEFT + fn_width - x
                else:
                    x, w = LEFT, fn_width
                last = i == len(lines) - 1
                _draw_line(c, line, x, w, yl, st.fn_size, st, "left" if last else st.align)
            yl -= 2

    def new_page():
        nonlocal page
        flush_notes()
        page_notes.clear()
        c.showPage()
        page += 1
        start_page()

    if running_footer:  # page 1 footer (page number only from page 2)
        c.setFont(_font(False, True), 9)
        c.drawCentredString(PAGE_W / 2, 24, running_footer)

    for p in paras:
        size = st.size
        force_bold = p.style in ("heading", "title", "section")
        if p.style in ("heading", "title"):
            lines = _wrap(p.words, size, body_w, body_w, st, force_bold)
            align_all = "center"
        else:
            indent = st.indent if p.style == "body" else 0.0
            lines = _wrap(p.words, size, body_w - indent, body_w, st, force_bold)
            align_all = st.align if align in ("justify",) else "left"
        for i, line in enumerate(lines):
            line_marks = [r.text for w in line for r in w if r.sup]
            need = st.leading + notes_height(page_notes + line_marks)
            if y - need < BOTTOM:
                new_page()
            y -= st.leading
            page_notes.extend(line_marks)
            if p.style in ("heading", "title"):
                _draw_line(c, line, LEFT, body_w, y, size, st, "center", force_bold)
            else:
                x0 = LEFT + (st.indent if (i == 0 and p.style == "body") else 0.0)
                w = LEFT + body_w - x0
                last = i == len(lines) - 1
                _draw_line(c, line, x0, w, y, size, st, "left" if last else align_all, force_bold)
        y -= st.space_after
    flush_notes()
    c.showPage()
    c.save()


# --------------------------------------------------------------------------
# scans


def scan_pdf_path(pdf_path, out_dir) -> Path:
    """Where `render_scan` writes the image-only PDF."""
    return Path(out_dir) / f"{Path(pdf_path).stem}-scan.pdf"


def render_scan(pdf_path, out_dir, *, dpi: int = 200, angle: float = 0.6, noise: float = 0.02, seed: int = 0) -> list[Path]:
    """Rasterise `pdf_path` like a scanner would; -> the PNG pages.

    Each page: pdftoppm at `dpi`, grey, turned by `angle` degrees (white
    fill, same size), a fraction `noise` of pixels flipped to black or white
    (salt and pepper) plus light gaussian grain, with a fixed random `seed`.
    An image-only PDF of the pages is written to `scan_pdf_path(...)`.
    """
    import numpy as np
    from PIL import Image

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{Path(pdf_path).stem}-raw"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf_path), str(prefix)], check=True, timeout=300)
    raw = sorted(out_dir.glob(f"{prefix.name}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    rng = np.random.default_rng(seed)
    pages: list[Path] = []
    images = []
    for i, rp in enumerate(raw, 1):
        img = Image.open(rp).convert("L")
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        a = np.asarray(img, dtype=np.float32)
        a = a + rng.normal(0.0, 12.0, a.shape)
        mask = rng.random(a.shape)
        a[mask < noise / 2] = 0
        a[(mask >= noise / 2) & (mask < noise)] = 255
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        out = out_dir / f"{Path(pdf_path).stem}-scan-{i}.png"
        img.save(out, dpi=(dpi, dpi), compress_level=1)
        rp.unlink()
        pages.append(out)
        images.append(img)
    if images:
        images[0].save(scan_pdf_path(pdf_path, out_dir), save_all=True, append_images=images[1:], resolution=float(dpi))
    return pages


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------
# cached fixtures (tests/_generated/, git-ignored)

GENERATED = Path(__file__).resolve().parent / "_generated"


def _stamp(*parts: bytes) -> str:
    import hashlib

    h = hashlib.sha256(Path(__file__).read_bytes())
    for p in parts:
        h.update(p)
    return h.hexdigest()[:10]


def seed_render_options(seed: Path) -> dict:
    """How each seed is typeset: one left-aligned, one with a running footer."""
    if seed.stem.startswith("001"):
        return {"align": "left"}
    if seed.stem.startswith("003"):
        return {"running_footer": "Kế hoạch thực hiện dân chủ ở cơ sở"}
    return {}


def cached_seed_pdf(seed: Path) -> Path:
    """The seed rendered as a PDF (re-rendered when the seed or this module changes)."""
    opts = seed_render_options(seed)
    out = GENERATED / f"{seed.stem}-{_stamp(seed.read_bytes(), repr(sorted(opts.items())).encode())}.pdf"
    if not out.exists():
        GENERATED.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp.pdf")
        render_seed_pdf(seed.read_text(encoding="utf-8"), tmp, **opts)
        tmp.replace(out)
    return out


def cached_scan(seed_file: Path, **kw) -> tuple[Path, list[Path]]:
    """(image-only PDF, PNG pages) of the seed's rendered PDF, scanned
    (`kw`: the arguments of `render_scan`)."""
    pdf = cached_seed_pdf(seed_file)
    d = GENERATED / f"{pdf.stem}-scan-{_stamp(repr(sorted(kw.items())).encode())}"
    target = scan_pdf_path(pdf, d)
    if not target.exists():
        render_scan(pdf, d, **kw)
    pages = sorted(d.glob(f"{pdf.stem}-scan-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return target, pages


def pdf_pages(pdf: Path, first: int, last: int, out: Path) -> Path:
    """Pages first..last of a PDF as a new PDF (poppler's pdfseparate + pdfunite)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdfseparate", "-f", str(first), "-l", str(last), str(pdf), f"{tmp}/p-%d.pdf"], check=True, timeout=60)
        parts = [f"{tmp}/p-{i}.pdf" for i in range(first, last + 1)]
        if len(parts) == 1:
            Path(out).write_bytes(Path(parts[0]).read_bytes())
        else:
            subprocess.run(["pdfunite", *parts, str(out)], check=True, timeout=60)
    return Path(out)


def unite(parts: list[Path], out: Path) -> Path:
    subprocess.run(["pdfunite", *map(str, parts), str(out)], check=True, timeout=60)
    return Path(out)
