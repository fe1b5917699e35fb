"""OCR of page images with Tesseract (pytesseract), for scans and scanned PDF pages.

`page_layout(image, number, ...)` preprocesses one page (grey, median filter,
deskew, enlargement of low-resolution pages; `rules/ocr.toml`), runs
`tesseract` once (`image_to_data`: words with confidences and their
block/paragraph/line numbers), and returns the page as a
`extract.ingest.layout.PageLayout` in points, ready for the layout shared with
the PDF backend, plus the page's mean word confidence (words with conf >= 0).

Tesseract runs with `OMP_THREAD_LIMIT` set (one thread is several times
faster than the default on small machines) and a time limit per page. A
missing `tesseract` binary or missing language data is an `IngestError`
telling which Debian packages to install.
"""

from __future__ import annotations

import functools
import os
import statistics
import unicodedata

from ..errors import DependencyError, IngestError
from ..rules import load_toml
from .base import Limits
from .layout import SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT, Line, PageLayout, Word, merge_rows

SUPERSCRIPTS_SET = set(SUPERSCRIPT_DIGITS)

INSTALL_HINT = "OCR needs Tesseract with Vietnamese data: install the Debian packages tesseract-ocr tesseract-ocr-vie"


@functools.lru_cache(maxsize=1)
def config() -> dict:
    return load_toml("ocr.toml")


def layout_overrides() -> dict:
    return dict(config().get("layout", {}))


_LANGS: dict[str, tuple[str, ...]] = {}


def check_tesseract(path, lang: str) -> None:
    """Raise `IngestError` unless tesseract runs and has every language of `lang`."""
    import pytesseract

    cmd = pytesseract.pytesseract.tesseract_cmd
    if cmd not in _LANGS:
        try:
            _LANGS[cmd] = tuple(pytesseract.get_languages(config=""))
        except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
            raise DependencyError(path, INSTALL_HINT) from None
    missing = [l for l in lang.split("+") if l not in _LANGS[cmd]]
    if missing:
        raise DependencyError(path, f"{INSTALL_HINT} (missing language data: {', '.join(missing)})")


# --------------------------------------------------------------------------
# preprocessing


def estimate_skew(img, cfg: dict) -> float:
    """The small rotation (degrees, counter-clockwise positive as in PIL) of the
    text lines: the angle whose row profile of ink is sharpest."""
    import numpy as np

    w = cfg["deskew_width"]
    scale = min(1.0, w / img.width)
    small = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale)))) if scale < 1 else img
    a = np.asarray(small, dtype=np.uint8)
    ys, xs = np.nonzero(a < 128)
    if len(ys) < 100:
        return 0.0
    xs = xs.astype(np.float64) - a.shape[1] / 2
    ys = ys.astype(np.float64)
    h = a.shape[0]

    def score(deg: float) -> float:
        t = np.tan(np.radians(deg))
        # PIL rotates counter-clockwise by `deg`; a line tilted by +deg in the
        # image rises to the right: y = y0 - x * tan(deg)
        yy = np.round(ys + xs * t).astype(np.int64)
        yy = yy[(yy >= 0) & (yy < h)]
        prof = np.bincount(yy, minlength=h).astype(np.float64)
        return float(prof.var())

    lim, cs, fs = cfg["max_angle"], cfg["coarse_step"], cfg["fine_step"]
    coarse = np.arange(-lim, lim + cs / 2, cs)
    best = max(coarse, key=score)
    fine = np.arange(best - cs, best + cs + fs / 2, fs)
    return float(max(fine, key=score))


def _otsu(a) -> int:
    import numpy as np

    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    mean = cum_mean[-1] / total
    w0 = cum / total
    w1 = 1 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - cum_mean / total) ** 2 / (w0 * w1)
    return int(np.nanargmax(between))


def preprocess(img, dpi: float):
    """-> (image ready for tesseract, its resolution, skew angle corrected)."""
    from PIL import Image, ImageFilter

    cfg = config()["preprocess"]
    img = img.convert("L")
    if cfg["median"]:
        img = img.filter(ImageFilter.MedianFilter(int(cfg["median"])))
    angle = 0.0
    if cfg["deskew"]:
        angle = estimate_skew(img, cfg)
        if abs(angle) >= cfg["min_angle"]:
            img = img.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        else:
            angle = 0.0
    target = cfg["upscale_to_dpi"]
    if target and dpi < target * 0.95:
        f = target / dpi
        img = img.resize((round(img.width * f), round(img.height * f)), Image.Resampling.LANCZOS)
        dpi = target
    if cfg["binarize"]:
        import numpy as np

        a = np.asarray(img, dtype=np.uint8)
        t = _otsu(a)
        img = Image.fromarray(((a > t) * 255).astype(np.uint8), "L")
    return img, dpi, angle


