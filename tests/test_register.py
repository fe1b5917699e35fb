"""The register: every plan read, in SQLite. Idempotent upserts, new versions
flagged, identities, the cited-by question, queries against the gold,
migrations, Datasette metadata, the commands' exit codes and errors.

Runtime: about 15 s (two batch runs of the seeds, a dozen subprocesses)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS, gold_for
from extract import register as R
from extract.agency import match_key
from extract.batch import run_batch
from extract.pipeline import extract_file
from extract.record import Record
from extract.register import RegisterError, RegisterNotFound, RegisterVersionError, open_register

GOLD = {s.name: gold_for(s) for s in SEEDS}
LAW = "Luật Thực hiện dân chủ ở cơ sở"


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "extract.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=env)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seeds extracted by the real pipeline into a register (run_batch hook)."""
    tmp = tmp_path_factory.mktemp("reg")
    db = tmp / "register.sqlite"
    res = run_batch([str(ROOT / "corpora" / "seeds")], tmp / "out", jobs=2, progress=False, register=db)
    assert res.exit_code == 0 and res.registered == {"added": 5, "unchanged": 0, "updated": 0, "new_version": 0}
    return db, tmp / "out", {r.source.file: r for r in res.records}


def copy_db(db, tmp_path):
    dst = tmp_path / "copy.sqlite"
    shutil.copy(db, dst)
    return dst


# ---------------------------------------------------------------- (a) idempotence


def test_the_corpus_extracted_twice_gives_the_same_counts(seeded, tmp_path):
    db, out, records = seeded
    db = copy_db(db, tmp_path)
    with open_register(db, readonly=True) as reg:
        first = reg.counts()
    n_tasks = sum(len(g["tasks"]) for g in GOLD.values())
    assert first["plans"] == 5 and first["tasks"] == n_tasks == 120
    # the extract command skips the unchanged files, and still registers their records
    again = run_batch([str(ROOT / "corpora" / "seeds")], out, jobs=1, progress=False, register=db)
    assert [i.status for i in again.items] == ["skipped"] * 5
    assert again.registered["unchanged"] == 5
    # a forced re-extraction gives the same records: nothing changes either
    forced = run_batch([str(ROOT / "corpora" / "seeds")], out, jobs=2, progress=False, force=True, register=db)
    assert [i.status for i in forced.items] == ["extracted"] * 5 and forced.registered["unchanged"] == 5
    with open_register(db) as reg:
        assert reg.counts() == first
        # Register.add directly, twice
        ids = [reg.add(r) for r in records.values()]
        assert [s for _, s in ids] == ["unchanged"] * 5
        assert [reg.add(r.to_dict())[1] for r in records.values()] == ["unchanged"] * 5
        assert reg.counts() == first


def test_a_changed_record_of_the_same_file_replaces_its_rows(seeded, tmp_path):
    db, _, records = seeded
    db = copy_db(db, tmp_path)
    rec = records[SEEDS[1].name]
    changed = rec.model_copy(deep=True)
    changed.pipeline_version = "9.9.9"
    dropped = changed.tasks.pop()  # the new pipeline reads one task less
    changed.legal_bases = [lb for lb in changed.legal_bases if lb.number != "03/KH-UBND"]
    with open_register(db) as reg:
        before = reg.counts()
        pid, status = reg.add(changed)
        assert status == "updated"
        after = reg.counts()
        assert after["plans"] == before["plans"]
        assert after["tasks"] == before["tasks"] - 1
        assert after["plan_refs"] == before["plan_refs"] - 1
        assert after["documents"] == before["documents"] - 1  # 03/KH-UBND of Hải Phòng: cited by no one now
        assert reg.plan(pid)["pipeline_version"] == "9.9.9"
        assert not reg.sql("SELECT 1 FROM tasks WHERE plan_id = ? AND task_id = ?", (pid, dropped.id))[1]
        assert reg.add(rec) == (pid, "updated")
        assert reg.counts() == before


