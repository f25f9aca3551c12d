"""Figures of notebook 03, built from its published tables (no file is written here).

Every function returns a matplotlib Figure for ``Report.figure``; colours come from the
caller (``palette``, e.g. ``kompetensi.report.figures.PALETTE``), whose theme is set first.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kompetensi.core.vocab import STATUS_ASN


def jp_band_bars(bands_table: pd.DataFrame, bands: Sequence[str],
                 palette: Sequence[str]) -> Figure:
    """Side-by-side bars of % ASN per JP band, one bar per status (``overview.jp_bands``).

    Statuses in the order of :data:`~kompetensi.core.vocab.STATUS_ASN`; each keeps its colour
    (``palette[i]`` for the i-th status) whichever statuses are present.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [2, 3], "0": [50.0, 0.0], "> 0": [50.0, 100.0]},
    ...                  index=["PNS", "PPPK Paruh Waktu"])
    >>> f = jp_band_bars(t, ["0", "> 0"], ["C0", "C1", "C2"])
    >>> len(f.axes[0].patches), [x.get_text() for x in f.axes[0].get_legend().get_texts()]
    (4, ['PNS', 'PPPK Paruh Waktu'])
    """
    labels = list(bands)
    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(len(labels))
    present = [(s, palette[i]) for i, s in enumerate(STATUS_ASN) if s in bands_table.index]
    width = 0.8 / max(len(present), 1)
    for i, (status, color) in enumerate(present):
        values = bands_table.loc[status, labels].astype("float64").to_numpy()
        ax.bar(x + (i - (len(present) - 1) / 2) * width, np.nan_to_num(values), width=width,
               color=color, label=status)
    ax.set_xticks(x, [f"{lab} JP" for lab in labels], fontsize=9)
    ax.set_ylabel("% ASN")
    ax.legend()
    return fig


def compliance_bars(table: pd.DataFrame, overall: float, target: float,
                    palette: Sequence[str]) -> Figure:
    """Horizontal bars of ``persen_capai`` per row (hidden rows left out), a line at ``overall``.

    Examples
    --------
    >>> t = pd.DataFrame({"persen_capai": [40.0, float("nan")]}, index=["A", "B"])
    >>> len(compliance_bars(t, 50.0, 20, ["C0", "C1", "C2", "C3"]).axes[0].patches)
    1
    >>> len(compliance_bars(t, pd.NA, 20, ["C0", "C1", "C2", "C3"]).axes[0].lines)  # hidden
    0
    """
    plot = table.dropna(subset=["persen_capai"])
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(plot) + 1))
    ax.barh(plot.index, plot["persen_capai"], color=palette[0])
    if pd.notna(overall):  # hidden (fewer than k PNS, e.g. in a small agency): no line
        ax.axvline(overall, color=palette[3], linestyle="--", label="seluruh PNS")
        ax.legend(loc="lower right")
    ax.set_xlabel(f"% PNS dengan JP >= {target:g}")
    ax.set_xlim(0, 100)
    return fig


def group_bars(table: pd.DataFrame, dimensions: Sequence[str], overall: float, target: float,
               palette: Sequence[str]) -> Figure:
    """Bars of ``persen_capai`` per ``(dimensi, kelompok)`` row, one colour per dimension.

    Examples
    --------
    >>> t = pd.DataFrame({"persen_capai": [40.0, 60.0]},
    ...                  index=pd.MultiIndex.from_tuples([("G", "a"), ("G", "b")]))
    >>> [x.get_text() for x in group_bars(t, ["G"], 50, 20, list("kbgr")).axes[0].get_yticklabels()]
    ['G: b', 'G: a']
    """
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(table) + 1))
    labels = [f"{d}: {k}" for d, k in table.index]
    order = list(dimensions)
    colors = [palette[order.index(d) % len(palette)] for d, _ in table.index]
    ax.barh(labels[::-1], table["persen_capai"].to_numpy()[::-1], color=colors[::-1])
    ax.axvline(overall, color=palette[3], linestyle="--", label="seluruh PNS")
    ax.legend(loc="lower right")
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"% PNS dengan JP >= {target:g}")
    return fig


def reach_bars(table: pd.DataFrame, palette: Sequence[str]) -> Figure:
    """Bars of ``persen_ikut_ti`` per row (``coverage.it_reach``), hidden rows left out,
    lowest first.

    Examples
    --------
    >>> t = pd.DataFrame({"persen_ikut_ti": [60.0, 20.0]}, index=["A", "B"])
    >>> [x.get_text() for x in reach_bars(t, list("kbgrm")).axes[0].get_yticklabels()]
    ['B', 'A']
    """
    plot = table.dropna(subset=["persen_ikut_ti"]).sort_values("persen_ikut_ti")
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(plot) + 1))
    ax.barh(plot.index, plot["persen_ikut_ti"], color=palette[4])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% ASN dengan paling sedikit satu pelatihan TI")
    return fig


def lorenz_points(values) -> tuple[np.ndarray, np.ndarray]:
    """The Lorenz curve: cumulative share of people and of JP (zeros when nobody has JP).

    Examples
    --------
    >>> people, share = lorenz_points([0.0, 0.0, 2.0, 2.0])
    >>> people.tolist(), share.tolist()
    ([0.0, 0.25, 0.5, 0.75, 1.0], [0.0, 0.0, 0.0, 0.5, 1.0])
    """
    x = np.sort(np.asarray(values, dtype=float))
    lorenz = np.concatenate([[0], np.cumsum(x) / x.sum()]) if x.sum() > 0 else np.zeros(len(x) + 1)
    return np.linspace(0, 1, len(x) + 1), lorenz


def lorenz(values, label: str, palette: Sequence[str]) -> Figure:
    """Lorenz curve of ``values`` (labelled ``label``) against perfect equality."""
    people, curve = lorenz_points(values)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot(people, curve, color=palette[0], label=label)
    ax.plot([0, 1], [0, 1], color=palette[5], linestyle="--", label="pemerataan sempurna")
    ax.set_xlabel("Porsi kumulatif PNS (urut dari JP terkecil)")
    ax.set_ylabel("Porsi kumulatif JP")
    ax.legend(loc="upper left")
    return fig


def trend_lines(trend: pd.DataFrame, target: float, palette: Sequence[str]) -> Figure:
    """Lines per cycle: % PNS reaching ``target``, % PNS without JP, % ASN with IT training.

    Examples
    --------
    >>> t = pd.DataFrame({"persen_pns_capai_20jp": [50.0], "persen_pns_tanpa_jp": [20.0],
    ...                   "persen_asn_ikut_ti": [30.0]}, index=[2025])
    >>> len(trend_lines(t, 20, list("kbgrmc")).axes[0].lines)
    3
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for column, label, color in [("persen_pns_capai_20jp", f"PNS >= {target:g} JP", palette[0]),
                                 ("persen_pns_tanpa_jp", "PNS tanpa JP", palette[3]),
                                 ("persen_asn_ikut_ti", "ASN ikut pelatihan TI", palette[4])]:
        ax.plot(trend.index, trend[column], marker="o", label=label, color=color)
    ax.set_xticks(trend.index)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_xlabel("Siklus")
    ax.legend()
    return fig


def band_bars(table: pd.DataFrame, palette: Sequence[str]) -> Figure:
    """Stacked bars of % per IP ASN band (``ip_tables.ip_band_table``: ``n``, then the five
    bands, lowest first); hidden rows left out, hidden cells shown hatched.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [10, None], "Rendah": [40.0, None], "Tinggi": [None, None]},
    ...                  index=["x", "y"])
    >>> len(band_bars(t, list("kbgrmc")).axes[0].patches)
    3
    """
    bands = [c for c in table.columns if c != "n"]
    shares = table.loc[table["n"].notna(), list(bands)].astype("float64")
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(shares) + 1.5))
    left = np.zeros(len(shares))
    colors = [palette[3], palette[2], palette[5], palette[1], palette[0]]
    for band, color in zip(bands, colors[:len(bands)], strict=True):
        values = shares[band].fillna(0).to_numpy()
        ax.barh(shares.index, values, left=left, label=band, color=color)
        left += values
    ax.barh(shares.index, 100 - left, left=left, color="white", edgecolor=palette[5],
            hatch="///", label="disembunyikan")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% ASN")
    ax.legend(ncols=6, loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, frameon=False)
    return fig
