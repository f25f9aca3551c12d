"""Normalizers: the messy forms of real exports, and properties checked with hypothesis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetensi import reference
from kompetensi.clean import (
    normalize_golongan,
    normalize_jenis_jabatan,
    normalize_opd,
    normalize_pendidikan,
    normalize_predikat,
    normalize_status_asn,
    normalize_tingkat_hukuman,
    parse_likert,
    parse_nip,
    parse_number,
    parse_saaty,
    parse_tanggal,
)

# ------------------------------------------------------------------------------------ NIP


def test_nip_messy_forms_parse_to_the_same_digits():
    forms = pd.Series(["19850312 201001 1 003", "'198503122010011003", "198503122010011003.0",
                       " 19850312-201001-1-003 ", "198503122010011003"], dtype=object)
    parsed = parse_nip(forms)
    assert parsed.valid.all()
    assert set(parsed.nip) == {"198503122010011003"}
    assert (parsed.tanggal_lahir == pd.Timestamp("1985-03-12")).all()
    assert (parsed.tmt_cpns == pd.Timestamp("2010-01-01")).all()
    assert (parsed.jenis_kelamin == "L").all()


def test_nip_female_digit():
    assert parse_nip(pd.Series(["199001152015032001"])).jenis_kelamin.iloc[0] == "P"


@pytest.mark.parametrize(("value", "reason"), [
    ("1.98503E+17", "nip_format_ilmiah"),
    ("1,98503E+17", "nip_format_ilmiah"),
    (1.98503122010011e17, "nip_format_ilmiah"),
    ("", "nip_kosong"),
    (None, "nip_kosong"),
    ("12345", "nip_bukan_18_digit"),
    ("19851312201001 1 003", "nip_tanggal_lahir"),  # month 13
    ("198503122010131003", "nip_tmt"),  # TMT month 13
    ("198503121990011003", "nip_tmt_sebelum_umur"),  # TMT at age 4
    ("198503122010013003", "nip_jenis_kelamin"),
])
def test_nip_invalid_forms_have_a_reason(value, reason):
    parsed = parse_nip(pd.Series([value], dtype=object))
    assert not parsed.valid.iloc[0]
    assert parsed.alasan.iloc[0] == reason
    assert pd.isna(parsed.nip.iloc[0])


def test_nip_float_column_is_rejected_not_guessed():
    parsed = parse_nip(pd.Series([1.98503122010011e17, np.nan]))
    assert parsed.alasan.tolist() == ["nip_format_ilmiah", "nip_kosong"]


@settings(max_examples=200, deadline=None)
@given(birth=st.dates(dt.date(1950, 1, 1), dt.date(2004, 12, 31)),
       years_later=st.integers(18, 40), month=st.integers(1, 12), sex=st.sampled_from("12"),
       serial=st.integers(1, 999), spaced=st.booleans(), apostrophe=st.booleans())
def test_nip_roundtrip_property(birth, years_later, month, sex, serial, spaced, apostrophe):
    tmt_year = birth.year + years_later + (month < birth.month)  # 18 or more by the month
    digits = f"{birth:%Y%m%d}{tmt_year}{month:02d}{sex}{serial:03d}"
    text = f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}" if spaced else digits
    text = "'" + text if apostrophe else text
    parsed = parse_nip(pd.Series([text])).iloc[0]
    assert parsed.valid and parsed.nip == digits
    assert parsed.tanggal_lahir == pd.Timestamp(birth)
    assert parsed.tmt_cpns == pd.Timestamp(tmt_year, month, 1)
    assert parsed.jenis_kelamin == {"1": "L", "2": "P"}[sex]


# ------------------------------------------------------------------------------- golongan


def test_golongan_written_many_ways():
    values = pd.Series(["III/a", "III-a", "3a", "3/A", "III A", "IIIa", "Gol. III/a",
                        "Penata Muda (III/a)", "Penata Muda", "penata muda - III/a"])
    assert normalize_golongan(values).tolist() == ["III/a"] * len(values)


def test_golongan_pppk_only_where_status_is_pppk():
    values = pd.Series(["IX", "Gol. IX", "9", "IX", "XVIII"])
    status = pd.Series(["PPPK", "PPPK", "PPPK", "PNS", "PPPK"])
    assert normalize_golongan(values, status).tolist() == ["IX", "IX", "IX", pd.NA, pd.NA]


def test_golongan_invalid_letter_for_its_group():
    assert normalize_golongan(pd.Series(["II/e", "IV/e", "Pembina Tk. I"])).tolist() == [
        pd.NA, "IV/e", "IV/b"]


@settings(max_examples=100, deadline=None)
@given(code=st.sampled_from(reference.load("golongan").query("status_asn == 'PNS'")
                            .golongan.tolist()),
       sep=st.sampled_from(["/", "-", " ", "", "/ "]), upper=st.booleans(), arabic=st.booleans())
def test_golongan_property(code, sep, upper, arabic):
    roman, letter = code.split("/")
    head = str(["I", "II", "III", "IV"].index(roman) + 1) if arabic else roman
    text = f"{head}{sep}{letter.upper() if upper else letter}"
    assert normalize_golongan(pd.Series([text])).iloc[0] == code


# ------------------------------------------------------------------------------------ OPD


def test_opd_abbreviations_case_and_misspellings():
    values = pd.Series(["Dinas Kesehtan", "DINKES", "Diskominfo", "Kec. Tamansari",
                        "kecamatan taman sari", "BKPSDMD Kota Pangkalpinang", "Dinas Antah",
                        "dinas  kesehatan.", None])
    assert normalize_opd(values).tolist() == [
        "Dinas Kesehatan", "Dinas Kesehatan", "Dinas Komunikasi dan Informatika",
        "Kecamatan Taman Sari", "Kecamatan Taman Sari",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah", pd.NA,
        "Dinas Kesehatan", pd.NA]


def test_opd_every_alias_and_abbreviation_maps_to_a_listed_opd():
    opd = reference.load("opd")
    aliases = reference.load("opd_alias")
    assert set(aliases.opd) <= set(opd.opd)
    assert normalize_opd(aliases.alias).tolist() == aliases.opd.tolist()
    assert normalize_opd(opd.singkatan).tolist() == opd.opd.tolist()


def test_opd_extra_aliases_of_a_dataset():
    extra = pd.DataFrame({"alias": ["dinas xyz"], "opd": ["Dinas Sosial"]})
    assert normalize_opd(pd.Series(["Dinas XYZ"]), extra_aliases=extra).iloc[0] == "Dinas Sosial"


# ---------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "expected"), [
    ("3 Maret 2025", "2025-03-03"), ("12 Agt 2024", "2024-08-12"),
    ("5 Nopember 2023", "2023-11-05"), ("17-Des-2024", "2024-12-17"),
    ("1 Pebruari 2024", "2024-02-01"), ("31 Mei 2025", "2025-05-31"),
    ("2025-03-12", "2025-03-12"), ("12/03/2025", "2025-03-12"), ("12-03-2025", "2025-03-12"),
    ("45720", "2025-03-04"),  # Excel serial: days since 1899-12-30
    ("2025/03/14 10:22:31 GMT+7", "2025-03-14 10:22:31"),
    ("14/03/2025 10:22:31", "2025-03-14 10:22:31"),
    ("8 oktober 2023", "2023-10-08"), ("1 Juli 2025", "2025-07-01"),
])
def test_tanggal_forms(text, expected):
    assert parse_tanggal(pd.Series([text])).iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["32 Maret 2025", "xx", "", None, "31/02/2025"])
def test_tanggal_unreadable_is_nat(text):
    assert pd.isna(parse_tanggal(pd.Series([text], dtype=object)).iloc[0])


def test_tanggal_native_cells_and_serial_numbers():
    values = pd.Series([dt.datetime(2024, 1, 2), 45720, pd.Timestamp("2023-05-06")],
                       dtype=object)
    assert parse_tanggal(values).tolist() == [pd.Timestamp("2024-01-02"),
                                              pd.Timestamp("2025-03-04"),
                                              pd.Timestamp("2023-05-06")]


@settings(max_examples=150, deadline=None)
@given(day=st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)),
       form=st.sampled_from(["long", "short", "slash", "iso", "serial"]))
def test_tanggal_property(day, form):
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]
    text = {
        "long": f"{day.day} {months[day.month - 1]} {day.year}",
        "short": f"{day.day:02d}-{months[day.month - 1][:3]}-{day.year}",
        "slash": f"{day:%d/%m/%Y}",
        "iso": f"{day:%Y-%m-%d}",
        "serial": str((day - dt.date(1899, 12, 30)).days),
    }[form]
    assert parse_tanggal(pd.Series([text])).iloc[0] == pd.Timestamp(day)


# --------------------------------------------------------------------------------- Likert


def test_likert_words_abbreviations_digits():
    values = pd.Series(["Sangat Setuju", "setuju", "SS", "Ragu-ragu", "ragu ragu", "4 - Setuju",
                        "5", "Sangat setuju sekali", None, "TS", "sts", "Netral", " N "])
    assert parse_likert(values).tolist() == [5, 4, 5, 3, 3, 4, 5, pd.NA, pd.NA, 2, 1, 3, 3]


# ------------------------------------------------------------------------ other categories


def test_pendidikan_ordered():
    values = pd.Series(["S-1", "Sarjana", "D-IV", "SLTA", "SMK", "D-III", "Magister", "S3",
                        "SLTP", "SD", "Diploma I", "D-II", "tidak tahu"])
    result = normalize_pendidikan(values)
    assert list(result.astype(object).where(pd.notna(result), None)) == [
        "S1/D4", "S1/D4", "S1/D4", "SMA", "SMA", "D3", "S2", "S3", "SMP", "SD", "D1", "D2", None]
    assert result.cat.ordered and list(result.cat.categories[[0, -1]]) == ["SD", "S3"]


def test_jenis_jabatan_and_status_and_tingkat():
    assert normalize_jenis_jabatan(pd.Series(
        ["JPT Pratama", "Administrator", "Pengawas", "JFT", "JFU", "Fungsional Umum",
         "Pelaksana", "x"])).tolist() == [
        "JPT", "Administrator", "Pengawas", "Fungsional", "Pelaksana", "Pelaksana", "Pelaksana",
        pd.NA]
    assert normalize_status_asn(pd.Series(["PNS", "CPNS", "P3K", "PPPK", "honorer"])).tolist() \
        == ["PNS", "PNS", "PPPK", "PPPK", pd.NA]
    assert normalize_tingkat_hukuman(pd.Series(
        ["Ringan", "Hukuman Disiplin Sedang", "Teguran lisan", "Pemberhentian dengan hormat",
         "?"])).tolist() == ["ringan", "sedang", "ringan", "berat", pd.NA]


def test_predikat_2022_regime_only():
    result = normalize_predikat(pd.Series(["BAIK", "Sangat baik", "Butuh perbaikan",
                                           "Kurang / Misconduct", "Cukup", "sangat kurang"]))
    assert list(result.astype(object).where(pd.notna(result), None)) == [
        "Baik", "Sangat Baik", "Butuh Perbaikan", "Kurang", None, "Sangat Kurang"]


def test_numbers_with_decimal_comma():
    assert parse_number(pd.Series(["24,5", "1.234,5", "40", "", "abc", " 7 "])).tolist() == [
        24.5, 1234.5, 40.0, pd.NA, pd.NA, 7.0]


def test_saaty_directions():
    result = parse_saaty(pd.Series(["A lebih penting (5)", "Sama penting", "B lebih penting (3)",
                                    "7", "1/3", "0,2", "A lebih penting (11)", ""]))
    expected = [5, 1, 1 / 3, 7, 1 / 3, 0.2, None, None]
    for got, want in zip(result, expected, strict=True):
        assert (pd.isna(got) and want is None) or got == pytest.approx(want)


def test_close_matches_equals_difflib_on_the_full_list():
    """The numpy pre-filter must not change difflib's answer (including ties and misses)."""
    import difflib
    import random
    import string

    from kompetensi.clean.normalize import close_matches

    rng = random.Random(7)
    known = ["dinas " + "".join(rng.choice(string.ascii_lowercase + " ")
                                for _ in range(rng.randint(3, 25))) for _ in range(300)]

    def typo(text: str) -> str:
        chars, at = list(text), rng.randrange(len(text))
        chars[at:at + 1] = rng.choice([[], [rng.choice(string.ascii_lowercase)],
                                       [chars[at], rng.choice(string.ascii_lowercase)]])
        return "".join(chars)

    queries = sorted({typo(typo(rng.choice(known))) for _ in range(600)} | {"x", "dinas"})
    for cutoff in (0.6, 0.88):
        expected = {q: (difflib.get_close_matches(q, known, n=1, cutoff=cutoff) or [None])[0]
                    for q in queries}
        assert close_matches(queries, known, cutoff) == expected
    assert any(v is None for v in expected.values()) and any(expected.values())


def test_nip_dates_by_arithmetic_equal_pandas_reading_the_digits():
    """parse_nip computes birth and TMT dates from the digits as integers; every year, month
    and day (leap years, month 0 and 13, day 0 and 32 included) must give what
    ``to_datetime(format="%Y%m%d", errors="coerce")`` gives for the same 8 digits."""
    from kompetensi.clean.nip import _dates

    values = np.array([y * 10_000 + m * 100 + d
                       for y in (0, 1, 4, 100, 1582, 1900, 1930, 1996, 2000, 2023, 2024, 2100,
                                 2262, 9999)
                       for m in range(14) for d in range(33)] + [-1])
    expected = pd.to_datetime(pd.Series([f"{v:08d}" if v >= 0 else None for v in values]),
                              format="%Y%m%d", errors="coerce")
    pd.testing.assert_series_equal(_dates(values, pd.RangeIndex(len(values))), expected)
