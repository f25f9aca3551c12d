"""Callaway & Sant'Anna (2021) ATT(g, t) and aggregations on the published county panel.

Data: ``mpdta`` (county teen employment, 2003-2007, 500 counties; R package ``did``), as
shipped by ``moderndid.load_mpdta``. Expected values:

- ATT(g, t), never-treated control, varying base period, outcome regression, and the p-value
  of the Wald pre-test: the printed output of R ``did`` 2.x, ``att_gt(yname = "lemp",
  gname = "first.treat", idname = "countyreal", tname = "year", xformla = ~1, data = mpdta,
  est_method = "reg")`` (did vignette "Introduction to DiD with Multiple Time Periods";
  reproduced at https://rstudio-pubs-static.s3.amazonaws.com/736765_c47909c746704c79922fdc03ab352edf.html).
- Aggregations: the did vignette's ``aggte`` summaries (simple -0.0400, group -0.0310 with
  cohorts 2004 -0.0797 / 2006 -0.0229 / 2007 -0.0261, calendar -0.0417, dynamic -0.0772 with
  e = -3..3: 0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373, -0.1008); each is also
  recomputed here by hand from the published ATT(g, t) and the cohort sizes (20, 40, 131)
  with the weights of Callaway & Sant'Anna (2021), section 3.
- Standard errors, the not-yet-treated control and the universal base period: hand
  computations of the 2x2 DiD and its influence function in this file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.impact.staggered import aggregate_effects, as_event_study, group_time_effects

PUBLISHED_ATT = {  # (group, time): ATT(g,t), R did output (4 decimals)
    (2004, 2004): -0.0105, (2004, 2005): -0.0704, (2004, 2006): -0.1373,
    (2004, 2007): -0.1008, (2006, 2004): 0.0065, (2006, 2005): -0.0028,
    (2006, 2006): -0.0046, (2006, 2007): -0.0412, (2007, 2004): 0.0305,
    (2007, 2005): -0.0027, (2007, 2006): -0.0311, (2007, 2007): -0.0261,
}
SIZES = {2004: 20, 2006: 40, 2007: 131}
TOL = 5e-5 + 1e-9  # published to 4 decimals


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    moderndid = pytest.importorskip("moderndid")
    data = moderndid.load_mpdta().to_pandas()
    data["state"] = data["countyreal"] // 1000  # county FIPS = state FIPS x 1000 + county
    return data


@pytest.fixture(scope="module")
def never(mpdta) -> object:
    return group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat", reps=499)


def _cell(effects, g, t) -> pd.Series:
    cells = effects.cells.set_index(["kohort", "tahun"])
    return cells.loc[(g, t)]


def test_group_time_effects_equal_the_published_r_output(never):
    got = {(int(g), int(t)): e for g, t, e in never.cells[["kohort", "tahun", "estimasi"]]
           .itertuples(index=False)}
    assert got.keys() == PUBLISHED_ATT.keys()
    for key, value in PUBLISHED_ATT.items():
        assert got[key] == pytest.approx(value, abs=TOL), key
    assert never.pretrend_p_value == pytest.approx(0.16812, abs=5e-6)  # "P-value for pre-test"
    assert never.n_units == 500 and never.n_dropped_unbalanced == 0
    assert never.cells.drop_duplicates("kohort").set_index("kohort")["n_kohort"].to_dict() \
        == SIZES


def _changes(data: pd.DataFrame, base: int, t: int) -> pd.DataFrame:
    wide = data.pivot(index="countyreal", columns="year", values="lemp")
    out = pd.DataFrame({"dy": wide[t] - wide[base]})
    first = data.drop_duplicates("countyreal").set_index("countyreal")
    out["g"], out["state"] = first["first.treat"], first["state"]
    return out


def _hand_did(changes: pd.DataFrame, treated: pd.Series, control: pd.Series, n: int):
    """2x2 DiD without covariates and its influence function (Callaway & Sant'Anna 2021,
    eq. 2.6 with no covariates: psi_i = n/n_g D_i (dY_i - mean_g) - n/n_c C_i (dY_i - mean_c))."""
    dy = changes["dy"]
    mg, mc = dy[treated].mean(), dy[control].mean()
    psi = pd.Series(0.0, index=changes.index)
    psi[treated] = n / treated.sum() * (dy[treated] - mg)
    psi[control] = -n / control.sum() * (dy[control] - mc)
    return mg - mc, psi


def test_analytic_se_is_the_influence_function_se_by_hand(mpdta, never):
    changes = _changes(mpdta, 2003, 2004)
    att, psi = _hand_did(changes, changes["g"] == 2004, changes["g"] == 0, 500)
    row = _cell(never, 2004, 2004)
    assert row["estimasi"] == pytest.approx(att, abs=1e-12)
    assert row["se"] == pytest.approx(np.sqrt((psi**2).sum()) / 500, rel=1e-9)
    # same as sqrt(var_g / n_g + var_c / n_c) with variances over n (ddof 0)
    dy = changes["dy"]
    by_hand = np.sqrt(dy[changes.g == 2004].var(ddof=0) / 20 + dy[changes.g == 0].var(ddof=0)
                      / 309)
    assert row["se"] == pytest.approx(by_hand, rel=1e-9)


def test_clustered_se_sums_the_influence_function_within_clusters(mpdta):
    res = group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat",
                             cluster="state", reps=499)
    changes = _changes(mpdta, 2005, 2006)
    att, psi = _hand_did(changes, changes["g"] == 2006, changes["g"] == 0, 500)
    sums = psi.groupby(changes["state"]).sum()
    row = _cell(res, 2006, 2006)
    assert row["estimasi"] == pytest.approx(att, abs=1e-12)
    g = changes["state"].nunique()  # with the CR1-type factor G / (G - 1)
    assert row["se"] == pytest.approx(np.sqrt(g / (g - 1) * (sums**2).sum()) / 500, rel=1e-9)
    assert res.n_clusters == g
    assert aggregate_effects(res, "simple").overall.df == g - 1
    assert "clustered by state" in res.se_type


def test_not_yet_treated_control_by_hand(mpdta):
    res = group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat",
                             control="not_yet", reps=199)
    changes = _changes(mpdta, 2003, 2005)  # ATT(2004, 2005): base g - 1 = 2003
    control = (changes["g"] == 0) | (changes["g"] > 2005)  # 2006 and 2007 not yet treated
    att, _ = _hand_did(changes, changes["g"] == 2004, control, 500)
    assert _cell(res, 2004, 2005)["estimasi"] == pytest.approx(att, abs=1e-12)


def test_universal_base_period_by_hand(mpdta):
    res = group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat",
                             base_period="universal", reps=199)
    changes = _changes(mpdta, 2006, 2004)  # pre-period cell of 2007 against base 2006
    att, _ = _hand_did(changes, changes["g"] == 2007, changes["g"] == 0, 500)
    assert _cell(res, 2007, 2004)["estimasi"] == pytest.approx(att, abs=1e-12)
    assert _cell(res, 2007, 2006)["estimasi"] == pytest.approx(0.0, abs=1e-12) or \
        (2007, 2006) not in res.cells.set_index(["kohort", "tahun"]).index


def _hand_aggregates() -> dict:
    att, n = PUBLISHED_ATT, SIZES
    post = {k: v for k, v in att.items() if k[1] >= k[0]}
    simple = sum(n[g] * v for (g, _), v in post.items()) / sum(n[g] for g, _ in post)
    group = {g: np.mean([v for (h, _), v in post.items() if h == g]) for g in n}
    overall_group = sum(n[g] * group[g] for g in n) / sum(n.values())
    calendar = {t: sum(n[g] * v for (g, s), v in post.items() if s == t)
                / sum(n[g] for g, s in post if s == t) for t in range(2004, 2008)}
    dynamic = {e: sum(n[g] * v for (g, t), v in att.items() if t - g == e)
               / sum(n[g] for g, t in att if t - g == e) for e in range(-3, 4)}
    return {"simple": simple, "group": (overall_group, group),
            "calendar": (np.mean(list(calendar.values())), calendar),
            "dynamic": (np.mean([dynamic[e] for e in range(4)]), dynamic)}


def test_aggregations_equal_the_published_values_and_the_hand_weights(never):
    hand = _hand_aggregates()
    published = {"simple": -0.0400, "group": -0.0310, "calendar": -0.0417, "dynamic": -0.0772}
    for kind, value in published.items():
        agg = aggregate_effects(never, kind)
        assert agg.overall.estimate == pytest.approx(value, abs=TOL), kind
        expected = hand[kind] if kind == "simple" else hand[kind][0]
        # hand weights applied to 4-decimal inputs: agree to rounding of the inputs
        assert agg.overall.estimate == pytest.approx(expected, abs=2e-4), kind
        if kind != "simple":
            key = agg.table.columns[0]
            by_key = dict(zip(agg.table[key], agg.table["estimasi"], strict=True))
            for k, v in hand[kind][1].items():
                assert by_key[k] == pytest.approx(v, abs=2e-4), (kind, k)
    group = aggregate_effects(never, "group").table.set_index("kohort")["estimasi"]
    for g, v in {2004: -0.0797, 2006: -0.0229, 2007: -0.0261}.items():
        assert group[g] == pytest.approx(v, abs=TOL)
    dynamic = aggregate_effects(never, "dynamic").table.set_index("periode_relatif")
    for e, v in zip(range(-3, 4), (0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373,
                                    -0.1008), strict=True):
        assert dynamic.loc[e, "estimasi"] == pytest.approx(v, abs=TOL)


def test_bootstrap_is_reproducible_and_the_uniform_band_is_wider(mpdta, never):
    again = group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat", reps=499)
    pd.testing.assert_frame_equal(never.cells, again.cells)
    cells = never.cells
    assert never.critical_value > 1.96
    assert ((cells["pita_atas"] - cells["pita_bawah"]) > (cells["ci_atas"] - cells["ci_bawah"])
            ).all()
    # the bootstrap and the analytic SE estimate the same thing (499 draws: within 25 %)
    ratio = cells["se_bootstrap"] / cells["se"]
    assert ratio.between(0.75, 1.25).all()


def test_event_study_view_and_pretrend_test(never):
    es = as_event_study(aggregate_effects(never, "dynamic"))
    assert es.estimate == pytest.approx(-0.0772, abs=TOL)
    assert es.periods["periode_relatif"].tolist() == list(range(-3, 4))
    assert es.pretrend_df[0] == 3 and 0 < es.pretrend_p_value < 1


def test_unbalanced_units_are_dropped_and_counted(mpdta):
    data = mpdta[~((mpdta["countyreal"].isin([8001, 13011])) & (mpdta["year"] == 2005))]
    res = group_time_effects(data, "lemp", "countyreal", "year", "first.treat", reps=99)
    assert res.n_dropped_unbalanced == 2 and res.n_units == 498


def test_input_errors(mpdta):
    bad = mpdta.copy()
    bad.loc[bad.index[0], "state"] = 99
    with pytest.raises(ValueError, match="constant within each countyreal"):
        group_time_effects(bad, "lemp", "countyreal", "year", "first.treat", cluster="state")
    treated_only = mpdta[mpdta["first.treat"] > 0]
    with pytest.raises(ValueError, match="never-treated"):
        group_time_effects(treated_only, "lemp", "countyreal", "year", "first.treat")
    with pytest.raises(ValueError, match="control must be"):
        group_time_effects(mpdta, "lemp", "countyreal", "year", "first.treat", control="x")


def test_a_cohort_treated_after_the_last_period_is_a_control(mpdta):
    """R did recodes a first treatment after the last period as never treated; with a
    cluster this once failed the unit-order check."""
    late = mpdta.copy()
    late.loc[late["first.treat"] == 2007, "first.treat"] = 2009
    res = group_time_effects(late, "lemp", "countyreal", "year", "first.treat",
                             cluster="state", reps=99)
    assert sorted(res.cells["kohort"].unique()) == [2004, 2006]
    changes = _changes(late, 2003, 2004)
    att, _ = _hand_did(changes, changes["g"] == 2004, changes["g"].isin([0, 2009]), 500)
    assert _cell(res, 2004, 2004)["estimasi"] == pytest.approx(att, abs=1e-12)
