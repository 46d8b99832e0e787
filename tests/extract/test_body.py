"""The body cascade on small pages written here: what is kept, in what order, what goes."""

from __future__ import annotations

from warta.extract.body import read_body
from warta.extract.document import Page
from warta.extract.options import ExtractOptions
from warta.record import Article

PROSE = [
    "The council voted on Tuesday to rebuild the old harbour wall before the monsoon, "
    "after two winters of flooding along the fish market.",
    "Engineers said the new wall would be two metres higher and built from local stone, "
    "which the quarry at the edge of town can supply within three months.",
    "Traders welcomed the decision but asked that the market stay open during the works, "
    "since most of them have no other place to sell their catch.",
    "The mayor promised a temporary market on the square and said the works would start "
    "in the first week of March, weather permitting, and end by June.",
]


def _page(article_html: str, *, around: str = "") -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    rail = "".join(
        f'<li><a href="/story-{i}">Another headline about something else {i}</a></li>'
        for i in range(8)
    )
    return (
        "<html><head><title>Harbour wall | Daily Example</title></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f'<div class="layout">{article_html}'
        f'<aside class="sidebar"><h3>Most read</h3><ul>{rail}</ul></aside>{around}</div>'
        "<footer><p>Copyright 2026 Daily Example. All rights reserved.</p>"
        '<p><a href="/about">About</a> <a href="/privacy">Privacy</a></p></footer>'
        "</body></html>"
    )


def _body(html: str, title: str | None = None) -> Article:
    article = Article(title=title)
    read_body(Page.parse(html), article, ExtractOptions())
    return article


def _paras(html: str) -> list[str]:
    return [p.text for p in _body(html).paragraphs]


def test_paragraphs_in_order_without_navigation_rail_or_footer() -> None:
    html = _page("<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article>")
    assert _paras(html) == PROSE


def test_kinds_heading_list_item_and_quote() -> None:
    inner = (
        f"<p>{PROSE[0]}</p><h2>What happens next</h2><p>{PROSE[1]}</p>"
        "<ul><li>A higher wall of local stone.</li><li>A temporary market.</li></ul>"
        f"<blockquote><p>We have waited for this for ten years.</p></blockquote><p>{PROSE[2]}</p>"
    )
    article = _body(_page(f"<article>{inner}</article>"))
    kinds = [(p.kind, p.text) for p in article.paragraphs]
    assert kinds == [
        ("paragraph", PROSE[0]),
        ("heading", "What happens next"),
        ("paragraph", PROSE[1]),
        ("list-item", "A higher wall of local stone."),
        ("list-item", "A temporary market."),
        ("quote", "We have waited for this for ten years."),
        ("paragraph", PROSE[2]),
    ]
    assert article.body == "\n\n".join(p.text for p in article.paragraphs)


def test_headline_is_not_repeated_in_the_body() -> None:
    inner = "<h1>Harbour wall to be rebuilt</h1>" + "".join(f"<p>{p}</p>" for p in PROSE)
    article = _body(_page(f"<article>{inner}</article>"), title="Harbour wall to be rebuilt")
    assert "Harbour wall to be rebuilt" not in article.body
    assert any(r.kind == "title" for r in article.removed)


def test_share_bar_ads_comments_and_cookie_banner_are_left_out() -> None:
    inner = (
        '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>'
        + "".join(f"<p>{p}</p>" for p in PROSE[:2])
        + '<div class="ad-slot">Advertisement</div>'
        + "".join(f"<p>{p}</p>" for p in PROSE[2:])
        + '<div id="comments"><div class="comment"><p>I have lived by the harbour for forty '
        "years and I have never seen the water this high, so this is good news.</p></div></div>"
    )
    cookie = '<div class="cookie-consent"><p>We use cookies to improve your experience.</p></div>'
    article = _body(_page(f"<article>{inner}</article>", around=cookie))
    assert [p.text for p in article.paragraphs] == PROSE
    kinds = {r.kind for r in article.removed}
    assert {"share", "advertisement", "comment"} <= kinds


def test_teaser_cards_beside_the_article_stay_out() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/t{i}">Teaser headline number {i}</a></h3>'
        f"<p>A summary of another story that reads like prose, long enough to count as a "
        f"paragraph of its own if nothing marked it as a teaser, number {i}.</p></div>"
        for i in range(10)
    )
    html = _page(
        "<main><article>"
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + f'</article><section class="more">{cards}</section></main>'
    )
    assert _paras(html) == PROSE


def test_body_split_over_sibling_elements_is_joined() -> None:
    inner = (
        '<div class="part">' + "".join(f"<p>{p}</p>" for p in PROSE[:2]) + "</div>"
        '<div class="ad-slot"><a href="/ad">Buy now</a></div>'
        '<div class="part">' + "".join(f"<p>{p}</p>" for p in PROSE[2:]) + "</div>"
    )
    assert _paras(_page(f"<article>{inner}</article>")) == PROSE


