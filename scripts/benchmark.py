#!/usr/bin/env python3
"""Benchmark: prints figures, asserts nothing (machines here are shared and
noisy: read medians and ratios, not single timings).

    python3 scripts/benchmark.py                 # everything (several minutes)
    python3 scripts/benchmark.py --quick         # smaller batch and register

Figures:
1. per input format (TXT, DOCX, text PDF, 200 dpi scan) of the bundled seeds:
   plans per second on one core and the median seconds per plan by stage
   (ingest = the backend, normalize, segment, extract, resolve, export);
2. a batch of a few thousand plans (copies of the seeds with distinct
   content): wall time with 1 and 2 worker processes, their ratio, and the
   peak memory (RSS) of the main process and of the largest worker;
3. the register: time to fill it with N synthetic plans and the citation
   query ("which plans implement X, and who leads their tasks?"), median of 5;
4. cost against size: one file whose text is a single long line (the shape
   of a broken conversion), at 4 000 and 16 000 repetitions of a phrase, and
   the ratio of the times (about 4 when the cost is linear).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the renderers used by the tests

from extract.export import write_record  # noqa: E402
from extract.pipeline import StageTimer, extract_file  # noqa: E402

SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
STAGES = ["ingest", "normalize", "segment", "extract", "resolve", "export"]


def render_inputs(work: Path) -> dict[str, list[Path]]:
    from render_docx import render_seed_docx
    from render_pdf import render_scan, render_seed_pdf, scan_pdf_path

    out: dict[str, list[Path]] = {"txt": list(SEEDS), "docx": [], "pdf": [], "scan": []}
    for s in SEEDS:
        text = s.read_text(encoding="utf-8")
        d = work / f"{s.stem}.docx"
        render_seed_docx(text, d)
        out["docx"].append(d)
        p = work / f"{s.stem}.pdf"
        render_seed_pdf(text, p)
        out["pdf"].append(p)
        scan_dir = work / f"{s.stem}-scan"
        render_scan(p, scan_dir, dpi=200)
        out["scan"].append(Path(scan_pdf_path(p, scan_dir)))
    return out


def time_format(files: list[Path], reps: int, work: Path) -> tuple[float, dict[str, float], int]:
    per_stage: dict[str, list[float]] = {k: [] for k in STAGES}
    total = 0.0
    n = 0
    extract_file(files[0])  # warm-up: models and backends load once per process
    for _ in range(reps):
        for f in files:
            timer = StageTimer()
            t0 = time.perf_counter()
            rec = extract_file(f, timer=timer)
            with timer.stage("export"):
                write_record(rec, work / f"{f.name}.json")
            total += time.perf_counter() - t0
            n += 1
            for k in STAGES:
                per_stage[k].append(timer.seconds.get(k, 0.0))
    return n / total, {k: statistics.median(v) for k, v in per_stage.items()}, n


def batch_figures(copies: int, work: Path) -> None:
    import subprocess

    src = work / "batch-in"
    src.mkdir()
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    for i in range(copies):
        (src / f"{i:05d}.txt").write_text(texts[i % len(texts)] + f"\nBản sao số {i}.\n", encoding="utf-8")
    results = {}
    for jobs in (1, 2):
        out = work / f"batch-out-{jobs}"
        code = (
            "import resource, sys, time\n"
            "from extract.batch import run_batch\n"
            "t = time.perf_counter()\n"
            f"r = run_batch([{str(src)!r}], {str(out)!r}, jobs={jobs}, progress=False)\n"
            "w = time.perf_counter() - t\n"
            "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "ch = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(w, me, ch, len(r.failed))\n"
        )
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        if p.returncode != 0:
            print(p.stderr)
            return
        wall, me, ch, failed = p.stdout.split()
        results[jobs] = (float(wall), int(me), int(ch), int(failed))
    w1, w2 = results[1][0], results[2][0]
    print(f"\n2. batch of {copies} plans (TXT copies, workbook and CSVs included)")
    for jobs, (wall, me, ch, failed) in results.items():
        print(f"   --jobs {jobs}: {wall:7.1f} s  {copies / wall:6.1f} plans/s  peak RSS main {me / 1024:6.0f} MB, largest worker {ch / 1024:6.0f} MB, failed {failed}")
    print(f"   speed-up with 2 workers: {w1 / w2:.2f}x (2 cores)")


def register_figures(n: int, work: Path) -> None:
    try:
        from extract.register import synthetic_register, open_register
    except ImportError as e:
        print(f"\n3. register: not available ({e})")
        return
    db = work / "register.sqlite"
    t0 = time.perf_counter()
    synthetic_register(db, n)
    build = time.perf_counter() - t0
    times = []
    rows = 0
    with open_register(db) as reg:
        for _ in range(5):
            t = time.perf_counter()
            res = reg.cited_by("59/2023/NĐ-CP")
            times.append(time.perf_counter() - t)
            rows = len(res)
    size = db.stat().st_size / 1e6
    print(f"\n3. register of {n:,} synthetic plans ({size:.0f} MB): built in {build:.1f} s")
    print(f"   cited-by 59/2023/NĐ-CP (plans and the leads of their tasks): {rows:,} rows, median {statistics.median(times) * 1000:.1f} ms over 5 runs (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")


def scaling_figures(work: Path) -> None:
    print("\n4. cost against size: one long line (median of 3, seconds)")
    times = {}
    for n in (4000, 16000):
        f = work / f"long_{n}.txt"
        f.write_bytes(("KẾ HOẠCH\n" + "Sở Y tế chủ trì " * n).encode())
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            extract_file(f)
            runs.append(time.perf_counter() - t0)
        times[n] = statistics.median(runs)
        print(f"   {n * 16:>9,} characters  {times[n]:8.2f}")
    print(f"   ratio for 4x the size: {times[16000] / times[4000]:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a 500-plan batch and a 10,000-plan register")
    ap.add_argument("--copies", type=int, default=None, help="plans in the batch (default 3000, quick 500)")
    ap.add_argument("--register-plans", type=int, default=None, help="plans in the register (default 100000, quick 10000)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions per format for TXT/DOCX/PDF (scans: 1)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["formats", "batch", "register", "scaling"], help="parts to skip")
    a = ap.parse_args()
    copies = a.copies or (500 if a.quick else 3000)
    nreg = a.register_plans or (10_000 if a.quick else 100_000)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    print(f"kehoach benchmark · {os.cpu_count()} cores · python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "formats" not in a.skip:
            inputs = render_inputs(work)
            print("\n1. per format, one process (the five seeds; median seconds per plan by stage)")
            print(f"   {'format':6} {'plans':>5} {'plans/s':>8}  " + "  ".join(f"{s:>9}" for s in STAGES))
            for fmt, files in inputs.items():
                reps = 1 if fmt == "scan" else a.reps
                rate, med, n = time_format(files, reps, work)
                print(f"   {fmt:6} {n:5d} {rate:8.2f}  " + "  ".join(f"{med[s]:9.4f}" for s in STAGES))
        if "batch" not in a.skip:
            batch_figures(copies, work)
        if "register" not in a.skip:
            register_figures(nreg, work)
        if "scaling" not in a.skip:
            scaling_figures(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
