"""Performance (SKP predikat), selection into the PSIM programme and its planted effect.

Latent performance ``y_it = ability_i + OPD effect + year effect + noise_it`` (+ the effect of
PSIM from the year of training on). Predikat come from fixed thresholds on ``y``. Because the
predikat are discrete, the true effect on the observed scale is computed exactly from the two
potential outcomes with the same noise draws.

The latent effect is **dynamic and cohort-specific** (``EFFECT``, by cohort ``g`` and years
since training ``e = t - g``; the rating of the training year counts, as the SKP is given at
the end of the year):

======  =====  =====
cohort  e = 0  e = 1
======  =====  =====
2024     0.10   0.90
2025    -0.10      -
======  =====  =====

Skills show little in the rating of the training year (the 2025 cohort even dips slightly:
time away from work in the year it is rated) and much a year later. The values are chosen to
make a known weakness visible on the bundled sample: a static two-way fixed-effects (TWFE)
regression is a weighted average of all 2x2 comparisons, including cohort 2025 against cohort
2024 as "control" in 2024 -> 2025, when the early cohort's effect is growing by 0.8; that
growth is subtracted from the late cohort's effect (Goodman-Bacon 2021, "later vs earlier
treated"), so TWFE under-weights the large e = 1 cell and over-weights the late cohort's
e = 0 cell and lands well below the overall ATT (about -30 % here, outside its 95 % CI). The
Callaway-Sant'Anna estimator (never-treated controls) is not affected. With the former
constant effect (0.40 from the training year on) TWFE and the ATT agreed. Because about 90 %
of the rated staff are never trained, the clean comparisons dominate TWFE: the TWFE weight of
a cell differs from its share of the ATT mainly by -0.09 (cohort 2024, e = 1) and +0.09
(cohort 2025, e = 0), so a visible bias needs effects that differ a lot between those two
cells. The draws are the same as with the constant effect; only the effect added changes.

References
----------
Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing.
Journal of Econometrics, 225(2), 254-277. Callaway, B. & Sant'Anna, P. H. C. (2021).
Difference-in-differences with multiple time periods. Journal of Econometrics, 225(2), 200-230.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import norm

from kompetensi.synth import effect_truths
from kompetensi.synth.population import Population

PREDIKAT = ("Sangat Kurang", "Kurang/Misconduct", "Butuh Perbaikan", "Baik", "Sangat Baik")
SHARES = (0.02, 0.05, 0.13, 0.65, 0.15)  # target shares of the untreated population
THRESHOLDS = tuple(float(x) for x in norm.ppf(np.cumsum(SHARES)[:-1]))
YEARS = (2022, 2023, 2024, 2025)
YEAR_EFFECT = {2022: -0.04, 2023: 0.0, 2024: 0.03, 2025: 0.06}
SD_ABILITY = 0.82
SIGMA_OPD = 0.25
SIGMA_NOISE = 0.50
# planted latent effect of PSIM by (cohort, years since training); see the module docstring
EFFECT = {(2024, 0): 0.10, (2024, 1): 0.90, (2025, 0): -0.10}
COHORT_TARGET = 300
SELECTION_BETA_PRIOR = 1.0  # per unit of expected latent performance of the previous year
SELECTION_BETA_GROUP = 1.2  # Pengawas/Administrator/Pelaksana outside Dinas Pendidikan
PROGRAM = "PSIM"
PROGRAM_NAME = "Pelatihan Sistem Informasi Manajemen dan Literasi Digital"


@dataclass(frozen=True)
class Performance:
    """Rated person-years and the PSIM cohorts.

    Attributes
    ----------
    rated : pandas.DataFrame
        ``pid``, ``tahun``, ``y0``, ``y1``, ``skor0``, ``skor1`` (1-5), ``predikat``,
        ``treated`` (bool, trained in or before that year).
    cohort : pandas.Series
        PSIM cohort year by ``pid`` (2024 or 2025) for participants only.
    truths : dict
        Planted and derived values for kebenaran.json.
    """

    rated: pd.DataFrame
    cohort: pd.Series
    truths: dict


def score(y: np.ndarray) -> np.ndarray:
    """Ordered score 1 (Sangat Kurang) … 5 (Sangat Baik) of latent values."""
    return 1 + np.searchsorted(np.asarray(THRESHOLDS), y, side="right")


def effect(cohort: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Latent effect of PSIM (``EFFECT``) in ``year`` for people of ``cohort`` (NaN: never).

    Zero before the training year and for the never trained; a cohort-year outside the table
    raises ``KeyError`` (every treated cell of the sample must be planted explicitly).
    """
    cohort = np.asarray(cohort, dtype=float)
    year = np.asarray(year, dtype=float)
    out = np.zeros(len(year))
    treated = ~np.isnan(cohort) & (cohort <= year)
    out[treated] = [EFFECT[(int(g), int(t - g))] for g, t in zip(cohort[treated], year[treated],
                                                                  strict=True)]
    return out


