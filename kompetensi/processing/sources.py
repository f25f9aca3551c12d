"""Where each cleaned row came from: the files of a table and their sheets, one by one.

A table may be read from several sheets of one workbook (:class:`kompetensi.io.RawFile`
``parts``: e.g. a PNS and a PPPK sheet) and from several files of the cycle folder
(``pelatihan_diklat.csv`` + ``pelatihan_kursus.xlsx``, :func:`kompetensi.io.raw_files`). The
rows of all parts form one table, numbered so that each index value points at one row of
one sheet of one file (:data:`kompetensi.io.SHEET_ROW_OFFSET`: the k-th sheet or CSV of all
the files, in file order). The rejected rows then name their file where the table has
several ("pelatihan_kursus.csv"), their sheet where a workbook has several ("pegawai.xlsx
[PPPK]"), and their row number on it; the quality facts list, per file and sheet used, the
rows read, blank rows and error cells, and rejected rows; the sheets left out are listed
with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi import io
from kompetensi.clean import Cleaned
from kompetensi.clean.context import USED_COLUMNS

# ``attrs`` key of a table read: (file stem, sheet or None) of each part, by row offset, from
# which cleaning names a respondent by place (:func:`kompetensi.clean.skm.responden_ids`)
PARTS = "bagian"


def as_paths(files: Path | str | Sequence[Path | str]) -> tuple[Path, ...]:
    """The files of a table as a tuple of paths (one path, or the parts of
    :func:`kompetensi.io.raw_files`)."""
    if isinstance(files, (str, Path)):
        return (Path(files),)
    return tuple(Path(f) for f in files)


def source_name(files: Path | str | Sequence[Path | str]) -> str:
    """The file names of a table, as the rejects and quality facts show them
    (``"pelatihan_diklat.csv, pelatihan_kursus.csv"``)."""
    return ", ".join(p.name for p in as_paths(files))


def read_table(files: Path | Sequence[Path], table: str, aliases: pd.DataFrame | None
               ) -> tuple[pd.DataFrame, io.RawFile]:
    """The raw rows of ``table`` with canonical names, and how its files were read.

    Each part is read (:func:`kompetensi.io.read_raw`) and renamed
    (:func:`kompetensi.io.canonical_columns`) on its own, with the dataset's ``aliases``, so
    that parts with other headers (SIASN ``rw_diklat`` and ``rw_kursus``) are one table; the
    parts are then stacked (the union of their columns, missing cells <NA>).

    Returns
    -------
    DataFrame, RawFile
        The rows (``attrs["bagian"]``: the file stem and sheet of each part), and the :class:`~kompetensi.io.RawFile` without its data: for several
        files, its ``parts`` name their file (``SheetPart.file``), ``skipped`` holds
        ``(sheet, reason, file)`` and ``format`` the formats of the files.

    Raises
    ------
    DataError
        A part cannot be read, has no header row or lacks a required column; the message
        names that file.
    """
    paths = as_paths(files)
    if len(paths) == 1:
        raw = io.read_raw(paths[0], table, columns=USED_COLUMNS.get(table), aliases=aliases)
        frame = io.canonical_columns(raw, table, aliases)
        frame.attrs[PARTS] = tuple((paths[0].stem, p.sheet) for p in raw.parts) or (
            (paths[0].stem, raw.sheet),)
        return frame, dataclasses.replace(raw, data=raw.data.iloc[:0])
    frames, parts, skipped, formats, first = [], [], [], [], None
    for path in paths:
        raw = io.read_raw(path, table, columns=USED_COLUMNS.get(table), aliases=aliases)
        frame = io.canonical_columns(raw, table, aliases)
        first = first or raw
        own = raw.parts or (io.SheetPart(raw.sheet, 0, raw.header_row, len(frame)),)
        shift = len(parts) * io.SHEET_ROW_OFFSET
        frames.append(frame.set_axis(frame.index + shift, axis=0))
        parts += [dataclasses.replace(p, offset=p.offset + shift, file=path.name) for p in own]
        skipped += [(sheet, why, path.name) for sheet, why in raw.skipped]
        if raw.format not in formats:
            formats.append(raw.format)
    data = stack(frames)
    data.attrs[PARTS] = tuple((Path(p.file).stem, p.sheet) for p in parts)
    source = dataclasses.replace(first, data=data.iloc[:0], parts=tuple(parts),
                                 skipped=tuple(skipped), format=", ".join(map(str, formats)))
    return data, source


def stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several frames, columns in the order first seen, missing cells <NA>.

    A column that is a Categorical in every frame stays one (its categories united), so
    that parts read from CSV stay lean; other columns become ``object``.

    >>> a = pd.DataFrame({"nip": pd.Categorical(["1"]), "jp": ["2"]}, index=[2])
    >>> b = pd.DataFrame({"nip": pd.Categorical(["3"])}, index=[10_000_002])
    >>> out = stack([a, b])
    >>> out["nip"].tolist(), out["jp"].isna().tolist(), out.index.tolist()
    (['1', '3'], [False, True], [2, 10000002])
    """
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    index = frames[0].index.append([f.index for f in frames[1:]])
    out = {}
    for column in columns:
        present = [f[column] for f in frames if column in f]
        if all(isinstance(s.dtype, pd.CategoricalDtype) for s in present):
            none = present[0].cat.categories[:0]
            pieces = [f[column].array if column in f else
                      pd.Categorical.from_codes(np.full(len(f), -1), categories=none)
                      for f in frames]
            try:
                out[column] = pd.api.types.union_categoricals(pieces, ignore_order=True)
                continue
            except TypeError:  # categories of other types: as objects
                pass
        pieces = [f[column].to_numpy(dtype=object, na_value=None) if column in f else
                  np.full(len(f), None, dtype=object) for f in frames]
        out[column] = np.concatenate(pieces)
    data = pd.DataFrame(out, index=index, columns=columns)
    data.index.name = "baris"
    return data


