"""Web pages saved from a legal portal or a government site (`.html`, `.htm`).

A saved page holds the portal's menus, tabs, attribute panel, "văn bản liên
quan" lists, scripts and the document itself in one content block. The page
is parsed with lxml.html (never with regular expressions over markup), the
parts that are never content are dropped (scripts, styles, forms, nav,
aside, iframes), and the document's own block is found:

- the smallest element that holds the national motto or a type heading
  ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH") and the end of a
  document ("Nơi nhận", a signature mark, "./."); several documents of one
  page (a decision and its attached plan) are inside it, in order;
- without those, the element whose own paragraphs hold the most text
  (readability-style scoring).

Inside it, block elements become paragraphs, `<br>` breaks lines, tables
become the same table blocks the other backends produce (so task tables and
two-column headers work unchanged), and footnote bodies at the end of the
page ("[1] Quyết định số …") stay paragraphs that normalization moves out.
The charset is the page's `<meta charset>` when it names one, else UTF-8,
else Windows-1258.
"""

from __future__ import annotations

import unicodedata

import regex as re
from pathlib import Path

from ..document import Block, RawDocument
from ..errors import IngestError
from .base import Limits, source_info

# elements that are never the document's text
_DROP = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button",
         "select", "input", "textarea", "object", "embed", "canvas", "head")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section", "article",
          "center", "pre", "dd", "dt", "dl", "main", "header", "footer", "figure", "figcaption", "address", "hr",
          "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "body", "html"}
_START = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|"
                    r"(?m:^\s*(?:KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|CHƯƠNG\s+TRÌNH|NGHỊ\s+QUYẾT|CHỈ\s+THỊ)\s*$)")
_END = re.compile(r"N[ơo]i\s+nh[ậa]n\s*:|(?<!\w)(?:TM|KT|TL|TUQ)\.\s*\p{Lu}|\./\.")
_WS = re.compile(r"[ \t\r\n\u00a0\u200b]+")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)


def decode_html(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes to text by the page's declared charset, else UTF-8, else
    Windows-1258 (both exist on Vietnamese sites)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    m = _META_CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        enc = {"windows-1258": "cp1258", "utf8": "utf-8"}.get(enc, enc)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def _text(el) -> str:
    return _WS.sub(" ", el.text_content() or "").strip()


def _content_root(body):
    """The document's own block (see the module's docstring)."""
    best = None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCK:
            continue
        t = el.text_content() or ""
        if _START.search(t) and _END.search(t):
            if best is None or len(t) < len(best.text_content() or ""):
                best = el
    if best is not None:
        return best
    # readability-style: the element whose own paragraphs hold the most text
    scores: dict = {}
    for p in body.iter("p", "div", "td", "li"):
        t = _text(p)
        if len(t) < 25:
            continue
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(t)
    return max(scores, key=scores.get) if scores else body


def _cell(el) -> str:
    """A cell's text, its lines (paragraphs, `<br>`) joined by new lines, as
    the DOCX backend gives a cell's paragraphs."""
    lines: list[str] = []
    _lines(el, lines)
    return "\n".join(l for l in lines if l)


def _lines(el, out: list[str], buf: list[str] | None = None) -> None:
    """Paragraph lines of `el` in reading order (tables are left to `_blocks`)."""
    own = buf is None
    if own:
        buf = []

    def flush():
        line = _WS.sub(" ", "".join(buf)).strip()
        if line:
            out.append(line)
        buf.clear()

    if el.text:
        buf.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):  # comments, processing instructions
            if child.tail:
                buf.append(child.tail)
            continue
        tag = child.tag.lower()
        if tag == "br":
            flush()
        elif tag in _BLOCK:
            flush()
            _lines(child, out)
        else:
            _lines(child, out, buf)
        if child.tail:
            buf.append(child.tail)
    if own:
        flush()


def _blocks(el, out: list[Block]) -> None:
    """Blocks of the content root: tables as table blocks, the rest as lines."""
    pending: list = []  # inline content between block children

    def flush_pending():
        if not pending:
            return
        holder = _Holder(pending)
        lines: list[str] = []
        _lines(holder, lines)
        out.extend(Block("para", text=l) for l in lines)
        pending.clear()

    if el.text and el.text.strip():
        pending.append(el.text)
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "table":
            flush_pending()
            rows = []
            for tr in child.iter("tr"):
                if _nearest_table(tr) is not child:
                    continue  # a row of a nested table: part of its cell
                cells = [_cell(td) for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
                if any(cells):
                    rows.append(cells)
            if rows:
                out.append(Block("table", rows=rows))
        elif tag in _BLOCK and any(isinstance(d.tag, str) and d.tag.lower() == "table" for d in child.iter()):
            flush_pending()
            _blocks(child, out)
        elif tag in _BLOCK or tag == "br":
            flush_pending()
            if tag != "br":
                lines: list[str] = []
                _lines(child, lines)
                out.extend(Block("para", text=l) for l in lines)
        else:
            pending.append(child)
        if child.tail and child.tail.strip():
            pending.append(child.tail)
    flush_pending()


class _Holder:
    """Inline runs (strings and elements) between two blocks, read as one."""

    def __init__(self, items):
        self.text = ""
        self._items = items

    def __iter__(self):
        for it in self._items:
            yield _Str(it) if isinstance(it, str) else it


class _Str:
    tag = None

    def __init__(self, s):
        self.tail = s


def _nearest_table(el):
    p = el.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


class HtmlBackend:
    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    paginated = False

    def sniff(self, head: bytes) -> bool:
        from .sniff import detect

        return detect(head) == "html"

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        import lxml.html

        text, enc = decode_html(path, data)
        text = unicodedata.normalize("NFC", text)  # Windows-1258 pages write tone marks apart
        try:
            tree = lxml.html.document_fromstring(text)
        except Exception as e:  # lxml's parser errors on a broken page
            raise IngestError(path, f"cannot parse the HTML page ({str(e)[:120] or type(e).__name__})") from None
        for bad in list(tree.iter(*_DROP)):
            if bad.getparent() is not None:
                bad.drop_tree()  # the text after it (its tail) stays
        body = tree.find("body")
        if body is None:
            body = tree
        root = _content_root(body)
        blocks: list[Block] = []
        _blocks(root, blocks)
        if not any(b.text.strip() or b.rows for b in blocks):
            raise IngestError(path, "no text found in the HTML page")
        return RawDocument(blocks, source_info(path, data, "html", encoding=enc))
