"""The deck under the headline; never the meta description or the first paragraph."""

from __future__ import annotations

from warta.extract.document import Found, Page
from warta.extract.lead import read_lead
from warta.extract.metascan import scan
from warta.extract.structured import article_object

TITLE = "Harbour wall to be rebuilt"
DECK = "The council votes for a higher wall after two winters of floods."


def _lead(head: str, body: str) -> Found[str] | None:
    page = Page.parse(f"<html><head>{head}</head><body>{body}</body></html>", None)
    return read_lead(page, scan(page), TITLE, article_object(page))


def test_standfirst_class_after_the_headline() -> None:
    body = (
        f'<article><header><h1>{TITLE}</h1><p class="article__standfirst">{DECK}</p>'
        "</header><p>Body.</p></article>"
    )
    assert _lead("", body) == Found(DECK, "class")


def test_teaser_summaries_further_down_are_not_the_deck() -> None:
    teasers = "".join(
        f'<li><div class="item__summary">Another story summary number {i} here.</div></li>'
        for i in range(3)
    )
    body = (
        f"<article><header><h1>{TITLE}</h1></header>"
        f"<section><div><ul>{teasers}</ul></div></section></article>"
    )
    assert _lead("", body) is None


def test_meta_description_alone_is_not_a_lead() -> None:
    head = f'<meta name="description" content="{DECK}">'
    assert _lead(head, f"<h1>{TITLE}</h1><p>{DECK}</p>") is None


def test_json_ld_description_shown_as_a_subheading() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",'
        f' "description": "{DECK}"}}</script>'
    )
    assert _lead(head, f"<h1>{TITLE}</h1><h2>{DECK}</h2><p>Body.</p>") == Found(
        DECK, "json-ld:description"
    )
    # The same text as the first body paragraph is not a deck.
    assert _lead(head, f"<h1>{TITLE}</h1><p>{DECK}</p>") is None


def test_leaderboard_ad_is_not_a_lead() -> None:
    body = (
        f'<h1>{TITLE}</h1><div class="leaderboard">Advertisement space for our sponsors here</div>'
    )
    assert _lead("", body) is None
