"""Catalogue of development activities of the national synthetic dataset, and their sessions.

About :data:`N_ITEMS` activities combine a form (jenis: Diklat, Bimtek, Seminar, Workshop,
Kursus, E-Learning ...), a topic and an optional qualifier, plus a few fixed leadership and
induction courses. :data:`IT_SHARE` of them have an IT topic: their names hold a keyword of
``reference/topik_ti.csv``, the other names hold none. Each activity runs in sessions within
the cycle year (dates, JP, organiser); a record of the pelatihan file is one ASN in one session,
and the text of its activity columns is pre-formatted per session and date style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kompetensi import reference
from kompetensi.synth.formats import format_dates
from kompetensi.synth.national import text as T

N_ITEMS = 2000
IT_SHARE = 0.20
SESSION_SIZE = 250  # participants per session on average (many are online)
MAX_SESSIONS = 400
DATE_STYLES = {"serial": 0.15, "strip": 0.20, "panjang": 0.30, "dmy": 0.20, "singkat": 0.15}
K, NK = "Klasikal", "Non Klasikal"

# jenis, bentuk, name heads, JP options, share of sessions without JP, days (min, max), weight
FORMS = (
    ("Pelatihan Teknis", K, ("Pelatihan",), (16, 24, 32, 40), 0.0, (2, 5), 3.0),
    ("Diklat Teknis", K, ("Diklat",), (24, 30, 40, 60), 0.0, (3, 8), 1.5),
    ("Pelatihan Fungsional", K, ("Pelatihan Fungsional",), (40, 60, 80), 0.0, (5, 10), 1.0),
    ("Bimtek", K, ("Bimtek", "Bimbingan Teknis"), (8, 12, 16, 24), 0.0, (1, 3), 3.0),
    ("Seminar", K, ("Seminar", "Webinar"), (4, 8), 0.7, (1, 2), 2.0),
    ("Workshop", K, ("Workshop", "Lokakarya"), (5, 10, 15), 0.6, (1, 3), 1.5),
    ("Kursus", K, ("Kursus",), (20, 30, 40), 0.0, (5, 10), 0.7),
    ("E-Learning", NK, ("E-Learning",), (10, 12.5, 20, 24.5, 30), 0.0, (3, 20), 3.0),
    ("Sosialisasi", K, ("Sosialisasi",), (2, 3, 4), 0.3, (1, 1), 2.0),
    ("Coaching", NK, ("Coaching",), (2, 4, 6), 0.2, (1, 1), 0.7),
    ("Mentoring", NK, ("Mentoring",), (2, 4), 0.2, (1, 1), 0.7),
    ("Pelatihan Jarak Jauh", NK, ("Pelatihan Jarak Jauh",), (30, 40), 0.0, (10, 20), 0.8),
    ("Magang", NK, ("Magang",), (40, 60), 0.0, (5, 10), 0.3),
)
FIXED = (  # nama, jenis, bentuk, JP options, days, weight
    ("Pelatihan Kepemimpinan Pengawas (PKP)", "Pelatihan Kepemimpinan", K, (279,), (55, 70), 2.0),
    ("Pelatihan Kepemimpinan Administrator (PKA)", "Pelatihan Kepemimpinan", K, (387,),
     (80, 100), 1.0),
    ("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "Pelatihan Kepemimpinan", K, (459,),
     (90, 110), 0.3),
    ("Pelatihan Kepemimpinan Nasional Tingkat I (PKN I)", "Pelatihan Kepemimpinan", K, (459,),
     (90, 110), 0.05),
    ("Pelatihan Dasar CPNS (Latsar)", "Pelatihan Dasar", K, (285,), (45, 51), 3.0),
    ("Orientasi PPPK", "Orientasi", K, (32,), (4, 5), 3.0),
)
TOPICS = (
    "Penyusunan Laporan Keuangan Akrual", "Pengadaan Barang/Jasa Pemerintah",
    "Standar Pelayanan Publik", "Pengelolaan Arsip Dinamis", "Manajemen Risiko Sektor Publik",
    "Penanganan Kegawatdaruratan", "Pengendalian Infeksi", "Pembelajaran Berdiferensiasi",
    "Modul Ajar Kurikulum Merdeka", "Penyusunan SKP", "Indikator Kinerja Utama",
    "Manajemen Kinerja Pegawai", "Penilaian Angka Kredit", "Etika dan Integritas Aparatur",
    "Nilai Dasar BerAKHLAK", "Netralitas ASN", "Antikorupsi dan Gratifikasi",
    "Pengawasan Intern", "Audit Kinerja", "Reviu Laporan Keuangan", "Perencanaan Anggaran",
    "Penatausahaan Barang Milik Negara", "Pengelolaan Aset Daerah", "Perpajakan Daerah",
    "Retribusi Daerah", "Penyusunan Rencana Kerja", "Evaluasi Kebijakan Publik",
    "Analisis Kebijakan", "Penulisan Naskah Dinas", "Tata Naskah Dinas",
    "Komunikasi Publik", "Kehumasan Pemerintah", "Pelayanan Prima", "Pengelolaan Pengaduan",
    "Manajemen Konflik", "Kepemimpinan Transformasional", "Manajemen Perubahan",
    "Coaching dan Konseling", "Penyusunan Standar Operasional Prosedur", "Reformasi Birokrasi",
    "Zona Integritas", "Akuntabilitas Kinerja Instansi", "Pengelolaan Keuangan Desa",
    "Pemberdayaan Masyarakat", "Perlindungan Perempuan dan Anak", "Kesehatan Ibu dan Anak",
    "Gizi Masyarakat", "Pencegahan Stunting", "Kesehatan Lingkungan", "Keselamatan Pasien",
    "Pelayanan Kefarmasian", "Manajemen Puskesmas", "Penyuluhan Pertanian",
    "Budidaya Tanaman Pangan", "Penyuluhan Perikanan", "Konservasi Sumber Daya Alam",
    "Pengendalian Pencemaran Lingkungan", "Pengelolaan Sampah", "Penanggulangan Bencana",
    "Pemadaman Kebakaran", "Ketenteraman dan Ketertiban Umum", "Penegakan Peraturan Daerah",
    "Perizinan Berusaha", "Penanaman Modal", "Pengembangan Usaha Mikro", "Perlindungan Konsumen",
    "Metrologi Legal", "Pengujian Kendaraan Bermotor", "Keselamatan Lalu Lintas",
    "Perencanaan Tata Ruang", "Jalan dan Jembatan", "Bangunan Gedung Negara",
    "Penyediaan Air Minum", "Perumahan dan Permukiman", "Pertanahan dan Agraria",
    "Administrasi Kependudukan", "Pencatatan Sipil", "Pengelolaan Perpustakaan",
    "Literasi Informasi Publik", "Pelestarian Cagar Budaya", "Pengembangan Destinasi Wisata",
    "Pembinaan Kepemudaan", "Pembinaan Olahraga", "Rehabilitasi Sosial", "Jaminan Sosial",
    "Penyuluhan Keluarga Berencana", "Hubungan Industrial", "Keselamatan dan Kesehatan Kerja",
    "Penyusunan Peraturan Perundang-undangan", "Bantuan Hukum", "Legal Drafting",
    "Pengelolaan Kepegawaian", "Manajemen Talenta ASN", "Pengembangan Kompetensi ASN",
    "Sistem Merit", "Pengelolaan Gaji dan Tunjangan", "Pensiun dan Pemberhentian",
    "Bahasa Inggris untuk Aparatur", "Teknik Presentasi", "Negosiasi dan Lobi",
    "Protokol dan Keprotokolan", "Kerja Sama Daerah", "Pengelolaan Hibah dan Bantuan Sosial",
    "Statistik Sektoral", "Survei dan Sensus", "Penelitian Kebijakan", "Metodologi Penelitian",
    "Pengarusutamaan Gender", "Pelayanan Ramah Disabilitas", "Mitigasi Perubahan Iklim",
    "Ketahanan Pangan", "Pengawasan Obat dan Makanan", "Pengelolaan Barang Persediaan",
)
IT_TOPICS = (
    "Sistem Informasi Manajemen Kepegawaian", "Aplikasi SIASN", "Aplikasi SIMPEG",
    "Keamanan Siber bagi Aparatur", "Literasi Digital", "Transformasi Digital",
    "Implementasi SPBE", "Arsitektur SPBE", "Analisis Data dengan Microsoft Excel",
    "Microsoft Excel Tingkat Mahir", "Tata Kelola Data", "Satu Data Indonesia",
    "Visualisasi Data", "Pengelolaan Pusat Data", "Aplikasi Perkantoran Digital",
    "Aplikasi e-Kinerja", "Aplikasi SRIKANDI", "Aplikasi Dapodik", "Aplikasi SIPD",
    "Rekam Medis Elektronik dan Sistem Informasi Rumah Sakit", "E-Government",
    "Teknologi Informasi untuk Pelayanan Publik", "Pemrograman Komputer Dasar",
    "Jaringan Komputer", "Informatika Kesehatan", "Keamanan Informasi dan Data Pribadi",
    "Sistem Informasi Geografis", "Tanda Tangan Elektronik dan Aplikasi Layanan",
    "Pemasaran Digital UMKM", "Kecerdasan Buatan untuk Analisis Data",
)
QUALIFIERS = ("", " Tingkat Dasar", " Tingkat Lanjut", " Terapan")
ORGANISERS = (
    "LAN RI", "BKN", "BPSDM Provinsi", "Pusdiklat Instansi", "PPSDM Kemendagri",
    "Kemenkeu Corpu", "BPKP", "LKPP", "KemenPANRB", "BSSN", "Komdigi", "ANRI", "Perpusnas",
    "BPS", "Universitas Terbuka", "Balai Diklat Teknis", "Unit Kerja", "Instansi Pembina",
    "ASN Corpu", "Bappenas", "Kemenkes", "BGP Provinsi", "Kementan", "Politeknik STIA LAN",
)
ABROAD = ("Kuala Lumpur", "Singapura", "Bangkok", "Tokyo", "Seoul", "Canberra")


def _it_pattern() -> re.Pattern:
    words = reference.load("topik_ti").kata_kunci.str.replace("-", r"[- ]?", regex=False)
    return re.compile(rf"(?<![a-z])(?:{'|'.join(words)})(?![a-z])")


@dataclass(frozen=True)
class Catalog:
    """Activities and their sessions in the cycle year.

    Attributes
    ----------
    names, jenis : tuple of str
        Activity name and kind.
    it : numpy.ndarray of bool
        IT topic.
    cdf : numpy.ndarray of float
        Cumulative popularity (to draw the activity of a record).
    first_session, n_sessions : numpy.ndarray of int64
        Sessions of activity ``i`` are ``first_session[i]`` .. ``+ n_sessions[i] - 1``.
    start : numpy.ndarray of int64
        Start day of each session (days since 1970-01-01).
    text : pyarrow.BinaryArray
        cp1252 text of the activity columns, entry ``style * n_session + session``.
    n_styles : int
    """

    names: tuple[str, ...]
    jenis: tuple[str, ...]
    it: np.ndarray
    cdf: np.ndarray
    first_session: np.ndarray
    n_sessions: np.ndarray
    start: np.ndarray
    text: pa.Array
    n_styles: int

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Activity index of ``n`` records."""
        return np.minimum(np.searchsorted(self.cdf, rng.random(n), side="right"),
                          len(self.names) - 1)

    def session(self, rng: np.random.Generator, item: np.ndarray) -> np.ndarray:
        """A session of each record's activity."""
        pick = (rng.random(len(item)) * self.n_sessions[item]).astype(np.int64)
        return self.first_session[item] + pick

    def cells(self, session: np.ndarray, style: np.ndarray) -> pa.Array:
        """cp1252 text of the columns Nama Pelatihan .. Kode Program of each record."""
        return T.take(self.text, style * len(self.start) + session)


