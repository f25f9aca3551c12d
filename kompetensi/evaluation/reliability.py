"""Reliability of a survey scale: Cronbach's alpha with the Feldt interval, item analysis."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.evaluation.survey import _as_items

NAN_POLICIES = ("pairwise", "listwise")
ROUNDING = 1e-12  # an excess over the bound 1 this small is rounding (see cronbach_alpha)


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of one scale with its Feldt confidence interval.

    ``n_respondents`` is the n of the interval (see :func:`cronbach_alpha`);
    ``n_complete`` counts respondents who answered every item.
    """

    alpha: float
    ci_low: float
    ci_high: float
    n_items: int
    n_respondents: int
    n_complete: int
    ci: float
    nan_policy: str

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def feldt_ci(alpha: float, n: int, k: int, ci: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval of coefficient alpha.

    ``1 - (1 - alpha) F_{1-g/2}`` and ``1 - (1 - alpha) F_{g/2}``, F with ``n - 1`` and
    ``(n - 1)(k - 1)`` degrees of freedom, ``g = 1 - ci`` (Feldt, Woodruff & Salih 1987,
    formulas 6-7). It assumes respondents are a random sample and the items are (essentially)
    parallel.

    Parameters
    ----------
    alpha : float
        Estimated alpha (NaN gives a NaN interval).
    n, k : int
        Number of respondents and of items (each >= 2).
    ci : float
        Confidence level in (0, 1).

    Returns
    -------
    (low, high)

    References
    ----------
    Feldt, L. S., Woodruff, D. J. & Salih, F. A. (1987). Statistical inference for coefficient
    alpha. Applied Psychological Measurement, 11(1), 93-103.

    Examples
    --------
    >>> [round(v, 4) for v in feldt_ci(0.913, 873, 20)]
    [0.9044, 0.9212]
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must lie between 0 and 1, got {ci}")
    if n < 2 or k < 2:
        raise ValueError(f"the Feldt interval needs n >= 2 respondents and k >= 2 items "
                         f"(n={n}, k={k})")
    if not np.isfinite(alpha):
        return float("nan"), float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - ci) / 2
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(low), float(high)


def _covariance(items: pd.DataFrame, nan_policy: str) -> tuple[pd.DataFrame, int]:
    """Item covariance matrix and the n it stands for (see :func:`cronbach_alpha`)."""
    if nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {', '.join(NAN_POLICIES)}, "
                         f"got {nan_policy!r}")
    data = items.dropna(how="any") if nan_policy == "listwise" else items.dropna(how="all")
    if len(data) < 2:
        where = "complete respondents" if nan_policy == "listwise" else "respondents"
        raise ValueError(f"at least 2 {where} are needed, got {len(data)}: "
                         "no answers, or too few to estimate a variance")
    cov = data.cov(min_periods=2)
    constant = (data.nunique() == 1).to_numpy()  # exactly 0, not rounding (e.g. 0.1 x n)
    cov = cov.mask((constant[:, None] | constant[None, :]) & cov.notna().to_numpy(), 0.0)
    if cov.isna().any().any():
        i, j = np.argwhere(cov.isna().to_numpy())[0]
        raise ValueError(f"fewer than 2 respondents answered both {cov.index[i]} and "
                         f"{cov.columns[j]}: their covariance cannot be estimated")
    return cov, len(data)


def _at_most_one(x, symmetric: bool = False):
    """Values at most ROUNDING above 1 (or, if symmetric, below -1) set to the bound."""
    excess = (np.abs(x) if symmetric else np.asarray(x)) - 1.0
    return np.where((excess > 0) & (excess <= ROUNDING), np.sign(x), x)


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total = cov.sum()
    if total <= 0:  # constant answers: 0 / 0
        return float("nan")
    return float(_at_most_one(k / (k - 1) * (1 - np.trace(cov) / total)))


