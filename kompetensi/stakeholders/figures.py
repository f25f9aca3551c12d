"""Figures of notebook 06: consistency of the respondents, group weights, group differences.

Each function builds and returns a matplotlib Figure from the tables of
:mod:`kompetensi.stakeholders.tables` (no file I/O; the notebook publishes it with
``rep.figure``). Colours are passed in (``kompetensi.report.figures.PALETTE``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kompetensi.core.formats import angka, bertanda
from kompetensi.stakeholders.survey import OVERALL


def _comma(value: float, _pos=None, sign: str = "") -> str:
    return bertanda(value, 2) if sign == "+" else angka(value, 2)


def consistency_points(consistency: pd.DataFrame, threshold: float, palette: Sequence[str]):
    """One point per complete respondent's CR, one row per group, the threshold dashed.

    Parameters
    ----------
    consistency : DataFrame
        :func:`~kompetensi.stakeholders.survey.respondent_consistency`.
    threshold : float
        CR threshold; points above it in ``palette[3]``, the others in ``palette[0]``.
    palette : sequence of colours

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> c = pd.DataFrame({"kelompok": ["a", "a", "b"], "lengkap": [True, True, False],
    ...                   "cr": [0.02, 0.3, float("nan")]})
    >>> fig = consistency_points(c, 0.1, ["navy", "", "", "red"])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], len(fig.axes[0].collections)
    (['A'], 1)
    """
    complete = consistency[consistency.lengkap]
    groups = sorted(complete.kelompok.unique())
    fig, ax = plt.subplots(figsize=(7.5, 0.7 * len(groups) + 1.4))
    for i, g in enumerate(groups):
        cr = np.sort(complete.loc[complete.kelompok == g, "cr"].to_numpy())
        y = i + np.linspace(-0.18, 0.18, len(cr))[np.argsort(np.arange(len(cr)) % 2)]
        ax.scatter(cr, y, s=28, color=np.where(cr > threshold, palette[3], palette[0]),
                   alpha=0.85)
    ax.axvline(threshold, color=palette[3], ls="--", lw=1.2)
    ax.text(threshold, len(groups) - 0.45, f" batas CR = {angka(threshold, 2)}",
            color=palette[3], va="bottom", fontsize=9)
    ax.set_yticks(range(len(groups)), [g.capitalize() for g in groups])
    ax.set_ylim(-0.6, len(groups) - 0.2)
    ax.set_xlabel("Rasio konsistensi (CR) tiap responden")
    return fig


def weight_intervals(rows: pd.DataFrame, priorities: pd.DataFrame, criteria: Sequence[str],
                     percent: int, palette: Sequence[str]):
    """Weight of each criterion with its interval, one marker per group and ``semua``.

    Parameters
    ----------
    rows : DataFrame
        :func:`~kompetensi.stakeholders.tables.weight_rows`.
    priorities : DataFrame
        :func:`~kompetensi.stakeholders.survey.group_priorities` (order of the groups; the
        criteria are sorted by the weight of ``semua``).
    criteria : sequence of str
    percent : int
        Level of the intervals, for the axis label.
    palette : sequence of colours
        One per group; ``semua`` is drawn in near-black diamonds.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> r = pd.DataFrame({"kelompok": ["x", "x", "semua", "semua"], "kriteria": ["a", "b"] * 2,
    ...                   "bobot": [0.3, 0.7, 0.4, 0.6], "bawah": 0.2, "atas": 0.8})
    >>> p = pd.DataFrame({"a": [0.3, 0.4], "b": [0.7, 0.6]}, index=["x", "semua"])
    >>> fig = weight_intervals(r, p, ["a", "b"], 95, ["navy"])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Semua (gabungan)', 'X']
    """
    order = priorities.loc[OVERALL, list(criteria)].sort_values().index.tolist()
    groups = list(priorities.index)
    colours = {g: palette[i] for i, g in enumerate(groups[:-1])} | {OVERALL: "#222222"}
    fig, ax = plt.subplots(figsize=(8.5, 0.9 * len(order) + 1.2))
    offset = np.linspace(-0.27, 0.27, len(groups))
    for k, g in enumerate(groups):
        d = (rows[rows.kelompok == g].set_index("kriteria").reindex(order)
             [["bobot", "bawah", "atas"]].astype("float64"))  # blanked (<NA>) as NaN: not drawn
        y = np.arange(len(order)) + offset[k]
        ax.errorbar(d.bobot, y, xerr=[d.bobot - d.bawah, d.atas - d.bobot],
                    fmt="D" if g == OVERALL else "o", color=colours[g], ms=5, capsize=2, lw=1.2,
                    label=g.capitalize() if g != OVERALL else "Semua (gabungan)")
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel(f"Bobot prioritas (selang kepercayaan {percent}%)")
    ax.xaxis.set_major_formatter(_comma)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper center", bbox_to_anchor=(0.4, -0.12),
              ncol=4, fontsize=9, frameon=False)
    return fig


def difference_heatmap(rows: pd.DataFrame, criteria: Sequence[str]):
    """Heat map of each group's weight minus the other groups' mean; ``*`` where it differs.

    Parameters
    ----------
    rows : DataFrame
        :func:`~kompetensi.stakeholders.tables.difference_rows` (``kelompok, kriteria,
        selisih, berbeda``; blanked cells stay empty).
    criteria : sequence of str
        Column order.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> r = pd.DataFrame({"kelompok": ["x", "x"], "kriteria": ["a", "b"],
    ...                   "selisih": [0.1, -0.05], "berbeda": [True, False]})
    >>> fig = difference_heatmap(r, ["a", "b"])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['+0,10*', '-0,05']
    """
    criteria = list(criteria)
    values = rows.pivot(index="kelompok", columns="kriteria", values="selisih")[criteria]
    marks = rows.pivot(index="kelompok", columns="kriteria", values="berbeda")[criteria]
    fig, ax = plt.subplots(figsize=(9, 0.8 * len(values) + 1.6))
    grid = values.to_numpy(dtype=float, na_value=np.nan)  # blanked cells (<NA>) as NaN
    bound = float(np.nanmax(np.abs(grid))) if values.notna().any().any() else 1.0
    im = ax.imshow(grid, cmap="RdBu_r", vmin=-bound, vmax=bound, aspect="auto")
    for (i, j), v in np.ndenumerate(grid):
        if np.isfinite(v):
            star = "*" if pd.notna(marks.iat[i, j]) and bool(marks.iat[i, j]) else ""
            ax.text(j, i, _comma(v, sign="+") + star, ha="center", va="center",
                    fontsize=9, color="white" if abs(v) > 0.6 * bound else "black")
    ax.set_xticks(range(len(criteria)), [c.replace(" dan ", "\ndan ") for c in criteria],
                  fontsize=8)
    ax.set_yticks(range(len(values)), [g.capitalize() for g in values.index])
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, label="selisih bobot")
    cb.ax.yaxis.set_major_formatter(lambda v, _: _comma(v, sign="+"))
    return fig
