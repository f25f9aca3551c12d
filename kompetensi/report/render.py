"""Rendering of a cycle's report folder: one HTML page per executed notebook, and ``index.html``.

The notebook pages are for reviewers: no code, no prompts, images embedded, and no script or
style fetched from the network (the JupyterLab template with its require.js, MathJax, mermaid
and widget loaders removed; its CSS is inlined by nbconvert). LaTeX in Markdown cells is
therefore shown as written, not typeset. ``index.html`` is a small self-contained page (inline
CSS only) with the run's status, links and headline indicators from ``hasil/*.json``.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from kompetensi.core.formats import angka, waktu_wib
from kompetensi.report import present
from kompetensi.report.headlines import Headline
from kompetensi.report.pages import BASE_CSS, SUMMARY, forced_box
from kompetensi.report.publish import SYNTHETIC_BANNER

# Blocks of the JupyterLab template that would load scripts from a CDN.
_OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
_OFFLINE_TEMPLATE_NAME = "kompetensi_offline.html.j2"


def render_notebook(ipynb: Path, target: Path, *, resources_dir: Path | None = None) -> Path:
    """Render an executed notebook to reviewer HTML (outputs and Markdown only).

    Parameters
    ----------
    ipynb
        The executed notebook (possibly only partly executed, when a cell failed).
    target
        The HTML file to write.
    resources_dir
        Folder against which relative image paths in Markdown cells are resolved (the folder
        of the source notebook).

    Returns
    -------
    Path
        ``target``.

    Notes
    -----
    Output streams written to ``stderr`` (warnings, logging) are left out of the HTML; they
    stay in the executed ``.ipynb`` for technical review. Error outputs are kept, so a failed
    notebook shows where it stopped.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = _for_reviewers(nbformat.read(ipynb, as_version=4))
    exporter = HTMLExporter(
        template_name="lab",
        template_file=_OFFLINE_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_OFFLINE_TEMPLATE_NAME: _OFFLINE_TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="id",
    )
    resources = {"metadata": {"name": ipynb.stem,
                              "path": str(resources_dir or ipynb.parent)}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    target.write_text(add_toc_and_boxes(body), encoding="utf-8")
    return target


_REVIEW_CSS = """<style>
nav.kompetensi-toc{border:1px solid #cbd2d9;background:#f8fafc;padding:.5rem 1.5rem;
margin:1rem 0}
nav.kompetensi-toc ol{margin:.25rem 0}
.jp-RenderedMarkdown blockquote{border:2px solid #f0b429;background:#fffbea;
padding:.5rem 1rem;margin:1rem 0}
</style>"""
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', re.S)


def add_toc_and_boxes(page: str) -> str:
    """Insert a table of contents of the ``##`` headings and box caveats (block quotes).

    Inline CSS only (the page stays self-contained); the contents list goes after the
    first ``<h1>`` (else at the start of ``<main>``), or after the executive summary when the
    page opens with it (notebook 07: its first screen is the brief). A page with fewer than two
    sections gets no contents list.

    Examples
    --------
    >>> page = ('<head></head><main><h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2>'
    ...         '<h2 id="b">B<a class="anchor-link" href="#b">¶</a></h2></main>')
    >>> 'href="#a">A</a>' in add_toc_and_boxes(page)
    True
    """
    page = page.replace("</head>", _REVIEW_CSS + "\n</head>", 1)
    sections = _H2.findall(page)
    if len(sections) < 2 or "<main>" not in page:
        return page
    items = "".join(f'<li><a href="#{anchor}">{re.sub(r"<[^>]+>", "", title).strip()}</a></li>'
                    for anchor, title in sections)
    toc = f'<nav class="kompetensi-toc" aria-label="Daftar isi"><strong>Daftar isi</strong>' \
          f"<ol>{items}</ol></nav>"
    if sections[0][0] == SUMMARY_ANCHOR:  # a page that opens with its summary: after it
        second = f'<h2 id="{sections[1][0]}">'
        return page.replace(second, toc + second, 1)
    if re.search(r"</h1>", page):  # after the notebook's title
        return re.sub(r"(</h1>)", lambda m: m.group(1) + toc, page, count=1)
    return page.replace("<main>", "<main>" + toc, 1)


SUMMARY_ANCHOR = "Ringkasan-eksekutif"  # the section of notebook 07 that comes first
_ERROR_TAG = "papermill-error-cell-tag"
_SKIPPED = "NotebookSkipped"  # kompetensi.report.publish.NotebookSkipped


def _for_reviewers(nb: Any) -> Any:
    """A copy without stderr streams, with stable cell ids and Indonesian error markers.

    papermill gives the cells it inserts (parameters, error markers) random ids, which the
    HTML uses as anchors; numbering every cell by position keeps the HTML of an unchanged
    notebook identical from run to run.
    """
    nb = copy.deepcopy(nb)
    skipped = any(out.get("output_type") == "error" and out.get("ename") == _SKIPPED
                  for cell in nb.cells for out in cell.get("outputs", []))
    if skipped:  # a skip is not an error: its reason is on the page, the traceback is not
        nb.cells = [cell for cell in nb.cells
                    if _ERROR_TAG not in cell.get("metadata", {}).get("tags", [])]
    markers = 0
    for index, cell in enumerate(nb.cells):
        if "id" in cell:
            cell["id"] = f"sel-{index}"
        if cell.get("cell_type") == "code":
            cell.outputs = [out for out in cell.get("outputs", [])
                            if not (out.get("output_type") == "stream"
                                    and out.get("name") == "stderr")
                            and out.get("ename") != _SKIPPED]
        elif _ERROR_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = _error_marker(cell.source, first=markers == 0)
            markers += 1
    return nb


def _error_marker(source: str, *, first: bool) -> str:
    # Markdown only: nbconvert's Markdown renderer empties inline HTML elements.
    if not first:
        return "**⚠️ Eksekusi berhenti di sini karena galat:**"
    match = re.search(r"In \[(\d+)\]", source)
    where = f"In [{match.group(1)}]" if match else "sebuah sel"
    return (f"## ⚠️ Notebook ini berhenti karena galat pada sel {where}\n\n"
            "Hasil setelah sel itu tidak tersedia; pesan galatnya ada di bawah.")


# --- index.html -----------------------------------------------------------------------------

def banner_html() -> str:
    """The synthetic-data banner (:data:`kompetensi.report.publish.SYNTHETIC_BANNER`) as HTML."""
    text = html.escape(SYNTHETIC_BANNER)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
    return f'<div class="banner" role="alert">⚠️ {text}</div>'


def write_index(target: Path, *, dataset: str, siklus: int, synthetic: bool, ok: bool,
                started: datetime, finished: datetime, notebooks: Sequence[Any],
                headlines: Iterable[Headline], findings: Sequence[Any],
                scan_error: str | None, partial: bool,
                forced: Sequence[str] = ()) -> Path:
    """Write ``index.html``: the overview reviewers open first.

    Parameters
    ----------
    notebooks
        :class:`kompetensi.pipeline.runs.NotebookRun` objects, in run order.
    findings
        :class:`kompetensi.pipeline.runs.PrivacyFinding` objects (file and kind only, never the value).
    scan_error
        Why the privacy scan could not run, or None.
    partial
        True when only some notebooks were run (``only=``).
    forced
        What the readiness gate found, when the run was forced past it (``--paksa``).
    """
    esc = html.escape
    folder = target.parent
    parts = [
        "<!DOCTYPE html>", '<html lang="id">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Laporan {esc(dataset)} siklus {siklus}</title>",
        f"<style>{BASE_CSS}</style>", "</head>", "<body>", "<main>",
        "<h1>Laporan Pengembangan Kompetensi ASN Kota Pangkalpinang</h1>",
        f'<p class="muted">Dataset <strong>{esc(dataset)}</strong> · siklus '
        f"<strong>{siklus}</strong></p>",
    ]
    if synthetic:
        parts.append(banner_html())
    if forced:
        parts.append(forced_box(forced))
    status = ('<span class="ok">BERHASIL</span>' if ok else '<span class="fail">GAGAL</span>')
    parts += [
        '<table class="meta">',
        f"<tr><td>Status keseluruhan</td><td>{status}</td></tr>",
        f"<tr><td>Dataset</td><td>{esc(dataset)}</td></tr>",
        f"<tr><td>Siklus</td><td>{siklus}</td></tr>",
        f"<tr><td>Mulai</td><td>{waktu_wib(started)}</td></tr>",
        f"<tr><td>Selesai</td><td>{waktu_wib(finished)}</td></tr>",
        f"<tr><td>Cakupan</td><td>{'sebagian notebook' if partial else 'semua notebook'}"
        "</td></tr>",
        '<tr><td>Rincian teknis</td><td><a href="manifest.json">manifest.json</a> '
        "(parameter, hash berkas masukan, versi paket, commit git)</td></tr>",
        "</table>",
        "<h2>Notebook</h2>",
        "<table><thead><tr><th>Notebook</th><th>Status</th><th>Durasi</th>"
        "<th>Laporan</th><th>Notebook tereksekusi</th><th>Keterangan</th></tr></thead><tbody>",
    ]
    for run in notebooks:
        state = (f'<span class="ok">{esc(run.status)}</span>' if run.ok
                 else f'<span class="fail">{esc(run.status)}</span>')
        parts.append(
            f"<tr><td>{esc(run.name)}</td><td>{state}</td>"
            f'<td class="num">{angka(run.duration, 1)} detik</td>'
            f"<td>{_link(folder, run.html)}</td><td>{_link(folder, run.ipynb)}</td>"
            f"<td>{esc(run.remark())}</td></tr>")
    parts.append("</tbody></table>")
    starts = [(name, label) for name, label in (
        (SUMMARY, "Ringkasan eksekutif: temuan utama dan rekomendasi (mulai di sini)"),
        ("07_ringkasan_kebijakan.html", "Ringkasan kebijakan: indikator, rekomendasi, dasar "
         "buktinya"),
        ("sumber.html", "Sumber dan asumsi: aturan, asumsi, tabel rujukan"),
        ("tabel.xlsx", "Semua tabel dalam satu berkas Excel (tabel.xlsx)"))
        if (folder / name).exists()]
    if starts:
        parts.insert(parts.index("<h2>Notebook</h2>"), "<h2>Mulai di sini</h2><ul>" + "".join(
            f'<li><a href="{esc(name)}">{esc(label)}</a></li>' for name, label in starts)
            + "</ul>")
    parts += _privacy_html(findings, scan_error)
    stale = any(h.stale for h in headlines if h.notebook == present.INDICATOR_TABLE_NOTEBOOK)
    parts += present.indicator_tables_html(folder, stale=stale)
    parts += ['<p class="muted">Waktu dalam WIB (UTC+7). Halaman ini dibuat otomatis oleh '
              "<code>kompetensi run</code>.</p>", "</main>", "</body>", "</html>", ""]
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def _link(folder: Path, path: Path | None) -> str:
    if path is None or not Path(path).exists():
        return '<span class="muted">tidak ada</span>'
    name = Path(path).relative_to(folder).as_posix() if Path(path).is_relative_to(folder) \
        else Path(path).name
    return f'<a href="{html.escape(name)}">{html.escape(name)}</a>'


def _privacy_html(findings: Sequence[Any], scan_error: str | None) -> list[str]:
    esc = html.escape
    parts = ["<h2>Pemeriksaan data pribadi</h2>"]
    if scan_error:
        parts.append('<div class="box-fail">Pemindaian data pribadi tidak dapat dijalankan: '
                     f"{esc(scan_error)}. Laporan tidak boleh diedarkan.</div>")
    elif findings:
        parts += [f'<div class="box-fail">Ditemukan {len(findings)} kemungkinan kebocoran data '
                  "pribadi. Laporan tidak boleh diedarkan sampai diperbaiki. (Nilai yang "
                  "ditemukan sengaja tidak ditampilkan.)</div>",
                  "<table><thead><tr><th>Berkas</th><th>Jenis</th></tr></thead><tbody>"]
        parts += [f"<tr><td>{esc(f.file)}</td><td>{esc(f.kind)}</td></tr>" for f in findings]
        parts.append("</tbody></table>")
    else:
        parts.append('<div class="box-ok">Tidak ditemukan NIP, nama, atau tanggal lahir pada '
                     "berkas laporan.</div>")
    return parts
