"""Published tables of credited JP in one cycle: conversion rules used, summary, bands, groups.

Each function turns the output of :func:`~kompetensi.implementation.coverage.jp_per_asn` (or
the counted activities) into one table of notebook 03, small cells already suppressed
(:mod:`kompetensi.privacy.disclosure`); rounding for publishing is left to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.core.bands import age_band
from kompetensi.core.rights import expected
from kompetensi.core.vocab import STATUS_ASN, status_order
from kompetensi.implementation.coverage import Compliance, jp_compliance
from kompetensi.implementation.credit import credit_jp
from kompetensi.privacy.disclosure import suppress_crosstab, suppress_table

WAY_LABELS = {"hari": "hari x tarif per hari", "jp_tercantum": "JP tercantum",
              "hari_bila_kosong": "JP kosong: hari x tarif asumsi",
              "tidak_dikreditkan": "JP kosong: tidak diakui", "tanpa_aturan": "tanpa aturan"}
JP_BANDS = ("0", "> 0 - < 20", "20 - 24", "> 24 - < 40", "40 - < 80", ">= 80")
JK_LABELS = {"L": "Laki-laki", "P": "Perempuan"}
OVERVIEW_COLUMNS = ("status_asn", "n", "rerata_jp", "median_jp", "persen_tanpa_jp",
                    "persen_capai_20jp", "persen_capai_20jp_batas_bawah", "persen_melebihi_24jp")
DIMENSIONS = {"Jenis jabatan": "jenis_jabatan", "Golongan": "golongan_ruang",
              "Jenis kelamin": "jenis_kelamin", "Kelompok usia": "kelompok_usia",
              "Kecamatan": "kecamatan"}


def rule_usage(counted: pd.DataFrame, *, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Which conversion rule credited how many activities and JP, per kind of activity.

    A total over every activity counted, inactive staff's (CLTN, tugas belajar …) included:
    their training is credited and shown here, only left out of the denominators of the right.

    Parameters
    ----------
    counted : DataFrame
        Counted activities (``activities_of_year``) with ``jenis``, ``jp``, ``hari``,
        ``luar_negeri``.
    k : int
        Groups of fewer than ``k`` activities are hidden (:func:`suppress_table`).

    Returns
    -------
    DataFrame
        Index ``jenis, aturan, status, cara`` (``-`` for no rule); ``n_kegiatan``,
        ``jp_tercantum`` (stated JP, missing as 0), ``jp_diakui`` (credited JP).

    Examples
    --------
    >>> acts = pd.DataFrame({"jenis": ["Seminar"] * 5, "jp": [None] * 5, "hari": [1] * 5,
    ...                      "luar_negeri": [False] * 5})
    >>> rule_usage(acts).reset_index()[["cara", "n_kegiatan", "jp_diakui"]].values.tolist()
    [['hari x tarif per hari', 5, 20.0]]
    """
    credit = credit_jp(counted)
    table = (
        pd.concat([counted[["jenis", "jp"]], credit], axis=1)
        .assign(cara=lambda d: d["cara"].map(WAY_LABELS), aturan=lambda d: d["aturan"].fillna("-"),
                status=lambda d: d["status"].fillna("-"))
        .groupby(["jenis", "aturan", "status", "cara"], observed=True)
        .agg(n_kegiatan=("jp_kredit", "size"), jp_tercantum=("jp", "sum"),
             jp_diakui=("jp_kredit", "sum"))
        .reset_index()
    )
    return suppress_table(table, n="n_kegiatan", k=k).set_index(
        ["jenis", "aturan", "status", "cara"])


@dataclass(frozen=True)
class Overview:
    """JP of PNS, PPPK and PPPK paruh waktu in one cycle (:func:`jp_overview`), active staff.

    Attributes
    ----------
    table : DataFrame
        One row per status present (order of :data:`~kompetensi.core.vocab.STATUS_ASN`):
        ``n`` (active staff), ``rerata_jp``, ``median_jp``, ``persen_tanpa_jp``,
        ``persen_capai_20jp`` (+ ``_batas_bawah``: without JP from assumed rates; PNS only)
        and ``persen_melebihi_24jp`` (above the ceiling; both kinds of PPPK).
    overall, lower : Compliance
        :func:`jp_compliance` of all active ASN, on ``jp`` and on ``jp - jp_asumsi``.
    """

    table: pd.DataFrame = field(repr=False)
    overall: Compliance = field(repr=False)
    lower: Compliance = field(repr=False)

    @property
    def pns(self) -> pd.Series:
        """The one row of ``overall.pns`` (all PNS)."""
        return self.overall.pns.iloc[0]

    @property
    def pppk(self) -> pd.Series:
        """The one row of ``overall.pppk`` (all PPPK; empty without PPPK)."""
        return _first(self.overall.pppk)

    @property
    def paruh_waktu(self) -> pd.Series:
        """The one row of ``overall.paruh_waktu`` (all PPPK paruh waktu; empty without)."""
        return _first(self.overall.paruh_waktu)

    @property
    def pns_lower(self) -> pd.Series:
        """The one row of ``lower.pns``: PNS without JP credited from assumed rates."""
        return _first(self.lower.pns)


