"""Command line: ``kompetensi run | pdf | clean | check | synth | scan | kunci | guard``.

Every command exits 0 on success, 1 when the work found problems (rejected files, failing
notebooks, leaks) and 2 on bad usage. Errors are one readable message, not a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kompetensi.core import config
from kompetensi.core.errors import KompetensiError


def _cmd_run(args: argparse.Namespace) -> int:
    from kompetensi import pipeline

    if args.per_opd or args.opd or args.scheduler:
        return _cmd_run_per_opd(args)
    if args.pdf:  # before the run: a missing Chromium is known in a second, not at the end
        from kompetensi.report import pdf

        pdf.find_chromium()
    result = pipeline.run(
        dataset=args.dataset,
        siklus=args.siklus,
        jobs=args.jobs,
        reports_dir=Path(args.reports_dir) if args.reports_dir else None,
        timeout=args.timeout,
        only=args.only,
        force=args.paksa,
        max_rejected=_share(args),
        previous=not args.tanpa_pembanding,
        rerun=args.ulang,
    )
    if not args.pdf:
        return 0 if result.ok else 1
    if not result.ok:
        print("kompetensi run: PDF tidak dibuat karena run GAGAL (lihat di atas)",
              file=sys.stderr)
        return 1
    return _cmd_pdf(args)


def _cmd_run_per_opd(args: argparse.Namespace) -> int:
    """``run --per-opd``: one report per agency on Dask (:func:`kompetensi.pipeline.run_per_opd`)."""
    from kompetensi import pipeline

    if args.pdf:
        raise KompetensiError("--pdf belum tersedia untuk --per-opd")
    result = pipeline.run_per_opd(
        dataset=args.dataset, siklus=args.siklus, jobs=args.jobs, scheduler=args.scheduler,
        opd=args.opd, reports_dir=Path(args.reports_dir) if args.reports_dir else None,
        timeout=args.timeout, only=args.only, force=args.paksa, max_rejected=_share(args),
        rerun=args.ulang)
    return 0 if result.ok else 1


def _cmd_pdf(args: argparse.Namespace) -> int:
    from kompetensi.report import pdf

    made = pdf.build_cycle_pdf(args.dataset, args.siklus, jobs=args.jobs,
                               reports_dir=Path(args.reports_dir) if args.reports_dir else None)
    print(f"PDF laporan: {made.path} ({made.pages} halaman, {made.seconds:.0f} detik)",
          file=sys.stderr)
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from kompetensi import processing

    siklus_list = args.siklus or processing.available_cycles(args.dataset)
    ok = True
    for siklus in siklus_list:
        built = processing.build_processed(args.dataset, siklus, force=args.force)
        print(built.summary())
        ok = ok and built.ok
    return 0 if ok else 1


def _cmd_check(args: argparse.Namespace) -> int:
    from kompetensi import processing

    problems = processing.check_raw(args.dataset, args.siklus,
                                    max_rejected=_share(args))
    for line in problems.lines():
        print(line)
    return 0 if problems.ok else 1


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _cmd_synth(args: argparse.Namespace) -> int:
    from kompetensi import synth

    if args.scale == "contoh":
        if args.asn is not None or args.instansi is not None:
            print("kompetensi synth: --asn dan --instansi hanya untuk --scale national",
                  file=sys.stderr)
            return 2
        if args.format == "siasn":
            return _synth_siasn(args)
        out = Path(args.out) if args.out else config.raw_root() / config.SAMPLE_DATASET
        synth.generate(out, seed=args.seed)
        print(f"Sampel sintetis ditulis ke {out}")
        return 0
    if args.format != "native":
        print("kompetensi synth: --format siasn hanya untuk --scale contoh", file=sys.stderr)
        return 2
    return _synth_national(args)


def _synth_siasn(args: argparse.Namespace) -> int:
    from kompetensi.synth import siasn

    out = Path(args.out) if args.out else config.raw_root() / f"{config.SAMPLE_DATASET}_siasn"
    protected = (config.PROJECT_ROOT / "data" / "raw" / config.SAMPLE_DATASET,
                 config.raw_root() / config.SAMPLE_DATASET)
    if any(_inside(out, folder) for folder in protected):
        print(f"kompetensi synth: tidak menulis format siasn ke sampel {out}", file=sys.stderr)
        return 2
    siasn.generate(out, seed=args.seed)
    print(f"Sampel sintetis (tata letak SIASN) ditulis ke {out}")
    return 0


def _synth_national(args: argparse.Namespace) -> int:
    import time

    from kompetensi.synth.national import generate_national

    if not args.out:
        print("kompetensi synth: --scale national memerlukan --out FOLDER", file=sys.stderr)
        return 2
    out = Path(args.out)
    protected = (config.PROJECT_ROOT / "data" / "raw" / config.SAMPLE_DATASET,
                 config.raw_root() / config.SAMPLE_DATASET)
    if any(_inside(out, folder) for folder in protected):
        print(f"kompetensi synth: tidak menulis data nasional ke sampel {out}", file=sys.stderr)
        return 2
    n_asn = 4_300_000 if args.asn is None else args.asn
    n_instansi = 550 if args.instansi is None else args.instansi
    if n_asn < 1 or not 1 <= n_instansi <= n_asn:
        print("kompetensi synth: perlu 1 <= --instansi <= --asn", file=sys.stderr)
        return 2
    start = time.perf_counter()
    result = generate_national(out, n_asn, n_agencies=n_instansi, seed=args.seed)
    seconds = time.perf_counter() - start
    for path, info in result.items():
        print(f"{path:<22} {info['rows']:>12,} baris {info['bytes'] / 1e6:>10.1f} MB")
    print(f"Data nasional sintetis ditulis ke {out} dalam {seconds:.1f} detik")
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from kompetensi import privacy, processing

    identifiers = processing.raw_identifiers(args.dataset)
    findings = privacy.scan_for_leaks([Path(p) for p in args.paths], identifiers)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} temuan")
    return 1 if findings else 0


def _cmd_kunci(args: argparse.Namespace) -> int:
    from kompetensi.privacy import keys

    if args.aksi == "sidik":
        print(f"sidik kunci pseudonim {args.dataset}: "
              f"{keys.key_fingerprint(keys.load_key(args.dataset))}")
        return 0
    if args.cetak:
        print(keys.new_key())
        return 0
    path = keys.write_new_key(Path(args.file) if args.file else None)
    print(f"Kunci pseudonim baru ditulis ke {path} (hanya dapat dibaca pemiliknya).\n"
          "- Simpan salinannya di luar komputer ini, di tempat aman BKPSDMD (pengelola sandi, "
          "brankas): tanpa kunci yang sama, pid siklus berikutnya tidak cocok dengan siklus "
          "sebelumnya.\n"
          "- Jangan di-commit (file ini diabaikan git) dan jangan dikirim lewat surel atau "
          "pesan.\n"
          "- Di mesin lain: salin file ini ke akar proyek, atau isi variabel lingkungan "
          "KOMPETENSI_PID_KEY.\n"
          f"Sidik kunci: {keys.key_fingerprint(path.read_text(encoding='utf-8').strip())} "
          "(boleh dicatat; kunci tidak dapat diturunkan darinya).")
    return 0


def _cmd_guard(args: argparse.Namespace) -> int:
    from kompetensi.privacy import guard as commit_guard

    if args.files and args.tracked:
        print("kompetensi guard: FILE atau --tracked, bukan keduanya", file=sys.stderr)
        return 2
    if args.files:  # what pre-commit passes, relative to the current folder
        try:
            root = commit_guard.git_root(Path.cwd())
        except KompetensiError:
            root = Path.cwd()
        problems = commit_guard.check_paths([Path.cwd() / f for f in args.files], root)
    elif args.tracked:
        root = commit_guard.git_root(Path.cwd())
        problems = commit_guard.check_paths(commit_guard.git_files(root, tracked=True), root)
    else:
        problems = commit_guard.check_staged(commit_guard.git_root(Path.cwd()))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} masalah. {commit_guard.ADVICE}")
    return 1 if problems else 0


def _percent(text: str) -> float:
    value = float(text.replace(",", "."))
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"harus antara 0 dan 100, bukan {text}")
    return value


def _share(args: argparse.Namespace) -> float | None:
    """``--batas-tolak`` as a share; None leaves the gate's default."""
    return None if args.batas_tolak is None else args.batas_tolak / 100


