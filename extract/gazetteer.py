"""Gazetteer: Vietnam's provinces, districts and communes, offline.

Data: the `vietnamadminunits` package's own files (read directly, the package
is not imported: its import pulls in geodata libraries and large parsers):

- `data/dataset.db`, table `admin_units_legacy`: the 63 provinces with their
  districts and communes before July 2025 (names, types, former names as
  accent-free keys in the `*Alias` columns);
- table `admin_units`: the 34 provinces and their communes since July 2025;
- `data/converter_2025.json`, `DICT_PROVINCE`: which former provinces each
  2025 province was made of.

Vocabulary of ours (unit types, party committees, province aliases, body
words) lives in `rules/header/`.

Public functions:

- `find_province(text)`, `find_provinces(text)`: provinces named in a text, as
  plans write them ("Hưng Yên", "Hồ Chí Minh", "Thừa Thiên Huế").
- `province_of(unit_name, unit_type=None, hint=None, date=None)`: the province
  a district or commune belongs to.
- `province_2025(province)`: the province it belongs to since July 2025.
- `is_province(name)`, `is_central_city(name)`, `known_place(name)`.
- `proper_case(upper)`: an all-caps header line in the record's case.
- `unit_level(body_name)`: central | province | district | commune | None.
- `split_unit(text)`: ("thị xã", "Mỹ Hào") from "thị xã Mỹ Hào".

Matching compares case-folded, tone-normalized text (`_ck`); accent-free
folding (`agency.fold`) is only a last resort for former names, whose keys
the package stores without accents. Outputs keep the gazetteer's spelling.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex as re

from .agency import expand_abbreviations, expand_abbreviations_in_capitals, fold
from .normalize import fix_tone_marks
from .rules import alternation, load_list, load_table

__all__ = [
    "find_province",
    "find_provinces",
    "province_of",
    "provinces_of",
    "province_2025",
    "is_province",
    "is_central_city",
    "known_place",
    "proper_case",
    "unit_level",
    "split_unit",
    "unit_tier",
]

# --------------------------------------------------------------------------
# helpers


@functools.lru_cache(maxsize=65536)
def _ck(text: str) -> str:
    """Comparison key: NFC, one tone convention, case-folded, hyphens spaced."""
    s = fix_tone_marks(unicodedata.normalize("NFC", text))
    s = s.replace("–", "-").replace("—", "-")
    s = re.sub(r"\s*-\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def _nospace(text: str) -> str:
    return fold(text).replace(" ", "").replace("-", "")


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@functools.lru_cache(maxsize=1)
def _db_rows() -> tuple[list[tuple], list[tuple]]:
    path = _data_dir() / "dataset.db"
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        legacy = con.execute(
            "SELECT provinceKey, province, provinceShort, districtShort, districtType, districtAlias,"
            " wardShort, wardType, wardAlias FROM admin_units_legacy"
        ).fetchall()
        new = con.execute(
            "SELECT provinceKey, province, provinceShort, wardShort, wardType, wardAlias FROM admin_units"
        ).fetchall()
    finally:
        con.close()
    return legacy, new


@functools.lru_cache(maxsize=1)
def _merger() -> dict[str, str]:
    """Former province key -> 2025 province key."""
    data = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for new_key, old_keys in data["DICT_PROVINCE"].items():
        for k in old_keys:
            out[k] = new_key
    return out


def _tone(s: str | None) -> str | None:
    return fix_tone_marks(unicodedata.normalize("NFC", s)) if s else s


# --------------------------------------------------------------------------
# unit types


@functools.lru_cache(maxsize=1)
def _unit_types() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in load_table("header/unit_types.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@functools.lru_cache(maxsize=1)
def _committees() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in load_table("header/party_committees.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def unit_tier(unit_type: str | None) -> str | None:
    """"huyện" -> "district", "thành phố" -> "city", "Tỉnh ủy" -> "province"."""
    if not unit_type:
        return None
    k = _ck(unit_type)
    for t, tier in _unit_types() + _committees():
        if _ck(t) == k:
            return tier
    return None


_NAME_WORD = r"(?:\d+[\p{L}]?|[\p{Lu}][\p{L}\p{M}'’]*)"


@functools.lru_cache(maxsize=1)
def _split_unit_re():
    alt = alternation(t for t, _ in _unit_types())
    return re.compile(rf"^\s*({alt})\s+(.+?)\s*$", re.IGNORECASE)


def split_unit(text: str) -> tuple[str | None, str]:
    """("thị xã", "Mỹ Hào") from "thị xã Mỹ Hào"; (None, text) without a type."""
    t = unicodedata.normalize("NFC", text).strip()
    m = _split_unit_re().match(t)
    if not m:
        return None, t
    return m.group(1).lower(), m.group(2)


# --------------------------------------------------------------------------
# provinces


@dataclass(frozen=True)
class _Prov:
    key: str  # the package's province key ("tinhhungyen")
    short: str  # the package's short name ("Hưng Yên")
    full: str  # "Tỉnh Hưng Yên", "Thành phố Hà Nội"
    legacy: bool  # one of the 63
    current: bool  # one of the 34

    @property
    def central_city(self) -> bool:
        return self.full.casefold().startswith("thành phố")


@functools.lru_cache(maxsize=1)
def _provinces() -> dict[str, _Prov]:
    legacy, new = _db_rows()
    out: dict[str, _Prov] = {}
    lk = {r[0]: (r[1], r[2]) for r in legacy}
    nk = {r[0]: (r[1], r[2]) for r in new}
    for k in set(lk) | set(nk):
        full, short = lk.get(k) or nk[k]
        out[k] = _Prov(k, _tone(short), _tone(full), k in lk, k in nk)
    return out


@functools.lru_cache(maxsize=1)
def _province_names() -> dict[str, tuple[str, str]]:
    """Comparison key of a name -> (province key, name the record writes)."""
    provs = _provinces()
    by_short = {_ck(p.short): p.key for p in provs.values()}
    names: dict[str, tuple[str, str]] = {}
    for p in provs.values():
        names[_ck(p.short)] = (p.key, p.short)
    for row in load_table("header/province_aliases.tsv"):
        alias, short = row[0], row[1]
        record = row[2] if len(row) > 2 and row[2] else None
        key = by_short.get(_ck(short))
        if key is None:
            continue
        names[_ck(alias)] = (key, record or provs[key].short)
    return names


def _name_alt(names) -> str:
    parts = []
    for n in sorted(names, key=len, reverse=True):
        words = [re.escape(w) for w in n.split(" ")]
        pat = r"\s+".join(words).replace(r"\s+\-\s+", r"\s*[-–—]\s*")
        parts.append(pat)
    return "|".join(parts)


@functools.lru_cache(maxsize=1)
def _province_re():
    alt = _name_alt(_province_names())
    return re.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alt})(?![\p{{L}}\p{{M}}\p{{N}}])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _strong_prefix_re():
    words = [t for t, tier in _unit_types() if tier in ("province", "city")]
    words += [c for c, tier in _committees() if tier in ("province", "city")]
    words += list(load_list("header/province_prefixes.txt"))
    alt = alternation(words)
    return re.compile(rf"(?:^|(?<![\p{{L}}\p{{M}}]))(?:{alt})\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _not_after_re():
    words = load_list("header/province_not_after.txt")
    alt = alternation(words)
    return re.compile(rf"(?:^|(?<![\p{{L}}\p{{M}}]))(?:{alt})\s+$", re.IGNORECASE)


def _capitalised(s: str) -> bool:
    return all(w[:1].isupper() or not w[:1].isalpha() for w in s.split())


def _province_mentions(text: str):
    """(start, end, key, record name, strong) for each province mention."""
    t = fix_tone_marks(unicodedata.normalize("NFC", text))
    names = _province_names()
    out = []
    for m in _province_re().finditer(t):
        before = t[max(0, m.start() - 40):m.start()]
        strong = bool(_strong_prefix_re().search(before))
        if not strong:
            if _not_after_re().search(before) or not _capitalised(m.group(0)):
                continue
        entry = names.get(_ck(m.group(0)))
        if entry is None:
            continue
        out.append((m.start(), m.end(), entry[0], entry[1], strong))
    return out


def find_provinces(text: str, strong_only: bool = False) -> list[str]:
    """Provinces named in `text`, as the record writes them, distinct.

    Mentions with a province prefix ("tỉnh Hưng Yên", "Thành phố Hồ Chí
    Minh", "TP. Hồ Chí Minh", "Tỉnh ủy Hưng Yên") come first, in text order;
    then bare capitalised names ("HƯNG YÊN", "Lạng Sơn") unless `strong_only`.
    Names after a lower unit type ("huyện Quảng Ninh") or in fixed phrases
    ("tư tưởng Hồ Chí Minh") are not province mentions.
    """
    if not text:
        return []
    ms = _province_mentions(text)
    out: list[str] = []
    for strong_pass in (True, False):
        if strong_only and not strong_pass:
            break
        for _, _, _, name, strong in ms:
            if strong == strong_pass and name not in out:
                out.append(name)
    return out


def find_province(text: str) -> str | None:
    """The province named in `text` ("tỉnh Hưng Yên", "HƯNG YÊN" -> "Hưng Yên")."""
    found = find_provinces(text)
    return found[0] if found else None


def _prov_key(name: str | None) -> str | None:
    if not name:
        return None
    entry = _province_names().get(_ck(name))
    if entry:
        return entry[0]
    ms = _province_mentions(name)
    return ms[0][2] if ms else None


def is_province(name: str | None) -> bool:
    """Is `name` exactly a province's name ("Lạng Sơn", "Thừa Thiên Huế")?"""
    return bool(name) and _ck(name) in _province_names()


def is_central_city(name: str | None) -> bool:
    """Is `name` a centrally-run city ("Hà Nội", "Cần Thơ", "Huế")?"""
    if not name or _ck(name) not in _province_names():
        return False
    return _provinces()[_province_names()[_ck(name)][0]].central_city


def province_2025(province: str | None) -> str | None:
    """The province `province` belongs to since the July 2025 merger.

    "Hải Dương" -> "Hải Phòng", "Hà Giang" -> "Tuyên Quang"; unchanged and
    post-2025 provinces map to themselves ("Lạng Sơn" -> "Lạng Sơn").
    """
    key = _prov_key(province)
    if key is None:
        return None
    provs = _provinces()
    if provs[key].current:
        return provs[key].short
    new = _merger().get(key)
    return provs[new].short if new in provs else None


# --------------------------------------------------------------------------
# districts and communes


@dataclass(frozen=True)
class _Unit:
    province_key: str
    era: str  # "legacy" | "2025"
    tier: str  # "district" | "commune"
    type: str  # "huyện", "phường", ...
    name: str  # "Mỹ Hào", "1"


@functools.lru_cache(maxsize=1)
def _units() -> tuple[dict[str, list[_Unit]], dict[str, list[_Unit]], dict[str, str]]:
    """(index by name key, index by accent-free former-name key, spellings).

    The name index key is the comparison key of the bare name ("mỹ hào",
    "1"); the spelling map gives the gazetteer's spelling of every name key.
    """
    legacy, new = _db_rows()
    by_name: dict[str, set] = {}
    by_alias: dict[str, set] = {}
    spell: dict[str, str] = {}

    def bare(short: str, typ: str) -> str:
        short = _tone(short)
        if typ and short.casefold().startswith(typ.casefold() + " "):
            return short[len(typ) + 1:]
        return short

    def add(unit: _Unit, aliases: str | None):
        k = _ck(unit.name)
        by_name.setdefault(k, set()).add(unit)
        spell.setdefault(k, unit.name)
        by_alias.setdefault(_nospace(unit.type + unit.name), set()).add(unit)
        if aliases:
            for a in json.loads(aliases):
                by_alias.setdefault(a.replace("-", ""), set()).add(unit)

    for pk, _pf, _ps, dshort, dtype, dalias, wshort, wtype, walias in legacy:
        if dshort and dtype:
            add(_Unit(pk, "legacy", "district", dtype.lower(), bare(dshort, dtype)), dalias)
        if wshort and wtype:
            add(_Unit(pk, "legacy", "commune", wtype.lower(), bare(wshort, wtype)), walias)
    for pk, _pf, _ps, wshort, wtype, walias in new:
        if wshort and wtype:
            add(_Unit(pk, "2025", "commune", wtype.lower(), bare(wshort, wtype)), walias)
    return (
        {k: sorted(v, key=repr) for k, v in by_name.items()},
        {k: sorted(v, key=repr) for k, v in by_alias.items()},
        spell,
    )


def known_place(name: str) -> str | None:
    """The gazetteer's spelling of a province, district or commune name."""
    k = _ck(name)
    entry = _province_names().get(k)
    if entry:
        return entry[1]
    return _units()[2].get(k)


@functools.lru_cache(maxsize=1)
def _former_names() -> dict[str, list[tuple[str, str]]]:
    """Province key -> [(until ISO date, name before it)]."""
    provs = _provinces()
    by_short = {_ck(p.short): p.key for p in provs.values()}
    out: dict[str, list[tuple[str, str]]] = {}
    for row in load_table("header/province_aliases.tsv"):
        if len(row) > 3 and row[3] and row[2]:
            key = by_short.get(_ck(row[1]))
            if key:
                out.setdefault(key, []).append((row[3], row[2]))
    return out


def _record_name(key: str, date: str | None = None) -> str:
    if date:
        for until, name in sorted(_former_names().get(key, [])):
            if date < until:
                return name
    return _provinces()[key].short


def provinces_of(unit_name: str, unit_type: str | None = None, date: str | None = None,
                 exact_type: bool = False) -> list[str]:
    """Every province a district or commune of this name may belong to.

    `unit_name` may carry its type ("thị xã Mỹ Hào", "Quận 1"); `unit_type`
    overrides it. Units change type over time ("huyện Mộc Châu" became a thị
    xã): when no unit has the given type, units of the same tier count,
    unless `exact_type`. Communes since July 2025 are looked up in the 2025
    list first when `date` (ISO) is on or after 2025-07-01, else last.
    """
    typ, name = split_unit(unit_name)
    if unit_type:
        typ = unit_type.lower()
        t2, n2 = split_unit(unit_name)
        if t2 and _ck(t2) == _ck(typ):
            name = n2
    tier = unit_tier(typ) if typ else None
    name = name.strip(" ,;.")
    if not name:
        return []
    # a centrally-run city, or a province named with its type
    if tier in ("province", "city") and _ck(name) in _province_names():
        key = _province_names()[_ck(name)][0]
        if tier == "province" or _provinces()[key].central_city:
            return [_province_names()[_ck(name)][1]]
    by_name, by_alias, _ = _units()
    found = list(by_name.get(_ck(name), []))
    cands = [u for u in found if not typ or u.type == typ]
    if not cands and typ:
        key = _nospace(typ + name)
        cands = [u for u in by_alias.get(key, []) if u.type == typ]
    if not cands and typ and not exact_type:
        # units change type over time ("huyện Mộc Châu" is a thị xã since
        # 2025, many xã became phường): the same tier will do
        want = "commune" if tier == "commune" else "district"
        cands = [u for u in found if u.tier == want]
    if not cands:
        return []
    late = bool(date) and date >= "2025-07-01"
    eras = ("2025", "legacy") if late else ("legacy", "2025")
    for era in eras:
        keys = []
        for u in cands:
            if u.era == era and u.province_key not in keys:
                keys.append(u.province_key)
        if keys:
            return [_record_name(k, date) for k in keys]
    return []


def province_of(unit_name: str, unit_type: str | None = None, hint: str | None = None, date: str | None = None) -> str | None:
    """The province a district or commune belongs to, or None when unknown.

    "Quận 1" -> "Hồ Chí Minh"; "thị xã Mỹ Hào" -> "Hưng Yên". A name shared
    by units of several provinces ("huyện Châu Thành", "xã Tân Lập") is
    resolved by `hint` (a province named in the text; it wins also when it is
    the 2025 successor or a former part of a candidate) or stays None.
    """
    cands = provinces_of(unit_name, unit_type, date)
    if hint:
        hk = _prov_key(hint)
        if hk:
            hint_name = _province_names().get(_ck(hint), (hk, find_province(hint) or _record_name(hk)))[1]
            h25 = province_2025(hint_name)
            for c in cands:
                if _prov_key(c) == hk:
                    return hint_name
            for c in cands:
                if province_2025(c) == h25:
                    return hint_name
    if len(cands) == 1:
        return cands[0]
    return None


# --------------------------------------------------------------------------
# levels


@functools.lru_cache(maxsize=1)
def _level_re():
    entries: list[tuple[str, str]] = []
    for row in load_table("header/body_levels.tsv"):
        entries.append((row[0], row[1]))
    for t, tier in _unit_types():
        entries.append((t, "unit:" + tier))
    for c, tier in _committees():
        entries.append((c, "committee:" + tier))
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    table = {_ck(w): lvl for w, lvl in entries}
    alt = alternation(w for w, _ in entries)
    pat = re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alt})(?![\p{{L}}\p{{M}}])", re.IGNORECASE)
    return pat, table


