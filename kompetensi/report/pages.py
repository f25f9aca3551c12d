"""The pages of a report folder as one set: navigation bar, print stylesheet, linked citations.

:func:`finish_pages` runs after every page of a cycle is rendered (the notebooks' pages, the
executive summary, the sources page, ``index.html``): each page gets the same header bar
(index, executive summary, every notebook page in report order, sources; the current page
marked ``aria-current="page"``), the stylesheet ``laporan.css`` (navigation, A4 print layout,
page numbers, and for synthetic datasets the banner in every printed page's top margin), and
the links of :mod:`kompetensi.report.links`. Finishing a finished page again changes nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kompetensi.report import links

INDEX = "index.html"
SUMMARY = "ringkasan_eksekutif.html"
SOURCES = links.SOURCES
SUMMARY_NOTEBOOK = "07"  # the policy summary: first of the notebooks in report order
PRINT_BANNER = "DATA SINTETIS — bukan data ASN sebenarnya"
NOTEBOOK_PAGE = re.compile(r"^(\d{2})_[^/]+\.html$")

_NAV = re.compile(r'<header class="kompetensi-nav".*?</header>\n?', re.S)
_STYLE = re.compile(r'<style id="kompetensi-laporan">.*?</style>\n?', re.S)
_BODY = re.compile(r"<body\b[^>]*>\n?")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_HEADER_CELL = re.compile(r"(<th\b[^>]*>)([^<]*_[^<]*)(</th>)")
_NUMBER_CELL = re.compile(r"<td>(?=\s*[-−+]?(?:\d[\d.,]*|[.,]\d+)\s*%?\s*</td>)")

BASE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1f2933;line-height:1.5}
main{max-width:60rem;margin:0 auto 2rem;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin-top:2rem}
h3{font-size:1rem;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #cbd2d9;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.banner{background:#fff3c4;border:2px solid #f0b429;padding:.75rem 1rem;margin:1rem 0;
font-size:1.05rem}
.ok{color:#0b6e4f;font-weight:600}.fail{color:#b42318;font-weight:600}
.box-fail{background:#fde8e8;border:2px solid #b42318;padding:.75rem 1rem;margin:1rem 0}
.box-ok{background:#e3f9e5;border:1px solid #0b6e4f;padding:.5rem 1rem;margin:1rem 0}
.meta td:first-child{width:12rem;font-weight:600}.muted{color:#616e7c;font-size:.9rem}
code{background:#f0f4f8;padding:0 .2rem}
"""


@dataclass(frozen=True)
class NavItem:
    """One link of the header bar: file name, label, and the notebook number if any."""

    href: str
    label: str
    number: str = ""


def report_order(stems: Iterable[str]) -> list[str]:
    """Notebook stems in the order of the report: the policy summary (07) first, then by number.

    Examples
    --------
    >>> report_order(["03_c", "07_d", "01_a", "08_e"])
    ['07_d', '01_a', '03_c', '08_e']
    """
    unique = sorted(set(stems))
    return ([s for s in unique if s.startswith(SUMMARY_NOTEBOOK + "_")]
            + [s for s in unique if not s.startswith(SUMMARY_NOTEBOOK + "_")])


def page_title(page: str) -> str | None:
    """The text of a page's first ``<h1>`` (without its anchor link), or None.

    Examples
    --------
    >>> page_title('<h1 id="x">03 — Judul: rincian<a class="anchor-link" href="#x">¶</a></h1>')
    '03 — Judul: rincian'
    """
    match = _H1.search(page)
    if not match:
        return None
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", match.group(1), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", inner))
    return " ".join(text.split()) or None


def short_label(title: str | None, stem: str) -> tuple[str, str]:
    """Number and short name of a notebook page for the header bar.

    The title's part before a colon, without a trailing parenthesis and the leading number;
    the file name when the page has no title.

    Examples
    --------
    >>> short_label("03 — Pelaksanaan pengembangan kompetensi: JP, hak 20 JP", "03_x")
    ('03', 'Pelaksanaan pengembangan kompetensi')
    >>> short_label("05 — Dampak pelatihan terhadap kinerja (Kirkpatrick tingkat 4)", "05_x")
    ('05', 'Dampak pelatihan terhadap kinerja')
    >>> short_label(None, "08_kualitas_pelayanan")
    ('08', 'Kualitas pelayanan')
    """
    number, _, rest = stem.partition("_")
    text = title or rest.replace("_", " ")
    text = re.sub(rf"^\s*{number}\s*[—–:.-]?\s*", "", text)
    text = text.split(":", 1)[0]
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()
    text = text or rest.replace("_", " ")
    return number, text[:1].upper() + text[1:]


def nav_items(folder: Path, notebooks: Sequence[str] = (),
              pages: Mapping[str, str] | None = None) -> list[NavItem]:
    """The header bar of a report folder: index, executive summary, notebooks, sources.

    ``notebooks`` are the stems of the run (known before they ran); the folder's other
    notebook pages (kept from an earlier run) are added. Pages that do not exist are left out,
    except ``index.html``, which the runner writes last. ``pages`` (file name → HTML) spares
    reading pages already read.
    """
    folder = Path(folder)
    stems = set(notebooks) | {p.stem for p in folder.glob("*.html") if NOTEBOOK_PAGE.match(p.name)}
    items = [NavItem(INDEX, "Beranda")]
    if (folder / SUMMARY).exists():
        items.append(NavItem(SUMMARY, "Ringkasan eksekutif"))
    for stem in report_order(stems):
        path = folder / f"{stem}.html"
        if not path.exists():
            continue
        text = (pages or {}).get(path.name)
        number, label = short_label(page_title(text if text is not None
                                               else path.read_text(encoding="utf-8")),
                                    stem)
        items.append(NavItem(path.name, label, number))
    if (folder / SOURCES).exists():
        items.append(NavItem(SOURCES, "Sumber dan asumsi"))
    return items