def _items(rng: np.random.Generator) -> list[tuple]:
    """(nama, jenis, bentuk, JP options, share without JP, days, weight, abroad) of each item."""
    it_re = _it_pattern()
    for topic in TOPICS:
        if it_re.search(topic.lower()):
            raise ValueError(f"non-IT topic holds an IT keyword: {topic}")
    for topic in IT_TOPICS:
        if not it_re.search(topic.lower()):
            raise ValueError(f"IT topic without an IT keyword: {topic}")
    fixed = [(n, j, b, jp, 0.0, d, w, False) for n, j, b, jp, d, w in FIXED]
    n_free = N_ITEMS - len(fixed)
    n_it = round(IT_SHARE * N_ITEMS)
    chosen = []
    for topics, count in ((IT_TOPICS, n_it), (TOPICS, n_free - n_it)):
        combos = [(f, t, q) for f in range(len(FORMS)) for t in range(len(topics))
                  for q in range(len(QUALIFIERS))]
        order = rng.permutation(len(combos))[:count]
        chosen += [(topics, *combos[i]) for i in np.sort(order)]
    items = []
    weights = rng.lognormal(0.0, 1.0, len(chosen))
    for (topics, f, t, q), w in zip(chosen, weights, strict=True):
        jenis, bentuk, heads, jp, p_no_jp, days, form_w = FORMS[f]
        head = heads[(t + q) % len(heads)]
        abroad = jenis in ("Seminar", "Workshop") and (t * 7 + q) % 40 == 0
        name = f"{head} {topics[t]}{QUALIFIERS[q]}"
        if abroad:
            name += f" ({ABROAD[t % len(ABROAD)]})"
        items.append((name, jenis, bentuk, jp, p_no_jp, days, form_w * w, abroad))
    return fixed + items


