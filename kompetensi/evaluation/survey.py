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

import pandas as pd


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
