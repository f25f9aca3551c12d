"""End-to-end: the runner on the bundled sample, into temporary folders (as `make report`)."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from kompetensi import pipeline, privacy, processing, summary
from kompetensi.core import config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """Run the 2025 cycle twice into two report roots (determinism), sharing processed data.

    The first run is that of a new machine: no 2024 report yet, so it makes it first
    (``previous=True``, as ``kompetensi run`` does); the second root gets a copy of that 2024
    report, so both summaries compare with the same previous cycle.
    """
    import shutil

    base = tmp_path_factory.mktemp("e2e")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(base / "processed"))
    try:
        first = pipeline.run(dataset="contoh", siklus=2025, jobs=2, previous=True,
                             reports_dir=base / "reports1")
        shutil.copytree(base / "reports1" / "contoh" / "2024",
                        base / "reports2" / "contoh" / "2024")
        second = pipeline.run(dataset="contoh", siklus=2025, jobs=2,
                              reports_dir=base / "reports2")
    finally:
        mp.undo()
    return first, second


def test_run_succeeds_and_index_links_the_cleaning_report(sample_run):
    first, _ = sample_run
    assert first.ok, [nb.error for nb in first.failed]
    index = (first.report_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="01_pembersihan.html"' in index
    assert (first.report_dir / "01_pembersihan.html").exists()
    assert "DATA SINTETIS" in index


def test_full_chain_produces_every_export(sample_run):
    first, _ = sample_run
    folder = first.report_dir
    notebooks = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(nb.name for nb in first.notebooks) == notebooks  # 08 runs before 07
    for name in notebooks:
        assert (folder / f"{name}.html").stat().st_size > 0, name
        assert (folder / f"{name}.ipynb").exists(), name
        assert (folder / "hasil" / f"{name}.json").exists(), name
        assert list((folder / "gambar").glob(f"{name[:2]}_*.png")), name
        assert "<img" in (folder / f"{name}.html").read_text(encoding="utf-8"), name
    import openpyxl

    book = openpyxl.load_workbook(folder / "tabel.xlsx", read_only=True)
    assert len(book.sheetnames) - 1 == len(list((folder / "tabel").glob("*.csv")))


def test_cleaning_report_is_for_reviewers(sample_run):
    first, _ = sample_run
    html = (first.report_dir / "01_pembersihan.html").read_text(encoding="utf-8")
    assert "Tabel 1.1." in html and "Gambar 1.1." in html
    assert "DATA SINTETIS" in html
    assert "rep.table(" not in html and "import pandas" not in html  # no code
    assert not re.search(r"<script[^>]+src=[\"']https?://", html)


def test_every_page_reads_clean_for_a_reviewer(sample_run):
    """Issue 22: no NaN/<NA>/None cell, snake_case header, "…", absolute path or Python repr
    on any rendered page; every table of every notebook is labelled and anchored."""
    from kompetensi.report.proofread import proofread

    first, _ = sample_run
    pages = sorted(first.report_dir.glob("*.html"))
    assert len(pages) >= 9
    problems = {p.name: proofread(p.read_text(encoding="utf-8")) for p in pages}
    assert not any(problems.values()), {k: v[:5] for k, v in problems.items() if v}
    for name in (p.stem for p in pages if p.stem[:2].isdigit()):
        text = (first.report_dir / f"{name}.html").read_text(encoding="utf-8")
        captions = [json.loads(m.read_text(encoding="utf-8"))["judul"] for m in
                    (first.report_dir / "tabel").glob(f"{name[:2]}_*.csv.json")]
        for caption in captions:
            number = re.match(r"Tabel (\d+)\.(\d+)", caption)
            assert f'id="tabel-{int(number[1])}-{number[2]}"' in text, caption
        assert "No description has been provided" not in text, name


def test_manifest_hashes_every_raw_input(sample_run):
    first, _ = sample_run
    manifest = json.loads((first.report_dir / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    raw = config.raw_root() / "contoh"
    files = [p for p in sorted(raw.rglob("*")) if p.is_file() and p.parent != raw]
    assert files
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in text, path


def test_no_personal_data_in_the_report_folder(sample_run):
    first, _ = sample_run
    identifiers = processing.raw_identifiers("contoh")
    assert len(identifiers.nips) > 3000 and len(identifiers.names) > 3000
    assert privacy.scan_for_leaks([first.report_dir], identifiers) == []


def test_published_tables_are_byte_identical_on_rerun(sample_run):
    first, second = sample_run
    tables = sorted(p.relative_to(first.report_dir) for p in
                    (first.report_dir / "tabel").rglob("*") if p.is_file())
    assert tables
    for rel in tables:
        assert (first.report_dir / rel).read_bytes() == (second.report_dir / rel).read_bytes()
    for rel in sorted(p.relative_to(first.report_dir) for p in
                      (first.report_dir / "hasil").glob("*.json")):
        assert (first.report_dir / rel).read_bytes() == (second.report_dir / rel).read_bytes()


@pytest.fixture(scope="module")
def run_with_previous(sample_run):
    first, _ = sample_run
    return first, first.report_dir.parent.parent


def test_the_summary_compares_with_a_previous_cycle_it_made_itself(run_with_previous):
    """Issue 22 item 5: the previous cycle's results are computed (by its own report), not
    "belum ada"; every finding with a 2024 result states its direction against 2024."""
    result, root = run_with_previous
    assert result.ok, [nb.error for nb in result.failed]
    assert (root / "contoh" / "2024" / "index.html").exists()
    assert (root / "contoh" / "2024" / "hasil" / "02_kebutuhan_kompetensi.json").exists()
    hasil = json.loads((result.report_dir / "hasil" / "07_ringkasan_kebijakan.json")
                       .read_text(encoding="utf-8"))["hasil"]
    assert hasil["siklus_pembanding"] == 2024
    previous = {p.stem for p in (root / "contoh" / "2024" / "hasil").glob("*.json")
                if "dilewati" not in json.loads(p.read_text(encoding="utf-8"))["hasil"]}
    findings = hasil["ringkasan_eksekutif"]["temuan"]
    assert len(findings) == 8 and all(f["rujukan"].startswith("Tabel ") for f in findings)
    for finding, spec in zip(findings, summary.FINDINGS, strict=True):
        if spec.notebook in previous:
            assert "siklus 2024" in finding["teks"] and "belum ada" not in finding["teks"], \
                finding
    # without comparison only where the sample has no 2024 result: no AHP survey in 2024
    # (06 skips itself), and PPPK paruh waktu exist from 2025 on (KepmenPANRB 16/2025)
    import pandas as pd

    table = pd.read_csv(result.report_dir / "tabel" / "07_indikator.csv")
    alone = table.loc[table["arah"] == "tidak ada pembanding", "sumber"]
    assert set(alone) == {
        "hasil/06_masukan_pemangku.json: prioritas_teratas.semua",
        "hasil/06_masukan_pemangku.json: kendall_w",
        "hasil/06_masukan_pemangku.json: persen_tidak_konsisten",
        "hasil/03_pelaksanaan_pelatihan.json: persen_pppk_paruh_waktu_ada_pengembangan"}


def test_an_existing_previous_report_is_not_made_again(run_with_previous, tmp_path):
    import io

    _, root = run_with_previous
    said = io.StringIO()

    def must_not_run(*args, **kwargs):
        raise AssertionError("the previous cycle's report exists")

    from kompetensi.pipeline.previous import previous_report

    assert previous_report(must_not_run, "contoh", 2025, stream=said, reports_dir=root) is None
    assert previous_report(must_not_run, "contoh", 2023, stream=said,
                           reports_dir=tmp_path) is None  # no raw data of 2022
    assert said.getvalue() == ""
