"""What every ingestion backend declares and returns.

A backend is a class with:
- `name`: short name ("text", "docx", "pdf", "ocr", "doc");
- `extensions`: file name endings it handles (lower case, with the dot);
- `sniff(head: bytes) -> bool`: whether the first bytes look like its format
  (used to catch a file whose extension lies);
- `paginated`: whether its sources have pages;
- `read(path: Path, data: bytes, limits: Limits) -> RawDocument`.

Backends raise `IngestError` with a one-line reason for anything they cannot
read. They know nothing of normalization: `extract.normalize` does that.
"""

from __future__ import annotations

from typing import Optional

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..document import RawDocument, SourceInfo


@dataclass(frozen=True)
class Limits:
    """Guards against hostile or broken inputs (all overridable)."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_unzipped_bytes: int = 300 * 1024 * 1024  # DOCX: sum of members
    max_zip_ratio: float = 200.0  # DOCX: uncompressed / compressed
    max_image_pixels: int = 120_000_000
    # PDF: bytes one compressed stream may inflate to (a page's content or
    # a 600 dpi colour image is well under this)
    max_stream_bytes: int = 256 * 1024 * 1024
    max_pages: int = 2000
    # characters of text per document (the blocks a backend read, before
    # normalization): the longest real plans have ~1 M; the pipeline costs
    # about 8 µs a character, so this bound keeps a document under a minute
    # on one core; past it the cost of the later stages is refused, not paid
    max_chars: int = 5_000_000
    ocr_dpi: int = 300
    ocr_lang: str = "vie"
    time_limit_s: float = 600.0  # 0: no limit
    force_ocr: bool = False  # PDF pages with a text layer read by OCR too
    pages: Optional[tuple[int, Optional[int]]] = None  # (first, last or None): only these pages

    def wants_page(self, k: int) -> bool:
        """Whether page `k` (from 1) is to be read."""
        if self.pages is None:
            return True
        first, last = self.pages
        return k >= first and (last is None or k <= last)


class Backend(Protocol):
    name: str
    extensions: tuple[str, ...]
    paginated: bool

    def sniff(self, head: bytes) -> bool: ...

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument: ...


def source_info(path: Path, data: bytes, fmt: str, **kw) -> SourceInfo:
    return SourceInfo(file=path.name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, **kw)
