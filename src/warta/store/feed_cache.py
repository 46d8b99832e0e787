"""Feeds and sitemaps as last fetched, so that a scheduled ingest asks for them again
conditionally.

An ingest run every quarter hour over the feeds of 40 outlets fetches each feed every
time, though most have not changed: sent back, the ``ETag`` and ``Last-Modified`` of the
last fetch let the server answer ``304 Not Modified`` with no body. The feed is then read
from here, as it was: its links come out again and those stored already are skipped, as
after any fetch. Keeping the body rather than only the validators is what makes a 304
safe after a crash: the run that cached the feed may have died before it stored all of
its links, and the next one still sees them.

Only feeds the server gave a validator for are kept (without one there is nothing to ask
conditionally), and only up to :data:`MAX_BODY` bytes, compressed: news feeds and news
sitemaps are well under that, the full sitemaps of large sites are not and are fetched
whole each time.
"""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_BODY", "MIGRATION_STATEMENTS", "CachedFeed", "FeedCache"]

# Largest feed body kept: an RSS feed or a Google News sitemap (at most 1,000 URLs) is some
# 50-500 KB; 4 MiB holds any of them with room, compressed to a fraction in the store.
MAX_BODY = 4 * 1024 * 1024

MIGRATION_STATEMENTS = (
    """CREATE TABLE feed_cache (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        body          BLOB NOT NULL,
        fetched       TEXT NOT NULL
    )""",
)


@dataclass(frozen=True, slots=True)
class CachedFeed:
    """A feed as last fetched: its validators and its body."""

    etag: str | None
    last_modified: str | None
    body: bytes


class FeedCache:
    """The ``feed_cache`` table of the store at ``path`` (created or migrated already, as
    :class:`~warta.store.Store` does), on a connection of its own."""

    def __init__(self, path: str | Path) -> None:
        # Imported here: the store's connection module builds on the schema, which names
        # this module's table among its migrations.
        from warta.store.connection import check_schema, connect  # noqa: PLC0415

        self.path = Path(path)
        self._conn = connect(self.path, readonly=False)
        try:
            check_schema(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the connection (``contextlib.closing`` does it at the end of a block)."""
        self._conn.close()

    def get(self, url: str) -> CachedFeed | None:
        """The feed at ``url`` as last kept, or None (never kept, or unreadable)."""
        row = self._conn.execute(
            "SELECT etag, last_modified, body FROM feed_cache WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        try:
            body = zlib.decompress(row[2])
        except (zlib.error, TypeError):
            return None  # a damaged entry: the feed is fetched whole again
        return CachedFeed(etag=row[0], last_modified=row[1], body=body)

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> bool:
        """Keep the feed at ``url`` as just fetched; False when there is nothing to ask
        conditionally next time (no validator) or the body is over :data:`MAX_BODY`, in
        which case an older entry is dropped."""
        from warta.store.connection import now, transaction  # noqa: PLC0415 - see __init__

        keep = bool(etag or last_modified) and len(body) <= MAX_BODY
        with transaction(self._conn):
            if not keep:
                self._conn.execute("DELETE FROM feed_cache WHERE url = ?", (url,))
                return False
            self._conn.execute(
                "INSERT OR REPLACE INTO feed_cache (url, etag, last_modified, body, fetched) "
                "VALUES (?, ?, ?, ?, ?)",
                (url, etag, last_modified, sqlite3.Binary(zlib.compress(body, 6)), now()),
            )
        return True
