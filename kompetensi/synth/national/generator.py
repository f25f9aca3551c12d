"""National-size SYNTHETIC raw data for performance benchmarks (issue: about 4.3 million ASN in
about 550 agencies and about 5 development activities per ASN per year).

The files have the raw forms of the bundled sample (title rows, Indonesian month names, Excel
serial dates, NIP faults, golongan/education variants, ``;`` CSV with decimal commas, cp1252)
but carry no planted analysis truths: they exist to time and size the reading and cleaning.
Persons are generated and written in chunks of :data:`CHUNK` ASN, so memory stays bounded;
strings are built with pyarrow from small dictionaries of pre-formatted values (see
``national_text``). Every random draw comes from a ``SeedSequence`` child stream named after
the table and the chunk number: same seed and sizes give byte-identical files.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

import numpy as np

from kompetensi.synth.national import catalog as catalog_mod
from kompetensi.synth.national import opd as opd_mod
from kompetensi.synth.national import people, records, roster
from kompetensi.synth.national import text as T
from kompetensi.synth.streams import DEFAULT_SEED, stream

CHUNK = 500_000  # ASN per chunk (part of the output's identity: fixed, not a parameter)
PEGAWAI_TITLES = ("DAFTAR PEGAWAI ASN NASIONAL (DATA SINTETIS)", "Keadaan per 31 Desember {y}")
KINERJA_TITLES = ("REKAPITULASI PREDIKAT KINERJA PEGAWAI ASN (DATA SINTETIS)",
                  "Periode penilaian {p}")
# relative path (with {y} = siklus) -> (header, separator, line end, encoding)
FORMATS = {
    "{y}/pegawai.csv": (roster.PEGAWAI_HEADER, ";", "\r\n", "utf-8"),
    "{y}/pelatihan.csv": (records.PELATIHAN_HEADER, ";", "\r\n", "cp1252"),
    "{y}/kinerja.csv": (records.KINERJA_HEADER, ";", "\n", "utf-8"),
    "{y}/disiplin.csv": (records.DISIPLIN_HEADER, ",", "\n", "utf-8"),
}

__all__ = ["CHUNK", "generate_national"]


def _chunks(n_asn: int) -> list[tuple[int, int, int]]:
    """(chunk number, first person, size) of each chunk."""
    return [(k, start, min(CHUNK, n_asn - start))
            for k, start in enumerate(range(0, n_asn, CHUNK))]


def _core(seed: int, n_asn: int, siklus: int) -> dict[str, np.ndarray]:
    """NIP parts of every ASN and their unique serials (compact: about 14 bytes a person)."""
    parts = [people.draw_core(stream(seed, f"nasional-nip-{k}"), n, siklus)
             for k, _, n in _chunks(n_asn)]
    core = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    core["serial"] = people.serials(core["birth"], core["tmt"], core["female"])
    return core


def generate_national(out_dir: Path, n_asn: int = 4_300_000, *, n_agencies: int = 550,
                      activities_per_asn: float = 5.0, siklus: int = 2025,
                      seed: int = DEFAULT_SEED) -> dict:
    """Write a national-size synthetic dataset of raw exports into ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Dataset folder (created when missing); gets ``opd.csv``, ``README.md``, a ``SINTETIS``
        marker and ``<siklus>/pegawai.csv``, ``pelatihan.csv``, ``kinerja.csv``,
        ``disiplin.csv``. Existing files of these names are overwritten.
    n_asn : int
        ASN on the roster.
    n_agencies : int
        Agencies (instansi); sizes are skewed (lognormal) and sum to ``n_asn``.
    activities_per_asn : float
        Mean number of development records per ASN over all ASN (zero-inflated Poisson:
        about 27 % of ASN have none).
    siklus : int
        Cycle year: the roster of 31 December, activities within the year, SKP of the year
        before.
    seed : int
        Master seed; the same seed and sizes give byte-identical files.

    Returns
    -------
    dict
        ``{relative path: {"rows": data rows, "bytes": file size}}`` of the data files.

    Raises
    ------
    ValueError
        Sizes out of range (``n_agencies`` must be between 1 and ``n_asn``).
    """
    if n_asn < 1 or activities_per_asn < 0:
        raise ValueError("n_asn must be >= 1 and activities_per_asn >= 0")
    out_dir = Path(out_dir)
    (out_dir / str(siklus)).mkdir(parents=True, exist_ok=True)
    agencies = opd_mod.build(stream(seed, "nasional-instansi"), n_agencies, n_asn)
    catalog = catalog_mod.build(stream(seed, "nasional-katalog"), siklus,
                                n_asn * activities_per_asn)
    core = _core(seed, n_asn, siklus)
    central = np.isin(agencies.kind, sorted(opd_mod.CENTRAL))
    text = roster.RosterText(agencies, siklus)
    paths = {key: key.format(y=siklus) for key in FORMATS}
    rows: Counter = Counter()
    faults: dict[str, Counter] = {p: Counter() for p in paths.values()}
    with contextlib.ExitStack() as stack:
        handles = {}
        for key, (header, sep, eol, enc) in FORMATS.items():
            handle = stack.enter_context(open(out_dir / paths[key], "wb"))
            titles = {"{y}/pegawai.csv": PEGAWAI_TITLES, "{y}/kinerja.csv": KINERJA_TITLES}
            for title in titles.get(key, ()):
                handle.write((title.format(y=siklus, p=siklus - 1) + eol).encode(enc))
            handle.write(T.header(header, sep, eol, enc))
            handles[key] = (handle, sep.encode(), eol.encode())
        for k, first, n in _chunks(n_asn):
            part = {key: values[first:first + n] for key, values in core.items()}
            agency = agencies.of_persons(first, n)
            chunk = people.draw_chunk(stream(seed, f"nasional-pegawai-{k}"), part, first, agency,
                                      central[agency], siklus)
            made = {
                "{y}/pegawai.csv": roster.pegawai_columns(
                    stream(seed, f"nasional-pegawai-teks-{k}"), chunk, text),
                "{y}/pelatihan.csv": records.pelatihan_columns(
                    stream(seed, f"nasional-pelatihan-{k}"), chunk, catalog, activities_per_asn,
                    siklus),
                "{y}/kinerja.csv": records.kinerja_columns(
                    stream(seed, f"nasional-kinerja-{k}"), chunk,
                    rows[paths["{y}/kinerja.csv"]] + 1, siklus),
                "{y}/disiplin.csv": records.disiplin_columns(
                    stream(seed, f"nasional-disiplin-{k}"), chunk, siklus),
            }
            for key, (columns, counts) in made.items():
                handle, sep, eol = handles[key]
                rows[paths[key]] += T.write_lines(handle, columns, sep, eol)
                faults[paths[key]].update(counts)
            del made, chunk
    _write_opd(out_dir / "opd.csv", agencies)
    rows["opd.csv"] = len(agencies.names)
    order = ["opd.csv", *paths.values()]
    result = {p: {"rows": int(rows[p]), "bytes": (out_dir / p).stat().st_size,
                  "faults": dict(sorted(faults.get(p, Counter()).items()))} for p in order}
    (out_dir / "SINTETIS").write_text(
        "Data sintetis (kompetensi.synth.national) - bukan data pegawai sebenarnya.\n",
        encoding="utf-8")
    params = {"n_asn": n_asn, "n_agencies": n_agencies,
              "activities_per_asn": activities_per_asn, "siklus": siklus, "seed": seed}
    (out_dir / "README.md").write_text(_readme(params, result, faults, agencies, catalog),
                                       encoding="utf-8")
    return result


def _write_opd(path: Path, agencies: opd_mod.Agencies) -> None:
    lines = ["opd,singkatan"] + [f"{T.cell(n, ',')},{T.cell(a, ',')}"
                                 for n, a in zip(agencies.names, agencies.abbreviations,
                                                 strict=True)]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def _readme(params: dict, result: dict, faults: dict[str, Counter],
            agencies: opd_mod.Agencies, catalog: catalog_mod.Catalog) -> str:
    y = params["siklus"]
    kinds = Counter(opd_mod.KINDS[k] for k in agencies.kind)
    lines = [
        "# SYNTHETIC DATA: national-size benchmark dataset",
        "",
        "**Every file in this folder is synthetic.** Persons, NIPs, names, agencies, posts, "
        "development records, SKP ratings and sanctions were generated by "
        "`kompetensi.synth.national` from random numbers. Agency and place names are invented "
        "(syllables and made-up combinations of fields of work); names of persons are random "
        "combinations of common given and family names. No real person or agency is "
        "represented. The data serve performance benchmarks of reading and cleaning; unlike "
        "the sample `contoh` they carry no planted analysis truths.",
        "",
        "*Ringkasan:* seluruh data di folder ini **sintetis** (buatan), bukan data ASN.",
        "",
        "## Parameters",
        "",
        *(f"- `{k}`: {v}" for k, v in params.items()),
        f"- chunk size: {CHUNK} ASN (fixed; part of the output's identity)",
        "",
        "Regenerate (same seed, sizes and library versions -> byte-identical files):",
        "",
        "```",
        f"kompetensi synth --scale national --asn {params['n_asn']} "
        f"--instansi {params['n_agencies']} --seed {params['seed']} --out <folder>",
        "```",
        "",
        "## Files",
        "",
        "Rows are data rows (without title rows and header).",
        "",
        "| file | format | rows | bytes |",
        "|---|---|---|---|",
        f"| `opd.csv` | UTF-8, ',', columns opd,singkatan (the dataset's agencies) | "
        f"{result['opd.csv']['rows']} | {result['opd.csv']['bytes']} |",
    ]
    notes = {
        f"{y}/pegawai.csv": "UTF-8, ';', CRLF, 2 title rows; one row per ASN, by agency",
        f"{y}/pelatihan.csv": "cp1252, ';', CRLF, no title rows; decimal comma in JP; by ASN "
                              "and start date",
        f"{y}/kinerja.csv": f"UTF-8, ';', LF, 2 title rows; SKP of {y - 1}; none for ASN "
                            f"hired in {y}",
        f"{y}/disiplin.csv": f"UTF-8, ',', LF, no title rows; by date within each block of "
                             f"{CHUNK} ASN",
    }
    for path, note in notes.items():
        lines.append(f"| `{path}` | {note} | {result[path]['rows']} | {result[path]['bytes']} |")
    lines += [
        "",
        "## Agencies",
        "",
        ", ".join(f"{k}: {kinds[k]}" for k in opd_mod.KINDS) + f"; sizes lognormal "
        f"(sigma {opd_mod.SIZE_SIGMA}) times a weight by kind, from {int(agencies.sizes.min())} "
        f"to {int(agencies.sizes.max())} ASN. No two canonical names reach a difflib ratio of "
        f"{opd_mod.MAX_RATIO} (lower case); each agency has one fixed one-letter misspelling.",
        "",
        "## Activities",
        "",
        f"{len(catalog.names)} activities ({int(catalog.it.sum())} with an IT topic, i.e. a "
        f"keyword of reference/topik_ti.csv), {len(catalog.start)} sessions in {y}. Records per "
        f"ASN: none for a share of {records.P_ZERO}, otherwise Poisson with mean "
        f"{params['activities_per_asn'] / (1 - records.P_ZERO):.4g}; dates as Excel serial, "
        "'09-Jan-2025', '9 Januari 2025', '09/01/2025' or '9 Jan 2025' "
        f"(shares {', '.join(f'{k} {v}' for k, v in catalog_mod.DATE_STYLES.items())}).",
        "",
        "## Planted variants and faults (rows)",
        "",
        "| file | kind | rows |",
        "|---|---|---|",
    ]
    for path, counts in faults.items():
        lines += [f"| `{path}` | {kind} | {n} |" for kind, n in sorted(counts.items())]
    lines += [
        "",
        "Shares: roster NIP with spaces "
        f"{roster.NIP_FAULTS['spasi']:.2%}, with an apostrophe {roster.NIP_FAULTS['apostrof']:.2%}, "
        f"Excel float text {roster.NIP_FAULTS['float']:.2%}; instansi "
        + ", ".join(f"{k} {v:.2%}" for k, v in roster.INSTANSI.items())
        + f"; pelatihan NIP with spaces {records.PELATIHAN_NIP_FAULTS['spasi']:.2%}, float "
        f"{records.PELATIHAN_NIP_FAULTS['float']:.2%}, not on the roster "
        f"{records.NOT_ON_ROSTER:.2%}. A float-mangled roster NIP also leaves that person's "
        "rows in the other files without a roster match.",
        "",
    ]
    return "\n".join(lines)
