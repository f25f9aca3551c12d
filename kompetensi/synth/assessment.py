"""Competency assessments (asesmen) with a planted gap pattern.

About 30 % of ASN are assessed per cycle: every JPT/Administrator/Pengawas once over the three
cycles (in the cycle assigned to them) plus a random share of functional officials and
pelaksana. Required levels follow a generic ladder by jenjang (an assumption, DOMAIN.md §4).
A gap (achieved level below the required one) occurs with probability
``expit(logit(base_k) + 0.6 [Pengawas] + 0.7 [named OPDs] - 0.5 ability)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from kompetensi.synth.catalog import KECAMATAN
from kompetensi.synth.population import CYCLES, Population

KOMPETENSI = (
    ("Integritas", "manajerial"),
    ("Kerja Sama", "manajerial"),
    ("Komunikasi", "manajerial"),
    ("Orientasi pada Hasil", "manajerial"),
    ("Pelayanan Publik", "manajerial"),
    ("Pengembangan Diri dan Orang Lain", "manajerial"),
    ("Mengelola Perubahan", "manajerial"),
    ("Pengambilan Keputusan", "manajerial"),
    ("Perekat Bangsa", "sosial_kultural"),
    ("Literasi Digital", "teknis"),
)
KELOMPOK_LABEL = {
    "manajerial": "Manajerial",
    "sosial_kultural": "Sosial Kultural",
    "teknis": "Teknis",
}
# Gap probability of a reference ASN (not Pengawas, not in a named OPD, average ability).
GAP_BASE = {
    "Integritas": 0.04,
    "Kerja Sama": 0.10,
    "Komunikasi": 0.15,
    "Orientasi pada Hasil": 0.30,
    "Pelayanan Publik": 0.13,
    "Pengembangan Diri dan Orang Lain": 0.20,
    "Mengelola Perubahan": 0.34,
    "Pengambilan Keputusan": 0.22,
    "Perekat Bangsa": 0.03,
    "Literasi Digital": 0.42,
}
LOGIT_PENGAWAS = 0.6
LOGIT_NAMED_OPD = 0.7
LOGIT_ABILITY = -0.5
NAMED_OPD = ("Dinas Sosial",) + tuple(f"Kecamatan {k}" for k in KECAMATAN)
LADDER = {  # required level by jenjang (assumption; DOMAIN.md §4 calls any ladder U)
    "JPT Pratama": 4,
    "Administrator": 3,
    "Pengawas": 3,
    "Ahli Pertama": 3,
    "Ahli Muda": 3,
    "Ahli Madya": 4,
    "Terampil": 2,
    "Mahir": 2,
    "Penyelia": 2,
    "Pelaksana": 2,
}
P_ASSESS = {"keahlian": 0.33, "keterampilan": 0.14, "Pelaksana": 0.33}
POTENSI = ("Rendah", "Menengah", "Tinggi")


def build(pop: Population, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Draw the long assessment table of every cycle.

    Returns
    -------
    pandas.DataFrame
        ``pid``, ``tahun``, ``kompetensi``, ``kelompok``, ``level_standar``,
        ``level_capaian``, ``potensi``, ``p_gap`` (true probability), ``jenis_jabatan``,
        ``opd``.
    dict
        Truths for kebenaran.json.
    """
    people = pop.people
    slot = pd.Series(rng.integers(0, 3, len(people)), index=people.index)  # structural cycle
    frames = []
    for k, year in enumerate(CYCLES):
        r = pop.rosters[year]
        u = rng.random(len(r))
        jj = r["jenis_jabatan"].to_numpy(dtype=object)
        jenjang = r["jenjang"].to_numpy(dtype=object)
        structural = np.isin(jj, ["JPT", "Administrator", "Pengawas"])
        keahlian = np.char.startswith(jenjang.astype(str), "Ahli")
        p = np.where(
            jj == "Pelaksana",
            P_ASSESS["Pelaksana"],
            np.where(keahlian, P_ASSESS["keahlian"], P_ASSESS["keterampilan"]),
        )
        new = people.loc[r.index, "tmt"].dt.year.to_numpy() >= year
        take = np.where(structural, slot.loc[r.index].to_numpy() == k, (u < p) & ~new)
        a = r[take]
        n = len(a)
        ability = people.loc[a.index, "ability"].to_numpy()
        pot_score = 0.6 * ability + rng.normal(0.0, 0.8, n)
        potensi = np.asarray(POTENSI, dtype=object)[np.searchsorted([-0.675, 0.675], pot_score)]
        standar = a["jenjang"].map(LADDER).to_numpy(dtype=np.int64)
        shift = (
            LOGIT_PENGAWAS * (a["jenis_jabatan"].to_numpy() == "Pengawas")
            + LOGIT_NAMED_OPD * np.isin(a["opd"].to_numpy(dtype=object), NAMED_OPD)
            + LOGIT_ABILITY * ability
        )
        for name, kelompok in KOMPETENSI:
            p_gap = expit(logit(GAP_BASE[name]) + shift)
            gap = rng.random(n) < p_gap
            v = rng.random(n)
            capaian = np.where(gap, standar - np.where(v < 0.15, 2, 1), standar + (v < 0.25))
            frames.append(
                pd.DataFrame(
                    {
                        "pid": a.index.to_numpy(),
                        "tahun": year,
                        "kompetensi": name,
                        "kelompok": kelompok,
                        "level_standar": standar,
                        "level_capaian": np.clip(capaian, 1, 5),
                        "potensi": potensi,
                        "p_gap": p_gap,
                        "jenis_jabatan": a["jenis_jabatan"].to_numpy(),
                        "opd": a["opd"].to_numpy(),
                    }
                )
            )
    long = pd.concat(frames, ignore_index=True)
    return long, _truths(long, pop)


def _share(frame: pd.DataFrame) -> dict:
    return {
        "n": len(frame),
        "p_gap_true_mean": round(float(frame["p_gap"].mean()), 6),
        "gap_share_generated": round(
            float((frame["level_capaian"] < frame["level_standar"]).mean()), 6
        ),
    }


def _truths(long: pd.DataFrame, pop: Population) -> dict:
    named = long["opd"].isin(NAMED_OPD)
    per_year = long.drop_duplicates(["pid", "tahun"]).groupby("tahun").size()
    return {
        "model": (
            "P(gap) = expit(logit(base) + 0.6*[Pengawas] + 0.7*[named OPD] - 0.5*ability_z); "
            "gap: achieved = required-1 (85%) or -2 (15%); no gap: required (75%) or +1 (25%); "
            "clipped 1..5"
        ),
        "base_probability_reference_asn": GAP_BASE,
        "logit_pengawas": LOGIT_PENGAWAS,
        "logit_named_opd": LOGIT_NAMED_OPD,
        "logit_ability": LOGIT_ABILITY,
        "named_opd": list(NAMED_OPD),
        "required_level_ladder": LADDER,
        "by_competency": {k: _share(g) for k, g in long.groupby("kompetensi")},
        "by_jenis_jabatan": {k: _share(g) for k, g in long.groupby("jenis_jabatan")},
        "named_opd_vs_other": {"named_opd": _share(long[named]), "other_opd": _share(long[~named])},
        "assessed_per_cycle": {str(k): int(v) for k, v in per_year.items()},
        "assessed_share_of_roster": {
            str(y): round(float(per_year[y] / len(pop.rosters[y])), 6) for y in CYCLES
        },
        "largest_gaps_order": [
            k
            for k, _ in sorted(
                long.groupby("kompetensi")["p_gap"].mean().items(), key=lambda kv: -kv[1]
            )
        ],
    }
