"""Policy step 3, implementation (notebook 03): credited JP, the 20 JP right, equity, IP ASN."""

from kompetensi.core.bands import age_band
from kompetensi.implementation.coverage import (
    Compliance,
    jp_compliance,
    jp_per_asn,
)
from kompetensi.implementation.credit import activities_of_year, credit_jp, keyword_rule
from kompetensi.implementation.equity import (
    Concentration,
    Persistence,
    jp_concentration,
    jp_persistence,
)
from kompetensi.implementation.professionalism import ip_asn, ip_band
