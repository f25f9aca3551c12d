"""Pseudonyms: the keyed hash ``pid`` of each NIP, and masked identifiers.

UU 27/2022 (Pelindungan Data Pribadi) covers NIPs, names, birth dates and performance
ratings: only the cleaning step sees them; processed data carry ``pid``. The key comes
from :mod:`kompetensi.privacy.keys`.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

PID_BYTES = 8  # 16 hex characters: collisions are negligible for 10^7 people (~3e-6)


def pseudonymize(nip: pd.Series, key: bytes | str) -> pd.Series:
    """Keyed hash of each NIP: BLAKE2b with ``key``, 16 hex characters.

    The same NIP and key give the same ``pid`` in every cycle, so people can be followed
    across cycles; without the key the NIP cannot be recovered or tested.

    Parameters
    ----------
    nip : Series
        Normalized 18-digit NIPs (see :func:`kompetensi.clean.parse_nip`); <NA> stays <NA>.
    key : bytes or str
        The secret key (at most 64 bytes are used).

    Returns
    -------
    Series of string.

    Examples
    --------
    >>> nip = "19850312" + "201001" + "1003"  # a synthetic NIP
    >>> len(pseudonymize(pd.Series([nip]), b"k").iloc[0])
    16
    """

    nip = pd.Series(nip, copy=False)
    codes, pids, _ = pseudonyms(nip, key)
    return pd.Series(pids_by_row(codes, pids), index=nip.index)


def pids_by_row(codes: np.ndarray, pids: pd.Index) -> pd.api.extensions.ExtensionArray:
    """The pid of each row from :func:`pseudonyms`' codes (-1: missing NIP, <NA> pid)."""
    import pyarrow as pa

    table = pa.concat_arrays([pa.array(pids.array, from_pandas=True).cast(pa.large_string()),
                              pa.nulls(1, pa.large_string())])  # last: missing NIPs
    return pd.arrays.ArrowStringArray(table).take(np.where(codes < 0, len(pids), codes))


def pseudonyms(nip: pd.Series, key: bytes | str) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """:func:`pseudonymize` by distinct NIP: what the roster of a cycle is built from.

    Returns
    -------
    codes : ndarray of int64
        Position of each row's NIP among the distinct ones (-1: missing), in order of first
        appearance (``pandas.factorize``).
    pids : Index of string
        The pid of each distinct NIP.
    numbers : ndarray of uint64
        The same pids as the 64-bit numbers their hex digits spell: sorting these sorts the
        pids, without comparing strings.
    """
    import pyarrow as pa

    key = key.encode() if isinstance(key, str) else key
    fresh = hashlib.blake2b(key=key[:64], digest_size=PID_BYTES).copy  # keyed state, reused
    nip = pd.Series(nip, copy=False)
    text = pa.array(nip.astype("string").array, from_pandas=True)
    codes, first = distinct_nips(text)
    uniques = text.take(first).to_pylist()

    def digest(value: str) -> bytes:
        state = fresh()
        state.update(value.encode())
        return state.digest()

    digests = b"".join(map(digest, uniques))  # distinct NIPs, once each
    width = 2 * PID_BYTES
    offsets = np.arange(len(uniques) + 1, dtype=np.int64) * width
    hexed = pa.Array.from_buffers(pa.large_string(), len(uniques), [
        None, pa.py_buffer(offsets), pa.py_buffer(digests.hex().encode("ascii"))])
    numbers = np.frombuffer(digests, dtype=f">u{PID_BYTES}").astype(np.uint64)
    return codes, pd.Index(pd.arrays.ArrowStringArray(hexed)), numbers


def distinct_nips(nip) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct NIPs (-1 for missing) in order of first appearance, as
    ``pandas.factorize``, and the first row of each. 18-digit NIPs are grouped as int64
    numbers: hashing millions of integers is much cheaper than hashing their text.

    ``nip`` is a pyarrow array of text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    given = nip.drop_null()
    if len(given) and pc.all(pc.match_substring_regex(given, "^[0-9]{18}$")).as_py():
        number = nip.cast(pa.int64()).fill_null(-1).to_numpy()  # exact, unlike float64
        present = number >= 0
        codes = np.full(len(number), -1, dtype=np.int64)
        codes[present] = pd.factorize(number[present])[0]
    else:
        codes = np.asarray(pd.factorize(pd.Series(pd.arrays.ArrowStringArray(
            nip.cast(pa.large_string()))), use_na_sentinel=True)[0], dtype=np.int64)
        present = codes >= 0
    first = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.int64)
    first[codes[present][::-1]] = np.flatnonzero(present)[::-1]  # last write wins: the first
    return codes, first


def mask_identifier(values: pd.Series) -> pd.Series:
    """Mask a value for the rejects table: keep its length and last three characters."""
    text = pd.Series(values, copy=False).astype("string")
    stars = text.str.len().sub(3).clip(lower=0).fillna(0).astype(int)
    masked = pd.Series(np.repeat("", len(text)), index=text.index, dtype="string")
    return masked.str.cat(stars.map(lambda n: "*" * n).astype("string")).str.cat(
        text.str[-3:].fillna(""))
