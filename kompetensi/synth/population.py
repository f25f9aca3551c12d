"""The synthetic workforce: base roster of 2022 and its turnover to 2025.

Persons get fixed attributes (NIP, name, sex, birth date, TMT, education, latent ability) and
per-year attributes (post, OPD, golongan, jenjang). Each year people reach the retirement age
(BUP: 58; 60 for JPT and fungsional ahli madya, an assumption), a few leave for other reasons,
vacated structural posts are filled by promotion from the level below, and new PNS/PPPK are
hired with a TMT in that year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.synth import catalog, names
from kompetensi.synth.formats import nip_string
from kompetensi.synth.posts import (
    HIGHER_EDU,
    STATE_COLS,
    fill_vacancies,
    lookup,
    post_fields,
)

BASE_YEAR = 2022
CYCLES = (2023, 2024, 2025)
BUP_DEFAULT = 58
BUP_SENIOR = 60  # JPT and fungsional ahli madya (PP 11/2017 Pasal 239; ahli utama 65: none here)
OTHER_EXIT = {"PNS": 0.007, "PPPK": 0.010}  # death, resignation, transfer out, contract end

_ENTRY_AGE = {  # (min, max) age at TMT CPNS by education
    "SD": (19, 27), "SMP": (19, 27), "SMA": (19, 29), "D1": (20, 29), "D2": (20, 29),
    "D3": (21, 30), "S1": (23, 33), "D4": (23, 33), "S2": (25, 35), "S3": (28, 36),
}
_STRUCT = {  # level -> (education probs, female share, age range in 2022)
    "JPT": ((("S2", 0.8), ("S1", 0.15), ("S3", 0.05)), 0.25, (45, 58)),
    "Administrator": ((("S2", 0.55), ("S1", 0.45)), 0.35, (38, 57)),
    "Pengawas": ((("S1", 0.65), ("S2", 0.30), ("D3", 0.05)), 0.45, (33, 57)),
}


@dataclass(frozen=True)
class Population:
    """Persons and yearly rosters.

    Attributes
    ----------
    people : pandas.DataFrame
        One row per person ever employed (index ``pid``).
    rosters : dict of int to pandas.DataFrame
        Roster on 31 December of each year 2022-2025 (one row per person).
    exits : pandas.DataFrame
        ``pid``, ``tahun`` (year of leaving), ``alasan`` ("pensiun" or "lain").
    """

    people: pd.DataFrame
    rosters: dict[int, pd.DataFrame]
    exits: pd.DataFrame


def _pick(rng: np.random.Generator, pairs: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    labels = np.asarray([p[0] for p in pairs], dtype=object)
    prob = np.asarray([p[1] for p in pairs], dtype=float)
    return labels[rng.choice(len(labels), size=n, p=prob / prob.sum())]


def _office_kecamatan(rng: np.random.Generator, opd: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Workplace kecamatan: schools and health centres spread; others at the OPD's office."""
    office = pd.Series(opd).map({o: v[0] for o, v in catalog.OPD.items()}).to_numpy(dtype=object)
    spread = np.asarray(catalog.KECAMATAN, dtype=object)[
        rng.choice(len(catalog.KECAMATAN), size=len(opd), p=np.asarray(catalog.KECAMATAN_WEIGHT))
    ]
    spread_mask = (group == "guru") | ((opd == catalog.DINKES) & (group == "kesehatan"))
    return np.where(spread_mask & (rng.random(len(opd)) < 0.9), spread, office)


def _family_rows(rng: np.random.Generator, group: str, n: int) -> pd.DataFrame:
    """Draw family, OPD and education for ``n`` non-structural persons of a group."""
    fams = [f for f in catalog.FAMILIES if f.group == group]
    w = np.asarray([f.weight for f in fams], dtype=float)
    which = rng.choice(len(fams), size=n, p=w / w.sum())
    opd = np.empty(n, dtype=object)
    pend = np.empty(n, dtype=object)
    female = np.zeros(n, dtype=bool)
    pel_names = np.asarray(catalog.OPD_NAMES, dtype=object)
    pel_w = np.asarray([catalog.OPD[o][4] for o in catalog.OPD_NAMES], dtype=float)
    any_opd = pel_names[rng.choice(len(pel_names), size=n, p=pel_w / pel_w.sum())]
    u_sex = rng.random(n)
    for k, fam in enumerate(fams):
        mask = which == k
        m = int(mask.sum())
        opd[mask] = _pick(rng, fam.opd, m)
        pend[mask] = _pick(rng, fam.pendidikan, m)
        female[mask] = u_sex[mask] < fam.female
    opd = np.where(opd == "*", any_opd, opd)
    family = np.asarray([f.name for f in fams], dtype=object)[which]
    return pd.DataFrame(
        {"group": group, "family": family, "opd": opd, "pendidikan": pend, "female": female}
    )


