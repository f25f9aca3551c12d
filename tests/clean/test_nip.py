"""parse_nip: every part of a NIP and of a NI PPPK checked, the impossible part named.

NIP-shaped numbers are built at runtime from their parts (a commit hook flags 18-digit
literals): birth YYYYMMDD + TMT YYYYMM (NI PPPK: year + "2" + digit) + sex + serial.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kompetensi.clean import REASONS, parse_nip
from kompetensi.clean.nip import _REASONS


def nip(*parts: str) -> str:
    """A NIP (or NI PPPK) from its parts."""
    return "".join(parts)


VALID_PNS = nip("19850312", "201001", "1", "003")
VALID_PPPK = nip("19900115", "2021", "21", "2", "017")


def test_every_reason_has_a_message():
    assert set(_REASONS) <= set(REASONS)


@pytest.mark.parametrize(("parts", "reason"), [
    (("19850312", "201001", "1", "000"), "nip_nomor_urut"),
    (("19850312", "201001", "3", "003"), "nip_jenis_kelamin"),
    (("19850231", "201001", "1", "003"), "nip_tanggal_lahir"),  # 31 February
    (("19290105", "195001", "1", "003"), "nip_tanggal_lahir"),  # before 1930
    (("19870229", "201001", "1", "003"), "nip_tanggal_lahir"),  # 1987 is not a leap year
    (("19850312", "201013", "1", "003"), "nip_tmt"),  # month 13
    (("19850312", "201000", "1", "003"), "nip_tmt"),  # month 00
    (("19850312", "201031", "1", "003"), "nip_tmt"),  # digit 13 is 3: neither layout
    (("19850312", "198001", "1", "003"), "nip_tmt_sebelum_umur"),  # before birth
    (("19850312", "200004", "1", "003"), "nip_tmt_sebelum_umur"),  # at age 15
    (("19850312", "200302", "1", "003"), "nip_tmt_sebelum_umur"),  # a month before 18
    (("19400312", "200601", "1", "003"), "nip_tmt_lewat_umur"),  # 66 years on
    (("19900115", "2015", "21", "2", "017"), "nip_pppk_tahun"),  # before PP 49/2018
    (("19900115", "2021", "21", "2", "000"), "nip_nomor_urut"),
    (("19900115", "2021", "21", "3", "017"), "nip_jenis_kelamin"),
    (("20050115", "2021", "21", "2", "017"), "nip_tmt_sebelum_umur"),  # PPPK at 16
])
def test_impossible_part_is_named(parts, reason):
    parsed = parse_nip(pd.Series([nip(*parts)]), siklus=2025).iloc[0]
    assert not parsed.valid
    assert parsed.alasan == reason
    assert pd.isna(parsed.nip) and pd.isna(parsed.jenis_nip)


def test_tmt_after_the_cycle_is_rejected_only_when_the_cycle_is_given():
    values = pd.Series([nip("19850312", "202602", "1", "003"),
                        nip("19900115", "2026", "21", "2", "017"),
                        nip("19850312", "202512", "1", "003")])
    assert parse_nip(values).valid.all()
    parsed = parse_nip(values, siklus=2025)
    assert parsed.alasan.tolist()[:2] == ["nip_tmt_setelah_siklus"] * 2
    assert parsed.valid.tolist() == [False, False, True]  # December of the cycle is in it


def test_valid_pns():
    parsed = parse_nip(pd.Series([VALID_PNS]), siklus=2025).iloc[0]
    assert parsed.valid and pd.isna(parsed.alasan)
    assert (parsed.nip, parsed.jenis_nip, parsed.jenis_kelamin) == (VALID_PNS, "PNS", "L")
    assert parsed.tanggal_lahir == pd.Timestamp("1985-03-12")
    assert parsed.tmt_cpns == pd.Timestamp("2010-01-01")


def test_valid_pppk_has_no_cpns_tmt():
    parsed = parse_nip(pd.Series([VALID_PPPK]), siklus=2025).iloc[0]
    assert parsed.valid and pd.isna(parsed.alasan)
    assert (parsed.nip, parsed.jenis_nip, parsed.jenis_kelamin) == (VALID_PPPK, "PPPK", "P")
    assert parsed.tanggal_lahir == pd.Timestamp("1990-01-15")
    assert pd.isna(parsed.tmt_cpns)


def test_age_18_in_the_birth_month_is_accepted():
    assert parse_nip(pd.Series([nip("19850312", "200303", "1", "003")])).valid.iloc[0]


def test_leap_day():
    parsed = parse_nip(pd.Series([nip("19880229", "201001", "2", "003"),
                                  nip("19870229", "201001", "2", "003")]))
    assert parsed.valid.tolist() == [True, False]
    assert parsed.tanggal_lahir.iloc[0] == pd.Timestamp("1988-02-29")
    assert parsed.alasan.iloc[1] == "nip_tanggal_lahir"


def test_dtypes_are_kept_whatever_the_outcome():
    for values in ([VALID_PNS], [VALID_PPPK], [None], ["12"], [VALID_PNS, VALID_PPPK, "x"]):
        parsed = parse_nip(pd.Series(values, dtype=object), siklus=2025)
        assert {c: str(t) for c, t in parsed.dtypes.items()} == {
            "nip": "string", "tanggal_lahir": "datetime64[us]", "tmt_cpns": "datetime64[us]",
            "jenis_kelamin": "string", "jenis_nip": "string", "valid": "bool",
            "alasan": "string"}


# ------------------------------------------------------------ against a plain-Python reading
def reference(digits: str, siklus: int | None) -> tuple[str | None, str | None]:
    """(reason, jenis_nip) of an 18-digit string, one part at a time."""
    def date(y: int, m: int, d: int) -> dt.date | None:
        try:
            return dt.date(y, m, d)
        except ValueError:
            return None

    birth = date(int(digits[:8]) // 10**4, int(digits[4:6]), int(digits[6:8]))
    year, tens, month = int(digits[8:12]), digits[12], int(digits[12:14])
    pppk = tens == "2"
    if birth is None or birth.year < 1930:
        return "nip_tanggal_lahir", None
    if not pppk and not 1 <= month <= 12:
        return "nip_tmt", None
    if pppk and year < 2019:
        return "nip_pppk_tahun", None
    if pppk:
        too_young = year - birth.year < 18
    else:
        too_young = (year - birth.year) * 12 + (month - birth.month) < 18 * 12
    if too_young:
        return "nip_tmt_sebelum_umur", None
    if year - birth.year > 65:
        return "nip_tmt_lewat_umur", None
    if siklus is not None and year > siklus:
        return "nip_tmt_setelah_siklus", None
    if digits[14] not in "12":
        return "nip_jenis_kelamin", None
    if digits[15:] == "000":
        return "nip_nomor_urut", None
    return None, "PPPK" if pppk else "PNS"


@pytest.mark.parametrize("siklus", [None, 2024])
def test_vectorised_equals_plain_python(siklus):
    rng = np.random.default_rng(20250219)
    n = 20_000
    # Parts near and across every boundary: days 0-31, months 0-13 (and PPPK "2x"), serial 000.
    birth = [f"{y:04d}{m:02d}{d:02d}" for y, m, d in zip(
        rng.integers(1925, 2010, n), rng.integers(0, 14, n), rng.integers(0, 32, n),
        strict=True)]
    tmt_year = rng.integers(1940, 2030, n)
    tmt_month = np.where(rng.random(n) < 0.3, rng.integers(20, 30, n), rng.integers(0, 14, n))
    sex = rng.choice(list("0123"), n, p=[0.05, 0.45, 0.45, 0.05])
    serial = np.where(rng.random(n) < 0.05, 0, rng.integers(0, 1000, n))
    values = [nip(b, f"{y:04d}{m:02d}", s, f"{k:03d}") for b, y, m, s, k in zip(
        birth, tmt_year, tmt_month, sex, serial, strict=True)]
    parsed = parse_nip(pd.Series(values), siklus=siklus)
    expected = [reference(v, siklus) for v in values]
    got = list(zip(parsed.alasan.astype(object).where(parsed.alasan.notna(), None),
                   parsed.jenis_nip.astype(object).where(parsed.jenis_nip.notna(), None),
                   strict=True))
    assert got == expected
    assert parsed.valid.sum() > 1000 and (parsed.jenis_nip == "PPPK").sum() > 100
    ok = parsed.valid.to_numpy()
    births = pd.to_datetime(pd.Series(birth)[ok], format="%Y%m%d")
    assert (parsed.tanggal_lahir[ok] == births).all()
    pns = ok & (parsed.jenis_nip == "PNS").to_numpy()
    tmts = pd.to_datetime(pd.Series([v[8:14] for v in values])[pns], format="%Y%m")
    assert (parsed.tmt_cpns[pns] == tmts).all()
    assert parsed.tmt_cpns[ok & ~pns].isna().all()
    assert (parsed.jenis_kelamin[ok] == pd.Series(sex)[ok].map({"1": "L", "2": "P"})).all()
