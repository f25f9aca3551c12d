"""Writers of the raw-file fixtures of tests/io: every file is built at run time in tmp_path."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

HEADER = ["NIP", "Nama Pegawai", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan",
          "Nama Jabatan", "Unit Kerja", "Pendidikan Terakhir"]


def person(i: int, status: str = "PNS") -> list:
    """One roster row (synthetic NIP as text)."""
    nip = f"19800101200501{1 if i % 2 else 2}{i % 1000:03d}"
    return [nip, f"Pegawai {i}", status, "III/a" if status == "PNS" else "IX", "Pelaksana",
            "Pengadministrasi", f"Dinas {i % 3}", "S-1"]


def roster(n: int, status: str = "PNS", start: int = 1) -> list[list]:
    return [HEADER] + [person(i, status) for i in range(start, start + n)]


def write_xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = (),
               merges: dict[str, list[str]] | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def rewrite_member(path: Path, member: str, edit) -> Path:
    """Rewrite one member of a zip (``edit``: str -> str) and keep the others as they are."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files[member] = edit(files[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def set_cell_xml(xml: str, ref: str, cell: str) -> str:
    """Replace cell ``ref`` of a sheet XML by ``cell`` (raw XML)."""
    new, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell, xml, count=1)
    assert n == 1, ref
    return new


def write_xls(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    """A BIFF8 workbook (Excel 97-2003) written with xlwt."""
    import xlwt

    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        if name in hidden:
            sheet.visibility = 1
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(i, j, value, dates)
                elif value is not None:
                    sheet.write(i, j, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An OpenDocument spreadsheet written with odfpy (numbers as floats, the rest text)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.isoformat()))
                elif value is None:
                    cell = TableCell()
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_html(path: Path, tables: list[list[list]], encoding: str = "utf-8") -> Path:
    """A web application's "Excel" export: an HTML page with tables."""
    parts = [f'<html><head><meta charset="{encoding}"><title>Ekspor</title></head><body>']
    for rows in tables:
        parts.append("<table border=1>")
        for i, row in enumerate(rows):
            tag = "th" if i == 0 else "td"
            parts.append("<tr>" + "".join(f"<{tag}>{'' if v is None else v}</{tag}>"
                                          for v in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_bytes("\n".join(parts).encode(encoding))
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", sep: str = ";",
              bom: bool = False) -> Path:
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows)
    data = text.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe",
                "utf-16-be": b"\xfe\xff"}[encoding] + data
    path.write_bytes(data)
    return path
