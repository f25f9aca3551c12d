"""Few-cluster inference for the Callaway-Sant'Anna simple ATT (the headline of notebook 05).

The influence-function SE summed by OPD over-rejects with 35 very unequal OPDs (about 8 % at
a nominal 5 % in the simulation of :mod:`~kompetensi.impact.power_sim`), so the headline is
also given with a cluster jackknife (CR3: leave one OPD out, re-estimate) and randomization
inference over the training timing, both on the balanced panel of the estimator and computed
with the vectorized estimator of :mod:`~kompetensi.impact.fast_did` (equal to the library's
to 1e-10).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.impact.core import EffectResult
from kompetensi.impact.fast_did import fast_simple_att, panel_arrays, permuted_simple_att


@dataclass(frozen=True)
class CsRandomization:
    """Randomization p-value of the CS simple ATT: share of permuted timings whose |ATT| is at
    least the observed one, (1 + #)/(reps + 1) (Phipson & Smyth 2010)."""

    estimate: float
    p_value: float
    reps: int
    draws: np.ndarray = field(repr=False, compare=False)


def cs_jackknife(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
                 cluster: str, *, alpha: float = 0.05) -> EffectResult:
    """CR3 (cluster jackknife) SE of the CS simple ATT, never-treated controls.

    ``V = (G-1)/G * sum_g (theta_(-g) - theta)^2``, centred at the full-sample estimate as in
    MacKinnon, Nielsen & Webb (2023); t(G - 1) intervals. A cluster whose removal leaves no
    treated or no never-treated unit makes the jackknife undefined (ValueError).

    References
    ----------
    MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2023). Cluster-robust inference: a guide to
    empirical practice. J. Econometrics 232(2), 272-299.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> i = np.repeat(np.arange(60), 3)
    >>> df = pd.DataFrame({"i": i, "t": np.tile([1, 2, 3], 60), "c": i % 6,
    ...                    "g": np.where(i % 2 == 0, 3, 0)})
    >>> df["y"] = rng.normal(size=len(df)) + 0.5 * ((df.g == 3) & (df.t == 3))
    >>> r = cs_jackknife(df, "y", "i", "t", "g", "c")
    >>> r.n_clusters, r.se_type
    (6, 'CR3 (jackknife, c)')
    """
    arrays = panel_arrays(data, outcome, unit, time, first_treated, cluster)
    estimate, _ = fast_simple_att(arrays.y, arrays.first_treated, arrays.periods)
    codes = np.unique(arrays.clusters)
    leave_out = []
    for code in codes:
        keep = arrays.clusters != code
        g = arrays.first_treated[keep]
        if not (g > 0).any() or not (g == 0).any():
            raise ValueError(f"leaving out one {cluster} removes every treated or every "
                             "never-treated unit: the jackknife is not defined")
        leave_out.append(fast_simple_att(arrays.y[keep], g, arrays.periods)[0])
    n_g = len(codes)
    theta = np.asarray(leave_out, dtype="float64")
    se = math.sqrt((n_g - 1) / n_g * float(((theta - estimate) ** 2).sum()))
    df = n_g - 1.0
    half = stats.t.ppf(1 - alpha / 2, df) * se
    p = float(2 * stats.t.sf(abs(estimate / se), df)) if se > 0 else math.nan
    return EffectResult(estimate=float(estimate), se=se, ci_low=estimate - half,
                        ci_high=estimate + half, p_value=p, n=int(len(arrays.y)),
                        n_clusters=n_g, method="Callaway-Sant'Anna (simple), cluster jackknife",
                        se_type=f"CR3 (jackknife, {cluster})", df=df, term="ATT simple",
                        level=1 - alpha)


def cs_randomization(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
                     *, reps: int = 999, seed: int = 0) -> CsRandomization:
    """Randomization inference for the CS simple ATT over the training timing: the cohorts
    (first-treated periods, 0 = never) are permuted across the persons of the balanced panel.

    The sharp null: no one's score changes with training, and who is trained when is
    exchangeable across persons (A-DMP-14).

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> i = np.repeat(np.arange(40), 3)
    >>> df = pd.DataFrame({"i": i, "t": np.tile([1, 2, 3], 40),
    ...                    "g": np.where(i < 10, 3, 0), "y": rng.normal(size=120)})
    >>> r = cs_randomization(df, "y", "i", "t", "g", reps=99, seed=1)
    >>> r.reps, 0 < r.p_value <= 1
    (99, True)
    """
    arrays = panel_arrays(data, outcome, unit, time, first_treated)
    estimate, _ = fast_simple_att(arrays.y, arrays.first_treated, arrays.periods)
    rng = np.random.default_rng(seed)
    assigned = np.array([rng.permutation(arrays.first_treated) for _ in range(reps)])
    draws = permuted_simple_att(arrays.y, assigned.reshape(reps, -1), arrays.periods)
    extreme = int((np.abs(draws) >= abs(estimate) - 1e-12).sum())
    return CsRandomization(float(estimate), (1 + extreme) / (reps + 1), int(reps), draws)
