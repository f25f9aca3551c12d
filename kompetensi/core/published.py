"""What an analysis hands to the report: tables, figures and prose, in the order to publish.

The analysis packages (L4) build these; :meth:`kompetensi.report.Report.publish` numbers,
captions and writes them. Keeping the titles beside the computation lets a notebook publish a
whole step with one call while every table still has its number, title, unit and note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class PublishedTable:
    """A table to publish: ``name`` is the file stem, ``title`` the caption."""

    data: pd.DataFrame
    name: str
    title: str
    note: str = ""


@dataclass(frozen=True)
class PublishedFigure:
    """A matplotlib figure to publish."""

    figure: Any
    name: str
    title: str
    note: str = ""
    alt: str = ""  # what the figure shows, for screen readers; default "Grafik: <title>"


@dataclass(frozen=True)
class Prose:
    """Markdown text between tables."""

    text: str


Item = PublishedTable | PublishedFigure | Prose


def round_floats(table: pd.DataFrame, digits: int = 1) -> pd.DataFrame:
    """A copy with every float column rounded to ``digits`` decimals (other columns as they are).

    >>> round_floats(pd.DataFrame({"a": [1.26], "b": ["x"]}))["a"].tolist()
    [1.3]
    """
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(digits)
    return out
