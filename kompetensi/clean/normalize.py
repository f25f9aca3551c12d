"""Vectorized normalizers of the messy values found in personnel exports.

Each function takes a pandas Series (any dtype: text from CSV, native cells from XLSX) and
returns values aligned on the same index, with ``<NA>`` where the input cannot be read. None of
them loops over rows in Python: string work uses pandas' vectorized ``.str`` methods, and the
few mappings that need Python (fuzzy OPD names) run on the *unique* values only.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.uniques import on_uniques
from kompetensi.core.vocab import PENDIDIKAN_ORDER, PREDIKAT_ORDER

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_MONTHS = {
    "01": "januari|january|jan",
    "02": "februari|pebruari|february|feb|peb",
    "03": "maret|march|mar",
    "04": "april|apr",
    "05": "mei|may",
    "06": "juni|june|jun",
    "07": "juli|july|jul",
    "08": "agustus|august|agust|agt|ags|agu|aug",
    "09": "september|sept|sep",
    "10": "oktober|october|okt|oct",
    "11": "november|nopember|nov|nop",
    "12": "desember|december|des|dec",
}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII"]


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped nullable strings; empty strings become <NA>."""
    s = pd.Series(values, copy=False).astype("string").str.strip()
    return s.mask(s == "")


def _key(values: pd.Series) -> pd.Series:
    """Lower-case matching key: punctuation to spaces, whitespace collapsed."""
    s = _text(values).str.lower().str.replace(r"[.,;:()\"']", " ", regex=True)
    return s.str.replace(r"\s+", " ", regex=True).str.strip()


# ----------------------------------------------------------------------------------- golongan
def normalize_golongan(values: pd.Series, status_asn: pd.Series | None = None) -> pd.Series:
    """Canonical golongan: "III/a" for PNS, a roman numeral I-XVII for PPPK.

    Reads "III/a", "III-a", "3a", "3/A", "III A", "IIIa", "Gol. III/a", "Penata Muda (III/a)",
    a pangkat name alone ("Penata Muda"), and PPPK forms "IX", "Gol. IX", "9". A bare number or
    roman numeral is read as PPPK only where ``status_asn`` names a PPPK ("PPPK", "P3K",
    "PPPK Paruh Waktu") or is not given.

    Returns
    -------
    Series of string, <NA> where the value is not a golongan of ``reference.golongan``.
    """
    forms = _golongan_forms(values)
    pppk = forms["pppk"]
    if status_asn is not None:
        pppk = pppk.where(_is_pppk(pd.Series(status_asn, copy=False)))
    return forms["pns"].fillna(pppk).astype("string")


@on_uniques
def _is_pppk(status_asn: pd.Series) -> pd.Series:
    return _text(status_asn).str.upper().str.contains("PPPK|P3K", na=False).astype(bool)


@on_uniques
def _golongan_forms(values: pd.Series) -> pd.DataFrame:
    """PNS code ("III/a") and PPPK reading (roman numeral) of each value, <NA> where none."""
    ref = reference.load("golongan")
    valid_pns = set(ref.loc[ref.status_asn == "PNS", "golongan"])
    pangkat = dict(zip(ref.pangkat.str.upper(), ref.golongan, strict=True))
    pangkat.pop("", None)
    text = _text(values).str.upper()
    text = text.str.replace(r"\bTK\.?\s", "TINGKAT ", regex=True)
    text = text.str.replace(r"\bGOL(ONGAN)?\b\.?|\bRUANG\b", " ", regex=True)

    pns = text.str.extract(r"(?<![A-Z])(IV|III|II|I|[1-4])\s*[/\-.]?\s*([A-E])(?![A-Z])")
    roman = pns[0].replace({"1": "I", "2": "II", "3": "III", "4": "IV"})
    code = (roman + "/" + pns[1].str.lower()).where(lambda c: c.isin(valid_pns))

    by_name = text.str.replace(r"\s*[-(/].*$", "", regex=True).str.strip().map(pangkat)
    code = code.fillna(by_name.astype("string"))

    bare = text.str.strip().str.extract(r"^(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|"
                                        r"III|II|I|\d{1,2})$")[0]
    arabic = pd.to_numeric(bare, errors="coerce")
    as_roman = arabic.map(lambda n: _ROMAN[int(n) - 1] if 1 <= n <= 17 else None,
                          na_action="ignore").astype("string")
    pppk = bare.where(arabic.isna(), as_roman).astype("string")
    return pd.DataFrame({"pns": code.astype("string"), "pppk": pppk}, index=values.index)


