"""Plain text and markdown (`.txt`, `.md`), including legal-portal exports.

Encodings: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
Windows-1258; legacy Vietnamese font encodings (TCVN3/ABC, VNI) are detected
and converted by `extract.ingest.legacy`. Markdown pipe tables become table
blocks; separator rows (`|---|---|`) are dropped; other markup is left for
normalization to remove.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import regex as re

from ..errors import IngestError
from ..document import Block, RawDocument
from ..normalize import continues_dash_chain
from . import legacy
from .columns import space_tables
from .layout import is_page_number
from .base import Limits, source_info


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes to text; returns (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise IngestError(path, f"invalid UTF-16 text ({e.reason})") from None
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: every other byte NUL for Latin-range text
        even = sample[0::2].count(b"\x00")
        odd = sample[1::2].count(b"\x00")
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            raise IngestError(path, "not a text document (binary content)") from None
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
        enc = "cp1258"
    return text, enc


def check_text(path: Path, text: str) -> None:
    if not text.strip():
        raise IngestError(path, "empty file (no text)")
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if bad > max(8, len(sample) // 50):
        raise IngestError(path, "not a text document (binary content)")


_SEP_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip().replace("<br>", "\n").replace("<br/>", "\n") for c in s.split("|")]


_TERMINAL_END = re.compile(r"[.;:!?…]\s*(?:\*\*|__)?\s*$")
_SIGNATURE_START = re.compile(r"^(?:\*\*)?\s*(?:TM|KT|TL|TUQ|Q)\.\s")


def _is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|") and line.count("|") >= 2


def _opens_item(line: str) -> bool:
    from ..normalize import is_label_start

    s = line.strip().lstrip("*_# ").strip()
    return is_label_start(s) or bool(_SIGNATURE_START.match(line.strip()))


_LIST_END = re.compile(r"[;,]\s*$")
# a line that is nothing but an item label, in markup or not ("**1.", "III.", "*a)")
_LABEL_ONLY = re.compile(r"^[*_#\s]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)][*_\s]*$")


def _is_markup_line(line: str) -> bool:
    """A line of layout debris ("|", "-------", "**"): never part of a paragraph."""
    from ..normalize import is_debris

    s = line.strip()
    return s.startswith("|") or s.endswith("|") or is_debris(s.replace("**", "").replace("__", ""))


# the lines of an official header stand alone: the motto, "Số: …", the place
# and date ("Ninh Bình, ngày … tháng 3 năm 2026")
_HEADER_LINE = re.compile(r"^\s*\**\s*(?:Độc lập\s*[-–]\s*Tự do|S[ốo]\s*:|[\p{Lu}][^,]{1,40},\s*ngày\b)")


def _wrapped_pair(prev: str, nxt: str, blank_parted: bool = False) -> bool:
    """Does `nxt` continue `prev` in a hard-wrapped paragraph? With
    `blank_parted` (every item of the text opens after a blank line), a
    full line that ends a sentence goes on too: the next sentence of the
    same paragraph ("… quỹ đất sạch." / "Phân cấp, phân công …")."""
    if not prev.strip() or not nxt.strip():
        return False
    if _is_table_line(prev) or _is_table_line(nxt) or _is_markup_line(prev) or _is_markup_line(nxt):
        return False
    if continues_dash_chain(prev, nxt):
        return True
    if _opens_item(nxt) or _HEADER_LINE.match(nxt) or _HEADER_LINE.match(prev):
        return False
    if _LABEL_ONLY.match(prev.strip()):
        return True  # "**1." / "Công tác …**": a label wrapped away from its heading
    if _TERMINAL_END.search(prev):
        # a clause of a list goes on in lower case on the next line
        first = nxt.strip().lstrip("*_")[:1]
        if blank_parted and len(prev.strip()) >= _LONG and prev.rstrip().endswith(".") and first.isupper():
            return True
        return bool(_LIST_END.search(prev)) and first.islower()
    return True


def is_blank_parted(lines: list[str]) -> bool:
    """Do the text's items all open after a blank line (an OCR tool's or a
    converter's text: one blank line between paragraphs, none inside)?"""
    opens = [i for i in range(1, len(lines)) if lines[i].strip() and _opens_item(lines[i]) and len(lines[i].strip()) >= _LONG]
    after_blank = sum(1 for i in opens if not lines[i - 1].strip())
    return len(opens) >= 8 and after_blank >= 0.9 * len(opens)


