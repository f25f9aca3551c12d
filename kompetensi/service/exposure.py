"""The training of a service unit's staff: who serves the community there, and how many of them
were trained in a cycle (all training, and IT / information-system training apart).

A service unit of the SKM is either an OPD itself (Disdukcapil, DPMPTSP, the RSUD, a kecamatan
office: its canonical name is the OPD's) or a sub-unit of one (a puskesmas, a kelurahan). Its
staff in a cycle are the active roster rows of the front-line post kinds (default: Fungsional and
Pelaksana, assumption A-SKM-40) whose unit (``pegawai.unor``) has the unit's key, or, for an
OPD-level unit, every such row of the OPD (A-SKM-41). A unit whose staff cannot be found in a
cycle is listed, never silently given a share of zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.core.unitnames import unit_key

FRONT_LINE = ("Fungsional", "Pelaksana")
NEVER = 0  # adoption year of a unit that never reached the threshold (the `did` convention)


def _units(units: pd.DataFrame) -> pd.DataFrame:
    missing = {"unit", "opd"} - set(units.columns)
    if missing:
        raise ValueError(f"kolom tidak ada: {', '.join(sorted(missing))}")
    out = units[["unit", "opd"]].drop_duplicates().astype("string")
    if out["unit"].duplicated().any():
        twice = sorted(out.loc[out["unit"].duplicated(), "unit"])
        raise ValueError(f"unit dengan lebih dari satu OPD: {', '.join(twice)}")
    out["opd_level"] = (out["unit"] == out["opd"]).to_numpy(dtype=bool)
    out["key"] = unit_key(out["unit"])
    return out.reset_index(drop=True)


def unit_staff(pegawai: pd.DataFrame, units: pd.DataFrame, *,
               front_line: Sequence[str] = FRONT_LINE) -> pd.DataFrame:
    """The front-line staff of each service unit in each cycle.

    Parameters
    ----------
    pegawai : pandas.DataFrame
        Processed rosters of one or more cycles: ``pid``, ``siklus``, ``aktif``,
        ``jenis_jabatan``, ``opd``, ``unor``.
    units : pandas.DataFrame
        The service units: ``unit`` (canonical name) and ``opd``; a unit whose name is its OPD's
        is an OPD-level unit.
    front_line : sequence of str
        The post kinds (``jenis_jabatan``) that serve the community.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``siklus``, ``pid``: one row per staff member of a unit in a cycle.

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": ["a", "b", "c"], "siklus": 2025, "aktif": True,
    ...     "jenis_jabatan": ["Pelaksana", "Fungsional", "Pengawas"],
    ...     "opd": ["Dinas Kesehatan"] * 3,
    ...     "unor": ["Puskesmas Gabek", "Puskesmas Taman Sari", "Puskesmas Gabek"]})
    >>> units = pd.DataFrame({"unit": ["Puskesmas Gabek"], "opd": ["Dinas Kesehatan"]})
    >>> unit_staff(peg, units)["pid"].tolist()
    ['a']
    """
    u = _units(units)
    staff = pegawai.loc[pegawai["aktif"].fillna(False).astype(bool)
                        & pegawai["jenis_jabatan"].isin(list(front_line)),
                        ["pid", "siklus", "opd", "unor"]].copy()
    staff["key"] = unit_key(staff["unor"].astype("string"))
    by_key = staff.merge(u.loc[~u["opd_level"], ["unit", "key"]], on="key")
    by_opd = staff.merge(u.loc[u["opd_level"], ["unit", "opd"]], on="opd")
    out = pd.concat([by_key, by_opd], ignore_index=True)[["unit", "siklus", "pid"]]
    return out.drop_duplicates().sort_values(["unit", "siklus", "pid"]).reset_index(drop=True)


def unit_exposure(pegawai: pd.DataFrame, pelatihan: pd.DataFrame, units: pd.DataFrame, *,
                  front_line: Sequence[str] = FRONT_LINE) -> pd.DataFrame:
    """Per service unit and cycle: its front-line staff and how many were trained that cycle.

    Parameters
    ----------
    pegawai, units
        As :func:`unit_staff`.
    pelatihan : pandas.DataFrame
        Processed training records: ``pid``, ``siklus``, ``topik_ti``.
    front_line : sequence of str
        As :func:`unit_staff`.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``opd``, ``siklus``, ``staf`` (front-line active staff), ``terlatih`` (with at
        least one training record in the cycle), ``terlatih_ti`` (at least one IT /
        information-system training), ``persen_terlatih``, ``persen_ti`` (per cent of ``staf``;
        missing when ``staf`` is 0). Every unit appears in every cycle of ``pegawai``.

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": ["a", "b"], "siklus": 2025, "aktif": True,
    ...     "jenis_jabatan": "Pelaksana", "opd": "Dinas Kependudukan dan Pencatatan Sipil",
    ...     "unor": pd.NA})
    >>> units = pd.DataFrame({"unit": ["Dinas Kependudukan dan Pencatatan Sipil"],
    ...                       "opd": ["Dinas Kependudukan dan Pencatatan Sipil"]})
    >>> pel = pd.DataFrame({"pid": ["a", "a", "b"], "siklus": 2025,
    ...                     "topik_ti": [True, False, False]})
    >>> unit_exposure(peg, pel, units)[["staf", "terlatih", "terlatih_ti", "persen_ti"]]
       staf  terlatih  terlatih_ti  persen_ti
    0     2         2            1       50.0
    """
    u = _units(units)
    staff = unit_staff(pegawai, units, front_line=front_line)
    trained = pelatihan[["pid", "siklus"]].drop_duplicates().assign(any_=True)
    it = (pelatihan.loc[pelatihan["topik_ti"].fillna(False).astype(bool), ["pid", "siklus"]]
          .drop_duplicates().assign(ti_=True))
    staff = staff.merge(trained, on=["pid", "siklus"], how="left").merge(
        it, on=["pid", "siklus"], how="left")
    counts = staff.groupby(["unit", "siklus"]).agg(
        staf=("pid", "size"), terlatih=("any_", "count"), terlatih_ti=("ti_", "count"))
    cycles = sorted(int(s) for s in pd.unique(pegawai["siklus"]))
    grid = pd.MultiIndex.from_product([u["unit"].tolist(), cycles], names=["unit", "siklus"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    for col in ("staf", "terlatih", "terlatih_ti"):
        out[col] = out[col].astype("int64")
    staf = out["staf"].astype("float64").where(out["staf"] > 0)
    out["persen_terlatih"] = 100.0 * out["terlatih"].astype("float64") / staf
    out["persen_ti"] = 100.0 * out["terlatih_ti"].astype("float64") / staf
    out = out.merge(u[["unit", "opd"]], on="unit", how="left")
    cols = ["unit", "opd", "siklus", "staf", "terlatih", "terlatih_ti", "persen_terlatih",
            "persen_ti"]
    return out[cols].sort_values(["unit", "siklus"]).reset_index(drop=True)


def adoption_year(exposure: pd.DataFrame, threshold: float = 60.0,
                  column: str = "persen_ti") -> pd.Series:
    """The first cycle in which a unit's share of trained staff reached ``threshold`` per cent.

    The share counts staff trained in that cycle (not cumulatively), so a unit "adopts" the
    first year most of its front-line staff were trained; later years count as after adoption
    whatever their share (absorbing treatment, as the staggered estimators require; A-SKM-42).

    Parameters
    ----------
    exposure : pandas.DataFrame
        :func:`unit_exposure`.
    threshold : float
        Per cent of the unit's front-line staff.
    column : str
        ``persen_ti`` (IT / information-system training, the default) or ``persen_terlatih``.

    Returns
    -------
    pandas.Series
        Indexed by ``unit``: the adoption cycle, or :data:`NEVER` (0).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["a"] * 3 + ["b"] * 3, "siklus": [2023, 2024, 2025] * 2,
    ...                   "persen_ti": [20.0, 70.0, 10.0, 50.0, 59.9, None]})
    >>> adoption_year(e).to_dict()
    {'a': 2024, 'b': 0}
    """
    if not 0.0 < float(threshold) <= 100.0:
        raise ValueError("threshold adalah persen dalam (0, 100]")
    reached = exposure.loc[exposure[column].astype("float64") >= float(threshold)]
    first = reached.groupby("unit")["siklus"].min()
    units = pd.Index(pd.unique(exposure["unit"]), name="unit")
    return first.reindex(units).fillna(NEVER).astype("int64").rename("kohort")


def unit_panel(outcomes: pd.DataFrame, exposure: pd.DataFrame, adoption: pd.Series,
               outcome_columns: Sequence[str] = ("ikm", "nrr_u6", "nrr_u7")) -> pd.DataFrame:
    """The unit-year panel of the staggered estimators: outcomes, exposure and cohort.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        One row per unit and cycle: ``unit``, ``siklus`` and ``outcome_columns`` (e.g. the IKM
        table of one period per cycle).
    exposure : pandas.DataFrame
        :func:`unit_exposure`.
    adoption : pandas.Series
        :func:`adoption_year`.
    outcome_columns : sequence of str
        Outcome columns kept.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``opd``, ``tahun``, ``kohort``, ``sudah`` (1 from the adoption year on),
        the outcomes, ``staf``, ``persen_ti``, ``persen_terlatih``; only unit-years with every
        outcome and at least one staff member.
    """
    keep = ["unit", "siklus", *outcome_columns]
    panel = outcomes[keep].merge(
        exposure[["unit", "opd", "siklus", "staf", "persen_ti", "persen_terlatih"]],
        on=["unit", "siklus"], how="inner")
    panel = panel.rename(columns={"siklus": "tahun"})
    panel["kohort"] = panel["unit"].map(adoption).fillna(NEVER).astype("int64")
    panel["tahun"] = panel["tahun"].astype("int64")
    kohort = panel["kohort"].to_numpy()
    panel["sudah"] = ((kohort != NEVER) & (panel["tahun"].to_numpy() >= kohort)).astype("int64")
    for col in outcome_columns:
        panel[col] = panel[col].astype("float64")
    ok = panel[list(outcome_columns)].notna().all(axis=1) & (panel["staf"] > 0)
    cols = ["unit", "opd", "tahun", "kohort", "sudah", *outcome_columns, "staf", "persen_ti",
            "persen_terlatih"]
    return panel.loc[ok, cols].sort_values(["unit", "tahun"]).reset_index(drop=True)


def cohort_counts(adoption: pd.Series, first_cycle: int) -> pd.DataFrame:
    """Units per adoption cohort, with those already over the threshold in the first cycle
    (always treated: the staggered estimators have no before-period for them) marked.

    Examples
    --------
    >>> cohort_counts(pd.Series({"a": 2023, "b": 2024, "c": 0, "d": 2024}), 2023).values.tolist()
    [[2023, 1, 'sudah sejak siklus pertama (tidak dipakai)'], [2024, 2, 'kohort'], [0, 1, 'pembanding']]
    """
    counts = adoption.value_counts()
    order = sorted(int(k) for k in counts.index if k != NEVER) + (
        [NEVER] if NEVER in counts.index else [])
    role = {k: ("pembanding" if k == NEVER else
                "sudah sejak siklus pertama (tidak dipakai)" if k <= first_cycle else "kohort")
            for k in order}
    return pd.DataFrame({"kohort": order, "unit": [int(counts[k]) for k in order],
                         "peran": [role[k] for k in order]})


def always_treated(adoption: pd.Series, first_cycle: int) -> np.ndarray:
    """Units over the threshold already in the first cycle."""
    return adoption.index[(adoption != NEVER) & (adoption <= first_cycle)].to_numpy()