# ---------------------------------------------------------------------------------------- OPD
def _opd_lookup(extra_aliases: pd.DataFrame | None = None,
                opd_list: pd.DataFrame | None = None) -> dict[str, str]:
    if opd_list is None:
        opd, aliases = reference.load("opd"), reference.load("opd_alias")
    else:
        opd, aliases = opd_list, pd.DataFrame({"alias": [], "opd": []}, dtype="string")
    if extra_aliases is not None:
        aliases = pd.concat([aliases, extra_aliases[["alias", "opd"]]], ignore_index=True)
    keys = pd.concat([opd.opd, opd.singkatan, aliases.alias], ignore_index=True)
    names = pd.concat([opd.opd, opd.opd, aliases.opd], ignore_index=True)
    return dict(zip(_key(keys), names, strict=True))


@on_uniques
def normalize_opd(values: pd.Series, extra_aliases: pd.DataFrame | None = None,
                  cutoff: float = 0.88, opd_list: pd.DataFrame | None = None) -> pd.Series:
    """Canonical OPD name from names, abbreviations, aliases and near-misspellings.

    Matching is case- and punctuation-insensitive, ignores a trailing "Kota Pangkalpinang",
    and falls back to the closest known name (``difflib`` ratio >= ``cutoff``) for misspellings
    such as "Dinas Kesehtan". Aliases come from ``reference/opd_alias.csv`` plus
    ``extra_aliases`` (columns ``alias``, ``opd``).

    Parameters
    ----------
    values : Series
        Raw OPD (or agency) names.
    extra_aliases : DataFrame, optional
        More aliases (``alias``, ``opd``).
    cutoff : float
        Smallest ``difflib`` ratio accepted for a misspelled name.
    opd_list : DataFrame, optional
        The dataset's own list of organisations (``opd``, ``singkatan``), e.g. the agencies
        of a province or of the whole country (``data/raw/<dataset>/opd.csv``). It replaces
        the city's ``reference/opd.csv`` and its aliases.

    Returns
    -------
    Series of string: canonical names, <NA> where unknown.
    """
    lookup = _opd_lookup(extra_aliases, opd_list)
    key = _key(values).str.replace(r"\s*(kota )?pangkal ?pinang$", "", regex=True)
    key = key.str.replace(r"^kecamatan ", "kec ", regex=True)
    lookup.update({k.replace("kecamatan ", "kec ", 1): v for k, v in lookup.items()})
    unknown = [u for u in key.dropna().unique() if u not in lookup]  # distinct values only
    mapping = {u: lookup[u] for u in key.dropna().unique() if u in lookup}
    for unique, close in close_matches(unknown, list(lookup), cutoff).items():
        mapping[unique] = lookup[close] if close is not None else None
    return key.map(mapping).astype("string")


