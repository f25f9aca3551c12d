"""The leak scan done while notebooks run (``gate.LeakScan``) finds what one scan at the end
finds: files changed or added after a notebook's early scan are scanned again."""

from __future__ import annotations

import json
import time

import pandas as pd

from kompetensi import privacy
from kompetensi.pipeline import gate
from kompetensi.pipeline.runs import NotebookRun, PrivacyFinding
from kompetensi.privacy import scan

NIP = "19900115" + "201503" + "2001"  # synthetic
IDS = privacy.Identifiers(nips=frozenset({NIP}), names=frozenset({"Siti Aminah Uji"}),
                          birth_dates=frozenset({pd.Timestamp("1990-01-15")}),
                          emails=frozenset({"siti.uji@contoh.go.id"}))


def test_early_scan_then_rescan_of_what_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(gate, "raw_identifiers", lambda dataset: IDS)
    scanned: list[str] = []
    real = scan.scan_for_leaks

    def counting(paths, identifiers):
        scanned.extend(p.name for p in paths)
        return real(paths, identifiers)

    monkeypatch.setattr(scan, "scan_for_leaks", counting)
    (tmp_path / "tabel").mkdir()
    (tmp_path / "tabel" / "02_a.csv").write_text("opd,n\nDinas,5\n")
    (tmp_path / "02_x.ipynb").write_text('{"cells": []}')
    (tmp_path / "02_x.html").write_text("<p>halaman</p>")
    (tmp_path / "03_y.ipynb").write_text('{"cells": []}')  # 03 still running

    leaks = gate.LeakScan("uji", tmp_path)
    leaks.notebook_finished(NotebookRun("02_x", "berhasil", 1.0, None, None))
    leaks._pending[-1].result()
    assert sorted(scanned) == ["02_a.csv", "02_x.ipynb"]  # its files, not its page yet

    time.sleep(0.01)
    (tmp_path / "02_x.html").write_text("<p>Kontak: Siti.Uji@contoh.go.id</p>")  # completed
    (tmp_path / "03_y.ipynb").write_text(f'{{"nip": "{NIP}"}}')
    (tmp_path / "index.html").write_text("<p>Siti Aminah Uji</p>")
    findings, error = leaks.finish()
    assert error is None
    assert findings == (PrivacyFinding("02_x.html", "email"), PrivacyFinding("03_y.ipynb", "nip"),
                        PrivacyFinding("index.html", "nama"))
    assert sorted(scanned) == ["02_a.csv", "02_x.html", "02_x.ipynb", "03_y.ipynb",
                               "index.html"]  # each once: nothing unchanged is read again
    assert leaks.identifiers is IDS


def test_identifiers_that_cannot_be_read_fail_the_scan(tmp_path, monkeypatch):
    monkeypatch.setattr(gate, "raw_identifiers", lambda dataset: "DataError: rusak")
    (tmp_path / "index.html").write_text("<p>x</p>")
    leaks = gate.LeakScan("uji", tmp_path)
    assert leaks.finish() == ((), "DataError: rusak")


def test_emails_found_from_each_at_sign():
    text = "x" * 100_000 + " A.B+c@Dinas.Contoh.go.id, a@b, @c.id, d@e.f " + "y" * 10
    assert scan.emails_in(text) == {"a.b+c@dinas.contoh.go.id", "d@e.f"}
    short = text[99_000:]  # the old regex is quadratic in a long run of word characters
    assert scan.emails_in(short) == {m.lower() for m in scan._EMAIL.findall(short)}
    assert scan.emails_in("tanpa surel") == set()
    long_local = "a" * 300 + "@contoh.go.id"
    assert scan.emails_in(long_local) == {"a" * scan.MAX_EMAIL_CHARS + "@contoh.go.id"}


def test_name_in_the_metadata_of_an_embedded_figure_is_found(tmp_path):
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def page(metadata: dict) -> str:
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.plot([1, 2], [3, 4])
        data = io.BytesIO()
        fig.savefig(data, format="png", metadata=metadata)
        plt.close(fig)
        encoded = base64.b64encode(data.getvalue()).decode()
        return f'<figure><img src="data:image/png;base64,{encoded}"></figure>'

    (tmp_path / "bersih.html").write_text(page({"Software": None}))
    (tmp_path / "bocor.html").write_text(page({"Author": "Siti Aminah Uji"}))
    encoded = page({"Author": "Siti Aminah Uji"}).split(",", 1)[1].split('"')[0]
    (tmp_path / "bocor.ipynb").write_text(json.dumps(
        {"outputs": [{"data": {"image/png": encoded}}]}))
    found = {(f.path.name, f.kind) for f in scan.scan_for_leaks([tmp_path], IDS)}
    assert found == {("bocor.html", "nama"), ("bocor.ipynb", "nama")}
