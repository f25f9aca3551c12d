"""Reading raw exports.

``read_raw`` turns one exported file into a DataFrame whatever its form: CSV/TSV/TXT in
UTF-8 (BOM or not), UTF-16, cp1252, ``;``/``,``/tab separated, with title rows above the
header; workbooks (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``) read whole, every sheet
considered; HTML tables saved as ``.xls``; SPSS ``.sav``. The format is found from the
content (:mod:`kompetensi.io.sniff`), not from the name. The returned frame keeps the file's
own column names and is indexed by the **row number in the source file** (1-based, counting
title rows and the header; see :data:`SHEET_ROW_OFFSET` for the later sheets of a
workbook), so every message can point at the row a person sees when opening the file.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pandas as pd

from kompetensi.core import config
from kompetensi.core.errors import DataError
from kompetensi.io.columns import (
    RAW_TABLES,
    REQUIRED_COLUMNS,
    canonical_name,
    header_aliases,
    header_key,
)
from kompetensi.io.rawfile import RawFile, SheetPart, drop_empty
from kompetensi.io.sniff import DOWNLOAD_AGAIN, WORKBOOK_FORMATS, sniff
from kompetensi.io.text import (
    BLOCK_BYTES,
    HEAD_BYTES,
    _categorical,
    _decode,
    _decoded,
    _layout,
    _one_chunk,
    _selected,
    transcoded,
)

RAW_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".htm", ".html",
                ".sav")
# side files of a cycle folder that are read by other code, not as a raw table
SIDE_FILES = ("program.csv", "opd.csv", "header_alias.csv", "unor_opd.csv")
SIDE_SUFFIX = "_kodebuku.csv"
CODEBOOK = "_kodebuku"  # the stem of a survey's codebook ends so: not a part of the table
# column of a CSV row's cells beyond the header (an unquoted separator inside a value shifts
# the row): cleaning rejects such rows (``sel_lebih``)
EXTRA_CELLS = "_sel_lebih"


def _finish(path: Path, data: pd.DataFrame, header: int, encoding: str, sep: str) -> RawFile:
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data), name="baris")
    kept = drop_empty(data)
    part = SheetPart(None, 0, header + 1, len(kept), len(data) - len(kept), 0)
    return RawFile(path, kept, header + 1, encoding=encoding, sep=sep,
                   format="tsv" if sep == "\t" else "csv", parts=(part,))


def _read_csv(source: Path | bytes, path: Path, table: str | None,
              columns: Collection[str] | None = None,
              aliases: pd.DataFrame | None = None) -> RawFile:
    """Read a CSV with pyarrow: parsed in parallel, every column a Categorical.

    The encoding is UTF-8 (BOM or not) when the text read is valid UTF-8, else cp1252, else
    latin-1. pyarrow parses the bytes (the separators, quotes and line ends are ASCII in all
    three) and builds each column's dictionary while parsing, so the text is never held once
    per row, and only the distinct values are decoded: the file is not transcoded as a whole.
    Files pyarrow cannot parse row for row (blank lines inside the data, ragged rows, line
    breaks inside quoted cells) are read with pandas instead, so that row numbers stay those
    of the file.
    """
    import pyarrow as pa
    from pyarrow import csv as pacsv

    if isinstance(source, bytes):
        head_bytes = source[:HEAD_BYTES]
    else:
        with source.open("rb") as handle:
            head_bytes = handle.read(HEAD_BYTES)
    if not head_bytes.strip():
        raise DataError("file kosong", file=path.name)
    candidates = ["utf-8-sig", "cp1252", "latin-1"]
    while True:  # the first encoding that reads the head; latin-1 reads anything
        try:
            head = codecs.getincrementaldecoder(candidates[0])().decode(head_bytes, final=False)
            break
        except UnicodeDecodeError:
            candidates.pop(0)
    sep, header, names = _layout(head, path, table, aliases)
    try:
        arrow = pacsv.read_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else source,
            read_options=pacsv.ReadOptions(skip_rows=header + 1, column_names=names,
                                           block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.dictionary(pa.int32(), pa.binary()) for n in names},
                strings_can_be_null=False,
                include_columns=_selected(names, table, columns, aliases)))
    except pa.ArrowInvalid:
        return _read_csv_pandas(source, path, table, columns, aliases)
    arrow = arrow.unify_dictionaries()
    encoded = {n: _one_chunk(arrow.column(n)) for n in arrow.column_names}
    del arrow
    for encoding in candidates:
        try:
            text = {n: _decoded(column.dictionary, encoding) for n, column in encoded.items()}
            break
        except (pa.ArrowInvalid, UnicodeDecodeError):
            continue
    data = pd.DataFrame({n: _categorical(encoded[n].indices, text[n]) for n in encoded})
    return _finish(path, data, header, encoding, sep)


def _read_csv_pandas(source: Path | bytes, path: Path, table: str | None,
                     columns: Collection[str] | None = None,
                     aliases: pd.DataFrame | None = None) -> RawFile:
    text, encoding = _decode(source if isinstance(source, bytes) else source.read_bytes(), path)
    sep, header, names = _layout(text[:HEAD_BYTES], path, table, aliases)
    wanted = _selected(names, table, columns, aliases)
    try:
        # rows longer than the header: their surplus cells get columns of their own, so that
        # pandas never takes the first cells for an index and shifts every value
        body = _io.StringIO(text)
        for _ in range(header + 1):
            body.readline()
        width = max((len(r) for r in csv.reader(body, delimiter=sep)), default=0)
        surplus = [f"{EXTRA_CELLS}{k}" for k in range(max(width - len(names), 0))]
        data = pd.read_csv(_io.StringIO(text), sep=sep, skiprows=header + 1, header=None,
                           names=[*names, *surplus], dtype=str, keep_default_na=False,
                           skip_blank_lines=False, index_col=False)
        data = _surplus_cells(data, surplus, sep)
        if wanted is not None:
            data = data[[c for c in data.columns if c in wanted or c == EXTRA_CELLS]]
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise DataError(f"CSV tidak dapat dibaca: {exc}", file=path.name) from exc
    return _finish(path, data, header, encoding, sep)


def _surplus_cells(data: pd.DataFrame, surplus: list[str], sep: str) -> pd.DataFrame:
    """The cells beyond the header, joined in one column :data:`EXTRA_CELLS` (<NA> where
    they are blank: trailing separators); no such column when every surplus cell is blank."""
    if not surplus:
        return data
    extra = data[surplus].fillna("").apply(lambda c: c.str.strip())
    joined = extra.agg(sep.join, axis=1).str.strip(sep + " ")
    data = data.drop(columns=surplus)
    if (joined != "").any():
        data[EXTRA_CELLS] = joined.mask(joined == "").astype("string")
    return data


def _read_sav(path: Path) -> RawFile:
    import pyreadstat

    try:
        data, _meta = pyreadstat.read_sav(str(path), apply_value_formats=True)
    except Exception as exc:  # pyreadstat raises its own exception types
        raise DataError(f"file SPSS tidak dapat dibaca ({exc}); {DOWNLOAD_AGAIN}",
                        file=path.name) from exc
    data.index = pd.RangeIndex(2, 2 + len(data), name="baris")
    kept = drop_empty(data.astype(object))
    part = SheetPart(None, 0, 1, len(kept), len(data) - len(kept), 0)
    return RawFile(path, kept, 1, format="sav", parts=(part,))


def read_raw(path: str | Path, table: str | None = None, columns: Collection[str] | None = None,
             aliases: pd.DataFrame | None = None) -> RawFile:
    """Read one raw export.

    Parameters
    ----------
    path
        A CSV/TSV/TXT, workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``), HTML or ``.sav``
        file; its content decides how it is read, whatever its name.
    table
        The canonical table it holds (helps find the header row and the sheets).
    columns
        Canonical names of the columns wanted (CSV only; default all): the other columns are
        parsed but not converted, which saves time and memory on large files. A row blank in
        every wanted column is dropped like a blank row.
    aliases
        Extra header aliases of the dataset (``tabel``, ``kolom``, ``alias``): they find the
        header row (and the sheets) besides the built-in aliases, and select ``columns``.

    Returns
    -------
    RawFile
        ``data`` has the file's column names, every cell as text (CSV, HTML) or as stored
        (workbook, SAV), and is indexed by the 1-based row number in the source file
        (``k * SHEET_ROW_OFFSET + row`` for the k-th sheet used). ``parts`` accounts for
        every sheet used, ``skipped`` lists the sheets left out and why.

    Raises
    ------
    DataError
        Missing, empty, damaged, password-protected or unsupported file; no sheet or table
        with a recognisable header row. No other exception escapes for any content.
    """
    from kompetensi.io.html import read_html
    from kompetensi.io.workbook import read_workbook

    path = Path(path)
    if not path.is_file():
        raise DataError("file tidak ditemukan", file=str(path))
    found = sniff(path)
    if found.format == "text":
        if found.encoding is None:
            return _read_csv(path, path, table, columns, aliases)
        raw = _read_csv(transcoded(path, found.encoding), path, table, columns, aliases)
        return replace(raw, encoding=found.encoding)
    if found.format in WORKBOOK_FORMATS:
        return read_workbook(path, found.format, table, aliases)
    if found.format == "html":
        return read_html(path, table, aliases)
    return _read_sav(path)


def canonical_columns(raw: RawFile, table: str,
                      extra_aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rename the file's columns to canonical names and check the required ones.

    Columns that match no alias keep their name (survey items, extra fields). When two
    columns map to the same canonical name, the first one wins, except that a name column
    beats its code: SIASN writes a field as a code and as a name side by side
    (``jenisHukuman`` "02" and ``jenisHukumanNama`` "Teguran tertulis"), and the one whose
    header ends in "nama" is read.

    Examples
    --------
    >>> data = pd.DataFrame({"nipBaru": ["x"], "jenisHukuman": ["02"],
    ...                      "jenisHukumanNama": ["Teguran tertulis"], "tahun": ["2025"]})
    >>> raw = RawFile(Path("disiplin.csv"), data, 1)
    >>> canonical_columns(raw, "disiplin")["jenis_hukuman"].tolist()
    ['Teguran tertulis']
    """
    aliases = header_aliases(table, extra_aliases)
    renamed, seen = {}, {}
    for column in raw.data.columns:
        key = header_key(column)
        canonical = canonical_name(key, aliases, table)  # an alias, or a question's text
        if not canonical:
            continue
        if canonical not in seen:
            renamed[column], seen[canonical] = canonical, column
        elif key.endswith(" nama") and not header_key(seen[canonical]).endswith(" nama"):
            del renamed[seen[canonical]]
            renamed[column] = canonical
            seen[canonical] = column
    missing = [" atau ".join(alt) for alt in REQUIRED_COLUMNS.get(table, ())
               if not set(seen).intersection(alt)]
    if missing:
        raise DataError(
            f"kolom wajib tidak ada: {', '.join(missing)} (kolom yang ditemukan: "
            f"{', '.join(map(str, raw.data.columns))})", file=raw.path.name)
    return raw.data.rename(columns=renamed)


