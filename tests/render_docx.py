"""Test fixtures: Word documents built from the seed plans, and by hand.

`render_seed_docx` lays a seed's plain text out the way an official Word
document is made: the header as a two-column table, one Word paragraph per
line, `**bold**` as bold runs, footnote texts as real Word footnotes
(footnotes.xml part, reference runs where the superscript mark stood), and
optionally the numeric and bullet labels as Word automatic numbering.

`write_docx` writes a minimal package from raw WordprocessingML, for
hand-written fixtures (numbering, fields, page breaks...).
"""

from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

import docx
import regex as re
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extract.normalize import normalize_line, split_header_columns

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# the document-type heading that ends the header
DOC_TYPES = {
    "KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "CHỈ THỊ", "NGHỊ QUYẾT", "THÔNG BÁO",
    "BÁO CÁO", "HƯỚNG DẪN", "ĐỀ ÁN", "CÔNG VĂN", "QUY CHẾ", "QUY ĐỊNH",
}
_MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI|ĐẢNG CỘNG SẢN|Độc lập)", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\b", re.IGNORECASE)
_PLACE_DATE = re.compile(r",\s*ngày\b")
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_DIGIT = {c: str(i) for i, c in enumerate(_SUP)}
_FOOTNOTE_LINE = re.compile(rf"^([{_SUP}]+)\s*(\S.*)$")
_MARK = re.compile(rf"(?<=\S)([{_SUP}]+)(?=[\s.,;:)*]|$)")
_LEVEL0 = re.compile(r"^(\*\*)?(\d+)\.\s+")
_LEVEL1 = re.compile(r"^(\*\*)?(\d+)\.(\d+)\.\s+")
_BULLET = re.compile(r"^(\*\*)?([-+])\s+")

# numbering definitions of rendered seeds: decimal "%1." / "%1.%2." and bullets
_DECIMAL_ABSTRACT = 10
_BULLET_ABSTRACT = 11
_BULLET_NUM = 1


def split_seed(seed_text: str) -> tuple[list[str], list[str]]:
    """(header lines, body lines): header = normalized lines before the
    document-type heading, split into columns; body = the raw lines from it."""
    raw = seed_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    norm = [normalize_line(l) for l in raw]
    for i, line in enumerate(norm):
        if line in DOC_TYPES:
            header = split_header_columns([l for l in norm[:i] if l])
            return header, raw[i:]
    return [], raw


def header_cells(header: list[str]) -> list[list[list[str]]]:
    """Header lines placed in the official 2x2 layout (cells as lists of lines)."""
    issuer, motto, number, place = [], [], [], []
    seen_motto = False
    for line in header:
        if _MOTTO.match(line):
            motto.append(line)
            seen_motto = True
        elif _NUMBER.match(line):
            number.append(line)
        elif _PLACE_DATE.search(line):
            place.append(line)
        elif seen_motto:
            motto.append(line)
        else:
            issuer.append(line)
    return [[issuer, motto], [number, place]]