def _first(table: pd.DataFrame) -> pd.Series:
    """The first row of ``table``; an empty Series (any column read gives NaN) without rows."""
    return table.iloc[0] if len(table) else pd.Series(np.nan, index=table.columns, dtype=float)


def jp_overview(jp: pd.DataFrame, *, target: float = config.TARGET_JP_PNS,
                ceiling_pppk: float = config.CEILING_JP_PPPK,
                k: int | None = config.SUPPRESSION_K,
                ceiling_paruh_waktu: float = config.CEILING_JP_PPPK_PARUH_WAKTU) -> Overview:
    """Summary of credited JP per status, with the lower bound without assumed rates.

    Active staff only (:func:`jp_compliance`); inactive staff: :func:`inactive_staff`.

    Parameters
    ----------
    jp : DataFrame
        Output of ``jp_per_asn`` (``status_asn``, ``jp``, ``jp_asumsi``; ``aktif``).
    target, ceiling_pppk, k, ceiling_paruh_waktu
        As in :func:`jp_compliance`.

    Returns
    -------
    Overview

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 5 + ["PPPK"] * 5,
    ...     "jp": [0.0, 10.0, 20.0, 30.0, 40.0, 0.0, 5.0, 10.0, 30.0, 30.0],
    ...     "jp_asumsi": [0.0, 0.0, 4.0, 0.0, 0.0] + [0.0] * 5})
    >>> res = jp_overview(jp, k=None)
    >>> res.table.loc["PNS", ["persen_capai_20jp", "persen_capai_20jp_batas_bawah"]].tolist()
    [60.0, 40.0]
    >>> float(res.table.loc["PPPK", "persen_melebihi_24jp"])
    40.0
    >>> jp_overview(jp.iloc[:8], k=5).table["rerata_jp"].isna().tolist()  # 3 PPPK: hidden
    [False, True]
    """
    ceilings = {"ceiling_pppk": ceiling_pppk, "ceiling_paruh_waktu": ceiling_paruh_waktu}
    overall = jp_compliance(jp, target=target, k=k, **ceilings)
    lower = jp_compliance(jp.assign(jp_tanpa_asumsi=jp["jp"] - jp["jp_asumsi"]), target=target,
                          jp_column="jp_tanpa_asumsi", k=k, **ceilings)
    pns, low = _first(overall.pns), _first(lower.pns)
    rows = [] if not len(overall.pns) else [{
        "status_asn": STATUS_ASN[0], "n": pns.n_pns, "rerata_jp": pns.rerata_jp,
        "median_jp": pns.median_jp, "persen_tanpa_jp": pns.persen_tanpa_jp,
        "persen_capai_20jp": pns.persen_capai, "persen_capai_20jp_batas_bawah": low.persen_capai,
        "persen_melebihi_24jp": np.nan}]
    for status, table in ((STATUS_ASN[1], overall.pppk), (STATUS_ASN[2], overall.paruh_waktu)):
        if len(table):
            row = table.iloc[0]
            rows.append({"status_asn": status, "n": row.n_pppk, "rerata_jp": row.rerata_jp,
                         "median_jp": row.median_jp,
                         "persen_tanpa_jp": 100 - row.persen_ada_pengembangan,
                         "persen_capai_20jp": np.nan, "persen_capai_20jp_batas_bawah": np.nan,
                         "persen_melebihi_24jp": row.persen_melebihi_batas})
    table = pd.DataFrame(rows, columns=OVERVIEW_COLUMNS).set_index("status_asn")
    table["n"] = pd.array(table["n"], dtype="Int64")
    for column in OVERVIEW_COLUMNS[2:]:  # a suppressed cell is pd.NA: NaN in a float column
        table[column] = pd.array(table[column], dtype="Float64").to_numpy("float64", na_value=np.nan)
    return Overview(table, overall, lower)


