"""Observed-scale truths of the planted PSIM effect (``performance_effect`` of kebenaran.json).

Everything is computed from the two potential scores ``skor0`` / ``skor1`` (1-5) of the
generated person-years before any fault is planted, so the values are exact, not estimates.
Outcomes: the score, the share Sangat Baik and the indicators ``1[skor >= k]`` (k = 2..5).

Aggregates of the group-time effects ``ATT(g, t)`` follow the Callaway-Sant'Anna ``aggte``
definitions as moderndid 0.2.0 implements them (``moderndid/did/compute_aggte.py``, as R
``did``): every post-treatment cell of cohort ``g`` weighs the cohort's share of the units,
``P(G = g)``, the same for all its years:

- ``simple``: sum over post cells of ``n_g ATT(g, t)`` / sum of ``n_g``;
- ``dynamic`` (event time ``e``): the cells with ``t - g = e``, weighted by ``n_g``;
- ``group``: per cohort, the plain mean of its post cells; ``overall``: those weighted by
  ``n_g``.

``n_g`` is the size of cohort ``g`` (its members all have a rating in the training year). The
pooled ATT (``att_pooled``, every treated person-year weighs one) differs slightly because some
of cohort 2024 left before the 2025 rating.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

KS = (2, 3, 4, 5)


def _means(frame: pd.DataFrame) -> dict[str, float]:
    """Unrounded mean effects of ``frame`` on every outcome."""
    s0 = frame["skor0"].to_numpy().astype(float)
    s1 = frame["skor1"].to_numpy().astype(float)
    out = {"att_score": float(np.mean(s1 - s0)),
           "att_share_sangat_baik": float(np.mean((s1 == 5).astype(float) - (s0 == 5)))}
    for k in KS:
        out[f"att_ge_{k}"] = float(np.mean((s1 >= k).astype(float) - (s0 >= k)))
    return out


def _rounded(values: Mapping[str, float], **extra) -> dict:
    return {**extra, **{k: round(v, 6) for k, v in values.items()}}


def att(frame: pd.DataFrame) -> dict:
    """``n`` and the ATT of the person-years of ``frame`` on every outcome (6 decimals)."""
    return _rounded(_means(frame), n=len(frame))


def _weighted(items: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    total = sum(w for w, _ in items)
    return {k: sum(w * m[k] for w, m in items) / total for k in items[0][1]}


def callaway_santanna(post: pd.DataFrame, sizes: Mapping[int, int]) -> dict:
    """The ``aggte`` aggregates (simple, dynamic, group) of the true ``ATT(g, t)``.

    ``post``: treated person-years (``cohort``, ``tahun``, ``skor0``, ``skor1``); ``sizes``:
    units per cohort.
    """
    cells = {(int(g), int(t)): _means(f) for (g, t), f in post.groupby(["cohort", "tahun"])}
    simple = _weighted([(sizes[g], m) for (g, _), m in cells.items()])
    dynamic = {}
    for e in sorted({t - g for g, t in cells}):
        items = [(sizes[g], m) for (g, t), m in cells.items() if t - g == e]
        dynamic[f"e{e}"] = _rounded(_weighted(items), cohorts=[g for (g, t) in cells
                                                               if t - g == e])
    group_means = {g: _weighted([(1.0, m) for (h, _), m in cells.items() if h == g])
                   for g in sorted(sizes)}
    group = {f"cohort_{g}": _rounded(m, years=[t for (h, t) in cells if h == g])
             for g, m in group_means.items()}
    group["overall"] = _rounded(_weighted([(sizes[g], m) for g, m in group_means.items()]))
    return {
        "cohort_sizes": {str(g): int(n) for g, n in sorted(sizes.items())},
        "simple": _rounded(simple),
        "dynamic": dynamic,
        "group": group,
        "weights": (
            "as aggte of R did / moderndid 0.2.0: each post-treatment cell ATT(g,t) weighs the "
            "size of its cohort g (units), so the cells of one cohort weigh the same; dynamic: "
            "cells with t - g = e; group: plain mean over the cohort's years, overall weighted "
            "by cohort size"
        ),
        "control_group": "never trained (nevertreated); no anticipation",
    }


def _within(values: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Deviations from the unit means (columns of ``values``)."""
    frame = pd.DataFrame(values)
    return (frame - frame.groupby(unit).transform("mean")).to_numpy()