def close_matches(queries: list[str], known: list[str], cutoff: float) -> dict[str, str | None]:
    """``difflib.get_close_matches(q, known, n=1, cutoff=cutoff)`` of each query, faster.

    The upper bound that difflib itself tries first (``quick_ratio``: shared characters,
    counted with repeats) is computed for all pairs at once in numpy; difflib then runs only
    on the names that pass it, so the result is the same as difflib's on the full list.
    """
    if not queries or not known:
        return {q: None for q in queries}
    alphabet = {ch: i for i, ch in enumerate(sorted(set("".join(queries + known))))}

    def counts(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(alphabet)), dtype=np.int32)
        for row, text in enumerate(texts):
            chars, n = np.unique([alphabet[ch] for ch in text], return_counts=True)
            out[row, chars.astype(int)] = n
        return out

    known_counts, known_lengths = counts(known), np.array([len(k) for k in known])
    query_counts = counts(queries)
    out = {}
    for start in range(0, len(queries), 256):
        shared = np.minimum(query_counts[start:start + 256, None, :],
                            known_counts[None, :, :]).sum(axis=2)
        for row, query in enumerate(queries[start:start + 256]):
            bound = 2.0 * shared[row] / (len(query) + known_lengths)
            candidates = [known[i] for i in np.flatnonzero(bound >= cutoff - 1e-9)]
            close = difflib.get_close_matches(query, candidates, n=1, cutoff=cutoff)
            out[query] = close[0] if close else None
    return out


# -------------------------------------------------------------------------------------- dates
@on_uniques
def parse_tanggal(values: pd.Series, dayfirst: bool = True) -> pd.Series:
    """Parse dates as they appear in Indonesian exports.

    Accepts datetime cells, Excel serial numbers (days since 1899-12-30), ISO dates,
    ``dd/mm/yyyy`` (``dayfirst``), ``yyyy/mm/dd``, optional times and a "GMT+7"/"WIB" suffix,
    and Indonesian or English month names or abbreviations ("3 Maret 2025", "12 Agt 2024",
    "5 Nopember 2023", "17-Des-2024"), with or without a weekday in front ("Senin, 3 Maret
    2025").

    Returns
    -------
    Series of datetime64 (time of day kept), NaT where unreadable.
    """
    raw = pd.Series(values, copy=False)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(raw):
        return pd.to_datetime(raw, errors="coerce").astype("datetime64[ns]")
    native = pd.Series(False, index=raw.index)
    if raw.dtype == object:  # cells of a workbook: datetimes next to text
        native = raw.map(lambda v: isinstance(v, pd.Timestamp | np.datetime64)
                         or hasattr(v, "isoformat"), na_action="ignore").eq(True)
    if native.any():
        out[native] = pd.to_datetime(raw[native], errors="coerce")

    text = _text(raw.where(~native)).str.lower()
    number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    serial = number.between(1, 80000) & text.str.fullmatch(r"\d{1,5}([.,]\d+)?", na=False)
    out[serial] = _EXCEL_EPOCH + pd.to_timedelta(number[serial], unit="D")

    text = text.where(~serial).str.replace(
        r"\s*(?:gmt|utc)\s*[+-]\d{1,2}(?::?\d{2})?$|(?<=\d:\d\d)\s*[+-]\d{2}:?\d{2}$|\s*wib$",
        "", regex=True)
    text = text.str.replace(  # a weekday in front: "Senin, 3 Maret 2025", "Mon 3 Mar 2025"
        r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|mon|tue|wed|thu|fri|sat|sun)"
        r"[a-z]*\.?,?\s+", "", regex=True)
    for month, names in _MONTHS.items():
        text = text.str.replace(rf"(?<![a-z])({names})[a-z]*\.?(?![a-z])", f"/{month}/",
                                regex=True)
    text = text.str.replace(r"\s*[/\-.]\s*|\s+(?=\d{1,2}:\d)|(?<=\d)\s+(?=\d)", "/",
                            regex=True).str.replace(r"/+", "/", regex=True).str.strip("/ ")
    text = text.str.replace(r"/(\d{1,2}:)", r" \1", regex=True)
    first = ["%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%y"]
    if not dayfirst:
        first = [f.replace("%d/%m", "%m/%d") for f in first]
    for fmt in (*first, "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"):
        todo = out.isna() & text.notna()
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


