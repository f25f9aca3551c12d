"""Relative magnitudes Delta^RM(Mbar) of Rambachan & Roth (2023): polyhedra and test inversion.

Delta^RM(Mbar) = {delta: |delta_(t+1) - delta_t| <= Mbar * max_(s<0) |delta_(s+1) - delta_s|
for t >= 0} is a union of polyhedra Delta^RM_(s,sign), one per pre-period change s (the one
attaining the max) and sign (Rambachan & Roth 2023, footnote 9; R HonestDiD ``deltarm.R``).
This module builds them for *every* pre-period change, s = -num_pre, ..., -1, and runs the
conditional / hybrid test of each polyhedron with moderndid's ARP routines
(:func:`moderndid.didhonest.compute_arp_nuisance_ci`, ``compute_arp_ci``); the confidence set
is the union. (moderndid 0.2.0's own ``compute_conditional_cs_rm`` and
``compute_identified_set_rm`` skip the earliest pre-period change, s = -num_pre, an
off-by-one against R, and fail with one post-period.) Used by
:func:`kompetensi.impact.sensitivity.relative_magnitudes`.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import optimize


def polyhedron(num_pre: int, num_post: int, mbar: float, s: int, positive: bool) -> np.ndarray:
    """Matrix A with ``A @ delta <= 0`` iff delta lies in Delta^RM_(s,sign)(Mbar).

    ``delta`` holds the leads then the lags (the reference period, delta_0 = 0, dropped).
    ``s`` in -num_pre..-1 picks the pre-period change delta_(s+1) - delta_s that bounds every
    other change: by 1 before treatment, by Mbar after it; ``positive`` its sign.

    Examples
    --------
    >>> polyhedron(1, 1, 2.0, -1, True).tolist()  # |delta_1| <= 2 * (0 - delta_-1)
    [[2.0, 1.0], [2.0, 0.0], [2.0, -1.0]]
    """
    if not -num_pre <= s <= -1:
        raise ValueError(f"s must lie in {-num_pre}..-1, got {s}")
    k = num_pre + num_post
    diff = np.zeros((k, k + 1))  # row r: delta at column r + 1 minus delta at column r
    diff[np.arange(k), np.arange(k)] = -1.0
    diff[np.arange(k), np.arange(k) + 1] = 1.0
    v = diff[num_pre + s] * (1.0 if positive else -1.0)
    scale = np.r_[np.ones(num_pre), np.full(num_post, float(mbar))]
    bound = scale[:, None] * v[None, :]
    a = np.vstack([diff - bound, -diff - bound])
    a = a[np.abs(a).sum(axis=1) > 1e-10]
    return np.delete(a, num_pre, axis=1) + 0.0  # + 0.0: no negative zeros


def identified_set(betahat: np.ndarray, lvec: np.ndarray, num_pre: int, num_post: int,
                   mbar: float) -> tuple[float, float]:
    """Bounds of theta = l'tau_post over Delta^RM(Mbar) at the coefficients ``betahat``.

    Lemma 2.1 of Rambachan & Roth (2023): theta ranges over l'beta_post - l'delta_post with
    delta_pre = beta_pre, a linear programme per polyhedron; the union of the intervals.

    Examples
    --------
    >>> identified_set(np.array([0.02, 0.5]), np.array([1.0]), 1, 1, 1.0)  # 0.5 +- 0.02
    (0.48, 0.52)
    """
    k = num_pre + num_post
    cost = np.r_[np.zeros(num_pre), lvec]
    eq = np.hstack([np.eye(num_pre), np.zeros((num_pre, num_post))])
    point = float(lvec @ betahat[num_pre:])
    lows, highs = [point], [point]  # delta_post = 0 always lies in the set
    for s in range(-num_pre, 0):
        for positive in (True, False):
            a = polyhedron(num_pre, num_post, mbar, s, positive)
            for sign, out in ((1.0, highs), (-1.0, lows)):
                res = optimize.linprog(sign * cost, A_ub=a, b_ub=np.zeros(len(a)), A_eq=eq,
                                       b_eq=betahat[:num_pre], bounds=[(None, None)] * k,
                                       method="highs")
                if res.status == 0:
                    out.append(point - sign * float(res.fun))
                elif res.status == 3:  # unbounded (cannot happen: Mbar bounds delta_post)
                    out.append(-sign * np.inf)
    return float(round(min(lows), 12)), float(round(max(highs), 12))


def _accept_one(betahat, sigma, a, num_pre, num_post, lvec, alpha, hybrid, grid, seed):
    """Acceptance of each grid value of theta for one polyhedron (post-period moments only)."""
    from moderndid.didhonest import (
        compute_arp_ci,
        compute_arp_nuisance_ci,
        compute_least_favorable_cv,
    )

    kappa = alpha / 10  # first-stage size of the hybrid, as in HonestDiD
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "CI open at an endpoint": checked later
        if num_post == 1:
            lf_cv = (compute_least_favorable_cv(None, a @ sigma @ a.T, kappa, seed=seed)
                     if hybrid == "LF" else None)
            res = compute_arp_ci(betahat, sigma, a, np.zeros(len(a)), num_pre, 1, alpha=alpha,
                                 grid_lb=grid[0], grid_ub=grid[-1], grid_points=len(grid),
                                 hybrid_flag=hybrid, hybrid_kappa=kappa, lf_cv=lf_cv)
            return np.asarray(res.accept_grid, dtype=bool)
        res = compute_arp_nuisance_ci(betahat, sigma, lvec, a, np.zeros(len(a)), num_pre,
                                      num_post, alpha=alpha, hybrid_flag=hybrid,
                                      hybrid_list={"hybrid_kappa": kappa}, grid_lb=grid[0],
                                      grid_ub=grid[-1], grid_points=len(grid))
    return np.asarray(res.accept_grid)[:, 1] > 0


def accepted(betahat: np.ndarray, sigma: np.ndarray, num_pre: int, num_post: int,
             lvec: np.ndarray, mbar: float, alpha: float, hybrid: str, grid: np.ndarray,
             seed: int = 0) -> np.ndarray:
    """Grid values of theta not rejected for some polyhedron of Delta^RM(Mbar).

    Each polyhedron keeps only the moments that involve a post-period coefficient (HonestDiD's
    ``postPeriodMomentsOnly``); polyhedra whose kept moments coincide (e.g. all of them at
    Mbar = 0) are tested once. ``hybrid``: "LF" (conditional-least-favourable hybrid) or
    "ARP" (conditional test).
    """
    keep = np.zeros(len(grid), dtype=bool)
    done: set[bytes] = set()
    for s in range(-num_pre, 0):
        for positive in (True, False):
            a = polyhedron(num_pre, num_post, mbar, s, positive)
            a = a[np.abs(a[:, num_pre:]).sum(axis=1) > 0]
            key = np.round(a, 12).tobytes()
            if key in done:
                continue
            done.add(key)
            keep |= _accept_one(betahat, sigma, a, num_pre, num_post, lvec, alpha, hybrid,
                                grid, seed)
    return keep
