"""Class names and block texts that mark boilerplate."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from warta.extract.boilerplate import boilerplate_text_kind, is_boilerplate_node


def _judge(attrs: str) -> str | None:
    node = LexborHTMLParser(f"<div {attrs}>x</div>").css_first("div")
    assert node is not None
    return is_boilerplate_node(node, {})


@pytest.mark.parametrize(
    ("attrs", "word"),
    [
        ('class="share-bar"', "share"),
        ('class="post-comments"', "comments"),
        ('id="related-posts"', "related"),
        ('class="ad"', "ad"),
        ('class="widget newsletter-signup"', "widget"),
        ('role="navigation"', "navigation"),
        ('style="display: none"', "hidden"),
        ("hidden", "hidden"),
    ],
)
def test_marked(attrs: str, word: str) -> None:
    assert _judge(attrs) == word


@pytest.mark.parametrize(
    "attrs",
    [
        'class="head shadow"',  # 'ad' inside a word
        'class="content-with-sidebar-wrp"',  # the word in the middle of a compound
        'class="article-body has-comments"',  # names the article itself
        'class="entry-content"',
        "",
    ],
)
def test_not_marked(attrs: str) -> None:
    assert _judge(attrs) is None


def test_verdicts_are_cached_per_class_string() -> None:
    cache: dict[str, str | None] = {}
    node = LexborHTMLParser('<div class="share-bar">x</div>').css_first("div")
    assert node is not None
    is_boilerplate_node(node, cache)
    assert cache == {"share-bar ": "share"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Advertisement", "advertisement"),
        ("SCROLL TO CONTINUE WITH CONTENT", "advertisement"),
        ("Read more: The harbour in pictures", "related-link"),
        ("Baca juga: Xi Jinping Temui Putin", "related-link"),
        ("Follow us on Twitter", "follow-prompt"),
        ("The new wall at dusk. (Photo: Jane Doe/Reuters)", "caption"),
        ("By Jane Doe", "byline"),
        ("Updated 10:05 GMT, November 19, 2019", "byline"),
        ("November 19, 2019", "date"),
    ],
)
def test_interface_text(text: str, kind: str) -> None:
    assert boilerplate_text_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "By the end of the year the wall will be finished, the mayor said.",
        "The advertisement campaign for the market ran for three weeks.",
        "Engineers said the new wall would be two metres higher.",
    ],
)
def test_prose_is_not_interface_text(text: str) -> None:
    assert boilerplate_text_kind(text) is None
