"""Personal-data protection: pseudonyms, small-cell suppression, leak scanning.

UU 27/2022 (Pelindungan Data Pribadi) covers NIPs, names, birth dates and performance ratings:
only the cleaning step sees them; processed data carry ``pid``; published outputs carry
aggregates only.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi import config

PID_BYTES = 8  # 16 hex characters: collisions are negligible for 10^7 people (~3e-6)
NIP_PATTERN = re.compile(r"(?<!\d)(19|20)\d{6}\s?\d{6}\s?[12]\s?\d{3}(?!\d)")
TEXT_SUFFIXES = {".html", ".htm", ".csv", ".json", ".ipynb", ".md", ".txt", ".xml", ".svg"}


def pseudonymize(nip: pd.Series, key: bytes | str) -> pd.Series:
    """Keyed hash of each NIP: BLAKE2b with ``key``, 16 hex characters.

    The same NIP and key give the same ``pid`` in every cycle, so people can be followed
    across cycles; without the key the NIP cannot be recovered or tested.

    Parameters
    ----------
    nip : Series
        Normalized 18-digit NIPs (see :func:`kompetensi.clean.parse_nip`); <NA> stays <NA>.
    key : bytes or str
        The secret key (at most 64 bytes are used).

    Returns
    -------
    Series of string.

    Examples
    --------
    >>> nip = "19850312" + "201001" + "1003"  # a synthetic NIP
    >>> len(pseudonymize(pd.Series([nip]), b"k").iloc[0])
    16
    """

    nip = pd.Series(nip, copy=False)
    codes, pids, _ = pseudonyms(nip, key)
    return pd.Series(pids_by_row(codes, pids), index=nip.index)


def pids_by_row(codes: np.ndarray, pids: pd.Index) -> pd.api.extensions.ExtensionArray:
    """The pid of each row from :func:`pseudonyms`' codes (-1: missing NIP, <NA> pid)."""
    import pyarrow as pa

    table = pa.concat_arrays([pa.array(pids.array, from_pandas=True).cast(pa.large_string()),
                              pa.nulls(1, pa.large_string())])  # last: missing NIPs
    return pd.arrays.ArrowStringArray(table).take(np.where(codes < 0, len(pids), codes))


def pseudonyms(nip: pd.Series, key: bytes | str) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """:func:`pseudonymize` by distinct NIP: what the roster of a cycle is built from.

    Returns
    -------
    codes : ndarray of int64
        Position of each row's NIP among the distinct ones (-1: missing), in order of first
        appearance (``pandas.factorize``).
    pids : Index of string
        The pid of each distinct NIP.
    numbers : ndarray of uint64
        The same pids as the 64-bit numbers their hex digits spell: sorting these sorts the
        pids, without comparing strings.
    """
    import pyarrow as pa

    key = key.encode() if isinstance(key, str) else key
    fresh = hashlib.blake2b(key=key[:64], digest_size=PID_BYTES).copy  # keyed state, reused
    nip = pd.Series(nip, copy=False)
    text = pa.array(nip.astype("string").array, from_pandas=True)
    codes, first = distinct_nips(text)
    uniques = text.take(first).to_pylist()

    def digest(value: str) -> bytes:
        state = fresh()
        state.update(value.encode())
        return state.digest()

    digests = b"".join(map(digest, uniques))  # distinct NIPs, once each
    width = 2 * PID_BYTES
    offsets = np.arange(len(uniques) + 1, dtype=np.int64) * width
    hexed = pa.Array.from_buffers(pa.large_string(), len(uniques), [
        None, pa.py_buffer(offsets), pa.py_buffer(digests.hex().encode("ascii"))])
    numbers = np.frombuffer(digests, dtype=f">u{PID_BYTES}").astype(np.uint64)
    return codes, pd.Index(pd.arrays.ArrowStringArray(hexed)), numbers


def distinct_nips(nip) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct NIPs (-1 for missing) in order of first appearance, as
    ``pandas.factorize``, and the first row of each. 18-digit NIPs are grouped as int64
    numbers: hashing millions of integers is much cheaper than hashing their text.

    ``nip`` is a pyarrow array of text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    given = nip.drop_null()
    if len(given) and pc.all(pc.match_substring_regex(given, "^[0-9]{18}$")).as_py():
        number = nip.cast(pa.int64()).fill_null(-1).to_numpy()  # exact, unlike float64
        present = number >= 0
        codes = np.full(len(number), -1, dtype=np.int64)
        codes[present] = pd.factorize(number[present])[0]
    else:
        codes = np.asarray(pd.factorize(pd.Series(pd.arrays.ArrowStringArray(
            nip.cast(pa.large_string()))), use_na_sentinel=True)[0], dtype=np.int64)
        present = codes >= 0
    first = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.int64)
    first[codes[present][::-1]] = np.flatnonzero(present)[::-1]  # last write wins: the first
    return codes, first


MARGINS = ("none", "rows", "columns", "both")


