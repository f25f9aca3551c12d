"""The pages of a report folder that the runner writes itself, and the finishing pass.

:func:`write_pages` runs once every notebook has been rendered: it writes the sources page
(:mod:`kompetensi.report.sources`) and the executive summary
(:mod:`kompetensi.report.executive`), then finishes every page
(:func:`kompetensi.report.pages.finish_pages`). :func:`finish_index` finishes ``index.html``,
which is written last.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kompetensi.report import executive, pages, render, sources


def write_pages(folder: Path, *, dataset: str, siklus: int, notebooks: Sequence[str],
                synthetic: bool, forced: Sequence[str] = ()) -> list[Path]:
    """Write ``sumber.html`` and ``ringkasan_eksekutif.html``, then finish every page.

    Parameters
    ----------
    folder
        The report folder (the run's temporary folder during ``kompetensi run``).
    dataset, siklus
        The cycle.
    notebooks
        Stems of the run's notebooks (the header bar lists them in report order).
    synthetic
        Whether the dataset is synthetic (banner on the summary and on printed pages).
    forced
        What the readiness gate found, when the run was forced past it.

    Returns
    -------
    list of Path
        The pages finished.
    """
    folder = Path(folder)
    sources.write_sources(folder / pages.SOURCES)
    executive.write_summary_page(folder / pages.SUMMARY, dataset=dataset, siklus=siklus,
                                 synthetic=synthetic, banner=render.banner_html(),
                                 forced=forced)
    return pages.finish_pages(folder, notebooks=notebooks, synthetic=synthetic)


def finish_index(folder: Path, *, notebooks: Sequence[str], synthetic: bool) -> Path:
    """Give ``index.html`` the header bar, the print stylesheet and the links."""
    pages.finish_pages(folder, notebooks=notebooks, synthetic=synthetic, only=[pages.INDEX])
    return Path(folder) / pages.INDEX
