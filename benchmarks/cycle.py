"""Cycle benchmark: ``kompetensi run`` against running each notebook by hand (issue 23).

One command (``make benchmark-cycle``, or ``python -m benchmarks.cycle``) times, in one
session, on the same processed data (built once beforehand: "processed data present"):

- **naive**: what a user would do by hand, each notebook in turn with
  ``jupyter nbconvert --execute --to html`` (01 first, 07 last, as the runner orders them);
- **runner**: ``kompetensi run --jobs J --tanpa-pembanding`` into a new, empty reports folder
  (cold: nothing to reuse), which also publishes the index, the sources and summary pages,
  ``tabel.xlsx``, the manifest and the leak scan;
- **rerun**: the same ``kompetensi run`` again on that folder, nothing changed (reused).

The two are alternated over ``--rounds`` rounds (naive first in odd rounds), so that a machine
getting warmer or busier does not favour one. It prints the ratio runner / naive of each round
and their median, the rerun's ratio, and the runner's time by step from its
``manifest.json`` (``waktu``), and writes them as JSON and Markdown.

Targets (issue 23): runner <= 0.5 x naive; rerun <= 0.1 x naive.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_COLD, TARGET_RERUN = 0.5, 0.1
DATASET, SIKLUS = "contoh", 2025  # the notebooks' default parameters (what nbconvert runs)
# notebook steps recorded by the runner (core.timing), in the order they happen
NOTEBOOK_STEPS = {"kernel": "mulai kernel (proses pekerja + kernel siap)",
                  "impor": "sel impor", "sel": "sel lain (tanpa gambar)",
                  "gambar": "gambar (savefig PNG)",
                  "papermill_lain": "papermill lain (simpan notebook, tutup kernel)",
                  "html": "ekspor HTML"}
MAIN_STEPS = {"gerbang": "gerbang kesiapan data", "kunci_isi": "kunci isi (pemakaian ulang)",
              "data_olahan": "data olahan (dibangun atau diperiksa)",
              "notebook": "tahap notebook (waktu dinding)", "halaman": "halaman situs",
              "tabel_xlsx": "tabel.xlsx",
              "pindai": "sisa pemindaian kebocoran sesudah notebook", "total": "total run"}


def _env(work: Path, reports: Path) -> dict[str, str]:
    return {**os.environ, "KOMPETENSI_PROCESSED_DIR": str(work / "processed"),
            "KOMPETENSI_REPORTS_DIR": str(reports), "PYTHONPATH": str(ROOT)}


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} … gagal:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def notebook_order(folder: Path) -> list[Path]:
    """The notebooks in the runner's order: 01, the others, 07."""
    sys.path.insert(0, str(ROOT))
    from kompetensi.pipeline import discover_notebooks, plan_stages

    return [p for stage in plan_stages(discover_notebooks(folder)) for p in stage]


def naive(work: Path, tag: str) -> dict:
    """Each notebook in turn with ``jupyter nbconvert --execute --to html`` (which cannot pass
    parameters: the notebooks' defaults, :data:`DATASET` and :data:`SIKLUS`)."""
    reports, out = work / f"naive-{tag}", work / f"naive-{tag}" / "html"
    out.mkdir(parents=True)
    env = _env(work, reports)
    seconds = {}
    for path in notebook_order(ROOT / "notebooks"):
        seconds[path.stem] = round(_timed(
            [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
             "--ExecutePreprocessor.timeout=900", "--output-dir", str(out), path.name],
            env, path.parent), 2)
    return {"detik": round(sum(seconds.values()), 2), "notebook": seconds}


def runner(work: Path, tag: str, jobs: int, dataset: str = "contoh", siklus: int = 2025
           ) -> dict:
    """``kompetensi run`` into a new reports folder, then once more (reused)."""
    reports = work / f"runner-{tag}"
    env = _env(work, reports)
    command = [sys.executable, "-m", "kompetensi.cli", "run", "--dataset", dataset,
               "--siklus", str(siklus), "--jobs", str(jobs), "--tanpa-pembanding"]
    cold = _timed(command, env, ROOT)
    manifest = json.loads((reports / dataset / str(siklus) / "manifest.json").read_text())
    rerun = _timed(command, env, ROOT)
    return {"detik": round(cold, 2), "detik_ulang": round(rerun, 2),
            "waktu": manifest["waktu"]}


def breakdown(runs: list[dict]) -> list[tuple[str, float]]:
    """Median seconds of each step over the rounds (notebook steps summed over notebooks)."""
    rows = []
    for key, label in NOTEBOOK_STEPS.items():
        def total(run: dict, key: str = key) -> float:
            steps = run["waktu"]["notebook"].values()
            if key == "sel":
                return sum(s.get("sel", 0.0) - s.get("gambar", 0.0) for s in steps)
            return sum(s.get(key, 0.0) for s in steps)
        rows.append((f"notebook: {label} (jumlah 8 notebook, detik CPU-pekerja)",
                     statistics.median(total(r) for r in runs)))
    for key, label in MAIN_STEPS.items():
        rows.append((f"proses utama: {label}",
                     statistics.median(r["waktu"]["utama"].get(key, 0.0) for r in runs)))
    return rows


