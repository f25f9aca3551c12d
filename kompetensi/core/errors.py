"""Errors raised for problems in the user's input (files, parameters), not in the code."""

from __future__ import annotations

from collections.abc import Iterable


class KompetensiError(Exception):
    """Base class: the command line prints the message only, without a traceback."""


class DataError(KompetensiError):
    """A raw file cannot be used: unreadable, empty, wrong sheet, missing required column.

    The message names the file and the problem (and the row and column when there is one).
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.file, self.row, self.column = file, row, column
        where = ", ".join(
            part for part in (
                f"file {file}" if file else "",
                f"baris {row}" if row is not None else "",
                f"kolom '{column}'" if column else "",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)


def require_columns(data, columns: Iterable[str], name: str) -> None:
    """Raise ValueError naming the table, the missing columns and the columns present.

    The one check of required columns that the analysis functions share (a DataFrame in,
    nothing returned).
    """
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"{name}: kolom wajib tidak ada: {', '.join(missing)} "
                         f"(kolom yang ada: {', '.join(map(str, data.columns))})")
