"""Training needs: competency gaps, Job Person Match (JPM) and the 9-box talent matrix.

Rules (DOMAIN.md sections 4-5) are reference data, each overridable by a parameter:

- ``reference/jpm_kategori.csv``: JPM bands (>= 80 Memenuhi Syarat, 68 to < 80 Masih Memenuhi
  Syarat, < 68 Kurang Memenuhi Syarat; one 2020 rule, C);
- ``reference/kotak_talenta.csv``: box 1-9 of each kinerja x potensi cell (PermenPANRB 3/2020,
  C2);
- ``reference/kinerja_talenta.csv``: 2022 SKP predikat onto the 3-level kinerja axis (U);
- ``reference/level_standar_bawaan.csv``: default required level per post (generic ladder, U);
  the standard in the assessment file always wins.

All functions are pure and vectorized; levels are cast to float64 before any arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from kompetensi import reference
from kompetensi.core.errors import require_columns as _require
from kompetensi.needs.jpm_bands import (  # noqa: F401 - part of the needs API
    DEFAULT_JPM_SCHEME,
    JPM_SCHEMES,
    jpm_bands,
    jpm_category,
)
from kompetensi.needs.talent import (  # noqa: F401 - part of the needs API
    KINERJA_LEVELS,
    POTENSI_LEVELS,
    performance_level,
    talent_box,
    talent_grid,
)

_LEVEL_COLUMNS = ("level_capaian", "level_standar")


def _levels(asesmen: pd.DataFrame) -> pd.DataFrame:
    """Achieved and required levels as float64 (NaN = missing); out-of-range levels raise."""
    out = pd.DataFrame({c: pd.to_numeric(asesmen[c], errors="coerce").astype("float64")
                        for c in _LEVEL_COLUMNS}, index=asesmen.index)
    for column in _LEVEL_COLUMNS:
        bad = out[column].notna() & ~out[column].between(1, 5)
        unreadable = out[column].isna() & asesmen[column].notna()
        if bad.any() or unreadable.any():
            example = asesmen.loc[bad | unreadable, column].iloc[0]
            raise ValueError(f"{column}: level harus bilangan 1-5; ditemukan {example!r} "
                             f"pada {int((bad | unreadable).sum())} baris")
    return out


def fill_required_levels(asesmen: pd.DataFrame, pegawai: pd.DataFrame,
                         ladder: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fill a missing ``level_standar`` from the default ladder of the person's post.

    Parameters
    ----------
    asesmen : DataFrame
        Long assessment table (``pid``, ``kelompok``, ``level_standar`` ...).
    pegawai : DataFrame
        Roster with ``pid``, ``jenis_jabatan``, ``jenjang``.
    ladder : DataFrame, optional
        Columns ``jenis_jabatan``, ``jenjang`` (``*`` = any), ``level_standar``; default
        ``reference/level_standar_bawaan.csv`` (generic ladder, status U).

    Returns
    -------
    DataFrame
        ``asesmen`` with ``level_standar`` filled for managerial and socio-cultural rows only
        (technical standards are post-specific: they stay missing) and ``sumber_standar``
        ("asesmen", "bawaan" or <NA>). The standard in the file always wins. Joined on
        ``pid`` (and ``siklus`` when both tables have it); ``level_standar`` becomes float64.

    References
    ----------
    PermenPANRB 38/2017 (standards set per post); DOMAIN.md §4 (the generic ladder is U).

    Examples
    --------
    >>> a = pd.DataFrame({"pid": ["a", "b"], "kelompok": ["manajerial"] * 2,
    ...                   "level_standar": [3, None]})
    >>> p = pd.DataFrame({"pid": ["a", "b"], "jenis_jabatan": ["Pengawas", "Pelaksana"],
    ...                   "jenjang": ["Pengawas", "Pelaksana"]})
    >>> fill_required_levels(a, p)["level_standar"].tolist()
    [3.0, 1.0]
    """
    _require(asesmen, ("pid", "kelompok", "level_standar"), "asesmen")
    _require(pegawai, ("pid", "jenis_jabatan", "jenjang"), "pegawai")
    ladder = reference.load("level_standar_bawaan") if ladder is None else ladder
    _require(ladder, ("jenis_jabatan", "jenjang", "level_standar"), "ladder")
    ladder = ladder[["jenis_jabatan", "jenjang"]].assign(
        bawaan=pd.to_numeric(ladder["level_standar"]).astype("float64"))
    on = ["pid", "siklus"] if "siklus" in asesmen and "siklus" in pegawai else ["pid"]
    roster = pegawai[[*on, "jenis_jabatan", "jenjang"]]
    if roster.duplicated(on).any():
        raise ValueError(f"pegawai: {'+'.join(on)} ganda")
    post = asesmen[on].merge(roster, on=on, how="left", validate="many_to_one")
    exact = post.merge(ladder, on=["jenis_jabatan", "jenjang"], how="left")["bawaan"]
    by_type = post.merge(ladder[ladder["jenjang"] == "*"].drop(columns="jenjang"),
                         on="jenis_jabatan", how="left")["bawaan"]
    default = pd.Series(exact.fillna(by_type).to_numpy(), index=asesmen.index)
    out = asesmen.copy()
    given = pd.to_numeric(out["level_standar"], errors="coerce").astype("float64")
    generic = out["kelompok"].isin(["manajerial", "sosial_kultural"])
    out["level_standar"] = given.fillna(default.where(generic))
    out["sumber_standar"] = pd.Series(
        np.select([given.notna(), out["level_standar"].notna()], ["asesmen", "bawaan"],
                  default=""), index=out.index).replace("", pd.NA).astype("string")
    return out


