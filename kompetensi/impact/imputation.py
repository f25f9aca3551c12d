"""Imputation / two-stage difference-in-differences (Borusyak-Jaravel-Spiess; Gardner).

Stage 1 fits unit and period fixed effects on the untreated observations only (never
treated, and the not-yet-treated rows of later cohorts); stage 2 regresses the residualized
outcome ``y - a_i - l_t`` on the treatment (static) or on relative-period indicators. The
point estimates are the imputation estimator with equal weights per treated observation
(Borusyak, Jaravel & Spiess 2024); the standard errors are the GMM cluster-robust variance of
Gardner (2021) as in R ``did2s`` (Butts & Gardner 2022).

Written here rather than called from pyfixest: pyfixest 0.60's ``did2s`` drops singleton
fixed effects in stage 1 (a cohort with a single untreated period, as in our data), predicts
NaN for them and then fails on mismatched arrays. A unit with one untreated observation has
its effect exactly identified and is kept here; treated rows that cannot be imputed are
dropped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import linalg, sparse
from scipy.sparse.csgraph import connected_components

from kompetensi.impact.core import EffectResult, _check_clusters, _result
from kompetensi.impact.robust_es import (
    DROPPED_COLUMNS,
    RobustEventStudyResult,
    _drop,
    _dropped_fields,
    _event_study_result,
    _staggered_panel,
)


@dataclass(frozen=True)
class ImputationResult(EffectResult):
    """:class:`EffectResult` with what was dropped before estimation and why (``dropped``:
    ``alasan``, ``n_unit``, ``n_obs``, as in :class:`RobustEventStudyResult`)."""

    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS),
                                  compare=False, repr=False)
    n_units_dropped: int = 0
    n_obs_dropped: int = 0


def _components(units: np.ndarray, times: np.ndarray, n_units: int, n_times: int) -> np.ndarray:
    """Connected components of the unit-period graph of the untreated rows (units first)."""
    edges = sparse.coo_matrix((np.ones(units.size), (units, n_units + times)),
                              shape=(n_units + n_times,) * 2)
    return connected_components(edges, directed=False)[1]


class _FixedEffects:
    """Normal equations of ``y = a_unit + l_time`` on the untreated rows, solved exactly.

    The unit block is diagonal, so the unit effects are eliminated (Schur complement, a
    T x T system); one period effect per connected component is set to 0 (the
    normalization; fitted values and imputations do not depend on it).
    """

    def __init__(self, units: np.ndarray, times: np.ndarray, n_units: int, n_times: int):
        self.n = np.bincount(units, minlength=n_units).astype("float64")
        m = np.bincount(times, minlength=n_times).astype("float64")
        self.c = sparse.csr_matrix((np.ones(units.size), (units, times)),
                                   shape=(n_units, n_times))
        schur = np.diag(m) - (self.c.T @ sparse.diags(1 / self.n) @ self.c).toarray()
        comp = _components(units, times, n_units, n_times)[n_units:]
        fixed = np.unique(comp, return_index=True)[1]
        self.free = np.setdiff1d(np.arange(n_times), fixed)
        self.factor = linalg.cho_factor(schur[np.ix_(self.free, self.free)])

    def solve(self, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A solution (a, l) of [D_u C; C' D_t] [a; l] = [p; q] (columns: right-hand sides)."""
        rhs = q - self.c.T @ (p / self.n[:, None])
        lam = np.zeros_like(q)
        if self.free.size:
            lam[self.free] = linalg.cho_solve(self.factor, rhs[self.free])
        return (p - self.c @ lam) / self.n[:, None], lam


