"""Policy step 4, monitoring and evaluation I (notebook 04): Kirkpatrick levels 1-3."""

from kompetensi.evaluation.behaviour import (
    agreement_table,
    behaviour_scores,
    gain_and_total,
    gain_link,
    tertile_means,
)
from kompetensi.evaluation.change import change_summary, group_change, group_means, with_staff
from kompetensi.evaluation.figures import likert_bars, mean_ci_points, tertile_points
from kompetensi.evaluation.headlines import headline, truth_rows
from kompetensi.evaluation.learning import (
    Correlation,
    PairedChange,
    correlation,
    mean_ci,
    paired_change,
    paired_change_table,
    wilcoxon_p,
)
from kompetensi.evaluation.programme import Programme, of_program, participation, select_programme
from kompetensi.evaluation.reaction import item_labels, item_review, item_table, reaction_survey
from kompetensi.evaluation.reliability import Alpha, cronbach_alpha, feldt_ci, item_analysis
from kompetensi.evaluation.survey import (
    dimensions,
    likert_distribution,
    prepare_items,
    reverse_items,
    scale_scores,
)
