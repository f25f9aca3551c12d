"""Exports for the drafters of the policy document: every published table in one workbook.

:func:`write_tables_xlsx` is called by :func:`kompetensi.pipeline.run` after all notebooks,
before the privacy scan (so the workbook is scanned too). Figures are already in
``gambar/*.png`` at print resolution (300 dpi, :meth:`kompetensi.report.Report.figure`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

SHEET_CHARS = 31  # Excel's limit on a sheet name
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(stems: list[str]) -> list[str]:
    """Unique Excel sheet names (at most 31 characters, no ``[]:*?/\\``) for table stems.

    Examples
    --------
    >>> sheet_names(["03_capaian_opd", "02_" + "x" * 40, "02_" + "x" * 41])
    ['03_capaian_opd', '02_xxxxxxxxxxxxxxxxxxxxxxxxxxxx', '02_xxxxxxxxxxxxxxxxxxxxxxxxxx~2']
    """
    out: list[str] = []
    for stem in stems:
        name = _FORBIDDEN.sub("_", stem)[:SHEET_CHARS]
        k = 1
        while name in out:
            k += 1
            suffix = f"~{k}"
            name = _FORBIDDEN.sub("_", stem)[:SHEET_CHARS - len(suffix)] + suffix
        out.append(name)
    return out


def write_tables_xlsx(report_dir: Path, target: Path | None = None) -> Path | None:
    """Write ``tabel.xlsx``: one sheet per ``tabel/*.csv``, title and source in the first rows.

    Each sheet holds: row 1 the caption (``Tabel N.k. ...`` from the ``.csv.json`` sidecar of
    :meth:`kompetensi.report.Report.table`), row 2 ``Sumber: ...``, row 3 the note, row 4 the
    CSV file, then the table from row 6 with its header. Values are written as read from
    the CSV (suppressed cells stay empty). A first sheet ``daftar`` lists all tables.

    Parameters
    ----------
    report_dir
        The cycle's report folder.
    target
        Workbook to write (default ``report_dir / "tabel.xlsx"``).

    Returns
    -------
    Path of the workbook, or None when the folder has no published table.
    """
    report_dir = Path(report_dir)
    tables = sorted((report_dir / "tabel").glob("*.csv"))
    if not tables:
        return None
    target = Path(target) if target is not None else report_dir / "tabel.xlsx"
    names = sheet_names([p.stem for p in tables])
    index_rows = []
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        pd.DataFrame().to_excel(writer, sheet_name="daftar")  # placeholder keeps it first
        for path, sheet in zip(tables, names, strict=True):
            meta = _caption(path)
            data = pd.read_csv(path, keep_default_na=True)
            header = pd.DataFrame({"": [meta["judul"], f"Sumber: {meta['sumber']}"
                                        if meta["sumber"] else "Sumber: -",
                                        meta["catatan"], f"Berkas: tabel/{path.name}"]})
            header.to_excel(writer, sheet_name=sheet, index=False, header=False)
            data.to_excel(writer, sheet_name=sheet, index=False, startrow=5)
            index_rows.append({"lembar": sheet, "judul": meta["judul"],
                               "sumber": meta["sumber"], "berkas": f"tabel/{path.name}"})
        pd.DataFrame(index_rows).to_excel(writer, sheet_name="daftar", index=False)
        for sheet in writer.sheets.values():
            sheet.column_dimensions["A"].width = 40
    return target


def _caption(path: Path) -> dict[str, str]:
    sidecar = path.with_suffix(path.suffix + ".json")
    meta = {"judul": path.stem, "sumber": "", "catatan": ""}
    if sidecar.exists():
        try:
            loaded = json.loads(sidecar.read_text(encoding="utf-8"))
            meta.update({k: str(loaded.get(k) or "") for k in meta if loaded.get(k)})
        except ValueError:
            pass
    return meta
