"""The bootstrap intervals of kompetensi.service.bootstrap against cases whose bootstrap
distribution can be enumerated by hand, a coverage check, and hand-computed element means.

Percentile interval rule (Davison, A. C. & Hinkley, D. V. (1997), Bootstrap Methods and their
Application, Cambridge University Press, §5.2): with B draws, the (B+1) alpha/2-th and the
(B+1)(1 - alpha/2)-th order statistics; B = 1999 at 95 %: the 50th and 1950th.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.bootstrap import (
    bootstrap_draws,
    element_summary,
    ikm_intervals,
    percentile_interval,
)

NAN = np.nan


def frame(groups: dict[tuple[str, str], list[list[float]]]) -> pd.DataFrame:
    parts = [pd.DataFrame(np.array(rows, dtype=float), columns=list(SKM_UNSUR)).astype("Int8")
             .assign(unit=unit, periode=periode) for (unit, periode), rows in groups.items()]
    return pd.concat(parts, ignore_index=True)


def test_two_respondents_enumerated():
    # resamples of {a (all 4, IKM 100), b (all 2, IKM 50)}: aa 1/4 -> 100, ab/ba 1/2 -> 75,
    # bb 1/4 -> 50
    draws = bootstrap_draws([[4] * 9, [2] * 9], reps=1999, seed=7)
    values, counts = np.unique(draws.ikm.round(9), return_counts=True)
    assert values.tolist() == [50.0, 75.0, 100.0]
    # binomial sd of a share near 1/2 with 1999 draws is 0.011: 4.5 sd
    assert counts / 1999 == pytest.approx([0.25, 0.5, 0.25], abs=0.05)
    low, high = percentile_interval(draws.ikm)
    assert (low[0], high[0]) == (50.0, 100.0)


def exact_distribution(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered resample of the n respondents, equally likely; the IKM of each by hand
    (NRR = sum of the answers given / their number, IKM = 25 x mean of the answered NRRs)."""
    n = len(rows)
    values = []
    for pick in itertools.product(range(n), repeat=n):
        sample = rows[list(pick)]
        nrr = [np.mean([v for v in sample[:, j] if not np.isnan(v)])
               if (~np.isnan(sample[:, j])).any() else None for j in range(9)]
        answered = [v for v in nrr if v is not None]
        values.append(25 * sum(answered) / len(answered))
    support, counts = np.unique(np.round(values, 9), return_counts=True)
    return support, np.cumsum(counts) / counts.sum()


def test_three_respondents_with_blanks_match_the_enumerated_distribution():
    rows = np.array([[4, 4, 3, NAN, 4, 4, 4, 3, 4],
                     [2, 3, NAN, 2, 3, 3, 3, 2, 2],
                     [3, NAN, 2, 1, 3, 4, 2, NAN, 3]], dtype=float)
    support, cdf = exact_distribution(rows)
    draws = bootstrap_draws(rows, reps=20_000, seed=11).ikm
    empirical = np.array([(draws <= s + 1e-9).mean() for s in support])
    # Dvoretzky-Kiefer-Wolfowitz: P(sup |F_n - F| > 0.015) <= 2 exp(-2 n 0.015^2) = 2.5e-4
    assert np.abs(empirical - cdf).max() < 0.015
    assert set(np.round(draws, 9)) <= set(support)


def test_coverage_of_the_95_percent_interval():
    # answers drawn from a known distribution: P(1..4) = .1 .2 .4 .3 on every element, so the
    # true IKM is 25 x 2.9 = 72.5; 200 samples of 60 respondents
    rng = np.random.default_rng(2024)
    hits = 0
    for k in range(200):
        sample = rng.choice([1, 2, 3, 4], p=[0.1, 0.2, 0.4, 0.3], size=(60, 9)).astype(float)
        low, high = percentile_interval(bootstrap_draws(sample, reps=499, seed=k).ikm)
        hits += low[0] <= 72.5 <= high[0]
    # binomial sd of the coverage of 200 intervals at 0.95: 0.015
    assert 0.89 <= hits / 200 <= 0.99


