"""Event studies robust to heterogeneous effects under staggered adoption (Sun & Abraham).

Staggered adoption: a unit's cohort is the period of its first treatment (``first_treated``;
NaN or 0: never treated). The two-way fixed-effects event study (:func:`event_study`) mixes
the cohorts' effects with weights that can be negative when effects differ between cohorts;
the estimators here do not. :func:`sun_abraham` (interaction-weighted, via pyfixest) and
:func:`treatment_heterogeneity_test` live here, the imputation / two-stage estimator in
:mod:`kompetensi.impact.imputation`; both share the data preparation and result type below.

Rows dropped before estimation are counted in the result's ``dropped`` table (columns
``alasan``, ``n_unit``, ``n_obs``) and in ``n_units_dropped``/``n_obs_dropped``.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.impact.core import (
    EventStudyResult,
    _as_float,
    _check_clusters,
    _check_columns,
    _inference,
)

DROPPED_COLUMNS = ["alasan", "n_unit", "n_obs"]


@dataclass(frozen=True)
class RobustEventStudyResult(EventStudyResult):
    """:class:`EventStudyResult` with what was dropped before estimation and why.

    ``dropped``: one row per reason (``alasan``) with the units (``n_unit``: units that lost
    every row) and rows (``n_obs``) dropped; ``periods`` also has ``n_kohort``, the number of
    cohorts behind each relative period.
    """

    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS),
                                  compare=False, repr=False)
    n_units_dropped: int = 0
    n_obs_dropped: int = 0


@dataclass(frozen=True)
class HeterogeneityTest:
    """Wald test that cohort-specific effects are equal across cohorts at each event time.

    ``statistic`` is the Wald F (chi-squared / q) with ``df`` = (q, G - 1); ``wald_chi2`` and
    ``chi2_p_value`` the asymptotic version; ``periods`` the event times tested.
    """

    statistic: float
    df: tuple[int, float]
    p_value: float
    wald_chi2: float
    chi2_p_value: float
    periods: tuple[int, ...]
    n_clusters: int


def _drop(frame: pd.DataFrame, remove: pd.Series, reason: str, log: list) -> pd.DataFrame:
    """``frame`` without the rows in ``remove``; the count goes into ``log``."""
    if remove.any():
        lost = set(frame.loc[remove, "u"].dropna()) - set(frame.loc[~remove, "u"])
        log.append({"alasan": reason, "n_unit": len(lost), "n_obs": int(remove.sum())})
    return frame[~remove]


def _dropped_fields(log: list) -> dict:
    table = pd.DataFrame(log, columns=DROPPED_COLUMNS)
    return {"dropped": table, "n_units_dropped": int(table["n_unit"].sum()),
            "n_obs_dropped": int(table["n_obs"].sum())}


def _staggered_panel(data: pd.DataFrame, outcome: str, unit: str, time: str,
                     first_treated: str, cluster: str | None) -> tuple[pd.DataFrame, list]:
    """Internal columns y, u, t, g (0: never treated), e (t - g; NaN never), d, cl."""
    _check_columns(data, [outcome, unit, time, first_treated, cluster])
    cols = list(dict.fromkeys([outcome, unit, time, first_treated, cluster or unit]))
    frame = _as_float(data[cols]).reset_index(drop=True)
    for name in (time, first_treated):
        if not pd.api.types.is_numeric_dtype(frame[name]):
            raise ValueError(f"'{name}' must be numeric (e.g. the year)")
    g = frame[first_treated].fillna(0.0)
    if (g < 0).any():
        raise ValueError(f"'{first_treated}' must be a period, or NaN/0 for never treated")
    g = g.where(g <= frame[time].max(), 0.0)  # first treated after the data: never, in it
    out = pd.DataFrame({"y": frame[outcome], "u": frame[unit], "t": frame[time], "g": g,
                        "cl": frame[cluster or unit]})
    log: list = []
    out = _drop(out, out[["y", "u", "t", "cl"]].isna().any(axis=1), "missing value", log)
    out["e"] = (out["t"] - out["g"]).where(out["g"] > 0)
    observed = out["e"].dropna()
    if not np.allclose(observed, observed.round()):
        raise ValueError(f"'{time}' - '{first_treated}' must be whole periods")
    out["d"] = out["e"] >= 0
    if not out["d"].any():
        raise ValueError("no treated observations: the effect cannot be estimated")
    if out["d"].all():
        raise ValueError("no untreated observations: the effect cannot be estimated")
    for col in ("u", "cl"):
        out[col] = pd.factorize(out[col])[0]
    return out, log


def _saturated(data, outcome, unit, time, first_treated, cluster):
    """The Sun-Abraham cohort x relative-period regression (pyfixest's ``saturated`` spec)."""
    import pyfixest as pf

    frame, log = _staggered_panel(data, outcome, unit, time, first_treated, cluster)
    if frame.duplicated(["u", "t"]).any():
        raise ValueError(f"more than one row per {unit} and {time}: a panel needs one "
                         "observation per unit and period")
    if (frame.groupby("u")["g"].nunique() > 1).any():
        raise ValueError(f"'{first_treated}' must be constant within each {unit}")
    always = frame.groupby("u")["d"].transform("all")
    frame = _drop(frame, always, "treated in every observed period (no pre-period)", log)
    with_ref = set(frame.loc[frame["e"] == -1, "g"])
    no_ref = (frame["g"] > 0) & ~frame["g"].isin(with_ref)
    frame = _drop(frame, no_ref, "cohort not observed in the reference period e = -1", log)
    if not (frame["g"] == 0).any():
        raise ValueError("Sun-Abraham with never-treated controls needs never-treated units "
                         f"('{first_treated}' NaN or 0)")
    if not frame["d"].any():
        raise ValueError("no treated observations left after the drops: "
                         f"{pd.DataFrame(log).to_dict('records')}")
    n_clusters = _check_clusters(frame["cl"], cluster or unit)
    work = pd.DataFrame({
        "y": frame["y"].to_numpy(float), "u": frame["u"].to_numpy(),
        "t": frame["t"].to_numpy(float), "cl": frame["cl"].to_numpy(),
        "rel_time": frame["e"].fillna(np.inf).to_numpy(float),
        "first_treated_period": frame["g"].round().astype("int64")}).reset_index(drop=True)
    with warnings.catch_warnings():  # i() makes empty cohort x period cells: checked below
        warnings.filterwarnings("ignore", message="(?s).*dropped due to multicollinearity")
        warnings.filterwarnings("ignore", message="(?s).*inplace keyword")  # pyfixest, pandas 3
        warnings.filterwarnings("ignore", message="invalid value encountered in sqrt")
        fit = pf.feols("y ~ i(rel_time, first_treated_period, ref=-1.0, ref2=0) | u + t",
                       work, vcov={"CRV1": "cl"}, fixef_rm="none")
    if int(fit._N) != len(work):
        raise RuntimeError(f"pyfixest used {fit._N} of {len(work)} rows")
    cells = _cells(fit)
    observed = frame.loc[(frame["g"] > 0) & (frame["e"] != -1), ["g", "e"]].drop_duplicates()
    if len(observed) != len(cells):
        raise ValueError(f"{len(observed) - len(cells)} cohort x relative-period effect(s) "
                         "collinear with the fixed effects (e.g. no never-treated unit "
                         "observed in some period): not identified")
    return frame, log, fit, cells, n_clusters


_COEF = re.compile(r"^rel_time::(?P<e>[-0-9.e+]+):first_treated_period::(?P<g>[0-9.e+]+)$")


def _cells(fit) -> pd.DataFrame:
    """One row per coefficient: its event time e and cohort g."""
    rows = []
    for name in map(str, fit._coefnames):
        match = _COEF.match(name)
        if match is None:
            raise RuntimeError(f"unexpected pyfixest coefficient name {name!r}")
        rows.append((int(round(float(match["e"]))), float(match["g"])))
    return pd.DataFrame(rows, columns=["e", "g"])


def _wald(r: np.ndarray, b: np.ndarray, v: np.ndarray) -> float:
    """(Rb)' (R V R')^-1 (Rb); NaN when R V R' is singular (e.g. a zero variance)."""
    rb = r @ b
    try:
        return float(rb @ np.linalg.solve(r @ v @ r.T, rb))
    except np.linalg.LinAlgError:
        return math.nan


def sun_abraham(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
                *, cluster: str | None = None, alpha: float = 0.05) -> RobustEventStudyResult:
    """Sun & Abraham (2021) interaction-weighted event study, never-treated controls.

    Fits ``outcome ~ sum_{g, e != -1} b_{g,e} [cohort = g][t - g = e] | unit + time`` (every
    cohort x relative period, reference e = -1, never-treated units as controls; pyfixest
    ``feols`` with the formula of its ``event_study(estimator="saturated")``), then averages
    the cohort effects of each relative period e with the cohorts' shares of the rows at e
    as weights (the weights of pyfixest's ``aggregate()``; the tests check both agree). The
    cohort is ``first_treated`` itself, not pyfixest's first observed treated row, so a
    unit missing in its first treatment year is not misdated. In a balanced panel without
    covariates this equals the Callaway-Sant'Anna event study with never-treated controls
    and a universal base period.

    Before fitting, these are dropped and counted (``dropped``): rows with a missing value;
    units treated in every observed period (no pre-period); cohorts never observed at
    e = -1. Units first treated after the last period of the data are never treated in it
    (as in R ``did``). Units observed once are kept (inert: their fixed effect fits them).

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome, unit, time : str
        Column names; ``time`` numeric (e.g. the year).
    first_treated : str
        Period of the unit's first treatment (constant within unit); NaN or 0: never
        treated.
    cluster : str, optional
        Cluster column (e.g. ``"opd"``); default the unit.
    alpha : float

    Returns
    -------
    RobustEventStudyResult
        ``periods``: ``periode_relatif``, ``estimasi``, ``se``, ``ci_bawah``, ``ci_atas``,
        ``nilai_p``, ``n_obs_perlakuan`` (rows of treated cohorts at e), ``n_kohort``; the
        reference row e = -1 has estimate 0. ``estimate``: mean of the e >= 0 effects (equal
        weights; variance from the joint covariance). ``pretrend_*``: Wald F of the leads.
        Standard errors: pyfixest CRV1 (G/(G-1) (n-1)/(n-k), fixed effects nested in the
        clusters not counted in k), t with G - 1 df.

    Raises
    ------
    ValueError
        Missing column, no treated or untreated rows, no never-treated unit, duplicated
        unit-period rows, ``first_treated`` varying within a unit, fewer than 2 clusters.

    References
    ----------
    Sun, L. & Abraham, S. (2021). Estimating dynamic treatment effects in event studies with
    heterogeneous treatment effects. Journal of Econometrics 225(2), 175-199.
    Callaway, B. & Sant'Anna, P.H.C. (2021). Journal of Econometrics 225(2), 200-230.

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], "t": [1, 2, 3] * 4,
    ...                    "y": [1.5, 2, 5, 2, 3, 6, 0, 1, 2, 1, 2, 3],
    ...                    "g": [3, 3, 3, 3, 3, 3, None, None, None, 0, 0, 0]})
    >>> res = sun_abraham(df, "y", "i", "t", "g")  # controls +1 a period; treated +0.75, +3
    >>> res.periods.set_index("periode_relatif").estimasi.round(3).to_dict()
    {-2: 0.25, -1: 0.0, 0: 2.0}
    """
    frame, log, fit, cells, n_clusters = _saturated(data, outcome, unit, time, first_treated,
                                                    cluster)
    b, v = np.asarray(fit._beta_hat, float), np.asarray(fit._vcov, float)
    counts = frame.groupby(["g", "e"]).size()
    cells["n"] = [int(counts.get((g, e), 0)) for e, g in zip(cells["e"], cells["g"],
                                                             strict=True)]
    periods = sorted(cells["e"].unique())
    weights = np.zeros((len(periods), len(b)))
    for row, e in enumerate(periods):
        at = (cells["e"] == e).to_numpy()
        weights[row, at] = cells.loc[at, "n"] / cells.loc[at, "n"].sum()
    est, cov = weights @ b, weights @ v @ weights.T
    df = float(n_clusters - 1)
    return _event_study_result(
        periods, est, cov, df, alpha, frame, log, n=int(fit._N), n_clusters=n_clusters,
        method="Sun-Abraham interaction-weighted event study (pyfixest saturated; "
               "never-treated controls)",
        se_type=f"CR1 ({cluster or unit}; pyfixest CRV1)")


def _event_study_result(periods, est, cov, df, alpha, frame, log, *, n, n_clusters, method,
                        se_type) -> RobustEventStudyResult:
    """The result of an event study from its period estimates and their covariance."""
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    rows = [(e, float(x), float(s), *_inference(float(x), float(s), df, alpha))
            for e, x, s in zip(periods, est, se, strict=True)]
    table = pd.DataFrame(rows, columns=["periode_relatif", "estimasi", "se", "ci_bawah",
                                        "ci_atas", "nilai_p"])
    if -1 not in periods:
        table.loc[len(table)] = [-1, 0.0, math.nan, math.nan, math.nan, math.nan]
    table["periode_relatif"] = table["periode_relatif"].astype(int)
    cohorts = frame[frame["g"] > 0].groupby("e")["g"]
    table["n_obs_perlakuan"] = table["periode_relatif"].map(cohorts.size()).fillna(0).astype(int)
    table["n_kohort"] = table["periode_relatif"].map(cohorts.nunique()).fillna(0).astype(int)
    table = table.sort_values("periode_relatif", ignore_index=True)
    pos = np.asarray(periods)
    post, leads = np.flatnonzero(pos >= 0), np.flatnonzero(pos < 0)
    if post.size:
        w = np.full(post.size, 1 / post.size)
        mean = float(w @ est[post])
        mean_se = math.sqrt(max(float(w @ cov[np.ix_(post, post)] @ w), 0.0))
    else:
        mean = mean_se = math.nan
    f_stat = p_pre = math.nan
    if leads.size:
        f_stat = _wald(np.eye(len(est))[leads], est, cov) / leads.size
        p_pre = float(stats.f.sf(f_stat, leads.size, df))
    low, high, p = _inference(mean, mean_se, df, alpha)
    return RobustEventStudyResult(
        estimate=mean, se=mean_se, ci_low=low, ci_high=high, p_value=p, n=n,
        n_clusters=n_clusters, method=method, se_type=se_type, df=df, term="mean(e >= 0)",
        level=1 - alpha, periods=table, pretrend_f=f_stat, pretrend_p_value=p_pre,
        pretrend_df=(int(leads.size), df), reference=-1, **_dropped_fields(log))


def treatment_heterogeneity_test(data: pd.DataFrame, outcome: str, unit: str, time: str,
                                 first_treated: str, *,
                                 cluster: str | None = None) -> HeterogeneityTest:
    """Test that the cohorts' effects are equal at each event time e >= 0 (Sun-Abraham fit).

    H0: b_{g,e} = b_{g',e} for every pair of cohorts g, g' observed at the same relative
    period e >= 0 (q = sum over e of (cohorts at e) - 1 restrictions), in the regression of
    :func:`sun_abraham`. Rejecting it says the cohorts' effects differ (so a TWFE event study
    would mix them with contaminated weights); not rejecting it does not show they are equal.
    This is the hypothesis of Lal (2025), a common event-time effect plus cohort deviations
    with the deviations tested. pyfixest 0.60's own ``test_treatment_heterogeneity()`` is
    not used: on the saturated fit it tests that every cohort effect at e > 0 is zero, a
    different hypothesis.

    Parameters
    ----------
    data, outcome, unit, time, first_treated, cluster
        As in :func:`sun_abraham` (the same drops).

    Returns
    -------
    HeterogeneityTest
        Wald F with (q, G - 1) df and the chi-squared version, from the CRV1 covariance.

    Raises
    ------
    ValueError
        No relative period e >= 0 with two or more cohorts, and the errors of
        :func:`sun_abraham`.

    References
    ----------
    Sun, L. & Abraham, S. (2021). Journal of Econometrics 225(2), 175-199 (section 4).
    Lal, A. (2025). Testing for treatment effect heterogeneity in event studies.
    arXiv:2503.05125.

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6],
    ...                    "t": [1, 2, 3] * 6,
    ...                    "y": [0, 1, 3, 1, 2, 4.2, 0, 2, 3, 1, 2.5, 3.7, 0, 1, 2, 1, 2, 3.1],
    ...                    "g": [3] * 6 + [2] * 6 + [None] * 6})
    >>> test = treatment_heterogeneity_test(df, "y", "i", "t", "g")
    >>> test.periods, test.df
    ((0,), (1, 5.0))
    """
    *_, fit, cells, n_clusters = _saturated(data, outcome, unit, time, first_treated, cluster)
    b, v = np.asarray(fit._beta_hat, float), np.asarray(fit._vcov, float)
    rows, tested = [], []
    for e in sorted(cells.loc[cells["e"] >= 0, "e"].unique()):
        at = np.flatnonzero((cells["e"] == e).to_numpy())
        if at.size < 2:
            continue
        tested.append(int(e))
        for j in at[1:]:
            r = np.zeros(len(b))
            r[at[0]], r[j] = 1.0, -1.0
            rows.append(r)
    if not rows:
        raise ValueError("no relative period e >= 0 is observed for two or more cohorts: "
                         "nothing to compare")
    wald = _wald(np.vstack(rows), b, v)
    q, df = len(rows), float(n_clusters - 1)
    return HeterogeneityTest(statistic=wald / q, df=(q, df),
                             p_value=float(stats.f.sf(wald / q, q, df)), wald_chi2=wald,
                             chi2_p_value=float(stats.chi2.sf(wald, q)), periods=tuple(tested),
                             n_clusters=n_clusters)
