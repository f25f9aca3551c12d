"""A roster laid out as SIASN's "Download Data PNS" CSV, read with no alias file of the user:
every PPPK kept, statuses, kedudukan and units right, an unmapped unit named and blocking, and
no identifier column in the processed data. Synthetic people only; NIPs built from parts."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from kompetensi import processing
from kompetensi.processing import readiness
from kompetensi.processing.build import clean_file

HEADER = ["PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
          "TANGGAL LAHIR", "JENIS KELAMIN", "NIK", "NOMOR HP", "EMAIL", "ALAMAT", "NPWP NOMOR",
          "BPJS", "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM NAMA",
          "STATUS CPNS PNS", "TMT CPNS", "GOL AKHIR NAMA", "JENIS JABATAN NAMA", "ESELON",
          "JABATAN NAMA", "TINGKAT PENDIDIKAN NAMA", "UNOR NAMA", "SATUAN KERJA KERJA NAMA",
          "INSTANSI KERJA NAMA", "LOKASI KERJA NAMA"]


def _pns(birth: str, tmt: str, sex: str, serial: str) -> str:
    return "".join([birth, tmt, sex, serial])


def _pppk(birth: str, year: str, sex: str, serial: str) -> str:
    return "".join([birth, year, "21", sex, serial])


# (NIP, jenis pegawai, kedudukan, status cpns, gol, jenis jabatan, eselon, jabatan, pendidikan,
#  unor, satuan kerja)
PEOPLE = [
    (_pns("19850312", "201001", "1", "003"), "PNS DAERAH KAB/KOTA", "Aktif", "P", "III/a",
     "Jabatan Fungsional Tertentu", "", "Perawat Ahli Pertama", "S-1/Sarjana",
     "Puskesmas Gerunggang", ""),
    (_pns("19960101", "202403", "2", "011"), "PNS DAERAH KAB/KOTA", "Aktif", "C", "II/c",
     "Jabatan Pelaksana", "", "Pengadministrasi Umum", "SLTA", "SD Negeri 12 Pangkalpinang", ""),
    (_pppk("19900115", "2022", "2", "017"), "PPPK", "PPPK Aktif", "", "IX",
     "Jabatan Fungsional Tertentu", "", "Guru Ahli Pertama", "D-III", "SMP Negeri 3 Pangkalpinang",
     ""),
    (_pppk("19930520", "2025", "1", "021"), "PPPK Paruh Waktu", "Aktif", "", "V",
     "Jabatan Pelaksana", "", "Pengelola Layanan Operasional", "SLTA", "Kelurahan Bacang", ""),
    (_pppk("19950707", "2023", "1", "031"), "", "Aktif", "", "VII", "Jabatan Pelaksana", "",
     "Operator Layanan", "Diploma III", "Kelurahan Air Itam", ""),
    (_pns("19800202", "200501", "2", "041"), "PNS DAERAH KAB/KOTA", "CLTN", "P", "III/d",
     "Jabatan Struktural", "IV.a", "Kepala Sub Bagian Umum", "S-2", "Bidang Anggaran",
     "Badan Pengelolaan Keuangan dan Aset Daerah"),
    (_pns("19880808", "201203", "1", "051"), "PNS DAERAH KAB/KOTA", "Tugas Belajar", "P", "III/b",
     "Jabatan Struktural", "III.a", "Sekretaris Kecamatan", "Diploma IV", "Kecamatan Gabek", ""),
    (_pns("19700303", "199503", "1", "061"), "PNS DAERAH KAB/KOTA", "Aktif", "P", "IV/c",
     "Jabatan Struktural", "II/b", "Kepala Dinas", "S-2", "Dinas Kesehatan", ""),
    (_pns("19820404", "200803", "2", "071"), "PNS DAERAH KAB/KOTA", "Aktif", "P", "III/c",
     "Jabatan Fungsional Umum", "", "Pranata Komputer", "SD", "UPTD Antah Berantah", ""),
    (_pns("19830505", "200903", "1", "081"), "PNS DAERAH KAB/KOTA", "Aktif", "P", "III/c",
     "Jabatan Struktural", "", "Kepala Seksi", "S-1/Sarjana", "Puskesmas Taman Sari", ""),
    (_pns("19840606", "201003", "2", "091"), "PNS DAERAH KAB/KOTA", "Cuti Bersama", "P", "III/a",
     "Jabatan Pelaksana", "", "Pengadministrasi", "SLTP", "Kelurahan Bintang", ""),
]
NIK = "".join(["1971", "0101", "0101", "9001"])  # 16 digits, synthetic


def _rows() -> list[list[str]]:
    out = []
    for k, (nip, jenis, ked, cpns, gol, jab, es, nama_jab, pdk, unor, satker) in enumerate(PEOPLE):
        birth = f"{nip[6:8]}-{nip[4:6]}-{nip[:4]}"
        out.append([f"A8ACA7{k:02d}-0000-uji", nip, f"5000{k:05d}", f"Pegawai Uji {k}", "dr.",
                    "S.Kom", birth, "F" if nip[14] == "2" else "M", NIK if k == 0 else "",
                    "0812-0000-0000", f"uji{k}@contoh.invalid", f"Jl. Uji No. {k}",
                    f"00.000.000.{k}-000.000", f"000000000{k}", "4", jenis, ked, cpns,
                    "", gol, jab, es, nama_jab, pdk, unor, satker, "Pemerintah Kota Pangkalpinang",
                    "Kota Pangkalpinang"])
    return out


@pytest.fixture
def siasn(tmp_path, monkeypatch):
    raw_root = tmp_path / "raw"
    folder = raw_root / "siasn" / "2025"
    folder.mkdir(parents=True)
    (raw_root / "siasn" / "SINTETIS").write_text("data uji sintetis\n", encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(raw_root))
    with (folder / "pegawai.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(_rows())
    return folder


def test_siasn_roster_kept_with_statuses_kedudukan_and_units(siasn):
    result = processing.clean_cycle("siasn", 2025)
    pegawai = result["tables"]["pegawai"].set_index("jabatan")
    rejects = result["rejects"].set_index("baris")
    assert len(pegawai) == 8
    assert rejects["alasan"].to_dict() == {
        10: "unit_tidak_dipetakan", 11: "jabatan_struktural_tanpa_eselon", 12: "kedudukan_hukum"}
    assert rejects.loc[10, "nilai"] == "UPTD Antah Berantah"

    status = pegawai["status_asn"].astype(str).to_dict()
    assert status["Guru Ahli Pertama"] == "PPPK"
    assert status["Pengelola Layanan Operasional"] == "PPPK Paruh Waktu"
    assert status["Operator Layanan"] == "PPPK"  # no status column filled: the NI PPPK decides
    assert status["Pengadministrasi Umum"] == "PNS"  # a CPNS ("C") counts as PNS
    assert (pegawai["status_asn"].astype(str).str.startswith("PPPK")).sum() == 3  # all kept

    assert pegawai["kedudukan"].astype(str).to_dict() == {
        "Perawat Ahli Pertama": "Aktif", "Pengadministrasi Umum": "Aktif",
        "Guru Ahli Pertama": "Aktif", "Pengelola Layanan Operasional": "Aktif",
        "Operator Layanan": "Aktif", "Kepala Sub Bagian Umum": "CLTN",
        "Sekretaris Kecamatan": "Tugas Belajar", "Kepala Dinas": "Aktif"}
    assert pegawai.loc[["Kepala Sub Bagian Umum", "Sekretaris Kecamatan"], "aktif"].tolist() == [
        False, False]
    assert pegawai["aktif"].sum() == 6

    assert pegawai["opd"].astype(str).to_dict() == {
        "Perawat Ahli Pertama": "Dinas Kesehatan",
        "Pengadministrasi Umum": "Dinas Pendidikan dan Kebudayaan",
        "Guru Ahli Pertama": "Dinas Pendidikan dan Kebudayaan",
        "Pengelola Layanan Operasional": "Kecamatan Bukit Intan",  # Kelurahan Bacang
        "Operator Layanan": "Kecamatan Bukit Intan",  # Kelurahan Air Itam
        "Kepala Sub Bagian Umum": "Badan Pengelolaan Keuangan dan Aset Daerah",  # satuan kerja
        "Sekretaris Kecamatan": "Kecamatan Gabek", "Kepala Dinas": "Dinas Kesehatan"}
    assert pegawai.loc["Operator Layanan", "unor"] == "Kelurahan Air Itam"
    assert pegawai["jenis_jabatan"].astype(str).to_dict() == {
        "Perawat Ahli Pertama": "Fungsional", "Pengadministrasi Umum": "Pelaksana",
        "Guru Ahli Pertama": "Fungsional", "Pengelola Layanan Operasional": "Pelaksana",
        "Operator Layanan": "Pelaksana", "Kepala Sub Bagian Umum": "Pengawas",
        "Sekretaris Kecamatan": "Administrator", "Kepala Dinas": "JPT"}
    assert pegawai.loc["Kepala Dinas", "jenjang"] == "JPT Pratama"
    assert pegawai.loc["Guru Ahli Pertama", ["golongan", "pendidikan"]].tolist() == ["IX", "D3"]
    assert pegawai.loc["Sekretaris Kecamatan", "pendidikan"] == "S1/D4"  # Diploma IV
    # NI PPPK: birth date and sex from the number, work length from the appointment year
    guru = pegawai.loc["Guru Ahli Pertama"]
    assert (guru.tanggal_lahir, guru.jenis_kelamin) == (pd.Timestamp("1990-01-15"), "P")
    assert pd.isna(guru.tmt_cpns) and guru.masa_kerja == 3
    assert pegawai.loc["Pengelola Layanan Operasional", "masa_kerja"] == 0


def test_unmapped_unit_is_named_with_its_head_count_and_blocks(siasn):
    facts = processing.clean_cycle("siasn", 2025)["kesiapan"]
    assert facts["unit_tidak_dikenal"] == [["UPTD Antah Berantah", 1]]
    verdict = readiness.assess(facts, max_rejected=1.0)  # no threshold lifts it
    assert not verdict.ready
    assert any("unit kerja 'UPTD Antah Berantah' tidak dipetakan ke perangkat daerah "
               "(1 pegawai)" in b for b in verdict.blocking)
    report = processing.check_raw("siasn", [2025], max_rejected=1.0)
    assert not report.ok and any("UPTD Antah Berantah" in line for line in report.lines())
    # the analyst sees whom the roster holds: by status, and who is outside the 20 JP frame
    assert facts["pegawai"] == {"status": {"PNS": 5, "PPPK": 2, "PPPK Paruh Waktu": 1},
                                "tidak_aktif": {"CLTN": 1, "Tugas Belajar": 1}}
    assert any(line.strip() == "menurut status: PNS 5, PPPK 2, PPPK Paruh Waktu 1; tidak "
               "aktif (di luar penyebut 20 JP): CLTN 1, Tugas Belajar 1"
               for line in report.lines())


def test_dataset_unit_map_maps_the_unit(siasn):
    (siasn.parent / "unor_opd.csv").write_text("unor,opd\nUPTD Antah Berantah,Dishub\n",
                                               encoding="utf-8")
    result = processing.clean_cycle("siasn", 2025)
    pegawai = result["tables"]["pegawai"].set_index("jabatan")
    assert pegawai.loc["Pranata Komputer", "opd"] == "Dinas Perhubungan"
    assert result["kesiapan"]["unit_tidak_dikenal"] == []


def test_people_carry_the_pns_id_in_memory(siasn):
    cleaned = clean_file("pegawai", siasn / "pegawai.csv", siklus=2025, key=b"kunci-uji")
    people = cleaned.people
    first = PEOPLE[0][0]
    assert people.loc[first, "pns_id"] == "A8ACA700-0000-uji"
    assert "pns_id" not in cleaned.data.columns


IDENTIFIERS = {"nip", "nama", "pns_id", "nip_lama", "nik", "npwp", "bpjs", "nomor_hp", "email",
               "alamat", "gelar_depan", "gelar_belakang"}


def test_identifier_columns_absent_from_processed_data(siasn):
    built = processing.build_processed("siasn", 2025)
    for path in built.folder.glob("*.parquet"):
        data = pd.read_parquet(path)
        assert not IDENTIFIERS & set(data.columns), path
        text = data.astype("string")
        for value in (NIK, "A8ACA700-0000-uji", "uji0@contoh.invalid", "Jl. Uji No. 0",
                      PEOPLE[0][0]):
            assert not (text == value).any().any(), (path.name, value)
    assert list(pd.read_parquet(built.folder / "pegawai.parquet").columns) == [
        "pid", "siklus", "status_asn", "kedudukan", "aktif", "jenis_kelamin", "tanggal_lahir",
        "usia", "tmt_cpns", "masa_kerja", "golongan", "jenis_jabatan", "jabatan", "jenjang", "opd",
        "unor", "kecamatan", "pendidikan"]


def _override(siasn, name: str, edit) -> None:
    """Write the dataset's replacement of reference table ``name``, edited by ``edit``."""
    from kompetensi import reference

    folder = siasn.parent / "referensi"
    folder.mkdir(exist_ok=True)
    edit(reference.load(name)).to_csv(folder / f"{name}.csv", index=False)


