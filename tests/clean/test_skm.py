"""Community satisfaction survey (SKM, issue 24): unit names and keys, answers, profile,
periods and recap numbers, and the two cleaners with their row accounting.

Expected values are hand-derived from the rules: the answer words 1-4 of each element are the
options a-d of the PermenPANRB 14/2017 Lampiran questionnaire (as reproduced in units'
questionnaires, e.g. Kantor Camat Ulu Manna, and e-SKM applications; reference/skm_jawaban.csv),
and the questionnaire asks facilities as question 8 and complaint handling as question 9 while
the regulation's list of elements has them as U9 and U8 (A-SKM-23). Respondents are invented.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi.clean import clean_table
from kompetensi.clean import skm_values as sv
from kompetensi.clean.skm import skm_duplicates
from kompetensi.core.unitnames import unit_key, unit_name
from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.io import canonical_columns, header_key, read_raw
from kompetensi.io.columns import pattern_column

KEY = b"kunci-uji"
SIKLUS = 2025
# the Lampiran questionnaire's questions in its own order (8 facilities, 9 complaints)
QUESTIONS = [
    ("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
     "pelayanannya?", "u1"),
    ("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?", "u2"),
    ("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?", "u3"),
    ("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?", "u4"),
    ("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
     "dalam standar pelayanan dengan hasil yang diberikan?", "u5"),
    ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?", "u6"),
    ("Bagaimana pendapat saudara perilaku petugas dalam pelayanan terkait kesopanan dan "
     "keramahan?", "u7"),
    ("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?", "u9"),
    ("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?", "u8"),
]


# ------------------------------------------------------------------------- unit names, keys
def test_a_roster_unit_and_its_skm_spellings_share_one_key():
    roster = unit_key(pd.Series(["Puskesmas Gerunggang", "Kelurahan Bukit Besar"]))
    skm = unit_key(pd.Series(["UPTD Puskesmas Gerunggang", "PKM Gerunggang",
                              "UPT. PUSKESMAS GERUNGGANG", "Kantor Kelurahan Bukit Besar",
                              "Kel. Bukit Besar"]))
    assert skm.tolist() == [roster[0]] * 3 + [roster[1]] * 2
    assert unit_name(pd.Series(["KANTOR KELURAHAN AIR ITAM"])).tolist() == [
        "Kelurahan Air Itam"]


def test_an_opd_level_unit_is_the_canonical_opd():
    names = unit_name(pd.Series(["Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil",
                                 "DPMPTSP", "RSUD", "Kantor Camat Gerunggang",
                                 "Dinas Perhubungan Kota Pangkalpinang"]))
    assert names.tolist() == [
        "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Rumah Sakit Umum Daerah Depati Hamzah", "Kecamatan Gerunggang", "Dinas Perhubungan"]
    # the key of an OPD-level unit is the key of the roster's OPD name
    assert unit_key(pd.Series(["Disdukcapil"]))[0] == unit_key(pd.Series(
        ["Dinas Kependudukan dan Pencatatan Sipil"]))[0]


def test_unit_key_is_idempotent_and_a_dataset_list_replaces_the_citys():
    values = pd.Series(["UPTD PKM Selindung", "SD NEGERI 3 PANGKALPINANG", None])
    assert unit_key(unit_name(values)).tolist() == unit_key(values).tolist()
    assert unit_name(values).tolist() == ["Puskesmas Selindung", "SD Negeri 3 Pangkalpinang",
                                          pd.NA]
    own = pd.DataFrame({"opd": ["Badan Pusat Uji"], "singkatan": ["BPU"]})
    assert unit_name(pd.Series(["BPU", "Disdukcapil"]), own).tolist() == [
        "Badan Pusat Uji", "Disdukcapil"]


# ---------------------------------------------------------------------------- headers
def test_question_texts_and_codes_are_read_as_elements():
    assert [pattern_column(header_key(q), "skm") for q, _ in QUESTIONS] == [
        u for _, u in QUESTIONS]
    # a free-text column, Google's time stamp and weighted values are no element
    for header in ("Kritik dan Saran", "Saran dan masukan", "Stempel waktu",
                   "NRR Tertimbang U1", "Saran dan pengaduan"):
        assert pattern_column(header_key(header), "skm") is None, header
    assert pattern_column("nrr sarana dan prasarana", "skm_rekap") == "nrr_u9"


# ---------------------------------------------------------------------------- values
@pytest.mark.parametrize("unsur, values, expected", [
    ("u1", ["Sangat Sesuai", "sangat  sesuai.", "b. Kurang sesuai", "(c) Sesuai", "1",
            4, 2.0, "4 (Sangat Sesuai)", "d"], [4, 4, 2, 3, 1, 4, 2, 4, 4]),
    ("u4", ["Gratis", "Sangat mahal", "Cukup Mahal", "Murah"], [4, 1, 2, 3]),
    ("u6", ["4 - Sangat kompeten", "Tidak Kompeten"], [4, 1]),
    ("u7", ["Sopan dan Ramah", "Kurang sopan dan kurang ramah"], [3, 2]),
    ("u8", ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
            "Dikelola dengan baik"], [1, 2, 3, 4]),
    ("u9", ["Buruk", "Cukup", "Baik", "Sangat Baik"], [1, 2, 3, 4]),
])
def test_answers_of_each_element(unsur, values, expected):
    assert sv.parse_skm_answer(pd.Series(values, dtype=object), unsur).tolist() == expected


def test_unreadable_and_contradictory_answers_are_missing():
    values = pd.Series(["5", "0", "4 - Tidak sesuai", "Baik", "e", None, ""], dtype=object)
    assert sv.parse_skm_answer(values, "u1").isna().all()
    foreign = sv.other_element_word(pd.Series(["Baik", "Ngawur", "Tidak ada"]), "u8")
    assert foreign.tolist() == [True, False, False]


def test_profile_values():
    assert sv.parse_usia(pd.Series(["25 tahun", "25 th", 40, "20-30", "< 20", "di atas 60",
                                    "150", "x"])).tolist() == [25, 25, 40] + [pd.NA] * 5
    assert sv.normalize_pekerjaan(pd.Series(["TNI", "PPPK", "Wirausaha", "Pegawai Swasta",
                                             "Siswa", "Petani", "Dokter"])).tolist() == [
        "PNS/TNI/POLRI", "PNS/TNI/POLRI", "Wiraswasta/Usahawan", "Pegawai Swasta",
        "Pelajar/Mahasiswa", "Lainnya", "Lainnya"]
    assert sv.normalize_pendidikan_skm(pd.Series(["SMK", "S-1/Sarjana", "D1/D2/D3",
                                                  "Tidak sekolah"])).tolist() == [
        "SMA", "S1/D4", pd.NA, pd.NA]


def test_survey_times_day_first_unless_the_column_is_month_first():
    indonesian = sv.parse_waktu(pd.Series(["03/04/2025 09:00:00", "2025-04-05 10:00:00"]))
    assert indonesian.dt.month.tolist() == [4, 4] and indonesian.dt.day.tolist() == [3, 5]
    english = sv.parse_waktu(pd.Series(["4/13/2025 9:00:00 AM", "4/3/2025 1:05:00 PM"]))
    assert english.dt.day.tolist() == [13, 3] and english.dt.hour.tolist() == [9, 13]


def test_periods_and_recap_numbers():
    periods = sv.parse_periode(pd.Series(["Semester I 2025", "Semester II Tahun 2025", "2025",
                                          "Tahun 2025", "Triwulan II 2025", "TW IV 2025",
                                          "2025-S2", "Juli - Desember 2025", 2025]), 2024)
    assert periods.tolist() == ["2025-S1", "2025-S2", "2025", "2025", "2025-T2", "2025-T4",
                                "2025-S2", "2025-S2", "2025"]
    assert sv.parse_count(pd.Series(["1.250", "310", 88, "12,5"])).tolist() == [
        1250, 310, 88, pd.NA]
    assert sv.parse_mutu(pd.Series(["B", "B (Baik)", "A (Sangat Baik)", "Tidak Baik",
                                    "B (Kurang Baik)"])).tolist() == ["B", "B", "A", "D",
                                                                     pd.NA]


# ---------------------------------------------------------------------------- cleaners
def _raw(rows: list[dict], start: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame(rows).astype(object)
    frame.index = pd.RangeIndex(start, start + len(frame), name="baris")
    return frame


def _answers(*values) -> dict:
    return dict(zip(SKM_UNSUR, values, strict=True))


def _check_accounting(cleaned):
    assert cleaned.n_in == cleaned.n_kept_rows + cleaned.n_rejected + cleaned.n_duplicates
    assert len(cleaned.data) == cleaned.n_kept_rows


def test_skm_rows_kept_rejected_or_blank_answers_missing():
    rows = [
        {"unit": "PKM Gerunggang", **_answers(4, 3, "", 4, 3, 3, 3, 4, 3)},  # one blank: kept
        {"unit": "PKM Gerunggang", **_answers(*[""] * 9)},  # nothing answered
        {"unit": "PKM Gerunggang", **_answers(4, 3, "7", 4, 3, 3, 3, 4, 3)},  # unreadable u3
        {"unit": "", **_answers(*[4] * 9)},  # no unit
        {"unit": "Bidang Antah Berantah", **_answers(*[4] * 9)},  # no OPD
        {"unit": "Disdukcapil", **_answers(*[3] * 9)},
    ]
    cleaned = clean_table("skm", _raw(rows), "skm.csv", siklus=SIKLUS, key=KEY)
    _check_accounting(cleaned)
    data = cleaned.data
    assert data["unit"].tolist() == ["Puskesmas Gerunggang",
                                     "Dinas Kependudukan dan Pencatatan Sipil"]
    assert data["opd"].tolist() == ["Dinas Kesehatan", "Dinas Kependudukan dan Pencatatan Sipil"]
    assert data["u3"].isna().tolist() == [True, False] and str(data["u1"].dtype) == "Int8"
    assert data["periode"].tolist() == ["2025", "2025"]  # no period, no date: the cycle year
    assert data["responden"].tolist() == ["skm:-:2", "skm:-:7"]
    rejected = cleaned.rejects.set_index("baris")
    assert rejected["alasan"].to_dict() == {3: "jawaban_kosong", 4: "jawaban_skm",
                                            5: "unit_kosong", 6: "unit_tidak_dipetakan"}
    assert rejected.loc[4, "kolom"] == "u3" and rejected.loc[4, "nilai"] == "7"
    assert rejected.loc[6, "nilai"] == "Bidang Antah Berantah"


def test_unreadable_profile_cells_are_missing_and_listed():
    rows = [{"unit": "Puskesmas Taman Sari", "jenis_kelamin": "X", "usia": "20-30",
             "pendidikan": "S1", "pekerjaan": "Nelayan", **_answers(*[4] * 9)}]
    cleaned = clean_table("skm", _raw(rows), "skm.csv", siklus=SIKLUS, key=KEY)
    assert cleaned.n_kept_rows == 1 and cleaned.n_rejected == 0
    row = cleaned.data.iloc[0]
    assert pd.isna(row["jenis_kelamin"]) and pd.isna(row["usia"])
    assert row["pendidikan"] == "S1/D4" and row["pekerjaan"] == "Lainnya"
    cells = cleaned.rejects
    assert set(cells["cakupan"]) == {"sel"}
    assert dict(zip(cells["kolom"], cells["alasan"], strict=True)) == {
        "jenis_kelamin": "jenis_kelamin", "usia": "usia"}


def test_a_response_sent_twice_is_one_duplicate():
    base = {"unit": "PKM Gerunggang", **_answers(*[4] * 9)}
    rows = [
        {**base, "timestamp": "12/03/2025 09:14:05"},
        {**base, "timestamp": "12/03/2025 09:19:00"},  # 5 minutes later: sent twice
        {**base, "timestamp": "12/03/2025 13:00:00"},  # hours later: another respondent
        {**base, "timestamp": "12/03/2025 13:30:00", "nama": "Ani Lestari Uji"},
        {**base, "timestamp": "14/03/2025 08:00:00", "nama": "Ani Lestari Uji"},  # same person
    ]
    raw = _raw(rows)
    assert skm_duplicates("skm", raw).tolist() == [False, True, False, False, True]
    cleaned = clean_table("skm", raw, "skm.csv", siklus=SIKLUS, key=KEY)
    _check_accounting(cleaned)
    assert cleaned.n_duplicates == 2 and cleaned.n_kept_rows == 3
    assert "nama" not in cleaned.data.columns


def test_equal_answers_of_a_paper_form_are_different_people_unless_numbered_alike():
    base = {"unit": "PKM Gerunggang", "tanggal": "12/03/2025", **_answers(*[3] * 9)}
    rows = [{**base, "no": 1}, {**base, "no": 2}, {**base, "no": 2}, {**base, "no": 3}]
    assert skm_duplicates("skm", _raw(rows)).tolist() == [False, False, True, False]
    no_numbers = [dict(base), dict(base)]
    assert not skm_duplicates("skm", _raw(no_numbers)).any()


def _recap(tmp_path, rows: list[list[object]]):
    header = ["No", "Unit Pelayanan", "Periode", "Jumlah Responden", "Jumlah Populasi",
              *[f"NRR U{k}" for k in range(1, 10)], "IKM", "Mutu Pelayanan"]
    path = tmp_path / "skm_rekap.csv"
    lines = [";".join(header)] + [";".join("" if v is None else str(v) for v in r)
                                  for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = canonical_columns(read_raw(path, "skm_rekap"), "skm_rekap")
    return clean_table("skm_rekap", raw, path.name, siklus=SIKLUS, key=KEY)


def test_recap_numbers_with_decimal_commas_and_its_rejects(tmp_path):
    nrr = ["3,25", "3,10", "3,40", "4,00", "3,05", "3,30", "3,45", "2,95", "3,20"]
    rows = [
        [1, "UPTD Puskesmas Gerunggang", "Semester I 2025", "1.250", "310", *nrr, "82,45",
         "B (Baik)"],
        [2, "Disdukcapil", "Tahun 2025", "", "", *[""] * 9, "88,31", "A"],  # IKM only
        [3, "Puskesmas Gerunggang", "Semester I 2025", 50, 400, *nrr, "80", "B"],  # again
        [4, "DPMPTSP", "2025", 40, 100, *nrr, "3,30", "B"],  # IKM before conversion
        [5, "Dishub", "2025", 40, 100, "5,2", *nrr[1:], "80", "B"],  # NRR above 4
        [6, "Dinsos", "2025", 40, 100, *[""] * 9, "", "B"],  # no value
        [7, "Kecamatan Gabek", "Musim Hujan", 40, 100, *nrr, "80", "B"],  # period unread
        [8, "Jumlah", "", "1.380", "", *[""] * 9, "83,1", ""],  # a total under the table
    ]
    cleaned = _recap(tmp_path, rows)
    _check_accounting(cleaned)
    data = cleaned.data
    assert data["unit"].tolist() == ["Puskesmas Gerunggang",
                                     "Dinas Kependudukan dan Pencatatan Sipil"]
    first = data.iloc[0]
    assert (first["periode"], first["responden"], first["populasi"]) == ("2025-S1", 1250, 310)
    assert first["nrr_u1"] == pytest.approx(3.25) and first["ikm"] == pytest.approx(82.45)
    assert data["mutu"].tolist() == ["B", "A"] and pd.isna(data.iloc[1]["responden"])
    assert str(data["nrr_u1"].dtype) == "float64"
    reasons = cleaned.rejects.set_index("baris")["alasan"].to_dict()
    assert reasons == {4: "rekap_ganda", 5: "ikm_di_luar_rentang", 6: "nrr_di_luar_rentang",
                       7: "rekap_tanpa_nilai", 8: "periode", 9: "baris_olah_skm"}


def test_rows_prepared_and_left_empty_are_layout_not_blank_responses():
    rows = [
        {"no": 1, "unit": "Kelurahan Bacang", "jenis_kelamin": "P", **_answers(*[3] * 9)},
        {"no": 2, "unit": "Kelurahan Bacang", "jenis_kelamin": "", **_answers(*[""] * 9)},
        {"no": 3, "unit": "Kelurahan Bacang", "jenis_kelamin": "L", **_answers(*[""] * 9)},
        {"no": "Jumlah", "unit": "", "jenis_kelamin": "", **_answers(*[3] * 9)},
    ]
    cleaned = clean_table("skm", _raw(rows), "skm.xlsx", siklus=SIKLUS, key=KEY)
    _check_accounting(cleaned)
    assert cleaned.rejects.set_index("baris")["alasan"].to_dict() == {
        3: "baris_bernomor_kosong", 4: "jawaban_kosong", 5: "baris_olah_skm"}
    assert cleaned.data["opd"].tolist() == ["Kecamatan Bukit Intan"]
