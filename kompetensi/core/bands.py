"""Bands the analyses share: age bands and golongan groups."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.vocab import STATUS_ASN


def age_band(usia, edges: Sequence[int] = (30, 40, 50)) -> pd.Series:
    """Age bands in completed years: ``< e0``, ``e0-(e1-1)``, ..., ``>= e_last``.

    Parameters
    ----------
    usia : array-like of numbers
        Age in completed years (missing stays missing).
    edges : increasing integers
        Lower bounds of the bands after the first.

    Returns
    -------
    Series, ordered categorical.

    Examples
    --------
    >>> age_band([29, 30, 49, 50]).tolist()
    ['< 30', '30-39', '40-49', '>= 50']
    >>> age_band([None]).isna().item()
    True
    """
    edges = [int(e) for e in edges]
    if not edges or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError(f"edges harus naik tegas dan tidak kosong: {edges}")
    labels = ([f"< {edges[0]}"] + [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:],
                                                                   strict=False)]
              + [f">= {edges[-1]}"])
    index = usia.index if isinstance(usia, pd.Series) else None
    values = pd.to_numeric(pd.Series(usia, index=index), errors="coerce").astype("float64")
    codes = np.searchsorted(np.asarray(edges, dtype="float64"), values.to_numpy(), side="right")
    codes = np.where(values.isna().to_numpy(), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True),
                     index=values.index, name="kelompok_usia")


def golongan_group(golongan: pd.Series, status_asn: pd.Series) -> pd.Series:
    """Golongan grouped for the profile: PNS by ruang group ("PNS III"), PPPK as is ("PPPK IX").

    Ordered PNS I-IV, then PPPK I-XVII, then PPPK paruh waktu I-XVII ("PPPK Paruh Waktu IX",
    a status of its own; the PPPK golongan of ``reference/golongan.csv``); unknown values stay
    missing.

    References
    ----------
    DOMAIN.md §6 (PNS golongan/ruang, C; PPPK golongan I-XVII, C2).

    Examples
    --------
    >>> golongan_group(pd.Series(["III/b", "IX", "II/a", "V"]),
    ...                pd.Series(["PNS", "PPPK", "PNS", "PPPK Paruh Waktu"])).astype(str).tolist()
    ['PNS III', 'PPPK IX', 'PNS II', 'PPPK Paruh Waktu V']
    """
    ref = reference.load("golongan")
    pns = ref.loc[ref.status_asn == "PNS", "golongan"].str.split("/").str[0].drop_duplicates()
    pppk = ref.loc[ref.status_asn == "PPPK", "golongan"]
    labels = ([f"{STATUS_ASN[0]} {g}" for g in pns] + [f"{STATUS_ASN[1]} {g}" for g in pppk]
              + [f"{STATUS_ASN[2]} {g}" for g in pppk])
    gol = golongan.astype("string")
    status = status_asn.astype("string")
    part = gol.where(status.isin(STATUS_ASN[1:]), gol.str.split("/").str[0])
    group = (status + " " + part).where(lambda s: s.isin(labels))
    return pd.Series(pd.Categorical(group, categories=labels, ordered=True),
                     index=golongan.index, name="kelompok_golongan")
