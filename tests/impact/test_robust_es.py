"""Heterogeneity-robust staggered event studies (kompetensi.impact.robust_es, .imputation)
against published output on real public data and hand computations.

Published references:
- R ``did`` README (github.com/bcallaway11/did, README.md, devel 2.5.0, commit 0c4287f),
  ``aggte(att_gt(lemp ~ 1, mpdta, est_method="reg"), type="dynamic")``: event times 0..3
  -0.0199, -0.0510, -0.1373, -0.1008, overall -0.0772 (never-treated controls). That run
  uses the default varying base period; the post-treatment ATT(g,t) are the same with a
  universal base period (both compare with g - 1: did ``att_gt`` docs, ``base_period``, and
  B. Callaway, "Universal vs. Varying Base Period in Event Studies", bcallaway11.github.io).
- R ``did2s`` README (github.com/kylebutts/did2s, README.md, did2s v1.1.0, commit 078f717),
  ``did2s(df_het, first_stage = ~ 0 | state + year, second_stage = ~ i(treat, ref = FALSE),
  cluster_var = "state")``: treat = TRUE 2.152 (0.0476), 46,500 observations.
Data: mpdta from ``moderndid.load_mpdta()`` (500 counties, 2003-2007, cohorts 2004, 2006,
2007 and never treated); df_het bundled with pyfixest (``pyfixest/did/data/df_het.csv``).
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from kompetensi.impact.imputation import ImputationResult, imputation_effect
from kompetensi.impact.robust_es import (
    RobustEventStudyResult,
    sun_abraham,
    treatment_heterogeneity_test,
)

pf = pytest.importorskip("pyfixest")
moderndid = pytest.importorskip("moderndid")

# pyfixest 0.60 under pandas 3 (its own calls in these tests)
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword")

PUBLISHED_DYNAMIC = {0: -0.0199, 1: -0.0510, 2: -0.1373, 3: -0.1008}  # did README
ARGS = ("lemp", "countyreal", "year", "first.treat")


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return moderndid.load_mpdta().to_pandas()


@pytest.fixture(scope="module")
def df_het() -> pd.DataFrame:
    return pd.read_csv(os.path.join(os.path.dirname(pf.__file__), "did/data/df_het.csv"))


@pytest.fixture(scope="module")
def sa(mpdta) -> RobustEventStudyResult:
    return sun_abraham(mpdta, *ARGS)


def _pyfixest_saturated(mpdta):
    data = mpdta.rename(columns={"first.treat": "g"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pf.event_study(data, yname="lemp", idname="countyreal", tname="year",
                              gname="g", estimator="saturated", cluster="countyreal")


# --------------------------------------------------------------------------- Sun-Abraham


def test_sun_abraham_matches_published_did_event_study(sa):
    post = sa.after()["estimasi"]
    for e, value in PUBLISHED_DYNAMIC.items():
        assert post[e] == pytest.approx(value, abs=5e-5)  # published to 4 decimals
    # the overall dynamic ATT of did is the equal-weight mean of e = 0..3, as our estimate
    assert sa.estimate == pytest.approx(-0.0772, abs=5e-5)
    assert sa.periods.set_index("periode_relatif").loc[-1, "estimasi"] == 0.0
    assert sa.n == 2500 and sa.n_clusters == 500 and sa.n_obs_dropped == 0


def test_sun_abraham_equals_callaway_santanna_universal_base(sa, mpdta):
    # balanced panel, no covariates, never-treated controls: every IW estimate (leads too)
    # is the CS event study with a universal base period (moderndid, the port of R did)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gt = moderndid.att_gt(data=moderndid.load_mpdta(), yname="lemp", tname="year",
                              idname="countyreal", gname="first.treat", est_method="reg",
                              control_group="nevertreated", base_period="universal")
        es = moderndid.aggte(gt, type="dynamic")
    cs = pd.Series(np.asarray(es.att_by_event, float),
                   index=np.asarray(es.event_times).astype(int))
    ours = sa.periods.set_index("periode_relatif")["estimasi"]
    assert sorted(ours.index) == sorted(cs.index) == [-4, -3, -2, -1, 0, 1, 2, 3]
    np.testing.assert_allclose(ours.loc[cs.index], cs, atol=1e-10)  # algebraically equal
    assert sa.estimate == pytest.approx(float(es.overall_att), abs=1e-10)


def test_sun_abraham_equals_pyfixest_event_study_aggregate(sa, mpdta):
    agg = _pyfixest_saturated(mpdta).aggregate()
    agg.index = agg.index.astype(int)
    table = sa.periods.set_index("periode_relatif").drop(index=-1)
    # same regression and the same cohort-share weights: equal up to rounding
    np.testing.assert_allclose(table["estimasi"], agg.loc[table.index, "Estimate"].astype(float),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(table["se"], agg.loc[table.index, "Std. Error"].astype(float),
                               rtol=1e-9)
    # cohorts behind each period in mpdta: e=0 all three, e=1 2004 and 2006, e>=2 only 2004
    assert table.loc[[0, 1, 2, 3], "n_kohort"].tolist() == [3, 2, 1, 1]
    assert table.loc[[0, 2], "n_obs_perlakuan"].tolist() == [191, 20]  # counties per cohort


def _lal_deviation_fit(mpdta):
    """Lal (2025) parametrization: a common effect per event time plus cohort deviations."""
    data = mpdta.rename(columns={"first.treat": "g"}).copy()
    data["e"] = np.where(data["g"] > 0, data["year"] - data["g"], np.nan)
    terms, deviations = [], []
    for e in sorted(data["e"].dropna().unique()):
        if e == -1:
            continue
        at = data["e"] == e
        name = f"c_{int(e) + 10}"
        data[name] = at.astype(float)
        terms.append(name)
        for g in sorted(data.loc[at, "g"].unique())[1:]:
            dev = f"d_{int(e) + 10}_{int(g)}"
            data[dev] = (at & (data["g"] == g)).astype(float)
            terms.append(dev)
            if e >= 0:
                deviations.append(dev)
    fit = pf.feols(f"lemp ~ {' + '.join(terms)} | countyreal + year", data,
                   vcov={"CRV1": "countyreal"})
    return fit, deviations


def test_heterogeneity_test_equals_deviation_regression(mpdta):
    test = treatment_heterogeneity_test(mpdta, *ARGS)
    fit, deviations = _lal_deviation_fit(mpdta)
    names = list(fit._coefnames)
    r = np.zeros((len(deviations), len(names)))
    for row, dev in enumerate(deviations):
        r[row, names.index(dev)] = 1.0
    wald = fit.wald_test(R=r, distribution="chi2")
    # a reparametrization of the same regression (same k, same CRV1): same Wald statistic
    assert test.wald_chi2 == pytest.approx(float(wald["statistic"]), rel=1e-8)
    assert test.df == (3, 499.0) and test.periods == (0, 1)  # 2 + 1 cohort contrasts
    assert test.statistic == pytest.approx(test.wald_chi2 / 3)


def test_pyfixest_heterogeneity_method_tests_another_hypothesis(mpdta):
    # why treatment_heterogeneity_test does not call pyfixest 0.60's method: on the
    # saturated fit it tests b_{g,e} = 0 for all e > 0, not equality across cohorts
    fit = _pyfixest_saturated(mpdta)
    ours = treatment_heterogeneity_test(mpdta, *ARGS)
    names = [str(n) for n in fit._coefnames]
    lagged = [i for i, n in enumerate(names) if float(n.split("::")[1].split(":")[0]) > 0]
    r = np.eye(len(names))[lagged]
    b, v = np.asarray(fit._beta_hat), np.asarray(fit._vcov)
    zero_wald = float((r @ b) @ np.linalg.solve(r @ v @ r.T, r @ b))
    theirs = float(fit.test_treatment_heterogeneity()["statistic"])
    assert theirs == pytest.approx(zero_wald, rel=1e-8)
    assert abs(theirs - ours.wald_chi2) > 1.0  # 18.6 against 1.5 on mpdta


# --------------------------------------------------------------------------- imputation


def test_pyfixest_did2s_fails_on_mpdta(mpdta):
    # the reason for our own implementation: cohort 2004 has one untreated year (2003);
    # pyfixest's first stage drops those singleton effects and the variance step breaks
    data = mpdta.rename(columns={"first.treat": "g"}).copy()
    data["d"] = (data["g"] > 0) & (data["year"] >= data["g"])
    with warnings.catch_warnings(), pytest.raises(ValueError, match="broadcast"):
        warnings.simplefilter("ignore")
        pf.did2s(data, yname="lemp", first_stage="~ 0 | countyreal + year",
                 second_stage="~ i(d)", treatment="d", cluster="countyreal")


def _hand_imputation(mpdta):
    """Stage 1 by explicit dummies (statsmodels OLS on the untreated rows), imputed effects."""
    data = mpdta.rename(columns={"first.treat": "g"}).copy()
    data["d"] = (data["g"] > 0) & (data["year"] >= data["g"])
    stage1 = smf.ols("lemp ~ C(countyreal) + C(year)", data[~data["d"]]).fit()
    data["yhat"] = stage1.predict(data)
    data["effect"] = data["lemp"] - data["yhat"]
    return data


def test_imputation_on_mpdta_keeps_cohort_2004_and_equals_hand_computation(mpdta):
    hand = _hand_imputation(mpdta)
    treated = hand[hand["d"]]
    res = imputation_effect(mpdta, *ARGS)
    assert isinstance(res, ImputationResult)
    assert res.estimate == pytest.approx(treated["effect"].mean(), rel=1e-9)
    assert res.n == 2500 and res.n_obs_dropped == 0 and res.n_units_dropped == 0
    es = imputation_effect(mpdta, *ARGS, event_study=True)
    post = es.after()
    by_e = treated.groupby(treated["year"] - treated["g"])["effect"].mean()
    np.testing.assert_allclose(post["estimasi"], by_e.loc[post.index], rtol=1e-9)
    assert post.loc[3, "n_kohort"] == 1 and post.loc[3, "n_obs_perlakuan"] == 20  # 2004
    # the variance with singleton units kept: pyfixest's own GMM formula, fed with the
    # hand stage 1 (its did2s cannot get there on mpdta)
    from pyfixest.did.did2s import _did2s_vcov

    hand["resid2"] = hand["effect"] - res.estimate * hand["d"]
    hand["dd"] = hand["d"].astype(float)
    vcov, _ = _did2s_vcov(hand, "lemp", "~ 0 | countyreal + year", "~ 0 + dd", "d",
                          hand["effect"].to_numpy().copy(), hand["resid2"].to_numpy().copy(),
                          "countyreal")
    assert res.se == pytest.approx(float(np.sqrt(vcov[0, 0])), rel=1e-8)


def test_imputation_matches_published_did2s_readme(df_het):
    # R did2s README: first stage state + year effects, clustered by state
    res = imputation_effect(df_het, "dep_var", "state", "year", "g", cluster="state")
    assert res.estimate == pytest.approx(2.152, abs=5e-4)  # published to 3 decimals
    assert res.se == pytest.approx(0.0476, abs=5e-5)  # 4 decimals
    assert res.n == 46_500 and res.n_clusters == 40


# pyfixest's stage 1 demeans iteratively to a tolerance (its estimates are off by ~3e-7
# relative; ours solve the normal equations exactly, checked against statsmodels dummies)
PF_RTOL = 1e-6


def test_imputation_equals_pyfixest_did2s_where_it_works(df_het):
    stage1 = smf.ols("dep_var ~ C(state) + C(year)", df_het[~df_het["treat"]]).fit()
    exact = (df_het["dep_var"] - stage1.predict(df_het))[df_het["treat"]].mean()
    small = df_het[df_het["state"] <= 10].copy()  # 390 units: pyfixest's dense step is slow
    for first_stage, unit, data in (("~ 0 | state + year", "state", df_het),
                                    ("~ 0 | unit + year", "unit", small)):
        ref = pf.did2s(data, yname="dep_var", first_stage=first_stage,
                       second_stage="~ i(treat)", treatment="treat", cluster="state").tidy()
        res = imputation_effect(data, "dep_var", unit, "year", "g", cluster="state")
        assert res.estimate == pytest.approx(ref["Estimate"].iloc[0], rel=PF_RTOL)
        assert res.se == pytest.approx(ref["Std. Error"].iloc[0], rel=PF_RTOL)
        if unit == "state":
            assert res.estimate == pytest.approx(exact, rel=1e-10)
    ref = pf.did2s(small, yname="dep_var", first_stage="~ 0 | unit + year",
                   second_stage="~ i(rel_year, ref=-1.0)", treatment="treat",
                   cluster="state").tidy()
    ref = ref[~ref.index.str.contains("inf")]
    ref.index = [int(float(name.split("::")[1])) for name in ref.index]
    es = imputation_effect(small, "dep_var", "unit", "year", "g", cluster="state",
                           event_study=True).periods.set_index("periode_relatif").drop(index=-1)
    assert sorted(es.index) == sorted(ref.index)
    np.testing.assert_allclose(es["estimasi"], ref.loc[es.index, "Estimate"], rtol=PF_RTOL,
                               atol=1e-7)
    np.testing.assert_allclose(es["se"], ref.loc[es.index, "Std. Error"], rtol=PF_RTOL)


@pytest.mark.slow
def test_imputation_equals_pyfixest_did2s_full_unit_effects(df_het):
    ref = pf.did2s(df_het, yname="dep_var", first_stage="~ 0 | unit + year",
                   second_stage="~ i(treat)", treatment="treat", cluster="state").tidy()
    res = imputation_effect(df_het, "dep_var", "unit", "year", "g", cluster="state")
    assert res.estimate == pytest.approx(ref["Estimate"].iloc[0], rel=PF_RTOL)
    assert res.se == pytest.approx(ref["Std. Error"].iloc[0], rel=PF_RTOL)


# --------------------------------------------------------------------------- drops, errors


def test_units_without_untreated_observation_are_dropped_and_counted(mpdta):
    always = mpdta["countyreal"].isin(mpdta["countyreal"].unique()[:3])
    data = mpdta.assign(**{"first.treat": mpdta["first.treat"].where(~always, 2003)})
    res = imputation_effect(data, *ARGS)
    assert (res.n_units_dropped, res.n_obs_dropped, res.n) == (3, 15, 2485)
    assert res.dropped["alasan"].str.contains("unit without untreated").all()
    # their rows carry no information: the estimate without them, by the hand computation
    hand = _hand_imputation(mpdta[~always])
    assert res.estimate == pytest.approx(hand.loc[hand["d"], "effect"].mean(), rel=1e-9)
    sa = sun_abraham(data, *ARGS)
    assert (sa.n_units_dropped, sa.n_obs_dropped) == (3, 15)
    assert sa.dropped["alasan"].str.contains("every observed period").all()


def test_periods_without_untreated_observation_are_dropped(mpdta):
    # without never-treated counties every county is treated in 2007: no 2007 effect
    data = mpdta[mpdta["first.treat"] > 0]
    res = imputation_effect(data, *ARGS, event_study=True)
    n_counties = data["countyreal"].nunique()
    assert res.n_obs_dropped == n_counties and res.n_units_dropped == 0
    assert res.dropped["alasan"].str.contains("period without untreated").all()
    with pytest.raises(ValueError, match="never-treated"):
        sun_abraham(data, *ARGS)


def test_bad_input_raises(mpdta):
    with pytest.raises(ValueError, match="not in data"):
        imputation_effect(mpdta, "nope", "countyreal", "year", "first.treat")
    with pytest.raises(ValueError, match="no treated"):
        sun_abraham(mpdta.assign(**{"first.treat": 0}), *ARGS)
    with pytest.raises(ValueError, match="at least 2 clusters"):
        imputation_effect(mpdta.assign(one=1), *ARGS, cluster="one")
    with pytest.raises(ValueError, match="more than one row"):
        sun_abraham(pd.concat([mpdta, mpdta.head(1)]), *ARGS)
