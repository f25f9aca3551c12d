"""The published recaps next to the computed index (kompetensi.service.recap).

Published numbers: the worked example of rennn9/GASPUL_BACKEND ``rumus_perhitungan_ikm_lengkap.md``
(commit 157a1a61dc30bd60a8794ed9d66ddc5ff04d069b), IKM printed as 90.56 ("NRR tertimbang", NRR x
0.11) and 91.48 (mean NRR x 25), mutu A; see tests/service/test_ikm.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.ikm import ikm_table
from kompetensi.service.recap import combine_recap, unit_overview
from tests.service.test_ikm import gaspul

NRR = [f"nrr_{u}" for u in SKM_UNSUR]


def skm() -> pd.DataFrame:
    worked = pd.DataFrame(gaspul(), columns=list(SKM_UNSUR)).astype("Int8")
    other = pd.DataFrame(np.full((12, 9), 3.0), columns=list(SKM_UNSUR)).astype("Int8")
    return pd.concat([worked.assign(unit="Kantor Kemenag", periode="2025-T3"),
                      other.assign(unit="Kelurahan Bukit Besar", periode="2025-T3")],
                     ignore_index=True)


def rekap() -> pd.DataFrame:
    return pd.DataFrame({
        "siklus": 2025, "periode": "2025-T3",
        "unit": ["Kantor Kemenag", "Puskesmas Melintang", "Puskesmas Selindung"],
        "opd": ["Kemenag", "Dinas Kesehatan", "Dinas Kesehatan"],
        "responden": pd.array([29, 300, 150], dtype="Int64"),
        "populasi": pd.array([30, 1400, None], dtype="Int64"),
        **{n: [np.nan, 3.3, 3.5] for n in NRR},
        "ikm": [90.56, 82.50, 88.31], "mutu": ["A", "B", "B"]})


def test_units_with_both_get_the_difference_and_the_weight_that_explains_it():
    out = combine_recap(ikm_table(skm()), rekap())
    row = out.set_index("unit").loc["Kantor Kemenag"]
    assert row.sumber == "keduanya"
    # computed 91.4751 (exact 1/9) vs published 90.56 (0,11): 0.915 > 0.15 -> flagged
    assert row.selisih_ikm == pytest.approx(25 * 955 / 261 - 90.56, abs=1e-9)
    assert bool(row.selisih_besar) and row.bobot_terbit == "0,11"
    assert row.responden == 29 and row.responden_terbit == 29 and row.populasi == 30
    assert row.mutu == "A" and bool(row.mutu_terbit_cocok)


def test_recap_only_units_are_taken_as_published_and_their_band_recomputed():
    out = combine_recap(ikm_table(skm()), rekap()).set_index("unit")
    melintang, selindung = out.loc["Puskesmas Melintang"], out.loc["Puskesmas Selindung"]
    assert melintang.sumber == selindung.sumber == "rekap"
    assert melintang.ikm == 82.50 and melintang.mutu == "B" and bool(melintang.mutu_terbit_cocok)
    assert melintang.nrr_u1 == 3.3 and melintang.responden == 300
    assert pd.isna(melintang.ikm_ci_bawah) and pd.isna(melintang.selisih_ikm)
    # published 88.31 is A by the table; the unit printed B: flagged
    assert selindung.mutu == "A" and not bool(selindung.mutu_terbit_cocok)
    kelurahan = out.loc["Kelurahan Bukit Besar"]
    assert kelurahan.sumber == "responden" and kelurahan.ikm == 75.0
    assert pd.isna(kelurahan.populasi) and pd.isna(kelurahan.mutu_terbit_cocok)


def test_tolerance_and_duplicate_recaps():
    computed = ikm_table(skm())
    # 91.4751 printed 91.47 (truncated): 0.005 off, nearest to the exact weight 1/9
    close = rekap().assign(ikm=[91.47, 82.5, 88.31])
    row = combine_recap(computed, close).set_index("unit").loc["Kantor Kemenag"]
    assert not bool(row.selisih_besar) and row.bobot_terbit == "1/9"
    strict = combine_recap(computed, close, tolerance=0.001).set_index("unit")
    assert bool(strict.loc["Kantor Kemenag", "selisih_besar"])
    assert strict.loc["Kantor Kemenag", "bobot_terbit"] is None
    # 91.4751 x 0.999 = 91.3836: printed 91.38 by a unit weighting with 0,111
    near = combine_recap(computed, rekap().assign(ikm=[91.38, 82.5, 88.31]))
    assert near.set_index("unit").loc["Kantor Kemenag", "bobot_terbit"] == "0,111"
    with pytest.raises(ValueError, match="lebih dari satu"):
        combine_recap(computed, pd.concat([rekap(), rekap().iloc[[0]]]))


def test_overview_ranks_only_units_with_an_adequate_sample():
    out = unit_overview(skm(), rekap(), reps=199)
    # ranked first, then the unranked in key order
    assert out.unit.tolist() == ["Kantor Kemenag", "Kelurahan Bukit Besar",
                                 "Puskesmas Melintang", "Puskesmas Selindung"]
    # Kemenag: population 30 needs 28, has 29; Melintang: 1400 needs 302, has 300;
    # Bukit Besar and Selindung: population unknown
    assert out.sampel_minimum.tolist() == [28, pd.NA, 302, pd.NA]
    assert out.cukup.tolist() == [True, False, False, False]
    assert out.peringkat.tolist() == [1, pd.NA, pd.NA, pd.NA]
    kemenag = out.iloc[0]
    assert kemenag.ikm_ci_bawah < kemenag.ikm < kemenag.ikm_ci_atas
