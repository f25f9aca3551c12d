"""Category orders of the canonical tables: education, SKP predikat, post types, ASN status, SKM elements."""

from __future__ import annotations

PENDIDIKAN_ORDER = ["SD", "SMP", "SMA", "D1", "D2", "D3", "S1/D4", "S2", "S3"]
PREDIKAT_ORDER = ["Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik"]
JENIS_JABATAN = ["JPT", "Administrator", "Pengawas", "Fungsional", "Pelaksana"]
# ASN status, in the order of every table and figure legend that splits by status (issue 20):
# PPPK paruh waktu (KepmenPANRB 16/2025) is a status of its own, never merged with PPPK.
STATUS_ASN = ["PNS", "PPPK", "PPPK Paruh Waktu"]
KEDUDUKAN_AKTIF = "Aktif"  # `kedudukan` of a roster without that column (the contract)
# Community satisfaction survey (SKM, PermenPANRB 14/2017): its nine elements U1-U9, the
# quality bands best first, and the occupation categories of the regulation's form.
SKM_UNSUR = tuple(f"u{k}" for k in range(1, 10))
SKM_MUTU = ("A", "B", "C", "D")
SKM_PEKERJAAN = ("PNS/TNI/POLRI", "Pegawai Swasta", "Wiraswasta/Usahawan", "Pelajar/Mahasiswa",
                 "Lainnya")


def status_order(values):
    """Sort key of ASN statuses: the position in :data:`STATUS_ASN`, other values after.

    Takes and returns an Index or Series (``sort_index(key=...)``, ``sort_values(key=...)``).

    Examples
    --------
    >>> import pandas as pd
    >>> sorted(["PPPK Paruh Waktu", "X", "PNS"], key=lambda v: status_order(pd.Index([v]))[0])
    ['PNS', 'PPPK Paruh Waktu', 'X']
    """
    return values.map(lambda v: STATUS_ASN.index(v) if v in STATUS_ASN else len(STATUS_ASN))
