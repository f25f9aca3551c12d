"""Design of the synthetic community satisfaction survey (SKM, PermenPANRB 14/2017): the service
units, the questionnaire, the Krejcie-Morgan table and the latent answer model.

Answers come from a latent ordinal model: for respondent ``i`` of unit ``u`` in year ``t``
and element ``k``, ``y* = a_u + b_k + c_t + delta * D_ukt + r_i + e_ik`` with ``r_i ~ N(0,
SD_RESPONDENT)`` (a respondent's general leniency), ``e_ik`` logistic with scale
``NOISE_SCALE``, and the answer ``1 + #{c : y* > CUTS[c]}``; ``D_ukt = 1`` for u6 and u7 when
the unit adopted IT training (``g(u) <= t``). :func:`expected_answer` gives ``E[answer]``
exactly (Gauss-Hermite quadrature over ``r_i``), which is the expected NRR of the element.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kompetensi.synth import catalog
from kompetensi.synth.units import KELURAHAN

UNSUR = tuple(f"u{k}" for k in range(1, 10))
# answer words 1..4 of each element (the regulation's questionnaire, sentence case)
WORDS = {
    "u1": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "u2": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    "u3": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    "u4": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    "u5": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "u6": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    "u7": ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
           "Sangat sopan dan ramah"),
    "u8": ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
           "Dikelola dengan baik"),
    "u9": ("Buruk", "Cukup", "Baik", "Sangat baik"),
}
QUESTIONS = {  # the e-SKM (Google Form) column headers
    "u1": "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
          "pelayanannya?",
    "u2": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "u3": "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "u4": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "u5": "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
          "dalam standar pelayanan dengan hasil yang diberikan?",
    "u6": "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "u7": "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
          "kesopanan dan keramahan?",
    "u8": "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "u9": "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
}
MUTU = (("A", "Sangat Baik", 88.31), ("B", "Baik", 76.61), ("C", "Kurang Baik", 65.0),
        ("D", "Tidak Baik", 25.0))  # band, its words, lowest converted IKM of the band

# Krejcie & Morgan (1970), Table 1 (as reproduced in the PermenPANRB 14/2017 annex): N -> S
KM_N = (10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 110, 120,
        130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300,
        320, 340, 360, 380, 400, 420, 440, 460, 480, 500, 550, 600, 650, 700, 750, 800, 850, 900,
        950, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 2200, 2400, 2600,
        2800, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000, 10000, 15000, 20000, 30000,
        40000, 50000, 75000, 1000000)
KM_S = (10, 14, 19, 24, 28, 32, 36, 40, 44, 48, 52, 56, 59, 63, 66, 70, 73, 76, 80, 86, 92, 97,
        103, 108, 113, 118, 123, 127, 132, 136, 140, 144, 148, 152, 155, 159, 162, 165, 169, 175,
        181, 186, 191, 196, 201, 205, 210, 214, 217, 226, 234, 242, 248, 254, 260, 265, 269, 274,
        278, 285, 291, 297, 302, 306, 310, 313, 317, 320, 322, 327, 331, 335, 338, 341, 346, 351,
        354, 357, 361, 364, 367, 368, 370, 375, 377, 379, 380, 381, 382, 384)


def km_bounds(population: int) -> tuple[int, int]:
    """The table's minimum sample at the table entries around ``population`` (below, above).

    A count at or above the upper value meets the minimum by every reading of the table
    (next entry up, interpolation, the formula); one below the lower value misses it by all.

    >>> km_bounds(100), km_bounds(1250)
    ((80, 80), (291, 297))
    """
    n = np.asarray(KM_N)
    hi = int(np.searchsorted(n, population, side="left"))
    lo = int(np.searchsorted(n, population, side="right")) - 1
    return KM_S[max(lo, 0)], KM_S[min(hi, len(KM_S) - 1)]


@dataclass(frozen=True)
class UnitType:
    """Kind of service unit: latent mean, yearly population range, services offered."""

    mean: float
    populasi: tuple[int, int]
    layanan: tuple[str, ...]
    female: float


TYPES = {
    "puskesmas": UnitType(-0.05, (500, 1600), (
        "Pemeriksaan Umum", "Kesehatan Ibu dan Anak", "Imunisasi", "Pemeriksaan Gigi",
        "Laboratorium", "Pelayanan KB", "Pemeriksaan Lansia"), 0.64),
    "kelurahan": UnitType(0.15, (80, 220), (
        "Surat Keterangan Domisili", "Surat Pengantar KTP/KK", "Surat Keterangan Tidak Mampu",
        "Surat Keterangan Usaha", "Surat Keterangan Kematian", "Surat Pengantar Nikah"), 0.5),
    "kecamatan": UnitType(0.05, (160, 520), (
        "Legalisasi Dokumen", "Rekomendasi Izin Keramaian", "Pelayanan Administrasi Terpadu "
        "Kecamatan (PATEN)", "Surat Keterangan Ahli Waris", "Dispensasi Nikah"), 0.48),
    "rsud": UnitType(-0.3, (2600, 5500), (
        "Rawat Jalan", "Rawat Inap", "Instalasi Gawat Darurat", "Laboratorium", "Radiologi",
        "Farmasi"), 0.58),
    "disdukcapil": UnitType(-0.15, (1600, 3800), (
        "KTP Elektronik", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian", "Pindah Datang",
        "Kartu Identitas Anak"), 0.52),
    "dpmptsp": UnitType(0.3, (420, 1150), (
        "Perizinan Berusaha (OSS)", "Persetujuan Bangunan Gedung", "Izin Praktik Tenaga "
        "Kesehatan", "Konsultasi Perizinan"), 0.42),
    "dishub": UnitType(-0.35, (320, 880), (
        "Uji Berkala Kendaraan (KIR)", "Izin Trayek", "Perizinan Parkir"), 0.25),
    "dinsos": UnitType(0.0, (300, 780), (
        "Bantuan Sosial", "Pemutakhiran DTKS", "Rekomendasi PBI JK", "Rehabilitasi Sosial"), 0.6),
}
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
DPMPTSP = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
OPD_UNITS = {catalog.RSUD: "rsud", DUKCAPIL: "disdukcapil", DPMPTSP: "dpmptsp",
             "Dinas Perhubungan": "dishub", "Dinas Sosial": "dinsos"}
RECAP_ONLY = "Dinas Sosial"  # publishes its recap, its respondents' answers are not kept
PERIODS = {catalog.RSUD: "semester", DUKCAPIL: "semester"}  # others: a year ...
QUARTERLY_2025 = (DPMPTSP,)  # ... except these in 2025


@dataclass(frozen=True)
class ServiceUnit:
    """A service unit: canonical name, its OPD, kind, and sub-unit (True) or OPD-level."""

    unit: str
    opd: str
    kind: str
    sub: bool
    kecamatan: str


def service_units() -> tuple[ServiceUnit, ...]:
    """The sample's service units in a fixed order (Puskesmas, kelurahan, kecamatan, OPDs)."""
    out = [ServiceUnit(f"Puskesmas {k}", catalog.DINKES, "puskesmas", True, k)
           for k in catalog.KECAMATAN]
    out += [ServiceUnit(f"Kelurahan {name}", f"Kecamatan {k}", "kelurahan", True, k)
            for k in catalog.KECAMATAN for name in KELURAHAN[k]]
    out += [ServiceUnit(f"Kecamatan {k}", f"Kecamatan {k}", "kecamatan", False, k)
            for k in catalog.KECAMATAN]
    out += [ServiceUnit(o, o, kind, False, catalog.OPD[o][0]) for o, kind in OPD_UNITS.items()]
    return tuple(out)


