"""Workbooks (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``) read with calamine.

One reader for every spreadsheet format: :class:`python_calamine.CalamineWorkbook`. It reads
every row from the cells (never from the stored ``<dimension>``, which openpyxl's read-only
mode trusts), gives formulas' cached values and typed cells (dates as ``date``/``datetime``,
numbers as numbers, text as text), the sheets' visibility and their merged ranges. Error
cells come back blank from calamine; in ``.xlsx``/``.xlsm`` they are counted from the sheet
XML (``t="e"`` cells), elsewhere only errors stored as text are seen.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from kompetensi.core.errors import DataError
from kompetensi.io.rawfile import RawFile
from kompetensi.io.sheets import Sheet, assemble
from kompetensi.io.sniff import DOWNLOAD_AGAIN, RESAVE, UNLOCK, ZIP_ERRORS, refuse

if TYPE_CHECKING:
    import pandas as pd

# Formats checked in a child process first: a damaged BIFF file can make calamine ask for
# an absurd allocation (a corrupt count read as hundreds of GB), which aborts the process
# instead of raising. The zip formats are guarded by the members' CRCs.
CHECKED_IN_CHILD = ("xls", "xlsb")
CHILD_SECONDS = 300
_CHILD = """
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
except (ImportError, ValueError, OSError):
    pass
import python_calamine as pc
try:
    book = pc.CalamineWorkbook.from_path(sys.argv[1])
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(nrows=1)
except BaseException:
    pass
"""
_ERROR_CELL = re.compile(rb"<c\b[^>]*?\bt=\"e\"[^>]*>")
_CELL_ROW = re.compile(rb"\br=\"[A-Z]+(\d+)\"")


def _damaged(path: Path, fmt: str, exc: BaseException) -> DataError:
    detail = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
    return refuse(path, f"file {fmt} rusak atau terpotong ({detail})",
                  f"{DOWNLOAD_AGAIN}, atau buka di Excel lalu {RESAVE}")


def _calamine_errors() -> tuple[type[BaseException], ...]:
    """What calamine raises on a damaged file: its own errors, and a Rust panic.

    A panic inside the Rust code surfaces as ``pyo3_runtime.PanicException``, a subclass of
    ``BaseException`` (not of ``Exception``) that cannot be imported by name: it is found by
    its class name where it is caught (:func:`_is_panic`).
    """
    import python_calamine as pc

    return (pc.CalamineError, ValueError, TypeError, OverflowError, IndexError, OSError,
            UnicodeDecodeError, KeyError, RuntimeError)


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def read_workbook(path: Path, fmt: str, table: str | None,
                  aliases: pd.DataFrame | None = None) -> RawFile:
    """Read the table of ``table`` from every sheet of a workbook (``aliases``: the
    dataset's own header aliases, to find the header row).

    Raises
    ------
    DataError
        Damaged or truncated file, password-protected workbook, no sheet with the header.
    """
    import python_calamine as pc

    if fmt in CHECKED_IN_CHILD:
        _check_in_child(path, fmt)
    with _calamine_failures(path, fmt):
        book = pc.CalamineWorkbook.from_path(str(path))
    try:
        sheets, skipped = [], []
        for meta in book.sheets_metadata:
            if meta.typ not in (pc.SheetTypeEnum.WorkSheet,):
                skipped.append((meta.name, "bukan lembar data (grafik/makro)"))
                continue
            sheets.append(Sheet(meta.name, _loader(book, meta.name, path, fmt),
                                hidden=meta.visible != pc.SheetVisibleEnum.Visible,
                                errors=_error_counter(path, meta.name, fmt)))
        with _calamine_failures(path, fmt):  # sheets are loaded lazily, while assembling
            return assemble(path, fmt, sheets, table, skipped, aliases)
    finally:
        book.close()


@contextlib.contextmanager
def _calamine_failures(path: Path, fmt: str):
    """calamine's errors and panics as the one DataError of a damaged or locked workbook."""
    import python_calamine as pc

    try:
        yield
    except pc.PasswordError as exc:
        raise refuse(path, "workbook dilindungi kata sandi", UNLOCK) from exc
    except _calamine_errors() as exc:
        raise _damaged(path, fmt, exc) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _damaged(path, fmt, exc) from None
        raise


def _check_in_child(path: Path, fmt: str) -> None:
    """Open the workbook in a child process with limited memory; a crash there means a
    damaged file (:data:`CHECKED_IN_CHILD`)."""
    limit = (4 << 30) + 64 * path.stat().st_size
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(limit)],
                              capture_output=True, timeout=CHILD_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _damaged(path, fmt, exc) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise _damaged(path, fmt, RuntimeError(detail[0] if detail else
                                               f"pembaca berhenti, kode {done.returncode}"))


def _loader(book, name: str, path: Path, fmt: str):
    """``rows(n)`` of :class:`Sheet` for one sheet: calamine's cells, merged ranges filled."""
    cache: dict[str, object] = {}

    def rows(n: int | None) -> list[list]:
        if "sheet" not in cache:
            cache["sheet"] = book.get_sheet_by_name(name)
        sheet = cache["sheet"]
        values = sheet.to_python(skip_empty_area=False, nrows=n)
        _fill_merged(values, sheet.merged_cell_ranges or ())
        return values

    return rows


def _fill_merged(rows: list[list], ranges) -> None:
    """In place: every cell of a merged range gets the range's top-left value.

    Only the rows and columns the sheet has are filled (a range reaching below the last row
    read adds no row).
    """
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def _error_counter(path: Path, sheet: str, fmt: str):
    """``errors(header_row)`` of :class:`Sheet`: error cells below the header row, counted
    from the sheet XML of an ``.xlsx``/``.xlsm`` (calamine gives them back blank)."""
    if fmt not in ("xlsx", "xlsm"):
        return None

    def count(header_row: int) -> int:
        try:
            with zipfile.ZipFile(path) as archive:
                member = _sheet_member(archive, sheet)
                if member is None:
                    return 0
                return _count_errors(archive, member, header_row)
        except ZIP_ERRORS as exc:
            raise _damaged(path, fmt, exc) from exc

    return count


def _sheet_member(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding ``sheet``: workbook.xml names it, its rels give the target."""
    from xml.sax.saxutils import unescape

    book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        if not name or not rid or unescape(name.group(1), {"&quot;": '"', "&apos;": "'"}) \
                != sheet:
            continue
        wanted = rid.group(1) or rid.group(2)
        for rel in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
            if re.search(rf'\bId="{re.escape(wanted)}"', rel):
                target = re.search(r'\bTarget="([^"]*)"', rel)
                if target:
                    value = target.group(1)
                    return value.lstrip("/") if value.startswith("/") else f"xl/{value}"
    return None


def _count_errors(archive: zipfile.ZipFile, member: str, header_row: int) -> int:
    """Error cells (``t="e"``) in rows below ``header_row``, reading the XML in chunks."""
    total, tail = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 22):
            data = tail + chunk
            cut = data.rfind(b"<")  # a cell tag may straddle two chunks: keep the last tag
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if b't="e"' not in data:
                continue
            for tag in _ERROR_CELL.finditer(data):
                row = _CELL_ROW.search(tag.group(0))
                total += row is None or int(row.group(1)) > header_row
        if tail and b't="e"' in tail:
            for tag in _ERROR_CELL.finditer(tail):
                row = _CELL_ROW.search(tag.group(0))
                total += row is None or int(row.group(1)) > header_row
    return total

