"""What a raw file read gives: :class:`RawFile` and its :class:`SheetPart` accounting.

The data of a ``RawFile`` is indexed by the **row number in the source file** (1-based,
counting title rows and the header). A workbook's table may come from several sheets: the
rows of the k-th sheet used (0-based) are numbered ``k * SHEET_ROW_OFFSET + row``, so every
index value still points at one row of one sheet (:meth:`RawFile.location`). A table split
over several files (:func:`kompetensi.processing.sources.read_table`) numbers on: the k-th
sheet (or CSV) of all its files, in file order, gets ``k * SHEET_ROW_OFFSET``, and each
:class:`SheetPart` names its file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.core.uniques import on_uniques

SHEET_ROW_OFFSET = 10_000_000  # index of row r on the k-th sheet used: k * offset + r


@dataclass(frozen=True)
class SheetPart:
    """One sheet (or CSV file, or HTML table) whose rows are part of a ``RawFile``.

    Attributes
    ----------
    sheet
        Sheet name (``None`` for a CSV or SPSS file; ``"tabel 1"`` … for HTML tables).
    offset
        Added to the sheet's row numbers in the data index (``k * SHEET_ROW_OFFSET``).
    header_row
        1-based row of the header on that sheet.
    n_rows
        Data rows kept.
    n_blank
        Blank rows dropped.
    n_errors
        Error cells (``#N/A``, ``#REF!`` …) blanked.
    file
        Name of the file the sheet is in, where a table is read from several files
        (``None`` in the ``RawFile`` of one file: that is its ``path``).
    """

    sheet: str | None
    offset: int
    header_row: int
    n_rows: int
    n_blank: int = 0
    n_errors: int = 0
    file: str | None = None


@dataclass(frozen=True)
class RawFile:
    """One raw file as read: data with the file's column names, and how it was read.

    ``sheet`` is the name of the first sheet used; ``parts`` accounts for every sheet used
    and ``skipped`` lists the sheets left out, each with the reason (in Indonesian), and
    its file as a third item for a table of several files.
    """

    path: Path
    data: pd.DataFrame = field(repr=False)
    header_row: int  # 1-based row of the header in the source file (first sheet used)
    encoding: str | None = None
    sep: str | None = None
    sheet: str | None = None
    format: str | None = None
    parts: tuple[SheetPart, ...] = ()
    skipped: tuple[tuple[str, ...], ...] = ()

    def sheet_of(self, rows: Iterable[int]) -> pd.Series:
        """The sheet name of each index value in ``rows`` (a Series indexed by ``rows``).

        Examples
        --------
        >>> part = SheetPart("PNS", 0, 1, 1), SheetPart("PPPK", SHEET_ROW_OFFSET, 1, 1)
        >>> raw = RawFile(Path("x.xlsx"), pd.DataFrame(), 1, parts=part)
        >>> raw.sheet_of([2, SHEET_ROW_OFFSET + 2]).tolist()
        ['PNS', 'PPPK']
        """
        values = rows if hasattr(rows, "__len__") else list(rows)
        index = pd.Index(np.asarray(values, dtype=np.int64))
        names = [p.sheet for p in self.parts] or [self.sheet]
        k = np.clip(index.to_numpy() // SHEET_ROW_OFFSET, 0, len(names) - 1)
        return pd.Series(np.asarray(names, dtype=object)[k], index=index, dtype=object)

    def location(self, row: int) -> str:
        """Where index value ``row`` is in the file: ``"Sheet1!12"``, or ``"12"`` for a CSV.

        Examples
        --------
        >>> raw = RawFile(Path("x.xlsx"), pd.DataFrame(), 1,
        ...               parts=(SheetPart("PNS", 0, 1, 5), SheetPart("PPPK", 10**7, 1, 5)))
        >>> raw.location(10_000_012)
        'PPPK!12'
        """
        row = int(row)
        sheet = self.sheet_of([row]).iloc[0]
        where = f"{sheet}!{row % SHEET_ROW_OFFSET}" if sheet is not None else str(row)
        files = [p.file for p in self.parts]
        if len(set(files)) > 1:  # a table of several files: "pelatihan_kursus.csv:12"
            k = min(max(row // SHEET_ROW_OFFSET, 0), len(files) - 1)
            return f"{files[k]}:{where}"
        return where


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique the way pandas does it ("x", "x.1", …)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = name.strip()
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


def drop_empty(data: pd.DataFrame) -> pd.DataFrame:
    """Drop rows whose cells are all blank (trailing lines, spacer rows)."""
    candidates = np.arange(len(data))  # rows blank in every column checked so far
    # Columns with few distinct values first: they rule out most rows cheaply.
    for column in sorted(range(data.shape[1]), key=lambda j: _n_distinct(data.iloc[:, j])):
        if not len(candidates):
            break
        values = data.iloc[:, column]
        if isinstance(values.dtype, pd.CategoricalDtype):  # blank categories, then codes
            blank = np.append(_is_blank(pd.Series(values.cat.categories)).to_numpy(bool), True)
            candidates = candidates[blank[values.cat.codes.to_numpy()[candidates]]]
        else:
            cells = values.iloc[candidates]
            candidates = candidates[_is_blank(cells).to_numpy(dtype=bool)]
    keep = np.ones(len(data), dtype=bool)
    keep[candidates] = False
    return data if keep.all() else data.loc[keep]


def _n_distinct(column: pd.Series) -> int:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return len(column.cat.categories)
    return len(column)


@on_uniques
def _is_blank(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return (values.isna() | (text == "")).fillna(True).astype(bool)
