"""The person-year performance panel behind the effect analysis (notebook 05).

One row per ASN (``pid``) and rating year (``tahun``) with the SKP predikat as an ordered score,
the programme cohort of the person and fixed baseline traits for subgroups and clustering.
Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kompetensi import reference
from kompetensi.core.bands import age_band
from kompetensi.core.errors import require_columns as _require

NOT_TREATED = "tidak/belum ikut"


def predikat_scores() -> pd.DataFrame:
    """Reference table ``skor_predikat``: ordered score 1-5 and the Sangat Baik flag.

    The order of the predikat is confirmed (PermenPANRB 6/2022); the equal-interval score is an
    assumption (U, A-SKP-2 in docs/asumsi.md): override by passing your own table to
    :func:`performance_panel`.
    """
    table = reference.load("skor_predikat")
    table["skor"] = table["skor"].astype("float64")
    table["sangat_baik"] = table["sangat_baik"].astype("float64")
    return table


def performance_panel(kinerja: pd.DataFrame, pelatihan: pd.DataFrame, pegawai: pd.DataFrame,
                      program: str, *, onset_lag: int = 0,
                      age_edges: Sequence[int] = (30, 40, 50),
                      scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Person-year panel of SKP ratings with the cohorts of one programme.

    Parameters
    ----------
    kinerja : DataFrame
        Processed ``kinerja`` of every cycle, concatenated (``pid, siklus, tahun, predikat``).
        A person-year present in several cycles' files is kept once, from the latest cycle
        (a later file corrects an earlier one); the number dropped is in
        ``result.attrs["duplikat_pid_tahun"]``. Rows without predikat are left out.
    pelatihan : DataFrame
        Processed ``pelatihan`` of every cycle (``pid, siklus, tanggal_mulai, program``).
    pegawai : DataFrame
        Processed ``pegawai`` of every cycle (``pid, siklus, usia, jenis_jabatan, opd``).
    program : str
        Programme code in ``pelatihan.program`` (e.g. ``"PSIM"``).
    onset_lag : int
        Years from the training year to the first rating counted as treated (0: the rating of
        the training year, given at the end of that year, counts; assumption A-DMP-1).
    age_edges : sequence of int
        Edges of the age bands (:func:`age_band`).
    scores : DataFrame, optional
        Columns ``predikat, skor, sangat_baik``; default :func:`predikat_scores`.

    Returns
    -------
    DataFrame
        Sorted by ``pid, tahun``; columns ``pid, tahun, siklus, predikat, skor`` (float 1-5),
        ``sangat_baik`` (0/1), ``tahun_pelatihan`` (year of the person's first activity of the
        programme: ``tanggal_mulai``, else the cycle; NaN if never), ``tahun_perlakuan``
        (``tahun_pelatihan + onset_lag``), ``dilatih`` (0/1: rated in or after
        ``tahun_perlakuan``), ``kohort`` (the training year as text, or "tidak/belum ikut"),
        and baseline traits from the person's earliest roster row: ``siklus_awal``,
        ``jenis_jabatan``, ``usia_awal``, ``kelompok_usia``, ``opd`` (fixed per person, so
        people nest in OPD clusters).

    Raises
    ------
    ValueError
        Missing columns, or predikat values that ``scores`` does not list.

    Examples
    --------
    >>> kin = pd.DataFrame({"pid": ["a", "a", "b"], "siklus": [2024, 2024, 2024],
    ...                     "tahun": [2023, 2024, 2024], "predikat": ["Baik", "Sangat Baik", "Baik"]})
    >>> pel = pd.DataFrame({"pid": ["a"], "siklus": [2024],
    ...                     "tanggal_mulai": pd.to_datetime(["2024-03-04"]), "program": ["PSIM"]})
    >>> peg = pd.DataFrame({"pid": ["a", "b"], "siklus": [2024, 2024], "usia": [41, 29],
    ...                     "jenis_jabatan": ["Pengawas", "Pelaksana"], "opd": ["X", "Y"]})
    >>> performance_panel(kin, pel, peg, "PSIM")[["pid", "tahun", "skor", "dilatih"]]
      pid  tahun  skor  dilatih
    0   a   2023   4.0      0.0
    1   a   2024   5.0      1.0
    2   b   2024   4.0      0.0
    """
    _require(kinerja, ("pid", "siklus", "tahun", "predikat"), "kinerja")
    _require(pelatihan, ("pid", "siklus", "tanggal_mulai", "program"), "pelatihan")
    _require(pegawai, ("pid", "siklus", "usia", "jenis_jabatan", "opd"), "pegawai")
    scores = predikat_scores() if scores is None else scores
    _require(scores, ("predikat", "skor", "sangat_baik"), "scores")

    kin = kinerja.loc[kinerja["predikat"].notna() & kinerja["pid"].notna(),
                      ["pid", "siklus", "tahun", "predikat"]].copy()
    kin["predikat"] = kin["predikat"].astype("string")
    kin["tahun"] = kin["tahun"].astype("int64")
    kin = kin.sort_values(["siklus"], kind="stable")
    duplicated = int(kin.duplicated(["pid", "tahun"], keep="last").sum())
    kin = kin.drop_duplicates(["pid", "tahun"], keep="last")
    unknown = sorted(set(kin["predikat"]) - set(scores["predikat"]))
    if unknown:
        raise ValueError(f"predikat without a score: {', '.join(unknown)} "
                         f"(known: {', '.join(scores['predikat'])})")
    lookup = scores.set_index("predikat")
    kin["skor"] = kin["predikat"].map(lookup["skor"]).astype("float64")
    kin["sangat_baik"] = kin["predikat"].map(lookup["sangat_baik"]).astype("float64")

    courses = pelatihan.loc[pelatihan["program"].astype("string") == program]
    year = courses["tanggal_mulai"].dt.year.astype("Float64").fillna(
        courses["siklus"].astype("Float64"))
    first = year.groupby(courses["pid"]).min().astype("float64").rename("tahun_pelatihan")

    roster = pegawai.sort_values("siklus", kind="stable").drop_duplicates("pid", keep="first")
    baseline = pd.DataFrame({
        "pid": roster["pid"],
        "siklus_awal": roster["siklus"].astype("int64"),
        "jenis_jabatan": roster["jenis_jabatan"].astype("string"),
        "usia_awal": pd.to_numeric(roster["usia"], errors="coerce").astype("float64"),
        "opd": roster["opd"].astype("string"),
    })
    baseline["kelompok_usia"] = age_band(baseline["usia_awal"], age_edges)

    panel = kin.merge(first, left_on="pid", right_index=True, how="left")
    panel["tahun_perlakuan"] = panel["tahun_pelatihan"] + float(onset_lag)
    panel["dilatih"] = (panel["tahun"] >= panel["tahun_perlakuan"]).astype("float64")
    panel["kohort"] = (panel["tahun_pelatihan"].astype("Int64").astype("string")
                       .fillna(NOT_TREATED))
    panel = panel.merge(baseline, on="pid", how="left")
    panel = panel.sort_values(["pid", "tahun"], ignore_index=True)
    panel.attrs["duplikat_pid_tahun"] = duplicated
    return panel
