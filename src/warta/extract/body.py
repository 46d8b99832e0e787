"""Main text: find the article container, then keep its text blocks in order.

1. Cut the page into blocks (:mod:`warta.extract.blocks`).
2. Choose the container that holds the article (:mod:`warta.extract.container`).
3. Inside it, drop what is not article text (link lists, captions, ads, labels, the
   headline repeated) and record each drop in ``removed`` with its kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from selectolax.lexbor import LexborNode

from warta.extract.blocks import HEADINGS, Block, collect_blocks
from warta.extract.boilerplate import boilerplate_text_kind, related_title
from warta.extract.container import CAPTION_TAGS, LINK_DENSITY, choose_container
from warta.extract.document import Page
from warta.extract.names import add_credited, parse_byline
from warta.extract.options import ExtractOptions
from warta.extract.urls import normalise_url
from warta.news.pagination import is_page_link, is_pagination_text, page_ref
from warta.record import Article, Paragraph, Related, Removed

__all__ = ["read_body"]

# A page whose kept text is shorter than this, with no paragraph this long, has no
# article: a front page, an error page, a gallery.
MIN_ARTICLE_CHARS = 100
# A gallery page needs at least this many distinct captions to be read as one.
GALLERY_MIN = 2
# The markup's text must reach this share of a JSON-LD articleBody, else the structured
# text is used. On the shared benchmark the markup holds 0.7-1.2 of it wherever both exist.
STRUCTURED_SHARE = 0.5


# Code, not text: removed from the tree in C before the walk.
CODE_TAGS = ("script", "style", "noscript", "template")
# A visible address (a URL or an e-mail written out) is a reference the author gave: a
# line showing one is not a link list, however much of it is link.
_VISIBLE_ADDRESS = re.compile(r"https?://\S|www\.\S|\S@\S+\.\w")


def read_body(
    page: Page,
    article: Article,
    options: ExtractOptions,
    *,
    container: LexborNode | None = None,
    inserts: Sequence[tuple[str, LexborNode]] = (),
) -> None:
    """Fill ``paragraphs`` and ``removed`` from the page's main content.

    ``container`` is the article element when a site profile knows it; ``inserts`` are
    elements a profile names as inserts (kind, element), recorded and taken out first.
    This is the last reader of the page: it strips code elements from the shared tree.
    """
    root = page.tree.body or page.tree.root
    if root is None:
        article.provenance["body"] = "empty:no-document"
        return
    _take_out(inserts, article)
    page.tree.strip_tags(list(CODE_TAGS))
    if container is not None:
        # A profile's selector can be wider than the article ('div.content'): the choice
        # is made again inside it, which keeps all of a container that is the article.
        blocks = collect_blocks(container, page_chars=len(root.text(deep=True)))
        start, end = choose_container(blocks) or (0, len(blocks))
    else:
        blocks, start, end = _container_blocks(root)
    outer = _ancestor_ids(blocks[start])
    kept = _select(blocks[start:end], article, outer)
    article.paragraphs = kept
    gallery = _use_gallery_captions(root, article, blocks[start].node.mem_id)
    if gallery or _use_structured_body(page, article):
        return
    if _is_short(kept):
        article.provenance["body"] = "empty:no-main-text" if not kept else "short"
    else:
        article.provenance["body"] = f"container:{blocks[start].tag}"


def _take_out(inserts: Sequence[tuple[str, LexborNode]], article: Article) -> None:
    """Record and remove the inserts a profile named; an insert inside another goes with it."""
    ids = {node.mem_id for _, node in inserts}
    for kind, node in [(k, n) for k, n in inserts if not _inside(n, ids)]:
        text = " ".join(node.text(deep=True, separator=" ").split())
        if text:
            article.removed.append(Removed(kind, text))
        if kind == "related-link":
            _add_related(article, node.css("a"))
        node.decompose()


def _inside(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _is_short(paragraphs: list[Paragraph]) -> bool:
    return sum(len(p.text) for p in paragraphs) < MIN_ARTICLE_CHARS and not _has_prose(paragraphs)


def _use_gallery_captions(root: LexborNode, article: Article, container: int) -> bool:
    """A photo gallery has no article text: its captions are what the page says.

    Taken when the container found nothing worth the name, or when the captions say more
    than the container and none of them is in it (the container is then a rail beside
    the gallery; an article's own photos sit inside the article).
    """
    nodes = root.css("figcaption")
    if len(nodes) < GALLERY_MIN:
        return False
    captions: list[str] = []
    for node in nodes:
        text = " ".join(node.text(deep=True, separator=" ").split())
        if text and text not in captions:
            captions.append(text)
    total = sum(len(c) for c in captions)
    if len(captions) < GALLERY_MIN or total < MIN_ARTICLE_CHARS:
        return False
    inside = any(_inside(node, {container}) for node in nodes)
    if not _is_short(article.paragraphs) and (inside or total <= len(article.body)):
        return False
    article.paragraphs = [Paragraph("paragraph", c) for c in captions]
    article.provenance["body"] = "gallery:figcaption"
    return True


def _container_blocks(root: LexborNode) -> tuple[list[Block], int, int]:
    """The blocks to select from and the [start, end) slice of the container in them.

    A page that declares its body (one ``itemprop=articleBody``) is taken at its word and
    only that element is walked. Otherwise the page is walked with boilerplate elements
    collapsed, which settles most pages; when the marks may have sat on the article
    itself, the page is walked again in full (see :func:`choose_container`).
    """
    page_chars = len(root.text(deep=True))
    declared = root.css('[itemprop="articleBody" i]')
    if len(declared) == 1:
        blocks = collect_blocks(declared[0], page_chars=page_chars)
        return blocks, 0, len(blocks)
    blocks = collect_blocks(root, collapse=True, page_chars=page_chars)
    found = choose_container(blocks)
    if found is None:
        blocks = collect_blocks(root, page_chars=page_chars)
        found = choose_container(blocks)
        assert found is not None  # a full walk has no collapsed block
    return blocks, found[0], found[1]


def _use_structured_body(page: Page, article: Article) -> bool:
    """Fall back to the JSON-LD ``articleBody`` when the page's markup holds much less.

    Pages rendered by script often ship the full text only in their structured data;
    the markup then holds a teaser or nothing.
    """
    declared = [
        obj["articleBody"] for obj in page.jsonld if isinstance(obj.get("articleBody"), str)
    ]
    if not declared:
        return False
    text = max(declared, key=len).strip()
    found = sum(len(p.text) for p in article.paragraphs)
    if len(text) < MIN_ARTICLE_CHARS or found >= STRUCTURED_SHARE * len(text):
        return False
    lines = [" ".join(line.split()) for line in text.splitlines()]
    article.paragraphs = [Paragraph("paragraph", line) for line in lines if line]
    article.provenance["body"] = "json-ld:articleBody"
    return True


def _ancestor_ids(block: Block) -> set[int]:
    """mem_ids of the container element and every element above it."""
    ids: set[int] = set()
    node: LexborNode | None = block.node
    while node is not None:
        ids.add(node.mem_id)
        node = node.parent
    return ids


def _select(blocks: list[Block], article: Article, outer: set[int]) -> list[Paragraph]:
    title = (article.title or "").strip().lower()
    kept: list[Paragraph] = []
    for b in blocks:
        if not b.text:
            continue
        reason = _drop_reason(b, title, b.junk_at not in outer)
        if reason == "related-link" and is_pagination_text(b.text):
            reason = "pagination"
        if reason:
            article.removed.append(Removed(reason, b.text))
            if reason == "related-link":
                _add_related(article, b.node.css("a"), b.text)
            elif reason == "byline":
                writers, editors = parse_byline(b.text)
                add_credited(article, "authors", writers, "body-byline")
                add_credited(article, "editors", editors, "body-byline")
        elif b.tag in HEADINGS:
            kept.append(Paragraph("heading", b.text))
        else:
            kept.extend(_keep_lines(b, article))
    return _trim_edges(kept, article)


def _keep_lines(b: Block, article: Article) -> list[Paragraph]:
    """The lines of a block that holds prose, without its link-list lines.

    A ``<div>`` with text directly inside can run a paragraph and a list of related links
    together, separated only by line breaks.
    """
    if len(b.lines) == 1:
        return [Paragraph(b.kind, b.lines[0])]
    kept: list[Paragraph] = []
    for line, links in zip(b.lines, b.line_links, strict=True):
        if links > LINK_DENSITY * len(line) and not _VISIBLE_ADDRESS.search(line):
            article.removed.append(Removed("related-link", line))
            anchors = [a for a in b.node.css("a") if _anchor_text(a) in line]
            _add_related(article, anchors)
        else:
            kept.append(Paragraph(b.kind, line))
    return kept


def _drop_reason(b: Block, title: str, junk_inside: bool) -> str | None:
    if b.junk and junk_inside:
        return _junk_kind(b.junk)
    if b.tag in CAPTION_TAGS:
        return "caption"
    if b.tag in HEADINGS:
        return "title" if b.text.lower() == title or b.tag == "h1" else None
    if b.link_density > LINK_DENSITY and len(b.lines) == 1:
        return None if _VISIBLE_ADDRESS.search(b.text) else "related-link"
    return boilerplate_text_kind(b.text)


_JUNK_KINDS = {
    "advertisement": ("ad", "ads", "advert", "banner", "sponsor", "promo", "dfp", "gpt"),
    "related-link": ("related", "recommend", "read", "baca", "terkait", "popular", "trending"),
    "caption": ("caption", "credit"),
    "comment": ("comment", "komentar", "disqus", "respond", "repl"),
    "share": ("share", "social", "sosmed", "socmed", "addthis"),
    "byline": ("byline", "author", "bio", "meta", "timestamp", "dateline"),
    "follow-prompt": ("newsletter", "subscri", "sign", "follow", "app"),
}


def _junk_kind(word: str) -> str:
    for kind, stems in _JUNK_KINDS.items():
        if word.startswith(stems):
            return kind
    return "boilerplate"


def _has_prose(paragraphs: list[Paragraph]) -> bool:
    return any(len(p.text) >= MIN_ARTICLE_CHARS for p in paragraphs)


def _trim_edges(paragraphs: list[Paragraph], article: Article) -> list[Paragraph]:
    """Drop trailing headings that introduce nothing (a 'Related' rail's title)."""
    while paragraphs and paragraphs[-1].kind == "heading":
        article.removed.append(Removed("heading", paragraphs.pop().text))
    return paragraphs


def _anchor_text(anchor: LexborNode) -> str:
    return " ".join(anchor.text(deep=True, separator=" ").split())


def _add_related(article: Article, anchors: list[LexborNode], text: str = "") -> None:
    """Links of a removed related-links insert, as ``related`` (title, absolute URL).

    A labelled insert without a link ('Baca juga: <title>' as plain text) keeps its title.
    Page links ('Halaman selanjutnya', ``?page=2`` of this article) are navigation, not
    related stories, and are left out.
    """
    if not anchors:
        title = related_title(text)
        if title:
            article.related.append(Related(title, None))
        return
    base = article.canonical_url or article.url
    here = page_ref(base)
    known = {r.url for r in article.related}
    for anchor in anchors:
        title = _anchor_text(anchor)
        attrs = anchor.attributes
        url = normalise_url(attrs.get("href"), base)
        if not title or not url or url in known:
            continue
        if not is_page_link(title, url, attrs.get("rel"), here):
            known.add(url)
            article.related.append(Related(title, url))
