"""The whole bundled sample: every raw row is accounted for, and every planted fault is caught
exactly as `data/raw/contoh/kebenaran.json` records it (no more, no less)."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from kompetensi import io, processing
from kompetensi.core import config

SAMPLE = config.PROJECT_ROOT / "data" / "raw" / "contoh"
ROSTER_CHECKED = {"pelatihan", "asesmen", "tes"}  # see docs/asumsi.md A-ROS-1


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLE / "kebenaran.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cleaned() -> dict[int, dict]:
    return {siklus: processing.clean_cycle("contoh", siklus)
            for siklus in processing.available_cycles("contoh")}


def test_cycles_and_tables(cleaned):
    assert sorted(cleaned) == [2023, 2024, 2025]
    assert set(cleaned[2025]["tables"]) == set(io.RAW_TABLES)


def test_every_raw_row_is_kept_rejected_or_a_counted_duplicate(cleaned, truth):
    for siklus, result in cleaned.items():
        for row in result["kualitas"].itertuples():
            rel = f"{siklus}/{row.file}"  # a table in several files: "a.csv, b.xlsx"
            files = [f"{siklus}/{f}" for f in row.file.split(", ")]
            assert row.baris_masuk == sum(truth["files"][f]["rows"] for f in files), rel
            assert row.baris_masuk == row.disimpan + row.ditolak + row.duplikat, rel
            kept = result["tables"][row.tabel]
            if row.tabel.startswith("survei"):
                assert kept.responden.nunique() == row.disimpan, rel
            else:
                assert len(kept) == row.disimpan, rel


def _expected_rejects(table: str, rel: str, truth: dict) -> Counter:
    faults = truth["faults"].get(rel, {})
    knock_on = truth["truths"]["roster_nip_lost_knock_on"]["rows_not_matched_in_other_files"]
    expected = Counter({
        "nip_format_ilmiah": faults.get("nip_float_xlsx", 0) + faults.get("nip_float_csv", 0),
        "predikat": faults.get("predikat_tidak_dikenal", 0),
        "penilaian_ahp": faults.get("penilaian_kosong", 0),
        "jawaban_kosong": faults.get("skm_jawaban_kosong_semua", 0),
    })
    if table in ROSTER_CHECKED:
        expected["tidak_di_daftar_pegawai"] = (faults.get("tidak_di_roster", 0)
                                               + knock_on.get(rel, 0))
    out_of_range = faults.get("skor_di_luar_rentang", 0)
    expected["level" if table == "asesmen" else "skor_di_luar_rentang"] = out_of_range
    return +expected  # drop zero counts


def test_rejects_match_the_planted_faults_exactly(cleaned, truth):
    for siklus, result in cleaned.items():
        rejects = result["rejects"]
        for row in result["kualitas"].itertuples():
            duplicates = 0
            for name in row.file.split(", "):  # each file of a table in several files
                rel = f"{siklus}/{name}"
                mine = rejects[(rejects.file == name) & (rejects.cakupan == "baris")]
                assert Counter(mine.alasan) == _expected_rejects(row.tabel, rel, truth), rel
                duplicates += truth["faults"].get(rel, {}).get("baris_duplikat") or 0
                cells = rejects[(rejects.file == name) & (rejects.cakupan == "sel")]
                planted = truth["faults"].get(rel, {}).get("likert_tidak_dikenal", 0)
                assert len(cells) == planted and set(cells.alasan) <= {"likert"}, rel
            assert row.duplikat == duplicates, row.file


def test_roster_size_and_composition_2025(cleaned, truth):
    pegawai = cleaned[2025]["tables"]["pegawai"]
    counts = pegawai.status_asn.value_counts()
    lost = truth["truths"]["roster_nip_lost_knock_on"]["lost_roster_nips_per_cycle"]["2025"]
    paruh_waktu = truth["truths"]["paruh_waktu"]["total"]  # PPPK until read as their own status
    assert counts.sum() == 3648 + paruh_waktu - lost
    assert counts["PNS"] == pytest.approx(2905, abs=lost)
    assert counts["PPPK"] + counts.get("PPPK Paruh Waktu", 0) == pytest.approx(
        743 + paruh_waktu, abs=lost)
    assert counts.get("PPPK Paruh Waktu", paruh_waktu) == paruh_waktu
    assert set(pegawai.kecamatan.dropna()) == set(
        pd.read_csv(config.PROJECT_ROOT / "kompetensi/reference/kecamatan.csv").kecamatan)
    assert pegawai.opd.nunique() >= 30  # every misspelling and abbreviation resolved


def test_people_are_followed_across_cycles(cleaned):
    pids = {s: set(r["tables"]["pegawai"].pid) for s, r in cleaned.items()}
    stayed = pids[2024] & pids[2025]
    assert 0.85 * len(pids[2024]) < len(stayed) < len(pids[2024])  # turnover, but few


def test_survey_programmes_match_training_codes(cleaned):
    tables = cleaned[2025]["tables"]
    codes = set(tables["pelatihan"].program) - {""}
    for name in ("survei_reaksi", "survei_perilaku", "tes"):
        assert set(tables[name].program) <= codes, name
