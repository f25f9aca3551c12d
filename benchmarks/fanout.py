"""Fan-out benchmark: reports per agency at national scale on Dask (issue 23).

One command (``make benchmark-fanout``, or ``python -m benchmarks.fanout``) uses the synthetic
national data of ``benchmarks.national`` (generated there once per size), builds their
processed data once, picks ``--agencies`` agencies spread over the size range (smallest to
largest, evenly by rank), and runs ``kompetensi run --per-opd`` on them with each number of
``--workers`` (a ``LocalCluster``), every run into a new reports folder (nothing reused).

The national data have no assessment (notebook 02 needs one) and their ``kinerja`` holds no
SKP predicate of the cycle year, so the readiness gate refuses the cycle: per agency only
notebook 03 runs, forced past the gate (``--only 03 --paksa``; the pages then carry the
gate's box).

It prints, per run, the reports per minute of the task phase and of the whole run, fits the
seconds of one agency's task against its ASN (``a + b * n_asn`` by Theil-Sen, robust to a
few tasks slowed by other work, from the one-worker run) and sums the fit over every agency
of the data to extrapolate a national run, with the number of workers needed for one hour. JSON and Markdown go next to the data.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
from pathlib import Path

import numpy as np

from benchmarks import national
from benchmarks.stages import BENCHMARK_KEY

SIKLUS = national.SIKLUS
HOUR = 3600.0


def subset(sizes, n: int) -> list[str]:
    """``n`` agencies evenly spread by rank over ``sizes`` (largest first): both ends included."""
    names = list(sizes.index)
    if n >= len(names):
        return names
    picks = sorted({round(k * (len(names) - 1) / (n - 1)) for k in range(n)})
    return [names[i] for i in picks]


def fit(n_asn: list[int], seconds: list[float]) -> tuple[float, float]:
    """``seconds = a + b * n_asn`` by Theil-Sen (median of pairwise slopes): a few tasks slowed
    by other work on the machine do not tilt it; returns ``(a, b)``.

    >>> fit([100, 200, 300, 400, 500], [11.0, 12.0, 13.0, 14.0, 80.0])
    (10.0, 0.01)
    """
    from scipy.stats import theilslopes

    b, a, _, _ = theilslopes(np.asarray(seconds, float), np.asarray(n_asn, float))
    return round(float(a), 6), round(float(b), 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--asn", type=int, default=1_000_000, help="size of the national data")
    parser.add_argument("--agencies", type=int, default=24, help="agencies measured")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dir", type=Path, default=None, help="as benchmarks.national --dir")
    parser.add_argument("--seed", type=int, default=20251128)
    args = parser.parse_args(argv)
    data_dir = args.dir or national.default_dir()
    dataset = f"asn_{args.asn}"
    national.ensure_data(data_dir / dataset, args.asn, args.seed)
    work = data_dir / "fanout" / dataset
    os.environ.update({"KOMPETENSI_RAW_DIR": str(data_dir),
                       "KOMPETENSI_PROCESSED_DIR": str(work / "processed"),
                       "KOMPETENSI_PID_KEY": BENCHMARK_KEY.decode()})
    from kompetensi import pipeline, processing
    from kompetensi.pipeline.gate import prepare_processed

    print(f"Mesin: {platform.platform()}, {os.cpu_count()} inti, Python "
          f"{platform.python_version()}; data {data_dir / dataset}", flush=True)
    start = time.perf_counter()
    prepare_processed(dataset, SIKLUS)
    build = time.perf_counter() - start
    sizes = processing.agency_sizes(processing.load_processed(dataset, SIKLUS, "pegawai"))
    chosen = subset(sizes, args.agencies)
    print(f"Data olahan: {build:.1f} s; {len(sizes)} OPD ({sizes.min():,}–{sizes.max():,} ASN); "
          f"diukur {len(chosen)} OPD ({sizes[chosen].min():,}–{sizes[chosen].max():,} ASN, "
          f"jumlah {sizes[chosen].sum():,})", flush=True)
    runs = []
    for workers in args.workers:
        result = pipeline.run_per_opd(dataset, SIKLUS, jobs=workers, opd=chosen, only=["03"],
                                      force=True, rerun=True,
                                      reports_dir=work / f"laporan-{workers}-pekerja")
        tasks = result.phases["tugas"]
        runs.append({"pekerja": workers, "detik_total": result.seconds, "fase": result.phases,
                     "berhasil": sum(a.status == "berhasil" for a in result.agencies),
                     "gagal": [a.opd for a in result.agencies if not a.ok],
                     "laporan_per_menit_tugas": 60 * len(chosen) / tasks,
                     "laporan_per_menit_total": 60 * len(chosen) / result.seconds,
                     "opd": [{"opd": a.opd, "n_asn": a.n_asn, "detik": a.seconds,
                              "status": a.status} for a in result.agencies]})
        print(f"{workers} pekerja: {len(chosen)} laporan dalam {tasks:.1f} s fase tugas "
              f"({runs[-1]['laporan_per_menit_tugas']:.1f} laporan/menit), {result.seconds:.1f} s "
              f"seluruhnya; fase {result.phases}; gagal {len(runs[-1]['gagal'])}", flush=True)
    one = runs[0]
    a, b = fit([r["n_asn"] for r in one["opd"]], [r["detik"] for r in one["opd"]])
    serial = float(sum(a + b * n for n in sizes))  # one worker, every agency
    speedups = {r["pekerja"]: runs[0]["fase"]["tugas"] / r["fase"]["tugas"] for r in runs}
    best = max(runs, key=lambda r: r["pekerja"])
    efficiency = speedups[best["pekerja"]] / (best["pekerja"] / one["pekerja"])
    fixed = one["fase"]["persiapan"] + one["fase"]["identitas"]
    needed = math.ceil(one["pekerja"] * serial / max(HOUR - fixed - build, 1.0) / efficiency)
    summary = {"dataset": dataset, "opd_diukur": len(chosen), "opd_semua": len(sizes),
               "detik_data_olahan": build, "fit_detik": {"a": a, "b_per_asn": b},
               "ekstrapolasi_detik_1_pekerja": serial,
               "percepatan": speedups, "efisiensi": efficiency,
               "pekerja_untuk_1_jam": needed, "runs": runs}
    lines = [f"## Fan-out per OPD, {dataset} ({len(chosen)} dari {len(sizes)} OPD)", "",
             "| pekerja | fase tugas (s) | seluruhnya (s) | laporan/menit (tugas) | "
             "laporan/menit (seluruhnya) | gagal |", "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['pekerja']} | {r['fase']['tugas']:.1f} | {r['detik_total']:.1f} | "
              f"{r['laporan_per_menit_tugas']:.1f} | {r['laporan_per_menit_total']:.1f} | "
              f"{len(r['gagal'])} |" for r in runs]
    lines += ["", f"- waktu satu OPD (1 pekerja) = {a:.2f} s + {b * 1000:.3f} s per 1.000 ASN",
              f"- {len(sizes)} OPD dengan 1 pekerja: {serial / 60:.0f} menit (ekstrapolasi); "
              f"percepatan {best['pekerja']} pekerja {speedups[best['pekerja']]:.2f}x "
              f"(efisiensi {efficiency:.0%})",
              f"- persiapan sekali (data olahan {build:.0f} s, kunci isi dan identitas "
              f"{fixed:.0f} s)",
              f"- pekerja untuk seluruh {len(sizes)} OPD dalam 1 jam: **{needed}**"]
    text = "\n".join(lines)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (work / f"hasil-{stamp}.json").write_text(json.dumps(summary, indent=1, default=str))
    (work / f"hasil-{stamp}.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
