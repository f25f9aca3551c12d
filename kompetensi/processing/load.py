"""The reader of ``data/processed``: a cycle's tables, rebuilt first when missing or stale."""

from __future__ import annotations

import json

import pandas as pd

from kompetensi import reference
from kompetensi.core import config, locks
from kompetensi.core.errors import DataError


def load_processed(dataset: str, siklus: int | str, table: str | None = None,
                   rebuild: bool = True):
    """Processed tables of a cycle, rebuilt first when missing or out of date.

    Read while holding the cycle's lock (:mod:`kompetensi.core.locks`), so never while another
    process replaces the folder.

    Parameters
    ----------
    dataset, siklus
        Which data.
    table
        One table name, or None for a dict of all tables.
    rebuild
        Rebuild from ``data/raw`` when the processed data are missing or their inputs
        (raw file hashes, library version) changed.

    From this call on, the process uses the dataset's replacement reference tables
    (``data/raw/<dataset>/referensi/``, :func:`kompetensi.reference.use_overrides`): a
    notebook analyses one dataset.
    """
    from kompetensi import processing
    from kompetensi.processing.cycles import reference_overrides

    # the analysis of this dataset uses its replacement reference tables too (A-REF-1)
    reference_overrides(dataset)
    reference.use_overrides(config.reference_dir(dataset))
    if rebuild:
        processing.build_processed(dataset, siklus)
    folder = config.processed_dir(dataset, siklus)
    with locks.hold(folder, wait=locks.PROCESSED_WAIT, busy=(
            f"data olahan {dataset}/{siklus} sedang dibangun proses lain; ulangi nanti")):
        if table is not None:
            path = folder / f"{table}.parquet"
            if not path.exists():
                raise DataError(f"tabel olahan '{table}' tidak ada untuk {dataset}/{siklus}")
            return pd.read_parquet(path)
        return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


def readiness_facts(dataset: str, siklus: int | str) -> dict:
    """The gate's facts of a cycle (:func:`kompetensi.processing.readiness.cycle_facts`),
    stored with its processed data (built first when missing or out of date).

    Raises
    ------
    DataError
        A raw file cannot be used (the build fails) or the cycle has no raw data.
    """
    from kompetensi import processing

    processing.build_processed(dataset, siklus)
    folder = config.processed_dir(dataset, siklus)
    with locks.hold(folder, wait=locks.PROCESSED_WAIT, busy=(
            f"data olahan {dataset}/{siklus} sedang dibangun proses lain; ulangi nanti")):
        return json.loads((folder / processing.READINESS).read_text(encoding="utf-8"))


def cycle_readiness(dataset: str, siklus: int | str, *, max_rejected: float | None = None):
    """The gate's verdict on a cycle (:func:`kompetensi.processing.readiness.assess`) from
    :func:`readiness_facts`."""
    from kompetensi import processing

    return processing.assess(readiness_facts(dataset, siklus), max_rejected=max_rejected)