def is_hard_wrapped(lines: list[str], blank_share_of: list[str] | None = None) -> bool:
    """Text whose paragraphs are separated by blank lines and whose lines are
    broken at a fixed width inside them (portal exports, e-mail, `fmt`): most
    long lines that a line of the same paragraph follows end mid-sentence
    and go on in a line that opens no item. Plain text with one paragraph per line is not (its
    long lines end a sentence or a clause)."""
    nonblank = [ln for ln in lines if ln.strip()]
    blank_share = (len(lines) - len(nonblank)) / len(lines) if lines else 0.0
    if blank_share_of is not None:
        # the blank lines of the text as printed (page markers and the blank
        # lines around them were taken out before)
        blank_share = sum(1 for ln in blank_share_of if not ln.strip()) / max(1, len(blank_share_of))
    if len(nonblank) < 20 or blank_share < 0.05:
        return False
    # a long line that ends its paragraph (a blank line follows) says
    # nothing either way: short paragraphs of two lines each are common
    long = sum(1 for a, b in zip(lines, lines[1:]) if len(a.strip()) >= _LONG and b.strip())
    wrapped = sum(1 for a, b in zip(lines, lines[1:]) if len(a.strip()) >= _LONG and _wrapped_pair(a, b))
    return wrapped >= 10 and wrapped >= 0.75 * long


_LONG = 60  # characters: a line this long that ends mid-sentence was wrapped


def _line_width(lines: list[str]) -> int:
    """The width the text was wrapped at: the 90th percentile of the lengths
    of its lines (table lines left out)."""
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip() and not _is_table_line(ln))
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def is_dense_wrapped(lines: list[str]) -> bool:
    """Text broken at a fixed width with no blank line between paragraphs
    (a PDF's text layer saved as text or markdown): most full lines end
    mid-sentence, and a paragraph ends only where a sentence does or an
    item opens. (Blank-line-parted text is `is_hard_wrapped`'s.)"""
    nonblank = [ln for ln in lines if ln.strip()]
    if len(nonblank) < 40 or len(lines) - len(nonblank) >= 0.05 * len(lines):
        return False
    full = 0.8 * _line_width(lines)
    pairs = [(a, b) for a, b in zip(lines, lines[1:])
             if len(a.strip()) >= max(full, _LONG) and b.strip() and not _is_table_line(a)]
    open_ = sum(1 for a, b in pairs if not _TERMINAL_END.search(a))
    return len(pairs) >= 20 and open_ >= 0.6 * len(pairs)


def unwrap_dense(lines: list[str]) -> list[str]:
    """Re-join the lines of `is_dense_wrapped` text: a line continues the one
    above when that one is full (wrapped at the text's width) and ends
    mid-sentence, unless it opens an item; capitals go on too ("… Đầm phá
    Tam" / "Giang – Văn hóa làng chài …"). An upper-case line is no
    paragraph of prose and is not continued."""
    full = max(0.8 * _line_width(lines), _LONG)
    out: list[str] = []
    last = ""  # the physical line above
    for line in lines:
        if (out and last.strip() and line.strip() and len(last.strip()) >= full
                and not _is_upper_line(last) and _wrapped_pair(last, line)):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        last = line
    return out


def _bold_open(line: str) -> bool:
    return line.count("**") % 2 == 1


def _is_upper_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def unwrap_lines(lines: list[str], blank_parted: bool = False) -> list[str]:
    """Re-join the lines of hard-wrapped paragraphs (see `is_hard_wrapped`):
    a line continues the one above it in the same blank-line-delimited
    paragraph unless it opens an item (a label, a bullet, a signature mark)
    or the line above ends a sentence; an upper-case line above (a heading, a signature line) is continued only
    inside an open bold run ("**II. NỘI DUNG" / "THỰC HIỆN**")."""
    out: list[str] = []
    for line in lines:
        if out and _wrapped_pair(out[-1], line, blank_parted):
            prev = out[-1]
            if not _is_upper_line(prev) or _bold_open(prev):
                out[-1] = prev.rstrip() + " " + line.strip()
                continue
        out.append(line)
    return out


