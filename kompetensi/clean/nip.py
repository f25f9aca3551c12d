"""Reading NIPs: the 18 digits of Perka BKN 22/2007 and of the NI PPPK, and what they tell.

Parsed once per distinct raw value; every part comes from integer arithmetic on the 18 digits
read as one int64 (no string parsing per value). A number whose parts are impossible is
rejected with the part named (reason codes of :mod:`kompetensi.clean.reasons`).

Positions (1-based) of the two layouts (Perka BKN 22/2007; EXPORTS.md "Identifiers"):

=========  ====================  ===============================================
digits     NIP (PNS)             NI PPPK
=========  ====================  ===============================================
1-8        birth YYYYMMDD        birth YYYYMMDD
9-12       TMT CPNS year         appointment year (>= 2019, PP 49/2018)
13-14      TMT CPNS month 01-12  "2" and one digit (not read)
15         sex: 1 male 2 female  sex: 1 male 2 female
16-18      serial 001-999        serial 001-999
=========  ====================  ===============================================

The layout is told by content: digit 13 is "2" in a NI PPPK and "0" or "1" in a NIP (the
tens of a month); 3-9 there is a NIP with an impossible TMT month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.clean.normalize import _text
from kompetensi.core.uniques import categorical, decode_categories, on_uniques

FIRST_BIRTH_YEAR = 1930
MIN_AGE = 18  # CPNS applicants are at least 18 (PP 11/2017 Pasal 23 ayat 1 huruf a)
MAX_AGE = 65  # upper bound on the age at TMT, in calendar years (not tightened: no source)
FIRST_PPPK_YEAR = 2019  # first PPPK appointed under PP 49/2018

# Checked in this order: a number gets the reason of the first impossible part.
_PART_REASONS = ["nip_tanggal_lahir", "nip_tmt", "nip_pppk_tahun", "nip_tmt_sebelum_umur",
                 "nip_tmt_lewat_umur", "nip_tmt_setelah_siklus", "nip_jenis_kelamin",
                 "nip_nomor_urut"]
_REASONS = ["nip_kosong", "nip_format_ilmiah", "nip_bukan_18_digit", *_PART_REASONS]


@on_uniques
def parse_nip(values: pd.Series, *, siklus: int | None = None) -> pd.DataFrame:
    """Parse 18-digit NIPs and NI PPPK; derive birth date, TMT CPNS and sex.

    NIP = birth date YYYYMMDD + TMT CPNS YYYYMM + sex (1 male, 2 female) + serial (3 digits),
    Perka BKN 22/2007; NI PPPK = birth date + appointment year YYYY + "2" + a digit + sex +
    serial (layouts in the module docstring). Spaces, dots, dashes and a leading apostrophe
    are removed. A NIP stored by Excel as a float (``1.98503E+17``) has lost its last digits
    and is invalid.

    A number is rejected, with the part named, when (first match wins):

    - ``nip_tanggal_lahir``: the birth date does not exist (31 Feb, 29 Feb of a common year,
      month 13) or its year is before 1930;
    - ``nip_tmt``: the TMT month of a NIP is not 01-12;
    - ``nip_pppk_tahun``: the appointment year of a NI PPPK is before 2019 (PP 49/2018);
    - ``nip_tmt_sebelum_umur``: the TMT (appointment) falls before the 18th birthday (PP 11/2017
      Pasal 23), counted in months from the birth month to the TMT month (a NI PPPK: in years,
      appointment year minus birth year), so a TMT in the month of the 18th birthday passes
      (the TMT day is not in the NIP); a TMT before birth falls here too;
    - ``nip_tmt_lewat_umur``: the TMT year is more than 65 years after the birth year;
    - ``nip_tmt_setelah_siklus``: with ``siklus``, the TMT (appointment) year is after the
      cycle year (nobody is on a cycle's roster before being appointed);
    - ``nip_jenis_kelamin``: digit 15 is not 1 or 2;
    - ``nip_nomor_urut``: the serial (digits 16-18) is 000, which is not issued.

    Parameters
    ----------
    values : Series
        Raw NIPs (text or numbers).
    siklus : int, optional
        The cycle year the NIPs come from; TMTs after December of it are rejected.

    Returns
    -------
    DataFrame
        On the input's index: ``nip`` (18-digit string or <NA>), ``tanggal_lahir``,
        ``tmt_cpns`` (first day of the TMT month; NaT for a NI PPPK), ``jenis_kelamin``
        ("L"/"P"), ``jenis_nip`` ("PNS"/"PPPK"), ``valid`` (bool) and ``alasan`` (reason
        code, <NA> if valid). The parts are <NA>/NaT where the number is invalid.

    Examples
    --------
    >>> nip = "'" + " ".join(["19850312", "201001", "1", "003"])  # a synthetic NIP
    >>> parse_nip(pd.Series([nip])).loc[0, "jenis_kelamin"]
    'L'
    >>> pppk = "".join(["19900115", "2021", "21", "2", "017"])  # a synthetic NI PPPK
    >>> parse_nip(pd.Series([pppk])).loc[0, ["jenis_nip", "jenis_kelamin"]].tolist()
    ['PPPK', 'P']
    >>> parse_nip(pd.Series([pppk]), siklus=2020).loc[0, "alasan"]
    'nip_tmt_setelah_siklus'
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
    is18 = digits.str.fullmatch(r"\d{18}", na=False).to_numpy(dtype=bool)

    # The parts of the number by integer arithmetic on the 18 digits (exact in int64).
    number = pa.array(digits.where(is18).array, from_pandas=True).cast(pa.int64()) \
        .fill_null(-1).to_numpy()
    born = number // 10**10  # YYYYMMDD, -1 for none
    middle = number // 10**4 % 10**6  # digits 9-14: YYYYMM of a NIP, YYYY2d of a NI PPPK
    year, month = middle // 100, middle % 100
    pppk = is18 & (month // 10 == 2)
    birth = _dates(born, raw.index)
    tmt = _dates(np.where(is18 & ~pppk, middle * 100 + 1, -1), raw.index)
    sex_digit = number // 1000 % 10
    born_year = born // 10**4
    months_old = year * 12 + month - (born_year * 12 + born // 100 % 100)
    years_old = year - born_year
    after = np.zeros(len(number), dtype=bool) if siklus is None else year > int(siklus)

    part = np.select(  # first impossible part, -1 for none
        [birth.isna().to_numpy() | (born_year < FIRST_BIRTH_YEAR),
         ~pppk & tmt.isna().to_numpy(),
         pppk & (year < FIRST_PPPK_YEAR),
         np.where(pppk, years_old < MIN_AGE, months_old < 12 * MIN_AGE),
         years_old > MAX_AGE,
         after,
         (sex_digit != 1) & (sex_digit != 2),
         number % 1000 == 0],
        np.arange(len(_PART_REASONS)), -1)
    code = np.where(is18 & (part >= 0), part + 3, -1)
    code[~is18] = 2
    code[scientific.to_numpy(dtype=bool)] = 1
    code[text.isna().to_numpy()] = 0
    valid = code < 0
    reason = decode_categories(pd.Series(categorical(code, pd.Index(_REASONS)), index=raw.index))
    sex = np.where(valid, sex_digit - 1, -1)
    kind = np.where(valid, pppk, -1)
    return pd.DataFrame(
        {
            "nip": digits.where(valid).astype("string"),
            "tanggal_lahir": birth.where(valid),
            "tmt_cpns": tmt.where(valid),
            "jenis_kelamin": _labels(sex, ["L", "P"], raw.index),
            "jenis_nip": _labels(kind, ["PNS", "PPPK"], raw.index),
            "valid": pd.Series(valid, index=raw.index),
            "alasan": reason,
        },
        index=raw.index,
    )


def _labels(codes: np.ndarray, labels: list[str], index: pd.Index) -> pd.Series:
    """``labels[code]`` as pyarrow ``string``, <NA> where the code is -1."""
    return decode_categories(pd.Series(categorical(codes.astype(np.int8), pd.Index(labels)),
                                       index=index))


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


# Python's \s written for RE2 (pyarrow), zero-width spaces and the BOM (pasted from web pages),
# plus the apostrophe, backtick, dot, dash, underscore;
# first a trailing ".0" (a NIP that went through a number), which the dot alone would not drop.
_NIP_SEPARATORS = r"\.0$|[\t\n\x0b\x0c\r\x1c-\x1f\x{85}\pZ\x{200B}-\x{200D}\x{2060}\x{FEFF}'`.\-_]"


def _without_separators(text: pd.Series) -> pd.Series:
    """NIP text without separators, in pyarrow (pandas runs ``\\s`` patterns in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(text.astype("string"), from_pandas=True).cast(pa.large_string())
    out = pc.replace_substring_regex(array, _NIP_SEPARATORS, "")
    return pd.Series(pd.arrays.ArrowStringArray(out), index=text.index)
