"""Step timings of a run, collected in one file outside the report folder (issue 23).

The runner points ``config.TIMING_ENV`` at a temporary file; the worker processes (kernel
start, cells, HTML export) and the kernels (figures, :class:`kompetensi.report.Report`)
append ``name<TAB>step<TAB>seconds`` lines to it, and the runner puts the sums in
``manifest.json`` (``waktu``). Without the variable nothing is recorded. Published files
never carry a time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kompetensi.core import config


def record_steps(name: str, seconds: Mapping[str, float]) -> None:
    """Append the seconds of ``name``'s steps to the run's timing file, when there is one."""
    target = os.environ.get(config.TIMING_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.writelines(f"{name}\t{step}\t{value:.4f}\n" for step, value in seconds.items())


def read_steps(path: Path) -> dict[str, dict[str, float]]:
    """The timing file as ``{name: {step: seconds}}``: sums per step, rounded to 0.01 s.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "waktu.tsv"
    >>> _ = path.write_text("02\\tgambar\\t0.25\\n02\\tgambar\\t0.5\\n02\\thtml\\t1\\n")
    >>> read_steps(path)
    {'02': {'gambar': 0.75, 'html': 1.0}}
    """
    sums: dict[str, dict[str, float]] = {}
    if Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            name, step, value = line.split("\t")
            group = sums.setdefault(name, {})
            group[step] = group.get(step, 0.0) + float(value)
    return {name: {step: round(v, 2) for step, v in sorted(steps.items())}
            for name, steps in sorted(sums.items())}


@contextmanager
def timed(steps: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds the ``with`` block takes to ``steps[name]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        steps[name] = round(steps.get(name, 0.0) + time.perf_counter() - started, 2)
