"""What a run records: the outcome of each notebook and of the whole run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATUS_OK = "berhasil"
STATUS_FAILED = "gagal"
STATUS_SKIPPED = "dilewati"  # the notebook said it has nothing to analyse (Report.skip)


@dataclass(frozen=True)
class CellError:
    """Where and why a notebook stopped.

    ``cell_index`` counts every cell of the executed notebook from 0 (papermill's numbering,
    the injected parameters cell included); ``execution_count`` is the ``In [n]`` shown in
    Jupyter. Either is None when the failure was not in a cell (e.g. the kernel did not start).
    """

    cell_index: int | None
    execution_count: int | None
    ename: str
    evalue: str

    def describe(self) -> str:
        """E.g. ``Gagal di sel In [4] (indeks sel 3): ValueError: ...``."""
        where = []
        if self.execution_count is not None:
            where.append(f"sel In [{self.execution_count}]")
        if self.cell_index is not None:
            where.append(f"(indeks sel {self.cell_index})" if where
                         else f"sel indeks {self.cell_index}")
        message = f"{self.ename}: {self.evalue}" if self.evalue else self.ename
        return f"Gagal di {' '.join(where)}: {message}" if where else f"Gagal: {message}"


@dataclass(frozen=True)
class NotebookRun:
    """The outcome of one notebook: status ``berhasil``/``gagal``, seconds, files written."""

    name: str
    status: str
    duration: float
    ipynb: Path | None
    html: Path | None
    error: CellError | None = None

    @property
    def ok(self) -> bool:
        return self.status in (STATUS_OK, STATUS_SKIPPED)

    @classmethod
    def from_outcome(cls, name: str, outcome: dict) -> NotebookRun:
        """From the plain data :func:`kompetensi.pipeline.execution.execute_notebook` returns."""
        error = CellError(**outcome["error"]) if outcome["error"] else None
        status = STATUS_OK if error is None else (
            STATUS_SKIPPED if error.ename == "NotebookSkipped" else STATUS_FAILED)
        return cls(name=name, status=status, duration=round(float(outcome["duration"]), 2),
                   ipynb=Path(outcome["ipynb"]) if outcome["ipynb"] else None,
                   html=Path(outcome["html"]) if outcome["html"] else None, error=error)

    def entry(self) -> dict:
        """The notebook as ``manifest.json`` records it (file names, no paths)."""
        return {"name": self.name, "status": self.status, "duration": self.duration,
                "ipynb": self.ipynb.name if self.ipynb else None,
                "html": self.html.name if self.html else None,
                "error": None if self.error is None else {
                    "cell_index": self.error.cell_index,
                    "execution_count": self.error.execution_count,
                    "ename": self.error.ename, "evalue": self.error.evalue}}

    def remark(self) -> str:
        """Why it stopped: the failing cell and error, or the reason it was skipped."""
        if self.error is None:
            return ""
        if self.status == STATUS_SKIPPED:
            return f"Dilewati: {self.error.evalue}"
        return self.error.describe()


@dataclass(frozen=True)
class PrivacyFinding:
    """A possible leak in a published file: file (relative to the report folder) and kind."""

    file: str
    kind: str


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run`; ``ok`` needs every notebook and the privacy scan to pass."""

    ok: bool
    report_dir: Path
    notebooks: tuple[NotebookRun, ...]
    findings: tuple[PrivacyFinding, ...] = ()
    scan_error: str | None = None

    @property
    def failed(self) -> tuple[NotebookRun, ...]:
        return tuple(nb for nb in self.notebooks if not nb.ok)
