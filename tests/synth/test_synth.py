"""Tests of the seeded synthetic sample generator (``kompetensi.synth``).

The sample is regenerated once into a temporary folder; nothing is written inside the
repository tree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kompetensi import synth
from kompetensi.core import config
from kompetensi.synth import instruments

SAMPLE = config.PROJECT_ROOT / "data" / "raw" / "contoh"
REFERENCE = config.PROJECT_ROOT / "kompetensi" / "reference"
PREDIKAT_SCORE = {
    "sangat kurang": 1,
    "kurang/misconduct": 2,
    "kurang / misconduct": 2,
    "kurang": 2,
    "butuh perbaikan": 3,
    "baik": 4,
    "sangat baik": 5,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("contoh")
    synth.generate(out, seed=synth.DEFAULT_SEED)
    return out


@pytest.fixture(scope="module")
def truth(generated) -> dict:
    return json.loads((generated / "kebenaran.json").read_text(encoding="utf-8"))


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _xlsx(root: Path, truth: dict, rel: str) -> pd.DataFrame:
    return pd.read_excel(root / rel, header=truth["files"][rel]["title_rows"], dtype=object)


def _clean_nip(value) -> str | None:
    """The NIP if the cell holds one that can be recovered (spaces, apostrophe), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip().lstrip("'").replace(" ", "")
    return text if re.fullmatch(r"\d{18}", text) else None


def _valid_structure(nip: str) -> bool:
    """A NIP, or a NI PPPK of 2025 (digits 13-14 "21", the paruh waktu; clean/nip.py)."""
    birth = pd.to_datetime(nip[:8], format="%Y%m%d", errors="coerce")
    ni_pppk = nip[8:14] == "202521"
    return bool(
        pd.notna(birth)
        and (1 <= int(nip[12:14]) <= 12 or ni_pppk)
        and 1950 <= int(nip[8:12]) <= 2025
        and nip[14] in "12"
        and nip[15:] != "000"
    )


def test_byte_identical_to_committed_sample(generated):
    assert SAMPLE.is_dir(), "the committed sample data/raw/contoh is missing"
    assert _files(generated) == _files(SAMPLE)
    for rel in _files(generated):
        assert (generated / rel).read_bytes() == (SAMPLE / rel).read_bytes(), rel


