"""Hostile and careless input (issue: hostile input): every case is generated
here by a small function, no committed binaries. Each batch must finish, the
bad file must be an error row with a plain reason, the good files' records
complete, the workbook, CSVs and manifest written, and stderr one line per
failed file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from extract.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "corpora" / "seeds" / "000_fcf3e25466826abb.txt").read_text(encoding="utf-8")
GiB = 1024**3

sys.path.insert(0, str(ROOT / "scripts"))
from fuzz import _CT, _RELS, _flate_pdf, pdf_file  # noqa: E402  (one minimal DOCX package for the fuzzer and these tests)


def span_bomb_docx(path: Path) -> Path:
    """A 1 KB DOCX whose one table cell spans two billion grid columns."""
    body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/>'
            '</w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", body)
    return path


def mediabox_loop_pdf(path: Path) -> Path:
    """A 600-byte PDF whose /MediaBox is a reference loop (6 0 R -> 7 0 R -> 6 0 R)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Contents 4 0 R >>",
            "<< /Length 0 >>\nstream\n\nendstream", "<< >>", "7 0 R", "6 0 R"]
    path.write_bytes(pdf_file([o.encode() for o in objs]))
    return path


def _batch(src: Path, out: Path, **kw):
    import io

    err = io.StringIO()
    t0 = time.monotonic()
    res = run_batch([str(src)], out, progress=False, stderr=err, **kw)
    return res, err.getvalue(), time.monotonic() - t0


