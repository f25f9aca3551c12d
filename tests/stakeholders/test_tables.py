"""The published tables, figures and truth check of notebook 06 (kompetensi.stakeholders.tables,
.figures, .planted), on small hand-made questionnaires."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from kompetensi.stakeholders import (
    OVERALL,
    bootstrap_priorities,
    consistency_table,
    consistent,
    difference_rows,
    differences_table,
    follow_up,
    group_priorities,
    group_weights,
    headline_results,
    inconsistent,
    judgment_matrices,
    problem_pairs,
    publishable_groups,
    random_index_entry,
    rank_table,
    respondent_consistency,
    sensitivity,
    truth_check,
    weight_rows,
    weights_table,
)
from kompetensi.stakeholders import figures as gambar

PAIRS = [("a", "b"), ("a", "c"), ("b", "c")]


def _survey(groups: dict[str, list[tuple[float, float, float] | None]]) -> pd.DataFrame:
    """Long judgments: per group a list of respondents' (a/b, a/c, b/c); None = b/c missing."""
    rows = []
    for g, people in groups.items():
        for k, values in enumerate(people):
            code = f"{g[:2].upper()}{k + 1:02d}"
            for (x, y), v in zip(PAIRS, values or (2.0, 4.0, None), strict=True):
                if v is not None:
                    rows.append({"responden": code, "kelompok": g, "kriteria_a": x,
                                 "kriteria_b": y, "nilai": v})
    return pd.DataFrame(rows)


CONSISTENT = (2.0, 4.0, 2.0)  # weights 4:2:1, CR 0
UPSIDE_DOWN = (1 / 5, 5.0, 5.0)  # a < b, a > c, b > c strongly: CR far above 0.10


@pytest.fixture(scope="module")
def survey():
    table = _survey({"akademisi": [CONSISTENT] * 5 + [UPSIDE_DOWN],
                     "praktisi": [(3.0, 3.0, 1.0)] * 6 + [None],
                     "masyarakat": [CONSISTENT] * 3})
    j = judgment_matrices(table)
    return j, respondent_consistency(j)


def test_random_index_entry_drops_the_closing_remark():
    ri, source = random_index_entry("saaty1980", 3)
    assert ri == 0.58 and source and not source.rstrip().endswith(")")
    with pytest.raises(IndexError):
        random_index_entry("saaty1980", 99)


def test_flags_and_consistency_table(survey):
    j, cons = survey
    assert inconsistent(cons).sum() == 1 and cons.index[inconsistent(cons)].tolist() == ["AK06"]
    assert consistent(cons).sum() == 5 + 6 + 3  # the incomplete PR07 is neither
    t = consistency_table(cons)
    assert t.index.tolist() == ["akademisi", "masyarakat", "praktisi", OVERALL]
    assert t.loc["akademisi", "persen_konsisten"] == pytest.approx(100 * 5 / 6, abs=0.05)
    assert t.loc["praktisi", "persen_lengkap"] == pytest.approx(100 * 6 / 7, abs=0.05)
    assert t.loc[OVERALL, "responden"] == 16
    assert t.loc["masyarakat"].isna().all()  # 3 respondents: count and shares hidden
    assert follow_up(cons).index.tolist() == ["AK06", "PR07"]


def test_problem_pairs_counts_and_suppression(survey):
    j, _ = survey
    pairs = problem_pairs(j.masalah, k=1)
    assert pairs.reset_index().values.tolist() == [["praktisi", "b", "c", "kosong", 1]]
    assert problem_pairs(j.masalah)["jumlah_responden"].isna().all()