def test_a_failed_add_leaves_nothing_behind(seeded, tmp_path):
    db, _, records = seeded
    db = copy_db(db, tmp_path)
    new = records[SEEDS[3].name].model_copy(deep=True)
    new.source.sha256 = "f" * 64
    new.document.number = "999/KH-UBND"
    bad = records[SEEDS[0].name].model_copy(deep=True)
    bad.source.sha256 = "e" * 64
    bad.legal_bases[0].relation = "nonsense"  # not a relation: fails mid-transaction
    with open_register(db) as reg:
        before = reg.counts()
        with pytest.raises(Exception):
            reg.add_many([new, bad])
        assert reg.counts() == before


# ---------------------------------------------------------------- (b) new versions


@pytest.mark.parametrize("seed", [SEEDS[4], SEEDS[1]], ids=["numbered", "blank-number"])
def test_a_changed_copy_is_flagged_possible_new_version(seeded, tmp_path, seed):
    db, _, records = seeded
    db = copy_db(db, tmp_path)
    copy = tmp_path / seed.name
    copy.write_text(seed.read_text(encoding="utf-8") + "\nBổ sung: gửi kèm danh sách cơ quan.\n", encoding="utf-8")
    new = extract_file(copy)
    old = records[seed.name]
    g = GOLD[seed.name]["document"]
    assert new.source.sha256 != old.source.sha256
    assert (new.document.number, new.document.issuing_body, new.document.issue_date) == (g["number"], g["issuing_body"], g["issue_date"])
    with open_register(db) as reg:
        before = reg.counts()
        old_id = reg.resolve_plan(old.source.sha256)
        pid, status = reg.add(new)
        assert status == "new_version" and pid != old_id
        p = reg.plan(pid)
        assert p["flag"] == "possible_new_version" and p["version_of"] == old_id
        assert reg.plan(old_id)["flag"] is None
        after = reg.counts()
        assert after["plans"] == before["plans"] + 1
        assert after["documents"] == before["documents"]  # its references are the same documents
        assert [f["id"] for f in reg.flagged()] == [pid]
        assert reg.add(new) == (pid, "unchanged")  # idempotent for the new version too
        # a third version points at the latest earlier one
        third = new.model_copy(deep=True)
        third.source.sha256 = "a" * 64
        pid3, st3 = reg.add(third)
        assert st3 == "new_version" and reg.plan(pid3)["version_of"] == pid


def test_plans_with_other_numbers_are_not_versions(seeded, tmp_path):
    db, _, records = seeded
    db = copy_db(db, tmp_path)
    other = records[SEEDS[4].name].model_copy(deep=True)
    other.source.sha256 = "b" * 64
    other.document.number = "54/KH-UBND"
    with open_register(db) as reg:
        assert reg.add(other)[1] == "added"
        assert reg.flagged() == []


def test_plan_identity_rules():
    rec = Record.model_validate(
        {"source": {"file": "a.txt", "sha256": "0", "format": "txt"},
         "document": {"number": "53 / KH-UBND", "issuing_body": "UBND Quận 1", "issue_date": "2023-02-13"}})
    assert R.plan_identity(rec) == "n|53/kh-ubnd|uy ban nhan dan quan 1|2023-02-13"
    rec.document.number = None
    rec.document.number_code = "KH-UBND"
    rec.document.title = "Thực hiện công tác dân vận"
    assert R.plan_identity(rec) == "c|kh-ubnd|uy ban nhan dan quan 1|2023-02-13|thuc hien cong tac dan van"
    rec.document.issuing_body = rec.document.title = None
    assert R.plan_identity(rec) is None  # too little to tell: never flagged


# ---------------------------------------------------------------- identities