_LONE_BULLET = re.compile(r"^\s*[-+•–]\s*$")  # not "*": the star under a party header
# what a bullet's text opens with: a word in small letters after its capital,
# not a header's number or place/date line under a rule ("-" / "Số: 12/KH")
_BULLET_TEXT = re.compile(r"^\s*(?!S[ốo]\s*:)(?![^,]{1,40}, ngày\b)\p{Lu}\p{Ll}")


def _join_lone_bullets(lines: list[str]) -> list[str]:
    """A bullet mark alone on its line, its text on the next ("-" /
    "Phân công, chỉ đạo …", a portal's wrap): one line, "- Phân công …"."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LONE_BULLET.match(line) and i + 1 < len(lines) and _BULLET_TEXT.match(lines[i + 1]):
            out.append(line.strip() + " " + lines[i + 1].strip())
            i += 2
            continue
        out.append(line)
        i += 1
    return out


_BAR = re.compile(r"^\s*\|\s*$")
_MAX_CELL_LINES = 15
# the first cell of a row: its number ("1", "12.", "II", "A")
_STT = re.compile(r"^\s*\**\s*(?:\d{1,3}|[IVXLC]{1,6}|[A-ZĐ])\s*[.)]?\s*\**\s*$")


def _bar_tables(lines: list[str]) -> list:
    """Lines with the tables written one cell per run of lines between lone
    "|" lines (a portal's table exported cell after cell: "|" / "TT" / "|" /
    "Nội dung" / "|" … "|" / "|" / "1" / "|" / "Tổ chức …" / "|") turned into
    `("table", rows)` items; other lines stay strings.

    A row is opened and closed by a bar, so two bars in a row end a row, or
    stand around an empty cell: the header row gives the number of columns,
    and an empty item ends a row that is full, or one whose next item is a
    row number ("1", "II"): a group row spanning the columns ("| II | TRIỂN
    KHAI … |")."""
    out: list = []
    i, n = 0, len(lines)
    while i < n:
        if not _BAR.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        # the table runs to a blank line, or to the last bar before a run of
        # lines too long to be a cell (the body that follows a header table)
        j, last_bar = i + 1, i
        while j < n and lines[j].strip():
            if _BAR.match(lines[j]):
                last_bar = j
            elif j - last_bar > _MAX_CELL_LINES:
                break
            j += 1
        if j < n and lines[j].strip() and not _BAR.match(lines[j - 1]):
            j = last_bar + 1
        run = lines[i:j]
        if sum(1 for l in run if _BAR.match(l)) < 4:
            out.extend(run)
            i = j
            continue
        items: list[list[str]] = [[]]
        for l in run[1:]:
            if _BAR.match(l):
                items.append([])
            else:
                items[-1].append(l)
        if not items[-1]:
            items.pop()
        # an appendix's heading between two tables ("Nơi nhận | TM. …" / "PHỤ
        # LỤC …" / "TT | Nội dung …") is text that parts them
        group: list[list[str]] = []
        for it in items:
            if it and _APPENDIX_ITEM.match(" ".join(it).replace("*", " ")):
                out.extend(_bar_table_or_lines(group))
                out.extend(it)
                group = []
            else:
                group.append(it)
        out.extend(_bar_table_or_lines(group))
        i = j
    return out


_APPENDIX_ITEM = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục)\b")


def _bar_table_or_lines(items: list[list[str]]) -> list:
    """The table the items start with, then what follows it: text, and the
    next table ("| Số: 12 | Hà Nội, ngày … |" / "KẾ HOẠCH …" / "| Nơi nhận
    | TM. … |")."""
    cells = ["\n".join(_cell_lines(it)) if it else "" for it in items]
    out: list = []
    k = 0
    while k < len(items):
        rows, end = _bar_rows(cells, k)
        if rows and max(len(r) for r in rows) >= 2:
            out.append(("table", rows))
        else:
            end = k
        if end < len(items):
            out.extend(items[end])  # a full row not followed by another: text
            end += 1
        k = end
    return out


