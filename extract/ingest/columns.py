"""Tables laid out with spaces in plain text (`pdftotext -layout`, a
gazette's text): rows of cells that stand at their columns' places.

    TT          Nhiệm vụ cụ thể          Cơ quan chủ trì     Thời hạn
    I    Các nhiệm vụ cần làm ngay
         Tổ chức nghiên cứu, học tập,
    1    quán triệt … đến toàn thể cán    Các cấp ủy, tổ     Trước ngày
         bộ, đảng viên …                    chức đảng        15/10/2026

`space_tables(lines)` returns the lines with each such table replaced by a
`("table", rows)` item, its header first, as a Word or ruled-PDF table is
read:

1. header: a line opening with the number column's name ("TT", "STT") and
   the short lines above and below it; its cells (runs of text parted by two
   spaces or more) must name a content column and one of who or when
   (rules/pdf.toml `[text_tables]`). Overlapping cells of the header lines
   are one column.
2. column edges: between two header columns, the place in the gap where the
   fewest lines of the table have a letter (cells are centred, so they spread
   past their header on both sides). The number column is not cut by an
   edge: a line's number is its first word, when it stands at the left.
3. rows: a row's number stands on its middle line, so each line of the
   table belongs to the row whose number is nearest (on a tie, to the later
   row when its content cell opens with a capital); blank lines part rows,
   and a run of lines without a number (a row broken over a page) goes on
   with the row above. Page numbers are dropped.
4. the table ends at an appendix heading, another table's header, the
   "Nơi nhận" list, or a line of prose: one run of text over three columns'
   middles or more, without a number, that does not come apart into a cell
   for each (cells parted by one space do).
"""

from __future__ import annotations

import functools
import unicodedata

import regex as re

from ..rules import load_toml
from .layout import is_page_number


@functools.lru_cache(maxsize=1)
def _cfg() -> dict:
    cfg = dict(load_toml("pdf.toml")["text_tables"])
    gap = int(cfg["column_gap"])
    cfg["_seg"] = re.compile(r"\S+(?:" + r" {1," + str(gap - 1) + r"}\S+)*") if gap > 1 else re.compile(r"\S+")
    cfg["_head"] = re.compile(r"^\s{0,4}(?:" + cfg["number_header"] + r")(?=\s|$)")
    cfg["_group"] = re.compile(r"^(?:" + cfg["group_number"] + r")$")
    cfg["_num"] = re.compile(r"^(?:" + cfg["row_number"] + r")$")
    cfg["_end"] = [re.compile(p) for p in cfg["end_lines"]]
    return cfg


def _segments(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _cfg()["_seg"].finditer(line)]


def _low(s: str) -> str:
    return unicodedata.normalize("NFC", s).lower()


def _ends(line: str) -> bool:
    """A line no table runs over: an appendix's heading, "Nơi nhận"."""
    return any(p.match(line) for p in _cfg()["_end"])


def _is_page_number(line: str) -> bool:
    s = line.strip()
    if s.isdigit() and len(s) == 4 and s[:2] in ("19", "20"):
        return False  # a year standing in a time column
    return is_page_number(s)


def _header(lines: list[str], i: int) -> tuple[int, int, list[tuple[int, int, list[str]]]] | None:
    """(first line, line after the header, columns as (start, end, texts))
    when line `i` opens a table header."""
    cfg = _cfg()
    if "|" in lines[i] or not cfg["_head"].match(lines[i]):
        return None
    top = i
    while top - 1 >= 0 and i - top < cfg["header_lines"] and lines[top - 1].strip() and "|" not in lines[top - 1]:
        segs = _segments(lines[top - 1])
        if any(len(t) > cfg["header_above_chars"] for _, _, t in segs) or _ends(lines[top - 1]) or lines[top - 1].lstrip().startswith("("):
            break
        top -= 1
    bottom = i + 1
    while bottom < len(lines) and bottom - i <= cfg["header_lines"] and lines[bottom].strip() and "|" not in lines[bottom]:
        segs = _segments(lines[bottom])
        if any(len(t) > cfg["header_cell_chars"] for _, _, t in segs):
            break
        if segs and segs[0][0] <= 4 and cfg["_num"].match(segs[0][2].split()[0]):
            break
        bottom += 1
    spans = sorted((a, b, t) for k in range(top, bottom) for a, b, t in _segments(lines[k]))
    cols: list[list] = []
    for a, b, _ in spans:
        if cols and a <= cols[-1][1] + 1:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b, []])
    for k in range(top, bottom):
        for a, b, t in _segments(lines[k]):
            next(c for c in cols if c[0] <= a <= c[1])[2].append(t)
    if len(cols) < cfg["min_columns"]:
        return None
    text = _low(" ".join(t for c in cols for t in c[2]))
    if not any(w in text for w in cfg["content_words"]) or not any(w in text for w in cfg["role_words"]):
        return None
    return top, bottom, [(a, b, ts) for a, b, ts in cols]


