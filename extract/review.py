"""Review pages: a plan's normalized text with every extracted element
highlighted, and its record beside it, as one static HTML file.

`render_review(doc, record)` returns the page of one plan: on the left the
normalized text (`Document.text`, white space kept) with the zones of
`extract.segment` as faint bands and a `<mark class="kh kh-KIND"
data-kind="KIND" data-id="…">` per extracted element:

- `legal`: each legal basis with a span (tooltip "Nghị định 59/2023/NĐ-CP · basis");
- `task`: the title paragraph of each task (`data-id` = the task id);
- `deadline`: each deadline with a span;
- `agency`: every occurrence of a lead/support name of the tasks, found by
  accent-folded matching of the name and of its abbreviated forms
  ("Ủy ban nhân dân tỉnh" also as "UBND tỉnh"; `rules/agencies/abbreviations.tsv`).

Every mark carries `data-start`/`data-end`, its offsets in `Document.text`.
Overlapping elements nest; where two cross, the inner one is split and its
later pieces carry the class `kh-cont` (a mark without `kh-cont` is the
first, or only, piece of its element). On the right: the record (document
fields, legal bases, the task tree, deadlines, warnings) and a legend with
counts. Clicking a row scrolls to its mark and flashes it (a small inline
script; without JavaScript the links still jump). The page uses no external
resource. Colours and labels: `rules/review.toml`.

`write_reviews(paths, out_dir)` does a batch: `<out>/<input file name>.html`
per plan and `<out>/index.html` listing them (failed inputs included).
"""

from __future__ import annotations

import functools
import html
import re as _re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import regex as re

from .record import Record

INDEX_NAME = "index.html"
KINDS = ("task", "legal", "deadline", "agency")
ZONES = ("header", "title", "preamble", "body", "closing")

_DEFAULTS = {
    "kinds": {
        "task": {"label": "Nhiệm vụ", "label_en": "task (title paragraph)", "background": "#fff3bf", "border": "#f08c00"},
        "legal": {"label": "Căn cứ / văn bản", "label_en": "legal basis", "background": "#d0ebff", "border": "#1c7ed6"},
        "deadline": {"label": "Thời hạn", "label_en": "deadline", "background": "#ffc9c9", "border": "#e03131"},
        "agency": {"label": "Cơ quan", "label_en": "agency (lead / support)", "background": "#d3f9d8", "border": "#2f9e44"},
    },
    "zones": {
        "header": {"label": "Phần đầu", "label_en": "header", "background": "#f1f3f5"},
        "title": {"label": "Tên văn bản", "label_en": "title", "background": "#f3f0ff"},
        "preamble": {"label": "Căn cứ ban hành", "label_en": "preamble", "background": "#e7f5ff"},
        "body": {"label": "Nội dung", "label_en": "body", "background": "#fcfcfc"},
        "closing": {"label": "Phần kết", "label_en": "closing", "background": "#fff4e6"},
    },
}

_RELATION_VI = {"basis": "Căn cứ", "implements": "Thực hiện", "cites": "Trích dẫn"}
_COLOUR = _re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _e(value) -> str:
    """HTML-escaped text (None -> "")."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


@functools.lru_cache(maxsize=1)
def _style() -> dict:
    """Colours and labels: rules/review.toml over the built-in defaults."""
    from .rules import load_toml

    try:
        cfg = load_toml("review.toml")
    except (FileNotFoundError, OSError, ValueError):
        cfg = {}
    out: dict = {}
    for group, names in (("kinds", KINDS), ("zones", ZONES)):
        out[group] = {}
        for name in names:
            d = dict(_DEFAULTS[group][name])
            given = (cfg.get(group) or {}).get(name) or {}
            for k, v in given.items():
                if k in ("background", "border"):
                    if isinstance(v, str) and _COLOUR.match(v):
                        d[k] = v
                elif k in ("label", "label_en") and isinstance(v, str):
                    d[k] = unicodedata.normalize("NFC", v)
            out[group][name] = d
    return out


# --------------------------------------------------------------------------
# elements of the text: intervals of Document.text


@dataclass
class Span:
    start: int
    end: int
    layer: int  # 0 zone, 1 paragraph, 2 mark: the outer layers always enclose
    kind: str  # zone name, "para", or a mark kind
    ident: str = ""  # data-id
    title: str = ""  # tooltip
    anchor: str = ""  # the HTML id of the element's first piece
    row: str = ""  # the HTML id of its row on the right

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind) if self.kind in KINDS else -1


def _anchor_id(prefix: str, ident: str, used: set[str]) -> str:
    base = prefix + "-" + (_re.sub(r"[^0-9A-Za-z._-]", "_", ident) or "x")
    out, n = base, 1
    while out in used:
        n += 1
        out = f"{base}~{n}"
    used.add(out)
    return out


def legal_label(lb) -> str:
    """ "Nghị định 59/2023/NĐ-CP · basis" (a law without number: its name)."""
    if lb.number:
        what = f"{lb.doc_type or ''} {lb.number}".strip()
    else:
        what = lb.title or lb.doc_type or lb.text[:60]
    return f"{what} · {lb.relation}"


def _task_title_span(doc, task) -> tuple[int, int] | None:
    """The task's span cut to its first (title) paragraph."""
    if not task.span:
        return None
    s, e = task.span
    for p in doc.paragraphs:
        if p.start <= s < max(p.end, p.start + 1):
            return (s, min(e, p.end)) if min(e, p.end) > s else (s, e)
    return (s, e)


