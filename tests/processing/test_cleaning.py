"""Reading and cleaning whole tables: accounting, rejects, bad input, no personal data out."""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi import cli, io, privacy, processing
from kompetensi.clean import clean_table
from kompetensi.core.errors import DataError
from kompetensi.privacy import keys
from tests.conftest import NIP_A, NIP_B, NIP_OUTSIDER, write_xlsx

KEY = b"kunci-uji"


def _raw(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="baris")
    return frame


# --------------------------------------------------------------------------- mini dataset


def test_mini_dataset_accounting_and_reasons(mini_dataset):
    dataset, siklus, _ = mini_dataset
    built = processing.build_processed(dataset, siklus)
    k = built.kualitas.set_index("tabel")
    assert k.loc["pegawai", ["baris_masuk", "disimpan", "ditolak", "duplikat"]].tolist() == [
        6, 3, 2, 1]
    assert k.loc["pelatihan", ["baris_masuk", "disimpan", "ditolak", "duplikat"]].tolist() == [
        5, 3, 2, 0]
    ditolak = pd.read_parquet(built.folder / "ditolak.parquet")
    got = sorted(zip(ditolak.file, ditolak.baris, ditolak.alasan, strict=True))
    assert got == [
        ("pegawai.xlsx", 8, "nip_format_ilmiah"),  # Excel float NIP on sheet row 8
        ("pegawai.xlsx", 10, "unit_tidak_dipetakan"),
        ("pelatihan.csv", 7, "tidak_di_daftar_pegawai"),
        ("pelatihan.csv", 8, "tanggal"),  # "32 Maret 2025"
    ]
    assert ditolak.pesan.notna().all()


def test_mini_dataset_values(mini_dataset):
    dataset, siklus, _ = mini_dataset
    tables = processing.load_processed(dataset, siklus)
    pegawai = tables["pegawai"].set_index("jabatan")
    budi = pegawai.loc["Pengadministrasi"]
    assert (budi.golongan, budi.opd, budi.kecamatan, budi.pendidikan, budi.jenis_kelamin) == (
        "III/a", "Dinas Komunikasi dan Informatika", "Taman Sari", "S1/D4", "L")
    assert budi.usia == 2025 - 1985 and budi.masa_kerja == 2025 - 2010
    assert pegawai.loc["Guru Ahli Pertama", "golongan"] == "IX"
    assert pegawai.loc["Sekretaris", "opd"] == "Dinas Kesehatan"  # "Dinas Kesehtan"
    pelatihan = tables["pelatihan"].set_index("nama_pelatihan")
    seminar = pelatihan.loc["Seminar Pendidikan Café"]  # cp1252 é survived
    assert seminar.tanggal_mulai == pd.Timestamp("2025-03-04") and pd.isna(seminar.jp)
    assert seminar.hari == 1 and seminar.bentuk == "klasikal"
    workshop = pelatihan.loc["Workshop Kurikulum"]
    assert workshop.jp == 10.5 and workshop.luar_negeri and workshop.hari == 2
    psim = pelatihan.loc["Pelatihan Sistem Informasi"]
    assert psim.topik_ti and psim.program == "PSIM" and psim.hari == 5


def test_processed_data_hold_no_personal_data(mini_dataset):
    dataset, siklus, _ = mini_dataset
    built = processing.build_processed(dataset, siklus)
    identifiers = processing.raw_identifiers(dataset)
    assert "198503122010011003" in identifiers.nips and "Budi Santoso Uji" in identifiers.names
    findings = privacy.scan_for_leaks([built.folder], identifiers)
    # DESIGN.md keeps tanggal_lahir in processed pegawai (for ages); NIPs and names never.
    assert [f for f in findings if f.kind != "tanggal_lahir"] == []
    assert {f.path.name for f in findings} <= {"pegawai.parquet"}
    for path in built.folder.glob("*.parquet"):
        assert not {"nip", "nama", "nip_asli"} & set(pd.read_parquet(path).columns), path


