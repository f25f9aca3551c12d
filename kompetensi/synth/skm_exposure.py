"""IT-training exposure of the SKM service units and their adoption years, from the simulated
roster and training (the rule of the lead's ``service.exposure``, issue 24).

For unit ``u`` and year ``t``: ``persen_ti(u, t)`` is the share of its active front-line staff
(kedudukan "Aktif", jenis jabatan Fungsional or Pelaksana, on the roster of 31 December
``t``, the 2025 PPPK paruh waktu included) with at least one IT training (``topik_ti``: the
keywords of ``reference/topik_ti.csv`` in the activity's name or kind, as
:mod:`kompetensi.clean.tables` applies them) that started in ``t``. A sub-unit's staff are the
rows whose unit (:func:`kompetensi.synth.units.unit_of`) is the unit; an OPD-level unit's
staff are all rows of the OPD. ``g(u)`` is the first year with ``persen_ti >= threshold``,
0 when there is none (also for a unit without front-line staff).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.synth.population import CYCLES, Population
from kompetensi.synth.roster_status import AKTIF, RosterStatus
from kompetensi.synth.skm_design import ServiceUnit
from kompetensi.synth.training import Training
from kompetensi.synth.units import unit_of

THRESHOLD = 0.6
FRONT_LINE = ("Fungsional", "Pelaksana")


def it_pattern() -> re.Pattern:
    """The ``topik_ti`` keyword rule (whole words, "-" also as space or nothing)."""
    words = reference.load("topik_ti").kata_kunci.str.replace("-", r"[- ]?", regex=False)
    return re.compile(rf"(?<![a-z])(?:{'|'.join(words)})(?![a-z])")


def it_topic(nama: pd.Series, jenis: pd.Series) -> np.ndarray:
    """True where the activity is IT training: the rule on ``nama + " " + jenis``, lower case.

    >>> it_topic(pd.Series(["Bimtek Aplikasi SIPD", "Seminar Kesehatan"]),
    ...          pd.Series(["Bimtek", "Seminar"])).tolist()
    [True, False]
    """
    pattern = it_pattern()
    text = (nama.fillna("").astype(str) + " " + jenis.fillna("").astype(str)).str.lower()
    return np.asarray([bool(pattern.search(t)) for t in text], dtype=bool)


def staff(pop: Population, status: RosterStatus, train: Training, seed: int) -> pd.DataFrame:
    """Every roster row of every cycle with its unit, OPD, post kind, activity and IT flag.

    Columns ``tahun``, ``pid`` (-1 for the paruh waktu), ``nip``, ``opd``, ``unit``,
    ``jenis_jabatan``, ``aktif``, ``ti`` (>= 1 IT training that started in the year).
    """
    act = train.activities
    it = act[it_topic(act["nama_pelatihan"], act["jenis"])]
    frames = []
    for year in CYCLES:
        r = pop.rosters[year]
        p = pop.people.loc[r.index]
        ked = status.kedudukan[year].reindex(r.index).fillna(AKTIF)
        trained = set(it.loc[it["tahun"] == year, "pid"])
        rows = pd.DataFrame({
            "tahun": year, "pid": r.index.to_numpy(), "nip": p["nip"].to_numpy(),
            "opd": r["opd"].to_numpy(), "jenis_jabatan": r["jenis_jabatan"].to_numpy(),
            "jabatan": r["jabatan"].to_numpy(), "kecamatan": r["kecamatan"].to_numpy(),
            "aktif": (ked == AKTIF).to_numpy(), "ti": r.index.isin(list(trained)),
        })
        if year == 2025:
            pw = status.paruh_waktu
            rows = pd.concat([rows, pd.DataFrame({
                "tahun": year, "pid": -1, "nip": pw["nip"].to_numpy(),
                "opd": pw["opd"].to_numpy(), "jenis_jabatan": pw["jenis_jabatan"].to_numpy(),
                "jabatan": pw["jabatan"].to_numpy(), "kecamatan": pw["kecamatan"].to_numpy(),
                "aktif": True, "ti": False})], ignore_index=True)
        rows["unit"] = [unit_of(seed, n, o, j, jb, k) for n, o, j, jb, k in zip(
            rows["nip"], rows["opd"], rows["jenis_jabatan"], rows["jabatan"], rows["kecamatan"],
            strict=True)]
        frames.append(rows)
    return pd.concat(frames, ignore_index=True).drop(columns=["jabatan", "kecamatan"])


def exposure(rows: pd.DataFrame, units: tuple[ServiceUnit, ...]) -> pd.DataFrame:
    """``unit``, ``tahun``, ``n_front`` (active front-line staff), ``n_ti``, ``persen_ti``.

    ``persen_ti`` is NaN for a unit-year without front-line staff.
    """
    front = rows[rows["aktif"] & rows["jenis_jabatan"].isin(FRONT_LINE)]
    out = []
    for u in units:
        mine = front[front["unit"] == u.unit] if u.sub else front[front["opd"] == u.opd]
        for year in CYCLES:
            got = mine[mine["tahun"] == year]
            n, k = len(got), int(got["ti"].sum())
            out.append({"unit": u.unit, "tahun": year, "n_front": n, "n_ti": k,
                        "persen_ti": k / n if n else float("nan")})
    return pd.DataFrame(out)


def adoption(expo: pd.DataFrame, threshold: float = THRESHOLD) -> dict[str, int]:
    """``g(u)``: first year with ``persen_ti >= threshold``, else 0 (never)."""
    out = {}
    for unit, g in expo.groupby("unit", sort=False):
        hit = g.loc[g["persen_ti"] >= threshold, "tahun"]
        out[str(unit)] = int(hit.min()) if len(hit) else 0
    return out
