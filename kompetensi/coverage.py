"""Implementation of competency development: credited JP per ASN, the 20 JP right, equity.

Every PNS has the right to at least 20 JP a year (PP 11/2017 Pasal 203(4) as amended by
PP 17/2020); for PPPK 24 JP a year is a ceiling, not a target (PP 49/2018 Pasal 40(1)), so PPPK
are reported separately and fewer than 24 JP is never called a shortfall.

The public API of implementation analysis lives here: the JP conversion
(:func:`credit_jp`, from :mod:`kompetensi.credit`), :func:`jp_per_asn`, :func:`jp_compliance`,
the equity measures (:func:`jp_concentration`, :func:`jp_persistence`, :func:`age_band`, from
:mod:`kompetensi.equity`), the Indeks Profesionalitas ASN (:func:`ip_asn`, :func:`ip_band`,
from :mod:`kompetensi.professionalism`) and the small-cell helpers for published tables
(:func:`suppress_table`, :func:`suppress_crosstab`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi import config, privacy
from kompetensi.credit import (
    WAYS,
    _require,
    _unique_pid,
    activities_of_year,
    credit_jp,
    credited,
    keyword_rule,
    sorted_by_pid,
)
from kompetensi.equity import (
    Concentration,
    Persistence,
    age_band,
    jp_concentration,
    jp_persistence,
)
from kompetensi.professionalism import ip_asn, ip_band
from kompetensi.uniques import positions

__all__ = ["Compliance", "Concentration", "Persistence", "activities_of_year", "age_band",
           "credit_jp", "ip_asn", "ip_band", "jp_compliance", "jp_concentration",
           "jp_per_asn", "jp_persistence", "keyword_rule", "suppress_crosstab",
           "suppress_table"]


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


def suppress_table(table: pd.DataFrame, *, n: str, counts: Sequence[str] = (),
                   shares: Mapping[str, str] | None = None, means: Sequence[str] = (),
                   k: int = config.SUPPRESSION_K, complement: bool = True) -> pd.DataFrame:
    """Small-cell suppression of a published table of groups.

    Counts of 1 … k-1 people (``n`` and ``counts``) become <NA>
    (:func:`kompetensi.privacy.suppress_small_cells`); with ``complement`` a count whose
    complement in its group (``n`` minus the count) is 1 … k-1 people is hidden too, since
    it would give that small number away. ``means`` and ``shares`` computed on fewer than k
    people become NaN, and so does a share whose count was hidden (``shares`` maps each share
    column to its count column).

    Examples
    --------
    >>> t = pd.DataFrame({"n": [3, 40, 40], "n_capai": [1, 2, 38],
    ...                   "persen_capai": [33.3, 5.0, 95.0]})
    >>> out = suppress_table(t, n="n", counts=["n_capai"], shares={"persen_capai": "n_capai"})
    >>> out.isna().sum().tolist()  # n 3; counts 1, 2 and 38 (40 - 38 = 2); their shares
    [1, 3, 3]
    """
    shares = dict(shares or {})
    out = privacy.suppress_small_cells(table, k=k, columns=[n, *counts])
    base = table[n].astype("float64")
    for column in counts:
        rest = base - table[column].astype("float64")
        if complement:
            out[column] = out[column].mask((rest > 0) & (rest < k))
    few = base < k
    for column in means:
        out[column] = table[column].astype("float64").mask(few)
    for column, count in shares.items():
        hidden = out[count].isna() & table[count].notna()
        out[column] = table[column].astype("float64").mask(few | hidden)
    return out


def suppress_crosstab(counts: pd.DataFrame, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Primary and complementary suppression of a cross-table of counts of people.

    Cells of 1 … k-1 people are hidden (primary). Because row and column totals are published
    or derivable elsewhere, a row or column with exactly one hidden cell would give it away:
    the smallest other non-zero cell of that row or column is hidden too, repeatedly, until
    no row or column has exactly one hidden cell (a simple heuristic, not an optimal pattern).
    A row or column whose only non-zero cell is hidden cannot be protected this way: do not
    publish its total.

    Returns
    -------
    DataFrame of Int64 with hidden cells <NA>.

    Examples
    --------
    >>> t = pd.DataFrame({"a": [3, 10, 12], "b": [20, 40, 60], "c": [30, 50, 70]})
    >>> # 3 hidden; then 20 (row 0), 10 (column a), 40 (column b): rows 0-1 hide a and b
    >>> suppress_crosstab(t).isna().to_numpy().tolist()
    [[True, True, False], [True, True, False], [False, False, False]]
    """
    values = counts.to_numpy(dtype="float64")
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("suppress_crosstab: perlu hitungan yang terisi dan tidak negatif")
    hidden = (values > 0) & (values < k)
    changed = True
    while changed:
        changed = False
        for h, v in ((hidden, values), (hidden.T, values.T)):  # rows, then columns (views)
            for i in np.flatnonzero(h.sum(axis=1) == 1):
                candidates = np.flatnonzero(~h[i] & (v[i] > 0))
                if candidates.size:
                    h[i, candidates[np.argmin(v[i, candidates])]] = True
                    changed = True
    return counts.astype("Int64").mask(hidden)


