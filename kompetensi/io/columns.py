"""Column names of raw exports: header keys and aliases, where the header row is,
and the columns each table requires.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import DataError
from kompetensi.core.vocab import SKM_UNSUR

RAW_TABLES = ("pegawai", "pelatihan", "asesmen", "kinerja", "disiplin", "survei_reaksi",
              "survei_perilaku", "tes", "pemangku", "skm", "skm_rekap")
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
    # community satisfaction survey: a unit and at least one element's answers (or NRR)
    "skm": (("unit",), SKM_UNSUR),
    "skm_rekap": (("unit",), ("ikm", *(f"nrr_{u}" for u in SKM_UNSUR))),
}
# Tables whose headers may be question texts (an online form's export) or element names: a
# header that is no alias is recognised by the regular expressions (``pola``, searched in the
# header key) of a reference table, whose ``kode`` (with a prefix) is the column; the row
# ``bukan`` lists headers that are never an element. {table: (reference table, prefix)}
HEADER_PATTERNS = {"skm": ("skm_unsur", ""), "skm_rekap": ("skm_unsur", "nrr_")}
NOT_AN_ELEMENT = "bukan"


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


@lru_cache(maxsize=16)
def _compiled(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((code, re.compile(pattern)) for code, pattern in rules)


def pattern_column(key: str, table: str | None) -> str | None:
    """The canonical column a header key names by :data:`HEADER_PATTERNS`, or ``None``.

    The header must match the pattern of exactly one element (and not the ``bukan`` row):
    an ambiguous header is not read as an element.

    Examples
    --------
    >>> pattern_column(header_key("Bagaimana pendapat Saudara tentang kesesuaian persyaratan "
    ...                           "pelayanan dengan jenis pelayanannya?"), "skm")
    'u1'
    >>> pattern_column("nrr sarana dan prasarana", "skm_rekap"), pattern_column("kritik dan saran", "skm")
    ('nrr_u9', None)
    """
    spec = HEADER_PATTERNS.get(table or "")
    if spec is None:
        return None
    rules = reference.load(spec[0])
    patterns = _compiled(tuple(zip(rules["kode"], rules["pola"], strict=True)))
    hits = {code for code, pattern in patterns if pattern.search(key)}
    if NOT_AN_ELEMENT in hits or len(hits) != 1:
        return None
    return spec[1] + hits.pop()


def canonical_name(key: str, known: dict[str, str], table: str | None) -> str | None:
    """The canonical column of a header key: its alias (``known``), else its pattern."""
    return known.get(key) or pattern_column(key, table)


def _find_header(rows: list[list[object]], path: Path, table: str | None,
                 aliases: pd.DataFrame | None = None) -> int:
    """0-based row of the header among ``rows``: the first with two known column names.

    ``aliases`` are the dataset's own header aliases (``tabel``, ``kolom``, ``alias``), known
    besides the built-in ones.
    """
    known = header_aliases(table, aliases)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = {canonical_name(k, known, table) for k in map(header_key, row)} - {None}
        if len(hits) >= 2:
            return i
    raise DataError(
        "baris judul kolom (header) tidak ditemukan di "
        f"{HEADER_SCAN_ROWS} baris pertama; apakah ini file/sheet yang benar?", file=path.name)
