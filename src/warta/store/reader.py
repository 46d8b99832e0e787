"""The read side of the store, for the web reader and the HTTP API.

:class:`Reader` opens a store file read-only and answers the reader's questions (latest
articles, the front page, facets, an article with its 'Baca juga', search, entity and
outlet pages) as frozen dataclasses of plain data (:mod:`warta.store.read_models`).

Threads: a web server calls one Reader from many worker threads. A read takes an idle
read-only connection from the Reader's pool (opening one when none is idle) and gives it
back afterwards, so a connection is only ever used by one thread at a time, and its page
cache stays warm across requests. ``concurrency=N`` bounds the pool: at most N calls read
at once, the others wait their turn before their transaction starts (the wait does not
count against the time limit). A web server's threads share one interpreter lock, which
the sqlite3 module lets go around every step of a statement: reads run side by side
make each other wait for it after every step, so a few at a time finish sooner, each
and all together. An ingest may write the same file at the same time: WAL mode gives
every read transaction the last committed state.

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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from datetime import date
from pathlib import Path
from types import TracebackType

from warta.news.sections import normalise_section, section_order
from warta.search.analyzer import Analyzer, shared_analyzer
from warta.store import read_pages, read_search
from warta.store.read_models import (
    ArticleSummary,
    ArticleView,
    EntityView,
    Facets,
    OutletView,
    QuoteView,
    SearchHit,
    SearchPage,
    SectionBlock,
    SnippetPiece,
)
from warta.store.read_rows import Filters, summaries
from warta.store.read_search import Ranking
from warta.store.schema import MIGRATIONS, READ_PRAGMAS
from warta.store.search_query import parse_query
from warta.store.sqlite import BadQuery, Store, StoreError

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
    "SearchHit",
    "SearchPage",
    "SectionBlock",
    "SnippetPiece",
]

log = logging.getLogger(__name__)

# SQLite calls the progress handler every this many virtual-machine steps (~1 ms).
_PROGRESS_STEPS = 20_000
# Each connection's own page cache (KiB, as a negative cache_size). No memory map: under
# a memory map every page fault of a cold file reads a whole read-ahead window (8 MiB on
# the test machine), and ranking reads its rows all over the file (measured: the first
# search after the file left the OS cache read 1.2 GB in 920 ms; through the page
# cache, 2 MB in 50 ms), while warm searches cost the same either way (4.3-4.5 ms).
_CACHE_KIB = 65_536
_NEWEST = max(m.version for m in MIGRATIONS)


class QueryTimeout(BadQuery):
    """A read ran past the Reader's time limit and was stopped."""

    reason = "query-timeout"


# The name of an earlier draft of this module.
QueryTooSlow = QueryTimeout


