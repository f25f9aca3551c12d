"""Reason codes of rejected rows (``ditolak.alasan``) with their Indonesian messages."""

from __future__ import annotations

REASONS: dict[str, str] = {
    "nip_kosong": "NIP kosong",
    "nip_format_ilmiah": "NIP dalam format angka ilmiah Excel (digit hilang, tidak dapat dipulihkan)",
    "nip_bukan_18_digit": "NIP tidak terdiri atas 18 digit",
    "nip_tanggal_lahir": "Tanggal lahir pada NIP (digit 1-8) tidak ada atau sebelum 1930",
    "nip_tmt": "Bulan TMT CPNS pada NIP (digit 13-14) bukan 01-12",
    "nip_pppk_tahun": "Tahun pengangkatan pada NI PPPK (digit 9-12) sebelum 2019 (PP 49/2018)",
    "nip_tmt_sebelum_umur": "TMT pada NIP sebelum pegawai berumur 18 tahun (PP 11/2017 Pasal 23)",
    "nip_tmt_lewat_umur": "TMT pada NIP lebih dari 65 tahun setelah tahun lahir",
    "nip_tmt_setelah_siklus": "TMT pada NIP sesudah tahun siklus (belum diangkat pada siklus ini)",
    "nip_jenis_kelamin": "Digit jenis kelamin pada NIP (digit 15) bukan 1 atau 2",
    "nip_nomor_urut": "Nomor urut pada NIP (digit 16-18) 000, nomor yang tidak diterbitkan",
    "nip_ganda": "NIP sama dengan baris lain yang isinya berbeda",
    "tidak_di_daftar_pegawai": "Pegawai tidak ada dalam daftar pegawai siklus ini",
    "pns_id_tidak_di_daftar": ("Baris tanpa NIP dengan PNS ID (SIASN) yang tidak ada di kolom PNS ID "
                               "daftar pegawai siklus ini"),
    "status_asn": "Status ASN tidak dikenali (harus PNS, PPPK atau PPPK Paruh Waktu)",
    "kedudukan_hukum": ("Kedudukan hukum kosong atau tidak dikenali (lihat "
                        "reference/kedudukan_hukum.csv)"),
    "golongan": "Golongan/ruang tidak dikenali",
    "jenis_jabatan": "Jenis jabatan tidak dikenali",
    "jabatan_struktural_tanpa_eselon": ("Jabatan struktural tanpa eselon yang terbaca: jenis "
                                        "jabatan (JPT/Administrator/Pengawas) tidak dapat "
                                        "ditentukan"),
    "unit_tidak_dipetakan": ("Unit kerja tidak dipetakan ke perangkat daerah (nama unit di kolom "
                             "nilai; tambahkan ke unor_opd.csv dataset)"),
    "pendidikan": "Jenjang pendidikan tidak dikenali",
    "tanggal": "Tanggal tidak dapat dibaca",
    "jp": "Jumlah JP tidak valid (negatif atau bukan angka)",
    "nama_pelatihan": "Nama pelatihan kosong",
    "jenis_pelatihan": "Jenis pengembangan kompetensi kosong",
    "tanpa_jawaban": "Responden tidak menjawab satu butir pun",
    "kompetensi": "Nama kompetensi tidak dikenali",
    "level": "Level kompetensi di luar rentang 1-5",
    "predikat": "Predikat kinerja tidak dikenali (PermenPANRB 6/2022)",
    "tahun": "Tahun tidak valid",
    "hukuman_dibatalkan": ("Hukuman disiplin yang dibatalkan (ada nomor/tanggal SK pembatalan): "
                           "tidak dihitung sebagai hukuman"),
    "tingkat_hukuman": ("Tingkat hukuman disiplin tidak dikenali (PP 94/2021, PP 53/2010): "
                        "hukuman dicatat dengan tingkat kosong, skor disiplin IP ASN orang itu "
                        "tidak diketahui"),
    "jpm": "JPM tidak dapat dibaca (persen 20-100, atau proporsi 0,2-1)",
    "skor_di_luar_rentang": "Skor di luar rentang 0-100",
    "skor_kosong": "Skor kosong",
    "likert": "Jawaban bukan skala Likert 1-5",
    "penilai": "Peran penilai tidak dikenali (diri/atasan)",
    "program": "Program kosong",
    "penilaian_ahp": "Penilaian perbandingan berpasangan tidak dapat dibaca (skala Saaty 1-9)",
    "kriteria_sama": "Kriteria A dan B sama",
    "kelompok": "Kelompok responden kosong",
    "sel_lebih": ("Baris berisi lebih banyak sel daripada judul kolom (pemisah di dalam nilai "
                  "tanpa tanda kutip?): nilainya bergeser"),
    # community satisfaction survey (kompetensi.clean.skm)
    "unit_kosong": "Unit layanan kosong",
    "jawaban_kosong": "Responden SKM tidak menjawab satu pun dari sembilan unsur",
    "jawaban_skm": ("Jawaban unsur SKM tidak dapat dibaca (angka 1-4, huruf pilihan a-d atau kata "
                    "jawaban kuesioner PermenPANRB 14/2017; unsurnya di kolom)"),
    "jawaban_unsur_lain": ("Jawaban unsur SKM berupa kata jawaban unsur lain: kolom tertukar? "
                           "(kuesioner: 8 sarana prasarana, 9 pengaduan; daftar unsur: U8 "
                           "pengaduan, U9 sarana prasarana)"),
    "periode": ("Periode tidak dapat dibaca (tahun, Semester I/II atau Triwulan I-IV, mis. "
                "'Semester I 2025')"),
    "usia": ("Usia bukan bilangan tahun 10-100 (rentang umur seperti '20-30' tidak dibaca): "
             "usia dikosongkan"),
    "jenis_kelamin": "Jenis kelamin bukan L/P (Laki-laki/Perempuan): dikosongkan",
    "angka_rekap": ("Angka rekap SKM tidak dapat dibaca (jumlah responden/populasi bilangan "
                    "bulat; NRR dan IKM angka)"),
    "nrr_di_luar_rentang": "NRR unsur di luar rentang 1-4",
    "ikm_di_luar_rentang": ("IKM di luar rentang 25-100 (nilai konversi; IKM 1-4 sebelum "
                            "konversi dikalikan 25)"),
    "mutu": "Mutu pelayanan bukan A, B, C atau D (Sangat baik, Baik, Kurang baik, Tidak baik)",
    "rekap_tanpa_nilai": "Baris rekap SKM tanpa IKM dan tanpa NRR unsur",
    "rekap_ganda": "Rekap unit dan periode yang sama sudah ada di baris sebelumnya",
    # rows of the sheet's layout, not records (kompetensi.clean.layout)
    "baris_bernomor_kosong": "Baris bernomor tanpa isi (disiapkan untuk diisi)",
    "baris_jumlah": "Baris jumlah/total, bukan catatan pegawai",
    "baris_judul_kelompok": "Baris judul kelompok (satu sel terisi, tanpa NIP)",
    "baris_tanda_tangan": "Blok tanda tangan di bawah tabel",
    "baris_olah_skm": ("Baris olahan di bawah jawaban SKM (jumlah, NRR, IKM, mutu), bukan "
                       "jawaban responden"),
}


def message(code: str) -> str:
    """Indonesian message of a reason code."""
    return REASONS[code]
