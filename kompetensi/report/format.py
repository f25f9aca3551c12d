"""Numbers as the reports write them in prose: Indonesian style (``3.645``, ``28,5``).

One spelling for every notebook: a decimal comma, a dot between thousands, and ``–`` where a
value is missing (None, NaN, infinite), since a missing value must never read as a number.

Examples
--------
>>> angka(3645.25), ribu(3645), persen(12.5), angka(float("nan"))
('3.645,2', '3.645', '12,5 %', '–')
"""

from __future__ import annotations

import math
from typing import Any

MISSING = "–"


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def angka(value: Any, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, a decimal comma and thousands dots; ``–`` if missing.

    Rounding is Python's (half to even on the binary value), as in ``format``.

    Examples
    --------
    >>> angka(1234567.891, 2), angka(-0.04, 1), angka(None)
    ('1.234.567,89', '-0,0', '–')
    """
    number = _finite(value)
    if number is None:
        return MISSING
    text = f"{number:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def ribu(value: Any) -> str:
    """A count: no decimals, thousands dots (``3.645``)."""
    return angka(value, 0)


def persen(value: Any, digits: int = 1) -> str:
    """A percentage already on the 0-100 scale, as text: ``12,5 %``; ``–`` if missing."""
    text = angka(value, digits)
    return text if text == MISSING else f"{text} %"


def p_text(p: Any, *, space: bool = True) -> str:
    """A p-value for a table: three decimals, or ``< 0.001`` (``<0.001`` without ``space``);
    empty when missing.

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0004, space=False), p_text(0.04321), p_text(None)
    ('< 0.001', '<0.001', '0.043', '')
    """
    number = _finite(p)
    if number is None:
        return ""
    if number < 0.001:
        return "< 0.001" if space else "<0.001"
    return f"{number:.3f}"


def ci_text(estimate: Any, low: Any, high: Any, *, digits: int = 2, level: int = 95) -> str:
    """An estimate with its interval: ``0,21 (IK 95%: 0,18 s.d. 0,24)``."""
    return (f"{angka(estimate, digits)} (IK {level}%: {angka(low, digits)} s.d. "
            f"{angka(high, digits)})")