def cronbach_alpha(items: pd.DataFrame, ci: float = 0.95,
                   nan_policy: str = "pairwise") -> Alpha:
    """Cronbach's alpha of a scale and its Feldt confidence interval.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total)``, with the
    variance of the total taken as the sum of the item covariance matrix.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, numeric, reverse-worded items already reversed
        (:func:`prepare_items`, :func:`reverse_items`).
    ci : float
        Confidence level of the interval.
    nan_policy : {"pairwise", "listwise"}
        ``"pairwise"``: each variance and covariance from the respondents who answered the
        item(s) (R ``psych::alpha(use="pairwise")``, pingouin's default). ``"listwise"``:
        drop respondents with any missing answer first (``use="complete.obs"``).

    Returns
    -------
    Alpha
        ``alpha``, ``ci_low``, ``ci_high``, ``n_items``, ``n_respondents``, ``n_complete``.
        The n of the Feldt interval (``n_respondents``) is: with ``"pairwise"``, the rows
        with at least one answer to the scale's items (rows with no answer at all are
        dropped; ``psych::alpha`` counts every row, so the two agree when no row is empty);
        with ``"listwise"``, the rows that answer every item.
        ``alpha`` (and its interval) is NaN when the total score has no variance (every
        respondent gives the same answers); it may be negative when items disagree.

    Raises
    ------
    ValueError
        Fewer than 2 items; non-numeric items; fewer than 2 (complete) respondents, all
        answers missing, or an item pair answered together by fewer than 2 respondents.

    Notes
    -----
    Alpha <= 1 for a positive semidefinite covariance matrix (listwise or complete data): an
    excess of at most ``ROUNDING`` (1e-12; identical items give 1 + 2e-16) is rounding and is
    set to 1, a larger one (possible with pairwise covariances) is kept. An item with a single
    answer value has variance and covariances exactly 0 (pandas gives 2e-34 for 0.1s).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16, 297-334. Feldt, Woodruff & Salih (1987), see :func:`feldt_ci`.

    Examples
    --------
    >>> items = pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]})
    >>> res = cronbach_alpha(items)
    >>> round(res.alpha, 4), res.n_items, res.n_respondents
    (0.6667, 2, 3)
    """
    data = _as_items(items)
    cov, n = _covariance(data, nan_policy)
    alpha = _alpha_from_cov(cov.to_numpy())
    low, high = feldt_ci(alpha, n, data.shape[1], ci)
    return Alpha(alpha=alpha, ci_low=low, ci_high=high, n_items=int(data.shape[1]),
                 n_respondents=int(n), n_complete=int(data.notna().all(axis=1).sum()),
                 ci=float(ci), nan_policy=nan_policy)


def item_analysis(items: pd.DataFrame, nan_policy: str = "pairwise") -> pd.DataFrame:
    """Item statistics of one scale: corrected item-total correlation, alpha if deleted.

    Both come from the same item covariance matrix as :func:`cronbach_alpha` (so they agree
    with it under either ``nan_policy``), as ``psych::alpha`` computes ``r.drop`` and
    ``alpha.drop``.

    Parameters
    ----------
    items : DataFrame
        Respondents x items (reverse-worded items reversed), at least 2 items.
    nan_policy : {"pairwise", "listwise"}
        As in :func:`cronbach_alpha`.

    Returns
    -------
    DataFrame indexed by item (``butir``) with columns
        ``n`` answers, ``rerata`` and ``sd`` of the item (its own answers; under
        ``"listwise"`` the complete respondents), ``r_butir_total`` = correlation of the item
        with the sum of the *other* items (corrected item-total correlation; NaN for an item
        without variance), ``alpha_jika_dihapus`` = alpha of the other items (NaN when only
        one item would remain). Rounding beyond the bound 1 (and -1 for the correlation)
        is removed as in :func:`cronbach_alpha` (Notes).

    Examples
    --------
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [2, 2, 3, 3]})
    >>> item_analysis(items).round(3)  # doctest: +NORMALIZE_WHITESPACE
           n  rerata     sd  r_butir_total  alpha_jika_dihapus
    butir
    a      4     2.5  1.291          0.949               0.500
    b      4     2.5  1.291          0.707               0.800
    c      4     2.5  0.577          0.707               0.889
    """
    data = _as_items(items)
    cov, _n = _covariance(data, nan_policy)
    used = data.dropna(how="any") if nan_policy == "listwise" else data
    c = cov.to_numpy()
    k = c.shape[0]
    var = np.diag(c)
    row = c.sum(axis=1)
    rest_var = c.sum() - 2 * row + var  # variance of the sum of the other items
    with np.errstate(invalid="ignore", divide="ignore"):
        r_drop = _at_most_one((row - var) / np.sqrt(var * rest_var), symmetric=True)
        if k > 2:
            alpha_drop = _at_most_one((k - 1) / (k - 2) * (1 - (np.trace(c) - var) / rest_var))
            alpha_drop = np.where(rest_var > 0, alpha_drop, np.nan)
        else:
            alpha_drop = np.full(k, np.nan)
    out = pd.DataFrame({
        "n": used.notna().sum().astype("int64").to_numpy(),
        "rerata": used.mean().to_numpy(),
        "sd": used.std(ddof=1).mask(used.nunique() == 1, 0.0).to_numpy(),  # as _covariance
        "r_butir_total": np.where(var * rest_var > 0, r_drop, np.nan),
        "alpha_jika_dihapus": alpha_drop,
    }, index=pd.Index(data.columns.astype(str), name="butir"))
    return out
