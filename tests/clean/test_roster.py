"""Roster values as SIASN writes them: statuses, kedudukan hukum, eselon, education, units."""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import reference
from kompetensi.clean import normalize_jenis_kelamin, normalize_pendidikan, normalize_status_asn
from kompetensi.clean.roster import (
    normalize_eselon,
    normalize_kedudukan,
    normalize_status_cpns,
    resolve_jenis_jabatan,
    resolve_status,
)
from kompetensi.clean.units import map_units, unit_map
from kompetensi.core.errors import DataError

NA = pd.NA


@pytest.mark.parametrize(("text", "level"), [
    ("S-1/Sarjana", "S1/D4"), ("Diploma IV", "S1/D4"), ("D-IV", "S1/D4"), ("D-III", "D3"),
    ("Diploma III", "D3"), ("Diploma III/Sarjana Muda", "D3"), ("Diploma II", "D2"),
    ("Diploma I", "D1"), ("SLTA", "SMA"), ("SLTA Kejuruan", "SMA"), ("SLTA Keguruan", "SMA"),
    ("S-2", "S2"), ("S-3/Doktor", "S3"), ("SLTP", "SMP"), ("SLTP Kejuruan", "SMP"),
    ("SD", "SD"), ("S1", "S1/D4"), ("Sarjana", "S1/D4"),
])
def test_pendidikan_as_siasn_writes_it(text, level):
    assert normalize_pendidikan(pd.Series([text])).iloc[0] == level


def test_jenis_kelamin_m_f():
    assert normalize_jenis_kelamin(pd.Series(["M", "F", "Laki-laki", "P"])).tolist() == [
        "L", "P", "L", "P"]


def test_status_three_values_and_status_cpns():
    values = ["PPPK Paruh Waktu", "PPPK PW", "P3K-PW", "PPPK", "PNS DAERAH KAB/KOTA", "CPNS",
              "Honorer"]
    assert normalize_status_asn(pd.Series(values)).tolist() == [
        "PPPK Paruh Waktu", "PPPK Paruh Waktu", "PPPK Paruh Waktu", "PPPK", "PNS", "PNS", NA]
    assert normalize_status_cpns(pd.Series(["P", "C", "", "X"])).tolist() == [
        "PNS", "PNS", NA, NA]


def test_status_from_columns_then_the_number():
    raw = pd.DataFrame({"status_asn": [None, None, None, "PPPK", "Honorer", None],
                        "jenis_pegawai": [None, "PPPK Paruh Waktu", None, "PPPK Paruh Waktu",
                                          None, None],
                        "status_cpns": ["C", None, None, None, None, None]}, dtype="string")
    kind = pd.Series(["PNS", "PPPK", "PPPK", "PPPK", "PNS", None])
    status, unreadable = resolve_status(raw, kind)
    assert status.tolist() == ["PNS", "PPPK Paruh Waktu", "PPPK", "PPPK Paruh Waktu", NA, NA]
    assert unreadable.tolist() == [False, False, False, False, True, False]


def test_golongan_of_part_time_pppk():
    from kompetensi.clean import normalize_golongan
    out = normalize_golongan(pd.Series(["V", "IX", "III/a"]),
                             pd.Series(["PPPK Paruh Waktu", "PPPK", "PNS"]))
    assert out.tolist() == ["V", "IX", "III/a"]


@pytest.mark.parametrize(("text", "eselon", "jenis"), [
    ("II.b", "II.b", "JPT"), ("II/b", "II.b", "JPT"), ("Eselon IIB", "II.b", "JPT"),
    ("III.a", "III.a", "Administrator"), ("IV.a", "IV.a", "Pengawas"), ("IV", "IV", "Pengawas"),
    ("22", "II.b", "JPT"), ("4a", "IV.a", "Pengawas"), ("I.b", "I.b", "JPT"),
    ("Non Eselon", NA, NA), ("", NA, NA),
])
def test_eselon_read_through_the_reference(text, eselon, jenis):
    out = normalize_eselon(pd.Series([text]))
    assert out["eselon"].iloc[0] is eselon or out["eselon"].iloc[0] == eselon
    assert out["jenis_jabatan"].iloc[0] is jenis or out["jenis_jabatan"].iloc[0] == jenis


