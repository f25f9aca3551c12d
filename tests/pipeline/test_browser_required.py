"""`make test` without Chromium: the browser test is skipped loudly, or fails when required.

The browser test runs in a child pytest with ``KOMPETENSI_CHROMIUM`` (or
``KOMPETENSI_CHROMEDRIVER``) pointing at no file (honoured by ``tests/pipeline/test_browser.py``),
so the program counts as missing whether or not it is installed here. Without it the test is
skipped before the cycle runs, so each child takes a few seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys

from kompetensi.core import config

TEST = "tests/pipeline/test_browser.py::test_pages_render_in_headless_chromium"
LOUD = ("UJI PERAMBAN DILEWATI: chromium tidak ditemukan — pasang paket Debian `chromium` "
        "(apt-get install chromium) untuk menjalankannya")


def _pytest_without_chromium(tmp_path, require: str | None,
                             variable: str = "KOMPETENSI_CHROMIUM") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env[variable] = str(tmp_path / "tidak-ada" / "program")
    env.pop("KOMPETENSI_REQUIRE_BROWSER", None)  # .ci/run sets it for the whole run
    env.pop("PYTEST_ADDOPTS", None)
    if require is not None:
        env["KOMPETENSI_REQUIRE_BROWSER"] = require
    return subprocess.run(
        [sys.executable, "-m", "pytest", TEST, "-p", "no:cacheprovider", "-q"],
        cwd=config.PROJECT_ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=300, check=False)


def test_missing_chromium_is_a_loud_skip(tmp_path):
    child = _pytest_without_chromium(tmp_path, None)
    assert child.returncode == 0, child.stdout + child.stderr
    assert LOUD in child.stdout, child.stdout
    assert "1 skipped" in child.stdout


def test_missing_chromium_fails_the_run_when_the_browser_is_required(tmp_path):
    child = _pytest_without_chromium(tmp_path, "1")
    assert child.returncode == 1, child.stdout + child.stderr
    assert "1 failed" in child.stdout
    assert ("UJI PERAMBAN GAGAL: KOMPETENSI_REQUIRE_BROWSER=1 tetapi chromium tidak "
            "ditemukan") in child.stdout, child.stdout
    assert LOUD not in child.stdout  # not reported as a skip


def test_missing_chromedriver_fails_the_run_when_the_browser_is_required(tmp_path):
    child = _pytest_without_chromium(tmp_path, "1", "KOMPETENSI_CHROMEDRIVER")
    assert child.returncode == 1, child.stdout + child.stderr
    assert "1 failed" in child.stdout
    assert ("UJI PERAMBAN GAGAL: KOMPETENSI_REQUIRE_BROWSER=1 tetapi chromedriver tidak "
            "ditemukan — pasang paket Debian `chromium-driver`") in child.stdout or (
        "tetapi chromium tidak ditemukan" in child.stdout), child.stdout  # no chromium either
