"""Reaction (L1) and behaviour (L3) surveys of the PSIM participants, and the stakeholder
AHP questionnaire, with the planted reliabilities, rater bias and group weights."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.stats import norm

from kompetensi.synth import instruments as ins

LIKERT_WORDS = ("Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju")
LIKERT_WORDS_RAGU = ("Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju")
LIKERT_ABBR = ("STS", "TS", "N", "S", "SS")
REAKSI_RESPONSE_RATE = 0.80
SAATY = tuple(sorted({1.0} | {float(k) for k in range(2, 10)} | {1.0 / k for k in range(2, 10)}))


def cronbach_alpha(scores: np.ndarray) -> float:
    """Cronbach's alpha of a complete respondents x items matrix."""
    s = np.asarray(scores, dtype=float)
    k = s.shape[1]
    return float(k / (k - 1) * (1 - s.var(axis=0, ddof=1).sum() / s.sum(axis=1).var(ddof=1)))


def _likert_scores(f: np.ndarray, e: np.ndarray, loadings: np.ndarray) -> np.ndarray:
    thr = norm.ppf(np.asarray(ins.REAKSI_CUMULATIVE))
    z = f[:, None] * loadings + np.sqrt(1.0 - loadings**2) * e
    return 1 + np.searchsorted(thr, z.ravel()).reshape(z.shape)


def population_alpha(rng: np.random.Generator, n: int = 400_000) -> dict:
    """Monte Carlo alpha of each reaction dimension (the population value of the model)."""
    out = {}
    for dim in ins.ALPHA_TARGET:
        lam = np.asarray([it[4] for it in ins.REAKSI if it[2] == dim])
        out[dim] = round(
            cronbach_alpha(_likert_scores(rng.normal(size=n), rng.normal(size=(n, len(lam))), lam)),
            4,
        )
    return out


def _timestamps(
    day: np.ndarray, rng: np.random.Generator, extra_days: tuple[int, int]
) -> np.ndarray:
    n = len(day)
    offset = rng.integers(extra_days[0], extra_days[1] + 1, n).astype("timedelta64[D]")
    seconds = rng.integers(8 * 3600, 17 * 3600, n).astype("timedelta64[s]")
    return (np.asarray(day, dtype="datetime64[D]") + offset).astype("datetime64[s]") + seconds


def reaksi(
    participants: pd.DataFrame, rng: np.random.Generator, year: int
) -> tuple[pd.DataFrame, dict]:
    """Reaction survey of the cohort ``year``: one row per response, scores as answered."""
    part = participants[participants["cohort"] == year].sort_values("pid")
    resp = part[rng.random(len(part)) < REAKSI_RESPONSE_RATE].reset_index(drop=True)
    n = len(resp)
    scores = np.zeros((n, len(ins.REAKSI)), dtype=np.int64)
    truths = {}
    for dim in ins.ALPHA_TARGET:
        cols = [i for i, it in enumerate(ins.REAKSI) if it[2] == dim]
        lam = np.asarray([ins.REAKSI[i][4] for i in cols])
        s = _likert_scores(rng.normal(size=n), rng.normal(size=(n, len(cols))), lam)
        truths[dim] = round(cronbach_alpha(s), 6)
        scores[:, cols] = s
    reverse = np.asarray([it[3] for it in ins.REAKSI], dtype=bool)
    answered = np.where(reverse, 6 - scores, scores)
    out = pd.DataFrame(answered, columns=[it[0] for it in ins.REAKSI])
    out.insert(0, "waktu", _timestamps(resp["selesai"].to_numpy(), rng, (0, 2)))
    out.insert(
        1, "pid", np.where(rng.random(n) < 0.4, resp["pid"].to_numpy().astype(float), np.nan)
    )
    out.insert(
        2, "gaya", np.where(rng.random(n) < (0.2 if year == 2025 else 0.0), "singkatan", "kata")
    )
    return out.sort_values("waktu", kind="stable").reset_index(drop=True), {
        "responses": n,
        "participants": len(part),
        "alpha_generated_before_faults": truths,
    }