def _agency_names(record: Record) -> dict[str, dict]:
    """name -> {"lead": [task ids], "support": [task ids]}, in first-seen order."""
    out: dict[str, dict] = {}
    for t in record.tasks:
        for role, people in (("lead", t.lead), ("support", t.support)):
            for a in people:
                if not a.name:
                    continue
                d = out.setdefault(a.name, {"lead": [], "support": []})
                if t.id not in d[role]:
                    d[role].append(t.id)
    return out


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Accent-free lower-case `text` (like `agency.fold`) and, per folded
    character, the offset in `text` it comes from. Runs of spaces become one
    space; line breaks stay line breaks (a name never spans paragraphs)."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch in "đĐ":
            out.append("d")
            idx.append(i)
            continue
        if ch in " \t\u00a0\u2009\u202f":
            if out and out[-1] == " ":
                continue
            out.append(" ")
            idx.append(i)
            continue
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.category(c) == "Mn":
                continue
            for lc in c.lower():
                out.append(lc)
                idx.append(i)
    return "".join(out), idx


@functools.lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[str, str], ...]:
    """(full words, abbreviation) pairs of rules/agencies/abbreviations.tsv,
    longest full form first."""
    from .rules import load_table

    try:
        rows = load_table("agencies/abbreviations.tsv")
    except FileNotFoundError:
        return ()
    pairs = [(r[1], r[0]) for r in rows if len(r) >= 2 and r[0] and r[1]]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def name_variants(name: str) -> list[str]:
    """The name and its abbreviated forms ("Ủy ban nhân dân tỉnh" ->
    "UBND tỉnh"): each full form replaced alone by each of its
    abbreviations, and all of them at once by their first abbreviation."""
    variants = [name]
    fname = name.casefold()
    first: dict[str, str] = {}
    for full, abbr in _abbreviations():
        if full.casefold() not in fname:
            continue
        first.setdefault(full, abbr)
        pat = re.compile(rf"(?<![\p{{L}}\p{{N}}]){re.escape(full)}(?![\p{{L}}\p{{N}}])", re.IGNORECASE)
        v = pat.sub(lambda m: abbr, name)
        if v != name:
            variants.append(v)
    if len(first) > 1:
        v = name
        for full, abbr in first.items():
            pat = re.compile(rf"(?<![\p{{L}}\p{{N}}]){re.escape(full)}(?![\p{{L}}\p{{N}}])", re.IGNORECASE)
            v = pat.sub(lambda m, a=abbr: a, v)
        variants.append(v)
    seen, out = set(), []
    for v in variants:
        k = fold_key(v)
        if k and k not in seen:
            seen.add(k)
            out.append(v)
    return out


def fold_key(s: str) -> str:
    f, _ = _folded_with_map(s.strip())
    return f


def _variant_pattern(variant: str) -> str | None:
    f = fold_key(variant)
    if len(f.replace(" ", "")) < 3:
        return None
    toks = re.split(r"(\s*[-,;]\s*|\s+)", f)
    parts = []
    for t in toks:
        if not t:
            continue
        st = t.strip()
        if st == "":
            parts.append(" ")
        elif st == "-":
            parts.append(" ?- ?")
        elif st in (",", ";"):
            parts.append(" ?[,;] ?")
        else:
            parts.append(re.escape(t))
    return r"(?<![\p{L}\p{N}])" + "".join(parts) + r"(?![\p{L}\p{N}])"


def agency_occurrences(text: str, names) -> list[tuple[int, int, str]]:
    """(start, end, name) of every occurrence of the names in `text`, by
    accent-folded, case-insensitive matching of each name and its
    abbreviated forms; overlapping finds keep the longest (then earliest)."""
    folded, idx = _folded_with_map(text)
    found: list[tuple[int, int, str]] = []
    for name in names:
        for v in name_variants(name):
            pat = _variant_pattern(v)
            if pat is None:
                continue
            for m in re.finditer(pat, folded):
                if m.end() <= m.start():
                    continue
                s, e = idx[m.start()], idx[m.end() - 1] + 1
                found.append((s, e, name))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: list[tuple[int, int, str]] = []
    for s, e, n in found:
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, n))
    taken.sort()
    return taken


