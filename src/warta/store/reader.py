"""The read side of the store, for the web reader and the HTTP API.

:class:`Reader` opens a store file read-only and answers the reader's questions (latest
articles, the front page, facets, an article with its 'Baca juga', search, entity and
outlet pages) as frozen dataclasses of plain data (:mod:`warta.store.read_models`).

Threads: a web server calls one Reader from many worker threads. SQLite connections must
not be used by two threads at once, so each thread gets its own read-only connection on
first use (``threading.local``), kept until :meth:`Reader.close`. They are opened with
``check_same_thread=False`` only so that ``close`` (from the thread that owns the
Reader) can close them all; each one is still only ever used by the thread that opened
it. Close the Reader when no request is running. An ingest may write the same file at
the same time: WAL mode gives every read transaction the last committed state.

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
    "Reader",
    "SearchHit",
    "SearchPage",
    "SectionBlock",
    "SnippetPiece",
]

log = logging.getLogger(__name__)

# SQLite calls the progress handler every this many virtual-machine steps (~1 ms).
_PROGRESS_STEPS = 20_000
# Read through a memory map rather than copying each page into the connection's own
# cache: search touches many large article rows, and every thread's connection shares
# the operating system's one copy (measured: ranking 800 matches 8.6 ms -> 2.1 ms).
_MMAP_BYTES = 4 << 30
_NEWEST = max(m.version for m in MIGRATIONS)


class QueryTimeout(BadQuery):
    """A read ran past the Reader's time limit and was stopped."""

    reason = "query-timeout"


# The name of an earlier draft of this module.
QueryTooSlow = QueryTimeout


class _Local(threading.local):
    conn: sqlite3.Connection | None = None
    deadline: float = float("inf")


class Reader:
    """Read-only access to a store for the web reader; see the module docstring.

    ``timeout`` bounds each call (seconds of SQLite work). ``migrate=True`` first opens
    the file for writing once to apply missing migrations (else an older store is
    refused with a hint).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = 1.0,
        migrate: bool = False,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        if migrate:
            Store(self.path).close()
        self._analyzer = analyzer
        self._local = _Local()
        self._lock = threading.Lock()
        self._conns: list[sqlite3.Connection] = []
        self._closed = False
        self._check_schema()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every thread's connection; the Reader cannot be used afterwards."""
        with self._lock:
            self._closed = True
            conns, self._conns = self._conns, []
        for conn in conns:
            with suppress(sqlite3.Error):
                conn.close()

    @property
    def analyzer(self) -> Analyzer:
        """The search analyser (Sastrawi), loaded on the first search."""
        if self._analyzer is None:
            self._analyzer = shared_analyzer()
        return self._analyzer

    # -- connections ---------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
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
                f"PRAGMA mmap_size = {_MMAP_BYTES}",
            ):
                conn.execute(pragma).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path} as a store: {exc}") from exc
        local = self._local
        # Returning non-zero interrupts the running statement (sqlite3.OperationalError).
        conn.set_progress_handler(lambda: int(time.monotonic() > local.deadline), _PROGRESS_STEPS)
        return conn

    def _connection(self) -> sqlite3.Connection:
        conn = self._local.conn
        if conn is None:
            conn = self._open()
            with self._lock:
                if self._closed:
                    conn.close()
                    raise StoreError(f"the reader of {self.path} is closed")
                self._conns.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) under the deadline."""
        if self._closed:
            raise StoreError(f"the reader of {self.path} is closed")
        conn = self._connection()
        try:
            if conn.in_transaction:  # left open by a failed COMMIT: start clean
                conn.execute("ROLLBACK")
            self._local.deadline = time.monotonic() + self.timeout
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                # No deadline for ending the transaction: it must never be left open.
                self._local.deadline = float("inf")
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
    ) -> SearchPage:
        """Full-text search with Indonesian stemming; see :mod:`warta.store.search_query`
        for the syntax and :mod:`warta.store.read_search` for ranking and bounds.
        ``since`` and ``until`` are inclusive days; ``entity`` a key or canonical name."""
        parsed = parse_query(query, self.analyzer)
        with self._read() as conn:
            keys = None if entity is None else tuple(read_pages.resolve_entity(conn, entity))
            filters = Filters(
                since=since,
                until=until,
                outlet=outlet,
                section=_section(section),
                language=language,
                topic=topic,
                entity_keys=keys,
            )
            return read_search.search(
                conn, parsed, filters, self.analyzer, page=page, per_page=per_page
            )

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


def _section(value: str | None) -> str | None:
    """A section filter as given ('Olahraga') or any label naming one ('bola', 'Sport')."""
    if value is None or value in section_order():
        return value
    return normalise_section(value) or value