def nav_html(items: Sequence[NavItem], current: str) -> str:
    """The header bar, with ``current`` marked.

    Examples
    --------
    >>> print(nav_html([NavItem("index.html", "Beranda"), NavItem("03_x.html", "X", "03")],
    ...                "03_x.html"))  # doctest: +NORMALIZE_WHITESPACE
    <header class="kompetensi-nav"><nav aria-label="Navigasi laporan"><ul><li><a
    href="index.html">Beranda</a></li><li><a href="03_x.html" aria-current="page"><span
    class="nomor">03</span> X</a></li></ul></nav></header>
    """
    parts = []
    for item in items:
        mark = ' aria-current="page"' if item.href == current else ""
        number = f'<span class="nomor">{html.escape(item.number)}</span> ' if item.number else ""
        parts.append(f'<li><a href="{html.escape(item.href)}"{mark}>{number}'
                     f"{html.escape(item.label)}</a></li>")
    return ('<header class="kompetensi-nav"><nav aria-label="Navigasi laporan"><ul>'
            + "".join(parts) + "</ul></nav></header>")


def stylesheet(synthetic: bool) -> str:
    """``laporan.css`` as a ``<style>`` element; synthetic datasets get the print banner."""
    css = resources.files("kompetensi.report").joinpath("laporan.css").read_text(
        encoding="utf-8")
    if synthetic:
        css += ('@page{@top-center{content:"' + PRINT_BANNER + '";font-family:system-ui,'
                "Arial,sans-serif;font-size:8.5pt;font-weight:700;color:#8d2b0b}}\n")
    return f'<style id="kompetensi-laporan">\n{css}</style>\n'


def finish_page(page: str, *, here: str, nav: str, style: str,
                anchors: dict[str, set[str]]) -> str:
    """One page with the header bar, the stylesheet and the links (any earlier ones replaced).

    Table cells that hold only a number get ``class="angka"`` (printed without a line break);
    header cells may break after an underscore (``<wbr>``), so a wide table fits the page.

    Examples
    --------
    >>> finish_page("<head></head><body><th>jp_diakui</th><td>1.718</td><td>a 1</td></body>",
    ...             here="x.html", nav="<header></header>", style="", anchors={})[37:]
    '<th>jp_<wbr>diakui</th><td class="angka">1.718</td><td>a 1</td></body>'
    """
    page = _NUMBER_CELL.sub('<td class="angka">', _STYLE.sub("", _NAV.sub("", page)))
    page = _HEADER_CELL.sub(lambda m: m.group(1) + m.group(2).replace("_", "_<wbr>")
                            + m.group(3), page)
    page = page.replace("</head>", style + "</head>", 1)
    body = _BODY.search(page)
    if body:
        page = page[:body.end()] + nav + "\n" + page[body.end():]
    return links.link_references(page, here=here, anchors=anchors)


def finish_pages(folder: Path, *, notebooks: Sequence[str] = (), synthetic: bool = False,
                 only: Iterable[str] | None = None) -> list[Path]:
    """Finish the pages of a report folder (all, or the file names in ``only``).

    Parameters
    ----------
    folder
        The report folder.
    notebooks
        Stems of the run's notebooks, in any order (see :func:`nav_items`).
    synthetic
        Whether the dataset is synthetic (the banner on every printed page).
    only
        File names to finish (e.g. ``["index.html"]`` once it is written); the other pages
        are read for the header bar and the anchors only.

    Returns
    -------
    list of Path
        The pages finished.
    """
    folder = Path(folder)
    names = sorted(p.name for p in folder.glob("*.html")
                   if p.name in (INDEX, SUMMARY, SOURCES) or NOTEBOOK_PAGE.match(p.name))
    texts: dict[str, str] = {}
    for name in names:
        original = (folder / name).read_text(encoding="utf-8")
        texts[name] = links.add_caption_ids(original)
        if texts[name] != original:  # the anchors of a page not finished now are kept too
            (folder / name).write_text(texts[name], encoding="utf-8")
    anchors = {name: links.page_ids(text) for name, text in texts.items()}
    items = nav_items(folder, notebooks, texts)
    style = stylesheet(synthetic)
    done = []
    for name in (sorted(set(only) & set(names)) if only is not None else names):
        finished = finish_page(texts[name], here=name, nav=nav_html(items, name), style=style,
                               anchors=anchors)
        (folder / name).write_text(finished, encoding="utf-8")
        done.append(folder / name)
    return done


def forced_box(forced: Sequence[str]) -> str:
    """The box of a run forced past the readiness gate (``--paksa``): what the gate found."""
    return ('<div class="box-fail" role="alert">⛔ <strong>Data siklus ini belum siap '
            "diolah</strong>: laporan dibuat dengan <code>kompetensi run --paksa</code>"
            ", walaupun pemeriksaan data menemukan:<ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in forced) + "</ul></div>")


def standalone_page(title: str, body: Iterable[str]) -> str:
    """A small self-contained page (inline CSS only) for the pages the runner writes itself.

    The header bar and the print stylesheet are added by :func:`finish_pages`.
    """
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="id">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>", f"<style>{BASE_CSS}</style>", "</head>",
        "<body>", "<main>", *body, "</main>", "</body>", "</html>", ""])