def test_rebuild_only_when_inputs_change(mini_dataset):
    dataset, siklus, folder = mini_dataset
    assert processing.build_processed(dataset, siklus).rebuilt
    assert not processing.build_processed(dataset, siklus).rebuilt
    path = folder / "pelatihan.csv"
    path.write_bytes(path.read_bytes() + b"\r\n")
    assert processing.build_processed(dataset, siklus).rebuilt


# ------------------------------------------------------------------------------ bad input


def _assert_fails_cleanly(dataset, siklus, fragment, capsys):
    with pytest.raises(DataError, match=fragment):
        processing.build_processed(dataset, siklus)
    assert cli.main(["clean", dataset, "--siklus", str(siklus)]) == 1
    err = capsys.readouterr().err
    assert fragment.split("|")[0] in err and "Traceback" not in err


def test_missing_required_column(mini_dataset, capsys):
    dataset, siklus, folder = mini_dataset
    write_xlsx(folder / "pegawai.xlsx", [["NIP", "Nama", "Status Pegawai", "Gol/Ruang"],
                                         [NIP_A, "Budi", "PNS", "III/a"]])
    _assert_fails_cleanly(dataset, siklus, "kolom wajib tidak ada: jenis_jabatan", capsys)


def test_unreadable_and_empty_files(mini_dataset, capsys):
    dataset, siklus, folder = mini_dataset
    (folder / "pegawai.xlsx").write_bytes(b"bukan file excel")
    _assert_fails_cleanly(dataset, siklus, "pegawai.xlsx", capsys)
    (folder / "pegawai.xlsx").unlink()
    (folder / "pegawai.csv").write_bytes(b"")
    _assert_fails_cleanly(dataset, siklus, "file kosong", capsys)


def test_wrong_sheet(mini_dataset, capsys):
    dataset, siklus, folder = mini_dataset
    write_xlsx(folder / "pegawai.xlsx", [["Petunjuk pengisian"], ["Isi sheet berikutnya"]])
    _assert_fails_cleanly(dataset, siklus, "header", capsys)


def test_failed_build_leaves_previous_processed_data(mini_dataset):
    dataset, siklus, folder = mini_dataset
    first = processing.build_processed(dataset, siklus)
    before = sorted(p.name for p in first.folder.iterdir())
    (folder / "pelatihan.csv").write_bytes(b"NIP;Nama\r\n1;x\r\n")
    with pytest.raises(DataError):
        processing.build_processed(dataset, siklus)
    assert sorted(p.name for p in first.folder.iterdir()) == before
    leftovers = [p for p in first.folder.parent.iterdir() if p.name.startswith(".")]
    assert [p.name for p in leftovers] == [f".{siklus}.lock"]  # no temporary folder


def test_check_lists_problems_without_writing(mini_dataset, capsys, tmp_path):
    dataset, siklus, _ = mini_dataset
    assert cli.main(["check", dataset]) == 1  # no kinerja; 2 of 6 roster rows rejected
    out = capsys.readouterr().out
    assert "[unit_tidak_dipetakan]; baris 10" in out
    assert ("GALAT      mini/2025: pegawai: unit kerja 'Dinas Antah Berantah' tidak dipetakan "
            "ke perangkat daerah (1 pegawai)") in out
    assert out.rstrip().endswith("data belum siap: perbaiki GALAT di atas.")
    assert not (tmp_path / "processed").exists()


def test_real_dataset_needs_a_key(mini_dataset, tmp_path, monkeypatch):
    dataset, siklus, folder = mini_dataset
    (tmp_path / "raw" / dataset / "SINTETIS").unlink()
    monkeypatch.setattr("kompetensi.core.config.KEY_FILE", tmp_path / "tidak-ada")
    with pytest.raises(DataError, match="KOMPETENSI_PID_KEY"):
        processing.build_processed(dataset, siklus)
    monkeypatch.setenv("KOMPETENSI_PID_KEY", "rahasia-uji-yang-cukup-panjang-42")
    assert processing.build_processed(dataset, siklus).rebuilt


