"""Word documents (`.docx`): body paragraphs and tables in reading order.

The archive is checked before any XML is parsed (corrupt or truncated zip,
missing `word/document.xml`, encrypted members, zip bombs: total size,
compression ratio, member count), then only the parts needed are read with a
non-resolving XML parser: the main document, its styles, numbering and
footnotes (page headers and footers, images, comments are never opened).

What comes out, as `Block`s in document order:

- one "para" block per body paragraph: the runs' displayed text (tabs as
  spaces, line breaks as "\\n", symbols, hyperlinks, fields' results, inserted
  text; not deleted text, field instructions, hidden runs), prefixed with the
  label Word's automatic numbering displays ("1.", "1.2.", "a)", "-", "+");
- one "table" block per table, a cell's paragraphs joined with "\\n", covered
  cells of merges as "", nested tables flattened into their cell;
- one "footnote" block per footnote, right after the block that references
  it; the reference itself becomes a superscript number (¹²³) in the text,
  numbered in order of appearance as Word displays them;
- text-box paragraphs as "para" blocks after the paragraph anchoring them.

Pages: when the document records page breaks (Word's
`w:lastRenderedPageBreak`, else explicit `w:br w:type="page"`,
`w:pageBreakBefore`, section breaks), blocks carry 1-based page numbers and
`SourceInfo.pages` the count; otherwise both are None.

Bullet glyphs and symbol-font characters: `rules/docx.toml`.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..document import Block, RawDocument
from ..errors import IngestError
from ..rules import load_toml
from . import legacy
from .base import Limits, source_info

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ON = {None, "1", "true", "on"}

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
)


@functools.lru_cache(maxsize=1)
def _cfg() -> dict:
    return load_toml("docx.toml")


# --------------------------------------------------------------------------
# the archive


def _ole_reason(data: bytes) -> str:
    """What an OLE compound file with a .docx name most likely is."""
    head = data[: 1 << 20]
    if "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head:
        return "encrypted Word document (password protected); save it without a password"
    if "WordDocument".encode("utf-16-le") in head:
        return "a Word 97-2003 document (.doc) with a .docx extension; rename it to .doc"
    return "OLE container, not a zip: an encrypted Word document (password protected) or a legacy Office file"


def open_zip(path: Path, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the archive after the checks of `Limits` and `rules/docx.toml` [zip]."""
    cfg = _cfg()["zip"]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
        raise IngestError(path, f"corrupt DOCX (truncated or damaged zip archive: {_one_line(e)})") from None
    max_members = getattr(limits, "max_zip_members", None) or int(cfg["max_members"])
    if len(infos) > max_members:
        raise IngestError(path, f"suspected zip bomb ({len(infos)} archive members > {max_members})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise IngestError(
            path,
            f"suspected zip bomb (uncompressed size {total / 1e6:.3g} MB > {limits.max_unzipped_bytes / 1e6:.3g} MB)",
        )
    floor = int(cfg.get("ratio_min_bytes", 0))
    for i in infos:
        if i.file_size >= floor and i.file_size / max(i.compress_size, 1) > limits.max_zip_ratio:
            ratio = i.file_size / max(i.compress_size, 1)
            raise IngestError(
                path,
                f"suspected zip bomb (member {i.filename} expands {ratio:.0f}x > {limits.max_zip_ratio:g}x)",
            )
    names = {i.filename.lower(): i.filename for i in infos}
    if "word/document.xml" not in names:
        raise IngestError(path, "not a Word document (zip without word/document.xml)")
    if any(i.flag_bits & 0x1 for i in infos):
        raise IngestError(path, "encrypted zip archive (password protected)")
    return zf


def _one_line(e: BaseException) -> str:
    s = str(e).strip().splitlines()
    return (s[0] if s else type(e).__name__)[:160]


