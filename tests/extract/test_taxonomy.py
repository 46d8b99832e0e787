"""Section labels and tags from JSON-LD, meta tags, breadcrumbs and tag boxes."""

from __future__ import annotations

from warta.extract.document import Found, Page
from warta.extract.metascan import scan
from warta.extract.structured import article_object
from warta.extract.taxonomy import read_section, read_tags


def _page(head: str, body: str = "") -> Page:
    return Page.parse(f"<html><head>{head}</head><body>{body}</body></html>", None)


def _section(head: str, body: str = "", title: str | None = None) -> Found[str] | None:
    page = _page(head, body)
    return read_section(page, scan(page), article_object(page), title, frozenset({"example"}))


def _tags(head: str, body: str = "") -> Found[list[str]] | None:
    page = _page(head, body)
    return read_tags(page, scan(page), article_object(page))


def test_section_from_json_ld_then_meta() -> None:
    ld = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "articleSection": ["Nasional"]}</script>'
    )
    assert _section(ld) == Found("Nasional", "json-ld")
    meta = '<meta property="article:section" content="Berita Internasional Terkini">'
    assert _section(meta) == Found("Berita Internasional Terkini", "meta:article:section")


def test_section_skips_domains_and_takes_first_of_a_list() -> None:
    assert _section('<meta name="articlesection" content="lifestyle.example.com">') is None
    found = _section('<meta property="article:section" content="Real Estate,Home Page,Popular">')
    assert found == Found("Real Estate", "meta:article:section")


def test_section_from_breadcrumb_before_the_title() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
        '{"@type": "ListItem", "position": 1, "name": "Home"},'
        '{"@type": "ListItem", "position": 2, "name": "Regional"},'
        '{"@type": "ListItem", "position": 3, "name": "Polres serahkan anggota ke kejaksaan"}'
        "]}</script>"
    )
    found = _section(ld, title="Polres serahkan anggota ke kejaksaan")
    assert found == Found("Regional", "json-ld:breadcrumb")


def test_section_from_breadcrumb_links() -> None:
    body = (
        '<ol class="breadcrumbs"><li><a href="/">Beranda</a></li>'
        '<li><a href="/tekno">Tekno</a></li></ol>'
    )
    assert _section("", body) == Found("Tekno", "breadcrumb")


def test_section_from_microdata_breadcrumb() -> None:
    body = (
        '<ol itemscope itemtype="https://schema.org/BreadcrumbList">'
        '<li itemprop="itemListElement" itemscope><a itemprop="item" href="/">'
        '<span itemprop="name">Home</span></a></li>'
        '<li itemprop="itemListElement" itemscope><a itemprop="item" href="/bola">'
        '<span itemprop="name">Bola</span></a></li></ol>'
    )
    assert _section("", body) == Found("Bola", "itemprop:breadcrumb")


def test_tags_from_repeated_article_tag_meta() -> None:
    head = (
        '<meta property="article:tag" content="Banjir">'
        '<meta property="article:tag" content="Jakarta, banjir ,  ">'
        '<meta name="keywords" content="ignored, because, article tags exist">'
    )
    assert _tags(head) == Found(["Banjir", "Jakarta"], "meta:article:tag")


def test_tags_from_json_ld_keywords_drop_cms_codes() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",'
        ' "keywords": ["Tekno:Telko", "Editor:Iskandar", "Media Visit", "#Hutchison"]}</script>'
    )
    assert _tags(head) == Found(["Media Visit", "Hutchison"], "json-ld")


def test_keywords_that_echo_the_description_are_dropped() -> None:
    head = (
        '<meta name="description" content="Main di film keduanya, Brandon ungkap kedekatannya.">'
        '<meta name="keywords" content="Film Indonesia, main, di, film, keduanya, brandon">'
    )
    assert _tags(head) == Found(["Film Indonesia"], "meta:keywords")


def test_rel_tag_links_and_article_tag_box() -> None:
    assert _tags(
        "", '<a rel="tag" href="/t/a">Alpha</a><a rel="tag" href="/t/b">Beta</a>'
    ) == Found(["Alpha", "Beta"], "rel-tag")
    body = (
        '<div class="tags-bar"><a href="/t/x">Trending</a></div>'
        '<article><h1>T</h1><div class="tag-list"><a href="/t/1">Kalijodo</a></div></article>'
    )
    assert _tags("", body) == Found(["Kalijodo"], "tag-box")
