"""The deck (standfirst) under the headline, when the page shows one.

Not the meta description: that is an SEO blurb, often the first body sentence. A deck is
an element right after the headline whose class, id or microdata says standfirst, dek,
subtitle, summary, excerpt, intro or lead; or a JSON-LD ``alternativeHeadline`` or
``description`` that the page also shows there, as a heading or deck-classed element.
Only the headline's neighbourhood is read: searching the whole page for the declared
text cost up to 0.7 ms on the largest benchmark pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborNode

from warta.extract.document import Found, Page
from warta.extract.metascan import Scan
from warta.extract.metatext import hint, node_text, word_list
from warta.extract.structured import first_text

__all__ = ["read_lead"]

# Deck length bounds: decks seen in the benchmark pages run one to three sentences
# (30-400 chars); shorter is a kicker or label, longer is body text.
MIN_CHARS, MAX_CHARS, MIN_WORDS = 20, 600, 4
# Levels above the headline to search: enough for <article><header><h1> layouts.
UP_LEVELS = 3
# Element siblings, and children of each, looked at per level: decks follow the headline
# closely, after at most a byline and a date, or open the block that follows it.
MAX_SIBLINGS, MAX_CHILDREN = 4, 3
_HINTS = re.compile(
    r"(?<![a-z])(?:standfirst|dek|deck|sub-?title|sub-?headline|subhead|summary|excerpt"
    r"|intro|lead|strapline|abstract)(?![a-z])"
)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6", "hgroup"})


def read_lead(
    page: Page, found: Scan, title: str | None, article: dict[str, Any] | None
) -> Found[str] | None:
    """The deck under ``title``, or None when the page has none."""
    anchor = _headline_node(found, title)
    if anchor is None:
        return None
    neighbours = list(_neighbours(anchor))
    near = _hinted_deck(neighbours, title)
    if near is not None or article is None:
        return near
    for key in ("alternativeHeadline", "description"):
        text = first_text(article.get(key))
        if text and text != title:
            shown = _shown(neighbours, text, strict=key == "description")
            if shown:
                return Found(text, f"json-ld:{key}")
    return None


def _headline_node(found: Scan, title: str | None) -> LexborNode | None:
    if not title:
        return None
    for node in found.h1 + found.prop("headline"):
        if node_text(node) == title:
            return node
    return None


def _hinted_deck(neighbours: list[LexborNode], title: str | None) -> Found[str] | None:
    for node in neighbours:
        itemprop = (node.attrs.get("itemprop") or "").lower()
        if "alternativeheadline" not in itemprop and "description" not in itemprop:
            itemprop = ""
            if not _HINTS.search(hint(node)):
                continue
        text = node_text(node)
        if _deck_like(node, text, title):
            signal = f"itemprop:{itemprop.split()[0]}" if itemprop else "class"
            return Found(text, signal)
    return None


def _neighbours(anchor: LexborNode) -> Iterator[LexborNode]:
    """Elements after the headline: the next siblings of the headline and of its first
    ancestors, each with its first children.

    A walk over a few dozen nodes; a CSS query under the headline's container would test
    every element of the (often page-sized) <article> and reach teaser lists.
    """
    level: LexborNode | None = anchor
    for _ in range(UP_LEVELS):
        if level is None or level.tag in ("body", "html", "main"):
            return
        for sibling in _next_elements(level.next, MAX_SIBLINGS):
            yield sibling
            yield from _next_elements(sibling.child, MAX_CHILDREN)
        level = level.parent


def _next_elements(node: LexborNode | None, limit: int) -> Iterator[LexborNode]:
    count = 0
    while node is not None and count < limit:
        if node.is_element_node:
            count += 1
            yield node
        node = node.next


def _deck_like(node: LexborNode, text: str, title: str | None) -> bool:
    if not MIN_CHARS <= len(text) <= MAX_CHARS or len(word_list(text)) < MIN_WORDS:
        return False
    if text == title or (title and title in text):
        return False
    if node.tag in ("figcaption", "a", "img"):
        return False
    if node.css_first("h1, figure, img, script, style, iframe, time") is not None:
        return False
    links = sum(len(node_text(a)) for a in node.css("a"))
    return links * 2 < len(text)


def _shown(neighbours: list[LexborNode], text: str, *, strict: bool) -> bool:
    """Whether a declared deck is the whole text of an element right after the headline.

    With ``strict`` (for ``description``, which often repeats the first paragraph) the
    element must be a heading or carry a deck-like class or id; a plain paragraph is the
    body's start, not a deck.
    """
    for node in neighbours:
        heading = node.tag in _HEADINGS
        hinted = _HINTS.search(hint(node)) is not None
        if strict and not (heading or hinted):
            continue
        if (heading or hinted or node.tag == "p") and node_text(node) == text:
            return True
    return False
