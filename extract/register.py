"""The register: every plan read, in one embedded SQLite database.

Researchers and ministries query it with SQL (`kehoach query sql`, Datasette,
pandas `read_sql`), compare provinces (`extract.compare`) and review the
plans the register flags. Default path: `outputs/register.sqlite`
(rules/register/register.toml).

Tables (see `MIGRATIONS` for the exact DDL):

- `meta(key, value)`: `schema_version`.
- `plans`: one row per distinct content (sha256) with the document fields,
  `identity` (the folded key of "the same plan", below), `version_of`,
  `flag` and `record_json` (the full record, `Record.to_json()`).
- `documents`: the referenced documents, one row per identity: doc_type +
  normalized number (spaces removed, folded), or doc_type + folded title for a
  document cited without number; a LOCAL number ("03/KH-UBND", whose code
  names no central issuer) also carries the citing plan's province
  (`scope`). "59/2023/NĐ-CP" cited by fifty plans is one row.
- `plan_refs(plan_id, document_id, relation, text)`.
- `agencies`: one row per match_key(name) + jurisdiction, display name kept.
- `tasks`, `task_agencies(plan_id, task_id, agency_id, role)`, `deadlines`.

Upserts are idempotent: the same content (sha256) is one plan; adding it again
replaces its child rows in one transaction. A plan with another sha256 whose
identity equals a registered plan's (number + issuing body + issue date; for a
blank number: number_code + issuing body + issue date + title) is added as its
own row, flagged 'possible_new_version', `version_of` = the latest earlier
plan with that identity. Never merged.

The ministry's question, "which plans implement Nghị định 59/2023/NĐ-CP, and
who leads their tasks?", is one SQL query, `CITED_BY_SQL`::

    WITH hits AS MATERIALIZED (
        SELECT r.plan_id, r.document_id, r.relation
        FROM documents AS d
        JOIN plan_refs AS r ON r.document_id = d.id
        WHERE (d.number_key = :number_key
               OR (d.number_key = '' AND d.title_key = :title_key)
               OR (d.name_key != '' AND d.name_key IN (
                      SELECT :title_key
                      UNION SELECT t.name_key FROM documents AS t
                      WHERE t.number_key = :number_key)))
          AND (:type_key IS NULL OR d.type_key = :type_key)
    ),
    leads AS MATERIALIZED (
        SELECT l.plan_id,
               json_group_array(json_object('name', a.name, 'jurisdiction', a.jurisdiction,
                                            'tasks', l.tasks_led)) AS leads
        FROM (SELECT plan_id, agency_id, COUNT(*) AS tasks_led
              FROM task_agencies
              WHERE role = 'lead' AND plan_id IN (SELECT plan_id FROM hits)
              GROUP BY plan_id, agency_id) AS l
        JOIN agencies AS a ON a.id = l.agency_id
        GROUP BY l.plan_id
    )
    SELECT p.id AS plan_id, p.file, p.number, p.issue_date, p.issuing_body,
           p.issuer_level, p.province, d.id AS document_id, d.label AS document,
           h.relation, coalesce(l.leads, '[]') AS leads
    FROM hits AS h
    JOIN plans AS p ON p.id = h.plan_id
    JOIN documents AS d ON d.id = h.document_id
    LEFT JOIN leads AS l ON l.plan_id = h.plan_id
    ORDER BY p.id, d.id

with :number_key = number_key("59/2023/NĐ-CP") ("59/2023/nd-cp"), :title_key
= title_key(...) (for a law cited by name) and :type_key = NULL or
type_key("Nghị định"). One row per (plan, matching document); `leads` is a
JSON array of {name, jurisdiction, tasks}: every agency that leads a task of
the plan and how many tasks it leads (SQLite's json_each() unnests it). From
Python:
`open_register(path).cited_by("59/2023/NĐ-CP")`; `cited_by_params` makes
the parameters from what a user types.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import signal
import sqlite3
import threading
import zlib
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Sequence, Union

import regex as re

from .agency import fold, match_key
from .errors import KehoachError, OutputError
from .record import Record
from .rules import load_table, load_toml

RELATION_RANK = {"cites": 0, "implements": 1, "basis": 2}
LEVELS = ("central", "province", "district", "commune")
STATUSES = ("added", "unchanged", "updated", "new_version")
FLAG_NEW_VERSION = "possible_new_version"
TABLES = ("meta", "plans", "documents", "plan_refs", "agencies", "tasks", "task_agencies", "deadlines")


class RegisterError(KehoachError):
    """A register problem the user can read (one line)."""


class RegisterWriteError(RegisterError, OutputError):
    """The register cannot be created or written (exit 3)."""


class RegisterNotFound(RegisterError):
    def __init__(self, path):
        self.path = str(path)
        super().__init__(
            f"register not found: {self.path} (create it with kehoach extract --register or kehoach register add)"
        )


class RegisterVersionError(RegisterError):
    pass


@functools.lru_cache(maxsize=1)
def _settings() -> dict:
    return load_toml("register/register.toml")


def default_path() -> Path:
    """$KEHOACH_REGISTER, else rules/register/register.toml default_path."""
    env = os.environ.get("KEHOACH_REGISTER")
    return Path(env) if env else Path(_settings().get("default_path", "outputs/register.sqlite"))


# --------------------------------------------------------------------------
# keys (folded: for matching only, never displayed)


def number_key(number: str | None) -> str:
    """'59/2023/NĐ-CP' -> '59/2023/nd-cp' (spaces removed, dashes unified, folded)."""
    if not number:
        return ""
    s = re.sub(r"\s+", "", number).replace("–", "-").replace("—", "-")
    return fold(s)


def title_key(title: str | None) -> str:
    """Folded title with white space collapsed and end punctuation dropped."""
    if not title:
        return ""
    return fold(title).strip(" .,;:")


def type_key(doc_type: str | None) -> str:
    return fold(doc_type) if doc_type else ""


@functools.lru_cache(maxsize=65536)
def agency_key(name: str) -> str:
    return match_key(name)


@functools.lru_cache(maxsize=65536)
def _sort_key(name: str) -> str:
    return fold(name)


def _jur_key(jurisdiction: str | None) -> str:
    return fold(jurisdiction) if jurisdiction else ""


@functools.lru_cache(maxsize=1)
def _national_code_patterns():
    pats = [re.compile(r[0], re.IGNORECASE) for r in load_table("legal/issuer_codes.tsv") if r and r[0]]
    pats += [re.compile(p, re.IGNORECASE) for p in _settings().get("documents", {}).get("national_codes", [])]
    return pats


@functools.lru_cache(maxsize=1)
def _national_types() -> frozenset:
    return frozenset(type_key(t) for t in _settings().get("documents", {}).get("national_types", []))


@functools.lru_cache(maxsize=4096)
def is_national_number(number: str) -> bool:
    """Does the number's code name a central issuer ('59/2023/NĐ-CP', '217-QĐ/TW')?"""
    tokens = [t for t in re.split(r"[/\-\s]", number) if t and not t.isdigit()]
    return any(p.fullmatch(t) for t in tokens for p in _national_code_patterns())


