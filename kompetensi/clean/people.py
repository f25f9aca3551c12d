"""Who each row is: NIPs parsed and pseudonymized once per distinct raw value.

A person's NIP repeats on every activity, so each distinct raw NIP is parsed and hashed once,
and the roster's work is reused for the other tables of the cycle (``Cleaned.people``, in
memory only: it holds NIPs). ``pid`` comes back as a Categorical of the distinct pids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from kompetensi.clean.nip import parse_nip
from kompetensi.clean.rejections import Rejections
from kompetensi.core.uniques import (
    broadcast,
    categorical,
    codes_and_uniques,
    positions,
    sort_order,
)
from kompetensi.privacy.pseudonym import distinct_nips, pids_by_row, pseudonyms

if TYPE_CHECKING:
    from kompetensi.clean.context import Context


def identify(nip: pd.Series, rej: Rejections, ctx: Context, *, required: bool = True,
             in_roster: bool = True, details: bool = False) -> pd.DataFrame:
    """``pid`` of each row (and with ``details`` the NIP and what it tells), rejects recorded.

    One parse and one hash per distinct raw NIP: a person's NIP repeats on each activity.
    ``pid`` is a Categorical whose categories are the distinct pids (sorted for the roster,
    else in order of first appearance); the other columns are taken row by row.
    """
    codes, uniques = codes_and_uniques(nip)
    person, grouped = _people(uniques, ctx, details)
    if details:  # the roster: later tables of the cycle look their NIPs up here
        text = uniques.astype("string")
        found = text.notna().to_numpy(copy=True)
        if not isinstance(nip.dtype, pd.CategoricalDtype):  # "1" and 1 of an XLSX
            found &= ~text.duplicated().to_numpy()
        # pegawai's cleaner adds the roster's PNS ID (``pns_id``) when the roster has one
        ctx.found["people"] = person.set_index(text).loc[found]
    if grouped is None:  # some NIPs were the roster's: grouped here
        pid_codes, pids = _pid_codes(person, sort=details)
    else:  # all parsed here, grouped while hashing; the roster's pids come sorted
        pid_codes, pids, numbers = grouped
        if details:
            pid_codes, pids = _in_order(pid_codes, pids, np.argsort(numbers, kind="stable"))
    dtype = None
    person["di_daftar"] = True
    if ctx.roster is not None and not details:
        roster = ctx.roster if isinstance(ctx.roster, pd.Index) else pd.Index(list(ctx.roster))
        if isinstance(roster.dtype, pd.CategoricalDtype):
            pid_codes, dtype, listed = _onto_roster(pid_codes, pids, roster,
                                                     keep_unknown=not in_roster)
        elif in_roster:
            listed = positions(pd.Series(pids), pd.Series(roster)) >= 0
        if in_roster:
            person["di_daftar"] = np.append(listed, False)[pid_codes]  # -1 (no pid) -> False
    person["alasan"] = person["alasan"].astype("category")  # few reasons: take codes, not text
    taker = np.where(codes < 0, len(person) - 1, codes)
    pid = pd.Series(categorical(pid_codes[taker], pids) if dtype is None else
                    pd.Categorical.from_codes(pid_codes[taker], dtype=dtype, validate=False),
                    index=nip.index)
    unused = ["pid"] if details else ["pid", "nip"]  # only the roster keeps the NIP per row
    person = broadcast(person.drop(columns=unused), codes, nip.index)
    person.insert(0, "pid", pid)
    if required:
        rej.add(~person.valid, person.alasan, "nip", nip)
    rej.add(person.valid & ~person.di_daftar, "tidak_di_daftar_pegawai", "nip", nip)
    return person


def _pid_codes(person: pd.DataFrame, sort: bool) -> tuple[np.ndarray, pd.Index]:
    """Codes of the distinct pids (-1 for none), grouped through the NIP as an integer.

    The pid is a function of the NIP, so 18-digit NIPs as int64 (hashed fast) give the same
    groups as the pids (text). With ``sort`` (the roster) the categories are in pid order,
    so that sorting the roster by pid is sorting integer codes.
    """
    codes, first = distinct_nips(pa.array(person["nip"].astype("string").array,
                                          from_pandas=True))
    pids = pd.Index(person["pid"].array.take(first))
    if sort and len(pids):
        return _in_order(codes, pids, sort_order(pids))
    return codes, pids


def _in_order(codes: np.ndarray, pids: pd.Index, order: np.ndarray
              ) -> tuple[np.ndarray, pd.Index]:
    """Codes and pids renumbered so that the pids come in ``order``."""
    if not len(order):  # no valid NIP at all
        return np.full(len(codes), -1, dtype=np.int64), pids
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return np.where(codes >= 0, rank[np.clip(codes, 0, None)], -1), pids.take(order)


def _onto_roster(pid_codes: np.ndarray, pids: pd.Index, roster: pd.CategoricalIndex,
                 keep_unknown: bool) -> tuple[np.ndarray, pd.CategoricalDtype, np.ndarray]:
    """Codes of the pids in the roster's own pid dictionary; pids not in it are appended
    (``keep_unknown``) or coded missing (their rows are rejected anyway).

    The tables of a cycle then share one dictionary of pids (the very same object when every
    pid is on the roster), and finding a person on the roster is integer indexing instead of
    hashing millions of pids again (:func:`kompetensi.core.uniques.positions`). Returns the new
    codes, the dtype and, per new code, whether a roster row holds that pid.
    """
    categories = roster.categories
    at = positions(pd.Series(pids), pd.Series(categories))
    new = at < 0
    if not keep_unknown:
        new[:] = False
    at[new] = len(categories) + np.arange(int(new.sum()))
    listed = np.zeros(len(categories) + int(new.sum()), dtype=bool)
    listed[roster.codes[roster.codes >= 0]] = True
    dtype = roster.dtype if not new.any() else pd.CategoricalDtype._from_fastpath(
        categories.append(pids[new]), ordered=False)
    return np.where(pid_codes >= 0, np.append(at, -1)[pid_codes], -1), dtype, listed


_PERSON_COLUMNS = ["pid", "valid", "alasan", "nip"]


def _parse_people(uniques: pd.Series, ctx: Context
                  ) -> tuple[pd.DataFrame, tuple[np.ndarray, pd.Index, np.ndarray]]:
    """Parsed NIPs (TMTs after the cycle rejected) and pids, and the pids by distinct NIP
    (:func:`pseudonyms`)."""
    person = parse_nip.__wrapped__(uniques, siklus=ctx.siklus)  # distinct already
    codes, pids, numbers = pseudonyms(person.nip, ctx.key)
    person["pid"] = pids_by_row(codes, pids)
    return person, (codes, pids, numbers)


def _people(uniques: pd.Series, ctx: Context, details: bool = False
            ) -> tuple[pd.DataFrame, tuple | None]:
    """:func:`parse_nip` and pid of each distinct raw NIP, reusing those of the roster; and,
    when all were parsed here, the pids by distinct NIP (:func:`pseudonyms`)."""
    known = ctx.people
    if known is None or not len(known):
        person, grouped = _parse_people(uniques, ctx)
        return (person if details else person[_PERSON_COLUMNS]), grouped
    if not details:
        known = known[_PERSON_COLUMNS]
    at = positions(uniques.astype("string"), known.index.to_series())
    hit = at >= 0
    fresh = _parse_people(uniques[~hit].reset_index(drop=True), ctx)[0]
    fresh = fresh.reindex(columns=known.columns)  # the roster's pns_id: unknown here
    both = pd.concat([known.iloc[at[hit]].reset_index(drop=True), fresh], ignore_index=True)
    taker = np.empty(len(uniques), dtype=np.int64)
    taker[hit] = np.arange(hit.sum())
    taker[~hit] = hit.sum() + np.arange((~hit).sum())
    return both.take(taker).reset_index(drop=True), None
