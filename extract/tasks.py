"""Tasks: the labelled items of a plan's task sections, with lead, support,
timeline and `requested`, by the six rules of SCHEMA.md ("Tasks").

Input: the `Segments` of a document (`extract.segment`). Output: a list of
`extract.record.Task`, in document order, ids as the path of labels
("II.1.a", unlabelled sub-tasks "-1", "-2" after their parent).

Two passes: `_build` turns the section tree into task nodes (deciding which
items are tasks, which are attribute lines, which unlabelled paragraphs open
sub-tasks); `_resolve` fills lead, support, timeline and `requested` from the
item's own attribute lines, its own sentences, an enclosing "Đối với X", or
the nearest ancestor that states one. Vocabularies: `rules/tasks/`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

import regex as re

from .agency import (
    _known_names, drop_honorific, ends_with_field_word, expand_abbreviations, field_words, normalize_agency_name,
    predicate_alternation, split_agencies, starts_with_agency, unit_type_alternation,
)
from .agency import fold, members_of
from .record import Agency, Task, Timeline
from .rules import alternation, load_list, load_table, load_toml
from .segment import HEADING_KINDS, Node, Segments

# --------------------------------------------------------------------------
# rules data


@functools.lru_cache(maxsize=1)
def _sections():
    cfg = load_toml("tasks/sections.toml")
    return cfg["task"], cfg["not_task"], re.compile(cfg["closing_formula"])


def section_verdict(heading: str) -> bool | None:
    """True for a heading that holds tasks, False for one that does not
    (MỤC ĐÍCH, KINH PHÍ …), None when it names neither."""
    task, not_task, _ = _sections()
    h = fold(heading)
    best: tuple[int, bool | None] = (len(h) + 1, None)
    for words, verdict in ((task, True), (not_task, False)):
        for w in words:
            i = h.find(w)
            if i >= 0 and (best[1] is None or (i, not verdict) < (best[0], not best[1])):
                best = (i, verdict)
    return best[1]


def is_mixed_section(heading: str) -> bool:
    """A heading that joins non-task and task parts ("MỤC TIÊU, NHIỆM VỤ VÀ
    GIẢI PHÁP CHỦ YẾU"): its items decide one by one ("1. Mục tiêu chung" holds
    no task, "2. Nhiệm vụ và giải pháp chủ yếu" does). Parts are what "," ";"
    and "và" separate; "KẾT QUẢ THỰC HIỆN NHIỆM VỤ" is one part, no mix."""
    parts = [p.strip() for p in re.split(r"[,;]|\s+va\s+", fold(heading)) if p.strip()]
    verdicts = {section_verdict(p) for p in parts if any(p.startswith(w) for w in _sections()[0] + _sections()[1])}
    return verdicts == {True, False}


def is_task_section(heading: str) -> bool:
    return bool(section_verdict(heading))


def is_closing_formula(text: str) -> bool:
    return bool(_sections()[2].search(text))


@functools.lru_cache(maxsize=1)
def _attributes():
    return [(re.compile(rf"^\s*(?:{rx})", re.IGNORECASE), name) for rx, name in load_table("tasks/attributes.tsv")]


def attribute_of(text: str) -> tuple[str, str] | None:
    """("lead"|"advisor"|"support"|"time"|"content"|"statement"|"other", value) of an attribute line."""
    for pat, name in _attributes():
        m = pat.match(text)
        if m:
            return name, text[m.end():].strip()
    return None


@functools.lru_cache(maxsize=1)
def _subject_cfg():
    cfg = load_toml("tasks/subjects.toml")
    # a predicate word, not preceded by "các"/"những" (then it is a noun:
    # "các tổ chức chính trị - xã hội"), nor followed by what makes it part
    # of a name (agency.predicate_alternation), nor right after a
    # field-of-work word (rules/agencies/field_markers.txt: "Cán bộ phụ
    # trách lĩnh vực giám sát …" names a person, "giám sát" no verb)
    pred = re.compile(r"(?<![\p{L}])(?<![Cc]ác )(?<![Nn]hững )(?<!(?i:" + field_words() + r") )(?:" + predicate_alternation() + r")(?![\p{L}])|:")
    # "Đề nghị Ủy ban MTTQ …", "6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, …"
    req = re.compile(r"^(?:" + alternation(cfg["requested_openers"]) + r")(?:\s*:\s*|\s+)", re.IGNORECASE)
    cmd = re.compile(r"^(?:" + alternation(cfg["command_openers"]) + r")\s+", re.IGNORECASE)
    inner = re.compile(r"(?<![\p{L}])(?:" + alternation(cfg["inner_subject_openers"]) + r")\s+(?=\S)")
    supp_open = [r[0] for r in load_table("tasks/support_openers.txt")]
    supp = re.compile(r"(?<![\p{L}])(?:" + alternation(supp_open) + r")\s+", re.IGNORECASE)
    stops = cfg["support_stops"]
    stop = re.compile(r"(?<![\p{L}])(?:" + alternation(stops) + r")(?![\p{L}])")
    doi_voi = re.compile(cfg["doi_voi"])
    adv = re.compile(r"^(?:" + alternation(cfg["adverbial_openers"]) + r")\b")
    return pred, req, cmd, inner, supp, stop, doi_voi, adv


def _mask_names(s: str) -> str:
    """Hide known names (which may contain predicate words) and parentheses
    ("(sau đây gọi là …)") from the matchers; offsets are kept."""
    s = _known_names().sub(s, lambda name: "X" * len(name))
    return re.sub(r"\([^()]*\)?", lambda m: "X" * len(m.group(0)), s)


# a subject cannot end in a preposition or conjunction ("Tỉnh ủy về …" is a
# fragment of a sentence broken at a page end, not a subject)
_DANGLING = re.compile(r"(?<![\p{L}])(?:về|của|và|với|cho|trong|tại|đối với|các|những|là|để|nhằm|theo)$")
# in a body's name, a predicate word after one of these is a noun ("Vụ Các
# vấn đề chung về xây dựng pháp luật"); after "để", "nhằm" it is a verb
_NAME_PREP = re.compile(r"(?<![\p{L}])(?:về|của|trong|đối với)$")
_SENT = re.compile(r"(?<=[.!?])\s+(?=\p{Lu})")


def sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


@functools.lru_cache(maxsize=1)
def _conjunctive():
    words = load_toml("tasks/subjects.toml").get("conjunctive_adverbs", [])
    return re.compile(r"^(?:" + alternation(words) + r"),?\s+", re.IGNORECASE) if words else re.compile(r"(?!)")


@functools.lru_cache(maxsize=1)
def _own_work():
    words = load_toml("tasks/subjects.toml").get("own_work_openers", [])
    return re.compile(r"^(?:" + alternation(words) + r")(?![\p{L}])", re.IGNORECASE) if words else re.compile(r"(?!)")


@functools.lru_cache(maxsize=1)
def _directive():
    words = load_toml("tasks/subjects.toml").get("directive_openers", [])
    return re.compile(r"^(?:" + alternation(words) + r")\s+", re.IGNORECASE) if words else None


def sentence_subject(sentence: str, *, directives: bool = True) -> tuple[list[str], bool]:
    """The bodies a sentence names as its subject, and whether it requests.
    `directives=False`: a sentence opening with a directive ("Chỉ đạo các cơ
    quan …") names no subject (under a body's heading that body directs)."""
    pred, req, cmd, inner, *_, adv = _subject_cfg()
    if not directives and _directive() is not None and _directive().match(_conjunctive().sub("", sentence.strip())):
        return [], False  # "(Đồng thời) yêu cầu các đơn vị …" under a body's heading: that body asks
    s = drop_honorific(expand_abbreviations(sentence.strip()))
    if adv.match(s):
        s = _after_adverbial(s)
    requested = False
    m = req.match(s)
    if m:
        requested, s = True, s[m.end():]
    else:
        m = cmd.match(s)
        if m:
            s = s[m.end():]
    colon = s.find(":")
    if 0 < colon and _person_name(_ROLE_DASH.split(s[:colon].strip())[0]) is not None:
        role = _role_before_colon(s, _mask_names(s))
        if role:
            return [role], requested  # "Ông. Hoàng Văn Thuân - Trưởng đoàn: …"
    if not starts_with_agency(s):
        # "Căn cứ …; yêu cầu các ngành, đoàn thể … nghiêm túc triển khai";
        # not in a sentence that opens with its verb ("Phối hợp với …; yêu
        # cầu các doanh nghiệp thực hiện …": the item's own body asks)
        if _own_work().match(s):
            return [], requested
        mm = inner.search(_mask_names(s))
        if not mm or not starts_with_agency(s[mm.end():]):
            return [], requested
        s = s[mm.end():]
    masked = _mask_names(s)
    if _units_named().match(s):
        named = _heading_names(s)
        if len(named) == 1 and ":" not in named[0]:
            return named, requested  # "UBND các xã: Hải Tiến, Giao Minh, …"
    role = _role_before_colon(s, masked)
    if role:
        return split_agencies(role), requested
    # the predicate must come after at least one word of the name
    first_word = re.match(r"[^\s:]+\s*", masked)
    off = first_word.end() if first_word else 0
    pm = pred.search(masked, off)
    while pm is not None and _inside_name(masked, pm):
        pm = pred.search(masked, pm.end())
    end = pm.start() if pm else None
    # a verb the vocabulary does not know ("… công bố địa chỉ"): the tagger
    # may end a long subject earlier
    if end is None or len(s[:end].split()) > 4:
        v = _tagged_verb(s, masked, off, end)
        if v is not None:
            end = v
    if end is None:
        return [], requested
    subject = _trailing_aux().sub("", s[:end].strip(" ,;:-–")).strip(" ,;:-–")
    if not subject or _DANGLING.search(subject):
        return [], requested
    return split_agencies(subject), requested


_ROLE_DASH = re.compile(r"\s+[-–]\s+")


def _role_before_colon(s: str, masked: str) -> str | None:
    """"Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung …": a
    post and a role in the committee, joined by a dash, before the colon
    that opens the duties; the whole is the name (the post may hold a word
    that reads as a verb: "xây dựng")."""
    colon = masked.find(":")
    if colon <= 0 or len(s[:colon].split()) > 20:
        return None
    head = s[:colon].strip()
    parts = _ROLE_DASH.split(head)
    if len(parts) < 2:
        return None
    person = _person_name(parts[0])
    if person is not None and (starts_with_agency(parts[-1]) or _team_role().match(parts[-1])):
        # "Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung …": a named
        # member of a team and the role the plan gives them
        return " - ".join([person] + parts[1:])
    if not starts_with_agency(parts[-1]) or not starts_with_agency(parts[0]):
        return None
    return head


@functools.lru_cache(maxsize=1)
def _person_re():
    alt = alternation(load_list("agencies/person_honorifics.txt"))
    # a Vietnamese personal name: two to five capitalised syllables
    return re.compile(rf"^(?:(?:{alt})\.?\s+)?(?P<name>\p{{Lu}}\p{{Ll}}*(?:\s+\p{{Lu}}\p{{Ll}}*){{1,4}})$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _team_role():
    return re.compile(rf"^(?:{alternation(load_list('agencies/team_roles.txt'))})\b", re.IGNORECASE)


def _person_name(text: str) -> str | None:
    """"Ông. Hoàng Văn Thuân" -> "Hoàng Văn Thuân"; None for anything that is
    no person's name (a body's name opens with a word of the agency
    vocabulary)."""
    m = _person_re().match(text.strip())
    if m is None or starts_with_agency(m.group("name")):
        return None
    name = m.group("name")
    if not all(w[0].isupper() for w in name.split()):
        return None  # IGNORECASE let a lower-case word through
    return name


_CLAUSE_COMMA = re.compile(r",\s*")
_PAREN_ASSIGN = re.compile(r"\(([^()]{6,400})\)")


def _after_adverbial(s: str) -> str:
    """The sentence from its subject on, when it opens with an adverbial
    clause ("Trên cơ sở đề nghị của Ủy ban nhân dân quận, huyện, Sở Xây dựng
    chủ trì …"): the first comma of the clause after which a body's name is
    followed by a predicate word. Unchanged when there is none."""
    pred, inner = _subject_cfg()[0], _subject_cfg()[3]
    # the clause ends where a ";" or an inner opener ("đề nghị các sở …") stands
    # ("đề nghị của …" is a noun: the proposal of a body)
    stop = len(s)
    masked = _mask_names(s)
    for mm in inner.finditer(masked):
        if not masked[mm.end():].startswith("của"):
            stop = mm.start()
            break
    sem = masked.find(";")
    if sem >= 0:
        stop = min(stop, sem)
    first_comma = None
    for m in _CLAUSE_COMMA.finditer(s, 0, min(stop, 400)):
        rest = s[m.end():]
        if first_comma is None:
            first_comma = m.end()
        elif pred.search(_mask_names(s[first_comma: m.start()])):
            break  # a clause with its own verb: the names after it are its objects
        if not starts_with_agency(rest):
            continue
        masked = _mask_names(rest)
        first = re.match(r"\S+\s*", masked)
        pm = pred.search(masked, first.end() if first else 0)
        if pm and pm.group(0) != ":" and len(rest[: pm.start()].split()) <= _adverbial_subject_words() and not _DANGLING.search(rest[: pm.start()].strip(" ,")):
            return rest
    return s


@functools.lru_cache(maxsize=1)
def _internal_verbs() -> frozenset[str]:
    return frozenset(load_list("tasks/subject_internal.txt"))


@functools.lru_cache(maxsize=1)
def _generic_nouns() -> frozenset[str]:
    return frozenset(load_list("agencies/collective_nouns.txt")) | frozenset(load_list("agencies/attach_words.txt"))


@functools.lru_cache(maxsize=1)
def _ends_with_generic_noun():
    return re.compile(r"(?<![\p{L}])(?:" + alternation(_generic_nouns()) + r")$", re.IGNORECASE)


def _inside_name(masked: str, m) -> bool:
    """A name-internal verb right after a generic noun ("viện nghiên cứu",
    "cơ sở khám bệnh") is part of the name, not the predicate."""
    if m.group(0).lower() not in _internal_verbs():
        return False
    before = masked[: m.start()].rstrip()
    return bool(_ends_with_generic_noun().search(before)) and not _ends_with_compound().search(before)


@functools.lru_cache(maxsize=1)
def _ends_with_compound():
    return re.compile(r"(?<![\p{L}])(?:" + alternation(load_list("agencies/not_body_compounds.txt")) + r")$",
                      re.IGNORECASE)


def _tagged_verb(s: str, masked: str, off: int, limit: int | None) -> int | None:
    """Offset of the first lower-case verb (underthesea) after `off`, before
    `limit`, outside masked names, that is not a name-internal verb."""
    from .vntext import pos_tags

    cut = limit if limit is not None else len(s)
    window = s[: min(len(s), cut + 1)]
    for tok, tag, a, b in pos_tags(window):
        if a < off or a >= cut:
            continue
        if tag != "V" or not tok[:1].islower() or "X" in masked[a:b]:
            continue
        low = tok.lower()
        if low in _internal_verbs() or low in _generic_nouns():
            continue
        if any(s[a: a + len(iv)].lower() == iv and not s[a + len(iv): a + len(iv) + 1].isalpha()
               for iv in _internal_verbs()):
            continue  # the tagger split a name-internal verb ("khám | bệnh")
        if re.search(r"(?:,|\bvà|\bcác|\bnhững)\s*$", s[:a]):
            continue  # an item of a list of bodies, not a verb
        if ends_with_field_word(s[:a]):
            continue  # "Cán bộ phụ trách lĩnh vực giám sát …": a field of work
        return a
    return None


@functools.lru_cache(maxsize=1)
def _name_openers() -> frozenset[str]:
    return frozenset(r[0].lower() for r in load_table("tasks/support_openers.txt") if len(r) > 1 and r[1] == "name")


def sentence_support(sentence: str) -> list[str]:
    """Bodies named after "phối hợp với …" up to the next predicate word."""
    pred, _, _, _, supp, stop, *_ = _subject_cfg()
    out: list[str] = []
    sentence = expand_abbreviations(sentence)
    masked = _mask_names(sentence)
    for m in supp.finditer(masked):
        rest_m = masked[m.end():]
        named = starts_with_agency(sentence[m.end():])
        if not named and (m.group(0).strip().lower() in _name_openers() or not re.match(r"(?i)các\s", sentence[m.end():])):
            continue
        ends = [len(rest_m)]
        for pat in (pred, stop):
            e = pat.search(rest_m, 1)
            if e:
                ends.append(e.start())
        sem = rest_m.find(";")
        # "phối hợp với A; B; C.": a ";" goes on to the next body while what
        # follows it only names bodies (no predicate: "; Sở Tài chính bố trí
        # kinh phí" is a clause of its own)
        while 0 <= sem < min(ends):
            nxt = rest_m.find(";", sem + 1)
            seg_end = nxt if nxt >= 0 else len(rest_m)
            seg = sentence[m.end() + sem + 1: m.end() + seg_end]
            if not names_only(seg):
                break
            sem = nxt if nxt >= 0 else -1
        if sem >= 0:
            ends.append(sem)
        # a verb the vocabulary does not know ("phối hợp với Sở Công Thương
        # khảo sát nhu cầu …"): the tagger ends the name there, where a name
        # can end (after a capitalised word or a unit type: "… tỉnh"; not
        # "tổ chức pháp chế", a tagger's verb inside a name)
        first_word = re.match(r"[^\s:]+\s*", rest_m)
        v = _tagged_verb(sentence[m.end():], rest_m, first_word.end() if first_word else 0, min(ends))
        if v is not None and _name_end_re().search(sentence[m.end(): m.end() + v]):
            ends.append(v)
        chunk = sentence[m.end(): m.end() + min(ends)].strip(" ,;.:")
        out.extend(a for part in chunk.split(";") for a in split_agencies(part.strip(" ,.:")))
    return out


@functools.lru_cache(maxsize=1)
def _name_end_re():
    """Where a body's name can end: a capitalised word, a unit type ("… tỉnh"), ")"."""
    return re.compile(rf"(?:\p{{Lu}}[\p{{L}}\p{{M}}]*|(?<![\p{{L}}])(?:{unit_type_alternation()})|\))\s*$")


def names_only(text: str) -> bool:
    """A line that only names bodies ("- Các sở, ngành, Ủy ban nhân dân các cấp …")."""
    pred = _subject_cfg()[0]
    t = text.strip().rstrip(";.")
    if not starts_with_agency(t):
        return False
    # a predicate word right after a preposition is a noun in the name
    # ("Vụ Các vấn đề chung về xây dựng pháp luật"), not the clause's verb
    return all(_NAME_PREP.search(t[: m.start()].rstrip()) for m in pred.finditer(_mask_names(t)))


@functools.lru_cache(maxsize=1)
def _heading_openers():
    words = load_toml("tasks/subjects.toml").get("heading_openers", [])
    return re.compile(r"^(?:" + _openers_alternation(words) + r")\s+", re.IGNORECASE) if words else None


def _openers_alternation(words: list[str]) -> str:
    """The openers as one alternation; an opener ending in "của" also takes a
    qualifier before it (`opener_qualifiers`: "Nhiệm vụ chủ yếu của")."""
    quals = load_toml("tasks/subjects.toml").get("opener_qualifiers", [])
    alts = []
    for w in sorted(words, key=len, reverse=True):
        head, _, last = w.rpartition(" ")
        if quals and head and fold(last) == "cua":
            alts.append(rf"{alternation([head])}(?:\s+(?:{alternation(quals)}))?\s+{alternation([last])}")
        else:
            alts.append(alternation([w]))
    return "|".join(alts)


def is_agency_heading(text: str) -> bool:
    """An item whose whole text is the name of one or more bodies ("1. Sở Nội
    vụ", "2. Giao Sở Tài chính", "3. Đối với Ủy ban nhân dân các cấp")."""
    t = _strip_command(text.strip().rstrip(":;."))
    if len(t) < 200 and (names_only(t) or members_of(t)):
        return True  # names, or a group named with its members ("… (gồm các Sở: …)")
    duty, max_words = _duty_openers()
    return bool(duty.match(text.strip())) and 0 < len(t.split()) <= max_words and not re.search(r"[,;:.]", t)


@functools.lru_cache(maxsize=1)
def _duty_openers():
    """("Trách nhiệm của", "Nhiệm vụ của") pattern and the longest name after it."""
    cfg = load_toml("tasks/subjects.toml")
    return (re.compile(rf"^(?:{_openers_alternation(cfg.get('duty_openers', []))})\s+", re.IGNORECASE),
            int(cfg.get("duty_name_words", 8)))


def clean_title(text: str) -> str:
    t = text.strip()
    t = re.sub(r"\s*(?:\./\.|\.{3}|…)\s*$", "", t)
    return t.rstrip(" ;.:").strip()


# --------------------------------------------------------------------------
# pass 1: the task tree


@dataclass
class _T:
    id: str
    parent: "_T | None"
    section: str
    title: str
    start: int
    end: int
    texts: list[str] = field(default_factory=list)  # own sentences' paragraphs
    attrs: dict[str, list[str]] = field(default_factory=dict)
    union: set[str] = field(default_factory=set)  # attributes made of sub-task bullets
    doi_voi: list[str] | None = None
    agency_heading: bool = False
    requested_heading: bool = False
    children: list["_T"] = field(default_factory=list)
    counter: int = 0
    # resolved
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    stated_lead: list[str] = field(default_factory=list)
    stated_support: list[str] = field(default_factory=list)
    timeline: Timeline | None = None
    requested: bool = False

    def next_minus(self) -> str:
        self.counter += 1
        return f"{self.id}-{self.counter}"

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def _item(node: Node, parent: _T | None, tid: str, section: str) -> _T:
    t = _T(tid, parent, section, clean_title(node.text), node.start, node.end, texts=[node.text])
    t.agency_heading = is_agency_heading(node.text)
    _, req, *_ = _subject_cfg()
    t.requested_heading = t.agency_heading and bool(req.match(node.text.strip()))
    m = _subject_cfg()[6].match(node.text)
    if m:
        # "6.2. Đối với đơn vị được kiểm tra: Chuẩn bị báo cáo …"
        t.doi_voi = split_agencies(m.group("who"))
    if parent is not None:
        parent.children.append(t)
    _children(node.children, t, section)
    return t


def _bullets_are_subtasks(bullets: list[Node]) -> bool:
    """SCHEMA rule 2: each bullet names a body together with work of its own."""
    if not bullets:
        return False
    for b in bullets:
        subj, _ = sentence_subject(b.text)
        if not subj or names_only(b.text):
            return False
    return True


def _hoist(c: Node, doi_voi) -> list[Node]:
    """Paragraphs under a bullet from the first "Đối với X:" on belong to the
    bullet's parent: they open the next assignment, not the bullet's text."""
    for i, g in enumerate(c.children):
        if g.kind == "para" and doi_voi.match(g.text):
            rest = c.children[i:]
            c.children = c.children[:i]
            return rest
    return []


def _closing_attributes(last: Node, siblings: list[Node]) -> list[Node]:
    """The lead or support line that closes a list of bullets ("- …" / "- …"
    / "Trách nhiệm chỉ đạo thực hiện: Đảng ủy …") belongs to the item that
    holds the list, not to its last bullet: taken from the last bullet when
    none of its siblings has attribute lines of its own."""
    if not siblings or any(attribute_of(g.text) for b in siblings for g in b.children if g.kind == "para"):
        return []
    out: list[Node] = []
    while last.children and last.children[-1].kind == "para":
        a = attribute_of(last.children[-1].text)
        if not a or a[0] not in ("lead", "advisor", "support"):
            break
        out.insert(0, last.children.pop())
    if out and any(attribute_of(g.text) for g in last.children if g.kind == "para"):
        last.children.extend(out)  # the bullet has attribute lines of its own: they all stay
        return []
    return out


_BULLETS = ("dash", "plus")


@functools.lru_cache(maxsize=1)
def _appendix_pointer():
    return re.compile(load_toml("tasks/sections.toml")["appendix_pointer"])


@functools.lru_cache(maxsize=1)
def _requirement_re():
    rows = load_list("tasks/requirements.txt")
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{r})" for r in rows) + r")", re.IGNORECASE)