class _Package:
    """The parts of the archive, by name (case-insensitive, as OPC wants)."""

    def __init__(self, path: Path, zf: zipfile.ZipFile):
        self.path = path
        self.zf = zf
        self.names = {n.lower(): n for n in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def xml(self, name: str):
        try:
            blob = self.zf.read(self.names[name.lower()])
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
            raise IngestError(self.path, f"corrupt DOCX ({name}: {_one_line(e)})") from None
        try:
            return etree.fromstring(blob, _PARSER)
        except etree.XMLSyntaxError as e:
            raise IngestError(self.path, f"corrupt DOCX ({name}: XML error: {_one_line(e)})") from None

    def main_part(self) -> str:
        """The officeDocument part named by /_rels/.rels, else word/document.xml."""
        if self.has("_rels/.rels"):
            try:
                for rel in self.xml("_rels/.rels"):
                    if (rel.get("Type") or "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                        name = rel.get("Target", "").lstrip("/")
                        if self.has(name):
                            return name
            except IngestError:
                pass
        return "word/document.xml"

    def related(self, part: str) -> dict[str, str]:
        """Relationship type suffix ("styles", "numbering"...) -> part name."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, str] = {}
        if not self.has(rels):
            return out
        for rel in self.xml(rels):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if self.has(name):
                out.setdefault(kind, name)
        return out


# --------------------------------------------------------------------------
# styles and numbering


@dataclass
class _Style:
    kind: str
    name: str
    based_on: str | None
    num_id: str | None = None
    ilvl: int | None = None
    page_break_before: bool | None = None
    superscript: bool | None = None
    vanish: bool | None = None
    outline: int | None = None


class _Styles:
    def __init__(self, root, w: str):
        self.w = w
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        if root is None:
            return
        q = lambda t: f"{{{w}}}{t}"  # noqa: E731
        for s in root.iter(q("style")):
            sid = s.get(q("styleId"))
            if not sid:
                continue
            name_el = s.find(q("name"))
            based = s.find(q("basedOn"))
            st = _Style(
                kind=s.get(q("type")) or "paragraph",
                name=(name_el.get(q("val")) if name_el is not None else sid) or sid,
                based_on=based.get(q("val")) if based is not None else None,
            )
            ppr = s.find(q("pPr"))
            if ppr is not None:
                num = ppr.find(q("numPr"))
                if num is not None:
                    nid, lvl = num.find(q("numId")), num.find(q("ilvl"))
                    st.num_id = nid.get(q("val")) if nid is not None else None
                    st.ilvl = _int(lvl.get(q("val"))) if lvl is not None else None
                pbb = ppr.find(q("pageBreakBefore"))
                if pbb is not None:
                    st.page_break_before = pbb.get(q("val")) in _ON
                ol = ppr.find(q("outlineLvl"))
                if ol is not None:
                    st.outline = _int(ol.get(q("val")))
            rpr = s.find(q("rPr"))
            if rpr is not None:
                va = rpr.find(q("vertAlign"))
                if va is not None:
                    st.superscript = va.get(q("val")) == "superscript"
                vn = rpr.find(q("vanish"))
                if vn is not None:
                    st.vanish = vn.get(q("val")) in _ON
            self.styles[sid] = st
            if st.kind == "paragraph" and s.get(q("default")) in ("1", "true", "on"):
                self.default_para = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid].based_on

    def get(self, sid: str | None, attr: str):
        for st in self.chain(sid):
            v = getattr(st, attr)
            if v is not None:
                return v
        return None

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives, following basedOn."""
        for st in self.chain(sid):
            if st.num_id is not None:
                return st.num_id, st.ilvl
        return None, None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: None = after any shallower level
    legal: bool = False
    pstyle: str | None = None


@dataclass
class _Num:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Word's list numbering: definitions plus running counters."""

    def __init__(self, root, w: str, styles: _Styles):
        self.w = w
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId -> numbering style (numStyleLink)
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int | None]] = {}
        self.pending: dict[str, dict[int, int]] = {}
        self.used_nums: set[str] = set()
        if root is None:
            return
        q = lambda t: f"{{{w}}}{t}"  # noqa: E731
        for a in root.iter(q("abstractNum")):
            aid = a.get(q("abstractNumId"))
            if aid is None:
                continue
            self.abstracts[aid] = {lvl_i: lvl for lvl_i, lvl in (self._level(l) for l in a.findall(q("lvl")))}
            link = a.find(q("numStyleLink"))
            if link is not None and link.get(q("val")):
                self.style_links[aid] = link.get(q("val"))
        for n in root.iter(q("num")):
            nid = n.get(q("numId"))
            ref = n.find(q("abstractNumId"))
            if nid is None or ref is None or ref.get(q("val")) is None:
                continue
            num = _Num(ref.get(q("val")))
            for ov in n.findall(q("lvlOverride")):
                ilvl = _int(ov.get(q("ilvl"))) or 0
                so = ov.find(q("startOverride"))
                if so is not None and _int(so.get(q("val"))) is not None:
                    num.start_overrides[ilvl] = _int(so.get(q("val")))
                lv = ov.find(q("lvl"))
                if lv is not None:
                    num.level_overrides[ilvl] = self._level(lv)[1]
            self.nums[nid] = num

    def _level(self, el) -> tuple[int, _Level]:
        q = lambda t: f"{{{self.w}}}{t}"  # noqa: E731

        def val(tag):
            x = el.find(q(tag))
            return x.get(q("val")) if x is not None else None

        fmt = val("numFmt")
        if fmt is None:  # Word 2010+ wraps custom formats in mc:AlternateContent
            fb = el.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Fallback/{q('numFmt')}")
            fmt = fb.get(q("val")) if fb is not None else "decimal"
        legal = el.find(q("isLgl"))
        lvl = _Level(
            start=_int(val("start")) if _int(val("start")) is not None else 1,
            fmt=fmt or "decimal",
            text=val("lvlText"),
            restart=_int(val("lvlRestart")),
            legal=legal is not None and legal.get(q("val")) in _ON,
            pstyle=val("pStyle"),
        )
        return _int(el.get(q("ilvl"))) or 0, lvl

    def _abstract_id(self, num: _Num) -> str:
        aid = num.abstract
        seen = set()
        while aid in self.style_links and aid not in seen:
            seen.add(aid)
            nid, _ = self.styles.numbering(self.style_links[aid])
            if nid is None or nid not in self.nums:
                break
            aid = self.nums[nid].abstract
        return aid

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        num = self.nums.get(num_id)
        if num is None or not style_id:
            return None
        for i, lvl in self.abstracts.get(self._abstract_id(num), {}).items():
            if lvl.pstyle == style_id:
                return i
        return None

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for a paragraph of list `num_id` at `ilvl`; its label."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = self._abstract_id(num)
        levels = dict(self.abstracts.get(aid, {}))
        levels.update(num.level_overrides)
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(aid, {})
        pending = self.pending.setdefault(aid, {})
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for lvl_i, start in num.start_overrides.items():
                counters[lvl_i] = None
                pending[lvl_i] = start
        cur = counters.get(ilvl)
        if cur is None:
            cur = pending.pop(ilvl, levels[ilvl].start)
        else:
            cur += 1
        counters[ilvl] = cur
        for d, lvl in levels.items():
            if d > ilvl and (lvl.restart is None or (lvl.restart != 0 and ilvl < lvl.restart)):
                counters[d] = None
        return self._render(levels, counters, ilvl)

    def _render(self, levels: dict[int, _Level], counters: dict[int, int | None], ilvl: int) -> str:
        lvl = levels[ilvl]
        if lvl.fmt == "bullet":
            return _bullet(lvl.text)
        text = lvl.text or ""
        out = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                k = int(text[i + 1]) - 1
                ref = levels.get(k, _Level())
                value = counters.get(k)
                if value is None:
                    value = ref.start
                out.append(_format_number(value, "decimal" if lvl.legal and ref.fmt != "none" else ref.fmt))
                i += 2
            else:
                out.append(ch)
                i += 1
        return "".join(out).strip()


