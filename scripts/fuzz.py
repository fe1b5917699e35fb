#!/usr/bin/env python3
"""Malformed files, class by class, through a real batch.

    python3 scripts/fuzz.py --per-class 50 --seed 1 [--jobs 2] [--time-limit 20]

For each class it writes N files made from the bundled corpus (seeds TXT,
office DOCX and PDF) into a temporary folder, runs `kehoach extract` over
them as a separate process, and prints one row:

    class  tried  tracebacks  hangs  over-memory  crashed  lost

tracebacks: "Traceback" in the batch's stderr or in an error reason; hangs:
files that hit the time limit; over-memory: files that hit the memory cap;
crashed: the batch exited with something other than 0 or 1 (or was killed);
lost: inputs with neither a complete record nor an error row in the
manifest. A hang or an over-memory row is the limit doing its job, not a
crash, but each one is a file some guard should refuse earlier.

Classes: truncate (a prefix of a file), bitflip (random bytes flipped), zip
(DOCX parts dropped, renamed, XML cut or spliced), pdf (objects, lengths,
xref and streams damaged), bomb (grid spans, deflate members, a huge line,
deep XML nesting), names (file names that are not UTF-8, with newlines,
leading dashes, 200 characters, NFD).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
DOCX = sorted((ROOT / "corpora" / "office").glob("*.docx"))
PDF = sorted((ROOT / "corpora" / "office").glob("*.pdf"))


def _bytes(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.suffix, p.read_bytes()) for p in paths]


def truncate(rng, base):
    suf, data = rng.choice(base)
    return suf, data[: rng.randrange(0, max(len(data), 1))]


def bitflip(rng, base):
    suf, data = rng.choice(base)
    b = bytearray(data)
    for _ in range(rng.choice((1, 4, 32, 256))):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return suf, bytes(b)


def zip_mutation(rng, docx):
    data = rng.choice(docx)[1]
    zin = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: zin.read(i) for i in zin.infolist()}
    op = rng.choice(("drop", "rename", "cut_xml", "splice_xml", "garbage_xml", "empty_member"))
    names = list(members)
    target = "word/document.xml" if rng.random() < 0.6 else rng.choice(names)
    if op == "drop":
        members.pop(target, None)
    elif op == "rename":
        members[target + ".bak"] = members.pop(target)
    elif op == "cut_xml" and target in members:
        x = members[target]
        a = rng.randrange(len(x) or 1)
        members[target] = x[:a] + x[a + rng.randrange(1, 4000):]
    elif op == "splice_xml" and target in members:
        x = members[target]
        a, b = sorted(rng.randrange(len(x) or 1) for _ in range(2))
        members[target] = x[:a] + x[a:b] * rng.randrange(2, 6) + x[b:]
    elif op == "garbage_xml":
        members[target] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
    else:
        members[target] = b""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, v in members.items():
            z.writestr(n, v)
    return ".docx", out.getvalue()


def pdf_mutation(rng, pdf):
    data = bytearray(rng.choice(pdf)[1])
    op = rng.choice(("lengths", "xref", "streams", "objects", "trailer"))
    import re

    if op == "lengths":
        for m in list(re.finditer(rb"/Length (\d+)", data))[: rng.randrange(1, 20)]:
            data[m.start(1):m.end(1)] = str(rng.choice((0, 1, 10**9, int(m.group(1)) // 2))).encode().ljust(len(m.group(1)))[: len(m.group(1))]
    elif op == "xref":
        i = data.rfind(b"xref")
        if i != -1:
            data[i:i + 200] = bytes(rng.randrange(256) for _ in range(200))
        else:
            data = data[: len(data) // 2]
    elif op == "streams":
        for m in list(re.finditer(rb"stream\r?\n", data))[: rng.randrange(1, 30)]:
            j = m.end()
            for k in range(rng.randrange(1, 64)):
                if j + k < len(data):
                    data[j + k] = rng.randrange(256)
    elif op == "objects":
        for m in list(re.finditer(rb"\d+ 0 R", data))[: rng.randrange(1, 200)]:
            data[m.start():m.start() + 1] = str(rng.randrange(10)).encode()
    else:
        i = data.rfind(b"trailer")
        if i != -1:
            data[i:] = b"trailer\n<< /Root 999 0 R /Size 1 >>\n%%EOF\n"
    return ".pdf", bytes(data)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>')


def _docx(body: str, compress=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def pdf_file(objs: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; object 1 is the catalog),
    with a correct xref table and trailer."""
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _flate_pdf(inflated: int) -> bytes:
    """One page whose FlateDecode content stream inflates to `inflated` bytes."""
    import zlib

    stream = zlib.compress(b" " * inflated, 9)
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"])


