"""Resolution: relative names -> the bodies they denote.

"Sở Nội vụ" in a Cần Thơ plan has jurisdiction "Cần Thơ" (SCHEMA: a relative
name is kept as written and resolved in `jurisdiction`). Central bodies
(ministries, the Government, the National Assembly, central party organs)
have no provincial jurisdiction.
"""

from __future__ import annotations

import functools

import regex as re

from .rules import load_list


@functools.lru_cache(maxsize=1)
def _central():
    pats = load_list("agencies/central.txt")
    return re.compile(r"^(?:" + "|".join(pats) + r")(?![\p{L}])")


def is_central(name: str) -> bool:
    return bool(_central().match(name))


def agency_jurisdiction(name: str, issuer_province: str | None) -> str | None:
    """The province a body belongs to, given the plan issuer's province."""
    if is_central(name):
        return None
    return issuer_province
