"""The check of notebook 06 against the planted truth of the synthetic sample.

The sample ``contoh`` is generated with known group weights, a few deliberately inconsistent
respondents and one empty pair (``data/raw/contoh/kebenaran.json``); :func:`truth_check` says
whether the analysis finds them again. The truths are read by the notebook
(``kompetensi.report.truth.planted``) and passed in: no file I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kompetensi.stakeholders.tables import inconsistent


@dataclass(frozen=True)
class TruthCheck:
    """The synthetic sample's planted stakeholder truths against the results.

    Attributes
    ----------
    table : DataFrame
        Published: indexed by ``kelompok, kriteria``; ``ditanam, bobot, bawah, atas``
        (3 decimals) and ``tercakup`` (the planted weight lies in the interval).
    inside, n : int
        Planted weights inside their interval, and planted weights compared.
    max_difference : float
        Largest ``|bobot - ditanam|`` (unrounded).
    same_inconsistent : bool
        The respondents found inconsistent are exactly the planted ones.
    missing_pair_found : bool
        The planted empty pair is among the reported problems.
    """

    table: pd.DataFrame
    inside: int
    n: int
    max_difference: float
    same_inconsistent: bool
    missing_pair_found: bool

    @property
    def failures(self) -> list[str]:
        """What was not recovered (empty when everything was)."""
        out = []
        if self.inside < self.n:
            out.append("bobot yang ditanam tidak tercakup selang kepercayaan")
        if not self.same_inconsistent:
            out.append("responden tidak konsisten berbeda dari yang ditanam")
        if not self.missing_pair_found:
            out.append("pasangan kosong yang ditanam tidak terlaporkan")
        return out


def truth_check(truths: Mapping[str, Any], summary: pd.DataFrame, consistency: pd.DataFrame,
                problems: pd.DataFrame) -> TruthCheck:
    """Check the recovered weights, inconsistent respondents and empty pair against the truth.

    Parameters
    ----------
    truths : mapping
        The ``stakeholders`` entry of the sample's planted truths
        (``kompetensi.report.truth.planted(dataset)["stakeholders"]``): ``planted_weights``
        (Group -> {criterion: weight}; group names lower-cased to match), ``respondents`` (code -> {"inconsistent_planted":
        bool}), ``missing_pair`` (``responden, kriteria_a, kriteria_b``).
    summary : DataFrame
        ``Bootstrap.ringkasan``.
    consistency : DataFrame
        :func:`~kompetensi.stakeholders.survey.respondent_consistency`.
    problems : DataFrame
        ``Judgments.masalah``.

    Returns
    -------
    TruthCheck

    Examples
    --------
    >>> truths = {"planted_weights": {"X": {"a": 0.6, "b": 0.4}},
    ...           "respondents": {"R1": {"inconsistent_planted": True}},
    ...           "missing_pair": {"responden": "R2", "kriteria_a": "a", "kriteria_b": "b"}}
    >>> s = pd.DataFrame({"kelompok": "x", "kriteria": ["a", "b"], "bobot": [0.55, 0.45],
    ...                   "bawah": [0.5, 0.41], "atas": [0.65, 0.5]})
    >>> c = pd.DataFrame({"konsisten": pd.array([False, pd.NA], "boolean")}, index=["R1", "R2"])
    >>> m = pd.DataFrame({"responden": ["R2"], "kriteria_a": ["a"], "kriteria_b": ["b"]})
    >>> check = truth_check(truths, s, c, m)
    >>> check.inside, check.n, round(check.max_difference, 6), check.failures
    (1, 2, 0.05, ['bobot yang ditanam tidak tercakup selang kepercayaan'])
    """
    planted = (pd.DataFrame(truths["planted_weights"]).rename(columns=str.lower)
               .stack().rename("ditanam").rename_axis(["kriteria", "kelompok"]).reset_index())
    check = summary.merge(planted, on=["kelompok", "kriteria"])
    check["tercakup"] = (check.bawah <= check.ditanam) & (check.ditanam <= check.atas)
    table = check.set_index(["kelompok", "kriteria"])[["ditanam", "bobot", "bawah", "atas",
                                                       "tercakup"]].round(3)
    planted_bad = {r for r, v in truths["respondents"].items() if v["inconsistent_planted"]}
    found_bad = set(consistency.index[inconsistent(consistency)])
    pair = truths["missing_pair"]
    found = ((problems.responden == pair["responden"])
             & (problems.kriteria_a == pair["kriteria_a"])
             & (problems.kriteria_b == pair["kriteria_b"])).any()
    return TruthCheck(table, int(check.tercakup.sum()), len(check),
                      float((check.bobot - check.ditanam).abs().max()), found_bad == planted_bad,
                      bool(found))
