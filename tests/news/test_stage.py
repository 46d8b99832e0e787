"""The news layer inside the pipeline: site profiles and the text patterns."""

from __future__ import annotations

from pathlib import Path

import warta
from warta.extract.options import ExtractOptions
from warta.news.profiles import load_profiles

PROSE = [
    "Pemerintah kota memutuskan membangun kembali tanggul pelabuhan sebelum musim hujan "
    "tiba, setelah dua tahun banjir rob merendam pasar ikan.",
    "Para insinyur mengatakan tanggul baru akan dua meter lebih tinggi dan dibangun dari "
    "batu setempat yang bisa dipasok tambang di pinggir kota.",
    "Pedagang menyambut keputusan itu tetapi meminta pasar tetap buka selama pekerjaan "
    "berlangsung karena mereka tidak punya tempat lain.",
]

PROFILE = """
name = "kabar"
domains = ["kabarnusa.id"]

[select]
body = ["div.isi-berita"]
section = ["span.rubrik"]

[[remove]]
kind = "related-link"
css = ["p.baca"]
"""


def _page(body_class: str) -> bytes:
    inner = (
        f"<p>KABARNUSA.ID, SEMARANG - {PROSE[0]}</p>"
        '<p class="baca"><a href="/lain">Berita lain yang terkait</a></p>'
        + "".join(f"<p>{p}</p>" for p in PROSE[1:])
    )
    return (
        '<html lang="id"><head><title>Tanggul | Kabar</title></head><body>'
        '<nav><a href="/">Beranda</a></nav><span class="rubrik">Regional</span>'
        f'<h1>Tanggul pelabuhan dibangun ulang</h1><div class="{body_class}">{inner}</div>'
        "</body></html>"
    ).encode()


def _options(tmp_path: Path) -> ExtractOptions:
    (tmp_path / "kabar.toml").write_text(PROFILE, encoding="utf-8")
    return ExtractOptions(profiles=load_profiles([tmp_path]))


def test_a_matching_profile_gives_container_inserts_and_gaps(tmp_path: Path) -> None:
    options = _options(tmp_path)
    article = warta.extract(_page("isi-berita"), "https://kabarnusa.id/a/1", options=options)
    assert article.provenance["profile"] == "kabar:div.isi-berita"
    assert [p.text for p in article.paragraphs] == PROSE
    assert article.section == "Regional" and article.provenance["section"] == "profile:kabar"
    assert [(r.title, r.url) for r in article.related] == [
        ("Berita lain yang terkait", "https://kabarnusa.id/lain")
    ]
    assert article.dateline is not None and article.dateline.place == "SEMARANG"


def test_a_profile_that_no_longer_matches_falls_back_to_generic(tmp_path: Path) -> None:
    options = _options(tmp_path)
    article = warta.extract(_page("redesigned-body"), "https://kabarnusa.id/a/1", options=options)
    assert article.provenance["profile"] == "kabar:no-match"
    assert [p.text for p in article.paragraphs] == PROSE
    assert article.provenance["body"].startswith("container:")


def test_the_news_layer_can_be_turned_off() -> None:
    article = warta.extract(_page("isi-berita"), options=ExtractOptions(news=False))
    assert "profile" not in article.provenance
    assert article.dateline is None
    assert article.paragraphs[0].text.startswith("KABARNUSA.ID, SEMARANG - ")


TRIBUN = """<html lang="id"><head>
<title>Tanggul Jebol, Ratusan Rumah di Samarinda Terendam - Tribunkaltim.co</title>
<meta name="author" content="Tribun Kaltim"></head><body>
<div class="header"><a href="/">Beranda</a> <a href="/regional">Regional</a></div>
<h1 id="arttitle">Tanggul Jebol, Ratusan Rumah di Samarinda Terendam</h1>
<time class="grey">Kamis, 15 September 2022 10:05 WITA</time>
<div class="side-article txt-article multi-fontsize">
<p><strong>TRIBUNKALTIM.CO, SAMARINDA</strong> - {p0}</p>
<p class="baca"><strong> &bull; <a href="/2022/09/14/warga-mengungsi" title="Warga Mengungsi">
Warga Mengungsi ke Balai Desa</a></strong></p>
<p>{p1}</p>
<div id="div-Inside-MediumRectangle"><p>Iklan tengah artikel</p></div>
<p>{p2}</p>
<p>Sebagaimana dilansir dari Kompas.com, banjir serupa terjadi tahun lalu.</p>
<p>Artikel ini telah tayang di Tribunnews.com dengan judul "Tanggul Jebol di Samarinda",
https://www.tribunnews.com/regional/2022/09/15/tanggul-jebol-di-samarinda.</p>
<p>Penulis: Rina Kartika | Editor: Budi Santoso</p>
</div>
<h5 class="tagcloud3"><a href="/tag/banjir">banjir</a> <a href="/tag/samarinda">Samarinda</a></h5>
<div class="mb20"><a href="?page=2">Halaman selanjutnya</a></div>
</body></html>"""


def test_a_tribun_page_end_to_end() -> None:
    html = TRIBUN.format(p0=PROSE[0], p1=PROSE[1], p2=PROSE[2]).encode()
    url = "https://kaltim.tribunnews.com/2022/09/15/tanggul-jebol-ratusan-rumah-terendam"
    article = warta.extract(html, url)
    assert article.provenance["profile"] == "tribun:div.side-article.txt-article"
    assert article.title == "Tanggul Jebol, Ratusan Rumah di Samarinda Terendam"
    assert [p.text for p in article.paragraphs] == [
        *PROSE,
        "Sebagaimana dilansir dari Kompas.com, banjir serupa terjadi tahun lalu.",
    ]
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.outlet) == ("SAMARINDA", "TRIBUNKALTIM.CO")
    assert [r.url for r in article.related] == [
        "https://kaltim.tribunnews.com/2022/09/14/warga-mengungsi"
    ]
    assert article.republished_from is not None
    assert article.republished_from.outlet == "Tribunnews.com"
    assert "Rina Kartika" in article.authors and "Budi Santoso" in article.editors
    assert [a.source for a in article.attributions] == ["Kompas.com"]
    assert article.tags == ["banjir", "Samarinda"]
    kinds = {r.kind for r in article.removed}
    assert {"dateline", "related-link", "advertisement", "republication", "byline"} <= kinds


def test_a_bold_dateline_without_a_dash() -> None:
    html = (
        '<html lang="id"><head><title>Film Laris - Liputan6.com</title></head><body>'
        '<article><h1>Film Laris</h1><div class="read-page__content-body">'
        f"<p><b>Liputan6.com, Jakarta</b> <a href='/tag/film'><em>London Love Story</em></a>, "
        f"{PROSE[0]}</p><p>{PROSE[1]}</p><p>{PROSE[2]}</p></div></article></body></html>"
    ).encode()
    article = warta.extract(html, "https://www.liputan6.com/showbiz/read/1/film-laris")
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.outlet) == ("Jakarta", "Liputan6.com")
    assert article.paragraphs[0].text.startswith("London Love Story, ")
    assert [r.text for r in article.removed if r.kind == "dateline"] == ["Liputan6.com, Jakarta "]