def per_notebook(runs: list[dict], naives: list[dict]) -> list[str]:
    names = list(naives[0]["notebook"])
    lines = ["| notebook | naive (s) | " + " | ".join(NOTEBOOK_STEPS) + " |",
             "|---|---:|" + "---:|" * len(NOTEBOOK_STEPS)]
    for name in names:
        steps = [statistics.median(r["waktu"]["notebook"].get(name, {}).get(k, 0.0)
                                   - (r["waktu"]["notebook"].get(name, {}).get("gambar", 0.0)
                                      if k == "sel" else 0.0) for r in runs)
                 for k in NOTEBOOK_STEPS]
        lines.append(f"| {name} | {statistics.median(n['notebook'][name] for n in naives):.2f}"
                     " | " + " | ".join(f"{s:.2f}" for s in steps) + " |")
    return lines


def report(result: dict) -> str:
    """The result as Markdown."""
    rounds = result["putaran"]
    lines = [f"Mesin: {result['mesin']}; {len(rounds)} putaran, jobs {result['jobs']}.", "",
             "| putaran | urutan | naive (s) | runner (s) | rasio | rerun (s) | rasio rerun |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for k, r in enumerate(rounds, 1):
        lines.append(f"| {k} | {r['urutan']} | {r['naive']['detik']:.1f} | "
                     f"{r['runner']['detik']:.1f} | {r['rasio']:.2f} | "
                     f"{r['runner']['detik_ulang']:.1f} | {r['rasio_ulang']:.3f} |")
    lines += ["", f"- **rasio runner / naive (median): {result['rasio']:.2f}** "
              f"(target ≤ {TARGET_COLD}: {'ya' if result['memenuhi'] else 'TIDAK'})",
              f"- **rasio rerun / naive (median): {result['rasio_ulang']:.3f}** "
              f"(target ≤ {TARGET_RERUN}: {'ya' if result['memenuhi_ulang'] else 'TIDAK'})",
              "", "Waktu runner per langkah (median putaran):", "",
              "| langkah | detik |", "|---|---:|"]
    lines += [f"| {label} | {seconds:.2f} |" for label, seconds in result["langkah"]]
    lines += ["", "Per notebook (median; naive = waktu dinding nbconvert, langkah runner = "
              "detik di pekerjanya):", "", *result["per_notebook"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds (at least 2)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None,
                        help="where the result goes (default: the work folder)")
    args = parser.parse_args(argv)
    if args.rounds < 2:
        parser.error("--rounds must be at least 2")
    work = Path(tempfile.mkdtemp(prefix="kompetensi-siklus-"))
    out = args.out or work
    env = _env(work, work / "bersih")
    print(f"Folder kerja {work}; membangun data olahan {DATASET} …", flush=True)
    _timed([sys.executable, "-m", "kompetensi.cli", "clean", DATASET], env, ROOT)
    rounds = []
    for k in range(1, args.rounds + 1):
        order = ("naive", "runner") if k % 2 else ("runner", "naive")
        done = {}
        for what in order:
            done[what] = (naive(work, str(k)) if what == "naive"
                          else runner(work, str(k), args.jobs, DATASET, SIKLUS))
        ratio = done["runner"]["detik"] / done["naive"]["detik"]
        rerun = done["runner"]["detik_ulang"] / done["naive"]["detik"]
        rounds.append({"urutan": " lalu ".join(order), **done, "rasio": round(ratio, 3),
                       "rasio_ulang": round(rerun, 4)})
        print(f"putaran {k}: naive {done['naive']['detik']:.1f} s, runner "
              f"{done['runner']['detik']:.1f} s (rasio {ratio:.2f}), rerun "
              f"{done['runner']['detik_ulang']:.1f} s (rasio {rerun:.3f})", flush=True)
    runs, naives = [r["runner"] for r in rounds], [r["naive"] for r in rounds]
    result = {"mesin": f"{platform.platform()}, {os.cpu_count()} inti, Python "
                       f"{platform.python_version()}", "jobs": args.jobs, "putaran": rounds,
              "rasio": statistics.median(r["rasio"] for r in rounds),
              "rasio_ulang": statistics.median(r["rasio_ulang"] for r in rounds),
              "langkah": breakdown(runs), "per_notebook": per_notebook(runs, naives)}
    result["memenuhi"] = result["rasio"] <= TARGET_COLD
    result["memenuhi_ulang"] = result["rasio_ulang"] <= TARGET_RERUN
    text = report(result)
    print("\n" + text)
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"siklus-{stamp}.json").write_text(json.dumps(result, indent=1, default=str))
    (out / f"siklus-{stamp}.md").write_text(text)
    print(f"Hasil: {out / f'siklus-{stamp}.md'}")
    if args.out is not None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if result["memenuhi"] and result["memenuhi_ulang"] else 1


if __name__ == "__main__":
    sys.exit(main())
