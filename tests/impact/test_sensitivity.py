"""Pre-trend sensitivity (kompetensi.impact.sensitivity, relmag, sensitivity_input) against the
published HonestDiD output and hand-derived cases.

Published references (Medicaid expansion example of Rambachan & Roth's packages; the data,
``ehec_data.dta`` of Mixtape Sessions' Advanced-DID course, are bundled with moderndid 0.2.0
as ``moderndid.load_ehec()``; its first rows equal the ones the READMEs print):
- R package HonestDiD, README.md (github.com/asheshrambachan/HonestDiD, commit 02b541b):
  "Sensitivity analysis using relative magnitudes restrictions" (lb/ub for Mbar = 0.5..2,
  first post-period, C-LF, 1000 grid points), "Sensitivity Analysis Using Smoothness
  Restrictions" (FLCI for M = 0..0.05) and the breakdown values (Mbar = 2, M ~ 0.03).
- Stata package honestdid, README.md (github.com/mcaceresb/stata-honestdid, version 0.5.3):
  the same analysis printed to 3 decimals, with the original CI, and the average effect
  l_vec = (0.5, 0.5) for Mbar = 0..2.
The TWFE event study is ``dins ~ i(year, D, ref = 2013) | stfips + year``, clustered by state
(fixest in R, reghdfe in Stata); here kompetensi's event_study for the coefficients and
pyfixest (fixest's port) for their full covariance.
"""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kompetensi.impact import relmag
from kompetensi.impact.panel import event_study
from kompetensi.impact.sensitivity import relative_magnitudes, smoothness_bounds
from kompetensi.impact.sensitivity_input import from_event_study

Z = stats.norm.ppf(0.975)

# --------------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def medicaid():
    """Leads 2008-2012 and lags 2014-2015 of the README's non-staggered Medicaid sample."""
    import moderndid
    import pyfixest as pf

    df = moderndid.load_ehec().to_pandas()
    df = df[(df["year"] < 2016) & (df["yexp2"].isna() | (df["yexp2"] != 2015))].copy()
    df["first"] = df["yexp2"].where(df["yexp2"] == 2014)  # never treated by 2015: NaN
    result = event_study(df, "dins", "stfips", "year", "first", cluster="stfips")
    years = [y for y in range(2008, 2016) if y != 2013]
    for y in years:
        df[f"d{y}"] = ((df["year"] == y) & (df["yexp2"] == 2014)).astype(float)
    fit = pf.feols(f"dins ~ {' + '.join(f'd{y}' for y in years)} | stfips + year", data=df,
                   vcov={"CRV1": "stfips"})
    names = list(fit.coef().index)
    rel = [int(n[1:]) - 2014 for n in names]
    vcov = pd.DataFrame(np.asarray(fit._vcov), index=rel, columns=rel)
    return from_event_study(result, vcov)  # checks the table's SEs against sqrt(diag(vcov))


def _rng_sigma(k: int, seed: int) -> np.ndarray:
    a = np.random.default_rng(seed).normal(size=(k, k))
    return (a @ a.T + k * np.eye(k)) * 1e-4


# ------------------------------------------------------------ published: Medicaid example


def test_medicaid_coefficients_and_original_ci(medicaid):
    assert medicaid.periods == (-6, -5, -4, -3, -2, 0, 1)
    assert (medicaid.num_pre, medicaid.num_post) == (5, 2)
    res = smoothness_bounds(medicaid.betahat, medicaid.sigma, 5, 2, m=[0], target="first")
    # Stata README: original CI 0.029 to 0.064 (3 decimals: +-5e-4)
    assert res.ci_low == pytest.approx(0.029, abs=5e-4)
    assert res.ci_high == pytest.approx(0.064, abs=5e-4)


def test_medicaid_smoothness_matches_honestdid_readme(medicaid):
    res = smoothness_bounds(medicaid.betahat, medicaid.sigma, 5, 2,
                            m=[0, 0.01, 0.02, 0.03, 0.04, 0.05], target="first")
    # R README, Delta^SD FLCI table, printed to 3 significant digits (half a unit of the last
    # digit: lb_half, ub_half), plus 1e-4: R's findOptimalFLCI (R/flci.R) takes the
    # folded-normal quantile from 10^6 simulated draws and searches the half-length
    # numerically; moderndid solves the same problem with a convex solver.
    lb = np.array([0.0259, 0.0132, 0.00286, -0.00714, -0.0171, -0.0271])
    lb_half = np.array([5e-5, 5e-5, 5e-6, 5e-6, 5e-5, 5e-5])
    ub = np.array([0.0607, 0.0787, 0.0907, 0.101, 0.111, 0.121])
    ub_half = np.array([5e-5, 5e-5, 5e-5, 5e-4, 5e-4, 5e-4])
    assert np.all(np.abs(res.table["ci_low"].to_numpy() - lb) <= lb_half + 1e-4)
    assert np.all(np.abs(res.table["ci_high"].to_numpy() - ub) <= ub_half + 1e-4)
    assert res.breakdown == 0.03  # README: "the breakdown value ... is M ~ 0.03"
    assert (res.table["method"] == "FLCI").all()


