"""Survey columns matched to the items of a codebook: tolerantly, and with every match shown.

A survey export names its item columns by the question text (Google Forms), sometimes with a
number in front, a remark in brackets, another case or a typo, or by the item code. Each
column is tried against the codebook in order (first that matches wins):

1. ``kode``: the item code ("R01", "r-01", "R 01"; "R1" when only one item is R1/R01);
2. ``teks``: the question text, ignoring case, punctuation and whitespace;
3. ``teks_tanpa_nomor``: the same without a leading number ("1.", "1)", "Q1.", "a.") and
   without remarks in brackets ("(wajib)", "[opsional]");
4. ``mirip``: ``difflib.SequenceMatcher`` ratio of those texts >= 0.85 and at least 0.05
   above the second most similar item (else the column is ambiguous and not matched).

An item takes one column: of several columns that match it the best one (first by method,
then by similarity, then the first column) keeps it, and the others are listed unmatched.
Columns that are known non-item fields (NIP, name, programme, rater, timestamp …, see
``reference/header_alias.csv``) are not items; every other column is either matched or
listed in :attr:`ItemMatch.unmatched` with its most similar item. Nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from kompetensi.clean.layout import ROW_NUMBER_COLUMNS
from kompetensi.clean.normalize import _key

CUTOFF = 0.85  # smallest ratio accepted for a fuzzy match
MARGIN = 0.05  # how much better than the second best item a fuzzy match must be
METHODS = ("kode", "teks", "teks_tanpa_nomor", "mirip")  # in order of preference

# Fields that are never items, besides the aliases of reference/header_alias.csv.
NON_ITEMS = frozenset({"nip", "nama", "program", "penilai", "responden", "waktu", "timestamp",
                       "opd", "jabatan"})

_CODE = re.compile(r"([A-Za-z]+)[\s._-]*0*(\d+)")
_NUMBERING = re.compile(r"^\s*(?:(?:[A-Za-z]{1,3}[\s_-]?)?\d{1,3}[a-z]?\s*[.):]\s*"
                        r"|[A-Za-z][.)]\s+)")
_BRACKETS = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")


@dataclass(frozen=True)
class ItemMatch:
    """Result of :func:`match_items`.

    Attributes
    ----------
    items : dict
        Raw column -> item code, for the matched columns (in column order).
    matches : DataFrame
        One row per matched column: ``kolom`` (the header as text), ``butir``, ``cara`` (one
        of :data:`METHODS`) and ``kemiripan`` (1.0 for the exact methods).
    unmatched : DataFrame
        One row per item-like column that matched nothing: ``kolom``, ``calon`` (the most
        similar item, <NA> if none), ``kemiripan`` (its ratio) and ``alasan`` (Indonesian).
    items_without_column : list of str
        Codebook items that no column matched, in codebook order.
    """

    items: dict
    matches: pd.DataFrame
    unmatched: pd.DataFrame
    items_without_column: list[str]

    @property
    def unmatched_columns(self) -> list[str]:
        """Headers of the item-like columns that matched nothing."""
        return self.unmatched["kolom"].tolist()


def match_items(columns: Iterable, codebook: pd.DataFrame, *,
                table: str | None = None) -> ItemMatch:
    """Match raw survey columns to the items of a codebook (methods in the module docstring).

    Parameters
    ----------
    columns : iterable
        The raw column names (canonical names for the non-item fields, as
        :func:`kompetensi.io.readers.canonical_columns` gives them).
    codebook : DataFrame
        Columns ``butir`` (code) and ``teks`` (question).
    table : str, optional
        The survey table (``survei_reaksi``, ``survei_perilaku``): whose header aliases mark
        non-item columns; default the aliases of every table.

    Returns
    -------
    ItemMatch

    Examples
    --------
    >>> book = pd.DataFrame({"butir": ["R01", "R02"],
    ...                      "teks": ["Materi sesuai kebutuhan.", "Fasilitator menguasai materi."]})
    >>> match = match_items(["nip", "1. materi sesuai kebutuhan (wajib)", "r-02", "Saran"], book)
    >>> match.items
    {'1. materi sesuai kebutuhan (wajib)': 'R01', 'r-02': 'R02'}
    >>> match.matches.cara.tolist()
    ['teks_tanpa_nomor', 'kode']
    >>> match.unmatched_columns
    ['Saran']
    """
    columns = list(columns)
    headers = pd.Series([str(c) for c in columns], dtype="string")
    codes = codebook["butir"].astype(str).tolist()
    full, bare = _keys(codebook["teks"].astype("string").fillna(""))
    column_full, column_bare = _keys(headers)
    non_items = _non_items(table)
    candidates, unmatched = [], []
    for position, column in enumerate(columns):
        header, key, bare_key = headers[position], column_full[position], column_bare[position]
        if key in non_items:
            continue
        found = _match(header, key, bare_key, codes, full, bare)
        if isinstance(found, str):  # not matched: why
            ranked = _ranked(bare_key, codes, bare)
            best, ratio = ranked[0][::-1] if ranked else (None, float("nan"))
            unmatched.append((position, header, best, ratio, found))
        else:
            code, method, ratio = found
            candidates.append((METHODS.index(method), -ratio, position, column, code, method))

    owner: dict[str, str] = {}
    matched = []
    for _, minus_ratio, position, column, code, method in sorted(candidates):
        if code in owner:
            unmatched.append((position, str(column), code, -minus_ratio,
                              f"butir sudah dipakai kolom '{owner[code]}'"))
            continue
        owner[code] = str(column)
        matched.append((position, column, code, method, -minus_ratio))
    matched.sort()
    unmatched.sort()
    matches = pd.DataFrame({
        "kolom": pd.array([str(m[1]) for m in matched], dtype="string"),
        "butir": pd.array([m[2] for m in matched], dtype="string"),
        "cara": pd.array([m[3] for m in matched], dtype="string"),
        "kemiripan": pd.array([m[4] for m in matched], dtype="float64"),
    })
    missing = pd.DataFrame({
        "kolom": pd.array([u[1] for u in unmatched], dtype="string"),
        "calon": pd.array([u[2] for u in unmatched], dtype="string"),
        "kemiripan": pd.array([u[3] for u in unmatched], dtype="float64"),
        "alasan": pd.array([u[4] for u in unmatched], dtype="string"),
    })
    return ItemMatch(items={m[1]: m[2] for m in matched}, matches=matches, unmatched=missing,
                     items_without_column=[c for c in codes if c not in owner])


def _match(header: str, key: str, bare_key: str, codes: list[str], full: list[str],
           bare: list[str]) -> tuple[str, str, float] | str:
    """(code, method, ratio) of the item a header (with its two keys) matches, or why it
    matches none."""
    code = _by_code(header, codes)
    if code is not None:
        return code, "kode", 1.0
    for method, query, keys in (("teks", key, full), ("teks_tanpa_nomor", bare_key, bare)):
        hits = [c for c, k in zip(codes, keys, strict=True) if query and k == query]
        if len(hits) == 1:
            return hits[0], method, 1.0
        if len(hits) > 1:
            return f"teks sama dengan beberapa butir: {', '.join(hits)}"
    ranked = _ranked(bare_key, codes, bare)
    if not ranked or ranked[0][0] < CUTOFF:
        return f"tidak ada butir yang cukup mirip (kemiripan < {CUTOFF:.2f})"
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        (r1, c1), (r2, c2) = ranked[:2]
        return f"mirip dengan lebih dari satu butir: {c1} ({r1:.2f}), {c2} ({r2:.2f})"
    return ranked[0][1], "mirip", ranked[0][0]


def _by_code(header: str, codes: list[str]) -> str | None:
    """The item whose code the header is: same letters and digits ("r-01" is R01), or the same
    prefix and number ("R1" is R01) when only one item has them."""
    squeezed = re.sub(r"[\W_]", "", header).upper()
    exact = [c for c in codes if re.sub(r"[\W_]", "", c).upper() == squeezed]
    if len(exact) == 1:
        return exact[0]
    parts = _CODE.fullmatch(header.strip())
    if parts is None:
        return None
    wanted = (parts[1].upper(), int(parts[2]))
    same = [c for c in codes if (p := _CODE.fullmatch(c.strip())) is not None
            and (p[1].upper(), int(p[2])) == wanted]
    return same[0] if len(same) == 1 else None


def _ranked(query: str, codes: list[str], keys: list[str]) -> list[tuple[float, str]]:
    """(ratio, code) of every item, most similar first (codebook order among equals)."""
    if not query:
        return []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(query)
    ratios = []
    for order, (code, key) in enumerate(zip(codes, keys, strict=True)):
        matcher.set_seq1(key)
        ratios.append((-matcher.ratio(), order, code))
    return [(-r, code) for r, _, code in sorted(ratios)]


def _bare(text: str) -> str:
    """A question without its leading number and bracketed remarks."""
    return _BRACKETS.sub("", _NUMBERING.sub("", str(text), count=1)).strip()


def _keys(texts: pd.Series) -> tuple[list[str], list[str]]:
    """Matching keys of texts as they are and without numbering and brackets ("" for none)."""
    return (_item_key(texts).fillna("").tolist(),
            _item_key(texts.map(_bare, na_action="ignore")).fillna("").tolist())


def _item_key(values: pd.Series) -> pd.Series:
    """:func:`normalize._key` with every punctuation mark (not only ``.,;:()"'``) a space."""
    key = _key(values).str.replace(r"[^\w\s]|_", " ", regex=True)
    return key.str.replace(r"\s+", " ", regex=True).str.strip()


def _non_items(table: str | None) -> frozenset[str]:
    """Keys of the headers that are fields, not items: their aliases and canonical names."""
    from kompetensi.io.columns import header_aliases

    aliases = header_aliases(table)
    known = pd.Series([*aliases, *aliases.values(), *NON_ITEMS, *ROW_NUMBER_COLUMNS],
                      dtype="string")
    return frozenset(_item_key(known).dropna())