def by_sheet(cleaned: Cleaned, source: io.RawFile) -> Cleaned:
    """``cleaned`` with its rejects named by file and sheet, and its ``read`` facts filled.

    ``read``: ``format``, ``lembar`` (per sheet or CSV used: ``file``, ``lembar``,
    ``baris_judul``, ``baris`` read, ``kosong`` blank rows dropped, ``sel_galat`` error cells
    blanked, ``ditolak`` rejected rows) and ``dilewati`` (``[sheet, reason]`` of each sheet
    left out, ``[sheet, reason, file]`` for a table of several files).
    """
    rejects = cleaned.rejects
    parts = source.parts or (io.SheetPart(source.sheet, 0, source.header_row,
                                          cleaned.n_in),)
    rows = rejects["baris"].to_numpy(dtype=np.int64)
    part_of = np.clip(rows // io.SHEET_ROW_OFFSET, 0, len(parts) - 1)
    whole_rows = (rejects["cakupan"] == "baris").to_numpy()
    labels = _labels(parts, source)
    if labels is not None and len(rejects):
        rejects = rejects.assign(
            file=pd.array(np.asarray(labels, dtype=object)[part_of], dtype="string"),
            baris=rows % io.SHEET_ROW_OFFSET)
    read = {
        "format": source.format,
        "lembar": [{"file": p.file, "lembar": p.sheet, "baris_judul": int(p.header_row),
                    "baris": int(p.n_rows), "kosong": int(p.n_blank),
                    "sel_galat": int(p.n_errors),
                    "ditolak": int((whole_rows & (part_of == k)).sum())}
                   for k, p in enumerate(parts)],
        "dilewati": [[str(x) for x in entry] for entry in source.skipped],
    }
    return dataclasses.replace(cleaned, rejects=rejects, read=read)


def _labels(parts: Sequence[io.SheetPart], source: io.RawFile) -> list[str] | None:
    """What the rejects of each part show in ``file``, or ``None`` to leave them as they are.

    One file: its name, with the sheet where the workbook has others (several used, or some
    left out). Several files: the part's file, with the sheet where that file has others.
    """
    files = [p.file for p in parts]
    if len(set(files)) <= 1:
        if any(p.sheet is not None for p in parts) and (len(parts) > 1 or source.skipped):
            return [f"{source.path.name} [{p.sheet}]" for p in parts]
        return None
    with_skipped = {entry[2] for entry in source.skipped if len(entry) > 2}
    labels = []
    for p in parts:
        named = p.sheet is not None and (files.count(p.file) > 1 or p.file in with_skipped)
        labels.append(f"{p.file} [{p.sheet}]" if named else str(p.file))
    return labels
