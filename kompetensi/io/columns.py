"""Column names of raw exports: header keys and aliases, where the header row is,
and the columns each table requires.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import DataError

RAW_TABLES = ("pegawai", "pelatihan", "asesmen", "kinerja", "disiplin", "survei_reaksi",
              "survei_perilaku", "tes", "pemangku")
HEADER_SCAN_ROWS = 30

REQUIRED_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    # each inner tuple lists alternatives: at least one of them must be present
    "pegawai": (("nip",), ("status_asn", "jenis_pegawai", "status_cpns"), ("golongan",),
                ("jenis_jabatan",), ("jabatan",), ("opd", "unor", "satuan_kerja"),
                ("pendidikan",)),
    # SIASN rw_diklat has no kind (it comes from the name) and may give only a year
    "pelatihan": (("nip",), ("nama_pelatihan",), ("tanggal_mulai", "tahun"), ("jp",)),
    # an assessment-centre report may give only the JPM (%) per person
    "asesmen": (("nip",), ("kompetensi", "jpm"), ("level_standar", "jpm"),
                ("level_capaian", "jpm")),
    # SIASN rw_skp22: pnsDinilaiId instead of a NIP; predikat also from kuadran or the two
    # ratings (kompetensi.clean.records)
    "kinerja": (("nip", "pns_id"), ("tahun", "periode"),
                ("predikat", "kuadran_kinerja", "hasil_kinerja")),
    "disiplin": (("nip", "pns_id"), ("tingkat", "jenis_hukuman"), ("tanggal", "tahun")),
    "survei_reaksi": (("program",),),
    "survei_perilaku": (("program",), ("penilai",), ("nip",)),
    "tes": (("nip",), ("program",), ("skor_pre",), ("skor_post",)),
    "pemangku": (("responden",), ("kelompok",), ("kriteria_a",), ("kriteria_b",),
                 ("penilaian", "nilai")),
}


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # "nipBaru": lower case or digit, then capital


def header_key(name: object) -> str:
    """Column-name matching key: lower case, punctuation-insensitive, single spaces.

    A camelCase name (SIASN web-service fields) is split where a lower-case letter meets a
    capital; names in capitals or with spaces are only lower-cased.

    Examples
    --------
    >>> header_key("nipBaru"), header_key("NIP BARU"), header_key("tanggalSelesaiKursus")
    ('nip baru', 'nip baru', 'tanggal selesai kursus')
    >>> header_key("Gol. / Ruang"), header_key("status_asn")
    ('gol/ruang', 'status asn')
    """
    text = _CAMEL.sub(" ", str(name).replace("\ufeff", "")).strip().lower()
    text = "".join(ch if ch.isalnum() or ch in "/ " else " " for ch in text)
    return " ".join(text.split()).replace(" /", "/").replace("/ ", "/")  # "Gol. / Ruang"


def header_aliases(table: str | None = None,
                   extra: pd.DataFrame | None = None) -> dict[str, str]:
    """Alias key -> canonical column for ``table`` (plus aliases valid for every table)."""
    aliases = reference.load("header_alias")
    if extra is not None:
        aliases = pd.concat([aliases, extra[["tabel", "kolom", "alias"]]], ignore_index=True)
    if table is not None:
        aliases = aliases[aliases.tabel.isin(["*", table])]
    return {header_key(a): k for a, k in zip(aliases.alias, aliases.kolom, strict=True)}


def _find_header(rows: list[list[object]], path: Path, table: str | None,
                 aliases: pd.DataFrame | None = None) -> int:
    """0-based row of the header among ``rows``: the first with two known column names.

    ``aliases`` are the dataset's own header aliases (``tabel``, ``kolom``, ``alias``), known
    besides the built-in ones.
    """
    known = header_aliases(table, aliases)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = {known[k] for k in map(header_key, row) if k in known}
        if len(hits) >= 2:
            return i
    raise DataError(
        "baris judul kolom (header) tidak ditemukan di "
        f"{HEADER_SCAN_ROWS} baris pertama; apakah ini file/sheet yang benar?", file=path.name)