@pytest.mark.slow  # about 60 s: 10 polyhedra x 4 values of Mbar, each a simulated LF critical value
def test_medicaid_relative_magnitudes_match_honestdid_readme(medicaid):
    res = relative_magnitudes(medicaid.betahat, medicaid.sigma, 5, 2, mbar=[0.5, 1, 1.5, 2],
                              target="first")
    # R README, Delta^RM table (C-LF, first post-period)
    lb = np.array([0.0240, 0.0170, 0.00824, -0.000916])
    ub = np.array([0.0672, 0.0720, 0.0797, 0.0881])
    # Tolerance: each bound is the last accepted point of a grid, so it lies within one step
    # of the true bound in R (grid [-20, 20] * sd(theta), 1000 points: R/deltarm.R) and within
    # one `grid_step` here; plus the published rounding (5e-5).
    sd = math.sqrt(medicaid.sigma[5, 5])
    tol = 40 * sd / 999 + res.table["grid_step"].to_numpy() + 5e-5
    assert np.all(np.abs(res.table["ci_low"].to_numpy() - lb) <= tol)
    assert np.all(np.abs(res.table["ci_high"].to_numpy() - ub) <= tol)
    assert res.breakdown == 2.0  # README: "the breakdown value ... is Mbar = 2"


@pytest.mark.slow  # about 30 s
def test_medicaid_average_effect_matches_stata_readme(medicaid):
    res = relative_magnitudes(medicaid.betahat, medicaid.sigma, 5, 2, mbar=[0, 1, 2],
                              target="average")
    # Stata README, l_vec = (0.5, 0.5): original 0.040 to 0.075; Mbar 0: 0.041 to 0.075,
    # 1: 0.020 to 0.090, 2: -0.008 to 0.117. Tolerance: 3-decimal rounding (5e-4) plus one
    # grid step in each implementation (Stata's grid as R's, 1000 points).
    assert res.ci_low == pytest.approx(0.040, abs=5e-4)
    assert res.ci_high == pytest.approx(0.075, abs=5e-4)
    tol = 5e-4 + 2 * res.table["grid_step"].to_numpy()
    assert np.all(np.abs(res.table["ci_low"].to_numpy() - [0.041, 0.020, -0.008]) <= tol)
    assert np.all(np.abs(res.table["ci_high"].to_numpy() - [0.075, 0.090, 0.117]) <= tol)
    assert res.breakdown == 2.0


# --------------------------------------------------------------------------- hand checks


def test_identified_set_is_the_point_at_mbar_zero_and_widens_with_the_largest_change():
    # leads (0.05, 0.00, 0.01) and the reference 0: changes -0.05, +0.01, -0.01, the largest
    # the *earliest* one (moderndid 0.2.0's own identified set misses it). Delta^RM(Mbar):
    # each post change within +-Mbar * 0.05, so delta_1 in +-0.05 Mbar and delta_2 in
    # +-0.10 Mbar; the mean of two lags is off by up to 1.5 * 0.05 * Mbar.
    b = np.array([0.05, 0.0, 0.01, 0.3, 0.4])
    first, mean = np.array([1.0, 0.0]), np.array([0.5, 0.5])
    assert relmag.identified_set(b, first, 3, 2, 0.0) == (0.3, 0.3)
    assert relmag.identified_set(b, first, 3, 2, 1.0) == pytest.approx((0.25, 0.35), abs=1e-9)
    assert relmag.identified_set(b, mean, 3, 2, 2.0) == pytest.approx((0.2, 0.5), abs=1e-9)
    res = relative_magnitudes(b, _rng_sigma(5, 1), 3, 2, mbar=[0, 2], method="Conditional")
    assert res.table["id_low"].tolist() == pytest.approx([0.35, 0.2], abs=1e-9)
    assert res.table["id_high"].tolist() == pytest.approx([0.35, 0.5], abs=1e-9)