def _new_people(
    rng: np.random.Generator, spec: pd.DataFrame, status: str, year: int, hired: bool
) -> pd.DataFrame:
    """Fill in personal attributes for the rows of ``spec``.

    ``spec`` has group, family, opd, pendidikan, female, level, jabatan_struktural, age_min,
    age_max. For hires (``hired``) the TMT falls in ``year``; for the base roster the age
    refers to 31 December ``year`` and the TMT lies in the past.
    """
    n = len(spec)
    pend = spec["pendidikan"].to_numpy(dtype=object)
    age = rng.integers(spec["age_min"].to_numpy(), spec["age_max"].to_numpy() + 1)
    lo = lookup(pend, {k: v[0] for k, v in _ENTRY_AGE.items()})
    hi = lookup(pend, {k: v[1] for k, v in _ENTRY_AGE.items()})
    entry_age = rng.integers(lo, hi + 1)
    birth_year = year - age
    if hired:
        tmt_year = np.full(n, year)
    elif status == "PPPK":
        tmt_year = np.where(rng.random(n) < 0.4, year - 1, year)
    else:
        tmt_year = np.minimum(birth_year + np.minimum(entry_age, age - 1), year - 1)
    birth = pd.to_datetime(
        pd.DataFrame({"year": birth_year, "month": 1, "day": 1})
    ).to_numpy().astype("datetime64[D]") + rng.integers(0, 365, n).astype("timedelta64[D]")
    months = np.asarray([1, 3, 4, 6, 7, 10]) if status == "PNS" else np.asarray([1, 3, 4, 7])
    tmt_month = months[rng.integers(0, len(months), n)]
    tmt = (
        pd.to_datetime(pd.DataFrame({"year": tmt_year, "month": tmt_month, "day": 1}))
        .to_numpy()
        .astype("datetime64[D]")
    )
    female = spec["female"].to_numpy(dtype=bool)
    plain = names.make_names(rng, female)
    title_group = np.where(
        spec["level"].to_numpy(dtype=object) != "", "umum", spec["group"].to_numpy(dtype=object)
    )
    tier = np.where(
        np.isin(pend, ["SD", "SMP"]), "low", np.where(np.isin(pend, HIGHER_EDU), "high", "mid")
    )
    pel_jab = np.empty(n, dtype=object)
    u = rng.random(n)
    for t, options in catalog.PELAKSANA_JABATAN.items():
        mask = tier == t
        pel_jab[mask] = np.asarray(options, dtype=object)[(u[mask] * len(options)).astype(int)]
    out = spec.reset_index(drop=True).copy()
    out["status"] = status
    out["birth"] = birth
    out["tmt"] = tmt
    out["nama"] = plain
    out["nama_gelar"] = names.add_titles(
        rng, plain, title_group, pend, spec["family"].to_numpy(dtype=object)
    )
    out["lag"] = rng.integers(0, 4, n)
    out["ability"] = rng.normal(0.0, 1.0, n)  # standardized latent ability
    out["propensity"] = rng.normal(0.0, 0.8, n)
    out["jabatan_pelaksana"] = pel_jab
    out["serial_start"] = rng.integers(1, 400, n)
    out["kecamatan"] = _office_kecamatan(
        rng, spec["opd"].to_numpy(dtype=object), spec["group"].to_numpy(dtype=object)
    )
    return out


def _nonstructural_spec(
    rng: np.random.Generator, counts: dict[str, int], status: str, hired: bool
) -> pd.DataFrame:
    frames = []
    for group, n in counts.items():
        if n <= 0:
            continue
        rows = _family_rows(rng, group, n)
        rows["level"] = ""
        rows["jabatan_struktural"] = ""
        if hired:
            young = status == "PNS"
            rows["age_min"] = (
                np.where(np.isin(rows["pendidikan"], HIGHER_EDU), 23, 20) if young else 25
            )
            rows["age_max"] = 35 if young else 50
        else:
            rows["age_min"] = 23 if status == "PNS" else 25
            rows["age_max"] = 57
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def _structural_spec(rng: np.random.Generator) -> pd.DataFrame:
    posts = pd.DataFrame(catalog.structural_posts(), columns=["opd", "level", "jabatan_struktural"])
    n = len(posts)
    pend = np.empty(n, dtype=object)
    female = np.zeros(n, dtype=bool)
    u = rng.random(n)
    age_min = np.zeros(n, dtype=np.int64)
    age_max = np.zeros(n, dtype=np.int64)
    for level, (edu, fem, ages) in _STRUCT.items():
        mask = (posts["level"] == level).to_numpy()
        pend[mask] = _pick(rng, edu, int(mask.sum()))
        female[mask] = u[mask] < fem
        age_min[mask], age_max[mask] = ages
    posts["group"] = "struktural"
    posts["family"] = "struktural"
    posts["pendidikan"] = pend
    posts["female"] = female
    posts["age_min"] = age_min
    posts["age_max"] = age_max
    return posts


def _assign_nips(people: pd.DataFrame) -> pd.DataFrame:
    female = people["female"].to_numpy(dtype=bool)
    prefix = nip_string(
        people["birth"].to_numpy(),
        people["tmt"].to_numpy(),
        female,
        np.zeros(len(people), dtype=int),
    )
    prefix = pd.Series(prefix, index=people.index, dtype=object).str[:15]
    start = people.groupby(prefix, sort=False)["serial_start"].transform("first")
    serial = start + people.groupby(prefix, sort=False).cumcount()
    out = people.copy()
    out["nip"] = nip_string(
        out["birth"].to_numpy(), out["tmt"].to_numpy(), female, serial.to_numpy()
    )
    if out["nip"].duplicated().any():
        raise AssertionError("duplicate synthetic NIP")
    return out


