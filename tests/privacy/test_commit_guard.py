"""The commit guard: real data under data/raw/ and NIP/NI PPPK/NIK shapes in any file format."""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest
import yaml

from kompetensi import cli, privacy
from kompetensi.core import config
from kompetensi.privacy import guard as commit_guard

# Synthetic values only (valid structure, invented people).
NIP = "199001152015032001"  # born 1990-01-15, TMT 2015-03, female, serial 001
NIP_SPACED = "19850312 201001 1 003"
NIP_FLOAT = 1.98503122010011e17  # a NIP Excel turned into a number: digits lost
NI_PPPK = "198811112021211005"  # born 1988-11-11, appointed 2021, '2', '1', male, 005
NIK = "3171014503850001"  # DKI 31, kota 71, kec. 01, woman born 05-03-85 (day + 40)
VALUES = [NIP, NIP_SPACED, NIP_SPACED.replace(" ", ""), "1.98503122010011", "1,98503",
          NI_PPPK, NIK]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def _xlsx(path: Path, rows: list[list[object]], title: str = "Pegawai") -> None:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)


def _zip(path: Path, parts: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def _write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD = {  # path -> (kind, a place the message must name)
    "keluaran/nip_teks.xlsx": ("nip", "sheet 'Pegawai' sel B3"),
    "keluaran/nip_angka.xlsx": ("nip", "sheet 'Data' sel B2"),
    "keluaran/survei.sav": ("nip", "kolom 'nip' baris 2"),
    "keluaran/tabel.parquet": ("nip", "kolom 'nip' baris 1"),
    "notebooks/analisis.ipynb": ("nip", "sel 2 (keluaran)"),
    "keluaran/utf16.csv": ("nip", "baris 3"),
    "keluaran/excel_id.csv": ("nip", "baris 2"),
    "keluaran/tabel.ods": ("nip", "content.xml"),
    "keluaran/laporan.docx": ("nip", "word/document.xml"),
    "keluaran/lama.xls": ("nip", "sel angka"),
    "keluaran/blob.bin": ("nip", "UTF-16"),
    "keluaran/warga.txt": ("nik", "baris 2"),
    "keluaran/ekspor.csv.gz": ("nip", "baris 3"),
    "keluaran/arsip.zip": ("nip", "bagian 2025/pegawai.csv baris 2"),
    "kompetensi/pppk.json": ("ni_pppk", "baris 1"),
    "data/raw/nyata/2025/pegawai.csv": ("data_mentah", "data mentah nyata"),
    "data/raw/pegawai.xlsx": ("data_mentah", "data mentah nyata"),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway git repository holding every bad file of BAD and some clean ones."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "keluaran").mkdir()
    _xlsx(root / "keluaran/nip_teks.xlsx", [["No", "NIP"], [1, "bukan NIP"], [2, "'" + NIP_SPACED]])
    _xlsx(root / "keluaran/nip_angka.xlsx", [["No", "NIP"], [1, NIP_FLOAT]], title="Data")
    pyreadstat.write_sav(pd.DataFrame({"no": [1.0, 2.0], "nip": ["-", NIP]}),
                         str(root / "keluaran/survei.sav"))
    pd.DataFrame({"nip": [int(NIP)], "skor": [3.5]}).to_parquet(root / "keluaran/tabel.parquet")
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Analisis\n"]},
        {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 1,
         "source": ["pegawai.head()"],
         "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                      "data": {"text/plain": ["   nip\n", f"0  {NIP}"],
                               "image/png": "iVBORw0KGgo="}}]}]}
    _write(root, "notebooks/analisis.ipynb", json.dumps(notebook))
    _write(root, "keluaran/utf16.csv", f"no;nip\n1;x\n2;'{NIP}\n".encode("utf-16"))
    _write(root, "keluaran/excel_id.csv", "no;nip\n1;1,98503E+17\n")  # Indonesian Excel export
    _zip(root / "keluaran/tabel.ods", {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument'
                       ':xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
                       'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                       '<table:table table:name="Pegawai"><table:table-row><table:table-cell '
                       'office:value-type="float" office:value="1.98503122010011E+17">'
                       '<text:p>1,98503E+17</text:p></table:table-cell></table:table-row>'
                       '</table:table></office:document-content>'})
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    _zip(root / "keluaran/laporan.docx", {  # Word splits the NIP over two runs
        "word/document.xml": f'<w:document {w}><w:body><w:p><w:r><w:t>NIP {NIP[:7]}</w:t>'
                             f'</w:r><w:r><w:t>{NIP[7:]}</w:t></w:r></w:p></w:body></w:document>'})
    number = struct.pack("<HHHHHd", 0x0203, 14, 1, 1, 15, NIP_FLOAT)  # BIFF NUMBER record
    _write(root, "keluaran/lama.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 60 + number + b"\x00" * 8)
    _write(root, "keluaran/blob.bin", b"\x00\x01\xff" + NIP.encode("utf-16-le") + b"\x00\xfe")
    _write(root, "keluaran/warga.txt", f"daftar warga\nNIK: {NIK}\n")
    _write(root, "keluaran/ekspor.csv.gz", gzip.compress(f"nip\nx\n{NIP}\n".encode()))
    _zip(root / "keluaran/arsip.zip", {"2025/pegawai.csv": f"nip\n{NIP}\n"})
    _write(root, "kompetensi/pppk.json", json.dumps({"ni_pppk": NI_PPPK}))
    _write(root, "data/raw/nyata/2025/pegawai.csv", "no;unit\n1;Dinas Kominfo\n")
    _xlsx(root / "data/raw/pegawai.xlsx", [["kosong"]])
    # clean: pseudonyms, numbers that are no identifier, exempt folders and documents
    pids = privacy.pseudonymize(pd.Series([NIP, NIP_SPACED.replace(" ", ""), NI_PPPK]), b"k")
    _write(root, "kompetensi/pid.py", f"PIDS = {list(pids)!r}\nDOC = '1.98503E+17 (float)'\n")
    _write(root, "keluaran/angka.csv",
           "nomor;telepon;waktu;rasio;tanggal;kode\n"
           "1234567890123456;+62 812-3456-7890;1733443200000000;0.5241837629183746;2025-03-12;"
           "123456789012345678\n2;081234567890;3171010000000000;2.5E+17;19850312;"
           "201503122015032001\n")
    _xlsx(root / "keluaran/bersih.xlsx", [["nilai", "skor"], [12345.0, 1.5e17]])
    _write(root, "tests/fixture.csv", f"nip\n{NIP}\n")
    _write(root, "data/raw/contoh/2025/pegawai.csv", f"nip\n{NIP}\n")
    _write(root, "docs/catatan.md", f"Contoh NIP: {NIP}\n")
    _write(root, "data/raw/.gitkeep", "")
    return root


def _all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(root).parts)


