"""Issue 24's acceptance on the bundled sample: the SKM chain of notebook 08 (clean, periods,
unit overview, yearly outcomes, exposure, adoption, unit-level Callaway-Sant'Anna) recovers
what `data/raw/contoh/kebenaran.json` planted (truths "skm"): the adoption year of every unit,
the unit-periods below the Krejcie-Morgan minimum, and the effect of IT-training adoption on
NRR U6, NRR U7 and the IKM within the interval the conclusion rests on."""

from __future__ import annotations

import json

import pytest

from kompetensi import impact, processing, service
from kompetensi.core import config

pytestmark = pytest.mark.slow
SAMPLE = config.PROJECT_ROOT / "data" / "raw" / "contoh"
OUTCOMES = {"ikm": "IKM", "nrr_u6": "NRR U6", "nrr_u7": "NRR U7"}


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((SAMPLE / "kebenaran.json").read_text(encoding="utf-8"))["truths"]["skm"]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
    try:
        tables = {s: processing.load_processed("contoh", s)
                  for s in processing.cycles_through("contoh", 2025)}
    finally:
        mp.undo()
    skm = service.stack_optional(tables, "skm")
    rekap = service.stack_optional(tables, "skm_rekap")
    skm["periode"] = service.reporting_periods(skm, rekap)
    overview = service.unit_overview(skm, rekap, reps=199)
    yearly = service.annual_outcomes(skm, rekap, overview)
    exposure = service.unit_exposure(service.stack_optional(tables, "pegawai"),
                                     service.stack_optional(tables, "pelatihan"),
                                     service.service_units(skm, rekap))
    adoption = service.adoption_year(exposure, threshold=60.0)
    panel = service.unit_panel(yearly, exposure, adoption)
    effects = impact.unit_effects(panel, OUTCOMES, reps=199, wild_reps=999, seed=7)
    return {"skm": skm, "rekap": rekap, "overview": overview, "yearly": yearly,
            "adoption": adoption, "effects": effects}


def test_sub_year_units_get_the_periods_of_their_recap(chain):
    # DPMPTSP publishes 2025 per triwulan: its dated respondents fall in T1..T4, and their
    # counts are the recap's respondent counts (the generator drew them per quarter)
    unit = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    mine = chain["skm"].loc[(chain["skm"]["unit"] == unit) & (chain["skm"]["siklus"] == 2025)]
    recap = chain["rekap"].loc[(chain["rekap"]["unit"] == unit) & (chain["rekap"]["siklus"] == 2025)]
    counts = mine["periode"].value_counts().sort_index()
    assert list(counts.index) == ["2025-T1", "2025-T2", "2025-T3", "2025-T4"]
    assert counts.tolist() == recap.sort_values("periode")["responden"].astype(int).tolist()


def test_every_unit_and_period_is_in_the_overview_with_its_recap(chain, planted):
    overview = chain["overview"]
    assert len(overview) == planted["unit_periods"]
    assert overview["siklus"].notna().all() and overview["opd"].notna().all()
    recap_only = overview.loc[overview["sumber"] == "rekap", "unit"].unique().tolist()
    assert recap_only == [planted["recap_only_unit"]]


def test_the_units_below_the_minimum_sample_are_flagged_and_only_they(chain, planted):
    overview = chain["overview"]
    flagged = set(map(tuple, overview.loc[~overview["cukup"], ["unit", "periode"]]
                      .astype(str).to_numpy()))
    assert flagged == {(b["unit"], b["periode"]) for b in planted["below_krejcie_morgan"]}
    assert overview.loc[~overview["cukup"], "peringkat"].isna().all()


def test_adoption_years_are_the_planted_ones(chain, planted):
    assert chain["adoption"].to_dict() == planted["adoption_year"]


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_planted_effect_lies_in_the_conclusion_interval(chain, planted, outcome):
    truth = planted["callaway_santanna"]["simple"][f"att_{outcome}"]
    c = chain["effects"].conclusion[outcome]
    assert c.ci_low <= truth <= c.ci_high
    # and the interval excludes 0: the sample's 38 balanced units detect an effect this size
    assert c.ci_low > 0
