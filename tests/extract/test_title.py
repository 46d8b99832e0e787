"""The headline cascade on small pages: <h1> agreement, site-name suffixes, fallbacks."""

from __future__ import annotations

import pytest

from warta.extract.document import Found, Page
from warta.extract.metascan import scan
from warta.extract.structured import article_object
from warta.extract.title import read_title, strip_site_name
from warta.extract.urls import site_keys

KEYS = frozenset({"kompas", "kompascom", "dailyexample", "tempoco"})


def _title(html: str, url: str = "https://www.daily-example.com/news/1") -> Found[str] | None:
    page = Page.parse(html, url)
    keys = site_keys(page, "daily-example.com", None)
    return read_title(page, scan(page), keys, article_object(page))


def test_h1_beats_title_tag_with_site_suffix() -> None:
    found = _title(
        "<html><head><title>Harbour wall to be rebuilt | Daily Example</title></head>"
        "<body><h1>Harbour wall to be rebuilt</h1></body></html>"
    )
    assert found == Found("Harbour wall to be rebuilt", "h1")


def test_logo_and_section_h1_are_passed_over() -> None:
    found = _title(
        '<html><head><meta property="og:title" content="Rain floods the old market"></head>'
        "<body><h1>Daily Example</h1><h1>Nasional</h1><h1>Rain floods the old market</h1>"
        "</body></html>"
    )
    assert found == Found("Rain floods the old market", "h1")


def test_declared_title_when_no_h1_agrees() -> None:
    found = _title(
        "<html><head>"
        '<meta property="og:title" content="Polres Serahkan Anggota ke Kejaksaan - Kompas.com">'
        "<title>Polres Serahkan Anggota ke Kejaksaan - Kompas.com Regional</title>"
        "</head><body><h1>Regional</h1></body></html>"
    )
    assert found is not None
    assert found.value == "Polres Serahkan Anggota ke Kejaksaan"
    assert found.signal == "meta:og:title"


def test_json_ld_headline_is_first_declared_title() -> None:
    found = _title(
        '<html><head><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Bridge opens after ten years"}</script>'
        "<title>Bridge opens | Daily Example</title></head><body><p>x</p></body></html>"
    )
    assert found == Found("Bridge opens after ten years", "json-ld")


def test_title_classed_element_showing_the_declared_title() -> None:
    found = _title(
        "<html><head><title>KPK Periksa Pejabat MA | Daily Example</title></head><body>"
        "<h1>Inpicture</h1><div class='jdl-pic'>In Picture: KPK Periksa Pejabat MA</div>"
        "</body></html>"
    )
    assert found == Found("In Picture: KPK Periksa Pejabat MA", "title-class")


def test_single_h1_without_declared_titles() -> None:
    found = _title("<html><body><h1>  Only   heading\n here </h1></body></html>")
    assert found == Found("Only heading here", "h1")


def test_no_title_at_all() -> None:
    assert _title("<html><body><p>text</p></body></html>") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Harbour wall | Daily Example", "Harbour wall"),
        ("Daily Example :: Harbour wall rebuilt", "Harbour wall rebuilt"),
        ("Kompas.com: Harbour wall rebuilt", "Harbour wall rebuilt"),
        (
            "X can learn from Y: Pratikno | National | Tempo.Co :: Indonesian News Portal",
            "X can learn from Y: Pratikno",
        ),
        ("Brexit - what happens next", "Brexit - what happens next"),
        ("Harbour wall — Daily Example", "Harbour wall"),
        # A web address names a site even when it is not this page's domain.
        (
            "Tanggul Jebol, Ratusan Rumah Terendam - Tribunkaltim.co",
            "Tanggul Jebol, Ratusan Rumah Terendam",
        ),
        (
            "Sering Depresi, Hati-Hati Diabetes! - Health :: Okezone Lifestyle",
            "Sering Depresi, Hati-Hati Diabetes!",
        ),
    ],
)
def test_strip_site_name(raw: str, expected: str) -> None:
    assert strip_site_name(raw, KEYS | {"okezone"}) == expected
