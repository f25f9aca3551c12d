"""Learning (Kirkpatrick level 2) and its link to behaviour (level 3): paired change.

Pure functions on paired scores: the pre/post test of a programme (level 2), or two ratings of
the same person (self and supervisor, level 3).

Conventions
-----------
- Differences are ``post - pre``; a pair with a missing value is dropped.
- Paired t-test (Student): ``t = mean(d) / (sd(d) / sqrt(n))`` with ``n - 1`` df
  (``scipy.stats.ttest_rel``); its confidence interval follows ``alternative`` (one-sided for
  "greater"/"less", as R ``t.test``).
- Effect size: Cohen's ``d_z = mean(d) / sd(d)`` (sd with ``n - 1``), the standardized mean
  of the differences (Cohen 1988; Lakens 2013), not the ``d`` of two independent groups.
- Wilcoxon signed-rank test as R ``wilcox.test(paired = TRUE)`` does by default: zero
  differences dropped (Wilcoxon's reduced sample); exact p-value when fewer than 50 non-zero
  differences, no ties and no zeros; otherwise the normal approximation with tie-corrected
  variance and continuity correction (``scipy.stats.wilcoxon``).
- Normalized gain: Hake's (1998) class-average gain
  ``<g> = (mean_post - mean_pre) / (max_score - mean_pre)``.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

ALTERNATIVES = ("two-sided", "greater", "less")


@dataclass(frozen=True)
class PairedChange:
    """Change from ``pre`` to ``post`` in paired scores (see :func:`paired_change`)."""

    n: int
    n_dropped: int
    mean_pre: float
    mean_post: float
    mean_diff: float
    sd_diff: float
    ci_low: float
    ci_high: float
    t: float
    df: int
    p_value: float
    cohen_dz: float
    wilcoxon_p: float
    share_improved: float
    normalized_gain: float
    alternative: str
    ci: float

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


@dataclass(frozen=True)
class Correlation:
    """Pearson correlation with its Fisher-z confidence interval (see :func:`correlation`)."""

    r: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    ci: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _as_float(values, name: str) -> np.ndarray:
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if not (pd.api.types.is_numeric_dtype(series) or series.isna().all()):
        raise ValueError(f"{name} must be numeric scores (got dtype {series.dtype})")
    return series.astype("float64").to_numpy()


def _check(alternative: str, ci: float) -> None:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {', '.join(ALTERNATIVES)}, "
                         f"got {alternative!r}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must lie between 0 and 1, got {ci}")


def _pairs(x, y, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray, int]:
    a, b = _as_float(x, names[0]), _as_float(y, names[1])
    if len(a) != len(b):
        raise ValueError(f"{names[0]} and {names[1]} must have the same length "
                         f"({len(a)} != {len(b)}): element i of each is one person")
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep], int((~keep).sum())


def wilcoxon_p(diff: np.ndarray, alternative: str = "two-sided") -> float:
    """p-value of the Wilcoxon signed-rank test of paired differences, R's default method.

    Zero differences are dropped; exact distribution when fewer than 50 non-zero differences
    remain and there are no ties and no zeros, else the normal approximation with tie
    correction and continuity correction. NaN when every difference is zero.

    Examples
    --------
    >>> round(wilcoxon_p(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), "greater"), 5)
    0.03125
    """
    _check(alternative, 0.95)
    diff = np.asarray(diff, dtype="float64")
    diff = diff[~np.isnan(diff)]
    nonzero = diff[diff != 0]
    if nonzero.size == 0:
        return float("nan")
    ties = np.unique(np.abs(nonzero)).size < nonzero.size
    exact = nonzero.size < 50 and not ties and nonzero.size == diff.size
    res = stats.wilcoxon(nonzero, zero_method="wilcox", correction=True,
                         alternative=alternative, method="exact" if exact else "approx")
    return float(res.pvalue)


def paired_change(pre, post, alternative: str = "two-sided", ci: float = 0.95,
                  max_score: float | None = None) -> PairedChange:
    """Mean change from ``pre`` to ``post`` with its CI, t-test, Wilcoxon test and effect size.

    Parameters
    ----------
    pre, post : array-like
        Paired numeric scores, element i of each belonging to the same person (positional, not
        aligned on an index). A pair with a missing value is dropped.
    alternative : {"two-sided", "greater", "less"}
        "greater": post > pre; "less": post < pre. Applies to both tests and to the CI.
    ci : float
        Confidence level of the interval of the mean difference.
    max_score : float, optional
        Highest possible score; when given, Hake's normalized gain is computed and every score
        must lie in ``0 ... max_score``.

    Returns
    -------
    PairedChange
        ``n`` pairs used, ``n_dropped`` incomplete pairs, ``mean_pre``, ``mean_post``,
        ``mean_diff`` (post minus pre), ``sd_diff``, ``ci_low``/``ci_high`` (paired t; one
        bound infinite for a one-sided alternative), ``t``, ``df`` (n - 1), ``p_value``,
        ``cohen_dz`` (mean_diff / sd_diff), ``wilcoxon_p`` (see :func:`wilcoxon_p`),
        ``share_improved`` (share of pairs with post > pre), ``normalized_gain`` (NaN without
        ``max_score``, or when mean_pre equals it).
        When every difference is the same (sd_diff = 0) the t statistic, its p-value and CI
        and ``cohen_dz`` are undefined and returned as NaN.

    Raises
    ------
    ValueError
        Fewer than 2 complete pairs; different lengths; non-numeric scores; a bad
        ``alternative`` or ``ci``; a score outside ``0 ... max_score``.

    Notes
    -----
    ``sd_diff`` is exactly 0 when every difference is the same (numpy's rounding gives e.g.
    1.5e-17 for seven differences of 0.1, which would make t about 1e16 and p about 1e-96).

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6, 1-25. Wilcoxon, F. (1945).
    Individual comparisons by ranking methods. Biometrics Bulletin 1, 80-83. Lakens, D.
    (2013). Calculating and reporting effect sizes. Frontiers in Psychology 4, 863.
    Hake, R. R. (1998). Interactive-engagement versus traditional methods. American Journal
    of Physics 66, 64-74.

    Examples
    --------
    >>> res = paired_change([50, 60, 70], [61, 72, 83], max_score=100)
    >>> res.n, res.mean_diff, res.cohen_dz, round(res.normalized_gain, 3)
    (3, 12.0, 12.0, 0.3)
    """
    _check(alternative, ci)
    a, b, dropped = _pairs(pre, post, ("pre", "post"))
    n = a.size
    if n < 2:
        raise ValueError(f"paired_change needs at least 2 complete pairs, got {n} "
                         f"({dropped} pair(s) with a missing value dropped)")
    if max_score is not None:
        if not max_score > 0:
            raise ValueError(f"max_score must be positive, got {max_score}")
        if (np.minimum(a, b) < 0).any() or (np.maximum(a, b) > max_score).any():
            raise ValueError(f"scores must lie between 0 and max_score={max_score:g}")
    d = b - a
    mean_pre, mean_post, mean_diff = float(a.mean()), float(b.mean()), float(d.mean())
    sd = float(d.std(ddof=1)) if np.ptp(d) > 0 else 0.0  # [0.1] * 7 has np.std 1.5e-17
    if sd > 0:
        res = stats.ttest_rel(b, a, alternative=alternative)
        interval = res.confidence_interval(confidence_level=ci)
        t, p, low, high, dz = (float(res.statistic), float(res.pvalue), float(interval.low),
                               float(interval.high), mean_diff / sd)
    else:
        t = p = low = high = dz = float("nan")
    gain = float("nan")
    if max_score is not None and mean_pre < max_score:
        gain = (mean_post - mean_pre) / (max_score - mean_pre)
    return PairedChange(
        n=int(n), n_dropped=dropped, mean_pre=mean_pre, mean_post=mean_post,
        mean_diff=mean_diff, sd_diff=sd, ci_low=low, ci_high=high, t=t, df=int(n - 1),
        p_value=p, cohen_dz=dz, wilcoxon_p=wilcoxon_p(d, alternative),
        share_improved=float((d > 0).mean()), normalized_gain=gain, alternative=alternative,
        ci=float(ci))


TABLE_COLUMNS = {
    "n": "n", "mean_pre": "rerata_pre", "mean_post": "rerata_post", "mean_diff": "selisih",
    "ci_low": "ci_bawah", "ci_high": "ci_atas", "cohen_dz": "d_z",
    "share_improved": "proporsi_meningkat", "normalized_gain": "gain_ternormalisasi",
    "p_value": "p_t", "wilcoxon_p": "p_wilcoxon",
}


def paired_change_table(data: pd.DataFrame, by: str | list[str], pre: str = "skor_pre",
                        post: str = "skor_post", **kwargs) -> pd.DataFrame:
    """:func:`paired_change` for each subgroup of ``data``.

    Parameters
    ----------
    data : DataFrame
        One row per person with the ``pre`` and ``post`` columns and the grouping column(s).
    by : str or list of str
        Grouping column(s); rows with a missing group are left out.
    pre, post : str
        Score columns.
    **kwargs
        Passed to :func:`paired_change` (``alternative``, ``ci``, ``max_score``).

    Returns
    -------
    DataFrame indexed by group with columns ``n``, ``rerata_pre``, ``rerata_post``,
    ``selisih``, ``ci_bawah``, ``ci_atas``, ``d_z``, ``proporsi_meningkat``,
    ``gain_ternormalisasi``, ``p_t``, ``p_wilcoxon``. A group with fewer than 2 complete
    pairs keeps its ``n`` and has NaN statistics. No suppression of small groups is done
    here: that is for the publisher (``kompetensi.privacy``).

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a", "a", "b"], "skor_pre": [50, 60, 40],
    ...                    "skor_post": [60, 75, 45]})
    >>> paired_change_table(df, "g")[["n", "selisih"]]  # doctest: +NORMALIZE_WHITESPACE
       n  selisih
    g
    a  2     12.5
    b  1      NaN
    """
    keys = [by] if isinstance(by, str) else list(by)
    rows, index = [], []
    for key, group in data.groupby(keys, observed=True, sort=True, dropna=True):
        complete = group[[pre, post]].notna().all(axis=1)
        index.append(key if len(keys) > 1 else key[0])
        if complete.sum() >= 2:
            res = paired_change(group[pre], group[post], **kwargs).as_dict()
            rows.append({new: res[old] for old, new in TABLE_COLUMNS.items()})
        else:
            rows.append({"n": int(complete.sum())})
    names = keys if len(keys) > 1 else keys[0]
    idx = (pd.MultiIndex.from_tuples(index, names=names) if len(keys) > 1
           else pd.Index(index, name=names))
    out = pd.DataFrame(rows, index=idx).reindex(columns=list(TABLE_COLUMNS.values()))
    return out.astype({"n": "int64"})


def correlation(x, y, ci: float = 0.95, alternative: str = "two-sided") -> Correlation:
    """Pearson correlation of paired values with its confidence interval.

    Pairs with a missing value are dropped. The interval is Fisher's z interval
    (``scipy.stats.pearsonr(...).confidence_interval()``, as R ``cor.test``); the p-value is
    that of the t test with ``n - 2`` df.

    Returns
    -------
    Correlation
        ``r``, ``ci_low``, ``ci_high``, ``p_value``, ``n``. ``r`` and the rest are NaN when
        one variable is constant; the interval is NaN with fewer than 4 pairs.

    Raises
    ------
    ValueError
        Fewer than 3 complete pairs; different lengths; non-numeric values.

    Examples
    --------
    >>> res = correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    >>> round(res.r, 2), res.n
    (0.8, 5)
    """
    _check(alternative, ci)
    a, b, _dropped = _pairs(x, y, ("x", "y"))
    n = a.size
    if n < 3:
        raise ValueError(f"a correlation test needs at least 3 complete pairs, got {n}")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        nan = float("nan")
        return Correlation(r=nan, ci_low=nan, ci_high=nan, p_value=nan, n=int(n), ci=float(ci))
    res = stats.pearsonr(a, b, alternative=alternative)
    low = high = float("nan")
    if n >= 4:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            interval = res.confidence_interval(confidence_level=ci)
        low, high = float(interval.low), float(interval.high)
    return Correlation(r=float(res.statistic), ci_low=low, ci_high=high,
                       p_value=float(res.pvalue), n=int(n), ci=float(ci))


def mean_ci(values) -> tuple[float, float, float]:
    """Mean of the filled values and its 95% confidence interval (t distribution).

    Parameters
    ----------
    values : array-like
        Numbers; missing values are dropped.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``; the bounds are NaN with fewer than 2 values, and all three NaN
        with none (``statsmodels`` ``DescrStatsW.tconfint_mean``).

    Examples
    --------
    >>> mean, low, high = mean_ci([1, 2, 3, None])
    >>> mean, round(low, 3), round(high, 3)
    (2.0, -0.484, 4.484)
    >>> mean_ci([4.0])
    (4.0, nan, nan)
    """
    values = pd.Series(values, dtype="float64").dropna()
    if len(values) < 2:
        return float(values.mean()) if len(values) else np.nan, np.nan, np.nan
    low, high = DescrStatsW(values.to_numpy()).tconfint_mean(alpha=0.05)
    return float(values.mean()), float(low), float(high)
