"""Where each cleaned row came from: the sheets of a workbook, accounted one by one.

A table may be read from several sheets of one workbook (:class:`kompetensi.io.RawFile`
``parts``: e.g. a PNS and a PPPK sheet). The rejected rows of a workbook with more than one
sheet then name their sheet ("pegawai.xlsx [PPPK]") and their row number on it, and the quality facts list, per sheet
used, the rows read, blank rows and error cells, and rejected rows; the sheets left out are
listed with the reason.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi import io
from kompetensi.clean import Cleaned
from kompetensi.clean.context import USED_COLUMNS


def read_table(path: Path, table: str, aliases: pd.DataFrame | None
               ) -> tuple[pd.DataFrame, io.RawFile]:
    """The raw rows of ``table`` with canonical names, and how the file was read (the
    :class:`~kompetensi.io.RawFile` without its data)."""
    raw = io.read_raw(path, table, columns=USED_COLUMNS.get(table), aliases=aliases)
    frame = io.canonical_columns(raw, table, aliases)
    return frame, dataclasses.replace(raw, data=raw.data.iloc[:0])


def by_sheet(cleaned: Cleaned, source: io.RawFile) -> Cleaned:
    """``cleaned`` with its rejects named by sheet and its ``read`` facts filled.

    ``read``: ``format``, ``lembar`` (per sheet used: ``lembar``, ``baris_judul``, ``baris``
    read, ``kosong`` blank rows dropped, ``sel_galat`` error cells blanked, ``ditolak``
    rejected rows) and ``dilewati`` (``[sheet, reason]`` of each sheet left out).
    """
    rejects = cleaned.rejects
    parts = source.parts or (io.SheetPart(source.sheet, 0, source.header_row,
                                          cleaned.n_in),)
    # name the sheet where the workbook has others: several used, or some left out
    named = any(p.sheet is not None for p in parts) and (len(parts) > 1 or bool(source.skipped))
    rows = rejects["baris"].to_numpy(dtype=np.int64)
    part_of = np.clip(rows // io.SHEET_ROW_OFFSET, 0, len(parts) - 1)
    whole_rows = (rejects["cakupan"] == "baris").to_numpy()
    if named and len(rejects):
        names = np.asarray([p.sheet for p in parts], dtype=object)[part_of]
        rejects = rejects.assign(
            file=pd.array([f"{f} [{s}]" for f, s in zip(rejects["file"], names, strict=True)],
                          dtype="string"),
            baris=rows % io.SHEET_ROW_OFFSET)
    read = {
        "format": source.format,
        "lembar": [{"lembar": p.sheet, "baris_judul": int(p.header_row), "baris": int(p.n_rows),
                    "kosong": int(p.n_blank), "sel_galat": int(p.n_errors),
                    "ditolak": int((whole_rows & (part_of == k)).sum())}
                   for k, p in enumerate(parts)],
        "dilewati": [[str(sheet), str(why)] for sheet, why in source.skipped],
    }
    return dataclasses.replace(cleaned, rejects=rejects, read=read)
