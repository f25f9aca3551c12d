"""What every cleaner reads a raw table with: its columns, its context, its people.

Shared by the cleaners of the personnel tables (:mod:`kompetensi.clean.tables`) and of the
responses to surveys, tests and the stakeholder questionnaire
(:mod:`kompetensi.clean.responses`).
"""

from __future__ import annotations

import pandas as pd

from kompetensi.clean import normalize as nz
from kompetensi.clean.context import USED_COLUMNS, Context
from kompetensi.clean.people import identify
from kompetensi.clean.rejections import Rejections
from kompetensi.core.uniques import on_uniques


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    """A raw column, or an all-missing one when the (optional) column is absent."""
    table = raw.attrs.get("tabel")
    if table in USED_COLUMNS and name not in USED_COLUMNS[table]:
        raise KeyError(f"{table}: kolom '{name}' tidak ada di USED_COLUMNS")  # a code bug
    if name in raw.columns:
        return raw[name]
    return pd.Series(pd.NA, index=raw.index, dtype="string")


@on_uniques
def _single_spaced(values: pd.Series) -> pd.Series:
    return nz._text(values).str.replace(r"\s+", " ", regex=True)


def _text(raw: pd.DataFrame, name: str, as_category: bool = False) -> pd.Series:
    return _single_spaced(_col(raw, name), as_category=as_category)


@on_uniques
def _has_text(values: pd.Series) -> pd.Series:
    # stripped, not single-spaced: collapsing inner whitespace never empties a cell
    return nz._text(values).notna()


def _filled(raw: pd.DataFrame, name: str) -> pd.Series:
    """True where a raw cell holds something other than blanks."""
    return _has_text(_col(raw, name))


def _person(raw: pd.DataFrame, rej: Rejections, ctx: Context, **options) -> pd.DataFrame:
    """``pid`` of each row from its NIP (:func:`kompetensi.clean.people.identify`).

    A row without a NIP but with a SIASN ``pns_id`` (rw_skp22 ``pnsDinilaiId``, rw_hukdis
    ``pnsOrang``; tables whose ``USED_COLUMNS`` hold ``pns_id``) takes the NIP of the roster
    row with that PNS ID (``ctx.people["pns_id"]``); an id on no roster row is rejected
    (``pns_id_tidak_di_daftar``).
    """
    nip = _col(raw, "nip")
    if "pns_id" in USED_COLUMNS.get(raw.attrs.get("tabel"), ()) and "pns_id" in raw.columns:
        by_id = _nip_of_pns_id(_col(raw, "pns_id"), ctx.people)
        use = ~_filled(raw, "nip") & _filled(raw, "pns_id")
        rej.add(use & by_id.isna(), "pns_id_tidak_di_daftar", "pns_id", _col(raw, "pns_id"))
        if use.any():
            nip = nip.astype("string").mask(use, by_id)
    return identify(nip, rej, ctx, **options)


@on_uniques
def _nip_of_pns_id(pns_id: pd.Series, people: pd.DataFrame | None) -> pd.Series:
    """The roster's raw NIP text of each PNS ID (<NA> where no roster row has it)."""
    if people is None or "pns_id" not in people.columns:
        return pd.Series(pd.NA, index=pns_id.index, dtype="string")
    ids = nz._text(people["pns_id"])
    known = pd.Series(people.index.astype("string"), index=ids.to_numpy())
    known = known[known.index.notna() & ~known.index.duplicated(keep="first")]
    return nz._text(pns_id).map(known).astype("string")


@on_uniques
def _program_codes(program: pd.Series, programs: pd.DataFrame | None) -> pd.Series:
    code = program.str.upper().str.replace(r"\s+", " ", regex=True)
    if programs is None or programs.empty:
        return code
    by_name = dict(zip(nz._key(programs["nama"]), programs["kode"].str.upper(), strict=True))
    return nz._key(program).map(by_name).astype("string").fillna(code)


@on_uniques
def _program_or_empty(program: pd.Series, programs: pd.DataFrame | None) -> pd.Series:
    return _program_codes(_single_spaced(program), programs).fillna("")
