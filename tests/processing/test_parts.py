"""A table split over several files (issue 20): SIASN ``rw_diklat`` and ``rw_kursus`` records
in camelCase, plus a workbook of two sheets, read as one ``pelatihan`` table.

Every rejected row names its file (and its sheet where a workbook has several) and its row
there; the facts list each file and sheet; read = kept + rejected + duplicates.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import cli, io, processing
from kompetensi.core.errors import DataError
from kompetensi.processing import build
from tests.corpus import base

DATASET = "bagian"
ALIASES = [  # the dataset's header_alias.csv: the SIASN web-service fields
    ("nama_pelatihan", "latihanStrukturalNama"), ("nama_pelatihan", "namaKursus"),
    ("jenis", "jenisDiklat"), ("jenis", "jenisKursusNama"), ("tanggal_mulai", "tanggal"),
    ("tanggal_mulai", "tanggalKursus"), ("tanggal_selesai", "tanggalSelesai"),
    ("tanggal_selesai", "tanggalSelesaiKursus"), ("jp", "jumlahJam"),
    ("penyelenggara", "institusiPenyelenggara"), ("tahun", "tahunKursus")]
DIKLAT = ["nipBaru", "latihanStrukturalNama", "jenisDiklat", "tanggal", "tanggalSelesai",
          "tahun", "jumlahJam", "institusiPenyelenggara"]
KURSUS = ["nipBaru", "namaKursus", "jenisKursusNama", "tanggalKursus", "tanggalSelesaiKursus",
          "tahunKursus", "jumlahJam", "institusiPenyelenggara"]


def _record(who: int, i: int, nip: str | None = None) -> list:
    day = f"{3 + i:02d}-0{1 + i % 9}-{base.SIKLUS}"
    end = f"{5 + i:02d}-0{1 + i % 9}-{base.SIKLUS}"
    return [nip or base.person_nip(who), f"Pelatihan Teknis {i}", "Pelatihan Teknis", day, end,
            base.SIKLUS, 24, "BKPSDMD"]


@pytest.fixture
def cycle(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    folder = root / DATASET / str(base.SIKLUS)
    folder.mkdir(parents=True)
    (root / DATASET / "SINTETIS").write_text("uji sintetis\n", encoding="utf-8")
    pd.DataFrame({"tabel": "pelatihan", "kolom": [k for k, _ in ALIASES],
                  "alias": [a for _, a in ALIASES]}).to_csv(
        root / DATASET / "header_alias.csv", index=False)
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    base.write_base(folder, skip="pelatihan")
    diklat = [_record(i, i) for i in range(5)]
    base.write_csv(folder, "pelatihan_diklat", base.Table(DIKLAT, diklat))
    kursus = [_record(i, 10 + i) for i in range(5, 10)]
    kursus[2] = _record(0, 12, nip=base.OUTSIDER)  # row 4 of the file: nobody on the roster
    kursus.append(list(diklat[0]))  # the same record exported in both files: a duplicate
    base.write_csv(folder, "pelatihan_kursus", base.Table(KURSUS, kursus))
    lms = base.pelatihan()
    first, second = lms.copy(), lms.copy()
    first.rows, second.rows = lms.rows[:3], lms.rows[3:6]
    second.rows[1][0] = base.OUTSIDER  # row 3 of sheet "Triwulan 2"
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, table in (("Triwulan 1", first), ("Triwulan 2", second)):
        sheet = book.create_sheet(name)
        for row in table.all_rows():
            sheet.append(row)
    book.save(folder / "pelatihan_lms.xlsx")
    return folder


def test_parts_of_a_table_are_read_as_one(cycle, capsys):
    files = io.raw_files(DATASET, base.SIKLUS)["pelatihan"]
    assert [p.name for p in files] == ["pelatihan_diklat.csv", "pelatihan_kursus.csv",
                                       "pelatihan_lms.xlsx"]
    result = processing.clean_cycle(DATASET, base.SIKLUS)
    facts = result["kesiapan"]["tabel"]["pelatihan"]
    assert facts["file"] == "pelatihan_diklat.csv, pelatihan_kursus.csv, pelatihan_lms.xlsx"
    assert (facts["baris_masuk"], facts["disimpan"], facts["ditolak"], facts["duplikat"]) == (
        17, 14, 2, 1)
    assert facts["baris_masuk"] == facts["disimpan"] + facts["ditolak"] + facts["duplikat"]
    rejects = result["rejects"].loc[(result["rejects"]["tabel"] == "pelatihan")
                                    & (result["rejects"]["cakupan"] == "baris")]
    assert sorted(rejects[["file", "baris", "alasan"]].values.tolist()) == [
        ["pelatihan_kursus.csv", 4, "tidak_di_daftar_pegawai"],
        ["pelatihan_lms.xlsx [Triwulan 2]", 3, "tidak_di_daftar_pegawai"]]
    assert [(s["file"], s["lembar"], s["baris"], s["ditolak"]) for s in facts["lembar"]] == [
        ("pelatihan_diklat.csv", None, 5, 0), ("pelatihan_kursus.csv", None, 6, 1),
        ("pelatihan_lms.xlsx", "Triwulan 1", 3, 0), ("pelatihan_lms.xlsx", "Triwulan 2", 3, 1)]
    assert facts["format"] == "csv, xlsx"
    names = result["tables"]["pelatihan"]["nama_pelatihan"].astype(str)
    assert {"Pelatihan Teknis 0", "Pelatihan Teknis 15", "Pelatihan Teknis 1"} <= set(names)
    # the roster, a single file, is named as before
    assert result["kesiapan"]["tabel"]["pegawai"]["file"] == "pegawai.xlsx"
    assert cli.main(["check", DATASET, "--siklus", str(base.SIKLUS)]) == 1  # 2 of 17 rejected
    out = capsys.readouterr().out
    assert "pelatihan (pelatihan_diklat.csv, pelatihan_kursus.csv, pelatihan_lms.xlsx): 17 " \
        "baris dibaca, 14 disimpan, 2 ditolak" in out
    assert "file 'pelatihan_kursus.csv': 6 baris dibaca (judul kolom di baris 1), 1 ditolak" \
        in out
    assert "file 'pelatihan_lms.xlsx' lembar 'Triwulan 2': 3 baris dibaca" in out
    assert "pelatihan_kursus.csv:4" in out and "pelatihan_lms.xlsx:Triwulan 2!3" in out


def test_every_part_is_an_input_of_the_build(cycle):
    hashes = build.input_hashes(DATASET, base.SIKLUS, key=b"k" * 32)
    assert {f"{DATASET}/{base.SIKLUS}/pelatihan_{p}" for p in ("diklat.csv", "kursus.csv",
                                                               "lms.xlsx")} <= set(hashes)


def test_a_part_without_a_header_is_refused_by_name(cycle):
    (cycle / "pelatihan_catatan.csv").write_text("catatan;isi\nsatu;dua\n", encoding="utf-8")
    with pytest.raises(DataError, match="judul kolom") as refused:
        processing.clean_cycle(DATASET, base.SIKLUS)
    assert "pelatihan_catatan.csv" in str(refused.value)


def test_a_part_without_a_required_column_is_refused_by_name(cycle):
    (cycle / "pelatihan_kurang.csv").write_text(
        f"nipBaru;namaKursus\n{base.person_nip(1)};Pelatihan X\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolom wajib") as refused:
        processing.clean_cycle(DATASET, base.SIKLUS)
    assert "pelatihan_kurang.csv" in str(refused.value)
