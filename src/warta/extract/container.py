"""Choose the element that holds the article text.

Every block gets a weight: article-like prose counts for it; link lists, labels, teaser
cards and blocks inside boilerplate-marked elements count against it. Then:

1. The *core* is the block with the best decayed score (weights added up the tree,
   halving per level): the direct parent of a run of paragraphs scores high, a feed
   whose summaries each sit deep in their own card scores low.
2. The *container* is the core or one of its ancestors, whichever weighs most in
   total, looking upwards only until an ancestor adds text that comes in small separate
   pieces (a feed, a comment thread) rather than the rest of the article (a second half
   of the body in a sibling element).
3. Boilerplate words high up the tree ('Page-ad-margins' on a site wrapper) can mark the
   article itself. When scoring with the marks finds much less weight than scoring
   without them, the marks sat on the article's ancestors, and the unmarked scoring
   chooses. Marks inside the chosen container still apply when its blocks are kept.

The constants were calibrated on the shared benchmark (``benchmarks/bench_extract.py``);
the figures beside them are F1 there.
"""

from __future__ import annotations

from typing import TypeVar

from warta.extract.blocks import HEADINGS, Block
from warta.extract.boilerplate import boilerplate_text_kind

__all__ = ["CAPTION_TAGS", "CELL_TAGS", "LINK_DENSITY", "choose_container"]

# A block's text counts for the article only past this many characters: menus, buttons
# and labels are shorter (15-40 all within 0.002).
SHORT_CHARS = 25
# Share of a block's text inside links above which it is a link list, not prose.
LINK_DENSITY = 0.5
# How much a block inside a boilerplate-marked element counts against a container. Not
# fully: the block is dropped later anyway, so it only shows the container is too wide
# (0: 0.946, 0.25-1: 0.950 before the core/grow step).
JUNK_WEIGHT = 0.5
# Teaser cards: a title at least this share link and at most CARD_TITLE characters, in
# an element of at most CARD_CHARS characters that opens with it. Rail cards on the
# benchmark hold 80-450 characters; article bodies run past 1,000.
CARD_LINK_DENSITY = 0.8
CARD_TITLE = 200
CARD_CHARS = 700
# ... and holds at most this many text blocks, its title included: a teaser is a headline,
# a summary and a date or label or two (3 drops real rails on the shared pages, 4-8 keep
# them), where a short article under a short menu runs several paragraphs. The page's top
# element is never a card.
CARD_BLOCKS = 5
# Decayed scoring: factor per level and how many levels up a weight travels.
DECAY = 0.5
DECAY_LEVELS = 6
# Growing stops at an ancestor whose added text averages fewer weighted characters per
# separate piece (60: 0.962, 100: 0.963, 150: 0.961, 250: 0.959).
GROUP_CHARS = 100.0
# Marks are taken to sit on the article's ancestors when the marked scoring keeps less
# than this share of the unmarked weight.
POISONED_SHARE = 0.5

_N = TypeVar("_N", int, float)

CAPTION_TAGS = frozenset({"figcaption", "caption"})
CELL_TAGS = frozenset({"td", "th"})


def choose_container(blocks: list[Block]) -> tuple[int, int] | None:
    """The [start, end) slice of ``blocks`` that holds the article.

    None when ``blocks`` were collected with boilerplate collapsed and the scoring without
    marks might still win: that scoring needs the inside of every element, so the caller
    walks the page in full and asks again.
    """
    size = _subtree_sums(blocks, [len(b.text) for b in blocks])
    cards = _teaser_cards(blocks, size)
    plain_weights = [_weight(b) for b in blocks]
    for i, card in enumerate(cards):
        if card:
            plain_weights[i] = -abs(plain_weights[i])
    marked_weights = [
        -JUNK_WEIGHT * len(b.text) if b.junk and b.text else w
        for b, w in zip(blocks, plain_weights, strict=True)
    ]
    marked, marked_score = _best(blocks, marked_weights, size)
    # The unmarked scoring can only win when it could find more than marked_score /
    # POISONED_SHARE, and it never finds more than all positive weight: most pages are
    # settled without running it.
    if marked_score < POISONED_SHARE * sum(w for w in plain_weights if w > 0):
        if any(b.collapsed for b in blocks):
            return None
        plain, plain_score = _best(blocks, plain_weights, size)
        if marked_score < POISONED_SHARE * plain_score:
            marked = plain
    return marked, _subtree_end(blocks, marked)