def _threshold(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batas-tolak", type=_percent, default=None, metavar="PERSEN",
                        help="largest share of a table's rows that may be rejected before the "
                             "cycle is not ready (default 2)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kompetensi", description="Cleaning and cycle reports of ASN competency development.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the notebooks of one cycle and render the report")
    run.add_argument("--dataset", default=config.DEFAULT_DATASET)
    run.add_argument("--siklus", type=int, default=config.DEFAULT_SIKLUS)
    run.add_argument("--jobs", type=int, default=2, help="notebooks run in parallel")
    run.add_argument("--reports-dir", help="root of the reports (default: reports/)")
    run.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    run.add_argument("--only", nargs="*", help="notebook numbers to run, e.g. 01 03")
    run.add_argument("--paksa", action="store_true",
                     help="run even when `check` says the cycle is not ready (belum siap); "
                          "recorded in manifest.json and shown on every report page")
    run.add_argument("--tanpa-pembanding", action="store_true",
                     help="do not make the previous cycle's report first when it is missing "
                          "(07 then compares with nothing but notebook 03's trend)")
    run.add_argument("--ulang", action="store_true",
                     help="run even when the published report can be reused (same raw data, "
                          "notebooks, library, package versions and parameters)")
    run.add_argument("--pdf", action="store_true",
                     help="after a successful run, print the report into one PDF "
                          "(laporan_<dataset>_<siklus>.pdf in the report folder; needs chromium)")
    run.add_argument("--per-opd", action="store_true",
                     help="one report per agency (OPD) of notebooks 02 and 03 (or --only), the "
                          "agencies run in parallel on Dask -> <reports>/<dataset>/opd/<siklus>/")
    run.add_argument("--opd", nargs="+", metavar="NAMA",
                     help="with --per-opd: only these agencies (names as in pegawai.opd)")
    run.add_argument("--scheduler", metavar="ALAMAT",
                     help="with --per-opd: an existing Dask scheduler, e.g. tcp://host:8786 "
                          "(default: a local cluster of --jobs workers); the reports root "
                          "must be the same path on every worker (shared file system)")
    _threshold(run)
    run.set_defaults(func=_cmd_run)

    pdf_p = sub.add_parser("pdf", help="print an existing report folder into one PDF with a "
                                       "table of contents (headless chromium)")
    pdf_p.add_argument("--dataset", default=config.DEFAULT_DATASET)
    pdf_p.add_argument("--siklus", type=int, default=config.DEFAULT_SIKLUS)
    pdf_p.add_argument("--reports-dir", help="root of the reports (default: reports/)")
    pdf_p.add_argument("--jobs", type=int, default=2, help="pages printed in parallel")
    pdf_p.set_defaults(func=_cmd_pdf)

    clean = sub.add_parser("clean", help="build data/processed from data/raw")
    clean.add_argument("dataset", nargs="?", default=config.DEFAULT_DATASET)
    clean.add_argument("--siklus", type=int, nargs="*")
    clean.add_argument("--force", action="store_true", help="rebuild even when up to date")
    clean.set_defaults(func=_cmd_clean)

    check = sub.add_parser("check", help="validate raw files without running the analysis")
    check.add_argument("dataset", nargs="?", default=config.DEFAULT_DATASET)
    check.add_argument("--siklus", type=int, nargs="*")
    _threshold(check)
    check.set_defaults(func=_cmd_check)

    synth_p = sub.add_parser("synth", help="regenerate the synthetic sample")
    synth_p.add_argument("--seed", type=int, default=20251128)
    synth_p.add_argument("--scale", choices=("contoh", "national"), default="contoh",
                         help="contoh: the bundled city sample; national: benchmark-size data")
    synth_p.add_argument("--format", choices=("native", "siasn"), default="native",
                         help="native: the sample's own exports; siasn: the same sample in "
                              "SIASN layouts (default folder data/raw/contoh_siasn)")
    synth_p.add_argument("--asn", type=int, help="national only: ASN (default 4300000)")
    synth_p.add_argument("--instansi", type=int, help="national only: agencies (default 550)")
    synth_p.add_argument("--out", help="target folder (default: data/raw/contoh; required for "
                                       "--scale national)")
    synth_p.set_defaults(func=_cmd_synth)

    kunci = sub.add_parser("kunci", help="the pseudonym key: `kunci baru` makes one, "
                                         "`kunci sidik` shows the fingerprint of the current")
    kunci.add_argument("aksi", choices=("baru", "sidik"))
    kunci.add_argument("--file", help="baru: where to write it (default: .kompetensi_key)")
    kunci.add_argument("--cetak", action="store_true", help="baru: print it, write nothing")
    kunci.add_argument("--dataset", default=config.DEFAULT_DATASET, help="sidik: dataset")
    kunci.set_defaults(func=_cmd_kunci)

    scan = sub.add_parser("scan", help="scan files for NIPs, names and birth dates")
    scan.add_argument("paths", nargs="+")
    scan.add_argument("--dataset", default=config.DEFAULT_DATASET)
    scan.set_defaults(func=_cmd_scan)
    guard = sub.add_parser("guard", help="refuse commits of real personal data (NIP, NI PPPK, "
                                         "NIK; files under data/raw/ except the sample)")
    guard.add_argument("files", nargs="*", help="files to check (default: the staged files)")
    guard.add_argument("--tracked", action="store_true", help="check every tracked file (CI)")
    guard.set_defaults(func=_cmd_guard)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KompetensiError, FileNotFoundError) as exc:
        print(f"kompetensi {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one readable message, the traceback only on request
        if os.environ.get("KOMPETENSI_DEBUG"):
            raise
        print(f"kompetensi {args.command}: galat tak terduga ({type(exc).__name__}: {exc}). "
              "Ini kesalahan program, bukan kesalahan data Anda: laporkan ke pengelola "
              "repositori, dengan pesan ini dan keluaran `KOMPETENSI_DEBUG=1 kompetensi "
              f"{args.command} …`.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
