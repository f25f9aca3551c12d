"""Normalize each distinct value once, then broadcast the result to every row.

Raw personnel exports repeat a small set of values millions of times (OPD names, dates, JP,
training names; even a NIP appears once per activity). Parsing the distinct values and taking
the results back by integer codes makes the cost of string work grow with the number of
*distinct* values, not rows: this is what keeps cleaning 4.3 million ASN and 21 million
training records inside a few times the bare read time (``docs/performance.md``).

Raw CSV columns arrive as pandas Categoricals (:func:`kompetensi.io.readers.read_raw` dictionary-
encodes them in pyarrow); any other column is factorized first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

Result = TypeVar("Result", pd.Series, pd.DataFrame)


def codes_and_uniques(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Integer codes (-1 for missing) and the distinct values, in their original dtype.

    A Categorical gives its own codes and categories (no hashing); other columns are
    factorized. The distinct values come back as a Series on ``0..k-1`` plus one missing value
    at position ``k``, so that ``result.take(where(codes < 0, k, codes))`` broadcasts a
    function of the distinct values, missing included, back to the rows.
    """
    values = pd.Series(values, copy=False)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        categories = values.cat.categories
        if len(categories) > len(values):  # a few rows of a large dictionary: the used ones
            present = codes >= 0
            compact, used = pd.factorize(codes[present])
            codes = np.full(len(values), -1, dtype=np.int64)
            codes[present] = compact
            categories = categories.take(used)
        uniques = pd.Series(categories)
    else:
        codes, index = pd.factorize(values, use_na_sentinel=True)
        uniques = pd.Series(index)
    uniques = uniques.reindex(pd.RangeIndex(len(uniques) + 1))  # last = missing
    return codes, uniques


def broadcast(result: Result, codes: np.ndarray, index: pd.Index) -> Result:
    """Rows of ``result`` (one per distinct value, missing last) taken back to every row."""
    taker = np.where(codes < 0, len(result) - 1, codes)
    if isinstance(result, pd.Series):
        return _taken(result, taker, index)
    return pd.DataFrame({c: _taken(result[c], taker, index) for c in result.columns},
                        index=index)


def _taken(values: pd.Series, taker: np.ndarray, index: pd.Index) -> pd.Series:
    if isinstance(values.dtype, np.dtype):  # numpy's take: pandas' costs more on millions
        return pd.Series(values.to_numpy()[taker], index=index, name=values.name,
                         copy=False)
    out = values.take(taker)
    out.index = index
    return out


def on_uniques(func: Callable[..., Result]) -> Callable[..., Result]:
    """Decorate a normalizer of a Series so that it runs on the distinct values only.

    The decorated function must be elementwise: each output row depends only on the same
    input row (and on the other, non-row arguments). With ``as_category=True`` a text result
    comes back as a Categorical (no text is copied per row; see :func:`decode_categories`).
    """

    @functools.wraps(func)
    def wrapper(values, *args, as_category: bool = False, **kwargs):
        values = pd.Series(values, copy=False)
        codes, uniques = codes_and_uniques(values)
        if len(uniques) > 0.5 * len(values) and len(values) > 1 and not as_category:
            return func(values, *args, **kwargs)  # nothing to gain
        result = func(uniques, *args, **kwargs)
        if as_category:
            return as_categorical(result, codes, values.index)
        return broadcast(result, codes, values.index)

    return wrapper


