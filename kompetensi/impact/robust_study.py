"""Notebook 05's heterogeneity-robust estimates, step by step (issue 21).

Every function takes the person-year panel of :func:`~kompetensi.impact.data.performance_panel`
and returns the results with their published tables (rounded, small counts suppressed). The
headline is the Callaway & Sant'Anna (2021) estimate with never-treated controls, the OPD as
cluster and the balanced panel (A-DMP-8); two-way fixed effects stay as a labelled comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.impact.core import EffectResult, EventStudyResult, rounded_table
from kompetensi.impact.panel import event_study, panel_effect
from kompetensi.impact.staggered import (
    AggregatedEffects,
    GroupTimeEffects,
    aggregate_effects,
    as_event_study,
    group_time_effects,
)
from kompetensi.privacy.disclosure import suppress_small_cells

K = config.SUPPRESSION_K
SEED = 20250521
CS = "Callaway-Sant'Anna"
AGGREGATIONS = {"simple": "keseluruhan (bobot ukuran kohort)", "group": "rerata per kohort",
                "calendar": "rerata per tahun", "dynamic": "rerata per tahun sejak pelatihan"}
PANEL_COLUMNS = dict(unit="pid", time="tahun", first_treated="tahun_perlakuan")


@dataclass(frozen=True)
class StaggeredStudy:
    """Callaway-Sant'Anna estimates of each outcome.

    ``effects``: outcome -> :class:`~kompetensi.impact.staggered.GroupTimeEffects`;
    ``aggregates``: (outcome, kind) -> :class:`~kompetensi.impact.staggered.AggregatedEffects`;
    ``table``: the overall effect of each aggregation (and the not-yet-treated control and
    TWFE for comparison), index ``hasil, estimator``; ``cells``: ATT(g, t) of the first
    outcome with the uniform band, index ``kohort, tahun``.
    """

    effects: dict
    aggregates: dict
    comparison: dict
    table: pd.DataFrame = field(compare=False, repr=False)
    cells: pd.DataFrame = field(compare=False, repr=False)

    def headline(self, outcome: str = "skor") -> EffectResult:
        """The headline effect: the simple aggregation of ``outcome``."""
        return self.aggregates[(outcome, "simple")].overall

    def event_study(self, outcome: str = "skor") -> EventStudyResult:
        """The dynamic aggregation of ``outcome`` as an event study."""
        return as_event_study(self.aggregates[(outcome, "dynamic")])


def staggered_effects(panel: pd.DataFrame, outcomes: Mapping[str, str], *,
                      cluster: str = "opd", alpha: float = 0.05, reps: int = 999,
                      seed: int = SEED, k: int = K) -> StaggeredStudy:
    """Callaway-Sant'Anna ATT(g, t) and their four aggregations for each outcome.

    Parameters
    ----------
    panel : DataFrame
        The performance panel (``pid, tahun, tahun_perlakuan, opd`` and the outcomes).
    outcomes : mapping
        Outcome column -> label (column ``hasil`` of the table).
    cluster : str
        Cluster column (constant within a person: the OPD of the first roster).
    alpha, reps, seed
        Level of the intervals, multiplier-bootstrap draws and seed.
    k : int
        Cohorts with fewer than ``k`` people: their counts are suppressed.

    Returns
    -------
    StaggeredStudy
        Comparisons in ``comparison``: (outcome, name) -> EffectResult for the not-yet-treated
        control and TWFE on the same balanced panel and on the full panel.
    """
    effects, aggregates, comparison = {}, {}, {}
    for outcome in outcomes:
        gt = group_time_effects(panel, outcome, **PANEL_COLUMNS, cluster=cluster, alpha=alpha,
                                reps=reps, seed=seed)
        effects[outcome] = gt
        for kind in AGGREGATIONS:
            aggregates[(outcome, kind)] = aggregate_effects(gt, kind)
        not_yet = group_time_effects(panel, outcome, **PANEL_COLUMNS, cluster=cluster,
                                     control="not_yet", alpha=alpha, reps=reps, seed=seed)
        comparison[(outcome, "CS, kontrol belum dilatih")] = aggregate_effects(
            not_yet, "simple").overall
        balanced = balanced_panel(panel)
        comparison[(outcome, "TWFE, panel seimbang")] = panel_effect(
            balanced, outcome, "dilatih", "pid", "tahun", cluster=cluster, alpha=alpha)
        comparison[(outcome, "TWFE, semua pengamatan")] = panel_effect(
            panel, outcome, "dilatih", "pid", "tahun", cluster=cluster, alpha=alpha)
    rows = []
    for (outcome, kind), agg in aggregates.items():
        rows.append(agg.overall.as_row(hasil=outcomes[outcome],
                                       estimator=f"CS {AGGREGATIONS[kind]}"))
    for (outcome, name), res in comparison.items():
        rows.append(res.as_row(hasil=outcomes[outcome], estimator=name))
    table = rounded_table(pd.DataFrame(rows).set_index(["hasil", "estimator"]))
    first = next(iter(outcomes))
    cells = effects[first].cells.set_index(["kohort", "tahun"])
    cells = cells[["periode_relatif", "estimasi", "ci_bawah", "ci_atas", "pita_bawah",
                   "pita_atas", "nilai_p", "n_kohort"]]
    cells = suppress_small_cells(rounded_table(cells.round(3)), k=k, columns=["n_kohort"])
    return StaggeredStudy(effects, aggregates, comparison, table, cells)


def balanced_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """The persons rated in every year of the panel (the sample of the CS estimates)."""
    years = panel["tahun"].nunique()
    counts = panel.groupby("pid")["tahun"].transform("nunique")
    return panel[counts == years]


def sample_facts(study: StaggeredStudy, outcome: str = "skor") -> dict:
    """What the robust estimates were computed on (for the prose and ``hasil``)."""
    gt: GroupTimeEffects = study.effects[outcome]
    return {"n_asn": gt.n_units, "n_tidak_seimbang": gt.n_dropped_unbalanced,
            "n_dilatih_sejak_awal": gt.n_dropped_always, "n_klaster": gt.n_clusters,
            "uji_pra_p": gt.pretrend_p_value, "nilai_kritis_pita": gt.critical_value,
            "ulangan_bootstrap": gt.reps}


def event_study_comparison(panel: pd.DataFrame, study: StaggeredStudy, outcome: str = "skor",
                           *, extra: Mapping[str, EventStudyResult] | None = None,
                           alpha: float = 0.05, k: int = K) -> tuple[dict, pd.DataFrame]:
    """Event studies of ``outcome`` side by side: CS (universal base period, so that every
    estimator is relative to e = -1), TWFE, and ``extra`` (e.g. Sun-Abraham, imputation).

    Returns
    -------
    (dict, DataFrame)
        Label -> EventStudyResult, and the long table (index ``estimator, periode_relatif``;
        estimates, pointwise CI, the CS uniform band where there is one).
    """
    gt = study.effects[outcome]
    universal = group_time_effects(panel, outcome, **PANEL_COLUMNS, cluster="opd",
                                   base_period="universal", alpha=alpha, reps=gt.reps,
                                   seed=gt.seed)
    results = {f"{CS} (pembanding: tidak dilatih)":
               as_event_study(aggregate_effects(universal, "dynamic")),
               "TWFE studi peristiwa": event_study(panel, outcome, "pid", "tahun",
                                                   "tahun_perlakuan", cluster="opd",
                                                   alpha=alpha)}
    results.update(extra or {})
    columns = ["estimasi", "ci_bawah", "ci_atas", "pita_bawah", "pita_atas", "nilai_p"]
    table = pd.concat({name: r.periods.set_index("periode_relatif").reindex(columns=columns)
                       for name, r in results.items()}, names=["estimator", "periode_relatif"])
    reference = table.index.get_level_values("periode_relatif") == -1
    table.loc[reference, "estimasi"] = 0.0  # the normalisation, not an estimate: no interval
    table.loc[reference, columns[1:]] = np.nan
    return results, rounded_table(table.astype(float).round(3))


def pretrend_table(results: Mapping[str, EventStudyResult]) -> pd.DataFrame:
    """The joint pre-trend test of each event study (index ``estimator``)."""
    rows = {name: {"jumlah_periode_pra": r.pretrend_df[0], "statistik_f": r.pretrend_f,
                   "nilai_p": r.pretrend_p_value} for name, r in results.items()}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("estimator")
    table["statistik_f"] = table["statistik_f"].astype(float).round(3)
    return rounded_table(table)


def truth_check_rows(truth: Mapping, study: StaggeredStudy,
                     outcomes: Mapping[str, str] | None = None) -> list[tuple]:
    """CS estimates against the planted effects, rows ``(name, planted, est, low, high)``.

    Uses the observed-scale truths of ``kebenaran.json`` (``performance_effect``): the ATT of
    every cohort and year (against the uniform band: the cells are checked together) and the
    ``callaway_santanna`` aggregates (simple, e = 0, e = 1; pointwise intervals), for the
    score and, when estimated, the share Sangat Baik and the thresholds ``skor_ge_k``.
    """
    keys = {"skor": "att_score", "sangat_baik": "att_share_sangat_baik",
            **{f"skor_ge_{k}": f"att_ge_{k}" for k in range(2, 6)}}
    labels = outcomes or {"skor": "skor"}
    rows = []
    cs = truth.get("callaway_santanna", {})
    for outcome, label in labels.items():
        if outcome not in study.effects or outcome not in keys:
            continue
        key = keys[outcome]
        cells = study.effects[outcome].cells.set_index(["kohort", "tahun"])
        for name, values in truth.get("att_by_cohort_year", {}).items():
            parts = name.split("_")  # cohort_2024_year_2025
            g, t = int(parts[1]), int(parts[3])
            if (g, t) in cells.index and key in values:
                row = cells.loc[(g, t)]
                rows.append((f"ATT(kohort {g}, {t}), {label} (pita seragam)",
                             float(values[key]), float(row["estimasi"]),
                             float(row["pita_bawah"]), float(row["pita_atas"])))
        if key in cs.get("simple", {}):
            r = study.headline(outcome)
            rows.append((f"ATT keseluruhan, {label}", float(cs["simple"][key]), r.estimate,
                         r.ci_low, r.ci_high))
        dynamic = study.aggregates[(outcome, "dynamic")].table.set_index("periode_relatif")
        for e in (0, 1):
            planted = cs.get("dynamic", {}).get(f"e{e}", {}).get(key)
            if planted is not None and e in dynamic.index:
                row = dynamic.loc[e]
                rows.append((f"ATT {e} tahun sejak pelatihan, {label}", float(planted),
                             float(row["estimasi"]), float(row["ci_bawah"]),
                             float(row["ci_atas"])))
    return rows


def robust_headline_results(program: str, participants: Mapping[str, int], study: StaggeredStudy,
                            main, naive, event_study: EventStudyResult, *, mde: float,
                            needed: Mapping[float, float], conclusion_ci: Mapping[str, float],
                            years, cohort: str, k: int = K) -> dict:
    """The ``hasil`` of notebook 05: the CS headline first (``efek_skor``, read by the index
    page and notebook 07), TWFE under its own name; ``conclusion_ci``: the interval the
    conclusion rests on (the widest of the small-cluster methods)."""
    head, head_sb = study.headline("skor"), study.headline("sangat_baik")
    twfe = main.results[("skor", "TWFE semua tahun")]
    did0 = main.results.get(("skor", f"DiD 2x2 kohort {cohort}"))
    last = max(naive.results)
    periods = event_study.periods
    return {
        "program": program,
        "estimator_utama": f"{CS} (keseluruhan; pembanding tidak pernah dilatih)",
        "peserta_per_kohort": {c: n for c, n in participants.items() if n >= k},
        "efek_skor": head.bounds(),
        "efek_sangat_baik_poin_persen": head_sb.bounds(100),
        "efek_skor_ik_kesimpulan": {key: round(float(v), 4) for key, v in conclusion_ci.items()},
        "efek_skor_twfe": twfe.bounds(),
        f"selisih_naif_skor_{last}": round(naive.results[last].estimate, 4),
        "uji_tren_sebelum_p": round(event_study.pretrend_p_value, 4),
        "mde_skor_desain_sekarang": round(float(mde), 4),
        "peserta_dibutuhkan_per_efek": {str(e): (None if not np.isfinite(n) else int(np.ceil(n)))
                                        for e, n in needed.items()},
        "rincian": {
            "tahun_panel": [int(t) for t in years],
            "cs_skor": head.summary(),
            "cs_sangat_baik": head_sb.summary(),
            "twfe_skor": twfe.summary(),
            "did_2x2_skor": did0.summary() if did0 else None,
            "naif_skor": {str(t): r.summary() for t, r in naive.results.items()},
            "studi_peristiwa_cs_skor": periods[["periode_relatif", "estimasi", "ci_bawah",
                                                "ci_atas"]].round(6).to_dict(orient="records"),
            **{f"cs_{key}": round(value, 6) if isinstance(value, float) else value
               for key, value in sample_facts(study).items()},
        },
    }


def as_float_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers of a published table back as floats (for figures)."""
    return table.apply(pd.to_numeric, errors="coerce").astype(np.float64)


__all__ = ["AggregatedEffects", "StaggeredStudy", "balanced_panel", "event_study_comparison",
           "pretrend_table", "robust_headline_results", "sample_facts", "staggered_effects",
           "truth_check_rows"]
