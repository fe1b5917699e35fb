"""PDF files: the text layer read with pdfplumber, scanned pages OCR'd.

Per page:
- characters (pdfplumber `page.chars`, in content-stream order) become words:
  combining marks (NFD text, or diacritics positioned on their own) are put
  on the letter they sit on; raised small digits become superscript digits
  (¹²³) attached to the word before them, so that normalization can record
  footnote anchors; words are grouped into physical rows;
- ruled tables (`page.find_tables`) become table blocks, their words kept out
  of the paragraphs;
- a page without a usable text layer (a scanned page) is rasterised with
  pdftoppm and read by OCR (`extract.ingest.ocr`).
Then `extract.ingest.layout.layout_blocks` does the rest for all pages (header
columns, running headers, footnotes, paragraphs). Settings: `rules/pdf.toml`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import statistics
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from ..document import RawDocument
from ..errors import DependencyError, IngestError
from ..rules import load_toml
from . import layout
from .base import Limits, source_info
from .layout import TO_SUPERSCRIPT, Line, PageLayout, TableRegion, Word

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@functools.lru_cache(maxsize=1)
def config() -> dict:
    return load_toml("pdf.toml")


def layout_config() -> dict:
    """The `[layout]` settings of `rules/pdf.toml` (shared with OCR)."""
    return dict(config()["layout"])


# --------------------------------------------------------------------------
# characters -> words -> rows


class _Ch:
    """One character of the text layer, in page coordinates (points, top-left)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "bold", "idx", "marks", "sup", "space")

    def __init__(self, text, x0, x1, top, bottom, size, bold, idx):
        self.text = text
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.size = size
        self.bold = bold
        self.idx = idx
        self.marks: list[tuple[int, str]] = []
        self.sup = False
        self.space = text.isspace()


