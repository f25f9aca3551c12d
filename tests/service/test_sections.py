"""Notebook 08's steps as publishable sections (kompetensi.service.sections), on hand-built unit
tables: which rows are published, in which order, and which small counts (and the shares that
would give them back) are blanked; every expected value is worked out in the comments."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kompetensi.core.published import Prose, PublishedFigure, PublishedTable  # noqa: E402
from kompetensi.core.vocab import SKM_UNSUR  # noqa: E402
from kompetensi.report import format as fmt  # noqa: E402
from kompetensi.service import sections  # noqa: E402
from kompetensi.service.recap import unit_overview  # noqa: E402

K = 5
COLORS = ["#1b4965", "#5fa8d3", "#ca6702"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _exposure(rows: list[tuple]) -> pd.DataFrame:
    """unit_exposure-shaped rows (unit, siklus, staf, terlatih, terlatih_ti) with the shares."""
    e = pd.DataFrame(rows, columns=["unit", "siklus", "staf", "terlatih", "terlatih_ti"])
    e.insert(1, "opd", "Dinas Kesehatan")
    staf = e["staf"].astype("float64").where(e["staf"] > 0)
    e["persen_terlatih"] = 100.0 * e["terlatih"] / staf
    e["persen_ti"] = 100.0 * e["terlatih_ti"] / staf
    return e


# --- priority_section --------------------------------------------------------------------------

def _yearly() -> pd.DataFrame:
    return pd.DataFrame({
        "unit": ["a", "b", "c", "d", "e", "a"], "opd": "Dinas Kesehatan",
        "siklus": [2025] * 5 + [2024],
        "cukup": [True, True, True, False, True, True],
        "nrr_u6": [3.0, 2.8, 3.0, 2.0, 3.5, 1.0],
        "nrr_u7": [3.2, 3.0, 2.8, 2.0, 3.5, 1.0]})


def _priority_exposure() -> pd.DataFrame:
    return _exposure([
        ("a", 2025, 20, 10, 5),   # 50 % trained, 25 % IT: nothing small
        ("b", 2025, 40, 20, 2),   # 2 of 40 IT (5 %): 2 < 5 hidden, complement 38 fine
        ("c", 2025, 3, 3, 0),     # 3 staff < 5: the staff count and both shares hidden
        ("d", 2025, 10, 5, 5),
        ("e", 2025, 10, 10, 8),   # 8 of 10 IT: 8 fine but its complement 2 < 5 gives it away
        ("a", 2024, 20, 0, 0)])


def test_priority_lowest_u6_u7_first_then_least_trained():
    items = sections.priority_section(_yearly(), _priority_exposure(), 2025, K)
    table = items[0]
    assert isinstance(table, PublishedTable) and table.name == "prioritas_unit"
    assert isinstance(items[1], Prose)
    data = table.data
    # means of U6 and U7: a (3.0 + 3.2) / 2 = 3.1, b (2.8 + 3.0) / 2 = 2.9, c (3.0 + 2.8) / 2 = 2.9,
    # e 3.5; d (2.0) would be first but has no adequate sample. b and c tie at 2.9: c's IT share
    # (0 %) is below b's (5 %), so c comes first; a's 2024 value (1.0) is another cycle
    assert data["unit"].tolist() == ["c", "b", "a", "e"]
    assert data["urutan"].tolist() == [1, 2, 3, 4]
    assert data["nrr_u6_u7"].tolist() == pytest.approx([2.9, 2.9, 3.1, 3.5])
    # the counts of trained staff are not published, only the shares
    assert "terlatih" not in data.columns and "terlatih_ti" not in data.columns
    assert "1 unit dengan sampel kurang" in items[1].text


def test_priority_small_counts_and_their_shares_are_blanked():
    data = sections.priority_section(_yearly(), _priority_exposure(), 2025, K)[0].data
    data = data.set_index("unit")
    # c: 3 staff < 5 -> the staff count and any share of them (they reveal counts of 0-3) blank
    assert pd.isna(data.loc["c", "staf"])
    assert np.isnan(data.loc["c", "persen_ti"]) and np.isnan(data.loc["c", "persen_terlatih"])
    # b: 2 of 40 IT-trained -> persen_ti blank; 20 of 40 trained is fine -> 50.0 shown
    assert data.loc["b", "staf"] == 40 and np.isnan(data.loc["b", "persen_ti"])
    assert data.loc["b", "persen_terlatih"] == 50.0
    # e: 8 of 10 IT -> 10 - 8 = 2 untrained < 5: persen_ti blank; 10 of 10 trained (0 left) shown
    assert np.isnan(data.loc["e", "persen_ti"]) and data.loc["e", "persen_terlatih"] == 100.0
    # a: 5 of 20 IT (15 left) and 10 of 20 trained: both shown, 25.0 and 50.0
    assert data.loc["a", ["persen_ti", "persen_terlatih"]].tolist() == [25.0, 50.0]


# --- exposure_section --------------------------------------------------------------------------

def _exposure_rows() -> pd.DataFrame:
    return _exposure([
        ("a", 2024, 12, 0, 0), ("b", 2024, 3, 0, 0), ("c", 2024, 30, 6, 6),
        ("a", 2025, 12, 9, 8),    # 8 of 12 IT (4 left < 5), 9 trained (3 left < 5)
        ("b", 2025, 3, 2, 2),     # 3 staff: everything about them hidden
        ("c", 2025, 30, 20, 3)])  # 3 IT: hidden; 20 trained (10 left) = 66.67 % shown


def test_exposure_section_tables_and_suppression():
    adoption = pd.Series({"a": 2025, "b": 0, "c": 2024}, name="kohort")
    items = sections.exposure_section(_exposure_rows(), adoption, 2025, 60.0, K)
    assert [type(i) for i in items] == [PublishedTable, PublishedTable]
    assert [i.name for i in items] == ["paparan_unit", "kohort_unit"]
    table = items[0].data
    # only 2025, without the cycle column; the adoption year beside each unit
    assert "siklus" not in table.columns and table["unit"].tolist() == ["a", "b", "c"]
    assert table["kohort"].tolist() == [2025, 0, 2024]
    rows = table.set_index("unit")
    # a: 8 of 12 IT; 8 is publishable but 12 - 8 = 4 < 5 would give the 4 away -> hidden
    assert pd.isna(rows.loc["a", "terlatih_ti"]) and np.isnan(rows.loc["a", "persen_ti"])
    # a: 9 of 12 trained, 3 left < 5 -> hidden with its share
    assert pd.isna(rows.loc["a", "terlatih"]) and np.isnan(rows.loc["a", "persen_terlatih"])
    assert rows.loc["a", "staf"] == 12
    # b: 3 staff -> staf, both counts and both shares blank
    assert rows.loc["b", ["staf", "terlatih", "terlatih_ti"]].isna().all()
    assert rows.loc["b", ["persen_terlatih", "persen_ti"]].isna().all()
    # c: 3 IT of 30 -> hidden with persen_ti; 20 of 30 trained -> 66.666... rounded to 66.7
    assert pd.isna(rows.loc["c", "terlatih_ti"]) and np.isnan(rows.loc["c", "persen_ti"])
    assert rows.loc["c", "terlatih"] == 20 and rows.loc["c", "persen_terlatih"] == 66.7


def test_exposure_section_cohorts_from_the_first_cycle():
    adoption = pd.Series({"a": 2025, "b": 0, "c": 2024, "d": 2025}, name="kohort")
    exposure = pd.concat([_exposure_rows(), _exposure([("d", 2025, 10, 10, 10)])],
                         ignore_index=True)
    items = sections.exposure_section(exposure, adoption, 2025, 60.0, K)
    cohorts = items[1].data
    # first cycle 2024: c adopted then (no before-period), a and d in 2025, b never (0)
    assert cohorts.values.tolist() == [
        [2024, 1, "sudah sejak siklus pertama (tidak dipakai)"], [2025, 2, "kohort"],
        [0, 1, "pembanding"]]
    assert "60 %" in items[1].title and "60 %" in items[0].note


# --- units_section -----------------------------------------------------------------------------

def _unit_row(unit, periode, siklus, sumber, responden, terbit, cukup, ikm, mutu, besar):
    return dict(unit=unit, opd="Dinas Kesehatan", periode=periode, sumber=sumber,
                responden=responden, populasi=1000, sampel_minimum=278, cukup=cukup, ikm=ikm,
                ikm_ci_bawah=ikm - 1.0, ikm_ci_atas=ikm + 1.0, mutu=mutu, nrr_u6=3.1234,
                nrr_u7=3.4567, ikm_terbit=np.nan, selisih_ikm=np.nan, selisih_besar=besar,
                peringkat=pd.NA, siklus=siklus, responden_terbit=terbit)


def _overview() -> pd.DataFrame:
    rows = [_unit_row("b", "2025-S2", 2025, "responden", 300, None, None, 80.123, "B", False),
            _unit_row("a", "2024", 2024, "responden", 10, None, False, 70.0, "C", False),
            _unit_row("c", "2025", 2025, "rekap", None, 120, False, 90.0, "A", False),
            _unit_row("b", "2025-S1", 2025, "keduanya", 280, 280, True, 85.456, "B", True)]
    ov = pd.DataFrame(rows, index=[10, 11, 12, 13])  # a non-range index, as after a filter
    ov["responden"] = ov["responden"].astype("Int64")
    ov["responden_terbit"] = ov["responden_terbit"].astype("Int64")
    ov["cukup"] = ov["cukup"].astype("boolean")
    return ov


def test_units_section_rows_of_the_cycle_with_a_fresh_index():
    items = sections.units_section(_overview(), 2025, fmt)
    table = items[0]
    assert isinstance(table, PublishedTable) and table.name == "ikm_unit"
    data = table.data
    # the 2024 row is out; sorted by unit then period; index 0..2, not 10..13
    assert data[["unit", "periode"]].values.tolist() == [["b", "2025-S1"], ["b", "2025-S2"],
                                                         ["c", "2025"]]
    assert isinstance(data.index, pd.RangeIndex) and data.index.tolist() == [0, 1, 2]
    assert data.columns.tolist() == sections.UNIT_COLUMNS
    # the recap-only unit c has no respondents counted: its published 120 is shown
    assert data["responden"].tolist() == [280, 300, 120]
    # floats rounded to 2 decimals: 85.456 -> 85.46, 3.1234 -> 3.12
    assert data["ikm"].tolist() == [85.46, 80.12, 90.0] and data["nrr_u6"].iloc[0] == 3.12


def test_units_section_prose_counts():
    text = sections.units_section(_overview(), 2025, fmt)[1].text
    # 2 units (b, c) in 3 unit-periods; bands A 1 (c), B 2 (b twice)
    assert "**2 unit layanan**, 3 unit-periode" in text
    assert "A 1, B 2, C 0, D 0" in text
    # below the minimum: c (False) and b S2 (unknown: no population check) -> 2
    assert "**2 unit-periode di bawah sampel minimum**" in text
    # one published index differs by more than the tolerance (b S1)
    assert "Pada 1 unit-periode IKM yang diterbitkan" in text


def test_units_section_no_large_difference_sentence_when_none():
    ov = _overview().assign(selisih_besar=False)
    assert "Pada " not in sections.units_section(ov, 2025, fmt)[1].text


def test_units_section_on_unit_overview_keeps_units_without_a_recap():
    """A unit with respondents and no recap keeps its cycle and OPD (they came only from the
    recap before: such units fell out of the cycle's table)."""
    def answers(n: int) -> dict:
        return {u: pd.array([4, 3] * (n // 2), dtype="Int8") for u in SKM_UNSUR}
    skm = pd.concat([pd.DataFrame({"unit": "A", "opd": "X", "siklus": 2025, "periode": "2025",
                                   **answers(10)}),
                     pd.DataFrame({"unit": "C", "opd": "Y", "siklus": 2025, "periode": "2025",
                                   **answers(10)})], ignore_index=True)
    rekap = pd.DataFrame({"unit": ["A", "B"], "opd": ["X", "Z"], "siklus": 2025,
                          "periode": "2025", "responden": [10, 9], "populasi": [10, 100],
                          "ikm": [87.5, 90.0], "mutu": ["B", "A"]})
    overview = unit_overview(skm, rekap, reps=199)
    data = sections.units_section(overview, 2025, fmt)[0].data
    # A (both), B (recap only) and C (respondents only) all have a 2025 row
    assert data["unit"].tolist() == ["A", "B", "C"]
    assert data["opd"].tolist() == ["X", "Z", "Y"]


# --- truth_rows --------------------------------------------------------------------------------

LABELS = {"ikm": "IKM", "nrr_u6": "NRR U6", "nrr_u7": "NRR U7"}


def _effects() -> SimpleNamespace:
    def c(estimate, low, high):
        return SimpleNamespace(estimate=estimate, ci_low=low, ci_high=high)
    return SimpleNamespace(conclusion={"ikm": c(0.9, 0.1, 1.7), "nrr_u6": c(0.25, 0.05, 0.45),
                                       "nrr_u7": c(0.15, -0.05, 0.35)})


def test_truth_rows_by_hand():
    planted = {"callaway_santanna": {"simple": {"att_ikm": 1.0, "att_nrr_u6": 0.2,
                                                "att_nrr_u7": 0.2}},
               "adoption_year": {"a": 2024, "b": 0, "c": 0, "z": 2025},
               "below_krejcie_morgan": [{"unit": "a", "periode": "2024"},
                                        {"unit": "b", "periode": "2025-S1"},
                                        {"unit": "c", "periode": "2025"}]}
    adoption = pd.Series({"a": 2024, "b": 2025, "c": 0})
    overview = pd.DataFrame({"unit": ["a", "a", "b", "c"],
                             "periode": ["2024", "2025", "2025-S1", "2025"],
                             "cukup": pd.array([False, True, True, None], dtype="boolean")})
    rows = sections.truth_rows(planted, _effects(), adoption, overview, LABELS)
    assert len(rows) == 5
    # one ATT row per outcome: planted, estimate, lower, upper
    assert rows[0] == ("efek rata-rata (CS simple): IKM", 1.0, 0.9, 0.1, 1.7)
    assert rows[1][1:] == (0.2, 0.25, 0.05, 0.45)
    assert rows[2][1:] == (0.2, 0.15, -0.05, 0.35)
    # adoption: 4 units planted; a (2024) and c (0) agree, b (0 vs 2025) does not, z is not
    # estimated at all -> 2 of 4, the count as both bounds
    assert rows[3][1:] == (4, 2, 2, 2)
    # below the minimum: a 2024 flagged (False), b 2025-S1 adequate (True, missed), c 2025
    # unknown (counts as flagged) -> 2 of 3
    assert rows[4][1:] == (3, 2, 2, 2)


# --- sections with figures ---------------------------------------------------------------------

def test_city_section_items_and_prose():
    yearly = pd.DataFrame({"unit": ["a", "b", "a", "b"], "siklus": [2024, 2024, 2025, 2025],
                           "ikm": [76.0, 80.0, 82.0, 86.0]})
    city = pd.DataFrame({"siklus": [2024, 2025], "unit": [2, 2], "ikm_kota": [78.0, 84.0],
                         "ikm_ci_bawah": [76.0, 82.0], "ikm_ci_atas": [80.0, 86.0],
                         "mutu": ["B", "B"], "unit_A": 0, "unit_B": 2, "unit_C": 0,
                         "unit_D": 0})
    items = sections.city_section(yearly, city, COLORS, 2025, fmt)
    assert [type(i) for i in items] == [PublishedTable, PublishedFigure, Prose]
    assert items[0].name == "ikm_kota" and items[1].name == "tren_ikm_kota"
    text = items[2].text
    # the cycle's city index with its interval, and the first year's for comparison
    assert "84,00 (IK 95%: 82,00 s.d. 86,00)" in text and "dari 2 unit layanan" in text
    assert "Pada 2024 IKM kota 78,00" in text


def test_city_section_without_the_cycle_has_no_prose():
    city = pd.DataFrame({"siklus": [2024], "unit": [1], "ikm_kota": [78.0],
                         "ikm_ci_bawah": [np.nan], "ikm_ci_atas": [np.nan], "mutu": ["B"]})
    yearly = pd.DataFrame({"unit": ["a"], "siklus": [2024], "ikm": [78.0]})
    items = sections.city_section(yearly, city, COLORS, 2025, fmt)
    assert [type(i) for i in items] == [PublishedTable, PublishedFigure]


def test_elements_section_names_the_weakest_element():
    elements = pd.DataFrame({"siklus": 2025, "unsur": ["u6", "u1"],
                             "nama_unsur": ["Kompetensi pelaksana", "Persyaratan"],
                             "nrr": [2.91234, 3.4], "nrr_ci_bawah": [2.8, 3.3],
                             "nrr_ci_atas": [3.0, 3.5], "mutu": ["B", "A"]})
    items = sections.elements_section(elements, COLORS, fmt)
    assert [type(i) for i in items] == [PublishedTable, PublishedFigure, Prose]
    # the cycle column is dropped and NRR rounded to 3 decimals: 2.91234 -> 2.912
    assert "siklus" not in items[0].data.columns and items[0].data["nrr"].iloc[0] == 2.912
    assert "**U6 Kompetensi pelaksana**" in items[2].text
    assert "2,91 (IK 95%: 2,80 s.d. 3,00)" in items[2].text


def test_effects_section_items_and_prose():
    table = pd.DataFrame({"estimasi": [0.91234, 0.25], "nilai_p": [0.0004, 0.04321]},
                         index=pd.Index(["ikm", "nrr_u6"], name="hasil"))
    conclusion = {"ikm": SimpleNamespace(estimate=0.9, ci_low=0.1, ci_high=1.7),
                  "nrr_u6": SimpleNamespace(estimate=0.25, ci_low=0.05, ci_high=0.45)}
    effects = SimpleNamespace(table=table, conclusion=conclusion, power=0.8,
                              mde={"ikm": 1.5, "nrr_u6": 0.3}, n_units=12, n_treated=5)
    labels = {"ikm": "IKM", "nrr_u6": "NRR U6"}
    items = sections.effects_section(effects, labels, fmt, alpha=0.1, threshold=60.0)
    assert [type(i) for i in items] == [PublishedTable, Prose]
    data = items[0].data
    # the index becomes a column; p-values as text; floats to 3 decimals
    assert data["hasil"].tolist() == ["ikm", "nrr_u6"]
    assert data["nilai_p"].tolist() == ["< 0.001", "0.043"]
    assert data["estimasi"].iloc[0] == 0.912
    text = items[1].text
    # alpha 0.1 -> 90 % intervals; power 0.8 -> "80%"; 12 units, 5 reaching the threshold
    assert "**IKM**: 0,90 (IK 90%: 0,10 s.d. 1,70)" in text
    assert "(kuasa 80%) 1,50" in text and "12 unit dalam panel seimbang, 5 di antaranya" in text
    assert "ambang 60 %" in text
    # the caller's table is left as it was (the p-values are formatted on a copy)
    assert effects.table["nilai_p"].iloc[0] == 0.0004
