"""Merging the printed parts of a report into one PDF (pypdf): outline, links, metadata.

See :mod:`kompetensi.report.pdf`. Links between parts are made internal (page and position of
the anchor in the merged document), links to files outside the PDF and any other ``file:``
link are removed; web links are kept. Nothing time- or machine-dependent is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

PRODUCER = "kompetensi (Chromium, pypdf)"


def page_count(path: Path) -> int:
    """Pages of a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def merge(parts: Sequence[tuple[Path, str, str]], target: Path, *, title: str,
          subject: str = "") -> int:
    """Merge ``(pdf, outline title, html file name)`` parts into ``target``; its page count.

    The outline has one entry per part; below it the part's own headings (Chromium's
    document outline; a single top heading is skipped, it repeats the part's title).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    writer = PdfWriter()
    readers = [(PdfReader(path), name, file) for path, name, file in parts]
    files = [file for _, _, file in readers]
    starts: dict[str, int] = {}
    for reader, _, file in readers:
        starts[file] = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
    dests = {file: _destinations(reader) for reader, _, file in readers}
    for reader, _, file in readers:
        first = starts[file]
        for index in range(len(reader.pages)):
            page = writer.pages[first + index]
            if "/Annots" not in page:
                continue
            kept = ArrayObject()
            for ref in page["/Annots"]:
                annot = ref.get_object()
                if _retarget(annot, file, files, dests, starts, writer):
                    kept.append(ref)
            if kept:
                page[NameObject("/Annots")] = kept
            else:
                del page[NameObject("/Annots")]
    for reader, name, file in readers:
        parent = writer.add_outline_item(title=name, page_number=starts[file])
        outline = reader.outline
        if len(outline) == 2 and not isinstance(outline[0], list) \
                and isinstance(outline[1], list):
            outline = outline[1]  # one top heading (the page's h1): its sections
        elif len(outline) == 1:
            outline = []
        _add_outline(writer, reader, outline, parent, starts[file])
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "kompetensi",
                         "/Producer": PRODUCER})
    writer.page_mode = "/UseOutlines"
    digest = hashlib.sha256(title.encode("utf-8"))
    for reader, _, _ in readers:
        digest.update(str(len(reader.pages)).encode())
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])  # deterministic file identifier
    target = Path(target)
    partial = target.with_name(f".{target.name}.tmp")
    with partial.open("wb") as fh:
        writer.write(fh)
    os.replace(partial, target)
    return len(writer.pages)


def _destinations(reader: Any) -> dict[str, tuple[int, float | None, float | None]]:
    """Named destinations of a part: name (without ``/``) → (page index, left, top)."""
    out = {}
    for name, dest in reader.named_destinations.items():
        try:
            out[str(name).lstrip("/")] = (reader.get_destination_page_number(dest),
                                          dest.left, dest.top)
        except Exception:  # a destination pypdf cannot place: links to it are removed
            continue
    return out


def _retarget(annot: Any, file: str, files: list[str], dests: dict[str, dict[str, Any]],
              starts: dict[str, int], writer: Any) -> bool:
    """Point a link annotation into the merged PDF; False when it is to be removed."""
    from pypdf.generic import NameObject

    if annot.get("/Subtype") != "/Link":
        return True
    action = annot.get("/A")
    action = action.get_object() if action is not None else None
    if "/Dest" in annot:
        dest = annot["/Dest"]
        if not isinstance(dest, str):  # explicit (Chromium names its destinations): drop
            return False
        return _goto(annot, file, str(dest).lstrip("/"), dests, starts, writer)
    if action is None or action.get("/S") != "/URI":
        return action is not None and action.get("/S") != "/Launch"
    uri = str(action.get("/URI", ""))
    if uri.startswith(("http://", "https://", "mailto:")):
        return True
    target, anchor = part_of(uri, files) if uri.startswith("file:") else (None, "")
    if target is None:
        return False
    del annot[NameObject("/A")]
    return _goto(annot, target, anchor, dests, starts, writer)


def _goto(annot: Any, file: str, anchor: str, dests: dict[str, dict[str, Any]],
          starts: dict[str, int], writer: Any) -> bool:
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    where = dests.get(file, {}).get(anchor) if anchor else (0, None, None)
    if where is None:
        where = (0, None, None)  # an anchor without destination: the part's first page
    index, left, top = where
    page = writer.pages[starts[file] + index]
    annot.pop(NameObject("/A"), None)
    annot[NameObject("/Dest")] = ArrayObject([
        page.indirect_reference, NameObject("/XYZ"),
        FloatObject(left) if left is not None else NullObject(),
        FloatObject(top) if top is not None else NullObject(), NullObject()])
    return True


def _add_outline(writer: Any, reader: Any, items: list[Any], parent: Any, first: int) -> None:
    """Copy a part's outline (nested lists of destinations) below ``parent``."""
    from pypdf.generic import Fit

    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _add_outline(writer, reader, item, last, first)
            continue
        try:
            page = reader.get_destination_page_number(item)
        except Exception:
            continue
        fit = Fit.xyz(left=item.left, top=item.top) if item.top is not None else Fit.fit()
        last = writer.add_outline_item(title=str(item.title), page_number=first + page,
                                       parent=parent, fit=fit, is_open=False)


def part_of(uri: str, names: Sequence[str]) -> tuple[str | None, str]:
    """The part file and anchor a ``file://`` link of a print copy points at.

    Examples
    --------
    >>> part_of("file:///tmp/x/03_a.html#tabel-3-4", ["03_a.html"])
    ('03_a.html', 'tabel-3-4')
    >>> part_of("file:///tmp/x/index.html", ["03_a.html"])
    (None, '')
    """
    parsed = urlparse(uri)
    name = Path(unquote(parsed.path)).name
    return (name if name in names else None), unquote(parsed.fragment)