def _annotation_chars(page, cfg: dict) -> list[dict]:
    """Text drawn by annotation appearances, as pdfplumber-style char dicts.

    Signing software (the e-government signing tools) stamps the number and
    day of a plan into widget annotations over the blank "Số: /KH-…" and
    "ngày … tháng" of the Word file; viewers and printers show them, but
    they are not in the page's content stream, so pdfplumber never sees them.
    Each visible annotation of a kind in `annotation_subtypes` whose normal
    appearance is a form XObject is interpreted (pdfminer) with the matrix
    that maps its bounding box onto the annotation's rectangle (PDF 32000
    §12.5.5). Anything unreadable is skipped: a broken annotation never costs
    the page its text.
    """
    kinds = set(cfg.get("annotation_subtypes") or [])
    if not kinds:
        return []
    try:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.layout import LTChar, LTContainer
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdftypes import PDFStream, resolve1
        from pdfminer.utils import apply_matrix_pt, mult_matrix

        annots = resolve1(page.page_obj.annots) or []
    except Exception:
        return []
    if not isinstance(annots, list):
        return []
    mx0, my0, mx1, my1 = (float(v) for v in page.page_obj.mediabox)
    rotate = (page.page_obj.rotate or 0) % 360
    if rotate != 0:
        return []  # rotated pages: not met in office files; left out
    base_ctm = (1, 0, 0, 1, -mx0, -my0)
    height = my1 - my0
    out: list[dict] = []

    def walk(o):
        if isinstance(o, LTChar):
            yield o
        elif isinstance(o, LTContainer):
            for c in o:
                yield from walk(c)

    for a in annots[: cfg.get("max_annotations", 200)]:
        try:
            a = resolve1(a)
            if not isinstance(a, dict):
                continue
            sub = resolve1(a.get("Subtype"))
            if getattr(sub, "name", None) not in kinds:
                continue
            flags = int(resolve1(a.get("F")) or 0)
            if flags & (1 | 2 | 32):  # Invisible, Hidden, NoView
                continue
            ap = resolve1(a.get("AP"))
            n = resolve1(ap.get("N")) if isinstance(ap, dict) else None
            if not isinstance(n, PDFStream):
                continue  # no appearance, or one per state (check boxes)
            rect = [float(resolve1(v)) for v in resolve1(a.get("Rect"))]
            rx0, rx1 = sorted((rect[0], rect[2]))
            ry0, ry1 = sorted((rect[1], rect[3]))
            bbox = [float(resolve1(v)) for v in resolve1(n.attrs.get("BBox") or [0, 0, 1, 1])]
            mat = tuple(float(resolve1(v)) for v in resolve1(n.attrs.get("Matrix") or [1, 0, 0, 1, 0, 0]))
            pts = [apply_matrix_pt(mat, (x, y)) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
            bx0, bx1 = min(q[0] for q in pts), max(q[0] for q in pts)
            by0, by1 = min(q[1] for q in pts), max(q[1] for q in pts)
            if bx1 - bx0 <= 0 or by1 - by0 <= 0:
                continue
            sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
            fit = (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
            rm = PDFResourceManager()
            dev = PDFPageAggregator(rm, laparams=None)
            interp = PDFPageInterpreter(rm, dev)
            dev.begin_page(page.page_obj, (1, 0, 0, 1, 0, 0))
            interp.init_resources(resolve1(n.attrs.get("Resources")) or {})
            interp.init_state(mult_matrix(mult_matrix(mat, fit), base_ctm))
            interp.execute([n])
            dev.end_page(page.page_obj)
            got = []
            for c in walk(dev.get_result()):
                text = c.get_text()
                if not text or not c.upright:
                    continue
                got.append({"text": text, "x0": c.x0, "x1": c.x1, "top": height - c.y1, "bottom": height - c.y0,
                            "size": c.size, "fontname": c.fontname, "upright": True})
            if got and any(not g["text"].isspace() for g in got):
                # the stamped value is a word of its own: a space on each side
                first = min(got, key=lambda g: g["x0"])
                last = max(got, key=lambda g: g["x1"])
                for edge, x in ((first, first["x0"] - 0.01), (last, last["x1"] + 0.01)):
                    out.append(dict(edge, text=" ", x0=x, x1=x, stamp_edge=True))
                out.extend(got)
        except Exception:
            continue
    return out


def _is_mark(text: str) -> bool:
    return len(text) == 1 and unicodedata.category(text) == "Mn"


def _chars(page, cfg: dict) -> list[_Ch]:
    ox, oy = page.bbox[0], page.bbox[1]
    seen: set = set()
    out: list[_Ch] = []
    tol = cfg["dedupe_tolerance"] or 1.0
    bold_words = cfg["bold_fonts"]
    stamped = _annotation_chars(page, cfg)

    def covered(c) -> bool:
        # a blank (spaces) of the page under a stamped character is not a
        # word break inside the stamped text
        mid = (c["x0"] + c["x1"]) / 2
        return any(a["x0"] - 0.5 <= mid <= a["x1"] + 0.5 and min(a["bottom"], c["bottom"]) - max(a["top"], c["top"]) > 0
                   for a in stamped)

    for i, c in enumerate(list(page.chars) + stamped):
        if cfg["skip_rotated"] and not c.get("upright", True):
            continue
        text = c.get("text") or ""
        if not text:
            continue
        if stamped and text.isspace() and not c.get("stamp_edge") and covered(c):
            continue
        key = (text, round(c["x0"] / tol), round(c["top"] / tol))
        if key in seen and not text.isspace():
            continue
        seen.add(key)
        font = c.get("fontname") or ""
        out.append(_Ch(text, c["x0"] - ox, c["x1"] - ox, c["top"] - oy, c["bottom"] - oy, float(c.get("size") or c["bottom"] - c["top"]),
                       any(b in font for b in bold_words), i))
    return out


def _attach_marks(chars: list[_Ch], cfg: dict) -> list[_Ch]:
    """Put every combining mark on its letter; -> the letters (and spaces)."""
    accents = cfg["spacing_accents"]
    bases = [c for c in chars if not _is_mark(c.text) and not c.space and c.text not in accents]
    # a coarse grid over x for the geometric search
    grid: dict[int, list[_Ch]] = {}
    for b in bases:
        for k in range(int(b.x0 // 20), int(b.x1 // 20) + 1):
            grid.setdefault(k, []).append(b)

    def v_overlap(a: _Ch, b: _Ch) -> float:
        inter = min(a.bottom, b.bottom) - max(a.top, b.top)
        return inter / max(min(a.bottom - a.top, b.bottom - b.top), 1e-6)

    def fits(m: _Ch, b: _Ch) -> bool:
        if not b.text[:1].isalpha():
            return False
        tol = 0.1 * b.size
        if m.x1 - m.x0 < 0.15 * m.size:  # zero-width mark at the pen position
            return b.x0 + 0.05 * b.size < m.x0 <= b.x1 + tol
        inter = min(m.x1, b.x1) - max(m.x0, b.x0)
        return inter >= 0.3 * min(m.x1 - m.x0, b.x1 - b.x0)

    def geometric(m: _Ch, accent: bool) -> _Ch | None:
        cx = (m.x0 + m.x1) / 2
        best, best_cost = None, None
        for b in grid.get(int(cx // 20), []) + grid.get(int(cx // 20) - 1, []):
            if v_overlap(m, b) < 0.3:
                continue
            if m.x1 - m.x0 < 0.15 * m.size and not accent:
                # zero width: the letter that ends at (or contains) the mark
                if not (b.x0 + 0.05 * b.size < m.x0 <= b.x1 + 0.1 * b.size):
                    continue
                cost = abs(b.x1 - m.x0) if m.x0 >= b.x1 - 0.05 * b.size else 0.0
            else:
                inter = min(m.x1, b.x1) - max(m.x0, b.x0)
                if inter < 0.5 * (m.x1 - m.x0):
                    continue
                cost = abs((b.x0 + b.x1) / 2 - cx)
            cost += (1 - v_overlap(m, b)) * b.size
            if not b.text[:1].isalpha():
                cost += 10 * b.size  # marks sit on letters
            if best_cost is None or cost < best_cost:
                best, best_cost = b, cost
        return best

    keep: list[_Ch] = []
    prev_base: _Ch | None = None
    for c in chars:
        accent = c.text in accents
        if _is_mark(c.text) or accent:
            comb = accents.get(c.text, c.text)
            target = None
            if prev_base is not None and not accent and v_overlap(c, prev_base) >= 0.3 and fits(c, prev_base):
                target = prev_base
            else:
                target = geometric(c, accent)
            if target is not None:
                target.marks.append((c.idx, comb))
                continue
            if accent:
                c.marks = []
                keep.append(c)
                prev_base = c
            # a combining mark on nothing: dropped
            continue
        keep.append(c)
        prev_base = None if c.space else c
    for c in keep:
        if c.marks:
            marks = sorted(c.marks, key=lambda t: (t[1] in _TONES, t[0]))
            c.text = unicodedata.normalize("NFC", c.text + "".join(m for _, m in marks))
    return keep


def _rows(chars: list[_Ch], cfg: dict) -> list[list[_Ch]]:
    """Physical rows: runs of one size on one baseline, merged when they overlap."""
    runs: list[dict] = []
    for c in sorted(chars, key=lambda c: (c.bottom, c.x0)):
        if c.space:
            continue
        for r in reversed(runs[-6:]):
            if abs(r["size"] - c.size) <= 0.1 * r["size"] and abs(r["bottom"] - c.bottom) <= cfg["baseline_tol_em"] * r["size"]:
                r["chars"].append(c)
                r["top"] = min(r["top"], c.top)
                break
        else:
            runs.append({"size": c.size, "bottom": c.bottom, "top": c.top, "chars": [c]})
    runs.sort(key=lambda r: -len(r["chars"]))
    rows: list[dict] = []
    for r in runs:
        h = r["bottom"] - r["top"]
        best, best_ov = None, 0.0
        for row in rows:
            inter = min(row["bottom"], r["bottom"]) - max(row["top"], r["top"])
            ov = inter / max(min(h, row["bottom"] - row["top"]), 1e-6)
            if ov > best_ov:
                best, best_ov = row, ov
        if best is not None and best_ov >= cfg["row_overlap"]:
            best["chars"].extend(r["chars"])
            best["top"] = min(best["top"], r["top"])
            best["bottom"] = max(best["bottom"], r["bottom"])
        else:
            rows.append(dict(r, chars=list(r["chars"])))
    # spaces go to the row they overlap most
    spaces = [c for c in chars if c.space]
    for s in spaces:
        for row in rows:
            if row["top"] - 0.5 <= (s.top + s.bottom) / 2 <= row["bottom"] + 0.5:
                row["chars"].append(s)
                break
    rows.sort(key=lambda r: r["top"])
    return [sorted(r["chars"], key=lambda c: (c.x0, c.idx)) for r in rows]


def _words(row: list[_Ch], cfg: dict) -> list[Word]:
    letters = [c for c in row if not c.space]
    if not letters:
        return []
    weight: dict[float, int] = {}
    for c in letters:
        weight[round(c.size, 1)] = weight.get(round(c.size, 1), 0) + 1
    size = max(weight.items(), key=lambda kv: (kv[1], kv[0]))[0]
    normal = [c for c in letters if abs(c.size - size) <= 0.1 * size]
    bottom = statistics.median(c.bottom for c in normal)
    for c in letters:
        c.sup = c.size < cfg["sup_size_ratio"] * size and c.bottom < bottom - cfg["sup_rise_em"] * size

    words: list[list[_Ch]] = []
    cur: list[_Ch] = []
    prev: _Ch | None = None
    for c in row:
        if c.space:
            if cur:
                words.append(cur)
            cur, prev = [], None
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            limit = cfg["word_gap_em"] * max(c.size, prev.size)
            if c.sup and not prev.sup:
                limit = 0.5 * size  # a mark stays on its word
            if gap > limit or (prev.sup and not c.sup and cur and all(x.sup for x in cur)):
                words.append(cur)
                cur = []
        cur.append(c)
        prev = c
    if cur:
        words.append(cur)

    out: list[Word] = []
    for w in words:
        text = "".join(c.text.translate(TO_SUPERSCRIPT) if c.sup else c.text for c in w)
        body = [c for c in w if not c.sup] or w
        sz = statistics.median(c.size for c in body)
        out.append(Word(
            text=text,
            x0=min(c.x0 for c in w), x1=max(c.x1 for c in w),
            top=min(c.top for c in body), bottom=max(c.bottom for c in body),
            base=max(c.bottom for c in body) - cfg["descent_em"] * sz,
            size=sz, bold=all(c.bold for c in body), sup=all(c.sup for c in w),
        ))
    return out


def page_lines(chars: list[_Ch], cfg: dict) -> list[Line]:
    lines = []
    for row in _rows(chars, cfg):
        ws = _words(row, cfg)
        if ws:
            lines.append(Line(ws))
    return lines


# --------------------------------------------------------------------------
# tables


def _tables(page, chars: list[_Ch], cfg: dict) -> tuple[list[TableRegion], list[_Ch]]:
    tcfg = config()["tables"]
    settings = {k: tcfg[k] for k in ("vertical_strategy", "horizontal_strategy", "snap_tolerance", "intersection_tolerance")}
    found = page.find_tables(table_settings=settings)
    ox, oy = page.bbox[0], page.bbox[1]
    regions: list[TableRegion] = []
    used: set[int] = set()
    for t in found:
        rows = t.rows
        if len(rows) < tcfg["min_rows"] or max(len(r.cells) for r in rows) < tcfg["min_cols"]:
            continue
        x0, top, x1, bottom = t.bbox
        x0, x1, top, bottom = x0 - ox, x1 - ox, top - oy, bottom - oy
        inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom]
        out_rows: list[list[str]] = []
        for r in rows:
            cells: list[str] = []
            for cell in r.cells:
                if cell is None:
                    cells.append("")
                    continue
                cx0, ctop, cx1, cbottom = cell[0] - ox, cell[1] - oy, cell[2] - ox, cell[3] - oy
                cc = [c for c in inside if cx0 <= (c.x0 + c.x1) / 2 < cx1 and ctop <= (c.top + c.bottom) / 2 < cbottom]
                cells.append(" ".join(l.text for l in page_lines(cc, cfg)))
            out_rows.append(cells)
        used.update(id(c) for c in inside)
        regions.append(TableRegion(out_rows, top, bottom, x0, x1))
    return regions, [c for c in chars if id(c) not in used]


# --------------------------------------------------------------------------
# scanned pages


def _needs_ocr(page, chars: list[_Ch], cfg: dict) -> bool:
    visible = [c for c in chars if not c.space]
    n = len(visible)
    if n < cfg["min_chars"]:
        return True
    garbage = sum(1 for c in visible if "(cid:" in c.text or "\ufffd" in c.text or unicodedata.category(c.text[0]) == "Co")
    if garbage > cfg["max_garbage_share"] * n:
        return True
    area = float(page.width * page.height) or 1.0
    cover = sum(abs((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images) / area
    return cover >= cfg["image_cover"] and n < cfg["min_chars_with_image"]


def scan_dpi(page, limits: Limits) -> int:
    """Resolution to rasterise a scanned page at: `limits.ocr_dpi`, or the
    resolution of the page's scanned image when lower (re-sampling a 200 dpi
    scan to 300 dpi only blurs it)."""
    rcfg = config()["raster"]
    dpi = limits.ocr_dpi
    if not rcfg["native_resolution"]:
        return dpi
    area = float(page.width * page.height) or 1.0
    for im in page.images:
        w_pt = abs(im["x1"] - im["x0"])
        if w_pt * abs(im["bottom"] - im["top"]) < 0.5 * area or not im.get("srcsize"):
            continue
        native = im["srcsize"][0] / (w_pt / 72.0)
        if rcfg["min_dpi"] <= native < dpi:
            dpi = int(round(native))
    # a huge page is rasterised coarser rather than beyond the pixel limit
    pixels = float(page.width) * float(page.height) / (72.0 * 72.0)
    if pixels * dpi * dpi > limits.max_image_pixels:
        dpi = max(1, int((limits.max_image_pixels / pixels) ** 0.5))
    return dpi


def _has_ink(page) -> bool:
    return bool(page.images or page.curves or page.rects or page.lines)


def rasterise(path: Path, number: int, dpi: int):
    """Page `number` (1-based) of the PDF as a grey PIL image (pdftoppm)."""
    from PIL import Image

    timeout = config()["raster"]["timeout_s"]
    with tempfile.TemporaryDirectory(prefix="kehoach-") as tmp:
        out = Path(tmp) / "page"
        try:
            # PGM, not PNG: pdftoppm's PNG compression of a noisy scan costs
            # seconds per page
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-gray", "-singlefile", str(path), str(out)],
                           check=True, capture_output=True, timeout=timeout)
        except FileNotFoundError:
            raise DependencyError(path, "reading scanned PDF pages needs pdftoppm: install the Debian package poppler-utils") from None
        except subprocess.TimeoutExpired:
            raise IngestError(path, f"page {number}: rasterising took longer than {timeout} s") from None
        except subprocess.CalledProcessError as e:
            msg = (e.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise IngestError(path, f"page {number}: cannot rasterise ({msg[0] if msg else 'pdftoppm failed'})") from None
        img = Image.open(out.with_suffix(".pgm"))
        img.load()
        return img


# --------------------------------------------------------------------------
# the backend


def _open(path: Path, data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    tail = data[-1024:]
    if b"%%EOF" not in tail:
        raise IngestError(path, "corrupt PDF (truncated: no end-of-file marker)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as e:
        _pass_bound(e)
        inner = e.args[0] if e.args else e
        if isinstance(inner, PDFPasswordIncorrect):
            raise IngestError(path, "encrypted PDF (password protected)") from None
        if isinstance(inner, PDFEncryptionError):
            raise IngestError(path, f"encrypted PDF (unsupported encryption: {str(inner) or type(inner).__name__})") from None
        raise IngestError(path, f"corrupt PDF ({_msg(inner)})") from None
    except Exception as e:
        _pass_bound(e)
        raise IngestError(path, f"corrupt PDF ({_msg(e)})") from None
    return pdf


class _StreamTooLarge(Exception):
    """A compressed PDF stream inflates past `Limits.max_stream_bytes`."""


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer while a PDF is read:
    every Flate stream is inflated with a bound on its output, so a 1 MB
    stream that inflates to 1 GiB stops at the bound instead of filling
    memory (the worker's memory cap stays the last line, not the first)."""

    def __init__(self, limit: int):
        import zlib

        self._zlib, self.limit, self.error = zlib, limit, zlib.error

    def decompress(self, data: bytes, *args) -> bytes:
        d = self._zlib.decompressobj()
        out = d.decompress(data, self.limit + 1)
        if len(out) > self.limit:
            raise _StreamTooLarge()
        return out + d.flush()

    def decompressobj(self, *args, **kw):
        return _BoundedObj(self._zlib.decompressobj(*args, **kw), self.limit)


class _BoundedObj:
    def __init__(self, d, limit: int):
        self._d, self._left = d, limit

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._d.decompress(data, self._left + 1)
        self._left -= len(out)
        if self._left < 0:
            raise _StreamTooLarge()
        return out

    def __getattr__(self, name):
        return getattr(self._d, name)


def _pass_bound(e: BaseException) -> None:
    """Re-raise the stream bound when a library wrapped it (pdfplumber's
    PdfminerException holds the original in its args)."""
    seen = 0
    while e is not None and seen < 5:
        if isinstance(e, _StreamTooLarge):
            raise e
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        e, seen = inner or e.__cause__ or e.__context__, seen + 1


@contextlib.contextmanager
def _bounded_streams(path: Path, limit: int):
    import pdfminer.pdftypes as pt

    saved = pt.zlib
    pt.zlib = _BoundedZlib(limit)
    try:
        yield
    except _StreamTooLarge:
        raise IngestError(path, f"a compressed PDF stream inflates past {limit // (1024 * 1024)} MB: "
                                "a damaged or hostile file") from None
    finally:
        pt.zlib = saved


def _msg(e: BaseException) -> str:
    s = str(e).strip().splitlines()
    return (s[0] if s else type(e).__name__)[:200]


class PdfBackend:
    name = "pdf"
    extensions = (".pdf",)
    paginated = True

    def sniff(self, head: bytes) -> bool:
        return b"%PDF" in head[:1024]

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        with _bounded_streams(path, limits.max_stream_bytes):
            return self._read(path, data, limits)

    def _read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        cfg = config()["text_layer"]
        pdf = _open(path, data)
        try:
            try:
                pages = pdf.pages
            except Exception as e:
                _pass_bound(e)
                raise IngestError(path, f"corrupt PDF ({_msg(e)})") from None
            n = len(pages)
            if n == 0:
                raise IngestError(path, "corrupt PDF (no pages)")
            if n > limits.max_pages:
                raise IngestError(path, f"too many pages ({n} > {limits.max_pages})")
            layouts: list[PageLayout] = []
            conf: list[float | None] = []
            warnings: list[str] = []
            for k, page in enumerate(pages, 1):
                if not limits.wants_page(k):
                    continue
                try:
                    chars = _chars(page, cfg)
                    scanned = limits.force_ocr or _needs_ocr(page, chars, cfg)
                    if scanned and not _has_ink(page) and not chars:  # a blank page
                        layouts.append(PageLayout(k, float(page.width), float(page.height)))
                        conf.append(None)
                        continue
                    if not scanned:
                        chars = _attach_marks(chars, cfg)
                        tables, rest = _tables(page, chars, cfg)
                        layouts.append(PageLayout(k, float(page.width), float(page.height), page_lines(rest, cfg), tables))
                        conf.append(None)
                        continue
                except IngestError:
                    raise
                except Exception as e:
                    _pass_bound(e)
                    raise IngestError(path, f"corrupt PDF (page {k}: {_msg(e)})") from None
                from . import ocr

                dpi = scan_dpi(page, limits)
                img = rasterise(path, k, dpi)
                pl, c = ocr.page_layout(img, k, path=path, limits=limits, dpi=dpi, page_size=(float(page.width), float(page.height)))
                layouts.append(pl)
                conf.append(c)
                if c is None or c < config()["raster"]["warn_below_confidence"]:
                    warnings.append(f"page {k}: scanned page read by OCR with low confidence "
                                    f"({'no words' if c is None else f'{c:.0f}/100'}); its text may be unreliable")
        finally:
            pdf.close()
        overrides = None
        if any(p.ocr for p in layouts):
            from . import ocr

            overrides = ocr.layout_overrides()
        blocks = layout.layout_blocks(layouts, layout_config(), overrides)
        ocred = [c for p, c in zip(layouts, conf) if p.ocr and c is not None]
        info = source_info(path, data, "pdf", pages=n, ocr=any(p.ocr for p in layouts),
                           ocr_confidence=(sum(ocred) / len(ocred)) if ocred else None,
                           page_confidence=conf)
        return RawDocument(blocks, info, warnings)
