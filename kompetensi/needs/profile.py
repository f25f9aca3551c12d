"""The ASN profile of a cycle: counts and shares by status, sex, post type, golongan,
education and age band (the descriptive part of the training-needs analysis)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.core.bands import age_band, golongan_group
from kompetensi.core.vocab import JENIS_JABATAN, PENDIDIKAN_ORDER, STATUS_ASN

DIMENSIONS = {  # column of the profile -> its Indonesian label
    "status_asn": "Status ASN",
    "jenis_kelamin": "Jenis kelamin",
    "jenis_jabatan": "Jenis jabatan",
    "kelompok_golongan": "Golongan",
    "pendidikan": "Pendidikan",
    "kelompok_usia": "Kelompok usia",
}
_SEX = {"L": "Laki-laki", "P": "Perempuan"}


def asn_profile(pegawai: pd.DataFrame, age_edges: Sequence[int] = (30, 40, 50)
                ) -> pd.DataFrame:
    """Counts and shares of ASN along each profile dimension (long table).

    Parameters
    ----------
    pegawai : DataFrame
        Processed roster of one cycle (``status_asn``, ``jenis_kelamin``, ``jenis_jabatan``,
        ``golongan``, ``pendidikan``, ``usia``).
    age_edges
        Passed to :func:`age_band`.

    Returns
    -------
    DataFrame
        ``dimensi``, ``kategori``, ``jumlah`` (int64; empty categories shown as 0; missing
        values as "tidak diketahui"), ``persen`` (of the cycle's ASN, float64). Not
        suppressed: see :func:`kompetensi.privacy.disclosure.suppress_small_groups`.
        Statuses in the order of :data:`~kompetensi.core.vocab.STATUS_ASN` (PPPK paruh waktu
        a category of its own, 0 when there are none). Everyone on the roster counts, inactive
        staff (``aktif`` False) too: the profile is a head count, not the denominator of the
        20 JP right.

    References
    ----------
    ``docs/data_dictionary.md`` (the processed ``pegawai`` table); DOMAIN.md §6.

    Examples
    --------
    >>> p = pd.DataFrame({"status_asn": ["PNS", "PPPK"], "jenis_kelamin": ["L", "P"],
    ...                   "jenis_jabatan": ["Pelaksana", "Fungsional"],
    ...                   "golongan": ["II/a", "IX"], "pendidikan": ["SMA", "S1/D4"],
    ...                   "usia": [25, 41]})
    >>> asn_profile(p).query("dimensi == 'Kelompok usia'")["jumlah"].tolist()
    [1, 0, 1, 0]
    """
    missing = [c for c in ("status_asn", "jenis_kelamin", "jenis_jabatan", "golongan",
                           "pendidikan", "usia") if c not in pegawai.columns]
    if missing:
        raise ValueError(f"pegawai: kolom wajib tidak ada: {', '.join(missing)}")
    pendidikan = pegawai["pendidikan"]
    if not isinstance(pendidikan.dtype, pd.CategoricalDtype):
        pendidikan = pd.Categorical(pendidikan, categories=PENDIDIKAN_ORDER, ordered=True)
    columns = {
        "status_asn": pd.Categorical(pegawai["status_asn"], categories=STATUS_ASN),
        "jenis_kelamin": pd.Categorical(pegawai["jenis_kelamin"].map(_SEX),
                                        categories=list(_SEX.values())),
        "jenis_jabatan": pd.Categorical(pegawai["jenis_jabatan"], categories=JENIS_JABATAN),
        "kelompok_golongan": golongan_group(pegawai["golongan"], pegawai["status_asn"]),
        "pendidikan": pendidikan,
        "kelompok_usia": age_band(pegawai["usia"], age_edges),
    }
    total = float(len(pegawai))
    parts = []
    for column, label in DIMENSIONS.items():
        values = pd.Series(columns[column], index=pegawai.index)
        counts = values.value_counts(sort=False, dropna=False)
        if column == "kelompok_golongan":  # only the groups present, in order
            counts = counts[counts > 0]
        kategori = counts.index.astype("object").where(counts.index.notna(), "tidak diketahui")
        parts.append(pd.DataFrame({"dimensi": label, "kategori": kategori.astype(str),
                                   "jumlah": counts.to_numpy(dtype="int64")}))
    out = pd.concat(parts, ignore_index=True)
    out["persen"] = 100.0 * out["jumlah"].astype("float64") / total if total else np.nan
    return out
