"""The sample in SIASN layouts (``kompetensi synth --format siasn``, issue 20).

(a) byte-identical output for a seed, (b) SIASN headers, (c) cleaning the SIASN dataset gives
the canonical tables of the native one (same rows, values, pids and rejected-row counts) and
``check`` finds it ready. Everything is written under ``tmp_path``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from kompetensi import processing, synth
from kompetensi.synth import siasn

# kanekescom/laravel-siasn-simpeg src/Transformers/PegawaiCsvTransformer.php, in order
TRANSFORMER = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
    "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID",
    "AGAMA NAMA", "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV",
    "ALAMAT", "NPWP NOMOR", "BPJS", "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS", "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS", "TMT PNS",
    "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA",
    "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID",
    "PENDIDIKAN NAMA", "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID",
    "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID", "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
)
CYCLES = (2023, 2024, 2025)
NAME = "contoh_siasn"
# canonical columns that only the SIASN layout can fill: none since the native roster has its
# unit column (Sub Unit Kerja, issue 24), so ``unor`` is compared too
SIASN_ONLY: dict[str, set[str]] = {}


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("siasn_a") / NAME
    siasn.generate(root, seed=synth.DEFAULT_SEED)
    return root


def test_byte_identical_on_two_runs(written, tmp_path):
    again = tmp_path / NAME
    siasn.generate(again, seed=synth.DEFAULT_SEED)
    assert _files(again) == _files(written)
    for rel in _files(written):
        assert (again / rel).read_bytes() == (written / rel).read_bytes(), rel


def test_every_cycle_and_table_written(written):
    for year in CYCLES:
        names = {p.name for p in (written / str(year)).iterdir()}
        assert {"pegawai.csv", "pelatihan_diklat.csv", "pelatihan_kursus.csv", "kinerja.csv",
                "disiplin.csv", "asesmen.xlsx"} <= names, year
        assert "pegawai.xlsx" not in names and "pelatihan.csv" not in names
    assert (written / "SINTETIS").is_file()
    assert (written / "README.md").read_text(encoding="utf-8").startswith("# SYNTHETIC DATA")


def test_headers_are_the_siasn_ones(written):
    year = written / "2025"
    assert _header(year / "pegawai.csv") == [*TRANSFORMER, "ESELON"]
    assert _header(year / "pelatihan_diklat.csv")[:8] == list(siasn.DIKLAT)
    assert _header(year / "pelatihan_kursus.csv")[:9] == list(siasn.KURSUS)
    assert _header(year / "kinerja.csv") == ["pnsDinilaiId", "nipBaru", "tahun", "hasilKinerja",
                                             "perilakuKerja", "kuadranKinerja"]
    assert _header(year / "disiplin.csv")[:4] == ["nipBaru", "jenisHukumanNama",
                                                  "jenisTingkatHukumanId", "hukumanTanggal"]


@pytest.fixture(scope="module")
def both():
    files, _, _ = synth.build(synth.DEFAULT_SEED)
    return {f.path: f for f in files}, {f.path: f for f in siasn.transform(files)}


def test_same_rows_as_the_native_files(both):
    native, siasn_files = both
    for year in CYCLES:
        assert (len(siasn_files[f"{year}/pegawai.csv"].frame)
                == len(native[f"{year}/pegawai.xlsx"].frame))
        parts = [siasn_files[f"{year}/pelatihan_{k}.csv"].frame for k in ("diklat", "kursus")]
        assert sum(map(len, parts)) == len(native[f"{year}/pelatihan.csv"].frame)
        assert len(parts[0]) > 0
        assert (len(siasn_files[f"{year}/kinerja.csv"].frame)
                == len(native[f"{year}/kinerja.xlsx"].frame))


def test_identifiers_synthetic_and_consistent(both):
    _, siasn_files = both
    roster = siasn_files["2025/pegawai.csv"].frame
    assert roster["NIK"].str.fullmatch(r"19719\d{11}").all()
    pns = roster["JENIS PEGAWAI NAMA"] == "PNS Daerah"
    assert roster.loc[pns, "NIP LAMA"].str.fullmatch(r"\d{9}").all()
    assert (roster.loc[~pns, "NIP LAMA"] == "").all()
    assert roster["EMAIL"].str.endswith(".invalid").all()
    assert set(roster["JENIS PEGAWAI NAMA"]) == {"PNS Daerah", "PPPK", "PPPK Paruh Waktu"}
    assert set(roster.loc[~pns, "STATUS CPNS PNS"]) == {""}
    assert roster["KEDUDUKAN HUKUM NAMA"].ne("Aktif").mean() > 0.02
    assert roster["UNOR NAMA"].str.startswith("Puskesmas ").any()
    assert roster["UNOR NAMA"].str.match(r"SD Negeri \d+ Pangkalpinang").any()
    # a person keeps the PNS ID across cycles; kinerja points at the roster's PNS ID
    ids = {c: dict(zip(siasn_files[f"{c}/pegawai.csv"].frame["NIP BARU"],
                       siasn_files[f"{c}/pegawai.csv"].frame["PNS ID"], strict=False))
           for c in (2024, 2025)}
    common = set(ids[2024]) & set(ids[2025])
    assert common and all(ids[2024][n] == ids[2025][n] for n in common)
    kin = siasn_files["2025/kinerja.csv"].frame
    linked = kin["pnsDinilaiId"] != ""
    assert linked.mean() > 0.99
    assert set(kin.loc[linked, "pnsDinilaiId"]) <= set(roster["PNS ID"])


# ------------------------------------------------------------------ end-to-end equality


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    synth.generate(root / "contoh", seed=synth.DEFAULT_SEED)
    siasn.generate(root / NAME, seed=synth.DEFAULT_SEED)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOMPETENSI_RAW_DIR", str(root))
        mp.delenv("KOMPETENSI_PID_KEY", raising=False)
        out = {}
        for dataset in ("contoh", NAME):
            out[dataset] = {}
            for year in CYCLES:
                try:
                    out[dataset][year] = processing.clean_cycle(dataset, year)
                except Exception as exc:  # noqa: BLE001 - reported by the tests below
                    out[dataset][year] = exc
        out["check"] = processing.check_raw(NAME)
    return out


def _result(cleaned, dataset: str, year: int) -> dict:
    result = cleaned[dataset][year]
    if isinstance(result, Exception):
        pytest.fail(f"{dataset}/{year} cannot be cleaned: {type(result).__name__}: {result}")
    return result


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.astype("string").fillna("<NA>")
    return text.sort_values(list(text.columns), kind="stable").reset_index(drop=True)


def _differences(table: str, native: pd.DataFrame, other: pd.DataFrame) -> list[str]:
    out = []
    skip = SIASN_ONLY.get(table, set())
    missing = [c for c in native.columns if c not in other.columns and c not in skip]
    extra = [c for c in other.columns if c not in native.columns and c not in skip]
    if missing or extra:
        out.append(f"columns missing {missing}, extra {extra}")
    cols = [c for c in native.columns if c in other.columns and c not in skip]
    if len(native) != len(other):
        out.append(f"{len(native)} native rows, {len(other)} SIASN rows")
    if table == "pegawai" and "pid" in cols:
        a = native[cols].astype("string").set_index("pid")
        b = other[cols].astype("string").set_index("pid")
        out += [f"pids only native: {len(a.index.difference(b.index))}, only SIASN: "
                f"{len(b.index.difference(a.index))}"] if not a.index.equals(
            a.index.intersection(b.index)) or len(a) != len(b) else []
        both_ids = a.index.intersection(b.index)
        for c in a.columns:
            x, y = a.loc[both_ids, c].fillna("<NA>"), b.loc[both_ids, c].fillna("<NA>")
            bad = x != y
            if bad.any():
                pairs = pd.DataFrame({"native": x[bad], "siasn": y[bad]}).value_counts().head(3)
                out.append(f"{c}: {int(bad.sum())} values differ, e.g. "
                           + "; ".join(f"{n!r} -> {s!r} ({k})" for (n, s), k in pairs.items()))
        return out
    a, b = _sorted(native[cols]), _sorted(other[cols])
    if len(a) == len(b):
        for c in cols:
            bad = a[c] != b[c]
            if bad.any():
                out.append(f"{c}: {int(bad.sum())} values differ after sorting rows, e.g. "
                           f"{a.loc[bad, c].iloc[0]!r} -> {b.loc[bad, c].iloc[0]!r}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("year", CYCLES)
def test_canonical_tables_equal(cleaned, year):
    native = _result(cleaned, "contoh", year)["tables"]
    other = _result(cleaned, NAME, year)["tables"]
    problems = {}
    for table in sorted(native):
        if table not in other:
            problems[table] = [f"no {table} table in the SIASN dataset"]
            continue
        if diff := _differences(table, native[table], other[table]):
            problems[table] = diff
    assert not problems, "\n".join(f"{year} {t}: " + " | ".join(d) for t, d in problems.items())


@pytest.mark.slow
@pytest.mark.parametrize("year", CYCLES)
def test_rejected_rows_equal(cleaned, year):
    def per_table(result) -> dict:
        rejects = result["rejects"]
        rows = rejects[rejects["cakupan"] == "baris"]  # a table's parts counted together
        return {t: dict(sorted(g["alasan"].value_counts().items()))
                for t, g in rows.groupby("tabel")}

    native = per_table(_result(cleaned, "contoh", year))
    other = per_table(_result(cleaned, NAME, year))
    diff = {t: (native.get(t), other.get(t)) for t in sorted(set(native) | set(other))
            if native.get(t) != other.get(t)}
    assert not diff, "\n".join(f"{year} {t}: native {n} / SIASN {s}" for t, (n, s) in diff.items())


@pytest.mark.slow
def test_check_finds_the_siasn_dataset_ready(cleaned):
    report = cleaned["check"]
    problems = list(report.errors) + [
        f"{v.siklus}: {b}" for v in report.cycles if not v.ready for b in v.blocking]
    assert report.ok, "\n".join(problems)


def test_empty_hours_of_leadership_training_get_the_rule_jp(tmp_path, monkeypatch, both):
    """A PKP row of rw_diklat without jumlahJam is credited its rule JP, not 0 (issue 20 §6).

    A small file of its own (not the sample): the PKP rows of 2025 with the hours blanked.
    """
    _, siasn_files = both
    folder = tmp_path / "raw" / "diklat_kosong" / "2025"
    folder.mkdir(parents=True)
    (folder.parent / "SINTETIS").write_text("synthetic\n", encoding="utf-8")
    roster = siasn_files["2025/pegawai.csv"].frame
    diklat = siasn_files["2025/pelatihan_diklat.csv"].frame.copy()
    diklat = diklat[diklat["nipBaru"].str.fullmatch(r"\d{18}")].head(5)
    diklat["jumlahJam"] = ""
    roster = roster[roster["NIP BARU"].isin(diklat["nipBaru"])]
    roster.to_csv(folder / "pegawai.csv", index=False)
    diklat.to_csv(folder / "pelatihan_diklat.csv", index=False)
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.delenv("KOMPETENSI_PID_KEY", raising=False)
    tables = processing.clean_cycle("diklat_kosong", 2025)["tables"]
    assert "pelatihan" in tables, "pelatihan_diklat.csv is not read as the pelatihan table"
    jp = tables["pelatihan"]["jp"]
    assert len(jp) == len(diklat) and jp.notna().all() and (jp > 0).all(), jp.tolist()
    assert all(re.search(r"\(PK[PAN]", n) for n in diklat["latihanStrukturalNama"])
