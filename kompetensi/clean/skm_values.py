"""Values of community satisfaction survey (SKM) files: the answers 1-4 of the nine elements,
the respondent's profile, survey times, periods and the numbers of unit recaps.

Each reader takes a raw column (text from a CSV, native cells from a workbook) and returns
values on the same index, ``<NA>`` where a value cannot be read; the callers tell a blank from
an unreadable value with :func:`kompetensi.clean.fields._filled`. The word tables are
``reference/skm_jawaban.csv`` and ``reference/skm_pekerjaan.csv``.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from kompetensi import reference
from kompetensi.clean import normalize as nz
from kompetensi.core.uniques import on_uniques
from kompetensi.core.vocab import SKM_MUTU, SKM_UNSUR

_NUMERIC = (int, float)
_DIGIT = re.compile(r"^\(?\s*([1-4])\s*\)?\s*(?:[-.:)=]\s*)?(.*)$")
_LETTER = re.compile(r"^\(?([a-d])\s*[.)]\s*(.*)$|^\(([a-d])\)\s*(.*)$|^([a-d])$")


def _word_key(text: str) -> str:
    """Lower case, punctuation and hyphens to spaces, single spaces."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


def answer_words(unsur: str) -> dict[str, int]:
    """The answer words of one element (and those valid for every element, ``*``) -> 1-4."""
    table = reference.load("skm_jawaban")
    own = table[table["unsur"].isin(["*", unsur])].sort_values("unsur", key=lambda u: u == "*",
                                                               kind="stable")
    words: dict[str, int] = {}
    for word, value in zip(own["jawaban"], own["nilai"].astype(int), strict=True):
        words.setdefault(_word_key(word), value)  # the element's own words first
    return words


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, _NUMERIC):
        return float(value) if math.isfinite(value) else None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _answer(value, words: dict[str, int]) -> int | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    number = _number(value)
    if number is not None:
        return int(number) if number in (1.0, 2.0, 3.0, 4.0) else None
    text = " ".join(str(value).strip().lower().split())
    given, rest = None, text
    if found := _DIGIT.match(text):
        given, rest = int(found.group(1)), found.group(2)
    elif found := _LETTER.match(text):
        letter = found.group(1) or found.group(3) or found.group(5)
        given, rest = "abcd".index(letter) + 1, found.group(2) or found.group(4) or ""
    said = words.get(_word_key(rest)) if rest.strip() else None
    if given is None:
        return said
    return given if said in (None, given) else None  # "4 - Kurang sesuai": contradictory


@on_uniques
def parse_skm_answer(values: pd.Series, unsur: str) -> pd.Series:
    """Answers of one element to 1-4 (assumption A-SKM-24).

    Reads numbers and digit text 1-4, the element's words of ``reference/skm_jawaban.csv``
    (case, spacing and punctuation free) with or without a leading option "a."/"b)"/"(c)" or
    "4 -"/"(4)", "4 (Sangat Sesuai)", and a bare option letter a-d (1-4, as the form's
    options are lettered). A number and words that disagree are not read.

    Returns
    -------
    Series of Int64, <NA> for blanks and unreadable answers.

    Examples
    --------
    >>> parse_skm_answer(pd.Series(["Sangat Sesuai", "b. Kurang sesuai", "4 (Sangat Sesuai)",
    ...                             3, "c", "5", "4 - Tidak sesuai", None]), "u1").tolist()
    [4, 2, 4, 3, 3, <NA>, <NA>, <NA>]
    """
    words = answer_words(unsur)
    return pd.Series([_answer(v, words) for v in values], index=values.index, dtype="Int64")


@on_uniques
def other_element_word(values: pd.Series, unsur: str) -> pd.Series:
    """True where a value is no answer of ``unsur`` but a word of another element
    (columns swapped, e.g. the questionnaire's 8 and 9 against the elements' U8 and U9)."""
    own = answer_words(unsur)
    others = set().union(*(answer_words(u) for u in SKM_UNSUR if u != unsur)) - set(own)
    keys = [_word_key(str(v)) if isinstance(v, str) else "" for v in values]
    return pd.Series([k in others for k in keys], index=values.index, dtype=bool)