def _bullet(text: str | None) -> str:
    cfg = _cfg()["bullets"]
    t = (text or "").strip()
    if not t:
        return ""
    return cfg["map"].get(t, cfg["default"])


def _int(s: str | None) -> int | None:
    try:
        return int(s) if s is not None else None
    except ValueError:
        return None


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    # Word: a..z, then aa..zz, aaa..: the letter repeated
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and every format without a Latin rendering


# --------------------------------------------------------------------------
# the body


class _Para:
    """Text of one paragraph being read, split into chunks at explicit page breaks."""

    def __init__(self, reader: "_Reader"):
        self.r = reader
        self.chunks: list[list[str]] = [[]]
        self.pages: list[int | None] = [None]

    def add(self, s: str) -> None:
        if not s:
            return
        if s.strip():
            self.r.touch()
            if self.pages[-1] is None:
                self.pages[-1] = self.r.page
            for slot in self.r.marks:
                if slot[0] is None:
                    slot[0] = self.r.page
        self.chunks[-1].append(s)

    def split(self) -> None:
        if "".join(self.chunks[-1]).strip():
            self.chunks.append([])
            self.pages.append(None)

    def texts(self) -> list[tuple[str, int | None]]:
        return [("".join(c), p) for c, p in zip(self.chunks, self.pages)]


