"""The ``Sumber dan asumsi`` page of a report folder (``sumber.html``).

Reviewers do not have the repository, so the pages cite this page instead of its files: the
assumptions log ``docs/asumsi.md`` rendered (each assumption row with its anchor, ``A-SKM-12``
→ ``#a-skm-12``), a note on the project's domain notes (``DOMAIN.md``), and the list of the
reference tables of ``kompetensi/reference/`` with what each holds and its row count.
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from pathlib import Path

from kompetensi.core import config
from kompetensi.report import links, pages

ASSUMPTIONS_FILE = config.DOCS_DIR / "asumsi.md"
REFERENCE_DIR = config.RIGHTS_FILE.parent
_ROW = re.compile(r"<tr>\n(\s*)<td>(A-[A-Z]+-\d+)</td>")
_HEADING = re.compile(r"<(/?)h([1-5])>")
_CODE_REF = re.compile(r"<code>(?:kompetensi/)?reference/([\w.-]+\.csv)</code>")

_INTRO = (
    "Halaman ini menggantikan berkas repositori yang dirujuk halaman laporan lain "
    "(<code>docs/asumsi.md</code>, <code>DOMAIN.md</code>, <code>kompetensi/reference/</code>),"
    " yang tidak ikut dibagikan bersama laporan. Status aturan: <strong>C</strong> "
    "terkonfirmasi dalam peraturan; <strong>C2</strong> dari sumber sekunder; "
    "<strong>U</strong> belum terkonfirmasi (asumsi yang dapat diganti).")
_DOMAIN = (
    "<code>DOMAIN.md</code> adalah catatan domain proyek: peraturan pengembangan kompetensi "
    "ASN, SKP, IP ASN, SKM, dan sumber setiap aturan beserta statusnya (C, C2, U). Catatan itu "
    "tidak ikut dibagikan; aturan yang dipakai analisis tercantum di log asumsi di atas dan di "
    "kolom <code>sumber</code> tabel rujukan di bawah (acuan seperti \"DOMAIN.md §1\" menunjuk "
    "bagian catatan itu).")


def render_assumptions(markdown: str) -> str:
    """The assumptions log as HTML: headings two levels down, each assumption row anchored.

    The first row of an id gets the anchor; a repeated id gets ``-2``, ``-3`` … appended.

    Examples
    --------
    >>> out = render_assumptions("# Log\\n\\n| id | a |\\n|---|---|\\n| A-JP-6 | x |\\n")
    >>> '<h3>Log</h3>' in out, '<tr id="a-jp-6">' in out, '<th scope="row">A-JP-6</th>' in out
    (True, True, True)
    """
    import mistune

    body = mistune.create_markdown(escape=True, plugins=["table"])(markdown)
    body = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", body)
    seen: Counter[str] = Counter()

    def anchor(match: re.Match[str]) -> str:
        ident = match.group(2)
        seen[ident] += 1
        suffix = "" if seen[ident] == 1 else f"-{seen[ident]}"
        return (f'<tr id="{links.anchor_id(ident)}{suffix}">\n{match.group(1)}'
                f'<th scope="row">{ident}</th>')

    body = _ROW.sub(anchor, body)
    return body.replace("<table>", '<div class="tabel-asumsi"><table>').replace(
        "</table>", "</table></div>")


def reference_tables(folder: Path = REFERENCE_DIR) -> list[tuple[str, str, int]]:
    """File name, what it holds and row count of each reference table (``*.csv``).

    What it holds: the first comment line (``# …``) if the file has one, else its columns,
    with the count of rows per status when it has a ``status`` column.
    """
    out = []
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            lines = fh.read().splitlines()
        comments = [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
        rows = list(csv.reader(line for line in lines if not line.startswith("#")))
        header, records = (rows[0], rows[1:]) if rows else ([], [])
        records = [r for r in records if any(cell.strip() for cell in r)]
        if comments and comments[0]:
            what = comments[0]
        else:
            what = "Kolom: " + ", ".join(header)
            if "status" in header:
                index = header.index("status")
                counts = Counter(r[index].strip() for r in records if len(r) > index)
                what += "; status " + ", ".join(f"{k or 'kosong'} {n}"
                                                for k, n in sorted(counts.items()))
        out.append((path.name, what, len(records)))
    return out


def write_sources(target: Path, *, assumptions: Path | None = None,
                  reference_dir: Path | None = None) -> Path:
    """Write ``sumber.html`` (see the module docstring).

    Parameters
    ----------
    target
        The page to write (``<report folder>/sumber.html``).
    assumptions
        The assumptions log (default ``docs/asumsi.md`` of the project root); when it is
        missing (an installed package without ``docs/``) the page says so.
    reference_dir
        Folder of the reference tables (default the package's ``kompetensi/reference``).

    Returns
    -------
    Path
        ``target``.
    """
    log = Path(assumptions) if assumptions is not None else ASSUMPTIONS_FILE
    tables = reference_tables(Path(reference_dir) if reference_dir is not None
                              else REFERENCE_DIR)
    ids = {links.reference_anchor(name) for name, _, _ in tables}
    if log.exists():
        rendered = render_assumptions(log.read_text(encoding="utf-8"))
        rendered = _CODE_REF.sub(
            lambda m: (f'<a href="#{links.reference_anchor(m.group(1))}">{m.group(0)}</a>'
                       if links.reference_anchor(m.group(1)) in ids else m.group(0)), rendered)
        log_html = f'<div lang="en">{rendered}</div>'
    else:
        log_html = ('<p class="fail">Log asumsi (<code>docs/asumsi.md</code>) tidak tersedia '
                    "pada instalasi ini.</p>")
    rows = "".join(
        f'<tr id="{links.reference_anchor(name)}"><td><code>{html.escape(name)}</code></td>'
        f'<td>{html.escape(what)}</td><td class="num">{count}</td></tr>'
        for name, what, count in tables)
    body = [
        "<h1>Sumber dan asumsi</h1>", f"<p>{_INTRO}</p>",
        '<nav class="kompetensi-toc" aria-label="Isi halaman"><ul>'
        '<li><a href="#asumsi">Log asumsi</a></li>'
        '<li><a href="#catatan-domain">Catatan domain</a></li>'
        '<li><a href="#rujukan">Tabel rujukan</a></li></ul></nav>',
        '<section id="asumsi" aria-labelledby="judul-asumsi">',
        '<h2 id="judul-asumsi">Log asumsi</h2>',
        '<p class="muted">Dari <code>docs/asumsi.md</code> (bahasa Inggris, sebagaimana '
        "dicatat pengembang). Setiap baris dapat dirujuk dengan kodenya, mis. "
        "<code>sumber.html#a-jp-6</code>.</p>", log_html, "</section>",
        '<section id="catatan-domain" aria-labelledby="judul-domain">',
        '<h2 id="judul-domain">Catatan domain</h2>', f"<p>{_DOMAIN}</p>", "</section>",
        '<section id="rujukan" aria-labelledby="judul-rujukan">',
        '<h2 id="judul-rujukan">Tabel rujukan</h2>',
        '<p class="muted">Tabel bawaan paket (<code>kompetensi/reference/</code>); sebuah '
        "dataset dapat menggantinya dengan <code>data/raw/&lt;dataset&gt;/referensi/"
        "&lt;tabel&gt;.csv</code> (A-REF-1).</p>",
        "<table><thead><tr><th>Berkas</th><th>Isi</th><th>Baris</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>", "</section>",
    ]
    css = ("<style>main{max-width:80rem}.tabel-asumsi{overflow-x:auto}"
           ".tabel-asumsi th[scope=row]{white-space:nowrap;background:#f8fafc}"
           ".tabel-asumsi td{overflow-wrap:anywhere}.tabel-asumsi td:nth-child(2){width:45%}"
           ".tabel-asumsi code{white-space:normal}"
           "nav.kompetensi-toc{border:1px solid #cbd2d9;background:#f8fafc;padding:.5rem 1.5rem;"
           "margin:1rem 0}</style>")
    page = pages.standalone_page("Sumber dan asumsi", body).replace("</head>", css + "</head>", 1)
    Path(target).write_text(page, encoding="utf-8")
    return Path(target)
