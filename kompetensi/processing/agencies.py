"""The processed tables of one agency (OPD / instansi): a report per agency (issue 23).

Every table about people is keyed by the person's pseudonym ``pid``; the agency of a person
is ``pegawai.opd`` of a cycle. :func:`restrict_to_opd` keeps, in each cycle, the agency's
staff of that cycle (``pegawai``) and the records (training, assessment, performance,
discipline, tests, surveys) of everyone who was on the agency's staff in any of the cycles
given, so the history of a person who moved into the agency (earlier training, SKP,
discipline: IP ASN) stays complete, while each cycle's figures count that cycle's staff only
(the analyses join records to the cycle's ``pegawai``). Tables that name an agency but no
person (the community satisfaction survey ``skm``, ``skm_rekap``) keep the agency's rows;
tables about the files themselves (``kualitas``, ``kelengkapan``, ``ditolak``, codebooks) and
the stakeholder survey ``pemangku`` (no person, no agency) are left as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kompetensi.core.errors import DataError

PERSON_KEY = "pid"
AGENCY = "opd"
# ``<dataset>/<siklus>`` whose processed data a fan-out (``kompetensi run --per-opd``) built
# for its kernels just before they start: :func:`load_cycles` then reads them as they are,
# without hashing every raw file again in each notebook of each agency (seconds, and the
# whole file in memory, at national scale). The run's content key is of the same snapshot.
FRESH_ENV = "KOMPETENSI_OLAHAN_SIAP"


def restrict_to_opd(cycles: Mapping[int, Mapping[str, pd.DataFrame]], opd: str | None
                    ) -> dict[int, dict[str, pd.DataFrame]]:
    """The processed tables of ``cycles`` restricted to one agency's ASN.

    Parameters
    ----------
    cycles
        ``{siklus: {table name: DataFrame}}`` as :func:`kompetensi.processing.load_processed`
        gives each cycle; every cycle has ``pegawai``.
    opd
        The agency, exactly as in ``pegawai.opd``; None: every agency (the tables as given).

    Returns
    -------
    dict
        The same cycles and tables, in the same order: ``pegawai`` rows of the agency (that
        cycle's staff), rows of person tables whose ``pid`` was on the agency's staff in any
        of the cycles (rows without ``pid`` dropped), rows of ``opd`` tables of the agency,
        other tables unchanged.

    Raises
    ------
    DataError
        When no cycle has an ASN of ``opd`` (with the agencies there are).

    Examples
    --------
    >>> peg24 = pd.DataFrame({"pid": ["a", "b"], "opd": ["Dinas X", "Dinas Y"]})
    >>> peg25 = pd.DataFrame({"pid": ["a", "b", "c"], "opd": ["Dinas Y", "Dinas Y", "Dinas X"]})
    >>> lat = pd.DataFrame({"pid": ["a", "b", "c", None], "jp": [1, 2, 3, 4]})
    >>> skm = pd.DataFrame({"unit": ["u1", "u2"], "opd": ["Dinas X", "Dinas Y"]})
    >>> out = restrict_to_opd({2024: {"pegawai": peg24, "pelatihan": lat},
    ...                        2025: {"pegawai": peg25, "pelatihan": lat, "skm": skm}}, "Dinas X")
    >>> out[2025]["pegawai"].pid.tolist(), out[2025]["pelatihan"].jp.tolist()
    (['c'], [1, 3])
    >>> out[2024]["pegawai"].pid.tolist(), out[2025]["skm"].unit.tolist()
    (['a'], ['u1'])
    >>> restrict_to_opd({2025: {"pegawai": peg25}}, None)[2025]["pegawai"] is peg25
    True
    """
    if opd is None:
        return {s: dict(tables) for s, tables in cycles.items()}
    opd = str(opd)
    members = {s: tables["pegawai"][AGENCY].astype("string").eq(opd).fillna(False).to_numpy()
               for s, tables in cycles.items()}
    people = pd.Index(pd.concat(
        [tables["pegawai"].loc[members[s], PERSON_KEY] for s, tables in cycles.items()],
        ignore_index=True).unique())
    if not len(people):
        known = sorted({str(v) for t in cycles.values() for v in t["pegawai"][AGENCY].dropna()})
        shown = ", ".join(known[:10]) + (f" … ({len(known)} OPD)" if len(known) > 10 else "")
        raise DataError(f"OPD {opd!r} tidak ada di daftar pegawai siklus "
                        f"{', '.join(map(str, cycles))}; OPD yang ada: {shown}")
    out = {}
    for s, tables in cycles.items():
        out[s] = {}
        for name, table in tables.items():
            if name == "pegawai":
                kept = table.loc[members[s]]
            elif PERSON_KEY in table.columns:
                kept = table.loc[table[PERSON_KEY].isin(people).fillna(False).to_numpy()]
            elif AGENCY in table.columns:
                kept = table.loc[table[AGENCY].astype("string").eq(opd).fillna(False).to_numpy()]
            else:
                kept = table
            out[s][name] = kept.reset_index(drop=True) if kept is not table else table
    return out


def load_cycles(dataset: str, siklus: int | str, opd: str | None = None
                ) -> dict[int, dict[str, pd.DataFrame]]:
    """The processed tables of every cycle through ``siklus``
    (:func:`~kompetensi.processing.load_processed` of each, rebuilt when stale unless
    :data:`FRESH_ENV` names this cycle), restricted to one agency's ASN when ``opd`` is given
    (:func:`restrict_to_opd`).
    """
    import os

    from kompetensi.processing.cycles import cycles_through
    from kompetensi.processing.load import load_processed

    rebuild = os.environ.get(FRESH_ENV) != f"{dataset}/{int(siklus)}"
    return restrict_to_opd({s: load_processed(dataset, s, rebuild=rebuild)
                            for s in cycles_through(dataset, siklus)}, opd)


def agency_sizes(pegawai: pd.DataFrame) -> pd.Series:
    """ASN per agency of a ``pegawai`` table: agency -> count, largest first, then by name.

    Examples
    --------
    >>> agency_sizes(pd.DataFrame({"opd": ["B", "A", "B", None]})).to_dict()
    {'B': 2, 'A': 1}
    """
    counts = pegawai[AGENCY].dropna().astype(str).value_counts()
    order = sorted(counts.index, key=lambda name: (-int(counts[name]), name))
    return counts.reindex(order).astype("int64").rename("n_asn").rename_axis(AGENCY)
