"""Behaviour (Kirkpatrick level 3): scores by rater, self against supervisor, link to learning.

Tables from the processed ``survei_perilaku`` of one programme (one row per respondent and
item; ``penilai`` is ``diri`` or ``atasan``) and its test scores. Pure: DataFrames in,
DataFrames (or small frozen dataclasses) out; hiding small rows is for the publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kompetensi.core import config
from kompetensi.evaluation.learning import Correlation, correlation, mean_ci, paired_change
from kompetensi.evaluation.reaction import Scales, scale_table
from kompetensi.evaluation.survey import dimensions, prepare_items, scale_scores

RATERS = ("diri", "atasan")
AGREEMENT_COLUMNS = ["n", "rerata_diri", "rerata_atasan", "selisih_diri_atasan", "ik_bawah",
                     "ik_atas", "p_t", "r_diri_atasan", "r_ik_bawah", "r_ik_atas"]
TERTILES = ["sepertiga terendah", "sepertiga tengah", "sepertiga tertinggi"]


@dataclass(frozen=True)
class Behaviour:
    """Behaviour scores of one programme (see :func:`behaviour_scores`)."""

    scales: dict[str, list[str]]
    scores: pd.DataFrame
    summary: Scales

    @property
    def wide(self) -> pd.DataFrame:
        """One row per rated ``pid``; columns ``(scale, rater)``; two ratings by the same
        rater type are averaged (``pivot_table``: mean)."""
        return self.scores.pivot_table(index="pid", columns="penilai", values=list(self.scales))

    @property
    def agreement(self) -> pd.DataFrame:
        """:func:`agreement_table` of the scales, in their order (dimensions, then Total)."""
        return agreement_table(self.wide, list(self.scales))


def behaviour_scores(long: pd.DataFrame, codebook: pd.DataFrame,
                     min_share: float = 0.5) -> Behaviour:
    """Scores per respondent on each dimension and ``Total`` (all items), with reliability.

    Parameters
    ----------
    long : DataFrame
        ``responden``, ``pid``, ``penilai``, ``butir``, ``skor`` (one programme).
    codebook : DataFrame
        ``butir``, ``dimensi``, ``terbalik``.
    min_share : float
        A score needs at least this share of its items answered.

    Returns
    -------
    Behaviour
        ``scales`` ({scale: items}), ``scores`` (per respondent: ``pid``, ``penilai`` and one
        column per scale) and ``summary`` (:func:`~kompetensi.evaluation.reaction.scale_table`
        by rater).

    Examples
    --------
    >>> long = pd.DataFrame({"responden": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                      "pid": [7, 7, 8, 8, 7, 7, 8, 8],
    ...                      "penilai": ["diri"] * 4 + ["atasan"] * 4,
    ...                      "butir": ["B1", "B2"] * 4, "skor": [4, 2, 5, 1, 3, 3, 2, 5]})
    >>> book = pd.DataFrame({"butir": ["B1", "B2"], "dimensi": "Terap", "terbalik": ["0", "1"]})
    >>> res = behaviour_scores(long, book)
    >>> res.scores["Total"].tolist(), res.wide[("Total", "atasan")].tolist()
    ([4.0, 5.0, 3.0, 1.5], [3.0, 1.5])
    >>> res.summary.table.loc[("diri", "Total"), "rerata_skor"]
    np.float64(4.5)
    >>> res.agreement.index.tolist(), res.agreement["n"].tolist()
    (['Terap', 'Total'], [2, 2])
    """
    items = prepare_items(long, codebook)
    scales = {**dimensions(codebook), "Total": list(items.columns)}
    who = long.drop_duplicates("responden").set_index("responden")[["pid", "penilai"]]
    scores = who.join(scale_scores(items, scales, min_share=min_share))
    return Behaviour(scales, scores, scale_table(items, scores, scales, raters=scores["penilai"]))


def agreement_table(wide: pd.DataFrame, scales) -> pd.DataFrame:
    """Self against supervisor rating of the people rated by both, per scale.

    Parameters
    ----------
    wide : DataFrame
        :attr:`Behaviour.wide`.
    scales : iterable of str
        Scale names.

    Returns
    -------
    DataFrame
        Indexed by ``skala``; :data:`AGREEMENT_COLUMNS`: mean of each rating, their paired
        difference (self minus supervisor, 95% interval, t-test p) and Pearson r (Fisher-z
        interval). A scale with fewer than 3 pairs keeps only its ``n``.

    Examples
    --------
    >>> cols = pd.MultiIndex.from_product([["Total"], ["atasan", "diri"]])
    >>> wide = pd.DataFrame([[3.0, 4.0], [3.5, 4.0], [2.0, 3.5], [4.0, 4.5]], columns=cols)
    >>> agreement_table(wide, ["Total"]).loc["Total", ["n", "selisih_diri_atasan"]].tolist()
    [4.0, 0.875]
    """
    rows = []
    for dim in scales:
        pair = wide[dim].reindex(columns=list(RATERS)).dropna()
        if len(pair) < 3:  # too few to compare (and fewer than 5 are hidden anyway)
            rows.append({"skala": dim, "n": len(pair)})
            continue
        diff = paired_change(pair["atasan"], pair["diri"])  # self minus supervisor
        cor = correlation(pair["diri"], pair["atasan"])
        rows.append({"skala": dim, "n": diff.n, "rerata_diri": diff.mean_post,
                     "rerata_atasan": diff.mean_pre, "selisih_diri_atasan": diff.mean_diff,
                     "ik_bawah": diff.ci_low, "ik_atas": diff.ci_high, "p_t": diff.p_value,
                     "r_diri_atasan": cor.r, "r_ik_bawah": cor.ci_low, "r_ik_atas": cor.ci_high})
    table = pd.DataFrame(rows).set_index("skala").reindex(columns=AGREEMENT_COLUMNS)
    return table.astype({"n": "int64"})


def gain_and_total(test: pd.DataFrame, wide: pd.DataFrame) -> pd.DataFrame:
    """Total behaviour score by rater next to the test gain (``peningkatan``), per ``pid``.

    A ``pid`` with more than one test row is left out (its gain is ambiguous); only people
    with both a gain and a behaviour rating are kept (inner join).

    Examples
    --------
    >>> test = pd.DataFrame({"pid": [1, 2, 2, 3], "skor_pre": [50, 40, 45, 60],
    ...                      "skor_post": [70, 50, 55, 65]})
    >>> cols = pd.MultiIndex.from_product([["Total"], ["diri"]])
    >>> wide = pd.DataFrame([[4.0], [3.0], [5.0]], index=pd.Index([1, 2, 4], name="pid"),
    ...                     columns=cols)
    >>> gain_and_total(test, wide).to_dict("list")
    {'diri': [4.0], 'peningkatan': [20]}
    """
    gain = test.set_index("pid").eval("skor_post - skor_pre").rename("peningkatan")
    gain = gain[~gain.index.duplicated(keep=False)]
    return wide["Total"].join(gain, how="inner")


def gain_link(test: pd.DataFrame, wide: pd.DataFrame
              ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Correlation]]:
    """Pearson correlation of the test gain with the total behaviour score, per rater.

    Parameters
    ----------
    test : DataFrame
        ``pid``, ``skor_pre``, ``skor_post``.
    wide : DataFrame
        :attr:`Behaviour.wide`.

    Returns
    -------
    (DataFrame, DataFrame, dict)
        :func:`gain_and_total`; the table indexed by ``penilai`` (``n``, ``r``, ``ik_bawah``,
        ``ik_atas``, ``p``; only ``n`` with fewer than 3 pairs); ``{rater: Correlation}`` of
        the raters computed.

    Examples
    --------
    >>> test = pd.DataFrame({"pid": [1, 2, 3, 4, 5], "skor_pre": [50.0] * 5,
    ...                      "skor_post": [51.0, 52, 53, 54, 55]})
    >>> cols = pd.MultiIndex.from_product([["Total"], ["diri"]])
    >>> wide = pd.DataFrame({("Total", "diri"): [3.0, 4, 4, 5, 5]},
    ...                     index=pd.Index([1, 2, 3, 4, 5], name="pid"))
    >>> total, table, links = gain_link(test, wide)
    >>> table["n"].tolist(), round(links["diri"].r, 3), "atasan" in links
    ([5, 0], 0.945, False)
    """
    total = gain_and_total(test, wide)
    rows, links = [], {}
    for rater in RATERS:
        pair = total[["peningkatan", rater]].dropna() if rater in total else pd.DataFrame()
        if len(pair) < 3:
            rows.append({"penilai": rater, "n": len(pair)})
            continue
        cor = links[rater] = correlation(pair["peningkatan"], pair[rater])
        rows.append({"penilai": rater, "n": cor.n, "r": cor.r, "ik_bawah": cor.ci_low,
                     "ik_atas": cor.ci_high, "p": cor.p_value})
    return total, pd.DataFrame(rows).set_index("penilai"), links


def tertile_means(total: pd.DataFrame,
                  k: int = config.SUPPRESSION_K) -> tuple[dict[str, pd.DataFrame], pd.Series]:
    """Mean total behaviour score (95% t interval) per third of the test gain, per rater.

    Thirds are cut on the rank of the gain (ties broken by order), so each holds a third of
    the people. A group mean from fewer than ``k`` ratings is blanked (NaN).

    Returns
    -------
    (dict, Series)
        ``{rater: DataFrame(rerata, bawah, atas, n)}`` (one row per third, raters present
        only) and the median gain of each third (index :data:`TERTILES`).

    Examples
    --------
    >>> total = pd.DataFrame({"diri": [3.0, 4, 4, 5, 5, 4], "peningkatan": [1, 2, 3, 4, 5, 6]})
    >>> means, medians = tertile_means(total, k=2)
    >>> means["diri"]["rerata"].tolist(), medians.tolist()
    ([3.5, 4.5, 4.5], [1.5, 3.5, 5.5])
    """
    groups = pd.qcut(total["peningkatan"].rank(method="first"), 3, labels=TERTILES)
    groups = groups.rename("kelompok_peningkatan")
    means = {}
    for rater in RATERS:
        if rater not in total:
            continue
        rows = [mean_ci(g[rater]) + (g[rater].notna().sum(),)
                for _, g in total.groupby(groups, observed=False)]
        table = pd.DataFrame(rows, columns=["rerata", "bawah", "atas", "n"])
        means[rater] = table.where(table["n"] >= k)
    return means, total.groupby(groups, observed=False)["peningkatan"].median()
