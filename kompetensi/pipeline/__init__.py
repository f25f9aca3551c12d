"""Layer 6: run the notebooks of a cycle and publish its report folder."""

from kompetensi.pipeline.agency import STATUS_REUSED, agency_slugs, slugify
from kompetensi.pipeline.fanout import AgencyOutcome, FanoutResult, run_per_opd
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
