"""Every page of a report folder finished together: header bar, links, print stylesheet."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest

from kompetensi.report import pages, render, site

from .conftest import TABLE_TITLES, build_folder

NOTEBOOKS = ["01_bersih", "03_pelaksanaan", "07_ringkasan"]
ORDER = ["index.html", "ringkasan_eksekutif.html", "07_ringkasan.html", "01_bersih.html",
         "03_pelaksanaan.html", "sumber.html"]


@pytest.fixture
def folder(rendered_pages, tmp_path):
    target = tmp_path / "contoh" / "2025"
    shutil.copytree(rendered_pages, target)
    return target


def _write_all(folder, synthetic=True):
    site.write_pages(folder, dataset="contoh", siklus=2025, notebooks=NOTEBOOKS,
                     synthetic=synthetic)
    moment = datetime(2025, 1, 9, 20, 30, tzinfo=UTC)
    render.write_index(folder / "index.html", dataset="contoh", siklus=2025,
                       synthetic=synthetic, ok=True, started=moment, finished=moment,
                       notebooks=[], headlines=[], findings=[], scan_error=None, partial=False)
    site.finish_index(folder, notebooks=NOTEBOOKS, synthetic=synthetic)


def _nav(page):
    header = re.search(r'<header class="kompetensi-nav">.*?</header>', page, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"', header), re.findall(
        r'<a href="([^"]+)" aria-current="page"', header)


def test_every_page_has_the_complete_bar_with_itself_marked(folder):
    _write_all(folder)
    for name in ORDER:
        page = (folder / name).read_text(encoding="utf-8")
        hrefs, current = _nav(page)
        assert hrefs == ORDER, name
        assert current == [name]
        assert page.count('class="kompetensi-nav"') == 1


def test_bar_labels_are_short_titles_in_report_order(folder):
    _write_all(folder)
    header = re.search(r"<header.*?</header>", (folder / "index.html").read_text("utf-8"),
                       re.S).group(0)
    labels = [re.sub(r"<[^>]+>", "", a) for a in re.findall(r"<a [^>]*>(.*?)</a>", header)]
    assert labels == ["Beranda", "Ringkasan eksekutif", "07 Ringkasan kebijakan",
                      "01 Pembersihan data", "03 Pelaksanaan pengembangan kompetensi",
                      "Sumber dan asumsi"]


def test_bar_lists_the_run_notebooks_even_before_they_are_finished(folder):
    """A partial run: the bar also lists pages kept from an earlier run; a notebook of the run
    whose page is missing (it failed to render) is not linked."""
    (folder / "07_ringkasan.html").unlink()
    pages.finish_pages(folder, notebooks=["01_bersih", "07_ringkasan"], synthetic=False)
    hrefs, _ = _nav((folder / "01_bersih.html").read_text(encoding="utf-8"))
    assert hrefs == ["index.html", "01_bersih.html", "03_pelaksanaan.html"]


def test_references_across_pages_and_captions_anchored(folder):
    _write_all(folder)
    page07 = (folder / "07_ringkasan.html").read_text(encoding="utf-8")
    assert '<a href="03_pelaksanaan.html#tabel-3-2">Tabel 3.2</a>' in page07
    assert '<a href="#tabel-7-1">Tabel 7.1</a>' in page07
    page03 = (folder / "03_pelaksanaan.html").read_text(encoding="utf-8")
    assert '<p id="tabel-3-1"><strong>Tabel 3.1.' in page03
    assert '<a href="#tabel-3-2">Tabel 3.2</a> dan juga' in page03
    assert "Tabel 3.9 tidak ada" in page03  # no such table: left as text
    assert '<a href="sumber.html#a-jp-6">A-JP-6</a>' in page03 and "A-XX-99" in page03
    assert '<a href="sumber.html#catatan-domain">catatan domain</a> §1' in page03
    assert "kompetensi/reference" not in re.sub(r"<style.*?</style>", "", page03, flags=re.S)
    assert '<a href="sumber.html#asumsi">Sumber dan asumsi</a>' in (
        folder / "01_bersih.html").read_text(encoding="utf-8")


def test_every_link_of_the_bar_and_text_resolves(folder):
    _write_all(folder)
    names = {p.name for p in folder.glob("*.html")}
    ids = {n: set(re.findall(r'\sid="([^"]+)"', (folder / n).read_text("utf-8"))) for n in names}
    for name in names:
        for href in re.findall(r'href="([^"]+)"', (folder / name).read_text("utf-8")):
            file, _, anchor = href.partition("#")
            file = file or name
            if file.endswith(".html"):
                assert file in names, (name, href)
                assert not anchor or anchor in ids[file], (name, href)


def test_print_stylesheet_and_synthetic_banner(folder):
    _write_all(folder, synthetic=True)
    page = (folder / "03_pelaksanaan.html").read_text(encoding="utf-8")
    style = re.search(r'<style id="kompetensi-laporan">(.*?)</style>', page, re.S).group(1)
    for rule in ("@page{size:A4", 'counter(page)', "@page landscape{size:A4 landscape",
                 "thead{display:table-header-group}", ".kompetensi-nav,", "break-after:avoid",
                 pages.PRINT_BANNER):
        assert rule in style, rule
    assert '<td class="angka">1718</td>' in page and "<td>OPD 1</td>" in page
    other = folder.parent / "nyata"
    shutil.copytree(folder, other)
    pages.finish_pages(other, notebooks=NOTEBOOKS, synthetic=False)
    assert pages.PRINT_BANNER not in (other / "03_pelaksanaan.html").read_text("utf-8")


def test_finishing_is_deterministic_and_idempotent(folder, tmp_path):
    _write_all(folder)
    first = {p.name: p.read_bytes() for p in folder.glob("*.html")}
    pages.finish_pages(folder, notebooks=NOTEBOOKS, synthetic=True)
    assert {p.name: p.read_bytes() for p in folder.glob("*.html")} == first
    again = build_folder(tmp_path / "lagi" / "contoh" / "2025")
    _write_all(again)
    assert {p.name: p.read_bytes() for p in again.glob("*.html")} == first


def test_index_times_in_wib_and_summary_first(folder):
    _write_all(folder)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "10 Januari 2025 03.30.00 WIB" in page and "UTC<" not in page and "WIB (UTC+7)" in page
    start = page[page.index("<h2>Mulai di sini</h2>"):]
    first = re.search(r'<li><a href="([^"]+)"', start).group(1)
    assert first == "ringkasan_eksekutif.html"
    assert 'href="sumber.html"' in start


def test_table_titles_survive_finishing(folder):
    _write_all(folder)
    for stem, titles in TABLE_TITLES.items():
        page = (folder / f"{stem}.html").read_text(encoding="utf-8")
        for title in titles:
            assert title in page


def test_a_page_that_opens_with_its_summary_gets_the_contents_after_it():
    from kompetensi.report.render import add_toc_and_boxes

    def h2(anchor, title):
        return f'<h2 id="{anchor}">{title}<a class="anchor-link" href="#{anchor}">¶</a></h2>'

    page = ("<head></head><main><h1>07</h1>" + h2("Ringkasan-eksekutif", "Ringkasan eksekutif")
            + "<p>temuan</p>" + h2("Indikator", "Indikator") + "</main>")
    out = add_toc_and_boxes(page)
    assert out.index("temuan") < out.index("Daftar isi") < out.index('<h2 id="Indikator">')
    plain = add_toc_and_boxes(page.replace("Ringkasan-eksekutif", "Data"))
    assert plain.index("Daftar isi") < plain.index("<h2")
