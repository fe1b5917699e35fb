#!/usr/bin/env python3
"""The format matrix (issue 10): each plan of a corpus rendered as the files
an office produces, extracted, and scored against its gold; prints plan x
format headlines and each format's difference from the TXT twin.

    python3 scripts/formats.py                        # seeds and real, every format
    python3 scripts/formats.py --sets seeds --formats docx,lo-pdf,outline
    python3 scripts/formats.py --jobs 2 --keep /tmp/formats

Formats (all made here, from the plan's text, by the tests' renderers):
  txt       the corpus file itself (the twin every other format is compared with)
  docx      Word document: header and signature in layout tables (tests/render_docx.py)
  docx-num  the same with Word automatic numbering for "1.", "1.1.", "-", "+"
  lo-pdf    the DOCX exported to PDF by LibreOffice
  outline   that PDF with its text turned into vector outlines (Ghostscript
            -dNoOutputFonts): no text layer, read by OCR
  pdf       a seed typeset as a PDF (tests/render_pdf.py; seeds only)
  scan150, scan200, scan300
            that PDF (for a real plan: its LibreOffice PDF) rasterised, turned
            and noised like a scanner at 150, 200 and 300 dpi (image-only PDF)

A seed is rendered by the seed renderers; a real plan (markdown, tables) as
the paragraphs and tables the text backend reads from it
(tests/render_docx.py, render_text_docx).

Prints figures; asserts nothing (tests/test_formats.py asserts the bounds).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

FORMATS = ["txt", "docx", "docx-num", "lo-pdf", "outline", "pdf", "scan150", "scan200", "scan300"]


def corpus(set_name: str) -> tuple[list[Path], Path]:
    d = ROOT / "corpora" / set_name
    files = sorted(p for p in d.iterdir() if p.suffix in (".txt", ".md"))
    return files, ROOT / "corpora" / "gold" / set_name


class NotApplicable(Exception):
    """A format that is not made for this plan (left out of its row)."""


def _is_seed(plan: Path) -> bool:
    """A seed (`corpora/seeds`: one line per paragraph, `**bold**`, footnote
    lines), rendered by the seed renderers; other plans are real text."""
    return plan.parent.name == "seeds"


def render(plan: Path, fmt: str, out_dir: Path) -> Path:
    """`plan` rendered as `fmt` at out_dir/<fmt>/<plan stem>.<ext> (cached)."""
    from render_docx import render_seed_docx, render_text_docx
    from render_pdf import render_scan, render_seed_pdf, scan_pdf_path

    d = out_dir / fmt
    d.mkdir(parents=True, exist_ok=True)
    text = plan.read_text(encoding="utf-8")
    if fmt == "txt":
        return plan
    if fmt in ("docx", "docx-num"):
        p = d / f"{plan.stem}.docx"
        if not p.exists():
            if _is_seed(plan):
                render_seed_docx(text, p, numbering=fmt == "docx-num")
            else:
                render_text_docx(text, p)  # a real plan: the paragraphs and tables its text holds
        return p
    if fmt == "lo-pdf":
        p = d / f"{plan.stem}.pdf"
        if not p.exists():
            src = render(plan, "docx", out_dir)
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(d), str(src)],
                               check=True, timeout=300, capture_output=True)
        return p
    if fmt == "outline":
        p = d / f"{plan.stem}.pdf"
        if not p.exists():
            src = render(plan, "lo-pdf", out_dir)
            subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                            f"-sOutputFile={p}", str(src)], check=True, timeout=600, capture_output=True)
        return p
    if fmt == "pdf":
        if not _is_seed(plan):
            raise NotApplicable("the typesetter lays out seed texts only")
        p = d / f"{plan.stem}.pdf"
        if not p.exists():
            render_seed_pdf(text, p)
        return p
    if fmt.startswith("scan"):
        dpi = int(fmt[4:])
        p = d / f"{plan.stem}.pdf"
        if not p.exists():
            # a seed's typeset PDF, a real plan's LibreOffice PDF, scanned
            src = render(plan, "pdf" if _is_seed(plan) else "lo-pdf", out_dir)
            with tempfile.TemporaryDirectory() as tmp:
                render_scan(src, tmp, dpi=dpi)
                shutil.move(str(scan_pdf_path(src, tmp)), p)
        return p
    raise ValueError(fmt)


def run_plan(args: tuple[str, str, list[str], str]) -> list[tuple[str, str, str, float, str]]:
    """Every format of one plan (one worker per plan: the renderings one
    format is made from are never made twice at once); -> (set, plan,
    format, seconds, error) after writing each record to records/<set>/<format>/."""
    set_name, plan, formats, out = args
    from extract.export import write_record
    from extract.pipeline import extract_file

    out_dir = Path(out)
    rows = []
    for fmt in formats:
        t0 = time.perf_counter()
        try:
            src = render(Path(plan), fmt, out_dir / "files" / set_name)
            rec = extract_file(src)
            rd = out_dir / "records" / set_name / fmt
            rd.mkdir(parents=True, exist_ok=True)
            write_record(rec, rd / f"{Path(plan).stem}.json")
            err = ""
        except NotApplicable:
            continue
        except Exception as e:  # a measurement: report it and go on
            err = f"{type(e).__name__}: {e}"
        rows.append((set_name, Path(plan).stem, fmt, time.perf_counter() - t0, err))
    return rows


def matrix(sets: list[str], formats: list[str], out: Path, jobs: int, progress=None) -> dict:
    """{set: {plan: {format: headline}}} for the plans of `sets`, extracted in `jobs` processes."""
    from extract.evaluate import plan_headline, score_dirs

    work = [(s, str(p), formats, str(out)) for s in sets for p in corpus(s)[0]]
    errors = []
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        for rows in ex.map(run_plan, work):
            for s, plan, fmt, secs, err in rows:
                if err:
                    errors.append((s, plan, fmt, err))
                if progress:
                    progress(s, plan, fmt, secs, err)
    result: dict = {}
    for s in sets:
        gold = corpus(s)[1]
        result[s] = {}
        for fmt in formats:
            rd = out / "records" / s / fmt
            if not rd.exists():
                continue
            rep = score_dirs(gold, rd)
            for ds in rep.docs:
                result[s].setdefault(ds.gold, {})[fmt] = None if ds.missing else plan_headline(ds)
    return {"scores": result, "errors": errors}


def format_matrix(res: dict, formats: list[str]) -> str:
    lines = []
    for s, plans in res["scores"].items():
        lines.append(f"== {s}")
        lines.append(f"{'plan':<44}" + "".join(f"{f:>9}" for f in formats))
        cols: dict[str, list[float]] = {f: [] for f in formats}
        for plan, row in sorted(plans.items()):
            cells = []
            for f in formats:
                v = row.get(f)
                cells.append(f"{v:9.3f}" if v is not None else f"{'-':>9}")
                if v is not None:
                    cols[f].append(v)
            lines.append(f"{plan[:43]:<44}" + "".join(cells))
        lines.append(f"{'mean':<44}" + "".join(f"{sum(v) / len(v):9.3f}" if v else f"{'-':>9}" for v in cols.values()))
        if "txt" in formats:
            worst = []
            for f in formats:
                ds = [row[f] - row["txt"] for row in plans.values() if row.get(f) is not None and row.get("txt") is not None]
                worst.append(f"{min(ds):+9.3f}" if ds else f"{'-':>9}")
            lines.append(f"{'worst vs txt':<44}" + "".join(worst))
    for s, plan, fmt, err in res["errors"]:
        lines.append(f"ERROR {s}/{plan} {fmt}: {err}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="seeds,real", help="corpus sets (default: seeds,real)")
    ap.add_argument("--formats", default=",".join(FORMATS), help=f"formats (default: {','.join(FORMATS)})")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--keep", type=Path, help="keep renderings and records in this folder (reused when run again)")
    a = ap.parse_args()
    formats = [f for f in a.formats.split(",") if f]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        ap.error(f"unknown format(s): {', '.join(bad)}")
    out = a.keep or Path(tempfile.mkdtemp(prefix="kehoach-formats-"))
    t0 = time.time()
    res = matrix([s for s in a.sets.split(",") if s], formats, out, a.jobs,
                 progress=lambda s, p, f, secs, err: print(f"  {s}/{p[:30]} {f} {secs:.1f}s {err}", file=sys.stderr, flush=True))
    print(format_matrix(res, formats))
    print(f"({time.time() - t0:.0f} s, {a.jobs} jobs; files in {out})")
    if not a.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
