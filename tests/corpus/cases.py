"""Fault cases: how Indonesian government spreadsheets really arrive, each with its outcome.

A case damages one table of the clean cycle of :mod:`tests.corpus.base` and states what must
come of it:

- read right: ``kept`` rows, no rejection, and ``check`` (a test of the cleaned values);
- rows rejected: ``rejected`` (reason code -> rows) and the gate's verdict ``ready``;
- whole file refused: ``refused`` (a pattern of the one Indonesian message).

Every case that is not refused must also account for each raw row: kept, rejected with a
reason, or counted as a duplicate. The forms come from what agencies send: letterheads and
signature blocks, totals rows, pre-numbered empty rows, group headers, reordered, renamed and
extra columns, placeholders for "none", Excel's tricks with long numbers, many date
spellings, ragged separators, one person under two spellings of the OPD.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tests.corpus import base as b
from tests.corpus.base import Table


@dataclass(frozen=True)
class Case:
    name: str
    table: str
    seen: str  # what the file looks like, as it comes from the agency
    write: Callable[[Path], object] = field(repr=False)
    kept: int | None = None
    rejected: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    ready: bool = True
    refused: str | None = None
    check: Callable[[pd.DataFrame], bool] | None = field(default=None, repr=False)


CASES: list[Case] = []


def case(name: str, table: str, seen: str, **expected):
    """Register the decorated writer as a case."""
    def register(write):
        CASES.append(Case(name, table, seen, write, **expected))
        return write
    return register


def _pegawai(change: Callable[[Table], object], **writer) -> Callable[[Path], object]:
    def write(folder: Path):
        t = b.pegawai()
        change(t)
        return b.write_xlsx(folder, "pegawai", t, **writer)
    return write


def _pelatihan(change: Callable[[Table], object], **writer) -> Callable[[Path], object]:
    def write(folder: Path):
        t = b.pelatihan()
        change(t)
        return b.write_csv(folder, "pelatihan", t, **writer)
    return write


def _kinerja(change: Callable[[Table], object]) -> Callable[[Path], object]:
    def write(folder: Path):
        t = b.kinerja()
        change(t)
        return b.write_xlsx(folder, "kinerja", t)
    return write


def _blank(t: Table) -> list[object]:
    return [None] * len(t.header)


def _in(t: Table, name: str, value: object) -> list[object]:
    row = _blank(t)
    row[t.column(name)] = value
    return row


# --- layout: what sits around the table ---------------------------------------------------

_pegawai_kop = _pegawai(lambda t: t.above.extend([
    ["PEMERINTAH KOTA PANGKALPINANG"], ["BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM DAERAH"],
    ["DAFTAR NOMINATIF PEGAWAI KEADAAN 31 DESEMBER 2025"], []]))
case("kop_surat", "pegawai", "letterhead and title rows above the header",
     kept=20)(_pegawai_kop)


def _signature(t: Table) -> None:
    t.below.extend([[], _in(t, "Unit Kerja", "Pangkalpinang, 5 Januari 2026"),
                    _in(t, "Unit Kerja", "KEPALA BKPSDMD,"), [],
                    _in(t, "Unit Kerja", "NAMA KEPALA UJI, S.E."),
                    _in(t, "Unit Kerja", "NIP. " + b.nip("19700101", "199503", 1, 1))])


case("blok_tanda_tangan", "pegawai", "signature block under the table (place, date, "
     "office, name and NIP of the head)", kept=20,
     rejected={"baris_tanda_tangan": 4})(_pegawai(_signature))
case("baris_bernomor_kosong", "pegawai", "rows numbered in advance and left empty", kept=20,
     rejected={"baris_bernomor_kosong": 10})(_pegawai(lambda t: t.rows.extend(
         [[n] + [None] * (len(t.header) - 1) for n in range(21, 31)])))


def _group_headers(t: Table) -> None:
    rows = sorted(t.rows, key=lambda r: r[t.column("Unit Kerja")])
    out, last = [], None
    for row in rows:
        if row[t.column("Unit Kerja")] != last:
            last = row[t.column("Unit Kerja")]
            out.append([f"{len(out) // 5 + 1}. {last.upper()}"] + [None] * (len(t.header) - 1))
        out.append(row)
    t.rows[:] = out


case("judul_kelompok", "pegawai", "a group header row before each OPD's people", kept=20,
     rejected={"baris_judul_kelompok": 5})(_pegawai(_group_headers))


def _totals(t: Table) -> None:
    total = sum(r[t.column("Jumlah JP")] for r in t.rows)
    t.below.append(_in(t, "Nama Pelatihan", "JUMLAH") or [])
    t.below[-1][t.column("Jumlah JP")] = total


case("baris_jumlah", "pelatihan", "a totals row under the records", kept=30,
     rejected={"baris_jumlah": 1})(_pelatihan(_totals))
case("judul_csv_cp1252", "pelatihan", "title rows above the header of a ';' CSV saved by "
     "Excel in cp1252", kept=30)(_pelatihan(lambda t: t.above.extend(
         [["REKAP PENGEMBANGAN KOMPETENSI ASN TAHUN 2025"], ["Keadaan s.d. Desember"], []]),
         sep=";", encoding="cp1252"))
case("baris_kosong_di_tengah", "pelatihan", "blank lines between blocks of records",
     kept=30)(_pelatihan(lambda t: [t.rows.insert(i, [""] * len(t.header))
                                    for i in (25, 10, 5)]))


# --- columns ---------------------------------------------------------------------------------

def _reorder(t: Table) -> None:
    order = [1, 7, 0, 3, 9, 2, 8, 4, 6, 5]
    t.header[:] = [t.header[i] for i in order]
    t.rows[:] = [[r[i] for i in order] for r in t.rows]


case("kolom_diurutkan_ulang", "pegawai", "columns in another order", kept=20,
     check=lambda d: (d["opd"].astype(str).str.startswith(("Dinas", "Badan"))).all())(
    _pegawai(_reorder))
case("kolom_nama_lain", "pegawai", "other header names for the same fields (SIMPEG, SIASN)",
     kept=20)(_pegawai(lambda t: t.header.__setitem__(slice(None), [
         "No Urut", "NIP Baru", "Nama Lengkap", "Status Kepegawaian", "Gol/Ruang",
         "Kelompok Jabatan", "Nama Jabatan", "Perangkat Daerah", "Pendidikan Terakhir",
         "Lokasi Kerja"])))
case("kolom_tambahan", "pegawai", "extra columns (phone, e-mail, remarks)", kept=20)(
    _pegawai(lambda t: (t.header.extend(["No HP", "Email", "Keterangan"]),
                        [r.extend(["0812", "uji@contoh.go.id", "-"]) for r in t.rows])))
case("judul_kolom_berantakan", "pegawai", "header cells with line breaks, double spaces and "
     "other case", kept=20)(_pegawai(lambda t: t.header.__setitem__(slice(None), [
         "NO", "  NIP  ", "Nama\nPegawai", "STATUS  ASN", "Gol. / Ruang", "Jenis\nJabatan",
         "JABATAN", "Unit  Kerja", "Pendidikan\nTerakhir", "kecamatan"])))
case("kolom_wajib_hilang", "pegawai", "the status column left out",
     refused=r"kolom wajib tidak ada: status_asn")(_pegawai(lambda t: (
         t.header.pop(3), [r.pop(3) for r in t.rows])))
case("tanpa_judul_kolom", "pegawai", "data pasted without its header row",
     refused=r"baris judul kolom \(header\).* tidak ditemukan")(_pegawai(
         lambda t: t.header.__setitem__(slice(None), [str(v) for v in t.rows.pop(0)])))
case("kolom_nama_lain_pelatihan", "pelatihan", "SIASN-style names (Nama Diklat, Tgl Mulai, "
     "JP)", kept=30)(_pelatihan(lambda t: t.header.__setitem__(slice(None), [
         "NIP/NI PPPK", "Nama Peserta", "Nama Diklat", "Jenis Diklat", "Tgl Mulai",
         "Tgl Selesai", "JP", "Instansi Penyelenggara", "Dalam/Luar Negeri"])))


# --- identifiers: what Excel and people do to an 18-digit NIP ------------------------------

def _each_nip(t: Table, form: Callable[[str], object], rows=None) -> None:
    for i in (range(len(t.rows)) if rows is None else rows):
        t.set(i, "NIP", form(t.rows[i][t.column("NIP")]))


case("nip_apostrof", "pegawai", "NIP typed with a leading apostrophe to keep it text",
     kept=20)(_pegawai(lambda t: _each_nip(t, lambda n: "'" + n)))
case("nip_spasi", "pegawai", "NIP written in its four groups", kept=20)(_pegawai(
    lambda t: _each_nip(t, lambda n: f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}")))
case("nip_titik_strip", "pegawai", "NIP with dots and dashes", kept=20)(_pegawai(
    lambda t: _each_nip(t, lambda n: f"{n[:8]}.{n[8:14]}-{n[14]}.{n[15:]}")))
case("nip_spasi_tak_terlihat", "pegawai", "NIP with a no-break space or a zero-width space "
     "pasted from a web page", kept=20)(_pegawai(lambda t: _each_nip(
         t, lambda n: f"{n[:8]}\u00a0{n[8:14]}\u200b{n[14:]}\ufeff")))
case("nip_akhiran_titik_nol", "pelatihan", "NIP that went through a number: '…003.0'",
     kept=30)(_pelatihan(lambda t: _each_nip(t, lambda n: n + ".0", rows=range(5))))
case("nip_format_ilmiah", "pegawai", "NIP shown by Excel as 1.98503E+17", kept=18,
     rejected={"nip_format_ilmiah": 2}, ready=False)(_pegawai(lambda t: _each_nip(
         t, lambda n: f"{n[0]}.{n[1:6]}E+17", rows=(3, 7))))
case("nip_sel_angka", "pegawai", "NIP stored as a number cell (its last digits lost)",
     kept=19, rejected={"nip_format_ilmiah": 1}, ready=False)(_pegawai(
         lambda t: _each_nip(t, float, rows=(4,))))
case("nip_ilmiah_koma", "pelatihan", "NIP as '1,98503E+17' in a ';' CSV with decimal "
     "commas", kept=29, rejected={"nip_format_ilmiah": 1}, ready=False)(_pelatihan(
         lambda t: _each_nip(t, lambda n: f"{n[0]},{n[1:6]}E+17", rows=(2,)), sep=";"))
case("semua_nip_rusak", "pegawai", "a roster whose every NIP went through Excel as a number",
     kept=0, rejected={"nip_format_ilmiah": 20}, ready=False)(_pegawai(
         lambda t: _each_nip(t, float)))
case("nip_17_digit", "pegawai", "a NIP with a digit missing", kept=19,
     rejected={"nip_bukan_18_digit": 1}, ready=False)(_pegawai(
         lambda t: _each_nip(t, lambda n: n[:-1], rows=(5,))))
case("nip_nomor_urut_000", "pegawai", "serial 000, never issued", kept=19,
     rejected={"nip_nomor_urut": 1}, ready=False)(_pegawai(
         lambda t: _each_nip(t, lambda n: n[:15] + "000", rows=(6,))))
case("nip_bulan_tmt_13", "pegawai", "TMT month 13", kept=19, rejected={"nip_tmt": 1},
     ready=False)(_pegawai(lambda t: _each_nip(t, lambda n: n[:12] + "13" + n[14:],
                                               rows=(8,))))
case("nip_tanggal_lahir_mustahil", "pegawai", "birth date 31 February", kept=19,
     rejected={"nip_tanggal_lahir": 1}, ready=False)(_pegawai(
         lambda t: _each_nip(t, lambda n: n[:4] + "0231" + n[8:], rows=(9,))))


PPPK_NIP = b.nip("19900515", "202121", 2, 7)


def _pppk(folder: Path) -> None:
    roster, records = b.pegawai(), b.pelatihan()
    roster.set(0, "NIP", PPPK_NIP).set(0, "Status ASN", "PPPK").set(0, "Golongan", "IX")
    for i, row in enumerate(records.rows):
        if row[0] == b.person_nip(0):
            records.set(i, "NIP", PPPK_NIP)
    b.write_xlsx(folder, "pegawai", roster)
    b.write_csv(folder, "pelatihan", records)


case("ni_pppk", "pegawai", "a PPPK with the NI PPPK layout (appointment year, 2, digit), "
     "and the activities of that PPPK", kept=20,
     check=lambda d: (d["status_asn"].astype(str) == "PPPK").sum() == 1)(_pppk)
case("nip_tidak_di_daftar", "pelatihan", "activities of people who are not on the roster",
     kept=30, rejected={"tidak_di_daftar_pegawai": 2}, ready=False)(_pelatihan(
         lambda t: t.rows.extend([[b.OUTSIDER, "Orang Luar", f"Bimtek {k}", "Bimtek",
                                   "1 Mei 2025", "2 Mei 2025", 16, "BKN", "Dalam Negeri"]
                                  for k in (1, 2)])))


# --- people and units ------------------------------------------------------------------------

case("orang_sama_dua_ejaan_opd", "pegawai", "one person listed twice under two spellings of "
     "the OPD", kept=20, rejected={"nip_ganda": 1}, ready=False)(_pegawai(
         lambda t: t.rows.append([21, *t.rows[0][1:7], b.OPD_SHORT[t.rows[0][7]],
                                  *t.rows[0][8:]])))
case("duplikat_persis", "pegawai", "the same rows pasted twice", kept=20, duplicates=2)(
    _pegawai(lambda t: t.rows.extend([list(t.rows[1]), list(t.rows[2])])))
case("singkatan_opd", "pegawai", "OPD written as abbreviations (Dinkes, BKPSDMD)", kept=20,
     check=lambda d: set(d["opd"].astype(str)) == set(b.OPD))(_pegawai(lambda t: [
         t.set(i, "Unit Kerja", b.OPD_SHORT[r[7]]) for i, r in enumerate(t.rows)]))
case("opd_tidak_dikenal", "pegawai", "a unit name that maps to no OPD", kept=19,
     rejected={"unit_tidak_dipetakan": 1}, ready=False)(_pegawai(
         lambda t: t.set(3, "Unit Kerja", "Dinas Antah Berantah")))
case("placeholder_tidak_ada", "pegawai", "'-', '—', 'N/A' and 'tidak ada' in an optional "
     "column", kept=20, check=lambda d: d["kecamatan"].isna().sum() == 4)(_pegawai(
         lambda t: [t.set(i, "Kecamatan", v) for i, v in enumerate(
             ["-", "—", "N/A", "tidak ada"])]))
case("galat_excel_di_sel_opsional", "pegawai", "#N/A from a lookup formula in an optional "
     "column", kept=20, check=lambda d: d["kecamatan"].isna().sum() == 2)(_pegawai(
         lambda t: [t.set(i, "Kecamatan", "#N/A") for i in (2, 3)]))
case("status_golongan_ejaan", "pegawai", "status and rank spelled many ways", kept=20,
     check=lambda d: d["golongan"].notna().all())(_pegawai(lambda t: [
         t.set(i, "Golongan", g).set(i, "Status ASN", s) for i, (g, s) in enumerate([
             ("III-a", "pns"), ("III a", "Pns"), ("Penata Muda / III/a", "Pegawai Negeri "
                                                    "Sipil"), ("III/A", "PNS ")])]))


# --- dates and numbers -----------------------------------------------------------------------

DATE_FORMS = ["3 Maret 2025", "03/03/2025", "2025-03-03", "3-Mar-2025", "3 Mar 2025",
              "Senin, 3 Maret 2025", "03.03.2025", "45719", "3 MARET 2025", " 3  Maret 2025 "]


def _date_forms(t: Table) -> None:
    for i, text in enumerate(DATE_FORMS):
        t.set(i, "Tanggal Mulai", text).set(i, "Tanggal Selesai", "4 Maret 2025")


case("tanggal_banyak_ejaan", "pelatihan", "one date written ten ways", kept=30, check=lambda d:
     (d["tanggal_mulai"] == pd.Timestamp("2025-03-03")).sum() >= len(DATE_FORMS))(
    _pelatihan(_date_forms, sep=";"))
case("tanggal_mustahil", "pelatihan", "31 Februari", kept=29, rejected={"tanggal": 1},
     ready=False)(_pelatihan(lambda t: t.set(4, "Tanggal Mulai", "31 Februari 2025")))
case("tanggal_siklus_lalu", "pelatihan", "last year's file copied into this year's folder",
     kept=30, ready=False)(_pelatihan(lambda t: [
         t.set(i, c, r[t.column(c)].replace("2025", "2024"))
         for i, r in enumerate(t.rows) for c in ("Tanggal Mulai", "Tanggal Selesai")]))
case("jp_koma_desimal", "pelatihan", "JP with a decimal comma in a ';' CSV", kept=30,
     check=lambda d: (d["jp"] == 10.5).sum() == 1)(_pelatihan(
         lambda t: t.set(0, "Jumlah JP", "10,5"), sep=";"))
case("jp_dengan_satuan", "pelatihan", "JP written with its unit ('40 JP')", kept=30,
     check=lambda d: (d["jp"] == 40).sum() >= 1)(_pelatihan(
         lambda t: t.set(0, "Jumlah JP", "40 JP")))
case("jp_negatif", "pelatihan", "a negative JP", kept=29, rejected={"jp": 1}, ready=False)(
    _pelatihan(lambda t: t.set(1, "Jumlah JP", "-8")))
case("nama_pelatihan_kosong", "pelatihan", "a record without the training's name", kept=29,
     rejected={"nama_pelatihan": 1}, ready=False)(_pelatihan(
         lambda t: t.set(3, "Nama Pelatihan", "")))


# --- delimiters and encodings ----------------------------------------------------------------

case("pemisah_compang_camping", "pelatihan", "rows with stray separators at the end",
     kept=30)(_pelatihan(lambda t: [r.extend(["", ""]) for r in t.rows[::4]], sep=";"))


def _unquoted_separator(folder: Path) -> None:
    t = b.pelatihan()
    t.set(2, "Nama", "Pegawai Uji 3; S.E.")
    data = b.csv_bytes(t, sep=";").replace(b'"Pegawai Uji 3; S.E."', b"Pegawai Uji 3; S.E.")
    (folder / "pelatihan.csv").write_bytes(data)


case("pemisah_di_dalam_nilai", "pelatihan", "a ';' inside a name without quotes, which "
     "shifts the rest of the row", kept=29, rejected={"sel_lebih": 1}, ready=False)(
    _unquoted_separator)
case("sel_dengan_baris_baru", "pelatihan", "a quoted cell with a line break inside",
     kept=30, check=lambda d: d["nama_pelatihan"].str.contains("Lanjutan").any())(_pelatihan(
         lambda t: t.set(2, "Nama Pelatihan", "Pelatihan Teknis\nLanjutan")))
case("utf8_bom", "pelatihan", "CSV in UTF-8 with a byte-order mark", kept=30)(
    _pelatihan(lambda t: t.set(0, "Penyelenggara", "Lembaga Café"), encoding="utf-8-sig"))
case("cp1252_koma", "pelatihan", "cp1252 CSV with ',' and accented names", kept=30,
     check=lambda d: d["penyelenggara"].str.contains("Café").any())(_pelatihan(
         lambda t: t.set(0, "Penyelenggara", "Lembaga Café"), encoding="cp1252"))


# --- SKP -------------------------------------------------------------------------------------

case("predikat_ejaan", "kinerja", "ratings in other case and with stray spaces", kept=20)(
    _kinerja(lambda t: [t.set(i, "Predikat", v) for i, v in enumerate(
        ["BAIK", "baik ", "Sangat baik", " SANGAT BAIK"])]))
case("predikat_tak_dikenal", "kinerja", "a rating that is not in PermenPANRB 6/2022",
     kept=19, rejected={"predikat": 1}, ready=False)(_kinerja(
         lambda t: t.set(2, "Predikat", "Istimewa")))
case("skp_tahun_lain", "kinerja", "SKP ratings of another year only", kept=20,
     ready=False)(_kinerja(lambda t: [t.set(i, "Tahun", 2024) for i in range(len(t.rows))]))


def _quarters(t: Table) -> None:
    """Two people rated per quarter as well (e-Kinerja's periodic rows), one of them also
    with an annual row: the rows are combined into one rating per person-year, not dropped."""
    t.header.append("Periode")
    for row in t.rows:
        row.append("Tahunan")
    for who, quarters in ((0, ["Baik", "Sangat Baik", "Butuh Perbaikan", "Baik"]),
                          (1, ["Sangat Baik", "Baik", "Baik", "Sangat Baik"])):
        for q, predikat in enumerate(quarters, start=1):
            t.rows.append([b.person_nip(who), f"Pegawai Uji {who + 1}", b.SIKLUS, predikat,
                           f"Triwulan {q}"])
    t.rows[1][-1] = ""  # person 1: an empty periode is an annual row too: it wins
    t.rows[0][-1] = "Triwulan IV"  # person 0: no annual row, five periods: lower median


case("skp_periodik", "kinerja", "SKP with quarterly rows beside the annual ones", kept=28,
     check=lambda d: len(d) == 20 and not d.duplicated(["pid", "tahun"]).any())(
         _kinerja(_quarters))


def _siasn_diklat(folder: Path) -> None:
    """The training records as SIASN's rw_diklat gives them: camelCase fields, no kind, a
    year without dates and leadership training without hours."""
    header = ["nipBaru", "latihanStrukturalNama", "nomor", "tanggal", "tahun", "jumlahJam",
              "tanggalSelesai", "institusiPenyelenggara"]
    rows = [[b.person_nip(i), "Pelatihan Kepemimpinan Pengawas" if i % 2 else
             "Latsar CPNS", f"SERT-{i}", "", b.SIKLUS, "", "", "BPSDMD"]
            for i in range(b.N_PEOPLE)]
    b.write_csv(folder, "pelatihan", Table(header, rows))


case("siasn_rw_diklat", "pelatihan", "SIASN rw_diklat export (camelCase, year only, no hours)",
     kept=20, check=lambda d: bool((d["jp"] >= 830).all()
                                   and (d["tanggal_mulai"].dt.year == b.SIKLUS).all()))(
         _siasn_diklat)


# --- whole files -----------------------------------------------------------------------------

def _bytes(name: str, data: bytes) -> Callable[[Path], object]:
    return lambda folder: (folder / name).write_bytes(data)


def _truncated_xlsx(folder: Path) -> None:
    path = b.write_xlsx(folder, "pegawai", b.pegawai())
    path.write_bytes(path.read_bytes()[:1500])


case("file_kosong", "pegawai", "an empty download", refused=r"file kosong")(
    _bytes("pegawai.csv", b""))
case("file_hanya_spasi", "pegawai", "a file of blank lines", refused=r"file kosong")(
    _bytes("pegawai.csv", b"\r\n \r\n\r\n"))
case("xlsx_terpotong", "pegawai", "a workbook whose download was cut short",
     refused=r"tidak dapat dibuka|rusak")(_truncated_xlsx)
case("dua_file_satu_tabel", "pegawai", "the roster as both .xlsx and .csv",
     refused=r"ada di dua file")(lambda folder: (
         b.write_xlsx(folder, "pegawai", b.pegawai()),
         b.write_csv(folder, "pegawai", b.pegawai())))
