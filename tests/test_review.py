"""Review pages (`kehoach review`): the marks in the page equal the record's
elements at their spans, in the HTML as written and in the DOM Chromium
renders; the screenshot shows the highlights; the index links every page and
lists failed inputs.

Chromium (Debian package `chromium`) is required: a missing browser fails the
browser tests, unless KEHOACH_SKIP_BROWSER=1, which skips them.
"""

from __future__ import annotations

import html as _html
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from PIL import Image

from conftest import ROOT, SEEDS, kehoach_cmd
from extract.agency import match_key
from extract.ingest import ingest
from extract.pipeline import extract_document
from extract.review import Span, agency_occurrences, name_variants, render_review, render_text, write_reviews
from extract.segment import segment

SEED_001 = next(p for p in SEEDS if p.name.startswith("001_"))
SEED_002 = next(p for p in SEEDS if p.name.startswith("002_"))
WINDOW = (1400, 1000)


class PageParser(HTMLParser):
    """Marks (attributes, text), the text of div.doctext, links, index rows;
    and a check that every element closes in order."""

    VOID = {"meta", "br", "input", "img", "link", "hr", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[dict] = []
        self.open_marks: list[dict] = []
        self.doctext: list[str] = []
        self.doctext_depth: int | None = None
        self.links: list[str] = []
        self.rows: list[dict] = []
        self.row: dict | None = None
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "div" and "doctext" in (a.get("class") or "").split():
            self.doctext_depth = len(self.stack)
        if tag == "mark" and "kh" in (a.get("class") or "").split():
            m = {"attrs": a, "text": [], "classes": a["class"].split()}
            self.marks.append(m)
            self.open_marks.append(m)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self.row is not None:
                self.row["links"].append(a["href"])
        if tag == "tr" and a.get("data-status"):
            self.row = {"status": a["data-status"], "text": [], "links": []}
            self.rows.append(self.row)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        if tag == "div" and self.doctext_depth == len(self.stack):
            self.doctext_depth = None
        if tag == "mark" and self.open_marks:
            self.open_marks.pop()
        if tag == "tr":
            self.row = None
        self.stack.pop()

    def handle_data(self, data):
        for m in self.open_marks:
            m["text"].append(data)
        if self.doctext_depth is not None:
            self.doctext.append(data)
        if self.row is not None:
            self.row["text"].append(data)


def parse(html_text: str) -> PageParser:
    p = PageParser()
    p.feed(html_text)
    p.close()
    return p


def first_pieces(p: PageParser, kind: str) -> list[dict]:
    return [m for m in p.marks if m["attrs"]["data-kind"] == kind and "kh-cont" not in m["classes"]]


def mark_text(m: dict) -> str:
    return "".join(m["text"])


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """seed -> (doc, record, html, path of the page written)."""
    out = tmp_path_factory.mktemp("pages")
    res = {}
    for seed in (SEED_001, SEED_002):
        doc = ingest(seed)
        rec = extract_document(doc)
        html_text = render_review(doc, rec, segment(doc))
        path = out / f"{seed.name}.html"
        path.write_text(html_text, encoding="utf-8")
        res[seed.name] = (doc, rec, html_text, path)
    return res


@pytest.mark.parametrize("seed", [SEED_001, SEED_002], ids=["001", "002"])
def test_marks_equal_the_record_at_its_spans(pages, seed):
    doc, rec, html_text, _ = pages[seed.name]
    p = parse(html_text)
    assert not p.errors, p.errors[:3]
    assert html_text == unicodedata.normalize("NFC", html_text)
    # the text panel holds exactly the normalized text, nothing lost or added
    assert "".join(p.doctext) == doc.text

    legal = [lb for lb in rec.legal_bases if lb.span]
    tasks = [t for t in rec.tasks if t.span]
    deadlines = [d for d in rec.deadlines if d.span]
    assert len(first_pieces(p, "legal")) == len(legal) > 0
    assert len(first_pieces(p, "task")) == len(tasks) > 0
    assert len(first_pieces(p, "deadline")) == len(deadlines) > 0
    # none of these is split on the seeds: counting `mark.kh-legal` in a browser is exact
    assert not [m for m in p.marks if "kh-cont" in m["classes"] and m["attrs"]["data-kind"] != "agency"]

    for m in p.marks:  # every piece is the document's text at its offsets
        s, e = int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])
        assert mark_text(m) == doc.text[s:e]

    for lb, m in zip(legal, first_pieces(p, "legal")):
        assert (int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])) == tuple(lb.span)
        assert mark_text(m) == lb.text
        if lb.number:  # the number, or for a law cited by its name, the name
            assert lb.number in mark_text(m) or (lb.doc_type == "Luật" and lb.title in mark_text(m))
            assert m["attrs"]["title"] == f"{lb.doc_type} {lb.number} · {lb.relation}"
    by_id = {m["attrs"]["data-id"]: m for m in first_pieces(p, "task")}
    assert set(by_id) == {t.id for t in tasks}
    for t in tasks:
        m = by_id[t.id]
        assert (int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])) == tuple(t.span)
        assert " ".join(t.title.split()) in " ".join(mark_text(m).split())
    for d, m in zip(deadlines, first_pieces(p, "deadline")):
        assert (int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])) == tuple(d.span)
        assert mark_text(m) == d.raw

    # agencies: each occurrence is the name (or its abbreviation) of a lead/support body
    names = {a.name for t in rec.tasks for a in t.lead + t.support}
    agencies = first_pieces(p, "agency")
    assert len(agencies) > 10
    for m in agencies:
        assert m["attrs"]["data-id"] in names
        assert match_key(mark_text(m)) == match_key(m["attrs"]["data-id"]), mark_text(m)

    # the record side: a row per legal basis and deadline, a node per task, links to the marks
    for i, lb in enumerate(rec.legal_bases, 1):
        assert f'id="r-legal-{i}"' in html_text
    for t in tasks:
        anchor = by_id[t.id]["attrs"]["id"]
        assert f'href="#{anchor}"' in html_text
    assert "http://" not in html_text and "https://" not in html_text  # nothing external