def build(rng: np.random.Generator) -> Population:
    """Simulate the workforce from 31 December 2022 to 31 December 2025."""
    base = [_new_people(rng, _structural_spec(rng), "PNS", BASE_YEAR, hired=False)]
    for status in ("PNS", "PPPK"):
        counts = {g: n for (s, g), n in catalog.BASE_SIZE.items() if s == status}
        base.append(
            _new_people(
                rng,
                _nonstructural_spec(rng, counts, status, hired=False),
                status,
                BASE_YEAR,
                hired=False,
            )
        )
    people = pd.concat(base, ignore_index=True)
    people["masuk"] = BASE_YEAR
    people.index.name = "pid"
    state = people[STATE_COLS].copy()
    rosters = {BASE_YEAR: post_fields(people, state, BASE_YEAR)}
    exits = []
    for year in CYCLES:
        prev = rosters[year - 1]
        p = people.loc[state.index]
        age = year - p["birth"].dt.year.to_numpy()
        senior = (prev["level"].to_numpy(dtype=object) == "JPT") | (
            prev["jenjang"].to_numpy(dtype=object) == "Ahli Madya"
        )
        retire = age >= np.where(senior, BUP_SENIOR, BUP_DEFAULT)
        other = ~retire & (rng.random(len(state)) < p["status"].map(OTHER_EXIT).to_numpy())
        leaving = retire | other
        exits.append(
            pd.DataFrame(
                {
                    "pid": state.index[leaving],
                    "tahun": year,
                    "alasan": np.where(retire[leaving], "pensiun", "lain"),
                }
            )
        )
        gone = state[leaving & (state["level"].to_numpy(dtype=object) != "")]
        vacant = list(
            gone[["opd", "level", "jabatan_struktural", "kecamatan"]].itertuples(
                index=False, name=None
            )
        )
        state = fill_vacancies(rng, state[~leaving], people, vacant, year)
        n_pns = int((people.loc[state.index, "status"] == "PNS").sum())
        n_pppk = len(state) - n_pns
        hires = {
            "PNS": catalog.PNS_HIRES.get(year, catalog.PNS_TARGET_2025 - n_pns),
            "PPPK": catalog.PPPK_HIRES.get(year, catalog.PPPK_TARGET.get(year, 0) - n_pppk),
        }
        new = []
        for status, n in hires.items():
            if n <= 0:
                continue
            mix = catalog.HIRE_MIX[(status, year)]
            groups = np.asarray(list(mix), dtype=object)[
                rng.choice(len(mix), size=n, p=np.asarray(list(mix.values())))
            ]
            counts = {g: int((groups == g).sum()) for g in mix}
            new.append(
                _new_people(
                    rng,
                    _nonstructural_spec(rng, counts, status, hired=True),
                    status,
                    year,
                    hired=True,
                )
            )
        hired = pd.concat(new, ignore_index=True)
        hired.index = pd.RangeIndex(len(people), len(people) + len(hired), name="pid")
        hired["masuk"] = year
        people = pd.concat([people, hired])
        state = pd.concat([state, hired[STATE_COLS]])
        rosters[year] = post_fields(people, state, year)
    people = _assign_nips(people)
    people["keluar"] = pd.concat(exits).set_index("pid")["tahun"].reindex(people.index)
    return Population(people=people, rosters=rosters, exits=pd.concat(exits, ignore_index=True))


def workforce_truths(pop: Population) -> dict:
    """Roster sizes and turnover by year."""
    out = {}
    for year, roster in pop.rosters.items():
        status = pop.people.loc[roster.index, "status"]
        entry = {
            "total": len(roster),
            "pns": int((status == "PNS").sum()),
            "pppk": int((status == "PPPK").sum()),
            "jenis_jabatan": {
                k: int(v) for k, v in roster["jenis_jabatan"].value_counts().sort_index().items()
            },
            "share_guru": round(float((roster["group"] == "guru").mean()), 6),
            "share_kesehatan": round(float((roster["group"] == "kesehatan").mean()), 6),
            "share_fungsional_lain": round(float((roster["group"] == "fungsional_lain").mean()), 6),
            "share_pelaksana": round(float((roster["group"] == "pelaksana").mean()), 6),
        }
        if year in CYCLES:
            hired = pop.people.loc[roster.index]
            hired = hired[hired["masuk"] == year]
            ex = pop.exits[pop.exits["tahun"] == year]
            entry["hires_pns"] = int((hired["status"] == "PNS").sum())
            entry["hires_pppk"] = int((hired["status"] == "PPPK").sum())
            entry["exits_retirement"] = int((ex["alasan"] == "pensiun").sum())
            entry["exits_other"] = int((ex["alasan"] == "lain").sum())
        out[str(year)] = entry
    return out
