"""Development activities (pelatihan), the PSIM programme classes and its pre/post test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.synth.activities import ITEMS
from kompetensi.synth.performance import PROGRAM, PROGRAM_NAME, Performance
from kompetensi.synth.population import CYCLES, Population

MULTIPLIER = {
    "JPT": 2.6,
    "Administrator": 2.3,
    "Pengawas": 1.9,
    "fungsional_lain": 1.2,
    "kesehatan": 1.0,
    "guru": 0.85,
    "pelaksana": 0.75,
}
TARGET_MEAN = 2.5  # activities per ASN and year besides PSIM
GAMMA_SHAPE = 1.2  # over-dispersion of the counts (many with none, a few with many)
MAX_PER_YEAR = 20
CLASS_SIZE = 30
PSIM_JP = 40
PSIM_FIRST_MONDAY = {2024: "2024-03-04", 2025: "2025-02-10"}
PRE_MEAN, PRE_SD, GAIN_MEAN, GAIN_SD = 55.0, 12.0, 12.0, 8.0


@dataclass(frozen=True)
class Training:
    """Activities, PSIM participants and truths.

    Attributes
    ----------
    activities : pandas.DataFrame
        ``pid``, ``tahun``, ``nama_pelatihan``, ``jenis``, ``bentuk``, ``mulai``,
        ``selesai``, ``jp`` (float, NaN when not stated), ``penyelenggara``, ``lokasi``,
        ``program``.
    participants : pandas.DataFrame
        PSIM participants: ``pid``, ``cohort``, ``kelas``, ``mulai``, ``selesai``, ``pre``,
        ``post``.
    truths : dict
    """

    activities: pd.DataFrame
    participants: pd.DataFrame
    truths: dict


def _profile(roster: pd.DataFrame) -> np.ndarray:
    level = roster["level"].to_numpy(dtype=object)
    return np.where(level != "", level, roster["group"].to_numpy(dtype=object))


def _weights(profile: str) -> np.ndarray:
    keys = {"all", profile}
    if profile in ("JPT", "Administrator", "Pengawas"):
        keys.add("struktural")
    return np.asarray(
        [sum(w for k, w in item.audience if k in keys) for item in ITEMS], dtype=float
    )


def _sessions(rng: np.random.Generator, item_idx: np.ndarray, year: int) -> pd.DataFrame:
    """Sessions (dates, JP, organiser) of every item and the session of each row."""
    counts = np.bincount(item_idx, minlength=len(ITEMS))
    n_sess = np.clip(np.ceil(counts / 25.0), 1, 12).astype(int)
    rows = []
    for k, item in enumerate(ITEMS):
        m = n_sess[k]
        hari = rng.integers(item.hari[0], item.hari[1] + 1, m)
        day = rng.integers(7, 345 - hari)
        start = np.busday_offset(
            np.datetime64(f"{year}-01-01") + day.astype("timedelta64[D]"), 0, roll="forward"
        )
        end = start + (hari - 1).astype("timedelta64[D]")
        jp = np.asarray(item.jp, dtype=float)[rng.integers(0, len(item.jp), m)]
        jp = np.where(rng.random(m) < item.p_no_jp, np.nan, jp)
        org = np.asarray(item.penyelenggara, dtype=object)[
            rng.integers(0, len(item.penyelenggara), m)
        ]
        rows.append(
            pd.DataFrame(
                {
                    "item": k,
                    "sesi": np.arange(m),
                    "mulai": start,
                    "selesai": end,
                    "jp": jp,
                    "penyelenggara": org,
                }
            )
        )
    sess = pd.concat(rows, ignore_index=True)
    sess["n_sesi"] = sess["item"].map(pd.Series(n_sess))
    return sess


def _activities_year(pop: Population, rng: np.random.Generator, year: int) -> pd.DataFrame:
    r = pop.rosters[year]
    p = pop.people.loc[r.index]
    profile = _profile(r)
    mu = pd.Series(profile).map(MULTIPLIER).to_numpy(dtype=float) * np.exp(
        0.8 * p["propensity"].to_numpy()
    )
    mu = mu * np.where(p["status"].to_numpy() == "PPPK", 0.6, 1.0)
    mu = mu * np.where(p["tmt"].dt.year.to_numpy() == year, 0.5, 1.0)
    mu = mu * TARGET_MEAN / mu.mean()
    count = np.minimum(
        rng.poisson(mu * rng.gamma(GAMMA_SHAPE, 1.0 / GAMMA_SHAPE, len(mu))), MAX_PER_YEAR
    )
    pid = np.repeat(r.index.to_numpy(), count)
    prof = np.repeat(profile, count)
    item = np.zeros(len(pid), dtype=np.int64)
    for name in sorted(set(prof)):
        mask = prof == name
        w = _weights(name)
        item[mask] = rng.choice(len(ITEMS), size=int(mask.sum()), p=w / w.sum())
    sess = _sessions(rng, item, year)
    n_sess = sess.groupby("item")["n_sesi"].first().to_numpy()
    rows = pd.DataFrame(
        {"pid": pid, "item": item, "sesi": (rng.random(len(pid)) * n_sess[item]).astype(int)}
    )
    rows = rows.drop_duplicates(["pid", "item", "sesi"]).merge(
        sess, on=["item", "sesi"], how="left"
    )
    # new hires only attend after their TMT
    rows = rows[
        rows["mulai"].to_numpy() >= pop.people.loc[rows["pid"], "tmt"].to_numpy()
    ].reset_index(drop=True)
    rows["tahun"] = year
    k = rows["item"].to_numpy()
    for col, attr in (("nama_pelatihan", "nama"), ("jenis", "jenis"), ("bentuk", "bentuk")):
        rows[col] = np.asarray([getattr(it, attr) for it in ITEMS], dtype=object)[k]
    rows["lokasi"] = np.asarray(
        ["Luar Negeri" if it.luar_negeri else "Dalam Negeri" for it in ITEMS], dtype=object
    )[k]
    rows["program"] = ""
    return rows.drop(columns=["item", "sesi", "n_sesi"])


def _psim(perf: Performance, rng: np.random.Generator, year: int) -> pd.DataFrame:
    pid = perf.cohort.index[perf.cohort.to_numpy() == year].to_numpy()
    order = rng.permutation(len(pid))
    kelas = np.empty(len(pid), dtype=np.int64)
    kelas[order] = np.arange(len(pid)) // CLASS_SIZE + 1
    start = np.datetime64(PSIM_FIRST_MONDAY[year]) + ((kelas - 1) * 7).astype("timedelta64[D]")
    pre = np.clip(np.round(rng.normal(PRE_MEAN, PRE_SD, len(pid))), 0, 100)
    post = np.clip(np.round(pre + rng.normal(GAIN_MEAN, GAIN_SD, len(pid))), 0, 100)
    return pd.DataFrame(
        {
            "pid": pid,
            "cohort": year,
            "kelas": kelas,
            "mulai": start,
            "selesai": start + np.timedelta64(4, "D"),
            "pre": pre,
            "post": post,
        }
    )


def build(pop: Population, perf: Performance, rng: np.random.Generator) -> Training:
    """Draw the activities of every cycle, the PSIM classes and the test scores."""
    frames, parts = [], []
    for year in CYCLES:
        frames.append(_activities_year(pop, rng, year))
        if year in PSIM_FIRST_MONDAY:
            part = _psim(perf, rng, year)
            parts.append(part)
            frames.append(
                pd.DataFrame(
                    {
                        "pid": part["pid"],
                        "tahun": year,
                        "mulai": part["mulai"],
                        "selesai": part["selesai"],
                        "jp": float(PSIM_JP),
                        "penyelenggara": "BKPSDMD Kota Pangkalpinang",
                        "nama_pelatihan": PROGRAM_NAME,
                        "jenis": "Pelatihan Teknis",
                        "bentuk": "Klasikal",
                        "lokasi": "Dalam Negeri",
                        "program": PROGRAM,
                    }
                )
            )
    act = pd.concat(frames, ignore_index=True)
    # Two sessions of one course can fall on the same dates: one person attends it once. Only
    # the planted duplicates (faults.py) may repeat a row; the PSIM record (last) is kept.
    act = act.drop_duplicates(["pid", "nama_pelatihan", "mulai"], keep="last")
    act = act.reset_index(drop=True)
    act["mulai"] = act["mulai"].astype("datetime64[s]")
    act["selesai"] = act["selesai"].astype("datetime64[s]")
    participants = pd.concat(parts, ignore_index=True)
    return Training(act, participants, _truths(pop, act, participants))


def _truths(pop: Population, act: pd.DataFrame, part: pd.DataFrame) -> dict:
    per_year = {}
    for year in CYCLES:
        n_roster = len(pop.rosters[year])
        a = act[act["tahun"] == year]
        on_roster = a["pid"].isin(pop.rosters[year].index)
        per_person = (
            a[on_roster].groupby("pid").size().reindex(pop.rosters[year].index, fill_value=0)
        )
        per_year[str(year)] = {
            "activities": len(a),
            "per_asn_mean": round(float(len(a) / n_roster), 6),
            "share_asn_without_activity": round(float((per_person == 0).mean()), 6),
            "max_per_asn": int(per_person.max()),
            "jp_not_stated": int(a["jp"].isna().sum()),
            "luar_negeri": int((a["lokasi"] == "Luar Negeri").sum()),
        }
    tests = {}
    for c, g in part.groupby("cohort"):
        gain = (g["post"] - g["pre"]).to_numpy().astype(float)
        tests[str(int(c))] = {
            "n": len(g),
            "mean_pre": round(float(g["pre"].mean()), 6),
            "mean_post": round(float(g["post"].mean()), 6),
            "mean_gain": round(float(gain.mean()), 6),
            "sd_gain": round(float(gain.std(ddof=1)), 6),
            "cohen_dz": round(float(gain.mean() / gain.std(ddof=1)), 6),
        }
    return {
        "activities": per_year,
        "count_model": (
            "Poisson(mu * Gamma(1.2, 1/1.2)), mu proportional to post multiplier "
            "* exp(0.8 * person propensity) * 0.6 for PPPK * 0.5 in the hiring year "
            f"(activities before the TMT dropped), scaled to {TARGET_MEAN} a year; "
            "repeats of the same session dropped; PSIM added"
        ),
        "psim": {
            "program": PROGRAM,
            "nama": PROGRAM_NAME,
            "jp": PSIM_JP,
            "class_size": CLASS_SIZE,
            "participants": {str(int(c)): int(n) for c, n in part.groupby("cohort").size().items()},
        },
        "learning_test": {
            "model": {
                "pre_mean": PRE_MEAN,
                "pre_sd": PRE_SD,
                "gain_mean": GAIN_MEAN,
                "gain_sd": GAIN_SD,
                "cohen_dz_model": GAIN_MEAN / GAIN_SD,
                "rounding": "integers, clipped to 0..100",
            },
            "generated_before_faults": tests,
        },
    }
