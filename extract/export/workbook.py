"""The workbook people read (XLSX), the CSV files, and Parquet files.

The workbook speaks the language of its headers (`lang="vi"`, the default,
or "en"): coded values (kinds, relations, roles, booleans) as
`rules/export/values.tsv` says, every full date a date cell and, beside each
date column, a text column for what is not a full date ("tháng 05/2024",
"ngày 15/11 hằng năm"). Its first sheet, `Tổng hợp`, has a row per plan
(issuer, number, date, counts, warnings) and a row per agency (tasks not yet
due, the next due date). Every sheet: header row frozen, filters on, widths
from the content, long text wrapped, the header repeated on every printed
page, landscape and fit to the page width. A plan's record (and its review
page, when there is one) is a link.

CSV files hold the same tables and values, dates as ISO text, UTF-8 with a
BOM. Parquet files (`pyarrow`) keep the codes, for programs.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import regex as re

from ..rules import load_table, load_toml
from .dates import MONTH, YEAR, YEARLY, as_date, last_day, next_occurrence
from .files import atomic_write_bytes
from .tables import SEP, TABLES, columns

DATE_KEYS = {"issue_date", "date", "start", "end", "due", "next_due"}
LINK_KEYS = {"record", "review"}
WRAP_KEYS = {"title", "text", "warnings", "lead", "support", "section", "what", "recipients", "error",
             "timeline_raw", "raw", "next_task", "issuing_body", "agency"}
_MAX_WIDTH = 60


@functools.lru_cache(maxsize=1)
def labels() -> dict:
    return load_toml("export/labels.toml")


def sheet_names(lang: str) -> dict:
    return labels()[lang]["sheets"]


@functools.lru_cache(maxsize=1)
def _values() -> dict:
    """{(column key or "*", code): (vi, en)}"""
    out = {}
    for row in load_table("export/values.tsv"):
        cols, code, vi, en = (list(row) + [""] * 4)[:4]
        for c in cols.split(","):
            out[(c.strip(), code)] = (vi, en)
    return out


def shown_value(key: str, v, lang: str):
    """A coded value as the workbook shows it (unknown codes as they are)."""
    if lang not in ("vi", "en") or v is None:
        return v
    idx = 0 if lang == "vi" else 1
    if isinstance(v, bool):
        hit = _values().get(("*", str(v)))
        return hit[idx] if hit else v
    if isinstance(v, str):
        hit = _values().get((key, v))
        return hit[idx] if hit else v
    return v


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


def date_text(v, lang: str = "vi") -> str | None:
    """What a date value that is not a full date says, in words
    ("2024-05" -> "tháng 05/2024", "--11-15" -> "ngày 15/11 hằng năm");
    None for a full date or nothing."""
    if not isinstance(v, str) or not v or as_date(v) is not None:
        return None
    t = labels()[lang if lang in ("vi", "en") else "en"]["text"]
    if m := MONTH.match(v):
        return t["month"].format(year=m[1], month=m[2])
    if m := YEAR.match(v):
        return t["year"].format(year=m[1])
    if m := YEARLY.match(v):
        return t["yearly"].format(month=m[1], day=m[2])
    return v


# --------------------------------------------------------------------------
# the summary sheet


def summary_frames(frames: dict, today: dt.date) -> dict:
    """Two tables from the others: a row per plan, a row per agency with its
    tasks not yet due and the next due date (`today` decides both)."""
    import pandas as pd

    docs = frames["documents"]
    plans = pd.DataFrame(
        {
            "file": docs["file"], "record": docs["record"], "issuing_body": docs["issuing_body"],
            "number": docs["number"], "issue_date": docs["issue_date"], "n_legal_bases": docs["n_legal_bases"],
            "n_tasks": docs["n_tasks"], "n_deadlines": docs["n_deadlines"],
            "n_warnings": [len(w.split(SEP)) if isinstance(w, str) and w else 0 for w in docs["warnings"]],
            "warnings": docs["warnings"],
        },
        columns=columns("summary_plans", "key"),
    )
    number_of = {f: _clean(n) for f, n in zip(docs["file"], docs["number"])} if len(docs) else {}
    agencies: dict[tuple, dict] = {}
    for r in frames["task_agencies"].to_dict("records"):
        r = {k: _clean(v) for k, v in r.items()}
        key = (r["agency"], r.get("jurisdiction") or None)
        a = agencies.setdefault(key, {"agency": key[0], "jurisdiction": key[1], "plans": set(), "n_lead": 0,
                                      "n_support": 0, "open": set(), "next": None})
        a["plans"].add(r["file"])
        a["n_lead" if r["role"] == "lead" else "n_support"] += 1
        due, kind = r.get("due"), r.get("timeline_kind")
        if not isinstance(due, str):
            due = None
        end = last_day(due)
        if kind in (None, "ongoing", "recurring", "conditional") or end is None or end >= today:
            a["open"].add((r["file"], r["task_id"]))
        nxt = next_occurrence(due, today)
        if nxt is not None and (a["next"] is None or nxt < a["next"][0]):
            label = " ".join(x for x in (number_of.get(r["file"]) or r["file"], r["task_id"]) if x)
            a["next"] = (nxt, f"{label}: {r.get('title') or ''}".strip())
    rows = [
        {"agency": a["agency"], "jurisdiction": a["jurisdiction"], "n_plans": len(a["plans"]), "n_lead": a["n_lead"],
         "n_support": a["n_support"], "n_open": len(a["open"]),
         "next_due": a["next"][0].isoformat() if a["next"] else None, "next_task": a["next"][1] if a["next"] else None}
        for a in agencies.values()
    ]
    rows.sort(key=lambda r: (r["next_due"] or "9999", r["agency"]))
    return {"summary_plans": plans, "summary_agencies": pd.DataFrame(rows, columns=columns("summary_agencies", "key"))}


# --------------------------------------------------------------------------
# writing


def _clean(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        v = v.item()
    return safe_text(v)


def _layout(table: str, lang: str) -> list[tuple[str, str, str]]:
    """(key, header, what) per column of a sheet; `what` is "value",
    "date" (a date cell) or "date_text" (the words beside it)."""
    suffix = labels()[lang]["text"]["date_text_suffix"]
    out = []
    for key, head in zip(columns(table, "key"), columns(table, lang)):
        if key in DATE_KEYS:
            out.append((key, head, "date"))
            out.append((key, head + suffix, "date_text"))
        else:
            out.append((key, head, "value"))
    return out


def _cells(df, layout, lang: str) -> list[list]:
    rows = []
    for rec in df.to_dict("records"):
        vals = []
        for key, _, what in layout:
            v = _clean(rec.get(key))
            if what == "date":
                v = as_date(v) if isinstance(v, str) else v
            elif what == "date_text":
                v = date_text(v, lang)
            else:
                v = shown_value(key, v, lang)
            vals.append(v)
        rows.append(vals)
    return rows


class _Sheet:
    """One sheet of the workbook being written (openpyxl write-only: rows
    are streamed, so a hundred thousand task rows are no million cells in
    memory). Widths are set before the first row, from the header and
    the first 500 rows."""

    def __init__(self, wb, title: str):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = wb.create_sheet(title)
        self.bold, self.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.link_font = Font(color="0563C1", underline="single")
        ws = self.ws
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True

    def widths(self, layouts: list[tuple[list, list[list]]]) -> None:
        from openpyxl.utils import get_column_letter

        n = max(len(lay) for lay, _ in layouts)
        for j in range(n):
            longest = 8
            for lay, rows in layouts:
                if j >= len(lay):
                    continue
                key, head, what = lay[j]
                cand = [len(str(head)) + 2] + [len(str(r[j])) + 2 for r in rows[:500] if r[j] is not None]
                w = max(cand)
                if what == "date":
                    w = max(w, 12)
                longest = max(longest, w)
            self.ws.column_dimensions[get_column_letter(j + 1)].width = min(_MAX_WIDTH, longest)

    def header(self, layout) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for _, head, _ in layout:
            c = WriteOnlyCell(self.ws, value=head)
            c.font, c.fill, c.alignment = self.bold, self.fill, self.wrap
            cells.append(c)
        self.ws.append(cells)

    def title(self, text: str) -> None:
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(self.ws, value=text)
        c.font = self.bold
        self.ws.append([c])

    def blank(self) -> None:
        self.ws.append([])

    def rows(self, layout, rows: list[list], lang: str) -> None:
        from openpyxl.cell import WriteOnlyCell

        for vals in rows:
            out = []
            for (key, _, what), v in zip(layout, vals):
                if v is None:
                    out.append(None)
                    continue
                c = WriteOnlyCell(self.ws, value=v)
                if what == "date" and isinstance(v, dt.date):
                    c.number_format = "dd/mm/yyyy"
                if key in LINK_KEYS and isinstance(v, str):
                    c.hyperlink = v.replace("\\", "/")
                    c.font = self.link_font
                if isinstance(v, str):
                    if v.startswith("="):
                        c.data_type = "s"  # text, never a formula ("=HYPERLINK(…)" in a title)
                    c.alignment = self.wrap if key in WRAP_KEYS else self.top
                out.append(c)
            self.ws.append(out)
    

def write_workbook(frames: dict, path: Path, *, lang: str = "vi", today: dt.date | None = None) -> None:
    """Write the frames of `to_frames(..., lang="key")` (documents with the
    collection's record/review/input columns) as the workbook."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    today = today or dt.date.today()
    names = sheet_names(lang)
    text = labels()[lang]["text"]
    wb = Workbook(write_only=True)
    # the summary: plans, then agencies, one under the other
    summ = summary_frames(frames, today)
    s = _Sheet(wb, names["summary"])
    lay_p, lay_a = _layout("summary_plans", lang), _layout("summary_agencies", lang)
    rows_p, rows_a = _cells(summ["summary_plans"], lay_p, lang), _cells(summ["summary_agencies"], lay_a, lang)
    s.widths([(lay_p, rows_p), (lay_a, rows_a)])
    s.ws.freeze_panes = "A2"  # write-only sheets: views and filters before the first row
    s.ws.auto_filter.ref = f"A1:{get_column_letter(len(lay_p))}{len(rows_p) + 1}"
    s.header(lay_p)
    s.rows(lay_p, rows_p, lang)
    s.blank()
    s.title(text["summary_agencies"].format(today=today.strftime("%d/%m/%Y")))
    s.header(lay_a)
    s.rows(lay_a, rows_a, lang)
    for table in TABLES:
        lay = _layout(table, lang)
        rows = _cells(frames[table], lay, lang)
        sh = _Sheet(wb, names[table])
        sh.widths([(lay, rows)])
        sh.ws.freeze_panes = "A2"
        sh.ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(lay)))}{len(rows) + 1}"
        sh.header(lay)
        sh.rows(lay, rows, lang)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(Path(path), buf.getvalue())