def jp_bands(jp: pd.DataFrame, *, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Share of active ASN (% per status) in each band of credited JP (:data:`JP_BANDS`).

    Bands: 0, above 0 and below 20, 20 to 24, above 24 and below 40, 40 to below 80, 80 and
    more. Counts of 1 … k-1 (and their complements) are hidden before the shares are taken
    (:func:`suppress_crosstab`); ``n`` is the row total. Rows: the statuses present, in the
    order of :data:`~kompetensi.core.vocab.STATUS_ASN`; staff not ``aktif`` are left out (as
    in :func:`jp_compliance`).

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 4, "jp": [0.0, 20.0, 24.0, 80.0]})
    >>> jp_bands(jp, k=1).loc["PNS"].tolist()
    [4.0, 25.0, 0.0, 50.0, 0.0, 0.0, 25.0]
    """
    jp = expected(jp)
    values = jp["jp"]
    labels = list(JP_BANDS)
    band = pd.Series(np.select(
        [values <= 0, values < 20, values <= 24, values < 40, values < 80],
        labels[:-1], default=labels[-1]), index=jp.index)
    counts = pd.crosstab(jp["status_asn"], band).reindex(columns=labels, fill_value=0)
    counts = counts.sort_index(key=status_order)
    counts.columns = list(counts.columns)
    shown = suppress_crosstab(counts, k=k)
    table = (100 * shown.astype("Float64").div(counts.sum(axis=1), axis=0)).round(1)
    table.insert(0, "n", counts.sum(axis=1))
    return table


def pns_characteristics(jp: pd.DataFrame, age_edges: Sequence[int] = (30, 40, 50)
                        ) -> pd.DataFrame:
    """The active PNS rows of ``jp`` with the grouping columns of :data:`DIMENSIONS` added.

    Staff not ``aktif`` are left out (the denominator of the right, :func:`jp_compliance`),
    so the equity measures of notebook 03 built on this table cover active PNS.

    ``golongan_ruang`` (the ruang I-IV of ``golongan``), ``jenis_kelamin`` spelled out
    (:data:`JK_LABELS`) and ``kelompok_usia`` (``age_band`` of ``usia`` at ``age_edges``).

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS", "PPPK"], "golongan": ["III/a", None],
    ...                    "jenis_kelamin": ["P", "L"], "usia": [41, 30]})
    >>> pns_characteristics(jp)[["golongan_ruang", "jenis_kelamin", "kelompok_usia"]].values.tolist()
    [['III', 'Perempuan', '40-49']]
    """
    jp = expected(jp)
    return jp[jp.status_asn == STATUS_ASN[0]].assign(
        golongan_ruang=lambda d: d["golongan"].astype("string").str.split("/").str[0],
        jenis_kelamin=lambda d: d["jenis_kelamin"].map(JK_LABELS),
        kelompok_usia=lambda d: age_band(d["usia"], age_edges),
    )


def compliance_by(pns: pd.DataFrame, dimensions: Mapping[str, str] = DIMENSIONS, *,
                  target: float = config.TARGET_JP_PNS,
                  k: int | None = config.SUPPRESSION_K) -> pd.DataFrame:
    """:func:`jp_compliance` of PNS for each grouping column, stacked into one table.

    Parameters
    ----------
    pns : DataFrame
        PNS with JP and the grouping columns (:func:`pns_characteristics`).
    dimensions : mapping
        Label of each dimension (index level ``dimensi``) -> its column.
    target, k
        As in :func:`jp_compliance`.

    Returns
    -------
    DataFrame
        Index ``dimensi, kelompok``; the columns of ``Compliance.pns``.

    Examples
    --------
    >>> pns = pd.DataFrame({"status_asn": ["PNS"] * 3, "jp": [0.0, 20.0, 30.0],
    ...                     "jk": ["L", "P", "P"]})
    >>> compliance_by(pns, {"Jenis kelamin": "jk"}, k=None)["persen_capai"].tolist()
    [0.0, 100.0]
    """
    parts = []
    for label, column in dimensions.items():
        table = jp_compliance(pns, column, target=target, k=k).pns
        parts.append(table.reset_index().rename(columns={column: "kelompok"})
                     .assign(dimensi=label))
    return pd.concat(parts, ignore_index=True).set_index(["dimensi", "kelompok"])


def programme_participants(counted: pd.DataFrame, *,
                           k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Distinct participants (``n_peserta``) per programme code; fewer than ``k`` hidden.

    Every participant counts, inactive staff included (a total, like :func:`rule_usage`).

    Examples
    --------
    >>> acts = pd.DataFrame({"program": ["P1"] * 6 + [None, ""], "pid": list("abcdeaxy")})
    >>> programme_participants(acts)["n_peserta"].tolist()
    [5]
    """
    coded = counted.loc[counted["program"].fillna("") != ""]
    programmes = coded.groupby("program")["pid"].nunique()
    return suppress_table(programmes.rename("n_peserta").to_frame(), n="n_peserta", k=k)