def table_of(name: str) -> str | None:
    """The raw table a file of a cycle folder is a part of, from its name, or ``None``.

    ``<table>.<ext>`` and ``<table>_<label>.<ext>`` (``pelatihan_kursus.csv``,
    ``pegawai_dinkes.xlsx``) are parts of ``table``; a codebook (``*_kodebuku.*``), a side
    file or a name in other letters case is not.

    Examples
    --------
    >>> table_of("pelatihan_kursus.csv"), table_of("survei_reaksi.csv")
    ('pelatihan', 'survei_reaksi')
    >>> table_of("survei_reaksi_kodebuku.csv"), table_of("Pegawai.xlsx"), table_of("opd.csv")
    (None, None, None)
    """
    path = Path(name)
    if path.suffix.lower() not in RAW_SUFFIXES or _ignored(path.name) \
            or path.stem.endswith(CODEBOOK):
        return None
    found = [t for t in RAW_TABLES if path.stem == t or path.stem.startswith(f"{t}_")]
    return max(found, key=len) if found else None


def raw_files(dataset: str, siklus: int | str) -> dict[str, tuple[Path, ...]]:
    """The raw files of each table present for a dataset and cycle (the parts of a table
    sorted by name: ``pelatihan.csv`` before ``pelatihan_kursus.csv``).

    Raises
    ------
    DataError
        No cycle folder; two files of one name but another extension (``pegawai.csv`` and
        ``pegawai.xlsx``: the same export saved twice?).
    """
    folder = config.raw_dir(dataset, siklus)
    if not folder.is_dir():
        raise DataError(f"folder data mentah tidak ada: {folder}")
    found: dict[str, list[Path]] = {}
    stems: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        table = table_of(path.name)
        if table is None or not path.is_file():
            continue
        if path.stem in stems:
            raise DataError(f"tabel '{table}' ada di dua file: {stems[path.stem].name} "
                            f"dan {path.name}", file=str(folder))
        stems[path.stem] = path
        found.setdefault(table, []).append(path)
    return {table: tuple(paths) for table, paths in found.items()}


