"""Ingestion: any supported file -> one normalized `Document`.

`ingest(path)` picks the backend by the file's extension, checks the content
agrees (a `.docx` that is not a zip, a `.pdf` without `%PDF`), applies the
guards of `Limits` (size, zip bombs, huge images, a per-file time limit), runs
the backend and normalizes its blocks (`extract.normalize.build_document`).
Every failure is an `IngestError` whose message is one line naming the file
and the reason; no traceback reaches the user.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from pathlib import Path

from ..document import Document
from ..errors import DependencyError, IngestError
from ..normalize import build_document
from .base import Backend, Limits

__all__ = ["ingest", "Limits", "backends", "supported_extensions"]


def backends() -> list[Backend]:
    """Every backend, in the order extensions are matched."""
    from .text import TextBackend

    found: list[Backend] = [TextBackend()]
    for mod, cls in (("docx", "DocxBackend"), ("pdf", "PdfBackend"), ("image", "ImageBackend"), ("doc", "DocBackend"),
                     ("doc", "OdtBackend"), ("doc", "RtfBackend"), ("html", "HtmlBackend")):
        try:
            module = __import__(f"{__name__}.{mod}", fromlist=[cls])
        except ImportError:
            continue
        found.append(getattr(module, cls)())
    return found


def supported_extensions() -> list[str]:
    return sorted({e for b in backends() for e in b.extensions})


def _backend_for(path: Path) -> Backend:
    ext = path.suffix.lower()
    for b in backends():
        if ext in b.extensions:
            return b
    raise IngestError(path, f"unsupported file type '{ext or '(none)'}' (supported: {', '.join(supported_extensions())})")


def _backend_by_content(path: Path, data: bytes) -> tuple[Backend, str | None]:
    """The backend for what the bytes are (`sniff.detect`), the extension
    only a hint: a DOCX saved as `.doc`, a PDF as `.docx`, a portal page as
    `.doc` are read as what they are, with a warning. Content that proves no
    format (plain text, a damaged file) goes by the extension as before."""
    from .sniff import detect

    kind = detect(data)
    ext = path.suffix.lower()
    found = backends()
    by_name = next((b for b in found if ext in b.extensions), None)
    if kind is None or (by_name is not None and by_name.name == kind):
        if by_name is None:
            raise IngestError(path, f"unsupported file type '{ext or '(none)'}' (supported: {', '.join(supported_extensions())})")
        return by_name, None
    by_content = next((b for b in found if b.name == kind), None)
    if by_content is None:
        return _backend_for(path), None
    return by_content, f"source: the content is {kind.upper()} despite the '{path.suffix or '(none)'}' extension; read as {kind.upper()}"


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise `_Timeout` after `seconds` (main thread only; else no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def handler(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# libraries that report through `logging` (pdfminer, pdfplumber, PIL) or
# `warnings` (python-docx, lxml): what they say while a file is read goes to
# the record's warnings, once per message, never raw to the terminal
_LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "PIL", "docx", "fontTools")
_MAX_LIBRARY_WARNINGS = 10


@contextlib.contextmanager
def _library_warnings():
    import logging
    import warnings

    seen: list[str] = []

    def note(text: str) -> None:
        msg = " ".join(str(text).split())[:200]
        msg = "".join(c for c in msg if c.isprintable())
        if msg and msg not in seen and len(seen) < _MAX_LIBRARY_WARNINGS:
            seen.append(msg)

    class _Collect(logging.Handler):
        def emit(self, record):  # noqa: D401 - logging API
            try:
                note(f"{record.name}: {record.getMessage()}")
            except Exception:  # a library's broken format string
                note(record.name)

    handler = _Collect(level=logging.WARNING)
    saved = []
    for name in _LIBRARY_LOGGERS:
        lg = logging.getLogger(name)
        saved.append((lg, lg.propagate))
        lg.addHandler(handler)
        lg.propagate = False
    out: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield out
        for w in caught:
            note(f"{w.category.__name__}: {w.message}")
    finally:
        for lg, prop in saved:
            lg.removeHandler(handler)
            lg.propagate = prop
        out.extend(f"source: library warning: {m}" for m in seen)


def _check_chars(path: Path, raw, limits: Limits) -> None:
    """Refuse a document with more characters than `Limits.max_chars`."""
    n = 0
    for b in raw.blocks:
        n += len(b.text or "") + sum(len(c or "") for row in (b.rows or ()) for c in row)
        if n > limits.max_chars:
            raise IngestError(path, f"document too long (more than {limits.max_chars:,} characters of text)")


def ingest(path: str | Path, limits: Limits | None = None, timer=None) -> Document:
    """Read one file into a normalized `Document` (raises `IngestError`).

    `timer` (an `extract.pipeline.StageTimer`) receives the seconds spent in
    the backend ("ingest") and in normalization ("normalize")."""
    limits = limits or Limits()
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "no such file")
    if not path.is_file():
        raise IngestError(path, "not a file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file (0 bytes)")
    if size > limits.max_file_bytes:
        raise IngestError(path, f"file too large ({size // 1_000_000} MB > {limits.max_file_bytes // 1_000_000} MB)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(path, f"cannot read file ({e.strerror or e})") from None
    backend, mismatch = _backend_by_content(path, data)
    if not backend.sniff(data[:8192]):
        raise IngestError(path, f"content is not {backend.name.upper()} despite the '{path.suffix}' extension (corrupt or mislabelled file)")
    try:
        with time_limit(limits.time_limit_s):
            t0 = time.perf_counter()
            with _library_warnings() as caught:
                raw = backend.read(path, data, limits)
            raw.warnings.extend(caught)
            if mismatch:
                raw.warnings.append(mismatch)
            _check_chars(path, raw, limits)
            t1 = time.perf_counter()
            doc = build_document(raw)
            if timer is not None:
                timer.seconds["ingest"] = timer.seconds.get("ingest", 0.0) + t1 - t0
                timer.seconds["normalize"] = timer.seconds.get("normalize", 0.0) + time.perf_counter() - t1
    except IngestError as e:
        if mismatch and not isinstance(e, DependencyError) and "despite" not in e.reason:
            # "legacy.docx: LibreOffice could not convert the file (…)": say why
            # LibreOffice was asked at all
            raise IngestError(path, f"{e.reason} (the content is {backend.name.upper()} despite the '{path.suffix}' extension)") from None
        raise
    except _Timeout:
        raise IngestError(path, f"time limit of {limits.time_limit_s:g} s exceeded") from None
    except MemoryError:
        raise IngestError(path, "out of memory while reading") from None
    except Exception as e:  # a backend library failed on a broken file
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise IngestError(path, f"cannot read {backend.name} file ({msg[:200]})") from None
    if not doc.text.strip():
        raise IngestError(path, "no text found in the document")
    return doc


def page_count(path: str | Path) -> int:
    """Pages of a PDF (poppler's pdfinfo) or a multi-page TIFF, else 1: the
    weight of a file in the progress bar. Never fails: 1 when unsure."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            import shutil
            import subprocess

            exe = shutil.which("pdfinfo")
            if exe is None:
                return 1
            out = subprocess.run([exe, str(path)], capture_output=True, timeout=10).stdout.decode("utf-8", "replace")
            for line in out.splitlines():
                if line.startswith("Pages:"):
                    return max(1, min(int(line.split()[1]), 10_000))
        elif suffix in (".tif", ".tiff"):
            from PIL import Image

            with Image.open(path) as im:
                return max(1, min(getattr(im, "n_frames", 1) or 1, 10_000))
    except Exception:
        return 1
    return 1
