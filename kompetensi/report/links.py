"""Citations made clickable in the finished HTML of a report folder.

Works on the pages as text, tag by tag (a small tokenizer, no reparse), so that everything the
pass does not touch stays byte for byte as nbconvert wrote it:

- caption anchors: a ``<p><strong>Tabel 3.4. …</strong></p>`` (or ``Gambar``) caption gets
  ``id="tabel-3-4"`` unless an element of the page already has that id (the publish layer may
  give it to the element around the table or figure);
- ``Tabel 3.4`` / ``Gambar 8.1`` (also ``Tabel 3.4 dan 3.5``, ``Tabel 3.4, 3.5``) become links
  to the anchor on the same page or on the page of notebook ``NN`` (``03_….html#tabel-3-4``);
- assumption ids (``A-SKM-12``) link to ``sumber.html#a-skm-12``;
- mentions of ``docs/asumsi.md``, ``DOMAIN.md`` and ``kompetensi/reference/<file>`` become
  readable links to the sources page.

Only anchors that exist in the folder are linked; text inside links, headings, code, captions,
table header cells and ``<nav>`` is left alone. Applying the pass twice changes nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

SOURCES = "sumber.html"

_TOKEN = re.compile(r"<!--.*?-->|<(script|style|textarea)\b[^>]*>.*?</\1\s*>|<[^>]*>",
                    re.S | re.I)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "caption", "figcaption",
         "title", "nav", "th", "button", "label", "select", "option", "svg"}
_CAPTION_TEXT = re.compile(r"\s*(?:Tabel|Gambar)\s+\d+\.\d+\.")
_CAPTION_P = re.compile(r"<p>(?=<strong>(Tabel|Gambar) (\d+)\.(\d+)\.)")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_NUMBER = r"\d+\.\d+(?![\d])"
_REF = re.compile(rf"\b(Tabel|Gambar|tabel|gambar)(\s+)({_NUMBER})"
                  rf"((?:(?:\s*,\s*|\s+(?:dan|atau|serta)\s+)(?:{_NUMBER}))*)")
_REF_MORE = re.compile(rf"(\s*,\s*|\s+(?:dan|atau|serta)\s+)({_NUMBER})")
ASSUMPTION = re.compile(r"\bA-[A-Z]+-\d+\b")
_FILES = re.compile(r"(?:\.\./shared/)?DOMAIN\.md(?:\s*§\s*\d+)?|docs/asumsi\.md"
                    r"|kompetensi/reference/(?:[\w*.-]*\w)?")
_CODE_FILE = re.compile(r"<code>((?:\.\./shared/)?DOMAIN\.md|docs/asumsi\.md"
                        r"|kompetensi/reference/(?:[\w*.-]*\w)?)</code>")


def anchor_id(label: str) -> str:
    """The anchor of a caption label or an assumption id.

    Examples
    --------
    >>> anchor_id("Tabel 3.4"), anchor_id("Gambar 8.1"), anchor_id("A-SKM-12")
    ('tabel-3-4', 'gambar-8-1', 'a-skm-12')
    """
    return re.sub(r"[\s.]+", "-", label.strip()).lower()


def reference_anchor(file_name: str) -> str:
    """The sources page's anchor of a reference table (``konversi_jp.csv`` → ``rujukan-konversi-jp``).

    Examples
    --------
    >>> reference_anchor("konversi_jp.csv")
    'rujukan-konversi-jp'
    """
    stem = file_name.rsplit("/", 1)[-1].removesuffix(".csv")
    return "rujukan-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def page_ids(page: str) -> set[str]:
    """Every ``id`` attribute of a page."""
    return set(_ID.findall(page))


def add_caption_ids(page: str) -> str:
    """Give each ``<p><strong>Tabel N.K. …`` caption paragraph its anchor (once per id).

    Examples
    --------
    >>> add_caption_ids("<p><strong>Tabel 3.4. Judul</strong></p>")
    '<p id="tabel-3-4"><strong>Tabel 3.4. Judul</strong></p>'
    >>> add_caption_ids('<div id="tabel-3-4"><p><strong>Tabel 3.4. Judul</strong></p></div>')
    '<div id="tabel-3-4"><p><strong>Tabel 3.4. Judul</strong></p></div>'
    """
    taken = page_ids(page)

    def give(match: re.Match[str]) -> str:
        anchor = f"{match.group(1).lower()}-{match.group(2)}-{match.group(3)}"
        if anchor in taken:
            return match.group(0)
        taken.add(anchor)
        return f'<p id="{anchor}">'

    return _CAPTION_P.sub(give, page)


def map_text(page: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text of a page outside tags and outside skipped elements.

    Skipped: links, headings, code, captions (``caption``, ``figcaption`` and the
    ``<strong>Tabel N.K. …`` title of a caption paragraph), table header cells, ``nav``,
    scripts and styles.

    Examples
    --------
    >>> map_text("<p>a <a href='x'>a</a> <code>a</code> a</p>", str.upper)
    "<p>A <a href='x'>a</a> <code>a</code> A</p>"
    """
    out: list[str] = []
    depth: dict[str, int] = {}
    skipped = 0
    previous = ""
    position = 0
    for match in _TOKEN.finditer(page):
        text = page[position:match.start()]
        if text:
            caption = previous == "strong" and _CAPTION_TEXT.match(text)
            out.append(text if skipped or caption else change(text))
        token = match.group(0)
        out.append(token)
        position = match.end()
        tag = _TAG_NAME.match(token)
        previous = ""
        if not tag or token.startswith("<!"):
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        previous = "" if closing else name
        if name in _SKIP and not token.endswith("/>"):
            before = depth.get(name, 0)
            depth[name] = max(before - 1, 0) if closing else before + 1
            skipped += depth[name] - before
    tail = page[position:]
    out.append(change(tail) if tail and not skipped else tail)
    return "".join(out)


