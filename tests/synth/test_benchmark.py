"""The national benchmark at a small size: correctness only, no timing asserts.

``make benchmark`` runs the same code at 10^4, 10^6 and 4.3 x 10^6 ASN; here 3,000 ASN go
through the same stages (generation, bare pyarrow read, cleaning + indicators, each in its
own process) so that the benchmark cannot silently break or measure the wrong thing.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import national

N_ASN = 3_000


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return national.measure(N_ASN, tmp_path_factory.mktemp("bench"), seed=7, parquet=True)


def _steps(result: dict, stage: str) -> dict[str, dict]:
    return {s["langkah"]: s for s in result[stage]["langkah"]}


def test_read_and_cleaning_see_the_same_rows_of_every_file(result):
    read, work = _steps(result, "baca"), _steps(result, "olah")
    files = result["data"]["berkas"]
    for table in ("pegawai", "pelatihan", "kinerja", "disiplin"):
        generated = files[f"2025/{table}.csv"]["rows"]
        assert read[f"baca {table}"]["baris"] == generated
        cleaned = work[f"bersihkan {table}"]
        assert cleaned["baris"] == generated
        assert cleaned["disimpan"] + cleaned["ditolak"] + cleaned["duplikat"] == generated


def test_rejections_are_exactly_the_planted_faults(result):
    work, files = _steps(result, "olah"), result["data"]["berkas"]
    planted = files["2025/pegawai.csv"]["faults"]
    assert work["bersihkan pegawai"]["alasan"] == (
        {"nip_format_ilmiah": planted["nip_float"]} if planted.get("nip_float") else {})
    reasons = work["bersihkan pelatihan"]["alasan"]
    planted = files["2025/pelatihan.csv"]["faults"]
    assert reasons.get("nip_format_ilmiah", 0) == planted.get("nip_float", 0)
    # NIPs not on the roster: the planted ones plus the activities of people whose roster
    # NIP was mangled by Excel (their own records then name nobody on the roster)
    assert reasons.get("tidak_di_daftar_pegawai", 0) >= planted.get("tidak_di_roster", 0)
    assert set(reasons) <= {"nip_format_ilmiah", "tidak_di_daftar_pegawai"}
    assert work["bersihkan kinerja"]["ditolak"] == 0


def test_indicators_cover_the_roster(result):
    hasil, work = result["olah"]["hasil"], _steps(result, "olah")
    assert hasil["n_asn"] == work["bersihkan pegawai"]["disimpan"]
    assert hasil["n_kegiatan"] == work["bersihkan pelatihan"]["disimpan"]
    assert work["jp_per_asn"]["baris"] == hasil["n_kegiatan"]
    assert work["ip_asn"]["baris"] == hasil["n_asn"]
    assert 0 < hasil["persen_pns_capai_20jp"] < 100
    assert 0 < hasil["ip_asn_rata_rata"] < 100
    assert 1 < hasil["n_opd_dengan_pns"] <= 550


def test_ratio_memory_and_parquet_are_reported(result):
    assert result["rasio"] == pytest.approx(result["detik_olah"] / result["detik_baca"])
    assert result["detik_baca"] < national.JUDGED_READ_SECONDS
    assert result["memenuhi_rasio"] is None  # fixed costs decide a ratio this small: not judged
    counted = [s for s in result["olah"]["langkah"] if s.get("dihitung", True)]
    assert result["detik_olah"] == pytest.approx(sum(s["detik"] for s in counted))
    assert "bersihkan semua (jam dinding)" in {s["langkah"] for s in counted}
    assert not {"bersihkan pelatihan", "tulis parquet pelatihan"} & {
        s["langkah"] for s in counted}  # overlapping threads, and Parquet: not counted
    assert result["olah"]["puncak_mb"] > 0 and result["baca"]["puncak_mb"] > 0
    assert {"tulis parquet pegawai", "tulis parquet pelatihan"} <= set(_steps(result, "olah"))


def test_one_command_prints_the_tables_and_reuses_the_data(tmp_path, capsys):
    national.main(["--asn", "1000", "--dir", str(tmp_path), "--seed", "3"])
    first = (tmp_path / "asn_1000" / "selesai.json").read_text()
    national.main(["--asn", "1000", "--dir", str(tmp_path), "--seed", "3"])
    assert (tmp_path / "asn_1000" / "selesai.json").read_text() == first  # not regenerated
    out = capsys.readouterr().out
    assert "| bersihkan pelatihan |" in out and "| baca pelatihan |" in out
    assert "| ASN | kegiatan |" in out
    saved = sorted(tmp_path.glob("hasil-*.json"))
    assert saved and json.loads(saved[-1].read_text())[0]["n_asn"] == 1000
