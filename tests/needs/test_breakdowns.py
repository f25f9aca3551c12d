"""The published tables of notebook 02 (``needs.breakdowns``) and its figures (``needs.figures``).

Small hand-made rosters; the arithmetic of each expected value is in the comments. k = 5 unless
a test says otherwise: counts of 1-4 people are hidden, and so are the numbers computed from
them.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kompetensi import needs
from kompetensi.needs import figures
from kompetensi.report import format as fmt
from kompetensi.report.figures import PALETTE, set_theme

NA = pd.NA


def _roster():
    """12 ASN: OPD A has 8 (6 Pelaksana, 2 Pengawas), OPD B has 4 Pelaksana."""
    return pd.DataFrame({
        "pid": [f"p{i:02d}" for i in range(12)],
        "opd": ["A"] * 8 + ["B"] * 4,
        "jenis_jabatan": ["Pelaksana"] * 6 + ["Pengawas"] * 2 + ["Pelaksana"] * 4,
        "status_asn": ["PNS"] * 7 + ["PPPK"] * 5,
        "jenis_kelamin": ["P"] * 5 + ["L"] * 7,
    })


def _asesmen(pegawai, achieved):
    """One competency "Etika" (standard 3) per person in ``achieved`` {pid: level}."""
    return pd.DataFrame({"pid": list(achieved), "kompetensi": "Etika", "kelompok": "manajerial",
                         "level_capaian": list(achieved.values()), "level_standar": 3.0})


# --- profile and coverage -------------------------------------------------------------------

def test_opd_profile_counts_shares_and_suppression():
    p = _roster()
    a = _asesmen(p, {f"p{i:02d}": 3 for i in range(7)})  # p00-p06 assessed: all in OPD A
    out = needs.opd_profile(p, a)
    assert out.index.tolist() == ["A", "B"]  # largest first
    assert out.columns.tolist() == ["jumlah_asn", "pppk", "pppk_paruh_waktu", "diasesmen",
                                    "persen_perempuan", "persen_diasesmen"]
    a_row = out.loc["A"]
    # A: 8 ASN, PPPK p07 only (1: hidden), 5 women of 8 = 62.5 %, 7 assessed of 8 = 87.5 %
    assert a_row["jumlah_asn"] == 8 and a_row["pppk"] is NA and a_row["diasesmen"] == 7
    assert a_row["persen_perempuan"] == 62.5 and a_row["persen_diasesmen"] == 87.5
    # B: 4 ASN (hidden), so every share; its 0 assessed discloses nothing
    assert out.loc["B", "jumlah_asn"] is NA and out.loc["B", "diasesmen"] == 0
    assert out.loc["B", ["persen_perempuan", "persen_diasesmen"]].isna().all()
    # women in A drop to 3 of 8: the count is not published, its share is hidden with it
    fewer = needs.opd_profile(p.assign(jenis_kelamin=["P"] * 3 + ["L"] * 9), a)
    assert np.isnan(fewer.loc["A", "persen_perempuan"])


def test_assessment_coverage_order_and_total_row():
    p = _roster()
    p.loc[11, "jenis_jabatan"] = "JPT"  # listed before Pelaksana
    a = _asesmen(p, {f"p{i:02d}": 3 for i in range(10)})
    out = needs.assessment_coverage(p, a, k=1)
    assert out.index.tolist() == ["JPT", "Pengawas", "Pelaksana", "Semua"]
    # Pelaksana p00-p05, p08-p10 = 9 people, assessed p00-p05, p08, p09 = 8: 88.9 %
    assert out.loc["Pelaksana"].tolist() == [9, 8, 88.9]
    assert out.loc["Semua"].tolist() == [12, 10, 83.3]  # 10 of 12
    jpt = needs.assessment_coverage(p, a).loc["JPT"]  # 1 person, k = 5
    assert jpt["jumlah_asn"] is NA and pd.isna(jpt["persen_diasesmen"])
    assert jpt["diasesmen"] == 0  # nobody assessed: a zero discloses nothing


# --- gaps -------------------------------------------------------------------------------------

def _gaps():
    p = _roster()
    # Etika: p00-p03 at 1 (gap 2), p04-p11 at 3; Integritas: everyone at 2 but p00 (gap 1 each)
    a = pd.concat([
        _asesmen(p, {pid: 1 if i < 4 else 3 for i, pid in enumerate(p["pid"])}),
        _asesmen(p, {pid: 3 if i == 0 else 2 for i, pid in enumerate(p["pid"])})
        .assign(kompetensi="Integritas"),
    ], ignore_index=True)
    return a, p


def test_gaps_per_competency_as_published():
    a, p = _gaps()
    out = needs.gaps_per_competency(needs.training_needs(a, p, by=[]))
    assert out.index.name == "peringkat" and out.index.tolist() == [1, 2]
    assert out.columns.tolist() == ["kompetensi", "kelompok", "n_asesmen", "n_senjang",
                                    *needs.breakdowns.FROM_GAP_COUNT]
    integritas, etika = out.iloc[0], out.iloc[1]
    # Integritas: 11 of 12 below (91.7 %), gap 1 each, score 11/12 = 0.917 levels per person
    assert integritas["kompetensi"] == "Integritas" and integritas["n_senjang"] == 11
    assert integritas["persen_senjang"] == 91.7 and integritas["skor_prioritas"] == 0.917
    assert integritas["rerata_kesenjangan"] == 1.0
    # Etika: 4 of 12 below (hidden), so everything computed from them; n_asesmen stays
    assert etika["n_asesmen"] == 12 and etika["n_senjang"] is NA
    assert etika[list(needs.breakdowns.FROM_GAP_COUNT)].isna().all()


def test_training_need_ranking_keeps_ranked_groups_without_counts():
    a, p = _gaps()
    table = needs.training_needs(a, p, by=["opd"], min_n=5)  # B (4 assessed) is unranked
    out = needs.training_need_ranking(table)
    assert out.columns.tolist() == ["kompetensi", "opd", "n_asesmen",
                                    *needs.breakdowns.FROM_GAP_COUNT]
    assert out.index.tolist() == [1, 2] and set(out["opd"]) == {"A"}
    # A, Integritas: 7 of 8 below -> 87.5 %, score 0.875; Etika: 4 of 8 -> 50 %, gap 2, score 1
    assert out.set_index("kompetensi")["skor_prioritas"].to_dict() == {"Etika": 1.0,
                                                                      "Integritas": 0.875}
    assert out["persen_senjang"].tolist() == [50.0, 87.5]


def test_gap_trend_per_cycle_and_pooled():
    a, p = _gaps()
    later = a.assign(level_capaian=3.0)  # nobody below standard in the later cycle
    out = needs.gap_trend({2024: (a, p), 2025: (later, p)})
    assert out.columns.tolist() == ["persen_2024", "persen_2025", "persen_gabungan",
                                    "n_gabungan"]
    # Integritas 11/12 then 0/12 -> pooled 11/24 = 45.8 %; Etika 4/12, 0/12 -> 4/24 = 16.7 %
    assert out.index.tolist() == ["Integritas", "Etika"]
    assert out.loc["Integritas"].tolist() == [91.7, 0.0, 45.8, 24]
    assert out.loc["Etika", "persen_gabungan"] == 16.7


def test_gaps_by_post_type_heat_and_total_row():
    a, p = _gaps()
    out = needs.gaps_by_post_type(a, p, ["Etika", "Integritas"])
    assert out.index.tolist() == ["Etika", "Integritas", "Semua kompetensi"]
    assert out.columns.tolist() == ["Pengawas", "Pelaksana"]  # canonical order
    # Pelaksana (10 people): Etika 4 of 10 = 40 %, Integritas 9 of 10 (p00 meets it) = 90 %;
    # the pairs: 13 of 20 = 65 %, the 4 of Etika counted though a count of 4 is hidden
    # elsewhere (40 % of 10 tells it). Pengawas has 2 people: hidden, its total too.
    assert out["Pelaksana"].tolist() == [40.0, 90.0, 65.0]
    assert out["Pengawas"].isna().all()


# --- JPM ------------------------------------------------------------------------------------------

def test_people_jpm_and_by_post_type():
    p = _roster()
    levels = [5, 3, 3, 3, 2, 2, 1, 4, 3, 3, 3, 2]  # standard 3 for everyone
    a = _asesmen(p, dict(zip(p["pid"], levels, strict=True)))
    people = needs.people_jpm(a, p)
    assert people.columns[-3:].tolist() == ["jenis_jabatan", "opd", "jpm_alternatif"]
    first = people.set_index("pid").loc["p00"]  # 5 of 3 = 166.7 %; capped: 100 %
    assert first["jpm"] == pytest.approx(500 / 3) and first["jpm_alternatif"] == 100.0
    out = needs.jpm_by_post_type(people)
    assert out.index.tolist() == ["Pengawas", "Pelaksana", "Semua"]
    assert out.loc["Pengawas"].isna().all()  # 2 people
    assert out.columns.tolist() == ["n", "rerata_jpm", "median_jpm", "rerata_jpm_dibatasi",
                                    "persen_MS", "persen_MMS", "persen_KMS"]
    # Pelaksana: levels 5 3 3 3 2 2 3 3 3 2 -> JPM 166.7, 100 x 6, 66.7 x 3; mean 96.7
    # (capped 90), median 100; >= 80: 7 of 10, below 68: 3 of 10
    assert out.loc["Pelaksana"].tolist() == [10, 96.7, 100.0, 90.0, 70.0, 0.0, 30.0]
    capped = needs.jpm_by_post_type(needs.people_jpm(a, p, cap=True), cap=True)
    assert "rerata_jpm_tidak_dibatasi" in capped and capped.loc["Pelaksana", "rerata_jpm"] == 90.0
    assert needs.jpm_abbreviations(people["kategori_jpm"]) == {
        "Memenuhi Syarat": "MS", "Masih Memenuhi Syarat": "MMS", "Kurang Memenuhi Syarat": "KMS"}


def test_jpm_by_opd_and_the_average():
    a, p = _gaps()
    people = needs.people_jpm(a, p)
    out = needs.jpm_by_opd(people, a, p)
    assert out.index.tolist() == ["A"]  # B: 4 assessed
    # A: p00 Etika 1 + Integritas 3 = 4/6; p01-p03 1 + 2 = 3/6; p04-p07 3 + 2 = 5/6
    # -> mean (66.7 + 3 x 50 + 4 x 83.3) / 8 = 68.75; below 68: 4 of 8; pairs 11 of 16
    assert out.loc["A", "n_diasesmen"] == 8 and out.loc["A", "persen_jpm_di_bawah_68"] == 50.0
    assert out.loc["A", "rerata_jpm"] == pytest.approx(68.75, abs=0.05)
    assert out.loc["A", "persen_di_bawah_standar"] == 68.8
    # every OPD: pairs below standard 15 of 24 (Etika 4 + Integritas 11)
    assert needs.percent_below_standard(a, p) == pytest.approx(62.5)


# --- talent -------------------------------------------------------------------------------------

def _talent():
    boxes = [9, 9, 8, 7, 5, 3, 1, 1, None]
    return pd.DataFrame({"pid": [f"p{i:02d}" for i in range(9)],
                         "kinerja": ["di atas ekspektasi"] * 8 + [None],
                         "potensi": ["tinggi"] * 9,
                         "kotak": pd.array(boxes, dtype="Int64")})


def test_talent_counts_grid_order():
    grid = needs.talent_counts(_talent())
    assert grid.index.tolist() == list(needs.KINERJA_LEVELS)[::-1]
    assert grid.columns.tolist() == list(needs.POTENSI_LEVELS)
    assert grid.to_numpy().sum() == 8 and grid.loc["di atas ekspektasi", "tinggi"] == 8


def test_talent_by_post_type():
    out = needs.talent_by_post_type(_talent(), _roster(), k=1)
    # the 8 with a box are Pelaksana p00-p05 (9 9 8 7 5 3) and Pengawas p06-p07 (1 1)
    assert out.index.tolist() == ["Pengawas", "Pelaksana", "Semua"]
    assert out.loc["Pelaksana"].tolist() == [6, 66.7, 16.7, 0.0]  # 4 of 6 in 7-9, 1 in 1-3
    assert out.loc["Semua"].tolist() == [8, 50.0, 37.5, 25.0]  # 4, 3 and 2 of 8
    assert needs.talent_by_post_type(_talent(), _roster()).loc["Pengawas"].isna().all()


# --- cycles ---------------------------------------------------------------------------------------

def test_assessed_cycles_skip_cycles_without_assessment():
    a, p = _gaps()
    p = p.assign(jenjang="Pelaksana")
    out = needs.assessed_cycles({2023: {"pegawai": p}, 2024: {"asesmen": a, "pegawai": p},
                                 2025: {"asesmen": a, "pegawai": p}})
    assert list(out) == [2024, 2025]
    filled, roster = out[2025]
    assert roster is p and filled["sumber_standar"].eq("asesmen").all()


# --- figures ------------------------------------------------------------------------------------

@pytest.fixture
def themed():
    set_theme()
    yield
    plt.close("all")


def _rgb(color):
    return mcolors.to_rgb(color)


def test_figures_use_the_theme_and_the_given_number_format(themed):
    p = pd.concat([_roster()] * 300, ignore_index=True)  # OPD A 2,400, OPD B 1,200
    fig = figures.asn_per_opd(p, number=fmt.ribu)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == [" 1.200", " 2.400"]  # largest on top
    assert [_rgb(b.get_facecolor()) for b in ax.patches] == [_rgb(PALETTE[0])] * 2
    fig = figures.opd_gap_bars(pd.Series([70.0, 40.0], index=["A", "B"]), 55.25,
                               number=fmt.angka)
    ax = fig.axes[0]
    assert [_rgb(b.get_facecolor()) for b in ax.patches] == [_rgb(PALETTE[0]), _rgb(PALETTE[3])]
    assert ax.texts[0].get_text() == " rata-rata 55,2 %"


def test_talent_heatmap_writes_boxes_and_hides_small_counts(themed):
    grid = needs.talent_counts(_talent())
    texts = [t.get_text() for t in figures.talent_heatmap(grid, k=5).axes[0].texts]
    top = needs.talent_box(["di atas ekspektasi"] * 3, needs.POTENSI_LEVELS).tolist()
    assert top[2] == 9
    assert texts[:3] == [f"Kotak {top[0]}\n0 ASN", f"Kotak {top[1]}\n0 ASN", "Kotak 9\n8 ASN"]
    small = grid.copy()
    small.loc["di atas ekspektasi", "tinggi"] = 3
    texts = [t.get_text() for t in figures.talent_heatmap(small, k=5).axes[0].texts]
    assert texts[2] == "Kotak 9\n< 5 ASN"


def test_every_figure_draws(themed):
    a, p = _gaps()
    umum = needs.training_needs(a, p, by=[])
    people = needs.people_jpm(a, p)
    profile = needs.asn_profile(p.assign(golongan="II/a", pendidikan="SMA", usia=35))
    made = [figures.profile_bars(profile), figures.gap_bars(umum),
            figures.gap_heatmap(needs.gaps_by_post_type(a, p, umum["kompetensi"], k=1)),
            figures.jpm_histogram(people["jpm"])]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in made)
    assert [ax.get_title() for ax in made[0].axes] == list(needs.DIMENSIONS.values())
    lines = [ln for ln in made[3].axes[0].lines if ln.get_linestyle() == "--"]
    assert [ln.get_xdata()[0] for ln in lines] == [68, 80]