class _TooWide(Exception):
    """A table row asks for more grid columns than rules/docx.toml allows."""

    def __init__(self, n: int, limit: int):
        super().__init__(f"a table row spans {n:,} grid columns (more than {limit:,}): a damaged or hostile file")


class _Reader:
    def __init__(self, w: str, styles: _Styles, numbering: _Numbering, footnotes: dict[str, object]):
        self.w = w
        self.max_grid = int(_cfg().get("tables", {}).get("max_grid_columns", 1000))
        self.styles = styles
        self.numbering = numbering
        self.footnote_els = footnotes
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.page = 1
        self.pending_pages = 0
        self.paged = False
        self.rendered = False  # page breaks as Word last rendered them
        self.fields: list[str] = []  # complex-field states: "instr" | "result" | "hidden"
        self.marks: list[list[int | None]] = []  # first-text pages of the tables being read
        self.footnote_markers: dict[str, str] = {}
        self.next_footnote = 1
        self.refs: list[tuple[str, str, int]] = []  # (footnote id, marker, page) since the last block
        self.extra: list[Block] = []  # text-box paragraphs waiting for the end of the block
        self.custom_mark: str | None = None  # footnote id whose mark is the next run's text
        self.endnotes = 0
        self.in_note = False

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"

    def in_field_code(self) -> bool:
        return bool(self.fields) and self.fields[-1] in ("instr", "hidden")

    # pages ---------------------------------------------------------------
    def page_break(self, rendered: bool) -> None:
        """A page break of the kind `rendered` (Word's last rendering) or explicit."""
        self.paged = True
        if rendered == self.rendered:
            self.pending_pages += 1

    def touch(self) -> None:
        if self.pending_pages and not self.in_note:
            self.page += self.pending_pages
            self.pending_pages = 0

    # blocks --------------------------------------------------------------
    def body(self, body) -> None:
        self.rendered = next(body.iter(self.q("lastRenderedPageBreak")), None) is not None
        self.block_children(body, top=True)

    def block_children(self, el, top: bool, sink: list[str] | None = None) -> None:
        """Paragraphs and tables under `el`; at top level they become blocks,
        inside a table cell their text lines go to `sink`."""
        for child in el:
            tag = child.tag
            if tag == self.q("p"):
                if top:
                    self.paragraph_blocks(child)
                else:
                    sink.extend(t for t, _ in self.paragraph(child))
            elif tag == self.q("tbl"):
                if top:
                    self.marks.append([None])
                    rows = self.table(child)
                    page = self.marks.pop()[0]
                    self.blocks.append(Block("table", rows=rows, page=page or self.page))
                    self.flush()
                else:
                    for row in self.table(child):
                        sink.extend(c for c in row if c)
            elif tag in (self.q("sdt"),):
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    self.block_children(content, top, sink)
            elif tag in (self.q("customXml"), self.q("ins"), self.q("moveTo")):
                self.block_children(child, top, sink)
            elif tag == f"{{{_MC}}}AlternateContent":
                choice = child.find(f"{{{_MC}}}Choice")
                if choice is None:
                    choice = child.find(f"{{{_MC}}}Fallback")
                if choice is not None:
                    self.block_children(choice, top, sink)
            # w:sectPr (last section), bookmarks, w:del, w:altChunk: no text

    def flush(self) -> None:
        """Footnotes referenced and text boxes anchored since the last block."""
        extra, self.extra = self.extra, []
        self.blocks.extend(extra)
        refs, self.refs = self.refs, []
        for fid, marker, page in refs:
            text = self.footnote_text(fid)
            if text is None:
                self.warnings.append(f"footnote {marker}: referenced but missing from footnotes.xml")
                continue
            self.blocks.append(Block("footnote", text=text, marker=marker, page=page))

    def paragraph_blocks(self, p) -> None:
        style = self._para_style(p)
        hint = None
        if self.numbering_of(p, style)[0]:
            hint = "list"
        name = self.styles.styles[style].name.lower() if style in self.styles.styles else ""
        outline = self.styles.get(style, "outline")
        ppr = p.find(self.q("pPr"))
        if ppr is not None and ppr.find(self.q("outlineLvl")) is not None:
            outline = _int(ppr.find(self.q("outlineLvl")).get(self.q("val")))
        if name.startswith("heading") or name == "title" or (outline is not None and outline < 9):
            hint = "heading"
        for text, page in self.paragraph(p):
            if text.strip():
                self.blocks.append(Block("para", text=text, page=page, style=hint))
        self.flush()

    def table(self, tbl) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in self._children(tbl, "tr"):
            cells: list[str] = []
            trpr = tr.find(self.q("trPr"))
            before = after = 0
            if trpr is not None:
                gb, ga = trpr.find(self.q("gridBefore")), trpr.find(self.q("gridAfter"))
                before = (_int(gb.get(self.q("val"))) or 0) if gb is not None else 0
                after = (_int(ga.get(self.q("val"))) or 0) if ga is not None else 0
            if before + after > self.max_grid:
                raise _TooWide(before + after, self.max_grid)
            cells.extend([""] * before)
            for tc in self._children(tr, "tc"):
                tcpr = tc.find(self.q("tcPr"))
                span, covered = 1, False
                if tcpr is not None:
                    gs = tcpr.find(self.q("gridSpan"))
                    if gs is not None:
                        span = max(_int(gs.get(self.q("val"))) or 1, 1)
                    vm = tcpr.find(self.q("vMerge"))
                    if vm is not None and (vm.get(self.q("val")) or "continue") == "continue":
                        covered = True
                lines: list[str] = []
                self.block_children(tc, top=False, sink=lines)
                cells.append("" if covered else "\n".join(l for l in lines if l.strip()))
                width = len(cells) + span - 1 + after  # this cell is in `cells` already
                if width > self.max_grid:
                    raise _TooWide(width, self.max_grid)
                cells.extend([""] * (span - 1))
            cells.extend([""] * after)
            rows.append(cells)
        return rows

    def _children(self, el, tag: str):
        """Children `tag` of `el`, looking through content controls and custom XML."""
        for child in el:
            if child.tag == self.q(tag):
                yield child
            elif child.tag == self.q("sdt"):
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag == self.q("customXml"):
                yield from self._children(child, tag)

    # paragraphs ----------------------------------------------------------
    def _para_style(self, p) -> str | None:
        ppr = p.find(self.q("pPr"))
        if ppr is not None:
            ps = ppr.find(self.q("pStyle"))
            if ps is not None and ps.get(self.q("val")):
                return ps.get(self.q("val"))
        return self.styles.default_para

    def numbering_of(self, p, style: str | None) -> tuple[str | None, int]:
        ppr = p.find(self.q("pPr"))
        num_id, ilvl = None, None
        if ppr is not None:
            num = ppr.find(self.q("numPr"))
            if num is not None:
                nid, lvl = num.find(self.q("numId")), num.find(self.q("ilvl"))
                if nid is not None:
                    num_id = nid.get(self.q("val"))
                if lvl is not None:
                    ilvl = _int(lvl.get(self.q("val")))
        s_num, s_ilvl = self.styles.numbering(style)
        if num_id is None:
            num_id = s_num
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0":
            return None, 0
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style)
        return num_id, ilvl or 0

    def paragraph(self, p) -> list[tuple[str, int | None]]:
        """The paragraph's text chunks (split at explicit page breaks) with their pages."""
        q = self.q
        ppr = p.find(q("pPr"))
        style = self._para_style(p)
        out = _Para(self)
        pbb = None
        if ppr is not None:
            el = ppr.find(q("pageBreakBefore"))
            if el is not None:
                pbb = el.get(q("val")) in _ON
        if pbb is None:
            pbb = bool(self.styles.get(style, "page_break_before"))
        if pbb and not self.in_note and self.blocks:
            self.page_break(rendered=False)
        num_id, ilvl = self.numbering_of(p, style)
        if num_id is not None and not self.in_note:
            label = self.numbering.label(num_id, ilvl)
            if label:
                out.add(label + " ")
        self.inline(p, out)
        # a field's code never spans paragraphs: an unbalanced one ends here
        while self.fields and self.fields[-1] in ("instr", "hidden"):
            self.fields.pop()
        if ppr is not None and not self.in_note:
            sect = ppr.find(q("sectPr"))
            if sect is not None:
                t = sect.find(q("type"))
                kind = t.get(q("val")) if t is not None else "nextPage"
                if kind in ("nextPage", "evenPage", "oddPage"):
                    self.page_break(rendered=False)
        texts = out.texts()
        return [(t, pg if pg is not None else self.page) for t, pg in texts]

    def inline(self, el, out: _Para) -> None:
        q = self.q
        for child in el:
            tag = child.tag
            if tag == q("r"):
                self.run(child, out)
            elif tag in (q("hyperlink"), q("smartTag"), q("customXml"), q("ins"), q("moveTo"), q("fldSimple"),
                         q("dir"), q("bdo")):
                self.inline(child, out)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self.inline(content, out)
            elif tag == f"{{{_MC}}}AlternateContent":
                choice = child.find(f"{{{_MC}}}Choice")
                if choice is None:
                    choice = child.find(f"{{{_MC}}}Fallback")
                if choice is not None:
                    self.inline(choice, out)
            elif tag in (f"{{{_MATH}}}oMath", f"{{{_MATH}}}oMathPara"):
                if not self.in_field_code():
                    out.add("".join(t.text or "" for t in child.iter(f"{{{_MATH}}}t")))
            # w:del, w:moveFrom (deleted text), w:pPr, bookmarks, proofErr: nothing

    def run(self, r, out: _Para) -> None:
        q = self.q
        rpr = r.find(q("rPr"))
        hidden = superscript = False
        font = None
        if rpr is not None:
            vn = rpr.find(q("vanish"))
            rs = rpr.find(q("rStyle"))
            char_style = rs.get(q("val")) if rs is not None else None
            hidden = (vn.get(q("val")) in _ON) if vn is not None else bool(self.styles.get(char_style, "vanish"))
            va = rpr.find(q("vertAlign"))
            superscript = (va.get(q("val")) == "superscript") if va is not None else bool(
                self.styles.get(char_style, "superscript"))
            rf = rpr.find(q("rFonts"))
            if rf is not None:
                font = rf.get(q("ascii")) or rf.get(q("hAnsi"))
        pieces: list[str] = []

        def emit(s: str):
            if s:
                pieces.append(s)

        def flush_pieces():
            if not pieces:
                return
            s = "".join(pieces)
            pieces.clear()
            if self.custom_mark is not None:
                fid, self.custom_mark = self.custom_mark, None
                mark = s.strip()
                self.footnote_markers[fid] = mark
                self.refs.append((fid, mark, self.page))
            if superscript and s.strip().isdigit():
                s = s.translate(_SUPERSCRIPT)
            if not hidden:
                out.add(s)

        for child in r:
            tag = child.tag
            if tag == q("fldChar"):
                kind = child.get(q("fldCharType"))
                flush_pieces()
                if kind == "begin":
                    # a field inside another's code shows nothing at all
                    self.fields.append("hidden" if self.in_field_code() else "instr")
                elif kind == "separate" and self.fields and self.fields[-1] == "instr":
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if self.in_field_code():
                continue  # a field's code (w:instrText and anything with it)
            if tag == q("t"):
                emit(_symbol_text(child.text or "", font))
            elif tag in (q("tab"), q("ptab")):
                emit(" ")
            elif tag == q("br"):
                kind = child.get(q("type"))
                if kind == "page":
                    flush_pieces()
                    if not self.in_note:
                        self.page_break(rendered=False)
                        out.split()
                    else:
                        emit(" ")
                else:
                    emit("\n")
            elif tag == q("cr"):
                emit("\n")
            elif tag == q("lastRenderedPageBreak"):
                flush_pieces()
                if not self.in_note:
                    self.page_break(rendered=True)
            elif tag == q("sym"):
                emit(_sym(child.get(q("font")), child.get(q("char"))))
            elif tag == q("noBreakHyphen"):
                emit("-")
            elif tag == q("footnoteReference"):
                flush_pieces()
                if self.in_note:
                    continue
                fid = child.get(q("id"))
                if child.get(q("customMarkFollows")) in ("1", "true", "on"):
                    self.custom_mark = fid
                    continue
                marker = self.footnote_markers.get(fid)
                if marker is None:
                    marker = str(self.next_footnote)
                    self.next_footnote += 1
                    self.footnote_markers[fid] = marker
                    self.refs.append((fid, marker, self.page))
                if not hidden:
                    out.add(marker.translate(_SUPERSCRIPT))
            elif tag == q("endnoteReference"):
                self.endnotes += 1
            elif tag in (q("drawing"), q("pict"), f"{{{_MC}}}AlternateContent"):
                self.text_boxes(child)
            elif tag == q("softHyphen"):
                # U+00AD: byte AD, "ư" in TCVN3 (.VnTime) documents converted by
                # LibreOffice; normalization drops it from Unicode text
                emit("\u00ad")
            # w:delText, w:instrText, w:footnoteRef, w:rPr: nothing
        flush_pieces()

    def text_boxes(self, el) -> None:
        q = self.q
        if el.tag == f"{{{_MC}}}AlternateContent":
            choice = el.find(f"{{{_MC}}}Choice")
            if choice is None:
                choice = el.find(f"{{{_MC}}}Fallback")
            if choice is None:
                return
            el = choice
        for box in el.iter(q("txbxContent")):
            anc = box.getparent()
            nested = False
            while anc is not None and anc is not el:
                if anc.tag == q("txbxContent"):
                    nested = True
                    break
                anc = anc.getparent()
            if nested:
                continue
            lines: list[str] = []
            self.block_children(box, top=False, sink=lines)
            for line in lines:
                if line.strip():
                    self.extra.append(Block("para", text=line, page=self.page, style="textbox"))

    # footnotes -----------------------------------------------------------
    def footnote_text(self, fid: str) -> str | None:
        el = self.footnote_els.get(fid)
        if el is None:
            return None
        saved = (self.fields, self.refs, self.extra, self.custom_mark, self.marks)
        self.fields, self.refs, self.extra, self.custom_mark, self.marks = [], [], [], None, []
        self.in_note = True
        try:
            lines: list[str] = []
            self.block_children(el, top=False, sink=lines)
        finally:
            self.in_note = False
            self.fields, self.refs, self.extra, self.custom_mark, self.marks = saved
        return "\n".join(l.strip() for l in lines if l.strip())


