"""Per-distinct-value normalization and the pyarrow CSV reader (hand-made cases)."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
import pytest

from kompetensi.clean import clean_table
from kompetensi.clean import normalize as nz
from kompetensi.core.uniques import codes_and_uniques, on_unique_rows, on_uniques, row_codes
from kompetensi.io import readers as io


def test_on_uniques_calls_once_per_distinct_value_and_keeps_index_and_missing():
    seen = []

    @on_uniques
    def shout(values: pd.Series) -> pd.Series:
        seen.append(len(values))
        return values.astype("string").str.upper()

    values = pd.Series(["a", "b", "a", None, "a", "b"] * 3, index=range(100, 118))
    out = shout(values)
    assert seen == [3]  # "a", "b" and one missing value
    assert out.index.tolist() == values.index.tolist()
    assert out.tolist()[:6] == ["A", "B", "A", pd.NA, "A", "B"]


def test_on_uniques_on_categoricals_uses_their_codes_and_dataframe_results():
    values = pd.Series(pd.Categorical(["x", "y", "x", None]))
    codes, uniques = codes_and_uniques(values)
    assert codes.tolist() == [0, 1, 0, -1]
    assert uniques.iloc[:2].tolist() == ["x", "y"] and pd.isna(uniques.iloc[2])
    frame = on_uniques(lambda v: pd.DataFrame({"v": v, "n": v.str.len()}))(
        pd.Series(pd.Categorical(["x", "yy", "x", "x"])))
    assert frame["n"].tolist() == [1, 2, 1, 1]


def test_normalizers_give_the_same_answer_on_categorical_and_text_input():
    dates = pd.Series(["3 Maret 2025", "45666", "09/01/2025", "", "12 Agt 2024"] * 4)
    assert nz.parse_tanggal(dates).equals(nz.parse_tanggal(dates.astype("category")))
    gol = pd.Series(["III/a", "3b", "IX", "Penata Muda", "IX"] * 3)
    status = pd.Series(["PNS", "PNS", "PPPK", "PNS", "PNS"] * 3)
    assert nz.normalize_golongan(gol, status).tolist()[:5] == ["III/a", "III/b", "IX",
                                                               "III/a", pd.NA]
    assert nz.normalize_golongan(gol.astype("category"), status).equals(
        nz.normalize_golongan(gol, status))


def test_row_codes_equal_exactly_for_equal_rows_missing_included():
    frame = pd.DataFrame({"a": ["p", "p", "q", None, None], "b": [1, 1, 1, 2, 2]})
    codes = row_codes(frame)
    assert codes[0] == codes[1] and codes[3] == codes[4]
    assert len({codes[0], codes[2], codes[3]}) == 3


def test_row_codes_survive_many_wide_columns_without_overflow():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({f"c{i}": rng.integers(0, 1000, 500) for i in range(12)})
    frame = pd.concat([frame, frame.iloc[:7]], ignore_index=True)
    codes = row_codes(frame)
    assert pd.Series(codes).duplicated().sum() == frame.duplicated().sum() == 7


def test_on_unique_rows_pairs():
    frame = pd.DataFrame({"a": ["x", "x", "y", "x"], "b": ["1", "2", "1", "1"]})
    calls = []

    def join(pairs: pd.DataFrame) -> pd.Series:
        calls.append(len(pairs))
        return pairs["a"] + pairs["b"]

    assert on_unique_rows(frame, join).tolist() == ["x1", "x2", "y1", "x1"]
    assert calls == [3]


def _write(tmp_path, text: str, encoding: str = "utf-8") -> object:
    path = tmp_path / "pelatihan.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_pyarrow_reader_gives_categoricals_and_file_row_numbers(tmp_path):
    path = _write(tmp_path, "\ufeffDAFTAR\nNIP;Nama Diklat;Jumlah JP;Jumlah JP\n1;A;24,5;x\n"
                  "2;;3;y\n;;;\n")
    with mock.patch.object(io, "_read_csv_pandas", side_effect=AssertionError("fallback")):
        raw = io.read_raw(path, "pelatihan")
    assert (raw.encoding, raw.sep, raw.header_row) == ("utf-8-sig", ";", 2)
    assert list(raw.data.columns) == ["NIP", "Nama Diklat", "Jumlah JP", "Jumlah JP.1"]
    assert raw.data.index.tolist() == [3, 4]  # the all-blank row 5 is dropped
    assert raw.data.loc[4].tolist() == ["2", "", "3", "y"]


def test_csv_columns_are_categoricals_and_only_wanted_columns_are_converted(tmp_path):
    rows = "".join(f"{i};Ani {i};Diklat {i % 3};24\n" for i in range(30))
    path = _write(tmp_path, "No;Nama;Nama Diklat;Jumlah JP\n" + rows)
    raw = io.read_raw(path, "pelatihan")
    assert all(isinstance(raw.data[c].dtype, pd.CategoricalDtype) for c in raw.data)
    assert raw.data["Nama Diklat"].tolist() == [f"Diklat {i % 3}" for i in range(30)]
    assert raw.data["Nama Diklat"].cat.categories.tolist() == ["Diklat 0", "Diklat 1",
                                                               "Diklat 2"]
    some = io.read_raw(path, "pelatihan", columns=("nama_pelatihan", "jp"))
    assert list(some.data.columns) == ["Nama Diklat", "Jumlah JP"]  # no name, no number
    pd.testing.assert_frame_equal(some.data, raw.data[["Nama Diklat", "Jumlah JP"]])


@pytest.mark.parametrize("body", [
    "1;A;2\n\n3;B;4\n",  # a blank line inside the data
    "1;A;2\n3;B\n",  # a short row
    '1;"A\nB";2\n3;C;4\n',  # a line break inside a quoted cell
])
def test_files_pyarrow_cannot_number_row_for_row_are_read_by_pandas(tmp_path, body):
    path = _write(tmp_path, "NIP;Nama Diklat;Jumlah JP\n" + body)
    fast = io.read_raw(path, "pelatihan")
    with mock.patch.object(io, "_read_csv", io._read_csv_pandas):
        slow = io.read_raw(path, "pelatihan")
    assert fast.data.index.tolist() == slow.data.index.tolist()
    assert fast.data.astype(str).values.tolist() == slow.data.astype(str).values.tolist()


def test_a_late_non_utf8_byte_makes_the_whole_file_cp1252(tmp_path):
    rows = "".join(f"{i};Diklat {i};24\n" for i in range(20000))
    path = _write(tmp_path, "NIP;Nama Diklat;Jumlah JP\n" + rows + "9;Café;2\n", "cp1252")
    raw = io.read_raw(path, "pelatihan")
    assert raw.encoding == "cp1252"
    assert raw.data["Nama Diklat"].iloc[-1] == "Café"


def test_cleaning_categorical_and_text_input_gives_identical_tables(tmp_path):
    nip = "19660327" + "200007" + "2231"  # synthetic, written in parts
    text = ("NIP;Nama Pelatihan;Jenis Pengembangan;Tanggal Mulai;Tanggal Selesai;Jumlah JP;"
            "Lokasi\n"
            f"{nip};Bimtek Aplikasi SIPD;Bimtek;45666;45668;24;Dalam Negeri\n"
            f"{nip};Seminar Pelayanan Publik;Seminar;9 Jan 2025;;;Luar Negeri\n"
            "1,96603E+17;Bimtek Aplikasi SIPD;Bimtek;09/01/2025;11/01/2025;2,5;\n"
            f"{nip};Bimtek Aplikasi SIPD;Bimtek;45666;45668;24;Dalam Negeri\n")
    path = _write(tmp_path, text)
    raw = io.canonical_columns(io.read_raw(path, "pelatihan"), "pelatihan")
    as_text = raw.astype("string")
    a = clean_table("pelatihan", raw, "p.csv", siklus=2025, key=b"k")
    b = clean_table("pelatihan", as_text, "p.csv", siklus=2025, key=b"k")
    pd.testing.assert_frame_equal(a.data, b.data)
    pd.testing.assert_frame_equal(a.rejects, b.rejects)
    assert (a.n_kept_rows, a.n_rejected, a.n_duplicates) == (2, 1, 1)
    assert a.data["topik_ti"].tolist() == [True, False]  # "aplikasi" is an IT word
    assert a.data["luar_negeri"].tolist() == [False, True]


@pytest.mark.parametrize("n_columns", [2, 6])  # 6 columns of 2,000 codes overflow 64 bits
def test_duplicated_rows_equals_pandas_duplicated(n_columns):
    from kompetensi.core.uniques import duplicated_rows

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({f"c{i}": rng.integers(0, 2000, 5000).astype(str)
                          for i in range(n_columns)}).astype("category")
    frame = pd.concat([frame, frame.sample(800, random_state=1)], ignore_index=True)
    frame.iloc[::97, 0] = np.nan  # missing equals missing
    frame["dates"] = pd.to_datetime("2025-01-01") + pd.to_timedelta(
        frame["c1"].cat.codes % 3, unit="D")  # equal rows have equal dates
    expected = frame.duplicated(keep="first").to_numpy()
    assert expected.sum() > 700
    np.testing.assert_array_equal(duplicated_rows(frame), expected)
    among = rng.random(len(frame)) < 0.6  # compared among these rows only
    expected = np.zeros(len(frame), dtype=bool)
    expected[among] = frame.loc[among].duplicated(keep="first").to_numpy()
    np.testing.assert_array_equal(duplicated_rows(frame, among=among), expected)


@pytest.mark.parametrize("keep", ["first", False])
def test_duplicated_keys_in_parts_equals_pandas(keep):
    """Above 4 x 2^18 keys the rows are hashed in parts; the answer must not change."""
    from kompetensi.core.uniques import duplicated_keys

    rng = np.random.default_rng(5)
    keys = rng.integers(-(2**40), 2**40, 1_300_000)
    keys[rng.integers(0, len(keys), 50_000)] = keys[rng.integers(0, len(keys), 50_000)]
    expected = pd.Series(keys).duplicated(keep=keep).to_numpy()
    assert expected.sum() > 40_000
    np.testing.assert_array_equal(duplicated_keys(keys, keep=keep), expected)


def test_sort_order_of_pids_and_of_other_text_is_pyarrows():
    import pyarrow as pa
    import pyarrow.compute as pc

    from kompetensi.core.uniques import sort_order
    from kompetensi.privacy.pseudonym import pseudonymize

    nips = pd.Series([f"19800101{i:010d}" for i in range(5000)] * 2)  # repeated pids tie
    for text in (pd.Index(pseudonymize(nips, b"k")),  # 16 hex digits: sorted as numbers
                 pd.Index(["b", "a", None, "B", "á", "a", "", "10", "9"], dtype="string")):
        expected = pc.sort_indices(pa.array(text.array, from_pandas=True)).to_numpy()
        np.testing.assert_array_equal(sort_order(text), expected)


def test_positions_on_a_shared_pid_dictionary_equal_the_hashed_lookup():
    """Tables cleaned against one roster share its pid categories (unknown pids appended);
    positions then index codes instead of hashing, with the same answer."""
    from kompetensi.core.uniques import positions

    roster = pd.Series(pd.Categorical(["c", "a", "d"], categories=["a", "b", "c", "d"]))
    extended = pd.CategoricalDtype(roster.cat.categories.append(pd.Index(["e"])))
    values = pd.Series(pd.Categorical.from_codes([0, 1, 2, 3, -1, 4, 2], dtype=extended))
    expected = positions(values.astype("string"), roster.astype("string"))
    assert expected.tolist() == [1, -1, 0, 2, -1, -1, 0]  # "b": a category no row holds
    assert positions(values, roster).tolist() == expected.tolist()
    same = pd.Series(pd.Categorical.from_codes([3, 0, -1], dtype=roster.dtype))
    assert positions(same, roster).tolist() == [2, 1, -1]