def _runs_xml(segments: list[tuple[str, bool]], footnote_ids: dict[str, int]) -> str:
    """WordprocessingML runs for (text, bold) segments; superscript marks of
    known footnotes become w:footnoteReference runs."""
    out = []
    for text, bold in segments:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        pos = 0
        for m in _MARK.finditer(text):
            mark = "".join(_SUP_DIGIT[c] for c in m.group(1))
            if mark not in footnote_ids:
                continue
            if m.start() > pos:
                out.append(_run(text[pos:m.start()], rpr))
            out.append(
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{footnote_ids[mark]}"/></w:r>'
            )
            pos = m.end()
        if pos < len(text):
            out.append(_run(text[pos:], rpr))
    return "".join(out)


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _bold_segments(line: str, bold: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Split a line on `**` markers; returns the segments and the bold state after it."""
    segments = []
    for i, piece in enumerate(line.split("**")):
        if i:
            bold = not bold
        if piece:
            segments.append((piece, bold))
    return segments, bold


_STYLES_XML = (
    '<w:style {ns} w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    '<w:style {ns} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>',
)


def footnotes_xml(notes: list[tuple[int, str]]) -> str:
    """A footnotes part as Word writes it: separators -1 and 0, then the notes."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for fid, text in notes:
        parts.append(
            f'<w:footnote w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'{_run(" " + text)}</w:p></w:footnote>'
        )
    parts.append("</w:footnotes>")
    return "".join(parts)


def _numbering_children(restarts: list[tuple[int, int]]) -> list[str]:
    """abstractNums (decimal two-level, bullets) and nums: the bullet list and
    one decimal list per (numId, start of level 0)."""
    lvl = (
        '<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{ind}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
    )
    decimal = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_DECIMAL_ABSTRACT}">'
        '<w:multiLevelType w:val="multilevel"/>'
        + lvl.format(i=0, fmt="decimal", text="%1.", ind=360, rpr="")
        + lvl.format(i=1, fmt="decimal", text="%1.%2.", ind=720, rpr="")
        + "</w:abstractNum>"
    )
    bullets = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_BULLET_ABSTRACT}">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        + lvl.format(i=0, fmt="bullet", text="\uf0b7", ind=360,
                     rpr='<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>')
        + lvl.format(i=1, fmt="bullet", text="+", ind=720, rpr="")
        + "</w:abstractNum>"
    )
    nums = [f'<w:num {nsdecls("w")} w:numId="{_BULLET_NUM}"><w:abstractNumId w:val="{_BULLET_ABSTRACT}"/></w:num>']
    for num_id, start in restarts:
        nums.append(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{_DECIMAL_ABSTRACT}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
    return [decimal, bullets] + nums


class _Numberer:
    """Chooses, line by line, the Word list that displays a seed's typed label.

    Simulates Word's counters: a "N." line continues the current decimal list
    when N follows, else starts a new w:num with startOverride N; a "N.M."
    line is numbered only when the current list displays exactly that; "-"
    and "+" lines are bullets (levels 0 and 1). Anything else stays typed.
    """

    def __init__(self):
        self.num: int | None = None
        self.c0: int | None = None
        self.c1: int | None = None
        self.restarts: list[tuple[int, int]] = []
        self.next_id = 2

    def take(self, line: str) -> tuple[str, tuple[int, int] | None]:
        m = _LEVEL1.match(line)
        if m:
            n, k = int(m.group(2)), int(m.group(3))
            if self.num is not None and self.c0 == n and (self.c1 or 0) + 1 == k:
                self.c1 = k
                return (m.group(1) or "") + line[m.end():], (self.num, 1)
            return line, None
        m = _LEVEL0.match(line)
        if m:
            n = int(m.group(2))
            if self.num is None or self.c0 is None or n != self.c0 + 1:
                self.num = self.next_id
                self.next_id += 1
                self.restarts.append((self.num, n))
            self.c0, self.c1 = n, None
            return (m.group(1) or "") + line[m.end():], (self.num, 0)
        m = _BULLET.match(line)
        if m:
            return (m.group(1) or "") + line[m.end():], (_BULLET_NUM, 0 if m.group(2) == "-" else 1)
        return line, None


def render_seed_docx(seed_text: str, path, *, numbering: bool = False, header_table: bool | None = True) -> None:
    """Write `seed_text` (a seed plan's plain text) as a Word document at `path`.

    Header: the lines before the document-type heading, as a 2x2 table
    (issuer | motto, number | place and date), one paragraph per line.
    `header_table`: True (default) = a table whenever there are header lines,
    None = only when the header has the national motto, False = never;
    without a table the header lines are plain paragraphs.
    Body: one paragraph per non-empty line; `**bold**` as bold runs; lines
    opening with superscript digits as Word footnotes referenced where the
    mark stands. `numbering=True`: "N.", "N.M.", "-", "+" labels become Word
    automatic numbering (see `_Numberer`).
    """
    header, body = split_seed(seed_text)
    d = docx.Document()
    body_el = d.element.body
    sect = body_el[-1] if body_el[-1].tag == qn("w:sectPr") else None

    def append(xml: str):
        el = parse_xml(xml)
        if sect is not None:
            sect.addprevious(el)
        else:
            body_el.append(el)

    def para(inner: str, ppr: str = "") -> str:
        return f"<w:p {nsdecls('w')}>{ppr}{inner}</w:p>"

    # header (a portal's header table in pipes gives its cells as lines)
    header = _header_lines(header)
    has_motto = any(_MOTTO.match(l) for l in header)
    if header and (header_table or (header_table is None and has_motto)):
        rows = header_cells(header)
        grid = '<w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="5500"/></w:tblGrid>'
        trs = []
        for row in rows:
            tcs = []
            for lines, width in zip(row, (4500, 5500)):
                ps = "".join(
                    f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_run(l)}</w:p>' for l in lines
                ) or "<w:p/>"
                tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{ps}</w:tc>')
            trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
        append(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="10000" w:type="dxa"/>'
            f'<w:tblLook w:val="04A0"/></w:tblPr>{grid}{"".join(trs)}</w:tbl>'
        )
    else:
        for line in header:
            append(para(_run(line)))

    # footnote texts leave the body; their marks become references
    notes: dict[str, str] = {}
    kept: list[str] = []
    for line in body:
        m = _FOOTNOTE_LINE.match(normalize_line(line))
        if m:
            notes["".join(_SUP_DIGIT[c] for c in m.group(1))] = m.group(2)
        else:
            kept.append(line)
    marked = {
        "".join(_SUP_DIGIT[c] for c in m.group(1))
        for line in kept for m in _MARK.finditer(line)
    }
    order = [k for k in notes if k in marked]
    footnote_ids = {k: 100 + i for i, k in enumerate(order)}  # ids are not the displayed numbers
    for k in notes:
        if k not in footnote_ids:  # a footnote text without a mark stays typed
            kept.append(f"{''.join(_SUP[int(c)] for c in k)} {notes[k]}")

    numberer = _Numberer()
    bold = False
    table: list[list[str]] = []
    for line in kept + [""]:
        line = line.strip()
        if _PIPE_ROW.match(line):
            if not _PIPE_SEP.match(line):
                table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if table:
            append(_table_xml(table, footnote_ids))
            table = []
        if not line:
            continue
        line = _MD_HEADING.sub("", line)
        ppr = ""
        if numbering:
            line, num = numberer.take(line)
            if num is not None:
                ppr = (
                    f'<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{num[1]}"/>'
                    f'<w:numId w:val="{num[0]}"/></w:numPr></w:pPr>'
                )
        segments, bold = _bold_segments(line, bold)
        append(para(_runs_xml(segments, footnote_ids), ppr))

    # footnotes part and styles
    styles_el = d.styles.element
    for xml in _STYLES_XML:
        styles_el.append(parse_xml(xml.format(ns=nsdecls("w"))))
    if footnote_ids:
        blob = footnotes_xml([(footnote_ids[k], notes[k]) for k in order]).encode("utf-8")
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, d.part.package)
        d.part.relate_to(part, RT.FOOTNOTES)
    if numbering:
        num_el = d.part.numbering_part.element
        for child in list(num_el):
            num_el.remove(child)
        for xml in _numbering_children(numberer.restarts):
            num_el.append(parse_xml(xml))
    d.save(str(path))


