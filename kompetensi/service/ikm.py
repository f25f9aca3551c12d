"""The community satisfaction index (IKM) of a service unit, as PermenPANRB 14/2017 computes it.

The regulation's annex (Lampiran, "Pengolahan Data"): every element (unsur U1-U9) has the same
weight, *bobot nilai rata-rata tertimbang = jumlah bobot / jumlah unsur = 1/9* (printed as
"0,11"; the recap form writes "NRR tertimbang = NRR per unsur x 0,111"); the element's mean
(NRR, *nilai rata-rata*) is the sum of its answers over the number of questionnaires that
answered it (*jumlah kuesioner yang terisi*); the unit's index is the sum of the weighted NRRs
(*NRR tertimbang*), on the answer scale 1-4 (*nilai interval*, NI), and converted to 25-100 by
x 25 (*nilai interval konversi*, NIK), which gives the quality band (*mutu pelayanan* A-D) and
the performance label (*kinerja unit pelayanan*) of ``reference/skm_mutu.csv``.

Conventions here (assumption log ``A-SKM-*``):

- the weight is exactly 1/9 (``weight=None``): with 0,11 the best possible index would be 99,
  not the 100 of the annex's own table; ``weight=0.11`` or ``0.111`` reproduces units that
  multiply by the printed rounded weight (their index is 1 % or 0.1 % lower);
- an element nobody in the group answered is left out and the others share the weight equally
  (the annex's *total unsur yang terisi*); ``unsur_terisi`` says how many were answered;
- the band is read from the converted index rounded half up to 2 decimals, as units publish
  it (Excel ``ROUND(x;2)``), so 64.994 is D and 64.995 is C.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service import _ref

ANSWERS = (1, 2, 3, 4)  # the answer scale of every element (Lampiran, kuesioner)
BY = ("unit", "periode")


@dataclass(frozen=True)
class IkmResult:
    """The IKM of one group of respondents.

    ``n_jawaban`` and ``nrr`` follow :data:`kompetensi.core.vocab.SKM_UNSUR` (U1-U9; ``nrr`` is
    NaN for an element nobody answered); ``ikm_interval`` is on the answer scale 1-4 (NI),
    ``ikm`` converted to 25-100 (NIK); ``bobot`` the weight per element used.
    """

    responden: int
    n_jawaban: tuple[int, ...]
    nrr: tuple[float, ...]
    unsur_terisi: int
    ikm_interval: float
    ikm: float
    mutu: str | None
    kinerja: str | None
    bobot: float


def round_half_up(values, decimals: int = 2) -> np.ndarray:
    """Round half away from zero for positive values, as Excel's ``ROUND`` does.

    A tiny guard (1e-9 of the last digit) lets a value printed as ``x.xx5`` that float
    arithmetic stores a hair below round up, as it does on paper.

    Examples
    --------
    >>> round_half_up([64.995, 64.994999, 76.605, 2.675]).tolist()
    [65.0, 64.99, 76.61, 2.68]
    """
    x = np.asarray(values, dtype="float64")
    scale = 10.0 ** decimals
    return np.round(np.floor(x * scale + 0.5 + 1e-9) / scale, decimals)


def _bands() -> pd.DataFrame:
    table = _ref.table("skm_mutu")
    for column in ("ni_bawah", "ni_atas", "nik_bawah", "nik_atas"):
        table[column] = pd.to_numeric(table[column]).astype("float64")
    return table.sort_values("nik_bawah").reset_index(drop=True)


def quality_band(ikm) -> pd.DataFrame:
    """The quality band (mutu A-D) and performance label of converted IKM values (25-100).

    Parameters
    ----------
    ikm : array-like or Series of float
        Converted index values (NIK). Missing values, and values outside 25-100, get no band.

    Returns
    -------
    DataFrame with columns ``mutu`` and ``kinerja`` (strings, missing where no band), on the
    index of ``ikm`` when it is a Series.

    Notes
    -----
    The value is rounded half up to 2 decimals (:func:`round_half_up`) and looked up between
    the printed limits ``nik_bawah``-``nik_atas`` of ``reference/skm_mutu.csv``; the printed
    limits leave no gap at 2 decimals (64.99 | 65.00, 76.60 | 76.61, 88.30 | 88.31).

    References
    ----------
    PermenPANRB 14/2017, Lampiran: table *Nilai Persepsi, Interval IKM, Interval Konversi IKM,
    Mutu Pelayanan dan Kinerja Unit Pelayanan* (``reference/skm_mutu.csv``, A-SKM-3).

    Examples
    --------
    >>> quality_band([64.99, 64.995, 76.60, 76.61, 88.30, 88.31, 100]).mutu.tolist()
    ['D', 'C', 'C', 'B', 'B', 'A', 'A']
    >>> quality_band([88.31]).kinerja.item()
    'Sangat Baik'
    """
    index = ikm.index if isinstance(ikm, pd.Series) else None
    values = pd.to_numeric(pd.Series(ikm, index=index), errors="coerce").astype("float64")
    rounded = round_half_up(values.to_numpy())
    bands = _bands()
    low, high = bands.nik_bawah.to_numpy(), bands.nik_atas.to_numpy()
    hit = (rounded[:, None] >= low[None, :]) & (rounded[:, None] <= high[None, :])
    row = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
    mutu = np.where(row >= 0, bands.mutu.to_numpy()[row], None)
    kinerja = np.where(row >= 0, bands.kinerja.to_numpy()[row], None)
    return pd.DataFrame({"mutu": pd.array(mutu, dtype="string"),
                         "kinerja": pd.array(kinerja, dtype="string")}, index=values.index)


def _weight(weight: float | None) -> float:
    if weight is None:
        return 1.0 / len(SKM_UNSUR)
    weight = float(weight)
    if not 0 < weight <= 1:
        raise ValueError(f"bobot per unsur harus di antara 0 dan 1 (mis. 0.11); ditemukan {weight}")
    return weight


def ikm_from_nrr(nrr, weight: float | None = None) -> np.ndarray:
    """The index on the answer scale (NI, 1-4) from element means, row by row.

    Parameters
    ----------
    nrr : array-like, shape (n, 9) or (9,)
        NRR of U1-U9; NaN for an element nobody answered (left out; the others share the
        weight: ``weight x 9 x mean of the answered NRRs``).
    weight : float, optional
        Weight per element; None is exactly 1/9.

    Returns
    -------
    ndarray of the NI values (NaN where no element was answered); multiply by 25 for NIK.

    Examples
    --------
    >>> round(float(ikm_from_nrr([3.0] * 8 + [4.0])[0]) * 25, 4)
    77.7778
    >>> round(float(ikm_from_nrr([3.0] * 8 + [4.0], weight=0.11)[0]) * 25, 4)
    77.0
    """
    matrix = np.atleast_2d(np.asarray(nrr, dtype="float64"))
    if matrix.shape[1] != len(SKM_UNSUR):
        raise ValueError(f"NRR harus {len(SKM_UNSUR)} kolom (U1-U9); ditemukan {matrix.shape[1]}")
    answered = ~np.isnan(matrix)
    k = answered.sum(axis=1)
    total = np.where(answered, matrix, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(k > 0, total / np.maximum(k, 1), np.nan)
    return _weight(weight) * len(SKM_UNSUR) * mean


def answer_matrix(skm: pd.DataFrame) -> np.ndarray:
    """The answers U1-U9 as a float64 matrix (NaN = blank), checked to be 1-4.

    Raises
    ------
    ValueError
        A column is missing or holds a value other than 1-4.

    Examples
    --------
    >>> frame = pd.DataFrame({u: [4, None] for u in SKM_UNSUR}, dtype="Int8")
    >>> answer_matrix(frame)[:, 0].tolist()
    [4.0, nan]
    """
    missing = [u for u in SKM_UNSUR if u not in skm.columns]
    if missing:
        raise ValueError(f"kolom jawaban SKM tidak ada: {', '.join(missing)}")
    values = np.column_stack([pd.to_numeric(skm[u], errors="coerce").astype("float64")
                              .to_numpy() for u in SKM_UNSUR]) if len(skm) else \
        np.empty((0, len(SKM_UNSUR)))
    for j, u in enumerate(SKM_UNSUR):
        raw = skm[u]
        bad = (raw.notna().to_numpy() & np.isnan(values[:, j])) | \
            (~np.isnan(values[:, j]) & ~np.isin(values[:, j], ANSWERS))
        if bad.any():
            raise ValueError(f"jawaban {u} harus 1-4 atau kosong; ditemukan "
                             f"{sorted(map(str, set(raw[bad])))[:5]}")
    return values


def ikm_score(answers, weight: float | None = None) -> IkmResult:
    """The IKM of one group of respondents (one unit in one period).

    Parameters
    ----------
    answers : DataFrame with columns u1-u9, or array of shape (n, 9)
        One row per respondent, answers 1-4, NaN/NA for a blank.
    weight : float, optional
        Weight per element; None (default) is exactly 1/9; 0.11 or 0.111 reproduce units
        that multiply by the printed rounded weight.

    Returns
    -------
    IkmResult

    References
    ----------
    PermenPANRB 14/2017, Lampiran, "Pengolahan Data" (NRR, NRR tertimbang, x 25; A-SKM-1, 2).

    Examples
    --------
    >>> r = ikm_score([[4, 3, 3, 4, 3, 3, 4, 3, 3], [3, 3, None, 4, 3, 3, 4, 2, 3]])
    >>> r.responden, r.n_jawaban[2], round(r.ikm, 2), r.mutu
    (2, 1, 80.56, 'B')
    """
    if isinstance(answers, pd.DataFrame):
        matrix = answer_matrix(answers)
    else:
        matrix = np.atleast_2d(np.asarray(answers, dtype="float64"))
        if matrix.size and matrix.shape[1] != len(SKM_UNSUR):
            raise ValueError(f"jawaban harus {len(SKM_UNSUR)} kolom (U1-U9)")
        answer_matrix(pd.DataFrame(matrix, columns=list(SKM_UNSUR)))  # checks the values
    answered = ~np.isnan(matrix)
    n = answered.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = np.where(n > 0, np.where(answered, matrix, 0.0).sum(axis=0) / np.maximum(n, 1),
                       np.nan)
    ni = float(ikm_from_nrr(nrr, weight)[0])
    band = quality_band([ni * 25])
    return IkmResult(
        responden=int(answered.any(axis=1).sum()), n_jawaban=tuple(int(v) for v in n),
        nrr=tuple(float(v) for v in nrr), unsur_terisi=int((n > 0).sum()), ikm_interval=ni,
        ikm=ni * 25, mutu=None if pd.isna(band.mutu.iloc[0]) else str(band.mutu.iloc[0]),
        kinerja=None if pd.isna(band.kinerja.iloc[0]) else str(band.kinerja.iloc[0]),
        bobot=_weight(weight))


def check_keys(skm: pd.DataFrame, by: Sequence[str]) -> list[str]:
    """The grouping columns, checked to exist and to have no missing value."""
    by = list(by)
    missing = [c for c in by if c not in skm.columns]
    if missing:
        raise ValueError(f"kolom pengelompokan tidak ada: {', '.join(missing)}")
    blank = [c for c in by if skm[c].isna().any()]
    if blank:
        raise ValueError(f"kolom pengelompokan kosong pada sebagian baris: {', '.join(blank)}")
    return by


def ikm_table(skm: pd.DataFrame, by: Sequence[str] = BY,
              weight: float | None = None) -> pd.DataFrame:
    """IKM per group (default: per unit and period) from the respondent table ``skm``.

    Parameters
    ----------
    skm : DataFrame
        The canonical ``skm`` table (one row per respondent; u1-u9 nullable 1-4).
    by : sequence of str
        Grouping columns (default ``("unit", "periode")``).
    weight : float, optional
        Weight per element (None: exactly 1/9; see :func:`ikm_score`).

    Returns
    -------
    DataFrame, one row per group, sorted by ``by``: ``responden`` (rows with at least one
    answer), ``n_u1``..``n_u9`` (answers per element), ``nrr_u1``..``nrr_u9``,
    ``unsur_terisi``, ``ikm_interval`` (NI, 1-4), ``ikm`` (NIK, 25-100), ``mutu``, ``kinerja``.

    Raises
    ------
    ValueError
        A grouping or answer column is missing, a key is blank, or an answer is not 1-4.

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": ["A", "A", "B"], "periode": "2025",
    ...                     **{u: pd.array([4, 3, 2], dtype="Int8") for u in SKM_UNSUR}})
    >>> ikm_table(skm)[["unit", "responden", "ikm", "mutu"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'unit': 'A', 'responden': 2, 'ikm': 87.5, 'mutu': 'B'},
     {'unit': 'B', 'responden': 1, 'ikm': 50.0, 'mutu': 'D'}]
    """
    by = check_keys(skm, by)
    matrix = answer_matrix(skm)
    answered = ~np.isnan(matrix)
    frame = skm[by].copy()
    for j, u in enumerate(SKM_UNSUR):
        frame[f"s_{u}"] = np.where(answered[:, j], matrix[:, j], 0.0)
        frame[f"n_{u}"] = answered[:, j].astype("int64")
    frame["responden"] = answered.any(axis=1).astype("int64")
    sums = frame.groupby(by, sort=True, observed=True).sum()
    counts = sums[[f"n_{u}" for u in SKM_UNSUR]].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = np.where(counts > 0, sums[[f"s_{u}" for u in SKM_UNSUR]].to_numpy()
                       / np.maximum(counts, 1), np.nan)
    out = sums[["responden"]].reset_index()
    for j, u in enumerate(SKM_UNSUR):
        out[f"n_{u}"] = counts[:, j]
    for j, u in enumerate(SKM_UNSUR):
        out[f"nrr_{u}"] = nrr[:, j]
    out["unsur_terisi"] = (counts > 0).sum(axis=1)
    out["ikm_interval"] = ikm_from_nrr(nrr, weight) if len(out) else np.empty(0)
    out["ikm"] = out["ikm_interval"] * 25
    band = quality_band(out["ikm"])
    out["mutu"], out["kinerja"] = band.mutu.to_numpy(), band.kinerja.to_numpy()
    return out
