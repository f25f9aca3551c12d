"""The gates of a run: the readiness of the cycle's data before it (``readiness_gate``), and
the leak scan of the report folder after it (``privacy_scan``), and what that hides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kompetensi.core.errors import KompetensiError
from kompetensi.pipeline.execution import one_line
from kompetensi.pipeline.runs import (
    CellError,
    NotebookRun,
    PrivacyFinding,
)


def privacy_scan(identifiers: Any, paths: Sequence[Path], report_dir: Path
                  ) -> tuple[tuple[PrivacyFinding, ...], str | None]:
    """Run :func:`kompetensi.privacy.scan.scan_for_leaks` over ``paths`` of the report folder.

    The scan is a gate: when it cannot run (``identifiers`` is the reason they could not be
    read, a text), the run fails with the reason.
    """
    if isinstance(identifiers, str):
        return (), identifiers
    try:
        from kompetensi.privacy import scan

        found = scan.scan_for_leaks(list(paths), identifiers)
    except Exception as exc:  # any reason the gate cannot run fails the run
        return (), f"{type(exc).__name__}: {one_line(str(exc))}"
    findings = {summarize_finding(item, report_dir) for item in found}
    return tuple(sorted(findings, key=lambda f: (f.file, f.kind))), None


def raw_identifiers(dataset: str) -> Any:
    """NIPs, names and birth dates of the raw data (for the scan), or why they are unknown."""
    try:
        from kompetensi.processing import identifiers

        return identifiers.raw_identifiers(dataset)
    except Exception as exc:  # the gate cannot run: the run fails with the reason
        return f"{type(exc).__name__}: {one_line(str(exc))}"


def summarize_finding(item: Any, report_dir: Path) -> PrivacyFinding:
    """File and kind of a :class:`kompetensi.privacy.scan.Finding`, never the leaked value."""
    path = Path(item.path)
    file = path.relative_to(report_dir).as_posix() if path.is_relative_to(report_dir) \
        else path.name
    return PrivacyFinding(file, str(item.kind))


def redact_leaking_errors(runs: list[NotebookRun], findings: Sequence[PrivacyFinding],
                           everything: bool = False) -> list[NotebookRun]:
    """Hide error messages of notebooks whose files leak: the message may hold the value.

    With ``everything``, hide every error message (the run's summaries themselves leaked).
    """
    leaking = {f.file for f in findings}
    out = []
    for r in runs:
        names = {Path(p).name for p in (r.ipynb, r.html) if p is not None}
        if r.error and (everything or names & leaking):
            hidden = "(pesan disembunyikan: berkas notebook ini memuat temuan data pribadi)"
            r = NotebookRun(r.name, r.status, r.duration, r.ipynb, r.html,
                            CellError(r.error.cell_index, r.error.execution_count,
                                      r.error.ename, hidden))
        out.append(r)
    return out


def readiness_gate(dataset: str, siklus: int, *, force: bool, max_rejected: float | None):
    """The readiness gate (:func:`kompetensi.processing.cycle_readiness`) before a run.

    Raises
    ------
    KompetensiError
        When the cycle is not ready and the run is not forced, with every finding and what
        to do; nothing is published.
    """
    from kompetensi import processing

    verdict = processing.cycle_readiness(dataset, siklus, max_rejected=max_rejected)
    if verdict.blocking and not force:
        found = "\n".join(f"  - {line}" for line in verdict.blocking)
        raise KompetensiError(
            f"data {dataset}/{siklus} belum siap diolah; laporan tidak dibuat:\n{found}\n"
            f"Perbaiki file mentahnya (rincian: `kompetensi check {dataset} --siklus {siklus}`)"
            ", atau jalankan dengan --paksa: temuan ini lalu dicatat di manifest.json dan "
            "tampil di setiap halaman laporan.")
    return verdict


def gate_record(verdict, force: bool) -> dict[str, Any]:
    """The gate's verdict as recorded in ``manifest.json`` (``gerbang``)."""
    return {"siap": verdict.ready, "dipaksa": bool(force and verdict.blocking),
            "batas_tolak": verdict.max_rejected, "masalah": list(verdict.blocking),
            "peringatan": list(verdict.warnings)}
