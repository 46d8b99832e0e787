"""Canonical address normalisation and the outlet's registered domain."""

from __future__ import annotations

import pytest

from warta.extract.document import Found, Page
from warta.extract.urls import canonical_url, normalise_url, outlet, site_keys


@pytest.mark.parametrize(
    ("raw", "base", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/A/Path?id=7&utm_source=x#top",
            None,
            "https://www.example.com/A/Path?id=7",
        ),
        ("http://example.com:80", None, "http://example.com/"),
        ("http://example.com:8080/a", None, "http://example.com:8080/a"),
        ("/news/1?fbclid=abc&gclid=d", "https://example.co.id/x/y", "https://example.co.id/news/1"),
        ("story.html", "https://example.com/a/b/", "https://example.com/a/b/story.html"),
        # An IPv6 literal keeps its brackets (without them the address reads as a port).
        ("http://[2001:DB8::1]:8080/berita", None, "http://[2001:db8::1]:8080/berita"),
        ("https://[::1]/", None, "https://[::1]/"),
        ("http://exa mple.com/berita", None, None),  # no host name has a space
        ("mailto:someone@example.com", None, None),
        ("javascript:void(0)", None, None),
        ("", None, None),
    ],
)
def test_normalise_url(raw: str, base: str | None, expected: str | None) -> None:
    assert normalise_url(raw, base) == expected


def test_canonical_link_beats_og_url_and_is_resolved() -> None:
    page = Page.parse(
        '<html><head><link rel="canonical" href="/news/harbour?utm_medium=rss">'
        '<meta property="og:url" content="https://example.com/other"></head></html>',
        "https://www.example.com/news/harbour?ref=home",
    )
    assert canonical_url(page) == Found("https://www.example.com/news/harbour", "link:canonical")


def test_home_page_canonical_on_an_article_is_ignored() -> None:
    page = Page.parse(
        '<html><head><link rel="canonical" href="https://example.com/">'
        '<meta property="og:url" content="https://example.com/news/harbour"></head></html>',
        "https://example.com/news/harbour",
    )
    assert canonical_url(page) == Found("https://example.com/news/harbour", "meta:og:url")


def test_no_canonical() -> None:
    assert canonical_url(Page.parse("<html><head></head></html>", "https://example.com/a")) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://regional.kompas.com/read/1", "kompas.com"),
        ("https://www.tribunkaltim.co/news/1", "tribunkaltim.co"),
        ("https://news.detik.co.id/berita/1", "detik.co.id"),
        ("https://www.BBC.co.uk/news/1", "bbc.co.uk"),
        ("http://127.0.0.1:8000/a", "127.0.0.1"),
        ("http://[::1]:8000/a", "::1"),
        ("http://localhost/a", "localhost"),
        ("https://news.example.invalidtld/a", "news.example.invalidtld"),
        # Wildcard and exception rules: *.ck makes bar.ck a suffix, !www.ck undoes it.
        ("https://foo.bar.ck/a", "foo.bar.ck"),
        ("https://www.ck/a", "www.ck"),
        ("https://b.x.go.id/a", "x.go.id"),
        # Internationalised names, as written and in punycode.
        ("https://berita.пример.рф/a", "пример.рф"),
        ("https://berita.xn--e1afmkfd.xn--p1ai/a", "xn--e1afmkfd.xn--p1ai"),
        # Only the ICANN section: private registries do not make an outlet per subdomain.
        ("https://someone.blogspot.com/2024/01/a.html", "blogspot.com"),
        ("https://go.id/", "go.id"),
        (None, None),
    ],
)
def test_outlet(url: str | None, expected: str | None) -> None:
    assert outlet(url) == expected


def test_site_keys_from_names_and_domain() -> None:
    page = Page.parse(
        '<html><head><meta property="og:site_name" content="KOMPAS.com"></head></html>'
    )
    assert site_keys(page, "kompas.com", "Kompas Cyber Media") == {
        "kompascom",
        "kompas",
        "kompascybermedia",
    }
