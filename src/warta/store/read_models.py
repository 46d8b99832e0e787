"""What :class:`warta.store.reader.Reader` returns: frozen dataclasses of plain data.

Every field is a str, int, float, bool, None, a list, a tuple, a dict of those (the
record) or another of these classes, so ``dataclasses.asdict`` of any of them is
JSON-serialisable as it is. Counted values are tuples: ``(value, count)``, and
``(key, canonical, type, count)`` for entities. Dates are ISO strings as the record has
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

__all__ = [
    "ArticleSummary",
    "ArticleView",
    "EntityView",
    "Facets",
    "OutletView",
    "QuoteView",
    "SearchFilters",
    "SearchHit",
    "SearchPage",
    "SectionBlock",
    "SnippetPiece",
]

# A piece of a highlighted snippet: (text, whether it is a matched word). Plain text: the
# web layer escapes it and wraps the matched pieces in <mark>.
SnippetPiece = tuple[str, bool]


class SearchFilters(TypedDict, total=False):
    """The filters of a search, as keyword arguments of ``Reader.search`` and ``Reader.rank``.

    A filter left out or None does not filter. ``since`` and ``until`` are inclusive days
    (ISO strings or dates); ``section`` a section or any label naming one ('bola');
    ``entity`` an entity key or canonical name.
    """

    since: str | date | None
    until: str | date | None
    outlet: str | None
    section: str | None
    entity: str | None
    language: str | None
    topic: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleSummary:
    """One article as a list shows it.

    ``section`` is the normalised section (Internasional, Ekonomi, ...), ``section_label``
    the site's own; ``url`` the canonical address else the fetched one; ``image`` the
    first http(s) image of the article, else None.
    """

    id: int
    title: str | None
    lead: str | None
    outlet: str | None
    section: str | None
    section_label: str | None
    published: str | None
    url: str | None
    topic: str | None
    language: str | None
    image: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleView(ArticleSummary):
    """One article in full: the summary fields, the whole record (``Article.to_dict()``
    form) and the 'Baca juga' list Warta computed (:meth:`Reader.similar`)."""

    record: dict[str, Any]
    similar: list[ArticleSummary] = field(default_factory=list)
    version: int = 1
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SectionBlock:
    """A front-page block: one normalised section and its newest articles."""

    section: str
    articles: list[ArticleSummary]
    total: int = 0  # articles in the section over the whole store


@dataclass(frozen=True, kw_only=True, slots=True)
class Facets:
    """Counts of articles per value, for the filters: most first; ``days`` newest first
    (at most the latest 366)."""

    outlets: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    days: list[tuple[str, int]]
    sections: list[tuple[str, int]]
    topics: list[tuple[str, int]]


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchHit(ArticleSummary):
    """A search result: the summary fields, a highlighted snippet and its score (higher
    is better; see :mod:`warta.store.read_search` for the formula)."""

    snippet: list[SnippetPiece]
    score: float


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchPage:
    """One page of results. ``total`` counts matches up to ``TOTAL_CAP`` (then
    ``total_capped`` is True and the true number is larger)."""

    query: str
    total: int
    page: int
    per_page: int
    hits: list[SearchHit]
    total_capped: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteView:
    """A quote with where it was published (``title`` and ``outlet`` of its article)."""

    article_id: int
    text: str
    speaker: str | None
    speaker_key: str | None
    direct: bool
    day: str | None
    title: str | None
    outlet: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityView:
    """An entity's page.

    ``key`` is the Wikidata id when known, else ``type:canonical``.
    ``mentions_per_day`` counts the articles that mention it per published day (oldest
    first); ``cooccurring`` the entities most often named in the same articles (top 20,
    among its latest 1,000 articles); ``quotes_by`` quotes whose speaker is the entity,
    ``quotes_about`` other quotes that name it (20 newest each); ``outlets`` articles
    per outlet; ``latest`` its newest articles.
    """

    key: str
    canonical: str
    type: str
    wikidata: str | None
    articles: int
    mentions_per_day: list[tuple[str, int]]
    cooccurring: list[tuple[str, str, str, int]]
    quotes_by: list[QuoteView]
    quotes_about: list[QuoteView]
    outlets: list[tuple[str, int]]
    latest: list[ArticleSummary]


@dataclass(frozen=True, kw_only=True, slots=True)
class OutletView:
    """An outlet's page: its volume per published day (oldest first), its normalised
    sections with counts (most first) and its newest articles."""

    domain: str
    articles: int
    articles_per_day: list[tuple[str, int]]
    sections: list[tuple[str, int]]
    latest: list[ArticleSummary]
