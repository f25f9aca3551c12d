"""How much may parallel trends fail before an event study's conclusion changes?

Rambachan & Roth (2023) replace exact parallel trends by a set Delta of allowed violations
delta (the bias of each event-study coefficient) and report confidence sets for the effect
theta = l'tau_post that are valid for every delta in Delta:

* :func:`relative_magnitudes`, Delta^RM(Mbar): each post-treatment change of the violation,
  |delta_t - delta_(t-1)|, is at most Mbar times the largest pre-treatment change
  (conditional / conditional-least-favourable hybrid test, inverted on a grid);
* :func:`smoothness_bounds`, Delta^SD(M): the slope of the violation changes by at most M
  per period (fixed-length confidence interval).

Both rest on the HonestDiD port in :mod:`moderndid.didhonest` (moderndid 0.2.0; the Delta^RM
polyhedra are built in :mod:`kompetensi.impact.relmag`, see there why) and need the
event-study coefficients and their *full* covariance matrix ordered pre-periods then
post-periods, without the reference period
(:func:`~kompetensi.impact.sensitivity_input.from_event_study` builds them from an
event-study table). Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

RM_METHODS = {"C-LF": "LF", "Conditional": "ARP"}


@dataclass(frozen=True)
class SensitivityResult:
    """Robust confidence sets over a grid of restriction sizes.

    ``table``: one row per value of the restriction parameter (column ``mbar`` for Delta^RM,
    ``m`` for Delta^SD) with ``ci_low``/``ci_high`` (robust CI; NaN if the test rejects every
    grid point), ``id_low``/``id_high`` (identified set of theta at the estimated
    coefficients; NaN if they lie outside Delta), ``grid_step`` (resolution of the test
    inversion; NaN for the FLCI) and ``method``. ``estimate``/``se``/``ci_low``/``ci_high``:
    theta = l'beta_post and its original (normal) CI under exact parallel trends.
    ``breakdown``: the smallest value in the grid whose robust CI contains 0 (NaN if none
    does); the breakdown value of Rambachan & Roth, the largest value at which the effect
    stays significant, lies below it (above the grid's previous value).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    breakdown: float
    restriction: str
    method: str
    target: tuple[float, ...]
    num_pre: int
    num_post: int
    level: float = 0.95
    table: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)


def _target_vector(target, num_post: int) -> np.ndarray:
    if isinstance(target, str):
        if target == "average":
            return np.full(num_post, 1.0 / num_post)
        if target == "first":
            return np.eye(num_post)[0]
        raise ValueError(f"target must be 'average', 'first' or a vector, not {target!r}")
    vec = np.asarray(target, dtype="float64").ravel()
    if vec.size != num_post or not np.isfinite(vec).all() or not np.any(vec):
        raise ValueError(f"target vector must have {num_post} finite weights (one per "
                         "post-period), not all zero")
    return vec


def _check_inputs(betahat, sigma, num_pre: int, num_post: int, alpha: float):
    if int(num_pre) != num_pre or int(num_post) != num_post or num_pre < 1 or num_post < 1:
        raise ValueError("num_pre and num_post must be integers >= 1 (HonestDiD needs at least "
                         "one pre-period besides the reference period)")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), not {alpha}")
    b = np.asarray(betahat, dtype="float64").ravel()
    s = np.asarray(sigma, dtype="float64")
    k = int(num_pre) + int(num_post)
    if b.size != k:
        raise ValueError(f"betahat has {b.size} entries, expected num_pre + num_post = {k}")
    if s.shape != (k, k):
        raise ValueError(f"sigma must be the full {k}x{k} covariance matrix of betahat, "
                         f"got shape {s.shape}")
    if not (np.isfinite(b).all() and np.isfinite(s).all()):
        raise ValueError("betahat and sigma must be finite")
    scale = max(float(np.abs(s).max()), np.finfo(float).tiny)
    if np.abs(s - s.T).max() > 1e-8 * scale:
        raise ValueError("sigma must be symmetric")
    s = (s + s.T) / 2
    if np.linalg.eigvalsh(s).min() < -1e-8 * scale:
        raise ValueError("sigma must be positive semi-definite")
    return b, s, int(num_pre), int(num_post)


