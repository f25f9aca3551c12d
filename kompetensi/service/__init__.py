"""Public service quality (notebook 08): the community satisfaction survey (SKM) per service unit,
its index (IKM) and quality band, and the unit's staff exposure to training."""

from kompetensi.service.bootstrap import UNSUR_NAMA, element_summary, ikm_intervals
from kompetensi.service.city import city_index, priority_units
from kompetensi.service.data import (
    annual_outcomes,
    reporting_periods,
    service_units,
    stack_optional,
)
from kompetensi.service.exposure import adoption_year, cohort_counts, unit_exposure, unit_panel
from kompetensi.service.ikm import IkmResult, ikm_score, ikm_table, quality_band
from kompetensi.service.profile import respondent_profile
from kompetensi.service.recap import combine_recap, unit_overview
from kompetensi.service.sample_size import krejcie_morgan, minimum_sample, sample_adequacy
