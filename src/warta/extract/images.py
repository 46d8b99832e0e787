"""The article's images: the lead image first, then the figures inside the article.

The lead image is the one the page declares for sharing (``og:image``, the JSON-LD
article's ``image``, ``twitter:image``, a microdata ``itemprop=image``). Body images are
the ``<figure>`` elements inside an article-like container (``<article>``,
``itemprop=articleBody``, ``<main>``), with their caption and credit. Lazy-loading
attributes are preferred over ``src``, which then often holds a placeholder.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborAttributes, LexborNode

from warta.extract.captions import split_credit, strip_bare_label
from warta.extract.document import Found, Page
from warta.extract.metascan import Scan
from warta.extract.metatext import node_text
from warta.extract.structured import image_urls
from warta.extract.urls import normalise_url
from warta.record import Image

__all__ = ["read_images"]

MAX_IMAGES = 30
# How far up a figure may sit below its article container; deeper layouts are rare.
MAX_DEPTH = 40
_LEAD_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
_LAZY = ("data-src", "data-lazy-src", "data-original", "data-url", "data-full-src")
_SRCSETS = ("data-srcset", "data-lazy-srcset", "srcset")
# Tracking pixels, spacers, placeholders and site chrome, recognised by file name.
_JUNK = re.compile(
    r"pixel|spacer|blank|1x1|transparent|placeholder|loading|logo|icon|favicon"
    r"|sprite|avatar|gravatar|emoji|badge"
)
_WIDTH = re.compile(r"(\d+)\s*[wx]")
_CREDIT_CLASSES = "[class*=credit], [class*=copyright], [class*=source], [class*=photographer]"


def read_images(
    page: Page, found: Scan, article: dict[str, Any] | None
) -> Found[list[Image]] | None:
    """Images with captions, the lead first, de-duplicated by address.

    The signal names where the lead image came from ('meta:og:image', 'json-ld',
    'figure').
    """
    images: list[Image] = []
    lead = _lead_url(page, found, article)
    if lead is not None:
        images.append(Image(lead.value))
    for figure in found.figures:
        if len(images) >= MAX_IMAGES:
            break
        if not _in_article(figure):
            continue
        image = _figure_image(figure, page.url)
        if image is not None:
            _merge(images, image)
    if not images:
        return None
    return Found(images, lead.signal if lead is not None else "figure")


def _lead_url(page: Page, found: Scan, article: dict[str, Any] | None) -> Found[str] | None:
    candidates = [(v, "meta:og:image") for v in page.meta.get("og:image", ())]
    if article is not None:
        candidates.extend((v, "json-ld") for v in image_urls(article.get("image")))
    for name in _LEAD_META[1:]:
        candidates.extend((v, f"meta:{name}") for v in page.meta.get(name, ()))
    for node in found.prop("image"):
        if node.tag == "img":
            candidates.append((_img_url(node.attrs) or "", "itemprop:image"))
    for raw, signal in candidates:
        url = _usable(raw, page.url)
        if url:
            return Found(url, signal)
    return None


def _merge(images: list[Image], image: Image) -> None:
    """Add ``image`` unless listed; a figure of the lead image lends it its caption."""
    lead = images[0] if images else None
    if lead is not None and _same_file(lead.url, image.url):
        lead.caption = lead.caption or image.caption
        lead.credit = lead.credit or image.credit
        return
    if all(known.url != image.url for known in images):
        images.append(image)


def _same_file(a: str, b: str) -> bool:
    """The same picture at another size: CDNs keep the file name and change the path."""
    if a == b:
        return True
    name_a = a.split("?", 1)[0].rsplit("/", 1)[-1]
    name_b = b.split("?", 1)[0].rsplit("/", 1)[-1]
    return len(name_a) > 12 and name_a == name_b


def _in_article(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(MAX_DEPTH):
        if parent is None or parent.tag in ("body", "html"):
            return False
        if parent.tag in ("article", "main"):
            return True
        itemprop = parent.attrs.get("itemprop") or ""
        if "articleBody" in itemprop or "articlebody" in itemprop:
            return True
        parent = parent.parent
    return False


def _figure_image(figure: LexborNode, base: str | None) -> Image | None:
    img = figure.css_first("img")
    raw = None
    if img is not None:
        attrs = img.attrs
        if _junk_img(attrs):
            return None
        raw = _img_url(attrs)
    if raw is None:
        source = figure.css_first("source[srcset], source[data-srcset]")
        raw = _largest(source.attrs) if source is not None else None
    url = _usable(raw, base)
    if url is None:
        return None
    caption_node = figure.css_first("figcaption")
    if caption_node is None:
        return Image(url)
    caption, credit = _caption(caption_node)
    return Image(url, caption, credit)


def _img_url(attrs: LexborAttributes) -> str | None:
    """The real address of an <img>: a lazy-loading attribute, the widest srcset, src."""
    for name in _LAZY:
        value = attrs.get(name)
        if value and not value.startswith("data:"):
            return value
    return _largest(attrs) or attrs.get("src")


def _largest(attrs: LexborAttributes) -> str | None:
    """The widest candidate of a ``srcset`` ('a.jpg 480w, b.jpg 1080w' -> 'b.jpg')."""
    for name in _SRCSETS:
        value = attrs.get(name)
        if not value:
            continue
        best, best_width = None, -1
        for entry in value.split(","):
            parts = entry.split()
            if not parts or parts[0].startswith("data:"):
                continue
            size = _WIDTH.match(parts[1]) if len(parts) > 1 else None
            width = int(size.group(1)) if size else 0
            if width > best_width:
                best, best_width = parts[0], width
        if best:
            return best
    return None


def _usable(raw: str | None, base: str | None) -> str | None:
    if not raw or raw.strip().startswith("data:"):
        return None
    url = normalise_url(raw, base)
    if url is None or _JUNK.search(url.split("?", 1)[0].rsplit("/", 1)[-1].lower()):
        return None
    return url


def _junk_img(attrs: LexborAttributes) -> bool:
    """A tracking pixel (1-2 px) or site chrome named so in its class or id."""
    for name in ("width", "height"):
        value = (attrs.get(name) or "").strip()
        if value.isdigit() and int(value) <= 2:
            return True
    label = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(word in label for word in ("logo", "icon", "avatar", "pixel"))


def _caption(node: LexborNode) -> tuple[str | None, str | None]:
    """Caption and credit; a credit-classed child wins over the text rules."""
    text = node_text(node)
    credit_node = node.css_first(_CREDIT_CLASSES)
    if credit_node is not None:
        credit = node_text(credit_node)
        if credit and credit != text:
            rest, _ = split_credit(strip_bare_label(text.replace(credit, "")))
            return rest, split_credit(credit)[1] or credit
    return split_credit(text)