def test_a_dataset_replaces_a_reference_table(siasn):
    """Where the city decides otherwise (A-REF-1): its own kedudukan_hukum.csv counts staff on
    study leave as active and reads "Cuti Bersama" as active too; the built-in table is
    untouched afterwards, and the replacement is an input of the processed data."""
    from kompetensi import reference

    before = processing.input_hashes("siasn", 2025, key=b"k" * 32)

    def edit(table):
        table.loc[table["kedudukan"] == "Tugas Belajar", "aktif"] = "1"
        extra = table.iloc[[0]].assign(nama="Cuti Bersama", kedudukan="Aktif", status="U",
                                       sumber="keputusan dataset uji")
        return pd.concat([table, extra], ignore_index=True)

    _override(siasn, "kedudukan_hukum", edit)
    result = processing.clean_cycle("siasn", 2025)
    pegawai = result["tables"]["pegawai"].set_index("jabatan")
    assert pegawai.loc["Sekretaris Kecamatan", "aktif"]  # Tugas Belajar, active here
    assert "Pengadministrasi" in pegawai.index  # "Cuti Bersama" no longer rejected
    assert "kedudukan_hukum" not in set(result["rejects"]["alasan"])
    assert reference.load("kedudukan_hukum").query("kedudukan == 'Tugas Belajar'")[
        "aktif"].eq("0").all()  # outside the cycle's cleaning: the built-in table
    after = processing.input_hashes("siasn", 2025, key=b"k" * 32)
    assert "siasn/referensi/kedudukan_hukum.csv" in after and after != before


