"""Typed reads from JSON-LD objects."""

from __future__ import annotations

from warta.extract.document import Page
from warta.extract.structured import (
    article_object,
    breadcrumb_names,
    by_id,
    image_urls,
    people,
    publisher_name,
    texts,
)


def _page(*objects: str) -> Page:
    scripts = "".join(f'<script type="application/ld+json">{o}</script>' for o in objects)
    return Page.parse(f"<html><head>{scripts}</head></html>")


def test_article_object_skips_site_objects_and_teasers_without_headline() -> None:
    page = _page(
        '{"@type": "WebSite", "name": "Example"}',
        '{"@type": ["NewsArticle"], "headline": "Main story", "publisher": {"name": "Example"}}',
    )
    obj = article_object(page)
    assert obj is not None and obj["headline"] == "Main story"
    assert publisher_name(page, obj) == "Example"


def test_people_resolves_references_and_accepts_strings() -> None:
    page = _page('{"@graph": [{"@type": "Person", "@id": "#a", "name": "Regan"}]}')
    value = [{"@id": "#a"}, "Lia Eustachewich", {"@type": "Person", "name": "Yaron Steinbuch"}]
    assert people(value, by_id(page)) == ["Regan", "Lia Eustachewich", "Yaron Steinbuch"]


def test_texts_and_images() -> None:
    assert texts(["a", {"name": " b "}, [{"@value": "c"}], 3]) == ["a", "b", "c"]
    assert image_urls([{"url": "/x.jpg"}, "/y.jpg", {"contentUrl": ["/z.jpg"]}]) == [
        "/x.jpg",
        "/y.jpg",
        "/z.jpg",
    ]


def test_breadcrumb_names_in_position_order() -> None:
    page = _page(
        '{"@type": "BreadcrumbList", "itemListElement": ['
        '{"position": 2, "item": {"@id": "/n", "name": "News"}}, {"position": 1, "name": "Home"}]}'
    )
    assert breadcrumb_names(page) == ["Home", "News"]
