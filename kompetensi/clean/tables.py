"""Cleaning of whole raw tables into canonical ones, with every rejected row accounted for."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.clean import normalize as nz
from kompetensi.clean.context import USED_COLUMNS, Context
from kompetensi.clean.fields import _col, _filled, _person, _program_or_empty, _text
from kompetensi.clean.layout import ROW_NUMBER_COLUMNS, layout_rows
from kompetensi.clean.records import (
    clean_disiplin,
    clean_kinerja,
    combine_ratings,
    kind_and_hours,
    start_dates,
)
from kompetensi.clean.rejections import Rejections
from kompetensi.clean.responses import _clean_pemangku, _clean_survey, _clean_tes
from kompetensi.clean.roster import _clean_pegawai
from kompetensi.clean.skm import SKM_TABLES, clean_skm, clean_skm_rekap, skm_duplicates
from kompetensi.core.uniques import (
    duplicated_rows,
    on_unique_rows,
    on_uniques,
)
from kompetensi.io.columns import header_key
from kompetensi.io.readers import EXTRA_CELLS


@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean_table`.

    ``data`` holds the kept rows in canonical form; ``rejects`` one row per rejected raw row
    (``cakupan == "baris"``) plus one per unreadable cell that was set to missing
    (``cakupan == "sel"``, surveys); ``n_in`` counts raw rows and ``n_duplicates`` exact
    duplicates dropped, so ``n_in == len(kept raw rows) + rejected rows + n_duplicates``.
    ``n_combined`` (kinerja) counts kept raw rows that were combined into the annual rating
    of their person-year (periodic SKP rows): ``len(data) == n_kept_rows - n_combined``.
    """

    table: str
    data: pd.DataFrame = field(repr=False)
    rejects: pd.DataFrame = field(repr=False)
    n_in: int
    n_kept_rows: int
    n_duplicates: int
    n_combined: int = 0  # kinerja: kept raw rows combined into another row's rating (digabung)
    people: pd.DataFrame | None = field(default=None, repr=False)  # pegawai only, in memory
    # surveys: how the columns matched the codebook (``butir``, ``butir_tidak_cocok``,
    # ``butir_tanpa_kolom``; :func:`kompetensi.clean.items.match_items`)
    items: dict = field(default_factory=dict, repr=False)
    # how the raw file was read: format, sheets used and left out (kompetensi.processing)
    read: dict = field(default_factory=dict, repr=False)

    @property
    def n_rejected(self) -> int:
        return int((self.rejects["cakupan"] == "baris").sum())


_TI_WORDS: Callable[[], str] = lambda: "|".join(  # noqa: E731 - evaluated lazily
    reference.load("topik_ti").kata_kunci.str.replace("-", r"[- ]?", regex=False))


def _bentuk(jenis: pd.Series, given: pd.Series) -> pd.Series:
    """Klasikal/nonklasikal as given, else from the kind of activity (one pass per pair)."""
    return on_unique_rows(pd.DataFrame({"jenis": jenis, "bentuk": given}),
                          lambda pair: _bentuk_of(pair["jenis"], pair["bentuk"]),
                          as_category=True)


def _bentuk_of(jenis: pd.Series, given: pd.Series) -> pd.Series:
    given = nz._key(given).str.replace(" ", "", regex=False)
    out = given.where(given.isin(["klasikal", "nonklasikal"]))
    rules = reference.load("bentuk_pengembangan")
    key = nz._key(jenis)
    for word, bentuk in zip(rules.kata_kunci, rules.bentuk, strict=True):
        out = out.mask(out.isna() & key.str.contains(word, regex=False, na=False), bentuk)
    return out.astype("string")


def _is_it_topic(nama: pd.Series, jenis: pd.Series) -> pd.Series:
    topik = (nama.fillna("") + " " + jenis.fillna("")).str.lower()
    return topik.str.contains(rf"(?<![a-z])(?:{_TI_WORDS()})(?![a-z])", regex=True,
                              na=False).astype(bool)


@on_uniques
def _abroad(lokasi: pd.Series) -> pd.Series:
    return nz._key(lokasi).str.contains("luar", na=False).astype(bool)


