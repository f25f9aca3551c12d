"""Reading raw exports.

``read_raw`` turns one exported file into a DataFrame whatever its form (CSV in UTF-8 or
cp1252, ``;``/``,``/tab separated, title rows above the header; XLSX; SPSS ``.sav``). The
returned frame keeps the file's own column names and is indexed by the **row number in the
source file** (1-based, counting title rows and the header), so every message can point at the
row a person sees when opening the file.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.core.errors import DataError
from kompetensi.core.uniques import categorical, on_uniques
from kompetensi.io.columns import (
    HEADER_SCAN_ROWS,
    RAW_TABLES,
    REQUIRED_COLUMNS,
    _find_header,
    header_aliases,
    header_key,
)

RAW_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".sav")
HEAD_BYTES = 1 << 18  # the header is looked for in the first 256 KiB
BLOCK_BYTES = 1 << 24  # pyarrow parses 16 MiB blocks in parallel


@dataclass(frozen=True)
class RawFile:
    """One raw file as read: data with the file's column names, and how it was read."""

    path: Path
    data: pd.DataFrame = field(repr=False)
    header_row: int  # 1-based row of the header in the source file
    encoding: str | None = None
    sep: str | None = None
    sheet: str | None = None


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise DataError("file kosong", file=path.name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # pragma: no cover - latin-1 decodes any byte


def _sniff_sep(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for sep in (";", ",", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=sep))) - 1 for line in lines if line]
        if not counts or max(counts) == 0:
            continue
        top = max(counts)
        score = sum(c == top for c in counts) + top / 100
        if score > best_score:
            best, best_score = sep, score
    return best


def _unique_names(names: list[str]) -> list[str]:
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


def _layout(head: str, path: Path, table: str | None) -> tuple[str, int, list[str]]:
    """Separator, 0-based header row and column names, from the first lines of a CSV."""
    if "\x00" in head[:4096]:
        raise DataError("file bukan teks CSV (berisi data biner)", file=path.name)
    lines = head.splitlines()[:HEADER_SCAN_ROWS]
    sep = _sniff_sep(lines)
    rows = list(csv.reader(lines, delimiter=sep))
    header = _find_header(rows, path, table)
    return sep, header, _unique_names([str(c) for c in rows[header]])


def _selected(names: list[str], table: str | None, columns: Collection[str] | None,
              aliases: pd.DataFrame | None) -> list[str] | None:
    """The file's columns that hold one of the canonical ``columns`` (the first of each)."""
    if columns is None:
        return None
    known, seen, out = header_aliases(table, aliases), set(), []
    for name in names:
        canonical = known.get(header_key(name))
        if canonical in columns and canonical not in seen:
            seen.add(canonical)
            out.append(name)
    return out


def _read_csv(path: Path, table: str | None, columns: Collection[str] | None = None,
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

    with path.open("rb") as handle:
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
    sep, header, names = _layout(head, path, table)
    try:
        arrow = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header + 1, column_names=names,
                                           block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.dictionary(pa.int32(), pa.binary()) for n in names},
                strings_can_be_null=False,
                include_columns=_selected(names, table, columns, aliases)))
    except pa.ArrowInvalid:
        return _read_csv_pandas(path, table, columns, aliases)
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
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data), name="baris")
    return RawFile(path, _drop_empty(data), header + 1, encoding=encoding, sep=sep)


def _one_chunk(column):
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def _decoded(values, encoding: str):
    """Distinct raw values (bytes) as text: ASCII as it is, the rest in ``encoding``."""
    import pyarrow as pa

    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
        values.offset:values.offset + len(values) + 1]
    data = values.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]] if data else []
    if not len(raw) or raw.max() < 0x80 or encoding == "utf-8-sig":
        return values.cast(pa.large_string())  # pyarrow checks that it is UTF-8
    return pa.array([value.decode(encoding) for value in values.to_pylist()],
                    type=pa.large_string())


def _categorical(indices, categories) -> pd.Series:
    """Dictionary indices and their (distinct) text as a pandas Categorical."""
    import pyarrow as pa

    categories = pd.Index(pd.arrays.ArrowStringArray(pa.chunked_array([categories])))
    return pd.Series(categorical(indices.to_numpy(zero_copy_only=False), categories))


def _read_csv_pandas(path: Path, table: str | None, columns: Collection[str] | None = None,
                     aliases: pd.DataFrame | None = None) -> RawFile:
    text, encoding = _decode(path)
    sep, header, names = _layout(text[:HEAD_BYTES], path, table)
    wanted = _selected(names, table, columns, aliases)
    try:
        data = pd.read_csv(_io.StringIO(text), sep=sep, skiprows=header, header=0, dtype=str,
                           keep_default_na=False, skip_blank_lines=False)
        if wanted is not None:
            data = data[[c for c in data.columns if c in wanted]]
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"CSV tidak dapat dibaca: {exc}", file=path.name) from exc
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data), name="baris")
    return RawFile(path, _drop_empty(data), header + 1, encoding=encoding, sep=sep)


