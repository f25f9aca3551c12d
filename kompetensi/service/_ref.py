"""The service package's reference tables (``reference/skm_mutu.csv``, ``krejcie_morgan.csv``).

Read through :func:`kompetensi.reference.load` when the table is registered in
``kompetensi.reference.TABLES`` (so a dataset's ``referensi/<name>.csv`` replaces it); until the
package face lists it, the built-in CSV is read directly (no override possible).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from kompetensi import reference


def table(name: str) -> pd.DataFrame:
    """Reference table ``name`` as strings (a fresh copy)."""
    if name in reference.TABLES:
        return reference.load(name)
    with resources.files("kompetensi.reference").joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