def perilaku(
    participants: pd.DataFrame, rng: np.random.Generator, year: int
) -> tuple[pd.DataFrame, dict]:
    """Behaviour survey 3-6 months after the classes of cohort ``year``; self and supervisor."""
    m = ins.PERILAKU_MODEL
    part = participants[participants["cohort"] == year].sort_values("pid").reset_index(drop=True)
    n = len(part)
    gain = (part["post"] - part["pre"]).to_numpy().astype(float)
    zg = (gain - gain.mean()) / gain.std()
    r = m["gain_correlation_latent"]
    behaviour = r * zg + np.sqrt(1 - r**2) * rng.normal(size=n)
    dims = sorted({it[2] for it in ins.PERILAKU})
    dim_idx = np.asarray([dims.index(it[2]) for it in ins.PERILAKU])
    reverse = np.asarray([it[3] for it in ins.PERILAKU], dtype=bool)
    frames = []
    for role, rate, bias in (
        ("diri", m["response_rate_self"], m["self_bias"]),
        ("atasan", m["response_rate_supervisor"], 0.0),
    ):
        take = rng.random(n) < rate
        k = int(take.sum())
        cont = (
            m["intercept"]
            + bias
            + m["behaviour_loading"] * behaviour[take][:, None]
            + m["rater_sd"] * rng.normal(size=(k, 1))
            + m["dimension_sd"] * rng.normal(size=(k, len(dims)))[:, dim_idx]
            + m["item_sd"] * rng.normal(size=(k, len(ins.PERILAKU)))
        )
        s = np.clip(np.round(cont), 1, 5).astype(np.int64)
        f = pd.DataFrame(np.where(reverse, 6 - s, s), columns=[it[0] for it in ins.PERILAKU])
        f.insert(0, "waktu", _timestamps(part.loc[take, "selesai"].to_numpy(), rng, (95, 180)))
        f.insert(1, "pid", part.loc[take, "pid"].to_numpy())
        f.insert(2, "penilai", role)
        f["skor_rata"] = s.mean(axis=1)
        f["gain"] = gain[take]
        frames.append(f)
    out = (
        pd.concat(frames, ignore_index=True)
        .sort_values(["waktu", "pid"], kind="stable")
        .reset_index(drop=True)
    )
    self_, sup = out[out["penilai"] == "diri"], out[out["penilai"] == "atasan"]
    paired = self_.merge(sup, on="pid", suffixes=("_d", "_a"))
    truths = {
        "responses_self": len(self_),
        "responses_supervisor": len(sup),
        "participants": n,
        "mean_score_self": round(float(self_["skor_rata"].mean()), 6),
        "mean_score_supervisor": round(float(sup["skor_rata"].mean()), 6),
        "self_minus_supervisor": round(
            float(self_["skor_rata"].mean() - sup["skor_rata"].mean()), 6
        ),
        "self_minus_supervisor_paired": round(
            float((paired["skor_rata_d"] - paired["skor_rata_a"]).mean()), 6
        ),
        "paired_persons": len(paired),
        "corr_gain_self": round(float(np.corrcoef(self_["gain"], self_["skor_rata"])[0, 1]), 6),
        "corr_gain_supervisor": round(float(np.corrcoef(sup["gain"], sup["skor_rata"])[0, 1]), 6),
        "note": "scores after reversing P03 and P08; mean of the 8 items; before faults",
    }
    return out.drop(columns=["skor_rata", "gain"]), truths


def _matrix(values: dict[tuple[int, int], float], n: int) -> np.ndarray:
    a = np.ones((n, n))
    for (i, j), v in values.items():
        a[i, j], a[j, i] = v, 1.0 / v
    return a


