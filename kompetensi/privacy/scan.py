"""Leak scan: the raw data's NIPs, names and birth dates in published files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

NIP_PATTERN = re.compile(r"(?<!\d)(19|20)\d{6}\s?\d{6}\s?[12]\s?\d{3}(?!\d)")
TEXT_SUFFIXES = {".html", ".htm", ".csv", ".json", ".ipynb", ".md", ".txt", ".xml", ".svg"}


@dataclass(frozen=True)
class Identifiers:
    """Personal identifiers of the raw data that must never appear in a published file."""

    nips: frozenset[str]
    names: frozenset[str]
    birth_dates: frozenset[pd.Timestamp]

    @classmethod
    def empty(cls) -> Identifiers:
        return cls(frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class Finding:
    """One possible leak: where, and what kind (the value itself is not repeated)."""

    path: Path
    kind: str  # "nip", "nama", "tanggal_lahir"
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}{' (' + self.detail + ')' if self.detail else ''}"


def _file_texts(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [path.read_text(encoding="utf-8", errors="replace")]
    if suffix in (".xlsx", ".xlsm", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                    if n.endswith(".xml")]
    if suffix == ".png":
        return [_png_text_chunks(path.read_bytes())]
    if suffix == ".parquet":
        return [pd.read_parquet(path).to_csv(index=False)]
    return []


def _png_text_chunks(data: bytes) -> str:
    """Text of a PNG's tEXt/iTXt/zTXt chunks (metadata), where a name could hide."""
    import zlib

    texts, pos = [], 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind in (b"tEXt", b"iTXt"):
            texts.append(body.replace(b"\x00", b" ").decode("latin-1", "replace"))
        elif kind == b"zTXt":
            name, _, rest = body.partition(b"\x00")
            texts.append(name.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode(
                "latin-1", "replace"))
        pos += 12 + length
    return "\n".join(texts)


_DATE_SHAPES = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2}|\d{2}[-/]\d{2}[-/]\d{4}|\d{8})(?!\d)")
_WORD = re.compile(r"\w+")


def _date_forms(dates: Iterable[pd.Timestamp]) -> frozenset[str]:
    forms: set[str] = set()
    for d in dates:
        forms.update({d.strftime("%Y-%m-%d"), d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%Y"),
                      d.strftime("%Y%m%d")})
    return frozenset(forms)


def _name_index(names: Iterable[str]) -> tuple[frozenset[tuple[str, ...]], int]:
    """Full names as lower-case word tuples (single words are too common to flag)."""
    tuples = {tuple(w.lower() for w in _WORD.findall(n)) for n in names}
    tuples = {t for t in tuples if len(t) >= 2}
    return frozenset(tuples), max((len(t) for t in tuples), default=0)


def _find_name(text: str, names: frozenset[tuple[str, ...]], longest: int) -> str | None:
    """The first full name of ``names`` standing as consecutive words of ``text``.

    Linear in the text: each word starts at most ``longest`` set look-ups (a regex with
    thousands of alternatives is orders of magnitude slower on large HTML files).
    """
    words = _WORD.findall(text.lower())
    starts = {t[0] for t in names}
    for i, word in enumerate(words):
        if word in starts:
            for size in range(2, longest + 1):
                candidate = tuple(words[i:i + size])
                if candidate in names:
                    return " ".join(candidate)
    return None


def scan_for_leaks(paths: Iterable[Path], identifiers: Identifiers) -> list[Finding]:
    """Find NIPs, names and birth dates in published files.

    Scans HTML, CSV, JSON, ipynb, Markdown, XLSX (every XML part), Parquet and PNG metadata
    under each path (files or folders, recursively) for: any NIP-shaped 18-digit number (also
    written in groups); the NIPs, full names (two words or more, case-insensitive, matched as
    whole words) and birth dates (``YYYY-MM-DD``, ``DD-MM-YYYY``, ``DD/MM/YYYY``,
    ``YYYYMMDD``) of the raw data.

    Returns
    -------
    list of Finding, sorted by path and kind; empty when nothing was found.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir()
                     else [path])
    names, longest = _name_index(identifiers.names)
    dates = _date_forms(identifiers.birth_dates)
    findings: set[Finding] = set()
    for file in files:
        for text in _file_texts(file):
            squeezed = re.sub(r"(?<=\d) (?=\d)", "", text)
            if NIP_PATTERN.search(text) or set(re.findall(r"\d{18}", squeezed)) & \
                    identifiers.nips:
                findings.add(Finding(file, "nip"))
            if names and (name := _find_name(text, names, longest)):
                findings.add(Finding(file, "nama", f"{len(name)} karakter"))
            if dates and set(_DATE_SHAPES.findall(text)) & dates:
                findings.add(Finding(file, "tanggal_lahir"))
    return sorted(findings, key=lambda f: (str(f.path), f.kind))
