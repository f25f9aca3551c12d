"""Proofreading a rendered page for the machinery of its making (issue 22).

A reviewer must not meet ``NaN``, ``<NA>`` or ``None`` in a table cell, a snake_case variable
name as a column header, a cell cut short with ``…`` (a cell that ends with it), an absolute local path, or a Python
representation (``PosixPath('…')``, ``[2023, 2024]``, ``object at 0x…``) anywhere on a page.
:func:`proofread` lists each such place; the end-to-end tests require none on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MISSING_WORDS = {"nan", "<na>", "none", "nat", "null"}
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])(?:/(?:home|tmp|work|usr|root|Users|var|mnt|opt|srv)/"
                           r"|[A-Z]:\\)")
PYTHON_REPR = re.compile(r"(?:PosixPath|WindowsPath|Timestamp|datetime\.date)\(|object at 0x"
                         r"|<kompetensi\.|\bdtype: |\[\d+(?:, \d+)+\]|\{'[^']+': ")
TRUNCATED = ("…", "...")


@dataclass(frozen=True)
class Problem:
    """One place of a page a reviewer should not see: what it is and the text around it."""

    kind: str
    text: str


def proofread(page: str) -> list[Problem]:
    """The problems of one rendered HTML page (see the module's description).

    Parameters
    ----------
    page : str
        The HTML text of the page.

    Returns
    -------
    list of Problem
        Empty when the page is clean.

    Examples
    --------
    >>> page = ("<html><body><table><thead><tr><th>n_pns</th></tr></thead>"
    ...         "<tbody><tr><td>NaN</td></tr></tbody></table>"
    ...         "<p>PosixPath('/tmp/x')</p></body></html>")
    >>> sorted({p.kind for p in proofread(page)})
    ['header', 'missing', 'path', 'repr']
    """
    import lxml.html

    tree = lxml.html.fromstring(page)
    for junk in tree.xpath("//style|//script|//noscript"):
        junk.drop_tree()
    problems: list[Problem] = []
    for cell in tree.xpath("//thead//th|//table//tr[1]/th[not(@scope='row')]"):
        text = " ".join(cell.text_content().split())
        if SNAKE_CASE.search(text):
            problems.append(Problem("header", text))
    for cell in tree.xpath("//td|//tbody//th"):
        text = " ".join(cell.text_content().split())
        if text.lower() in MISSING_WORDS:
            problems.append(Problem("missing", text))
        elif text.endswith(TRUNCATED):  # a cut cell ends with the mark; prose may hold one
            problems.append(Problem("truncated", text))
    body = " ".join(tree.text_content().split())
    for kind, pattern in (("path", ABSOLUTE_PATH), ("repr", PYTHON_REPR)):
        for match in pattern.finditer(body):
            problems.append(Problem(kind, body[max(0, match.start() - 40):match.end() + 40]))
    return problems
