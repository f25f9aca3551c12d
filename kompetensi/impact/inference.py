"""Inference with few clusters for the static TWFE effect ``outcome ~ treatment | unit + time``.

With ~35-40 OPDs as clusters, CR1 with t(G-1) can over-reject (MacKinnon, Nielsen & Webb
2023). This module gathers the alternatives: the wild cluster restricted bootstrap with its
confidence set by test inversion (:func:`wild_cluster_bootstrap`, from
:mod:`kompetensi.impact.bootstrap`), the cluster jackknife CR3 (:func:`jackknife_se`) and
:func:`small_cluster_table`, which puts them beside CR1 and randomization inference over the
training timing (:mod:`kompetensi.impact.randomization`).

Conventions: covariates are numeric column names (time-varying); rows with a missing value
in a model variable or the cluster are dropped; one row per unit and period.

References
----------
Cameron, A.C., Gelbach, J.B. & Miller, D.L. (2008). Bootstrap-based improvements for
inference with clustered errors. Review of Economics and Statistics 90(3), 414-427.
Roodman, D., MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2019). Fast and wild: bootstrap
inference in Stata using boottest. Stata Journal 19(1), 4-60.
MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2023). Cluster-robust inference: a guide to
empirical practice. Journal of Econometrics 232(2), 272-299.
Webb, M.D. (2023). Reworking wild bootstrap-based inference for clustered errors. Canadian
Journal of Economics 56(3), 839-858 (the six-point weights).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.impact.bootstrap import (
    WEIGHTS,
    BootstrapResult,
    _design,
    _prepare,
    wild_cluster_bootstrap,
)
from kompetensi.impact.core import EffectResult, _as_float, _check_columns, _result

__all__ = ["BootstrapResult", "jackknife_se", "small_cluster_table", "wild_cluster_bootstrap"]


def _feols(frame: pd.DataFrame, vcov, ssc=None):
    import pyfixest as pf

    xcols = [c for c in frame if c.startswith("_x")]
    fml = f"_y ~ {' + '.join(['_d', *xcols])} | _u + _t"
    with warnings.catch_warnings():  # pyfixest 0.60's own pandas-3 deprecation notices
        warnings.filterwarnings("ignore", message=".*inplace keyword.*")
        return pf.feols(fml, frame, vcov=vcov, ssc=ssc, fixef_rm="none")


def jackknife_se(data: pd.DataFrame, outcome: str, treatment: str, unit: str, time: str,
                 cluster: str, *, covariates: Sequence[str] = (),
                 alpha: float = 0.05) -> EffectResult:
    """TWFE effect with the cluster-jackknife standard error CR3 and t(G-1) inference.

    ``V_CR3 = (G-1)/G * sum_g (b_(g) - b)(b_(g) - b)'``, where ``b_(g)`` is the TWFE
    estimate without cluster g (fixed effects re-estimated) and ``b`` the full-sample
    estimate: MacKinnon, Nielsen & Webb's (2023) CV3, centred at ``b`` (not at the mean of
    the ``b_(g)``) and with no (N-1)/(N-k) factor. Computed by pyfixest's
    ``vcov={"CRV3": cluster}`` with ``ssc(k_adj=False, G_adj=False)`` (pyfixest's default
    would instead multiply the sum by (N-1)/(N-k) * G/(G-1)), times (G-1)/G.

    Parameters
    ----------
    data, outcome, treatment, unit, time, cluster, covariates
        As in :func:`wild_cluster_bootstrap`.
    alpha : float

    Returns
    -------
    EffectResult
        ``se_type`` "CR3 (jackknife, <cluster>)", ``df`` G - 1.

    Raises
    ------
    ValueError
        As :func:`wild_cluster_bootstrap`.

    References
    ----------
    MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2023). Cluster-robust inference: a guide to
    empirical practice. J. Econometrics 232(2), 272-299 (CV3 in section 3); Bell, R.M. &
    McCaffrey, D.F. (2002). Survey Methodology 28(2), 169-181.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> df = pd.DataFrame({"i": np.repeat(np.arange(30), 3), "t": np.tile([1, 2, 3], 30)})
    >>> df["g"], df["d"] = df["i"] // 3, ((df["i"] < 15) & (df["t"] == 3)).astype(float)
    >>> df["y"] = df["d"] + rng.normal(size=len(df))
    >>> res = jackknife_se(df, "y", "d", "i", "t", "g")
    >>> res.se_type, res.df, res.n_clusters
    ('CR3 (jackknife, g)', 9.0, 10)
    """
    import pyfixest as pf

    frame = _prepare(data, outcome, treatment, unit, time, cluster, covariates)
    _design(frame)  # the errors of wild_cluster_bootstrap (absorbed or collinear treatment)
    fit = _feols(frame, {"CRV3": "_c"}, pf.ssc(k_adj=False, G_adj=False))
    n_clusters = int(frame["_c"].nunique())
    var = float(fit._vcov[0, 0]) * (n_clusters - 1) / n_clusters
    return _result(float(fit.coef()["_d"]), math.sqrt(var), n_clusters - 1, alpha,
                   n=len(frame), n_clusters=n_clusters,
                   method="TWFE (pyfixest; leave-one-cluster-out refits)",
                   se_type=f"CR3 (jackknife, {cluster})", term=treatment)


def small_cluster_table(data: pd.DataFrame, outcome: str, treatment: str, unit: str,
                        time: str, cluster: str, first_treated: str | None = None, *,
                        covariates: Sequence[str] = (), seed: int = 0, reps: int = 9999,
                        ri_reps: int = 999, strata: str | None = None,
                        alpha: float = 0.05) -> pd.DataFrame:
    """The TWFE effect with five kinds of inference side by side, one row per method.

    Rows: CR1 with t(G-1) (pyfixest CRV1, default small-sample factor (N-1)/(N-k) * G/(G-1)
    with k counting only fixed effects not nested in the clusters: the convention of
    :func:`kompetensi.impact.panel.panel_effect`), WCR Rademacher, WCR Webb, CR3
    (:func:`jackknife_se`) and randomization inference over the training timing
    (:func:`kompetensi.impact.randomization.randomization_inference`, only with
    ``first_treated``; its ``treatment`` must equal 1{time >= first_treated}).

    Parameters
    ----------
    data, outcome, treatment, unit, time, cluster, covariates, alpha
        As in :func:`wild_cluster_bootstrap`.
    first_treated : str, optional
        First treated period of the row's unit (NaN: never); without it no RI row.
    seed, reps, ri_reps, strata
        Seed of every draw; bootstrap draws; permutations; RI strata column.

    Returns
    -------
    DataFrame
        Columns ``method, estimate, se, ci_low, ci_high, p_value, n_clusters`` (``se`` NaN
        for the bootstrap and RI, the RI interval NaN).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> df = pd.DataFrame({"i": np.repeat(np.arange(24), 3), "t": np.tile([1, 2, 3], 24)})
    >>> df["g"] = df["i"] // 3
    >>> df["f"] = np.where(df["i"] % 3 == 0, 3.0, np.where(df["i"] % 3 == 1, 2.0, np.nan))
    >>> df["d"] = (df["t"] >= df["f"]).astype(float)
    >>> df["y"] = df["d"] + rng.normal(size=len(df))
    >>> table = small_cluster_table(df, "y", "d", "i", "t", "g", "f", reps=199, ri_reps=99)
    >>> table["method"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['CR1 t(G-1)', 'WCR bootstrap (Rademacher)', 'WCR bootstrap (Webb)', 'CR3 jackknife',
     'randomization inference']
    """
    from kompetensi.impact.randomization import randomization_inference, twfe_coefficient

    if first_treated is not None:  # before any estimate: a clear message
        _check_columns(data, [first_treated])
        keep = data[[outcome, treatment, unit, time, cluster, *covariates]].notna().all(axis=1)
        kept = _as_float(data[keep])
        rebuilt = (kept[time] >= kept[first_treated]).astype("float64")
        if not np.array_equal(rebuilt.to_numpy(), kept[treatment].to_numpy()):
            raise ValueError(f"'{treatment}' is not 1{{{time} >= {first_treated}}}: the "
                             "randomization inference would test another treatment")
    frame = _prepare(data, outcome, treatment, unit, time, cluster, covariates)
    _design(frame)  # the errors of wild_cluster_bootstrap (absorbed or collinear treatment)
    fit = _feols(frame, {"CRV1": "_c"})
    ci = fit.confint(alpha=alpha).loc["_d"]
    g = int(frame["_c"].nunique())
    rows = [("CR1 t(G-1)", float(fit.coef()["_d"]), float(fit.se()["_d"]), float(ci.iloc[0]),
             float(ci.iloc[1]), float(fit.pvalue()["_d"]), g)]
    for w in WEIGHTS:
        b = wild_cluster_bootstrap(data, outcome, treatment, unit, time, cluster,
                                   covariates=covariates, weights=w, reps=reps, seed=seed,
                                   alpha=alpha)
        rows.append((f"WCR bootstrap ({WEIGHTS[w]})", b.estimate, math.nan, b.ci_low,
                     b.ci_high, b.p_value, b.n_clusters))
    j = jackknife_se(data, outcome, treatment, unit, time, cluster, covariates=covariates,
                     alpha=alpha)
    rows.append(("CR3 jackknife", j.estimate, j.se, j.ci_low, j.ci_high, j.p_value, g))
    if first_treated is not None:
        ri = randomization_inference(
            data[keep], unit, time, first_treated,
            twfe_coefficient(outcome, treatment, unit, time, covariates),
            reps=ri_reps, seed=seed, strata=strata, treatment=treatment)
        rows.append(("randomization inference", ri.statistic, math.nan, math.nan, math.nan,
                     ri.p_value, g))
    return pd.DataFrame(rows, columns=["method", "estimate", "se", "ci_low", "ci_high",
                                       "p_value", "n_clusters"])
