"""Arrow byte-string helpers of the national generator (``national.py``).

Every cell of the national files is either a number cast to text or one entry of a small
dictionary of pre-formatted, already encoded texts, picked by integer indices (``take``).
Rows are glued with ``binary_join_element_wise`` and their bytes go to the file in one write,
so no Python code runs per row and the encoding (UTF-8 or cp1252) is fixed when the small
dictionaries are built.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BLANK = pa.scalar(b"", pa.binary())


def cell(text: str, sep: str | None) -> str:
    """CSV text of one cell: quoted only when it holds the separator, a quote or a line end."""
    if sep and any(ch in text for ch in (sep, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def dictionary(values: Iterable[str], encoding: str = "utf-8", sep: str | None = None) -> pa.Array:
    """Encoded cell texts as a binary array (the targets of :func:`take`).

    Parameters
    ----------
    values : iterable of str
        Cell texts.
    encoding : str
        "utf-8" or "cp1252"; a text that cannot be encoded raises ``UnicodeEncodeError``.
    sep : str, optional
        Separator of the target file; cells holding it are quoted.

    Returns
    -------
    pyarrow.BinaryArray
    """
    return pa.array([cell(v, sep).encode(encoding) for v in values], type=pa.binary())


def take(values: pa.Array, indices: np.ndarray) -> pa.Array:
    """``values[indices]`` for a numpy integer index array."""
    return pc.take(values, pa.array(np.asarray(indices, dtype=np.int64)))


def digits(numbers: np.ndarray) -> pa.Array:
    """Integers written as decimal text (binary array)."""
    return pc.cast(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string()), pa.binary())


def concat(*parts: pa.Array | bytes) -> pa.Array:
    """Element-wise concatenation of binary arrays and byte constants."""
    args = [pa.scalar(p, pa.binary()) if isinstance(p, bytes) else p for p in parts]
    return pc.binary_join_element_wise(*args, BLANK)


def replace(values: pa.Array, rows: np.ndarray, new: pa.Array) -> pa.Array:
    """Copy of ``values`` with the (sorted) positions ``rows`` set to ``new``."""
    if len(rows) == 0:
        return values
    mask = np.zeros(len(values), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(values, pa.array(mask), new)


def line_bytes(columns: list[pa.Array], sep: bytes, eol: bytes) -> memoryview:
    """The bytes of the CSV lines made of ``columns`` (no quoting beyond the dictionaries')."""
    last = concat(columns[-1], eol)
    lines = pc.binary_join_element_wise(*columns[:-1], last, pa.scalar(sep, pa.binary()))
    if lines.null_count:
        raise ValueError("a cell of the national generator is missing (null)")
    _, offsets, data = lines.buffers()
    off = np.frombuffer(offsets, dtype=np.int32, count=len(lines) + 1, offset=4 * lines.offset)
    return memoryview(data)[int(off[0]) : int(off[-1])]


def write_lines(
    handle: BinaryIO, columns: list[pa.Array], sep: bytes, eol: bytes, batch: int = 1_000_000
) -> int:
    """Write the lines made of ``columns`` in batches of rows; return the number of rows."""
    n = len(columns[0])
    for start in range(0, n, batch):
        part = [c.slice(start, batch) for c in columns]
        handle.write(line_bytes(part, sep, eol))
    return n


def header(names: Iterable[str], sep: str, eol: str, encoding: str = "utf-8") -> bytes:
    """A header (or title) line."""
    return (sep.join(cell(n, sep) for n in names) + eol).encode(encoding)
