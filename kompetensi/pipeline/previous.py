"""The previous cycle's report, made first when it is missing (issue 22).

Notebook 07 and the executive summary compare each headline with the previous cycle's
``hasil/*.json``. On a new machine (a fresh clone, a new analyst) that report does not exist,
although the previous cycle's raw data are there: ``kompetensi run`` then makes it first, with
the same notebooks, so that the comparison rests on the same code and not on a second
implementation of each indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from kompetensi.core import config
from kompetensi.core.errors import KompetensiError


def previous_report(run: Callable[..., Any], dataset: str, siklus: int, *, stream: TextIO,
                    **options: Any) -> Path | None:
    """Run cycle ``siklus - 1`` with ``run`` when it has raw data but no report.

    Parameters
    ----------
    run : callable
        :func:`kompetensi.pipeline.run` (passed in; it calls this function).
    dataset, siklus
        The cycle about to be run.
    stream
        Where to say what happens.
    **options
        ``reports_dir``, ``jobs``, ``timeout``, ``notebooks_dir``, ``max_rejected`` of the run.

    Returns
    -------
    Path or None
        The previous cycle's report folder when it was made (even if a notebook failed), else
        None: it exists already, the cycle has no raw data, or its data are not ready (said on
        ``stream``; the run goes on without a comparison).
    """
    before = int(siklus) - 1
    root = Path(options["reports_dir"]) if options.get("reports_dir") else config.reports_root()
    if not config.raw_dir(dataset, before).is_dir() or \
            (root / dataset / str(before) / "hasil").is_dir():
        return None
    stream.write(f"Siklus {before} belum punya laporan: laporannya dibuat lebih dulu sebagai "
                 f"pembanding siklus {siklus} (lewati dengan --tanpa-pembanding).\n")
    try:
        result = run(dataset, before, stream=stream, **options)
    except KompetensiError as error:
        stream.write(f"Laporan pembanding siklus {before} tidak dapat dibuat: {error}. Siklus "
                     f"{siklus} dilanjutkan tanpa pembanding.\n")
        return None
    if not result.ok:
        stream.write(f"Laporan pembanding siklus {before} tidak lengkap (lihat "
                     f"{result.report_dir / 'index.html'}); siklus {siklus} memakai hasil "
                     "yang ada.\n")
    return result.report_dir