def test_weights_sensitivity_and_headline(survey):
    j, cons = survey
    keep = cons.index[consistent(cons)]
    main = group_priorities(j, keep)
    boot = bootstrap_priorities(j, keep, n_boot=200, seed=1)
    rows = weight_rows(boot.ringkasan, main)
    # groups in the order of group_priorities, then by rank; masyarakat (3) blanked
    assert list(dict.fromkeys(rows.kelompok)) == list(main.index)
    aka = rows[rows.kelompok == "akademisi"]
    assert aka.kriteria.tolist() == ["a", "b", "c"] and aka.peringkat.tolist() == [1, 2, 3]
    assert aka.bobot.round(4).tolist() == [0.5714, 0.2857, 0.1429]
    assert rows[rows.kelompok == "masyarakat"][["bobot", "peringkat"]].isna().all().all()
    table = weights_table(rows)
    assert table.index.names == ["kelompok", "n_responden", "peringkat", "kriteria"]
    assert list(table.columns) == ["bobot", "bawah", "atas"]

    with_all = group_priorities(j, cons.index[cons.lengkap])
    s = sensitivity(main, with_all, rows, j.criteria)
    assert s.table.loc[("akademisi", "a"), "n_dengan"] == 6
    assert s.table.loc[("masyarakat", "a")][["tanpa", "dengan", "selisih"]].isna().all()
    assert s.table.loc[("praktisi", "a"), "selisih"] == 0  # no inconsistent praktisi
    assert s.max_difference > 0.01 and s.same_order  # AK06 shifts akademisi, not its order
    assert s.median_width >= 0

    h = headline_results(cons, main, j.criteria)
    assert h["n_responden"] == 16 and h["n_responden_analisis"] == 14
    assert h["persen_tidak_lengkap"] == round(100 / 16, 1)
    assert h["persen_tidak_konsisten"] == round(100 / 15, 1)
    assert h["bobot_per_kelompok"]["masyarakat"] is None
    assert h["bobot_per_kelompok"]["akademisi"] == {"a": 0.5714, "b": 0.2857, "c": 0.1429}
    assert set(h["prioritas_teratas"]) == {"akademisi", "praktisi", OVERALL}
    assert group_weights(main, "akademisi", ["a"], k=6) is None  # 5 < 6


def test_agreement_inputs_and_differences(survey):
    j, cons = survey
    keep = cons.index[consistent(cons)]
    main = group_priorities(j, keep)
    groups = publishable_groups(main, j.criteria)
    assert groups.index.tolist() == ["akademisi", "praktisi"]
    ranks = rank_table(groups)
    assert ranks.columns.tolist() == ["Akademisi", "Praktisi"] and ranks.index.name == "kriteria"
    assert ranks["Akademisi"].tolist() == [1, 2, 3]
    boot = bootstrap_priorities(j, keep, n_boot=200, seed=1)
    rows = difference_rows(boot.perbedaan, main)
    assert rows[rows.kelompok == "masyarakat"].selisih.isna().all()
    assert rows[rows.kelompok != "masyarakat"].selisih.notna().all()
    assert differences_table(rows).columns.tolist() == ["selisih", "bawah", "atas", "berbeda"]
    fig = gambar.difference_heatmap(rows, j.criteria)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 2 * 3 and all("," in t for t in texts)  # the hidden row has no text


def test_figures_draw_what_they_are_given(survey):
    j, cons = survey
    palette = ["#000001", "#000002", "#000003", "#ff0000"]
    fig = gambar.consistency_points(cons, 0.10, palette)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Akademisi", "Masyarakat", "Praktisi"]
    colours = np.concatenate([c.get_facecolors()[:, :3] for c in ax.collections])
    assert len(colours) == 15  # every complete respondent, not PR07
    assert np.all(colours == [1, 0, 0], axis=1).sum() == 1  # only AK06 above the threshold
    keep = cons.index[consistent(cons)]
    main = group_priorities(j, keep)
    rows = weight_rows(bootstrap_priorities(j, keep, n_boot=200, seed=1).ringkasan, main)
    fig = gambar.weight_intervals(rows, main, j.criteria, 95, palette)
    assert fig.axes[0].get_xlabel() == "Bobot prioritas (selang kepercayaan 95%)"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["c", "b", "a"]


def test_truth_check_passes_and_fails(survey):
    j, cons = survey
    keep = cons.index[consistent(cons)]
    summary = bootstrap_priorities(j, keep, n_boot=200, seed=1).ringkasan
    summary = summary.assign(bawah=summary.bobot - 0.01, atas=summary.bobot + 0.01)
    truths = {"planted_weights": {"Akademisi": {"a": 4 / 7, "b": 2 / 7, "c": 1 / 7}},
              "respondents": {"AK06": {"inconsistent_planted": True},
                              "AK01": {"inconsistent_planted": False}},
              "missing_pair": {"responden": "PR07", "kriteria_a": "b", "kriteria_b": "c"}}
    ok = truth_check(truths, summary, cons, j.masalah)
    assert (ok.inside, ok.n, ok.failures) == (3, 3, [])
    assert ok.table.index.names == ["kelompok", "kriteria"] and ok.table.tercakup.all()
    assert ok.max_difference == pytest.approx(0, abs=1e-9)
    wrong = {**truths, "respondents": {"AK01": {"inconsistent_planted": True}},
             "missing_pair": {"responden": "PR07", "kriteria_a": "a", "kriteria_b": "b"},
             "planted_weights": {"Akademisi": {"a": 0.2, "b": 0.3, "c": 0.5}}}
    bad = truth_check(wrong, summary, cons, j.masalah)
    assert bad.inside == 0 and not bad.same_inconsistent and not bad.missing_pair_found
    assert len(bad.failures) == 3
