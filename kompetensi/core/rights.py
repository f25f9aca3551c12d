"""The development right of each ASN status, and who is expected to take part in a cycle.

The right is reference data (``reference/hak_pengembangan.csv``: ``status_asn``, ``jp``,
``jenis``, ``status``, ``sumber``), not code: PNS have a **target** of at least 20 JP a year
(PP 11/2017 Pasal 203(4) jo. PP 17/2020, C); PPPK a **ceiling** of 24 JP a year of the contract
(PP 49/2018 Pasal 40(1), C); PPPK paruh waktu the same ceiling as PPPK, an assumption (U,
``docs/asumsi.md`` A-JP-8: KepmenPANRB 16/2025 sets no development hours).

Who counts in the denominator of the right is the roster's ``aktif`` column (contract of
issue 20: True when the person is expected to take part in competency development this cycle;
False for CLTN, tugas belajar, masa persiapan pensiun, pemberhentian sementara ...). A roster
without ``aktif`` counts everyone as active, and one without ``kedudukan`` is ``"Aktif"``
(A-JP-9).
"""

from __future__ import annotations

import pandas as pd

from kompetensi import reference
from kompetensi.core.errors import require_columns
from kompetensi.core.vocab import KEDUDUKAN_AKTIF, STATUS_ASN

RIGHTS_TABLE = "hak_pengembangan"
KINDS = {"PNS": "target", "PPPK": "batas", "PPPK Paruh Waktu": "batas"}
"""The kind of right the analysis can report for each status (a target for PNS, a ceiling for
both kinds of PPPK); a table that says otherwise is refused rather than misread."""


def development_rights(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The development right per status, checked, indexed by ``status_asn`` (vocabulary order).

    Parameters
    ----------
    table : DataFrame, optional
        A replacement of ``reference/hak_pengembangan.csv`` (same columns); default the
        shipped table.

    Returns
    -------
    DataFrame
        Index ``status_asn`` (every status of :data:`~kompetensi.core.vocab.STATUS_ASN`, in that
        order); ``jp`` (float), ``jenis`` (``target``/``batas``), ``status``, ``sumber``.

    Raises
    ------
    ValueError
        Missing columns, an unknown or repeated status, a status without a row, a JP that is
        not a number >= 0, or a ``jenis`` other than :data:`KINDS` says.

    Examples
    --------
    >>> development_rights()["jp"].to_dict()
    {'PNS': 20.0, 'PPPK': 24.0, 'PPPK Paruh Waktu': 24.0}
    >>> development_rights().loc["PPPK Paruh Waktu", ["jenis", "status"]].tolist()
    ['batas', 'U']
    """
    raw = reference.load(RIGHTS_TABLE) if table is None else table.copy()
    require_columns(raw, ("status_asn", "jp", "jenis", "status", "sumber"), RIGHTS_TABLE)
    status = raw["status_asn"].astype(str).str.strip()
    unknown = sorted(set(status) - set(STATUS_ASN))
    if unknown or status.duplicated().any() or set(status) != set(STATUS_ASN):
        raise ValueError(f"{RIGHTS_TABLE}: perlu tepat satu baris untuk setiap status "
                         f"{', '.join(STATUS_ASN)} (tidak dikenal: {', '.join(unknown) or '-'})")
    jp = pd.to_numeric(raw["jp"], errors="coerce").astype("float64")
    if jp.isna().any() or (jp < 0).any():
        raise ValueError(f"{RIGHTS_TABLE}: jp harus angka >= 0")
    out = raw.assign(status_asn=status, jp=jp, jenis=raw["jenis"].astype(str).str.strip())
    wrong = [f"{s} ({j})" for s, j in zip(out.status_asn, out.jenis, strict=True)
             if KINDS[s] != j]
    if wrong:
        raise ValueError(f"{RIGHTS_TABLE}: jenis tidak didukung: {', '.join(wrong)}; PNS "
                         "'target', PPPK dan PPPK Paruh Waktu 'batas'")
    return (out.set_index("status_asn").reindex(STATUS_ASN)
            [["jp", "jenis", "status", "sumber"]])


def right_jp(status_asn: str, table: pd.DataFrame | None = None) -> float:
    """The JP of one status's right (:func:`development_rights`).

    Examples
    --------
    >>> right_jp("PNS"), right_jp("PPPK Paruh Waktu")
    (20.0, 24.0)
    """
    return float(development_rights(table).loc[status_asn, "jp"])


def is_active(frame: pd.DataFrame) -> pd.Series:
    """Who is expected to take part in development this cycle: the ``aktif`` column.

    Without that column everyone is active; a missing value counts as active too (nobody is
    taken out of the denominator without a recorded reason).

    Examples
    --------
    >>> is_active(pd.DataFrame({"aktif": [True, False, None]})).tolist()
    [True, False, True]
    >>> is_active(pd.DataFrame({"pid": ["a"]})).tolist()
    [True]
    """
    if "aktif" not in frame.columns:
        return pd.Series(True, index=frame.index, name="aktif")
    return frame["aktif"].astype("boolean").fillna(True).astype(bool).rename("aktif")


def kedudukan(frame: pd.DataFrame) -> pd.Series:
    """The legal position (``kedudukan``); ``"Aktif"`` where the roster has no such column or
    leaves it empty.

    Examples
    --------
    >>> kedudukan(pd.DataFrame({"kedudukan": ["CLTN", None]})).tolist()
    ['CLTN', 'Aktif']
    """
    if "kedudukan" not in frame.columns:
        return pd.Series(KEDUDUKAN_AKTIF, index=frame.index, name="kedudukan", dtype="object")
    return frame["kedudukan"].astype("object").where(frame["kedudukan"].notna(),
                                                     KEDUDUKAN_AKTIF).rename("kedudukan")


def expected(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that count in the denominator of the right (:func:`is_active`).

    Examples
    --------
    >>> len(expected(pd.DataFrame({"aktif": [True, False, True]})))
    2
    """
    return frame[is_active(frame).to_numpy()]
