"""Old Word documents (`.doc`, Word 97-2003, OLE compound file).

There is no maintained pure-Python reader for the Word 97 binary format, so
the file is converted to DOCX by LibreOffice (`soffice --headless
--convert-to docx`) in a private temporary directory, with a private profile
(`-env:UserInstallation=…`) so that parallel runs and a user's open
LibreOffice do not clash, and the DOCX is read by `DocxBackend`. The source
facts stay those of the original: format "doc", the SHA-256 of the `.doc`
bytes. Without LibreOffice the file is refused with a one-line reason saying
what to install. Debian package: `libreoffice-writer` (about 90 MB download,
280 MB installed with `--no-install-recommends`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..document import RawDocument
from ..errors import DependencyError, IngestError
from .base import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NO_LIBREOFFICE = (
    "old Word .doc files need LibreOffice to convert: install the Debian package "
    "libreoffice-writer, or save the file as .docx"
)
# the name of the main stream of a Word 97-2003 file, in the OLE directory
WORD_STREAM = "WordDocument".encode("utf-16-le")
# LibreOffice output lines that are noise, not a reason
_NOISE = ("warning: failed to launch javaldx", "javaldx", "convert ")


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH (`soffice`, else `libreoffice`)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _reason(out: str) -> str:
    lines = [l.strip() for l in out.splitlines() if l.strip()]
    useful = [l for l in lines if not l.lower().startswith(_NOISE)]
    for l in useful:
        if "error" in l.lower():
            return l[:200]
    return (useful[-1] if useful else "no DOCX was produced")[:200]


def convert_to_docx(path: Path, data: bytes, timeout: float, suffix: str = ".doc") -> bytes:
    """Convert .doc (or `suffix`: .odt, .rtf) bytes to DOCX bytes with
    LibreOffice (raises `IngestError`)."""
    exe = find_soffice()
    if not exe:
        raise DependencyError(path, NO_LIBREOFFICE if suffix == ".doc" else (
            f"{suffix} files need LibreOffice to convert: install the Debian package libreoffice-writer, "
            "or save the file as .docx"))
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input{suffix}"  # a plain name: no spaces, dashes or odd characters
        src.write_bytes(data)
        outdir = tmpdir / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = dict(os.environ, HOME=str(tmpdir))
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=tmpdir,
                env=env,
                start_new_session=True,  # its own process group: killed whole on timeout
            )
        except OSError as e:
            raise IngestError(path, f"cannot run LibreOffice ({e.strerror or e})") from None
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise IngestError(path, f"LibreOffice did not convert the file within {timeout:g} s") from None
        except BaseException:  # the caller's time limit, Ctrl-C: leave no soffice behind
            _kill(proc)
            raise
        text = out.decode("utf-8", errors="replace")
        result = outdir / "input.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise IngestError(path, f"LibreOffice could not convert the file ({_reason(text)})")
        return result.read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


class DocBackend:
    name = "doc"
    extensions = (".doc",)
    paginated = False

    def sniff(self, head: bytes) -> bool:
        return head.startswith(OLE_MAGIC)

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        # LibreOffice "converts" anything (a broken file becomes a page of
        # UTF-16 garbage): check the OLE directory names a Word stream first
        if WORD_STREAM not in data:
            other = "an Excel workbook" if "Workbook".encode("utf-16-le") in data else "corrupt or another format"
            raise IngestError(path, f"not a Word document despite the '.doc' extension ({other})")
        # a little under the per-file limit, so that this message, not the
        # generic one, reports a LibreOffice that hangs
        timeout = max(1.0, limits.time_limit_s * 0.95) if limits.time_limit_s else 600.0
        docx = convert_to_docx(path, data, timeout)
        from .docx import DocxBackend

        raw = DocxBackend().read(path, docx, limits)
        raw.source = dataclasses.replace(raw.source, format="doc", sha256=hashlib.sha256(data).hexdigest())
        return raw


class _ConvertedBackend:
    """A format LibreOffice converts to DOCX, then read by `DocxBackend`
    (the source facts stay the original's: its format, its SHA-256)."""

    name = ""
    extensions: tuple[str, ...] = ()
    paginated = False
    suffix = ""

    def sniff(self, head: bytes) -> bool:
        raise NotImplementedError

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        timeout = max(1.0, limits.time_limit_s * 0.95) if limits.time_limit_s else 600.0
        docx = convert_to_docx(path, data, timeout, self.suffix)
        from .docx import DocxBackend

        raw = DocxBackend().read(path, docx, limits)
        raw.source = dataclasses.replace(raw.source, format=self.name, sha256=hashlib.sha256(data).hexdigest())
        return raw


class OdtBackend(_ConvertedBackend):
    """OpenDocument text (`.odt`, LibreOffice's own format)."""

    name = "odt"
    extensions = (".odt",)
    suffix = ".odt"

    def sniff(self, head: bytes) -> bool:
        from .sniff import ZIP_MAGIC

        return head.startswith(ZIP_MAGIC)  # a ZIP; what it holds is checked on the whole file


class RtfBackend(_ConvertedBackend):
    """Rich Text Format (`.rtf`, older archives)."""

    name = "rtf"
    extensions = (".rtf",)
    suffix = ".rtf"

    def sniff(self, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")
