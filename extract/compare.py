"""Comparing provinces from the register: one table, its long forms, plots.

`comparison_table(db)` gives, per province (as the plans name it; central
bodies under "Trung ương"; a last row "Tất cả" for every plan): plans, tasks,
tasks per plan, the share of tasks with a lead, the share with a dated
timeline or deadline, the most cited documents and the most burdened agencies
(top 3 with counts). `write_comparison(db, out)` writes it as CSV (UTF-8 with
BOM) and XLSX (atomic writes) with the top lists in long form, and three PNG
plots (matplotlib, Agg, DejaVu Sans so Vietnamese renders). Labels, file names
and headers: rules/register/compare.toml and compare_columns.tsv.

A task "has a lead" when it names at least one lead body; it "has a date" when
its timeline has a start, end or due date ("--11-15", every year on 15
November, counts), or a deadline of the plan that belongs to it has a due date.
A document's count is the number of plans citing it (any relation); an
agency's, the number of tasks it leads (agencies compared by match_key of the
name, so "Sở Nội vụ" of every province adds up in the "Tất cả" row).
"""

from __future__ import annotations

import functools
import io
import sqlite3
from pathlib import Path

from .agency import fold
from .export import atomic_write_bytes
from .rules import load_table, load_toml

SEP = " | "


@functools.lru_cache(maxsize=1)
def settings() -> dict:
    return load_toml("register/compare.toml")


@functools.lru_cache(maxsize=1)
def _columns() -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list] = {}
    for row in load_table("register/compare_columns.tsv"):
        table, key, vi, en, meaning = (list(row) + [""] * 5)[:5]
        out.setdefault(table, []).append((key, vi, en, meaning))
    return out


def columns(table: str, lang: str = "key") -> list[str]:
    idx = {"key": 0, "vi": 1, "en": 2}[lang]
    return [c[idx] for c in _columns()[table]]


class _Conn:
    """A read-only connection from a path, a Register or a connection."""

    def __init__(self, db):
        self.own = False
        if isinstance(db, sqlite3.Connection):
            self.conn = db
        elif hasattr(db, "conn") and isinstance(getattr(db, "conn"), sqlite3.Connection):
            self.conn = db.conn
        else:
            from .register import open_register

            self.reg = open_register(db, readonly=True)
            self.conn = self.reg.conn
            self.own = True

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        if self.own:
            self.reg.close()


_TASKS_SQL = """
SELECT t.plan_id,
       EXISTS (SELECT 1 FROM task_agencies AS ta
               WHERE ta.plan_id = t.plan_id AND ta.role = 'lead' AND ta.task_id = t.task_id) AS has_lead,
       (t.timeline_start IS NOT NULL OR t.timeline_end IS NOT NULL OR t.timeline_due IS NOT NULL
        OR EXISTS (SELECT 1 FROM deadlines AS dl
                   WHERE dl.plan_id = t.plan_id AND dl.task_id = t.task_id AND dl.due IS NOT NULL)) AS dated
FROM tasks AS t
"""
_CITED_SQL = "SELECT r.plan_id, d.id AS document_id, d.label AS document FROM plan_refs AS r JOIN documents AS d ON d.id = r.document_id"
_LEADS_SQL = (
    "SELECT ta.plan_id, a.name_key, a.name AS agency FROM task_agencies AS ta "
    "JOIN agencies AS a ON a.id = ta.agency_id WHERE ta.role = 'lead'"
)


def load_frames(db, *, by: str = "province", latest_only: bool = False) -> dict:
    """The register's rows the comparison needs, as DataFrames (plans with
    their `group` label, tasks with has_lead/dated, citations, lead roles)."""
    import pandas as pd

    if by not in ("province", "province_2025"):
        raise ValueError("by must be 'province' or 'province_2025'")
    central = settings().get("central_label", "Trung ương")
    with _Conn(db) as conn:
        plans = pd.read_sql(f"SELECT id AS plan_id, {by} AS grp, version_of FROM plans", conn)
        if latest_only:
            superseded = set(plans["version_of"].dropna().astype(int))
            plans = plans[~plans["plan_id"].isin(superseded)]
        tasks = pd.read_sql(_TASKS_SQL, conn)
        cited = pd.read_sql(_CITED_SQL, conn)
        leads = pd.read_sql(_LEADS_SQL, conn)
    plans["group"] = plans["grp"].fillna(central)
    plans = plans[["plan_id", "group"]]
    keep = set(plans["plan_id"])
    return {
        "plans": plans,
        "tasks": tasks[tasks["plan_id"].isin(keep)].merge(plans, on="plan_id"),
        "cited": cited[cited["plan_id"].isin(keep)].merge(plans, on="plan_id"),
        "leads": leads[leads["plan_id"].isin(keep)].merge(plans, on="plan_id"),
    }


