"""No exception but DataError escapes read_raw, whatever the bytes (issue 19, part 3).

Valid small files of each format are truncated at random points and get random bytes
flipped (seeded), and each result must be a RawFile or a DataError.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompetensi import io
from kompetensi.core.errors import DataError
from tests.io.fixtures import roster, write_csv, write_html, write_ods, write_xls, write_xlsx

N_CASES = 200


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, bytes]:
    import pyreadstat

    folder = tmp_path_factory.mktemp("asli")
    rows = [["DAFTAR PEGAWAI"], [], *roster(30)]
    files = {
        "xlsx": write_xlsx(folder / "a.xlsx", {"Petunjuk": [["isi"]], "Data": rows},
                           merges={"Data": ["A1:C1"]}),
        "xls": write_xls(folder / "a.xls", {"Data": rows}),
        "ods": write_ods(folder / "a.ods", {"Data": rows}),
        "html": write_html(folder / "a.html", [rows]),
        "csv": write_csv(folder / "a.csv", rows, "cp1252"),
        "utf16": write_csv(folder / "b.csv", rows, "utf-16-le", bom=True),
    }
    frame = pd.DataFrame(roster(30)[1:], columns=[f"v{i}" for i in range(8)])
    pyreadstat.write_sav(frame, str(folder / "a.sav"))
    files["sav"] = folder / "a.sav"
    return {name: path.read_bytes() for name, path in files.items()}


def _mutated(data: bytes, rng: np.random.Generator) -> bytes:
    out = bytearray(data)
    kind = rng.integers(3)
    if kind in (0, 2):  # flip a few bytes
        for position in rng.integers(0, len(out), size=rng.integers(1, 12)):
            out[position] ^= int(rng.integers(1, 256))
    if kind in (1, 2):  # cut short
        out = out[:int(rng.integers(0, len(out)))]
    return bytes(out)


def test_read_raw_raises_only_data_error(tmp_path, originals):
    rng = np.random.default_rng(19)
    names = sorted(originals)
    outcomes = {"RawFile": 0, "DataError": 0}
    for case in range(N_CASES):
        name = names[case % len(names)]
        path = tmp_path / f"pegawai_{case}.{name}"
        path.write_bytes(_mutated(originals[name], rng))
        try:
            raw = io.read_raw(path, "pegawai")
        except DataError as exc:
            assert path.name in str(exc)
            outcomes["DataError"] += 1
        except BaseException as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"case {case} ({name}): {type(exc).__name__}: {exc}")
        else:
            assert isinstance(raw, io.RawFile)
            outcomes["RawFile"] += 1
    assert outcomes["DataError"] > 20 and outcomes["RawFile"] > 20  # both ways were taken


def test_the_originals_are_read(tmp_path, originals):
    for name, data in originals.items():
        path = tmp_path / f"pegawai.{name}"
        path.write_bytes(data)
        raw = io.read_raw(path, "pegawai" if name != "sav" else None)
        assert len(raw.data) == 30, name
