"""kompetensi.implementation: credited JP, the 20 JP right, equity, IP ASN.

Every expected value is computed by hand from the rules of DOMAIN.md §1-2 (the reference
tables ``konversi_jp`` and ``ip_asn_*``); the arithmetic is in the comments.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from kompetensi import implementation as cv
from kompetensi import processing, reference
from kompetensi.core import config
from kompetensi.privacy import disclosure


def acts(rows: list[tuple], year: int = 2025) -> pd.DataFrame:
    """Activities from (pid, jenis, jp, hari, luar_negeri[, nama, month, ti, tahun])."""
    out = []
    for row in rows:
        pid, jenis, jp, hari, abroad, *rest = row
        nama = rest[0] if len(rest) > 0 else f"{jenis} {len(out)}"
        month = rest[1] if len(rest) > 1 else 3
        ti = rest[2] if len(rest) > 2 else False
        tahun = rest[3] if len(rest) > 3 else year
        out.append({"pid": pid, "nama_pelatihan": nama, "jenis": jenis, "jp": jp,
                    "hari": hari, "luar_negeri": abroad, "topik_ti": ti,
                    "tanggal_mulai": pd.Timestamp(tahun, month, 1)})
    frame = pd.DataFrame(out)
    frame["jp"] = frame["jp"].astype("Float64")
    frame["hari"] = frame["hari"].astype("Int64")
    return frame


def roster(rows: list[tuple]) -> pd.DataFrame:
    """Roster from (pid, status_asn, jenis_jabatan, pendidikan)."""
    return pd.DataFrame(rows, columns=["pid", "status_asn", "jenis_jabatan", "pendidikan"])


# --- JP conversion -----------------------------------------------------------------------

@pytest.mark.parametrize(("jenis", "jp", "hari", "abroad", "expected", "cara"), [
    ("Seminar", None, 1, False, 4.0, "hari"),            # 1 day x 4
    ("Seminar", None, 2, False, 8.0, "hari"),            # 2 days x 4
    ("Seminar", None, 1, True, 6.0, "hari"),             # 1 day x 6 abroad
    ("Seminar", 8.0, 1, False, 4.0, "hari"),             # stated JP ignored: 1 x 4
    ("Seminar", 12.0, 2, True, 12.0, "hari"),            # 2 x 6
    ("Konferensi", None, 2, False, 8.0, "hari"),         # as a seminar: 2 x 4
    ("Workshop", None, 1, False, 5.0, "hari"),           # 1 x 5
    ("Workshop", 14.0, 2, True, 14.0, "hari"),           # 2 x 7
    ("Lokakarya", None, 3, False, 15.0, "hari"),         # 3 x 5
    ("Pelatihan Teknis", 40.0, 5, False, 40.0, "jp_tercantum"),
    ("Pelatihan Teknis", 40.0, 5, True, 48.0, "jp_tercantum"),   # 40 x 1.2
    ("Pelatihan Kepemimpinan", 279.0, 60, False, 279.0, "jp_tercantum"),
    ("Bimtek", 16.0, 2, True, 19.2, "jp_tercantum"),     # 16 x 1.2
    ("Kursus", 20.0, 5, False, 20.0, "jp_tercantum"),
    ("Pelatihan Teknis", None, 3, False, 0.0, "tidak_dikreditkan"),
    ("Sosialisasi", 3.0, 1, False, 3.0, "jp_tercantum"),
    ("Sosialisasi", None, 1, False, 4.0, "hari_bila_kosong"),    # 1 x 4 (U)
    ("Coaching", None, 1, False, 2.0, "hari_bila_kosong"),       # 1 x 2 (U)
    ("Mentoring", 4.0, 1, False, 4.0, "jp_tercantum"),
    ("Benchmarking", None, 3, False, 15.0, "hari_bila_kosong"),  # 3 x 5 (U)
    ("E-Learning", 12.5, 10, False, 12.5, "jp_tercantum"),
    ("E-Learning", None, 10, False, 0.0, "tidak_dikreditkan"),
    ("Rapat Koordinasi", 2.0, 1, True, 2.0, "jp_tercantum"),     # '*': no uplift
])
def test_each_conversion_rule(jenis, jp, hari, abroad, expected, cara):
    credit = cv.credit_jp(acts([("a", jenis, jp, hari, abroad)]))
    assert credit.loc[0, "jp_kredit"] == pytest.approx(expected)
    assert credit.loc[0, "cara"] == cara


def test_conversion_table_is_reference_data_with_status_and_source():
    table = reference.load("konversi_jp")
    assert {"status", "sumber"} <= set(table.columns)
    assert table["status"].isin(["C", "C2", "U"]).all() and (table["sumber"] != "").all()
    seminar = table.set_index("kata_kunci").loc["seminar"]
    assert (seminar.jp_per_hari, seminar.jp_per_hari_luar_negeri) == ("4", "6")


def test_a_mixed_table_is_credited_as_each_row_alone():
    """The rules are looked up once per (kind, abroad) pair; a mixed table of many kinds,
    stated and missing JP, at home and abroad, and kinds without a rule (the "*" row
    dropped) must give what each row gives on its own (each row's rule: the cases above)."""
    rng = np.random.default_rng(3)
    kinds = ["Seminar", "Workshop", "Pelatihan Teknis", "Sosialisasi", "Coaching",
             "E-Learning", "Rapat Koordinasi", "Bimtek", "Benchmarking"]
    rows = [(f"p{i}", kinds[rng.integers(len(kinds))],
             None if rng.random() < 0.3 else float(rng.integers(1, 40)),
             int(rng.integers(1, 6)), bool(rng.random() < 0.3)) for i in range(300)]
    table = acts(rows)
    konversi = reference.load("konversi_jp")
    konversi = konversi.loc[konversi["kata_kunci"] != "*"]
    whole = cv.credit_jp(table, konversi)
    alone = pd.concat([cv.credit_jp(table.iloc[[i]], konversi) for i in range(len(table))])
    pd.testing.assert_frame_equal(whole, alone)
    assert set(whole["cara"]) == {"hari", "jp_tercantum", "hari_bila_kosong",
                                  "tidak_dikreditkan", "tanpa_aturan"}


def test_crediting_leaves_the_table_untouched():
    table = acts([("a", "Pelatihan Teknis", 40.0, 5, True), ("b", "Seminar", 8.0, 2, False)])
    for frame in (table, table.astype({"jp": "float64", "hari": "float64"})):
        before = frame.copy(deep=True)
        assert cv.credit_jp(frame)["jp_kredit"].tolist() == [48.0, 8.0]  # 40 x 1.2; 2 x 4
        pd.testing.assert_frame_equal(frame, before)


def test_conversion_rules_are_overridable_and_a_missing_rule_credits_nothing():
    rules = reference.load("konversi_jp")
    rules = rules[rules.kata_kunci != "*"].copy()
    rules.loc[rules.kata_kunci == "seminar", "jp_per_hari"] = "3"
    credit = cv.credit_jp(acts([("a", "Seminar", None, 2, False),
                                ("a", "Rapat Koordinasi", 2.0, 1, False)]), rules)
    assert credit["jp_kredit"].tolist() == [6.0, 0.0]  # 2 x 3; no rule
    assert credit["cara"].tolist() == ["hari", "tanpa_aturan"]


def test_conversion_errors_are_clear():
    with pytest.raises(ValueError, match="kolom wajib tidak ada: hari"):
        cv.credit_jp(acts([("a", "Seminar", None, 1, False)]).drop(columns="hari"))
    with pytest.raises(ValueError, match="negatif"):
        cv.credit_jp(acts([("a", "Bimtek", -4.0, 1, False)]))
    bad = reference.load("konversi_jp").assign(dasar="menit")
    with pytest.raises(ValueError, match="dasar"):
        cv.credit_jp(acts([("a", "Seminar", None, 1, False)]), bad)


# --- JP per ASN --------------------------------------------------------------------------

def test_jp_per_asn_counts_the_cycle_and_gives_zero_without_records():
    peg = roster([("a", "PNS", "Pelaksana", "SMA"), ("b", "PNS", "Pelaksana", "SMA"),
                  ("c", "PPPK", "Fungsional", "S1/D4")])
    pel = acts([
        ("a", "Seminar", None, 2, False, "Seminar X", 3, True),          # 8, IT
        ("a", "Pelatihan Teknis", 24.0, 3, False, "Pelatihan Y", 5),     # 24
        ("a", "Pelatihan Teknis", 24.0, 3, False, "Pelatihan Y", 5),     # same: once
        ("a", "Sosialisasi", None, 1, False, "Sos Z", 6),                # 4 (assumed)
        ("a", "Bimtek", 16.0, 2, False, "Bimtek W", 12, True, 2024),     # other year
        ("x", "Bimtek", 16.0, 2, False, "Bimtek W", 4),                  # not on roster
        ("c", "E-Learning", None, 5, False, "EL", 7),                    # not credited
    ])
    out = cv.jp_per_asn(peg, pel, 2025).set_index("pid")
    # a: 8 + 24 + 4 = 36 JP from 3 activities; 8 JP of IT; 4 JP from an assumed rate
    assert out.loc["a", ["n_kegiatan", "jp", "n_kegiatan_ti", "jp_ti", "jp_asumsi"]].tolist() \
        == [3, 36.0, 1, 8.0, 4.0]
    assert out.loc["b", ["n_kegiatan", "jp", "jp_ti"]].tolist() == [0, 0.0, 0.0]
    assert out.loc["c", ["n_kegiatan", "jp", "n_tidak_dikreditkan"]].tolist() == [1, 0.0, 1]
    assert not out.isna().any().any()
    assert list(out.index) == ["a", "b", "c"]


def test_jp_per_asn_rejects_a_roster_with_repeated_pid():
    peg = roster([("a", "PNS", "Pelaksana", "SMA"), ("a", "PNS", "Pelaksana", "SMA")])
    with pytest.raises(ValueError, match="unik"):
        cv.jp_per_asn(peg, acts([("a", "Bimtek", 16.0, 2, False)]), 2025)


# --- compliance ---------------------------------------------------------------------------

def jp_table(values: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(values, columns=["status_asn", "opd", "jp"])


def test_compliance_at_exactly_20_jp_and_pppk_never_short():
    jp = jp_table([("PNS", "A", 20.0), ("PNS", "A", 19.99), ("PNS", "A", 0.0),
                   ("PNS", "A", 44.0), ("PPPK", "A", 10.0), ("PPPK", "A", 24.0),
                   ("PPPK", "A", 24.5), ("PPPK", "A", 0.0)])
    res = cv.jp_compliance(jp, k=None)
    pns = res.pns.loc["Semua"]
    # reached: 20 and 44 of 4 PNS = 50 %; none: 1 of 4 = 25 %; mean (20+19.99+0+44)/4
    assert (pns.n_pns, pns.n_capai, pns.persen_capai) == (4, 2, 50.0)
    assert (pns.n_tanpa_jp, pns.persen_tanpa_jp) == (1, 25.0)
    assert pns.rerata_jp == pytest.approx(83.99 / 4)
    pppk = res.pppk.loc["Semua"]
    # any development: 3 of 4; above the 24 JP ceiling: only 24.5 (24 is not above)
    assert (pppk.n_pppk, pppk.n_ada_pengembangan, pppk.persen_ada_pengembangan) == (4, 3, 75.0)
    assert (pppk.n_melebihi_batas, pppk.persen_melebihi_batas) == (1, 25.0)
    assert not any("capai" in c or "kurang" in c for c in res.pppk.columns)


def test_compliance_target_is_a_parameter_and_groups_are_separate():
    jp = jp_table([("PNS", "A", 20.0), ("PNS", "A", 30.0), ("PNS", "B", 30.0),
                   ("PPPK", "B", 5.0)])
    res = cv.jp_compliance(jp, "opd", target=30.0, k=None)
    assert res.pns["n_capai"].to_dict() == {"A": 1, "B": 1}  # 20 < 30 <= 30
    assert list(res.pppk.index) == ["B"]
    with pytest.raises(ValueError, match="kolom wajib tidak ada: golongan"):
        cv.jp_compliance(jp, "golongan")
    with pytest.raises(ValueError, match="tidak boleh kosong"):
        cv.jp_compliance(jp.assign(jp=[1.0, None, 2.0, 3.0]))


def test_compliance_suppresses_small_groups():
    rows = ([("PNS", "A", 25.0)] * 3 + [("PNS", "B", 25.0)] * 6 + [("PNS", "B", 0.0)] * 2
            + [("PNS", "C", 25.0)] * 5 + [("PNS", "C", 10.0)] * 5 + [("PNS", "C", 0.0)] * 5)
    res = cv.jp_compliance(jp_table(rows), "opd", k=5)
    a, b, c = res.pns.loc["A"], res.pns.loc["B"], res.pns.loc["C"]
    assert pd.isna(a.n_pns) and pd.isna(a.persen_capai) and pd.isna(a.rerata_jp)
    # B: 8 PNS; 2 without JP (< 5: hidden); 6 reached, but 8 - 6 = 2 did not: hidden too
    assert b.n_pns == 8 and b.rerata_jp == pytest.approx(150 / 8)
    assert pd.isna(b.n_capai) and pd.isna(b.persen_capai)
    assert pd.isna(b.n_tanpa_jp) and pd.isna(b.persen_tanpa_jp)
    # C: 15 PNS, 5 reached (33.3 %), 5 without JP (33.3 %): all published
    assert (c.n_pns, c.n_capai, c.n_tanpa_jp) == (15, 5, 5)
    assert c.persen_capai == pytest.approx(100 / 3)


def test_suppress_table_hides_counts_shares_and_means_of_few_people():
    t = pd.DataFrame({"n": [4, 5, 10], "n_x": [0, 5, 3], "persen_x": [0.0, 100.0, 30.0],
                      "rerata": [1.0, 2.0, 3.0]})
    out = disclosure.suppress_table(t, n="n", counts=["n_x"], shares={"persen_x": "n_x"},
                            means=["rerata"])
    assert out["n"].isna().tolist() == [True, False, False]
    # row 0: 0 of 4, but its complement (4 people) is small; row 2: 3 is small
    assert out["n_x"].isna().tolist() == [True, False, True]
    assert not disclosure.suppress_table(t.assign(n=[20, 5, 10]), n="n", counts=["n_x"]).loc[
        0, ["n_x"]].isna().any()  # 0 of 20 is published
    assert out["persen_x"].isna().tolist() == [True, False, True]
    assert out["rerata"].isna().tolist() == [True, False, False]
    # 8 of 10: the complement 2 is small, so 8 is hidden as well (unless complement=False)
    t2 = pd.DataFrame({"n": [10], "n_x": [8], "persen_x": [80.0]})
    args = {"n": "n", "counts": ["n_x"], "shares": {"persen_x": "n_x"}}
    assert disclosure.suppress_table(t2, **args)[["n_x", "persen_x"]].isna().all(axis=None)
    assert disclosure.suppress_table(t2, **args, complement=False)["n_x"].tolist() == [8]


def test_crosstab_suppression_leaves_no_row_or_column_with_one_hidden_cell():
    t = pd.DataFrame({"SR": [40, 11, 361], "R": [30, 8, 94], "T": [6, 4, 43],
                      "ST": [0, 0, 2]}, index=["Administrator", "JPT", "Pelaksana"])
    out = disclosure.suppress_crosstab(t)
    hidden = out.isna().to_numpy()
    # primary: JPT/T (4) and Pelaksana/ST (2); row JPT: next smallest 8 (R);
    # column ST has one hidden cell and no other non-zero cell: nothing more to hide there;
    # row Pelaksana: next smallest 43 (T); column T: JPT and Pelaksana hidden (2);
    # column R: JPT hidden alone -> smallest other 30 (Administrator); row Administrator:
    # then hide 6 (T); column T now 3 hidden; every row/column with hidden cells has >= 2
    # except column ST (no candidate)
    assert hidden.tolist() == [[False, True, True, False], [False, True, True, False],
                               [False, False, True, True]]
    assert out.loc["Pelaksana", "SR"] == 361
    with pytest.raises(ValueError, match="tidak negatif"):
        disclosure.suppress_crosstab(t.assign(SR=-1))


# --- equity -------------------------------------------------------------------------------

def test_gini_and_top_share_by_hand():
    # [1,2,3,4]: sum (2i-n-1) x = -3*1 - 1*2 + 1*3 + 3*4 = 10; G = 10 / (4 * 10) = 0.25
    # (= mean absolute difference 20/16 over twice the mean 2.5)
    res = cv.jp_concentration([4, 1, 3, 2])
    assert res.gini == pytest.approx(0.25)
    assert res.share_top == pytest.approx(0.4)  # ceil(0.4) = 1 person: 4 / 10
    assert cv.jp_concentration([0, 0, 0, 10]).gini == pytest.approx(0.75)  # 30 / 40
    assert cv.jp_concentration([5, 5, 5]).gini == 0.0
    top = cv.jp_concentration(np.arange(1, 11), top=0.2)
    assert top.share_top == pytest.approx(19 / 55)  # (10 + 9) / 55
    nobody = cv.jp_concentration([0, 0])
    assert math.isnan(nobody.gini) and nobody.share_zero == 1.0
    # rounding never leaves the range: equal non-integer JP gave G = -4e-17 (199 x 1.1); the
    # 7 of 8 people who have every JP got a share of 1.0000000000000002
    for equal in ([1.1] * 199, [0.1] * 7, [16.7] * 30):
        gini = cv.jp_concentration(equal).gini
        assert gini == 0 and math.copysign(1, gini) == 1
    jp = [0, 6.7, 25.8, 33.2, 38.1, 41.6, 42.7, 49.9]
    assert cv.jp_concentration(jp, top=7 / 8).share_top == 1.0
    with pytest.raises(ValueError, match="tidak negatif"):
        cv.jp_concentration([1, -1])


def test_persistence_by_hand():
    prev = pd.DataFrame({"pid": list("abcdef"), "jp": [0.0, 10.0, 24.0, 40.0, 30.0, 5.0]})
    cur = pd.DataFrame({"pid": list("abcdeg"),
                        "status_asn": ["PNS", "PNS", "PNS", "PNS", "PPPK", "PNS"],
                        "jp": [0.0, 20.0, 30.0, 16.0, 50.0, 40.0]})
    res = cv.jp_persistence(prev, cur)
    # PNS on both rosters: a, b, c, d (e is PPPK, f left, g is new)
    # last year >= 20: c, d -> this year 30 (yes), 16 (no) = 50 %
    # last year < 20: a, b -> 0 (no, none), 20 (yes) = 50 %, 1 of 2 without JP
    assert res.n == 4
    assert res.table["n_capai"].tolist() == [1, 1]
    assert res.table["persen_tanpa_jp"].tolist() == [0.0, 50.0]
    # ranks before 1,2,3,4; now 1,3,4,2; sum d^2 = 0+1+1+4 = 6; rho = 1 - 6*6/(4*15) = 0.4
    assert res.rho == pytest.approx(0.4)
    small = cv.jp_persistence(prev.head(2), cur.head(2))
    assert math.isnan(small.rho)


def test_age_bands():
    assert cv.age_band(pd.Series([18, 29, 30, 39, 40, 49, 50, 64])).tolist() == [
        "< 30", "< 30", "30-39", "30-39", "40-49", "40-49", ">= 50", ">= 50"]
    assert cv.age_band(pd.Series([35, None]), edges=(35,)).astype(object).tolist()[0] == ">= 35"
    with pytest.raises(ValueError, match="naik"):
        cv.age_band(pd.Series([30]), edges=(40, 30))


# --- IP ASN ------------------------------------------------------------------------------

NO_SANCTION = pd.DataFrame({"pid": pd.Series([], dtype="string"), "tahun": pd.Series(
    [], dtype="Int64"), "tingkat": pd.Series([], dtype="string")})


def skp(rows: list[tuple]) -> pd.DataFrame:
    """Kinerja from (pid, tahun, predikat[, nilai])."""
    frame = pd.DataFrame([r + (None,) * (4 - len(r)) for r in rows],
                         columns=["pid", "tahun", "predikat", "nilai"])
    frame["nilai"] = frame["nilai"].astype("Float64")
    return frame


def test_ip_asn_structural_post():
    peg = roster([("p", "PNS", "Pengawas", "S1/D4")]).assign(opd="X")
    pel = acts([
        ("p", "Pelatihan Kepemimpinan", 279.0, 60, False,
         "Pelatihan Kepemimpinan Pengawas (PKP)", 4, False, 2023),   # right level, history
        ("p", "Pelatihan Teknis", 24.0, 3, False, "Pelatihan Arsip", 5),  # 24 >= 20 this year
        ("p", "Seminar", None, 1, False, "Seminar RB", 9, False, 2024),  # within 2 years
    ])
    out = cv.ip_asn(peg, pel, skp([("p", 2024, "Baik"), ("p", 2025, "Sangat Kurang")]),
                    NO_SANCTION, 2025).iloc[0]
    # kualifikasi S1/D4 15; kompetensi 15 + 15 + 10 = 40; kinerja 2024 Baik 25 (2025 unused);
    # disiplin none 5; total 85 -> Tinggi
    assert (out.skor_kualifikasi, out.skor_kompetensi, out.skor_kinerja, out.skor_disiplin) \
        == (15.0, 40.0, 25.0, 5.0)
    assert (out.ip_asn, out.kategori_ip_asn) == (85.0, "Tinggi")
    assert out.unsur_kepemimpinan and out.unsur_teknis and out.unsur_seminar
    assert out.opd == "X" and out.kinerja_ada


def test_ip_asn_functional_post_and_the_cap_at_40():
    peg = roster([("f", "PNS", "Fungsional", "S2")])
    pel = acts([("f", "Pelatihan Fungsional", 40.0, 5, False, "Pelatihan Fungsional Guru", 2,
                 False, 2023),
                ("f", "Bimtek", 24.0, 3, False, "Bimtek Dapodik", 3),
                ("f", "Workshop", None, 2, False, "Workshop IKU", 4)])
    out = cv.ip_asn(peg, pel, skp([("f", 2024, "Sangat Baik")]), NO_SANCTION, 2025).iloc[0]
    # S2 20 + (15 + 15 + 10) + Sangat Baik 30 + 5 = 95 -> Sangat Tinggi
    assert (out.skor_kompetensi, out.ip_asn, out.kategori_ip_asn) == (40.0, 95.0,
                                                                      "Sangat Tinggi")
    # With an extra item worth 15 the sum would be 55: it is capped at 40
    rules = reference.load("ip_asn_kompetensi")
    extra = pd.DataFrame([{"jenis_jabatan": "Fungsional", "unsur": "kepemimpinan", "skor": "15",
                           "jendela_tahun": "", "min_jp": "", "status": "U", "sumber": "test"}])
    lead = pd.DataFrame([{"jenis_jabatan": "Fungsional", "kata_kunci": "pkp", "status": "U",
                          "sumber": "test"}])
    pel2 = pd.concat([pel, acts([("f", "Pelatihan Kepemimpinan", 279.0, 60, False, "PKP",
                                  6, False, 2024)])], ignore_index=True)
    capped = cv.ip_asn(peg, pel2, skp([("f", 2024, "Sangat Baik")]), NO_SANCTION, 2025,
                       rujukan={"ip_asn_kompetensi": pd.concat([rules, extra]),
                                "ip_asn_kepemimpinan": lead}).iloc[0]
    assert capped.unsur_kepemimpinan and capped.skor_kompetensi == 40.0


def test_ip_asn_leadership_training_only_at_the_right_level():
    peg = roster([("a", "PNS", "Administrator", "S2"), ("g", "PNS", "Pengawas", "S1/D4")])
    pel = acts([("a", "Pelatihan Kepemimpinan", 279.0, 60, False,
                 "Pelatihan Kepemimpinan Pengawas (PKP)", 3, False, 2024),
                ("g", "Pelatihan Kepemimpinan", 387.0, 90, False,
                 "Pelatihan Kepemimpinan Administrator (PKA)", 3, False, 2024)])
    out = cv.ip_asn(peg, pel, skp([]), NO_SANCTION, 2025)
    assert out["skor_kompetensi"].tolist() == [0.0, 0.0]
    assert not out["unsur_kepemimpinan"].any()


def test_ip_asn_pelaksana_windows_and_cumulative_option():
    peg = roster([("l", "PNS", "Pelaksana", "SMA"), ("m", "PNS", "Pelaksana", "D3"),
                  ("n", "PNS", "Pelaksana", "SMP")])
    pel = acts([
        ("l", "Bimtek", 24.0, 3, False, "Bimtek SIPD", 2),                   # teknis 22.5
        ("l", "Seminar", None, 1, False, "Seminar A", 2, False, 2024),       # seminar 17.5
        ("m", "Bimtek", 12.0, 2, False, "Bimtek A", 2),                      # 12 < 20
        ("m", "Bimtek", 12.0, 2, False, "Bimtek B", 6),                      # 12 + 12 = 24
        ("m", "Seminar", None, 1, False, "Seminar B", 2, False, 2023),       # 2 years ago
        ("n", "Pelatihan Teknis", 40.0, 5, False, "Pelatihan C", 2, False, 2024),  # last year
    ])
    out = cv.ip_asn(peg, pel, skp([]), NO_SANCTION, 2025).set_index("pid")
    # l: 22.5 + 17.5 = 40; m: single diklat below 20 JP, seminar outside the window -> 0;
    # n: teknis outside the 1-year window -> 0
    assert out["skor_kompetensi"].to_dict() == {"l": 40.0, "m": 0.0, "n": 0.0}
    # l: SMA 5 + 40 + no SKP 0 + 5 = 50
    assert out.loc["l", "ip_asn"] == 50.0 and not out.loc["l", "kinerja_ada"]
    cumulative = cv.ip_asn(peg, pel, skp([]), NO_SANCTION, 2025, teknis_kumulatif=True)
    assert cumulative.set_index("pid").loc["m", "skor_kompetensi"] == 22.5


def test_ip_asn_without_training_skp_or_discipline_record():
    peg = roster([("z", "PNS", "Fungsional", "D3")])
    empty = acts([("other", "Bimtek", 16.0, 2, False)])
    out = cv.ip_asn(peg, empty, skp([("q", 2024, "Baik")]), NO_SANCTION, 2025).iloc[0]
    # D3 10 + no training 0 + no SKP 0 + no sanction 5 = 15 -> Sangat Rendah
    assert (out.skor_kompetensi, out.skor_kinerja, out.skor_disiplin, out.ip_asn) \
        == (0.0, 0.0, 5.0, 15.0)
    assert out.kategori_ip_asn == "Sangat Rendah" and not out.kinerja_ada
    missing = cv.ip_asn(peg, empty, skp([]), NO_SANCTION, 2025, skor_tanpa_skp=np.nan).iloc[0]
    assert math.isnan(missing.ip_asn) and pd.isna(missing.kategori_ip_asn)


def test_ip_asn_kinerja_mapping_numeric_scores_and_override():
    peg = roster([(p, "PNS", "Pelaksana", "S1/D4") for p in "abcdef"])
    kin = skp([("a", 2024, "Butuh Perbaikan"), ("b", 2024, "Kurang"),
               ("c", 2024, "Sangat Kurang"), ("d", 2024, None, 91.0),
               ("e", 2024, None, 90.5), ("f", 2024, None, 50.0)])
    nobody = acts([("x", "Bimtek", 1.0, 1, False)])  # not on the roster
    out = cv.ip_asn(peg, nobody, kin, NO_SANCTION, 2025)
    # predikat (U): 15, 5, 1; numeric (C2): 91 -> 30, 90.5 -> 25 (below 91), 50 -> 1
    assert out["skor_kinerja"].tolist() == [15.0, 5.0, 1.0, 30.0, 25.0, 1.0]
    table = reference.load("ip_asn_kinerja")
    table.loc[table.predikat == "Butuh Perbaikan", "skor"] = "10"
    over = cv.ip_asn(peg.head(1), acts([("a", "Bimtek", 1.0, 1, False)]), kin, NO_SANCTION,
                     2025, rujukan={"ip_asn_kinerja": table})
    assert over["skor_kinerja"].tolist() == [10.0]
    with pytest.raises(ValueError, match="tidak dikenal"):
        cv.ip_asn(peg, acts([("a", "Bimtek", 1.0, 1, False)]), kin, NO_SANCTION, 2025,
                  rujukan={"ip_asn_lain": table})


def test_ip_asn_discipline_heaviest_sanction_in_five_years():
    peg = roster([(p, "PNS", "Pelaksana", "SMA") for p in "abcd"])
    dis = pd.DataFrame({"pid": ["a", "b", "b", "c", "d"],
                        "tahun": [2025, 2023, 2025, 2020, 2021],
                        "tingkat": ["ringan", "berat", "ringan", "berat", "sedang"]})
    out = cv.ip_asn(peg, acts([("a", "Bimtek", 1.0, 1, False)]), skp([]), dis, 2025)
    # a ringan 3; b heaviest berat 1; c 2020 is outside 2021-2025 -> 5; d 2021 inside -> 2
    assert out["skor_disiplin"].tolist() == [3.0, 1.0, 5.0, 2.0]
    with pytest.raises(ValueError, match="tidak dikenal"):
        cv.ip_asn(peg, acts([("a", "Bimtek", 1.0, 1, False)]), skp([]),
                  dis.assign(tingkat="teguran"), 2025)


@pytest.mark.parametrize(("score", "band"), [
    (0, "Sangat Rendah"), (60, "Sangat Rendah"), (60.5, "Rendah"), (61, "Rendah"),
    (70, "Rendah"), (71, "Sedang"), (80, "Sedang"), (81, "Tinggi"), (90, "Tinggi"),
    (91, "Sangat Tinggi"), (100, "Sangat Tinggi"),
])
def test_every_band_boundary(score, band):
    assert cv.ip_band(pd.Series([score])).iloc[0] == band


BOUNDARY_CASES = [
    # pid, pendidikan, items, predikat 2024, sanction -> total, band
    ("a", "S2", "s", "Baik", None, 60.0, "Sangat Rendah"),      # 20 + 10 + 25 + 5
    ("b", "S2", "s", "Sangat Baik", "berat", 61.0, "Rendah"),   # 20 + 10 + 30 + 1
    ("c", "S1/D4", "st", "Baik", None, 70.0, "Rendah"),         # 15 + 25 + 25 + 5
    ("d", "S2", "st", "Baik", "berat", 71.0, "Sedang"),         # 20 + 25 + 25 + 1
    ("e", "S2", "st", "Sangat Baik", None, 80.0, "Sedang"),     # 20 + 25 + 30 + 5
    ("f", "S3", "st", "Sangat Baik", "berat", 81.0, "Tinggi"),  # 25 + 25 + 30 + 1
    ("g", "S2", "stf", "Baik", None, 90.0, "Tinggi"),           # 20 + 40 + 25 + 5
    ("h", "S3", "stf", "Baik", "berat", 91.0, "Sangat Tinggi"), # 25 + 40 + 25 + 1
]


def test_band_boundaries_through_ip_asn():
    # Fungsional posts: seminar (s) 10, diklat teknis >= 20 JP (t) 15, diklat fungsional (f) 15
    peg = roster([(c[0], "PNS", "Fungsional", c[1]) for c in BOUNDARY_CASES])
    kinds = {"s": ("Seminar", None, 1), "t": ("Bimtek", 24.0, 3),
             "f": ("Pelatihan Fungsional", 40.0, 5)}
    pel = acts([(c[0], *kinds[i], False, f"{kinds[i][0]} {c[0]}", 3)
                for c in BOUNDARY_CASES for i in c[2]])
    kin = skp([(c[0], 2024, c[3]) for c in BOUNDARY_CASES])
    dis = pd.DataFrame([(c[0], 2025, c[4]) for c in BOUNDARY_CASES if c[4]],
                       columns=["pid", "tahun", "tingkat"])
    out = cv.ip_asn(peg, pel, kin, dis, 2025).set_index("pid")
    assert out["ip_asn"].tolist() == [c[5] for c in BOUNDARY_CASES]
    assert out["kategori_ip_asn"].astype(str).tolist() == [c[6] for c in BOUNDARY_CASES]


def test_band_errors_and_unknown_education():
    with pytest.raises(ValueError, match="antara 0 dan 100"):
        cv.ip_band(pd.Series([100.5]))
    peg = roster([("a", "PNS", "Pelaksana", "Paket C")])
    out = cv.ip_asn(peg, acts([("a", "Bimtek", 1.0, 1, False)]), skp([]), NO_SANCTION, 2025)
    assert math.isnan(out.loc[0, "skor_kualifikasi"]) and math.isnan(out.loc[0, "ip_asn"])
    with pytest.raises(ValueError, match="kolom wajib tidak ada: pendidikan"):
        cv.ip_asn(peg.drop(columns="pendidikan"), acts([("a", "Bimtek", 1.0, 1, False)]),
                  skp([]), NO_SANCTION, 2025)


def test_ip_asn_tables_carry_status_and_source():
    for name in ("ip_asn_kualifikasi", "ip_asn_kompetensi", "ip_asn_jenis_diklat",
                 "ip_asn_kepemimpinan", "ip_asn_kinerja", "ip_asn_disiplin",
                 "ip_asn_kategori"):
        table = reference.load(name)
        assert table["status"].isin(["C", "C2", "U"]).all(), name
        assert (table["sumber"].str.len() > 0).all(), name
    kinerja = reference.load("ip_asn_kinerja")
    assert (kinerja.loc[kinerja.dasar == "predikat", "status"] == "U").all()


# --- on the bundled sample: planted truths ------------------------------------------------

@pytest.fixture(scope="module")
def sample_2025(tmp_path_factory):
    if not (config.PROJECT_ROOT / "data" / "raw" / "contoh" / "2025").is_dir():
        pytest.skip("bundled sample not available")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(tmp_path_factory.mktemp("proc")))
    try:
        data = processing.load_processed("contoh", 2025)
    finally:
        mp.undo()
    truth = json.loads((config.raw_root() / "contoh" / "kebenaran.json").read_text())
    return data, {**truth["truths"]["training"], "paruh_waktu": truth["truths"]["paruh_waktu"]}


def test_sample_recovers_the_planted_training_volume(sample_2025):
    data, truth = sample_2025
    jp = cv.jp_per_asn(data["pegawai"], data["pelatihan"], 2025)
    planted = truth["activities"]["2025"]
    # the PPPK paruh waktu were added to the 2025 roster after the activities were planted,
    # with none (kebenaran.json "assumptions.paruh_waktu"): the planted share is of the others
    part_time = jp["status_asn"] == "PPPK Paruh Waktu"
    assert part_time.sum() == sum(truth["paruh_waktu"]["jabatan"].values())
    assert (jp.loc[part_time, "n_kegiatan"] == 0).all()
    # share of ASN without any activity: planted 0.317 before faults; the faults reject a few
    # rows (lost NIPs, duplicates), which moves it by well under one point
    assert (jp.loc[~part_time, "n_kegiatan"] == 0).mean() == pytest.approx(
        planted["share_asn_without_activity"], abs=0.005)
    assert jp["n_kegiatan"].max() == planted["max_per_asn"]
    psim = data["pelatihan"]["program"] == "PSIM"
    assert psim.sum() == truth["psim"]["participants"]["2025"]
    credit = cv.credit_jp(data["pelatihan"][psim])
    assert (credit["jp_kredit"] == truth["psim"]["jp"]).all()
    assert data["pelatihan"].loc[psim, "topik_ti"].all()
