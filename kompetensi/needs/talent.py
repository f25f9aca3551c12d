"""The 9-box talent matrix (Manajemen Talenta): kinerja x potensi.

Part of the training-needs API (re-exported by :mod:`kompetensi.needs`). Rules are reference
data: ``reference/kotak_talenta.csv`` (box of each cell, PermenPANRB 3/2020, C2) and
``reference/kinerja_talenta.csv`` (2022 SKP predikat onto the 3-level kinerja axis, U).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import require_columns as _require

KINERJA_LEVELS = ("di bawah ekspektasi", "sesuai ekspektasi", "di atas ekspektasi")
POTENSI_LEVELS = ("rendah", "menengah", "tinggi")


def _key(values: pd.Series) -> pd.Series:
    """Label matching key: lower case, single spaces (NA stays NA)."""
    return values.astype("string").str.lower().str.split().str.join(" ")


def _check_labels(keys: pd.Series, allowed: Iterable[str], name: str) -> None:
    unknown = sorted(set(keys.dropna()) - set(allowed))
    if unknown:
        raise ValueError(f"{name}: label tidak dikenal {unknown[:5]} (yang dikenal: "
                         f"{', '.join(allowed)})")


def performance_level(predikat, mapping: pd.DataFrame | Mapping[str, str] | None = None
                      ) -> pd.Series:
    """The talent box's 3-level kinerja from the 2022 SKP predikat.

    Parameters
    ----------
    predikat : array-like of str
        PermenPANRB 6/2022 predikat (case-insensitive). Missing stays missing.
    mapping : DataFrame (``predikat``, ``kinerja``) or {predikat: kinerja}, optional
        Default ``reference/kinerja_talenta.csv`` (assumption, status U): Sangat Baik -> di
        atas ekspektasi; Baik -> sesuai ekspektasi; Butuh Perbaikan, Kurang, Sangat Kurang ->
        di bawah ekspektasi.

    Returns
    -------
    Series of string (index of ``predikat`` when it is a Series).

    Raises
    ------
    ValueError
        A predikat the mapping does not know (e.g. "Cukup" of the older regime).

    References
    ----------
    PermenPANRB 6/2022 (predikat); no official mapping to the talent box was seen (U).

    Examples
    --------
    >>> performance_level(["Sangat Baik", "baik", "Kurang", None]).tolist()
    ['di atas ekspektasi', 'sesuai ekspektasi', 'di bawah ekspektasi', <NA>]
    """
    if mapping is None:
        mapping = reference.load("kinerja_talenta")
    if isinstance(mapping, pd.DataFrame):
        mapping = dict(zip(mapping["predikat"], mapping["kinerja"], strict=True))
    lookup = {" ".join(str(k).lower().split()): v for k, v in mapping.items()}
    index = predikat.index if isinstance(predikat, pd.Series) else None
    keys = _key(pd.Series(predikat, index=index, dtype="object"))
    _check_labels(keys, lookup, "predikat")
    return keys.map(lookup).astype("string").rename("kinerja")


def talent_box(kinerja, potensi, matrix: pd.DataFrame | None = None) -> pd.Series:
    """Box 1-9 of the talent matrix for each (kinerja, potensi) pair.

    Parameters
    ----------
    kinerja : array-like of str
        "di bawah ekspektasi", "sesuai ekspektasi" or "di atas ekspektasi" (case- and
        space-insensitive); see :func:`performance_level` for SKP predikat.
    potensi : array-like of str
        "rendah", "menengah" or "tinggi"; same length as ``kinerja``.
    matrix : DataFrame, optional
        Columns ``kinerja``, ``potensi``, ``kotak``; default ``reference/kotak_talenta.csv``
        (PermenPANRB 3/2020, C2; DOMAIN.md §5).

    Returns
    -------
    Series of Int64, <NA> where either input is missing (index of ``kinerja`` if a Series).

    Raises
    ------
    ValueError
        Unknown labels, different lengths, or a matrix that does not cover every cell.

    References
    ----------
    PermenPANRB 3/2020 on Manajemen Talenta ASN (9-box; secondary sources, C2), DOMAIN.md §5.

    Examples
    --------
    >>> talent_box(["di atas ekspektasi", "Sesuai Ekspektasi", None],
    ...            ["tinggi", "rendah", "tinggi"]).tolist()
    [9, 2, <NA>]
    """
    matrix = reference.load("kotak_talenta") if matrix is None else matrix
    _require(matrix, ("kinerja", "potensi", "kotak"), "matrix")
    index = kinerja.index if isinstance(kinerja, pd.Series) else None
    k = _key(pd.Series(kinerja, index=index, dtype="object"))
    potensi = np.asarray(potensi, dtype="object")
    if len(k) != len(potensi):
        raise ValueError(f"kinerja dan potensi harus sama panjang ({len(k)} != {len(potensi)})")
    p = _key(pd.Series(potensi, index=k.index))
    _check_labels(k, KINERJA_LEVELS, "kinerja")
    _check_labels(p, POTENSI_LEVELS, "potensi")
    grid = np.full((3, 3), -1, dtype="int64")
    rows = _key(matrix["kinerja"]).map({v: i for i, v in enumerate(KINERJA_LEVELS)})
    cols = _key(matrix["potensi"]).map({v: i for i, v in enumerate(POTENSI_LEVELS)})
    if rows.isna().any() or cols.isna().any():
        raise ValueError("matrix: label kinerja/potensi tidak dikenal")
    grid[rows.to_numpy(int), cols.to_numpy(int)] = pd.to_numeric(matrix["kotak"]).to_numpy(int)
    if (grid < 0).any():
        raise ValueError("matrix: tidak semua 9 sel kinerja x potensi terisi")
    ki = k.map({v: i for i, v in enumerate(KINERJA_LEVELS)})
    pi = p.map({v: i for i, v in enumerate(POTENSI_LEVELS)})
    ok = (ki.notna() & pi.notna()).to_numpy()
    box = np.zeros(len(k), dtype="int64")
    box[ok] = grid[ki[ok].to_numpy(int), pi[ok].to_numpy(int)]
    return pd.Series(box, index=k.index, name="kotak").astype("Int64").where(ok, pd.NA)


def talent_grid(asesmen: pd.DataFrame, kinerja: pd.DataFrame, tahun: int,
                mapping=None, matrix: pd.DataFrame | None = None) -> pd.DataFrame:
    """Talent box of every assessed person: potensi (assessment) x kinerja (SKP of ``tahun``).

    Parameters
    ----------
    asesmen : DataFrame
        ``pid`` and ``potensi`` (rendah/menengah/tinggi, repeated on each competency row).
    kinerja : DataFrame
        ``pid``, ``tahun``, ``predikat`` (SKP, PermenPANRB 6/2022).
    tahun : int
        The SKP year used (normally the cycle).
    mapping, matrix
        Passed to :func:`performance_level` and :func:`talent_box`.

    Returns
    -------
    DataFrame
        One row per ``pid`` of ``asesmen``, sorted: ``potensi``, ``predikat``, ``kinerja``
        (3-level), ``kotak`` (Int64; <NA> when potensi or the year's predikat is missing).

    Raises
    ------
    ValueError
        A person with two different ``potensi``, or two predikat in the year.

    References
    ----------
    PermenPANRB 3/2020 (9-box); DOMAIN.md §5.

    Examples
    --------
    >>> a = pd.DataFrame({"pid": ["x", "x", "y"], "potensi": ["tinggi", "tinggi", None]})
    >>> k = pd.DataFrame({"pid": ["x", "y"], "tahun": [2025, 2025], "predikat": ["Baik"] * 2})
    >>> talent_grid(a, k, 2025)["kotak"].tolist()
    [8, <NA>]
    """
    _require(asesmen, ("pid", "potensi"), "asesmen")
    _require(kinerja, ("pid", "tahun", "predikat"), "kinerja")
    people = asesmen[["pid", "potensi"]].drop_duplicates()
    conflict = people.dropna(subset=["potensi"]).pid.duplicated()
    if conflict.any():
        raise ValueError(f"asesmen: {int(conflict.sum())} pegawai dengan potensi berbeda")
    people = people.sort_values(["pid", "potensi"], na_position="last").drop_duplicates("pid")
    year = kinerja.loc[kinerja["tahun"] == tahun, ["pid", "predikat"]].drop_duplicates()
    if year.pid.duplicated().any():
        raise ValueError(f"kinerja: pegawai dengan lebih dari satu predikat pada tahun {tahun}")
    out = people.merge(year, on="pid", how="left").sort_values("pid", ignore_index=True)
    out["predikat"] = out["predikat"].astype("string")
    out["kinerja"] = performance_level(out["predikat"], mapping)
    out["kotak"] = talent_box(out["kinerja"], out["potensi"], matrix)
    return out


def talent_counts(talenta: pd.DataFrame) -> pd.DataFrame:
    """People per cell of the 9-box: kinerja (rows, highest first) x potensi (columns, lowest
    first), int64, over the people of :func:`talent_grid` with a box. Not suppressed: see
    :func:`kompetensi.privacy.disclosure.suppress_small_cells` before publishing.

    Examples
    --------
    >>> t = pd.DataFrame({"kinerja": ["di atas ekspektasi", None], "potensi": ["tinggi"] * 2,
    ...                   "kotak": pd.array([9, None], dtype="Int64")})
    >>> talent_counts(t).to_numpy().tolist()
    [[0, 0, 1], [0, 0, 0], [0, 0, 0]]
    """
    boxed = talenta[talenta["kotak"].notna()]
    return (pd.crosstab(boxed["kinerja"], boxed["potensi"])
            .reindex(index=list(KINERJA_LEVELS)[::-1], columns=list(POTENSI_LEVELS), fill_value=0)
            .astype("int64"))
