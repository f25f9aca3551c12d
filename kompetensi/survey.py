"""Survey instruments: reverse-worded items, Likert distributions, scale scores, reliability.

Pure functions for the Kirkpatrick level-1 (reaction) and level-3 (behaviour) surveys. The
processed survey tables are long (one row per respondent and item, ``skor`` as answered);
:func:`prepare_items` turns them into the wide respondents x items frame that the other
functions take, with reverse-worded items already reversed.

Conventions
-----------
- Reverse-worded items (``terbalik`` = 1 in the codebook) are reversed as
  ``low + high - skor`` (on the 1-5 Likert scale of DOMAIN.md section 8: ``6 - skor``)
  before scale scores, alpha and item analysis.
- Cronbach's alpha is the covariance ("raw") alpha, not the standardized alpha of the
  correlation matrix; it is computed from the item covariance matrix (denominator n - 1).
- Missing answers: ``nan_policy="pairwise"`` (the default, as R ``psych::alpha``) estimates
  every variance and covariance from the respondents who answered both items;
  ``"listwise"`` first drops every respondent with a missing answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

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


def _as_items(items: pd.DataFrame, min_items: int = 2) -> pd.DataFrame:
    """Validate a wide respondents x items frame and return it as float64."""
    if not isinstance(items, pd.DataFrame):
        raise TypeError("items must be a DataFrame: one row per respondent, one column per item")
    if items.shape[1] < min_items:
        raise ValueError(f"at least {min_items} items are needed, got {items.shape[1]} "
                         f"({', '.join(map(str, items.columns)) or 'none'})")
    bad = [str(c) for c in items.columns if not (pd.api.types.is_numeric_dtype(items[c])
                                                 or items[c].isna().all())]
    if bad:
        raise ValueError(f"items must be numeric scores; non-numeric columns: {', '.join(bad)}")
    return items.astype("float64")


def reverse_items(items: pd.DataFrame, reverse: Iterable[str], low: float = 1,
                  high: float = 5) -> pd.DataFrame:
    """Reverse the scores of reverse-worded items: ``low + high - score``.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, numeric scores on the scale ``low`` ... ``high``.
    reverse : iterable of str
        The columns to reverse (negatively worded items).
    low, high : float
        Scale bounds (default the 5-point Likert scale, so a reversed score is ``6 - score``).

    Returns
    -------
    DataFrame
        A float64 copy; missing answers stay missing.

    Raises
    ------
    ValueError
        A column to reverse is absent, or a score lies outside ``low`` ... ``high``.

    Examples
    --------
    >>> reverse_items(pd.DataFrame({"R01": [5, 4], "R03": [1, 2]}), ["R03"])
       R01  R03
    0  5.0  5.0
    1  4.0  4.0
    """
    out = _as_items(items, min_items=1)
    reverse = list(reverse)
    missing = [c for c in reverse if c not in out.columns]
    if missing:
        raise ValueError(f"items to reverse are not columns of the data: {', '.join(missing)}")
    outside = (out < low) | (out > high)
    if outside.any().any():
        cols = ", ".join(map(str, out.columns[outside.any()]))
        raise ValueError(f"scores outside the scale {low:g}-{high:g} in: {cols}")
    out[reverse] = low + high - out[reverse]
    return out


def _reverse_flags(codebook: pd.DataFrame) -> pd.Series:
    flags = codebook.set_index("butir")["terbalik"].astype("string").str.strip().str.lower()
    mapping = {"1": True, "0": False, "true": True, "false": False, "1.0": True, "0.0": False}
    parsed = flags.map(mapping)
    if parsed.isna().any():
        bad = ", ".join(sorted(flags[parsed.isna()].index.astype(str)))
        raise ValueError(f"codebook column 'terbalik' must be 0 or 1; unreadable for: {bad}")
    return parsed.astype(bool)


def prepare_items(long: pd.DataFrame, codebook: pd.DataFrame, respondent: str = "responden",
                  item: str = "butir", score: str = "skor", low: float = 1,
                  high: float = 5, reverse: bool = True) -> pd.DataFrame:
    """Wide respondents x items frame from a long survey table, reverse-worded items reversed.

    Parameters
    ----------
    long : DataFrame
        One row per respondent and item (the processed ``survei_reaksi``/``survei_perilaku``
        of one programme, and for level 3 of one rater type).
    codebook : DataFrame
        ``butir`` and ``terbalik`` ("0"/"1", as in ``kodebuku_<survey>``).
    respondent, item, score : str
        Column names in ``long``.
    low, high : float
        Scale bounds; reversed score = ``low + high - score``.
    reverse : bool
        Reverse the reverse-worded items (default). False keeps the answers as given (to show
        the answers as respondents saw the items); the scale is still checked.

    Returns
    -------
    DataFrame
        Index: respondents (sorted); columns: items in codebook order; float64.

    Raises
    ------
    ValueError
        Missing columns, items absent from the codebook, a respondent with two answers to the
        same item, or a score outside the scale.

    Examples
    --------
    >>> long = pd.DataFrame({"responden": ["a", "a", "b", "b"], "butir": ["R1", "R2"] * 2,
    ...                      "skor": [4, 2, 5, 1]})
    >>> book = pd.DataFrame({"butir": ["R1", "R2"], "terbalik": ["0", "1"]})
    >>> prepare_items(long, book)  # doctest: +NORMALIZE_WHITESPACE
    butir       R1   R2
    responden
    a          4.0  4.0
    b          5.0  5.0
    """
    for name, frame, cols in (("long", long, (respondent, item, score)),
                              ("codebook", codebook, ("butir", "terbalik"))):
        absent = [c for c in cols if c not in frame.columns]
        if absent:
            raise ValueError(f"{name} lacks the column(s) {', '.join(absent)}")
    flags = _reverse_flags(codebook)
    unknown = sorted(set(long[item].astype(str)) - set(flags.index.astype(str)))
    if unknown:
        raise ValueError(f"items not in the codebook: {', '.join(unknown)}")
    twice = long.duplicated([respondent, item])
    if twice.any():
        raise ValueError(f"{int(twice.sum())} repeated answers (same respondent and item), e.g. "
                         f"respondent {long.loc[twice, respondent].iloc[0]}")
    values = pd.to_numeric(long[score], errors="coerce").astype("float64")
    wide = (long.assign(**{score: values}).pivot(index=respondent, columns=item, values=score)
            .sort_index())
    order = [b for b in flags.index if b in wide.columns]
    wide = wide.reindex(columns=order)
    flagged = [b for b in order if flags[b]] if reverse else []
    return reverse_items(wide, flagged, low=low, high=high)


def dimensions(codebook: pd.DataFrame, dimension: str = "dimensi") -> dict[str, list[str]]:
    """Items of each dimension, in codebook order (``{dimensi: [butir, ...]}``).

    Examples
    --------
    >>> dimensions(pd.DataFrame({"butir": ["R1", "R2", "R3"], "dimensi": ["A", "B", "A"]}))
    {'A': ['R1', 'R3'], 'B': ['R2']}
    """
    groups: dict[str, list[str]] = {}
    for name, code in zip(codebook[dimension].astype(str), codebook["butir"].astype(str),
                          strict=True):
        groups.setdefault(name, []).append(code)
    return groups


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


def scale_scores(items: pd.DataFrame, scales: Mapping[str, list[str]],
                 min_share: float = 0.5) -> pd.DataFrame:
    """Score of each respondent on each scale: the mean of the items answered.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, reverse-worded items reversed.
    scales : mapping
        ``{scale name: [item, ...]}`` (e.g. :func:`dimensions` of the codebook).
    min_share : float
        A score needs answers to at least this share of the scale's items (default 0.5);
        otherwise it is NaN.

    Returns
    -------
    DataFrame of respondents x scales (float64), same index as ``items``.

    Examples
    --------
    >>> items = pd.DataFrame({"a": [4, 5, None], "b": [2, None, None]})
    >>> scale_scores(items, {"S": ["a", "b"]})
         S
    0  3.0
    1  5.0
    2  NaN
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must lie in (0, 1], got {min_share}")
    data = _as_items(items, min_items=1)
    out = {}
    for name, cols in scales.items():
        absent = [c for c in cols if c not in data.columns]
        if absent or not cols:
            raise ValueError(f"scale {name!r}: items not in the data: {', '.join(absent) or '-'}")
        answered = data[cols].notna().mean(axis=1)
        out[name] = data[cols].mean(axis=1).where(answered >= min_share)
    return pd.DataFrame(out, index=data.index)