# --------------------------------------------------------------------------
# tesseract


def run_tesseract(img, *, path, lang: str, dpi: float, number: int) -> dict:
    import pytesseract

    tcfg = config()["tesseract"]
    check_tesseract(path, lang)
    os.environ["OMP_THREAD_LIMIT"] = str(tcfg["threads"])
    opts = [f"--oem {tcfg['oem']}", f"--psm {tcfg['psm']}", f"--dpi {int(round(dpi))}"]
    opts += [f"-c {k}={v}" for k, v in tcfg.get("variables", {}).items()]
    try:
        return pytesseract.image_to_data(img, lang=lang, config=" ".join(opts), output_type=pytesseract.Output.DICT, timeout=tcfg["timeout_s"])
    except pytesseract.TesseractNotFoundError:
        raise DependencyError(path, INSTALL_HINT) from None
    except pytesseract.TesseractError as e:
        msg = str(getattr(e, "message", e)).strip().splitlines()
        if any("Failed loading language" in m or "traineddata" in m for m in msg):
            raise DependencyError(path, INSTALL_HINT) from None
        raise IngestError(path, f"OCR failed on page {number} ({msg[0] if msg else 'tesseract error'})") from None
    except RuntimeError as e:
        if "timeout" in str(e).lower():
            raise IngestError(path, f"OCR of page {number} took longer than {tcfg['timeout_s']} s") from None
        raise


@functools.lru_cache(maxsize=1)
def _char_map() -> dict[int, str]:
    return {ord(k): v for k, v in config().get("characters", {}).items()}


def _read_mark(img, box: tuple[int, int, int, int], *, path, lang: str, number: int) -> str:
    """Read the digits of a small raised mark (a crop of the page); "?" if unreadable.

    The crop is enlarged to about `mark_height` pixels and read as one line
    of digits, then as one character."""
    import pytesseract
    from PIL import Image, ImageOps

    mcfg = config()["marks"]
    crop = img.crop(box)
    f = max(1.0, mcfg["mark_height"] / max(crop.height, 1))
    crop = crop.resize((max(1, round(crop.width * f)), max(1, round(crop.height * f))), Image.Resampling.LANCZOS)
    crop = ImageOps.expand(crop, border=mcfg["pad"], fill=255)
    for psm in mcfg["psm"]:
        try:
            text = pytesseract.image_to_string(crop, lang=mcfg["lang"], config=f"--oem 1 --psm {psm} -c tessedit_char_whitelist=0123456789",
                                               timeout=config()["tesseract"]["timeout_s"]).strip()
        except Exception:
            return "?"
        if text.isdigit() and len(text) <= 3:
            return text
    return "?"


