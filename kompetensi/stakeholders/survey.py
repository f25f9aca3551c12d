"""The AHP questionnaire workflow: respondents' judgments to group priorities.

From the processed ``pemangku`` table (one row per respondent and pair: ``responden,
kelompok, kriteria_a, kriteria_b, nilai``) to one matrix per respondent, consistency flags,
group priorities with and without inconsistent respondents, bootstrap intervals and the
agreement between groups. The matrix computations are in :mod:`kompetensi.stakeholders`.

Conventions
-----------
- A missing or duplicated judgment makes the respondent's matrix *incomplete*: it is listed in
  ``Judgments.masalah`` and left out of every priority (never imputed).
- Group priorities are the aggregation of individual judgments (AIJ, element-wise geometric
  mean, Forman & Peniwati 1998). The overall row ``semua`` gives each group equal weight by
  default (``group_weighting="equal"``), or each respondent (``"respondents"``).
- Intervals: nonparametric percentile bootstrap, respondents resampled with replacement
  within each group (stratified; Efron & Tibshirani 1993, ch. 13).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.stakeholders.pairwise import (
    CR_THRESHOLD,
    DEFAULT_RANDOM_INDEX,
    aggregate_judgments,
    consistency,
    principal_eigen,
)

OVERALL = "semua"
COLUMNS = ("responden", "kelompok", "kriteria_a", "kriteria_b", "nilai")


@dataclass(frozen=True)
class Judgments:
    """Every respondent's pairwise-comparison matrix (see :func:`judgment_matrices`).

    Attributes
    ----------
    array : ndarray (respondents, n, n)
        Matrices; NaN where a judgment is missing or duplicated.
    respondents : Index
        Respondent codes (sorted), in the order of ``array``.
    kelompok : Series
        Group of each respondent.
    criteria : tuple of str
    masalah : DataFrame
        ``responden, kelompok, kriteria_a, kriteria_b, masalah`` (``kosong``: not answered;
        ``ganda``: answered more than once) for every pair of an incomplete matrix.
    """

    array: np.ndarray
    respondents: pd.Index
    kelompok: pd.Series
    criteria: tuple[str, ...]
    masalah: pd.DataFrame

    @property
    def complete(self) -> pd.Series:
        """True for respondents whose matrix has every judgment."""
        return pd.Series(~np.isnan(self.array).any(axis=(1, 2)), index=self.respondents)

    def matrix(self, responden: str) -> pd.DataFrame:
        """One respondent's matrix as a labelled DataFrame (NaN where missing)."""
        k = self.respondents.get_loc(responden)
        return pd.DataFrame(self.array[k], index=list(self.criteria), columns=list(self.criteria))


