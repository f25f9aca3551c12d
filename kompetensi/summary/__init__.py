"""The policy summary (notebook 07): indicators against the previous cycle, and the rules."""

from kompetensi.summary.brief import (
    FINDINGS,
    SUMMARY_KEY,
    Finding,
    executive_summary,
    summary_markdown,
)
from kompetensi.summary.indicators import (
    INDICATORS,
    SECTIONS,
    Indicator,
    claim_map,
    compare_indicators,
    previous_from_trend,
)
from kompetensi.summary.rules import (
    RECOMMENDATION_COLUMNS,
    rule_ci_includes_zero,
    rule_low_alpha,
    rule_low_jp_coverage,
    rule_service_priority,
    rule_stakeholder_inconsistency,
)
