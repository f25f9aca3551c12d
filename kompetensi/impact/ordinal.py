"""Does the effect on the SKP predikat depend on scoring it 1-5 with equal steps (A-SKP-2)?

The predikat is ordinal (Sangat Kurang < Kurang/Misconduct < Butuh Perbaikan < Baik < Sangat
Baik); the linear estimators score it 1-5 with equal spacing. Two checks without the spacing:

- :func:`threshold_outcomes` / :func:`threshold_effects`: binary outcomes 1[skor >= k], k = 2..5,
  each estimated with a linear estimator (e.g. :func:`~kompetensi.impact.panel_effect`). As
  ``sum_k 1[skor >= k] = skor - 1`` for a score in {1, ..., 5} and a linear estimator (same
  design, same sample) is linear in the outcome, **the threshold effects add up exactly to the
  effect on the score** (the constant is absorbed by the intercept or fixed effects): equal
  spacing only fixes the weights (all 1) of the steps in that sum.
- :func:`ordered_logit_effect`: ordered logit with cohort and year effects (DiD in the index).
:func:`equal_spacing_check` compares the three and gives the verdict for notebook 05.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.numdiff import approx_fprime

from kompetensi.impact.core import (
    EffectResult,
    _as_float,
    _check_clusters,
    _check_columns,
    _check_variation,
    _q,
    _redundant_columns,
    _result,
)
from kompetensi.impact.data import predikat_scores

VERDICT_SAME = "sama arah"
VERDICT_DIFFERENT = "berbeda"


def threshold_outcomes(panel: pd.DataFrame, score: str = "skor",
                       levels: Sequence[int] = (2, 3, 4, 5), *,
                       scores: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Binary outcomes 1[score >= k] for each level k (their sum is score - 1: module doc).

    Parameters
    ----------
    panel : DataFrame
        Has the ``score`` column (float 1-5, e.g. :func:`performance_panel`).
    score : str
    levels : sequence of int
        Thresholds k, increasing.
    scores : DataFrame, optional
        ``predikat, skor`` naming the levels; default :func:`predikat_scores`.

    Returns
    -------
    (DataFrame, dict)
        A copy of ``panel`` with float columns ``<score>_ge_<k>`` (1.0/0.0, NaN where the score
        is missing), and the mapping column -> label (``"≥ Butuh Perbaikan"``).

    Raises
    ------
    ValueError
        Missing or non-numeric score column; levels not increasing.

    Examples
    --------
    >>> out, labels = threshold_outcomes(pd.DataFrame({"skor": [1.0, 3, 5, None]}))
    >>> out["skor_ge_4"].tolist(), labels["skor_ge_4"]
    ([0.0, 0.0, 1.0, nan], '≥ Baik')
    >>> out.filter(like="_ge_").sum(axis=1, min_count=1).tolist()  # skor - 1
    [0.0, 2.0, 4.0, nan]
    """
    _check_columns(panel, [score])
    values = _as_float(panel[[score]])[score]
    if not pd.api.types.is_float_dtype(values):
        raise ValueError(f"'{score}' must be numeric (the 1-5 score), not {panel[score].dtype}")
    levels = [int(k) for k in levels]
    if not levels or any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
        raise ValueError(f"levels must be a non-empty increasing sequence, not {levels}")
    table = predikat_scores() if scores is None else scores
    names = dict(zip(table["skor"].astype(float), table["predikat"].astype(str), strict=True))
    columns = {f"{score}_ge_{k}": (values >= k).astype("float64").where(values.notna())
               for k in levels}
    return panel.assign(**columns), {f"{score}_ge_{k}": f"≥ {names.get(float(k), k)}"
                                     for k in levels}


