"""Issue 20: PPPK paruh waktu as a status of its own in the ASN profile and the OPD profile.

Roster (worked by hand): 5 PNS (one of them on CLTN, still on the roster), 2 PPPK, 2 PPPK
paruh waktu, all in OPD A, plus 5 PNS in OPD B so that A's counts are published with k = 1.
"""

from __future__ import annotations

import pandas as pd

from kompetensi import needs
from kompetensi.core.bands import golongan_group
from kompetensi.core.vocab import STATUS_ASN


def _roster(with_position: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame({
        "pid": [f"p{i}" for i in range(9)],
        "status_asn": ["PNS"] * 5 + ["PPPK"] * 2 + ["PPPK Paruh Waktu"] * 2,
        "jenis_kelamin": list("LPLPLPLPL"), "jenis_jabatan": "Pelaksana",
        "golongan": ["III/a"] * 5 + ["IX", "V", "IX", "V"], "pendidikan": "S1/D4",
        "usia": [35] * 9, "opd": "A"})
    if with_position:
        frame["kedudukan"] = ["Aktif"] * 4 + ["CLTN"] + ["Aktif"] * 4
        frame["aktif"] = [True] * 4 + [False] + [True] * 4
    return frame


def test_profile_counts_paruh_waktu_apart_and_everyone_on_the_roster():
    for roster in (_roster(), _roster(with_position=False)):
        prof = needs.asn_profile(roster)
        status = prof[prof.dimensi == "Status ASN"]
        # a head count: the CLTN PNS is on the roster, so 5 PNS either way
        assert status["kategori"].tolist() == STATUS_ASN
        assert status["jumlah"].tolist() == [5, 2, 2]
        assert status["persen"].round(1).tolist() == [55.6, 22.2, 22.2]   # of 9
    gol = prof[prof.dimensi == "Golongan"].set_index("kategori")["jumlah"]
    assert gol.to_dict() == {"PNS III": 5, "PPPK V": 1, "PPPK IX": 1,
                             "PPPK Paruh Waktu V": 1, "PPPK Paruh Waktu IX": 1}


def test_profile_of_a_roster_without_paruh_waktu_shows_zero():
    roster = _roster().query("status_asn != 'PPPK Paruh Waktu'")
    status = needs.asn_profile(roster).query("dimensi == 'Status ASN'")
    assert status["jumlah"].tolist() == [5, 2, 0]


def test_golongan_group_of_paruh_waktu():
    out = golongan_group(pd.Series(["IX", "IX", "III/b"]),
                         pd.Series(["PPPK Paruh Waktu", "PPPK", "PNS"]))
    assert out.astype(str).tolist() == ["PPPK Paruh Waktu IX", "PPPK IX", "PNS III"]
    assert list(out.cat.categories).index("PPPK Paruh Waktu I") > list(
        out.cat.categories).index("PPPK XVII")


def test_opd_profile_counts_pppk_and_paruh_waktu_separately():
    roster = pd.concat([_roster(), _roster(with_position=False).assign(
        pid=[f"b{i}" for i in range(9)], opd="B")], ignore_index=True)
    out = needs.opd_profile(roster, pd.DataFrame({"pid": []}), k=1)
    assert out.loc["A", ["jumlah_asn", "pppk", "pppk_paruh_waktu"]].tolist() == [9, 2, 2]
    assert out.loc["B", ["jumlah_asn", "pppk", "pppk_paruh_waktu"]].tolist() == [9, 2, 2]
    hidden = needs.opd_profile(roster, pd.DataFrame({"pid": []}))   # k = 5: 2 is hidden
    assert hidden["pppk_paruh_waktu"].isna().all() and hidden["jumlah_asn"].tolist() == [9, 9]
