"""The ``manifest.json`` of a cycle run: what was run, on which inputs, with which software.

Everything here is deterministic apart from the times: keys are sorted, files are listed in
path order, and paths are relative (to the raw-data root), so manifests of two runs can be
diffed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from kompetensi.core import config
from kompetensi.core.errors import KompetensiError
from kompetensi.pipeline.runs import NotebookRun, PrivacyFinding
from kompetensi.privacy import keys

PACKAGES = ("kompetensi", "pandas", "numpy", "scipy", "statsmodels", "pandera", "pyarrow",
            "matplotlib", "seaborn", "papermill", "nbconvert")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(dataset: str) -> list[dict[str, Any]]:
    """Every file under ``config.raw_dir(dataset, s)`` for every cycle ``s`` of the dataset.

    Inputs of earlier (and later) cycles are listed too: trends read them. A cycle is a
    sub-folder of ``config.raw_root() / dataset`` named by digits. Paths are relative to the
    raw root, in POSIX form, sorted.
    """
    root = config.raw_root()
    base = root / dataset
    if not base.is_dir():
        return []
    cycles = sorted(p.name for p in base.iterdir() if p.is_dir() and p.name.isdigit())
    files = [f for s in cycles for f in config.raw_dir(dataset, s).rglob("*") if f.is_file()]
    return [{"path": f.relative_to(root).as_posix(), "bytes": f.stat().st_size,
             "sha256": sha256(f)}
            for f in sorted(files, key=lambda f: f.relative_to(root).as_posix())]


def package_versions() -> dict[str, str | None]:
    """Versions of Python and of the packages that shape the results (None if not installed)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = _module_version(name)
    return versions


def _module_version(name: str) -> str | None:
    try:
        module = __import__(name)
    except ImportError:
        return None
    return getattr(module, "__version__", None)


def git_state(root: Path | None = None) -> dict[str, Any] | None:
    """Commit and dirtiness of the project tree, or None when it is not a git work tree.

    ``commit`` is None in a repository without commits. ``dirty`` counts untracked files
    too (a new, uncommitted notebook changes the results); ignored files do not count.
    """
    root = root or config.PROJECT_ROOT

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=30, check=False)

    try:
        inside = git("rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return None
        head = git("rev-parse", "--verify", "--quiet", "HEAD")
        status = git("status", "--porcelain")
    except (OSError, subprocess.SubprocessError):
        return None
    if status.returncode != 0:
        return None
    return {"commit": head.stdout.strip() if head.returncode == 0 else None,
            "dirty": bool(status.stdout.strip())}


def write(path: Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest as UTF-8 JSON with sorted keys and a final newline."""
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def key_fingerprint(dataset: str) -> str | None:
    """Fingerprint of the dataset's pseudonym key (:mod:`kompetensi.privacy.keys`), or None."""
    try:
        return keys.key_fingerprint(keys.load_key(dataset))
    except KompetensiError:
        return None


def record(dataset: str, siklus: int, *, options: dict[str, Any], started: datetime,
           finished: datetime, ok: bool, runs: Sequence[NotebookRun],
           findings: Sequence[PrivacyFinding], scan_error: str | None) -> dict[str, Any]:
    """The manifest of a run (without its gate verdict, content key and output digests)."""
    return {
        "dataset": dataset, "siklus": siklus, "synthetic": config.is_synthetic(dataset),
        "parameters": {"dataset": dataset, "siklus": siklus},
        "options": options,
        "inputs": input_files(dataset),
        "kunci": key_fingerprint(dataset),
        "versions": package_versions(),
        "git": git_state(),
        "started": started.isoformat(), "finished": finished.isoformat(), "ok": ok,
        "notebooks": [r.entry() for r in runs],
        "privacy": {"findings": [{"file": f.file, "kind": f.kind} for f in findings],
                    "error": scan_error},
    }