def threshold_effects(panel: pd.DataFrame, estimate: Callable[[pd.DataFrame, str], EffectResult],
                      score: str = "skor", levels: Sequence[int] = (2, 3, 4, 5), *,
                      scores: pd.DataFrame | None = None) -> dict[str, EffectResult]:
    """One linear estimator applied to the score and to each threshold outcome.

    Parameters
    ----------
    panel : DataFrame
    estimate : callable
        ``estimate(data, outcome) -> EffectResult``, e.g.
        ``lambda d, y: panel_effect(d, y, "dilatih", "pid", "tahun", cluster="opd")``.
    score, levels, scores
        As in :func:`threshold_outcomes`.

    Returns
    -------
    dict
        ``{score: result, "≥ Kurang": result, ...}`` in level order.

    Examples
    --------
    >>> from kompetensi.impact.regression import regression_effect
    >>> df = pd.DataFrame({"skor": [1.0, 3, 4, 2, 5, 5], "d": [0, 0, 0, 1, 1, 1]})
    >>> res = threshold_effects(df, lambda d, y: regression_effect(d, y, "d"))
    >>> [round(r.estimate, 3) + 0.0 for r in res.values()]  # skor; >= 2, 3, 4, 5
    [1.333, 0.333, 0.0, 0.333, 0.667]
    """
    data, labels = threshold_outcomes(panel, score, levels, scores=scores)
    return {score: estimate(data, score)} | {lab: estimate(data, c) for c, lab in labels.items()}


class _OrderedLogit(OrderedModel):
    """OrderedModel with the analytic score (params ``(beta, a_1, log(a_2 - a_1), ...)``);
    Hessian: numerical Jacobian of that score (statsmodels differences the log-likelihood)."""

    def score_obs(self, params, **kwds):
        params, k_thr = np.asarray(params, dtype=float), self.k_levels - 1
        low, upp = self._bounds(params)
        prob = np.maximum(self.prob(low, upp), 1e-300)
        f_low, f_upp = self.pdf(low) / prob, self.pdf(upp) / prob  # pdf(+-inf) = 0
        rows, y = np.arange(self.nobs), np.asarray(self.endog, dtype=int)
        d_cut = np.zeros((self.nobs, k_thr + 2))  # d loglik / d a_j, j = 0..K (a_0 = -inf)
        d_cut[rows, y + 1] += f_upp
        d_cut[rows, y] -= f_low
        jac = np.tril(np.ones((k_thr, k_thr))) * np.r_[1.0, np.exp(params[-k_thr + 1:])] \
            if k_thr > 1 else np.ones((1, 1))  # d a_j / d th_m
        return np.column_stack([-(f_upp - f_low)[:, None] * self.exog, d_cut[:, 1:-1] @ jac])

    def score(self, params):  # used by BFGS and by the Hessian
        return self.score_obs(params).sum(axis=0)

    def hessian(self, params):
        h = approx_fprime(np.asarray(params, dtype=float), self.score, centered=True)
        return (h + h.T) / 2


@dataclass(frozen=True)
class OrdinalEffectResult(EffectResult):
    """Ordered-logit effect: ``estimate`` is the log odds ratio of treatment; ``ape_top``/
    ``ape_score`` average partial effects on P(highest category) and on the expected score
    (None if the treatment is not 0/1); ``categories``, their ``scores``, ``cutpoints``."""

    ape_top: EffectResult | None = field(default=None, compare=False)
    ape_score: EffectResult | None = field(default=None, compare=False)
    categories: tuple = ()
    scores: tuple = ()
    cutpoints: tuple = ()

    @property
    def odds_ratio(self) -> float:
        """exp(estimate): odds of a higher predikat (any threshold), treated vs not."""
        return math.exp(self.estimate)

    @property
    def odds_ratio_ci(self) -> tuple[float, float]:
        """The confidence interval of :attr:`odds_ratio` (exp of the log-odds interval)."""
        return math.exp(self.ci_low), math.exp(self.ci_high)


def _ordered_outcome(values: pd.Series, scores: pd.DataFrame | None) -> tuple[pd.Series, list]:
    """The outcome as an ordered categorical of the observed values, and their scores."""
    table = predikat_scores() if scores is None else scores
    lookup = dict(zip(table["predikat"].astype(str), table["skor"].astype(float), strict=True))
    if pd.api.types.is_float_dtype(values):
        cats = [float(v) for v in sorted(values.dropna().unique())]
        return pd.Series(pd.Categorical(values, cats, ordered=True), index=values.index), cats
    text = values.dropna().astype(str)
    if isinstance(values.dtype, pd.CategoricalDtype) and values.dtype.ordered:
        order = [str(c) for c in values.cat.categories]  # scores 1..K unless all in the table
    elif set(text) - set(lookup):
        raise ValueError(f"outcome values without a score: {', '.join(set(text) - set(lookup))}"
                         f" (known: {', '.join(lookup)})")
    else:
        order = sorted(lookup, key=lookup.get)
    seen = [c for c in order if c in set(text)]
    cat = pd.Categorical(text, seen, ordered=True)
    points = [lookup[c] if set(seen) <= set(lookup) else i + 1.0 for i, c in enumerate(seen)]
    return pd.Series(cat, index=text.index).reindex(values.index), points


