"""The readiness gate (``kompetensi check`` and the first step of ``kompetensi run``): each
rule on hand-made facts, then on copies of the bundled sample laid out the way people get
it wrong (last year's files in this year's folder, no roster, no folder at all)."""

from __future__ import annotations

import shutil

import pytest

from kompetensi import cli, processing
from kompetensi.core import config
from kompetensi.core.errors import DataError
from kompetensi.processing.readiness import assess


def _facts(**tables) -> dict:
    base = {"siklus": 2025, "tidak_ada": [], "di_luar_siklus": {}, "skp_tahun_siklus": 100,
            "unit_tidak_dikenal": [], "tabel": {}}
    for name, (n_in, kept, rejected, duplicates) in tables.items():
        base["tabel"][name] = {"file": f"{name}.csv", "baris_masuk": n_in, "disimpan": kept,
                               "ditolak": rejected, "duplikat": duplicates,
                               "sel_tidak_valid": 0, "alasan": []}
    return base


def test_rejected_share_at_and_above_the_threshold():
    at_limit = assess(_facts(pelatihan=(1000, 980, 20, 0)))  # exactly 2 %: allowed
    assert at_limit.ready
    above = assess(_facts(pelatihan=(1000, 979, 21, 0)))
    assert not above.ready and "21 dari 1000 baris data ditolak (2,1 %" in above.blocking[0]
    assert assess(_facts(pelatihan=(1000, 979, 21, 0)), max_rejected=0.05).ready


def test_rows_dropped_without_a_reason_block():
    verdict = assess(_facts(pegawai=(100, 95, 2, 2)))
    assert not verdict.ready and "1 baris hilang tanpa alasan" in verdict.blocking[0]


def test_missing_tables_required_block_optional_warn():
    facts = _facts(pegawai=(10, 10, 0, 0))
    facts["tidak_ada"] = ["kinerja", "tes"]
    verdict = assess(facts)
    assert [b.split(":")[0] for b in verdict.blocking] == ["tabel wajib 'kinerja' tidak ada"]
    assert any("'tes' tidak ada" in w and "level 2" in w for w in verdict.warnings)


def test_wrong_cycle_and_no_skp_of_the_cycle_year():
    facts = _facts(pelatihan=(10, 10, 0, 0))
    facts["di_luar_siklus"] = {"pelatihan": {"bertanggal": 10, "di_luar": 6}}
    facts["skp_tahun_siklus"] = 0
    verdict = assess(facts)
    assert len(verdict.blocking) == 2
    assert "6 dari 10 baris bertanggal di luar tahun 2025" in verdict.blocking[0]
    assert "tidak ada predikat SKP tahun 2025" in verdict.blocking[1]
    facts["di_luar_siklus"]["pelatihan"]["di_luar"] = 5  # half: a warning, not a block
    facts["skp_tahun_siklus"] = 1
    verdict = assess(facts)
    assert verdict.ready and "5 baris bertanggal di luar tahun 2025" in verdict.warnings[0]


@pytest.fixture
def sample_copy(tmp_path, monkeypatch, sample_available):
    """The bundled sample copied under a temporary raw root (same name: the demo key)."""
    if not sample_available:
        pytest.skip("data/raw/contoh is not present")
    root = tmp_path / "raw"
    shutil.copytree(config.PROJECT_ROOT / "data" / "raw" / "contoh", root / "contoh")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    return root / "contoh"


def test_the_sample_is_ready(sample_copy, capsys):
    assert cli.main(["check", "contoh", "--siklus", "2025"]) == 0
    out = capsys.readouterr().out
    assert "== contoh/2025: siap diolah" in out
    assert "pelatihan (pelatihan.csv): 9089 baris dibaca, 9064 disimpan, 19 ditolak" in out


