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


@dataclass(frozen=True)
class Prose:
    """Markdown text between tables."""

    text: str


Item = PublishedTable | PublishedFigure | Prose
