"""Rules of the policy summary on hand-built tables (each expected row is worked out below)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kompetensi import summary


def test_compare_indicators_direction_and_judgement():
    ind = [summary.Indicator("Pelaksanaan", "03_a", "tanpa", "Tanpa JP (%)", "turun"),
           summary.Indicator("Pelaksanaan", "03_a", "capai", "Capai (%)", "naik"),
           summary.Indicator("Kebutuhan", "02_a", "top", "Teratas"),
           summary.Indicator("Kebutuhan", "02_a", "baru", "Baru"),
           summary.Indicator("Pemantauan dan evaluasi", "05_a", "x", "Belum ada")]
    current = {"03_a": {"tanpa": 27.2, "capai": 58.9}, "02_a": {"top": "Literasi", "baru": 1}}
    previous = {"03_a": {"tanpa": 28.3, "capai": 58.9}, "02_a": {"top": "Etika"}}
    t = summary.compare_indicators(current, previous, ind)
    # 27.2 - 28.3 = -1.1: down, and down is better; 58.9 - 58.9 = 0: unchanged
    assert t["arah"].tolist() == ["turun", "tetap", "berubah", "tidak ada pembanding",
                                  "hasil belum ada"]
    assert t["penilaian"].tolist() == ["membaik", "", "", "", ""]
    assert math.isclose(t["perubahan"].iloc[0], -1.1)
    assert t["sumber"].iloc[0] == "hasil/03_a.json: tanpa"
    # 0.3 - (0.1 + 0.2) = -5.6e-17: unchanged, and the rounded change is 0.0, not -0.0
    same = summary.compare_indicators({"03_a": {"tanpa": 0.3}}, {"03_a": {"tanpa": 0.1 + 0.2}},
                                      ind[:1])
    assert same["arah"].tolist() == ["tetap"] and same["penilaian"].tolist() == [""]
    change = same["perubahan"].iloc[0]
    assert change == 0 and math.copysign(1, change) == 1


def test_previous_from_trend_takes_latest_earlier_cycle():
    trend = [{"siklus": 2023, "x": 1}, {"siklus": 2025, "x": 3}, {"siklus": 2024, "x": 2}]
    assert summary.previous_from_trend(trend, 2025) == {"x": 2}
    assert summary.previous_from_trend(trend, 2023) == {}


def test_low_jp_coverage_names_opd_below_threshold_lowest_first():
    t = pd.DataFrame({"opd": ["A", "B", "C", "D"], "persen_capai": [49.9, 50.0, float("nan"), 12.5]})
    out = summary.rule_low_jp_coverage(t, threshold=50, source="Tabel 3.4")
    assert len(out) == 1 and out["dasar"].iloc[0] == "Tabel 3.4"
    text = out["rekomendasi"].iloc[0]
    # 12.5 and 49.9 are < 50; 50.0 is not; NaN (suppressed) is skipped
    assert "2 perangkat daerah" in text and text.index("D (12,5 %)") < text.index("A (49,9 %)")
    assert "B (" not in text and "C (" not in text
    assert summary.rule_low_jp_coverage(t, threshold=10).empty


def test_low_alpha_and_missing_column():
    t = pd.DataFrame({"dimensi": ["Materi", "Penyelenggaraan"], "alpha": [0.7, 0.636]})
    out = summary.rule_low_alpha(t, threshold=0.7)
    assert out["rekomendasi"].str.contains("Penyelenggaraan").tolist() == [True]  # 0.7 is not < 0.7
    with pytest.raises(ValueError, match="alpha"):
        summary.rule_low_alpha(t.drop(columns="alpha"))


def test_ci_includes_zero():
    t = pd.DataFrame({"hasil": ["skor"] * 3, "estimator": ["naif", "DiD", "TWFE"],
                      "ci_bawah": [0.1, -0.05, 0.0], "ci_atas": [0.3, 0.2, 0.1]})
    out = summary.rule_ci_includes_zero(t, source="Tabel 5.1")
    # [-0.05, 0.2] and [0, 0.1] contain 0; [0.1, 0.3] does not
    assert out["rekomendasi"].str.contains("DiD").sum() == 1
    assert out["rekomendasi"].str.contains("TWFE").sum() == 1 and len(out) == 2
    none = summary.rule_ci_includes_zero(t.iloc[:1])
    assert len(none) == 1 and "Tidak ada" in none["rekomendasi"].iloc[0]


def test_stakeholder_inconsistency_skips_total_row():
    t = pd.DataFrame({"kelompok": ["akademisi", "praktisi", "semua"],
                      "persen_konsisten": [91.7, 70.0, 75.0]})
    out = summary.rule_stakeholder_inconsistency(t, threshold=80)
    assert out["rekomendasi"].str.contains("praktisi").tolist() == [True]


def test_service_priority_names_the_first_units_in_their_order():
    """Issue 24: notebook 08's priority table, read in its own order (``urutan``), not the
    order of the rows; a suppressed share (NaN) is not spelled out."""
    t = pd.DataFrame({"urutan": [3, 1, 2], "unit": ["Puskesmas C", "Kelurahan A", "Dinas B"],
                      "nrr_u6_u7": [3.1, 2.7, 2.9], "persen_ti": [80.0, float("nan"), 40.0]})
    out = summary.rule_service_priority(t, top=2, source="Tabel 8.8")
    text = out["rekomendasi"].iloc[0]
    assert len(out) == 1 and out["bagian"].iloc[0] == "Pelaksanaan"
    assert text.index("Kelurahan A") < text.index("Dinas B") and "Puskesmas C" not in text
    assert "Kelurahan A (NRR U6/U7 2,70)" in text and "40 % staf" in text
    assert summary.rule_service_priority(t.iloc[:0]).empty
    with pytest.raises(ValueError):
        summary.rule_service_priority(t, top=0)


def test_indicators_include_the_city_ikm():
    keys = {(i.notebook, i.key) for i in summary.INDICATORS}
    assert ("08_kualitas_pelayanan", "ikm_kota") in keys


def test_claim_map_links_each_claim_to_its_notebook():
    ind = summary.compare_indicators({}, {}, summary.INDICATORS[:2])
    rec = summary.rule_low_alpha(pd.DataFrame({"dimensi": ["X"], "alpha": [0.5]}),
                                 source="Tabel 4.3. Dimensi (tabel/04_reaksi_dimensi.csv)")
    claims = summary.claim_map(ind, rec)
    assert claims["notebook"].tolist() == ["02", "02", "04"]
    assert claims["jenis"].tolist() == ["indikator", "indikator", "rekomendasi"]


def test_indicators_of_paruh_waktu_and_inactive_staff():
    """Issue 20: notebook 03's headline keys for PPPK paruh waktu and inactive staff are
    indicators; the inactive count has no better direction (it is not a shortfall)."""
    by_key = {i.key: i for i in summary.INDICATORS if i.notebook == "03_pelaksanaan_pelatihan"}
    assert by_key["persen_pppk_paruh_waktu_ada_pengembangan"].better == "naik"
    assert by_key["n_tidak_aktif"].better == ""
    assert "aktif" in by_key["persen_pns_capai_20jp"].label
    current = {"03_pelaksanaan_pelatihan": {"n_tidak_aktif": 12,
                                            "persen_pppk_paruh_waktu_ada_pengembangan": 40.0}}
    previous = {"03_pelaksanaan_pelatihan": {"n_tidak_aktif": 10,
                                             "persen_pppk_paruh_waktu_ada_pengembangan": 45.0}}
    t = summary.compare_indicators(current, previous).set_index("sumber")
    part = t.loc["hasil/03_pelaksanaan_pelatihan.json: persen_pppk_paruh_waktu_ada_pengembangan"]
    assert (part["arah"], part["penilaian"], part["perubahan"]) == ("turun", "memburuk", -5.0)
    inactive = t.loc["hasil/03_pelaksanaan_pelatihan.json: n_tidak_aktif"]
    assert (inactive["arah"], inactive["penilaian"]) == ("naik", "")   # 10 -> 12, no judgement
