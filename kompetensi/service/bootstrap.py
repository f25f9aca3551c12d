"""Bootstrap intervals of the IKM and of the element means (NRR), and the city-wide elements.

The regulation publishes point values only; the intervals here say how far a unit's index
could move with another sample of the same size. Whole respondents are drawn with replacement
within each group (a respondent's blanks travel with them; an element's NRR in a resample is
the mean of the answers given in it), ``reps`` times (default 1999), and the percentile
interval is read from the order statistics: with B valid draws the lower limit is the
``floor((B + 1) alpha / 2)``-th smallest and the upper the ``ceil((B + 1)(1 - alpha / 2))``-th
(for B = 1999 at 95 %: the 50th and the 1950th; Davison & Hinkley 1997, §5.2). The draws of a
group come from a generator seeded with ``seed`` and the group's key, so a group's interval
does not change when other groups are added (A-SKM-12, 13).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.ikm import (
    BY,
    answer_matrix,
    check_keys,
    ikm_from_nrr,
    ikm_table,
    quality_band,
)

REPS = 1999
SEED = 20250
METHOD = "bootstrap persentil, responden diambil ulang"
# the nine elements' names (PermenPANRB 14/2017, Lampiran; order of the spec's kuesioner)
UNSUR_NAMA = {
    "u1": "Persyaratan", "u2": "Sistem, mekanisme, dan prosedur", "u3": "Waktu penyelesaian",
    "u4": "Biaya/tarif", "u5": "Produk spesifikasi jenis pelayanan",
    "u6": "Kompetensi pelaksana", "u7": "Perilaku pelaksana",
    "u8": "Penanganan pengaduan, saran dan masukan", "u9": "Sarana dan prasarana",
}


@dataclass(frozen=True, eq=False)
class IkmDraws:
    """Bootstrap draws of one group: ``ikm`` (converted, 25-100; shape (reps,)) and ``nrr``
    (shape (reps, 9), NaN where a resample has no answer to the element)."""

    ikm: np.ndarray
    nrr: np.ndarray
    reps: int
    method: str = METHOD


def _rng(seed: int, key) -> np.random.Generator:
    text = "\x1f".join(map(str, key if isinstance(key, tuple) else (key,)))
    return np.random.default_rng([int(seed), zlib.crc32(text.encode("utf-8"))])


def _resampled_sums(values: np.ndarray, answered: np.ndarray, strata: np.ndarray | None,
                    reps: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per resample, the sums and counts of answers of each element (reps x 9 each)."""
    n = len(values)
    if strata is None:
        strata = np.zeros(n, dtype="int64")
    order = np.argsort(strata, kind="stable")
    values, answered, strata = values[order], answered[order], strata[order]
    starts = np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]])
    sizes = np.diff(np.r_[starts, n])
    # answers and answered flags side by side: one product per chunk (whole numbers, so the
    # sums are exact in any order of summation)
    both = np.column_stack([np.where(answered, values, 0.0), answered.astype("float64")])
    k = values.shape[1]
    sums, counts = np.empty((reps, k)), np.empty((reps, k))
    chunk = max(1, int(4_000_000 // max(n, 1)))
    for first in range(0, reps, chunk):
        r = min(chunk, reps - first)
        draws = np.concatenate([start + rng.integers(0, size, size=(r, size))
                                for start, size in zip(starts, sizes, strict=True)], axis=1)
        rows = (np.arange(r) * n)[:, None]
        weights = np.bincount((rows + draws).ravel(), minlength=r * n).reshape(r, n)
        product = weights.astype("float64") @ both
        sums[first:first + r], counts[first:first + r] = product[:, :k], product[:, k:]
    return sums, counts


def bootstrap_draws(answers, reps: int = REPS, seed: int = SEED, weight: float | None = None,
                    strata=None, key=()) -> IkmDraws:
    """Bootstrap draws of the IKM and the NRRs of one group of respondents.

    Parameters
    ----------
    answers : DataFrame with u1-u9, or array of shape (n, 9)
        Answers 1-4, NaN/NA for a blank; one row per respondent.
    reps : int
        Number of resamples (each of n whole respondents, drawn with replacement).
    seed : int
        Seed; with ``key`` it fixes the generator.
    weight : float, optional
        Weight per element (None: exactly 1/9; see :func:`kompetensi.service.ikm.ikm_score`).
    strata : array-like, optional
        Stratum of each respondent; respondents are then drawn within their stratum (each
        stratum keeps its size), e.g. the unit in a city-wide summary.
    key : tuple
        The group's key, mixed into the seed.

    Returns
    -------
    IkmDraws

    Examples
    --------
    >>> d = bootstrap_draws([[4] * 9, [2] * 9], reps=999, seed=1)
    >>> sorted(set(d.ikm.round(2).tolist()))
    [50.0, 75.0, 100.0]
    """
    if isinstance(answers, pd.DataFrame):
        values = answer_matrix(answers)
    else:
        values = np.atleast_2d(np.asarray(answers, dtype="float64"))
        answer_matrix(pd.DataFrame(values, columns=list(SKM_UNSUR)))  # checks 1-4
    return _draws(values, reps, seed, weight, strata, key)


def _draws(values: np.ndarray, reps: int, seed: int, weight: float | None, strata,
           key) -> IkmDraws:
    """:func:`bootstrap_draws` of an answer matrix already checked by ``answer_matrix``
    (the tables' functions check the whole table once, not each group again)."""
    if reps < 1:
        raise ValueError(f"reps harus >= 1; ditemukan {reps}")
    if not len(values):
        raise ValueError("tidak ada responden untuk bootstrap")
    codes = None if strata is None else pd.factorize(np.asarray(strata))[0].astype("int64")
    sums, counts = _resampled_sums(values, ~np.isnan(values), codes, int(reps),
                                   _rng(seed, key))
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return IkmDraws(ikm=ikm_from_nrr(nrr, weight) * 25, nrr=nrr, reps=int(reps))


def percentile_interval(draws, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of ``draws`` (NaN draws left out).

    The lower limit is the ``floor((B + 1) alpha / 2)``-th smallest of the B valid draws and
    the upper the ``ceil((B + 1)(1 - alpha / 2))``-th, alpha = 1 - ``level``.

    Examples
    --------
    >>> lo, hi = percentile_interval(np.arange(1, 2000), 0.95)
    >>> float(lo[0]), float(hi[0])
    (50.0, 1950.0)
    """
    if not 0 < level < 1:
        raise ValueError(f"level harus di antara 0 dan 1; ditemukan {level}")
    matrix = np.asarray(draws, dtype="float64")
    matrix = matrix[:, None] if matrix.ndim == 1 else matrix
    alpha = 1 - level
    low, high = np.full(matrix.shape[1], np.nan), np.full(matrix.shape[1], np.nan)
    for j in range(matrix.shape[1]):
        v = np.sort(matrix[~np.isnan(matrix[:, j]), j])
        b = len(v)
        if b:
            lo = min(max(math.floor((b + 1) * alpha / 2 + 1e-9), 1), b)
            hi = max(min(math.ceil((b + 1) * (1 - alpha / 2) - 1e-9), b), 1)
            low[j], high[j] = v[lo - 1], v[hi - 1]
    return low, high


def ikm_intervals(skm: pd.DataFrame, by: Sequence[str] = BY, reps: int = REPS,
                  level: float = 0.95, seed: int = SEED,
                  weight: float | None = None) -> pd.DataFrame:
    """The IKM table of :func:`kompetensi.service.ikm.ikm_table` with bootstrap intervals.

    Parameters
    ----------
    skm : DataFrame
        The canonical respondent table.
    by : sequence of str
        Groups (default per unit and period); respondents are resampled within each group.
    reps, level, seed, weight
        See :func:`bootstrap_draws` and :func:`percentile_interval`.

    Returns
    -------
    The IKM table plus ``ikm_ci_bawah``, ``ikm_ci_atas``, ``nrr_u1_ci_bawah`` ..
    ``nrr_u9_ci_atas`` (missing for a group of fewer than 2 respondents) and ``metode_ci``.

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": "A", "periode": "2025",
    ...                     **{u: pd.array([4, 2], dtype="Int8") for u in SKM_UNSUR}})
    >>> ikm_intervals(skm, reps=999)[["ikm", "ikm_ci_bawah", "ikm_ci_atas"]].values.tolist()
    [[75.0, 50.0, 100.0]]
    """
    by = check_keys(skm, by)
    table = ikm_table(skm, by=by, weight=weight)
    values = answer_matrix(skm)
    codes = skm.groupby(by, sort=True, observed=True).ngroup().to_numpy()
    columns = ["ikm", *[f"nrr_{u}" for u in SKM_UNSUR]]
    low = np.full((len(table), len(columns)), np.nan)
    high = np.full((len(table), len(columns)), np.nan)
    for g, key in enumerate(table[by].itertuples(index=False, name=None)):
        rows = values[codes == g]
        if (~np.isnan(rows)).any(axis=1).sum() < 2:
            continue
        draws = _draws(rows, reps, seed, weight, None, key)
        low[g], high[g] = percentile_interval(np.column_stack([draws.ikm, draws.nrr]), level)
    for j, column in enumerate(columns):
        table[f"{column}_ci_bawah"] = low[:, j]
        table[f"{column}_ci_atas"] = high[:, j]
    table["metode_ci"] = f"{METHOD} (B={reps}, {level:.0%})"
    return table


def element_summary(skm: pd.DataFrame, by: Sequence[str] = ("periode",),
                    strata: str | None = "unit", reps: int = REPS, level: float = 0.95,
                    seed: int = SEED) -> pd.DataFrame:
    """City-wide NRR of each element over all respondents of the period, weakest first.

    Parameters
    ----------
    skm : DataFrame
        The canonical respondent table.
    by : sequence of str
        Groups summarised separately (default per period).
    strata : str or None
        Respondents are resampled within this column's groups (default the unit: each unit
        ran its own survey, so each keeps its number of respondents); None pools them.
    reps, level, seed
        See :func:`bootstrap_draws`.

    Returns
    -------
    DataFrame, one row per group and element, sorted by ``by`` and NRR ascending (ties by
    element order): ``unsur``, ``nama_unsur``, ``n_jawaban``, ``nrr`` (mean of all answers
    given, so units with more respondents weigh more), ``nrr_ci_bawah``, ``nrr_ci_atas``,
    ``nrr_konversi`` (x 25), ``mutu`` (the band of the converted NRR), ``urutan`` (1 = weakest).

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": ["A", "B"], "periode": "2025",
    ...                     **{u: pd.array([3, 4], dtype="Int8") for u in SKM_UNSUR}})
    >>> skm["u4"] = pd.array([2, 2], dtype="Int8")
    >>> first = element_summary(skm, reps=199).iloc[0]
    >>> first.unsur, float(first.nrr), first.mutu
    ('u4', 2.0, 'D')
    """
    by = check_keys(skm, by)
    if strata is not None:
        check_keys(skm, [strata])
    values = answer_matrix(skm)
    answered = ~np.isnan(values)
    codes = skm.groupby(by, sort=True, observed=True).ngroup().to_numpy()
    keys = skm[by].drop_duplicates().sort_values(by).itertuples(index=False, name=None)
    parts = []
    for g, key in enumerate(keys):
        rows = codes == g
        n = answered[rows].sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            nrr = np.where(n > 0, np.where(answered[rows], values[rows], 0).sum(axis=0)
                           / np.maximum(n, 1), np.nan)
        low = high = np.full(len(SKM_UNSUR), np.nan)
        if answered[rows].any(axis=1).sum() >= 2:
            draws = _draws(values[rows], reps, seed, None,
                           None if strata is None else skm.loc[rows, strata].to_numpy(), key)
            low, high = percentile_interval(draws.nrr, level)
        part = pd.DataFrame({"unsur": list(SKM_UNSUR), "nama_unsur": list(UNSUR_NAMA.values()),
                             "n_jawaban": n.astype("int64"), "nrr": nrr, "nrr_ci_bawah": low,
                             "nrr_ci_atas": high, "nrr_konversi": nrr * 25})
        for column, value in zip(by, key, strict=True):
            part.insert(by.index(column), column, value)
        part["mutu"] = quality_band(part["nrr_konversi"]).mutu.to_numpy()
        part = part.sort_values("nrr", kind="stable", na_position="last")
        part["urutan"] = np.arange(1, len(part) + 1)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if len(out):
        out["metode_ci"] = f"{METHOD} (B={reps}, {level:.0%}" + \
            (f", dalam strata {strata})" if strata else ")")
    return out
