"""Numbers, dates and money as the reports write them: Indonesian style, from Babel's ``id_ID``.

One spelling for every page, table and sentence (issue 22): a decimal comma and a dot between
thousands (``1.234,5``), a percent sign after a space (``28,5 %``), dates with the month's
Indonesian name (``9 Januari 2025``), rupiah as ``Rp 1.234.500``, and ``–`` where a value is
missing (None, NaN, NA, infinite), since a missing value must never read as a number.

The separators and month names are the CLDR locale data that Babel ships, not string
replacements. Rounding is half to even on the shortest decimal text of the value (Babel's
``decimal_quantization``); a value that rounds to zero is shown without a minus sign.

Examples
--------
>>> angka(3645.25), ribu(3645), persen(12.5), angka(float("nan"))
('3.645,2', '3.645', '12,5 %', '–')
>>> import datetime
>>> tanggal(datetime.date(2025, 1, 9)), rupiah(1234500)
('9 Januari 2025', 'Rp 1.234.500')
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "id_ID"
MISSING = "–"
WIB = _dt.timezone(_dt.timedelta(hours=7), "WIB")  # Asia/Jakarta: no daylight saving


def _finite(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def angka(value: Any, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, a decimal comma and thousands dots; ``–`` if missing.

    Parameters
    ----------
    value : number or None
    digits : int
        Decimals shown (trailing zeros kept, so a column of numbers lines up).

    Returns
    -------
    str

    Examples
    --------
    >>> angka(1234567.891, 2), angka(-0.04, 1), angka(None), angka(15404.0, 0)
    ('1.234.567,89', '0,0', '–', '15.404')
    """
    number = _finite(value)
    if number is None:
        return MISSING
    if round(number, digits) == 0:
        number = 0.0  # no "-0,0"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(number, format=pattern, locale=LOCALE)


def ribu(value: Any) -> str:
    """A count: no decimals, thousands dots (``3.645``); ``–`` if missing."""
    return angka(value, 0)


def persen(value: Any, digits: int = 1) -> str:
    """A percentage already on the 0-100 scale: ``12,5 %``; ``–`` if missing.

    Examples
    --------
    >>> persen(28.45), persen(100, 0), persen(None)
    ('28,4 %', '100 %', '–')
    """
    text = angka(value, digits)
    return text if text == MISSING else f"{text} %"


def bertanda(value: Any, digits: int = 2) -> str:
    """A difference with its sign: ``+0,25``, ``-1,50``, ``0,00``; ``–`` if missing.

    Examples
    --------
    >>> bertanda(0.254), bertanda(-1.5), bertanda(0.0001)
    ('+0,25', '-1,50', '0,00')
    """
    text = angka(value, digits)
    number = _finite(value)
    if text == MISSING or number is None or round(number, digits) <= 0:
        return text
    return "+" + text


def tanggal(value: Any) -> str:
    """A date as ``9 Januari 2025``; ``–`` if missing.

    Parameters
    ----------
    value : date, datetime, pandas Timestamp or ISO text

    Examples
    --------
    >>> tanggal("2025-08-17"), tanggal(None)
    ('17 Agustus 2025', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return MISSING
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT has no date)
        if value != value:
            return MISSING
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return format_date(value, format="d MMMM y", locale=LOCALE)


def waktu_wib(moment: _dt.datetime) -> str:
    """A moment in Western Indonesia Time: ``9 Januari 2025 20.05 WIB`` (naive = UTC).

    Examples
    --------
    >>> waktu_wib(_dt.datetime(2025, 1, 9, 13, 5, 30, tzinfo=_dt.timezone.utc))
    '9 Januari 2025 20.05.30 WIB'
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    local = moment.astimezone(WIB)
    return format_datetime(local, format="d MMMM y HH.mm.ss", locale=LOCALE) + " WIB"


def rupiah(value: Any) -> str:
    """An amount of money in rupiah, whole rupiah: ``Rp 1.234.500``; ``–`` if missing.

    Examples
    --------
    >>> rupiah(2500000.4), rupiah(None)
    ('Rp 2.500.000', '–')
    """
    text = ribu(value)
    return text if text == MISSING else f"Rp {text}"


def decimals_needed(value: Any, most: int = 4) -> int:
    """The fewest decimals (at most ``most``) that show ``value`` without rounding it further.

    Examples
    --------
    >>> decimals_needed(15404.0), decimals_needed(0.125), decimals_needed(1 / 3)
    (0, 3, 4)
    """
    number = _finite(value)
    if number is None:
        return 0
    for digits in range(most + 1):
        if abs(round(number, digits) - number) < 1e-9 * max(1.0, abs(number)):
            return digits
    return most


def ringkas(value: Any, most: int = 4) -> str:
    """A number with only the decimals it has (at most ``most``): ``0,7``, ``20``, ``0,125``.

    Examples
    --------
    >>> ringkas(0.7), ringkas(20.0), ringkas(1234.5), ringkas(None)
    ('0,7', '20', '1.234,5', '–')
    """
    return angka(value, decimals_needed(value, most))
