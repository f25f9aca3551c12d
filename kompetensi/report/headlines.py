"""Headline results: the ``hasil/*.json`` of a report folder, read for the index and the summary."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kompetensi.core import config

# --- headline indicators --------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    """The scalar headline results of one ``hasil/*.json`` file."""

    notebook: str
    file: str
    items: tuple[tuple[str, Any], ...]
    stale: bool  # written before this run started (a partial run kept it)
    unreadable: bool = False


def read_headlines(report_dir: Path, since: datetime | None = None) -> list[Headline]:
    """Scalars of the ``hasil`` object of every ``hasil/*.json``, nested dicts flattened once.

    Lists and deeper structures are skipped: they are tables, published in ``tabel/``.
    """
    out = []
    for path in sorted((report_dir / "hasil").glob("*.json")):
        stale = since is not None and path.stat().st_mtime < since.timestamp()
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            values = payload.get("hasil", {}) if isinstance(payload, dict) else {}
        except (OSError, ValueError):
            out.append(Headline(path.stem, path.name, (), stale, unreadable=True))
            continue
        items: list[tuple[str, Any]] = []
        for key, value in (values.items() if isinstance(values, dict) else ()):
            if _is_scalar(value):
                items.append((str(key), value))
            elif isinstance(value, dict):
                items.extend((f"{key}.{sub}", v) for sub, v in value.items() if _is_scalar(v))
        notebook = payload.get("notebook", path.stem) if isinstance(payload, dict) else path.stem
        out.append(Headline(str(notebook), path.name, tuple(items), stale))
    return out


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def format_value(value: Any) -> str:
    """A headline value as shown in the index (floats to 4 decimals, booleans in Indonesian)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)

def flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a nested ``hasil`` dict with keys joined by ``.``; lists are left out.

    Examples
    --------
    >>> flatten({"a": 1, "b": {"c": 2.5, "d": [1, 2]}})
    {'a': 1, 'b.c': 2.5}
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        elif value is None or isinstance(value, str | int | float | bool):
            out[name] = value
    return out


# --- a report folder's published results (notebook 07) ----------------------------------------

def read_results(report_folder: Path, skip: str | None = None
                 ) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The ``hasil`` of every ``hasil/*.json`` of a report folder: flattened, and as written.

    Parameters
    ----------
    report_folder : Path
        ``reports/<dataset>/<siklus>``; a folder without ``hasil/`` gives two empty dicts.
    skip : str, optional
        A notebook stem to leave out (the reading notebook's own results).

    Returns
    -------
    flat : dict
        Notebook stem -> :func:`flatten` of its ``hasil``.
    raw : dict
        Notebook stem -> its ``hasil`` as written (lists kept).
        Files that are not valid JSON are left out of both.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "hasil").mkdir()
    >>> _ = (folder / "hasil" / "03_x.json").write_text('{"hasil": {"a": {"b": 1}, "t": [1]}}')
    >>> _ = (folder / "hasil" / "07_y.json").write_text('{"hasil": {"c": 2}}')
    >>> _ = (folder / "hasil" / "04_z.json").write_text('{not json')
    >>> read_results(folder, skip="07_y")
    ({'03_x': {'a.b': 1}}, {'03_x': {'a': {'b': 1}, 't': [1]}})
    """
    flat: dict[str, dict[str, Any]] = {}
    raw: dict[str, Any] = {}
    for path in sorted((Path(report_folder) / "hasil").glob("*.json")):
        if path.stem == skip:
            continue
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        raw[path.stem] = payload.get("hasil", {})
        flat[path.stem] = flatten(raw[path.stem])
    return flat, raw


def published_table(folder: Path, name: str) -> tuple[pd.DataFrame | None, str]:
    """A published ``tabel/<name>.csv`` of a report folder and the text that cites it.

    Returns
    -------
    table : DataFrame or None
        The table as read by ``pandas.read_csv``; None when it was not published.
    text : str
        ``"<caption> (tabel/<name>.csv)"`` (the caption from the ``.csv.json`` sidecar, else
        the name), or ``"tabel/<name>.csv belum ada"`` when there is no table.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "tabel").mkdir()
    >>> _ = (folder / "tabel" / "06_k.csv").write_text("kelompok,n\\nx,5\\n")
    >>> _ = (folder / "tabel" / "06_k.csv.json").write_text('{"judul": "Tabel 6.1. K"}')
    >>> table, text = published_table(folder, "06_k")
    >>> table.to_dict("list"), text
    ({'kelompok': ['x'], 'n': [5]}, 'Tabel 6.1. K (tabel/06_k.csv)')
    >>> published_table(folder, "05_e")
    (None, 'tabel/05_e.csv belum ada')
    """
    path = Path(folder) / "tabel" / f"{name}.csv"
    if not path.exists():
        return None, f"tabel/{name}.csv belum ada"
    caption = _caption(path.with_suffix(".csv.json")) or name
    return pd.read_csv(path), f"{caption} (tabel/{name}.csv)"


def _caption(meta: Path) -> str:
    """The caption (``judul``) of a table's ``.csv.json`` sidecar; empty when unreadable."""
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("judul", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def table_numbers(folder: Path) -> dict[str, str]:
    """Each published table's stem and its number as cited: ``{"03_capaian_opd": "Tabel 3.5"}``.

    Read from the captions of the ``tabel/*.csv.json`` sidecars.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "tabel").mkdir()
    >>> _ = (folder / "tabel" / "06_k.csv.json").write_text('{"judul": "Tabel 6.1. K"}')
    >>> table_numbers(folder)
    {'06_k': 'Tabel 6.1'}
    """
    out = {}
    for meta in sorted((Path(folder) / "tabel").glob("*.csv.json")):
        match = re.match(r"^(Tabel \d+\.\d+)", _caption(meta))
        if match:
            out[meta.name.removesuffix(".csv.json")] = match.group(1)
    return out


def previous_cycle(dataset: str, siklus: int, years: int = 5) -> int | None:
    """The cycle to compare with: the latest of the ``years`` cycles before ``siklus`` whose
    report folder (``config.reports_dir``) holds ``hasil/``; None when there is none.

    Parameters
    ----------
    dataset : str
    siklus : int
        The cycle being summarized.
    years : int
        How far back to look.

    Returns
    -------
    int or None

    Examples
    --------
    >>> print(previous_cycle("contoh", 1901, years=1))  # no reports of 1900
    None
    """
    earlier = [s for s in range(siklus - years, siklus)
               if (config.reports_dir(dataset, s) / "hasil").is_dir()]
    return max(earlier) if earlier else None
