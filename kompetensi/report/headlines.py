"""Headline results: the ``hasil/*.json`` of a report folder, read for the index and the summary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

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
