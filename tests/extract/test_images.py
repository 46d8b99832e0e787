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


def test_caption_box_after_an_article_figure_with_an_author_credit() -> None:
    images = _images(
        '<html><body><article><div class="photo"><figure class="photo__img">'
        '<img src="/photo/2026/11/18/bersih-lumpur-baleendah.jpg"></figure>'
        '<div class="photo__caption">Warga membersihkan lumpur, Rabu (18/11/2026). '
        '<span class="photo__author">Outlet.com/Rizki Maulana</span></div></div>'
        "<p>Body text.</p></article></body></html>"
    )
    assert images == [
        Image(
            "https://www.example.com/photo/2026/11/18/bersih-lumpur-baleendah.jpg",
            "Warga membersihkan lumpur, Rabu (18/11/2026).",
            "Outlet.com/Rizki Maulana",
        )
    ]


LEAD = "https://cdn.example.com/foto/bank/images/gedung-bank-indonesia.jpg"


def _lead_page(box: str) -> str:
    return (
        f'<html><head><meta property="og:image" content="{LEAD}"></head><body>'
        f'<div id="article"><h1>Headline</h1>{box}<div class="txt-article"><p>Body.</p>'
        "</div></div></body></html>"
    )


def test_lead_caption_is_the_only_other_child_of_the_picture_box() -> None:
    box = (
        f'<div class="imgfull_div"><a href="/foto"><img class="imgfull" src="{LEAD}"></a>'
        '<div class="f12 grey2">Gedung Bank Indonesia, Jakarta, Kamis (19/11/2026). '
        "(OUTLET.COM/Syamsul Bahri)</div></div>"
    )
    assert _images(_lead_page(box)) == [
        Image(
            LEAD, "Gedung Bank Indonesia, Jakarta, Kamis (19/11/2026).", "OUTLET.COM/Syamsul Bahri"
        )
    ]


def test_lead_caption_from_a_figure_outside_the_article() -> None:
    box = (
        f'<figure><img data-src="{LEAD}"><figcaption>Gedung BI. Foto: Jane Roe</figcaption>'
        "</figure>"
    )
    assert _images(_lead_page(box)) == [Image(LEAD, "Gedung BI.", "Jane Roe")]


def test_a_credit_beside_the_picture_is_no_caption() -> None:
    for box in (
        f'<div><img src="{LEAD}"><div class="thumbnail-credit">Getty Images</div></div>',
        f'<div><img src="{LEAD}"><div class="caption"><span class="credit">Getty Images</span>'
        "</div></div>",
    ):
        assert _images(_lead_page(box)) == [Image(LEAD, None, "Getty Images")], box


def test_body_text_beside_a_picture_is_no_caption() -> None:
    long_text = "Bank Indonesia menahan suku bunga acuan. " * 12
    boxes = [
        # Unclassed text in a box holding more than the picture and it.
        f'<div><img src="{LEAD}"><div>Gedung BI.</div><div>Another block.</div></div>',
        # Too long to be a caption, even classed as one.
        f'<div><img src="{LEAD}"><div class="caption">{long_text}</div></div>',
        # Paragraphs, not a caption.
        f'<div><img src="{LEAD}"><div><p>First paragraph.</p><p>Second one.</p></div></div>',
        # A headline link beside a thumbnail.
        f'<div><img src="{LEAD}"><div class="desc"><a href="/x">Another story</a></div></div>',
        # A teaser card's title beside its thumbnail.
        f'<div><img src="{LEAD}"><div class="card-title">Gedung BI dijual</div></div>',
        # A label over a video thumbnail, inside the link.
        f'<div><a href="/v/1"><img src="{LEAD}"><span class="overlay">Video</span></a></div>',
        # Text between the picture and the element.
        f'<div><img src="{LEAD}"> Gedung BI <div class="caption">Gedung BI.</div></div>',
    ]
    for box in boxes:
        assert _images(_lead_page(box)) == [Image(LEAD)], box


def test_no_images() -> None:
    assert _images("<html><body><p>text</p></body></html>") == []
