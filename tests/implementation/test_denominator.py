"""Issue 20, items 3-4: the development right per status and who is in its denominator.

One hand-made roster, worked out by hand:

    pid  status            kedudukan  aktif  JP credited (Bimtek, stated JP)
    p1   PNS               Aktif      yes    24    reached 20 JP
    p2   PNS               Aktif      yes    20    reached (exactly the target)
    p3   PNS               Aktif      yes    10
    p4   PNS               Aktif      yes     0
    p5   PNS               CLTN       no      0    not expected to train this cycle
    q1   PPPK              Aktif      yes    30    above the 24 JP ceiling
    q2   PPPK              Aktif      yes     0
    w1   PPPK Paruh Waktu  Aktif      yes     6
    w2   PPPK Paruh Waktu  Aktif      yes     0

With ``aktif``: 2 of the 4 active PNS reached 20 JP (50 %), 1 of 4 has none (25 %); p5 appears
only in the inactive table. Without ``aktif``/``kedudukan`` (the roster before issue 20) all
5 PNS count: 2 of 5 (40 %), 2 of 5 without JP (40 %).
"""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import implementation as cv
from kompetensi import reference
from kompetensi.core import config, rights
from kompetensi.core.vocab import STATUS_ASN
from kompetensi.implementation.coverage import inactive_staff
from kompetensi.implementation.data import cycle_tables

PIDS = ["p1", "p2", "p3", "p4", "p5", "q1", "q2", "w1", "w2"]
STATUS = ["PNS"] * 5 + ["PPPK"] * 2 + ["PPPK Paruh Waktu"] * 2
JP = {"p1": 24.0, "p2": 20.0, "p3": 10.0, "q1": 30.0, "w1": 6.0}


def pegawai(with_position: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame({"pid": PIDS, "status_asn": STATUS, "jenis_jabatan": "Pelaksana",
                          "opd": "A", "golongan": ["III/a"] * 5 + ["IX"] * 4,
                          "jenis_kelamin": list("LPLPLPLPL"), "usia": [35] * 9})
    if with_position:
        frame["kedudukan"] = ["Aktif"] * 4 + ["CLTN"] + ["Aktif"] * 4
        frame["aktif"] = [True] * 4 + [False] + [True] * 4
    return frame


def pelatihan(jp: dict[str, float] = JP, year: int = 2025) -> pd.DataFrame:
    return pd.DataFrame({"pid": list(jp), "jenis": "Bimtek", "jp": list(jp.values()),
                         "hari": 2, "luar_negeri": False, "topik_ti": [True] + [False] * (len(jp) - 1),
                         "nama_pelatihan": [f"Bimtek {p}" for p in jp],
                         "tanggal_mulai": pd.Timestamp(year, 3, 1)})


@pytest.fixture
def jp() -> pd.DataFrame:
    return cv.jp_per_asn(pegawai(), pelatihan(), 2025)


# --- the right as reference data ---------------------------------------------------------

def test_rights_table_has_status_and_source_and_feeds_config():
    table = rights.development_rights()
    assert table.index.tolist() == STATUS_ASN
    assert table["jp"].tolist() == [20.0, 24.0, 24.0]
    assert table["jenis"].tolist() == ["target", "batas", "batas"]
    assert table["status"].tolist() == ["C", "C", "U"]  # paruh waktu: an assumption
    assert "PP 11/2017 Pasal 203(4)" in table.loc["PNS", "sumber"]
    assert "PP 49/2018 Pasal 40(1)" in table.loc["PPPK", "sumber"]
    assert "KepmenPANRB 16/2025" in table.loc["PPPK Paruh Waktu", "sumber"]
    assert (config.TARGET_JP_PNS, config.CEILING_JP_PPPK, config.CEILING_JP_PPPK_PARUH_WAKTU) \
        == (20.0, 24.0, 24.0)
    assets = (config.PROJECT_ROOT / "docs" / "asumsi.md").read_text(encoding="utf-8")
    assert "A-JP-8" in assets and "A-JP-9" in assets and "hak_pengembangan.csv" in assets


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.iloc[:2], "tepat satu baris"),                           # paruh waktu missing
    (lambda t: t.assign(jenis=["target", "target", "batas"]), "jenis tidak didukung"),
    (lambda t: t.assign(jp=["20", "x", "24"]), "jp harus angka"),
    (lambda t: t.drop(columns="sumber"), "sumber"),
])
def test_rights_table_is_checked(change, message):
    with pytest.raises(ValueError, match=message):
        rights.development_rights(change(reference.load("hak_pengembangan")))


