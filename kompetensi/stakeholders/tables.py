"""The published tables of notebook 06, from the results of :mod:`~kompetensi.stakeholders.survey`.

Each function takes DataFrames (respondents' consistency, group priorities, bootstrap
summaries) and returns the table as published, with the values computed from fewer than ``k``
people blanked (:func:`~kompetensi.privacy.disclosure.mask_rows`). No file I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kompetensi.core import config
from kompetensi.privacy.disclosure import mask_rows, suppress_small_cells
from kompetensi.stakeholders.consistency import random_index_tables
from kompetensi.stakeholders.survey import OVERALL, group_weights

K = config.SUPPRESSION_K


def random_index_entry(table: str, n: int) -> tuple[float, str]:
    """RI(n) of a random-index table and its source, without the closing remark in brackets.

    Examples
    --------
    >>> ri, source = random_index_entry("saaty1980", 5)
    >>> ri, source.endswith(")")
    (1.12, False)
    """
    tables = random_index_tables()
    row = tables[(tables.tabel == table) & (tables.n == n)]
    return float(row.ri.iloc[0]), re.sub(r"\s*\([^()]*\)$", "", row.sumber.iloc[0])


def consistent(consistency: pd.DataFrame) -> pd.Series:
    """True for respondents with a complete and consistent matrix (``konsisten`` is True)."""
    return consistency["konsisten"].eq(True).fillna(False).astype(bool)


def inconsistent(consistency: pd.DataFrame) -> pd.Series:
    """True for respondents with a complete matrix above the CR threshold.

    Examples
    --------
    >>> c = pd.DataFrame({"konsisten": pd.array([True, False, pd.NA], dtype="boolean")})
    >>> inconsistent(c).tolist(), consistent(c).tolist()
    ([False, True, False], [True, False, False])
    """
    return consistency["konsisten"].eq(False).fillna(False).astype(bool)


def consistency_table(consistency: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """Completeness and consistency per group and overall (``semua``), as published.

    Parameters
    ----------
    consistency : DataFrame
        :func:`~kompetensi.stakeholders.survey.respondent_consistency`.
    k : int
        Smallest publishable number of respondents: shares and CR of smaller groups are
        blanked, and counts of 1 … k-1 suppressed.

    Returns
    -------
    DataFrame
        Indexed by ``kelompok``: ``responden``, ``persen_lengkap``, ``persen_konsisten``
        (of the complete matrices; 0-100, 1 decimal), ``cr_median``, ``cr_maks`` (3 decimals).

    Examples
    --------
    >>> c = pd.DataFrame({"kelompok": ["a"] * 5 + ["b"] * 2, "lengkap": [True] * 6 + [False],
    ...                   "konsisten": pd.array([True] * 4 + [False, True, pd.NA], "boolean"),
    ...                   "cr": [0.01, 0.02, 0.03, 0.04, 0.2, 0.05, float("nan")]})
    >>> t = consistency_table(c, k=5)
    >>> float(t.loc["a", "persen_konsisten"]), float(t.loc["semua", "persen_lengkap"])
    (80.0, 85.7)
    >>> t.loc["b"].isna().tolist()  # 2 respondents: nothing published
    [True, True, True, True, True]
    """
    table = (consistency.groupby("kelompok")
             .agg(responden=("lengkap", "size"), persen_lengkap=("lengkap", "mean"),
                  persen_konsisten=("konsisten", "mean"), cr_median=("cr", "median"),
                  cr_maks=("cr", "max")))
    overall = pd.DataFrame({
        "responden": [len(consistency)], "persen_lengkap": [consistency.lengkap.mean()],
        "persen_konsisten": [consistency.konsisten.astype("Float64").mean()],
        "cr_median": [consistency.cr.median()], "cr_maks": [consistency.cr.max()],
    }, index=pd.Index([OVERALL], name="kelompok"))
    table = pd.concat([table, overall])
    shares, crs = ["persen_lengkap", "persen_konsisten"], ["cr_median", "cr_maks"]
    table[shares] = (100 * table[shares].astype("float64")).round(1)
    table[crs] = table[crs].astype("float64").round(3)
    table = mask_rows(table, table.responden < k, shares + crs)  # shares of < k people
    return suppress_small_cells(table, k, columns=["responden"])


def problem_pairs(problems: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """Respondents per group and pair left empty (``kosong``) or answered twice (``ganda``).

    Examples
    --------
    >>> m = pd.DataFrame({"responden": ["R1", "R2"], "kelompok": "x", "kriteria_a": "a",
    ...                   "kriteria_b": "b", "masalah": "kosong"})
    >>> problem_pairs(m, k=1)["jumlah_responden"].tolist(), problem_pairs(m)["jumlah_responden"].tolist()
    ([2], [<NA>])
    """
    pairs = (problems.groupby(["kelompok", "kriteria_a", "kriteria_b", "masalah"])
             .size().rename("jumlah_responden").reset_index())
    return suppress_small_cells(pairs, k, columns=["jumlah_responden"]).set_index("kelompok")


def follow_up(consistency: pd.DataFrame) -> pd.DataFrame:
    """Respondents to contact again (inconsistent or incomplete): for the survey team only."""
    rows = inconsistent(consistency) | ~consistency.lengkap
    return consistency.loc[rows, ["kelompok", "lengkap", "pasangan_bermasalah", "cr"]].round(3)


def weight_rows(summary: pd.DataFrame, priorities: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """Bootstrap summary of the group priorities with group size and rank, groups of < k blanked.

    Parameters
    ----------
    summary : DataFrame
        ``Bootstrap.ringkasan`` (``kelompok, kriteria, bobot, se, bawah, atas``).
    priorities : DataFrame
        :func:`~kompetensi.stakeholders.survey.group_priorities` (for ``n_responden`` and
        the order of the groups).
    k : int
        Smallest publishable group.

    Returns
    -------
    DataFrame
        ``summary`` with ``n_responden`` and ``peringkat`` (1 = highest weight in the group),
        sorted by group (order of ``priorities``) and rank.

    Examples
    --------
    >>> s = pd.DataFrame({"kelompok": ["x", "x", "semua", "semua"], "kriteria": ["a", "b"] * 2,
    ...                   "bobot": [0.3, 0.7, 0.4, 0.6], "se": 0.1, "bawah": 0.0, "atas": 1.0})
    >>> p = pd.DataFrame({"n_responden": [3, 8]}, index=["semua", "x"])
    >>> weight_rows(s, p, k=3)[["kelompok", "kriteria", "peringkat"]].values.tolist()
    [['semua', 'b', 1], ['semua', 'a', 2], ['x', 'b', 1], ['x', 'a', 2]]
    >>> weight_rows(s, p, k=5)["bobot"].tolist()  # 'semua' of 3 respondents: blanked
    [<NA>, <NA>, 0.7, 0.3]
    """
    rows = summary.merge(priorities[["n_responden"]], left_on="kelompok", right_index=True)
    rows["peringkat"] = rows.groupby("kelompok")["bobot"].rank(ascending=False).astype(int)
    rows = mask_rows(rows, rows.n_responden < k, ["bobot", "se", "bawah", "atas", "peringkat"])
    order = {g: i for i, g in enumerate(list(priorities.index))}
    return rows.sort_values(["kelompok", "peringkat"],
                            key=lambda s: s.map(order) if s.name == "kelompok" else s)


def weights_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The published weights: :func:`weight_rows` indexed, ``bobot, bawah, atas`` to 3 decimals."""
    return rows.set_index(["kelompok", "n_responden", "peringkat", "kriteria"])[
        ["bobot", "bawah", "atas"]].round(3)