def collect_spans(doc, record: Record, seg=None) -> list[Span]:
    """Every interval the page draws: zones, paragraphs, marks."""
    if seg is None:
        from .segment import segment

        seg = segment(doc)
    n = len(doc.text)
    used: set[str] = set()
    spans: list[Span] = []
    for s, e, name in seg.zones:
        s, e = max(0, s), min(n, e)
        if e > s:
            spans.append(Span(s, e, 0, name))
    for p in doc.paragraphs:
        e = min(n, p.end + 1 if p.end < n and doc.text[p.end] == "\n" else p.end)
        if e > p.start:
            spans.append(Span(p.start, e, 1, "para"))

    marks: list[Span] = []
    for i, lb in enumerate(record.legal_bases, 1):
        if lb.span and lb.span[1] > lb.span[0]:
            ident = f"legal-{i}"
            marks.append(Span(lb.span[0], lb.span[1], 2, "legal", ident, legal_label(lb),
                              _anchor_id("m", ident, used), f"r-{ident}"))
    for t in record.tasks:
        sp = _task_title_span(doc, t)
        if sp and sp[1] > sp[0]:
            tip = t.id
            if t.lead:
                tip += " · chủ trì: " + "; ".join(a.name for a in t.lead)
            if t.timeline:
                tip += " · " + t.timeline.raw
            marks.append(Span(sp[0], sp[1], 2, "task", t.id, tip, _anchor_id("m-task", t.id, used),
                              _anchor_id("r-task", t.id, used)))
    for i, d in enumerate(record.deadlines, 1):
        if d.span and d.span[1] > d.span[0]:
            ident = f"deadline-{i}"
            tip = " · ".join(x for x in (d.kind, d.due, d.recurrence, d.agency) if x)
            marks.append(Span(d.span[0], d.span[1], 2, "deadline", ident, tip,
                              _anchor_id("m", ident, used), f"r-{ident}"))

    # agencies: only where they nest cleanly (never split one, never split others)
    roles = _agency_names(record)
    fixed = [(m.start, m.end) for m in marks] + [(s.start, s.end) for s in spans]
    for s, e, name in agency_occurrences(doc.text, list(roles)):
        if any(a < s < b < e or s < a < e < b for a, b in fixed):
            continue
        r = roles[name]
        tip = name
        if r["lead"]:
            tip += " · chủ trì (lead): " + ", ".join(r["lead"])
        if r["support"]:
            tip += " · phối hợp (support): " + ", ".join(r["support"])
        marks.append(Span(s, e, 2, "agency", name, tip))
    spans.extend(marks)
    return spans


def _key(sp: Span):
    return (sp.layer, sp.start, -sp.end, sp.rank)


def render_text(text: str, spans: list[Span]) -> tuple[str, dict[str, int]]:
    """The text as HTML with the spans as properly nested elements.

    A flat list of boundaries; between two boundaries the set of open spans
    is constant, ordered outer to inner by (layer, start, -end, kind). At each
    boundary the open elements that are not a prefix of the new order are
    closed and the rest opened; a span closed before its end (because a span
    it crosses ends) is reopened as a continuation piece (class kh-cont).
    Returns the HTML and the number of elements (first pieces) per mark kind.
    """
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    bounds = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list = []  # text (str) and pieces, in order
    stack: list[Span] = []
    active: list[Span] = []
    opened: set[int] = set()
    counts = {k: 0 for k in KINDS}

    def open_tag(sp: Span, a: int, b: int) -> str:
        first = id(sp) not in opened
        opened.add(id(sp))
        if sp.layer == 0:
            return f'<div class="zone zone-{_e(sp.kind)}" data-zone="{_e(sp.kind)}">'
        if sp.layer == 1:
            return '<span class="para">'
        cls = f"kh kh-{sp.kind}" + ("" if first else " kh-cont")
        attrs = [f'class="{_e(cls)}"', f'data-kind="{_e(sp.kind)}"', f'data-id="{_e(sp.ident)}"',
                 f'data-start="{a}"', f'data-end="{b}"']
        if first:
            counts[sp.kind] += 1
            if sp.anchor:
                attrs.insert(0, f'id="{_e(sp.anchor)}"')
        if sp.row:
            attrs.append(f'data-row="{_e(sp.row)}"')
        if sp.title:
            attrs.append(f'title="{_e(sp.title)}"')
        return "<mark " + " ".join(attrs) + ">"

    def close_tag(sp: Span) -> str:
        return "</div>" if sp.layer == 0 else ("</span>" if sp.layer == 1 else "</mark>")

    # pieces: [span, start, end]; open tags are rendered once every end is known
    pieces: list[list] = []
    open_piece: dict[int, list] = {}
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        want = sorted(active, key=_key)
        k = 0
        while k < len(stack) and k < len(want) and stack[k] is want[k]:
            k += 1
        for sp in reversed(stack[k:]):
            open_piece.pop(id(sp))[2] = a
            out.append(close_tag(sp))
        stack = stack[:k]
        for sp in want[k:]:
            piece = [sp, a, None]
            pieces.append(piece)
            open_piece[id(sp)] = piece
            out.append(piece)
            stack.append(sp)
        out.append(_e(text[a:b]))
    for sp in reversed(stack):
        open_piece.pop(id(sp))[2] = n
        out.append(close_tag(sp))
    html_out = "".join(x if isinstance(x, str) else open_tag(x[0], x[1], x[2]) for x in out)
    return html_out, counts


# --------------------------------------------------------------------------
# the record side


def _cell(v) -> str:
    if v is None or v == "" or v == []:
        return '<span class="none">—</span>'
    if isinstance(v, bool):
        return "có (yes)" if v else "không (no)"
    if isinstance(v, (list, tuple)):
        return "<br>".join(_e(x) for x in v)
    return _e(v)


