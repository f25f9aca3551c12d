"""Helpers that notebooks use to publish numbered tables, figures and headline results.

A :class:`Report` belongs to one notebook of one cycle. It numbers tables and figures as
``Tabel <notebook>.<k>`` / ``Gambar <notebook>.<k>``, shows the caption in the notebook, and
writes the published files into ``reports/<dataset>/<siklus>/``:

- ``tabel/<NN>_<name>.csv``  (UTF-8, ``,``, ``\\n``; deterministic)
- ``gambar/<NN>_<name>.png`` (300 dpi for print, no timestamp metadata)
- ``hasil/<NN>_<notebook>.json`` (sorted keys)

Published tables must hold aggregates only; :func:`kompetensi.privacy.disclosure.suppress_small_cells`
is applied by the caller where cells count people.
"""

from __future__ import annotations

import html
import json
import math
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kompetensi.core import config, timing
from kompetensi.core.published import Item, Prose, PublishedFigure, PublishedTable
from kompetensi.report import present

FORCED_BANNER = ("**Data siklus ini belum siap diolah**: laporan dibuat dengan "
                 "`kompetensi run --paksa`, walaupun pemeriksaan data menemukan:")
SYNTHETIC_BANNER = (
    "**DATA SINTETIS.** Laporan ini dibuat dari sampel sintetis yang dibangkitkan komputer "
    "(`data/raw/contoh`), bukan data ASN yang sebenarnya. Angka-angkanya hanya memperagakan "
    "metode dan tidak boleh dikutip sebagai fakta tentang Kota Pangkalpinang."
)


class NotebookSkipped(Exception):
    """Raised by :meth:`Report.skip`: the cycle has no data for this notebook.

    The runner records the notebook as ``dilewati`` (skipped) with the reason, not as failed.
    """


