"""Notebook 05's robust sections run end to end on a small staggered panel and publish what
they say; the numbers themselves are tested in test_staggered, test_bacon, test_robust_es,
test_sensitivity, test_inference, test_cs_inference, test_ordinal and test_power_sim."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.core.published import Prose, PublishedFigure, PublishedTable
from kompetensi.impact import robust_sections as rsec
from kompetensi.impact import robust_sections2 as rsec2
from kompetensi.impact.data import predikat_scores
from kompetensi.report import format as fmt

HASIL = {"skor": "skor SKP (1-5)", "sangat_baik": "proporsi Sangat Baik"}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """600 people in 15 OPDs, 2022-2025; 90 trained in 2024 and 90 in 2025; the effect on a
    latent score is 0.3 in the training year and 0.8 a year later (fixed seed)."""
    rng = np.random.default_rng(21)
    n, years = 600, np.arange(2022, 2026)
    cohort = np.where(np.arange(n) < 90, 2024.0, np.where(np.arange(n) < 180, 2025.0, np.nan))
    ability = rng.normal(size=n)
    rows = []
    for i in range(n):
        for t in years:
            e = t - cohort[i]
            effect = 0.0 if np.isnan(e) or e < 0 else (0.3 if e == 0 else 0.8)
            latent = ability[i] + 0.05 * (t - 2022) + effect + rng.normal(scale=0.5)
            rows.append((f"p{i}", int(t), latent, cohort[i], f"opd{i % 15}"))
    df = pd.DataFrame(rows, columns=["pid", "tahun", "laten", "tahun_perlakuan", "opd"])
    df["skor"] = (1 + np.searchsorted([-2.0, -1.5, -0.8, 1.0], df["laten"])).astype(float)
    scores = predikat_scores().set_index("skor")
    df["predikat"] = df["skor"].map(scores["predikat"]).astype("string")
    df["sangat_baik"] = (df["skor"] == 5).astype(float)
    df["dilatih"] = (df["tahun"] >= df["tahun_perlakuan"]).astype(float)
    df["kohort"] = df["tahun_perlakuan"].astype("Int64").astype("string").fillna("tidak")
    return df


def _kinds(items) -> list[str]:
    return [type(item).__name__ for item in items]


def test_the_sections_run_and_publish_tables_figures_and_prose(panel):
    head = rsec.headline_section(panel, HASIL, fmt, reps=99)
    study = head.results["study"]
    assert _kinds(head.items) == ["PublishedTable", "PublishedTable", "Prose"]
    assert "Callaway" in head.items[2].text and study.headline("skor").n_clusters == 15
    diag = rsec.twfe_diagnostics_section(panel, fmt)
    assert [i.name for i in diag.items if isinstance(i, PublishedTable)] == [
        "dekomposisi_bacon", "bobot_twfe"]
    es = rsec.event_study_section(panel, study, fmt, ["C0", "C1", "C2", "C3"])
    assert any(isinstance(i, PublishedFigure) for i in es.items)
    table = es.items[0].data
    assert set(table.index.get_level_values("estimator")) == set(es.results["results"])
    sens = rsec.pretrend_sensitivity_section(es, fmt)
    assert sens.items[0].data.index.name == "mbar"
    inf = rsec2.inference_section(panel, study, fmt, reps=999, ri_reps=99)
    widest = inf.results["widest"]
    assert widest.ci_high - widest.ci_low >= study.headline("skor").ci_high - \
        study.headline("skor").ci_low - 1e-12
    ordinal = rsec2.ordinal_section(panel, fmt)
    assert isinstance(ordinal.items[-1], Prose) and "ambang" in ordinal.items[-1].text
    power = rsec2.power_section(panel, study, fmt, effects=(0.1, 0.2), reps=50,
                                planted={2024: {0: 0.2, 1: 0.5}, 2025: {0: 0.2}})
    assert list(power.items[0].data.index) == [0.1, 0.2]
    assert power.results["mde"] > 0


def test_the_headline_finds_the_planted_effect(panel):
    head = rsec.headline_section(panel, HASIL, fmt, reps=99).results["study"].headline("skor")
    assert head.ci_low > 0  # the latent effects 0.3 / 0.8 raise the observed score


def test_report_publish_dispatches_each_item(monkeypatch):
    from kompetensi.report.publish import Report

    seen = []
    fake = type("R", (), {"table": lambda self, d, n, t, **k: seen.append(("t", n, k["source"])),
                          "figure": lambda self, f, n, t, **k: seen.append(("f", n)),
                          "say": lambda self, text: seen.append(("s", text))})()
    items = [PublishedTable(pd.DataFrame({"a": [1]}), "x", "X"), Prose("hai"),
             PublishedFigure(None, "g", "G")]
    Report.publish(fake, items, source="S")
    assert seen == [("t", "x", "S"), ("s", "hai"), ("f", "g")]
    with pytest.raises(TypeError):
        Report.publish(fake, [object()])
