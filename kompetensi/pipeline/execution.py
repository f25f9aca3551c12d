"""Execution of one notebook in a worker process, and the run's progress on the terminal.

:func:`execute_notebook` is what :mod:`kompetensi.pipeline.stages` submits to its ``spawn``
process pool: papermill with the kernel of the running interpreter, nbclient hooks that report
``sel i/n`` to the main process through a queue, then the HTML rendering. :class:`Progress`
prints, in the main process, which notebook started and finished, the live cell counters and
the final summary.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kompetensi.core import timing
from kompetensi.pipeline.runs import (
    NotebookRun,
)
from kompetensi.report import render

if TYPE_CHECKING:
    from kompetensi.pipeline.runs import RunResult


THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")


def thread_limits(jobs: int, cores: int | None = None) -> dict[str, str]:
    """BLAS/OpenMP threads of each kernel: the machine's cores shared by ``jobs`` kernels.

    With as many kernels as cores, OpenBLAS's own threads (one per core in every kernel)
    only wait for each other: on 2 cores with ``--jobs 2`` the estimators of notebooks 05
    and 08 took twice the CPU time. The published numbers were the same byte for byte with
    one thread per kernel. A variable the user has set is left alone.

    Examples
    --------
    >>> set(thread_limits(2, cores=2).values()) <= {"1"}
    True
    >>> set(thread_limits(1, cores=8).values()) <= {"8"}
    True
    """
    per_kernel = str(max(1, (cores or os.cpu_count() or 1) // max(1, jobs)))
    return {name: per_kernel for name in THREAD_ENV if name not in os.environ}


def one_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of a message, without ANSI colours, at most ``limit`` long."""
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()]
    first = next((line for line in lines if line), "")
    return first if len(first) <= limit else first[: limit - 1] + "…"


# --- terminal progress (main process) -------------------------------------------------------

class Progress:
    """Start/finish lines, live ``sel i/n`` per running notebook, and the final summary.

    On a terminal the cell counters share one status line that is redrawn; elsewhere (CI
    logs) a counter line is printed at most every 30 s per notebook.
    """

    def __init__(self, stream: TextIO, t0: float):
        self.stream, self.t0 = stream, t0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.cells: dict[str, tuple[int, int]] = {}
        self.last_print: dict[str, float] = {}
        self.status_shown = False
        self.last_redraw = 0.0

    def _clock(self) -> str:
        seconds = int(time.monotonic() - self.t0)
        return f"[{seconds // 60:02d}:{seconds % 60:02d}]"

    def line(self, text: str) -> None:
        if self.status_shown:
            self.stream.write("\r\x1b[K")
            self.status_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def started(self, name: str) -> None:
        self.cells[name] = (0, 0)
        self.last_print[name] = time.monotonic()
        self.line(f"{self._clock()} mulai    {name}")

    def finished(self, run: NotebookRun) -> None:
        self.cells.pop(run.name, None)
        detail = f" — {run.remark()}" if run.error else ""
        self.line(f"{self._clock()} selesai  {run.name}: {run.status} "
                  f"({run.duration:.1f} detik){detail}")
        self._redraw()

    def drain(self, events: Any) -> None:
        changed = False
        while True:
            try:
                _, name, index, total = events.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            if name in self.cells:
                self.cells[name] = (index, total)
                changed = True
                if not self.tty and time.monotonic() - self.last_print[name] >= 30:
                    self.last_print[name] = time.monotonic()
                    self.line(f"{self._clock()} …        {name}: sel {index}/{total}")
        if changed or time.monotonic() - self.last_redraw >= 1:
            self._redraw()

    def _redraw(self) -> None:
        if not self.tty or not self.cells:
            return
        status = " · ".join(f"{n} sel {i}/{t}" if t else f"{n} memulai kernel"
                            for n, (i, t) in sorted(self.cells.items()))
        self.stream.write(f"\r\x1b[K{self._clock()} berjalan: {status}"[:200])
        self.stream.flush()
        self.status_shown, self.last_redraw = True, time.monotonic()

    def summary(self, result: RunResult) -> None:
        width = max(len(r.name) for r in result.notebooks)
        self.line("")
        self.line("Ringkasan:")
        for r in result.notebooks:
            note = f"  {r.remark()}" if r.error else ""
            self.line(f"  {r.name:<{width}}  {r.status:<8}  {r.duration:7.1f} detik{note}")
        if result.scan_error:
            self.line(f"  pemindaian data pribadi tidak dapat dijalankan: {result.scan_error}")
        elif result.findings:
            self.line(f"  pemindaian data pribadi: {len(result.findings)} temuan")
        index = result.report_dir / "index.html"
        if result.ok:
            self.line(f"BERHASIL: laporan di {index}")
            return
        failed = "; ".join(
            f"{r.name} (notebook tereksekusi: {r.ipynb or 'tidak ada'})" for r in result.failed)
        privacy = ("pemindaian data pribadi tidak berjalan" if result.scan_error else
                   f"{len(result.findings)} temuan data pribadi" if result.findings else "")
        reasons = "; ".join(part for part in (failed, privacy) if part)
        self.line(f"GAGAL: {reasons} — lihat {index}")


