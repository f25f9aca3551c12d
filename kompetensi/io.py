"""Reading raw exports and processed tables.

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

from kompetensi import config, locks, reference
from kompetensi.errors import DataError
from kompetensi.uniques import categorical, on_uniques

RAW_TABLES = ("pegawai", "pelatihan", "asesmen", "kinerja", "disiplin", "survei_reaksi",
              "survei_perilaku", "tes", "pemangku")
RAW_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".sav")
HEADER_SCAN_ROWS = 30
HEAD_BYTES = 1 << 18  # the header is looked for in the first 256 KiB
BLOCK_BYTES = 1 << 24  # pyarrow parses 16 MiB blocks in parallel

REQUIRED_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    # each inner tuple lists alternatives: at least one of them must be present
    "pegawai": (("nip",), ("status_asn",), ("golongan",), ("jenis_jabatan",), ("jabatan",),
                ("opd",), ("pendidikan",)),
    "pelatihan": (("nip",), ("nama_pelatihan",), ("jenis",), ("tanggal_mulai",), ("jp",)),
    "asesmen": (("nip",), ("kompetensi",), ("level_standar",), ("level_capaian",)),
    "kinerja": (("nip",), ("tahun",), ("predikat",)),
    "disiplin": (("nip",), ("tingkat", "jenis_hukuman"), ("tanggal", "tahun")),
    "survei_reaksi": (("program",),),
    "survei_perilaku": (("program",), ("penilai",), ("nip",)),
    "tes": (("nip",), ("program",), ("skor_pre",), ("skor_post",)),
    "pemangku": (("responden",), ("kelompok",), ("kriteria_a",), ("kriteria_b",),
                 ("penilaian", "nilai")),
}


@dataclass(frozen=True)
class RawFile:
    """One raw file as read: data with the file's column names, and how it was read."""

    path: Path
    data: pd.DataFrame = field(repr=False)
    header_row: int  # 1-based row of the header in the source file
    encoding: str | None = None
    sep: str | None = None
    sheet: str | None = None


def header_key(name: object) -> str:
    """Column-name matching key: lower case, punctuation-insensitive, single spaces."""
    text = str(name).replace("\ufeff", "").strip().lower()
    text = "".join(ch if ch.isalnum() or ch in "/ " else " " for ch in text)
    return " ".join(text.split())


def header_aliases(table: str | None = None,
                   extra: pd.DataFrame | None = None) -> dict[str, str]:
    """Alias key -> canonical column for ``table`` (plus aliases valid for every table)."""
    aliases = reference.load("header_alias")
    if extra is not None:
        aliases = pd.concat([aliases, extra[["tabel", "kolom", "alias"]]], ignore_index=True)
    if table is not None:
        aliases = aliases[aliases.tabel.isin(["*", table])]
    return {header_key(a): k for a, k in zip(aliases.alias, aliases.kolom, strict=True)}


def _find_header(rows: list[list[object]], path: Path, table: str | None) -> int:
    known = header_aliases(table)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = {known[k] for k in map(header_key, row) if k in known}
        if len(hits) >= 2:
            return i
    raise DataError(
        "baris judul kolom (header) tidak ditemukan di "
        f"{HEADER_SCAN_ROWS} baris pertama; apakah ini file/sheet yang benar?", file=path.name)


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


def load_processed(dataset: str, siklus: int | str, table: str | None = None,
                   rebuild: bool = True):
    """Processed tables of a cycle, rebuilt first when missing or out of date.

    Read while holding the cycle's lock (:mod:`kompetensi.locks`), so never while another
    process replaces the folder.

    Parameters
    ----------
    dataset, siklus
        Which data.
    table
        One table name, or None for a dict of all tables.
    rebuild
        Rebuild from ``data/raw`` when the processed data are missing or their inputs
        (raw file hashes, library version) changed.
    """
    from kompetensi import processing

    if rebuild:
        processing.build_processed(dataset, siklus)
    folder = config.processed_dir(dataset, siklus)
    with locks.hold(folder, wait=locks.PROCESSED_WAIT, busy=(
            f"data olahan {dataset}/{siklus} sedang dibangun proses lain; ulangi nanti")):
        if table is not None:
            path = folder / f"{table}.parquet"
            if not path.exists():
                raise DataError(f"tabel olahan '{table}' tidak ada untuk {dataset}/{siklus}")
            return pd.read_parquet(path)
        return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}