_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_SEP = re.compile(r"^\|[\s:|-]*\|$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_RULE_DEBRIS = re.compile(r"(?:[-_=]{3,}|(?:-\s+){2,}-?)")


def _header_lines(header: list[str]) -> list[str]:
    """Header lines; a markdown pipe row ("| BAN CHỈ ĐẠO … | CỘNG HÒA … |")
    gives its cells, left then right, without markup or rules."""
    out: list[str] = []
    for line in header:
        if not _PIPE_ROW.match(line.strip()):
            out.append(_MD_HEADING.sub("", line))
            continue
        if _PIPE_SEP.match(line.strip()):
            continue
        for cell in line.strip().strip("|").split("|"):
            for part in re.split(r"<br\s*/?>", cell):
                part = _RULE_DEBRIS.sub(" ", part.replace("**", "")).strip(" *_")
                if part:
                    out.append(re.sub(r"\s+", " ", part))
    return out


def _table_xml(rows: list[list[str]], footnote_ids: dict[str, int]) -> str:
    """A markdown pipe table as a Word table (cells' "<br>" as paragraphs)."""
    width = max(len(r) for r in rows)
    col = 10000 // width
    grid = "<w:tblGrid>" + f'<w:gridCol w:w="{col}"/>' * width + "</w:tblGrid>"
    trs = []
    for r in rows:
        tcs = []
        for cell in r + [""] * (width - len(r)):
            ps = []
            for part in re.split(r"<br\s*/?>", cell):
                segments, _ = _bold_segments(part.strip(), False)
                ps.append(f"<w:p>{_runs_xml(segments, footnote_ids)}</w:p>")
            tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>{"".join(ps)}</w:tc>')
        trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="10000" w:type="dxa"/>'
            f'<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
            f'<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
            f'<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
            f'<w:tblLook w:val="04A0"/></w:tblPr>{grid}{"".join(trs)}</w:tbl>')


