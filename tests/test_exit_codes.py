"""Exit codes a script can use (extract/errors.py, README "Exit codes"): one
test per code, and never a traceback."""

import os
import signal
import subprocess
import sys
import time

from conftest import ROOT, SEEDS, kehoach_cmd


def _run(args, **kw):
    p = subprocess.run(kehoach_cmd() + args, capture_output=True, text=True, cwd=ROOT, timeout=300, **kw)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def test_0_every_input_read(tmp_path):
    p = _run(["extract", str(SEEDS[0]), "--out", str(tmp_path / "out")])
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "out" / f"{SEEDS[0].name}.json").is_file()


def test_1_some_input_failed_each_named(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    p = _run(["extract", str(src), "--out", str(tmp_path / "out")])
    assert p.returncode == 1
    assert f"error: {src / 'empty.txt'}:" in p.stderr
    assert (tmp_path / "out" / "good.txt.json").is_file()


def test_2_bad_usage_and_paths_that_match_nothing(tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "no-such-folder"
    p = _run(["extract", str(SEEDS[0]), str(missing), "--out", str(out)])
    assert p.returncode == 2 and str(missing) in p.stderr and "no such file or folder" in p.stderr
    assert not out.exists()  # nothing written, not even the good input's record
    empty = tmp_path / "empty"
    empty.mkdir()
    p = _run(["extract", str(empty), "--out", str(out)])
    assert p.returncode == 2 and "no plan files in this folder" in p.stderr
    p = _run(["extract", str(tmp_path / "*.docx"), "--out", str(out)])
    assert p.returncode == 2 and "no file matches this pattern" in p.stderr
    p = _run(["extract", str(SEEDS[0]), "--time-limit", "0", "--out", str(out)])
    assert p.returncode == 2 and "'none' for no limit" in p.stderr
    p = _run(["extract", str(SEEDS[0]), "--jobs", "0", "--out", str(out)])
    assert p.returncode == 2 and "at least 1" in p.stderr
    p = _run(["review", str(missing), "--out", str(out)])
    assert p.returncode == 2 and str(missing) in p.stderr
    assert not out.exists()


def test_time_limit_none_is_no_limit(tmp_path):
    p = _run(["extract", str(SEEDS[0]), "--time-limit", "none", "--out", str(tmp_path / "out")])
    assert p.returncode == 0, p.stderr


def test_3_output_or_register_cannot_be_written(tmp_path):
    afile = tmp_path / "a-file"
    afile.write_text("not a folder")
    for out in ("/proc/kehoach-test-out", str(afile / "out")):
        p = _run(["extract", str(SEEDS[0]), "--out", out])
        assert p.returncode == 3, (out, p.stderr)
        assert "cannot write to the output folder" in p.stderr and "--out" in p.stderr
    p = _run(["review", str(SEEDS[0]), "--out", str(afile / "review")])
    assert p.returncode == 3 and "cannot write" in p.stderr
    out = tmp_path / "out"
    p = _run(["extract", str(SEEDS[0]), "--out", str(out), "--register", str(afile / "r.sqlite")])
    assert p.returncode == 3 and "register" in p.stderr
    assert not (out / f"{SEEDS[0].name}.json").exists()  # refused before the run
    p = _run(["calendar", str(SEEDS[0].parent), "--out", str(afile / "k.ics")])
    assert p.returncode in (2, 3)  # the seeds folder holds no records: 2 comes first
    records = tmp_path / "records"
    _run(["extract", str(SEEDS[0]), "--out", str(records), "-q"])
    p = _run(["calendar", str(records), "--out", str(afile / "k.ics")])
    assert p.returncode == 3 and "cannot write" in p.stderr


def test_4_tesseract_missing_names_what_to_install(tmp_path):
    from PIL import Image, ImageDraw

    png = tmp_path / "scan.png"
    im = Image.new("L", (800, 400), 255)
    ImageDraw.Draw(im).text((40, 40), "KE HOACH", fill=0)
    im.save(png)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable))  # no tesseract on PATH
    p = _run(["extract", str(png), str(SEEDS[0]), "--out", str(tmp_path / "out")], env=env)
    assert p.returncode == 4, p.stderr
    assert "tesseract-ocr tesseract-ocr-vie" in p.stderr
    assert (tmp_path / "out" / f"{SEEDS[0].name}.json").is_file()  # the others are read
    p = _run(["text", str(png)], env=env)
    assert p.returncode == 4 and "tesseract-ocr-vie" in p.stderr


def test_130_interrupted_keeps_what_is_finished(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for k in range(12):
        for s in SEEDS:
            (src / f"{k}_{s.name}").write_text(s.read_text(encoding="utf-8") + f"\nBản sao {k}.\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(kehoach_cmd() + ["extract", str(src), "--out", str(out), "-j", "1", "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.txt.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    done = list(out.glob("*.txt.json"))
    assert 2 <= len(done) < 60