def test_last_years_files_in_a_new_cycle_are_not_ready(sample_copy, capsys):
    shutil.copytree(sample_copy / "2025", sample_copy / "2026")
    assert cli.main(["check", "contoh", "--siklus", "2026"]) == 1
    out = capsys.readouterr().out
    assert "BELUM SIAP" in out and "data belum siap" in out
    assert "pelatihan: 9064 dari 9064 baris bertanggal di luar tahun 2026" in out
    assert "kinerja: tidak ada predikat SKP tahun 2026" in out


def test_a_cycle_without_roster_is_not_ready(sample_copy, capsys):
    (sample_copy / "2025" / "pegawai.xlsx").unlink()
    assert cli.main(["check", "contoh", "--siklus", "2025"]) == 1
    assert "tabel wajib 'pegawai' tidak ada" in capsys.readouterr().out


def test_a_cycle_without_its_folder(sample_copy, capsys):
    assert cli.main(["check", "contoh", "--siklus", "2027"]) == 1
    assert "folder data mentah tidak ada" in capsys.readouterr().out
    with pytest.raises(DataError, match="tidak ada data siklus 2027"):
        processing.cycles_through("contoh", 2027)
    assert processing.cycles_through("contoh", 2024) == [2023, 2024]


def test_run_stops_at_the_gate_and_publishes_nothing(sample_copy, tmp_path, capsys):
    shutil.copytree(sample_copy / "2025", sample_copy / "2026")
    reports = tmp_path / "laporan"
    code = cli.main(["run", "--dataset", "contoh", "--siklus", "2026",
                     "--reports-dir", str(reports)])
    err = capsys.readouterr().err
    assert code == 1 and "belum siap diolah; laporan tidak dibuat" in err and "--paksa" in err
    assert not (reports / "contoh" / "2026").exists()


def test_too_many_rejected_rows_in_a_small_messy_file(mini_dataset):
    report = processing.check_raw("mini", [2025])
    assert not report.ok
    blocking = report.cycles[0].blocking
    assert any(b.startswith("pegawai: 2 dari 6 baris data ditolak") for b in blocking), blocking
    assert any("tabel wajib 'kinerja' tidak ada" in b for b in blocking)
    # a higher threshold lifts the rejected share, never an unmapped unit
    lenient = processing.check_raw("mini", [2025], max_rejected=1.0).cycles[0].blocking
    assert [b.split(":")[0] for b in lenient] == ["tabel wajib 'kinerja' tidak ada", "pegawai"]
    assert "unit kerja 'Dinas Antah Berantah' tidak dipetakan" in lenient[1]


def test_edited_and_lost_survey_questions_are_shown_and_block(sample_copy, capsys):
    """A question reworded in the form still matches (shown as "mirip"); a question whose
    column was replaced by another matches nothing: listed, and its codebook item, now
    without a column, makes the cycle not ready."""
    path = sample_copy / "2025" / "survei_reaksi.csv"
    text = path.read_text(encoding="utf-8-sig")
    edited = text.replace("Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
                          "Materi pelatihan sesuai dgn kebutuhan pekerjaan saya", 1)
    edited = edited.replace("Fasilitator menguasai materi yang disampaikan.",
                            "Saran Anda untuk penyelenggara", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8-sig")
    assert cli.main(["check", "contoh", "--siklus", "2025"]) == 1
    out = capsys.readouterr().out
    assert "dicocokkan ke butir R01 karena teksnya mirip" in out
    assert "kolom 'Saran Anda untuk penyelenggara' tidak dicocokkan" in out
    assert "butir kodebuku tanpa kolom di file: R05" in out
    table = processing.item_table(processing.readiness_facts("contoh", 2025))
    reaksi = table.loc[table.tabel == "survei_reaksi"].set_index("kolom")
    assert reaksi.loc["Materi pelatihan sesuai dgn kebutuhan pekerjaan saya", "cara"] == "mirip"
    assert reaksi.loc["—", "butir"] == "R05"
    assert (table.cara == "teks").sum() >= 18  # the other reaksi and perilaku items