def _clean_pelatihan(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    person = _person(raw, rej, ctx)
    nama = _text(raw, "nama_pelatihan", as_category=True)
    rej.add(nama.isna(), "nama_pelatihan", "nama_pelatihan")
    mulai = start_dates(raw, rej, ctx)
    selesai = nz.parse_tanggal(_col(raw, "tanggal_selesai"))
    unreadable = selesai.isna() & _filled(raw, "tanggal_selesai")
    rej.add(unreadable | (selesai < mulai), "tanggal", "tanggal_selesai",
            _col(raw, "tanggal_selesai"))
    selesai = selesai.fillna(mulai)
    mulai_day, selesai_day = _day(mulai), _day(selesai)
    jp = nz.parse_number(_col(raw, "jp"), unit=r"jp|jam\s+pelajaran|jam|jpl")
    bad_jp = (jp < 0) | (jp.isna() & _filled(raw, "jp"))
    rej.add(bad_jp, "jp", "jp", _col(raw, "jp"))
    # the kind from the name when not given; the JP of leadership training from its rule
    jenis, jp = kind_and_hours(nama, _text(raw, "jenis", as_category=True), jp)
    rej.add(jenis.isna(), "jenis_pelatihan", "jenis")
    program = _program_or_empty(_col(raw, "program"), ctx.programs, as_category=True)
    topik_ti = on_unique_rows(pd.DataFrame({"nama": nama, "jenis": jenis}),
                              lambda pair: _is_it_topic(pair["nama"], pair["jenis"]))
    return pd.DataFrame({
        "pid": person.pid,
        "siklus": ctx.siklus,
        "nama_pelatihan": nama,
        "jenis": jenis,
        "bentuk": _bentuk(jenis, _col(raw, "bentuk")),
        "tanggal_mulai": mulai_day,
        "tanggal_selesai": selesai_day,
        "hari": ((selesai_day - mulai_day).dt.days + 1).astype("Int64"),
        "jp": jp.astype("Float64"),
        "luar_negeri": _abroad(_col(raw, "lokasi")),
        "penyelenggara": _text(raw, "penyelenggara", as_category=True),
        "topik_ti": topik_ti,
        "program": program,
    }, index=raw.index, copy=False)


@on_uniques
def _day(dates: pd.Series) -> pd.Series:
    return dates.dt.normalize()


def _level(raw: pd.DataFrame, name: str, rej: Rejections,
           required: pd.Series | None = None) -> pd.Series:
    level = nz.parse_number(_col(raw, name))
    bad = level.isna() | ~level.between(1, 5) | (level.round() != level)
    if required is not None:  # report rows (JPM only) need no level; a level given is read
        bad &= required | _filled(raw, name)
    rej.add(bad, "level", name, _col(raw, name))
    return level.where(~bad).astype("Int64")


@on_uniques
def parse_jpm(values: pd.Series) -> pd.Series:
    """JPM of an assessment report in percent: "85,5 %", "85.5", a share "0,855" (a JPM of
    levels 1-5 is at least 20 %, so a number up to 1 is a share, A-JPM-6); above 100 capped
    at 100 (A-JPM-5); <NA> where unreadable or between 1 and 20.

    >>> parse_jpm(pd.Series(["85,5 %", "0,855", "104", "12"])).tolist()
    [85.5, 85.5, 100.0, <NA>]
    """
    number = nz.parse_number(values, unit="%|persen")
    percent = number.mask(number.between(0, 1, inclusive="right"), number * 100).round(6)
    return percent.clip(upper=100.0).where(percent >= 20).astype("Float64")


def _clean_asesmen(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    person = _person(raw, rej, ctx)
    jpm = parse_jpm(_col(raw, "jpm"))
    rej.add(jpm.isna() & _filled(raw, "jpm"), "jpm", "jpm", _col(raw, "jpm"))
    # a row of a report that gives only the JPM (%) of a person: no competency, no levels
    report = jpm.notna() & ~_filled(raw, "kompetensi")
    competency = ~report
    matched = nz.normalize_kompetensi(_col(raw, "kompetensi"))
    kelompok_raw = nz._key(_col(raw, "kelompok")).str.replace(" ", "_", regex=False)
    teknis = kelompok_raw.str.contains("teknis", na=False) & matched["kompetensi"].isna()
    name = matched["kompetensi"].fillna(_text(raw, "kompetensi").where(teknis))
    kelompok = matched.kelompok.fillna(pd.Series("teknis", index=raw.index).where(teknis))
    rej.add(competency & name.isna(), "kompetensi", "kompetensi", _col(raw, "kompetensi"))
    standar = _level(raw, "level_standar", rej, competency)
    capaian = _level(raw, "level_capaian", rej, competency)
    potensi = nz._key(_col(raw, "potensi"))
    return pd.DataFrame({
        "pid": person.pid, "siklus": ctx.siklus, "kompetensi": name.astype("string"),
        "kelompok": kelompok.astype("string"), "level_capaian": capaian,
        "level_standar": standar,
        "potensi": potensi.where(potensi.isin(["rendah", "menengah", "tinggi"])),
        "jpm": jpm,
    }, index=raw.index, copy=False)


_CLEANERS = {
    "pegawai": _clean_pegawai, "pelatihan": _clean_pelatihan, "asesmen": _clean_asesmen,
    "kinerja": clean_kinerja, "disiplin": clean_disiplin, "tes": _clean_tes,
    "pemangku": _clean_pemangku, "skm": clean_skm, "skm_rekap": clean_skm_rekap,
}


def exact_duplicates(table: str, raw: pd.DataFrame) -> np.ndarray:
    """Raw rows equal to an earlier row, which cleaning drops (assumption A-DUP-1).

    Rows are compared on the columns the table's cleaner reads (``USED_COLUMNS``); survey
    rows on every column but a running number ("No"), which differs between copies of the
    same exported row. Needs nothing but the raw rows, so it can run while other tables are
    being cleaned. SKM tables: :func:`kompetensi.clean.skm.skm_duplicates` (A-SKM-30).
    """
    if table in SKM_TABLES:
        return skm_duplicates(table, raw)
    if table in USED_COLUMNS:  # names and other unused columns do not tell rows apart
        compared = raw[[c for c in raw.columns if c in USED_COLUMNS[table]]]
    else:
        compared = raw.drop(columns=[c for c in raw.columns
                                     if header_key(c) in ROW_NUMBER_COLUMNS])
    return duplicated_rows(compared)


def clean_table(table: str, raw: pd.DataFrame, source: str, *, siklus: int, key: bytes,
                roster: Collection[str] | None = None, codebook: pd.DataFrame | None = None,
                programs: pd.DataFrame | None = None, opd: pd.DataFrame | None = None,
                people: pd.DataFrame | None = None, duplicated: np.ndarray | None = None,
                unor_opd: pd.DataFrame | None = None) -> Cleaned:
    """Clean one raw table into its canonical form.

    Parameters
    ----------
    table : str
        Canonical table name (see ``docs/data_dictionary.md``).
    raw : DataFrame
        The raw rows with canonical column names (:func:`kompetensi.io.readers.canonical_columns`),
        indexed by their row number in the source file.
    source : str
        File name, for the rejects table.
    siklus : int
        The cycle.
    key : bytes
        Pseudonym key (:func:`kompetensi.privacy.keys.load_key`).
    roster : collection of str, optional
        pids of the cycle's pegawai (a set or, faster for millions, a pandas Index); rows of
        people not in it are rejected (pelatihan, asesmen, tes).
    codebook : DataFrame, optional
        Survey codebook (butir, teks, dimensi, terbalik); required for survey tables.
    programs : DataFrame, optional
        Programme codes and names (kode, nama) to map names onto codes.
    opd : DataFrame, optional
        The dataset's own list of organisations (opd, singkatan); default the city's
        ``reference/opd.csv`` (see :func:`kompetensi.clean.normalize_opd`).
    people : DataFrame, optional
        ``Cleaned.people`` of the cycle's pegawai: NIPs already parsed and pseudonymized,
        reused for the other tables (a national roster has millions). In memory only: it
        holds NIPs and is never written.
    duplicated : array of bool, optional
        :func:`exact_duplicates` of ``raw``, when it was computed already (
        :func:`kompetensi.processing.build.clean_files` does so on its reading thread).
    unor_opd : DataFrame, optional
        The dataset's own unit -> OPD map (``unor``, ``opd``; ``data/raw/<dataset>/unor_opd.csv``),
        checked before every other source of a roster row's OPD (:mod:`kompetensi.clean.units`).

    Returns
    -------
    Cleaned
        Exact duplicate raw rows (equal in every column of ``USED_COLUMNS[table]``; surveys:
        every column but a running number) are counted and dropped first (the first copy is
        kept); then each remaining row is kept or rejected with its first failing rule. In
        ``data``, ``pid`` and repeated text are Categoricals (see
        :func:`kompetensi.processing.build.as_stored` for the stored form).
    """
    context = Context(int(siklus), key, roster=roster, codebook=codebook, programs=programs,
                      opd=opd, unor_opd=unor_opd, people=people)
    if duplicated is None:
        duplicated = exact_duplicates(table, raw)
    layout = layout_rows(raw, table)  # totals, signatures …: rejected, never duplicates
    duplicated = pd.Series(duplicated, index=raw.index) & layout.isna().to_numpy()
    rows = raw.loc[~duplicated] if duplicated.any() else raw.copy(deep=False)
    rows.attrs["tabel"] = table
    rejections = Rejections(table, source, rows.index)
    if layout.notna().any():
        layout = layout.loc[rows.index]
        rejections.add(layout.notna(), layout, "baris")
    if EXTRA_CELLS in rows.columns:  # a CSV row longer than its header: values shifted
        rejections.add(rows[EXTRA_CELLS].notna(), "sel_lebih", "baris")
    if table in ("survei_reaksi", "survei_perilaku"):
        data = _clean_survey(table, rows, rejections, context)
    else:
        data = _CLEANERS[table](rows, rejections, context)
    kept_rows = rejections.keep
    if data.index.equals(rows.index):
        if not kept_rows.all():
            data = data.iloc[np.flatnonzero(kept_rows.to_numpy())]
    else:  # long survey rows: several per raw row
        data = data.loc[data.index.isin(kept_rows.index[kept_rows])]
    combined = 0
    if table == "kinerja":  # periodic SKP rows: one rating per person-year (A-SKP-3, 4)
        data, combined = combine_ratings(data)
    for column in data.select_dtypes(include=["datetime", "datetimetz"]).columns:
        data[column] = data[column].astype("datetime64[ns]")
    return Cleaned(table=table, data=data.reset_index(drop=True),
                   rejects=rejections.frame(), n_in=len(raw),
                   n_kept_rows=int(kept_rows.sum()), n_duplicates=int(duplicated.sum()),
                   n_combined=combined,
                   people=context.found.get("people"),
                   items={k: v for k, v in context.found.items() if k.startswith("butir")})