def _original(b, s, num_pre: int, lvec, alpha: float):
    est = float(lvec @ b[num_pre:])
    se = math.sqrt(max(float(lvec @ s[num_pre:, num_pre:] @ lvec), 0.0))
    q = float(stats.norm.ppf(1 - alpha / 2))
    return est, se, est - q * se, est + q * se


def _breakdown(table: pd.DataFrame, column: str) -> float:
    covers = table[(table["ci_low"] <= 0) & (table["ci_high"] >= 0)]
    return float(covers[column].min()) if len(covers) else math.nan


def _grid_values(values, name: str) -> list[float]:
    vals = [float(v) for v in np.atleast_1d(np.asarray(values, dtype="float64"))]
    if not vals or any(not math.isfinite(v) or v < 0 for v in vals):
        raise ValueError(f"{name} must be a non-empty sequence of finite values >= 0")
    return sorted(set(vals))


def relative_magnitudes(betahat, sigma, num_pre: int, num_post: int, *,
                        mbar: Sequence[float] = (0, 0.5, 1, 1.5, 2), alpha: float = 0.05,
                        target="average", method: str = "C-LF", grid_points: int = 1000,
                        seed: int = 0) -> SensitivityResult:
    """Robust confidence sets under relative magnitudes, Delta^RM(Mbar).

    Delta^RM(Mbar) allows any violation of parallel trends whose post-treatment changes
    |delta_t - delta_(t-1)| (t >= 1, delta_0 = 0 at the reference period) are at most Mbar
    times the largest pre-treatment change. Mbar = 0 imposes parallel trends after treatment
    (the identified set is the point estimate), Mbar = 1 allows post-treatment violations as
    large as the worst pre-treatment one. For each Mbar the test of Rambachan & Roth (2023,
    Section 3: conditional test of Andrews, Roth & Pakes, or its least-favourable hybrid) is
    inverted on ``grid_points`` values spanning the identified set +- 20 standard errors of
    theta (the grid of moderndid's ``create_sensitivity_results_rm``), so the CI bounds are
    accurate to one ``grid_step`` (:func:`kompetensi.impact.relmag.accepted`).

    Runtime: "C-LF" simulates a least-favourable critical value (1000 draws, one linear
    programme each) per polyhedron, i.e. per (Mbar > 0, pre-period change, sign): about 1 s
    each on one core, so 2 * num_pre seconds per Mbar (Mbar = 0 once); "Conditional" takes
    well under a second per Mbar.

    Parameters
    ----------
    betahat : array, (num_pre + num_post,)
        Event-study coefficients: the leads (oldest first), then the lags (e = 0 first); the
        reference period (normalised to 0) excluded. See
        :func:`~kompetensi.impact.sensitivity_input.from_event_study`.
    sigma : array, (num_pre + num_post, num_pre + num_post)
        Their full covariance matrix (the correlations between leads and lags matter, so
        standard errors alone are not enough).
    num_pre, num_post : int
        Number of leads and lags in ``betahat`` (both >= 1).
    mbar : sequence of float
        Values of Mbar (>= 0), sorted ascending in the table.
    alpha : float
        1 - confidence level.
    target : "average", "first" or array of num_post weights
        theta = l'tau_post: the mean effect over the post-periods (default, as
        :func:`~kompetensi.impact.panel.event_study`'s ``estimate``), the first-period effect
        (HonestDiD's default) or any weights l.
    method : "C-LF" or "Conditional"
        Hybrid (HonestDiD's default, better power) or the pure conditional test.
    grid_points : int
        Number of grid points of the test inversion.
    seed : int
        Seed of the least-favourable simulation with one post-period (with more, moderndid
        0.2.0 always seeds it with 0 itself): the result is deterministic.

    Returns
    -------
    SensitivityResult
        ``table`` columns ``mbar``, ``ci_low``, ``ci_high``, ``id_low``, ``id_high``,
        ``grid_step``, ``method``; ``breakdown``: smallest Mbar in the grid whose robust CI
        contains 0. ``ci_low``/``ci_high`` of the result: original CI (normal quantile, as
        HonestDiD's ``constructOriginalCS``).

    Raises
    ------
    ValueError
        Non-conformable or non-finite inputs, a non-symmetric or indefinite ``sigma``, no
        lead or lag, a bad ``target``, ``mbar`` or ``method``, zero variance of theta.

    Warns
    -----
    RuntimeWarning
        A robust CI reaches the end of the grid (it may be cut off there).

    References
    ----------
    Rambachan, A. & Roth, J. (2023). A more credible approach to parallel trends. Review of
    Economic Studies 90(5), 2555-2591 (Delta^RM: Section 2; inference: Section 3).
    Andrews, I., Roth, J. & Pakes, A. (2023). Inference for linear conditional moment
    inequalities. Review of Economic Studies 90(6), 2763-2791.
    R package HonestDiD, ``createSensitivityResults_relativeMagnitudes``.

    Examples
    --------
    Largest pre-period change 0.02 (from 0.01 to -0.01), so with Mbar = 1 the violation
    may move by 0.02 per post-period: the mean of two lags is off by up to 1.5 * 0.02.

    >>> b = np.array([0.01, -0.01, 0.05, 0.06])  # two leads, two lags
    >>> res = relative_magnitudes(b, np.diag([1e-4] * 4), 2, 2, mbar=[0, 1],
    ...                           method="Conditional")
    >>> res.table[["mbar", "id_low", "id_high"]].round(3).to_dict("list")
    {'mbar': [0.0, 1.0], 'id_low': [0.055, 0.025], 'id_high': [0.055, 0.085]}
    >>> float(res.breakdown)
    1.0
    """
    from kompetensi.impact import relmag

    b, s, num_pre, num_post = _check_inputs(betahat, sigma, num_pre, num_post, alpha)
    if method not in RM_METHODS:
        raise ValueError(f"method must be one of {sorted(RM_METHODS)}, not {method!r}")
    if int(grid_points) < 10:
        raise ValueError("grid_points must be at least 10")
    lvec = _target_vector(target, num_post)
    values = _grid_values(mbar, "mbar")
    est, se, low, high = _original(b, s, num_pre, lvec, alpha)
    if not se > 0:
        raise ValueError("theta = l'beta_post has zero variance: check sigma and target")
    rows = []
    for value in values:
        id_low, id_high = relmag.identified_set(b, lvec, num_pre, num_post, value)
        grid = np.linspace(id_low - 20 * se, id_high + 20 * se, int(grid_points))
        accept = relmag.accepted(b, s, num_pre, num_post, lvec, value, alpha,
                                 RM_METHODS[method], grid, seed)
        if accept.any():
            ci = float(grid[accept].min()), float(grid[accept].max())
            if accept[0] or accept[-1]:
                warnings.warn(f"robust CI at Mbar = {value} reaches the end of the grid "
                              f"[{grid[0]:.4g}, {grid[-1]:.4g}]; it may be cut off",
                              RuntimeWarning, stacklevel=2)
        else:
            ci = (math.nan, math.nan)
        rows.append((value, *ci, id_low, id_high, float(grid[1] - grid[0]), method))
    table = pd.DataFrame(rows, columns=["mbar", "ci_low", "ci_high", "id_low", "id_high",
                                        "grid_step", "method"])
    return SensitivityResult(est, se, low, high, _breakdown(table, "mbar"),
                             "relative magnitudes (Delta^RM)", method, tuple(lvec.tolist()),
                             num_pre, num_post, 1 - alpha, table)