def _is_requirement(text: str) -> bool:
    """A how-to line: "Bảo đảm …", "Việc … phải …", "Nguyên tắc …: …"."""
    return _requirement_re().match(text) is not None


def _names_work(text: str, topics: bool = True) -> bool:
    """Does a list item name work (a body, a predicate word, a verb or an
    adverb of manner first: "Khẩn trương rà soát …"), after a leading time
    label ("Năm 2018: Rà soát …") or a topic and its colon?"""
    from .timeline import parse_timeline

    t = text.strip()
    m = re.match(r"^([^:]{1,30}):\s*(?=\S)", t)
    if m and parse_timeline(m.group(1)) is not None:
        t = t[m.end():]
    if _opens_work(t):
        return True
    # a topic before a colon, then the work ("Vùng Biển – Đầm phá Tam Giang –
    # Văn hóa làng chài: Phát triển sản phẩm trải nghiệm …"); not a case
    # ("Đối với thôn có dưới 100 cử tri: Phải tổ chức …": a rule per case)
    # the topic names something (a capitalised word after its first: "Vùng
    # Biển – Đầm phá Tam Giang") or is one ("Về khoa học công nghệ: …"), not
    # an aspect ("Điểm quan trắc: …", "Thông số, tần suất …: …", the
    # specification of an item)
    m = re.match(r"^([^:;.]{1,100}):\s*(?=\S)", t) if topics else None
    if m and not (any(w[:1].isupper() for w in m.group(1).split()[1:]) or re.match(r"(?i)về\s", m.group(1))):
        m = None
    return (bool(m) and len(m.group(1).split()) <= 14 and not _subject_cfg()[6].match(t)
            and _opens_work(t[m.end():]))