# latent model (section docstring); calibrated so that unit IKM lie mostly in 70-90
ELEMENT = {"u1": 0.15, "u2": 0.0, "u3": -0.4, "u4": 1.1, "u5": 0.1, "u6": 0.0, "u7": 0.2,
           "u8": -0.55, "u9": -0.2}
YEAR = {2023: 0.0, 2024: 0.06, 2025: 0.12}
CUTS = (-2.8, -1.3, 1.0)
NOISE_SCALE = 0.55
SD_RESPONDENT = 0.45
SD_UNIT = 0.55
DELTA = 0.45  # latent shift of u6 and u7 once the unit adopted IT training
TREATED_ELEMENTS = ("u6", "u7")
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(60)


def expected_answer(eta: np.ndarray | float) -> np.ndarray:
    """``E[answer]`` (1-4) at latent location ``eta`` = a_u + b_k + c_t (+ delta).

    Exact up to the quadrature over the respondent effect (60 Gauss-Hermite nodes: error
    below 1e-12 here).

    >>> bool(expected_answer(0.5) > expected_answer(0.0))
    True
    """
    eta = np.asarray(eta, dtype=np.float64)[..., None]
    r = SD_RESPONDENT * _NODES
    w = _WEIGHTS / _WEIGHTS.sum()
    out = np.ones(eta.shape[:-1])
    for cut in CUTS:
        above = 1.0 / (1.0 + np.exp(-(eta + r - cut) / NOISE_SCALE))
        out = out + (above * w).sum(axis=-1)
    return out


def draw_answers(rng: np.random.Generator, eta: np.ndarray) -> np.ndarray:
    """Answers 1-4 (int8), one row per respondent and one column per element.

    ``eta`` (respondents x 9) is the location without the respondent effect.
    """
    r = rng.normal(0.0, SD_RESPONDENT, (eta.shape[0], 1))
    y = eta + r + rng.logistic(0.0, NOISE_SCALE, eta.shape)
    return (1 + sum((y > c).astype(np.int8) for c in CUTS)).astype(np.int8)


def mutu(ikm: float) -> tuple[str, str]:
    """Band letter and words of a converted IKM (25-100)."""
    for letter, words, low in MUTU:
        if ikm >= low:
            return letter, words
    return MUTU[-1][0], MUTU[-1][1]
