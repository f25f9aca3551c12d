"""A table from the sheets of a workbook (or the tables of an HTML page), chosen by content.

Every sheet is considered. Hidden, cover, instruction and lookup sheets are skipped with the
reason; the sheets whose header row (:func:`kompetensi.io.columns._find_header`) is found
for the table and that have data rows hold the table. Sheets with the same header (after
:func:`header_key`) are one table split over sheets (PNS and PPPK, one sheet per OPD) and are
concatenated; a sheet with another header is another table and is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.core.errors import DataError
from kompetensi.io.columns import HEADER_SCAN_ROWS, _find_header, header_aliases, header_key
from kompetensi.io.rawfile import SHEET_ROW_OFFSET, RawFile, SheetPart, drop_empty, unique_names

ERROR_VALUES = ("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!",
                "#GETTING_DATA", "#SPILL!", "#CALC!", "#N/A!")
# sheet names (as header keys, matched as whole words) that are never the table
_NAMED = (
    ("petunjuk", "petunjuk pengisian"), ("cara pengisian", "petunjuk pengisian"),
    ("panduan", "petunjuk pengisian"), ("instruksi", "petunjuk pengisian"),
    ("keterangan", "keterangan"), ("readme", "keterangan"), ("read me", "keterangan"),
    ("cover", "sampul"), ("sampul", "sampul"), ("halaman judul", "sampul"),
    ("referensi", "daftar referensi"), ("ref", "daftar referensi"),
    ("daftar pilihan", "daftar pilihan"), ("pilihan", "daftar pilihan"),
    ("dropdown", "daftar pilihan"), ("lookup", "daftar referensi"),
    ("master", "daftar referensi"),
)


@dataclass
class Sheet:
    """One sheet as the reader gives it.

    ``rows(n)`` returns the first ``n`` rows (all when ``None``), row ``i`` of the list being
    row ``i + 1`` of the sheet, merged ranges already filled; ``errors(header_row)`` counts
    the error cells below the header that the reader blanked itself (0 when unknown).
    """

    name: str
    rows: Callable[[int | None], list[list]]
    hidden: bool = False
    errors: Callable[[int], int] | None = None


def skip_reason_by_name(name: str) -> str | None:
    """Why a sheet is skipped from its name alone (instruction, cover, lookup), or ``None``.

    Examples
    --------
    >>> skip_reason_by_name("Petunjuk Pengisian"), skip_reason_by_name("Data PNS")
    ('sheet petunjuk pengisian', None)
    """
    key = f" {header_key(name)} "
    for word, reason in _NAMED:
        if f" {word} " in key:
            return f"sheet {reason}"
    return None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _why_not(rows: list[list], table: str | None) -> str:
    filled = [r for r in rows if any(not _blank(v) for v in r)]
    if not filled:
        return "sheet kosong"
    width = max(sum(not _blank(v) for v in r) for r in filled)
    if width <= 2 and len(filled) > 3:
        return "daftar kode/referensi (tanpa judul kolom tabel)"
    if len(filled) <= 10 and width <= 2:
        return "sampul/keterangan (tanpa judul kolom tabel)"
    return (f"tanpa judul kolom{f' tabel {table}' if table else ''} di {HEADER_SCAN_ROWS} "
            "baris pertama")


def _key(row: list) -> tuple[str, ...]:
    keys = [header_key(v) if not _blank(v) else "" for v in row]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys)


def assemble(path: Path, fmt: str, sheets: list[Sheet], table: str | None,
             skipped: list[tuple[str, str]] | None = None,
             aliases: pd.DataFrame | None = None) -> RawFile:
    """The table of ``table`` from ``sheets``, with every sheet used or skipped accounted
    (headers known by the built-in aliases or the dataset's ``aliases``)."""
    skipped = list(skipped or [])
    found = []  # (sheet, 0-based header row, header key)
    for sheet in sheets:
        reason = "sheet tersembunyi" if sheet.hidden else skip_reason_by_name(sheet.name)
        if reason:
            skipped.append((sheet.name, reason))
            continue
        head = [_cells(r) for r in sheet.rows(HEADER_SCAN_ROWS)]
        try:
            header = _find_header(head, path, table, aliases)
        except DataError:
            skipped.append((sheet.name, _why_not(head, table)))
            continue
        found.append((sheet, header, _key(head[header])))
    if not found:
        seen = "; ".join(f"{name} ({why})" for name, why in skipped) or "tidak ada sheet"
        raise DataError(
            f"baris judul kolom (header){f' tabel {table}' if table else ''} tidak ditemukan "
            f"di sheet mana pun; apakah ini file yang benar? Judul kolom harus memuat paling "
            f"sedikit dua nama kolom yang dikenal (docs/data_dictionary.md). Sheet yang ada: "
            f"{seen}",
            file=path.name)
    frames = [(sheet, header, key, *_frame(sheet, header)) for sheet, header, key in found]
    known = set(header_aliases(table, aliases))
    groups: dict[tuple[str, ...], list] = {}
    for item in frames:
        groups.setdefault(item[2], []).append(item)

    def score(key):
        members = groups[key]
        rows = sum(len(m[3]) for m in members)
        return (rows > 0, len(known.intersection(key)), rows, -frames.index(members[0]))

    best = max(groups, key=score)
    first = groups[best][0][0].name
    used = [m for m in groups[best] if len(m[3])] or groups[best][:1]
    for sheet, _header, key, _data, _n_blank, _errors in frames:
        if not any(sheet is m[0] for m in used):
            skipped.append((sheet.name, "hanya judul kolom, tanpa baris data" if key == best
                            else f"judul kolom berbeda dari sheet '{first}' (tabel lain?)"))
    parts, pieces, names = [], [], None
    for k, (sheet, header, _, data, n_blank, n_errors) in enumerate(used):
        if names is None:
            names = list(data.columns)
        else:  # same header keys: the first sheet's names, by position
            n = min(len(names), data.shape[1])
            data.columns = unique_names(names[:n] + list(data.columns[n:]))
        data.index = data.index + k * SHEET_ROW_OFFSET
        parts.append(SheetPart(sheet.name, k * SHEET_ROW_OFFSET, header + 1, len(data),
                               n_blank, n_errors))
        pieces.append(data)
    data = pieces[0] if len(pieces) == 1 else pd.concat(pieces)
    data.index.name = "baris"
    skipped.sort(key=lambda s: _position(sheets, s[0]))
    return RawFile(path, data, parts[0].header_row, sheet=parts[0].sheet, format=fmt,
                   parts=tuple(parts), skipped=tuple(skipped))


def _position(sheets: list[Sheet], name: str) -> int:
    return next((i for i, s in enumerate(sheets) if s.name == name), -1)


def _cells(row: list) -> list:
    return [None if isinstance(v, str) and v == "" else v for v in row]


def _frame(sheet: Sheet, header: int) -> tuple[pd.DataFrame, int, int]:
    """Data rows below the header (blank ones dropped), blank rows, error cells blanked."""
    rows = sheet.rows(None)
    head = _cells(rows[header]) if header < len(rows) else []
    body = rows[header + 1:]
    width = max([len(head), *(len(r) for r in body[:1])]) if body else len(head)
    if any(len(r) != width for r in body):
        body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    values = np.empty((len(body), width), dtype=object)
    if body:
        values[:] = body
    n_errors = _clean_cells(values)
    if sheet.errors is not None:
        n_errors += sheet.errors(header + 1)
    named = [j < len(head) and not _blank(head[j]) for j in range(width)]
    filled = ~pd.isna(values).all(axis=0) if len(body) else np.zeros(width, dtype=bool)
    keep = [j for j in range(width) if named[j] or filled[j]]
    names = [_name(head[j]) if named[j] else f"kolom_{j + 1}" for j in keep]
    data = pd.DataFrame(values[:, keep], columns=unique_names(names), dtype=object,
                        index=pd.RangeIndex(header + 2, header + 2 + len(body)))
    kept = drop_empty(data)
    return kept, len(data) - len(kept), n_errors


def _name(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean_cells(values: np.ndarray) -> int:
    """In place: empty strings and error values to ``None``, whole floats to ``int``.

    A workbook stores every number as a double; a whole number is given back as an ``int``
    (as openpyxl did), so that ``24`` is not read as the text ``"24.0"`` downstream. Numbers
    stored as text stay text. Returns the number of error values blanked.
    """
    if not values.size:
        return 0
    flat = values.reshape(-1)  # a view: values is a new C-ordered array
    kinds = pd.Series(flat, dtype=object, copy=False).map(type)  # one pass over the cells
    text = np.flatnonzero(kinds.isin([str]).to_numpy())
    n_errors = 0
    if len(text):
        cells = pd.Series(flat[text], dtype=object)
        errors = cells.isin(ERROR_VALUES).to_numpy()
        n_errors = int(errors.sum())
        flat[text[errors | (cells == "").to_numpy()]] = None
    floats = np.flatnonzero(kinds.isin([float]).to_numpy())
    if len(floats):
        numbers = flat[floats].astype(np.float64)
        whole = (numbers == np.floor(numbers)) & (np.abs(numbers) < 2.0 ** 53)
        flat[floats[whole]] = numbers[whole].astype(np.int64).tolist()
    return n_errors
