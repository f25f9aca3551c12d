"""The cycle PDF: printed by headless Chromium from a small fabricated report folder.

Needs Chromium: skipped with the reason when it is missing, failed when
``KOMPETENSI_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime

import pytest

from kompetensi import cli
from kompetensi.core.errors import KompetensiError
from kompetensi.report import pages, pdf, render, site, sources

from .conftest import TABLE_TITLES

CHROMIUM = shutil.which(os.environ.get(pdf.CHROMIUM_ENV) or "chromium") or shutil.which(
    "chromium-browser")
REQUIRED = os.environ.get("KOMPETENSI_REQUIRE_BROWSER") == "1"
MISSING = "chromium tidak terpasang (apt-get install chromium): PDF tidak diuji"
PARTS = ["Sampul dan daftar isi", "Ringkasan eksekutif", "07 Ringkasan kebijakan",
         "01 Pembersihan data", "03 Pelaksanaan pengembangan kompetensi", "Sumber dan asumsi"]


@pytest.fixture(scope="module")
def printed(rendered_pages, tmp_path_factory):
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail(f"KOMPETENSI_REQUIRE_BROWSER=1 tetapi {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    from pypdf import PdfReader

    folder = tmp_path_factory.mktemp("pdf") / "contoh" / "2025"
    shutil.copytree(rendered_pages, folder)
    log = folder.parent / "asumsi.md"
    log.write_text("| id | a |\n|---|---|\n| A-JP-6 | hak 20 JP |\n| A-GATE-1 | siap |\n",
                   encoding="utf-8")
    notebooks = ["01_bersih", "03_pelaksanaan", "07_ringkasan"]
    site.write_pages(folder, dataset="contoh", siklus=2025, notebooks=notebooks, synthetic=True)
    sources.write_sources(folder / pages.SOURCES, assumptions=log)  # short: a fast test
    moment = datetime(2025, 1, 9, tzinfo=UTC)
    render.write_index(folder / "index.html", dataset="contoh", siklus=2025, synthetic=True,
                       ok=True, started=moment, finished=moment, notebooks=[], headlines=[],
                       findings=[], scan_error=None, partial=False)
    pages.finish_pages(folder, notebooks=notebooks, synthetic=True)
    result = pdf.build_pdf(folder, dataset="contoh", siklus=2025, synthetic=True,
                           chromium=CHROMIUM)
    return result, PdfReader(result.path), folder


def test_pdf_written_with_its_parts_in_order(printed):
    result, reader, folder = printed
    assert result.path == folder / "laporan_contoh_2025.pdf" and result.path.exists()
    assert 6 <= result.pages <= 20 and len(reader.pages) == result.pages
    assert [title for title, _, _ in result.parts] == PARTS[1:]
    starts = [first for _, first, _ in result.parts]
    assert starts == sorted(starts) and starts[0] == 2


def test_outline_has_every_part_at_its_page(printed):
    result, reader, _ = printed
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == PARTS
    pages_of = [reader.get_destination_page_number(item) + 1 for item in top]
    assert pages_of == [1] + [first for _, first, _ in result.parts]
    assert any(isinstance(item, list) for item in reader.outline)  # the parts' headings


def test_text_layer_has_every_table_title_and_no_local_path(printed):
    result, reader, folder = printed
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for titles in TABLE_TITLES.values():
        for title in titles:
            assert title in text, title
    assert "file://" not in text and str(folder) not in text
    assert "DATA SINTETIS — bukan data ASN sebenarnya" in text
    assert "Beranda" not in text  # the navigation bar is not printed
    # page numbers run through the document, and the contents page gives them
    assert f"Halaman {result.pages}" in " ".join(reader.pages[-1].extract_text().split())
    cover = " ".join(reader.pages[0].extract_text().split())
    for title, first, _ in result.parts:
        assert re.search(rf"{re.escape(title)}\s*\.*\s*{first}\b", cover), title


def test_links_are_internal_and_hold_no_path(printed):
    _, reader, folder = printed
    internal = 0
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            assert "file:" not in str(annot.get("/A", "")), annot
            if "/Dest" in annot:
                internal += 1
                assert annot["/Dest"][0].idnum in page_ids  # a page of this document
    assert internal >= 5
    raw = (folder / "laporan_contoh_2025.pdf").read_bytes()
    assert b"file://" not in raw and str(folder).encode() not in raw


def test_metadata_are_set_and_undated(printed):
    _, reader, _ = printed
    meta = reader.metadata
    assert meta.title == "Laporan Pengembangan Kompetensi ASN — contoh siklus 2025"
    assert "/CreationDate" not in meta and "/ModDate" not in meta


@pytest.mark.slow  # prints the folder again (~8 s)
def test_same_folder_same_bytes(printed, tmp_path):
    result, _, folder = printed
    again = pdf.build_pdf(folder, dataset="contoh", siklus=2025, synthetic=True,
                          chromium=CHROMIUM, target=tmp_path / "lagi.pdf")
    assert again.path.read_bytes() == result.path.read_bytes()


def test_missing_chromium_names_the_package(monkeypatch):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, "tidak-ada-chromium-di-sini")
    with pytest.raises(KompetensiError, match="apt-get install chromium"):
        pdf.find_chromium()


def test_cli_pdf_without_a_report_is_a_clean_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, shutil.which("true"))
    code = cli.main(["pdf", "--dataset", "contoh", "--siklus", "2031",
                     "--reports-dir", str(tmp_path)])
    assert code == 1
    assert "jalankan dulu `kompetensi run" in capsys.readouterr().err
    assert not (tmp_path / "contoh").exists()


def test_cli_run_pdf_checks_chromium_first(monkeypatch, capsys):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, "tidak-ada-chromium-di-sini")
    code = cli.main(["run", "--pdf", "--dataset", "contoh", "--siklus", "2031"])
    assert code == 1 and "apt-get install chromium" in capsys.readouterr().err
