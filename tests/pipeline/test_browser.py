"""End-to-end in a real browser: every page of a report folder in headless Chromium.

Selenium drives Debian's ``chromium`` through Debian's ``chromium-driver`` (both installed by
``.ci/run``), with axe-core from the PyPI package ``selenium-axe-python``; the checks are in
``tests/pipeline/browser_checks.py``. One browser session opens every ``*.html`` page and the
test fails, listing every finding, on a SEVERE console message, an image that did not decode, a
link or fragment that does not resolve inside the folder (or any ``http(s)`` link), an axe-core
violation of impact serious or critical, or a blank screenshot of the index or the executive
summary (saved in the test's tmp_path with ``temuan.json``, the list of findings).

By default the folder is made by running notebooks 01 and 07; ``KOMPETENSI_BROWSER_REPORT=
/path/to/reports/contoh/2025`` checks that folder instead (a merged full run, say). Without
Chromium, chromedriver or the Python packages the browser tests are skipped, and the root
``conftest.py`` says so loudly in the terminal summary; with ``KOMPETENSI_REQUIRE_BROWSER=1``
(set by ``.ci/run``) they fail instead. ``KOMPETENSI_CHROMIUM`` and ``KOMPETENSI_CHROMEDRIVER``
name the programs to use (a path or a command; a missing one counts as absent).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kompetensi import pipeline
from tests.pipeline.browser_checks import (
    REQUIRED,
    SHOWN,
    check_folder,
    ids_in,
    link_problems,
    missing,
    start_browser,
)

pytestmark = pytest.mark.slow
EXISTING = os.environ.get("KOMPETENSI_BROWSER_REPORT")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """The cleaning notebook and the policy summary (02-06 absent: 07 must say so)."""
    base = tmp_path_factory.mktemp("browser")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOMPETENSI_PROCESSED_DIR", str(base / "processed"))
    try:
        result = pipeline.run(dataset="contoh", siklus=2025, jobs=1, only=["01", "07"],
                              reports_dir=base / "reports")
    finally:
        mp.undo()
    return result


@pytest.fixture(scope="module")
def report_dir(request) -> Path:
    """The folder under test: ``KOMPETENSI_BROWSER_REPORT`` if set, else the 01+07 run's."""
    if EXISTING:
        folder = Path(EXISTING)
        if not (folder / "index.html").is_file():
            pytest.fail(f"KOMPETENSI_BROWSER_REPORT={EXISTING}: tidak ada index.html di sana",
                        pytrace=False)
        return folder
    return request.getfixturevalue("cycle").report_dir


def test_chain_writes_every_export(report_dir, request):
    if not EXISTING:
        cycle = request.getfixturevalue("cycle")
        assert cycle.ok, ([nb.error for nb in cycle.failed], cycle.findings, cycle.scan_error)
    for name in ("index.html", "01_pembersihan.html", "07_ringkasan_kebijakan.html",
                 "tabel.xlsx", "hasil/07_ringkasan_kebijakan.json",
                 "tabel/07_indikator.csv", "tabel/07_peta_klaim.csv"):
        assert (report_dir / name).exists(), name
    assert list((report_dir / "gambar").glob("*.png"))
    if not EXISTING:  # notebooks 02-06 did not run: said, not failed
        summary = (report_dir / "07_ringkasan_kebijakan.html").read_text(encoding="utf-8")
        assert "belum ada" in summary


def test_reports_fetch_no_script_or_style_from_the_network(report_dir):
    for page in report_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"'](https?:)?//", text), page.name
        assert not re.search(r"<link[^>]+href=[\"'](https?:)?//", text), page.name
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", text), page.name


def test_link_check_finds_every_kind_of_broken_link(tmp_path):
    (tmp_path / "a.html").write_text("<p id='t'>x</p>", encoding="utf-8")
    (tmp_path / "tabel").mkdir()
    (tmp_path / "tabel" / "t.csv").write_text("x\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.html").write_text("<a name='n'></a><h2 id='Bab-1'>x</h2><h3 id='1-%E2%80%94'>",
                                encoding="utf-8")
    ids = {tmp_path / "a.html": {"t"}, sub / "b.html": ids_in(sub / "b.html")}.get
    fine = ["#t", "a.html#t", "", "#", "mailto:bkpsdm@contoh.go.id", "tabel/t.csv",
            "sub/b.html#Bab-1", "sub/b.html#n", "./sub/../a.html?x=1#t", "sub/b.html#Bab%2D1",
            "sub/b.html#1-%E2%80%94"]  # nbconvert's ids are percent-encoded
    assert link_problems(tmp_path, tmp_path / "a.html", fine, ids) == []
    broken = ["#u", "b.html", "https://contoh.go.id", "http://x", "//x.id/a", "../a.html",
              "/etc/passwd", "file:///tmp/a.html", "javascript:void(0)", "tabel/t.csv#x",
              "sub/b.html#t", "gambar/"]
    problems = link_problems(tmp_path, tmp_path / "a.html", broken, ids)
    assert [p.split(": ", 1)[0] for p in problems] == [f"a.html → {h}" for h in broken]
    assert problems[0].endswith("id tidak ada di a.html")
    assert problems[2].endswith("tautan keluar dari laporan")
    assert problems[10].endswith("id tidak ada di sub/b.html")


