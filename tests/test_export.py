"""The drafters' workbook: one sheet per published table, caption and source on top."""

from __future__ import annotations

import json

import pandas as pd

from kompetensi import export


def _publish(folder, name, data, caption, source):
    (folder / "tabel").mkdir(parents=True, exist_ok=True)
    data.to_csv(folder / "tabel" / f"{name}.csv", index=False)
    (folder / "tabel" / f"{name}.csv.json").write_text(
        json.dumps({"judul": caption, "sumber": source, "catatan": ""}), encoding="utf-8")


def test_workbook_has_a_sheet_per_table_with_title_and_source(tmp_path):
    _publish(tmp_path, "03_capaian_opd", pd.DataFrame({"opd": ["A", "B"], "n": [12, None]}),
             "Tabel 3.4. Capaian", "kompetensi.coverage")
    _publish(tmp_path, "07_" + "x" * 40, pd.DataFrame({"a": [1]}), "Tabel 7.1. X", "")
    path = export.write_tables_xlsx(tmp_path)
    sheets = pd.read_excel(path, sheet_name=None, header=None)
    assert list(sheets) == ["daftar", "03_capaian_opd", ("07_" + "x" * 40)[:31]]
    sheet = sheets["03_capaian_opd"]
    assert sheet.iloc[0, 0] == "Tabel 3.4. Capaian"
    assert sheet.iloc[1, 0] == "Sumber: kompetensi.coverage"
    assert sheet.iloc[5].tolist()[:2] == ["opd", "n"]
    assert sheet.iloc[6, 1] == 12 and pd.isna(sheet.iloc[7, 1])  # suppressed cell stays empty
    assert sheets["daftar"].iloc[1:, 0].tolist() == ["03_capaian_opd", ("07_" + "x" * 40)[:31]]


def test_no_tables_no_workbook(tmp_path):
    assert export.write_tables_xlsx(tmp_path) is None
