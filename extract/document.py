"""The ingested document: what every backend's output becomes after normalization.

A `Document` is the normalized text of one file plus its structure:
paragraphs (with character offsets into `text`), tables (rows of cells),
footnotes (kept apart from the body), a page map and facts about the source.
Backends do not build it directly: they return a `RawDocument` (blocks in
reading order) and `extract.normalize.build_document` turns that into a
`Document`, so every format goes through one normalization.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["para", "table", "footnote"]


@dataclass
class Block:
    """One unit of a backend's output, in reading order.

    kind "para": `text` is one paragraph (or one line, for line-oriented
    sources; normalization re-joins broken lines). kind "table": `rows`.
    kind "footnote": `text` with its `marker` ("1", "¹", "*").
    `page` is 1-based, or None when the source has no pages.
    `style` is a hint from the backend ("heading", "header-left",
    "header-right", "list"...), never required.
    """

    kind: BlockKind
    text: str = ""
    rows: list[list[str]] | None = None
    page: int | None = None
    marker: str | None = None
    style: str | None = None


@dataclass
class SourceInfo:
    file: str
    sha256: str
    format: str  # txt | md | docx | doc | pdf | image
    pages: int | None = None
    ocr: bool = False
    ocr_confidence: float | None = None  # mean over OCR'd pages, 0..100
    page_confidence: list[float | None] = field(default_factory=list)
    encoding: str | None = None  # text sources: the encoding detected


@dataclass
class RawDocument:
    """What a backend returns: blocks in reading order plus source facts."""

    blocks: list[Block]
    source: SourceInfo
    warnings: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    start: int
    end: int
    page: int | None = None
    style: str | None = None


@dataclass
class Table:
    rows: list[list[str]]
    start: int  # span of the table's rendering in Document.text
    end: int
    page: int | None = None


@dataclass
class Footnote:
    marker: str
    text: str
    anchor: int | None = None  # offset in Document.text where its mark stood
    page: int | None = None


@dataclass
class Document:
    text: str
    paragraphs: list[Paragraph]
    tables: list[Table]
    footnotes: list[Footnote]
    page_map: list[tuple[int, int]]  # (start offset, page), sorted by offset
    source: SourceInfo
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page the character at `offset` of `text` came from."""
        if not self.page_map:
            return None
        starts = [s for s, _ in self.page_map]
        i = bisect.bisect_right(starts, offset) - 1
        return self.page_map[max(i, 0)][1]

    @property
    def footnote_text(self) -> str:
        return "\n".join(f"{f.marker} {f.text}" for f in self.footnotes)
