"""Layer 3: raw data -> ``data/processed``, and the only reader of ``data/processed``."""

from kompetensi.processing.build import (
    CODE_LAYERS,
    KEY_FIELD,
    MANIFEST,
    BuildResult,
    as_stored,
    available_cycles,
    build_processed,
    clean_cycle,
    clean_file,
    clean_files,
    code_files,
    completeness,
    cycles_with_other_key,
    input_hashes,
    programme_names,
)
from kompetensi.processing.check import CheckReport, check_raw
from kompetensi.processing.identifiers import raw_identifiers
from kompetensi.processing.load import load_processed