def ahp_weights(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (power iteration) and consistency ratio of a 5x5 matrix."""
    w = np.ones(a.shape[0]) / a.shape[0]
    for _ in range(500):
        w = a @ w
        w = w / w.sum()
    lam = float(np.mean((a @ w) / w))
    return w, (lam - a.shape[0]) / (a.shape[0] - 1) / ins.RANDOM_INDEX_N5


def _nearest_saaty(x: np.ndarray) -> np.ndarray:
    grid = np.log(np.asarray(SAATY))
    return np.asarray(SAATY)[np.abs(np.log(x)[:, None] - grid[None, :]).argmin(axis=1)]


def pemangku(rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Stakeholder pairwise judgments on the five criteria, ten pairs per respondent."""
    pairs = list(itertools.combinations(range(len(ins.KRITERIA)), 2))
    rows, per_resp, mats = [], {}, {}
    for group, (prefix, count) in ins.RESPONDEN.items():
        w = np.asarray(ins.BOBOT[group])
        ratio = np.asarray([w[i] / w[j] for i, j in pairs])
        for k in range(1, count + 1):
            code = f"{prefix}{k:02d}"
            bad = code in ins.INCONSISTENT
            for _ in range(200):
                v = _nearest_saaty(
                    ratio * np.exp(rng.normal(0.0, ins.JUDGMENT_NOISE_SD, len(pairs)))
                )
                if bad:  # a careless respondent turns round three of the ten judgments
                    flip = rng.choice(len(pairs), size=3, replace=False)
                    v[flip] = 1.0 / v[flip]
                a = _matrix(dict(zip(pairs, v, strict=True)), len(ins.KRITERIA))
                weights, cr = ahp_weights(a)
                if (cr > 0.1) == bad:
                    break
            mats[code] = (group, a)
            per_resp[code] = {
                "kelompok": group,
                "cr": round(float(cr), 6),
                "inconsistent_planted": bad,
            }
            for p, (i, j) in enumerate(pairs):
                missing = (code, p) == ins.MISSING_PAIR
                rows.append(
                    {
                        "responden": code,
                        "kelompok": group,
                        "kriteria_a": ins.KRITERIA[i],
                        "kriteria_b": ins.KRITERIA[j],
                        "nilai": np.nan if missing else float(v[p]),
                    }
                )
    out = pd.DataFrame(rows)
    truths = {
        "planted_weights": {
            g: dict(zip(ins.KRITERIA, w, strict=True)) for g, w in ins.BOBOT.items()
        },
        "judgment_model": (
            "w_a/w_b * exp(N(0, 0.25)), rounded to the nearest Saaty value on the log scale; "
            "planted inconsistent respondents have three judgments turned round (CR > 0.1)"
        ),
        "respondents": per_resp,
        "missing_pair": {
            "responden": ins.MISSING_PAIR[0],
            "kriteria_a": ins.KRITERIA[pairs[ins.MISSING_PAIR[1]][0]],
            "kriteria_b": ins.KRITERIA[pairs[ins.MISSING_PAIR[1]][1]],
        },
        "aij_weights": {},
    }
    for group in ins.BOBOT:
        for label, keep in (
            ("complete", lambda c: c != ins.MISSING_PAIR[0]),
            (
                "complete_consistent",
                lambda c: c != ins.MISSING_PAIR[0] and per_resp[c]["cr"] <= 0.1,
            ),
        ):
            ms = [a for c, (g, a) in sorted(mats.items()) if g == group and keep(c)]
            geo = np.exp(np.mean(np.log(np.stack(ms)), axis=0))
            wts, cr = ahp_weights(geo)
            truths["aij_weights"][f"{group}_{label}"] = {
                "n": len(ms),
                "cr": round(float(cr), 6),
                "weights": {c: round(float(x), 6) for c, x in zip(ins.KRITERIA, wts, strict=True)},
            }
    return out, truths
