"""Panel estimators of a programme's effect: two-way fixed effects and event studies.

Both absorb unit and period fixed effects with :class:`linearmodels.PanelOLS` (within
transformation, no dummy columns) and share one degrees-of-freedom convention for their
standard errors, documented in :func:`panel_effect`. Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.impact.core import (
    EffectResult,
    EventStudyResult,
    _as_float,
    _check_clusters,
    _check_columns,
    _check_variation,
    _inference,
    _q,
    _redundant_columns,
    _result,
)


def _twfe(data: pd.DataFrame, outcome: str, regressors: Sequence[str], unit: str, time: str,
          covariates: Sequence[str], cluster: str | None) -> dict:
    """Two-way FE fit with linearmodels; returns params, covariance and bookkeeping."""
    from linearmodels import PanelOLS
    from linearmodels.panel.utility import AbsorbingEffectError
    from linearmodels.shared.exceptions import MissingValueWarning

    _check_columns(data, [outcome, *regressors, unit, time, cluster])
    frame = _as_float(data)
    keep = frame[[outcome, *regressors, unit, time]].notna().all(axis=1)
    if cluster is not None:
        keep &= frame[cluster].notna()
    frame = frame[keep]
    if frame.duplicated([unit, time]).any():
        raise ValueError(f"more than one row per {unit} and {time}: a panel needs one "
                         "observation per unit and period")
    for name in regressors:
        _check_variation(frame[name], name)
    if not pd.api.types.is_numeric_dtype(frame[time]):
        raise ValueError(f"'{time}' must be numeric (e.g. the year)")
    labels = None if cluster is None else frame[cluster].to_numpy()
    frame = frame.set_index([unit, time])
    if labels is not None:  # kept aside: the cluster may be the unit or the period itself
        labels = pd.Series(labels, index=frame.index)
        _check_clusters(labels, cluster)
    rhs = " + ".join(["1", *map(_q, regressors), *covariates])
    formula = f"{_q(outcome)} ~ {rhs} + EntityEffects + TimeEffects"
    with warnings.catch_warnings():
        # listwise deletion of rows with a missing covariate is documented (n is reported)
        warnings.simplefilter("ignore", MissingValueWarning)
        model = PanelOLS.from_formula(formula, frame, check_rank=False)
        exog = model.exog.dataframe
        redundant = _redundant_columns(exog.to_numpy(dtype=float), list(exog.columns))
        if redundant:
            raise ValueError(f"collinear regressors: {', '.join(redundant)} "
                             "(a linear combination of the other terms); drop or recode them")
        try:
            if cluster is None:
                fit = model.fit(cov_type="unadjusted")
            else:
                codes = pd.Series(pd.factorize(labels)[0], index=frame.index)
                fit = model.fit(cov_type="clustered", clusters=codes, group_debias=True,
                                auto_df=False, count_effects=False)
        except AbsorbingEffectError as exc:
            raise ValueError(
                "a regressor is absorbed by (or collinear with) the unit and period fixed "
                f"effects, e.g. it does not vary within units over time: {exc}") from None
    params, cov = fit.params, fit.cov.copy()
    used = fit.resids.index
    n, k = int(fit.nobs), len(params)
    units = used.get_level_values(0)
    times = used.get_level_values(1)
    n_units, n_times = units.nunique(), times.nunique()
    if cluster is None:
        df, n_clusters, se_type = float(fit.df_resid), None, "classical"
    else:
        groups = labels.loc[used]
        n_clusters = _check_clusters(groups, cluster)
        g = pd.Series(groups.to_numpy(), index=used)
        unit_nested = g.groupby(level=0).nunique().max() == 1
        time_nested = g.groupby(level=1).nunique().max() == 1
        d_counted = (0 if unit_nested else n_units - 1) + (0 if time_nested else n_times - 1)
        if n - k - d_counted <= 0:
            raise ValueError("no residual degrees of freedom after the fixed effects")
        cov = cov * (n - k) / (n - k - d_counted)
        df, se_type = float(n_clusters - 1), f"CR1 ({cluster})"
    return {"params": params, "cov": cov, "n": n, "n_clusters": n_clusters, "df": df,
            "se_type": se_type, "n_units": n_units, "n_times": n_times, "used": used}


def panel_effect(data: pd.DataFrame, outcome: str, treatment: str, unit: str, time: str,
                 covariates: Sequence[str] = (), cluster: str | None = None, *,
                 alpha: float = 0.05) -> EffectResult:
    """Two-way fixed effects (unit and period) estimate of the effect of ``treatment``.

    ``outcome_it = a_i + l_t + b * treatment_it + covariates_it + e_it``, the fixed effects
    absorbed by :class:`linearmodels.PanelOLS` (within transformation; no dummy columns).
    With a staggered 0/1 treatment this is the TWFE difference-in-differences; it is a
    weighted average of effects that can be misleading when effects change over time since
    treatment (Goodman-Bacon 2021): compare with :func:`event_study`.

    Degrees-of-freedom convention of the standard errors:

    - ``cluster=None``: classical, sigma^2 = SSR / (n - k - d) with d = (units - 1) +
      (periods - 1) the absorbed effects; identical to the dummy-variable (LSDV) OLS and to
      Stata's ``xtreg, fe`` / ``reghdfe``; t with n - k - d df.
    - ``cluster=<column>``: CR1, V * G/(G-1) * (n-1)/(n-k-d*), where k counts the reported
      coefficients (intercept included) and d* only the absorbed effects that are **not
      nested** in the clusters (unit effects are nested when every unit stays in one cluster;
      period effects when each period is one cluster); t with G - 1 df. This is the
      convention of Stata's ``xtreg, fe vce(cluster)`` and ``reghdfe`` and of fixest's
      default; an LSDV regression clustered the same way counts every dummy in k and gives
      larger standard errors (linearmodels' own default with two-way effects too). Singleton
      units are kept (as in LSDV and ``xtreg``; ``reghdfe`` drops them by default).

    d assumes that units and periods form one connected set (true when some unit is observed
    in every pair of adjacent periods), as linearmodels does.

    Parameters
    ----------
    data : DataFrame
        Long panel: one row per unit and period.
    outcome, treatment, unit, time : str
        Column names; ``time`` numeric (e.g. the year).
    covariates : sequence of str
        Time-varying formula terms (formulaic syntax, e.g. ``"I(age**2)"``).
    cluster : str, optional
        Cluster column (e.g. ``"opd"``; give each unit a fixed value to keep it nested).
    alpha : float

    Returns
    -------
    EffectResult

    Raises
    ------
    ValueError
        Missing column, duplicated unit-period rows, treatment without variation, a regressor
        absorbed by the fixed effects or collinear, fewer than 2 clusters.

    References
    ----------
    Wooldridge (2020), section 14.1 (Example 14.1; Example 14.4, Table 14.2); Stock, J.H. &
    Watson, M.W., Introduction to Econometrics, eq. (10.21); Cameron & Miller (2015),
    section III.C; Goodman-Bacon, A. (2021), J. Econometrics 225(2), 254-277.

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 2, 2, 3, 3], "t": [1, 2] * 3,
    ...                    "y": [1.0, 2, 2, 3.5, 0, 2.5], "d": [0, 0, 0, 1, 0, 1]})
    >>> round(panel_effect(df, "y", "d", "i", "t").estimate, 3)  # (1.5 + 2.5)/2 - 1
    1.0
    """
    fit = _twfe(data, outcome, [treatment], unit, time, covariates, cluster)
    term = _q(treatment)
    return _result(fit["params"][term], math.sqrt(fit["cov"].loc[term, term]), fit["df"],
                   alpha, n=fit["n"], n_clusters=fit["n_clusters"],
                   method="TWFE (PanelOLS: unit and period effects absorbed)",
                   se_type=fit["se_type"], term=term)


def _period_name(e: int) -> str:
    return f"_rel_{'m' if e < 0 else 'p'}{abs(e)}"


def event_study(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
                window: tuple[int, int] | None = None, cluster: str | None = None,
                covariates: Sequence[str] = (), *, reference: int = -1,
                alpha: float = 0.05) -> EventStudyResult:
    """Effects by period relative to the start of treatment (two-way fixed effects).

    ``outcome_it = a_i + l_t + sum_e b_e * [t - first_treated_i = e] + e_it`` for e in the
    window except ``reference`` (default -1, the period before treatment), fitted as in
    :func:`panel_effect` (same standard-error conventions). Never-treated units (missing
    ``first_treated``) have every indicator 0 and, with the not-yet-treated, identify the
    period effects.

    Window: relative periods after ``window[1]`` are binned into ``window[1]``; periods before
    ``window[0]`` are pooled with the reference period (assumed unaffected). ``window=(0, L)``
    is the distributed-lag fixed-effects model (Wooldridge 2020, Example 14.1).

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome, unit, time : str
    first_treated : str
        Period of the first treatment of the row's unit (constant within unit; NaN for
        never-treated units).
    window : (int, int), optional
        First and last relative period with its own coefficient; default all observed.
    cluster, covariates, alpha
        As in :func:`panel_effect`.
    reference : int
        Omitted relative period.

    Returns
    -------
    EventStudyResult
        ``estimate``/``se``/CI: mean of the coefficients of e >= 0 (equal weights; its
        variance w'Vw from the full covariance, 0 if rounding makes it negative: then the CI
        and p-value are NaN). ``periods``: columns ``periode_relatif``, ``estimasi``,
        ``se``, ``ci_bawah``, ``ci_atas``, ``nilai_p``, ``n_obs_perlakuan`` (treated rows in
        that period). ``pretrend_*``: joint Wald F test of the leads.

    Raises
    ------
    ValueError
        No treated unit, ``first_treated`` varying within a unit, non-integer relative
        periods, an empty window, and the errors of :func:`panel_effect`.

    References
    ----------
    Freyaldenhoven, S., Hansen, C., Perez, J.P. & Shapiro, J.M. (2021). Visualization,
    identification, and estimation in the linear panel event-study design. NBER WP 29170.
    Sun, L. & Abraham, S. (2021). J. Econometrics 225(2), 175-199 (caveat on heterogeneous
    cohorts). Wooldridge (2020), Example 14.1.

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 1, 2, 2, 2, 3, 3, 3], "t": [1, 2, 3] * 3,
    ...                    "y": [1.0, 1, 3, 2, 2.5, 3, 0, 0.5, 1],
    ...                    "g": [3, 3, 3, None, None, None, None, None, None]})
    >>> res = event_study(df, "y", "i", "t", "g")  # controls move -0.5 (t=1), +0.5 (t=3)
    >>> res.periods.set_index("periode_relatif").estimasi.round(3).to_dict()
    {-2: 0.5, -1: 0.0, 0: 1.5}
    """
    _check_columns(data, [outcome, unit, time, first_treated, cluster])
    frame = _as_float(data)
    if (frame.groupby(unit, dropna=True)[first_treated].nunique() > 1).any():
        raise ValueError(f"'{first_treated}' must be constant within each {unit}")
    rel = frame[time] - frame[first_treated]
    observed = rel.dropna()
    if observed.empty:
        raise ValueError(f"no treated units: '{first_treated}' is missing for every row")
    if not np.allclose(observed, observed.round()):
        raise ValueError(f"'{time}' - '{first_treated}' must be whole periods")
    lo, hi = (int(observed.min()), int(observed.max())) if window is None else map(int, window)
    if lo > hi:
        raise ValueError(f"empty window ({lo}, {hi})")
    binned = rel.clip(upper=hi).where(rel >= lo)  # lags binned into hi; early leads pooled
    periods = sorted(int(e) for e in binned.dropna().unique() if e != reference)
    if not periods:
        raise ValueError("no relative period besides the reference inside the window")
    names = [_period_name(e) for e in periods]
    for e, name in zip(periods, names, strict=True):
        frame[name] = (binned == e).astype("float64")
    fit = _twfe(frame, outcome, names, unit, time, covariates, cluster)
    b, v, df = fit["params"][names], fit["cov"].loc[names, names], fit["df"]
    rows = []
    for e, name in zip(periods, names, strict=True):
        low, high, p = _inference(float(b[name]), math.sqrt(v.loc[name, name]), df, alpha)
        rows.append((e, float(b[name]), math.sqrt(v.loc[name, name]), low, high, p))
    table = pd.DataFrame(rows, columns=["periode_relatif", "estimasi", "se", "ci_bawah",
                                        "ci_atas", "nilai_p"])
    if lo <= reference <= hi:
        table.loc[len(table)] = [reference, 0.0, math.nan, math.nan, math.nan, math.nan]
    table["periode_relatif"] = table["periode_relatif"].astype(int)
    keys = pd.MultiIndex.from_arrays([frame[unit], frame[time]])
    counts = pd.Series(binned.to_numpy(), index=keys).loc[fit["used"]].value_counts()
    table["n_obs_perlakuan"] = table["periode_relatif"].map(counts).fillna(0).astype(int)
    table = table.sort_values("periode_relatif", ignore_index=True)

    post = [n for e, n in zip(periods, names, strict=True) if e >= 0]
    leads = [n for e, n in zip(periods, names, strict=True) if e < 0]
    if post:
        w = np.full(len(post), 1 / len(post))
        est = float(w @ b[post].to_numpy())
        # w'Vw >= 0 for a covariance matrix: a negative value is rounding (se 0: no CI)
        se = math.sqrt(max(float(w @ v.loc[post, post].to_numpy() @ w), 0.0))
    else:
        est, se = math.nan, math.nan
    f_stat = p_pre = math.nan
    if leads:
        bl = b[leads].to_numpy()
        wald = float(bl @ np.linalg.solve(v.loc[leads, leads].to_numpy(), bl))
        f_stat = wald / len(leads)
        p_pre = float(stats.f.sf(f_stat, len(leads), df) if math.isfinite(df)
                      else stats.chi2.sf(wald, len(leads)))
    low, high, p = _inference(est, se, df, alpha)
    return EventStudyResult(
        estimate=est, se=se, ci_low=low, ci_high=high, p_value=p, n=fit["n"],
        n_clusters=fit["n_clusters"], method="event study (TWFE, relative-period indicators)",
        se_type=fit["se_type"], df=df, term="mean(e >= 0)", level=1 - alpha, periods=table,
        pretrend_f=f_stat, pretrend_p_value=p_pre, pretrend_df=(len(leads), df),
        reference=reference)
