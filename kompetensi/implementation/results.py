"""Indicators of notebook 03 across cycles, and its headline results (``hasil``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kompetensi.core import config
from kompetensi.core.rights import expected, is_active
from kompetensi.implementation.coverage import jp_compliance
from kompetensi.implementation.data import Cycles
from kompetensi.implementation.equity import Concentration, Persistence
from kompetensi.implementation.ip_tables import IP_DIMENSIONS, ip_bands
from kompetensi.implementation.overview import Overview
from kompetensi.privacy.disclosure import count_or_none


def jp_trend(cycles: Cycles, current: pd.DataFrame | None = None, *,
             target: float = config.TARGET_JP_PNS, ceiling_pppk: float = config.CEILING_JP_PPPK,
             k: int | None = config.SUPPRESSION_K,
             ceiling_paruh_waktu: float = config.CEILING_JP_PPPK_PARUH_WAKTU) -> pd.DataFrame:
    """The JP indicators of every cycle, each on its own roster and activities.

    Rates count the staff active in that cycle (``aktif``, as ``jp_compliance``); the
    inactive are counted in ``n_tidak_aktif`` (hidden when 1 … k-1 unless ``k`` is None).

    Parameters
    ----------
    cycles : Cycles
        The loaded cycles (:func:`~kompetensi.implementation.data.cycle_tables`).
    current : DataFrame, optional
        ``jp_per_asn`` of ``cycles.siklus`` when already computed (else computed again).
    target, ceiling_pppk, k, ceiling_paruh_waktu
        As in :func:`~kompetensi.implementation.coverage.jp_compliance`.

    Returns
    -------
    DataFrame
        Index ``siklus``: ``n_pns``, ``persen_pns_capai_20jp``, ``persen_pns_tanpa_jp``,
        ``median_jp_pns``, ``rerata_jp_pns``, ``n_pppk``, ``persen_pppk_ada_pengembangan``,
        ``n_pppk_paruh_waktu``, ``persen_pppk_paruh_waktu_ada_pengembangan``,
        ``persen_asn_ikut_ti`` (% active ASN with at least one IT activity), ``n_tidak_aktif``.

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": list("abcde"), "status_asn": ["PNS"] * 5})
    >>> act = pd.DataFrame({"pid": ["a"], "jenis": ["Bimtek"], "jp": [24.0], "hari": [3],
    ...     "luar_negeri": [False], "tanggal_mulai": pd.to_datetime(["2025-02-01"]),
    ...     "topik_ti": [True]})
    >>> from kompetensi.implementation.data import cycle_tables
    >>> t = jp_trend(cycle_tables({2025: {"pegawai": peg, "pelatihan": act}}, 2025), k=None)
    >>> [float(t.loc[2025, c]) for c in ("n_pns", "persen_pns_tanpa_jp", "persen_asn_ikut_ti")]
    [5.0, 80.0, 20.0]
    >>> bool(t["persen_pppk_ada_pengembangan"].isna().all())  # no PPPK in that cycle
    True
    """
    rows = []
    for s in cycles.cycles:
        jp_s = current if s == cycles.siklus and current is not None else cycles.jp(s)
        comp = jp_compliance(jp_s, target=target, ceiling_pppk=ceiling_pppk, k=k,
                             ceiling_paruh_waktu=ceiling_paruh_waktu)
        pns, pppk, part = (t.iloc[0] if len(t) else pd.Series(dtype=float)
                           for t in (comp.pns, comp.pppk, comp.paruh_waktu))
        inactive = int((~is_active(jp_s)).sum())
        rows.append({
            "siklus": s, "n_pns": pns.get("n_pns"), "persen_pns_capai_20jp": pns.get("persen_capai"),
            "persen_pns_tanpa_jp": pns.get("persen_tanpa_jp"), "median_jp_pns": pns.get("median_jp"),
            "rerata_jp_pns": pns.get("rerata_jp"), "n_pppk": pppk.get("n_pppk"),
            "persen_pppk_ada_pengembangan": pppk.get("persen_ada_pengembangan"),
            "n_pppk_paruh_waktu": part.get("n_pppk"),
            "persen_pppk_paruh_waktu_ada_pengembangan": part.get("persen_ada_pengembangan"),
            "persen_asn_ikut_ti": 100 * float((expected(jp_s)["n_kegiatan_ti"] > 0).mean()),
            "n_tidak_aktif": inactive if k is None else count_or_none(inactive, k),
        })
    trend = pd.DataFrame(rows).set_index("siklus")
    counts = ("n_pns", "n_pppk", "n_pppk_paruh_waktu", "n_tidak_aktif")
    return trend.astype({c: "Float64" for c in counts}).astype({c: "Int64" for c in counts})


def _value(x: Any, digits: int = 1) -> float | None:
    # twin of kompetensi.report.tables.value, which an analysis may not import
    return None if pd.isna(x) else round(float(x), digits)


def _count(x: Any) -> int | None:
    return int(x) if pd.notna(x) else None


def headline(*, target: float, overview: Overview, jp: pd.DataFrame, concentration: Concentration,
             persistence: Persistence | None, ip: pd.DataFrame, trend: pd.DataFrame,
             bands: Sequence[str] | None = None, k: int = config.SUPPRESSION_K
             ) -> dict[str, Any]:
    """The headline numbers of notebook 03 (``hasil``): percentages to 1 decimal, Gini and rho
    to 3, missing as None.

    Rates are of active staff (``overview``; the shares of ASN without activity and with IT
    training over ``aktif`` staff too); ``n_tidak_aktif`` counts the others (None when 1 …
    k-1). The IP ASN means cover everyone on the roster.

    Parameters
    ----------
    target : float
        JP target of PNS.
    overview : Overview
        :func:`~kompetensi.implementation.overview.jp_overview` of the cycle.
    jp : DataFrame
        ``jp_per_asn`` of the cycle.
    concentration : Concentration
        ``jp_concentration`` of PNS JP.
    persistence : Persistence or None
        ``jp_persistence`` against the previous cycle (None without one).
    ip : DataFrame
        ``ip_asn`` of the cycle.
    trend : DataFrame
        :func:`jp_trend`, already rounded for publishing; a list of records, NaN as None.
    bands : list of str, optional
        The IP ASN bands; default ``ip_bands()``.
    k : int
        Suppression threshold of ``n_tidak_aktif``.

    Returns
    -------
    dict

    Examples
    --------
    >>> _value(float("nan")), _value(12.345), _count(3.0)
    (None, 12.3, 3)
    """
    pns, pppk, part = overview.pns, overview.pppk, overview.paruh_waktu
    active = expected(jp)
    bands = ip_bands() if bands is None else list(bands)
    band_share = (100 * ip["kategori_ip_asn"].value_counts(normalize=True)).reindex(bands).fillna(0)
    return {
        "target_jp_pns": target,
        "n_pns": _count(pns.n_pns),
        "n_pppk": _count(pppk.n_pppk),
        "persen_pns_capai_20jp": _value(pns.persen_capai),
        "persen_pns_capai_20jp_batas_bawah": _value(overview.pns_lower.persen_capai),
        "persen_pns_tanpa_jp": _value(pns.persen_tanpa_jp),
        "median_jp_pns": _value(pns.median_jp),
        "rerata_jp_pns": _value(pns.rerata_jp),
        "persen_pppk_ada_pengembangan": _value(pppk.persen_ada_pengembangan),
        "persen_pppk_melebihi_24jp": _value(pppk.persen_melebihi_batas),
        "n_pppk_paruh_waktu": _count(part.n_pppk),
        "persen_pppk_paruh_waktu_ada_pengembangan": _value(part.persen_ada_pengembangan),
        "persen_pppk_paruh_waktu_melebihi_24jp": _value(part.persen_melebihi_batas),
        "n_tidak_aktif": count_or_none(int((~is_active(jp)).sum()), k),
        "persen_asn_tanpa_kegiatan": _value(100 * (active["n_kegiatan"] == 0).mean()),
        "persen_asn_ikut_ti": _value(100 * (active["n_kegiatan_ti"] > 0).mean()),
        "gini_jp_pns": _value(concentration.gini, 3),
        "porsi_jp_10persen_teratas": _value(100 * concentration.share_top),
        "rho_jp_tahun_lalu": None if persistence is None else _value(persistence.rho, 3),
        "ip_asn_rerata": _value(ip["ip_asn"].mean()),
        "ip_asn_rerata_pns": _value(ip.loc[ip.status_asn == "PNS", "ip_asn"].mean()),
        "ip_asn_dimensi_rerata": {d.replace("skor_", ""): _value(ip[d].mean())
                                  for d in IP_DIMENSIONS[:-1]},
        "ip_asn_persen_kategori": {b: _value(band_share[b]) for b in bands},
        "tren": [{key: (None if pd.isna(v) else v) for key, v in row.items()}
                 for row in trend.reset_index().to_dict(orient="records")],
    }