def test_a_replaced_table_changes_the_right():
    table = reference.load("hak_pengembangan")
    table.loc[table.status_asn == "PPPK Paruh Waktu", "jp"] = "12"
    assert rights.right_jp("PPPK Paruh Waktu", table) == 12.0


# --- the denominator -----------------------------------------------------------------------

def test_only_active_pns_count_toward_20_jp(jp):
    res = cv.jp_compliance(jp, k=None)
    row = res.pns.iloc[0]
    # 2 of 4 active PNS reached 20 JP; p4 has none; p5 (CLTN) is not counted
    assert (row.n_pns, row.n_capai, row.persen_capai) == (4, 2, 50.0)
    assert (row.n_tanpa_jp, row.persen_tanpa_jp) == (1, 25.0)
    assert row.rerata_jp == pytest.approx((24 + 20 + 10 + 0) / 4)   # 13.5
    # everyone, as a roster without `aktif` would be: 2 of 5, 2 of 5 without JP
    everyone = cv.jp_compliance(jp, k=None, active_only=False).pns.iloc[0]
    assert (everyone.n_pns, everyone.persen_capai, everyone.persen_tanpa_jp) == (5, 40.0, 40.0)


def test_without_aktif_and_kedudukan_the_old_numbers(jp):
    old = cv.jp_per_asn(pegawai(with_position=False), pelatihan(), 2025)
    res = cv.jp_compliance(old, k=None)
    row = res.pns.iloc[0]
    assert (row.n_pns, row.n_capai, row.persen_capai, row.persen_tanpa_jp) == (5, 2, 40.0, 40.0)
    assert res.pppk.iloc[0][["n_pppk", "n_ada_pengembangan", "n_melebihi_batas"]].tolist() \
        == [2, 1, 1]
    assert inactive_staff(old, k=1).empty
    assert cv.jp_bands(old, k=1).loc["PNS", "n"] == 5
    assert len(cv.pns_characteristics(old)) == 5


def test_inactive_staff_appear_only_in_their_own_table(jp):
    table = inactive_staff(jp, k=1)
    assert table.index.tolist() == [("CLTN", "PNS")]
    assert table.iloc[0].tolist() == [1, 0, 0.0]   # n, n_ada_jp, jp_total
    # published with k = 5: the 1 is hidden, so is 0 of 1 (complement 1) and the JP total
    shown = inactive_staff(jp)
    assert shown["n"].isna().all() and shown["n_ada_jp"].isna().all()
    assert shown["jp_total"].isna().all()
    # not in the bands, the IT reach, the PNS characteristics (equity) or the overview
    assert cv.jp_bands(jp, k=1).loc["PNS", "n"] == 4
    assert cv.it_reach_by_status(jp, k=1).loc[("PNS", "Semua ASN"), "n"] == 4
    assert "p5" not in set(cv.pns_characteristics(jp)["pid"])
    assert cv.jp_overview(jp, k=None).table.loc["PNS", "n"] == 4


def test_training_of_inactive_staff_still_counts_in_totals():
    # p5 (CLTN) took 8 JP: credited, shown in the inactive table, but not in the right
    acts = pelatihan({**JP, "p5": 8.0})
    jp = cv.jp_per_asn(pegawai(), acts, 2025)
    assert jp.set_index("pid").loc["p5", "jp"] == 8.0
    assert inactive_staff(jp, k=1).iloc[0].tolist() == [1, 1, 8.0]
    assert cv.rule_usage(acts, k=1)["n_kegiatan"].sum() == 6   # every activity counted
    assert cv.jp_compliance(jp, k=None).pns.iloc[0].n_capai == 2


# --- PPPK paruh waktu as its own status ------------------------------------------------------

def test_paruh_waktu_rows_are_separate(jp):
    res = cv.jp_compliance(jp, k=None)
    pppk, part = res.pppk.iloc[0], res.paruh_waktu.iloc[0]
    assert (pppk.n_pppk, pppk.persen_ada_pengembangan, pppk.persen_melebihi_batas) \
        == (2, 50.0, 50.0)                      # q1 30 JP > 24, q2 0
    assert (part.n_pppk, part.persen_ada_pengembangan, part.persen_melebihi_batas) \
        == (2, 50.0, 0.0)                       # w1 6 JP, w2 0
    assert res.ceilings.index.get_level_values("status_asn").tolist() == STATUS_ASN[1:]
    # their own ceiling: 5 JP puts w1 above it, the PPPK are unchanged
    low = cv.jp_compliance(jp, k=None, ceiling_paruh_waktu=5.0)
    assert low.paruh_waktu.iloc[0].n_melebihi_batas == 1 and low.pppk.iloc[0].n_melebihi_batas == 1


