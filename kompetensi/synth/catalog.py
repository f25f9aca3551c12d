"""Organisation of the synthetic city government: OPDs, structural posts, job families.

All sizes are invented but shaped on DOMAIN.md §7 (about 3,650 ASN in 2025; teachers about
40 %, health workers about 20 %, other functional posts about 10 %, pelaksana about 20 %,
about 30 JPT, 110 administrators and 330 supervisors). OPD names are the canonical names of
``kompetensi/reference/opd.csv``; office locations (kecamatan) are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

KECAMATAN = (
    "Taman Sari", "Rangkui", "Pangkalbalam", "Gabek", "Bukit Intan", "Girimaya", "Gerunggang",
)
# Spread of schools and community health centres over the kecamatan (invented weights).
KECAMATAN_WEIGHT = (0.12, 0.17, 0.12, 0.12, 0.16, 0.11, 0.20)

DISDIK = "Dinas Pendidikan dan Kebudayaan"
DINKES = "Dinas Kesehatan"
RSUD = "Rumah Sakit Umum Daerah Depati Hamzah"

# canonical OPD -> (office kecamatan, JPT posts, Administrator posts, Pengawas posts,
#                   weight of pelaksana staff)
OPD = {
    "Sekretariat Daerah": ("Taman Sari", 7, 9, 22, 9.0),
    "Sekretariat DPRD": ("Taman Sari", 1, 3, 7, 4.0),
    "Inspektorat Daerah": ("Taman Sari", 1, 5, 3, 1.5),
    "Badan Perencanaan Pembangunan dan Riset Daerah": ("Taman Sari", 1, 4, 8, 2.0),
    "Badan Pengelolaan Keuangan dan Aset Daerah": ("Taman Sari", 1, 4, 10, 4.0),
    "Badan Pendapatan Daerah": ("Girimaya", 1, 3, 9, 3.5),
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah": (
        "Taman Sari", 1, 3, 8, 2.5,
    ),
    "Badan Kesatuan Bangsa dan Politik": ("Taman Sari", 1, 2, 5, 1.5),
    "Badan Penanggulangan Bencana Daerah": ("Gerunggang", 1, 3, 5, 2.5),
    "Satuan Polisi Pamong Praja": ("Taman Sari", 1, 3, 9, 3.0),
    DISDIK: ("Taman Sari", 1, 4, 12, 6.0),
    DINKES: ("Rangkui", 1, 4, 11, 3.0),
    RSUD: ("Bukit Intan", 1, 3, 11, 5.0),
    "Dinas Pekerjaan Umum dan Penataan Ruang": ("Bukit Intan", 1, 4, 11, 5.0),
    "Dinas Perumahan Rakyat dan Kawasan Permukiman": ("Bukit Intan", 1, 3, 8, 2.0),
    "Dinas Perhubungan": ("Gerunggang", 1, 3, 9, 4.0),
    "Dinas Komunikasi dan Informatika": ("Taman Sari", 1, 3, 8, 2.0),
    "Dinas Kependudukan dan Pencatatan Sipil": ("Girimaya", 1, 3, 8, 3.0),
    "Dinas Sosial": ("Rangkui", 1, 3, 8, 2.0),
    "Dinas Lingkungan Hidup": ("Gerunggang", 1, 3, 8, 5.0),
    "Dinas Pemuda dan Olahraga": ("Girimaya", 1, 3, 6, 1.5),
    "Dinas Pariwisata": ("Rangkui", 1, 3, 6, 1.5),
    "Dinas Perpustakaan dan Kearsipan": ("Taman Sari", 1, 3, 6, 1.5),
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": ("Taman Sari", 1, 3, 6, 2.0),
    "Dinas Perdagangan dan Perindustrian": ("Rangkui", 1, 3, 8, 2.5),
    "Dinas Pangan dan Pertanian": ("Gabek", 1, 3, 8, 2.0),
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak": ("Girimaya", 1, 3, 8, 1.5),
    "Dinas Koperasi Usaha Mikro dan Tenaga Kerja": ("Pangkalbalam", 1, 3, 8, 1.5),
}
for _kec in KECAMATAN:
    OPD[f"Kecamatan {_kec}"] = (_kec, 0, 2, 12, 3.5)

OPD_NAMES = tuple(OPD)

_JPT_SPECIAL = {
    "Sekretariat Daerah": (
        "Sekretaris Daerah", "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "Asisten Perekonomian dan Pembangunan", "Asisten Administrasi Umum",
        "Staf Ahli Bidang Hukum, Politik dan Pemerintahan",
        "Staf Ahli Bidang Ekonomi, Keuangan dan Pembangunan",
        "Staf Ahli Bidang Kemasyarakatan dan Sumber Daya Manusia",
    ),
    "Sekretariat DPRD": ("Sekretaris DPRD",),
    "Inspektorat Daerah": ("Inspektur",),
    RSUD: ("Direktur",),
    "Satuan Polisi Pamong Praja": ("Kepala Satuan",),
    "Badan Penanggulangan Bencana Daerah": ("Kepala Pelaksana",),
}
_ADMIN_SPECIAL = {
    "Sekretariat Daerah": tuple(
        f"Kepala Bagian {b}" for b in (
            "Pemerintahan", "Hukum", "Kesejahteraan Rakyat", "Perekonomian", "Pembangunan",
            "Pengadaan Barang dan Jasa", "Organisasi", "Umum", "Protokol dan Komunikasi Pimpinan",
        )
    ),
    "Inspektorat Daerah": ("Sekretaris",) + tuple(
        f"Inspektur Pembantu Wilayah {w}" for w in ("I", "II", "III", "IV")
    ),
    RSUD: ("Wakil Direktur Pelayanan", "Wakil Direktur Umum dan Keuangan",
        "Kepala Bagian Tata Usaha"),
}
_BIDANG = (
    "Perencanaan dan Evaluasi", "Pelayanan", "Pembinaan", "Pengembangan",
    "Pengendalian dan Pengawasan", "Data dan Informasi", "Sarana dan Prasarana",
)
_SEKSI = (
    "Perencanaan", "Pelayanan", "Pembinaan", "Pengembangan", "Pengawasan", "Data dan Informasi",
    "Sarana dan Prasarana", "Evaluasi dan Pelaporan", "Kerja Sama", "Penyuluhan", "Fasilitasi",
    "Pemantauan",
)
_SUBBAG = ("Umum dan Kepegawaian", "Keuangan", "Perencanaan")
_KEC_PENGAWAS = (
    "Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Seksi Pemerintahan",
    "Kepala Seksi Ketenteraman dan Ketertiban Umum", "Kepala Seksi Pemberdayaan Masyarakat",
    "Kepala Seksi Kesejahteraan Sosial", "Kepala Seksi Ekonomi dan Pembangunan",
) + ("Lurah",) * 6


def structural_posts() -> list[tuple[str, str, str]]:
    """List every structural post as (OPD, jenis_jabatan, jabatan), in a fixed order."""
    posts: list[tuple[str, str, str]] = []
    for opd, (_, n_jpt, n_adm, n_pgw, _) in OPD.items():
        head = "Kepala Badan" if opd.startswith("Badan") else "Kepala Dinas"
        jpt = _JPT_SPECIAL.get(opd, (head,))
        posts += [(opd, "JPT", jpt[i % len(jpt)]) for i in range(n_jpt)]
        if opd.startswith("Kecamatan"):
            adm: tuple[str, ...] = ("Camat", "Sekretaris Camat")
            pgw: tuple[str, ...] = _KEC_PENGAWAS
        else:
            adm = _ADMIN_SPECIAL.get(opd,
                ("Sekretaris",) + tuple(f"Kepala Bidang {b}" for b in _BIDANG))
            kind = "Sub Bagian" if opd.startswith("Sekretariat") else "Seksi"
            pgw = tuple(f"Kepala Sub Bagian {s}" for s in _SUBBAG) + tuple(
                f"Kepala {kind} {s}" for s in _SEKSI
            )
        posts += [(opd, "Administrator", adm[i % len(adm)]) for i in range(n_adm)]
        posts += [(opd, "Pengawas", pgw[i % len(pgw)]) for i in range(n_pgw)]
    return posts


@dataclass(frozen=True)
class Family:
    """A job family of non-structural posts.

    Attributes
    ----------
    name : str
        Post name without the jenjang ("Perawat"); pelaksana families carry the full name.
    group : str
        "guru", "kesehatan", "fungsional_lain" or "pelaksana".
    weight : float
        Share of the family inside its group.
    opd : tuple of (str, float)
        OPDs where the family works with weights; "*" spreads over every OPD by the
        pelaksana weights.
    pendidikan : tuple of (str, float)
        Education codes with probabilities.
    female : float
        Share of women.
    """

    name: str
    group: str
    weight: float
    opd: tuple[tuple[str, float], ...]
    pendidikan: tuple[tuple[str, float], ...]
    female: float


_HEALTH = ((DINKES, 0.6), (RSUD, 0.4))
BAPPEDA = "Badan Perencanaan Pembangunan dan Riset Daerah"
KOMINFO = "Dinas Komunikasi dan Informatika"
PUSIP = "Dinas Perpustakaan dan Kearsipan"
PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
_F = Family
FAMILIES = (
    _F("Guru", "guru", 1.0, ((DISDIK, 1.0),),
       (("S1", 0.87), ("S2", 0.08), ("D3", 0.03), ("D2", 0.02)), 0.74),
    _F("Perawat", "kesehatan", 0.38, _HEALTH, (("D3", 0.55), ("S1", 0.45)), 0.75),
    _F("Bidan", "kesehatan", 0.18, ((DINKES, 0.7), (RSUD, 0.3)), (("D3", 0.65), ("D4", 0.35)), 1.0),
    _F("Dokter", "kesehatan", 0.08, _HEALTH, (("S1", 0.8), ("S2", 0.2)), 0.6),
    _F("Dokter Gigi", "kesehatan", 0.02, _HEALTH, (("S1", 1.0),), 0.7),
    _F("Apoteker", "kesehatan", 0.03, _HEALTH, (("S1", 1.0),), 0.7),
    _F("Asisten Apoteker", "kesehatan", 0.04, _HEALTH, (("D3", 1.0),), 0.8),
    _F("Nutrisionis", "kesehatan", 0.04, _HEALTH, (("D3", 0.6), ("S1", 0.4)), 0.85),
    _F("Pranata Laboratorium Kesehatan", "kesehatan", 0.05, _HEALTH,
       (("D3", 0.7), ("S1", 0.3)), 0.7),
    _F("Sanitarian", "kesehatan", 0.04, _HEALTH, (("D3", 0.6), ("S1", 0.4)), 0.6),
    _F("Perekam Medis", "kesehatan", 0.03, ((RSUD, 0.7), (DINKES, 0.3)), (("D3", 1.0),), 0.6),
    _F("Radiografer", "kesehatan", 0.02, ((RSUD, 1.0),), (("D3", 1.0),), 0.4),
    _F("Fisioterapis", "kesehatan", 0.02, ((RSUD, 1.0),), (("D3", 0.7), ("S1", 0.3)), 0.6),
    _F("Penyuluh Kesehatan Masyarakat", "kesehatan", 0.03, ((DINKES, 1.0),), (("S1", 1.0),), 0.6),
    _F("Epidemiolog Kesehatan", "kesehatan", 0.04, ((DINKES, 1.0),),
       (("S1", 0.8), ("S2", 0.2)), 0.6),
    _F("Analis Kebijakan", "fungsional_lain", 0.10,
       (("Sekretariat Daerah", 0.4), (BAPPEDA, 0.3), ("*", 0.3)),
       (("S1", 0.6), ("S2", 0.4)), 0.5),
    _F("Pranata Komputer", "fungsional_lain", 0.12, ((KOMINFO, 0.4), ("*", 0.6)),
       (("S1", 0.6), ("D3", 0.4)), 0.4),
    _F("Arsiparis", "fungsional_lain", 0.08, ((PUSIP, 0.4), ("*", 0.6)),
       (("S1", 0.5), ("D3", 0.5)), 0.6),
    _F("Pustakawan", "fungsional_lain", 0.04, ((PUSIP, 0.8), (DISDIK, 0.2)),
       (("S1", 0.6), ("D3", 0.4)), 0.7),
    _F("Auditor", "fungsional_lain", 0.07, (("Inspektorat Daerah", 1.0),),
       (("S1", 0.75), ("S2", 0.25)), 0.5),
    _F("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "fungsional_lain", 0.04,
       (("Inspektorat Daerah", 1.0),), (("S1", 0.7), ("S2", 0.3)), 0.5),
    _F("Perencana", "fungsional_lain", 0.06, ((BAPPEDA, 0.6), ("*", 0.4)),
       (("S1", 0.6), ("S2", 0.4)), 0.5),
    _F("Analis Sumber Daya Manusia Aparatur", "fungsional_lain", 0.05,
       (("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah", 0.8), ("*", 0.2)),
       (("S1", 0.8), ("S2", 0.2)), 0.6),
    _F("Penyuluh Pertanian", "fungsional_lain", 0.06, (("Dinas Pangan dan Pertanian", 1.0),),
       (("S1", 0.5), ("D3", 0.5)), 0.4),
    _F("Pekerja Sosial", "fungsional_lain", 0.04, (("Dinas Sosial", 1.0),),
       (("S1", 0.7), ("D3", 0.3)), 0.6),
    _F("Polisi Pamong Praja", "fungsional_lain", 0.12, (("Satuan Polisi Pamong Praja", 1.0),),
       (("SMA", 0.55), ("D3", 0.15), ("S1", 0.3)), 0.2),
    _F("Pengendali Dampak Lingkungan", "fungsional_lain", 0.03, (("Dinas Lingkungan Hidup", 1.0),),
       (("S1", 1.0),), 0.5),
    _F("Pranata Hubungan Masyarakat", "fungsional_lain", 0.03, ((KOMINFO, 1.0),),
       (("S1", 0.7), ("D3", 0.3)), 0.6),
    _F("Statistisi", "fungsional_lain", 0.02, ((KOMINFO, 0.5), (BAPPEDA, 0.5)),
       (("S1", 1.0),), 0.5),
    _F("Pengelola Pengadaan Barang/Jasa", "fungsional_lain", 0.03, (("Sekretariat Daerah", 1.0),),
       (("S1", 1.0),), 0.4),
    _F("Penguji Kendaraan Bermotor", "fungsional_lain", 0.02, (("Dinas Perhubungan", 1.0),),
       (("SMA", 0.4), ("D3", 0.6)), 0.1),
    _F("Teknik Jalan dan Jembatan", "fungsional_lain", 0.03, ((PUPR, 1.0),),
       (("S1", 0.6), ("D3", 0.4)), 0.2),
    _F("Penata Ruang", "fungsional_lain", 0.02,
       ((PUPR, 0.6), ("Dinas Perumahan Rakyat dan Kawasan Permukiman", 0.4)),
       (("S1", 1.0),), 0.4),
    _F("Pamong Budaya", "fungsional_lain", 0.02, ((DISDIK, 0.5), ("Dinas Pariwisata", 0.5)),
       (("S1", 1.0),), 0.5),
    _F("Penyuluh Keluarga Berencana", "fungsional_lain", 0.02,
       (("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", 1.0),), (("S1", 1.0),), 0.7),
    _F("Administrator Database Kependudukan", "fungsional_lain", 0.03,
       (("Dinas Kependudukan dan Pencatatan Sipil", 1.0),), (("S1", 0.6), ("D3", 0.4)), 0.5),
    _F("Pengantar Kerja", "fungsional_lain", 0.01,
       (("Dinas Koperasi Usaha Mikro dan Tenaga Kerja", 1.0),), (("S1", 1.0),), 0.5),
    _F("Pelaksana", "pelaksana", 1.0, (("*", 1.0),),
       (("SD", 0.02), ("SMP", 0.05), ("SMA", 0.55), ("D1", 0.02), ("D2", 0.01), ("D3", 0.12),
        ("S1", 0.21), ("D4", 0.01), ("S2", 0.01)), 0.45),
)

# Pelaksana post names (PermenPANRB nomenclature) by education.
PELAKSANA_JABATAN = {
    "low": ("Pengelola Umum Operasional", "Operator Layanan Operasional"),
    "mid": ("Pengadministrasi Perkantoran", "Operator Layanan Operasional",
        "Pengolah Data dan Informasi"),
    "high": ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan",
        "Pengolah Data dan Informasi"),
}

# Sizes of the base population (31 December 2022) by group and status.
BASE_SIZE = {
    ("PNS", "guru"): 980, ("PNS", "kesehatan"): 550, ("PNS", "fungsional_lain"): 300,
    ("PNS", "pelaksana"): 760,
    ("PPPK", "guru"): 262, ("PPPK", "kesehatan"): 34, ("PPPK", "fungsional_lain"): 8,
}
# Hires by year: (number or target roster size, group mix).
PNS_HIRES = {2023: 28, 2024: 49}  # 2024: formation of 49 (DOMAIN.md §7)
PNS_TARGET_2025 = 2905  # DOMAIN.md §7
PPPK_TARGET = {2023: 450, 2025: 743}
PPPK_HIRES = {2024: 149}  # formation of 149 (DOMAIN.md §7)
HIRE_MIX = {
    ("PNS", 2023): {"guru": 0.30, "kesehatan": 0.35, "fungsional_lain": 0.30, "pelaksana": 0.05},
    ("PNS", 2024): {"guru": 0.30, "kesehatan": 0.35, "fungsional_lain": 0.30, "pelaksana": 0.05},
    ("PNS", 2025): {"guru": 0.30, "kesehatan": 0.35, "fungsional_lain": 0.30, "pelaksana": 0.05},
    ("PPPK", 2023): {"guru": 0.85, "kesehatan": 0.12, "fungsional_lain": 0.03},
    ("PPPK", 2024): {"guru": 0.55, "kesehatan": 0.25, "fungsional_lain": 0.20},
    ("PPPK", 2025): {"guru": 0.45, "kesehatan": 0.30, "fungsional_lain": 0.25},
}
