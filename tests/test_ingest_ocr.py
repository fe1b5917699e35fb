"""OCR ingestion: scanned seeds (image-only PDFs), PNG and TIFF pages, mixed PDFs, guards.

Each seed is typeset (tests/render_pdf.py), rasterised at 200 dpi, turned by
0.6 degree and sprinkled with noise (2 % salt and pepper plus grain, fixed
seed), saved as PNG pages and as an image-only PDF; the PDF is ingested and its
text compared with the seed's normalized text. CER is computed on the body
text followed by the footnote texts (each side: `Document.text`, a newline,
then the footnotes' texts joined by newlines, markers left out), so a footnote
left in the body counts as an error. Scans are cached in tests/_generated/.
Runtime: about 70 s on 2 cores (OCR about 1.4 s per page, 33 seed pages).
"""

from __future__ import annotations

import statistics
import struct
import time
import zlib
from pathlib import Path

import pytest

from conftest import SEEDS
from extract.errors import IngestError
from extract.ingest import ingest
from render_pdf import GENERATED, cached_scan, cached_seed_pdf, pdf_pages, unite
from textcompare import cer

MAX_CER = 0.01
SCAN = dict(dpi=200, angle=0.6, noise=0.02, seed=0)
_TIMES: list[tuple[str, float, int]] = []  # (seed, seconds, pages)


def _with_notes(doc) -> str:
    return doc.text + "\n" + "\n".join(f.text for f in doc.footnotes)


@pytest.fixture(scope="session")
def scans() -> dict[str, tuple[Path, list[Path]]]:
    return {s.stem: cached_scan(s, **SCAN) for s in SEEDS}


@pytest.fixture(scope="module", autouse=True)
def _report_times():
    yield
    if _TIMES:
        per_page = [t / n for _, t, n in _TIMES]
        pages = sum(n for _, _, n in _TIMES)
        print(f"\nOCR: {pages} pages in {sum(t for _, t, _ in _TIMES):.1f} s; "
              f"median {statistics.median(per_page):.2f} s/page (per-seed means: "
              + ", ".join(f"{s} {t / n:.2f}" for s, t, n in _TIMES) + ")")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_scanned_seed_cer(seed, scans):
    pdf, pngs = scans[seed.stem]
    ref = ingest(seed)
    t = time.perf_counter()
    doc = ingest(pdf)
    dt = time.perf_counter() - t
    _TIMES.append((seed.stem[:3], dt, doc.source.pages))
    c_all = cer(_with_notes(ref), _with_notes(doc))
    c_body = cer(ref.text, doc.text)
    print(f"\n{seed.stem[:3]}: CER {c_all:.4f} (body {c_body:.4f}), {len(doc.footnotes)}/{len(ref.footnotes)} footnotes, "
          f"{doc.source.pages} pages, confidence {doc.source.ocr_confidence:.1f}, {dt:.1f} s")
    assert doc.source.format == "pdf" and doc.source.ocr is True
    assert doc.source.pages == len(pngs)
    conf = doc.source.page_confidence
    assert len(conf) == doc.source.pages and all(c is not None and 50 < c <= 100 for c in conf)
    assert doc.source.ocr_confidence == pytest.approx(sum(conf) / len(conf))
    assert [f.marker for f in doc.footnotes] == [f.marker for f in ref.footnotes]
    assert c_all <= MAX_CER


@pytest.fixture(scope="module")
def seed004(scans):
    seed = next(s for s in SEEDS if s.stem.startswith("004"))
    pdf = cached_seed_pdf(seed)
    out = GENERATED / f"{pdf.stem}-p1-2.pdf"
    if not out.exists():
        pdf_pages(pdf, 1, 2, out)
    return {"text_pdf": pdf, "first2": out, "scan_pdf": scans[seed.stem][0], "pngs": scans[seed.stem][1]}


