"""Many reports at once: one per agency (OPD / instansi), fanned out on Dask distributed.

``kompetensi run --per-opd`` (:func:`run_per_opd`) builds the processed data of the cycle
once, lists the agencies of its ``pegawai`` table (or the ones asked for), and submits one
task per agency (:func:`kompetensi.pipeline.agency.run_agency`) to a Dask cluster: a
``distributed.LocalCluster`` on this machine by default (``jobs`` worker processes with one
thread each: papermill changes the process-wide working directory while it executes,
nteract/papermill#473), or an existing cluster (``scheduler="tcp://host:8786"``). On a
cluster of several machines the reports root (and the raw and processed data, and this
``kompetensi``) must be at the same path on every worker: a shared file system.

Each agency's report goes to ``<reports root>/<dataset>/opd/<siklus>/<slug>/`` (beside the
cycle's report folder, not in it: the cycle's report is made, scanned and reused on its own). An agency
whose content key (:func:`kompetensi.pipeline.reuse.content_key`, with ``opd`` among its
parameters) equals the one its ``manifest.json`` records, with every file as written, is
reused without running anything (``rerun`` / ``--ulang`` forces it); a fan-out that was
interrupted (Ctrl-C, a killed worker) thus resumes with the agencies that are missing or
failed. The raw identifiers for the leak scan are read once, in the client, and sent to
every worker once (``Client.scatter(..., broadcast=True)``). At the end a summary table is
printed and written as ``opd/ringkasan.csv`` and ``opd/index.html``.
"""

from __future__ import annotations

import html
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kompetensi.core import config
from kompetensi.core.errors import KompetensiError
from kompetensi.pipeline import execution, manifest, reuse
from kompetensi.pipeline.agency import STATUS_REUSED, agency_slugs, run_agency
from kompetensi.pipeline.execution import one_line
from kompetensi.pipeline.gate import (
    gate_record,
    prepare_processed,
    privacy_scan,
    raw_identifiers,
    readiness_gate,
)
from kompetensi.pipeline.runner import kernel_environment
from kompetensi.pipeline.runs import STATUS_FAILED, STATUS_OK
from kompetensi.processing.agencies import FRESH_ENV

PER_OPD_NOTEBOOKS = ("02", "03")  # the notebooks that take the parameter ``opd``
# the kernels see these; the pseudonym key is never sent with a task (a remote worker reads
# its own KOMPETENSI_PID_KEY or key file, as any process of the project does)


@dataclass(frozen=True)
class AgencyOutcome:
    """One agency of a fan-out: status ``berhasil``/``gagal``/``dipakai ulang``, seconds
    (of the run that made the report, for a reused one), why it failed."""

    opd: str
    slug: str
    n_asn: int
    status: str
    seconds: float
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (STATUS_OK, STATUS_REUSED)


@dataclass(frozen=True)
class FanoutResult:
    """The outcome of :func:`run_per_opd`; ``ok`` when every agency succeeded or was reused."""

    root: Path
    agencies: tuple[AgencyOutcome, ...]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # persiapan, identitas, tugas

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.agencies)