def _opens_work(t: str) -> bool:
    from .vntext import pos_tags

    if attribute_of(t) or starts_with_agency(t) or sentence_subject(t)[0]:
        return True
    low = t[:1].lower() + t[1:]
    pm = _subject_cfg()[0].match(low)
    if pm and pm.group(0) != ":":
        return True
    tags = pos_tags(" ".join(low.split()[:6]))
    return bool(tags) and tags[0][1] in ("V", "A")


def _enumeration(run: list[Node], intro: str) -> bool:
    """SCHEMA tasks rule 1: bullets that enumerate things, not work
    (rules/tasks/sections.toml `enumeration_share`). `intro`: the text the
    run follows; one that announces a list ("… lấy mẫu tại 15 vị trí như
    sau:") makes "Place: what is done there" items its entries, not tasks."""
    cfg = load_toml("tasks/sections.toml")
    introduced = intro.rstrip().endswith(":")
    listing = bool(_list_intro().search(intro.rstrip()))
    neutral = re.compile(rf"^(?:{alternation(cfg.get('enumeration_neutral', []))})(?![\p{{L}}])", re.IGNORECASE)
    counted = [b for b in run if not neutral.match(b.text.strip())]
    if len(counted) < 2:
        return False
    things = sum(1 for b in counted if not _names_work(b.text, topics=not listing) and not _has_own_attributes(b))
    share = float(cfg.get("enumeration_share", 0.66)) if introduced else 1.0
    return things >= share * len(counted)