def build(rng: np.random.Generator, siklus: int, expected_records: float) -> Catalog:
    """Draw the catalogue and its sessions for ``siklus``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    siklus : int
        Cycle year (all sessions start and end in it).
    expected_records : float
        Expected number of pelatihan records (sets the number of sessions).

    Returns
    -------
    Catalog
    """
    items = _items(rng)
    weight = np.asarray([it[6] for it in items])
    p = weight / weight.sum()
    n_sess = np.clip(np.ceil(p * expected_records / SESSION_SIZE), 1, MAX_SESSIONS).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(n_sess)[:-1]])
    item_of = np.repeat(np.arange(len(items)), n_sess)
    m = len(item_of)
    lo = np.asarray([it[5][0] for it in items])[item_of]
    hi = np.asarray([it[5][1] for it in items])[item_of]
    days = rng.integers(lo, hi + 1)
    jan1 = np.datetime64(f"{siklus}-01-01")
    latest = (np.datetime64(f"{siklus}-12-31") - jan1).astype(np.int64) - days
    offset = (rng.random(m) * (latest - 6) + 6).astype(np.int64)  # from about 7 January
    start = np.busday_offset(jan1 + offset.astype("timedelta64[D]"), 0, roll="backward")
    end = start + (days - 1).astype("timedelta64[D]")
    # JP as stated (decimal comma), or empty for sessions that state none
    jp_values = sorted({float(v) for it in items for v in it[3]})
    jp_text = [f"{v:g}".replace(".", ",") for v in jp_values] + [""]
    jp_idx = np.empty(m, dtype=np.int64)
    org_idx = np.empty(m, dtype=np.int64)
    u, v = rng.random(m), rng.random(m)
    for k, it in enumerate(items):
        rows = slice(first[k], first[k] + n_sess[k])
        options = np.asarray([jp_values.index(float(x)) for x in it[3]])
        jp_idx[rows] = options[(u[rows] * len(options)).astype(np.int64)]
        jp_idx[rows] = np.where(v[rows] < it[4], len(jp_values), jp_idx[rows])
        org_idx[rows] = (k * 7 + np.arange(n_sess[k]) % 3) % len(ORGANISERS)
    lead = T.dictionary([f"{it[0]};{it[1]};{it[2]}" for it in items], "cp1252")
    place = np.asarray([it[7] for it in items], dtype=np.int64)[item_of]
    tail_abroad = T.dictionary([f"{o};Luar Negeri;" for o in ORGANISERS], "cp1252")
    tail_home = T.dictionary([f"{o};Dalam Negeri;" for o in ORGANISERS], "cp1252")
    org = T.take(pa.concat_arrays([tail_home, tail_abroad]), org_idx + place * len(ORGANISERS))
    jp = T.take(T.dictionary(jp_text, "cp1252"), jp_idx)
    head = T.take(lead, item_of)
    day0 = jan1.astype(np.int64)
    all_days = np.arange(day0, day0 + 366).astype("datetime64[D]")
    per_style = []
    for style in DATE_STYLES:
        dates = T.dictionary(list(format_dates(all_days, style)), "cp1252")
        s_txt = T.take(dates, start.astype(np.int64) - day0)
        e_txt = T.take(dates, end.astype(np.int64) - day0)
        per_style.append(T.concat(head, b";", s_txt, b";", e_txt, b";", jp, b";", org))
    it_re = _it_pattern()
    it_flags = np.asarray([bool(it_re.search(it[0].lower())) for it in items])
    return Catalog(
        names=tuple(it[0] for it in items),
        jenis=tuple(it[1] for it in items),
        it=it_flags,
        cdf=np.cumsum(p),
        first_session=first.astype(np.int64),
        n_sessions=n_sess,
        start=start.astype(np.int64),
        text=pa.concat_arrays(per_style),
        n_styles=len(DATE_STYLES),
    )


def style_probabilities() -> np.ndarray:
    """Probabilities of the date styles, in the order of the catalogue's text."""
    p = np.asarray(list(DATE_STYLES.values()))
    return p / p.sum()
