"""JPM bands: the category of a Job Person Match percentage, by a scheme of reference data.

``reference/jpm_kategori.csv`` holds the schemes (column ``skema``): ``permen_2020`` (the bands
of one 2020 rule on competency tests, DOMAIN.md §5: >= 80 Memenuhi Syarat, 68 to < 80 Masih
Memenuhi Syarat, < 68 Kurang Memenuhi Syarat) and ``pusat_asesmen`` (Optimal >= 90, Cukup
Optimal 78 to < 90, Kurang Optimal < 78, as assessment-centre reports band JPM).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import require_columns as _require

JPM_SCHEMES = ("permen_2020", "pusat_asesmen")  # ``skema`` of reference/jpm_kategori.csv
DEFAULT_JPM_SCHEME = "permen_2020"


def jpm_bands(scheme: str = DEFAULT_JPM_SCHEME) -> pd.DataFrame:
    """The bands of one scheme of ``reference/jpm_kategori.csv`` (``kategori``,
    ``batas_bawah``): ``permen_2020`` (DOMAIN.md §5, default) or ``pusat_asesmen`` (Optimal
    >= 90, Cukup Optimal 78 to < 90, Kurang Optimal < 78, as assessment-centre reports band
    JPM; assumption A-JPM-5).

    >>> jpm_bands("pusat_asesmen")["kategori"].tolist()
    ['Optimal', 'Cukup Optimal', 'Kurang Optimal']
    """
    table = reference.load("jpm_kategori")
    if scheme not in set(table["skema"]):
        raise ValueError(f"skema JPM tidak dikenal: {scheme!r}; yang dikenal: "
                         f"{', '.join(sorted(set(table['skema'])))}")
    return table.loc[table["skema"] == scheme].drop(columns="skema").reset_index(drop=True)


def _bands(bands) -> tuple[np.ndarray, list[str]]:
    if bands is None:
        bands = jpm_bands()
    elif isinstance(bands, str):
        bands = jpm_bands(bands)
    if isinstance(bands, pd.DataFrame):
        _require(bands, ("kategori", "batas_bawah"), "bands")
        pairs = zip(bands["kategori"], bands["batas_bawah"], strict=True)
    elif isinstance(bands, Mapping):
        pairs = bands.items()
    else:
        pairs = ((label, lower) for lower, label in bands)
    pairs = sorted(((float(lower), str(label)) for label, lower in pairs))
    lowers = np.array([p[0] for p in pairs], dtype="float64")
    if len(pairs) == 0 or np.unique(lowers).size != lowers.size or np.isnan(lowers).any():
        raise ValueError("bands: perlu minimal satu kategori dengan batas bawah unik dan angka")
    return lowers, [p[1] for p in pairs]


def jpm_category(jpm, bands=None) -> pd.Series:
    """JPM category: the band whose lower bound is the largest one <= JPM.

    Parameters
    ----------
    jpm : array-like of float
        JPM in percent. NaN stays missing (a documented NaN, not an error).
    bands : str, DataFrame, mapping or sequence, optional
        A scheme of ``reference/jpm_kategori.csv`` (:func:`jpm_bands`: "permen_2020",
        "pusat_asesmen"); ``DataFrame`` with ``kategori`` and ``batas_bawah``;
        ``{label: lower_bound}``; or ``[(lower_bound, label), ...]``. Lower bounds are
        inclusive. Default
        ``reference/jpm_kategori.csv``: >= 80 Memenuhi Syarat, 68 to < 80 Masih Memenuhi
        Syarat, 0 to < 68 Kurang Memenuhi Syarat (DOMAIN.md §5).

    Returns
    -------
    Series
        Ordered categorical, categories from the lowest band up; the index of ``jpm`` when
        it is a Series.

    References
    ----------
    DOMAIN.md §5 (bands of a 2020 rule on competency tests; other agencies differ).

    Raises
    ------
    ValueError
        A JPM below the lowest band's lower bound (e.g. negative), or invalid bands.

    Examples
    --------
    >>> jpm_category([67.99, 68, 79.99, 80]).tolist()
    ['Kurang Memenuhi Syarat', 'Masih Memenuhi Syarat', 'Masih Memenuhi Syarat', 'Memenuhi Syarat']
    >>> jpm_category([75.0], bands={"Baik": 75, "Belum": 0}).tolist()
    ['Baik']
    """
    lowers, labels = _bands(bands)
    index = jpm.index if isinstance(jpm, pd.Series) else None
    values = pd.to_numeric(pd.Series(jpm, index=index), errors="coerce").astype("float64")
    position = np.searchsorted(lowers, values.to_numpy(), side="right") - 1
    below = values.notna().to_numpy() & (position < 0)
    if below.any():
        raise ValueError(f"jpm: nilai {values[below].iloc[0]} di bawah batas bawah kategori "
                         f"terendah ({lowers[0]})")
    codes = np.where(values.isna().to_numpy(), -1, position)
    cat = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return pd.Series(cat, index=values.index, name="kategori_jpm")
