"""Small-cell suppression of published tables (statistical disclosure control).

The one place where a published cell of fewer than k people (default 5,
``config.SUPPRESSION_K``, ``docs/asumsi.md`` A-SUP-1) is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.core.errors import require_columns as _require

MARGINS = ("none", "rows", "columns", "both")


def suppress_small_cells(table: pd.DataFrame, k: int = config.SUPPRESSION_K,
                         columns: Iterable[str] | None = None, *,
                         margins: str = "none") -> pd.DataFrame:
    """Blank counts of 1 … k-1 people, and with published totals their complements.

    Step 1 (primary suppression): counts of 1 … k-1 become <NA>. Step 2 (complementary
    suppression, when ``margins`` says which totals are published): a row or column of the
    count block with exactly one suppressed cell would give it away (total minus the other
    cells), so the smallest other non-zero cell of that row or column is suppressed too;
    rows and columns are checked again until no row or column has exactly one suppressed
    cell. When a row or column has no other non-zero cell, its smallest zero cell is used.

    Parameters
    ----------
    table : DataFrame
        Published table whose ``columns`` hold counts of people (one row per group).
    k : int
        Smallest publishable count (default 5, ``config.SUPPRESSION_K``). Zero is published
        by the primary step: it discloses nothing about a person.
    columns
        Count columns to check; default every integer column. With ``margins`` they form the
        count block whose totals are published.
    margins : {"none", "rows", "columns", "both"}
        Totals that are published or derivable: ``"none"`` (primary suppression only, the
        behaviour for a list of groups without a total), ``"rows"`` (each row's sum over
        ``columns``), ``"columns"`` (each column's sum over the rows) or ``"both"`` (a
        cross-table with row and column totals).

    Returns
    -------
    DataFrame
        A copy where suppressed counts are <NA> (count columns become nullable Int64).

    Raises
    ------
    ValueError
        For an unknown ``margins``, ``k < 1``, or (with margins) a missing or negative count.

    Notes
    -----
    The complement rule is the usual greedy heuristic (Hundepool et al., *Statistical
    Disclosure Control*, Wiley 2012, §5.2 "hypercube"/"singleton" patterns, simplified): it
    protects against the subtraction attack on one row or column, not against every linear
    programming attack on large tables (a cell that is a bridge between two groups of
    suppressed cells may still be derivable). For tables of a few dozen cells, as published
    here, tests check with linear programming that no suppressed cell is determined.

    References
    ----------
    ``docs/asumsi.md`` A-SUP-1 (k = 5); UU 27/2022 Pelindungan Data Pribadi.

    Examples
    --------
    >>> t = pd.DataFrame({"opd": ["A", "B", "C"], "l": [3, 10, 12], "p": [20, 40, 60]})
    >>> suppress_small_cells(t)["l"].tolist()
    [<NA>, 10, 12]
    >>> out = suppress_small_cells(t, margins="both")
    >>> out[["l", "p"]].isna().to_numpy().tolist()  # 3; then 10 (column l), 20 (row A), 40
    [[True, True], [True, True], [False, False]]
    """
    if margins not in MARGINS:
        raise ValueError(f"margins harus salah satu dari {MARGINS}, bukan {margins!r}")
    if k < 1:
        raise ValueError(f"k harus paling sedikit 1, bukan {k}")
    out = table.copy()
    if columns is None:
        columns = [c for c in out.columns if pd.api.types.is_integer_dtype(out[c])]
    columns = list(columns)
    block = out[columns].astype("Float64").astype("float64") if columns else None
    if block is None:
        return out
    values = block.to_numpy(dtype="float64")
    hidden = (values > 0) & (values < k)
    if margins != "none":
        if np.isnan(values).any() or (values < 0).any():
            raise ValueError("suppress_small_cells: penekanan komplementer memerlukan hitungan "
                             "yang terisi dan tidak negatif")
        hidden = _complement(values, hidden, rows=margins in ("rows", "both"),
                             cols=margins in ("columns", "both"))
    for j, column in enumerate(columns):
        out[column] = block[column].mask(hidden[:, j]).round().astype("Int64")
    return out


def _complement(values: np.ndarray, hidden: np.ndarray, *, rows: bool,
                cols: bool) -> np.ndarray:
    """Add complementary cells until no checked row/column has exactly one hidden cell."""
    hidden = hidden.copy()
    axes = [(hidden, values)] if rows else []
    axes += [(hidden.T, values.T)] if cols else []  # transposed views write into ``hidden``
    changed = True
    while changed:
        changed = False
        for h, v in axes:
            for i in np.flatnonzero(h.sum(axis=1) == 1):
                open_cells = np.flatnonzero(~h[i])
                if not open_cells.size:
                    continue
                nonzero = open_cells[v[i, open_cells] > 0]
                pool = nonzero if nonzero.size else open_cells
                h[i, pool[np.argmin(v[i, pool])]] = True
                changed = True
    return hidden

def suppress_table(table: pd.DataFrame, *, n: str, counts: Sequence[str] = (),
                   shares: Mapping[str, str] | None = None, means: Sequence[str] = (),
                   k: int = config.SUPPRESSION_K, complement: bool = True) -> pd.DataFrame:
    """Small-cell suppression of a published table of groups.

    Counts of 1 … k-1 people (``n`` and ``counts``) become <NA>
    (:func:`kompetensi.privacy.disclosure.suppress_small_cells`); with ``complement`` a count whose
    complement in its group (``n`` minus the count) is 1 … k-1 people is hidden too, since
    it would give that small number away. ``means`` and ``shares`` computed on fewer than k
    people become NaN, and so does a share whose count was hidden (``shares`` maps each share
    column to its count column).

    Examples
    --------
    >>> t = pd.DataFrame({"n": [3, 40, 40], "n_capai": [1, 2, 38],
    ...                   "persen_capai": [33.3, 5.0, 95.0]})
    >>> out = suppress_table(t, n="n", counts=["n_capai"], shares={"persen_capai": "n_capai"})
    >>> out.isna().sum().tolist()  # n 3; counts 1, 2 and 38 (40 - 38 = 2); their shares
    [1, 3, 3]
    """
    shares = dict(shares or {})
    out = suppress_small_cells(table, k=k, columns=[n, *counts])
    base = table[n].astype("float64")
    for column in counts:
        rest = base - table[column].astype("float64")
        if complement:
            out[column] = out[column].mask((rest > 0) & (rest < k))
    few = base < k
    for column in means:
        out[column] = table[column].astype("float64").mask(few)
    for column, count in shares.items():
        hidden = out[count].isna() & table[count].notna()
        out[column] = table[column].astype("float64").mask(few | hidden)
    return out


def suppress_crosstab(counts: pd.DataFrame, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Primary and complementary suppression of a cross-table of counts of people.

    Cells of 1 … k-1 people are hidden (primary). Because row and column totals are published
    or derivable elsewhere, a row or column with exactly one hidden cell would give it away:
    the smallest other non-zero cell of that row or column is hidden too, repeatedly, until
    no row or column has exactly one hidden cell (a simple heuristic, not an optimal pattern).
    A row or column whose only non-zero cell is hidden cannot be protected this way: do not
    publish its total.

    Returns
    -------
    DataFrame of Int64 with hidden cells <NA>.

    Examples
    --------
    >>> t = pd.DataFrame({"a": [3, 10, 12], "b": [20, 40, 60], "c": [30, 50, 70]})
    >>> # 3 hidden; then 20 (row 0), 10 (column a), 40 (column b): rows 0-1 hide a and b
    >>> suppress_crosstab(t).isna().to_numpy().tolist()
    [[True, True, False], [True, True, False], [False, False, False]]
    """
    values = counts.to_numpy(dtype="float64")
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("suppress_crosstab: perlu hitungan yang terisi dan tidak negatif")
    hidden = (values > 0) & (values < k)
    changed = True
    while changed:
        changed = False
        for h, v in ((hidden, values), (hidden.T, values.T)):  # rows, then columns (views)
            for i in np.flatnonzero(h.sum(axis=1) == 1):
                candidates = np.flatnonzero(~h[i] & (v[i] > 0))
                if candidates.size:
                    h[i, candidates[np.argmin(v[i, candidates])]] = True
                    changed = True
    return counts.astype("Int64").mask(hidden)


