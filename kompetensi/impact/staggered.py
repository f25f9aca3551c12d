"""Heterogeneity-robust staggered difference-in-differences (Callaway & Sant'Anna 2021).

A thin wrapper of ``moderndid`` (a port of the R package ``did``, pinned in requirements.lock):
the project prepares the panel, keeps what was dropped and why, and returns its own frozen
results. Conventions:

- ``first_treated`` is the period of a unit's first treatment; NaN or 0 = never treated; a
  first treatment after the last period counts as never treated (as in R ``did``).
- The panel is balanced before estimation (R ``did``'s default for panels): units not observed
  in every period are dropped and counted in ``n_dropped_unbalanced``; units treated in or
  before the first period (no pre-period) are dropped and counted in ``n_dropped_always``.
- Standard errors come from the influence functions: ``se`` is analytic (unit level, or summed
  within clusters when ``cluster`` is given: V = G/(G-1) sum_c S_c S_c' / n^2, the CR1-type
  factor, with t(G-1) intervals: without them the OPD-clustered interval over-rejected, 8-9 %
  at a nominal 5 %, in the power simulation of the sample design);
  ``se_bootstrap`` and the uniform (sup-t) band come from the multiplier bootstrap (Mammen
  weights drawn per cluster, ``reps`` draws, fixed ``seed``), as in R ``did``. Pointwise CIs
  and p-values use ``se`` with the normal distribution (unit level) or t(G - 1) (clusters).

Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.impact.core import EffectResult, EventStudyResult, _check_columns

CONTROLS = {"never": "nevertreated", "not_yet": "notyettreated"}
KINDS = {"simple": None, "group": "kohort", "calendar": "tahun", "dynamic": "periode_relatif"}
CELL_COLUMNS = ["kohort", "tahun", "periode_relatif", "estimasi", "se", "ci_bawah", "ci_atas",
                "nilai_p", "se_bootstrap", "pita_bawah", "pita_atas", "n_kohort"]


@dataclass(frozen=True)
class GroupTimeEffects:
    """ATT(g, t) of every cohort g and period t, with what was estimated on.

    ``cells``: one row per (g, t): ``kohort``, ``tahun``, ``periode_relatif`` (t - g),
    ``estimasi``, ``se`` (analytic), ``ci_bawah``/``ci_atas``/``nilai_p`` (normal, pointwise),
    ``se_bootstrap``, ``pita_bawah``/``pita_atas`` (uniform band over all cells) and
    ``n_kohort`` (units of the cohort). ``pretrend_wald``/``pretrend_p_value``: R ``did``'s
    Wald pre-test that every pre-treatment ATT(g, t) is zero.
    """

    cells: pd.DataFrame = field(compare=False, repr=False)
    control: str
    base_period: str
    n_units: int
    n_clusters: int | None
    n_dropped_unbalanced: int
    n_dropped_always: int
    se_type: str
    critical_value: float
    pretrend_wald: float
    pretrend_p_value: float
    level: float
    reps: int
    seed: int
    raw: object = field(default=None, compare=False, repr=False)
    clusters: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class AggregatedEffects:
    """An aggregation of ATT(g, t): ``overall`` and, except for ``simple``, a ``table``.

    ``table`` has the key column (``kohort``, ``tahun`` or ``periode_relatif``) and the
    columns of :attr:`GroupTimeEffects.cells` for estimates; ``vcov`` is the analytic
    covariance of the table's estimates (same order; for HonestDiD and joint tests).
    """

    kind: str
    overall: EffectResult
    table: pd.DataFrame = field(compare=False, repr=False)
    vcov: np.ndarray = field(compare=False, repr=False)
    critical_value: float = math.nan


def _panel(data: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str,
           cluster: str | None) -> tuple[pd.DataFrame, int, int]:
    """The balanced panel moderndid gets: integer ids, 0 = never treated, float outcome."""
    _check_columns(data, [outcome, unit, time, first_treated, cluster])
    keep = data[outcome].notna() & data[unit].notna() & data[time].notna()
    if cluster is not None:
        keep &= data[cluster].notna()
    frame = data.loc[keep]
    if frame.duplicated([unit, time]).any():
        raise ValueError(f"more than one row per {unit} and {time}: a panel needs one "
                         "observation per unit and period")
    g = pd.to_numeric(frame[first_treated], errors="coerce").astype("float64").fillna(0.0)
    if (g.groupby(frame[unit].to_numpy()).nunique() > 1).any():
        raise ValueError(f"'{first_treated}' must be constant within each {unit}")
    if cluster is not None and (frame.groupby(unit)[cluster].nunique() > 1).any():
        raise ValueError(f"'{cluster}' must be constant within each {unit} (e.g. the OPD of "
                         "the first roster): the bootstrap draws one weight per cluster")
    panel = pd.DataFrame({
        "id": pd.factorize(frame[unit])[0] + 1,
        "t": pd.to_numeric(frame[time]).astype("int64").to_numpy(),
        "y": pd.to_numeric(frame[outcome]).astype("float64").to_numpy(),
        "g": g.astype("int64").to_numpy(),
    })
    if cluster is not None:
        panel["cl"] = pd.factorize(frame[cluster])[0] + 1
    # treated after the last period = not treated in the window (R did recodes them so too)
    panel.loc[panel["g"] > panel["t"].max(), "g"] = 0
    n_periods = panel["t"].nunique()
    complete = panel.groupby("id")["t"].transform("size") == n_periods
    n_unbalanced = int(panel.loc[~complete, "id"].nunique())
    panel = panel[complete]
    always = (panel["g"] > 0) & (panel["g"] <= panel["t"].min())
    n_always = int(panel.loc[always, "id"].nunique())
    panel = panel[~always].reset_index(drop=True)
    if not (panel["g"] > 0).any():
        raise ValueError("no treated unit with a pre-treatment period in the balanced panel")
    if not (panel["g"] == 0).any():
        raise ValueError("no never-treated unit: add a never-treated group or use "
                         "control='not_yet'")
    return panel, n_unbalanced, n_always


def _vcov(influence: np.ndarray, clusters: np.ndarray | None) -> np.ndarray:
    """Analytic covariance from influence functions (unit level, or summed by cluster)."""
    psi = np.asarray(influence, dtype="float64")
    if psi.ndim == 1:
        psi = psi[:, None]
    n = psi.shape[0]
    factor = 1.0
    if clusters is not None:
        codes, inverse = np.unique(clusters, return_inverse=True)
        psi = np.vstack([np.bincount(inverse, weights=col, minlength=len(codes))
                         for col in psi.T]).T
        factor = len(codes) / (len(codes) - 1) if len(codes) > 1 else math.nan
    return factor * (psi.T @ psi) / n**2


def group_time_effects(data: pd.DataFrame, outcome: str, unit: str, time: str,
                       first_treated: str, *, cluster: str | None = None,
                       control: str = "never", base_period: str = "varying",
                       alpha: float = 0.05, reps: int = 999, seed: int = 20250521
                       ) -> GroupTimeEffects:
    """Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g, t).

    Each ATT(g, t) is a 2x2 DiD of cohort g against the control group between period t and
    the base period (outcome regression without covariates: ``est_method="reg"``).

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome, unit, time : str
        Outcome, unit identifier and (integer) period columns.
    first_treated : str
        Period of the unit's first treatment; NaN or 0 = never treated.
    cluster : str, optional
        Cluster of the unit (constant within unit, e.g. its OPD): analytic SEs summed within
        clusters and bootstrap weights drawn per cluster. Default: the unit.
    control : {"never", "not_yet"}
        Never-treated units only, or also units not yet treated by period t.
    base_period : {"varying", "universal"}
        Pre-periods compared with the period before (varying) or every period with g - 1.
    alpha : float
        1 - confidence level of the pointwise intervals and the uniform band.
    reps, seed : int
        Multiplier-bootstrap draws and their seed; ``reps=0``: no bootstrap (no band; for
        simulations, where only the analytic SE is needed).

    Returns
    -------
    GroupTimeEffects

    Raises
    ------
    ValueError
        Missing columns, several rows per unit and period, a treatment or cluster that varies
        within a unit, no treated or no control unit.

    References
    ----------
    Callaway, B. & Sant'Anna, P.H.C. (2021). Difference-in-differences with multiple time
    periods. J. Econometrics 225(2), 200-230. R package ``did`` (Callaway & Sant'Anna),
    ported to Python as ``moderndid``.

    Examples
    --------
    >>> t = np.tile([1, 2, 3], 7)  # 2 units treated in t = 3; 5 never-treated, +0.5 a period
    >>> i = np.repeat(np.arange(7), 3)  # on average (+0.3, +0.4, ..., +0.7 by unit)
    >>> y = np.where(i < 2, i + np.tile([1.0, 1, 3], 7), i + 0.1 * (i + 1) * (t - 1))
    >>> df = pd.DataFrame({"i": i, "t": t, "y": y, "g": np.where(i < 2, 3, 0)})
    >>> res = group_time_effects(df, "y", "i", "t", "g", reps=99)
    >>> res.cells[["kohort", "tahun", "estimasi"]].round(3).to_dict("list")
    {'kohort': [3, 3], 'tahun': [2, 3], 'estimasi': [-0.5, 1.5]}
    """
    if control not in CONTROLS:
        raise ValueError(f"control must be one of {sorted(CONTROLS)}, not {control!r}")
    if base_period not in ("varying", "universal"):
        raise ValueError(f"base_period must be 'varying' or 'universal', not {base_period!r}")
    import moderndid

    panel, n_unbalanced, n_always = _panel(data, outcome, unit, time, first_treated, cluster)
    common = dict(data=panel, yname="y", tname="t", idname="id", gname="g", est_method="reg",
                  control_group=CONTROLS[control], base_period=base_period, alp=alpha)
    clustervars = ["cl"] if cluster is not None else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analytic = moderndid.att_gt(**common, boot=False, cband=False)
        boot = (moderndid.att_gt(**common, boot=True, cband=True, biters=reps,
                                 clustervars=clustervars, random_state=seed) if reps else None)
    failed = sorted({str(w.message) for w in caught if "Error in computing" in str(w.message)})
    if failed:  # moderndid leaves such a cell out: never publish the rest as if complete
        raise ValueError("ATT(g, t) could not be estimated for some cells: " + "; ".join(failed))
    clusters = None
    if cluster is not None:
        clusters = _unit_clusters(panel, np.asarray(analytic.G, dtype="float64"))
    v = _vcov(analytic.influence_func, clusters)
    se = np.sqrt(np.clip(np.diag(v), 0.0, None))
    att = np.asarray(analytic.att_gt, dtype="float64")
    df = math.inf if clusters is None else len(np.unique(clusters)) - 1.0
    z = _critical(alpha, df)
    sizes = panel.drop_duplicates("id")["g"].value_counts()
    groups = np.asarray(analytic.groups).astype("int64")
    times = np.asarray(analytic.times).astype("int64")
    se_boot = (np.asarray(boot.se_gt, dtype="float64") if boot is not None
               else np.full(len(att), np.nan))
    crit = float(boot.critical_value) if boot is not None else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 2 * stats.t.sf(np.abs(att / se), df)
    cells = pd.DataFrame({
        "kohort": groups, "tahun": times, "periode_relatif": times - groups,
        "estimasi": att, "se": se, "ci_bawah": att - z * se, "ci_atas": att + z * se,
        "nilai_p": p, "se_bootstrap": se_boot, "pita_bawah": att - crit * se_boot,
        "pita_atas": att + crit * se_boot,
        "n_kohort": pd.Series(groups).map(sizes).astype("int64").to_numpy(),
    })
    n_clusters = None if clusters is None else int(len(np.unique(clusters)))
    se_type = (f"influence function, clustered by {cluster} ({n_clusters}), G/(G-1), "
               "t(G-1)" if cluster else "influence function (unit), normal")
    return GroupTimeEffects(
        cells=cells, control=control, base_period=base_period,
        n_units=int(panel["id"].nunique()), n_clusters=n_clusters,
        n_dropped_unbalanced=n_unbalanced, n_dropped_always=n_always, se_type=se_type,
        critical_value=crit, pretrend_wald=_float(analytic.wald_stat),
        pretrend_p_value=_float(analytic.wald_pvalue), level=1 - alpha, reps=int(reps),
        seed=int(seed), raw=(analytic, boot, clustervars), clusters=clusters)


def _unit_clusters(panel: pd.DataFrame, groups_in_order: np.ndarray) -> np.ndarray:
    """The cluster of each row of moderndid's influence functions.

    moderndid sorts units by cohort (never-treated last) and id; the order is checked against
    the cohorts it reports, so that a change of that order stops here instead of summing the
    influence functions of the wrong units.
    """
    units = panel.drop_duplicates("id")[["id", "g", "cl"]].copy()
    units["order"] = units["g"].where(units["g"] > 0, np.inf)
    units = units.sort_values(["order", "id"], kind="stable")
    reported = np.where(np.isfinite(groups_in_order) & (groups_in_order > 0), groups_in_order,
                        np.inf)
    if len(reported) != len(units) or not np.array_equal(units["order"].to_numpy(), reported):
        raise RuntimeError("moderndid's unit order is not (cohort, id): clustered standard "
                           "errors cannot be formed; check the pinned moderndid version")
    return units["cl"].to_numpy()


def _critical(alpha: float, df: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2) if math.isinf(df) else
                 stats.t.ppf(1 - alpha / 2, df))


def _float(x) -> float:
    return math.nan if x is None else float(x)


def aggregate_effects(effects: GroupTimeEffects, kind: str = "simple", *,
                      min_e: float = -np.inf, max_e: float = np.inf,
                      balance_e: int | None = None) -> AggregatedEffects:
    """Aggregate ATT(g, t) as R ``did::aggte``: simple, group, calendar or dynamic.

    Parameters
    ----------
    effects : GroupTimeEffects
        From :func:`group_time_effects`.
    kind : {"simple", "group", "calendar", "dynamic"}
        ``simple``: post-treatment cells weighted by cohort size; ``group``: by cohort, then
        averaged with cohort-size weights; ``calendar``: by period; ``dynamic``: by event time
        e = t - g (the event study; ``overall`` averages e >= 0).
    min_e, max_e, balance_e
        Event-time window and balancing (``dynamic`` only), as in ``aggte``.

    Returns
    -------
    AggregatedEffects
        ``overall`` with ``se_type`` naming the analytic convention; table columns as in
        :attr:`GroupTimeEffects.cells` (pointwise CI from ``se``; band from the bootstrap).

    References
    ----------
    Callaway & Sant'Anna (2021), section 3 (aggregation weights).

    Examples
    --------
    >>> t = np.tile([1, 2, 3], 7)  # 2 units treated in t = 3; 5 never-treated, +0.5 a period
    >>> i = np.repeat(np.arange(7), 3)  # on average (+0.3, +0.4, ..., +0.7 by unit)
    >>> y = np.where(i < 2, i + np.tile([1.0, 1, 3], 7), i + 0.1 * (i + 1) * (t - 1))
    >>> df = pd.DataFrame({"i": i, "t": t, "y": y, "g": np.where(i < 2, 3, 0)})
    >>> agg = aggregate_effects(group_time_effects(df, "y", "i", "t", "g", reps=99), "dynamic")
    >>> round(agg.overall.estimate, 3), agg.table["periode_relatif"].tolist()
    (1.5, [-1, 0])
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    import moderndid

    analytic, boot_mp, clustervars = effects.raw
    alpha = 1 - effects.level
    key = KINDS[kind]
    options = dict(type=kind, min_e=min_e, max_e=max_e, balance_e=balance_e)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        agg = moderndid.aggte(analytic, **options, boot=False, cband=False)
        boot = None if boot_mp is None or key is None else moderndid.aggte(
            boot_mp, **options, boot=True, cband=True, biters=effects.reps,
            clustervars=clustervars, random_state=effects.seed)
    df = math.inf if effects.n_clusters is None else effects.n_clusters - 1.0
    z = _critical(alpha, df)
    v_all = _vcov(agg.influence_func_overall, effects.clusters)
    est = float(agg.overall_att)
    se = math.sqrt(max(float(v_all[0, 0]), 0.0))
    p = 2 * stats.t.sf(abs(est / se), df) if se > 0 else math.nan
    n_treated = int(effects.cells.drop_duplicates("kohort")["n_kohort"].sum())
    overall = EffectResult(
        estimate=est, se=se, ci_low=est - z * se, ci_high=est + z * se, p_value=p,
        n=effects.n_units, n_clusters=effects.n_clusters,
        method=f"Callaway-Sant'Anna ({kind}; control {effects.control}, base period "
               f"{effects.base_period}; {n_treated} treated units)",
        se_type=effects.se_type, df=df, term=f"ATT {kind}", level=effects.level)
    if key is None:
        return AggregatedEffects(kind, overall, pd.DataFrame(), v_all, math.nan)
    att = np.asarray(agg.att_by_event, dtype="float64")
    v = _vcov(agg.influence_func, effects.clusters)
    se_e = np.sqrt(np.clip(np.diag(v), 0.0, None))
    if boot is None:
        se_b, crit = np.full(len(att), np.nan), math.nan
    else:
        se_b = np.asarray(boot.se_by_event, dtype="float64")
        crit = float(np.asarray(boot.critical_values, dtype="float64").ravel()[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        p_e = 2 * stats.t.sf(np.abs(att / se_e), df)
    table = pd.DataFrame({
        key: np.asarray(agg.event_times).astype("int64"), "estimasi": att, "se": se_e,
        "ci_bawah": att - z * se_e, "ci_atas": att + z * se_e, "nilai_p": p_e,
        "se_bootstrap": se_b, "pita_bawah": att - crit * se_b, "pita_atas": att + crit * se_b,
    })
    return AggregatedEffects(kind, overall, table, v, crit)


def as_event_study(dynamic: AggregatedEffects) -> EventStudyResult:
    """The dynamic aggregation as an :class:`EventStudyResult` (plots, prose, pre-tests).

    ``estimate`` is the aggregation's overall effect (the average of e >= 0 across event
    times, as ``aggte``); the pre-trend test is the Wald chi-square test that every e < 0
    effect is zero, with the analytic covariance (``pretrend_f`` = Wald / q, normal df).

    Examples
    --------
    >>> t = np.tile([1, 2, 3], 7)  # 2 units treated in t = 3; 5 never-treated, +0.5 a period
    >>> i = np.repeat(np.arange(7), 3)  # on average (+0.3, +0.4, ..., +0.7 by unit)
    >>> y = np.where(i < 2, i + np.tile([1.0, 1, 3], 7), i + 0.1 * (i + 1) * (t - 1))
    >>> df = pd.DataFrame({"i": i, "t": t, "y": y, "g": np.where(i < 2, 3, 0)})
    >>> es = as_event_study(aggregate_effects(
    ...     group_time_effects(df, "y", "i", "t", "g", reps=99), "dynamic"))
    >>> es.periods["periode_relatif"].tolist(), round(es.estimate, 3)
    ([-1, 0], 1.5)
    """
    if dynamic.kind != "dynamic":
        raise ValueError("as_event_study needs the dynamic aggregation")
    table = dynamic.table.copy()
    lead = (table["periode_relatif"] < 0).to_numpy()
    wald = p_pre = f = math.nan
    if lead.any():
        b = table.loc[lead, "estimasi"].to_numpy()
        v = dynamic.vcov[np.ix_(lead, lead)]
        wald = float(b @ np.linalg.pinv(v) @ b)
        f, p_pre = wald / int(lead.sum()), float(stats.chi2.sf(wald, int(lead.sum())))
    o = dynamic.overall
    return EventStudyResult(
        estimate=o.estimate, se=o.se, ci_low=o.ci_low, ci_high=o.ci_high, p_value=o.p_value,
        n=o.n, n_clusters=o.n_clusters, method=o.method, se_type=o.se_type, df=o.df,
        term="ATT dynamic, mean of e >= 0", level=o.level, periods=table, pretrend_f=f,
        pretrend_p_value=p_pre, pretrend_df=(int(lead.sum()), math.inf), reference=-1,
        vcov=pd.DataFrame(dynamic.vcov, index=table["periode_relatif"],
                          columns=table["periode_relatif"]))
