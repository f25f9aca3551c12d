"""Staggered effects on a panel of organisational units (e.g. service units and their SKM), with
the few-cluster inference side by side and the detectable effect at this number of units.

The unit is the cluster: treatment (e.g. "most front-line staff trained in IT") is assigned to a
whole unit, so every standard error is clustered by unit. The estimators are notebook 05's:
Callaway-Sant'Anna with never-treated controls (headline) and not-yet-treated controls, the
unit jackknife (CR3) and randomization inference over the adoption years for the CS simple ATT,
and TWFE with CR1 and the wild cluster restricted bootstrap as a labelled comparison. The
interval a conclusion rests on is the widest of the CS intervals (as A-DMP-10 for notebook 05).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.impact.bootstrap import wild_cluster_bootstrap
from kompetensi.impact.core import EffectResult
from kompetensi.impact.cs_inference import cs_jackknife, cs_randomization
from kompetensi.impact.panel import panel_effect
from kompetensi.impact.power import detectable_effect
from kompetensi.impact.staggered import GroupTimeEffects, aggregate_effects, group_time_effects

CS_IF = "CS, galat baku fungsi pengaruh per unit"
CS_NOT_YET = "CS, kontrol belum diperlakukan"
CS_JACKKNIFE = "CS, jackknife unit (CR3)"
CS_RI = "CS, inferensi randomisasi (waktu adopsi)"
TWFE_CR1 = "TWFE, CR1 per unit (pembanding)"
TWFE_WCR = "TWFE, bootstrap wild cluster terbatas, bobot Webb (pembanding)"


@dataclass(frozen=True)
class UnitEffects:
    """Per outcome: the CS headline, the interval the conclusion rests on, the detectable
    effect, and every estimate side by side in ``table``."""

    headline: dict[str, EffectResult]
    conclusion: dict[str, EffectResult]
    mde: dict[str, float]
    table: pd.DataFrame = field(repr=False)
    cells: dict[str, GroupTimeEffects] = field(repr=False)
    n_units: int = 0
    n_treated: int = 0
    power: float = 0.8


def _ri_row(ri, label: str) -> dict:
    return {"hasil": label, "estimator": CS_RI, "estimasi": ri.estimate, "ci_bawah": np.nan,
            "ci_atas": np.nan, "se": np.nan, "nilai_p": ri.p_value, "n": np.nan,
            "n_klaster": np.nan, "jenis_se": f"permutasi ({ri.reps} ulangan)"}


def _wcr_row(b, label: str) -> dict:
    return {"hasil": label, "estimator": TWFE_WCR, "estimasi": b.estimate, "ci_bawah": b.ci_low,
            "ci_atas": b.ci_high, "se": np.nan, "nilai_p": b.p_value, "n": b.n,
            "n_klaster": b.n_clusters, "jenis_se": b.se_type}


def unit_effects(panel: pd.DataFrame, outcomes: Mapping[str, str], *, unit: str = "unit",
                 time: str = "tahun", first_treated: str = "kohort", treatment: str = "sudah",
                 alpha: float = 0.05, power: float = 0.8, reps: int = 999,
                 wild_reps: int = 9999, seed: int = 20250521) -> UnitEffects:
    """Callaway-Sant'Anna effects of a unit-level adoption on unit outcomes, with few-cluster
    inference.

    Parameters
    ----------
    panel : pandas.DataFrame
        One row per unit and period: ``unit``, ``time``, ``first_treated`` (adoption period,
        0 = never), ``treatment`` (1 from adoption on) and the outcomes. Units observed in
        fewer than all periods are dropped by the CS estimator (balanced panel) and counted in
        :attr:`GroupTimeEffects.n_dropped_unbalanced`; units treated from the first period have
        no before-period and are dropped too (``n_dropped_always``).
    outcomes : mapping
        Outcome column -> label.
    alpha, power : float
        Test level (intervals 1 - alpha) and the power of the detectable effect.
    reps, wild_reps : int
        Multiplier-bootstrap / permutation draws, and wild-bootstrap draws.
    seed : int

    Returns
    -------
    UnitEffects
        ``table`` (columns ``hasil``, ``estimator`` and those of
        :meth:`EffectResult.as_row`); ``conclusion``: the widest CS interval (IF or CR3);
        ``mde``: :func:`~kompetensi.impact.power.detectable_effect` of its standard error.

    References
    ----------
    Callaway, B. & Sant'Anna, P.H.C. (2021). Difference-in-differences with multiple time
    periods. J. Econometrics 225(2), 200-230. MacKinnon, J.G., Nielsen, M.O. & Webb, M.D.
    (2023). Cluster-robust inference: a guide to empirical practice. J. Econometrics 232(2).
    """
    missing = {unit, time, first_treated, treatment, *outcomes} - set(panel.columns)
    if missing:
        raise ValueError(f"panel tidak memiliki kolom {sorted(missing)}")
    data = panel.copy()
    data["_klaster"] = data[unit].astype("string")
    rows, headline, conclusion, mde, cells = [], {}, {}, {}, {}
    for outcome, label in outcomes.items():
        gt = group_time_effects(data, outcome, unit, time, first_treated, cluster="_klaster",
                                alpha=alpha, reps=reps, seed=seed)
        cells[outcome] = gt
        cs = aggregate_effects(gt, "simple").overall
        not_yet = aggregate_effects(group_time_effects(
            data, outcome, unit, time, first_treated, cluster="_klaster", control="not_yet",
            alpha=alpha, reps=0, seed=seed), "simple").overall  # analytic SE only: no bands
        jack = cs_jackknife(data, outcome, unit, time, first_treated, "_klaster", alpha=alpha)
        ri = cs_randomization(data, outcome, unit, time, first_treated, reps=reps, seed=seed)
        twfe = panel_effect(data, outcome, treatment, unit, time, cluster="_klaster",
                            alpha=alpha)
        wcr = wild_cluster_bootstrap(data, outcome, treatment, unit, time, "_klaster",
                                     weights="webb", reps=wild_reps, seed=seed, alpha=alpha)
        rows += [cs.as_row(hasil=label, estimator=CS_IF),
                 not_yet.as_row(hasil=label, estimator=CS_NOT_YET),
                 jack.as_row(hasil=label, estimator=CS_JACKKNIFE), _ri_row(ri, label),
                 twfe.as_row(hasil=label, estimator=TWFE_CR1), _wcr_row(wcr, label)]
        headline[outcome] = cs
        widest = max((cs, jack), key=lambda r: r.ci_high - r.ci_low)
        conclusion[outcome] = widest
        mde[outcome] = detectable_effect(widest.se, alpha=alpha, power=power)
    first = cells[next(iter(outcomes))]
    treated = int(first.cells.drop_duplicates("kohort")["n_kohort"].sum())
    table = pd.DataFrame(rows).set_index(["hasil", "estimator"])
    return UnitEffects(headline, conclusion, mde, table, cells, n_units=first.n_units,
                       n_treated=treated, power=power)
