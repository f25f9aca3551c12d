"""Run the notebooks of one evaluation cycle and publish its report folder.

:func:`run` executes ``notebooks/NN_*.ipynb`` with papermill, parameters ``dataset`` (str) and
``siklus`` (int). The processed data of every cycle are built first (in this process), then
every notebook but ``07_*`` runs in parallel, at most ``jobs`` at a time, and ``07_*`` last (it
summarises the others). A failed notebook does not stop the others; the run is then failed.
An unchanged cycle is not run again (:mod:`kompetensi.pipeline.reuse`).

Each notebook runs in a worker process of a ``spawn`` process pool, in its own kernel started
from the running interpreter (``sys.executable``), whatever ``python3`` kernelspec is installed
elsewhere. Processes, not threads: papermill changes the process-wide working directory while
it executes (nteract/papermill#473).

Into ``<reports root>/<dataset>/<siklus>/`` go the executed ``NN_name.ipynb`` (also when it
failed part-way), ``NN_name.html`` for reviewers (:mod:`kompetensi.report.render`), ``manifest.json``
(:mod:`kompetensi.pipeline.manifest`) and ``index.html``. The folder is scanned for personal
data, each notebook's files as soon as it is done (:class:`kompetensi.pipeline.gate.LeakScan`);
any finding fails the run.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from kompetensi.core import config, formats, locks, timing
from kompetensi.core.errors import KompetensiError
from kompetensi.pipeline import execution, manifest, reuse
from kompetensi.pipeline.execution import Progress, one_line
from kompetensi.pipeline.gate import (
    LeakScan,
    gate_record,
    prepare_processed,
    privacy_scan,
    readiness_gate,
    redact_leaking_errors,
)
from kompetensi.pipeline.previous import previous_report
from kompetensi.pipeline.runs import (
    NotebookRun,
    PrivacyFinding,
    RunResult,
)
from kompetensi.pipeline.stages import execute_stages, expected_seconds, longest_first
from kompetensi.report import headlines, render, site

PATH_ENV = ("KOMPETENSI_RAW_DIR", "KOMPETENSI_PROCESSED_DIR", "KOMPETENSI_REPORTS_DIR")
_NOTEBOOK = re.compile(r"^(\d{2})_[^.][^/]*\.ipynb$")
_GENERATED_DIRS = ("tabel", "gambar", "hasil")
_GENERATED_FILES = ("index.html", "manifest.json", "tabel.xlsx", "ringkasan_eksekutif.html",
                    "sumber.html")


def discover_notebooks(notebooks_dir: Path | None = None,
                       only: Sequence[str] | None = None) -> list[Path]:
    """The ``NN_*.ipynb`` notebooks of the folder, sorted; ``only`` keeps some by number or stem.

    Raises
    ------
    KompetensiError
        When the folder has no notebook, or a requested notebook does not exist.
    """
    folder = Path(notebooks_dir) if notebooks_dir is not None else config.NOTEBOOKS_DIR
    found = sorted(p for p in folder.glob("*.ipynb") if _NOTEBOOK.match(p.name)) \
        if folder.is_dir() else []
    if not found:
        raise KompetensiError(f"Tidak ada notebook NN_*.ipynb di {folder}")
    if not only:
        return found
    wanted = {_selector(item) for item in only}
    missing = sorted(w for w in wanted if not any(w in (p.name[:2], p.stem) for p in found))
    if missing:
        raise KompetensiError(f"Notebook tidak ditemukan di {folder}: {', '.join(missing)} "
                              f"(tersedia: {', '.join(p.name[:2] for p in found)})")
    return [p for p in found if p.name[:2] in wanted or p.stem in wanted]


def _selector(item: str) -> str:
    item = str(item).strip().removesuffix(".ipynb")
    return item.zfill(2) if item.isdigit() else item


def plan_stages(notebooks: Sequence[Path]) -> list[list[Path]]:
    """Every notebook but ``07_*`` (``01_*`` first; run in parallel, the longest first:
    :func:`kompetensi.pipeline.stages.longest_first`), then ``07_*``, which summarises the
    others; empty stages dropped.

    ``01_*`` reports on the processed data; the run builds them before the notebooks start
    (:func:`kompetensi.pipeline.gate.prepare_processed`), so it need not run alone first.
    """
    last = [p for p in notebooks if p.name.startswith("07_")]
    first = [p for p in notebooks if p.name.startswith("01_")]
    others = [p for p in notebooks if p not in first and p not in last]
    return [stage for stage in (first + others, last) if stage]


def run(dataset: str = config.DEFAULT_DATASET, siklus: int = config.DEFAULT_SIKLUS,
        jobs: int = 2, reports_dir: Path | None = None, timeout: int | None = 900,
        only: Sequence[str] | None = None, notebooks_dir: Path | None = None,
        stream: TextIO | None = None, force: bool = False,
        max_rejected: float | None = None, previous: bool = False,
        rerun: bool = False) -> RunResult:
    """Run the cycle's notebooks, render them, scan for leaks, write ``index.html``/manifest.

    Parameters
    ----------
    dataset, siklus
        Passed to every notebook as its ``dataset`` (str) and ``siklus`` (int) parameters.
    jobs
        Notebooks run at the same time (between ``01`` and ``07``).
    reports_dir
        Root of the reports (default ``config.reports_root()``); the report folder is
        ``<root>/<dataset>/<siklus>``. Kernels see it as ``KOMPETENSI_REPORTS_DIR``.
    timeout
        Seconds a single cell may run (None: no limit).
    only
        Notebook numbers (``"03"``) or stems to run; the others are left as they are.
        Without it, earlier outputs of the report folder are removed first.
    notebooks_dir
        Folder of the notebooks (default ``config.NOTEBOOKS_DIR``).
    stream
        Where progress is written (default ``sys.stderr``).
    force
        Run even when the readiness gate says the cycle is not ready (``--paksa``): what it
        found is recorded in ``manifest.json`` (``gerbang``) and shown on every page.
    max_rejected
        The gate's largest rejected share of a table's rows (default 0.02).
    previous
        Make the previous cycle's report first when it is missing and that cycle has raw
        data (``kompetensi run`` does, unless ``--tanpa-pembanding``): its results are what
        notebook 07 and the executive summary compare with. A previous cycle that cannot be
        made (not ready, or a notebook failed) is said and the run goes on without it.
    rerun
        Run even when the published report can be reused (``--ulang``). Without it, a full
        run whose content key (:mod:`kompetensi.pipeline.reuse`: inputs, notebooks, library,
        versions, parameters) equals the published report's, with every published file as
        written, executes nothing and returns that report.

    Returns
    -------
    RunResult

    Raises
    ------
    KompetensiError
        Before anything is published: the cycle's raw data are not ready (the gate's
        findings, unless ``force``), or cannot be read.
    """
    if jobs < 1:
        raise KompetensiError(f"jobs harus paling sedikit 1, bukan {jobs}")
    siklus = int(siklus)
    out = stream if stream is not None else sys.stderr
    notebooks = discover_notebooks(notebooks_dir, only)
    clock, steps = time.perf_counter(), {}
    with timing.timed(steps, "gerbang"):
        verdict = readiness_gate(dataset, siklus, force=force, max_rejected=max_rejected)
    if previous and not only:
        with timing.timed(steps, "pembanding"):
            previous_report(run, dataset, siklus, jobs=jobs, reports_dir=reports_dir,
                            timeout=timeout, notebooks_dir=notebooks_dir, stream=out,
                            max_rejected=max_rejected)
    with kernel_environment(reports_dir) as env:
        if verdict.blocking:
            env[config.FORCED_ENV] = "; ".join(verdict.blocking)
        report_dir = config.reports_dir(dataset, siklus)
        with locks.hold(report_dir, wait=0, busy=(
                f"laporan {dataset}/{siklus} sedang dibuat oleh proses `kompetensi run` lain "
                f"(kunci {locks.lock_path(report_dir)}); tunggu sampai selesai, lalu ulangi")):
            with timing.timed(steps, "kunci_isi"):
                key = None if only else reuse.content_key(dataset, siklus, notebooks, {
                    "gerbang": gate_record(verdict, force), "batas_tolak": max_rejected,
                    "kunci": manifest.key_fingerprint(dataset)})
            if key is not None:
                reused = _reuse(report_dir, key, rerun, out)
                if reused is not None:
                    return reused
            expected = expected_seconds(notebooks, report_dir)  # before staging clears it
            staging = _staging_folder(report_dir, partial=bool(only))
            try:
                progress = Progress(out, time.monotonic())
                progress.line(f"kompetensi run: dataset {dataset}, siklus {siklus}, "
                              f"{len(notebooks)} notebook, paralel {jobs} → {report_dir}")
                env[config.STAGING_ENV] = f"{dataset}/{siklus}={staging}"
                # outside the report folders: a killed run leaves it in the system's temp
                handle, name = tempfile.mkstemp(prefix="kompetensi-waktu-", suffix=".tsv")
                os.close(handle)
                timing_file = Path(name)
                env[config.TIMING_ENV] = str(timing_file)
                common = {"env": {**env, **execution.thread_limits(jobs)},
                          "cwd": str(notebooks[0].parent.resolve()),
                          "parameters": {"dataset": str(dataset), "siklus": siklus},
                          "timeout": timeout, "executable": sys.executable,
                          "project_root": str(config.PROJECT_ROOT),
                          "report_dir": str(staging)}
                ok, runs, findings, scan_error = _publish(
                    staging, notebooks, dataset, siklus, jobs, timeout, only, common, progress,
                    gate_record(verdict, force), {"kunci_isi": key, "waktu": steps,
                                                  "mulai": clock, "berkas": timing_file,
                                                  "perkiraan": expected})
                locks.replace_folder(staging, report_dir)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            finally:
                Path(env.pop(config.TIMING_ENV, staging / "-")).unlink(missing_ok=True)
    result = RunResult(ok, report_dir, tuple(_moved(r, report_dir) for r in runs), findings,
                       scan_error)
    progress.summary(result)
    return result


def _publish(report_dir: Path, notebooks: list[Path], dataset: str, siklus: int, jobs: int,
             timeout: int | None, only: Sequence[str] | None, common: dict[str, Any],
             progress: Progress, gate: dict[str, Any], record: dict[str, Any]
             ) -> tuple[bool, list[NotebookRun], tuple[PrivacyFinding, ...], str | None]:
    """Run the notebooks into ``report_dir``, then the workbook, the scan, manifest and index.

    ``manifest.json`` and ``index.html`` report the scan, so they are written after it and
    then scanned themselves; if they leak, every error message is hidden and they are
    written again. ``record`` holds the content key, the main process's step seconds and
    the run's start (``perf_counter``) and the timing file, for the manifest, and the
    expected seconds of each notebook (:func:`kompetensi.pipeline.stages.expected_seconds`).
    """
    started = datetime.now(UTC).replace(microsecond=0)
    steps = record["waktu"]
    with timing.timed(steps, "data_olahan"):
        prepare_processed(dataset, siklus)
    scan = LeakScan(dataset, report_dir)  # reads the identifiers while notebooks run
    with timing.timed(steps, "notebook"):
        stages = plan_stages(notebooks)
        order = longest_first(stages, record["perkiraan"])
        try:
            runs = execute_stages(order, common, jobs, progress,
                                  on_finished=scan.notebook_finished)
        except BaseException:
            scan.cancel()
            raise
        shown = [p.stem for stage in stages for p in stage]  # pages list them in this order
        runs = sorted(runs, key=lambda r: shown.index(r.name))
    # issue 22: sources and executive summary pages; every page's header bar, links, print CSS
    with timing.timed(steps, "halaman"):
        site.write_pages(report_dir, dataset=dataset, siklus=siklus,
                         notebooks=[p.stem for p in notebooks],
                         synthetic=config.is_synthetic(dataset),
                         forced=tuple(gate["masalah"]) if gate["dipaksa"] else ())
    # --- issue 8: drafters' workbook, written before the scan so it is scanned too ---
    with timing.timed(steps, "tabel_xlsx"):
        export_error = _export_tables(report_dir, siklus)
    with timing.timed(steps, "pindai"):  # what is left of it once the notebooks are done
        findings, scan_error = scan.finish()
    identifiers = scan.identifiers
    scan_error = scan_error or export_error  # --- end issue 8 ---
    runs = redact_leaking_errors(runs, findings)
    summary = (dataset, siklus, jobs, timeout, only, started, gate, record)
    ok, written = _write_summaries(report_dir, *summary, runs, findings, scan_error)
    late, late_error = privacy_scan(identifiers, written, report_dir)
    if late or late_error:
        findings = tuple(sorted({*findings, *late}, key=lambda f: (f.file, f.kind)))
        runs = redact_leaking_errors(runs, findings, everything=True)
        ok, _ = _write_summaries(report_dir, *summary, runs, findings,
                                 scan_error or late_error)
    return ok, runs, findings, scan_error or late_error


def _write_summaries(report_dir: Path, dataset: str, siklus: int, jobs: int,
                     timeout: int | None, only: Sequence[str] | None, started: datetime,
                     gate: dict[str, Any], extra: dict[str, Any], runs: list[NotebookRun],
                     findings: tuple[PrivacyFinding, ...],
                     scan_error: str | None) -> tuple[bool, list[Path]]:
    """Write ``manifest.json`` and ``index.html``; whether the run is ok, and the two files.

    The manifest is written again at the end with the step seconds (``waktu``) and, for a
    full run, the content key and the digest of every published file (``keluaran``).
    """
    partial = bool(only)
    ok = all(r.ok for r in runs) and not findings and scan_error is None
    finished = datetime.now(UTC).replace(microsecond=0)
    written = [report_dir / "manifest.json", report_dir / "index.html"]
    options = {"jobs": jobs, "timeout": timeout,
               "only": sorted(_selector(o) for o in only) if only else None}
    record = {**manifest.record(dataset, siklus, options=options, started=started,
                                finished=finished, ok=ok, runs=runs, findings=findings,
                                scan_error=scan_error), "gerbang": gate}
    manifest.write(written[0], record)
    render.write_index(
        written[1], dataset=dataset, siklus=siklus, synthetic=config.is_synthetic(dataset),
        ok=ok, started=started, finished=finished, notebooks=runs,
        headlines=headlines.read_headlines(report_dir, since=started if partial else None),
        findings=findings, scan_error=scan_error, partial=partial,
        forced=tuple(gate["masalah"]) if gate["dipaksa"] else ())
    site.finish_index(report_dir, notebooks=[r.name for r in runs],
                      synthetic=config.is_synthetic(dataset))
    steps = dict(extra["waktu"], total=round(time.perf_counter() - extra["mulai"], 2))
    timings = {"utama": steps, "notebook": timing.read_steps(extra["berkas"])}
    if extra["kunci_isi"] is not None:  # what a later run compares with (pipeline.reuse)
        record.update(kunci_isi=extra["kunci_isi"], keluaran=reuse.output_digests(report_dir))
    manifest.write(written[0], {**record, "waktu": timings})
    return ok, written


def _reuse(report_dir: Path, key: dict[str, Any], rerun: bool, out: TextIO
           ) -> RunResult | None:
    """The published report as the run's result when it can be reused; else None (said)."""
    record, reason = reuse.reusable(report_dir, key)
    if record is None or rerun:
        if (report_dir / "manifest.json").is_file():
            why = "--ulang" if record is not None else reason
            out.write(f"Laporan {report_dir.parent.name}/{report_dir.name} dibuat lagi ({why}).\n")
        return None
    result = reuse.recorded_result(record, report_dir)
    out.write(f"Laporan {report_dir.parent.name}/{report_dir.name} dipakai ulang: {reason} "
              f"dengan run {formats.waktu_wib(datetime.fromisoformat(record['finished']))}; "
              "tidak ada yang dijalankan (--ulang: jalankan lagi).\n"
              f"BERHASIL: laporan di {report_dir / 'index.html'}\n")
    return result


