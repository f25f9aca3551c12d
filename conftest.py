"""Root pytest configuration: keep every test run out of the repository tree.

Notebook tests (nbval) start kernels that inherit this process's environment, so the data
roots are redirected here, before any kernel starts, unless the caller already set them.
"""

import os
import tempfile


def pytest_configure(config):
    scratch = tempfile.mkdtemp(prefix="kompetensi-test-")
    os.environ.setdefault("KOMPETENSI_PROCESSED_DIR", os.path.join(scratch, "processed"))
    os.environ.setdefault("KOMPETENSI_REPORTS_DIR", os.path.join(scratch, "reports"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say loudly when the headless-browser test (tests/pipeline/test_browser.py) did not run.

    It is skipped where Chromium is missing, which a passing ``make test`` would otherwise
    hide in the short summary; with ``KOMPETENSI_REQUIRE_BROWSER=1`` it fails instead.
    """
    lines = []
    for outcome, label in (("skipped", "DILEWATI"), ("failed", "GAGAL")):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if not nodeid.split("::")[0].endswith("test_browser.py"):
                continue
            if outcome == "skipped" and isinstance(report.longrepr, tuple):
                reason = str(report.longrepr[2]).removeprefix("Skipped: ")
            elif outcome == "failed" and str(report.longrepr).strip().startswith(
                    "KOMPETENSI_REQUIRE_BROWSER=1"):  # the test's own pytest.fail, not a finding
                reason = str(report.longrepr).strip().splitlines()[-1]
            else:
                continue
            lines.append(f"UJI PERAMBAN {label}: {reason}")
    if lines:
        terminalreporter.section("uji peramban (headless Chromium)", sep="!", bold=True,
                                 yellow=True)
        for line in dict.fromkeys(lines):
            terminalreporter.write_line(line, bold=True, yellow=True)
