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


def test_table_on_the_page_is_whole_without_index_or_missing_markers(tmp_path, monkeypatch):
    """Issue 22: the page shows every row and every character of a cell, a missing cell as
    "–" with the footnote that explains it (the CSV keeps it blank), Indonesian numbers, the
    caption in the table's anchor, and no meaningless 0, 1, 2 … index."""
    from kompetensi.report import present, publish

    shown = []
    monkeypatch.setattr(publish, "_display_html", shown.append)
    long_name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pangkalpinang"
    data = pd.DataFrame({"unit": [long_name] + [f"u{i}" for i in range(79)],
                         "n": pd.array([None] + list(range(1000, 1079)), dtype="Int64"),
                         "persen": [np.nan] + [1.5] * 79})
    rep = Report("contoh", 2025, "08_x", output_dir=tmp_path)
    rep.table(data, "t", "Judul", source="uji")
    page = shown[0]
    assert long_name in page and "…" not in page and "..." not in page
    assert page.count("<tr>") == 81  # the header and all 80 rows (pandas shows 60 at most)
    assert "NaN" not in page and "&lt;NA&gt;" not in page and "None" not in page
    assert page.count("<td>–</td>") + page.count('<td class="num">–</td>') == 2
    assert present.MISSING_NOTE in page and "Sumber: uji." in page
    assert '<td class="num">1.078</td>' in page and '<td class="num">1,5</td>' in page
    assert 'id="tabel-8-1"' in page and "<strong>Tabel 8.1.</strong> Judul" in page
    assert '<th scope="row">' not in page
    assert (tmp_path / "tabel" / "08_t.csv").read_text(encoding="utf-8").splitlines()[1] \
        .startswith(f"{long_name},,")
    named = present.table_html(data.set_index("unit").head(2), index=True)
    assert f'<th scope="row">{long_name}</th>' in named  # a named index is a label column


def test_figure_has_anchor_alt_text_and_caption(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kompetensi.report import publish

    shown = []
    monkeypatch.setattr(publish, "_display_html", shown.append)
    rep = Report("contoh", 2025, "03_x", output_dir=tmp_path)
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    rep.figure(fig, "g", "JP per OPD", source="uji")
    rep.figure(plt.subplots()[0], "h", "Sebaran", alt="Histogram JP: condong ke kanan")
    assert 'id="gambar-3-1"' in shown[0] and 'alt="Grafik: JP per OPD"' in shown[0]
    assert "<strong>Gambar 3.1.</strong> JP per OPD" in shown[0] and "Sumber: uji." in shown[0]
    assert 'alt="Histogram JP: condong ke kanan"' in shown[1]
    assert "Sumber: data contoh siklus 2025, diolah." in shown[1]


def test_a_column_of_different_quantities_keeps_each_cells_decimals():
    from kompetensi.report import present

    t = pd.DataFrame({"indikator": ["a", "b"], "perubahan": [-0.9, 0.0423]})
    column = present.table_html(t, index=False)
    each = present.table_html(t, index=False, per_row=("perubahan",))
    assert "-0,9000" in column and "0,0423" in column
    assert '<td class="num">-0,9</td>' in each and '<td class="num">0,0423</td>' in each
