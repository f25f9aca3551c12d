"""Deterministic writers: xlsx with title rows (fixed timestamps) and csv in export dialects."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

# Fixed document timestamp of every workbook (the seed's date); never the wall clock.
FIXED_CREATED = dt.datetime(2025, 11, 28, 8, 0, 0)


@dataclass(frozen=True)
class RawFile:
    """One raw file to write.

    Attributes
    ----------
    path : str
        Path relative to the output folder ("2025/pegawai.xlsx").
    frame : pandas.DataFrame
        Cells (object dtype); the column names are the header row.
    titles : tuple of str
        Rows above the header (xlsx only; "" for a blank row).
    sep, encoding, quote_all, newline : csv dialect
        ``encoding`` "utf-8-sig" writes a BOM.
    note : str
        Format summary for the README.
    """

    path: str
    frame: pd.DataFrame
    titles: tuple[str, ...] = ()
    sep: str = ","
    encoding: str = "utf-8"
    quote_all: bool = False
    newline: str = "\n"
    note: str = ""
    date_format: str = "dd/mm/yyyy"
    meta: dict = field(default_factory=dict)


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _to_python(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def write_xlsx(target: Path, raw: RawFile) -> None:
    """Write a one-sheet workbook whose bytes depend only on ``raw``."""
    wb = xlsxwriter.Workbook(
        str(target),
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": raw.titles[0] if raw.titles else raw.path,
            "author": "BKPSDMD Kota Pangkalpinang (DATA SINTETIS)",
            "company": "DATA SINTETIS - bukan data pegawai sebenarnya",
            "created": FIXED_CREATED,
            "comments": "Sampel sintetis; dibuat ulang dengan: kompetensi synth",
        }
    )
    ws = wb.add_worksheet("Sheet1")
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    date_fmt = wb.add_format({"num_format": raw.date_format})
    ncol = raw.frame.shape[1]
    for i, title in enumerate(raw.titles):
        if title:
            ws.merge_range(i, 0, i, ncol - 1, title, bold) if ncol > 1 else ws.write_string(
                i, 0, title, bold
            )
    top = len(raw.titles)
    for j, name in enumerate(raw.frame.columns):
        ws.write_string(top, j, str(name), head)
    values = raw.frame.to_numpy(dtype=object)
    for i in range(values.shape[0]):
        row = top + 1 + i
        for j in range(values.shape[1]):
            v = _to_python(values[i, j])
            if _is_missing(v):
                continue
            if isinstance(v, str):
                ws.write_string(row, j, v)
            elif isinstance(v, dt.datetime | dt.date):
                ws.write_datetime(row, j, v, date_fmt)
            elif isinstance(v, bool):
                ws.write_boolean(row, j, v)
            else:
                ws.write_number(row, j, v)
    ws.set_column(0, ncol - 1, 16)
    wb.close()


def write_csv(target: Path, raw: RawFile) -> None:
    """Write a csv in the file's dialect (separator, encoding, quoting, line ends)."""
    buf = io.StringIO()
    writer = csv.writer(
        buf,
        delimiter=raw.sep,
        lineterminator=raw.newline,
        quoting=csv.QUOTE_ALL if raw.quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow([str(c) for c in raw.frame.columns])
    for row in raw.frame.to_numpy(dtype=object):
        writer.writerow(["" if _is_missing(v) else str(_to_python(v)) for v in row])
    target.write_bytes(buf.getvalue().encode(raw.encoding))


def write(out_dir: Path, raw: RawFile) -> Path:
    """Write one raw file below ``out_dir`` and return its path."""
    target = out_dir / raw.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if raw.path.endswith(".xlsx"):
        write_xlsx(target, raw)
    else:
        write_csv(target, raw)
    return target
