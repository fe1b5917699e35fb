"""Page layout shared by the PDF and OCR backends: words -> lines -> blocks.

Both backends describe each page as positioned `Word`s grouped into `Line`s
(physical rows: every word whose vertical extent overlaps, across the whole
page width), plus ruled tables already read (`TableRegion`). Coordinates are
points from the top-left corner of the page (OCR pixels are scaled to points),
so one set of thresholds, expressed in "em" (the line's font size), serves
both. `layout_blocks(pages, cfg)` then does, in order:

1. header band: at the top of page 1, the rows whose words leave a common
   vertical gap near the middle of the page are the two-column official
   header; each column is cut into blocks at vertical gaps and the blocks
   are paired into rows (issuer | motto, "Số…" | place/date). It becomes a
   table block (`style="header"`), which `build_document` renders row by
   row, left cell then right cell; a band without the national motto
   (which `build_document` would keep as a table) is emitted as the same
   lines, left then right, as paragraph blocks.
   Elsewhere, a band of at least two such rows (a signature block beside the
   recipients list) is read column by column.
2. running headers and footers: a lone page number ("2", "- 2 -", "Trang
   2", "2/5") in the top or bottom zone of a page, and a line repeated at the
   same height on most pages, are dropped.
3. footnotes: the run of small-type lines at the foot of a page that opens
   with a note number becomes footnote blocks (one per number; a run
   without a number continues the previous page's last note).
4. paragraphs: consecutive lines are one paragraph unless the line spacing
   widens, the type size changes, the line is indented (first-line indent,
   centred line), or the previous line stopped short of the right margin by
   more than the first word of the line (it would have fitted); a paragraph
   whose last line fills the page continues on the next page when the next
   page's first line is not indented and the text had not ended.

The thresholds are in `rules/pdf.toml` (`[layout]`), with OCR overrides in
`rules/ocr.toml`.
"""

from __future__ import annotations

import difflib
import functools
import statistics
from dataclasses import dataclass, field

import regex as re

from ..document import Block
from ..rules import load_toml

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline (top-down)
    size: float  # font size (PDF) or an estimate from the line height (OCR)
    bold: bool = False
    sup: bool = False  # the whole word is raised small type (a note mark)
    conf: float | None = None  # OCR word confidence, 0..100
    raised: bool = False  # OCR: a raised small word, whatever was read in it


@dataclass
class Line:
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words if not w.sup) if any(not w.sup for w in self.words) else min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words if not w.sup) if any(not w.sup for w in self.words) else max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        """Type size of the line: the size most of its letters have."""
        ws = [w for w in self.words if not w.sup] or self.words
        weighted: dict[float, int] = {}
        for w in ws:
            k = round(w.size, 1)
            weighted[k] = weighted.get(k, 0) + len(w.text)
        return max(weighted.items(), key=lambda kv: (kv[1], kv[0]))[0]

    @property
    def base(self) -> float:
        ws = [w for w in self.words if not w.sup] or self.words
        return statistics.median(w.base for w in ws)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class TableRegion:
    rows: list[list[str]]
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableRegion] = field(default_factory=list)
    ocr: bool = False


# --------------------------------------------------------------------------
# grouping