def test_percentile_rule_order_statistics():
    lo, hi = percentile_interval(np.arange(1.0, 2000.0))
    assert (lo[0], hi[0]) == (50.0, 1950.0)
    lo, hi = percentile_interval(np.r_[np.arange(1.0, 100.0), [np.nan] * 5], level=0.90)
    assert (lo[0], hi[0]) == (5.0, 95.0)  # B = 99 valid: the 5th and the 95th
    with pytest.raises(ValueError, match="level"):
        percentile_interval(np.arange(3.0), level=95)


def test_intervals_per_unit_are_seeded_by_the_unit_and_keep_blanks():
    a = [[4, 3, 3, 4, 3, 3, 4, 3, NAN], [3, 3, 2, 4, 3, 2, 3, 2, NAN], [4, 4, 4, 4, 4, 4, 4, 4, 4]]
    b = [[2] * 9, [3] * 9]
    one = ikm_intervals(frame({("A", "2025"): a}), reps=999)
    two = ikm_intervals(frame({("A", "2025"): a, ("B", "2025"): b, ("C", "2025"): [[4] * 9]}),
                        reps=999)
    columns = [c for c in one.columns if c.endswith(("_ci_bawah", "_ci_atas"))]
    pd.testing.assert_frame_equal(one[columns], two.loc[[0], columns])  # A unchanged by B, C
    again = ikm_intervals(frame({("A", "2025"): a}), reps=999)
    pd.testing.assert_frame_equal(one, again)
    # u9 was answered by one respondent only: every resample that has it gives 4
    assert (one.nrr_u9_ci_bawah.item(), one.nrr_u9_ci_atas.item()) == (4.0, 4.0)
    assert one.ikm_ci_bawah.item() <= one.ikm.item() <= one.ikm_ci_atas.item()
    # B: two respondents (IKM 50 and 75): the interval spans the two
    row_b = two[two.unit == "B"].iloc[0]
    assert (row_b.ikm_ci_bawah, row_b.ikm_ci_atas) == (50.0, 75.0)
    # C: a single respondent gets no interval
    assert two[two.unit == "C"].ikm_ci_bawah.isna().all()


def test_city_wide_elements_weakest_first_resampled_within_units():
    # unit A answers 4 everywhere, unit B 2 everywhere, except u6 (A 3, B 3) and u2 (A 1, B 1);
    # within-unit resampling keeps 3 respondents of each unit, so every pooled NRR is constant
    a = [[4, 1, 4, 4, 4, 3, 4, 4, 4]] * 3
    b = [[2, 1, 2, 2, 2, 3, 2, 2, 2]] * 3
    skm = frame({("A", "2025"): a, ("B", "2025"): b})
    out = element_summary(skm, reps=499)
    assert out.unsur.tolist()[:2] == ["u2", "u1"]  # 1.0, then 3.0 (ties keep element order)
    assert out.nrr.tolist() == [1.0] + [3.0] * 8
    assert (out.nrr_ci_bawah == out.nrr).all() and (out.nrr_ci_atas == out.nrr).all()
    assert out.urutan.tolist() == list(range(1, 10))
    assert out.mutu.tolist() == ["D"] + ["C"] * 8  # 25 and 75
    assert out.nama_unsur.iloc[0] == "Sistem, mekanisme, dan prosedur"
    pooled = element_summary(skm, reps=499, strata=None)
    assert pooled.set_index("unsur").loc["u1", "nrr_ci_bawah"] < 3.0  # pooled: it varies


def test_group_of_many_units_and_periods_is_fast_and_complete():
    rng = np.random.default_rng(5)
    groups = {(f"U{u:02d}", p): rng.integers(1, 5, size=(40, 9)).astype(float).tolist()
              for u in range(60) for p in ("2025-S1", "2025-S2", "2026-S1")}
    out = ikm_intervals(frame(groups), reps=199)
    assert len(out) == 180 and out.ikm_ci_bawah.notna().all()
    assert (out.ikm_ci_bawah <= out.ikm).all() and (out.ikm <= out.ikm_ci_atas).all()
