"""Layer 1, personal data: pseudonyms and their key, small-cell suppression, leak scans.

``kompetensi.privacy.guard`` (the commit guard) is imported by the command line only.
"""

from kompetensi.privacy.disclosure import MARGINS, suppress_small_cells
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
