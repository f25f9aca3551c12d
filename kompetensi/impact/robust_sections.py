"""Notebook 05's robust steps as publishable sections (tables, figures, prose in order).

Each ``*_section`` function computes one step from the person-year panel and returns the
results with a list of :mod:`kompetensi.core.published` items for ``Report.publish``. Numbers in
prose are spelled by ``fmt`` (:mod:`kompetensi.report.format` in the notebook).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from kompetensi.core import config
from kompetensi.core.published import Prose, PublishedFigure, PublishedTable
from kompetensi.impact import figures
from kompetensi.impact.bacon import bacon_decomposition, twfe_weights
from kompetensi.impact.core import EventStudyResult
from kompetensi.impact.imputation import imputation_effect
from kompetensi.impact.prose import Formatter
from kompetensi.impact.robust_es import sun_abraham, treatment_heterogeneity_test
from kompetensi.impact.robust_study import (
    StaggeredStudy,
    event_study_comparison,
    pretrend_table,
    sample_facts,
    staggered_effects,
)
from kompetensi.impact.sensitivity import relative_magnitudes
from kompetensi.impact.sensitivity_input import from_event_study

K = config.SUPPRESSION_K
SA = "Sun-Abraham"
IMPUTATION = "imputasi (Borusyak-Jaravel-Spiess / Gardner)"


@dataclass(frozen=True)
class Section:
    """The results of a step and what to publish of it."""

    results: dict
    items: list = field(repr=False)


def _ci(r, fmt: Formatter, scale: float = 1.0, digits: int = 2) -> str:
    return fmt.ci_text(*r.interval(scale), digits=digits, level=round(100 * r.level))


def headline_section(panel: pd.DataFrame, outcomes: Mapping[str, str], fmt: Formatter, *,
                     alpha: float = 0.05, reps: int = 999, seed: int = 20250521,
                     k: int = K) -> Section:
    """The headline: Callaway-Sant'Anna aggregations, ATT(g, t) with uniform bands, and the
    TWFE and not-yet-treated comparisons on the same table."""
    study = staggered_effects(panel, outcomes, alpha=alpha, reps=reps, seed=seed, k=k)
    facts = sample_facts(study)
    head, sb = study.headline("skor"), study.headline("sangat_baik")
    twfe = study.comparison[("skor", "TWFE, semua pengamatan")]
    level = round(100 * (1 - alpha))
    items = [
        PublishedTable(study.table, "efek_cs", "Efek pelatihan pada kinerja: Callaway-Sant'Anna "
                       "(utama) dan pembandingnya", note=(
                           "CS = Callaway & Sant'Anna (2021), pembanding ASN yang tidak pernah "
                           f"dilatih, panel seimbang ({facts['n_asn']} ASN yang dinilai setiap "
                           f"tahun; {facts['n_tidak_seimbang']} ASN lain tidak ikut). Galat baku "
                           "dari fungsi pengaruh, dijumlahkan per OPD. TWFE = pembanding "
                           "berlabel, CR1 per OPD. Proporsi Sangat Baik dalam proporsi.")),
        PublishedTable(study.cells, "att_kohort_tahun", "Efek pelatihan pada skor SKP per kohort "
                       "dan tahun, ATT(g, t)", note=(
                           f"IK {level}% titik demi titik; pita seragam {level}% dari bootstrap "
                           f"pengali per OPD ({facts['ulangan_bootstrap']} ulangan, nilai kritis "
                           f"{fmt.angka(facts['nilai_kritis_pita'], 2)}). Periode relatif < 0: "
                           "uji plasebo sebelum pelatihan (basis bergeser).")),
        Prose(f"**Estimasi utama (Callaway–Sant'Anna):** pelatihan mengubah skor SKP peserta "
              f"rata-rata **{_ci(head, fmt)}** poin (skala 1–5) dan proporsi Sangat Baik "
              f"**{_ci(sb, fmt, 100, 1)}** poin persen. Pembanding TWFE pada data yang sama "
              f"memberi {_ci(twfe, fmt)}: "
              + ("angka TWFE berada di luar IK estimasi utama, sehingga pilihan estimator "
                 "mengubah besarnya kesimpulan." if not head.ci_low <= twfe.estimate <=
                 head.ci_high else "selisihnya masih di dalam IK estimasi utama.")
              + f" Uji plasebo sebelum pelatihan (uji Wald R `did`): p = "
              f"{fmt.angka(facts['uji_pra_p'], 3)}."),
    ]
    return Section({"study": study, "facts": facts}, items)


def twfe_diagnostics_section(panel: pd.DataFrame, fmt: Formatter) -> Section:
    """Why TWFE can mislead here: the Goodman-Bacon decomposition (balanced panel) and the
    weights TWFE gives each treated cohort-year (de Chaisemartin & D'Haultfoeuille 2020)."""
    bacon = bacon_decomposition(panel, "skor", "pid", "tahun", "tahun_perlakuan", balance=True)
    weights = twfe_weights(panel, "pid", "tahun", "tahun_perlakuan", outcome="skor")
    by_type = bacon.by_type.set_index("jenis").rename(index=BACON_LABELS)
    by_type = by_type.assign(bobot=by_type["bobot"].round(3),
                             estimasi=by_type["estimasi"].round(3))
    cells = weights.by_cohort.assign(kohort=lambda t: t["kohort"].astype(int),
                                     tahun=lambda t: t["tahun"].astype(int))
    cells = cells.set_index(["kohort", "tahun"]).assign(bobot=lambda t: t["bobot"].round(3))
    items = [
        PublishedTable(by_type, "dekomposisi_bacon", "Dekomposisi Goodman-Bacon koefisien TWFE "
                       "(skor SKP): perbandingan 2x2, bobot, dan estimasinya", note=(
                           f"Panel seimbang ({bacon.n_units} ASN; {bacon.n_dropped_unbalanced} "
                           f"tidak ikut). TWFE = jumlah bobot x estimasi = "
                           f"{fmt.angka(bacon.twfe, 3)}. Goodman-Bacon (2021), Teorema 1.")),
        PublishedTable(cells[["n", "bobot"]], "bobot_twfe", "Bobot TWFE untuk efek setiap kohort "
                       "dan tahun", note=(
                           f"de Chaisemartin & D'Haultfoeuille (2020). Bobot negatif: "
                           f"{weights.n_negative} sel orang-tahun; sigma_fe = "
                           f"{fmt.angka(weights.sigma_fe, 3)} (simpangan baku efek antar-sel "
                           "terkecil yang dapat membalik tanda TWFE).")),
        Prose(f"**Yang ditunjukkan:** {fmt.angka(100 * bacon.forbidden_weight, 1)} % bobot TWFE "
              "berasal dari perbandingan yang memakai peserta yang **sudah** dilatih sebagai "
              "pembanding (estimasinya "
              f"{fmt.angka(_type_estimate(bacon, 'Later vs Earlier Treated'), 2)}); bila efek "
              "berubah menurut lamanya sejak pelatihan, perbandingan itu membiaskan TWFE. Bobot "
              "TWFE per kohort-tahun juga berbeda dari bobot estimasi utama (ukuran kohort), "
              "sehingga TWFE menjawab pertanyaan yang lain."),
    ]
    return Section({"bacon": bacon, "weights": weights}, items)


BACON_LABELS = {"Treated vs Untreated": "dilatih vs tidak pernah dilatih",
                "Earlier vs Later Treated": "dilatih lebih awal vs belum dilatih",
                "Later vs Earlier Treated": "dilatih kemudian vs sudah dilatih (terlarang)",
                "Treated vs Already treated at start": "dilatih vs dilatih sejak awal"}


def _type_estimate(bacon, kind: str) -> float:
    row = bacon.by_type.set_index("jenis")
    return float(row.loc[kind, "estimasi"]) if kind in row.index else float("nan")


def event_study_section(panel: pd.DataFrame, study: StaggeredStudy, fmt: Formatter,
                        colors: Sequence[str], *, alpha: float = 0.05) -> Section:
    """CS (universal base period), Sun-Abraham, imputation and TWFE event studies of the score
    side by side, their pre-trend tests and the test of equal effects across cohorts."""
    extra: dict[str, EventStudyResult] = {
        SA: sun_abraham(panel, "skor", "pid", "tahun", "tahun_perlakuan", cluster="opd",
                        alpha=alpha),
        IMPUTATION: imputation_effect(panel, "skor", "pid", "tahun", "tahun_perlakuan",
                                      cluster="opd", alpha=alpha, event_study=True),
    }
    results, table = event_study_comparison(panel, study, "skor", extra=extra, alpha=alpha)
    cohorts = panel.loc[panel["tahun_perlakuan"].notna() & (panel["tahun"]
                                                             >= panel["tahun_perlakuan"]),
                        "tahun_perlakuan"].nunique()
    # an early cycle may hold a single treated cohort: equal effects cannot be tested then
    hetero = (treatment_heterogeneity_test(panel, "skor", "pid", "tahun", "tahun_perlakuan",
                                           cluster="opd") if cohorts >= 2 else None)
    level = round(100 * (1 - alpha))
    cs_name = next(iter(results))
    items = [
        PublishedTable(table, "studi_peristiwa_robust", "Studi peristiwa skor SKP: empat "
                       "estimator berdampingan", note=(
                           "Periode -1 = pembanding (0). CS: basis universal, pembanding tidak "
                           "pernah dilatih, panel seimbang, pita seragam dari bootstrap per OPD. "
                           "Sun-Abraham dan TWFE: CR1 per OPD; imputasi: GMM per OPD (did2s). "
                           "Sun-Abraham, imputasi, TWFE memakai semua pengamatan.")),
        PublishedFigure(figures.estimator_comparison_plot(results, level, colors),
                        "studi_peristiwa_robust", f"Studi peristiwa skor SKP: empat estimator, IK "
                        f"{level}% (batang muda: pita seragam CS)"),
        PublishedTable(pretrend_table(results), "uji_tren_sebelum", "Uji gabungan tren sebelum "
                       "pelatihan per estimator", note="H0: semua efek sebelum pelatihan nol."),
        Prose(_heterogeneity_text(hetero, fmt, alpha)
              + f" Estimasi rerata e ≥ 0 menurut {cs_name}: {_ci(results[cs_name], fmt)}."),
    ]
    return Section({"results": results, "heterogeneity": hetero}, items)


def _heterogeneity_text(hetero, fmt: Formatter, alpha: float) -> str:
    head = ("**Efek per kohort sama?** Uji Wald bahwa pada setiap tahun sejak pelatihan semua "
            "kohort mempunyai efek yang sama (Sun & Abraham 2021): ")
    if hetero is None:
        return head + ("tidak dapat diuji, karena baru satu kohort yang teramati sesudah "
                       "pelatihannya.")
    return (head + f"F = {fmt.angka(hetero.statistic, 2)}, p = {fmt.angka(hetero.p_value, 3)}. "
            + ("Efek berbeda antarkohort: rerata TWFE dari efek-efek itu tidak dapat "
               "ditafsirkan sebagai satu efek." if hetero.p_value < alpha else
               "Data tidak cukup untuk menunjukkan perbedaan antarkohort."))


def pretrend_sensitivity_section(event_studies: Section, fmt: Formatter, *,
                                 mbar: Sequence[float] = (0, 0.5, 1, 1.5, 2),
                                 alpha: float = 0.05) -> Section:
    """Rambachan & Roth (2023) relative-magnitudes bounds on the CS event study (mean of the
    post periods): how large a violation of parallel trends after training, relative to the
    largest one before, would make the effect indistinguishable from zero."""
    results = event_studies.results["results"]
    cs = results[next(iter(results))]
    coef = from_event_study(cs)
    if coef.num_pre < 1 or coef.num_post < 1:
        return Section({}, [Prose("*Analisis kepekaan tren sebelum tidak dapat dihitung: "
                                  "perlu sedikitnya satu periode sebelum dan satu sesudah.*")])
    res = relative_magnitudes(coef.betahat, coef.sigma, coef.num_pre, coef.num_post, mbar=mbar,
                              alpha=alpha, method="Conditional")
    table = res.table.set_index("mbar")[["ci_low", "ci_high", "id_low", "id_high"]]
    table = table.rename(columns={"ci_low": "ci_bawah", "ci_high": "ci_atas",
                                  "id_low": "himpunan_bawah", "id_high": "himpunan_atas"})
    level = round(100 * (1 - alpha))
    when = ("tidak pernah memuat nol dalam kisi ini" if res.breakdown != res.breakdown else
            f"mulai memuat nol pada M̄ = {fmt.angka(res.breakdown, 1)}")
    items = [
        PublishedTable(table.round(3), "kepekaan_tren", "Kepekaan efek rata-rata sesudah "
                       "pelatihan terhadap pelanggaran tren paralel (besaran relatif)", note=(
                           f"Rambachan & Roth (2023), Delta^RM(M̄): perubahan pelanggaran "
                           "sesudah pelatihan paling besar M̄ kali perubahan terbesar sebelum "
                           f"pelatihan. IK {level}% kondisional (ARP); estimasi CS basis "
                           "universal. himpunan = himpunan teridentifikasi.")),
        Prose(f"**Seberapa kokoh?** Tanpa pelanggaran (M̄ = 0) efek rata-rata sesudah "
              f"pelatihan {fmt.ci_text(res.estimate, res.ci_low, res.ci_high, level=level)}. "
              f"IK yang kokoh {when}: kesimpulan bertahan selama pelanggaran tren sesudah "
              "pelatihan tidak melebihi kira-kira sebesar itu dibanding pelanggaran terbesar "
              "yang teramati sebelum pelatihan."),
    ]
    return Section({"sensitivity": res}, items)