def _covers(a: int, b: int, centres: list[float]) -> int:
    return sum(1 for c in centres if a <= c <= b)


def _centres(cols, runs: list[tuple[int, int, str]]) -> list[float]:
    """The middle of each column after the number column, on this stretch of
    the table (a page: the columns move from page to page): the header's,
    moved to the median middle of the runs nearest to it."""
    centres = [(a + b) / 2 for a, b, _ in cols[1:]]
    plain = [(a + b) / 2 for a, b, _ in runs if _covers(a, b, centres) <= 1]
    for _ in range(4):
        groups: list[list[float]] = [[] for _ in centres]
        for m in plain:
            groups[min(range(len(centres)), key=lambda k: abs(m - centres[k]))].append(m)
        new = [sorted(g)[len(g) // 2] if g else c for g, c in zip(groups, centres)]
        if new == centres or any(x >= y for x, y in zip(new, new[1:])):
            break
        centres = new
    return centres


def _nearest(a: int, b: int, centres: list[float]) -> int:
    m = (a + b) / 2
    return min(range(len(centres)), key=lambda k: abs(m - centres[k]))


def _split(a: int, text: str, centres: list[float], bounds: list[float]) -> list[tuple[int, str]]:
    """A run of text over two columns' middles (cells parted by one space:
    "… cấp tỉnh giai Đảng ủy UBND") cut at the space nearest the edge between
    them, before a capital or a digit (a cell opens so)."""
    cfg = _cfg()
    b = a + len(text)
    if _covers(a, b, centres) < 2:
        return [(a, text)]
    # the first edge with both its columns' middles inside the run, else the
    # edge after the column the run starts in
    k = min(_nearest(a, a + 1, centres), len(bounds) - 1)
    edge = next((bounds[j] for j in range(len(bounds)) if centres[j] >= a and centres[j + 1] <= b), bounds[k])
    spaces = [a + i for i, ch in enumerate(text) if ch == " "]
    # not inside "2029 - 2030", "Kế hoạch - Tài chính", "a, b"
    spaces = [p for p in spaces if text[p - a - 1] not in "-–/,"]
    near = [p for p in spaces if abs(p - edge) <= cfg["split_window"] and (text[p - a + 1].isupper() or text[p - a + 1].isdigit())]
    if not near:
        return [(a, text)]
    p = min(near, key=lambda q: abs(q - edge))
    return _split(a, text[: p - a], centres, bounds) + _split(p + 1, text[p - a + 1:], centres, bounds)


def _bounds(runs: list[tuple[int, int, str]], centres: list[float]) -> list[float]:
    """The edge between each two neighbouring columns: midway between where
    the left one's runs end and the right one's start (most of them)."""
    ends: list[list[int]] = [[] for _ in centres]
    starts: list[list[int]] = [[] for _ in centres]
    for a, b, _ in runs:
        if _covers(a, b, centres) <= 1:
            k = _nearest(a, b, centres)
            ends[k].append(b)
            starts[k].append(a)
    out = []
    for k in range(len(centres) - 1):
        r = sorted(ends[k])[int(len(ends[k]) * 0.9)] if ends[k] else centres[k]
        l = sorted(starts[k + 1])[len(starts[k + 1]) // 10] if starts[k + 1] else centres[k + 1]
        out.append((r + l) / 2)
    return out


def _number(line: str, cols, content_left: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A line's row number (or "") and its other runs of text. A number
    standing alone left of the content column, or one that starts left of
    where the content's lines start ("1 trường trong tổng chi …")."""
    segs = _segments(line)
    if segs and segs[0][0] < cols[1][0]:
        a, b, t = segs[0]
        first = t.split(" ", 1)
        if _cfg()["_num"].match(first[0]) and (len(first) == 1 or a < content_left):
            rest = segs[1:]
            if len(first) == 2:
                off = a + len(first[0]) + 1
                rest = [(off, b, first[1])] + rest
            return first[0], rest
    return "", segs


def _group_title(entry) -> bool:
    """A group's title line ("II.1 Hoàn thiện thể chế …"): its number and
    one run of text."""
    _, num, runs, _ = entry
    return bool(num) and len(runs) == 1 and bool(_cfg()["_group"].match(num))


def _table(lines: list[str], start: int, cols) -> tuple[list[list[str]], int]:
    """The rows of the table whose body starts at `start`, and where it ends."""
    cfg = _cfg()
    end = start
    while end < len(lines) and not _ends(lines[end]) and not (lines[end].strip() and _header(lines, end)):
        end += 1
    starts = sorted(segs[0][0] for segs in (_segments(ln) for ln in lines[start:end])
                    if segs and segs[0][0] < cols[1][0] and not cfg["_num"].match(segs[0][2].split(" ", 1)[0]))
    content_left = starts[len(starts) // 5] if starts else cols[1][0]
    ncol = len(cols)
    # (line index, number or None for a blank/page line, runs, page)
    entries: list[tuple[int, str | None, list, int]] = []
    page = 0
    for k in range(start, end):
        line = lines[k]
        if not line.strip() or _is_page_number(line):
            page += _is_page_number(line)
            entries.append((k, None, [], page))
            continue
        num, runs = _number(line, cols, content_left)
        entries.append((k, num, runs, page))
    # the columns' middles and edges, page by page
    geo = {}
    for pg in {e[3] for e in entries}:
        runs = [r for e in entries if e[3] == pg and e[1] is not None for r in e[2]]
        c = _centres(cols, runs)
        geo[pg] = (c, _bounds(runs, c))
    stop = end
    for j, (k, num, runs, pg) in enumerate(entries):
        c, bounds = geo[pg]
        if (num == "" and len(runs) == 1 and _covers(runs[0][0], runs[0][1], c) >= 3
                and len(_split(runs[0][0], runs[0][2], c, bounds)) < _covers(runs[0][0], runs[0][1], c)):
            stop = k  # a line of prose: the table has ended
            entries = entries[:j]
            break
    rows: list[dict] = []
    band: list = []

    def close_band():
        # a group's title line ("II.1 Hoàn thiện thể chế …") is a row of its
        # own: it draws no lines to it
        groups = [j for j, e in enumerate(band) if _group_title(e)]
        nums = [j for j, e in enumerate(band) if e[1] and not _group_title(e)]
        if not nums and not groups:
            if rows:
                rows[-1]["lines"].extend(band)
            return
        own: dict[int, list] = {j: [band[j]] for j in nums + groups}
        for j, e in enumerate(band):
            if j in own:
                continue
            if not nums:
                (rows[-1]["lines"] if rows else own[groups[0]]).append(e)
                continue
            dist = [(abs(j - n), n) for n in nums]
            d = min(x for x, _ in dist)
            near = [n for x, n in dist if x == d]
            n = near[0]
            if len(near) > 1:
                c, _ = geo[e[3]]
                content = next((t for a, b, t in e[2] if _nearest(a, b, c) == 0), "")
                n = near[-1] if content[:1].isupper() else near[0]
            own[n].append(e)
        for j in sorted(own):
            rows.append({"num": band[j][1], "lines": own[j]})

    for e in entries:
        if e[1] is None:
            if band:
                close_band()
                band = []
            continue
        band.append(e)
    if band:
        close_band()
    out: list[list[str]] = [[" ".join(ts) for _, _, ts in cols]]
    for row in rows:
        cells: list[list[str]] = [[] for _ in range(ncol)]
        cells[0].append(row["num"])
        for _, num, runs, pg in sorted(row["lines"], key=lambda e: e[0]):
            c, bounds = geo[pg]
            whole = _group_title((0, num, runs, pg))  # its title runs over the columns
            for a, b, t in runs:
                parts = [(a, t)] if whole else _split(a, t, c, bounds)
                for pa, pt in parts:
                    k = 0 if whole else _nearest(pa, pa + len(pt), c)
                    cells[1 + k].append(pt)
        out.append([" ".join(x).strip() for x in cells])
    return out, stop


def space_tables(lines: list[str]) -> list:
    """The lines, with each table laid out with spaces as a `("table", rows)`
    item."""
    if not any(_cfg()["_head"].match(ln) for ln in lines):
        return list(lines)
    out: list = []
    i = 0
    while i < len(lines):
        h = _header(lines, i) if lines[i].strip() else None
        if h is None:
            out.append(lines[i])
            i += 1
            continue
        top, bottom, cols = h
        rows, end = _table(lines, bottom, cols)
        if len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        del out[len(out) - (i - top):]  # the header lines above the number column's
        out.append(("table", rows))
        i = end
    return out