_AFTER_UNIT = re.compile(r"^\s*(?:$|[,;:.()\-–]|\d|[\p{Lu}])")


def _name_after(text: str) -> str:
    """The place name at the start of `text` (capitalised words or a number)."""
    m = re.match(rf"\s*({_NAME_WORD}(?:\s*[-–]\s*{_NAME_WORD}|\s+{_NAME_WORD}){{0,5}})", text)
    return m.group(1).strip() if m else ""


def unit_level(body_name: str | None) -> str | None:
    """The level of a body from its name: central, province, district, commune.

    "Ủy ban nhân dân tỉnh Lào Cai" -> province; "Ủy ban nhân dân Quận 1" ->
    district; "Sở Y tế" -> province; "Bộ Nội vụ" -> central; "Đảng ủy xã Tân
    Lập" -> commune; "Ủy ban nhân dân thành phố Cần Thơ" -> province,
    "… thành phố Vinh" -> district; a relative name without its place
    ("Ủy ban nhân dân thành phố") or without a level word -> None.
    """
    if not body_name:
        return None
    text = expand_abbreviations(unicodedata.normalize("NFC", body_name))
    pat, table = _level_re()
    for m in pat.finditer(text):
        lvl = table.get(_ck(m.group(0)))
        if lvl is None or lvl == "defer":
            continue
        rest = text[m.end():]
        if lvl.startswith("unit:"):
            # a unit type word must be followed by a name, a number, or nothing
            # ("xã hội" is not a commune)
            if not _AFTER_UNIT.match(rest):
                continue
            tier = lvl[5:]
        elif lvl.startswith("committee:"):
            tier = lvl[10:]
        else:
            return lvl
        if tier == "city":
            name = _name_after(rest)
            if not name:
                return None
            return "province" if is_central_city(name) or is_central_city(_first_province_in(name)) else "district"
        return tier
    return None


