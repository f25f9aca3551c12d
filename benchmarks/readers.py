"""Reading the same roster as CSV (pyarrow), as xlsx with calamine, and as xlsx with openpyxl.

``python -m benchmarks.readers`` writes, once per size, a synthetic roster (the columns of
``pegawai``, seeded) as a ``;``-separated CSV and as an xlsx (openpyxl write-only mode) into
``~/.cache/kompetensi-bench/readers`` (or ``$KOMPETENSI_BENCH_DIR/readers``), then times, best
of ``--repeat`` runs with ``time.perf_counter``:

(a) ``read_raw`` of the CSV: the pyarrow path, every column a Categorical;
(b) ``read_raw`` of the xlsx: calamine, every sheet considered, cells typed and cleaned;
(c) the former xlsx path: openpyxl ``read_only=True, data_only=True``, rows into a frame.

It prints one table (seconds, rows per second, ratios calamine/CSV and openpyxl/calamine).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ["NIP", "Nama Pegawai", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan",
           "Nama Jabatan", "Unit Kerja", "Pendidikan Terakhir", "Tanggal Lahir"]
DEFAULT_SIZES = (100_000, 1_000_000)


def cache_dir() -> Path:
    root = os.environ.get("KOMPETENSI_BENCH_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "kompetensi-bench"
    return base / "readers"


def roster(n: int, seed: int = 19) -> pd.DataFrame:
    """A synthetic roster of ``n`` rows with the columns of ``pegawai`` (text, one date)."""
    rng = np.random.default_rng(seed)
    birth = pd.Timestamp("1965-01-01") + pd.to_timedelta(rng.integers(0, 12000, n), unit="D")
    serial = rng.integers(1, 1000, n)
    nip = [f"{b:%Y%m%d}2005{m:02d}{s}{k:03d}" for b, m, s, k in
           zip(birth, rng.integers(1, 13, n), rng.integers(1, 3, n), serial, strict=True)]
    pick = lambda values: np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]  # noqa: E731
    return pd.DataFrame({
        "NIP": nip,
        "Nama Pegawai": [f"Pegawai {i}" for i in range(n)],
        "Status Pegawai": pick(["PNS", "PNS", "PPPK"]),
        "Gol/Ruang": pick(["II/a", "II/c", "III/a", "III/b", "III/d", "IV/a", "IX"]),
        "Jenis Jabatan": pick(["Pelaksana", "Fungsional", "Struktural"]),
        "Nama Jabatan": pick([f"Jabatan {i}" for i in range(300)]),
        "Unit Kerja": pick([f"Dinas {i}" for i in range(550)]),
        "Pendidikan Terakhir": pick(["SLTA", "D-III", "S-1/Sarjana", "S-2"]),
        "Tanggal Lahir": birth.to_pydatetime(),
    })


def ensure_files(n: int) -> tuple[Path, Path]:
    """The CSV and the xlsx of ``n`` rows, written once and reused."""
    folder = cache_dir() / f"n_{n}"
    folder.mkdir(parents=True, exist_ok=True)
    csv, xlsx = folder / "pegawai.csv", folder / "pegawai.xlsx"
    if csv.exists() and xlsx.exists():
        return csv, xlsx
    import openpyxl

    frame = roster(n)
    text = frame.assign(**{"Tanggal Lahir": frame["Tanggal Lahir"].map("{:%d-%m-%Y}".format)})
    text.to_csv(csv.with_name("tmp-" + csv.name), sep=";", index=False)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["DAFTAR PEGAWAI"])
    sheet.append(COLUMNS)
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    book.save(xlsx.with_name("tmp-" + xlsx.name))
    csv.with_name("tmp-" + csv.name).rename(csv)
    xlsx.with_name("tmp-" + xlsx.name).rename(xlsx)
    return csv, xlsx


def openpyxl_read(path: Path) -> pd.DataFrame:
    """The former xlsx reader: openpyxl read-only, first sheet, rows into an object frame."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [list(r) for r in book[book.sheetnames[0]].iter_rows(values_only=True)]
    finally:
        book.close()
    return pd.DataFrame(rows[2:], columns=rows[1], dtype=object)


def best(fn, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        n = len(result.data if hasattr(result, "data") else result)
        del result
    return min(times), n


def main(argv: list[str] | None = None) -> list[dict]:
    from kompetensi import io

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openpyxl-repeat", type=int, default=None,
                        help="runs of the (slow) openpyxl read; default --repeat")
    args = parser.parse_args(argv)
    results = []
    for n in args.rows:
        csv, xlsx = ensure_files(n)
        t_csv, n_csv = best(lambda: io.read_raw(csv, "pegawai"), args.repeat)  # noqa: B023
        t_cal, n_cal = best(lambda: io.read_raw(xlsx, "pegawai"), args.repeat)  # noqa: B023
        t_opx, n_opx = best(lambda: openpyxl_read(xlsx),  # noqa: B023
                            args.openpyxl_repeat or args.repeat)
        assert n_csv == n_cal == n_opx == n, (n_csv, n_cal, n_opx)
        results.append({"rows": n, "csv_s": t_csv, "calamine_s": t_cal, "openpyxl_s": t_opx,
                        "xlsx_mb": xlsx.stat().st_size / 2**20,
                        "csv_mb": csv.stat().st_size / 2**20})
    print(f"{'baris':>10} | {'CSV pyarrow s':>13} | {'xlsx calamine s':>15} | "
          f"{'xlsx openpyxl s':>15} | {'baris/s calamine':>16} | {'calamine/CSV':>12} | "
          f"{'openpyxl/calamine':>17}")
    for r in results:
        print(f"{r['rows']:>10,} | {r['csv_s']:>13.2f} | {r['calamine_s']:>15.2f} | "
              f"{r['openpyxl_s']:>15.2f} | {r['rows'] / r['calamine_s']:>16,.0f} | "
              f"{r['calamine_s'] / r['csv_s']:>12.1f} | "
              f"{r['openpyxl_s'] / r['calamine_s']:>17.1f}")
    return results


if __name__ == "__main__":
    main()