def judgment_matrices(table: pd.DataFrame, criteria: Iterable[str] | None = None) -> Judgments:
    """Build one reciprocal matrix per respondent from long pairwise judgments.

    Parameters
    ----------
    table : DataFrame
        ``responden, kelompok, kriteria_a, kriteria_b, nilai`` (Saaty value of a over b), as
        the processed ``pemangku`` table. A pair may be asked either way round.
    criteria : iterable of str, optional
        Criteria and their order; default the order of first appearance in the table.

    Returns
    -------
    Judgments

    Raises
    ------
    ValueError
        Missing columns, a criterion outside ``criteria``, a criterion compared with itself,
        a value that is not positive, a respondent in two groups.

    Examples
    --------
    >>> t = pd.DataFrame({"responden": ["R1", "R1", "R1", "R2", "R2"], "kelompok": "x",
    ...                   "kriteria_a": ["a", "a", "b", "a", "a"],
    ...                   "kriteria_b": ["b", "c", "c", "b", "c"],
    ...                   "nilai": [2.0, 4.0, 2.0, 3.0, 1.0]})
    >>> j = judgment_matrices(t)
    >>> j.complete.tolist(), j.masalah[["responden", "kriteria_a", "kriteria_b"]].values.tolist()
    ([True, False], [['R2', 'b', 'c']])
    """
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"kolom tidak ada: {', '.join(missing)}")
    resp = table["responden"].astype("string").str.strip()
    a = table["kriteria_a"].astype("string").str.strip()
    b = table["kriteria_b"].astype("string").str.strip()
    value = pd.to_numeric(table["nilai"], errors="coerce").astype("float64")
    if criteria is None:
        criteria = pd.unique(np.column_stack([a.to_numpy(), b.to_numpy()]).ravel())
    crit = pd.Index([str(c) for c in criteria])
    i, j = crit.get_indexer(a), crit.get_indexer(b)
    if (i < 0).any() or (j < 0).any():
        unknown = sorted(set(a[i < 0]) | set(b[j < 0]))
        raise ValueError(f"kriteria tidak dikenal: {', '.join(map(str, unknown))}")
    if (i == j).any():
        raise ValueError(f"kriteria dibandingkan dengan dirinya sendiri: {a[i == j].iloc[0]}")
    if (value <= 0).any():
        raise ValueError("nilai perbandingan harus positif (skala Saaty 1/9 … 9)")
    groups = table["kelompok"].astype("string").groupby(resp).agg(["nunique", "first"])
    if (groups["nunique"] > 1).any():
        raise ValueError("responden tercatat di lebih dari satu kelompok: "
                         f"{', '.join(groups.index[groups['nunique'] > 1])}")
    respondents = pd.Index(sorted(groups.index), name="responden")
    r = respondents.get_indexer(resp)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    v = np.where(i < j, value, 1.0 / value)  # oriented as lo over hi
    dup = pd.DataFrame({"r": r, "lo": lo, "hi": hi}).duplicated(keep=False).to_numpy()
    n = len(crit)
    arr = np.full((len(respondents), n, n), np.nan)
    arr[:, np.arange(n), np.arange(n)] = 1.0
    ok = ~dup & ~np.isnan(v)
    arr[r[ok], lo[ok], hi[ok]] = v[ok]
    arr[r[ok], hi[ok], lo[ok]] = 1.0 / v[ok]
    iu, ju = np.triu_indices(n, 1)
    rr, pp = np.nonzero(np.isnan(arr[:, iu, ju]))
    kelompok = groups["first"].reindex(respondents).rename("kelompok")
    masalah = pd.DataFrame({"responden": respondents[rr], "kelompok": kelompok.iloc[rr].values,
                            "kriteria_a": crit[iu[pp]], "kriteria_b": crit[ju[pp]],
                            "masalah": "kosong"})
    dup_keys = set(zip(r[dup], lo[dup], hi[dup], strict=True))
    is_dup = [(x, iu[p], ju[p]) in dup_keys for x, p in zip(rr, pp, strict=True)]
    masalah.loc[is_dup, "masalah"] = "ganda"
    return Judgments(arr, respondents, kelompok, tuple(crit), masalah)


def respondent_consistency(judgments: Judgments,
                           random_index_table: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX,
                           threshold: float = CR_THRESHOLD) -> pd.DataFrame:
    """Priorities and consistency ratio of every respondent.

    Returns
    -------
    DataFrame
        Indexed by ``responden``: ``kelompok``, ``lengkap``, ``pasangan_bermasalah``,
        ``lambda_maks``, ``ci``, ``cr``, ``konsisten`` (CR <= ``threshold``; <NA> when the
        matrix is incomplete) and one column of priorities per criterion (NaN when
        incomplete).

    Notes
    -----
    ``ci`` and ``cr`` are never negative: rounding below 0 gives +0.0, never -0.0
    (:func:`kompetensi.stakeholders.consistency`); NaN stays NaN for incomplete matrices.

    Examples
    --------
    >>> t = pd.DataFrame({"responden": "R1", "kelompok": "x", "kriteria_a": ["a", "a", "b"],
    ...                   "kriteria_b": ["b", "c", "c"], "nilai": [2.0, 4.0, 2.0]})
    >>> respondent_consistency(judgment_matrices(t))[["cr", "konsisten"]].round(6).values.tolist()
    [[0.0, True]]
    """
    j = judgments
    n = len(j.criteria)
    complete = j.complete.to_numpy()
    weights = np.full((len(j.respondents), n), np.nan)
    lam = np.full(len(j.respondents), np.nan)
    if complete.any():
        weights[complete], lam[complete] = principal_eigen(j.array[complete])
    ci, _ri, cr = consistency(lam, n, random_index_table)  # >= +0.0; NaN when incomplete
    if n <= 2:
        ci = cr = np.where(complete, 0.0, np.nan)
    out = pd.DataFrame({
        "kelompok": j.kelompok,
        "lengkap": complete,
        "pasangan_bermasalah": j.masalah.groupby("responden").size()
        .reindex(j.respondents, fill_value=0).to_numpy(),
        "lambda_maks": np.where(n > 2, lam, np.where(complete, float(n), np.nan)),
        "ci": ci, "cr": cr,
        "konsisten": pd.array(np.where(complete, cr <= threshold, pd.NA), dtype="boolean"),
    }, index=j.respondents)
    return out.join(pd.DataFrame(weights, index=j.respondents, columns=list(j.criteria)))


