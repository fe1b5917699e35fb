"""What a file is, from its bytes (the name's extension is only a hint).

A file is often named for the wrong type: a DOCX saved as `.doc`, a PDF as
`.docx`, a portal's page saved as `.doc` by its "download" button. `detect`
names the format the content proves, or None when nothing proves one (plain
text, or a damaged file): then the extension decides, as before.
"""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# the page images the image backend reads: PNG, JPEG, TIFF, BigTIFF
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_HTML_OPENERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<?xml version")


def detect(data: bytes) -> str | None:
    """"pdf", "docx", "odt", "doc", "rtf", "html", "image", or None."""
    head = data[:4096]
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        # a Word 97-2003 file names its main stream; an encrypted DOCX is an
        # OLE file too, and the DOCX backend says what it is
        if "WordDocument".encode("utf-16-le") in data[:2_000_000]:
            return "doc"
        if "EncryptedPackage".encode("utf-16-le") in data[:2_000_000]:
            return "docx"
        return None
    if head.startswith(IMAGE_MAGIC):
        return "image"
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith(b"{\\rtf"):
        return "rtf"
    if lead.startswith(_HTML_OPENERS) and (b"<html" in head.lower() or b"<body" in head.lower() or b"<!doctype html" in lead[:20]):
        return "html"
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "content.xml" in names and "mimetype" in names:
                mime = z.read("mimetype")[:100]
                if mime.startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "docx"  # a damaged ZIP: the DOCX backend says what is wrong
    return None