# ------------------------------------------------------------------------------ profile
_BAND = re.compile(r"\d\s*(?:-|–|s/?d|sampai|hingga|to)\s*\d|[<>≤≥]|di ?bawah|di ?atas|lebih dari|"
                   r"kurang dari|ke ?atas|ke ?bawah")
_AGE = re.compile(r"(\d{1,3})(?:[.,]0+)?\s*(?:tahun|thn|th|thun)?\.?")
AGE_RANGE = (10, 100)  # plausible ages of a respondent (A-SKM-26)


@on_uniques
def parse_usia(values: pd.Series) -> pd.Series:
    """Age in years: a number, "25 tahun", "25 th"; an age band ("20-30", "< 20", "di atas
    60") or an age outside 10-100 is <NA> (A-SKM-26).

    >>> parse_usia(pd.Series([25, "31 tahun", "20-30", "> 60", "abc", 7])).tolist()
    [25, 31, <NA>, <NA>, <NA>, <NA>]
    """
    out = []
    for value in values:
        number = _number(value) if not isinstance(value, str) else None
        if number is None and isinstance(value, str):
            text = value.strip().lower()
            found = None if _BAND.search(text) else _AGE.fullmatch(text)
            number = float(found.group(1)) if found else None
        ok = number is not None and number == int(number) and \
            AGE_RANGE[0] <= number <= AGE_RANGE[1]
        out.append(int(number) if ok else None)
    return pd.Series(out, index=values.index, dtype="Int64")


_PIECES = re.compile(r"\s*(?:/|,|\batau\b|\s-\s|(?<=\d)-(?=[a-z]))\s*")


@on_uniques
def normalize_pendidikan_skm(values: pd.Series) -> pd.Series:
    """Education as :func:`kompetensi.clean.normalize_pendidikan`, as text; an option that
    joins several levels ("D1-D3", "D1/D2/D3") is <NA> (A-SKM-26), "S1/D4" and "SMA/SMK" are
    one level each.

    >>> normalize_pendidikan_skm(pd.Series(["S1", "SMA/SMK", "D1-D3", "S1/D4"])).tolist()
    ['S1/D4', 'SMA', <NA>, 'S1/D4']
    """
    whole = nz.normalize_pendidikan(values).astype("string")
    text = nz._text(values).str.lower()
    several = []
    for t in text:
        pieces = [p for p in _PIECES.split(t) if p] if isinstance(t, str) else []
        levels = set(nz.normalize_pendidikan(pd.Series(pieces, dtype="string")).dropna()) \
            if len(pieces) > 1 else set()
        several.append(len(levels) > 1)
    return whole.mask(pd.Series(several, index=values.index, dtype=bool))


@on_uniques
def normalize_pekerjaan(values: pd.Series) -> pd.Series:
    """Occupation to the form's five categories (``core.vocab.SKM_PEKERJAAN``) by
    ``reference/skm_pekerjaan.csv``; any other filled value is "Lainnya" (A-SKM-27).

    >>> normalize_pekerjaan(pd.Series(["PNS", "Wiraswasta", "Karyawan Swasta", "Mahasiswa",
    ...                                "Ibu Rumah Tangga", "Dokter", None])).tolist()
    ['PNS/TNI/POLRI', 'Wiraswasta/Usahawan', 'Pegawai Swasta', 'Pelajar/Mahasiswa', 'Lainnya', 'Lainnya', <NA>]
    """
    rules = reference.load("skm_pekerjaan")
    found = nz._by_pattern(values, list(zip(rules["pola"], rules["pekerjaan"], strict=True)))
    return found.mask(found.isna() & nz._text(values).notna(), "Lainnya").astype("string")


# ---------------------------------------------------------------------------- time stamps
_CLOCK = re.compile(r"\b(\d{1,2})(:\d{2}(?::\d{2})?)\s*([ap])\.?m\.?\b", re.IGNORECASE)