def _ignored(name: str) -> bool:
    """Files of a cycle folder that are not data: hidden and lock files, notes, side files."""
    lower = name.lower()
    return (name.startswith((".", "~$")) or lower.startswith("readme") or lower.endswith(".md")
            or lower.endswith(SIDE_SUFFIX) or lower in SIDE_FILES
            or lower.startswith("program."))


def unrecognised_files(dataset: str, siklus: int | str) -> list[tuple[str, str]]:
    """Files of a cycle folder that are read neither as a table nor as a side file.

    Returns
    -------
    list of (file name, reason in Indonesian)
        E.g. ``("Pegawai Mei.xlsx", "nama file bukan tabel yang dikenal (pegawai, …)")`` or
        ``("pegawai.pdf", "jenis file tidak didukung (.pdf)")``; sorted by name.
    """
    folder = config.raw_dir(dataset, siklus)
    if not folder.is_dir():
        raise DataError(f"folder data mentah tidak ada: {folder}")
    out = []
    for path in sorted(folder.iterdir()):
        if _ignored(path.name):
            continue
        suffix = path.suffix.lower()
        if path.is_dir():
            out.append((path.name, "folder tidak dibaca (letakkan file langsung di folder "
                                   "siklus)"))
        elif suffix not in RAW_SUFFIXES:
            out.append((path.name, f"jenis file tidak didukung ({suffix or 'tanpa ekstensi'}; "
                                   f"yang didukung: {', '.join(RAW_SUFFIXES)})"))
        elif table_of(path.name) is None:
            hint = (f"; ganti nama menjadi {path.stem.lower()}{suffix}"
                    if table_of(path.name.lower()) else "")
            out.append((path.name, f"nama file bukan tabel yang dikenal "
                                   f"({', '.join(RAW_TABLES)}; file bagian sebuah tabel: "
                                   f"<tabel>_<keterangan>{suffix}){hint}"))
    return out


def load_raw(dataset: str, siklus: int | str) -> dict[str, tuple[RawFile, ...]]:
    """Read every raw file of a dataset and cycle (``{table: (RawFile of each part, …)}``)."""
    return {table: tuple(read_raw(path, table) for path in paths)
            for table, paths in raw_files(dataset, siklus).items()}
