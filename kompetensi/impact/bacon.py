"""Diagnostics of the static two-way fixed-effects (TWFE) coefficient in a staggered design.

:func:`bacon_decomposition` splits the TWFE difference-in-differences coefficient into every
2x2 comparison and its weight (Goodman-Bacon 2021, closed form, balanced panel);
:func:`twfe_weights` gives the weight that the same coefficient puts on each treated cell's
effect (de Chaisemartin & D'Haultfoeuille 2020; any panel). Neither runs a regression: both
use the treatment dummy's two-way within transformation. A never-treated unit has
``first_treated`` NaN or 0; one treated after the last period counts as never treated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.impact.core import _as_float, _check_columns

TREATED_VS_UNTREATED = "Treated vs Untreated"
EARLIER_VS_LATER = "Earlier vs Later Treated"
LATER_VS_EARLIER = "Later vs Earlier Treated"
TREATED_VS_AT_START = "Treated vs Already treated at start"
TYPES = (TREATED_VS_UNTREATED, EARLIER_VS_LATER, LATER_VS_EARLIER, TREATED_VS_AT_START)
WEIGHT_TOL = 1e-12  # a cell weight within this of zero is zero (weights sum to one)


@dataclass(frozen=True)
class BaconResult:
    """The Goodman-Bacon decomposition of a TWFE coefficient.

    ``comparisons``: one row per 2x2 (``jenis``, ``kohort_perlakuan``, ``kohort_kontrol``,
    ``estimasi``, ``bobot``; a cohort is its first treated period, the never treated NaN);
    ``by_type``: per ``jenis`` the total ``bobot``, the weighted mean ``estimasi`` and
    ``n_perbandingan``; ``twfe`` = sum of weight x estimate; ``forbidden_weight``: the total
    weight of the Later vs Earlier Treated comparisons (already-treated units as controls).
    The Treated vs Already treated at start comparisons are not in it, though they too are
    biased when the early units' effects change over time.
    """

    comparisons: pd.DataFrame = field(repr=False)
    by_type: pd.DataFrame = field(repr=False)
    twfe: float
    n_units: int
    n_periods: int
    n_dropped_unbalanced: int
    forbidden_weight: float


@dataclass(frozen=True)
class TwfeWeights:
    """The weights of a TWFE coefficient on the treated cells' effects (they sum to one).

    ``cells``: one row per treated (unit, period) cell (the unit and time columns, ``kohort``
    = the ``first_treated`` value, ``n``, ``bobot``); ``by_cohort``: the weights summed per
    treated (``kohort``, period) (empty without ``first_treated``). Counts and sums of positive / negative weights are over the
    (unit, period) cells, as in the authors' ``twowayfeweights``; ``n_negative_cohort`` counts
    negative (cohort, period) cells. ``sigma_w`` is the weights' standard deviation sigma(w);
    ``beta_fe`` and ``sigma_fe = |beta_fe| / sigma_w`` need an outcome (else NaN).
    """

    cells: pd.DataFrame = field(repr=False)
    by_cohort: pd.DataFrame = field(repr=False)
    n_obs: int
    n_dropped: int
    n_treated_cells: int
    n_positive: int
    n_negative: int
    sum_positive: float
    sum_negative: float
    n_negative_cohort: int
    sigma_w: float
    beta_fe: float = math.nan
    sigma_fe: float = math.nan


def _never(first: pd.Series) -> pd.Series:
    return first.isna() | (first == 0)


def _prepare(data: pd.DataFrame, columns: list[str], unit: str, time: str,
             first_treated: str | None) -> pd.DataFrame:
    _check_columns(data, columns)
    frame = _as_float(data[columns])
    for name in [c for c in columns if c != unit]:
        if not pd.api.types.is_numeric_dtype(frame[name]):
            raise ValueError(f"'{name}' must be numeric")
    frame = frame[frame[[unit, time]].notna().all(axis=1)]
    if frame.duplicated([unit, time]).any():
        raise ValueError(f"more than one row per {unit} and {time}: the panel needs one "
                         "observation per unit and period")
    if first_treated is not None and frame.groupby(unit)[first_treated].nunique(
            dropna=False).gt(1).any():
        raise ValueError(f"'{first_treated}' varies within a {unit}: it must be the unit's "
                         "first treated period (NaN or 0 if never treated)")
    return frame.reset_index(drop=True)


def _two_way_residual(x: np.ndarray, unit: np.ndarray, time: np.ndarray,
                      tol: float = 1e-13, max_iter: int = 100_000) -> np.ndarray:
    """``x`` minus its projection on unit and period dummies (alternating projections)."""
    r = np.asarray(x, dtype=np.float64).copy()
    nu, nt = np.bincount(unit), np.bincount(time)
    for _ in range(max_iter):
        r -= (np.bincount(unit, r) / nu)[unit]
        time_means = np.bincount(time, r) / nt
        r -= time_means[time]
        if np.abs(time_means).max() < tol and np.abs(np.bincount(unit, r) / nu).max() < tol:
            return r
    raise ValueError("the two-way within transformation did not converge (is the panel "
                     "connected?)")


def bacon_decomposition(data: pd.DataFrame, outcome: str, unit: str, time: str,
                        first_treated: str, *, balance: bool = False) -> BaconResult:
    """Goodman-Bacon decomposition of the static TWFE DiD coefficient.

    The coefficient on ``D_it = 1[time >= first_treated]`` in a regression of ``outcome`` on
    ``D`` and unit and period fixed effects equals a weighted mean of 2x2 DiD estimates
    (Theorem 1): each treated cohort against the never treated, each earlier cohort against a
    later one before the later one is treated, each later cohort against an earlier one after
    the earlier one is treated (the 'forbidden' comparison), and each cohort against units
    already treated in the first period. With ``n`` the cohorts' shares of the units and ``D``
    the share of periods a cohort is treated, the weights (eqs. 10e-10g) are
    ``n_k n_U D_k (1 - D_k)``, ``n_k n_l (D_k - D_l)(1 - D_k)`` (earlier k vs later l) and
    ``n_k n_l D_l (D_k - D_l)`` (later vs earlier), divided by the variance of the
    two-way-demeaned ``D``; they sum to one. Closed form: no regression is run.

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome, unit, time : str
        Columns: the outcome, the unit id and the (numeric) period.
    first_treated : str
        The unit's first treated period; NaN or 0 if never treated. A unit treated after the
        last period counts as never treated, one treated in or before the first as treated at
        the start.
    balance : bool
        The decomposition needs a balanced panel. False: an unbalanced panel is an error.
        True: keep only the units observed (with an outcome) in every period; their number
        goes to ``n_dropped_unbalanced``.

    Returns
    -------
    BaconResult

    Raises
    ------
    ValueError
        Missing or non-numeric columns, duplicate unit-periods, ``first_treated`` varying
        within a unit, an unbalanced panel without ``balance``, no unit whose treatment
        changes, or no control (neither never-treated, treated-at-start nor a second cohort).

    References
    ----------
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing.
    Journal of Econometrics 225(2), 254-277, Theorem 1 and eqs. (10a)-(10g).

    Examples
    --------
    >>> panel = pd.DataFrame({"id": np.repeat([1, 2, 3], 4), "t": np.tile([1, 2, 3, 4], 3),
    ...                       "g": np.repeat([2.0, 3.0, np.nan], 4)})
    >>> panel["y"] = np.where(panel["t"] >= panel["g"], 1.0, 0.0) * panel["id"]
    >>> res = bacon_decomposition(panel, "y", "id", "t", "g")
    >>> res.by_type[["bobot", "estimasi"]].round(3).values.tolist()
    [[0.7, 1.571], [0.1, 1.0], [0.2, 2.0]]
    >>> list(res.by_type["jenis"])
    ['Treated vs Untreated', 'Earlier vs Later Treated', 'Later vs Earlier Treated']
    >>> round(res.twfe, 4), round(res.forbidden_weight, 3)
    (1.6, 0.2)
    """
    frame = _prepare(data, [outcome, unit, time, first_treated], unit, time, first_treated)
    periods = np.sort(frame.loc[frame[outcome].notna(), time].unique())
    n_t = len(periods)
    counts = frame.groupby(unit)[outcome].count()  # periods with an observed outcome
    short = counts.index[counts < n_t]
    if len(short) and not balance:
        raise ValueError(f"unbalanced panel: {len(short)} of {len(counts)} units lack an "
                         f"observed {outcome} in some of the {n_t} periods; the decomposition "
                         "needs a balanced panel (balance=True keeps the complete units)")
    frame = frame[~frame[unit].isin(short) & frame[outcome].notna()]
    if n_t < 2 or frame.empty:
        raise ValueError("the decomposition needs at least two periods and one complete unit")
    first = frame.groupby(unit)[first_treated].first()
    # index of a unit's first treated period: 0 treated at start, n_t never (in the panel)
    start = pd.Series(np.searchsorted(periods, first.to_numpy(), side="left"),
                      index=first.index).where(~_never(first), n_t)
    means = frame.pivot(index=unit, columns=time, values=outcome).loc[start.index]
    ybar = means.groupby(start.to_numpy()).mean()  # timing group x period
    share = start.value_counts(normalize=True)
    cohorts = sorted(j for j in share.index if 0 < j < n_t)
    controls = [j for j in (n_t, 0) if j in share.index]
    if not cohorts:
        raise ValueError(f"no unit changes treatment within the panel: '{first_treated}' "
                         "must fall after the first period for some units")
    if not controls and len(cohorts) < 2:
        raise ValueError("no comparison group: the data need never-treated units, units "
                         "treated at the start, or a second cohort treated later")

    def dd(a: int, b: int, lo: int, mid: int, hi: int) -> float:
        """(a after - before) - (b after - before), before = [lo, mid), after = [mid, hi)."""
        ya, yb = ybar.loc[a].to_numpy(), ybar.loc[b].to_numpy()
        return float((ya[mid:hi].mean() - ya[lo:mid].mean())
                     - (yb[mid:hi].mean() - yb[lo:mid].mean()))

    label = {j: (math.nan if j == n_t else float(periods[j])) for j in share.index}
    rows = []
    for k in cohorts:
        dk = (n_t - k) / n_t
        for c in controls:
            kind = TREATED_VS_UNTREATED if c == n_t else TREATED_VS_AT_START
            rows.append((kind, k, c, dd(k, c, 0, k, n_t), share[k] * share[c] * dk * (1 - dk)))
        for j in (j for j in cohorts if j > k):  # k earlier, j later
            dj = (n_t - j) / n_t
            nn = share[k] * share[j]
            rows.append((EARLIER_VS_LATER, k, j, dd(k, j, 0, k, j), nn * (dk - dj) * (1 - dk)))
            rows.append((LATER_VS_EARLIER, j, k, dd(j, k, k, j, n_t), nn * dj * (dk - dj)))
    period = np.searchsorted(periods, frame[time].to_numpy())
    treated = (period >= frame[unit].map(start).to_numpy()).astype(np.float64)
    resid = _two_way_residual(treated, pd.factorize(frame[unit])[0], period)
    variance = float(np.mean(resid ** 2))
    table = pd.DataFrame(rows, columns=["jenis", "kohort_perlakuan", "kohort_kontrol",
                                        "estimasi", "bobot"])
    table["bobot"] /= variance
    for col in ("kohort_perlakuan", "kohort_kontrol"):
        table[col] = table[col].map(label).astype("float64")
    table["_order"] = table["jenis"].map(TYPES.index)
    table = table.sort_values(["_order", "kohort_perlakuan", "kohort_kontrol"],
                              na_position="last").drop(columns="_order").reset_index(drop=True)
    by_type = (table.assign(_wy=table["bobot"] * table["estimasi"])
               .groupby("jenis", sort=False)
               .agg(bobot=("bobot", "sum"), _wy=("_wy", "sum"),
                    n_perbandingan=("bobot", "size")).reset_index())
    by_type["estimasi"] = (by_type["_wy"] / by_type["bobot"]).where(by_type["bobot"] > 0)
    by_type = by_type[["jenis", "bobot", "estimasi", "n_perbandingan"]]
    forbidden = float(table.loc[table["jenis"] == LATER_VS_EARLIER, "bobot"].sum())
    return BaconResult(comparisons=table, by_type=by_type,
                       twfe=float((table["bobot"] * table["estimasi"]).sum()),
                       n_units=int(len(start)), n_periods=int(n_t),
                       n_dropped_unbalanced=int(len(short)), forbidden_weight=forbidden)


def twfe_weights(data: pd.DataFrame, unit: str, time: str, first_treated: str | None = None,
                 *, treatment: str | None = None, outcome: str | None = None) -> TwfeWeights:
    """de Chaisemartin-D'Haultfoeuille weights of the static TWFE coefficient.

    Under parallel trends the TWFE coefficient ``beta_fe`` on a 0/1 treatment estimates
    ``sum_c W_c ATT_c`` over the treated (unit, period) cells c, with ``W_c`` proportional to
    the sum over the cell's observations of ``e``, the residual of the treatment from a
    regression on unit and period fixed effects (Theorem 1; ``W`` sums to one). Some ``W_c``
    can be negative. ``sigma_fe = |beta_fe| / sigma(w)``, ``sigma(w)^2 = sum_c (N_c / N_1)
    (w_c - 1)^2`` with ``w_c = W_c N_1 / N_c`` (``N_1`` treated observations), is the smallest
    standard deviation of the cells' effects under which they could average to zero
    (Corollary 1); a small value means ``beta_fe`` and the average effect could differ in
    sign under little heterogeneity. Works on unbalanced panels.

    Parameters
    ----------
    data : DataFrame
        Long panel (several rows per unit and period are allowed: a cell is then a group).
    unit, time : str
        The fixed-effect group (e.g. the person) and the (numeric) period.
    first_treated : str, optional
        The unit's first treated period (NaN or 0 never): the treatment is
        ``1[time >= first_treated]`` and cells are also summed per cohort (``by_cohort``).
    treatment : str, optional
        Instead of ``first_treated``: a 0/1 treatment column (any switching pattern).
    outcome : str, optional
        When given, ``beta_fe`` (the TWFE coefficient) and ``sigma_fe`` are computed.

    Returns
    -------
    TwfeWeights

    Raises
    ------
    ValueError
        Missing or non-numeric columns, neither or both of ``first_treated``/``treatment``,
        a treatment that is not 0/1, or no treatment variation left after the fixed effects.

    References
    ----------
    de Chaisemartin, C. & D'Haultfoeuille, X. (2020). Two-way fixed effects estimators with
    heterogeneous treatment effects. American Economic Review 110(9), 2964-2996, Theorem 1
    and Corollary 1.

    Examples
    --------
    >>> panel = pd.DataFrame({"id": np.repeat([1, 2], 3), "t": np.tile([1, 2, 3], 2),
    ...                       "g": np.repeat([2.0, 3.0], 3)})
    >>> w = twfe_weights(panel, "id", "t", "g")
    >>> w.cells["bobot"].round(3).tolist(), w.n_negative
    ([1.0, -0.5, 0.5], 1)
    """
    if (first_treated is None) == (treatment is None):
        raise ValueError("give exactly one of first_treated and treatment")
    cols = [unit, time, *(c for c in (first_treated, treatment, outcome) if c is not None)]
    frame = _prepare(data, list(dict.fromkeys(cols)), unit, time, first_treated)
    n_rows = len(data)
    if treatment is not None:
        frame = frame[frame[treatment].notna()]
        d = frame[treatment].to_numpy()
        if not np.isin(d, (0.0, 1.0)).all():
            raise ValueError(f"'{treatment}' must be 0/1")
    else:
        first = frame[first_treated]
        d = ((frame[time] >= first) & ~_never(first)).to_numpy(dtype=np.float64)
    if outcome is not None:
        keep = frame[outcome].notna().to_numpy()
        frame, d = frame[keep], d[keep]
    frame = frame.assign(_d=d)
    codes_u, codes_t = pd.factorize(frame[unit])[0], pd.factorize(frame[time])[0]
    if len(frame) == 0:
        raise ValueError("no complete rows")
    resid = _two_way_residual(frame["_d"].to_numpy(), codes_u, codes_t)
    treated = frame["_d"].to_numpy() == 1.0
    denom = float(resid[treated].sum())
    if not denom > 1e-10 * max(1, treated.sum()):
        raise ValueError("the treatment does not vary within units and periods: it is "
                         "absorbed by the fixed effects (no treated-untreated contrast)")
    obs = frame.assign(bobot=resid / denom)[treated]
    keys = [unit, time] + ([first_treated] if first_treated is not None else [])
    cells = (obs.groupby(keys, sort=True).agg(n=("_d", "size"), bobot=("bobot", "sum"))
             .reset_index())
    if first_treated is not None:
        cells = cells.rename(columns={first_treated: "kohort"})
        cells = cells[[unit, time, "kohort", "n", "bobot"]]
        by_cohort = (cells.groupby(["kohort", time], sort=True)
                     .agg(n=("n", "sum"), bobot=("bobot", "sum")).reset_index())
        n_neg_cohort = int((by_cohort["bobot"] < -WEIGHT_TOL).sum())
    else:
        by_cohort = pd.DataFrame(columns=["kohort", time, "n", "bobot"])
        n_neg_cohort = 0
    w = cells["bobot"].to_numpy()
    n1 = float(cells["n"].sum())
    w_mean_one = w * n1 / cells["n"].to_numpy()
    sigma_w = float(np.sqrt(np.sum(cells["n"].to_numpy() / n1 * (w_mean_one - 1.0) ** 2)))
    beta = sigma = math.nan
    if outcome is not None:
        beta = float(resid @ frame[outcome].to_numpy() / denom)
        sigma = abs(beta) / sigma_w if sigma_w > 0 else math.inf
    return TwfeWeights(cells=cells, by_cohort=by_cohort, n_obs=int(len(frame)),
                       n_dropped=int(n_rows - len(frame)), n_treated_cells=int(len(cells)),
                       n_positive=int((w > WEIGHT_TOL).sum()),
                       n_negative=int((w < -WEIGHT_TOL).sum()),
                       sum_positive=float(w[w > WEIGHT_TOL].sum()),
                       sum_negative=float(w[w < -WEIGHT_TOL].sum()),
                       n_negative_cohort=n_neg_cohort, sigma_w=sigma_w, beta_fe=beta,
                       sigma_fe=sigma)
