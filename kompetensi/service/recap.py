"""The units' own published recaps (``skm_rekap``) next to the index computed from respondents.

A unit that sent only its recap is taken as published (``sumber = "rekap"``, no interval); its
band is recomputed from the published index and a published band that disagrees is flagged.
A unit with both gets the difference computed - published, flagged beyond ``tolerance``
(default 0.15 index points: a unit that rounds its NRRs to 2 decimals before weighting can be
0.125 off, and its 2-decimal print 0.005 more; a unit multiplying by the printed weight 0,11
is about 1 % lower, 0.8-1.0 points, and is flagged; ``bobot_terbit`` names the weight, 1/9,
0,111 or 0,11, whose index from the computed NRRs is nearest the published one within the
tolerance). A unit with respondents only has ``sumber = "responden"`` (A-SKM-14..16).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.core.vocab import SKM_UNSUR
from kompetensi.service.bootstrap import REPS, SEED, ikm_intervals
from kompetensi.service.ikm import BY, check_keys, ikm_from_nrr, quality_band
from kompetensi.service.sample_size import rank_units, sample_adequacy

TOLERANCE = 0.15
WEIGHTS = {"1/9": None, "0,111": 0.111, "0,11": 0.11}
NRR = [f"nrr_{u}" for u in SKM_UNSUR]


def _published_weight(nrr: np.ndarray, published: np.ndarray, tolerance: float) -> np.ndarray:
    """The weight label (1/9, 0,111, 0,11) whose index from ``nrr`` is nearest ``published``
    within ``tolerance``, else None."""
    labels = np.array(list(WEIGHTS), dtype=object)
    if not len(nrr):
        return labels[:0]
    gaps = np.column_stack([np.abs(ikm_from_nrr(nrr, w) * 25 - published)
                            for w in WEIGHTS.values()])
    gaps = np.where(np.isnan(gaps), np.inf, gaps)
    best = gaps.argmin(axis=1)
    fits = gaps[np.arange(len(gaps)), best] <= tolerance + 1e-9
    return np.where(fits, labels[best], None)


def combine_recap(computed: pd.DataFrame, rekap: pd.DataFrame, by: Sequence[str] = BY,
                  tolerance: float = TOLERANCE) -> pd.DataFrame:
    """One row per unit and period: the computed index, the published one, or both.

    Parameters
    ----------
    computed : DataFrame
        :func:`kompetensi.service.ikm.ikm_table` or
        :func:`kompetensi.service.bootstrap.ikm_intervals` output (``by``, ``responden``,
        ``nrr_u1``..``nrr_u9``, ``ikm``; ``ikm_ci_bawah``/``ikm_ci_atas`` when present).
    rekap : DataFrame
        The canonical ``skm_rekap`` table (``by``, ``ikm``; ``responden``, ``populasi``,
        ``mutu``, ``nrr_u1``..``nrr_u9``, ``opd``, ``siklus`` when present).
    by : sequence of str
        The keys (default unit and period).
    tolerance : float
        Largest difference computed - published (index points) not flagged.

    Returns
    -------
    DataFrame sorted by ``by``: ``sumber`` ("responden", "rekap", "keduanya"),
    ``responden``, ``responden_terbit``, ``populasi``, ``nrr_u1``..``nrr_u9``, ``ikm`` (the
    computed index, else the published), ``ikm_ci_bawah``, ``ikm_ci_atas`` (missing for
    recap-only units), ``mutu``, ``kinerja`` (from ``ikm``), ``ikm_terbit``, ``mutu_terbit``,
    ``mutu_terbit_cocok`` (published band = band of the published index; missing when either
    is missing), ``selisih_ikm`` (computed - published), ``selisih_besar``, ``bobot_terbit``.

    Examples
    --------
    >>> computed = pd.DataFrame({"unit": ["A", "B"], "periode": "2025", "responden": [90, 50],
    ...                          **{n: [3.4, 3.0] for n in NRR}, "ikm": [85.0, 75.0]})
    >>> rekap = pd.DataFrame({"unit": ["B", "C"], "periode": "2025", "responden": [50, 120],
    ...                       "populasi": [900, 400], "ikm": [74.25, 88.31], "mutu": ["C", "B"]})
    >>> out = combine_recap(computed, rekap)
    >>> out[["unit", "sumber", "ikm", "mutu", "selisih_ikm", "bobot_terbit"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['A', 'responden', 85.0, 'B', nan, None], ['B', 'keduanya', 75.0, 'C', 0.75, '0,11'],
     ['C', 'rekap', 88.31, 'A', nan, None]]
    >>> out.mutu_terbit_cocok.tolist()
    [<NA>, True, False]
    """
    by = check_keys(computed, by)
    check_keys(rekap, by)
    if "ikm" not in rekap.columns or "ikm" not in computed.columns:
        raise ValueError("kolom ikm tidak ada pada tabel hitungan atau rekap")
    if rekap.duplicated(by).any():
        raise ValueError(f"rekap memuat lebih dari satu baris per {', '.join(by)}")
    left = computed.copy()
    right = rekap.rename(columns={"ikm": "ikm_terbit", "mutu": "mutu_terbit",
                                  "responden": "responden_terbit",
                                  **{n: f"{n}_terbit" for n in NRR}})
    keep = [c for c in right.columns if c in {*by, "ikm_terbit", "mutu_terbit",
                                              "responden_terbit", "populasi", "opd", "siklus",
                                              *(f"{n}_terbit" for n in NRR)}]
    right = right[keep]
    left = left.drop(columns=[c for c in ("populasi",) if c in left.columns and c in right.columns])
    shared = [c for c in ("opd", "siklus") if c in left.columns and c in right.columns]
    left = left.rename(columns={c: f"{c}_hitung" for c in shared})
    out = left.merge(right, on=by, how="outer", indicator=True, sort=True)
    for c in shared:  # the recap's value, else the respondents' (a unit without a recap)
        filled = out[c].astype(object).where(out[c].notna(), out.pop(f"{c}_hitung").astype(object))
        out[c] = filled.astype("Int64" if c == "siklus" else "string")
    only_recap = (out["_merge"] == "right_only").to_numpy()
    out["sumber"] = np.select([only_recap, (out["_merge"] == "left_only").to_numpy()],
                              ["rekap", "responden"], "keduanya")
    published = pd.to_numeric(out["ikm_terbit"], errors="coerce").astype("float64")
    out["ikm"] = pd.to_numeric(out["ikm"], errors="coerce").astype("float64") \
        .where(~only_recap, published)
    for n in NRR:
        if f"{n}_terbit" in out.columns:
            values = pd.to_numeric(out[f"{n}_terbit"], errors="coerce").astype("float64")
            out[n] = out[n].where(~only_recap, values) if n in out.columns else \
                values.where(only_recap)
            out = out.drop(columns=f"{n}_terbit")
    if "responden_terbit" in out.columns:
        out["responden"] = pd.to_numeric(out["responden"], errors="coerce").astype("Int64") \
            .where(~only_recap, pd.to_numeric(out["responden_terbit"], errors="coerce")
                   .astype("Int64"))
    for column in ("ikm_ci_bawah", "ikm_ci_atas", "responden_terbit", "populasi",
                   "mutu_terbit"):
        if column not in out.columns:
            out[column] = pd.NA
    band = quality_band(out["ikm"])
    out["mutu"], out["kinerja"] = band.mutu.to_numpy(), band.kinerja.to_numpy()
    published_band = quality_band(published).mutu
    stated = out["mutu_terbit"].astype("string").str.strip().str.upper().str[:1]
    out["mutu_terbit_cocok"] = (stated == published_band).astype("boolean") \
        .where(stated.notna() & published_band.notna())
    both = (out["sumber"] == "keduanya").to_numpy()
    out["selisih_ikm"] = np.where(both, out["ikm"] - published, np.nan)
    out["selisih_besar"] = np.abs(out["selisih_ikm"].to_numpy()) > tolerance + 1e-9
    out["bobot_terbit"] = None
    if both.any():
        out.loc[both, "bobot_terbit"] = _published_weight(
            out.loc[both, NRR].to_numpy(dtype="float64"), published[both].to_numpy(),
            tolerance)
    return out.drop(columns="_merge").reset_index(drop=True)


def unit_overview(skm: pd.DataFrame, rekap: pd.DataFrame, by: Sequence[str] = BY,
                  reps: int = REPS, level: float = 0.95, seed: int = SEED,
                  weight: float | None = None, tolerance: float = TOLERANCE,
                  method: str = "tabel", rank_by: Sequence[str] = ("periode",)) -> pd.DataFrame:
    """Every unit and period: index with interval, published recap, sample check and rank.

    :func:`kompetensi.service.bootstrap.ikm_intervals`, then :func:`combine_recap`,
    :func:`kompetensi.service.sample_size.sample_adequacy` and
    :func:`kompetensi.service.sample_size.rank_units` (only units with an adequate sample
    are ranked, within each ``rank_by`` group).

    Examples
    --------
    >>> skm = pd.DataFrame({"unit": ["A"] * 10, "periode": "2025",
    ...                     **{u: pd.array([4, 3] * 5, dtype="Int8") for u in SKM_UNSUR}})
    >>> rekap = pd.DataFrame({"unit": ["A", "B"], "periode": "2025", "responden": [10, 9],
    ...                       "populasi": [10, 100], "ikm": [87.5, 90.0], "mutu": ["B", "A"]})
    >>> unit_overview(skm, rekap, reps=199)[["unit", "sumber", "cukup", "peringkat"]] \\
    ...     .values.tolist()
    [['A', 'keduanya', True, 1], ['B', 'rekap', False, <NA>]]
    """
    computed = ikm_intervals(skm, by=by, reps=reps, level=level, seed=seed, weight=weight)
    extra = [c for c in ("opd", "siklus") if c in skm.columns and c not in by]
    if extra:  # carried for units without a recap (combine_recap prefers the recap's)
        first = skm[[*by, *extra]].drop_duplicates(list(by)).astype({c: object for c in by})
        computed = computed.astype({c: object for c in by}).merge(first, on=list(by),
                                                                   how="left")
    table = sample_adequacy(combine_recap(computed, rekap, by=by, tolerance=tolerance),
                            method=method)
    return rank_units(table, by=rank_by)