# ------------------------------------------------------------------------- other categories
def _by_pattern(values: pd.Series, patterns: list[tuple[str, str]]) -> pd.Series:
    key = _key(values)
    out = pd.Series(pd.NA, index=key.index, dtype="string")
    for pattern, label in patterns:  # first matching pattern wins
        pattern = re.sub(r"\((?!\?)", "(?:", pattern)
        out = out.mask(out.isna() & key.str.contains(pattern, regex=True, na=False), label)
    return out


@on_uniques
def normalize_pendidikan(values: pd.Series) -> pd.Series:
    """Education level as an ordered categorical SD < SMP < SMA < D1 < D2 < D3 < S1/D4 < S2 < S3.

    Reads short forms ("S1", "D-III", "SMK") and the names of SIASN's TINGKAT PENDIDIKAN
    ("S-1/Sarjana", "Diploma IV", "Diploma III/Sarjana Muda", "SLTA Kejuruan", "SLTP", "SD").
    """
    out = _by_pattern(values, [
        (r"\b(s ?3|strata ?3|strata iii|doktor|dr)\b|^s-3", "S3"),
        (r"\b(s ?2|strata ?2|strata ii|magister|master|pasca ?sarjana)\b|^s-2", "S2"),
        # SIASN: "Diploma III/Sarjana Muda" is a D3, not a Sarjana
        (r"\b(sarjana muda|diploma iii|diploma 3)\b|^d-iii|^d-3", "D3"),
        (r"\b(s ?1|strata ?1|strata i|d ?iv|d ?4|diploma iv|diploma 4|sarjana)\b|^s-1|^d-iv|^d-4",
         "S1/D4"),
        (r"\b(d ?iii|d ?3|diploma iii|diploma 3)\b|^d-iii|^d-3", "D3"),
        (r"\b(d ?ii|d ?2|diploma ii|diploma 2)\b|^d-ii|^d-2", "D2"),
        (r"\b(d ?i|d ?1|diploma i|diploma 1)\b|^d-i|^d-1", "D1"),
        (r"\b(sma|smu|smk|slta|sma/smk|ma|smea|stm|spk|sekolah menengah atas)\b", "SMA"),
        (r"\b(smp|sltp|mts|sekolah menengah pertama)\b", "SMP"),
        (r"\b(sd|mi|sekolah dasar)\b", "SD"),
    ])
    return pd.Series(pd.Categorical(out, categories=PENDIDIKAN_ORDER, ordered=True),
                     index=out.index)


@on_uniques
def normalize_jenis_jabatan(values: pd.Series) -> pd.Series:
    """JPT, Administrator, Pengawas, Fungsional or Pelaksana (UU 20/2023)."""
    return _by_pattern(values, [
        (r"pimpinan tinggi|\bjpt\b|eselon i{1,2}\b", "JPT"),
        (r"administrator|eselon iii", "Administrator"),
        (r"pengawas|eselon iv", "Pengawas"),
        (r"fungsional umum|\bjfu\b|pelaksana", "Pelaksana"),
        (r"fungsional|\bjft\b|\bjf\b", "Fungsional"),
    ])


@on_uniques
def normalize_status_asn(values: pd.Series) -> pd.Series:
    """"PNS" (CPNS counted as PNS), "PPPK" (also "P3K") or "PPPK Paruh Waktu".

    Part-time PPPK (KepmenPANRB 16/2025) are told by "paruh waktu" or "PPPK PW"/"P3K PW"
    (assumption A-STS-1); SIASN's JENIS PEGAWAI NAMA ("PNS Daerah Kab/Kota", "PPPK") reads
    too.
    """
    return _by_pattern(values, [(r"paruh ?waktu|\b(pppk|p3k)[ -]?pw\b", "PPPK Paruh Waktu"),
                                (r"pppk|p3k|perjanjian kerja", "PPPK"),
                                (r"\bc?pns\b|pegawai negeri", "PNS")])


