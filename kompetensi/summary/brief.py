"""The executive summary (``Ringkasan eksekutif``): the cycle's headline findings in sentences.

Each finding is one sentence with its number, its direction against the previous cycle, its
interval where it is an estimate, and the table it comes from (issue 22). The findings are a
fixed list (:data:`FINDINGS`), so that the summary of every cycle says the same things in the
same order; a finding whose result is missing says so instead of being left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kompetensi.core.formats import angka, bertanda

SUMMARY_KEY = "ringkasan_eksekutif"


@dataclass(frozen=True)
class Finding:
    """A headline finding: where its value is, how it is written, and its table.

    ``key`` is a dotted path into the notebook's ``hasil``; ``interval`` the dotted path of a
    ``[low, high]`` list, or two paths, of an estimate's interval; ``unit`` follows the
    number (``" %"``, ``" poin"``); ``digits`` its decimals (None for a text value);
    ``better`` is ``"naik"``, ``"turun"`` or ``""``; ``table`` the stem of the table
    (``03_ringkasan_jp``) that shows the value.
    """

    section: str
    notebook: str
    key: str
    subject: str
    table: str
    unit: str = ""
    digits: int | None = 1
    better: str = ""
    interval: tuple[str, ...] = ()
    signed: bool = False


FINDINGS = (
    Finding("Kebutuhan", "02_kebutuhan_kompetensi", "persen_diasesmen",
            "ASN yang sudah diasesmen kompetensinya", "02_cakupan_asesmen", " %", 1, "naik"),
    Finding("Kebutuhan", "02_kebutuhan_kompetensi", "kebutuhan_teratas.1",
            "Kebutuhan pengembangan kompetensi teratas", "02_kebutuhan_pelatihan", digits=None),
    Finding("Pemangku kepentingan", "06_masukan_pemangku", "prioritas_teratas.semua",
            "Prioritas teratas menurut seluruh pemangku kepentingan (AHP)",
            "06_bobot_kelompok", digits=None),
    Finding("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pns_capai_20jp",
            "PNS aktif yang mencapai hak 20 JP", "03_ringkasan_jp", " %", 1, "naik"),
    Finding("Pelaksanaan", "03_pelaksanaan_pelatihan", "persen_pns_tanpa_jp",
            "PNS aktif tanpa JP sama sekali", "03_ringkasan_jp", " %", 1, "turun"),
    Finding("Pemantauan dan evaluasi", "04_evaluasi_pelatihan", "tes.peningkatan",
            "Kenaikan skor tes peserta dari tes awal ke tes akhir", "04_tes_ringkas", " poin", 1,
            "naik", ("tes.peningkatan_ik_bawah", "tes.peningkatan_ik_atas"), signed=True),
    Finding("Pemantauan dan evaluasi", "05_dampak_kinerja", "efek_skor_ik_kesimpulan.estimasi",
            "Efek pelatihan pada skor SKP (Callaway–Sant'Anna, skala 1–5)", "05_efek_cs",
            " poin", 2, "naik", ("efek_skor_ik_kesimpulan.ci_bawah",
                                 "efek_skor_ik_kesimpulan.ci_atas"), signed=True),
    Finding("Pemantauan dan evaluasi", "08_kualitas_pelayanan", "ikm_kota",
            "IKM kota (rerata IKM unit layanan, skala 25–100)", "08_ikm_kota", "", 2, "naik",
            ("ikm_kota_ci",)),
)


def _get(values: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(values, Mapping) or part not in values:
            return None
        values = values[part]
    return values


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if number == number else None


def _interval(values: Any, finding: Finding) -> tuple[float, float] | None:
    if len(finding.interval) == 2:
        low, high = (_number(_get(values, p)) for p in finding.interval)
    elif len(finding.interval) == 1:
        pair = _get(values, finding.interval[0])
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return None
        low, high = (_number(v) for v in pair)
    else:
        return None
    return None if low is None or high is None else (low, high)


def finding_sentence(finding: Finding, now: Any, before: Any,
                     interval: tuple[float, float] | None, previous_siklus: int | None) -> str:
    """One finding as a sentence (Markdown: the value in bold).

    Examples
    --------
    >>> f = Finding("Pelaksanaan", "03_x", "p", "PNS aktif yang mencapai hak 20 JP", "03_t",
    ...             " %", 1, "naik")
    >>> finding_sentence(f, 58.6, 57.0, None, 2024)
    'PNS aktif yang mencapai hak 20 JP: **58,6 %**, naik 1,6 poin dari 57,0 % pada siklus 2024 (membaik).'
    >>> finding_sentence(f, None, 57.0, None, 2024)
    'PNS aktif yang mencapai hak 20 JP: hasil siklus ini belum ada.'
    """
    if now is None:
        return f"{finding.subject}: hasil siklus ini belum ada."
    if finding.digits is None or _number(now) is None:
        text = f"{finding.subject}: **{now}**"
        if before is None:
            return text + (", tanpa pembanding siklus sebelumnya." if previous_siklus is None
                           else f"; siklus {previous_siklus} belum ada hasilnya.")
        same = "sama dengan" if before == now else "sebelumnya"
        return text + (f", {same} siklus {previous_siklus}." if before == now else
                       f" ({same}, siklus {previous_siklus}: {before}).")
    show = bertanda if finding.signed else angka
    text = f"{finding.subject}: **{show(now, finding.digits)}{finding.unit}**"
    if interval is not None:
        text += (f" (IK 95%: {angka(interval[0], finding.digits)} s.d. "
                 f"{angka(interval[1], finding.digits)})")
    old = _number(before)
    if old is None:
        return text + (", tanpa pembanding siklus sebelumnya." if previous_siklus is None
                       else f"; siklus {previous_siklus} belum ada hasilnya.")
    change = float(now) - old
    if round(change, finding.digits) == 0:
        return text + f", sama dengan siklus {previous_siklus}."
    direction = "naik" if change > 0 else "turun"
    unit = " poin" if finding.unit.strip() in ("%", "poin") else ""
    judged = ""
    if finding.better:
        judged = " (membaik)" if direction == finding.better else " (memburuk)"
    return (text + f", {direction} {angka(abs(change), finding.digits)}{unit} dari "
            f"{angka(old, finding.digits)}{finding.unit} pada siklus {previous_siklus}{judged}.")


def executive_summary(current: Mapping[str, Any], previous: Mapping[str, Any],
                      references: Mapping[str, str], recommendations: pd.DataFrame,
                      previous_siklus: int | None,
                      findings: Sequence[Finding] = FINDINGS) -> dict[str, list[dict[str, str]]]:
    """The headline findings and the recommendations, as the summary page shows them.

    Parameters
    ----------
    current, previous : mapping
        ``hasil`` of each notebook as written (nested), this cycle and the previous one.
    references : mapping
        Table stem -> its number as cited (``"Tabel 3.2"``), for the tables that exist.
    recommendations : DataFrame
        ``bagian, aturan, rekomendasi, dasar`` (:data:`kompetensi.summary.RECOMMENDATION_COLUMNS`).
    previous_siklus : int or None
    findings : sequence of Finding

    Returns
    -------
    dict
        ``{"temuan": [{"bagian", "teks", "rujukan"}], "rekomendasi": [{"bagian", "teks",
        "aturan", "rujukan"}]}``; ``rujukan`` is ``"Tabel N.K"`` or empty.

    Examples
    --------
    >>> f = (Finding("Pelaksanaan", "03_x", "p", "Capai 20 JP", "03_t", " %", 1, "naik"),)
    >>> rec = pd.DataFrame({"bagian": ["Pelaksanaan"], "aturan": ["r"], "rekomendasi": ["y"],
    ...                     "dasar": ["Tabel 3.4. z (tabel/03_c.csv)"]})
    >>> out = executive_summary({"03_x": {"p": 60.0}}, {}, {"03_t": "Tabel 3.2"}, rec, None, f)
    >>> out["temuan"][0]["rujukan"], out["rekomendasi"][0]["rujukan"]
    ('Tabel 3.2', 'Tabel 3.4')
    """
    rows = []
    for finding in findings:
        values = current.get(finding.notebook, {})
        now = _get(values, finding.key)
        before = _get(previous.get(finding.notebook, {}), finding.key)
        rows.append({"bagian": finding.section,
                     "teks": finding_sentence(finding, now, before, _interval(values, finding),
                                              previous_siklus),
                     "rujukan": references.get(finding.table, "")})
    recs = []
    for rec in recommendations.itertuples(index=False):
        cited = re.search(r"(?:Tabel|Gambar) \d+\.\d+", str(rec.dasar))
        recs.append({"bagian": rec.bagian, "teks": str(rec.rekomendasi),
                     "aturan": str(rec.aturan), "rujukan": cited.group(0) if cited else ""})
    return {"temuan": rows, "rekomendasi": recs}


def summary_markdown(summary: Mapping[str, Sequence[Mapping[str, str]]]) -> str:
    """The executive summary as Markdown: numbered findings, then the recommendations.

    Examples
    --------
    >>> print(summary_markdown({"temuan": [{"teks": "A: **1**.", "rujukan": "Tabel 3.2"}],
    ...                         "rekomendasi": []}))
    **Temuan utama**
    <BLANKLINE>
    1. A: **1**. *(Tabel 3.2)*
    <BLANKLINE>
    **Rekomendasi**
    <BLANKLINE>
    - Tidak ada rekomendasi dari aturan yang tersedia.
    """
    def cite(row: Mapping[str, str]) -> str:
        return f" *({row['rujukan']})*" if row.get("rujukan") else ""

    lines = ["**Temuan utama**", ""]
    lines += [f"{k}. {row['teks']}{cite(row)}" for k, row in enumerate(summary["temuan"], 1)]
    lines += ["", "**Rekomendasi**", ""]
    lines += [f"- {row['teks']} *(Aturan: {row['aturan']}; dasar: {row['rujukan'] or '–'})*"
              for row in summary["rekomendasi"]] or [
        "- Tidak ada rekomendasi dari aturan yang tersedia."]
    return "\n".join(lines)
