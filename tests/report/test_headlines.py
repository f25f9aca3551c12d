"""Reading a report folder's published results (kompetensi.report.headlines, notebook 07)."""

from __future__ import annotations

import json

import pandas as pd

from kompetensi.core import config
from kompetensi.report.headlines import previous_cycle, published_table, read_results


def _hasil(folder, stem, values):
    (folder / "hasil").mkdir(parents=True, exist_ok=True)
    payload = {"notebook": stem, "hasil": values}
    (folder / "hasil" / f"{stem}.json").write_text(json.dumps(payload), encoding="utf-8")


def test_read_results_flattens_skips_and_ignores_broken_files(tmp_path):
    _hasil(tmp_path, "03_pelaksanaan_pelatihan",
           {"persen": 41.5, "jp": {"median": 12, "per_opd": [1, 2]}, "tren": [{"siklus": 2024}]})
    _hasil(tmp_path, "07_ringkasan_kebijakan", {"x": 1})
    (tmp_path / "hasil" / "05_dampak_kinerja.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "hasil" / "06_kosong.json").write_text("{}", encoding="utf-8")
    flat, raw = read_results(tmp_path, skip="07_ringkasan_kebijakan")
    assert list(flat) == ["03_pelaksanaan_pelatihan", "06_kosong"] == list(raw)
    assert flat["03_pelaksanaan_pelatihan"] == {"persen": 41.5, "jp.median": 12}
    assert raw["03_pelaksanaan_pelatihan"]["tren"] == [{"siklus": 2024}]
    assert flat["06_kosong"] == {} and raw["06_kosong"] == {}
    assert "07_ringkasan_kebijakan" in read_results(tmp_path)[0]
    assert read_results(tmp_path / "tidak_ada") == ({}, {})


def test_published_table_with_and_without_caption(tmp_path):
    (tmp_path / "tabel").mkdir()
    pd.DataFrame({"opd": ["A", "B"], "persen": [40.0, 75.5]}).to_csv(
        tmp_path / "tabel" / "03_capaian_opd.csv", index=False)
    (tmp_path / "tabel" / "03_capaian_opd.csv.json").write_text(
        json.dumps({"judul": "Tabel 3.4. Capaian 20 JP per OPD", "sumber": ""}), encoding="utf-8")
    table, text = published_table(tmp_path, "03_capaian_opd")
    assert table["persen"].tolist() == [40.0, 75.5]
    assert text == "Tabel 3.4. Capaian 20 JP per OPD (tabel/03_capaian_opd.csv)"
    (tmp_path / "tabel" / "03_capaian_opd.csv.json").unlink()
    assert published_table(tmp_path, "03_capaian_opd")[1] == "03_capaian_opd (tabel/03_capaian_opd.csv)"
    assert published_table(tmp_path, "06_konsistensi") == (None, "tabel/06_konsistensi.csv belum ada")


def test_previous_cycle_is_the_latest_earlier_folder_with_results():
    # conftest points KOMPETENSI_REPORTS_DIR at a temporary folder
    assert previous_cycle("contoh", 2025) is None
    (config.reports_dir("contoh", 2019) / "hasil").mkdir(parents=True)  # 6 years back: too far
    (config.reports_dir("contoh", 2022) / "hasil").mkdir(parents=True)
    (config.reports_dir("contoh", 2023) / "hasil").mkdir(parents=True)
    config.reports_dir("contoh", 2024).mkdir(parents=True)  # no hasil/: not a report
    (config.reports_dir("contoh", 2025) / "hasil").mkdir(parents=True)  # the cycle itself
    assert previous_cycle("contoh", 2025) == 2023
    assert previous_cycle("contoh", 2025, years=1) is None
    assert previous_cycle("contoh", 2021) == 2019
