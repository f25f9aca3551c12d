"""Every format an agency produces, read by content whatever the name (issue 19, part 2)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from kompetensi import io
from kompetensi.core.errors import DataError
from tests.io.fixtures import HEADER, roster, write_csv, write_html, write_xlsx

TITLE = [["DAFTAR PEGAWAI"], []]


@pytest.mark.parametrize(("encoding", "bom", "expected"), [
    ("utf-8", True, "utf-8-sig"),
    ("utf-16-le", True, "utf-16-le"),
    ("utf-16-be", True, "utf-16-be"),
    ("utf-16-le", False, "utf-16-le"),  # BOM-less: recognised by its NUL bytes
    ("utf-16-be", False, "utf-16-be"),
    ("cp1252", False, "cp1252"),
])
def test_csv_encodings(tmp_path, encoding, bom, expected):
    rows = TITLE + roster(3)
    rows[3][1] = "Andi Café – Ñ"
    path = write_csv(tmp_path / "pegawai.csv", rows, encoding, bom=bom)
    raw = io.read_raw(path, "pegawai")
    assert (raw.encoding, raw.sep, raw.format, raw.header_row) == (expected, ";", "csv", 3)
    assert raw.data.index.tolist() == [4, 5, 6]
    assert raw.data["Nama Pegawai"].iloc[0] == "Andi Café – Ñ"
    assert list(raw.data.columns) == HEADER
    assert isinstance(raw.data["NIP"].dtype, pd.CategoricalDtype)  # the pyarrow path
    assert raw.parts == (io.SheetPart(None, 0, 3, 3, 0, 0),)


@pytest.mark.parametrize("suffix", [".tsv", ".txt"])
def test_tab_separated(tmp_path, suffix):
    path = write_csv(tmp_path / f"pegawai{suffix}", roster(2), sep="\t")
    raw = io.read_raw(path, "pegawai")
    assert (raw.format, raw.sep) == ("tsv", "\t") and len(raw.data) == 2


def test_html_saved_as_xls(tmp_path):
    menu = [["Beranda", "Keluar"]]
    rows = roster(3)
    rows[1][0] = "'" + rows[1][0]
    rows[2][0] = "007"
    path = write_html(tmp_path / "pegawai.xls", [menu, TITLE + rows])
    raw = io.read_raw(path, "pegawai")
    assert raw.format == "html" and raw.sheet == "tabel 2" and raw.header_row == 3
    assert raw.data["NIP"].tolist()[1] == "007"  # text stays text
    assert raw.data.index.tolist() == [4, 5, 6]  # <tr> numbers: title, empty row, header
    assert raw.data["NIP"].tolist()[0].startswith("'")
    assert raw.skipped[0][0] == "tabel 1"
    assert raw.location(5) == "tabel 2!5"


def test_html_rowspan_and_colspan_are_filled(tmp_path):
    body = ("<table><tr><th>NIP</th><th>Nama Pegawai</th><th>Unit Kerja</th></tr>"
            "<tr><td>1</td><td>A</td><td rowspan=2>Dinas X</td></tr>"
            "<tr><td>2</td><td>B</td></tr>"
            "<tr><td colspan=2>3</td><td>Dinas Y</td></tr></table>")
    path = tmp_path / "pegawai.html"
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    raw = io.read_raw(path, "pegawai")
    assert raw.data["Unit Kerja"].tolist() == ["Dinas X", "Dinas X", "Dinas Y"]
    assert raw.data["Nama Pegawai"].tolist() == ["A", "B", "3"]


def test_content_decides_not_the_extension(tmp_path):
    xlsx = write_xlsx(tmp_path / "a.xlsx", {"Data": roster(2)})
    named_csv = tmp_path / "pegawai.csv"
    shutil.copy(xlsx, named_csv)
    assert io.read_raw(named_csv, "pegawai").format == "xlsx"
    csv_named_xlsx = write_csv(tmp_path / "pegawai.xlsx", roster(2))
    raw = io.read_raw(csv_named_xlsx, "pegawai")
    assert (raw.format, len(raw.data)) == ("csv", 2)
    html_named_xls = write_html(tmp_path / "pelatihan.xls", [roster(1)])
    assert io.read_raw(html_named_xls, "pegawai").format == "html"


def test_xlsm_and_sav(tmp_path):
    import pyreadstat

    xlsm = write_xlsx(tmp_path / "pegawai.xlsm", {"Data": roster(2)})
    from tests.io.fixtures import rewrite_member
    rewrite_member(xlsm, "[Content_Types].xml", lambda x: x.replace(
        "spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml"))
    assert io.read_raw(xlsm, "pegawai").format == "xlsm"
    frame = pd.DataFrame({"NIP": ["1", "2"], "Nama": ["a", ""]})
    pyreadstat.write_sav(frame, str(tmp_path / "x.sav"))
    shutil.copy(tmp_path / "x.sav", tmp_path / "pegawai.dat")
    raw = io.read_raw(tmp_path / "pegawai.dat")
    assert raw.format == "sav" and raw.data["NIP"].tolist() == ["1", "2"]
    assert raw.parts[0].n_rows == 2


def test_raw_files_and_unrecognised_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(tmp_path))
    folder = tmp_path / "uji" / "2025"
    folder.mkdir(parents=True)
    for name in ("pegawai.xls", "pelatihan.tsv", "kinerja.ods", "disiplin.html",
                 "survei_reaksi_kodebuku.csv", "README.txt", "catatan.md", ".DS_Store",
                 "~$pegawai.xls", "program.xlsx", "opd.csv", "Pegawai Mei.xlsx",
                 "asesmen.pdf", "Kinerja.csv", "data"):
        (folder / name).write_bytes(b"x")
    (folder / "lama").mkdir()
    assert {t: [p.name for p in ps] for t, ps in io.raw_files("uji", 2025).items()} == {
        "pegawai": ["pegawai.xls"], "pelatihan": ["pelatihan.tsv"], "kinerja": ["kinerja.ods"],
        "disiplin": ["disiplin.html"]}
    # parts of a table: <table>_<label>.<ext>; codebooks and side files are not parts
    for name in ("pelatihan_kursus.csv", "pelatihan_diklat.xlsx", "survei_reaksi_b.csv",
                 "survei_reaksi.csv", "unor_opd.csv", "header_alias.csv", "Pelatihan_X.csv"):
        (folder / name).write_bytes(b"x")
    files = io.raw_files("uji", 2025)
    assert [p.name for p in files["pelatihan"]] == [
        "pelatihan.tsv", "pelatihan_diklat.xlsx", "pelatihan_kursus.csv"]
    assert [p.name for p in files["survei_reaksi"]] == ["survei_reaksi.csv",
                                                        "survei_reaksi_b.csv"]
    found = dict(io.unrecognised_files("uji", 2025))
    assert found.pop("Pelatihan_X.csv").endswith("ganti nama menjadi pelatihan_x.csv")
    assert sorted(found) == ["Kinerja.csv", "Pegawai Mei.xlsx", "asesmen.pdf", "data", "lama"]
    assert found["asesmen.pdf"].startswith("jenis file tidak didukung (.pdf")
    assert found["data"].startswith("jenis file tidak didukung (tanpa ekstensi")
    assert found["Pegawai Mei.xlsx"].startswith("nama file bukan tabel yang dikenal (pegawai, ")
    assert found["Kinerja.csv"].endswith("ganti nama menjadi kinerja.csv")
    (folder / "pegawai.csv").write_bytes(b"x")
    with pytest.raises(DataError, match="dua file"):  # one export saved twice
        io.raw_files("uji", 2025)
