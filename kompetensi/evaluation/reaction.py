"""Reaction (Kirkpatrick level 1) and behaviour-survey tables: items, scales, reliability.

Pure table builders on top of :mod:`kompetensi.evaluation.survey` (items, scores) and
:mod:`kompetensi.evaluation.reliability` (alpha): DataFrames in, DataFrames out. Hiding rows
of fewer than k people is left to the publisher (``privacy.disclosure.mask_small_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.evaluation.learning import mean_ci
from kompetensi.evaluation.reliability import Alpha, cronbach_alpha, item_analysis
from kompetensi.evaluation.survey import (
    dimensions,
    likert_distribution,
    prepare_items,
    scale_scores,
)


def _negative(codebook: pd.DataFrame) -> pd.Series:
    return codebook.set_index("butir")["terbalik"].astype(str) == "1"


def item_table(items: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Per item: dimension, text, reversed or not, n, mean, sd and share of 4-5 answers.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, reverse-worded items already reversed
        (:func:`~kompetensi.evaluation.survey.prepare_items`).
    codebook : DataFrame
        ``butir``, ``dimensi``, ``teks``, ``terbalik`` ("0"/"1").

    Returns
    -------
    DataFrame
        Indexed by ``butir``: ``dimensi``, ``teks``, ``terbalik`` ("ya"/"tidak"), ``n``,
        ``rerata`` and ``sd`` (2 decimals), ``persen_positif`` (answers 4 or 5, 0-100,
        1 decimal).

    Examples
    --------
    >>> book = pd.DataFrame({"butir": ["R1", "R2"], "dimensi": "Materi", "teks": ["a", "b"],
    ...                      "terbalik": ["0", "1"]})
    >>> items = pd.DataFrame({"R1": [4.0, 5.0, 2.0], "R2": [3.0, 4.0, None]})
    >>> item_table(items, book)[["terbalik", "n", "rerata", "persen_positif"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          terbalik  n  rerata  persen_positif
    butir
    R1       tidak  3    3.67            66.7
    R2          ya  2    3.50            50.0
    """
    book = codebook.set_index("butir")
    dist = likert_distribution(items)
    return pd.DataFrame(
        {
            "dimensi": book["dimensi"],
            "teks": book["teks"],
            "terbalik": np.where(book["terbalik"].astype(str) == "1", "ya", "tidak"),
            "n": items.notna().sum(),
            "rerata": items.mean().round(2),
            "sd": items.std().round(2),
            "persen_positif": (100 * (dist[4] + dist[5])).round(1),
        }
    ).rename_axis("butir")


def item_labels(codebook: pd.DataFrame, items: Iterable[str], width: int = 55) -> list[str]:
    """Axis labels ``"<butir> [(−) ]<text cut at width>…"``; (−) marks reverse-worded items.

    Examples
    --------
    >>> book = pd.DataFrame({"butir": ["R1", "R2"], "teks": ["Materi jelas", "x" * 60],
    ...                      "terbalik": ["0", "1"]})
    >>> item_labels(book, ["R1", "R2"], width=5)
    ['R1 Mater…', 'R2 (−) xxxxx…']
    """
    text = codebook.set_index("butir")["teks"]
    negative = _negative(codebook)
    return [f"{b} {'(−) ' if negative[b] else ''}{text[b][:width]}"
            + ("…" if len(text[b]) > width else "") for b in items]


@dataclass(frozen=True)
class Scales:
    """Scale scores of respondents and their reliability (see :func:`scale_table`)."""

    table: pd.DataFrame
    alphas: dict[str, Alpha]


def _scale_row(items: pd.DataFrame, scores: pd.Series) -> tuple[dict, Alpha]:
    a = cronbach_alpha(items)
    mean, low, high = mean_ci(scores)
    return {"butir": items.shape[1], "n": a.n_respondents, "rerata_skor": mean, "ik_bawah": low,
            "ik_atas": high, "alpha": a.alpha, "alpha_ik_bawah": a.ci_low,
            "alpha_ik_atas": a.ci_high}, a


def scale_table(items: pd.DataFrame, scores: pd.DataFrame, scales: Mapping[str, Sequence[str]],
                raters: pd.Series | None = None) -> Scales:
    """Mean score (95% t interval) and Cronbach's alpha (Feldt interval) of every scale.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, reversed where needed.
    scores : DataFrame
        Respondents x scales (:func:`~kompetensi.evaluation.survey.scale_scores`).
    scales : mapping
        ``{scale: [items]}``.
    raters : Series, optional
        Rater type per respondent (index as ``items``; ``diri``/``atasan``): then one row per
        rater (in the order ``diri``, ``atasan``) and scale, indexed ``(penilai, skala)``;
        otherwise one row per scale, indexed ``dimensi``.

    Returns
    -------
    Scales
        ``table`` (columns ``butir``, ``n``, ``rerata_skor``, ``ik_bawah``, ``ik_atas``,
        ``alpha``, ``alpha_ik_bawah``, ``alpha_ik_atas``; rounded to 3 decimals) and
        ``alphas`` (``{scale: Alpha}``, without raters only).

    Examples
    --------
    >>> items = pd.DataFrame({"R1": [1.0, 2, 3, 4, 5], "R2": [2.0, 2, 3, 5, 5]})
    >>> res = scale_table(items, items.mean(axis=1).to_frame("A"), {"A": ["R1", "R2"]})
    >>> res.table.loc["A", ["n", "rerata_skor"]].tolist(), round(res.alphas["A"].alpha, 3)
    ([5.0, 3.2], 0.968)
    """
    rows, alphas = [], {}
    if raters is None:
        for dim, cols in scales.items():
            row, alphas[dim] = _scale_row(items[cols], scores[dim])
            rows.append({"dimensi": dim, **row})
        return Scales(pd.DataFrame(rows).set_index("dimensi").round(3), alphas)
    for rater in ("diri", "atasan"):
        who = raters.index[raters == rater]
        for dim, cols in scales.items():
            row, _ = _scale_row(items.loc[who, cols], scores.loc[who, dim])
            rows.append({"penilai": rater, "skala": dim, **row})
    return Scales(pd.DataFrame(rows).set_index(["penilai", "skala"]).round(3), alphas)


