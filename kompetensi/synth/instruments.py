"""Survey instruments (item texts, dimensions, reverse-worded flags, loadings) and the AHP
criteria with the planted group weights."""

from __future__ import annotations

# Reaction survey (Kirkpatrick L1): (code, text, dimension, reverse-worded, loading)
REAKSI = (
    ("R01", "Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.", "Materi", 0, 0.85),
    ("R02", "Materi disusun secara runtut dan mudah dipahami.", "Materi", 0, 0.83),
    ("R03", "Materi pelatihan terlalu teoretis dan sulit diterapkan dalam pekerjaan.",
     "Materi", 1, 0.80),
    ("R04", "Modul dan bahan ajar yang dibagikan bermanfaat sebagai rujukan kerja.",
     "Materi", 0, 0.77),
    ("R05", "Fasilitator menguasai materi yang disampaikan.", "Fasilitator", 0, 0.81),
    ("R06", "Fasilitator memberi kesempatan bertanya dan berdiskusi.", "Fasilitator", 0, 0.78),
    ("R07", "Penjelasan fasilitator sering membingungkan.", "Fasilitator", 1, 0.73),
    ("R08", "Fasilitator menggunakan contoh yang relevan dengan tugas di instansi saya.",
     "Fasilitator", 0, 0.70),
    ("R09", "Jadwal pelatihan tersusun dengan baik dan dimulai tepat waktu.",
     "Penyelenggaraan", 0, 0.74),
    ("R10", "Ruang kelas dan perangkat komputer yang disediakan memadai.",
     "Penyelenggaraan", 0, 0.67),
    ("R11", "Koneksi internet selama pelatihan sering terganggu.", "Penyelenggaraan", 1, 0.60),
    ("R12", "Konsumsi dan layanan panitia tidak memuaskan.", "Penyelenggaraan", 1, 0.33),
)
# Cumulative probabilities of the answers 1..4 of a positively worded item (skewed to agree).
REAKSI_CUMULATIVE = (0.03, 0.10, 0.25, 0.70)
ALPHA_TARGET = {"Materi": 0.85, "Fasilitator": 0.80, "Penyelenggaraan": 0.62}

# Behaviour survey (Kirkpatrick L3), same form for self and supervisor: (code, text, dim, reverse)
PERILAKU = (
    ("P01", "Pegawai menggunakan aplikasi sistem informasi dalam pekerjaan sehari-hari.",
     "Penerapan", 0),
    ("P02", "Pegawai mengolah dan menyajikan data pekerjaan secara digital.", "Penerapan", 0),
    ("P03", "Pegawai masih lebih memilih cara manual walaupun tersedia aplikasi.", "Penerapan", 1),
    ("P04", "Pegawai menerapkan praktik keamanan data dan kata sandi yang baik.", "Penerapan", 0),
    ("P05", "Pegawai membagikan pengetahuan dari pelatihan kepada rekan kerja.",
     "Berbagi dan Inovasi", 0),
    ("P06", "Pegawai mengusulkan perbaikan proses kerja dengan memanfaatkan teknologi.",
     "Berbagi dan Inovasi", 0),
    ("P07", "Pegawai membantu rekan yang kesulitan menggunakan aplikasi.",
     "Berbagi dan Inovasi", 0),
    ("P08", "Pegawai jarang terlibat dalam inisiatif digitalisasi di unit kerjanya.",
     "Berbagi dan Inovasi", 1),
)
PERILAKU_MODEL = {
    "intercept": 3.45, "self_bias": 0.30, "behaviour_loading": 0.45, "rater_sd": 0.30,
    "dimension_sd": 0.25, "item_sd": 0.55, "gain_correlation_latent": 0.5,
    "response_rate_self": 0.75, "response_rate_supervisor": 0.65,
}

# AHP criteria and the planted weights of each stakeholder group (sum to 1).
KRITERIA = (
    "Literasi digital dan sistem informasi", "Pelayanan publik", "Kepemimpinan dan manajerial",
    "Teknis sektoral", "Integritas dan etika",
)
BOBOT = {
    "Akademisi": (0.22, 0.16, 0.34, 0.13, 0.15),
    "Praktisi": (0.36, 0.16, 0.14, 0.22, 0.12),
    "Masyarakat": (0.16, 0.38, 0.10, 0.12, 0.24),
}
RESPONDEN = {"Akademisi": ("AK", 12), "Praktisi": ("PR", 18), "Masyarakat": ("MS", 15)}
JUDGMENT_NOISE_SD = 0.25  # sd of the log-normal noise on w_a / w_b
INCONSISTENT = ("AK07", "PR04", "PR15", "MS11")  # answer at random, CR > 0.1
MISSING_PAIR = ("PR09", 6)  # respondent and pair index left unanswered
RANDOM_INDEX_N5 = 1.12  # Saaty (1980)
