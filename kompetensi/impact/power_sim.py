"""Simulation-based power of the staggered design (Callaway-Sant'Anna simple ATT vs TWFE).

:func:`simulate_power` keeps the real design (cohorts, persons, OPDs, years) and draws outcomes
(the model is in its docstring), estimating with the fast estimators of
:mod:`~kompetensi.impact.fast_did`; :func:`required_participants` scales the robust SE with the
number of participants. The MDE of an SE is :func:`~kompetensi.impact.power.detectable_effect`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.impact.fast_did import (
    PanelArrays,
    fast_simple_att,
    fast_twfe,
    panel_arrays,
    treatment_matrix,
)
from kompetensi.impact.power import detectable_effect

__all__ = ["PanelArrays", "PowerSimulation", "effect_matrix", "fast_simple_att", "fast_twfe",
           "panel_arrays", "required_participants", "scaled_se", "simulate_power",
           "treated_variance_share", "treatment_matrix"]

Effects = float | Mapping[int, float | Mapping[int, float]]


def effect_matrix(effects: Effects, first_treated: np.ndarray, periods: np.ndarray
                  ) -> np.ndarray:
    """The planted effect of every unit and period (n x T): a scalar for every treated cell,
    or ``{cohort: effect}`` / ``{cohort: {event time e >= 0: effect}}`` (others 0).

    Examples
    --------
    >>> effect_matrix({2: {0: 0.5, 1: 1.0}}, np.array([0, 2]), np.array([1, 2, 3])).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.5, 1.0]]
    """
    g = np.asarray(first_treated, dtype="int64")
    on = treatment_matrix(g, periods)
    if not isinstance(effects, Mapping):
        return float(effects) * on
    tau = np.zeros_like(on)
    for cohort, spec in effects.items():
        if int(cohort) not in g:
            raise ValueError(f"cohort {cohort} is not in the panel")
        by_e = dict(spec) if isinstance(spec, Mapping) else None
        if by_e is not None and any(int(e) < 0 for e in by_e):
            raise ValueError("effects before the treatment (e < 0) are not planted")
        for j, t in enumerate(periods):
            e = int(t) - int(cohort)
            if e >= 0:
                value = float(spec) if by_e is None else float(by_e.get(e, 0.0))
                tau[g == int(cohort), j] = value
    return tau


@dataclass(frozen=True)
class PowerSimulation:
    """What :func:`simulate_power` found over ``reps`` draws of the outcomes.

    ``true_att``: the simple ATT of the plant (cohort-size weights); ``twfe_expected``: what
    static TWFE estimates on average, ``sum D~ D tau / sum D~^2`` (its implied weights);
    ``power``/``coverage``: share of Callaway-Sant'Anna estimates rejecting 0 at ``alpha``
    (normal, analytic SE) / whose interval covers ``true_att``; ``bias_*``: mean estimate
    minus ``true_att``; ``se_cs``: mean analytic SE, ``sd_*``: SD of the estimates; ``mde_cs``:
    :func:`~kompetensi.impact.power.detectable_effect` of ``se_cs`` (power 0.8).
    ``curve``: per constant effect ``efek``: ``power_cs``, ``power_twfe``, ``coverage_cs``.
    TWFE tests use its CR1 SE and t(G-1) (as ``panel_effect``). ``sd_opd_year``,
    ``sd_residual``: the noise model's SDs; sizes of the simulated design.
    """

    true_att: float
    twfe_expected: float
    power: float
    coverage: float
    bias_cs: float
    bias_twfe: float
    power_twfe: float
    coverage_twfe: float
    se_cs: float
    sd_cs: float
    se_twfe: float
    sd_twfe: float
    mde_cs: float
    sd_opd_year: float
    sd_residual: float
    n_units: int
    n_treated: int
    n_control: int
    n_clusters: int | None
    cohort_sizes: dict
    reps: int
    seed: int
    alpha: float
    curve: pd.DataFrame = field(compare=False, repr=False)


def _noise_model(y0: np.ndarray, cl0: np.ndarray) -> tuple:
    """``(residual paths, sd_opd_year, sd_residual)`` of the never-treated: two-way and
    cluster-year means removed, rescaled; the cluster-year SD by ANOVA moments."""
    n_t = y0.shape[1]
    r = (y0 - y0.mean(axis=1, keepdims=True) - y0.mean(axis=0, keepdims=True) + y0.mean())
    codes, inv, sizes = np.unique(cl0, return_inverse=True, return_counts=True)
    means = np.stack([np.bincount(inv, weights=r[:, t], minlength=len(codes)) / sizes
                      for t in range(n_t)], axis=1)  # (clusters, T)
    e = r - means[inv]
    many = sizes >= 2
    s2 = np.stack([np.bincount(inv, weights=e[:, t] ** 2, minlength=len(codes))
                   for t in range(n_t)], axis=1)[many] / (sizes[many, None] - 1)
    moment = (means[many] ** 2 - s2 / sizes[many, None]).mean() if many.any() else 0.0
    sd_u = math.sqrt(max(0.0, n_t / (n_t - 1) * float(moment)))
    scale = np.where(sizes >= 2, np.sqrt(sizes / np.maximum(sizes - 1, 1)), 1.0)
    return e * scale[inv, None], sd_u, float(e.std())


def simulate_power(panel: pd.DataFrame, effects: Effects = 0.0, *, outcome: str = "skor",
                   unit: str = "pid", time: str = "tahun",
                   first_treated: str = "tahun_perlakuan", cluster: str | None = "opd",
                   reps: int = 200, seed: int = 20250521, alpha: float = 0.05,
                   grid: Sequence[float] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3),
                   design: Mapping[int, int] | None = None, chunk: int = 100
                   ) -> PowerSimulation:
    """Power, coverage and bias of Callaway-Sant'Anna and static TWFE for this design.

    The design is kept as it is: the balanced panel's cohorts, persons, OPDs and years
    (``design`` resizes cohorts: ``{cohort: participants}``, drawn from the cohort's persons,
    with replacement beyond its size, so the OPD mix is kept). Outcomes of every person are
    ``lambda_t + u_{opd,t} + e_{d(i),t} + tau_it``: ``lambda_t`` the never-treated year means,
    ``e_d`` the whole residual path (two-way and OPD-year means removed, rescaled by
    ``sqrt(n_o/(n_o-1))``) of a never-treated donor drawn with replacement from the same OPD
    (from all never-treated when the OPD has fewer than two), ``u ~ N(0, sd_opd_year^2)`` fresh
    shocks per OPD and year with the variance component estimated on the never-treated by ANOVA
    moments (``T/(T-1) mean(ubar_ot^2 - s_ot^2/n_o)``, truncated at 0; the 1/#OPD term of the
    global demeaning ignored), and ``tau`` the plant (:func:`effect_matrix`).

    Why this model: resampling whole paths keeps the serial correlation and the skewed,
    discrete distribution of the score changes, which decide DiD power (Bertrand, Duflo &
    Mullainathan 2004; Burlig, Preonas & Woerman 2020 show that power formulas ignoring it
    mis-state power); the OPD-year shock is drawn anew parametrically because 35 OPDs are too
    few to resample and a fixed realisation would be a bias, not a variance. Person and year
    effects are left out: both estimators difference them away. Treatment is as good as random
    given the design (parallel trends hold): the power of the design, not a test of it.
    Participants get paths of the never trained: when their scores vary less (selected on
    high prior scores, near the top of the scale) the simulated SE is conservative.
    A constant effect shifts both estimates by itself and changes neither SE (the influence
    functions and residuals are unchanged), so ``curve`` reuses the null draws exactly.

    Parameters
    ----------
    panel : DataFrame
        Person-year panel (:func:`~kompetensi.impact.data.performance_panel`).
    effects : float or mapping
        The plant, ``{cohort: {event time: effect}}`` or a scalar (see :func:`effect_matrix`).
    outcome, unit, time, first_treated, cluster : str
        Columns of ``panel``; ``cluster=None``: unit-level SEs and no cluster-year shock.
    reps, seed, alpha : int, int, float
        Draws, seed of the numpy Generator, test level.
    grid : sequence of float
        Constant effects of the power curve.
    design : mapping, optional
        Participants per cohort (cohorts left out keep their size).
    chunk : int
        Draws per batch (memory).

    Returns
    -------
    PowerSimulation

    Raises
    ------
    ValueError
        As :func:`panel_arrays`; a cohort of ``effects``/``design`` not in the panel.

    References
    ----------
    Bertrand, M., Duflo, E. & Mullainathan, S. (2004). How much should we trust
    differences-in-differences estimates? QJE 119(1), 249-275. Burlig, F., Preonas, L. &
    Woerman, M. (2020). Panel data and experimental design. J. Dev. Econ. 144, 102458.
    Goodman-Bacon, A. (2021). J. Econometrics 225(2), 254-277.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"pid": np.repeat(np.arange(300), 4), "tahun": np.tile(range(4), 300),
    ...                    "skor": rng.normal(size=1200), "opd": np.repeat(np.arange(300) % 10, 4),
    ...                    "tahun_perlakuan": np.repeat(np.where(np.arange(300) < 60, 2, 0), 4)})
    >>> sim = simulate_power(df, 0.5, reps=50, seed=3)
    >>> sim.true_att, sim.n_treated, sim.n_control, sim.curve["efek"].tolist()[:2]
    (0.5, 60, 240, [0.0, 0.05])
    """
    if reps < 2:
        raise ValueError(f"reps must be at least 2, got {reps}")
    arr = panel_arrays(panel, outcome, unit, time, first_treated, cluster)
    g_all = arr.first_treated
    cl_all = arr.clusters if arr.clusters is not None else np.zeros(len(g_all), dtype="int64")
    rng = np.random.default_rng(seed)
    idx = np.flatnonzero(~np.isin(g_all, list(design or {})))
    for cohort, size in (design or {}).items():
        members = np.flatnonzero(g_all == int(cohort))
        if len(members) == 0 or size < 1:
            raise ValueError(f"cohort {cohort} is not in the panel, or a size below 1")
        idx = np.concatenate([idx, rng.choice(members, int(size), replace=size > len(members))])
    g, cl = g_all[idx], cl_all[idx]
    clusters = cl if arr.clusters is not None else None
    never = g_all == 0
    resid, sd_u, sd_e = _noise_model(arr.y[never], cl_all[never])
    if arr.clusters is None:
        sd_u = 0.0
    donor_cl = cl_all[never]
    order = np.argsort(donor_cl, kind="stable")
    resid, donor_cl = resid[order], donor_cl[order]
    codes, start, count = np.unique(donor_cl, return_index=True, return_counts=True)
    pos = np.searchsorted(codes, cl).clip(0, len(codes) - 1)
    own = (codes[pos] == cl) & (count[pos] >= 2)
    lo, size = np.where(own, start[pos], 0), np.where(own, count[pos], len(donor_cl))
    year = arr.y[never].mean(axis=0)
    tau = effect_matrix(effects, g, arr.periods)
    d = treatment_matrix(g, arr.periods)
    _, cl_code = np.unique(cl, return_inverse=True)
    out = {k: [] for k in ("e0", "s0", "t0", "ts0", "e1", "s1", "t1", "ts1")}
    for done in range(0, reps, chunk):
        r = min(chunk, reps - done)
        donors = lo + np.floor(rng.random((r, len(g))) * size).astype("int64")
        shocks = rng.standard_normal((r, int(cl_code.max()) + 1, len(arr.periods))) * sd_u
        y = year + resid[donors] + shocks[:, cl_code, :]
        for key, yy in (("0", y), ("1", y + tau)):
            est, se = fast_simple_att(yy, g, arr.periods, clusters)
            b, b_se = fast_twfe(yy, d, clusters)
            out["e" + key].append(np.atleast_1d(est))
            out["s" + key].append(np.atleast_1d(se))
            out["t" + key].append(np.atleast_1d(b))
            out["ts" + key].append(np.atleast_1d(b_se))
    e0, s0, t0, ts0, e1, s1, t1, ts1 = (np.concatenate(out[k]) for k in out)
    sizes = {int(c): int((g == c).sum()) for c in np.unique(g[g > 0])}
    post = d > 0
    weights = np.where(post, 1.0, 0.0)
    true_att = float((tau * weights).sum() / weights.sum())
    dw = d - d.mean(1, keepdims=True) - d.mean(0, keepdims=True) + d.mean()
    twfe_expected = float((dw * tau).sum() / (dw**2).sum())
    n_cl = None if clusters is None else int(len(np.unique(clusters)))
    df_twfe = (n_cl - 1) if n_cl else d.size - d.shape[0] - d.shape[1]
    t_crit = stats.t.ppf(1 - alpha / 2, df_twfe)
    z = stats.norm.ppf(1 - alpha / 2) if n_cl is None else stats.t.ppf(1 - alpha / 2, n_cl - 1)
    rows = [{"efek": float(x), "power_cs": float(np.mean(np.abs(e0 + x) > z * s0)),
             "power_twfe": float(np.mean(np.abs(t0 + x) > t_crit * ts0)),
             "coverage_cs": float(np.mean(np.abs(e0) <= z * s0))} for x in grid]
    return PowerSimulation(
        true_att=true_att, twfe_expected=twfe_expected,
        power=float(np.mean(np.abs(e1) > z * s1)),
        coverage=float(np.mean(np.abs(e1 - true_att) <= z * s1)),
        bias_cs=float(e1.mean() - true_att), bias_twfe=float(t1.mean() - true_att),
        power_twfe=float(np.mean(np.abs(t1) > t_crit * ts1)),
        coverage_twfe=float(np.mean(np.abs(t1 - true_att) <= t_crit * ts1)),
        se_cs=float(s1.mean()), sd_cs=float(e1.std(ddof=1)), se_twfe=float(ts1.mean()),
        sd_twfe=float(t1.std(ddof=1)), mde_cs=float(detectable_effect(float(s1.mean()),
                                                                       alpha=alpha)),
        sd_opd_year=sd_u, sd_residual=sd_e, n_units=len(g), n_treated=int((g > 0).sum()),
        n_control=int((g == 0).sum()), n_clusters=n_cl, cohort_sizes=sizes, reps=int(reps),
        seed=int(seed), alpha=float(alpha), curve=pd.DataFrame(rows))


def treated_variance_share(panel: pd.DataFrame, outcome: str = "skor", unit: str = "pid",
                           time: str = "tahun", first_treated: str = "tahun_perlakuan"
                           ) -> float:
    """Share of the simple ATT's (unit-level) variance due to the participants.

    ``sum_{treated} psi_i^2 / sum_i psi_i^2`` of the influence function of
    :func:`~kompetensi.impact.fast_did.fast_simple_att`: the weight of ``n_t/n_t'`` in
    :func:`scaled_se`. Equal variances and one cell would give ``(1/n_t) / (1/n_t + 1/n_c)``;
    with several post cells sharing base periods the participants weigh more (two cohorts of
    equal size, T = 4, iid noise: ``V = sigma^2 (16/9 / n_t + 8/9 / n_c)``).

    Examples
    --------
    >>> df = pd.DataFrame({"pid": np.repeat(range(4), 2), "tahun": [1, 2] * 4,
    ...                    "skor": [0.0, 1, 0, 3, 0, 1, 0, 3],
    ...                    "tahun_perlakuan": [2, 2, 2, 2, 0, 0, 0, 0]})
    >>> treated_variance_share(df)  # dY = 1, 3 in both groups: equal variances, equal sizes
    0.5
    """
    arr = panel_arrays(panel, outcome, unit, time, first_treated)
    psi = fast_simple_att(arr.y, arr.first_treated, arr.periods, influence=True)[2]
    return float((psi[arr.first_treated > 0] ** 2).sum() / (psi**2).sum())


def scaled_se(se: float, n_treated: float, n_control: float, new_treated: float,
              new_control: float | None = None, *, treated_share: float | None = None
              ) -> float:
    """An SE at other group sizes: ``se * sqrt(s n_t/n_t' + (1 - s) n_c/n_c')``.

    ``s`` is the share of the variance due to the participants (``treated_share``, e.g.
    :func:`treated_variance_share`); by default ``s = (1/n_t) / (1/n_t + 1/n_c)``, i.e. ``SE
    proportional to sqrt(1/n_t + 1/n_c)``, a difference of two means with equal variances. Both
    ignore a cluster-year variance component, which does not shrink with persons (check with
    :func:`simulate_power` and ``design``).

    Examples
    --------
    >>> round(scaled_se(0.1, 100, 100, 400, 400), 6)
    0.05
    """
    new_control = n_control if new_control is None else new_control
    if min(n_treated, n_control, new_treated, new_control) <= 0:
        raise ValueError("group sizes must be positive")
    share = ((1 / n_treated) / (1 / n_treated + 1 / n_control) if treated_share is None
             else float(treated_share))
    if not 0 <= share <= 1:
        raise ValueError(f"treated_share must be in [0, 1], got {treated_share}")
    return se * math.sqrt(share * n_treated / new_treated
                          + (1 - share) * n_control / new_control)


def required_participants(effect: float, se: float, n_treated: float, n_control: float, *,
                          new_control: float | None = None, treated_share: float | None = None,
                          alpha: float = 0.05, power: float = 0.8) -> float:
    """Participants for which the robust estimator detects ``effect`` with ``power``.

    Inverts :func:`scaled_se`: with ``M = z_{1-alpha/2} + z_power`` (two-sided, normal),
    ``n = s n_t se^2 / ((effect/M)^2 - (1 - s) n_c se^2 / n_c')``; ``inf`` when even
    infinitely many participants do not reach ``effect`` with ``new_control`` (default
    ``n_control``) comparison persons. Unrounded (round up before planning); spread over
    cohorts as now.

    Parameters
    ----------
    effect : float
        Target effect (outcome units, positive).
    se : float
        SE of the estimator now (the Callaway-Sant'Anna simple ATT's, not TWFE's).
    n_treated, n_control : float
        Participants and never-treated persons behind ``se``.
    new_control, treated_share, alpha, power
        Comparison persons of the next evaluation; as :func:`scaled_se`; test and power.

    Returns
    -------
    float

    Examples
    --------
    >>> se = scaled_se(0.1, 100, 100, 400, 400)  # required_participants inverts scaled_se
    >>> round(required_participants(detectable_effect(se), 0.1, 100, 100, new_control=400), 6)
    400.0
    """
    if not effect > 0 or not se > 0:
        raise ValueError(f"effect and se must be positive, got {effect}, {se}")
    new_control = n_control if new_control is None else new_control
    share = ((1 / n_treated) / (1 / n_treated + 1 / n_control) if treated_share is None
             else float(treated_share))
    target = (effect / float(detectable_effect(1.0, alpha=alpha, power=power))) ** 2
    rest = target - (1 - share) * n_control * se**2 / new_control
    return float(share * n_treated * se**2 / rest) if rest > 0 else math.inf
