"""Identifier shapes: NIP, NI PPPK and NIK as they stand in text, with plausible dates.

    NIP      YYYYMMDD YYYYMM S NNN   birth date, TMT CPNS, sex 1/2, serial
    NI PPPK  YYYYMMDD YYYY 2D S NNN  birth date, appointment year, '2', digit, sex, serial
    NIK      PPKKCC DDMMYY NNNN      province, regency, district, birth date (women: day+40)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

LABELS = {"nip": "NIP", "ni_pppk": "NI PPPK", "nik": "NIK"}
PROVINCES = frozenset({11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52,
                       53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94,
                       95, 96})  # BPS/Kemendagri province codes

_SEP = "[ \u00a0]?"
_ID18 = re.compile(rf"(?<!\d)(?<!\d\.)(\d{{8}}){_SEP}(\d{{6}}){_SEP}(\d){_SEP}(\d{{3}})(?!\d)")
_ID16 = re.compile(r"(?<!\d)(?<!\d\.)\d{16}(?!\d)")
_SCI = re.compile(r"(?<!\d)(?<!\d\.)([1-9])[.,](\d{5,16})[eE]\+?(15|17)(?!\d)")


def _date_ok(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def classify18(digits: str, known: int = 18) -> str | None:
    """``"nip"``, ``"ni_pppk"`` or None for 18 digits (zero-padded past ``known``).

    ``known`` leading digits are real (``1.98503E+17`` kept 6); later fields are not checked.
    """
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not 1930 <= year <= 2010 or (known >= 6 and not 1 <= month <= 12):
        return None
    if known >= 8 and not _date_ok(year, month, day):
        return None
    if known < 14:
        return "nip"
    start_year, start_month = int(digits[8:12]), int(digits[12:14])
    if not year + 15 <= start_year <= 2035 or (known >= 15 and digits[14] not in "12"):
        return None
    if 1 <= start_month <= 12:
        return "nip"
    return "ni_pppk" if digits[12] == "2" and start_year >= 2019 else None


def is_nik(digits: str, known: int = 16) -> bool:
    """True for 16 digits shaped like a NIK (see :func:`classify18` for ``known``)."""
    if int(digits[:2]) not in PROVINCES or (known >= 4 and not 1 <= int(digits[2:4]) <= 79):
        return False
    if known >= 6 and digits[4:6] == "00":
        return False
    if known >= 12:
        day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        if not _date_ok(2000 + year, month, day - 40 if day > 40 else day) \
                or 11 <= year <= 29:  # births 1930-2010
            return False
    return known < 16 or digits[12:16] != "0000"


def find_identifiers(text: str, floats: bool = True) -> Iterator[tuple[str, int]]:
    """(kind, offset) of every NIP-, NI PPPK- or NIK-shaped value in ``text``.

    ``floats``: also float notation (``1.98503E+17``), the way spreadsheets write a NIP they
    turned into a number; off for source code, whose docstrings describe that form.
    """
    for match in _ID18.finditer(text):
        if kind := classify18("".join(match.groups())):
            yield kind, match.start()
    for match in _ID16.finditer(text):
        if is_nik(match[0]):
            yield "nik", match.start()
    for match in _SCI.finditer(text) if floats else ():
        digits, size = match[1] + match[2], int(match[3]) + 1
        if len(digits) <= size:
            padded = digits.ljust(size, "0")
            kind = classify18(padded, len(digits)) if size == 18 else \
                ("nik" if is_nik(padded, len(digits)) else None)
            if kind:
                yield kind, match.start()
