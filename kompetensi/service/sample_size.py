"""The minimum sample of a unit's survey (Krejcie & Morgan), its check, and the unit ranking.

PermenPANRB 14/2017 sizes the sample of a unit's survey from the number of people it served
in the period (*populasi*) with the table of Krejcie & Morgan (1970), built from

    s = chi2 N P (1 - P) / (d^2 (N - 1) + chi2 P (1 - P)),  chi2 = 3.841, P = 0.5, d = 0.05,

rounded to the nearest whole respondent (every entry of the table is that value;
``reference/krejcie_morgan.csv``). A population between two entries takes the next larger
entry's sample (the table's use: never fewer than the formula asks, since s grows with N), a
population below 10 the whole population, above 1,000,000 the last entry (384). A unit below
its minimum, or with no known population, is flagged and gets no rank (A-SKM-8..11).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.service import _ref
from kompetensi.service.ikm import round_half_up

CHI2 = 3.841  # chi-square, 1 df, 95 % (Krejcie & Morgan 1970, p. 607)
P = 0.5
D = 0.05
METHODS = ("tabel", "rumus")


def krejcie_morgan(populasi, chi2: float = CHI2, p: float = P, d: float = D) -> np.ndarray:
    """The Krejcie & Morgan sample size of populations ``populasi``, unrounded.

    Parameters
    ----------
    populasi : array-like of numbers (>= 1)
    chi2, p, d : float
        Chi-square (1 df) at the confidence level, the assumed proportion, the margin.

    Returns
    -------
    ndarray of float (NaN for a missing population).

    References
    ----------
    Krejcie, R. V. & Morgan, D. W. (1970). Determining sample size for research activities.
    Educational and Psychological Measurement 30, 607-610.

    Examples
    --------
    >>> [round(float(v), 2) for v in krejcie_morgan([100, 1000, 1_000_000])]
    [79.51, 277.71, 383.95]
    """
    n = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(populasi)), errors="coerce")
                   .astype("float64"))
    if np.any(n[~np.isnan(n)] < 1):
        raise ValueError("populasi harus >= 1")
    q = chi2 * p * (1 - p)
    return q * n / (d * d * (n - 1) + q)


def _table() -> tuple[np.ndarray, np.ndarray]:
    table = _ref.table("krejcie_morgan")
    n = pd.to_numeric(table.populasi).to_numpy(dtype="int64")
    s = pd.to_numeric(table.sampel).to_numpy(dtype="int64")
    order = np.argsort(n)
    return n[order], s[order]


def minimum_sample(populasi, method: str = "tabel") -> pd.Series:
    """The minimum number of respondents for populations ``populasi``.

    Parameters
    ----------
    populasi : array-like or Series of int (nullable)
        People served in the period.
    method : {"tabel", "rumus"}
        ``"tabel"`` (default): the Krejcie & Morgan table's entry for N, the next larger
        entry's sample for N between entries (the whole population when that is larger than
        N, as below N = 10; 384 above the last entry). ``"rumus"``: the formula rounded half up
        (the table's own rounding), never more than N.

    Returns
    -------
    Series, Int64 (missing where the population is missing), on the index of ``populasi``
    when it is a Series.

    Examples
    --------
    >>> minimum_sample([5, 100, 101, 759, 2_000_000, None]).tolist()
    [5, 80, 86, 260, 384, <NA>]
    >>> minimum_sample([101, 759], method="rumus").tolist()
    [80, 255]
    """
    if method not in METHODS:
        raise ValueError(f"method harus salah satu dari {METHODS}; ditemukan {method!r}")
    index = populasi.index if isinstance(populasi, pd.Series) else None
    values = pd.to_numeric(pd.Series(populasi, index=index), errors="coerce").astype("float64")
    n = values.to_numpy()
    known = ~np.isnan(n)
    if np.any(n[known] < 1):
        raise ValueError("populasi harus >= 1")
    out = np.full(len(n), np.nan)
    if method == "tabel":
        table_n, table_s = _table()
        pos = np.searchsorted(table_n, n[known], side="left")
        s = np.where(pos < len(table_n), table_s[np.minimum(pos, len(table_n) - 1)],
                     table_s[-1])
    else:
        s = np.floor(krejcie_morgan(n[known]) + 0.5)
    out[known] = np.minimum(s, n[known])
    return pd.Series(pd.array(np.where(known, out, np.nan), dtype="Float64"),
                     index=values.index).round().astype("Int64")


def sample_adequacy(table: pd.DataFrame, method: str = "tabel") -> pd.DataFrame:
    """Whether each unit and period has enough respondents for its population.

    Parameters
    ----------
    table : DataFrame
        With columns ``populasi`` (nullable) and ``responden`` (e.g. a unit overview of
        :func:`kompetensi.service.recap.combine_recap`).
    method : {"tabel", "rumus"}
        See :func:`minimum_sample`.

    Returns
    -------
    A copy of ``table`` with ``sampel_minimum`` (Int64), ``cukup`` (bool: responden >=
    sampel_minimum) and ``alasan_sampel`` (``"cukup"``, ``"kurang dari sampel minimum"``,
    ``"populasi tidak diketahui"``, ``"responden tidak diketahui"``).

    Examples
    --------
    >>> t = pd.DataFrame({"populasi": [100, 100, None], "responden": [80, 79, 500]})
    >>> sample_adequacy(t)[["sampel_minimum", "cukup", "alasan_sampel"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [[80, True, 'cukup'], [80, False, 'kurang dari sampel minimum'],
     [<NA>, False, 'populasi tidak diketahui']]
    """
    missing = [c for c in ("populasi", "responden") if c not in table.columns]
    if missing:
        raise ValueError(f"kolom tidak ada: {', '.join(missing)}")
    out = table.copy()
    out["sampel_minimum"] = minimum_sample(out["populasi"], method=method)
    responden = pd.to_numeric(out["responden"], errors="coerce").astype("Float64")
    no_pop, no_resp = out["sampel_minimum"].isna(), responden.isna()
    enough = (responden >= out["sampel_minimum"].astype("Float64")).fillna(False)
    out["cukup"] = enough.astype(bool) & ~no_pop & ~no_resp
    out["alasan_sampel"] = np.select(
        [no_pop.to_numpy(), no_resp.to_numpy(), out["cukup"].to_numpy()],
        ["populasi tidak diketahui", "responden tidak diketahui", "cukup"],
        "kurang dari sampel minimum")
    return out


def rank_units(table: pd.DataFrame, score: str = "ikm", by: Sequence[str] = ("periode",),
               decimals: int = 2) -> pd.DataFrame:
    """Rank the units with an adequate sample, best index first, within each ``by`` group.

    Parameters
    ----------
    table : DataFrame
        One row per unit (and period), with ``score`` and the boolean ``cukup`` of
        :func:`sample_adequacy`.
    score : str
        The column ranked (default ``"ikm"``, the converted index).
    by : sequence of str
        Groups ranked separately (default: per period).
    decimals : int
        The score is compared rounded half up to this many decimals (as published), so units
        that publish the same index share a rank.

    Returns
    -------
    A copy with ``peringkat`` (Int64: 1 = best; ties share the best of their ranks, "1, 2, 2,
    4"; missing for a unit without an adequate sample or without a score) and ``seri`` (True
    when another ranked unit of the group has the same rounded score), sorted by ``by`` and
    ``peringkat`` (unranked last).

    Examples
    --------
    >>> t = pd.DataFrame({"unit": list("ABCDE"), "periode": "2025",
    ...                   "ikm": [90.004, 88.0, 90.0, 95.0, 99.0],
    ...                   "cukup": [True, True, True, True, False]})
    >>> rank_units(t)[["unit", "peringkat", "seri"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['D', 1, False], ['A', 2, True], ['C', 2, True], ['B', 4, False], ['E', <NA>, False]]
    """
    by = list(by)
    missing = [c for c in [score, "cukup", *by] if c not in table.columns]
    if missing:
        raise ValueError(f"kolom tidak ada: {', '.join(missing)}")
    out = table.copy()
    value = pd.Series(round_half_up(pd.to_numeric(out[score], errors="coerce")
                                    .astype("float64").to_numpy(), decimals), index=out.index)
    ranked = out["cukup"].fillna(False).astype(bool) & value.notna()
    value = value.where(ranked)
    groups = [out[c] for c in by] if by else [pd.Series(0, index=out.index)]
    rank = value.groupby(groups, sort=False).rank(method="min", ascending=False)
    out["peringkat"] = rank.round().astype("Int64")
    size = value.groupby([*groups, value], sort=False).transform("size") if ranked.any() \
        else pd.Series(0, index=out.index)
    out["seri"] = (ranked & (size.reindex(out.index).fillna(0) > 1)).astype(bool)
    order = [*by, "peringkat"] if by else ["peringkat"]
    return out.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)