class _Connection:
    """A pooled connection and the deadline its progress handler enforces."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.deadline = float("inf")
        # Returning non-zero interrupts the running statement (sqlite3.OperationalError).
        conn.set_progress_handler(lambda: int(time.monotonic() > self.deadline), _PROGRESS_STEPS)


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
        self._limit = concurrency
        self._pool = threading.Condition()
        self._idle: list[_Connection] = []
        self._conns: list[sqlite3.Connection] = []  # every one opened, for the bound
        self._opening = 0
        self._closed = False
        self._check_schema()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; one in use is closed when its read ends. The Reader
        cannot be used afterwards."""
        with self._pool:
            self._closed = True
            idle, self._idle = self._idle, []
            self._pool.notify_all()
        for pooled in idle:
            with suppress(sqlite3.Error):
                pooled.conn.close()

    @property
    def analyzer(self) -> Analyzer:
        """The search analyser (Sastrawi), loaded on the first search."""
        if self._analyzer is None:
            self._analyzer = shared_analyzer()
        return self._analyzer

    # -- connections ---------------------------------------------------------------------

    def _open(self) -> _Connection:
        if not self.path.is_file():
            raise StoreError(f"no store at {self.path}")
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5.0
            )
            for pragma in (
                *READ_PRAGMAS,
                "PRAGMA query_only = ON",
                "PRAGMA busy_timeout = 5000",
                "PRAGMA mmap_size = 0",
                f"PRAGMA cache_size = -{_CACHE_KIB}",
            ):
                conn.execute(pragma).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path} as a store: {exc}") from exc
        return _Connection(conn)

    def _take(self) -> _Connection:
        """An idle connection, a new one while the pool is below its bound, else the
        next one given back."""
        with self._pool:
            while True:
                if self._closed:
                    raise StoreError(f"the reader of {self.path} is closed")
                if self._idle:
                    return self._idle.pop()  # the most recently used: its cache is warm
                if self._limit is None or len(self._conns) + self._opening < self._limit:
                    self._opening += 1
                    break
                self._pool.wait()
        pooled = None
        try:
            pooled = self._open()
        finally:
            with self._pool:
                self._opening -= 1
                if pooled is not None:
                    self._conns.append(pooled.conn)
                self._pool.notify()
        return pooled

    def _give_back(self, pooled: _Connection) -> None:
        with self._pool:
            if not self._closed:
                self._idle.append(pooled)
                self._pool.notify()
                return
        with suppress(sqlite3.Error):
            pooled.conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) under the deadline."""
        pooled = self._take()
        try:
            with self._transaction(pooled) as conn:
                yield conn
        finally:
            self._give_back(pooled)

    @contextmanager
    def _transaction(self, pooled: _Connection) -> Iterator[sqlite3.Connection]:
        conn = pooled.conn
        try:
            if conn.in_transaction:  # left open by a failed COMMIT: start clean
                conn.execute("ROLLBACK")
            pooled.deadline = time.monotonic() + self.timeout
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                # No deadline for ending the transaction: it must never be left open.
                pooled.deadline = float("inf")
                with suppress(sqlite3.Error):
                    conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s") from exc
            raise StoreError(f"cannot read {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc

    def _check_schema(self) -> None:
        with self._read() as conn:
            try:
                version = conn.execute("SELECT coalesce(max(version), 0) FROM migrations")
                found = int(version.fetchone()[0])
            except sqlite3.OperationalError as exc:
                raise StoreError(f"{self.path} is not a Warta store: {exc}") from exc
        if found != _NEWEST:
            raise StoreError(
                f"{self.path} has schema version {found}, this Warta reads {_NEWEST}: "
                "open it once for writing (warta ingest, or Reader(path, migrate=True))"
            )

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
        since: str | date | None = None,
        until: str | date | None = None,
        outlet: str | None = None,
        section: str | None = None,
        entity: str | None = None,
        language: str | None = None,
        topic: str | None = None,
        page: int = 1,
        per_page: int = 20,
        ranking: Ranking | None = None,
    ) -> SearchPage:
        """Full-text search with Indonesian stemming; see :mod:`warta.store.search_query`
        for the syntax and :mod:`warta.store.read_search` for ranking and bounds.
        ``since`` and ``until`` are inclusive days; ``entity`` a key or canonical name.
        A ``ranking`` of the same query and filters (:meth:`rank`) that reaches the page
        is used instead of ranking again (it may be a little older than the store)."""
        parsed = parse_query(query, self.analyzer)
        with self._read() as conn:
            filters = _filters(
                conn,
                since=since,
                until=until,
                outlet=outlet,
                section=section,
                entity=entity,
                language=language,
                topic=topic,
            )
            return read_search.search(
                conn, parsed, filters, self.analyzer, page=page, per_page=per_page, ranking=ranking
            )

    def rank(
        self,
        query: str,
        *,
        depth: int,
        since: str | date | None = None,
        until: str | date | None = None,
        outlet: str | None = None,
        section: str | None = None,
        entity: str | None = None,
        language: str | None = None,
        topic: str | None = None,
    ) -> Ranking:
        """The first ``depth`` matches of a search (as :meth:`search` ranks them) and
        their count, for :meth:`search` to cut pages from."""
        parsed = parse_query(query, self.analyzer)
        with self._read() as conn:
            filters = _filters(
                conn,
                since=since,
                until=until,
                outlet=outlet,
                section=section,
                entity=entity,
                language=language,
                topic=topic,
            )
            return read_search.rank(conn, parsed, filters, depth)

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


def _filters(
    conn: sqlite3.Connection,
    *,
    since: str | date | None,
    until: str | date | None,
    outlet: str | None,
    section: str | None,
    entity: str | None,
    language: str | None,
    topic: str | None,
) -> Filters:
    """A search's filters: the entity resolved to its keys, a section label to its name."""
    keys = None if entity is None else tuple(read_pages.resolve_entity(conn, entity))
    return Filters(
        since=since,
        until=until,
        outlet=outlet,
        section=_section(section),
        language=language,
        topic=topic,
        entity_keys=keys,
    )


def _section(value: str | None) -> str | None:
    """A section filter as given ('Olahraga') or any label naming one ('bola', 'Sport')."""
    if value is None or value in section_order():
        return value
    return normalise_section(value) or value
