"""The table builders behind notebook 04 (kompetensi.evaluation.programme, reaction, change,
behaviour, headlines): hand-computed small cases and the rules on small counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kompetensi import evaluation
from kompetensi.evaluation import behaviour, headlines


def _data(n_people=12, n_tested=6):
    return {
        "pelatihan": pd.DataFrame({"pid": range(n_people), "program": "A"}),
        "tes": pd.DataFrame({"program": "A", "pid": range(n_tested),
                             "skor_pre": [50.0 + i for i in range(n_tested)],
                             "skor_post": [60.0 + 2 * i for i in range(n_tested)]}),
    }


def test_mean_ci_matches_the_t_interval():
    values = [2.0, 4.0, 4.0, 5.0, 7.0, None]
    mean, low, high = evaluation.mean_ci(values)
    x = np.array([2.0, 4.0, 4.0, 5.0, 7.0])
    half = stats.t.ppf(0.975, 4) * x.std(ddof=1) / math.sqrt(5)
    assert mean == pytest.approx(4.4)
    assert (low, high) == pytest.approx((4.4 - half, 4.4 + half))
    assert all(math.isnan(v) for v in evaluation.mean_ci([]))


def test_participation_counts_and_hides_small_cells():
    table = evaluation.participation(evaluation.select_programme(_data(n_tested=6), "A"))
    tested = table.loc["Tes awal dan akhir, pasangan lengkap (tingkat 2)"]
    assert tested["responden"] == 6 and tested["persen_respons"] == 50.0
    small = evaluation.participation(evaluation.select_programme(_data(n_tested=3), "A"))
    tested = small.loc["Tes awal dan akhir, pasangan lengkap (tingkat 2)"]
    assert pd.isna(tested["responden"]) and pd.isna(tested["persen_respons"])


def test_other_programmes_rows_are_left_out():
    data = _data()
    data["tes"].loc[0, "program"] = "B"
    prog = evaluation.select_programme(data, "A")
    assert prog.participants == 12 and len(prog.test) == 5 and 0 not in prog.test["pid"].tolist()


def test_headline_hides_fewer_than_k_and_rounds():
    prog = evaluation.select_programme(_data(n_tested=6), "A")
    change = evaluation.paired_change(prog.test["skor_pre"], prog.test["skor_post"])
    hasil = evaluation.headline(prog, None, change, None, {})
    assert hasil["peserta"] == 12 and hasil["tes"]["n"] == 6
    assert hasil["tes"]["peningkatan"] == 12.5  # mean of 10, 11, ..., 15
    assert evaluation.headline(prog, None, change, None, {}, k=7).keys() == {"program",
                                                                           "peserta"}


def test_truth_rows_pair_planted_values_with_estimates():
    prog = evaluation.select_programme(_data(n_tested=6), "A")
    change = evaluation.paired_change(prog.test["skor_pre"], prog.test["skor_post"])
    truths = {"training": {"learning_test": {"generated_before_faults": {
        "2025": {"mean_gain": 12.0, "cohen_dz": 6.0}}}}}
    check = headlines.truth_rows(truths, 2025, None, change, None, {})
    assert check.rows == [("Rerata peningkatan skor tes", 12.0, 12.5, change.ci_low,
                           change.ci_high)]
    assert check.planted_dz == 6.0
    assert headlines.truth_rows(truths, 2024, None, change, None, {}).rows == []


def test_agreement_is_self_minus_supervisor():
    cols = pd.MultiIndex.from_product([["Total"], ["atasan", "diri"]])
    wide = pd.DataFrame([[3.0, 4.0], [3.0, 3.5], [2.0, 3.0], [4.0, 4.5], [3.0, 3.0]],
                        columns=cols)
    row = behaviour.agreement_table(wide, ["Total"]).loc["Total"]
    assert row["selisih_diri_atasan"] == pytest.approx(0.6)
    assert row["rerata_diri"] == pytest.approx(3.6) and row["rerata_atasan"] == pytest.approx(3.0)
    few = behaviour.agreement_table(wide.iloc[:2], ["Total"]).loc["Total"]
    assert few["n"] == 2 and pd.isna(few["selisih_diri_atasan"])


def test_group_means_leave_out_small_groups():
    test = pd.DataFrame({"jenis_jabatan": ["A"] * 5 + ["B"] * 4, "skor_pre": 50.0,
                         "skor_post": [60.0] * 9})
    means = evaluation.group_means(test)
    assert means["kelompok"].unique().tolist() == ["Semua peserta", "A"]
    assert means.loc[means["saat"] == "akhir", "n"].tolist() == [9, 5]


def test_group_change_keeps_pppk_paruh_waktu_apart():
    """Issue 20: the change per status has PPPK paruh waktu as its own group (5 pairs each:
    PNS +10, PPPK +20, paruh waktu +4 on every person)."""
    from kompetensi.core.vocab import STATUS_ASN
    status = ["PPPK Paruh Waktu"] * 5 + ["PPPK"] * 5 + ["PNS"] * 5
    gain = [4.0] * 5 + [20.0] * 5 + [10.0] * 5
    noise = [0.0, 1.0, -1.0, 2.0, -2.0] * 3
    test = pd.DataFrame({"pid": range(15), "skor_pre": 50.0,
                         "skor_post": [50.0 + g + e for g, e in zip(gain, noise, strict=True)]})
    staff = pd.DataFrame({"pid": range(15), "jenis_jabatan": "Pelaksana", "status_asn": status,
                          "jenis_kelamin": "P"})
    out = evaluation.group_change(evaluation.with_staff(test, staff), max_score=100)
    by_status = out.loc["Status ASN"]
    assert by_status.index.tolist() == STATUS_ASN
    assert by_status["n"].tolist() == [5, 5, 5]
    assert by_status["selisih"].tolist() == pytest.approx([10.0, 20.0, 4.0])
