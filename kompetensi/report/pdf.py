"""One PDF of a cycle's report folder, printed by headless Chromium and merged with pypdf.

Order: a cover with the contents (page numbers), the executive summary, notebook 07, the other
notebooks by number, the sources page. Each part is printed from a copy of its page (in a
temporary folder) that numbers its pages from where the part starts in the whole document, so
the page numbers in the margin (``laporan.css``) run through the PDF: every part is printed
twice, once to count its pages and once numbered. Then:

- the PDF outline has an entry per part with the part's headings below it;
- links between parts go to the right page (Chromium writes them as ``file://`` addresses of
  the temporary copies); links to other files of the folder (index, workbook) are removed, so
  no local path is left in the PDF;
- the metadata are set explicitly (no creation date): the same folder gives the same bytes.

Written to ``<report folder>/laporan_<dataset>_<siklus>.pdf``.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kompetensi.core.errors import KompetensiError
from kompetensi.report import pages

CHROMIUM_ENV = "KOMPETENSI_CHROMIUM"
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_LINKED = re.compile(r'href="([^"#/:]+\.html)#([^"]+)"')


@dataclass(frozen=True)
class Part:
    """A page of the report folder printed into the PDF, with its outline title."""

    file: str
    title: str


@dataclass(frozen=True)
class PdfResult:
    """The PDF written: its path, page count, each part's first page (1-based) and seconds."""

    path: Path
    pages: int
    parts: tuple[tuple[str, int, int], ...]  # (title, first page, pages)
    seconds: float


def pdf_name(dataset: str, siklus: int) -> str:
    """``laporan_<dataset>_<siklus>.pdf``."""
    return f"laporan_{dataset}_{int(siklus)}.pdf"