def test_jabatan_struktural_takes_the_eselon_and_needs_one():
    raw = pd.DataFrame({"jenis_jabatan": ["Jabatan Struktural", "Jabatan Struktural",
                                          "Jabatan Fungsional Tertentu", "Jabatan Fungsional Umum",
                                          "Jabatan Pelaksana", "Jabatan Struktural"],
                        "eselon": ["II.a", "III/b", None, None, None, "Non Eselon"]},
                       dtype="string")
    jenis, jenjang, no_eselon = resolve_jenis_jabatan(raw)
    assert jenis.tolist() == ["JPT", "Administrator", "Fungsional", "Pelaksana", "Pelaksana", NA]
    assert jenjang.tolist()[:2] == ["JPT Pratama", NA]
    assert no_eselon.tolist() == [False, False, False, False, False, True]


def test_kedudukan_names_and_denominator():
    out = normalize_kedudukan(pd.Series(["Aktif", "PPPK Aktif", "CLTN", "Perpanjangan CLTN",
                                         "Tugas Belajar", "Masa Persiapan Pensiun",
                                         "Diberhentikan Sementara", "01 - Aktif", "Cuti Bersama",
                                         None]))
    assert out["kedudukan"].tolist() == [
        "Aktif", "Aktif", "CLTN", "Perpanjangan CLTN", "Tugas Belajar", "Masa Persiapan Pensiun",
        "Pemberhentian Sementara", "Aktif", NA, NA]
    assert out["aktif"].tolist()[:7] == [True, True, False, False, False, False, False]


def test_kedudukan_reference_is_consistent():
    ref = reference.load("kedudukan_hukum")
    assert set(ref["aktif"]) == {"0", "1"} and ref["status"].isin(["C", "C2", "U"]).all()
    assert (ref["sumber"] != "").all()
    # one canonical name has one denominator rule
    assert (ref.groupby("kedudukan")["aktif"].nunique() == 1).all()


@pytest.mark.parametrize("table", ["kedudukan_hukum", "eselon", "unor_opd"])
def test_new_reference_tables_have_status_and_source(table):
    ref = reference.load(table)
    assert {"status", "sumber"} <= set(ref.columns)
    assert ref["status"].isin(["C", "C2", "U"]).all() and (ref["sumber"] != "").all()


def test_unit_patterns_name_listed_opds_and_42_kelurahan():
    rules = reference.load("unor_opd")
    assert set(rules["opd"]) <= set(reference.load("opd")["opd"])
    assert rules["pola"].str.contains("kelurahan").sum() == 42


def test_units_in_order_of_sources():
    unor = pd.Series(["Puskesmas Gerunggang", "SD Negeri 12 Pangkalpinang", "SMPN 3",
                      "Kelurahan Bacang", "Kel. Bukit Intan", "Bidang Anggaran", "Bidang Umum",
                      "Dinas Kesehatan", "UPTD Antah Berantah", None])
    opd = pd.Series([None] * 9 + ["Dishub"])
    satker = pd.Series([None] * 5 + ["Badan Pengelolaan Keuangan dan Aset Daerah"] + [None] * 4)
    mapping = pd.DataFrame({"unor": ["BIDANG UMUM", "Puskesmas Gerunggang"],
                            "opd": ["Dinas Perhubungan", "Sekretariat Daerah"]})
    out = map_units(unor, opd, satker, mapping=mapping)
    assert out["opd"].tolist() == [
        "Sekretariat Daerah",  # the dataset's map comes first
        "Dinas Pendidikan dan Kebudayaan", "Dinas Pendidikan dan Kebudayaan",
        "Kecamatan Bukit Intan", "Kecamatan Girimaya", "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Dinas Perhubungan", "Dinas Kesehatan", NA, "Dinas Perhubungan"]
    assert out["unit"].tolist()[8:] == ["UPTD Antah Berantah", "Dishub"]


def test_dataset_unit_map_must_name_known_opds():
    with pytest.raises(DataError, match="OPD tidak dikenal: Dinas Antah"):
        unit_map(pd.DataFrame({"unor": ["Bidang X"], "opd": ["Dinas Antah"]}))
    with pytest.raises(DataError, match="kolom wajib tidak ada: opd"):
        unit_map(pd.DataFrame({"unor": ["Bidang X"]}))
