"""The planted truths of the SKM (the ``skm`` section of kebenaran.json).

The true effect of IT-training adoption on a unit's element ``k`` in year ``t`` is the
difference of the two expected NRRs, ``E[answer | a_u + b_k + c_t + delta] - E[answer |
a_u + b_k + c_t]`` (:func:`kompetensi.synth.skm_design.expected_answer`; exact, not an
estimate: blank answers are missing completely at random and leave the expectation alone).
``ATT(g, t)`` averages it over the units of cohort ``g`` (each unit weighs one) for every
``g <= t``; the converted IKM moves by ``25 / 9 * (ATT_u6 + ATT_u7)``.

Aggregates as ``aggte`` of R ``did`` / moderndid 0.2.0 (see
:mod:`kompetensi.synth.effect_truths`): ``simple`` weighs each post cell by its cohort's
number of units. ``att_gt`` drops units already treated in the first period (here cohort
2023: no pre-period), so ``simple`` covers cohorts 2024 and 2025 only; ``simple_all_cohorts``
adds the cells of cohort 2023 with the same weights.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.synth import skm_design as D
from kompetensi.synth import skm_exposure
from kompetensi.synth.population import CYCLES

OUTCOMES = ("att_nrr_u6", "att_nrr_u7", "att_ikm")


def unit_att(effect: float, year: int) -> dict[str, float]:
    """True effect of adoption on one unit's NRR u6, NRR u7 and converted IKM in ``year``.

    >>> round(unit_att(0.0, 2024)["att_ikm"], 3) > 0
    True
    """
    out = {}
    for k in D.TREATED_ELEMENTS:
        eta = effect + D.ELEMENT[k] + D.YEAR[year]
        out[f"att_nrr_{k}"] = float(D.expected_answer(eta + D.DELTA) - D.expected_answer(eta))
    out["att_ikm"] = 25.0 / 9.0 * (out["att_nrr_u6"] + out["att_nrr_u7"])
    return out


def expected_nrr(effect: float, year: int, treated: bool) -> dict[str, float]:
    """Expected NRR of the nine elements (as assigned) and the converted IKM."""
    out = {}
    for k in D.UNSUR:
        shift = D.DELTA if treated and k in D.TREATED_ELEMENTS else 0.0
        out[k] = float(D.expected_answer(effect + D.ELEMENT[k] + D.YEAR[year] + shift))
    out["ikm"] = 25.0 * float(np.mean([out[k] for k in D.UNSUR]))
    return out


def _weighted(cells: dict, sizes: dict, keep) -> dict:
    items = [(sizes[g], m) for (g, t), m in cells.items() if keep(g, t)]
    total = sum(w for w, _ in items)
    return {k: round(sum(w * m[k] for w, m in items) / total, 6) for k in OUTCOMES}


def aggregates(cells: dict[tuple[int, int], dict], sizes: dict[int, int]) -> dict:
    """``simple`` (cohorts after the first period), ``simple_all_cohorts``, group, dynamic."""
    first = CYCLES[0]
    later = {g for g, _ in cells if g > first}
    group = {f"cohort_{g}": {k: round(float(np.mean([m[k] for (h, _), m in cells.items()
                                                      if h == g])), 6) for k in OUTCOMES}
             for g in sorted({g for g, _ in cells})}
    dynamic = {}
    for e in sorted({t - g for g, t in cells if g in later}):
        dynamic[f"e{e}"] = _weighted(cells, sizes, lambda g, t, e=e: g in later and t - g == e)
    return {
        "simple": _weighted(cells, sizes, lambda g, t: g in later),
        "simple_cohorts": sorted(later),
        "simple_all_cohorts": _weighted(cells, sizes, lambda g, t: True),
        "group": group,
        "dynamic_identified_cohorts": dynamic,
        "weights": (
            "each post cell ATT(g,t), g <= t, weighs the number of units of cohort g; simple: "
            f"cohorts after {first} (att_gt of R did / moderndid drops units treated in the "
            "first period); simple_all_cohorts: every cohort; group: plain mean of a "
            "cohort's cells; dynamic: cells with t - g = e of the identified cohorts"
        ),
        "control_group": "never adopting units (g = 0); no anticipation",
    }


def truths(units, expo: pd.DataFrame, g: dict[str, int], effect: dict[str, float],
           periods: pd.DataFrame, layout: dict, recaps: pd.DataFrame) -> dict:
    """The ``skm`` truths (rounded by the README writer)."""
    sizes = {c: sum(1 for v in g.values() if v == c) for c in (*CYCLES, 0)}
    cells = {}
    for c in CYCLES:
        members = [u.unit for u in units if g[u.unit] == c]
        for t in CYCLES:
            if t < c or not members:
                continue
            per_unit = [unit_att(effect[m], t) for m in members]
            cells[(c, t)] = {k: float(np.mean([p[k] for p in per_unit])) for k in OUTCOMES}
    sizes_treated = {c: n for c, n in sizes.items() if c}
    expected = {u.unit: {str(t): {k: round(v, 6) for k, v in expected_nrr(
        effect[u.unit], t, 0 < g[u.unit] <= t).items() if k in ("u6", "u7", "ikm")}
        for t in CYCLES} for u in units}
    short = periods[periods["kurang"]]
    return {
        "rule": (
            "persen_ti(u,t) = share of the unit's active (kedudukan Aktif) front-line staff "
            "(jenis jabatan Fungsional or Pelaksana) on the roster of 31 December t, PPPK "
            "paruh waktu included, with >= 1 IT training (topik_ti keywords of "
            "reference/topik_ti.csv on the activity's name + kind) started in t; sub-unit "
            "(Puskesmas, kelurahan): roster rows whose unit is the unit; OPD-level unit: all "
            "rows of the OPD; g(u) = first t with persen_ti >= threshold, 0 = never (also "
            "without front-line staff)"
        ),
        "threshold": skm_exposure.THRESHOLD,
        "adoption_year": dict(g),
        "cohort_sizes": {str(c): n for c, n in sizes.items()},
        "exposure": {u: {str(int(r.tahun)): {"n_front": int(r.n_front), "n_ti": int(r.n_ti),
                                             "persen_ti": (None if np.isnan(r.persen_ti)
                                                           else float(r.persen_ti))}
                         for r in f.itertuples()}
                     for u, f in expo.groupby("unit", sort=False)},
        "delta_latent": D.DELTA,
        "treated_elements": list(D.TREATED_ELEMENTS),
        "latent_model": {
            "formula": "y* = a_u + b_k + c_t + delta * 1[k in (u6, u7), 0 < g(u) <= t] + r_i "
                       "+ e_ik; answer = 1 + #{c: y* > cut_c}",
            "cuts": list(D.CUTS), "noise": f"logistic, scale {D.NOISE_SCALE}",
            "sd_respondent": D.SD_RESPONDENT, "sd_unit": D.SD_UNIT,
            "element_effect": dict(D.ELEMENT), "year_effect": {str(k): v for k, v in
                                                               D.YEAR.items()},
            "unit_type_mean": {k: v.mean for k, v in D.TYPES.items()},
        },
        "unit_effect": dict(effect),
        "att_by_cohort_year": {f"cohort_{c}_year_{t}": {"g": c, "t": t, "units": sizes[c],
                                                        **m} for (c, t), m in cells.items()},
        "callaway_santanna": aggregates(cells, sizes_treated),
        "expected_nrr_as_assigned": expected,
        "layouts": {u.unit: {str(t): layout[(u.unit, t)] for t in CYCLES} for u in units},
        "recap_only_unit": D.RECAP_ONLY,
        "ikm_weight_0111_units": sorted(set(recaps.loc[recaps["bobot"] == "0,111", "unit"])),
        "unit_periods": int(len(periods)),
        "below_krejcie_morgan": [
            {"unit": r.unit, "periode": r.periode, "populasi": int(r.populasi),
             "responden_drawn": int(r.n), "minimum_table": [int(r.km_min_lo),
                                                            int(r.km_min_hi)]}
            for r in short.itertuples()],
        "sample_size_rule": (
            "Krejcie & Morgan (1970) table; counts meeting it are at least the table's "
            "minimum at the next entry above the population, counts missing it are below the "
            "minimum at the entry below (so every reading of the table agrees); responden_drawn "
            "counts generated respondents, all-blank ones included"
        ),
    }
