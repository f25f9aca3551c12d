"""Reference data shipped with the package, each table with its status and source.

Status follows ``DOMAIN.md``: C confirmed, C2 secondary sources, U unconfirmed. Every C2/U row
is an overridable assumption listed in ``docs/asumsi.md``. Tables are returned as fresh copies,
so callers may modify them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

TABLES = (
    "opd", "opd_alias", "kecamatan", "golongan", "kompetensi_standar", "likert", "topik_ti",
    "header_alias", "bentuk_pengembangan",
    "level_standar_bawaan", "jpm_kategori", "kotak_talenta", "kinerja_talenta",
    "indeks_acak_ahp",
    "konversi_jp", "ip_asn_kualifikasi", "ip_asn_kompetensi", "ip_asn_jenis_diklat",
    "ip_asn_kepemimpinan", "ip_asn_kinerja", "ip_asn_disiplin", "ip_asn_kategori",
    "skor_predikat", "pelatihan_kepemimpinan", "hukuman_disiplin", "predikat_skp", "rekap_skp",
    "kedudukan_hukum", "eselon", "unor_opd", "jenjang_jabatan",
    "hak_pengembangan",
)


@cache
def _read(name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise KeyError(f"unknown reference table {name!r}; known: {', '.join(TABLES)}")
    with resources.files(__package__).joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")


def load(name: str) -> pd.DataFrame:
    """Return reference table ``name`` (all columns as strings)."""
    return _read(name).copy()
