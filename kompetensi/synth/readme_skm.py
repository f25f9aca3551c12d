"""README section of the sample's community satisfaction survey (SKM, issue 24)."""

from __future__ import annotations

from kompetensi.synth import skm_design as D


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def section(skm: dict) -> str:
    """Markdown text of the SKM truths and files (``truths["skm"]`` of kebenaran.json)."""
    g = skm["adoption_year"]
    cohorts = [[("never (0)" if c == "0" else c), n,
                ", ".join(u for u, v in g.items() if str(v) == c) or "-"]
               for c, n in sorted(skm["cohort_sizes"].items(), key=lambda kv: kv[0] == "0")]
    cells = [[v["g"], v["t"], v["units"], f"{v['att_nrr_u6']:.3f}", f"{v['att_nrr_u7']:.3f}",
              f"{v['att_ikm']:.3f}"] for v in skm["att_by_cohort_year"].values()]
    cs = skm["callaway_santanna"]
    agg = {"simple (cohorts " + ", ".join(map(str, cs["simple_cohorts"])) + ")": cs["simple"],
           "simple, all cohorts": cs["simple_all_cohorts"],
           **{f"group {k[7:]}": v for k, v in cs["group"].items()},
           **{f"dynamic {k}": v for k, v in cs["dynamic_identified_cohorts"].items()}}
    agg_rows = [[k, f"{v['att_nrr_u6']:.3f}", f"{v['att_nrr_u7']:.3f}", f"{v['att_ikm']:.3f}"]
                for k, v in agg.items()]
    short = [[s["unit"], s["periode"], s["populasi"], s["responden_drawn"],
              "-".join(map(str, sorted(set(s["minimum_table"]))))]
             for s in skm["below_krejcie_morgan"]]
    lat = skm["latent_model"]
    elements = ", ".join(f"{k} {v:+.2f}" for k, v in lat["element_effect"].items())
    weights = ", ".join(skm["ikm_weight_0111_units"]) or "none"
    years = ", ".join(f"{k} {v:+.2f}" for k, v in lat["year_effect"].items())
    return f"""### Community satisfaction survey (SKM, issue 24)

Files per cycle: `skm_eskm.csv` (the e-SKM Google Form of the units surveyed on line),
`skm_kertas.xlsx` (paper forms typed in) and `skm_rekap.xlsx` (every unit's published recap,
table `skm_rekap`). Service units: 7 Puskesmas, the sample's {sum(1 for u in g if
u.startswith("Kelurahan"))} kelurahan (invented names, `unor_opd.csv` maps them to their
kecamatan), the 7 kecamatan offices, RSUD, Disdukcapil, DPMPTSP, Dinas Perhubungan and
{skm["recap_only_unit"]} (recap only: its respondents' answers are not kept). About half the
units use each respondent layout; three paper units move to the e-SKM in 2025. Periods: a
year; semesters for RSUD and Disdukcapil; triwulan for DPMPTSP in 2025
({skm["unit_periods"]} unit-periods). The roster's unit column `Sub Unit Kerja` (read as
`unor`) holds the same unit as SIASN's UNOR NAMA, so that Puskesmas and kelurahan staff link
to their unit.

**Answers**: latent ordinal model {lat["formula"]}; cut points {lat["cuts"]}, {lat["noise"]},
respondent effect sd {lat["sd_respondent"]}, unit effect sd {lat["sd_unit"]} around the unit
type's mean, element effects {elements}; year effects {years}. About 1.5 % of the
answers and all answers of 2 respondents per file are blank. Recaps are computed from the
generated answers before the duplicate: NRR = mean of the answers given, rounded to 2
decimals, IKM = 25 x sum of the rounded NRR x 1/9, except units weighing 0,111 ({weights}).

**Treatment**: {skm["rule"]}; threshold {skm["threshold"]}. The latent shift of u6 and u7 once
`g(u) <= t` is **delta = {skm["delta_latent"]}**. Cohorts (number of units):

{_table(["g", "units", "which"], cohorts)}

**True ATT** (expected NRR with minus without the shift, averaged over the cohort's units;
IKM converted, 25 x mean of the nine NRRs):

{_table(["g", "t", "units", "NRR u6", "NRR u7", "IKM"], cells)}

Callaway-Sant'Anna aggregates ({cs["weights"]}; {cs["control_group"]}):

{_table(["aggregate", "NRR u6", "NRR u7", "IKM"], agg_rows)}

**Below the Krejcie-Morgan minimum** ({len(short)} of {skm["unit_periods"]} unit-periods; the
others meet it by every reading of the table):

{_table(["unit", "period", "population", "respondents", "table minimum"], short)}

Notes for the cleaning code: the e-SKM answers are words in each unit's form style
("Sangat sesuai", "Sangat Sesuai", "b. Kurang mudah", "4 - Sangat kompeten", "SANGAT BAIK");
its Timestamp is "dd/mm/yyyy hh:mm:ss" (2023, 2025) or ISO (2024); 2025 is ';'-separated with
a BOM; `Nama`, `No. HP`, `Email` are personal data (synthetic: 08xx numbers, `contoh.invalid`
addresses). Unit names are also written "UPTD Puskesmas X", "PKM X", "Kel. X", "Kantor
Kelurahan X", "Kec. X", "Kantor Kecamatan X", "RSUD", "Disdukcapil", "DPM PTSP", "Dishub",
"Dinsos" or in capitals. One exact duplicate row a cycle (2023 and 2025 e-SKM, 2024 paper).
Paper answers are numbers, some digit text; a few paper dates are dd/mm/yyyy text. The recap
writes NRR and IKM with decimal commas as text or as numbers, `Periode` as "Tahun 2025",
"2024", "Semester I 2025" or "Triwulan II 2025", the population as `Jumlah Populasi` (2025:
`Jumlah Penerima Layanan`) and `Mutu Pelayanan` as "B" (2023) or "B (Baik)".
Elements as coded in the spec: U8 (and the e-SKM column before the last question) is the
handling of complaints, U9 the facilities; the regulation's sample questionnaire asks about
the facilities as question 8 and about complaints as question 9 ({len(D.UNSUR)} elements).
"""