def document_scope(doc_type: str | None, number: str | None, issuer: str | None, plan_province: str | None) -> str | None:
    """None for a national document, else the province whose document it is
    taken to be (the citing plan's): see rules/register/register.toml."""
    from .resolve import is_central

    if number:
        if is_national_number(number):
            return None
    elif type_key(doc_type) in _national_types():
        return None
    if issuer and is_central(issuer):
        return None
    if not number and not issuer:
        return None
    return plan_province or None


def document_label(doc_type: str | None, number: str | None, title: str | None, text: str = "") -> str:
    if number:
        return f"{doc_type} {number}" if doc_type else number
    name = title or text or ""
    if doc_type and not fold(name).startswith(fold(doc_type)):
        return f"{doc_type} {name}".strip()
    return name


def plan_identity(rec: Record) -> str | None:
    """The folded key two versions of one plan share, or None when the record
    says too little to tell (then no version is ever flagged).

    numbered:      "n|<number>|<issuing body>|<issue date>"
    blank number:  "c|<number_code>|<issuing body>|<issue date>|<title>"
    """
    d = rec.document
    body = agency_key(d.issuing_body) if d.issuing_body else ""
    if d.number:
        if not body and not d.issue_date:
            return None
        return f"n|{number_key(d.number)}|{body}|{d.issue_date or ''}"
    if not body and not d.title:
        return None
    return f"c|{number_key(d.number_code)}|{body}|{d.issue_date or ''}|{title_key(d.title)}"


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------
# schema and migrations

Step = Union[str, Callable[[sqlite3.Connection], None]]

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    format TEXT,
    doc_type TEXT,
    number TEXT,
    number_code TEXT,
    issue_date TEXT,
    year INTEGER,
    place TEXT,
    title TEXT,
    issuing_body TEXT,
    issuer_level TEXT,
    province TEXT,
    province_2025 TEXT,
    signer_name TEXT,
    signer_position TEXT,
    signer_authority TEXT,
    signer_on_behalf_of TEXT,
    n_legal_bases INTEGER NOT NULL DEFAULT 0,
    n_tasks INTEGER NOT NULL DEFAULT 0,
    n_deadlines INTEGER NOT NULL DEFAULT 0,
    pipeline_version TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT,
    record_json TEXT NOT NULL
);
CREATE INDEX plans_file ON plans(file);
CREATE INDEX plans_province ON plans(province);
CREATE INDEX plans_level_year ON plans(issuer_level, year);
CREATE INDEX plans_year ON plans(year);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    number_key TEXT NOT NULL,
    title_key TEXT NOT NULL,
    type_key TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    doc_type TEXT,
    number TEXT,
    date TEXT,
    issuer TEXT,
    title TEXT,
    scope TEXT,
    label TEXT NOT NULL,
    UNIQUE (number_key, title_key, type_key, scope_key)
);
CREATE TABLE plan_refs (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    relation TEXT NOT NULL CHECK (relation IN ('basis', 'implements', 'cites')),
    text TEXT,
    PRIMARY KEY (plan_id, document_id)
) WITHOUT ROWID;
CREATE INDEX plan_refs_document ON plan_refs(document_id);
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    name_key TEXT NOT NULL,
    jurisdiction_key TEXT NOT NULL,
    name TEXT NOT NULL,
    jurisdiction TEXT,
    UNIQUE (name_key, jurisdiction_key)
);
CREATE TABLE tasks (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    parent TEXT,
    section TEXT,
    title TEXT NOT NULL,
    requested INTEGER NOT NULL DEFAULT 0,
    timeline_kind TEXT,
    timeline_raw TEXT,
    timeline_start TEXT,
    timeline_end TEXT,
    timeline_due TEXT,
    timeline_recurrence TEXT,
    PRIMARY KEY (plan_id, seq)
) WITHOUT ROWID;
CREATE INDEX tasks_task ON tasks(plan_id, task_id);
CREATE TABLE task_agencies (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    PRIMARY KEY (plan_id, role, task_id, agency_id)
) WITHOUT ROWID;
CREATE INDEX task_agencies_agency ON task_agencies(agency_id, role);
CREATE TABLE deadlines (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    raw TEXT NOT NULL,
    kind TEXT NOT NULL,
    due TEXT,
    recurrence TEXT,
    what TEXT,
    agency TEXT,
    task_id TEXT,
    PRIMARY KEY (plan_id, seq)
) WITHOUT ROWID
"""

_PLAN_COLUMNS_V1 = (
    "id, sha256, file, format, doc_type, number, number_code, issue_date, year, place, title, issuing_body, "
    "issuer_level, province, province_2025, signer_name, signer_position, signer_authority, signer_on_behalf_of, "
    "n_legal_bases, n_tasks, n_deadlines, pipeline_version, added_at, updated_at, record_json"
)

# v2 rebuilds `plans` (SQLite's documented way to add columns in place) so that
# record_json stays the last column: reading a plan's fields never walks the
# overflow pages of its record.
_V2 = f"""
CREATE TABLE plans_v2 (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    format TEXT,
    doc_type TEXT,
    number TEXT,
    number_code TEXT,
    issue_date TEXT,
    year INTEGER,
    place TEXT,
    title TEXT,
    issuing_body TEXT,
    issuer_level TEXT,
    province TEXT,
    province_2025 TEXT,
    signer_name TEXT,
    signer_position TEXT,
    signer_authority TEXT,
    signer_on_behalf_of TEXT,
    n_legal_bases INTEGER NOT NULL DEFAULT 0,
    n_tasks INTEGER NOT NULL DEFAULT 0,
    n_deadlines INTEGER NOT NULL DEFAULT 0,
    identity TEXT,
    version_of INTEGER REFERENCES plans(id),
    flag TEXT CHECK (flag IS NULL OR flag = 'possible_new_version'),
    pipeline_version TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT,
    record_json TEXT NOT NULL
);
INSERT INTO plans_v2 ({_PLAN_COLUMNS_V1}) SELECT {_PLAN_COLUMNS_V1} FROM plans;
DROP TABLE plans;
ALTER TABLE plans_v2 RENAME TO plans;
CREATE INDEX plans_file ON plans(file);
CREATE INDEX plans_province ON plans(province);
CREATE INDEX plans_level_year ON plans(issuer_level, year);
CREATE INDEX plans_year ON plans(year);
CREATE INDEX plans_identity ON plans(identity);
CREATE INDEX plans_flag ON plans(flag) WHERE flag IS NOT NULL
"""


LAW_TYPES = frozenset({"luat", "bo luat", "phap lenh", "hien phap"})


def law_name_key(doc_type: str | None, title: str | None) -> str:
    """The folded name of a law (Luật, Bộ luật, Pháp lệnh, Hiến pháp), '' for
    other documents: a law cited by name and the same law cited by number are
    linked through it ("Luật Thực hiện dân chủ ở cơ sở" ~ "10/2022/QH15")."""
    if type_key(doc_type) in LAW_TYPES and title:
        return title_key(title)
    return ""


def _v4_law_names(conn: sqlite3.Connection) -> None:
    """documents.name_key: the law's folded name, to link its mentions."""
    conn.execute("ALTER TABLE documents ADD COLUMN name_key TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, doc_type, title FROM documents").fetchall()
    conn.executemany("UPDATE documents SET name_key = ? WHERE id = ?", [(law_name_key(t, ti), i) for i, t, ti in rows])
    conn.execute("CREATE INDEX documents_name ON documents(name_key) WHERE name_key != ''")


