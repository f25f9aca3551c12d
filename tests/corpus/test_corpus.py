"""Each fault case of :mod:`tests.corpus.cases` through the real cycle: read, clean, gate.

For each case a clean cycle (roster, training records, SKP) is written under a temporary raw
root with one table damaged, and cleaned as ``kompetensi check`` cleans it. The case's
expected outcome is asserted: rows kept, rows rejected per reason, duplicates, the gate's
verdict, or the one message that refuses the file (through the CLI too, with exit code 1
and no traceback). Every raw row must end in exactly one place.
"""

from __future__ import annotations

import pytest

from kompetensi import cli, processing
from kompetensi.core.errors import DataError
from tests.corpus import base, cases_files  # noqa: F401 (registers the file cases)
from tests.corpus.cases import CASES, Case

DATASET = "korpus"


@pytest.fixture
def cycle(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    folder = root / DATASET / str(base.SIKLUS)
    folder.mkdir(parents=True)
    (root / DATASET / "SINTETIS").write_text("korpus uji sintetis\n", encoding="utf-8")
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    return folder


def test_the_corpus_is_large_and_names_are_unique():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    kinds = {"refused" if c.refused else "rejected" if c.rejected or not c.ready else "read"
             for c in CASES}
    assert kinds == {"read", "rejected", "refused"}


def test_the_clean_cycle_is_ready(cycle):
    base.write_base(cycle)
    facts = processing.clean_cycle(DATASET, base.SIKLUS)["kesiapan"]
    verdict = processing.assess(facts)
    assert verdict.ready, verdict.blocking
    assert {t: f["disimpan"] for t, f in facts["tabel"].items()} == {
        "pegawai": 20, "pelatihan": 30, "kinerja": 20}


def _rejected_rows(result, table: str) -> dict[str, int]:
    rejects = result["rejects"]
    rows = rejects.loc[(rejects["tabel"] == table) & (rejects["cakupan"] == "baris")]
    return {str(k): int(v) for k, v in rows["alasan"].value_counts().sort_index().items()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, cycle, capsys):
    base.write_base(cycle, skip=case.table)
    case.write(cycle)
    if case.refused:
        with pytest.raises(DataError, match=case.refused):
            processing.clean_cycle(DATASET, base.SIKLUS)
        assert cli.main(["check", DATASET, "--siklus", str(base.SIKLUS)]) == 1
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        return
    result = processing.clean_cycle(DATASET, base.SIKLUS)
    facts = result["kesiapan"]["tabel"][case.table]
    assert facts["baris_masuk"] == facts["disimpan"] + facts["ditolak"] + facts["duplikat"]
    assert _rejected_rows(result, case.table) == dict(sorted(case.rejected.items()))
    assert facts["disimpan"] == case.kept
    assert facts["duplikat"] == case.duplicates
    verdict = processing.assess(result["kesiapan"])
    assert verdict.ready == case.ready, (verdict.blocking, verdict.warnings)
    if case.check is not None:
        assert case.check(result["tables"][case.table])


def test_a_refused_file_stops_the_run_with_one_message_and_no_output(cycle, tmp_path, capsys):
    base.write_base(cycle, skip="pegawai")
    next(c for c in CASES if c.name == "xlsx_terpotong").write(cycle)
    reports = tmp_path / "laporan"
    code = cli.main(["run", "--dataset", DATASET, "--siklus", str(base.SIKLUS),
                     "--reports-dir", str(reports)])
    out = capsys.readouterr()
    assert code == 1
    assert "pegawai.xlsx" in out.err and "Traceback" not in out.out + out.err
    assert not (reports / DATASET).exists() or not any((reports / DATASET).rglob("*.html"))


def test_rows_of_a_two_sheet_roster_are_named_by_sheet(cycle, capsys):
    base.write_base(cycle, skip="pegawai")
    next(c for c in CASES if c.name == "roster_dua_lembar").write(cycle)
    result = processing.clean_cycle(DATASET, base.SIKLUS)
    rejects = result["rejects"].loc[result["rejects"]["tabel"] == "pegawai"]
    assert rejects[["file", "baris"]].values.tolist() == [["pegawai.xlsx [PPPK]", 4]]
    sheets = result["kesiapan"]["tabel"]["pegawai"]["lembar"]
    assert [(s["lembar"], s["baris"], s["ditolak"]) for s in sheets] == [
        ("PNS", 14, 0), ("PPPK", 6, 1)]
    assert cli.main(["check", DATASET, "--siklus", str(base.SIKLUS)]) == 1
    out = capsys.readouterr().out
    assert "baris PPPK!4" in out and "lembar 'PPPK': 6 baris dibaca" in out