def test_every_bad_file_is_found_and_no_clean_one(repo):
    problems = commit_guard.check_paths(_all_files(repo), repo)
    found = {(p.path, p.kind) for p in problems}
    assert found == {(path, kind) for path, (kind, _) in BAD.items()}, problems
    for problem in problems:
        assert BAD[problem.path][1] in problem.detail, problem
        assert str(problem).startswith(f"{problem.path}: ")
        assert not any(value in problem.detail for value in VALUES), problem


def test_absolute_paths_and_missing_files(repo):
    problems = commit_guard.check_paths([repo / "keluaran/warga.txt",
                                         "data/raw/nyata/hilang.sav", "tidak/ada.csv"], repo)
    assert [(p.path, p.kind) for p in problems] == [("keluaran/warga.txt", "nik"),
                                                    ("data/raw/nyata/hilang.sav", "data_mentah")]


def test_count_of_places_without_values(tmp_path):
    path = _write(tmp_path, "daftar.csv", "\n".join([NIP] * 3 + [NIK]))
    problems = commit_guard.check_paths([path], tmp_path)
    assert [p.detail for p in problems] == [
        "nilai berbentuk NIP di baris 1 (dan 2 tempat lain)", "nilai berbentuk NIK di baris 4"]


@pytest.mark.parametrize(("text", "kinds"), [
    (NIP_SPACED, ["nip"]), (f"'{NIP}", ["nip"]), (f"NIP.{NIP}", ["nip"]),
    ("1.98503E+17", ["nip"]), ("1,98503E+17", ["nip"]), (repr(NIP_FLOAT), ["nip"]),
    (NI_PPPK, ["ni_pppk"]), (NIK, ["nik"]), ("3171010503850001", ["nik"]),  # a man's NIK
    ("3.17101E+15", ["nik"]),
    ("198502302010011003", []),  # 30 February
    ("201503122030011003", []),  # born 2015: no ASN
    ("198503122010131003", []),  # TMT month 13
    ("198503122010013003", []),  # sex 3
    ("198811112015211005", []),  # NI PPPK before 2019
    ("3171017203850001", []),  # day 72 - 40 = 32
    ("3171014503850000", []),  # serial 0000
    ("9971014503850001", []),  # province 99
    ("0.1985031220100110", []),  # decimals of a float
    ("1.5e17", []), ("2.5E+17", []), ("1234567890123456", []), ("081234567890", []),
    ("1985031220100110030", []),  # 19 digits
])
def test_shapes(text, kinds):
    assert [kind for kind, _ in commit_guard.find_identifiers(text)] == kinds


