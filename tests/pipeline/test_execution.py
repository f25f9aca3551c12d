"""One notebook in a worker: the executed notebook is written once, also when a cell times out."""

from __future__ import annotations

import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from kompetensi.core import config
from kompetensi.pipeline import execution


def test_timed_out_notebook_is_still_written_with_what_ran(tmp_path, monkeypatch):
    nb = new_notebook(cells=[
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("print('sebelum')"),
        new_code_cell("import time\ntime.sleep(60)"),
        new_code_cell("print('sesudah')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    (tmp_path / "keluar").mkdir()
    timings = tmp_path / "waktu.tsv"
    monkeypatch.setenv(config.TIMING_ENV, str(timings))
    outcome = execution.execute_notebook({
        "name": "01_a", "input": str(tmp_path / "01_a.ipynb"),
        "output": str(tmp_path / "keluar" / "01_a.ipynb"),
        "html": str(tmp_path / "keluar" / "01_a.html"), "env": {}, "cwd": str(tmp_path),
        "parameters": {"x": 2}, "timeout": 3, "executable": sys.executable,
        "project_root": str(tmp_path)})
    assert outcome["error"]["ename"] in ("CellTimeoutError", "TimeoutError")
    assert outcome["error"]["cell_index"] == 3  # the injected parameters count
    written = nbformat.read(outcome["ipynb"], as_version=4)
    texts = ["".join(o.get("text", "")) for c in written.cells if c.cell_type == "code"
             for o in c.get("outputs", [])]
    assert "sebelum\n" in texts and "sesudah\n" not in texts
    steps = {line.split("\t")[1] for line in timings.read_text().splitlines()}
    assert {"kernel", "impor", "sel", "papermill_lain", "html"} <= steps


def test_expected_seconds_from_the_last_run_else_the_notebook_hint(tmp_path):
    from kompetensi.pipeline import stages

    paths = []
    for name, hint in (("01_a", None), ("02_b", 3.0), ("05_c", 12.0)):
        nb = new_notebook(cells=[new_code_cell("x = 1")])
        if hint is not None:
            nb.metadata["kompetensi"] = {stages.HINT_KEY: hint}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        paths.append(tmp_path / f"{name}.ipynb")
    report = tmp_path / "laporan"
    report.mkdir()
    assert stages.expected_seconds(paths, report) == {"01_a": 0.0, "02_b": 3.0, "05_c": 12.0}
    (report / "manifest.json").write_text(
        '{"notebooks": [{"name": "02_b", "duration": 20.5}, {"name": "99_x", "duration": 1}]}')
    expected = stages.expected_seconds(paths, report)
    assert expected == {"01_a": 0.0, "02_b": 20.5, "05_c": 12.0}
    assert [p.stem for p in stages.longest_first([paths], expected)[0]] == [
        "02_b", "05_c", "01_a"]
