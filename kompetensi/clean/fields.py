"""What every cleaner reads a raw table with: its columns, its context, its people.

Shared by the cleaners of the personnel tables (:mod:`kompetensi.clean.tables`) and of the
responses to surveys, tests and the stakeholder questionnaire
(:mod:`kompetensi.clean.responses`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from kompetensi.clean import normalize as nz
from kompetensi.clean.people import identify
from kompetensi.clean.rejections import Rejections
from kompetensi.uniques import on_uniques

# The canonical columns each cleaner reads. Exact duplicates are compared on these, and
# :func:`kompetensi.processing.clean_file` converts only these (names, running numbers and
# other columns are parsed but never held). Survey tables read every column (their items).
USED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": ("nip", "status_asn", "golongan", "jenis_jabatan", "jabatan", "jenjang", "opd",
                "kecamatan", "pendidikan"),
    "pelatihan": ("nip", "nama_pelatihan", "jenis", "bentuk", "tanggal_mulai",
                  "tanggal_selesai", "jp", "lokasi", "penyelenggara", "program"),
    "asesmen": ("nip", "kompetensi", "kelompok", "level_standar", "level_capaian", "potensi"),
    "kinerja": ("nip", "tahun", "predikat", "nilai"),
    "disiplin": ("nip", "tingkat", "jenis_hukuman", "tahun", "tanggal"),
    "tes": ("nip", "program", "skor_pre", "skor_post"),
    "pemangku": ("responden", "kelompok", "kriteria_a", "kriteria_b", "penilaian", "nilai"),
}


@dataclass(frozen=True)
class Context:
    """What cleaning a table needs besides the table itself."""

    siklus: int
    key: bytes
    roster: Collection[str] | None = None  # pids of this cycle's pegawai
    codebook: pd.DataFrame | None = None  # survey tables
    programs: pd.DataFrame | None = None  # columns kode, nama (optional)
    opd: pd.DataFrame | None = None  # the dataset's own OPD list (opd, singkatan), optional
    people: pd.DataFrame | None = None  # NIPs parsed while cleaning pegawai, by raw text
    found: dict = field(default_factory=dict)  # what a cleaner hands back (pegawai: people)


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    """A raw column, or an all-missing one when the (optional) column is absent."""
    table = raw.attrs.get("tabel")
    if table in USED_COLUMNS and name not in USED_COLUMNS[table]:
        raise KeyError(f"{table}: kolom '{name}' tidak ada di USED_COLUMNS")  # a code bug
    if name in raw.columns:
        return raw[name]
    return pd.Series(pd.NA, index=raw.index, dtype="string")


@on_uniques
def _single_spaced(values: pd.Series) -> pd.Series:
    return nz._text(values).str.replace(r"\s+", " ", regex=True)


def _text(raw: pd.DataFrame, name: str, as_category: bool = False) -> pd.Series:
    return _single_spaced(_col(raw, name), as_category=as_category)


@on_uniques
def _has_text(values: pd.Series) -> pd.Series:
    return _single_spaced.__wrapped__(values).notna()


def _filled(raw: pd.DataFrame, name: str) -> pd.Series:
    """True where a raw cell holds something other than blanks."""
    return _has_text(_col(raw, name))


def _person(raw: pd.DataFrame, rej: Rejections, ctx: Context, **options) -> pd.DataFrame:
    """``pid`` of each row from its NIP (:func:`kompetensi.clean.people.identify`)."""
    return identify(_col(raw, "nip"), rej, ctx, **options)


@on_uniques
def _program_codes(program: pd.Series, programs: pd.DataFrame | None) -> pd.Series:
    code = program.str.upper().str.replace(r"\s+", " ", regex=True)
    if programs is None or programs.empty:
        return code
    by_name = dict(zip(nz._key(programs["nama"]), programs["kode"].str.upper(), strict=True))
    return nz._key(program).map(by_name).astype("string").fillna(code)


@on_uniques
def _program_or_empty(program: pd.Series, programs: pd.DataFrame | None) -> pd.Series:
    return _program_codes(_single_spaced(program), programs).fillna("")