def find_chromium() -> str:
    """The Chromium executable (``$KOMPETENSI_CHROMIUM``, else ``chromium`` on the PATH).

    Raises
    ------
    KompetensiError
        When there is none, naming the package to install.
    """
    configured = os.environ.get(CHROMIUM_ENV)
    found = shutil.which(configured) if configured else next(
        (path for name in _CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if not found:
        raise KompetensiError(
            "Chromium tidak ditemukan, padahal PDF laporan dicetak dengan Chromium tanpa layar. "
            "Pasang dengan `sudo apt-get install chromium` (Debian/Ubuntu), atau isi "
            f"{CHROMIUM_ENV} dengan path program Chromium/Chrome.")
    return found


def pdf_parts(folder: Path) -> list[Part]:
    """The pages of ``folder`` that go into the PDF, in order, with their titles."""
    folder = Path(folder)
    parts = [Part(pages.SUMMARY, "Ringkasan eksekutif")] if (folder / pages.SUMMARY).exists() \
        else []
    stems = [p.stem for p in folder.glob("*.html") if pages.NOTEBOOK_PAGE.match(p.name)]
    for stem in pages.report_order(stems):
        text = (folder / f"{stem}.html").read_text(encoding="utf-8")
        number, label = pages.short_label(pages.page_title(text), stem)
        parts.append(Part(f"{stem}.html", f"{number} {label}"))
    if (folder / pages.SOURCES).exists():
        parts.append(Part(pages.SOURCES, "Sumber dan asumsi"))
    return parts


def build_cycle_pdf(dataset: str, siklus: int, *, reports_dir: Path | None = None,
                    jobs: int = 2) -> PdfResult:
    """The PDF of a cycle's published report folder, under the cycle's lock.

    Parameters
    ----------
    dataset, siklus
        The cycle.
    reports_dir
        Root of the reports (default ``config.reports_root()``).
    jobs
        Chromium processes at the same time.

    Raises
    ------
    KompetensiError
        No report folder (run ``kompetensi run`` first), another process is writing it, or
        printing failed (see :func:`build_pdf`).
    """
    from kompetensi.core import config, locks

    folder = (Path(reports_dir).expanduser().resolve() / dataset / str(int(siklus))
              if reports_dir is not None else config.reports_dir(dataset, siklus))
    chromium = find_chromium()
    if not folder.is_dir() or not pdf_parts(folder):
        raise KompetensiError(f"belum ada laporan di {folder}: jalankan dulu `kompetensi run "
                              f"--dataset {dataset} --siklus {siklus}`")
    with locks.hold(folder, wait=0, busy=(
            f"laporan {dataset}/{siklus} sedang dibuat oleh proses lain (kunci "
            f"{locks.lock_path(folder)}); tunggu sampai selesai, lalu ulangi")):
        return build_pdf(folder, dataset=dataset, siklus=siklus,
                         synthetic=config.is_synthetic(dataset), chromium=chromium, jobs=jobs)


def build_pdf(folder: Path, *, dataset: str, siklus: int, synthetic: bool,
              target: Path | None = None, chromium: str | None = None, jobs: int = 2,
              timeout: float = 300) -> PdfResult:
    """Print the report folder into one PDF (see the module docstring).

    Parameters
    ----------
    folder
        The report folder (``reports/<dataset>/<siklus>``), already rendered.
    dataset, siklus
        The cycle, for the cover, the metadata and the file name.
    synthetic
        Whether the cover carries the synthetic-data banner.
    target
        The PDF to write (default ``<folder>/laporan_<dataset>_<siklus>.pdf``).
    chromium
        Chromium executable (default :func:`find_chromium`).
    jobs
        Chromium processes at the same time.
    timeout
        Seconds one page may take to print.

    Returns
    -------
    PdfResult

    Raises
    ------
    KompetensiError
        No Chromium, no page to print, or Chromium failed on a page.
    """
    from kompetensi.report import pdfmerge

    start = time.monotonic()
    folder = Path(folder)
    target = Path(target) if target is not None else folder / pdf_name(dataset, siklus)
    chromium = chromium or find_chromium()
    parts = pdf_parts(folder)
    if not parts:
        raise KompetensiError(f"tidak ada halaman laporan untuk dicetak di {folder}")
    texts = {p.file: (folder / p.file).read_text(encoding="utf-8") for p in parts}
    wanted = _linked_anchors(texts)
    with tempfile.TemporaryDirectory(prefix="kompetensi-pdf-") as tmp:
        work = Path(tmp)
        for sub in ("gambar", "tabel"):  # pages may refer to published images
            if (folder / sub).is_dir():
                (work / sub).symlink_to((folder / sub).resolve(), target_is_directory=True)

        def print_all(offsets: dict[str, int], cover: str) -> dict[str, Path]:
            jobs_list = [("sampul.html", _numbered(cover, offsets["sampul.html"], ()))] + [
                (p.file, _numbered(texts[p.file], offsets[p.file], wanted.get(p.file, ())))
                for p in parts]
            for name, text in jobs_list:
                (work / name).write_text(text, encoding="utf-8")
            with ThreadPoolExecutor(max(1, jobs)) as pool:
                done = pool.map(lambda n: _print(chromium, work, n, timeout),
                                [name for name, _ in jobs_list])
                return dict(zip([name for name, _ in jobs_list], done, strict=True))

        names = ["sampul.html", *(p.file for p in parts)]
        cover = cover_html(dataset, siklus, synthetic, [(p.title, 0) for p in parts], folder)
        first = print_all(dict.fromkeys(names, 0), cover)
        counts = {name: pdfmerge.page_count(path) for name, path in first.items()}
        for _ in range(3):  # the cover's own length decides where the parts start
            offsets, page = {}, 0
            for name in names:
                offsets[name] = page
                page += counts[name]
            cover = cover_html(dataset, siklus, synthetic,
                               [(p.title, offsets[p.file] + 1) for p in parts], folder)
            printed = print_all(offsets, cover)
            new_counts = {name: pdfmerge.page_count(path) for name, path in printed.items()}
            if new_counts == counts:
                break
            counts = new_counts
        total = pdfmerge.merge(
            [(printed["sampul.html"], "Sampul dan daftar isi", "sampul.html")]
            + [(printed[p.file], p.title, p.file) for p in parts], target,
            title=f"Laporan Pengembangan Kompetensi ASN — {dataset} siklus {int(siklus)}",
            subject="Laporan siklus pengembangan kompetensi ASN Kota Pangkalpinang")
    return PdfResult(target, total, tuple((p.title, offsets[p.file] + 1, counts[p.file])
                                          for p in parts), round(time.monotonic() - start, 1))


def _linked_anchors(texts: dict[str, str]) -> dict[str, set[str]]:
    """Anchors of each part that other parts link to."""
    wanted: dict[str, set[str]] = {}
    for name, text in texts.items():
        for file, anchor in _LINKED.findall(text):
            if file in texts and file != name:
                wanted.setdefault(file, set()).add(html.unescape(anchor))
    return wanted


def _numbered(page: str, offset: int, anchors: Sequence[str] | set[str]) -> str:
    """A print copy: pages numbered from ``offset + 1``; ``anchors`` made PDF destinations.

    Chromium writes a PDF destination only for an anchor that the page links to; the links
    of an invisible block make every anchor other parts point at a destination.
    """
    style = f'<style id="kompetensi-pdf">html{{counter-reset:page {int(offset)}}}</style>\n'
    page = page.replace("</head>", style + "</head>", 1)
    if anchors:
        block = ('<div aria-hidden="true" style="position:absolute;width:0;height:0;'
                 'overflow:hidden">' + "".join(f'<a href="#{html.escape(a)}">.</a>'
                                               for a in sorted(anchors)) + "</div>")
        index = page.rfind("</body>")
        page = page[:index] + block + page[index:] if index >= 0 else page + block
    return page


def _print(chromium: str, work: Path, name: str, timeout: float) -> Path:
    """Print ``work/name`` to ``work/name.pdf`` with headless Chromium."""
    out = work / f"{name}.pdf"
    profile = work / f".profil-{name}"
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--hide-scrollbars", "--no-pdf-header-footer",
               "--generate-pdf-document-outline", f"--user-data-dir={profile}",
               f"--print-to-pdf={out}", (work / name).resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise KompetensiError(f"Chromium tidak selesai mencetak {name} dalam "
                              f"{timeout:.0f} detik") from exc
    shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        last = (done.stderr or "").strip().splitlines()[-1:] or [""]
        raise KompetensiError(f"Chromium gagal mencetak {name} (kode {done.returncode}): "
                              f"{last[0][:300]}")
    return out


def cover_html(dataset: str, siklus: int, synthetic: bool,
               contents: Sequence[tuple[str, int]], folder: Path | None = None) -> str:
    """The cover and contents page; ``contents`` are (part title, first page; 0: unknown)."""
    from kompetensi.report.render import banner_html

    esc = html.escape
    rows = "".join(
        f'<li><span class="judul">{esc(title)}</span><span class="titik"></span>'
        f'<span class="hlm">{page if page else "000"}</span></li>' for title, page in contents)
    finished = _finished(folder) if folder is not None else ""
    body = [
        '<div class="sampul">', "<h1>Laporan Pengembangan Kompetensi ASN Kota Pangkalpinang</h1>",
        f'<p class="sub">Siklus {int(siklus)} · dataset {esc(dataset)}</p>',
        banner_html() if synthetic else "",
        f'<p class="muted">{esc(finished)}</p>' if finished else "",
        "<h2>Daftar isi</h2>", f'<ol class="isi">{rows}</ol>',
        '<p class="muted">Halaman-halaman laporan ini juga tersedia sebagai HTML di folder '
        "laporan (mulai dari <code>index.html</code>). Angka tabel tersedia di "
        "<code>tabel.xlsx</code> dan <code>tabel/*.csv</code>.</p>", "</div>"]
    css = ("<style>.sampul h1{font-size:1.9rem;margin-top:3rem}.sub{font-size:1.2rem}"
           "ol.isi{list-style:none;padding:0}ol.isi li{display:flex;align-items:baseline;"
           "margin:.35rem 0}.titik{flex:1;border-bottom:1px dotted #9aa5b1;margin:0 .4rem}"
           ".hlm{font-variant-numeric:tabular-nums}</style>")
    page = pages.standalone_page(f"Laporan {dataset} siklus {int(siklus)}", body)
    return page.replace("</head>", pages.stylesheet(synthetic) + css + "</head>", 1)


def _finished(folder: Path) -> str:
    """When the run that made the folder finished (from ``manifest.json``), in WIB."""
    import json
    from datetime import datetime

    from kompetensi.core.formats import waktu_wib

    try:
        moment = datetime.fromisoformat(
            json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["finished"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return f"Dibuat dari run yang selesai {waktu_wib(moment)}."