def _average_effects(model: OrderedModel, params: np.ndarray, cov: np.ndarray, column: int,
                     rows: np.ndarray, points: np.ndarray, df: float, alpha: float,
                     common: dict, label: str) -> tuple[EffectResult, EffectResult]:
    """Finite-difference APEs (treatment 1 vs 0) averaged over ``rows``; delta-method SEs."""
    x1, x0 = model.exog[rows].copy(), model.exog[rows].copy()
    x1[:, column], x0[:, column] = 1.0, 0.0

    def effects(p):
        d = model.predict(p, exog=x1) - model.predict(p, exog=x0)  # rows x categories
        return np.array([d[:, -1].mean(), (d @ points).mean()])

    value = effects(params)
    grad = approx_fprime(params, effects, centered=True)
    ses = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", grad, cov, grad), 0.0))
    method = ("ordered logit: average partial effect (treatment 1 vs 0, mean over "
              f"{label}), delta method")
    return tuple(_result(value[i], ses[i], df, alpha, method=method, term=t, **common)
                 for i, t in enumerate(("P(kategori tertinggi)", "E[skor]")))


def ordered_logit_effect(data: pd.DataFrame, outcome: str = "predikat",
                         treatment: str = "dilatih", *,
                         controls: Sequence[str] = ("C(tahun)", "C(kohort)"),
                         cluster: str | None = "opd", alpha: float = 0.05,
                         average_over: str = "treated",
                         scores: pd.DataFrame | None = None) -> OrdinalEffectResult:
    """Effect of treatment on the latent index of an ordered logit with cohort and year effects.

    ``P(y <= j | x) = Lambda(a_j - (tau * treatment + cohort_g + year_t))``: with cohort and
    year dummies and the treatment indicator this is a difference-in-differences in the latent
    index (index parallel trends, Wooldridge 2023), one common effect ``tau`` for every cohort
    and year (his cohort-by-year interactions are not estimated). Pooled maximum likelihood
    without person effects: a person fixed effect in an ordered logit is an incidental
    parameter (Neyman & Scott 1948), inconsistent with few years per person (Greene 2004);
    cohort effects absorb level differences. Person heterogeneity left in the error shrinks
    ``tau`` towards zero (population-averaged); the average partial effects are the
    comparable scale. A robustness check, not a replacement of the linear estimators: the
    ordered logit is outside the linear exponential family (no pooled = imputation result).

    Parameters
    ----------
    data : DataFrame
        Long panel (:func:`performance_panel`).
    outcome : str
        ``"predikat"`` (text, ordered by ``scores``), an ordered categorical, or a numeric score
        (its sorted values are the categories). Unobserved categories are left out.
    treatment : str
        Numeric, 0/1 for the average partial effects.
    controls : sequence of str
        Formula terms (statsmodels formulas); the thresholds play the intercept.
    cluster : str, optional
        Cluster column: sandwich covariance from the analytic score contributions summed by
        cluster, times G/(G-1) * (N-1)/(N-K) (statsmodels' ``cov_type="cluster"``, CRV1), t
        with G-1 df; None: inverse Hessian (as ``polr``), normal reference.
    alpha : float
    average_over : {"treated", "all"}
        Rows the partial effects average over: the treated rows (an effect on the treated, as
        Wooldridge's ATTs) or every row.
    scores : DataFrame, optional
        ``predikat, skor`` for the expected score; default :func:`predikat_scores`.

    Returns
    -------
    OrdinalEffectResult
        Log odds ratio; ``odds_ratio``, ``ape_top`` (P(Sangat Baik)), ``ape_score`` (E[skor]).

    Raises
    ------
    ValueError
        Missing columns, unknown predikat, < 2 categories, treatment without variation or
        collinear with the controls, < 2 clusters, no convergence.

    References
    ----------
    Wooldridge, J.M. (2023). Simple approaches to nonlinear difference-in-differences with
    panel data. Econometrics Journal 26(3), C31-C66, doi:10.1093/ectj/utad016. McCullagh, P.
    (1980). JRSS B 42(2), 109-142. Venables & Ripley (2002), MASS 4th ed., section 7.3.
    Neyman & Scott (1948), Econometrica 16(1), 1-32. Greene, W. (2004), Econometrics Journal
    7(1), 98-119. Cameron & Miller (2015), J. Human Resources 50(2), 317-372.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"d": np.repeat([0.0, 1.0], 2000), "g": np.tile(["a", "b"], 2000)})
    >>> latent = 1.0 * df["d"] + rng.logistic(size=4000)  # true log odds ratio 1
    >>> df["y"] = np.digitize(latent, [-1.0, 0.5, 2.0]) + 2.0  # scores 2-5
    >>> res = ordered_logit_effect(df, "y", "d", controls=("C(g)",), cluster=None)
    >>> round(res.estimate, 1), res.categories
    (1.0, (2.0, 3.0, 4.0, 5.0))
    """
    _check_columns(data, [outcome, treatment, cluster])
    if average_over not in ("treated", "all"):
        raise ValueError(f"average_over must be 'treated' or 'all', not {average_over!r}")
    frame = _as_float(data).reset_index(drop=True)
    if not pd.api.types.is_float_dtype(frame[treatment]):
        raise ValueError(f"treatment '{treatment}' must be numeric (0/1)")
    frame = frame[frame[[c for c in (outcome, treatment, cluster) if c]].notna().all(axis=1)]
    y, points = _ordered_outcome(frame[outcome], scores)
    if len(points) < 2:
        raise ValueError(f"'{outcome}' needs at least 2 observed categories, has {len(points)}")
    _check_variation(frame[treatment], treatment)  # OrderedModel refuses a constant column
    frame, formula = frame.assign(_y_=y), " + ".join([f"_y_ ~ {_q(treatment)}", *controls])
    try:
        model = _OrderedLogit.from_formula(formula, frame, distr="logit", missing="drop")
    except Exception as exc:  # formula errors: unknown column, bad term, a constant term
        raise ValueError(f"cannot build the ordered-logit design '{formula}': {exc} (a term "
                         "without variation in the sample acts as a constant)") from None
    rows = np.asarray(model.data.row_labels)
    names = list(model.exog_names[:model.exog.shape[1]])
    redundant = _redundant_columns(np.column_stack([np.ones(len(rows)), model.exog]),
                                   ["thresholds", *names])
    if redundant:
        raise ValueError(f"collinear terms: {', '.join(redundant)} (a linear combination of "
                         "the thresholds and the other terms); drop or recode them")
    column = names.index(_q(treatment)) if _q(treatment) in names else names.index(treatment)
    cov_kw: dict = {"cov_type": "nonrobust"}
    n_clusters, df, se_type = None, math.inf, "ML (inverse Hessian)"
    if cluster is not None:
        groups = frame.loc[rows, cluster]
        n_clusters = _check_clusters(groups, cluster)
        df, se_type = n_clusters - 1, f"CR1 ({cluster}; sandwich of ML scores)"
        cov_kw = {"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(groups)[0]}}
    fit = model.fit(method="bfgs", maxiter=1000, disp=0, gtol=1e-8, **cov_kw)
    if not fit.mle_retvals.get("converged", False):  # BFGS stalled: Newton from there
        fit = model.fit(start_params=fit.params, method="newton", disp=0, **cov_kw)
    if not fit.mle_retvals.get("converged", False):
        raise ValueError("the ordered logit did not converge (sparse categories or a term "
                         "that predicts a category perfectly?); try fewer controls")
    params, cov = np.asarray(fit.params), np.asarray(fit.cov_params())
    common = {"n": len(rows), "n_clusters": n_clusters, "se_type": se_type}
    ape_top = ape_score = None
    treat, on_treated = model.exog[:, column], average_over == "treated"
    if set(np.unique(treat)) <= {0.0, 1.0}:
        where = np.flatnonzero(treat == 1.0) if on_treated else np.arange(len(rows))
        ape_top, ape_score = _average_effects(
            model, params, cov, column, where, np.asarray(points, dtype=float), df, alpha,
            common, "treated rows" if on_treated else "all rows")
    base = _result(params[column], math.sqrt(cov[column, column]), df, alpha, term=_q(treatment),
                   method=f"ordered logit (pooled ML, log odds ratio; {' + '.join(controls)})",
                   **common)
    return OrdinalEffectResult(
        **{f: getattr(base, f) for f in EffectResult.__dataclass_fields__},
        ape_top=ape_top, ape_score=ape_score, categories=tuple(y.cat.categories),
        scores=tuple(float(v) for v in points),
        cutpoints=tuple(float(c) for c in model.transform_threshold_params(params)[1:-1]))


def _sign(x: float) -> int:
    return int(np.sign(x)) if math.isfinite(x) else 0


@dataclass(frozen=True)
class EqualSpacingCheck:
    """``verdict`` "sama arah" or "berbeda"; ``table`` one row per estimate; ``reasons``."""

    verdict: str
    table: pd.DataFrame = field(compare=False, repr=False)
    reasons: tuple[str, ...] = ()


def equal_spacing_check(linear: EffectResult, thresholds: Mapping[str, EffectResult],
                        ordinal: EffectResult, *, alpha: float = 0.05) -> EqualSpacingCheck:
    """Does the conclusion about the effect depend on the equal spacing of the score?

    The conclusion of an estimate is its sign and whether ``p < alpha``. Verdict "sama arah"
    (same direction) when (i) the ordered logit has the sign of the linear score effect and
    the same significance, and (ii) no threshold effect is significant with the opposite sign
    of the linear effect; otherwise "berbeda". The partial effects of the ordered logit have
    the sign of its coefficient, so the coefficient stands for them.

    Parameters
    ----------
    linear : EffectResult
        Effect on the 1-5 score.
    thresholds : mapping
        Label -> effect on 1[skor >= k] (:func:`threshold_effects` without the score entry).
    ordinal : EffectResult
        :func:`ordered_logit_effect`.
    alpha : float

    Returns
    -------
    EqualSpacingCheck
        ``table``: ``ukuran, metode, estimasi, ci_bawah, ci_atas, nilai_p, arah, signifikan``.

    Examples
    --------
    >>> r = lambda est, p: EffectResult(est, 0.1, est - 0.2, est + 0.2, p, 100, 10, "m",
    ...                                 "CR1", 9.0)
    >>> equal_spacing_check(r(0.3, 0.01), {"≥ Baik": r(0.1, 0.2)}, r(0.5, 0.02)).verdict
    'sama arah'
    >>> equal_spacing_check(r(0.3, 0.01), {"≥ Baik": r(-0.1, 0.01)}, r(0.5, 0.02)).reasons
    ('≥ Baik: signifikan dengan arah berlawanan',)
    """
    entries = {"skor (1-5, jarak sama)": linear, **thresholds, "logit berurut": ordinal}
    rows = [{"ukuran": name, "metode": r.method, "estimasi": r.estimate, "ci_bawah": r.ci_low,
             "ci_atas": r.ci_high, "nilai_p": r.p_value, "arah": _sign(r.estimate),
             "signifikan": bool(r.p_value < alpha)} for name, r in entries.items()]
    sign, sig = _sign(linear.estimate), bool(linear.p_value < alpha)
    reasons = []
    if _sign(ordinal.estimate) != sign:
        reasons.append("logit berurut: arah berbeda dari efek pada skor")
    elif bool(ordinal.p_value < alpha) != sig:
        reasons.append("logit berurut: signifikansi berbeda dari efek pada skor")
    for name, r in thresholds.items():
        if r.p_value < alpha and _sign(r.estimate) == -sign != 0:
            reasons.append(f"{name}: signifikan dengan arah berlawanan")
    return EqualSpacingCheck(VERDICT_DIFFERENT if reasons else VERDICT_SAME, pd.DataFrame(rows),
                             tuple(reasons))