@functools.lru_cache(maxsize=1)
def _list_intro():
    words = load_toml("tasks/sections.toml").get("list_introducers", [])
    return re.compile(rf"(?<![\p{{L}}])(?:{alternation(words)})\s*:$", re.IGNORECASE) if words else re.compile(r"(?!)")


def _has_own_attributes(node: Node) -> bool:
    """An item with attribute lines of its own ("- Nghị định quy định chi tiết
    …" / "+ Cơ quan chủ trì: Bộ Công an." / "+ Thời hạn ban hành: …"): a
    piece of work to deliver, however it is named, not a thing listed."""
    return any((a := attribute_of(c.text.lstrip("-+*•– "))) and a[0] in ("lead", "advisor", "support", "time")
               for c in node.children)


def _flatten_text(nodes: list[Node]) -> list[str]:
    out = []
    for n in nodes:
        out.append(n.text)
        out.extend(_flatten_text(n.children))
    return out


# a second attribute line run into a line after a dash, or after the
# sentence's end ("… gửi Bộ Tài chính. Thời gian hoàn thành: Tháng 02/2026")
_INLINE_DASH = re.compile(r"\s[-–]\s*(?=\p{Lu})|(?<=[.;])\s+(?=\p{Lu})")


def _inline_attribute(text: str) -> int | None:
    """Offset of a second attribute line run into the first ("… và địa
    phương -Thời gian thực hiện: Thường xuyên"), else None."""
    for m in _INLINE_DASH.finditer(text):
        a = attribute_of(text[m.end():])
        if a and a[0] in ("lead", "advisor", "support", "time") and ":" in text[m.end(): m.end() + 60]:
            return m.end()
    return None


def _children(children: list[Node], t: _T, section: str) -> None:
    open_sub: _T | None = None
    doi_voi = _subject_cfg()[6]
    queue = list(children)
    day: str | None = None
    attributed = any((a := attribute_of(c.text)) and a[0] in ("lead", "advisor", "support", "time") for c in children)
    # bullets right under an item that ends with ":" ("… bao gồm:")
    prev_text = t.texts[-1] if t.texts else ""
    prev_holder = t  # the task whose text `prev_text` is
    while queue:
        c = queue.pop(0)
        if c.kind in _BULLETS:
            run = [c]
            while len(run) < len(queue) + 1 and queue[len(run) - 1].kind == c.kind:
                run.append(queue[len(run) - 1])
            # an attribute line ends the list ("* Thời gian thực hiện: …")
            run = run[: next((i for i, b in enumerate(run) if attribute_of(b.text)), len(run))]
            if _enumeration(run, prev_text):
                # the list is the item's text; numbered items of work nested
                # in it ("- Tài liệu phục vụ hội nghị: …" / "(1) Tổ chức hiệp
                # thương lần thứ nhất: …") stay tasks of the item
                kept = [g for b in run for g in b.children
                        if g.kind not in _BULLETS + ("para", "table") and _names_work(g.text)]
                prev_holder.texts.extend(_flatten_text([replace(b, children=[g for g in b.children if g not in kept])
                                                        for b in run]))
                del queue[: len(run) - 1]
                queue[0:0] = kept
                prev_text = run[-1].text
                continue
        prev_text = c.text
        prev_holder = t
        if c.kind in ("dash", "plus"):
            queue[0:0] = _hoist(c, doi_voi)
            if not any(q.kind == c.kind for q in queue):
                queue[0:0] = _closing_attributes(c, [x for x in children if x.kind == c.kind and x is not c])
        if c.kind == "table":
            _table_tasks(c, t, section, day=day)
            day = None
            continue
        day = None
        if c.kind == "para" and queue and queue[0].kind == "table" and _is_time_heading(c.text):
            # "NGÀY 2: THỨ BA, NGÀY 25/8/2026" over a table of that day's
            # sessions: the rows' time, unless a row gives its own
            day = c.text
            continue
        attr = attribute_of(c.text)
        tail = _inline_attribute(c.text) if attr else None
        if tail is not None:
            # "- Cơ quan thực hiện: … và địa phương -Thời gian thực hiện: …"
            queue.insert(0, replace(c, text=c.text[tail:], children=[]))
            c = replace(c, text=c.text[:tail].rstrip(" -–"))
            attr = attribute_of(c.text)
        if attr:
            name, value = attr
            open_sub = None
            if name == "content":
                _children(c.children, t, section)
                continue
            if name == "statement":
                # "1.1. Nội dung: …" (or an unlabelled "Nội dung: …"): the
                # text of the task it sits in; its lines are that task's
                t.texts.append(c.text)
                queue[0:0] = c.children
                continue
            bullets = [b for b in c.children if b.kind != "table"]
            if name in ("lead", "advisor", "support"):
                if not value and bullets and all(attribute_of(b.text) for b in bullets):
                    # "b) Cơ quan thực hiện:" / "- Đơn vị chủ trì: …" / "- Đơn
                    # vị phối hợp: …": attribute lines of the same item
                    queue[0:0] = bullets
                    continue
                if not value and bullets:
                    if _bullets_are_subtasks(bullets):
                        for b in bullets:
                            _item(b, t, t.next_minus(), section)
                        t.union.add(name)
                        continue
                    value = "; ".join(b.text.rstrip(";.") for b in bullets)
                if value:
                    t.attrs.setdefault(name, []).append(value)
            elif name == "time":
                if not value and bullets and _bullets_are_subtasks(bullets):
                    # "- Thời gian thực hiện:" / "+ Các bộ … gửi kết quả … trước
                    # ngày 15/12/2025" / "+ Bộ Công an tổng hợp … trước ngày
                    # 31/12/2025": each bullet a body's own work and its date
                    for b in bullets:
                        _item(b, t, t.next_minus(), section)
                    t.union.add("lead")
                    continue
                if not value and bullets:
                    value = "; ".join(b.text for b in bullets)
                if value:
                    t.attrs.setdefault("time", []).append(value)
            continue
        if c.kind == "para":
            if is_closing_formula(c.text):
                continue
            m = doi_voi.match(c.text)
            if m or t.agency_heading:
                sub = _T(t.next_minus(), t, section, clean_title(c.text), c.start, c.end, texts=[c.text])
                if m:
                    sub.doi_voi = split_agencies(m.group("who"))
                t.children.append(sub)
                open_sub = sub
            elif open_sub is not None:
                open_sub.texts.append(c.text)
            else:
                t.texts.append(c.text)
            prev_holder = open_sub if open_sub is not None else t
            continue
        # a labelled item
        parent = t
        if c.kind in ("dash", "plus") and open_sub is not None:
            parent = open_sub
        elif c.kind not in ("dash", "plus"):
            open_sub = None
        if c.kind in ("dash", "plus") and names_only(c.text) and not c.children:
            parent.attrs.setdefault("lead_implicit", []).append(c.text)
            continue
        if c.kind in _BULLETS and not c.children and _appendix_pointer().match(c.text):
            t.texts.append(c.text)
            continue
        if (c.kind in _BULLETS and parent is t and attributed and not c.children
                and _is_requirement(c.text) and not sentence_subject(c.text)[0]):
            # "1.1. Xây dựng Hướng dẫn …" / "- Bảo đảm thống nhất với …" /
            # "- Thời gian hoàn thành: …" / "- Đơn vị chủ trì: …": beside the
            # item's own attribute lines, a requirement its work must meet
            # (rules/tasks/requirements.txt) is no sub-task
            t.texts.append(c.text)
            continue
        tail = _inline_attribute(c.text)
        if tail is not None:
            # "- Tổng hợp kết quả, báo cáo Bộ Tài chính. Thời gian hoàn thành:
            # Tháng 02/2026": the item's work, then its attribute line
            attr_line = replace(c, kind="para", label="", key="", text=c.text[tail:], children=[])
            c = replace(c, text=c.text[:tail].rstrip(" -–"), children=[attr_line] + list(c.children))
        key = c.key if c.kind in ("num", "dec2", "dec3", "letter", "paren") + HEADING_KINDS else ""
        tid = f"{parent.id}.{key}" if key else parent.next_minus()
        prev_holder = _item(c, parent, tid, section)