def run_per_opd(dataset: str = config.DEFAULT_DATASET, siklus: int = config.DEFAULT_SIKLUS,
                *, jobs: int = 2, scheduler: str | None = None,
                opd: Sequence[str] | None = None, reports_dir: Path | None = None,
                timeout: int | None = 900, only: Sequence[str] | None = None,
                notebooks_dir: Path | None = None, stream: TextIO | None = None,
                force: bool = False, max_rejected: float | None = None,
                rerun: bool = False) -> FanoutResult:
    """One report per agency, the agencies run in parallel on Dask.

    Parameters
    ----------
    dataset, siklus
        The cycle.
    jobs
        Workers of the local cluster (one thread each); ignored with ``scheduler``.
    scheduler
        Address of an existing Dask scheduler (``tcp://host:8786``); None: a
        ``LocalCluster`` on this machine, closed at the end.
    opd
        Agencies to make (names as in ``pegawai.opd``); None: every agency of the cycle.
    reports_dir
        Root of the reports (default ``config.reports_root()``).
    timeout
        Seconds a single cell may run.
    only
        Notebooks per agency (numbers or stems; default ``02`` and ``03``, which take the
        parameter ``opd``).
    notebooks_dir, stream, force, max_rejected
        As for :func:`kompetensi.pipeline.run`.
    rerun
        Make every agency again, even those that could be reused (``--ulang``).

    Returns
    -------
    FanoutResult

    Raises
    ------
    KompetensiError
        Before anything runs: the cycle is not ready (unless ``force``), an agency asked for
        is not in the cycle's ``pegawai`` table, or ``jobs`` < 1.
    """
    from kompetensi import processing
    from kompetensi.pipeline.runner import discover_notebooks

    if jobs < 1:
        raise KompetensiError(f"jobs harus paling sedikit 1, bukan {jobs}")
    siklus, out, clock = int(siklus), stream if stream is not None else sys.stderr, \
        time.monotonic()
    notebooks = discover_notebooks(notebooks_dir, only or PER_OPD_NOTEBOOKS)
    verdict = readiness_gate(dataset, siklus, force=force, max_rejected=max_rejected)
    with kernel_environment(reports_dir) as paths:  # workers of a local cluster inherit it
        prepare_processed(dataset, siklus)
        sizes = processing.agency_sizes(processing.load_processed(dataset, siklus, "pegawai"))
        slugs = agency_slugs(sizes.index)
        chosen = _chosen(list(sizes.index), opd)
        root = config.reports_root() / dataset / "opd" / str(siklus)
        gate = gate_record(verdict, force)
        params = {"gerbang": gate, "batas_tolak": max_rejected,
                  "kunci": manifest.key_fingerprint(dataset)}
        base = reuse.content_key(dataset, siklus, notebooks, params)
        # a local cluster's kernels share this machine's cores (A-RUN-2); a remote
        # cluster's workers keep their own machine's default
        env = {**paths, **(execution.thread_limits(jobs) if scheduler is None else {})}
        env[FRESH_ENV] = f"{dataset}/{siklus}"  # built just above: kernels need not re-hash
        if verdict.blocking:
            env[config.FORCED_ENV] = "; ".join(verdict.blocking)
        shared = {"dataset": dataset, "siklus": siklus, "env": env, "timeout": timeout,
                  "cwd": str(notebooks[0].parent.resolve()), "executable": sys.executable,
                  "project_root": str(config.PROJECT_ROOT),
                  "notebooks": [str(p.resolve()) for p in notebooks],
                  "record": {"dataset": dataset, "siklus": siklus, "per_opd": True,
                             "synthetic": config.is_synthetic(dataset), "gerbang": gate,
                             "kunci": params["kunci"], "versions": manifest.package_versions(),
                             "options": {"jobs": jobs, "timeout": timeout, "only": None,
                                         "notebook": [p.stem for p in notebooks]}}}
        outcomes: dict[str, AgencyOutcome] = {}
        todo = []
        for name in chosen:
            key = key_with_opd(base, params, name)
            folder = root / slugs[name]
            record, _ = reuse.reusable(folder, key)
            if record is not None and not rerun:
                outcomes[name] = AgencyOutcome(name, slugs[name], int(sizes[name]),
                                               STATUS_REUSED, float(record.get("detik", 0.0)))
            else:
                todo.append({**shared, "opd": name, "folder": str(folder), "kunci_isi": key})
        out.write(f"kompetensi run --per-opd: dataset {dataset}, siklus {siklus}, "
                  f"{len(chosen)} OPD ({len(outcomes)} dipakai ulang, {len(todo)} dijalankan), "
                  f"notebook {', '.join(p.stem for p in notebooks)} → {root}\n")
        phases = {"persiapan": round(time.monotonic() - clock, 2)}
        identifiers = raw_identifiers(dataset) if todo else None
        phases["identitas"] = round(time.monotonic() - clock - phases["persiapan"], 2)
        tasks_start = time.monotonic()
        if todo:
            for spec, result in _fan_out(todo, identifiers, jobs=jobs, scheduler=scheduler,
                                         stream=out):
                name = spec["opd"]
                outcomes[name] = AgencyOutcome(name, slugs[name], int(sizes[name]),
                                               result["status"], float(result["seconds"]),
                                               result["note"])
        phases["tugas"] = round(time.monotonic() - tasks_start, 2)
        result = FanoutResult(root, tuple(outcomes[name] for name in chosen),
                              round(time.monotonic() - clock, 1), phases)
        write_summary(root, result, dataset=dataset, siklus=siklus,
                      identifiers=identifiers, stream=out)
    return result


