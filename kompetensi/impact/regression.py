"""Effect of a programme on an outcome (Kirkpatrick level 4): regression adjustment,
difference-in-differences, two-way fixed effects, event studies, and statistical power.

Every estimator returns a frozen :class:`EffectResult` (``estimate, se, ci_low, ci_high,
p_value, n, n_clusters, method, se_type`` plus the degrees of freedom ``df`` of the t
reference distribution). Conventions:

- Numeric columns (integers of any width, nullable integers, booleans) are cast to float64
  before any arithmetic, so formula terms such as ``"I(age**2)"`` cannot overflow.
- Missing values: rows with a missing value in any variable of the model (or in the cluster
  column) are dropped (listwise deletion); ``n`` is the number of rows used.
- Standard errors: ``classical`` (OLS, df = n - k); ``HC1`` (White with n/(n-k)); ``CR1``
  clustered (Liang-Zeger with G/(G-1) * (n-1)/(n-k), t with G-1 df; Stata's ``regress,
  vce(cluster)``). Fixed-effects models: see :func:`panel_effect`.
- Confidence intervals and p-values use the t distribution with ``df``.

Estimators raise ``ValueError`` with an explanatory message for: a missing column, a treatment
without variation (no treated units), fewer than two clusters, collinear regressors.
This module is the public API: the OLS estimators live here, the panel estimators in
:mod:`kompetensi.impact.panel`, the power calculations in :mod:`kompetensi.impact.power`,
the person-year performance panel in :mod:`kompetensi.impact.data`; all are re-exported.

References
----------
Wooldridge, J.M. (2020). Introductory Econometrics: A Modern Approach, 7th ed. Cengage.
Cameron, A.C. & Miller, D.L. (2015). A practitioner's guide to cluster-robust inference.
Journal of Human Resources 50(2), 317-372.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from kompetensi.impact.core import (
    EffectResult,
    _as_float,
    _check_clusters,
    _check_columns,
    _check_variation,
    _q,
    _redundant_columns,
    _replace,
    _result,
)
from kompetensi.impact.data import NOT_TREATED


def regression_effect(data: pd.DataFrame, outcome: str, treatment: str,
                      covariates: Sequence[str] = (), cluster: str | None = None,
                      robust: bool = False, *, alpha: float = 0.05) -> EffectResult:
    """OLS coefficient of ``treatment`` in ``outcome ~ treatment + covariates``.

    Parameters
    ----------
    data : DataFrame
    outcome, treatment : str
        Column names. The treatment may be binary (effect of being treated) or continuous.
    covariates : sequence of str
        Formula terms (patsy): column names, ``"C(opd)"``, ``"I(age**2)"``, ``"np.log(x)"``.
        Text columns enter as categorical dummies.
    cluster : str, optional
        Column whose values define clusters: CR1 standard errors.
    robust : bool
        HC1 standard errors (use either ``robust`` or ``cluster``, not both).
    alpha : float
        1 - confidence level.

    Returns
    -------
    EffectResult
        ``se_type`` "classical", "HC1" or "CR1 (<cluster>)"; ``df`` n - k, or G - 1 when
        clustered.

    Raises
    ------
    ValueError
        Missing column, treatment without variation, fewer than 2 clusters, collinear terms,
        no residual degrees of freedom, or both ``robust`` and ``cluster``.

    References
    ----------
    Wooldridge (2020), ch. 3, 7.6 and 8.2; Cameron & Miller (2015), eq. (11) and section VI.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 3, 2, 5, 3, 4], "d": [0, 1, 0, 1, 0, 1]})
    >>> round(regression_effect(df, "y", "d").estimate, 3)
    2.0
    """
    _check_columns(data, [outcome, treatment, cluster])
    if robust and cluster is not None:
        raise ValueError("choose robust=True (HC1) or cluster=... (CR1), not both")
    frame = _as_float(data).reset_index(drop=True)  # row labels must be unique
    if not pd.api.types.is_float_dtype(frame[treatment]):
        raise ValueError(f"treatment '{treatment}' must be numeric or boolean (e.g. 0/1), "
                         f"not {data[treatment].dtype}")
    if cluster is not None:
        frame = frame[frame[cluster].notna()]
    formula = f"{_q(outcome)} ~ {_q(treatment)}" + "".join(f" + {c}" for c in covariates)
    model = smf.ols(formula, data=frame, missing="drop")
    rows = model.data.row_labels
    term = _q(treatment)
    _check_variation(frame.loc[rows, treatment], treatment)
    redundant = _redundant_columns(np.asarray(model.exog, dtype=float), model.exog_names)
    if redundant:
        raise ValueError(
            f"collinear regressors: {', '.join(redundant)} "
            f"{'are' if len(redundant) > 1 else 'is'} a linear combination of the other terms; "
            "drop or recode them")
    n, k = model.exog.shape
    if n <= k:
        raise ValueError(f"{n} usable rows for {k} coefficients: no residual degrees of freedom")
    if cluster is not None:
        groups = frame.loc[rows, cluster]
        n_clusters = _check_clusters(groups, cluster)
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(groups)[0]},
                        use_t=True)
        df, se_type = n_clusters - 1, f"CR1 ({cluster})"
    else:
        n_clusters = None
        fit = model.fit(cov_type="HC1", use_t=True) if robust else model.fit()
        df, se_type = n - k, "HC1" if robust else "classical"
    return _result(fit.params[term], fit.bse[term], df, alpha, n=int(n), n_clusters=n_clusters,
                   method="OLS", se_type=se_type, term=term)


def did(data: pd.DataFrame, outcome: str, treated: str, post: str,
        covariates: Sequence[str] = (), cluster: str | None = None, *, robust: bool = False,
        alpha: float = 0.05) -> EffectResult:
    """2x2 difference-in-differences: the coefficient of ``treated x post``.

    Fits ``outcome ~ treated:post + treated + post + covariates`` by OLS (pooled cross-sections
    or a two-period panel in long form) with the standard errors of
    :func:`regression_effect`. Under parallel trends the interaction is the average effect
    on the treated in the post period.

    Parameters
    ----------
    data : DataFrame
    outcome : str
    treated, post : str
        0/1 (or boolean) columns: member of the treated group; observation after the start.
    covariates, cluster, robust, alpha
        As in :func:`regression_effect`.

    Returns
    -------
    EffectResult
        ``method`` "DiD 2x2 (OLS)"; ``term`` "<treated>_x_<post>".

    Raises
    ------
    ValueError
        ``treated``/``post`` not 0/1, an empty cell of the 2x2 table (e.g. no treated units),
        and the errors of :func:`regression_effect`.

    References
    ----------
    Wooldridge (2020), section 13.2 (Example 13.3, Table 13.2).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 2, 5, 1, 2, 3, 6], "g": [0, 0, 1, 1] * 2,
    ...                    "t": [0, 1, 0, 1] * 2})
    >>> round(did(df, "y", "g", "t").estimate, 3)  # (5.5 - 2.5) - (2 - 1)
    2.0
    """
    _check_columns(data, [outcome, treated, post, cluster])
    frame = _as_float(data)
    for name in (treated, post):
        values = frame[name].dropna()
        if not values.isin([0.0, 1.0]).all():
            raise ValueError(f"'{name}' must be 0/1 (or boolean); found "
                             f"{sorted(values.unique().tolist())[:5]}")
    cells = pd.crosstab(frame[treated], frame[post]).reindex(
        index=[0.0, 1.0], columns=[0.0, 1.0], fill_value=0)
    empty = [(int(a), int(b)) for a in (0.0, 1.0) for b in (0.0, 1.0) if cells.loc[a, b] == 0]
    if empty:
        what = "; ".join(f"{treated}={a}, {post}={b}" for a, b in empty)
        hint = " (no treated units)" if (1, 0) in empty and (1, 1) in empty else ""
        raise ValueError(f"empty cell(s) of the 2x2 design: {what}{hint}")
    term = f"{treated}_x_{post}"
    if term in frame.columns:
        raise ValueError(f"column name '{term}' is reserved for the interaction")
    frame[term] = frame[treated] * frame[post]
    res = regression_effect(frame, outcome, term, (_q(treated), _q(post), *covariates),
                            cluster=cluster, robust=robust, alpha=alpha)
    return _replace(res, method="DiD 2x2 (OLS)")


def did_2x2(panel: pd.DataFrame, outcome: str, cohort: str, *, onset_lag: int = 0,
            cluster: str | None = "opd", alpha: float = 0.05) -> EffectResult:
    """:func:`did` of one cohort against the never treated, the year before against the first
    treated year, in a person-year panel (:func:`~kompetensi.impact.data.performance_panel`).

    Parameters
    ----------
    panel : DataFrame
        Columns ``kohort``, ``tahun``, ``outcome`` (and ``cluster``).
    outcome : str
        E.g. ``"skor"``.
    cohort : str
        The cohort (training year as text, column ``kohort``).
    onset_lag : int
        Years from training to the first treated rating (as in ``performance_panel``): the
        first treated year is ``cohort + onset_lag``.
    cluster, alpha
        As in :func:`did`.

    Returns
    -------
    EffectResult

    Raises
    ------
    ValueError
        As :func:`did`, e.g. no rating in the year before the cohort's first treated year.

    Examples
    --------
    >>> p = pd.DataFrame({"kohort": ["2024"] * 4 + [NOT_TREATED] * 4,
    ...                   "tahun": [2023, 2024] * 4, "y": [1.0, 3, 2, 4, 1, 1, 2, 3]})
    >>> round(did_2x2(p, "y", "2024", cluster=None).estimate, 3)  # (3.5 - 1.5) - (2 - 1.5)
    1.5
    """
    after = int(cohort) + onset_lag
    data = panel[panel["kohort"].isin([cohort, NOT_TREATED])
                 & panel["tahun"].isin([after - 1, after])]
    data = data.assign(kelompok=(data["kohort"] == cohort).astype(int),
                       sesudah=(data["tahun"] == after).astype(int))
    return did(data, outcome, "kelompok", "sesudah", cluster=cluster, alpha=alpha)
