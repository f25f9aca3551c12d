"""The sample's SKM files and their planted truth (issue 24) are internally consistent.

The adoption years g(u) are recomputed from the roster and training files as written (their
simulated frames: the cells, with the true NIP and OPD the writer keeps in ``meta``) with the
cleaning's own IT-topic rule; answers are read back from the three layouts; the analytic
expected answer is checked against the model's sampler; the Krejcie-Morgan table against the
published values. Nothing is written into the repository.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kompetensi import synth
from kompetensi.clean.tables import _is_it_topic  # the cleaning's topik_ti rule
from kompetensi.synth import raw_pegawai, raw_skm
from kompetensi.synth import skm_design as D

CYCLES = (2023, 2024, 2025)


@pytest.fixture(scope="module")
def built():
    files, ledger, truths = synth.build(synth.DEFAULT_SEED)
    return {f.path: f for f in files}, ledger.as_dict(), truths["skm"]


def _roster(raw) -> pd.DataFrame:
    year = int(raw.path[:4])
    cols = raw_pegawai.PEGAWAI_HEADER[year]
    f = raw.frame
    out = pd.DataFrame({
        "nip": raw.meta["nip"].astype(str), "opd": raw.meta["opd"].astype(str),
        "unit": f[raw_pegawai.UNIT_HEADER].to_numpy(),
        "jenis": f[cols[8]].astype(str).str.removeprefix("Jabatan ").to_numpy(),
        "aktif": (f[raw_pegawai.KEDUDUKAN_HEADER[year]] == "Aktif").to_numpy()})
    return out.drop_duplicates("nip")  # the planted duplicate rows


def test_adoption_years_recomputed_from_the_written_files(built):
    files, _, skm = built
    units = {u.unit: u for u in D.service_units()}
    got = {u: 0 for u in units}
    for year in CYCLES:
        roster = _roster(files[f"{year}/pegawai.xlsx"])
        train = files[f"{year}/pelatihan.csv"]
        cols = list(train.frame.columns)  # NIP, Nama, nama, jenis, ...
        it = _is_it_topic(train.frame[cols[2]].astype("string"),
                          train.frame[cols[3]].astype("string")).to_numpy()
        trained = set(train.meta["nip"][it].astype(str))
        front = roster[roster["aktif"] & roster["jenis"].isin(["Fungsional", "Pelaksana"])]
        for name, u in units.items():
            staff = front[front["unit"] == name] if u.sub else front[front["opd"] == u.opd]
            n, k = len(staff), int(staff["nip"].isin(trained).sum())
            expo = skm["exposure"][name][str(year)]
            assert (expo["n_front"], expo["n_ti"]) == (n, k), (name, year)
            if n and k / n >= skm["threshold"] and not got[name]:
                got[name] = year
    assert got == skm["adoption_year"]
    sizes = {str(c): sum(v == c for v in got.values()) for c in (*CYCLES, 0)}
    assert sizes == skm["cohort_sizes"]
    assert all(n > 0 for n in sizes.values())  # every cohort and never-adopters present


def _answer_value(k: str, text: str) -> int:
    """An e-SKM answer word back to 1-4 (prefix "b. " or "4 - ", any letter case)."""
    word = re.sub(r"^([a-d]\. |[1-4] - )", "", text).casefold()
    values = [i + 1 for i, w in enumerate(D.WORDS[k]) if w.casefold() == word]
    assert len(values) == 1, (k, text)
    if text[:2] in ("a.", "b.", "c.", "d.") or text[1:4] == " - ":
        assert values[0] == ("abcd".index(text[0]) + 1 if text[1] == "." else int(text[0]))
    return values[0]


def _respondent_answers(files, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    eskm = files[f"{year}/skm_eskm.csv"].frame
    kertas = files[f"{year}/skm_kertas.xlsx"].frame
    a = pd.DataFrame({k: [None if pd.isna(v) else _answer_value(k, v)
                          for v in eskm[D.QUESTIONS[k]]] for k in D.UNSUR})
    b = pd.DataFrame({k: [None if pd.isna(v) else int(v) for v in kertas[f"U{j + 1}"]]
                      for j, k in enumerate(D.UNSUR)})
    return a, b


def test_answers_blanks_and_duplicates(built):
    files, ledger, skm = built
    for year in CYCLES:
        for (rel, frame), answers in zip(
                ((f"{year}/skm_eskm.csv", files[f"{year}/skm_eskm.csv"].frame),
                 (f"{year}/skm_kertas.xlsx", files[f"{year}/skm_kertas.xlsx"].frame)),
                _respondent_answers(files, year), strict=True):
            values = answers.stack().dropna().astype(int)
            assert set(values) <= {1, 2, 3, 4} and {1, 2, 3, 4} <= set(values), rel
            blank = answers.isna().to_numpy()
            every = blank.all(axis=1)
            faults = ledger[rel]
            dup = frame.duplicated(keep="first").to_numpy()
            assert int(dup.sum()) == faults.get("baris_duplikat", 0), rel
            assert int(every[~dup].sum()) == faults["skm_jawaban_kosong_semua"] >= 1, rel
            assert int(blank[~every & ~dup].sum()) == faults["skm_jawaban_kosong"], rel
            assert 0.01 < blank.mean() < 0.03, rel
        n_dup = sum(ledger[f"{year}/{f}"].get("baris_duplikat", 0)
                    for f in ("skm_eskm.csv", "skm_kertas.xlsx"))
        assert n_dup == 1, year  # one respondent answered twice per cycle


def _canon() -> dict[str, str]:
    """Every way the sample writes a unit's name -> the canonical name."""
    units = D.service_units()
    return {raw_skm.unit_variant(u.unit, u.kind, x): u.unit for u in units
            for x in (0.0, 0.34, 0.67, 0.99)} | {u.unit: u.unit for u in units}


