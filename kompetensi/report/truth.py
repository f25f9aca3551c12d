"""The check against the planted truth of a synthetic sample (``kebenaran.json``).

The bundled sample is generated with known effects, weights and faults; a notebook compares
its estimates with them and says whether each planted value lies in the estimate's interval.
For real data there is no such file and nothing is checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kompetensi.core import config

COLUMNS = ("ukuran", "nilai_tertanam", "estimasi", "ik_bawah", "ik_atas")


def planted(dataset: str) -> dict[str, Any] | None:
    """The ``truths`` of ``data/raw/<dataset>/kebenaran.json``; None for real data or no file."""
    path = config.raw_root() / dataset / "kebenaran.json"
    if not config.is_synthetic(dataset) or not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("truths", {})


def truth_table(rows: Iterable[Sequence[Any]], columns: Sequence[str] = COLUMNS,
                digits: int | None = 3, inside: str = "di_dalam_ik") -> pd.DataFrame:
    """Planted value against estimate and interval, one row per measure.

    ``rows`` hold, in the order of ``columns``: the measure's name, the planted value, the
    estimate, the interval's lower and upper bound. The column ``inside`` says ``ya`` when the
    planted value lies in the interval (bounds included), else ``tidak``.

    Examples
    --------
    >>> truth_table([("a", 0.5, 0.45, 0.4, 0.6), ("b", 1.0, 0.5, 0.2, 0.8)])["di_dalam_ik"].tolist()
    ['ya', 'tidak']
    """
    table = pd.DataFrame(list(rows), columns=list(columns))
    name, truth, _, low, high = columns
    hit = (table[low] <= table[truth]) & (table[truth] <= table[high])
    table[inside] = np.where(hit, "ya", "tidak")
    table = table.set_index(name)
    return table.round(digits) if digits is not None else table
