"""Rows of a hand-made table that hold no record: totals, signature blocks, group headers,
rows numbered in advance and left empty.

Staff build their workbooks to be printed and signed. Such rows have no NIP; they are not
lost data, but they must not vanish either: each is rejected with a reason of its own
(:data:`LAYOUT_REASONS`), which the quality report counts apart from the rows rejected for
their content, and which the readiness gate does not count against the rejected share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.clean.fields import _has_text
from kompetensi.clean.normalize import _text
from kompetensi.io.columns import header_key

LAYOUT_REASONS = ("baris_bernomor_kosong", "baris_jumlah", "baris_judul_kelompok",
                  "baris_tanda_tangan", "baris_olah_skm")
# Tables whose every record carries a NIP: a row without one may be layout.
PERSON_TABLES = ("pegawai", "pelatihan", "asesmen", "kinerja", "disiplin", "tes")
ROW_NUMBER_COLUMNS = {"no", "no urut", "nomor", "nomor urut", "no "}

# the whole cell: "JUMLAH", "Total JP", "Sub Total:"; not "Total Quality Management"
_TOTAL = (r"(?i)^\s*(?:sub\s*-?\s*)?(?:jumlah|total|grand\s+total|rekapitulasi)"
          r"(?:\s+\w+)?\s*:?\s*$")
_MONTH = (r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|"
          r"november|desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|okt|nov|des)")
_SIGNATURE = (r"(?i)^\s*(?:nip\.?\s*[:.]?\s*\d|(?:kepala|sekretaris|plt|plh|a\s*\.?\s*n|"
              r"mengetahui|menyetujui|yang\s+membuat|dibuat\s+oleh|disahkan)\b|"
              rf"[a-z .]+,\s*(?:tanggal\s+)?\d{{1,2}}\s+{_MONTH}\.?\s+\d{{4}})")


def layout_rows(raw: pd.DataFrame, table: str) -> pd.Series:
    """The layout reason of each row that holds no record, <NA> for the others.

    Only rows without a NIP are looked at (few, in a usable file), and only in the tables
    whose records all carry one (:data:`PERSON_TABLES`). Of those rows:

    - ``baris_bernomor_kosong``: nothing but a running number;
    - ``baris_jumlah``: a cell reads *jumlah*, *total*, *subtotal* or *rekapitulasi*, with
      at most one more word ("Jumlah JP");
    - ``baris_tanda_tangan``: from a row below the last record that reads like a signature
      block ("Pangkalpinang, 5 Januari 2026", "Kepala …", "a.n.", "NIP. …") to the end;
    - ``baris_judul_kelompok``: a single filled cell, numbered or in capitals ("2. DINAS
      KESEHATAN"), in a row without a running number.

    Other rows without a NIP are left to the cleaner (which rejects them as ``nip_kosong``).

    Parameters
    ----------
    raw : DataFrame
        Raw rows with canonical column names, in file order.
    table : str
        The canonical table.

    Returns
    -------
    Series of string
        On ``raw``'s index.

    Examples
    --------
    >>> raw = pd.DataFrame({"No": [1, 2, None], "nip": ["x", None, None],
    ...                     "opd": ["Dinkes", None, "JUMLAH"]})
    >>> layout_rows(raw, "pegawai").tolist()
    [<NA>, 'baris_bernomor_kosong', 'baris_jumlah']
    """
    out = pd.Series(pd.NA, index=raw.index, dtype="string")
    if table not in PERSON_TABLES or "nip" not in raw.columns or not len(raw):
        return out
    no_id = ~_has_text(raw["nip"]).to_numpy(dtype=bool)
    at = np.flatnonzero(no_id)
    if not len(at):
        return out
    rows = raw.iloc[at].drop(columns="nip")
    numbers = [c for c in rows.columns if header_key(c) in ROW_NUMBER_COLUMNS]
    text = pd.DataFrame({c: _text(rows[c].astype("string")) for c in rows.columns},
                        index=rows.index)
    filled = text.notna()
    # a running number is digits; text in the number column ("2. DINAS KESEHATAN") is a cell
    counted = filled.copy()
    for column in numbers:
        counted[column] &= ~text[column].str.fullmatch(r"\d+(?:\.0+)?[.)]?", na=False)
    n_filled = counted.sum(axis=1).to_numpy()
    total = np.zeros(len(rows), dtype=bool)
    signature = np.zeros(len(rows), dtype=bool)
    for column in text.columns:
        values = text[column]
        total |= values.str.contains(_TOTAL, regex=True, na=False).to_numpy(dtype=bool)
        signature |= values.str.contains(_SIGNATURE, regex=True, na=False).to_numpy(
            dtype=bool)
    last_record = np.flatnonzero(~no_id).max() if (~no_id).any() else -1
    below = at > last_record
    start = np.flatnonzero(signature & below)
    in_block = below & (at >= at[start[0]]) if len(start) else np.zeros(len(rows), bool)
    reason = np.full(len(rows), None, dtype=object)
    # a single cell, in capitals or numbered ("2. DINAS KESEHATAN", "B. BIDANG MUTASI"), in
    # a row without a running number: a name alone in an otherwise empty row is not a header
    single = text.where(counted).bfill(axis=1).iloc[:, 0] if len(text.columns) else \
        pd.Series(pd.NA, index=text.index, dtype="string")
    heading = single.astype("string").str.fullmatch(
        r"(?:[0-9]+|[A-Z]|[IVXL]+)[.)]\s*\S.*|[^a-z]*[A-Z][^a-z]*", na=False).to_numpy(bool)
    numbered = (filled[numbers].any(axis=1) & ~counted[numbers].any(axis=1)).to_numpy() \
        if numbers else np.zeros(len(rows), bool)
    reason[(n_filled == 1) & heading & ~numbered] = "baris_judul_kelompok"
    reason[total] = "baris_jumlah"
    reason[in_block] = "baris_tanda_tangan"
    reason[(n_filled == 0) & filled[numbers].any(axis=1).to_numpy()] = "baris_bernomor_kosong"
    if not numbers:
        reason[n_filled == 0] = None
    out.iloc[at] = pd.array(reason, dtype="string")
    return out
