"""Catalogue of development activities (other than the evaluated programme).

Each item: name, jenis (DOMAIN.md §1), bentuk, stated JP options (None: no JP stated; seminars
and workshops are credited from their days later), share of sessions without JP, duration in
days, organisers, lokasi and audience weights. Audience keys: "all", a group ("guru",
"kesehatan", "fungsional_lain", "pelaksana", "struktural") or a structural level ("JPT",
"Administrator", "Pengawas").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One kind of development activity."""

    nama: str
    jenis: str
    bentuk: str
    jp: tuple[float, ...] | None
    p_no_jp: float
    hari: tuple[int, int]
    penyelenggara: tuple[str, ...]
    audience: tuple[tuple[str, float], ...]
    luar_negeri: bool = False


K, NK = "Klasikal", "Non Klasikal"
BKP = "BKPSDMD"
BPSDM = "BPSDM Prov. Babel"
KOMINFO = "Diskominfo"
ALL = (("all", 1.0),)

ITEMS = (
    # Pelatihan teknis
    Item("Pelatihan Laporan Keuangan Akrual", "Pelatihan Teknis", K,
         (24, 32), 0, (3, 4), ("BPKAD", BPSDM),
         (("pelaksana", 2), ("fungsional_lain", 1), ("struktural", 1))),
    Item("Pelatihan Pengadaan Barang/Jasa", "Pelatihan Teknis", K,
         (32, 40), 0, (4, 5), ("LKPP", BPSDM),
         (("struktural", 2), ("pelaksana", 1), ("fungsional_lain", 1))),
    Item("Pelatihan Standar Pelayanan Publik", "Pelatihan Teknis", K,
         (24,), 0, (3, 3), (BKP,),
         ALL),
    Item("Pelatihan Pengelolaan Arsip Dinamis", "Pelatihan Teknis", K,
         (24, 30), 0, (3, 4), ("Dispusip", "ANRI"),
         (("pelaksana", 2), ("fungsional_lain", 1))),
    Item("Pelatihan Analisis Data Microsoft Excel", "Pelatihan Teknis", K,
         (16, 24), 0, (2, 3), (BKP, KOMINFO),
         ALL),
    Item("Pelatihan Keamanan Siber bagi Aparatur", "Pelatihan Teknis", K,
         (24,), 0, (3, 3), ("BSSN", KOMINFO),
         (("fungsional_lain", 2), ("struktural", 1), ("pelaksana", 0.5))),
    Item("Pelatihan Penanganan Kegawatdaruratan", "Pelatihan Teknis", K,
         (32, 40), 0, (4, 5), ("Dinkes", "RSUD DH"),
         (("kesehatan", 4),)),
    Item("Pelatihan Pengendalian Infeksi", "Pelatihan Teknis", K,
         (24, 30), 0, (3, 4), ("RSUD DH", "Kemenkes"),
         (("kesehatan", 3),)),
    Item("Pelatihan Pembelajaran Berdiferensiasi", "Pelatihan Teknis", K,
         (32,), 0, (4, 4), ("BGP Babel", "Disdikbud"),
         (("guru", 4),)),
    Item("Pelatihan Modul Ajar Kurikulum Merdeka", "Pelatihan Teknis", K,
         (24, 32), 0, (3, 4), ("Disdikbud",),
         (("guru", 4),)),
    Item("Pelatihan Manajemen Risiko Sektor Publik", "Pelatihan Teknis", K,
         (24,), 0, (3, 3), ("BPKP",),
         (("struktural", 2), ("fungsional_lain", 1))),
    # Pelatihan fungsional
    Item("Pelatihan Fungsional Penjenjangan", "Pelatihan Fungsional", K,
         (40, 60, 80), 0, (5, 10), (BPSDM, "Instansi Pembina"),
         (("fungsional_lain", 3), ("kesehatan", 1), ("guru", 0.3))),
    Item("Pelatihan Fungsional Guru", "Pelatihan Fungsional", K,
         (32, 40), 0, (4, 5), ("BGP Babel",),
         (("guru", 1.5),)),
    # Pelatihan kepemimpinan
    Item("Pelatihan Kepemimpinan Pengawas (PKP)", "Pelatihan Kepemimpinan", K,
         (279,), 0, (55, 70), (BPSDM,),
         (("Pengawas", 0.35),)),
    Item("Pelatihan Kepemimpinan Administrator (PKA)", "Pelatihan Kepemimpinan", K,
         (387,), 0, (80, 100), (BPSDM, "PPSDM Bukittinggi"),
         (("Administrator", 0.35),)),
    Item("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "Pelatihan Kepemimpinan", K,
         (459,), 0, (90, 110), ("LAN RI", "PPSDM Kemendagri"),
         (("JPT", 0.3),)),
    # Seminar and workshop: JP often missing (credited from days)
    Item("Seminar Nasional Reformasi Birokrasi", "Seminar", K,
         (4, 8), 0.7, (1, 1), ("KemenPANRB", "UBB"),
         (("all", 0.6), ("struktural", 1.5))),
    Item("Seminar Transformasi Digital Daerah", "Seminar", K,
         (4, 8), 0.7, (1, 2), (KOMINFO, "Kemendagri"),
         (("all", 0.5), ("struktural", 1.5), ("fungsional_lain", 1))),
    Item("Seminar Kesehatan Ibu dan Anak", "Seminar", K,
         (4,), 0.6, (1, 1), ("Dinkes", "IDI Pangkalpinang"),
         (("kesehatan", 2),)),
    Item("Seminar Pendidikan Nasional", "Seminar", K,
         (4, 8), 0.7, (1, 2), ("PGRI",),
         (("guru", 2),)),
    Item("Seminar Internasional Tata Kelola (Kuala Lumpur)", "Seminar", K,
         (12,), 0.6, (2, 2), ("Universiti Malaya",),
         (("JPT", 0.3), ("Administrator", 0.15)), True),
    Item("Workshop Penyusunan SKP \u2013 PermenPANRB 6/2022", "Workshop", K,
         (5, 10), 0.6, (1, 2), (BKP,),
         ALL),
    Item("Workshop Indikator Kinerja Utama", "Workshop", K,
         (10,), 0.6, (2, 2), ("Bappeda",),
         (("struktural", 2), ("fungsional_lain", 1))),
    Item("Workshop Implementasi SPBE", "Workshop", K,
         (10, 15), 0.6, (2, 3), (KOMINFO,),
         (("struktural", 1.5), ("fungsional_lain", 1.5), ("pelaksana", 0.5))),
    Item("Workshop Manajemen Data Kepegawaian", "Workshop", K,
         (10,), 0.6, (2, 2), (BKP,),
         (("pelaksana", 1), ("fungsional_lain", 1))),
    Item("Workshop Pelayanan Publik Digital (Johor Bahru)", "Workshop", K,
         (14,), 0.5, (2, 2), ("MBJB",),
         (("Administrator", 0.1), ("Pengawas", 0.05)), True),
    # Bimtek
    Item("Bimtek SIASN bagi Pengelola Kepegawaian", "Bimtek", K,
         (16, 24), 0, (2, 3), (BKP, "Kanreg VII BKN"),
         (("pelaksana", 1.5), ("fungsional_lain", 1))),
    Item("Bimtek Aplikasi SRIKANDI", "Bimtek", K,
         (12, 16), 0, (2, 2), ("Dispusip", "ANRI"),
         (("pelaksana", 1.5), ("struktural", 0.5))),
    Item("Bimtek Aplikasi SIPD", "Bimtek", K,
         (16, 24), 0, (2, 3), ("BPKAD",),
         (("pelaksana", 1), ("struktural", 1))),
    Item("Bimtek Renja Perangkat Daerah", "Bimtek", K,
         (16,), 0, (2, 2), ("Bappeda",),
         (("struktural", 2), ("fungsional_lain", 1))),
    Item("Bimtek Aplikasi e-Kinerja", "Bimtek", K,
         (8, 12), 0, (1, 2), (BKP,),
         ALL),
    Item("Bimtek Aplikasi Dapodik", "Bimtek", K,
         (16,), 0, (2, 2), ("Disdikbud",),
         (("guru", 1),)),
    Item("Bimtek Rekam Medis Elektronik dan SIMRS", "Bimtek", K,
         (16, 24), 0, (2, 3), ("RSUD DH",),
         (("kesehatan", 1.5),)),
    # Kursus, sosialisasi
    Item("Kursus Bahasa Inggris untuk Aparatur", "Kursus", K,
         (20, 30, 40), 0, (5, 10), ("UPT Bahasa UBB",),
         (("all", 0.3), ("struktural", 0.5))),
    Item("Kursus Desain Grafis untuk Kehumasan", "Kursus", K,
         (20,), 0, (5, 5), (KOMINFO,),
         (("fungsional_lain", 0.5),)),
    Item("Sosialisasi Netralitas ASN", "Sosialisasi", K,
         (2, 3, 4), 0.3, (1, 1), (BKP, "Bawaslu"),
         ALL),
    Item("Sosialisasi Antikorupsi dan Gratifikasi", "Sosialisasi", K,
         (3, 4), 0.3, (1, 1), ("Inspektorat", "KPK"),
         ALL),
    Item("Sosialisasi Perlindungan Data Pribadi", "Sosialisasi", K,
         (3, 4), 0.3, (1, 1), (KOMINFO,),
         ALL),
    Item("Sosialisasi Manajemen ASN (UU 20/2023)", "Sosialisasi", K,
         (3, 4), 0.3, (1, 1), (BKP,),
         ALL),
    Item("Sosialisasi Keamanan Siber dan Kata Sandi", "Sosialisasi", K,
         (2, 3), 0.3, (1, 1), (KOMINFO,),
         ALL),
    # Non-classical
    Item("Coaching Rencana Aksi Kinerja", "Coaching", NK,
         (2, 4, 6), 0.2, (1, 1), (BKP,),
         (("struktural", 1), ("pelaksana", 0.5), ("fungsional_lain", 0.5))),
    Item("Mentoring Kinerja oleh Atasan", "Mentoring", NK,
         (2, 4), 0.2, (1, 1), ("Unit kerja",),
         ALL),
    Item("E-Learning Literasi Digital (DTS)", "E-Learning", NK,
         (12.5, 20, 24.5), 0, (5, 20), ("Komdigi",),
         (("all", 0.8), ("pelaksana", 0.5))),
    Item("E-Learning Orientasi Nilai Dasar BerAKHLAK", "E-Learning", NK,
         (10, 12.5), 0, (3, 10), ("LAN RI",),
         ALL),
    Item("E-Learning Manajemen Kinerja (ASN Corpu)", "E-Learning", NK,
         (15, 22.5), 0, (5, 15), ("LAN RI",),
         ALL),
    Item("E-Learning Pengantar Analisis Data", "E-Learning", NK,
         (24.5, 30), 0, (5, 20), ("Kemenkeu",),
         (("fungsional_lain", 1), ("struktural", 0.5), ("pelaksana", 0.5))),
    Item("Pelatihan Jarak Jauh Kebijakan Publik", "Pelatihan Jarak Jauh", NK,
         (30, 40), 0, (10, 20), ("LAN RI",),
         (("fungsional_lain", 0.8), ("struktural", 0.8))),
    Item("Magang Pelayanan Perizinan Terpadu", "Magang", NK,
         (40, 60), 0, (5, 10), ("DPMPTSP Batam",),
         (("pelaksana", 0.3), ("struktural", 0.2))),
    Item("Benchmarking Mal Pelayanan Publik", "Benchmarking", NK,
         (8,), 0.5, (2, 3), ("Pemkot Surabaya",),
         (("struktural", 0.6),)),
)
