"""The cycles notebook 03 reads, as one object: this cycle's tables and the earlier ones.

The notebook loads the processed tables (``processing.load_processed``) into a dict
``{siklus: {table name: DataFrame}}``; :func:`cycle_tables` checks it and gives the pieces the
analysis needs, without reading any file itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from kompetensi.implementation.coverage import jp_per_asn

REQUIRED = ("pegawai", "pelatihan")
# tables a cycle may lack, and the columns of their empty stand-ins
OPTIONAL = {"kinerja": ("pid", "tahun", "predikat"), "disiplin": ("pid", "tahun", "tingkat")}


def table_or_empty(tables: Mapping[str, pd.DataFrame], name: str,
                   columns: Sequence[str]) -> pd.DataFrame:
    """``tables[name]``, or an empty table with ``columns`` (object dtype) when it is absent.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The tables of one cycle.
    name : str
        The table wanted.
    columns : sequence of str
        Columns of the empty stand-in.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> table_or_empty({}, "kinerja", ["pid", "tahun"]).dtypes.tolist()
    [dtype('O'), dtype('O')]
    >>> t = pd.DataFrame({"pid": ["a"]})
    >>> table_or_empty({"kinerja": t}, "kinerja", ["pid"]) is t
    True
    """
    if name in tables:
        return tables[name]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def years_present(table: pd.DataFrame, column: str = "tahun") -> list[int]:
    """The distinct years in ``column`` (non-numbers ignored), sorted.

    Examples
    --------
    >>> years_present(pd.DataFrame({"tahun": ["2024", 2023, None, "x", 2024]}))
    [2023, 2024]
    """
    values = pd.to_numeric(table[column], errors="coerce").dropna().unique()
    return sorted(int(y) for y in values)


@dataclass(frozen=True)
class Cycles:
    """The processed tables of every cycle up to ``siklus`` (:func:`cycle_tables`).

    Attributes
    ----------
    siklus : int
        The reported cycle.
    tables : mapping
        ``{cycle: {table name: DataFrame}}``, in the order given (oldest first).
    """

    siklus: int
    tables: Mapping[int, Mapping[str, pd.DataFrame]] = field(repr=False)

    @property
    def cycles(self) -> list[int]:
        """The cycles, as given."""
        return list(self.tables)

    @property
    def pegawai(self) -> pd.DataFrame:
        """This cycle's roster."""
        return self.tables[self.siklus]["pegawai"]

    @property
    def pelatihan(self) -> pd.DataFrame:
        """This cycle's activity file."""
        return self.tables[self.siklus]["pelatihan"]

    @property
    def previous(self) -> int | None:
        """The latest cycle before ``siklus``, None when there is none."""
        earlier = [s for s in self.cycles if s < self.siklus]
        return max(earlier) if earlier else None

    def stacked(self, name: str) -> pd.DataFrame:
        """Table ``name`` of every cycle, one below the other (index renumbered).

        A cycle without one of the :data:`OPTIONAL` tables adds nothing
        (:func:`table_or_empty`); any other table must exist in every cycle.
        """
        columns = OPTIONAL.get(name)
        parts = [self.tables[s][name] if columns is None
                 else table_or_empty(self.tables[s], name, columns) for s in self.cycles]
        return pd.concat(parts, ignore_index=True)

    def ip_inputs(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The history the IP ASN needs: ``pelatihan``, ``kinerja`` and ``disiplin`` of every
        cycle (:meth:`stacked`), in the order of ``ip_asn``'s arguments."""
        return self.stacked("pelatihan"), self.stacked("kinerja"), self.stacked("disiplin")

    def years(self, name: str, column: str = "tahun") -> list[int]:
        """The years in ``column`` of table ``name`` over all cycles (:func:`years_present`)."""
        return years_present(self.stacked(name), column)

    def jp(self, siklus: int) -> pd.DataFrame:
        """Credited JP per ASN of one cycle (:func:`~kompetensi.implementation.coverage.
        jp_per_asn` on that cycle's own roster and activities)."""
        tables = self.tables[siklus]
        return jp_per_asn(tables["pegawai"], tables["pelatihan"], siklus)


def activity_counts(cycles: Cycles, counted: pd.DataFrame) -> dict[str, int]:
    """How many activities of this cycle's file were counted, and why the others were not.

    Parameters
    ----------
    cycles : Cycles
        The loaded cycles.
    counted : DataFrame
        The activities counted (``activities_of_year`` of this cycle).

    Returns
    -------
    dict
        Label -> number: activities in the file, counted, started in another year, of people
        not on the roster (the last two may overlap).

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": ["a"]})
    >>> act = pd.DataFrame({"pid": ["a", "a", "b"],
    ...                     "tanggal_mulai": pd.to_datetime(["2025-01-02", "2024-12-30", "2025-03-01"])})
    >>> c = cycle_tables({2025: {"pegawai": peg, "pelatihan": act}}, 2025)
    >>> list(activity_counts(c, act.iloc[:1]).values())
    [3, 1, 1, 1]
    """
    pelatihan, siklus = cycles.pelatihan, cycles.siklus
    return {
        f"Kegiatan di file siklus {siklus}": len(pelatihan),
        "dihitung": len(counted),
        "mulai di tahun lain": int((pelatihan["tanggal_mulai"].dt.year != siklus).sum()),
        "pegawai tidak di daftar": int((~pelatihan.pid.isin(cycles.pegawai.pid)).sum()),
    }


def cycle_tables(data: Mapping[int, Mapping[str, pd.DataFrame]], siklus: int,
                 dataset: str = "") -> Cycles:
    """Check the loaded cycles and wrap them in :class:`Cycles`.

    Parameters
    ----------
    data : mapping
        ``{cycle: {table name: DataFrame}}`` for every available cycle up to ``siklus``.
    siklus : int
        The reported cycle; it must be in ``data``.
    dataset : str
        Only for the error message.

    Returns
    -------
    Cycles

    Raises
    ------
    ValueError
        When ``siklus`` is missing, or a cycle lacks ``pegawai`` or ``pelatihan``.

    Examples
    --------
    >>> t = {"pegawai": pd.DataFrame(), "pelatihan": pd.DataFrame()}
    >>> cycle_tables({2024: t, 2025: t}, 2025).previous
    2024
    >>> cycle_tables({2024: {"pegawai": pd.DataFrame()}}, 2024)
    Traceback (most recent call last):
    ...
    ValueError: siklus 2024: tabel pelatihan tidak ada
    """
    siklus = int(siklus)
    if siklus not in data:
        raise ValueError(f"siklus {siklus} tidak ada di data/raw/{dataset}")
    for s, tables in data.items():
        missing = [t for t in REQUIRED if t not in tables]
        if missing:
            raise ValueError(f"siklus {s}: tabel {', '.join(missing)} tidak ada")
    return Cycles(siklus, data)