def likert_distribution(items: pd.DataFrame,
                        levels: Iterable[int] = (1, 2, 3, 4, 5)) -> pd.DataFrame:
    """Share of each answer per item, among the respondents who answered it.

    ``items`` are respondents x items (as answered or reversed: the caller decides);
    ``levels`` the answer values in display order. Returns a DataFrame indexed by item
    (``butir``): one column per level (shares summing to 1) and ``n`` (answers). Answers
    outside ``levels`` raise ValueError.

    Examples
    --------
    >>> dist = likert_distribution(pd.DataFrame({"R1": [1, 5, 5, None]}), levels=(1, 3, 5))
    >>> dist  # doctest: +NORMALIZE_WHITESPACE
                  1    3         5  n
    butir
    R1     0.333333  0.0  0.666667  3
    """
    data = _as_items(items, min_items=1)
    levels = list(levels)
    long = data.melt(var_name="butir", value_name="skor").dropna()
    outside = ~long["skor"].isin(levels)
    if outside.any():
        raise ValueError(f"answers outside the levels {levels}: "
                         f"{sorted(long.loc[outside, 'skor'].unique().tolist())}")
    counts = pd.crosstab(long["butir"].astype(str), long["skor"].astype("int64"))
    counts = counts.reindex(index=data.columns.astype(str), columns=levels, fill_value=0)
    n = counts.sum(axis=1)
    shares = counts.div(n.where(n > 0), axis=0).astype("float64")
    shares.columns = levels
    shares["n"] = n.astype("int64")
    shares.index.name = "butir"
    return shares
