"""Training needs: JPM, its bands, the talent box, competency gaps and the ASN profile.

Hand-computed cases show their arithmetic in comments; the Wilson intervals are checked against
the published worked examples of Newcombe (1998); the last tests check that the bundled sample
recovers the competency-gap pattern planted in ``data/raw/contoh/kebenaran.json``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from kompetensi import needs, processing
from kompetensi.core import bands as core_bands
from kompetensi.core import config
from kompetensi.needs import profile
from kompetensi.privacy import disclosure

MS, MMS, KMS = "Memenuhi Syarat", "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat"
ATAS, SESUAI, BAWAH = "di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi"


def _asesmen(rows):
    """rows: (pid, kompetensi, capaian, standar[, kelompok])."""
    rows = [r if len(r) == 5 else (*r, "manajerial") for r in rows]
    return pd.DataFrame(rows, columns=["pid", "kompetensi", "level_capaian", "level_standar",
                                       "kelompok"]).astype({"level_capaian": "Int64",
                                                            "level_standar": "Int64"})


# --- Job Person Match ---------------------------------------------------------------------

def test_jpm_with_and_without_capping():
    a = _asesmen([
        ("x", "A", 4, 3), ("x", "B", 2, 3), ("x", "C", 3, 3),
        ("y", "A", 2, 3), ("y", "B", 2, 3), ("y", "C", 3, 3),
    ])
    plain = needs.job_person_match(a).set_index("pid")
    # x: (4 + 2 + 3) / (3 + 3 + 3) = 9 / 9 = 100 %
    # y: (2 + 2 + 3) / 9 = 7 / 9 = 77.78 % -> 68 <= JPM < 80
    assert plain.loc["x", "jpm"] == 100.0
    assert plain.loc["y", "jpm"] == pytest.approx(700 / 9)
    assert plain.loc["x", "jumlah_capaian"] == 9 and plain.loc["x", "jumlah_standar"] == 9
    assert list(plain["kategori_jpm"]) == [MS, MMS]
    capped = needs.job_person_match(a, cap=True).set_index("pid")
    # x capped: min(4, 3) + 2 + 3 = 8 -> 8 / 9 = 88.89 %; y has no level above standard
    assert capped.loc["x", "jpm"] == pytest.approx(800 / 9)
    assert capped.loc["y", "jpm"] == pytest.approx(700 / 9)
    assert (capped["jpm"] <= 100).all()


def test_jpm_exact_band_limits_stay_exact():
    a = _asesmen([
        ("p80", "A", 4, 5),  # 4 / 5 = 80 % exactly -> Memenuhi Syarat
        *[("p68", k, c, 5) for k, c in zip("ABCDE", [4, 4, 3, 3, 3], strict=True)],  # 17/25
        *[("p64", k, c, 5) for k, c in zip("ABCDE", [4, 3, 3, 3, 3], strict=True)],  # 16/25
    ])
    out = needs.job_person_match(a, missing="available").set_index("pid")
    assert out.loc["p80", "jpm"] == 80.0 and out.loc["p80", "kategori_jpm"] == MS
    assert out.loc["p68", "jpm"] == 68.0 and out.loc["p68", "kategori_jpm"] == MMS
    assert out.loc["p64", "jpm"] == 64.0 and out.loc["p64", "kategori_jpm"] == KMS


def test_jpm_missing_assessments():
    a = _asesmen([
        ("x", "A", 3, 3), ("x", "B", 2, 4),  # complete: 5 / 7
        ("y", "A", 3, 3),  # B not assessed (row absent)
        ("z", "A", 3, 3), ("z", "B", None, 4),  # B level missing
        ("w", "A", None, 3), ("w", "B", None, 4),  # nothing usable
    ])
    available = needs.job_person_match(a).set_index("pid")
    assert available.loc["x", "jpm"] == pytest.approx(500 / 7)
    assert available.loc["y", "jpm"] == 100.0 and available.loc["y", "n_kompetensi"] == 1
    assert available.loc["z", "jpm"] == 100.0 and available.loc["z", "n_kompetensi"] == 1
    assert np.isnan(available.loc["w", "jpm"]) and pd.isna(available.loc["w", "kategori_jpm"])
    strict = needs.job_person_match(a, missing="nan").set_index("pid")
    assert strict.loc["x", "jpm"] == pytest.approx(500 / 7)
    assert strict[["jpm"]].loc[["y", "z", "w"]].isna().all().all()


def test_jpm_groups_and_cycles():
    a = _asesmen([("x", "A", 3, 3), ("x", "Perekat Bangsa", 1, 3, "sosial_kultural"),
                  ("x", "T", 1, 4, "teknis")])
    # managerial + socio-cultural only: (3 + 1) / (3 + 3) = 66.67 %
    out = needs.job_person_match(a, kelompok=["manajerial", "sosial_kultural"])
    assert out["jpm"].item() == pytest.approx(400 / 6)
    two = pd.concat([a.assign(siklus=2024), a.assign(siklus=2025)], ignore_index=True)
    with pytest.raises(ValueError, match="siklus"):
        needs.job_person_match(two)
    by_cycle = needs.job_person_match(two, id_columns=["siklus", "pid"])
    assert list(by_cycle["siklus"]) == [2024, 2025]


@pytest.mark.parametrize("change, message", [
    ({"level_capaian": [0, 3]}, "level_capaian"),
    ({"level_standar": [3, 6]}, "level_standar"),
    ({"level_capaian": ["tiga", 3]}, "level_capaian"),
])
def test_jpm_bad_levels_are_clear_errors(change, message):
    a = pd.DataFrame({"pid": ["x", "x"], "kompetensi": ["A", "B"], "level_capaian": [3, 3],
                      "level_standar": [3, 3]})
    a = a.assign(**change)
    with pytest.raises(ValueError, match=message):
        needs.job_person_match(a)


def test_jpm_bad_input_messages():
    a = _asesmen([("x", "A", 3, 3), ("x", "A", 2, 3)])
    with pytest.raises(ValueError, match="ganda"):
        needs.job_person_match(a)
    with pytest.raises(ValueError, match="level_standar"):
        needs.job_person_match(a.drop(columns="level_standar"))
    with pytest.raises(ValueError, match="missing"):
        needs.job_person_match(a.iloc[:1], missing="drop")


# --- JPM bands ----------------------------------------------------------------------------

def test_every_band_limit():
    values = [0, 67.99, 68, 79.99, 80, 100, 125.0]
    assert needs.jpm_category(values).tolist() == [KMS, KMS, MMS, MMS, MS, MS, MS]


def test_bands_ordered_and_missing_stays_missing():
    out = needs.jpm_category(pd.Series([np.nan, 90.0], index=[7, 8]))
    assert out.index.tolist() == [7, 8]
    assert pd.isna(out.iloc[0]) and out.iloc[1] == MS
    assert list(out.cat.categories) == [KMS, MMS, MS] and out.cat.ordered


def test_other_agencies_bands():
    # e.g. an agency using >= 90 / 70-90 / < 70, given three ways
    as_dict = {"Optimal": 90, "Cukup": 70, "Kurang": 0}
    as_pairs = [(0, "Kurang"), (70, "Cukup"), (90, "Optimal")]
    as_frame = pd.DataFrame({"kategori": ["Optimal", "Cukup", "Kurang"],
                             "batas_bawah": ["90", "70", "0"]})
    for bands in (as_dict, as_pairs, as_frame):
        assert needs.jpm_category([69.9, 70, 89.9, 90], bands=bands).tolist() == [
            "Kurang", "Cukup", "Cukup", "Optimal"]


def test_band_errors():
    with pytest.raises(ValueError, match="di bawah batas bawah"):
        needs.jpm_category([-1.0])
    with pytest.raises(ValueError, match="unik"):
        needs.jpm_category([50], bands={"A": 0, "B": 0})


# --- talent box ---------------------------------------------------------------------------

# DOMAIN.md §5 (PermenPANRB 3/2020), rows kinerja from top, columns rendah/menengah/tinggi.
PUBLISHED_BOXES = {ATAS: [4, 7, 9], SESUAI: [2, 5, 8], BAWAH: [1, 3, 6]}


def test_all_nine_boxes():
    kinerja = [k for k in PUBLISHED_BOXES for _ in range(3)]
    potensi = ["rendah", "menengah", "tinggi"] * 3
    expected = [b for boxes in PUBLISHED_BOXES.values() for b in boxes]
    out = needs.talent_box(kinerja, potensi)
    assert out.tolist() == expected
    assert sorted(out.tolist()) == list(range(1, 10))
    assert str(out.dtype) == "Int64"


def test_talent_box_labels_case_and_missing():
    k = pd.Series(["  Di Atas  Ekspektasi", "SESUAI EKSPEKTASI", None, BAWAH], index=[5, 6, 7, 8])
    p = np.array(["Tinggi", "rendah", "tinggi", None], dtype=object)
    out = needs.talent_box(k, p)
    assert out.index.tolist() == [5, 6, 7, 8]
    assert out.tolist() == [9, 2, pd.NA, pd.NA]


@pytest.mark.parametrize("kinerja, potensi, message", [
    (["luar biasa"], ["tinggi"], "kinerja: label tidak dikenal"),
    ([ATAS], ["sedang"], "potensi: label tidak dikenal"),
    ([ATAS, SESUAI], ["tinggi"], "sama panjang"),
])
def test_talent_box_unknown_labels_raise(kinerja, potensi, message):
    with pytest.raises(ValueError, match=message):
        needs.talent_box(kinerja, potensi)


def test_talent_box_incomplete_matrix():
    matrix = pd.DataFrame({"kinerja": [ATAS], "potensi": ["tinggi"], "kotak": [9]})
    with pytest.raises(ValueError, match="9 sel"):
        needs.talent_box([ATAS], ["tinggi"], matrix=matrix)


def test_performance_level_mapping_and_unknown_predikat():
    predikat = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang", None]
    assert needs.performance_level(predikat).tolist() == [ATAS, SESUAI, BAWAH, BAWAH, BAWAH,
                                                          pd.NA]
    with pytest.raises(ValueError, match="cukup"):
        needs.performance_level(["Cukup"])
    custom = {"Sangat Baik": ATAS, "Baik": ATAS}
    assert needs.performance_level(["baik"], mapping=custom).tolist() == [ATAS]


def test_talent_grid():
    a = pd.DataFrame({"pid": ["x", "x", "y", "z"],
                      "potensi": ["tinggi", "tinggi", "rendah", None]})
    k = pd.DataFrame({"pid": ["x", "y", "x", "z"], "tahun": [2025, 2025, 2024, 2025],
                      "predikat": ["Sangat Baik", "Kurang", "Baik", "Baik"]})
    out = needs.talent_grid(a, k, 2025).set_index("pid")
    assert out["kotak"].tolist() == [9, 1, pd.NA]  # x: atas/tinggi; y: bawah/rendah; z: no potensi
    assert needs.talent_grid(a, k, 2023)["kotak"].isna().all()  # no predikat that year
    conflict = pd.DataFrame({"pid": ["x", "x"], "potensi": ["tinggi", "rendah"]})
    with pytest.raises(ValueError, match="potensi berbeda"):
        needs.talent_grid(conflict, k, 2025)


# --- training needs -----------------------------------------------------------------------

def test_training_needs_hand_computed():
    a = _asesmen([
        ("p1", "A", 1, 3), ("p2", "A", 3, 3), ("p3", "A", 4, 3),  # OPD D1
        ("p1", "B", 2, 3), ("p2", "B", 2, 3), ("p3", "B", 3, 3),
        ("q1", "A", 2, 3), ("q2", "A", None, 3),  # OPD D2; q2's A is not usable
    ])
    p = pd.DataFrame({"pid": ["p1", "p2", "p3", "q1", "q2"],
                      "opd": ["D1", "D1", "D1", "D2", "D2"]})
    out = needs.training_needs(a, p, by=["opd"]).set_index(["kompetensi", "opd"])
    # A/D1: gaps 2, 0, 0 (surplus does not count) -> n 3, 1 below, share 1/3,
    #       mean gap among those below 2, score (2 + 0 + 0) / 3 = 0.667
    row = out.loc[("A", "D1")]
    assert (row.n_asesmen, row.n_kesenjangan) == (3, 1)
    assert row.proporsi_kesenjangan == pytest.approx(1 / 3)
    assert row.rerata_kesenjangan == 2.0 and row.skor_prioritas == pytest.approx(2 / 3)
    # B/D1: gaps 1, 1, 0 -> share 2/3, mean gap 1, score 2/3: ties A/D1 on the score and
    #       ranks first on the number below standard
    assert out.loc[("B", "D1"), "skor_prioritas"] == pytest.approx(2 / 3)
    # A/D2: only q1 counts (gap 1): share 1, score 1 -> ranked first
    assert out.loc[("A", "D2"), "n_asesmen"] == 1
    ranked = out.sort_values("peringkat").index.tolist()
    assert ranked == [("A", "D2"), ("B", "D1"), ("A", "D1")]
    # with min_n = 2 the one-person group goes last, unranked
    small = needs.training_needs(a, p, by=["opd"], min_n=2)
    assert small["peringkat"].tolist() == [1, 2, pd.NA]
    assert (small.iloc[-1].kompetensi, small.iloc[-1].opd) == ("A", "D2")


# Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison
# of seven methods. Statistics in Medicine 17, 857-872, Table I, method 3 (score interval
# without continuity correction) for his worked examples.
NEWCOMBE_1998 = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                 (0, 20, 0.0000, 0.1611), (1, 29, 0.0061, 0.1718)]


@pytest.mark.parametrize("below, n, low, high", NEWCOMBE_1998)
def test_training_needs_wilson_interval_matches_newcombe(below, n, low, high):
    a = pd.DataFrame({"pid": [f"p{i}" for i in range(n)], "kompetensi": "A",
                      "kelompok": "manajerial", "level_standar": 3,
                      "level_capaian": [2] * below + [3] * (n - below)})
    row = needs.training_needs(a, a[["pid"]], by=[]).iloc[0]
    assert (row.n_asesmen, row.n_kesenjangan) == (n, below)
    assert round(row.ci_bawah, 4) == low and round(row.ci_atas, 4) == high


def test_training_needs_errors_and_unknown_people():
    a = _asesmen([("x", "A", 2, 3), ("ghost", "A", 1, 3)])
    p = pd.DataFrame({"pid": ["x"], "opd": ["D"]})
    out = needs.training_needs(a, p, by=["opd"])
    assert out["opd"].isna().sum() == 1  # not on the roster: own group, not dropped
    with pytest.raises(ValueError, match="opd"):
        needs.training_needs(a, p.drop(columns="opd"), by=["opd"])
    with pytest.raises(ValueError, match="ganda"):
        needs.training_needs(a, pd.concat([p, p]), by=["opd"])


def test_suppress_small_groups():
    t = pd.DataFrame({"n": [0, 4, 5, 40], "senjang": [0, 2, 5, 3],
                      "persen": [np.nan, 50.0, 100.0, 7.5], "peringkat": [4, 3, 2, 1]})
    out = disclosure.suppress_small_groups(t, "n")
    assert out["n"].tolist() == [0, pd.NA, 5, 40]
    assert out["senjang"].tolist() == [0, pd.NA, 5, pd.NA]
    assert out["persen"].isna().tolist() == [True, True, False, False]
    assert out["peringkat"].tolist() == [4, 3, 2, 1]  # ranks are not counts of people
    derived = disclosure.suppress_small_groups(t, "n", derived={"senjang": ["persen"]})
    assert derived["persen"].isna().tolist() == [True, True, False, True]  # 3 of 40 hidden


def test_fill_required_levels_file_wins():
    a = pd.DataFrame({"pid": ["a", "b", "c", "d"],
                      "kelompok": ["manajerial", "manajerial", "sosial_kultural", "teknis"],
                      "level_standar": [5, None, None, None]})
    p = pd.DataFrame({"pid": ["a", "b", "c", "d"],
                      "jenis_jabatan": ["Pengawas", "Fungsional", "JPT", "Pelaksana"],
                      "jenjang": ["Pengawas", "Ahli Madya", "JPT Madya", "Pelaksana"]})
    out = needs.fill_required_levels(a, p)
    # a: file says 5 (wins over the ladder's 2); b: Ahli Madya row 3; c: JPT Madya row 5;
    # d: technical standards are post-specific -> stays missing
    assert out["level_standar"].tolist()[:3] == [5.0, 3.0, 5.0]
    assert np.isnan(out["level_standar"].iloc[3])
    assert out["sumber_standar"].tolist() == ["asesmen", "bawaan", "bawaan", pd.NA]
    ladder = pd.DataFrame({"jenis_jabatan": ["Fungsional"], "jenjang": ["*"],
                           "level_standar": ["4"]})
    assert needs.fill_required_levels(a, p, ladder=ladder)["level_standar"].iloc[1] == 4.0
    # several cycles: joined on pid and siklus (b was Pelaksana in 2024 -> ladder level 1)
    a2 = pd.concat([a.assign(siklus=2024), a.assign(siklus=2025)], ignore_index=True)
    p2 = pd.concat([p.assign(siklus=2025),
                    p.assign(siklus=2024, jenis_jabatan=["Pengawas", "Pelaksana", "JPT",
                                                         "Pelaksana"])], ignore_index=True)
    out2 = needs.fill_required_levels(a2, p2)
    assert out2["level_standar"].tolist()[1] == 1.0 and out2["level_standar"].tolist()[5] == 3.0


# --- profile ------------------------------------------------------------------------------

def test_age_band_and_golongan_group():
    assert core_bands.age_band([17, 29, 30, 39, 40, 49, 50, 58]).tolist() == [
        "< 30", "< 30", "30-39", "30-39", "40-49", "40-49", ">= 50", ">= 50"]
    assert core_bands.age_band([44], edges=[25, 45]).tolist() == ["25-44"]
    with pytest.raises(ValueError, match="edges"):
        core_bands.age_band([30], edges=[40, 30])
    groups = core_bands.golongan_group(pd.Series(["IV/e", "I/a", "XVII", "Z/z"]),
                                    pd.Series(["PNS", "PNS", "PPPK", "PNS"]))
    assert groups.astype("object").tolist()[:3] == ["PNS IV", "PNS I", "PPPK XVII"]
    assert pd.isna(groups.iloc[3])


def test_asn_profile_counts_add_up():
    p = pd.DataFrame({"status_asn": ["PNS", "PNS", "PPPK"], "jenis_kelamin": ["L", "P", "P"],
                      "jenis_jabatan": ["JPT", "Pelaksana", "Fungsional"],
                      "golongan": ["IV/c", "II/a", "IX"], "pendidikan": ["S2", "SMA", "S1/D4"],
                      "usia": [55, 30, None]})
    out = profile.asn_profile(p)
    totals = out.groupby("dimensi", sort=False)["jumlah"].sum()
    assert (totals == 3).all()
    usia = out[out.dimensi == "Kelompok usia"].set_index("kategori")["jumlah"]
    assert usia.to_dict() == {"< 30": 0, "30-39": 1, "40-49": 0, ">= 50": 1,
                              "tidak diketahui": 1}
    assert out.loc[out.kategori == "Perempuan", "persen"].item() == pytest.approx(200 / 3)


# --- the bundled sample: the planted gap pattern --------------------------------------------

SAMPLE = config.PROJECT_ROOT / "data" / "raw" / "contoh"


@pytest.fixture(scope="module")
def pooled_sample():
    """Assessments and rosters of the three sample cycles, cleaned in memory (no writes)."""
    if not (SAMPLE / "kebenaran.json").exists():
        pytest.skip("bundled sample not present")
    truth = json.loads((SAMPLE / "kebenaran.json").read_text(encoding="utf-8"))
    asesmen, pegawai = [], []
    for siklus in (2023, 2024, 2025):
        tables = processing.clean_cycle("contoh", siklus)["tables"]
        asesmen.append(tables["asesmen"])
        pegawai.append(tables["pegawai"])
    return (pd.concat(asesmen, ignore_index=True), pd.concat(pegawai, ignore_index=True),
            truth["truths"]["competency_gaps"])


def _within_ci(below: int, n: int, planted: float) -> bool:
    low, high = proportion_confint(below, n, alpha=0.05, method="wilson")
    return low <= planted <= high


def test_sample_share_below_standard_per_competency(pooled_sample):
    asesmen, pegawai, truth = pooled_sample
    est = needs.training_needs(asesmen, pegawai, by=[]).set_index("kompetensi")
    assert set(est.index) == set(truth["by_competency"])
    for name, planted in truth["by_competency"].items():
        row = est.loc[name]
        assert abs(row.n_asesmen - planted["n"]) <= 10, name  # a few rows rejected as faults
        assert _within_ci(row.n_kesenjangan, row.n_asesmen, planted["gap_share_generated"]), (
            name, row.proporsi_kesenjangan, planted["gap_share_generated"])
    assert list(est.index[:3]) == truth["largest_gaps_order"][:3]
    by_share = est.sort_values("proporsi_kesenjangan", ascending=False).index
    assert list(by_share[:3]) == truth["largest_gaps_order"][:3]


def test_sample_gaps_by_post_type_and_named_opd(pooled_sample):
    asesmen, pegawai, truth = pooled_sample
    pairs = needs.training_needs(asesmen, pegawai, by=["jenis_jabatan"])
    jab = pairs.groupby("jenis_jabatan")[["n_kesenjangan", "n_asesmen"]].sum()
    for name, planted in truth["by_jenis_jabatan"].items():
        assert _within_ci(jab.loc[name, "n_kesenjangan"], jab.loc[name, "n_asesmen"],
                          planted["gap_share_generated"]), name
    share = jab.n_kesenjangan / jab.n_asesmen
    assert share.idxmax() == "Pengawas"
    opd = needs.training_needs(asesmen, pegawai, by=["opd"])
    named = opd["opd"].isin(truth["named_opd"])
    for group, mask in (("named_opd", named), ("other_opd", ~named)):
        below, n = opd.loc[mask, "n_kesenjangan"].sum(), opd.loc[mask, "n_asesmen"].sum()
        assert _within_ci(below, n, truth["named_opd_vs_other"][group]["gap_share_generated"])