def test_documents_and_agencies_are_one_row_per_identity(seeded):
    db, _, records = seeded
    with open_register(db, readonly=True) as reg:
        _, rows = reg.sql("SELECT doc_type, number, scope, count(*) FROM documents GROUP BY number_key, title_key, type_key, scope_key HAVING count(*) > 1")
        assert rows == []
        # 346/QĐ-TTg is cited by two plans and is ONE document row
        _, rows = reg.sql("SELECT d.id, count(r.plan_id) FROM documents d JOIN plan_refs r ON r.document_id = d.id WHERE d.number = '346/QĐ-TTg' GROUP BY d.id")
        assert len(rows) == 1 and rows[0][1] == 2
        # the gold's identities: the unnumbered law (3 plans) and 10/2022/QH15 (1 plan) are two documents
        _, rows = reg.sql("SELECT number, count(*) FROM documents d JOIN plan_refs r ON r.document_id = d.id WHERE d.doc_type = 'Luật' AND (d.title = ? OR d.number = '10/2022/QH15') GROUP BY d.id ORDER BY number", (LAW,))
        assert rows == [(None, 3), ("10/2022/QH15", 1)]
        # a local number carries its province, a national one none
        _, rows = reg.sql("SELECT number, scope FROM documents WHERE number IN ('03/KH-UBND', '59/2023/NĐ-CP', '217-QĐ/TW') ORDER BY number")
        assert rows == [("03/KH-UBND", "Hải Phòng"), ("217-QĐ/TW", None), ("59/2023/NĐ-CP", None)]
        # display values stay as printed (NFC, accents), keys are folded
        _, rows = reg.sql("SELECT number, number_key, label FROM documents WHERE number = '59/2023/NĐ-CP'")
        assert rows == [("59/2023/NĐ-CP", "59/2023/nd-cp", "Nghị định 59/2023/NĐ-CP")]
        # agencies: one row per match_key + jurisdiction; Sở Nội vụ of three provinces = three rows
        _, rows = reg.sql("SELECT name, jurisdiction FROM agencies WHERE name_key = 'so noi vu' ORDER BY jurisdiction")
        expected = sorted({(a.name, a.jurisdiction) for r in records.values() for t in r.tasks for a in t.lead + t.support if match_key(a.name) == "so noi vu"}, key=lambda x: x[1])
        assert rows == expected and len(rows) == 3
        n_keys = len({(match_key(a.name), a.jurisdiction or "") for r in records.values() for t in r.tasks for a in t.lead + t.support})
        assert reg.counts()["agencies"] == n_keys


def test_record_json_round_trips(seeded):
    db, _, records = seeded
    with open_register(db, readonly=True) as reg:
        for name, rec in records.items():
            assert reg.record(name) == rec


# ---------------------------------------------------------------- (c) cited-by


def _gold_plans(pred) -> list[str]:
    return sorted(name for name, g in GOLD.items() if any(pred(lb) for lb in g["legal_bases"]))


def _leads(plans, tasks_of) -> set[str]:
    return {match_key(a["name"] if isinstance(a, dict) else a.name) for p in plans for t in tasks_of(p) for a in (t["lead"] if isinstance(t, dict) else t.lead)}


CASES = [
    ("346/QĐ-TTg", None, lambda lb: lb.get("number") == "346/QĐ-TTg"),
    ("Nghị định 59/2023/NĐ-CP", None, lambda lb: lb.get("number") == "59/2023/NĐ-CP"),
    # a law is one document whether cited by name or by number (documents.name_key links them)
    (LAW, "Luật", lambda lb: lb["doc_type"] == "Luật" and (lb.get("title") == LAW or lb.get("number") == "10/2022/QH15")),
    ("10/2022/QH15", None, lambda lb: lb["doc_type"] == "Luật" and (lb.get("title") == LAW or lb.get("number") == "10/2022/QH15")),
]