def _lines(data: dict, scale: float, img, *, path, lang: str, number: int) -> tuple[list[Line], list[float]]:
    """Tesseract's words -> lines (in points); word confidences (conf >= 0)."""
    import numpy as np

    wcfg = config()["words"]
    groups: dict[tuple[int, int, int], list[int]] = {}
    boxes: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    confs: list[float] = []
    for i in range(len(data["text"])):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        level = int(data["level"][i])
        if level == 4:
            boxes[key] = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        if level != 5:
            continue
        text = unicodedata.normalize("NFC", (data["text"][i] or "").strip())
        if not text:
            continue
        conf = float(data["conf"][i])
        if conf < wcfg["noise_conf"] and not any(ch.isalnum() for ch in text):
            continue
        if 0 <= conf < wcfg["drop_conf"]:
            continue
        groups.setdefault(key, []).append(i)
    ink = None
    lines: list[Line] = []
    for key, idx in groups.items():
        # scanner specks read as tiny "words"
        med = statistics.median(data["height"][i] for i in idx)
        if len(idx) > 1:
            idx = [i for i in idx if max(data["width"][i], data["height"][i]) >= wcfg["tiny_share"] * med]
        if not idx:
            continue
        confs.extend(float(data["conf"][i]) for i in idx if float(data["conf"][i]) >= 0)
        idx.sort(key=lambda i: data["left"][i])
        bottoms = [data["top"][i] + data["height"][i] for i in idx]
        med_bottom = statistics.median(bottoms)
        med_h = statistics.median(data["height"][i] for i in idx)
        # type size (pixels): from the mean letter width (stable over a line),
        # or from the word heights for short lines
        n_chars = sum(len(data["text"][i].strip()) for i in idx)
        size = sum(data["width"][i] for i in idx) / max(n_chars, 1) / wcfg["em_per_char"]
        if n_chars < wcfg["min_chars_for_width"]:
            size = max(size, med_h * wcfg["em_per_height"])

        def raised(top: float, bottom: float) -> bool:
            h = bottom - top
            return (wcfg["sup_min_height_em"] * size <= h <= wcfg["sup_max_height_em"] * size
                    and bottom < med_bottom - wcfg["sup_rise_em"] * size)

        words: list[Word] = []
        # a mark at the start of the line that tesseract saw (its line box
        # starts there) but did not read
        lb = boxes.get(key)
        first = idx[0]
        if lb and data["left"][first] - lb[0] > wcfg["lead_gap_em"] * size:
            if ink is None:
                ink = np.asarray(img.convert("L")) < 128
            x1 = data["left"][first] - 1
            x0 = max(0, int(x1 - wcfg["lead_max_em"] * size))
            y0, y1 = lb[1], lb[1] + lb[3]
            region = ink[y0:y1, x0:x1]
            ys, xs = np.nonzero(region)
            if (len(ys) >= wcfg["lead_min_pixels"] and raised(y0 + ys.min(), y0 + ys.max() + 1)
                    and xs.min() > 0 and xs.max() - xs.min() <= wcfg["lead_max_width_em"] * size):
                bx = (x0 + int(xs.min()) - 2, y0 + int(ys.min()) - 2, x0 + int(xs.max()) + 3, y0 + int(ys.max()) + 3)
                digits = _read_mark(img, bx, path=path, lang=lang, number=number)
                text = digits.translate(TO_SUPERSCRIPT) if digits != "?" else "?"
                words.append(Word(text, bx[0] * scale, bx[2] * scale, bx[1] * scale, bx[3] * scale, bx[3] * scale,
                                  size * scale, sup=digits != "?", raised=True))
        for i in idx:
            text = unicodedata.normalize("NFC", data["text"][i].strip()).translate(_char_map())
            left, top, width, height = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            w = Word(text, left * scale, (left + width) * scale, top * scale, (top + height) * scale,
                     (top + height) * scale, size * scale, conf=float(data["conf"][i]))
            digits = text.rstrip(".,;:)")
            w.raised = (len(idx) > 2 and len(text) <= 3 and text.strip("-–—_“”\"'‘’,.") != "" and raised(top, top + height))
            if w.raised and digits.isdigit():
                # raised small digits: a note mark, on the word before it or
                # opening the line (a footnote); elsewhere left as read
                if words and w.x0 - words[-1].x1 < 0.5 * size * scale:
                    prev = words[-1]
                    prev.text += digits.translate(TO_SUPERSCRIPT) + text[len(digits):]
                    prev.x1 = w.x1
                    continue
                if not words:
                    w.sup = True
                    w.text = digits.translate(TO_SUPERSCRIPT) + text[len(digits):]
            words.append(w)
        if words and wcfg["tail_marks"]:
            if ink is None:
                ink = np.asarray(img.convert("L")) < 128
            _tail_marks(words, ink, img, scale, size, med_bottom, wcfg, path=path, lang=lang, number=number)
        if words:
            lines.append(Line(words))
    return lines, confs


_TRAIL = ".,;:)"


def _tail_marks(words: list[Word], ink, img, scale: float, size: float, med_bottom: float, wcfg: dict, *, path, lang, number) -> None:
    """Note marks printed raised after a word that tesseract misread ("tỉnh!"
    for "tỉnh¹") or dropped: raised small ink after the word's last letter."""
    import numpy as np

    if not words:
        return
    top = max(0, int(min(w.top for w in words) / scale - 0.3 * size))
    base = int(med_bottom)
    lower = ink[max(0, base - int(wcfg["tail_base_band_em"] * size)):base + 1]
    upper = ink[top:max(top + 1, base - int(wcfg["sup_rise_em"] * size))]
    low_cols = lower.any(axis=0)
    up_cols = upper.any(axis=0)
    any_cols = ink[top:base + 1].any(axis=0)
    for k, w in enumerate(words):
        if w.sup or not w.text[:1].isalnum():
            continue
        core = w.text.rstrip(_TRAIL)
        last = core[-1:] if core else ""
        if not core or last in SUPERSCRIPTS_SET:
            continue
        x0 = int((w.x0 + 0.5 * (w.x1 - w.x0)) / scale)
        x1 = int(w.x1 / scale + wcfg["tail_reach_em"] * size)
        if k + 1 < len(words):
            x1 = min(x1, int(words[k + 1].x0 / scale) - 1)
        if x1 - x0 < 3:
            continue
        # glyphs = runs of columns with ink, separated by empty columns; the
        # mark is a glyph all above the baseline band, after the last glyph
        # touching it (a trailing period or comma may follow)
        runs = []
        i = 0
        cols = any_cols[x0:x1]
        while i < len(cols):
            if cols[i]:
                j = i
                while j + 1 < len(cols) and cols[j + 1]:
                    j += 1
                runs.append((i, j))
                i = j + 1
            else:
                i += 1
        if len(runs) < 2:
            continue
        found = None
        for r, (a, b) in enumerate(runs):
            if r == 0:
                continue
            seg = slice(x0 + a, x0 + b + 1)
            if low_cols[seg].any() or not up_cols[seg].all():
                continue
            before_low = any(low_cols[x0 + c0:x0 + c1 + 1].any() for c0, c1 in runs[:r])
            after = runs[r + 1:]
            small_after = all(c1 - c0 + 1 <= 0.35 * size for c0, c1 in after) and len(after) <= 1
            if before_low and small_after:
                found = (a, b)
        if found is None:
            continue
        cx0, cx1 = x0 + found[0], x0 + found[1] + 1
        # inside the word box, tesseract read the mark as the word's last
        # character: only a typical misreading ("!", "?", "*") is replaced
        inside = cx0 < w.x1 / scale - 0.05 * size
        misread = inside and last in wcfg["tail_misreads"]
        if inside and not misread:
            continue
        band = ink[top:base + 1, cx0:cx1]
        ys = np.nonzero(band.any(axis=1))[0]
        h = ys.max() - ys.min() + 1
        if not (wcfg["tail_min_height_em"] * size <= h <= wcfg["sup_max_height_em"] * size and cx1 - cx0 <= wcfg["tail_max_width_em"] * size):
            continue
        digits = _read_mark(img, (cx0 - 2, top + int(ys.min()) - 2, cx1 + 2, top + int(ys.max()) + 3), path=path, lang=lang, number=number)
        if digits == "?":
            continue
        trail = w.text[len(core):]
        if misread:
            core = core[:-1]
        w.text = core + digits.translate(TO_SUPERSCRIPT) + trail
        w.x1 = max(w.x1, cx1 * scale)


