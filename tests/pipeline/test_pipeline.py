"""The cycle runner: order, failures, parameters, rendering, manifest, index, privacy gate, CLI.

Tiny notebooks are built in a temporary folder and run with real kernels (three runs in
all). Nothing is written inside the repository: notebooks, raw data, processed data and
reports all live under pytest's temporary directories. The privacy scan is replaced by a
fake (``kompetensi.privacy``/``kompetensi.processing`` are exercised by their own tests).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kompetensi import cli
from kompetensi.core import config
from kompetensi.core.errors import KompetensiError
from kompetensi.pipeline import gate, runs
from kompetensi.pipeline import runner as pipeline
from kompetensi.processing.readiness import Readiness
from kompetensi.report import headlines, render

DATASET, SIKLUS = "uji", 2024
SECRET_SOURCE = "kode_rahasia_yang_tidak_boleh_tampil"
LEAKED_VALUE = "199001012020121001"


def _notebook(order_dir: Path, name: str, *cells: str,
              markdown: str = "") -> nbformat.NotebookNode:
    stamp = order_dir / f"{name}.txt"
    nb = new_notebook(cells=[
        new_code_cell('dataset = "contoh"\nsiklus = 2025', metadata={"tags": ["parameters"]}),
        new_markdown_cell(markdown or f"# Notebook {name}"),
        new_code_cell(f"import os, sys, time\nfrom pathlib import Path\n_t0 = time.time_ns()\n"
                      f"{SECRET_SOURCE} = 1"),
        *(new_code_cell(source) for source in cells),
        new_code_cell(f"Path({str(stamp)!r}).write_text(f'{{_t0}} {{time.time_ns()}}')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def _write_notebooks(folder: Path, order_dir: Path) -> None:
    folder.mkdir()
    order_dir.mkdir()
    results = ("from kompetensi.report import Report\n"
               "print('keluaran-01')\n"
               "Report(dataset, siklus, '01_a').results({'n_pegawai': 3, 'rasio': 0.123456,"
               " 'siklus_tipe': type(siklus).__name__, 'dataset': dataset,"
               " 'python': sys.executable, 'cwd': os.getcwd(),"
               " 'laporan': os.environ.get('KOMPETENSI_REPORTS_DIR'),"
               " 'blas': os.environ.get('OPENBLAS_NUM_THREADS'),"
               " 'rincian': {'a': 1, 'b': [1, 2]}})")
    notebooks = {
        "01_a": _notebook(order_dir, "01_a", "time.sleep(1.5)", results),
        "02_b": _notebook(order_dir, "02_b", "raise ValueError('data rusak di sini')"),
        "03_c": _notebook(order_dir, "03_c", "time.sleep(0.3)\nprint('keluaran-03')",
                          markdown="# Tiga\n\nTeks penjelasan."),
        "07_d": _notebook(order_dir, "07_d", "print('ringkasan')"),
    }
    # 02 fails before its stamp cell: move the stamp first so its start/end are known.
    cells = notebooks["02_b"].cells
    cells.insert(3, cells.pop(-1))
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    (folder / "catatan.ipynb").write_text("{}")  # not NN_*: ignored


def _write_raw(root: Path) -> None:
    for rel, text in {"uji/2023/pegawai.csv": "nip,nama\n1,A\n",
                      "uji/2024/pelatihan.csv": "pid,jp\nx,3\n",
                      "uji/2024/survei/reaksi.csv": "skor\n4\n",
                      "uji/SINTETIS": "", "uji/catatan.txt": "bukan masukan siklus"}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@dataclass
class FakeFinding:
    path: Path
    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} = {self.value}"


def _fake_privacy(mp: pytest.MonkeyPatch, findings: list) -> list:
    """Replace the leak scan and the raw identifiers the runner imports
    (``kompetensi.privacy.scan``, ``kompetensi.processing.identifiers``); the recorded calls."""
    import kompetensi.privacy
    import kompetensi.processing

    calls: list = []
    scan = types.ModuleType("kompetensi.privacy.scan")
    identifiers = types.ModuleType("kompetensi.processing.identifiers")
    identifiers.raw_identifiers = lambda dataset: ("identitas", dataset)

    def scan_for_leaks(paths, identifiers):
        calls.append((list(paths), identifiers))
        return list(findings)

    scan.scan_for_leaks = scan_for_leaks
    for package, name, module in ((kompetensi.privacy, "scan", scan),
                                  (kompetensi.processing, "identifiers", identifiers)):
        mp.setitem(sys.modules, module.__name__, module)
        mp.setattr(package, name, module)
    return calls


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("siklus")
    _write_notebooks(root / "notebooks", root / "urutan")
    _write_raw(root / "raw")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOMPETENSI_RAW_DIR", str(root / "raw"))
        mp.setenv("KOMPETENSI_PROCESSED_DIR", str(root / "processed"))
        mp.setenv("KOMPETENSI_REPORTS_DIR", str(root / "tempat_lain"))
        # the fake raw files are not a real cycle: the readiness gate is tested on its own
        # (tests/pipeline/test_readiness_gate.py)
        mp.setattr("kompetensi.pipeline.runner.readiness_gate",
                   lambda dataset, siklus, **_: Readiness(int(siklus), (), (), ()))
        yield types.SimpleNamespace(root=root, mp=mp)


@pytest.fixture(scope="module")
def first(env):
    calls = _fake_privacy(env.mp, [])
    stream = io.StringIO()
    result = pipeline.run(DATASET, SIKLUS, jobs=2, reports_dir=env.root / "laporan",
                          notebooks_dir=env.root / "notebooks", stream=stream, timeout=120)
    manifest = json.loads((result.report_dir / "manifest.json").read_text(encoding="utf-8"))
    return types.SimpleNamespace(result=result, calls=calls, log=stream.getvalue(),
                                 manifest=manifest, dir=result.report_dir,
                                 reports_env_after=os.environ.get("KOMPETENSI_REPORTS_DIR"))


def _stamps(env) -> dict[str, tuple[int, int]]:
    return {p.stem: tuple(map(int, p.read_text().split()))
            for p in (env.root / "urutan").glob("*.txt")}


def test_order_01_beside_the_others_07_last(env, first):
    stamps = _stamps(env)
    assert set(stamps) == {"01_a", "02_b", "03_c", "07_d"}
    others = ("01_a", "02_b", "03_c")
    assert all(stamps[m][1] <= stamps["07_d"][0] for m in others)
    assert stamps["02_b"][0] < stamps["01_a"][1]  # 02 started before 01 ended (jobs=2)
    assert [r.name for r in first.result.notebooks] == ["01_a", "02_b", "03_c", "07_d"]


def test_failure_does_not_stop_the_others(first):
    status = {r.name: r.status for r in first.result.notebooks}
    assert status == {"01_a": "berhasil", "02_b": "gagal", "03_c": "berhasil",
                      "07_d": "berhasil"}
    assert first.result.ok is False
    assert [r.name for r in first.result.failed] == ["02_b"]
    error = first.result.failed[0].error
    assert (error.ename, error.evalue) == ("ValueError", "data rusak di sini")


def test_report_folder_and_environment(env, first):
    assert first.dir == (env.root / "laporan" / DATASET / str(SIKLUS)).resolve()
    for name in ("01_a", "02_b", "03_c", "07_d"):
        assert (first.dir / f"{name}.ipynb").is_file()
        assert (first.dir / f"{name}.html").is_file()
    hasil = json.loads((first.dir / "hasil" / "01_a.json").read_text(encoding="utf-8"))
    values = hasil["hasil"]
    assert values["siklus_tipe"] == "int" and hasil["siklus"] == SIKLUS
    assert values["dataset"] == DATASET
    assert Path(values["python"]).resolve() == Path(sys.executable).resolve()
    assert Path(values["cwd"]).resolve() == (env.root / "notebooks").resolve()
    assert Path(values["laporan"]) == (env.root / "laporan").resolve()
    # two kernels share the cores: BLAS threads per kernel (unless the user set them)
    assert values["blas"] == os.environ.get("OPENBLAS_NUM_THREADS",
                                            str(max(1, (os.cpu_count() or 1) // 2)))
    assert not (env.root / "tempat_lain").exists()
    assert first.reports_env_after == str(env.root / "tempat_lain")  # restored after the run


def test_manifest_records_failure_and_run(first):
    m = first.manifest
    assert m["ok"] is False and m["dataset"] == DATASET and m["siklus"] == SIKLUS
    assert m["parameters"] == {"dataset": DATASET, "siklus": SIKLUS}
    assert m["started"] <= m["finished"]
    assert m["git"] is None or set(m["git"]) == {"commit", "dirty"}
    assert {"python", "kompetensi", "pandas", "numpy", "scipy", "statsmodels", "pandera",
            "pyarrow", "matplotlib", "seaborn", "papermill", "nbconvert"} <= set(m["versions"])
    by_name = {nb["name"]: nb for nb in m["notebooks"]}
    assert [nb["name"] for nb in m["notebooks"]] == ["01_a", "02_b", "03_c", "07_d"]
    assert by_name["01_a"]["error"] is None and by_name["01_a"]["status"] == "berhasil"
    error = by_name["02_b"]["error"]
    assert by_name["02_b"]["status"] == "gagal" and error["ename"] == "ValueError"
    executed = nbformat.read(first.dir / "02_b.ipynb", as_version=4)
    cells = [c for c in executed.cells
             if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    assert "raise ValueError" in cells[error["cell_index"]].source
    assert cells[error["cell_index"]].execution_count == error["execution_count"]
    assert m["privacy"] == {"error": None, "findings": []}
    text = (first.dir / "manifest.json").read_text(encoding="utf-8")
    assert text == json.dumps(m, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_manifest_hashes_every_cycle_input(env, first):
    raw = env.root / "raw"
    expected = ["uji/2023/pegawai.csv", "uji/2024/pelatihan.csv", "uji/2024/survei/reaksi.csv"]
    inputs = first.manifest["inputs"]
    assert [item["path"] for item in inputs] == expected
    for item in inputs:
        assert item["sha256"] == hashlib.sha256((raw / item["path"]).read_bytes()).hexdigest()


def test_executed_notebook_has_no_absolute_paths_of_papermill(first):
    meta = nbformat.read(first.dir / "03_c.ipynb", as_version=4).metadata["papermill"]
    assert meta["output_path"] == "03_c.ipynb" and not Path(meta["input_path"]).is_absolute()
    assert meta["parameters"] == {"dataset": DATASET, "siklus": SIKLUS}


def test_html_has_no_code_and_loads_nothing(first):
    for name in ("01_a", "02_b", "03_c", "07_d"):
        page = (first.dir / f"{name}.html").read_text(encoding="utf-8")
        assert SECRET_SOURCE not in page and "_t0 = time" not in page
        assert "<script" not in page and "<link" not in page
        assert 'lang="id"' in page
    assert "keluaran-01" in (first.dir / "01_a.html").read_text(encoding="utf-8")
    failed = (first.dir / "02_b.html").read_text(encoding="utf-8")
    assert "Notebook ini berhenti karena galat" in failed and "data rusak di sini" in failed


def test_index_html(first):
    page = (first.dir / "index.html").read_text(encoding="utf-8")
    assert "DATA SINTETIS" in page  # raw/uji/SINTETIS marks the dataset synthetic
    assert "GAGAL" in page and "ValueError" in page and "data rusak di sini" in page
    row = page[page.index("<td>02_b</td>"):].split("</tr>")[0]
    assert "gagal" in row and "In [" in row
    for target in ("01_a.html", "02_b.html", "02_b.ipynb", "07_d.html", "manifest.json"):
        assert f'href="{target}"' in page and (first.dir / target).is_file()
    # raw result keys are not shown; without notebook 07 the index says where they are
    assert "n_pegawai" not in page and "belum ada hasilnya pada run ini" in page
    assert "<script" not in page and "http" not in page and "<link" not in page
    # issue 22: the header bar, the pages the runner writes, times in WIB
    assert '<a href="index.html" aria-current="page">Beranda</a>' in page
    for target in ("ringkasan_eksekutif.html", "sumber.html"):
        assert f'href="{target}"' in page and (first.dir / target).is_file()
    assert " WIB</td>" in page and " UTC</td>" not in page
    assert 'aria-current="page"><span class="nomor">03</span>' in (
        first.dir / "03_c.html").read_text(encoding="utf-8")


def test_privacy_scan_called_on_report_folder(first):
    """The scan reads the run's folder before it is moved into place (then it is gone):
    each notebook's files when it is done, the rest at the end, every file once."""
    *scans, (summaries, same) = first.calls
    assert len(scans) >= 2 and all(ids == ("identitas", DATASET) for _, ids in first.calls)
    scanned = [p for paths, _ in scans for p in paths]
    staging = {p.relative_to(first.dir.parent).parts[0] for p in scanned + summaries}
    assert len(staging) == 1 and staging.pop().startswith(f".{SIKLUS}-")
    assert not any(p.exists() for p in scanned)
    names = [p.relative_to(first.dir.parent).as_posix().split("/", 1)[1] for p in scanned]
    published = {p.relative_to(first.dir).as_posix() for p in first.dir.rglob("*")
                 if p.is_file()}
    assert sorted(names) == sorted(published - {"manifest.json", "index.html"})  # once each
    first_scan = [p.name for p in scans[0][0]]  # a finished notebook's files, not its page
    prefix = first_scan[0][:3]
    assert all(n.startswith(prefix) and not n.endswith(".html") for n in first_scan)
    # manifest and index report the scan, so they are written after it and scanned then
    assert [p.name for p in summaries] == ["manifest.json", "index.html"]


