"""`kehoach query plans|cites|cited-by|sql`: ask the register (read-only)."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys

FORMATS = ("table", "csv", "json")
SEP = " | "


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "x'" + bytes(v).hex() + "'"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _json_value(v):
    """JSON has no BLOB and no Infinity/NaN: a BLOB as {"hex": …}, a
    non-finite number as its name in a string."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"hex": bytes(v).hex()}
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return str(v)
    return v


def print_rows(columns: list[str], rows: list, fmt: str = "table", out=None, width: int | None = None) -> None:
    """Rows (tuples or dicts) as an aligned table, CSV or JSON on stdout."""
    out = out or sys.stdout
    rows = [tuple(r[c] for c in columns) if isinstance(r, dict) else tuple(r) for r in rows]
    if fmt == "json":
        out.write(json.dumps([{c: _json_value(v) for c, v in zip(columns, r)} for r in rows], ensure_ascii=False,
                             indent=2, allow_nan=False) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_cell(v) for v in r] for r in rows])
        return
    if width is None:
        from ..register import _settings

        width = int(_settings().get("query", {}).get("table_cell_width", 48))

    def cut(s: str) -> str:
        s = s.replace("\n", " ")
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cut(_cell(v)) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    if not rows:
        out.write("(no rows)\n")


def _open(args):
    from ..register import default_path, open_register

    return open_register(args.register or default_path(), readonly=True)


def run_plans(args) -> int:
    from ..register import _settings

    cols = list(_settings().get("query", {}).get("plan_columns", ["id", "file", "number", "issue_date", "province"]))
    with _open(args) as reg:
        rows = reg.plans(province=args.province, level=args.level, year=args.year, doc_type=args.type,
                         province_2025=args.province_2025, flagged=args.flagged)
    if args.format == "json":
        cols = list(rows[0]) if rows else cols
    print_rows(cols, rows, args.format)
    return 0


def run_cites(args) -> int:
    with _open(args) as reg:
        rows = reg.cites(args.plan)
    cols = ["relation", "doc_type", "number", "date", "issuer", "title", "scope"]
    if args.format == "json":
        cols = ["document_id", "relation", "doc_type", "number", "date", "issuer", "title", "scope", "label", "text"]
    print_rows(cols, rows, args.format)
    return 0


def run_cited_by(args) -> int:
    with _open(args) as reg:
        entries = reg.cited_by(args.document, doc_type=args.type)
    if args.format == "json":
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return 0
    cols = ["plan_id", "file", "number", "issue_date", "issuing_body", "province", "relation", "document", "leads"]
    rows = []
    for e in entries:
        leads = SEP.join(f"{l['name']} ({l['tasks']})" for l in e["leads"])
        rows.append({**e, "leads": leads})
    width = 10**6 if args.wide else None
    print_rows(cols, rows, args.format, width=width)
    if args.format == "table":
        plans = {e["plan_id"] for e in entries}
        print(f"{len(plans)} plan{'s' if len(plans) != 1 else ''}", file=sys.stderr)
    return 0


def run_sql(args) -> int:
    from ..register import default_path, open_register

    with open_register(args.register or default_path(), readonly=True) as reg:
        try:
            cols, rows = reg.sql(args.statement, timeout=args.timeout)
        except KeyboardInterrupt:
            print("interrupted: the query was stopped", file=sys.stderr)
            return 130
        except (sqlite3.Error, ValueError) as e:
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            if msg == "not authorized":
                msg = "not authorized: query sql only reads the register's tables (no ATTACH, PRAGMA, writes or extensions)"
            print(f"error: SQL: {msg}", file=sys.stderr)
            return 2
    if not cols:
        return 0
    print_rows(cols, rows, args.format)
    return 0


def _common(p, fmt: bool = True) -> None:
    p.add_argument("--register", "--db", dest="register", metavar="PATH", default=None,
                   help="the register, an SQLite file (default: $KEHOACH_REGISTER, else outputs/register.sqlite)")
    if fmt:
        p.add_argument("--format", "-f", choices=FORMATS, default="table",
                       help="output: an aligned table (default), CSV or JSON")


def register(sub) -> None:
    q = sub.add_parser(
        "query",
        help="ask the register: plans, what a plan cites, which plans cite a document, SQL",
        description=(
            "Query the register (opened read-only). Exit code: 0 success, 1 register missing or unreadable "
            "(or no such plan), 2 bad usage or a bad SQL statement."
        ),
    )
    qs = q.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = qs.add_parser("plans", help="list plans, filtered by province, level, year or type",
                      description="List the registered plans (one row each), filtered. Names compare without accents "
                                  "or case ('Ho Chi Minh' finds 'Hồ Chí Minh').")
    p.add_argument("--province", metavar="P", help="the province the issuer belongs to, as the plans name it")
    p.add_argument("--province-2025", metavar="P", help="the province since the July 2025 merger")
    p.add_argument("--level", metavar="L", help="issuer level: central, province, district, commune (or tỉnh, huyện, xã …)")
    p.add_argument("--year", metavar="Y", type=int, help="year of the issue date")
    p.add_argument("--type", metavar="T", help="document type (Kế hoạch, Quyết định …)")
    p.add_argument("--flagged", action="store_true", help="only plans flagged possible_new_version")
    _common(p)
    p.set_defaults(func=run_plans)

    p = qs.add_parser("cites", help="the documents one plan references",
                      description="The documents a plan references (its legal bases), basis first, with the relation.")
    p.add_argument("plan", metavar="PLAN_FILE_OR_ID", help="plan id, input file name, record path or sha256 (8+ hex digits)")
    _common(p)
    p.set_defaults(func=run_cites)

    p = qs.add_parser(
        "cited-by",
        help="plans resting on a document, with the leads of their tasks",
        description=(
            "Which plans rest on a document, and who leads their tasks: one row per plan (and matching document) "
            "with its task leads and how many tasks each leads. NUMBER is a number ('59/2023/NĐ-CP'), a type and "
            "number ('Nghị định 59/2023/NĐ-CP') or the name of a document cited without number "
            "('Luật Thực hiện dân chủ ở cơ sở'). The SQL is extract.register.CITED_BY_SQL."
        ),
    )
    p.add_argument("document", metavar="NUMBER", help="document number or name")
    p.add_argument("--type", metavar="T", help='document type, e.g. "Nghị định" (default: any)')
    p.add_argument("--wide", action="store_true", help="do not cut long cells in --format table")
    _common(p)
    p.set_defaults(func=run_cited_by)

    p = qs.add_parser("sql", help="run one read-only SQL statement",
                      description="Run one SQL statement on the register opened read-only (SQLite mode=ro, and an "
                                  "authorizer that allows reading the tables and nothing else: no ATTACH, PRAGMA, "
                                  "writes or extensions), stopped after --timeout seconds or by Ctrl-C. Tables: plans, documents, plan_refs, agencies, tasks, task_agencies, "
                                  "deadlines, meta.")
    p.add_argument("statement", metavar="SQL", help='e.g. "SELECT province, count(*) FROM plans GROUP BY province"')
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop the statement after this long (default 30; 0: no limit)")
    _common(p)
    p.set_defaults(func=run_sql)
