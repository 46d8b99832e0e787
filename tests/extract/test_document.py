"""A parsed page: the same tree from the page's text as from its UTF-8 bytes."""

from __future__ import annotations

import warta
from warta.extract.document import Page

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta property="og:title" content="Banjir “besar” di Bekasi — warga mengungsi">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Banjir di Bekasi",
"author": {"@type": "Person", "name": "Siti Nurhaliza"}}</script></head>
<body><article><h1>Banjir “besar” di Bekasi</h1>
<p>BEKASI — Hujan deras sejak Senin malam membuat Kali Bekasi meluap, kata Kepala BPBD
setempat. Ratusan rumah terendam hingga satu meter, dan warga mengungsi ke masjid.</p>
<p>Petugas menyiapkan dapur umum; bantuan datang dari Café Ümit dan relawan 日本.</p>
</article></body></html>"""


def test_the_parser_reads_the_same_tree_from_the_utf8_bytes() -> None:
    from_text = Page.parse(PAGE, "https://a.example/1")
    from_bytes = Page.parse(PAGE, "https://a.example/1", utf8=PAGE.encode("utf-8"))
    assert from_bytes.tree.html == from_text.tree.html
    assert (from_bytes.meta, from_bytes.jsonld) == (from_text.meta, from_text.jsonld)
    assert from_bytes.html == from_text.html == PAGE


def test_a_page_given_as_bytes_or_as_text_is_extracted_the_same() -> None:
    as_bytes = warta.extract(PAGE.encode("utf-8"), url="https://a.example/1").to_dict()
    as_text = warta.extract(PAGE, url="https://a.example/1").to_dict()
    assert as_bytes["provenance"].pop("encoding") == "meta:utf-8"
    assert as_bytes == as_text
    assert "“besar”" in as_bytes["title"] and "Kali Bekasi meluap" in as_bytes["body"]
