"""Layer 1, raw exports only: one file read whatever its form, and its columns."""

from kompetensi.io.columns import (
    HEADER_SCAN_ROWS,
    RAW_TABLES,
    REQUIRED_COLUMNS,
    header_aliases,
    header_key,
)
from kompetensi.io.rawfile import SHEET_ROW_OFFSET, RawFile, SheetPart
from kompetensi.io.readers import (
    EXTRA_CELLS,
    RAW_SUFFIXES,
    canonical_columns,
    load_raw,
    raw_files,
    read_raw,
    unrecognised_files,
)
