"""A sanction whose level could not be read makes that person's discipline unknown in IP ASN
(never "no sanction"), and only that person's (issue 20, item 7; A-HD-2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.implementation import ip_asn


def _inputs():
    peg = pd.DataFrame({"pid": ["a", "b", "c", "d"], "jenis_jabatan": ["Pelaksana"] * 4,
                        "pendidikan": ["S1/D4"] * 4})
    act = pd.DataFrame({"pid": pd.Series([], dtype="string"), "nama_pelatihan": [],
                        "jenis": [], "jp": [], "hari": [], "luar_negeri": [],
                        "tanggal_mulai": pd.to_datetime(pd.Series([], dtype="string"))})
    kin = pd.DataFrame({"pid": ["a", "b", "c", "d"], "tahun": [2024] * 4,
                        "predikat": ["Baik"] * 4})
    dis = pd.DataFrame({"pid": ["a", "b", "c", "c"], "tahun": [2024, 2023, 2025, 2022],
                        "tingkat": pd.array([None, "ringan", None, "berat"], dtype="string")})
    return peg, act, kin, dis


def test_unknown_level_leaves_that_persons_discipline_and_total_missing():
    out = ip_asn(*_inputs(), 2025).set_index("pid")
    # a: one sanction of unknown level -> unknown; b: ringan 3; c: berat known, the unknown
    # one cannot score fewer than berat's 1 -> 1; d: no record -> 5
    assert np.isnan(out.loc["a", "skor_disiplin"])
    assert out.loc[["b", "c", "d"], "skor_disiplin"].tolist() == [3.0, 1.0, 5.0]
    assert np.isnan(out.loc["a", "ip_asn"]) and pd.isna(out.loc["a", "kategori_ip_asn"])
    assert out.loc[["b", "c", "d"], "ip_asn"].notna().all()