def test_progress_on_stream(first):
    log = first.log
    assert "mulai    01_a" in log and "selesai  02_b: gagal" in log and "Ringkasan:" in log
    last = log.strip().splitlines()[-1]
    assert last.startswith("GAGAL: 02_b") and str(first.dir / "02_b.ipynb") in last
    assert "Traceback" not in log


def test_only_runs_selected_and_leak_fails_run(env, first, monkeypatch):
    report_dir = (env.root / "laporan2" / DATASET / str(SIKLUS)).resolve()
    _fake_privacy(monkeypatch, [FakeFinding(report_dir / "03_c.html", "nip", LEAKED_VALUE)])
    result = pipeline.run(DATASET, SIKLUS, jobs=2, reports_dir=env.root / "laporan2",
                          only=["01", "3"], notebooks_dir=env.root / "notebooks",
                          stream=io.StringIO(), timeout=120)
    assert [r.name for r in result.notebooks] == ["01_a", "03_c"]
    assert all(r.ok for r in result.notebooks) and result.ok is False
    assert result.findings == (runs.PrivacyFinding("03_c.html", "nip"),)
    assert not (report_dir / "02_b.ipynb").exists()
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "03_c.html" in page and "nip" in page and LEAKED_VALUE not in page
    manifest = json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["privacy"]["findings"] == [{"file": "03_c.html", "kind": "nip"}]
    assert manifest["options"]["only"] == ["01", "03"]
    assert LEAKED_VALUE not in json.dumps(manifest)
    # determinism: the same notebook with the same parameters renders to the same HTML; only
    # the header bar differs, since it links the pages this folder has (issue 22)
    nav = re.compile(r'<header class="kompetensi-nav".*?</header>', re.S)
    here, there = ((folder / "03_c.html").read_text(encoding="utf-8")
                   for folder in (report_dir, first.dir))
    assert nav.sub("", here) == nav.sub("", there)
    assert re.findall(r'<a href="(\d\d_[^"]+)"', nav.search(here).group(0)) == [
        "01_a.html", "03_c.html"]
    assert re.findall(r'<a href="(\d\d_[^"]+)"', nav.search(there).group(0)) == [
        "07_d.html", "01_a.html", "02_b.html", "03_c.html"]


