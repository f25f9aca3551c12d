"""The figures of notebook 05 (matplotlib): each function returns a Figure and writes nothing.

Colours come in as a sequence (the report's palette, ``kompetensi.report.figures.PALETTE``);
groups smaller than ``k`` are not drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kompetensi.impact.core import EventStudyResult
from kompetensi.impact.data import NOT_TREATED
from kompetensi.impact.power import PowerPlan


def cohort_trend(panel: pd.DataFrame, k: int, colors: Sequence[str]) -> Figure:
    """Mean score per year of each cohort (groups of at least ``k``), a dotted line before
    each cohort's training year.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": list("abcd"), "tahun": [2024, 2024, 2025, 2025],
    ...                   "kohort": ["2025", NOT_TREATED] * 2, "skor": [4.0, 3, 5, 3]})
    >>> fig = cohort_trend(p, 1, ["C0", "C1"])
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:2]
    ['kohort 2025', '_child1']
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for color, (name, data) in zip(colors, panel.groupby("kohort"), strict=False):
        means = data.groupby("tahun").agg(m=("skor", "mean"), n=("pid", "nunique"))
        means = means[means["n"] >= k]
        label = f"kohort {name}" if name != NOT_TREATED else name
        ax.plot(means.index, means["m"], marker="o", color=color, label=label)
        if name != NOT_TREATED:
            ax.axvline(int(name) - 0.5, color=color, linestyle=":", linewidth=1)
    ax.set_xticks(sorted(panel["tahun"].unique()))
    ax.set_xlabel("Tahun penilaian SKP")
    ax.set_ylabel("Rerata skor SKP (1-5)")
    ax.legend(frameon=False)
    return fig


def event_study_plot(results: Mapping[str, EventStudyResult], labels: Mapping[str, str],
                     k: int, colors: Sequence[str]) -> Figure:
    """One panel per outcome: effect per relative period with its interval (periods with at
    least ``k`` treated ratings; the ``sangat_baik`` share in percentage points)."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (outcome, result) in zip(axes, results.items(), strict=True):
        p = result.periods[result.periods["n_obs_perlakuan"] >= k]
        scale = 100 if outcome == "sangat_baik" else 1
        err = np.vstack([p["estimasi"] - p["ci_bawah"], p["ci_atas"] - p["estimasi"]]) * scale
        ax.errorbar(p["periode_relatif"], p["estimasi"] * scale, yerr=np.nan_to_num(err),
                    fmt="o", color=colors[0], capsize=4)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.axvline(-0.5, color=colors[2], linestyle=":", linewidth=1)
        ax.set_xticks(p["periode_relatif"])
        ax.set_xlabel("Tahun relatif terhadap pelatihan")
        ax.set_ylabel("Efek pada skor (1-5)" if outcome == "skor"
                      else "Efek (poin persen Sangat Baik)")
        ax.set_title(labels[outcome])
    fig.tight_layout()
    return fig


def heterogeneity_plot(table: pd.DataFrame, overall: float, level: int,
                       colors: Sequence[str]) -> Figure | None:
    """Effect with interval per group of the heterogeneity table (rows with an estimate),
    the overall effect dashed; None when no group has an estimate.

    Examples
    --------
    >>> t = pd.DataFrame({"dimensi": ["usia"], "kelompok": ["< 30"], "estimasi": [None],
    ...                   "ci_bawah": [None], "ci_atas": [None]}).set_index(["dimensi", "kelompok"])
    >>> heterogeneity_plot(t, 0.2, 95, ["C0", "C1", "C2"]) is None
    True
    """
    plot = table.dropna(subset=["estimasi"]).reset_index()
    if not len(plot):
        return None
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(plot) + 1.2))
    y = np.arange(len(plot))[::-1]
    ax.errorbar(plot["estimasi"], y, xerr=[plot["estimasi"] - plot["ci_bawah"],
                                           plot["ci_atas"] - plot["estimasi"]],
                fmt="o", color=colors[0], capsize=3)
    ax.axvline(overall, color=colors[2], linestyle="--", linewidth=1, label="semua ASN")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{d}: {g}" for d, g in zip(plot["dimensi"], plot["kelompok"],
                                                   strict=True)])
    ax.set_xlabel(f"Efek pada skor SKP (1-5), IK {level}%")
    ax.legend(frameon=False, loc="lower right")
    return fig


def mde_plot(plan: PowerPlan, targets: Mapping[float, str], participants: int, label: str,
             colors: Sequence[str]) -> Figure:
    """Minimum detectable effect of 25 … 1500 participants in ``plan``; a dotted line with
    its text at each target effect, a dashed line at ``participants`` (legend ``label``)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    n_grid = np.arange(25, 1501, 25)
    ax.plot(n_grid, [plan.mde_at(n) for n in n_grid], color=colors[0])
    for effect, text in targets.items():
        ax.axhline(effect, color=colors[5], linestyle=":", linewidth=1)
        ax.annotate(text, (n_grid[-1], effect), ha="right", va="bottom", fontsize=8)
    ax.axvline(participants, color=colors[2], linestyle="--", linewidth=1, label=label)
    ax.set_xlabel("Jumlah peserta")
    ax.set_ylabel("Efek minimum terdeteksi (skor 1-5)")
    ax.legend(frameon=False)
    return fig


def estimator_comparison_plot(results: Mapping[str, EventStudyResult], level: int,
                              colors: Sequence[str]) -> Figure:
    """Event-study estimates of several estimators side by side (offset on the x axis), with
    their pointwise intervals and, where the table has one, the uniform band (light bar).

    Examples
    --------
    >>> periods = pd.DataFrame({"periode_relatif": [-1, 0], "estimasi": [0.0, 0.2],
    ...                         "ci_bawah": [None, 0.1], "ci_atas": [None, 0.3],
    ...                         "pita_bawah": [None, 0.05], "pita_atas": [None, 0.35]})
    >>> r = EventStudyResult(0.2, 0.05, 0.1, 0.3, 0.01, 10, None, "x", "y", 9.0,
    ...                      periods=periods)
    >>> fig = estimator_comparison_plot({"CS": r, "TWFE": r}, 95, ["C0", "C1"])
    >>> len(fig.axes[0].get_legend().get_texts())
    2
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.6 / max(len(results), 1)
    for i, (color, (name, res)) in enumerate(zip(colors, results.items(), strict=False)):
        p = res.periods.apply(pd.to_numeric, errors="coerce")
        x = p["periode_relatif"] + (i - (len(results) - 1) / 2) * width
        if {"pita_bawah", "pita_atas"} <= set(p):
            ax.vlines(x, p["pita_bawah"], p["pita_atas"], color=color, alpha=0.3, linewidth=6)
        ax.errorbar(x, p["estimasi"], yerr=[p["estimasi"] - p["ci_bawah"],
                                           p["ci_atas"] - p["estimasi"]],
                    fmt="o", color=color, capsize=3, label=name)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(-0.5, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("Tahun relatif terhadap pelatihan (0 = tahun pelatihan)")
    ax.set_ylabel(f"Efek pada skor SKP (1-5), IK {level}%")
    ax.legend(frameon=False, fontsize=8)
    return fig