# ----------------------------------------------------------------- table cleaners directly


def test_asesmen_levels_and_teknis():
    raw = _raw([
        {"nip": NIP_A, "kompetensi": "Kerjasama", "level_standar": "3", "level_capaian": "2",
         "potensi": "Tinggi"},
        {"nip": NIP_A, "kompetensi": "Literasi Digital", "kelompok": "Teknis",
         "level_standar": "3", "level_capaian": "7", "potensi": "Tinggi"},
        {"nip": NIP_A, "kompetensi": "Terbang", "level_standar": "3", "level_capaian": "3"},
        {"nip": NIP_A, "kompetensi": "Literasi Digital", "kelompok": "Teknis",
         "level_standar": "2", "level_capaian": "2,0", "potensi": "?"},
    ])
    out = clean_table("asesmen", raw, "asesmen.csv", siklus=2025, key=KEY)
    assert out.rejects.alasan.tolist() == ["level", "kompetensi"]
    assert out.data.kompetensi.tolist() == ["Kerja Sama", "Literasi Digital"]
    assert out.data.kelompok.tolist() == ["manajerial", "teknis"]
    assert out.data.potensi.tolist() == ["tinggi", pd.NA]


def test_tes_range_and_roster():
    roster = frozenset(privacy.pseudonymize(pd.Series([NIP_A.replace(" ", "")]), KEY))
    raw = _raw([
        {"nip": NIP_A, "program": "psim", "skor_pre": "55", "skor_post": "70,5"},
        {"nip": NIP_A, "program": "PSIM", "skor_pre": "105", "skor_post": "80"},
        {"nip": NIP_OUTSIDER, "program": "PSIM", "skor_pre": "50", "skor_post": "60"},
        {"nip": NIP_A, "program": "PSIM", "skor_pre": "", "skor_post": "60"},
    ])
    out = clean_table("tes", raw, "tes.xlsx", siklus=2025, key=KEY, roster=roster)
    assert out.rejects.alasan.tolist() == ["skor_di_luar_rentang", "tidak_di_daftar_pegawai",
                                           "skor_kosong"]
    assert out.data[["program", "skor_pre", "skor_post"]].values.tolist() == [
        ["PSIM", 55.0, 70.5]]


def test_kinerja_and_disiplin():
    kinerja = clean_table("kinerja", _raw([
        {"nip": NIP_A, "tahun": "2024", "predikat": "BAIK"},
        {"nip": NIP_B, "tahun": "2024", "predikat": "Cukup"},
        {"nip": NIP_B, "tahun": "2031", "predikat": "Baik"},
    ]), "kinerja.xlsx", siklus=2025, key=KEY)
    assert kinerja.rejects.alasan.tolist() == ["predikat", "tahun"]
    assert kinerja.data.predikat.tolist() == ["Baik"]
    disiplin = clean_table("disiplin", _raw([
        {"nip": NIP_A, "jenis_hukuman": "Teguran tertulis", "tanggal": "3 Juni 2024"},
        {"nip": NIP_B, "tingkat": "Hukuman Disiplin Berat", "tanggal": "45720"},
        {"nip": NIP_B, "tingkat": "??", "tanggal": "1 Juni 2024"},
    ]), "disiplin.csv", siklus=2025, key=KEY)
    # an unreadable level is kept as unknown (<NA>), reported as a cell, never dropped
    assert disiplin.data[["tahun", "tingkat"]].astype(object).where(
        disiplin.data[["tahun", "tingkat"]].notna(), None).values.tolist() == [
        [2024, "ringan"], [2025, "berat"], [2024, None]]
    assert disiplin.rejects[["cakupan", "alasan"]].values.tolist() == [["sel",
                                                                        "tingkat_hukuman"]]
    assert disiplin.n_rejected == 0 and disiplin.n_kept_rows == 3


