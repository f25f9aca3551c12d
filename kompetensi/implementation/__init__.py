"""Policy step 3, implementation (notebook 03): credited JP, the 20 JP right, equity, IP ASN."""

from kompetensi.core.bands import age_band
from kompetensi.implementation.coverage import (
    Compliance,
    inactive_staff,
    it_reach,
    it_reach_by_status,
    jp_compliance,
    jp_per_asn,
)
from kompetensi.implementation.credit import activities_of_year, credit_jp, keyword_rule
from kompetensi.implementation.data import activity_counts, cycle_tables
from kompetensi.implementation.equity import (
    Concentration,
    Persistence,
    jp_concentration,
    jp_persistence,
    jp_share_by,
    persistence_table,
)
from kompetensi.implementation.ip_tables import ip_band_table, ip_bands, ip_items, ip_summary
from kompetensi.implementation.overview import (
    DIMENSIONS,
    JP_BANDS,
    compliance_by,
    jp_bands,
    jp_overview,
    pns_characteristics,
    programme_participants,
    rule_usage,
)
from kompetensi.implementation.professionalism import ip_asn, ip_band
from kompetensi.implementation.results import headline, jp_trend