def suppress_small_groups(table: pd.DataFrame, n_column: str,
                          k: int = config.SUPPRESSION_K,
                          counts: Sequence[str] | None = None,
                          derived: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Make a table of groups publishable: nothing computed on fewer than ``k`` people.

    Float columns (shares, means, intervals) become NaN where ``n_column`` is 1 ... k-1; counts
    (``counts``, default every integer column except ``peringkat``, ``n_column`` included)
    of 1 ... k-1 become <NA> (:func:`kompetensi.privacy.disclosure.suppress_small_cells`, primary
    suppression). ``derived`` maps a count to the columns computed from it (its share, the
    mean over those people ...): they are hidden too where that count is hidden, so that a
    hidden count cannot be recomputed from its own row.

    Returns
    -------
    DataFrame
        A copy; suppressed floats are NaN, suppressed counts <NA> (nullable Int64).

    References
    ----------
    ``docs/asumsi.md`` A-SUP-1 (k = 5, ``config.SUPPRESSION_K``); UU 27/2022.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [3, 10, 20], "gap": [1, 6, 2], "share": [0.33, 0.6, 0.1]})
    >>> out = suppress_small_groups(t, "n")
    >>> out["share"].tolist(), out["gap"].tolist()
    ([nan, 0.6, 0.1], [<NA>, 6, <NA>])
    >>> suppress_small_groups(t, "n", derived={"gap": ["share"]})["share"].tolist()
    [nan, 0.6, nan]
    """
    _require(table, [n_column, *(derived or {})], "table")
    n = pd.to_numeric(table[n_column], errors="coerce").astype("float64")
    small = ((n > 0) & (n < k)).to_numpy()  # an empty group discloses nothing
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out.loc[small, column] = np.nan
    for count, columns in (derived or {}).items():
        value = pd.to_numeric(out[count], errors="coerce").astype("float64")
        hidden = ((value > 0) & (value < k)).to_numpy()
        for column in columns:
            out[column] = out[column].astype("float64").mask(hidden)
    if counts is None:
        counts = [c for c in out.columns if pd.api.types.is_integer_dtype(out[c])
                  and c != "peringkat"]
    return suppress_small_cells(out, k=k, columns=counts)


def mask_small_rows(table: pd.DataFrame, n: str = "n",
                    k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Hide the statistics (float columns) of rows standing for fewer than ``k`` people, then
    the small counts of ``n`` themselves (:func:`suppress_small_cells`).

    Examples
    --------
    >>> t = pd.DataFrame({"n": [3, 10], "rerata": [4.2, 3.9]})
    >>> out = mask_small_rows(t)
    >>> out["n"].tolist(), out["rerata"].isna().tolist()
    ([<NA>, 10], [True, False])
    """
    out = table.copy()
    small = out[n] < k
    stats = [c for c in out.columns if c != n and pd.api.types.is_float_dtype(out[c])]
    out[stats] = out[stats].mask(small, np.nan)
    return suppress_small_cells(out, k=k, columns=[n])


def mask_rows(table: pd.DataFrame, rows, columns: Iterable[str]) -> pd.DataFrame:
    """Blank (<NA>) ``columns`` in ``rows`` (a boolean mask), as nullable types.

    For values computed from fewer than k people that the caller has identified.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [2, 9], "bobot": [0.4, 0.6]})
    >>> mask_rows(t, t["n"] < 5, ["n", "bobot"]).isna().to_numpy().tolist()
    [[True, True], [False, False]]
    """
    out = table.copy()
    for column in columns:
        kind = {"b": "boolean", "i": "Int64", "u": "Int64"}.get(out[column].dtype.kind, "Float64")
        out[column] = out[column].astype(kind).mask(rows)
    return out


def count_or_none(n, k: int = config.SUPPRESSION_K) -> int | None:
    """A count of people for the headline results: None when it is 1 … k-1 (hidden).

    Examples
    --------
    >>> count_or_none(3), count_or_none(0), count_or_none(12)
    (None, 0, 12)
    """
    return None if 0 < n < k else int(n)
