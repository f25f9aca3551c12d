"""The respondents' profile (kompetensi.service.profile): counts per category of each field,
with the small cells (and, since the field's total is published, their complements) blanked;
every count and percentage below is worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.service.profile import MISSING, age_groups, respondent_profile


def _field(profile: pd.DataFrame, label: str) -> pd.DataFrame:
    return profile.loc[profile["karakteristik"] == label].set_index("kategori")


# --- age_groups --------------------------------------------------------------------------------

def test_age_group_edges_are_lower_limits():
    got = age_groups(pd.Series([24, 25, 34, 35, 54, 55, 90], dtype="Int64")).astype(str).tolist()
    # right=False: 25 opens "25-34", 34 is its last year, 55 opens ">= 55"
    assert got == ["< 25", "25-34", "25-34", "35-44", "45-54", ">= 55", ">= 55"]


def test_age_groups_are_ordered_and_missing_stays_missing():
    groups = age_groups(pd.Series([20, 60, None], dtype="Int64"))
    assert groups.cat.ordered
    assert list(groups.cat.categories) == ["< 25", "25-34", "35-44", "45-54", ">= 55"]
    assert pd.isna(groups.iloc[2])
    # ordered groups compare by age, not by their text (as text "< 25" > "25-34", since "<"
    # sorts after the digits)
    assert (groups.iloc[:2] > "25-34").tolist() == [False, True]


def test_age_groups_with_other_edges():
    got = age_groups(pd.Series([29, 30]), edges=(30,))
    assert got.astype(str).tolist() == ["< 30", ">= 30"]
    assert list(got.cat.categories) == ["< 30", ">= 30"]


# --- respondent_profile ------------------------------------------------------------------------

def test_counts_and_shares_per_category():
    skm = pd.DataFrame({"jenis_kelamin": ["P"] * 8 + ["L"] * 12})
    out = respondent_profile(skm)
    assert out.columns.tolist() == ["karakteristik", "kategori", "responden", "persen"]
    # 12 L and 8 P of 20: 60.0 % and 40.0 %; categories sorted, L before P
    assert out[["karakteristik", "kategori"]].values.tolist() == [["Jenis kelamin", "L"],
                                                                 ["Jenis kelamin", "P"]]
    assert out["responden"].tolist() == [12, 8] and out["persen"].tolist() == [60.0, 40.0]


def test_one_small_cell_is_blanked_with_its_smallest_complement():
    skm = pd.DataFrame({"pendidikan": ["S1"] * 10 + ["SMA"] * 7 + ["D3"] * 6 + [None, pd.NA]})
    f = _field(respondent_profile(skm), "Pendidikan")
    # categories sorted, the blank answers ("tidak diisi") last
    assert f.index.tolist() == ["D3", "S1", "SMA", MISSING]
    # "tidak diisi" is 2 < 5: blanked. The field's total 25 is published, so 25 - 10 - 7 - 6
    # would give the 2 back: the smallest other non-zero cell, D3 (6), is blanked too
    # (suppress_small_cells, margins="columns")
    assert f["responden"].isna().to_dict() == {"D3": True, "S1": False, "SMA": False,
                                               MISSING: True}
    assert f.loc["S1", "responden"] == 10 and f.loc["SMA", "responden"] == 7
    # shares of the blanked cells are NaN; the others 100 x 10 / 25 = 40.0, 100 x 7 / 25 = 28.0
    assert np.isnan(f.loc["D3", "persen"]) and np.isnan(f.loc[MISSING, "persen"])
    assert f.loc["S1", "persen"] == 40.0 and f.loc["SMA", "persen"] == 28.0


def test_two_small_cells_need_no_complement():
    skm = pd.DataFrame({"pekerjaan": ["Pegawai Swasta"] * 20 + ["Lainnya"] * 3
                        + ["PNS/TNI/POLRI"] * 2})
    f = _field(respondent_profile(skm), "Pekerjaan")
    # 3 and 2 are both blanked; with two blanks the total gives only their sum (5), so the 20
    # stays; its share 100 x 20 / 25 = 80.0
    assert f["responden"].isna().to_dict() == {"Lainnya": True, "PNS/TNI/POLRI": True,
                                               "Pegawai Swasta": False}
    assert f.loc["Pegawai Swasta", "persen"] == 80.0


def test_shares_are_rounded_to_one_decimal_of_the_field_total():
    skm = pd.DataFrame({"jenis_kelamin": ["L"] * 9 + ["P"] * 5 + ["X"] * 7})
    f = _field(respondent_profile(skm), "Jenis kelamin")
    # of 21: 9 -> 42.857 -> 42.9; 5 -> 23.810 -> 23.8; 7 -> 33.333 -> 33.3
    assert f["persen"].to_dict() == {"L": 42.9, "P": 23.8, "X": 33.3}
    assert f["persen"].sum() == pytest.approx(100.0)


def test_age_groups_in_their_natural_order_not_alphabetical():
    usia = [60] * 6 + [30] * 7 + [20] * 5 + [50] * 5
    f = _field(respondent_profile(pd.DataFrame({"usia": pd.array(usia, dtype="Int64")})),
               "Kelompok usia")
    # alphabetically "25-34" < "45-54" < "< 25" < ">= 55"; the age order puts "< 25" first;
    # "35-44" has nobody and is not listed
    assert f.index.tolist() == ["< 25", "25-34", "45-54", ">= 55"]
    assert f["responden"].tolist() == [5, 7, 5, 6]
    # of 23: 5 -> 21.739 -> 21.7; 7 -> 30.435 -> 30.4; 6 -> 26.087 -> 26.1
    assert f["persen"].tolist() == [21.7, 30.4, 21.7, 26.1]


def test_missing_age_counts_as_not_filled_and_is_suppressed_with_a_complement():
    usia = [20] * 8 + [30] * 6 + [None] * 3
    f = _field(respondent_profile(pd.DataFrame({"usia": pd.array(usia, dtype="Int64")})),
               "Kelompok usia")
    # 3 without an age: "tidak diisi" blanked, and the smaller other cell, "25-34" (6), with it
    assert f.index.tolist() == ["< 25", "25-34", MISSING]
    assert f["responden"].isna().tolist() == [False, True, True]
    assert f.loc["< 25", "persen"] == pytest.approx(47.1)  # 100 x 8 / 17 = 47.06


def test_fields_absent_from_the_table_are_skipped():
    skm = pd.DataFrame({"jenis_kelamin": ["L"] * 5 + ["P"] * 5,
                        "pekerjaan": ["Wiraswasta/Usahawan"] * 10})
    out = respondent_profile(skm)
    # no usia (so no age group) and no pendidikan in the table
    assert out["karakteristik"].unique().tolist() == ["Jenis kelamin", "Pekerjaan"]
    assert len(out) == 3
    assert respondent_profile(pd.DataFrame({"other": [1, 2]})).empty


def test_smaller_k_publishes_small_cells():
    skm = pd.DataFrame({"jenis_kelamin": ["L"] * 8 + ["P"] * 2})
    # with k = 2 a count of 2 is publishable: nothing blanked; 80.0 and 20.0 %
    out = respondent_profile(skm, k=2)
    assert out["responden"].tolist() == [8, 2] and out["persen"].tolist() == [80.0, 20.0]
    # the default k = 5 blanks P (2) and then L (8), the only cell left to give it away
    assert respondent_profile(skm)["responden"].isna().all()
