"""Layer 3: raw data -> ``data/processed``, and the only reader of ``data/processed``."""

from kompetensi.processing.agencies import agency_sizes, load_cycles, restrict_to_opd
from kompetensi.processing.build import (
    CODE_LAYERS,
    KEY_FIELD,
    MANIFEST,
    READINESS,
    BuildResult,
    as_stored,
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
from kompetensi.processing.cycles import available_cycles, cycles_through
from kompetensi.processing.identifiers import raw_identifiers
from kompetensi.processing.load import cycle_readiness, load_processed, readiness_facts
from kompetensi.processing.readiness import (
    DEFAULT_MAX_REJECTED,
    REQUIRED_TABLES,
    Readiness,
    assess,
    cycle_facts,
    item_table,
    readiness_table,
)
