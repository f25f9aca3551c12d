"""The recommendation rules of the policy summary (notebook 07).

Each rule is named and parameterized and cites the table it rests on; the thresholds
are policy choices (``docs/asumsi.md``, A-RKS-*).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kompetensi.core.formats import angka, persen, ringkas

RECOMMENDATION_COLUMNS = ["bagian", "aturan", "rekomendasi", "dasar"]


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)


def _need(table: pd.DataFrame, columns: Sequence[str], rule: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{rule}: tabel tidak memiliki kolom {missing}")


def rule_low_jp_coverage(table: pd.DataFrame, *, threshold: float = 50.0,
                         source: str = "") -> pd.DataFrame:
    """OPDs where fewer than ``threshold`` % of PNS reach 20 JP (Pelaksanaan).

    The shares are notebook 03's, of active PNS only (inactive staff, e.g. on CLTN or tugas
    belajar, are not in the denominator: ``implementation.jp_compliance``).

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
    names = ", ".join(f"{o} ({persen(s)})" for o, s in zip(low["opd"], low["_s"], strict=True))
    text = (f"Prioritaskan alokasi pengembangan kompetensi di {len(low)} perangkat daerah yang "
            f"kurang dari {ringkas(threshold)} % PNS aktifnya mencapai 20 JP: {names}.")
    return _frame([{"bagian": "Pelaksanaan",
                    "aturan": f"persen PNS capai 20 JP < {ringkas(threshold)} % per OPD",
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
             "aturan": f"alpha Cronbach < {ringkas(threshold)}",
             "rekomendasi": (f"Perbaiki butir survei reaksi dimensi {d} (alpha {angka(a, 2)} < "
                             f"{ringkas(threshold)}): skornya belum cukup andal untuk membandingkan "
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
                             f"[{ringkas(lo, 3)}; {ringkas(hi, 3)}] memuat 0. Pertahankan pemantauan dan "
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
             "aturan": f"persen jawaban AHP konsisten < {ringkas(threshold)} %",
             "rekomendasi": (f"Ulangi atau dampingi pengisian kuesioner AHP kelompok {g} "
                             f"(hanya {persen(s)} jawaban konsisten): bobot prioritas kelompok "
                             "ini belum dapat dipegang."),
             "dasar": source}
            for g, s in zip(low["kelompok"], low["_s"], strict=True)]
    return _frame(rows)


def rule_service_priority(table: pd.DataFrame, *, top: int = 5, source: str = "") -> pd.DataFrame:
    """The service units to serve first (Pelaksanaan): the ``top`` units of notebook 08's
    priority order, lowest community judgement of staff competence and behaviour (mean NRR of
    SKM elements U6 and U7) first, then the least IT-trained front-line staff (A-SKM-44).

    ``table`` has ``urutan``, ``unit``, ``nrr_u6_u7`` and ``persen_ti`` (NaN where suppressed:
    then the share is not named). Units without an adequate sample are not in the table.

    Examples
    --------
    >>> t = pd.DataFrame({"urutan": [1, 2, 3], "unit": ["Kelurahan A", "Puskesmas B", "C"],
    ...                   "nrr_u6_u7": [2.7, 2.9, 3.4], "persen_ti": [10.0, float("nan"), 80.0]})
    >>> rule_service_priority(t, top=2)["rekomendasi"].str.contains("Puskesmas B").tolist()
    [True]
    """
    _need(table, ["urutan", "unit", "nrr_u6_u7", "persen_ti"], "rule_service_priority")
    if top < 1:
        raise ValueError("rule_service_priority: top harus >= 1")
    first = table.assign(_o=pd.to_numeric(table["urutan"], errors="coerce")).sort_values("_o")
    first = first.head(int(top))
    if first.empty:
        return _frame([])
    parts = []
    for unit, nrr, share in zip(first["unit"], first["nrr_u6_u7"], first["persen_ti"],
                                strict=True):
        share = pd.to_numeric(share, errors="coerce")
        trained = f"; {persen(share, 0)} staf garis depan terlatih TI" if pd.notna(share) else ""
        parts.append(f"{unit} (NRR U6/U7 {angka(nrr, 2)}{trained})")
    text = (f"Dahulukan pelatihan kompetensi pelayanan dan sistem informasi bagi staf garis depan "
            f"di {len(first)} unit layanan yang kompetensi dan perilaku petugasnya dinilai paling "
            f"rendah oleh masyarakat (SKM U6, U7): {', '.join(parts)}. Ukur ulang SKM unit-unit "
            "ini pada periode berikutnya dengan sampel minimum.")
    return _frame([{"bagian": "Pelaksanaan",
                    "aturan": f"{len(first)} unit teratas urutan prioritas SKM (U6/U7 terendah, "
                              "lalu persen staf terlatih TI terendah)",
                    "rekomendasi": text, "dasar": source}])
