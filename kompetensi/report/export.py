"""Exports for the drafters of the policy document: every published table in one workbook.

:func:`write_tables_xlsx` is called by :func:`kompetensi.pipeline.runner.run` after all notebooks,
before the privacy scan (so the workbook is scanned too). Figures are already in
``gambar/*.png`` at print resolution (300 dpi, :meth:`kompetensi.report.publish.Report.figure`).

The workbook is byte-identical when the tables are: its creation and modification times
(``docProps/core.xml``) and the dates of its zip members are fixed (:func:`fixed_time`), and
the members keep openpyxl's order.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

SHEET_CHARS = 31  # Excel's limit on a sheet name
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the dates a zip member can carry
_ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
_CORE_TIMES = re.compile(
    r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_time(siklus: int | None = None) -> datetime:
    """The workbook's time: ``SOURCE_DATE_EPOCH`` if set, else 1 January of ``siklus`` (UTC).

    Without either, 1 January 1980 (the zip epoch). ``SOURCE_DATE_EPOCH`` is the
    reproducible-builds convention: an integer, seconds since 1970-01-01 UTC; a malformed
    value is an error (the run then fails with the reason, no workbook is guessed).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH tidak valid: {epoch!r} (harus bilangan bulat "
                             "detik sejak 1970-01-01 UTC)") from exc
    if siklus is not None and _ZIP_EPOCH.year <= int(siklus) <= _ZIP_END.year:
        return datetime(int(siklus), 1, 1, tzinfo=UTC)
    return _ZIP_EPOCH


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


def write_tables_xlsx(report_dir: Path, target: Path | None = None, *,
                      siklus: int | None = None) -> Path | None:
    """Write ``tabel.xlsx``: one sheet per ``tabel/*.csv``, title and source in the first rows.

    Each sheet holds: row 1 the caption (``Tabel N.k. ...`` from the ``.csv.json`` sidecar of
    :meth:`kompetensi.report.publish.Report.table`), row 2 ``Sumber: ...``, row 3 the note, row 4 the
    CSV file, then the table from row 6 with its header. Values are written as read from
    the CSV (suppressed cells stay empty). A first sheet ``daftar`` lists all tables.

    Parameters
    ----------
    report_dir
        The cycle's report folder.
    target
        Workbook to write (default ``report_dir / "tabel.xlsx"``).
    siklus
        The cycle, for the workbook's fixed time (:func:`fixed_time`); default the name of
        ``report_dir`` when it is a year (``reports/<dataset>/<siklus>``).

    Returns
    -------
    Path of the workbook, or None when the folder has no published table.
    """
    report_dir = Path(report_dir)
    tables = sorted((report_dir / "tabel").glob("*.csv"))
    if not tables:
        return None
    target = Path(target) if target is not None else report_dir / "tabel.xlsx"
    if siklus is None and report_dir.name.isdigit():
        siklus = int(report_dir.name)
    moment = fixed_time(siklus)
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
        writer.book.properties.created = moment.replace(tzinfo=None)  # openpyxl: naive UTC
    _make_reproducible(target, moment)
    return target


def _make_reproducible(path: Path, moment: datetime) -> None:
    """Rewrite the workbook's zip: fixed member dates and attributes, fixed core.xml times.

    openpyxl stamps ``dcterms:modified`` and every member's date with the time of saving;
    the members are rewritten in the order openpyxl wrote them, deflated, with ``moment``
    (within 1980-2107, the dates a zip member can carry) as their date.
    """
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = min(max(moment, _ZIP_EPOCH), _ZIP_END).astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    partial = path.with_name(path.name + ".tmp")
    try:
        with zipfile.ZipFile(partial, "w") as out:
            for name, data in members:
                if name == "docProps/core.xml":
                    data = _CORE_TIMES.sub(lambda m: f"{m.group(1)}{stamp}{m.group(3)}",
                                           data.decode("utf-8")).encode("utf-8")
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, whatever the platform
                info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
                out.writestr(info, data, compresslevel=6)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


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
