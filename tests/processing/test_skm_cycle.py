"""The satisfaction survey in a cycle (issue 24): the three raw layouts of the spec (a Google
Form export with question texts, ``;`` and cp1252; a paper-form workbook typed in by staff
with title rows and the unit's own sums under the answers; a unit recap workbook with decimal
commas) read as part files, checked and built; an unmapped unit blocking the gate; the form's
identifiers dropped from the processed data and collected for the leak scan.

Respondents and their phone numbers and e-mail addresses are invented. Expected counts follow
from the rows written here: every raw row is kept, rejected or a duplicate.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import processing
from kompetensi.processing import identifiers
from kompetensi.processing.build import clean_cycle
from tests.clean.test_skm import QUESTIONS
from tests.corpus import base

DATASET = "survei"
PHONE = "081298765432"
EMAIL = "warga.uji@contoh.invalid"
NAME = "Sari Wulandari Uji"


def _form(folder, encoding="cp1252"):
    """A Google Form export: question texts, words, ';' separated, day-first time stamps."""
    header = ["Timestamp", "Nama Responden", "No HP/WA", "Email", "Unit Layanan",
              "Jenis Layanan yang diterima", "Jenis Kelamin", "Umur", "Pendidikan Terakhir",
              "Pekerjaan Utama", *[q for q, _ in QUESTIONS], "Kritik dan Saran"]
    words = ["Sangat Sesuai", "b. Kurang mudah", "Cepat", "Gratis", "Sesuai",
             "4 - Sangat kompeten", "Sopan dan ramah", "Baik", "Dikelola dengan baik"]
    rows = [
        ["12/03/2025 09:14:05", NAME, PHONE, EMAIL, "UPTD Puskesmas Gerunggang", "Poli Umum",
         "Perempuan", "25 tahun", "S1", "Wiraswasta", *words, "Ruang tunggu café sempit"],
        # the same response sent again two minutes later: a duplicate
        ["12/03/2025 09:16:10", NAME, PHONE, EMAIL, "UPTD Puskesmas Gerunggang", "Poli Umum",
         "Perempuan", "25 tahun", "S1", "Wiraswasta", *words, "Ruang tunggu café sempit"],
        ["13/03/2025 10:00:00", "", "", "", "PKM Gerunggang", "KIA", "L", "20-30", "SMA",
         "PNS", *[""] * 9, ""],  # nothing answered
        ["13/03/2025 11:00:00", "", "", "", "Disdukcapil", "KTP-el", "Laki-laki", "40", "D3",
         "Karyawan Swasta", "4", "3", "3", "4", "3", "3", "3", "Sangat Baik", "", ""],
    ]
    return base.write_csv(folder, "skm_google", base.Table(header, rows), sep=";",
                          encoding=encoding)


def _paper(folder, unit="Kel. Bukit Besar"):
    """A paper form typed in: title rows, U1-U9 as numbers or digit text, sums below."""
    header = ["No", "Tanggal", "Unit Pelayanan", "Jenis Layanan", "JK", "Usia", "Pendidikan",
              "Pekerjaan", *[f"U{k}" for k in range(1, 10)]]
    rows = [[1, "03/02/2025", unit, "Surat Pengantar", "P", 31, "SMA", "Lainnya",
             3, 3, 3, 4, 3, 3, 3, 3, 3],
            [2, "03/02/2025", unit, "Surat Pengantar", "L", 45, "S1", "PNS",
             "4", "3", "3", "4", "4", "3", "3", "2", "3"],
            [3, "04/02/2025", unit, "Surat Domisili", "L", 28, "SMA", "Wiraswasta",
             3, 3, 3, 4, 3, 3, 3, 3, 3]]
    table = base.Table(header, rows, above=[["REKAPITULASI KUESIONER SURVEI KEPUASAN "
                                             "MASYARAKAT"], ["TRIWULAN I TAHUN 2025"], []])
    table.below = [[None, None, "Jumlah Nilai per Unsur", None, None, None, None, None,
                    10, 10, 9, 12, 10, 9, 9, 8, 9],
                   [None, None, "NRR per Unsur", None, None, None, None, None,
                    3.33, 3.33, 3, 4, 3.33, 3, 3, 2.67, 3],
                   [None, None, "IKM Unit Pelayanan", None, None, None, None, None, 80.5],
                   [], [None, None, "Pangkalpinang, 5 April 2025"], [None, None, "Lurah"]]
    return base.write_xlsx(folder, "skm_kertas", table, sheet="Februari")


def _recap(folder):
    header = ["No", "Unit Pelayanan", "Periode", "Jumlah Responden", "Jumlah Penerima Layanan",
              *[f"NRR U{k}" for k in range(1, 10)], "IKM", "Mutu Pelayanan"]
    nrr = ["3,25", "3,10", "3,40", "4,00", "3,05", "3,30", "3,45", "2,95", "3,20"]
    rows = [[1, "RSUD Depati Hamzah", "Semester I 2025", "1.250", "15.400", *nrr, "82,45",
             "B (Baik)"],
            [2, "Dinas Sosial", "Semester I 2025", None, None, *[None] * 9, "79,10", "B"]]
    table = base.Table(header, rows, above=[["REKAP IKM UNIT LAYANAN KOTA PANGKALPINANG"], []])
    return base.write_xlsx(folder, "skm_rekap", table)


@pytest.fixture
def cycle(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    folder = root / DATASET / str(base.SIKLUS)
    (root / DATASET).mkdir(parents=True)
    (root / DATASET / "SINTETIS").write_text("uji sintetis\n", encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    base.write_base(folder)
    _form(folder)
    _paper(folder)
    _recap(folder)
    return folder


def test_three_layouts_cleaned_with_every_row_accounted(cycle):
    result = clean_cycle(DATASET, base.SIKLUS)
    skm, rekap = result["tables"]["skm"], result["tables"]["skm_rekap"]
    quality = result["kualitas"].set_index("tabel")
    # 4 form rows + 3 typed rows + 6 rows under the paper table (3 sums, 2 signature lines)
    assert quality.loc["skm", "baris_masuk"] == 4 + 3 + 5
    assert (quality.loc["skm", "disimpan"], quality.loc["skm", "duplikat"]) == (2 + 3, 1)
    assert quality.loc["skm", "ditolak"] == 1 + 5
    rejected = result["rejects"].loc[lambda r: r["tabel"] == "skm"]
    assert rejected.groupby("alasan").size().to_dict() == {
        "baris_olah_skm": 3, "baris_tanda_tangan": 2, "jawaban_kosong": 1}
    assert skm["unit"].astype("string").value_counts().to_dict() == {
        "Kelurahan Bukit Besar": 3, "Puskesmas Gerunggang": 1,
        "Dinas Kependudukan dan Pencatatan Sipil": 1}
    assert skm.set_index("unit")["opd"].to_dict()["Kelurahan Bukit Besar"] == "Kecamatan Girimaya"
    # the respondent's place, never a name: <file stem>:<sheet or ->:<row>
    assert skm["responden"].tolist()[:2] == ["skm_google:-:2", "skm_google:-:5"]
    assert skm["responden"].tolist()[2] == "skm_kertas:Februari:5"
    google = skm.iloc[0]
    assert [google[u] for u in ("u1", "u2", "u6", "u8", "u9")] == [4, 2, 4, 4, 3]
    assert (google["tanggal"], google["usia"], google["pekerjaan"]) == (
        pd.Timestamp("2025-03-12"), 25, "Wiraswasta/Usahawan")
    assert pd.isna(skm.iloc[1]["u8"]) and skm.iloc[1]["u9"] == 4  # a blank stays missing
    assert skm["tanggal"].dt.month.tolist()[2:] == [2, 2, 2]  # "03/02/2025": 3 February
    assert rekap["unit"].tolist() == ["Rumah Sakit Umum Daerah Depati Hamzah", "Dinas Sosial"]
    assert rekap["populasi"].tolist() == [15400, pd.NA] and rekap["ikm"].tolist() == [82.45,
                                                                                      79.1]
    facts = result["kesiapan"]["skm"]
    assert facts["skm"]["periode"] == {"2025": 5} and facts["skm_rekap"]["tanpa_responden"] == 1


def test_check_prints_the_survey_tables_and_is_ready(cycle):
    report = processing.check_raw(DATASET, [base.SIKLUS], max_rejected=0.2)  # 1 of 7 rows
    lines = report.lines()
    assert report.ok, lines
    text = "\n".join(lines)
    assert ("skm (skm_google.csv, skm_kertas.xlsx): 12 baris dibaca, 5 disimpan, 6 ditolak "
            "(50,0 %; 5 di antaranya bukan baris data") in text
    assert "file 'skm_kertas.xlsx' lembar 'Februari': 8 baris dibaca" in text
    assert "    skm: 3 unit layanan, 5 responden; periode 2025 (5)" in text
    assert "    skm_rekap: 2 unit layanan, 2 baris rekap; periode 2025-S1 (2)" in text
    assert "skm_rekap: 1 baris rekap tanpa jumlah responden" in text


def test_an_unmapped_unit_blocks_until_the_dataset_maps_it(cycle):
    (cycle / "skm_kertas.xlsx").unlink()
    _paper(cycle, unit="UPTD Pengelolaan Air Uji")
    blocking = processing.check_raw(DATASET, [base.SIKLUS], max_rejected=1.0).cycles[0].blocking
    assert any("skm: unit layanan 'Pengelolaan Air Uji' tidak dipetakan ke perangkat daerah "
               "(3 baris)" in b for b in blocking), blocking
    pd.DataFrame({"unor": ["UPTD Pengelolaan Air Uji"], "opd": ["Dinas Pekerjaan Umum dan "
                  "Penataan Ruang"]}).to_csv(cycle.parent / "unor_opd.csv", index=False)
    assert processing.check_raw(DATASET, [base.SIKLUS], max_rejected=1.0).ok


def test_a_cycle_without_survey_tables_is_ready_with_a_warning(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    folder = root / "tanpa" / str(base.SIKLUS)
    base.write_base(folder)
    (root / "tanpa" / "SINTETIS").write_text("uji sintetis\n", encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    report = processing.check_raw("tanpa", [base.SIKLUS])
    assert report.ok
    assert any("tabel 'skm' tidak ada" in w for w in report.warnings)
    assert any("tabel 'skm_rekap' tidak ada" in w for w in report.warnings)


def test_identifiers_dropped_and_collected_for_the_leak_scan(cycle):
    _form(cycle, encoding="utf-8")  # the UTF-8 variant of the same export
    built = processing.build_processed(DATASET, base.SIKLUS)
    stored = pd.read_parquet(built.folder / "skm.parquet")
    assert not {"nama", "nomor_hp", "email"} & set(stored.columns)
    text = stored.astype(str).to_csv() + pd.read_parquet(built.folder / "ditolak.parquet"
                                                          ).astype(str).to_csv()
    assert NAME not in text and PHONE not in text and EMAIL not in text
    found = identifiers.raw_identifiers(DATASET)
    assert NAME in found.names and EMAIL in found.emails
    assert any(PHONE[1:] in forms or PHONE in forms for forms in found.numbers["nomor_hp"])
