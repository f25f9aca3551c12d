"""pandera schemas of the canonical (processed) tables.

A table that fails its schema after cleaning is a bug in the cleaning code, not bad input:
bad input rows are rejected *before* validation. ``validate`` reports every failure at once.

Text columns may be plain ``string`` or, in memory after cleaning, a Categorical of strings
(repeated text kept as codes); the Parquet files hold plain text
(:func:`kompetensi.processing.build.as_stored`).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from kompetensi.core.uniques import on_uniques
from kompetensi.core.vocab import (
    JENIS_JABATAN,
    PENDIDIKAN_ORDER,
    PREDIKAT_ORDER,
    SKM_MUTU,
    SKM_PEKERJAAN,
    SKM_UNSUR,
)


def _is_text(values: pd.Series) -> bool:
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):  # repeated text is kept as codes in memory
        return not dtype.ordered and pd.api.types.is_string_dtype(dtype.categories.dtype)
    return dtype == "string"


IS_TEXT = pa.Check(_is_text, name="teks", error="text: string, or Categorical of strings")


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(None, [IS_TEXT, *checks], nullable=nullable)


@on_uniques
def _is_pid(values: pd.Series) -> pd.Series:
    return values.astype("string").str.fullmatch(r"[0-9a-f]{16}").fillna(False).astype(bool)


IS_PID = pa.Check(_is_pid, name="pid", error="pid: 16 hex characters")  # once per distinct
PID = _text(IS_PID)
PID_OPTIONAL = _text(IS_PID, nullable=True)
SIKLUS = pa.Column("int64", pa.Check.in_range(2000, 2100))
TEXT = _text(nullable=True)
DATE = pa.Column("datetime64[ns]", nullable=True)
LEVEL = pa.Column("Int64", pa.Check.in_range(1, 5), nullable=False)
LEVEL_OPTIONAL = pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True)


def _in(values, nullable: bool = False) -> pa.Column:
    return _text(pa.Check.isin(list(values)), nullable=nullable)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "pegawai": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "status_asn": _in(["PNS", "PPPK", "PPPK Paruh Waktu"]),
        "kedudukan": _text(), "aktif": pa.Column(bool),
        "jenis_kelamin": _in(["L", "P"]), "tanggal_lahir": DATE,
        "usia": pa.Column("Int64", pa.Check.in_range(14, 80)), "tmt_cpns": DATE,
        "masa_kerja": pa.Column("Int64", pa.Check.in_range(0, 60), nullable=True),
        "golongan": _text(), "jenis_jabatan": _in(JENIS_JABATAN),
        "jabatan": TEXT, "jenjang": TEXT, "opd": _text(), "unor": TEXT, "kecamatan": TEXT,
        "pendidikan": pa.Column(pd.CategoricalDtype(PENDIDIKAN_ORDER, ordered=True)),
    }, strict=True, unique=["pid"]),
    "pelatihan": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "nama_pelatihan": _text(),
        "jenis": _text(), "bentuk": _in(["klasikal", "nonklasikal"], True),
        "tanggal_mulai": pa.Column("datetime64[ns]"), "tanggal_selesai": pa.Column(
            "datetime64[ns]"), "hari": pa.Column("Int64", pa.Check.ge(1)),
        "jp": pa.Column("Float64", pa.Check.ge(0), nullable=True),
        "luar_negeri": pa.Column(bool), "penyelenggara": TEXT, "topik_ti": pa.Column(bool),
        "program": _text(),
    }, strict=True),
    "asesmen": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "kompetensi": TEXT,  # <NA>: a JPM-only report row
        "kelompok": _in(["manajerial", "sosial_kultural", "teknis"], True),
        "level_capaian": LEVEL_OPTIONAL, "level_standar": LEVEL_OPTIONAL,
        "potensi": _in(["rendah", "menengah", "tinggi"], True),
        "jpm": pa.Column("Float64", pa.Check.in_range(20, 100), nullable=True),
    }, strict=True),
    "kinerja": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "tahun": pa.Column("Int64"),
        "predikat": pa.Column(pd.CategoricalDtype(PREDIKAT_ORDER, ordered=True)),
        "nilai": pa.Column("Float64", nullable=True),
    }, strict=True),
    "disiplin": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "tahun": pa.Column("Int64"),
        "tingkat": _in(["ringan", "sedang", "berat"], True),  # <NA>: level unreadable
    }, strict=True),
    "tes": pa.DataFrameSchema({
        "pid": PID, "siklus": SIKLUS, "program": _text(),
        "skor_pre": pa.Column("Float64", pa.Check.in_range(0, 100)),
        "skor_post": pa.Column("Float64", pa.Check.in_range(0, 100)),
    }, strict=True),
    "pemangku": pa.DataFrameSchema({
        "responden": _text(), "siklus": SIKLUS, "kelompok": _text(),
        "kriteria_a": _text(), "kriteria_b": _text(),
        "nilai": pa.Column("Float64", pa.Check.in_range(1 / 9 - 1e-9, 9 + 1e-9)),
    }, strict=True),
}
_SURVEY = pa.DataFrameSchema({
    "responden": _text(), "pid": PID_OPTIONAL, "siklus": SIKLUS,
    "program": _text(), "penilai": _in(["diri", "atasan"], True),
    "butir": _text(), "skor": pa.Column("Int64", pa.Check.in_range(1, 5),
                                                     nullable=True),
    "waktu": DATE,
}, strict=True)
SCHEMAS["survei_reaksi"] = _SURVEY
SCHEMAS["survei_perilaku"] = _SURVEY
# periods of the community satisfaction survey: "2025", "2025-S1", "2025-T3"
PERIODE = _text(pa.Check.str_matches(r"^20\d\d(?:-S[12]|-T[1-4])?$"))
SCHEMAS["skm"] = pa.DataFrameSchema({
    "responden": _text(), "siklus": SIKLUS, "periode": PERIODE, "tanggal": DATE,
    "unit": _text(), "opd": _text(), "layanan": TEXT,
    "jenis_kelamin": _in(["L", "P"], True),
    "usia": pa.Column("Int64", pa.Check.in_range(10, 100), nullable=True),
    "pendidikan": _in(PENDIDIKAN_ORDER, True), "pekerjaan": _in(SKM_PEKERJAAN, True),
    **{u: pa.Column("Int8", pa.Check.in_range(1, 4), nullable=True) for u in SKM_UNSUR},
}, strict=True, unique=["responden"])
SCHEMAS["skm_rekap"] = pa.DataFrameSchema({
    "siklus": SIKLUS, "periode": PERIODE, "unit": _text(), "opd": _text(),
    "responden": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    "populasi": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    **{f"nrr_{u}": pa.Column("float64", pa.Check.in_range(1, 4), nullable=True)
       for u in SKM_UNSUR},
    "ikm": pa.Column("float64", pa.Check.in_range(25, 100), nullable=True),
    "mutu": _in(SKM_MUTU, True),
}, strict=True, unique=["unit", "periode"])


def validate(table: str, data: pd.DataFrame) -> pd.DataFrame:
    """Validate a canonical table (all failures reported at once)."""
    return SCHEMAS[table].validate(data, lazy=True, inplace=True)