def _24h(text: str) -> str:
    def repl(found: re.Match) -> str:
        hour = int(found.group(1)) % 12 + (12 if found.group(3).lower() == "p" else 0)
        return f"{hour:02d}{found.group(2)}"
    return _CLOCK.sub(repl, text)


def parse_waktu(values: pd.Series) -> pd.Series:
    """Survey times: :func:`kompetensi.clean.parse_tanggal` day first, with "9:14:05 AM"
    clocks read; a column that month-first reads with fewer failures is month first (a form
    exported in an English locale, "3/13/2025 9:14:05"; A-SKM-28).

    >>> parse_waktu(pd.Series(["12/03/2025 09:14:05", "2025/03/12 9:14:05 PM GMT+7"])).tolist()
    [Timestamp('2025-03-12 09:14:05'), Timestamp('2025-03-12 21:14:05')]
    >>> parse_waktu(pd.Series(["3/13/2025 9:14:05", "3/12/2025 10:00:00"])).dt.day.tolist()
    [13, 12]
    """
    raw = pd.Series(values, copy=False)
    if pd.api.types.is_datetime64_any_dtype(raw):
        return nz.parse_tanggal(raw)
    text = raw.astype(object).map(lambda v: _24h(v) if isinstance(v, str) else v,
                                  na_action="ignore")
    day_first = nz.parse_tanggal(text)
    filled = nz._text(raw.astype("string")).notna()
    failed = int((day_first.isna() & filled).sum())
    if failed:
        month_first = nz.parse_tanggal(text, dayfirst=False)
        if int((month_first.isna() & filled).sum()) < failed:
            return month_first
    return day_first


# -------------------------------------------------------------------------------- periods
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "satu": 1, "dua": 2, "tiga": 3, "empat": 4,
          "ganjil": 1, "genap": 2}
_SEMESTER = re.compile(r"\b(?:semester|smt|sem)\s*(i{1,2}|[12]|satu|dua|ganjil|genap)\b|\bs ?([12])\b")
_QUARTER = re.compile(r"\b(?:triwulan|tri wulan|tw|kuartal|quarter|q|t)\s*(iv|i{1,3}|[1-4]|satu|dua|"
                      r"tiga|empat)\b")
_ANNUAL = re.compile(r"^(?:(?:tahun|tahunan|thn|th)\s*)?(?:20\d\d)?\s*(?:tahunan)?$")
_MONTH_SPANS = {(1, 6): "S1", (7, 12): "S2", (1, 3): "T1", (4, 6): "T2", (7, 9): "T3",
                (10, 12): "T4", (1, 12): ""}


def _months(text: str) -> list[int]:
    found = []
    for number, names in nz._MONTHS.items():
        for hit in re.finditer(rf"(?<![a-z])(?:{names})[a-z]*(?![a-z])", text):
            found.append((hit.start(), int(number)))
    return [m for _, m in sorted(found)]


def _period_of(value) -> tuple[int | None, str | None]:
    """(year or None, part: "" annual, "S1", "T3" …) of one value; part None: unreadable."""
    if isinstance(value, _NUMERIC) and not isinstance(value, bool):
        return (int(value), "") if 2000 <= value <= 2100 and value == int(value) else (None, None)
    text = " ".join(re.sub(r"[-_/.,()]", " ", str(value).lower()).split())
    year = re.search(r"\b(20\d\d)\b", text)
    year = int(year.group(1)) if year else None
    rest = re.sub(r"\b20\d\d\b", " ", text)
    if found := _SEMESTER.search(rest):
        word = found.group(1) or found.group(2)
        return year, f"S{_ROMAN.get(word, word)}"
    if found := _QUARTER.search(rest):
        return year, f"T{_ROMAN.get(found.group(1), found.group(1))}"
    months = _months(rest)
    if len(months) >= 2 and (months[0], months[-1]) in _MONTH_SPANS:
        return year, _MONTH_SPANS[(months[0], months[-1])]
    if _ANNUAL.fullmatch(text.strip()) and (year or "tahun" in text):
        return year, ""
    return None, None


