"""The SKM tables of several cycles put together (kompetensi.service.data): each respondent in
its unit's reporting period, one outcome row per unit and year, on hand-made respondents and
recaps whose periods, indices and counts are worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.data import (
    annual_outcomes,
    reporting_periods,
    service_units,
    stack_optional,
)


def _dated(unit: str, dates: list[str | None], periode: str = "2025") -> pd.DataFrame:
    return pd.DataFrame({"unit": unit, "periode": periode,
                         "tanggal": pd.to_datetime(pd.Series(dates, dtype="object"))})


def _periods(skm: pd.DataFrame, rekap: pd.DataFrame | None) -> list[str]:
    return reporting_periods(skm, rekap).tolist()


# --- reporting_periods -------------------------------------------------------------------------

def test_semester_unit_puts_each_dated_respondent_in_its_half_year():
    skm = _dated("Puskesmas Gabek", ["2025-01-02", "2025-06-30", "2025-07-01", "2025-12-31"])
    rekap = pd.DataFrame({"unit": "Puskesmas Gabek", "periode": ["2025-S1", "2025-S2"]})
    # S1 = January-June, S2 = July-December: 30 June is the last day of S1, 1 July the first of S2
    assert _periods(skm, rekap) == ["2025-S1", "2025-S1", "2025-S2", "2025-S2"]


def test_triwulan_unit_puts_each_dated_respondent_in_its_quarter():
    skm = _dated("Disdukcapil", ["2025-01-15", "2025-03-31", "2025-04-01", "2025-09-30",
                                 "2025-10-01"])
    rekap = pd.DataFrame({"unit": "Disdukcapil",
                          "periode": ["2025-T1", "2025-T2", "2025-T3", "2025-T4"]})
    # T1 Jan-Mar, T2 Apr-Jun, T3 Jul-Sep, T4 Oct-Dec: 31 March T1, 1 April T2, 30 Sep T3, 1 Oct T4
    assert _periods(skm, rekap) == ["2025-T1", "2025-T1", "2025-T2", "2025-T3", "2025-T4"]


def test_undated_respondent_keeps_the_year():
    skm = _dated("Puskesmas Gabek", ["2025-02-01", None])
    rekap = pd.DataFrame({"unit": "Puskesmas Gabek", "periode": ["2025-S1", "2025-S2"]})
    # NaT: no date to place it in a semester, so the recorded "2025" stays
    assert _periods(skm, rekap) == ["2025-S1", "2025"]


def test_unit_mixing_semesters_and_triwulan_in_one_year_keeps_the_year():
    skm = _dated("Kelurahan Bacang", ["2025-02-01", "2025-11-01"])
    rekap = pd.DataFrame({"unit": "Kelurahan Bacang", "periode": ["2025-S1", "2025-T4"]})
    # S and T in the same year: which period a date belongs to is ambiguous, so none is chosen
    assert _periods(skm, rekap) == ["2025", "2025"]


def test_annual_recap_and_no_recap_keep_the_recorded_period():
    skm = pd.concat([_dated("A", ["2025-02-01"]), _dated("B", ["2025-08-01"])],
                    ignore_index=True)
    rekap = pd.DataFrame({"unit": ["A", "A"], "periode": ["2025", "2024-S1"]})
    # A publishes 2025 as a whole year (its 2024 semester recap is another year); B has no
    # recap at all
    assert _periods(skm, rekap) == ["2025", "2025"]
    assert _periods(skm, None) == ["2025", "2025"]
    assert _periods(skm, rekap.iloc[:0]) == ["2025", "2025"]


def test_explicit_sub_period_is_kept_and_other_units_are_not_touched():
    skm = pd.concat([_dated("A", ["2025-02-01"], periode="2025-S2"),
                     _dated("A", ["2025-02-01"]), _dated("B", ["2025-02-01"])],
                    ignore_index=True)
    rekap = pd.DataFrame({"unit": ["A", "A"], "periode": ["2025-S1", "2025-S2"]})
    # the first respondent already says S2 (its recorded period is not the bare year, so it is
    # not re-placed by its February date); the second is placed in S1; B has no semester recap
    assert _periods(skm, rekap) == ["2025-S2", "2025-S1", "2025"]


def test_semester_placement_does_not_leak_into_another_year():
    skm = pd.concat([_dated("A", ["2024-08-01"], periode="2024"), _dated("A", ["2025-08-01"])],
                    ignore_index=True)
    rekap = pd.DataFrame({"unit": ["A", "A"], "periode": ["2025-S1", "2025-S2"]})
    # only 2025 is published per semester: the 2024 respondent keeps "2024"
    assert _periods(skm, rekap) == ["2024", "2025-S2"]


# --- annual_outcomes ---------------------------------------------------------------------------

def _respondents(unit: str, opd: str, siklus: int, periode, answers: list[int]) -> pd.DataFrame:
    """One respondent per answer, giving that answer to all nine elements."""
    return pd.DataFrame({"unit": unit, "opd": opd, "siklus": siklus, "periode": periode,
                         **{u: pd.array(answers, dtype="Int8") for u in SKM_UNSUR}})


def _rekap(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit", "opd", "siklus", "periode", "responden", "ikm",
                                       "nrr_u6", "nrr_u7"])


def test_index_from_respondents_by_hand():
    skm = _respondents("A", "X", 2025, "2025", [4, 3])
    out = annual_outcomes(skm, None)
    assert len(out) == 1
    row = out.iloc[0]
    # answers 4 and 3 on every element: NRR (4 + 3) / 2 = 3.5; IKM = 3.5 x 25 = 87.5, which is
    # band B (PermenPANRB 14/2017: B is 76.61-88.30)
    assert row.sumber == "responden" and row.responden == 2 and row.opd == "X"
    assert row[[f"nrr_{u}" for u in SKM_UNSUR]].tolist() == [3.5] * 9
    assert row.ikm == pytest.approx(87.5) and row.mutu == "B"
    assert row.periode_laporan == 1  # one period, "2025"
    assert "cukup" not in out.columns  # only with an overview


def test_one_row_per_unit_and_year():
    skm = pd.concat([_respondents("A", "X", 2024, "2024", [2, 2]),
                     _respondents("A", "X", 2025, "2025", [4, 4])], ignore_index=True)
    out = annual_outcomes(skm, None)
    # 2024: all 2 -> 2 x 25 = 50 (D, 25.00-64.99); 2025: all 4 -> 100 (A)
    assert out[["siklus", "ikm", "mutu"]].values.tolist() == [[2024, 50.0, "D"],
                                                              [2025, 100.0, "A"]]


def test_recap_only_unit_takes_its_annual_recap():
    skm = _respondents("A", "X", 2025, "2025", [4, 3])
    rekap = _rekap([("B", "Y", 2025, "2025", 50, 80.0, 3.2, 3.1)])
    out = annual_outcomes(skm, rekap).set_index("unit")
    b = out.loc["B"]
    # B has no respondents: its published values are taken as they are; 80.0 is band B
    assert b.sumber == "rekap" and b.opd == "Y" and b.responden == 50
    assert b.ikm == 80.0 and b.nrr_u6 == 3.2 and b.nrr_u7 == 3.1 and b.mutu == "B"
    assert np.isnan(b.nrr_u1)  # not in the recap
    assert b.periode_laporan == 1


def test_recap_only_unit_with_only_semester_recaps_is_left_out():
    skm = _respondents("A", "X", 2025, "2025", [4, 3])
    rekap = _rekap([("C", "Z", 2025, "2025-S1", 30, 90.0, 3.6, 3.6),
                    ("C", "Z", 2025, "2025-S2", 10, 70.0, 2.8, 2.8)])
    # a yearly value of C would need the semesters' weights: no row for C
    assert annual_outcomes(skm, rekap)["unit"].tolist() == ["A"]
    assert annual_outcomes(None, rekap).empty


def test_respondents_win_over_the_annual_recap():
    skm = _respondents("A", "X", 2025, "2025", [4, 3])
    rekap = _rekap([("A", "X", 2025, "2025", 2, 70.0, 2.8, 2.8)])
    out = annual_outcomes(skm, rekap)
    # one row only, computed (87.5) and not published (70.0)
    assert out[["unit", "sumber", "ikm", "responden"]].values.tolist() == [
        ["A", "responden", 87.5, 2]]
    assert out.periode_laporan.tolist() == [1]  # "2025" in both tables is one period


def test_periods_reported_count_respondents_and_recaps():
    # S: respondents placed in S1 and S2, recaps for S1 and S2 -> 2 distinct periods;
    # T: respondents in T1 only, recaps for T1 and T2 -> 2 (T2 is known from the recap only)
    skm = pd.concat([_respondents("S", "Y", 2025, ["2025-S1", "2025-S2"], [4, 4]),
                     _respondents("T", "Y", 2025, "2025-T1", [3, 3])], ignore_index=True)
    rekap = _rekap([("S", "Y", 2025, "2025-S1", 1, 100.0, 4.0, 4.0),
                    ("S", "Y", 2025, "2025-S2", 1, 100.0, 4.0, 4.0),
                    ("T", "Y", 2025, "2025-T1", 2, 75.0, 3.0, 3.0),
                    ("T", "Y", 2025, "2025-T2", 9, 75.0, 3.0, 3.0)])
    out = annual_outcomes(skm, rekap).set_index("unit")
    assert out["periode_laporan"].to_dict() == {"S": 2, "T": 2}
    # the yearly values come from all the year's respondents: S 2 x all 4 = 100, T all 3 = 75
    assert out["ikm"].to_dict() == {"S": 100.0, "T": 75.0}
    assert out["responden"].to_dict() == {"S": 2, "T": 2}


def test_adequate_sample_only_when_every_period_of_the_year_was_adequate():
    skm = pd.concat([_respondents("A", "X", 2025, "2025", [4, 3]),
                     _respondents("S", "Y", 2025, ["2025-S1", "2025-S2"], [4, 4]),
                     _respondents("U", "Y", 2025, ["2025-S1", "2025-S2"], [4, 4]),
                     _respondents("N", "Y", 2025, "2025", [4, 4])], ignore_index=True)
    rekap = _rekap([("B", "Y", 2025, "2025", 50, 80.0, 3.2, 3.1)])
    overview = pd.DataFrame({
        "unit": ["A", "S", "S", "U", "U", "B"],
        "periode": ["2025", "2025-S1", "2025-S2", "2025-S1", "2025-S2", "2025"],
        "cukup": pd.array([True, True, False, True, True, None], dtype="boolean")})
    out = annual_outcomes(skm, rekap, overview).set_index("unit")["cukup"]
    # A: its one period adequate; S: S2 short -> False; U: both semesters adequate -> True;
    # B: unknown (no population) counts as not adequate; N: not in the overview -> False
    assert out.to_dict() == {"A": True, "B": False, "N": False, "S": False, "U": True}
    assert out.dtype == bool


def test_no_table_gives_an_empty_frame_with_the_columns():
    out = annual_outcomes(None, None)
    assert out.empty
    assert {"unit", "siklus", "sumber", "ikm", "mutu", "periode_laporan"} <= set(out.columns)


# --- stack_optional and service_units ----------------------------------------------------------

def test_stack_optional_none_when_no_cycle_has_the_table():
    tables = {2024: {"skm": pd.DataFrame({"unit": ["A"]})}, 2025: {}}
    assert stack_optional(tables, "skm_rekap") is None
    assert stack_optional({}, "skm") is None


def test_stack_optional_stacks_in_cycle_order_with_a_fresh_index():
    tables = {2024: {"skm": pd.DataFrame({"unit": ["A", "B"]}, index=[7, 8])},
              2025: {"pegawai": pd.DataFrame({"pid": ["x"]})},
              2026: {"skm": pd.DataFrame({"unit": ["C"]}, index=[7])}}
    out = stack_optional(tables, "skm")
    # 2 + 1 rows; the cycles' own indices (7, 8 and 7) would repeat a label: 0, 1, 2 instead
    assert out["unit"].tolist() == ["A", "B", "C"]
    assert isinstance(out.index, pd.RangeIndex) and out.index.tolist() == [0, 1, 2]


def test_service_units_unique_sorted_without_blanks():
    skm = pd.DataFrame({"unit": ["Q", "P", "Q", None], "opd": ["Y", "X", "Y", "Z"]})
    rekap = pd.DataFrame({"unit": ["R", "P", "S"], "opd": ["Z", "X", None],
                          "ikm": [80.0, 81.0, 82.0]})
    out = service_units(skm, None, rekap)
    # P twice and Q twice -> once each; the row without a unit and S without an OPD dropped
    assert out.values.tolist() == [["P", "X"], ["Q", "Y"], ["R", "Z"]]
    assert out.columns.tolist() == ["unit", "opd"]
    assert out.index.tolist() == [0, 1, 2]


def test_service_units_of_no_table_is_empty():
    out = service_units(None, None)
    assert out.empty and out.columns.tolist() == ["unit", "opd"]


def test_reporting_periods_follow_the_table_index():
    skm = pd.DataFrame({"unit": ["A", "B", "A"], "periode": "2025",
                        "tanggal": pd.to_datetime(["2025-02-01", "2025-08-01", "2025-08-01"])},
                       index=[5, 3, 9])
    rekap = pd.DataFrame({"unit": ["A", "A"], "periode": ["2025-S1", "2025-S2"]})
    out = reporting_periods(skm, rekap)
    # assigned back as skm["periode"]: the labels must be skm's own (5, 3, 9), row by row
    assert out.to_dict() == {5: "2025-S1", 3: "2025", 9: "2025-S2"}


def test_respondent_dated_in_another_year_keeps_its_recorded_period():
    skm = _dated("Puskesmas Gabek", ["2024-12-30", "2025-12-30"])
    rekap = pd.DataFrame({"unit": "Puskesmas Gabek", "periode": ["2025-S1", "2025-S2"]})
    # recorded "2025" but dated 2024: "2024-S2" is no period of this recap, so "2025" stays
    assert _periods(skm, rekap) == ["2025", "2025-S2"]
