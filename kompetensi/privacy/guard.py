"""Refuse commits of real personal data (UU 27/2022), whatever the file format.

Rules of ``kompetensi guard`` (pre-commit hook and CI): (a) no file under ``data/raw/`` but the
synthetic sample ``data/raw/contoh/``, whatever its content; (b) no NIP-, NI PPPK- or
NIK-shaped value in any other file outside ``tests/`` and ``*.md``. Spreadsheets, SPSS/Stata,
Parquet, notebooks (sources and outputs) and Office files are read by format; other binaries
are scanned for ASCII and UTF-16 digit runs. Shapes (spaces allowed between NIP groups)::

    NIP      YYYYMMDD YYYYMM S NNN   birth date, TMT CPNS, sex 1/2, serial
    NI PPPK  YYYYMMDD YYYY 2D S NNN  birth date, appointment year, '2', digit, sex, serial
    NIK      PPKKCC DDMMYY NNNN      province, regency, district, birth date (women: day+40)

Embedded dates must be real (births 1930-2010); floats such as ``1.98503E+17`` (a NIP that
lost digits) are checked on the digits they kept. Messages never show the value.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import posixpath
import re
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from kompetensi.core import config
from kompetensi.core.errors import KompetensiError
from kompetensi.privacy.shapes import LABELS, find_identifiers

RAW_PREFIX = "data/raw/"
SAMPLE_PREFIX = f"data/raw/{config.SAMPLE_DATASET}/"
RAW_ALLOWED = {"data/raw/.gitkeep"}
ADVICE = ("Data pribadi nyata tidak boleh masuk git. Pindahkan data nyata ke luar repositori "
          "atau ke data/raw/<dataset>/ (diabaikan git); bila file sudah di-stage, keluarkan "
          "dengan `git rm --cached FILE`. Nilai sintetis hanya boleh di data/raw/contoh/ "
          "dan tests/.")
_SOURCE = {".py", ".pyi", ".pyx", ".r", ".sh", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".rst",
           ".tex", ".js", ".css"}  # no float-notation check (see find_identifiers)
_PARAGRAPHS = {"p", "h", "si"}  # w:p, a:p, text:p, text:h, sharedStrings si: runs joined
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Problem:
    """One refused file: ``kind`` is ``data_mentah``, ``nip``, ``ni_pppk`` or ``nik``."""

    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


class Chunk(NamedTuple):
    where: str  # place in the file, e.g. "sheet 'Pegawai' sel B5"
    text: str
    numbered: bool = True  # add "baris N" (line of the match within text)
    floats: bool = True  # check float notation too (data, not source code)


def _decode(data: bytes) -> str | None:
    """Text of ``data`` (UTF-8, UTF-16 with or without BOM, else replaced), None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    head = data[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 5 and even < len(head) // 50:
        return data.decode("utf-16-le", "replace")
    if even > len(head) // 5 and odd < len(head) // 50:
        return data.decode("utf-16-be", "replace")
    return None if 0 in head else data.decode("utf-8", "replace")


def _bytes(data: bytes, where: str = "isi biner") -> Iterator[Chunk]:
    yield Chunk(where, data.decode("latin-1"), False)  # ASCII digit runs
    for start in (0, 1):  # UTF-16LE digit runs at either alignment
        yield Chunk(f"{where} (UTF-16)", data[start:].decode("utf-16-le", "replace"), False)


def _xml(data: bytes, where: str) -> Iterator[Chunk]:
    """Attribute values and text of an XML part; paragraph runs are joined first."""
    texts: list[str] = []

    def walk(element: ET.Element) -> None:
        texts.extend(element.attrib.values())
        if element.tag.rsplit("}", 1)[-1] in _PARAGRAPHS:
            texts.append("".join(element.itertext()))
            return
        texts.append(element.text or "")
        for child in element:
            walk(child)
            texts.append(child.tail or "")

    try:
        walk(ET.fromstring(data))
    except ET.ParseError:
        yield from _bytes(data, where)
        return
    yield Chunk(where, "\n".join(t for t in texts if t), False)


def _zip_part(name: str, data: bytes) -> Iterator[Chunk]:
    if name.lower().endswith((".xml", ".rels", ".vml")) or data.lstrip()[:5] == b"<?xml":
        return _xml(data, f"bagian {name}")
    text = _decode(data)
    return _bytes(data, f"bagian {name}") if text is None else iter([Chunk(f"bagian {name}", text)])


def _read_zip(path: Path) -> Iterator[Chunk]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield from _zip_part(info.filename, archive.read(info))


def _read_xlsx(path: Path) -> Iterator[Chunk]:
    """Every cell by sheet name and reference, then every other part of the workbook."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        strings = [] if "xl/sharedStrings.xml" not in names else [
            "".join(si.itertext())
            for si in ET.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{_MAIN}si")]
        rels = {rel.get("Id"): rel.get("Target", "") for rel in
                ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))}
        sheets = {}
        for sheet in ET.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
            target = rels.get(sheet.get(_REL_ID), "")
            part = target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
            sheets[part] = sheet.get("name")
        used: set[int] = set()
        for part, name in sheets.items():
            for _, cell in ET.iterparse(archive.open(part)):
                if cell.tag != f"{_MAIN}c":
                    continue
                text = "\n".join(cell.itertext())
                if cell.get("t") == "s" and (value := cell.findtext(f"{_MAIN}v", "")).isdigit():
                    used.add(int(value))
                    text = strings[int(value)] + "\n" + cell.findtext(f"{_MAIN}f", "")
                yield Chunk(f"sheet '{name}' sel {cell.get('r', '?')}", text, False)
                cell.clear()
        for index, text in enumerate(strings):
            if index not in used:
                yield Chunk(f"sharedStrings no. {index}", text, False)
        for name in sorted(names - set(sheets) - {"xl/sharedStrings.xml"}):
            if not name.endswith("/"):
                yield from _zip_part(name, archive.read(name))


def _values(values: Iterable[object]) -> str:
    return "\n".join(repr(v) if isinstance(v, float) else str(v) for v in values)


def _read_stat(path: Path) -> Iterator[Chunk]:
    import pyreadstat  # SPSS, Stata, SAS

    readers = {".sav": pyreadstat.read_sav, ".zsav": pyreadstat.read_sav,
               ".por": pyreadstat.read_por, ".dta": pyreadstat.read_dta,
               ".sas7bdat": pyreadstat.read_sas7bdat}
    frame, meta = readers[path.suffix.lower()](str(path))
    for column in frame.columns:
        yield Chunk(f"kolom '{column}'", _values(frame[column].tolist()))
    labels = [meta.column_labels, meta.variable_value_labels, meta.file_label]
    yield Chunk("metadata", json.dumps(labels, default=str, ensure_ascii=False), False)


def _read_arrow(path: Path) -> Iterator[Chunk]:
    import pyarrow.feather
    import pyarrow.parquet

    read = pyarrow.parquet.read_table if path.suffix.lower() == ".parquet" \
        else pyarrow.feather.read_table
    table = read(path)
    for name in table.column_names:
        yield Chunk(f"kolom '{name}'", _values(table.column(name).to_pylist()))
    metadata = table.schema.metadata or {}
    yield Chunk("metadata", "\n".join(v.decode("utf-8", "replace") for v in metadata.values()),
                False)


def _read_xls(path: Path) -> Iterator[Chunk]:
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    except ImportError:
        import xlrd  # ImportError here: the byte scan of _read_xls_bytes takes over

        book = xlrd.open_workbook(str(path))
        sheets = [(s.name, [s.row_values(r) for r in range(s.nrows)]) for s in book.sheets()]
    for name, rows in sheets:
        yield Chunk(f"sheet '{name}'", "\n".join("\t".join(_values(row).split("\n"))
                                                  for row in rows))


def _read_xls_bytes(path: Path) -> Iterator[Chunk]:
    """No .xls reader installed: digit runs, and the doubles of BIFF NUMBER records."""
    data = path.read_bytes()
    yield from _bytes(data)
    numbers = [struct.unpack_from("<d", data, m.start() + 10)[0]
               for m in re.finditer(rb"\x03\x02\x0e\x00", data) if m.start() + 18 <= len(data)]
    yield Chunk("sel angka", _values(numbers), False)


def _read_notebook(path: Path) -> Iterator[Chunk]:
    notebook = json.loads(path.read_bytes())

    def join(value: object) -> str:
        return "".join(value) if isinstance(value, list) else str(value or "")

    for number, cell in enumerate(notebook["cells"], 1):
        yield Chunk(f"sel {number} (sumber)", join(cell.get("source")), floats=False)
        for output in cell.get("outputs", []):
            texts = [join(output.get("text")), str(output.get("evalue", "")),
                     "\n".join(output.get("traceback", []))]
            for mime, value in (output.get("data") or {}).items():
                if mime.startswith("text/") or "json" in mime or mime.endswith("+xml"):
                    texts.append(join(value) if isinstance(value, str | list)
                                 else json.dumps(value))  # base64 images are skipped
            yield Chunk(f"sel {number} (keluaran)", "\n".join(texts))
        yield Chunk(f"sel {number} (metadata)", json.dumps(cell.get("metadata", {})), False)
    yield Chunk("metadata notebook", json.dumps(notebook.get("metadata", {})), False)


def _read_other(path: Path) -> Iterator[Chunk]:
    """Text files in any encoding; zip, gzip, bzip2 and xz archives; else the byte scan."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(path)
    for magic, module in ((b"\x1f\x8b", gzip), (b"BZh", bz2), (b"\xfd7zXZ", lzma)):
        if data.startswith(magic):
            data = module.decompress(data)
    text = _decode(data)
    if text is None:
        return _bytes(data)
    return iter([Chunk("", text, floats=path.suffix.lower() not in _SOURCE)])


_READERS = {".xlsx": (_read_xlsx, _read_zip), ".xlsm": (_read_xlsx, _read_zip),
            ".xls": (_read_xls, _read_xls_bytes), ".ipynb": (_read_notebook,),
            ".parquet": (_read_arrow,), ".feather": (_read_arrow,), ".arrow": (_read_arrow,),
            **dict.fromkeys((".sav", ".zsav", ".por", ".dta", ".sas7bdat"), (_read_stat,)),
            **dict.fromkeys((".ods", ".odt", ".odp", ".docx", ".docm", ".pptx", ".pptm",
                             ".xltx", ".xlsb"), (_read_zip,))}


def scan_file(path: Path) -> dict[str, tuple[str, int]]:
    """kind -> (first place, number of places) in one file.

    The readers of its format are tried in turn, then the plain text and byte scans, so a
    corrupt file or a missing optional library still gets the byte scan.
    """
    chunks: list[Chunk] = []
    for reader in (*_READERS.get(path.suffix.lower(), ()), _read_other,
                   lambda p: _bytes(p.read_bytes())):
        try:
            chunks = list(reader(path))
            break
        except Exception:  # any failure (corrupt file, no library): the next, simpler reader
            continue
    found: dict[str, tuple[str, int]] = {}
    for chunk in chunks:
        for kind, offset in find_identifiers(chunk.text, chunk.floats):
            if kind not in found:  # the place of the first one only: counting lines is slow
                line = chunk.text.count("\n", 0, offset) + 1
                where = f"{chunk.where} baris {line}".strip() if chunk.numbered else chunk.where
                found[kind] = (where or "isi file", 0)
            found[kind] = (found[kind][0], found[kind][1] + 1)
    return found


def _relative(path: Path, root: Path) -> str:
    full = path if path.is_absolute() else root / path
    rel = os.path.relpath(os.path.abspath(full), os.path.abspath(root))
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def check_paths(paths: Iterable[str | Path], root: str | Path) -> list[Problem]:
    """Problems of the files ``paths``, at most one per file and kind; empty when clean.

    Parameters
    ----------
    paths : iterable of str or Path
        Relative to ``root`` or absolute; a missing file is checked by its path only.
    root : str or Path
        Root of the repository: the rules are about paths inside it.
    """
    root = Path(root)
    problems = []
    for path in map(Path, paths):
        rel = _relative(path, root)
        if rel.startswith(RAW_PREFIX) and not rel.startswith(SAMPLE_PREFIX) \
                and rel not in RAW_ALLOWED:
            problems.append(Problem(rel, "data_mentah", "data mentah nyata tidak boleh "
                                    "di-commit: di data/raw/ hanya sampel sintetis "
                                    f"{SAMPLE_PREFIX} yang boleh masuk git"))
            continue
        full = root / rel
        if rel.startswith((SAMPLE_PREFIX, "tests/")) or rel.lower().endswith(".md") \
                or full.is_symlink() or not full.is_file():
            continue
        for kind, (where, count) in scan_file(full).items():
            more = f" (dan {count - 1} tempat lain)" if count > 1 else ""
            problems.append(Problem(rel, kind, f"nilai berbentuk {LABELS[kind]} di {where}{more}"))
    return problems


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise KompetensiError(f"git {args[0]} gagal di {root}: bukan repositori git?") from exc


def git_root(folder: Path) -> Path:
    """Top folder of the git repository holding ``folder``."""
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())


def git_files(root: Path, *, tracked: bool = False) -> list[str]:
    """Files staged for commit (added, copied, modified, renamed), or every tracked file."""
    args = ("ls-files", "-z") if tracked else \
        ("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    return [p for p in _git(root, *args).decode("utf-8", "surrogateescape").split("\0") if p]


def check_staged(root: Path) -> list[Problem]:
    """:func:`check_paths` of the staged files, as staged: files with unstaged changes too."""
    staged = git_files(root)
    unstaged = set(_git(root, "diff", "--name-only", "-z").decode("utf-8", "surrogateescape")
                   .split("\0")) & set(staged)
    problems = check_paths([p for p in staged if p not in unstaged], root)
    with tempfile.TemporaryDirectory(prefix="kompetensi-guard-") as snapshot:
        for rel in sorted(unstaged):  # the index blob, not the working copy
            target = Path(snapshot, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(root, "cat-file", "blob", f":{rel}"))
        problems += check_paths(sorted(unstaged), snapshot)
    return problems
