"""HTML tables saved as ``.xls`` (what many web applications call an Excel export).

Every ``<table>`` of the page is considered like a sheet (named ``tabel 1``, ``tabel 2`` …)
and the table is chosen by its header row (:mod:`kompetensi.io.sheets`). The page is parsed
with lxml, as ``pandas.read_html`` does, but the cells are kept as the text shown: a NIP or
a code with leading zeros stays text, as in a CSV. ``colspan``/``rowspan`` cells are filled
into every cell they cover, like merged cells of a workbook.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from kompetensi.core.errors import DataError
from kompetensi.io.rawfile import RawFile
from kompetensi.io.sheets import Sheet, assemble
from kompetensi.io.sniff import DOWNLOAD_AGAIN, EXPORT_AGAIN, refuse, text_encoding

if TYPE_CHECKING:
    import pandas as pd

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
MAX_SPAN = 1000  # a colspan/rowspan larger than this is taken as 1 (damaged markup)


def _decode(data: bytes) -> tuple[str, str]:
    """The page's text and encoding: BOM, then ``<meta charset>``, then UTF-8, cp1252."""
    encodings = [text_encoding(data)]
    found = _CHARSET.search(data[:4096])
    if found:
        encodings.append(found.group(1).decode("ascii").lower())
    for encoding in (*encodings, "utf-8-sig", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


def _span(cell, name: str) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    return value if 1 <= value <= MAX_SPAN else 1


def table_rows(table) -> list[list]:
    """The rows of one ``<table>`` element (its own rows, not those of nested tables)."""
    rows: list[list] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) filled by a rowspan above
    for i, tr in enumerate(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")):
        row: list = []
        j = 0
        for cell in tr.xpath("./td | ./th"):
            while (i, j) in pending:
                row.append(pending.pop((i, j)))
                j += 1
            text = " ".join(cell.text_content().split())
            for dj in range(_span(cell, "colspan")):
                row.append(text)
                for di in range(1, _span(cell, "rowspan")):
                    pending[(i + di, j + dj)] = text
            j += _span(cell, "colspan")
        while (i, j) in pending:
            row.append(pending.pop((i, j)))
            j += 1
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def read_html(path: Path, table: str | None, aliases: pd.DataFrame | None = None) -> RawFile:
    """Read the table of ``table`` from the HTML tables of ``path`` (``aliases``: the
    dataset's own header aliases, to find the header row).

    Raises
    ------
    DataError
        No table in the page, markup that cannot be parsed, no table with the header.
    """
    import lxml.etree
    import lxml.html

    try:
        text, encoding = _decode(path.read_bytes())
    except OSError as exc:
        raise DataError(f"file tidak dapat dibuka ({exc})", file=path.name) from exc
    try:
        document = lxml.html.document_fromstring(text.lstrip("\ufeff") or "<html/>")
        tables = [table_rows(t) for t in document.iter("table")]
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise refuse(path, f"halaman HTML tidak dapat dibaca ({exc})", DOWNLOAD_AGAIN) from exc
    if not tables:
        raise refuse(path, "file ini halaman HTML tanpa tabel", EXPORT_AGAIN)
    sheets = [Sheet(f"tabel {k + 1}", _loader(rows)) for k, rows in enumerate(tables)]
    raw = assemble(path, "html", sheets, table, aliases=aliases)
    return RawFile(raw.path, raw.data, raw.header_row, encoding=encoding, sheet=raw.sheet,
                   format="html", parts=raw.parts, skipped=raw.skipped)


def _loader(rows: list[list]):
    def load(n: int | None) -> list[list]:
        return [list(r) for r in (rows if n is None else rows[:n])]

    return load
