"""The checks of the browser test (tests/pipeline/test_browser.py), on one report folder.

``check_folder`` opens every ``*.html`` page of a folder in one Selenium session (Debian's
``chromium`` through ``chromium-driver``) and returns, by kind, every

- console message of level SEVERE (script errors, failed loads);
- image that did not decode (``naturalWidth == 0``) or is missing from the DOM;
- link whose target file is not inside the report folder, any ``http(s)`` link (a published
  report links nothing outside itself; ``mailto:`` is allowed), and any fragment (``#id``,
  ``page.html#id``) naming an id that its target page does not have;
- axe-core violation of impact ``serious`` or ``critical`` (rule, page, first targets), with the
  ``axe.min.js`` that the PyPI package ``selenium-axe-python`` ships (nothing is fetched);
- screenshot of ``index.html`` or of the executive summary (``ringkasan_eksekutif.html``, else
  ``07_ringkasan_kebijakan.html``) that is small or nearly one colour.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _which(variable: str, *commands: str) -> str | None:
    if os.environ.get(variable):
        return shutil.which(os.environ[variable])
    return next(filter(None, map(shutil.which, commands)), None)


CHROMIUM = _which("KOMPETENSI_CHROMIUM", "chromium", "chromium-browser")
CHROMEDRIVER = _which("KOMPETENSI_CHROMEDRIVER", "chromedriver")
REQUIRED = os.environ.get("KOMPETENSI_REQUIRE_BROWSER") == "1"
MISSING = ("chromium tidak ditemukan — pasang paket Debian `chromium` (apt-get install "
           "chromium) untuk menjalankannya")
MISSING_DRIVER = ("chromedriver tidak ditemukan — pasang paket Debian `chromium-driver` "
                  "(apt-get install chromium-driver) untuk menjalankannya")
WINDOW = (1280, 2000)
FULL_PAGE_MAX = 20_000  # px: the full-page screenshot stops there
BLOCKING_IMPACTS = ("serious", "critical")
SHOWN = 40  # findings per kind in the failure message; all of them go to temuan.json

# After the load event: lazy images are made eager and awaited, then the page is described.
DESCRIBE = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
images.forEach(i => { i.loading = 'eager'; });
Promise.allSettled(images.map(i => i.decode())).then(() => done({
  href: location.href,
  images: images.length,
  broken: images.filter(i => !(i.complete && i.naturalWidth > 0))
                .map(i => (i.getAttribute('src') || '(tanpa src)').slice(0, 80)),
  links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')),
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id).concat(
       Array.from(document.querySelectorAll('a[name]'), a => a.name)),
}));
"""


def missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if CHROMIUM is None:
        return MISSING
    if CHROMEDRIVER is None:
        return MISSING_DRIVER
    for module, package in (("selenium", "selenium"), ("selenium_axe_python",
                                                        "selenium-axe-python")):
        try:
            __import__(module)
        except ImportError:
            return (f"paket Python `{package}` tidak terpasang — jalankan `make install` "
                    "(requirements.lock) untuk menjalankannya")
    return None


def start_browser(log: Path):
    """Headless Chromium under Selenium, console messages of every level kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(CHROMEDRIVER, log_output=str(log), service_args=["--log-level=WARNING"])
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    return driver


class _Ids(HTMLParser):
    """Collects the ids (and ``<a name>``) of a page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])


def ids_in(page: Path) -> set[str]:
    """The ids (and ``<a name>``) of a page read from its file (one the browser did not open)."""
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser.ids


def link_problems(folder: Path, page: Path, hrefs, ids_of) -> list[str]:
    """Every ``<a href>`` of ``page`` that does not resolve inside ``folder``.

    ``ids_of(path)`` gives the ids of a page of the folder; a finding reads
    ``"page.html → href: why"``.
    """
    root, problems = folder.resolve(), []
    for href in hrefs:
        parts = urlsplit(href.strip())

        def problem(why, href=href):
            problems.append(f"{page.name} → {href}: {why}")
        if parts.scheme == "mailto":
            continue
        if parts.scheme or parts.netloc:
            problem("tautan keluar dari laporan")
            continue
        target = page
        if parts.path:
            if parts.path.startswith("/"):
                problem("jalur absolut")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(root):
                problem("di luar folder laporan")
                continue
            if not target.is_file():
                problem("berkas tidak ada")
                continue
        fragment = parts.fragment  # as the HTML standard does: the id as written, else decoded
        if fragment and target.suffix != ".html":
            problem("fragmen pada berkas yang bukan halaman")
        elif fragment and not {fragment, unquote(fragment)} & ids_of(target):
            problem(f"id tidak ada di {target.relative_to(root)}")
    return problems


