"""Consistency of pairwise judgments: the principal eigenvalue, Saaty's CI and CR, and the
random-index tables (``reference/indeks_acak_ahp.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kompetensi import reference

DEFAULT_RANDOM_INDEX = "saaty1980"
CR_THRESHOLD = 0.10  # Saaty's (1980) rule of thumb: CR above 0.10 calls for revised judgments


def random_index_tables() -> pd.DataFrame:
    """The random-index tables shipped with the package (``tabel, n, ri, status, sumber``)."""
    table = reference.load("indeks_acak_ahp")
    return table.astype({"n": "int64", "ri": "float64"})


def random_index(n: int, table: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX) -> float:
    """Random consistency index RI(n) of a named table (or of a user mapping ``{n: RI}``).

    Raises
    ------
    ValueError
        Unknown table name, or ``n`` outside the table.

    Examples
    --------
    >>> random_index(5), random_index(5, "saaty_tran2007")
    (1.12, 1.11)
    """
    if isinstance(table, Mapping):
        values = {int(k): float(v) for k, v in table.items()}
        name = "custom"
    else:
        tables = random_index_tables()
        rows = tables[tables.tabel == table]
        if rows.empty:
            raise ValueError(f"tabel indeks acak '{table}' tidak dikenal; pilihan: "
                             f"{', '.join(sorted(tables.tabel.unique()))}")
        values, name = dict(zip(rows.n, rows.ri, strict=True)), table
    if int(n) not in values:
        raise ValueError(f"tabel indeks acak '{name}' hanya mencakup n = {min(values)}..."
                         f"{max(values)}; matriks ini berordo {n}")
    return values[int(n)]


def principal_eigen(stack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalized principal eigenvectors and eigenvalues of a stack of positive matrices.

    Parameters
    ----------
    stack : array of shape (..., n, n)

    Returns
    -------
    weights : array (..., n), each row summing to 1
    lambda_max : array (...)

    Notes
    -----
    ``numpy.linalg.eig`` (LAPACK geev); for a positive matrix the Perron root is real, simple
    and has the largest real part, and its eigenvector has components of one sign.

    Examples
    --------
    >>> w, lam = principal_eigen(np.array([[1.0, 3.0], [1 / 3, 1.0]]))
    >>> w.round(3).tolist(), round(float(lam), 6)
    ([0.75, 0.25], 2.0)
    """
    values, vectors = np.linalg.eig(np.asarray(stack, dtype="float64"))
    k = np.argmax(values.real, axis=-1)
    lam = np.take_along_axis(values.real, k[..., None], axis=-1)[..., 0]
    vec = np.take_along_axis(vectors.real, k[..., None, None], axis=-1)[..., 0]
    return vec / vec.sum(axis=-1, keepdims=True), lam


def consistency(lambda_max, n: int,
                random_index_table: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX):
    """``(CI, RI, CR)`` for a principal eigenvalue (float, or array: CI and CR arrays).

    Notes
    -----
    A positive reciprocal matrix has ``lambda_max >= n``, with equality exactly when it is
    consistent (Saaty 1977, J. Math. Psych. 15(3), 234-281; Perron-Frobenius), so a negative
    CI or CR is rounding of the eigenvalue (LAPACK may give 2.999999999999999 for a
    consistent 3 x 3 matrix on some CPUs): it is returned as +0.0, never -0.0; NaN stays NaN.
    """
    ri = random_index(n, random_index_table)
    if n <= 2:
        return 0.0, ri, 0.0
    ci = np.maximum((np.asarray(lambda_max, dtype="float64") - n) / (n - 1), 0.0) + 0.0
    cr = ci / ri + 0.0  # np.maximum(-0.0, 0.0) may be -0.0; -0.0 + 0.0 is +0.0
    return (float(ci), ri, float(cr)) if ci.ndim == 0 else (ci, ri, cr)
