"""Header keys (camelCase of the SIASN web service, UPPERCASE of its CSV) and the dataset's own
header aliases in header detection (issue 20, items 1 and 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import io, reference
from kompetensi.core.errors import DataError
from tests.io.fixtures import write_csv, write_html, write_xlsx


@pytest.mark.parametrize(("name", "key"), [
    ("nipBaru", "nip baru"),
    ("jumlahJam", "jumlah jam"),
    ("tanggalSelesaiKursus", "tanggal selesai kursus"),
    ("institusiPenyelenggara", "institusi penyelenggara"),
    ("pnsDinilaiId", "pns dinilai id"),
    ("NIP BARU", "nip baru"),
    ("NIP_BARU", "nip baru"),
    ("Nama Pegawai", "nama pegawai"),
    ("\ufeffNIP", "nip"),
    ("Gol. / Ruang", "gol/ruang"),
    ("JPL", "jpl"),
])
def test_header_key(name, key):
    assert io.header_key(name) == key


def test_every_builtin_alias_keeps_its_key():
    """The aliases are written as keys: splitting camelCase changes none of them, and an
    alias in capitals (the SIASN CSV) has the same key."""
    aliases = reference.load("header_alias")["alias"]
    for alias in aliases:
        assert io.header_key(alias) == io.header_key(alias.lower()) == \
            io.header_key(alias.upper()), alias


def test_siasn_headers_map_without_an_alias_file():
    known = io.header_aliases("pegawai")
    assert known[io.header_key("NIP BARU")] == "nip"
    assert known[io.header_key("nipBaru")] == "nip"
    for header, column in [("NIK", "nik"), ("NOMOR HP", "nomor_hp"), ("EMAIL GOV", "email"),
                           ("NPWP NOMOR", "npwp"), ("GELAR DEPAN", "gelar_depan"),
                           ("PNS ID", "pns_id"), ("NIP LAMA", "nip_lama")]:
        assert known[io.header_key(header)] == column


# headers no built-in alias knows; the dataset's header_alias.csv names them
OWN = [["Nomor Pokok", "Sebutan", "Kelompok ASN", "Pangkat", "Rumpun Jabatan", "Posisi",
        "Satker", "Ijazah"]]
ALIASES = pd.DataFrame({
    "tabel": ["pegawai"] * 8,
    "kolom": ["nip", "nama", "status_asn", "golongan", "jenis_jabatan", "jabatan", "opd",
              "pendidikan"],
    "alias": ["nomor pokok", "sebutan", "kelompokAsn", "pangkat", "rumpun jabatan", "posisi",
              "satker", "ijazah"]})


def _rows():
    nip = "".join(["19800101", "200501", "1", "001"])
    return [["DAFTAR PEGAWAI"], [], *OWN,
            [nip, "Pegawai 1", "PNS", "III/a", "Pelaksana", "Pengadministrasi", "Dinas 1",
             "S-1"]]


@pytest.mark.parametrize("form", ["csv", "xlsx", "html"])
def test_the_dataset_aliases_find_the_header(tmp_path, form):
    writers = {"csv": lambda: write_csv(tmp_path / "pegawai.csv", _rows()),
               "xlsx": lambda: write_xlsx(tmp_path / "pegawai.xlsx", {"Data": _rows()}),
               "html": lambda: write_html(tmp_path / "pegawai.html", [_rows()])}
    path = writers[form]()
    with pytest.raises(DataError, match="judul kolom") as refused:
        io.read_raw(path, "pegawai")
    assert "pegawai." in str(refused.value)
    raw = io.read_raw(path, "pegawai", aliases=ALIASES)
    assert raw.header_row == 3 and len(raw.data) == 1
    data = io.canonical_columns(raw, "pegawai", ALIASES)
    assert {"nip", "nama", "status_asn", "opd"} <= set(data.columns)
    assert data["nama"].tolist() == ["Pegawai 1"]


def test_the_dataset_aliases_select_csv_columns(tmp_path):
    path = write_csv(tmp_path / "pegawai.csv", _rows())
    raw = io.read_raw(path, "pegawai", columns=("nip", "opd"), aliases=ALIASES)
    assert list(raw.data.columns) == ["Nomor Pokok", "Satker"]
