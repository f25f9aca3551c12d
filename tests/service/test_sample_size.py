"""Minimum sample (Krejcie & Morgan 1970), the sample check and the unit ranking of
kompetensi.service.sample_size.

Published numbers: Krejcie, R. V. & Morgan, D. W. (1970), Determining sample size for research
activities, Educational and Psychological Measurement 30, 607-610, Table 1 (the 90 entries of
``reference/krejcie_morgan.csv``; the paper's formula s = chi2 N P(1-P) / (d^2 (N-1) + chi2
P(1-P)), chi2 = 3.841, P = 0.5, d = 0.05). Copies of the table consulted: kenpro.org "Sample
Size Determination Using Krejcie and Morgan Table" and the excerpts "10 10 220 140 1200 291 15
14 230 144 1300 297 20 19 240 148 1400 302 25 24 250 152 1500 306" (asmartv.live,
bikolkal.web.app), "a population of 500 a sample size of 217" (asmartv.live), "2800 person
... 338" (bikolkal.web.app), "enter table 1 at n 9000 ... 368" (pakdewido.web.app). The
next-larger-entry use: "jumlah sampel minimal untuk populasi 759 adalah 260 (diambil dari N=
800 pada tabel 01)" (Modul Metodologi Penelitian Pendidikan 2021, online.flipbuilder.com/
qghzo/dukx, page 59).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kompetensi.service import _ref
from kompetensi.service.sample_size import (
    krejcie_morgan,
    minimum_sample,
    rank_units,
    sample_adequacy,
)


def km_table() -> pd.DataFrame:
    table = _ref.table("krejcie_morgan")
    return pd.DataFrame({"populasi": table.populasi.astype(int), "sampel": table.sampel.astype(int)})


def test_the_formula_rounded_to_nearest_reproduces_every_table_entry():
    table = km_table()
    assert len(table) == 90 and table.populasi.is_monotonic_increasing
    exact = krejcie_morgan(table.populasi)
    assert (np.floor(exact + 0.5).astype(int) == table.sampel).all()
    # no entry is within 0.005 of a half (the nearest: N = 100, s = 79.507), so the rounding
    # rule is not in doubt ...
    assert (np.abs(exact - np.floor(exact) - 0.5) > 0.005).all()
    # ... and the table rounds to nearest, not up (rounding up misses 45 entries, e.g. 15 -> 15)
    assert (np.ceil(exact).astype(int) != table.sampel).sum() == 45


@pytest.mark.parametrize(("populasi", "sampel"), [
    (10, 10), (15, 14), (20, 19), (25, 24), (220, 140), (230, 144), (240, 148), (250, 152),
    (500, 217), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (2800, 338), (9000, 368),
    (1_000_000, 384)])
def test_table_entries_as_published(populasi, sampel):
    assert minimum_sample([populasi]).item() == sampel


def test_between_entries_the_next_larger_entry_and_the_edges():
    # 759 -> the entry of N = 800 (260), as the published guide does
    assert minimum_sample([759, 101, 1001, 999_999]).tolist() == [260, 86, 285, 384]
    assert minimum_sample([1, 7, 10]).tolist() == [1, 7, 10]  # below 10: everyone
    assert minimum_sample([5_000_000]).item() == 384
    assert minimum_sample(pd.Series([None, 100], index=["a", "b"], dtype="Int64")).tolist() == \
        [pd.NA, 80]
    assert minimum_sample([759, 7], method="rumus").tolist() == [
        math.floor(krejcie_morgan(759)[0] + 0.5), 7]
    with pytest.raises(ValueError, match="populasi"):
        minimum_sample([0])
    with pytest.raises(ValueError, match="method"):
        minimum_sample([10], method="slovin")


def test_adequacy_flags_units_below_the_minimum_or_without_population():
    table = pd.DataFrame({"unit": list("ABCDE"), "populasi": [100, 100, None, 759, 2_000],
                          "responden": [80, 79, 400, 260, None]})
    out = sample_adequacy(table)
    assert out.sampel_minimum.tolist() == [80, 80, pd.NA, 260, 322]
    assert out.cukup.tolist() == [True, False, False, True, False]
    assert out.alasan_sampel.tolist() == [
        "cukup", "kurang dari sampel minimum", "populasi tidak diketahui", "cukup",
        "responden tidak diketahui"]
    with pytest.raises(ValueError, match="populasi"):
        sample_adequacy(table.drop(columns="populasi"))


def test_ranking_only_adequate_units_with_explicit_ties():
    table = pd.DataFrame({
        "unit": ["A", "B", "C", "D", "E", "F", "A", "B"],
        "periode": ["2025"] * 6 + ["2026"] * 2,
        "ikm": [82.004, 82.0, 90.1, 70.0, 99.0, None, 80.0, 81.0],
        "cukup": [True, True, True, True, False, True, True, True]})
    out = rank_units(table)
    first = out[out.periode == "2025"]
    assert first.unit.tolist() == ["C", "A", "B", "D", "E", "F"]
    # 82.004 and 82.0 publish as 82.00: rank 2 both, the next is 4
    assert first.peringkat.tolist() == [1, 2, 2, 4, pd.NA, pd.NA]
    assert first.seri.tolist() == [False, True, True, False, False, False]
    second = out[out.periode == "2026"]
    assert second.unit.tolist() == ["B", "A"] and second.peringkat.tolist() == [1, 2]
    with pytest.raises(ValueError, match="cukup"):
        rank_units(table.drop(columns="cukup"))