def _rated_rows(pop: Population) -> pd.DataFrame:
    """Person-years with a predikat: in the roster of that year, hired before that year.

    The 2022 rows are history carried by the 2023 file: only persons still on the 2023 roster.
    """
    rows = []
    for year in YEARS:
        r = pop.rosters[year]
        hired_before = pop.people.loc[r.index, "tmt"].dt.year.to_numpy() < year
        keep = r.index[hired_before]
        if year == 2022:
            keep = keep[keep.isin(pop.rosters[2023].index)]
        rows.append(
            pd.DataFrame({"pid": keep, "tahun": year, "opd": r.loc[keep, "opd"].to_numpy()})
        )
    return pd.concat(rows, ignore_index=True)


def _calibrate_intercept(x: np.ndarray, target: float) -> float:
    lo, hi = -20.0, 20.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if expit(mid + x).sum() > target:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def build(
    pop: Population, rng_outcome: np.random.Generator, rng_select: np.random.Generator
) -> Performance:
    """Draw latent performance, select the two PSIM cohorts and record the truths."""
    n_people = len(pop.people)
    opds = sorted({o for r in pop.rosters.values() for o in r["opd"]})
    raw = pd.Series(rng_outcome.normal(0.0, SIGMA_OPD, len(opds)), index=opds)
    # centre on the workforce so that the big OPDs do not move the overall shares
    weights = pop.rosters[2025]["opd"].value_counts().reindex(opds, fill_value=0).astype(float)
    opd_effect = (raw - float((raw * weights).sum() / weights.sum())).to_dict()
    noise = rng_outcome.normal(0.0, SIGMA_NOISE, size=(n_people, len(YEARS)))
    rated = _rated_rows(pop)
    pid = rated["pid"].to_numpy()
    col = rated["tahun"].to_numpy() - YEARS[0]
    # expected level of a person-year (what supervisors know) and the year's transient noise
    level = (
        SD_ABILITY * pop.people.loc[pid, "ability"].to_numpy()
        + rated["opd"].map(opd_effect).to_numpy().astype(float)
        + rated["tahun"].map(YEAR_EFFECT).to_numpy().astype(float)
    )
    rated["y0"] = level + noise[pid, col]
    y_by = pd.Series(level, index=pd.MultiIndex.from_arrays([pid, rated["tahun"].to_numpy()]))
    cohort = pd.Series(dtype=float)
    selection = {}
    for c in (2024, 2025):
        roster = pop.rosters[c]
        prior = y_by.xs(c - 1, level=1)
        elig = roster.index[
            roster.index.isin(prior.index) & (roster["jenis_jabatan"] != "JPT").to_numpy()
        ]
        elig = elig[~elig.isin(cohort.index)]
        r = roster.loc[elig]
        group = (
            np.isin(
                r["jenis_jabatan"].to_numpy(dtype=object),
                ["Pengawas", "Administrator", "Pelaksana"],
            )
            & (r["group"].to_numpy(dtype=object) != "guru")
            & (r["opd"].to_numpy(dtype=object) != "Dinas Pendidikan dan Kebudayaan")
        )
        x = SELECTION_BETA_PRIOR * prior.loc[elig].to_numpy() + SELECTION_BETA_GROUP * group
        alpha = _calibrate_intercept(x, COHORT_TARGET)
        p = expit(alpha + x)
        chosen = elig[rng_select.random(len(elig)) < p]
        cohort = pd.concat([cohort, pd.Series(float(c), index=chosen)])
        selection[str(c)] = {
            "eligible": len(elig),
            "participants": len(chosen),
            "intercept": round(alpha, 6),
            "expected_participants": COHORT_TARGET,
            "share_sent_group_yes": round(float(np.mean(np.isin(elig, chosen)[group])), 6),
            "share_sent_group_no": round(float(np.mean(np.isin(elig, chosen)[~group])), 6),
        }
    cohort.index.name = "pid"
    cohort = cohort.sort_index()
    rated["cohort"] = rated["pid"].map(cohort)
    rated["treated"] = (rated["cohort"] <= rated["tahun"]).fillna(False).astype(bool)
    rated["y1"] = rated["y0"] + effect(rated["cohort"].to_numpy(), rated["tahun"].to_numpy())
    rated["skor0"] = score(rated["y0"].to_numpy())
    rated["skor1"] = score(rated["y1"].to_numpy())
    rated["predikat"] = np.asarray(PREDIKAT, dtype=object)[rated["skor1"].to_numpy() - 1]
    truths = _truths(rated, selection)
    return Performance(rated=rated.drop(columns="opd"), cohort=cohort, truths=truths)