def test_survey_long_form_with_codebook():
    codebook = pd.DataFrame({"butir": ["M1", "M2"], "teks": ["Materi relevan.",
                                                             "Materi membosankan."],
                             "dimensi": ["materi", "materi"], "terbalik": ["0", "1"]})
    raw = _raw([
        {"timestamp": "2025/03/14 10:22:31", "program": "PSIM", "Materi relevan.": "Setuju",
         "Materi membosankan.": "STS"},
        {"timestamp": "2025/03/14 11:00:00", "program": "PSIM", "Materi relevan.": "SS",
         "Materi membosankan.": "entahlah"},
        {"timestamp": "2025/03/14 11:00:00", "program": "PSIM", "Materi relevan.": "",
         "Materi membosankan.": ""},
    ])
    out = clean_table("survei_reaksi", raw, "survei_reaksi.csv", siklus=2025, key=KEY,
                      codebook=codebook)
    assert (out.n_in, out.n_kept_rows, out.n_rejected) == (3, 2, 1)
    cells = out.rejects[out.rejects.cakupan == "sel"]
    assert cells[["baris", "kolom", "alasan"]].values.tolist() == [[3, "M2", "likert"]]
    scores = out.data.set_index(["responden", "butir"]).skor
    assert scores.tolist() == [4, 1, 5, pd.NA]  # reverse-worded items are not reversed here
    assert out.data.pid.isna().all()
    # no respondent column: each response is named after its table, cycle and row
    assert out.data["responden"].unique().tolist() == ["survei_reaksi-2025-00002",
                                                       "survei_reaksi-2025-00003"]


def test_pemangku_directions():
    raw = _raw([
        {"responden": "A01", "kelompok": "Akademisi", "kriteria_a": "X", "kriteria_b": "Y",
         "penilaian": "A lebih penting (5)"},
        {"responden": "A01", "kelompok": "Akademisi", "kriteria_a": "X", "kriteria_b": "Z",
         "penilaian": "B lebih penting (3)"},
        {"responden": "A01", "kelompok": "Akademisi", "kriteria_a": "Y", "kriteria_b": "Z",
         "penilaian": ""},
    ])
    out = clean_table("pemangku", raw, "pemangku.csv", siklus=2025, key=KEY)
    assert out.data.nilai.tolist() == pytest.approx([5, 1 / 3])
    assert out.rejects.alasan.tolist() == ["penilaian_ahp"]


def test_csv_with_title_rows_semicolons_and_cp1252(tmp_path):
    path = tmp_path / "pelatihan.csv"
    path.write_bytes("Judul laporan\r\n\r\nNIP;Nama Diklat;Jumlah JP\r\n1;Café;24,5\r\n"
                     .encode("cp1252"))
    raw = io.read_raw(path, "pelatihan")
    assert (raw.encoding, raw.sep, raw.header_row) == ("cp1252", ";", 3)
    assert raw.data.index.tolist() == [4]
    assert raw.data.iloc[0].tolist() == ["1", "Café", "24,5"]


@pytest.mark.parametrize(("encoding", "text", "expected"), [
    ("utf-8", "Café – Lanjut", "utf-8-sig"),
    ("cp1252", "Café – Lanjut", "cp1252"),     # the dash is 0x96 in cp1252
    ("latin-1", "Caf\x81é", "latin-1"),        # 0x81 is undefined in cp1252
])
def test_csv_text_is_decoded_once_per_distinct_value(tmp_path, encoding, text, expected):
    """pyarrow parses the bytes; only the distinct values are decoded. The non-ASCII text
    comes after an ASCII head (the encoding is decided on the values read), and each cell
    must equal what Python's own decoder makes of the whole file."""
    rows = ["NIP;Nama Diklat;Jumlah JP"] + [f"{i};Diklat {i % 7};24" for i in range(20_000)]
    rows += [f"9;{text};8", "10;Diklat 3;16"]
    path = tmp_path / "pelatihan.csv"
    path.write_bytes("\n".join(rows).encode(encoding))
    raw = io.read_raw(path, "pelatihan")
    assert raw.encoding == expected
    decoded = path.read_bytes().decode(expected).splitlines()[1:]
    assert [";".join(r) for r in raw.data.astype(str).itertuples(index=False)] == decoded


