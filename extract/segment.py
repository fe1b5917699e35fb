"""Segmentation: a normalized `Document` -> zones and the tree of labelled items.

Zones (character spans of `Document.text`): "header" (issuer, number,
motto, place/date), "title" (the document-type heading and the title lines),
"preamble" (from the title to the first section: "Căn cứ …", "Thực hiện …"),
"body" (the sections), "closing" (the closing formula, "Nơi nhận", the
signature). The body is parsed into a tree of `Node`s following the levels
described in `rules/structure.toml`; unlabelled paragraphs stay nodes of kind
"para" so that the task rules can decide what they are.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex as re

from .document import Document, Paragraph
from .heading import Title, head_lines, line_paragraphs, locate
from .rules import alternation, load_toml


@dataclass
class Node:
    kind: str  # root | part | alpha | roman | article | numbered | num | dec2 | dec3 | letter | paren | dash | plus | para | table
    label: str  # the label as printed ("II.", "1.1.", "a)", "-"), "" for para/root
    key: str  # the id part ("II", "1", "a"); "" for bullets and paragraphs
    text: str  # the paragraph's text after its label
    start: int  # span of the whole paragraph in Document.text
    end: int
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)
    rows: list[list[str]] | None = None  # kind "table"

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def section(self) -> "Node | None":
        """The outermost heading this node sits in (its section)."""
        n, sec = self, None
        while n is not None:
            if n.kind in HEADING_KINDS:
                sec = n
            n = n.parent
        return sec

    def ancestors(self):
        n = self.parent
        while n is not None and n.kind != "root":
            yield n
            n = n.parent


@dataclass
class Segments:
    doc: Document
    zones: list[tuple[int, int, str]]  # (start, end, name), in text order
    root: Node
    doc_type_index: int | None  # paragraph index of the type heading
    title_paragraphs: list[Paragraph]
    preamble_paragraphs: list[Paragraph]
    closing_paragraphs: list[Paragraph]
    appendix_tables: list[Node] = field(default_factory=list)
    title: Title | None = None  # the type heading and title (extract/heading.py), in lines of `lines`
    lines: list[str] = field(default_factory=list)  # heading.head_lines(doc): what header reads

    def zone_of(self, offset: int) -> str | None:
        for s, e, name in self.zones:
            if s <= offset < e:
                return name
        return None

    def sections(self) -> list[Node]:
        """Every heading node (part, lettered part, roman section, article)."""
        return [n for n in self.root.walk() if n.kind in HEADING_KINDS]


@functools.lru_cache(maxsize=1)
def _cfg():
    cfg = load_toml("structure.toml")
    labels = [(name, re.compile(p)) for name, p in cfg["labels"].items() if name != "rank"]
    zones = cfg["zones"]
    close = re.compile(r"^(?:" + alternation(zones["closing_openers"]) + r")", re.IGNORECASE)
    sig = re.compile(r"^(?:" + alternation(zones["signature_openers"]) + r")\s*\p{Lu}")
    return labels, cfg["labels"].get("rank", []), close, sig


def parse_label(text: str) -> tuple[str, str, str, str] | None:
    """(kind, label as printed, key, rest) of a labelled paragraph, else None."""
    labels, *_ = _cfg()
    for name, pat in labels:
        m = pat.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if name == "roman" and not _roman_ok(m.group("key")):
            continue
        if name == "roman" and m.group("key") in ("C", "L"):
            continue  # "C." is a lettered part (C after B), not roman 100
        if name in ("num", "dec2", "dec3") and not rest[:1].isalpha() and not rest[:1] in "“\"(":
            continue  # "2023 …", "15/10": a number, not a label
        if name == "letter" and not rest:
            continue
        key = m.groupdict().get("key") or ""
        if name == "dletter":
            name = "letter"
        if name in ("dec2", "dec3"):
            key = key.split(".")[-1]
        return name, m.group(0).strip(), key, rest.strip()
    return None


def _roman_ok(s: str) -> bool:
    return bool(re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", s)) and s != ""


def _is_section_heading(kind: str, rest: str) -> bool:
    """Roman, lettered and part headings are sections when written as headings
    (mostly upper case); an article ("Điều 2. Giao …") is one as printed."""
    if kind in ("article", "numbered"):
        return True
    letters = [c for c in rest if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _parse(text: str, prev_alpha: str | None) -> tuple[str, str, str, str] | None:
    """`parse_label` in context: after the lettered part "H." an "I." is the
    lettered part I, not the roman section I."""
    lab = parse_label(text)
    if lab and lab[0] == "roman" and len(lab[2]) == 1 and prev_alpha and ord(lab[2]) == ord(prev_alpha) + 1:
        return ("alpha",) + lab[1:]
    return lab


def segment(doc: Document) -> Segments:
    labels, rank, close, sig = _cfg()
    paras = doc.paragraphs

    # --- title: the type heading and the title under it, located once for
    # the whole pipeline (extract/heading.py; header reads them from here)
    doc_lines = head_lines(doc)
    line_para = line_paragraphs(doc)
    title = locate(doc_lines)
    type_i = line_para[title.heading] if title is not None else None

    # --- first section: the first heading (Phần, A., I.) after the title;
    # without one, the first article ("Điều 1.") of a decision whose
    # articles are the plan
    start_i = (type_i + 1) if type_i is not None else 0
    first_sec = None
    first_article = None
    for i in range(start_i, len(paras)):
        lab = parse_label(paras[i].text)
        if lab and lab[0] in OUTER_KINDS and _is_section_heading(lab[0], lab[3]):
            first_sec = i
            break
        if lab and lab[0] == "article" and first_article is None:
            first_article = i
    articles_are_sections = first_sec is None and first_article is not None
    if articles_are_sections:
        first_sec = first_article
    # without either, a plan whose outer level is its Arabic items written as
    # headings ("1. Mục tiêu" / "2. Yêu cầu" / "4. Phân công nhiệm vụ"): those
    # items are its sections (kind "numbered")
    numbers_are_sections = False
    if first_sec is None:
        first_num = _numbered_sections(paras, start_i)
        if first_num is not None:
            numbers_are_sections = True
            first_sec = first_num

    # --- title lines and preamble
    title_ps: list[Paragraph] = []
    pre_ps: list[Paragraph] = []
    if type_i is not None:
        end = first_sec if first_sec is not None else len(paras)
        title_is = sorted({line_para[k] for k in range(title.heading + 1, title.title_end)} - {type_i})
        title_ps = [paras[i] for i in title_is if i < end]
        j = max([type_i] + title_is) + 1
        pre_ps = list(paras[j:end])

    # --- closing: from the closing formula / Nơi nhận / signature after the last section
    body_start = first_sec if first_sec is not None else (start_i + len(title_ps) + len(pre_ps))
    close_i = len(paras)
    for i in range(body_start, len(paras)):
        t = paras[i].text
        if close.match(t) or (sig.match(t) and i > body_start) or (i > body_start and _APPENDIX_HEADING.match(t)):
            # the closing formula, the signature, or an appendix printed
            # straight after the last section (an attached programme that
            # lost its signature: "PHỤ LỤC 01 DANH MỤC …")
            close_i = i
            break
    closing = list(paras[close_i:])

    # --- zones
    zones: list[tuple[int, int, str]] = []
    text_len = len(doc.text)

    def zone(a: int | None, b: int | None, name: str):
        if a is not None and b is not None and b > a:
            zones.append((a, b, name))

    head_end = paras[type_i].start if type_i is not None else (paras[body_start].start if body_start < len(paras) else 0)
    zone(0, head_end, "header")
    if type_i is not None:
        t_end = title_ps[-1].end + 1 if title_ps else paras[type_i].end + 1
        zone(paras[type_i].start, t_end, "title")
        if pre_ps:
            zone(pre_ps[0].start, pre_ps[-1].end + 1, "preamble")
    b_s = paras[body_start].start if body_start < len(paras) else text_len
    b_e = paras[close_i].start if close_i < len(paras) else text_len
    zone(b_s, b_e, "body")
    zone(b_e, text_len, "closing")

    repaired = _repaired_labels(paras, body_start, close_i)

    # --- the tree of the body
    root = Node("root", "", "", "", b_s, b_e)
    stack: list[Node] = [root]
    table_at = {t.start: t for t in doc.tables}
    heading_order: list[str] = []  # heading kinds, outermost first (order of first appearance)
    prev_alpha: str | None = None
    last_section = 0  # the key of the last numbered section
    i = body_start
    while i < close_i:
        p = paras[i]
        if p.style == "table-row":
            t = table_at.get(p.start)
            if t is not None:
                node = Node("table", "", "", "", t.start, t.end, rows=t.rows)
                node.parent = stack[-1]
                stack[-1].children.append(node)
                # skip the table's rows
                while i < close_i and paras[i].style == "table-row" and paras[i].start <= t.end:
                    i += 1
                continue
            i += 1
            continue
        lab = _parse(p.text, prev_alpha) or repaired.get(i)
        if lab is not None and lab[0] == "article" and not articles_are_sections:
            lab = None  # "Điều 2. …" quoted inside a plan's body: text
        if lab is None:
            if (i + 1 < close_i and paras[i + 1].style == "table-row" and p.text.isupper()
                    and len(p.text.split()) <= 15 and not any(ch.isdigit() for ch in p.text)):
                # a title in capitals over a table ("NỘI DUNG CHI TIẾT" / the
                # table of the section that said "Chi tiết tại biểu kèm
                # theo") closes the items above it: the table is the section's
                # (a day's heading over its table, "NGÀY 1: THỨ HAI, NGÀY
                # 24/8/2026", stays in its item)
                while len(stack) > 1 and stack[-1].kind not in HEADING_KINDS:
                    stack.pop()
            node = Node("para", "", "", p.text, p.start, p.end)
            node.parent = stack[-1]
            stack[-1].children.append(node)
            i += 1
            continue
        kind, label, key, rest = lab
        if kind in HEADING_KINDS and not _is_section_heading(kind, rest):
            kind = "num"  # a lower-case "I." or "A." inside text: treat as an item
        if numbers_are_sections and kind == "num" and (_heading_like(rest) or int(key) == last_section + 1):
            # the next numbered section (a "1." that restarts under one, and
            # is no heading, stays its item)
            kind = "numbered"
            last_section = int(key)
        if kind == "alpha":
            prev_alpha = key
        node = Node(kind, label, key, rest, p.start, p.end)
        open_kinds = [n.kind for n in stack]
        if kind in HEADING_KINDS and kind not in heading_order:
            heading_order.append(kind)
        if kind in open_kinds:
            while stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        elif kind in HEADING_KINDS:
            # inside the innermost open heading of an outer kind
            lvl = heading_order.index(kind)
            while len(stack) > 1 and not (stack[-1].kind in HEADING_KINDS and heading_order.index(stack[-1].kind) < lvl):
                stack.pop()
        else:
            # a kind not open: child of the current item, unless the rank says it
            # belongs higher (a "1." after "a)" items that closed their parent)
            r = rank.index(kind) if kind in rank else len(rank)
            # only the outline kinds close deeper items when they are not yet
            # open; bullets and letters nest wherever they appear
            while kind in _OUTLINE and len(stack) > 1 and stack[-1].kind in rank and rank.index(stack[-1].kind) > r:
                stack.pop()
        node.parent = stack[-1]
        stack[-1].children.append(node)
        stack.append(node)
        i += 1

    # tables after the body (appendices "PHỤ LỤC …" printed after the
    # signature): kept apart, with the heading that introduces them
    appendix: list[Node] = []
    heading = label = ""
    j = close_i
    while j < len(paras):
        p = paras[j]
        if p.style == "table-row":
            t = table_at.get(p.start)
            if t is not None:
                appendix.append(Node("table", "", "", heading, t.start, t.end, rows=t.rows))
                while j < len(paras) and paras[j].style == "table-row" and paras[j].start <= t.end:
                    j += 1
                continue
        elif re.match(r"(?i)^(?:phụ lục|danh mục|biểu)\b", p.text):
            heading = label = p.text
        elif heading and j > 0 and paras[j - 1].text == label and p.text.isupper():
            # the appendix's title under its label ("PHỤ LỤC 1" / "CÁC CHỈ
            # TIÊU CHỦ YẾU …")
            heading = f"{heading} {p.text}"
        j += 1

    return Segments(doc, zones, root, type_i, title_ps, pre_ps, closing, appendix, title, doc_lines)


# an appendix's own heading, in capitals ("PHỤ LỤC", "PHỤ LỤC SỐ 02 DANH MỤC
# …", "PHỤ LỤC I"); "- Phụ lục số 01: Danh mục …" in the text only names one
_APPENDIX_HEADING = re.compile(r"^PHỤ LỤC(?:\s+(?:SỐ\s+)?[\dIVXLC]+\b|\s*$|\s+\p{Lu}{2,})")

_SPOILT_LABEL = re.compile(r"^(?P<tok>\d{1,2}|\S)(?P<dot>\.)?\s+(?=\p{Lu})")


def _repaired_labels(paras: list[Paragraph], start: int, end: int) -> dict[int, tuple[str, str, str, str]]:
    """Items whose label a scan's OCR spoilt ("1 Đổi mới …", "Š. Tập trung
    …"), by their place in the list (rules/structure.toml [label_repair]):
    {paragraph index: the label they should have had}."""
    looks = load_toml("structure.toml").get("label_repair", {}).get("lookalikes", {})
    labs = {i: parse_label(paras[i].text) for i in range(start, end) if paras[i].style != "table-row"}
    out: dict[int, tuple[str, str, str, str]] = {}
    for i, lab in labs.items():
        m = _SPOILT_LABEL.match(paras[i].text) if lab is None else None
        if m is None:
            continue
        tok = m.group("tok")
        n = tok if tok.isdigit() and not m.group("dot") else (looks.get(tok) if m.group("dot") else None)
        if n is None:
            continue
        n = int(n)
        # the nearest items of this list or the headings around it (bullets
        # and letters inside an item are skipped)
        def near(ks):
            return next((labs[k] for k in ks if labs.get(k) and labs[k][0] in ("num",) + HEADING_KINDS), None)
        before, after = near(range(i - 1, start - 1, -1)), near(range(i + 1, end))
        prev_ok = (n == 1 and before is not None and before[0] in HEADING_KINDS) or (
            before is not None and before[0] == "num" and before[2] == str(n - 1))
        if prev_ok and after is not None and after[0] == "num" and after[2] == str(n + 1):
            out[i] = ("num", f"{n}.", str(n), paras[i].text[m.end():].strip())
    return out


def _heading_like(rest: str) -> bool:
    """"Mục tiêu", "Đối tượng, nội dung kiểm tra:", "Những vấn đề khác (nếu
    có)": a short line that is no sentence (rules/structure.toml
    [numbered_sections])."""
    cfg = load_toml("structure.toml").get("numbered_sections", {})
    words = rest.split()
    return bool(words) and len(words) <= int(cfg.get("max_words", 12)) and not rest.rstrip().endswith((".", ";", ","))


def _numbered_sections(paras: list[Paragraph], start: int) -> int | None:
    """The paragraph of "1." when a plan without Phần / A. / I. / Điều
    headings is laid out in Arabic sections: its top-level items "1.", "2.",
    … in order, most of them written as headings. None otherwise."""
    cfg = load_toml("structure.toml").get("numbered_sections", {})
    first, expect, heads, total = None, 1, 0, 0
    for i in range(start, len(paras)):
        lab = parse_label(paras[i].text)
        if not lab or lab[0] != "num" or int(lab[2]) != expect:
            continue
        if first is None:
            first = i
        expect += 1
        total += 1
        heads += _heading_like(lab[3])
    if first is None or total < int(cfg.get("min_sections", 2)) or heads < float(cfg.get("min_heading_share", 0.5)) * total:
        return None
    return first


HEADING_KINDS = ("part", "alpha", "roman", "article", "numbered")  # the kinds that make sections
OUTER_KINDS = ("part", "alpha", "roman")  # headings that open a plan's body
_OUTLINE = ("part", "alpha", "roman", "article", "numbered", "num", "dec2", "dec3")
