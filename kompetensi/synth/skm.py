"""Simulated SKM respondents and unit recaps of the sample's service units (issue 24).

Every draw comes from the ``skm`` stream, after every other draw of the sample. Per unit:
a latent effect, a respondent layout (e-SKM Google Form or paper form typed in; about half
each, three paper units move to the e-SKM in 2025; ``RECAP_ONLY`` keeps only its recap),
reporting periods (a year; semesters for RSUD and Disdukcapil; triwulan for DPMPTSP in 2025),
the number of people served in each period and a respondent count that meets the
Krejcie-Morgan minimum except in about 10 % of the unit-periods. Respondents get a profile, a
date, the service used and nine answers from :mod:`kompetensi.synth.skm_design`; about 1.5 %
of the answers and every answer of a few respondents are blank. The recap of a unit-period
is computed from its generated answers (before the raw-file faults of
:mod:`kompetensi.synth.raw_skm`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.synth import skm_design as D
from kompetensi.synth import skm_exposure, skm_truths
from kompetensi.synth.population import CYCLES, Population
from kompetensi.synth.roster_status import RosterStatus
from kompetensi.synth.training import Training

P_BLANK = 0.015  # an answer left blank
ALL_BLANK = 2  # respondents with all nine answers blank, per cycle and respondent layout
SHORT_SHARE = 0.10  # unit-periods below the Krejcie-Morgan minimum
WEIGHT_0111 = 0.2  # share of units that weigh the NRRs 0,111 (the annex's rounded 1/9)
PEKERJAAN = (("PNS/TNI/POLRI", 0.10), ("Pegawai Swasta", 0.24), ("Wiraswasta/Usahawan", 0.27),
             ("Pelajar/Mahasiswa", 0.11), ("Lainnya", 0.28))
# education by occupation: SD, SMP, SMA, D1, D2, D3, S1/D4, S2, S3
PENDIDIKAN = ("SD", "SMP", "SMA", "D1", "D2", "D3", "S1/D4", "S2", "S3")
EDU_BY_JOB = {
    "PNS/TNI/POLRI": (0.0, 0.0, 0.33, 0.01, 0.01, 0.14, 0.42, 0.08, 0.01),
    "Pegawai Swasta": (0.02, 0.06, 0.52, 0.01, 0.01, 0.12, 0.24, 0.02, 0.0),
    "Wiraswasta/Usahawan": (0.10, 0.18, 0.50, 0.01, 0.01, 0.05, 0.14, 0.01, 0.0),
    "Pelajar/Mahasiswa": (0.0, 0.14, 0.64, 0.0, 0.0, 0.04, 0.18, 0.0, 0.0),
    "Lainnya": (0.20, 0.25, 0.41, 0.01, 0.01, 0.04, 0.08, 0.0, 0.0),
}


@dataclass(frozen=True)
class Survey:
    """The simulated SKM.

    Attributes
    ----------
    units : tuple of ServiceUnit
    layout : dict of (unit, year) to "eskm", "kertas" or "rekap" (recap only)
    periods : pandas.DataFrame
        One row per unit-period: ``unit``, ``tahun``, ``periode`` (canonical: "2024",
        "2024-S1", "2025-T2"), ``label`` (as the recap writes it), ``mulai``, ``selesai``,
        ``populasi``, ``n`` (respondents drawn), ``km_min_lo``/``km_min_hi``, ``kurang``.
    respondents : pandas.DataFrame
        One row per respondent: ``unit``, ``tahun``, ``periode``, ``layout``, ``tanggal``
        (datetime64[s], with the time of day), ``layanan``, ``female``, ``usia``,
        ``pendidikan``, ``pekerjaan``, ``u1`` ... ``u9`` (Int8, <NA> blank).
    recaps : pandas.DataFrame
        One row per unit-period: ``unit``, ``tahun``, ``label``, ``responden``, ``populasi``,
        ``nrr_u1`` ... ``nrr_u9`` (rounded to 2 decimals as published), ``ikm``, ``mutu``,
        ``bobot`` ("1/9" or "0,111").
    truths : dict
    """

    units: tuple
    layout: dict
    periods: pd.DataFrame
    respondents: pd.DataFrame
    recaps: pd.DataFrame
    truths: dict


def _layouts(rng: np.random.Generator, units) -> dict:
    names = [u.unit for u in units if u.unit != D.RECAP_ONLY]
    order = rng.permutation(len(names))
    eskm = {names[i] for i in order[: len(names) // 2]}
    movers = {names[i] for i in order[len(names) // 2:][:3]}
    out = {}
    for u in units:
        for year in CYCLES:
            if u.unit == D.RECAP_ONLY:
                out[(u.unit, year)] = "rekap"
            else:
                web = u.unit in eskm or (year == 2025 and u.unit in movers)
                out[(u.unit, year)] = "eskm" if web else "kertas"
    return out


def _periods(rng: np.random.Generator, units) -> pd.DataFrame:
    rows = []
    for u in units:
        low, high = D.TYPES[u.kind].populasi
        for year in CYCLES:
            total = int(rng.integers(low, high + 1))
            kind = D.PERIODS.get(u.unit, "tahun")
            if year == 2025 and u.unit in D.QUARTERLY_2025:
                kind = "triwulan"
            parts = {"tahun": 1, "semester": 2, "triwulan": 4}[kind]
            share = rng.dirichlet(np.full(parts, 12.0))
            for j in range(parts):
                months = 12 // parts
                start = np.datetime64(f"{year}-{j * months + 1:02d}-01")
                end = (np.datetime64(f"{year}-{(j + 1) * months:02d}", "M")
                       + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
                roman = ("I", "II", "III", "IV")[j]
                periode, label = {
                    "tahun": (f"{year}", f"Tahun {year}" if year != 2024 else f"{year}"),
                    "semester": (f"{year}-S{j + 1}", f"Semester {roman} {year}"),
                    "triwulan": (f"{year}-T{j + 1}", f"Triwulan {roman} {year}"),
                }[kind]
                n_pop = max(int(round(total * share[j])), 40)
                lo, hi = D.km_bounds(n_pop)
                rows.append({"unit": u.unit, "tahun": year, "periode": periode, "label": label,
                             "mulai": start, "selesai": end, "populasi": n_pop,
                             "km_min_lo": lo, "km_min_hi": hi})
    out = pd.DataFrame(rows)
    short = np.zeros(len(out), dtype=bool)
    short[rng.choice(len(out), size=int(round(SHORT_SHARE * len(out))), replace=False)] = True
    out["kurang"] = short
    ok_n = out["km_min_hi"] + np.maximum(
        5, np.ceil(out["km_min_hi"] * rng.uniform(0.02, 0.12, len(out))))
    short_n = np.floor(out["km_min_lo"] * rng.uniform(0.6, 0.9, len(out)))
    out["n"] = np.where(short, short_n, ok_n).astype(np.int64)
    return out


def _dates(rng: np.random.Generator, start, end, n: int, window: bool) -> np.ndarray:
    """Working days (Mon-Fri, a few Saturdays) in the period, or a 4-10 week window of it."""
    days = np.arange(start, end + np.timedelta64(1, "D"), dtype="datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 0 = Monday
    days = days[(weekday < 5) | ((weekday == 5) & (rng.random(len(days)) < 0.2))]
    if window and len(days) > 50:
        width = int(rng.integers(20, 50))
        first = int(rng.integers(0, len(days) - width))
        days = days[first:first + width]
    day = np.sort(days[rng.integers(0, len(days), n)])
    seconds = rng.integers(7 * 3600 + 1800, 15 * 3600 + 1800, n)
    return day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _profile(rng: np.random.Generator, n: int, female_share: float) -> dict:
    jobs = np.asarray([p[0] for p in PEKERJAAN], dtype=object)
    job = jobs[rng.choice(len(jobs), size=n, p=[p[1] for p in PEKERJAAN])]
    student = job == "Pelajar/Mahasiswa"
    age = np.where(student, rng.integers(16, 25, n),
                   np.clip(np.round(rng.normal(41, 12, n)), 19, 78)).astype(np.int64)
    edu = np.empty(n, dtype=object)
    u = rng.random(n)
    for name, probs in EDU_BY_JOB.items():
        mask = job == name
        cum = np.cumsum(probs) / np.sum(probs)
        edu[mask] = np.asarray(PENDIDIKAN, dtype=object)[
            np.minimum(np.searchsorted(cum, u[mask], side="right"), len(cum) - 1)]
    edu = np.where((age < 18) & ~np.isin(edu, ["SD", "SMP"]), "SMP", edu)
    edu = np.where((age < 20) & ~np.isin(edu, ["SD", "SMP", "SMA"]), "SMA", edu)
    return {"female": rng.random(n) < female_share, "usia": age, "pendidikan": edu,
            "pekerjaan": job}



def _respondents(rng: np.random.Generator, units, periods: pd.DataFrame, layout: dict,
                 effect: dict, g: dict) -> pd.DataFrame:
    by_name = {u.unit: u for u in units}
    frames = []
    for row in periods.itertuples(index=False):
        u, n = by_name[row.unit], int(row.n)
        kind = layout[(row.unit, row.tahun)]
        t = D.TYPES[u.kind]
        served = np.asarray(t.layanan, dtype=object)
        w = 1.0 / np.arange(1, len(served) + 1)
        treated = 0 < g[row.unit] <= row.tahun
        eta = np.asarray([effect[row.unit] + D.ELEMENT[k] + D.YEAR[row.tahun]
                          + (D.DELTA if treated and k in D.TREATED_ELEMENTS else 0.0)
                          for k in D.UNSUR])
        frame = pd.DataFrame({
            "unit": row.unit, "tahun": row.tahun, "periode": row.periode, "layout": kind,
            "tanggal": _dates(rng, row.mulai, row.selesai, n, window=kind == "kertas"),
            "layanan": served[rng.choice(len(served), size=n, p=w / w.sum())],
            **_profile(rng, n, t.female),
        })
        answers = D.draw_answers(rng, np.tile(eta, (n, 1)))
        for j, k in enumerate(D.UNSUR):
            frame[k] = pd.array(answers[:, j], dtype="Int8")
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    cells = out[list(D.UNSUR)].to_numpy(dtype=object)
    blank = rng.random(cells.shape) < P_BLANK
    for year in CYCLES:
        for kind in ("eskm", "kertas"):
            pool = np.flatnonzero((out["tahun"] == year).to_numpy()
                                  & (out["layout"] == kind).to_numpy())
            blank[rng.choice(pool, size=ALL_BLANK, replace=False)] = True
    for j, k in enumerate(D.UNSUR):
        out[k] = out[k].mask(blank[:, j])
    return out


def _recaps(rng: np.random.Generator, periods: pd.DataFrame, resp: pd.DataFrame,
            units) -> pd.DataFrame:
    bobot = {u.unit: ("0,111" if rng.random() < WEIGHT_0111 else "1/9") for u in units}
    rows = []
    grouped = dict(list(resp.groupby(["unit", "periode"], sort=False)))
    for row in periods.itertuples(index=False):
        mine = grouped[(row.unit, row.periode)]
        answered = mine[list(D.UNSUR)].notna().any(axis=1)
        nrr = [round(float(mine[k].astype("Float64").mean()), 2) for k in D.UNSUR]
        weight = 0.111 if bobot[row.unit] == "0,111" else 1.0 / 9.0
        ikm = round(25.0 * weight * sum(nrr), 2)
        rows.append({"unit": row.unit, "tahun": row.tahun, "periode": row.periode,
                     "label": row.label, "responden": int(answered.sum()),
                     "populasi": row.populasi, **{f"nrr_{k}": v for k, v in zip(D.UNSUR, nrr,
                                                                                 strict=True)},
                     "ikm": ikm, "mutu": D.mutu(ikm)[0], "bobot": bobot[row.unit]})
    return pd.DataFrame(rows)


def build(pop: Population, status: RosterStatus, train: Training, seed: int,
          rng: np.random.Generator) -> Survey:
    """Simulate the SKM of every cycle; the truths in ``Survey.truths``."""
    units = D.service_units()
    staff = skm_exposure.staff(pop, status, train, seed)
    expo = skm_exposure.exposure(staff, units)
    g = skm_exposure.adoption(expo)
    effect = {u.unit: D.TYPES[u.kind].mean + float(rng.normal(0.0, D.SD_UNIT)) for u in units}
    layout = _layouts(rng, units)
    periods = _periods(rng, units)
    resp = _respondents(rng, units, periods, layout, effect, g)
    recaps = _recaps(rng, periods, resp, units)
    truths = skm_truths.truths(units, expo, g, effect, periods, layout, recaps)
    return Survey(units, layout, periods, resp, recaps, truths)
