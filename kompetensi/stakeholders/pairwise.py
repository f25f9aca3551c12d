"""Stakeholder priorities with the Analytic Hierarchy Process (AHP).

Core computations on pairwise-comparison matrices: priorities by the principal eigenvector,
the consistency ratio with a selectable random-index table, aggregation of several
respondents' judgments, and synthesis of a two-level hierarchy. The questionnaire workflow
(one matrix per respondent, consistency flags, group priorities with bootstrap intervals,
agreement between groups) is in :mod:`kompetensi.stakeholders.survey`.

Conventions
-----------
- ``a[i, j]`` is the Saaty value of criterion *i* over criterion *j* (1/9 … 9); the matrix
  must be positive and reciprocal (``a[j, i] = 1 / a[i, j]``).
- Priorities are the principal (Perron) eigenvector normalized to sum 1 (Saaty 1980).
- ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)``; for ``n <= 2`` every reciprocal
  matrix is consistent, so CI = CR = 0 by definition. CI and CR are never negative (see
  :func:`consistency`).
- Random-index tables live in ``kompetensi/reference/indeks_acak_ahp.csv`` (with sources).

References
----------
Saaty, T.L. (1977). A scaling method for priorities in hierarchical structures. Journal of
Mathematical Psychology 15(3), 234-281.
Saaty, T.L. (1980). The Analytic Hierarchy Process. McGraw-Hill.
Saaty, T.L. & Tran, L.T. (2007). Mathematical and Computer Modelling 46(7-8), 962-975.
Aczél, J. & Saaty, T.L. (1983). Procedures for synthesizing ratio judgements. Journal of
Mathematical Psychology 27(1), 93-102.
Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
Analytic Hierarchy Process. European Journal of Operational Research 108(1), 165-169.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.stakeholders.consistency import (
    CR_THRESHOLD,
    DEFAULT_RANDOM_INDEX,
    consistency,
    principal_eigen,
)

AGGREGATION_METHODS = ("geometric", "priorities", "priorities_arithmetic")


@dataclass(frozen=True)
class AHPResult:
    """Priorities and consistency of one pairwise-comparison matrix.

    Attributes
    ----------
    weights : Series
        Normalized principal eigenvector (sums to 1), indexed by criterion; name ``bobot``.
    lambda_max, ci, cr, ri : float
        Principal eigenvalue, consistency index, consistency ratio (both >= +0.0, see
        :func:`consistency`) and the random index used.
    random_index : str
        Name of the random-index table (``"custom"`` for a user mapping).
    n : int
        Order of the matrix.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    ri: float
    random_index: str
    n: int

    @property
    def consistent(self) -> bool:
        """CR at most 0.10 (Saaty 1980)."""
        return self.cr <= CR_THRESHOLD


@dataclass(frozen=True)
class Aggregate:
    """Group priorities from several respondents (see :func:`aggregate_judgments`).

    Attributes
    ----------
    method : str
        ``"geometric"`` (aggregation of individual judgments, AIJ), ``"priorities"`` or
        ``"priorities_arithmetic"`` (aggregation of individual priorities, AIP).
    weights : Series
        Group priorities (sum 1), indexed by criterion.
    matrix : DataFrame or None
        The aggregated judgment matrix (AIJ only).
    consistency : AHPResult or None
        ``ahp`` of the aggregated matrix (AIJ only).
    n_matrices : int
        Number of matrices aggregated.
    """

    method: str
    weights: pd.Series
    matrix: pd.DataFrame | None
    consistency: AHPResult | None
    n_matrices: int


def _as_matrix(matrix, labels: Sequence[str] | None = None, *,
               rtol: float = 0.05) -> tuple[np.ndarray, pd.Index]:
    """Validate a pairwise-comparison matrix; return it as float64 with its labels."""
    if isinstance(matrix, pd.DataFrame):
        if not matrix.index.equals(matrix.columns):
            raise ValueError("baris dan kolom matriks perbandingan harus berlabel sama dan "
                             "berurutan sama")
        labels = matrix.index if labels is None else labels
        matrix = matrix.to_numpy()
    a = np.asarray(matrix, dtype="float64")
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"matriks perbandingan harus persegi dan tidak kosong (bentuk {a.shape})")
    n = a.shape[0]
    index = pd.Index(range(n) if labels is None else list(labels), name="kriteria")
    if len(index) != n:
        raise ValueError(f"{len(index)} label untuk matriks berordo {n}")
    if np.isnan(a).any():
        i, j = np.argwhere(np.isnan(a))[0]
        raise ValueError(f"penilaian kosong pada pasangan ({index[i]}, {index[j]}): matriks "
                         "tidak lengkap (penilaian yang hilang tidak diisi otomatis)")
    if not np.isfinite(a).all() or (a <= 0).any():
        raise ValueError("semua nilai perbandingan harus positif dan terhingga (skala Saaty "
                         "1/9 … 9)")
    bad = np.abs(a * a.T - 1.0) > rtol
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(f"matriks tidak resiprokal: a[{index[i]}, {index[j]}] = {a[i, j]:g} "
                         f"tetapi a[{index[j]}, {index[i]}] = {a[j, i]:g} (harus kebalikannya)")
    return a, index


