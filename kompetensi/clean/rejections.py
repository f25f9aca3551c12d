"""Bookkeeping of rejected rows and cells while a raw table is cleaned."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.clean.reasons import message
from kompetensi.privacy.pseudonym import mask_identifier

REJECT_COLUMNS = ["tabel", "file", "baris", "cakupan", "alasan", "pesan", "kolom", "nilai"]
IDENTIFYING = {"nip", "nama", "tanggal_lahir", "pns_id"}


class Rejections:
    """Collects the first reason for each rejected row.

    Masks are aligned on the rows being cleaned (same index, same order); only the rows that
    are newly rejected are copied, so a table of millions of rows with few rejects stays cheap.
    """

    def __init__(self, table: str, source: str, index: pd.Index):
        self.table, self.source, self.index = table, source, index
        self.rejected = np.zeros(len(index), dtype=bool)
        self.parts: list[pd.DataFrame] = []
        self.cells: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, reason: str | pd.Series, column: str,
            values: pd.Series | None = None) -> None:
        mask = pd.Series(mask, copy=False)
        new = mask.fillna(False).to_numpy(dtype=bool) & ~self.rejected
        if not new.any():
            return
        self.rejected |= new
        rows = np.flatnonzero(new)
        if isinstance(reason, pd.Series):
            reason = reason.iloc[rows].astype("string").to_numpy()
        shown = pd.Series(pd.NA, index=range(len(rows)), dtype="string")
        if values is not None:
            shown = pd.Series(values, copy=False).iloc[rows].astype("string")
            if column in IDENTIFYING:
                shown = mask_identifier(shown)
        self.parts.append(pd.DataFrame({
            "baris": self.index[rows], "cakupan": "baris", "alasan": reason, "kolom": column,
            "nilai": shown.to_numpy()}))

    def add_cells(self, rows: pd.Index, columns: pd.Series, reason: str,
                  values: pd.Series) -> None:
        self.cells.append(pd.DataFrame({
            "baris": rows, "cakupan": "sel", "alasan": reason, "kolom": columns.to_numpy(),
            "nilai": values.astype("string").to_numpy()}))

    @property
    def keep(self) -> pd.Series:
        return pd.Series(~self.rejected, index=self.index)

    def frame(self) -> pd.DataFrame:
        empty = pd.DataFrame({c: pd.Series(dtype="string") for c in REJECT_COLUMNS})
        out = pd.concat([empty.drop(columns=["tabel", "file", "pesan"]), *self.parts,
                         *self.cells], ignore_index=True)
        out.insert(0, "tabel", self.table)
        out.insert(1, "file", self.source)
        out["pesan"] = out["alasan"].map(message)
        out = out.astype({c: "string" for c in REJECT_COLUMNS if c != "baris"})
        out["baris"] = out["baris"].astype("int64")
        return out[REJECT_COLUMNS].sort_values(["baris", "cakupan", "kolom"], kind="stable",
                                               ignore_index=True)