@functools.lru_cache(maxsize=1)
def _table_columns():
    return [(re.compile(rf"^\s*(?:{rx})\s*:?\s*$", re.IGNORECASE), col) for rx, col in load_table("tasks/table_columns.tsv")]


def table_header(row: list[str]) -> dict[int, str] | None:
    """Column index -> role ("id", "title", "lead", "support", "time",
    "other") when `row` is the header of a task table."""
    cols: dict[int, str] = {}
    for i, cell in enumerate(row):
        for pat, name in _table_columns():
            if pat.match(cell.strip()):
                if name not in cols.values() or name == "other":
                    cols[i] = name
                break
    roles = set(cols.values())
    return cols if "title" in roles and roles & {"lead", "support", "time"} else None


_STT_GROUP = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
_STT_NUM = re.compile(r"^\d+(?:\.\d+)*\.?$")
_MERGED_GROUP = re.compile(r"^((?:[IVXLC]+|[A-Z]))[.)]\s+(\S.*)$")


_CELL_BULLET = re.compile(r"(?:^|\s)[-–+•]\s+(?=\p{Lu})")


_BARE_MONTHS = re.compile(r"^\d{1,2}(?:\s*[-–]\s*\d{1,2})?/\d{4}$")


def _time_cell(text: str) -> str:
    """A time column's cell: "10-11/2019", "12/2019" alone name months
    ("tháng 10-11/2019"), as the column says."""
    return f"tháng {text}" if _BARE_MONTHS.match(text) else text


_CELL_SLASH = re.compile(r"(?<=\p{L})\s*/\s*(?=\p{Lu}\p{Ll})")


def _cell_list(text: str) -> str:
    """A cell whose bullets were run together ("- Vụ Đất đai - Cục Quy hoạch
    … - Các đơn vị khác có liên quan"): one name a bullet, where the next
    part opens a body ("Vụ Kế hoạch - Tài chính" stays one name)."""
    out, last = [], 0
    for m in _CELL_BULLET.finditer(text):
        if m.start() == 0 or starts_with_agency(text[m.end():]):
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    # "Ban Quản lý quy hoạch/ Tư vấn được lựa chọn": one or the other, both named
    out = [q for p in out for q in _CELL_SLASH.split(p)]
    return "; ".join(p.strip(" ;") for p in out if p.strip(" ;"))


def _sub_header(row: list[str]) -> dict[int, str]:
    """The roles a second header row names ("", "Theo NQ 01", "", "Chính
    phủ", "TTg CP", "", "Chủ trì", "Phối hợp"): only lead/support/time cells
    count, and a row with a number in its first cell is a task row."""
    first = (row[0] or "").strip() if row else ""
    if first and (_STT_NUM.match(first) or _STT_GROUP.match(first)):
        return {}
    out: dict[int, str] = {}
    for i, cell in enumerate(row):
        for pat, name in _table_columns():
            if pat.match(cell.strip()):
                if name in ("lead", "support", "time"):
                    out[i] = name
                break
    return out if "lead" in out.values() or "support" in out.values() else {}