def _assert_outputs(out: Path):
    assert (out / "kehoach.xlsx").stat().st_size > 0
    assert (out / "csv" / "tasks.csv").exists() and (out / "csv" / "errors.csv").exists()
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_span_bomb_and_reference_loop_are_error_rows(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    span_bomb_docx(src / "span.docx")
    mediabox_loop_pdf(src / "loop.pdf")
    (src / "good.txt").write_text(SEED, encoding="utf-8")
    res, err, took = _batch(src, tmp_path / "out", jobs=2, time_limit=4, max_memory=GiB)
    byname = {i.path.name: i for i in res.items}
    assert byname["good.txt"].status == "extracted" and len(byname["good.txt"].record.tasks) > 10
    # the guard refuses the span before any memory is spent on it
    assert byname["span.docx"].status == "failed"
    assert byname["span.docx"].error == ("a table row spans 2,000,000,000 grid columns (more than 1,000): "
                                         "a damaged or hostile file")
    assert byname["loop.pdf"].status == "failed" and byname["loop.pdf"].error == "still reading after 4 s (time limit)"
    # the time limit is kept from outside: the run ends soon after it
    assert took < 4 + 10 + 30
    assert err.count("\n") == 2 and "error: " in err and "Traceback" not in err
    m = _assert_outputs(tmp_path / "out")
    assert m["counts"] == {"extracted": 1, "skipped": 0, "failed": 2}


def test_memory_cap_is_kept_from_outside_the_reader(tmp_path, monkeypatch):
    # a reader that really takes memory (what a bomb no guard knows would
    # do); the workers are forked from this process, so they run it
    from extract.ingest.text import TextBackend

    real_read = TextBackend.read

    def hog(self, path, data, limits):
        if path.name.startswith("hog"):
            chunks = []
            while True:
                chunks.append(bytearray(64 * 1024 * 1024))
        return real_read(self, path, data, limits)

    monkeypatch.setattr(TextBackend, "read", hog)
    src = tmp_path / "in"
    src.mkdir()
    (src / "hog.txt").write_text(SEED, encoding="utf-8")
    (src / "good.txt").write_text(SEED, encoding="utf-8")
    res, err, _ = _batch(src, tmp_path / "out", jobs=2, time_limit=60, max_memory=GiB)
    byname = {i.path.name: i for i in res.items}
    assert byname["hog.txt"].status == "failed" and byname["hog.txt"].error == "needed more than 1 GB of memory"
    assert byname["good.txt"].status == "extracted" and len(byname["good.txt"].record.tasks) > 10
    assert err.count("\n") == 1 and "Traceback" not in err


def test_too_long_a_document_is_refused_with_its_reason(tmp_path):
    from extract.errors import IngestError
    from extract.ingest import Limits, ingest

    f = tmp_path / "plan.txt"
    f.write_text(SEED, encoding="utf-8")
    with pytest.raises(IngestError, match=r"document too long \(more than 5,000 characters of text\)"):
        ingest(f, Limits(max_chars=5000))
    assert len(ingest(f).text) > 5000


def test_a_zip_member_cannot_inflate_past_what_its_directory_claims(tmp_path):
    # the DOCX guards count the sizes of the zip directory; a member whose
    # stored size is a lie is read only up to the claim, then refused
    import struct

    from extract.errors import IngestError
    from extract.ingest import ingest

    f = span_bomb_docx(tmp_path / "lie.docx")
    data = bytearray(f.read_bytes())
    name = b"word/document.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = 0
        while (i := data.find(sig, i)) != -1:
            nlen_at = 26 if sig == b"PK\x03\x04" else 28
            nlen = struct.unpack_from("<H", data, i + nlen_at)[0]
            hdr = 30 if sig == b"PK\x03\x04" else 46
            if bytes(data[i + hdr:i + hdr + nlen]) == name:
                struct.pack_into("<I", data, i + size_at, 10)  # "10 bytes uncompressed"
            i += 4
    f.write_bytes(bytes(data))
    with pytest.raises(IngestError, match=r"corrupt DOCX \(word/document.xml: "):
        ingest(f)


def test_control_characters_and_undecodable_names_reach_every_writer(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    title = SEED.split("\n").index("KẾ HOẠCH") + 1
    lines = SEED.split("\n")
    lines[title] = "\x01\x1b[31m" + lines[title] + "\x07"
    (src / "ctrl.txt").write_text("\n".join(lines), encoding="utf-8")
    bad = os.fsdecode(os.fsencode(str(src)) + b"/k\xe9 ho\xffch.txt")
    Path(bad).write_text(SEED, encoding="utf-8")
    res, err, _ = _batch(src, tmp_path / "out", jobs=1)
    assert [i.status for i in res.items] == ["extracted", "extracted"]
    ctrl = next(i for i in res.items if i.path.name == "ctrl.txt").record
    assert ctrl.document.title.startswith("Thực hiện") and "\x1b" not in ctrl.document.title
    odd = next(i for i in res.items if i.path.name != "ctrl.txt").record
    assert odd.source.file.endswith("k\ufffd ho\ufffdch.txt")
    assert bytes.fromhex(odd.source.file_bytes) == b"k\xe9 ho\xffch.txt"  # reversible
    m = _assert_outputs(tmp_path / "out")
    inputs = {f["input"]: f["input_bytes"] for f in m["files"]}
    assert any(k.endswith("k\ufffd ho\ufffdch.txt") and v for k, v in inputs.items())
    # the manifest leads to the record by its real name too
    rec = next(f for f in m["files"] if f["record_bytes"])
    assert (tmp_path / "out" / os.fsdecode(bytes.fromhex(rec["record_bytes"]))).is_file()
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "out" / "kehoach.xlsx", read_only=True)["Văn bản"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(c.startswith("Thực hiện Nghị quyết số 65/NQ-HĐND") for c in cells)


def test_the_batch_removes_only_its_own_temp_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SEED, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".notes.tmp"
    mine.write_text("the user's own file")
    stale = out / f".good.txt.json.abc123.kehoach-partial.tmp"
    stale.write_text("{half")
    _batch(src, out, jobs=1)
    assert mine.read_text() == "the user's own file"
    assert not stale.exists()


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")
def test_workers_end_with_their_parent(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(2):
        mediabox_loop_pdf(src / f"loop{i}.pdf")
    p = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", str(src), "--out", str(tmp_path / "out"),
                          "--jobs", "2", "--time-limit", "300", "-q"], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids = []
    for _ in range(200):
        kids = _children(p.pid)
        if len(kids) >= 2:
            break
        time.sleep(0.1)
    assert len(kids) >= 2
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    time.sleep(5)
    alive = [k for k in kids if Path(f"/proc/{k}").exists() and "Z" not in Path(f"/proc/{k}/stat").read_text().rsplit(")", 1)[1].split()[0]]
    assert alive == []


def _query(db, sql, *extra):
    return subprocess.run([sys.executable, "-m", "extract.cli", "query", "sql", "--db", str(db), *extra, sql],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_query_sql_reads_and_nothing_else(tmp_path):
    from extract.register import open_register

    db = tmp_path / "r.sqlite"
    open_register(db).close()
    target = tmp_path / "elsewhere.db"
    p = _query(db, f"ATTACH DATABASE '{target}' AS x")
    assert p.returncode == 2 and "not authorized" in p.stderr and not target.exists()
    p = _query(db, f"VACUUM INTO '{target}'")
    assert p.returncode == 2 and not target.exists()
    p = _query(db, "SELECT fts3_tokenizer('simple')")
    assert p.returncode == 2 and "fts3_tokenizer" in p.stderr
    p = _query(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
               "--timeout", "2")
    assert p.returncode == 2 and p.stderr == "error: SQL: stopped after 2 s (--timeout)\n"
    p = _query(db, "SELECT x'00ff' AS b, 1e999 AS big, count(*) AS n FROM plans", "-f", "json")
    assert p.returncode == 0 and json.loads(p.stdout) == [{"b": {"hex": "00ff"}, "big": "inf", "n": 0}]
    p = _query(db, "PRAGMA table_info(plans)")
    assert p.returncode == 0 and "sha256" in p.stdout


def test_library_warnings_reach_the_record_not_the_terminal(tmp_path, capsys, monkeypatch):
    # a backend library that complains through logging and warnings while it
    # reads (as pdfminer and python-docx do on odd files)
    import logging
    import warnings

    from extract.ingest import ingest
    from extract.ingest.text import TextBackend

    real_read = TextBackend.read

    def noisy(self, path, data, limits):
        logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
        logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
        warnings.warn("style \x1b[31mHeading 9\x1b[0m not found", UserWarning)
        return real_read(self, path, data, limits)

    monkeypatch.setattr(TextBackend, "read", noisy)
    f = tmp_path / "plan.txt"
    f.write_text(SEED, encoding="utf-8")
    doc = ingest(f)
    lib = [w for w in doc.warnings if w.startswith("source: library warning: ")]
    assert lib == [
        "source: library warning: pdfminer.pdfpage: CropBox missing from /Page, defaulting to MediaBox",
        "source: library warning: UserWarning: style [31mHeading 9[0m not found",
    ]
    captured = capsys.readouterr()
    assert "CropBox" not in captured.err and "Heading 9" not in captured.err


def inflating_pdf(path: Path, inflated: int) -> Path:
    """A PDF whose one FlateDecode content stream inflates to `inflated` bytes
    of spaces (the compressed file is a thousandth of that)."""
    path.write_bytes(_flate_pdf(inflated))
    return path


def test_a_pdf_stream_is_inflated_only_up_to_its_bound(tmp_path):
    from extract.errors import IngestError
    from extract.ingest import Limits, ingest

    f = inflating_pdf(tmp_path / "bomb.pdf", 8 * 1024 * 1024)
    assert f.stat().st_size < 20_000
    with pytest.raises(IngestError, match=r"a compressed PDF stream inflates past 4 MB"):
        ingest(f, Limits(max_stream_bytes=4 * 1024 * 1024))
    # under the bound the same file is read (a page of blanks: no text)
    try:
        ingest(f, Limits(max_stream_bytes=16 * 1024 * 1024))
    except IngestError as e:
        assert "inflates past" not in str(e)
