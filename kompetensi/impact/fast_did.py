"""Fast staggered DiD estimators for simulations: numpy over many outcome draws at once.

:func:`fast_simple_att` is the Callaway & Sant'Anna (2021) simple ATT (never-treated controls,
varying base period, no covariates, balanced panel) with its influence-function SE summed
within clusters (``V = sum_c S_c^2 / n^2``, as :mod:`~kompetensi.impact.staggered`, which it
equals to rounding error); :func:`fast_twfe` is the static two-way fixed effects estimate with
the CR1 convention of :func:`~kompetensi.impact.panel.panel_effect`. Used by
:mod:`~kompetensi.impact.power_sim`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from kompetensi.impact.staggered import _panel


@dataclass(frozen=True)
class PanelArrays:
    """A balanced panel as arrays: ``y`` (units x periods), ``first_treated`` (0 = never),
    ``periods`` (ascending), ``clusters`` (integer codes or None), with the units dropped
    (not observed every period; treated in or before the first period) as in `staggered`."""

    y: np.ndarray = field(repr=False)
    first_treated: np.ndarray = field(repr=False)
    periods: np.ndarray
    clusters: np.ndarray | None = field(repr=False)
    n_dropped_unbalanced: int = 0
    n_dropped_always: int = 0


def panel_arrays(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
                 cluster: str | None = None) -> PanelArrays:
    """The balanced panel of :func:`~kompetensi.impact.staggered.group_time_effects` as arrays.

    Raises ``ValueError`` as ``group_time_effects`` does (missing columns, duplicated rows, a
    cohort or cluster varying within a unit, no treated or no never-treated unit).

    Examples
    --------
    >>> df = pd.DataFrame({"i": [1, 1, 2, 2, 3], "t": [1, 2, 1, 2, 1],
    ...                    "y": [0.0, 1, 0, 3, 5], "g": [0, 0, 2, 2, 0]})
    >>> a = panel_arrays(df, "y", "i", "t", "g")
    >>> a.y.tolist(), a.first_treated.tolist(), a.n_dropped_unbalanced
    ([[0.0, 1.0], [0.0, 3.0]], [0, 2], 1)
    """
    long, n_unbalanced, n_always = _panel(data, outcome, unit, time, first_treated, cluster)
    long = long.sort_values(["id", "t"], kind="stable")
    periods = np.sort(long["t"].unique())
    y = long["y"].to_numpy(dtype="float64").reshape(-1, len(periods))
    units = long.drop_duplicates("id")
    clusters = units["cl"].to_numpy(dtype="int64") if cluster is not None else None
    return PanelArrays(y, units["g"].to_numpy(dtype="int64"), periods, clusters,
                       n_unbalanced, n_always)


def _cluster_map(clusters: np.ndarray | None, n: int) -> sparse.csr_matrix:
    codes = np.arange(n) if clusters is None else np.unique(clusters, return_inverse=True)[1]
    return sparse.csr_matrix((np.ones(n), (np.arange(n), codes)))


def _cluster_sumsq(psi: np.ndarray, onehot: sparse.csr_matrix) -> np.ndarray:
    """sum over clusters of the squared within-cluster sums of ``psi`` (last axis = units)."""
    sums = np.asarray(onehot.T @ psi.reshape(-1, psi.shape[-1]).T).T
    return (sums**2).sum(axis=1).reshape(psi.shape[:-1])


def _scalar(x: np.ndarray):
    return float(x) if np.ndim(x) == 0 else x


def fast_simple_att(y: np.ndarray, first_treated: np.ndarray, periods: np.ndarray,
                    clusters: np.ndarray | None = None, *, influence: bool = False) -> tuple:
    """Callaway-Sant'Anna simple ATT and its influence-function SE, vectorized over draws.

    Each post-treatment cell (g, t >= g) is the 2x2 DiD ``mean(Y_t - Y_b | G = g) -
    mean(Y_t - Y_b | never)`` with b the last period before g; the simple ATT weighs the cells
    by cohort size, ``P(G = g)`` over all units. Influence function of a cell (scaled to all n
    units, as R ``did``): ``n [1(G=g)(dY - m_g)/n_g - 1(never)(dY - m_0)/n_0]``; of the
    aggregate: the weighted cell functions plus R ``did``'s term for the estimated weights
    (``wif``). ``V = G/(G-1) sum_c (sum_{i in c} psi_i)^2 / n^2`` (units, no factor, when ``clusters``
    is None).

    Parameters
    ----------
    y : ndarray
        Outcomes, shape (..., n units, T periods): leading axes are draws.
    first_treated : ndarray
        (n,) first treatment period, 0 = never treated; a period after the last one counts as
        never treated (R ``did``). No unit may be treated in the first period.
    periods : ndarray
        (T,) ascending periods of the columns of ``y``.
    clusters : ndarray, optional
        (n,) cluster of each unit.
    influence : bool
        Also return the influence function (shape ``y.shape[:-1]``).

    Returns
    -------
    tuple
        ``(estimate, se)``: floats for a 2-D ``y``, else arrays of shape ``y.shape[:-2]``;
        ``(estimate, se, psi)`` with ``influence``.

    Raises
    ------
    ValueError
        Shapes that do not match, unsorted periods, a unit treated in the first period, no
        treated or no never-treated unit.

    References
    ----------
    Callaway & Sant'Anna (2021), J. Econometrics 225(2), 200-230, eqs. 2.6 and 3.2; R ``did``
    ``compute.aggte`` (``wif``), ported in ``moderndid`` 0.2.0.

    Examples
    --------
    >>> y = np.array([[0.0, 1, 3], [0, 0, 4], [0, 1, 1], [0, 2, 2]])
    >>> est, se = fast_simple_att(y, np.array([3, 3, 0, 0]), np.array([1, 2, 3]))
    >>> round(est, 6)  # 2x2: (2 + 4) / 2 - (0 + 0) / 2
    3.0
    """
    y = np.asarray(y, dtype="float64")
    g = np.asarray(first_treated, dtype="int64").copy()
    periods = np.asarray(periods, dtype="int64")
    n, n_t = y.shape[-2:]
    if g.shape != (n,) or periods.shape != (n_t,) or (clusters is not None
                                                      and np.shape(clusters) != (n,)):
        raise ValueError(f"shapes do not match: y {y.shape}, first_treated {g.shape}, "
                         f"periods {periods.shape}")
    if np.any(np.diff(periods) <= 0):
        raise ValueError("periods must be strictly ascending")
    g[g > periods[-1]] = 0
    if np.any((g > 0) & (g <= periods[0])):
        raise ValueError("units treated in the first period have no pre-period: drop them "
                         "(panel_arrays does)")
    never = g == 0
    cohorts = np.unique(g[~never])
    if len(cohorts) == 0 or not never.any():
        raise ValueError("needs treated units and never-treated units")
    n0, pg, psi_cells, att_cells, wmask = int(never.sum()), [], [], [], []
    for c in cohorts:
        member = g == c
        n_g = int(member.sum())
        base = int(np.searchsorted(periods, c)) - 1
        for t in range(base + 1, n_t):
            dy = y[..., t] - y[..., base]
            m1 = dy[..., member].mean(axis=-1, keepdims=True)
            m0 = dy[..., never].mean(axis=-1, keepdims=True)
            psi_cells.append(n * (member * (dy - m1) / n_g - never * (dy - m0) / n0))
            att_cells.append((m1 - m0)[..., 0])
            pg.append(n_g / n)
            wmask.append(member)
    pg_arr = np.asarray(pg)
    s = pg_arr.sum()
    ind = np.asarray(wmask, dtype="float64") - pg_arr[:, None]  # (cells, n)
    wif = ind / s - ind.sum(axis=0)[None, :] * pg_arr[:, None] / s**2
    att = np.stack(att_cells, axis=-1)  # (..., cells)
    est = att @ (pg_arr / s)
    psi = sum(w / s * p for w, p in zip(pg_arr, psi_cells, strict=True)) + att @ wif
    factor = 1.0
    if clusters is not None:  # the CR1-type factor of staggered._vcov
        g_count = len(np.unique(clusters))
        factor = g_count / (g_count - 1) if g_count > 1 else np.nan
    se = np.sqrt(factor * _cluster_sumsq(psi, _cluster_map(clusters, n)) / n**2)
    return (_scalar(est), _scalar(se), psi) if influence else (_scalar(est), _scalar(se))


def permuted_simple_att(y: np.ndarray, first_treated: np.ndarray,
                        periods: np.ndarray) -> np.ndarray:
    """:func:`fast_simple_att`'s estimate for many assignments of the cohorts at once.

    For randomization inference: row r of ``first_treated`` (shape (R, n)) is one
    assignment, every row a permutation of the others (the same cohort sizes). The cell
    means are taken over the members in unit order and weighted as in
    :func:`fast_simple_att` with the same numpy operations on arrays of the same layout,
    so ``out[r]`` equals ``fast_simple_att(y, first_treated[r], periods)[0]`` bit for bit
    (no standard error, which is most of its time).

    Parameters
    ----------
    y : ndarray
        (n units, T periods) outcomes.
    first_treated : ndarray
        (R, n) first treatment periods, 0 = never (a period after the last: never).
    periods : ndarray
        (T,) ascending periods.

    Returns
    -------
    ndarray
        (R,) estimates.

    Raises
    ------
    ValueError
        As :func:`fast_simple_att`, and rows with different cohort sizes.

    Examples
    --------
    >>> y = np.array([[0.0, 1, 3], [0, 0, 4], [0, 1, 1], [0, 2, 2]])
    >>> g = np.array([[3, 3, 0, 0], [0, 3, 3, 0]])
    >>> permuted_simple_att(y, g, np.array([1, 2, 3])).tolist()
    [3.0, 1.0]
    """
    y = np.asarray(y, dtype="float64")
    g = np.asarray(first_treated, dtype="int64")
    periods = np.asarray(periods, dtype="int64")
    n, n_t = y.shape
    if y.ndim != 2 or g.ndim != 2 or g.shape[1] != n or periods.shape != (n_t,):
        raise ValueError(f"shapes do not match: y {y.shape}, first_treated {g.shape}, "
                         f"periods {periods.shape}")
    if np.any(np.diff(periods) <= 0):
        raise ValueError("periods must be strictly ascending")
    if np.any(g > periods[-1]):
        g = np.where(g > periods[-1], 0, g)
    if np.any((g > 0) & (g <= periods[0])):
        raise ValueError("units treated in the first period have no pre-period: drop them "
                         "(panel_arrays does)")
    n_draws = g.shape[0]
    cohorts = np.unique(g[0][g[0] != 0])
    offsets = (np.arange(n_draws) * n)[:, None]

    def members(value: int) -> np.ndarray:  # (R, size) unit indices in unit order
        mask = g == value
        counts = mask.sum(axis=1)
        size = int(counts[0])
        if np.any(counts != size):
            raise ValueError("every row of first_treated must be a permutation of the others")
        return np.flatnonzero(mask).reshape(n_draws, size) - offsets

    idx_never = members(0)
    if len(cohorts) == 0 or idx_never.shape[1] == 0:
        raise ValueError("needs treated units and never-treated units")
    pg, att_cells, seen = [], [], idx_never.shape[1]
    for c in cohorts:
        idx = members(c)
        seen += idx.shape[1]
        base = int(np.searchsorted(periods, c)) - 1
        for t in range(base + 1, n_t):
            dy = y[..., t] - y[..., base]
            att_cells.append(dy[idx].mean(axis=-1) - dy[idx_never].mean(axis=-1))
            pg.append(idx.shape[1] / n)
    if seen != n:
        raise ValueError("every row of first_treated must be a permutation of the others")
    pg_arr = np.asarray(pg)
    weights = pg_arr / pg_arr.sum()
    att = np.stack(att_cells, axis=-1)  # (R, cells), rows contiguous as fast_simple_att's
    return np.array([row @ weights for row in att], dtype="float64")


def treatment_matrix(first_treated: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """``D_it = 1(0 < g_i <= t)`` (n x T, float64), the static TWFE regressor.

    Examples
    --------
    >>> treatment_matrix(np.array([0, 2]), np.array([1, 2])).tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    g = np.asarray(first_treated, dtype="int64")[:, None]
    return ((g > 0) & (g <= np.asarray(periods)[None, :])).astype("float64")