def _naive(frame: pd.DataFrame, year: int, trained: np.ndarray) -> dict:
    obs = frame["skor1"].to_numpy().astype(float)
    return {
        "score_trained": round(float(obs[trained].mean()), 6),
        "score_untrained": round(float(obs[~trained].mean()), 6),
        "difference_score": round(float(obs[trained].mean() - obs[~trained].mean()), 6),
        "difference_share_sangat_baik": round(
            float((obs[trained] == 5).mean() - (obs[~trained] == 5).mean()), 6
        ),
        "year": year,
    }


def _truths(rated: pd.DataFrame, selection: dict) -> dict:
    post = rated[rated["treated"]]
    att_cells = {}
    for (c, t), g in post.groupby(["cohort", "tahun"]):
        att_cells[f"cohort_{int(c)}_year_{int(t)}"] = {
            "e": int(t - c), "delta_latent": EFFECT[(int(c), int(t - c))],
            **effect_truths.att(g)}
    by_cohort = {f"cohort_{int(c)}": effect_truths.att(g) for c, g in post.groupby("cohort")}
    sizes = rated.drop_duplicates("pid")["cohort"].dropna().astype(int).value_counts()
    naive = {}
    for year in (2024, 2025):
        f = rated[rated["tahun"] == year]
        naive[str(year)] = _naive(f, year, f["treated"].to_numpy())
    pooled = effect_truths.att(post)
    ate = effect_truths.whole_workforce(rated[rated["tahun"] >= 2024], EFFECT, score)
    bias = naive["2025"]["difference_score"] - by_cohort_pooled(post, 2025)
    # 2x2 difference in differences anchored on 2023 (cohort 2024 vs never trained)
    wide = rated.pivot(index="pid", columns="tahun", values="skor1")
    coh = rated.drop_duplicates("pid").set_index("pid")["cohort"]
    both = wide[[2023, 2024]].dropna()
    t24 = coh.reindex(both.index) == 2024
    never = coh.reindex(both.index).isna()
    diff = both[2024] - both[2023]
    did = float(diff[t24].mean() - diff[never].mean())
    shares = rated.loc[~rated["treated"], "skor0"].value_counts(normalize=True).sort_index()
    return {
        "delta_latent": {
            f"cohort_{g}": {f"e{e}": v for (h, e), v in sorted(EFFECT.items()) if h == g}
            for g in sorted({g for g, _ in EFFECT})
        },
        "delta_note": (
            "latent effect of PSIM by cohort and years since training e (the rating of the "
            "training year is e = 0); dynamic and cohort-specific so that a static TWFE is "
            "visibly biased (Goodman-Bacon 2021) while Callaway-Sant'Anna is not"
        ),
        "thresholds_latent": [round(x, 6) for x in THRESHOLDS],
        "latent_model": {
            "sd_ability": SD_ABILITY,
            "sd_opd_effect": SIGMA_OPD,
            "sd_noise": SIGMA_NOISE,
            "year_effect": {str(k): v for k, v in YEAR_EFFECT.items()},
        },
        "target_shares": dict(zip(PREDIKAT, SHARES, strict=True)),
        "observed_shares_untreated": {
            PREDIKAT[int(k) - 1]: round(float(v), 6) for k, v in shares.items()
        },
        "att_pooled": pooled,
        "ate_whole_workforce": ate,
        "att_by_cohort": by_cohort,
        "att_by_cohort_year": att_cells,
        "callaway_santanna": effect_truths.callaway_santanna(post, sizes.to_dict()),
        "twfe_implied": effect_truths.twfe_implied(rated),
        "naive_difference": naive,
        "naive_minus_att_2025_score": round(float(bias), 6),
        "naive_bias_direction": "upward (selection on prior performance)",
        "did_2x2_cohort2024_2023_to_2024_score": round(did, 6),
        "did_2x2_note": (
            "selection uses the expected latent level of the previous year (ability + OPD + "
            "year effect), not its transient noise, so trends are parallel on the latent scale "
            "and a 2x2 DiD with never-trained controls recovers the ATT of its cell up to "
            "sampling error (and a tiny term from the discretisation); the static TWFE over all "
            "cohorts and years does not, as the effect varies by cohort and year (twfe_implied)"
        ),
        "selection": {
            "model": (
                "logit P(sent) = intercept + 1.0 * expected latent performance of the previous "
                "year (0.82 ability + OPD effect + year effect, without the year's noise) "
                "+ 1.2 * [Pengawas/Administrator/Pelaksana outside Dinas Pendidikan]; JPT not sent"
            ),
            "beta_prior_latent": SELECTION_BETA_PRIOR,
            "beta_group": SELECTION_BETA_GROUP,
            "cohorts": selection,
        },
    }


def by_cohort_pooled(post: pd.DataFrame, year: int) -> float:
    """True ATT on the score among all trained ASN rated in ``year``."""
    g = post[post["tahun"] == year]
    return float(np.mean(g["skor1"].to_numpy().astype(float) - g["skor0"].to_numpy().astype(float)))
