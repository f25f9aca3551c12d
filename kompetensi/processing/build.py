"""Building ``data/processed`` from ``data/raw``: the only place that reads personal data.

``build_processed`` reads every raw table of a cycle, cleans it, validates it and writes the
Parquet tables, the rejects (``ditolak``) and the quality report, all at once: it writes into a
temporary folder and moves it into place only when everything succeeded, so a failure leaves
the previous processed data untouched and nothing half-written. It skips the work when the
recorded input hashes (raw files, reference data, cleaning code) are unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi import io, reference
from kompetensi.clean import Cleaned, clean_table
from kompetensi.clean.rejections import REJECT_COLUMNS
from kompetensi.clean.tables import exact_duplicates
from kompetensi.core import config, locks
from kompetensi.core.errors import DataError
from kompetensi.core.uniques import decode_categories
from kompetensi.privacy import keys
from kompetensi.processing import readiness, sources
from kompetensi.processing.cycles import reference_overrides
from kompetensi.processing.inputs import (  # noqa: F401 - part of the processing API
    CODE_LAYERS,
    KEY_FIELD,
    SURVEYS,
    _codebooks,
    _dataset_extras,
    code_files,
    input_hashes,
)

MANIFEST = "_masukan.json"
READINESS = "kesiapan.json"  # the facts the gate judges (processing.readiness)
@dataclass(frozen=True)
class BuildResult:
    """Outcome of :func:`build_processed`."""

    dataset: str
    siklus: int
    rebuilt: bool
    kualitas: pd.DataFrame = field(repr=False)
    folder: Path = field(repr=False)
    ok: bool = True

    def summary(self) -> str:
        k = self.kualitas
        state = "dibangun ulang" if self.rebuilt else "sudah mutakhir"
        return (f"{self.dataset}/{self.siklus}: {state}; {int(k.baris_masuk.sum())} baris masuk, "
                f"{int(k.disimpan.sum())} disimpan, {int(k.ditolak.sum())} ditolak, "
                f"{int(k.duplikat.sum())} duplikat ({len(k)} file) -> {self.folder}")


def clean_file(table: str, path: Path | tuple[Path, ...], *, siklus: int, key: bytes,
               roster: pd.Index | None = None, codebook: pd.DataFrame | None = None,
               programs: pd.DataFrame | None = None, aliases: pd.DataFrame | None = None,
               opd: pd.DataFrame | None = None, people: pd.DataFrame | None = None,
               unor_opd: pd.DataFrame | None = None) -> Cleaned:
    """Read, clean and validate one raw table (the unit of :func:`clean_files`) from its
    file, or from the files it is split into (``path`` a tuple: :func:`sources.read_table`).

    Only the columns the table's cleaner uses are converted from a CSV
    (``clean.tables.USED_COLUMNS``); names and other columns are parsed but never held.

    Returns
    -------
    Cleaned
        With ``data`` validated against :mod:`kompetensi.processing.schemas`.
    """
    raw, source = sources.read_table(path, table, aliases)
    return _clean_read(table, path, raw, source, siklus=siklus, key=key, roster=roster,
                       codebook=codebook, programs=programs, opd=opd, people=people,
                       unor_opd=unor_opd)


def _clean_read(table: str, path: Path | tuple[Path, ...], raw: pd.DataFrame,
                source: io.RawFile, **context) -> Cleaned:
    from kompetensi.processing import schemas  # pandera: only when cleaning (not in reports)

    cleaned = sources.by_sheet(clean_table(table, raw, sources.source_name(path), **context),
                               source)
    return dataclasses.replace(cleaned, data=schemas.validate(table, cleaned.data))


# Tables whose cleaning maps programme names onto the codes of the cleaned training records.
_NEED_PROGRAMMES = ("tes", *SURVEYS)


def clean_files(files: Mapping[str, Path | tuple[Path, ...]], *, siklus: int, key: bytes,
                codebooks: Mapping[str, pd.DataFrame] | None = None,
                programs: pd.DataFrame | None = None, aliases: pd.DataFrame | None = None,
                opd: pd.DataFrame | None = None, unor_opd: pd.DataFrame | None = None,
                seconds: dict[str, float] | None = None) -> dict[str, Cleaned]:
    """:func:`clean_file` for every raw file of a cycle, on two threads.

    The roster (``pegawai``) is cleaned first: it decides who is known, and its parsed NIPs
    are reused by the other tables. ``pelatihan`` comes next: its programme codes name the
    programmes that ``tes`` and the surveys cite (unless ``programs`` is given). Meanwhile a
    background thread reads the later files (pyarrow parses a CSV without holding Python's
    lock) and finds their exact duplicates (:func:`~kompetensi.clean.tables.exact_duplicates`),
    then cleans the tables that need only the roster (``kinerja``, ``disiplin``,
    ``asesmen``, ``pemangku``) while the main thread cleans ``pelatihan``. Each table is
    cleaned from its own file with the same inputs as one after the other, so the result
    does not depend on the threads.

    Parameters
    ----------
    files : mapping
        Raw file(s) of each canonical table (:func:`kompetensi.io.readers.raw_files`).
    siklus, key, programs, aliases, opd, unor_opd
        As for :func:`clean_file`.
    codebooks : mapping, optional
        Codebook of each survey table.
    seconds : dict, optional
        Filled with the seconds each table took to read and clean in its thread. The threads
        overlap, so these add up to more than the wall-clock time.

    Returns
    -------
    dict
        :class:`~kompetensi.clean.Cleaned` of each table: ``pegawai``, ``pelatihan``, then
        the others by name.
    """
    order = sorted(files, key=lambda t: (t != "pegawai", t != "pelatihan", t))
    codebooks = codebooks or {}
    seconds = {} if seconds is None else seconds
    context = {"siklus": siklus, "key": key, "opd": opd, "unor_opd": unor_opd}

    def read(table: str) -> tuple[pd.DataFrame, io.RawFile, np.ndarray]:
        start = time.perf_counter()
        raw, source = sources.read_table(files[table], table, aliases)
        duplicated = exact_duplicates(table, raw)
        seconds[table] = time.perf_counter() - start
        return raw, source, duplicated

    def clean(table: str, loaded: tuple[pd.DataFrame, np.ndarray], **more) -> Cleaned:
        start = time.perf_counter()
        raw, source, duplicated = loaded
        cleaned = _clean_read(table, files[table], raw, source, codebook=codebooks.get(table),
                              duplicated=duplicated, **context, **more)
        seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - start
        return cleaned

    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kompetensi-clean")
    try:
        reads = {t: background.submit(read, t) for t in order if t != "pegawai"}
        done: dict[str, Cleaned] = {}
        roster = people = None
        if "pegawai" in files:
            done["pegawai"] = clean("pegawai", read("pegawai"))
            roster, people = pd.Index(done["pegawai"].data["pid"]), done["pegawai"].people
        known = {"roster": roster, "people": people}
        later = {t: background.submit(lambda t=t: clean(t, reads.pop(t).result(), **known))
                 for t in order if t not in ("pegawai", "pelatihan", *_NEED_PROGRAMMES)}
        for table in order:
            if table == "pegawai":
                continue
            if table in later:
                done[table] = later.pop(table).result()
                continue
            done[table] = clean(table, reads.pop(table).result(), programs=programs, **known)
            if table == "pelatihan" and programs is None:
                programs = programme_names(done[table].data)
        return {t: done[t] for t in order}
    finally:
        background.shutdown(wait=True, cancel_futures=True)


def as_stored(data: pd.DataFrame) -> pd.DataFrame:
    """A cleaned table as written to Parquet: unordered Categoricals of text become ``string``.

    Cleaning keeps repeated text as codes (a Categorical) to stay lean on millions of rows;
    the processed files hold plain text, so that every reader sees the same types.
    """
    out = data.copy(deep=False)
    for column in out.columns:
        dtype = out[column].dtype
        if isinstance(dtype, pd.CategoricalDtype) and not dtype.ordered:
            out[column] = decode_categories(out[column])
    return out


def clean_cycle(dataset: str, siklus: int) -> dict[str, object]:
    """Read and clean every raw table of a cycle in memory (nothing is written).

    The dataset's replacement reference tables (``data/raw/<dataset>/referensi/``,
    :func:`kompetensi.reference.overrides`) are used throughout.

    Returns
    -------
    dict with ``tables`` ({name: DataFrame}), ``rejects`` (DataFrame), ``kualitas``
    (DataFrame, one row per table, its files named) and ``codebooks`` ({name: DataFrame}).
    """
    reference_overrides(dataset)  # a replacement table that cannot be used stops here
    with reference.overrides(config.reference_dir(dataset)):
        return _clean_cycle(dataset, int(siklus))


def _clean_cycle(dataset: str, siklus: int) -> dict[str, object]:
    files = io.raw_files(dataset, siklus)
    extras = _dataset_extras(dataset)
    aliases = pd.read_csv(extras["header_alias"], dtype=str) if "header_alias" in extras else None
    programs = pd.read_csv(extras["program"], dtype=str) if "program" in extras else None
    opd = pd.read_csv(extras["opd"], dtype=str) if "opd" in extras else None
    unor_opd = (pd.read_csv(extras["unor_opd"], dtype=str, keep_default_na=False)
                if "unor_opd" in extras else None)  # the dataset's unit -> OPD map
    codebooks = {t: pd.read_csv(p, dtype=str, keep_default_na=False)
                 for t, p in _codebooks(dataset, siklus).items()}
    cleaned = clean_files(files, siklus=siklus, key=keys.load_key(dataset),
                          codebooks=codebooks, programs=programs, aliases=aliases, opd=opd,
                          unor_opd=unor_opd)
    tables = {t: c.data for t, c in cleaned.items()}
    rejects = [c.rejects for c in cleaned.values()]
    quality = [{
        "tabel": table, "file": sources.source_name(files[table]), "baris_masuk": c.n_in,
        "disimpan": c.n_kept_rows, "ditolak": c.n_rejected, "duplikat": c.n_duplicates,
        "sel_tidak_valid": int((c.rejects.cakupan == "sel").sum()),
        "digabung": c.n_combined,
    } for table, c in cleaned.items()]
    if not tables:
        raise DataError(f"tidak ada file data mentah di {config.raw_dir(dataset, siklus)}")
    ditolak = (pd.concat(rejects, ignore_index=True) if rejects
               else pd.DataFrame(columns=REJECT_COLUMNS))
    kualitas = pd.DataFrame(quality).sort_values("tabel", ignore_index=True)
    result = {"tables": tables, "rejects": ditolak, "kualitas": kualitas,
              "codebooks": codebooks,
              "butir": {t: c.items for t, c in cleaned.items() if c.items},
              "dibaca": {t: c.read for t, c in cleaned.items()},
              "file_tidak_dikenal": io.unrecognised_files(dataset, siklus)}
    result["kesiapan"] = readiness.cycle_facts(result, siklus, io.RAW_TABLES)
    return result


def programme_names(pelatihan: pd.DataFrame) -> pd.DataFrame:
    """Programme code of each training name that carries one (``kode``, ``nama``).

    Used to map the full programme names that survey forms record onto the codes of the
    training records, when the dataset has no ``program.csv``.
    """
    pairs = pelatihan[["program", "nama_pelatihan"]].drop_duplicates().astype("string")
    coded = pairs.loc[pairs["program"].fillna("") != ""].sort_values(["program",
                                                                      "nama_pelatihan"])
    return pd.DataFrame({"kode": coded["program"].astype(str).to_numpy(),
                         "nama": coded["nama_pelatihan"].astype(str).to_numpy()})


def completeness(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Share of non-missing values per table and column (``kelengkapan``)."""
    rows = [{"tabel": name, "kolom": column, "baris": len(data),
             "terisi": float(data[column].notna().mean()) if len(data) else float("nan")}
            for name, data in sorted(tables.items()) for column in data.columns]
    return pd.DataFrame(rows)


