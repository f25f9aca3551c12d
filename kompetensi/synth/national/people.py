"""Persons of the national synthetic dataset: NIP parts, names and posts, drawn as integer codes.

The NIP parts of every ASN (birth date, TMT, sex) are drawn first for the whole population,
chunk by chunk, so that the 3-digit serial can make every NIP unique (rank inside the group of
equal birth date, TMT month and sex). Everything else is drawn per chunk and kept as integer
codes into the small tables of this module; ``national_roster`` turns them into text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kompetensi.synth import names
from kompetensi.synth.national import text as T

PPPK_SHARE = 0.20
PPPK_FIRST_YEAR = 2019
EPOCH = np.datetime64("1970-01-01")
PENDIDIKAN = ("SD", "SMP", "SMA", "D1", "D2", "D3", "S1", "D4", "S2", "S3")
_HIGHER = 6  # codes >= 6 (S1, D4, S2, S3) qualify for keahlian posts
PEND_P = {
    False: (0.005, 0.01, 0.17, 0.01, 0.02, 0.13, 0.50, 0.03, 0.12, 0.005),  # PNS
    True: (0.01, 0.02, 0.20, 0.01, 0.02, 0.16, 0.50, 0.03, 0.05, 0.0),  # PPPK
}
# PNS golongan (0 = I/a … 16 = IV/e): entry by education, cap by education
GOL_ENTRY = np.asarray([0, 2, 4, 4, 5, 6, 8, 8, 9, 10])
GOL_CAP = np.asarray([5, 7, 11, 11, 11, 12, 15, 15, 16, 16])
PPPK_GOL = np.asarray([0, 3, 4, 4, 5, 6, 8, 8, 9, 10])  # roman index by education
JENIS = ("JPT", "Administrator", "Pengawas", "Fungsional", "Pelaksana")
JENIS_P_PNS = (0.006, 0.025, 0.07, 0.58, 0.319)
JENIS_P_PPPK = (0.0, 0.0, 0.0, 0.85, 0.15)
STRUCT_GOL_FLOOR = np.asarray([14, 11, 9, 0, 0])
JENJANG = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama", "Pemula", "Terampil",
           "Mahir", "Penyelia", "Pelaksana", "Pengawas", "Administrator", "JPT Pratama",
           "JPT Madya")
# Fungsional families: name, title group, track ("ahli", "terampil", "both"),
# weight in regional governments, weight in the central government.
FAMILIES = (
    ("Guru", "guru", "ahli", 40.0, 1.0), ("Perawat", "kesehatan", "both", 8.0, 1.0),
    ("Bidan", "kesehatan", "both", 5.0, 0.2), ("Dokter", "kesehatan", "ahli", 2.5, 0.5),
    ("Dokter Gigi", "kesehatan", "ahli", 0.6, 0.1), ("Apoteker", "kesehatan", "ahli", 0.6, 0.3),
    ("Asisten Apoteker", "kesehatan", "terampil", 0.6, 0.1),
    ("Nutrisionis", "kesehatan", "both", 0.8, 0.1),
    ("Pranata Laboratorium Kesehatan", "kesehatan", "both", 0.8, 0.3),
    ("Sanitarian", "kesehatan", "both", 0.6, 0.1),
    ("Perekam Medis", "kesehatan", "terampil", 0.5, 0.1),
    ("Radiografer", "kesehatan", "terampil", 0.3, 0.1),
    ("Penyuluh Kesehatan Masyarakat", "kesehatan", "ahli", 0.5, 0.1),
    ("Epidemiolog Kesehatan", "kesehatan", "ahli", 0.3, 0.2),
    ("Analis Kebijakan", "umum", "ahli", 1.5, 6.0), ("Pranata Komputer", "umum", "both", 1.5, 5.0),
    ("Arsiparis", "umum", "both", 1.2, 3.0), ("Pustakawan", "umum", "both", 0.6, 1.5),
    ("Auditor", "umum", "ahli", 1.0, 4.0), ("Perencana", "umum", "ahli", 1.0, 3.0),
    ("Analis Sumber Daya Manusia Aparatur", "umum", "ahli", 1.0, 3.0),
    ("Penyuluh Pertanian", "umum", "both", 2.0, 1.0), ("Pekerja Sosial", "umum", "both", 0.5, 1.0),
    ("Polisi Pamong Praja", "umum", "terampil", 2.0, 0.0),
    ("Pengelola Pengadaan Barang/Jasa", "umum", "ahli", 0.5, 1.0),
    ("Pranata Hubungan Masyarakat", "umum", "both", 0.5, 1.5),
    ("Statistisi", "umum", "both", 0.3, 2.0), ("Peneliti", "umum", "ahli", 0.0, 3.0),
    ("Widyaiswara", "umum", "ahli", 0.2, 1.0),
    ("Pranata Keuangan APBN", "umum", "terampil", 0.0, 3.0),
    ("Penguji Kendaraan Bermotor", "umum", "terampil", 0.3, 0.2),
    ("Teknik Jalan dan Jembatan", "umum", "both", 0.5, 1.0),
    ("Administrator Database Kependudukan", "umum", "both", 0.5, 0.2),
)
_BIDANG = ("Perencanaan", "Keuangan", "Umum", "Pelayanan", "Pengawasan", "Pembinaan",
           "Data dan Informasi", "Hukum", "Kepegawaian", "Sarana dan Prasarana",
           "Evaluasi dan Pelaporan", "Kerja Sama")
# Structural posts by (central?, jenis): (form, jenjang code, weight)
_POSTS = {
    (True, 0): (("Sekretaris Jenderal", 12, 1), ("Direktur Jenderal {b}", 12, 2),
                ("Inspektur Jenderal", 12, 1), ("Direktur {b}", 11, 8), ("Kepala Biro {b}", 11, 4),
                ("Kepala Pusat {b}", 11, 3)),
    (False, 0): (("Sekretaris Daerah", 11, 1), ("Kepala Dinas {b}", 11, 6),
                 ("Kepala Badan {b}", 11, 3), ("Asisten Bidang {b}", 11, 1),
                 ("Inspektur Daerah", 11, 1), ("Staf Ahli Bidang {b}", 11, 1)),
    (True, 1): (("Kepala Bagian {b}", 10, 3), ("Kepala Subdirektorat {b}", 10, 4),
                ("Kepala Bidang {b}", 10, 2), ("Kepala Balai {b}", 10, 1)),
    (False, 1): (("Sekretaris Dinas", 10, 2), ("Kepala Bidang {b}", 10, 5),
                 ("Kepala Bagian {b}", 10, 2), ("Camat", 10, 2)),
    (True, 2): (("Kepala Subbagian {b}", 9, 3), ("Kepala Seksi {b}", 9, 3),
                ("Kepala Subbidang {b}", 9, 2)),
    (False, 2): (("Kepala Subbagian {b}", 9, 3), ("Kepala Seksi {b}", 9, 4), ("Lurah", 9, 2),
                 ("Kepala UPT {b}", 9, 1)),
}
PELAKSANA = (("Pengelola Umum Operasional", "Operator Layanan Operasional"),
             ("Pengadministrasi Perkantoran", "Operator Layanan Operasional",
              "Pengolah Data dan Informasi"),
             ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan",
              "Pengolah Data dan Informasi"))


def _jabatan_tables() -> tuple[tuple[str, ...], dict, np.ndarray]:
    """All post names, where each kind of post starts, and the jenjang code of each name."""
    texts: list[str] = []
    jenjang: list[int] = []
    where: dict = {}
    for key, forms in _POSTS.items():
        start, weights = len(texts), []
        for form, jj, w in forms:
            variants = [form.format(b=b) for b in _BIDANG] if "{b}" in form else [form]
            texts += variants
            jenjang += [jj] * len(variants)
            weights += [w / len(variants)] * len(variants)
        where[key] = (start, np.asarray(weights) / sum(weights))
    where["fungsional"] = len(texts)
    for fam in FAMILIES:
        texts += [f"{fam[0]} {j}" for j in JENJANG[:8]]
        jenjang += list(range(8))
    for level, options in enumerate(PELAKSANA):
        where[("pelaksana", level)] = (len(texts), len(options))
        texts += list(options)
        jenjang += [8] * len(options)
    return tuple(texts), where, np.asarray(jenjang)


JABATAN, _WHERE, JABATAN_JENJANG = _jabatan_tables()


def _name_tables() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    first = names.MALE_FIRST + names.FEMALE_FIRST
    middle = ("",) + tuple(" " + m for m in names.MIDDLE)
    last = ("",) + tuple(" " + x for x in names.LAST + names.LAST_MALE + names.LAST_FEMALE)
    return first, middle, last


FIRST, MIDDLE, LAST = _name_tables()
_N_LAST, _N_LM = len(names.LAST), len(names.LAST_MALE)
_MALE_LAST = np.arange(1, 1 + _N_LAST + _N_LM)
_FEMALE_LAST = np.concatenate([np.arange(1, 1 + _N_LAST),
                               np.arange(1 + _N_LAST + _N_LM, len(LAST))])


def _title_tables() -> tuple[tuple[str, ...], dict, dict]:
    texts = [""]
    by_group: dict = {}
    for key, options in names._SUFFIX.items():
        by_group[key] = (len(texts), len(options))
        texts += list(options)
    by_family: dict = {}
    for key, suffix in names._FAMILY_SUFFIX.items():
        by_family[key] = len(texts)
        texts.append(suffix)
    return tuple(texts), by_group, by_family


SUFFIX, _SUFFIX_BY_GROUP, _SUFFIX_BY_FAMILY = _title_tables()
PREFIX = ("", "dr. ", "drg. ", "Dr. ")


def draw_core(rng: np.random.Generator, n: int, siklus: int) -> dict[str, np.ndarray]:
    """Birth day, TMT month, sex and status of ``n`` ASN (the NIP parts).

    Returns
    -------
    dict
        ``birth`` (days since 1970-01-01), ``tmt`` (months since January 1970, TMT on the
        first of that month), ``female`` and ``pppk`` (bool).
    """
    end = (np.datetime64(f"{siklus}-12-31") - EPOCH).astype(np.int64)
    pppk = rng.random(n) < PPPK_SHARE
    female = rng.random(n) < 0.52
    year = 365.2425
    # PNS: age 20-58 (more of them older), TMT at 19 + Gamma(2, 3) years, before the age
    age = 20.0 + 38.0 * rng.beta(2.0, 1.5, n)
    at_tmt = np.minimum(19.0 + rng.gamma(2.0, 3.0, n), age - 0.1)
    birth = end - (age * year).astype(np.int64)
    tmt_day = birth + (at_tmt * year).astype(np.int64)
    tmt = tmt_day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    # PPPK: TMT since 2019, aged 22-55 at the TMT
    first = (PPPK_FIRST_YEAR - 1970) * 12
    p_tmt = first + rng.integers(0, (siklus - PPPK_FIRST_YEAR + 1) * 12, n)
    p_day = p_tmt.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    p_birth = p_day - ((22.0 + 33.0 * rng.beta(2.0, 2.0, n)) * year).astype(np.int64)
    return {
        "birth": np.where(pppk, p_birth, birth).astype(np.int32),
        "tmt": np.where(pppk, p_tmt, tmt).astype(np.int32),
        "female": female,
        "pppk": pppk,
    }


def serials(birth: np.ndarray, tmt: np.ndarray, female: np.ndarray, top: int = 899) -> np.ndarray:
    """3-digit NIP serials making every (birth, TMT, sex, serial) unique, all <= ``top``.

    Inside each group of equal birth date, TMT month and sex the serials are consecutive from a
    start that depends on the group only (a hash of its key), as running numbers would be.
    """
    key = ((birth.astype(np.int64) * 2048 + tmt.astype(np.int64)) * 2) + female.astype(np.int64)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new_group = np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]])
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(key)), 0))
    rank = np.arange(len(key)) - group_start
    biggest = int(rank.max()) + 1 if len(key) else 1
    if biggest >= top:
        raise ValueError(f"{biggest} ASN share one birth date, TMT and sex: serials run out")
    base = (sorted_key * 2654435761) % (top - biggest + 1) + 1
    out = np.empty(len(key), dtype=np.int64)
    out[order] = base + rank
    return out


def nip_numbers(birth: np.ndarray, tmt: np.ndarray, female: np.ndarray,
                serial: np.ndarray) -> np.ndarray:
    """18-digit NIPs as int64: birth YYYYMMDD, TMT YYYYMM, sex digit, serial."""
    b = birth.astype("datetime64[D]")
    by = b.astype("datetime64[Y]").astype(np.int64) + 1970
    bm = b.astype("datetime64[M]").astype(np.int64) % 12 + 1
    bd = (b - b.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    ty, tm = tmt.astype(np.int64) // 12 + 1970, tmt.astype(np.int64) % 12 + 1
    ymd = (by * 100 + bm) * 100 + bd
    return ((ymd * 1_000_000 + ty * 100 + tm) * 10 + 1 + female) * 1000 + serial


@dataclass
class Chunk:
    """Persons ``first`` .. ``first + n - 1`` as integer codes (see module tables)."""

    first: int
    agency: np.ndarray
    birth: np.ndarray
    tmt: np.ndarray
    female: np.ndarray
    pppk: np.ndarray
    nip: np.ndarray
    new_hire: np.ndarray
    pendidikan: np.ndarray
    jenis: np.ndarray
    golongan: np.ndarray
    jabatan: np.ndarray
    name_parts: tuple[np.ndarray, np.ndarray, np.ndarray]
    prefix: np.ndarray
    suffix: np.ndarray

    @property
    def n(self) -> int:
        return len(self.nip)

    def plain_names(self, encoding: str = "utf-8") -> pa.Array:
        """Names without titles (as the other files write them)."""
        return name_text(self.name_parts, encoding)

    def titled_names(self) -> pa.Array:
        """Names with academic titles (as the roster writes them)."""
        return T.concat(T.take(T.dictionary(PREFIX), self.prefix), self.plain_names(),
                        T.take(T.dictionary(SUFFIX), self.suffix))


def name_text(parts: tuple[np.ndarray, np.ndarray, np.ndarray], encoding: str = "utf-8"
              ) -> pa.Array:
    """Plain names from the indices of :func:`draw_names`."""
    f, m, last = parts
    return T.concat(T.take(T.dictionary(FIRST, encoding), f),
                    T.take(T.dictionary(MIDDLE, encoding), m),
                    T.take(T.dictionary(LAST, encoding), last))


def draw_names(rng: np.random.Generator, female: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices into FIRST, MIDDLE and LAST (the mix of ``names.make_names``)."""
    n = len(female)
    n_male = len(names.MALE_FIRST)
    first = np.where(female, n_male + rng.integers(0, len(names.FEMALE_FIRST), n),
                     rng.integers(0, n_male, n))
    use_middle = rng.random(n) < 0.35
    use_last = (rng.random(n) < 0.88) | ~use_middle
    middle = np.where(use_middle, rng.integers(1, len(MIDDLE), n), 0)
    u = rng.random(n)
    last = np.where(female, _FEMALE_LAST[(u * len(_FEMALE_LAST)).astype(np.int64)],
                    _MALE_LAST[(u * len(_MALE_LAST)).astype(np.int64)])
    return first, middle, np.where(use_last, last, 0)


