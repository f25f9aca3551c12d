"""Project paths and defaults, derived from the project root.

Paths can be redirected with environment variables so that tests and alternative runs never
write into the repository tree:

``KOMPETENSI_RAW_DIR``, ``KOMPETENSI_PROCESSED_DIR``, ``KOMPETENSI_REPORTS_DIR``
    Roots of raw data, processed data and reports.
``KOMPETENSI_PID_KEY``
    Secret key of the NIP pseudonym (see :mod:`kompetensi.privacy.keys`).

The environment is read at call time, never cached at import.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RIGHTS_FILE = PROJECT_ROOT / "kompetensi" / "reference" / "hak_pengembangan.csv"


def _right_jp(status_asn: str) -> float:
    """JP of ``status_asn`` in the reference table ``hak_pengembangan`` (read with the csv
    module, so that importing config stays light; :mod:`kompetensi.core.rights` validates it)."""
    with RIGHTS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["status_asn"] == status_asn:
                return float(row["jp"])
    raise KeyError(f"hak_pengembangan.csv: status_asn {status_asn!r} tidak ada")


DEFAULT_DATASET = "contoh"
DEFAULT_SIKLUS = 2025
SAMPLE_DATASET = "contoh"  # the bundled synthetic sample; its reports carry a banner

# Defaults of the development right, from reference/hak_pengembangan.csv (docs/asumsi.md A-JP-6..9)
TARGET_JP_PNS = _right_jp("PNS")  # 20: PP 11/2017 Pasal 203(4) jo. PP 17/2020 (status C)
CEILING_JP_PPPK = _right_jp("PPPK")  # 24: PP 49/2018 Pasal 40(1), a ceiling, not a target (C)
CEILING_JP_PPPK_PARUH_WAKTU = _right_jp("PPPK Paruh Waktu")  # 24 as PPPK: assumption (U, A-JP-8)
SUPPRESSION_K = 5  # smallest published cell

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DOCS_DIR = PROJECT_ROOT / "docs"
KEY_FILE = PROJECT_ROOT / ".kompetensi_key"  # untracked; see keys.load_key

# Demo key of the synthetic sample only. It is public on purpose: the sample holds no real
# person. Real datasets need KOMPETENSI_PID_KEY or the untracked key file.
SAMPLE_PID_KEY = "contoh-kunci-demo-bukan-rahasia"


def _dir(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


def raw_root() -> Path:
    return _dir("KOMPETENSI_RAW_DIR", PROJECT_ROOT / "data" / "raw")


def processed_root() -> Path:
    return _dir("KOMPETENSI_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed")


def reports_root() -> Path:
    return _dir("KOMPETENSI_REPORTS_DIR", PROJECT_ROOT / "reports")


def raw_dir(dataset: str, siklus: int | str) -> Path:
    return raw_root() / dataset / str(siklus)


def reference_dir(dataset: str) -> Path:
    """A dataset's replacement reference tables: ``data/raw/<dataset>/referensi/``."""
    return raw_root() / dataset / "referensi"


def processed_dir(dataset: str, siklus: int | str) -> Path:
    return processed_root() / dataset / str(siklus)


STAGING_ENV = "KOMPETENSI_REPORT_STAGING"  # "<dataset>/<siklus>=<folder>", set by the runner
FORCED_ENV = "KOMPETENSI_PAKSA"  # what the readiness gate found, when a run was forced past it
TIMING_ENV = "KOMPETENSI_CATATAN_WAKTU"  # file the runner collects step timings in (not published)


def reports_dir(dataset: str, siklus: int | str) -> Path:
    """Report folder of a cycle; during ``kompetensi run``, the run's temporary folder.

    The runner writes a cycle's report into a temporary folder and moves it into place when
    the run ends (:func:`kompetensi.pipeline.runner.run`); it tells its kernels where that folder
    is through ``KOMPETENSI_REPORT_STAGING``. Other cycles' folders are the published ones.
    """
    cycle, _, staging = os.environ.get(STAGING_ENV, "").partition("=")
    if staging and cycle == f"{dataset}/{siklus}":
        return Path(staging)
    return reports_root() / dataset / str(siklus)


def is_synthetic(dataset: str) -> bool:
    """True for the bundled synthetic sample (and anything marked synthetic in its folder)."""
    return dataset == SAMPLE_DATASET or (raw_root() / dataset / "SINTETIS").exists()
