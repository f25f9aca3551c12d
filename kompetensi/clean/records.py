"""Rules for the personnel records as SIASN and the agency's systems write them.

- training (``pelatihan``): the kind and, when the hours are empty, the JP of leadership and
  basic training from the name (``reference/pelatihan_kepemimpinan.csv``, A-JP-10); a record
  with only a year counts for that year (A-JP-11);
- performance (``kinerja``, SKP 2022): the predikat from ``predikat``, else from
  ``kuadran_kinerja``, else from the two ratings (``reference/predikat_skp.csv``); periodic
  rows of a person-year combined into one annual rating (``reference/rekap_skp.csv``,
  A-SKP-3, A-SKP-4);
- discipline (``disiplin``): the level from the sanction's name or code
  (``reference/hukuman_disiplin.csv``); a sanction whose level cannot be read is kept with
  ``tingkat`` <NA> and reported as a cell (A-HD-2).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.clean import normalize as nz
from kompetensi.clean.context import Context
from kompetensi.clean.fields import _col, _filled, _person
from kompetensi.clean.rejections import Rejections
from kompetensi.core.uniques import on_unique_rows, on_uniques
from kompetensi.core.vocab import PREDIKAT_ORDER

ANNUAL = "_tahunan"  # helper column of the kinerja cleaner, dropped when rows are combined


def _year(values: pd.Series, siklus: int) -> pd.Series:
    year = nz.parse_number(values)
    return year.where(year.between(1990, siklus) & (year.round() == year)).astype("Int64")


# ----------------------------------------------------------------------------------- pelatihan
@on_uniques
def leadership(nama: pd.Series) -> pd.DataFrame:
    """Kind (``jenis``) and rule JP of leadership/basic training recognised by its name.

    The first row of ``reference/pelatihan_kepemimpinan.csv`` whose ``pola`` (a regular
    expression on the lower-case name, punctuation as spaces) matches gives the kind; its
    ``jp`` (may be empty) is the JP when the record states none.

    >>> leadership(pd.Series(["Diklat PIM Tk. IV", "PKA Angkatan II", "Bimtek SIPD"]))[
    ...     "jenis"].tolist()
    ['Diklatpim IV', 'Pelatihan Kepemimpinan Administrator', <NA>]
    """
    rules = reference.load("pelatihan_kepemimpinan")
    key = nz._key(nama)
    jenis = pd.Series(pd.NA, index=key.index, dtype="string")
    jp = pd.Series(pd.NA, index=key.index, dtype="Float64")
    for pattern, kind, hours in zip(rules.pola, rules.jenis, rules.jp, strict=True):
        pattern = re.sub(r"\((?!\?)", "(?:", pattern)  # groups only group
        hit = jenis.isna() & key.str.contains(pattern, regex=True, na=False)
        jenis = jenis.mask(hit, kind)
        if hours:
            jp = jp.mask(hit, float(hours))
    return pd.DataFrame({"jenis": jenis, "jp": jp}, index=key.index)


def kind_and_hours(nama: pd.Series, jenis: pd.Series, jp: pd.Series
                   ) -> tuple[pd.Series, pd.Series]:
    """``jenis`` as given, else the leadership kind of the name, else the name itself (a
    SIASN diklat record has no kind); ``jp`` as stated, else (empty or 0) the rule's JP of a
    recognised leadership/basic training (A-JP-10).

    Only the rows that lack a kind or hours are looked at (a national export has millions
    of rows and states both on nearly all); ``jenis`` comes back as a Categorical.

    >>> kind, hours = kind_and_hours(pd.Series(["PKP Angkatan I", "Bimtek SIPD"]),
    ...                              pd.Series([None, "Teknis"]), pd.Series([None, 8.0]))
    >>> kind.tolist(), hours.tolist()
    (['Pelatihan Kepemimpinan Pengawas', 'Teknis'], [830.0, 8.0])
    """
    if not isinstance(jenis.dtype, pd.CategoricalDtype):
        jenis = jenis.astype("string").astype("category")
    missing = jenis.isna().to_numpy()
    unstated = (jp.isna() | (jp == 0)).to_numpy(dtype=bool, na_value=True)
    need = missing | unstated
    hours = jp.astype("Float64")
    if not need.any():
        return jenis, hours
    rows = np.flatnonzero(need)
    rule = leadership(nama.iloc[rows])
    if missing.any():
        fill = rule["jenis"].fillna(nama.iloc[rows].astype("string"))[missing[rows]]
        new = pd.Index(fill.dropna().unique()).difference(jenis.cat.categories)
        jenis = jenis.cat.add_categories(new) if len(new) else jenis.copy()
        jenis.iloc[rows[missing[rows]]] = fill.to_numpy(dtype=object, na_value=None)
    by_rule = unstated[rows] & rule["jp"].notna().to_numpy()
    if by_rule.any():
        hours = hours.copy()
        hours.iloc[rows[by_rule]] = rule["jp"].to_numpy(dtype="float64", na_value=np.nan)[by_rule]
    return jenis, hours


@on_uniques
def _first_of_january(year: pd.Series) -> pd.Series:
    return pd.to_datetime(year.astype("string") + "-01-01", errors="coerce",
                          format="%Y-%m-%d").astype("datetime64[ns]")


def start_dates(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.Series:
    """``tanggal_mulai`` as given; a record with no start date but a year (SIASN ``tahun``,
    ``tahunKursus``) starts on 1 January of that year: it counts for that year (A-JP-11)."""
    mulai = nz.parse_tanggal(_col(raw, "tanggal_mulai"))
    if "tahun" in raw.columns:  # most exports have no year column: nothing to fill
        given = _filled(raw, "tanggal_mulai")
        tahun = _year(_col(raw, "tahun"), ctx.siklus)
        rej.add(~given & _filled(raw, "tahun") & tahun.isna(), "tahun", "tahun",
                _col(raw, "tahun"))
        by_year = ~given & tahun.notna()
        if by_year.any():
            mulai = mulai.mask(by_year, _first_of_january(tahun.where(by_year)))
    rej.add(mulai.isna(), "tanggal", "tanggal_mulai", _col(raw, "tanggal_mulai"))
    return mulai


# ------------------------------------------------------------------------------------ kinerja
@on_uniques
def expectation(values: pd.Series) -> pd.Series:
    """"di atas", "sesuai" or "di bawah ekspektasi" from a SKP 2022 rating as written."""
    return nz._by_pattern(values, [(r"\bdi ?atas\b|\babove\b", "di atas ekspektasi"),
                                   (r"\bsesuai\b|\bas expected\b", "sesuai ekspektasi"),
                                   (r"\bdi ?bawah\b|\bbelow\b", "di bawah ekspektasi")])


def predikat_skp(raw: pd.DataFrame) -> pd.Series:
    """The predikat from ``predikat``, else from ``kuadran_kinerja`` when it holds a
    predikat word, else from ``hasil_kinerja`` x ``perilaku_kerja`` (DOMAIN.md §3)."""
    out = pd.Series(nz.normalize_predikat(_col(raw, "predikat")), index=raw.index)
    out = out.fillna(pd.Series(nz.normalize_predikat(_col(raw, "kuadran_kinerja")),
                               index=raw.index))
    if out.isna().any():
        matrix = reference.load("predikat_skp")
        by_pair = {(b, h): p for b, h, p in zip(matrix.perilaku_kerja, matrix.hasil_kinerja,
                                                 matrix.predikat, strict=True)}
        pair = pd.DataFrame({"perilaku": _col(raw, "perilaku_kerja"),
                             "hasil": _col(raw, "hasil_kinerja")}, index=raw.index)
        derived = on_unique_rows(pair, lambda d: pd.Series(
            [by_pair.get((b, h)) for b, h in zip(expectation(d["perilaku"]),
                                                 expectation(d["hasil"]), strict=True)],
            index=d.index, dtype="object"))
        out = out.fillna(pd.Series(pd.Categorical(derived, categories=PREDIKAT_ORDER,
                                                  ordered=True), index=raw.index))
    return out


@on_uniques
def _annual(periode: pd.Series) -> pd.Series:
    key = nz._key(periode)
    return (key.isna() | key.str.fullmatch(r"(19|20)\d\d", na=False)
            | key.str.contains(r"tahunan|akhir tahun|^tahun$|annual", regex=True, na=False)
            ).astype(bool)


@on_uniques
def _year_in(periode: pd.Series) -> pd.Series:
    """The year written in a period ("2024", "Triwulan I 2024"), as text; <NA> without one."""
    return periode.astype("string").str.extract(r"((?:19|20)\d\d)", expand=False)


def clean_kinerja(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    """SKP ratings, one row per raw row (combined later by :func:`combine_ratings`)."""
    person = _person(raw, rej, ctx, in_roster=False)
    year_text = _col(raw, "tahun") if "tahun" in raw.columns else _year_in(_col(raw, "periode"))
    tahun = _year(year_text, ctx.siklus)
    rej.add(tahun.isna(), "tahun", "tahun", year_text)
    predikat = predikat_skp(raw)
    shown = _col(raw, "predikat").astype("string").fillna(
        _col(raw, "kuadran_kinerja").astype("string"))
    rej.add(predikat.isna(), "predikat", "predikat", shown)
    return pd.DataFrame({"pid": person.pid, "siklus": ctx.siklus, "tahun": tahun,
                         "predikat": predikat, "nilai": nz.parse_number(_col(raw, "nilai")),
                         ANNUAL: _annual(_col(raw, "periode"))},
                        index=raw.index, copy=False)


def _rule() -> str:
    rules = reference.load("rekap_skp")
    used = rules.loc[(rules["dipakai"] == "1") & (rules["aturan"] != "tahunan"), "aturan"]
    if len(used) != 1 or used.iloc[0] not in ("median_bawah", "terendah"):
        raise ValueError("rekap_skp: tepat satu aturan selain 'tahunan' harus dipakai "
                         "(median_bawah atau terendah)")
    return str(used.iloc[0])


def _person_years(data: pd.DataFrame) -> np.ndarray:
    """Group number of each row's (pid, tahun); integer codes, not a hash of the pid text."""
    pid = data["pid"]
    if isinstance(pid.dtype, pd.CategoricalDtype):
        pid_code = pid.cat.codes.to_numpy().astype(np.int64)
    else:
        pid_code = pd.factorize(pid)[0].astype(np.int64)
    year = data["tahun"].astype("Float64").fillna(-1).to_numpy(dtype="float64").astype(np.int64)
    return pd.factorize(pid_code * 10_000 + (year + 1))[0]


