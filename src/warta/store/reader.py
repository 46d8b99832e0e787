"""The read side of the store, for the web reader and the HTTP API.

:class:`Reader` opens a store file read-only and answers the reader's questions (latest
articles, the front page, facets, an article with its 'Baca juga', search, entity and
outlet pages) as frozen dataclasses of plain data (:mod:`warta.store.read_models`).

Threads: a web server calls one Reader from many worker threads. Each call takes a
read-only connection from the Reader's pool (:mod:`warta.store.read_pool`) and gives it
back; ``concurrency=N`` lets at most N calls read at once, the others wait their turn.
An ingest may write the same file at the same time: WAL mode gives every read
transaction the last committed state.

Limits: every call runs in one read transaction with a deadline (``timeout``, 1 s by
default) enforced by SQLite's progress handler; past it the query is interrupted and
:class:`QueryTimeout` raised. Query syntax errors raise
:class:`~warta.store.sqlite.BadQuery`; :class:`QueryTimeout` is a kind of BadQuery, so a
caller that maps BadQuery to HTTP 400 never answers 500 (it may map QueryTimeout to 503).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Unpack

from warta.news.sections import normalise_section, section_order
from warta.search.analyzer import Analyzer, shared_analyzer
from warta.store import read_pages, read_search
from warta.store.connection import check_schema
from warta.store.read_models import (
    ArticleSummary,
    ArticleView,
    EntityView,
    Facets,
    OutletView,
    QuoteView,
    SearchFilters,
    SearchHit,
    SearchPage,
    SectionBlock,
    SnippetPiece,
)
from warta.store.read_pool import ConnectionPool, QueryTimeout
from warta.store.read_rows import Filters, summaries
from warta.store.read_search import Ranking
from warta.store.search_query import parse_query
from warta.store.sqlite import BadQuery, Store

__all__ = [
    "ArticleSummary",
    "ArticleView",
    "BadQuery",
    "EntityView",
    "Facets",
    "OutletView",
    "QueryTimeout",
    "QueryTooSlow",
    "QuoteView",
    "Ranking",
    "Reader",
    "SearchFilters",
    "SearchHit",
    "SearchPage",
    "SectionBlock",
    "SnippetPiece",
]

log = logging.getLogger(__name__)

# The name of an earlier draft of QueryTimeout.
QueryTooSlow = QueryTimeout


class Reader:
    """Read-only access to a store for the web reader; see the module docstring.

    ``timeout`` bounds each call (seconds of SQLite work). ``migrate=True`` first opens
    the file for writing once to apply missing migrations (else an older store is
    refused with a hint). ``concurrency`` bounds the calls reading at once, and so the
    connections (None: no bound).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = 1.0,
        migrate: bool = False,
        analyzer: Analyzer | None = None,
        concurrency: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        if migrate:
            Store(self.path).close()
        self._analyzer = analyzer
        self._pool = ConnectionPool(self.path, concurrency)
        self._check_schema()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections (one in use when its read ends); the Reader cannot be
        used afterwards."""
        self._pool.close()

    @property
    def analyzer(self) -> Analyzer:
        """The search analyser (Sastrawi), loaded on the first search."""
        if self._analyzer is None:
            self._analyzer = shared_analyzer()
        return self._analyzer

    # -- connections ---------------------------------------------------------------------

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) under the time limit."""
        return self._pool.read(self.timeout)

    def _check_schema(self) -> None:
        with self._read() as conn:
            check_schema(conn, self.path)

    # -- queries -------------------------------------------------------------------------

    def latest(
        self,
        *,
        section: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
        day: str | date | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        """The newest articles, optionally of one section (any label: 'bola' means
        Olahraga), outlet, language or published day; ``limit`` at most 100."""
        filters = Filters(section=_section(section), outlet=outlet, language=language, day=day)
        with self._read() as conn:
            return read_pages.latest(conn, filters, limit=limit, offset=offset)

    def front_page(
        self,
        *,
        outlet: str | None = None,
        language: str | None = None,
        day: str | date | None = None,
        per_section: int = 6,
    ) -> list[SectionBlock]:
        """The newest articles of each section, sections in the fixed order."""
        filters = Filters(outlet=outlet, language=language, day=day)
        with self._read() as conn:
            return read_pages.front_page(conn, filters, min(max(1, per_section), 50))

    def facets(self) -> Facets:
        """Article counts per outlet, language, day, section and topic."""
        with self._read() as conn:
            return read_pages.facets(conn)

    def article(self, article_id: int, *, similar: int = 5) -> ArticleView | None:
        """One article in full with its 'Baca juga' list; None if there is no such id."""
        with self._read() as conn:
            found = summaries(conn, [article_id])
            if not found:
                return None
            record, version, first, last = conn.execute(
                "SELECT record, version, first_seen, last_seen FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
            related = read_search.similar_articles(conn, article_id, similar) if similar else []
        return ArticleView(
            **asdict(found[0]),
            record=json.loads(record),
            similar=related,
            version=version,
            first_seen=first,
            last_seen=last,
        )

    def similar(self, article_id: int, k: int = 5) -> list[ArticleSummary]:
        """'Baca juga': articles sharing the most distinctive stemmed terms with this one,
        syndicated copies of it left out (they are not further reading)."""
        with self._read() as conn:
            return read_search.similar_articles(conn, article_id, min(max(0, k), 50))

    def search(
        self,
        query: str,
        *,
        page: int = 1,
        per_page: int = 20,
        ranking: Ranking | None = None,
        **filters: Unpack[SearchFilters],
    ) -> SearchPage:
        """Full-text search with Indonesian stemming; see :mod:`warta.store.search_query`
        for the syntax, :mod:`warta.store.read_search` for ranking and bounds, and
        :class:`SearchFilters` for the filters (``outlet=``, ``since=``, ``entity=``, …).
        A ``ranking`` of the same query and filters (:meth:`rank`) that reaches the page
        is used instead of ranking again (it may be a little older than the store)."""
        parsed = parse_query(query, self.analyzer)
        with self._read() as conn:
            where = _filters(conn, filters)
            return read_search.search(
                conn, parsed, where, self.analyzer, page=page, per_page=per_page, ranking=ranking
            )

    def rank(self, query: str, *, depth: int, **filters: Unpack[SearchFilters]) -> Ranking:
        """The first ``depth`` matches of a search (as :meth:`search` ranks them) and
        their count, for :meth:`search` to cut pages from."""
        parsed = parse_query(query, self.analyzer)
        with self._read() as conn:
            return read_search.rank(conn, parsed, _filters(conn, filters), depth)

    def entity(self, key: str) -> EntityView | None:
        """An entity's page by key (Wikidata id or ``type:canonical``) or canonical name."""
        with self._read() as conn:
            return read_pages.entity_view(conn, key)

    def outlet(self, domain: str) -> OutletView | None:
        """An outlet's page; None when no article comes from ``domain``."""
        with self._read() as conn:
            return read_pages.outlet_view(conn, domain)

    def entities(
        self, prefix: str | None = None, limit: int = 50, *, kind: str | None = None
    ) -> list[tuple[str, str, str, int]]:
        """``(key, canonical, type, articles)`` for an index page, most covered first;
        ``prefix`` matches the start of the canonical name, ``kind`` keeps one type
        (person, organization, place, event)."""
        with self._read() as conn:
            return read_pages.entity_index(conn, prefix, limit, kind)


def _filters(conn: sqlite3.Connection, filters: SearchFilters) -> Filters:
    """A search's filters: the entity resolved to its keys, a section label to its name."""
    entity = filters.get("entity")
    keys = None if entity is None else tuple(read_pages.resolve_entity(conn, entity))
    return Filters(
        since=filters.get("since"),
        until=filters.get("until"),
        outlet=filters.get("outlet"),
        section=_section(filters.get("section")),
        language=filters.get("language"),
        topic=filters.get("topic"),
        entity_keys=keys,
    )


def _section(value: str | None) -> str | None:
    """A section filter as given ('Olahraga') or any label naming one ('bola', 'Sport')."""
    if value is None or value in section_order():
        return value
    return normalise_section(value) or value
