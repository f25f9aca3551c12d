"""The executive summary page of a cycle (``ringkasan_eksekutif.html``).

Notebook 07 writes the summary into ``hasil/07_ringkasan_kebijakan.json``, under ``hasil``::

    "ringkasan_eksekutif": {
        "temuan": [{"teks": "...", "rujukan": "Tabel 3.4"}],
        "rekomendasi": [{"teks": "...", "aturan": "...", "rujukan": "Tabel 3.2"}]}

``teks`` and ``aturan`` may hold simple Markdown (``**tebal**``, ``*miring*``); ``rujukan`` is
a table or figure label (or empty) and becomes a link to it when the pages are finished
(:func:`kompetensi.report.pages.finish_pages`). Without the key (07 not run, or written by an
older version) the page says so.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kompetensi.report import pages

RESULTS = "07_ringkasan_kebijakan"
KEY = "ringkasan_eksekutif"


def read_summary(report_dir: Path) -> dict[str, Any] | None:
    """The ``ringkasan_eksekutif`` object of notebook 07's results, or None.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> print(read_summary(folder))
    None
    """
    path = Path(report_dir) / "hasil" / f"{RESULTS}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    summary = payload.get("hasil", {}).get(KEY) if isinstance(payload, dict) else None
    return summary if isinstance(summary, dict) else None


def inline_markdown(text: str) -> str:
    """Markdown of one paragraph as inline HTML (raw HTML escaped).

    Examples
    --------
    >>> inline_markdown("IKM **naik** 2,5 poin <b>")
    'IKM <strong>naik</strong> 2,5 poin &lt;b&gt;'
    """
    import mistune

    out = mistune.create_markdown(escape=True)(str(text or "")).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", out, flags=re.S)


def _reference(label: Any) -> str:
    label = str(label or "").strip()
    return f' <span class="rujukan">(lihat {html.escape(label)})</span>' if label else ""


def write_summary_page(target: Path, *, dataset: str, siklus: int, synthetic: bool,
                       banner: str = "", forced: Sequence[str] = ()) -> Path:
    """Write ``ringkasan_eksekutif.html`` from the report folder's ``hasil/`` (see above).

    Parameters
    ----------
    target
        ``<report folder>/ringkasan_eksekutif.html``.
    dataset, siklus
        The cycle reported.
    synthetic
        Whether to show ``banner`` (the synthetic-data banner).
    banner
        The banner's HTML (:func:`kompetensi.report.render.banner_html`).
    forced
        What the readiness gate found, when the run was forced past it (``--paksa``).

    Returns
    -------
    Path
        ``target``.
    """
    target = Path(target)
    summary = read_summary(target.parent)
    esc = html.escape
    title = f"Ringkasan eksekutif — siklus {int(siklus)}"
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="muted">Laporan Pengembangan Kompetensi ASN Kota Pangkalpinang · dataset '
            f"<strong>{esc(dataset)}</strong></p>"]
    if synthetic and banner:
        body.append(banner)
    if forced:
        body.append(pages.forced_box(forced))
    notebook = next(iter(sorted(target.parent.glob("07_*.html"))), None)
    detail = (f'<a href="{esc(notebook.name)}">ringkasan kebijakan (notebook 07)</a>'
              if notebook else "ringkasan kebijakan (notebook 07)")
    if summary is None:
        body.append('<div class="box-fail" role="status"><p><strong>Ringkasan eksekutif belum '
                    f"tersedia untuk siklus {int(siklus)}.</strong> Notebook 07 belum dijalankan "
                    "untuk siklus ini, atau hasilnya dibuat oleh versi lama yang belum menulis "
                    f"ringkasan eksekutif. Lihat {detail} dan halaman notebook lain.</p></div>")
    else:
        findings = [f for f in summary.get("temuan", []) if isinstance(f, dict)]
        advice = [r for r in summary.get("rekomendasi", []) if isinstance(r, dict)]
        body.append('<h2 id="temuan">Temuan utama</h2>')
        body.append('<ol class="temuan">' + "".join(
            f"<li>{inline_markdown(f.get('teks'))}{_reference(f.get('rujukan'))}</li>"
            for f in findings) + "</ol>" if findings
            else '<p class="muted">Tidak ada temuan yang dicatat.</p>')
        body.append('<h2 id="rekomendasi">Rekomendasi</h2>')
        body.append('<ol class="rekomendasi">' + "".join(
            f"<li><p>{inline_markdown(r.get('teks'))}</p>"
            + (f'<p class="aturan"><strong>Aturan:</strong> {inline_markdown(r.get("aturan"))}'
               f"{_reference(r.get('rujukan'))}</p>" if r.get("aturan")
               else (f'<p class="aturan">{_reference(r.get("rujukan")).strip()}</p>'
                     if r.get("rujukan") else ""))
            + "</li>" for r in advice) + "</ol>" if advice
            else '<p class="muted">Tidak ada rekomendasi yang dicatat.</p>')
        rules = ('; asumsi dan aturan: <a href="sumber.html">Sumber dan asumsi</a>'
                 if (target.parent / "sumber.html").exists() else "")
        body.append(f'<p class="muted">Rincian, ketidakpastian, dan dasar setiap angka: {detail}'
                    f"{rules}.</p>")
    css = ("<style>ol.temuan li,ol.rekomendasi li{margin:.45rem 0}.rujukan{color:#3e4c59;"
           "white-space:nowrap}.aturan{margin:.15rem 0 .6rem;color:#323f4b}"
           "ol.rekomendasi p{margin:.15rem 0}</style>")
    page = pages.standalone_page(title, body).replace("</head>", css + "</head>", 1)
    target.write_text(page, encoding="utf-8")
    return target