# --- worker process -------------------------------------------------------------------------

_EVENTS: Any = None


def init_worker(events: Any) -> None:
    global _EVENTS
    _EVENTS = events


@functools.cache
def _kernel_manager_class(executable: str) -> type:
    """A kernel manager whose ``python3`` is an ipykernel of ``executable``.

    It replaces the lookup of installed kernelspecs (a user-level ``python3`` spec pointing
    at another interpreter would otherwise win) without registering anything.
    """
    import zmq
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    spec = get_kernel_dict()
    spec["argv"] = [executable, *spec["argv"][1:]]

    class CurrentPythonSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            if kernel_name != NATIVE_KERNEL_NAME:
                return super().get_kernel_spec(kernel_name)
            return KernelSpec(resource_dir=RESOURCES, **spec)

    class CurrentPythonKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _default_kernel_spec_manager(self) -> KernelSpecManager:
            return CurrentPythonSpecs(data_dir=self.data_dir)

        @default("transport_encryption")
        def _default_transport_encryption(self) -> str:
            # CurveZMQ keys for the local TCP sockets when pyzmq supports it (ipykernel
            # warns about plain-text TCP otherwise).
            return "auto" if zmq.has("curve") else "disabled"

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client's shutdown sends SIGINT before its shutdown request. When a
            # notebook has run, papermill's last request (kernel_info) has just been
            # answered and the kernel may still be inside its message handler: the signal
            # then raises there and ipykernel logs "KeyboardInterrupt caught in kernel" to
            # the terminal. The kernel is idle, so the shutdown request alone stops it (and
            # jupyter_client kills it if it does not stop in time). Interrupts at other times
            # (a cell's timeout) are sent as before.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return CurrentPythonKernelManager


