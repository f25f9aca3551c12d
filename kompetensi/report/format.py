"""Numbers as the reports write them in prose and tables: Indonesian style (``3.645``, ``28,5``).

The spelling itself lives in :mod:`kompetensi.core.formats` (Babel's ``id_ID`` locale data), so
that analyses writing prose use the same one; this module is the notebooks' name for it, with
the two helpers that only tables and prose of the report need.

Examples
--------
>>> angka(3645.25), ribu(3645), persen(12.5), angka(float("nan"))
('3.645,2', '3.645', '12,5 %', '–')
"""

from __future__ import annotations

from typing import Any

from kompetensi.core.formats import (  # noqa: F401 - re-exported for notebooks
    MISSING,
    _finite,
    angka,
    bertanda,
    persen,
    ribu,
    rupiah,
    tanggal,
    waktu_wib,
)


def p_text(p: Any, *, space: bool = True) -> str:
    """A p-value as it is written into a table's CSV: three decimals, or ``< 0.001``
    (``<0.001`` without ``space``); empty when missing. On the page the presentation layer
    spells it with a decimal comma (:func:`kompetensi.report.present.cell_text`).

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
    """An estimate with its interval: ``0,21 (IK 95%: 0,18 s.d. 0,24)``.

    Examples
    --------
    >>> ci_text(0.214, 0.18, 0.243)
    '0,21 (IK 95%: 0,18 s.d. 0,24)'
    """
    return (f"{angka(estimate, digits)} (IK {level}%: {angka(low, digits)} s.d. "
            f"{angka(high, digits)})")
