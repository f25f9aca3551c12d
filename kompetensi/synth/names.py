"""Made-up Indonesian personal names and academic titles (gelar).

Every name is a random combination of common given names and family-style second names; the
combinations are not taken from any list of real persons. A few names carry characters that
exist in cp1252 but not in ASCII (é, ñ) so that encoding handling gets exercised.
"""

from __future__ import annotations

import numpy as np

MALE_FIRST = (
    "Agus", "Ahmad", "Andi", "André", "Ari", "Arief", "Bambang", "Budi", "Dedi", "Deni", "Dimas",
    "Edi", "Eko", "Fajar", "Fauzi", "Hadi", "Hendra", "Heri", "Ikhsan", "Irfan", "Iwan", "Joko",
    "Kurniawan", "Lukman", "Muhammad", "Nanang", "Novri", "Rahmat", "Reza", "Rene", "Rizki",
    "Rudi", "Rusdi", "Sapto", "Slamet", "Sugeng", "Syahrial", "Taufik", "Teguh", "Wahyu",
    "Yudi", "Yusuf", "Zulkarnain", "Ferry", "Hamdan", "Junaidi", "Marzuki", "Suhardi", "Arman",
    "Hasbi", "Khairul", "Wendi", "Yoga", "Hengki", "Aditya", "Bayu", "Gilang", "Galih",
)
FEMALE_FIRST = (
    "Ayu", "Dewi", "Desi", "Dian", "Eka", "Elly", "Erna", "Evi", "Fitri", "Hana", "Hesti", "Ika",
    "Indah", "Intan", "Lia", "Lina", "Lestari", "Maya", "Mega", "Nia", "Novi", "Nur", "Nurul",
    "Putri", "Rani", "Ratna", "Renée", "Rina", "Rika", "Risma", "Sari", "Siti", "Sri", "Susi",
    "Tika", "Tri", "Umi", "Vivi", "Wulan", "Yani", "Yuli", "Zoe", "Aisyah", "Anisa", "Citra",
    "Dina", "Farida", "Herlina", "Juliana", "Kartika", "Melati", "Nadia", "Rosmala", "Suryani",
    "Wati", "Yessi", "Nova", "Meiliana",
)
MIDDLE = (
    "Adi", "Dwi", "Eka", "Nur", "Puspa", "Ratna", "Sri", "Tri", "Wira", "Dharma", "Indra", "Jaya",
    "Kusuma", "Mulia", "Permata", "Sinta", "Yanti", "Fitria", "Rahma", "Cahya",
)
LAST = (  # family-style second names used for both sexes
    "Wijaya", "Kurniawan", "Setiawan", "Susanto", "Hidayat", "Nugroho", "Santoso", "Gunawan",
    "Hartono", "Siregar", "Harahap", "Lubis", "Nasution", "Simanjuntak", "Sembiring", "Rahman",
    "Hakim", "Permana", "Purnama", "Halim", "Tanjung", "Hasibuan", "Effendi", "Kusnadi",
    "Sulistyo", "Ibañez", "Tjahjadi", "Liem", "Tanoto", "Sutanto", "Kosasih", "Iskandar",
    "Batubara", "Marpaung", "Pane", "Zainal", "Arifin", "Darmawan", "Suhendra", "Yulianto",
    "Prasetyo", "Utomo", "Mahendra",
)
LAST_MALE = ("Saputra", "Pratama", "Syahputra", "Ramadhan", "Firmansyah", "Maulana", "Fadillah")
LAST_FEMALE = (
    "Saputri", "Anggraini", "Lestari", "Wulandari", "Handayani", "Rahmawati", "Susanti",
    "Oktaviani", "Herawati", "Safitri",
)

# Academic titles by kind of post and education (suffixes; "Dr." is a prefix for S3).
_SUFFIX = {
    ("guru", "S1"): (", S.Pd.", ", S.Pd.", ", S.Pd.I.", ", S.Si."),
    ("guru", "S2"): (", M.Pd.",),
    ("guru", "D3"): (", A.Md.",),
    ("kesehatan", "D3"): (", A.Md.Kes.",),
    ("kesehatan", "D4"): (", S.Tr.Kes.",),
    ("kesehatan", "S1"): (", S.KM.",),
    ("kesehatan", "S2"): (", M.Kes.",),
    ("umum", "D3"): (", A.Md.", ", A.Md.Kom."),
    ("umum", "D4"): (", S.Tr.", ", S.ST."),
    ("umum", "S1"): (", S.E.", ", S.H.", ", S.Sos.", ", S.Kom.", ", S.T.", ", S.IP.", ", S.AP."),
    ("umum", "S2"): (", M.Si.", ", M.M.", ", M.H.", ", M.AP.", ", M.T."),
    ("umum", "S3"): (", M.Si.",),
}