@dataclass(frozen=True)
class Sensitivity:
    """Weights without and with the inconsistent respondents (see :func:`sensitivity`).

    Attributes
    ----------
    table : DataFrame
        Published: indexed by ``kelompok, kriteria``; ``n_tanpa, tanpa, n_dengan, dengan,
        selisih`` (3 decimals, blanked for groups of fewer than k).
    max_difference : float
        Largest ``|dengan - tanpa|`` (unrounded).
    median_width : float
        Median width of the bootstrap intervals of the main weights.
    same_order : bool
        Every group orders the criteria the same way with and without them.
    """

    table: pd.DataFrame
    max_difference: float
    median_width: float
    same_order: bool


def sensitivity(without: pd.DataFrame, with_: pd.DataFrame, rows: pd.DataFrame,
                criteria: Sequence[str], k: int = K) -> Sensitivity:
    """Compare the group priorities without and with the inconsistent respondents.

    Parameters
    ----------
    without, with_ : DataFrame
        :func:`~kompetensi.stakeholders.survey.group_priorities` of the consistent, and of
        every complete, respondent.
    rows : DataFrame
        :func:`weight_rows` of the main result (for the widths of the intervals).
    criteria : sequence of str
    k : int
        Smallest publishable group.

    Returns
    -------
    Sensitivity

    Examples
    --------
    >>> a = pd.DataFrame({"n_responden": [6], "p": [0.6], "q": [0.4]}, index=["x"])
    >>> b = pd.DataFrame({"n_responden": [7], "p": [0.45], "q": [0.55]}, index=["x"])
    >>> r = pd.DataFrame({"bawah": [0.5, 0.3], "atas": [0.7, 0.6]})
    >>> s = sensitivity(a, b, r, ["p", "q"])
    >>> round(float(s.max_difference), 6), round(s.median_width, 6), s.same_order
    (0.15, 0.25, False)
    """
    criteria = list(criteria)
    table = pd.concat({"tanpa": without[criteria].stack(), "dengan": with_[criteria].stack()},
                      axis=1).rename_axis(["kelompok", "kriteria"]).reset_index()
    table = table.merge(without.n_responden.rename("n_tanpa"), left_on="kelompok",
                        right_index=True).merge(with_.n_responden.rename("n_dengan"),
                                                left_on="kelompok", right_index=True)
    table["selisih"] = table.dengan - table.tanpa
    table = mask_rows(table, table.n_tanpa < k, ["tanpa", "selisih"])
    table = mask_rows(table, table.n_dengan < k, ["dengan", "selisih"])
    same = all(
        list(without.loc[g, criteria].astype(float).sort_values(ascending=False).index)
        == list(with_.loc[g, criteria].astype(float).sort_values(ascending=False).index)
        for g in without.index if g in with_.index)
    published = table.set_index(["kelompok", "kriteria"])[
        ["n_tanpa", "tanpa", "n_dengan", "dengan", "selisih"]].round(3)
    return Sensitivity(published, table.selisih.abs().max(),
                       float((rows.atas - rows.bawah).median()), same)