def as_categorical(result: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Like :func:`broadcast`, as a Categorical with sorted categories."""
    result_codes, categories = pd.factorize(result, sort=True, use_na_sentinel=True)
    taker = np.where(codes < 0, len(result) - 1, codes)
    return pd.Series(categorical(result_codes[taker], categories), index=index)


def categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """``pd.Categorical.from_codes`` for categories known to be unique (from a factorize or
    a pyarrow dictionary): pandas would hash them all again to check."""
    dtype = pd.CategoricalDtype._from_fastpath(pd.Index(categories), ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def decode_categories(values: pd.Series) -> pd.Series:
    """An unordered Categorical of text back to pyarrow-backed ``string``, in one take."""
    import pyarrow as pa

    codes = values.cat.codes.to_numpy()
    categories = pa.array(values.cat.categories.astype("string"), from_pandas=True)
    text = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0),
                                          categories.cast(pa.large_string()))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([text.dictionary_decode()])),
                     index=values.index)


def row_codes(frame: pd.DataFrame) -> np.ndarray:
    """A code per row that is equal for rows with equal values in every column.

    Missing values are equal to each other. Codes are not compact; see :func:`on_unique_rows`.
    """
    combined, size = np.zeros(len(frame), dtype=np.int64), 1
    for column in frame.columns:
        codes, n_codes = _codes(frame[column])
        if size * n_codes >= 2**62:  # renumber the combinations seen so far
            combined, seen = pd.factorize(combined)
            size = len(seen)
        combined = combined * n_codes + codes
        size *= n_codes
    return combined


def duplicated_rows(frame: pd.DataFrame, among: np.ndarray | None = None) -> np.ndarray:
    """Rows equal to an earlier row in every column (``DataFrame.duplicated(keep="first")``).

    The columns with most distinct values are combined into one integer key as far as it
    fits in 64 bits; only rows that share that key with another row are compared on every
    column. Missing values are equal to each other. With ``among`` (a boolean mask), only
    those rows are compared, with each other; the others are False.
    """
    columns = [_codes(frame[c]) for c in frame.columns]
    subset = None if among is None or among.all() else np.flatnonzero(among)
    if subset is not None:
        columns = [(codes[subset], n_codes) for codes, n_codes in columns]
    columns.sort(key=lambda pair: -pair[1])
    n_rows = len(frame) if subset is None else len(subset)
    combined, size, used = np.zeros(n_rows, dtype=np.int64), 1, 0
    for codes, n_codes in columns:
        if size * n_codes >= 2**62:
            break
        combined, size, used = combined * n_codes + codes, size * n_codes, used + 1
    if used == len(columns):
        found = duplicated_keys(combined)
    else:
        rows = np.flatnonzero(duplicated_keys(combined, keep=False))
        found = np.zeros(n_rows, dtype=bool)
        found[rows] = duplicated_keys(row_codes(
            frame.iloc[rows if subset is None else subset[rows]]))
    if subset is None:
        return found
    out = np.zeros(len(frame), dtype=bool)
    out[subset] = found
    return out


_PART_ROWS = 1 << 18  # rows per part: their hash table stays in the CPU caches


def duplicated_keys(keys: np.ndarray, keep: str | bool = "first") -> np.ndarray:
    """``pandas.Series(keys).duplicated(keep)`` for int64 keys, hashed in cache-sized parts.

    On tens of millions of rows, pandas' single hash table misses the CPU caches on almost
    every row. Here the rows are first split into parts by a multiplicative hash of the key
    (equal keys fall in the same part, in their original order), and each part is checked on
    its own: 21.5 million keys take about a third of the time on the project machine.
    """
    keys = np.asarray(keys, dtype=np.int64)
    bits = int(np.ceil(np.log2(len(keys) / _PART_ROWS))) if len(keys) > 4 * _PART_ROWS else 0
    if bits < 2:
        return pd.Series(keys, copy=False).duplicated(keep=keep).to_numpy()
    bits = min(bits, 8)
    mixed = keys.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing
    part = (mixed >> np.uint64(64 - bits)).astype(np.uint8)
    order = np.argsort(part, kind="stable")  # a radix sort for one-byte keys
    bounds = np.concatenate([[0], np.cumsum(np.bincount(part, minlength=1 << bits))])
    grouped = keys[order]
    out = np.empty(len(keys), dtype=bool)
    out[order] = np.concatenate([
        pd.Series(grouped[start:stop], copy=False).duplicated(keep=keep).to_numpy()
        for start, stop in zip(bounds[:-1], bounds[1:], strict=True)])
    return out


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column (missing included as a code) and how many there can be."""
    dense = _dense_codes(values)
    if dense is not None:
        return dense
    codes, uniques = codes_and_uniques(values)
    return np.where(codes < 0, len(uniques) - 1, codes), len(uniques)


_DAY_NS = 86_400 * 10**9


def _dense_codes(values: pd.Series, max_span: int = 1 << 22) -> tuple[np.ndarray, int] | None:
    """Codes of a date or integer column spanning few values, by arithmetic (no hashing).

    Dates at midnight are numbered by day. Returns codes and their number (missing last), or
    None when the column is of another kind or spans too many values.
    """
    dtype = values.dtype
    if not (isinstance(dtype, np.dtype) and dtype.kind in "iM"):
        return None
    array = values.to_numpy()
    numbers = array.view(np.int64)
    missing = np.isnat(array) if dtype.kind == "M" else np.zeros(len(array), dtype=bool)
    present = numbers[~missing] if missing.any() else numbers
    if not len(present):
        return None
    low, high = int(present.min()), int(present.max())
    by_day = dtype == np.dtype("M8[ns]") and not ((present - low) % _DAY_NS).any()
    step = _DAY_NS if by_day else 1
    span = (high - low) // step + 1
    if span > max_span:
        return None
    codes = (numbers - low) // step
    codes[missing] = span
    return codes, span + 1


def on_unique_rows(frame: pd.DataFrame, func: Callable[[pd.DataFrame], Result], *,
                   as_category: bool = False) -> Result:
    """Apply an elementwise function of several columns once per distinct combination.

    With ``as_category=True`` a Series result comes back as a Categorical, and a DataFrame
    result as a frame of Categoricals (each column's distinct values held once).
    """
    codes, groups = pd.factorize(row_codes(frame))  # compact, in order of first appearance
    first = np.empty(len(groups), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # last write wins: first row
    sample = frame.iloc[first].reset_index(drop=True)
    for column in sample.columns:  # the function sees plain values, not codes
        if isinstance(sample[column].dtype, pd.CategoricalDtype):
            sample[column] = sample[column].astype(sample[column].cat.categories.dtype)
    result = func(sample)
    if as_category:
        def column(values: pd.Series) -> pd.Series:
            return as_categorical(pd.concat([values, pd.Series([pd.NA], dtype=values.dtype)],
                                            ignore_index=True), codes, frame.index)
        if isinstance(result, pd.DataFrame):
            return pd.DataFrame({name: column(result[name]) for name in result.columns},
                                index=frame.index)
        return column(result)
    out = result.take(codes)
    out.index = frame.index
    return out


def positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each value among ``keys`` (unique), -1 where absent; pyarrow's hash join.

    The integer positions replace joins on pid strings: sums per person become
    ``numpy.bincount`` and lookups become array indexing. Categoricals are looked up by their
    categories only, so the cost grows with the number of distinct values.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values, keys = pd.Series(values, copy=False), pd.Series(keys, copy=False)
    shared = _shared_categories(values, keys)
    if shared is not None:
        return shared
    left_codes = right_codes = None
    if isinstance(values.dtype, pd.CategoricalDtype):
        left_codes, values = values.cat.codes.to_numpy(), pd.Series(values.cat.categories)
    if isinstance(keys.dtype, pd.CategoricalDtype):
        right_codes, keys = keys.cat.codes.to_numpy(), pd.Series(keys.cat.categories)
    # .array: pyarrow would look for __arrow_array__ on the Series, which hashes its index
    left = pa.array(values.astype("string").array, from_pandas=True)
    right = pa.array(keys.astype("string").array, from_pandas=True)
    found = pc.index_in(left, value_set=right.cast(left.type), skip_nulls=True)
    found = found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    if right_codes is not None:  # a category's position -> the row of keys holding it
        row_of = np.full(len(keys) + 1, -1, dtype=np.int64)
        present = right_codes >= 0
        row_of[right_codes[present]] = np.flatnonzero(present)
        found = row_of[found]  # -1 stays -1 (the last slot)
    if left_codes is not None:
        found = np.append(found, -1)[left_codes]  # missing (-1) -> the appended -1
    return found


def _shared_categories(values: pd.Series, keys: pd.Series) -> np.ndarray | None:
    """:func:`positions` without hashing when both are Categoricals and the categories of
    ``keys`` are those of ``values`` or their beginning (tables cleaned against one roster
    share its pid dictionary); None otherwise."""
    left, right = values.dtype, keys.dtype
    if not (isinstance(left, pd.CategoricalDtype) and isinstance(right, pd.CategoricalDtype)):
        return None
    left, right = left.categories, right.categories
    if not (left is right or (len(left) >= len(right) and left[:len(right)].equals(right))):
        return None
    right_codes = keys.cat.codes.to_numpy()
    row_of = np.full(len(left) + 1, -1, dtype=np.int64)  # last slot: missing values (-1)
    present = right_codes >= 0
    row_of[right_codes[present]] = np.flatnonzero(present)
    return row_of[values.cat.codes.to_numpy()]


def sort_order(text: pd.Index | pd.Series) -> np.ndarray:
    """Positions that sort strings by their UTF-8 bytes (stable; missing values last).

    The order of ``pyarrow.compute.sort_indices``. Pseudonyms (16 lowercase hex digits, see
    :func:`kompetensi.privacy.pseudonym.pseudonymize`) sort as the 64-bit numbers they spell, so a
    roster of millions is ordered by an integer sort instead of string comparisons.

    Examples
    --------
    >>> sort_order(pd.Index(["b", "a", None, "c"])).tolist()
    [1, 0, 3, 2]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(pd.Series(text, copy=False).astype("string").array, from_pandas=True)
    numbers = _hex_numbers(array)
    if numbers is not None:
        return np.argsort(numbers, kind="stable")
    return pc.sort_indices(array).to_numpy()


_HEX_DIGITS = np.full(256, 255, dtype=np.uint8)
_HEX_DIGITS[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)


def _hex_numbers(array) -> np.ndarray | None:
    """The values of strings that are all exactly 16 lowercase hex digits, else None."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count or not len(array):
        return None
    array = array.cast(pa.large_string())
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset:array.offset + len(array) + 1]
    if not (np.diff(offsets) == 16).all():
        return None
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    digits = _HEX_DIGITS[data].reshape(-1, 16)
    if (digits > 15).any():
        return None
    numbers = np.zeros(len(array), dtype=np.uint64)
    for column in range(16):
        numbers = (numbers << np.uint64(4)) | digits[:, column].astype(np.uint64)
    return numbers
