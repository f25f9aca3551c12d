"""Cleaning: vectorized normalizers of messy values and the table cleaner.

Public API: :func:`parse_nip`, :func:`normalize_golongan`, :func:`normalize_opd`,
:func:`parse_tanggal`, :func:`parse_likert`, :func:`match_items` (-> :class:`ItemMatch`),
:func:`clean_table` (-> :class:`Cleaned`).
"""

from kompetensi.clean.answers import parse_likert, parse_saaty
from kompetensi.clean.items import ItemMatch, match_items
from kompetensi.clean.layout import LAYOUT_REASONS, layout_rows
from kompetensi.clean.nip import parse_nip
from kompetensi.clean.normalize import (
    normalize_golongan,
    normalize_jenis_jabatan,
    normalize_jenis_kelamin,
    normalize_kompetensi,
    normalize_opd,
    normalize_pendidikan,
    normalize_predikat,
    normalize_status_asn,
    normalize_tingkat_hukuman,
    parse_number,
    parse_tanggal,
)
from kompetensi.clean.reasons import REASONS
from kompetensi.clean.tables import Cleaned, clean_table
from kompetensi.core.vocab import JENIS_JABATAN, PENDIDIKAN_ORDER, PREDIKAT_ORDER

__all__ = [
    "JENIS_JABATAN", "LAYOUT_REASONS", "PENDIDIKAN_ORDER", "PREDIKAT_ORDER", "REASONS", "Cleaned", "ItemMatch",
    "clean_table", "layout_rows", "match_items",
    "normalize_golongan", "normalize_jenis_jabatan", "normalize_jenis_kelamin",
    "normalize_kompetensi", "normalize_opd", "normalize_pendidikan", "normalize_predikat",
    "normalize_status_asn", "normalize_tingkat_hukuman", "parse_likert", "parse_nip",
    "parse_number", "parse_saaty", "parse_tanggal",
]
