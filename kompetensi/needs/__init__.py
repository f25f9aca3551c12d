"""Policy step 1, needs (notebook 02): ASN profile, competency gaps, JPM, talent box, AKPK.

The figures (``kompetensi.needs.figures``) are imported on their own, so that this face stays
free of matplotlib.
"""

from kompetensi.needs.breakdowns import (
    assessment_coverage,
    gap_trend,
    gaps_by_post_type,
    gaps_per_competency,
    jpm_abbreviations,
    jpm_by_opd,
    jpm_by_post_type,
    opd_profile,
    people_jpm,
    percent_below_standard,
    talent_by_post_type,
    training_need_ranking,
)
from kompetensi.needs.gaps import (
    assessed_cycles,
    fill_required_levels,
    job_person_match,
    jpm_bands,
    jpm_category,
    training_needs,
)
from kompetensi.needs.profile import DIMENSIONS, asn_profile
from kompetensi.needs.talent import (
    KINERJA_LEVELS,
    POTENSI_LEVELS,
    performance_level,
    talent_box,
    talent_counts,
    talent_grid,
)