def publishable_groups(priorities: pd.DataFrame, criteria: Sequence[str],
                       k: int = K) -> pd.DataFrame:
    """Priorities of the groups (not ``semua``) of at least ``k`` respondents, criteria only.

    Examples
    --------
    >>> p = pd.DataFrame({"n_responden": [6, 2, 8], "a": [0.5, 0.2, 0.4]},
    ...                  index=["x", "y", "semua"])
    >>> publishable_groups(p, ["a"]).to_dict()
    {'a': {'x': 0.5}}
    """
    groups = priorities.drop(index=OVERALL)
    return groups[groups.n_responden >= k][list(criteria)]


def rank_table(weights: pd.DataFrame) -> pd.DataFrame:
    """Rank of each criterion (rows) in each group (columns, capitalized); 1 = highest weight.

    Examples
    --------
    >>> rank_table(pd.DataFrame({"a": [0.6], "b": [0.4]}, index=["akademisi"])).to_dict()
    {'Akademisi': {'a': 1, 'b': 2}}
    """
    ranks = weights.rank(axis=1, ascending=False).T.astype(int)
    ranks.columns = [g.capitalize() for g in ranks.columns]
    ranks.index.name = "kriteria"
    return ranks


def difference_rows(differences: pd.DataFrame, priorities: pd.DataFrame,
                    k: int = K) -> pd.DataFrame:
    """``Bootstrap.perbedaan`` with ``n_responden``; groups of fewer than ``k`` blanked.

    Examples
    --------
    >>> d = pd.DataFrame({"kelompok": ["x", "y"], "kriteria": "a", "selisih": [0.1, -0.1],
    ...                   "bawah": [0.0, -0.2], "atas": [0.2, 0.0], "berbeda": False})
    >>> p = pd.DataFrame({"n_responden": [6, 3]}, index=["x", "y"])
    >>> difference_rows(d, p)["selisih"].isna().tolist()
    [False, True]
    """
    rows = differences.merge(priorities[["n_responden"]], left_on="kelompok", right_index=True)
    return mask_rows(rows, rows.n_responden < k, ["selisih", "bawah", "atas", "berbeda"])


def differences_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The published differences: :func:`difference_rows` indexed by group and criterion."""
    return rows.set_index(["kelompok", "kriteria"])[["selisih", "bawah", "atas", "berbeda"]
                                                     ].round(3)


def headline_results(consistency: pd.DataFrame, priorities: pd.DataFrame,
                     criteria: Sequence[str], k: int = K) -> dict[str, Any]:
    """The headline numbers of notebook 06 (``hasil``) from the main results.

    Returns
    -------
    dict
        ``n_responden``, ``n_responden_analisis``, ``persen_tidak_lengkap``,
        ``persen_tidak_konsisten`` (of the complete matrices; 1 decimal), ``bobot_semua``,
        ``bobot_per_kelompok`` (:func:`~kompetensi.stakeholders.survey.group_weights`) and
        ``prioritas_teratas`` (the criterion of highest weight of every group of ``k`` or more).

    Examples
    --------
    >>> c = pd.DataFrame({"lengkap": [True, True, True, False],
    ...                   "konsisten": pd.array([True, True, False, pd.NA], "boolean")})
    >>> p = pd.DataFrame({"n_responden": [6, 2, 8], "a": [0.7, 0.2, 0.4], "b": [0.3, 0.8, 0.6]},
    ...                  index=["x", "y", "semua"])
    >>> h = headline_results(c, p, ["a", "b"])
    >>> h["persen_tidak_lengkap"], h["persen_tidak_konsisten"], h["prioritas_teratas"]
    (25.0, 33.3, {'x': 'a', 'semua': 'b'})
    """
    criteria = list(criteria)
    groups = [g for g in priorities.index if g != OVERALL]
    return {
        "n_responden": int(len(consistency)),
        "n_responden_analisis": int(priorities.loc[OVERALL, "n_responden"]),
        "persen_tidak_lengkap": round(100 * float((~consistency.lengkap).mean()), 1),
        "persen_tidak_konsisten": round(100 * float(inconsistent(consistency).sum()
                                                    / consistency.lengkap.sum()), 1),
        "bobot_semua": group_weights(priorities, OVERALL, criteria, k),
        "bobot_per_kelompok": {g: group_weights(priorities, g, criteria, k) for g in groups},
        "prioritas_teratas": {g: priorities.loc[g, criteria].astype(float).idxmax()
                              for g in priorities.index if priorities.loc[g, "n_responden"] >= k},
    }
