"""Policy step 4, monitoring and evaluation II (notebook 05): effect on performance (L4).

Regression adjustment and DiD (:mod:`~kompetensi.impact.regression`), two-way fixed effects and
event studies (:mod:`~kompetensi.impact.panel`), power (:mod:`~kompetensi.impact.power`), the
person-year panel (:mod:`~kompetensi.impact.data`); every estimator returns a frozen
:class:`EffectResult` (:mod:`~kompetensi.impact.core`, where the conventions are listed).
"""

from kompetensi.core.bands import age_band
from kompetensi.impact.core import EffectResult, EventStudyResult, results_table
from kompetensi.impact.data import NOT_TREATED, performance_panel, predikat_scores
from kompetensi.impact.panel import event_study, panel_effect
from kompetensi.impact.power import (
    SampleSize,
    design_effect,
    intraclass_correlation,
    minimum_detectable_effect,
    required_sample_size,
)
from kompetensi.impact.regression import did, regression_effect