def test_declared_article_body_is_taken_at_its_word() -> None:
    html = _page(
        '<div><p>Short intro outside.</p><div itemprop="articleBody">'
        + "".join(f"<p>{p}</p>" for p in PROSE[:2])
        + "</div></div>"
    )
    assert _paras(html) == PROSE[:2]


def test_boilerplate_word_on_a_layout_wrapper_does_not_drop_the_article() -> None:
    html = (
        '<html><body><div class="page-sidebar">'
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "</div></body></html>"
    )
    assert _paras(html) == PROSE


def test_hidden_metadata_block_is_ignored() -> None:
    hidden = (
        '<div style="display:none"><div itemprop="headline">Harbour wall</div>'
        "<div>2026-03-01T10:00:00+07:00</div></div>"
    )
    html = _page("<article>" + hidden + "".join(f"<p>{p}</p>" for p in PROSE) + "</article>")
    assert _paras(html) == PROSE


def test_table_cells_are_kept_in_order() -> None:
    table = (
        "<table><tr><th>Team</th><th>Points</th></tr>"
        "<tr><td>Harbour FC</td><td>12</td></tr><tr><td>Market United</td><td>9</td></tr></table>"
    )
    html = _page("<article>" + f"<p>{PROSE[0]}</p>" + table + f"<p>{PROSE[1]}</p></article>")
    text = " ".join(_paras(html))
    assert "Team Points Harbour FC 12 Market United 9" in text


def test_double_line_breaks_split_paragraphs() -> None:
    html = _page(f"<article><div>{PROSE[0]}<br><br>{PROSE[1]}</div></article>")
    assert _paras(html) == PROSE[:2]


def test_page_without_article_gives_empty_body_and_a_reason() -> None:
    links = "".join(
        f'<li><a href="/{i}">Headline number {i} of the day</a></li>' for i in range(30)
    )
    article = _body(f"<html><body><ul>{links}</ul></body></html>")
    assert article.body == ""
    assert article.provenance["body"].startswith("empty")


def test_deep_nesting_does_not_recurse() -> None:
    depth = 4_000
    html = "<div>" * depth + "<p>" + PROSE[0] + "</p>" + "</div>" * depth
    assert _paras(html) == [PROSE[0]]


def test_script_rendered_page_falls_back_to_json_ld_article_body() -> None:
    ld = '{"@type": "NewsArticle", "articleBody": "' + "\\n".join(PROSE) + '"}'
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head>'
        '<body><div id="app"><p>Loading…</p></div></body></html>'
    )
    article = _body(html)
    assert [p.text for p in article.paragraphs] == PROSE
    assert article.provenance["body"] == "json-ld:articleBody"


def test_markup_body_wins_over_a_json_ld_teaser() -> None:
    ld = '{"@type": "NewsArticle", "articleBody": "' + PROSE[0] + '"}'
    html = _page("<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article>")
    html = html.replace("</head>", f'<script type="application/ld+json">{ld}</script></head>')
    assert _paras(html) == PROSE


def test_link_lines_run_into_a_prose_div_are_removed_line_by_line() -> None:
    links = "".join(f'<br><a href="/r{i}">Related story headline {i}</a>' for i in range(3))
    html = _page(f"<article><div>{PROSE[0]}{links}<p>{PROSE[1]}</p></div></article>")
    article = _body(html)
    assert [p.text for p in article.paragraphs] == PROSE[:2]
    assert [r.text for r in article.removed if r.kind == "related-link"] == [
        f"Related story headline {i}" for i in range(3)
    ]


def test_source_line_breaks_are_white_space() -> None:
    wrapped = PROSE[0].replace(" the ", "\n the ")
    assert _paras(_page(f"<article><p>{wrapped}</p><p>{PROSE[1]}</p></article>")) == PROSE[:2]


def test_a_bare_address_line_is_kept() -> None:
    html = _page(
        f'<article><div>{PROSE[0]}<br><a href="http://example.com/x">http://example.com/x</a>'
        f"<p>{PROSE[1]}</p></div></article>"
    )
    assert "http://example.com/x" in _paras(html)


def test_removed_related_links_become_related_with_absolute_urls() -> None:
    insert = (
        '<p><strong>Baca juga:</strong> <a href="/berita/rob-semarang">Banjir rob rendam '
        "Semarang Utara</a></p>"
    )
    html = _page(
        "<article>" + f"<p>{PROSE[0]}</p>{insert}" + "".join(f"<p>{p}</p>" for p in PROSE[1:])
    )
    article = Article(url="https://kabar.example/nasional/1")
    read_body(Page.parse(html), article, ExtractOptions())
    assert [p.text for p in article.paragraphs] == PROSE
    assert [(r.title, r.url) for r in article.related] == [
        ("Banjir rob rendam Semarang Utara", "https://kabar.example/berita/rob-semarang")
    ]


