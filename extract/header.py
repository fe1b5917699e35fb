"""The document's own fields: type, number, date, place, title, issuer,
signer and recipients (`DocumentInfo`).

`extract_header(doc)` reads them from the official header (the two columns
above the type heading), the lines after the heading (the title), the
preamble (the issuer, when the header lacks it) and the signature block and
"Nơi nhận" list at the end. A Quyết định / Nghị quyết that issues a plan is
recorded as itself, the plan going to `attached_to`.

Vocabulary: `rules/header/` (document types, body starts, preamble verbs,
authority prefixes, positions, surnames, signature marks) and the keys of
`rules/header.toml`; place names and levels: `extract.gazetteer`.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass

import regex as re

from . import gazetteer as gz
from .agency import expand_abbreviations, fold, normalize_agency_name
from .document import Document
from .heading import (  # the head's form, shared with segment (extract/heading.py)
    head_lines,
    locate,
    _DATE_LONG,
    _DATE_SHORT,
    _NUM_TOKEN,
    _attachment_re,
    _auth_match,
    _authority,
    _is_auth_line,
    _body_start_re,
    _cfg,
    _doc_types,
    _find_heading,
    _head_re,
    _heading,
    _heading_res,
    _heads,
    _is_motto,
    _is_prose,
    _is_upper,
    _key,
    _motto_re,
    _position,
    _positions,
    _preamble_re,
    _recipients_re,
    _starts_with_head,
    _strong_start_re,
    _title,
    parse_date,
    parse_number,
    parse_place_date,
)
from .normalize import is_letter_spaced, normalize_line, repair_spacing
from .record import DocumentInfo, Signer
from .rules import alternation, load_list, load_table, load_toml

__all__ = [
    "extract_header",
    "parse_number",
    "parse_date",
    "parse_place_date",
    "parse_signer",
    "parse_recipients",
]

# --------------------------------------------------------------------------
# rules






















@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(_key(s) for s in load_list("header/surnames.txt"))


@functools.lru_cache(maxsize=1)
def _marks() -> frozenset[str]:
    return frozenset(_key(s) for s in load_list("header/signature_marks.txt"))


@functools.lru_cache(maxsize=1)
def _stamps() -> frozenset[str]:
    return frozenset(_key(s) for s in load_list("header/header_stamps.txt"))


@functools.lru_cache(maxsize=1)
def _parent_organs() -> frozenset[str]:
    return frozenset(_key(s) for s in load_list("header/parent_organs.txt"))


@functools.lru_cache(maxsize=1)
def _name_prefix_re():
    return re.compile(rf"^(?:{alternation(load_list('header/name_prefixes.txt'))})\s*", re.IGNORECASE)






@functools.lru_cache(maxsize=1)
def _archive_re():
    return re.compile(_cfg()["archive_line"])






# --------------------------------------------------------------------------
# number and date











# --------------------------------------------------------------------------
# lines














@functools.lru_cache(maxsize=1)
def _motto_keys() -> tuple[str, ...]:
    return tuple(_key(m).replace("–", "-") for m in _cfg()["right_column_starts"])


def _is_motto_piece(line: str) -> bool:
    """A motto broken over lines ("CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")."""
    k = _key(line).replace("–", "-")
    if not k or not any(c.isalpha() for c in k):
        return False
    return any(k in m for m in _motto_keys()) and not (_is_upper(line) and gz.split_unit(line)[0])


# --------------------------------------------------------------------------
# title






# --------------------------------------------------------------------------
# issuer




@functools.lru_cache(maxsize=1)
def _territorial() -> frozenset[str]:
    return frozenset(_key(b) for b in _cfg().get("territorial_bodies", []))


@functools.lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Lower-case words that occur inside agency names ("nhân", "dân", "tỉnh")."""
    words = {gz._ck(w) for t, _ in gz._unit_types() for w in t.split()}
    for row in load_table("header/body_words.tsv"):
        words |= {gz._ck(w) for w in row[0].split() if w[:1].islower()}
    return frozenset(words)


def _left_groups(lines: list[str]) -> list[str]:
    """Bodies of the header's left column, top to bottom, in record case.

    A line opening with a body word ("SỞ", "ỦY BAN NHÂN DÂN", "HUYỆN ỦY")
    starts a new body; other lines ("TỈNH LÀO CAI", "VÀ ĐÀO TẠO") continue
    the one above."""
    groups: list[list[str]] = []
    for raw in lines:
        t = raw.strip().strip("*").strip()
        if not t or not any(c.isalpha() for c in t):
            continue
        pc = gz.proper_case(t, capitalize=False) if _is_upper(t) else expand_abbreviations(t)
        cont = bool(groups) and (not _starts_with_head(pc) or groups[-1][-1].rstrip().upper().endswith((" VÀ", "-", ",")))
        if cont:
            groups[-1].append(t)
        else:
            groups.append([t])
    out = []
    for g in groups:
        joined = " ".join(g)
        pc = gz.proper_case(joined) if _is_upper(joined) else gz.proper_case(expand_abbreviations(joined))
        out.append(normalize_agency_name(pc))
    return out