def test_synthetic_statement_and_files_listed(generated, truth):
    readme = (generated / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# SYNTHETIC DATA")
    assert "kompetensi synth --seed 20251128" in readme
    assert truth["synthetic"] is True and truth["seed"] == synth.DEFAULT_SEED
    listed = set(truth["files"])
    assert listed == set(_files(generated)) - {"README.md", "kebenaran.json"}
    for rel in listed:
        assert f"`{rel}`" in readme
        assert (generated / rel).stat().st_size < 5_000_000


def test_roster_2025_size_and_split(generated, truth):
    roster = _xlsx(generated, truth, "2025/pegawai.xlsx").drop_duplicates()
    paruh_waktu = roster["Status ASN"] == "PPPK Paruh Waktu"
    assert paruh_waktu.sum() == truth["truths"]["paruh_waktu"]["total"]
    assert roster.loc[paruh_waktu, "NIP Baru"].str[8:14].eq("202521").all()
    roster = roster[~paruh_waktu]
    assert abs(len(roster) - 3648) <= 0.02 * 3648
    status = roster["Status ASN"].value_counts()
    assert abs(status["PNS"] - 2905) <= 0.03 * 2905
    assert abs(status["PPPK"] - 743) <= 0.05 * 743
    jenis = roster["Jenis Jabatan"].value_counts()
    assert (
        25 <= jenis["JPT"] <= 40
        and 90 <= jenis["Administrator"] <= 130
        and 280 <= jenis["Pengawas"] <= 380
    )
    teachers = roster["Nama Jabatan"].str.startswith("Guru").mean()
    assert 0.35 <= teachers <= 0.45


def test_nip_structure_unique_and_stable(generated, truth):
    sets = {}
    for year in (2023, 2024, 2025):
        roster = _xlsx(generated, truth, f"{year}/pegawai.xlsx").drop_duplicates()
        nips = roster.iloc[:, 1].map(_clean_nip).dropna()
        assert len(nips) >= len(roster) - 5  # only the float faults are lost
        assert nips.is_unique
        assert all(_valid_structure(n) for n in nips)
        sets[year] = set(nips)
        if year == 2023:  # birth date cells agree with the NIP
            birth = pd.to_datetime(roster.loc[nips.index, "Tanggal Lahir"]).dt.strftime("%Y%m%d")
            assert (birth == nips.str[:8]).all()
    assert len(sets[2023] & sets[2025]) / len(sets[2023]) > 0.9


def test_learning_gain_recovered_from_clean_rows(generated, truth):
    for year in ("2024", "2025"):
        roster = set(
            _xlsx(generated, truth, f"{year}/pegawai.xlsx").iloc[:, 1].map(_clean_nip).dropna()
        )
        tes = _xlsx(generated, truth, f"{year}/tes.xlsx").drop_duplicates()
        tes["nip"] = tes["NIP"].map(_clean_nip)
        pre = pd.to_numeric(tes["Nilai Pre-test"])
        post = pd.to_numeric(tes["Nilai Post-test"])
        ok = tes["nip"].isin(roster) & pre.between(0, 100) & post.between(0, 100)
        gain = (post[ok] - pre[ok]).astype(float)
        planted = truth["truths"]["training"]["learning_test"]["generated_before_faults"][year]
        assert abs(gain.mean() - planted["mean_gain"]) < 0.3
        assert abs(gain.mean() / gain.std(ddof=1) - planted["cohen_dz"]) < 0.05
        assert (~ok).sum() == 2 + 2 + 1  # outsiders, out-of-range scores, float NIP


def test_naive_difference_consistent_with_files(generated, truth):
    trained = set()
    for year in (2024, 2025):
        raw = (generated / f"{year}/pelatihan.csv").read_bytes().decode("cp1252")
        rows = pd.read_csv(io.StringIO(raw), sep=";", dtype=str, keep_default_na=False)
        trained |= set(rows.loc[rows["Kode Program"] == "PSIM", "NIP"].map(_clean_nip).dropna())
    kin = _xlsx(generated, truth, "2025/kinerja.xlsx").drop_duplicates()
    kin["nip"] = kin["NIP"].map(_clean_nip)
    kin["skor"] = kin["Predikat SKP"].str.lower().map(PREDIKAT_SCORE)
    kin = kin.dropna(subset=["nip", "skor"])
    is_trained = kin["nip"].isin(trained)
    naive = kin.loc[is_trained, "skor"].mean() - kin.loc[~is_trained, "skor"].mean()
    effect = truth["truths"]["performance_effect"]
    assert abs(naive - effect["naive_difference"]["2025"]["difference_score"]) < 0.02
    att = effect["att_pooled"]["att_score"]
    assert 0.1 < att < 0.35 and naive > att  # upward bias by selection
    assert effect["naive_minus_att_2025_score"] > 0.1


def test_faults_counted_in_ledger(generated, truth):
    faults = truth["faults"]
    kin = _xlsx(generated, truth, "2023/kinerja.xlsx")
    assert (
        (kin["Predikat"] == "Cukup").sum()
        == faults["2023/kinerja.xlsx"]["predikat_tidak_dikenal"]
        == 4
    )
    for rel in ("2023/pegawai.xlsx", "2025/asesmen.xlsx", "2024/tes.xlsx"):
        frame = _xlsx(generated, truth, rel)
        assert frame.duplicated().sum() == faults[rel]["baris_duplikat"]
        floats = frame.iloc[:, 1 if rel.endswith(("pegawai.xlsx", "tes.xlsx")) else 0].map(
            lambda v: not isinstance(v, str)
        )
        assert floats.sum() == faults[rel].get("nip_float_xlsx", 0)
    ases = _xlsx(generated, truth, "2025/asesmen.xlsx")
    capaian = pd.to_numeric(ases["Level Hasil Asesmen"])
    assert (~capaian.between(1, 5)).sum() == faults["2025/asesmen.xlsx"]["skor_di_luar_rentang"]
    for rel in ("2024/survei_reaksi.csv", "2025/survei_perilaku.csv"):
        text = (generated / rel).read_bytes()
        assert text.startswith(b"\xef\xbb\xbf")
        assert text.decode("utf-8-sig").count('"Tidak tahu"') == faults[rel]["likert_tidak_dikenal"]
    pem = pd.read_csv(generated / "2025/pemangku.csv", dtype=str, keep_default_na=False)
    assert (pem["Penilaian"] == "").sum() == faults["2025/pemangku.csv"]["penilaian_kosong"] == 1


def test_pelatihan_dialect(generated):
    raw = (generated / "2025/pelatihan.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert text.splitlines()[0].count(";") == 10 and "\r\n" in text
    rows = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    assert rows["Jumlah JP"].str.contains(",").any()  # decimal comma
    assert (rows["Jumlah JP"] == "").mean() > 0.05  # seminars/workshops without JP
    assert rows["Tanggal Mulai"].str.contains("Maret|Agt|Nopember|Des", regex=True).any()
    assert rows["Tanggal Mulai"].str.fullmatch(r"4\d{4}").any()  # Excel serials
    psim = rows[rows["Kode Program"] == "PSIM"]
    assert 250 <= len(psim) <= 360 and (psim["Jumlah JP"] == "40").all()


def test_headers_match_known_aliases(generated, truth):
    alias = pd.read_csv(REFERENCE / "header_alias.csv", dtype=str)

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())

    known = {(t, norm(a)) for t, a in zip(alias["tabel"], alias["alias"], strict=True)}
    items = {norm(i[1]) for i in instruments.REAKSI + instruments.PERILAKU}
    for rel, info in truth["files"].items():
        table = Path(rel).stem
        # codebooks; the SKM files (question texts as headers, read by the SKM reader and
        # checked against the issue-24 layouts in test_skm.py); the dataset's unit map
        if table.endswith("_kodebuku") or table.startswith("skm_") or table == "unor_opd":
            continue
        if rel.endswith(".xlsx"):
            header = list(_xlsx(generated, truth, rel).columns)
        else:
            enc = "cp1252" if table == "pelatihan" else "utf-8-sig"
            first = (generated / rel).read_bytes().decode(enc).splitlines()[0]
            header = next(csv.reader([first], delimiter=";" if table == "pelatihan" else ","))
        unknown = [
            h
            for h in header
            if norm(h) not in items | {"no"}
            and (table, norm(h)) not in known
            and ("*", norm(h)) not in known
        ]
        assert not unknown, (rel, unknown, info)


def test_codebooks_match_survey_columns(generated):
    for table in ("survei_reaksi", "survei_perilaku"):
        for year in (2024, 2025):
            book = pd.read_csv(generated / f"{year}/{table}_kodebuku.csv", dtype=str)
            assert list(book.columns) == ["butir", "teks", "dimensi", "terbalik"]
            survey = pd.read_csv(generated / f"{year}/{table}.csv", dtype=str, encoding="utf-8-sig")
            assert set(book["teks"]) <= set(survey.columns)
            assert set(book["terbalik"]) == {"0", "1"}


def test_planted_patterns_visible(generated, truth):
    t = truth["truths"]
    ases = pd.concat(
        [
            _xlsx(generated, truth, f"{y}/asesmen.xlsx")
            .iloc[:, 2:6]
            .set_axis(["kompetensi", "kelompok", "standar", "capaian"], axis=1)
            for y in (2023, 2024, 2025)
        ]
    )
    ases = ases[pd.to_numeric(ases["capaian"]).between(1, 5)]
    gap = (
        (pd.to_numeric(ases["capaian"]) < pd.to_numeric(ases["standar"]))
        .groupby(ases["kompetensi"])
        .mean()
    )
    assert (
        gap.idxmax() == "Literasi Digital"
        and gap["Integritas"] < 0.1
        and gap["Perekat Bangsa"] < 0.1
    )
    for dim, target in instruments.ALPHA_TARGET.items():
        assert abs(t["reaction_survey"]["population_alpha_monte_carlo"][dim] - target) < 0.02
    pem = t["stakeholders"]
    assert sum(v["inconsistent_planted"] for v in pem["respondents"].values()) in (3, 4)
    for code, info in pem["respondents"].items():
        assert (info["cr"] > 0.1) == info["inconsistent_planted"], code
    for group, weights in pem["planted_weights"].items():
        got = pem["aij_weights"][f"{group}_complete_consistent"]["weights"]
        assert max(abs(got[k] - w) for k, w in weights.items()) < 0.03
    for cohort in ("2024", "2025"):
        beh = t["behaviour_survey"][cohort]
        assert 0.15 < beh["self_minus_supervisor"] < 0.45 and beh["corr_gain_self"] > 0.15


def test_kedudukan_in_every_roster(generated, truth):
    headers = {2023: "Kedudukan Hukum", 2024: "Status Kedudukan", 2025: "Kedudukan"}
    for year, header in headers.items():
        roster = _xlsx(generated, truth, f"{year}/pegawai.xlsx")
        counts = roster.drop_duplicates()[header].value_counts().to_dict()
        expected = dict(truth["truths"]["kedudukan"]["counts"][str(year)])
        if year == 2025:  # the paruh waktu are all Aktif
            expected["Aktif"] += truth["truths"]["paruh_waktu"]["total"]
        assert counts == expected, year
        inactive = roster[header].ne("Aktif").mean()
        assert 0.015 < inactive < 0.05, (year, inactive)
        assert set(roster[header]) <= {"Aktif", "CLTN", "Tugas Belajar",
                                       "Masa Persiapan Pensiun", "Pemberhentian Sementara"}


def test_stream_independent_of_other_names():
    a = synth.stream(1, "pegawai").random(3)
    b = synth.stream(1, "pegawai").random(3)
    c = synth.stream(1, "kinerja").random(3)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
