"""Page images (PNG, JPEG, TIFF; a multi-page TIFF is one page per frame), read by OCR.

Guards: the image's declared size is checked against `Limits.max_image_pixels`
before any pixel is decoded (Pillow's decompression-bomb limit is set to the
same value), frames beyond `Limits.max_pages` are refused, and an image
Pillow cannot decode is a "corrupt image" error. Each page goes through
`extract.ingest.ocr.page_layout`, then the layout shared with PDFs.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..document import RawDocument
from ..errors import IngestError
from . import layout, ocr
from .base import Limits, source_info
from .sniff import IMAGE_MAGIC as _MAGIC


def _too_large(path: Path, w: int, h: int, limits: Limits) -> IngestError:
    return IngestError(path, f"image too large ({w}x{h} = {w * h:,} pixels; limit {limits.max_image_pixels:,})")


def _msg(e: BaseException) -> str:
    s = str(e).strip().splitlines()
    return (s[0] if s else type(e).__name__)[:200]


def open_pages(path: Path, data: bytes, limits: Limits):
    """Yield (page number, grey image, dpi) for every page, guarded."""
    from PIL import Image, UnidentifiedImageError

    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        try:
            im = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            im = None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
            raise IngestError(path, f"corrupt image ({_msg(e)})") from None
        if im is None:
            # Pillow refused it on its header alone; read the size for the message
            w, h = _declared_size(data)
            raise _too_large(path, w, h, limits)
        n = getattr(im, "n_frames", 1) or 1
        if n > limits.max_pages:
            raise IngestError(path, f"too many pages ({n} > {limits.max_pages})")
        pages = []
        for k in range(n):
            if not limits.wants_page(k + 1):
                continue
            try:
                if k:
                    im.seek(k)
                w, h = im.size
                if w * h > limits.max_image_pixels:
                    raise _too_large(path, w, h, limits)
                dpi = ocr.image_dpi(im)
                frame = _grey(im)
            except IngestError:
                raise
            except Image.DecompressionBombError:
                raise _too_large(path, *im.size, limits) from None
            except (OSError, SyntaxError, ValueError, EOFError) as e:
                raise IngestError(path, f"corrupt image (page {k + 1}: {_msg(e)})") from None
            pages.append((k + 1, frame, dpi))
        return pages
    finally:
        Image.MAX_IMAGE_PIXELS = old


def _grey(im):
    """The frame as 8-bit grey, upright (EXIF orientation of phone photos)."""
    from PIL import ImageOps

    im.load()
    frame = ImageOps.exif_transpose(im) if im.getexif().get(0x0112, 1) != 1 else im
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        frame = frame.convert("I").point(lambda v: v / 256)
    elif frame.mode == "F":
        frame = frame.point(lambda v: v * 255 if v <= 1.0 else v)
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        from PIL import Image

        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba)
    return frame.convert("L")


def _declared_size(data: bytes) -> tuple[int, int]:
    import struct

    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    try:
        from PIL import Image

        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            return Image.open(io.BytesIO(data)).size
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    except Exception:
        return (0, 0)


class ImageBackend:
    name = "image"
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
    paginated = True

    def sniff(self, head: bytes) -> bool:
        return head.startswith(_MAGIC)

    def read(self, path: Path, data: bytes, limits: Limits) -> RawDocument:
        pages = open_pages(path, data, limits)
        ocr.check_tesseract(path, limits.ocr_lang)
        layouts = []
        conf: list[float | None] = []
        warnings: list[str] = []
        low = ocr.config()["image"]["warn_below_confidence"]
        for k, img, dpi in pages:
            pl, c = ocr.page_layout(img, k, path=path, limits=limits, dpi=dpi)
            layouts.append(pl)
            conf.append(c)
            if c is None or c < low:
                warnings.append(f"page {k}: read by OCR with low confidence "
                                f"({'no words' if c is None else f'{c:.0f}/100'}); its text may be unreliable")
        from .pdf import layout_config

        blocks = layout.layout_blocks(layouts, layout_config(), ocr.layout_overrides())
        known = [c for c in conf if c is not None]
        info = source_info(path, data, "image", pages=len(pages), ocr=True,
                           ocr_confidence=(sum(known) / len(known)) if known else None, page_confidence=conf)
        return RawDocument(blocks, info, warnings)
