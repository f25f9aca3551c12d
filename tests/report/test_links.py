"""Citations made links: captions' anchors, table/figure references, assumption ids, files."""

from kompetensi.report import links

ANCHORS = {"03_pelaksanaan.html": {"tabel-3-1", "tabel-3-2", "gambar-3-1"},
           "07_ringkasan.html": {"tabel-7-1"}, "sumber.html": {"a-jp-6", "rujukan-konversi-jp"}}


def _link(text, here="07_ringkasan.html", anchors=ANCHORS):
    return links.link_references(text, here=here, anchors=anchors)


def test_caption_paragraphs_get_their_anchor_once():
    page = ("<p><strong>Tabel 3.1. A</strong></p><p><strong>Gambar 3.1. B</strong></p>"
            '<div id="tabel-3-2"><p><strong>Tabel 3.2. C</strong></p></div>'
            "<p><strong>Tabel 3.1. A again</strong></p>")
    out = links.add_caption_ids(page)
    assert out.count('id="tabel-3-1"') == 1 and '<p id="gambar-3-1">' in out
    assert out.count('id="tabel-3-2"') == 1  # the publish layer's element keeps it
    assert links.add_caption_ids(out) == out


def test_references_link_to_their_page_or_the_same_page():
    out = _link("<p>Lihat Tabel 3.2 dan 3.1, Gambar 3.1 serta Tabel 7.1.</p>")
    assert '<a href="03_pelaksanaan.html#tabel-3-2">Tabel 3.2</a>' in out
    assert 'dan <a href="03_pelaksanaan.html#tabel-3-1">3.1</a>' in out
    assert '<a href="03_pelaksanaan.html#gambar-3-1">Gambar 3.1</a>' in out
    assert '<a href="#tabel-7-1">Tabel 7.1</a>' in out


def test_lists_of_references():
    out = _link("<p>Tabel 3.1, 3.2 dan 3.9</p>")
    assert out == ('<p><a href="03_pelaksanaan.html#tabel-3-1">Tabel 3.1</a>, '
                   '<a href="03_pelaksanaan.html#tabel-3-2">3.2</a> dan 3.9</p>')


def test_missing_anchors_stay_text():
    text = "<p>Tabel 3.9 dan Tabel 5.1, A-XX-9, Gambar 3.2.</p>"
    assert _link(text) == text


def test_no_links_inside_links_headings_code_captions_and_header_cells():
    page = ('<h2>Tabel 3.1</h2><a href="x">Tabel 3.1</a><code>Tabel 3.1</code>'
            '<p id="tabel-3-2"><strong>Tabel 3.2. Seperti Tabel 3.1</strong></p>'
            "<figure><figcaption>Gambar 3.1. x</figcaption></figure><th>Tabel 3.1</th>"
            '<nav>Tabel 3.1</nav><style>p{content:"Tabel 3.1"}</style>')
    assert _link(page) == page


def test_text_after_skipped_elements_is_linked():
    out = _link("<p><code>x</code> Tabel 3.1 <h3>h</h3> A-JP-6</p>")
    assert '<a href="03_pelaksanaan.html#tabel-3-1">Tabel 3.1</a>' in out
    assert '<a href="sumber.html#a-jp-6">A-JP-6</a>' in out


def test_file_mentions_become_links_to_the_sources_page():
    out = _link("<p>Lihat <code>docs/asumsi.md</code>; DOMAIN.md §3; "
                "kompetensi/reference/konversi_jp.csv, kompetensi/reference/ip_asn_*.csv.</p>")
    assert '<a href="sumber.html#asumsi">Sumber dan asumsi</a>' in out
    assert '<a href="sumber.html#catatan-domain">catatan domain</a> §3' in out
    assert ('<a href="sumber.html#rujukan-konversi-jp">tabel rujukan konversi_jp.csv</a>'
            in out)
    assert '<a href="sumber.html#rujukan">tabel rujukan ip_asn_*.csv</a>' in out
    assert "docs/asumsi.md" not in out and "kompetensi/reference" not in out


def test_file_mentions_stay_without_a_sources_page_and_on_it():
    anchors = {k: v for k, v in ANCHORS.items() if k != "sumber.html"}
    text = "<p>docs/asumsi.md A-JP-6</p>"
    assert _link(text, anchors=anchors) == text
    on_sources = _link(text, here="sumber.html")
    assert "docs/asumsi.md" in on_sources and '<a href="#a-jp-6">A-JP-6</a>' in on_sources


def test_linking_twice_changes_nothing():
    once = _link("<p>Tabel 3.2, A-JP-6, <code>docs/asumsi.md</code>, DOMAIN.md</p>")
    assert _link(once) == once
