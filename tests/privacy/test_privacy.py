"""Pseudonyms, suppression and the leak scan (a planted identifier is found in each file type)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kompetensi import privacy

NIP = "19900115" + "201503" + "2001"  # synthetic
IDS = privacy.Identifiers(nips=frozenset({NIP}), names=frozenset({"Siti Aminah Uji", "Budi"}),
                          birth_dates=frozenset({pd.Timestamp("1990-01-15")}))


def test_pseudonym_is_keyed_and_stable():
    nips = pd.Series([NIP, NIP, None])
    a = privacy.pseudonymize(nips, b"kunci-a")
    assert a.iloc[0] == a.iloc[1] and len(a.iloc[0]) == 16 and pd.isna(a.iloc[2])
    assert privacy.pseudonymize(nips, b"kunci-b").iloc[0] != a.iloc[0]
    assert NIP not in a.iloc[0]


def test_nips_one_serial_apart_get_their_own_pids():
    """NIPs are grouped as int64 before hashing: 18 digits do not survive a float64, so two
    people born the same day with the same TMT and serials 001 and 002 must stay apart,
    missing values included (a masked integer column would otherwise become float)."""
    base = "19850312" + "201001" + "1"  # synthetic
    nips = pd.Series([base + "001", None, base + "002", base + "001", base + "003"])
    pid = privacy.pseudonymize(nips, b"k")
    assert pid.isna().tolist() == [False, True, False, False, False]
    assert pid.nunique() == 3 and pid[0] == pid[3]
    one_by_one = [privacy.pseudonymize(pd.Series([n]), b"k").iloc[0] for n in nips.dropna()]
    assert pid.dropna().tolist() == one_by_one
    codes, pids, numbers = privacy.pseudonyms(nips, b"k")
    assert codes.tolist() == [0, -1, 1, 0, 2]
    assert sorted(pids) == [pids[i] for i in numbers.argsort()]  # the numbers sort the pids


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


# --- complementary suppression: try to undo it from the margins ----------------------------

def _intervals(original, hidden, rows=True, cols=True):
    """Smallest and largest value of each hidden cell given the published cells and totals.

    The attacker knows every published cell, the row and/or column totals of the original
    table and that counts are >= 0; linear programming gives the feasible range of each
    hidden cell (scipy.optimize.linprog, HiGHS).
    """
    import numpy as np
    from scipy.optimize import linprog

    cells = list(zip(*np.nonzero(hidden), strict=True))
    n_rows, n_cols = original.shape
    a_eq, b_eq = [], []
    groups = ([(i, None) for i in range(n_rows)] if rows else []) + \
        ([(None, j) for j in range(n_cols)] if cols else [])
    for i, j in groups:
        member = [(r, c) for r, c in cells if (i is None or r == i) and (j is None or c == j)]
        if not member:
            continue
        a_eq.append([1.0 if cell in member else 0.0 for cell in cells])
        b_eq.append(sum(float(original[r, c]) for r, c in member))  # total - published cells
    out = []
    for index in range(len(cells)):
        objective = np.zeros(len(cells))
        objective[index] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        out.append((low.fun, -high.fun))
    return cells, out


@pytest.mark.parametrize("counts", [
    [[3, 10, 12], [20, 40, 60], [30, 50, 70]],      # one small cell
    [[1, 0, 25, 7], [2, 30, 0, 40], [15, 16, 4, 9]],  # several, with zeros
    [[2, 50], [60, 70]],                             # 2 x 2
    [[0, 4], [9, 0], [12, 13]],                      # complements must fall on zeros' rows
])
def test_complementary_suppression_cannot_be_undone_from_margins(counts):
    import numpy as np

    original = np.array(counts)
    table = pd.DataFrame(original, columns=[f"c{j}" for j in range(original.shape[1])])
    table.insert(0, "opd", [f"OPD {i}" for i in range(len(table))])
    out = privacy.suppress_small_cells(table, k=5, margins="both")
    hidden = out.drop(columns="opd").isna().to_numpy()
    assert hidden[(original > 0) & (original < 5)].all()  # primary cells are hidden
    published = out.drop(columns="opd").to_numpy(dtype="float64", na_value=np.nan)
    assert np.array_equal(published[~hidden], original[~hidden])
    # the subtraction attack: no row or column has exactly one hidden cell
    assert not (hidden.sum(axis=0) == 1).any() and not (hidden.sum(axis=1) == 1).any()
    # the linear-programming attack: no hidden cell is pinned to one value by the totals
    cells, ranges = _intervals(original, hidden)
    for (r, c), (low, high) in zip(cells, ranges, strict=True):
        assert high - low > 0.5, (r, c, low, high)
        assert low - 1e-9 <= original[r, c] <= high + 1e-9


def test_primary_only_is_recoverable_but_complement_is_not():
    # row totals 3 + 10 + 12 = 25 etc.; with primary suppression only, 25 - 10 - 12 = 3
    original = pd.DataFrame({"a": [3, 10], "b": [10, 10], "c": [12, 10]})
    primary = privacy.suppress_small_cells(original, margins="none")
    row = primary.iloc[0]
    assert 25 - row["b"] - row["c"] == 3  # recovered: this is why complements are needed
    rows_only = privacy.suppress_small_cells(original, margins="rows")
    assert rows_only.iloc[0].isna().tolist() == [True, True, False]  # 3 and the next 10
    assert rows_only.iloc[1].isna().sum() == 0


def test_one_column_table_with_column_total():
    # n per OPD with the city total published: 3 alone could be recovered, so 8 goes too
    table = pd.DataFrame({"opd": list("ABCD"), "n": [3, 8, 20, 40]})
    out = privacy.suppress_small_cells(table, margins="columns")
    assert out["n"].isna().tolist() == [True, True, False, False]


def test_suppression_errors_are_explained():
    table = pd.DataFrame({"n": [3, -1]})
    with pytest.raises(ValueError, match="margins"):
        privacy.suppress_small_cells(table, margins="total")
    with pytest.raises(ValueError, match="tidak negatif"):
        privacy.suppress_small_cells(table, margins="columns")
