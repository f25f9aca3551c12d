"""``kompetensi check``: what the person preparing the raw data must fix, nothing written."""

from __future__ import annotations

from dataclasses import dataclass

from kompetensi.core.errors import DataError
from kompetensi.processing.build import available_cycles, clean_cycle


@dataclass(frozen=True)
class CheckReport:
    """Problems found by :func:`check_raw`: fatal errors and rejected rows per file."""

    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [f"GALAT    {e}" for e in self.errors] + [f"PERINGATAN {w}" for w in self.warnings]
        verdict = "siap diolah" if self.ok else "belum dapat diolah"
        return [*out, f"{len(self.errors)} galat, {len(self.warnings)} peringatan: data {verdict}."]


def check_raw(dataset: str, siklus: list[int] | None = None, examples: int = 5) -> CheckReport:
    """Validate raw files without writing anything: what the person preparing data must fix.

    Fatal problems (unreadable file, missing required column, wrong sheet) are errors; rows
    that would be rejected are warnings, listed per file and reason with example row numbers.
    """
    errors, warnings = [], []
    for cycle in siklus or available_cycles(dataset):
        try:
            result = clean_cycle(dataset, cycle)
        except DataError as exc:
            errors.append(f"{dataset}/{cycle}: {exc}")
            continue
        rejects = result["rejects"]
        for (file, reason), group in rejects.groupby(["file", "alasan"], sort=True):
            rows = ", ".join(map(str, group.baris.head(examples)))
            more = " …" if len(group) > examples else ""
            warnings.append(f"{dataset}/{cycle}/{file}: {len(group)} × {reason} "
                            f"({group.pesan.iloc[0]}); baris {rows}{more}")
    return CheckReport(tuple(errors), tuple(warnings))