def test_a_replacement_with_other_columns_or_name_stops_with_the_file_named(siasn):
    from kompetensi.core.errors import DataError

    _override(siasn, "eselon", lambda t: t.drop(columns="jenjang"))
    with pytest.raises(DataError, match=r"referensi/eselon\.csv: kolom tabel referensi"):
        processing.clean_cycle("siasn", 2025)
    (siasn.parent / "referensi" / "eselon.csv").unlink()
    (siasn.parent / "referensi" / "header_alias.csv").write_text("tabel,kolom,alias\n")
    report = processing.check_raw("siasn", [2025])  # check names it, as one error
    assert not report.ok and "bukan tabel referensi yang dapat diganti" in report.errors[0]
    with pytest.raises(DataError, match=r"header_alias\.csv: bukan tabel referensi"):
        processing.clean_cycle("siasn", 2025)


def test_the_analysis_of_the_dataset_uses_its_replacements(siasn, tmp_path, monkeypatch):
    """A notebook's first load_processed takes the dataset's tables into use for its kernel:
    here the assessment-centre JPM bands as the default scheme's replacement."""
    from kompetensi import needs, reference

    monkeypatch.setenv("KOMPETENSI_PROCESSED_DIR", str(tmp_path / "processed"))
    _override(siasn, "jpm_kategori", lambda t: t.assign(
        batas_bawah=t["batas_bawah"].where(t["skema"] != "permen_2020",
                                           t["batas_bawah"].replace({"80": "75"}))))
    try:
        processing.load_processed("siasn", 2025, "pegawai")
        assert needs.jpm_category([76.0]).tolist() == ["Memenuhi Syarat"]
    finally:
        reference.use_overrides(None)
    assert needs.jpm_category([76.0]).tolist() == ["Masih Memenuhi Syarat"]
