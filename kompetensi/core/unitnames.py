"""Names of service units: one canonical display name and one matching key per unit.

A community satisfaction survey (SKM) names the unit that served the respondent the way the
unit writes itself ("UPTD Puskesmas Gerunggang", "PKM Gerunggang", "Kantor Camat Gerunggang",
"Disdukcapil"); the roster names a person's unit the way SIASN does ("Puskesmas Gerunggang").
:func:`unit_name` gives both the same canonical name and :func:`unit_key` the same key, so the
analysis layer (which may not import :mod:`kompetensi.clean`) can match ``skm.unit`` to
``pegawai.unor`` (a sub-unit) or ``pegawai.opd`` (an OPD-level unit). The rules (assumption
A-SKM-20):

- blanks trimmed and single-spaced; a trailing "Kota Pangkalpinang" dropped;
- the prefixes "UPTD", "UPT", "Unit Pelaksana Teknis (Daerah)" and "Kantor" dropped;
- "PKM"/"Pusk." at the start read as "Puskesmas", "Kel."/"Lurah" as "Kelurahan",
  "Kec."/"Camat" as "Kecamatan";
- a unit that names an OPD (its name, abbreviation or an alias of ``reference/opd.csv`` and
  ``reference/opd_alias.csv``, or of a dataset's own list) is that OPD's canonical name;
- the words title-cased as in the roster ("Kelurahan Bukit Besar"): a word in lower case
  gets a capital, a text all in capitals is title-cased except abbreviations (SD, SMP, RSUD …)
  and roman numerals; "dan", "di", "ke" … stay in lower case after the first word.

Misspelled OPD names are not matched here (no fuzzy matching in ``core``): cleaning does
that (:func:`kompetensi.clean.normalize_opd`) and stores the canonical OPD name.
"""

from __future__ import annotations

import re

import pandas as pd

from kompetensi import reference
from kompetensi.core.uniques import on_uniques

_PREFIX = re.compile(r"^(?:(?:uptd|upt|unit pelaksana teknis(?: daerah)?|kantor)\b\.?\s*)+",
                     re.IGNORECASE)
_LEADING = (  # abbreviations at the start of a unit's name
    (re.compile(r"^(?:pkm|pusk)\b\.?\s*", re.IGNORECASE), "Puskesmas "),
    (re.compile(r"^(?:kel|lurah)\b\.?\s*", re.IGNORECASE), "Kelurahan "),
    (re.compile(r"^(?:kec|camat)\b\.?\s*", re.IGNORECASE), "Kecamatan "),
)
_CITY = re.compile(r"\s*,?\s*\bkota\s+pangkal\s*pinang$", re.IGNORECASE)
_LOWER_WORDS = {"dan", "di", "ke", "dari", "untuk", "yang", "atau", "pada"}
_ABBREVIATIONS = {"SD", "SDN", "SMP", "SMPN", "SMA", "SMK", "TK", "PAUD", "MI", "MTS", "RT",
                  "RW", "RSUD", "RS", "KUA", "UPTD", "UPT", "PKM", "KB", "BLUD"}
_ROMAN = re.compile(r"^[IVXL]+$")


