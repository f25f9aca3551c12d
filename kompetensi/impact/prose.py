"""The longer findings of notebook 05 in Bahasa Indonesia, written from the results.

Numbers are spelled by the formatter the caller passes (``fmt``: an object with ``angka`` and
``ci_text``, in the notebook the module :mod:`kompetensi.report.format`), so that every number
reads as in the rest of the report while this module stays below the report layer. Each
function returns Markdown text for ``Report.say``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

from kompetensi.impact.core import EffectResult, Estimates, EventStudyResult
from kompetensi.impact.data import PanelFacts
from kompetensi.impact.power import PowerPlan


class Formatter(Protocol):
    """What the prose needs of :mod:`kompetensi.report.format`."""

    def angka(self, value: Any, digits: int = 1) -> str: ...

    def ci_text(self, estimate: Any, low: Any, high: Any, *, digits: int = 2,
                level: int = 95) -> str: ...


TRUTH_INTRO = (
    "### Pemeriksaan terhadap nilai yang ditanam (hanya data sintetis)\n\n"
    "Sampel sintetis dibangkitkan dengan efek pelatihan yang diketahui "
    "(`data/raw/contoh/kebenaran.json`). Tabel ini membandingkan estimasi dengan nilai itu; "
    "untuk data sungguhan nilai yang benar tidak diketahui dan tabel ini tidak muncul.")


def _level(result: EffectResult) -> int:
    return round(100 * result.level)


def _ci(result: EffectResult, fmt: Formatter) -> str:
    return fmt.ci_text(*result.interval(), level=_level(result))


def panel_text(panel: pd.DataFrame, facts: PanelFacts, program: str, fmt: Formatter) -> str:
    """What the person-year panel holds: ratings, people, years, cohorts, dropped rows."""
    cohorts = ", ".join(f"{k} ({facts.participants[k]} peserta bernilai SKP)"
                        for k in facts.cohorts) or "tidak ada"
    return (f"Panel: **{fmt.angka(len(panel), 0)}** penilaian SKP dari "
            f"**{fmt.angka(panel['pid'].nunique(), 0)}** ASN, tahun {facts.years[0]}–"
            f"{facts.years[-1]}. Kohort program {program}: {cohorts}. Penilaian ganda ASN-tahun "
            f"antar-siklus yang dibuang: {panel.attrs['duplikat_pid_tahun']}. ASN tanpa baris "
            f"daftar pegawai (tidak ikut analisis yang memakai OPD): {facts.without_opd}.")


def selection_text(selection: Estimates, naive: Estimates, cohort: str, year: int,
                   fmt: Formatter) -> str:
    """The head start of the first cohort before training, and what it does to the naive
    comparison of its first treated ``year``."""
    if cohort not in selection.results:
        return "Kohort pertama terlalu kecil untuk uji seleksi."
    return (f"Satu tahun sebelum dilatih, calon peserta kohort {cohort} sudah unggul "
            f"**{_ci(selection.results[cohort], fmt)}** poin skor dari pegawai lain. Selisih "
            f"awal ini ikut terhitung dalam perbandingan naif tahun {year} "
            f"(**{_ci(naive.results[year], fmt)}**), sehingga perbandingan naif "
            "**melebih-lebihkan** efek pelatihan.")


def adjustment_text(adjustment: Estimates, fmt: Formatter) -> str:
    """What controlling for observed traits does to the estimate."""
    first, last = list(adjustment.results.values())[0], list(adjustment.results.values())[-1]
    return (f"Mengendalikan karakteristik teramati menurunkan estimasi dari "
            f"{fmt.angka(first.estimate, 2)} menjadi {fmt.angka(last.estimate, 2)}, tetapi masih "
            "di atas estimasi selisih-dalam-selisih di bawah: seleksi berdasarkan kemampuan yang "
            "tidak teramati tidak dapat dihilangkan dengan cara ini.")


def main_text(twfe: EffectResult, twfe_sb: EffectResult, did0: EffectResult | None,
              cohort: str, fmt: Formatter) -> str:
    """The TWFE effects (score; Sangat Baik in percentage points) and the 2x2 DiD."""
    sb, low, high = twfe_sb.interval(100)
    return (f"Estimasi TWFE: pelatihan mengubah skor SKP rata-rata **{_ci(twfe, fmt)}** poin "
            f"(skala 1–5) dan proporsi Sangat Baik **{fmt.angka(sb, 1)} poin persen** "
            f"(IK {_level(twfe_sb)}%: {fmt.angka(low, 1)} s.d. {fmt.angka(high, 1)})."
            + (f" DiD 2×2 kohort {cohort} (hanya dua tahun, satu kohort): {_ci(did0, fmt)}."
               if did0 else ""))


def sensitivity_text(widest: EffectResult, n_clusters: int, fmt: Formatter) -> str:
    """The widest interval among the ways of computing the standard error."""
    return (f"Galat baku terbesar di antara ketiga cara adalah {fmt.angka(widest.se, 3)}; dengan "
            f"galat baku itu pun IK {_level(widest)}% = {fmt.angka(widest.ci_low, 2)} s.d. "
            f"{fmt.angka(widest.ci_high, 2)}. Dengan hanya {n_clusters} OPD, galat baku per OPD "
            "sendiri tidak pasti; kesimpulan sebaiknya bertumpu pada IK yang paling lebar.")


def event_study_text(results: Mapping[str, EventStudyResult], labels: Mapping[str, str],
                     alpha: float, fmt: Formatter) -> tuple[str, str]:
    """The effects after training and the pre-trend tests; then what the tests say.

    Parameters
    ----------
    results : mapping
        Outcome -> event study (``"skor"`` among them).
    labels : mapping
        Outcome -> its name in the text.
    alpha : float
        Test level: a pre-trend p-value above it passes.
    fmt : Formatter

    Returns
    -------
    tuple of str
        Two paragraphs.
    """
    effects = "; ".join(
        f"tahun {e}: {fmt.angka(v.estimasi, 2)} (IK {fmt.angka(v.ci_bawah, 2)} s.d. "
        f"{fmt.angka(v.ci_atas, 2)})" for e, v in results["skor"].after().iterrows())
    tests = "; ".join(f"{labels[h]} p = {fmt.angka(v.pretrend_p_value, 3)}"
                      for h, v in results.items())
    first = (f"Efek pada skor per tahun sesudah pelatihan: {effects}. Uji gabungan tren sebelum "
             f"pelatihan (F, semua koefisien tahun sebelum pelatihan = 0): {tests}.")
    passed = {h: v.pretrend_p_value > alpha for h, v in results.items()
              if math.isfinite(v.pretrend_p_value)}
    if passed and all(passed.values()):
        second = ("Tidak ada tanda bahwa peserta dan bukan peserta sudah bergerak berbeda "
                  "sebelum pelatihan.")
    elif passed:
        second = ("**Ada tanda tren yang berbeda sebelum pelatihan** untuk "
                  + ", ".join(labels[h] for h, ok in passed.items() if not ok)
                  + ": estimasi DiD untuk ukuran itu perlu dibaca dengan hati-hati (sebagian "
                  "selisih mungkin sudah ada sebelum pelatihan).")
    else:
        second = "Tidak ada tahun sebelum pelatihan dalam data: tren paralel tidak dapat diuji."
    return first, second


def power_text(mde_now: float, plan: PowerPlan, n_cohorts: int, n_years: int,
               fmt: Formatter) -> str:
    """The effect the present data detect, and the participants a next cohort needs."""
    needed = "; ".join(
        f"efek {fmt.angka(e, 2)} butuh {'tidak tercapai' if n is None else f'{n} peserta'}"
        for e, n in plan.needed.items())
    return (f"Dengan data sekarang ({n_cohorts} kohort, {n_years} tahun penilaian, TWFE, galat "
            f"baku terbesar dari tabel kepekaan) efek terkecil yang dapat dideteksi kira-kira "
            f"**{fmt.angka(mde_now, 2)}** poin skor. Rencana di atas lebih hati-hati: ia "
            "berlaku untuk **satu** kohort baru yang dinilai satu tahun sebelum dan satu tahun "
            "sesudah pelatihan dan dibandingkan dengan "
            f"{plan.n_control} pegawai lain: {needed}.")


def did_truth_note(did0: EffectResult, generator_did: float, fmt: Formatter, *,
                   planted: float | None = None) -> str:
    """Why the 2x2 DiD of the sample's 2024 cohort misses its planted effect.

    ``planted``: the planted ATT of cohort 2024 in 2024 (``att_by_cohort_year`` of
    ``kebenaran.json``); left out of the text when not given.
    """
    value = "" if planted is None else f" ({fmt.angka(planted, 3)})"
    return (f"DiD 2×2 kohort 2024 ({fmt.angka(did0.estimate, 3)}) hampir sama dengan DiD 2×2 "
            "yang dihitung generator pada data sebelum kesalahan ditanam "
            f"({fmt.angka(generator_did, 3)}): selisihnya dari efek sebenarnya{value} adalah "
            "variasi acak tahun 2023–2024 dalam data yang dibangkitkan, bukan kesalahan metode. "
            "IK per OPD-nya tidak memuat efek sebenarnya; ini mengingatkan bahwa galat baku dari "
            "35 OPD dapat terlalu sempit (lihat tabel kepekaan) dan bahwa satu kohort dengan dua "
            "tahun memberi estimasi yang kurang stabil daripada TWFE dan studi peristiwa yang "
            "memakai semua tahun.")


def conclusion(program: str, twfe: EffectResult, twfe_sb: EffectResult,
               naive: Mapping[Any, EffectResult], pretrend_p: float, *, alpha: float,
               years: Sequence, cohorts: Sequence, fmt: Formatter) -> str:
    """The conclusion in plain words, as Markdown bullets.

    Parameters
    ----------
    program : str
    twfe, twfe_sb : EffectResult
        TWFE effects on the score and on the Sangat Baik share.
    naive : mapping
        Year -> naive comparison; the latest year is quoted.
    pretrend_p : float
        Joint pre-trend p-value of the score's event study (NaN: not testable).
    alpha : float
    years, cohorts : sequence
        The panel's rating years and cohorts (their numbers are quoted).
    fmt : Formatter
    """
    level = _level(twfe)
    if twfe.ci_low > 0 or twfe.ci_high < 0:
        effect = (f"Pelatihan {program} **{'menaikkan' if twfe.ci_low > 0 else 'menurunkan'}** "
                  f"kinerja peserta: rata-rata skor SKP naik sekitar {fmt.angka(twfe.estimate, 2)}"
                  f" poin pada skala 1–5 (IK {level}%: {fmt.angka(twfe.ci_low, 2)} s.d. "
                  f"{fmt.angka(twfe.ci_high, 2)}), dan peluang memperoleh predikat Sangat Baik "
                  f"naik sekitar {fmt.angka(100 * twfe_sb.estimate, 0)} poin persen.")
    else:
        effect = (f"Data belum menunjukkan efek pelatihan {program} yang dapat dibedakan dari "
                  f"nol: {fmt.ci_text(*twfe.interval(), level=level)} poin skor.")
    last = max(naive)
    naive_text = (f'Perbandingan langsung "dilatih vs tidak dilatih" '
                  f"({fmt.angka(naive[last].estimate, 2)} poin pada {last}) ")
    if naive[last].estimate > twfe.ci_high:
        naive_text += ("**terlalu besar** karena yang dikirim pelatihan memang pegawai yang "
                       "kinerjanya sudah lebih baik sebelumnya; angka itu jangan dikutip sebagai "
                       "efek pelatihan.")
    else:
        naive_text += ("tidak jauh dari estimasi DiD, tetapi tetap bukan ukuran efek yang sah "
                       "karena peserta tidak dipilih secara acak.")
    if not math.isfinite(pretrend_p):
        trend = "Tren sebelum pelatihan tidak dapat diuji (tidak ada tahun sebelum pelatihan)."
    elif pretrend_p > alpha:
        trend = (f"Sebelum pelatihan, skor kedua kelompok bergerak sejajar (uji tren: p = "
                 f"{fmt.angka(pretrend_p, 2)}), sehingga perbandingan perubahan ini masuk akal.")
    else:
        trend = (f"**Sebelum pelatihan, skor peserta sudah bergerak berbeda** (uji tren: p = "
                 f"{fmt.angka(pretrend_p, 3)}): sebagian selisih mungkin bukan efek pelatihan.")
    cautions = (
        "**Catatan kehati-hatian:** (1) predikat SKP kasar (lima jenjang) dan sebagian besar ASN "
        "bernilai Baik; skor 1–5 menganggap jarak antarpredikat sama (asumsi A-SKP-2). (2) Bila "
        "peserta dipilih karena kinerjanya sedang naik, efek tetap terlalu besar. (3) Predikat SKP "
        "pegawai dibatasi oleh predikat organisasinya (PermenPANRB 6/2022): kenaikan predikat "
        "peserta dapat mengurangi peluang rekan satu OPD, sehingga sebagian “efek” bisa berupa "
        f"perpindahan, bukan tambahan. (4) Hanya ada {len(years)} tahun penilaian dan "
        f"{len(cohorts)} kohort; efek jangka panjang belum teramati. (5) Galat baku per OPD "
        f"bertumpu pada {twfe.n_clusters} OPD.")
    advice = ("**Untuk evaluasi berikutnya:** undi peserta di antara ASN yang memenuhi syarat bila "
              "kursi terbatas, dan rencanakan jumlah peserta menurut tabel “jumlah peserta yang "
              "dibutuhkan”.")
    points = [effect, naive_text, "Efek diperkirakan dari perubahan skor peserta dibandingkan "
              f"perubahan skor pegawai lain pada tahun yang sama. {trend}", cautions, advice]
    return "\n".join(f"- {text}" for text in points)
