"""The IKM of kompetensi.service.ikm against a published worked example, a published unit
recap, and hand-computed cases at the band limits of PermenPANRB 14/2017.

Published numbers:

- Worked example "TABEL PERHITUNGAN LENGKAP TRIWULAN III" of the file
  ``rumus_perhitungan_ikm_lengkap.md`` in the public repository rennn9/GASPUL_BACKEND (commit
  157a1a61dc30bd60a8794ed9d66ddc5ff04d069b; a unit's IKM documentation "Berdasarkan Permenpan
  RB Nomor 14 Tahun 2017"): 29 respondents, answers per element given as counts (U1 18 x 4 +
  11 x 3, U2 14 x 4 + 15 x 3, U3 15 x 4 + 12 x 3 + 2 x 2, U4 29 x 4, U5 15 x 4 + 14 x 3,
  U6 18 x 4 + 11 x 3, U7 19 x 4 + 10 x 3, U8 18 x 4 + 11 x 3, U9 28 x 4 + 1 x 3), printed NRR
  3.6207 3.4828 3.4483 4.0000 3.5172 3.6207 3.6552 3.6207 3.9655 (4 decimals), "NRR
  tertimbang" U1 0.3983 (= NRR x 0.11), IKM 90.56 with that weighting and 91.48 as the mean of
  the NRRs x 25; mutu A.
- Published unit recap of Dinas Kependudukan dan Pencatatan Sipil Tulang Bawang Barat, 2023
  semester 1 (https://e-smile.tubaba.go.id/main/skm/laporan/online, "Pengolahan data survei
  kepuasan masyarakat per responden dan per unsur pelayanan"): one respondent answering 4 to
  every element, NRR 4, NRR tertimbang 0.44 ("NRR per unsur x 0,111"), IKM UNIT PELAYANAN 100
  (Sangat Baik).
- The band table (reference/skm_mutu.csv): 25.00-64.99 D, 65.00-76.60 C, 76.61-88.30 B,
  88.31-100.00 A (Tidak Baik, Kurang Baik, Baik, Sangat Baik).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service import ikm
from kompetensi.service.ikm import ikm_score, ikm_table, quality_band, round_half_up

GASPUL_COUNTS = [{4: 18, 3: 11}, {4: 14, 3: 15}, {4: 15, 3: 12, 2: 2}, {4: 29},
                 {4: 15, 3: 14}, {4: 18, 3: 11}, {4: 19, 3: 10}, {4: 18, 3: 11}, {4: 28, 3: 1}]
GASPUL_NRR = [3.6207, 3.4828, 3.4483, 4.0000, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655]


def gaspul() -> np.ndarray:
    """29 x 9 answers with the published counts per element (the order of respondents within
    an element does not enter any NRR, so each column is built on its own)."""
    columns = [np.repeat(list(c), list(c.values())) for c in GASPUL_COUNTS]
    assert {len(c) for c in columns} == {29}
    return np.column_stack(columns).astype("float64")


def test_worked_example_nrr_and_ikm_as_published():
    result = ikm_score(gaspul())
    assert result.responden == 29 and result.n_jawaban == (29,) * 9
    # NRR printed to 4 decimals: half a unit of the last digit
    assert result.nrr == pytest.approx(GASPUL_NRR, abs=5e-5)
    # "IKM = 3.6590 x 25 = 91.475, dibulatkan 91.48" (printed to 2 decimals)
    assert round_half_up(result.ikm)[()] == 91.48
    assert result.mutu == "A" and result.kinerja == "Sangat Baik"


def test_worked_example_with_the_printed_weight_0_11():
    # the page's "NRR tertimbang" is NRR x 0.11 (U1 3.6207 x 0.11 = 0.3983) and its IKM 90.56
    result = ikm_score(gaspul(), weight=0.11)
    assert result.nrr[0] * 0.11 == pytest.approx(0.3983, abs=5e-5)
    assert round_half_up(result.ikm)[()] == 90.56
    assert result.mutu == "A"


def test_published_recap_one_respondent_all_four():
    result = ikm_score([[4] * 9])
    assert result.nrr == (4.0,) * 9
    assert result.nrr[0] * 0.111 == pytest.approx(0.44, abs=0.005)  # printed 0.44
    assert result.ikm == 100.0  # printed 100; with 0,111 it would be 99.90
    assert (result.mutu, result.kinerja) == ("A", "Sangat Baik")
    assert ikm_score([[4] * 9], weight=0.111).ikm == pytest.approx(99.9)


@pytest.mark.parametrize(("value", "mutu"), [
    (25.0, "D"), (64.99, "D"), (65.00, "C"), (76.60, "C"), (76.61, "B"), (88.30, "B"),
    (88.31, "A"), (100.0, "A"),
    # between the printed limits: rounded half up to 2 decimals first
    (64.994, "D"), (64.995, "C"), (76.604, "C"), (76.605, "B"), (88.304, "B"), (88.305, "A"),
])
def test_band_at_the_printed_limits(value, mutu):
    assert quality_band([value]).mutu.item() == mutu


def test_band_labels_and_values_without_a_band():
    bands = quality_band(pd.Series([50.0, 70.0, 80.0, 95.0, 24.99, 100.01, None], index=list("abcdefg")))
    assert list(bands.index) == list("abcdefg")
    assert bands.kinerja.iloc[:4].tolist() == ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]
    assert bands.mutu.iloc[4:].isna().all()


def answers_with_total(n: int, total: int, low: int, high: int) -> np.ndarray:
    """n x 9 answers, every answer ``low`` or ``high`` (= low + 1), summing to ``total``."""
    flat = np.full(9 * n, low, dtype="float64")
    flat[: total - low * 9 * n] = high
    return flat.reshape(n, 9)


@pytest.mark.parametrize(("n", "total", "low", "expected", "mutu"), [
    # IKM = 25 x total / (9 n) when nothing is blank (hand computation)
    (2500, 58491, 2, 64.99, "D"),     # 25 x 58491 / 22500 = 64.99
    (2500, 58500, 2, 65.00, "C"),     # 65.00
    (2500, 68940, 3, 76.60, "C"),     # 76.60
    (2500, 68949, 3, 76.61, "B"),     # 76.61
    (2500, 79470, 3, 88.30, "B"),     # 88.30
    (2500, 79479, 3, 88.31, "A"),     # 88.31
    (5000, 116991, 2, 64.995, "C"),   # 64.995 rounds half up to 65.00
    (5000, 116990, 2, 64.99444, "D"),  # 64.9944... rounds to 64.99
    (1, 9, 1, 25.0, "D"), (1, 36, 3, 100.0, "A"),
])
def test_hand_computed_respondent_data_at_the_limits(n, total, low, expected, mutu):
    answers = answers_with_total(n, total, low, low + 1)
    assert answers.sum() == total
    result = ikm_score(answers)
    assert result.ikm == pytest.approx(expected, abs=5e-6)
    assert result.mutu == mutu


def test_blanks_are_left_out_per_element():
    nan = np.nan
    answers = [[4, 3, nan, 4, 3, 3, 4, 2, 3],
               [2, 3, 3, nan, 3, 3, 4, 4, 3],
               [nan] * 9,                      # a blank form: no respondent, no answer
               [3, 3, 2, nan, 3, 3, 4, 3, 3]]
    r = ikm_score(answers)
    assert r.responden == 3
    assert r.n_jawaban == (3, 3, 2, 1, 3, 3, 3, 3, 3)
    # by hand: u1 (4+2+3)/3 = 3, u3 (3+2)/2 = 2.5, u4 4/1, u8 (2+4+3)/3 = 3
    assert r.nrr == pytest.approx((3, 3, 2.5, 4, 3, 3, 4, 3, 3))
    assert r.ikm == pytest.approx(25 * 28.5 / 9)


def test_an_element_nobody_answered_is_left_out():
    answers = np.full((4, 9), 3.0)
    answers[:, 7] = np.nan  # u8 never answered
    r = ikm_score(answers)
    assert r.unsur_terisi == 8 and np.isnan(r.nrr[7])
    assert r.ikm == 75.0  # the eight answered elements share the weight: mean 3 x 25
    assert ikm_score(answers, weight=0.11).ikm == pytest.approx(0.11 * 9 * 3 * 25)  # 74.25
    nothing = ikm_score(np.full((2, 9), np.nan))
    assert nothing.responden == 0 and np.isnan(nothing.ikm) and nothing.mutu is None


def skm_frame(rows: dict[tuple[str, str], np.ndarray]) -> pd.DataFrame:
    parts = []
    for (unit, periode), answers in rows.items():
        part = pd.DataFrame(answers, columns=list(SKM_UNSUR)).astype("Int8")
        parts.append(part.assign(unit=unit, periode=periode))
    return pd.concat(parts, ignore_index=True)


def test_table_per_unit_and_period_agrees_with_the_single_group_result():
    rows = {("Puskesmas Taman Sari", "2025-S1"): gaspul(),
            ("Disdukcapil", "2025-S1"): answers_with_total(2500, 68949, 3, 4),
            ("Disdukcapil", "2025-S2"): np.array([[4.0] * 9])}
    table = ikm_table(skm_frame(rows).sample(frac=1, random_state=3))
    assert table[["unit", "periode"]].values.tolist() == [
        ["Disdukcapil", "2025-S1"], ["Disdukcapil", "2025-S2"],
        ["Puskesmas Taman Sari", "2025-S1"]]
    assert table.ikm.round(2).tolist() == [76.61, 100.0, 91.48]
    assert table.mutu.tolist() == ["B", "A", "A"]
    last = table.iloc[2]
    assert [last[f"nrr_{u}"] for u in SKM_UNSUR] == pytest.approx(GASPUL_NRR, abs=5e-5)
    assert last.responden == 29 and last.unsur_terisi == 9


def test_bad_input_is_refused_with_the_column_named():
    frame = skm_frame({("A", "2025"): np.array([[4.0] * 9])})
    frame["u3"] = pd.array([5], dtype="Int8")
    with pytest.raises(ValueError, match="u3"):
        ikm_table(frame)
    with pytest.raises(ValueError, match="u9"):
        ikm_table(frame.drop(columns="u9"))
    with pytest.raises(ValueError, match="periode"):
        ikm_table(frame.assign(periode=None))
    with pytest.raises(ValueError, match="bobot"):
        ikm_score([[4] * 9], weight=1.5)


def test_round_half_up_is_excel_round():
    assert round_half_up([0.125, 0.135, 2.5, 64.98500000001], 2).tolist() == [
        0.13, 0.14, 2.5, 64.99]
    assert ikm.ANSWERS == (1, 2, 3, 4)
