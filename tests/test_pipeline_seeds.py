"""End to end: the five seeds, as text and through their DOCX and PDF
renderings, extracted by the real pipeline and scored against the gold by the
rules of SCHEMA.md. Prints the report; asserts the acceptance figures."""

from pathlib import Path

import pytest

from conftest import GOLD_DIR, SEEDS
from extract.evaluate import format_report, score_dirs
from extract.export import write_record
from extract.pipeline import extract_file
from render_docx import render_seed_docx
from render_pdf import render_seed_pdf


@pytest.fixture(scope="module")
def records_dir(tmp_path_factory):
    src = tmp_path_factory.mktemp("renderings")
    out = tmp_path_factory.mktemp("records")
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        inputs = [seed]
        d = src / f"{seed.stem}.docx"
        render_seed_docx(text, d)
        p = src / f"{seed.stem}.pdf"
        render_seed_pdf(text, p)
        inputs += [d, p]
        for f in inputs:
            write_record(extract_file(f), out / f"{Path(f).name}.json")
    return out


def test_seed_scores_in_every_format(records_dir):
    report = score_dirs(GOLD_DIR, records_dir)
    print("\n" + format_report(report, misses=False))
    assert len(report.docs) == 15 and not report.missing
    for name, g in report.groups.items():
        assert g.score is not None and g.score >= 0.90, (name, g.score)
    assert report.headline >= 0.95


def test_formats_agree_with_each_other(records_dir):
    """The same plan read from TXT, DOCX and PDF gives the same record fields."""
    import json

    for seed in SEEDS:
        recs = [json.loads((records_dir / f"{seed.stem}{ext}.json").read_text(encoding="utf-8")) for ext in (".txt", ".docx", ".pdf")]
        docs = [{k: v for k, v in r["document"].items()} for r in recs]
        assert docs[0] == docs[1] == docs[2], seed.stem
        ids = [[t["id"] for t in r["tasks"]] for r in recs]
        assert ids[0] == ids[1] == ids[2], seed.stem
        lbs = [sorted((b["doc_type"], b["number"] or b["title"]) for b in r["legal_bases"]) for r in recs]
        assert lbs[0] == lbs[1] == lbs[2], seed.stem
