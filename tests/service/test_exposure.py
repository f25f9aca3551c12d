"""The training of a service unit's staff (kompetensi.service.exposure), on hand-made rosters
whose shares, adoption years and panels are counted by hand in the comments."""

import pandas as pd
import pytest

from kompetensi.service import exposure as ex

DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
DINKES = "Dinas Kesehatan"


def _roster() -> pd.DataFrame:
    rows = []
    for year in (2023, 2024, 2025):
        rows += [
            # Puskesmas Gabek: 3 front-line staff and its head (Pengawas, not front-line)
            ("p1", year, True, "Fungsional", DINKES, "UPTD Puskesmas Gabek"),
            ("p2", year, True, "Pelaksana", DINKES, "Puskesmas Gabek"),
            ("p3", year, year != 2025, "Fungsional", DINKES, "Puskesmas Gabek"),  # CLTN in 2025
            ("p4", year, True, "Pengawas", DINKES, "Puskesmas Gabek"),
            # another puskesmas of the same OPD: not Gabek's staff
            ("p5", year, True, "Fungsional", DINKES, "Puskesmas Taman Sari"),
            # Disdukcapil is an OPD-level unit: every front-line row of the OPD
            ("d1", year, True, "Pelaksana", DUKCAPIL, pd.NA),
            ("d2", year, True, "Pelaksana", DUKCAPIL, "Bidang Pelayanan"),
        ]
    return pd.DataFrame(rows, columns=["pid", "siklus", "aktif", "jenis_jabatan", "opd", "unor"])


UNITS = pd.DataFrame({"unit": ["Puskesmas Gabek", DUKCAPIL], "opd": [DINKES, DUKCAPIL]})


def _training() -> pd.DataFrame:
    rows = [("p1", 2024, True), ("p1", 2024, False),  # two records, one person
            ("p2", 2024, True), ("p3", 2023, False), ("p2", 2025, False),
            ("p4", 2024, True),  # the head: not counted
            ("d1", 2023, True), ("d2", 2023, True), ("d1", 2025, True)]
    return pd.DataFrame(rows, columns=["pid", "siklus", "topik_ti"])


def test_staff_of_a_subunit_and_of_an_opd_level_unit():
    staff = ex.unit_staff(_roster(), UNITS)
    got = staff.groupby(["unit", "siklus"])["pid"].apply(list).to_dict()
    assert got[("Puskesmas Gabek", 2023)] == ["p1", "p2", "p3"]  # UPTD prefix matched, head out
    assert got[("Puskesmas Gabek", 2025)] == ["p1", "p2"]  # p3 inactive in 2025
    assert got[(DUKCAPIL, 2024)] == ["d1", "d2"]


def test_shares_per_unit_and_cycle_by_hand():
    e = ex.unit_exposure(_roster(), _training(), UNITS).set_index(["unit", "siklus"])
    # Gabek 2024: staff p1 p2 p3; trained p1 p2 (both IT) -> 2/3 trained, 2/3 IT
    assert e.loc[("Puskesmas Gabek", 2024), ["staf", "terlatih", "terlatih_ti"]].tolist() == [3, 2, 2]
    assert e.loc[("Puskesmas Gabek", 2024), "persen_ti"] == pytest.approx(200 / 3)
    # Gabek 2023: p3 trained (not IT) -> 1/3 and 0
    assert e.loc[("Puskesmas Gabek", 2023), "persen_terlatih"] == pytest.approx(100 / 3)
    assert e.loc[("Puskesmas Gabek", 2023), "persen_ti"] == 0.0
    # Gabek 2025: staff p1 p2; p2 trained (not IT) -> 50 % and 0 %
    assert e.loc[("Puskesmas Gabek", 2025), "persen_terlatih"] == 50.0
    # Disdukcapil: 2023 both IT (100 %), 2024 none, 2025 d1 only (50 %)
    assert e.xs(DUKCAPIL)["persen_ti"].tolist() == [100.0, 0.0, 50.0]


def test_a_unit_without_staff_has_no_share_not_zero():
    units = pd.concat([UNITS, pd.DataFrame({"unit": ["Kelurahan Bacang"],
                                            "opd": ["Kecamatan Bukit Intan"]})])
    e = ex.unit_exposure(_roster(), _training(), units)
    bacang = e[e["unit"] == "Kelurahan Bacang"]
    assert (bacang["staf"] == 0).all() and bacang["persen_ti"].isna().all()


def test_adoption_first_cycle_at_threshold_and_cohort_roles():
    e = ex.unit_exposure(_roster(), _training(), UNITS)
    # Gabek reaches 66.7 % IT in 2024; Disdukcapil 100 % already in 2023
    adoption = ex.adoption_year(e, threshold=60)
    assert adoption.to_dict() == {"Puskesmas Gabek": 2024, DUKCAPIL: 2023}
    assert ex.adoption_year(e, threshold=70).to_dict() == {"Puskesmas Gabek": 0, DUKCAPIL: 2023}
    counts = ex.cohort_counts(adoption, 2023)
    assert counts["peran"].tolist() == ["sudah sejak siklus pertama (tidak dipakai)", "kohort"]
    assert ex.always_treated(adoption, 2023).tolist() == [DUKCAPIL]


def test_threshold_outside_a_percentage_is_refused():
    with pytest.raises(ValueError, match="persen"):
        ex.adoption_year(ex.unit_exposure(_roster(), _training(), UNITS), threshold=0.6 * 0)


def test_panel_marks_years_after_adoption_and_drops_incomplete_rows():
    e = ex.unit_exposure(_roster(), _training(), UNITS)
    outcomes = pd.DataFrame({"unit": ["Puskesmas Gabek"] * 3, "siklus": [2023, 2024, 2025],
                             "ikm": [75.0, 80.0, None], "nrr_u6": 3.0, "nrr_u7": 3.1})
    panel = ex.unit_panel(outcomes, e, ex.adoption_year(e, threshold=60))
    assert panel["tahun"].tolist() == [2023, 2024]  # 2025 has no IKM
    assert panel["sudah"].tolist() == [0, 1] and set(panel["kohort"]) == {2024}


def test_a_unit_named_twice_with_two_opds_is_refused():
    units = pd.DataFrame({"unit": ["Puskesmas Gabek", "Puskesmas Gabek"], "opd": [DINKES, DUKCAPIL]})
    with pytest.raises(ValueError, match="lebih dari satu OPD"):
        ex.unit_staff(_roster(), units)
