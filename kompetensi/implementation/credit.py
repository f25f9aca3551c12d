"""Credited JP of development activities: the conversion rules of LAN (DOMAIN.md §1).

Seminars and workshops are credited from their days (4 and 5 JP a day; 6 and 7 abroad),
training courses keep their stated JP (+20 % abroad); other forms keep their stated JP and,
where ``kompetensi/reference/konversi_jp.csv`` gives one, fall back to an assumed rate per day
when no JP is stated (status U). Also the input checks shared by :mod:`kompetensi.implementation`,
:mod:`kompetensi.implementation.equity` and :mod:`kompetensi.implementation.professionalism`. Normally used through
:mod:`kompetensi.implementation`, which re-exports the public functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import require_columns as _require
from kompetensi.core.uniques import (
    codes_and_uniques,
    duplicated_rows,
    on_uniques,
    positions,
    sort_order,
)

CREDIT_COLUMNS = ("kata_kunci", "dasar", "jp_per_hari", "jp_per_hari_luar_negeri",
                  "faktor_luar_negeri", "jp_per_hari_bila_kosong")
DEDUP_KEYS = ("pid", "nama_pelatihan", "jenis", "tanggal_mulai")


def sorted_by_pid(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of their ``pid`` as text, on a fresh 0..n-1 index.

    A Categorical ``pid`` (cleaned tables keep it so) is ordered through its categories:
    sorting the distinct pids once, then the rows by integer rank.
    """
    pid = frame["pid"]
    if not isinstance(pid.dtype, pd.CategoricalDtype):
        return frame.sort_values("pid", ignore_index=True)
    categories = pid.cat.categories
    if categories.is_monotonic_increasing:
        rank = np.arange(len(categories))
    else:
        rank = np.empty(len(categories), dtype=np.int64)
        rank[sort_order(categories)] = np.arange(len(categories))
    codes = pid.cat.codes.to_numpy()
    keys = np.where(codes < 0, len(categories), rank[np.clip(codes, 0, None)])
    return frame.take(_stable_order(keys, len(categories) + 1)).reset_index(drop=True)


def _stable_order(keys: np.ndarray, size: int) -> np.ndarray:
    """``argsort(keys, kind="stable")`` for integer keys in ``0..size-1``; a roster's keys are
    distinct, and then the order is one scatter instead of a sort."""
    slots = np.full(size, -1, dtype=np.int64)
    slots[keys] = np.arange(len(keys))
    order = slots[slots >= 0]
    return order if len(order) == len(keys) else np.argsort(keys, kind="stable")


def _unique_pid(pegawai: pd.DataFrame) -> None:
    _require(pegawai, ("pid",), "pegawai")
    if pegawai["pid"].isna().any() or pegawai["pid"].duplicated().any():
        raise ValueError("pegawai: pid harus terisi dan unik (satu baris per ASN per siklus)")


def _numbers(table: pd.DataFrame, column: str, name: str) -> np.ndarray:
    text = table[column].astype("string").str.strip().replace("", pd.NA)
    values = pd.to_numeric(text, errors="coerce")
    if (values.isna() & text.notna()).any():
        raise ValueError(f"{name}: kolom '{column}' berisi nilai yang bukan angka")
    return values.to_numpy(dtype=float, na_value=np.nan)


