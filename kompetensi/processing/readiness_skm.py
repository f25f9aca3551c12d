"""The readiness facts and findings of the community satisfaction survey tables (``skm``,
``skm_rekap``): their units, periods and elements, and the units mapped to no OPD.

Part of the gate of :mod:`kompetensi.processing.readiness`: a service unit mapped to no OPD
blocks the run as a roster unit does (each named with its row count, whatever the rejected
share); an element without a single answer, and recap rows without respondent data, are
warnings.
"""

from __future__ import annotations

import pandas as pd

from kompetensi.clean.skm import SKM_TABLES
from kompetensi.clean.units import MAP_FILE as UNIT_MAP_FILE
from kompetensi.core.vocab import SKM_UNSUR

UNMAPPED = "unit_tidak_dipetakan"


def skm_facts(tables: dict[str, pd.DataFrame], rows: pd.DataFrame) -> dict:
    """Per SKM table present: ``unit`` (distinct units kept), ``baris``, ``periode`` (rows per
    period), ``unsur_tanpa_jawaban`` (``skm``: elements no kept respondent answered),
    ``tanpa_responden`` (``skm_rekap``: rows without a respondent count), and
    ``unit_tidak_dikenal`` (``[unit, rows]`` rejected ``unit_tidak_dipetakan``).

    ``rows``: the rejected rows of the cycle (``ditolak`` with ``cakupan`` "baris").

    >>> data = pd.DataFrame({"unit": ["A", "A", "B"], "periode": ["2025"] * 3,
    ...                      **{u: [4, 3, None] for u in SKM_UNSUR[:8]}, "u9": [None] * 3})
    >>> rows = pd.DataFrame({"tabel": ["skm"], "alasan": [UNMAPPED], "nilai": ["Pkm X"]})
    >>> facts = skm_facts({"skm": data}, rows)["skm"]
    >>> facts["unit"], facts["unsur_tanpa_jawaban"], facts["unit_tidak_dikenal"]
    (2, ['u9'], [['Pkm X', 1]])
    """
    out = {}
    for table in SKM_TABLES:
        if table not in tables:
            continue
        data = tables[table]
        unmapped = rows.loc[(rows["tabel"] == table) & (rows["alasan"] == UNMAPPED)]
        counts = unmapped.groupby("nilai", sort=True, dropna=False).size()
        facts = {
            "unit": int(data["unit"].nunique()), "baris": len(data),
            "periode": {str(k): int(v) for k, v in
                        data["periode"].value_counts(sort=False).sort_index().items() if v},
            "unit_tidak_dikenal": [["(kosong)" if pd.isna(name) else str(name), int(n)]
                                   for name, n in counts.items()],
        }
        if table == "skm":
            facts["unsur_tanpa_jawaban"] = [u for u in SKM_UNSUR if u not in data
                                            or not data[u].notna().any()] if len(data) else []
        else:
            facts["tanpa_responden"] = int(data["responden"].isna().sum())
        out[table] = facts
    return out


def skm_findings(facts: dict, blocking: list, warnings: list, summary: list) -> None:
    """The gate's lines of the SKM facts (:func:`skm_facts`, ``facts["skm"]``)."""
    for table, t in sorted((facts.get("skm") or {}).items()):
        what = "responden" if table == "skm" else "baris rekap"
        periods = ", ".join(f"{p} ({n})" for p, n in t["periode"].items()) or "—"
        summary.append(f"    {table}: {t['unit']} unit layanan, {t['baris']} {what}; periode "
                       f"{periods}")
        for unit, n in t["unit_tidak_dikenal"]:
            blocking.append(f"{table}: unit layanan '{unit}' tidak dipetakan ke perangkat daerah "
                            f"({n} baris); tambahkan baris unor,opd ke data/raw/<dataset>/"
                            f"{UNIT_MAP_FILE} (atau beri kolom OPD di file)")
        if t.get("unsur_tanpa_jawaban"):
            warnings.append(f"{table}: unsur {', '.join(t['unsur_tanpa_jawaban'])} tanpa satu "
                            "jawaban pun (kolomnya tidak ada atau kosong): IKM sembilan unsur "
                            "tidak dapat dihitung dari file ini")
        if t.get("tanpa_responden"):
            warnings.append(f"{table}: {t['tanpa_responden']} baris rekap tanpa jumlah "
                            "responden: IKM-nya dipakai sebagaimana dipublikasikan, ukuran "
                            "sampelnya tidak diketahui")
