"""Wild cluster bootstrap of the static TWFE effect, with a confidence set by test inversion.

The bootstrap itself is the ``wildboottest`` package's (the engine of pyfixest's
``Feols.wildboottest``); this module prepares the design (fixed effects nested in the
clusters partialled out), runs it for a few null values and inverts the p-value. Public
through :mod:`kompetensi.impact.inference`.

References
----------
Cameron, A.C., Gelbach, J.B. & Miller, D.L. (2008). Bootstrap-based improvements for
inference with clustered errors. Review of Economics and Statistics 90(3), 414-427.
Roodman, D., MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2019). Fast and wild: bootstrap
inference in Stata using boottest. Stata Journal 19(1), 4-60.
MacKinnon, J.G., Nielsen, M.O. & Webb, M.D. (2023). Cluster-robust inference: a guide to
empirical practice. Journal of Econometrics 232(2), 272-299.
Webb, M.D. (2023). Reworking wild bootstrap-based inference for clustered errors. Canadian
Journal of Economics 56(3), 839-858 (the six-point weights).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.impact.core import (
    _as_float,
    _check_clusters,
    _check_columns,
    _check_variation,
    _redundant_columns,
)

WEIGHTS = {"rademacher": "Rademacher", "webb": "Webb"}
MAX_DUMMIES = 500  # fixed effects not nested in the clusters enter as dummy columns
_TIE = 1e-9  # |t*| within this relative distance of |t| counts as at least as extreme


@dataclass(frozen=True)
class BootstrapResult:
    """A wild cluster bootstrap test of ``treatment = 0`` and its confidence set.

    ``ci_low``/``ci_high``: the null values nearest the estimate on either side at which the
    bootstrap p-value falls below ``alpha`` (infinite when it never does); ``reps``: the
    draws used (2^G when every Rademacher sign vector was enumerated). ``p_value`` is 0 when
    no draw is as extreme as the sample: report it as below 1/reps.
    """

    estimate: float
    p_value: float
    ci_low: float
    ci_high: float
    reps: int
    weights: str
    n_clusters: int
    n: int
    method: str
    se_type: str
    enumerated: bool
    level: float = 0.95


def _prepare(data: pd.DataFrame, outcome: str, treatment: str, unit: str, time: str,
             cluster: str, covariates: Sequence[str]) -> pd.DataFrame:
    """Checked estimation sample with internal column names _y, _d, _u, _t, _c, _x0..."""
    covariates = list(covariates)
    _check_columns(data, [outcome, treatment, unit, time, cluster, *covariates])
    frame = _as_float(data[list(dict.fromkeys([outcome, treatment, unit, time, cluster,
                                               *covariates]))])
    for name in [outcome, treatment, *covariates]:
        if not pd.api.types.is_numeric_dtype(frame[name]):
            raise ValueError(f"'{name}' must be numeric")
    frame = frame[frame.notna().all(axis=1)]
    if frame.duplicated([unit, time]).any():
        raise ValueError(f"more than one row per {unit} and {time}: a panel needs one "
                         "observation per unit and period")
    _check_variation(frame[treatment], treatment)
    out = pd.DataFrame({"_y": frame[outcome], "_d": frame[treatment],
                        "_u": pd.factorize(frame[unit])[0], "_t": pd.factorize(frame[time])[0],
                        "_c": pd.factorize(frame[cluster])[0]}, index=frame.index)
    for i, name in enumerate(covariates):
        out[f"_x{i}"] = frame[name]
    _check_clusters(out["_c"], cluster)
    return out.reset_index(drop=True)


def _nested(codes: np.ndarray, clusters: np.ndarray) -> bool:
    return bool(pd.Series(clusters).groupby(codes).nunique().max() == 1)


def _design(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, str]:
    """``(y, X)`` with the treatment first, the fixed effects that are nested in the clusters
    partialled out (within-transformation) and the others as dummy columns.

    The wild cluster bootstrap on this design equals the one on the dummy-variable (LSDV)
    regression (Frisch-Waugh-Lovell): the weights are constant within a cluster, hence
    within each level of a nested fixed effect, and the restricted residuals sum to zero
    there, so every bootstrap sample is already orthogonal to the partialled dummies
    (checked in the tests against pyfixest's LSDV bootstrap). Other fixed effects stay as
    dummies (at most ``MAX_DUMMIES``); the (N-1)/(N-k) factor then differs from the LSDV
    one, which leaves the bootstrap p-value unchanged (it scales t and every t*).
    """
    clusters = frame["_c"].to_numpy()
    xcols = [c for c in frame if c.startswith("_x")]
    cols = {"_y": frame["_y"], "_d": frame["_d"], **{c: frame[c] for c in xcols}}
    absorbed, dummies = None, []
    for fe in ("_u", "_t"):
        if absorbed is None and _nested(frame[fe].to_numpy(), clusters):
            absorbed = fe
        else:
            dummies.append(fe)
    n_dummies = sum(frame[fe].nunique() - 1 for fe in dummies)
    if n_dummies > MAX_DUMMIES:
        raise ValueError(
            f"the units are not nested in the clusters and {n_dummies} fixed-effect dummies "
            f"would be needed (at most {MAX_DUMMIES}): give each unit one cluster (e.g. its "
            "baseline OPD) so that the unit effects can be partialled out")
    for fe in dummies:
        for level in range(1, frame[fe].nunique()):
            cols[f"{fe}{level}"] = (frame[fe] == level).astype("float64")
    mat = pd.DataFrame(cols)
    if absorbed is None:
        mat.insert(2, "_const", 1.0)
    else:
        mat = mat - mat.groupby(frame[absorbed]).transform("mean")
    names = list(mat.columns[1:])
    x = mat[names].to_numpy(dtype="float64")
    flat = [n for n, col in zip(names, x.T, strict=True) if not np.abs(col).max() > 1e-12]
    if "_d" in flat:
        raise ValueError("the treatment does not vary within units or periods: it is "
                         "absorbed by the fixed effects")
    if any(n.startswith("_x") for n in flat):
        raise ValueError("a covariate is absorbed by the fixed effects (constant within "
                         "units): drop it")
    keep = [i for i, n in enumerate(names) if n not in flat]
    x, names = x[:, keep], [names[i] for i in keep]
    if _redundant_columns(x, names):
        raise ValueError("the treatment or a covariate is collinear with the other terms "
                         "and the unit and period fixed effects")
    label = "none" if absorbed is None else {"_u": "unit", "_t": "time"}[absorbed]
    return mat["_y"].to_numpy(dtype="float64"), x, label


def _wcr_run(y: np.ndarray, x: np.ndarray, clusters: np.ndarray, null: float, *,
             weights: str, reps: int, seed: int, impose_null: bool) -> dict:
    """One run of :class:`wildboottest.wildboottest.WildboottestCL` (WCR/WCU type 11, CR1
    denominators) for ``H0: beta_treatment = null`` (by testing 0 on y - null * treatment)."""
    from wildboottest.wildboottest import WildboottestCL

    r = np.zeros(x.shape[1])
    r[0] = 1.0
    boot = WildboottestCL(X=x, Y=y - null * x[:, 0], cluster=clusters, R=r, B=reps,
                          seed=seed, parallel=False)
    boot.get_scores(bootstrap_type="11", impose_null=impose_null, adj=True, cluster_adj=True)
    boot.get_weights(weights_type=weights)
    boot.get_numer()
    boot.denom = _crv1_denominators(boot)  # boot.get_denom(), without its numba compile
    boot.get_tboot()
    boot.get_vcov()
    boot.get_tstat()
    t = float(np.asarray(boot.t_stat).ravel()[0])
    se = math.sqrt(float(boot.ssc * boot.vcov[0, 0]))
    return {"numer": np.asarray(boot.numer, dtype="float64").ravel(),
            "denom": np.asarray(boot.denom, dtype="float64").ravel(), "t": t, "se": se,
            "beta": float(boot.beta_hat[0]) + null, "enumerated": bool(boot.full_enumeration),
            "reps": int(boot.B)}


def _crv1_denominators(boot) -> np.ndarray:
    """``WildboottestCL.get_denom()`` for CR1 (type "11"), in numpy, bit for bit.

    wildboottest compiles its denominator loop with numba inside ``get_denom`` on every
    call (about 0.4 s each, eight calls per table); this is the same arithmetic in the same
    order: ``H[g, h] = R A X_g'X_g A s_h`` (A = (X'X)^-1, s_h cluster h's score; the
    product chained left to right as there), ``Z[g, b] = C_g v[g, b] - sum_h v[h, b]
    H[g, h]`` summed over h in order from 0, and ``denom[b] = ssc * sum_g Z[g, b]^2``
    summed over g in order (numba without fastmath keeps the order; numpy's pairwise
    ``sum`` would not, hence the explicit loops over the few clusters, vectorized over the
    draws). Checked against ``get_denom`` in the tests.
    """
    n_g = boot.G
    lead = [boot.R @ boot.tXXinv @ boot.tXgXg_list[g] @ boot.tXXinv for g in range(n_g)]
    h_mat = np.array([[lead[g] @ boot.scores_mat[:, h] for h in range(n_g)]
                      for g in range(n_g)]).reshape(n_g, n_g)
    v = np.asarray(boot.v, dtype="float64")
    cg = np.asarray(boot.Cg, dtype="float64").reshape(n_g)
    vh = np.zeros(v.shape)
    for h in range(n_g):
        vh += v[h][None, :] * h_mat[:, h][:, None]
    z = cg[:, None] * v - vh
    total = np.zeros(v.shape[1])
    for g in range(n_g):
        total += z[g] * z[g]
    return boot.ssc * total


def _p_value(t: float, t_boot: np.ndarray) -> float:
    """Symmetric bootstrap p-value: share of draws with |t*| >= |t| (ties count)."""
    return float(np.mean(np.abs(t_boot) >= abs(t) * (1 - _TIE)))


def _quadratic(points: Sequence[float], values: Sequence[np.ndarray], at: float) -> np.ndarray:
    """Lagrange interpolation through three points (exact for polynomials of degree <= 2)."""
    (a, b, c), (fa, fb, fc) = points, values
    return (fa * (at - b) * (at - c) / ((a - b) * (a - c))
            + fb * (at - a) * (at - c) / ((b - a) * (b - c))
            + fc * (at - a) * (at - b) / ((c - a) * (c - b)))


def _crossing(p_at, start: float, step: float, alpha: float) -> float:
    """The first null value from ``start`` in the direction of ``step`` with p < alpha."""
    inside, k = start, 0
    while p_at(start + step * 2.0 ** k) >= alpha:
        inside = start + step * 2.0 ** k
        k += 1
        if k > 60:
            return math.copysign(math.inf, step)
    outside = start + step * 2.0 ** k
    for _ in range(200):  # bisection on the step function p(beta0) - alpha
        mid = (inside + outside) / 2
        if abs(outside - inside) <= 1e-7 * abs(step) or mid in (inside, outside):
            break
        if p_at(mid) >= alpha:
            inside = mid
        else:
            outside = mid
    return (inside + outside) / 2


def wild_cluster_bootstrap(data: pd.DataFrame, outcome: str, treatment: str, unit: str,
                           time: str, cluster: str, *, covariates: Sequence[str] = (),
                           weights: str = "rademacher", reps: int = 9999, seed: int = 0,
                           alpha: float = 0.05, impose_null: bool = True) -> BootstrapResult:
    """Wild cluster restricted bootstrap (WCR) test of no effect, with its confidence set.

    The bootstrap is the ``wildboottest`` package's (the engine behind pyfixest's
    ``Feols.wildboottest``): type "11" (CR1 t-statistics), restricted residuals when
    ``impose_null``, the same weights for every null value (fixed ``seed``). Rademacher
    weights with ``2**G <= reps`` enumerate all 2^G sign vectors (``reps`` becomes 2^G).
    p-value: share of bootstrap |t*| >= |t| (ties, such as the identity sign vector under
    enumeration, count as at least as extreme). With few clusters (G <= ~12) Rademacher
    p-values are coarse (2^(G-1) distinct values): prefer Webb weights (Webb 2023).

    Confidence set by test inversion: the bootstrap numerators are linear and the squared
    denominators quadratic in the null value beta0 (as boottest uses, Roodman et al. 2019), so
    three runs of the bootstrap give p(beta0) exactly for every beta0; the bounds are the
    crossings of ``alpha`` nearest the estimate (bisection to 1e-7 standard errors). A run
    at beta0 = 0 gives the reported p-value directly.

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome, treatment, unit, time, cluster : str
        Column names (``cluster`` e.g. ``"opd"``).
    covariates : sequence of str
        Numeric time-varying columns.
    weights : {"rademacher", "webb"}
    reps : int
        Bootstrap draws (alpha * (B + 1) a whole number: Davidson & MacKinnon 2000).
    seed : int
    alpha : float
        1 - confidence level of the set.
    impose_null : bool
        False: the unrestricted WCU bootstrap (residuals of the full model).

    Returns
    -------
    BootstrapResult

    Raises
    ------
    ValueError
        Missing column, duplicated unit-period rows, no variation in the treatment, fewer
        than 2 clusters, an unknown weight type, units not nested in the clusters with too
        many units, a treatment absorbed by the fixed effects.

    References
    ----------
    Cameron, Gelbach & Miller (2008); Roodman, MacKinnon, Nielsen & Webb (2019); MacKinnon,
    Nielsen & Webb (2023); Webb (2023); Davidson, R. & MacKinnon, J.G. (2000). Bootstrap
    tests: how many bootstraps? Econometric Reviews 19(1), 55-68.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"i": np.repeat(np.arange(40), 4), "t": np.tile(np.arange(4), 40)})
    >>> df["g"], df["d"] = df["i"] // 4, ((df["i"] % 2 == 0) & (df["t"] >= 2)).astype(float)
    >>> df["y"] = 0.5 * df["d"] + rng.normal(size=len(df)) + rng.normal(size=10)[df["g"]]
    >>> res = wild_cluster_bootstrap(df, "y", "d", "i", "t", "g", reps=9999, seed=1)
    >>> res.reps, res.enumerated, res.ci_low < res.estimate < res.ci_high
    (1024, True, True)
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    if reps < 1:
        raise ValueError("reps must be at least 1")
    frame = _prepare(data, outcome, treatment, unit, time, cluster, covariates)
    y, x, absorbed = _design(frame)
    clusters = frame["_c"].to_numpy()
    n_clusters = int(np.unique(clusters).size)
    if weights == "rademacher" and 2 ** n_clusters <= reps:
        reps = 2 ** n_clusters + 1  # wildboottest enumerates when 2^G < B
    kw = {"weights": weights, "reps": reps, "seed": seed, "impose_null": impose_null}
    at_zero = _wcr_run(y, x, clusters, 0.0, **kw)
    beta, se = at_zero["beta"], at_zero["se"]
    p_value = _p_value(at_zero["t"], at_zero["numer"] / np.sqrt(at_zero["denom"]))
    points = (beta - 2 * se, beta, beta + 2 * se)
    runs = [_wcr_run(y, x, clusters, b0, **kw) for b0 in points]
    numer = [r["numer"] for r in runs]
    denom = [r["denom"] for r in runs]

    def p_at(b0: float) -> float:
        t_boot = _quadratic(points, numer, b0) / np.sqrt(
            np.maximum(_quadratic(points, denom, b0), 0.0))
        return _p_value((beta - b0) / se, t_boot)

    check = _quadratic(points, denom, 0.0)
    if not np.allclose(check, at_zero["denom"], rtol=1e-6, atol=1e-12 * check.max()):
        raise RuntimeError("bootstrap denominators are not quadratic in the null value")
    low, high = (_crossing(p_at, beta, -se, alpha), _crossing(p_at, beta, se, alpha))
    kind = "WCR" if impose_null else "WCU"
    null = "H0 imposed" if impose_null else "H0 not imposed"
    draws = "all 2^G sign vectors" if at_zero["enumerated"] else f"{at_zero['reps']} draws"
    return BootstrapResult(
        estimate=beta, p_value=p_value, ci_low=low, ci_high=high, reps=at_zero["reps"],
        weights=weights, n_clusters=n_clusters, n=len(frame),
        method=(f"TWFE, wild cluster bootstrap ({kind}11, {draws}; CI by test inversion; "
                f"fixed effects partialled out: {absorbed})"),
        se_type=f"{kind} bootstrap, {WEIGHTS[weights]} weights, {null} ({cluster})",
        enumerated=at_zero["enumerated"], level=1 - alpha)
