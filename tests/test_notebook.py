"""notebooks/compare_provinces.ipynb runs top to bottom (nbclient, kernel
python3) against a register of the seeds built in a temp folder, writes its
plots as real PNG images, and shows the gold's provinces. Runtime: about 8 s."""

from __future__ import annotations

import nbclient
import nbformat
from PIL import Image

from conftest import ROOT, SEEDS, gold_for
from extract.batch import run_batch

NOTEBOOK = ROOT / "notebooks" / "compare_provinces.ipynb"
PLOTS = ("tasks_per_plan.png", "lead_share.png", "top_cited.png")


def _texts(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if "text" in o:
                out.append(o["text"])
            for mime in ("text/plain", "text/html"):
                if mime in o.get("data", {}):
                    out.append(o["data"][mime])
    return out


def test_notebook_runs_and_writes_its_plots(tmp_path, monkeypatch):
    db = tmp_path / "register.sqlite"
    res = run_batch([str(ROOT / "corpora" / "seeds")], tmp_path / "out", jobs=2, progress=False, register=db,
                    workbook=False, csv=False)
    assert res.exit_code == 0
    plots = tmp_path / "plots"
    monkeypatch.setenv("KEHOACH_REGISTER", str(db))
    monkeypatch.setenv("KEHOACH_PLOTS", str(plots))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    for name in PLOTS:
        f = plots / name
        assert f.exists(), name
        assert f.stat().st_size > 5 * 1024, (name, f.stat().st_size)
        with Image.open(f) as im:
            assert im.format == "PNG" and im.width >= 400 and im.height >= 200, (name, im.size)
    texts = "\n".join(_texts(nb))
    provinces = {gold_for(s)["document"]["province"] for s in SEEDS}
    assert len(provinces) == 5
    for prov in provinces:
        assert prov in texts, prov
    assert "the notebook and kehoach compare agree on 5 provinces" in texts
    assert str(db) in texts  # it read the register it was pointed at