def test_seed_001_known_values(pages):
    doc, rec, html_text, _ = pages[SEED_001.name]
    p = parse(html_text)
    legal = {m["attrs"]["title"] for m in first_pieces(p, "legal")}
    assert "Quyết định 346/QĐ-TTg · basis" in legal
    deadline_texts = [mark_text(m) for m in first_pieces(p, "deadline")]
    assert "trước 15/10/2023" in deadline_texts
    # "Ủy ban nhân dân thành phố" is found written out in the text
    assert any(mark_text(m) == "Ủy ban nhân dân thành phố" for m in first_pieces(p, "agency"))
    zones = [z for z in ("header", "title", "preamble", "body", "closing") if f'data-zone="{z}"' in html_text]
    assert zones == ["header", "title", "preamble", "body", "closing"]


def test_crossing_spans_nest_and_split():
    text = "ab<c&d>efghij"
    spans = [
        Span(0, 13, 0, "body"),
        Span(0, 8, 2, "legal", "legal-1", "L", "m-legal-1"),
        Span(4, 11, 2, "deadline", "deadline-1", "D", "m-deadline-1"),
        Span(2, 6, 2, "agency", "Sở X"),
    ]
    out, counts = render_text(text, spans)
    assert counts == {"task": 0, "legal": 1, "deadline": 1, "agency": 1}
    p = parse(f'<div class="doctext">{out}</div>')
    assert not p.errors
    assert "".join(p.doctext) == text
    assert "&lt;c" in out and "&amp;d" in out and "&gt;e" in out  # escaped (the parse above proves it)
    pieces = [(m["attrs"]["data-kind"], "kh-cont" in m["classes"], mark_text(m)) for m in p.marks]
    assert pieces == [
        ("legal", False, "ab<c&d>e"),
        ("agency", False, "<c&d"),
        ("deadline", False, "&d"),  # crosses the agency's end and the legal basis' end: split twice
        ("deadline", True, ">e"),
        ("deadline", True, "fgh"),
    ]
    for m in p.marks:
        s, e = int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])
        assert mark_text(m) == text[s:e]


def test_agency_names_found_folded_and_abbreviated():
    assert "UBND tỉnh" in name_variants("Ủy ban nhân dân tỉnh")
    text = "Giao UBND Tỉnh chủ trì; Ủy ban nhân dân tỉnh Lạng Sơn và Uy ban nhan dan tinh;\nỦy ban\nnhân dân tỉnh."
    occ = agency_occurrences(text, ["Ủy ban nhân dân tỉnh"])
    assert [text[s:e] for s, e, _ in occ] == ["UBND Tỉnh", "Ủy ban nhân dân tỉnh", "Uy ban nhan dan tinh"]
    # the longest name wins where two overlap
    occ = agency_occurrences("Sở Nội vụ thành phố", ["Sở Nội vụ", "Sở Nội vụ thành phố"])
    assert [(s, e, n) for s, e, n in occ] == [(0, 19, "Sở Nội vụ thành phố")]


# --------------------------------------------------------------------------
# in a browser


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            if os.environ.get("KEHOACH_SKIP_BROWSER") == "1":
                pytest.skip("KEHOACH_SKIP_BROWSER=1")
            return path
    if os.environ.get("KEHOACH_SKIP_BROWSER") == "1":
        pytest.skip("Chromium not installed and KEHOACH_SKIP_BROWSER=1")
    pytest.fail("Chromium not found: apt-get install chromium (or set KEHOACH_SKIP_BROWSER=1 to skip)")


