"""Few-cluster inference for the Callaway-Sant'Anna headline, and notebook 05's robust sections.

CR3 follows MacKinnon, Nielsen & Webb (2023, J. Econometrics 232(2)), section 4:
V = (G-1)/G sum_g (theta_(-g) - theta)^2. The leave-one-out estimates are recomputed here with
the library's Callaway-Sant'Anna wrapper (moderndid), so the fast path is checked against it.
Randomization inference (Fisher 1935): the same permutations, drawn here, through the library
estimator give the same p-value, (1 + #{|ATT*| >= |ATT|}) / (B + 1) (Phipson & Smyth 2010).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.impact.cs_inference import cs_jackknife, cs_randomization
from kompetensi.impact.staggered import aggregate_effects, group_time_effects


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    moderndid = pytest.importorskip("moderndid")
    data = moderndid.load_mpdta().to_pandas()
    data["state"] = data["countyreal"] // 1000
    return data


def _simple(data: pd.DataFrame) -> float:
    gt = group_time_effects(data, "lemp", "countyreal", "year", "first.treat", reps=0)
    return aggregate_effects(gt, "simple").overall.estimate


def test_cluster_jackknife_equals_leave_one_state_out_with_the_library(mpdta):
    res = cs_jackknife(mpdta, "lemp", "countyreal", "year", "first.treat", "state")
    full = _simple(mpdta)
    states = sorted(mpdta["state"].unique())
    theta = np.array([_simple(mpdta[mpdta["state"] != s]) for s in states])
    g = len(states)
    assert res.estimate == pytest.approx(full, abs=1e-12)
    assert res.estimate == pytest.approx(-0.0400, abs=5e-5)  # R did vignette, aggte simple
    assert res.se == pytest.approx(np.sqrt((g - 1) / g * ((theta - full) ** 2).sum()), rel=1e-9)
    assert res.n_clusters == g and res.df == g - 1 and res.ci_low < full < res.ci_high


def test_randomization_p_value_equals_the_library_with_the_same_permutations(mpdta):
    res = cs_randomization(mpdta, "lemp", "countyreal", "year", "first.treat", reps=9, seed=3)
    first = mpdta.drop_duplicates("countyreal").sort_values("countyreal")
    units, cohorts = first["countyreal"].to_numpy(), first["first.treat"].to_numpy()
    rng = np.random.default_rng(3)
    draws = []
    for _ in range(9):
        perm = dict(zip(units, rng.permutation(cohorts), strict=True))
        draws.append(_simple(mpdta.assign(**{"first.treat": mpdta["countyreal"].map(perm)})))
    np.testing.assert_allclose(res.draws, draws, atol=1e-10)
    extreme = int((np.abs(draws) >= abs(res.estimate) - 1e-12).sum())
    assert res.p_value == pytest.approx((1 + extreme) / 10)


def test_randomization_is_reproducible_and_finds_a_strong_effect():
    rng = np.random.default_rng(7)
    i = np.repeat(np.arange(80), 3)
    df = pd.DataFrame({"i": i, "t": np.tile([1, 2, 3], 80), "g": np.where(i < 20, 3, 0)})
    df["y"] = rng.normal(size=len(df)) + 1.5 * ((df["g"] == 3) & (df["t"] == 3))
    a = cs_randomization(df, "y", "i", "t", "g", reps=199, seed=1)
    b = cs_randomization(df, "y", "i", "t", "g", reps=199, seed=1)
    assert a.p_value == b.p_value and a.p_value == pytest.approx(1 / 200)


def test_jackknife_undefined_when_a_cluster_holds_every_treated_unit(mpdta):
    data = mpdta.assign(state=np.where(mpdta["first.treat"] > 0, 1, mpdta["state"]))
    with pytest.raises(ValueError, match="jackknife is not defined"):
        cs_jackknife(data, "lemp", "countyreal", "year", "first.treat", "state")


def test_permuted_estimates_equal_the_one_assignment_estimator_bit_for_bit(mpdta):
    # the batched path of cs_randomization against fast_simple_att, one assignment at a time
    from kompetensi.impact.fast_did import fast_simple_att, panel_arrays, permuted_simple_att

    arrays = panel_arrays(mpdta, "lemp", "countyreal", "year", "first.treat")
    rng = np.random.default_rng(11)
    assigned = np.array([rng.permutation(arrays.first_treated) for _ in range(40)])
    batched = permuted_simple_att(arrays.y, assigned, arrays.periods)
    one = [fast_simple_att(arrays.y, g, arrays.periods)[0] for g in assigned]
    assert batched.shape == (40,) and np.array_equal(batched, one)
    late = np.where(assigned[:2] == 2007, 2099, assigned[:2])  # after the last year: never
    assert np.array_equal(permuted_simple_att(arrays.y, late, arrays.periods),
                          [fast_simple_att(arrays.y, g, arrays.periods)[0] for g in late])
    with pytest.raises(ValueError, match="permutation"):
        permuted_simple_att(arrays.y, np.vstack([assigned[0], assigned[0] * 0]),
                            arrays.periods)
