"""Public service quality (notebook 08): the community satisfaction survey (SKM) per service unit,
its index (IKM) and quality band, and the unit's staff exposure to training."""

from kompetensi.service.bootstrap import (
    UNSUR_NAMA,
    IkmDraws,
    bootstrap_draws,
    element_summary,
    ikm_intervals,
    percentile_interval,
)
from kompetensi.service.city import city_index, priority_units
from kompetensi.service.ikm import (
    IkmResult,
    ikm_from_nrr,
    ikm_score,
    ikm_table,
    quality_band,
    round_half_up,
)
from kompetensi.service.recap import combine_recap, unit_overview
from kompetensi.service.sample_size import (
    krejcie_morgan,
    minimum_sample,
    rank_units,
    sample_adequacy,
)
