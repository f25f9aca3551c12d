"""Policy step 4, monitoring and evaluation I (notebook 04): Kirkpatrick levels 1-3."""

from kompetensi.evaluation.learning import (
    Correlation,
    PairedChange,
    correlation,
    paired_change,
    paired_change_table,
    wilcoxon_p,
)
from kompetensi.evaluation.reliability import Alpha, cronbach_alpha, feldt_ci, item_analysis
from kompetensi.evaluation.survey import (
    dimensions,
    likert_distribution,
    prepare_items,
    reverse_items,
    scale_scores,
)
