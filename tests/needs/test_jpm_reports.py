"""JPM as assessment-centre reports give it (issue 20, item 8; A-JPM-5 .. A-JPM-7)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from kompetensi.clean import clean_table
from kompetensi.io import canonical_columns, read_raw
from kompetensi.needs import job_person_match, jpm_category
from kompetensi.needs.gaps import jpm_bands

NIP_A = "".join(["19850312", "201001", "1", "003"])
NIP_B = "".join(["19900101", "201503", "2", "011"])


def test_report_of_jpm_percentages_is_read_capped_and_banded(tmp_path):
    path = tmp_path / "asesmen.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["NIP", "Nama", "JPM (%)", "Potensi"])
        writer.writerows([[NIP_A, "Uji A", "85,5 %", "Tinggi"], [NIP_B, "Uji B", "0,92", ""],
                          [NIP_A, "Uji A2", "104", ""], [NIP_B, "Uji B2", "12", ""]])
    raw = canonical_columns(read_raw(path, "asesmen"), "asesmen")
    out = clean_table("asesmen", raw, path.name, siklus=2025, key=b"kunci-uji")
    assert out.rejects["alasan"].tolist() == ["jpm"]  # 12 %: impossible for levels 1-5
    assert out.data["jpm"].tolist() == [85.5, 92.0, 100.0]
    assert out.data["kompetensi"].isna().all()


def test_levels_win_and_a_report_fills_people_without_levels():
    a = pd.DataFrame({"pid": ["x", "x", "y"], "kompetensi": ["A", "B", None],
                      "level_capaian": [3, 2, None], "level_standar": [3, 3, None],
                      "jpm": [None, None, 88.0]})
    out = job_person_match(a, bands="pusat_asesmen")
    assert out["jpm"].round(2).tolist() == [83.33, 88.0]
    assert out["sumber_jpm"].tolist() == ["level", "laporan"]
    assert out["kategori_jpm"].astype(str).tolist() == ["Cukup Optimal", "Cukup Optimal"]


@pytest.mark.parametrize(("jpm", "band"), [(90, "Optimal"), (89.99, "Cukup Optimal"),
                                          (78, "Cukup Optimal"), (77.9, "Kurang Optimal")])
def test_assessment_centre_bands(jpm, band):
    assert jpm_category([jpm], bands="pusat_asesmen").tolist() == [band]


def test_default_scheme_is_unchanged():
    assert jpm_bands()["kategori"].tolist() == ["Memenuhi Syarat", "Masih Memenuhi Syarat",
                                                "Kurang Memenuhi Syarat"]
    with pytest.raises(ValueError, match="skema JPM tidak dikenal"):
        jpm_bands("lain")
