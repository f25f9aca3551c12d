"""The TWFE diagnostics (kompetensi.impact.bacon) against published output and hand-worked cases.

Sources of the expected numbers
- [STATA-BD] Stata 17 ``xtdidregress (l_homicide) (post), group(sid) time(year)`` then
  ``estat bdecomp`` on the Mixtape's castle.dta (550 obs, 50 states, 21 treated, first
  treatment 2006), as printed in S. Rowe, Econ 672 week 11, ch. 2 "Goodman-Bacon
  Decomposition": https://rowesamuel.github.io/rowesamuel/bookdown_statamarkdown/Econ672/
  Week11/book/goodman-bacon-decomposition.html. causaldata's ``castle`` is that file (550 rows,
  same ``post``: our TWFE is .0693984 like the page's ATET).
  NOT used: the R bacondecomp vignette (CRAN 0.1.x, https://cran.r-project.org/web/packages/
  bacondecomp/vignettes/bacon.html) prints weights 0.05976 / 0.03190 / 0.90834, avg est
  -0.00554 / 0.07032 / 0.08796 and TWFE 0.0818 for ``bacondecomp::castle``. That package's
  data set codes ``post`` differently (its 2006 cohort holds 59% of the weight, while in
  causaldata the 2006 cohort is one state and the TWFE is 0.0694), so those numbers cannot be
  reproduced from causaldata; shifting causaldata's treatment to the ``lag0`` year gives 0.0788,
  not 0.0818 either.
- [NAQVI] A. Naqvi, "DiD: Bacon decomposition" (https://asjadnaqvi.github.io/DiD/docs/code/
  06_02_bacon/, 16 May 2024): 3 units, t = 1..10, unit 2 treated from t = 5 (effect 2), unit 3
  from t = 8 (effect 4); Stata ``bacondecomp Y D, ddetail`` e(sumdd): Early_v_Late beta 2,
  weight .1818181841; Late_v_Early 4, .1363636317; Never_v_timing 2.933333323, .6818181841;
  TWFE 2.909. Stata stores these as floats (7 significant digits), hence abs=1e-7.
- [TWFEW] B. Callaway, R package twfeweights, README.md (github.com/bcallaway11/twfeweights,
  commit 21ef5d9): TWFE weights on mpdta (lemp, 500 counties, 2003-2007); post-treatment
  weights printed to 9 decimals (abs=5e-10); feols coefficient -0.03654894.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kompetensi.impact.bacon import (
    EARLIER_VS_LATER,
    LATER_VS_EARLIER,
    TREATED_VS_AT_START,
    TREATED_VS_UNTREATED,
    bacon_decomposition,
    twfe_weights,
)


@pytest.fixture(scope="module")
def castle() -> pd.DataFrame:
    causaldata = pytest.importorskip("causaldata")
    d = causaldata.castle.load_pandas().data[["sid", "year", "l_homicide", "post"]]
    d = d.astype("float64")
    first = d[d["post"] == 1].groupby("sid")["year"].min()  # post is absorbing in castle
    return d.assign(effyear=d["sid"].map(first))


def _twfe_ols(frame: pd.DataFrame, y: str, d: str, unit: str, time: str) -> float:
    """The TWFE coefficient from OLS with unit and period dummies (statsmodels)."""
    import statsmodels.formula.api as smf
    fit = smf.ols(f"{y} ~ {d} + C({unit}) + C({time})", data=frame).fit()
    return float(fit.params[d])


def _panelols(frame: pd.DataFrame, y: str, d: str, unit: str, time: str) -> float:
    from linearmodels import PanelOLS
    model = PanelOLS.from_formula(f"{y} ~ {d} + EntityEffects + TimeEffects",
                                  frame.set_index([unit, time]))
    return float(model.fit().params[d])


def _staggered(seed: int = 7) -> pd.DataFrame:
    """Balanced panel, t = 1..6: 4 never, 3 treated at start, cohorts 3, 4, 6; noisy y."""
    rng = np.random.default_rng(seed)
    cohorts = [np.nan] * 4 + [1.0] * 3 + [3.0] * 5 + [4.0] * 2 + [6.0] * 4
    rows = []
    for i, g in enumerate(cohorts):
        for t in range(1, 7):
            effect = (1 + 0.5 * (t - g)) * (t >= g) if not math.isnan(g) else 0.0
            rows.append({"id": i, "t": t, "g": g,
                         "y": 0.3 * i + 0.2 * t + effect + rng.normal(0, 0.3)})
    frame = pd.DataFrame(rows)
    return frame.assign(d=((frame["t"] >= frame["g"]) & frame["g"].notna()).astype(float))


# --- bacon_decomposition ------------------------------------------------------------------


def test_naqvi_three_units_hand_and_published():
    # By hand (Theorem 1, n_k = 1/3 each, T = 10): D_2 = 6/10, D_3 = 3/10; unnormalised
    # weights (x 9): 2 vs U D(1-D) = .24, 3 vs U .21, 2 vs 3 (D2-D3)(1-D2) = .12,
    # 3 vs 2 D3 (D2-D3) = .09; total .66. So Treated vs Untreated = .45/.66 = 15/22 with
    # estimate (.24*2 + .21*4)/.45 = 44/15; Earlier vs Later 4/22 (estimate 2); Later vs
    # Earlier 3/22 (estimate 4); TWFE = 64/22.
    panel = pd.DataFrame({"id": np.repeat([1, 2, 3], 10), "t": np.tile(np.arange(1, 11), 3),
                          "g": np.repeat([np.nan, 5.0, 8.0], 10)})
    d = (panel["t"] >= panel["g"]).astype(float)
    panel["Y"] = d * panel["id"].map({1: 0.0, 2: 2.0, 3: 4.0})
    res = bacon_decomposition(panel, "Y", "id", "t", "g")
    by = res.by_type.set_index("jenis")
    hand = {TREATED_VS_UNTREATED: (15 / 22, 44 / 15), EARLIER_VS_LATER: (4 / 22, 2.0),
            LATER_VS_EARLIER: (3 / 22, 4.0)}
    published = {TREATED_VS_UNTREATED: (.6818181841, 2.933333323),
                 EARLIER_VS_LATER: (.1818181841, 2.0), LATER_VS_EARLIER: (.1363636317, 4.0)}
    for kind, (weight, est) in hand.items():
        assert by.loc[kind, "bobot"] == pytest.approx(weight, abs=1e-12)
        assert by.loc[kind, "estimasi"] == pytest.approx(est, abs=1e-12)
        assert by.loc[kind, "bobot"] == pytest.approx(published[kind][0], abs=1e-7)
        assert by.loc[kind, "estimasi"] == pytest.approx(published[kind][1], abs=1e-7)
    assert res.twfe == pytest.approx(64 / 22, abs=1e-12)
    assert res.twfe == pytest.approx(2.909, abs=5e-4)  # [NAQVI] printed to 3 decimals
    assert res.twfe == pytest.approx(_twfe_ols(panel.assign(D=d), "Y", "D", "id", "t"),
                                     abs=1e-10)
    assert res.forbidden_weight == pytest.approx(3 / 22, abs=1e-12)
    # the R version of the page adds y = id + t: fixed effects leave every 2x2 unchanged
    shifted = bacon_decomposition(panel.assign(Y=panel["Y"] + panel["id"] + panel["t"]),
                                  "Y", "id", "t", "g")
    pd.testing.assert_frame_equal(shifted.comparisons, res.comparisons, atol=1e-12)


def test_castle_matches_stata_bdecomp(castle):
    res = bacon_decomposition(castle, "l_homicide", "sid", "year", "effyear")
    by = res.by_type.set_index("jenis")
    # [STATA-BD]: component printed to 8 decimals (abs 5e-9), weight to 6 (abs 5e-7)
    expected = {TREATED_VS_UNTREATED: (.07843799, 0.898809),
                EARLIER_VS_LATER: (-.02857716, 0.077079),
                LATER_VS_EARLIER: (.04563468, 0.024112)}
    assert list(by.index) == list(expected)
    for kind, (est, weight) in expected.items():
        assert by.loc[kind, "estimasi"] == pytest.approx(est, abs=5e-9)
        assert by.loc[kind, "bobot"] == pytest.approx(weight, abs=5e-7)
    assert res.twfe == pytest.approx(.0693984, abs=5e-8)  # [STATA-BD] ATET, 7 decimals
    # Theorem 1 is an identity: the weights sum to one, the sum is the TWFE coefficient
    assert res.comparisons["bobot"].sum() == pytest.approx(1.0, abs=1e-12)
    assert res.twfe == pytest.approx(_panelols(castle, "l_homicide", "post", "sid", "year"),
                                     abs=1e-10)
    # 5 cohorts (2006-2010) x never treated, and 10 pairs each way ("Number of cohorts = 6")
    assert by["n_perbandingan"].tolist() == [5, 10, 10]
    assert res.n_units == 50 and res.n_periods == 11 and res.n_dropped_unbalanced == 0
    assert res.forbidden_weight == pytest.approx(by.loc[LATER_VS_EARLIER, "bobot"])
    assert res.comparisons["kohort_kontrol"].isna().sum() == 5  # never treated: NaN


def test_treated_at_start_and_zero_as_never():
    panel = _staggered()
    res = bacon_decomposition(panel, "y", "id", "t", "g")
    kinds = set(res.comparisons["jenis"])
    assert kinds == {TREATED_VS_UNTREATED, TREATED_VS_AT_START, EARLIER_VS_LATER,
                     LATER_VS_EARLIER}
    at_start = res.comparisons[res.comparisons["jenis"] == TREATED_VS_AT_START]
    assert sorted(at_start["kohort_perlakuan"]) == [3.0, 4.0, 6.0]
    assert (at_start["kohort_kontrol"] == 1.0).all()
    assert res.comparisons["bobot"].sum() == pytest.approx(1.0, abs=1e-12)
    assert res.twfe == pytest.approx(_twfe_ols(panel, "y", "d", "id", "t"), abs=1e-10)
    # 0 means never treated, like NaN
    zero = bacon_decomposition(panel.assign(g=panel["g"].fillna(0)), "y", "id", "t", "g")
    pd.testing.assert_frame_equal(zero.comparisons, res.comparisons)


def test_unbalanced_raises_or_keeps_complete_units(castle):
    holes = castle.drop(index=castle.index[[3, 40, 41, 200]])  # sid 1, 4 (twice), 19
    holes.loc[holes.index[100], "l_homicide"] = np.nan  # a missing outcome is a hole too
    with pytest.raises(ValueError, match="unbalanced panel: 4 of 50 units"):
        bacon_decomposition(holes, "l_homicide", "sid", "year", "effyear")
    res = bacon_decomposition(holes, "l_homicide", "sid", "year", "effyear", balance=True)
    assert res.n_dropped_unbalanced == 4 and res.n_units == 46
    dropped = {castle.loc[i, "sid"] for i in (3, 40, 200)} | {holes.iloc[100]["sid"]}
    complete = castle[~castle["sid"].isin(dropped)]
    assert res.twfe == pytest.approx(_panelols(complete, "l_homicide", "post", "sid", "year"),
                                     abs=1e-10)
    # a unit without any observed outcome is dropped (and counted) too
    empty = castle.assign(l_homicide=castle["l_homicide"].where(castle["sid"] != 50))
    res = bacon_decomposition(empty, "l_homicide", "sid", "year", "effyear", balance=True)
    assert (res.n_dropped_unbalanced, res.n_units) == (1, 49)


def test_input_errors(castle):
    treated = castle[castle["effyear"].notna()]
    one_cohort = treated[treated["effyear"] == 2007]
    with pytest.raises(ValueError, match="no comparison group"):
        bacon_decomposition(one_cohort, "l_homicide", "sid", "year", "effyear")
    # several cohorts and no never-treated are fine: the later cohorts are the controls
    assert bacon_decomposition(treated, "l_homicide", "sid", "year", "effyear").twfe == \
        pytest.approx(_panelols(treated, "l_homicide", "post", "sid", "year"), abs=1e-10)
    never = castle[castle["effyear"].isna()]
    with pytest.raises(ValueError, match="no unit changes treatment"):
        bacon_decomposition(never, "l_homicide", "sid", "year", "effyear")
    varying = castle.assign(effyear=castle["effyear"].where(castle["year"] != 2000, 2003))
    with pytest.raises(ValueError, match="varies within a sid"):
        bacon_decomposition(varying, "l_homicide", "sid", "year", "effyear")
    with pytest.raises(ValueError, match="more than one row"):
        bacon_decomposition(pd.concat([castle, castle.head(1)]), "l_homicide", "sid", "year",
                            "effyear")
    with pytest.raises(ValueError, match="not in data: nope"):
        bacon_decomposition(castle, "nope", "sid", "year", "effyear")


# --- twfe_weights -------------------------------------------------------------------------


def test_twfe_weights_hand_cases():
    # 2 units x 3 periods, A treated from t=2, B from t=3 (no never treated):
    # D: A 0 1 1, B 0 0 1; unit means 2/3, 1/3; period means 0, 1/2, 1; grand mean 1/2.
    # e = D - Dbar_i - Dbar_t + Dbar: A2 = 1/3, A3 = -1/6, B3 = 1/6; sum 1/3 ->
    # W = 1, -1/2, 1/2. Mean-one weights w = 3W (N_1 = 3): 3, -1.5, 1.5;
    # sigma(w)^2 = ((3-1)^2 + (-2.5)^2 + 0.5^2) / 3 = 3.5.
    # With effects A2 = 2, A3 = 4, B3 = 1: beta_fe = 2 - 4/2 + 1/2 = 0.5 (Theorem 1 holds
    # exactly without noise), sigma_fe = 0.5 / sqrt(3.5).
    panel = pd.DataFrame({"id": np.repeat(["A", "B"], 3), "t": np.tile([1, 2, 3], 2),
                          "g": np.repeat([2.0, 3.0], 3)})
    effect = np.array([0, 2, 4, 0, 0, 1.0])
    panel["y"] = panel["id"].map({"A": 1.0, "B": 3.0}) + 0.7 * panel["t"] + effect
    w = twfe_weights(panel, "id", "t", "g", outcome="y")
    assert w.cells["bobot"].tolist() == pytest.approx([1, -0.5, 0.5], abs=1e-12)
    assert (w.n_treated_cells, w.n_positive, w.n_negative) == (3, 2, 1)
    assert w.sum_negative == pytest.approx(-0.5) and w.sum_positive == pytest.approx(1.5)
    assert w.sigma_w == pytest.approx(math.sqrt(3.5), abs=1e-12)
    assert w.beta_fe == pytest.approx(0.5, abs=1e-12)
    assert w.beta_fe == pytest.approx(_twfe_ols(panel.assign(d=(effect > 0) * 1.0), "y", "d",
                                                "id", "t"), abs=1e-10)
    assert w.sigma_fe == pytest.approx(0.5 / math.sqrt(3.5), abs=1e-12)
    assert w.n_negative_cohort == 1
    # 3 x 3 with a never-treated unit C: e(A2) = 1 - 2/3 - 1/3 + 1/3 = 1/3,
    # e(A3) = 1 - 2/3 - 2/3 + 1/3 = 0, e(B3) = 1 - 1/3 - 2/3 + 1/3 = 1/3 -> W = 1/2, 0, 1/2:
    # a zero weight is neither positive nor negative.
    three = pd.DataFrame({"id": np.repeat(["A", "B", "C"], 3), "t": np.tile([1, 2, 3], 3),
                          "g": np.repeat([2.0, 3.0, np.nan], 3)})
    w3 = twfe_weights(three, "id", "t", "g")
    assert w3.cells["bobot"].tolist() == pytest.approx([0.5, 0.0, 0.5], abs=1e-12)
    assert (w3.n_positive, w3.n_negative, w3.n_treated_cells) == (2, 0, 3)
    assert math.isnan(w3.beta_fe) and math.isnan(w3.sigma_fe)


def test_twfe_weights_mpdta_published():
    moderndid = pytest.importorskip("moderndid")
    mpdta = moderndid.load_mpdta().to_pandas()
    w = twfe_weights(mpdta, "countyreal", "year", "first.treat", outcome="lemp")
    # [TWFEW] wTWFEgt of the post-treatment (G, TP) cells
    published = {(2004, 2004): 0.045719806, (2004, 2005): 0.045719806,
                 (2004, 2006): 0.032486866, (2004, 2007): -0.010851010,
                 (2006, 2006): 0.197303127, (2006, 2007): 0.110627374,
                 (2007, 2007): 0.578994032}
    got = w.by_cohort.set_index(["kohort", "year"])["bobot"]
    assert len(got) == len(published)
    for cell, value in published.items():
        assert got.loc[cell] == pytest.approx(value, abs=5e-10)
    assert w.beta_fe == pytest.approx(-0.03654894, abs=5e-9)  # [TWFEW] sum(w * attgt)
    assert w.n_negative_cohort == 1  # only (2004, 2007)
    n_2004 = mpdta.loc[mpdta["first.treat"] == 2004, "countyreal"].nunique()
    assert w.n_negative == n_2004  # every county of that cohort in 2007
    assert w.sum_positive + w.sum_negative == pytest.approx(1.0, abs=1e-12)


def _residual_weights(frame: pd.DataFrame) -> pd.Series:
    """dCDH weights by residualising D on state and year dummies with statsmodels."""
    import statsmodels.formula.api as smf
    e = smf.ols("post ~ C(sid) + C(year)", data=frame).fit().resid
    treated = frame["post"] == 1
    return (e[treated] / e[treated].sum()).set_axis(
        pd.MultiIndex.from_frame(frame.loc[treated, ["sid", "year"]]))


@pytest.mark.parametrize("holes", [False, True])
def test_twfe_weights_castle_against_dummy_regression(castle, holes):
    frame = castle.drop(index=castle.index[[5, 17, 60, 61, 300, 301, 302]]) if holes else castle
    w = twfe_weights(frame, "sid", "year", "effyear", outcome="l_homicide")
    expected = _residual_weights(frame)
    got = w.cells.set_index(["sid", "year"])["bobot"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False,
                                   atol=1e-10)
    assert w.beta_fe == pytest.approx(_twfe_ols(frame, "l_homicide", "post", "sid", "year"),
                                      abs=1e-10)
    # Corollary 1 from the regression's weights: N_c = 1 per state-year, w = W * N_1
    n1 = len(expected)
    sigma = math.sqrt(((expected * n1 - 1) ** 2).sum() / n1)
    assert w.sigma_w == pytest.approx(sigma, abs=1e-10)
    assert w.sigma_fe == pytest.approx(abs(w.beta_fe) / sigma, abs=1e-10)
    assert w.n_negative == int((expected < -1e-12).sum())
    if not holes:  # 29 never-treated states: no cell weight is negative in castle
        assert w.n_negative == 0 and w.n_treated_cells == 74
    assert w.by_cohort["bobot"].sum() == pytest.approx(1.0, abs=1e-12)


def test_twfe_weights_treatment_column_and_errors(castle):
    by_first = twfe_weights(castle, "sid", "year", "effyear", outcome="l_homicide")
    by_dummy = twfe_weights(castle, "sid", "year", treatment="post", outcome="l_homicide")
    pd.testing.assert_series_equal(by_first.cells["bobot"], by_dummy.cells["bobot"])
    assert by_dummy.by_cohort.empty and by_dummy.sigma_fe == pytest.approx(by_first.sigma_fe)
    with pytest.raises(ValueError, match="exactly one"):
        twfe_weights(castle, "sid", "year")
    with pytest.raises(ValueError, match="exactly one"):
        twfe_weights(castle, "sid", "year", "effyear", treatment="post")
    with pytest.raises(ValueError, match="must be 0/1"):
        twfe_weights(castle.assign(post=castle["post"] * 2), "sid", "year", treatment="post")
    with pytest.raises(ValueError, match="absorbed by the fixed effects"):
        twfe_weights(castle.assign(post=(castle["year"] >= 2005) * 1.0), "sid", "year",
                     treatment="post")