def _imputable(frame: pd.DataFrame, log: list) -> pd.DataFrame:
    """Drop (and count) treated rows whose unit or period effect stage 1 cannot estimate."""
    u = frame["u"].to_numpy()
    t = pd.factorize(frame["t"])[0]
    n_units, n_times = u.max() + 1, t.max() + 1
    d = frame["d"].to_numpy()
    comp = _components(u[~d], t[~d], n_units, n_times)
    has_unit = np.bincount(u[~d], minlength=n_units)[u] > 0
    has_time = np.bincount(t[~d], minlength=n_times)[t] > 0
    joined = comp[u] == comp[n_units + t]
    reasons = [(d & ~has_unit, "unit without untreated observation (its effect cannot be "
                               "estimated)"),
               (d & has_unit & ~has_time, "period without untreated observation (its effect "
                                          "cannot be estimated)"),
               (d & has_unit & has_time & ~joined, "unit and period not connected through "
                                                   "untreated observations")]
    index = frame.index
    for remove, reason in reasons:  # disjoint
        frame = _drop(frame, pd.Series(remove, index=index).loc[frame.index], reason, log)
    return frame


def _two_stage(frame: pd.DataFrame, columns: np.ndarray, k: int) -> tuple:
    """Stage-2 coefficients and their GMM covariance (Butts & Gardner 2022, section 2).

    ``columns``: the stage-2 indicator of each row (-1: none); the indicators are disjoint,
    so X2'X2 is diagonal and each coefficient is a mean of residualized outcomes.
    V = (X2'X2)^-1 [sum_g W_g W_g'] (X2'X2)^-1 with W_g = X2g'e2g - X2'X1 (X10'X10)^-1
    X10g'e1g (X1 the fixed-effect design, X10 its untreated rows).
    """
    u = pd.factorize(frame["u"])[0]
    t = pd.factorize(frame["t"])[0]
    n_units, n_times = u.max() + 1, t.max() + 1
    untreated = ~frame["d"].to_numpy()
    y = frame["y"].to_numpy("float64")
    fe = _FixedEffects(u[untreated], t[untreated], n_units, n_times)
    p = np.bincount(u[untreated], y[untreated], minlength=n_units)[:, None]
    q = np.bincount(t[untreated], y[untreated], minlength=n_times)[:, None]
    a, lam = fe.solve(p, q)
    resid = y - a[u, 0] - lam[t, 0]  # stage 1: residual (untreated), imputed effect (treated)
    inside = columns >= 0
    counts = np.bincount(columns[inside], minlength=k).astype("float64")
    gamma = np.bincount(columns[inside], resid[inside], minlength=k) / counts
    e2 = resid - np.where(inside, gamma[np.maximum(columns, 0)], 0.0)
    e1 = np.where(untreated, resid, 0.0)
    x2 = sparse.csr_matrix((np.ones(int(inside.sum())), (np.flatnonzero(inside),
                                                          columns[inside])),
                           shape=(len(frame), k))
    unit_x = sparse.csr_matrix((np.ones(len(frame)), (u, np.arange(len(frame)))),
                               shape=(n_units, len(frame)))
    time_x = sparse.csr_matrix((np.ones(len(frame)), (t, np.arange(len(frame)))),
                               shape=(n_times, len(frame)))
    za, zl = fe.solve((unit_x @ x2).toarray(), (time_x @ x2).toarray())
    scores = x2.multiply(e2[:, None]).toarray() - e1[:, None] * (za[u] + zl[t])
    clusters = pd.factorize(frame["cl"])[0]
    w = np.zeros((clusters.max() + 1, k))
    np.add.at(w, clusters, scores)
    return gamma, (w.T @ w) / np.outer(counts, counts), counts


