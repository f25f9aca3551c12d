"""``kompetensi check``: whether each cycle's raw data can be analysed, nothing written.

The same gate (:mod:`kompetensi.processing.readiness`) stops ``kompetensi run``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kompetensi.core.errors import DataError
from kompetensi.processing.build import clean_cycle
from kompetensi.processing.cycles import available_cycles
from kompetensi.processing.readiness import Readiness, assess


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check_raw` found: per cycle a verdict, or the error that stopped it."""

    dataset: str
    cycles: tuple[Readiness, ...]
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and all(c.ready for c in self.cycles)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"{self.dataset}/{c.siklus}: {w}" for c in self.cycles for w in c.warnings)

    def lines(self) -> list[str]:
        out = [f"GALAT      {e}" for e in self.errors]
        for cycle in self.cycles:
            where = f"{self.dataset}/{cycle.siklus}"
            out.append(f"== {where}: {'siap diolah' if cycle.ready else 'BELUM SIAP'}")
            out += [f"   {line}" for line in cycle.summary]
            out += [f"GALAT      {where}: {b}" for b in cycle.blocking]
            out += [f"PERINGATAN {where}: {w}" for w in cycle.warnings]
        n_errors = len(self.errors) + sum(len(c.blocking) for c in self.cycles)
        verdict = "siap diolah" if self.ok else "belum siap: perbaiki GALAT di atas"
        return [*out, f"{n_errors} galat, {len(self.warnings)} peringatan: data {verdict}."]


def check_raw(dataset: str, siklus: Sequence[int] | None = None, *,
              max_rejected: float | None = None) -> CheckReport:
    """Clean each cycle in memory and judge it (:func:`kompetensi.processing.readiness.assess`).

    Parameters
    ----------
    dataset : str
        Folder under ``data/raw``.
    siklus : sequence of int, optional
        Cycles to check (default every year folder of the dataset). A cycle without its
        folder is an error.
    max_rejected : float, optional
        Largest share of a table's rows that may be rejected (default
        :data:`~kompetensi.processing.readiness.DEFAULT_MAX_REJECTED`, 0.02).

    Returns
    -------
    CheckReport
        ``ok`` only when every cycle could be read and none has a blocking problem.
    """
    verdicts, errors = [], []
    for cycle in siklus or available_cycles(dataset):
        try:
            facts = clean_cycle(dataset, cycle)["kesiapan"]
        except DataError as exc:
            errors.append(f"{dataset}/{cycle}: {exc}")
            continue
        verdicts.append(assess(facts, max_rejected=max_rejected))
    return CheckReport(dataset, tuple(verdicts), tuple(errors))
