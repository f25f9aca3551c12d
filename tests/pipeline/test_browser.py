"""End-to-end in a real browser: index.html and a report open in headless Chromium.

Chromium (Debian's ``chromium`` package, installed by ``.ci/run``) is driven through the
DevTools protocol over ``--remote-debugging-pipe`` (file descriptors 3 and 4, JSON messages
ending in NUL), so no Python package beyond the standard library is needed. Console errors,
uncaught exceptions, failed loads (``Log.entryAdded`` of level ``error``) and images that did
not decode are collected; a screenshot of each page is saved in the test's tmp folder.

Without Chromium the browser test is skipped, and the root ``conftest.py`` says so loudly in
the terminal summary; with ``KOMPETENSI_REQUIRE_BROWSER=1`` (set by ``.ci/run``) it fails
instead. ``KOMPETENSI_CHROMIUM`` names the browser to use (a path or a command; a missing one
counts as no Chromium).
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import time

import pytest

from kompetensi import pipeline

pytestmark = pytest.mark.slow
CHROMIUM = (shutil.which(os.environ["KOMPETENSI_CHROMIUM"]) if os.environ.get("KOMPETENSI_CHROMIUM")
            else shutil.which("chromium") or shutil.which("chromium-browser"))
REQUIRED = os.environ.get("KOMPETENSI_REQUIRE_BROWSER") == "1"
MISSING = ("chromium tidak ditemukan — pasang paket Debian `chromium` (apt-get install "
           "chromium) untuk menjalankannya")


class DevTools:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, profile):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        high_r, high_w = os.dup(to_chrome_r), os.dup(from_chrome_w)

        def child_fds():  # fds 3 (commands in) and 4 (replies out) of the browser
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "--window-size=1200,900", "about:blank"],
            pass_fds=(3, 4, high_r, high_w), preexec_fn=child_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (to_chrome_r, from_chrome_w, high_r, high_w):
            os.close(fd)
        self._next, self._buffer, self.events = 0, b"", []

    def send(self, method, params=None, session=None, timeout=30.0):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == self._next, timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait(self, predicate, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if predicate(message):
                    return message
                if "method" in message:
                    self.events.append(message)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the debugging pipe")
                self._buffer += chunk

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


def open_page(browser, path, screenshot):
    """Load ``path``; return console errors and broken images; save a PNG screenshot."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", session=session)
    browser.events.clear()
    browser.send("Page.navigate", {"url": path.as_uri()}, session=session)
    url, deadline = path.as_uri(), time.monotonic() + 60
    while True:  # the load event of the page itself, not of about:blank before it
        state = browser.send("Runtime.evaluate", {
            "expression": "[location.href, document.readyState]", "returnByValue": True},
            session=session)["result"]["value"]
        if state == [url, "complete"]:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name} did not finish loading: {state}")
        time.sleep(0.1)
    broken = browser.send("Runtime.evaluate", {
        "expression": "Array.from(document.images).filter(i => !(i.complete && "
                      "i.naturalWidth > 0)).map(i => i.src.slice(0, 80))",
        "returnByValue": True}, session=session)["result"]["value"]
    n_images = browser.send("Runtime.evaluate", {"expression": "document.images.length",
                                                  "returnByValue": True},
                            session=session)["result"]["value"]
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    errors = []
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        params = event.get("params", {})
        if event["method"] == "Runtime.consoleAPICalled" and params.get("type") == "error":
            errors.append(str(params.get("args")))
        elif event["method"] == "Runtime.exceptionThrown":
            errors.append(str(params.get("exceptionDetails", {}).get("text")))
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"].get("text", ""))
    browser.send("Target.closeTarget", {"targetId": target})
    return errors, broken, n_images


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


def test_chain_writes_every_export(cycle):
    assert cycle.ok, ([nb.error for nb in cycle.failed], cycle.findings, cycle.scan_error)
    folder = cycle.report_dir
    for name in ("index.html", "01_pembersihan.html", "07_ringkasan_kebijakan.html",
                 "tabel.xlsx", "hasil/07_ringkasan_kebijakan.json",
                 "tabel/07_indikator.csv", "tabel/07_peta_klaim.csv"):
        assert (folder / name).exists(), name
    assert list((folder / "gambar").glob("*.png"))
    summary_html = (folder / "07_ringkasan_kebijakan.html").read_text(encoding="utf-8")
    assert "belum ada" in summary_html  # notebooks 02-06 did not run: said, not failed


def test_reports_fetch_no_script_or_style_from_the_network(cycle):
    for page in cycle.report_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"'](https?:)?//", text), page.name
        assert not re.search(r"<link[^>]+href=[\"'](https?:)?//", text), page.name
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", text), page.name


def test_pages_render_in_headless_chromium(request, tmp_path):
    if CHROMIUM is None:  # before the cycle runs: nothing to wait for
        if REQUIRED:
            pytest.fail(f"KOMPETENSI_REQUIRE_BROWSER=1 tetapi {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    cycle = request.getfixturevalue("cycle")
    browser = DevTools(tmp_path / "profil")
    try:
        for name in ("index.html", "07_ringkasan_kebijakan.html", "01_pembersihan.html"):
            shot = tmp_path / f"{name}.png"
            errors, broken, n_images = open_page(browser, cycle.report_dir / name, shot)
            assert errors == [], (name, errors)
            assert broken == [], (name, broken)
            assert shot.stat().st_size > 5000, name  # a real screenshot, not an empty file
            html = (cycle.report_dir / name).read_text(encoding="utf-8")
            assert n_images == html.count("<img"), (name, n_images)  # every image in the DOM
            if name == "01_pembersihan.html":
                assert n_images >= 1  # Gambar 1.1 is embedded, whatever the kernel's backend
    finally:
        browser.close()
