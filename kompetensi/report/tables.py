"""Published tables: rounding and the few conversions every notebook shares.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"n": [3, 4], "x": [0.12345, 1.5], "p": [0.0004, 0.2]})
>>> rounded(t, 2, p_columns=("p",)).to_dict("list")
{'n': [3, 4], 'x': [0.12, 1.5], 'p': ['< 0.001', '0.200']}
>>> value(float("nan")), value(0.123456, 3), as_percent(pd.Series([0.1234])).tolist()
(None, 0.123, [12.3])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kompetensi.core.published import round_floats  # noqa: F401 - re-exported for notebooks
from kompetensi.report.format import p_text


def rounded(table: pd.DataFrame, digits: int = 3,
            p_columns: Sequence[str] = ("p", "p_t", "p_wilcoxon"), *,
            space: bool = True) -> pd.DataFrame:
    """Floats rounded to ``digits``; the ``p_columns`` as text (:func:`~kompetensi.report.
    format.p_text`)."""
    out = round_floats(table, digits)
    for column in p_columns:
        if column in out:
            out[column] = table[column].map(lambda p: p_text(p, space=space))
    return out


def value(x: Any, digits: int | None = None) -> float | None:
    """A number for ``hasil`` (JSON): None when missing, else a float rounded to ``digits``."""
    if x is None or pd.isna(x):
        return None
    return float(x) if digits is None else round(float(x), digits)


def as_percent(share, digits: int = 1):
    """A share (0-1) on the 0-100 scale, rounded: a number, not text (see ``format.persen``)."""
    return (100 * share).round(digits)