def _selection(judgments: Judgments, respondents: Iterable[str] | None) -> np.ndarray:
    complete = judgments.complete
    if respondents is None:
        return complete.to_numpy()
    chosen = judgments.respondents.isin(list(respondents))
    bad = judgments.respondents[chosen & ~complete.to_numpy()]
    if len(bad):
        raise ValueError(f"matriks responden tidak lengkap: {', '.join(bad)}; keluarkan atau "
                         "lengkapi dulu (penilaian kosong tidak diisi otomatis)")
    return chosen


def _group_weights(sizes: pd.Series, group_weighting: str) -> pd.Series:
    if group_weighting == "equal":  # every group counts the same, split among its members
        return 1.0 / (len(sizes) * sizes)
    if group_weighting == "respondents":
        return pd.Series(1.0 / sizes.sum(), index=sizes.index)
    raise ValueError(f"group_weighting '{group_weighting}' tidak dikenal: equal, respondents")


def group_priorities(judgments: Judgments, respondents: Iterable[str] | None = None, *,
                     group_weighting: str = "equal",
                     random_index_table: str | Mapping[int, float] = DEFAULT_RANDOM_INDEX,
                     ) -> pd.DataFrame:
    """AIJ priorities of each group and overall (``semua``).

    Parameters
    ----------
    judgments : Judgments
    respondents : iterable of str, optional
        Respondents to include (e.g. only the consistent ones); default every complete one.
    group_weighting : {"equal", "respondents"}
        Weight of the groups in ``semua``: equal per group, or proportional to its size.
    random_index_table : str or mapping
        For the CR of the aggregated matrices.

    Returns
    -------
    DataFrame
        Indexed by ``kelompok`` (groups sorted, then ``semua``): ``n_responden``, ``cr`` of the
        aggregated matrix, one column of priorities per criterion.
    """
    keep = _selection(judgments, respondents)
    groups = judgments.kelompok[keep]
    sizes = groups.value_counts().sort_index()
    per_resp = groups.map(_group_weights(sizes, group_weighting)).to_numpy()
    rows = {}
    parts = [(g, (groups == g).to_numpy(), None) for g in sizes.index]
    for label, mask, w in parts + [(OVERALL, np.ones(len(groups), bool), per_resp)]:
        agg = aggregate_judgments(list(judgments.array[keep][mask]), "geometric",
                                  weights=w, random_index=random_index_table)
        rows[label] = {"n_responden": int(mask.sum()), "cr": agg.consistency.cr,
                       **dict(zip(judgments.criteria, agg.weights.to_numpy(), strict=True))}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "kelompok"
    return out


def group_weights(priorities: pd.DataFrame, group: str, criteria: Iterable[str],
                  k: int = config.SUPPRESSION_K, digits: int = 4) -> dict[str, float] | None:
    """One group's priorities as ``{criterion: weight}`` for the headline results.

    Parameters
    ----------
    priorities : DataFrame
        :func:`group_priorities`.
    group : str
        A group, or ``semua``.
    criteria : iterable of str
    k : int
        Smallest publishable group: None for a group of fewer respondents (or absent).
    digits : int
        Decimals of the weights.

    Returns
    -------
    dict or None

    Examples
    --------
    >>> p = pd.DataFrame({"n_responden": [6, 2], "a": [0.123456, 0.5], "b": [0.876544, 0.5]},
    ...                  index=["x", "y"])
    >>> group_weights(p, "x", ["a", "b"]), group_weights(p, "y", ["a"]), group_weights(p, "z", [])
    ({'a': 0.1235, 'b': 0.8765}, None, None)
    """
    if group not in priorities.index or priorities.loc[group, "n_responden"] < k:
        return None
    return {c: round(float(priorities.loc[group, c]), digits) for c in criteria}
