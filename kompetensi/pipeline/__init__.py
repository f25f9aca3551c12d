"""Layer 6: run the notebooks of a cycle and publish its report folder."""

from kompetensi.pipeline.runner import discover_notebooks, plan_stages, run
from kompetensi.pipeline.runs import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_SKIPPED,
    CellError,
    NotebookRun,
    PrivacyFinding,
    RunResult,
)
