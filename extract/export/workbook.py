"""The run's workbook (XLSX: a sheet per entity) and CSV files.

Headers in Vietnamese by default (`lang="en"` for English), header row
frozen, filters on, widths fitted to the content, full ISO dates written as
real dates (partial ones such as "2024-05" stay text).
"""

from __future__ import annotations

import datetime as dt
import io

import regex as re
from pathlib import Path

from .files import atomic_write_bytes
from .tables import TABLES, columns

SHEET_NAMES = {
    "vi": {"documents": "Văn bản", "legal_bases": "Căn cứ", "tasks": "Nhiệm vụ",
           "task_agencies": "Nhiệm vụ - Cơ quan", "deadlines": "Thời hạn", "errors": "Lỗi"},
    "en": {t: t for t in TABLES},
}
DATE_KEYS = {"issue_date", "date", "start", "end", "due"}


# characters no XLSX cell may hold (C0 controls but tab, newline, return)
# and, for every writer, escape sequences a terminal would obey
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_text(v):
    """A string any writer can take: control characters dropped, lone
    surrogates (undecodable file-name bytes) replaced."""
    if not isinstance(v, str):
        return v
    if _CONTROL.search(v):
        v = _CONTROL.sub("", v)
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        v = v.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return v


def _as_date(v):
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def write_workbook(frames: dict, path: Path, *, lang: str = "vi") -> None:
    """Write the frames of `to_frames(..., lang="key")` as one workbook.

    openpyxl's write-only mode streams rows to the file, so a workbook of a
    hundred thousand task rows does not hold a million cell objects."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    top = Alignment(vertical="top", wrap_text=True)
    for table in TABLES:
        df = frames[table]
        ws = wb.create_sheet(SHEET_NAMES[lang][table])
        keys = list(df.columns)
        headers = columns(table, lang)
        records = []
        for row in df.itertuples(index=False):
            vals = []
            for k, v in zip(keys, row):
                if v is None or (isinstance(v, float) and v != v):
                    v = None
                elif k in DATE_KEYS:
                    v = _as_date(safe_text(v))
                else:
                    v = safe_text(v)
                vals.append(v)
            records.append(vals)
        # widths from the header and the first 500 rows (set before any row)
        for j, h in enumerate(headers):
            longest = max([len(str(h))] + [len(str(r[j])) for r in records[:500] if r[j] is not None])
            ws.column_dimensions[get_column_letter(j + 1)].width = max(8, min(60, longest + 2))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(keys)))}{len(records) + 1}"
        head = []
        for h in headers:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill, c.alignment = bold, fill, top
            head.append(c)
        ws.append(head)
        date_cols = {j for j, k in enumerate(keys) if k in DATE_KEYS}
        for vals in records:
            if date_cols:
                for j in date_cols:
                    if isinstance(vals[j], dt.date):
                        c = WriteOnlyCell(ws, value=vals[j])
                        c.number_format = "yyyy-mm-dd"
                        vals[j] = c
            for j, v in enumerate(vals):
                if isinstance(v, str) and v.startswith("="):
                    # text, never a formula ("=HYPERLINK(…)" in a title)
                    c = WriteOnlyCell(ws, value=v)
                    c.data_type = "s"
                    vals[j] = c
            ws.append(vals)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(Path(path), buf.getvalue())


def write_csvs(frames: dict, out_dir: Path, *, lang: str = "vi", prefix: str = "") -> list[Path]:
    """One CSV per table, UTF-8 with BOM (Excel then opens Vietnamese right)."""
    out = []
    for table in TABLES:
        df = frames[table].copy()
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].map(safe_text)
        df.columns = columns(table, lang)
        p = Path(out_dir) / f"{prefix}{table}.csv"
        atomic_write_bytes(p, df.to_csv(index=False).encode("utf-8-sig"))
        out.append(p)
    return out