def suppress_small_cells(table: pd.DataFrame, k: int = config.SUPPRESSION_K,
                         columns: Iterable[str] | None = None, *,
                         margins: str = "none") -> pd.DataFrame:
    """Blank counts of 1 … k-1 people, and with published totals their complements.

    Step 1 (primary suppression): counts of 1 … k-1 become <NA>. Step 2 (complementary
    suppression, when ``margins`` says which totals are published): a row or column of the
    count block with exactly one suppressed cell would give it away (total minus the other
    cells), so the smallest other non-zero cell of that row or column is suppressed too;
    rows and columns are checked again until no row or column has exactly one suppressed
    cell. When a row or column has no other non-zero cell, its smallest zero cell is used.

    Parameters
    ----------
    table : DataFrame
        Published table whose ``columns`` hold counts of people (one row per group).
    k : int
        Smallest publishable count (default 5, ``config.SUPPRESSION_K``). Zero is published
        by the primary step: it discloses nothing about a person.
    columns
        Count columns to check; default every integer column. With ``margins`` they form the
        count block whose totals are published.
    margins : {"none", "rows", "columns", "both"}
        Totals that are published or derivable: ``"none"`` (primary suppression only, the
        behaviour for a list of groups without a total), ``"rows"`` (each row's sum over
        ``columns``), ``"columns"`` (each column's sum over the rows) or ``"both"`` (a
        cross-table with row and column totals).

    Returns
    -------
    DataFrame
        A copy where suppressed counts are <NA> (count columns become nullable Int64).

    Raises
    ------
    ValueError
        For an unknown ``margins``, ``k < 1``, or (with margins) a missing or negative count.

    Notes
    -----
    The complement rule is the usual greedy heuristic (Hundepool et al., *Statistical
    Disclosure Control*, Wiley 2012, §5.2 "hypercube"/"singleton" patterns, simplified): it
    protects against the subtraction attack on one row or column, not against every linear
    programming attack on large tables (a cell that is a bridge between two groups of
    suppressed cells may still be derivable). For tables of a few dozen cells, as published
    here, tests check with linear programming that no suppressed cell is determined.

    References
    ----------
    ``docs/asumsi.md`` A-SUP-1 (k = 5); UU 27/2022 Pelindungan Data Pribadi.

    Examples
    --------
    >>> t = pd.DataFrame({"opd": ["A", "B", "C"], "l": [3, 10, 12], "p": [20, 40, 60]})
    >>> suppress_small_cells(t)["l"].tolist()
    [<NA>, 10, 12]
    >>> out = suppress_small_cells(t, margins="both")
    >>> out[["l", "p"]].isna().to_numpy().tolist()  # 3; then 10 (column l), 20 (row A), 40
    [[True, True], [True, True], [False, False]]
    """
    if margins not in MARGINS:
        raise ValueError(f"margins harus salah satu dari {MARGINS}, bukan {margins!r}")
    if k < 1:
        raise ValueError(f"k harus paling sedikit 1, bukan {k}")
    out = table.copy()
    if columns is None:
        columns = [c for c in out.columns if pd.api.types.is_integer_dtype(out[c])]
    columns = list(columns)
    block = out[columns].astype("Float64").astype("float64") if columns else None
    if block is None:
        return out
    values = block.to_numpy(dtype="float64")
    hidden = (values > 0) & (values < k)
    if margins != "none":
        if np.isnan(values).any() or (values < 0).any():
            raise ValueError("suppress_small_cells: penekanan komplementer memerlukan hitungan "
                             "yang terisi dan tidak negatif")
        hidden = _complement(values, hidden, rows=margins in ("rows", "both"),
                             cols=margins in ("columns", "both"))
    for j, column in enumerate(columns):
        out[column] = block[column].mask(hidden[:, j]).round().astype("Int64")
    return out


def _complement(values: np.ndarray, hidden: np.ndarray, *, rows: bool,
                cols: bool) -> np.ndarray:
    """Add complementary cells until no checked row/column has exactly one hidden cell."""
    hidden = hidden.copy()
    axes = [(hidden, values)] if rows else []
    axes += [(hidden.T, values.T)] if cols else []  # transposed views write into ``hidden``
    changed = True
    while changed:
        changed = False
        for h, v in axes:
            for i in np.flatnonzero(h.sum(axis=1) == 1):
                open_cells = np.flatnonzero(~h[i])
                if not open_cells.size:
                    continue
                nonzero = open_cells[v[i, open_cells] > 0]
                pool = nonzero if nonzero.size else open_cells
                h[i, pool[np.argmin(v[i, pool])]] = True
                changed = True
    return hidden


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


def mask_identifier(values: pd.Series) -> pd.Series:
    """Mask a value for the rejects table: keep its length and last three characters."""
    text = pd.Series(values, copy=False).astype("string")
    stars = text.str.len().sub(3).clip(lower=0).fillna(0).astype(int)
    masked = pd.Series(np.repeat("", len(text)), index=text.index, dtype="string")
    return masked.str.cat(stars.map(lambda n: "*" * n).astype("string")).str.cat(
        text.str[-3:].fillna(""))
