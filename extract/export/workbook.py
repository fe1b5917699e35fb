"""The run's workbook (XLSX: a sheet per entity) and CSV files.

Headers in Vietnamese by default (`lang="en"` for English), header row
frozen, filters on, widths fitted to the content, full ISO dates written as
real dates (partial ones such as "2024-05" stay text).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .files import atomic_write_bytes
from .tables import TABLES, columns

SHEET_NAMES = {
    "vi": {"documents": "Văn bản", "legal_bases": "Căn cứ", "tasks": "Nhiệm vụ",
           "task_agencies": "Nhiệm vụ - Cơ quan", "deadlines": "Thời hạn", "errors": "Lỗi"},
    "en": {t: t for t in TABLES},
}
DATE_KEYS = {"issue_date", "date", "start", "end", "due"}


def _as_date(v):
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def write_workbook(frames: dict, path: Path, *, lang: str = "vi") -> None:
    """Write the frames of `to_frames(..., lang="key")` as one workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        df = frames[table]
        ws = wb.create_sheet(SHEET_NAMES[lang][table])
        keys = list(df.columns)
        headers = columns(table, lang)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in df.itertuples(index=False):
            vals = []
            for k, v in zip(keys, row):
                if v is None or (isinstance(v, float) and v != v):
                    v = None
                elif k in DATE_KEYS:
                    v = _as_date(v)
                vals.append(v)
            ws.append(vals)
        for j, k in enumerate(keys, 1):
            if k in DATE_KEYS:
                for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    if isinstance(c.value, dt.date):
                        c.number_format = "yyyy-mm-dd"
            longest = max([len(str(headers[j - 1]))] + [len(str(c.value)) for (c,) in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 500), min_col=j, max_col=j) if c.value is not None])
            ws.column_dimensions[get_column_letter(j)].width = max(8, min(60, longest + 2))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(keys)))}{max(1, ws.max_row)}"
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(Path(path), buf.getvalue())


def write_csvs(frames: dict, out_dir: Path, *, lang: str = "vi", prefix: str = "") -> list[Path]:
    """One CSV per table, UTF-8 with BOM (Excel then opens Vietnamese right)."""
    out = []
    for table in TABLES:
        df = frames[table].copy()
        df.columns = columns(table, lang)
        p = Path(out_dir) / f"{prefix}{table}.csv"
        atomic_write_bytes(p, df.to_csv(index=False).encode("utf-8-sig"))
        out.append(p)
    return out
