"""``kompetensi run --per-opd`` (issue 23): three agencies of the sample on a LocalCluster.

Real notebooks 02 and 03, real kernels, the real leak scan; processed data and reports in
tmp_path (tests/conftest.py), raw data from data/raw/contoh. One run makes the three reports,
a second reuses them all without executing anything, and after an interruption (one agency's
folder without its manifest) and a failure (one manifest saying it failed) a third run makes
those two again and reuses the third.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from kompetensi import cli, processing
from kompetensi.pipeline import fanout, reuse, runner

AGENCIES = ("Dinas Kesehatan", "Rumah Sakit Umum Daerah Depati Hamzah", "Sekretariat Daerah")


def _run(capsys) -> tuple[int, str]:
    code = cli.main(["run", "--per-opd", "--jobs", "2", "--opd", *AGENCIES])
    return code, capsys.readouterr().err


@pytest.mark.slow  # 188 s on a busy 2-core machine (three runs, real kernels)
def test_per_opd_fan_out_reuse_and_resume(tmp_path, sample_available, capsys):
    if not sample_available:
        pytest.skip("data/raw/contoh tidak ada")
    code, out = _run(capsys)
    root = tmp_path / "reports" / "contoh" / "opd" / "2025"
    assert code == 0, out
    assert "Laporan per OPD" in out and "3/3" in out  # the progress bar
    summary = pd.read_csv(root / "ringkasan.csv")
    assert sorted(summary["opd"]) == sorted(AGENCIES)
    assert set(summary["status"]) == {"berhasil"}
    index = (root / "index.html").read_text(encoding="utf-8")
    pegawai = processing.load_processed("contoh", 2025, "pegawai")
    for row in summary.itertuples():
        folder = root / row.folder
        assert f'href="{row.folder}/index.html"' in index
        assert {"index.html", "02_kebutuhan_kompetensi.html",
                "03_pelaksanaan_pelatihan.html"} <= {p.name for p in folder.iterdir()}
        record = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert record["opd"] == row.opd and record["ok"]
        assert record["privacy"] == {"findings": [], "error": None}  # scanned, nothing found
        # the agency's numbers are the agency's: its ASN, its single row per agency
        n_asn = int((pegawai["opd"] == row.opd).sum())
        assert row.n_asn == n_asn
        hasil = json.loads((folder / "hasil" / "02_kebutuhan_kompetensi.json").read_text())
        assert hasil["hasil"]["jumlah_asn"] == n_asn
        per_opd = pd.read_csv(folder / "tabel" / "03_capaian_opd.csv")
        assert per_opd["opd"].tolist() == [row.opd]
        assert f"Laporan satu instansi: {row.opd}" in \
            (folder / "03_pelaksanaan_pelatihan.html").read_text(encoding="utf-8")

    executed = {p: p.stat().st_mtime_ns for p in root.rglob("*.ipynb")}
    code, out = _run(capsys)
    assert code == 0 and "3 dipakai ulang, 0 dijalankan" in out
    assert set(pd.read_csv(root / "ringkasan.csv")["status"]) == {"dipakai ulang"}
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*.ipynb")} == executed

    interrupted, failed, kept = (root / s for s in summary["folder"])
    (interrupted / "manifest.json").unlink()
    record = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    (failed / "manifest.json").write_text(json.dumps({**record, "ok": False}))
    code, out = _run(capsys)
    assert code == 0 and "1 dipakai ulang, 2 dijalankan" in out
    statuses = pd.read_csv(root / "ringkasan.csv").set_index("folder")["status"]
    assert statuses[kept.name] == "dipakai ulang"
    assert statuses[[interrupted.name, failed.name]].tolist() == ["berhasil", "berhasil"]
    assert json.loads((failed / "manifest.json").read_text())["ok"]


@pytest.mark.slow  # builds the sample's processed data (~20 s)
def test_unknown_agency_is_refused_before_anything_runs(tmp_path, sample_available):
    if not sample_available:
        pytest.skip("data/raw/contoh tidak ada")
    with pytest.raises(Exception, match="OPD tidak ada di daftar pegawai"):
        fanout.run_per_opd("contoh", 2025, opd=["Dinas Khayalan"], stream=io.StringIO())
    assert not (tmp_path / "reports" / "contoh" / "2025" / "opd").exists()


def test_agency_key_is_the_content_key_with_the_agency_among_the_parameters(sample_available):
    if not sample_available:
        pytest.skip("data/raw/contoh tidak ada")
    notebooks = runner.discover_notebooks(only=fanout.PER_OPD_NOTEBOOKS)
    params = {"gerbang": {"siap": True}, "batas_tolak": None, "kunci": "abc"}
    base = reuse.content_key("contoh", 2025, notebooks, params)
    key = fanout.key_with_opd(base, params, "Dinas Kesehatan")
    assert key == reuse.content_key("contoh", 2025, notebooks,
                                    {**params, "opd": "Dinas Kesehatan"})
    assert key != fanout.key_with_opd(base, params, "Sekretariat Daerah")
