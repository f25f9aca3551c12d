"""The presentation layer: a published table or figure as the page shows it (issue 22).

The CSV of a table keeps the analysis' names and values (machine-readable, blank where a cell
is missing); the page shows the same table for a reader:

- headers from one label dictionary, ``label_kolom.csv`` beside this module (variable ->
  Indonesian header, with the unit in parentheses; a row may be specific to one table);
- numbers in Indonesian style (:mod:`kompetensi.core.formats`): a column of floats with the
  decimals its values have (at most four), counts with thousands dots, ``ya``/``tidak``;
- missing cells (suppressed, or not applicable) as ``–``, explained in a footnote;
- the row index only when it means something (a named index), every row and column (no
  truncation), long texts wrapped;
- the number and title as the table's ``<caption>``, then its source and notes, in an element
  with the anchor ``tabel-<notebook>-<k>`` that references link to; a table with many columns
  gets the class ``lebar`` (printed landscape).

Figures are shown as ``<figure id="gambar-<notebook>-<k>">`` with alt text and a caption.
"""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from kompetensi.core.formats import MISSING, angka, decimals_needed, tanggal

LABELS_FILE = Path(__file__).with_name("label_kolom.csv")
WIDE_COLUMNS = 8  # from this many columns a table is printed on a landscape page
MISSING_NOTE = ("Tanda – : sel disembunyikan karena menyangkut kurang dari 5 orang (atau dapat "
                "membuka jumlah sekecil itu), atau nilainya tidak ada atau tidak berlaku.")
_NUMBER_TEXT = re.compile(r"^([<>≤≥]=?\s?)?-?\d+\.\d+$")
# The JupyterLab theme right-aligns every cell with a rule of two classes; ours needs as many.
_K = ".jp-RenderedHTMLCommon .kompetensi-tabel"
_STYLE = (f"<style>{_K} table{{border-collapse:collapse;margin:.25rem 0}}"
          f"{_K} caption{{caption-side:top;text-align:left;font-weight:600;padding:.25rem 0}}"
          f"{_K} th,{_K} td{{white-space:normal;vertical-align:top;text-align:left;"
          f"padding:.2rem .5rem}}{_K} td.num{{text-align:right;"
          f"font-variant-numeric:tabular-nums;white-space:nowrap}}"
          f"{_K} th[scope=row]{{font-weight:normal}}"
          ".kompetensi-catatan{font-size:.85em;color:#3e4c59}</style>")


@cache
def _labels() -> dict[tuple[str, str], str]:
    if not LABELS_FILE.exists():
        return {}
    table = pd.read_csv(LABELS_FILE, dtype=str, keep_default_na=False)
    out = {}
    for row in table.itertuples(index=False):
        unit = row.satuan.strip()
        out[(row.tabel.strip(), row.kolom)] = (f"{row.label.strip()} ({unit})" if unit
                                              else row.label.strip())
    return out


def column_label(column: Any, table: str = "") -> str:
    """The header a reader sees for ``column`` of the table ``table`` (its file stem).

    A row of ``label_kolom.csv`` for that table wins over the column's default row; a column
    without a row keeps its name (values such as years or categories are readable as they are).

    Examples
    --------
    >>> column_label("opd"), column_label("2025")
    ('Perangkat daerah', '2025')
    """
    key = str(column)
    labels = _labels()
    return labels.get((table, key)) or labels.get(("", key)) or key


