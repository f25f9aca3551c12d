"""Reference data shipped with the package, each table with its status and source.

Status follows ``DOMAIN.md``: C confirmed, C2 secondary sources, U unconfirmed. Every C2/U row
is an overridable assumption listed in ``docs/asumsi.md``. Tables are returned as fresh copies,
so callers may modify them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

TABLES = (
    "opd", "opd_alias", "kecamatan", "golongan", "kompetensi_standar", "likert", "topik_ti",
    "header_alias", "bentuk_pengembangan",
    "level_standar_bawaan", "jpm_kategori", "kotak_talenta", "kinerja_talenta",
    "indeks_acak_ahp",
    "konversi_jp", "ip_asn_kualifikasi", "ip_asn_kompetensi", "ip_asn_jenis_diklat",
    "ip_asn_kepemimpinan", "ip_asn_kinerja", "ip_asn_disiplin", "ip_asn_kategori",
    "skor_predikat", "pelatihan_kepemimpinan", "hukuman_disiplin", "predikat_skp", "rekap_skp",
    "kedudukan_hukum", "eselon", "unor_opd", "jenjang_jabatan",
    "hak_pengembangan", "skm_mutu", "krejcie_morgan", "skm_unsur", "skm_jawaban",
    "skm_pekerjaan",
)


# Tables a dataset may replace with data/raw/<dataset>/referensi/<name>.csv (see overrides).
# Not header_alias: a dataset adds aliases in its own header_alias.csv instead of replacing
# them; nor opd/opd_alias: a dataset's opd.csv replaces the city's list (A-OPD-4).
NOT_OVERRIDABLE = ("header_alias", "opd", "opd_alias")
_override_dir: Path | None = None


@cache
def _read(name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise KeyError(f"unknown reference table {name!r}; known: {', '.join(TABLES)}")
    with resources.files(__package__).joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")


@cache
def _read_file(path: str, stamp: int) -> pd.DataFrame:  # stamp: the file's mtime (cache key)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load(name: str) -> pd.DataFrame:
    """Return reference table ``name`` (all columns as strings).

    When a dataset's override folder is in use (:func:`overrides`) and holds ``<name>.csv``,
    that file is returned instead (its columns are the built-in table's: checked when the
    folder is taken into use).
    """
    builtin = _read(name)
    if _override_dir is not None and name not in NOT_OVERRIDABLE:
        path = _override_dir / f"{name}.csv"
        if path.is_file():
            return _read_file(str(path), path.stat().st_mtime_ns).copy()  # columns checked
    return builtin.copy()


def override_files(folder: Path) -> list[Path]:
    """The replacement tables in ``folder`` (``<name>.csv`` of a known table), sorted.

    Raises ``ValueError`` for a CSV that names no table, one that may not be replaced, or one
    whose columns are not the built-in table's.
    """
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in TABLES or path.stem in NOT_OVERRIDABLE:
            raise ValueError(f"{path}: bukan tabel referensi yang dapat diganti (yang dapat: "
                             f"{', '.join(t for t in TABLES if t not in NOT_OVERRIDABLE)})")
        columns = list(_read_file(str(path), path.stat().st_mtime_ns).columns)
        if columns != list(_read(path.stem).columns):
            raise ValueError(
                f"{path}: kolom tabel referensi pengganti harus sama dengan "
                f"kompetensi/reference/{path.stem}.csv ({', '.join(_read(path.stem).columns)});"
                f" ditemukan: {', '.join(map(str, columns))}")
        found.append(path)
    return found


@contextmanager
def overrides(folder: Path | None) -> Iterator[None]:
    r"""Use a dataset's replacement tables (``folder``/``<name>.csv``) inside the block.

    Process-wide (the threads that clean a cycle see it too); the previous folder is restored
    on exit. :func:`kompetensi.processing.build.clean_cycle` and
    :func:`kompetensi.processing.load.load_processed` use the dataset's
    ``data/raw/<dataset>/referensi/`` (assumption log: A-REF-1).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "kecamatan.csv").write_text("kecamatan,status,sumber\nX,U,uji\n")
    ...     with overrides(Path(tmp)):
    ...         inside = load("kecamatan")["kecamatan"].tolist()
    >>> inside, len(load("kecamatan")) == 7
    (['X'], True)
    """
    global _override_dir
    previous = _override_dir
    if folder is not None:
        override_files(folder)  # a misnamed file is an error before anything is read
    _override_dir = folder
    try:
        yield
    finally:
        _override_dir = previous


def use_overrides(folder: Path | None) -> None:
    """Use ``folder``'s replacement tables from now on in this process (a notebook's kernel
    analyses one dataset); ``None`` returns to the built-in tables."""
    global _override_dir
    if folder is not None:
        override_files(folder)
    _override_dir = folder