def render_text_docx(text: str, path) -> None:
    """Write a real plan's text (`corpora/real`, portal markdown, hard-wrapped
    lines, pipe and bar tables) as the Word document it was made from: the
    paragraphs and tables the text backend reads from it (lines re-joined,
    tables as tables, the header table as a layout table), `**bold**` as bold
    runs, markdown heading marks dropped. Its records should equal the
    text's: what differs is what the Word backend reads differently."""
    from extract.ingest.text import blocks_from_text

    d = docx.Document()
    body_el = d.element.body
    sect = body_el[-1] if body_el[-1].tag == qn("w:sectPr") else None
    for b in blocks_from_text(text):
        if b.kind == "table" and b.rows:
            xml = _table_xml([[c.replace("\n", "<br>") for c in r] for r in b.rows], {})
        elif b.kind == "para" and b.text.strip():
            line = _MD_HEADING.sub("", b.text.strip())
            if _RULE_ONLY.match(line):
                continue
            segments, _ = _bold_segments(line, False)
            xml = f"<w:p {nsdecls('w')}>{_runs_xml(segments, {})}</w:p>"
        else:
            continue
        el = parse_xml(xml)
        if sect is not None:
            sect.addprevious(el)
        else:
            body_el.append(el)
    d.save(str(path))


_RULE_ONLY = re.compile(r"^[-_=*\s]+$")


# --------------------------------------------------------------------------
# hand-written packages

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{doc}"/>{more}</Types>'
)
_PKG_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def write_docx(path, body_xml: str, *, styles_xml: str | None = None, numbering_xml: str | None = None,
               footnotes_xml: str | None = None) -> None:
    """A minimal DOCX: `body_xml` is the content of <w:body> (w: prefix bound);
    the optional parts are the inner XML of <w:styles>, <w:numbering> and
    <w:footnotes> (footnotes: whole <w:footnote> elements, separators included
    by the caller if wanted)."""
    ns = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    parts = {"word/document.xml": f"{head}<w:document {ns}><w:body>{body_xml}</w:body></w:document>"}
    overrides, rels = [], []
    for name, inner, root, ctype, rtype in (
        ("styles", styles_xml, "styles", CT.WML_STYLES, RT.STYLES),
        ("numbering", numbering_xml, "numbering", CT.WML_NUMBERING, RT.NUMBERING),
        ("footnotes", footnotes_xml, "footnotes", CT.WML_FOOTNOTES, RT.FOOTNOTES),
    ):
        if inner is None:
            continue
        parts[f"word/{name}.xml"] = f"{head}<w:{root} {ns}>{inner}</w:{root}>"
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{ctype}"/>')
        rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{rtype}" Target="{name}.xml"/>')
    parts["[Content_Types].xml"] = _CONTENT_TYPES.format(doc=CT.WML_DOCUMENT_MAIN, more="".join(overrides))
    parts["_rels/.rels"] = _PKG_RELS
    parts["word/_rels/document.xml.rels"] = (
        f'{head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