def _doc_table(record: Record) -> str:
    d, s = record.document, record.source
    rows = [
        ("Tệp", "file", s.file),
        ("Định dạng", "format", s.format + (f", {s.pages} trang" if s.pages else "") + (", OCR" if s.ocr else "")),
        ("Loại văn bản", "doc_type", d.doc_type),
        ("Số", "number", d.number),
        ("Ký hiệu", "number_code", d.number_code),
        ("Ngày ban hành", "issue_date", d.issue_date),
        ("Địa danh", "place", d.place),
        ("Trích yếu", "title", d.title),
        ("Cơ quan ban hành", "issuing_body", d.issuing_body),
        ("Cấp ban hành", "issuer_level", d.issuer_level),
        ("Tỉnh/thành phố", "province", d.province),
        ("Tỉnh/thành phố (sau 7/2025)", "province_2025", d.province_2025),
        ("Người ký", "signer.name", d.signer.name),
        ("Chức vụ", "signer.position", d.signer.position),
        ("Thẩm quyền ký", "signer.authority", d.signer.authority),
        ("Thay mặt", "signer.on_behalf_of", d.signer.on_behalf_of),
        ("Nơi nhận", "recipients", d.recipients),
    ]
    if d.attached_to:
        rows.append(("Ban hành kèm theo", "attached_to", "; ".join(f"{k}: {v}" for k, v in d.attached_to.items() if v)))
    if record.funding:
        rows.append(("Kinh phí", "funding", record.funding))
    body = "".join(
        f'<tr><th scope="row">{_e(vi)} <small>{_e(en)}</small></th><td>{_cell(v)}</td></tr>' for vi, en, v in rows
    )
    return f'<table class="fields"><tbody>{body}</tbody></table>'


def _target(anchor: str | None) -> str:
    """` data-target="…"` (a row that finds its mark), or ` class="nospan"`."""
    return f' data-target="{_e(anchor)}"' if anchor else ' class="nospan"'


def _goto(anchor: str | None, label: str) -> str:
    if not anchor:
        return f'<span class="nospan" title="không có vị trí trong văn bản (no span)">{_e(label)}</span>'
    return f'<a class="go" href="#{_e(anchor)}" data-target="{_e(anchor)}">{_e(label)}</a>'


def _legal_table(record: Record, anchors: dict[str, str]) -> str:
    if not record.legal_bases:
        return '<p class="none">Không có (none).</p>'
    rows = []
    for i, lb in enumerate(record.legal_bases, 1):
        ident = f"legal-{i}"
        a = anchors.get(ident)
        rel = f'{_e(_RELATION_VI.get(lb.relation, lb.relation))} <small>{_e(lb.relation)}</small>'
        rows.append(
            f'<tr id="r-{ident}"{_target(a)}>'
            f"<td>{_goto(a, str(i))}</td><td>{rel}</td><td>{_cell(lb.doc_type)}</td><td>{_cell(lb.number)}</td>"
            f'<td class="nw">{_cell(lb.date)}</td><td>{_cell(lb.issuer)}</td><td>{_cell(lb.title)}</td></tr>'
        )
    head = "<tr><th>#</th><th>Quan hệ</th><th>Loại</th><th>Số hiệu</th><th>Ngày</th><th>Cơ quan</th><th>Trích yếu</th></tr>"
    return f'<table class="grid"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _timeline(tl) -> str:
    if tl is None:
        return '<span class="none">—</span>'
    bits = [x for x in (tl.kind, tl.start and f"từ {tl.start}", tl.end and f"đến {tl.end}",
                        tl.due and f"hạn {tl.due}", tl.recurrence) if x]
    return f'{_e(tl.raw)} <small>({_e(", ".join(bits))})</small>'


def _task_tree(record: Record, anchors: dict[str, str], rows: dict[str, str]) -> str:
    if not record.tasks:
        return '<p class="none">Không có (none).</p>'
    ids = {t.id for t in record.tasks}
    children: dict[str | None, list] = {}
    for t in record.tasks:
        parent = t.parent if t.parent in ids and t.parent != t.id else None
        children.setdefault(parent, []).append(t)

    def names(people) -> str:
        return "; ".join(_e(a.name) + (f' <small>({_e(a.jurisdiction)})</small>' if a.jurisdiction else "") for a in people) or '<span class="none">—</span>'

    def node(t, depth: int, seen: set) -> str:
        if id(t) in seen or depth > 40:
            return ""
        seen.add(id(t))
        a = anchors.get(f"task:{t.id}")
        rid = rows.get(t.id, "")
        req = ' <span class="badge">đề nghị (requested)</span>' if t.requested else ""
        attrs = (
            f'<dl class="attrs"><dt>Chủ trì <small>lead</small></dt><dd>{names(t.lead)}</dd>'
            f'<dt>Phối hợp <small>support</small></dt><dd>{names(t.support)}</dd>'
            f'<dt>Thời gian <small>timeline</small></dt><dd>{_timeline(t.timeline)}</dd>'
            + (f'<dt>Mục <small>section</small></dt><dd>{_e(t.section)}</dd>' if t.section else "")
            + "</dl>"
        )
        kids = "".join(node(c, depth + 1, seen) for c in children.get(t.id, []))
        return (
            f'<details class="task" open id="{_e(rid)}"{_target(a)}>'
            f'<summary>{_goto(a, t.id)} <span class="ttl">{_e(t.title)}</span>{req}</summary>'
            f"{attrs}{kids}</details>"
        )

    seen: set = set()
    out = "".join(node(t, 0, seen) for t in children.get(None, []))
    out += "".join(node(t, 0, seen) for t in record.tasks if id(t) not in seen)  # cycles, if any
    return f'<div class="tree">{out}</div>'