def _match_key(values: pd.Series) -> pd.Series:
    """Lower case, punctuation to spaces, single spaces (as :mod:`kompetensi.clean.normalize`)."""
    text = values.astype("string").str.strip().str.lower()
    text = text.str.replace(r"[.,;:()\"'/\-]", " ", regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def _opd_key(text: str) -> str:
    """The key an OPD name is looked up by (as :func:`kompetensi.clean.normalize_opd`)."""
    key = " ".join(re.sub(r"[.,;:()\"'/\-]", " ", text.strip().lower()).split())
    key = re.sub(r"\s*(kota )?pangkal ?pinang$", "", key)
    return re.sub(r"^kecamatan ", "kec ", key)


def opd_names(opd: pd.DataFrame | None = None) -> dict[str, str]:
    """{matching key: canonical OPD name} of the OPD names, abbreviations and aliases.

    ``opd`` is a dataset's own list (``opd``, ``singkatan``), which replaces the city's
    ``reference/opd.csv`` and its aliases (assumption A-OPD-4).
    """
    if opd is None:
        table, aliases = reference.load("opd"), reference.load("opd_alias")
    else:
        table, aliases = opd, pd.DataFrame({"alias": [], "opd": []}, dtype="string")
    keys = pd.concat([table["opd"], table["singkatan"], aliases["alias"]], ignore_index=True)
    names = pd.concat([table["opd"], table["opd"], aliases["opd"]], ignore_index=True)
    return {_opd_key(str(k)): str(n) for k, n in zip(keys, names, strict=True)
            if pd.notna(k) and _opd_key(str(k))}


def _title(text: str) -> str:
    """Title case as in the roster: see the module's rules."""
    shouting = not any(ch.islower() for ch in text)
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        bare = re.sub(r"\W", "", word)
        if i and word.lower() in _LOWER_WORDS:
            out.append(word.lower())
        elif shouting and (bare in _ABBREVIATIONS or _ROMAN.fullmatch(bare or "-")):
            out.append(word)
        elif shouting or word.islower():
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word)
    return " ".join(out)


def _name_of(text: str, opds: dict[str, str]) -> str:
    text = " ".join(text.replace("\u00a0", " ").strip().strip("\"'").split())
    text = _CITY.sub("", text) or text
    for candidate in (text, _PREFIX.sub("", text)):
        found = opds.get(_opd_key(candidate))
        if found:
            return found
    bare = _PREFIX.sub("", text).strip() or text
    for pattern, word in _LEADING:
        bare = pattern.sub(word, bare, count=1)
    bare = " ".join(bare.split())
    found = opds.get(_opd_key(bare))
    return found or _title(bare)


@on_uniques
def unit_name(values: pd.Series, opd: pd.DataFrame | None = None) -> pd.Series:
    """Canonical display name of each service unit (<NA> where blank).

    Parameters
    ----------
    values : Series
        Units as written (an SKM file's unit column, a roster's ``unor`` or ``opd``).
    opd : DataFrame, optional
        A dataset's own list of organisations (``opd``, ``singkatan``); default the city's
        ``reference/opd.csv`` with ``reference/opd_alias.csv``.

    Returns
    -------
    Series of string

    Examples
    --------
    >>> unit_name(pd.Series(["UPTD Puskesmas Gerunggang", "PKM Gerunggang",
    ...                      "PUSKESMAS GERUNGGANG", "Kel. Bukit Besar"])).tolist()
    ['Puskesmas Gerunggang', 'Puskesmas Gerunggang', 'Puskesmas Gerunggang', 'Kelurahan Bukit Besar']
    >>> unit_name(pd.Series(["Disdukcapil", "Kantor Camat Gerunggang", "", None])).tolist()
    ['Dinas Kependudukan dan Pencatatan Sipil', 'Kecamatan Gerunggang', <NA>, <NA>]
    """
    text = pd.Series(values, copy=False).astype("string").str.strip()
    text = text.mask(text == "")
    opds = opd_names(opd)
    out = [pd.NA if pd.isna(t) else _name_of(str(t), opds) for t in text]
    return pd.Series(out, index=text.index, dtype="string")


def unit_key(values: pd.Series, opd: pd.DataFrame | None = None) -> pd.Series:
    """Matching key of each unit: :func:`unit_name`, case-folded, without punctuation.

    Two spellings of one unit get one key; ``unit_key(unit_name(x)) == unit_key(x)``.

    Examples
    --------
    >>> keys = unit_key(pd.Series(["Puskesmas Gerunggang", "UPTD Puskesmas Gerunggang",
    ...                            "PKM. Gerunggang", "Dinas Kependudukan dan Pencatatan Sipil",
    ...                            "Disdukcapil"]))
    >>> keys.tolist()[:3], keys[3] == keys[4]
    (['puskesmas gerunggang', 'puskesmas gerunggang', 'puskesmas gerunggang'], True)
    """
    return _match_key(unit_name(values, opd)).str.casefold()
