"""The proofreader of rendered pages finds each kind of machinery a reviewer must not see."""

from __future__ import annotations

import pytest

from kompetensi.report.proofread import proofread


def page(body: str) -> str:
    return f"<html><head><style>td_x {{}}</style></head><body>{body}</body></html>"


TABLE = "<table><thead><tr><th>{h}</th></tr></thead><tbody><tr><td>{c}</td></tr></tbody></table>"


@pytest.mark.parametrize(("body", "kind"), [
    (TABLE.format(h="persen_capai", c="1"), "header"),
    (TABLE.format(h="PNS", c="NaN"), "missing"),
    (TABLE.format(h="PNS", c="&lt;NA&gt;"), "missing"),
    (TABLE.format(h="PNS", c="None"), "missing"),
    (TABLE.format(h="PNS", c="Badan Kepegawaian dan Pengembangan Sumber Daya..."), "truncated"),
    (TABLE.format(h="PNS", c="Dinas Kesehatan…"), "truncated"),
    ("<p>Ditulis ke /work/main/reports/contoh/2025/hasil/07.json</p>", "path"),
    ("<p>C:\\Users\\analis\\laporan</p>", "path"),
    ("<pre>PosixPath('hasil/07_ringkasan_kebijakan.json')</pre>", "repr"),
    ("<pre>Siklus tersedia: [2023, 2024, 2025]</pre>", "repr"),
    ("<pre>&lt;kompetensi.report.publish.Report object at 0x7f&gt;</pre>", "repr"),
])
def test_each_kind_is_found(body, kind):
    assert {p.kind for p in proofread(page(body))} == {kind}


def test_a_clean_page_passes():
    body = (TABLE.format(h="PNS yang mencapai 20 JP (%)", c="58,6")
            + "<p>Siklus tersedia: 2023, 2024, 2025. Lihat tabel/03_capaian_opd.csv.</p>"
            + "<table><tbody><tr><th scope='row'>Dinas A</th><td>–</td></tr></tbody></table>")
    assert proofread(page(body)) == []


def test_an_ellipsis_inside_a_sentence_is_not_a_cut_cell():
    body = TABLE.format(h="Asumsi", c="Likert words (STS 1 … SS 5) and clean_table(roster=...)")
    assert proofread(page(body)) == []