def _subtree_end(blocks: list[Block], start: int) -> int:
    end, depth = start + 1, blocks[start].depth
    while end < len(blocks) and blocks[end].depth > depth:
        end += 1
    return end


def _weight(block: Block) -> float:
    """The weight of a block, before boilerplate marks and teaser cards."""
    n = len(block.text)
    if n == 0 or block.tag in HEADINGS:
        return 0.0
    if block.collapsed:
        # A whole boilerplate element, standing in for the blocks inside it: at most
        # their prose, which bounds what the scoring without marks could find there.
        return float(n - block.link_chars - SHORT_CHARS)
    if block.tag in CAPTION_TAGS or block.link_density > LINK_DENSITY:
        return -float(n)
    if boilerplate_text_kind(block.text):
        return -float(n)
    prose = float(n - block.link_chars - SHORT_CHARS)
    # A short table cell is data, not a label: neutral, so a results table is no rail.
    return max(0.0, prose) if block.tag in CELL_TAGS else prose


def _subtree_sums(blocks: list[Block], values: list[_N]) -> list[_N]:
    """Each block's value plus those of the blocks nested in it (parents come first)."""
    sums = list(values)
    for b in reversed(blocks):
        if b.parent >= 0:
            sums[b.parent] += sums[b.index]
    return sums


def _teaser_cards(blocks: list[Block], size: list[int]) -> list[bool]:
    """Which blocks sit inside small cards that open with a linked title.

    A card is the largest element below the top that opens with the title and stays
    under CARD_CHARS and CARD_BLOCKS;
    its summary reads like prose, so without this mark a rail of cards outweighs the
    article beside it.
    """
    count = _subtree_sums(blocks, [1 if b.text else 0 for b in blocks])  # text blocks
    first = [-1] * len(blocks)  # the first block with text in each subtree
    for b in blocks:
        up = b.index if b.text else -1
        while up >= 0 and first[up] < 0:
            first[up] = b.index
            up = blocks[up].parent
    card_at = [False] * len(blocks)
    for b in blocks:
        if not b.text or b.link_density < CARD_LINK_DENSITY or len(b.text) > CARD_TITLE:
            continue
        card = b.index
        while (
            (p := blocks[card].parent) > 0
            and size[p] <= CARD_CHARS
            and count[p] <= CARD_BLOCKS
            and first[p] == b.index
        ):
            card = p
        if card != b.index:
            card_at[card] = True
    inside = card_at
    for b in blocks:  # parents come first, so one pass spreads the mark downwards
        if b.parent >= 0 and inside[b.parent]:
            inside[b.index] = True
    return inside


def _best(blocks: list[Block], weights: list[float], size: list[int]) -> tuple[int, float]:
    """The container for these weights and its total weight (see the module doc).

    ``size`` is the text length of each block's subtree.
    """
    total = _subtree_sums(blocks, weights)
    decayed = _decayed(blocks, weights)
    positive, pieces = _pieces(blocks, weights, size)
    core = max(range(len(blocks)), key=decayed.__getitem__)
    best = current = core
    while (parent := blocks[current].parent) >= 0:
        extra = positive[parent] - positive[core]
        if 0 < extra < GROUP_CHARS * (pieces[parent] - pieces[core]):
            break
        current = parent
        if total[parent] > total[best]:
            best = parent
    return best, total[best]


def _decayed(blocks: list[Block], weights: list[float]) -> list[float]:
    decayed = [0.0] * len(blocks)
    for b in blocks:
        w = weights[b.index]
        if w == 0:
            continue
        decayed[b.index] += w
        up = b.parent
        for _ in range(DECAY_LEVELS):
            if up < 0:
                break
            w *= DECAY
            decayed[up] += w
            up = blocks[up].parent
    return decayed


def _pieces(
    blocks: list[Block], weights: list[float], size: list[int]
) -> tuple[list[float], list[int]]:
    """Per subtree, the positive weight and the number of separate pieces it comes in.

    A piece is the smallest element around a weighing block that holds other text too:
    a paragraph alone in its wrapper belongs to the wrapper's parent, a teaser summary to
    its card (which also holds the title), a comment to its box (name, date).
    """
    pieces = [0] * len(blocks)
    for b in blocks:
        if weights[b.index] <= 0:
            continue
        holder = b.parent
        while holder >= 0 and blocks[holder].parent >= 0 and size[holder] == size[b.index]:
            holder = blocks[holder].parent
        if holder >= 0:
            pieces[holder] = 1
    positive = _subtree_sums(blocks, [max(0.0, w) for w in weights])
    return positive, _subtree_sums(blocks, pieces)