def test_clean_files_on_two_threads_gives_what_one_file_at_a_time_gives():
    """clean_files reads ahead and cleans roster-only tables on a second thread; the tables,
    their rejects and the shared pid dictionary must be those of clean_file in turn."""
    from kompetensi import processing

    files = {t: p for t, p in io.raw_files("contoh", 2024).items()
             if t in ("pegawai", "pelatihan", "kinerja", "disiplin", "asesmen")}
    key = keys.load_key("contoh")
    together = processing.clean_files(files, siklus=2024, key=key)
    assert list(together) == ["pegawai", "pelatihan", "asesmen", "disiplin", "kinerja"]
    pegawai = processing.clean_file("pegawai", files["pegawai"], siklus=2024, key=key)
    roster = pd.Index(pegawai.data["pid"])
    for table, cleaned in together.items():
        alone = pegawai if table == "pegawai" else processing.clean_file(
            table, files[table], siklus=2024, key=key, roster=roster, people=pegawai.people)
        pd.testing.assert_frame_equal(processing.as_stored(cleaned.data),
                                      processing.as_stored(alone.data))
        pd.testing.assert_frame_equal(cleaned.rejects, alone.rejects)
        assert cleaned.n_duplicates == alone.n_duplicates
    # everyone kept in the training records is on the roster: one dictionary of pids
    roster_pids = together["pegawai"].data["pid"].dtype.categories
    assert together["pelatihan"].data["pid"].dtype.categories is roster_pids


def test_every_module_that_builds_processed_data_is_in_the_input_hash(tmp_path, monkeypatch):
    """build_processed rebuilds when the code that builds processed data changes: every ``.py``
    of the layers core, io, clean, privacy and processing, and every reference table, is
    hashed, so a new module in one of them is hashed too (a copy of the package is changed,
    never the repository)."""
    import shutil
    from pathlib import Path

    import kompetensi
    from kompetensi import processing

    package = Path(kompetensi.__file__).parent
    hashed = {p.relative_to(package).as_posix() for p in processing.code_files()}
    for layer in processing.CODE_LAYERS:
        assert {f"{layer}/{p.relative_to(package / layer).as_posix()}"
                for p in (package / layer).rglob("*.py")} <= hashed, layer
    assert {f"reference/{p.name}" for p in (package / "reference").glob("*.csv")} <= hashed
    assert not any(h.startswith(("needs/", "report/", "pipeline/")) for h in hashed)

    before = processing.input_hashes("contoh", 2025)["kode:kompetensi"]
    copy = tmp_path / "kompetensi"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kompetensi, "__file__", str(copy / "__init__.py"))
    assert processing.input_hashes("contoh", 2025)["kode:kompetensi"] == before
    (copy / "clean" / "baru.py").write_text("ATURAN = 1\n", encoding="utf-8")
    assert processing.input_hashes("contoh", 2025)["kode:kompetensi"] != before


def test_clean_files_reports_a_broken_file_read_on_the_second_thread(tmp_path):
    from kompetensi import processing
    from kompetensi.core.errors import DataError

    files = {t: p for t, p in io.raw_files("contoh", 2024).items()
             if t in ("pegawai", "pelatihan")}
    files["kinerja"] = tmp_path / "kinerja.csv"
    files["kinerja"].write_text("  \n", encoding="utf-8")
    with pytest.raises(DataError, match="kinerja.csv"):
        processing.clean_files(files, siklus=2024, key=keys.load_key("contoh"))