def _deadline_table(record: Record, anchors: dict[str, str]) -> str:
    if not record.deadlines:
        return '<p class="none">Không có (none).</p>'
    rows = []
    for i, d in enumerate(record.deadlines, 1):
        ident = f"deadline-{i}"
        a = anchors.get(ident)
        rows.append(
            f'<tr id="r-{ident}"{_target(a)}>'
            f'<td>{_goto(a, str(i))}</td><td>{_cell(d.raw)}</td><td>{_cell(d.kind)}</td><td class="nw">{_cell(d.due)}</td>'
            f"<td>{_cell(d.recurrence)}</td><td>{_cell(d.what)}</td><td>{_cell(d.agency)}</td><td>{_cell(d.task_id)}</td></tr>"
        )
    head = "<tr><th>#</th><th>Nguyên văn</th><th>Loại</th><th>Hạn</th><th>Định kỳ</th><th>Nội dung</th><th>Cơ quan</th><th>Nhiệm vụ</th></tr>"
    return f'<table class="grid"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _legend(record: Record, counts: dict[str, int], n_agency_names: int) -> str:
    st = _style()
    totals = {
        "task": len(record.tasks),
        "legal": len(record.legal_bases),
        "deadline": len(record.deadlines),
        "agency": n_agency_names,
    }
    items = []
    for k in KINDS:
        c = st["kinds"][k]
        if k == "agency":
            num = f"{counts[k]} <small>lần, {totals[k]} tên</small>"
            tip = "occurrences in the text, distinct lead/support names"
        else:
            num = f"{counts[k]}<small>/{totals[k]}</small>"
            tip = "highlighted / in the record"
        items.append(
            f'<li><label title="{_e(tip)}"><input type="checkbox" checked id="show-{k}"> '
            f'<span class="sw sw-{k}">{_e(c["label"])}</span> <small>{_e(c["label_en"])}</small> '
            f'<b class="count" data-kind="{k}">{num}</b></label></li>'
        )
    zones = " ".join(
        f'<span class="zswatch zone-{z}">{_e(st["zones"][z]["label"])} <small>{_e(st["zones"][z]["label_en"])}</small></span>'
        for z in ZONES
    )
    return f'<ul class="legend">{"".join(items)}</ul><p class="zlegend">{zones}</p>'


# --------------------------------------------------------------------------
# the page


def _css() -> str:
    st = _style()
    rules = []
    for k in KINDS:
        c = st["kinds"][k]
        rules.append(f"mark.kh-{k},.sw-{k}{{background:{c['background']};box-shadow:inset 0 -2px 0 {c['border']}}}")
        rules.append(f"body:has(#show-{k}:not(:checked)) #text mark.kh-{k}{{background:none;box-shadow:none}}")
    for z in ZONES:
        c = st["zones"][z]
        rules.append(f".zone-{z}{{background:{c['background']}}}")
        rules.append(f'.zone.zone-{z}::before{{content:"{_css_str(c["label"] + " · " + c["label_en"])}"}}')
    return _BASE_CSS + "\n".join(rules)


def _css_str(s: str) -> str:
    return "".join(ch if ch.isalnum() or ch in " ·/()-_.,:" else f"\\{ord(ch):x} " for ch in s)


