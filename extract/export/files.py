"""Writing files so that nothing is ever half-written: temp file + rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from ..record import Record

# Our temp files end with this: a run killed mid-write leaves only such
# files, and the next run removes those and nothing else (never a user's
# own "*.tmp").
TEMP_SUFFIX = ".kehoach-partial.tmp"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def sidecar_name(relative_input: str | Path, suffix: str) -> str:
    """The name of a file made for an input, as a relative POSIX path that
    still shows the input's name: ("sub/plan.pdf", ".json") ->
    "sub/plan.pdf.json" (so plan.pdf and plan.docx never collide)."""
    p = PurePosixPath(str(relative_input).replace(os.sep, "/").replace("\\", "/"))
    return str(p.parent / f"{p.name}{suffix}") if str(p.parent) not in ("", ".") else f"{p.name}{suffix}"


def write_record(record: Record, path: Path) -> None:
    atomic_write_text(path, record.to_json() + "\n")