@pytest.mark.parametrize("query,doc_type,pred", CASES, ids=["346/QĐ-TTg", "59/2023/NĐ-CP", "law-by-name", "10/2022/QH15"])
def test_cited_by_returns_the_gold_plans_and_their_leads(seeded, query, doc_type, pred):
    db, _, records = seeded
    want = _gold_plans(pred)
    assert want, query
    with open_register(db, readonly=True) as reg:
        got = reg.cited_by(query, doc_type=doc_type)
    assert sorted(e["file"] for e in got) == want
    got_leads = {match_key(l["name"]) for e in got for l in e["leads"]}
    rec_leads = _leads(want, lambda p: records[p].tasks)
    gold_leads = _leads(want, lambda p: GOLD[p]["tasks"])
    print(f"\n{query}: plans {want}; leads: register {len(got_leads)}, gold {len(gold_leads)}, common {len(got_leads & gold_leads)}")
    print(f"  gold only: {sorted(gold_leads - got_leads)}\n  register only: {sorted(got_leads - gold_leads)}")
    assert got_leads == rec_leads  # the register answers with the records' leads
    # how many tasks each agency leads: from the records
    for e in got:
        rec = records[e["file"]]
        for l in e["leads"]:
            n = sum(1 for t in rec.tasks if any(match_key(a.name) == match_key(l["name"]) and a.jurisdiction == l["jurisdiction"] for a in t.lead))
            assert l["tasks"] == n, (e["file"], l)
    if query.endswith("59/2023/NĐ-CP"):
        assert got_leads == gold_leads  # on this plan the pipeline's leads are the gold's
    else:
        assert len(got_leads & gold_leads) >= 0.75 * len(gold_leads)


def test_cited_by_is_one_named_sql_query_shown_in_the_docstring(seeded):
    db, _, _ = seeded
    flat = lambda s: " ".join(s.split())
    assert flat(R.CITED_BY_SQL) in flat(R.__doc__)
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute(R.CITED_BY_SQL, {"number_key": "59/2023/nd-cp", "title_key": "", "type_key": None}).fetchall()
    con.close()
    assert [r[1] for r in rows] == [SEEDS[2].name]
    leads = json.loads(rows[0][10])
    assert {"name": "Ủy ban nhân dân các huyện, thành phố", "jurisdiction": "Lạng Sơn", "tasks": 16} in leads


def test_cited_by_type_filter_and_typed_forms(seeded):
    db, _, _ = seeded
    with open_register(db, readonly=True) as reg:
        base = sorted(e["file"] for e in reg.cited_by("346/QĐ-TTg"))
        assert sorted(e["file"] for e in reg.cited_by("346/QĐ-TTg", doc_type="Quyết định")) == base
        assert reg.cited_by("346/QĐ-TTg", doc_type="Nghị định") == []
        assert sorted(e["file"] for e in reg.cited_by("Quyết định số 346/QĐ-TTg")) == base
        assert sorted(e["file"] for e in reg.cited_by("346/qd-ttg")) == base  # typed without accents
        assert sorted(e["file"] for e in reg.cited_by("luật thực hiện dân chủ ở cơ sở")) == _gold_plans(CASES[2][2])
        assert reg.cited_by("999/QĐ-TTg") == []


def test_cites(seeded):
    db, _, _ = seeded
    g = GOLD[SEEDS[2].name]
    with open_register(db, readonly=True) as reg:
        rows = reg.cites(SEEDS[2].name)
        assert reg.cites(str(SEEDS[2])) == rows == reg.cites(reg.resolve_plan(SEEDS[2].name))
    assert sorted((r["doc_type"], r["number"] or r["title"], r["relation"]) for r in rows) == sorted(
        (lb["doc_type"], lb["number"] or lb["title"], lb["relation"]) for lb in g["legal_bases"])
    assert [r["relation"] for r in rows] == sorted((r["relation"] for r in rows), key=["basis", "implements", "cites"].index)


# ---------------------------------------------------------------- (d) plans


def test_query_plans_by_province_level_year(seeded):
    db, _, _ = seeded
    with open_register(db, readonly=True) as reg:
        for prov in {g["document"]["province"] for g in GOLD.values()}:
            want = sorted(n for n, g in GOLD.items() if g["document"]["province"] == prov)
            assert sorted(p["file"] for p in reg.plans(province=prov)) == want
        for level in ("province", "district", "commune", "central"):
            want = sorted(n for n, g in GOLD.items() if g["document"]["issuer_level"] == level)
            assert sorted(p["file"] for p in reg.plans(level=level)) == want
        for year in (2023, 2024, 2025):
            want = sorted(n for n, g in GOLD.items() if g["document"]["issue_date"][:4] == str(year))
            assert sorted(p["file"] for p in reg.plans(year=year)) == want
        assert [p["file"] for p in reg.plans(province="ho chi minh", level="quận", year=2023)] == [SEEDS[4].name]
        assert sorted(p["file"] for p in reg.plans(level="tỉnh")) == sorted(n for n, g in GOLD.items() if g["document"]["issuer_level"] == "province")
        assert len(reg.plans(doc_type="kế hoạch")) == 5 and reg.plans(province="Hà Nội") == []
        with pytest.raises(RegisterError, match="unknown level"):
            reg.plans(level="galaxy")