def test_float_notation_is_not_checked_in_source_code():
    assert list(commit_guard.find_identifiers("1.98503E+17", floats=False)) == []
    assert list(commit_guard.find_identifiers(NIP, floats=False)) == [("nip", 0)]


def test_cli_files_exit_codes(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo / "keluaran")  # pre-commit passes paths relative to the cwd
    assert cli.main(["guard", "angka.csv", "bersih.xlsx", "../docs/catatan.md"]) == 0
    assert capsys.readouterr().out == ""
    assert cli.main(["guard", "warga.txt", "angka.csv", "../data/raw/nyata/2025/pegawai.csv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "keluaran/warga.txt: nilai berbentuk NIK di baris 2"
    assert lines[1].startswith("data/raw/nyata/2025/pegawai.csv: data mentah nyata tidak boleh")
    assert lines[2].startswith("2 masalah.") and "git rm --cached" in lines[2]
    assert len(lines) == 3 and NIK not in "".join(lines)
    assert cli.main(["guard", "warga.txt", "--tracked"]) == 2


def test_cli_staged_and_tracked(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    assert cli.main(["guard"]) == 0  # nothing staged
    _git(repo, "add", "keluaran/angka.csv", "tests/fixture.csv", "data/raw/contoh")
    assert cli.main(["guard"]) == 0 and cli.main(["guard", "--tracked"]) == 0
    _git(repo, "add", "keluaran/warga.txt")
    (repo / "keluaran/warga.txt").write_text("dihapus dari salinan kerja saja\n")
    assert cli.main(["guard"]) == 1  # the staged blob counts, not the working copy
    assert "keluaran/warga.txt: nilai berbentuk NIK" in capsys.readouterr().out
    _git(repo, "rm", "-qf", "--cached", "keluaran/warga.txt")
    _git(repo, "add", "-f", "data/raw/nyata/2025/pegawai.csv")
    assert cli.main(["guard"]) == 1 and cli.main(["guard", "--tracked"]) == 1
    assert capsys.readouterr().out.count("data/raw/nyata/2025/pegawai.csv: data mentah") == 2


def test_cli_outside_git(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["guard", "--tracked"]) == 1
    assert "bukan repositori git" in capsys.readouterr().err
    _write(tmp_path, "a.txt", NIK)
    assert cli.main(["guard", "a.txt"]) == 1


def test_this_repository_is_clean_and_the_sample_is_not_read(monkeypatch, capsys):
    read = []
    scan = commit_guard.scan_file
    monkeypatch.setattr(commit_guard, "scan_file", lambda path: read.append(path) or scan(path))
    monkeypatch.chdir(config.PROJECT_ROOT)
    assert cli.main(["guard", "--tracked"]) == 0, capsys.readouterr().out
    assert read and not any("data/raw/contoh" in p.as_posix() for p in read)


@pytest.mark.parametrize(("path", "ignored"), [
    ("data/raw/nyata/2025/pegawai.xlsx", True), ("data/raw/pegawai.sav", True),
    ("data/raw/contoh/2025/pegawai.xlsx", False), ("data/raw/.gitkeep", False),
])
def test_gitignore_keeps_real_raw_data_out(path, ignored):
    result = subprocess.run(["git", "-C", str(config.PROJECT_ROOT), "check-ignore", "-q",
                             "--no-index", path], capture_output=True)
    assert result.returncode == (0 if ignored else 1), result.stderr


def test_pre_commit_hook_runs_the_guard_on_every_file():
    hooks = [hook for repo in yaml.safe_load(
        (config.PROJECT_ROOT / ".pre-commit-config.yaml").read_text())["repos"]
        for hook in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "no-personal-data")
    assert hook["entry"] == "python -m kompetensi.cli guard" and hook["language"] == "system"
    assert hook.get("types") == ["file"] and hook.get("pass_filenames", True)
    assert "exclude" not in hook
