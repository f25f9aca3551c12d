"""Cleaning of the community satisfaction survey (SKM, PermenPANRB 14/2017): the answers of
respondents (``skm``) and the recaps units publish (``skm_rekap``).

Every raw row ends in one place (assumptions A-SKM-20 … A-SKM-39 in ``docs/asumsi.md``):

- kept: one row per respondent (``skm``) or per unit and period (``skm_rekap``);
- rejected with the first failing rule: rows of the sheet's layout (sums, NRR and IKM rows
  under the answers, a signature block, numbered empty rows), no unit (``unit_kosong``), a
  unit mapped to no OPD (``unit_tidak_dipetakan``, blocking the run), every answer blank
  (``jawaban_kosong``), an unreadable answer (``jawaban_skm`` / ``jawaban_unsur_lain``, the
  element in ``kolom``), an unreadable date or period; a recap's unreadable numbers, an NRR
  outside 1-4, an IKM outside 25-100, an unknown quality letter, no value at all, a second
  recap of a unit and period;
- or counted as a duplicate: a response submitted twice (:func:`skm_duplicates`, A-SKM-30).

A blank answer stays <NA>. An unreadable profile value (sex, age, education) is set to <NA>
and listed as a cell in ``ditolak``. The form's identifying columns (name, phone, e-mail) are
read only to tell a response submitted twice apart and never reach the processed table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.clean import normalize as nz
from kompetensi.clean import skm_values as sv
from kompetensi.clean.context import USED_COLUMNS, Context
from kompetensi.clean.fields import _col, _filled, _text
from kompetensi.clean.layout import _SIGNATURE
from kompetensi.clean.rejections import Rejections
from kompetensi.clean.units import map_units
from kompetensi.core.uniques import duplicated_keys, duplicated_rows, row_codes
from kompetensi.core.unitnames import unit_name
from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.io.rawfile import SHEET_ROW_OFFSET

SKM_TABLES = ("skm", "skm_rekap")
NRR = tuple(f"nrr_{u}" for u in SKM_UNSUR)
IDENTIFYING = ("nama", "nomor_hp", "email")
TIMES = ("timestamp", "tanggal")
DUPLICATE_WINDOW = pd.Timedelta(minutes=10)  # a form submitted twice (A-SKM-30)
IKM_RANGE, NRR_RANGE = (25.0, 100.0), (1.0, 4.0)
PARTS = "bagian"  # raw.attrs: (file stem, sheet or None) of each part (processing.sources)
# a label of the rows a unit's own processing sheet puts under the answers (A-SKM-31)
_SUMMARY = (
    r"(?i)^\s*(?:sub\s*-?\s*)?(?:jumlah|total|rata\s*-?\s*rata|nilai\s+rata\s*-?\s*rata|nrr|"
    r"ikm|indeks\s+kepuasan|nilai\s+(?:ikm|persepsi|interval|konversi|unsur)|konversi|"
    r"mutu\s+pelayanan|kinerja\s+unit)\b")


def _present(raw: pd.DataFrame, columns) -> list[str]:
    return [c for c in columns if c in raw.columns]


def skm_duplicates(table: str, raw: pd.DataFrame) -> np.ndarray:
    """Raw rows counted as a duplicate of an earlier row (assumption A-SKM-30).

    ``skm``: two rows are one response submitted twice when they are equal in every column
    the cleaning reads (``USED_COLUMNS``: unit, service, profile, period, the nine answers and
    the form's name, phone and e-mail) but the running number and the time, and

    - their time stamps carry a time of day and are at most :data:`DUPLICATE_WINDOW` apart
      (a form sent twice), or
    - they have a name, phone or e-mail (filled and equal: the same person), or
    - they are equal in the running number and the time as written too (a sheet typed or a
      block pasted twice).

    Equal answers of different people are common (a paper form without numbers, a busy day):
    rows equal otherwise are kept as different respondents. ``skm_rekap``: rows equal in every
    column read but the running number.

    >>> raw = pd.DataFrame({"unit": ["A"] * 4, "u1": ["4", "4", "4", "4"],
    ...                     "timestamp": ["12/03/2025 09:14:05", "12/03/2025 09:15:30",
    ...                                   "12/03/2025 11:00:00", "13/03/2025"]})
    >>> skm_duplicates("skm", raw).tolist()
    [False, True, False, False]
    """
    used = USED_COLUMNS[table]
    compared = raw[[c for c in raw.columns if c in used and c not in ("no", *TIMES)]]
    if table != "skm" or not len(raw):
        return duplicated_rows(compared)
    group = row_codes(compared)
    candidate = duplicated_keys(group, keep=False)
    out = np.zeros(len(raw), dtype=bool)
    if not candidate.any():
        return out
    named = pd.Series(False, index=raw.index)
    for column in _present(raw, IDENTIFYING):
        named |= _filled(raw, column)
    out |= candidate & named.to_numpy() & duplicated_keys(group)
    if "no" in raw.columns:
        out |= candidate & duplicated_rows(raw[[*compared.columns, *_present(raw, ("no",
                                                                                  *TIMES))]])
    times = _when(raw)
    timed = candidate & (times.notna() & (times != times.dt.normalize())).to_numpy()
    if timed.any():
        frame = pd.DataFrame({"group": group[timed], "time": times.to_numpy()[timed],
                              "at": np.flatnonzero(timed)}).sort_values(["group", "time"],
                                                                        kind="stable")
        gap = frame.groupby("group")["time"].diff()
        out[frame["at"].to_numpy()[(gap <= DUPLICATE_WINDOW).to_numpy()]] = True
    return out


def _when(raw: pd.DataFrame) -> pd.Series:
    """The survey time of each row: the time stamp, else the date (NaT when neither)."""
    when = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for column in _present(raw, TIMES):
        when = when.fillna(sv.parse_waktu(raw[column]).astype("datetime64[ns]"))
    return when


def _layout(raw: pd.DataFrame, rej: Rejections, values: tuple[str, ...]) -> None:
    """Reject the rows of the sheet's layout: numbered empty rows (a running number, perhaps
    the unit or date of a merged column, nothing else), rows of sums, NRR, IKM or mutu under
    the answers (``baris_olah_skm``) and a signature block below the last row
    with a value (A-SKM-31)."""
    if not len(raw):
        return
    others = [c for c in raw.columns if c not in values]  # "Jumlah" may be in the No column
    text = pd.DataFrame({c: nz._text(raw[c].astype("string")) for c in others},
                        index=raw.index)
    answered = pd.Series(False, index=raw.index)
    for column in _present(raw, values):
        answered |= _filled(raw, column)
    summary = pd.Series(False, index=raw.index)
    signature = pd.Series(False, index=raw.index)
    for column in text.columns:
        cells = text[column]
        summary |= cells.str.contains(_SUMMARY, regex=True, na=False).astype(bool)
        signature |= cells.str.contains(_SIGNATURE, regex=True, na=False).astype(bool)
    if "no" in raw.columns:
        # prepared and left empty: a number, perhaps the unit or date of a merged column
        prepared = text.drop(columns=_present(text, ("no", "unit", "opd", "periode", *TIMES)))
        only_number = _filled(raw, "no") & ~answered & ~prepared.notna().any(axis=1)
        rej.add(only_number, "baris_bernomor_kosong", "no")
    rej.add(summary, "baris_olah_skm", "baris")
    last = np.flatnonzero(answered.to_numpy())
    below = np.arange(len(raw)) > (last.max() if len(last) else -1)
    start = np.flatnonzero(signature.to_numpy() & below)
    if len(start):
        rej.add(pd.Series(np.arange(len(raw)) >= start[0], index=raw.index),
                "baris_tanda_tangan", "baris")


def units(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    """``unit`` (canonical name, :func:`kompetensi.core.unitnames.unit_name`; a unit that
    names an OPD, misspelled or not, is that OPD) and ``opd`` (the roster's unit map,
    :func:`kompetensi.clean.units.map_units`, on the canonical name, then on the unit as
    written) of each row; rows without a unit or with an unmapped one rejected (A-SKM-21)."""
    written = _text(raw, "unit")
    named = unit_name(written, ctx.opd)
    opd_level = nz.normalize_opd(named, opd_list=ctx.opd)
    unit = opd_level.fillna(named).astype("string")
    none = pd.Series(pd.NA, index=raw.index, dtype="string")
    # the canonical name first: "Kel. Semabung Lama" must find the dataset's own map entry
    # for "Kelurahan Semabung Lama" before the city's patterns see the abbreviation
    opd = map_units(unit, _col(raw, "opd"), none, opd_list=ctx.opd,
                    mapping=ctx.unor_opd)["opd"].astype("string")
    if opd.isna().any():
        opd = opd.fillna(map_units(written, _col(raw, "opd"), none, opd_list=ctx.opd,
                                   mapping=ctx.unor_opd)["opd"].astype("string"))
    rej.add(written.isna(), "unit_kosong", "unit")
    rej.add(opd.isna(), "unit_tidak_dipetakan", "unit", unit)
    return pd.DataFrame({"unit": unit, "opd": opd}, index=raw.index)


def responden_ids(raw: pd.DataFrame, source: str) -> pd.Series:
    """``<file stem>:<sheet or ->:<row>`` of each row: its place in the raw files, never a
    name or a phone number (``raw.attrs["bagian"]``: the file stem and sheet of each part,
    set by :func:`kompetensi.processing.sources.read_table`; else the one file ``source``).

    >>> raw = pd.DataFrame(index=[5, 10_000_007])
    >>> raw.attrs["bagian"] = (("skm_pkm", None), ("skm_kertas", "Januari"))
    >>> responden_ids(raw, "skm_pkm.csv, skm_kertas.xlsx").tolist()
    ['skm_pkm:-:5', 'skm_kertas:Januari:7']
    """
    parts = raw.attrs.get(PARTS) or ((Path(source.split(",")[0].strip()).stem, None),)
    index = np.asarray(raw.index, dtype=np.int64)
    k = np.clip(index // SHEET_ROW_OFFSET, 0, len(parts) - 1)
    labels = np.asarray([f"{stem}:{sheet if sheet is not None else '-'}:"
                         for stem, sheet in parts], dtype=object)
    return pd.Series(labels[k] + (index % SHEET_ROW_OFFSET).astype(str).astype(object),
                     index=raw.index, dtype="string")


def _answers(raw: pd.DataFrame, rej: Rejections) -> dict[str, pd.Series]:
    """The nine answers (Int8, <NA> blank); rows with all blank or one unreadable rejected."""
    answers, filled = {}, pd.Series(False, index=raw.index)
    for column in SKM_UNSUR:
        answers[column] = sv.parse_skm_answer(_col(raw, column), column).astype("Int8")
        filled |= _filled(raw, column)
    rej.add(~filled, "jawaban_kosong", "u1-u9")
    for column in _present(raw, SKM_UNSUR):
        bad = _filled(raw, column) & answers[column].isna()
        if bad.any():
            foreign = sv.other_element_word(raw[column], column)
            reason = pd.Series(np.where(foreign, "jawaban_unsur_lain", "jawaban_skm"),
                               index=raw.index, dtype="string")
            rej.add(bad, reason, column, raw[column])
    return answers


def _profile_cell(raw: pd.DataFrame, rej: Rejections, column: str, value: pd.Series,
                  reason: str) -> pd.Series:
    """``value`` with a note in ``ditolak`` for each kept row whose filled cell was unread."""
    bad = (_filled(raw, column) & value.isna() & rej.keep).to_numpy()
    if bad.any():
        rows = raw.index[bad]
        rej.add_cells(rows, pd.Series([column] * len(rows)), reason,
                      raw[column].iloc[np.flatnonzero(bad)])
    return value


def clean_skm(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    """The respondents of an SKM file (``skm``, ``docs/data_dictionary.md``)."""
    _layout(raw, rej, SKM_UNSUR)
    unit = units(raw, rej, ctx)
    answers = _answers(raw, rej)
    when = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for column in _present(raw, TIMES):
        parsed = sv.parse_waktu(raw[column]).astype("datetime64[ns]")
        rej.add(parsed.isna() & _filled(raw, column), "tanggal", column, raw[column])
        when = when.fillna(parsed)
    year = when.dt.year.astype("Int64").fillna(ctx.siklus)
    periode = sv.parse_periode(_col(raw, "periode"), year)
    rej.add(periode.isna(), "periode", "periode", _col(raw, "periode"))
    sex = _profile_cell(raw, rej, "jenis_kelamin",
                        nz.normalize_jenis_kelamin(_col(raw, "jenis_kelamin")), "jenis_kelamin")
    usia = _profile_cell(raw, rej, "usia", sv.parse_usia(_col(raw, "usia")), "usia")
    pendidikan = _profile_cell(raw, rej, "pendidikan",
                               sv.normalize_pendidikan_skm(_col(raw, "pendidikan")),
                               "pendidikan")
    return pd.DataFrame({
        "responden": responden_ids(raw, rej.source),
        "siklus": ctx.siklus,
        "periode": periode,
        "tanggal": when.dt.normalize(),
        "unit": unit["unit"].astype("category"),
        "opd": unit["opd"].astype("category"),
        "layanan": _text(raw, "layanan", as_category=True),
        "jenis_kelamin": sex.astype("string"),
        "usia": usia,
        "pendidikan": pendidikan.astype("string"),
        "pekerjaan": sv.normalize_pekerjaan(_col(raw, "pekerjaan")),
        **answers,
    }, index=raw.index, copy=False)


def _number(raw: pd.DataFrame, rej: Rejections, column: str, low: float, high: float,
            reason: str, **options) -> pd.Series:
    value = nz.parse_number(_col(raw, column), **options)
    rej.add(value.isna() & _filled(raw, column), "angka_rekap", column, _col(raw, column))
    rej.add(~value.between(low, high) & value.notna(), reason, column, _col(raw, column))
    return value.astype("float64")


def clean_skm_rekap(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    """The unit recaps of an SKM (``skm_rekap``, ``docs/data_dictionary.md``)."""
    _layout(raw, rej, ("ikm", *NRR, "responden", "populasi"))
    unit = units(raw, rej, ctx)
    periode = sv.parse_periode(_col(raw, "periode"), ctx.siklus)
    rej.add(periode.isna(), "periode", "periode", _col(raw, "periode"))
    counts = {}
    for column in ("responden", "populasi"):
        counts[column] = sv.parse_count(_col(raw, column))
        rej.add(counts[column].isna() & _filled(raw, column), "angka_rekap", column,
                _col(raw, column))
    nrr = {c: _number(raw, rej, c, *NRR_RANGE, "nrr_di_luar_rentang") for c in NRR}
    ikm = _number(raw, rej, "ikm", *IKM_RANGE, "ikm_di_luar_rentang", unit="%")
    mutu = sv.parse_mutu(_col(raw, "mutu"))
    rej.add(mutu.isna() & _filled(raw, "mutu"), "mutu", "mutu", _col(raw, "mutu"))
    valued = ikm.notna()
    for values in nrr.values():
        valued |= values.notna()
    rej.add(~valued, "rekap_tanpa_nilai", "ikm")
    keep = rej.keep.to_numpy()
    pair = pd.DataFrame({"unit": unit["unit"], "periode": periode})
    again = np.zeros(len(raw), dtype=bool)
    again[keep] = duplicated_rows(pair.loc[keep])
    rej.add(pd.Series(again, index=raw.index), "rekap_ganda", "unit", unit["unit"])
    return pd.DataFrame({
        "siklus": ctx.siklus, "periode": periode, "unit": unit["unit"].astype("category"),
        "opd": unit["opd"].astype("category"), **counts, **nrr, "ikm": ikm, "mutu": mutu,
    }, index=raw.index, copy=False)