def test_recap_only_unit_and_recaps_match_the_answers(built):
    files, ledger, skm = built
    only = skm["recap_only_unit"]
    for year in CYCLES:
        recap = files[f"{year}/skm_rekap.xlsx"].frame
        assert ledger[f"{year}/skm_rekap.xlsx"]["skm_rekap_tanpa_responden"] >= 1
        assert only in set(recap["Unit Pelayanan"].map(_canon()))
        for rel in (f"{year}/skm_eskm.csv", f"{year}/skm_kertas.xlsx"):
            col = "Unit Layanan" if rel.endswith("csv") else "Unit Pelayanan"
            names = set(files[rel].frame[col])
            assert only not in names and "Dinsos" not in names, rel
        nrr = recap[[f"NRR U{k}" for k in range(1, 10)]].map(
            lambda v: float(str(v).replace(",", "."))).to_numpy()
        ikm = recap["IKM"].map(lambda v: float(str(v).replace(",", "."))).to_numpy()
        assert ((nrr >= 1) & (nrr <= 4)).all()
        low, high = 25 * 0.111 * nrr.sum(axis=1), 25 / 9 * nrr.sum(axis=1)
        assert ((ikm >= low - 0.006) & (ikm <= high + 0.006)).all()  # weight 0,111 or 1/9
        letters = recap["Mutu Pelayanan"].str[0]
        expected = np.select([ikm >= 88.31, ikm >= 76.61, ikm >= 65.0], ["A", "B", "C"], "D")
        assert (letters.to_numpy() == expected).all()
    all_ikm = np.concatenate([files[f"{y}/skm_rekap.xlsx"].frame["IKM"].map(
        lambda v: float(str(v).replace(",", "."))).to_numpy() for y in CYCLES])
    assert 0.5 < np.mean((all_ikm >= 70) & (all_ikm <= 90))  # typical IKM 70-90
    bands = pd.Series(np.select([all_ikm >= 88.31, all_ikm >= 76.61, all_ikm >= 65.0],
                                ["A", "B", "C"], "D")).value_counts()
    assert bands["B"] > bands["A"] and bands["C"] > bands["D"] >= 1 and bands["A"] >= 1


