"""The personal identifiers in a dataset's raw data, for the leak scan of published files."""

from __future__ import annotations

import pandas as pd

from kompetensi import io, privacy
from kompetensi.clean import parse_nip, parse_tanggal
from kompetensi.core.errors import DataError
from kompetensi.processing.cycles import available_cycles

_TITLE_PREFIX = r"^(?:(?:dr|drs|dra|ir|h|hj|prof|ns|apt|drg)\.?\s+)+"


def _bare_names(names: pd.Series) -> set[str]:
    """Names as written and without academic titles ("Dr. Ani Lestari, M.Si." -> "Ani Lestari")."""
    text = names.dropna().astype(str).str.strip()
    bare = text.str.split(",").str[0].str.replace(_TITLE_PREFIX, "", regex=True, case=False)
    return set(text) | set(bare.str.strip())


def raw_identifiers(dataset: str) -> privacy.Identifiers:
    """NIPs, names and birth dates found in any raw table of a dataset (for leak scans)."""
    nips, names, births = set(), set(), set()
    for cycle in available_cycles(dataset):
        for table, path in io.raw_files(dataset, cycle).items():
            try:
                data = io.canonical_columns(io.read_raw(path, table), table)
            except DataError:
                continue
            if "nip" in data:
                parsed = parse_nip(data["nip"])
                nips.update(parsed.nip.dropna())
                births.update(parsed.tanggal_lahir.dropna())
            if "nama" in data:
                names.update(_bare_names(data["nama"]))
            if "tanggal_lahir" in data:
                births.update(parse_tanggal(data["tanggal_lahir"]).dropna())
    names.discard("")
    return privacy.Identifiers(frozenset(nips), frozenset(names),
                               frozenset(pd.Timestamp(b).normalize() for b in births))
