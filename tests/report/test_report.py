"""Report: numbered captions, deterministic files, headline results."""

import json
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from kompetensi.report.publish import Report


def test_tables_and_figures_are_numbered_and_written(tmp_path):
    rep = Report("contoh", 2025, "03_pelaksanaan", output_dir=tmp_path)
    table = pd.DataFrame({"opd": ["A", "B"], "n": [10, 12]})
    rep.table(table, "cakupan", "Cakupan per OPD", source="uji", show=False)
    rep.table(table, "lagi", "Tabel kedua", show=False)
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    rep.figure(fig, "tren", "Tren", show=False)
    assert rep.captions == ["Tabel 3.1. Cakupan per OPD", "Tabel 3.2. Tabel kedua",
                            "Gambar 3.1. Tren"]
    assert (tmp_path / "tabel" / "03_cakupan.csv").read_text() == "opd,n\nA,10\nB,12\n"
    meta = json.loads((tmp_path / "tabel" / "03_cakupan.csv.json").read_text())
    assert meta["judul"] == "Tabel 3.1. Cakupan per OPD" and meta["sumber"] == "uji"
    assert (tmp_path / "gambar" / "03_tren.png").read_bytes()[:4] == b"\x89PNG"


def test_results_json_is_sorted_and_nan_is_null(tmp_path):
    rep = Report("contoh", 2025, "02_kebutuhan", output_dir=tmp_path)
    path = rep.results({"b": np.float64(math.nan), "a": np.int64(3), "c": [1.5, None]})
    payload = json.loads(path.read_text())
    assert payload["hasil"] == {"a": 3, "b": None, "c": [1.5, None]}
    assert payload["sintetis"] is True
    assert list(payload["hasil"]) == ["a", "b", "c"]


def test_banner_only_for_synthetic_data(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(tmp_path))
    assert Report("contoh", 2025, "01_x", output_dir=tmp_path).synthetic
    assert not Report("kota2025", 2025, "01_x", output_dir=tmp_path).synthetic