@functools.lru_cache(maxsize=None)
def _symbol_table(font: str) -> dict[int, str]:
    tables = _cfg().get("symbols", {})
    for name, table in tables.items():
        if name.lower() == font.lower():
            return {int(k, 16): v for k, v in table.items()}
    return {}


@functools.lru_cache(maxsize=1)
def _all_symbols() -> dict[int, str]:
    out: dict[int, str] = {}
    for table in _cfg().get("symbols", {}).values():
        for k, v in table.items():
            out.setdefault(int(k, 16), v)
    return out


def _sym(font: str | None, char: str | None) -> str:
    """The text of a w:sym element (a character of a symbol font)."""
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    if code < 0x100:
        code += 0xF000  # w:char may omit the private-use offset of symbol fonts
    if not 0xF000 <= code <= 0xF0FF:
        return chr(code) if code < 0x110000 else ""
    table = _symbol_table(font) if font else {}
    if code in table:
        return table[code]
    if code in _all_symbols():
        return _all_symbols()[code]
    plain = code - 0xF000
    if 0x20 <= plain < 0x7F and (font or "").lower() not in _SYMBOL_FONTS:
        return chr(plain)
    return ""


_SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"}


def _symbol_text(text: str, font: str | None) -> str:
    """Private-use characters (symbol fonts) in run text, through `rules/docx.toml`."""
    if not any(0xF000 <= ord(c) <= 0xF0FF for c in text):
        return text
    table = _symbol_table(font) if font else {}
    out = []
    for c in text:
        o = ord(c)
        if 0xF000 <= o <= 0xF0FF:
            out.append(table.get(o) or _all_symbols().get(o, ""))
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------
# the backend