def test_png_page(seed004, tmp_path):
    ref = ingest(pdf_pages(seed004["text_pdf"], 1, 1, tmp_path / "p1.pdf"))
    doc = ingest(seed004["pngs"][0])
    assert doc.source.format == "image" and doc.source.ocr is True and doc.source.pages == 1
    assert len(doc.source.page_confidence) == 1 and doc.source.page_confidence[0] > 80
    assert doc.source.ocr_confidence == doc.source.page_confidence[0]
    # the two header columns, row by row, left then right
    heads = [p.text for p in doc.paragraphs[:6]]
    assert heads[0] == "ỦY BAN NHÂN DÂN QUẬN 1"
    assert heads[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert heads[3] == "Số: 53/KH-UBND"
    assert heads[4] == "Quận 1, ngày 13 tháng 02 năm 2023"
    assert heads[5] == "KẾ HOẠCH"
    c = cer(ref.text, doc.text)
    print(f"\nPNG page: CER {c:.4f}, confidence {doc.source.ocr_confidence:.1f}")
    assert c <= MAX_CER


def test_page_scanned_sideways_is_turned(seed004, tmp_path):
    from PIL import Image

    ref = ingest(pdf_pages(seed004["text_pdf"], 1, 1, tmp_path / "p1.pdf"))
    side = tmp_path / "side.png"
    Image.open(seed004["pngs"][0]).rotate(90, expand=True).save(side, dpi=(200, 200))
    doc = ingest(side)
    c = cer(ref.text, doc.text)
    print(f"\nsideways PNG page: CER {c:.4f}, confidence {doc.source.ocr_confidence:.1f}")
    assert doc.paragraphs[0].text == "ỦY BAN NHÂN DÂN QUẬN 1"
    assert c <= MAX_CER and doc.source.ocr_confidence > 80


def test_two_page_tiff(seed004, tmp_path):
    from PIL import Image

    frames = [Image.open(p) for p in seed004["pngs"][:2]]
    tif = tmp_path / "two.tif"
    frames[0].save(tif, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(200, 200))
    doc = ingest(tif)
    assert doc.source.format == "image" and doc.source.ocr is True and doc.source.pages == 2
    assert len(doc.source.page_confidence) == 2 and all(c > 80 for c in doc.source.page_confidence)
    assert {p.page for p in doc.paragraphs} == {1, 2}
    c = cer(ingest(seed004["first2"]).text, doc.text)
    print(f"\nTIFF 2 pages: CER {c:.4f}")
    assert c <= MAX_CER


def test_mixed_pdf_ocrs_only_the_scanned_page(seed004, tmp_path):
    p1 = pdf_pages(seed004["text_pdf"], 1, 1, tmp_path / "text1.pdf")
    p2 = pdf_pages(seed004["scan_pdf"], 2, 2, tmp_path / "scan2.pdf")
    mixed = unite([p1, p2], tmp_path / "mixed.pdf")
    ref = ingest(seed004["first2"])
    doc = ingest(mixed)
    assert doc.source.pages == 2 and doc.source.ocr is True
    conf = doc.source.page_confidence
    assert conf[0] is None and conf[1] is not None and conf[1] > 80
    assert doc.source.ocr_confidence == conf[1]
    # page 1 came from the text layer: exactly the text PDF's page-1 paragraphs
    # (the last one may run on into page 2)
    ref_p1 = [p.text for p in ref.paragraphs if p.page == 1]
    got_p1 = [p.text for p in doc.paragraphs if p.page == 1]
    assert got_p1[:-1] == ref_p1[:-1] and got_p1[-1].startswith(ref_p1[-1][:40])
    assert any(p.page == 2 for p in doc.paragraphs)
    c = cer(ref.text, doc.text)
    print(f"\nmixed PDF: CER {c:.4f}, page-2 confidence {conf[1]:.1f}")
    assert c <= MAX_CER


# --------------------------------------------------------------------------
# guards


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def test_huge_image_is_refused_before_decoding(tmp_path):
    # a 40000 x 40000 grey PNG header with a few bytes of data: cheap to build
    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + _png_chunk(b"IEND", b"")
    path = tmp_path / "huge.png"
    path.write_bytes(png)
    t = time.perf_counter()
    with pytest.raises(IngestError) as e:
        ingest(path)
    assert time.perf_counter() - t < 5
    assert e.value.reason.startswith("image too large (40000x40000 = 1,600,000,000 pixels")


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow on the junk TIFF's EXIF
def test_corrupt_image(tmp_path, seed004):
    data = seed004["pngs"][0].read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(IngestError) as e:
        ingest(cut)
    assert e.value.reason.startswith("corrupt image")
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"II*\x00" + b"\x13" * 200)
    with pytest.raises(IngestError) as e:
        ingest(junk)
    assert e.value.reason.startswith("corrupt image")


def test_missing_tesseract_names_the_packages(monkeypatch, seed004):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/bin/tesseract")
    with pytest.raises(IngestError) as e:
        ingest(seed004["pngs"][0])
    assert e.value.reason == "OCR needs Tesseract with Vietnamese data: install the Debian packages tesseract-ocr tesseract-ocr-vie"
    with pytest.raises(IngestError) as e:  # a scanned PDF page needs it too
        ingest(seed004["scan_pdf"])
    assert e.value.reason.startswith("OCR needs Tesseract with Vietnamese data")
