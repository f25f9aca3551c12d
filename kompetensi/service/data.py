"""The SKM tables of several cycles put together for notebook 08: stacked, each respondent in
the period its unit reports, and one outcome row per unit and year for the staggered
estimators.

A unit publishing its recap per semester or triwulan is analysed per that period; its
respondents carry the year only (e-SKM and paper forms have a date, not a period), so each
dated respondent is put in the recap's period that contains the date (A-SKM-45). The yearly
outcome of a unit is computed from all its respondents of the year; a unit with only a yearly
published recap takes the recap's values (A-SKM-46).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.ikm import ikm_table, quality_band

NRR = [f"nrr_{u}" for u in SKM_UNSUR]


def stack_optional(tables: Mapping[int, Mapping[str, pd.DataFrame]], name: str
                   ) -> pd.DataFrame | None:
    """One processed table of every cycle that has it, stacked; None when no cycle has it.

    Examples
    --------
    >>> t = {2024: {"skm": pd.DataFrame({"unit": ["A"]})}, 2025: {}}
    >>> stack_optional(t, "skm")["unit"].tolist(), stack_optional(t, "skm_rekap")
    (['A'], None)
    """
    parts = [cycle[name] for cycle in tables.values() if name in cycle]
    if not parts:
        return None
    return pd.concat(parts, ignore_index=True)


def _sub_period(dates: pd.Series, kind: str) -> pd.Series:
    month = dates.dt.month.astype("Int64")
    number = (month - 1) // 6 + 1 if kind == "S" else (month - 1) // 3 + 1
    return dates.dt.year.astype("Int64").astype("string") + f"-{kind}" + number.astype("string")


def reporting_periods(skm: pd.DataFrame, rekap: pd.DataFrame | None) -> pd.Series:
    """Each respondent's period: the unit's semester or triwulan where its recap of that year
    is published per semester or triwulan (by the respondent's date), else as recorded.

    A respondent without a date or dated in another year than its recorded period, or of a
    unit whose recap mixes semesters and triwulan in one year, keeps its recorded period.

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": ["A", "A", "B"], "periode": "2025",
    ...                     "tanggal": pd.to_datetime(["2025-02-01", "2025-08-01", "2025-08-01"])})
    >>> rekap = pd.DataFrame({"unit": ["A", "A", "B"],
    ...                       "periode": ["2025-S1", "2025-S2", "2025"]})
    >>> reporting_periods(skm, rekap).tolist()
    ['2025-S1', '2025-S2', '2025']
    """
    periode = skm["periode"].astype("string")
    if rekap is None or rekap.empty:
        return periode
    published = rekap["periode"].astype("string")
    kinds = pd.DataFrame({"unit": rekap["unit"].astype("string"),
                          "tahun": published.str.slice(0, 4),
                          "jenis": published.str.extract(r"-([ST])\d$", expand=False)})
    kinds = kinds.dropna(subset=["jenis"]).drop_duplicates()
    kinds = kinds.loc[~kinds.duplicated(["unit", "tahun"], keep=False)]
    key = pd.DataFrame({"unit": skm["unit"].astype("string"), "tahun": periode})
    kind = (key.merge(kinds, on=["unit", "tahun"], how="left")["jenis"].astype(object)
            .fillna("").to_numpy())
    out = periode.copy()
    # a date of another year than the recorded period (30 Dec for "2025") keeps the record
    dated = ((skm["tanggal"].dt.year.astype("Int64").astype("string") == periode).fillna(False).to_numpy(bool)
             if "tanggal" in skm else np.zeros(len(skm), bool))
    for letter in ("S", "T"):
        pick = (kind == letter) & dated
        if pick.any():
            out[pick] = _sub_period(skm.loc[pick, "tanggal"], letter).to_numpy()
    return out


def annual_outcomes(skm: pd.DataFrame | None, rekap: pd.DataFrame | None,
                    overview: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per unit and year: the index and element NRRs from the year's respondents,
    or, for a unit without respondents that year, from its yearly published recap.

    Parameters
    ----------
    skm, rekap : pandas.DataFrame or None
        The stacked ``skm`` and ``skm_rekap`` tables (``siklus`` is the year).
    overview : pandas.DataFrame, optional
        :func:`kompetensi.service.unit_overview` per unit and period: gives ``cukup``, true
        when every period of the unit's year had the regulation's minimum sample.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``opd``, ``siklus``, ``sumber`` ("responden" or "rekap"), ``responden``,
        ``nrr_u1`` .. ``nrr_u9``, ``ikm``, ``mutu``, ``periode_laporan`` (periods the unit
        reported in the year) and, with ``overview``, ``cukup``. A unit with only sub-year
        recaps and no respondents is left out (its yearly value would need the recap's
        respondent weights).

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": ["A", "A"], "opd": "X", "siklus": 2025, "periode": "2025",
    ...                     **{f"u{k}": pd.array([4, 3], dtype="Int8") for k in range(1, 10)}})
    >>> rekap = pd.DataFrame({"unit": ["B"], "opd": "Y", "siklus": 2025, "periode": "2025",
    ...                       "responden": [50], "ikm": [80.0], "nrr_u6": [3.2], "nrr_u7": [3.1]})
    >>> annual_outcomes(skm, rekap)[["unit", "sumber", "ikm", "mutu"]].values.tolist()
    [['A', 'responden', 87.5, 'B'], ['B', 'rekap', 80.0, 'B']]
    """
    cols = ["unit", "opd", "siklus", "sumber", "responden", *NRR, "ikm"]
    parts = []
    if skm is not None and not skm.empty:
        computed = ikm_table(skm, by=("unit", "siklus")).assign(sumber="responden")
        computed["unit"] = computed["unit"].astype("string")
        opd = skm[["unit", "opd"]].astype("string").drop_duplicates("unit")
        parts.append(computed.merge(opd, on="unit", how="left")[cols])
    if rekap is not None and not rekap.empty:
        yearly = rekap.loc[rekap["periode"].astype("string")
                           == rekap["siklus"].astype("string")].copy()
        yearly["unit"] = yearly["unit"].astype("string")
        if parts:
            seen = pd.MultiIndex.from_frame(parts[0][["unit", "siklus"]])
            yearly = yearly.loc[~pd.MultiIndex.from_frame(yearly[["unit", "siklus"]]).isin(seen)]
        parts.append(yearly.assign(sumber="rekap").reindex(columns=cols))
    if not parts:
        return pd.DataFrame(columns=[*cols, "mutu", "periode_laporan"])
    out = pd.concat(parts, ignore_index=True)
    out["siklus"] = out["siklus"].astype("int64")
    out["responden"] = out["responden"].astype("Int64")
    out[[*NRR, "ikm"]] = out[[*NRR, "ikm"]].astype("float64")
    out["mutu"] = quality_band(out["ikm"])["mutu"].to_numpy()
    periods = pd.concat([t[["unit", "siklus", "periode"]].astype({"unit": "string"})
                         for t in (skm, rekap) if t is not None and not t.empty])
    count = periods.drop_duplicates().groupby(["unit", "siklus"]).size().rename("periode_laporan")
    out = out.merge(count.reset_index(), on=["unit", "siklus"], how="left")
    if overview is not None:
        year = overview["periode"].astype("string").str.slice(0, 4).astype("int64")
        ok = (overview.assign(siklus=year, unit=overview["unit"].astype("string"))
              .groupby(["unit", "siklus"])["cukup"].agg(lambda c: bool(c.fillna(False).all())))
        out = out.merge(ok.reset_index(), on=["unit", "siklus"], how="left")
        out["cukup"] = out["cukup"].astype("boolean").fillna(False).astype(bool)
    return out.sort_values(["unit", "siklus"]).reset_index(drop=True)


def service_units(*tables: pd.DataFrame | None) -> pd.DataFrame:
    """The service units named in the SKM tables, with their OPD (``unit``, ``opd``).

    Examples
    --------
    >>> a = pd.DataFrame({"unit": ["P", "Q"], "opd": ["X", "Y"]})
    >>> service_units(a, None, a.iloc[:1])["unit"].tolist()
    ['P', 'Q']
    """
    parts = [t[["unit", "opd"]].astype("string") for t in tables if t is not None]
    if not parts:
        return pd.DataFrame({"unit": pd.Series(dtype="string"), "opd": pd.Series(dtype="string")})
    out = pd.concat(parts, ignore_index=True).dropna().drop_duplicates()
    return out.sort_values("unit").reset_index(drop=True)
