"""Pseudonyms, suppression and the leak scan (a planted identifier is found in each file type)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kompetensi import privacy  # noqa: E402

NIP = "19900115" + "201503" + "2001"  # synthetic
IDS = privacy.Identifiers(nips=frozenset({NIP}), names=frozenset({"Siti Aminah Uji", "Budi"}),
                          birth_dates=frozenset({pd.Timestamp("1990-01-15")}))


def test_pseudonym_is_keyed_and_stable():
    nips = pd.Series([NIP, NIP, None])
    a = privacy.pseudonymize(nips, b"kunci-a")
    assert a.iloc[0] == a.iloc[1] and len(a.iloc[0]) == 16 and pd.isna(a.iloc[2])
    assert privacy.pseudonymize(nips, b"kunci-b").iloc[0] != a.iloc[0]
    assert NIP not in a.iloc[0]


def test_primary_suppression():
    table = pd.DataFrame({"opd": ["A", "B", "C"], "n": [0, 3, 12]})
    assert privacy.suppress_small_cells(table, k=5).n.tolist() == [0, pd.NA, 12]


def _write_each_type(folder, text):
    folder.mkdir()
    (folder / "a.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    (folder / "a.csv").write_text(f"kolom\n{text}\n", encoding="utf-8")
    (folder / "a.json").write_text(json.dumps({"x": text}), encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nbformat.write(nb, folder / "a.ipynb")
    pd.DataFrame({"x": [text]}).to_excel(folder / "a.xlsx", index=False)
    fig, ax = plt.subplots()
    fig.savefig(folder / "a.png", metadata={"Author": text})
    plt.close(fig)


@pytest.mark.parametrize(("text", "kind"), [
    (NIP, "nip"),
    (f"{NIP[:8]} {NIP[8:14]} {NIP[14]} {NIP[15:]}", "nip"),
    ("SITI AMINAH UJI", "nama"),
    ("15/01/1990", "tanggal_lahir"),
])
def test_scan_finds_planted_identifier_in_every_file_type(tmp_path, text, kind):
    _write_each_type(tmp_path / "lapor", text)
    found = {(f.path.suffix, f.kind) for f in privacy.scan_for_leaks([tmp_path / "lapor"], IDS)}
    for suffix in (".html", ".csv", ".json", ".ipynb", ".xlsx", ".png"):
        assert (suffix, kind) in found, suffix


def test_scan_ignores_single_words_and_other_numbers(tmp_path):
    _write_each_type(tmp_path / "bersih", "Budi membaca 3.648 ASN pada 2025-11-28 (siti)")
    assert privacy.scan_for_leaks([tmp_path / "bersih"], IDS) == []


def test_findings_do_not_repeat_the_value(tmp_path):
    _write_each_type(tmp_path / "lapor", "Siti Aminah Uji")
    for finding in privacy.scan_for_leaks([tmp_path / "lapor"], IDS):
        assert "Siti" not in str(finding) and "Siti" not in repr(finding)