@functools.cache
def _engine_name() -> str:
    """papermill's nbclient engine, writing the executed notebook once, when it is done.

    papermill writes the whole notebook (its images included, megabytes) before and after
    every cell; nothing reads it meanwhile: the progress comes from the nbclient hooks. The
    engine's final write happens in papermill's ``finally``, so a notebook that failed or
    timed out part-way is still written.
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class SaveAtEnd(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            path, nb_man.output_path = nb_man.output_path, None
            nb_man.autosave_cell_every = 0
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.output_path = path  # notebook_complete (papermill's finally) writes

    papermill_engines.register("kompetensi", SaveAtEnd)
    return "kompetensi"


class _CellEvents:
    """nbclient hooks: remember the running cell and report ``sel i/n`` of code cells."""

    def __init__(self, name: str):
        self.name, self.current, self.ordinal, self.total = name, None, {}, 0
        self.ready: float | None = None

    def notebook_start(self, notebook: Any, **_: Any) -> None:
        self.ready = time.monotonic()  # the kernel has started and answered
        code = [i for i, c in enumerate(notebook.cells)
                if c.cell_type == "code" and c.source.strip()]
        self.ordinal, self.total = {idx: k for k, idx in enumerate(code, 1)}, len(code)

    def cell_start(self, cell: Any, cell_index: int, **_: Any) -> None:
        self.current = cell_index
        if cell_index in self.ordinal and _EVENTS is not None:
            _EVENTS.put(("sel", self.name, self.ordinal[cell_index], self.total))


def execute_notebook(task: dict[str, Any]) -> dict[str, Any]:
    """Execute and render one notebook (in a worker process); returns plain data.

    The seconds of its steps go to the run's timing file (:mod:`kompetensi.core.timing`).
    """
    start = time.monotonic()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(task["env"])
    _kernel_pythonpath(Path(task["project_root"]))
    output, hooks, error = Path(task["output"]), _CellEvents(task["name"]), None
    start = time.monotonic()
    try:
        papermill.execute_notebook(
            task["input"], task["output"], parameters=task["parameters"],
            kernel_name="python3", language="python", cwd=task["cwd"], progress_bar=False,
            engine_name=_engine_name(),
            execution_timeout=task["timeout"],
            kernel_manager_class=_kernel_manager_class(task["executable"]),
            # every cell has run and its outputs are in: the kernel is killed, not asked to
            # exit (a graceful exit of a kernel holding pandas and matplotlib costs ~0.4 s)
            shutdown_kernel="immediate",
            on_notebook_start=hooks.notebook_start, on_cell_start=hooks.cell_start)
    except PapermillExecutionError as exc:
        error = {"cell_index": exc.cell_index, "execution_count": exc.exec_count,
                 "ename": exc.ename, "evalue": one_line(exc.evalue)}
    except Exception as exc:  # timeout, dead kernel, unreadable notebook
        error = {"cell_index": hooks.current, "execution_count": None,
                 "ename": type(exc).__name__, "evalue": one_line(str(exc))}
    executed = time.monotonic()
    duration = executed - start
    html, cells = None, {}
    if output.exists():
        try:
            cells = _tidy_metadata(output, Path(task["input"]), Path(task["project_root"]))
            html = str(render.render_notebook(output, Path(task["html"]),
                                              resources_dir=Path(task["cwd"])))
        except Exception as exc:  # a notebook that cannot be rendered fails
            error = error or {"cell_index": None, "execution_count": None,
                              "ename": type(exc).__name__,
                              "evalue": "HTML tidak dapat dibuat: " + one_line(str(exc))}
    kernel = (hooks.ready or executed) - start
    timing.record_steps(task["name"], {
        "kernel": kernel, **cells,
        "papermill_lain": max(0.0, duration - kernel - sum(cells.values())),
        "html": time.monotonic() - executed})
    return {"duration": duration, "error": error, "html": html,
            "ipynb": str(output) if output.exists() else None}


def _kernel_pythonpath(project_root: Path) -> None:
    """Let the kernel import this very ``kompetensi`` when it runs from a source checkout."""
    package_root = Path(__file__).resolve().parents[2]
    if package_root != project_root.resolve() or not (package_root / "pyproject.toml").exists():
        return
    entries = [e for e in os.environ.get("PYTHONPATH", "").split(os.pathsep) if e]
    if str(package_root) not in entries:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(package_root), *entries])


def _tidy_metadata(output: Path, source: Path, project_root: Path) -> dict[str, float]:
    """Record papermill's input and output paths relative, and give its cells stable ids.

    Returns the seconds of the notebook's cells (papermill's ``duration`` of each):
    ``impor``, the first code cell after the parameters (the notebooks import there), and
    ``sel``, every other cell.

    papermill gives the cells it inserts (injected parameters, error markers) random ids
    (``uuid4``); they are renamed ``injected-parameters`` / ``papermill-galat-<k>`` so the
    executed notebook of an unchanged run is identical apart from its times.
    """
    import nbformat

    nb = nbformat.read(output, as_version=4)
    meta = nb.metadata.setdefault("papermill", {})
    meta["input_path"] = (source.relative_to(project_root).as_posix()
                          if source.is_relative_to(project_root) else source.name)
    meta["output_path"] = output.name
    try:
        original = {cell.get("id") for cell in nbformat.read(source, as_version=4).cells}
    except (OSError, ValueError):
        original = set()
    taken = {cell.get("id") for cell in nb.cells if cell.get("id") in original}
    markers = 0
    for cell in nb.cells:
        if "id" not in cell or cell["id"] in original:
            continue
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            stem = "injected-parameters"
        else:
            markers += 1
            stem = f"papermill-galat-{markers}"
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}-{k}"
        cell["id"] = name
        taken.add(name)
    nbformat.write(nb, output)
    return _cell_seconds(nb.cells)


def _cell_seconds(cells: list[Any]) -> dict[str, float]:
    code = [c for c in cells if c.cell_type == "code"]
    tags = [set(c.get("metadata", {}).get("tags", [])) for c in code]
    after = max((k for k, t in enumerate(tags) if t & {"parameters", "injected-parameters"}),
                default=-1) + 1
    seconds = [float(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)
               for c in code]
    imports = seconds[after] if after < len(seconds) else 0.0
    return {"impor": imports, "sel": sum(seconds) - imports}
