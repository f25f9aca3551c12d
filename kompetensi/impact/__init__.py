"""Policy step 4, monitoring and evaluation II (notebook 05): effect on performance (L4).

Headline: Callaway-Sant'Anna (`staggered`); comparisons `robust_es` (Sun-Abraham), `imputation`,
TWFE (`panel`, `regression`); diagnostics `bacon`, `sensitivity`; few-cluster inference
`inference`, `bootstrap`, `randomization`, `cs_inference`; `ordinal`; power `power`, `power_sim`.
Results are frozen dataclasses (`core`); `data` builds the panel; `study`, `robust_*`, `prose`,
`figures`: notebook 05's steps.
"""

from kompetensi.core.bands import age_band  # noqa: I001 (compact: a face has <= 40 lines)
from kompetensi.impact.bacon import BaconResult, TwfeWeights, bacon_decomposition, twfe_weights
from kompetensi.impact.bootstrap import BootstrapResult, wild_cluster_bootstrap
from kompetensi.impact.core import EffectResult, Estimates, EventStudyResult, results_table
from kompetensi.impact.cs_inference import CsRandomization, cs_jackknife, cs_randomization
from kompetensi.impact.data import (NOT_TREATED, cohort_year_table, describe_panel,
                                    performance_panel, predikat_scores, score_changes, stack_cycles)
from kompetensi.impact.imputation import ImputationResult, imputation_effect
from kompetensi.impact.inference import jackknife_se, small_cluster_table
from kompetensi.impact.ordinal import (OrdinalEffectResult, equal_spacing_check,
                                       ordered_logit_effect, threshold_effects, threshold_outcomes)
from kompetensi.impact.panel import event_study, panel_effect
from kompetensi.impact.power import (SampleSize, design_effect, detectable_effect,
                                     intraclass_correlation, minimum_detectable_effect, power_plan,
                                     required_sample_size)
from kompetensi.impact.power_sim import PowerSimulation, required_participants, simulate_power
from kompetensi.impact.randomization import (RandomizationResult, randomization_inference,
                                             twfe_coefficient)
from kompetensi.impact.regression import did, did_2x2, regression_effect
from kompetensi.impact.robust_es import (HeterogeneityTest, RobustEventStudyResult, sun_abraham,
                                         treatment_heterogeneity_test)
from kompetensi.impact.sensitivity import SensitivityResult, relative_magnitudes, smoothness_bounds
from kompetensi.impact.sensitivity_input import from_event_study
from kompetensi.impact.staggered import (AggregatedEffects, GroupTimeEffects, aggregate_effects,
                                         as_event_study, group_time_effects)
from kompetensi.impact.study import (event_studies, headline_results, heterogeneity, main_effects,
                                     naive_comparison, regression_adjustment, se_sensitivity,
                                     selection_check, truth_rows)
from kompetensi.impact.unit_effects import UnitEffects, unit_effects