def twfe_implied(rated: pd.DataFrame) -> dict:
    """What a static TWFE regression of the score on unit and year effects estimates here.

    By Frisch-Waugh-Lovell, the TWFE coefficient of treatment ``D`` is
    ``sum(R y) / sum(R D)`` with ``R`` the residual of ``D`` on the unit and year effects; as
    ``skor1 = skor0 + D (skor1 - skor0)``, it equals TWFE on ``skor0`` (a pure sampling error,
    no effect planted) plus ``sum(R (skor1 - skor0)) / sum(R D)``, returned here with the
    implied weight of every treated cell (Goodman-Bacon 2021; de Chaisemartin & D'Haultfoeuille
    2020). Computed on the generated person-years (before faults are planted).
    """
    unit = rated["pid"].to_numpy()
    d = rated["treated"].to_numpy().astype(float)
    years = pd.get_dummies(rated["tahun"]).to_numpy(dtype=float)[:, 1:]
    dw, yw = _within(d[:, None], unit)[:, 0], _within(years, unit)
    coef, *_ = np.linalg.lstsq(yw, dw, rcond=None)
    resid = dw - yw @ coef
    denom = float(resid @ d)
    s0 = rated["skor0"].to_numpy().astype(float)
    s1 = rated["skor1"].to_numpy().astype(float)
    tau, tau_sb = s1 - s0, (s1 == 5).astype(float) - (s0 == 5)
    post = rated["treated"].to_numpy()
    cells = rated.loc[post, ["cohort", "tahun"]].astype(int)
    w = pd.Series(resid[post] / denom, index=pd.MultiIndex.from_frame(cells)).groupby(
        level=[0, 1]).sum()
    return {
        "att_score": round(float(resid @ tau) / denom, 6),
        "att_share_sangat_baik": round(float(resid @ tau_sb) / denom, 6),
        "weights": {f"cohort_{g}_year_{t}": round(float(v), 6) for (g, t), v in w.items()},
        "note": (
            "static TWFE (person and year effects) = this value + a pure sampling error (TWFE "
            "on the untreated scores); the weights of the treated cells sum to 1 and differ "
            "from the Callaway-Sant'Anna ones: cohort 2024 in 2025 (growing effect) is "
            "under-weighted because it serves as control of cohort 2025 in 2024->2025"
        ),
    }


def whole_workforce(later: pd.DataFrame, effect: Mapping[tuple[int, int], float],
                    score: Callable[[np.ndarray], np.ndarray]) -> dict:
    """Effect of each latent effect of the table if every rated ASN of its year were trained.

    Top level: everybody rated in 2024-2025 trained in 2024 (the path of cohort 2024, e = 0 in
    2024 and e = 1 in 2025); ``by_cell``: the latent effect of each (cohort, e) applied to the
    whole workforce of the year ``cohort + e``.
    """
    def shifted(frame: pd.DataFrame, delta: np.ndarray | float) -> dict[str, float]:
        y1 = score(frame["y0"].to_numpy() + delta)
        s0 = frame["skor0"].to_numpy()
        return {"ate_score": round(float(np.mean(y1 - s0)), 6),
                "ate_share_sangat_baik": round(float(np.mean((y1 == 5).astype(float)
                                                             - (s0 == 5))), 6)}

    years = later["tahun"].to_numpy()
    path = np.array([effect[(2024, int(t) - 2024)] for t in years])
    by_cell = {}
    for (g, e), delta in sorted(effect.items()):
        f = later[later["tahun"] == g + e]
        by_cell[f"cohort_{g}_year_{g + e}"] = {"delta_latent": delta, "n": len(f),
                                               **shifted(f, delta)}
    return {
        "n": len(later),
        **shifted(later, path),
        "by_cell": by_cell,
        "note": (
            "effect if every rated ASN of 2024-2025 were trained in 2024 (latent effects of "
            "cohort 2024: e = 0 in 2024, e = 1 in 2025); by_cell: each latent effect of the "
            "table on the whole workforce of its year (how the table was kept plausible)"
        ),
    }
