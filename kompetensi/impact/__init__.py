"""Policy step 4, monitoring and evaluation II (notebook 05): effect on performance (L4).

Estimators (:mod:`~kompetensi.impact.regression`, :mod:`~kompetensi.impact.panel`, power in
:mod:`~kompetensi.impact.power`) return a frozen :class:`EffectResult` (conventions in `core`);
:mod:`~kompetensi.impact.data` builds the panel; `study`, `prose`, `figures`: notebook 05's steps.
"""

from kompetensi.core.bands import age_band
from kompetensi.impact.core import EffectResult, Estimates, EventStudyResult, results_table
from kompetensi.impact.data import (
    NOT_TREATED,
    cohort_year_table,
    describe_panel,
    performance_panel,
    predikat_scores,
    score_changes,
    stack_cycles,
)
from kompetensi.impact.panel import event_study, panel_effect
from kompetensi.impact.power import (
    SampleSize,
    design_effect,
    detectable_effect,
    intraclass_correlation,
    minimum_detectable_effect,
    power_plan,
    required_sample_size,
)
from kompetensi.impact.regression import did, did_2x2, regression_effect
from kompetensi.impact.study import (
    event_studies,
    headline_results,
    heterogeneity,
    main_effects,
    naive_comparison,
    regression_adjustment,
    se_sensitivity,
    selection_check,
    truth_rows,
)
