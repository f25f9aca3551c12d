"""SIASN riwayat records as their web service / exports write them (issue 20, items 6-8).

Small generated files in the real layouts (camelCase fields of rw_diklat, rw_kursus,
rw_skp22, rw_hukdis) are written in ``tmp_path``, read with the project's reader and cleaned.
Synthetic people only: NIPs are built from their parts at runtime.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from kompetensi import reference
from kompetensi.clean import clean_table
from kompetensi.clean.records import combine_ratings, leadership
from kompetensi.core.vocab import PREDIKAT_ORDER
from kompetensi.io import canonical_columns, header_key, read_raw

KEY = b"kunci-uji"
SIKLUS = 2025
NIP_A = "".join(["19850312", "201001", "1", "003"])
NIP_B = "".join(["19900101", "201503", "2", "011"])
NIP_C = "".join(["19791120", "200604", "1", "020"])


def _clean(tmp_path, table: str, header: list[str], rows: list[list[object]], **options):
    path = tmp_path / f"{table}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    raw = canonical_columns(read_raw(path, table), table)
    return clean_table(table, raw, path.name, siklus=SIKLUS, key=KEY, **options)


def _roster(tmp_path, ids: dict[str, str] | None = None):
    header = ["NIP BARU", "STATUS ASN", "GOLONGAN", "JENIS JABATAN", "JABATAN", "OPD",
              "PENDIDIKAN"]
    rows = [[n, "PNS", "III/a", "Pelaksana", "Pengadministrasi", "Dinas Kesehatan", "S-1"]
            for n in (NIP_A, NIP_B, NIP_C)]
    cleaned = _clean(tmp_path, "pegawai", header, rows)
    people = cleaned.people.copy()
    if ids is not None:  # the roster branch adds PNS ID; built by hand here
        people["pns_id"] = pd.Series(ids).reindex(people.index.astype(str)).to_numpy()
    return cleaned, people


def test_header_keys_split_camel_case():
    assert [header_key(h) for h in ("jumlahJam", "nipBaru", "pnsDinilaiId", "NIP BARU",
                                    "latihanStrukturalNama")] == [
        "jumlah jam", "nip baru", "pns dinilai id", "nip baru", "latihan struktural nama"]


def test_rw_diklat_without_kind_and_dates_gets_kind_and_rule_jp(tmp_path):
    roster, _ = _roster(tmp_path)
    header = ["nipBaru", "latihanStrukturalNama", "nomor", "tanggal", "tahun", "jumlahJam",
              "tanggalSelesai", "institusiPenyelenggara"]
    rows = [
        [NIP_A, "Pelatihan Kepemimpinan Pengawas", "SERT-1", "", "2025", "", "", "BPSDMD"],
        [NIP_B, "Diklat PIM Tk. IV", "SERT-2", "", "2025", "0", "", "BPSDMD"],
        [NIP_C, "Latsar CPNS Golongan III", "SERT-3", "03-02-2025", "2025", "",
         "30-05-2025", "BPSDMD"],
        [NIP_C, "PKN Tingkat II", "SERT-4", "", "2025", "", "", "LAN"],
        [NIP_A, "Diklat teknis tanpa tahun", "SERT-5", "", "", "40", "", "BPSDMD"],
    ]
    out = _clean(tmp_path, "pelatihan", header, rows, roster=roster.data["pid"],
                 people=roster.people)
    assert out.rejects["alasan"].tolist() == ["tanggal"]  # neither date nor year
    data = out.data
    assert data["jenis"].astype(str).tolist() == [
        "Pelatihan Kepemimpinan Pengawas", "Diklatpim IV", "Latsar CPNS",
        "Pelatihan Kepemimpinan Nasional Tingkat II"]
    # empty (or 0) hours: the rule's JP; PKN's JP was not found: nothing is made up
    assert data["jp"].astype(object).where(data["jp"].notna(), None).tolist() == [
        830.0, 830.0, 1141.0, None]
    # a year only: 1 January of that year, one day (A-JP-11)
    assert data["tanggal_mulai"].iloc[0] == pd.Timestamp("2025-01-01")
    assert data["hari"].tolist()[:2] == [1, 1]
    assert data["tanggal_mulai"].iloc[2] == pd.Timestamp("2025-02-03")
    assert out.n_in == out.n_kept_rows + out.n_rejected + out.n_duplicates


def test_rw_kursus_camel_case_and_hour_columns(tmp_path):
    roster, _ = _roster(tmp_path)
    header = ["nipBaru", "jenisKursusNama", "namaKursus", "jumlahJam", "tahunKursus",
              "tanggalKursus", "tanggalSelesaiKursus", "institusiPenyelenggara",
              "jenisDiklatId"]
    rows = [[NIP_A, "Kursus", "Kursus Bahasa Inggris", "24", "2025", "10-03-2025",
             "12-03-2025", "LPK", "3"],
            [NIP_B, "Seminar", "Seminar Nasional SPBE", "", "2025", "", "", "Kominfo", "5"]]
    out = _clean(tmp_path, "pelatihan", header, rows, roster=roster.data["pid"])
    assert out.rejects.empty
    assert out.data["jenis"].astype(str).tolist() == ["Kursus", "Seminar"]
    assert out.data["jp"].tolist()[0] == 24.0
    assert out.data["penyelenggara"].astype(str).tolist() == ["LPK", "Kominfo"]
    for hours in ("Jumlah Jam", "Jml Jam", "JPL", "Jumlah JP", "Jam Pelajaran"):
        again = _clean(tmp_path, "pelatihan", ["NIP", "Nama Pelatihan", "Tanggal Mulai", hours],
                       [[NIP_A, "Bimtek SIPD", "2 Mei 2025", "16"]],
                       roster=roster.data["pid"])
        assert again.data["jp"].tolist() == [16.0], hours


def test_leadership_names():
    names = pd.Series(["PKA", "Pelatihan Kepemimpinan Administrator Angkatan III",
                       "Diklatpim Tingkat III", "Diklat PIM II", "Pelatihan Dasar CPNS",
                       "Prajabatan Golongan II", "Diklat Struktural", "Pelatihan Dasar Excel"])
    assert leadership(names)["jenis"].astype(object).where(lambda s: s.notna(), None
                                                           ).tolist() == [
        "Pelatihan Kepemimpinan Administrator", "Pelatihan Kepemimpinan Administrator",
        "Diklatpim III", "Diklatpim II", "Latsar CPNS", "Prajabatan CPNS",
        "Pelatihan Kepemimpinan", None]


def _skp_header():
    return ["pnsDinilaiId", "nipBaru", "tahun", "periode", "hasilKinerja", "perilakuKerja",
            "kuadranKinerja", "hasilKinerjaNilai"]


def test_rw_skp22_predikat_from_kuadran_and_ratings(tmp_path):
    rows = [
        ["", NIP_A, "2024", "", "", "", "Sangat Baik", "3"],
        ["", NIP_B, "2024", "", "Di Atas Ekspektasi", "Sesuai Ekspektasi", "", "3"],
        ["", NIP_C, "2024", "", "Di Bawah Ekspektasi", "Di Atas Ekspektasi", "", "1"],
        ["", NIP_C, "2023", "", "DIATAS EKSPEKTASI", "Di Bawah Ekspektasi", "", ""],
        ["", NIP_A, "2023", "", "Sesuai", "", "", ""],  # one rating only: no predikat
    ]
    out = _clean(tmp_path, "kinerja", _skp_header(), rows)
    assert out.rejects["alasan"].tolist() == ["predikat"]
    # DOMAIN.md §3: behaviour as expected x results above -> Baik; behaviour above x
    # results below -> Butuh Perbaikan; behaviour below x results above -> Kurang
    assert out.data["predikat"].astype(str).tolist() == ["Sangat Baik", "Baik",
                                                         "Butuh Perbaikan", "Kurang"]


def _ratings(predikat, annual):
    return pd.DataFrame({"pid": ["a"] * len(predikat), "tahun": [2024] * len(predikat),
                         "nilai": [None] * len(predikat), "_tahunan": annual,
                         "predikat": pd.Categorical(predikat, categories=PREDIKAT_ORDER,
                                                    ordered=True)})


@pytest.mark.parametrize(("predikat", "annual", "expected"), [
    # an annual row wins whatever the periods say
    (["Sangat Kurang", "Baik", "Sangat Kurang"], [False, True, False], "Baik"),
    # four quarters: sorted SB, B, B, BP -> middle two B, B -> Baik
    (["Baik", "Sangat Baik", "Butuh Perbaikan", "Baik"], [False] * 4, "Baik"),
    # two periods: the lower median (never above half the periods)
    (["Sangat Baik", "Baik"], [False, False], "Baik"),
    # twelve months: 7 Baik, 5 Sangat Baik -> sorted middle (6th, 7th) are Baik, Baik
    (["Baik"] * 7 + ["Sangat Baik"] * 5, [False] * 12, "Baik"),
    # three months: Kurang, Baik, Sangat Baik -> Baik
    (["Kurang", "Sangat Baik", "Baik"], [False] * 3, "Baik"),
])
def test_periodic_ratings_combined_by_the_lower_median(predikat, annual, expected):
    out, combined = combine_ratings(_ratings(predikat, annual))
    assert out["predikat"].astype(str).tolist() == [expected]
    assert combined == len(predikat) - 1


def test_rule_of_combination_is_reference_data():
    rules = reference.load("rekap_skp").set_index("aturan")
    assert rules.loc["median_bawah", "dipakai"] == "1"
    assert set(rules.columns) >= {"status", "sumber"}


def test_rw_skp22_periodic_rows_linked_through_pns_id(tmp_path):
    roster, people = _roster(tmp_path, ids={NIP_A: "A5EB03E2-ID-1", NIP_B: "A5EB03E2-ID-2"})
    rows = [["A5EB03E2-ID-1", "", "2025", f"Triwulan {q}", "", "", k, ""]
            for q, k in zip(["I", "II", "III", "IV"],
                            ["Baik", "Sangat Baik", "Butuh Perbaikan", "Baik"], strict=True)]
    rows += [["A5EB03E2-ID-2", "", "2025", "Januari", "", "", "Baik", ""],
             ["A5EB03E2-ID-2", "", "2025", "Tahunan", "", "", "Sangat Baik", ""],
             ["TIDAK-ADA-99", "", "2025", "", "", "", "Baik", ""],
             ["", NIP_C, "2025", "", "", "", "Baik", ""]]
    out = _clean(tmp_path, "kinerja", _skp_header(), rows, people=people)
    assert out.rejects["alasan"].tolist() == ["pns_id_tidak_di_daftar"]
    assert "TIDAK-ADA-99" not in out.rejects["nilai"].tolist()  # masked like a NIP
    assert out.n_in == out.n_kept_rows + out.n_rejected + out.n_duplicates == 8
    assert out.n_combined == 4 and len(out.data) == out.n_kept_rows - out.n_combined == 3
    pid = dict(zip(roster.people.index.astype(str), roster.people["pid"], strict=True))
    got = dict(zip(out.data["pid"].astype(str), out.data["predikat"].astype(str),
                   strict=True))
    assert got == {pid[NIP_A]: "Baik", pid[NIP_B]: "Sangat Baik", pid[NIP_C]: "Baik"}


def test_pns_id_without_a_roster_id_column_is_rejected(tmp_path):
    _, people = _roster(tmp_path)  # roster without PNS ID
    out = _clean(tmp_path, "kinerja", _skp_header(),
                 [["A5EB03E2-ID-1", "", "2025", "", "", "", "Baik", ""]], people=people)
    assert out.rejects["alasan"].tolist() == ["pns_id_tidak_di_daftar"]


def test_rw_hukdis_pp53_and_pp94_names_codes_and_an_unreadable_sanction(tmp_path):
    header = ["nipBaru", "jenisHukumanNama", "jenisTingkatHukumanId", "hukumanTanggal",
              "nomorPp", "masaTahun"]
    rows = [
        [NIP_A, "Teguran Lisan", "", "12-03-2021", "53 Tahun 2010", ""],
        [NIP_A, "Penundaan Kenaikan Gaji Berkala selama 1 (satu) tahun", "", "01-06-2020",
         "53 Tahun 2010", "1"],
        [NIP_B, "Penurunan pangkat setingkat lebih rendah selama 3 (tiga) tahun", "",
         "01-06-2020", "53 Tahun 2010", "3"],
        [NIP_B, "Pemotongan Tunjangan Kinerja sebesar 25% selama 9 bulan", "", "05-05-2023",
         "94 Tahun 2021", ""],
        [NIP_C, "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", "",
         "10-10-2024", "94 Tahun 2021", ""],
        [NIP_C, "", "R", "11-11-2024", "94 Tahun 2021", ""],
        [NIP_A, "Penurunan pangkat", "", "02-02-2024", "", ""],  # length missing: unknown
    ]
    out = _clean(tmp_path, "disiplin", header, rows)
    assert out.n_rejected == 0 and len(out.data) == 7
    level = out.data["tingkat"].astype(object).where(out.data["tingkat"].notna(), None)
    assert level.tolist() == ["ringan", "sedang", "berat", "sedang", "berat", "ringan", None]
    cells = out.rejects.loc[out.rejects["cakupan"] == "sel"]
    assert cells[["alasan", "kolom", "nilai"]].values.tolist() == [
        ["tingkat_hukuman", "jenis_hukuman", "Penurunan pangkat"]]


def test_rw_hukdis_name_beats_code_and_an_annulled_sanction_is_no_sanction(tmp_path):
    """rw_hukdis writes ``jenisHukuman`` (a code) before ``jenisHukumanNama``: the name is
    read. A sanction with an annulment decree (``skPembatalanNomor``) is rejected as
    ``hukuman_dibatalkan``, never kept as a sanction (A-HD-3)."""
    header = ["nipBaru", "jenisHukuman", "jenisHukumanNama", "hukumanTanggal",
              "skPembatalanNomor"]
    rows = [[NIP_A, "05", "Pemotongan Tunjangan Kinerja sebesar 25% selama 6 bulan",
             "12-03-2024", ""],
            [NIP_B, "01", "Teguran Lisan", "01-06-2024", "800/12/BKPSDMD/2024"]]
    out = _clean(tmp_path, "disiplin", header, rows)
    assert out.data["tingkat"].tolist() == ["sedang"]
    rows_out = out.rejects.loc[out.rejects["cakupan"] == "baris"]
    assert rows_out["alasan"].tolist() == ["hukuman_dibatalkan"]


def test_every_new_reference_table_has_status_and_source():
    for name in ("pelatihan_kepemimpinan", "hukuman_disiplin", "predikat_skp", "rekap_skp",
                 "jpm_kategori", "konversi_jp"):
        table = reference.load(name)
        assert {"status", "sumber"} <= set(table.columns), name
        assert table["status"].isin(["C", "C2", "U"]).all(), name
        assert (table["sumber"].str.strip() != "").all(), name
    matrix = reference.load("predikat_skp")
    assert len(matrix) == 9 and not matrix.duplicated(["perilaku_kerja", "hasil_kinerja"]).any()


def test_check_warns_about_sanctions_of_unknown_level_and_counts_combined_rows():
    from kompetensi.processing import assess

    table = {"file": "disiplin.csv", "baris_masuk": 3, "disimpan": 3, "ditolak": 0,
             "duplikat": 0, "sel_tidak_valid": 1, "bukan_data": 0, "alasan": [],
             "tingkat_tak_terbaca": 1}
    facts = {"siklus": SIKLUS, "tabel": {"disiplin": table, "kinerja": {
        **table, "file": "kinerja.csv", "baris_masuk": 8, "disimpan": 8, "digabung": 4,
        "tingkat_tak_terbaca": 0, "sel_tidak_valid": 0}}, "tidak_ada": [],
        "di_luar_siklus": {}, "skp_tahun_siklus": 4, "unit_tidak_dikenal": []}
    verdict = assess(facts)
    assert verdict.ready
    assert any("1 hukuman disiplin dengan tingkat yang tidak dapat dibaca" in w
               for w in verdict.warnings)
    assert any("4 baris periodik digabung" in line for line in verdict.summary)
