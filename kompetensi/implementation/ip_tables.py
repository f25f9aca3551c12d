"""Published tables of the IP ASN (output of :func:`~kompetensi.implementation.
professionalism.ip_asn`): means per group, bands per post type, competency items.

Small cells are hidden here (:mod:`kompetensi.privacy.disclosure`); rounding is the caller's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kompetensi import reference
from kompetensi.core import config
from kompetensi.core.vocab import status_order
from kompetensi.privacy.disclosure import suppress_crosstab, suppress_table

IP_DIMENSIONS = ("skor_kualifikasi", "skor_kompetensi", "skor_kinerja", "skor_disiplin",
                 "ip_asn")
LOW = ("Sangat Rendah", "Rendah")
HIGH = ("Tinggi", "Sangat Tinggi")
ITEMS = ("unsur_kepemimpinan", "unsur_fungsional", "unsur_teknis", "unsur_seminar")


def ip_bands() -> list[str]:
    """The IP ASN bands, lowest first (``reference/ip_asn_kategori.csv``).

    Examples
    --------
    >>> ip_bands()[0], len(ip_bands())
    ('Sangat Rendah', 5)
    """
    return list(reference.load("ip_asn_kategori")["kategori"])


def ip_summary(ip: pd.DataFrame, keys: Sequence[str], *,
               k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Mean IP ASN and dimension scores per group, with the shares in the low and high bands.

    Parameters
    ----------
    ip : DataFrame
        Output of ``ip_asn`` with the ``keys`` (everyone on the roster, inactive staff too:
        the index is not a measure of the cycle's right).
    keys : list of str
        Grouping columns; with ``status_asn``, statuses in the order of
        :data:`~kompetensi.core.vocab.STATUS_ASN`.
    k : int
        Groups of fewer than ``k`` people, and counts (of 1 … k-1 or giving such a
        complement) are hidden with their shares (``suppress_table``).

    Returns
    -------
    DataFrame
        ``n``, the means ``kualifikasi``, ``kompetensi``, ``kinerja``, ``disiplin``, ``ip_asn``,
        ``persen_rendah_ke_bawah`` (Sangat Rendah, Rendah) and ``persen_tinggi_ke_atas``
        (Tinggi, Sangat Tinggi).

    Examples
    --------
    >>> ip = pd.DataFrame({"g": ["a"] * 4, "skor_kualifikasi": [15.0] * 4,
    ...     "skor_kompetensi": [10.0] * 4, "skor_kinerja": [25.0] * 4,
    ...     "skor_disiplin": [5.0] * 4, "ip_asn": [55.0, 55.0, 85.0, 65.0],
    ...     "kategori_ip_asn": ["Sangat Rendah", "Sangat Rendah", "Tinggi", "Rendah"]})
    >>> ip_summary(ip, ["g"], k=1).loc["a", ["n", "ip_asn", "persen_rendah_ke_bawah"]].tolist()
    [4.0, 65.0, 75.0]
    """
    dims = list(IP_DIMENSIONS)
    keys = list(keys)
    g = ip.groupby(keys, observed=True)
    table = g[dims].mean()
    table.insert(0, "n", g.size())
    low = ip["kategori_ip_asn"].isin(list(LOW))
    high = ip["kategori_ip_asn"].isin(list(HIGH))
    table["n_rendah_ke_bawah"] = low.groupby([ip[c] for c in keys], observed=True).sum()
    table["persen_rendah_ke_bawah"] = 100 * table.n_rendah_ke_bawah / table.n
    table["n_tinggi_ke_atas"] = high.groupby([ip[c] for c in keys], observed=True).sum()
    table["persen_tinggi_ke_atas"] = 100 * table.n_tinggi_ke_atas / table.n
    table = table.astype({"n": "int64", "n_rendah_ke_bawah": "int64",
                          "n_tinggi_ke_atas": "int64"})
    table = suppress_table(table, n="n", counts=["n_rendah_ke_bawah", "n_tinggi_ke_atas"],
                           shares={"persen_rendah_ke_bawah": "n_rendah_ke_bawah",
                                   "persen_tinggi_ke_atas": "n_tinggi_ke_atas"},
                           means=dims, k=k)
    table = table.drop(columns=["n_rendah_ke_bawah", "n_tinggi_ke_atas"])
    if "status_asn" in keys:  # statuses in the vocabulary order, PPPK paruh waktu apart
        table = table.sort_index(level="status_asn", key=status_order, sort_remaining=False,
                                 kind="stable")
    return table.rename(columns=lambda c: c.replace("skor_", ""))


def ip_band_table(ip: pd.DataFrame, bands: Sequence[str] | None = None,
                  by: str = "jenis_jabatan", *, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Share of ASN (% per row) in each IP ASN band (default :func:`ip_bands`), per ``by`` group.

    Bands with 1 … k-1 people are hidden with complementary cells (``suppress_crosstab``)
    before the shares are taken; ``n`` (the row total) is hidden when below ``k``.

    Examples
    --------
    >>> ip = pd.DataFrame({"jenis_jabatan": ["x"] * 4,
    ...                    "kategori_ip_asn": ["Rendah", "Rendah", "Sedang", "Tinggi"]})
    >>> ip_band_table(ip, ["Rendah", "Sedang", "Tinggi"], k=1).loc["x"].tolist()
    [4.0, 50.0, 25.0, 25.0]
    """
    counts = ip.groupby([by, "kategori_ip_asn"], observed=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=ip_bands() if bands is None else list(bands), fill_value=0)
    counts.columns = list(counts.columns)
    hidden = suppress_crosstab(counts, k=k)
    n_row = counts.sum(axis=1)
    table = (100 * hidden.astype("Float64").div(n_row, axis=0)).round(1)
    table.insert(0, "n", suppress_table(n_row.rename("n").to_frame(), n="n", k=k)["n"])
    return table


def ip_items(ip: pd.DataFrame, by: str = "jenis_jabatan", *,
             k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """% of ASN per group who scored each competency item, and who have last year's SKP.

    Returns
    -------
    DataFrame
        ``n``, then ``kepemimpinan``, ``fungsional``, ``teknis``, ``seminar`` and
        ``punya_skp`` (% of ``n``); small counts hidden with their shares.

    Examples
    --------
    >>> ip = pd.DataFrame({"jenis_jabatan": ["x"] * 4, "unsur_kepemimpinan": [1, 0, 0, 0],
    ...     "unsur_fungsional": [0] * 4, "unsur_teknis": [1, 1, 0, 0],
    ...     "unsur_seminar": [1] * 4, "kinerja_ada": [True, True, True, False]})
    >>> ip_items(ip, k=1).loc["x"].tolist()
    [4.0, 25.0, 0.0, 50.0, 100.0, 75.0]
    """
    items = list(ITEMS)
    g = ip.groupby(by, observed=True)
    table = g[items].sum().astype("int64")
    table.insert(0, "n", g.size())
    table["kinerja_ada"] = g["kinerja_ada"].sum()
    table = table.astype("int64")
    shares = {}
    for column in [*items, "kinerja_ada"]:
        table[f"persen_{column}"] = 100 * table[column] / table["n"]
        shares[f"persen_{column}"] = column
    table = suppress_table(table, n="n", counts=[*items, "kinerja_ada"], shares=shares, k=k)
    return table[["n", *shares]].rename(
        columns=lambda c: c.replace("persen_unsur_", "").replace("persen_kinerja_ada",
                                                                  "punya_skp"))
