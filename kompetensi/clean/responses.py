"""Cleaning of responses: training tests, reaction and behaviour surveys, and the AHP
questionnaire of the stakeholders."""

from __future__ import annotations

import pandas as pd

from kompetensi.clean import normalize as nz
from kompetensi.clean.answers import parse_likert, parse_saaty
from kompetensi.clean.context import Context
from kompetensi.clean.fields import _col, _person, _program_codes, _text
from kompetensi.clean.items import match_items
from kompetensi.clean.rejections import Rejections


def _clean_tes(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    person = _person(raw, rej, ctx)
    program = _program_codes(_text(raw, "program"), ctx.programs)
    rej.add(program.isna(), "program", "program")
    scores = {}
    for column in ("skor_pre", "skor_post"):
        score = nz.parse_number(_col(raw, column))
        rej.add(score.isna(), "skor_kosong", column, _col(raw, column))
        rej.add(~score.between(0, 100), "skor_di_luar_rentang", column, _col(raw, column))
        scores[column] = score.astype("Float64")
    return pd.DataFrame({"pid": person.pid, "siklus": ctx.siklus, "program": program,
                         **scores}, index=raw.index, copy=False)


def _clean_survey(table: str, raw: pd.DataFrame, rej: Rejections,
                  ctx: Context) -> pd.DataFrame:
    from kompetensi.core.errors import DataError

    if ctx.codebook is None:
        raise DataError(f"kodebuku {table}_kodebuku.csv tidak ada", file=rej.source)
    match = match_items(raw.columns, ctx.codebook, table=table)
    ctx.found["butir"] = match.matches  # how each column was matched, for the quality report
    ctx.found["butir_tidak_cocok"] = match.unmatched
    ctx.found["butir_tanpa_kolom"] = match.items_without_column
    items = match.items
    if not items:
        raise DataError("tidak ada kolom butir yang cocok dengan teks di kodebuku",
                        file=rej.source)
    rated = table == "survei_perilaku"
    person = _person(raw, rej, ctx, required=rated, in_roster=False)
    program = _program_codes(_text(raw, "program"), ctx.programs)
    rej.add(program.isna(), "program", "program")
    penilai = nz._by_pattern(_col(raw, "penilai"), [(r"diri|sendiri|self|peserta", "diri"),
                                                     (r"atasan|supervisor|pimpinan", "atasan")])
    if rated:
        rej.add(penilai.isna(), "penilai", "penilai", _col(raw, "penilai"))
    numbered = f"{table}-{ctx.siklus}-" + pd.Series(raw.index, index=raw.index).astype(
        "string").str.zfill(5)  # row numbers: "survei_reaksi-2025-00012"
    responden = _text(raw, "responden").fillna(numbered)
    wide = pd.DataFrame({column: parse_likert(raw[column]) for column in items},
                        index=raw.index)
    answered = pd.DataFrame({c: nz._text(raw[c]).notna() for c in items}, index=raw.index)
    invalid = answered & wide.isna()
    rej.add(~answered.any(axis=1), "tanpa_jawaban", "butir")
    keep = rej.keep
    bad = invalid[keep].stack()
    bad = bad[bad]
    if len(bad):
        rows = bad.index.get_level_values(0)
        cols = pd.Series(bad.index.get_level_values(1)).map(items)
        values = pd.Series([raw.at[r, c] for r, c in bad.index])  # only the few bad cells
        rej.add_cells(rows, cols, "likert", values)
    long = wide.rename(columns=items).stack(future_stack=True).rename("skor").reset_index()
    long.columns = ["baris", "butir", "skor"]
    meta = pd.DataFrame({
        "responden": responden, "pid": person.pid, "siklus": ctx.siklus, "program": program,
        "penilai": penilai if rated else pd.Series(pd.NA, index=raw.index, dtype="string"),
        "waktu": nz.parse_tanggal(_col(raw, "timestamp")),
    }, index=raw.index)
    out = meta.join(long.set_index("baris"), how="inner")
    out = out[["responden", "pid", "siklus", "program", "penilai", "butir", "skor", "waktu"]]
    out.index.name = "baris"
    return out


def _clean_pemangku(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    responden = _text(raw, "responden")
    rej.add(responden.isna(), "kelompok", "responden")
    kelompok = nz._key(_col(raw, "kelompok"))
    rej.add(kelompok.isna(), "kelompok", "kelompok")
    a, b = _text(raw, "kriteria_a"), _text(raw, "kriteria_b")
    rej.add(a.isna() | b.isna() | (a.str.lower() == b.str.lower()), "kriteria_sama",
            "kriteria_b", b)
    nilai = parse_saaty(_col(raw, "penilaian")).fillna(parse_saaty(_col(raw, "nilai")))
    rej.add(nilai.isna(), "penilaian_ahp", "penilaian", _col(raw, "penilaian"))
    return pd.DataFrame({"responden": responden, "siklus": ctx.siklus, "kelompok": kelompok,
                         "kriteria_a": a, "kriteria_b": b, "nilai": nilai.astype("Float64")},
                        index=raw.index, copy=False)