class DocxBackend:
    name = "docx"
    extensions = (".docx",)
    paginated = False

    def sniff(self, head: bytes) -> bool:
        # an encrypted DOCX is an OLE compound file: accepted here so that
        # read() can say what it is
        return head.startswith((ZIP_MAGIC, OLE_MAGIC))

    def read(self, path: Path, data: bytes, limits: Limits | None = None) -> RawDocument:
        limits = limits or Limits()
        if data.startswith(OLE_MAGIC):
            raise IngestError(path, _ole_reason(data))
        zf = open_zip(path, data, limits)
        pkg = _Package(path, zf)
        main = pkg.main_part()
        root = pkg.xml(main)
        w = etree.QName(root).namespace or _W_TRANSITIONAL
        if w not in (_W_TRANSITIONAL, _W_STRICT):
            raise IngestError(path, f"not a Word document (main part {main} is <{etree.QName(root).localname}>)")
        body = root.find(f"{{{w}}}body")
        if body is None:
            raise IngestError(path, f"corrupt DOCX ({main} has no body)")
        rels = pkg.related(main)
        styles = _Styles(pkg.xml(rels["styles"]) if "styles" in rels else None, w)
        numbering = _Numbering(pkg.xml(rels["numbering"]) if "numbering" in rels else None, w, styles)
        notes: dict[str, object] = {}
        if "footnotes" in rels:
            for fn in pkg.xml(rels["footnotes"]).iter(f"{{{w}}}footnote"):
                if fn.get(f"{{{w}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                if fn.get(f"{{{w}}}id") is not None:
                    notes[fn.get(f"{{{w}}}id")] = fn
        reader = _Reader(w, styles, numbering, notes)
        try:
            reader.body(body)
        except _TooWide as e:
            raise IngestError(path, str(e)) from None
        reader.flush()
        blocks = reader.blocks
        pages = None
        if reader.paged:
            pages = max([b.page for b in blocks if b.page] + [reader.page])
        else:
            for b in blocks:
                b.page = None
        warnings = list(reader.warnings)
        texts = [b.text or "" for b in blocks]
        cells = [c for b in blocks for r in (b.rows or []) for c in r]
        legacy_enc = legacy.detect("\n".join(texts + cells))
        if legacy_enc:
            conv = iter(legacy.convert_all(texts + cells, legacy_enc, path=path))
            for b in blocks:
                b.text = next(conv)
            for b in blocks:
                if b.rows:
                    b.rows = [[next(conv) for _ in r] for r in b.rows]
            warnings.append(f"source: converted from legacy encoding {legacy_enc}")
        if reader.endnotes:
            warnings.append(f"source: {reader.endnotes} endnote reference(s) ignored")
        return RawDocument(blocks, source_info(path, data, "docx", pages=pages), warnings)
