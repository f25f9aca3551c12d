"""Which cycles (year folders) a dataset has, the cycles an analysis of one cycle uses, and
the dataset's replacement reference tables."""

from __future__ import annotations

from pathlib import Path

from kompetensi import reference
from kompetensi.core import config
from kompetensi.core.errors import DataError


def reference_overrides(dataset: str) -> list[Path]:
    """The dataset's replacement reference tables (``data/raw/<dataset>/referensi/*.csv``),
    each checked (a known, replaceable table with the built-in columns; A-REF-1)."""
    try:
        return reference.override_files(config.reference_dir(dataset))
    except ValueError as exc:
        raise DataError(str(exc)) from exc


def available_cycles(dataset: str) -> list[int]:
    """Cycles (year folders) present under ``data/raw/<dataset>``."""
    root = config.raw_root() / dataset
    if not root.is_dir():
        raise DataError(f"dataset '{dataset}' tidak ada di {config.raw_root()}")
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit())


def cycles_through(dataset: str, siklus: int | str) -> list[int]:
    """The dataset's cycles up to and including ``siklus``, which must itself be present.

    An analysis of cycle ``siklus`` may use earlier cycles, but never in place of the
    requested one: without its raw data folder this raises, so no notebook publishes an
    earlier cycle's result under this cycle's name.

    Raises
    ------
    DataError
        When ``data/raw/<dataset>/<siklus>`` does not exist.
    """
    siklus = int(siklus)
    cycles = available_cycles(dataset)
    if siklus not in cycles:
        raise DataError(
            f"tidak ada data siklus {siklus} untuk dataset '{dataset}' (folder "
            f"{config.raw_dir(dataset, siklus)} tidak ada; siklus yang ada: "
            f"{', '.join(map(str, cycles)) or 'tidak ada'}); hasil siklus lain tidak dipakai "
            "sebagai gantinya")
    return [c for c in cycles if c <= siklus]