def key_with_opd(base: dict[str, Any], params: dict[str, Any], opd: str) -> dict[str, Any]:
    """The content key of one agency: ``base`` (:func:`reuse.content_key` of the fan-out's
    parameters) with ``opd`` among the parameters. The same as ``content_key`` called with
    them, without hashing the raw files once per agency."""
    parts = dict(base["bagian"], parameter=reuse.digest({**params, "opd": opd}))
    return {"sha256": reuse.digest(parts), "bagian": parts}


def _chosen(known: list[str], wanted: Sequence[str] | None) -> list[str]:
    if not wanted:
        return known
    missing = [w for w in wanted if w not in known]
    if missing:
        raise KompetensiError(
            f"OPD tidak ada di daftar pegawai siklus ini: {', '.join(missing)} (ada "
            f"{len(known)} OPD, mis. {', '.join(known[:5])})")
    return [name for name in known if name in set(wanted)]


def _fan_out(todo: list[dict[str, Any]], identifiers: Any, *, jobs: int,
             scheduler: str | None, stream: TextIO) -> Iterator[tuple[dict, dict]]:
    """Run the agencies on Dask; yield ``(spec, outcome)`` as each finishes, with a progress
    bar. A task that raised (or whose worker died) is a failed agency, with the reason.
    Largest agencies are submitted first (they are listed so), which shortens the tail."""
    from distributed import Client, LocalCluster, as_completed
    from tqdm import tqdm

    cluster = None if scheduler else LocalCluster(
        n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
        silence_logs=logging.ERROR)
    client = Client(scheduler or cluster)
    try:
        # once, not once per task; hash=False: no token of a large object
        shared = client.scatter(identifiers, broadcast=True, hash=False)
        futures = {client.submit(run_agency, spec, shared, pure=False,
                                 key=f"kompetensi-opd-{spec['kunci_isi']['sha256'][:16]}",
                                 priority=len(todo) - k): spec
                   for k, spec in enumerate(todo)}
        bar = tqdm(total=len(futures), desc="Laporan per OPD", unit="OPD", file=stream,
                   mininterval=1.0, dynamic_ncols=True)
        try:
            for future in as_completed(futures):
                spec = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the task raised, or its worker died (KilledWorker)
                    outcome = {"status": STATUS_FAILED, "seconds": 0.0,
                               "note": f"{type(exc).__name__}: {one_line(str(exc))}"}
                bar.update(1)
                bar.set_postfix_str(f"{spec['opd'][:30]}: {outcome['status']}", refresh=False)
                yield spec, outcome
        except BaseException:  # Ctrl-C: stop the tasks; the agencies done are kept
            client.cancel(list(futures))
            raise
        finally:
            bar.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def summary_rows(result: FanoutResult) -> list[dict[str, Any]]:
    """The rows of ``ringkasan.csv``: agency, folder, ASN, status, seconds, note."""
    return [{"opd": a.opd, "folder": a.slug, "n_asn": a.n_asn, "status": a.status,
             "detik": round(a.seconds, 1), "keterangan": a.note} for a in result.agencies]


