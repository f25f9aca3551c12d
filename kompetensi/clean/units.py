"""Units to OPDs: the smallest unit of a roster row (SIASN's UNOR NAMA: a puskesmas, a school, a
kelurahan, a bidang …) mapped to the perangkat daerah it belongs to.

The OPD of a row comes from the first of these that gives one (assumption A-UNOR-1):

1. the dataset's own map ``data/raw/<dataset>/unor_opd.csv`` (columns ``unor``, ``opd``),
   matched on the unit's name (case, punctuation and spacing ignored);
2. the ``opd`` column, when it names an OPD (:func:`kompetensi.clean.normalize_opd`);
3. the ``satuan_kerja`` column (SATUAN KERJA KERJA NAMA), when it names an OPD;
4. the city's table of units and patterns, ``reference/unor_opd.csv`` (``pola``: a regular
   expression on the unit's matching key, first match wins); only with the city's own OPD
   list (a dataset that brings its own ``opd.csv`` brings its own units too);
5. the unit itself, when it names an OPD ("Dinas Kesehatan", "Kecamatan Gabek").

A row whose unit maps nowhere is rejected (``unit_tidak_dipetakan``), its unit shown in
``nilai``; the readiness gate lists every such unit with its head count and blocks the run.
There is no catch-all "lainnya".
"""

from __future__ import annotations

import pandas as pd

from kompetensi import reference
from kompetensi.clean import normalize as nz
from kompetensi.clean.fields import _single_spaced
from kompetensi.core.errors import DataError
from kompetensi.core.uniques import on_unique_rows, on_uniques

MAP_FILE = "unor_opd.csv"


def unit_map(mapping: pd.DataFrame, opd_list: pd.DataFrame | None = None) -> dict[str, str]:
    """A dataset's ``unor_opd.csv`` as {unit key: canonical OPD}.

    Raises
    ------
    DataError
        When a column is missing or a row names an OPD that is not on the OPD list in use
        (a typo there would silently leave the unit unmapped).
    """
    missing = {"unor", "opd"} - set(mapping.columns)
    if missing:
        raise DataError(f"kolom wajib tidak ada: {', '.join(sorted(missing))} (kolom yang "
                        f"ditemukan: {', '.join(map(str, mapping.columns))})", file=MAP_FILE)
    units = nz._key(mapping["unor"].astype("string"))
    opd = normalize_opd_list(mapping["opd"].astype("string"), opd_list)
    unknown = sorted(set(mapping["opd"][opd.isna() & units.notna()].astype(str)))
    if unknown:
        raise DataError(f"OPD tidak dikenal: {', '.join(unknown)} (samakan dengan daftar OPD: "
                        "kompetensi/reference/opd.csv atau opd.csv dataset)", file=MAP_FILE)
    keep = units.notna()
    return dict(zip(units[keep], opd[keep], strict=True))


def normalize_opd_list(values: pd.Series, opd_list: pd.DataFrame | None) -> pd.Series:
    """:func:`kompetensi.clean.normalize_opd` on the OPD list in use."""
    return nz.normalize_opd(values, opd_list=opd_list)


@on_uniques
def _by_reference(units: pd.Series) -> pd.Series:
    """OPD of each unit from ``reference/unor_opd.csv`` (first matching pattern), <NA>."""
    rules = reference.load("unor_opd")
    return nz._by_pattern(units, list(zip(rules["pola"], rules["opd"], strict=True)))


@on_uniques
def _by_map(units: pd.Series, mapping: dict[str, str]) -> pd.Series:
    return nz._key(units).map(mapping).astype("string")


def map_units(unor: pd.Series, opd: pd.Series, satuan_kerja: pd.Series, *,
              opd_list: pd.DataFrame | None = None,
              mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """The OPD of each roster row from its unit, OPD and satuan kerja columns.

    Parameters
    ----------
    unor, opd, satuan_kerja : Series
        Raw columns (all-missing when the roster has no such column).
    opd_list : DataFrame, optional
        The dataset's own organisations (``opd``, ``singkatan``); default the city's list,
        and only then is ``reference/unor_opd.csv`` used.
    mapping : DataFrame, optional
        The dataset's ``unor_opd.csv`` (``unor``, ``opd``), checked first.

    Returns
    -------
    DataFrame (Categorical columns, worked out once per distinct combination)
        ``opd`` (canonical name, <NA> where no source gives one), ``unor`` (the unit as
        written, single spaced, <NA> without one) and ``unit`` (what an unmapped row is named
        by: the unit, else the satuan kerja, else the OPD as written).

    Examples
    --------
    >>> out = map_units(pd.Series(["Puskesmas Gerunggang", "Bidang Aset"]),
    ...                 pd.Series([None, None]), pd.Series([None, None]))
    >>> out["opd"].tolist()
    ['Dinas Kesehatan', <NA>]
    """
    columns = pd.DataFrame({"unor": unor, "opd": opd, "satuan_kerja": satuan_kerja})
    return on_unique_rows(columns, lambda d: _map_distinct(
        d["unor"], d["opd"], d["satuan_kerja"], opd_list, mapping), as_category=True)


def _map_distinct(unor: pd.Series, opd: pd.Series, satuan_kerja: pd.Series,
                  opd_list: pd.DataFrame | None, mapping: pd.DataFrame | None
                  ) -> pd.DataFrame:
    """:func:`map_units` on distinct combinations of the three columns."""
    unit = _single_spaced(unor)
    out = pd.Series(pd.NA, index=unit.index, dtype="string")
    if mapping is not None and len(mapping):
        out = _by_map(unit, unit_map(mapping, opd_list))
    for values in (opd, satuan_kerja):
        todo = out.isna()
        if todo.any() and pd.Series(values, copy=False).notna().any():
            out = out.fillna(normalize_opd_list(values, opd_list))
    if opd_list is None and out.isna().any():
        out = out.fillna(_by_reference(unit))
    if out.isna().any() and unit.notna().any():
        out = out.fillna(normalize_opd_list(unit, opd_list))
    shown = unit.fillna(_single_spaced(satuan_kerja)).fillna(_single_spaced(opd))
    return pd.DataFrame({"opd": out.astype("string"), "unor": unit.astype("string"),
                         "unit": shown.astype("string")}, index=unit.index)
