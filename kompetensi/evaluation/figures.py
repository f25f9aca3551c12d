"""Figures of notebook 04: diverging Likert bars and mean-with-interval points.

Each function builds and returns a matplotlib Figure from aggregate tables (no file I/O; the
notebook publishes it with ``rep.figure``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

LIKERT = {1: "Sangat tidak setuju", 2: "Tidak setuju", 3: "Netral", 4: "Setuju",
          5: "Sangat setuju"}
LIKERT_COLORS = ["#9b2226", "#e09f7d", "#c8c8c8", "#7fb5d5", "#1b4965"]


def likert_bars(dist: pd.DataFrame, labels: Sequence[str]):
    """Diverging stacked bars: disagreement left of zero, agreement right, neutral split.

    Parameters
    ----------
    dist : DataFrame
        One row per item, columns 1-5 with the share of each answer
        (:func:`~kompetensi.evaluation.survey.likert_distribution`).
    labels : sequence of str
        One y-axis label per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> dist = pd.DataFrame({1: [0.1], 2: [0.1], 3: [0.2], 4: [0.4], 5: [0.2]})
    >>> fig = likert_bars(dist, ["R1"])
    >>> [round(float(p.get_x()), 1) for p in fig.axes[0].patches]
    [-30.0, -20.0, -10.0, 10.0, 50.0]
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(dist) + 1.6))
    y = np.arange(len(dist))
    left = -(dist[1] + dist[2] + dist[3] / 2) * 100
    for level, color in zip(LIKERT, LIKERT_COLORS, strict=True):
        width = dist[level] * 100
        ax.barh(y, width, left=left, color=color, label=LIKERT[level], height=0.7)
        left = left + width
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):.0f}%")
    ax.set_xlabel("Persentase responden (kiri: tidak setuju, kanan: setuju)")
    ax.legend(ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(dist)),
              frameon=False, fontsize=8)
    return fig


def mean_ci_points(means: pd.DataFrame):
    """Mean pre and post score with 95% interval per group, as horizontal error bars.

    Parameters
    ----------
    means : DataFrame
        ``kelompok``, ``saat`` ("awal"/"akhir"), ``rerata``, ``bawah``, ``atas``, ``n``
        (:func:`~kompetensi.evaluation.change.group_means`); groups drawn top-down in order.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> means = pd.DataFrame({"kelompok": ["A", "A"], "saat": ["awal", "akhir"],
    ...                       "rerata": [50.0, 60.0], "bawah": [45.0, 55], "atas": [55.0, 65],
    ...                       "n": [8, 8]})
    >>> fig = mean_ci_points(means)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A (n = 8)']
    >>> plt.close(fig)
    """
    order = list(dict.fromkeys(means["kelompok"]))
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(order) + 1.4))
    y = np.arange(len(order))
    for when, color, offset in (("awal", "#ca6702", -0.12), ("akhir", "#1b4965", 0.12)):
        rows = means[means["saat"] == when].set_index("kelompok").loc[order]
        ax.errorbar(rows["rerata"], y + offset,
                    xerr=[rows["rerata"] - rows["bawah"], rows["atas"] - rows["rerata"]],
                    fmt="o", color=color, capsize=3, label=f"Tes {when}")
    counts = means.drop_duplicates("kelompok").set_index("kelompok")["n"]
    ax.set_yticks(y, [f"{k} (n = {counts[k]})" for k in order])
    ax.invert_yaxis()
    ax.set_xlabel("Rerata skor tes (0-100) dengan IK 95%")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    return fig


def tertile_points(means: Mapping[str, pd.DataFrame], medians: pd.Series,
                   number: Callable[..., str] = lambda x, digits: f"{x:.{digits}f}"):
    """Mean total behaviour score (95% interval) per third of the test gain, one line per rater.

    Parameters
    ----------
    means : mapping
        ``{"diri"|"atasan": DataFrame(rerata, bawah, atas)}`` with three rows
        (:func:`~kompetensi.evaluation.behaviour.tertile_means`).
    medians : Series
        Median gain of each third, indexed by the third's name: the x-axis labels
        ``"<name>\\n(median <m> poin)"``.
    number : callable
        Writes a number with ``digits`` decimals (the report's ``format.angka``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> table = pd.DataFrame({"rerata": [3.0, 3.5, 4.0], "bawah": [2.5, 3, 3.5],
    ...                       "atas": [3.5, 4, 4.5]})
    >>> medians = pd.Series([1.25, 5.0, 9.0], index=["a", "b", "c"])
    >>> fig = tertile_points({"atasan": table}, medians)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Penilaian atasan']
    >>> fig.axes[0].get_xticklabels()[0].get_text()
    'a\\n(median 1.2 poin)'
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(3)
    for rater, color, offset in (("diri", "#5fa8d3", -0.1), ("atasan", "#1b4965", 0.1)):
        if rater not in means:
            continue
        rows = means[rater]
        ax.errorbar(x + offset, rows["rerata"],
                    yerr=[rows["rerata"] - rows["bawah"], rows["atas"] - rows["rerata"]],
                    fmt="o-", color=color, capsize=3, label=f"Penilaian {rater}")
    ax.set_xticks(x, [f"{name}\n(median {number(m, 1)} poin)" for name, m in medians.items()])
    ax.set_xlabel("Kelompok peningkatan skor tes (tingkat 2)")
    ax.set_ylabel("Rerata skor perilaku total (1-5), IK 95%")
    ax.legend(frameon=False)
    return fig
