"""Layer 1, personal data: pseudonyms and their key, small-cell suppression, leak scans.

``kompetensi.privacy.guard`` (the commit guard) is imported by the command line only.
"""

from kompetensi.privacy.disclosure import (
    MARGINS,
    count_or_none,
    mask_rows,
    mask_small_rows,
    suppress_crosstab,
    suppress_small_cells,
    suppress_small_groups,
    suppress_table,
)
from kompetensi.privacy.keys import key_fingerprint, key_problem, load_key, new_key
from kompetensi.privacy.pseudonym import (
    PID_BYTES,
    distinct_nips,
    mask_identifier,
    pids_by_row,
    pseudonymize,
    pseudonyms,
)
from kompetensi.privacy.scan import Finding, Identifiers, scan_for_leaks
