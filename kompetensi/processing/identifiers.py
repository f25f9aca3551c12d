"""The personal identifiers in a dataset's raw data, for the leak scan of published files.

Every part file of every table of every cycle is read with the dataset's own header aliases
(``data/raw/<dataset>/header_alias.csv``), as cleaning reads it; only the identifier columns
(:data:`IDENTIFIER_COLUMNS`) are converted from a CSV.
"""

from __future__ import annotations

import pandas as pd

from kompetensi import io, privacy
from kompetensi.clean import parse_nip, parse_tanggal
from kompetensi.core import config
from kompetensi.core.errors import DataError
from kompetensi.privacy import scan
from kompetensi.processing.cycles import available_cycles

_TITLE_PREFIX = r"^(?:(?:dr|drs|dra|ir|h|hj|prof|ns|apt|drg)\.?\s+)+"
# canonical raw columns that hold personal data (docs/data_dictionary.md)
IDENTIFIER_COLUMNS = ("nip", "nama", "tanggal_lahir", "gelar_depan", "gelar_belakang",
                      *scan.NUMBER_KINDS, "email", "alamat")


def dataset_aliases(dataset: str) -> pd.DataFrame | None:
    """The dataset's own header aliases (``tabel``, ``kolom``, ``alias``), or ``None``."""
    path = config.raw_root() / dataset / "header_alias.csv"
    return pd.read_csv(path, dtype=str) if path.is_file() else None


def _bare_names(names: pd.Series) -> set[str]:
    """Names as written and without academic titles ("Dr. Ani Lestari, M.Si." -> "Ani Lestari")."""
    text = names.dropna().astype(str).str.strip()
    bare = text.str.split(",").str[0].str.replace(_TITLE_PREFIX, "", regex=True, case=False)
    return set(text) | set(bare.str.strip())


def titled_names(data: pd.DataFrame) -> set[str]:
    """Names with the titles of their own columns: ``gelar_depan`` + ``nama`` + ``,``
    ``gelar_belakang`` ("Dr." + "Ani Lestari" + "M.Si." -> "Dr. Ani Lestari, M.Si.").

    >>> sorted(titled_names(pd.DataFrame({"nama": ["Ani Lestari", "Budi Santoso"],
    ...     "gelar_depan": ["Dr.", None], "gelar_belakang": ["M.Si.", "S.Pd."]})))
    ['Budi Santoso, S.Pd.', 'Dr. Ani Lestari', 'Dr. Ani Lestari, M.Si.']
    """
    if "nama" not in data or not {"gelar_depan", "gelar_belakang"} & set(data.columns):
        return set()

    def text(column: str) -> pd.Series:
        values = data[column] if column in data else pd.Series(pd.NA, index=data.index)
        return values.astype("string").str.strip().fillna("")

    nama, front, back = text("nama"), text("gelar_depan"), text("gelar_belakang")
    fronted = (front + " " + nama).str.strip()
    full = fronted + (", " + back).where(back != "", "")
    keep = nama != ""
    return set(full[keep]) | set(fronted[keep & (front != "")])


def _identifier_columns(raw: io.RawFile, table: str,
                        aliases: pd.DataFrame | None) -> pd.DataFrame:
    """The identifier columns of a file, by canonical name (the first of each)."""
    known = io.header_aliases(table, aliases)
    renamed: dict[str, str] = {}
    for column in raw.data.columns:
        canonical = known.get(io.header_key(column))
        if canonical in IDENTIFIER_COLUMNS and canonical not in renamed.values():
            renamed[column] = canonical
    return raw.data[list(renamed)].rename(columns=renamed)


def raw_identifiers(dataset: str) -> privacy.Identifiers:
    """Every identifier found in any raw file of a dataset (for leak scans): NIPs, names
    (bare and with titles), birth dates, NIK, NPWP, BPJS, phone, old NIP, PNS ID, e-mail
    and address. A file that cannot be read is left out (cleaning refuses it anyway)."""
    aliases = dataset_aliases(dataset)
    nips, names, births = set(), set(), set()
    values: dict[str, list[pd.Series]] = {c: [] for c in (*scan.NUMBER_KINDS, "email",
                                                          "alamat")}
    for cycle in available_cycles(dataset):
        for table, paths in io.raw_files(dataset, cycle).items():
            for path in paths:
                try:
                    raw = io.read_raw(path, table, columns=IDENTIFIER_COLUMNS, aliases=aliases)
                except DataError:
                    continue
                data = _identifier_columns(raw, table, aliases)
                if "nip" in data:
                    parsed = parse_nip(data["nip"])
                    nips.update(parsed.nip.dropna())
                    births.update(parsed.tanggal_lahir.dropna())
                if "nama" in data:
                    names.update(_bare_names(data["nama"]))
                    names.update(titled_names(data))
                if "tanggal_lahir" in data:
                    births.update(parse_tanggal(data["tanggal_lahir"]).dropna())
                for column, found in values.items():
                    if column in data:
                        found.append(data[column].dropna().drop_duplicates().astype(str))
    names.discard("")
    cells = {c: pd.Series(pd.concat(v).unique() if v else [], dtype=object)
             for c, v in values.items()}
    lettered = cells["pns_id"].str.contains(r"[^\W\d_]", regex=True).astype(bool)
    codes = {"pns_id": forms} if (forms := scan.code_forms(cells["pns_id"][lettered])) else {}
    cells["pns_id"] = cells["pns_id"][~lettered]  # a PNS ID of digits only is a number
    numbers = {k: forms for k in scan.NUMBER_KINDS
               if (forms := scan.number_forms(cells[k], k))}
    return privacy.Identifiers(frozenset(nips), frozenset(names),
                               frozenset(pd.Timestamp(b).normalize() for b in births),
                               numbers=numbers, emails=scan.email_forms(cells["email"]),
                               addresses=scan.address_forms(cells["alamat"]), codes=codes)