def _is_time_heading(text: str) -> bool:
    """A short line that only names a day or a period ("NGÀY 1: THỨ HAI,
    NGÀY 24/8/2026", "Đợt 2 (tháng 3/2026)"): a few label words at most."""
    from .timeline import find_time_expressions

    if len(text) > 80:
        return False
    found = [(sp, tl) for sp, tl in find_time_expressions(text) if tl.kind in ("date", "period", "deadline")]
    if not found:
        return False
    rest = text
    for (a, b), _ in sorted(found, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    return len(re.findall(r"\p{L}+", rest)) <= 5


def _table_tasks(node: Node, holder: _T, section: str, day: str | None = None) -> None:
    """Rows of a task table -> tasks under `holder` (SCHEMA: "a row of a task
    table"). Ids: the holder's id plus the row's STT ("II.1", "PL.I.2");
    group rows (Roman or capital-letter STT, or a title without any other
    cell) hold the rows below them; "1.2" nests under "1"."""
    rows = node.rows or []
    head_i = next((i for i, r in enumerate(rows) if table_header(r)), None)
    if head_i is None:
        return
    cols = table_header(rows[head_i])
    sub = _sub_header(rows[head_i + 1]) if head_i + 1 < len(rows) else {}
    if sub:
        # a header in two rows ("Đơn vị thực hiện" over "Chủ trì | Phối hợp"):
        # the lower row names the columns it splits
        cols = {i: r for i, r in cols.items() if r not in sub.values()} | sub
        head_i += 1
    idx = {}
    for i, name in sorted(cols.items()):
        idx.setdefault(name, i)
    group: _T | None = None
    by_stt: dict[str, _T] = {}
    counter = 0
    # a table led by its time column ("Thời gian | Nội dung công việc | …"):
    # a blank time cell is the merged cell of the rows above it
    time_first = idx.get("time") == 0 and "id" not in idx
    last_time = ""
    sub: _T | None = None
    for row in rows[head_i + 1 :]:
        def cell(name: str) -> str:
            i = idx.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        if all(re.fullmatch(r"\(?\d{1,2}\)?|", c.strip()) for c in row):
            continue  # the column-number row "(1) | (2) | (3)"
        stt, title = cell("id").rstrip("."), cell("title")
        filled = [c.strip() for c in row if c.strip()]
        if not title and len(filled) == 1 and (m := _MERGED_GROUP.match(filled[0])):
            # a group row whose number and title fill one merged cell ("I.
            # NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY")
            stt, title = m.group(1), m.group(2)
        if not title:
            continue
        merged_number = ""
        if time_first and (_STT_NUM.match(cell("time")) or _STT_GROUP.match(cell("time"))):
            # no number column, and the first (time) column holds the
            # group rows' numbers ("I | GIAI ĐOẠN 1: …", "1 | Lập …")
            stt = merged_number = cell("time").rstrip(".")
        has_attrs = any(cell(n) for n in ("lead", "support")) or bool(cell("time") and not merged_number)
        is_group = bool(_STT_GROUP.match(stt)) or (not has_attrs and not _STT_NUM.match(stt or "x"))
        sub_group = bool(merged_number) and not is_group and not has_attrs  # "1 | Lập nhiệm vụ" under "I | GIAI ĐOẠN 1"
        unlabelled = not stt
        if unlabelled:
            counter += 1
            stt = str(counter)
        parent = holder
        if not is_group:
            if "." in stt and stt.rsplit(".", 1)[0] in by_stt:
                parent = by_stt[stt.rsplit(".", 1)[0]]
            elif sub is not None and unlabelled:
                parent = sub
            elif group is not None:
                parent = group
        key = stt.rsplit(".", 1)[-1] if parent is not holder and parent is not group else stt
        # rows without an STT are unlabelled sub-tasks ("II.2-1", SCHEMA
        # rule 6), numbered on from what their parent already holds (one
        # table a day under one heading)
        tid = parent.next_minus() if unlabelled else f"{parent.id}.{key}"
        if time_first:
            if is_group or sub_group:
                last_time = ""
            elif cell("time"):
                last_time = cell("time")
            elif last_time:
                row = [last_time] + list(row[1:])
        t = _T(tid, parent, section, clean_title(title), node.start, node.end, texts=[title])
        for name in ("lead", "support", "time"):
            if cell(name) and not (name == "time" and merged_number):
                t.attrs.setdefault(name, []).append(_cell_list(cell(name)) if name != "time" else _time_cell(cell(name)))
        if day and not is_group:
            t.attrs.setdefault("time", []).append(day)  # after the row's own time
        parent.children.append(t)
        by_stt[stt] = t
        if is_group or sub_group:
            sub = t if sub_group else None
        if is_group:
            group = t


def _task_sections(nodes: list[Node]) -> list[Node]:
    """The headings whose items are tasks: an outer heading that names task
    work ("B. NỘI DUNG, NHIỆM VỤ"), or, inside an outer heading that names
    neither task nor non-task work ("PHẦN THỨ HAI"), its own headings that do.
    Articles ("Điều 2. Giao …") hold tasks unless they name non-task work."""
    out: list[Node] = []
    for sec in nodes:
        if sec.kind not in HEADING_KINDS:
            continue
        if sec.kind == "numbered" and _addressee_section(sec):
            out.append(sec)  # an item of a plan without sections: its words are no section title
            continue
        verdict = section_verdict(clean_title(sec.text))
        if sec.kind == "article" and verdict is None:
            verdict = True
        if verdict or (verdict is False and is_mixed_section(clean_title(sec.text))):
            out.append(sec)
        elif verdict is None:
            inner = _task_sections(sec.children)
            if not inner and (_assigns_by_body(sec.children) or _addressee_section(sec)):
                out.append(sec)
            else:
                out += inner
    return out


def _addressee_section(sec: Node) -> bool:
    """A section headed by the bodies it addresses, its items or paragraphs
    their duties (a Chỉ thị: "2. Sở Khoa học và Công nghệ" / "a) Tối ưu hóa
    …"; "5. Bộ Tài chính:" / "Chủ trì, phối hợp …"); or, among the numbered
    items of a plan without sections, one that gives a body work in its own
    sentence ("9. Các Bộ, ngành và Ủy ban nhân dân các tỉnh … chỉ đạo thực
    hiện tốt chỉ thị này …")."""
    title = clean_title(sec.text)
    if is_agency_heading(title):
        return any(c.kind not in HEADING_KINDS for c in sec.children)
    return sec.kind == "numbered" and bool(sentence_subject(title)[0])


def _assigns_by_body(children: list[Node]) -> bool:
    """A heading that names neither kind of work ("6. Những vấn đề khác (nếu
    có)") holds tasks when its items give work body by body: at least two
    labelled items, each opening "Đối với <body>: …"."""
    doi_voi = _subject_cfg()[6]
    items = [c for c in children if c.kind not in ("para", "table") + HEADING_KINDS]
    return len(items) >= 2 and all(doi_voi.match(c.text) for c in items)


_APPENDIX_LABEL = re.compile(r"^\s*(?:phụ lục|biểu)(?:\s+số)?(?:\s+[\dIVXLC]+\b)?[.:]?\s*", re.IGNORECASE)


def _is_target_heading(text: str) -> bool:
    """"Chỉ tiêu chủ yếu đến năm 2030", "Mục tiêu cụ thể": a short heading
    that opens with a word of targets (rules/tasks/sections.toml)."""
    cfg = load_toml("tasks/sections.toml")
    t = fold(clean_title(text))
    return (len(t.split()) <= int(cfg.get("target_heading_words", 10))
            and any(t.startswith(fold(w)) for w in cfg.get("target_headings", [])))


def _event_time(seg: Segments) -> str | None:
    """The time of an event plan, from a section of its own that holds no
    tasks and is headed by time ("III. THỜI GIAN, HÌNH THỨC VÀ THÀNH PHẦN" /
    "1. Thời gian" / "Lúc 14 giờ 00 phút, ngày 28 tháng 4 năm 2026"): the
    value of its "Thời gian" line, or the line under a bare "Thời gian"."""
    time_word, _ = _event_sections()
    for sec in seg.root.children:
        if sec.kind not in HEADING_KINDS or not fold(clean_title(sec.text)).startswith(time_word):
            continue
        if section_verdict(clean_title(sec.text)):
            continue  # "THỜI GIAN VÀ NỘI DUNG THỰC HIỆN" holds tasks
        for c in sec.children:
            a = attribute_of(c.text)
            if a and a[0] == "time" and a[1]:
                return a[1]
            if re.fullmatch(rf"{time_word}(?:\s+\S+){{0,3}}", fold(clean_title(c.text)).strip(" :")):
                para = next((g.text for g in c.children if g.kind == "para"), None)
                if para:
                    return para
    return None


@functools.lru_cache(maxsize=1)
def _event_sections() -> tuple[str, str]:
    """(time, content) heading words of an event plan, folded
    (rules/tasks/sections.toml `event_time_section`, `event_content_section`)."""
    cfg = load_toml("tasks/sections.toml")
    return fold(cfg["event_time_section"]), fold(cfg["event_content_section"])


def _build(seg: Segments) -> list[tuple[_T, list[_T]]]:
    """(section holder, its top-level tasks) per task section, in order."""
    built: list[tuple[_T, list[_T]]] = []
    for sec in _task_sections(seg.root.children):
        heading = clean_title(sec.text)
        holder = _T(sec.key, None, heading, heading, sec.start, sec.end, texts=[sec.text])
        # a section named by a body ("Điều 2. Giao Giám đốc Sở …") gives
        # the lead of its items
        holder.agency_heading = is_agency_heading(sec.text)
        children = sec.children
        if section_verdict(heading) is False:
            # a mixed heading: its items that name non-task work are left out
            children = [c for c in children if c.kind == "para" or section_verdict(clean_title(c.text)) is not False]
        else:
            # in a task section, a heading of targets over its own items ("6.
            # Chỉ tiêu chủ yếu đến năm 2030" / "6.1. …") holds no tasks
            children = [c for c in children if not (c.children and c.kind not in ("para", "table")
                                                    and _is_target_heading(c.text))]
        _children(children, holder, heading)
        if sec.kind == "numbered" and _addressee_section(sec):
            # the items of a plan without sections, each a body and its
            # duties (a Chỉ thị's "2. Sở Khoa học và Công nghệ" / "a) …"):
            # the item is a task like any labelled item (SCHEMA tasks rule 1)
            holder.section = None
            built.append((holder, [holder]))
            continue
        roots: list[_T] = []
        for c in holder.children:
            c.parent = None
            roots.append(c)
        built.append((holder, roots))
    # task tables printed as appendices after the signature: ids "PL.…"
    # (an appendix of targets, "PHỤ LỤC 1" / "CÁC CHỈ TIÊU CHỦ YẾU …", holds none)
    tables = [n for n in seg.appendix_tables if any(table_header(r) for r in (n.rows or [])[:3])
              and not _is_target_heading(_APPENDIX_LABEL.sub("", n.text))]
    for k, node in enumerate(tables, 1):
        pid = "PL" if len(tables) == 1 else f"PL{k}"
        heading = clean_title(node.text) or "PHỤ LỤC"
        holder = _T(pid, None, heading, heading, node.start, node.end)
        _table_tasks(node, holder, heading)
        roots = []
        for c in holder.children:
            c.parent = None
            roots.append(c)
        built.append((holder, roots))
    return built


# --------------------------------------------------------------------------
# pass 2: lead, support, timeline, requested


@functools.lru_cache(maxsize=1)
def _adverbial_subject_words() -> int:
    return int(load_toml("tasks/subjects.toml")["adverbial_subject_words"])


@functools.lru_cache(maxsize=1)
def _clause_lead():
    words = load_toml("tasks/subjects.toml")["clause_lead_verbs"]
    return re.compile(r"(?<![\p{L}])(?:" + alternation(words) + r")(?![\p{L}])")


@functools.lru_cache(maxsize=1)
def _trailing_aux():
    words = load_toml("tasks/subjects.toml")["subject_trailing_words"]
    return re.compile(r"(?:\s+(?:" + alternation(words) + r"))+$")


@functools.lru_cache(maxsize=1)
def _value_sentence():
    words = load_toml("tasks/subjects.toml")["value_sentence_verbs"]
    return re.compile(r"(?<![\p{L}])(?<!các )(?:" + alternation(words) + r")(?![\p{L}])")


# "Các cơ quan, đơn vị theo quy định", "Sở Tư pháp (theo chức năng)": the
# manner is no part of the bodies' names
_VALUE_TAIL = re.compile(r"\s*[,;]?\s*(?:theo (?:quy định|chức năng,? nhiệm vụ(?: quản lý)?(?: được giao)?|chức năng|thẩm quyền|phân công))\s*[.;]?\s*$", re.IGNORECASE)


def _parse_value(value: str) -> tuple[list[str], list[str]]:
    """An attribute value: its bodies (subject when it is a sentence) and supports.
    A value that only names bodies is a list of names, even when a word of
    a name looks like a predicate ("Cục Kiểm tra văn bản quy phạm pháp luật")."""
    value = _VALUE_TAIL.sub("", value.strip())
    if names_only(value) or not _value_sentence().search(_mask_names(value)):
        return split_agencies(value), []
    # a sentence, or clauses each with its subject ("Bộ Công an tiến hành rà
    # soát …; các bộ, Ủy ban nhân dân các tỉnh … rà soát …")
    lead: list[str] = []
    support: list[str] = []
    clauses: list[str] = []
    for part in (c.strip() for c in value.split(";")):
        if clauses and names_only(part):
            clauses[-1] += "; " + part  # "phối hợp với A; B và C": the list goes on
        else:
            clauses.append(part)
    for clause in clauses:
        subj, _ = sentence_subject(clause)
        if subj:
            lead += [n for n in subj if n not in lead]
            support += [n for n in sentence_support(clause) if n not in support]
    if lead:
        return lead, support
    return split_agencies(value), []


def _own_time(t: _T, default_year: int | None, inherited: Timeline | None = None) -> Timeline | None:
    """The item's own time: its time attribute, else a dated or recurring
    phrase of its sentences; a period stated in the sentence only when no
    ancestor states a time ("… các dự án triển khai trong năm 2024" under
    "Thời gian thực hiện: thường xuyên" names the projects' year)."""
    from .timeline import find_time_expressions, parse_timeline

    for v in t.attrs.get("time", []):
        tl = parse_timeline(v, default_year=default_year)
        if tl is not None:
            return tl
    # the item's own sentences: a dated or recurring phrase first; a
    # condition without a date only when nothing else is said
    spans = [(text, sp, tl) for text in t.texts for sp, tl in find_time_expressions(text, default_year=default_year, strict=True)]
    found = [tl for _, _, tl in spans]
    for tl in found:
        if tl.kind in ("recurring", "deadline", "date") or (tl.kind == "conditional" and (tl.start or tl.due)):
            return tl
    # a dated period when the sentence says the work happens in it: it opens
    # the item ("Năm 2018: Rà soát …") or follows a time preposition ("…
    # trong quý 1/2019", "vào năm 2020")
    for text, (a, b), tl in spans if inherited is None else []:
        if tl.kind == "period" and tl.start and (not text[:a].strip(" -+*•") or _PERIOD_PREP.search(text[max(0, a - 20):a])
                                                  or _phase_label().fullmatch(text[:a].strip(" -+*•"))
                                                  or (tl.end is None and _start_raw().match(tl.raw))):
            # "thường xuyên trong năm 2024": ongoing work within the period
            before = " ".join(text[:a].split()[-3:])
            whole = parse_timeline(before + " " + text[a:b], default_year=default_year) if before else None
            if whole is not None and whole.kind in ("ongoing", "recurring") and whole.start == tl.start:
                return whole.model_copy(update={"raw": tl.raw}) if hasattr(whole, "model_copy") else whole
            return tl
    # a group heading that says its items run throughout ("1. Nội dung tuyên
    # truyền xuyên suốt từ nay đến kết thúc cuộc bầu cử" over its bullets)
    if t.children and len(t.texts) == 1 and inherited is None:
        for _, tl in find_time_expressions(t.texts[0], default_year=default_year, strict=False):
            if tl.kind == "ongoing":
                return tl
    return next((tl for tl in found if tl.kind == "conditional"), None)


@functools.lru_cache(maxsize=1)
def _start_raw():
    """"từ năm 2027 …" opened by a start word (rules/time.toml openers.start):
    "… tăng mức đóng bảo hiểm y tế từ năm 2027 …", the work starts then."""
    words = load_toml("time.toml")["openers"]["start"]
    return re.compile(rf"^(?:{alternation(words)})\s", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _phase_label():
    """"Đợt 2:", "Giai đoạn 1 -": a phase label (rules/time.toml [phases])."""
    words = load_toml("time.toml").get("phases", {}).get("words", [])
    return re.compile(rf"(?:{alternation(words)})\s*(?:\d{{1,2}}|[IVX]{{1,4}})\s*[:.\-–]?", re.IGNORECASE)


_PERIOD_PREP = re.compile(r"(?<![\p{L}])(?:trong|vào|ngay trong)\s+$", re.IGNORECASE)


def _resolve(t: _T, inherited: _T | None, default_year: int | None) -> None:
    requested = False
    lead: list[str] = []
    support: list[str] = []
    # 1. own attribute lines
    for v in t.attrs.get("lead", []) + t.attrs.get("lead_implicit", []):
        a, s = _parse_value(v)
        lead += a
        support += s
        if re.match(r"(?i)^(?:kính )?đề nghị", v.strip()):
            requested = True
    for v in t.attrs.get("advisor", []):
        a, s = _parse_value(v)
        if lead or "lead" in t.union:
            support += a
        else:
            lead += a
        support += s
    for v in t.attrs.get("support", []):
        a, s = _parse_value(v)
        support += a + s
    # 2. the subjects of the item's own sentences
    under_heading = inherited is not None and inherited.agency_heading
    if not lead and "lead" not in t.union and t.agency_heading and not t.texts[1:]:
        # a heading that is a name ("1.2. Sở Tài chính - Cơ quan thường trực
        # Ban Chỉ đạo"): the whole heading, not a sentence read from it
        lead = _heading_names(t.title)
    if not lead and "lead" not in t.union:
        for k, text in enumerate(t.texts):
            if k == 0 and t.doi_voi:
                # the sentence after "Đối với X:" may name its own subject
                # ("Đối với Đoàn kiểm tra: Các thành viên Đoàn thực hiện …")
                text = _subject_cfg()[6].sub("", text, count=1)
            for sent in sentences(text):
                subj, req = sentence_subject(sent, directives=not under_heading)
                lead += subj
                requested = requested or req
    if not support:
        for text in t.texts:
            for sent in sentences(text):
                support += sentence_support(sent)
    # an assignment in parentheses after the work ("… (Giao Công an tỉnh
    # chủ trì, phối hợp với Sở Tư pháp)")
    if not lead and "lead" not in t.union:
        for text in t.texts[:1]:
            for inner_text in _PAREN_ASSIGN.findall(text):
                subj, req = sentence_subject(inner_text)
                if subj:
                    lead += subj
                    support += [n for n in sentence_support(inner_text) if n not in support]
                    requested = requested or req
    # a lead named in a later clause ("Nâng cao chất lượng …; Phòng Tư pháp
    # chủ trì thẩm định …")
    if not lead and "lead" not in t.union and t.texts:
        for clause in t.texts[0].split(";")[1:]:
            subj, _ = sentence_subject(clause.strip())
            if subj and _clause_lead().search(clause):
                lead += subj
                support += [n for n in sentence_support(clause) if n not in support]
                break
    # an assignment after the work, behind a dash ("… – Trường THPT X thực hiện")
    if not lead and "lead" not in t.union and t.texts:
        subj, sup = _trailing_assignment(t.texts[0])
        lead += subj
        support += [n for n in sup if n not in support]
    # an agency-name heading ("1. Sở Nội vụ") names the lead of its duties
    if not lead and t.agency_heading:
        lead = _heading_names(t.title)
    # 3. an enclosing "Đối với X"
    if not lead and t.doi_voi:
        lead = list(t.doi_voi)
    requested = requested or t.requested_heading or bool(re.match(r"(?i)^(?:kính )?đề nghị\s", t.texts[0] if t.texts else ""))
    t.stated_lead, t.stated_support = _dedupe(lead), _dedupe(support)
    t.timeline = _own_time(t, default_year, inherited.timeline if inherited is not None else None)

    # children first see this task's stated values (or what it inherited)
    for c in t.children:
        _resolve(c, _merge_inherited(t, inherited), default_year)

    # 4. nearest ancestor that states one
    t.lead = t.stated_lead or (inherited.lead if inherited and not t.union else [])
    t.support = t.stated_support or (inherited.support if inherited else [])
    if t.timeline is None and inherited is not None:
        t.timeline = inherited.timeline
    # rule 2: a parent whose lead is made of sub-task bullets
    if "lead" in t.union or "advisor" in t.union:
        union_lead = _dedupe([n for c in t.children for n in c.lead])
        t.lead = union_lead
        sup = _dedupe(t.stated_support + [n for c in t.children for n in c.stated_support])
        keys = {_key(n) for n in t.lead}
        t.support = [n for n in sup if _key(n) not in keys]
    t.requested = requested or (inherited.requested if inherited is not None and inherited.agency_heading else False)


@functools.lru_cache(maxsize=1)
def _trailing_re():
    return re.compile(load_toml("tasks/subjects.toml")["trailing_assignment"])


def _trailing_assignment(text: str) -> tuple[list[str], list[str]]:
    """Lead and support of a clause after the work's last spaced dash."""
    first = sentences(text)[0] if text.strip() else ""
    ms = list(_trailing_re().finditer(first))
    if not ms:
        return [], []
    m = ms[-1]
    before, clause = first[: m.start()], first[m.end():]
    if len(before.split()) < 3 or not starts_with_agency(clause):
        return [], []
    tail = before.split()[-4:]
    if any(w[:1].isupper() and starts_with_agency(" ".join(tail[i:])) for i, w in enumerate(tail)):
        return [], []  # "Phòng Văn hóa - Xã hội …": the dash is inside a name
    subj, _ = sentence_subject(clause)
    if not subj:
        return [], []
    return subj, sentence_support(clause)


def _strip_command(title: str) -> str:
    """An agency heading without its opening verb ("Giao", "Đề nghị")."""
    _, req, cmd, *_ = _subject_cfg()
    t = title.strip()
    m = req.match(t) or cmd.match(t) or (_heading_openers() and _heading_openers().match(t))
    return t[m.end():] if m else t


def _heading_names(title: str) -> list[str]:
    """The bodies an agency heading names; a heading in capitals ("TRÁCH
    NHIỆM CỦA SỞ NỘI VỤ", "NHIỆM VỤ CHỦ YẾU CỦA BỘ TÀI NGUYÊN VÀ MÔI
    TRƯỜNG") gives them in the record's case, as a header's issuer is."""
    t = _strip_command(title)
    letters = [c for c in t if c.isalpha()]
    if len(t.split()) > 1 and letters and all(c.isupper() for c in letters):
        from .gazetteer import proper_case

        t = proper_case(t)
    alts = _slash_alternatives(t)
    if alts:
        return [n for a in alts for n in split_agencies(a)]
    m = _units_named().match(t)
    if m and all(_PLACE_NAME.fullmatch(p.strip()) for p in re.split(r",|\s+và\s+", m.group("list"))):
        # "7. UBND các xã: Hải Tiến, Giao Minh, …, Kim Đông": one body, the
        # committees of the units it names
        return [normalize_agency_name(f"{m.group('head')} {m.group('list').strip(' .;')}")]
    return split_agencies(t)


_PLACE_NAME = re.compile(r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}|\d{1,2}")


def _slash_alternatives(t: str) -> list[str]:
    """"Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành
    phố trực thuộc Trung ương": a body named one way or the other (its name
    differs from province to province), each with the unit the last names."""
    parts = [p.strip() for p in t.split("/")]
    if len(parts) < 2 or not all(p and starts_with_agency(p) for p in parts):
        return []
    q = _unit_tail_re().search(parts[-1])
    tail = q.group(0).strip() if q else ""
    return [p if (not tail or tail in p) else f"{p} {tail}" for p in parts]


@functools.lru_cache(maxsize=1)
def _unit_tail_re():
    """The unit a name ends with ("… tỉnh, thành phố trực thuộc Trung ương")."""
    return re.compile(rf"\s(?:các\s+)?(?:{unit_type_alternation()})(?![\p{{L}}]).*$")


@functools.lru_cache(maxsize=1)
def _units_named():
    """"<body> các xã: A, B, C": a plural unit type, a colon and the units'
    names (rules/header/unit_types.tsv)."""
    types = unit_type_alternation()
    return re.compile(rf"^(?P<head>.+?\bcác\s+(?:{types})(?:,\s*(?:{types}))*)\s*:\s*(?P<list>\p{{Lu}}[^:;]*)$")


def _merge_inherited(t: _T, inherited: _T | None) -> _T:
    """What t's children inherit: t's stated values, else what t inherited."""
    m = _T(t.id, None, t.section, t.title, t.start, t.end)
    m.lead = t.stated_lead or (inherited.lead if inherited else [])
    m.support = t.stated_support or (inherited.support if inherited else [])
    m.timeline = t.timeline or (inherited.timeline if inherited else None)
    m.agency_heading = t.agency_heading
    m.requested = t.requested_heading or bool(
        t.agency_heading and inherited is not None and inherited.agency_heading and inherited.requested
    )
    return m


def _key(name: str) -> str:
    from .agency import match_key

    return match_key(name)


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        nn = normalize_agency_name(n)
        if not nn:
            continue
        k = _key(nn)
        if k not in seen:
            seen.add(k)
            out.append(nn)
    return out


# --------------------------------------------------------------------------


def extract_tasks(seg: Segments, *, jurisdiction: str | None = None, default_year: int | None = None) -> list[Task]:
    """The plan's tasks, in document order."""
    from .resolve import agency_jurisdiction
    from .timeline import parse_timeline

    built = _build(seg)
    event_time = _event_time(seg)
    roots: list[_T] = []
    for holder, section_roots in built:
        inherited = None
        # a time stated for the whole section ("II. … 1. Thời gian tổ chức:
        # 03 ngày: 24, 25 và 26 tháng 8"), or, for the content of an event
        # plan, the time of its own "III. THỜI GIAN, ĐỊA ĐIỂM" section
        times = holder.attrs.get("time", [])
        if not times and event_time and fold(holder.title).startswith(_event_sections()[1]):
            times = [event_time]
        holder.timeline = next((tl for v in times if (tl := parse_timeline(v, default_year=default_year))), None)
        if holder.agency_heading:
            holder.stated_lead = _dedupe(_heading_names(holder.title))
            holder.lead = holder.stated_lead
        if holder.agency_heading or holder.timeline is not None:
            inherited = _merge_inherited(holder, None)
        for r in section_roots:
            _resolve(r, inherited, default_year)
        roots += section_roots
    out: list[Task] = []
    for r in roots:
        for t in r.walk():
            out.append(
                Task(
                    id=t.id,
                    parent=t.parent.id if t.parent else None,
                    section=t.section,
                    title=t.title,
                    text="\n".join(t.texts),
                    lead=[Agency(name=n, jurisdiction=agency_jurisdiction(n, jurisdiction)) for n in t.lead],
                    support=[Agency(name=n, jurisdiction=agency_jurisdiction(n, jurisdiction)) for n in t.support],
                    requested=t.requested,
                    timeline=t.timeline,
                    span=(t.start, t.end),
                )
            )
    return out
