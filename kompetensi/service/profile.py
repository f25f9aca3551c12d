"""Who answered the survey: the respondents' profile, with small cells suppressed.

The profile fields (sex, age group, education, occupation) are the only personal data of the
SKM; they are published only as counts per category of one field at a time, each count of
1 .. k-1 respondents blanked together with its complement in the field's column (its total is
the number of respondents, A-SKM-47).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.privacy.disclosure import suppress_small_cells

AGE_EDGES = (25, 35, 45, 55)
FIELDS = {"jenis_kelamin": "Jenis kelamin", "kelompok_usia": "Kelompok usia",
          "pendidikan": "Pendidikan", "pekerjaan": "Pekerjaan"}
MISSING = "tidak diisi"


def age_groups(usia: pd.Series, edges: Sequence[int] = AGE_EDGES) -> pd.Series:
    """Age in whole years as ordered groups "< 25", "25-34", ..., ">= 55" (NaN when missing).

    >>> age_groups(pd.Series([19, 25, 54, 70, None], dtype="Int64")).tolist()
    ['< 25', '25-34', '45-54', '>= 55', nan]
    """
    bins = [-np.inf, *edges, np.inf]
    labels = [f"< {edges[0]}",
              *[f"{a}-{b - 1}" for a, b in zip(edges[:-1], edges[1:], strict=True)],
              f">= {edges[-1]}"]
    return pd.cut(usia.astype("float64"), bins=bins, labels=labels, right=False)


def respondent_profile(skm: pd.DataFrame, k: int = config.SUPPRESSION_K,
                       edges: Sequence[int] = AGE_EDGES) -> pd.DataFrame:
    """Respondents per category of each profile field, small counts suppressed.

    Parameters
    ----------
    skm : pandas.DataFrame
        Respondents (``jenis_kelamin``, ``usia``, ``pendidikan``, ``pekerjaan``; a missing
        field is skipped).
    k : int
        Smallest count published (:func:`kompetensi.privacy.disclosure.suppress_small_cells`
        with the column total published).
    edges : sequence of int
        Lower limits of the age groups after the first.

    Returns
    -------
    pandas.DataFrame
        ``karakteristik``, ``kategori`` (blank answers as "tidak diisi"), ``responden``
        (<NA> when suppressed) and ``persen`` (of the field's respondents; NaN when
        suppressed).

    Examples
    --------
    >>> skm = pd.DataFrame({"jenis_kelamin": ["L"] * 8 + ["P"] * 2})
    >>> respondent_profile(skm)[["kategori", "responden"]].values.tolist()
    [['L', <NA>], ['P', <NA>]]
    """
    frame = skm.copy()
    if "usia" in frame:
        frame["kelompok_usia"] = age_groups(frame["usia"], edges)
    parts = []
    for field, label in FIELDS.items():
        if field not in frame:
            continue
        values = frame[field].astype("string")
        order = (list(frame[field].cat.categories) if field == "kelompok_usia"
                 else sorted(values.dropna().unique()))
        counts = values.fillna(MISSING).value_counts().reindex([*order, MISSING], fill_value=0)
        counts = counts[counts > 0]
        block = pd.DataFrame({"karakteristik": label, "kategori": counts.index.astype(str),
                              "responden": counts.to_numpy(dtype="int64")})
        shown = suppress_small_cells(block, k=k, columns=["responden"], margins="columns")
        shown["persen"] = (100.0 * shown["responden"].astype("float64")
                           / float(counts.sum())).round(1)
        parts.append(shown)
    if not parts:
        return pd.DataFrame(columns=["karakteristik", "kategori", "responden", "persen"])
    return pd.concat(parts, ignore_index=True)
