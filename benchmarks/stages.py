"""The measured stages of the national benchmark, each run in its own process.

``python -m benchmarks.stages baca|olah FOLDER SIKLUS`` prints one JSON object: the seconds of
each step, the rows it handled and the peak resident memory of the process. Run in a fresh
process so that the peak memory of one stage is not inherited by the next.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import pandas as pd

TABLES = ("pegawai", "pelatihan", "kinerja", "disiplin")
BENCHMARK_KEY = b"kunci-benchmark-data-sintetis"  # the data are synthetic


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _files(folder: Path, siklus: int) -> dict[str, Path]:
    return {t: folder / str(siklus) / f"{t}.csv" for t in TABLES
            if (folder / str(siklus) / f"{t}.csv").exists()}


def pure_read(folder: Path, siklus: int) -> dict:
    """pyarrow reading each file and nothing else (types inferred, as a plain read does).

    The separator, encoding and header row are found first with the library's own sniffing
    and are not timed, so the baseline is a read that already knows the file's layout.
    """
    from pyarrow import csv as pacsv

    from kompetensi.io import readers as io

    steps = []
    for table, path in _files(folder, siklus).items():
        raw_head = path.read_bytes()[: io.HEAD_BYTES]
        encoding = "utf8"
        try:
            head = raw_head.decode("utf-8")
        except UnicodeDecodeError:
            head, encoding = raw_head.decode("cp1252", errors="replace"), "cp1252"
        sep, header, names = io._layout(head, path, table)
        start = time.perf_counter()
        arrow = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header + 1, column_names=names,
                                           encoding=encoding, block_size=io.BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=sep))
        steps.append({"langkah": f"baca {table}", "detik": time.perf_counter() - start,
                      "baris": arrow.num_rows, "bytes": path.stat().st_size})
        del arrow
    return {"tahap": "baca", "langkah": steps, "puncak_mb": _peak_mb()}


def clean_and_indicators(folder: Path, siklus: int, parquet_dir: Path | None = None) -> dict:
    """Clean each table as ``kompetensi clean`` does, then compute the three indicators."""
    from kompetensi import implementation as coverage
    from kompetensi import processing

    opd_path = folder / "opd.csv"
    opd = pd.read_csv(opd_path, dtype=str) if opd_path.exists() else None
    steps, tables = [], {}

    def timed(name: str, rows: int | None, func, counted: bool = True):
        start = time.perf_counter()
        value = func()
        steps.append({"langkah": name, "detik": time.perf_counter() - start,
                      "baris": rows if rows is not None else len(value), "dihitung": counted})
        return value

    files = _files(folder, siklus)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    cleaned_files = processing.clean_files(files, siklus=siklus, key=BENCHMARK_KEY, opd=opd,
                                           seconds=seconds)
    wall = time.perf_counter() - start
    for table, cleaned in cleaned_files.items():
        # read + clean in its own thread; the threads overlap, so only the wall-clock counts
        steps.append({"langkah": f"bersihkan {table}", "detik": seconds[table],
                      "baris": cleaned.n_in, "disimpan": len(cleaned.data),
                      "ditolak": cleaned.n_rejected, "duplikat": cleaned.n_duplicates,
                      "alasan": cleaned.rejects["alasan"].value_counts().sort_index().to_dict(),
                      "bytes": files[table].stat().st_size, "dihitung": False})
        tables[table] = cleaned.data
    steps.append({"langkah": "bersihkan semua (jam dinding)", "detik": wall,
                  "baris": sum(c.n_in for c in cleaned_files.values()),
                  "bytes": sum(p.stat().st_size for p in files.values())})
    del cleaned_files
    pegawai, pelatihan = tables["pegawai"], tables["pelatihan"]
    jp = timed("jp_per_asn", len(pelatihan),
               lambda: coverage.jp_per_asn(pegawai, pelatihan, siklus))
    compliance = timed("jp_compliance", len(jp),
                       lambda: coverage.jp_compliance(jp, by="opd", k=None))
    ip = timed("ip_asn", len(pegawai), lambda: coverage.ip_asn(
        pegawai, pelatihan, tables.get("kinerja", pd.DataFrame(columns=["pid", "tahun",
                                                                         "predikat"])),
        tables.get("disiplin", pd.DataFrame(columns=["pid", "tahun", "tingkat"])), siklus))
    if parquet_dir is not None:
        parquet_dir.mkdir(parents=True, exist_ok=True)
        for table, data in tables.items():
            timed(f"tulis parquet {table}", len(data),
                  lambda data=data, table=table: processing.as_stored(data).to_parquet(
                      parquet_dir / f"{table}.parquet", engine="pyarrow", index=False),
                  counted=False)
    pns = jp["status_asn"] == "PNS"
    results = {
        "n_asn": len(pegawai), "n_kegiatan": len(pelatihan),
        "jp_rata_rata": round(float(jp["jp"].mean()), 4),
        "persen_pns_capai_20jp": round(float((jp.loc[pns, "jp"] >= 20).mean() * 100), 4),
        "n_opd_dengan_pns": int(len(compliance.pns)),
        "ip_asn_rata_rata": round(float(ip["ip_asn"].mean()), 4),
    }
    return {"tahap": "olah", "langkah": steps, "puncak_mb": _peak_mb(), "hasil": results}


def main(argv: list[str]) -> None:
    stage, folder, siklus = argv[0], Path(argv[1]), int(argv[2])
    parquet_dir = Path(argv[3]) if len(argv) > 3 else None
    result = pure_read(folder, siklus) if stage == "baca" else \
        clean_and_indicators(folder, siklus, parquet_dir)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