def _cell_lines(lines: list[str]) -> list[str]:
    """A cell's lines, re-joined where a wrap cut a line: inside an open
    emphasis ("*Lai Châu, ngày" / "19 tháng 11 năm 2025*"), after a label's
    colon ("Số:" / "7360/KH-UBND"), before a word in small letters or a
    number; a new line that opens with a capital stays ("ỦY BAN NHÂN DÂN" /
    "TỈNH LAI CHÂU")."""
    out: list[str] = []
    for line in (l.strip() for l in lines):
        if out:
            prev = out[-1]
            emphasis_open = prev.replace("**", "").count("*") % 2 == 1 or prev.count("**") % 2 == 1
            if emphasis_open or prev.endswith(":") or (line[:1].islower() or line[:1].isdigit()) and not prev.endswith((".", ";")):
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out


def _bar_rows(cells: list[str], start: int) -> tuple[list[list[str]], int]:
    """Rows of the bar table whose cells start at `start`, and where it ends."""
    # the header: the cells up to the first empty one
    width = next((k for k in range(start, len(cells)) if not cells[k]), len(cells)) - start
    if width < 2 or width == len(cells) - start and width > 12:
        return [], start
    rows: list[list[str]] = []
    row: list[str] = []
    k = start
    while k < len(cells):
        c = cells[k]
        # a row ends at an empty item when it is full, or when a row number
        # follows it: a group row of fewer cells ("II | TRIỂN KHAI …"), or of
        # one that holds its number and title ("I. NÂNG CAO NHẬN THỨC …")
        nxt_is_row = k + 1 < len(cells) and _STT.match(cells[k + 1])
        if not c and row and (len(row) >= width or (nxt_is_row and (len(row) >= 2 or not _STT.match(row[0])))):
            rows.append(row)
            row = []
        elif not c and not row:
            pass  # the separator between two rows
        elif c and len(row) >= width:
            break  # a full row, and no separator: the table ended with it
        else:
            row.append(c)
        k += 1
    if row and len(row) >= width:
        rows.append(row)
        row = []
    rows = [r + [""] * (width - len(r)) if 2 < len(r) < width else r for r in rows]
    return rows, k - len(row)


def _line_blocks(lines: list[str]) -> list[Block]:
    """Paragraph lines and markdown pipe tables ("| a | b |") as blocks; a
    pipe table that is only its header row, followed by its cells one per
    line, is rebuilt (`_flat_rows`)."""
    blocks: list[Block] = []
    table: list[list[str]] = []
    bare = _bare_bar_runs(lines)
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if i in bare:
            if table:
                blocks.append(Block("table", rows=table))
                table = []
            end = bare[i]
            blocks.append(Block("table", rows=[[c.strip() for c in ln.split("|")] for ln in lines[i:end]]))
            i = end
            continue
        if line.lstrip().startswith("|") and line.count("|") >= 2:
            if not _SEP_ROW.match(line):
                table.append(_cells(line))
            i += 1
            continue
        if table:
            if len(table) == 1:
                rows, end = _flat_rows(table[0], lines, i)
                if rows:
                    blocks.append(Block("table", rows=rows))
                    table = []
                    i = end
                    continue
            blocks.append(Block("table", rows=table))
            table = []
        if line.strip():
            blocks.append(Block("para", text=line))
        i += 1
    if table:
        blocks.append(Block("table", rows=table))
    return blocks


def _bare_bar_runs(lines: list[str]) -> dict[int, int]:
    """Tables written as cells joined by bars without the outer ones (a Word
    file's text dump: "TT | Tên nhiệm vụ | Sở chủ trì | … | Ghi chú" / " | (1)
    | (2) | …" / "1 | Tổ chức quán triệt … | Sở Tư pháp | … | "): runs of two
    or more lines with the same number of bars, the first not opening with
    one. A header in two rows may have a cell more in its second (" |  |
    | Chủ trì | Phối hợp"), and a group row fewer cells ("I | GIAI ĐOẠN 1:
    …", its first cell a row number), in a run of at least two full rows.
    -> {first line: line after the run}."""
    runs: dict[int, int] = {}
    i, n = 0, len(lines)
    while i < n:
        s = lines[i].strip()
        k = s.count("|")
        if k and not s.startswith("|") and not _SEP_ROW.match(s):
            j = i + 1
            while j < n and lines[j].strip() and lines[j].strip().count("|") == k and not _SEP_ROW.match(lines[j].strip()):
                j += 1
            if j - i < 2 and k >= 2:
                j = _ragged_bar_run(lines, i, k)
            if j - i >= 2:
                runs[i] = j
                i = j
                continue
        i += 1
    return runs