@on_uniques
def normalize_jenis_kelamin(values: pd.Series) -> pd.Series:
    """"L" or "P" from L/P, Laki-laki/Perempuan, Pria/Wanita, 1/2, M/F (SIASN), Male/Female."""
    return _by_pattern(values, [(r"^(l|laki|laki laki|pria|1|m|male)$|^laki", "L"),
                                (r"^(p|perempuan|wanita|2|f|female)$", "P")])


@on_uniques
def normalize_predikat(values: pd.Series) -> pd.Series:
    """SKP predikat of PermenPANRB 6/2022 as an ordered categorical; old-regime words are <NA>."""
    out = _by_pattern(values, [
        (r"^sangat baik$", "Sangat Baik"),
        (r"^baik$", "Baik"),
        (r"^butuh perbaikan$", "Butuh Perbaikan"),
        (r"^sangat kurang$", "Sangat Kurang"),
        (r"^(kurang|kurang ?/ ?misconduct|kurang misconduct|misconduct)$", "Kurang"),
    ])
    return pd.Series(pd.Categorical(out, categories=PREDIKAT_ORDER, ordered=True),
                     index=out.index)


@on_uniques
def normalize_tingkat_hukuman(values: pd.Series) -> pd.Series:
    """Discipline sanction level "ringan", "sedang" or "berat" from a level, its code (R/S/B)
    or the sanction's name under PP 94/2021 Pasal 8 or PP 53/2010 Pasal 7
    (``reference/hukuman_disiplin.csv``, first matching row wins); <NA> where none matches,
    e.g. "penurunan pangkat" without its length (1 year sedang, 3 years berat).

    >>> normalize_tingkat_hukuman(pd.Series(["R", "Penundaan kenaikan gaji berkala selama 1 "
    ...     "tahun", "Pembebasan dari jabatan", "Penurunan pangkat"])).tolist()
    ['ringan', 'sedang', 'berat', <NA>]
    """
    rules = reference.load("hukuman_disiplin")
    return _by_pattern(values, list(zip(rules.pola, rules.tingkat, strict=True)))


@on_uniques
def normalize_kompetensi(values: pd.Series, cutoff: float = 0.85) -> pd.DataFrame:
    """Match competency names to ``reference/kompetensi_standar.csv``.

    Returns
    -------
    DataFrame with ``kompetensi`` (canonical name or <NA>) and ``kelompok``.
    """
    ref = reference.load("kompetensi_standar")
    ref_keys = dict(zip(_key(ref.kompetensi).str.replace(" ", ""), ref.kompetensi, strict=True))
    key = _key(values).str.replace(" ", "", regex=False)
    mapping = {unique: ref_keys[close] if close is not None else None for unique, close in
               close_matches(list(key.dropna().unique()), list(ref_keys), cutoff).items()}
    name = key.map(mapping).astype("string")
    group = name.map(dict(zip(ref.kompetensi, ref.kelompok, strict=True))).astype("string")
    return pd.DataFrame({"kompetensi": name, "kelompok": group}, index=key.index)


@on_uniques
def parse_number(values: pd.Series, unit: str | None = None) -> pd.Series:
    """Numbers written with a decimal comma ("24,5") or point, thousands "1.234,5"; Float64.

    ``unit`` is a regular expression of a unit that may follow the number ("40 JP"); it is
    removed (case-insensitive) before reading.

    >>> parse_number(pd.Series(["24,5", "40 JP", "1.234,5"]), unit=r"jp").tolist()
    [24.5, 40.0, 1234.5]
    """
    raw = pd.Series(values, copy=False)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype("Float64")
    text = _text(raw)
    if unit:
        text = text.str.replace(rf"(?i)\s*(?:{unit})\.?$", "", regex=True)
    text = text.str.replace(r"\s", "", regex=True)
    comma = text.str.contains(",", regex=False, na=False)
    text = text.mask(comma, text.str.replace(".", "", regex=False).str.replace(",", ".",
                                                                                regex=False))
    return pd.to_numeric(text, errors="coerce").astype("Float64")
