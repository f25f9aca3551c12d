"""What a cycle's processed data are made from: raw files, side files, code, key.

:func:`input_hashes` fingerprints every input (raw part files, codebooks, the dataset's side
files and replacement reference tables, the library's code and reference data, the pseudonym
key's fingerprint); processed data are rebuilt when any of them changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import kompetensi
from kompetensi import io
from kompetensi.core import config
from kompetensi.privacy import keys
from kompetensi.processing.cycles import reference_overrides

SURVEYS = ("survei_reaksi", "survei_perilaku")
# What the processed data are built by: every module of these layers, and the
# reference tables (a new file there is hashed too, so no stale data survive it).
CODE_LAYERS = ("core", "io", "clean", "privacy", "processing")
KEY_FIELD = "kunci"  # the key's fingerprint among the recorded inputs


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dataset_extras(dataset: str) -> dict[str, Path]:
    root = config.raw_root() / dataset
    return {name: root / f"{name}.csv" for name in ("program", "header_alias", "opd", "unor_opd")
            if (root / f"{name}.csv").exists()}


def _codebooks(dataset: str, siklus: int) -> dict[str, Path]:
    folder = config.raw_dir(dataset, siklus)
    return {t: folder / f"{t}_kodebuku.csv" for t in SURVEYS
            if (folder / f"{t}_kodebuku.csv").exists()}


def input_hashes(dataset: str, siklus: int, key: bytes | None = None) -> dict[str, str]:
    """sha256 of every input of a cycle's processed data, code and reference data included.

    The pseudonym key is an input too: ``kunci`` is its fingerprint
    (:func:`kompetensi.privacy.keys.key_fingerprint`), never the key. ``key`` defaults to
    :func:`kompetensi.privacy.keys.load_key`.
    """
    raw_root = config.raw_root()
    files = [*(p for parts in io.raw_files(dataset, siklus).values() for p in parts),
             *_codebooks(dataset, siklus).values(), *_dataset_extras(dataset).values(),
             *reference_overrides(dataset)]
    hashes = {str(p.relative_to(raw_root)): _sha256(p) for p in sorted(files)}
    package = Path(kompetensi.__file__).parent
    code = hashlib.sha256()
    for path in code_files():
        code.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    hashes["kode:kompetensi"] = f"{kompetensi.__version__}:{code.hexdigest()}"
    hashes[KEY_FIELD] = keys.key_fingerprint(key if key is not None else keys.load_key(dataset))
    return hashes


def code_files() -> list[Path]:
    """The files whose content is part of every cycle's input hash: each ``.py`` of
    :data:`CODE_LAYERS` and each ``reference/*.csv``, sorted."""
    package = Path(kompetensi.__file__).parent
    files = [p for layer in CODE_LAYERS for p in (package / layer).rglob("*.py")]
    files += list((package / "reference").glob("*.csv"))
    return sorted(files, key=lambda p: p.relative_to(package).as_posix())
