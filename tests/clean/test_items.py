"""match_items: survey columns to codebook items, tolerantly and visibly."""

from __future__ import annotations

import pandas as pd
import pytest

from kompetensi.clean.context import Context
from kompetensi.clean.items import match_items
from kompetensi.clean.rejections import Rejections
from kompetensi.clean.responses import _clean_survey
from kompetensi.core.errors import DataError

BOOK = pd.DataFrame({
    "butir": ["R01", "R02", "R03"],
    "teks": ["Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
             "Fasilitator menguasai materi yang disampaikan.",
             "Koneksi internet selama pelatihan sering terganggu."],
})


def one(column: str, book: pd.DataFrame = BOOK) -> tuple[str | None, str | None]:
    """(item, method) a single column matches, (None, None) if none."""
    match = match_items([column], book)
    if not match.items:
        return None, None
    row = match.matches.iloc[0]
    return row.butir, row.cara


def test_exact_text():
    assert one("Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.") == ("R01", "teks")


@pytest.mark.parametrize("column", [
    "MATERI PELATIHAN SESUAI DENGAN KEBUTUHAN PEKERJAAN SAYA",
    "  materi  pelatihan sesuai dengan, kebutuhan pekerjaan saya ?",
    "Materi pelatihan sesuai dengan kebutuhan pekerjaan saya!",
])
def test_case_punctuation_whitespace(column):
    assert one(column) == ("R01", "teks")


@pytest.mark.parametrize("column", [
    "1. Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
    "1) Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
    "Q1. Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
    "a. Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
    "R01. Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",
])
def test_leading_numbering(column):
    assert one(column) == ("R01", "teks_tanpa_nomor")


@pytest.mark.parametrize("column", [
    "Materi pelatihan sesuai dengan kebutuhan pekerjaan saya. (wajib)",
    "Materi pelatihan sesuai dengan kebutuhan pekerjaan saya [opsional]",
    "3. Koneksi internet selama pelatihan sering terganggu (skala 1-5) *",
])
def test_bracketed_remarks(column):
    assert one(column)[1] == "teks_tanpa_nomor"


def test_one_word_edit_is_a_fuzzy_match():
    match = match_items(["Materi pelatihan sesuai dengan kebutuhan tugas saya."], BOOK)
    row = match.matches.iloc[0]
    assert (row.butir, row.cara) == ("R01", "mirip")
    assert 0.85 <= row.kemiripan < 1


def test_typo_is_a_fuzzy_match():
    assert one("Fasilitator menguasai materi yg disampaikan") == ("R02", "mirip")


def test_two_near_identical_items_are_ambiguous():
    book = pd.DataFrame({"butir": ["P01", "P02"],
                         "teks": ["Pegawai menggunakan aplikasi dalam pekerjaan sehari-hari.",
                                  "Pegawai menggunakan aplikasi dalam pekerjaan mingguan."]})
    match = match_items(["Pegawai menggunakan aplikasi dalam pekerjaan harian."], book)
    assert match.items == {}
    row = match.unmatched.iloc[0]
    assert row.calon in {"P01", "P02"} and row.kemiripan >= 0.85
    assert "lebih dari satu butir" in row.alasan
    assert match.items_without_column == ["P01", "P02"]


def test_a_column_matching_nothing_is_listed_with_its_best_candidate():
    match = match_items(["Timestamp", "nip", "program", "Saran untuk pelatihan berikutnya",
                         "Fasilitator menguasai materi yang disampaikan."], BOOK,
                        table="survei_reaksi")
    assert match.unmatched_columns == ["Saran untuk pelatihan berikutnya"]
    row = match.unmatched.iloc[0]
    assert row.calon in set(BOOK.butir) and 0 < row.kemiripan < 0.85
    assert list(match.unmatched.columns) == ["kolom", "calon", "kemiripan", "alasan"]
    assert match.items_without_column == ["R01", "R03"]


