"""How sure the stakeholder weights are: bootstrap intervals and agreement between groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from kompetensi.stakeholders.pairwise import (
    principal_eigen,
)
from kompetensi.stakeholders.survey import (
    OVERALL,
    Judgments,
    _group_weights,
    _selection,
    group_priorities,
)


@dataclass(frozen=True)
class Bootstrap:
    """Bootstrap of group priorities (see :func:`bootstrap_priorities`).

    Attributes
    ----------
    ringkasan : DataFrame
        ``kelompok, kriteria, bobot, se, bawah, atas`` (point estimate on all respondents,
        bootstrap standard error, percentile interval).
    perbedaan : DataFrame
        ``kelompok, kriteria, selisih, bawah, atas, berbeda``: a group's priority minus the
        mean of the other groups', with its percentile interval; ``berbeda`` when the
        interval excludes 0.
    replikasi : ndarray (n_boot, groups + 1, n)
        Bootstrap priorities; the last group is ``semua``.
    kelompok, kriteria : tuple of str
    n_boot, seed : int
    level : float
    """

    ringkasan: pd.DataFrame
    perbedaan: pd.DataFrame
    replikasi: np.ndarray
    kelompok: tuple[str, ...]
    kriteria: tuple[str, ...]
    n_boot: int
    seed: int
    level: float


def _long(values: np.ndarray, groups, criteria, name: str) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([list(groups), list(criteria)],
                                       names=["kelompok", "kriteria"])
    return pd.Series(values.ravel(), index=index, name=name).to_frame()


def bootstrap_priorities(judgments: Judgments, respondents: Iterable[str] | None = None, *,
                         n_boot: int = 1000, seed: int = 20251128, level: float = 0.95,
                         group_weighting: str = "equal") -> Bootstrap:
    """Percentile-bootstrap intervals of the AIJ priorities of each group and overall.

    Respondents are resampled with replacement within each group (group sizes kept); each
    replicate recomputes the element-wise geometric means and their principal eigenvectors.

    Parameters
    ----------
    judgments, respondents, group_weighting
        As in :func:`group_priorities`.
    n_boot : int
        Number of bootstrap replicates (at least 100).
    seed : int
        Seed of ``numpy.random.default_rng``: same seed, same intervals.
    level : float
        Coverage of the intervals (quantiles ``(1 - level) / 2`` and ``(1 + level) / 2``,
        ``numpy.quantile`` linear interpolation).

    Returns
    -------
    Bootstrap

    Raises
    ------
    ValueError
        ``n_boot`` < 100, ``level`` outside (0, 1), a group with fewer than 2 respondents,
        incomplete respondents selected.

    References
    ----------
    Efron, B. & Tibshirani, R.J. (1993). An Introduction to the Bootstrap. Chapman & Hall,
    ch. 13 (percentile intervals).
    """
    if n_boot < 100 or not 0 < level < 1:
        raise ValueError("n_boot minimal 100 dan level di antara 0 dan 1")
    keep = _selection(judgments, respondents)
    groups = judgments.kelompok[keep]
    sizes = groups.value_counts().sort_index()
    if (sizes < 2).any():
        raise ValueError(f"kelompok dengan kurang dari 2 responden: "
                         f"{', '.join(sizes.index[sizes < 2])}")
    logs = np.log(judgments.array[keep])
    rng = np.random.default_rng(seed)
    means = []
    for g in sizes.index:
        lg = logs[(groups == g).to_numpy()]
        draw = rng.integers(0, len(lg), size=(n_boot, len(lg)))
        means.append(lg[draw].mean(axis=1))  # (n_boot, n, n): log of the geometric mean
    means = np.stack(means, axis=1)  # (n_boot, groups, n, n)
    gw = (_group_weights(sizes, group_weighting) * sizes).to_numpy()  # weight of each group
    overall = np.tensordot(means, gw / gw.sum(), axes=([1], [0]))
    stack = np.exp(np.concatenate([means, overall[:, None]], axis=1))
    reps, _ = principal_eigen(stack)  # (n_boot, groups + 1, n)
    labels = tuple(sizes.index) + (OVERALL,)
    point = group_priorities(judgments, judgments.respondents[keep],
                             group_weighting=group_weighting).loc[list(labels),
                                                                  list(judgments.criteria)]
    q = [(1 - level) / 2, (1 + level) / 2]
    lo, hi = np.quantile(reps, q, axis=0)
    summary = pd.concat([_long(point.to_numpy(), labels, judgments.criteria, "bobot"),
                         _long(reps.std(axis=0, ddof=1), labels, judgments.criteria, "se"),
                         _long(lo, labels, judgments.criteria, "bawah"),
                         _long(hi, labels, judgments.criteria, "atas")], axis=1)
    k = len(sizes)
    contrast = np.eye(k) * (1 + 1 / (k - 1)) - 1 / (k - 1) if k > 1 else np.zeros((1, 1))
    diff_reps = np.einsum("gh,bhn->bgn", contrast, reps[:, :k])
    diff_point = contrast @ point.to_numpy()[:k]
    dlo, dhi = np.quantile(diff_reps, q, axis=0)
    diff = pd.concat([_long(diff_point, labels[:k], judgments.criteria, "selisih"),
                      _long(dlo, labels[:k], judgments.criteria, "bawah"),
                      _long(dhi, labels[:k], judgments.criteria, "atas")], axis=1)
    diff["berbeda"] = (diff["bawah"] > 0) | (diff["atas"] < 0)
    return Bootstrap(summary.reset_index(), diff.reset_index(), reps, labels,
                     judgments.criteria, n_boot, seed, level)


@dataclass(frozen=True)
class Agreement:
    """Agreement between groups on the order of the criteria (see :func:`group_agreement`)."""

    kendall_w: float
    chi2: float
    df: int
    p_value: float
    m: int
    n: int
    spearman: pd.DataFrame


def group_agreement(weights: pd.DataFrame) -> Agreement:
    """Kendall's W and Spearman correlations between groups' priorities.

    Parameters
    ----------
    weights : DataFrame
        One row per group (rater), one column per criterion (object ranked); at least 2 rows
        and 3 columns, no missing values.

    Returns
    -------
    Agreement
        ``kendall_w`` (tie-corrected), computed as Friedman's chi-square (scipy.stats.
        friedmanchisquare, criteria as treatments, groups as blocks) divided by m (n - 1);
        W lies in [0, 1] and chi2 in [0, m (n - 1)]: rounding beyond (W = 1.0000000000000007
        for perfect agreement of 5 groups on 10 criteria) is clipped to the bound;
        ``p_value`` of that chi-square approximation (unreliable for few criteria);
        ``spearman``: pairwise Spearman correlations (scipy.stats.spearmanr).

    References
    ----------
    Kendall, M.G. & Babington Smith, B. (1939). The problem of m rankings. Annals of
    Mathematical Statistics 10(3), 275-287. Siegel, S. & Castellan, N.J. (1988).
    Nonparametric Statistics for the Behavioral Sciences, 2nd ed., sec. 9.4.

    Examples
    --------
    >>> w = pd.DataFrame([[4, 3, 2, 1], [4, 2, 3, 1], [3, 4, 2, 1]], columns=list("abcd"))
    >>> round(group_agreement(w).kendall_w, 4)
    0.7778
    """
    values = weights.to_numpy(dtype="float64")
    m, n = values.shape
    if m < 2 or n < 3 or np.isnan(values).any():
        raise ValueError("perlu minimal 2 kelompok dan 3 kriteria tanpa nilai kosong")
    chi2, p = stats.friedmanchisquare(*values.T)
    chi2 = np.clip(chi2, 0.0, m * (n - 1)) + 0.0  # rounding only; NaN (all tied) stays NaN
    rho = stats.spearmanr(values.T).statistic
    rho = np.array([[1.0, rho], [rho, 1.0]]) if m == 2 else rho
    spearman = pd.DataFrame(rho, index=weights.index, columns=weights.index)
    return Agreement(float(chi2) / (m * (n - 1)), float(chi2), n - 1, float(p), m, n, spearman)