def item_review(items: pd.DataFrame, scales: Mapping[str, Sequence[str]],
                alphas: Mapping[str, Alpha], r_min: float = 0.30) -> pd.DataFrame:
    """Item analysis per dimension with a note on items to review.

    Parameters
    ----------
    items : DataFrame
        Respondents x items, reversed where needed.
    scales : mapping
        ``{dimension: [items]}``.
    alphas : mapping
        ``{dimension: Alpha}`` of the whole dimension (:func:`scale_table`).
    r_min : float
        Corrected item-total correlation below which an item is noted.

    Returns
    -------
    DataFrame
        :func:`~kompetensi.evaluation.reliability.item_analysis` rows with ``dimensi`` first,
        then ``alpha_dimensi`` and ``catatan`` ("korelasi butir-total rendah", "alpha naik
        bila dihapus", both joined by "; ", or ""); rounded to 3 decimals.

    Examples
    --------
    >>> items = pd.DataFrame({"R1": [1.0, 2, 3, 4, 5], "R2": [1.0, 2, 3, 5, 4],
    ...                       "R3": [3.0, 1, 4, 2, 3]})
    >>> scales = {"A": ["R1", "R2", "R3"]}
    >>> review = item_review(items, scales, {"A": cronbach_alpha(items)})
    >>> review["catatan"].tolist()
    ['', '', 'korelasi butir-total rendah; alpha naik bila dihapus']
    """
    parts = []
    for dim, cols in scales.items():
        part = item_analysis(items[list(cols)])
        part.insert(0, "dimensi", dim)
        part["alpha_dimensi"] = alphas[dim].alpha
        parts.append(part)
    review = pd.concat(parts)
    note = pd.Series("", index=review.index)
    note = note.mask(review["r_butir_total"] < r_min, "korelasi butir-total rendah")
    rises = review["alpha_jika_dihapus"] > review["alpha_dimensi"]
    note = note.mask(rises, (note + "; ").str.lstrip("; ") + "alpha naik bila dihapus")
    review["catatan"] = note
    return review.round(3)


@dataclass(frozen=True)
class Reaction:
    """The reaction survey of one programme, ready for the tables (see :func:`reaction_survey`)."""

    codebook: pd.DataFrame
    items: pd.DataFrame
    as_given: pd.DataFrame
    dimensions: dict[str, list[str]]
    scores: pd.DataFrame
    scales: Scales

    def item_table(self) -> pd.DataFrame:
        """:func:`item_table` of the (reversed) items."""
        return item_table(self.items, self.codebook)

    def item_review(self, r_min: float = 0.30) -> pd.DataFrame:
        """:func:`item_review` of the dimensions, against their alpha."""
        return item_review(self.items, self.dimensions, self.scales.alphas, r_min=r_min)


def reaction_survey(long: pd.DataFrame, codebook: pd.DataFrame, min_share: float = 0.5) -> Reaction:
    """Items (reversed and as answered), dimensions, scores and reliability of a reaction survey.

    Parameters
    ----------
    long : DataFrame
        ``responden``, ``butir``, ``skor`` (one programme's ``survei_reaksi``).
    codebook : DataFrame
        ``butir``, ``dimensi``, ``teks``, ``terbalik``.
    min_share : float
        A dimension score needs at least this share of its items answered.

    Returns
    -------
    Reaction
        ``items`` (reverse-worded items reversed), ``as_given`` (answers as given),
        ``dimensions``, ``scores`` (per respondent and dimension) and ``scales``
        (:func:`scale_table`).

    Examples
    --------
    >>> long = pd.DataFrame({"responden": [1, 1, 2, 2, 3, 3], "butir": ["R1", "R2"] * 3,
    ...                      "skor": [5, 1, 4, 2, 2, 4]})
    >>> book = pd.DataFrame({"butir": ["R1", "R2"], "dimensi": "Materi", "teks": ["a", "b"],
    ...                      "terbalik": ["0", "1"]})
    >>> rx = reaction_survey(long, book)
    >>> rx.items["R2"].tolist(), rx.as_given["R2"].tolist(), rx.scores["Materi"].tolist()
    ([5.0, 4.0, 2.0], [1.0, 2.0, 4.0], [5.0, 4.0, 2.0])
    >>> round(rx.scales.alphas["Materi"].alpha, 3), rx.item_table()["rerata"].tolist()
    (1.0, [3.67, 3.67])
    >>> rx.item_review(r_min=0.3)["catatan"].tolist()
    ['', '']
    """
    items = prepare_items(long, codebook)
    dims = dimensions(codebook)
    scores = scale_scores(items, dims, min_share=min_share)
    return Reaction(codebook, items, prepare_items(long, codebook, reverse=False), dims, scores,
                    scale_table(items, scores, dims))