def imputation_effect(data: pd.DataFrame, outcome: str, unit: str, time: str,
                      first_treated: str, *, cluster: str | None = None, alpha: float = 0.05,
                      event_study: bool = False) -> ImputationResult | RobustEventStudyResult:
    """Imputation (two-stage DiD) effect of a staggered treatment, static or by period.

    Stage 1: ``outcome = a_unit + l_time`` by OLS on the untreated rows (``time <
    first_treated`` or never treated); stage 2: the residualized outcome of every row on
    the treatment indicator (static: the mean imputed effect over treated rows, the
    ATT of Borusyak et al. with equal weights) or on indicators of each relative period
    e = time - first_treated except e = -1 (``event_study=True``; the leads e < -1 are
    mean stage-1 residuals of the later-treated, a pre-trend check).

    Identification and drops (counted in ``dropped``): a unit with a single untreated row
    has its effect exactly identified and is kept (pyfixest's did2s drops it and fails);
    treated rows of a unit with no untreated row, of a period with no untreated row, or
    whose unit and period are not connected through untreated rows, cannot be imputed and
    are dropped, as are rows with a missing value. Units first treated after the last
    period of the data are never treated in it.

    Parameters
    ----------
    data : DataFrame
        Long data (one row per person and period; several rows per ``unit`` and period
        are allowed, e.g. ``unit`` a region with individuals in it).
    outcome, unit, time : str
        Column names; ``unit`` and ``time`` are the fixed effects; ``time`` numeric.
    first_treated : str
        Period of the row's first treatment (NaN or 0: never treated).
    cluster : str, optional
        Cluster column (e.g. ``"opd"``); default the unit.
    alpha : float
    event_study : bool
        Relative-period effects instead of one effect.

    Returns
    -------
    ImputationResult or RobustEventStudyResult
        Standard errors: the GMM cluster-robust variance of Gardner (2021) / R did2s (no
        small-sample factor, as did2s and pyfixest); t with G - 1 df. Event study: columns
        as in :func:`sun_abraham`; ``estimate`` the mean of the e >= 0 effects;
        ``pretrend_*`` the Wald F of the leads.

    Raises
    ------
    ValueError
        Missing column, no treated or untreated rows (or none left to impute), non-numeric
        ``time``, fewer than 2 clusters.

    References
    ----------
    Borusyak, K., Jaravel, X. & Spiess, J. (2024). Revisiting event-study designs: robust
    and efficient estimation. Review of Economic Studies 91(6), 3253-3285.
    Gardner, J. (2021). Two-stage differences in differences. arXiv:2207.05943.
    Butts, K. & Gardner, J. (2022). did2s: Two-stage difference-in-differences. The R
    Journal 14(3), 162-173.

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 1, 2, 2, 2, 3, 3, 3], "t": [1, 2, 3] * 3,
    ...                    "y": [1.0, 2, 5, 0, 1, 4, 2, 3, 4], "g": [2, 2, 2, 3, 3, 3, 0, 0, 0]})
    >>> res = imputation_effect(df, "y", "i", "t", "g")  # imputed: 2 - 2 = 0, 5 - 3 = 2, 4 - 2
    >>> round(res.estimate, 3), res.n_obs_dropped
    (1.333, 0)
    """
    frame, log = _staggered_panel(data, outcome, unit, time, first_treated, cluster)
    frame = _imputable(frame, log)
    if not frame["d"].any():
        raise ValueError("no treated observation can be imputed: "
                         f"{pd.DataFrame(log).to_dict('records')}")
    n_clusters = _check_clusters(frame["cl"], cluster or unit)
    df = float(n_clusters - 1)
    se_type = f"GMM two-stage cluster-robust ({cluster or unit}; did2s, no small-sample factor)"
    method = "imputation / two-stage DiD (Borusyak-Jaravel-Spiess; Gardner)"
    if not event_study:
        columns = np.where(frame["d"], 0, -1)
        gamma, cov, _ = _two_stage(frame, columns, 1)
        res = _result(gamma[0], np.sqrt(cov[0, 0]), df, alpha, n=len(frame),
                      n_clusters=n_clusters, method=method, se_type=se_type, term="treated")
        return ImputationResult(**res.as_dict(), **_dropped_fields(log))
    rel = frame["e"].where(frame["e"] != -1)
    periods = sorted(int(e) for e in rel.dropna().unique())
    columns = rel.map({e: j for j, e in enumerate(periods)}).fillna(-1).astype(int).to_numpy()
    gamma, cov, _ = _two_stage(frame, columns, len(periods))
    return _event_study_result(periods, gamma, cov, df, alpha, frame, log,
                               n=len(frame), n_clusters=n_clusters,
                               method=method + ", event study", se_type=se_type)