def _choice(rng: np.random.Generator, p, mask: np.ndarray, out: np.ndarray, offset: int = 0):
    p = np.asarray(p, dtype=float)
    out[mask] = offset + rng.choice(len(p), size=int(mask.sum()), p=p / p.sum())


def draw_chunk(rng: np.random.Generator, core: dict[str, np.ndarray], first: int,
               agency: np.ndarray, central: np.ndarray, siklus: int) -> Chunk:
    """Draw education, post, golongan, name and titles of one chunk of persons.

    Parameters
    ----------
    rng : numpy.random.Generator
        The chunk's stream.
    core : dict
        The chunk's slice of :func:`draw_core` plus ``serial``.
    first : int
        Index of the chunk's first person.
    agency : numpy.ndarray of int
        Agency of each person.
    central : numpy.ndarray of bool
        Whether each person works for the central government.
    siklus : int
        Cycle year.
    """
    pppk, female = core["pppk"], core["female"]
    n = len(pppk)
    pend = np.empty(n, dtype=np.int64)
    for status in (False, True):
        _choice(rng, PEND_P[status], pppk == status, pend)
    jenis = np.empty(n, dtype=np.int64)
    _choice(rng, JENIS_P_PNS, ~pppk, jenis)
    _choice(rng, JENIS_P_PPPK, pppk, jenis)
    tmt_year = core["tmt"].astype(np.int64) // 12 + 1970
    age = siklus - (core["birth"].astype("datetime64[D]").astype("datetime64[Y]")
                    .astype(np.int64) + 1970)
    new_hire = tmt_year >= siklus
    struct_ok = np.where(jenis == 2, pend >= 5, (pend >= _HIGHER) & (age >= 35)) & ~new_hire
    jenis = np.where((jenis <= 2) & ~struct_ok, 4, jenis)
    # golongan: PNS rise one step every 4 years from the entry rank; PPPK by education
    masa = siklus - tmt_year
    lag = rng.integers(0, 3, n)
    gol = np.minimum(GOL_ENTRY[pend] + np.maximum(masa - lag, 0) // 4, GOL_CAP[pend])
    gol = np.clip(np.maximum(gol, STRUCT_GOL_FLOOR[jenis]), 0, 16)
    gol = np.where(pppk, PPPK_GOL[pend], gol)
    # post names
    jab = np.zeros(n, dtype=np.int64)
    for (is_central, j) in _POSTS:
        start, p = _WHERE[(is_central, j)]
        _choice(rng, p, (jenis == j) & (central == is_central), jab, start)
    fam = np.zeros(n, dtype=np.int64)
    higher = pend >= _HIGHER
    for is_central in (False, True):
        col = 4 if is_central else 3
        for track_higher in (False, True):
            ok = ("ahli", "both") if track_higher else ("terampil", "both")
            w = [f[col] if f[2] in ok else 0.0 for f in FAMILIES]
            _choice(rng, w, (jenis == 3) & (central == is_central) & (higher == track_higher), fam)
    u = rng.random(n)
    pns_jj = np.where(higher, np.searchsorted([10, 12, 15], gol, side="right"),
                      4 + np.searchsorted([5, 8, 10], gol, side="right"))
    pppk_jj = np.where(higher, np.searchsorted([0.80, 0.97], u, side="right"),
                       np.asarray([5, 6, 4])[np.searchsorted([0.80, 0.95], u, side="right")])
    jj = np.where(pppk, pppk_jj, pns_jj)
    jab = np.where(jenis == 3, _WHERE["fungsional"] + fam * 8 + jj, jab)
    level = np.searchsorted([2, _HIGHER], pend, side="right")  # SD-SMP, SMA-D3, S1 and up
    for lv in range(3):
        start, k = _WHERE[("pelaksana", lv)]
        mask = (jenis == 4) & (level == lv)
        jab[mask] = start + (u[mask] * k).astype(np.int64)
    prefix, suffix = _titles(rng, pend, jenis, fam)
    return Chunk(first=first, agency=agency, birth=core["birth"], tmt=core["tmt"],
                 female=female, pppk=pppk,
                 nip=nip_numbers(core["birth"], core["tmt"], female, core["serial"]),
                 new_hire=new_hire, pendidikan=pend, jenis=jenis, golongan=gol, jabatan=jab,
                 name_parts=draw_names(rng, female), prefix=prefix, suffix=suffix)


def _titles(rng: np.random.Generator, pend: np.ndarray, jenis: np.ndarray, fam: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Indices into PREFIX and SUFFIX (the rules of ``names.add_titles``)."""
    n = len(pend)
    is_fam = jenis == 3
    group = np.asarray([f[1] for f in FAMILIES], dtype=object)[fam]
    kind = np.where(is_fam, group, "umum")
    code = np.asarray(PENDIDIKAN, dtype=object)[pend]
    u = rng.random(n)
    suffix = np.zeros(n, dtype=np.int64)
    for (k, p), (start, count) in _SUFFIX_BY_GROUP.items():
        mask = (kind == k) & (code == p)
        suffix[mask] = start + np.minimum((u[mask] * count).astype(np.int64), count - 1)
    fam_name = np.where(is_fam, np.asarray([f[0] for f in FAMILIES], dtype=object)[fam], "")
    for (f, p), idx in _SUFFIX_BY_FAMILY.items():
        suffix[(fam_name == f) & (code == p)] = idx
    prefix = np.zeros(n, dtype=np.int64)
    for k, f in enumerate(("Dokter", "Dokter Gigi"), start=1):
        mask = fam_name == f
        prefix[mask] = k
        suffix[mask & (code != "S2")] = 0
    s3 = code == "S3"
    prefix[s3] = 3
    return prefix, suffix