@dataclass
class Report:
    """Publisher of one notebook's outputs.

    Parameters
    ----------
    dataset, siklus
        The dataset and cycle being reported.
    notebook
        The notebook's stem, e.g. ``"01_pembersihan"``; its number prefixes captions and files.
    output_dir
        Report folder; default ``config.reports_dir(dataset, siklus)``.

    Examples
    --------
    >>> rep = Report("contoh", 2025, "01_pembersihan")            # doctest: +SKIP
    >>> rep.table(df, "kualitas_file", "Baris masuk dan keluar")  # doctest: +SKIP
    """

    dataset: str
    siklus: int
    notebook: str
    output_dir: Path | None = None
    captions: list[str] = field(default_factory=list, init=False)
    _n_tables: int = field(default=0, init=False)
    _n_figures: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.siklus = int(self.siklus)
        if self.output_dir is None:
            self.output_dir = config.reports_dir(self.dataset, self.siklus)
        self.output_dir = Path(self.output_dir)
        self.number = int(self.notebook.split("_", 1)[0])
        self.prefix = self.notebook.split("_", 1)[0]

    @property
    def synthetic(self) -> bool:
        return config.is_synthetic(self.dataset)

    def banner(self, opd: str | None = None) -> None:
        """Show the synthetic-data banner (synthetic datasets) and, when the run was forced
        past the readiness gate (``kompetensi run --paksa``), what the gate found; for the
        report of one agency (``opd``, ``kompetensi run --per-opd``), which agency it is."""
        if opd:
            _display_markdown(f"> **Laporan satu instansi: {html.escape(str(opd))}.** Semua "
                              "tabel dan gambar di halaman ini hanya menghitung ASN instansi "
                              "ini (daftar pegawai tiap siklus) dan catatan mereka.")
        if self.synthetic:
            _display_markdown(f"> ⚠️ {SYNTHETIC_BANNER}")
        forced = os.environ.get(config.FORCED_ENV)
        if forced:
            _display_markdown(f"> ⛔ {FORCED_BANNER} {html.escape(forced)}")

    def table(self, data: pd.DataFrame, name: str, title: str, *, source: str = "",
              note: str = "", show: bool = True, rows: int | None = None,
              per_row: tuple[str, ...] = ()) -> None:
        """Publish a table: ``tabel/NN_name.csv`` as computed, and on the page as a reader sees
        it (:func:`kompetensi.report.present.table_html`: labelled headers, Indonesian numbers,
        ``–`` for missing cells, caption, source and notes; caption in ``captions``).

        ``rows`` shows only the first rows on the page (the CSV has all; the note says so);
        ``per_row`` names numeric columns of a different quantity in each row, whose cells
        keep their own decimals.
        """
        self._n_tables += 1
        caption = f"Tabel {self.number}.{self._n_tables}. {title}"
        path = self.output_dir / "tabel" / f"{self.prefix}_{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        # pandas turns a consecutive integer index (e.g. ranks 1..n) into a RangeIndex: keep
        # any index that has a name.
        unnamed_range = isinstance(data.index, pd.RangeIndex) and data.index.name is None
        data.to_csv(path, index=not unnamed_range, lineterminator="\n", encoding="utf-8")
        _write_caption_sidecar(path, caption, source, note)
        if show:
            if rows is not None and len(data) > rows:
                note = (f"{note} Ditampilkan {rows} dari {len(data)} baris; tabel lengkap: "
                        f"tabel/{path.name}.").strip()
                data = data.head(rows)
            _display_html(present.table_html(
                data, index=not unnamed_range, stem=path.stem, anchor=present.anchor_of(caption),
                caption=caption, footer=self._footer(source, note), per_row=per_row))
        self.captions.append(caption)

    def _footer(self, source: str, note: str) -> str:
        origin = source or f"data {self.dataset} siklus {self.siklus}, diolah"
        return " ".join(part for part in (f"Sumber: {origin.rstrip('.')}.", note) if part)

    def figure(self, fig: Any, name: str, title: str, *, source: str = "", note: str = "",
               alt: str = "", show: bool = True) -> None:
        """Publish a matplotlib figure: ``gambar/NN_name.png``, shown with its caption and alt
        text (``alt``, else "Grafik: <title>") for readers of screen readers."""
        self._n_figures += 1
        caption = f"Gambar {self.number}.{self._n_figures}. {title}"
        path = self.output_dir / "gambar" / f"{self.prefix}_{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        fig.savefig(path, dpi=300, bbox_inches="tight", metadata={"Software": None})
        timing.record_steps(self.notebook, {"gambar": time.perf_counter() - started})
        _write_caption_sidecar(path, caption, source, note)
        if show:  # the saved PNG itself, whatever matplotlib backend the kernel uses
            _display_html(present.figure_html(
                path.read_bytes(), anchor=present.anchor_of(caption), caption=caption,
                alt=alt or f"Grafik: {title}", footer=self._footer(source, note)))
        import matplotlib.pyplot as plt

        plt.close(fig)
        self.captions.append(caption)

    def publish(self, items: Iterable[Item], *, source: str = "") -> None:
        """Publish an analysis step: each table, figure and text of ``items`` in turn."""
        for item in items:
            if isinstance(item, PublishedTable):
                self.table(item.data, item.name, item.title, source=source, note=item.note)
            elif isinstance(item, PublishedFigure):
                self.figure(item.figure, item.name, item.title, source=source, note=item.note,
                            alt=item.alt)
            elif isinstance(item, Prose):
                self.say(item.text)
            else:
                raise TypeError(f"cannot publish {type(item).__name__}")

    def say(self, text: str) -> None:
        """Show Markdown prose in the notebook (and so in its rendered page)."""
        _display_markdown(text)

    def skip(self, reason: str) -> None:
        """Stop the notebook here: say why, record it in ``hasil``, raise NotebookSkipped.

        For a cycle without the data a notebook needs (e.g. no stakeholder survey this year):
        the reader sees the reason, and ``kompetensi run`` marks the notebook as skipped.
        """
        _display_markdown(f"> **Bagian ini dilewati untuk siklus {self.siklus}.** {reason}")
        self.results({"dilewati": reason})
        raise NotebookSkipped(reason)

    def results(self, values: dict[str, Any]) -> Path:
        """Write headline results to ``hasil/<notebook>.json`` (sorted keys, NaN as null)."""
        path = self.output_dir / "hasil" / f"{self.notebook}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "notebook": self.notebook,
            "dataset": self.dataset,
            "siklus": self.siklus,
            "sintetis": self.synthetic,
            "hasil": _jsonable(values),
        }
        path.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return PublishedPath(path, folder=self.output_dir)


class PublishedPath(type(Path())):  # PosixPath or WindowsPath: Path cannot be subclassed in 3.11
    """A published file's path, shown in a notebook relative to the report folder.

    A notebook that ends with ``rep.results(...)`` displays the returned path; as a plain
    ``Path`` that output (and so the executed notebook and its HTML) held the absolute local
    path of the report folder, which differs between machines and runs. ``repr()`` and the
    path itself are unchanged; only IPython's display (``_repr_pretty_``) is relative.
    """

    def __init__(self, *args: Any, folder: Path | None = None) -> None:
        if sys.version_info >= (3, 12):
            super().__init__(*args)
        self._folder = folder

    if sys.version_info < (3, 12):
        def __new__(cls, *args: Any, folder: Path | None = None) -> PublishedPath:
            return super().__new__(cls, *args)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None and self.is_relative_to(folder):
            printer.text(self.relative_to(folder).as_posix())
        else:
            printer.text(repr(self))


def _write_caption_sidecar(path: Path, caption: str, source: str, note: str) -> None:
    meta = {"judul": caption, "sumber": source, "catatan": note}
    path.with_suffix(path.suffix + ".json").write_text(
        json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return _jsonable(value.to_dict(orient="records"))
    if isinstance(value, pd.Series):
        return _jsonable(value.to_dict())
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _display_html(fragment: str) -> None:
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return
    display(HTML(fragment))


def _display_markdown(text: str) -> None:
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        return
    display(Markdown(text))
