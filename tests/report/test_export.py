"""The drafters' workbook: one sheet per published table, caption and source on top."""

from __future__ import annotations

import json
import re
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from kompetensi.report import export


def _publish(folder, name, data, caption, source):
    (folder / "tabel").mkdir(parents=True, exist_ok=True)
    data.to_csv(folder / "tabel" / f"{name}.csv", index=False)
    (folder / "tabel" / f"{name}.csv.json").write_text(
        json.dumps({"judul": caption, "sumber": source, "catatan": ""}), encoding="utf-8")


def test_workbook_has_a_sheet_per_table_with_title_and_source(tmp_path):
    _publish(tmp_path, "03_capaian_opd", pd.DataFrame({"opd": ["A", "B"], "n": [12, None]}),
             "Tabel 3.4. Capaian", "kompetensi.implementation")
    _publish(tmp_path, "07_" + "x" * 40, pd.DataFrame({"a": [1]}), "Tabel 7.1. X", "")
    path = export.write_tables_xlsx(tmp_path)
    sheets = pd.read_excel(path, sheet_name=None, header=None)
    assert list(sheets) == ["daftar", "03_capaian_opd", ("07_" + "x" * 40)[:31]]
    sheet = sheets["03_capaian_opd"]
    assert sheet.iloc[0, 0] == "Tabel 3.4. Capaian"
    assert sheet.iloc[1, 0] == "Sumber: kompetensi.implementation"
    assert sheet.iloc[5].tolist()[:2] == ["opd", "n"]
    assert sheet.iloc[6, 1] == 12 and pd.isna(sheet.iloc[7, 1])  # suppressed cell stays empty
    assert sheets["daftar"].iloc[1:, 0].tolist() == ["03_capaian_opd", ("07_" + "x" * 40)[:31]]


def test_no_tables_no_workbook(tmp_path):
    assert export.write_tables_xlsx(tmp_path) is None


def _core_times(path):
    with zipfile.ZipFile(path) as book:
        core = book.read("docProps/core.xml").decode("utf-8")
        dates = {info.date_time for info in book.infolist()}
    times = dict(re.findall(r"<dcterms:(created|modified)\b[^>]*>([^<]*)<", core))
    return times, dates


def test_workbook_is_byte_identical_when_written_again(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "contoh" / "2025"
    _publish(folder, "03_capaian_opd", pd.DataFrame({"opd": ["A", "B"], "n": [12, None]}),
             "Tabel 3.4. Capaian", "kompetensi.implementation")
    first = export.write_tables_xlsx(folder).read_bytes()
    time.sleep(2.1)  # zip dates have a 2-second resolution, core.xml times 1 second
    second = export.write_tables_xlsx(folder).read_bytes()
    assert first == second
    times, dates = _core_times(folder / "tabel.xlsx")
    assert times == {"created": "2025-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z"}
    assert dates == {(2025, 1, 1, 0, 0, 0)}  # 1 January of the cycle (the folder's name)
    assert export.write_tables_xlsx(folder, tmp_path / "b.xlsx", siklus=2024).read_bytes() \
        != first  # the cycle is given explicitly: 2024
    assert _core_times(tmp_path / "b.xlsx")[0]["created"] == "2024-01-01T00:00:00Z"
    assert not list(folder.glob("*.tmp"))


def test_source_date_epoch_sets_the_workbook_times(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # 2025-11-28T00:00:00Z
    _publish(tmp_path, "07_indikator", pd.DataFrame({"a": [1]}), "Tabel 7.1. X", "")
    path = export.write_tables_xlsx(tmp_path, siklus=2025)
    times, dates = _core_times(path)
    assert times == {"created": "2025-11-28T00:00:00Z", "modified": "2025-11-28T00:00:00Z"}
    assert dates == {(2025, 11, 28, 0, 0, 0)}
    props = openpyxl.load_workbook(path).properties
    assert props.created.isoformat() == props.modified.isoformat() == "2025-11-28T00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        export.write_tables_xlsx(tmp_path)