def test_krejcie_morgan_table_and_shortfalls(built):
    # Krejcie & Morgan (1970), Table 1, the pairs quoted in the issue-24 brief
    for n, s in ((100, 80), (200, 132), (300, 169), (500, 217), (1000, 278), (2000, 322),
                 (5000, 357), (10000, 370)):
        assert D.km_bounds(n) == (s, s)
    files, _, skm = built
    short = {(s["unit"], s["periode"]) for s in skm["below_krejcie_morgan"]}
    assert 0.07 < len(short) / skm["unit_periods"] < 0.13
    for year in CYCLES:
        recap = files[f"{year}/skm_rekap.xlsx"].frame
        pop_col = [c for c in recap.columns if c.startswith("Jumlah P")][0]
        for n, pop in zip(recap["Jumlah Responden"], recap[pop_col], strict=True):
            lo, hi = D.km_bounds(int(pop))
            assert n < lo or n >= hi  # never in the ambiguous band
        assert sum(int(n) < D.km_bounds(int(p))[0] for n, p in zip(
            recap["Jumlah Responden"], recap[pop_col], strict=True)) == sum(
            p.startswith(str(year)) for _, p in short)


def test_expected_answer_matches_the_sampler():
    rng = np.random.default_rng(7)
    for eta in (-0.6, 0.0, 0.45, 1.1):
        draws = D.draw_answers(rng, np.full((400_000, 1), eta))
        # Monte Carlo sd of the mean < 0.6 / sqrt(4e5) ~ 0.001: 5 sd
        assert abs(draws.mean() - float(D.expected_answer(eta))) < 0.005, eta


def test_planted_effect_size_and_visible_in_the_recaps(built):
    files, _, skm = built
    simple = skm["callaway_santanna"]["simple"]
    assert 0.15 <= simple["att_nrr_u6"] <= 0.25 and 0.15 <= simple["att_nrr_u7"] <= 0.25
    assert simple["att_ikm"] == pytest.approx(
        25 / 9 * (simple["att_nrr_u6"] + simple["att_nrr_u7"]), abs=2e-6)
    rec = pd.concat([files[f"{y}/skm_rekap.xlsx"].frame.assign(tahun=y) for y in CYCLES])
    rec["unit"] = rec["Unit Pelayanan"].map(_canon()).to_numpy()
    assert rec["unit"].notna().all()
    for k in (6, 7):
        rec[f"u{k}"] = rec[f"NRR U{k}"].map(lambda v: float(str(v).replace(",", ".")))
    g = skm["adoption_year"]
    mean = rec.groupby(["unit", "tahun"])[["u6", "u7"]].mean().reset_index()
    mean["g"] = mean["unit"].map(g)
    wide = mean.pivot(index="unit", columns="tahun", values="u6").join(
        pd.Series(g, name="g"))
    change = wide[2024] - wide[2023]
    did = change[wide["g"] == 2024].mean() - change[wide["g"] == 0].mean()
    true = skm["att_by_cohort_year"]["cohort_2024_year_2024"]["att_nrr_u6"]
    assert abs(did - true) < 0.08, (did, true)  # 2x2 DiD on the published NRR u6


def test_units_link_to_the_roster_and_no_long_numbers(built):
    files, _, _ = built
    roster_units = set()
    for year in CYCLES:
        roster_units |= set(files[f"{year}/pegawai.xlsx"].frame[raw_pegawai.UNIT_HEADER])
    subs = [u for u in D.service_units() if u.sub]
    missing = [u.unit for u in subs if u.unit not in roster_units]
    assert not missing
    mapping = files["unor_opd.csv"].frame
    for year in CYCLES:
        raw = files[f"{year}/pegawai.xlsx"]
        pairs = set(zip(raw.frame[raw_pegawai.UNIT_HEADER], raw.meta["opd"], strict=True))
        for unit, opd in zip(mapping["unor"], mapping["opd"], strict=True):
            assert {o for u, o in pairs if u == unit} <= {opd}, (unit, year)
        for rel in (f"{year}/skm_eskm.csv", f"{year}/skm_kertas.xlsx", f"{year}/skm_rekap.xlsx"):
            text = [str(v) for v in files[rel].frame.to_numpy().ravel()]
            assert not any(re.search(r"\d{16,18}", t) for t in text), rel