def write_summary(root: Path, result: FanoutResult, *, dataset: str, siklus: int,
                  identifiers: Any, stream: TextIO) -> list[Path]:
    """Print the summary table; write ``ringkasan.csv`` and ``index.html`` into ``root``.

    Both are scanned for leaks (agency names only, never a person), with the identifiers of
    the run when it read them.
    """
    import pandas as pd

    root.mkdir(parents=True, exist_ok=True)
    rows = summary_rows(result)
    table = pd.DataFrame(rows, columns=["opd", "folder", "n_asn", "status", "detik",
                                        "keterangan"])
    csv = root / "ringkasan.csv"
    table.to_csv(csv, index=False, lineterminator="\n", encoding="utf-8")
    counts = {s: sum(a.status == s for a in result.agencies)
              for s in (STATUS_OK, STATUS_FAILED, STATUS_REUSED)}
    index = root / "index.html"
    cycle_index = (root.parent.parent / str(siklus) / "index.html").is_file()
    index.write_text(_index_page(rows, counts, dataset, siklus, cycle_index),
                     encoding="utf-8")
    if identifiers is not None:
        late, error = privacy_scan(identifiers, [csv, index], root)
        if late or error:
            raise KompetensiError(f"ringkasan per OPD memuat data pribadi atau tidak dapat "
                                  f"dipindai ({error or len(late)}); berkas {csv} dan {index}")
    width = max([len(a.opd[:50]) for a in result.agencies] + [3])
    lines = ["", "Ringkasan per OPD:"] + [
        f"  {a.opd[:50]:<{width}}  {a.status:<13}  {a.seconds:7.1f} detik"
        + (f"  {a.note[:200]}" if a.note else "") for a in result.agencies]
    lines.append(f"{counts[STATUS_OK]} berhasil, {counts[STATUS_FAILED]} gagal, "
                 f"{counts[STATUS_REUSED]} dipakai ulang; {result.seconds:.0f} detik. "
                 f"{'BERHASIL' if result.ok else 'GAGAL'}: daftar di {index}")
    stream.write("\n".join(lines) + "\n")
    stream.flush()
    return [csv, index]


def _index_page(rows: list[dict[str, Any]], counts: dict[str, int], dataset: str,
                siklus: int, cycle_index: bool = False) -> str:
    from kompetensi.report import pages, render
    from kompetensi.report.format import angka, ribu

    esc = html.escape
    body = [f"<h1>Laporan per instansi, siklus {siklus}</h1>",
            f'<p class="muted">Dataset <strong>{esc(dataset)}</strong> · siklus '
            f"<strong>{siklus}</strong> · {len(rows)} instansi: {counts[STATUS_OK]} berhasil, "
            f"{counts[STATUS_FAILED]} gagal, {counts[STATUS_REUSED]} dipakai ulang</p>"]
    if config.is_synthetic(dataset):
        body.append(render.banner_html())
    cycle = f"../../{siklus}/index.html"  # the cycle's own report, when it has been made
    whole = (f'Laporan seluruh instansi: <a href="{cycle}">halaman utama siklus</a>.'
             if cycle_index else "Laporan seluruh instansi dibuat dengan "
             "<code>kompetensi run</code>.")
    body += ['<p>Setiap laporan memuat notebook 02 (kebutuhan kompetensi) dan 03 '
             "(pelaksanaan pengembangan kompetensi) yang hanya menghitung ASN instansi itu. "
             f"{whole}</p>",
             "<table><thead><tr><th>Instansi</th><th>ASN</th><th>Status</th><th>Durasi</th>"
             "<th>Keterangan</th></tr></thead><tbody>"]
    for row in rows:
        ok = row["status"] != STATUS_FAILED
        body.append(
            f'<tr><td><a href="{esc(row["folder"])}/index.html">{esc(row["opd"])}</a></td>'
            f'<td class="num">{ribu(row["n_asn"])}</td>'
            f'<td><span class="{"ok" if ok else "fail"}">{esc(row["status"])}</span></td>'
            f'<td class="num">{angka(row["detik"], 1)} detik</td>'
            f"<td>{esc(row['keterangan'])}</td></tr>")
    body += ["</tbody></table>",
             '<p class="muted">Ringkasan yang sama: <a href="ringkasan.csv">ringkasan.csv</a>. '
             "Halaman ini dibuat otomatis oleh <code>kompetensi run --per-opd</code>.</p>"]
    return pages.standalone_page(f"Laporan per instansi {dataset} siklus {siklus}", body)