def test_known_fields_are_not_items():
    columns = ["timestamp", "Stempel waktu", "nip", "NIP (opsional)", "Nama", "program",
               "penilai", "responden", "opd", "jabatan", "No"]
    match = match_items(columns, BOOK, table="survei_perilaku")
    assert match.items == {} and match.unmatched_columns == []


def test_two_columns_for_one_item_exact_wins():
    columns = ["Materi pelatihan sesuai dengan kebutuhan tugas saya.",  # fuzzy
               "Materi pelatihan sesuai dengan kebutuhan pekerjaan saya.",  # exact
               "materi pelatihan sesuai dengan kebutuhan pekerjaan saya"]  # exact, later
    match = match_items(columns, BOOK)
    assert match.items == {columns[1]: "R01"}
    assert match.unmatched.kolom.tolist() == [columns[0], columns[2]]
    assert match.unmatched.alasan.tolist() == [f"butir sudah dipakai kolom '{columns[1]}'"] * 2


def test_two_fuzzy_columns_for_one_item_higher_ratio_wins():
    columns = ["Materi pelatihan sesuai dgn kebutuhan tugas saya",
               "Materi pelatihan sesuai dengan kebutuhan tugas saya."]
    match = match_items(columns, BOOK)
    assert match.items == {columns[1]: "R01"}
    assert match.unmatched_columns == [columns[0]]


@pytest.mark.parametrize(("column", "code"), [
    ("R01", "R01"), ("r01", "R01"), ("r-01", "R01"), ("R 02", "R02"), ("R1", "R01"),
    ("r_3", "R03"),
])
def test_codes(column, code):
    assert one(column) == (code, "kode")


def test_short_code_is_ambiguous_when_two_items_share_it():
    book = pd.DataFrame({"butir": ["R1", "R01"], "teks": ["Satu.", "Dua."]})
    assert one("R001", book) == (None, None)
    assert one("R01", book) == ("R01", "kode")


def test_frames_and_dtypes():
    match = match_items(["R01", "Fasilitator menguasai materi yang disampaikan."], BOOK)
    assert match.matches.dtypes.astype(str).tolist() == ["string", "string", "string",
                                                         "float64"]
    assert match.matches.kemiripan.tolist() == [1.0, 1.0]
    empty = match_items([], BOOK)
    assert empty.matches.empty and empty.unmatched.empty
    assert empty.items_without_column == ["R01", "R02", "R03"]


# ------------------------------------------------------------------- in the survey cleaner
def _survey(columns: dict) -> pd.DataFrame:
    raw = pd.DataFrame({"program": ["PSIM", "PSIM"], **columns}, dtype=object)
    raw.index = pd.RangeIndex(2, 4, name="baris")
    raw.attrs["tabel"] = "survei_reaksi"
    return raw


def test_clean_survey_hands_the_matches_back():
    raw = _survey({"1. MATERI pelatihan sesuai dengan kebutuhan pekerjaan saya": ["SS", "S"],
                   "Fasilitator menguasai materi yg disampaikan": ["4", "5"],
                   "Saran": ["-", "bagus"]})
    ctx = Context(2025, b"kunci-uji", codebook=BOOK)
    out = _clean_survey("survei_reaksi", raw, Rejections("survei_reaksi", "s.csv", raw.index),
                        ctx)
    assert sorted(out.butir.unique()) == ["R01", "R02"]
    assert ctx.found["butir"].cara.tolist() == ["teks_tanpa_nomor", "mirip"]
    assert ctx.found["butir_tidak_cocok"].kolom.tolist() == ["Saran"]
    assert ctx.found["butir_tanpa_kolom"] == ["R03"]


def test_clean_survey_without_any_item_is_an_error():
    raw = _survey({"Saran": ["-", "bagus"]})
    ctx = Context(2025, b"kunci-uji", codebook=BOOK)
    with pytest.raises(DataError, match="tidak ada kolom butir"):
        _clean_survey("survei_reaksi", raw, Rejections("survei_reaksi", "s.csv", raw.index), ctx)
    assert ctx.found["butir_tidak_cocok"].kolom.tolist() == ["Saran"]
