"""The rows of one training programme and which evaluation instruments exist for it.

Notebook 04 evaluates one programme (its parameter ``program``): the participants are the
distinct ``pid`` of that programme in the processed ``pelatihan`` table, and the reaction
survey, the test and the behaviour survey are their rows with ``program == <code>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.core import config
from kompetensi.privacy.disclosure import suppress_small_cells


def of_program(data: Mapping[str, pd.DataFrame], name: str, program: str) -> pd.DataFrame:
    """The rows of table ``name`` that belong to ``program`` (empty frame if no such table).

    Parameters
    ----------
    data : mapping of str to DataFrame
        Processed tables of one cycle (``processing.load_processed``).
    name : str
        Table name, e.g. ``"tes"``; it must have a ``program`` column.
    program : str
        Programme code.

    Returns
    -------
    DataFrame
        The matching rows with a fresh 0..n-1 index.

    Examples
    --------
    >>> data = {"tes": pd.DataFrame({"program": ["A", "B", "A"], "pid": [1, 2, 3]})}
    >>> of_program(data, "tes", "A")["pid"].tolist(), len(of_program(data, "nothing", "A"))
    ([1, 3], 0)
    """
    frame = data.get(name)
    if frame is None:
        return pd.DataFrame()
    return frame[frame["program"] == program].reset_index(drop=True)


@dataclass(frozen=True)
class Programme:
    """One programme's evaluation data (see :func:`programme`)."""

    code: str
    participants: int
    reaction: pd.DataFrame
    test: pd.DataFrame
    behaviour: pd.DataFrame
    reaction_codebook: pd.DataFrame | None
    behaviour_codebook: pd.DataFrame | None

    @property
    def has_reaction(self) -> bool:
        """Reaction survey rows and its codebook exist."""
        return len(self.reaction) > 0 and self.reaction_codebook is not None

    @property
    def has_test(self) -> bool:
        """Pre/post test rows exist."""
        return len(self.test) > 0

    @property
    def has_behaviour(self) -> bool:
        """Behaviour survey rows and its codebook exist."""
        return len(self.behaviour) > 0 and self.behaviour_codebook is not None

    @property
    def rated_by_both(self) -> int:
        """Participants rated in the behaviour survey by themselves and by a supervisor."""
        if not self.has_behaviour:
            return 0
        raters = (self.behaviour.drop_duplicates(["pid", "penilai"])
                  .groupby("pid")["penilai"].nunique())
        return int((raters == 2).sum())

    @property
    def named_share(self) -> float:
        """Share of reaction-survey respondents who gave their NIP (a ``pid``)."""
        return self.reaction.drop_duplicates("responden")["pid"].notna().mean()


def select_programme(data: Mapping[str, pd.DataFrame], code: str) -> Programme:
    """Collect the evaluation data of programme ``code`` from one cycle's processed tables.

    Parameters
    ----------
    data : mapping of str to DataFrame
        Processed tables (``pelatihan``, ``survei_reaksi``, ``tes``, ``survei_perilaku``,
        ``kodebuku_survei_reaksi``, ``kodebuku_survei_perilaku``); any may be absent.
    code : str
        Programme code (column ``program``).

    Returns
    -------
    Programme

    Examples
    --------
    >>> data = {"pelatihan": pd.DataFrame({"pid": [1, 1, 2, 3], "program": ["A", "A", "A", "B"]}),
    ...         "tes": pd.DataFrame({"program": ["A"], "pid": [1], "skor_pre": [50.0],
    ...                              "skor_post": [70.0]})}
    >>> p = select_programme(data, "A")
    >>> p.participants, p.has_test, p.has_reaction, p.rated_by_both
    (2, True, False, 0)
    """
    training = data.get("pelatihan", pd.DataFrame(columns=["pid", "program"]))
    return Programme(
        code=code,
        participants=int(training.loc[training["program"] == code, "pid"].nunique()),
        reaction=of_program(data, "survei_reaksi", code),
        test=of_program(data, "tes", code),
        behaviour=of_program(data, "survei_perilaku", code),
        reaction_codebook=data.get("kodebuku_survei_reaksi"),
        behaviour_codebook=data.get("kodebuku_survei_perilaku"),
    )


def participation(prog: Programme, k: int = config.SUPPRESSION_K) -> pd.DataFrame:
    """Respondents of each evaluation instrument and the response rate, small counts hidden.

    Parameters
    ----------
    prog : Programme
    k : int
        Smallest publishable count: a rate from fewer than ``k`` respondents is blanked and
        counts of 1 … k-1 are suppressed (:func:`~kompetensi.privacy.disclosure.
        suppress_small_cells`).

    Returns
    -------
    DataFrame
        Indexed by ``instrumen``; columns ``peserta``, ``responden``, ``persen_respons``
        (responden / peserta x 100, one decimal).

    Examples
    --------
    >>> data = {"pelatihan": pd.DataFrame({"pid": range(10), "program": "A"}),
    ...         "tes": pd.DataFrame({"program": "A", "pid": range(8), "skor_pre": 50.0,
    ...                              "skor_post": [60.0] * 7 + [None]})}
    >>> t = participation(select_programme(data, "A"))
    >>> t["responden"].tolist()[:2], t["persen_respons"].tolist()[1]
    ([0, 7], 70.0)
    """
    reaction, test, behaviour = prog.reaction, prog.test, prog.behaviour
    rows = [
        ("Survei reaksi (tingkat 1)",
         reaction["responden"].nunique() if prog.has_reaction else 0),
        ("Tes awal dan akhir, pasangan lengkap (tingkat 2)",
         int(test[["skor_pre", "skor_post"]].notna().all(axis=1).sum()) if prog.has_test else 0),
        ("Survei perilaku: penilaian diri (tingkat 3)",
         behaviour.loc[behaviour["penilai"] == "diri", "pid"].nunique()
         if prog.has_behaviour else 0),
        ("Survei perilaku: penilaian atasan (tingkat 3)",
         behaviour.loc[behaviour["penilai"] == "atasan", "pid"].nunique()
         if prog.has_behaviour else 0),
        ("Survei perilaku: dinilai diri dan atasan (tingkat 3)", prog.rated_by_both),
    ]
    peserta = prog.participants
    table = pd.DataFrame(rows, columns=["instrumen", "responden"]).set_index("instrumen")
    table["peserta"] = peserta
    table["persen_respons"] = (100 * table["responden"] / peserta).round(1) if peserta else np.nan
    table = table[["peserta", "responden", "persen_respons"]].astype({"responden": "int64"})
    table["persen_respons"] = table["persen_respons"].mask(table["responden"] < k)
    return suppress_small_cells(table, k=k, columns=["peserta", "responden"])