def combine_ratings(data: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One rating per person-year: an annual row wins; else the periodic rows are combined
    by the rule of ``reference/rekap_skp.csv`` (median_bawah: the lower median on the ordered
    predikat scale). Returns the rows and how many kept raw rows were combined into others.

    Examples
    --------
    >>> d = pd.DataFrame({"pid": ["a"] * 4, "tahun": [2024] * 4, "nilai": [None] * 4,
    ...     "predikat": pd.Categorical(["Baik", "Sangat Baik", "Butuh Perbaikan", "Baik"],
    ...                                categories=PREDIKAT_ORDER, ordered=True),
    ...     ANNUAL: [False] * 4})
    >>> out, n = combine_ratings(d)
    >>> out["predikat"].tolist(), n
    (['Baik'], 3)
    """
    if data.empty:
        return data.drop(columns=ANNUAL), 0
    group = _person_years(data)
    if len(group) and np.bincount(group).max() == 1:  # one row per person-year: nothing to do
        return data.drop(columns=ANNUAL), 0
    annual = data[ANNUAL].to_numpy(dtype=bool)
    any_annual = np.zeros(group.max() + 1, dtype=bool)
    np.logical_or.at(any_annual, group, annual)
    counts = annual | ~any_annual[group]
    rows = np.flatnonzero(counts)
    code = data["predikat"].cat.codes.to_numpy()[rows]
    order = rows[np.lexsort((code, group[rows]))]
    g = group[order]
    start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    size = np.diff(np.r_[start, len(g)])
    pick = start + ((size - 1) // 2 if _rule() == "median_bawah" else 0)
    chosen = np.sort(order[pick])
    out = data.iloc[chosen].drop(columns=ANNUAL)
    return out, int(len(data) - len(out))


# ----------------------------------------------------------------------------------- disiplin
ANNULLED = "hukuman_dibatalkan"  # not an input error: not counted in the rejected share


def clean_disiplin(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    """Sanctions; a level that cannot be read stays <NA> (discipline unknown, A-HD-2)."""
    person = _person(raw, rej, ctx, in_roster=False)
    # a sanction annulled on appeal (SIASN skPembatalanNomor) is no sanction (A-HD-3)
    rej.add(_filled(raw, "dibatalkan"), ANNULLED, "dibatalkan", _col(raw, "dibatalkan"))
    tingkat = nz.normalize_tingkat_hukuman(_col(raw, "tingkat")).fillna(
        nz.normalize_tingkat_hukuman(_col(raw, "jenis_hukuman")))
    tahun = _year(_col(raw, "tahun"), ctx.siklus).fillna(
        nz.parse_tanggal(_col(raw, "tanggal")).dt.year.astype("Int64"))
    rej.add(tahun.isna(), "tahun", "tanggal", _col(raw, "tanggal"))
    unknown = (tingkat.isna() & rej.keep).to_numpy()
    if unknown.any():
        by_name = _filled(raw, "jenis_hukuman")
        shown = _col(raw, "jenis_hukuman").astype("string").where(
            by_name, _col(raw, "tingkat").astype("string"))
        column = pd.Series(np.where(by_name, "jenis_hukuman", "tingkat"), index=raw.index)
        rej.add_cells(raw.index[unknown], column[unknown], "tingkat_hukuman",
                      shown[unknown])
    return pd.DataFrame({"pid": person.pid, "siklus": ctx.siklus, "tahun": tahun,
                         "tingkat": tingkat}, index=raw.index, copy=False)
