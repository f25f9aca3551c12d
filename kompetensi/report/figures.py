"""One seaborn theme for every figure, with Indonesian number formatting."""

from __future__ import annotations

import matplotlib as mpl
import seaborn as sns

from kompetensi.core.formats import angka

PALETTE = ["#1b4965", "#5fa8d3", "#ca6702", "#9b2226", "#588157", "#6c757d", "#bb3e03",
           "#62b6cb"]


def set_theme() -> None:
    """Apply the project's theme (call once at the top of a notebook)."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    mpl.rcParams.update({
        "figure.figsize": (8, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "kompetensi",  # deterministic SVG ids
        "axes.formatter.use_locale": False,
    })


def thousands(value: float, _pos: int | None = None) -> str:
    """Format a number the Indonesian way: 3.650 (dot for thousands), 12,5 (comma decimal)."""
    return angka(value, 0 if float(value).is_integer() else 1)