# ---------------------------------------------------------------- (f) migrations


def _v1_register(path, records):
    """A register as version 1 of the program wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert R.migrate(conn, R.MIGRATIONS[:1]) == [1]
    for i, rec in enumerate(records, 1):
        d = rec.document
        conn.execute(
            "INSERT INTO plans (id, sha256, file, format, number, issue_date, issuing_body, province, added_at, record_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01T00:00:00+00:00', ?)",
            (i, rec.source.sha256, rec.source.file, rec.source.format, d.number, d.issue_date, d.issuing_body, d.province, rec.to_json(indent=None)),
        )
        conn.execute("INSERT INTO tasks (plan_id, seq, task_id, title) VALUES (?, 0, 'I.1', 'một nhiệm vụ')", (i,))
    conn.close()


def test_an_older_register_is_migrated(seeded, tmp_path):
    _, _, records = seeded
    old = records[SEEDS[4].name]
    newer = old.model_copy(deep=True)
    newer.source.sha256 = "c" * 64
    db = tmp_path / "v1.sqlite"
    _v1_register(db, [old, newer])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta").fetchone() == ("1",)
    assert "flag" not in [r[1] for r in conn.execute("PRAGMA table_info(plans)")]
    conn.close()
    # read-only commands do not migrate: they say how to
    with pytest.raises(RegisterVersionError, match="older .* kehoach register migrate"):
        open_register(db, readonly=True)
    with open_register(db) as reg:
        assert reg.schema_version == R.SCHEMA_VERSION == 4
        assert {t for (t,) in reg.conn.execute("SELECT DISTINCT typeof(record_json) FROM plans")} == {"blob"}  # v3 packed the old text records
        cols = [r[1] for r in reg.conn.execute("PRAGMA table_info(plans)")]
        assert {"identity", "version_of", "flag"} <= set(cols) and cols[-1] == "record_json"
        p1, p2 = reg.plan(1), reg.plan(2)
        assert p1["identity"] == R.plan_identity(old) and p1["flag"] is None
        assert p2["flag"] == "possible_new_version" and p2["version_of"] == 1  # backfilled
        assert reg.counts()["tasks"] == 2  # child rows kept
        assert reg.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert reg.add(records[SEEDS[0].name])[1] == "added"
    # and again: nothing left to do
    conn = sqlite3.connect(db, isolation_level=None)
    assert R.migrate(conn) == []
    conn.close()


def test_a_newer_register_is_a_clear_error(tmp_path):
    db = tmp_path / "future.sqlite"
    open_register(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    for ro in (False, True):
        with pytest.raises(RegisterVersionError, match=r"schema version 99 is newer than this program supports \(4\); upgrade kehoach"):
            open_register(db, readonly=ro)
    p = cli("register", "info", "--db", db)
    assert p.returncode == 1 and p.stderr.strip().count("\n") == 0 and "newer than this program" in p.stderr


def test_not_a_register(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RegisterError, match="not a register"):
        open_register(junk)
    other = tmp_path / "other.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE x (a)")
    c.close()
    with pytest.raises(RegisterError, match="not a kehoach register"):
        open_register(other)
    with pytest.raises(RegisterNotFound):
        open_register(tmp_path / "missing.sqlite", readonly=True)


# ---------------------------------------------------------------- Datasette


def test_datasette_metadata_names_only_real_tables_and_columns(seeded, tmp_path):
    db, _, _ = seeded
    out = tmp_path / "metadata.json"
    p = cli("register", "datasette-metadata", "--db", db, "--out", out)
    assert p.returncode == 0, p.stderr
    meta = json.loads(out.read_text(encoding="utf-8"))
    assert meta["title"] and meta["description"]
    fresh = tmp_path / "fresh.sqlite"
    open_register(fresh).close()
    con = sqlite3.connect(fresh)
    schema = {t: {r[1] for r in con.execute(f"PRAGMA table_info({t})")} for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    dbmeta = meta["databases"][db.stem]
    assert set(dbmeta["tables"]) <= set(schema) and {"plans", "documents", "agencies", "tasks"} <= set(dbmeta["tables"])
    for table, spec in dbmeta["tables"].items():
        assert spec["description"]
        assert set(spec.get("columns", {})) <= schema[table], (table, set(spec["columns"]) - schema[table])
        if "label_column" in spec:
            assert spec["label_column"] in schema[table]
    assert dbmeta["tables"]["documents"]["label_column"] == "label"
    assert dbmeta["tables"]["agencies"]["label_column"] == "name"
    # labels from rules/export/columns.tsv where they match
    assert dbmeta["tables"]["plans"]["columns"]["issuing_body"].startswith("Cơ quan ban hành")
    assert dbmeta["tables"]["tasks"]["columns"]["timeline_due"].startswith("Hạn")
    # every canned query runs on the fresh register and on the seeds'
    for name, q in dbmeta["queries"].items():
        params = {k: "" for k in re.findall(r":(\w+)", q["sql"])}
        con.execute(q["sql"], params).fetchall()
    con.close()
    seeds = sqlite3.connect(db)
    q = dbmeta["queries"]["cited_by"]["sql"]
    with open_register(db, readonly=True) as reg:
        for typed in ("59/2023/NĐ-CP", "59/2023/nd-cp", LAW):
            rows = seeds.execute(q, {"document": typed}).fetchall()
            assert sorted({r[1] for r in rows}) == sorted(e["file"] for e in reg.cited_by(typed)), typed
    seeds.close()


# ---------------------------------------------------------------- synthetic registers


def test_synthetic_register(seeded, tmp_path):
    _, _, records = seeded
    db = tmp_path / "synthetic.sqlite"
    info = R.synthetic_register(db, 200, records=list(records.values()))
    c = info["counts"]
    assert c["plans"] == 200 and c["tasks"] == 200 // 5 * 120
    with open_register(db, readonly=True) as reg:
        hits = reg.cited_by("59/2023/NĐ-CP")
        assert len(hits) == 40 and len({e["document_id"] for e in hits}) == 1  # one national document
        assert len({e["province"] for e in hits}) == 40
        local = reg.cited_by("03/KH-UBND")
        assert len({e["document_id"] for e in local}) == 40  # one per province: local numbers repeat
        assert reg.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        r = reg.record(1)
        assert r.source.sha256 == reg.plan(1)["sha256"] and r.document.province == reg.plan(1)["province"]
    with pytest.raises(FileExistsError):
        R.synthetic_register(db, 5, records=list(records.values()))


# ---------------------------------------------------------------- (g) commands


def test_commands_exit_codes_and_one_line_errors(seeded, tmp_path):
    db, out, _ = seeded
    missing = tmp_path / "nope.sqlite"
    for args in (("query", "plans"), ("query", "cited-by", "346/QĐ-TTg"), ("query", "sql", "SELECT 1"), ("register", "info"), ("compare", "--out", tmp_path / "c")):
        p = cli(*args, "--db", missing)
        assert p.returncode == 1, (args, p.stderr)
        assert p.stderr == f"error: register not found: {missing} (create it with kehoach extract --register or kehoach register add)\n"
    assert not missing.exists()  # read-only commands never create it
    p = cli("query", "sql", "DELETE FROM plans", "--db", db)
    # refused before it runs, by the authorizer (not by the read-only file alone)
    assert p.returncode == 2 and p.stderr.startswith("error: SQL: not authorized: query sql only reads")
    p = cli("query", "sql", "SELEC nonsense", "--db", db)
    assert p.returncode == 2 and p.stderr.startswith("error: SQL: ") and p.stderr.count("\n") == 1
    p = cli("query", "cites", "no-such-plan.txt", "--db", db)
    assert p.returncode == 1 and p.stderr.startswith("error: no plan in the register matches") and p.stderr.count("\n") == 1
    p = cli("query", "plans", "--year", "abc", "--db", db)
    assert p.returncode == 2 and "usage" in p.stderr
    p = cli("query", "--db", db)
    assert p.returncode == 2
    # successes
    p = cli("query", "plans", "--province", "Lạng Sơn", "--format", "csv", "--db", db)
    assert p.returncode == 0 and p.stdout.splitlines()[1].split(",")[1] == SEEDS[2].name
    p = cli("query", "cited-by", "346/QĐ-TTg", "--type", "Quyết định", "--format", "json", "--db", db)
    assert p.returncode == 0 and sorted(e["file"] for e in json.loads(p.stdout)) == [SEEDS[1].name, SEEDS[2].name]
    p = cli("query", "cites", SEEDS[4].name, "--db", db)
    assert p.returncode == 0 and "Pháp lệnh" in p.stdout and "34/2007/PL-UBTVQH11" in p.stdout
    p = cli("query", "sql", "SELECT province, count(*) AS n FROM plans GROUP BY province", "--format", "json", "--db", db)
    assert p.returncode == 0 and {r["province"] for r in json.loads(p.stdout)} == {g["document"]["province"] for g in GOLD.values()}
    p = cli("register", "info", "--db", db, "--json")
    info = json.loads(p.stdout)
    assert p.returncode == 0 and info["schema_version"] == 4 and info["counts"]["plans"] == 5 and info["flagged"] == []
    # register add: records of a folder, a bad file among them
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    newdb = tmp_path / "new.sqlite"
    p = cli("register", "add", out, bad, "--db", newdb)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert [l for l in p.stderr.splitlines() if l.startswith("error: ")] == [f"error: {bad}: not a record (invalid JSON: Expecting property name enclosed in double quotes at line 1)"]
    assert p.stderr.splitlines()[-1] == f"5 added, 0 unchanged, 0 updated, 0 possible new versions, 1 failed -> {newdb}"
    p = cli("register", "add", out, "--db", newdb)
    assert p.returncode == 0 and p.stderr.startswith("0 added, 5 unchanged")
    # extract --register into a folder that cannot be one
    p = cli("extract", SEEDS[0], "--out", tmp_path / "o", "--register", tmp_path, "-q")
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and "is a folder" in p.stderr


def test_extract_register_option(tmp_path):
    db = tmp_path / "r.sqlite"
    p = cli("extract", SEEDS[3], SEEDS[4], "--out", tmp_path / "o", "--register", db, "-j", "1")
    assert p.returncode == 0, p.stderr
    assert p.stderr.splitlines()[-1] == f"register: 2 added, 0 unchanged, 0 updated, 0 possible new versions -> {db}"
    with open_register(db, readonly=True) as reg:
        assert sorted(p["file"] for p in reg.plans()) == [SEEDS[3].name, SEEDS[4].name]


def test_every_command_and_action_has_help():
    for args in (("register",), ("register", "add"), ("register", "info"), ("register", "migrate"),
                 ("register", "datasette-metadata"), ("query",), ("query", "plans"), ("query", "cites"),
                 ("query", "cited-by"), ("query", "sql"), ("compare",), ("calendar",)):
        p = cli(*args, "--help")
        assert p.returncode == 0 and "usage: kehoach" in p.stdout, args
        assert "--register PATH" in p.stdout or args in (("register",), ("query",))
    assert "--register [PATH]" in cli("extract", "--help").stdout


def test_register_migrate_command(seeded, tmp_path):
    _, _, records = seeded
    db = tmp_path / "v1.sqlite"
    _v1_register(db, [records[SEEDS[0].name]])
    p = cli("query", "plans", "--db", db)
    assert p.returncode == 1 and "kehoach register migrate" in p.stderr
    p = cli("register", "migrate", "--db", db)
    assert p.returncode == 0 and p.stderr == f"{db}: migrated from schema version 1 to 4\n"
    p = cli("register", "migrate", "--db", db)
    assert p.returncode == 0 and "up to date" in p.stderr
    assert cli("query", "plans", "--db", db).returncode == 0
