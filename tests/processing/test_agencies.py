"""The tables of one agency (processing.restrict_to_opd), computed by hand on tiny tables."""

import pandas as pd
import pytest

from kompetensi.core.errors import DataError
from kompetensi.processing import agency_sizes, restrict_to_opd


def _cycles():
    # a: in X in 2024, moved to Y in 2025; c: joined X in 2025; b: always Y
    peg24 = pd.DataFrame({"pid": ["a", "b"], "opd": ["X", "Y"]})
    peg25 = pd.DataFrame({"pid": ["a", "b", "c"], "opd": ["Y", "Y", "X"]})
    lat24 = pd.DataFrame({"pid": ["a", "b"], "jp": [10.0, 20.0]})
    lat25 = pd.DataFrame({"pid": ["a", "b", "c", "c"], "jp": [1.0, 2.0, 3.0, 4.0]})
    surv = pd.DataFrame({"pid": ["c", None, "b"], "skor": [5, 4, 3]})
    skm = pd.DataFrame({"unit": ["u1", "u2", "u3"], "opd": ["X", "Y", "X"]})
    files = pd.DataFrame({"tabel": ["pegawai"], "baris_masuk": [3]})
    return {2024: {"pegawai": peg24, "pelatihan": lat24},
            2025: {"pegawai": peg25, "pelatihan": lat25, "survei_reaksi": surv, "skm": skm,
                   "kualitas": files}}


def test_each_cycle_keeps_its_own_staff_and_their_records():
    out = restrict_to_opd(_cycles(), "X")
    assert out[2024]["pegawai"]["pid"].tolist() == ["a"]  # X's staff of 2024
    assert out[2025]["pegawai"]["pid"].tolist() == ["c"]  # X's staff of 2025
    # records of everyone who was in X in any of the cycles (a and c), never b
    assert out[2024]["pelatihan"]["jp"].tolist() == [10.0]
    assert out[2025]["pelatihan"]["jp"].tolist() == [1.0, 3.0, 4.0]
    assert out[2025]["survei_reaksi"]["skor"].tolist() == [5]  # no pid: no agency
    assert out[2025]["skm"]["unit"].tolist() == ["u1", "u3"]
    assert out[2025]["kualitas"].equals(_cycles()[2025]["kualitas"])  # about the files
    assert list(out[2025]["pelatihan"].index) == [0, 1, 2]


def test_none_is_every_agency_and_an_unknown_agency_is_refused():
    cycles = _cycles()
    same = restrict_to_opd(cycles, None)
    assert all(same[s][t] is cycles[s][t] for s in cycles for t in cycles[s])
    with pytest.raises(DataError, match="OPD 'Z' tidak ada.*X, Y"):
        restrict_to_opd(cycles, "Z")


def test_agency_sizes_largest_first():
    sizes = agency_sizes(_cycles()[2025]["pegawai"])
    assert sizes.to_dict() == {"Y": 2, "X": 1}