def _pack(record_json: str) -> bytes:
    """The stored form of a record (since schema v3): zlib-compressed JSON,
    about a fifth of the text (a 100,000-plan register: 5.4 GB as text)."""
    return zlib.compress(record_json.encode("utf-8"), 6)


def _unpack(value) -> str:
    """A stored record back to its JSON text (v1/v2 rows hold the text itself)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return zlib.decompress(bytes(value)).decode("utf-8")
    return value


def _v3_pack(conn: sqlite3.Connection) -> None:
    """Compress the records that earlier versions stored as text."""
    rows = conn.execute("SELECT id, record_json FROM plans WHERE typeof(record_json) = 'text'").fetchall()
    conn.executemany("UPDATE plans SET record_json = ? WHERE id = ?", [(_pack(rj), pid) for pid, rj in rows])


def _v2_backfill(conn: sqlite3.Connection) -> None:
    """Identities of the plans registered before v2, and their version flags."""
    last: dict[str, int] = {}
    rows = conn.execute("SELECT id, record_json FROM plans ORDER BY id").fetchall()
    for pid, rj in rows:
        try:
            ident = plan_identity(Record.from_json(_unpack(rj)))
        except Exception:
            ident = None
        prev = last.get(ident) if ident else None
        conn.execute(
            "UPDATE plans SET identity = ?, version_of = ?, flag = ? WHERE id = ?",
            (ident, prev, FLAG_NEW_VERSION if prev else None, pid),
        )
        if ident:
            last[ident] = pid


# version -> (what it does, steps): a step is SQL (statements separated by
# ";\n") or a function of the connection. Never edit a released step: append.
MIGRATIONS: list[tuple[int, str, tuple[Step, ...]]] = [
    (1, "plans, documents, plan_refs, agencies, tasks, task_agencies, deadlines", (_V1,)),
    (2, "plan versions: plans.identity, version_of, flag (plans rebuilt, identities backfilled)", (_V2, _v2_backfill)),
    (3, "records stored zlib-compressed in plans.record_json (a BLOB; read with extract.register)", (_v3_pack,)),
    (4, "documents.name_key: a law cited by name is linked to the same law cited by number", (_v4_law_names,)),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in re.split(r";\s*\n", sql) if s.strip()]


def stored_version(conn: sqlite3.Connection, path="register") -> int:
    """The schema version of an open database (0: empty database)."""
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise RegisterError(f"{path}: not a register ({e})") from None
    if "meta" not in names:
        if names - {"sqlite_sequence", "sqlite_stat1"}:
            raise RegisterError(f"{path}: not a kehoach register (no meta table)")
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise RegisterError(f"{path}: not a kehoach register (no schema_version in meta)")
    try:
        return int(row[0])
    except ValueError:
        raise RegisterError(f"{path}: bad schema_version {row[0]!r}") from None


def migrate(conn: sqlite3.Connection, migrations: Sequence = MIGRATIONS, path="register") -> list[int]:
    """Apply the missing migration steps (each version in its own
    transaction); return the versions applied. A database newer than
    `migrations` knows raises RegisterVersionError."""
    have = stored_version(conn, path)
    latest = migrations[-1][0] if migrations else 0
    if have > latest:
        raise RegisterVersionError(
            f"{path}: register schema version {have} is newer than this program supports ({latest}); upgrade kehoach"
        )
    applied = []
    if have == latest:
        return applied
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for version, _what, steps in migrations:
            if version <= have:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                for step in steps:
                    if callable(step):
                        step(conn)
                    else:
                        for stmt in _statements(step):
                            conn.execute(stmt)
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(version),),
                )
                bad = conn.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RegisterError(f"{path}: migration to version {version} broke {len(bad)} foreign keys")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            applied.append(version)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return applied


# --------------------------------------------------------------------------
# the named queries

CITED_BY_SQL = """
WITH hits AS MATERIALIZED (
    SELECT r.plan_id, r.document_id, r.relation
    FROM documents AS d
    JOIN plan_refs AS r ON r.document_id = d.id
    WHERE (d.number_key = :number_key
           OR (d.number_key = '' AND d.title_key = :title_key)
           OR (d.name_key != '' AND d.name_key IN (
                  SELECT :title_key
                  UNION SELECT t.name_key FROM documents AS t
                  WHERE t.number_key = :number_key)))
      AND (:type_key IS NULL OR d.type_key = :type_key)
),
leads AS MATERIALIZED (
    SELECT l.plan_id,
           json_group_array(json_object('name', a.name, 'jurisdiction', a.jurisdiction,
                                        'tasks', l.tasks_led)) AS leads
    FROM (SELECT plan_id, agency_id, COUNT(*) AS tasks_led
          FROM task_agencies
          WHERE role = 'lead' AND plan_id IN (SELECT plan_id FROM hits)
          GROUP BY plan_id, agency_id) AS l
    JOIN agencies AS a ON a.id = l.agency_id
    GROUP BY l.plan_id
)
SELECT p.id AS plan_id, p.file, p.number, p.issue_date, p.issuing_body,
       p.issuer_level, p.province, d.id AS document_id, d.label AS document,
       h.relation, coalesce(l.leads, '[]') AS leads