def _first_province_in(name: str) -> str | None:
    """The province whose name opens `name` ("Hà Nội Về …" -> "Hà Nội")."""
    key = _ck(name)
    for k in sorted(_province_names(), key=len, reverse=True):
        if key == k or key.startswith(k + " "):
            return _province_names()[k][1]
    return None


# --------------------------------------------------------------------------
# case restoration


@functools.lru_cache(maxsize=1)
def _body_words() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    longest = 1
    for row in load_table("header/body_words.tsv"):
        phrase = row[0]
        key = tuple(_ck(w) for w in _tokens(phrase))
        table[key] = phrase
        longest = max(longest, len(key))
    for pos in load_list("header/positions.txt"):
        key = tuple(_ck(w) for w in _tokens(pos))
        table.setdefault(key, pos)
        longest = max(longest, len(key))
    return table, longest


@functools.lru_cache(maxsize=1)
def _introducers() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    """Unit types and party committees: key -> (spelling, kind)."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for t, _ in _unit_types():
        out[tuple(_ck(w) for w in t.split())] = (t, "unit")
    for c, _ in _committees():
        out[tuple(_ck(w) for w in c.split())] = (c, "committee")
    for row in load_table("header/named_bodies.tsv"):
        out.setdefault(tuple(_ck(w) for w in row[0].split()), (row[0], "named"))
    return out, max(len(k) for k in out)


def is_named_body(name: str | None) -> bool:
    """Does `name` open with a kind of body followed by its own proper name
    (`rules/header/named_bodies.tsv`: "Trường Tiểu học Kim Đồng")?"""
    if not name:
        return False
    key = _ck(name)
    return any(key.startswith(_ck(r[0]) + " ") for r in load_table("header/named_bodies.tsv"))


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\p{L}\p{M}\p{N}'’]+|[^\s\p{L}\p{M}\p{N}]", text)


_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")


def _is_syllable(word: str) -> bool:
    return bool(_SYLLABLE.match(fold(word)))


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word else word


def _join(tokens: list[str]) -> str:
    out = ""
    for i, t in enumerate(tokens):
        if i == 0:
            out = t
        elif t in ",;:.)" or out.endswith("(") or (t == "'" or out.endswith("'")):
            out += t
        else:
            out += " " + t
    return out


def proper_case(upper: str, capitalize: bool = True) -> str:
    """An all-caps header or signature line in the record's case.

    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" -> "Ủy ban nhân dân tỉnh Lào Cai";
    "UBND HUYỆN ĐÔNG ANH" -> "Ủy ban nhân dân huyện Đông Anh" (abbreviations
    expanded, `rules/agencies/abbreviations.tsv`); "SỞ Y TẾ" -> "Sở Y tế";
    "QUẬN 1" -> "Quận 1". Body words from `rules/header/body_words.tsv`, place
    names after a unit type in the gazetteer's spelling (unknown names
    title-cased), acronyms kept, other words lower case; words that are
    already in mixed case are kept as written. `capitalize=False` leaves the
    first letter as the rules give it ("PHÒNG, CHỐNG …" -> "phòng, chống …").
    """
    s = unicodedata.normalize("NFC", upper or "").strip()
    if not s:
        return s
    m = _CITED_NUMBER.search(s)
    if m:
        # "… THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT": the cited document's type
        # capitalised, its number as printed
        head = proper_case(s[: m.start()], capitalize)
        typ = _doc_type_at_end(head)
        if typ:
            head = head[: typ.start()] + typ.group(0)[:1].upper() + typ.group(0)[1:]
        return f"{head} số {m.group('no')}" + (" " + proper_case(s[m.end():], False) if s[m.end():].strip() else "")
    s = fix_tone_marks(s)
    letters = [c for c in s if c.isalpha()]
    all_caps = bool(letters) and all(c.isupper() for c in letters)
    s = expand_abbreviations_in_capitals(s) if all_caps else expand_abbreviations(s)
    if all_caps:
        # an abbreviation in a capitals line ("ỦY BAN MTTQ VIỆT NAM"): its
        # expansion is cased with the rest of the line
        s = s.upper()
    toks = _tokens(s)
    keys = [_ck(t) for t in toks]
    words, longest = _body_words()
    intro, intro_len = _introducers()
    out: list[str] = []
    i = 0
    n = len(toks)
    body_end = -1  # where the last body phrase ended

    def is_upper_word(t: str) -> bool:
        return t.isupper() or not any(ch.isalpha() for ch in t)

    while i < n:
        # a body phrase
        hit = None
        for L in range(min(longest, n - i), 0, -1):
            phrase = words.get(tuple(keys[i:i + L]))
            if phrase is not None:
                hit = (L, phrase)
                break
        # an introducer (unit type / party committee) followed by a place name
        ih = None
        for L in range(min(intro_len, n - i), 0, -1):
            entry = intro.get(tuple(keys[i:i + L]))
            if entry is not None:
                ih = (L, entry)
                break
        if ih and (not hit or ih[0] >= hit[0]):
            L, (spelling, kind) = ih
            j = i + L
            name_toks, used = _place_after(toks, keys, j)
            if kind == "unit":
                if name_toks and name_toks[0][:1].isdigit():
                    out.append(spelling[:1].upper() + spelling[1:])
                elif all(is_upper_word(t) for t in toks[i:j]):
                    out.append(spelling)
                else:
                    out.extend(toks[i:j])
            else:
                out.append(spelling)
                if kind == "named" and len(name_toks) >= 2 and name_toks[1][:1].isdigit() and _is_syllable(name_toks[0]):
                    # a numbering word before the number ("Trường … số 1")
                    name_toks = [name_toks[0].lower()] + name_toks[1:]
            out.extend(name_toks)
            i = j + used
            continue
        if hit:
            L, phrase = hit
            if all(is_upper_word(t) for t in toks[i:i + L]):
                out.extend(_tokens(phrase))
            else:
                out.extend(toks[i:i + L])
            i += L
            body_end = i
            continue
        t = toks[i]
        if i == body_end and 2 <= n - i <= 4 and all(is_upper_word(x) for x in toks[i:]):
            # a province named without its unit type right after a body word,
            # at the end of the name ("SỞ Y TẾ ĐỒNG THÁP", "CÔNG AN HÀ NỘI";
            # not "BAN CHỈ ĐẠO BẢO VỆ HÒA BÌNH")
            entry = _province_names().get(_ck(" ".join(toks[i:])))
            if entry is not None:
                out.extend(_tokens(entry[1]))
                break
        if t.isupper() and any(ch.isalpha() for ch in t):
            out.append(t.lower() if _is_syllable(t) else t)
        else:
            out.append(t)
        i += 1
    res = fixed_spelling(_join(out))
    return res[:1].upper() + res[1:] if res and capitalize else res


# a cited document's number in a name ("SỐ 1050/QĐ-SCT", "số 45-KH/TU")
_CITED_NUMBER = re.compile(r"\s*\b(?:SỐ|[Ss]ố)\s+(?P<no>\d+(?:/\d{4})?[/-][\p{Lu}Đ][\p{Lu}Đ\d/-]*)")


@functools.lru_cache(maxsize=1)
def _doc_type_words() -> str:
    return alternation({r[1].lower() for r in load_table("header/doc_types.tsv")})


def _doc_type_at_end(text: str):
    """A document type at the end of a name ("… theo quyết định")."""
    return re.search(rf"(?i)(?<![\p{{L}}\p{{M}}])(?:{_doc_type_words()})\s*$", text)


@functools.lru_cache(maxsize=1)
def _fixed_spellings():
    names = load_list("header/fixed_spellings.tsv")
    if not names:
        return None, {}
    pat = re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(names)})(?![\p{{L}}\p{{M}}])", re.IGNORECASE)
    return pat, {_ck(n): n for n in names}


def fixed_spelling(text: str | None) -> str | None:
    """`text` with the names of `rules/header/fixed_spellings.tsv` in their
    fixed spelling ("Ủy ban nhân dân thành phố Hồ Chí Minh" -> "… Thành phố
    Hồ Chí Minh")."""
    if not text:
        return text
    pat, table = _fixed_spellings()
    if pat is None:
        return text
    return pat.sub(lambda m: table.get(_ck(m.group(0)), m.group(0)), text)


_STOP_KEYS = {"và", ",", ";", ":", "(", ")", "/", "|"}


def _place_after(toks: list[str], keys: list[str], j: int) -> tuple[list[str], int]:
    """The place name starting at token j: (its tokens as written out, count)."""
    n = len(toks)
    if j >= n:
        return [], 0
    if toks[j][:1].isdigit():
        return [toks[j]], 1
    words, longest = _body_words()
    intro, _ = _introducers()
    # the longest known name (up to 7 tokens, hyphens included)
    for L in range(min(7, n - j), 0, -1):
        span = toks[j:j + L]
        if span[-1] in "-–":
            continue
        cand = " ".join(span)
        known = known_place(cand)
        if known:
            if all(t.isupper() or not any(ch.isalpha() for ch in t) for t in span):
                return _tokens(known), L
            return span, L
    # unknown: capitalised or all-caps words up to a stop (max 4)
    got: list[str] = []
    k = j
    while k < n and len(got) < 4:
        key = keys[k]
        if key in _STOP_KEYS or any(tuple(keys[k:k + L]) in words for L in range(1, longest + 1)) or (key,) in intro:
            break
        t = toks[k]
        if not t[:1].isupper() and not t[:1].isdigit() and t not in "-–":
            break
        got.append(t)
        k += 1
    while got and got[-1] in "-–":
        got.pop()
        k -= 1
    return [(_title(t) if t.isupper() and _is_syllable(t) else t) for t in got], len(got)
