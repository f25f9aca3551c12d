"""CSV, TSV and TXT exports: separator, encoding and header row found from the text.

The helpers of the CSV readers of :mod:`kompetensi.io.readers` (``_read_csv``, pyarrow;
``_read_csv_pandas``): separator, header row and wanted columns from the first lines, the
distinct values decoded, UTF-16 and UTF-32 files transcoded to UTF-8 in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.core.errors import DataError
from kompetensi.core.uniques import categorical
from kompetensi.io.columns import (
    HEADER_SCAN_ROWS,
    _find_header,
    canonical_name,
    header_aliases,
    header_key,
)
from kompetensi.io.rawfile import unique_names
from kompetensi.io.sniff import DOWNLOAD_AGAIN

HEAD_BYTES = 1 << 18  # the header is looked for in the first 256 KiB
BLOCK_BYTES = 1 << 24  # pyarrow parses 16 MiB blocks in parallel


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if not data.strip():
        raise DataError("file kosong", file=path.name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # latin-1 decodes any byte


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


def _layout(head: str, path: Path, table: str | None,
            aliases: pd.DataFrame | None = None) -> tuple[str, int, list[str]]:
    """Separator, 0-based header row and column names, from the first lines of a CSV
    (the header known by the built-in aliases or the dataset's ``aliases``)."""
    if "\x00" in head[:4096]:
        raise DataError("file bukan teks CSV (berisi data biner)", file=path.name)
    lines = head.splitlines()[:HEADER_SCAN_ROWS]
    try:
        sep = _sniff_sep(lines)
        rows = list(csv.reader(lines, delimiter=sep))
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise DataError(f"CSV tidak dapat dibaca: {exc}", file=path.name) from exc
    header = _find_header(rows, path, table, aliases)
    return sep, header, unique_names([str(c) for c in rows[header]])


def _selected(names: list[str], table: str | None, columns: Collection[str] | None,
              aliases: pd.DataFrame | None) -> list[str] | None:
    """The file's columns that hold one of the canonical ``columns`` (the first of each)."""
    if columns is None:
        return None
    known, seen, out = header_aliases(table, aliases), set(), []
    for name in names:
        canonical = canonical_name(header_key(name), known, table)
        if canonical in columns and canonical not in seen:
            seen.add(canonical)
            out.append(name)
    return out


def transcoded(path: Path, encoding: str) -> bytes:
    """The text of a UTF-16/32 file (``encoding`` found by its BOM or NULs) as UTF-8 bytes.

    The text is decoded once and re-encoded in memory, so that the UTF-8 readers (pyarrow,
    then pandas) read it.
    """
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(f"teks {encoding.upper()} rusak (byte {exc.start}); {DOWNLOAD_AGAIN}",
                        file=path.name) from exc
    except OSError as exc:
        raise DataError(f"file tidak dapat dibuka ({exc})", file=path.name) from exc
    return text.lstrip("\ufeff").encode("utf-8")


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
