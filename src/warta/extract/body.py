"""Main text: find the article container, then keep its text blocks in order.

The cascade:

1. Cut the page into blocks (:mod:`warta.extract.blocks`).
2. Weigh each block: article-like text counts for it, link lists, interface snippets and
   blocks inside boilerplate-marked elements count against it.
3. The container is the element whose blocks weigh most in total: the smallest subtree
   that holds the article text while leaving out rails, menus and footers, which weigh
   negative. An element marked as the article body (``itemprop=articleBody``,
   ``<article>``, ``article-body`` classes) gets a bonus so that it wins ties with the
   wrapper around it.
4. Inside the container, drop what is not article text (link lists, captions, ads, the
   headline repeated) and record each drop in ``removed``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from warta.extract.blocks import HEADINGS, Block, collect_blocks
from warta.extract.boilerplate import boilerplate_text_kind
from warta.extract.document import Page
from warta.extract.options import ExtractOptions
from warta.record import Article, Paragraph, Removed

__all__ = ["read_body"]

log = logging.getLogger(__name__)

# A block's text counts for the article only past this many characters: menus, buttons
# and labels are shorter. Calibrated on the shared benchmark (values 15-40 all within
# 0.002 F1 of each other).
SHORT_CHARS = 25
# Share of a block's text inside links above which it is a link list, not prose.
LINK_DENSITY = 0.5
# Bonus factor for an element marked as the article body, so it beats its wrapper when
# the wrapper adds nothing but a few positive stray blocks.
MARKED_BONUS = 1.15
# A page whose best container holds fewer characters of prose has no article.
MIN_ARTICLE_CHARS = 100
# A teaser card: a block whose title text is at least this share link, no longer than
# CARD_TITLE characters, in a block of at most CARD_CHARS characters. Rails on the shared
# benchmark have cards of 80-450 characters; article bodies run past 1,000.
CARD_LINK_DENSITY = 0.8
CARD_TITLE = 200
CARD_CHARS = 700
# How much the text of a block inside a boilerplate-marked element counts against a
# container. Not fully: the block is dropped inside the container anyway, so it is only
# evidence that the container is too wide. 0.5 measured best on the shared benchmark
# (0: 0.946, 0.25: 0.950, 0.5: 0.950, 1: 0.950 F1).
JUNK_WEIGHT = 0.5
DECAY = 0.5
DECAY_LEVELS = 6
GROUP_CHARS = 100.0
# Shorter paragraphs without closing punctuation are labels (see _is_label).
LABEL_CHARS = 40
# When scoring with boilerplate marks finds less than this share of the article weight
# found without them, the marks sat on the article's own ancestors (see _choose).
POISONED_SHARE = 0.5

_SENTENCE_END = re.compile(r"[.!?…:;\"”’)»]\s*$")
_CAPTION_TAGS = frozenset({"figcaption", "caption"})


@dataclass(slots=True)
class _Scored:
    blocks: list[Block]
    depth: list[int]
    weight: list[float]
    total: list[float]


def read_body(page: Page, article: Article, options: ExtractOptions) -> None:
    """Fill ``paragraphs`` and ``removed`` from the page's main content."""
    root = page.tree.body or page.tree.root
    if root is None:
        article.provenance["body"] = "empty:no-document"
        return
    blocks = collect_blocks(root)
    start, end = _choose(blocks)
    outer = _ancestor_ids(blocks[start])
    kept = _select(blocks[start:end], article, outer)
    article.paragraphs = kept
    if sum(len(p.text) for p in kept) < MIN_ARTICLE_CHARS and not _has_prose(kept):
        article.provenance["body"] = "empty:no-main-text" if not kept else "short"
    else:
        article.provenance["body"] = f"container:{blocks[start].tag}"


def _choose(blocks: list[Block]) -> tuple[int, int]:
    """The container, scored with boilerplate marks and, as a check, without them.

    A boilerplate word high up the tree ('Page-ad-margins', 'penci_sidebar' on a layout
    wrapper) marks the article itself. When the marked scoring finds much less article
    weight than the unmarked one, the marks were on the article's ancestors, and the
    unmarked scoring chooses; marks inside the chosen container still apply later.
    """
    declared = [i for i, b in enumerate(blocks) if _declares_body(b)]
    if len(declared) == 1:
        return declared[0], _subtree_end(_depths(blocks), declared[0])
    marked = _score(blocks, use_junk=True)
    plain = _score(blocks, use_junk=False)
    start, end, score = _best_container(marked)
    p_start, p_end, p_score = _best_container(plain)
    if score < POISONED_SHARE * p_score:
        return p_start, p_end
    return start, end


