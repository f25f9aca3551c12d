"""One agency's report, made by a task on a Dask worker (``kompetensi run --per-opd``).

:func:`run_agency` executes the per-agency notebooks (parameter ``opd``) one after the other
with :func:`kompetensi.pipeline.execution.execute_notebook` into a temporary folder beside
``<reports root>/<dataset>/<siklus>/opd/<slug>/``, writes its ``index.html``, scans every
file for the raw data's identifiers (:func:`kompetensi.pipeline.gate.privacy_scan`, with the
identifiers the client scattered to the workers once), writes ``manifest.json`` with the
content key and the digests of the files (:mod:`kompetensi.pipeline.reuse`), and only then
puts the folder in place: an interrupted task leaves the previous complete folder (or none),
so a resumed fan-out makes it again. It returns plain data (the worker may be remote).
"""

from __future__ import annotations

import html
import re
import shutil
import time
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kompetensi.core import config, locks
from kompetensi.pipeline import reuse
from kompetensi.pipeline.execution import execute_notebook
from kompetensi.pipeline.gate import privacy_scan, redact_leaking_errors
from kompetensi.pipeline.runs import (
    STATUS_FAILED,
    STATUS_OK,
    NotebookRun,
)

STATUS_REUSED = "dipakai ulang"


def slugify(name: str) -> str:
    """A folder name for an agency: ASCII, lower case, words joined by ``-``, ≤ 60 characters.

    Examples
    --------
    >>> slugify("Dinas Pendidikan dan Kebudayaan")
    'dinas-pendidikan-dan-kebudayaan'
    >>> slugify("Badan Perencanaan Pembangunan, Riset & Inovasi Daerah (Bappeda)")
    'badan-perencanaan-pembangunan-riset-inovasi-daerah-bappeda'
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "opd"


def agency_slugs(names: Iterable[str]) -> dict[str, str]:
    """Folder name of every agency; names whose slugs collide get a short hash of the name.

    Computed over all agencies of the cycle (not a chosen few), so a folder's name does not
    depend on which agencies a run makes.

    Examples
    --------
    >>> agency_slugs(["Dinas A", "Dinas-A", "Dinas B"])["Dinas B"]
    'dinas-b'
    >>> len(set(agency_slugs(["Dinas A", "Dinas-A"]).values()))
    2
    """
    import hashlib

    names = list(dict.fromkeys(map(str, names)))
    plain = {name: slugify(name) for name in names}
    counts: dict[str, int] = {}
    for slug in plain.values():
        counts[slug] = counts.get(slug, 0) + 1
    return {name: slug if counts[slug] == 1 else
            f"{slug}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:6]}"
            for name, slug in plain.items()}


def run_agency(spec: dict[str, Any], identifiers: Any) -> dict[str, Any]:
    """Make one agency's report folder (on a worker); its outcome as plain data.

    Parameters
    ----------
    spec
        What the client prepared: ``dataset``, ``siklus``, ``opd``, ``folder`` (the agency's
        report folder), ``notebooks`` (paths), ``env`` (``KOMPETENSI_*`` variables for the
        kernels), ``cwd``, ``timeout``, ``executable``, ``project_root``, ``kunci_isi``,
        ``record`` (manifest fields shared by every agency).
    identifiers
        The raw data's identifiers (:func:`kompetensi.pipeline.gate.raw_identifiers`), or
        the reason they could not be read (the agency then fails).

    Returns
    -------
    dict
        ``opd``, ``status`` (``berhasil``/``gagal``), ``seconds``, ``note``, ``notebooks``
        (name, status, seconds), ``findings`` (how many).
    """
    start = time.monotonic()
    target = Path(spec["folder"])
    with locks.hold(target, wait=0, busy=f"laporan OPD {spec['opd']} sedang dibuat proses lain"):
        staging = locks.staging_folder(target)
        try:
            outcome = _make(spec, identifiers, staging, start)
            locks.replace_folder(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return outcome


def _make(spec: dict[str, Any], identifiers: Any, staging: Path, start: float
          ) -> dict[str, Any]:
    dataset, siklus, opd = spec["dataset"], int(spec["siklus"]), spec["opd"]
    started = datetime.now(UTC).replace(microsecond=0)
    env = {**spec["env"], config.STAGING_ENV: f"{dataset}/{siklus}={staging}"}
    runs = []
    for notebook in map(Path, spec["notebooks"]):
        outcome = execute_notebook({
            "env": env, "cwd": spec["cwd"], "timeout": spec["timeout"],
            "parameters": {"dataset": dataset, "siklus": siklus, "opd": opd},
            "executable": spec["executable"], "project_root": spec["project_root"],
            "name": notebook.stem, "input": str(notebook), "output": str(staging / notebook.name),
            "html": str(staging / f"{notebook.stem}.html")})
        runs.append(NotebookRun.from_outcome(notebook.stem, outcome))
    findings, scan_error = (), None
    for _ in range(2):  # the index reports the scan: written, scanned, and again if it leaks
        ok = all(r.ok for r in runs) and not findings and scan_error is None
        write_index(staging, spec, runs, ok=ok, started=started, findings=findings,
                    scan_error=scan_error)
        found, error = privacy_scan(identifiers, [staging], staging)
        if (found, error) == (findings, scan_error):
            break
        findings, scan_error = found, error
        runs = redact_leaking_errors(runs, findings, everything=bool(findings))
    ok = all(r.ok for r in runs) and not findings and scan_error is None
    seconds = round(time.monotonic() - start, 2)
    record = {**spec["record"], "opd": opd, "ok": ok, "started": started.isoformat(),
              "finished": datetime.now(UTC).replace(microsecond=0).isoformat(),
              "parameters": {"dataset": dataset, "siklus": siklus, "opd": opd},
              "notebooks": [r.entry() for r in runs], "detik": seconds,
              "privacy": {"findings": [{"file": f.file, "kind": f.kind} for f in findings],
                          "error": scan_error}}
    from kompetensi.pipeline import manifest

    manifest.write(staging / "manifest.json", record)
    if ok:  # what a later run compares with (a failed agency is always made again)
        record.update(kunci_isi=spec["kunci_isi"], keluaran=reuse.output_digests(staging))
        manifest.write(staging / "manifest.json", record)
    failed = [r for r in runs if not r.ok]
    note = ("; ".join(f"{r.name}: {r.remark()}" for r in failed) if failed else
            scan_error or (f"{len(findings)} temuan data pribadi" if findings else ""))
    return {"opd": opd, "status": STATUS_OK if ok else STATUS_FAILED, "seconds": seconds,
            "note": note, "findings": len(findings),
            "notebooks": [(r.name, r.status, r.duration) for r in runs]}


def write_index(folder: Path, spec: dict[str, Any], runs: Sequence[NotebookRun], *, ok: bool,
                started: datetime, findings: Sequence[Any], scan_error: str | None) -> Path:
    """The agency's ``index.html`` (the cycle's index, headed by the agency), with the
    header bar and links of every page (:mod:`kompetensi.report.pages`)."""
    from kompetensi.report import headlines, pages, render

    dataset, siklus = spec["dataset"], int(spec["siklus"])
    synthetic = config.is_synthetic(dataset)
    target = render.write_index(
        folder / "index.html", dataset=dataset, siklus=siklus, synthetic=synthetic, ok=ok,
        started=started, finished=datetime.now(UTC).replace(microsecond=0), notebooks=runs,
        headlines=headlines.read_headlines(folder), findings=findings, scan_error=scan_error,
        partial=False, forced=tuple(spec["record"]["gerbang"]["masalah"])
        if spec["record"]["gerbang"]["dipaksa"] else ())
    text = target.read_text(encoding="utf-8")
    heading = (f'<p class="lead"><strong>Instansi: {html.escape(spec["opd"])}</strong> — '
               "laporan satu instansi: semua angka hanya menghitung ASN instansi ini. "
               '<a href="../index.html">Semua laporan per instansi</a></p>')
    text = text.replace("</h1>", "</h1>\n" + heading, 1).replace(
        f"<title>Laporan {html.escape(dataset)} siklus {siklus}</title>",
        f"<title>Laporan {html.escape(spec['opd'])}, {html.escape(dataset)} siklus "
        f"{siklus}</title>", 1)
    target.write_text(text, encoding="utf-8")
    pages.finish_pages(folder, notebooks=[r.name for r in runs], synthetic=synthetic)
    return target
