"""Answers of respondents: Likert words and numbers, and pairwise (Saaty) judgments."""

from __future__ import annotations

import pandas as pd

from kompetensi import reference
from kompetensi.clean.normalize import _key, _text
from kompetensi.core.uniques import on_uniques


@on_uniques
def parse_likert(values: pd.Series, labels: pd.DataFrame | None = None) -> pd.Series:
    """Likert answers to scores 1-5.

    Reads words ("Sangat Setuju", "tidak setuju", "Ragu-ragu"), abbreviations (SS/S/N/TS/STS)
    from ``reference/likert.csv`` (or ``labels`` with columns ``label``, ``skor``), digits 1-5
    and "4 - Setuju". Reverse-worded items are *not* reversed here (the codebook marks them).

    Returns
    -------
    Series of Int64, <NA> for blanks and for values that are not a Likert answer (tell them
    apart with ``values.isna()``).
    """
    table = reference.load("likert") if labels is None else labels
    words = dict(zip(_key(table["label"]), table["skor"].astype(int), strict=True))
    key = _key(values).str.replace("-", " ", regex=False).str.replace(r"\s+", " ", regex=True)
    words.update({k.replace("-", " "): v for k, v in words.items()})
    digit = key.str.extract(r"^([1-5])(?:\s.*)?$")[0]
    score = pd.to_numeric(digit, errors="coerce").astype("Float64")
    score = score.fillna(key.map(words).astype("Float64"))
    return score.astype("Int64")


@on_uniques
def parse_saaty(values: pd.Series) -> pd.Series:
    """Pairwise judgments to the Saaty value of "A over B".

    "A lebih penting (5)" -> 5, "B lebih penting (3)" -> 1/3, "Sama penting" -> 1; plain
    numbers ("5", "1/3", "0,333") are read as A over B. Values outside 1/9 … 9 are <NA>.

    Returns
    -------
    Series of Float64.
    """
    key = _text(values).str.lower().str.replace(",", ".", regex=False)
    number = pd.to_numeric(key.str.extract(r"(\d+(?:\.\d+)?)")[0], errors="coerce")
    fraction = key.str.extract(r"^1\s*/\s*(\d)$")[0].astype("Float64")
    b_side = key.str.contains(r"^b\b|\bb lebih|kriteria b", regex=True, na=False)
    equal = key.str.contains(r"sama", regex=False, na=False)
    value = number.astype("Float64").where(~b_side, 1 / number)
    value = value.mask(fraction.notna(), 1 / fraction).mask(equal, 1.0)
    plausible = (value >= 1 / 9 - 1e-9) & (value <= 9 + 1e-9)
    return value.where(plausible).astype("Float64")
