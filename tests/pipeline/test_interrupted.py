"""Interrupted and concurrent runs leave nothing half-made (issue 17).

``kompetensi clean`` and ``kompetensi run`` are started as subprocesses on the bundled sample
(their own process group, as a terminal would) and interrupted after a random delay, with
SIGINT (Ctrl-C) or SIGKILL. After each interruption the published folders must be either the
previous complete ones or absent, never partial; the next run must finish and give complete
outputs. Two runs at the same time must not corrupt each other. Delays come from a seeded
generator, so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kompetensi.core import config

pytestmark = pytest.mark.slow
DATASET, SIKLUS = "contoh", 2025
SEED = 20261206


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPETENSI_")}
    env.update(KOMPETENSI_PROCESSED_DIR=str(tmp_path / "processed"),
               KOMPETENSI_REPORTS_DIR=str(tmp_path / "reports"))
    return env


def _start(args: list[str], tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kompetensi.cli", *args], cwd=tmp_path,
                            env=_environment(tmp_path), start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(args: list[str], tmp_path: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.monotonic()
    proc = _start(args, tmp_path)
    out, err = proc.communicate(timeout=600)
    return time.monotonic() - start, subprocess.CompletedProcess(args, proc.returncode, out, err)


def _interrupt(proc: subprocess.Popen, after: float, sig: signal.Signals) -> int:
    """Send ``sig`` to the process group after ``after`` seconds; the exit code."""
    time.sleep(after)
    try:
        os.killpg(proc.pid, sig)  # the whole group, as Ctrl-C in a terminal does
    except ProcessLookupError:
        pass
    try:
        proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    time.sleep(1.5)  # kernels of a killed runner notice their parent is gone and exit
    return proc.returncode


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _published_cycles(root: Path) -> dict[str, Path]:
    """Cycle folders a reader may open (hidden temporary folders and locks are never read)."""
    folder = root / DATASET
    return {p.name: p for p in sorted(folder.iterdir()) if not p.name.startswith(".")} \
        if folder.is_dir() else {}


def test_clean_interrupted_at_random_points(tmp_path):
    seconds, done = _finish(["clean", DATASET], tmp_path)
    assert done.returncode == 0, done.stderr
    processed = tmp_path / "processed"
    reference = {name: _files(folder) for name, folder in _published_cycles(processed).items()}
    assert sorted(reference) == ["2023", "2024", "2025"]

    rng, codes = random.Random(SEED), []
    for attempt, sig in enumerate([signal.SIGINT, signal.SIGKILL] * 3):
        codes.append(_interrupt(_start(["clean", DATASET, "--force"], tmp_path),
                                rng.uniform(0.2, seconds), sig))
        for name, folder in _published_cycles(processed).items():
            # complete (its input record present) and equal to a full build, or absent
            assert _files(folder) == reference[name], (attempt, sig, name)

    assert sum(code != 0 for code in codes) >= 3, codes  # most were cut short
    _, again = _finish(["clean", DATASET], tmp_path)
    assert again.returncode == 0, again.stderr
    assert {n: _files(f) for n, f in _published_cycles(processed).items()} == reference
    hidden = [p.name for p in (processed / DATASET).iterdir() if p.name.startswith(".")]
    assert all(name.endswith(".lock") for name in hidden), hidden  # no temporary folder left


def test_two_cleans_at_once_wait_for_each_other(tmp_path):
    first = _start(["clean", DATASET, "--force"], tmp_path)
    second = _start(["clean", DATASET, "--force"], tmp_path)
    for proc in (first, second):
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    for folder in _published_cycles(tmp_path / "processed").values():
        assert (folder / "_masukan.json").exists() and (folder / "pegawai.parquet").exists()


def _complete(folder: Path) -> bool:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    notebooks = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    return manifest["ok"] and all((folder / f"{name}.html").exists() for name in notebooks)


# the interruption of one cycle's run (the previous cycle's report is not made first; the
# complete report is not reused: every run executes the notebooks)
RUN = ["run", "--tanpa-pembanding", "--ulang", "--dataset", DATASET, "--siklus", str(SIKLUS)]


def test_run_interrupted_at_random_points(tmp_path):
    seconds, done = _finish(RUN, tmp_path)
    assert done.returncode == 0, done.stderr
    report = tmp_path / "reports" / DATASET / str(SIKLUS)
    before = _files(report)
    assert _complete(report)

    rng, codes = random.Random(SEED), []
    for attempt, sig in enumerate([signal.SIGINT, signal.SIGKILL]):
        proc = _start(RUN, tmp_path)
        if attempt == 0:  # meanwhile a second run of the same cycle is refused, harmlessly
            deadline = time.monotonic() + 60  # its temporary folder: it holds the lock
            while not list(report.parent.glob(f".{SIKLUS}-*")) and time.monotonic() < deadline:
                time.sleep(0.05)
            _, rival = _finish(RUN, tmp_path)
            assert rival.returncode == 1
            assert "sedang dibuat oleh proses `kompetensi run` lain" in rival.stderr
            assert "Traceback" not in rival.stderr
        codes.append(_interrupt(proc, rng.uniform(1.0, 0.8 * seconds), sig))
        if report.exists():
            now = _files(report)
            # the previous complete report, or (interrupted after the swap) the new complete one
            assert now == before or (_complete(report) and now.keys() == before.keys()), \
                (attempt, sig)

    assert all(code != 0 for code in codes), codes  # both were cut short
    _, again = _finish(RUN, tmp_path)
    assert again.returncode == 0, again.stderr
    assert _complete(report) and _files(report).keys() == before.keys()
    hidden = [p.name for p in report.parent.iterdir() if p.name.startswith(".")]
    assert all(name.endswith(".lock") for name in hidden), hidden
