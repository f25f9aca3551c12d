"""The city's service quality from its units: the city IKM, the bands, and the priorities.

The regulation computes an index per unit; the city's figure here is the mean of its units'
indices with every unit weighing the same (a small kelurahan counts as much as the RSUD: the
question is how good the city's service points are, not how satisfied the average visitor is;
A-SKM-43). Its interval is a percentile bootstrap over units.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompetensi.core.vocab import SKM_MUTU
from kompetensi.service.bootstrap import REPS, SEED, percentile_interval
from kompetensi.service.ikm import quality_band


def city_index(overview: pd.DataFrame, by: Sequence[str] = ("periode",), *, reps: int = REPS,
               level: float = 0.95, seed: int = SEED) -> pd.DataFrame:
    """The city IKM per period: the unweighted mean of the units' converted IKM.

    Parameters
    ----------
    overview : pandas.DataFrame
        One row per unit and period with ``ikm`` (e.g. :func:`kompetensi.service.unit_overview`).
    by : sequence of str
        The period columns.
    reps, level, seed
        Bootstrap over units (percentile interval, as
        :func:`kompetensi.service.bootstrap.percentile_interval`).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``unit`` (units with an index), ``ikm_kota``, ``ikm_ci_bawah``,
        ``ikm_ci_atas``, ``mutu`` (band of the city IKM) and ``unit_A`` .. ``unit_D`` (units
        per band).

    Examples
    --------
    >>> ov = pd.DataFrame({"periode": "2025", "ikm": [70.0, 80.0, 90.0],
    ...                    "mutu": ["C", "B", "A"]})
    >>> city_index(ov, reps=999)[["unit", "ikm_kota", "mutu", "unit_A", "unit_D"]].values.tolist()
    [[3, 80.0, 'B', 1, 0]]
    """
    rows = []
    for key, group in overview.dropna(subset=["ikm"]).groupby(list(by), sort=True):
        values = group["ikm"].to_numpy(dtype="float64")
        rng = np.random.default_rng(seed)
        draws = values[rng.integers(0, len(values), (reps, len(values)))].mean(axis=1)
        low, high = (percentile_interval(draws[:, None], level) if len(values) > 1
                     else (np.nan, np.nan))
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, key, strict=True))
        row.update(unit=len(values), ikm_kota=float(values.mean()),
                   ikm_ci_bawah=float(np.asarray(low).item()),
                   ikm_ci_atas=float(np.asarray(high).item()))
        counts = group["mutu"].value_counts()
        row.update({f"unit_{m}": int(counts.get(m, 0)) for m in SKM_MUTU})
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out.insert(len(by) + 4, "mutu", quality_band(out["ikm_kota"])["mutu"].to_numpy())
    return out


def priority_units(overview: pd.DataFrame, exposure: pd.DataFrame, *,
                   elements: Sequence[str] = ("nrr_u6", "nrr_u7")) -> pd.DataFrame:
    """Units ordered for action: the lowest staff judgement (mean of U6 and U7) first, then the
    least-trained staff; only units with an adequate sample are ordered (A-SKM-44).

    Parameters
    ----------
    overview : pandas.DataFrame
        One period's unit overview: ``unit``, ``opd``, ``cukup`` and ``elements``.
    exposure : pandas.DataFrame
        That cycle's rows of the unit exposure table (``unit``, ``staf``, ``persen_ti``,
        ``persen_terlatih``).

    Returns
    -------
    pandas.DataFrame
        ``urutan``, ``unit``, ``opd``, the elements, ``nrr_u6_u7`` (their mean), ``staf``,
        ``persen_ti``, ``persen_terlatih``; units without an adequate sample are left out.

    Examples
    --------
    >>> ov = pd.DataFrame({"unit": ["a", "b", "c"], "opd": "X", "cukup": [True, True, False],
    ...                    "nrr_u6": [3.2, 2.9, 2.0], "nrr_u7": [3.0, 2.9, 2.0]})
    >>> ex = pd.DataFrame({"unit": ["a", "b", "c"], "staf": 5, "persen_ti": [20.0, 80.0, 0.0],
    ...                    "persen_terlatih": 50.0})
    >>> priority_units(ov, ex)["unit"].tolist()
    ['b', 'a']
    """
    ok = overview.loc[overview["cukup"].fillna(False).astype(bool)].copy()
    ok["nrr_u6_u7"] = ok[list(elements)].astype("float64").mean(axis=1)
    ok = ok.merge(exposure[["unit", "staf", "persen_ti", "persen_terlatih"]], on="unit",
                  how="left")
    ok = ok.sort_values(["nrr_u6_u7", "persen_ti", "unit"], na_position="last")
    ok.insert(0, "urutan", np.arange(1, len(ok) + 1))
    cols = ["urutan", "unit", "opd", *elements, "nrr_u6_u7", "staf", "persen_ti",
            "persen_terlatih"]
    return ok[cols].reset_index(drop=True)