def _declares_body(block: Block) -> bool:
    attrs = block.node.attributes
    return (attrs.get("itemprop") or "").lower() == "articlebody"


def _ancestor_ids(block: Block) -> set[int]:
    """mem_ids of the container element and every element above it."""
    ids: set[int] = set()
    node = block.node
    while node is not None:
        ids.add(node.mem_id)
        node = node.parent
    return ids


def _weight(block: Block, use_junk: bool) -> float:
    n = len(block.text)
    if n == 0 or block.tag in HEADINGS:
        return 0.0
    if use_junk and block.junk:
        return -JUNK_WEIGHT * n
    if block.tag in _CAPTION_TAGS or block.link_density > LINK_DENSITY:
        return -float(n)
    if boilerplate_text_kind(block.text):
        return -float(n)
    return float(n - block.link_chars - SHORT_CHARS)


def _teaser_cards(blocks: list[Block]) -> set[int]:
    """ids of blocks inside small cards titled by a link: a 'more stories' rail.

    A card opens with a linked headline and goes on with a short summary. The summary
    reads like prose, so without this mark a rail of cards outweighs the article it sits
    beside. The card is the largest element that opens with the linked title and stays
    under CARD_CHARS.
    """
    size: dict[int, int] = {}
    for b in reversed(blocks):
        size[id(b)] = size.get(id(b), 0) + len(b.text)
        if b.parent is not None:
            size[id(b.parent)] = size.get(id(b.parent), 0) + size[id(b)]
    first: dict[int, Block] = {}  # the first block with text in each subtree
    for b in blocks:
        up: Block | None = b if b.text else None
        while up is not None and id(up) not in first:
            first[id(up)] = b
            up = up.parent
    cards: set[int] = set()
    for b in blocks:
        if not b.text or b.link_density < CARD_LINK_DENSITY or len(b.text) > CARD_TITLE:
            continue
        card = b
        while (
            card.parent is not None
            and size[id(card.parent)] <= CARD_CHARS
            and first.get(id(card.parent)) is b
        ):
            card = card.parent
        if card is not b:
            cards.add(id(card))
    inside: set[int] = set()
    for b in blocks:  # parents come first, so one pass spreads the mark downwards
        if id(b) in cards or (b.parent is not None and id(b.parent) in inside):
            inside.add(id(b))
    return inside


def _depths(blocks: list[Block]) -> list[int]:
    index = {id(b): i for i, b in enumerate(blocks)}
    depth = [0] * len(blocks)
    for i, b in enumerate(blocks):
        if b.parent is not None and id(b.parent) in index:
            depth[i] = depth[index[id(b.parent)]] + 1
    return depth


def _subtree_end(depth: list[int], start: int) -> int:
    end = start + 1
    while end < len(depth) and depth[end] > depth[start]:
        end += 1
    return end


def _score(blocks: list[Block], use_junk: bool) -> _Scored:
    index = {id(b): i for i, b in enumerate(blocks)}
    depth = _depths(blocks)
    cards = _teaser_cards(blocks)
    weight = [
        -abs(_weight(b, use_junk)) if id(b) in cards else _weight(b, use_junk)
        for b in blocks
    ]
    total = list(weight)
    for i in range(len(blocks) - 1, 0, -1):
        parent = blocks[i].parent
        if parent is not None and id(parent) in index:
            total[index[id(parent)]] += total[i]
    return _Scored(blocks, depth, weight, total)


def _decayed(scored: _Scored) -> list[float]:
    """Block weights added up the tree, halving at each level above the block.

    A parent of many paragraphs scores high; a feed whose summaries each sit deep in
    their own card scores low, however much text it holds.
    """
    index = {id(b): i for i, b in enumerate(scored.blocks)}
    decayed = [0.0] * len(scored.blocks)
    for i, b in enumerate(scored.blocks):
        w = scored.weight[i]
        if w == 0:
            continue
        decayed[i] += w
        up = b.parent
        for _ in range(DECAY_LEVELS):
            if up is None or id(up) not in index:
                break
            w *= DECAY
            decayed[index[id(up)]] += w
            up = up.parent
    return decayed


