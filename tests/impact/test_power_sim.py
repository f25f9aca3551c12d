"""Fast Callaway-Sant'Anna / TWFE estimators and the simulation-based power of the design.

Expected values:

- ``fast_simple_att``: the library path (``staggered.group_time_effects(reps=0)`` +
  ``aggregate_effects(..., "simple")``, itself tested against R ``did``'s published mpdta
  output in test_staggered.py) on mpdta and on small synthetic panels, to 1e-10 (both are
  the same closed form in float64; differences are rounding, ~1e-17); the mpdta estimate
  also against the did vignette's published simple ATT -0.0400 (4 decimals: abs 5e-5).
- ``fast_twfe``: :func:`kompetensi.impact.panel_effect` (linearmodels; tested against
  Wooldridge's examples in test_impact.py) on the balanced sample panel, to 1e-10.
- Simulations: binomial tolerances of a Monte Carlo share p over R draws, 3 sd:
  ``3 sqrt(p (1 - p) / R)``; means within 3 Monte Carlo SEs (sd / sqrt(R)).
- TWFE's implied weights derived by hand below (de Chaisemartin & D'Haultfoeuille 2020,
  AER 110(9), Theorem 1; Goodman-Bacon 2021).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from kompetensi import impact, processing
from kompetensi.core import config
from kompetensi.impact import power_sim as ps
from kompetensi.impact.power import required_sample_size
from kompetensi.impact.staggered import aggregate_effects, group_time_effects

SAMPLE = config.PROJECT_ROOT / "data" / "raw" / "contoh"
# observed-score ATT(g, t) planted in the sample (kebenaran.json, att_by_cohort_year)
PLANT = {2024: {0: 0.021944, 1: 0.484848}, 2025: {0: -0.07767}}


def _band(p: float, reps: int) -> float:
    return 3 * math.sqrt(p * (1 - p) / reps)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    if not (SAMPLE / "2025").is_dir():
        pytest.skip("bundled sample not present")
    tables: dict[str, list] = {"kinerja": [], "pelatihan": [], "pegawai": []}
    for siklus in processing.available_cycles("contoh"):
        cleaned = processing.clean_cycle("contoh", siklus)  # in memory, writes nothing
        for name, frames in tables.items():
            frames.append(cleaned["tables"][name])
    return impact.performance_panel(*(pd.concat(f, ignore_index=True)
                                      for f in tables.values()), "PSIM")


def _library(data, outcome, unit, time_, cohort, cluster):
    gt = group_time_effects(data, outcome, unit, time_, cohort, cluster=cluster, reps=0)
    return aggregate_effects(gt, "simple").overall


@pytest.mark.parametrize("cluster", [None, "state"])
def test_fast_simple_att_equals_the_library_on_mpdta(cluster):
    import moderndid

    data = moderndid.load_mpdta().to_pandas()
    data["state"] = data["countyreal"] // 1000
    ref = _library(data, "lemp", "countyreal", "year", "first.treat", cluster)
    arr = ps.panel_arrays(data, "lemp", "countyreal", "year", "first.treat", cluster)
    est, se = ps.fast_simple_att(arr.y, arr.first_treated, arr.periods, arr.clusters)
    assert est == pytest.approx(ref.estimate, abs=1e-10)
    assert se == pytest.approx(ref.se, abs=1e-10)
    assert est == pytest.approx(-0.0400, abs=5e-5)  # did vignette, aggte(type = "simple")
    # draws along a leading axis give what each draw gives alone
    many = np.stack([arr.y, 2 * arr.y + 1, arr.y[:, ::-1]])
    est3, se3 = ps.fast_simple_att(many, arr.first_treated, arr.periods, arr.clusters)
    for k in range(3):
        one = ps.fast_simple_att(many[k], arr.first_treated, arr.periods, arr.clusters)
        assert (est3[k], se3[k]) == pytest.approx(one, abs=1e-12)


@pytest.mark.parametrize("cohorts, cluster", [((0, 3, 4, 5), "c"), ((0, 3, 4, 5), None),
                                              ((0, 2, 4, 6), None)])
def test_fast_simple_att_equals_the_library_on_a_synthetic_panel(cohorts, cluster):
    # unequal cohorts, effects growing with exposure, heteroskedastic clusters; cohort 6 is
    # treated after the last period (never treated within the panel, as R did)
    rng = np.random.default_rng(5)
    n, periods = 90, np.arange(1, 6)
    g = rng.choice(cohorts, size=n, p=[0.4, 0.2, 0.25, 0.15])
    c = rng.integers(0, 9, size=n)
    i, t = np.repeat(np.arange(n), 5), np.tile(periods, n)
    gi, ci = g[i], c[i]
    effect = np.where((gi > 0) & (gi <= t), 0.5 + 0.3 * (t - gi), 0.0)
    y = (rng.normal(size=n)[i] + 0.1 * t + rng.normal(scale=0.5, size=5 * n)
         + rng.normal(size=5 * n) * (ci % 3 == 0) + effect)
    df = pd.DataFrame({"i": i, "t": t, "y": y, "g": gi, "c": ci})
    ref = _library(df, "y", "i", "t", "g", cluster)
    arr = ps.panel_arrays(df, "y", "i", "t", "g", cluster)
    est, se = ps.fast_simple_att(arr.y, arr.first_treated, arr.periods, arr.clusters)
    assert (est, se) == pytest.approx((ref.estimate, ref.se), abs=1e-10)


def test_fast_simple_att_rejects_bad_input():
    y = np.zeros((3, 2))
    with pytest.raises(ValueError, match="first period"):
        ps.fast_simple_att(y, np.array([1, 0, 0]), np.array([1, 2]))
    with pytest.raises(ValueError, match="never-treated"):
        ps.fast_simple_att(y, np.array([2, 2, 2]), np.array([1, 2]))
    with pytest.raises(ValueError, match="shapes"):
        ps.fast_simple_att(y, np.array([2, 0]), np.array([1, 2]))


@pytest.mark.parametrize("cluster", ["opd", None])
def test_fast_twfe_equals_panel_effect(panel, cluster):
    arr = ps.panel_arrays(panel, "skor", "pid", "tahun", "tahun_perlakuan", cluster)
    d = ps.treatment_matrix(arr.first_treated, arr.periods)
    est, se = ps.fast_twfe(arr.y, d, arr.clusters)
    balanced = panel[panel.groupby("pid")["tahun"].transform("size") == len(arr.periods)]
    ref = impact.panel_effect(balanced, "skor", "dilatih", "pid", "tahun", cluster=cluster)
    assert (est, se) == pytest.approx((ref.estimate, ref.se), abs=1e-10)


def test_size_near_alpha_with_unit_level_se(panel):
    # no effect, independent persons (cluster=None: no OPD-year shock, unit-level SE):
    # 400 draws, rejection 0.05 +- 3 sqrt(0.05 * 0.95 / 400) = 0.05 +- 0.033
    sim = ps.simulate_power(panel, 0.0, reps=400, seed=101, cluster=None)
    assert abs(sim.power - 0.05) <= _band(0.05, 400)
    assert abs(sim.curve.loc[0, "power_twfe"] - 0.05) <= _band(0.05, 400)
    assert sim.true_att == 0.0 and abs(sim.bias_cs) <= 3 * sim.sd_cs / math.sqrt(400)


def test_opd_clustered_se_is_too_small_with_35_unequal_opds(panel):
    # a property of the headline SE (influence function summed by OPD, even with the CR1-type
    # factor G/(G-1) and t(G-1) quantiles), documented: 35 OPDs, the largest with 1,100 of 2,880 persons; the
    # simulated persons are independent (estimated OPD-year SD 0), so the clustered SE's
    # downward bias shows (MacKinnon & Webb 2017, J. Appl. Econometrics 32(2), 233-254)
    sim = ps.simulate_power(panel, 0.0, reps=1000, seed=102)
    assert sim.n_clusters == 35 and sim.sd_opd_year == 0.0
    assert sim.se_cs < 0.97 * sim.sd_cs  # sd of 1000 draws: +-2.2 % (1 / sqrt(2 * 999))
    assert sim.power > 0.05 + _band(0.05, 1000)  # over-rejects (about 8 %)


def test_coverage_and_twfe_bias_under_growing_effects(panel):
    reps = 400
    sim = ps.simulate_power(panel, PLANT, reps=reps, seed=103, cluster=None)
    n24, n25 = sim.cohort_sizes[2024], sim.cohort_sizes[2025]
    # simple ATT: post cells weighted by cohort size (C&S 2021, section 3)
    truth = (n24 * (PLANT[2024][0] + PLANT[2024][1]) + n25 * PLANT[2025][0]) / (2 * n24 + n25)
    assert sim.true_att == pytest.approx(truth, abs=1e-12)
    assert abs(sim.coverage - 0.95) <= _band(0.95, reps)
    assert abs(sim.bias_cs) <= 3 * sim.sd_cs / math.sqrt(reps)
    # TWFE by hand: years 2022-2025, cohort 2024 D = (0,0,1,1), cohort 2025 (0,0,0,1), shares
    # p, q of all N persons. Demeaned D~ = D - D_i. - D_.t + D.., D_.t = (0, 0, p, p + q),
    # D.. = (2p + q)/4; the TWFE slope is sum n_g D~_gt tau_gt / sum n_g D~_gt over the
    # treated cells. Cohort 2024 in 2025 gets the smallest weight (it is the control of
    # cohort 2025 in 2024 -> 2025), so a growing effect pulls TWFE below the simple ATT.
    n = sim.n_units
    p, q = n24 / n, n25 / n
    dbar = (2 * p + q) / 4
    w = {(2024, 0): n24 * (0.5 - p + dbar), (2024, 1): n24 * (0.5 - p - q + dbar),
         (2025, 0): n25 * (0.75 - p - q + dbar)}
    implied = sum(w[k] * PLANT[k[0]][k[1]] for k in w) / sum(w.values())
    assert w[(2024, 1)] < min(w[(2024, 0)], w[(2025, 0)])
    assert sim.twfe_expected == pytest.approx(implied, abs=1e-12)
    assert implied < truth - 0.03  # 0.099 vs 0.144
    assert abs(sim.bias_twfe - (implied - truth)) <= 3 * sim.sd_twfe / math.sqrt(reps)
    assert sim.bias_twfe < -10 * sim.sd_twfe / math.sqrt(reps)  # clearly non-zero
    assert sim.coverage_twfe < 0.95 - _band(0.95, reps)


def test_curve_reuses_the_null_draws_exactly(panel):
    base = ps.simulate_power(panel, 0.0, reps=100, seed=104, grid=(0.0, 0.05, 0.1))
    for effect in (0.05, 0.1):
        direct = ps.simulate_power(panel, effect, reps=100, seed=104, grid=())
        row = base.curve.set_index("efek").loc[effect]
        assert direct.power == row["power_cs"] and direct.power_twfe == row["power_twfe"]
        assert direct.coverage == base.curve.loc[0, "coverage_cs"]


def test_deterministic_for_a_seed(panel):
    a = ps.simulate_power(panel, PLANT, reps=100, seed=7)
    b = ps.simulate_power(panel, PLANT, reps=100, seed=7)
    c = ps.simulate_power(panel, PLANT, reps=100, seed=8)
    assert a == b and a.curve.equals(b.curve)
    assert a.bias_cs != c.bias_cs


def test_runtime_of_200_draws(panel):
    start = time.perf_counter()
    sim = ps.simulate_power(panel, PLANT, reps=200, seed=9)
    assert sim.n_units > 2500 and len(sim.curve) == 7
    assert time.perf_counter() - start < 20


def test_se_scaling_against_the_simulation(panel):
    # SE at half and at twice the participants: simulated mean SE vs scaled_se from the
    # actual design. sqrt(1/n_t + 1/n_c) assumes equal variances (here within 7 %); the
    # variance share of the participants from the influence function brings it within 3 %
    # (approximation error only: the mean SE of 400 draws varies by < 0.5 %)
    reps = 400
    base = ps.simulate_power(panel, 0.0, reps=reps, seed=105, cluster=None)
    share = ps.treated_variance_share(panel)
    assert share > (1 / base.n_treated) / (1 / base.n_treated + 1 / base.n_control)
    for factor in (0.5, 2.0):
        design = {g: round(factor * m) for g, m in base.cohort_sizes.items()}
        sim = ps.simulate_power(panel, 0.0, reps=reps, seed=105, cluster=None, design=design)
        assert sim.n_treated == sum(design.values()) and sim.n_control == base.n_control
        simple = ps.scaled_se(base.se_cs, base.n_treated, base.n_control, sim.n_treated)
        refined = ps.scaled_se(base.se_cs, base.n_treated, base.n_control, sim.n_treated,
                               treated_share=share)
        assert sim.se_cs == pytest.approx(simple, rel=0.07)
        assert sim.se_cs == pytest.approx(refined, rel=0.03)


def test_required_participants_reach_the_target_power(panel):
    # plan for a small effect from the current SE, simulate that design: power 0.8 +- 0.06
    reps = 400
    base = ps.simulate_power(panel, 0.0, reps=reps, seed=106, cluster=None)
    share = ps.treated_variance_share(panel)
    effect = 0.06
    need = ps.required_participants(effect, base.se_cs, base.n_treated, base.n_control,
                                    treated_share=share)
    design = {g: math.ceil(need * m / base.n_treated) for g, m in base.cohort_sizes.items()}
    sim = ps.simulate_power(panel, effect, reps=reps, seed=107, cluster=None, design=design)
    assert need > base.n_treated
    assert abs(sim.power - 0.8) <= _band(0.8, reps)


def test_required_participants_matches_bloom_for_a_difference_of_means():
    # with SE = sd sqrt(1/n_t + 1/n_c) and equal variances the inverse is Bloom's (1995)
    # formula, required_sample_size with a fixed comparison group (tested by hand there)
    sd, n_t, n_c = 0.8, 300, 2000
    se = sd * math.sqrt(1 / n_t + 1 / n_c)
    for effect in (0.1, 0.2):
        ref = required_sample_size(effect, sd, n_control=n_c).n_treated
        assert ps.required_participants(effect, se, n_t, n_c) == pytest.approx(ref, rel=1e-12)
    assert ps.required_participants(0.01, se, n_t, n_c) == math.inf
    with pytest.raises(ValueError):
        ps.required_participants(-0.1, se, n_t, n_c)
