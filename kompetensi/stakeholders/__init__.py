"""Policy step 2, stakeholders (notebook 06): AHP priorities of each group."""

from kompetensi.stakeholders.consistency import (
    CR_THRESHOLD,
    DEFAULT_RANDOM_INDEX,
    consistency,
    random_index,
    random_index_tables,
)
from kompetensi.stakeholders.pairwise import AHPResult, aggregate_judgments, ahp, ahp_synthesis
from kompetensi.stakeholders.planted import TruthCheck, truth_check
from kompetensi.stakeholders.survey import (
    OVERALL,
    Judgments,
    group_priorities,
    group_weights,
    judgment_matrices,
    respondent_consistency,
)
from kompetensi.stakeholders.tables import (
    consistency_table,
    consistent,
    difference_rows,
    differences_table,
    follow_up,
    headline_results,
    inconsistent,
    problem_pairs,
    publishable_groups,
    random_index_entry,
    rank_table,
    sensitivity,
    weight_rows,
    weights_table,
)
from kompetensi.stakeholders.uncertainty import bootstrap_priorities, group_agreement
