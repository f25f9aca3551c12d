"""Tests of the national-size synthetic generator (``kompetensi.synth.national``).

A small dataset (3,000 ASN) is generated into a temporary folder; nothing is written inside
the repository tree.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kompetensi import io, reference
from kompetensi.clean import normalize as nz
from kompetensi.clean import parse_nip
from kompetensi.cli import main
from kompetensi.core import config
from kompetensi.synth import national
from kompetensi.synth.national import catalog as national_catalog
from kompetensi.synth.national import opd as national_opd
from kompetensi.synth.national import people as national_people
from kompetensi.synth.national import roster

N_ASN = 3000
N_AGENCIES = 40
SEED = 7
TABLES = ("pegawai", "pelatihan", "kinerja", "disiplin")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("nasional")
    return out, national.generate_national(out, N_ASN, n_agencies=N_AGENCIES, seed=SEED)


@pytest.fixture(scope="module")
def raw(dataset) -> dict[str, io.RawFile]:
    out, _ = dataset
    return {t: io.read_raw(out / "2025" / f"{t}.csv", t) for t in TABLES}


@pytest.fixture(scope="module")
def tables(raw) -> dict[str, pd.DataFrame]:
    return {t: io.canonical_columns(r, t) for t, r in raw.items()}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _roster_nips(pegawai: pd.DataFrame) -> pd.Series:
    parsed = parse_nip(pegawai["nip"])
    return parsed["nip"][parsed["valid"]]


def test_same_seed_gives_identical_bytes(dataset, tmp_path):
    out, result = dataset
    again = national.generate_national(tmp_path, N_ASN, n_agencies=N_AGENCIES, seed=SEED)
    assert again == result
    assert _files(tmp_path) == _files(out)
    assert set(_files(out)) == {"README.md", "SINTETIS", "opd.csv", "2025/pegawai.csv",
                                "2025/pelatihan.csv", "2025/kinerja.csv", "2025/disiplin.csv"}


def test_other_seed_gives_other_data(dataset, tmp_path):
    out, _ = dataset
    national.generate_national(tmp_path, N_ASN, n_agencies=N_AGENCIES, seed=SEED + 1)
    assert (tmp_path / "2025" / "pegawai.csv").read_bytes() != (
        out / "2025" / "pegawai.csv").read_bytes()


def test_chunks_join_seamlessly(monkeypatch, tmp_path):
    monkeypatch.setattr(national, "CHUNK", 700)
    result = national.generate_national(tmp_path, 2500, n_agencies=12, seed=3)
    pegawai = io.canonical_columns(io.read_raw(tmp_path / "2025" / "pegawai.csv"), "pegawai")
    kinerja = io.canonical_columns(io.read_raw(tmp_path / "2025" / "kinerja.csv"), "kinerja")
    assert pegawai["No"].astype(int).tolist() == list(range(1, 2501))
    assert kinerja["No"].astype(int).tolist() == list(range(1, len(kinerja) + 1))
    assert _roster_nips(pegawai).is_unique
    assert result["2025/pegawai.csv"]["rows"] == 2500


def test_row_counts_and_sizes(dataset, tables):
    out, result = dataset
    assert list(result) == ["opd.csv", "2025/pegawai.csv", "2025/pelatihan.csv",
                            "2025/kinerja.csv", "2025/disiplin.csv"]
    for path, info in result.items():
        assert info["bytes"] == (out / path).stat().st_size
    for table in TABLES:
        assert result[f"2025/{table}.csv"]["rows"] == len(tables[table])
    assert result["opd.csv"]["rows"] == N_AGENCIES
    assert len(tables["pegawai"]) == N_ASN
    # 5 records per ASN on average over all ASN (zero-inflated Poisson, sd of the mean ~0.07)
    assert abs(len(tables["pelatihan"]) / N_ASN - 5.0) < 0.25
    nips = _roster_nips(tables["pegawai"])
    trained = set(parse_nip(tables["pelatihan"]["nip"])["nip"].dropna())
    assert 0.23 < 1 - nips.isin(trained).mean() < 0.31  # ~27 % without any activity
    # one SKP row per ASN except those hired in the cycle; ~1 % with a sanction
    hired = nz.parse_tanggal(tables["pegawai"]["tmt_cpns"]).dt.year == 2025
    assert len(tables["kinerja"]) == N_ASN - hired.sum()
    assert 0.004 * N_ASN < len(tables["disiplin"]) < 0.02 * N_ASN


def test_files_have_the_sample_forms(dataset, raw, monkeypatch):
    out, _ = dataset
    assert {t: (r.header_row, r.sep) for t, r in raw.items()} == {
        "pegawai": (3, ";"), "pelatihan": (1, ";"), "kinerja": (3, ";"), "disiplin": (1, ",")}
    pegawai = (out / "2025" / "pegawai.csv").read_bytes()
    assert pegawai.startswith(b"DAFTAR PEGAWAI ASN NASIONAL (DATA SINTETIS)\r\n")
    assert b"No;NIP Baru;Nama;Status ASN;Jenis Kelamin;Tanggal Lahir;TMT CPNS;Pangkat/Gol;" \
           b"Jenis Jabatan;Nama Jabatan;Jenjang;Instansi;Pendidikan\r\n" in pegawai
    assert list(raw["pelatihan"].data.columns) == list(national.records.PELATIHAN_HEADER)
    for name in ("pegawai", "pelatihan", "kinerja", "disiplin"):
        assert b'"' not in (out / "2025" / f"{name}.csv").read_bytes()  # no blanket quoting
    assert "SYNTHETIC" in (out / "README.md").read_text(encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(out.parent))
    assert config.is_synthetic(out.name)  # the SINTETIS marker: reports carry the banner


def test_pelatihan_is_cp1252_not_utf8(dataset, raw):
    out, _ = dataset
    data = (out / "2025" / "pelatihan.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert raw["pelatihan"].encoding == "cp1252"
    assert "\r\n" in text and re.search(r"[éñ]", text)
    assert re.search(r";\d+,5;", text)  # JP with a decimal comma


def test_roster_nips_unique_and_consistent(tables):
    pegawai = tables["pegawai"]
    parsed = parse_nip(pegawai["nip"])
    valid = parsed["valid"]
    assert valid.mean() > 0.995
    assert set(parsed["alasan"].dropna()) <= {"nip_format_ilmiah"}
    assert parsed["nip"][valid].is_unique
    birth = nz.parse_tanggal(pegawai["tanggal_lahir"])
    tmt = nz.parse_tanggal(pegawai["tmt_cpns"])
    sex = nz.normalize_jenis_kelamin(pegawai["jenis_kelamin"])
    assert (birth[valid] == parsed["tanggal_lahir"][valid]).all()
    assert (tmt[valid] == parsed["tmt_cpns"][valid]).all()
    assert (sex[valid] == parsed["jenis_kelamin"][valid]).all()


def test_values_are_readable(tables):
    pegawai, pelatihan = tables["pegawai"], tables["pelatihan"]
    status = nz.normalize_status_asn(pegawai["status_asn"])
    assert status.notna().all() and 0.15 < (status == "PPPK").mean() < 0.25
    assert nz.normalize_golongan(pegawai["golongan"], pegawai["status_asn"]).notna().all()
    assert nz.normalize_pendidikan(pegawai["pendidikan"]).notna().all()
    assert nz.normalize_jenis_jabatan(pegawai["jenis_jabatan"]).notna().all()
    assert nz.normalize_predikat(tables["kinerja"]["predikat"]).notna().all()
    assert nz.normalize_tingkat_hukuman(tables["disiplin"]["tingkat"]).notna().all()
    assert nz.parse_tanggal(tables["disiplin"]["tanggal"]).dt.year.eq(2025).all()
    mulai = nz.parse_tanggal(pelatihan["tanggal_mulai"])
    selesai = nz.parse_tanggal(pelatihan["tanggal_selesai"])
    assert mulai.dt.year.eq(2025).all() and (selesai >= mulai).all()
    assert selesai.dt.year.eq(2025).all()
    jp = nz.parse_number(pelatihan["jp"])
    assert (jp.notna() | pelatihan["jp"].eq("")).all()
    words = "|".join(reference.load("topik_ti").kata_kunci)
    it = (pelatihan["nama_pelatihan"].str.lower()
          .str.contains(rf"(?<![a-z])(?:{words})(?![a-z])", regex=True))
    assert 0.1 < it.mean() < 0.3


def test_instansi_canonical_names_are_in_opd_list(dataset, tables):
    out, _ = dataset
    opd = pd.read_csv(out / "opd.csv", dtype=str)
    assert list(opd.columns) == ["opd", "singkatan"]
    assert opd["opd"].is_unique and opd["singkatan"].is_unique
    instansi = tables["pegawai"]["opd"]
    canonical = instansi[instansi.isin(opd["opd"])]
    assert 0.90 < len(canonical) / len(instansi) < 0.96
    assert set(canonical) <= set(opd["opd"])
    assert 0.01 < instansi.isin(opd["singkatan"]).mean() < 0.05
    assert 0.01 < instansi.isin(opd["opd"].str.upper()).mean() < 0.05


def test_planted_nip_faults_at_scale():
    rng = np.random.default_rng(11)
    core = national_people.draw_core(rng, 400_000, 2025)
    serial = national_people.serials(core["birth"], core["tmt"], core["female"])
    nip = national_people.nip_numbers(core["birth"], core["tmt"], core["female"], serial)
    assert len(np.unique(nip)) == len(nip) and serial.max() <= 899
    text, fault = roster.nip_column(rng, nip, roster.NIP_FAULTS)
    values = pd.Series([v.decode() for v in text.to_pylist()])
    for kind, share in roster.NIP_FAULTS.items():
        expected = share * len(nip)
        assert abs((fault == kind).sum() - expected) < 5 * np.sqrt(expected) + 2
    parsed = parse_nip(values)
    ilmiah = parsed["alasan"].eq("nip_format_ilmiah").fillna(False).to_numpy(dtype=bool)
    assert (ilmiah == (fault == "float")).all()
    assert values[fault == "float"].str.fullmatch(r"\d[.,]\d{5}E\+17").all()
    assert (values.str.contains(" ").to_numpy() == (fault == "spasi")).all()
    assert (values.str.startswith("'").to_numpy() == (fault == "apostrof")).all()
    kept = fault != "float"
    assert (parsed["nip"][kept].astype(str).to_numpy() == nip[kept].astype(str)).all()


def test_agency_names_are_distinct_and_misspellings_map_back():
    agencies = national_opd.build(np.random.default_rng(5), 550, 4_300_000)
    keys = [n.lower() for n in agencies.names]
    assert len(set(keys)) == 550 and len(set(agencies.abbreviations)) == 550
    assert agencies.sizes.sum() == 4_300_000 and agencies.sizes.min() >= 1
    for i, key in enumerate(keys):
        others = keys[:i] + keys[i + 1:]
        assert not difflib.get_close_matches(key, others, n=1, cutoff=national_opd.MAX_RATIO)
    lookup = keys + [a.lower() for a in agencies.abbreviations]
    for key, wrong in zip(keys, agencies.misspelt, strict=True):
        assert wrong.lower() != key
        assert difflib.get_close_matches(wrong.lower(), lookup, n=1, cutoff=0.88) == [key]
    assert {national_opd.KINDS[k] for k in agencies.kind} == set(national_opd.KINDS)


def test_catalog_has_a_fifth_it_topics():
    catalog = national_catalog.build(np.random.default_rng(2), 2025, 1e6)
    assert len(catalog.names) == national_catalog.N_ITEMS == len(set(catalog.names))
    assert catalog.it.mean() == pytest.approx(national_catalog.IT_SHARE)
    assert (np.diff(catalog.first_session) == catalog.n_sessions[:-1]).all()


def test_cli_national(tmp_path, capsys):
    out = tmp_path / "nasional"
    assert main(["synth", "--scale", "national", "--asn", "400", "--instansi", "9",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2025/pelatihan.csv" in printed and "detik" in printed
    assert len(pd.read_csv(out / "opd.csv")) == 9


@pytest.mark.parametrize("argv", [
    ["synth", "--scale", "national", "--asn", "100"],  # no --out
    ["synth", "--scale", "national", "--asn", "100", "--out",
     str(config.PROJECT_ROOT / "data" / "raw" / "contoh")],
    ["synth", "--scale", "national", "--asn", "100", "--out",
     str(config.PROJECT_ROOT / "data" / "raw" / "contoh" / "2025")],
    ["synth", "--scale", "national", "--asn", "10", "--instansi", "20", "--out", "x"],
    ["synth", "--asn", "100"],  # --asn belongs to the national scale
])
def test_cli_refuses_bad_national_use(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _files(config.PROJECT_ROOT / "data" / "raw" / "contoh")
    assert main(argv) == 2
    assert "kompetensi synth" in capsys.readouterr().err
    assert _files(config.PROJECT_ROOT / "data" / "raw" / "contoh") == before
    assert not (tmp_path / "x").exists()