def link_references(page: str, *, here: str, anchors: Mapping[str, set[str]],
                    sources: bool = True) -> str:
    """Link table/figure references, assumption ids and repository file mentions of a page.

    Parameters
    ----------
    page
        The page's HTML.
    here
        The page's file name (links to its own anchors are ``#id``).
    anchors
        File name → ids of every page of the report folder (the sources page included).
    sources
        Whether file mentions become links to the sources page (not on that page itself).

    Examples
    --------
    >>> anchors = {"03_x.html": {"tabel-3-4"}, "07_y.html": {"tabel-7-1"},
    ...            "sumber.html": {"a-jp-6"}}
    >>> link_references("<p>Lihat Tabel 3.4 dan Tabel 7.1 (A-JP-6); Tabel 9.9.</p>",
    ...                 here="07_y.html", anchors=anchors)
    '<p>Lihat <a href="03_x.html#tabel-3-4">Tabel 3.4</a> dan <a href="#tabel-7-1">Tabel 7.1</a> (<a href="sumber.html#a-jp-6">A-JP-6</a>); Tabel 9.9.</p>'
    """
    by_number = {name[:2]: name for name in sorted(anchors) if re.match(r"\d{2}_", name)}
    mine = anchors.get(here, set())
    with_sources = sources and SOURCES in anchors and here != SOURCES

    def target(anchor: str, number: str | None) -> str | None:
        if anchor in mine:
            return f"#{anchor}"
        page_name = SOURCES if number is None else by_number.get(number.zfill(2))
        if page_name and anchor in anchors.get(page_name, set()):
            return f"{page_name}#{anchor}"
        return None

    def link(text: str, href: str | None) -> str:
        return f'<a href="{html.escape(href)}">{text}</a>' if href else text

    def numbered(kind: str, number: str) -> str | None:
        return target(f"{kind.lower()}-{number.replace('.', '-')}", number.split(".")[0])

    def refs(match: re.Match[str]) -> str:
        kind, space, first, more = match.groups()
        head = link(f"{kind}{space}{first}", numbered(kind, first))
        rest = _REF_MORE.sub(lambda m: m.group(1) + link(m.group(2), numbered(kind, m.group(2))),
                             more)
        return head + rest

    def assumption(match: re.Match[str]) -> str:
        return link(match.group(0), target(anchor_id(match.group(0)), None))

    def change(text: str) -> str:
        text = _REF.sub(refs, text)
        if SOURCES in anchors or here == SOURCES:
            text = ASSUMPTION.sub(assumption, text)
        if with_sources:
            text = _FILES.sub(lambda m: file_link(m.group(0), anchors[SOURCES]), text)
        return text

    if with_sources:
        page = _CODE_FILE.sub(lambda m: file_link(m.group(1), anchors[SOURCES]), page)
    return map_text(page, change)


def file_link(mention: str, source_ids: set[str]) -> str:
    """A readable link to the sources page for a mention of a repository file.

    Examples
    --------
    >>> file_link("docs/asumsi.md", set())
    '<a href="sumber.html#asumsi">Sumber dan asumsi</a>'
    >>> file_link("kompetensi/reference/konversi_jp.csv", {"rujukan-konversi-jp"})
    '<a href="sumber.html#rujukan-konversi-jp">tabel rujukan konversi_jp.csv</a>'
    >>> file_link("DOMAIN.md §1", set())
    '<a href="sumber.html#catatan-domain">catatan domain</a> §1'
    """
    if "DOMAIN.md" in mention:
        section = mention.split("DOMAIN.md", 1)[1].strip()
        return f'<a href="{SOURCES}#catatan-domain">catatan domain</a>' + (
            f" {section}" if section else "")
    if mention == "docs/asumsi.md":
        return f'<a href="{SOURCES}#asumsi">Sumber dan asumsi</a>'
    name = mention.removeprefix("kompetensi/reference/")
    anchor = reference_anchor(name)
    anchor = anchor if anchor in source_ids else "rujukan"
    label = f"tabel rujukan {name}" if name else "tabel rujukan"
    return f'<a href="{SOURCES}#{anchor}">{html.escape(label)}</a>'