def _preamble_issuer(lines: list[str], start: int, stop: int) -> str | None:
    """The issuer named before "ban hành / xây dựng Kế hoạch" in the preamble
    (the last such clause; cited documents' issuers skipped)."""
    skip = tuple(_cfg().get("preamble_skip", []))
    not_after = re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(_cfg().get('issuer_not_after', []))})\s*$", re.IGNORECASE)
    found = None
    sentences = [x for t in lines[start:stop] for x in re.split(r"(?<=[\p{Ll}\d)]\.)\s+(?=\p{Lu})", t)]
    for t in sentences:
        if skip and t.lstrip().startswith(skip):
            continue
        for m in _preamble_re().finditer(t):
            clause = re.split(r"[,;:()]", t[: m.start()])[-1]
            clause = expand_abbreviations(clause).strip()
            heads = list(_head_re().finditer(clause))
            if not heads:
                continue
            k = len(heads) - 1
            # "Ban Dân vận Tỉnh ủy": heads joined by name words only
            while k > 0 and _name_like(clause[heads[k - 1].start():heads[k].start()]):
                k -= 1
            if not_after.search(clause[: heads[k].start()]):
                continue
            subj = clause[heads[k].start():].strip()
            if subj and len(subj.split()) <= 14:
                found = normalize_agency_name(subj)
    return found


def _name_like(s: str) -> bool:
    """Is `s` (from one head to the next) one name: capitalised words and the
    lower-case words of agency names, no verbs or connectors like "của"?"""
    words = s.split()
    if not words or len(words) > 8:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or gz._ck(w) in _name_words() for w in words)


def _ends_relative(name: str) -> tuple[str, str] | None:
    """("thành phố", "city") when `name` ends with a unit type lacking its place."""
    pat = re.compile(
        rf"(?<![\p{{L}}\p{{M}}])({alternation([t for t, _ in gz._unit_types()] + [c for c, _ in gz._committees()])})\s*$",
        re.IGNORECASE,
    )
    m = pat.search(name)
    if not m:
        return None
    return m.group(1), gz.unit_tier(m.group(1)) or ""


def _as_province(place: str | None) -> str | None:
    """The province a place line names ("Lạng Sơn", "TP. Hồ Chí Minh",
    "Thành phố Cần Thơ"), else None ("Đông Anh", "Quận 1")."""
    if not place:
        return None
    typ, bare = gz.split_unit(expand_abbreviations(place))
    if typ and gz.unit_tier(typ) not in ("province", "city"):
        return None
    return gz.find_province(bare) if gz.is_province(bare) else None


def _complete(name: str, place: str | None, text_provs: list[str], date: str | None) -> str:
    """Add the place to a relative name ("Ủy ban nhân dân thành phố" + "Hải Phòng")."""
    rel = _ends_relative(name)
    if rel:
        typ, tier = rel
        fill = _fill_for(tier, typ, place, text_provs, date)
        return f"{name} {fill}" if fill else name
    # a bare "Ủy ban nhân dân" (from "TM. ỦY BAN NHÂN DÂN"): the place's unit
    if gz.unit_level(name) is None and not gz.find_provinces(name) and place and _key(name) in _territorial():
        p = _as_province(place)
        if p:
            return f"{name} {'thành phố' if gz.is_central_city(p) else 'tỉnh'} {p}"
        typ, nm = gz.split_unit(place)
        if typ and nm[:1].isdigit():
            return f"{name} {place}"
        types = _unit_types_of(place, text_provs, date)
        # a district and its seat town share the name ("huyện Đông Anh",
        # "thị trấn Đông Anh"): the district is taken
        for tier in ("district", "commune"):
            same = [t for t in types if (gz.unit_tier(t) in ("district", "city")) == (tier == "district")]
            if len(same) == 1:
                return f"{name} {same[0]} {place}"
            if same:
                break
    return name


def _unit_types_of(place: str, text_provs: list[str], date: str | None) -> list[str]:
    out = []
    for t, tier in gz._unit_types():
        if tier in ("province",):
            continue
        cands = gz.provinces_of(place, t, date, exact_type=True)
        if not cands:
            continue
        if text_provs and not any(c in text_provs or gz.province_2025(c) in {gz.province_2025(p) for p in text_provs} for c in cands):
            continue
        out.append(t)
    return out


def _fill_for(tier: str, typ: str, place: str | None, text_provs: list[str], date: str | None) -> str | None:
    """The place name a relative unit type ("tỉnh", "thành phố", "huyện")
    stands for: the place line when it is such a unit, else the text."""
    prov = _as_province(place)
    if tier == "province":
        if prov and not gz.is_central_city(prov):
            return prov
        provs = [p for p in text_provs if not gz.is_central_city(p)]
        return provs[0] if provs else None
    if tier == "city":
        if prov and gz.is_central_city(prov):
            return prov
        if place and not prov and gz.provinces_of(place, "thành phố", date):
            return place
        cities = [p for p in text_provs if gz.is_central_city(p)]
        return cities[0] if cities else None
    if not place or prov:
        return None
    ptyp, pname = gz.split_unit(place)
    if ptyp:
        return None  # "Quận 1" as place: the type is already in the place
    return place