def test_mbar_zero_with_one_post_period_gives_the_original_interval():
    # With one lag and Mbar = 0 only the moments +-(beta_1 - theta) <= 0 are kept; the
    # conditional test of the larger one is a normal truncated at 0, P(Z > c | Z > 0) =
    # alpha gives c = z_(1 - alpha/2): the robust CI is beta_1 +- 1.96 se, to a grid step.
    # The hybrid truncates above at its first-stage critical value too; with the exact one
    # (z_(1 - kappa/2)) it gives the same c, but that value is simulated (1000 draws), and
    # dc/dc_LF ~ 0.13, so allow 0.05 se more.
    b = np.array([0.01, -0.03, 0.02, 0.5])
    sigma = _rng_sigma(4, 2)
    se = math.sqrt(sigma[3, 3])
    for method, extra in (("Conditional", 0.0), ("C-LF", 0.05 * se)):
        res = relative_magnitudes(b, sigma, 3, 1, mbar=[0], method=method)
        row = res.table.iloc[0]
        assert (res.ci_low, res.ci_high) == pytest.approx((0.5 - Z * se, 0.5 + Z * se))
        assert row["id_low"] == row["id_high"] == 0.5
        assert row["ci_low"] == pytest.approx(0.5 - Z * se, abs=row["grid_step"] + extra)
        assert row["ci_high"] == pytest.approx(0.5 + Z * se, abs=row["grid_step"] + extra)


def test_robust_intervals_widen_with_mbar_and_breakdown():
    b = np.array([0.004, -0.003, 0.05, 0.06])
    with pytest.warns(RuntimeWarning, match="Mbar = 8.0 reaches the end of the grid"):
        # the grid spans the identified set +- 20 se(theta), but the uncertainty of the
        # largest pre-period change is scaled by Mbar: at Mbar = 8 the CI is cut off
        res = relative_magnitudes(b, _rng_sigma(4, 3), 2, 2, mbar=[2, 0, 1, 8],
                                  method="Conditional")
    t = res.table
    assert t["mbar"].tolist() == [0.0, 1.0, 2.0, 8.0]
    step = t["grid_step"].max()  # each Mbar has its own grid: bounds move by < a step
    assert (t["ci_low"].diff().dropna() <= step).all()
    assert (t["ci_high"].diff().dropna() >= -step).all()
    assert t["ci_low"].iloc[-1] < t["ci_low"].iloc[0] - 10 * step
    first = next(m for m, lo, hi in zip(t["mbar"], t["ci_low"], t["ci_high"], strict=True)
                 if lo <= 0 <= hi)
    assert res.breakdown == first
    strong = relative_magnitudes(np.array([0.0, 0.0, 1.0, 1.0]), np.eye(4) * 1e-4, 2, 2,
                                 mbar=[0], method="Conditional")
    assert math.isnan(strong.breakdown)


def test_smoothness_identified_set_by_hand():
    # linear pre-trend -0.02, -0.01, (0): extrapolated delta_1 = 0.01, delta_2 = 0.02; M
    # lets the slope change by M per period: delta_1 +- M, delta_2 +- 3M (1 + 2 periods)
    b = np.array([-0.02, -0.01, 0.21, 0.32])
    res = smoothness_bounds(b, _rng_sigma(4, 4), 2, 2, m=[0, 0.01], target=[0, 1])
    assert res.table["id_low"].tolist() == pytest.approx([0.30, 0.27], abs=1e-8)
    assert res.table["id_high"].tolist() == pytest.approx([0.30, 0.33], abs=1e-8)
    # a kinked pre-trend (second difference 0.04) lies outside Delta^SD(0.01): empty set
    kinked = smoothness_bounds(np.array([0.02, -0.01, 0.2, 0.3]), _rng_sigma(4, 4), 2, 2,
                               m=[0.01, 0.05])
    assert math.isnan(kinked.table["id_low"].iloc[0])
    assert not math.isnan(kinked.table["id_low"].iloc[1])


def test_conditional_method_is_fast_for_our_design():
    # 3 leads, 2 lags (the project's panels): the default Mbar grid in well under 10 s
    b = np.array([0.01, -0.02, 0.005, 0.05, 0.06])
    start = time.perf_counter()
    relative_magnitudes(b, _rng_sigma(5, 5), 3, 2, method="Conditional")
    assert time.perf_counter() - start < 10


# ------------------------------------------------------------------------- the adapter


def test_from_event_study_orders_and_drops_the_reference():
    table = pd.DataFrame({"periode_relatif": [1, -1, 0, -3, -2],
                          "estimasi": [0.4, 0.0, 0.3, 0.1, 0.2],
                          "se": [5.0, np.nan, 4.0, 2.0, 3.0]})
    periods = [-3, -2, -1, 0, 1]
    vcov = pd.DataFrame(np.diag([4.0, 9.0, 0.0, 16.0, 25.0]), index=periods, columns=periods)
    vcov.loc[-3, 1] = vcov.loc[1, -3] = 0.5
    co = from_event_study(table, vcov.iloc[::-1, ::-1])
    assert co.periods == (-3, -2, 0, 1) and (co.num_pre, co.num_post) == (2, 2)
    assert co.betahat.tolist() == [0.1, 0.2, 0.3, 0.4]
    assert co.sigma[0, 3] == 0.5 and np.diag(co.sigma).tolist() == [4.0, 9.0, 16.0, 25.0]
    same = from_event_study(table, np.array([[4.0, 0, 0, 0.5], [0, 9, 0, 0], [0, 0, 16, 0],
                                             [0.5, 0, 0, 25]]))
    np.testing.assert_array_equal(same.sigma, co.sigma)
    # an earlier reference: -1 becomes an (anticipation) post-period
    antic = from_event_study(table.assign(estimasi=[0.4, 0.25, 0.3, 0.1, 0.0]),
                             np.diag([4.0, 0.0, 16.0, 25.0]), reference=-2, se_column=None)
    assert antic.periods == (-3, -1, 0, 1) and (antic.num_pre, antic.num_post) == (1, 3)


