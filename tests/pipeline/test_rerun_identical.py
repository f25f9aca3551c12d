"""Reruns are byte-identical: every published file of the report folder, apart from times.

The 2025 cycle of the sample runs twice into two report roots, sharing processed data that
are built once beforehand (so both runs reuse them and say so in the same words). Every
file of the two folders is then compared byte for byte. Only the fields listed in
:data:`ALLOWED`, times by nature, may differ; those files are compared after the listed
fields are replaced by a placeholder (the rest, formatting and key order included, must
match).
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kompetensi import pipeline, processing

pytestmark = pytest.mark.slow
DATASET, SIKLUS = "contoh", 2025
TIME = "<waktu>"

# The only fields allowed to differ between two runs, file by file (names relative to the
# report folder, shell patterns). JSON files: paths of keys, ``*`` for every list item or
# every key; HTML: regular expressions whose group 1 is blanked.
ALLOWED: dict[str, dict[str, list[Any]]] = {
    "manifest.json": {"json": [
        ("started",),
        ("finished",),
        ("notebooks", "*", "duration"),
        ("waktu",),  # the seconds of each step
        ("keluaran", "*"),  # digests of the files; the files themselves are compared
    ]},
    "index.html": {"regex": [
        r"<tr><td>Mulai</td><td>([^<]*)</td></tr>",
        r"<tr><td>Selesai</td><td>([^<]*)</td></tr>",
        r'<td class="num">([\d.]+,\d) detik</td>',  # a notebook's duration (3,3 or 1.024,5)
    ]},
    "[0-9][0-9]_*.ipynb": {"json": [
        # papermill: the whole notebook's and each cell's timing
        ("metadata", "papermill", "start_time"),
        ("metadata", "papermill", "end_time"),
        ("metadata", "papermill", "duration"),
        ("cells", "*", "metadata", "papermill", "start_time"),
        ("cells", "*", "metadata", "papermill", "end_time"),
        ("cells", "*", "metadata", "papermill", "duration"),
        # nbclient (record_timing): when each message of a cell's execution was seen
        ("cells", "*", "metadata", "execution", "iopub.execute_input"),
        ("cells", "*", "metadata", "execution", "iopub.status.busy"),
        ("cells", "*", "metadata", "execution", "iopub.status.idle"),
        ("cells", "*", "metadata", "execution", "shell.execute_reply"),
    ]},
}


def _blank_json(node: Any, path: tuple[str, ...]) -> None:
    if not path or not isinstance(node, dict | list):
        return
    head, rest = path[0], path[1:]
    if isinstance(node, list):
        children = range(len(node)) if head == "*" else []
    else:
        children = list(node) if head == "*" else [head] if head in node else []
    for key in children:
        if rest:
            _blank_json(node[key], rest)
        else:
            node[key] = TIME


def without_times(name: str, data: bytes) -> bytes:
    """``data`` with the fields :data:`ALLOWED` for ``name`` replaced by ``<waktu>``."""
    for pattern, rule in ALLOWED.items():
        if not fnmatch.fnmatch(name, pattern):
            continue
        if rule.get("json"):
            loaded = json.loads(data)
            for path in rule["json"]:
                _blank_json(loaded, path)
            data = json.dumps(loaded, indent=1, ensure_ascii=False).encode("utf-8")
        for regex in rule.get("regex", []):
            data = re.sub(regex.encode(), lambda m: m.string[m.start(0):m.start(1)]
                          + TIME.encode() + m.string[m.end(1):m.end(0)], data)
    return data

def test_blanking_touches_only_the_listed_fields():
    nb = {"metadata": {"papermill": {"duration": 1.5, "input_path": "a"}},
          "cells": [{"metadata": {"execution": {"iopub.status.idle": "t", "other": 1}}},
                    {"metadata": {}}]}
    blanked = json.loads(without_times("01_x.ipynb", json.dumps(nb).encode()))
    assert blanked["metadata"]["papermill"] == {"duration": TIME, "input_path": "a"}
    assert blanked["cells"][0]["metadata"]["execution"] == {"iopub.status.idle": TIME,
                                                            "other": 1}
    page = b'<td class="num">3,5 detik</td><td class="num">12</td>'
    assert without_times("index.html", page) == \
        b'<td class="num"><waktu> detik</td><td class="num">12</td>'
    assert without_times("tabel.xlsx", b"abc") == b"abc"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("rerun")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(base / "processed"))
    try:
        # what 01_pembersihan builds: every cycle up to this one
        for s in sorted({s for s in processing.available_cycles(DATASET) if s <= SIKLUS}
                        | {SIKLUS}):
            processing.build_processed(DATASET, s)
        first = pipeline.run(dataset=DATASET, siklus=SIKLUS, jobs=2,
                             reports_dir=base / "reports1")
        second = pipeline.run(dataset=DATASET, siklus=SIKLUS, jobs=2,
                              reports_dir=base / "reports2")
    finally:
        mp.undo()
    return first, second


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_both_runs_succeed_with_the_same_files(two_runs):
    first, second = two_runs
    assert first.ok and second.ok, ([nb.error for nb in first.failed + second.failed],
                                    first.findings, second.findings)
    files = _files(first.report_dir)
    assert files == _files(second.report_dir)
    for name in ("tabel.xlsx", "manifest.json", "index.html", "01_pembersihan.ipynb",
                 "01_pembersihan.html"):
        assert name in files


def test_every_file_is_identical_apart_from_times(two_runs):
    first, second = two_runs
    git = [json.loads((r.report_dir / "manifest.json").read_text(encoding="utf-8"))["git"]
           for r in two_runs]
    if git[0] != git[1]:
        pytest.skip(f"the git work tree changed between the two runs ({git[0]} → {git[1]}): "
                    "not a rerun of the same code")
    differ = []
    for name in _files(first.report_dir):
        a = (first.report_dir / name).read_bytes()
        b = (second.report_dir / name).read_bytes()
        if a != b and without_times(name, a) != without_times(name, b):
            differ.append(name)
    assert differ == [], f"differ between two runs beyond the fields in ALLOWED: {differ}"