@dataclass(frozen=True)
class Compliance:
    """Outcome of :func:`jp_compliance`.

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
    """

    pns: pd.DataFrame = field(repr=False)
    pppk: pd.DataFrame = field(repr=False)
    target: float
    ceiling_pppk: float


def _group(data: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[pd.DataFrame, list]:
    if by is None:
        return data.assign(kelompok="Semua"), ["kelompok"]
    keys = [by] if isinstance(by, str) else list(by)
    _require(data, keys, "jp")
    return data, keys


def jp_compliance(jp: pd.DataFrame, by: str | Sequence[str] | None = None, *,
                  target: float = config.TARGET_JP_PNS,
                  ceiling_pppk: float = config.CEILING_JP_PPPK, jp_column: str = "jp",
                  k: int | None = config.SUPPRESSION_K) -> Compliance:
    """Share of PNS at or above the JP target, and PPPK development reported separately.

    Parameters
    ----------
    jp : DataFrame
        Output of :func:`jp_per_asn` (needs ``status_asn``, ``jp_column`` and the ``by``
        columns).
    by : str or list of str, optional
        Grouping columns; None gives one row ``Semua``.
    target : float
        JP target of PNS (default 20, PP 11/2017 Pasal 203(4) jo. PP 17/2020); a PNS with
        exactly ``target`` JP has reached it.
    ceiling_pppk : float
        PPPK ceiling (default 24, PP 49/2018 Pasal 40(1)): only counts above it are shown.
    jp_column : str
        Column of JP (e.g. ``jp`` or a lower bound such as ``jp - jp_asumsi``).
    k : int or None
        Suppression threshold for publishing (:func:`suppress_table`, complements included);
        None for raw numbers.

    Returns
    -------
    Compliance
        Percentages are 0-100; groups are sorted; groups without PNS (or PPPK) are absent.

    Examples
    --------
    >>> jp = pd.DataFrame({"status_asn": ["PNS"] * 4 + ["PPPK"],
    ...                    "jp": [0.0, 19.5, 20.0, 44.0, 10.0]})
    >>> res = jp_compliance(jp, k=None)
    >>> res.pns[["n_pns", "n_capai", "persen_capai"]].values.tolist()
    [[4.0, 2.0, 50.0]]
    """
    _require(jp, ("status_asn", jp_column), "jp")
    data, keys = _group(jp, by)
    values = data[jp_column].astype("float64")
    if values.isna().any():
        raise ValueError(f"jp: kolom '{jp_column}' tidak boleh kosong (ASN tanpa kegiatan = 0)")
    data = data.assign(_jp=values, _nol=values <= 0)
    pns = data[data["status_asn"] == "PNS"].assign(_capai=lambda d: d["_jp"] >= target)
    g = pns.groupby(keys, observed=True, sort=True)
    pns_table = pd.DataFrame({
        "n_pns": g.size(), "n_capai": g["_capai"].sum(), "n_tanpa_jp": g["_nol"].sum(),
        "rerata_jp": g["_jp"].mean(), "median_jp": g["_jp"].median()})
    pns_table.insert(2, "persen_capai", 100 * pns_table.n_capai / pns_table.n_pns)
    pns_table.insert(4, "persen_tanpa_jp", 100 * pns_table.n_tanpa_jp / pns_table.n_pns)
    pppk = data[data["status_asn"] == "PPPK"].assign(_ada=lambda d: d["_jp"] > 0,
                                                     _lebih=lambda d: d["_jp"] > ceiling_pppk)
    g = pppk.groupby(keys, observed=True, sort=True)
    pppk_table = pd.DataFrame({
        "n_pppk": g.size(), "n_ada_pengembangan": g["_ada"].sum(),
        "rerata_jp": g["_jp"].mean(), "median_jp": g["_jp"].median(),
        "n_melebihi_batas": g["_lebih"].sum()})
    n = pppk_table.n_pppk
    pppk_table.insert(2, "persen_ada_pengembangan", 100 * pppk_table.n_ada_pengembangan / n)
    pppk_table["persen_melebihi_batas"] = 100 * pppk_table.n_melebihi_batas / n
    tables = []
    for table, base, counts in ((pns_table, "n_pns", ("n_capai", "n_tanpa_jp")),
                                (pppk_table, "n_pppk", ("n_ada_pengembangan",
                                                        "n_melebihi_batas"))):
        table = table.astype({c: "int64" for c in (base, *counts)})
        if k is not None:
            shares = {c.replace("n_", "persen_", 1): c for c in counts}
            table = suppress_table(table, n=base, counts=counts, shares=shares,
                                   means=("rerata_jp", "median_jp"), k=k)
        tables.append(table)
    return Compliance(tables[0], tables[1], float(target), float(ceiling_pppk))