def build_processed(dataset: str, siklus: int, force: bool = False) -> BuildResult:
    """Build (or reuse) ``data/processed/<dataset>/<siklus>/``.

    The tables are written into a temporary folder beside the target, the record of their
    inputs (``_masukan.json``) last, and the folder is then renamed into place: a build that
    is interrupted at any point leaves either the previous complete folder or none, never a
    partial one (leftover temporary folders are removed by the next build). One process at a
    time builds a cycle (:func:`kompetensi.core.locks.hold`); another waits for it, then reuses
    its result.

    When the pseudonym key changed (its fingerprint differs from the one recorded with any
    processed cycle of the dataset), every such cycle is rebuilt with the new key first, so
    that ``pid`` links people across cycles again.

    Parameters
    ----------
    dataset, siklus
        Which raw data.
    force
        Rebuild even when the recorded input hashes match.

    Raises
    ------
    DataError
        A raw file cannot be used; the message names the file and the problem. The previous
        processed data, if any, are left as they were. Also when a cycle was processed with
        another key and its raw data are gone (it cannot be rebuilt).
    """
    siklus = int(siklus)
    key = keys.load_key(dataset)
    for other in cycles_with_other_key(dataset, key):
        if other != siklus:
            _build_locked(dataset, other, key, force=False)
    return _build_locked(dataset, siklus, key, force=force)


