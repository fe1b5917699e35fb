"""Old Word .doc files: converted by LibreOffice, refused clearly without it."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import kehoach_cmd

from extract.errors import IngestError
from extract.ingest import doc as doc_backend
from extract.ingest import ingest

NO_LO = (
    "old Word .doc files need LibreOffice to convert: install the Debian package "
    "libreoffice-writer, or save the file as .docx"
)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HAS_DOCX_BACKEND = importlib.util.find_spec("extract.ingest.docx") is not None

needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer"
)


def fake_doc(tmp_path: Path, name: str = "x.doc") -> Path:
    """An OLE file naming a WordDocument stream (enough for sniff and the checks
    that run before LibreOffice)."""
    p = tmp_path / name
    p.write_bytes(doc_backend.OLE_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1024)
    return p


def test_sniff():
    b = doc_backend.DocBackend()
    assert b.sniff(doc_backend.OLE_MAGIC + b"rest") and not b.sniff(b"PK\x03\x04") and not b.sniff(b"{\\rtf1")
    assert b.name == "doc" and b.extensions == (".doc",) and b.paginated is False


def test_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    p = fake_doc(tmp_path)
    with pytest.raises(IngestError) as e:
        ingest(p)
    assert str(e.value) == f"{p}: {NO_LO}"


def test_not_a_word_file(tmp_path):
    p = tmp_path / "x.doc"
    p.write_bytes(doc_backend.OLE_MAGIC + os.urandom(4096))
    with pytest.raises(IngestError, match=r"not a Word document despite the '\.doc' extension"):
        ingest(p)
    p.write_bytes(doc_backend.OLE_MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(IngestError, match="an Excel workbook"):
        ingest(p)
    p.write_bytes(b"just text in a .doc file")
    with pytest.raises(IngestError, match="content is not DOC"):
        ingest(p)


def test_cli_without_libreoffice(tmp_path):
    p = fake_doc(tmp_path)
    bin_dir = tmp_path / "bin"  # a PATH with no soffice/libreoffice in it
    bin_dir.mkdir()
    cmd = kehoach_cmd()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONSTARTUP",)}
    env["PATH"] = str(bin_dir)
    r = subprocess.run(cmd + ["text", str(p)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 4  # a dependency is missing
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert lines[0] == f"error: {p}: {NO_LO}"


def test_libreoffice_failure_is_one_line(tmp_path, monkeypatch):
    # a "soffice" that fails the way LibreOffice does on an unreadable file
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Warning: failed to launch javaldx - java may not function correctly'\n"
                    "echo 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(IngestError) as e:
        ingest(fake_doc(tmp_path))
    assert str(e.value).endswith("LibreOffice could not convert the file (Error: source file could not be loaded)")


def test_libreoffice_timeout(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import time; time.sleep(30)'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    from extract.ingest import Limits

    with pytest.raises(IngestError, match="LibreOffice did not convert the file within"):
        ingest(fake_doc(tmp_path), Limits(time_limit_s=1.5))


@needs_soffice
@pytest.mark.skipif(not HAS_DOCX_BACKEND, reason="extract/ingest/docx.py (DocxBackend) not available yet")
def test_real_doc(tmp_path):
    docx = pytest.importorskip("docx")  # python-docx, to write the source document
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH BẮC NINH")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai thực hiện Nghị quyết số 12/NQ-HĐND của Hội đồng nhân dân tỉnh.")
    d.add_paragraph("1. Sở Tài chính chủ trì, phối hợp với các sở, ngành; hoàn thành trước ngày 30/6/2024.")
    src = tmp_path / "plan.docx"
    d.save(src)
    out = tmp_path / "out"
    r = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(out), str(src)],
        capture_output=True, timeout=120,
    )
    p = out / "plan.doc"
    assert p.exists(), r.stdout + r.stderr
    data = p.read_bytes()
    assert data.startswith(doc_backend.OLE_MAGIC) and doc_backend.WORD_STREAM in data

    doc = ingest(p)
    assert doc.text.split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "KẾ HOẠCH",
        "Triển khai thực hiện Nghị quyết số 12/NQ-HĐND của Hội đồng nhân dân tỉnh.",
        "1. Sở Tài chính chủ trì, phối hợp với các sở, ngành; hoàn thành trước ngày 30/6/2024.",
    ]
    assert doc.source.format == "doc"
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.file == "plan.doc"


@needs_soffice
@pytest.mark.skipif(not HAS_DOCX_BACKEND, reason="extract/ingest/docx.py (DocxBackend) not available yet")
def test_real_doc_in_tcvn3_font(tmp_path):
    docx = pytest.importorskip("docx")
    from test_ingest_text import to_tcvn3

    lines = [
        "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nghị quyết.",
        "Những người được giao nhiệm vụ phải kiểm tra thường xuyên.",
    ]
    d = docx.Document()
    for line in lines:
        d.add_paragraph().add_run(to_tcvn3(line).decode("cp1252")).font.name = ".VnTime"
    src = tmp_path / "tcvn3.docx"
    d.save(src)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(src)],
        capture_output=True, timeout=120,
    )
    doc = ingest(tmp_path / "out" / "tcvn3.doc")
    assert doc.text.split("\n") == lines
