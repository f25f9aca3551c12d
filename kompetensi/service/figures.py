"""Figures of notebook 08: the city IKM over the periods, the elements, the cohorts' trends."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kompetensi.service.ikm import _bands

BAND_COLOURS = {"A": "#588157", "B": "#5fa8d3", "C": "#ca6702", "D": "#9b2226"}


def _band_lines(ax, scale: str) -> None:
    bands = _bands()
    column = "nik_bawah" if scale == "ikm" else "ni_bawah"
    for _, band in bands.iterrows():
        low = float(band[column])
        if low > (25.0 if scale == "ikm" else 1.0):
            ax.axhline(low, color="grey", linewidth=0.8, linestyle=":")
            ax.annotate(f"batas {band['mutu']}", (1.0, low), xycoords=("axes fraction", "data"),
                        fontsize=7, color="grey", ha="right", va="bottom")


def city_trend(city: pd.DataFrame, overview: pd.DataFrame, colors: Sequence[str],
               period: str = "periode") -> Figure:
    """The city IKM per period with its interval, over the units' own indices (dots)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    periods = list(city[period])
    x = np.arange(len(periods))
    rng = np.random.default_rng(0)
    for i, p in enumerate(periods):
        units = overview.loc[overview[period] == p, "ikm"].dropna().to_numpy(dtype="float64")
        ax.scatter(i + rng.uniform(-0.15, 0.15, len(units)), units, s=10, alpha=0.45,
                   color=colors[1], label="IKM unit" if i == 0 else None)
    err = np.vstack([city["ikm_kota"] - city["ikm_ci_bawah"],
                     city["ikm_ci_atas"] - city["ikm_kota"]]).astype("float64")
    ax.errorbar(x, city["ikm_kota"].astype("float64"), yerr=err, fmt="o-", color=colors[0],
                capsize=4, label="IKM kota (rerata unit, IK 95 %)")
    _band_lines(ax, "ikm")
    ax.set_xticks(x, periods)
    ax.set_xlabel("Periode")
    ax.set_ylabel("IKM (25-100)")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def element_bars(elements: pd.DataFrame, colors: Sequence[str]) -> Figure:
    """NRR of each element city-wide with its interval, weakest at the top."""
    data = elements.sort_values("nrr", ascending=False)
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    y = np.arange(len(data))
    nrr = data["nrr"].to_numpy(dtype="float64")
    err = np.vstack([nrr - data["nrr_ci_bawah"].to_numpy(dtype="float64"),
                     data["nrr_ci_atas"].to_numpy(dtype="float64") - nrr])
    ax.barh(y, nrr - 1.0, left=1.0, color=[BAND_COLOURS.get(m, colors[1]) for m in data["mutu"]])
    ax.errorbar(nrr, y, xerr=err, fmt="none", color="black", capsize=3, linewidth=0.8)
    ax.set_yticks(y, [f"{u.upper()} {n}" for u, n in zip(data["unsur"], data["nama_unsur"],
                                                         strict=True)], fontsize=8)
    for low in _bands()["ni_bawah"].astype(float):
        if low > 1.0:
            ax.axvline(low, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlim(1, 4)
    ax.set_xlabel("Nilai rata-rata (NRR, 1-4); warna = mutu unsur")
    fig.tight_layout()
    return fig


def cohort_trend(panel: pd.DataFrame, outcome: str, label: str, colors: Sequence[str]) -> Figure:
    """Mean outcome per adoption cohort and year (0 = not adopted by the last year)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    means = panel.groupby(["kohort", "tahun"])[outcome].mean().unstack("kohort")
    for i, cohort in enumerate(means.columns):
        name = "belum mencapai ambang" if cohort == 0 else f"mencapai ambang {cohort}"
        n = panel.loc[panel["kohort"] == cohort, "unit"].nunique()
        ax.plot(means.index, means[cohort], marker="o", color=colors[i % len(colors)],
                label=f"{name} ({n} unit)")
        if cohort:
            ax.axvline(cohort - 0.5, color=colors[i % len(colors)], linestyle=":", linewidth=0.8)
    ax.set_xticks(means.index)
    ax.set_xlabel("Tahun")
    ax.set_ylabel(label)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
