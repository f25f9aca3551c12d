"""The policy summary (notebook 07): indicators against the previous cycle, and explicit rules.

Pure functions over the headline results (``hasil/*.json`` payloads, already read) and the
published tables (``tabel/*.csv``, already read). Each recommendation comes from a named,
parameterized rule and cites the table it rests on, so a reviewer can check it.

The thresholds are policy choices, not facts: they are explicit parameters of the rules and
of notebook 07 (``docs/asumsi.md``, A-RKS-*).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

SECTIONS = ("Kebutuhan", "Pemangku kepentingan", "Pelaksanaan", "Pemantauan dan evaluasi")


@dataclass(frozen=True)
class Indicator:
    """A key indicator of the summary: where it is in ``hasil`` and which way is better.

    ``key`` is the flattened key (nested dicts joined by ``.``) in ``hasil/<notebook>.json``;
    ``better`` is ``"naik"`` (higher is better), ``"turun"`` or ``""`` (no judgement).
    """

    section: str
    notebook: str
    key: str
    label: str
    better: str = ""


INDICATORS = (
    Indicator("Kebutuhan", "02_kebutuhan_kompetensi", "persen_diasesmen",
              "ASN yang sudah diasesmen (%)", "naik"),
    Indicator("Kebutuhan", "02_kebutuhan_kompetensi", "rerata_jpm",
              "Rerata JPM (kesesuaian jabatan, %)", "naik"),
    Indicator("Kebutuhan", "02_kebutuhan_kompetensi", "kebutuhan_teratas.1",
              "Kebutuhan pengembangan teratas"),
    Indicator("Pemangku kepentingan", "06_masukan_pemangku", "prioritas_teratas.semua",
              "Prioritas teratas semua pemangku"),
    Indicator("Pemangku kepentingan", "06_masukan_pemangku", "kendall_w",
              "Kesepakatan antar-responden (W Kendall)", "naik"),
    Indicator("Pemangku kepentingan", "06_masukan_pemangku", "persen_tidak_konsisten",
              "Jawaban AHP tidak konsisten (%)", "turun"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pns_capai_20jp",
              "PNS aktif yang mencapai 20 JP (%)", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pns_tanpa_jp",
              "PNS tanpa JP sama sekali (%)", "turun"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "median_jp_pns",
              "Median JP per PNS", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "gini_jp_pns",
              "Ketimpangan JP (Gini)", "turun"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pppk_ada_pengembangan",
              "PPPK aktif yang memperoleh pengembangan (%)", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pppk_paruh_waktu_ada_pengembangan",
              "PPPK paruh waktu aktif yang memperoleh pengembangan (%)", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "n_tidak_aktif",
              "ASN tidak aktif (CLTN, tugas belajar, dan lainnya; di luar penyebut 20 JP)"),
    Indicator("Pemantauan dan evaluasi", "04_evaluasi_pelatihan", "tes.peningkatan",
              "Peningkatan skor tes (poin)", "naik"),
    Indicator("Pemantauan dan evaluasi", "04_evaluasi_pelatihan", "reaksi.tingkat_respons",
              "Tingkat respons survei reaksi", "naik"),
    Indicator("Pemantauan dan evaluasi", "05_dampak_kinerja", "efek_skor.estimasi",
              "Efek pelatihan pada skor SKP (Callaway-Sant'Anna)", "naik"),
    Indicator("Pemantauan dan evaluasi", "08_kualitas_pelayanan", "ikm_kota",
              "IKM kota: rerata IKM unit layanan (SKM, 25-100)", "naik"),
    Indicator("Pemantauan dan evaluasi", "08_kualitas_pelayanan", "unit_sampel_kurang",
              "Unit-periode SKM di bawah sampel minimum", "turun"),
    Indicator("Pemantauan dan evaluasi", "08_kualitas_pelayanan", "efek.nrr_u6.estimasi",
              "Perubahan NRR U6 unit yang mencapai ambang pelatihan TI (CS)", "naik"),
    Indicator("Pemantauan dan evaluasi", "01_pembersihan", "persen_ditolak",
              "Baris data ditolak saat pembersihan (%)", "turun"),
)




def previous_from_trend(trend: Sequence[Mapping[str, Any]], siklus: int) -> dict[str, Any]:
    """The row of a ``tren`` list (one dict per ``siklus``) for the cycle before ``siklus``.

    Notebook 03 publishes its indicators of every cycle in the data; this fills the previous
    cycle when that cycle's own report folder does not exist.

    Examples
    --------
    >>> previous_from_trend([{"siklus": 2024, "x": 1.0}, {"siklus": 2025, "x": 2.0}], 2025)
    {'x': 1.0}
    """
    earlier = [row for row in trend if isinstance(row, Mapping) and row.get("siklus") is not None
               and int(row["siklus"]) < int(siklus)]
    if not earlier:
        return {}
    last = max(earlier, key=lambda row: int(row["siklus"]))
    return {k: v for k, v in last.items() if k != "siklus"}


def compare_indicators(current: Mapping[str, Mapping[str, Any]],
                       previous: Mapping[str, Mapping[str, Any]],
                       indicators: Sequence[Indicator] = INDICATORS) -> pd.DataFrame:
    """Key indicators of this cycle next to the previous one, with the direction of change.

    Parameters
    ----------
    current, previous
        Flattened ``hasil`` per notebook stem (:func:`flatten`); a missing notebook or key
        gives an empty value, not an error.
    indicators
        Which indicators, in which policy section.

    Returns
    -------
    DataFrame
        ``bagian, indikator, nilai, nilai_sebelumnya, perubahan, arah, penilaian, sumber``.
        ``perubahan`` is rounded to 4 decimals (a rounded zero is +0.0, never -0.0);
        ``arah`` is ``naik``/``turun``/``tetap`` (change below 1e-9 is ``tetap``), or
        ``tidak ada pembanding``; ``penilaian`` is ``membaik``/``memburuk`` when the
        indicator has a better direction; ``sumber`` is ``hasil/<notebook>.json: <key>``.

    Examples
    --------
    >>> ind = [Indicator("Pelaksanaan", "03_x", "p", "Capai 20 JP (%)", "naik")]
    >>> t = compare_indicators({"03_x": {"p": 58.9}}, {"03_x": {"p": 58.0}}, ind)
    >>> t[["arah", "penilaian"]].iloc[0].tolist(), float(t["perubahan"].round(1).iloc[0])
    (['naik', 'membaik'], 0.9)
    """
    rows = []
    for ind in indicators:
        now = current.get(ind.notebook, {}).get(ind.key)
        before = previous.get(ind.notebook, {}).get(ind.key)
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool)
                      for v in (now, before))
        change = float(now) - float(before) if numeric else np.nan
        if now is None:
            direction = "hasil belum ada"
        elif before is None:
            direction = "tidak ada pembanding"
        elif numeric:
            direction = "tetap" if abs(change) < 1e-9 else ("naik" if change > 0 else "turun")
        else:
            direction = "tetap" if now == before else "berubah"
        judgement = ""
        if ind.better and direction in ("naik", "turun"):
            judgement = "membaik" if direction == ind.better else "memburuk"
        rows.append({"bagian": ind.section, "indikator": ind.label,
                     "nilai": _show(now), "nilai_sebelumnya": _show(before),
                     "perubahan": round(change, 4) + 0.0 if numeric else np.nan,  # no -0.0
                     "arah": direction, "penilaian": judgement,
                     "sumber": f"hasil/{ind.notebook}.json: {ind.key}"})
    return pd.DataFrame(rows)


def _show(value: Any) -> Any:
    """A value for the table: a number (floats to 4 significant digits), a text, or None."""
    if value is None or isinstance(value, bool):
        return None if value is None else ("ya" if value else "tidak")
    if isinstance(value, float):
        return float(f"{value:.4g}")
    return value


def claim_map(indicators: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """Each claim of the summary with the notebook and table or result it rests on.

    Examples
    --------
    >>> ind = pd.DataFrame({"bagian": ["Pelaksanaan"], "indikator": ["x"],
    ...                     "sumber": ["hasil/03_a.json: x"]})
    >>> rec = pd.DataFrame({"bagian": ["Pelaksanaan"], "aturan": ["r"], "rekomendasi": ["y"],
    ...                     "dasar": ["Tabel 3.4. z (tabel/03_c.csv)"]})
    >>> claim_map(ind, rec)["notebook"].tolist()
    ['03', '03']
    """
    claims = pd.concat([
        pd.DataFrame({"bagian": indicators["bagian"], "jenis": "indikator",
                      "klaim": indicators["indikator"], "dasar": indicators["sumber"]}),
        pd.DataFrame({"bagian": recommendations["bagian"], "jenis": "rekomendasi",
                      "klaim": recommendations["aturan"], "dasar": recommendations["dasar"]}),
    ], ignore_index=True)
    number = claims["dasar"].astype(str).str.extract(r"(?:hasil|tabel)/(\d{2})_")[0]
    fallback = claims["dasar"].astype(str).str.extract(r"(?:Tabel|Gambar) (\d+)\.")[0]
    claims.insert(2, "notebook", number.fillna(fallback.str.zfill(2)).fillna(""))
    return claims
