"""The report of the sample written in SIASN's layouts equals the report of the native sample.

Issue 20: `kompetensi synth --format siasn` writes the same people and records as BKN's SIASN
exports them ("Download Data PNS" CSV, rw_diklat/rw_kursus in two files, rw_skp22, rw_hukdis);
the cycle then runs end to end on it and publishes the same numbers. Both runs go into
temporary folders; the native sample is read where it is (never written).
"""

from __future__ import annotations

import json
import re

import pytest

from kompetensi import pipeline
from kompetensi.core import config
from kompetensi.synth import siasn

pytestmark = pytest.mark.slow

SIASN = "contoh_siasn"
# the quality tables name the files (pegawai.csv, not pegawai.xlsx) and count the unit
# column, which only the SIASN roster has: every other published table must be equal
NAMING_FILES = {"01_kelengkapan.csv", "01_kualitas_file.csv"}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    base = tmp_path_factory.mktemp("siasn_report")
    raw = base / "raw"
    raw.mkdir()
    (raw / "contoh").symlink_to(config.raw_root() / "contoh", target_is_directory=True)
    siasn.generate(raw / SIASN)
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_RAW_DIR", str(raw))
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(base / "processed"))
    try:
        native = pipeline.run(dataset="contoh", siklus=2025, jobs=2,
                              reports_dir=base / "reports")
        other = pipeline.run(dataset=SIASN, siklus=2025, jobs=2, reports_dir=base / "reports")
    finally:
        mp.undo()
    return native, other


def test_both_runs_succeed(both):
    for run in both:
        assert run.ok, [nb.error for nb in run.failed]


def test_headline_results_are_equal(both):
    native, other = both
    names = sorted(p.name for p in (native.report_dir / "hasil").glob("*.json"))
    assert names == sorted(p.name for p in (other.report_dir / "hasil").glob("*.json"))
    for name in names:
        a = json.loads((native.report_dir / "hasil" / name).read_text(encoding="utf-8"))
        b = json.loads((other.report_dir / "hasil" / name).read_text(encoding="utf-8"))
        a.pop("dataset", None), b.pop("dataset", None)
        assert a == b, name


def test_published_tables_and_figures_are_equal(both):
    native, other = both
    for folder in ("tabel", "gambar"):
        names = sorted(p.name for p in (native.report_dir / folder).iterdir())
        assert names == sorted(p.name for p in (other.report_dir / folder).iterdir())
        differ = [n for n in names if _published(native.report_dir / folder / n, "contoh")
                  != _published(other.report_dir / folder / n, SIASN)]
        assert set(differ) <= NAMING_FILES, differ


def _published(path, dataset: str) -> bytes:
    """A published file's bytes; a table's metadata names its dataset in ``sumber``."""
    data = path.read_bytes()
    if path.suffix == ".json":
        data = re.sub(rf"(?<![\w]){re.escape(dataset)}(?![\w])".encode(), b"<dataset>", data)
    return data
