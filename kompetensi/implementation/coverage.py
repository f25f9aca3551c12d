"""Implementation of competency development: credited JP per ASN, the 20 JP right, equity.

Every PNS has the right to at least 20 JP a year (PP 11/2017 Pasal 203(4) as amended by
PP 17/2020); for PPPK 24 JP a year is a ceiling, not a target (PP 49/2018 Pasal 40(1)), so PPPK
are reported separately and fewer than 24 JP is never called a shortfall.

The public API of implementation analysis lives here: the JP conversion
(:func:`credit_jp`, from :mod:`kompetensi.implementation.credit`), :func:`jp_per_asn`, :func:`jp_compliance`,
the equity measures (:func:`jp_concentration`, :func:`jp_persistence`, :func:`age_band`, from
:mod:`kompetensi.implementation.equity`), the Indeks Profesionalitas ASN (:func:`ip_asn`, :func:`ip_band`,
from :mod:`kompetensi.implementation.professionalism`) and the small-cell helpers for published tables
(:func:`suppress_table`, :func:`suppress_crosstab`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.core.rights import expected, is_active, kedudukan
from kompetensi.core.uniques import positions
from kompetensi.core.vocab import STATUS_ASN, status_order
from kompetensi.implementation.credit import (
    WAYS,
    _require,
    _unique_pid,
    activities_of_year,
    credited,
    sorted_by_pid,
)
from kompetensi.privacy.disclosure import suppress_table


def jp_per_asn(pegawai: pd.DataFrame, pelatihan: pd.DataFrame, siklus: int,
               konversi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Credited JP, number of activities and IT-topic JP of every ASN in one cycle.

    Parameters
    ----------
    pegawai : DataFrame
        The cycle's roster, one row per ``pid``.
    pelatihan : DataFrame
        Activities (``pid``, ``jenis``, ``jp``, ``hari``, ``luar_negeri``, ``tanggal_mulai``,
        ``topik_ti``); only those that started in ``siklus`` and belong to roster ASN count
        (:func:`activities_of_year`).
    siklus : int
        The cycle (year).
    konversi : DataFrame, optional
        JP conversion rules (see :func:`credit_jp`).

    Returns
    -------
    DataFrame
        The roster (sorted by ``pid``) plus ``n_kegiatan``, ``jp`` (credited JP),
        ``n_kegiatan_ti``, ``jp_ti`` (activities with ``topik_ti``), ``jp_asumsi`` (part of
        ``jp`` credited from an assumed rate per day because no JP was stated) and
        ``n_tidak_dikreditkan`` (activities credited 0 JP for want of a rule or a stated JP).
        An ASN without any activity has 0, not missing.

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": ["a", "b"], "status_asn": ["PNS", "PNS"]})
    >>> act = pd.DataFrame({"pid": ["a", "a"], "jenis": ["Seminar", "Bimtek"],
    ...     "jp": [None, 16.0], "hari": [1, 2], "luar_negeri": [False, False],
    ...     "tanggal_mulai": pd.to_datetime(["2025-03-01", "2025-05-02"]),
    ...     "topik_ti": [False, True]})
    >>> jp_per_asn(peg, act, 2025)[["pid", "n_kegiatan", "jp", "jp_ti"]].values.tolist()
    [['a', 2, 20.0, 16.0], ['b', 0, 0.0, 0.0]]
    """
    _unique_pid(pegawai)
    _require(pelatihan, ("pid", "tanggal_mulai", "topik_ti"), "pelatihan")
    acts = activities_of_year(pegawai, pelatihan, siklus, columns=[
        c for c in ("pid", "jenis", "jp", "hari", "luar_negeri", "topik_ti")
        if c in pelatihan.columns])
    jp, how, _rule, _rules = credited(acts, konversi)
    way = {name: i for i, name in enumerate(WAYS)}
    it = acts["topik_ti"].fillna(False).to_numpy(dtype=bool)
    out = sorted_by_pid(pegawai)
    # Sums per person by integer position on the roster (no join on pid strings).
    person = positions(acts["pid"], out["pid"])
    size = len(out)

    def per_person(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(person, weights=weights, minlength=size)

    out["n_kegiatan"] = per_person().astype("int64")
    out["jp"] = per_person(jp).round(4)
    out["n_kegiatan_ti"] = per_person(it.astype(float)).astype("int64")
    out["jp_ti"] = per_person(np.where(it, jp, 0.0)).round(4)
    out["jp_asumsi"] = per_person(np.where(how == way["hari_bila_kosong"], jp, 0.0)).round(4)
    out["n_tidak_dikreditkan"] = per_person(
        np.isin(how, [way["tidak_dikreditkan"], way["tanpa_aturan"]]).astype(float)
    ).astype("int64")
    return out


@dataclass(frozen=True)
class Compliance:
    """Outcome of :func:`jp_compliance` (active staff only, :func:`~kompetensi.core.rights.
    expected`).

    Attributes
    ----------
    pns : DataFrame
        Per group: ``n_pns``, ``n_capai`` (JP >= target), ``persen_capai``, ``n_tanpa_jp``,
        ``persen_tanpa_jp``, ``rerata_jp``, ``median_jp``.
    pppk : DataFrame
        Per group: ``n_pppk``, ``n_ada_pengembangan`` (JP > 0), ``persen_ada_pengembangan``
        (the rest had no development), ``rerata_jp``, ``median_jp``, ``n_melebihi_batas``
        (JP above the ceiling), ``persen_melebihi_batas``. There is no target for PPPK, hence
        no shortfall.
    target, ceiling_pppk : float
    paruh_waktu : DataFrame
        PPPK paruh waktu, the columns of ``pppk`` (``n_pppk`` counts paruh waktu staff here)
        against ``ceiling_paruh_waktu``; empty without them.
    ceiling_paruh_waktu : float
    """

    pns: pd.DataFrame = field(repr=False)
    pppk: pd.DataFrame = field(repr=False)
    target: float
    ceiling_pppk: float
    paruh_waktu: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    ceiling_paruh_waktu: float = config.CEILING_JP_PPPK_PARUH_WAKTU

    @property
    def ceilings(self) -> pd.DataFrame:
        """``pppk`` and ``paruh_waktu`` one below the other, first index level ``status_asn``
        (statuses without rows left out): the published PPPK table."""
        parts = {s: t for s, t in ((STATUS_ASN[1], self.pppk), (STATUS_ASN[2], self.paruh_waktu))
                 if len(t)}
        if not parts:
            return self.pppk
        return pd.concat(parts, names=["status_asn"])


def _group(data: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[pd.DataFrame, list]:
    if by is None:
        return data.assign(kelompok="Semua"), ["kelompok"]
    keys = [by] if isinstance(by, str) else list(by)
    _require(data, keys, "jp")
    return data, keys


def _ceiling_table(data: pd.DataFrame, status: str, ceiling: float, keys: list
                   ) -> pd.DataFrame:
    """The ``Compliance.pppk`` columns of the rows of ``status`` (raw counts)."""
    rows = data[data["status_asn"] == status].assign(_ada=lambda d: d["_jp"] > 0,
                                                     _lebih=lambda d: d["_jp"] > ceiling)
    g = rows.groupby(keys, observed=True, sort=True)
    table = pd.DataFrame({
        "n_pppk": g.size(), "n_ada_pengembangan": g["_ada"].sum(),
        "rerata_jp": g["_jp"].mean(), "median_jp": g["_jp"].median(),
        "n_melebihi_batas": g["_lebih"].sum()})
    table.insert(2, "persen_ada_pengembangan", 100 * table.n_ada_pengembangan / table.n_pppk)
    table["persen_melebihi_batas"] = 100 * table.n_melebihi_batas / table.n_pppk
    return table


def jp_compliance(jp: pd.DataFrame, by: str | Sequence[str] | None = None, *,
                  target: float = config.TARGET_JP_PNS,
                  ceiling_pppk: float = config.CEILING_JP_PPPK, jp_column: str = "jp",
                  k: int | None = config.SUPPRESSION_K,
                  ceiling_paruh_waktu: float = config.CEILING_JP_PPPK_PARUH_WAKTU,
                  active_only: bool = True) -> Compliance:
    """Share of PNS at or above the JP target, and PPPK development reported separately.

    Only staff expected to take part this cycle count (``aktif``, :func:`~kompetensi.core.
    rights.expected`): a PNS on CLTN, tugas belajar, MPP or suspended is not "missing 20 JP";
    such staff are listed by :func:`inactive_staff` instead. Without an ``aktif`` column
    everyone counts. PPPK and PPPK paruh waktu are reported apart, each against its ceiling.

    Parameters
    ----------
    jp : DataFrame
        Output of :func:`jp_per_asn` (needs ``status_asn``, ``jp_column`` and the ``by``
        columns; ``aktif`` when present).
    by : str or list of str, optional
        Grouping columns; None gives one row ``Semua``.
    target : float
        JP target of PNS (default 20 from ``reference/hak_pengembangan.csv``, PP 11/2017
        Pasal 203(4) jo. PP 17/2020); a PNS with exactly ``target`` JP has reached it.
    ceiling_pppk : float
        PPPK ceiling (default 24, PP 49/2018 Pasal 40(1)): only counts above it are shown.
    jp_column : str
        Column of JP (e.g. ``jp`` or a lower bound such as ``jp - jp_asumsi``).
    k : int or None
        Suppression threshold for publishing (:func:`suppress_table`, complements included);
        None for raw numbers.
    ceiling_paruh_waktu : float
        Ceiling of PPPK paruh waktu (default 24 as PPPK, an assumption: A-JP-8).
    active_only : bool
        False counts inactive staff too (the numbers of a roster without ``aktif``).

    Returns
    -------
    Compliance
        Percentages are 0-100; groups are sorted; groups without PNS (or PPPK) are absent.

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 5 + ["PPPK"],
    ...                    "jp": [0.0, 19.5, 20.0, 44.0, 0.0, 10.0],
    ...                    "aktif": [True] * 4 + [False, True]})
    >>> res = jp_compliance(jp, k=None)
    >>> res.pns[["n_pns", "n_capai", "persen_capai"]].values.tolist()
    [[4.0, 2.0, 50.0]]
    """
    _require(jp, ("status_asn", jp_column), "jp")
    data, keys = _group(expected(jp) if active_only else jp, by)
    values = data[jp_column].astype("float64")
    if values.isna().any():
        raise ValueError(f"jp: kolom '{jp_column}' tidak boleh kosong (ASN tanpa kegiatan = 0)")
    data = data.assign(_jp=values, _nol=values <= 0)
    pns = data[data["status_asn"] == STATUS_ASN[0]].assign(_capai=lambda d: d["_jp"] >= target)
    g = pns.groupby(keys, observed=True, sort=True)
    pns_table = pd.DataFrame({
        "n_pns": g.size(), "n_capai": g["_capai"].sum(), "n_tanpa_jp": g["_nol"].sum(),
        "rerata_jp": g["_jp"].mean(), "median_jp": g["_jp"].median()})
    pns_table.insert(2, "persen_capai", 100 * pns_table.n_capai / pns_table.n_pns)
    pns_table.insert(4, "persen_tanpa_jp", 100 * pns_table.n_tanpa_jp / pns_table.n_pns)
    ceiling_counts = ("n_ada_pengembangan", "n_melebihi_batas")
    tables = []
    for table, base, counts in (
            (pns_table, "n_pns", ("n_capai", "n_tanpa_jp")),
            (_ceiling_table(data, STATUS_ASN[1], ceiling_pppk, keys), "n_pppk", ceiling_counts),
            (_ceiling_table(data, STATUS_ASN[2], ceiling_paruh_waktu, keys), "n_pppk",
             ceiling_counts)):
        table = table.astype({c: "int64" for c in (base, *counts)})
        if k is not None:
            shares = {c.replace("n_", "persen_", 1): c for c in counts}
            table = suppress_table(table, n=base, counts=counts, shares=shares,
                                   means=("rerata_jp", "median_jp"), k=k)
        tables.append(table)
    return Compliance(tables[0], tables[1], float(target), float(ceiling_pppk), tables[2],
                      float(ceiling_paruh_waktu))


def inactive_staff(jp: pd.DataFrame, *, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Staff not expected to take part this cycle, by ``kedudukan`` and status (published).

    They are left out of every denominator of the right (:func:`jp_compliance`, the JP
    bands, IT reach), never counted as missing 20 JP. Their training still counts in the
    totals: their activities are in ``rule_usage`` and ``activity_counts`` (activities and JP
    credited), their JP in ``jp_per_asn``, and here ``n_ada_jp`` / ``jp_total`` show it.

    Parameters
    ----------
    jp : DataFrame
        Output of :func:`jp_per_asn` (``status_asn``, ``jp``; ``aktif`` and ``kedudukan``
        when the roster has them).
    k : int
        ``n`` and ``n_ada_jp`` of 1 … k-1 people, and ``n_ada_jp`` whose complement in its
        row is 1 … k-1, are hidden; ``jp_total`` (the JP of the ``n_ada_jp`` people) is
        hidden with a hidden ``n`` or ``n_ada_jp`` (:func:`suppress_table`).

    Returns
    -------
    DataFrame
        Index ``kedudukan, status_asn`` (statuses in vocabulary order; only combinations
        with staff): ``n``, ``n_ada_jp`` (credited JP > 0), ``jp_total``. Empty when
        everyone is active (a roster without ``aktif``).

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 7, "jp": [0.0] * 5 + [8.0, 30.0],
    ...     "aktif": [False] * 6 + [True], "kedudukan": ["CLTN"] * 6 + ["Aktif"]})
    >>> inactive_staff(jp).reset_index().values.tolist()
    [['CLTN', 'PNS', 6, <NA>, nan]]
    """
    _require(jp, ("status_asn", "jp"), "jp")
    out = jp.loc[~is_active(jp).to_numpy()].assign(
        kedudukan=lambda d: kedudukan(d),
        status_asn=lambda d: pd.Categorical(d["status_asn"], categories=STATUS_ASN),
        _ada=lambda d: d["jp"].astype("float64") > 0, _jp=lambda d: d["jp"].astype("float64"))
    g = out.groupby(["kedudukan", "status_asn"], observed=True, sort=True)
    table = pd.DataFrame({"n": g.size(), "n_ada_jp": g["_ada"].sum(), "jp_total": g["_jp"].sum()})
    table = table.astype({"n": "int64", "n_ada_jp": "int64"})
    table.index = table.index.set_levels(table.index.levels[1].astype("object"), level=1)
    table = suppress_table(table, n="n", counts=["n_ada_jp"], means=["jp_total"], k=k)
    # the JP total is the JP of the n_ada_jp people: hidden with them
    table["jp_total"] = table["jp_total"].where(table["n_ada_jp"].notna())
    return table


def it_reach(jp: pd.DataFrame, keys: Sequence[str], *,
             k: int = config.SUPPRESSION_K, active_only: bool = True) -> pd.DataFrame:
    """Reach of IT / information-system training per group, among active staff.

    Parameters
    ----------
    jp : DataFrame
        Output of :func:`jp_per_asn` (``jp``, ``jp_ti``, ``n_kegiatan_ti``) with the ``keys``.
    keys : list of str
        Grouping columns.
    k : int
        Suppression threshold (:func:`suppress_table`); ``rerata_jp_ti_peserta`` is hidden
        too when fewer than ``k`` people took IT training.
    active_only : bool
        Count only staff expected to take part (``aktif``, as :func:`jp_compliance`); False
        counts everyone.

    Returns
    -------
    DataFrame
        ``n``, ``n_ikut_ti`` (at least one IT activity), ``persen_ikut_ti``,
        ``rerata_jp_ti_peserta`` (mean IT JP of those who took part), ``porsi_jp_ti``
        (% of the group's JP that were IT JP).

    Examples
    --------
    >>> jp = pd.DataFrame({"g": ["a"] * 5, "jp": [10.0, 10.0, 0.0, 0.0, 20.0],
    ...                    "jp_ti": [10.0, 0.0, 0.0, 0.0, 5.0], "n_kegiatan_ti": [1, 0, 0, 0, 1]})
    >>> it_reach(jp, ["g"], k=1).iloc[0].tolist()
    [5.0, 2.0, 40.0, 7.5, 37.5]
    """
    jp = expected(jp) if active_only else jp
    ikut = jp["n_kegiatan_ti"] > 0
    frame = jp.assign(ikut_ti=ikut, jp_ti_peserta=jp["jp_ti"].where(ikut))
    g = frame.groupby(list(keys), observed=True)
    table = pd.DataFrame({"n": g.size(), "n_ikut_ti": g["ikut_ti"].sum(),
                          "rerata_jp_ti_peserta": g["jp_ti_peserta"].mean(),
                          "porsi_jp_ti": 100 * g["jp_ti"].sum() / g["jp"].sum()})
    table.insert(2, "persen_ikut_ti", 100 * table.n_ikut_ti / table.n)
    few = table["n_ikut_ti"] < k
    table = suppress_table(table.astype({"n": "int64", "n_ikut_ti": "int64"}), n="n",
                           counts=["n_ikut_ti"], shares={"persen_ikut_ti": "n_ikut_ti"},
                           means=["porsi_jp_ti"], k=k)
    table["rerata_jp_ti_peserta"] = table["rerata_jp_ti_peserta"].mask(few)
    return table


def it_reach_by_status(jp: pd.DataFrame, by: str = "jenis_jabatan", *, total: str = "Semua ASN",
                       k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """:func:`it_reach` per ``status_asn``: a ``total`` row, then one row per ``by`` group.

    Returns
    -------
    DataFrame
        Index ``status_asn, kelompok``: statuses in the order of
        :data:`~kompetensi.core.vocab.STATUS_ASN` (PPPK paruh waktu apart), groups sorted.

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 2, "jenis_jabatan": ["x", "y"],
    ...                    "jp": [4.0, 0.0], "jp_ti": [4.0, 0.0], "n_kegiatan_ti": [1, 0]})
    >>> it_reach_by_status(jp, k=1)["persen_ikut_ti"].to_dict()
    {('PNS', 'Semua ASN'): 50.0, ('PNS', 'x'): 100.0, ('PNS', 'y'): 0.0}
    """
    names = ["status_asn", "kelompok"]
    table = pd.concat([
        it_reach(jp.assign(semua=total), ["status_asn", "semua"], k=k).rename_axis(names),
        it_reach(jp, ["status_asn", by], k=k).rename_axis(names)]).sort_index()
    return table.sort_index(level="status_asn", sort_remaining=False, kind="stable",
                            key=status_order)
