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
