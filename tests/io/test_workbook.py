"""Workbooks read whole: every sheet, every row, typed cells (issue 19, part 1)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kompetensi import io
from tests.io.fixtures import (
    HEADER,
    person,
    rewrite_member,
    roster,
    set_cell_xml,
    write_xls,
    write_xlsx,
)


def test_stale_dimension_does_not_cut_the_rows(tmp_path):
    """openpyxl read_only stops at <dimension ref="A1:F10">; the cells say 601 rows."""
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": roster(600)})
    rewrite_member(path, "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace('<dimension ref="A1:H601"/>',
                                           '<dimension ref="A1:F10"/>'))
    with __import__("zipfile").ZipFile(path) as archive:
        assert b'ref="A1:F10"' in archive.read("xl/worksheets/sheet1.xml")
    raw = io.read_raw(path, "pegawai")
    assert len(raw.data) == 600
    assert raw.data.index[-1] == 601
    assert raw.parts[0].n_rows == 600


def test_two_sheets_of_one_roster_are_concatenated_with_parts(tmp_path):
    pns = [["DAFTAR PNS"], [], *roster(3, "PNS")]
    pppk = [[h.lower() for h in HEADER], *[person(i, "PPPK") for i in range(10, 12)],
            [None] * 8, person(12, "PPPK")]
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"PNS": pns, "PPPK": pppk})
    raw = io.read_raw(path, "pegawai")
    assert [p.sheet for p in raw.parts] == ["PNS", "PPPK"]
    assert [(p.offset, p.header_row, p.n_rows, p.n_blank) for p in raw.parts] == [
        (0, 3, 3, 0), (io.SHEET_ROW_OFFSET, 1, 3, 1)]
    assert raw.data.index.tolist() == [4, 5, 6, io.SHEET_ROW_OFFSET + 2,
                                       io.SHEET_ROW_OFFSET + 3, io.SHEET_ROW_OFFSET + 5]
    assert list(raw.data.columns) == HEADER  # the first sheet's names
    assert raw.data["Status Pegawai"].tolist() == ["PNS"] * 3 + ["PPPK"] * 3
    assert raw.sheet == "PNS" and raw.header_row == 3 and raw.format == "xlsx"
    assert raw.sheet_of(raw.data.index).tolist() == ["PNS"] * 3 + ["PPPK"] * 3
    assert raw.location(io.SHEET_ROW_OFFSET + 5) == "PPPK!5"
    assert raw.location(4) == "PNS!4"
    assert io.canonical_columns(raw, "pegawai").nip.notna().all()


def test_cover_hidden_instruction_and_lookup_sheets_are_skipped(tmp_path):
    sheets = {
        "Cover": [["LAPORAN DATA PEGAWAI"], ["Pemerintah Kota Pangkalpinang"]],
        "Petunjuk Pengisian": [["1. Isi NIP 18 digit"], ["2. Pilih status dari daftar"]],
        "Arsip": roster(2),
        "Data": roster(4),
        "Referensi": [["Kode", "Golongan"], *[[i, g] for i, g in enumerate("ABCDE")]],
        "Kode Unit": [[f"U{i}", f"Unit {i}"] for i in range(8)],
    }
    path = write_xlsx(tmp_path / "pegawai.xlsx", sheets, hidden=("Arsip",))
    raw = io.read_raw(path, "pegawai")
    assert [p.sheet for p in raw.parts] == ["Data"]
    assert len(raw.data) == 4
    reasons = dict(raw.skipped)
    assert list(reasons) == ["Cover", "Petunjuk Pengisian", "Arsip", "Referensi", "Kode Unit"]
    assert reasons["Arsip"] == "sheet tersembunyi"
    assert reasons["Petunjuk Pengisian"] == "sheet petunjuk pengisian"
    assert reasons["Cover"] == "sheet sampul"
    assert reasons["Referensi"] == "sheet daftar referensi"
    assert reasons["Kode Unit"].startswith("daftar kode/referensi")


def test_table_sheet_is_chosen_by_content_not_position(tmp_path):
    sheets = {"Rekap": [["Rekapitulasi"], ["Jumlah", 5]],
              "Ringkas": [["NIP", "Nama Pegawai", "Unit Kerja"], *[p[:1] + p[1:2] + p[6:7]
                                                                  for p in roster(9)[1:]]],
              "Sheet2": roster(5),
              "pelatihan": [["NIP", "Nama Diklat", "Jumlah JP"], ["1", "A", 2]]}
    path = write_xlsx(tmp_path / "pegawai.xlsx", sheets)
    raw = io.read_raw(path, "pegawai")
    assert raw.sheet == "Sheet2" and len(raw.data) == 5
    reasons = dict(raw.skipped)
    assert reasons["Ringkas"] == "judul kolom berbeda dari sheet 'Sheet2' (tabel lain?)"
    assert reasons["pelatihan"].startswith("tanpa judul kolom tabel pegawai")
    other = io.read_raw(path, "pelatihan")
    assert other.sheet == "pelatihan" and other.data["Jumlah JP"].tolist() == [2]


def test_no_sheet_with_the_header_lists_the_sheets(tmp_path):
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Petunjuk": [["Isi sheet berikutnya"]],
                                                  "Lembar1": [["x", "y"], [1, 2]] * 8})
    with pytest.raises(io.readers.DataError) as caught:
        io.read_raw(path, "pegawai")
    message = str(caught.value)
    assert "pegawai.xlsx" in message and "header" in message
    assert "Petunjuk (sheet petunjuk pengisian)" in message and "Lembar1" in message


def test_merged_cells_are_filled_with_the_top_left_value(tmp_path):
    rows = roster(4)
    for row in rows[2:]:
        row[6] = None  # Unit Kerja merged over rows 2-5
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": rows}, merges={"Data": ["G2:G5"]})
    raw = io.read_raw(path, "pegawai")
    assert raw.data["Unit Kerja"].tolist() == ["Dinas 1"] * 4


def test_error_values_are_blanked_and_counted(tmp_path):
    rows = roster(3)
    rows[1][5] = "#N/A"  # an error stored as text (a pasted export)
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": rows})

    def errors(xml):
        xml = set_cell_xml(xml, "D3", '<c r="D3" t="e"><f>VLOOKUP(A3,X,2)</f><v>#REF!</v></c>')
        return set_cell_xml(xml, "E4", '<c r="E4" t="e"><v>#DIV/0!</v></c>')

    rewrite_member(path, "xl/worksheets/sheet1.xml", errors)
    raw = io.read_raw(path, "pegawai")
    assert raw.parts[0].n_errors == 3
    assert raw.data.loc[2, "Nama Jabatan"] is None
    assert raw.data.loc[3, "Gol/Ruang"] is None and raw.data.loc[4, "Jenis Jabatan"] is None
    assert raw.data.loc[4, "Gol/Ruang"] == "III/a"


def test_formulas_give_their_cached_values(tmp_path):
    rows = [HEADER + ["Masa Kerja"]] + [person(i) + ["?"] for i in range(1, 3)]
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": rows})
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: set_cell_xml(
        set_cell_xml(xml, "I2", '<c r="I2"><f>2025-1980</f><v>45</v></c>'),
        "I3", '<c r="I3" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>'))
    raw = io.read_raw(path, "pegawai")
    assert raw.data["Masa Kerja"].tolist() == [45, "ab"]
    assert type(raw.data["Masa Kerja"].iloc[0]) is int


def test_cells_keep_their_type(tmp_path):
    rows = [HEADER + ["TMT", "Lahir", "JP"]]
    rows.append(person(1) + [dt.datetime(2020, 3, 1, 8, 30), dt.date(1980, 1, 1), 24.5])
    rows.append(["007"] + person(2)[1:] + [None, None, 24])
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": rows})
    raw = io.read_raw(path, "pegawai")
    assert raw.data.loc[2, "TMT"] == dt.datetime(2020, 3, 1, 8, 30)
    assert pd.Timestamp(raw.data.loc[2, "Lahir"]) == pd.Timestamp("1980-01-01")
    assert raw.data["JP"].tolist() == [24.5, 24]
    assert raw.data.loc[3, "NIP"] == "007"  # a number stored as text stays text


def test_xls_biff_workbook(tmp_path):
    rows = roster(3)
    rows[1].append(dt.date(2021, 5, 4))
    path = write_xls(tmp_path / "pegawai.xls", {"Catatan": [["Catatan"]], "Data": rows,
                                                "Lama": roster(1)}, hidden=("Lama",))
    raw = io.read_raw(path, "pegawai")
    assert raw.format == "xls" and raw.sheet == "Data" and len(raw.data) == 3
    assert raw.data["NIP"].tolist() == [r[0] for r in rows[1:]]
    assert pd.Timestamp(raw.data.iloc[0, -1]) == pd.Timestamp("2021-05-04")
    assert ("Lama", "sheet tersembunyi") in raw.skipped


def test_ods_workbook(tmp_path):
    from tests.io.fixtures import write_ods

    rows = [["Judul"], *roster(2)]
    rows[2].append(3)
    path = write_ods(tmp_path / "pegawai.ods", {"Lembar": rows})
    raw = io.read_raw(path, "pegawai")
    assert raw.format == "ods" and raw.header_row == 2
    assert raw.data.index.tolist() == [3, 4]
    assert raw.data.iloc[0, -1] == 3 and raw.data.iloc[0, 0] == rows[2][0]