# Health professions have their own titles (they override the group's titles).
_FAMILY_SUFFIX = {
    ("Perawat", "D3"): ", A.Md.Kep.", ("Perawat", "S1"): ", S.Kep., Ns.",
    ("Bidan", "D3"): ", A.Md.Keb.", ("Bidan", "D4"): ", S.Tr.Keb.",
    ("Apoteker", "S1"): ", S.Farm., Apt.", ("Asisten Apoteker", "D3"): ", A.Md.Farm.",
    ("Nutrisionis", "D3"): ", A.Md.Gz.", ("Nutrisionis", "S1"): ", S.Gz.",
    ("Dokter", "S2"): ", Sp.PD.", ("Perekam Medis", "D3"): ", A.Md.RMIK.",
    ("Radiografer", "D3"): ", A.Md.Rad.", ("Fisioterapis", "D3"): ", A.Md.Ftr.",
}
_FAMILY_PREFIX = {"Dokter": "dr. ", "Dokter Gigi": "drg. "}


def make_names(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    """Draw plain names (no titles) for persons with the given sex.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    female : numpy.ndarray of bool
        True for women.

    Returns
    -------
    numpy.ndarray of str
        "First [Middle] [Last]" names.
    """
    n = len(female)
    male_first = np.asarray(MALE_FIRST, dtype=object)[rng.integers(0, len(MALE_FIRST), n)]
    female_first = np.asarray(FEMALE_FIRST, dtype=object)[rng.integers(0, len(FEMALE_FIRST), n)]
    first = np.where(female, female_first, male_first)
    middle = np.asarray(MIDDLE, dtype=object)[rng.integers(0, len(MIDDLE), n)]
    male_last = np.asarray(LAST + LAST_MALE, dtype=object)
    female_last = np.asarray(LAST + LAST_FEMALE, dtype=object)
    u = rng.random(n)
    last = np.where(female, female_last[(u * len(female_last)).astype(int)],
        male_last[(u * len(male_last)).astype(int)])
    use_middle = rng.random(n) < 0.35
    use_last = rng.random(n) < 0.88
    names = first.copy()
    names = np.where(use_middle, names + " " + middle, names)
    names = np.where(use_last | ~use_middle, names + " " + last, names)
    return names.astype(object)


def add_titles(
    rng: np.random.Generator, names: np.ndarray, group: np.ndarray, pendidikan: np.ndarray,
    family: np.ndarray,
) -> np.ndarray:
    """Add academic titles as rosters print them ("Siti Aminah, S.Pd.", "Dr. Budi, M.Si.").

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    names : numpy.ndarray of str
        Plain names.
    group : numpy.ndarray of str
        Kind of post ("guru", "kesehatan", anything else is treated as "umum").
    pendidikan : numpy.ndarray of str
        Education codes (SD … S3, with "D4" separate from "S1").
    family : numpy.ndarray of str
        Job family ("Perawat", "Dokter" …); health professions get their own titles.

    Returns
    -------
    numpy.ndarray of str
        Names with titles.
    """
    kind = np.where(np.isin(group, ["guru", "kesehatan"]), group, "umum")
    out = names.astype(object).copy()
    pick = rng.random(len(names))
    for (k, pend), options in _SUFFIX.items():
        mask = (kind == k) & (pendidikan == pend)
        idx = np.minimum((pick[mask] * len(options)).astype(int), len(options) - 1)
        out[mask] = out[mask] + np.asarray(options, dtype=object)[idx]
    base = names.astype(object)
    for (fam, pend), suffix in _FAMILY_SUFFIX.items():
        mask = (family == fam) & (pendidikan == pend)
        out[mask] = base[mask] + suffix
    for fam, prefix in _FAMILY_PREFIX.items():
        mask = family == fam
        out[mask] = prefix + np.where(pendidikan[mask] == "S2", out[mask], base[mask])
    doctor = pendidikan == "S3"
    out[doctor] = "Dr. " + out[doctor]
    return out
