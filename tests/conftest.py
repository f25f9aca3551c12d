"""Shared fixtures. No test writes inside the repository tree: every data, processed and report
root is redirected to a temporary folder through the KOMPETENSI_* environment variables."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kompetensi.core import config

# Synthetic people only (valid NIP structure, invented names).
NIP_A = "19850312 201001 1 003"  # male, born 1985-03-12, TMT 2010-01
NIP_B = "199001152015032001"  # female, born 1990-01-15, TMT 2015-03
NIP_C = "197707072000121002"
NIP_OUTSIDER = "198811112012011005"  # not in the roster


@pytest.fixture(autouse=True)
def isolated_roots(tmp_path, monkeypatch):
    """Processed data and reports of every test go to tmp_path (raw stays readable)."""
    monkeypatch.setenv("KOMPETENSI_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.setenv("KOMPETENSI_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("KOMPETENSI_PID_KEY", raising=False)
    yield


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def mini_dataset(tmp_path, monkeypatch) -> tuple[str, int, Path]:
    """A tiny messy dataset 'mini' (marked synthetic), cycle 2025, under tmp_path/raw."""
    raw_root = tmp_path / "raw"
    folder = raw_root / "mini" / "2025"
    folder.mkdir(parents=True)
    (raw_root / "mini" / "SINTETIS").write_text("data uji sintetis\n", encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(raw_root))
    write_xlsx(folder / "pegawai.xlsx", [
        ["DAFTAR PEGAWAI ASN"], ["PEMERINTAH KOTA PANGKALPINANG"], [None],
        ["No", "NIP", "Nama Pegawai", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan",
         "Nama Jabatan", "Unit Kerja", "Pendidikan Terakhir", "Kecamatan"],
        [1, "'" + NIP_A, "Budi Santoso Uji", "PNS", "III-a", "Pelaksana", "Pengadministrasi",
         "Diskominfo", "S-1", "Kec. Taman Sari"],
        [2, NIP_B, "Siti Aminah Uji", "PPPK", "Gol. IX", "Fungsional", "Guru Ahli Pertama",
         "Dinas Pendidikan", "Sarjana", "Rangkui"],
        [3, NIP_C, "Ahmad Fauzi Uji", "PNS", "IV/b", "Administrator", "Sekretaris",
         "Dinas Kesehtan", "S2", "Gabek"],
        [4, 1.98503122010011e17, "Rusak Excel Uji", "PNS", "II/a", "Pelaksana", "Pengemudi",
         "Dishub", "SMA", "Gabek"],
        [5, NIP_C, "Ahmad Fauzi Uji", "PNS", "IV/b", "Administrator", "Sekretaris",
         "Dinas Kesehtan", "S2", "Gabek"],
        [6, "199512312020121004", "Opd Asing Uji", "PNS", "III/b", "Pelaksana", "Analis",
         "Dinas Antah Berantah", "S1", "Gabek"],
    ])
    lines = [
        "REKAP PENGEMBANGAN KOMPETENSI TAHUN 2025",
        "",
        "NIP;Nama;Nama Pelatihan;Jenis Pengembangan;Tanggal Mulai;Tanggal Selesai;Jumlah JP;"
        "Penyelenggara;Lokasi;Kode Program",
        f"{NIP_A};Budi Santoso Uji;Pelatihan Sistem Informasi;Pelatihan Teknis;3 Maret 2025;"
        "7 Maret 2025;40;BKPSDMD;Dalam Negeri;PSIM",
        f"{NIP_B};Siti Aminah Uji;Seminar Pendidikan Café;Seminar;45720;45720;;Disdikbud;"
        "Dalam Negeri;",
        f"{NIP_B};Siti Aminah Uji;Workshop Kurikulum;Workshop;12 Agt 2025;13 Agt 2025;10,5;"
        "LPMP;Luar Negeri;",
        f"{NIP_OUTSIDER};Orang Luar Uji;Bimtek SIASN;Bimtek;1 Mei 2025;2 Mei 2025;16;BKN;"
        "Dalam Negeri;",
        f"{NIP_A};Budi Santoso Uji;Kursus Bahasa;Kursus;32 Maret 2025;;8;LPK;Dalam Negeri;",
    ]
    (folder / "pelatihan.csv").write_bytes("\r\n".join(lines).encode("cp1252"))
    return "mini", 2025, folder


@pytest.fixture
def sample_available() -> bool:
    return (config.PROJECT_ROOT / "data" / "raw" / "contoh" / "2025").is_dir()