@functools.lru_cache(maxsize=1)
def _unit_re():
    words = [t for t, _ in gz._unit_types()] + [r[0] for r in load_table("header/party_committees.tsv")]
    name = r"(?:\d+|[\p{Lu}][\p{L}\p{M}'’]*)(?:\s*[-–]\s*[\p{Lu}][\p{L}\p{M}'’]*|\s+[\p{Lu}][\p{L}\p{M}'’]*)*"
    return re.compile(rf"(?<![\p{{L}}\p{{M}}])({alternation(words)})\s+({name})", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _committee_units() -> dict[str, str]:
    return {gz._ck(r[0]): r[2] for r in load_table("header/party_committees.tsv") if len(r) > 2}


def _lowest_unit(name: str) -> tuple[str, str] | None:
    """The first district or commune in a body's name: ("phường", "Bạch Sam");
    a party committee gives its unit ("Huyện ủy Yên Phong": "huyện")."""
    for m in _unit_re().finditer(name):
        typ, nm = m.group(1), m.group(2)
        typ = _committee_units().get(gz._ck(typ), typ.lower())
        tier = gz.unit_tier(typ)
        if tier in ("district", "commune") or (tier == "city" and not gz.is_central_city(nm)):
            return typ, nm
    return None


def _province_for(body: str | None, parent: str | None, level: str | None, place: str | None,
                  text_provs: list[str], date: str | None, warns: list[str]) -> str | None:
    """The issuer's province: named in the body or its parent, or the province
    of its district/commune (text evidence first, then the gazetteer)."""
    if level == "central" or not body:
        return None
    names = [x for x in (body, parent) if x]
    direct = [p for x in names for p in gz.find_provinces(x)]
    sets = []
    for x in names:
        unit = _lowest_unit(x)
        if unit:
            cands = gz.provinces_of(f"{unit[0]} {unit[1]}", date=date)
            if cands:
                sets.append((unit, cands))
    if not sets:
        if direct:
            return direct[0]
        if _as_province(place):
            return _as_province(place)
        if place and level in ("district", "commune"):
            cand = gz.province_of(place, hint=text_provs[0] if text_provs else None, date=date)
            if cand:
                return cand
        return text_provs[0] if text_provs else None
    inter = list(sets[0][1])
    for _, c in sets[1:]:
        both = [x for x in inter if x in c]
        if both:
            inter = both
    for t in direct + text_provs:
        t25 = gz.province_2025(t)
        if t in inter or any(gz.province_2025(c) == t25 for c in inter):
            return t
    if len(inter) == 1:
        return inter[0]
    if direct:
        return direct[0]
    unit = sets[0][0]
    warns.append(f"province: '{unit[0]} {unit[1]}' names units in several provinces ({', '.join(inter[:6])})")
    return None


# --------------------------------------------------------------------------
# signature and recipients


@dataclass
class _SigLine:
    kind: str  # auth | pos | name | mark | other
    text: str
    role: str | None = None
    canon: str | None = None
    rest: str | None = None




def _split_positions(rest: str) -> tuple[str, str | None]:
    """"CHỦ TỊCH PHÓ CHỦ TỊCH" -> ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
    words = rest.split()
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if _position(a) and _position(b):
            return a, b
    return rest, None


def _split_body_position(rest: str) -> tuple[str, str | None]:
    """"ỦY BAN NHÂN DÂN CHỦ TỊCH" -> ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH")."""
    words = rest.split()
    for k in range(2, len(words)):  # a one-word body is "ĐOÀN CHỦ TỊCH" itself
        if _position(" ".join(words[k:])):
            return " ".join(words[:k]), " ".join(words[k:])
    return rest, None


def _name_text(line: str) -> str:
    """A name line without seal marks and ranks ("(Đã ký) Đại tá Lê Văn A")."""
    t = normalize_line(line).strip(" .,*")
    t = re.sub(r"^\s*(?:\(?(?:đã ký|đã kí)\)?\s*:?\s*)", "", t, flags=re.IGNORECASE)
    return _name_prefix_re().sub("", t).strip()


def _is_name(line: str, after_sig: bool) -> bool:
    t = _name_text(line)
    words = t.split()
    if not 2 <= len(words) <= 5:
        return False
    if not all(re.fullmatch(r"[\p{Lu}][\p{Ll}\p{M}'’]*|[\p{Lu}\p{M}'’]+", w) for w in words):
        return False
    if _position(t) or _head_re().match(t) or gz.split_unit(t)[0] or gz.is_province(t):
        return False
    if _recipients_re().match(t) or _is_motto(t):
        return False
    if words[0].casefold() in _surnames():
        return True
    # an all-caps line is a name only with a known family name
    return after_sig and not _is_upper(t)


_MAX_TAIL_WORDS = 16


def _explode(line: str) -> list[str]:
    """Split a line that runs signature and recipients columns together."""
    t = line.strip()
    if not t:
        return []
    # before an authority prefix inside the line ("- Như trên; KT. CHỦ TỊCH")
    parts = _inline_auth_re().split(t)
    # "Nơi nhận: - Như trên;" -> heading, item
    out: list[str] = []
    for p in parts:
        m = _recipients_re().match(p)
        if m and p[m.end():].strip():
            out.extend([p[: m.end()].strip(), p[m.end():].strip()])
        else:
            out.append(p)
    # items run together: "- A; - B;"
    # (a note after the ";" closes an item too: "- A; (báo cáo) - B;")
    out = [q for p in out for q in re.split(r"(?<=[;.]|[;.]\s*\([^()]{1,40}\))\s+(?=[-+•]\s)", p)]
    # in a bulleted line, a bullet glued to its item after a separator
    # ("- UBND phường, -Thường trực …")
    out = [q for p in out for q in (re.split(r"(?<=[;,])\s+(?=[-+•]\p{Lu})", p) if re.match(r"^[-+•]\s", p) else [p])]
    final: list[str] = []
    for p in out:
        # a trailing all-caps position or a trailing personal name
        words = p.split()
        done = False
        # the trailing part is a position or a name: at most _MAX_TAIL_WORDS
        # words (so a long line costs linear time, not quadratic)
        for k in range(max(1, len(words) - _MAX_TAIL_WORDS), len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if _is_upper(tail) and _position(tail) and not _is_upper(head):
                final.extend([head, tail])
                done = True
                break
            if (_is_upper(head) and (_position(head) or _auth_match(head) or _split_positions(head)[1])) and _is_name(tail, True) and all(
                re.fullmatch(r"[\p{Lu}][\p{Ll}\p{M}'’]*", w) for w in words[k:]
            ):
                first, second = (head, None) if (_position(head) or _auth_match(head)) else _split_positions(head)
                final.extend([first, second, tail] if second else [head, tail])
                done = True
                break
        if not done:
            final.append(p)
    return final


@functools.lru_cache(maxsize=1)
def _inline_auth_re():
    # multi-letter prefixes only: a lone "Q." inside a line is too common
    prefixes = [r[0] for r in load_table("header/authority.tsv") if len(r[0].strip(".")) > 1]
    return re.compile(rf"(?<=\S)\s+(?=(?:{alternation(prefixes)})\s+[\p{{Lu}}]{{2,}})")




def _classify(lines: list[str]) -> list[_SigLine]:
    out: list[_SigLine] = []
    prev_sig = False
    prev_auth = False
    for t in lines:
        s = t.strip().strip("*").strip()
        a = _auth_match(s)
        if a and (_is_upper(a[2]) or _position(a[2]) or _head_re().match(a[2])):
            out.append(_SigLine("auth", s, a[1], a[0], a[2]))
            prev_sig = True
            # a title may follow unless the line carries it ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH")
            prev_auth = not (a[1] == "authority" and _split_positions(a[2])[1])
            continue
        if re.sub(r"[()\[\]]", "", _key(s)) in _marks():
            out.append(_SigLine("mark", s))
            continue
        if _position(s) and not s.startswith(("-", "+", "•")):
            out.append(_SigLine("pos", s, canon=_position(s)))
            prev_sig = True
            prev_auth = False
            continue
        if (prev_auth and _is_upper(s) and len(s.split()) <= 7 and not _head_re().match(gz.proper_case(s, capitalize=False))
                and not _archive_re().match(s) and s.split()[0].casefold() not in _surnames()):
            # a title not in positions.txt, right under an authority line
            out.append(_SigLine("pos", s, canon=gz.proper_case(s)))
            prev_sig = True
            prev_auth = False
            continue
        prev_auth = False
        if not s.startswith(("-", "+", "•")) and _is_name(s, prev_sig):
            out.append(_SigLine("name", s))
            prev_sig = False
            continue
        out.append(_SigLine("other", s))
        prev_sig = False
    return out


def _case_position(text: str) -> str:
    return _position(text) or gz.proper_case(text)


def parse_signer(lines: list[str]) -> Signer:
    """The signer from the lines of a document's end (any order of the
    signature block and the "Nơi nhận" list)."""
    cl = _classify([p for line in lines for p in _explode(repair_spacing(line))])
    names = [i for i, c in enumerate(cl) if c.kind == "name"]
    end = names[-1] if names else len(cl)
    sig = Signer()
    if names:
        sig.name = _name_text(cl[end].text)
    block = [c for c in cl[:end] if c.kind in ("auth", "pos")]
    # the block right before the name: from the last "TM." (or the first
    # authority line) of the run
    start = 0
    for i, c in enumerate(block):
        if c.kind == "auth" and c.role == "on_behalf_of":
            start = i
    block = block[start:]
    pending_acting = None
    # the capacity signed in is the first title line under the authority
    # lines ("TRƯỞNG BAN" / "PHÓ THỦ TƯỚNG": "Trưởng ban"); a title line below
    # it is the signer's other office
    titled = False
    for c in block:
        if c.kind == "auth":
            titled = False
            if c.role == "on_behalf_of":
                body, pos = _split_body_position(c.rest)
                sig.on_behalf_of = normalize_agency_name(gz.proper_case(body))
                sig.authority = None
                sig.position = _case_position(pos) if pos else None
            elif c.role == "authority":
                first, second = _split_positions(c.rest)
                sig.authority = f"{c.canon} {_case_position(first)}"
                if second:
                    sig.position = _case_position(second)
            else:  # acting ("Q. GIÁM ĐỐC")
                pending_acting = f"{c.canon} {_case_position(c.rest)}"
                sig.position = pending_acting
        else:
            if pending_acting and sig.position == pending_acting:
                sig.authority = pending_acting
            elif titled:
                continue
            sig.position = c.canon
            titled = True
    return sig


def _clean_recipient(line: str) -> str:
    s = re.sub(r"^[\s\-–+•*·]+", "", line)
    s = re.sub(r"[\s;.,]+$", "", s)
    s = re.sub(r"\s*\./\.?$", "", s)
    return s.strip()


def parse_recipients(lines: list[str]) -> list[str]:
    """The "Nơi nhận" list, each line as printed without bullet and trailing
    ";"; the "Lưu" line and what follows it are left out."""
    # recipients stay as printed, except a block spaced throughout by a bad
    # conversion ("B ộ X â y d ự n g")
    ex = [p for line in lines for p in _explode(repair_spacing(line, heavy=True) if is_letter_spaced(line) else line)]
    start = None
    for i, t in enumerate(ex):
        if _recipients_re().match(t.strip()):
            start = i
    if start is None:
        return []
    raws = ex[start + 1:]
    cl = _classify(raws)  # one entry per line
    out: list[str] = []
    prev_raw = None
    # the bullet as printed ("* A," from a markdown list: _classify drops "*")
    bullets = [bool(re.match(r"^\s*[\-–+•*·]", r)) for r in raws]
    bulleted = any(bullets)
    for c, has_bullet in zip(cl, bullets):
        t = c.text
        if _archive_re().match(t):
            break
        if c.kind in ("auth", "pos", "mark"):
            continue
        if c.kind == "name":
            break
        if not has_bullet:
            if out and _is_upper(t) and len(t.split()) >= 2:
                break
            if len(t) > 160:
                break
            if bulleted and out and prev_raw is not None and not re.search(r"[;.,:]\s*$", prev_raw):
                out[-1] = _clean_recipient(prev_raw.rstrip() + " " + t)
                prev_raw = prev_raw.rstrip() + " " + t
                continue
        r = _clean_recipient(t)
        if r:
            out.append(r)
            prev_raw = t
    return out




def _tail_start(lines: list[str], lo: int, hi: int) -> int:
    """Where the closing part (signature, recipients) begins in lines[lo:hi]:
    the last "Nơi nhận" heading or the first authority line near it, or
    earlier when a signature without authority line precedes it (up to the
    closing "./.")."""
    rec = None
    for i in range(lo, hi):
        if _recipients_re().match(lines[i].strip()):
            rec = i
    n_max = int(_cfg().get("tail_max_lines", 60))
    a_lo = max(lo, (rec if rec is not None else hi) - 25, hi - n_max)
    auth = next((i for i in range(a_lo, hi) if _is_auth_line(lines[i])), None)
    found = [i for i in (rec, auth) if i is not None]
    first = min(found) if found else hi
    # walk back over position / name / seal lines right above it
    k = first
    while k - 1 >= lo:
        t = lines[k - 1].strip().strip("*").strip()
        if _position(t) or re.sub(r"[()\[\]]", "", _key(t)) in _marks() or _is_name(t, True):
            k -= 1
            continue
        # the signer's other office under the title ("TRƯỞNG BAN" / "BỘ
        # TRƯỞNG BỘ …")
        if (k - 2 >= lo and _is_upper(t) and len(t.split()) <= 14
                and _position(lines[k - 2].strip().strip("*").strip())):
            k -= 1
            continue
        break
    if found or k < first:
        return k
    # no heading and no authority line: the lines after the closing "./."
    for i in range(hi - 1, max(lo, hi - n_max) - 1, -1):
        if lines[i].rstrip().endswith(("./.", "./")):
            return i + 1
    return max(lo, hi - 6)


def _appendix_start(lines: list[str], lo: int, hi: int) -> int:
    """The first appendix heading after the signature or recipients, else hi."""
    heads = tuple(_cfg().get("appendix_headings", []))
    closed = False
    for i in range(lo, hi):
        t = lines[i].strip()
        if _recipients_re().match(t) or _is_auth_line(t):
            closed = True
        elif closed and heads and t.startswith(heads):
            return i
    return hi


# --------------------------------------------------------------------------
# the header


@dataclass
class _Head:
    number: str | None = None
    code: str | None = None
    number_idx: int | None = None
    place: str | None = None
    date: str | None = None
    date_idx: int | None = None
    date_warns: list[str] | None = None
    left: list[str] | None = None


def _ends_with_doc_type(line: str) -> bool:
    """"THEO QUYẾT ĐỊNH": a left-column line that ends with a document type
    (rules/header/doc_types.tsv), so the number line under it is that
    document's."""
    f = fold(line.strip())
    return any(f == fold(h) or f.endswith(" " + fold(h)) for h, _, _ in _doc_types())


def _read_head(lines: list[str], lo: int, hi: int) -> _Head:
    """Number, place/date and the left column of lines[lo:hi]."""
    hd = _Head(left=[], date_warns=[])
    skip_to = lo
    for i in range(lo, hi):
        if i < skip_to:
            continue
        t = lines[i].strip()
        if not t:
            continue
        if _is_motto(t) or _is_motto_piece(t):
            continue
        if (hd.date_idx is None and not parse_place_date(t) and len(t.split()) <= 5
                and not _starts_with_head(gz.proper_case(t, capitalize=False))):
            # a place/date line broken over lines ("Sơn" / "La, ngày 11 tháng 3" / "năm 2020")
            for m in (2, 3):
                seg = lines[i:min(hi, i + m)]
                if any(parse_number(x) or _is_motto(x) for x in seg):
                    break
                joined = " ".join(x.strip() for x in seg)
                pd = parse_place_date(joined) if "ngày" in joined.lower() else None
                if pd and pd[1] and "ngày" in " ".join(lines[i:i + 2]).lower():
                    hd.place, hd.date, hd.date_warns = pd
                    hd.date_idx = i
                    skip_to = i + m
                    break
            if i < skip_to:
                continue
        mt = _motto_re().search(t)
        if mt and mt.start() > 0:
            t = t[: mt.start()].strip()
        if hd.number_idx is None:
            pn = parse_number(t)
            if pn and hd.left and _ends_with_doc_type(hd.left[-1]):
                # "ĐOÀN KIỂM TRA" / "THEO QUYẾT ĐỊNH" / "SỐ 1050/QĐ-SCT": the
                # number of the decision that set the issuer up, in its name
                hd.left[-1] = f"{hd.left[-1]} {t}"
                continue
            if pn:
                hd.number, hd.code = pn
                hd.number_idx = i
                rest = re.sub(r"^\s*\S+\s*[:.]?\s*\S+", "", t, count=1)
                pd = parse_place_date(rest) if rest.strip() else None
                if pd and hd.date_idx is None:
                    hd.place, hd.date, hd.date_warns = pd
                    hd.date_idx = i
                continue
        if hd.date_idx is None:
            pd = parse_place_date(t)
            if pd:
                hd.place, hd.date, hd.date_warns = pd
                hd.date_idx = i
                # left-column text before the place ("SỞ NỘI VỤ Nghệ An, ngày …")
                cut = t.find(pd[0]) if pd[0] else t.lower().find("ngày")
                pre = t[:cut].strip() if cut and cut > 0 else ""
                if pre and _is_upper(pre):
                    hd.left.append(pre)
                continue
        if re.match(r"^[\s*\-–_=.]+$", t) or _key(t) in _stamps():
            continue
        if _is_upper(t) or _starts_with_head(expand_abbreviations(t)) or (hd.left and gz.split_unit(t)[0]):
            if len(t) <= 120:
                hd.left.append(t)
    return hd


# what may stand before a line's first letter in the source (markdown
# emphasis, headings, quotes, table bars); the cheap tests below skip it
_MARKUP_LEAD = " \t*_#>|"


def _is_place_date_line(line: str) -> bool:
    """A line that is only a place/date line ("Hà Nội, ngày 26 tháng 9 năm
    2024"), the place a few capitalised words."""
    head = line.lstrip(_MARKUP_LEAD)
    if len(head) > 160 or not head[:1].isupper() or not any(c.isdigit() for c in head):
        return False  # (cheap test first: this runs over every line of a plan)
    t = normalize_line(line).strip(" *")
    pd = parse_place_date(t)
    if not pd or not pd[0] or not pd[1]:
        return False
    words = pd[0].split()
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    # nothing but the date after the place
    m = _DATE_LONG.search(t) or _DATE_SHORT.search(t)
    return bool(m) and not t[m.end():].strip(" .*)")


def _is_number_line(line: str) -> bool:
    """A short line that is only a document number ("Số: 12/QĐ-UBND")."""
    if len(line) > 300 or line.lstrip(_MARKUP_LEAD)[:1] not in ("S", "s"):
        return False  # (cheap test first: this runs over every line of a plan)
    t = normalize_line(line).strip(" *")
    mt = _motto_re().search(t)
    if mt and mt.start() > 0:
        t = t[: mt.start()].strip(" |")
    pn = parse_number(t)
    return bool(pn and pn[1]) and len(t) <= 60 and bool(re.match(r"^(?:Số|SỐ)\s*:", t))


def _displaced_head(lines: list[str], lo: int, hi: int) -> _Head | None:
    """The official header printed away from the top (a converter that moved
    the header table to the end, after an appendix): the first number line
    ("Số: …") near a place/date line, the motto or the issuer's upper-case
    name, with the body lines right above it; else a place/date line alone."""
    for k in range(lo, hi):
        if not _is_number_line(lines[k]):
            continue
        near = range(max(lo, k - 3), min(hi, k + 4))
        if not any(i != k and (_is_place_date_line(lines[i]) or _is_motto(lines[i])
                               or (_is_upper(lines[i]) and _starts_with_head(gz.proper_case(lines[i], capitalize=False))))
                   for i in near):
            continue
        start = k
        while start - 1 >= lo and (
            _is_motto(lines[start - 1]) or re.match(r"^[\s*\-–_=.]+$", lines[start - 1])
            or (_is_upper(lines[start - 1]) and len(lines[start - 1]) <= 120
                and _starts_with_head(gz.proper_case(lines[start - 1], capitalize=False)))
        ):
            start -= 1
        end = k + 1
        while end < min(hi, k + 5) and not _recipients_re().match(lines[end].strip()) and not _is_auth_line(lines[end]):
            end += 1
        hd = _read_head(lines, start, end)
        return hd if hd.number_idx is not None else None
    for k in range(lo, hi):
        if _is_place_date_line(lines[k]):
            hd = _Head(left=[], date_warns=[])
            hd.place, hd.date, hd.date_warns = parse_place_date(normalize_line(lines[k]).strip(" *"))
            hd.date_idx = k
            return hd
    return None


def _text_provinces(doc: Document, place: str | None) -> list[str]:
    out = gz.find_provinces(doc.text, strong_only=True)
    p = _as_province(place)
    if p:
        if p in out:
            out.remove(p)
        out.insert(0, p)
    return out


def _parse_attachment(line: str) -> dict | None:
    """"(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 5/3/2024 của UBND tỉnh X)"."""
    t = normalize_line(line).strip()
    m = _attachment_re().match(t)
    if not m:
        return None
    body = t[m.end():].strip().rstrip(")").strip()
    out: dict = {"doc_type": m.group("type")[:1].upper() + m.group("type")[1:].lower(), "number": None,
                 "code": None, "date": None, "issuer": None}
    nm = re.match(r"^(?:số\s*:?\s*)?(?P<tok>[\d\p{L}]*[/-][\p{L}\d/.\-]+)", body, re.IGNORECASE)
    if nm:
        pn = parse_number("Số: " + nm.group("tok"))
        if pn:
            out["number"], out["code"] = pn
    d, _ = parse_date(body)
    out["date"] = d
    im = re.search(r"(?<![\p{L}])của\s+(?P<who>.+)$", body)
    if im:
        out["issuer"] = normalize_agency_name(im.group("who"))
    return out


def extract_header(doc: Document, seg=None) -> tuple[DocumentInfo, list[str]]:
    """The document's own fields and warnings ("issue_date: day and month are
    blank in the source", "issuing_body: inferred from the preamble", …).

    `seg`: the document's `Segments`, whose lines and located type heading
    and title (extract/heading.py) are read as they are; without it they
    are made here the same way."""
    warns: list[str] = []
    lines = list(seg.lines) if seg is not None else head_lines(doc)
    n = len(lines)
    info = DocumentInfo()
    found = seg.title if seg is not None else locate(lines)
    h = found.heading if found is not None else None
    if found is None:
        warns.append("doc_type: no type heading found")
        hd = _read_head(lines, 0, min(n, 12))
        title, body_start = None, min(n, 12)
        doc_type = None
    else:
        hd = _read_head(lines, 0, h)
        if hd.date_idx is None or hd.number_idx is None:
            # a header printed after the heading (rare): look a few lines on
            extra = _read_head(lines, h + 1, min(n, h + 4))
            if hd.number_idx is None and extra.number_idx is not None:
                hd.number, hd.code, hd.number_idx = extra.number, extra.code, extra.number_idx
            if hd.date_idx is None and extra.date_idx is not None:
                hd.place, hd.date, hd.date_warns, hd.date_idx = extra.place, extra.date, extra.date_warns, extra.date_idx
        doc_type = found.doc_type
        title, body_start = found.title, found.end
    if hd.number_idx is None and hd.date_idx is None:
        # no header at the top: one the converter moved elsewhere
        moved = _displaced_head(lines, body_start if h is not None else min(n, 12), n)
        if moved is not None:
            warns.append("number: the header was found away from the top of the text")
            hd.number, hd.code, hd.number_idx = moved.number, moved.code, moved.number_idx
            hd.place, hd.date, hd.date_warns, hd.date_idx = moved.place, moved.date, moved.date_warns, moved.date_idx
            if not hd.left:
                hd.left = moved.left
    if doc_type is None and hd.code:
        first_seg = re.split(r"[-/]", hd.code)[0]
        for _, typ, code in _doc_types():
            if code and code.casefold() == first_seg.casefold():
                doc_type = typ
                break

    info.doc_type = doc_type
    info.number, info.number_code = hd.number, hd.code
    if hd.number_idx is not None and hd.number is None and hd.code:
        warns.append("number: the number is blank in the source (code only)")
    info.issue_date, info.place = hd.date, hd.place
    warns.extend(hd.date_warns or [])
    if hd.date_idx is None:
        warns.append("issue_date: no place/date line found")
    info.title = title

    region_end = n
    cfg = _cfg()
    issuing = set(cfg.get("issuing_types", []))
    attached_types = list(cfg.get("attached_types", []))
    issuer_from_attachment = None

    # a Quyết định / Nghị quyết issuing a plan
    if doc_type in issuing and h is not None:
        plan_type = None
        tm = re.search(rf"ban hành\s+(?:kèm theo\s+)?(?P<t>{alternation(attached_types)})\b(?P<rest>.*)$", title or "", re.IGNORECASE)
        if tm:
            plan_type = next(t for t in attached_types if t.casefold() == tm.group("t").casefold())
        ph = None
        for i in range(body_start, n):
            hh = _heading(lines[i])
            if hh and hh[0] in attached_types:
                ph = (i, hh)
                break
        if plan_type or ph:
            att: dict = {"doc_type": (ph[1][0] if ph else plan_type), "title": None, "number": None, "date": None}
            if ph:
                ptitle, _ = _title(lines, ph[0], ph[1][2] or None)
                att["title"] = ptitle
                # the plan's own header: just above its heading
                k = ph[0]
                while k - 1 > body_start and (
                    _is_motto(lines[k - 1]) or parse_number(lines[k - 1]) or parse_place_date(lines[k - 1])
                    or (_is_upper(lines[k - 1]) and _starts_with_head(gz.proper_case(lines[k - 1], capitalize=False)))
                    or re.match(r"^[\s*\-–_=.]+$", lines[k - 1])
                ):
                    k -= 1
                ph_head = _read_head(lines, k, ph[0])
                att["number"], att["date"] = ph_head.number, ph_head.date
                region_end = k
            elif tm:
                rest = tm.group("rest").strip()
                att["title"] = (rest[:1].upper() + rest[1:]) if rest else None
            info.attached_to = att
    elif h is not None:
        # an attached plan naming its issuing decision under the title
        for i in range(body_start, min(n, body_start + 3)):
            a = _parse_attachment(lines[i])
            if a and i + 1 < n and lines[i].count("(") > lines[i].count(")"):
                # the line wrapped inside its parenthesis ("(Kèm theo Quyết
                # định số 1422/QĐ-TTg" / "Ngày 19 tháng 11 năm 2024 của …)")
                whole = _parse_attachment(f"{lines[i]} {lines[i + 1]}")
                if whole and (whole["date"] or not a["date"]):
                    a = whole
            if a:
                info.attached_to = {"doc_type": doc_type, "title": title, "number": hd.number, "date": hd.date}
                info.doc_type = a["doc_type"]
                info.number, info.number_code = a["number"], a["code"]
                info.issue_date = a["date"]
                issuer_from_attachment = a["issuer"]
                warns = [w for w in warns if not w.startswith(("issue_date", "number"))]
                body_start = i + 1
                break

    text_provs = _text_provinces(doc, info.place)

    # issuing body
    groups = _left_groups(hd.left or [])
    body = groups[-1] if groups else None
    parent = groups[-2] if len(groups) > 1 else None
    if issuer_from_attachment and (not body or gz.unit_level(body) is None):
        body = issuer_from_attachment
    pre_stop = min(n, body_start + 12)
    for i in range(body_start, pre_stop):
        if re.match(r"^(?:[IVXLC]+\.|Điều\s+1\b)", lines[i]):
            pre_stop = i
            break
    if not body or _ends_relative(body) or _key(body) in _territorial() or not _starts_with_head(body):
        # no header body, a relative one, or one that does not read as a body
        # (OCR damage: "Y BAN NHÂN DÂN"): the preamble's issuer
        pre = _preamble_issuer(lines, body_start, pre_stop)
        if pre and (not body or len(pre) > len(body) or not _starts_with_head(body)):
            warns.append("issuing_body: inferred from the preamble")
            body = pre
    region_end = _appendix_start(lines, body_start, region_end)
    tail_lo = _tail_start(lines, body_start, region_end)
    tail = lines[tail_lo:region_end]
    signer = parse_signer(tail)
    if region_end < n and signer == Signer():
        # the decision lost its signature in the export: the plan's, at the end
        tail = lines[_tail_start(lines, region_end, n):n]
        signer = parse_signer(tail)
    if not body and signer.on_behalf_of:
        body = signer.on_behalf_of
        warns.append("issuing_body: inferred from the signature")
    if body and parent and _key(body) in _parent_organs():
        # an organ of the body above it ("BAN THƯỜNG TRỰC" under "ỦY BAN MTTQ
        # VIỆT NAM XÃ X"): named with the parent's full name
        body = f"{body} {parent}"
    elif body and parent and not _unit_re().search(body) and not gz.is_named_body(body):
        # a department under its parent ("UBND TỈNH NGHỆ AN" / "SỞ Y TẾ"): the
        # body is named with the parent's unit, "Sở Y tế tỉnh Nghệ An"
        pm = _unit_re().search(parent)
        if pm and gz.unit_tier(pm.group(1).lower()) is not None:
            body = f"{body} {pm.group(1).lower()} {pm.group(2)}"
    if body:
        completed = _complete(body, info.place, text_provs, info.issue_date)
        if completed != body:
            warns.append("issuing_body: place added from the place line or the text")
        body = normalize_agency_name(completed)
    info.issuing_body = gz.fixed_spelling(body) or None
    level = gz.unit_level(body) or (gz.unit_level(parent) if parent else None)
    info.issuer_level = level
    info.province = _province_for(body, parent, level, info.place, text_provs, info.issue_date, warns)
    info.province_2025 = gz.province_2025(info.province) if info.province else None
    info.signer = signer
    info.recipients = parse_recipients(tail)
    if not info.recipients:
        warns.append("recipients: no 'Nơi nhận' list found")
    return info, warns
