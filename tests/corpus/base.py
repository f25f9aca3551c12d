"""A small clean cycle (roster, training records, SKP) that every fault case starts from.

Synthetic people only: the NIPs are built at runtime from their parts (birth date, TMT CPNS,
sex digit, serial), so no NIP-shaped literal is in the repository. A case takes the clean
raw rows of one table, damages them the way a person or an export does, and writes them in
the form the agency sends (CSV in some encoding and separator, or a workbook).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

SIKLUS = 2025
N_PEOPLE = 20
OPD = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Badan Kepegawaian dan "
       "Pengembangan Sumber Daya Manusia Daerah", "Dinas Komunikasi dan Informatika",
       "Dinas Perhubungan"]
# as an export or a hand-made file writes the same units
OPD_SHORT = {"Dinas Kesehatan": "Dinkes", "Dinas Pendidikan dan Kebudayaan": "Disdikbud",
             "Dinas Komunikasi dan Informatika": "Diskominfo", "Dinas Perhubungan": "Dishub",
             OPD[2]: "BKPSDMD"}


def nip(birth: str, tmt: str, sex: int, serial: int) -> str:
    """An 18-digit NIP from its parts (Perka BKN 22/2007): YYYYMMDD + YYYYMM + sex + NNN."""
    return "".join([birth, tmt, str(sex), f"{serial:03d}"])


def person_nip(i: int) -> str:
    return nip(f"{1970 + i}{(i % 12) + 1:02d}{(i % 27) + 1:02d}",
               f"{1995 + i}{((i + 3) % 12) + 1:02d}", 1 + i % 2, 1 + i)


OUTSIDER = nip("19881111", "201201", 1, 5)  # valid NIP, on no roster


@dataclass
class Table:
    """Raw rows of one table: a header and data rows (lists of cells), plus rows above."""

    header: list[str]
    rows: list[list[object]]
    above: list[list[object]] = field(default_factory=list)  # title rows, letterhead
    below: list[list[object]] = field(default_factory=list)  # totals, signature block

    def copy(self) -> Table:
        return Table(list(self.header), [list(r) for r in self.rows],
                     [list(r) for r in self.above], [list(r) for r in self.below])

    def column(self, name: str) -> int:
        return self.header.index(name)

    def set(self, row: int, name: str, value: object) -> Table:
        self.rows[row][self.column(name)] = value
        return self

    def all_rows(self) -> list[list[object]]:
        return [*self.above, self.header, *self.rows, *self.below]


def pegawai() -> Table:
    header = ["No", "NIP", "Nama", "Status ASN", "Golongan", "Jenis Jabatan", "Jabatan",
              "Unit Kerja", "Pendidikan", "Kecamatan"]
    rows = [[i + 1, person_nip(i), f"Pegawai Uji {i + 1}", "PNS", "III/a", "Pelaksana",
             "Pengadministrasi Umum", OPD[i % len(OPD)], "S-1", "Gabek"]
            for i in range(N_PEOPLE)]
    return Table(header, rows)


MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]


def pelatihan() -> Table:
    header = ["NIP", "Nama", "Nama Pelatihan", "Jenis Pengembangan", "Tanggal Mulai",
              "Tanggal Selesai", "Jumlah JP", "Penyelenggara", "Lokasi"]
    rows = []
    for i in range(N_PEOPLE + 10):
        who, month = i % N_PEOPLE, 1 + i % 11
        rows.append([person_nip(who), f"Pegawai Uji {who + 1}", f"Pelatihan Teknis {i + 1}",
                     "Pelatihan Teknis", f"{3 + i % 20} {MONTHS[month - 1]} {SIKLUS}",
                     f"{5 + i % 20} {MONTHS[month - 1]} {SIKLUS}", 20 + i % 3 * 4, "BKPSDMD",
                     "Dalam Negeri"])
    return Table(header, rows)


def kinerja() -> Table:
    header = ["NIP", "Nama", "Tahun", "Predikat"]
    rows = [[person_nip(i), f"Pegawai Uji {i + 1}", SIKLUS, "Baik" if i % 4 else "Sangat Baik"]
            for i in range(N_PEOPLE)]
    return Table(header, rows)


BASE = {"pegawai": pegawai, "pelatihan": pelatihan, "kinerja": kinerja}


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def csv_bytes(table: Table, *, sep: str = ",", encoding: str = "utf-8",
              line_end: str = "\r\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=line_end)
    for row in table.all_rows():
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode(encoding)


def write_csv(folder: Path, name: str, table: Table, **options) -> Path:
    path = folder / f"{name}.csv"
    path.write_bytes(csv_bytes(table, **options))
    return path


def write_xlsx(folder: Path, name: str, table: Table, *, suffix: str = ".xlsx",
               sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in table.all_rows():
        ws.append(row)
    path = folder / f"{name}{suffix}"
    book.save(path)
    return path


def write_base(folder: Path, skip: str | None = None) -> None:
    """The clean cycle: pegawai.xlsx, pelatihan.csv, kinerja.xlsx (except ``skip``)."""
    folder.mkdir(parents=True, exist_ok=True)
    if skip != "pegawai":
        write_xlsx(folder, "pegawai", pegawai())
    if skip != "pelatihan":
        write_csv(folder, "pelatihan", pelatihan())
    if skip != "kinerja":
        write_xlsx(folder, "kinerja", kinerja())
