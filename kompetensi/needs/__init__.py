"""Policy step 1, needs (notebook 02): ASN profile, competency gaps, JPM, talent box, AKPK."""

from kompetensi.needs.gaps import (
    fill_required_levels,
    job_person_match,
    jpm_category,
    training_needs,
)
from kompetensi.needs.profile import DIMENSIONS, asn_profile
from kompetensi.needs.talent import (
    KINERJA_LEVELS,
    POTENSI_LEVELS,
    performance_level,
    talent_box,
    talent_grid,
)
