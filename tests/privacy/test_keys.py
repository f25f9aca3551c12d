"""The pseudonym key: weak keys refused, the key's fingerprint recorded, a changed key detected."""

from __future__ import annotations

import json
import shutil
import stat

import pandas as pd
import pytest

from kompetensi import cli, processing
from kompetensi.core import config
from kompetensi.core.errors import DataError
from kompetensi.privacy import keys

KEY_A = "kunci-uji-pertama-0123456789abcdef"
KEY_B = "kunci-uji-kedua-fedcba9876543210xyz"


@pytest.fixture
def real_dataset(mini_dataset, tmp_path, monkeypatch):
    """The mini dataset as real data (no SINTETIS marker, no key file) in cycles 2024, 2025."""
    dataset, siklus, folder = mini_dataset
    (tmp_path / "raw" / dataset / "SINTETIS").unlink()
    shutil.copytree(folder, folder.with_name("2024"))
    monkeypatch.setattr(config, "KEY_FILE", tmp_path / "belum-ada-kunci")
    return dataset, siklus, folder


def _recorded_key(dataset: str, siklus: int) -> str:
    record = json.loads((config.processed_dir(dataset, siklus) / processing.MANIFEST)
                        .read_text(encoding="utf-8"))
    return record["masukan"][processing.KEY_FIELD]


def _pids(dataset: str, siklus: int) -> set[str]:
    return set(pd.read_parquet(config.processed_dir(dataset, siklus) / "pegawai.parquet").pid)


@pytest.mark.parametrize(("key", "reason"), [
    ("abc", "terlalu pendek"),
    ("x" * 19, "terlalu pendek"),
    ("ab" * 15, "karakter berbeda"),
    (config.SAMPLE_PID_KEY, "kunci demo"),
])
def test_weak_or_public_keys_are_refused_for_real_data(real_dataset, monkeypatch, key, reason):
    dataset, siklus, _ = real_dataset
    monkeypatch.setenv("KOMPETENSI_PID_KEY", key)
    with pytest.raises(DataError, match=reason):
        processing.build_processed(dataset, siklus)
    assert not config.processed_dir(dataset, siklus).exists()


def test_key_file_readable_by_others_is_refused(real_dataset, tmp_path, monkeypatch):
    dataset, _, _ = real_dataset
    key_file = tmp_path / "kunci"
    key_file.write_text(KEY_A + "\n", encoding="utf-8")
    key_file.chmod(0o644)
    monkeypatch.setattr(config, "KEY_FILE", key_file)
    with pytest.raises(DataError, match="chmod 600"):
        keys.load_key(dataset)
    key_file.chmod(0o600)
    assert keys.load_key(dataset) == KEY_A.encode()


def test_weak_key_in_the_key_file_is_refused_and_named(real_dataset, tmp_path, monkeypatch):
    dataset, siklus, _ = real_dataset
    key_file = tmp_path / "kunci-lemah"
    key_file.write_text("rahasia\n", encoding="utf-8")
    key_file.chmod(0o600)
    monkeypatch.setattr(config, "KEY_FILE", key_file)
    with pytest.raises(DataError, match=f"{key_file}.*terlalu pendek"):
        keys.load_key(dataset)


def test_sample_key_serves_only_synthetic_data():
    assert keys.key_problem(config.SAMPLE_PID_KEY, synthetic=True) is None
    assert "demo" in keys.key_problem(config.SAMPLE_PID_KEY, synthetic=False)


def test_fingerprint_is_recorded_never_the_key(real_dataset, monkeypatch):
    dataset, siklus, _ = real_dataset
    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_A)
    built = processing.build_processed(dataset, siklus)
    assert _recorded_key(dataset, siklus) == keys.key_fingerprint(KEY_A)
    for path in built.folder.iterdir():
        assert KEY_A.encode() not in path.read_bytes(), path.name


def test_changed_key_rebuilds_every_cycle(real_dataset, monkeypatch):
    dataset, siklus, _ = real_dataset
    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_A)
    for cycle in (2024, 2025):
        processing.build_processed(dataset, cycle)
    before = _pids(dataset, 2024)
    assert before == _pids(dataset, 2025)  # same people, same key: same pids

    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_B)
    assert processing.build_processed(dataset, 2025).rebuilt
    # 2024 was rebuilt with the new key too, so the cycles link up again
    assert _recorded_key(dataset, 2024) == _recorded_key(dataset, 2025) == \
        keys.key_fingerprint(KEY_B)
    assert _pids(dataset, 2024) == _pids(dataset, 2025) and not before & _pids(dataset, 2024)
    assert not processing.build_processed(dataset, 2024).rebuilt


def test_changed_key_without_raw_data_stops_with_what_to_do(real_dataset, monkeypatch):
    dataset, siklus, folder = real_dataset
    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_A)
    for cycle in (2024, 2025):
        processing.build_processed(dataset, cycle)
    shutil.rmtree(folder.with_name("2024"))
    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_B)
    with pytest.raises(DataError, match=r"mini/2024 dibuat dengan kunci pseudonim lain"):
        processing.build_processed(dataset, 2025)
    assert _recorded_key(dataset, 2025) == keys.key_fingerprint(KEY_A)  # nothing replaced


def test_run_manifest_records_the_fingerprint(real_dataset, monkeypatch):
    from kompetensi.pipeline import manifest

    dataset, _, _ = real_dataset
    monkeypatch.setenv("KOMPETENSI_PID_KEY", KEY_A)
    assert manifest.key_fingerprint(dataset) == keys.key_fingerprint(KEY_A)
    monkeypatch.delenv("KOMPETENSI_PID_KEY")
    assert manifest.key_fingerprint(dataset) is None  # no key: recorded as missing


def test_kunci_baru_writes_a_private_strong_key_once(tmp_path, capsys):
    target = tmp_path / "kunci"
    assert cli.main(["kunci", "baru", "--file", str(target)]) == 0
    key = target.read_text(encoding="utf-8").strip()
    assert keys.key_problem(key) is None and len(key) >= 40
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    out = capsys.readouterr().out
    assert str(target) in out and keys.key_fingerprint(key) in out and key not in out
    assert cli.main(["kunci", "baru", "--file", str(target)]) == 1
    assert "tidak ditimpa" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").strip() == key


def test_new_keys_differ():
    assert len({keys.new_key() for _ in range(5)}) == 5
