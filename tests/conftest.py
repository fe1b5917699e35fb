"""Shared fixtures: the bundled corpus and its gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
GOLD_DIR = ROOT / "corpora" / "gold" / "seeds"


def gold_for(seed: Path) -> dict:
    return json.loads((GOLD_DIR / f"{seed.stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=SEEDS, ids=[p.stem[:3] for p in SEEDS])
def seed(request) -> Path:
    return request.param


def kehoach_cmd() -> list[str]:
    """The `kehoach` console script of the interpreter running the tests (not
    whatever `kehoach` comes first on PATH), else `python -m extract.cli`."""
    import sys

    exe = Path(sys.executable).parent / "kehoach"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "extract.cli"]
