"""The service package's reference tables (``reference/skm_mutu.csv``, ``krejcie_morgan.csv``),
read through :func:`kompetensi.reference.load`, so a dataset's ``referensi/<name>.csv``
replaces them (A-SKM-19)."""

from __future__ import annotations

import pandas as pd

from kompetensi import reference


def table(name: str) -> pd.DataFrame:
    """Reference table ``name`` as strings (a fresh copy)."""
    return reference.load(name).copy()