def _read_xlsx(path: Path, table: str | None) -> RawFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataError(f"file Excel tidak dapat dibuka ({exc.__class__.__name__})",
                        file=path.name) from exc
    try:
        names = book.sheetnames
        sheet = next((s for s in names if header_key(s) == header_key(table or "")), names[0])
        rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    if not any(any(v is not None and str(v).strip() for v in r) for r in rows):
        raise DataError(f"sheet '{sheet}' kosong", file=path.name)
    try:
        header = _find_header(rows, path, table)
    except DataError as exc:
        raise DataError(f"{exc.args[0].split(': ', 1)[-1]} (sheet '{sheet}'; sheet yang ada: "
                        f"{', '.join(names)})", file=path.name) from None
    columns = [str(c).strip() if c is not None else f"kolom_{j + 1}"
               for j, c in enumerate(rows[header])]
    body = [r + [None] * (len(columns) - len(r)) for r in rows[header + 1:]]
    data = pd.DataFrame([r[:len(columns)] for r in body], columns=columns, dtype=object)
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data), name="baris")
    return RawFile(path, _drop_empty(data), header + 1, sheet=sheet)


def _read_sav(path: Path) -> RawFile:
    import pyreadstat

    try:
        data, _meta = pyreadstat.read_sav(str(path), apply_value_formats=True)
    except Exception as exc:  # pyreadstat raises its own exception types
        raise DataError(f"file SPSS tidak dapat dibaca ({exc})", file=path.name) from exc
    data.index = pd.RangeIndex(2, 2 + len(data), name="baris")
    return RawFile(path, _drop_empty(data.astype(object)), 1)


def _drop_empty(data: pd.DataFrame) -> pd.DataFrame:
    """Drop rows whose cells are all blank (trailing lines, spacer rows)."""
    candidates = np.arange(len(data))  # rows blank in every column checked so far
    # Columns with few distinct values first: they rule out most rows cheaply.
    for column in sorted(data.columns, key=lambda c: _n_distinct(data[c])):
        if not len(candidates):
            break
        values = data[column]
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


def read_raw(path: str | Path, table: str | None = None, columns: Collection[str] | None = None,
             aliases: pd.DataFrame | None = None) -> RawFile:
    """Read one raw export.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx``/``.xlsm`` or ``.sav`` file.
    table
        The canonical table it holds (helps find the header row and the sheet).
    columns
        Canonical names of the columns wanted (CSV only; default all): the other columns are
        parsed but not converted, which saves time and memory on large files. A row blank in
        every wanted column is dropped like a blank row.
    aliases
        Extra header aliases of the dataset (``tabel``, ``kolom``, ``alias``), used with
        ``columns``.

    Returns
    -------
    RawFile
        ``data`` has the file's column names, every cell as text (CSV) or as stored
        (XLSX/SAV), and is indexed by the 1-based row number in the source file.

    Raises
    ------
    DataError
        Missing, empty or unreadable file; no recognisable header row.
    """
    path = Path(path)
    if not path.exists():
        raise DataError("file tidak ditemukan", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return _read_csv(path, table, columns, aliases)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, table)
    if suffix == ".sav":
        return _read_sav(path)
    raise DataError(f"jenis file '{suffix}' tidak didukung (csv, xlsx, sav)", file=path.name)


def canonical_columns(raw: RawFile, table: str,
                      extra_aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rename the file's columns to canonical names and check the required ones.

    Columns that match no alias keep their name (survey items, extra fields). When two
    columns map to the same canonical name, the first one wins.
    """
    aliases = header_aliases(table, extra_aliases)
    renamed, seen = {}, set()
    for column in raw.data.columns:
        canonical = aliases.get(header_key(column))
        if canonical and canonical not in seen:
            renamed[column] = canonical
            seen.add(canonical)
    missing = [" atau ".join(alt) for alt in REQUIRED_COLUMNS.get(table, ())
               if not seen.intersection(alt)]
    if missing:
        raise DataError(
            f"kolom wajib tidak ada: {', '.join(missing)} (kolom yang ditemukan: "
            f"{', '.join(map(str, raw.data.columns))})", file=raw.path.name)
    return raw.data.rename(columns=renamed)


def raw_files(dataset: str, siklus: int | str) -> dict[str, Path]:
    """The raw file of each table present for a dataset and cycle."""
    folder = config.raw_dir(dataset, siklus)
    if not folder.is_dir():
        raise DataError(f"folder data mentah tidak ada: {folder}")
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.stem in RAW_TABLES and path.suffix.lower() in RAW_SUFFIXES:
            if path.stem in found:
                raise DataError(f"tabel '{path.stem}' ada di dua file: {found[path.stem].name} "
                                f"dan {path.name}", file=str(folder))
            found[path.stem] = path
    return found


def load_raw(dataset: str, siklus: int | str) -> dict[str, RawFile]:
    """Read every raw table of a dataset and cycle (``{table: RawFile}``)."""
    return {table: read_raw(path, table) for table, path in raw_files(dataset, siklus).items()}