def assessed_cycles(tables: Mapping[int, Mapping[str, pd.DataFrame]]
                    ) -> dict[int, tuple[pd.DataFrame, pd.DataFrame]]:
    """``{siklus: (asesmen, pegawai)}`` of the cycles that have an assessment, in the order
    given, ``level_standar`` filled by :func:`fill_required_levels`.

    ``tables`` maps each cycle to its processed tables (``asesmen``, ``pegawai`` ...).

    Examples
    --------
    >>> a = pd.DataFrame({"pid": ["a"], "kelompok": ["manajerial"], "level_standar": [None]})
    >>> p = pd.DataFrame({"pid": ["a"], "jenis_jabatan": ["Pengawas"], "jenjang": ["Pengawas"]})
    >>> out = assessed_cycles({2024: {"pegawai": p}, 2025: {"asesmen": a, "pegawai": p}})
    >>> list(out), out[2025][0]["level_standar"].tolist()
    ([2025], [2.0])
    """
    return {s: (fill_required_levels(t["asesmen"], t["pegawai"]), t["pegawai"])
            for s, t in tables.items() if "asesmen" in t}


def job_person_match(asesmen: pd.DataFrame, *, cap: bool = False,
                     kelompok: Sequence[str] | None = None, missing: str = "available",
                     id_columns: Sequence[str] = ("pid",), bands=None) -> pd.DataFrame:
    """Job Person Match per person: achieved over required levels, in percent.

    ``JPM = 100 * sum(level_capaian) / sum(level_standar)`` over the person's competencies
    (DOMAIN.md §5, C). Computed as ``100 * a / r`` so that exact values (80, 68) stay exact.

    Parameters
    ----------
    asesmen : DataFrame
        Long table: ``id_columns``, ``kompetensi``, ``level_capaian``, ``level_standar``
        (and ``kelompok`` when filtering).
    cap : bool, default False
        If True, a level above the standard counts as the standard (surplus in one
        competency cannot offset a gap in another; JPM <= 100). Default: the formula as
        written, levels counted as achieved (assumption A-JPM-2).
    kelompok : sequence of str, optional
        Competency groups to include (e.g. ``["manajerial", "sosial_kultural"]``); default all.
    missing : {"available", "nan"}
        A person lacking a competency that others in ``asesmen`` have (row absent or a level
        missing): "available" computes JPM over the pairs present; "nan" gives NaN.
        A person with no complete pair gets NaN either way.
    id_columns : sequence of str
        Columns that identify one assessment (add ``siklus`` for several cycles).
    bands
        Passed to :func:`jpm_category`.

    Returns
    -------
    DataFrame
        One row per person, sorted by ``id_columns``: ``n_kompetensi`` (complete pairs),
        ``jumlah_capaian``, ``jumlah_standar``, ``jpm`` (float64, %) and ``kategori_jpm``.
        When ``asesmen`` has a ``jpm`` column (an assessment-centre report's JPM per person,
        capped at 100 when cleaned), a person without complete level pairs takes the
        report's JPM, and ``sumber_jpm`` says which ("level" or "laporan").

    Raises
    ------
    ValueError
        Missing columns, levels outside 1-5, duplicated person x competency, bad ``missing``.

    References
    ----------
    DOMAIN.md §5; PermenPANRB 38/2017 (competency levels 1-5).

    Examples
    --------
    >>> a = pd.DataFrame({"pid": ["x", "x"], "kompetensi": ["A", "B"],
    ...                   "level_capaian": [4, 2], "level_standar": [3, 3]})
    >>> job_person_match(a)["jpm"].item()        # (4 + 2) / (3 + 3)
    100.0
    >>> round(job_person_match(a, cap=True)["jpm"].item(), 2)   # (3 + 2) / 6
    83.33
    """
    ids = list(id_columns)
    _require(asesmen, [*ids, "kompetensi", *_LEVEL_COLUMNS], "asesmen")
    if missing not in ("available", "nan"):
        raise ValueError(f"missing harus 'available' atau 'nan', bukan {missing!r}")
    data = asesmen
    if kelompok is not None:
        _require(asesmen, ["kelompok"], "asesmen")
        data = asesmen[asesmen["kelompok"].isin(list(kelompok))]
    reported = None
    if "jpm" in asesmen.columns:  # JPM as an assessment report gives it (% per person)
        given = asesmen.loc[asesmen["jpm"].notna(), [*ids, "jpm"]]
        reported = given.groupby(ids, sort=True)["jpm"].max().astype("float64")
        data = data.loc[data["kompetensi"].notna()]
    dup = data.duplicated([*ids, "kompetensi"])
    if dup.any():
        raise ValueError(f"asesmen: {int(dup.sum())} baris ganda untuk {'+'.join(ids)} dan "
                         "kompetensi (beberapa siklus? tambahkan 'siklus' ke id_columns)")
    levels = _levels(data)
    achieved, required = levels["level_capaian"], levels["level_standar"]
    if cap:
        achieved = achieved.where(achieved <= required, required)
    complete = achieved.notna() & required.notna()
    frame = pd.DataFrame({
        "n_kompetensi": complete.astype("int64"),
        "jumlah_capaian": achieved.where(complete, 0.0),
        "jumlah_standar": required.where(complete, 0.0),
    })
    frame[ids] = data[ids].to_numpy()
    out = frame.groupby(ids, sort=True, dropna=False).sum().reset_index()
    expected = data["kompetensi"].nunique()
    ratio = 100.0 * out["jumlah_capaian"] / out["jumlah_standar"].where(
        out["jumlah_standar"] > 0)
    if missing == "nan":
        ratio = ratio.where(out["n_kompetensi"] == expected)
    out["jpm"] = ratio.astype("float64")
    if reported is not None:  # the levels, where given, else the report's JPM (A-JPM-7)
        out = out.merge(reported.rename("_laporan").reset_index(), on=ids, how="outer")
        out = out.sort_values(ids, ignore_index=True)
        out["n_kompetensi"] = out["n_kompetensi"].fillna(0).astype("int64")
        out[["jumlah_capaian", "jumlah_standar"]] = out[["jumlah_capaian",
                                                         "jumlah_standar"]].fillna(0.0)
        out["sumber_jpm"] = pd.Series(np.select(
            [out["jpm"].notna(), out["_laporan"].notna()], ["level", "laporan"], default=""),
            index=out.index).replace("", pd.NA).astype("string")
        out["jpm"] = out["jpm"].fillna(out.pop("_laporan"))
    out["kategori_jpm"] = jpm_category(out["jpm"], bands=bands)
    return out


