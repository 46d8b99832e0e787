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
    found = choose_container(blocks)
    assert found is not None
    return blocks[found[0]].node.attributes.get("id") or blocks[found[0]].tag


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


def test_boilerplate_collapsed_page_is_settled_or_sent_back() -> None:
    rail = "".join(f'<li><a href="/{i}">Link to story number {i}</a></li>' for i in range(20))
    clear = f'<div id="story"><p>{SENTENCE * 4}</p><p>{SENTENCE * 4}</p></div>'
    clear += f'<div class="sidebar"><ul>{rail}</ul></div>'
    root = LexborHTMLParser(clear).body
    assert root is not None
    blocks = collect_blocks(root, collapse=True)
    found = choose_container(blocks)
    assert found is not None and blocks[found[0]].node.attributes.get("id") == "story"
    # The article itself sits in an element named like a rail: the collapsed walk cannot
    # see inside it, so it asks for a full walk.
    poisoned = f'<div class="modal-box"><p>{SENTENCE * 4}</p><p>{SENTENCE * 4}</p></div>'
    links = "".join(
        f'<li><a href="/{i}">A longer link to another story {i}</a></li>' for i in range(60)
    )
    poisoned += f"<p>{SENTENCE}</p><ul>{links}</ul>"
    root = LexborHTMLParser(poisoned).body
    assert root is not None
    assert choose_container(collect_blocks(root, collapse=True)) is None
    full = collect_blocks(root)
    found = choose_container(full)
    assert found is not None and full[found[0]].tag == "div"
