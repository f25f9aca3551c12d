"""The effect study of notebook 05, step by step: each published comparison from the panel.

Every function takes the person-year panel of :func:`~kompetensi.impact.data.performance_panel`
(columns ``pid, tahun, skor, sangat_baik, dilatih, kohort, tahun_perlakuan, opd`` and the
baseline traits), clusters standard errors by OPD, and returns :class:`~kompetensi.impact.core.
Estimates` (the results and their published table, rounded by
:func:`~kompetensi.impact.core.rounded_table` and with small counts suppressed) or a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.impact.core import EffectResult, Estimates, rounded_table
from kompetensi.impact.data import NOT_TREATED
from kompetensi.impact.panel import event_study, panel_effect
from kompetensi.impact.regression import did_2x2, regression_effect
from kompetensi.privacy.disclosure import suppress_small_cells

K = config.SUPPRESSION_K
TWFE = "TWFE semua tahun"
HETEROGENEITY_COLUMNS = ["n_peserta", "n_asn", "estimasi", "ci_bawah", "ci_atas", "nilai_p",
                         "n_klaster", "catatan"]
DIMENSIONS = (("jenis jabatan", "jenis_jabatan"), ("kelompok usia", "kelompok_usia"))


def naive_comparison(panel: pd.DataFrame, *, k: int = K, alpha: float = 0.05) -> Estimates:
    """Score of the trained minus the not (yet) trained, year by year (OLS on ``dilatih``).

    Years without anyone trained are left out. ``results``: year -> effect; the table has
    ``n_dilatih``, ``n_belum`` (suppressed below ``k``), index ``tahun``.

    Examples
    --------
    >>> p = pd.DataFrame({"tahun": [2024] * 6 + [2025] * 2, "skor": [5.0, 4, 4, 3, 3, 2, 4, 4],
    ...                   "dilatih": [1.0, 1, 1, 0, 0, 0, 0, 0], "opd": list("ABCABCAB")})
    >>> naif = naive_comparison(p, k=1)
    >>> naif.table[["estimasi", "n_dilatih", "n_belum"]].to_dict("index")  # (13 - 8) / 3
    {2024: {'estimasi': 1.667, 'n_dilatih': 3, 'n_belum': 3}}
    """
    results, rows = {}, []
    for t in sorted(panel["tahun"].unique()):
        data = panel[panel["tahun"] == t]
        if data["dilatih"].sum() == 0:
            continue
        results[t] = regression_effect(data, "skor", "dilatih", cluster="opd", alpha=alpha)
        rows.append(results[t].as_row(tahun=t, n_dilatih=int(data["dilatih"].sum()),
                                      n_belum=int((data["dilatih"] == 0).sum())))
    table = suppress_small_cells(rounded_table(pd.DataFrame(rows).set_index("tahun")), k=k,
                                 columns=["n_dilatih", "n_belum"])
    return Estimates(results, table)


def selection_check(panel: pd.DataFrame, *, onset_lag: int = 0, k: int = K,
                    alpha: float = 0.05) -> Estimates:
    """Score of each cohort's future participants minus the other untrained, the year before
    their first treated year (selection: training cannot have acted yet).

    Cohorts with fewer than ``k`` rated candidates that year are left out. ``results``:
    cohort -> effect; table index ``kohort`` with ``tahun_sebelum``, ``n_calon``.

    Examples
    --------
    >>> p = pd.DataFrame({"tahun": 2023, "skor": [5.0, 4, 4, 3, 3, 2],
    ...                   "dilatih": 0.0, "kohort": ["2024"] * 3 + [NOT_TREATED] * 3,
    ...                   "opd": list("ABCABC")})
    >>> sel = selection_check(p, k=3)
    >>> sel.table[["tahun_sebelum", "n_calon", "estimasi"]].to_dict("index")
    {'2024': {'tahun_sebelum': 2023, 'n_calon': 3, 'estimasi': 1.667}}
    """
    results, rows = {}, []
    cohorts = sorted(c for c in panel["kohort"].unique() if c != NOT_TREATED)
    for cohort in cohorts:
        t = int(cohort) + onset_lag - 1
        data = panel[(panel["tahun"] == t) & (panel["dilatih"] == 0)]
        data = data.assign(calon=(data["kohort"] == cohort).astype(int))
        if data["calon"].sum() < k:
            continue
        results[cohort] = regression_effect(data, "skor", "calon", cluster="opd", alpha=alpha)
        rows.append(results[cohort].as_row(kohort=cohort, tahun_sebelum=t,
                                           n_calon=int(data["calon"].sum())))
    table = rounded_table(pd.DataFrame(rows).set_index("kohort"))
    return Estimates(results, table)


def regression_adjustment(panel: pd.DataFrame, cohort: str, *, onset_lag: int = 0,
                          alpha: float = 0.05) -> Estimates:
    """Effect on the score in ``cohort``'s first treated year, three regressions.

    Without covariates; with job type, age band and OPD; and with the score of the year
    before as well (only people rated that year; left out when nobody was). ``results``:
    model label -> effect, in that order; table index ``model``.
    """
    year = int(cohort) + onset_lag
    before = panel.loc[panel["tahun"] == year - 1, ["pid", "skor"]]
    data = panel[panel["tahun"] == year].merge(before.rename(columns={"skor": "skor_lalu"}),
                                               on="pid", how="left")
    traits = ["C(jenis_jabatan)", "C(kelompok_usia)", "C(opd)"]
    models = {"tanpa penyesuaian": [], "+ jenis jabatan, usia, OPD": traits}
    if not data["skor_lalu"].isna().all():
        models["+ skor SKP tahun sebelumnya"] = [*traits, "skor_lalu"]
    results = {}
    for name, covariates in models.items():
        sample = data.dropna(subset=["skor_lalu"]) if "skor_lalu" in covariates else data
        results[name] = regression_effect(sample, "skor", "dilatih", covariates, cluster="opd",
                                          alpha=alpha)
    table = rounded_table(pd.DataFrame([r.as_row(model=m) for m, r in results.items()])
                          .set_index("model"))
    return Estimates(results, table)


def main_effects(panel: pd.DataFrame, cohort: str, outcomes: Mapping[str, str], *,
                 onset_lag: int = 0, alpha: float = 0.05) -> Estimates:
    """Naive, DiD 2x2 and TWFE effects of training on each outcome.

    Parameters
    ----------
    panel : DataFrame
    cohort : str
        The cohort of the naive comparison (its first treated year, when anyone is trained
        then) and of the 2x2 DiD (:func:`~kompetensi.impact.regression.did_2x2`).
    outcomes : mapping
        Outcome column -> its label in the table (column ``hasil``).
    onset_lag, alpha
        As in :func:`~kompetensi.impact.data.performance_panel` and the estimators.

    Returns
    -------
    Estimates
        ``results`` keyed by ``(outcome, estimator)`` with estimators ``"naif <year>"``,
        ``"DiD 2x2 kohort <cohort>"`` and ``TWFE`` (``"TWFE semua tahun"``); ``errors``:
        outcome -> why its DiD 2x2 could not be estimated. Table index ``hasil, estimator``.
    """
    year = int(cohort) + onset_lag
    in_year = panel[panel["tahun"] == year]
    results, errors = {}, {}
    for outcome in outcomes:
        if in_year["dilatih"].sum() != 0:
            results[(outcome, f"naif {year}")] = regression_effect(
                in_year, outcome, "dilatih", cluster="opd", alpha=alpha)
        try:
            results[(outcome, f"DiD 2x2 kohort {cohort}")] = did_2x2(
                panel, outcome, cohort, onset_lag=onset_lag, alpha=alpha)
        except ValueError as exc:  # e.g. no rating in the year before the first cohort
            errors[outcome] = str(exc)
        results[(outcome, TWFE)] = panel_effect(panel, outcome, "dilatih", "pid", "tahun",
                                                cluster="opd", alpha=alpha)
    table = rounded_table(pd.DataFrame(
        [r.as_row(hasil=outcomes[h], estimator=e) for (h, e), r in results.items()]
    ).set_index(["hasil", "estimator"]))
    return Estimates(results, table, errors)


def se_sensitivity(panel: pd.DataFrame, main: EffectResult, *,
                   alpha: float = 0.05) -> Estimates:
    """The TWFE effect on the score with classical, per-person and per-OPD (``main``)
    standard errors; table index ``galat_baku``."""
    results = {
        "klasik (tanpa klaster)": panel_effect(panel, "skor", "dilatih", "pid", "tahun",
                                               alpha=alpha),
        "CR1 per ASN": panel_effect(panel, "skor", "dilatih", "pid", "tahun", cluster="pid",
                                    alpha=alpha),
        "CR1 per OPD (utama)": main,
    }
    table = rounded_table(pd.DataFrame([r.as_row(galat_baku=m) for m, r in results.items()])
                          .set_index("galat_baku"))
    return Estimates(results, table)


def event_studies(panel: pd.DataFrame, outcomes: Mapping[str, str], *, k: int = K,
                  alpha: float = 0.05) -> Estimates:
    """:func:`~kompetensi.impact.panel.event_study` of each outcome and their joint table.

    ``results``: outcome -> :class:`~kompetensi.impact.core.EventStudyResult`. Table index
    ``hasil`` (the label), ``periode_relatif``; the estimates of periods with fewer than
    ``k`` treated ratings are blanked and those counts suppressed.
    """
    results = {h: event_study(panel, h, "pid", "tahun", "tahun_perlakuan", cluster="opd",
                              alpha=alpha) for h in outcomes}
    table = pd.concat({outcomes[h]: r.periods.set_index("periode_relatif")
                       for h, r in results.items()}, names=["hasil", "periode_relatif"])
    small = table["n_obs_perlakuan"] < k
    table.loc[small, ["estimasi", "se", "ci_bawah", "ci_atas", "nilai_p"]] = np.nan
    table = suppress_small_cells(rounded_table(table), k=k, columns=["n_obs_perlakuan"])
    return Estimates(results, table)


def heterogeneity(panel: pd.DataFrame, dimensions: Sequence[tuple[str, str]] = DIMENSIONS, *,
                  k: int = K, alpha: float = 0.05) -> pd.DataFrame:
    """The TWFE effect on the score within each group of each dimension.

    Parameters
    ----------
    panel : DataFrame
    dimensions : sequence of (label, column)
        Default job type and age band.
    k : int
        Groups with fewer than ``k`` participants are not estimated; counts below ``k`` are
        suppressed.
    alpha : float

    Returns
    -------
    DataFrame
        Index ``dimensi, kelompok``; columns ``HETEROGENEITY_COLUMNS``; ``catatan`` says why a
        group has no estimate.
    """
    rows = []
    for dimension, column in dimensions:
        for group, data in panel.groupby(column, observed=True):
            n_treated = int(data.loc[data["dilatih"] == 1, "pid"].nunique())
            base = {"dimensi": dimension, "kelompok": str(group), "n_peserta": n_treated,
                    "n_asn": int(data["pid"].nunique())}
            if n_treated < k:
                rows.append({**base, "catatan": f"peserta < {k}: tidak dilaporkan"
                             if n_treated else "tidak ada peserta"})
                continue
            try:
                res = panel_effect(data, "skor", "dilatih", "pid", "tahun", cluster="opd",
                                   alpha=alpha)
            except ValueError as exc:
                rows.append({**base, "catatan": f"tidak dapat diestimasi: {exc}"})
                continue
            rows.append({**res.as_row(**base), "catatan": ""})
    table = pd.DataFrame(rows).set_index(["dimensi", "kelompok"])
    return suppress_small_cells(rounded_table(table.reindex(columns=HETEROGENEITY_COLUMNS)), k=k,
                                columns=["n_peserta", "n_asn"])


def truth_rows(truth: Mapping, main: Estimates, studies: Estimates, naive: Estimates,
               cohort: str, years: Sequence[int]) -> list[tuple]:
    """Estimates of the bundled sample against its planted effects (``performance_effect`` of
    ``kebenaran.json``), as rows ``(name, planted, estimate, ci_low, ci_high)`` for
    :func:`kompetensi.report.truth.truth_table`.

    TWFE (score, Sangat Baik) against the pooled ATT; the event study against the ATT of the
    2024 cohort in 2024 and 2025, the DiD 2x2 against it in 2024 (when ``cohort`` is 2024);
    the naive comparison of 2024 and 2025 against the planted naive difference.
    """
    att = truth["att_by_cohort_year"]
    rows = []
    for outcome, label, planted in (("skor", "skor", "att_score"),
                                    ("sangat_baik", "Sangat Baik", "att_share_sangat_baik")):
        r = main.results[(outcome, TWFE)]
        rows.append((f"TWFE {label} vs ATT gabungan", float(truth["att_pooled"][planted]),
                     r.estimate, r.ci_low, r.ci_high))
    for e, outcome, label, key, planted in (
            (0, "skor", "skor", "cohort_2024_year_2024", "att_score"),
            (1, "skor", "skor", "cohort_2024_year_2025", "att_score"),
            (1, "sangat_baik", "Sangat Baik", "cohort_2024_year_2025", "att_share_sangat_baik")):
        periods = studies.results[outcome].periods.set_index("periode_relatif")
        if e in periods.index and cohort == "2024" and 2024 + e in years:
            rows.append((f"Studi peristiwa {label}, tahun {e} vs ATT kohort 2024 ({2024 + e})",
                         float(att[key][planted]),
                         *periods.loc[e, ["estimasi", "ci_bawah", "ci_atas"]]))
    did0 = main.results.get(("skor", f"DiD 2x2 kohort {cohort}"))
    if did0 is not None and cohort == "2024":
        rows.append(("DiD 2x2 kohort 2024 vs ATT kohort 2024 (2024)",
                     float(att["cohort_2024_year_2024"]["att_score"]), did0.estimate,
                     did0.ci_low, did0.ci_high))
    for t in (2024, 2025):
        if t in naive.results:
            r = naive.results[t]
            rows.append((f"Naif {t} vs selisih naif yang ditanam",
                         float(truth["naive_difference"][str(t)]["difference_score"]),
                         r.estimate, r.ci_low, r.ci_high))
    return rows


def headline_results(program: str, participants: Mapping[str, int], main: Estimates,
                     naive: Estimates, studies: Estimates, plan, mde_now: float, *,
                     years: Sequence[int], cohort: str, k: int = K) -> dict:
    """The ``hasil`` of notebook 05: headlines (on the index page) and details (notebook 07,
    trends between cycles). ``plan`` is a :class:`~kompetensi.impact.power.PowerPlan`."""
    twfe, twfe_sb = main.results[("skor", TWFE)], main.results[("sangat_baik", TWFE)]
    did0 = main.results.get(("skor", f"DiD 2x2 kohort {cohort}"))
    last = max(naive.results)
    periods = studies.results["skor"].periods
    return {
        "program": program,
        "peserta_per_kohort": {c: n for c, n in participants.items() if n >= k},
        "efek_skor": twfe.bounds(),
        "efek_sangat_baik_poin_persen": twfe_sb.bounds(100),
        f"selisih_naif_skor_{last}": round(naive.results[last].estimate, 4),
        "uji_tren_sebelum_p": round(studies.results["skor"].pretrend_p_value, 4),
        "mde_skor_desain_sekarang": round(float(mde_now), 4),
        "peserta_dibutuhkan_per_efek": {str(e): n for e, n in plan.needed.items()},
        "rincian": {
            "tahun_panel": [int(t) for t in years],
            "twfe_skor": twfe.summary(),
            "twfe_sangat_baik": twfe_sb.summary(),
            "did_2x2_skor": did0.summary() if did0 else None,
            "naif_skor": {str(t): r.summary() for t, r in naive.results.items()},
            "studi_peristiwa_skor": periods[periods["n_obs_perlakuan"] >= k]
            .round(6).to_dict(orient="records"),
            "sd_perubahan_skor": round(plan.sd, 6),
            "icc_perubahan_skor_opd": round(plan.icc, 6),
            "n_pembanding": plan.n_control,
        },
    }
