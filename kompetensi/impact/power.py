"""Statistical power of a comparison of participants with non-participants.

Minimum detectable effect (MDE) of a difference in means between ``n_treated`` participants
and ``n_control`` non-participants (Bloom 1995; Duflo, Glennerster & Kremer 2007, eq. 6-7):

    MDE = (z_{1-alpha/2} + z_{power}) * sd * sqrt(DEFF * (1 - r2) * (1/n_treated + 1/n_control))

with the normal approximation (large samples), ``DEFF = 1 + (cluster_size - 1) * icc`` the
design effect of clustering (Kish), and ``r2`` the share of the outcome variance explained by
covariates such as the baseline outcome (an ANCOVA design; McKenzie 2012). Since
``1/n_t + 1/n_c = 1 / (P (1 - P) N)`` this is Bloom's ``M * sd * sqrt(DEFF/(P(1-P)N))``.
:func:`required_sample_size` inverts it exactly.

References
----------
Bloom, H.S. (1995). Minimum detectable effects: a simple way to report the statistical power
of experimental designs. Evaluation Review 19(5), 547-556.
Duflo, E., Glennerster, R. & Kremer, M. (2007). Using randomization in development economics
research: a toolkit. Handbook of Development Economics 4, 3895-3962.
McKenzie, D. (2012). Beyond baseline and follow-up: the case for more T in experiments.
Journal of Development Economics 99(2), 210-221.
Donner, A. (1986). A review of inference procedures for the intraclass correlation coefficient
in the one-way random effects model. International Statistical Review 54(1), 67-82.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class SampleSize:
    """Sizes needed for a target effect (not rounded: round up before planning)."""

    n_treated: float
    n_control: float
    n_total: float


def design_effect(icc: float = 0.0, cluster_size: float = 1.0) -> float:
    """Kish design effect ``1 + (cluster_size - 1) * icc``.

    Examples
    --------
    >>> design_effect(0.05, 21)
    2.0
    """
    if not 0 <= icc < 1:
        raise ValueError(f"icc must be in [0, 1), got {icc}")
    if cluster_size < 1:
        raise ValueError(f"cluster_size must be at least 1, got {cluster_size}")
    return 1.0 + (cluster_size - 1.0) * icc


def _multiplier(alpha: float, power: float, two_sided: bool) -> float:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    if not 0 < power < 1:
        raise ValueError(f"power must be in (0, 1), got {power}")
    z_alpha = stats.norm.ppf(1 - alpha / 2) if two_sided else stats.norm.ppf(1 - alpha)
    return float(z_alpha + stats.norm.ppf(power))


def _variance_factor(sd: float, icc: float, cluster_size: float, r2: float) -> float:
    if not sd > 0:
        raise ValueError(f"sd must be positive, got {sd}")
    if not 0 <= r2 < 1:
        raise ValueError(f"r2 must be in [0, 1), got {r2}")
    return sd**2 * design_effect(icc, cluster_size) * (1 - r2)


def minimum_detectable_effect(n_treated: float, n_control: float, sd: float = 1.0, *,
                              alpha: float = 0.05, power: float = 0.8, icc: float = 0.0,
                              cluster_size: float = 1.0, r2: float = 0.0,
                              two_sided: bool = True) -> float:
    """Smallest true effect detected with probability ``power`` at level ``alpha``.

    Parameters
    ----------
    n_treated, n_control : float
        Participants and comparison persons (positive).
    sd : float
        Standard deviation of the outcome (the MDE is in the outcome's units; sd=1 gives it
        in standard deviations).
    alpha, power : float
        Significance level and power (defaults 0.05 and 0.8: multiplier 2.80).
    icc, cluster_size : float
        Intra-cluster correlation of the outcome and mean cluster size (design effect).
    r2 : float
        Share of the outcome variance explained by covariates (0 = none).
    two_sided : bool

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Sizes not positive, or a parameter out of range.

    References
    ----------
    Bloom (1995), eq. 1; Duflo, Glennerster & Kremer (2007), eq. 6-7.

    Examples
    --------
    >>> round(minimum_detectable_effect(100, 100), 4)  # 2.8016 * sqrt(2/100)
    0.3962
    """
    if not (n_treated > 0 and n_control > 0):
        raise ValueError(f"n_treated and n_control must be positive, got {n_treated}, "
                         f"{n_control}")
    var = _variance_factor(sd, icc, cluster_size, r2)
    return _multiplier(alpha, power, two_sided) * math.sqrt(
        var * (1 / n_treated + 1 / n_control))


def required_sample_size(effect: float, sd: float = 1.0, *, share_treated: float = 0.5,
                         n_control: float | None = None, alpha: float = 0.05,
                         power: float = 0.8, icc: float = 0.0, cluster_size: float = 1.0,
                         r2: float = 0.0, two_sided: bool = True) -> SampleSize:
    """Sizes for which :func:`minimum_detectable_effect` equals ``effect`` (its inverse).

    Either the share of participants is fixed (``share_treated``, default 0.5: total
    ``N = M^2 sd^2 DEFF (1-r2) / (P (1-P) effect^2)``), or the comparison group is fixed
    (``n_control``: the participants needed, ``1/n_t = effect^2 / (M^2 sd^2 DEFF (1-r2)) -
    1/n_c``). When even infinitely many participants cannot reach ``effect`` with the given
    ``n_control``, ``n_treated`` and ``n_total`` are ``inf``.

    Parameters
    ----------
    effect : float
        Target effect, in the outcome's units (positive).
    sd, alpha, power, icc, cluster_size, r2, two_sided
        As in :func:`minimum_detectable_effect`.
    share_treated : float
        P in (0, 1), used when ``n_control`` is None.
    n_control : float, optional
        Fixed number of comparison persons.

    Returns
    -------
    SampleSize
        Unrounded sizes (round up before planning).

    Examples
    --------
    >>> round(required_sample_size(minimum_detectable_effect(100, 100)).n_total, 6)
    200.0
    """
    if not effect > 0:
        raise ValueError(f"effect must be positive, got {effect}")
    var = _variance_factor(sd, icc, cluster_size, r2)
    m2 = _multiplier(alpha, power, two_sided) ** 2
    if n_control is None:
        if not 0 < share_treated < 1:
            raise ValueError(f"share_treated must be in (0, 1), got {share_treated}")
        total = m2 * var / (share_treated * (1 - share_treated) * effect**2)
        return SampleSize(share_treated * total, (1 - share_treated) * total, total)
    if not n_control > 0:
        raise ValueError(f"n_control must be positive, got {n_control}")
    inv = effect**2 / (m2 * var) - 1 / n_control
    n_treated = 1 / inv if inv > 0 else math.inf
    return SampleSize(n_treated, float(n_control), n_treated + n_control)


def intraclass_correlation(values: pd.Series, groups: pd.Series) -> float:
    """Intra-cluster correlation ICC(1) by the one-way ANOVA estimator, truncated at 0.

    ``(MSB - MSW) / (MSB + (m0 - 1) MSW)`` with the mean squares between and within groups
    (:func:`statsmodels.stats.anova.anova_lm`) and ``m0 = (N - sum n_g^2 / N) / (G - 1)``
    the size of unbalanced groups (Donner 1986, eq. 2.2). Rows with a missing value or group
    are dropped. A negative estimate (less variation between groups than chance) gives 0.

    Parameters
    ----------
    values : Series
        The outcome (numeric).
    groups : Series
        The cluster of each row (same index).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Fewer than 2 groups, or no replication within groups.

    Examples
    --------
    >>> y = pd.Series([1.0, 2, 3, 4, 5, 6]); g = pd.Series(list("AAABBB"))
    >>> round(intraclass_correlation(y, g), 6)  # (13.5 - 1) / (13.5 + 2 * 1)
    0.806452
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    frame = pd.DataFrame({"y": pd.to_numeric(values, errors="coerce").astype("float64"),
                          "g": pd.Series(groups).astype(object)}).dropna()
    sizes = frame.groupby("g").size()
    n, n_groups = len(frame), len(sizes)
    if n_groups < 2 or n <= n_groups:
        raise ValueError(f"the ICC needs at least 2 groups with replication; got {n} rows in "
                         f"{n_groups} group(s)")
    table = anova_lm(smf.ols("y ~ C(g)", data=frame).fit())
    msb, msw = float(table.loc["C(g)", "mean_sq"]), float(table.loc["Residual", "mean_sq"])
    m0 = (n - float(np.sum(sizes.to_numpy(dtype=float) ** 2)) / n) / (n_groups - 1)
    return max(0.0, (msb - msw) / (msb + (m0 - 1) * msw))


