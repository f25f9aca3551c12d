"""Notebook 05's later robust steps as publishable sections: small-cluster inference, the
ordinal outcome and the power of the staggered design (see :mod:`robust_sections`)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence

import pandas as pd

from kompetensi.core.published import Prose, PublishedTable
from kompetensi.impact.core import EffectResult, rounded_table
from kompetensi.impact.cs_inference import cs_jackknife, cs_randomization
from kompetensi.impact.inference import small_cluster_table
from kompetensi.impact.ordinal import equal_spacing_check, ordered_logit_effect, threshold_effects
from kompetensi.impact.power import detectable_effect
from kompetensi.impact.power_sim import (
    required_participants,
    simulate_power,
    treated_variance_share,
)
from kompetensi.impact.prose import Formatter
from kompetensi.impact.robust_sections import Section
from kompetensi.impact.robust_study import CS, PANEL_COLUMNS, StaggeredStudy
from kompetensi.impact.staggered import aggregate_effects, group_time_effects

THRESHOLD_TRUTH = {"≥ Kurang": "att_ge_2", "≥ Butuh Perbaikan": "att_ge_3", "≥ Baik": "att_ge_4",
                   "≥ Sangat Baik": "att_ge_5", "skor": "att_score"}


def _cs_simple(alpha: float):
    def estimate(data: pd.DataFrame, outcome: str) -> EffectResult:
        gt = group_time_effects(data, outcome, **PANEL_COLUMNS, cluster="opd", alpha=alpha,
                                reps=0)
        return aggregate_effects(gt, "simple").overall
    return estimate


def ordinal_section(panel: pd.DataFrame, fmt: Formatter, *, alpha: float = 0.05) -> Section:
    """Effects on each threshold 1[predikat >= k] with the CS estimator, and an ordered logit
    with cohort and year effects; does the conclusion depend on equal spacing (A-SKP-2)?"""
    thresholds = threshold_effects(panel, _cs_simple(alpha))
    logit = ordered_logit_effect(panel, "predikat", "dilatih", cluster="opd", alpha=alpha)
    check = equal_spacing_check(thresholds["skor"],
                                {k: v for k, v in thresholds.items() if k != "skor"}, logit,
                                alpha=alpha)
    rows = [r.as_row(hasil=name, estimator="CS keseluruhan") for name, r in thresholds.items()]
    rows.append(logit.as_row(hasil="indeks laten (log rasio odds)", estimator="logit berurut"))
    rows.append(logit.ape_score.as_row(hasil="skor (efek marginal rata-rata)",
                                       estimator="logit berurut"))
    rows.append(logit.ape_top.as_row(hasil="peluang Sangat Baik (efek marginal rata-rata)",
                                     estimator="logit berurut"))
    table = rounded_table(pd.DataFrame(rows).set_index(["hasil", "estimator"]))
    total = sum(r.estimate for k, r in thresholds.items() if k != "skor")
    level = round(100 * (1 - alpha))
    same = check.verdict == "sama arah"
    items = [
        PublishedTable(table, "efek_ordinal", "Efek pelatihan pada setiap ambang predikat SKP "
                       "dan pada model logit berurut", note=(
                           "Ambang: proporsi ASN dengan predikat paling rendah setingkat itu "
                           "(1[predikat >= k]); jumlah efek ambang = efek pada skor 1-5. Logit "
                           "berurut: efek kohort dan tahun, tanpa efek tetap orang (masalah "
                           "parameter insidental), CR1 per OPD, t(G-1); rasio odds = exp(log "
                           f"rasio odds) = {fmt.angka(logit.odds_ratio, 2)}.")),
        Prose(f"**Apakah kesimpulan bergantung pada jarak yang sama antarpredikat?** Efek pada "
              f"keempat ambang berjumlah {fmt.angka(total, 3)} (sama dengan efek pada skor). "
              f"Logit berurut, yang hanya memakai urutan predikat: log rasio odds "
              f"{fmt.ci_text(*logit.interval(), level=level)}. Kesimpulan: **"
              + ("tidak bergantung** pada asumsi jarak yang sama (arah dan signifikansinya "
                 "sama)." if same else "bergantung** pada asumsi itu: "
                 + "; ".join(check.reasons) + ".")),
    ]
    return Section({"thresholds": thresholds, "logit": logit, "check": check}, items)


def threshold_truth_rows(truth: Mapping, section: Section) -> list[tuple]:
    """Threshold effects against the planted CS simple ATT of each threshold."""
    simple = truth.get("callaway_santanna", {}).get("simple", {})
    rows = []
    for name, r in section.results["thresholds"].items():
        key = THRESHOLD_TRUTH.get(name)
        if name != "skor" and key in simple:
            rows.append((f"ATT keseluruhan, ambang {name}", float(simple[key]), r.estimate,
                         r.ci_low, r.ci_high))
    return rows


def power_section(panel: pd.DataFrame, study: StaggeredStudy, fmt: Formatter, *,
                  effects: Sequence[float], planted: Mapping | float | None = None,
                  se: float | None = None, alpha: float = 0.05, power: float = 0.8,
                  reps: int = 500, seed: int = 20250521) -> Section:
    """MDE and participants needed from the robust estimator's standard error (``se``:
    default the CS headline's), and simulation-based power of the staggered design."""
    head = study.headline("skor")
    se = head.se if se is None else float(se)
    mde = detectable_effect(se, alpha=alpha, power=power)
    share = treated_variance_share(panel, outcome="skor", **PANEL_COLUMNS)
    cells = study.effects["skor"].cells.drop_duplicates("kohort")
    n_t, n_c = int(cells["n_kohort"].sum()), int(study.effects["skor"].n_units
                                                   - cells["n_kohort"].sum())
    needed = {e: required_participants(e, se, n_t, n_c, new_control=n_c,
                                       treated_share=share, alpha=alpha, power=power)
              for e in effects}
    if isinstance(planted, Mapping):  # an earlier cycle's panel lacks the later cohorts
        cohorts = set(panel["tahun_perlakuan"].dropna().astype("int64"))
        planted = {c: e for c, e in planted.items() if int(c) in cohorts} or None
    sim = simulate_power(panel, planted if planted is not None else 0.0, outcome="skor",
                         **PANEL_COLUMNS, cluster="opd", reps=reps, seed=seed, alpha=alpha,
                         grid=tuple(effects))
    curve = sim.curve.set_index("efek")[["power_cs", "power_twfe"]].rename(
        columns={"power_cs": "kuasa_cs", "power_twfe": "kuasa_twfe"}).round(3)
    curve["peserta_dibutuhkan"] = [_needed(needed.get(e)) for e in curve.index]
    level = round(100 * (1 - alpha))
    items = [
        PublishedTable(curve, "kuasa_simulasi", "Kuasa uji menurut besar efek (simulasi desain "
                       "bertahap) dan peserta yang dibutuhkan per kohort", note=(
                           f"{reps} simulasi pada kohort, ASN, OPD dan tahun yang sebenarnya "
                           "(jalur skor pegawai tak terlatih se-OPD, diambil ulang; Bertrand, "
                           "Duflo & Mullainathan 2004). Peserta dibutuhkan: dari galat baku CS "
                           f"({fmt.angka(se, 3)}), kuasa {fmt.angka(100 * power, 0)} %, "
                           f"alpha {alpha}, pembanding tetap {n_c}.")),
        Prose(f"**Kekuatan desain ini:** dengan galat baku estimator utama "
              f"({fmt.angka(se, 3)}) efek terkecil yang dapat dideteksi (kuasa "
              f"{fmt.angka(100 * power, 0)} %) kira-kira **{fmt.angka(mde, 2)}** poin skor. "
              + (f"Dengan efek yang ditanam pada sampel sintetis, simulasi menunjukkan CS "
                 f"tidak bias (bias rata-rata {fmt.angka(sim.bias_cs, 3)}, cakupan IK "
                 f"{level}% {fmt.angka(100 * sim.coverage, 0)} %), sedangkan TWFE bias "
                 f"{fmt.angka(sim.bias_twfe, 3)} (cakupan {fmt.angka(100 * sim.coverage_twfe, 0)}"
                 " %)." if planted is not None else "")
              + " Galat baku per OPD dari fungsi pengaruh terlalu kecil dalam simulasi ini "
              "(ukuran OPD sangat timpang): perencanaan di atas cenderung optimistis."),
    ]
    return Section({"mde": mde, "needed": needed, "simulation": sim, "se": se}, items)