def test_from_event_study_errors():
    table = pd.DataFrame({"periode_relatif": [-3, -1, 0, 1], "estimasi": [0.1, 0, 0.3, 0.4],
                          "se": [1.0, np.nan, 1.0, 1.0]})
    with pytest.raises(ValueError, match="full covariance"):
        from_event_study(table)
    with pytest.raises(ValueError, match="consecutive"):  # -2 missing
        from_event_study(table, np.eye(3))
    ok = pd.DataFrame({"periode_relatif": [-2, -1, 0], "estimasi": [0.1, 0.0, 0.3],
                       "se": [1.0, np.nan, 2.0]})
    with pytest.raises(ValueError, match="misordered"):
        from_event_study(ok, np.eye(2))
    with pytest.raises(ValueError, match="estimate 0"):
        from_event_study(ok.assign(estimasi=[0.1, 0.2, 0.3]), np.diag([1.0, 4.0]))
    with pytest.raises(ValueError, match="at least one lead"):
        from_event_study(ok[ok["periode_relatif"] >= -1], np.eye(1))
    with pytest.raises(ValueError, match="lacks the relative periods"):
        from_event_study(ok, pd.DataFrame(np.eye(2), index=[-2, 5], columns=[-2, 5]))


def test_callaway_santanna_influence_function_covariance():
    # the lead's route: moderndid's dynamic aggregation with a universal base period and
    # V = psi'psi / n^2 from its influence function (as R HonestDiD's honest_did.AGGTEobj)
    import moderndid as did

    gt = did.att_gt(data=did.load_mpdta(), yname="lemp", tname="year", idname="countyreal",
                    gname="first.treat", base_period="universal", boot=False)
    with warnings.catch_warnings():  # moderndid: "Used bootstrap ... simultaneous band"
        warnings.simplefilter("ignore", UserWarning)
        es = did.aggte(gt, type="dynamic", boot=False)
    psi = es.influence_func
    e = es.event_times.astype(int)
    vcov = pd.DataFrame(psi.T @ psi / len(psi) ** 2, index=e, columns=e)
    table = pd.DataFrame({"periode_relatif": e, "estimasi": es.att_by_event,
                          "se": es.se_by_event})
    co = from_event_study(table, vcov)  # passes the SE check: the IF gives aggte's SEs
    assert co.periods == (-4, -3, -2, 0, 1, 2, 3) and (co.num_pre, co.num_post) == (3, 4)
    res = smoothness_bounds(co.betahat, co.sigma, 3, 4, m=[0], target="first")
    i0 = list(e).index(0)
    assert res.estimate == pytest.approx(es.att_by_event[i0])
    assert res.se == pytest.approx(es.se_by_event[i0])


# --------------------------------------------------------------------------- bad input


def test_bad_input():
    b, s = np.array([0.1, 0.2, 0.3]), np.eye(3) * 0.01
    with pytest.raises(ValueError, match="expected num_pre"):
        relative_magnitudes(b, s, 2, 2)
    with pytest.raises(ValueError, match="full 3x3"):
        relative_magnitudes(b, np.ones(3), 1, 2)
    with pytest.raises(ValueError, match="symmetric"):
        relative_magnitudes(b, s + np.triu(np.ones((3, 3)), 1), 1, 2)
    with pytest.raises(ValueError, match="semi-definite"):
        relative_magnitudes(b, -s, 1, 2)
    with pytest.raises(ValueError, match="target"):
        relative_magnitudes(b, s, 1, 2, target="last")
    with pytest.raises(ValueError, match="target vector"):
        relative_magnitudes(b, s, 1, 2, target=[1.0])
    with pytest.raises(ValueError, match="method"):
        relative_magnitudes(b, s, 1, 2, method="FLCI")
    with pytest.raises(ValueError, match="mbar"):
        relative_magnitudes(b, s, 1, 2, mbar=[-1])
    with pytest.raises(ValueError, match="at least one"):
        relative_magnitudes(b, s, 0, 3)
    with pytest.raises(ValueError, match="single lead"):
        smoothness_bounds(b, s, 1, 2)
