"""The person-year performance panel behind the effect analysis (notebook 05).

One row per ASN (``pid``) and rating year (``tahun``) with the SKP predikat as an ordered score,
the programme cohort of the person and fixed baseline traits for subgroups and clustering.
Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from kompetensi import reference
from kompetensi.core import config
from kompetensi.core.bands import age_band
from kompetensi.core.errors import DataError
from kompetensi.core.errors import require_columns as _require
from kompetensi.impact.core import rounded_table
from kompetensi.privacy.disclosure import suppress_small_cells

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


def stack_cycles(tables: Mapping[int, Mapping[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    """One processed table of every cycle, stacked (the input of :func:`performance_panel`).

    Parameters
    ----------
    tables : mapping
        Cycle -> that cycle's processed tables (name -> DataFrame).
    name : str
        The table, e.g. ``"kinerja"``.

    Returns
    -------
    DataFrame
        The cycles' rows in the order of ``tables``, with a new range index.

    Raises
    ------
    DataError
        No cycle has the table.

    Examples
    --------
    >>> tables = {2024: {"kinerja": pd.DataFrame({"pid": ["a"]})},
    ...           2025: {"kinerja": pd.DataFrame({"pid": ["b"]}), "pegawai": pd.DataFrame()}}
    >>> stack_cycles(tables, "kinerja")["pid"].tolist()
    ['a', 'b']
    >>> stack_cycles(tables, "pelatihan")
    Traceback (most recent call last):
    ...
    kompetensi.core.errors.DataError: tabel olahan 'pelatihan' tidak ada di siklus mana pun \
([2024, 2025]); analisis dampak membutuhkan kinerja, pelatihan, dan pegawai
    """
    frames = [t[name] for t in tables.values() if name in t]
    if not frames:
        raise DataError(f"tabel olahan '{name}' tidak ada di siklus mana pun ({list(tables)}); "
                        "analisis dampak membutuhkan kinerja, pelatihan, dan pegawai")
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class PanelFacts:
    """What a person-year panel holds: its years, the programme cohorts and their sizes."""

    years: list
    cohorts: list[str]
    participants: dict[str, int] = field(default_factory=dict)
    without_opd: int = 0


def describe_panel(panel: pd.DataFrame) -> PanelFacts:
    """The years, cohorts (sorted, without the never treated), rated participants per cohort
    and the number of people without a roster row (no OPD) of a :func:`performance_panel`.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": ["a", "a", "b", "c"], "tahun": [2024, 2025, 2025, 2025],
    ...                   "kohort": ["2025", "2025", NOT_TREATED, "2024"],
    ...                   "opd": ["X", "X", None, "Y"]})
    >>> f = describe_panel(p)
    >>> [int(t) for t in f.years], f.cohorts, f.participants, f.without_opd
    ([2024, 2025], ['2024', '2025'], {'2024': 1, '2025': 1}, 1)
    """
    cohorts = sorted(k for k in panel["kohort"].unique() if k != NOT_TREATED)
    return PanelFacts(
        years=sorted(panel["tahun"].unique()),
        cohorts=cohorts,
        participants={k: int(panel.loc[panel["kohort"] == k, "pid"].nunique()) for k in cohorts},
        without_opd=int(panel.loc[panel["opd"].isna(), "pid"].nunique()))


def cohort_year_table(panel: pd.DataFrame, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """People, mean score and percent Sangat Baik per cohort and year, for publication.

    Parameters
    ----------
    panel : DataFrame
        A :func:`performance_panel`.
    k : int
        Smallest publishable group: the means of smaller groups are blanked, their counts
        suppressed (:func:`~kompetensi.privacy.disclosure.suppress_small_cells`).

    Returns
    -------
    DataFrame
        Index ``kohort, tahun``; columns ``n``, ``rerata_skor``, ``persen_sangat_baik``
        (0-100), rounded to 2 decimals.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": list("abcdefg"), "kohort": ["2024"] * 5 + [NOT_TREATED] * 2,
    ...                   "tahun": 2024, "skor": [4.0, 5, 4, 4, 5, 3, 4],
    ...                   "sangat_baik": [0.0, 1, 0, 0, 1, 0, 0]})
    >>> cohort_year_table(p).reset_index().to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'kohort': ['2024', 'tidak/belum ikut'], 'tahun': [2024, 2024], 'n': [5, None],
     'rerata_skor': [4.4, nan], 'persen_sangat_baik': [40.0, nan]}
    """
    table = (panel.groupby(["kohort", "tahun"], observed=True)
             .agg(n=("pid", "nunique"), rerata_skor=("skor", "mean"),
                  persen_sangat_baik=("sangat_baik", "mean")))
    table["persen_sangat_baik"] *= 100
    table[["rerata_skor", "persen_sangat_baik"]] = table[
        ["rerata_skor", "persen_sangat_baik"]].mask(table["n"] < k)
    return suppress_small_cells(rounded_table(table, 2), k=k, columns=["n"])


def score_changes(panel: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year score changes of the never treated in the panel's last year (with OPD).

    The outcome of the next evaluation with the same DiD design: the rows of people rated in
    the last year and the year before, without training, with ``perubahan`` = score minus the
    score of the year before; people without OPD are left out.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": ["a", "a", "b", "b", "c"], "tahun": [2024, 2025] * 2 + [2025],
    ...                   "skor": [4.0, 5, 3, 3, 4], "kohort": NOT_TREATED,
    ...                   "opd": ["X", "X", "Y", "Y", "Y"]})
    >>> score_changes(p)[["pid", "perubahan"]].to_dict("list")
    {'pid': ['a', 'b'], 'perubahan': [1.0, 0.0]}
    """
    ordered = panel.sort_values(["pid", "tahun"])
    before = ordered.groupby("pid")[["tahun", "skor"]].shift()
    changes = ordered.assign(perubahan=ordered["skor"] - before["skor"])[
        (ordered["tahun"] - before["tahun"] == 1) & (ordered["kohort"] == NOT_TREATED)]
    return changes[changes["tahun"] == changes["tahun"].max()].dropna(subset=["opd"])
