"""kompetensi.evaluation.learning: published reference values on real data, hand-computed cases, edge
cases, and recovery of the learning gain and behaviour ratings planted in the sample."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from kompetensi import processing
from kompetensi.core import config
from kompetensi.evaluation import learning, survey

# R datasets::sleep: extra hours of sleep of 10 patients under two soporific drugs (Cushny &
# Peebles 1905, the data of Student 1908, "The probable error of a mean", Biometrika 6:1-25);
# values as listed in R's documentation of `sleep` (group 1, then group 2, by patient ID 1-10).
SLEEP_DRUG1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# R ?wilcox.test example: Hamilton depression scale factor IV of 9 patients at the first (x) and
# second (y) visit after starting a tranquilizer (Hollander & Wolfe 1973, Nonparametric
# Statistical Methods, p. 29f).
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

# R ?cor.test example: Hunter L lightness (x) and consumer panel score (y) of 9 lots of canned
# tuna (Hollander & Wolfe 1973, p. 187f).
TUNA_X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
TUNA_Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


# --- reference values -----------------------------------------------------------------------

def test_paired_t_matches_r_on_sleep():
    # R: t.test(extra ~ group, data = sleep, paired = TRUE) gives (group 1 minus group 2)
    #   t = -4.0621, df = 9, p-value = 0.002833
    #   95 percent confidence interval: -2.4598858 -0.7001142; mean difference -1.58
    # (printed e.g. in Meys & de Vries, R For Dummies, "How to compare paired data with R").
    # Here post (drug 2) minus pre (drug 1): the signs turn round.
    res = learning.paired_change(SLEEP_DRUG1, SLEEP_DRUG2)
    assert res.n == 10 and res.df == 9
    assert res.mean_diff == pytest.approx(1.58, abs=1e-12)
    assert res.t == pytest.approx(4.0621, abs=5e-5)
    assert res.p_value == pytest.approx(0.002833, abs=5e-7)
    assert res.ci_low == pytest.approx(0.7001142, abs=5e-8)
    assert res.ci_high == pytest.approx(2.4598858, abs=5e-8)


def test_wilcoxon_with_ties_and_zero_matches_r_on_sleep():
    # R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) warns "cannot compute exact
    # p-value with ties / with zeroes" and gives V = 0, p-value = 0.009091.
    # By hand: differences 1.2 2.4 1.3 1.3 0 1.0 1.8 0.8 4.6 1.4; the zero is dropped, n = 9,
    # all positive; one tied pair (1.3). E[V] = 9*10/4 = 22.5;
    # Var[V] = 9*10*19/24 - (2^3 - 2)/48 = 71.25 - 0.125 = 71.125;
    # z = (0 - 22.5 + 0.5) / sqrt(71.125) = -2.60864; p = 2 * Phi(-2.60864) = 0.009091.
    res = learning.paired_change(SLEEP_DRUG1, SLEEP_DRUG2)
    assert res.wilcoxon_p == pytest.approx(0.009091, abs=5e-7)


def test_exact_wilcoxon_matches_r_on_depression():
    # R: wilcox.test(x, y, paired = TRUE, alternative = "greater") -> V = 40, p-value = 0.01953
    # (exact). By hand: the ranks of |x - y| are all distinct and 40 of the 45 rank points are
    # on positive differences; P(V >= 40) = #{subsets of 1..9 with sum <= 5} / 2^9 = 10/512.
    # Our direction is post - pre with pre = first visit: "less" is R's "greater" of x - y.
    res = learning.paired_change(DEPRESSION_X, DEPRESSION_Y, alternative="less")
    assert res.wilcoxon_p == pytest.approx(0.01953, abs=5e-6)
    assert res.wilcoxon_p == pytest.approx(10 / 512)
    swapped = learning.paired_change(DEPRESSION_Y, DEPRESSION_X, alternative="greater")
    assert swapped.wilcoxon_p == pytest.approx(10 / 512)


def test_correlation_matches_r_on_tuna():
    # R: cor.test(x, y) -> t = 1.8411, df = 7, p-value = 0.1082,
    #   95 percent confidence interval: -0.1497426 0.8955795; cor 0.5711816
    res = learning.correlation(TUNA_X, TUNA_Y)
    assert res.n == 9
    assert res.r == pytest.approx(0.5711816, abs=5e-8)
    assert res.p_value == pytest.approx(0.1082, abs=5e-5)
    assert res.ci_low == pytest.approx(-0.1497426, abs=5e-8)
    assert res.ci_high == pytest.approx(0.8955795, abs=5e-8)


# --- hand-computed cases --------------------------------------------------------------------

def test_effect_size_t_and_shares_by_hand():
    # d = 1, 2, 3: mean 2, sd 1 -> d_z = 2; t = 2 / (1 / sqrt(3)) = 3.4641, df 2
    res = learning.paired_change([10, 20, 30], [11, 22, 33])
    assert (res.mean_pre, res.mean_post, res.mean_diff, res.sd_diff) == (20, 22, 2, 1)
    assert res.cohen_dz == pytest.approx(2.0)
    assert res.t == pytest.approx(2 * math.sqrt(3))
    assert res.share_improved == 1.0 and math.isnan(res.normalized_gain)
    # d = 1, -1, 0, 2 -> 2 of 4 pairs improved
    assert learning.paired_change([5, 5, 5, 5], [6, 4, 5, 7]).share_improved == 0.5


def test_normalized_gain_by_hand():
    # mean pre 50, mean post 75, max 100: <g> = (75 - 50) / (100 - 50) = 0.5
    res = learning.paired_change([40, 60], [70, 80], max_score=100)
    assert res.normalized_gain == pytest.approx(0.5)
    # everyone already at the maximum: (100 - 100) / 0 is undefined -> NaN
    assert math.isnan(learning.paired_change([100, 100], [100, 100],
                                             max_score=100).normalized_gain)


def test_missing_pairs_are_dropped():
    res = learning.paired_change([10, np.nan, 20, 30, 40], [11, 15, np.nan, 33, 41])
    assert (res.n, res.n_dropped) == (3, 2)
    assert res.mean_pre == pytest.approx(80 / 3)  # 10, 30, 40


def test_one_sided_alternatives():
    two = learning.paired_change(SLEEP_DRUG1, SLEEP_DRUG2)
    greater = learning.paired_change(SLEEP_DRUG1, SLEEP_DRUG2, alternative="greater")
    less = learning.paired_change(SLEEP_DRUG1, SLEEP_DRUG2, alternative="less")
    # t > 0: the one-sided p in its direction is half the two-sided p
    assert greater.p_value == pytest.approx(two.p_value / 2)
    assert less.p_value == pytest.approx(1 - two.p_value / 2)
    assert greater.ci_high == math.inf and greater.ci_low > two.ci_low
    assert less.ci_low == -math.inf


def test_paired_change_table_by_group():
    data = pd.DataFrame({"g": ["a", "a", "a", "b"], "skor_pre": [50, 60, 70, 40],
                         "skor_post": [60, 75, 70, 45]})
    table = learning.paired_change_table(data, "g", max_score=100)
    # group a: d = 10, 15, 0 -> mean 8.333; 2 of 3 improved; <g> = (68.333-60)/(100-60)
    assert table.loc["a", "selisih"] == pytest.approx(25 / 3)
    assert table.loc["a", "proporsi_meningkat"] == pytest.approx(2 / 3)
    assert table.loc["a", "gain_ternormalisasi"] == pytest.approx((25 / 3) / 40)
    assert table.loc["b", "n"] == 1 and table.loc["b"].drop("n").isna().all()


# --- edge cases: a clear error or a documented NaN ------------------------------------------

def test_fewer_than_two_pairs_is_an_error():
    with pytest.raises(ValueError, match="at least 2 complete pairs"):
        learning.paired_change([50], [60])
    with pytest.raises(ValueError, match="at least 2 complete pairs"):
        learning.paired_change([50, np.nan], [np.nan, 60])
    with pytest.raises(ValueError, match="at least 2 complete pairs"):
        learning.paired_change([], [])


def test_identical_differences_give_documented_nan():
    res = learning.paired_change([50, 60, 70], [55, 65, 75])  # every difference is 5
    assert res.mean_diff == 5 and res.sd_diff == 0
    assert all(math.isnan(v) for v in (res.t, res.p_value, res.ci_low, res.ci_high,
                                       res.cohen_dz))
    none = learning.paired_change([50, 60], [50, 60])  # no change at all
    assert math.isnan(none.wilcoxon_p) and none.share_improved == 0
    # every difference 0.1: numpy's sd is 1.5e-17 by rounding (t would be 1.8e16)
    tenth = learning.paired_change([0.0] * 7, [0.1] * 7)
    assert tenth.sd_diff == 0 and math.isnan(tenth.t) and math.isnan(tenth.cohen_dz)
    assert tenth.mean_diff == pytest.approx(0.1)


def test_bad_inputs_are_errors():
    with pytest.raises(ValueError, match="same length"):
        learning.paired_change([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="alternative"):
        learning.paired_change([1, 2], [2, 3], alternative="two.sided")
    with pytest.raises(ValueError, match="numeric"):
        learning.paired_change(["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="max_score"):
        learning.paired_change([50, 60], [70, 120], max_score=100)
    with pytest.raises(ValueError, match="at least 3"):
        learning.correlation([1, 2], [2, 1])
    constant = learning.correlation([1, 2, 3, 4], [5, 5, 5, 5])
    assert math.isnan(constant.r) and constant.n == 4


# --- the synthetic sample: planted gain and behaviour ratings are recovered ------------------

@pytest.fixture(scope="module")
def sample() -> dict[int, dict]:
    cycles = {}
    for siklus in (2024, 2025):
        cleaned = processing.clean_cycle("contoh", siklus)  # in memory, writes nothing
        cycles[siklus] = {**cleaned["tables"],
                          "kodebuku_survei_perilaku": cleaned["codebooks"]["survei_perilaku"]}
    return cycles


@pytest.fixture(scope="module")
def truth() -> dict:
    path = config.PROJECT_ROOT / "data" / "raw" / "contoh" / "kebenaran.json"
    return json.loads(path.read_text(encoding="utf-8"))["truths"]


def test_sample_planted_gain_lies_in_the_confidence_interval(sample, truth):
    for siklus, tables in sample.items():
        tes = tables["tes"]
        res = learning.paired_change(tes.skor_pre, tes.skor_post, max_score=100)
        planted = truth["training"]["learning_test"]["generated_before_faults"][str(siklus)]
        assert res.ci_low <= planted["mean_gain"] <= res.ci_high, (siklus, res)
        assert res.cohen_dz == pytest.approx(planted["cohen_dz"], abs=0.1)
        assert res.p_value < 1e-10 and res.wilcoxon_p < 1e-10


def _behaviour_scores(tables: dict) -> pd.DataFrame:
    """Mean of the 8 behaviour items (P03, P08 reversed) per person and rater."""
    long, book = tables["survei_perilaku"], tables["kodebuku_survei_perilaku"]
    items = survey.prepare_items(long, book)
    score = survey.scale_scores(items, {"skor": list(items.columns)})["skor"]
    who = long.drop_duplicates("responden").set_index("responden")[["pid", "penilai"]]
    return who.join(score).pivot(index="pid", columns="penilai", values="skor")


def test_sample_planted_behaviour_differences_are_recovered(sample, truth):
    for siklus, tables in sample.items():
        planted = truth["behaviour_survey"][str(siklus)]
        ratings = _behaviour_scores(tables)
        both = ratings.dropna()
        assert len(both) == planted["paired_persons"]
        diff = learning.paired_change(both["atasan"], both["diri"])  # self minus supervisor
        assert diff.ci_low <= planted["self_minus_supervisor_paired"] <= diff.ci_high
        gain = tables["tes"].set_index("pid").eval("skor_post - skor_pre").rename("gain")
        linked = ratings.join(gain, how="inner")
        for rater, key in (("diri", "corr_gain_self"), ("atasan", "corr_gain_supervisor")):
            corr = learning.correlation(linked["gain"], linked[rater])
            assert corr.ci_low <= planted[key] <= corr.ci_high, (siklus, rater, corr)
