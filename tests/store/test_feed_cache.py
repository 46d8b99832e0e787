"""Feeds as last fetched, in a real store file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from warta.store import Store
from warta.store.feed_cache import MAX_BODY, FeedCache

FEED = b'<?xml version="1.0"?><rss><channel><item><link>https://k.example/1</link></item>'


def test_a_feed_is_kept_with_its_validators_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    Store(db).close()
    with closing(FeedCache(db)) as feeds:
        assert feeds.get("https://k.example/rss") is None
        assert feeds.put("https://k.example/rss", '"v1"', None, FEED)
        assert feeds.put("https://k.example/rss", '"v2"', "Mon, 30 Nov 2026 03:00:00 GMT", FEED)
    with closing(FeedCache(db)) as feeds:  # another run
        cached = feeds.get("https://k.example/rss")
    assert cached is not None
    assert (cached.etag, cached.last_modified, cached.body) == (
        '"v2"',
        "Mon, 30 Nov 2026 03:00:00 GMT",
        FEED,
    )
    with closing(sqlite3.connect(db)) as conn:  # compressed, one row a feed
        rows = conn.execute("SELECT length(body) FROM feed_cache").fetchall()
    assert len(rows) == 1


def test_what_cannot_be_asked_for_conditionally_is_not_kept(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    Store(db).close()
    with closing(FeedCache(db)) as feeds:
        feeds.put("https://k.example/rss", '"v1"', None, FEED)
        assert not feeds.put("https://k.example/rss", None, None, FEED)  # no validator now
        assert feeds.get("https://k.example/rss") is None  # the old entry went with it
        assert not feeds.put("https://k.example/big.xml", '"v1"', None, b" " * (MAX_BODY + 1))
        assert feeds.get("https://k.example/big.xml") is None


def test_a_damaged_entry_reads_as_none(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    Store(db).close()
    with closing(FeedCache(db)) as feeds:
        feeds.put("https://k.example/rss", '"v1"', None, FEED)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE feed_cache SET body = x'00ff'")
    with closing(FeedCache(db)) as feeds:
        assert feeds.get("https://k.example/rss") is None
