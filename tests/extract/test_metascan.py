"""The shared body query sorts its matches by kind."""

from __future__ import annotations

from warta.extract.document import Page
from warta.extract.metascan import scan


def test_scan_sorts_matches() -> None:
    page = Page.parse(
        "<html><body><article><h1 itemprop='headline'>T</h1><a rel='author' href='/a'>A</a>"
        "<a rel='tag' href='/t'>Tag</a><figure><img src='x.jpg'></figure>"
        "<div itemprop='articleBody'><p>text</p></div></article></body></html>"
    )
    found = scan(page)
    assert [n.tag for n in found.h1] == ["h1"]
    assert len(found.figures) == 1
    assert len(found.rel_author) == 1 and len(found.rel_tag) == 1
    assert [n.tag for n in found.prop("headline")] == ["h1"]
    root = found.article_root()
    assert root is not None and root.tag == "article"


def test_scan_of_an_empty_page() -> None:
    found = scan(Page.parse(""))
    assert found.h1 == [] and found.article_root() is None