_BASE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.5 "DejaVu Sans","Noto Sans","Segoe UI",Roboto,Arial,sans-serif;color:#212529;background:#fff;display:flex;flex-direction:column}
header.top{padding:6px 14px;border-bottom:1px solid #dee2e6;background:#f8f9fa;display:flex;gap:14px;align-items:baseline;flex-wrap:wrap}
header.top h1{font-size:16px;margin:0}
header.top .sub{color:#495057}
main{flex:1;display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);min-height:0}
#text{overflow:auto;padding:10px 14px;border-right:1px solid #dee2e6}
#record{overflow:auto;padding:10px 14px}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;font-size:13.5px;line-height:1.55}
.zone{position:relative;padding:16px 8px 6px;margin:0 0 4px;border-radius:4px}
.zone::before{position:absolute;top:1px;right:6px;font-size:10.5px;color:#868e96;text-transform:uppercase;letter-spacing:.04em;white-space:nowrap}
.para{display:block;margin:0 0 5px}
mark.kh{color:inherit;border-radius:2px;padding:0 1px;cursor:pointer}
mark.kh-task{padding:1px 0}
mark.flash{animation:flash 1.6s ease-out 1;outline:3px solid #fa5252;outline-offset:1px}
@keyframes flash{0%{outline-color:#fa5252;filter:brightness(.75)}100%{outline-color:rgba(250,82,82,0);filter:none}}
tr.flash,details.flash>summary{background:#ffe066 !important}
h2{font-size:15px;margin:16px 0 6px;border-bottom:1px solid #e9ecef;padding-bottom:2px}
h2 small,th small,dt small,.legend small,.zlegend small{color:#868e96;font-weight:normal}
table{border-collapse:collapse;width:100%;font-size:12.5px}
table.fields th{text-align:left;width:32%;vertical-align:top;padding:2px 6px;background:#f8f9fa;font-weight:600}
table.fields td{padding:2px 6px;vertical-align:top}
table.grid th,table.grid td{border:1px solid #e9ecef;padding:2px 5px;vertical-align:top;text-align:left}
table.grid thead th{background:#f1f3f5;position:sticky;top:-10px}
table.grid tbody tr[data-target]{cursor:pointer}
table.grid tbody tr[data-target]:hover{background:#f8f9fa}
.none{color:#adb5bd}
td.nw{white-space:nowrap}
.nospan{color:#868e96}
a.go{font-family:"DejaVu Sans Mono",monospace;font-size:12px;text-decoration:none;color:#1864ab;font-weight:bold}
a.go:hover{text-decoration:underline}
details.task{margin:2px 0 2px 0;padding-left:12px;border-left:2px solid #ffe8a1}
details.task>summary{cursor:pointer;padding:1px 0}
details.task .ttl{font-size:13px}
dl.attrs{display:grid;grid-template-columns:max-content 1fr;gap:0 8px;margin:2px 0 4px 14px;font-size:12px}
dl.attrs dt{color:#495057;font-weight:600}
dl.attrs dd{margin:0}
.badge{font-size:11px;background:#e5dbff;border-radius:3px;padding:0 4px}
ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px}
ul.legend .count{margin-left:4px}
.zlegend{margin:4px 0;font-size:12px;display:flex;flex-wrap:wrap;gap:6px}
.sw{padding:0 3px;border-radius:2px}
.zswatch{padding:1px 6px;border-radius:3px;border:1px solid #e9ecef}
ul.warnings{margin:4px 0;padding-left:18px;color:#862e9c}
.footnotes{margin-top:10px;border-top:1px dashed #ced4da;padding-top:6px;white-space:pre-wrap;font-size:12.5px;color:#495057}
"""

_SCRIPT = """
(function(){
  function flash(el){el.classList.remove('flash');void el.offsetWidth;el.classList.add('flash');
    setTimeout(function(){el.classList.remove('flash');},1700);}
  document.addEventListener('click',function(ev){
    var t=ev.target;
    var go=t.closest('[data-target]');
    if(go&&!t.closest('#text')){
      var m=document.getElementById(go.getAttribute('data-target'));
      if(!m)return;
      ev.preventDefault();
      if(t.closest('summary')&&!t.closest('a'))return;
      m.scrollIntoView({block:'center'});
      var pieces=document.querySelectorAll('#text mark[data-kind="'+m.getAttribute('data-kind')+'"]');
      for(var i=0;i<pieces.length;i++){if(pieces[i].getAttribute('data-id')===m.getAttribute('data-id'))flash(pieces[i]);}
      return;
    }
    var mk=t.closest('#text mark[data-row]');
    if(mk){var r=document.getElementById(mk.getAttribute('data-row'));
      if(r){r.scrollIntoView({block:'center'});flash(r);}}
  });
})();
"""


def _page(title: str, body: str, css: str, script: str = "") -> str:
    doc = (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kehoach review">\n'
        f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )
    return unicodedata.normalize("NFC", doc)


def render_review(doc, record: Record, seg=None, *, index_href: str | None = None) -> str:
    """The review page of one plan (HTML, self-contained).

    `doc`: the ingested `Document` whose text the record's spans index;
    `record`: its `Record`; `seg`: its `Segments` (computed when None);
    `index_href`: a link back to the index page, when there is one.
    """
    spans = collect_spans(doc, record, seg)
    text_html, counts = render_text(doc.text, spans)
    anchors: dict[str, str] = {}
    task_rows: dict[str, str] = {}
    for sp in spans:
        if sp.layer != 2 or not sp.anchor:
            continue
        if sp.kind == "task":
            anchors[f"task:{sp.ident}"] = sp.anchor
            task_rows[sp.ident] = sp.row
        else:
            anchors[sp.ident] = sp.anchor
    used = {sp.anchor for sp in spans if sp.anchor} | set(task_rows.values())
    for t in record.tasks:
        if t.id not in task_rows:
            task_rows[t.id] = _anchor_id("r-task", t.id, used)
    n_names = len(_agency_names(record))

    d = record.document
    head_bits = [x for x in (d.issuing_body, d.number, d.issue_date) if x]
    nav = f'<a href="{_e(index_href)}">← danh sách (index)</a>' if index_href else ""
    header = (
        f'<header class="top">{nav}<h1>{_e(record.source.file)}</h1>'
        f'<span class="sub">{_e(" · ".join(head_bits))}</span>'
        f'<span class="sub">{_e(d.title or "")}</span></header>'
    )
    footnotes = ""
    if doc.footnotes:
        footnotes = '<div class="footnotes" id="footnotes"><b>Chú thích (footnotes, not highlighted)</b>\n' + "\n".join(
            f"{_e(f.marker)} {_e(f.text)}" for f in doc.footnotes
        ) + "</div>"
    warnings = (
        '<ul class="warnings">' + "".join(f"<li>{_e(w)}</li>" for w in record.warnings) + "</ul>"
        if record.warnings else '<p class="none">Không có (none).</p>'
    )
    right = (
        f'<section id="legend"><h2>Chú giải <small>legend</small></h2>{_legend(record, counts, n_names)}</section>'
        f'<section id="document"><h2>Văn bản <small>document</small></h2>{_doc_table(record)}</section>'
        f'<section id="legal"><h2>Căn cứ, văn bản dẫn chiếu <small>legal bases ({len(record.legal_bases)})</small></h2>{_legal_table(record, anchors)}</section>'
        f'<section id="tasks"><h2>Nhiệm vụ <small>tasks ({len(record.tasks)})</small></h2>{_task_tree(record, anchors, task_rows)}</section>'
        f'<section id="deadlines"><h2>Thời hạn <small>deadlines ({len(record.deadlines)})</small></h2>{_deadline_table(record, anchors)}</section>'
        f'<section id="warnings"><h2>Cảnh báo <small>warnings ({len(record.warnings)})</small></h2>{warnings}</section>'
        f'<p class="none"><small>kehoach {_e(record.pipeline_version or "")} · sha256 {_e(record.source.sha256)}</small></p>'
    )
    body = (
        f"{header}<main>"
        f'<div id="text"><div class="doctext">{text_html}</div>{footnotes}</div>'
        f'<div id="record">{right}</div></main>'
    )
    return _page(f"{record.source.file} · kehoach review", body, _css(), _SCRIPT)


# --------------------------------------------------------------------------
# batches


@dataclass
class ReviewItem:
    path: Path  # the input
    rel: str  # its name relative to the input it came from
    status: str = "pending"  # written | failed
    page: Path | None = None
    error: str | None = None
    stage: str | None = None
    seconds: float | None = None
    issuing_body: str | None = None
    number: str | None = None
    issue_date: str | None = None
    title: str | None = None
    counts: dict = field(default_factory=dict)  # legal_bases / tasks / deadlines


@dataclass
class ReviewSummary:
    out_dir: Path
    index: Path
    items: list[ReviewItem]

    @property
    def failed(self) -> list[ReviewItem]:
        return [i for i in self.items if i.status == "failed"]

    @property
    def written(self) -> list[ReviewItem]:
        return [i for i in self.items if i.status == "written"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _unique_names(inputs) -> None:
    """Two inputs of the same name (a/plan.pdf, b/plan.pdf) get distinct
    pages: the second "plan~2.pdf.html", and so on."""
    seen: set[str] = set()
    for it in inputs:
        rel, n = it.rel, 1
        while page_name(rel) in seen:
            n += 1
            p = PurePosixPath(str(it.rel).replace("\\", "/"))
            rel = str(p.with_name(f"{p.stem}~{n}{p.suffix}"))
        seen.add(page_name(rel))
        it.rel = rel


def page_name(rel: str) -> str:
    """`<input file name>.html` ("plan.pdf" -> "plan.pdf.html"), sub-folders kept."""
    from .export.files import sidecar_name

    return sidecar_name(rel, ".html")


def _href(rel_path: str) -> str:
    return "/".join(quote(part) for part in rel_path.split("/"))


def _readable(path: Path) -> None:
    """Pages are for sharing: rw-r--r-- under the usual umask (the atomic
    writer's temp files are private, 0600)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(path, 0o666 & ~mask)
    except OSError:
        pass


def _review_one(path: str, rel: str, out_dir: str) -> dict:
    """Worker: one input -> its page written, and the fields of its
    ReviewItem (status, stage, error, page, document fields, counts)."""
    from .errors import KehoachError
    from .export import atomic_write_text
    from .ingest import ingest
    from .pipeline import extract_document
    from .segment import segment

    t0 = time.perf_counter()
    out = Path(out_dir)
    stage = "ingest"
    try:
        doc = ingest(path)
        stage = "extract"
        record = extract_document(doc)
        seg = segment(doc)
        stage = "render"
        name = page_name(rel)
        depth = name.count("/")
        html_text = render_review(doc, record, seg, index_href="../" * depth + INDEX_NAME)
        stage = "write"
        target = out / name
        atomic_write_text(target, html_text)
        _readable(target)
    except KehoachError as e:
        return {"status": "failed", "stage": stage, "error": getattr(e, "reason", None) or str(e)}
    except OSError as e:
        return {"status": "failed", "stage": stage, "error": f"{e.strerror or e}"}
    except MemoryError:
        return {"status": "failed", "stage": stage, "error": "out of memory"}
    except Exception as e:  # a bug: report it on the file, keep going
        msg = str(e).splitlines()[0] if str(e) else ""
        return {"status": "failed", "stage": stage, "error": f"internal error: {type(e).__name__}: {msg}"}
    d = record.document
    return {
        "status": "written", "page": str(target), "issuing_body": d.issuing_body, "number": d.number,
        "issue_date": d.issue_date, "title": d.title,
        "counts": {"legal_bases": len(record.legal_bases), "tasks": len(record.tasks), "deadlines": len(record.deadlines)},
        "seconds": time.perf_counter() - t0,
    }


def write_reviews(paths, out_dir, *, on_item=None, time_limit: float | None = 600.0,
                  max_memory: int | None = None) -> ReviewSummary:
    """Review pages for every plan in `paths` (files, folders, globs, as for
    `kehoach extract`) into `out_dir`, plus `index.html`. A file that cannot
    be read or is not a plan becomes a failed entry (and `on_item(item)` is
    called for every item as it is done); the others' pages are written.
    Each file is read in a worker process under the batch's limits
    (extract/workers.py)."""
    from .batch import check_inputs, expand_inputs, prepare_output
    from .export import atomic_write_text
    from .workers import DEFAULT_MAX_MEMORY, WorkerPool

    out = Path(out_dir)
    inputs, bad = expand_inputs([str(p) for p in paths])
    check_inputs(bad)  # a path that matches nothing: exit 2, nothing written
    prepare_output(out)  # an unwritable --out: exit 3 before any work
    _unique_names(inputs)
    items: list[ReviewItem] = []
    for b in bad:
        it = ReviewItem(b.path, b.rel, status="failed", error=b.error, stage=b.stage)
        items.append(it)
        if on_item:
            on_item(it)
    cap = max_memory if max_memory is not None else DEFAULT_MAX_MEMORY
    with WorkerPool(_review_one, 1, max_memory=cap, time_limit=time_limit) as pool:
        tasks = [(i, (str(src.path), src.rel, str(out))) for i, src in enumerate(inputs)]
        for i, res in pool.map(tasks):
            src = inputs[i]
            it = ReviewItem(src.path, src.rel)
            if isinstance(res, tuple):  # the worker hit a limit or died
                it.status, it.stage, it.error = "failed", "extract", res[2]
            else:
                for k, v in res.items():
                    setattr(it, k, Path(v) if k == "page" else v)
            items.append(it)
            if on_item:
                on_item(it)
    index = out / INDEX_NAME
    atomic_write_text(index, render_index(items, out))
    _readable(index)
    return ReviewSummary(out, index, items)


def render_index(items: list[ReviewItem], out_dir) -> str:
    """The index page: one row per input, written or failed."""
    out = Path(out_dir)
    rows = []
    tot = {"legal_bases": 0, "tasks": 0, "deadlines": 0}
    for it in items:
        if it.status == "written" and it.page is not None:
            rel = it.page.relative_to(out).as_posix() if it.page.is_relative_to(out) else page_name(it.rel)
            link = f'<a href="{_e(_href(rel))}">{_e(it.rel)}</a>'
            for k in tot:
                tot[k] += it.counts.get(k, 0)
            status = '<span class="st-ok">✓</span>'
            cls = "ok"
            cnt = "".join(f'<td class="n">{it.counts.get(k, 0)}</td>' for k in tot)
        else:
            link = _e(it.rel)
            status = f'<span class="st-err">lỗi (failed) · {_e(it.stage or "")}: {_e(it.error or "")}</span>'
            cls = "failed"
            cnt = '<td class="n">—</td>' * 3
        rows.append(
            f'<tr class="{cls}" data-status="{"written" if cls == "ok" else "failed"}"><td class="file">{link}</td>'
            f'<td>{_cell(it.issuing_body)}</td><td class="nw">{_cell(it.number)}</td><td class="nw">{_cell(it.issue_date)}</td>'
            f"<td>{_cell(it.title)}</td>{cnt}<td>{status}</td></tr>"
        )
    n_ok = sum(1 for i in items if i.status == "written")
    n_bad = len(items) - n_ok
    head = (
        "<tr><th>Tệp <small>file</small></th><th>Cơ quan ban hành <small>issuing body</small></th>"
        "<th>Số <small>number</small></th><th>Ngày <small>date</small></th><th>Trích yếu <small>title</small></th>"
        "<th>Căn cứ <small>legal</small></th><th>Nhiệm vụ <small>tasks</small></th><th>Thời hạn <small>deadlines</small></th>"
        "<th>Trạng thái <small>status</small></th></tr>"
    )
    foot = (
        f'<tr><th colspan="5">{n_ok} kế hoạch (plans), {n_bad} lỗi (failed)</th>'
        + "".join(f'<th class="n">{v}</th>' for v in tot.values())
        + "<th></th></tr>"
    )
    css = """
body{font:14px/1.5 "DejaVu Sans","Noto Sans","Segoe UI",Roboto,Arial,sans-serif;color:#212529;margin:14px}
h1{font-size:18px;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #dee2e6;padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:#f1f3f5}
th small{color:#868e96;font-weight:normal}
td.n,th.n{text-align:right}
tr.failed{background:#fff5f5}
.st-err{color:#c92a2a}.st-ok{color:#2b8a3e}
td.nw{white-space:nowrap}
.none{color:#adb5bd}
tfoot th{background:#f8f9fa}
"""
    body = (
        f"<h1>Rà soát trích xuất <small>(kehoach review)</small></h1>"
        f'<table class="index"><thead>{head}</thead><tbody>{"".join(rows)}</tbody><tfoot>{foot}</tfoot></table>'
    )
    return _page("kehoach review · index", body, css)
