"""Choosing the article container."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.extract.blocks import collect_blocks
from warta.extract.container import choose_container

SENTENCE = "A sentence of article prose that is long enough to count for something here. "


def _chosen(html: str) -> str:
    root = LexborHTMLParser(html).body
    assert root is not None
    blocks = collect_blocks(root)
    start, _ = choose_container(blocks)
    return blocks[start].node.attributes.get("id") or blocks[start].tag


def test_paragraph_parent_beats_a_long_link_rail() -> None:
    rail = "".join(f'<li><a href="/{i}">Link to story number {i}</a></li>' for i in range(60))
    html = f'<div id="page"><div id="story"><p>{SENTENCE * 3}</p><p>{SENTENCE * 4}</p></div>'
    html += f'<ul id="rail">{rail}</ul></div>'
    assert _chosen(html) == "story"


def test_a_feed_of_summaries_does_not_pull_the_container_up() -> None:
    # Each summary sits in its own item with a title (not a link, so no teaser card):
    # more text than the article in total, but in small separate pieces.
    feed = "".join(
        f'<div class="item"><h4>Title {i}</h4><div class="wrap"><p>{SENTENCE}</p></div></div>'
        for i in range(12)
    )
    html = (
        f'<div id="page"><div id="story"><p>{SENTENCE * 3}</p><p>{SENTENCE * 3}</p>'
        f'<p>{SENTENCE * 2}</p></div><div id="feed">{feed}</div></div>'
    )
    assert _chosen(html) == "story"


def test_one_declared_article_body_wins() -> None:
    html = (
        f'<div id="other"><p>{SENTENCE * 6}</p></div>'
        f'<div id="declared" itemprop="articleBody"><p>{SENTENCE}</p></div>'
    )
    assert _chosen(html) == "declared"