def test_page_links_after_the_body_are_not_related() -> None:
    url = "https://kabar.example/nasional/2026/11/21/kisah-dari-morowali"
    links = (
        '<p>Baca juga: <a href="/berita/rob-semarang">Banjir rob rendam Semarang Utara</a></p>'
        f'<div class="mb20"><a rel="next" href="{url}?page=2">Halaman selanjutnya ›</a></div>'
        f'<div>Halaman: <a href="{url}?page=2">2</a> <a href="{url}?page=3">3</a> '
        f'<a href="{url}?page=2">Selanjutnya</a></div>'
    )
    html = _page("<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + links + "</article>")
    article = Article(url=url)
    read_body(Page.parse(html), article, ExtractOptions())
    assert [p.text for p in article.paragraphs] == PROSE
    assert [r.url for r in article.related] == ["https://kabar.example/berita/rob-semarang"]
    assert "Halaman selanjutnya ›" in [r.text for r in article.removed if r.kind == "pagination"]


def test_a_gallery_page_reads_its_captions() -> None:
    figures = "".join(
        f'<figure><img src="/f{i}.jpg"><figcaption>Photo {i}: fishermen haul their boats up '
        f"the beach before the storm reaches the harbour wall.</figcaption></figure>"
        for i in range(4)
    )
    article = _body(f'<html><body><div class="gallery">{figures}</div></body></html>')
    assert len(article.paragraphs) == 4
    assert article.provenance["body"] == "gallery:figcaption"


def test_a_trailing_heading_is_recorded_as_removed() -> None:
    inner = "".join(f"<p>{p}</p>" for p in PROSE) + "<h3>More from the harbour</h3>"
    article = _body(_page(f"<article>{inner}</article>"))
    assert [p.text for p in article.paragraphs] == PROSE
    assert ("heading", "More from the harbour") in [(r.kind, r.text) for r in article.removed]


def test_profile_container_and_inserts_are_used() -> None:
    inner = (
        f'<div id="body"><p>{PROSE[0]}</p><p class="baca"><a href="/x">Berita lain</a></p>'
        f'<div class="iklan"><p class="iklan-inner">Iklan</p></div><p>{PROSE[1]}</p></div>'
    )
    page = Page.parse(_page(f"<main><p>{PROSE[3]}</p>{inner}</main>"))
    container = page.tree.css_first("#body")
    outer_ad = page.tree.css_first("div.iklan")
    inner_ad = page.tree.css_first("p.iklan-inner")
    baca = page.tree.css_first("p.baca")
    assert container and outer_ad and inner_ad and baca
    article = Article(url="https://kabar.example/a")
    inserts = [("related-link", baca), ("advertisement", outer_ad), ("advertisement", inner_ad)]
    read_body(page, article, ExtractOptions(), container=container, inserts=inserts)
    assert [p.text for p in article.paragraphs] == PROSE[:2]
    assert [(r.kind, r.text) for r in article.removed] == [
        ("related-link", "Berita lain"),
        ("advertisement", "Iklan"),
    ]
    assert [r.url for r in article.related] == ["https://kabar.example/x"]


def test_a_profile_container_wider_than_the_article_is_narrowed() -> None:
    rail = "".join(f'<li><a href="/r{i}">Headline of another story {i}</a></li>' for i in range(15))
    inner = (
        f'<div class="content"><div class="txt">{"".join(f"<p>{p}</p>" for p in PROSE)}</div>'
        f'<ul class="list">{rail}</ul></div>'
    )
    page = Page.parse(_page(f"<main>{inner}</main>"))
    container = page.tree.css_first("div.content")
    assert container is not None
    article = Article()
    read_body(page, article, ExtractOptions(), container=container)
    assert [p.text for p in article.paragraphs] == PROSE


def test_a_byline_line_in_the_body_gives_its_names() -> None:
    inner = "".join(f"<p>{p}</p>" for p in PROSE) + "<p>Penulis: Rina Kartika</p>"
    html = _page(f"<article>{inner}</article>").replace(
        "</head>", '<meta name="author" content="Kabar Desk"></head>'
    )
    article = Article(authors=["Kabar Desk"], provenance={"authors": "meta:author"})
    read_body(Page.parse(html), article, ExtractOptions())
    assert article.authors == ["Rina Kartika"]
    assert article.provenance["authors"] == "body-byline"