def ahp(matrix, random_index: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX, *,
        labels: Sequence[str] | None = None, rtol: float = 0.05) -> AHPResult:
    """Priorities and consistency ratio of a pairwise-comparison matrix.

    Parameters
    ----------
    matrix : DataFrame or array-like (n x n)
        ``a[i, j]`` = Saaty value of *i* over *j*. A DataFrame's index (equal to its columns)
        labels the criteria.
    random_index : str or mapping
        Random-index table: ``"saaty1980"`` (default) or ``"saaty_tran2007"``
        (``random_index_tables()`` lists them with sources), or a mapping ``{n: RI}``.
    labels : sequence of str, optional
        Criterion labels for an array input.
    rtol : float
        Accepted relative deviation of ``a[i, j] * a[j, i]`` from 1 (and of the diagonal from
        1): 0.05 admits printed fractions such as 0.33, 0.14, 0.11.

    Returns
    -------
    AHPResult

    Raises
    ------
    ValueError
        Matrix not square, empty, with a missing (NaN) judgment, not positive, not reciprocal;
        random-index table unknown or too short for ``n``.

    Notes
    -----
    ``ci`` and ``cr`` are clamped at +0.0: lambda_max >= n (Saaty 1977), so a value below 0
    is rounding of the eigenvalue (see :func:`consistency`); ``lambda_max`` is as computed.

    References
    ----------
    Saaty, T.L. (1980). The Analytic Hierarchy Process. McGraw-Hill.

    Examples
    --------
    A consistent matrix (weights 4:2:1) has lambda_max = n and CR = 0:

    >>> res = ahp([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]], labels=["a", "b", "c"])
    >>> res.weights.round(4).tolist(), round(res.lambda_max, 6), round(res.cr, 6)
    ([0.5714, 0.2857, 0.1429], 3.0, 0.0)
    """
    a, index = _as_matrix(matrix, labels, rtol=rtol)
    n = a.shape[0]
    w, lam = principal_eigen(a)
    lam = float(n) if n <= 2 else float(lam)  # exactly n for every reciprocal 1x1 / 2x2
    ci, ri, cr = consistency(lam, n, random_index)
    name = "custom" if isinstance(random_index, Mapping) else str(random_index)
    return AHPResult(pd.Series(w, index=index, name="bobot"), lam, ci, cr, ri, name, n)


def _stack(matrices) -> tuple[np.ndarray, pd.Index]:
    items = list(matrices.values()) if isinstance(matrices, Mapping) else list(matrices)
    if not items:
        raise ValueError("tidak ada matriks untuk digabung")
    checked = [_as_matrix(m) for m in items]
    index = checked[0][1]
    for k, (a, idx) in enumerate(checked):
        if a.shape != checked[0][0].shape or not idx.equals(index):
            raise ValueError(f"matriks ke-{k + 1} berbeda ordo atau label kriteria dari yang "
                             "pertama")
    return np.stack([a for a, _ in checked]), index


