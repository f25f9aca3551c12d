"""Posts of a person in a year: golongan, jenjang, jabatan, and promotions into vacancies.

PNS golongan start from the education's entry rank (SD I/a, SMP I/c, SMA/D1 II/a, D2 II/b,
D3 II/c, S1/D4 III/a, S2 III/b, S3 III/c) and rise one step every four years after a personal
lag, capped by education and post; fungsional jenjang follow from the golongan. PPPK golongan
(I-XVII) depend on education only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.synth.formats import PNS_GOLONGAN, ROMAN

HIGHER_EDU = ("S1", "D4", "S2", "S3")
_ENTRY_IDX = {"SD": 1, "SMP": 3, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "S1": 9, "D4": 9, "S2": 10,
              "S3": 11}
_CAP_IDX = {"SD": 6, "SMP": 8, "SMA": 10, "D1": 10, "D2": 11, "D3": 12, "S1": 15, "D4": 15,
            "S2": 16, "S3": 17}
_PPPK_GOL = {"SD": 1, "SMP": 4, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "S1": 9, "D4": 9, "S2": 10,
             "S3": 11}
_STRUCT_GOL = {"JPT": (14, 16), "Administrator": (12, 15), "Pengawas": (10, 13)}  # lo/hi index
_JENJANG_STRUCT = {"JPT": "JPT Pratama", "Administrator": "Administrator", "Pengawas": "Pengawas"}
STATE_COLS = ["group", "family", "level", "jabatan_struktural", "opd", "kecamatan"]
_LEVEL_BELOW = {"JPT": "Administrator", "Administrator": "Pengawas"}


def lookup(keys: np.ndarray, table: dict) -> np.ndarray:
    """Vectorized dictionary lookup (every key must be present)."""
    out = pd.Series(keys, dtype=object).map(table)
    if out.isna().any():
        raise KeyError(f"no entry for {set(pd.Series(keys)[out.isna()])}")
    return out.to_numpy()


def golongan_index(people: pd.DataFrame, roster: pd.DataFrame, year: int) -> np.ndarray:
    """PNS golongan (1 = I/a … 17 = IV/e) in ``year``; PPPK golongan number (1 … 17)."""
    p = people.loc[roster.index]
    pend = p["pendidikan"].to_numpy(dtype=object)
    tenure = year - p["tmt"].dt.year.to_numpy() - p["lag"].to_numpy()
    base = lookup(pend, _ENTRY_IDX) + np.maximum(tenure, 0) // 4
    cap = lookup(pend, _CAP_IDX)
    level = roster["level"].to_numpy(dtype=object)
    group = roster["group"].to_numpy(dtype=object)
    keahlian = np.isin(pend, HIGHER_EDU)
    # Many functional officials stall below IV/c: the person's lag also lowers the ceiling.
    ahli_cap = np.asarray([15, 14, 14, 13])[p["lag"].to_numpy()]
    hi = np.where(
        group == "pelaksana", np.minimum(cap, 12), np.where(keahlian, ahli_cap, np.minimum(cap, 12))
    )
    lo = np.ones(len(p), dtype=np.int64)
    for lvl, (lo_l, hi_l) in _STRUCT_GOL.items():
        mask = level == lvl
        lo[mask], hi[mask] = lo_l, hi_l
    idx = np.clip(base, lo, np.maximum(hi, lo))
    pppk = lookup(pend, _PPPK_GOL)
    return np.where(p["status"].to_numpy() == "PPPK", pppk, idx)


def post_fields(people: pd.DataFrame, roster: pd.DataFrame, year: int) -> pd.DataFrame:
    """Add golongan, jenis_jabatan, jenjang and jabatan for ``year``."""
    r = roster.copy()
    gol = golongan_index(people, r, year)
    pppk = people.loc[r.index, "status"].to_numpy() == "PPPK"
    pend = people.loc[r.index, "pendidikan"].to_numpy(dtype=object)
    keahlian = np.isin(pend, HIGHER_EDU)
    ahli = np.where(gol <= 10, "Ahli Pertama", np.where(gol <= 12, "Ahli Muda", "Ahli Madya"))
    terampil = np.where(gol <= 8, "Terampil", np.where(gol <= 10, "Mahir", "Penyelia"))
    jenjang_f = np.where(
        keahlian, np.where(pppk, "Ahli Pertama", ahli), np.where(pppk, "Terampil", terampil)
    )
    level = r["level"].to_numpy(dtype=object)
    group = r["group"].to_numpy(dtype=object)
    structural = level != ""
    pelaksana = group == "pelaksana"
    r["gol_idx"] = gol
    r["golongan"] = np.where(
        pppk,
        np.asarray(ROMAN, dtype=object)[gol - 1],
        np.asarray(PNS_GOLONGAN, dtype=object)[gol - 1],
    )
    r["jenis_jabatan"] = np.where(structural, level, np.where(pelaksana, "Pelaksana", "Fungsional"))
    r["jenjang"] = np.where(
        structural,
        pd.Series(level).map(_JENJANG_STRUCT).fillna("").to_numpy(dtype=object),
        np.where(pelaksana, "Pelaksana", jenjang_f),
    )
    fam = r["family"].to_numpy(dtype=object)
    r["jabatan"] = np.where(
        structural,
        r["jabatan_struktural"].to_numpy(dtype=object),
        np.where(
            pelaksana,
            people.loc[r.index, "jabatan_pelaksana"].to_numpy(dtype=object),
            fam + " " + r["jenjang"].to_numpy(dtype=object),
        ),
    )
    r["tahun"] = year
    return r


def fill_vacancies(
    rng: np.random.Generator,
    state: pd.DataFrame,
    people: pd.DataFrame,
    vacant: list[tuple],
    year: int,
) -> pd.DataFrame:
    """Fill vacated structural posts by promotion (cascading down the levels)."""
    state = state.copy()
    queue = sorted(
        vacant, key=lambda v: (["JPT", "Administrator", "Pengawas"].index(v[1]), v[0], v[2])
    )
    age = year - people.loc[state.index, "birth"].dt.year.to_numpy()
    while queue:
        opd, level, jabatan, kec = queue.pop(0)
        lv = state["level"].to_numpy(dtype=object)
        if level in _LEVEL_BELOW:
            cand = lv == _LEVEL_BELOW[level]
        else:
            p = people.loc[state.index]
            cand = (
                (lv == "")
                & (p["status"].to_numpy() == "PNS")
                & np.isin(state["group"].to_numpy(dtype=object), ["pelaksana", "fungsional_lain"])
                & np.isin(p["pendidikan"].to_numpy(dtype=object), HIGHER_EDU)
                & (age >= 30)
                & (age <= 52)
            )
        w = np.where(state["opd"].to_numpy(dtype=object) == opd, 4.0, 1.0)
        w = w * np.exp(0.35 * people.loc[state.index, "ability"].to_numpy()) * cand
        chosen = state.index[rng.choice(len(state), p=w / w.sum())]
        old = state.loc[chosen]
        if old["level"] != "":
            queue.append((old["opd"], old["level"], old["jabatan_struktural"], old["kecamatan"]))
        state.loc[chosen, STATE_COLS] = ["struktural", "struktural", level, jabatan, opd, kec]
    return state