FROM hits AS h
JOIN plans AS p ON p.id = h.plan_id
JOIN documents AS d ON d.id = h.document_id
LEFT JOIN leads AS l ON l.plan_id = h.plan_id
ORDER BY p.id, d.id
"""

_CITED_BY_WHERE = """    WHERE (d.number_key = :number_key
           OR (d.number_key = '' AND d.title_key = :title_key)
           OR (d.name_key != '' AND d.name_key IN (
                  SELECT :title_key
                  UNION SELECT t.name_key FROM documents AS t
                  WHERE t.number_key = :number_key)))
      AND (:type_key IS NULL OR d.type_key = :type_key)"""

# The same question for tools that pass the text as typed (Datasette's canned
# query): SQLite's lower() folds ASCII only, so the number also matches as
# printed ("59/2023/NĐ-CP") or typed without accents ("59/2023/nd-cp").
_TEXT_MATCH = """{t}.number = trim(:document)
       OR {t}.number_key = lower(replace(trim(:document), ' ', ''))
       OR ({t}.number_key = '' AND ({t}.title = trim(:document) OR {t}.title_key = lower(trim(:document))))"""
CITED_BY_TEXT_SQL = CITED_BY_SQL.replace(
    _CITED_BY_WHERE,
    "    WHERE " + _TEXT_MATCH.format(t="d") + """
       OR (d.name_key != '' AND d.name_key IN (
              SELECT t.name_key FROM documents AS t WHERE """ + _TEXT_MATCH.format(t="t") + "))",
)
assert CITED_BY_TEXT_SQL != CITED_BY_SQL

CITES_SQL = """
SELECT d.id AS document_id, r.relation, d.doc_type, d.number, d.date, d.issuer,
       d.title, d.scope, d.label, r.text
FROM plan_refs AS r
JOIN documents AS d ON d.id = r.document_id
WHERE r.plan_id = :plan_id
ORDER BY CASE r.relation WHEN 'basis' THEN 0 WHEN 'implements' THEN 1 ELSE 2 END, d.label
"""

PLAN_FIELDS = (
    "id", "file", "sha256", "format", "doc_type", "number", "number_code", "issue_date", "year", "place",
    "title", "issuing_body", "issuer_level", "province", "province_2025", "signer_name", "signer_position",
    "signer_authority", "signer_on_behalf_of", "n_legal_bases", "n_tasks", "n_deadlines", "identity",
    "version_of", "flag", "pipeline_version", "added_at", "updated_at",
)

NAMED_QUERIES = {"cited_by": CITED_BY_SQL, "cites": CITES_SQL}
DATASETTE_QUERIES = {"cited_by": CITED_BY_TEXT_SQL}


def cited_by_params(number_or_title: str, doc_type: str | None = None) -> dict:
    """Parameters of CITED_BY_SQL for what a user typed: a number
    ('346/QĐ-TTg'), a title ('Luật Thực hiện dân chủ ở cơ sở') or a type and
    number ('Nghị định 59/2023/NĐ-CP', 'Quyết định số 346/QĐ-TTg')."""
    text = re.sub(r"\s+", " ", number_or_title).strip()
    if doc_type is None:
        doc_type, text = split_type_number(text)
    return {
        "number_key": number_key(text),
        "title_key": title_key(text),
        "type_key": type_key(doc_type) if doc_type else None,
    }


@functools.lru_cache(maxsize=1)
def _type_spelling() -> dict:
    return {fold(r[0]): r[1] for r in load_table("legal/doc_types.tsv") if len(r) > 1}


def split_type_number(text: str) -> tuple[str | None, str]:
    """'Nghị định số 59/2023/NĐ-CP' -> ('Nghị định', '59/2023/NĐ-CP'); any
    other text -> (None, text)."""
    words = text.split(" ")
    if len(words) < 2 or not re.search(r"\d", words[-1]):
        return None, text
    head = re.sub(r"(?i)\s+số\s*:?$", "", " ".join(words[:-1]))
    t = _type_spelling().get(fold(head))
    return (t, words[-1]) if t else (None, text)


# --------------------------------------------------------------------------
# the register


RecordLike = Union[Record, dict, str]


def _as_record(r: RecordLike) -> Record:
    if isinstance(r, Record):
        return r
    if isinstance(r, str):
        return Record.from_json(r)
    return Record.model_validate(r)


class Register:
    """An open register. Use as a context manager (closes the connection)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False):
        self.conn = conn
        self.path = Path(path)
        self.readonly = readonly
        self._depth = 0
        self._sp = 0

    # ---- life cycle
    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @property
    def schema_version(self) -> int:
        return stored_version(self.conn, self.path)

    @contextmanager
    def transaction(self):
        """One transaction (nested calls become savepoints)."""
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            self.conn.execute("COMMIT")
        else:
            self._sp += 1
            name = f"sp{self._sp}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            self.conn.execute(f"RELEASE {name}")

    # ---- writing
    def add(self, record: RecordLike) -> tuple[int, str]:
        """Register one record -> (plan_id, status): 'added', 'unchanged'
        (same sha256, same record), 'updated' (same sha256, the record
        changed: e.g. a newer pipeline; its child rows are replaced) or
        'new_version' (another sha256 with the identity of a registered plan:
        flagged possible_new_version, version_of set)."""
        rec = _as_record(record)
        with self.transaction():
            return self._add(rec)

    def add_many(self, records: Iterable[RecordLike]) -> list[tuple[int, str]]:
        """Register many records in one transaction -> [(plan_id, status)]."""
        out = []
        with self.transaction():
            for r in records:
                out.append(self._add(_as_record(r)))
        return out

    def _previous(self, ident: str | None, before: int | None = None) -> int | None:
        if not ident:
            return None
        if before is None:
            row = self.conn.execute("SELECT max(id) FROM plans WHERE identity = ?", (ident,)).fetchone()
        else:
            row = self.conn.execute("SELECT max(id) FROM plans WHERE identity = ? AND id < ?", (ident, before)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _plan_values(rec: Record) -> dict:
        d, s = rec.document, rec.document.signer
        return {
            "sha256": rec.source.sha256, "file": rec.source.file, "format": rec.source.format,
            "doc_type": d.doc_type, "number": d.number, "number_code": d.number_code,
            "issue_date": d.issue_date, "year": _year(d.issue_date), "place": d.place, "title": d.title,
            "issuing_body": d.issuing_body, "issuer_level": d.issuer_level, "province": d.province,
            "province_2025": d.province_2025, "signer_name": s.name, "signer_position": s.position,
            "signer_authority": s.authority, "signer_on_behalf_of": s.on_behalf_of,
            "n_legal_bases": len(rec.legal_bases), "n_tasks": len(rec.tasks), "n_deadlines": len(rec.deadlines),
            "pipeline_version": rec.pipeline_version,
        }

    def _add(self, rec: Record) -> tuple[int, str]:
        text = rec.to_json(indent=None)
        rj = _pack(text)
        row = self.conn.execute("SELECT id, record_json FROM plans WHERE sha256 = ?", (rec.source.sha256,)).fetchone()
        vals = self._plan_values(rec)
        ident = plan_identity(rec)
        if row is not None:
            pid = row[0]
            if _unpack(row[1]) == text:
                return pid, "unchanged"
            prev = self._previous(ident, before=pid)
            vals.update(identity=ident, version_of=prev, flag=FLAG_NEW_VERSION if prev else None,
                        updated_at=_now(), record_json=rj)
            sets = ", ".join(f"{k} = :{k}" for k in vals)
            self.conn.execute(f"UPDATE plans SET {sets} WHERE id = :id", {**vals, "id": pid})
            old_docs = [r[0] for r in self.conn.execute("SELECT document_id FROM plan_refs WHERE plan_id = ?", (pid,))]
            old_agencies = [r[0] for r in self.conn.execute("SELECT DISTINCT agency_id FROM task_agencies WHERE plan_id = ?", (pid,))]
            for t in ("task_agencies", "tasks", "deadlines", "plan_refs"):
                self.conn.execute(f"DELETE FROM {t} WHERE plan_id = ?", (pid,))
            self._insert_children(pid, rec)
            self._drop_orphans(old_docs, old_agencies)
            return pid, "updated"
        prev = self._previous(ident)
        vals.update(identity=ident, version_of=prev, flag=FLAG_NEW_VERSION if prev else None,
                    added_at=_now(), record_json=rj)
        cols = ", ".join(vals)
        cur = self.conn.execute(f"INSERT INTO plans ({cols}) VALUES ({', '.join(':' + k for k in vals)})", vals)
        pid = cur.lastrowid
        self._insert_children(pid, rec)
        return pid, ("new_version" if prev else "added")

    def _document_id(self, lb, plan_province: str | None) -> int:
        scope = document_scope(lb.doc_type, lb.number, lb.issuer, plan_province)
        nk = number_key(lb.number)
        tk = "" if nk else (title_key(lb.title) or title_key(lb.text))
        row = self.conn.execute(
            "INSERT INTO documents (number_key, title_key, type_key, scope_key, doc_type, number, date, issuer, title, scope, label, name_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (number_key, title_key, type_key, scope_key) DO UPDATE SET "
            "date = coalesce(documents.date, excluded.date), issuer = coalesce(documents.issuer, excluded.issuer), "
            "title = coalesce(documents.title, excluded.title), "
            "name_key = CASE documents.name_key WHEN '' THEN excluded.name_key ELSE documents.name_key END RETURNING id",
            (nk, tk, type_key(lb.doc_type), _jur_key(scope), lb.doc_type, lb.number, lb.date, lb.issuer,
             lb.title, scope, document_label(lb.doc_type, lb.number, lb.title, lb.text), law_name_key(lb.doc_type, lb.title)),
        ).fetchone()
        return row[0]

    def _agency_id(self, name: str, jurisdiction: str | None) -> int:
        row = self.conn.execute(
            "INSERT INTO agencies (name_key, jurisdiction_key, name, jurisdiction) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name_key, jurisdiction_key) DO UPDATE SET jurisdiction = coalesce(agencies.jurisdiction, excluded.jurisdiction) "
            "RETURNING id",
            (agency_key(name), _jur_key(jurisdiction), name, jurisdiction),
        ).fetchone()
        return row[0]

    def _insert_children(self, pid: int, rec: Record) -> None:
        c = self.conn
        refs: dict[int, tuple[str, str]] = {}
        for lb in rec.legal_bases:
            did = self._document_id(lb, rec.document.province)
            cur = refs.get(did)
            if cur is None or RELATION_RANK[lb.relation] > RELATION_RANK[cur[0]]:
                refs[did] = (lb.relation, lb.text)
        c.executemany("INSERT INTO plan_refs (plan_id, document_id, relation, text) VALUES (?, ?, ?, ?)",
                      [(pid, did, rel, text) for did, (rel, text) in refs.items()])
        task_rows, ta_rows = [], set()
        for seq, t in enumerate(rec.tasks):
            tl = t.timeline
            task_rows.append((pid, seq, t.id, t.parent, t.section, t.title, int(t.requested),
                              tl.kind if tl else None, tl.raw if tl else None, tl.start if tl else None,
                              tl.end if tl else None, tl.due if tl else None, tl.recurrence if tl else None))
            for role, people in (("lead", t.lead), ("support", t.support)):
                for a in people:
                    ta_rows.add((pid, t.id, self._agency_id(a.name, a.jurisdiction), role))
        c.executemany(
            "INSERT INTO tasks (plan_id, seq, task_id, parent, section, title, requested, timeline_kind, timeline_raw, "
            "timeline_start, timeline_end, timeline_due, timeline_recurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            task_rows,
        )
        c.executemany("INSERT INTO task_agencies (plan_id, task_id, agency_id, role) VALUES (?, ?, ?, ?)", sorted(ta_rows))
        c.executemany(
            "INSERT INTO deadlines (plan_id, seq, raw, kind, due, recurrence, what, agency, task_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pid, i, d.raw, d.kind, d.due, d.recurrence, d.what, d.agency, d.task_id) for i, d in enumerate(rec.deadlines)],
        )

    def _drop_orphans(self, doc_ids: list[int], agency_ids: list[int]) -> None:
        for did in doc_ids:
            self.conn.execute("DELETE FROM documents WHERE id = ? AND NOT EXISTS (SELECT 1 FROM plan_refs WHERE document_id = ?)", (did, did))
        for aid in agency_ids:
            self.conn.execute("DELETE FROM agencies WHERE id = ? AND NOT EXISTS (SELECT 1 FROM task_agencies WHERE agency_id = ?)", (aid, aid))

    # ---- reading
    def counts(self) -> dict[str, int]:
        """Row count of every table but meta."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t != "meta"}

    def _dicts(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def _matching(self, column: str, value: str) -> list[str]:
        want = fold(value)
        vals = [r[0] for r in self.conn.execute(f"SELECT DISTINCT {column} FROM plans WHERE {column} IS NOT NULL")]
        return [v for v in vals if fold(v) == want]

    def plans(self, province: str | None = None, level: str | None = None, year: int | None = None,
              doc_type: str | None = None, *, province_2025: str | None = None, flagged: bool = False) -> list[dict]:
        """Plans (without record_json), filtered; names compare folded
        ('Ho Chi Minh' finds 'Hồ Chí Minh'); level accepts the Vietnamese
        words of rules/register/register.toml [query] level_aliases."""
        where, params = [], []
        for col, val in (("province", province), ("province_2025", province_2025), ("doc_type", doc_type)):
            if val:
                names = self._matching(col, val)
                if not names:
                    return []
                where.append(f"{col} IN ({', '.join('?' * len(names))})")
                params += names
        if level:
            where.append("issuer_level = ?")
            params.append(normalize_level(level))
        if year is not None:
            where.append("year = ?")
            params.append(int(year))
        if flagged:
            where.append("flag IS NOT NULL")
        sql = f"SELECT {', '.join(PLAN_FIELDS)} FROM plans"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._dicts(sql, params)
        rows.sort(key=lambda r: (fold(r["province"] or ""), r["issue_date"] or "", r["id"]))
        return rows

    def flagged(self) -> list[dict]:
        return self.plans(flagged=True)

    def resolve_plan(self, plan: int | str) -> int:
        """A plan id from an id, a file name (or a record/input path), or a sha256 (prefix of 8+)."""
        if isinstance(plan, int) or (isinstance(plan, str) and plan.isdigit()):
            pid = int(plan)
            if self.conn.execute("SELECT 1 FROM plans WHERE id = ?", (pid,)).fetchone():
                return pid
            raise RegisterError(f"no plan with id {pid} in the register")
        ref = str(plan)
        names = [ref, Path(ref).name]
        if Path(ref).name.endswith(".json"):
            names.append(Path(ref).name[: -len(".json")])
        ids: list[int] = []
        for n in dict.fromkeys(names):
            ids = [r[0] for r in self.conn.execute("SELECT id FROM plans WHERE file = ? ORDER BY id", (n,))]
            if ids:
                break
        if not ids and re.fullmatch(r"[0-9a-fA-F]{8,64}", ref):
            ids = [r[0] for r in self.conn.execute("SELECT id FROM plans WHERE sha256 LIKE ? ORDER BY id", (ref.lower() + "%",))]
        if not ids:
            raise RegisterError(f"no plan in the register matches {ref!r} (give a plan id, a file name or a sha256)")
        if len(ids) > 1:
            raise RegisterError(f"{len(ids)} plans match {ref!r} (ids {', '.join(map(str, ids))}): give the id")
        return ids[0]

    def plan(self, plan: int | str) -> dict:
        pid = self.resolve_plan(plan)
        return self._dicts(f"SELECT {', '.join(PLAN_FIELDS)} FROM plans WHERE id = ?", (pid,))[0]

    def record(self, plan: int | str) -> Record:
        pid = self.resolve_plan(plan)
        return Record.from_json(_unpack(self.conn.execute("SELECT record_json FROM plans WHERE id = ?", (pid,)).fetchone()[0]))

    def cites(self, plan: int | str) -> list[dict]:
        """The documents a plan (id, file or sha256) references, with relation
        and the reference as printed; basis first."""
        return self._dicts(CITES_SQL, {"plan_id": self.resolve_plan(plan)})

    def cited_by_rows(self, number_or_title: str, doc_type: str | None = None) -> list[dict]:
        """The rows of CITED_BY_SQL as they come: one per (plan, matching
        document), `leads` a JSON text."""
        return self._dicts(CITED_BY_SQL, cited_by_params(number_or_title, doc_type))

    def cited_by(self, number_or_title: str, doc_type: str | None = None) -> list[dict]:
        """Plans resting on a document, with the leads of their tasks.

        One entry per (plan, matching document): the plan's fields, the
        relation, the document label, and `leads`: [{name, jurisdiction,
        tasks}] (tasks = how many of the plan's tasks the agency leads, most
        first). Matching is by identity: a number matches documents with that
        number (any type unless doc_type is given, any scope), a name matches
        documents cited without number under that name."""
        out = self.cited_by_rows(number_or_title, doc_type)
        for e in out:
            e["leads"] = sorted(json.loads(e["leads"]), key=lambda l: (-l["tasks"], _sort_key(l["name"]), l["jurisdiction"] or ""))
        return out

    def sql(self, query: str, params: Sequence | dict = (), *, timeout: float | None = 30.0) -> tuple[list[str], list[tuple]]:
        """Run one read-only SQL statement -> (column names, rows).

        Read-only by construction, not by keyword filter: an SQLite
        authorizer allows reading and the read functions and denies
        everything else (ATTACH, DETACH, writes, PRAGMAs outside a safe
        list, `fts3_tokenizer`, loading extensions); the statement stops
        after `timeout` seconds (a progress handler), and Ctrl-C interrupts
        it. Denied or stopped: sqlite3.DatabaseError with the reason."""
        import time as _time

        conn = self.conn
        conn.set_authorizer(_read_only_authorizer)
        deadline = None if not timeout else _time.monotonic() + timeout
        state = {"timed_out": False}

        def progress():
            if deadline is not None and _time.monotonic() > deadline:
                state["timed_out"] = True
                return 1  # non-zero: abort the statement
            return 0

        conn.set_progress_handler(progress, 10000)
        old_handler = None
        if threading.current_thread() is threading.main_thread():
            def on_sigint(signum, frame):
                state["interrupted"] = True
                conn.interrupt()

            old_handler = signal.signal(signal.SIGINT, on_sigint)
        try:
            cur = conn.execute(query, params)
            cols = [d[0] for d in cur.description] if cur.description else []
            rows = cur.fetchall()
        except sqlite3.OperationalError as e:
            if state.get("interrupted"):
                raise KeyboardInterrupt from None
            if state["timed_out"]:
                raise sqlite3.OperationalError(f"stopped after {timeout:g} s (--timeout)") from None
            raise
        finally:
            if old_handler is not None:
                signal.signal(signal.SIGINT, old_handler)
            conn.set_progress_handler(None, 0)
            conn.set_authorizer(None)
        if state.get("interrupted"):
            raise KeyboardInterrupt
        return cols, rows


# PRAGMAs a query may read (schema and table information only)
_SAFE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
                 "table_list", "user_version", "schema_version", "encoding"}
_VALUE_PRAGMAS = {"user_version", "schema_version", "encoding"}  # an argument would set them
# functions that reach outside the data
_DENIED_FUNCTIONS = {"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "zipfile",
                     "sqlar_compress", "sqlar_uncompress"}


def _read_only_authorizer(action, arg1, arg2, dbname, source):
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, getattr(sqlite3, "SQLITE_RECURSIVE", 33)):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _DENIED_FUNCTIONS else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _SAFE_PRAGMAS and (arg2 is None or name not in _VALUE_PRAGMAS):
            return sqlite3.SQLITE_OK  # "PRAGMA table_info(plans)"; "PRAGMA user_version = 9" is denied
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_DENY


def normalize_level(level: str) -> str:
    lv = level.strip()
    if lv in LEVELS:
        return lv
    aliases = {fold(k): v for k, v in _settings().get("query", {}).get("level_aliases", {}).items()}
    got = aliases.get(fold(lv)) or (fold(lv) if fold(lv) in LEVELS else None)
    if not got:
        raise RegisterError(f"unknown level {level!r} (central, province, district or commune; or tỉnh, huyện, xã …)")
    return got


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30)
        conn.execute("PRAGMA query_only = ON")
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_register(path: str | Path | None = None, *, readonly: bool = False, create: bool | None = None) -> Register:
    """Open (and create, and migrate) a register.

    readonly=True opens it with SQLite's mode=ro (the file must exist and be
    at the current schema version); otherwise a missing file is created
    (unless create=False) and an older schema is migrated. A register newer
    than this program raises RegisterVersionError; a missing one (readonly or
    create=False) RegisterNotFound."""
    path = Path(path) if path is not None else default_path()
    if create is None:
        create = not readonly
    if not path.exists():
        if not create or readonly:
            raise RegisterNotFound(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RegisterWriteError(f"{path}: cannot create the register ({e.strerror or e})") from None
    elif path.is_dir():
        raise RegisterError(f"{path}: is a folder, not a register file")
    try:
        conn = _connect(path, readonly)
    except sqlite3.OperationalError as e:
        if readonly:
            raise RegisterError(f"{path}: cannot open the register ({e})") from None
        raise RegisterWriteError(f"{path}: cannot create the register ({e})") from None
    except sqlite3.Error as e:
        raise RegisterError(f"{path}: cannot open the register ({e})") from None
    try:
        if readonly:
            have = stored_version(conn, path)
            if have > SCHEMA_VERSION:
                raise RegisterVersionError(
                    f"{path}: register schema version {have} is newer than this program supports ({SCHEMA_VERSION}); upgrade kehoach"
                )
            if have < SCHEMA_VERSION:
                raise RegisterVersionError(
                    f"{path}: register schema version {have} is older than this program's ({SCHEMA_VERSION}); "
                    f"migrate it with: kehoach register migrate --register {path}"
                )
        else:
            migrate(conn, path=path)
            # fail now, not after a batch: can the register be written?
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError as e:
                raise RegisterWriteError(f"{path}: cannot write the register ({e})") from None
    except RegisterError:
        conn.close()
        raise
    except sqlite3.OperationalError as e:
        conn.close()
        if readonly:
            raise RegisterError(f"{path}: not a register ({e})") from None
        raise RegisterWriteError(f"{path}: cannot write the register ({e})") from None
    except sqlite3.DatabaseError as e:
        conn.close()
        raise RegisterError(f"{path}: not a register ({e})") from None
    except BaseException:
        conn.close()
        raise
    return Register(conn, path, readonly)


def summarize(results: Iterable[tuple[int, str]]) -> dict[str, int]:
    out = {s: 0 for s in STATUSES}
    for _pid, status in results:
        out[status] += 1
    return out


def format_summary(s: dict[str, int]) -> str:
    return (f"{s['added']} added, {s['unchanged']} unchanged, {s['updated']} updated, "
            f"{s['new_version']} possible new versions")


# --------------------------------------------------------------------------
# Datasette


def fresh_schema() -> dict[str, list[str]]:
    """Table -> column names of a register built now (in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, path=":memory:")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


def datasette_metadata(db_name: str = "register") -> dict:
    """Datasette metadata (title, description, tables with descriptions,
    label_column and column descriptions, canned queries) from
    rules/register/datasette.toml and rules/export/columns.tsv. `db_name` is
    the database's name in Datasette: the file stem ("register" for
    register.sqlite)."""
    t = load_toml("register/datasette.toml")
    labels = {(r[0], r[1]): (r[2], r[4] if len(r) > 4 else "") for r in load_table("export/columns.tsv") if len(r) >= 3}
    schema = fresh_schema()
    tables: dict[str, dict] = {}
    order = {name: i for i, name in enumerate(TABLES[1:] + TABLES[:1])}
    for table, cols in sorted(schema.items(), key=lambda kv: order.get(kv[0], len(order))):
        if table not in t.get("tables", {}):
            continue
        spec = dict(t["tables"][table])
        descs: dict[str, str] = {}
        for col in cols:
            alias = t.get("aliases", {}).get(f"{table}.{col}")
            key = tuple(alias.split(".", 1)) if alias else (t.get("match", {}).get(table), col)
            if key in labels:
                vi, meaning = labels[key]
                descs[col] = f"{vi} — {meaning}" if meaning else vi
        for col, text in t.get("columns", {}).get(table, {}).items():
            descs.setdefault(col, text)
        if descs:
            spec["columns"] = descs
        tables[table] = spec
    queries = {}
    for name, q in t.get("queries", {}).items():
        q = dict(q)
        sql = q.get("sql", "")
        if sql.startswith("named:"):
            q["sql"] = DATASETTE_QUERIES[sql[len("named:"):]].strip()
        else:
            q["sql"] = sql.strip()
        queries[name] = q
    meta = {k: t[k] for k in ("title", "description", "source", "license") if k in t}
    meta["databases"] = {db_name: {"tables": tables, "queries": queries}}
    return meta


# --------------------------------------------------------------------------
# synthetic registers (benchmarks)


def _seed_records() -> list[Record]:
    from .pipeline import extract_file

    seeds = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
    files = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    return [extract_file(p) for p in files]


def _synthetic_provinces() -> list[tuple[str, str | None]]:
    from . import gazetteer

    provs = sorted((p.short for p in gazetteer._provinces().values() if p.legacy), key=fold)
    return [(p, gazetteer.province_2025(p)) for p in provs]


def synthetic_register(path: str | Path, n_plans: int, *, records: Sequence[Record] | None = None,
                       overwrite: bool = False, chunk: int = 2000) -> dict:
    """Fill a NEW register at `path` with `n_plans` synthetic plans, fast.

    Plan k is a copy of template record k % len(records) (default: the seeds
    of corpora/seeds, extracted once) moved to one of the 63 former provinces
    (the template's province name replaced everywhere, jurisdictions
    included), with its own sha256, file name and number ("<k+1>/<code>").
    National documents (59/2023/NĐ-CP, 346/QĐ-TTg, the laws …) are shared by
    all copies of the templates that cite them; local ones get the copy's
    province, as in a real register. record_json holds the full record.
    Rows go in with executemany, one transaction, foreign keys checked once
    at the end. Returns {"plans": n, "seconds": build time, "counts": {...}}.
    Used by scripts/benchmark.py (cited-by on 100,000 plans).
    """
    t0 = time.perf_counter()
    path = Path(path)
    if path.exists():
        if not overwrite:
            raise FileExistsError(f"{path} exists (overwrite=True replaces it)")
        path.unlink()
    recs = list(records) if records else _seed_records()
    provinces = _synthetic_provinces()
    reg = open_register(path)
    try:
        c = reg.conn
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("PRAGMA synchronous = OFF")
        c.execute("PRAGMA journal_mode = MEMORY")
        c.execute("PRAGMA cache_size = -200000")
        templates = []
        for rec in recs:
            d = rec.to_dict()
            d["source"]["sha256"] = "@@SHA@@"
            d["source"]["file"] = "@@FILE@@"
            d["document"]["number"] = "@@NUMBER@@"
            templates.append((rec, json.dumps(d, ensure_ascii=False)))
        doc_ids: dict[tuple, int] = {}
        doc_rows: list[tuple] = []
        ag_ids: dict[tuple, int] = {}
        ag_rows: list[tuple] = []
        now = _now()

        def doc_id(lb, prov):
            scope = document_scope(lb.doc_type, lb.number, lb.issuer, prov)
            nk = number_key(lb.number)
            tk = "" if nk else (title_key(lb.title) or title_key(lb.text))
            key = (nk, tk, type_key(lb.doc_type), _jur_key(scope))
            i = doc_ids.get(key)
            if i is None:
                i = doc_ids[key] = len(doc_ids) + 1
                doc_rows.append((i, *key, lb.doc_type, lb.number, lb.date, lb.issuer, lb.title, scope,
                                 document_label(lb.doc_type, lb.number, lb.title, lb.text), law_name_key(lb.doc_type, lb.title)))
            return i

        def ag_id(name, jur):
            key = (agency_key(name), _jur_key(jur))
            i = ag_ids.get(key)
            if i is None:
                i = ag_ids[key] = len(ag_ids) + 1
                ag_rows.append((i, *key, name, jur))
            return i

        # per (template, province): the child rows without plan_id
        cache: dict[tuple[int, int], tuple] = {}

        def children(ti: int, pi: int):
            got = cache.get((ti, pi))
            if got is not None:
                return got
            rec = templates[ti][0]
            p0 = rec.document.province
            prov = provinces[pi][0]

            def sub(s):
                return s.replace(p0, prov) if (s and p0) else s

            refs: dict[int, tuple] = {}
            for lb in rec.legal_bases:
                did = doc_id(lb, prov if p0 else None)
                cur = refs.get(did)
                if cur is None or RELATION_RANK[lb.relation] > RELATION_RANK[cur[0]]:
                    refs[did] = (lb.relation, lb.text)
            tasks, ta = [], set()
            for seq, t in enumerate(rec.tasks):
                tl = t.timeline
                tasks.append((seq, t.id, t.parent, t.section, t.title, int(t.requested),
                              tl.kind if tl else None, tl.raw if tl else None, tl.start if tl else None,
                              tl.end if tl else None, tl.due if tl else None, tl.recurrence if tl else None))
                for role, people in (("lead", t.lead), ("support", t.support)):
                    for a in people:
                        ta.add((role, t.id, ag_id(sub(a.name), sub(a.jurisdiction))))
            dls = [(i, x.raw, x.kind, x.due, x.recurrence, x.what, sub(x.agency), x.task_id)
                   for i, x in enumerate(rec.deadlines)]
            got = cache[(ti, pi)] = ([(did, rel, text) for did, (rel, text) in refs.items()], tasks, sorted(ta), dls)
            return got

        plan_sql = (f"INSERT INTO plans (id, {', '.join(k for k in Register._plan_values(recs[0]))}, identity, "
                    "version_of, flag, added_at, record_json) VALUES (" + ", ".join("?" * 28) + ")")
        c.execute("BEGIN")
        buf = {"plans": [], "refs": [], "tasks": [], "ta": [], "dl": []}

        def flush():
            c.executemany(plan_sql, buf["plans"])
            c.executemany("INSERT INTO plan_refs (plan_id, document_id, relation, text) VALUES (?, ?, ?, ?)", buf["refs"])
            c.executemany(
                "INSERT INTO tasks (plan_id, seq, task_id, parent, section, title, requested, timeline_kind, timeline_raw, "
                "timeline_start, timeline_end, timeline_due, timeline_recurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                buf["tasks"])
            c.executemany("INSERT INTO task_agencies (plan_id, role, task_id, agency_id) VALUES (?, ?, ?, ?)", buf["ta"])
            c.executemany("INSERT INTO deadlines (plan_id, seq, raw, kind, due, recurrence, what, agency, task_id) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", buf["dl"])
            for v in buf.values():
                v.clear()

        nt = len(templates)
        for k in range(n_plans):
            ti = k % nt
            pi = (k // nt) % len(provinces)
            rec, tjson = templates[ti]
            prov, prov25 = provinces[pi]
            p0 = rec.document.province
            pid = k + 1
            sha = hashlib.sha256(f"synthetic:{k}".encode()).hexdigest()
            file = f"synthetic_{k:06d}_{rec.source.file}"
            code = rec.document.number_code or "KH-UBND"
            number = f"{k + 1}/{code}"
            d = rec.document
            body = d.issuing_body.replace(p0, prov) if (d.issuing_body and p0) else d.issuing_body
            rj = tjson.replace(p0, prov) if p0 else tjson
            rj = _pack(rj.replace("@@SHA@@", sha).replace("@@FILE@@", file).replace("@@NUMBER@@", number))
            s = d.signer
            ident = f"n|{number_key(number)}|{agency_key(body) if body else ''}|{d.issue_date or ''}"
            buf["plans"].append((
                pid, sha, file, rec.source.format, d.doc_type, number, code, d.issue_date, _year(d.issue_date),
                d.place.replace(p0, prov) if (d.place and p0) else d.place, d.title, body, d.issuer_level,
                prov if p0 else None, prov25 if p0 else None, s.name, s.position, s.authority, s.on_behalf_of,
                len(rec.legal_bases), len(rec.tasks), len(rec.deadlines), rec.pipeline_version,
                ident, None, None, now, rj,
            ))
            refs, tasks, ta, dls = children(ti, pi)
            buf["refs"].extend((pid, *r) for r in refs)
            buf["tasks"].extend((pid, *r) for r in tasks)
            buf["ta"].extend((pid, *r) for r in ta)
            buf["dl"].extend((pid, *r) for r in dls)
            if (k + 1) % chunk == 0:
                flush()
        flush()
        c.executemany("INSERT INTO documents (id, number_key, title_key, type_key, scope_key, doc_type, number, date, "
                      "issuer, title, scope, label, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
        c.executemany("INSERT INTO agencies (id, name_key, jurisdiction_key, name, jurisdiction) VALUES (?, ?, ?, ?, ?)", ag_rows)
        bad = c.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            c.execute("ROLLBACK")
            raise RegisterError(f"synthetic register: {len(bad)} broken foreign keys")
        c.execute("COMMIT")
        c.execute("ANALYZE")
        c.execute("PRAGMA foreign_keys = ON")
        counts = reg.counts()
    finally:
        reg.close()
    return {"plans": n_plans, "seconds": time.perf_counter() - t0, "counts": counts, "path": str(path)}


def time_cited_by(path: str | Path, number: str = "59/2023/NĐ-CP", repeat: int = 5) -> dict:
    """Median seconds of the cited-by question on a register (read-only):
    "sql", CITED_BY_SQL fetched (`cited_by_rows`), and "api", the same with
    the leads parsed and sorted (`cited_by`, what `kehoach query cited-by`
    prints)."""
    import statistics

    out: dict = {"number": number}
    with open_register(path, readonly=True) as reg:
        for name, fn in (("sql", reg.cited_by_rows), ("api", reg.cited_by)):
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = fn(number)
                times.append(time.perf_counter() - t0)
            out[name] = {"median": statistics.median(times), "times": times}
        out["rows"] = len(rows)
        out["plans"] = len({r["plan_id"] for r in rows})
        out["leads"] = sum(len(r["leads"]) for r in rows)
    return out
