"""The figures of notebook 02 (training needs); each function returns a matplotlib figure.

Colours come from the active theme's colour cycle: call
:func:`kompetensi.report.figures.set_theme` first. Numbers written on a figure are formatted
by ``number`` (pass :func:`kompetensi.core.formats.ribu` or :func:`kompetensi.core.formats.
angka` for Indonesian style); this package knows no report layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from kompetensi.needs.talent import talent_box

Number = Callable[[float], str]
DARK = "#333333"


def _colors() -> list:
    """The theme's colour cycle (``report.figures.PALETTE`` after ``set_theme``)."""
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def profile_bars(profile: pd.DataFrame):
    """One panel of bars per dimension of :func:`~kompetensi.needs.profile.asn_profile`
    (``dimensi``, ``kategori``, ``persen``; a hidden share drawn as 0)."""
    color = _colors()[0]
    fig, axes = plt.subplots(2, 3, figsize=(12, 7.5))
    for ax, dim in zip(axes.flat, profile["dimensi"].unique(), strict=False):
        part = profile[profile["dimensi"] == dim]
        ax.barh(part["kategori"], part["persen"].fillna(0), color=color)
        ax.invert_yaxis()
        ax.set_title(dim)
        ax.set_xlabel("% ASN")
    fig.tight_layout()
    return fig


def asn_per_opd(pegawai: pd.DataFrame, *, number: Number = str):
    """Bars of the number of ASN per OPD, largest on top, each labelled."""
    counts = pegawai.groupby("opd").size().sort_values(ascending=False).iloc[::-1]
    values = counts.to_numpy()
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(counts) + 1))
    ax.barh(counts.index, values, color=_colors()[0])
    for y, v in enumerate(values):
        ax.text(v, y, f" {number(v)}", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: number(v)))
    ax.set_xlim(0, counts.max() * 1.1)
    ax.set_xlabel("Jumlah ASN")
    return fig


def gap_bars(needs: pd.DataFrame):
    """Percent below standard per competency with its 95 % interval, from a
    :func:`~kompetensi.needs.gaps.training_needs` table (first row on top)."""
    plot = needs.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(plot) + 1))
    share = 100 * plot["proporsi_kesenjangan"]
    # clipped at 0: at 0 % or 100 % the Wilson bound equals the share up to rounding
    err = np.clip(np.vstack([share - 100 * plot["ci_bawah"], 100 * plot["ci_atas"] - share]),
                  0, None)
    ax.barh(plot["kompetensi"], share, xerr=err, color=_colors()[0], ecolor=DARK, capsize=3)
    ax.set_xlabel("% ASN di bawah standar (selang kepercayaan 95 %)")
    ax.set_ylabel("")
    return fig


def gap_heatmap(table: pd.DataFrame):
    """Heat map of percent below standard, competency x post type
    (:func:`~kompetensi.needs.breakdowns.gaps_by_post_type`)."""
    fig, ax = plt.subplots(figsize=(8, 5.5))
    sns.heatmap(table, annot=True, fmt=".0f", cmap="Blues",
                cbar_kws={"label": "% di bawah standar"}, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return fig


def jpm_histogram(jpm: pd.Series, limits: Sequence[float] = (68, 80)):
    """Distribution of JPM (%) with dashed lines at the band ``limits`` (lowest first)."""
    colors = _colors()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    sns.histplot(jpm.dropna(), binwidth=2.5, color=colors[0], ax=ax)
    for limit, color in zip(limits, (colors[3], colors[2], *colors[4:]), strict=False):
        ax.axvline(limit, color=color, linestyle="--", linewidth=1.5)
        ax.text(limit, ax.get_ylim()[1] * 0.95, f" {limit} %", color=color, va="top")
    ax.set_xlabel("JPM (%)")
    ax.set_ylabel("Jumlah ASN")
    return fig


def opd_gap_bars(shares: pd.Series, average: float, *, number: Number = str):
    """Percent below standard per OPD (first on top), red above ``average`` (dashed line)."""
    colors = _colors()
    plot = shares.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(plot) + 1))
    ax.barh(plot.index, plot.to_numpy(),
            color=[colors[3] if v > average else colors[0] for v in plot])
    ax.axvline(average, color=DARK, linestyle="--", linewidth=1)
    ax.text(average, -0.9, f" rata-rata {number(average)} %", va="top", fontsize=9)
    ax.set_xlabel("% pasangan ASN × kompetensi di bawah standar")
    return fig


def talent_heatmap(grid: pd.DataFrame, k: int):
    """The 9-box: share of ASN per cell, each cell with its box number and count (counts of
    1 ... k-1 written as "< k"); ``grid`` is :func:`~kompetensi.needs.talent.talent_counts`."""
    rows, cols = list(grid.index), list(grid.columns)
    box = talent_box(np.repeat(rows, len(cols)), np.tile(cols, len(rows))).to_numpy()
    box = box.reshape(len(rows), len(cols))
    total = max(grid.to_numpy().sum(), 1)
    fig, ax = plt.subplots(figsize=(7, 5.5))
    sns.heatmap(grid / total * 100, annot=False, cmap="Blues", cbar_kws={"label": "% ASN"},
                ax=ax, linewidths=1, linecolor="white")
    for i in range(len(rows)):
        for j in range(len(cols)):
            n = grid.iat[i, j]
            text = f"{n}" if n == 0 or n >= k else f"< {k}"
            ax.text(j + 0.5, i + 0.5, f"Kotak {box[i, j]}\n{text} ASN", ha="center",
                    va="center", fontsize=10, color="white" if n / total > 0.2 else "black")
    ax.set_xlabel("Potensi")
    ax.set_ylabel("Kinerja")
    return fig