def aggregate_judgments(matrices, method: str = "geometric", *, weights=None,
                        random_index: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX,
                        ) -> Aggregate:
    """Combine several respondents' pairwise comparisons into group priorities.

    Parameters
    ----------
    matrices : sequence or mapping of matrices (DataFrame or array-like), all complete and
        with the same criteria
    method : {"geometric", "priorities", "priorities_arithmetic"}
        ``"geometric"``: aggregation of individual judgments (AIJ), the element-wise weighted
        geometric mean of the matrices (the only mean that keeps the result reciprocal,
        Aczél & Saaty 1983), then its principal eigenvector. ``"priorities"``: aggregation
        of individual priorities (AIP), weighted geometric mean of each respondent's
        eigenvector, renormalized; ``"priorities_arithmetic"``: the weighted arithmetic mean
        (Forman & Peniwati 1998).
    weights : sequence of float, optional
        Weight of each matrix (e.g. equal weight per stakeholder group); default equal.
        Rescaled to sum 1.
    random_index : str or mapping
        Random-index table for the consistency of the aggregated matrix (AIJ).

    Returns
    -------
    Aggregate

    Raises
    ------
    ValueError
        Unknown method, no matrices, incomplete or invalid matrices, differing criteria,
        negative or wrongly sized weights.

    References
    ----------
    Aczél, J. & Saaty, T.L. (1983). J. Math. Psych. 27(1), 93-102.
    Forman, E. & Peniwati, K. (1998). EJOR 108(1), 165-169.

    Examples
    --------
    >>> agg = aggregate_judgments([[[1, 4], [1 / 4, 1]], [[1, 1], [1, 1]]])
    >>> round(float(agg.matrix.iloc[0, 1]), 6), agg.weights.round(4).tolist()  # sqrt(4 * 1)
    (2.0, [0.6667, 0.3333])
    """
    if method not in AGGREGATION_METHODS:
        raise ValueError(f"metode agregasi '{method}' tidak dikenal; pilihan: "
                         f"{', '.join(AGGREGATION_METHODS)}")
    stack, index = _stack(matrices)
    k = stack.shape[0]
    w = np.full(k, 1.0 / k) if weights is None else np.asarray(weights, dtype="float64")
    if w.shape != (k,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"bobot responden harus {k} bilangan tak-negatif dengan jumlah > 0")
    w = w / w.sum()
    if method == "geometric":
        geo = np.exp(np.tensordot(w, np.log(stack), axes=1))
        matrix = pd.DataFrame(geo, index=index, columns=index.rename(None))
        res = ahp(matrix, random_index)
        return Aggregate(method, res.weights, matrix, res, k)
    individual, _ = principal_eigen(stack)
    if method == "priorities":
        combined = np.exp(w @ np.log(individual))
    else:
        combined = w @ individual
    series = pd.Series(combined / combined.sum(), index=index, name="bobot")
    return Aggregate(method, series, None, None, k)


def _local_table(alternatives) -> pd.DataFrame:
    if isinstance(alternatives, pd.DataFrame):
        return alternatives.astype("float64")
    if isinstance(alternatives, Mapping):
        cols = {c: (v.weights if isinstance(v, AHPResult) else pd.Series(v, dtype="float64"))
                for c, v in alternatives.items()}
        return pd.DataFrame(cols).astype("float64")
    raise ValueError("alternatif harus DataFrame (alternatif x kriteria) atau mapping "
                     "kriteria -> prioritas lokal")


def ahp_synthesis(criteria, alternatives, mode: str = "distributive") -> pd.DataFrame:
    """Global priorities of the alternatives in a two-level hierarchy.

    Parameters
    ----------
    criteria : AHPResult, Series or mapping
        Weights of the criteria with respect to the goal (rescaled to sum 1).
    alternatives : DataFrame or mapping
        Local priorities of the alternatives under each criterion: a DataFrame (rows
        alternatives, columns criteria) or a mapping criterion -> AHPResult / Series.
    mode : {"distributive", "ideal"}
        Distributive (Saaty 1980): local priorities normalized to sum 1 per criterion.
        Ideal: divided by the best alternative's priority under each criterion, the global
        result then normalized to sum 1 (Belton & Gear 1983, Omega 11(3), 228-230).

    Returns
    -------
    DataFrame
        Rows alternatives; one column per criterion with its weighted contribution, and
        ``prioritas_global`` (sum of the contributions; sums to 1).

    Raises
    ------
    ValueError
        Criteria of the two levels differ; negative or missing priorities; unknown mode.

    Examples
    --------
    >>> alts = pd.DataFrame({"c1": [0.8, 0.2], "c2": [0.25, 0.75]}, index=["x", "y"])
    >>> out = ahp_synthesis(pd.Series({"c1": 0.5, "c2": 0.5}), alts)
    >>> out["prioritas_global"].round(6).tolist()
    [0.525, 0.475]
    """
    if mode not in ("distributive", "ideal"):
        raise ValueError(f"mode sintesis '{mode}' tidak dikenal; pilihan: distributive, ideal")
    w = criteria.weights if isinstance(criteria, AHPResult) else pd.Series(criteria)
    w = w.astype("float64")
    local = _local_table(alternatives)
    if set(w.index) != set(local.columns):
        raise ValueError(f"kriteria tidak cocok: bobot {sorted(map(str, w.index))}, "
                         f"prioritas lokal {sorted(map(str, local.columns))}")
    local = local[list(w.index)]
    values = local.to_numpy()
    if np.isnan(values).any() or (values < 0).any() or w.isna().any() or (w < 0).any():
        raise ValueError("prioritas harus lengkap dan tidak negatif")
    if mode == "distributive":
        scaled = values / values.sum(axis=0, keepdims=True)
    else:
        scaled = values / values.max(axis=0, keepdims=True)
    contrib = scaled * (w / w.sum()).to_numpy()[None, :]
    total = contrib.sum(axis=1)
    out = pd.DataFrame(contrib / total.sum(), index=local.index, columns=local.columns)
    out["prioritas_global"] = total / total.sum()
    return out
