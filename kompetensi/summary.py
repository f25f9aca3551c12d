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
RECOMMENDATION_COLUMNS = ["bagian", "aturan", "rekomendasi", "dasar"]


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
              "PNS yang mencapai 20 JP (%)", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pns_tanpa_jp",
              "PNS tanpa JP sama sekali (%)", "turun"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "median_jp_pns",
              "Median JP per PNS", "naik"),
    Indicator("Pelaksanaan", "03_pelaksanaan_pelatihan", "gini_jp_pns",
              "Ketimpangan JP (Gini)", "turun"),
    Indicator("Pemantauan dan evaluasi", "04_evaluasi_pelatihan", "tes.peningkatan",
              "Peningkatan skor tes (poin)", "naik"),
    Indicator("Pemantauan dan evaluasi", "04_evaluasi_pelatihan", "reaksi.tingkat_respons",
              "Tingkat respons survei reaksi", "naik"),
    Indicator("Pemantauan dan evaluasi", "05_dampak_kinerja", "efek_skor.estimasi",
              "Efek pelatihan pada skor SKP (TWFE)", "naik"),
    Indicator("Pemantauan dan evaluasi", "01_pembersihan", "persen_ditolak",
              "Baris data ditolak saat pembersihan (%)", "turun"),
)


def flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a nested ``hasil`` dict with keys joined by ``.``; lists are left out.

    Examples
    --------
    >>> flatten({"a": 1, "b": {"c": 2.5, "d": [1, 2]}})
    {'a': 1, 'b.c': 2.5}
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        elif value is None or isinstance(value, str | int | float | bool):
            out[name] = value
    return out


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


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)