def bomb(rng, base):
    kind = rng.choice(("span", "before", "deflate", "line", "nesting", "rows", "pdfstream"))
    if kind == "pdfstream":
        return ".pdf", _flate_pdf(rng.choice((64, 512, 1024)) * 1024 * 1024)
    if kind == "span":
        n = rng.choice((10**4, 10**6, 2 * 10**9))
        return ".docx", _docx(f'<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    if kind == "before":
        n = rng.choice((10**5, 10**9))
        return ".docx", _docx(f'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="{n}"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>')
    if kind == "deflate":
        return ".docx", _docx("<w:p><w:r><w:t>" + "a" * rng.choice((5 * 10**6, 50 * 10**6)) + "</w:t></w:r></w:p>")
    if kind == "line":
        return ".txt", ("KẾ HOẠCH\n" + "Sở Y tế chủ trì " * rng.choice((10**5, 10**6))).encode()
    if kind == "nesting":
        d = rng.choice((1000, 100000))
        return ".docx", _docx("<w:sdt><w:sdtContent>" * d + "<w:p/>" + "</w:sdtContent></w:sdt>" * d)
    n = rng.choice((10**4, 10**5))
    return ".docx", _docx("<w:tbl>" + "<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>" * n + "</w:tbl>")


def odd_name(rng, i):
    return rng.choice((
        os.fsencode("kế hoạch ") + bytes([0xFF, 0xFE]) + str(i).encode(),
        f"line\nbreak {i}".encode(),
        f"-{i} --force".encode(),
        ("k" * 190 + str(i)).encode(),
        ("Ke\u0302\u0301 hoa\u0323ch " + str(i)).encode(),
        f"tab\t{i} ;rm -rf".encode(),
    ))


def make(cls: str, rng, i: int, base, docx, pdf) -> tuple[bytes, bytes]:
    """(file name as bytes, content)."""
    if cls == "truncate":
        suf, data = truncate(rng, base)
    elif cls == "bitflip":
        suf, data = bitflip(rng, base)
    elif cls == "zip":
        suf, data = zip_mutation(rng, docx)
    elif cls == "pdf":
        suf, data = pdf_mutation(rng, pdf)
    elif cls == "bomb":
        suf, data = bomb(rng, base)
    else:
        suf, data = rng.choice(base)
        return odd_name(rng, i) + suf.encode(), data
    return f"{cls}_{i:04d}{suf}".encode(), data


CLASSES = ("truncate", "bitflip", "zip", "pdf", "bomb", "names")


def run_class(cls: str, n: int, seed: int, jobs: int, time_limit: float, max_memory: str) -> dict:
    rng = random.Random(f"{seed}:{cls}")
    base = _bytes(SEEDS[:3] + DOCX + PDF)
    docx, pdf = _bytes(DOCX), _bytes(PDF)
    tmp = Path(tempfile.mkdtemp(prefix=f"kehoach-fuzz-{cls}-"))
    src, out = tmp / "in", tmp / "out"
    src.mkdir()
    names = []
    for i in range(n):
        name, data = make(cls, rng, i, base, docx, pdf)
        p = os.path.join(os.fsencode(src), name)
        with open(p, "wb") as fh:
            fh.write(data)
        names.append(name)
    cmd = [sys.executable, "-c", "from extract.cli import main; main()", "extract", str(src), "--out", str(out),
           "--jobs", str(jobs), "--time-limit", str(time_limit), "--max-memory", max_memory, "--quiet"]
    t0 = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=n * time_limit + 300, cwd=ROOT)
        rc, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        rc, err = -9, (e.stderr or b"").decode("utf-8", "replace")
    took = time.monotonic() - t0
    row = {"class": cls, "tried": n, "tracebacks": err.count("Traceback"), "hangs": 0, "over-memory": 0,
           "crashed": int(rc not in (0, 1)), "lost": 0, "seconds": round(took, 1)}
    try:
        m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        row["lost"] = n
        shutil.rmtree(tmp, ignore_errors=True)
        return row
    seen = 0
    for f in m["files"]:
        seen += 1
        err_text = f.get("error") or ""
        if "Traceback" in err_text:
            row["tracebacks"] += 1
        if "time limit" in err_text:
            row["hangs"] += 1
        if "of memory" in err_text:
            row["over-memory"] += 1
        if f["status"] == "extracted":
            rec = os.fsdecode(bytes.fromhex(f["record_bytes"])) if f.get("record_bytes") else f["record"]
            try:
                json.loads((out / rec).read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError):
                row["lost"] += 1
        elif f["status"] != "failed" and f["status"] != "skipped":
            row["lost"] += 1
    row["lost"] += max(0, n - seen)
    shutil.rmtree(tmp, ignore_errors=True)
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-class", type=int, default=20, metavar="N", help="files per class (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--classes", default=",".join(CLASSES), help=f"comma-separated subset of {','.join(CLASSES)}")
    ap.add_argument("--jobs", type=int, default=2, help="batch worker processes (default 2)")
    ap.add_argument("--time-limit", type=float, default=30, help="per-file time limit in seconds (default 30)")
    ap.add_argument("--max-memory", default="1G", help="per-file memory cap (default 1G)")
    a = ap.parse_args(argv)
    cols = ("class", "tried", "tracebacks", "hangs", "over-memory", "crashed", "lost", "seconds")
    print("  ".join(f"{c:>11}" for c in cols))
    bad = 0
    for cls in a.classes.split(","):
        row = run_class(cls.strip(), a.per_class, a.seed, a.jobs, a.time_limit, a.max_memory)
        print("  ".join(f"{row[c]:>11}" for c in cols), flush=True)
        bad += row["tracebacks"] + row["crashed"] + row["lost"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