def fast_twfe(y: np.ndarray, treated: np.ndarray, clusters: np.ndarray | None = None
              ) -> tuple:
    """Static TWFE slope of ``treated`` (unit and period effects) on a balanced panel.

    Two-way demeaning ``x - x_i. - x_.t + x..`` is the within transformation of a balanced
    panel; the slope is ``sum D~ y~ / sum D~^2``. SE as
    :func:`~kompetensi.impact.panel.panel_effect`: CR1 ``G/(G-1) (N-1)/(N-k-(T-1))`` with
    k = 2 (intercept and slope) and unit effects nested in clusters; classical
    ``SSR/(N-n-T)`` when ``clusters`` is None.

    Parameters
    ----------
    y : ndarray
        (..., n, T) outcomes (leading axes: draws).
    treated : ndarray
        (n, T) treatment indicator (:func:`treatment_matrix`).
    clusters : ndarray, optional
        (n,) cluster of each unit (constant within unit).

    Returns
    -------
    tuple
        ``(estimate, se)``, floats for a 2-D ``y``.

    References
    ----------
    Wooldridge (2010), Econometric Analysis of Cross Section and Panel Data, 2nd ed., 10.5;
    Cameron & Miller (2015), J. Human Resources 50(2), 317-372.

    Examples
    --------
    >>> y = np.array([[1.0, 2], [2, 3.5], [0, 2.5]])  # panel_effect's doctest: 1.0
    >>> round(fast_twfe(y, np.array([[0.0, 0], [0, 1], [0, 1]]))[0], 3)
    1.0
    """
    def within(x):
        return (x - x.mean(axis=-1, keepdims=True) - x.mean(axis=-2, keepdims=True)
                + x.mean(axis=(-2, -1), keepdims=True))

    y = np.asarray(y, dtype="float64")
    d = within(np.asarray(treated, dtype="float64"))
    n, n_t = d.shape
    sdd = float((d**2).sum())
    if sdd == 0:
        raise ValueError("the treatment does not vary within units and periods")
    yw = within(y)
    beta = (yw * d).sum(axis=(-2, -1)) / sdd
    resid = yw - beta[..., None, None] * d
    big_n = n * n_t
    if clusters is None:
        var = (resid**2).sum(axis=(-2, -1)) / (big_n - n - n_t) / sdd
    else:
        onehot = _cluster_map(clusters, n)
        n_cl = onehot.shape[1]
        factor = n_cl / (n_cl - 1) * (big_n - 1) / (big_n - 2 - (n_t - 1))
        var = factor * _cluster_sumsq((resid * d).sum(axis=-1), onehot) / sdd**2
    return _scalar(beta), _scalar(np.sqrt(var))