def _need(table: pd.DataFrame, columns: Sequence[str], rule: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{rule}: tabel tidak memiliki kolom {missing}")


def rule_low_jp_coverage(table: pd.DataFrame, *, threshold: float = 50.0,
                         source: str = "") -> pd.DataFrame:
    """OPDs where fewer than ``threshold`` % of PNS reach 20 JP (Pelaksanaan).

    Parameters
    ----------
    table
        Published table of notebook 03 by OPD, columns ``opd`` and ``persen_capai``
        (suppressed shares, NaN, are skipped: they rest on fewer than 5 people).
    threshold
        Percentage below which an OPD is named (A-RKS-1; default 50).
    source
        The caption of the table, cited in ``dasar``.

    Returns
    -------
    DataFrame ``bagian, aturan, rekomendasi, dasar``: one row naming the OPDs (lowest
    first), or no row when none is below the threshold.

    Examples
    --------
    >>> t = pd.DataFrame({"opd": ["A", "B", "C"], "persen_capai": [44.1, 70.0, float("nan")]})
    >>> rule_low_jp_coverage(t, threshold=50, source="Tabel 3.4")["rekomendasi"].str.contains(
    ...     "A").tolist()
    [True]
    """
    _need(table, ["opd", "persen_capai"], "rule_low_jp_coverage")
    share = pd.to_numeric(table["persen_capai"], errors="coerce").astype("float64")
    low = table.assign(_s=share).loc[share < threshold].sort_values("_s")
    if low.empty:
        return _frame([])
    names = ", ".join(f"{o} ({s:.1f}%)" for o, s in zip(low["opd"], low["_s"], strict=True))
    text = (f"Prioritaskan alokasi pengembangan kompetensi di {len(low)} perangkat daerah yang "
            f"kurang dari {threshold:g}% PNS-nya mencapai 20 JP: {names}.")
    return _frame([{"bagian": "Pelaksanaan",
                    "aturan": f"persen PNS capai 20 JP < {threshold:g}% per OPD",
                    "rekomendasi": text, "dasar": source}])


def rule_low_alpha(table: pd.DataFrame, *, threshold: float = 0.7,
                   source: str = "") -> pd.DataFrame:
    """Survey dimensions whose Cronbach's alpha is below ``threshold`` (Pemantauan).

    ``table`` has columns ``dimensi`` and ``alpha`` (notebook 04); 0.7 is the customary
    lower bound for a scale used to compare groups (Nunnally & Bernstein, *Psychometric
    Theory*, 3rd ed., 1994, p. 265).

    Examples
    --------
    >>> t = pd.DataFrame({"dimensi": ["Materi", "Penyelenggaraan"], "alpha": [0.85, 0.636]})
    >>> rule_low_alpha(t)["rekomendasi"].str.contains("Penyelenggaraan").tolist()
    [True]
    """
    _need(table, ["dimensi", "alpha"], "rule_low_alpha")
    alpha = pd.to_numeric(table["alpha"], errors="coerce").astype("float64")
    low = table.assign(_a=alpha).loc[alpha < threshold]
    rows = [{"bagian": "Pemantauan dan evaluasi",
             "aturan": f"alpha Cronbach < {threshold:g}",
             "rekomendasi": (f"Perbaiki butir survei reaksi dimensi {d} (alpha {a:.2f} < "
                             f"{threshold:g}): skornya belum cukup andal untuk membandingkan "
                             "program atau penyelenggara."),
             "dasar": source}
            for d, a in zip(low["dimensi"], low["_a"], strict=True)]
    return _frame(rows)


def rule_ci_includes_zero(table: pd.DataFrame, *, label_columns: Sequence[str] = ("hasil",
                          "estimator"), source: str = "") -> pd.DataFrame:
    """Effects whose confidence interval includes 0 (Pemantauan): not shown to differ from 0.

    ``table`` has ``ci_bawah`` and ``ci_atas`` (notebook 05) and the ``label_columns``.
    Rows with a missing bound are skipped. When no interval includes 0 the rule yields one
    row saying so (the evidence supports an effect), so the claim is on the map either way.

    Examples
    --------
    >>> t = pd.DataFrame({"hasil": ["skor", "skor"], "estimator": ["naif", "DiD"],
    ...                   "ci_bawah": [0.1, -0.05], "ci_atas": [0.3, 0.2]})
    >>> rule_ci_includes_zero(t)["rekomendasi"].str.contains("DiD").tolist()
    [True]
    """
    _need(table, ["ci_bawah", "ci_atas", *label_columns], "rule_ci_includes_zero")
    low = pd.to_numeric(table["ci_bawah"], errors="coerce").astype("float64")
    high = pd.to_numeric(table["ci_atas"], errors="coerce").astype("float64")
    label = table[label_columns[0]].astype(str)
    for column in label_columns[1:]:
        label = label.str.cat(table[column].astype(str), sep=" — ")
    covers = (low <= 0) & (high >= 0)
    rows = [{"bagian": "Pemantauan dan evaluasi", "aturan": "selang kepercayaan memuat 0",
             "rekomendasi": (f"Jangan menyimpulkan dampak untuk {name}: selang kepercayaannya "
                             f"[{lo:.3g}; {hi:.3g}] memuat 0. Pertahankan pemantauan dan "
                             "perbesar kohort sebelum memperluas atau menghentikan program."),
             "dasar": source}
            for name, lo, hi in zip(label[covers], low[covers], high[covers], strict=True)]
    if not rows and (low.notna() & high.notna()).any():
        rows = [{"bagian": "Pemantauan dan evaluasi", "aturan": "selang kepercayaan memuat 0",
                 "rekomendasi": ("Tidak ada selang kepercayaan efek yang memuat 0: bukti "
                                 "mendukung adanya efek; lanjutkan program dengan evaluasi "
                                 "dampak berkala (lihat juga catatan asumsi desain)."),
                 "dasar": source}]
    return _frame(rows)


def rule_stakeholder_inconsistency(table: pd.DataFrame, *, threshold: float = 80.0,
                                   source: str = "") -> pd.DataFrame:
    """Stakeholder groups whose share of consistent AHP answers is below ``threshold`` %.

    ``table`` has ``kelompok`` and ``persen_konsisten`` (notebook 06); the row ``semua`` is
    the total and is not named separately.

    Examples
    --------
    >>> t = pd.DataFrame({"kelompok": ["praktisi", "semua"], "persen_konsisten": [70.0, 85.0]})
    >>> rule_stakeholder_inconsistency(t)["rekomendasi"].str.contains("praktisi").tolist()
    [True]
    """
    _need(table, ["kelompok", "persen_konsisten"], "rule_stakeholder_inconsistency")
    share = pd.to_numeric(table["persen_konsisten"], errors="coerce").astype("float64")
    low = table.assign(_s=share).loc[(share < threshold) & (table["kelompok"] != "semua")]
    rows = [{"bagian": "Pemangku kepentingan",
             "aturan": f"persen jawaban AHP konsisten < {threshold:g}%",
             "rekomendasi": (f"Ulangi atau dampingi pengisian kuesioner AHP kelompok {g} "
                             f"(hanya {s:.1f}% jawaban konsisten): bobot prioritas kelompok "
                             "ini belum dapat dipegang."),
             "dasar": source}
            for g, s in zip(low["kelompok"], low["_s"], strict=True)]
    return _frame(rows)


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
