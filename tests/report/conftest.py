"""A small report folder fabricated in tmp_path: three notebook pages rendered by nbconvert from
notebooks with made-up outputs (no kernel), the results of notebook 07 with an executive summary,
and a short assumptions log and reference folder for the sources page."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kompetensi.report import render

TABLE_TITLES = {
    "01_bersih": ["Tabel 1.1. Baris masuk dan keluar per berkas"],
    "03_pelaksanaan": ["Tabel 3.1. JP per ASN menurut status", "Tabel 3.2. Capaian 20 JP per OPD"],
    "07_ringkasan": ["Tabel 7.1. Indikator utama siklus ini"],
}
TITLES = {
    "01_bersih": "01 — Pembersihan data: dari ekspor mentah ke tabel olahan",
    "03_pelaksanaan": "03 — Pelaksanaan pengembangan kompetensi: JP dan hak 20 JP",
    "07_ringkasan": "07 — Ringkasan kebijakan: indikator dan rekomendasi",
}
PROSE = {
    "01_bersih": "Aturan pembersihan tercatat di `docs/asumsi.md` (A-GATE-1).",
    "03_pelaksanaan": ("JP dihitung dengan aturan LAN (DOMAIN.md §1; tabel "
                       "`kompetensi/reference/konversi_jp.csv`). Lihat Tabel 3.2 dan juga "
                       "Tabel 3.1, 3.2; Tabel 3.9 tidak ada; asumsi A-JP-6 dan A-XX-99."),
    "07_ringkasan": "Capaian 20 JP ada di Tabel 3.2; indikator di Tabel 7.1.",
}
SUMMARY = {
    "temuan": [
        {"teks": "**58,9 %** PNS aktif mencapai 20 JP, naik 0,9 poin.", "rujukan": "Tabel 3.2"},
        {"teks": "Baris ditolak 0,4 % dari semua baris.", "rujukan": "Tabel 1.1"},
        {"teks": "Temuan tanpa tabel.", "rujukan": ""},
    ],
    "rekomendasi": [
        {"teks": "Prioritaskan OPD dengan capaian **terendah**.",
         "aturan": "capaian 20 JP di bawah 50 % (A-JP-6)", "rujukan": "Tabel 3.2"},
    ],
}
ASSUMPTIONS = """# Asumsi

Intro with `kompetensi/reference/konversi_jp.csv` and A-JP-6.

| id | assumption | status | where | how to override |
|---|---|---|---|---|
| A-GATE-1 | A cycle is not ready when < 3 tables | convention | `processing` | `--paksa` |
| A-JP-6 | PNS have a right to 20 JP (see A-GATE-1) | C | `reference/konversi_jp.csv` | edit |
| A-JP-6 | a repeated id | U | x | — |
"""


def _table_html(rows: int = 3) -> str:
    body = "".join(f"<tr><td>OPD {k}</td><td>{k * 1000 + 718}</td><td>5{k},5</td></tr>"
                   for k in range(rows))
    return ('<table class="dataframe"><thead><tr><th>opd</th><th>n</th><th>persen</th></tr>'
            f"</thead><tbody>{body}</tbody></table>")


def notebook(stem: str) -> nbformat.NotebookNode:
    """A notebook as papermill leaves it, with captions and tables as outputs."""
    cells = [new_markdown_cell(f"# {TITLES[stem]}"), new_markdown_cell(PROSE[stem]),
             new_markdown_cell("## Bagian pertama")]
    for k, title in enumerate(TABLE_TITLES[stem]):
        if k == 1:
            cells.append(new_markdown_cell("## Bagian kedua"))
        cells.append(new_code_cell("rep.table(...)", outputs=[
            new_output("display_data", data={"text/markdown": f"**{title}**",
                                             "text/plain": title}),
            new_output("display_data", data={"text/html": _table_html(),
                                             "text/plain": "tabel"}),
        ]))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def build_folder(folder: Path, stems=tuple(TITLES), summary: bool = True) -> Path:
    """Render the fabricated pages into ``folder`` (no finishing pass)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        ipynb = folder / f"{stem}.ipynb"
        nbformat.write(notebook(stem), ipynb)
        render.render_notebook(ipynb, folder / f"{stem}.html")
    (folder / "hasil").mkdir(exist_ok=True)
    hasil = {"n": 1, **({"ringkasan_eksekutif": SUMMARY} if summary else {})}
    (folder / "hasil" / "07_ringkasan_kebijakan.json").write_text(
        json.dumps({"notebook": "07_ringkasan_kebijakan", "hasil": hasil}), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def rendered_pages(tmp_path_factory) -> Path:
    """The fabricated pages, rendered once per session; copy before changing them."""
    return build_folder(tmp_path_factory.mktemp("halaman") / "contoh" / "2025")


@pytest.fixture
def sources_files(tmp_path) -> tuple[Path, Path]:
    """A short assumptions log and a reference folder of two tables."""
    log = tmp_path / "asumsi.md"
    log.write_text(ASSUMPTIONS, encoding="utf-8")
    ref = tmp_path / "reference"
    ref.mkdir()
    (ref / "konversi_jp.csv").write_text("kata_kunci,jp,status,sumber\nseminar,4,C,x\n"
                                         "kursus,5,U,y\n\n", encoding="utf-8")
    (ref / "likert.csv").write_text("# Skala Likert lima butir\nlabel,skor\nsts,1\n",
                                    encoding="utf-8")
    return log, ref