@on_uniques
def keyword_rule(text: pd.Series, keywords: Sequence[str]) -> pd.Series:
    """Position of the first keyword found in each text (first match wins), -1 when none.

    Keywords match whole words, case-insensitively; ``"*"`` matches every text.

    Examples
    --------
    >>> keyword_rule(pd.Series(["Seminar Nasional", "Bimtek", "Rapat"]),
    ...              ["seminar", "bimtek"]).tolist()
    [0, 1, -1]
    """
    low = pd.Series(text, copy=False).astype("string").fillna("").str.lower()
    out = pd.Series(-1, index=low.index, dtype="int64")
    for i, word in enumerate(keywords):
        word = str(word).strip().lower()
        hit = (pd.Series(True, index=low.index) if word == "*" else
               low.str.contains(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", regex=True))
        out = out.mask((out < 0) & hit.to_numpy(dtype=bool), i)
    return out


def credit_jp(pelatihan: pd.DataFrame, konversi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Credited JP of each development activity after the conversion rules.

    Parameters
    ----------
    pelatihan : DataFrame
        Activities with ``jenis``, ``jp`` (JP as stated, may be missing), ``hari`` (calendar
        days, inclusive) and ``luar_negeri`` (bool).
    konversi : DataFrame, optional
        Conversion rules; default ``reference.load("konversi_jp")``. The rule of an activity is
        the first row whose ``kata_kunci`` is a word of its ``jenis`` (``"*"`` matches all).
        ``dasar="hari"``: days x ``jp_per_hari`` (``jp_per_hari_luar_negeri`` abroad); the
        stated JP is ignored. ``dasar="jp_tercantum"``: the stated JP x
        ``faktor_luar_negeri`` abroad (1 when empty); when no JP is stated, days x
        ``jp_per_hari_bila_kosong`` if given, else nothing is credited.

    Returns
    -------
    DataFrame
        Same index as ``pelatihan``: ``jp_kredit`` (float64, rounded to 4 decimals),
        ``aturan`` (the matched keyword), ``cara`` (``hari``, ``jp_tercantum``,
        ``hari_bila_kosong``, ``tidak_dikreditkan``, ``tanpa_aturan``) and ``status`` of the
        rule.

    References
    ----------
    DOMAIN.md §1; LAN, "Konversi Pengembangan Kompetensi Non Klasikal" (slides).

    Examples
    --------
    >>> acts = pd.DataFrame({"jenis": ["Seminar", "Workshop", "Pelatihan Teknis"],
    ...                      "jp": [None, None, 40.0], "hari": [2, 1, 5],
    ...                      "luar_negeri": [False, True, True]})
    >>> credit_jp(acts)["jp_kredit"].tolist()  # 2 x 4; 1 x 7; 40 x 1.2
    [8.0, 7.0, 48.0]
    """
    jp, how, rule, rules = credited(pelatihan, konversi)
    status = rules["status"] if "status" in rules else pd.Series(pd.NA, index=rules.index)
    return pd.DataFrame({
        "jp_kredit": jp,
        "aturan": _strings([*rules["kata_kunci"], pd.NA]).take(rule),
        "cara": _strings(WAYS).take(how),
        "status": _strings([*status, pd.NA]).take(rule),
    }, index=pelatihan.index)


WAYS = ("tanpa_aturan", "hari", "jp_tercantum", "hari_bila_kosong", "tidak_dikreditkan")


def credited(pelatihan: pd.DataFrame, konversi: pd.DataFrame | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """:func:`credit_jp` as arrays: JP, way (position in ``WAYS``), rule (``len(rules)`` when
    none) and the rules; the indicators use these codes instead of per-row strings."""
    _require(pelatihan, ("jenis", "jp", "hari", "luar_negeri"), "pelatihan")
    rules = reference.load("konversi_jp") if konversi is None else konversi.reset_index(drop=True)
    _require(rules, CREDIT_COLUMNS, "konversi_jp")
    dasar = rules["dasar"].astype("string").str.strip()
    if not dasar.isin(["hari", "jp_tercantum"]).all():
        raise ValueError("konversi_jp: kolom 'dasar' harus 'hari' atau 'jp_tercantum'")
    per_day, per_day_abroad, factor, fallback = (
        _numbers(rules, c, "konversi_jp") for c in CREDIT_COLUMNS[2:])
    by_day_rule = (dasar == "hari").to_numpy()
    if np.isnan(per_day[by_day_rule]).any() or np.isnan(per_day_abroad[by_day_rule]).any():
        raise ValueError("konversi_jp: aturan berdasar 'hari' memerlukan jp_per_hari dan "
                         "jp_per_hari_luar_negeri")
    # fresh arrays (copy=True): the credit is computed in them, in place
    stated = pelatihan["jp"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    days = pelatihan["hari"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    if (stated < 0).any() or (days < 1).any():
        raise ValueError("pelatihan: jp tidak boleh negatif dan hari minimal 1")
    abroad = pelatihan["luar_negeri"]
    abroad = (abroad.to_numpy() if abroad.dtype == bool else
              abroad.fillna(False).astype(bool).to_numpy())
    # What a row's credit depends on besides its JP and days: its rule (from the kind of
    # activity, one of few) and whether it was abroad. Each (kind, abroad) pair gets its
    # multipliers once; the rows only look them up.
    codes, kinds = codes_and_uniques(pelatihan["jenis"])
    rule_of_kind = keyword_rule.__wrapped__(kinds, rules["kata_kunci"]).to_numpy()
    matched = rule_of_kind >= 0
    pos = np.clip(rule_of_kind, 0, None)
    by_days = np.repeat(matched & by_day_rule[pos], 2)
    per_day_pair = np.column_stack([per_day[pos], per_day_abroad[pos]]).ravel()
    uplift_pair = np.column_stack([np.ones(len(pos)), np.nan_to_num(factor[pos], nan=1.0)]
                                  ).ravel()
    matched_pair = np.repeat(matched, 2)
    # Days count at the rule's rate, or at the assumed rate of a stated-JP rule that has none;
    # a stated JP counts with the uplift abroad. NaN: nothing to credit this way.
    day_rate = np.where(by_days, per_day_pair, np.repeat(fallback[pos], 2))
    day_rate[~matched_pair] = np.nan
    stated_rate = np.where(matched_pair & ~by_days, uplift_pair, np.nan)
    pair = np.where(codes < 0, len(kinds) - 1, codes) * 2 + abroad
    use_days = by_days[pair] | np.isnan(stated)
    jp = np.multiply(stated, stated_rate[pair], out=stated)
    np.copyto(jp, np.multiply(days, day_rate[pair], out=days), where=use_days)
    credited_ok = ~np.isnan(jp)
    jp[~credited_ok] = 0.0
    # way: 0 no rule, 1 days, 2 stated JP, 3 days at the assumed rate, 4 not credited
    state = (matched_pair[pair] * 8 + credited_ok * 4 + use_days * 2 + by_days[pair]
             ).astype(np.int8)
    how = np.array([0] * 8 + [4, 4, 4, 4, 2, 2, 3, 1], dtype=np.int8)[state]
    rule = np.where(matched, pos, len(rules))[np.where(codes < 0, len(kinds) - 1, codes)]
    return np.round(jp, 4, out=jp), how, rule, rules


def _strings(values: Sequence[object]) -> pd.api.extensions.ExtensionArray:
    return pd.array([None if pd.isna(v) else str(v) for v in values], dtype="string")


def activities_of_year(pegawai: pd.DataFrame, pelatihan: pd.DataFrame, siklus: int,
                       columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Activities that count in cycle ``siklus``: started that year, by ASN on the roster.

    An activity counts in the year of its ``tanggal_mulai``. Rows repeating the same
    (``pid``, ``nama_pelatihan``, ``jenis``, ``tanggal_mulai``) count once (the same activity
    reported in two exports). ``columns`` limits the copy to the columns needed.
    """
    _require(pelatihan, ("pid", "tanggal_mulai"), "pelatihan")
    keep = (pd.to_datetime(pelatihan["tanggal_mulai"]).dt.year == int(siklus)).to_numpy() & \
        (positions(pelatihan["pid"], pegawai["pid"]) >= 0)
    keys = [c for c in DEDUP_KEYS if c in pelatihan.columns]
    keep &= ~duplicated_within(pelatihan[keys], keep)
    data = pelatihan if columns is None else pelatihan[list(columns)]
    return data.loc[keep]


def duplicated_within(rows: pd.DataFrame, kept: np.ndarray) -> np.ndarray:
    """Rows equal to an earlier one among the ``kept`` rows (False for the others)."""
    return duplicated_rows(rows, among=kept)
