"""Reuse of a published report whose inputs, code and parameters have not changed (issue 23).

A full run records in ``manifest.json`` a content key (:func:`content_key`): SHA-256 digests
of the raw input files of every cycle, the notebooks' cells (type and source, not their
outputs), the files of the installed ``kompetensi`` package, the versions of the packages
that shape the results, the run's parameters and gate verdict, the pseudonym key's
fingerprint, and the ``hasil/*.json`` of the earlier cycles' reports (notebook 07 compares
with them). It also records a digest of every file it published (:func:`output_digests`).

The next run of the same cycle computes the key again. When it is the same and every
published file is still as written, the report is reused as it is: nothing is executed and
nothing is written (``kompetensi run --ulang`` runs it anyway). Otherwise the run says which
parts changed (:func:`changed_parts`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kompetensi.core import config
from kompetensi.pipeline import manifest
from kompetensi.pipeline.runs import CellError, NotebookRun, PrivacyFinding, RunResult

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_PACKAGE_SUFFIXES = {".py", ".csv", ".css", ".json", ".txt", ".html", ".j2", ".tpl"}
# what each part of the key is called when the run says why it does not reuse
PART_NAMES = {"masukan": "data mentah", "notebook": "notebook", "pustaka": "kode kompetensi",
              "versi": "versi paket", "parameter": "parameter", "pembanding": "hasil siklus "
              "sebelumnya"}


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def notebook_digest(path: Path) -> str:
    """SHA-256 of a notebook's cells: type, source and tags, not outputs or ids.

    A notebook saved with outputs, or re-saved by another Jupyter, keeps its digest; an edited
    cell changes it.
    """
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    return digest([[c.get("cell_type"), "".join(c.get("source", "")),
                     sorted(c.get("metadata", {}).get("tags", []))] for c in cells])


def package_digest(root: Path = PACKAGE_ROOT) -> str:
    """SHA-256 over the files of the ``kompetensi`` package (code, reference tables, styles),
    by relative path: a changed line of the library changes it, whatever its version says."""
    total = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in _PACKAGE_SUFFIXES
                   and "__pycache__" not in p.parts)
    for path in files:
        total.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def earlier_results(dataset: str, siklus: int) -> dict[str, str]:
    """``hasil/*.json`` of the dataset's earlier cycles' reports: relative path -> SHA-256."""
    base = config.reports_root() / dataset
    if not base.is_dir():
        return {}
    found = {}
    for cycle in sorted(p for p in base.iterdir() if p.name.isdigit() and int(p.name) < siklus):
        for path in sorted((cycle / "hasil").glob("*.json")):
            found[path.relative_to(base).as_posix()] = manifest.sha256(path)
    return found


def content_key(dataset: str, siklus: int, notebooks: Sequence[Path],
                parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The content key of a run: one digest per part and ``sha256`` over them all.

    Parameters
    ----------
    dataset, siklus
        The cycle.
    notebooks
        The notebooks the run executes.
    parameters
        Everything else that shapes the outputs: notebook parameters, gate verdict, limits,
        the pseudonym key's fingerprint.

    Returns
    -------
    dict
        ``{"sha256": ..., "bagian": {part: digest}}`` with the parts of :data:`PART_NAMES`.
    """
    inputs = [(f["path"], f["sha256"]) for f in manifest.input_files(dataset)]
    parts = {
        "masukan": digest(inputs),
        "notebook": digest({Path(p).name: notebook_digest(Path(p)) for p in notebooks}),
        "pustaka": package_digest(),
        "versi": digest(manifest.package_versions()),
        "parameter": digest(dict(parameters)),
        "pembanding": digest(earlier_results(dataset, int(siklus))),
    }
    return {"sha256": digest(parts), "bagian": parts}


def output_digests(report_dir: Path) -> dict[str, str]:
    """SHA-256 of every file in the report folder, by relative path, but ``manifest.json``
    and the PDF (``laporan_*.pdf``, printed from the pages after the run)."""
    return {p.relative_to(report_dir).as_posix(): manifest.sha256(p)
            for p in sorted(report_dir.rglob("*"))
            if p.is_file() and p.name != "manifest.json"
            and not (p.parent == report_dir and p.name.startswith("laporan_")
                     and p.suffix == ".pdf")}


def read_manifest(report_dir: Path) -> dict[str, Any] | None:
    """The report folder's ``manifest.json``, or None when it is missing or unreadable."""
    try:
        return json.loads((Path(report_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def changed_parts(recorded: Mapping[str, Any] | None, key: Mapping[str, Any]) -> list[str]:
    """Names (:data:`PART_NAMES`) of the parts of ``key`` that differ from a recorded key."""
    before = (recorded or {}).get("bagian", {})
    return [PART_NAMES[part] for part, digest in key["bagian"].items()
            if before.get(part) != digest]


def reusable(report_dir: Path, key: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The manifest of a report that can be reused for ``key``, and why (not).

    Returns
    -------
    (manifest, reason)
        ``manifest`` is None when the report must be made: no complete earlier run, a
        changed part of the key, or a published file changed or missing since.
    """
    record = read_manifest(report_dir)
    if record is None or "kunci_isi" not in record:
        return None, "belum ada laporan lengkap dengan kunci isi"
    if not record.get("ok") or record.get("options", {}).get("only"):
        return None, "laporan sebelumnya gagal atau sebagian"
    if record["kunci_isi"].get("sha256") != key["sha256"]:
        changed = changed_parts(record["kunci_isi"], key)
        return None, "berubah: " + ", ".join(changed)
    written = record.get("keluaran", {})
    now = output_digests(Path(report_dir))
    if now != written:
        differs = sorted(set(now) ^ set(written) | {f for f in now if written.get(f, now[f])
                                                    != now[f]})
        return None, f"{len(differs)} berkas laporan berubah sejak dibuat (mis. {differs[0]})"
    return record, "masukan, kode dan parameter sama"


def recorded_result(record: Mapping[str, Any], report_dir: Path) -> RunResult:
    """The :class:`~kompetensi.pipeline.runs.RunResult` a manifest records, for a reused
    report (durations are those of the run that made it)."""
    runs = tuple(NotebookRun(
        name=n["name"], status=n["status"], duration=n["duration"],
        ipynb=report_dir / n["ipynb"] if n.get("ipynb") else None,
        html=report_dir / n["html"] if n.get("html") else None,
        error=CellError(**n["error"]) if n.get("error") else None)
        for n in record.get("notebooks", []))
    privacy = record.get("privacy", {})
    findings = tuple(PrivacyFinding(f["file"], f["kind"]) for f in privacy.get("findings", []))
    return RunResult(bool(record.get("ok")), report_dir, runs, findings, privacy.get("error"))
