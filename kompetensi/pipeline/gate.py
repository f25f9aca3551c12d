"""The gates of a run: the readiness of the cycle's data before it (``readiness_gate``), and
the leak scan of the report folder (``privacy_scan``, :class:`LeakScan`), and what that hides."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
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


def prepare_processed(dataset: str, siklus: int) -> None:
    """Build (or find fresh) the processed data of every cycle through ``siklus``.

    Then every notebook finds them ready and ``01_*`` (which reports on them) can run beside
    the others. A cycle that cannot be built is left to the notebooks, which say why.
    """
    from kompetensi import processing
    from kompetensi.core.errors import DataError

    try:
        cycles = processing.cycles_through(dataset, siklus)
    except DataError:
        return
    for cycle in cycles:
        try:
            processing.build_processed(dataset, cycle)
        except DataError:
            continue


class LeakScan:
    """The leak scan of a report folder, done in a background thread while notebooks run.

    The raw identifiers are read first (:func:`raw_identifiers`); each finished notebook's
    files (``NN_*`` in the folder and its sub-folders, but its HTML page) are scanned as soon
    as :meth:`notebook_finished` is called. :meth:`finish` then scans every file not scanned
    yet or changed since (size or modification time), so the result is that of one scan of
    the whole folder at the end.
    """

    def __init__(self, dataset: str, report_dir: Path):
        self.report_dir = report_dir
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pindai")
        self._identifiers: Future = self._pool.submit(raw_identifiers, dataset)
        self._scanned: dict[Path, tuple[int, int]] = {}
        self._findings: set[PrivacyFinding] = set()
        self._error: str | None = None
        self._pending: list[Future] = []

    def notebook_finished(self, run: NotebookRun) -> None:
        """Scan the files of a finished notebook (in the background), but its page, which the
        run completes later (header bar, links: :mod:`kompetensi.report.site`)."""
        prefix = run.name.split("_", 1)[0] + "_"
        self._pending.append(self._pool.submit(
            self._scan, lambda p: p.name.startswith(prefix) and p.suffix != ".html"))

    def finish(self) -> tuple[tuple[PrivacyFinding, ...], str | None]:
        """Scan what is left; every finding of the folder, and why the scan could not run."""
        for future in self._pending:
            future.result()
        self._pool.submit(self._scan, lambda p: True).result()
        self._pool.shutdown()
        return tuple(sorted(self._findings, key=lambda f: (f.file, f.kind))), self._error

    def cancel(self) -> None:
        """Stop: the scans not started are dropped (the run was interrupted)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def identifiers(self) -> Any:
        return self._identifiers.result()

    def _scan(self, wanted: Any) -> None:
        files = []
        for path in sorted(self.report_dir.rglob("*")):
            if not path.is_file() or not wanted(path):
                continue
            stat = path.stat()  # before reading: a later change shows at the next check
            if self._scanned.get(path) != (stat.st_size, stat.st_mtime_ns):
                files.append(path)
                self._scanned[path] = (stat.st_size, stat.st_mtime_ns)
        if not files:
            return
        findings, error = privacy_scan(self.identifiers, files, self.report_dir)
        self._findings.update(findings)
        self._error = self._error or error
