"""Leak scan: the raw data's identifiers in published files.

NIPs, names (bare and with their academic titles) and birth dates, and every other
identifier a SIASN export carries: NIK, NPWP, BPJS, phone numbers, old NIP and PNS ID (as
digits, whatever the separators), e-mail addresses and home addresses. A finding names the
kind of identifier and the file, never the value.
"""

from __future__ import annotations

import base64
import binascii
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

NIP_PATTERN = re.compile(r"(?<!\d)(19|20)\d{6}\s?\d{6}\s?[12]\s?\d{3}(?!\d)")
TEXT_SUFFIXES = {".html", ".htm", ".csv", ".json", ".ipynb", ".md", ".txt", ".xml", ".svg"}


# kinds of identifier held as digits (number_forms); PNS ID with letters is a code (code_forms)
NUMBER_KINDS = ("nik", "npwp", "bpjs", "nomor_hp", "nip_lama", "pns_id")
MIN_DIGITS = 8  # shorter numbers (counts, years) are not looked for
MIN_ADDRESS_CHARS = 12  # an address is looked for only when this long, and of 3 words or more
MIN_ADDRESS_WORDS = 3
_NUMBER_RUN = re.compile(r"\d(?:[ \u00a0.\-/()]{0,2}\d)*")  # "12.345.678.9-012.000", "0812-34"
_PLAIN_RUN = re.compile(rf"\d{{{MIN_DIGITS},}}")
_LONG_RUN = re.compile(rf"\d(?:[ \u00a0.\-/()]{{0,2}}\d){{{MIN_DIGITS - 1},}}")
_SEPARATORS = str.maketrans("", "", " \u00a0.-/()")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+$")
MAX_EMAIL_CHARS = 254  # RFC 5321: an address is at most 254 characters long


@dataclass(frozen=True)
class Identifiers:
    """Personal identifiers of the raw data that must never appear in a published file.

    Attributes
    ----------
    nips, names, birth_dates
        NIPs (18 digits), names (as written, bare and with titles) and birth dates.
    numbers
        Kind (:data:`NUMBER_KINDS`) -> digit strings (:func:`number_forms`).
    emails
        E-mail addresses, lower case (:func:`email_forms`).
    addresses
        Home addresses (:func:`address_forms`).
    codes
        Kind -> codes with letters (a PNS ID such as ``A8ACA7397AEB…``), lower case.
    """

    nips: frozenset[str]
    names: frozenset[str]
    birth_dates: frozenset[pd.Timestamp]
    numbers: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    emails: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    codes: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)

    @classmethod
    def empty(cls) -> Identifiers:
        return cls(frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class Finding:
    """One possible leak: where, and what kind (the value itself is not repeated)."""

    path: Path
    kind: str  # "nip", "nama", "tanggal_lahir", "email", "alamat" or one of NUMBER_KINDS
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}{' (' + self.detail + ')' if self.detail else ''}"


