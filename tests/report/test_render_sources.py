"""The ``Sumber dan asumsi`` page and the executive summary page."""

from __future__ import annotations

import json
import re
import shutil

from kompetensi.core import config
from kompetensi.report import executive, links, pages, render, sources


def test_sources_page_anchors_every_assumption_and_lists_reference_tables(
        sources_files, tmp_path):
    log, ref = sources_files
    page = sources.write_sources(tmp_path / "sumber.html", assumptions=log,
                                 reference_dir=ref).read_text(encoding="utf-8")
    assert '<tr id="a-gate-1">' in page and '<tr id="a-jp-6">' in page
    assert '<tr id="a-jp-6-2">' in page  # a repeated id keeps the first anchor unique
    assert '<th scope="row">A-JP-6</th>' in page
    assert "&lt; 3 tables" in page  # escaped, not HTML
    assert '<tr id="rujukan-konversi-jp"><td><code>konversi_jp.csv</code></td>' in page
    assert "Kolom: kata_kunci, jp, status, sumber; status C 1, U 1</td><td class=\"num\">2" \
        in page
    assert "Skala Likert lima butir</td><td class=\"num\">1" in page
    assert '<a href="#rujukan-konversi-jp"><code>reference/konversi_jp.csv</code></a>' in page
    for anchor in ("asumsi", "catatan-domain", "rujukan"):
        assert f'id="{anchor}"' in page
    assert "<h1>" in page and page.count("<h1>") == 1


def test_sources_page_without_the_log_says_so(tmp_path, sources_files):
    _, ref = sources_files
    page = sources.write_sources(tmp_path / "sumber.html", assumptions=tmp_path / "tidak.md",
                                 reference_dir=ref).read_text(encoding="utf-8")
    assert "tidak tersedia" in page and 'id="rujukan-likert"' in page


def test_the_real_assumptions_log_has_an_anchor_for_every_id(tmp_path):
    page = sources.write_sources(tmp_path / "sumber.html").read_text(encoding="utf-8")
    log = (config.DOCS_DIR / "asumsi.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (A-[A-Z]+-\d+) \|", log, flags=re.M))
    assert len(rows) > 100
    ids = links.page_ids(page)
    assert {links.anchor_id(r) for r in rows} <= ids
    tables = sorted(p.name for p in sources.REFERENCE_DIR.glob("*.csv"))
    assert all(f'id="{links.reference_anchor(t)}"' in page for t in tables)
    assert str(config.PROJECT_ROOT) not in page


def test_executive_summary_page(rendered_pages, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(rendered_pages, folder)
    sources.write_sources(folder / "sumber.html")
    executive.write_summary_page(folder / pages.SUMMARY, dataset="contoh", siklus=2025,
                                 synthetic=True, banner=render.banner_html())
    pages.finish_pages(folder, notebooks=["07_ringkasan"], synthetic=True)
    page = (folder / pages.SUMMARY).read_text(encoding="utf-8")
    assert "<h1>Ringkasan eksekutif — siklus 2025</h1>" in page
    assert "DATA SINTETIS" in page
    findings = re.search(r'<ol class="temuan">(.*?)</ol>', page, re.S).group(1)
    assert findings.count("<li>") == 3
    assert "<strong>58,9 %</strong> PNS aktif" in findings
    assert '<a href="03_pelaksanaan.html#tabel-3-2">Tabel 3.2</a>' in findings
    assert '<a href="01_bersih.html#tabel-1-1">Tabel 1.1</a>' in findings
    assert "Temuan tanpa tabel.</li>" in findings
    advice = re.search(r'<ol class="rekomendasi">(.*?)</ol>', page, re.S).group(1)
    assert "<strong>Aturan:</strong> capaian 20 JP di bawah 50 %" in advice
    assert '<a href="sumber.html#a-jp-6">A-JP-6</a>' in advice
    assert '<a href="03_pelaksanaan.html#tabel-3-2">Tabel 3.2</a>' in advice
    assert page.index('class="temuan"') < page.index('class="rekomendasi"')
    assert 'href="07_ringkasan.html"' in page


def test_executive_summary_absent_says_so(tmp_path):
    folder = tmp_path / "r"
    (folder / "hasil").mkdir(parents=True)
    (folder / "hasil" / "07_ringkasan_kebijakan.json").write_text(
        json.dumps({"hasil": {"n": 1}}), encoding="utf-8")
    for missing in (False, True):
        if missing:
            (folder / "hasil" / "07_ringkasan_kebijakan.json").unlink()
        page = executive.write_summary_page(folder / pages.SUMMARY, dataset="kota", siklus=2026,
                                            synthetic=False).read_text(encoding="utf-8")
        assert "Ringkasan eksekutif belum tersedia untuk siklus 2026" in page
        assert "DATA SINTETIS" not in page and 'class="temuan"' not in page
