"""Unit-level staggered effects (kompetensi.impact.unit_effects) against 2x2 differences
computed by hand from the cell means, and the choice of the interval a conclusion rests on."""

import sys

import numpy as np
import pandas as pd
import pytest

import kompetensi.impact.unit_effects  # noqa: F401 - the module (the face re-exports the function)

ue = sys.modules["kompetensi.impact.unit_effects"]


def _panel(seed=3, n=36, effect=0.2):
    rng = np.random.default_rng(seed)
    units = np.arange(n)
    cohort = np.select([units % 3 == 0, units % 3 == 1], [2024, 2025], 0)
    rows = []
    for u, g in zip(units, cohort, strict=True):
        level = rng.normal(80, 4)
        for t in (2023, 2024, 2025):
            post = int(g != 0 and t >= g)
            rows.append((f"u{u:02d}", t, g, post,
                         level + 0.5 * (t - 2023) + effect * post + rng.normal(0, 0.3)))
    return pd.DataFrame(rows, columns=["unit", "tahun", "kohort", "sudah", "ikm"])


def _hand_simple(p):
    """CS simple ATT with never-treated controls and varying base: each post cell's 2x2 DiD
    against the cohort's year g-1, weighted by cohort size (Callaway & Sant'Anna 2021, eq. 2.3
    and the 'simple' aggregation of R did::aggte)."""
    m = p.groupby(["kohort", "tahun"])["ikm"].mean()
    size = p.groupby("kohort")["unit"].nunique()
    cells = []
    for g in (2024, 2025):
        for t in range(g, 2026):
            att = (m[(g, t)] - m[(g, g - 1)]) - (m[(0, t)] - m[(0, g - 1)])
            cells.append((att, size[g]))
    w = np.array([s for _, s in cells], dtype=float)
    return float(np.dot([a for a, _ in cells], w / w.sum()))


def test_headline_equals_the_hand_computed_cs_simple_att():
    p = _panel()
    out = ue.unit_effects(p, {"ikm": "IKM"}, reps=199, wild_reps=999)
    assert out.headline["ikm"].estimate == pytest.approx(_hand_simple(p), abs=1e-10)
    assert out.n_units == 36 and out.n_treated == 24
    # the TWFE comparison and the jackknife are on the same table, by estimator
    est = out.table.xs("IKM")["estimasi"]
    assert est[ue.CS_JACKKNIFE] == pytest.approx(out.headline["ikm"].estimate, abs=1e-10)
    assert set(out.table.xs("IKM").index) == {ue.CS_IF, ue.CS_NOT_YET, ue.CS_JACKKNIFE, ue.CS_RI,
                                              ue.TWFE_CR1, ue.TWFE_WCR}


def test_conclusion_is_the_widest_cs_interval_and_mde_follows_its_se():
    out = ue.unit_effects(_panel(seed=5), {"ikm": "IKM"}, reps=199, wild_reps=999)
    rows = out.table.xs("IKM")
    widths = {k: rows.loc[k, "ci_atas"] - rows.loc[k, "ci_bawah"] for k in (ue.CS_IF,
                                                                           ue.CS_JACKKNIFE)}
    c = out.conclusion["ikm"]
    assert c.ci_high - c.ci_low == pytest.approx(max(widths.values()))
    # detectable effect at 5 % and 80 % power: (z_0.975 + z_0.8) * se = 2.8016 * se
    assert out.mde["ikm"] == pytest.approx(2.8016 * c.se, rel=1e-3)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="nrr_u6"):
        ue.unit_effects(_panel(), {"nrr_u6": "U6"})