def _file_texts(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [images_as_text(path.read_text(encoding="utf-8", errors="replace"))]
    if suffix in (".xlsx", ".xlsm", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                    if n.endswith(".xml")]
    if suffix == ".png":
        return [_png_text_chunks(path.read_bytes())]
    if suffix == ".parquet":
        return [pd.read_parquet(path).to_csv(index=False)]
    return []


_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{1000,}={0,2}")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def images_as_text(text: str) -> str:
    r"""``text`` with each embedded PNG (a base64 run of 1,000 characters or more that decodes
    to a PNG) replaced by the text of the image's metadata chunks.

    The pages and notebooks embed their figures: nine tenths of a page are base64, which
    every search would otherwise read, and where a name in an image's metadata could not be
    seen. A run that is not a PNG is left as it is.

    >>> import base64, zlib
    >>> chunk = b"tEXtAuthor\x00Siti"
    >>> png = _PNG_SIGNATURE + len(chunk[4:]).to_bytes(4, "big") + chunk + \
    ...     zlib.crc32(chunk).to_bytes(4, "big") + b"\x00" * 1000
    >>> page = '<img src="data:image/png;base64,' + base64.b64encode(png).decode() + '">'
    >>> images_as_text(page)
    '<img src="data:image/png;base64, Author Siti ">'
    """
    def replace(run: re.Match) -> str:
        try:
            data = base64.b64decode(run.group(), validate=True)
        except (binascii.Error, ValueError):
            return run.group()
        return f" {_png_text_chunks(data)} " if data.startswith(_PNG_SIGNATURE) \
            else run.group()

    return _BASE64_RUN.sub(replace, text)


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


def _phone(digits: str) -> str:
    """A phone number in one form: ``+62 812…``/``62812…``/``812…`` -> ``0812…``."""
    if digits.startswith("62"):
        return "0" + digits[2:]
    return "0" + digits if digits.startswith("8") else digits


def _missing(value: object) -> bool:
    """None, NaN, <NA>, NaT."""
    return not isinstance(value, (str, int)) and bool(pd.isna(value))


def number_forms(values: Iterable[object], kind: str) -> frozenset[str]:
    """The digit strings of identifier cells (NIK, NPWP, BPJS, phone, old NIP, PNS ID).

    Separators are dropped (NPWP ``12.345.678.9-012.000``), phone numbers take one form
    (``+62 812-…`` and ``0812…`` alike), numbers of fewer than :data:`MIN_DIGITS` digits are
    left out. A cell with several numbers ("0812…, 0813…") gives each.

    >>> sorted(number_forms(["+62 812-3456-7890", "0813 1111 2222, 123"], "nomor_hp"))
    ['081234567890', '081311112222']
    """
    out = set()
    for value in values:
        if _missing(value):
            continue
        for run in _NUMBER_RUN.findall(str(value)):
            digits = re.sub(r"\D", "", run)
            if len(digits) >= MIN_DIGITS:
                out.add(_phone(digits) if kind == "nomor_hp" else digits)
    return frozenset(out)


def code_forms(values: Iterable[object]) -> frozenset[str]:
    """Identifier codes with letters (a PNS ID), lower case, at least :data:`MIN_DIGITS`
    characters; codes of digits only belong in :func:`number_forms`."""
    out = set()
    for value in values:
        text = "" if _missing(value) else str(value).strip().lower()
        if len(text) >= MIN_DIGITS and not re.fullmatch(r"[\d\s.\-/()+]*", text):
            out.add(text)
    return frozenset(out)


def email_forms(values: Iterable[object]) -> frozenset[str]:
    """The e-mail addresses in cells, lower case."""
    return frozenset(m.lower() for value in values if isinstance(value, str)
                     for m in _EMAIL.findall(value))


def emails_in(text: str) -> set[str]:
    """The e-mail addresses in ``text``, lower case.

    Found from each ``@`` outwards, so the time is linear in the text: ``_EMAIL.findall``
    on a page holding long base64 images tries every position of every long run of word
    characters (2.5 s on a 3 MB page, most of the leak scan).

    >>> sorted(emails_in("Kirim ke Ani.L@Contoh.go.id, bukan ke @admin atau 12@3."))
    ['ani.l@contoh.go.id']
    """
    found, at = set(), text.find("@")
    while at != -1:
        domain = _EMAIL_DOMAIN.match(text, at)
        local = _EMAIL_LOCAL.search(text, max(0, at - MAX_EMAIL_CHARS), at) if domain else None
        if local:
            found.add((local.group() + domain.group()).lower())
        at = text.find("@", at + 1)
    return found


def address_forms(values: Iterable[object]) -> frozenset[str]:
    """Addresses long enough to be looked for: :data:`MIN_ADDRESS_CHARS` characters and
    :data:`MIN_ADDRESS_WORDS` words or more (a short one would match ordinary words)."""
    return frozenset(text for value in values if isinstance(value, str)
                     if len(text := " ".join(value.split())) >= MIN_ADDRESS_CHARS
                     and len(_WORD.findall(text)) >= MIN_ADDRESS_WORDS)


def _date_forms(dates: Iterable[pd.Timestamp]) -> frozenset[str]:
    forms: set[str] = set()
    for d in dates:
        forms.update({d.strftime("%Y-%m-%d"), d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%Y"),
                      d.strftime("%Y%m%d")})
    return frozenset(forms)


@dataclass(frozen=True)
class _Phrases:
    """Word sequences to look for in text, each with its kind, indexed by their first word."""

    kinds: dict[tuple[str, ...], str]
    lengths: dict[str, tuple[int, ...]]  # first word -> lengths of the phrases it starts

    @classmethod
    def of(cls, groups: Iterable[tuple[str, Iterable[str], int]]) -> _Phrases:
        """From ``(kind, texts, fewest words)`` groups; earlier groups win a shared phrase."""
        kinds: dict[tuple[str, ...], str] = {}
        for kind, texts, fewest in groups:
            for text in texts:
                words = tuple(w.lower() for w in _WORD.findall(text))
                if len(words) >= fewest:
                    kinds.setdefault(words, kind)
        lengths: dict[str, set[int]] = {}
        for words in kinds:
            lengths.setdefault(words[0], set()).add(len(words))
        return cls(kinds, {w: tuple(sorted(n)) for w, n in lengths.items()})

    def find(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        """The first phrase of each kind standing as consecutive ``words``.

        Linear in the text: each word starts at most a few dictionary look-ups (a regex
        with thousands of alternatives is orders of magnitude slower on large HTML files).
        """
        found: dict[str, tuple[str, ...]] = {}
        lengths, kinds = self.lengths, self.kinds
        for i, word in enumerate(words):
            for size in lengths.get(word, ()):
                kind = kinds.get(tuple(words[i:i + size]))
                if kind is not None and kind not in found:
                    found[kind] = tuple(words[i:i + size])
        return found


def _numbers_in(text: str) -> set[str]:
    """Every digit string of at least :data:`MIN_DIGITS` digits in ``text``, separators
    dropped (also as a phone number, :func:`_phone`); in a long run, also its plain pieces
    (a number that merely follows another: ``"12.5 3271…"``)."""
    runs = set()
    for run in _LONG_RUN.findall(text):
        digits = run.translate(_SEPARATORS)
        runs.add(digits)
        if len(run) > 20 and digits != run:
            runs.update(_PLAIN_RUN.findall(run))
    return runs | {_phone(d) for d in runs}


def scan_for_leaks(paths: Iterable[Path], identifiers: Identifiers) -> list[Finding]:
    """Find the raw data's identifiers in published files.

    Scans HTML, CSV, JSON, ipynb, Markdown, XLSX (every XML part), Parquet and PNG metadata
    under each path (files or folders, recursively) for: any NIP-shaped 18-digit number (also
    written in groups); the NIPs, full names (two words or more, case-insensitive, matched as
    whole words; bare and with academic titles) and birth dates (``YYYY-MM-DD``,
    ``DD-MM-YYYY``, ``DD/MM/YYYY``, ``YYYYMMDD``) of the raw data; its NIK, NPWP, BPJS,
    phone, old NIP and PNS ID numbers (digits, whatever the separators: ``12.345.678.9-012``,
    ``+62 812-…`` = ``0812…``), e-mail addresses (case-insensitive) and addresses (whole
    words, case-insensitive).

    Returns
    -------
    list of Finding, sorted by path and kind; empty when nothing was found.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir()
                     else [path])
    phrases = _Phrases.of([("nama", identifiers.names, 2),
                           *((kind, codes, 1) for kind, codes in identifiers.codes.items()),
                           ("alamat", identifiers.addresses, MIN_ADDRESS_WORDS)])
    dates = _date_forms(identifiers.birth_dates)
    numbers = {form: kind for kind, forms in identifiers.numbers.items() for form in forms}
    emails = identifiers.emails
    findings: set[Finding] = set()
    for file in files:
        for text in _file_texts(file):
            squeezed = re.sub(r"(?<=\d) (?=\d)", "", text)
            if NIP_PATTERN.search(text) or set(re.findall(r"\d{18}", squeezed)) & \
                    identifiers.nips:
                findings.add(Finding(file, "nip"))
            if phrases.kinds:
                for kind, words in phrases.find(_WORD.findall(text.lower())).items():
                    detail = f"{len(' '.join(words))} karakter" if kind == "nama" else ""
                    findings.add(Finding(file, kind, detail))
            if dates and set(_DATE_SHAPES.findall(text)) & dates:
                findings.add(Finding(file, "tanggal_lahir"))
            if numbers:
                findings.update(Finding(file, numbers[d]) for d in _numbers_in(text)
                                if d in numbers)
            if emails and "@" in text and emails_in(text) & emails:
                findings.add(Finding(file, "email"))
    return sorted(findings, key=lambda f: (str(f.path), f.kind))
