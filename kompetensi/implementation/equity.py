"""Equity of competency development: concentration of JP, persistence, age bands.

Is training concentrated on few people, or on those already trained last year? Normally used
through :mod:`kompetensi.implementation`, which re-exports these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.core import config
from kompetensi.core.errors import require_columns as _require
from kompetensi.core.rights import expected
from kompetensi.core.vocab import STATUS_ASN
from kompetensi.privacy.disclosure import suppress_table

# the groups whose share of JP is set against their share of PNS (notebook 03)
SHARE_DIMENSIONS = {"Jenis jabatan": "jenis_jabatan", "Golongan": "golongan_ruang"}


@dataclass(frozen=True)
class Concentration:
    """How unequally JP are spread over people (:func:`jp_concentration`)."""

    n: int
    gini: float
    share_top: float
    top: float
    share_zero: float


def jp_concentration(values: pd.Series | np.ndarray, top: float = 0.10) -> Concentration:
    """Gini coefficient of JP and the share of all JP received by the top ``top`` of people.

    Gini in its population form, G = sum_i (2i - n - 1) x_(i) / (n sum x) with x sorted
    ascending (equal to the mean absolute difference over twice the mean; no small-sample
    correction n/(n-1)); 0 when everybody has the same JP, (n-1)/n when one person has all.
    The top group is the ceil(top x n) people with the most JP.

    Returns
    -------
    Concentration
        ``gini`` and ``share_top`` are NaN when nobody has any JP (documented, not an error).

    Notes
    -----
    The sum is taken over ``x - min(x)`` (the weights 2i - n - 1 sum to 0), so equal JP give
    exactly 0 (the plain sum gave -4e-17 for 199 people with 1.1 JP each). G >= 0 and the
    top share <= 1: rounding beyond (a share of 1 + 2e-16 when the others have 0 JP) is
    clipped to the bound, and G is never -0.0.

    References
    ----------
    Cowell, F. (2011). *Measuring Inequality*, 3rd ed., Oxford University Press, ch. 2.

    Examples
    --------
    >>> jp_concentration([0, 0, 0, 10]).gini  # (3*10) / (4*10)
    0.75
    """
    x = np.sort(np.asarray(values, dtype="float64"))
    if x.size == 0 or np.isnan(x).any() or (x < 0).any():
        raise ValueError("jp_concentration: perlu nilai JP yang tidak kosong dan tidak negatif")
    if not 0 < top <= 1:
        raise ValueError("jp_concentration: top harus di antara 0 dan 1")
    n, total = x.size, x.sum()
    if total == 0:
        return Concentration(n, float("nan"), float("nan"), top, 1.0)
    rank = np.arange(1, n + 1, dtype="float64")
    gini = max(float(np.sum((2 * rank - n - 1) * (x - x[0])) / (n * total)), 0.0) + 0.0
    share_top = min(float(x[n - int(np.ceil(top * n)):].sum() / total), 1.0)
    return Concentration(n, gini, share_top, top, float(np.mean(x == 0)))


@dataclass(frozen=True)
class Persistence:
    """Whether last year's JP predicts this year's (:func:`jp_persistence`)."""

    table: pd.DataFrame = field(repr=False)
    rho: float
    p_value: float
    n: int


def jp_persistence(previous: pd.DataFrame, current: pd.DataFrame, *,
                   target: float = config.TARGET_JP_PNS, jp_column: str = "jp") -> Persistence:
    """Do PNS who reached the target last year reach it again (concentration over time)?

    PNS on both rosters (matched on ``pid``, status of the current cycle), active in both
    cycles (``aktif`` where a roster has it: who was on CLTN or tugas belajar in either year was
    not expected to train), are split by whether they reached ``target`` last year; for each part the table gives ``n``,
    ``n_capai`` / ``persen_capai`` (this year) and ``n_tanpa_jp`` / ``persen_tanpa_jp``.
    ``rho`` is Spearman's rank correlation of last year's and this year's JP
    (``scipy.stats.spearmanr``: average ranks for ties; two-sided p-value from the t
    distribution); NaN with fewer than 3 people. Raw counts: suppress before publishing.

    Examples
    --------
    >>> prev = pd.DataFrame({"pid": list("abcd"), "jp": [0.0, 10.0, 24.0, 40.0]})
    >>> cur = pd.DataFrame({"pid": list("abcd"), "status_asn": ["PNS"] * 4,
    ...                     "jp": [0.0, 20.0, 30.0, 16.0]})
    >>> res = jp_persistence(prev, cur)
    >>> res.table["persen_capai"].tolist(), round(res.rho, 1)
    ([50.0, 50.0], 0.4)
    """
    _require(previous, ("pid", jp_column), "previous")
    _require(current, ("pid", "status_asn", jp_column), "current")
    current = expected(current)
    both = current.loc[current["status_asn"] == STATUS_ASN[0], ["pid", jp_column]].merge(
        expected(previous)[["pid", jp_column]], on="pid", suffixes=("", "_lalu"))
    now = both[jp_column].astype("float64")
    before = both[f"{jp_column}_lalu"].astype("float64")
    label = f">= {target:g} JP"
    part = np.where(before >= target, label, f"< {target:g} JP")
    g = pd.DataFrame({"tahun_lalu": part, "capai": now >= target, "nol": now <= 0}) \
        .groupby("tahun_lalu")
    table = pd.DataFrame({"n": g.size(), "n_capai": g["capai"].sum(),
                          "n_tanpa_jp": g["nol"].sum()}).astype("int64")
    table = table.reindex([label, f"< {target:g} JP"], fill_value=0)
    table["persen_capai"] = 100 * table.n_capai / table.n.where(table.n > 0)
    table["persen_tanpa_jp"] = 100 * table.n_tanpa_jp / table.n.where(table.n > 0)
    table = table[["n", "n_capai", "persen_capai", "n_tanpa_jp", "persen_tanpa_jp"]]
    if len(both) < 3 or now.nunique() < 2 or before.nunique() < 2:
        rho = p = float("nan")
    else:
        res = stats.spearmanr(before, now)
        rho, p = float(res.statistic), float(res.pvalue)
    return Persistence(table, rho, p, len(both))


def jp_share_by(pns: pd.DataFrame, dimensions: Mapping[str, str] = SHARE_DIMENSIONS, *,
                k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Share of JP against share of people, per group of each dimension.

    Parameters
    ----------
    pns : DataFrame
        One row per person with ``jp`` and the grouping columns.
    dimensions : mapping
        Label of each dimension (index level ``dimensi``) -> its column; default
        :data:`SHARE_DIMENSIONS` (``jenis_jabatan``, ``golongan_ruang``).
    k : int
        Groups of fewer than ``k`` people are hidden (``suppress_table``).

    Returns
    -------
    DataFrame
        Index ``dimensi, kelompok``: ``n``, ``rerata_jp``, ``persen_pegawai``, ``persen_jp``
        and ``rasio_jp_terhadap_pegawai`` (above 1: more JP than the group's share of people).

    Examples
    --------
    >>> pns = pd.DataFrame({"g": ["a", "a", "b", "b"], "jp": [30.0, 30.0, 0.0, 20.0]})
    >>> jp_share_by(pns, {"G": "g"}, k=1)["rasio_jp_terhadap_pegawai"].round(2).tolist()
    [1.5, 0.5]
    """
    rows = []
    for label, column in dimensions.items():
        g = pns.groupby(column, observed=True)
        t = pd.DataFrame({"n": g.size(), "jp_total": g["jp"].sum(), "rerata_jp": g["jp"].mean()})
        t["persen_pegawai"] = 100 * t.n / t.n.sum()
        t["persen_jp"] = 100 * t.jp_total / t.jp_total.sum()
        t["rasio_jp_terhadap_pegawai"] = t.persen_jp / t.persen_pegawai
        rows.append(t.drop(columns="jp_total").reset_index().rename(columns={column: "kelompok"})
                    .assign(dimensi=label))
    table = pd.concat(rows, ignore_index=True).set_index(["dimensi", "kelompok"])
    return suppress_table(table.astype({"n": "int64"}), n="n",
                          means=["rerata_jp", "persen_pegawai", "persen_jp",
                                 "rasio_jp_terhadap_pegawai"], k=k)


def persistence_table(persistence: Persistence, previous: int, *,
                      k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """The table of :func:`jp_persistence` for publishing: small cells hidden.

    The index is named ``JP siklus <previous>``; counts of 1 … k-1 people (and their
    complements) and the shares taken from them are hidden (``suppress_table``); 0 stays.

    Examples
    --------
    >>> prev = pd.DataFrame({"pid": list("abcdef"), "jp": [0.0] * 6})
    >>> cur = prev.assign(status_asn="PNS", jp=[20.0] * 5 + [0.0])
    >>> t = persistence_table(jp_persistence(prev, cur), 2024)
    >>> t.index.name, t["n"].tolist(), t["n_capai"].isna().tolist()
    ('JP siklus 2024', [0, 6], [False, True])
    """
    table = persistence.table.rename_axis(f"JP siklus {previous}")
    return suppress_table(table, n="n", counts=["n_capai", "n_tanpa_jp"],
                          shares={"persen_capai": "n_capai", "persen_tanpa_jp": "n_tanpa_jp"},
                          k=k)