def _group_order(groups) -> list[str]:
    central = settings().get("central_label", "Trung ương")
    return sorted(set(groups), key=lambda g: (g == central, fold(g)))


def _top(df, group_col: str, key_col: str, label_col: str, count: str, n: int):
    """Top n labels per group: counts descending, then label (folded)."""
    import pandas as pd

    if df.empty:
        return pd.DataFrame(columns=[group_col, "rank", label_col, count])
    if count == "plans":
        agg = df.groupby([group_col, key_col]).agg(**{label_col: (label_col, "first"), count: ("plan_id", "nunique")})
    else:
        agg = df.groupby([group_col, key_col]).agg(**{label_col: (label_col, "first"), count: ("plan_id", "size")})
    agg = agg.reset_index()
    agg["_k"] = agg[label_col].map(fold)
    agg = agg.sort_values([group_col, count, "_k"], ascending=[True, False, True])
    agg["rank"] = agg.groupby(group_col).cumcount() + 1
    agg = agg[agg["rank"] <= n]
    return agg[[group_col, "rank", label_col, count]].reset_index(drop=True)


def comparison(db, *, by: str = "province", latest_only: bool = False, top: int | None = None) -> dict:
    """{"comparison": table, "cited": long form, "leads": long form} (key columns)."""
    import pandas as pd

    top = top or int(settings().get("top", 3))
    total = settings().get("total_label", "Tất cả")
    f = load_frames(db, by=by, latest_only=latest_only)
    # the "all" rows: every plan once more under the total label
    both = {k: pd.concat([v, v.assign(group=total)], ignore_index=True) for k, v in f.items()}
    order = _group_order(f["plans"]["group"]) + [total]

    plans_n = both["plans"].groupby("group")["plan_id"].nunique()
    t = both["tasks"]
    tasks_n = t.groupby("group").size()
    lead_n = t.groupby("group")["has_lead"].sum()
    dated_n = t.groupby("group")["dated"].sum()
    cited = _top(both["cited"], "group", "document_id", "document", "plans", top)
    leads = _top(both["leads"], "group", "name_key", "agency", "lead_roles", top)

    rows = []
    for g in order:
        n_plans = int(plans_n.get(g, 0))
        n_tasks = int(tasks_n.get(g, 0))
        c = cited[cited["group"] == g]
        lrow = leads[leads["group"] == g]
        rows.append({
            "province": g,
            "plans": n_plans,
            "tasks": n_tasks,
            "tasks_per_plan": round(n_tasks / n_plans, 2) if n_plans else None,
            "share_lead": round(float(lead_n.get(g, 0)) / n_tasks, 3) if n_tasks else None,
            "share_dated": round(float(dated_n.get(g, 0)) / n_tasks, 3) if n_tasks else None,
            "top_cited": SEP.join(f"{r.document} ({r.plans})" for r in c.itertuples()),
            "top_leads": SEP.join(f"{r.agency} ({r.lead_roles})" for r in lrow.itertuples()),
        })
    table = pd.DataFrame(rows, columns=columns("comparison"))
    cited = cited.rename(columns={"group": "province"})[columns("cited")]
    leads = leads.rename(columns={"group": "province"})[columns("leads")]
    rank = {g: i for i, g in enumerate(order)}

    def ordered(df):
        return df.sort_values(["province", "rank"], key=lambda s: s.map(rank) if s.name == "province" else s).reset_index(drop=True)

    return {"comparison": table, "cited": ordered(cited), "leads": ordered(leads)}


def comparison_table(db, *, by: str = "province", latest_only: bool = False, top: int | None = None):
    """The comparison table (a DataFrame with key columns; one row per province, then "Tất cả")."""
    return comparison(db, by=by, latest_only=latest_only, top=top)["comparison"]


def top_cited(db, n: int | None = None, *, latest_only: bool = False):
    """The n most cited documents of the whole register: document, plans."""
    n = n or int(settings()["plots"].get("top_documents", 10))
    f = load_frames(db, latest_only=latest_only)
    df = _top(f["cited"].assign(group=""), "group", "document_id", "document", "plans", n)
    return df[["document", "plans"]]


# --------------------------------------------------------------------------
# files


def _sheet_names(lang: str) -> dict[str, tuple[str, str]]:
    sh = settings().get("sheets", {})
    # (sheet name, CSV file stem): Vietnamese sheet and stem, or the English name for both
    return {t: (v[0], v[2]) if lang == "vi" else (v[1], v[1]) for t, v in sh.items()}