def detectable_effect(se: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """The effect an estimate with standard error ``se`` detects with ``power``:
    ``(z_{1-alpha/2} + z_{power}) * se`` (two-sided, normal approximation).

    Examples
    --------
    >>> round(float(detectable_effect(0.1)), 4)  # 2.8016 * 0.1
    0.2802
    """
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return z * se


@dataclass(frozen=True)
class PowerPlan:
    """The power of a next evaluation with a fixed comparison group (:func:`power_plan`).

    ``mde``: minimum detectable effect (column ``mde_skor``, 3 decimals) per number of
    participants (index ``n_peserta``); ``required``: participants needed (Int64, <NA> when
    not reachable) per target effect (index ``efek_target``).
    """

    sd: float
    icc: float
    cluster_size: float
    n_control: int
    alpha: float
    power: float
    mde: pd.DataFrame = field(compare=False, repr=False)
    required: pd.DataFrame = field(compare=False, repr=False)

    @property
    def design_effect(self) -> float:
        """Kish design effect (:func:`design_effect`) of the plan."""
        return design_effect(self.icc, self.cluster_size)

    @property
    def needed(self) -> dict[float, int | None]:
        """``required`` as a dict: target effect -> participants (None: not reachable)."""
        return {e: (None if pd.isna(n) else int(n))
                for e, n in self.required["peserta_dibutuhkan"].items()}

    def mde_at(self, n_treated: float) -> float:
        """:func:`minimum_detectable_effect` of ``n_treated`` participants in this plan."""
        return minimum_detectable_effect(n_treated, self.n_control, sd=self.sd,
                                         alpha=self.alpha, power=self.power, icc=self.icc,
                                         cluster_size=self.cluster_size)


def power_plan(changes: pd.DataFrame, effects: Sequence[float], *, value: str = "perubahan",
               cluster: str = "opd", alpha: float = 0.05, power: float = 0.8,
               grid: Sequence[int] = (50, 100, 200, 300, 400, 500, 750, 1000)) -> PowerPlan:
    """Minimum detectable effects and participants needed, all of ``changes`` as comparison.

    Parameters
    ----------
    changes : DataFrame
        One row per comparison person: the outcome ``value`` and the ``cluster`` (e.g.
        :func:`~kompetensi.impact.data.score_changes`). Its sd, the ICC of ``cluster``
        (:func:`intraclass_correlation`) and the mean cluster size define the design.
    effects : sequence of float
        Target effects for the table of participants needed.
    value, cluster : str
        Columns of ``changes``.
    alpha, power : float
        Two-sided test level and power.
    grid : sequence of int
        Numbers of participants for the table of minimum detectable effects.

    Returns
    -------
    PowerPlan

    Examples
    --------
    >>> ch = pd.DataFrame({"perubahan": [0.0, 1, 0, 1, 1, 0, 0, 1],
    ...                    "opd": list("AAAABBBB")})
    >>> plan = power_plan(ch, [0.5, 2.0], grid=[10, 100])
    >>> plan.icc, plan.n_control, plan.mde["mde_skor"].tolist(), plan.needed
    (0.0, 8, [0.71, 0.55], {0.5: None, 2.0: 1})

    By hand: sd = sqrt(2/7) = 0.5345, equal group means so ICC 0; MDE(10) = 2.8016 * 0.5345 *
    sqrt(1/10 + 1/8) = 0.710; for 2.0, 1/n = 4 / (2.8016^2 * 2/7) - 1/8 = 1.659, n = 0.6 -> 1;
    0.5 is below the MDE of infinitely many participants (1.4975 * sqrt(1/8) = 0.529).
    """
    sd = float(changes[value].std())
    icc = intraclass_correlation(changes[value], changes[cluster])
    size = float(changes.groupby(cluster).size().mean())
    n_control = int(len(changes))
    options = dict(sd=sd, alpha=alpha, power=power, icc=icc, cluster_size=size)
    mde = pd.DataFrame({
        "n_peserta": list(grid),
        "mde_skor": [minimum_detectable_effect(n, n_control, **options) for n in grid],
    }).set_index("n_peserta")
    mde["mde_skor"] = mde["mde_skor"].round(3)
    rows = []
    for effect in effects:
        n = required_sample_size(effect, n_control=n_control, **options).n_treated
        rows.append({"efek_target": effect,
                     "peserta_dibutuhkan": int(np.ceil(n)) if np.isfinite(n) else None})
    required = pd.DataFrame(rows).set_index("efek_target")
    required["peserta_dibutuhkan"] = required["peserta_dibutuhkan"].astype("Int64")
    return PowerPlan(sd, icc, size, n_control, alpha, power, mde, required)
