"""Seeded generator of the bundled SYNTHETIC sample (``data/raw/contoh``).

``generate(out_dir, seed)`` writes three cycles (2023-2025) of raw exports as they look in
practice (title rows, cp1252, Indonesian dates, typos), plants known truths (programme effect,
selection, reliability, learning gain, competency gaps, stakeholder weights) and known faults,
and documents both in ``README.md`` and ``kebenaran.json``. Output is byte-identical for a
given seed: every table draws from its own ``SeedSequence`` child stream, rows are sorted and
workbooks carry fixed timestamps. No real person is represented.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kompetensi.synth import (
    assessment,
    discipline,
    performance,
    population,
    raw_pegawai,
    raw_programme,
    raw_records,
    raw_skm,
    readme,
    roster_status,
    skm,
    surveys,
    training,
)
from kompetensi.synth.export import RawFile, write
from kompetensi.synth.faults import Ledger, knock_on
from kompetensi.synth.streams import DEFAULT_SEED, stream

__all__ = ["build", "generate"]


def build(seed: int = DEFAULT_SEED) -> tuple[list[RawFile], Ledger, dict]:
    """Simulate everything and return the raw files, the fault ledger and the truths."""
    pop = population.build(stream(seed, "populasi"))
    perf = performance.build(pop, stream(seed, "kinerja"), stream(seed, "seleksi"))
    long, t_asesmen = assessment.build(pop, stream(seed, "asesmen"))
    sanctions, t_disiplin = discipline.build(pop, stream(seed, "disiplin"))
    train = training.build(pop, perf, stream(seed, "pelatihan"))
    # issue 20 additions: own streams, drawn after everything else above
    status = roster_status.build(pop, stream(seed, "kedudukan"), stream(seed, "paruh-waktu"))
    ledger = Ledger()
    files: list[RawFile] = []
    t_reaksi = {
        "population_alpha_monte_carlo": surveys.population_alpha(stream(seed, "alpha-populasi"))
    }
    t_perilaku = {}
    for year in population.CYCLES:

        def fault_rng(table: str, year: int = year) -> np.random.Generator:
            return stream(seed, f"cacat-{year}-{table}")

        files.append(raw_pegawai.with_unit(
            raw_pegawai.pegawai(pop, year, fault_rng("pegawai"), ledger, status), seed))
        files.append(raw_programme.pelatihan(pop, train, year, fault_rng("pelatihan"), ledger))
        files.append(raw_records.kinerja(pop, perf, year, fault_rng("kinerja"), ledger))
        files.append(raw_records.disiplin(pop, sanctions, year, fault_rng("disiplin"), ledger))
        files.append(raw_records.asesmen(pop, long, year, fault_rng("asesmen"), ledger))
        if year in training.PSIM_FIRST_MONDAY:
            files.append(raw_programme.tes(pop, train, year, fault_rng("tes"), ledger))
            responses, t_reaksi[str(year)] = surveys.reaksi(
                train.participants, stream(seed, f"reaksi-{year}"), year
            )
            files.append(
                raw_programme.survei_reaksi(
                    pop, responses, year, fault_rng("survei_reaksi"), ledger
                )
            )
            files.append(raw_programme.kodebuku("survei_reaksi", year))
            responses, t_perilaku[str(year)] = surveys.perilaku(
                train.participants, stream(seed, f"perilaku-{year}"), year
            )
            files.append(
                raw_programme.survei_perilaku(
                    pop, responses, year, fault_rng("survei_perilaku"), ledger
                )
            )
            files.append(raw_programme.kodebuku("survei_perilaku", year))
    judgments, t_pemangku = surveys.pemangku(stream(seed, "pemangku"))
    files.append(raw_programme.pemangku(judgments, ledger))
    # issue 24: the SKM of the service units, its own streams, drawn after everything else
    survey = skm.build(pop, status, train, seed, stream(seed, "skm"))
    for year in population.CYCLES:
        files += raw_skm.files(survey, year, stream(seed, f"cacat-{year}-skm"), ledger)
    files.append(raw_skm.unit_map(survey))
    truths = {
        "workforce": population.workforce_truths(pop),
        "kedudukan": status.truths["kedudukan"],
        "paruh_waktu": status.truths["paruh_waktu"],
        "performance_effect": perf.truths,
        "training": train.truths,
        "competency_gaps": t_asesmen,
        "discipline": t_disiplin,
        "reaction_survey": t_reaksi,
        "behaviour_survey": t_perilaku,
        "stakeholders": t_pemangku,
        "skm": survey.truths,
        "roster_nip_lost_knock_on": {
            "lost_roster_nips_per_cycle": {
                str(y): len(v) for y, v in ledger.lost_roster_nips.items()
            },
            "rows_not_matched_in_other_files": knock_on(files, ledger.lost_roster_nips),
        },
    }
    return sorted(files, key=lambda f: f.path), ledger, truths


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the synthetic sample into ``out_dir`` (created when missing).

    Parameters
    ----------
    out_dir : pathlib.Path
        Target folder, e.g. ``data/raw/contoh``; files of the sample are overwritten, other
        files are left alone.
    seed : int
        Master seed; the same seed gives byte-identical files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files, ledger, truths = build(seed)
    for raw in files:
        write(out_dir, raw)
    readme.write_documents(out_dir, files, ledger, truths, seed)
