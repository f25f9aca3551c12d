"""Rows of a sheet's layout (kompetensi.clean.layout): each kind named, and the rows that
look like layout but may be a person left to the cleaner."""

from __future__ import annotations

import pandas as pd

from kompetensi.clean import layout_rows


def _raw(rows):
    return pd.DataFrame(rows, columns=["No", "nip", "nama", "opd"], index=range(5, 5 + len(rows)))


def test_each_kind_of_layout_row():
    raw = _raw([
        ["A. DINAS KESEHATAN", None, None, None],  # group header in the number column
        [1, "x1", "Satu", "Dinkes"],
        [2, None, None, None],  # numbered in advance, left empty
        [None, None, "JUMLAH", None],
        [None, None, None, "Pangkalpinang, 5 Januari 2026"],
        [None, None, None, "KEPALA DINAS,"],
        [None, None, None, "Nama Kepala"],  # part of the signature block: below it
    ])
    assert layout_rows(raw, "pegawai").tolist() == [
        "baris_judul_kelompok", pd.NA, "baris_bernomor_kosong", "baris_jumlah",
        "baris_tanda_tangan", "baris_tanda_tangan", "baris_tanda_tangan"]


def test_a_person_without_nip_is_not_layout():
    raw = _raw([
        [1, "x1", "Satu", "Dinkes"],
        [2, None, "Budi Santoso", None],  # a person whose NIP is missing: numbered row
        [None, None, "Siti Aminah", None],  # a name alone, mixed case: not a heading
        [3, "x3", "Tiga", "Dinkes"],
        [None, None, None, "Kepala Dinas"],  # signature words above the last record
        [None, None, "Total Quality Management", "Dinkes"],  # a training, not a total
        [4, "x4", "Empat", "Dinkes"],
    ])
    assert layout_rows(raw, "pegawai").isna().all()


def test_only_tables_of_people_and_only_rows_without_nip():
    raw = _raw([[None, None, "JUMLAH", None]])
    assert layout_rows(raw, "survei_reaksi").isna().all()
    assert layout_rows(raw.drop(columns="nip"), "pegawai").isna().all()
    assert layout_rows(raw, "pelatihan").tolist() == ["baris_jumlah"]
