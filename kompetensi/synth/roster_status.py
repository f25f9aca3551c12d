"""Who is on the roster but not active, and the PPPK paruh waktu of 2025 (issue 20).

Both are drawn from their own named streams (``kedudukan``, ``paruh-waktu``) after every other
draw of the sample, so the people, records and planted truths of the rest of the sample do not
change when they are added:

- ``kedudukan``: each cycle a few percent of the PNS in non-structural posts have a legal
  position (kedudukan hukum) other than "Aktif": Tugas Belajar (younger staff, often for two or
  three cycles), CLTN (cuti di luar tanggungan negara), Masa Persiapan Pensiun (the year before
  the BUP) and a rare Pemberhentian Sementara. They stay on the roster and keep their records.
- ``paruh_waktu``: PPPK paruh waktu appointed in 2025 under KepmenPANRB 16/2025 (about 2,800
  in the city; here a smaller number, in proportion to nothing): former non-ASN staff in
  pelaksana posts, teachers and nurses, numbered with a NI PPPK (birth date + appointment year
  + "21" + sex + serial, see ``kompetensi/clean/nip.py``), on the 2025 roster only, without
  training, performance or assessment records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.synth import catalog, names
from kompetensi.synth.population import BUP_DEFAULT, CYCLES, Population, _office_kecamatan

AKTIF = "Aktif"
TUGAS_BELAJAR = "Tugas Belajar"
CLTN = "CLTN"
MPP = "Masa Persiapan Pensiun"
SEMENTARA = "Pemberhentian Sementara"
KEDUDUKAN = (AKTIF, CLTN, TUGAS_BELAJAR, MPP, SEMENTARA)
P_TUGAS_BELAJAR = 0.03  # of PNS under 45 in non-structural posts, a cycle
P_CLTN = 0.004
P_MPP = 0.5  # of PNS in their last year before the BUP
N_SEMENTARA = 2  # a cycle
P_STAYS = 0.6  # Tugas Belajar / CLTN carried into the next cycle

PARUH_WAKTU = "PPPK Paruh Waktu"
PARUH_WAKTU_YEAR = 2025
PARUH_WAKTU_N = 220
PARUH_WAKTU_TMT = "2025-10-01"  # invented: one appointment date for all
PARUH_WAKTU_MIX = (  # (group, family/jabatan, jenjang, education choices, share)
    ("pelaksana", "Operator Layanan Operasional", "Pelaksana", (("SMA", 0.8), ("D3", 0.2)), 0.30),
    ("pelaksana", "Pengelola Umum Operasional", "Pelaksana", (("SMA", 0.7), ("SMP", 0.3)), 0.20),
    ("pelaksana", "Penata Layanan Operasional", "Pelaksana", (("S1", 1.0),), 0.15),
    ("guru", "Guru", "Ahli Pertama", (("S1", 1.0),), 0.23),
    ("kesehatan", "Perawat", "Terampil", (("D3", 1.0),), 0.12),
)
PPPK_GOLONGAN = {"SMP": "IV", "SMA": "V", "D3": "VII", "S1": "IX"}  # by education


@dataclass(frozen=True)
class RosterStatus:
    """Kedudukan by cycle and the paruh waktu staff.

    Attributes
    ----------
    kedudukan : dict of int to pandas.Series
        Per cycle, the kedudukan of every pid on that roster (``"Aktif"`` for most).
    paruh_waktu : pandas.DataFrame
        One row per PPPK paruh waktu: ``nip``, ``nama``, ``nama_gelar``, ``female``,
        ``birth``, ``tmt``, ``pendidikan``, ``group``, ``family``, ``opd``, ``kecamatan``,
        ``golongan``, ``jenis_jabatan``, ``jabatan``, ``jenjang``.
    truths : dict
    """

    kedudukan: dict[int, pd.Series]
    paruh_waktu: pd.DataFrame
    truths: dict


def _kedudukan(pop: Population, rng: np.random.Generator) -> dict[int, pd.Series]:
    out: dict[int, pd.Series] = {}
    previous = pd.Series(dtype=object)
    for year in CYCLES:
        r = pop.rosters[year]
        p = pop.people.loc[r.index]
        age = year - p["birth"].dt.year.to_numpy()
        eligible = (p["status"].to_numpy() == "PNS") & (r["level"].to_numpy(dtype=object) == "")
        senior = r["jenjang"].to_numpy(dtype=object) == "Ahli Madya"
        value = np.full(len(r), AKTIF, dtype=object)
        u = rng.random((4, len(r)))
        carried = previous.reindex(r.index).to_numpy(dtype=object)
        stays = np.isin(carried, [TUGAS_BELAJAR, CLTN]) & (u[0] < P_STAYS) & eligible
        value[stays] = carried[stays]
        free = eligible & ~stays
        value[free & (age < 45) & (u[1] < P_TUGAS_BELAJAR)] = TUGAS_BELAJAR
        value[free & (value == AKTIF) & (u[2] < P_CLTN)] = CLTN
        value[free & ~senior & (age == BUP_DEFAULT - 1) & (u[3] < P_MPP)] = MPP
        pool = np.flatnonzero(free & (value == AKTIF))
        value[rng.choice(pool, size=N_SEMENTARA, replace=False)] = SEMENTARA
        out[year] = pd.Series(value, index=r.index, dtype=object)
        previous = out[year]
    return out


def _ni_pppk(birth: np.ndarray, female: np.ndarray, year: int) -> np.ndarray:
    day = pd.DatetimeIndex(birth).strftime("%Y%m%d").to_numpy(dtype=object)
    prefix = day + str(year) + "21" + np.where(female, "2", "1").astype(object)
    serial = pd.Series(prefix).groupby(prefix).cumcount().to_numpy() + 1
    out = prefix + pd.Series(serial).map("{:03d}".format).to_numpy(dtype=object)
    if len(set(out)) != len(out):
        raise AssertionError("duplicate synthetic NI PPPK")
    return out


def _paruh_waktu(pop: Population, rng: np.random.Generator) -> pd.DataFrame:
    n = PARUH_WAKTU_N
    share = np.asarray([m[4] for m in PARUH_WAKTU_MIX])
    which = rng.choice(len(PARUH_WAKTU_MIX), size=n, p=share / share.sum())
    group = np.asarray([m[0] for m in PARUH_WAKTU_MIX], dtype=object)[which]
    family = np.asarray([m[1] for m in PARUH_WAKTU_MIX], dtype=object)[which]
    jenjang = np.asarray([m[2] for m in PARUH_WAKTU_MIX], dtype=object)[which]
    u = rng.random(n)
    pend = np.empty(n, dtype=object)
    for k, m in enumerate(PARUH_WAKTU_MIX):
        labels = [e[0] for e in m[3]]
        cum = np.cumsum([e[1] for e in m[3]])
        mask = which == k
        pend[mask] = np.asarray(labels, dtype=object)[
            np.minimum(np.searchsorted(cum, u[mask]), len(labels) - 1)
        ]
    pel = np.asarray(catalog.OPD_NAMES, dtype=object)
    w = np.asarray([catalog.OPD[o][4] for o in catalog.OPD_NAMES], dtype=float)
    opd = pel[rng.choice(len(pel), size=n, p=w / w.sum())]
    opd = np.where(group == "guru", catalog.DISDIK, opd)
    opd = np.where(
        group == "kesehatan", np.where(rng.random(n) < 0.6, catalog.DINKES, catalog.RSUD), opd
    )
    female = rng.random(n) < np.where(group == "pelaksana", 0.45, 0.75)
    age = rng.integers(24, 51, n)
    birth = (
        pd.to_datetime(pd.DataFrame({"year": PARUH_WAKTU_YEAR - age, "month": 1, "day": 1}))
        .to_numpy()
        .astype("datetime64[D]")
        + rng.integers(0, 365, n).astype("timedelta64[D]")
    )
    plain = names.make_names(rng, female)
    out = pd.DataFrame(
        {
            "nip": _ni_pppk(birth, female, PARUH_WAKTU_YEAR),
            "nama": plain,
            "nama_gelar": names.add_titles(rng, plain, group, pend, family),
            "female": female,
            "birth": birth,
            "tmt": np.datetime64(PARUH_WAKTU_TMT),
            "pendidikan": pend,
            "group": group,
            "family": family,
            "opd": opd,
            "kecamatan": _office_kecamatan(rng, opd, group),
            "golongan": pd.Series(pend).map(PPPK_GOLONGAN).to_numpy(dtype=object),
            "jenis_jabatan": np.where(group == "pelaksana", "Pelaksana", "Fungsional"),
            "jabatan": np.where(group == "pelaksana", family, family + " " + jenjang),
            "jenjang": jenjang,
        }
    )
    if np.isin(out["nip"], pop.people["nip"].to_numpy()).any():
        raise AssertionError("NI PPPK collides with a NIP of the sample")
    return out.sort_values("nip", kind="stable").reset_index(drop=True)


def build(pop: Population, rng_kedudukan: np.random.Generator,
          rng_paruh_waktu: np.random.Generator) -> RosterStatus:
    """Draw the kedudukan of every cycle and the paruh waktu staff of 2025."""
    ked = _kedudukan(pop, rng_kedudukan)
    pw = _paruh_waktu(pop, rng_paruh_waktu)
    truths = {
        "kedudukan": {
            "model": (
                "PNS in non-structural posts only: Tugas Belajar 3 % of those under 45 a cycle, "
                "CLTN 0.4 %, both carried into the next cycle with probability 0.6; Masa "
                "Persiapan Pensiun for half of those aged BUP-1 (not ahli madya); 2 "
                "Pemberhentian Sementara a cycle; everyone else Aktif. Inactive staff keep "
                "their records and are expected out of the 20 JP denominator"
            ),
            "counts": {
                str(y): {k: int(v) for k, v in s.value_counts().sort_index().items()}
                for y, s in ked.items()
            },
            "inactive": {str(y): int((s != AKTIF).sum()) for y, s in ked.items()},
        },
        "paruh_waktu": {
            "model": (
                f"{PARUH_WAKTU_N} PPPK paruh waktu (KepmenPANRB 16/2025) on the "
                f"{PARUH_WAKTU_YEAR} roster only, TMT {PARUH_WAKTU_TMT}, NI PPPK numbers "
                "(birth + 2025 + '21' + sex + serial); no training, kinerja, disiplin or "
                "asesmen rows"
            ),
            "total": int(len(pw)),
            "jenis_jabatan": {
                k: int(v) for k, v in pw["jenis_jabatan"].value_counts().sort_index().items()
            },
            "jabatan": {k: int(v) for k, v in pw["jabatan"].value_counts().sort_index().items()},
        },
    }
    return RosterStatus(kedudukan=ked, paruh_waktu=pw, truths=truths)