def training_needs(asesmen: pd.DataFrame, pegawai: pd.DataFrame,
                   by: Sequence[str] = ("opd", "jenis_jabatan"), *,
                   alpha: float = 0.05, min_n: int = 1) -> pd.DataFrame:
    """Competency gaps per competency and group, ranked as training needs (AKPK).

    The gap of a person in a competency is ``max(level_standar - level_capaian, 0)``; rows
    missing either level are left out (complete pairs only).

    Parameters
    ----------
    asesmen : DataFrame
        Long table ``pid``, ``kompetensi``, ``kelompok``, ``level_capaian``, ``level_standar``.
    pegawai : DataFrame
        Roster with ``pid`` and the ``by`` columns (joined on ``pid``, and ``siklus`` when both
        tables have it). Assessed people missing from it form a group with <NA> keys.
    by : sequence of str
        Grouping columns of ``pegawai``; ``()`` for competencies over everyone.
    alpha : float
        1 - confidence level of the Wilson score interval of the share (statsmodels
        ``proportion_confint(method="wilson")``; Newcombe 1998, method 3).
    min_n : int
        Groups with fewer assessed people are listed after the ranked ones, unranked
        (``peringkat`` <NA>): a share on 1-2 people would top any ranking.

    Returns
    -------
    DataFrame
        One row per competency x group, ranked: ``peringkat``, ``kompetensi``, ``kelompok``,
        ``by``..., ``n_asesmen`` (people assessed), ``n_kesenjangan`` (people below standard),
        ``proporsi_kesenjangan`` with ``ci_bawah``/``ci_atas``, ``rerata_kesenjangan`` (mean
        gap in levels among those below standard, NaN if none) and ``skor_prioritas`` = share
        x mean gap = levels missing per assessed person. Ranked (``peringkat``, Int64) by
        score, then ``n_kesenjangan`` (both descending), then the keys. Not suppressed: see
        :func:`suppress_small_groups` before publishing.

    References
    ----------
    Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion.
    Statistics in Medicine 17, 857-872.

    Examples
    --------
    >>> a = pd.DataFrame({"pid": ["x", "y"], "kompetensi": ["A", "A"],
    ...                   "kelompok": ["manajerial"] * 2, "level_capaian": [1, 3],
    ...                   "level_standar": [3, 3]})
    >>> p = pd.DataFrame({"pid": ["x", "y"], "opd": ["D", "D"]})
    >>> row = training_needs(a, p, by=["opd"]).iloc[0]
    >>> int(row.n_kesenjangan), float(row.proporsi_kesenjangan), float(row.skor_prioritas)
    (1, 0.5, 1.0)
    """
    by = list(by)
    _require(asesmen, ("pid", "kompetensi", "kelompok", *_LEVEL_COLUMNS), "asesmen")
    _require(pegawai, ("pid", *by), "pegawai")
    on = ["pid", "siklus"] if "siklus" in asesmen and "siklus" in pegawai else ["pid"]
    roster = pegawai[[*on, *by]]
    if roster.duplicated(on).any():
        raise ValueError(f"pegawai: {'+'.join(on)} ganda")
    levels = _levels(asesmen)
    complete = levels.notna().all(axis=1)
    gap = (levels["level_standar"] - levels["level_capaian"]).clip(lower=0.0)[complete]
    data = asesmen.loc[complete, [*on, "kompetensi", "kelompok"]].assign(
        kesenjangan=gap, senjang=(gap > 0).astype("int64"))
    data = data.merge(roster, on=on, how="left")
    keys = ["kompetensi", "kelompok", *by]
    grouped = data.groupby(keys, sort=True, dropna=False, observed=True)
    out = grouped.agg(n_asesmen=("senjang", "size"), n_kesenjangan=("senjang", "sum"),
                      total_kesenjangan=("kesenjangan", "sum")).reset_index()
    n = out["n_asesmen"].astype("float64")
    count = out["n_kesenjangan"].astype("float64")
    out["proporsi_kesenjangan"] = count / n
    low, high = proportion_confint(count.to_numpy(), n.to_numpy(), alpha=alpha,
                                   method="wilson")
    out["ci_bawah"], out["ci_atas"] = np.asarray(low, float), np.asarray(high, float)
    out["rerata_kesenjangan"] = out["total_kesenjangan"] / count.where(count > 0)
    out["skor_prioritas"] = out.pop("total_kesenjangan") / n
    out["_kecil"] = out["n_asesmen"] < min_n
    out = out.sort_values(["_kecil", "skor_prioritas", "n_kesenjangan", *keys],
                          ascending=[True, False, False, *[True] * len(keys)],
                          ignore_index=True)
    rank = pd.Series(np.arange(1, len(out) + 1, dtype="int64")).astype("Int64")
    out.insert(0, "peringkat", rank.mask(out.pop("_kecil")))
    return out
