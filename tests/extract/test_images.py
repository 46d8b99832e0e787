"""Lead image first, article figures with captions, lazy and relative addresses."""

from __future__ import annotations

from warta.extract.document import Page
from warta.extract.images import read_images
from warta.extract.metascan import scan
from warta.extract.structured import article_object
from warta.record import Image

URL = "https://www.example.com/news/2024/harbour.html"


def _images(html: str) -> list[Image]:
    page = Page.parse(html, URL)
    found = read_images(page, scan(page), article_object(page))
    return found.value if found is not None else []


def test_lead_from_og_image_then_figures_with_captions() -> None:
    images = _images(
        '<html><head><meta property="og:image" content="/img/lead.jpg"></head><body><article>'
        '<figure><img src="../photos/wall.jpg"><figcaption>The new wall. (Photo: Jane Roe/AFP)'
        "</figcaption></figure></article></body></html>"
    )
    assert images == [
        Image("https://www.example.com/img/lead.jpg"),
        Image("https://www.example.com/news/photos/wall.jpg", "The new wall.", "Jane Roe/AFP"),
    ]


def test_lazy_image_prefers_data_src_and_widest_srcset() -> None:
    images = _images(
        "<html><body><article>"
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/a/lazy.jpg"></figure>'
        '<figure><img src="/a/small.jpg" srcset="/a/s.jpg 480w, /a/big.jpg 1200w, /a/m.jpg 800w">'
        "</figure></article></body></html>"
    )
    assert [i.url for i in images] == [
        "https://www.example.com/a/lazy.jpg",
        "https://www.example.com/a/big.jpg",
    ]


def test_figures_outside_the_article_pixels_and_logos_are_skipped() -> None:
    images = _images(
        "<html><body><aside><figure><img src='/side.jpg'></figure></aside><main>"
        "<figure><img src='/t.gif' width='1' height='1'></figure>"
        "<figure><img src='/static/site-logo.png'></figure>"
        "<figure><img src='/real.jpg'></figure></main></body></html>"
    )
    assert [i.url for i in images] == ["https://www.example.com/real.jpg"]


def test_credit_element_and_same_file_merge_into_lead() -> None:
    images = _images(
        '<html><head><meta property="og:image" content="https://cdn.example.com/1200/harbour-dawn-01.jpg">'
        '</head><body><div itemprop="articleBody"><figure>'
        '<img src="https://cdn.example.com/640/harbour-dawn-01.jpg">'
        '<figcaption>Dawn over the harbour <span class="credit">Photo: City Archive</span>'
        "</figcaption></figure></div></body></html>"
    )
    assert images == [
        Image(
            "https://cdn.example.com/1200/harbour-dawn-01.jpg",
            "Dawn over the harbour",
            "City Archive",
        )
    ]


def test_json_ld_image_object_when_no_meta() -> None:
    images = _images(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "h", "image": {"@type": "ImageObject", "url": "/ld.jpg"}}</script>'
        "</head><body></body></html>"
    )
    assert images == [Image("https://www.example.com/ld.jpg")]


def test_no_images() -> None:
    assert _images("<html><body><p>text</p></body></html>") == []
