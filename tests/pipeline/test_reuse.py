"""Reuse of an unchanged report (issue 23): the content key, the step timings, ``--ulang``.

Two tiny notebooks run with real kernels in temporary folders; the leak scan and the
readiness gate are replaced by fakes as in ``test_pipeline.py``. Each notebook appends a
line to a log outside the report folder when it runs, so a reused report is one whose
notebooks did not run.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from kompetensi import cli
from kompetensi.pipeline import reuse
from kompetensi.pipeline import runner as pipeline
from kompetensi.processing.readiness import Readiness
from tests.pipeline.test_pipeline import _fake_privacy

DATASET, SIKLUS = "uji", 2024


def _notebooks(folder: Path, log: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("01_a", "07_b"):
        nb = new_notebook(cells=[
            new_code_cell('dataset = "contoh"\nsiklus = 2025', metadata={"tags": ["parameters"]}),
            new_code_cell("import time\nfrom pathlib import Path"),
            new_code_cell(f"with open({str(log)!r}, 'a') as f:\n    f.write('{name}\\n')"),
            new_code_cell("from kompetensi.report import Report\n"
                          f"Report(dataset, siklus, '{name}').results({{'n': 3}})"),
        ])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture()
def project(tmp_path, monkeypatch):
    raw = tmp_path / "raw" / DATASET / str(SIKLUS)
    raw.mkdir(parents=True)
    (raw / "pegawai.csv").write_text("nip,nama\n1,A\n")
    (tmp_path / "raw" / DATASET / "SINTETIS").write_text("")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("KOMPETENSI_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.setenv("KOMPETENSI_REPORTS_DIR", str(tmp_path / "laporan"))
    monkeypatch.setattr("kompetensi.pipeline.runner.readiness_gate",
                        lambda dataset, siklus, **_: Readiness(int(siklus), (), (), ()))
    _fake_privacy(monkeypatch, [])
    log = tmp_path / "dijalankan.txt"
    _notebooks(tmp_path / "notebooks", log)

    def run(**options):
        stream = io.StringIO()
        result = pipeline.run(DATASET, SIKLUS, jobs=1, notebooks_dir=tmp_path / "notebooks",
                              stream=stream, timeout=120, **options)
        ran = log.read_text().split() if log.exists() else []
        log.unlink(missing_ok=True)
        return result, stream.getvalue(), ran

    return tmp_path, run


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unchanged_rerun_reuses_the_report_and_writes_nothing(project):
    root, run = project
    first, _, ran = run()
    assert first.ok and ran == ["01_a", "07_b"]
    record = json.loads((first.report_dir / "manifest.json").read_text())
    assert set(record["kunci_isi"]["bagian"]) == set(reuse.PART_NAMES)
    assert record["keluaran"] == reuse.output_digests(first.report_dir)
    assert "index.html" in record["keluaran"] and "manifest.json" not in record["keluaran"]
    before = _files(first.report_dir)

    again, log, ran = run()
    assert ran == []  # no notebook ran
    assert "dipakai ulang" in log and "--ulang" in log
    assert again.ok and [n.name for n in again.notebooks] == ["01_a", "07_b"]
    assert again.notebooks == first.notebooks
    assert _files(first.report_dir) == before  # not a byte written


def test_a_changed_part_or_file_makes_the_report_again_and_says_why(project):
    root, run = project
    run()
    nb_path = root / "notebooks" / "07_b.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="keluaran lama")]
    nbformat.write(nb, nb_path)  # outputs are not part of the key
    assert run()[2] == []

    nb.cells[1].source += "\nimport json"
    nbformat.write(nb, nb_path)
    result, log, ran = run()
    assert ran == ["01_a", "07_b"] and "berubah: notebook" in log

    (root / "raw" / DATASET / str(SIKLUS) / "pegawai.csv").write_text("nip,nama\n2,B\n")
    assert "berubah: data mentah" in run()[1]

    index = result.report_dir / "index.html"
    index.write_text(index.read_text() + "<!-- disunting -->")
    _, log, ran = run()
    assert ran and "berkas laporan berubah sejak dibuat (mis. index.html)" in log

    _, log, ran = run(rerun=True)
    assert ran == ["01_a", "07_b"] and "(--ulang)" in log


def test_failed_or_partial_run_is_never_reused(project):
    root, run = project
    run(only=["07"])
    assert run()[2] == ["01_a", "07_b"]  # a partial run records no key
    shutil.copy(root / "notebooks" / "07_b.ipynb", root / "simpan.ipynb")
    nb = nbformat.read(root / "notebooks" / "07_b.ipynb", as_version=4)
    nb.cells.append(new_code_cell("raise ValueError('gagal')"))
    nbformat.write(nb, root / "notebooks" / "07_b.ipynb")
    assert not run()[0].ok
    _, log, ran = run()
    assert ran == ["01_a", "07_b"] and "gagal atau sebagian" in log


def test_manifest_records_the_time_of_each_step(project):
    _, run = project
    result, _, _ = run()
    timings = json.loads((result.report_dir / "manifest.json").read_text())["waktu"]
    assert set(timings["notebook"]) == {"01_a", "07_b"}
    for steps in timings["notebook"].values():
        assert {"kernel", "impor", "sel", "papermill_lain", "html"} <= set(steps)
        assert steps["kernel"] > 0 and all(v >= 0 for v in steps.values())
    main = timings["utama"]
    assert {"gerbang", "kunci_isi", "data_olahan", "notebook", "halaman", "tabel_xlsx",
            "pindai", "total"} <= set(main)
    assert main["total"] >= main["notebook"] > 0
    beside = sorted(p.name for p in result.report_dir.parent.iterdir())
    assert beside in (["2024"], [".2024.lock", "2024"])  # the timing file is not left there


def test_notebook_digest_is_of_cells_not_outputs(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "a.ipynb")
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[0].execution_count = 4
    nbformat.write(nb, tmp_path / "b.ipynb")
    nb.cells[0].source = "x = 2"
    nbformat.write(nb, tmp_path / "c.ipynb")
    a, b, c = (reuse.notebook_digest(tmp_path / f"{n}.ipynb") for n in "abc")
    assert a == b != c


def test_package_digest_follows_every_file(tmp_path):
    package = tmp_path / "paket"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "modul.py").write_text("A = 1\n")
    (package / "tabel.csv").write_text("a\n1\n")
    first = reuse.package_digest(package)
    (package / "sub" / "__pycache__").mkdir()
    (package / "sub" / "__pycache__" / "modul.pyc").write_bytes(b"\0")
    assert reuse.package_digest(package) == first  # compiled files do not count
    (package / "tabel.csv").write_text("a\n2\n")
    assert reuse.package_digest(package) != first


def test_changed_parts_names_what_differs():
    key = {"sha256": "x", "bagian": {"masukan": "1", "notebook": "2", "pustaka": "3"}}
    assert reuse.changed_parts({"bagian": {"masukan": "1", "notebook": "9"}}, key) == [
        "notebook", "kode kompetensi"]
    assert reuse.changed_parts(None, key) == ["data mentah", "notebook", "kode kompetensi"]


def test_cli_ulang_is_passed_to_the_run(monkeypatch):
    seen = {}

    def fake_run(**options):
        seen.update(options)
        return type("R", (), {"ok": True})()

    monkeypatch.setattr("kompetensi.pipeline.run", fake_run)
    assert cli.main(["run", "--ulang", "--tanpa-pembanding"]) == 0
    assert seen["rerun"] is True
    assert cli.main(["run", "--tanpa-pembanding"]) == 0
    assert seen["rerun"] is False
