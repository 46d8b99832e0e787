"""Cutting a page into blocks."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.extract.blocks import collect_blocks


def _blocks(html: str) -> list[tuple[str, str, int, str | None]]:
    root = LexborHTMLParser(html).body
    assert root is not None
    return [(b.tag, b.text, b.link_chars, b.junk) for b in collect_blocks(root) if b.text]


def test_own_text_excludes_nested_blocks_and_counts_links() -> None:
    html = '<div>Intro <a href="/x">linked words</a><p>Inner paragraph.</p>Tail text</div>'
    assert _blocks(html) == [
        ("div", "Intro linked words Tail text", len("linked words"), None),
        ("p", "Inner paragraph.", 0, None),
    ]


def test_scripts_styles_and_comments_are_not_text() -> None:
    html = "<p>Kept.<script>var x = 1;</script><style>p{}</style><!-- note --></p>"
    assert _blocks(html) == [("p", "Kept.", 0, None)]


def test_blocks_inside_a_marked_element_carry_the_mark() -> None:
    html = '<div class="comments"><p>' + "word " * 200 + "</p></div><p>" + "text " * 400 + "</p>"
    marks = {tag: junk for tag, _, _, junk in _blocks(html)}
    assert _blocks(html)[0][3] == "comments"
    assert marks["p"] is None  # the last p is outside the comments


def test_parents_come_before_children_with_indices_and_depths() -> None:
    root = LexborHTMLParser("<div><section><p>a</p></section><p>b</p></div>").body
    assert root is not None
    blocks = collect_blocks(root)
    for b in blocks:
        assert blocks[b.index] is b
        if b.parent >= 0:
            assert b.parent < b.index
            assert b.depth == blocks[b.parent].depth + 1


def test_collapsed_boilerplate_is_one_block_with_its_link_share() -> None:
    html = (
        '<div class="related-posts"><h3>More</h3><ul><li><a href="/a">First story</a></li>'
        '<li><a href="/b">Second story</a></li></ul></div><p>' + "Kept text. " * 20 + "</p>"
    )
    root = LexborHTMLParser(html).body
    assert root is not None
    blocks = [b for b in collect_blocks(root, collapse=True) if b.text]
    assert [(b.tag, b.collapsed, b.junk) for b in blocks] == [
        ("div", True, "related"),
        ("p", False, None),
    ]  # the rail holds under JUNK_MAX_SHARE of the page's text, so it is not a wrapper
    assert blocks[0].text == "More First story Second story"
    assert blocks[0].link_chars == len("First story") + len("Second story")
