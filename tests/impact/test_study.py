"""The steps of notebook 05 (kompetensi.impact.study, prose, figures, the panel helpers) on a
small hand-made panel whose effects are known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kompetensi import impact
from kompetensi.impact import figures, prose
from kompetensi.impact.core import EffectResult, rounded_table
from kompetensi.impact.data import NOT_TREATED
from kompetensi.report import format as fmt


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """40 people in 4 OPD, 2022-2025; 12 trained in 2024 (cohort "2024"), all start 0.5 higher.

    The trained score +0.5 in every year and +0.3 more from 2024 on; a common +0.1 per year;
    small normal noise (sd 0.05, fixed seed) so that effects are estimated within about 0.05.
    """
    rng = np.random.default_rng(20250)
    rows = []
    for i in range(40):
        trained = i < 12
        for t in range(2022, 2026):
            noise = rng.normal(0, 0.05)
            score = 3.5 + 0.1 * (t - 2022) + 0.5 * trained + 0.3 * (trained and t >= 2024) + noise
            rows.append({"pid": f"p{i:02d}", "tahun": t, "skor": score,
                         "sangat_baik": float(score > 4.2), "dilatih": float(trained and t >= 2024),
                         "kohort": "2024" if trained else NOT_TREATED,
                         "tahun_perlakuan": 2024.0 if trained else np.nan,
                         "opd": f"O{i % 4}", "jenis_jabatan": "Pelaksana" if i % 2 else "Fungsional",
                         "kelompok_usia": "< 30" if i % 3 else "30-39"})
    return pd.DataFrame(rows)


def test_as_row_bounds_summary_and_interval():
    r = EffectResult(0.123456789, 0.01, 0.1, 0.15, 0.0004, 50, None, "OLS", "classical", 48.0)
    assert r.as_row(model="m")["n_klaster"] is None
    assert list(r.as_row(model="m"))[:2] == ["model", "estimasi"]
    assert r.bounds(100) == {"estimasi": 12.3457, "ci_bawah": 10.0, "ci_atas": 15.0}
    assert r.summary()["estimate"] == 0.123457 and "df" not in r.summary()
    assert r.interval() == (r.estimate, r.ci_low, r.ci_high)


def test_rounded_table_texts():
    t = pd.DataFrame({"estimasi": [0.12345], "nilai_p": [0.0431], "n_klaster": [35.0],
                      "n": [7]})
    out = rounded_table(t, 2)
    assert out.iloc[0].tolist() == [0.12, "0.043", 35, 7]


def test_stack_cycles_keeps_cycle_order():
    tables = {2024: {"x": pd.DataFrame({"a": [1]})}, 2025: {"x": pd.DataFrame({"a": [2, 3]})}}
    assert impact.stack_cycles(tables, "x")["a"].tolist() == [1, 2, 3]


def test_describe_and_cohort_table(panel):
    facts = impact.describe_panel(panel)
    assert facts.cohorts == ["2024"] and facts.participants == {"2024": 12}
    assert [int(t) for t in facts.years] == [2022, 2023, 2024, 2025] and facts.without_opd == 0
    table = impact.cohort_year_table(panel, 13)  # cohort of 12 < 13: means blanked, n hidden
    assert table.loc[("2024", 2024)].isna().all()
    assert table.loc[(NOT_TREATED, 2022), "n"] == 28


def test_naive_selection_and_did(panel):
    naif = impact.naive_comparison(panel)
    assert list(naif.results) == [2024, 2025]
    assert naif.results[2024].estimate == pytest.approx(0.8, abs=0.05)
    sel = impact.selection_check(panel)
    assert sel.results["2024"].estimate == pytest.approx(0.5, abs=0.05)
    assert sel.table.loc["2024", "tahun_sebelum"] == 2023
    did0 = impact.did_2x2(panel, "skor", "2024")
    assert did0.estimate == pytest.approx(0.3, abs=0.05) and did0.n == 80


def test_main_effects_and_sensitivity(panel):
    utama = impact.main_effects(panel, "2024", {"skor": "skor", "sangat_baik": "SB"})
    assert utama.errors == {}
    assert [e for h, e in utama.results if h == "skor"] == ["naif 2024", "DiD 2x2 kohort 2024",
                                                            "TWFE semua tahun"]
    twfe = utama.results[("skor", "TWFE semua tahun")]
    assert twfe.estimate == pytest.approx(0.3, abs=0.05)
    kep = impact.se_sensitivity(panel, twfe)
    assert list(kep.table.index)[-1] == "CR1 per OPD (utama)"
    assert kep.widest.se == max(r.se for r in kep.results.values())
    # a cohort without a year before: the DiD fails with a message, the rest is estimated
    late = impact.main_effects(panel.assign(kohort=panel["kohort"].replace("2024", "2022")),
                               "2022", {"skor": "skor"})
    assert "skor" in late.errors and ("skor", "TWFE semua tahun") in late.results


def test_heterogeneity_suppresses_small_groups(panel):
    table = impact.heterogeneity(panel, (("usia", "kelompok_usia"),), k=5)
    small = table.loc[("usia", "30-39")]  # i % 3 == 0 among the 12 trained: 4 people
    assert small["catatan"] == "peserta < 5: tidak dilaporkan" and pd.isna(small["estimasi"])
    assert table.loc[("usia", "< 30"), "estimasi"] == pytest.approx(0.3, abs=0.05)


def test_power_plan_from_changes(panel):
    changes = impact.score_changes(panel)
    assert len(changes) == 28 and set(changes["tahun"]) == {2025}
    plan = impact.power_plan(changes, [0.05, 10.0], grid=[100])
    assert plan.n_control == 28 and plan.needed[10.0] == 1
    assert plan.mde.loc[100, "mde_skor"] == round(plan.mde_at(100), 3)


def test_event_studies_truth_rows_and_headlines(panel):
    es = impact.event_studies(panel, {"skor": "skor", "sangat_baik": "SB"}, k=5)
    assert es.results["skor"].after().index.tolist() == [0, 1]
    utama = impact.main_effects(panel, "2024", {"skor": "skor", "sangat_baik": "SB"})
    naif = impact.naive_comparison(panel)
    truth = {"att_pooled": {"att_score": 0.3, "att_share_sangat_baik": 0.5},
             "att_by_cohort_year": {f"cohort_2024_year_{t}": {"att_score": 0.3,
                                                               "att_share_sangat_baik": 0.5}
                                    for t in (2024, 2025)},
             "naive_difference": {str(t): {"difference_score": 0.8} for t in (2024, 2025)}}
    rows = impact.truth_rows(truth, utama, es, naif, "2024", [2022, 2023, 2024, 2025])
    assert [r[0] for r in rows][:2] == ["TWFE skor vs ATT gabungan",
                                        "TWFE Sangat Baik vs ATT gabungan"]
    assert len(rows) == 8 and all(isinstance(r[1], float) for r in rows)
    plan = impact.power_plan(impact.score_changes(panel), [0.5])
    hasil = impact.headline_results("X", {"2024": 12, "2025": 3}, utama, naif, es, plan, 0.1,
                                    years=[2022, 2025], cohort="2024")
    assert hasil["peserta_per_kohort"] == {"2024": 12}
    assert "selisih_naif_skor_2025" in hasil and hasil["rincian"]["tahun_panel"] == [2022, 2025]


def test_prose_uses_the_report_format(panel):
    r = EffectResult(0.21, 0.015, 0.18, 0.24, 1e-6, 100, 35, "TWFE", "CR1 (opd)", 34.0)
    naif = {2025: EffectResult(0.64, 0.03, 0.58, 0.70, 1e-6, 100, 35, "OLS", "CR1", 34.0)}
    text = prose.conclusion("PSIM", r, r, naif, 0.5, alpha=0.05, years=[1, 2], cohorts=["a"],
                            fmt=fmt)
    assert "**menaikkan**" in text and "0,21 poin pada skala 1–5 (IK 95%: 0,18 s.d. 0,24)" in text
    # the planted effect of the DiD note comes from the caller (kebenaran.json), not the code
    note = prose.did_truth_note(r, 0.2, fmt, planted=0.022)
    assert "(0,210)" in note and "(0,200)" in note and "efek sebenarnya (0,022)" in note
    assert "efek sebenarnya adalah" in prose.did_truth_note(r, 0.2, fmt)
    assert "**terlalu besar**" in text and "p = 0,50" in text and text.count("\n- ") == 4
    flat = EffectResult(0.01, 0.1, -0.2, 0.2, 0.9, 100, 35, "TWFE", "CR1", 34.0)
    text = prose.conclusion("PSIM", flat, flat, naif, math.nan, alpha=0.05, years=[1],
                            cohorts=[], fmt=fmt)
    assert "belum menunjukkan" in text and "tidak dapat diuji" in text
    assert prose.main_text(r, r, None, "2024", fmt).endswith("s.d. 24,0).")


@pytest.mark.parametrize("make", ["trend", "event", "hetero", "mde"])
def test_figures_build(panel, make):
    colors = [f"C{i}" for i in range(6)]
    if make == "trend":
        fig = figures.cohort_trend(panel, 5, colors)
    elif make == "event":
        es = impact.event_studies(panel, {"skor": "skor", "sangat_baik": "SB"})
        fig = figures.event_study_plot(es.results, {"skor": "skor", "sangat_baik": "SB"}, 5,
                                       colors)
    elif make == "hetero":
        fig = figures.heterogeneity_plot(impact.heterogeneity(panel), 0.3, 95, colors)
    else:
        fig = figures.mde_plot(impact.power_plan(impact.score_changes(panel), [0.5]),
                               {0.5: "efek 0,50"}, 12, "peserta", colors)
    assert fig.axes
    import matplotlib.pyplot as plt

    plt.close(fig)