def _require_browser() -> None:
    """Skip (or, with KOMPETENSI_REQUIRE_BROWSER=1, fail) where the browser cannot run."""
    why = missing()
    if why is not None:
        if REQUIRED:
            pytest.fail(f"KOMPETENSI_REQUIRE_BROWSER=1 tetapi {why}", pytrace=False)
        pytest.skip(why)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """One headless Chromium session for every page of the module's tests."""
    browser = start_browser(tmp_path_factory.mktemp("chromedriver") / "chromedriver.log")
    yield browser
    browser.quit()


def test_pages_render_in_headless_chromium(request, tmp_path):
    _require_browser()  # before the cycle runs: nothing to wait for
    browser = request.getfixturevalue("driver")
    folder = request.getfixturevalue("report_dir")
    found, n_pages = check_folder(browser, folder, tmp_path)
    lines = []
    for kind, items in found.items():
        if items:
            lines.append(f"{kind}: {len(items)}")
            lines += [f"  {item}" for item in items[:SHOWN]]
            if len(items) > SHOWN:
                lines.append(f"  (+{len(items) - SHOWN} lagi; semuanya di {tmp_path}/temuan.json)")
    assert n_pages >= 2, f"{folder}: {n_pages} halaman"
    assert not lines, (f"{n_pages} halaman di {folder}:\n" + "\n".join(lines))


BROKEN_INDEX = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Rusak</title>
<style>.pucat {{ color: #bbb; background: #fff; }}</style></head><body><main>
<h1 id="atas">Laporan rusak</h1><p class="pucat">Teks abu-abu pucat di atas putih.</p>
<p><a href="https://contoh.go.id/">keluar</a> <a href="tidak_ada.html">hilang</a>
<a href="#bukan-id">fragmen</a> <a href="07_ringkasan_kebijakan.html#tidak-ada">fragmen lain</a>
<a href="mailto:bkpsdm@contoh.go.id">surel</a> <a href="#atas">ke atas</a></p>
<img src="data:image/png;base64,AAAA" alt="gambar rusak">
<img src="gambar/baik.png" alt="gambar yang baik"> <img src="gambar/baik.png" id="tanpa-alt">
<script>console.error("galat uji"); undefined_function();</script>
{filler}</main></body></html>
"""


def test_the_checks_find_what_is_broken(request, tmp_path):
    _require_browser()
    browser = request.getfixturevalue("driver")
    folder = tmp_path / "rusak"
    folder.mkdir()
    from PIL import Image

    (folder / "gambar").mkdir()
    Image.new("RGB", (40, 30), "teal").save(folder / "gambar" / "baik.png")
    filler = "".join(f"<h2>Bagian {i}</h2><p>{'Kalimat isi laporan. ' * 40}</p>"
                     for i in range(30))  # a page long and varied enough for the screenshot
    (folder / "index.html").write_text(BROKEN_INDEX.format(filler=filler), encoding="utf-8")
    (folder / "07_ringkasan_kebijakan.html").write_text(
        "<!DOCTYPE html><html lang='id'><head><title>Kosong</title></head><body></body></html>",
        encoding="utf-8")
    found, n_pages = check_folder(browser, folder, tmp_path)
    assert n_pages == 2
    console = "\n".join(found["galat konsol (SEVERE)"])
    assert "galat uji" in console and "undefined_function" in console, console
    assert found["gambar tidak terbaca"] == ["index.html: data:image/png;base64,AAAA"], found
    links = found["tautan atau fragmen rusak"]
    assert [s.split(": ", 1)[0] for s in links] == [
        "index.html → https://contoh.go.id/", "index.html → tidak_ada.html",
        "index.html → #bukan-id", "index.html → 07_ringkasan_kebijakan.html#tidak-ada"], links
    axe = "\n".join(found["axe-core serius/kritis"])
    assert "color-contrast (serious) — index.html: 1 elemen; mis. .pucat" in axe, axe
    assert "image-alt (critical) — index.html: 1 elemen; mis. #tanpa-alt" in axe, axe
    assert [s.split(":")[0] for s in found["tangkapan layar"]] == [  # the index is fine
        "07_ringkasan_kebijakan.png", "07_ringkasan_kebijakan_penuh.png"], found
