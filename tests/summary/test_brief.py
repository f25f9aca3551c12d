"""The executive summary's sentences (issue 22): number, direction, interval and table."""

from __future__ import annotations

import pandas as pd

from kompetensi import summary
from kompetensi.summary.brief import Finding, finding_sentence

SHARE = Finding("Pelaksanaan", "03_x", "tanpa", "PNS tanpa JP", "03_t", " %", 1, "turun")
EFFECT = Finding("Pemantauan dan evaluasi", "05_x", "efek.estimasi", "Efek pada SKP", "05_t",
                 " poin", 2, "naik", ("efek.ci_bawah", "efek.ci_atas"), signed=True)
TEXT = Finding("Kebutuhan", "02_x", "teratas.1", "Kebutuhan teratas", "02_t", digits=None)


def test_a_fall_of_a_share_that_should_fall_is_an_improvement():
    text = finding_sentence(SHARE, 27.2, 28.3, None, 2024)
    # 27.2 - 28.3 = -1.1 percentage points
    assert text == ("PNS tanpa JP: **27,2 %**, turun 1,1 poin dari 28,3 % pada siklus 2024 "
                    "(membaik).")
    assert "(memburuk)" in finding_sentence(SHARE, 29.0, 28.3, None, 2024)
    assert finding_sentence(SHARE, 27.24, 27.2, None, 2024).endswith(
        "sama dengan siklus 2024.")  # a change that rounds to 0,0 is no change


def test_an_estimate_carries_its_sign_and_interval_and_missing_values_say_so():
    current = {"05_x": {"efek": {"estimasi": 0.1343, "ci_bawah": 0.0851, "ci_atas": 0.1835}},
               "02_x": {"teratas": {"1": "Literasi Digital"}}}
    previous = {"02_x": {"teratas": {"1": "Literasi Digital"}}}
    out = summary.executive_summary(current, previous, {"05_t": "Tabel 5.5"},
                                    pd.DataFrame(columns=summary.RECOMMENDATION_COLUMNS), 2024,
                                    (EFFECT, TEXT, SHARE))
    effect, text, share = out["temuan"]
    assert effect["teks"] == ("Efek pada SKP: **+0,13 poin** (IK 95%: 0,09 s.d. 0,18); "
                              "siklus 2024 belum ada hasilnya.")
    assert effect["rujukan"] == "Tabel 5.5" and share["rujukan"] == ""
    assert text["teks"] == "Kebutuhan teratas: **Literasi Digital**, sama dengan siklus 2024."
    assert share["teks"] == "PNS tanpa JP: hasil siklus ini belum ada."
    assert out["rekomendasi"] == []


def test_every_finding_has_a_section_of_the_policy_and_a_table():
    assert len(summary.FINDINGS) in range(5, 9)
    assert {f.section for f in summary.FINDINGS} <= set(summary.SECTIONS)
    assert all(f.table[:2] == f.notebook[:2] for f in summary.FINDINGS)