def smoothness_bounds(betahat, sigma, num_pre: int, num_post: int, *,
                      m: Sequence[float] | None = None, alpha: float = 0.05,
                      target="average") -> SensitivityResult:
    """Fixed-length confidence intervals under smoothness, Delta^SD(M).

    Delta^SD(M) allows violations whose slope changes by at most M between consecutive
    periods, |(delta_(t+1) - delta_t) - (delta_t - delta_(t-1))| <= M; M = 0 allows an
    exactly linear violation (a linear pre-trend extrapolated). The bounds are the
    optimal fixed-length CIs of Rambachan & Roth (2023), via
    :func:`moderndid.didhonest.create_sensitivity_results_sm` (no grid: fast). M is in
    the units of the coefficients.

    Parameters
    ----------
    betahat, sigma, num_pre, num_post, alpha, target
        As in :func:`relative_magnitudes`.
    m : sequence of float, optional
        Values of M (>= 0); default 10 values from 0 to a data-driven upper bound
        (HonestDiD's ``DeltaSD_upperBound_Mpre``, needs num_pre >= 2).

    Returns
    -------
    SensitivityResult
        ``table`` columns ``m``, ``ci_low``, ``ci_high``, ``id_low``, ``id_high`` (NaN when
        the leads' own second differences exceed M: the estimated pre-trend lies outside
        Delta^SD(M), which the FLCI does not check), ``grid_step`` (NaN), ``method``
        ("FLCI"); ``breakdown`` the smallest M whose CI contains 0.

    Raises
    ------
    ValueError
        As in :func:`relative_magnitudes`; ``m`` omitted with a single lead.

    References
    ----------
    Rambachan & Roth (2023): Delta^SD in Section 2, FLCIs in Section 4; Armstrong, T. &
    Kolesar, M. (2018). Optimal inference in a class of regression models. Econometrica
    86(2), 655-683. R package HonestDiD, ``createSensitivityResults``.

    Examples
    --------
    >>> b = np.array([-0.02, -0.01, 0.03])  # linear pre-trend of +0.01 per period
    >>> res = smoothness_bounds(b, np.diag([1e-4, 1e-4, 1e-4]), 2, 1, m=[0])
    >>> res.table[["m", "id_low", "id_high"]].round(3).to_dict("list")  # 0.03 - 0.01
    {'m': [0.0], 'id_low': [0.02], 'id_high': [0.02]}
    """
    from moderndid.didhonest import compute_identified_set_sd, create_sensitivity_results_sm

    b, s, num_pre, num_post = _check_inputs(betahat, sigma, num_pre, num_post, alpha)
    lvec = _target_vector(target, num_post)
    if m is None and num_pre < 2:
        raise ValueError("with a single lead give the values of m explicitly")
    values = None if m is None else _grid_values(m, "m")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # cvxpy's solver chatter
        out = create_sensitivity_results_sm(b, s, num_pre, num_post, method="FLCI",
                                            m_vec=values, l_vec=lvec, alpha=alpha)
    # the leads' own second differences (delta_0 = 0 appended) must respect M, else the
    # identified set is empty (moderndid then returns the point estimate instead)
    pre_curv = np.abs(np.diff(np.r_[b[:num_pre], 0.0], 2))
    rows = []
    for r in out.iter_rows(named=True):
        ident = compute_identified_set_sd(r["m"], b, lvec, num_pre, num_post)
        empty = pre_curv.size and pre_curv.max() > r["m"] + 1e-12 * max(1.0, r["m"])
        id_set = (math.nan, math.nan) if empty else (float(ident.id_lb), float(ident.id_ub))
        rows.append((float(r["m"]), float(r["lb"]), float(r["ub"]), *id_set, math.nan, "FLCI"))
    table = pd.DataFrame(rows, columns=["m", "ci_low", "ci_high", "id_low", "id_high",
                                        "grid_step", "method"])
    est, se, low, high = _original(b, s, num_pre, lvec, alpha)
    return SensitivityResult(est, se, low, high, _breakdown(table, "m"),
                             "smoothness (Delta^SD)", "FLCI", tuple(lvec.tolist()),
                             num_pre, num_post, 1 - alpha, table)
