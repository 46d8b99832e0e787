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

from warta.extract.captions import MAX_CREDIT_WORDS, split_credit, strip_bare_label
from warta.extract.document import Found, Page
from warta.extract.metascan import Scan
from warta.extract.metatext import hint, node_text
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
# A credit inside a caption box; 'author' there is the photographer ('photo__author').
_CREDIT_CLASSES = (
    "[class*=credit], [class*=copyright], [class*=source], [class*=photographer], [class*=author]"
)
_CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|author")
# A caption printed beside the picture instead of in a <figcaption> ('photo__caption',
# 'keterangan-foto', 'img-desc'). Longer text than this beside a picture is article text.
MAX_CAPTION_CHARS = 400
_CAPTION_CLASS = re.compile(r"caption|keterangan|(?<![a-z])(?:desc|description|ket)(?![a-z])")
# A teaser card puts a story's title or date beside its thumbnail: that is no caption.
_TEASER_CLASS = re.compile(r"title|headline|judul|date|time")
_CAPTION_TAGS = frozenset({"div", "p", "span", "small", "figcaption", "em", "i", "cite"})
# What a caption never holds: another picture, a list, a table, a heading, paragraphs.
_NOT_CAPTION = "img, picture, figure, video, iframe, ul, ol, table, h1, h2, h3, h4, h5, h6, p + p"
# How many one-child boxes (<a>, <picture>, a bare <figure>) may stand between the picture
# and the box it shares with its caption.
WRAPPER_LEVELS = 3
# Headlines whose box may hold the lead picture (a masthead <h1> may come first).
MAX_HEADLINES = 3


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
    if lead is not None and images[0].caption is None:
        _caption_lead(page, found, images[0])
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
    caption_node = figure.css_first("figcaption") or _caption_beside(figure)
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
    """Caption and credit; a credit-classed child (or the box itself) wins over the text
    rules: a short box holding only 'Getty Images' is a credit without a caption."""
    text = node_text(node)
    label = hint(node)
    if _CREDIT_CLASS.search(label) and not _CAPTION_CLASS.search(label) and _short(text):
        return None, split_credit(text)[1] or text
    # css_first matches the box itself too: only a child is a credit element here.
    credit_node = next((n for n in node.css(_CREDIT_CLASSES) if n.mem_id != node.mem_id), None)
    if credit_node is not None:
        credit = node_text(credit_node)
        if credit == text and _short(credit):
            return None, split_credit(credit)[1] or credit
        if credit and credit != text:
            rest, _ = split_credit(strip_bare_label(text.replace(credit, "")))
            return rest, split_credit(credit)[1] or credit
    return split_credit(text)


def _short(credit: str) -> bool:
    return bool(credit) and len(credit.split()) <= MAX_CREDIT_WORDS


def _caption_lead(page: Page, found: Scan, lead: Image) -> None:
    """Caption the lead picture where the page shows it outside an article <figure>.

    Outlets put the top photo in a plain box by the headline ('div.imgfull_div'), so it
    is looked for there, by its file name; the article element or the headline's box is
    a fraction of the page to walk.
    """
    name = lead.url.split("?", 1)[0].rsplit("/", 1)[-1]
    if len(name) < 5 or '"' in name or "\\" in name:
        return
    tests = ", ".join(f'[{attr}*="{name}"]' for attr in ("src", *_LAZY, *_SRCSETS))
    for box in _lead_boxes(found):
        for img in box.css(f"img:is({tests})"):
            url = _usable(_img_url(img.attrs), page.url)
            node = _caption_node(img) if url and _same_file(lead.url, url) else None
            if node is not None:
                lead.caption, lead.credit = _caption(node)
                return


def _lead_boxes(found: Scan) -> list[LexborNode]:
    """The article element, else the box of each headline (above its <header>, if any)."""
    root = found.article_root()
    if root is not None:
        return [root]
    boxes: list[LexborNode] = []
    for headline in found.h1[:MAX_HEADLINES]:
        box = headline.parent
        if box is not None and box.tag in ("header", "hgroup"):
            box = box.parent
        if box is None or box.tag in ("body", "html"):
            continue
        if all(known.mem_id != box.mem_id for known in boxes):
            boxes.append(box)
    return boxes


def _caption_node(img: LexborNode) -> LexborNode | None:
    """The caption of an <img>: its figure's <figcaption>, else an element beside it."""
    node = img.parent
    for _ in range(WRAPPER_LEVELS):
        if node is None:
            break
        if node.tag == "figure":
            caption = node.css_first("figcaption")
            if caption is not None:
                return caption
        node = node.parent
    return _caption_beside(img)


def _caption_beside(holder: LexborNode) -> LexborNode | None:
    """The caption element right after a picture (an <img> or the <figure> around it).

    Only the next element is looked at, through one-child boxes such as a link around
    the picture: a caption classed as one, or the only other child of the picture's box
    ('<div><img><div>Caption (Outlet/Name)</div></div>'). Body text never sits there.
    """
    node = holder
    for _ in range(WRAPPER_LEVELS):
        sibling = _next_element(node)
        if sibling is not None:
            return sibling if _is_caption_box(sibling, node) else None
        parent = node.parent
        if parent is None or _children(parent) != 1:
            return None
        node = parent
    return None


def _next_element(node: LexborNode) -> LexborNode | None:
    """The element after ``node``, unless text stands between them."""
    following = node.next
    while following is not None and following.tag in ("-text", "-comment"):
        if following.tag == "-text" and (following.text_content or "").strip():
            return None
        following = following.next
    return following


def _children(node: LexborNode) -> int:
    """The number of child elements, or -1 when the element also holds loose text."""
    count = 0
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            if (child.text_content or "").strip():
                return -1
        elif child.tag != "-comment":
            count += 1
    return count


def _is_caption_box(node: LexborNode, picture: LexborNode) -> bool:
    """Short text without pictures or paragraphs of its own, mostly not links, and either
    classed as a caption or alone with the picture in their box."""
    if node.tag not in _CAPTION_TAGS or node.css_first(_NOT_CAPTION) is not None:
        return False
    text = node_text(node)
    if not text or len(text) > MAX_CAPTION_CHARS:
        return False
    linked = sum(len(node_text(a)) for a in node.css("a"))
    if linked * 2 > len(text):
        return False
    label = hint(node)
    if _TEASER_CLASS.search(label):
        return False
    if _CAPTION_CLASS.search(label):
        return True
    # Unclassed: alone with the picture in a box that is no link (a link around a
    # thumbnail and a label is a teaser or a video button).
    box = picture.parent
    return box is not None and box.tag != "a" and _children(box) == 2