def _staging_folder(report_dir: Path, partial: bool) -> Path:
    """The run's temporary report folder: a copy of the published one, without generated
    outputs for a full run (:func:`_clear_previous`), whole for a partial run (``only``)."""
    staging = locks.staging_folder(report_dir)
    if report_dir.is_dir():
        shutil.copytree(report_dir, staging, dirs_exist_ok=True)
        if not partial:
            _clear_previous(staging)
    return staging


def _moved(run: NotebookRun, report_dir: Path) -> NotebookRun:
    """A notebook's files as they are named once the run's folder is in place."""
    return dataclasses.replace(
        run, ipynb=report_dir / run.ipynb.name if run.ipynb else None,
        html=report_dir / run.html.name if run.html else None)


@contextmanager
def kernel_environment(reports_dir: Path | None) -> Iterator[dict[str, str]]:
    """Point ``KOMPETENSI_REPORTS_DIR`` at ``reports_dir`` for the run; restore it afterwards.

    Yields the ``KOMPETENSI_*`` path variables the kernels must see.
    """
    previous = os.environ.get("KOMPETENSI_REPORTS_DIR")
    if reports_dir is not None:
        os.environ["KOMPETENSI_REPORTS_DIR"] = str(Path(reports_dir).expanduser().resolve())
    try:
        yield {k: os.environ[k] for k in PATH_ENV if os.environ.get(k)}
    finally:
        if reports_dir is not None:
            if previous is None:
                os.environ.pop("KOMPETENSI_REPORTS_DIR", None)
            else:
                os.environ["KOMPETENSI_REPORTS_DIR"] = previous


def _clear_previous(report_dir: Path) -> None:
    """Remove the outputs of an earlier full run, so no stale table or result survives."""
    if not report_dir.is_dir():
        return
    stale = [p for p in report_dir.glob("*") if p.is_file() and (
        _NOTEBOOK.match(p.name) or re.match(r"^\d{2}_.*\.html$", p.name)
        or p.name in _GENERATED_FILES or re.match(r"^laporan_.*\.pdf$", p.name))]
    stale += [p for d in _GENERATED_DIRS for p in (report_dir / d).rglob("*") if p.is_file()]
    for path in stale:
        path.unlink()


def _export_tables(report_dir: Path, siklus: int) -> str | None:
    """Write ``tabel.xlsx`` (:func:`kompetensi.report.export.write_tables_xlsx`); the reason if not."""
    try:
        from kompetensi.report import export

        export.write_tables_xlsx(report_dir, siklus=siklus)
    except Exception as exc:  # a missing workbook fails the run, with the reason
        return f"tabel.xlsx tidak dapat dibuat: {type(exc).__name__}: {one_line(str(exc))}"
    return None