def planted_effects(truth: Mapping) -> dict[int, dict[int, float]]:
    """``{cohort: {event time: ATT}}`` on the score from ``att_by_cohort_year`` of the
    sample's ``kebenaran.json`` (the plant of :func:`power_section`'s simulation)."""
    plant: dict[int, dict[int, float]] = {}
    for name, values in truth.get("att_by_cohort_year", {}).items():
        cohort = int(name.split("_")[1])  # cohort_2024_year_2025
        plant.setdefault(cohort, {})[int(values["e"])] = float(values["att_score"])
    return plant


def _needed(n) -> object:
    if n is None or (isinstance(n, float) and not math.isfinite(n)):
        return "tidak tercapai"
    return int(math.ceil(n))


def inference_section(panel: pd.DataFrame, study: StaggeredStudy, fmt: Formatter, *,
                      alpha: float = 0.05, seed: int = 20250521, reps: int = 9999,
                      ri_reps: int = 999) -> Section:
    """The headline with few-cluster inference side by side (CS: influence function by OPD,
    cluster jackknife, randomization inference; TWFE: CR1, wild cluster restricted bootstrap
    with Rademacher and Webb weights, CR3, randomization inference), and the interval the
    conclusion rests on: the widest of the CS intervals."""
    head = study.headline("skor")
    jackknife = cs_jackknife(panel, "skor", **PANEL_COLUMNS, cluster="opd", alpha=alpha)
    ri = cs_randomization(panel, "skor", **PANEL_COLUMNS, reps=ri_reps, seed=seed)
    with warnings.catch_warnings():  # persons rated once: absorbed by their own effect
        warnings.filterwarnings("ignore", message=".*singleton fixed effect")
        twfe = small_cluster_table(panel, "skor", "dilatih", "pid", "tahun", "opd",
                                   "tahun_perlakuan", seed=seed, reps=reps, ri_reps=ri_reps,
                                   alpha=alpha)
    rows = [
        {"estimator": CS, "metode": "fungsi pengaruh per OPD, G/(G-1), t(G-1) (utama)",
         "estimasi": head.estimate, "se": head.se, "ci_bawah": head.ci_low,
         "ci_atas": head.ci_high, "nilai_p": head.p_value},
        {"estimator": CS, "metode": "jackknife per OPD (CR3), t(G-1)",
         "estimasi": jackknife.estimate, "se": jackknife.se, "ci_bawah": jackknife.ci_low,
         "ci_atas": jackknife.ci_high, "nilai_p": jackknife.p_value},
        {"estimator": CS, "metode": f"inferensi randomisasi waktu pelatihan ({ri.reps} permutasi)",
         "estimasi": ri.estimate, "nilai_p": ri.p_value},
    ]
    for row in twfe.itertuples(index=False):
        rows.append({"estimator": "TWFE (pembanding)", "metode": TWFE_METHODS.get(
            row.method, row.method), "estimasi": row.estimate, "se": row.se,
            "ci_bawah": row.ci_low, "ci_atas": row.ci_high, "nilai_p": row.p_value})
    table = rounded_table(pd.DataFrame(rows).set_index(["estimator", "metode"]))
    widest = max((head, jackknife), key=lambda r: r.ci_high - r.ci_low)
    name = "jackknife per OPD (CR3)" if widest is jackknife else "fungsi pengaruh per OPD"
    level = round(100 * (1 - alpha))
    items = [
        PublishedTable(table, "inferensi_klaster_sedikit", "Efek pada skor SKP dengan berbagai "
                       "cara inferensi untuk sedikit klaster", note=(
                           f"{head.n_clusters} OPD sebagai klaster, ukurannya sangat timpang. "
                           "WCR = wild cluster restricted bootstrap (Cameron, Gelbach & Miller "
                           f"2008; Roodman dkk. 2019), {reps} ulangan, himpunan kepercayaan "
                           "dengan inversi uji. CR3: MacKinnon, Nielsen & Webb (2023). "
                           "Randomisasi: tahun pelatihan dipermutasi antar-ASN.")),
        Prose(f"**Kesimpulan bertumpu pada** IK {level}% yang paling lebar dari estimator utama, "
              f"yaitu {name}: {fmt.ci_text(*widest.interval(), level=level)}. Alasannya: galat "
              "baku per OPD dari fungsi pengaruh terlalu kecil dengan OPD yang ukurannya sangat "
              "timpang (dalam simulasi menolak sekitar 8 % alih-alih 5 %); jackknife per OPD "
              "lebih hati-hati, dan inferensi randomisasi (p = "
              f"{fmt.angka(ri.p_value, 3)}) tidak bergantung pada jumlah klaster sama sekali."),
    ]
    return Section({"jackknife": jackknife, "randomization": ri, "twfe": twfe,
                    "widest": widest}, items)


TWFE_METHODS = {"CR1 t(G-1)": "CR1 per OPD, t(G-1)",
                "WCR bootstrap (Rademacher)": "WCR bootstrap, bobot Rademacher",
                "WCR bootstrap (Webb)": "WCR bootstrap, bobot Webb",
                "CR3 jackknife": "jackknife per OPD (CR3), t(G-1)",
                "randomization inference": "inferensi randomisasi waktu pelatihan"}
