"""The table builders of notebook 03 (kompetensi.implementation.{data,overview,ip_tables,results}).

Small hand-computed cases; the arithmetic is in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import implementation as cv
from kompetensi.implementation.data import cycle_tables


def _jp(n_pns: int = 10, n_pppk: int = 6) -> pd.DataFrame:
    return pd.DataFrame({
        "pid": [f"p{i}" for i in range(n_pns + n_pppk)],
        "status_asn": ["PNS"] * n_pns + ["PPPK"] * n_pppk,
        "jenis_jabatan": ["Pelaksana"] * (n_pns + n_pppk),
        "opd": ["A"] * (n_pns + n_pppk),
        # PNS: 0,0,10,20,20,20,30,40,50,100 ; PPPK: 0,5,10,24,25,30
        "jp": [0.0, 0.0, 10.0, 20.0, 20.0, 20.0, 30.0, 40.0, 50.0, 100.0][:n_pns]
        + [0.0, 5.0, 10.0, 24.0, 25.0, 30.0][:n_pppk],
        "jp_asumsi": [0.0] * 3 + [4.0] + [0.0] * (n_pns + n_pppk - 4),
        "n_kegiatan": [0, 0] + [1] * (n_pns - 2) + [0] + [1] * (n_pppk - 1),
        "n_kegiatan_ti": [0] * 5 + [1] * (n_pns - 5) + [1] * n_pppk,
        "jp_ti": [0.0] * 5 + [20.0] * (n_pns - 5) + [1.0] * n_pppk,
    })


def test_overview_hand_computed():
    res = cv.jp_overview(_jp(), k=None)
    pns, pppk = res.table.loc["PNS"], res.table.loc["PPPK"]
    assert pns["persen_capai_20jp"] == 70.0                # 7 of 10 have >= 20
    assert pns["persen_capai_20jp_batas_bawah"] == 60.0    # the 4th (20 - 4 = 16) drops out
    assert pns["persen_tanpa_jp"] == 20.0
    assert pppk["persen_tanpa_jp"] == pytest.approx(100 / 6)  # one of 6 has 0
    assert pppk["persen_melebihi_24jp"] == pytest.approx(200 / 6)  # 25 and 30
    assert pd.isna(pppk["persen_capai_20jp"])              # no target for PPPK
    assert res.pns.n_pns == 10 and res.pns_lower.persen_capai == 60.0


def test_jp_bands_suppresses_small_cells():
    table = cv.jp_bands(_jp(), k=5)
    # PNS: band "0" has 2 people (< 5) -> hidden, and complements are hidden too
    assert pd.isna(table.loc["PNS", "0"])
    assert table.loc["PNS", "n"] == 10


def test_it_reach_hides_mean_of_few_participants():
    reach = cv.it_reach(_jp(), ["status_asn"], k=5)
    assert reach.loc["PNS", "persen_ikut_ti"] == 50.0       # 5 of 10
    assert reach.loc["PNS", "rerata_jp_ti_peserta"] == 20.0
    few = cv.it_reach(_jp(n_pns=8), ["status_asn"], k=5)     # 3 PNS with IT training
    assert pd.isna(few.loc["PNS", "rerata_jp_ti_peserta"])


def test_cycles_stack_optional_tables_and_counts():
    peg = pd.DataFrame({"pid": ["a", "b"], "status_asn": ["PNS", "PNS"]})
    act = pd.DataFrame({"pid": ["a", "c"], "jenis": ["Bimtek"] * 2, "jp": [24.0, 8.0],
                        "hari": [3, 1], "luar_negeri": [False] * 2, "topik_ti": [False] * 2,
                        "tanggal_mulai": pd.to_datetime(["2025-01-05", "2024-06-01"])})
    kin = pd.DataFrame({"pid": ["a"], "tahun": [2024], "predikat": ["Baik"]})
    data = cycle_tables({2024: {"pegawai": peg, "pelatihan": act, "kinerja": kin},
                         2025: {"pegawai": peg, "pelatihan": act}}, 2025)
    assert data.previous == 2024 and data.cycles == [2024, 2025]
    assert len(data.stacked("kinerja")) == 1                # 2025 has none: empty stand-in
    assert data.stacked("disiplin").columns.tolist() == ["pid", "tahun", "tingkat"]
    assert data.years("kinerja") == [2024]
    counted = cv.activities_of_year(data.pegawai, data.pelatihan, 2025)
    assert list(cv.activity_counts(data, counted).values()) == [2, 1, 1, 1]
    with pytest.raises(ValueError, match="siklus 2026"):
        cycle_tables({2025: {"pegawai": peg, "pelatihan": act}}, 2026)


def test_headline_rounds_and_maps_missing_to_none():
    jp = _jp()
    ov = cv.jp_overview(jp, k=None)
    ip = pd.DataFrame({"status_asn": ["PNS", "PPPK"], "skor_kualifikasi": [15.0, 5.0],
                       "skor_kompetensi": [10.0, 0.0], "skor_kinerja": [25.0, 0.0],
                       "skor_disiplin": [5.0, 5.0], "ip_asn": [55.0, 10.0],
                       "kategori_ip_asn": ["Sangat Rendah", "Sangat Rendah"]})
    trend = pd.DataFrame({"n_pns": pd.array([10], dtype="Int64"), "x": [float("nan")]},
                         index=pd.Index([2025], name="siklus"))
    out = cv.headline(target=20.0, overview=ov, jp=jp, concentration=cv.jp_concentration(
        jp.loc[jp.status_asn == "PNS", "jp"]), persistence=None, ip=ip, trend=trend)
    assert out["persen_pppk_melebihi_24jp"] == 33.3           # 200/6 to one decimal
    assert out["rho_jp_tahun_lalu"] is None
    assert out["ip_asn_rerata"] == 32.5 and out["ip_asn_rerata_pns"] == 55.0
    assert out["ip_asn_persen_kategori"]["Sangat Rendah"] == 100.0
    assert out["ip_asn_persen_kategori"]["Tinggi"] == 0.0
    assert out["tren"] == [{"siklus": 2025, "n_pns": 10, "x": None}]


def test_ip_items_shares_per_post_type():
    ip = pd.DataFrame({"jenis_jabatan": ["x"] * 5, "unsur_kepemimpinan": [0] * 5,
                       "unsur_fungsional": [0] * 5, "unsur_teknis": [1, 1, 1, 1, 1],
                       "unsur_seminar": [1, 0, 0, 0, 0], "kinerja_ada": [True] * 5})
    items = cv.ip_items(ip, k=5)
    assert items.loc["x", "teknis"] == 100.0 and items.loc["x", "punya_skp"] == 100.0
    assert pd.isna(items.loc["x", "seminar"])                 # 1 person: hidden