def _ocr(img, dpi: float, number: int, *, path, limits: Limits, page_size):
    proc, pdpi, _angle = preprocess(img, dpi)
    if page_size is None:
        page_size = (img.width * 72.0 / dpi, img.height * 72.0 / dpi)
    scale = page_size[0] / proc.width
    data = run_tesseract(proc, path=path, lang=limits.ocr_lang, dpi=pdpi, number=number)
    lines, confs = _lines(data, scale, proc, path=path, lang=limits.ocr_lang, number=number)
    conf = sum(confs) / len(confs) if confs else None
    return lines, confs, conf, page_size


def _orientation(img) -> int:
    """Degrees (clockwise) to turn a page that lies on its side or upside down
    (tesseract's orientation detection); 0 when unsure or unavailable."""
    import pytesseract

    ocfg = config()["orientation"]
    try:
        osd = pytesseract.image_to_osd(img, config="--psm 0 -c min_characters_to_try=5", output_type=pytesseract.Output.DICT,
                                       timeout=config()["tesseract"]["timeout_s"])
    except Exception:  # no osd data, too little text: leave the page as it is
        return 0
    rot = int(osd.get("rotate", 0) or 0) % 360
    if rot and float(osd.get("orientation_conf", 0) or 0) >= ocfg["min_confidence"]:
        return rot
    return 0


def page_layout(img, number: int, *, path, limits: Limits, dpi: float,
                page_size: tuple[float, float] | None = None) -> tuple[PageLayout, float | None]:
    """OCR one page image; -> (its layout in points, mean word confidence).

    A page read with low confidence (or few words) is checked for a quarter
    or half turn (scanned sideways or upside down), turned and read again;
    the better reading is kept."""
    ocfg = config()["orientation"]
    lines, confs, conf, size = _ocr(img, dpi, number, path=path, limits=limits, page_size=page_size)
    if ocfg["enabled"] and (conf is None or conf < ocfg["below_confidence"] or len(confs) < ocfg["min_words"]):
        rot = _orientation(preprocess(img, dpi)[0])
        if rot:
            turned = img.rotate(-rot, expand=True)
            tsize = None if page_size is None else (page_size if rot == 180 else (page_size[1], page_size[0]))
            l2, c2, conf2, s2 = _ocr(turned, dpi, number, path=path, limits=limits, page_size=tsize)
            if conf2 is not None and (conf is None or conf2 > conf):
                lines, confs, conf, size = l2, c2, conf2, s2
    return PageLayout(number, size[0], size[1], merge_rows(lines), [], ocr=True), conf


def image_dpi(img) -> float:
    """The resolution of a page image: recorded, or guessed from A4/Letter proportions."""
    cfg = config()["image"]
    dpi = img.info.get("dpi")
    try:
        d = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        d = 0.0
    if cfg["min_dpi"] <= d <= cfg["max_dpi"]:
        return d
    w, h = sorted(img.size)
    for pw, ph in ((8.27, 11.69), (8.5, 11.0)):
        if abs((w / h) - (pw / ph)) < 0.03:
            return h / ph
    return float(cfg["default_dpi"])

