"""Learning (Kirkpatrick level 2) tables: the pre/post test of one programme.

Table builders on top of :func:`~kompetensi.evaluation.learning.paired_change`: the summary
of the whole programme, the change per group of participants and the group means for the
figure. Pure: DataFrames in, DataFrames out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from kompetensi.core import config
from kompetensi.evaluation.learning import PairedChange, mean_ci, paired_change_table

GROUPS = {"jenis_jabatan": "Jenis jabatan", "status_asn": "Status ASN",
          "jenis_kelamin": "Jenis kelamin"}
"""Groups of participants for the change per group: column of ``pegawai`` → label (statuses
as written: PPPK paruh waktu is a group of its own, ``kompetensi.core.vocab.STATUS_ASN``)."""


def change_summary(res: PairedChange, p_text: Callable[[float], str],
                   k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """The pre/post change of a programme as one column ``nilai`` indexed by ``ukuran``.

    Parameters
    ----------
    res : PairedChange
        :func:`~kompetensi.evaluation.learning.paired_change` of the test scores.
    p_text : callable
        Writes a p-value as text (the report's ``format.p_text``).
    k : int
        With fewer than ``k`` pairs every value is blanked (None).

    Returns
    -------
    DataFrame
        Object column ``nilai``: n, means, change and its interval, sd, t, df (2 decimals),
        the p-values as text, d_z (2 decimals), Hake's gain and the share improved (3).

    Examples
    --------
    >>> from kompetensi.evaluation.learning import paired_change
    >>> res = paired_change([50, 60, 70, 40, 55], [60, 75, 72, 52, 55], max_score=100)
    >>> t = change_summary(res, p_text=lambda p: f"{p:.3f}")
    >>> t.loc["Rerata peningkatan (akhir - awal)", "nilai"], t["nilai"].iloc[0]
    (7.8, 5)
    >>> bool(change_summary(res, p_text=str, k=10)["nilai"].isna().all())
    True
    """
    values = {
        "Pasangan skor lengkap (n)": res.n,
        "Rerata skor awal": round(res.mean_pre, 2),
        "Rerata skor akhir": round(res.mean_post, 2),
        "Rerata peningkatan (akhir - awal)": round(res.mean_diff, 2),
        "IK 95% peningkatan, batas bawah": round(res.ci_low, 2),
        "IK 95% peningkatan, batas atas": round(res.ci_high, 2),
        "Simpangan baku peningkatan": round(res.sd_diff, 2),
        "t (uji-t berpasangan)": round(res.t, 2),
        "Derajat bebas": res.df,
        "p (uji-t berpasangan)": p_text(res.p_value),
        "p (uji peringkat bertanda Wilcoxon)": p_text(res.wilcoxon_p),
        "d_z Cohen": round(res.cohen_dz, 2),
        "Gain ternormalisasi (Hake)": round(res.normalized_gain, 3),
        "Proporsi peserta yang skornya naik": round(res.share_improved, 3),
    }
    table = pd.Series(values, dtype=object, name="nilai").rename_axis("ukuran").to_frame()
    if res.n < k:
        table["nilai"] = None
    return table


def with_staff(test: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Test rows with the participant's ``jenis_jabatan``, ``status_asn``, ``jenis_kelamin``.

    A left join on ``pid``: a participant absent from ``staff`` keeps missing groups.

    Examples
    --------
    >>> test = pd.DataFrame({"pid": [1, 2], "skor_pre": [50, 60]})
    >>> staff = pd.DataFrame({"pid": [1], "jenis_jabatan": ["JF"], "status_asn": ["PNS"],
    ...                       "jenis_kelamin": ["P"], "nama": ["x"]})
    >>> with_staff(test, staff)["jenis_jabatan"].tolist()
    ['JF', nan]
    """
    return test.merge(staff[["pid", *GROUPS]], on="pid", how="left")


def group_change(test: pd.DataFrame, groups: Mapping[str, str] = GROUPS,
                 **kwargs) -> pd.DataFrame:
    """:func:`~kompetensi.evaluation.learning.paired_change_table` for each grouping column.

    Parameters
    ----------
    test : DataFrame
        Test rows with the grouping columns (:func:`with_staff`).
    groups : mapping
        Column → label; the label becomes the first index level ``kelompok``.
    **kwargs
        Passed on (``max_score``, ...).

    Returns
    -------
    DataFrame
        Indexed ``(kelompok, nilai)``; the columns of ``paired_change_table`` without ``p_t``.

    Examples
    --------
    >>> test = pd.DataFrame({"g": ["a", "a", "b"], "skor_pre": [50, 60, 40],
    ...                      "skor_post": [60, 75, 45]})
    >>> group_change(test, {"g": "Kelompok"})["selisih"].tolist()
    [12.5, nan]
    """
    parts = []
    for column, label in groups.items():
        part = paired_change_table(test.astype({column: "string"}), column, **kwargs)
        part.index = pd.MultiIndex.from_product([[label], part.index], names=["kelompok", "nilai"])
        parts.append(part)
    return pd.concat(parts).drop(columns=["p_t"])


def group_means(test: pd.DataFrame, column: str = "jenis_jabatan",
                everyone: str = "Semua peserta", k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Mean pre and post score (95% t interval) of all participants and of each group.

    Parameters
    ----------
    test : DataFrame
        Test rows with ``skor_pre``, ``skor_post`` and ``column``.
    column : str
        Grouping column; rows where it is missing count only for ``everyone``.
    everyone : str
        Name of the first group, all participants.
    k : int
        Groups with fewer than ``k`` complete pairs are left out.

    Returns
    -------
    DataFrame
        One row per group and moment: ``kelompok``, ``saat`` ("awal"/"akhir"), ``rerata``,
        ``bawah``, ``atas``, ``n`` (complete pairs); groups in order of appearance.

    Examples
    --------
    >>> test = pd.DataFrame({"jenis_jabatan": ["A"] * 5 + ["B"], "skor_pre": [50.0] * 6,
    ...                      "skor_post": [60.0, 62, 64, 66, 68, 70]})
    >>> means = group_means(test)
    >>> means["kelompok"].unique().tolist(), means.loc[1, "rerata"], means.loc[1, "n"]
    (['Semua peserta', 'A'], np.float64(65.0), np.int64(6))
    """
    everybody = test.assign(**{column: everyone})
    data = pd.concat([everybody, test.dropna(subset=[column])])
    rows = []
    for name, group in data.groupby(data[column].astype(str), sort=False):
        pair = group[["skor_pre", "skor_post"]].dropna()
        if len(pair) < k:
            continue
        for when, score in (("awal", "skor_pre"), ("akhir", "skor_post")):
            mean, low, high = mean_ci(pair[score])
            rows.append({"kelompok": name, "saat": when, "rerata": mean, "bawah": low,
                         "atas": high, "n": len(pair)})
    return pd.DataFrame(rows)