def run_chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="kehoach-chromium-") as profile:
        cmd = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *args,
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("seed", [SEED_001, SEED_002], ids=["001", "002"])
def test_rendered_dom_has_the_marks(pages, seed):
    doc, rec, _, path = pages[seed.name]
    res = run_chromium("--dump-dom", path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    p = parse(res.stdout)
    counts = {k: len([m for m in p.marks if f"kh-{k}" in m["classes"]]) for k in ("legal", "task", "deadline")}
    assert counts == {
        "legal": sum(1 for lb in rec.legal_bases if lb.span),
        "task": sum(1 for t in rec.tasks if t.span),
        "deadline": sum(1 for d in rec.deadlines if d.span),
    }
    assert min(counts.values()) > 0
    assert "".join(p.doctext) == doc.text


def test_screenshot_shows_text_and_highlights(pages, tmp_path):
    _, _, _, path = pages[SEED_001.name]
    png = tmp_path / "review.png"
    res = run_chromium(f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}", path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as im:
        im.verify()
    with Image.open(png) as im:
        assert im.format == "PNG" and im.size == WINDOW
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 24)
    assert len(colours) > 64  # text, tables, highlights: far from blank
    present = {c for _, c in colours}
    # the highlight fills of rules/review.toml are on screen: tasks, legal bases, agencies
    for hexc in ("#fff3bf", "#d0ebff", "#d3f9d8"):
        rgbc = tuple(int(hexc[i:i + 2], 16) for i in (1, 3, 5))
        assert rgbc in present, hexc


# --------------------------------------------------------------------------
# the command


def test_cli_index_links_every_page_and_marks_failures(tmp_path):
    bad = tmp_path / "in" / "broken.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"this is not a PDF")
    out = tmp_path / "review"
    cmd = kehoach_cmd() + [
        "review", str(SEED_001), str(SEED_002), str(bad), "--out", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 1, res.stderr
    errors = [l for l in res.stderr.splitlines() if l.startswith("error: ")]
    assert errors == [f"error: {bad}: content is not PDF despite the '.pdf' extension (corrupt or mislabelled file)"]
    assert "Traceback" not in res.stderr

    assert sorted(p.name for p in out.iterdir()) == sorted(["index.html", f"{SEED_001.name}.html", f"{SEED_002.name}.html"])
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    assert not index.errors
    assert [r["status"] for r in index.rows] == ["written", "written", "failed"]
    for row, seed in zip(index.rows[:2], (SEED_001, SEED_002)):
        assert len(row["links"]) == 1
        target = (out / unquote(row["links"][0])).resolve()
        assert target == (out / f"{seed.name}.html").resolve() and target.is_file()
        page = parse(target.read_text(encoding="utf-8"))
        assert "index.html" in page.links  # and back
        assert (target.parent / "index.html").is_file()
    row_text = "".join(index.rows[0]["text"])
    assert "Ủy ban nhân dân thành phố Hải Phòng" in row_text
    failed = "".join(index.rows[2]["text"])
    assert "broken.pdf" in failed and "not PDF" in failed and not index.rows[2]["links"]


def test_write_reviews_api_subfolders(tmp_path):
    src = tmp_path / "plans" / "sub"
    src.mkdir(parents=True)
    shutil.copy(SEED_001, src / "plan one.txt")
    (tmp_path / "plans" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    summary = write_reviews([str(tmp_path / "plans")], out)
    assert summary.exit_code == 1
    assert [(i.rel, i.status) for i in summary.items] == [("empty.txt", "failed"), ("sub/plan one.txt", "written")]
    page = out / "sub" / "plan one.txt.html"
    assert summary.items[1].page == page and page.is_file()
    assert summary.items[1].counts["tasks"] == len(extract_document(ingest(SEED_001)).tasks)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="sub/plan%20one.txt.html"' in index
    assert 'href="../index.html"' in page.read_text(encoding="utf-8")


def test_click_on_a_row_scrolls_to_its_mark_and_flashes_it(pages, tmp_path):
    """The page's own script, driven in Chromium: a click on the last task's
    id scrolls the text to its mark and flashes it; a click on a legal mark
    in the text flashes its row on the right."""
    _, rec, html_text, _ = pages[SEED_002.name]
    probe = """<script>
window.addEventListener('load', function () {
  var links = document.querySelectorAll('#tasks a.go[data-target]');
  var a = links[links.length - 1];
  a.click();
  var m = document.getElementById(a.getAttribute('data-target'));
  var r = {task: m.getAttribute('data-id'), flash: m.classList.contains('flash'), text: document.getElementById('text').scrollTop};
  var mk = document.querySelector('#text mark.kh-legal[data-row]');
  mk.click();
  r.row = mk.getAttribute('data-row');
  r.rowflash = document.getElementById(r.row).classList.contains('flash');
  r.record = document.getElementById('record').scrollTop;
  document.body.setAttribute('data-probe', JSON.stringify(r));
});
</script></body>"""
    page = tmp_path / "probe.html"
    page.write_text(html_text.replace("</body>", probe), encoding="utf-8")
    res = run_chromium("--window-size=1400,1000", "--virtual-time-budget=3000", "--dump-dom", page.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    m = re.search(r'data-probe="([^"]*)"', res.stdout)
    assert m, "the probe did not run"
    r = json.loads(_html.unescape(m.group(1)))
    last_task = [t for t in rec.tasks if t.span][-1]
    assert r["task"] == last_task.id and r["flash"] is True and r["text"] > 1000
    assert r["row"] == "r-legal-1" and r["rowflash"] is True