def _xlsx(frames: dict, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    names = _sheet_names(lang)
    for table, df in frames.items():
        ws = wb.create_sheet(names[table][0])
        headers = columns(table, lang)
        keys = columns(table, "key")
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in df[keys].itertuples(index=False):
            ws.append([None if (v is None or (isinstance(v, float) and v != v)) else (v.item() if hasattr(v, "item") else v) for v in row])
        for j, k in enumerate(keys, 1):
            if k.startswith("share_"):
                for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    c.number_format = "0.0%"
            longest = max([len(str(headers[j - 1]))] + [len(str(c.value)) for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j) if c.value is not None])
            ws.column_dimensions[get_column_letter(j)].width = max(8, min(80, longest + 2))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(1, ws.max_row)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=int(settings()["plots"].get("dpi", 120)))
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: Path) -> Path:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    atomic_write_bytes(path, buf.getvalue())
    return path


def _rc():
    import matplotlib

    return matplotlib.rc_context({"font.family": settings()["plots"].get("font", "DejaVu Sans"), "axes.unicode_minus": False})


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def plot_tasks_per_plan(table, path: Path) -> Path:
    """Horizontal bars: tasks per plan by province (without the total row)."""
    p = settings()["plots"]
    df = table[table["province"] != settings().get("total_label", "Tất cả")].iloc[::-1]
    with _rc():
        fig = _figure(8, 1.2 + 0.45 * max(1, len(df)))
        ax = fig.add_subplot()
        bars = ax.barh(df["province"], df["tasks_per_plan"].fillna(0), color="#2f6f9f")
        ax.bar_label(bars, labels=[f"{v:g} ({n} KH)" for v, n in zip(df["tasks_per_plan"].fillna(0), df["plans"])], padding=3)
        ax.set_xlabel(p["titles"]["tasks_axis"])
        ax.set_title(p["titles"]["tasks_per_plan"])
        ax.margins(x=0.2)
        return _save(fig, path)


def plot_lead_share(table, path: Path) -> Path:
    """Grouped bars: share of tasks with a lead / with a date, by province."""
    p = settings()["plots"]
    df = table[table["province"] != settings().get("total_label", "Tất cả")].iloc[::-1]
    with _rc():
        fig = _figure(8, 1.4 + 0.6 * max(1, len(df)))
        ax = fig.add_subplot()
        y = list(range(len(df)))
        h = 0.38
        b1 = ax.barh([i + h / 2 for i in y], df["share_lead"].fillna(0) * 100, height=h, color="#2f6f9f", label=p["titles"]["lead_share_lead"])
        b2 = ax.barh([i - h / 2 for i in y], df["share_dated"].fillna(0) * 100, height=h, color="#e08a2c", label=p["titles"]["lead_share_dated"])
        ax.bar_label(b1, fmt="%.0f%%", padding=2)
        ax.bar_label(b2, fmt="%.0f%%", padding=2)
        ax.set_yticks(y, list(df["province"]))
        ax.set_xlim(0, 115)
        ax.set_xlabel(p["titles"]["share_axis"] + " (%)")
        ax.set_title(p["titles"]["lead_share"])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.3 / max(1, len(df))), ncol=2, frameon=False)
        return _save(fig, path)


def plot_top_cited(cited, path: Path) -> Path:
    """Horizontal bars: the most cited documents (number of plans)."""
    p = settings()["plots"]
    df = cited.iloc[::-1]
    with _rc():
        fig = _figure(9, 1.2 + 0.42 * max(1, len(df)))
        ax = fig.add_subplot()
        bars = ax.barh([_short(d) for d in df["document"]], df["plans"], color="#4c9a5b")
        ax.bar_label(bars, padding=3)
        ax.set_xlabel(p["titles"]["plans_axis"])
        ax.set_title(p["titles"]["top_cited"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.margins(x=0.15)
        return _save(fig, path)


def write_comparison(db, out_dir: str | Path, *, lang: str = "vi", by: str = "province",
                     latest_only: bool = False, plots: bool = True) -> dict[str, Path]:
    """Write the comparison into out_dir: a CSV per table (UTF-8 with BOM),
    one XLSX with a sheet per table, and the PNG plots. Returns name -> path."""
    out = Path(out_dir)
    frames = comparison(db, by=by, latest_only=latest_only)
    written: dict[str, Path] = {}
    names = _sheet_names(lang)
    for table, df in frames.items():
        d = df.copy()
        d.columns = columns(table, lang)
        p = out / f"{names[table][1]}.csv"
        atomic_write_bytes(p, d.to_csv(index=False).encode("utf-8-sig"))
        written[f"{table}.csv"] = p
    p = out / settings().get("xlsx_name", "so_sanh_tinh.xlsx")
    atomic_write_bytes(p, _xlsx(frames, lang))
    written["xlsx"] = p
    if plots:
        files = settings()["plots"]["files"]
        written["tasks_per_plan"] = plot_tasks_per_plan(frames["comparison"], out / files["tasks_per_plan"])
        written["lead_share"] = plot_lead_share(frames["comparison"], out / files["lead_share"])
        written["top_cited"] = plot_top_cited(top_cited(db, latest_only=latest_only), out / files["top_cited"])
    return written