def parse_periode(values: pd.Series, fallback_year: pd.Series | int) -> pd.Series:
    """Periods as "2025" (annual), "2025-S1"/"2025-S2" (semester) or "2025-T1" … "2025-T4"
    (triwulan): "Semester I 2025", "Tahun 2025", "Triwulan II 2025", "TW 2", "2025-S1",
    "Januari - Juni 2025"; a period without a year takes ``fallback_year`` (per row, or one
    year); a blank one is the fallback year's annual period. Unreadable: <NA> (A-SKM-29).

    >>> parse_periode(pd.Series(["Semester I 2025", "Tahun 2025", "Triwulan II 2025",
    ...                          "Semester 2", None, "Musim hujan"]), 2024).tolist()
    ['2025-S1', '2025', '2025-T2', '2024-S2', '2024', <NA>]
    """
    raw = pd.Series(values, copy=False)
    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    parts = [_period_of(v) for v in uniques]
    year = pd.Series([parts[c][0] if c >= 0 else None for c in codes], index=raw.index,
                     dtype="Int64")
    part = pd.Series([parts[c][1] if c >= 0 else "" for c in codes], index=raw.index,
                     dtype="string")
    blank = pd.Series(codes < 0, index=raw.index) | nz._text(raw.astype("string")).isna()
    part = part.mask(blank, "")
    fallback = pd.Series(fallback_year, index=raw.index).astype("Int64")
    year = year.fillna(fallback)
    text = year.astype("string") + ("-" + part).where(part != "", "")
    return text.where(part.notna() & year.notna()).astype("string")


# ---------------------------------------------------------------------------- recap numbers
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


@on_uniques
def parse_count(values: pd.Series) -> pd.Series:
    """Whole counts (respondents, people served): 1234, "1.234" or "1,234" (thousands),
    "120 orang"; a fraction or a negative number is <NA> (A-SKM-33).

    >>> parse_count(pd.Series(["1.234", "120 orang", 87, "12,5", "-3"])).tolist()
    [1234, 120, 87, <NA>, <NA>]
    """
    out = []
    for value in values:
        number = None
        if isinstance(value, _NUMERIC) and not isinstance(value, bool):
            number = _number(value)
        elif isinstance(value, str):
            text = re.sub(r"\s*(?:orang|org|responden)\.?$", "", value.strip().lower())
            text = text.replace(" ", "")
            if _THOUSANDS.fullmatch(text):
                text = re.sub(r"[.,]", "", text)
            if re.fullmatch(r"\d+(?:[.,]0+)?", text):
                number = float(text.replace(",", "."))
        ok = number is not None and number >= 0 and number == int(number)
        out.append(int(number) if ok else None)
    return pd.Series(out, index=values.index, dtype="Int64")


@on_uniques
def parse_mutu(values: pd.Series) -> pd.Series:
    """Service quality A-D from "B", "B (Baik)", "Baik", "Sangat Baik" (the annex's band
    words, ``reference/skm_jawaban.csv`` rows ``mutu``); a letter and words that disagree are
    <NA> (A-SKM-34).

    >>> parse_mutu(pd.Series(["B", "B (Baik)", "sangat baik", "Kurang Baik", "B (Sangat Baik)",
    ...                       "E"])).tolist()
    ['B', 'B', 'A', 'C', <NA>, <NA>]
    """
    table = reference.load("skm_jawaban")
    table = table[table["unsur"] == "mutu"]
    words = {_word_key(w): SKM_MUTU[4 - int(v)]
             for w, v in zip(table["jawaban"], table["nilai"], strict=True)}
    out = []
    for value in values:
        text = " ".join(str(value).strip().lower().split()) if pd.notna(value) else ""
        found = re.match(r"^(?:mutu\s+)?\(?([a-d])\)?(?![a-z])\s*(.*)$", text)
        letter = found.group(1).upper() if found else None
        said = words.get(_word_key(found.group(2) if found else text))
        out.append(letter if letter and said in (None, letter) else None if letter else said)
    return pd.Series(out, index=values.index, dtype="string")
