"""Headline results of notebook 04 and its check against the planted truth of the sample.

``headline`` gathers the numbers for ``hasil/04_evaluasi_pelatihan.json`` (rounded to 3
decimals, counts of 1 … k-1 people as None); ``truth_rows`` pairs the values planted in a
synthetic sample (``kebenaran.json``, read by the report layer) with the estimates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.evaluation.learning import Correlation, PairedChange
from kompetensi.evaluation.programme import Programme
from kompetensi.evaluation.reaction import Reaction
from kompetensi.privacy.disclosure import count_or_none


def _r3(value: Any) -> float | None:
    """Three decimals, None when missing or not finite (the report's ``tables.value(x, 3)``,
    which an analysis package may not import)."""
    return round(float(value), 3) if value is not None and np.isfinite(value) else None


@dataclass(frozen=True)
class TruthRows:
    """Rows for ``report.truth.truth_table`` and the planted d_z (None if none planted)."""

    rows: list[tuple]
    planted_dz: float | None


def truth_rows(truths: Mapping[str, Any] | None, siklus: int, reaction: Reaction | None,
               change: PairedChange | None, agreement: pd.DataFrame | None,
               links: Mapping[str, Correlation]) -> TruthRows:
    """Planted value, estimate and interval of every measure the sample planted.

    Parameters
    ----------
    truths : mapping or None
        ``truths`` of ``kebenaran.json`` (None or empty for real data: no rows).
    siklus : int
        Cycle.
    reaction : Reaction or None
        :func:`~kompetensi.evaluation.reaction.reaction_survey` (None without a reaction survey).
    change : PairedChange or None
        The test's pre/post change (None without a test).
    agreement : DataFrame or None
        :func:`~kompetensi.evaluation.behaviour.agreement_table` (None without a behaviour
        survey).
    links : mapping
        ``{rater: Correlation}`` of test gain and behaviour (:func:`~kompetensi.evaluation.
        behaviour.gain_link`).

    Returns
    -------
    TruthRows

    Examples
    --------
    >>> from kompetensi.evaluation.reaction import reaction_survey
    >>> long = pd.DataFrame({"responden": [1, 1, 2, 2, 3, 3], "butir": ["R1", "R2"] * 3,
    ...                      "skor": [5, 4, 4, 4, 2, 1]})
    >>> book = pd.DataFrame({"butir": ["R1", "R2"], "dimensi": "M", "teks": "-",
    ...                      "terbalik": "0"})
    >>> truths = {"reaction_survey": {"2025": {"alpha_generated_before_faults": {"M": 0.9,
    ...                                                                         "X": 0.5}}}}
    >>> check = truth_rows(truths, 2025, reaction_survey(long, book), None, None, {})
    >>> [(name, planted, round(alpha, 3)) for name, planted, alpha, *_ in check.rows]
    [('Alpha reaksi: M', 0.9, 0.968)]
    >>> check.planted_dz is None
    True
    >>> truth_rows(None, 2025, None, None, None, {}).rows
    []
    """
    cycle, truths = str(siklus), truths or {}
    rows: list[tuple] = []
    planted_alpha = (truths.get("reaction_survey", {}).get(cycle, {})
                     .get("alpha_generated_before_faults", {}))
    alphas = reaction.scales.alphas if reaction is not None else {}
    for dim, value in planted_alpha.items():
        if dim in alphas:
            a = alphas[dim]
            rows.append((f"Alpha reaksi: {dim}", value, a.alpha, a.ci_low, a.ci_high))
    planted_test = (truths.get("training", {}).get("learning_test", {})
                    .get("generated_before_faults", {}).get(cycle))
    planted_dz = None
    if change is not None and planted_test:
        rows.append(("Rerata peningkatan skor tes", planted_test["mean_gain"], change.mean_diff,
                     change.ci_low, change.ci_high))
        planted_dz = planted_test["cohen_dz"]
    planted_l3 = truths.get("behaviour_survey", {}).get(cycle)
    if agreement is not None and planted_l3:
        t = agreement.loc["Total"]
        rows.append(("Selisih diri - atasan (dinilai keduanya)",
                     planted_l3["self_minus_supervisor_paired"], t["selisih_diri_atasan"],
                     t["ik_bawah"], t["ik_atas"]))
        for rater, key in (("diri", "corr_gain_self"), ("atasan", "corr_gain_supervisor")):
            if change is not None and rater in links:
                k = links[rater]
                rows.append((f"r(peningkatan tes, perilaku {rater})", planted_l3[key], k.r,
                             k.ci_low, k.ci_high))
    return TruthRows(rows, planted_dz)


def headline(prog: Programme, reaction: Reaction | None, change: PairedChange | None,
             agreement: pd.DataFrame | None, links: Mapping[str, Correlation],
             k: int = config.SUPPRESSION_K) -> dict[str, Any]:
    """The headline numbers of the evaluation (``hasil``), nothing from fewer than k people.

    Parameters
    ----------
    prog : Programme
    reaction : Reaction or None
        :func:`~kompetensi.evaluation.reaction.reaction_survey` (None without a reaction survey).
    change : PairedChange or None
        The test's change.
    agreement : DataFrame or None
        Published (hidden) :func:`~kompetensi.evaluation.behaviour.agreement_table`.
    links : mapping
        ``{rater: Correlation}`` of test gain and behaviour.
    k : int
        Smallest publishable count.

    Returns
    -------
    dict
        ``program``, ``peserta`` and, where the instrument exists and has at least ``k``
        people, ``reaksi``, ``tes`` and ``perilaku`` (floats to 3 decimals).

    Examples
    --------
    >>> from kompetensi.evaluation.programme import select_programme
    >>> training = pd.DataFrame({"pid": [1, 2, 3], "program": "A"})
    >>> prog = select_programme({"pelatihan": training}, "A")
    >>> headline(prog, None, None, None, {})
    {'program': 'A', 'peserta': None}
    """
    hasil: dict[str, Any] = {"program": prog.code, "peserta": count_or_none(prog.participants, k)}
    peserta = prog.participants
    if prog.has_reaction:
        n_reaction = int(prog.reaction["responden"].nunique())
        hasil["reaksi"] = {
            "responden": count_or_none(n_reaction, k),
            "tingkat_respons": _r3(n_reaction / peserta) if peserta and n_reaction >= k else None,
        }
        for dim, a in reaction.scales.alphas.items():
            if a.n_respondents >= k:
                hasil["reaksi"].update({
                    f"alpha_{dim}": _r3(a.alpha), f"alpha_{dim}_ik_bawah": _r3(a.ci_low),
                    f"alpha_{dim}_ik_atas": _r3(a.ci_high),
                    f"skor_{dim}": _r3(reaction.scores[dim].mean()),
                })
    if prog.has_test and change.n >= k:
        hasil["tes"] = {
            "n": change.n, "rerata_awal": _r3(change.mean_pre),
            "rerata_akhir": _r3(change.mean_post), "peningkatan": _r3(change.mean_diff),
            "peningkatan_ik_bawah": _r3(change.ci_low), "peningkatan_ik_atas": _r3(change.ci_high),
            "d_z": _r3(change.cohen_dz), "gain_ternormalisasi": _r3(change.normalized_gain),
            "proporsi_meningkat": _r3(change.share_improved),
        }
    n_total = agreement.loc["Total", "n"] if prog.has_behaviour else 0
    if prog.has_behaviour and pd.notna(n_total) and n_total >= k:
        t = agreement.loc["Total"]
        hasil["perilaku"] = {
            "dinilai_keduanya": count_or_none(prog.rated_by_both, k),
            "rerata_diri": _r3(t["rerata_diri"]), "rerata_atasan": _r3(t["rerata_atasan"]),
            "selisih_diri_atasan": _r3(t["selisih_diri_atasan"]),
            "selisih_ik_bawah": _r3(t["ik_bawah"]), "selisih_ik_atas": _r3(t["ik_atas"]),
            "r_diri_atasan": _r3(t["r_diri_atasan"]),
        }
        if prog.has_test:
            for rater, c in links.items():
                if c.n >= k:
                    hasil["perilaku"].update({
                        f"r_tes_{rater}": _r3(c.r), f"r_tes_{rater}_ik_bawah": _r3(c.ci_low),
                        f"r_tes_{rater}_ik_atas": _r3(c.ci_high), f"n_tes_{rater}": c.n,
                    })
    return hasil