def _screenshots(driver, first_screen: Path, full_page: Path) -> None:
    """The first screen of the window, and the whole page (up to FULL_PAGE_MAX px)."""
    driver.save_screenshot(str(first_screen))
    height = min(driver.execute_script("return document.documentElement.scrollHeight"),
                 FULL_PAGE_MAX)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WINDOW[0], "height": height, "scale": 1}})
    full_page.write_bytes(base64.b64decode(shot["data"]))


def _colours(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=256)
    return 257 if colours is None else len(colours)


def check_folder(driver, folder: Path, shots_dir: Path) -> tuple[dict[str, list[str]], int]:
    """Open every page of ``folder``; return the findings by kind and the number of pages.

    Screenshots of the index and the executive summary (first screen and whole page) are
    saved in ``shots_dir``, and all findings in ``shots_dir/temuan.json``.
    """
    from selenium_axe_python import Axe

    pages = sorted(folder.glob("*.html"), key=lambda p: (p.name != "index.html", p.name))
    summary = next((folder / n for n in ("ringkasan_eksekutif.html",
                                         "07_ringkasan_kebijakan.html")
                    if (folder / n).is_file()), None)
    shots = {p: (shots_dir / f"{p.stem}.png", shots_dir / f"{p.stem}_penuh.png")
             for p in (folder / "index.html", summary) if p}
    found: dict[str, list[str]] = {kind: [] for kind in (
        "galat konsol (SEVERE)", "gambar tidak terbaca", "tautan atau fragmen rusak",
        "axe-core serius/kritis", "tangkapan layar")}
    seen: dict[Path, dict] = {}
    driver.get_log("browser")  # start from an empty console
    for page in pages:
        driver.get(page.as_uri())
        seen[page] = state = driver.execute_async_script(DESCRIBE)
        assert state["href"].split("#")[0] == page.as_uri(), (page.name, state["href"])
        for entry in driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                found["galat konsol (SEVERE)"].append(f"{page.name}: {entry['message']}")
        found["gambar tidak terbaca"] += [f"{page.name}: {s}" for s in state["broken"]]
        in_source = page.read_text(encoding="utf-8").count("<img")
        if state["images"] != in_source:
            found["gambar tidak terbaca"].append(
                f"{page.name}: {state['images']} gambar di DOM, {in_source} di sumber")
        if page in shots:
            _screenshots(driver, *shots[page])
        axe = Axe(driver)
        axe.inject()
        result = axe.run(options=json.dumps({"resultTypes": ["violations"]}))
        for v in result["violations"]:
            if v.get("impact") in BLOCKING_IMPACTS:
                targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                found["axe-core serius/kritis"].append(
                    f"{v['id']} ({v['impact']}) — {page.name}: {len(v['nodes'])} elemen;"
                    f" mis. {targets}")

    def ids_of(target: Path) -> set[str]:
        return set(seen[target]["ids"]) if target in seen else ids_in(target)

    for page, state in seen.items():
        found["tautan atau fragmen rusak"] += link_problems(folder, page, state["links"],
                                                            ids_of)
    if summary is None:
        found["tangkapan layar"].append("tidak ada ringkasan_eksekutif.html maupun "
                                        "07_ringkasan_kebijakan.html")
    for png in (png for pair in shots.values() for png in pair):
        size = png.stat().st_size if png.exists() else 0
        if size <= 20_000 or _colours(png) < 16:
            found["tangkapan layar"].append(f"{png.name}: {size} B — kosong atau satu warna")
    if folder / "01_pembersihan.html" in seen:  # Gambar 1.1, whatever the kernel's backend
        if seen[folder / "01_pembersihan.html"]["images"] < 1:
            found["gambar tidak terbaca"].append("01_pembersihan.html: tidak ada gambar")
    (shots_dir / "temuan.json").write_text(json.dumps(found, indent=1, ensure_ascii=False),
                                           encoding="utf-8")
    return found, len(pages)