def test_leak_in_the_summaries_fails_the_run_and_hides_every_message(env, monkeypatch):
    """index.html and manifest.json are scanned after they are written (they hold messages)."""
    calls = _fake_privacy(monkeypatch, [])

    def scan_for_leaks(paths, identifiers):
        calls.append(list(paths))
        return [FakeFinding(p, "nama", "x") for p in paths if Path(p).name == "index.html"]

    sys.modules["kompetensi.privacy.scan"].scan_for_leaks = scan_for_leaks
    result = pipeline.run(DATASET, SIKLUS, jobs=2, reports_dir=env.root / "laporan3",
                          notebooks_dir=env.root / "notebooks", stream=io.StringIO(),
                          timeout=120)
    assert not result.ok and result.findings == (runs.PrivacyFinding("index.html", "nama"),)
    assert [Path(p).name for p in calls[-1]] == ["manifest.json", "index.html"]
    assert "index.html" not in {Path(p).name for c in calls[:-1] for p in c}  # not yet made
    manifest = json.loads((result.report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False
    errors = [nb["error"]["evalue"] for nb in manifest["notebooks"] if nb["error"]]
    assert errors and all("disembunyikan" in e for e in errors)  # 02_b's message too
    assert "data rusak di sini" not in (result.report_dir / "index.html").read_text("utf-8")


def test_cli_run_returns_nonzero_on_failing_notebook(env, first, monkeypatch, capsys):
    _fake_privacy(monkeypatch, [])
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", env.root / "notebooks")
    code = cli.main(["run", "--dataset", DATASET, "--siklus", str(SIKLUS), "--jobs", "1",
                     "--reports-dir", str(env.root / "laporan3"), "--only", "02"])
    assert code == 1
    err = capsys.readouterr().err
    assert "GAGAL: 02_b" in err and "Traceback" not in err


def test_cli_unknown_notebook_is_a_clean_error(env, monkeypatch, capsys):
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", env.root / "notebooks")
    code = cli.main(["run", "--dataset", DATASET, "--reports-dir", str(env.root / "x"),
                     "--only", "09"])
    assert code == 1
    assert "Notebook tidak ditemukan" in capsys.readouterr().err
    assert not (env.root / "x").exists()


# --- fast unit tests (no kernel) --------------------------------------------------------------

def test_discover_and_plan(tmp_path):
    for name in ("07_d", "01_a", "03_c", "02_b", "99_z"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    (tmp_path / "notes.ipynb").write_text("{}")
    found = pipeline.discover_notebooks(tmp_path)
    assert [p.stem for p in found] == ["01_a", "02_b", "03_c", "07_d", "99_z"]
    stages = pipeline.plan_stages(found)
    assert [[p.stem for p in s] for s in stages] == [["01_a", "02_b", "03_c", "99_z"],
                                                       ["07_d"]]
    picked = pipeline.discover_notebooks(tmp_path, ["3", "07_d", "02_b.ipynb"])
    assert [p.stem for p in picked] == ["02_b", "03_c", "07_d"]
    assert [[p.stem for p in s] for s in pipeline.plan_stages(picked)] == [
        ["02_b", "03_c"], ["07_d"]]
    with pytest.raises(KompetensiError, match="08"):
        pipeline.discover_notebooks(tmp_path, ["08"])
    with pytest.raises(KompetensiError, match="Tidak ada notebook"):
        pipeline.discover_notebooks(tmp_path / "kosong")


def test_jobs_must_be_positive(tmp_path):
    with pytest.raises(KompetensiError):
        pipeline.run(DATASET, SIKLUS, jobs=0, notebooks_dir=tmp_path)


def test_headlines_and_values(tmp_path):
    (tmp_path / "hasil").mkdir()
    (tmp_path / "hasil" / "02_x.json").write_text(json.dumps(
        {"notebook": "02_x", "hasil": {"a": 1.0, "b": True, "c": None, "d": {"e": 2, "f": {}},
                                       "g": [1]}}))
    (tmp_path / "hasil" / "03_y.json").write_text("{rusak")
    heads = headlines.read_headlines(tmp_path)
    assert heads[0].items == (("a", 1.0), ("b", True), ("c", None), ("d.e", 2))
    assert heads[1].unreadable
    assert [headlines.format_value(v) for v in (1.0, 0.123456, True, None, -0.00001)] == [
        "1", "0.1235", "ya", "—", "0"]


def test_finding_summary_never_holds_the_value(tmp_path):
    finding = FakeFinding(tmp_path / "tabel" / "x.csv", "nama", "Budi Santoso")
    summary = gate.summarize_finding(finding, tmp_path)
    assert summary == runs.PrivacyFinding("tabel/x.csv", "nama")
    assert "Budi" not in repr(summary)


def test_error_message_hidden_when_its_notebook_leaks(tmp_path):
    error = runs.CellError(3, 4, "ValueError", f"NIP {LEAKED_VALUE} tidak valid")
    notebooks = [runs.NotebookRun("02_b", "gagal", 1.0, tmp_path / "02_b.ipynb",
                                      tmp_path / "02_b.html", error),
                 runs.NotebookRun("03_c", "gagal", 1.0, tmp_path / "03_c.ipynb", None, error)]
    redacted = gate.redact_leaking_errors(
        notebooks, [runs.PrivacyFinding("02_b.ipynb", "nip")])
    assert LEAKED_VALUE not in redacted[0].error.evalue
    assert redacted[0].error.ename == "ValueError" and redacted[0].error.cell_index == 3
    assert redacted[1] == notebooks[1]


def test_full_run_clears_only_generated_outputs(tmp_path):
    stale = ["01_a.ipynb", "01_a.html", "index.html", "manifest.json", "tabel.xlsx",
             "tabel/02_x.csv", "gambar/02_x.png", "hasil/09_lama.json"]
    kept = ["catatan_analis.txt", "lampiran/surat.pdf"]
    for rel in stale + kept:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    pipeline._clear_previous(tmp_path)
    assert not any((tmp_path / rel).exists() for rel in stale)
    assert all((tmp_path / rel).exists() for rel in kept)


def test_index_shows_the_summary_indicators_labelled_by_section(tmp_path):
    """Issue 22: the index's headline indicators are the summary's labelled indicators,
    grouped by policy section, in Indonesian number style; not raw result keys."""
    from datetime import UTC, datetime

    now = headlines.Headline("03_x", "03_x.json", (("persen_capai", 58.9),), False)
    (tmp_path / "07_ringkasan_kebijakan.html").write_text("<html></html>")
    (tmp_path / "tabel").mkdir()
    (tmp_path / "tabel" / "07_indikator.csv").write_text(
        "bagian,indikator,nilai,nilai_sebelumnya,perubahan,arah,penilaian,sumber\n"
        "Pelaksanaan,PNS aktif yang mencapai 20 JP (%),58.9,58.0,0.9,naik,membaik,"
        "hasil/03_x.json: persen_capai\n"
        "Kebutuhan,Kebutuhan teratas,Literasi Digital,,,tidak ada pembanding,,x\n")
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    page = render.write_index(
        tmp_path / "index.html", dataset="contoh", siklus=2025, synthetic=True, ok=True,
        started=moment, finished=moment, notebooks=[], headlines=[now], findings=[],
        scan_error=None, partial=False,
    ).read_text(encoding="utf-8")
    assert page.index("<h3>Pelaksanaan</h3>") < page.index("<h3>Kebutuhan</h3>")
    assert "<th scope=\"col\">Siklus sebelumnya</th>" in page
    assert '<td class="num">58,9</td>' in page and '<td class="num">0,9</td>' in page
    assert "Literasi Digital" in page and "persen_capai" not in page
    assert 'href="07_ringkasan_kebijakan.html"' in page and "tabel.xlsx" not in page


def test_index_says_when_there_is_no_summary(tmp_path):
    from datetime import UTC, datetime

    moment = datetime(2025, 1, 1, tzinfo=UTC)
    page = render.write_index(
        tmp_path / "index.html", dataset="contoh", siklus=2025, synthetic=True, ok=True,
        started=moment, finished=moment, notebooks=[], headlines=[], findings=[],
        scan_error=None, partial=False).read_text(encoding="utf-8")
    assert "belum ada hasilnya pada run ini" in page


def test_skipped_notebook_is_not_a_failure(env, monkeypatch):
    folder = env.root / "nb_lewati"
    order = env.root / "urutan_lewati"
    folder.mkdir()
    order.mkdir()
    skip = ("from kompetensi.report import Report\n"
            "Report(dataset, siklus, '01_s').skip('Tidak ada data survei pada siklus ini.')")
    nbformat.write(_notebook(order, "01_s", skip), folder / "01_s.ipynb")
    _fake_privacy(monkeypatch, [])
    result = pipeline.run(DATASET, SIKLUS, jobs=1, reports_dir=env.root / "laporan_lewati",
                          notebooks_dir=folder, stream=io.StringIO(), timeout=120)
    (run,) = result.notebooks
    assert result.ok and run.ok and run.status == runs.STATUS_SKIPPED
    assert run.remark() == "Dilewati: Tidak ada data survei pada siklus ini."
    page = (result.report_dir / "index.html").read_text(encoding="utf-8")
    assert "Dilewati: Tidak ada data survei" in page and "Gagal" not in page
    hasil = json.loads((result.report_dir / "hasil" / "01_s.json").read_text(encoding="utf-8"))
    assert hasil["hasil"] == {"dilewati": "Tidak ada data survei pada siklus ini."}
    # the page says why, and shows neither an error marker nor the traceback of the skip
    shown = (result.report_dir / "01_s.html").read_text(encoding="utf-8")
    assert "dilewati untuk siklus" in shown and "Tidak ada data survei" in shown
    assert "NotebookSkipped" not in shown and "berhenti karena galat" not in shown


def test_forced_run_records_the_gate_and_shows_it(env, monkeypatch):
    """``--paksa``: the run goes on, the manifest records what the gate found, every page says
    it (the kernels see it in KOMPETENSI_PAKSA, which ``Report.banner`` shows)."""
    folder, order = env.root / "nb_paksa", env.root / "urutan_paksa"
    folder.mkdir()
    order.mkdir()
    record = ("import json, os\nfrom kompetensi.report import Report\n"
              "Report(dataset, siklus, '01_p').results({'paksa': os.environ.get("
              "'KOMPETENSI_PAKSA')})")
    nbformat.write(_notebook(order, "01_p", record), folder / "01_p.ipynb")
    _fake_privacy(monkeypatch, [])
    found = "kinerja: tidak ada predikat SKP tahun 2024"
    monkeypatch.setattr(pipeline, "readiness_gate",
                        lambda dataset, siklus, **kw: Readiness(int(siklus), (found,), (), ()))
    result = pipeline.run(DATASET, SIKLUS, jobs=1, reports_dir=env.root / "laporan_paksa",
                          notebooks_dir=folder, stream=io.StringIO(), timeout=120, force=True)
    m = json.loads((result.report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["gerbang"]["dipaksa"] is True and m["gerbang"]["masalah"] == [found]
    assert m["gerbang"]["batas_tolak"] == 0.02
    page = (result.report_dir / "index.html").read_text(encoding="utf-8")
    assert "kompetensi run --paksa" in page and found in page
    hasil = json.loads((result.report_dir / "hasil" / "01_p.json").read_text(encoding="utf-8"))
    assert hasil["hasil"]["paksa"] == found


def test_gate_without_force_stops_before_anything_is_written(env, monkeypatch):
    from kompetensi.pipeline import gate as gates

    monkeypatch.setattr("kompetensi.processing.cycle_readiness",
                        lambda *a, **k: Readiness(2024, ("pegawai: 9 dari 10 baris ditolak",),
                                                  (), ()))
    monkeypatch.setattr(pipeline, "readiness_gate", gates.readiness_gate)
    reports = env.root / "laporan_tertahan"
    with pytest.raises(KompetensiError, match="belum siap diolah; laporan tidak dibuat"):
        pipeline.run(DATASET, SIKLUS, jobs=1, reports_dir=reports,
                     notebooks_dir=env.root / "notebooks", stream=io.StringIO())
    assert not reports.exists()
