"""Damaged or unusable files: one DataError naming the file, what is wrong and what to do
(issue 19, part 3)."""

from __future__ import annotations

import zipfile

import pytest

from kompetensi import io
from kompetensi.core.errors import DataError
from tests.io.fixtures import roster, write_xlsx


def _error(path, table="pegawai") -> str:
    with pytest.raises(DataError) as caught:
        io.read_raw(path, table)
    assert path.name in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(("data", "fragment"), [
    (b"", "file kosong (0 byte)"),
    (b"  \r\n\t\r\n   ", "file kosong (hanya spasi"),
    (b"\xef\xbb\xbf\r\n", "file kosong (hanya spasi"),
])
def test_empty_files(tmp_path, data, fragment):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(data)
    assert fragment in _error(path)


@pytest.mark.parametrize(("data", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "dokumen PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "gambar PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "gambar JPEG"),
    (b"\x00\x01\x02\x03\x00\x00\x00\xff\x00\x10\x00\x00\x07", "berisi data biner yang tidak dikenal"),
])
def test_files_that_are_no_table_say_what_they_are(tmp_path, data, what):
    path = tmp_path / "pegawai.xls"
    path.write_bytes(data)
    message = _error(path)
    assert f"file ini {what}" in message and "ekspor ulang" in message


def test_zip_without_a_workbook(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.jpg", b"x")
        archive.writestr("daftar.txt", b"y")
    assert "arsip zip yang tidak berisi workbook (isi: daftar.txt, foto.jpg)" in _error(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
    assert "dokumen Word (.docx)" in _error(path)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_download(tmp_path, keep):
    full = write_xlsx(tmp_path / "full.xlsx", {"Data": roster(200)}).read_bytes()
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(full[:int(len(full) * keep)])
    message = _error(path)
    assert "rusak atau terpotong" in message and "unduh ulang file" in message


def test_corrupt_member(tmp_path):
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": roster(200)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20:start + 60] = bytes(40)  # the deflated sheet data overwritten
    path.write_bytes(bytes(data))
    message = _error(path)
    assert "rusak" in message and "unduh ulang file" in message


def test_password_protected_xlsx(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", {"Data": roster(2)})
    path = tmp_path / "pegawai.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE file, not a zip
    message = _error(path)
    assert "dilindungi kata sandi" in message and "hapus kata sandi" in message


def test_missing_required_column(tmp_path):
    path = write_xlsx(tmp_path / "pegawai.xlsx", {"Data": [r[:4] for r in roster(2)]})
    raw = io.read_raw(path, "pegawai")
    with pytest.raises(DataError, match="kolom wajib tidak ada: jenis_jabatan"):
        io.canonical_columns(raw, "pegawai")


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="tidak ditemukan"):
        io.read_raw(tmp_path / "pegawai.csv")
