"""Policy step 2, stakeholders (notebook 06): AHP priorities of each group."""

from kompetensi.stakeholders.consistency import (
    CR_THRESHOLD,
    DEFAULT_RANDOM_INDEX,
    consistency,
    random_index,
    random_index_tables,
)
from kompetensi.stakeholders.pairwise import AHPResult, aggregate_judgments, ahp, ahp_synthesis
from kompetensi.stakeholders.survey import (
    OVERALL,
    Judgments,
    group_priorities,
    judgment_matrices,
    respondent_consistency,
)
from kompetensi.stakeholders.uncertainty import bootstrap_priorities, group_agreement