def _groups(scored: _Scored) -> tuple[list[float], list[int]]:
    """Per subtree, the positive weight and the number of elements it sits in directly.

    An article is a few runs of paragraphs under one parent each; a feed or a comment
    thread is many short texts, each under a parent of its own.
    """
    index = {id(b): i for i, b in enumerate(scored.blocks)}
    positive = [max(0.0, w) for w in scored.weight]
    groups = [0] * len(scored.blocks)
    for i, b in enumerate(scored.blocks):
        if scored.weight[i] > 0 and b.parent is not None and id(b.parent) in index:
            holder = index[id(b.parent)]
            if groups[holder] == 0:
                groups[holder] = 1
    for i in range(len(scored.blocks) - 1, 0, -1):
        parent = scored.blocks[i].parent
        if parent is not None and id(parent) in index:
            positive[index[id(parent)]] += positive[i]
            groups[index[id(parent)]] += groups[i]
    return positive, groups


def _best_container(scored: _Scored) -> tuple[int, int, float]:
    """The [start, end) slice of blocks of the container, and its score.

    The core is the block with the best decayed score. The container is the ancestor of
    the core (or the core) with the best total weight, looking upwards only until an
    ancestor adds text that comes in small separate pieces (GROUP_CHARS per parent):
    a feed or a comment thread rather than the rest of the article.
    """
    decayed = _decayed(scored)
    positive, groups = _groups(scored)
    index = {id(b): i for i, b in enumerate(scored.blocks)}
    core = max(range(len(decayed)), key=decayed.__getitem__)
    best = current = core
    while True:
        parent = scored.blocks[current].parent
        if parent is None or id(parent) not in index:
            break
        p = index[id(parent)]
        extra = positive[p] - positive[core]
        pieces = groups[p] - groups[core]
        if extra > 0 and extra < GROUP_CHARS * pieces:
            break
        current = p
        if scored.total[p] > scored.total[best]:
            best = p
    return best, _subtree_end(scored.depth, best), scored.total[best]


def _best_container_flat(scored: _Scored) -> tuple[int, int, float]:
    """The [start, end) slice of blocks under the best-weighing element, and its score."""
    best, best_score = 0, float("-inf")
    for i, b in enumerate(scored.blocks):
        score = scored.total[i]
        if score > 0 and _is_marked(b):
            score *= MARKED_BONUS
        # Strictly greater: on a tie the outer element, met first, stays, unless the
        # inner one is marked (the bonus breaks the tie).
        if score > best_score:
            best, best_score = i, score
    return best, _subtree_end(scored.depth, best), best_score


def _is_marked(block: Block) -> bool:
    if block.tag == "article":
        return True
    attrs = block.node.attributes
    return (attrs.get("itemprop") or "").lower() == "articlebody"


def _select(blocks: list[Block], article: Article, outer: set[int]) -> list[Paragraph]:
    title = (article.title or "").strip().lower()
    kept: list[Paragraph] = []
    for b in blocks:
        reason = _drop_reason(b, title, b.junk_at not in outer)
        if reason:
            article.removed.append(Removed(reason, b.text))
            continue
        if b.tag in HEADINGS:
            kept.append(Paragraph("heading", b.text))
        else:
            kept.extend(Paragraph(b.kind, line) for line in b.lines)
    return _trim_edges(kept)


def _drop_reason(b: Block, title: str, junk_inside: bool) -> str | None:
    if not b.text:
        return "empty"
    if b.junk and junk_inside:
        return _junk_kind(b.junk)
    if b.tag in _CAPTION_TAGS:
        return "caption"
    if b.tag in HEADINGS:
        return "title" if b.text.lower() == title or b.tag == "h1" else None
    if b.link_density > LINK_DENSITY:
        return "related-link"
    if b.kind == "paragraph" and _is_label(b.text):
        return "label"
    return boilerplate_text_kind(b.text)


def _is_label(text: str) -> bool:
    """A short fragment with no sentence punctuation: a widget label, a counter, a button.

    Article text, even a one-line paragraph, ends in punctuation; labels ('JUST WATCHED',
    '0 shares', 'previous post', 'Related Tags') do not.
    """
    return len(text) < LABEL_CHARS and not _SENTENCE_END.search(text)


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


def _trim_edges(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop trailing headings that introduce nothing (a 'Related' rail's title)."""
    while paragraphs and paragraphs[-1].kind == "heading":
        paragraphs.pop()
    return paragraphs