def cell_text(value: Any, digits: int | None = None) -> str:
    """One cell as text: numbers Indonesian (``digits`` decimals, else as many as it has),
    ``ya``/``tidak``, dates as ``9 Januari 2025``, a decimal written with a point (a p-value
    ``< 0.001``) with a comma, and :data:`~kompetensi.core.formats.MISSING` when missing.

    Examples
    --------
    >>> cell_text(1234.5), cell_text(3, 0), cell_text(True), cell_text("< 0.001"), cell_text(None)
    ('1.234,5', '3', 'ya', '< 0,001', '–')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, pd.Timestamp):
        return tanggal(value)
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if number != number:
            return MISSING
        return angka(number, decimals_needed(number) if digits is None else digits)
    text = str(value)
    if _NUMBER_TEXT.match(text.strip()):
        return text.replace(".", ",")
    return text if text.strip() else MISSING


def _column_digits(values: pd.Series) -> int | None:
    """Decimals for a numeric column: the most any of its values needs (at most 4)."""
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    numbers = pd.to_numeric(values, errors="coerce").astype("float64").dropna()
    return max((decimals_needed(v) for v in numbers), default=0)


def _flat(data: pd.DataFrame, index: bool) -> tuple[pd.DataFrame, int]:
    """The table with a shown index as leading columns; returns how many there are."""
    if isinstance(data.columns, pd.MultiIndex):
        data = data.copy()
        data.columns = [" ".join(str(part) for part in col if str(part) != "") for col in
                        data.columns]
    if not index:
        return data.reset_index(drop=True), 0
    names = [name if name is not None else "" for name in data.index.names]
    flat = data.copy()
    flat.index = flat.index.set_names([n or f"_indeks{i}" for i, n in enumerate(names)])
    return flat.reset_index(), len(names)


def table_html(data: pd.DataFrame, *, index: bool, stem: str = "", anchor: str = "",
               caption: str = "", footer: str = "", per_row: tuple[str, ...] = ()) -> str:
    """The whole table as the page shows it (see the module's description).

    Parameters
    ----------
    data : DataFrame
        The table as published (CSV values).
    index : bool
        Show the row index (as leading header cells of each row).
    stem : str
        The table's file stem (``03_capaian_opd``), which selects table-specific labels.
    anchor, caption, footer : str
        The element's id, the caption text, and the source and notes below the table
        (plain text; escaped here).
    per_row : tuple of str
        Numeric columns whose every cell shows the decimals it has (a column of different
        quantities, one per row); other numeric columns show one number of decimals.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> t = pd.DataFrame({"opd": ["Dinas A", "Dinas B"], "n_pns": [1200, None]})
    >>> page = table_html(t, index=False, anchor="tabel-3-1", caption="Tabel 3.1. PNS")
    >>> "Perangkat daerah" in page, "1.200" in page, "NaN" in page, MISSING_NOTE in page
    (True, True, False, True)
    """
    flat, n_index = _flat(data, index)
    digits = {col: _column_digits(flat[col]) for col in flat.columns}
    own = {col for col in per_row if digits.get(col) is not None}
    headers = [("" if str(col).startswith("_indeks") else html.escape(column_label(col, stem)))
               for col in flat.columns]
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    rows, missing = [], False
    for values in flat.itertuples(index=False, name=None):
        cells = []
        for pos, (col, value) in enumerate(zip(flat.columns, values, strict=True)):
            text = cell_text(value, None if col in own else digits[col])
            missing = missing or text == MISSING
            if pos < n_index:
                cells.append(f'<th scope="row">{html.escape(text)}</th>')
            elif digits[col] is not None:
                cells.append(f'<td class="num">{html.escape(text)}</td>')
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    wide = " lebar" if len(flat.columns) >= WIDE_COLUMNS else ""
    notes = " ".join(part for part in (footer, MISSING_NOTE if missing else "") if part)
    parts = [_STYLE, f'<div class="kompetensi-tabel{wide}"'
             + (f' id="{html.escape(anchor)}"' if anchor else "") + ">",
             "<table>", f"<caption>{_caption_html(caption)}</caption>" if caption else "",
             f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody></table>",
             f'<p class="kompetensi-catatan">{html.escape(notes)}</p>' if notes else "",
             "</div>"]
    return "\n".join(part for part in parts if part)


def figure_html(png: bytes, *, anchor: str, caption: str, alt: str, footer: str = "",
                width: int = 800) -> str:
    """A figure as the page shows it: the PNG embedded, its alt text, caption and source.

    Examples
    --------
    >>> page = figure_html(b"png", anchor="gambar-3-1", caption="Gambar 3.1. JP", alt="JP")
    >>> 'id="gambar-3-1"' in page and 'alt="JP"' in page
    True
    """
    data = base64.b64encode(png).decode("ascii")
    foot = f' <span class="kompetensi-catatan">{html.escape(footer)}</span>' if footer else ""
    return (f'<figure class="kompetensi-gambar" id="{html.escape(anchor)}" style="margin:1rem 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            f'style="max-width:100%;height:auto" width="{width}">'
            f"<figcaption>{_caption_html(caption)}{foot}</figcaption></figure>")


def _caption_html(caption: str) -> str:
    """``Tabel 3.1. Title`` with the number in bold."""
    match = re.match(r"^((?:Tabel|Gambar) \d+\.\d+\.)\s*(.*)$", caption, re.S)
    if not match:
        return html.escape(caption)
    return f"<strong>{html.escape(match.group(1))}</strong> {html.escape(match.group(2))}"


def anchor_of(caption: str) -> str:
    """The anchor of a numbered caption: ``Tabel 3.4. …`` -> ``tabel-3-4``.

    Examples
    --------
    >>> anchor_of("Gambar 8.12. IKM kota")
    'gambar-8-12'
    """
    match = re.match(r"^(Tabel|Gambar) (\d+)\.(\d+)", caption)
    return f"{match.group(1).lower()}-{match.group(2)}-{match.group(3)}" if match else ""


INDICATOR_TABLE = "07_indikator"
INDICATOR_TABLE_NOTEBOOK = "07_ringkasan_kebijakan"
_INDICATOR_COLUMNS = {"indikator": "Indikator", "nilai": "Siklus ini",
                      "nilai_sebelumnya": "Siklus sebelumnya", "perubahan": "Perubahan",
                      "penilaian": "Penilaian"}


def indicator_tables_html(folder: Path, *, stale: bool = False) -> list[str]:
    """The headline indicators for ``index.html``: the summary's indicator table (notebook
    07, ``tabel/07_indikator.csv``), one small table per policy section, labelled and in
    Indonesian number style; a plain sentence when the summary has not been made. ``stale``
    says the table is from an earlier run (a partial run did not remake it).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "tabel").mkdir()
    >>> _ = (folder / "tabel" / "07_indikator.csv").write_text(
    ...     "bagian,indikator,nilai,nilai_sebelumnya,perubahan,arah,penilaian,sumber\\n"
    ...     "Pelaksanaan,PNS capai 20 JP (%),58.6,58.0,0.6,naik,membaik,hasil/03.json: p\\n")
    >>> page = "".join(indicator_tables_html(folder))
    >>> "<h3>Pelaksanaan</h3>" in page, "58,6" in page, "membaik" in page
    (True, True, True)
    """
    path = Path(folder) / "tabel" / f"{INDICATOR_TABLE}.csv"
    parts = ["<h2>Indikator utama</h2>"]
    if not path.exists():
        return parts + ['<p class="muted">Indikator utama disusun oleh ringkasan kebijakan '
                        "(notebook 07), yang belum ada hasilnya pada run ini. Hasil setiap "
                        "notebook ada di folder <code>hasil/</code>.</p>"]
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    parts.append('<p class="muted">Dari <a href="07_ringkasan_kebijakan.html">ringkasan '
                 "kebijakan</a>; <em>penilaian</em> menilai arah perubahan menurut tujuan "
                 "kebijakan, bukan signifikansinya."
                 + (" <strong>Tabel ini dari run sebelumnya</strong>: run ini tidak menjalankan "
                    "notebook 07." if stale else "") + "</p>")
    for section, rows in table.groupby("bagian", sort=False):
        head = "".join(f'<th scope="col">{label}</th>' for label in _INDICATOR_COLUMNS.values())
        body = []
        for row in rows.itertuples(index=False):
            cells = []
            for column in _INDICATOR_COLUMNS:
                raw = getattr(row, column)
                number = pd.to_numeric(pd.Series([raw]), errors="coerce").iloc[0]
                text = cell_text(number) if raw and pd.notna(number) else (raw or MISSING)
                css = ' class="num"' if raw and pd.notna(number) else ""
                cells.append(f"<td{css}>{html.escape(text)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts += [f"<h3>{html.escape(section)}</h3>",
                  f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"]
    return parts
