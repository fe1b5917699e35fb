"""Text PDFs from another producer: the seeds' DOCX renderings exported to PDF
by LibreOffice (what many offices use), not by our own reportlab renderer."""

import shutil
import subprocess

import pytest

from conftest import SEEDS
from extract.ingest import ingest
from render_docx import render_seed_docx
from textcompare import word_diff

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def lo_pdfs(tmp_path_factory):
    if not SOFFICE:
        pytest.skip("LibreOffice not installed (scripts/install.sh installs libreoffice-writer)")
    d = tmp_path_factory.mktemp("lo")
    for s in SEEDS:
        render_seed_docx(s.read_text(encoding="utf-8"), d / f"{s.stem}.docx")
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{d}/profile", "--convert-to", "pdf", "--outdir", str(d)]
        + [str(d / f"{s.stem}.docx") for s in SEEDS],
        check=True, capture_output=True, timeout=300,
    )
    return d


@pytest.mark.parametrize("seed", [s for s in SEEDS if not s.name.startswith("002")], ids=lambda s: s.stem[:3])
def test_libreoffice_pdf_reads_like_the_text(lo_pdfs, seed):
    diff = word_diff(ingest(seed).text, ingest(lo_pdfs / f"{seed.stem}.pdf").text)
    print(f"\n{seed.stem}: {len(diff)} differing word runs")
    assert diff == []


@pytest.mark.xfail(strict=True, reason="known gap: a footnote LibreOffice runs over a page end is not re-joined (its rest reads as body text)")
def test_libreoffice_pdf_with_footnotes_running_over_pages(lo_pdfs):
    seed = next(s for s in SEEDS if s.name.startswith("002"))
    assert word_diff(ingest(seed).text, ingest(lo_pdfs / f"{seed.stem}.pdf").text) == []
