"""The stages of a run: notebooks executed in a ``spawn`` process pool, at most ``jobs`` at a
time, longest first, with the progress on the terminal (main process)."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from kompetensi.pipeline.execution import Progress, execute_notebook, init_worker, one_line
from kompetensi.pipeline.runs import (
    NotebookRun,
)

# notebook metadata {"kompetensi": {"detik_contoh": seconds}}: its duration on the sample
HINT_KEY = "detik_contoh"


def expected_seconds(notebooks: list[Path], report_dir: Path) -> dict[str, float]:
    """How long each notebook is expected to take: its duration in the report folder's
    ``manifest.json`` when there is one, else the ``detik_contoh`` of its metadata's
    ``kompetensi`` entry."""
    expected: dict[str, float] = {}
    for path in notebooks:
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
            expected[path.stem] = float(meta.get("kompetensi", {}).get(HINT_KEY, 0.0))
        except (OSError, ValueError, TypeError, AttributeError):
            expected[path.stem] = 0.0
    try:
        recorded = json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))
        for item in recorded.get("notebooks", []):
            if item.get("name") in expected and item.get("duration"):
                expected[item["name"]] = float(item["duration"])
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    return expected


def longest_first(stages: list[list[Path]], expected: Mapping[str, float]
                  ) -> list[list[Path]]:
    """Each stage's notebooks with the longest expected first (ties keep their order), so
    that the last one to finish is a short one and no core waits long at the stage's end.

    >>> a, b, c = Path("01_a.ipynb"), Path("02_b.ipynb"), Path("05_c.ipynb")
    >>> [p.stem for p in longest_first([[a, b, c]], {"05_c": 12.0, "02_b": 7.0})[0]]
    ['05_c', '02_b', '01_a']
    """
    return [sorted(stage, key=lambda p: -expected.get(p.stem, 0.0)) for stage in stages]


def execute_stages(stages: list[list[Path]], common: dict[str, Any], jobs: int,
                   progress: Progress,
                   on_finished: Callable[[NotebookRun], None] | None = None
                   ) -> list[NotebookRun]:
    """Run the stages in turn, each stage's notebooks at most ``jobs`` at a time, in a
    ``spawn`` process pool; the outcome of every notebook, in stage order. ``on_finished``
    is called with each notebook's outcome as soon as it is known."""
    ctx = multiprocessing.get_context("spawn")
    events = ctx.Queue()
    results: dict[str, NotebookRun] = {}
    workers = min(jobs, max(len(stage) for stage in stages))
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker,
                             initargs=(events,)) as pool:
        try:
            for stage in stages:
                waiting, running = list(stage), {}
                while waiting or running:
                    while waiting and len(running) < jobs:
                        path = waiting.pop(0)
                        progress.started(path.stem)
                        running[_submit(pool, path, common)] = path
                    done, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
                    progress.drain(events)
                    for future in done:
                        path = running.pop(future)
                        results[path.stem] = _collect(future, path)
                        progress.finished(results[path.stem])
                        if on_finished is not None:
                            on_finished(results[path.stem])
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    events.close()
    return [results[p.stem] for stage in stages for p in stage]


def _submit(pool: ProcessPoolExecutor, path: Path, common: dict[str, Any]) -> Future:
    report_dir = Path(common["report_dir"])
    task = dict(common, name=path.stem, input=str(path.resolve()),
                output=str(report_dir / path.name), html=str(report_dir / f"{path.stem}.html"))
    try:
        return pool.submit(execute_notebook, task)
    except RuntimeError as exc:  # BrokenProcessPool: a worker died; report, do not crash
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _collect(future: Future, path: Path) -> NotebookRun:
    try:
        outcome = future.result()
    except Exception as exc:  # the worker process itself died
        outcome = {"duration": 0.0, "ipynb": None, "html": None,
                   "error": {"cell_index": None, "execution_count": None,
                             "ename": type(exc).__name__, "evalue": one_line(str(exc))}}
    return NotebookRun.from_outcome(path.stem, outcome)