def write_csvs(frames: dict, out_dir: Path, *, lang: str = "vi", prefix: str = "") -> list[Path]:
    """One CSV per table, UTF-8 with BOM (Excel then opens Vietnamese right):
    headers and coded values in `lang`, dates as ISO text."""
    out = []
    for table in TABLES:
        df = frames[table].copy()
        for col in df.columns:
            if df[col].dtype == object or df[col].dtype == bool:
                df[col] = df[col].map(lambda v, k=col: safe_text(shown_value(k, v, lang)))
        df.columns = columns(table, lang)
        p = Path(out_dir) / f"{prefix}{table}.csv"
        atomic_write_bytes(p, df.to_csv(index=False).encode("utf-8-sig"))
        out.append(p)
    return out


def write_parquet(frames: dict, out_dir: Path) -> list[Path]:
    """One Parquet file per table, column keys and coded values as in the
    records (for pandas, DuckDB, Spark)."""
    from ..errors import DependencyError

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise DependencyError(out_dir, "Parquet files need pyarrow: pip install 'kehoach[parquet]' (or pip install pyarrow)") from None
    out = []
    for table in TABLES:
        buf = io.BytesIO()
        frames[table].to_parquet(buf, index=False)
        p = Path(out_dir) / f"{table}.parquet"
        atomic_write_bytes(p, buf.getvalue())
        out.append(p)
    return out
