"""Fault cases of the file itself: workbooks with several sheets, stale sizes, merged and
error cells, the formats agencies produce (BIFF .xls, HTML saved as .xls, .ods, UTF-16 and
tab-separated text), files whose extension lies, and files that cannot be used.

Registered in :data:`tests.corpus.cases.CASES` like the others.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus import base as b
from tests.corpus.cases import case
from tests.io import fixtures as fx


def _rows(t: b.Table) -> list[list[object]]:
    return t.all_rows()


def _two_sheets(folder: Path) -> None:
    t = b.pegawai()
    pns, pppk = b.Table(t.header, t.rows[:14]), b.Table(t.header, t.rows[14:])
    for i in range(len(pppk.rows)):
        pppk.set(i, "Status ASN", "PPPK").set(i, "Golongan", "IX")
    pppk.rows[2][b.pegawai().column("NIP")] = b.nip("19900101", "202013", 1, 3)  # TMT month 13
    fx.write_xlsx(folder / "pegawai.xlsx", {"PNS": _rows(pns), "PPPK": _rows(pppk)})


case("roster_dua_lembar", "pegawai", "the roster on two sheets, PNS and PPPK", kept=19,
     rejected={"nip_tmt": 1}, ready=False,
     check=lambda d: (d["status_asn"].astype(str) == "PPPK").sum() == 5)(_two_sheets)


def _cover_hidden_lookup(folder: Path) -> None:
    fx.write_xlsx(folder / "pegawai.xlsx", {
        "Sampul": [["DAFTAR PEGAWAI"], ["BKPSDMD KOTA PANGKALPINANG"], ["2025"]],
        "Petunjuk": [["Petunjuk pengisian"], ["1. Isi NIP 18 digit"], ["2. Jangan ubah kolom"]],
        "Referensi": [["Kode"], ["PNS"], ["PPPK"], ["III/a"], ["IX"], ["S-1"]],
        "Data": _rows(b.pegawai()),
        "Lama": _rows(b.pegawai()),
    }, hidden=("Lama",))


case("lembar_sampul_petunjuk_tersembunyi", "pegawai", "a cover, instructions, a lookup list "
     "and a hidden old copy around the data sheet", kept=20)(_cover_hidden_lookup)


def _stale_dimension(folder: Path) -> None:
    path = fx.write_xlsx(folder / "pegawai.xlsx", {"Sheet1": _rows(b.pegawai())})
    def stale(xml: str) -> str:
        assert '<dimension ref="A1:J21"/>' in xml
        return xml.replace('<dimension ref="A1:J21"/>', '<dimension ref="A1:J5"/>')

    fx.rewrite_member(path, "xl/worksheets/sheet1.xml", stale)


case("ukuran_lembar_usang", "pegawai", "a workbook whose stored sheet size says 5 rows",
     kept=20)(_stale_dimension)


def _merged_units(folder: Path) -> None:
    t = b.pegawai()
    rows = sorted(t.rows, key=lambda r: r[7])
    merges, start = [], 2  # the unit in column H, merged down over its people
    units = [r[7] for r in rows]
    for i, row in enumerate(rows):
        if i and units[i] == units[i - 1]:
            row[7] = None
        elif i:
            merges.append(f"H{start}:H{i + 1}")
            start = i + 2
    merges.append(f"H{start}:H{len(rows) + 1}")
    assert sum(r[7] is None for r in rows) == len(rows) - len(b.OPD)
    fx.write_xlsx(folder / "pegawai.xlsx", {"Sheet1": [t.header, *rows]},
                  merges={"Sheet1": merges})


case("sel_unit_digabung", "pegawai", "the unit written once in merged cells over its people",
     kept=20, check=lambda d: d["opd"].notna().all())(_merged_units)
case("galat_excel_di_nip", "pegawai", "#N/A in the NIP column (a failed VLOOKUP)", kept=19,
     rejected={"nip_kosong": 1}, ready=False)(lambda folder: fx.write_xlsx(
         folder / "pegawai.xlsx", {"Sheet1": _rows(b.pegawai().set(4, "NIP", "#N/A"))}))
case("xls_biff", "pegawai", "Excel 97-2003 .xls from an older SIMPEG", kept=20)(
    lambda folder: fx.write_xls(folder / "pegawai.xls", {"Sheet1": _rows(b.pegawai())}))
case("html_bernama_xls", "pegawai", "a web application's 'Excel' export: an HTML table "
     "named .xls", kept=20)(lambda folder: fx.write_html(
         folder / "pegawai.xls", [[[("" if v is None else str(v)) for v in r]
                                   for r in _rows(b.pegawai())]]))
case("ods", "kinerja", "an OpenDocument spreadsheet from LibreOffice", kept=20)(
    lambda folder: fx.write_ods(folder / "kinerja.ods", {"Sheet1": _rows(b.kinerja())}))
case("csv_utf16", "pelatihan", "'Unicode text' saved by Excel: UTF-16 with tabs", kept=30)(
    lambda folder: (folder / "pelatihan.txt").write_bytes(
        b.csv_bytes(b.pelatihan(), sep="\t", encoding="utf-16")))
case("tsv", "pelatihan", "tab-separated .tsv", kept=30)(lambda folder: (
    folder / "pelatihan.tsv").write_bytes(b.csv_bytes(b.pelatihan(), sep="\t")))


def _xlsx_named_csv(folder: Path) -> None:
    path = b.write_xlsx(folder, "pegawai", b.pegawai())
    path.rename(folder / "pegawai.csv")


case("xlsx_bernama_csv", "pegawai", "a workbook saved with a .csv name", kept=20)(
    _xlsx_named_csv)
case("csv_bernama_xlsx", "kinerja", "a CSV renamed to .xlsx", kept=20)(lambda folder: (
    folder / "kinerja.xlsx").write_bytes(b.csv_bytes(b.kinerja())))
case("pdf_bernama_xlsx", "pegawai", "a printed PDF saved under the workbook's name",
     refused=r"PDF")(lambda folder: (folder / "pegawai.xlsx").write_bytes(
         b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"))


def _password(folder: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = b.write_xlsx(folder, "plain", b.pegawai())
    with plain.open("rb") as source, (folder / "pegawai.xlsx").open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    plain.unlink()


case("xlsx_berkata_sandi", "pegawai", "a workbook protected with a password",
     refused=r"kata sandi")(_password)


def _corrupt_member(folder: Path) -> None:
    path = b.write_xlsx(folder, "pegawai", b.pegawai())
    fx.rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])


case("xlsx_anggota_rusak", "pegawai", "a workbook with a damaged sheet inside the archive",
     refused=r"rusak|tidak dapat dibuka|tidak dapat dibaca")(_corrupt_member)