def test_every_status_table_has_paruh_waktu_in_vocabulary_order(jp):
    ov = cv.jp_overview(jp, k=None)
    assert ov.table.index.tolist() == STATUS_ASN
    assert ov.table.loc["PPPK Paruh Waktu", ["n", "persen_tanpa_jp"]].tolist() == [2, 50.0]
    assert pd.isna(ov.table.loc["PPPK Paruh Waktu", "persen_capai_20jp"])  # no target
    assert cv.jp_bands(jp, k=1).index.tolist() == STATUS_ASN
    reach = cv.it_reach_by_status(jp, k=1)
    assert reach.index.get_level_values(0).unique().tolist() == STATUS_ASN


def test_band_figure_keeps_one_colour_per_status(jp):
    from kompetensi.implementation import figures
    bands = cv.jp_bands(jp, k=1)
    fig = figures.jp_band_bars(bands.drop(index="PPPK"), cv.JP_BANDS, ["C0", "C1", "C2"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["PNS", "PPPK Paruh Waktu"]
    colours = {p.get_facecolor()[:3] for p in ax.patches[len(cv.JP_BANDS):]}
    assert len(colours) == 1 and colours != {p.get_facecolor()[:3] for p in ax.patches[:1]}
    from matplotlib.colors import to_rgb
    assert colours == {to_rgb("C2")}  # paruh waktu keeps its colour when PPPK is absent


def test_trend_and_headline_split_paruh_waktu_and_count_inactive(jp):
    previous = cv.jp_per_asn(pegawai(), pelatihan({"p1": 30.0}, 2024), 2024)
    data = cycle_tables({2024: {"pegawai": pegawai(), "pelatihan": pelatihan({"p1": 30.0}, 2024)},
                         2025: {"pegawai": pegawai(), "pelatihan": pelatihan()}}, 2025)
    trend = cv.jp_trend(data, jp, k=None)
    assert trend.loc[2025, ["n_pns", "n_pppk", "n_pppk_paruh_waktu", "n_tidak_aktif"]].tolist() \
        == [4, 2, 2, 1]
    assert trend.loc[2025, "persen_pns_capai_20jp"] == 50.0
    assert trend.loc[2024, "persen_pns_capai_20jp"] == 25.0   # p1 only, of 4 active
    assert trend.loc[2025, "persen_pppk_paruh_waktu_ada_pengembangan"] == 50.0
    # IT reach of active staff: p1 of 8
    assert trend.loc[2025, "persen_asn_ikut_ti"] == pytest.approx(100 / 8)
    assert cv.jp_trend(data, jp).loc[2025, "n_tidak_aktif"] is pd.NA   # 1 person: hidden
    persistence = cv.jp_persistence(previous, jp)
    assert persistence.n == 4   # p5 left out
    ov = cv.jp_overview(jp, k=None)
    conc = cv.jp_concentration(cv.pns_characteristics(jp)["jp"])
    ip = pd.DataFrame({"status_asn": STATUS, "ip_asn": 60.0, "kategori_ip_asn": "Sangat Rendah",
                       **{f"skor_{d}": 1.0 for d in ("kualifikasi", "kompetensi", "kinerja",
                                                       "disiplin")}})
    out = cv.headline(target=20.0, overview=ov, jp=jp, concentration=conc,
                      persistence=persistence, ip=ip, trend=trend, k=1)
    assert (out["n_pns"], out["persen_pns_capai_20jp"], out["n_pppk"]) == (4, 50.0, 2)
    assert (out["n_pppk_paruh_waktu"], out["persen_pppk_paruh_waktu_ada_pengembangan"]) \
        == (2, 50.0)
    assert out["n_tidak_aktif"] == 1
    assert out["persen_asn_tanpa_kegiatan"] == 37.5   # p4, q2, w2 of 8 active
    hidden = cv.headline(target=20.0, overview=ov, jp=jp, concentration=conc,
                         persistence=persistence, ip=ip, trend=trend)
    assert hidden["n_tidak_aktif"] is None


def test_ip_summary_by_status_keeps_paruh_waktu_apart():
    ip = pd.DataFrame({"status_asn": ["PPPK Paruh Waktu", "PNS", "PPPK"] * 2,
                       "ip_asn": [50.0, 70.0, 60.0] * 2,
                       "kategori_ip_asn": ["Sangat Rendah", "Sedang", "Rendah"] * 2,
                       **{f"skor_{d}": 1.0 for d in ("kualifikasi", "kompetensi", "kinerja",
                                                       "disiplin")}})
    out = cv.ip_summary(ip, ["status_asn"], k=1)
    assert out.index.tolist() == STATUS_ASN
    assert out["ip_asn"].tolist() == [70.0, 60.0, 50.0]