def _ragged_bar_run(lines: list[str], i: int, k: int) -> int:
    """The end of a bar table from line `i` whose rows do not all have `k`
    bars: a second header row with one more, group rows with fewer whose
    first cell is a row number; at least two rows of the widest kind."""
    n = len(lines)
    j = i + 1
    if j < n and lines[j].strip().count("|") == k + 1:
        k += 1
        j += 1
    full = 0
    while j < n and lines[j].strip() and not _SEP_ROW.match(lines[j].strip()):
        c = lines[j].strip().count("|")
        if c == k:
            full += 1
        elif not (1 <= c < k and _STT.match(lines[j].split("|", 1)[0])):
            break
        j += 1
    return j if full >= 2 else i + 1


# the number of a row in a table whose cells come one per line ("1", "a)", "II", "2.1")
_FLAT_LABEL = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2}){0,2}|[IVXLC]{1,6}|[a-zđ]|[A-ZĐ])\s*[.)]?\s*$")
_FLAT_NUMBER_HEADER = re.compile(r"^\s*\**\s*(?:S[ốô]\s*)?(?:S\.?\s*)?TT\.?\s*\**\s*$", re.IGNORECASE)


def _flat_rows(header: list[str], lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """A table printed as its header row and then its cells one per line
    (a PDF table copied as text: "| TT | Nội dung | Cơ quan chủ trì | … |" /
    "1" / "Tổ chức hội nghị …" / "Sở Tư pháp" / "Quý III/2026" / "2" / …).

    The header's first cell numbers the rows ("TT", "STT"); short lines
    before the first row number are header cells the pipe row lost ("Thời
    gian thực hiện"). A row is its number and the lines up to the next
    number: as many as the header has cells is a full row, a single line a
    group row ("1" / "Tổ chức tuyên truyền …"); lines beyond the width
    continue the row's cells in order (a row broken over a page: the rest
    of its content, then of its lead). The table ends at a blank line, or
    where a row runs past twice the width (the text after the table).
    -> (rows with the header first, index after the table), or ([], i)."""
    if len(header) < 3 or not _FLAT_NUMBER_HEADER.match(header[0]):
        return [], i
    header = [c.strip() for c in header]
    n, j = len(lines), i
    while j < n and lines[j].strip() and not _FLAT_LABEL.match(lines[j]) and j - i < 3 \
            and len(lines[j].split()) <= 6 and len(header) < 9:
        header.append(lines[j].strip())
        j += 1
    if j >= n or not _FLAT_LABEL.match(lines[j]):
        return [], i
    width = len(header)
    raw: list[list[str]] = []
    while j < n and lines[j].strip():
        line = lines[j].strip()
        if _FLAT_LABEL.match(line):
            raw.append([line])
        elif len(raw[-1]) >= 2 * width:
            break
        else:
            raw[-1].append(line)
        j += 1
    if len(raw) < 2 or sum(1 for r in raw if len(r) >= width) < 2:
        return [], i
    rows = [header]
    for r in raw:
        row, extra = r[:width], r[width:]
        for k, e in enumerate(extra):
            if 1 + k < width:
                row[1 + k] = f"{row[1 + k]} {e}"
        rows.append(row + [""] * (width - len(row)))
    return rows, j


_INLINE_ENUM = re.compile(r"^\((?:[ivx]{1,4}|\d{1,2})\)\s")

def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def is_indented_layout(lines: list[str]) -> bool:
    """Text laid out as printed (`pdftotext -layout`, a gazette's text):
    every paragraph and item opens indented ("     - Tăng cường …", "     1.
    …") and its wrapped lines start at the margin. Many indented item lines,
    many lines at the margin, and hardly any item opening at the margin."""
    nonblank = [ln for ln in lines if ln.strip()]
    if len(nonblank) < 30:
        return False
    indented_items = sum(1 for ln in nonblank if 2 <= _indent(ln) <= 12 and _opens_item(ln))
    margin = [ln for ln in nonblank if _indent(ln) == 0]
    margin_items = sum(1 for ln in margin if _opens_item(ln))
    # (the "Nơi nhận" list at the end stands at the margin: a few items there)
    return indented_items >= 10 and len(margin) >= 0.2 * len(nonblank) and margin_items <= 0.1 * len(margin)


def join_margin_lines(lines: list[str]) -> list[str]:
    """In indented layout (`is_indented_layout`), a line at the margin goes
    on with the paragraph above it, even after a "." or ";" ("- Hình thành
    hệ thống kiểm soát … trong đô thị." / "Hình thành hồ chứa …"), and over a
    page number standing between them; a blank line ends a paragraph."""
    out: list[str] = []
    at_break = False
    for n, line in enumerate(lines):
        if is_page_number(line) and (n + 1 == len(lines) or not lines[n + 1].strip()):
            # a page's number over the blank line of the page break: it and
            # the blank lines around it go (the text runs on over the break)
            while out and not out[-1].strip():
                out.pop()
            at_break = True
            continue
        if at_break and not line.strip():
            continue
        at_break = False
        inline = bool(_INLINE_ENUM.match(line))  # "(ii) Tổ chức …": a list inside the paragraph
        if (line.strip() and _indent(line) == 0 and (inline or not _opens_item(line)) and not _is_table_line(line)
                and not _NOI_NHAN.match(line)):
            k = len(out) - 1
            while k >= 0 and is_page_number(out[k]):
                k -= 1
            if k >= 0 and out[k].strip() and not _is_markup_line(out[k]) and not _COLUMN_GAP.search(out[k].strip()):
                # (not onto a line of two columns, the closing's "Nơi nhận"
                # beside the signature: the line goes on in its own column)
                out[k] = out[k].rstrip() + " " + line.strip()
                continue
        out.append(line)
    return out


_NOI_NHAN = re.compile(r"^\s*\**\s*N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
_RECIPIENT = re.compile(r"^\s*[-+•–*]\s*\S")
_COLUMN_GAP = re.compile(r"\S(\s{6,})(?=\S)")


def _side_by_side_closing(items: list) -> list:
    """The closing laid out as printed (`pdftotext -layout`): the "Nơi nhận"
    list on the left and the signature on the right of the same lines
    ("Nơi nhận:            TM. ỦY BAN NHÂN DÂN" / "- Như Điều 3;     KT.
    CHỦ TỊCH" / … / "- Lãnh đạo VP;     Nguyễn Văn A"), to a blank line:
    one table row, the left column's lines in one cell and the right's in
    the other, as a Word file's closing table is read."""
    out: list = []
    i, n = 0, len(items)
    while i < n:
        it = items[i]
        m = _COLUMN_GAP.search(it) if isinstance(it, str) and _NOI_NHAN.match(it) else None
        if not m:
            out.append(it)
            i += 1
            continue
        col = m.end(1)
        left: list[str] = []
        right: list[str] = []
        j = i
        while j < n and isinstance(items[j], str) and items[j].strip():
            line = items[j]
            g = next((g for g in _COLUMN_GAP.finditer(line) if abs(g.end(1) - col) <= 12), None)
            if g is not None:
                left.append(line[: g.start(1)].strip())
                right.append(line[g.end(1):].strip())
            elif _indent(line) >= col - 12:
                right.append(line.strip())  # a line of the right column alone
            elif _RECIPIENT.match(line):
                left.append(line.strip())
            elif left and left[-1] and not left[-1].endswith((";", ".", ":")) and _indent(line) < 4:
                # the rest of a recipient's line ("- Văn phòng Sở (Bố trí
                # kinh phí, phương" / "tiện Phục vụ Đoàn kiểm tra);")
                left[-1] = f"{left[-1]} {line.strip()}"
            else:
                break  # the list has ended ("PHỤ LỤC 1" under the signature)
            j += 1
        out.append(("table", [["\n".join(x for x in left if x), "\n".join(x for x in right if x)]]))
        i = j
    return out


_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _per_run(items: list, fn) -> list:
    """`fn` applied to each run of lines between table items."""
    out: list = []
    run: list[str] = []
    for it in items + [None]:
        if isinstance(it, str):
            run.append(it)
            continue
        if run:
            out.extend(fn(run))
            run = []
        if it is not None:
            out.append(it)
    return out


_MARKER_RULE = re.compile(r"^\s*(?:[=*_~-]{3,}\s*)(?P<inner>.*?)(?:\s*[=*_~-]{3,})\s*$")


def _page_marker(line: str) -> bool:
    """A converter's page marker: "## Trang 2", "# Page 3", "===== Trang 2
    =====" (an OCR tool's), the page number inside heading marks or rules."""
    if _MD_HEADING.match(line):
        return is_page_number(_MD_HEADING.sub("", line).strip("* "))
    m = _MARKER_RULE.match(line)
    return bool(m) and is_page_number(m.group("inner"))


_LONE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")


def _page_numbers(lines: list[str]) -> set[int]:
    """The lines that are a page's printed number in text without page
    markers: a number alone on its line under a blank line ("kinh" / "" /
    "6" / "tế – xã hội …"; a gazette's "CÔNG BÁO/Số 286" / "90" is a
    running head, left to normalize), in a run of at least two whose values go up from
    page to page."""
    cand = [(i, int(m.group(1))) for i, ln in enumerate(lines)
            if (m := _LONE_NUMBER.match(ln)) and i > 0 and not lines[i - 1].strip()]
    run: list[int] = []
    prev = None
    for i, v in cand:
        if v >= 2 and (prev is None or prev < v <= prev + 3):
            run.append(i)
            prev = v
    return set(run) if len(run) >= 2 else set()


def _page_markers(lines: list[str]) -> list[str]:
    """Page markers dropped ("## Trang 2", "===== Trang 2 =====", or a
    page's number alone between blank lines), with the page's printed
    number under them and the blank lines around; a page cut inside a
    paragraph (the next page opens in small letters: "2" / "các khu công
    nghiệp quy mô lớn …") joins on without a blank line."""
    numbers = _page_numbers(lines)
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        if not _page_marker(lines[i]) and i not in numbers:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < n and not lines[j].strip():
            j += 1
        if j < n and is_page_number(lines[j]):
            j += 1
            while j < n and not lines[j].strip():
                j += 1
        while out and not out[-1].strip():
            out.pop()
        if out and j < n and not lines[j][:1].islower():
            out.append("")
        i = j
    return out


def blocks_from_text(text: str) -> list[Block]:
    lines = _join_lone_bullets(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    printed = lines
    lines = _page_markers(lines)
    layout = is_indented_layout(lines)
    # tables laid out with spaces first: their lines are no paragraphs
    items = space_tables(lines)
    if layout:
        items = _per_run(items, join_margin_lines)
    wrapped = is_hard_wrapped([it for it in items if isinstance(it, str)], printed)
    blank_parted = wrapped and is_blank_parted([it for it in items if isinstance(it, str)])
    dense = not wrapped and not layout and is_dense_wrapped([it for it in items if isinstance(it, str)])
    if any(isinstance(it, str) and _BAR.match(it) for it in items):
        items = _per_run(items, _bar_tables)
    items = _side_by_side_closing(items)
    blocks: list[Block] = []
    run: list[str] = []
    for it in items + [None]:
        if isinstance(it, str):
            run.append(it)
            continue
        blocks.extend(_line_blocks(unwrap_lines(run, blank_parted) if wrapped else unwrap_dense(run) if dense else run))
        run = []
        if it is not None:
            blocks.append(Block("table", rows=it[1]))
    return blocks


class TextBackend:
    name = "text"
    extensions = (".txt", ".md", ".markdown", ".text")
    paginated = False

    def sniff(self, head: bytes) -> bool:
        return not head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"))

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        text, enc = decode(path, data)
        check_text(path, text)
        warnings = []
        # the legacy font tables are defined over the Windows-1252 reading of
        # the bytes; Windows-1258 (decode's fallback, or an editor that re-saved
        # the file) reads 14 of their bytes as other characters
        ansi = legacy.ansi_reading(data) if enc == "cp1258" else legacy.from_cp1258_reading(text)
        if ansi is not None and ansi != text and legacy.detect(ansi):
            text, enc = ansi, ("cp1252" if enc == "cp1258" else f"{enc}(cp1258)")
        legacy_enc = legacy.detect(text)
        if legacy_enc:
            text = legacy.convert(text, legacy_enc, path=path)
            warnings.append(f"source: converted from legacy encoding {legacy_enc}")
            enc = f"{enc}+{legacy_enc}"
        fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
        return RawDocument(blocks_from_text(text), source_info(path, data, fmt, encoding=enc), warnings)