def cycles_with_other_key(dataset: str, key: bytes) -> list[int]:
    """Processed cycles of a dataset whose recorded key fingerprint is not ``key``'s.

    Raises
    ------
    DataError
        For such a cycle without raw data: it cannot be rebuilt with the new key.
    """
    fingerprint, stale = keys.key_fingerprint(key), []
    root = config.processed_root() / dataset
    for record in sorted(root.glob(f"*/{MANIFEST}")) if root.is_dir() else []:
        if not record.parent.name.isdigit():
            continue
        recorded = json.loads(record.read_text(encoding="utf-8")).get("masukan", {})
        if recorded.get(KEY_FIELD) == fingerprint:
            continue
        cycle = int(record.parent.name)
        if not config.raw_dir(dataset, cycle).is_dir():
            raise DataError(
                f"data olahan {dataset}/{cycle} dibuat dengan kunci pseudonim lain dan data "
                f"mentahnya tidak ada di {config.raw_dir(dataset, cycle)}: pid siklus itu tidak "
                "akan cocok dengan siklus lain. Kembalikan kunci lama, atau kembalikan data "
                f"mentahnya, atau hapus {record.parent} dengan sengaja")
        stale.append(cycle)
    return stale


def _build_locked(dataset: str, siklus: int, key: bytes, *, force: bool) -> BuildResult:
    target = config.processed_dir(dataset, siklus)
    with locks.hold(target, wait=locks.PROCESSED_WAIT, busy=(
            f"data olahan {dataset}/{siklus} sedang dibangun proses lain lebih dari "
            f"{locks.PROCESSED_WAIT:.0f} detik; tunggu sampai selesai lalu ulangi")):
        hashes = input_hashes(dataset, siklus, key)
        manifest = target / MANIFEST
        if not force and manifest.exists():
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
            if recorded.get("masukan") == hashes:
                return BuildResult(dataset, siklus, False,
                                   pd.read_parquet(target / "kualitas.parquet"), target)
        result = clean_cycle(dataset, siklus)
        _write_atomically(target, result, {"dataset": dataset, "siklus": siklus,
                                           "masukan": hashes})
    return BuildResult(dataset, siklus, True, result["kualitas"], target)


def _write_atomically(target: Path, result: dict[str, object], record: dict) -> None:
    staging = locks.staging_folder(target)
    try:
        for name, data in result["tables"].items():
            as_stored(data).to_parquet(staging / f"{name}.parquet", index=False)
        for name, book in result["codebooks"].items():
            book.astype("string").to_parquet(staging / f"kodebuku_{name}.parquet", index=False)
        result["rejects"].to_parquet(staging / "ditolak.parquet", index=False)
        result["kualitas"].to_parquet(staging / "kualitas.parquet", index=False)
        (staging / READINESS).write_text(
            json.dumps(result["kesiapan"], indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8")
        completeness(result["tables"]).to_parquet(staging / "kelengkapan.parquet", index=False)
        (staging / MANIFEST).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")  # last: the folder is complete
        locks.replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
