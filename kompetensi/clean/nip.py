"""Reading NIPs: the 18 digits of Perka BKN 22/2007 and what they tell.

Parsed once per distinct raw value; the date parts come from integer arithmetic on the
digits (no string parsing per value).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.clean.normalize import _text
from kompetensi.core.uniques import decode_categories, on_uniques


@on_uniques
def parse_nip(values: pd.Series) -> pd.DataFrame:
    """Parse 18-digit NIPs and derive birth date, TMT CPNS and sex.

    NIP = birth date YYYYMMDD + TMT CPNS YYYYMM + sex (1 male, 2 female) + serial (3 digits),
    Perka BKN 22/2007. Spaces, dots, dashes and a leading apostrophe are removed. A NIP stored by
    Excel as a float (``1.98503E+17``) has lost its last digits and is invalid.

    Parameters
    ----------
    values : Series
        Raw NIPs (text or numbers).

    Returns
    -------
    DataFrame
        On the input's index: ``nip`` (18-digit string or <NA>), ``tanggal_lahir``,
        ``tmt_cpns`` (first day of the TMT month), ``jenis_kelamin`` ("L"/"P"), ``valid``
        (bool) and ``alasan`` (reason code of :mod:`kompetensi.clean.reasons`, <NA> if valid).

    Examples
    --------
    >>> nip = "'" + " ".join(["19850312", "201001", "1", "003"])  # a synthetic NIP
    >>> parse_nip(pd.Series([nip])).loc[0, "jenis_kelamin"]
    'L'
    """
    import pyarrow as pa

    raw = pd.Series(values, copy=False)
    text = _text(raw)
    # A NIP stored as a number went through a double (Excel, SPSS): 18 digits do not survive
    # 15 significant ones, whatever the cell now shows. Text cells and int64 columns are exact.
    if pd.api.types.is_float_dtype(raw):
        numeric = raw.notna()
    elif raw.dtype == object:
        kinds = raw.map(type, na_action="ignore")  # C loop over the builtin, no lambda
        numeric = kinds.isin([float, int, np.float64, np.int64]).astype(bool)
    else:
        numeric = pd.Series(False, index=raw.index)
    scientific = numeric | text.str.fullmatch(r"'?\d[.,]?\d*[eE]\+?\d+", na=False)
    digits = _without_separators(text)
    is18 = digits.str.fullmatch(r"\d{18}", na=False)

    # The parts of the NIP by integer arithmetic on the 18 digits (exact in int64).
    number = pa.array(digits.where(is18).array, from_pandas=True).cast(pa.int64()) \
        .fill_null(-1).to_numpy()
    birth = _dates(np.where(number >= 0, number // 10**10, -1), raw.index)
    tmt = _dates(np.where(number >= 0, number // 10**4 % 10**6 * 100 + 1, -1), raw.index)
    sex_digit = np.where(number >= 0, number // 1000 % 10, 0)
    sex = decode_categories(pd.Series(pd.Categorical.from_codes(
        np.where((sex_digit == 1) | (sex_digit == 2), sex_digit - 1, -1), ["L", "P"]),
        index=raw.index))
    age_at_tmt = tmt.dt.year.astype("float64") - birth.dt.year.astype("float64")
    bad_birth = is18 & (birth.isna() | (birth.dt.year < 1930))
    bad_tmt = is18 & ~bad_birth & (tmt.isna() | ~age_at_tmt.between(15, 65))
    bad_sex = is18 & ~bad_birth & ~bad_tmt & sex.isna()

    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    reason = reason.mask(~is18, "nip_bukan_18_digit")
    reason = reason.mask(bad_birth, "nip_tanggal_lahir")
    reason = reason.mask(bad_tmt, "nip_tmt")
    reason = reason.mask(bad_sex, "nip_jenis_kelamin")
    reason = reason.mask(scientific, "nip_format_ilmiah")
    reason = reason.mask(text.isna(), "nip_kosong")
    valid = reason.isna()
    return pd.DataFrame(
        {
            "nip": digits.where(valid).astype("string"),
            "tanggal_lahir": birth.where(valid),
            "tmt_cpns": tmt.where(valid),
            "jenis_kelamin": sex.where(valid).astype("string"),
            "valid": valid.astype(bool),
            "alasan": reason,
        },
        index=raw.index,
    )


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _dates(yyyymmdd: np.ndarray, index: pd.Index) -> pd.Series:
    """Dates from integers YYYYMMDD (-1 missing), as ``to_datetime(format="%Y%m%d",
    errors="coerce")`` reads their 8 digits: NaT where the month or the day does not exist.

    Integer arithmetic only (days from the civil date, H. Hinnant's algorithm).
    """
    year, month, day = yyyymmdd // 10**4, yyyymmdd // 100 % 100, yyyymmdd % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok = (yyyymmdd >= 0) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= _DAYS_IN_MONTH[np.where(ok, month, 0)] + (leap & (month == 2))
    shifted = year - (month <= 2)  # years starting in March: leap days come last
    era, of_era = shifted // 400, shifted % 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    days = era * 146_097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719_468
    micros = np.where(ok, days * 86_400_000_000, np.iinfo(np.int64).min)  # min = NaT
    return pd.Series(micros.view("M8[us]"), index=index)


# Python's \s written for RE2 (pyarrow), plus the apostrophe, backtick, dot, dash, underscore;
# first a trailing ".0" (a NIP that went through a number), which the dot alone would not drop.
_NIP_SEPARATORS = r"\.0$|[\t\n\x0b\x0c\r\x1c-\x1f\x{85}\pZ'`.\-_]"


def _without_separators(text: pd.Series) -> pd.Series:
    """NIP text without separators, in pyarrow (pandas runs ``\\s`` patterns in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(text.astype("string"), from_pandas=True).cast(pa.large_string())
    out = pc.replace_substring_regex(array, _NIP_SEPARATORS, "")
    return pd.Series(pd.arrays.ArrowStringArray(out), index=text.index)