def merge_rows(lines: list[Line], overlap: float = 0.5) -> list[Line]:
    """Merge lines that share their vertical extent (the two header columns
    read as separate lines by OCR) into physical rows, top to bottom."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda l: (l.top, l.x0)):
        for row in out[-3:]:
            inter = min(row.bottom, ln.bottom) - max(row.top, ln.top)
            h = min(row.bottom - row.top, ln.bottom - ln.top)
            if h > 0 and inter >= overlap * h and (ln.x1 <= row.x0 or ln.x0 >= row.x1):
                row.words = sorted(row.words + ln.words, key=lambda w: w.x0)
                break
        else:
            out.append(Line(list(ln.words)))
    return sorted(out, key=lambda l: l.top)


# --------------------------------------------------------------------------
# helpers


def _body_size(pages: list[PageLayout]) -> float:
    weighted: dict[float, int] = {}
    for p in pages:
        for ln in p.lines:
            k = round(ln.size, 1)
            weighted[k] = weighted.get(k, 0) + len(ln.text)
    if not weighted:
        return 12.0
    return max(weighted.items(), key=lambda kv: kv[1])[0]


def _percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    if not v:
        return 0.0
    i = min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))
    return v[i]


def _space(line: Line, cfg: dict) -> float:
    """The natural word space of a line: its smallest gap between words."""
    gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:]) if not b.sup]
    gaps = [g for g in gaps if g > 0]
    if gaps:
        return min(gaps)
    return cfg["space_em"] * line.size


def _covered(line: Line) -> list[tuple[float, float]]:
    iv = sorted((w.x0, w.x1) for w in line.words)
    out: list[list[float]] = []
    for a, b in iv:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _subtract(free: list[tuple[float, float]], covered: list[tuple[float, float]], min_w: float):
    out = []
    for a, b in free:
        segs = [(a, b)]
        for c0, c1 in covered:
            nxt = []
            for s0, s1 in segs:
                if c1 <= s0 or c0 >= s1:
                    nxt.append((s0, s1))
                    continue
                if c0 > s0:
                    nxt.append((s0, c0))
                if c1 < s1:
                    nxt.append((c1, s1))
            segs = nxt
        out.extend(s for s in segs if s[1] - s[0] >= min_w)
    return out


# --------------------------------------------------------------------------
# column bands (header, signature block)


@dataclass
class Band:
    start: int  # index of the first row in the page's lines
    end: int  # one past the last row
    split: float  # x of the gap between the columns
    two_sided: int


def find_band(lines: list[Line], start: int, page_w: float, cfg: dict, *, max_bottom: float | None = None) -> Band | None:
    """The longest run of rows from `start` that leave a common vertical gap
    in the central part of the page (None when no row has words on both sides)."""
    lo, hi = cfg["band_window"]
    free = [(lo * page_w, hi * page_w)]
    rows: list[int] = []
    for i in range(start, len(lines)):
        ln = lines[i]
        if max_bottom is not None and ln.top > max_bottom:
            break
        if rows and ln.top - lines[rows[-1]].bottom > cfg["band_max_row_gap_em"] * ln.size:
            break
        nf = _subtract(free, _covered(ln), cfg["band_min_gap_em"] * ln.size)
        if not nf:
            break
        free = nf
        rows.append(i)
    if not rows:
        return None
    gap = max(free, key=lambda s: s[1] - s[0])
    split = (gap[0] + gap[1]) / 2
    sided = [(any(w.x1 <= split for w in lines[i].words), any(w.x0 >= split for w in lines[i].words)) for i in rows]
    two = [k for k, (l, r) in enumerate(sided) if l and r]
    if not two:
        return None
    # one-sided rows after the last two-sided row stay only while close, and
    # only when they stand inside one column's extent (a heading below the
    # header, "KẾ HOẠCH", ends the band even when it leaves a gap)
    lefts = [w for k in two for w in lines[rows[k]].words if (w.x0 + w.x1) / 2 < split]
    rights = [w for k in two for w in lines[rows[k]].words if (w.x0 + w.x1) / 2 >= split]
    left_x0, left_x1 = min(w.x0 for w in lefts), max(w.x1 for w in lefts)
    right_x0, right_x1 = min(w.x0 for w in rights), max(w.x1 for w in rights)
    end = rows[two[-1]] + 1
    for k in range(two[-1] + 1, len(rows)):
        i = rows[k]
        ln = lines[i]
        if ln.top - lines[i - 1].bottom > cfg["band_tail_gap_em"] * ln.size:
            break
        tol = ln.size
        in_left = all(w.x0 >= left_x0 - tol and w.x1 <= left_x1 + tol for w in ln.words)
        in_right = all(w.x0 >= right_x0 - tol and w.x1 <= right_x1 + tol for w in ln.words)
        if not (in_left or in_right):
            break
        end = i + 1
    return Band(rows[0], end, split, len(two))


def _column_blocks(col: list[Line], cfg: dict) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for ln in col:
        if blocks and ln.top - blocks[-1][-1].bottom <= cfg["header_block_gap_em"] * ln.size:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


def split_columns(lines: list[Line], split: float) -> tuple[list[Line], list[Line]]:
    left, right = [], []
    for ln in lines:
        lw = [w for w in ln.words if (w.x0 + w.x1) / 2 < split]
        rw = [w for w in ln.words if (w.x0 + w.x1) / 2 >= split]
        if lw:
            left.append(Line(lw))
        if rw:
            right.append(Line(rw))
    return left, right


def header_rows(lines: list[Line], split: float, cfg: dict) -> list[list[str]]:
    """Rows of the two-column header: [left block, right block] pairs."""
    left, right = split_columns(lines, split)
    lb, rb = _column_blocks(left, cfg), _column_blocks(right, cfg)

    def text(block):
        return "\n".join(l.text for l in block) if block else ""

    if len(lb) == len(rb):
        return [[text(a), text(b)] for a, b in zip(lb, rb)]
    # unequal counts: pair blocks that overlap vertically
    items = sorted([(b[0].top, b[-1].bottom, 0, b) for b in lb] + [(b[0].top, b[-1].bottom, 1, b) for b in rb], key=lambda t: t[0])
    rows: list[list] = []
    for top, bottom, side, b in items:
        if rows and top < rows[-1][1] and rows[-1][2][side] is None:
            rows[-1][2][side] = b
            rows[-1][1] = max(rows[-1][1], bottom)
        else:
            cells = [None, None]
            cells[side] = b
            rows.append([top, bottom, cells])
    return [[text(c[0]), text(c[1])] for _, _, c in rows]


# --------------------------------------------------------------------------
# running headers / footers


@functools.lru_cache(maxsize=1)
def _page_number_patterns() -> list:
    return [re.compile(p) for p in load_toml("pdf.toml")["layout"]["page_number_patterns"]]


def is_page_number(text: str) -> bool:
    """A page number standing alone ("2", "- 2 -", "Trang 2", "2/5"), by
    `rules/pdf.toml` [layout] page_number_patterns: on a PDF's page, and in
    the text of a PDF (`pdftotext -layout`, a converter's "## Trang 2")."""
    s = text.strip()
    return bool(s) and any(p.fullmatch(s) for p in _page_number_patterns())


def _norm_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def drop_running(pages: list[PageLayout], cfg: dict) -> None:
    """Remove page numbers and repeated headers/footers (in place)."""
    pats = [re.compile(p) for p in cfg["page_number_patterns"]]
    zone = cfg["running_zone"]
    edge = cfg["running_edge_lines"]

    def candidates(p: PageLayout):
        n = len(p.lines)
        for i, ln in enumerate(p.lines):
            if i < edge and ln.bottom <= zone * p.height:
                yield i, ln, "top"
            elif i >= n - edge and ln.top >= (1 - zone) * p.height:
                yield i, ln, "bottom"

    drop: dict[int, set[int]] = {p.number: set() for p in pages}
    seen: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for p in pages:
        for i, ln, where in candidates(p):
            t = ln.text.strip()
            if any(pt.fullmatch(t) for pt in pats):
                drop[p.number].add(i)
                continue
            seen.setdefault((_norm_key(t), where), []).append((p.number, i, ln.top / p.height))
    # OCR reads a running line slightly differently from page to page:
    # similar keys are one line
    merged: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for (key, where), occ in sorted(seen.items(), key=lambda kv: -len(kv[1])):
        for (k2, w2), occ2 in merged.items():
            if w2 == where and difflib.SequenceMatcher(None, key, k2, autojunk=False).ratio() >= cfg["running_similarity"]:
                occ2.extend(occ)
                break
        else:
            merged[(key, where)] = list(occ)
    n_pages = len(pages)
    need = max(cfg["running_min_pages"], cfg["running_min_share"] * n_pages)
    for (key, where), occ in merged.items():
        if len({pg for pg, _, _ in occ}) < need or not key.strip("# "):
            continue
        ys = sorted(y for _, _, y in occ)
        med = ys[len(ys) // 2]
        for pg, i, y in occ:
            if abs(y - med) <= cfg["running_y_tolerance"]:
                drop[pg].add(i)
    for p in pages:
        if drop[p.number]:
            p.lines = [ln for i, ln in enumerate(p.lines) if i not in drop[p.number]]


# --------------------------------------------------------------------------
# footnotes

_MARK_WORD = re.compile(rf"^([0-9{SUPERSCRIPT_DIGITS}]{{1,3}})[.)]?$")


def _marker(word: Word, cfg: dict) -> str | None:
    """The note number a footnote line opens with ("?" when OCR misread it)."""
    m = _MARK_WORD.match(word.text)
    if m and (word.sup or word.raised or any(c in SUPERSCRIPT_DIGITS for c in word.text) or cfg["plain_digit_markers"]):
        return m.group(1).translate(FROM_SUPERSCRIPT)
    if word.raised and len(word.text) <= 3:
        return "?"
    return None


def split_footnotes(p: PageLayout, body_size: float, cfg: dict) -> list[tuple[str, list[Line]]]:
    """Take the footnote lines off the foot of the page: [(marker, lines)].

    The notes start at the topmost line of the page's lower part that is in
    small type and opens with a note number, provided no line below it is in
    body type."""
    lines = p.lines
    small = cfg["footnote_size_ratio"] * body_size
    loose = cfg["footnote_size_ratio_loose"] * body_size
    k = len(lines)
    start = None
    while k > 0 and lines[k - 1].size < loose and lines[k - 1].top > cfg["footnote_zone"] * p.height:
        k -= 1
        ln = lines[k]
        if ln.size < small and len(ln.words) > 1 and _marker(ln.words[0], cfg) is not None:
            start = k
    if start is None:
        return []
    notes: list[tuple[str, list[Line]]] = []
    for ln in lines[start:]:
        mk = _marker(ln.words[0], cfg) if len(ln.words) > 1 else None
        if mk is not None:
            notes.append((mk, [Line(ln.words[1:])]))
        else:
            notes[-1][1].append(ln)
    p.lines = lines[:start]
    return notes


# --------------------------------------------------------------------------
# paragraphs


@dataclass
class _Margins:
    left: float
    right: float
    pitch: float  # typical baseline distance within a paragraph, in em


def _edge(values: list[float], width: float, share: float, lowest: bool) -> float:
    """The lowest (or highest) value shared, within `width`, by `share` of all."""
    need = max(2, int(share * len(values)))
    v = sorted(values, reverse=not lowest)
    for i, x in enumerate(v):
        j = i
        while j + 1 < len(v) and abs(v[j + 1] - x) <= width:
            j += 1
        if j - i + 1 >= need:
            return x
    # no edge shared by enough lines (ragged-right text, a page of short
    # lines): the edge of nearly all of them, not the one line that sticks
    # out (a closing table run past the margin)
    return _percentile(values, 0.05 if lowest else 0.95)


def _margins(lines: list[Line], body_size: float, fallback: _Margins | None, cfg: dict) -> _Margins:
    """Left and right margins of the text and its usual line spacing."""
    body = [l for l in lines if abs(l.size - body_size) <= 0.15 * body_size]
    if len(body) < cfg["min_lines_for_margins"] and fallback is not None:
        return fallback
    if not body:
        body = lines
    w = cfg["margin_cluster_em"] * body_size
    left = _edge([l.x0 for l in body], w, cfg["margin_share"], True)
    right = _edge([l.x1 for l in body], w, cfg["margin_share"], False)
    pitches = []
    for a, b in zip(body, body[1:]):
        d = (b.base - a.base) / a.size
        if 0.8 < d < 3.0 and abs(a.size - b.size) < 0.1 * a.size:
            pitches.append(d)
    pitch = _percentile(pitches, 0.25) if pitches else (fallback.pitch if fallback else 1.25)
    return _Margins(left, right, pitch)


def _centred(ln: Line, m: _Margins, cfg: dict) -> bool:
    tol = cfg["centre_tol_em"] * ln.size
    return abs(ln.mid - (m.left + m.right) / 2) <= tol and ln.x0 > m.left + cfg["indent_em"] * ln.size


def continues(prev: Line, cur: Line, m: _Margins, cfg: dict, *, same_page: bool = True) -> bool:
    """Is `cur` the next line of the paragraph that `prev` is in?"""
    size = max(prev.size, cur.size)
    if abs(prev.size - cur.size) > cfg["size_change"] * size:
        return False
    if same_page:
        pitch = (cur.base - prev.base) / prev.size
        if pitch > m.pitch * cfg["pitch_break"] or pitch < 0:
            return False
    first_w = cur.words[0].x1 - cur.words[0].x0
    space = min(_space(prev, cfg), _space(cur, cfg))
    tol = cfg["fit_tol_em"] * size
    indent = cfg["indent_em"] * size
    centre = (m.left + m.right) / 2
    if _centred(cur, m, cfg):
        # a centred title wrapped over lines: the previous line is centred
        # too (or full) and the first word would not have fitted on it
        if abs(prev.mid - centre) > cfg["centre_tol_em"] * size:
            return False
        return (prev.x1 - prev.x0) + space + first_w > (m.right - m.left) - tol
    if cur.x0 > m.left + indent and cur.x0 > prev.x0 + indent * 0.5:
        return False  # first-line indent
    room = m.right - prev.x1
    return room < first_w + space + tol


_TERMINAL = re.compile(r"[.;:!?…]$|\./\.$")


def _header_band(lines: list[Line], page: PageLayout, cfg: dict) -> Band | None:
    for start in range(min(cfg["header_max_skip_rows"], len(lines) - 1) + 1):
        if lines[start].top > cfg["header_zone"] * page.height:
            break
        band = find_band(lines, start, page.width, cfg, max_bottom=cfg["header_zone"] * page.height)
        if band is not None:
            return band
    return None


def _emit_columns(blocks: list[Block], cols, page: int, pitch: float, cfg: dict) -> None:
    for col in cols:
        if not col:
            continue
        m = _Margins(min(l.x0 for l in col), max(l.x1 for l in col), pitch)
        texts: list[str] = []
        prev = None
        for ln in col:
            if prev is not None and continues(prev, ln, m, cfg):
                texts.append(ln.text)
            else:
                if texts:
                    blocks.append(Block("para", text=" ".join(texts), page=page))
                texts = [ln.text]
            prev = ln
        if texts:
            blocks.append(Block("para", text=" ".join(texts), page=page))


def _emit_header(blocks: list[Block], rows: list[list[str]], page: int) -> None:
    from ..normalize import is_header_table

    if is_header_table(rows):
        blocks.append(Block("table", rows=rows, page=page, style="header"))
        return
    # no national motto: build_document would keep a table; emit the same
    # lines, row by row, left cell then right cell
    for r in rows:
        for side, cell in zip(("header-left", "header-right"), r):
            for piece in cell.split("\n"):
                if piece.strip():
                    blocks.append(Block("para", text=piece, page=page, style=side))


def layout_blocks(pages: list[PageLayout], cfg: dict, ocr_overrides: dict | None = None) -> list[Block]:
    """Blocks in reading order for a paginated source (see the module doc).

    `cfg` is the `[layout]` table of `rules/pdf.toml`; OCR'd pages use it with
    `ocr_overrides` applied."""
    base_cfg = cfg
    ocr_cfg = {**cfg, **(ocr_overrides or {})}
    drop_running(pages, cfg)
    sizes = {kind: _body_size([p for p in pages if p.ocr == kind]) for kind in (False, True)}
    doc_margins: dict[bool, _Margins | None] = {}
    for kind in (False, True):
        kl = [l for p in pages if p.ocr == kind for l in p.lines]
        doc_margins[kind] = _margins(kl, sizes[kind], None, ocr_cfg if kind else cfg) if kl else None
    blocks: list[Block] = []
    last_note = 0
    # the paragraph still open: (line texts, its page, its last line, margins)
    open_para: list | None = None

    def close():
        nonlocal open_para
        if open_para:
            blocks.append(Block("para", text=" ".join(open_para[0]), page=open_para[1]))
            open_para = None

    for p in pages:
        cfg = ocr_cfg if p.ocr else base_cfg
        sig_cfg = {**cfg, "band_min_gap_em": cfg["sig_min_gap_em"]}
        body_size = sizes[p.ocr]
        notes = split_footnotes(p, body_size, cfg)
        lines = p.lines
        m = doc_margins[p.ocr]
        if p.ocr and len(lines) >= cfg["min_lines_for_margins"]:
            m = _margins(lines, body_size, m, cfg)  # scans shift from page to page
        if m is None:
            m = _Margins(0.0, p.width, 1.25)
        items: list[tuple[float, str, object]] = []
        i = 0
        if p.number == 1 and lines:
            band = _header_band(lines, p, cfg)
            if band is not None:
                for k in range(band.start):
                    items.append((lines[k].top, "line", lines[k]))
                items.append((lines[band.start].top, "header", header_rows(lines[band.start:band.end], band.split, cfg)))
                i = band.end
        while i < len(lines):
            if cfg["signature_bands"]:
                band = find_band(lines, i, p.width, sig_cfg)
                if band is not None and band.two_sided >= cfg["sig_min_two_sided"]:
                    items.append((lines[i].top, "columns", split_columns(lines[band.start:band.end], band.split)))
                    i = band.end
                    continue
            items.append((lines[i].top, "line", lines[i]))
            i += 1
        for t in p.tables:
            items.append((t.top, "table", t))
        items.sort(key=lambda it: it[0])

        first = True
        for _, kind, obj in items:
            if kind == "line":
                ln: Line = obj  # type: ignore[assignment]
                if open_para is not None:
                    texts, pg, last, pm = open_para
                    if not first and continues(last, ln, m, cfg):
                        texts.append(ln.text)
                        open_para[2] = ln
                        continue
                    if first and pg != p.number and (
                        continues(last, ln, pm, cfg, same_page=False)
                        and ln.x0 <= m.left + cfg["indent_em"] * ln.size * 0.5
                        and not _TERMINAL.search(texts[-1])
                    ):
                        texts.append(ln.text)
                        open_para[2], open_para[3] = ln, m
                        first = False
                        continue
                    close()
                open_para = [[ln.text], p.number, ln, m]
                first = False
                continue
            close()
            first = False
            if kind == "table":
                blocks.append(Block("table", rows=obj.rows, page=p.number))  # type: ignore[union-attr]
            elif kind == "header":
                _emit_header(blocks, obj, p.number)  # type: ignore[arg-type]
            else:
                _emit_columns(blocks, obj, p.number, m.pitch, cfg)
        for mk, nlines in notes:
            text = " ".join(l.text for l in nlines if l.words)
            if mk == "?":  # misread by OCR: notes are numbered in sequence
                mk = str(last_note + 1)
            if mk.isdigit():
                last_note = int(mk)
            blocks.append(Block("footnote", text=text, marker=mk, page=p.number))
    close()
    return blocks
