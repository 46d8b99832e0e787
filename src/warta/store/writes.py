"""The row-level writes behind :meth:`warta.store.Store.save_batch` and its kin: an article
inserted, replaced by a new version, and the row saying an input is done. Each runs inside
the caller's transaction, on its connection."""

from __future__ import annotations

import sqlite3

from warta.store import pages, schema, search_index

__all__ = ["find_article", "insert_article", "known_version", "record_input", "replace_article"]


def find_article(conn: sqlite3.Connection, key: str) -> tuple[int, str] | None:
    """(id, content hash) of the article stored under ``key``, if any."""
    found = conn.execute("SELECT id, content_hash FROM articles WHERE key = ?", (key,)).fetchone()
    return None if found is None else (int(found[0]), str(found[1]))


def known_version(conn: sqlite3.Connection, article_id: int, digest: str) -> bool:
    """Whether ``digest`` is an earlier version of the article (crawls read out of order
    bring old versions back: not a change)."""
    found = conn.execute(
        "SELECT 1 FROM article_versions WHERE article_id = ? AND content_hash = ?",
        (article_id, digest),
    ).fetchone()
    return found is not None


def insert_article(
    conn: sqlite3.Connection, row: schema.PreparedRow, now: str, pending: search_index.PendingIndex
) -> None:
    """A new article and its read-side rows (the search text waits in ``pending``), and
    the input it came from."""
    record = row.record
    columns = (*schema.row_columns(record), row.digest, row.text, now, now)
    stem = pages.page_stem(record.get("url"), record.get("canonical_url"))
    cursor = conn.execute(schema.INSERT_ARTICLE, (row.key, *columns, *row.reader, stem))
    article_id = int(cursor.lastrowid or 0)  # always set by an INSERT into a rowid table
    section, topic = row.reader
    pending.facets.add(
        {
            "outlet": record.get("outlet"),
            "language": record.get("language"),
            "published": record.get("published"),
            "section_norm": section,
            "topic": topic,
        }
    )
    search_index.index_article(
        conn,
        article_id,
        row.record,
        fresh=True,
        analysed=row.analysed,
        reader=row.reader,
        pending=pending,
    )
    record_input(conn, row.source, "article", now, article_id=article_id)


def replace_article(
    conn: sqlite3.Connection,
    article_id: int,
    row: schema.PreparedRow,
    now: str,
    pending: search_index.PendingIndex | None = None,
) -> None:
    """Keep the current version in ``article_versions``; put ``row`` in its place."""
    if pending is not None:
        pending.flush(conn)  # the update's trigger subtracts from counts held there
    conn.execute(schema.ARCHIVE_VERSION, (now, article_id))
    columns = (*schema.row_columns(row.record), row.digest, row.text, now)
    stem = pages.page_stem(row.record.get("url"), row.record.get("canonical_url"))
    conn.execute(schema.REPLACE_ARTICLE, (*columns, *row.reader, stem, article_id))
    search_index.index_article(
        conn, article_id, row.record, analysed=row.analysed, reader=row.reader, pending=pending
    )


def record_input(
    conn: sqlite3.Connection,
    source: str,
    outcome: str,
    now: str,
    *,
    article_id: int | None = None,
    rejected_id: int | None = None,
) -> None:
    """The row saying ``source`` is done, and what it became."""
    conn.execute(schema.INSERT_INPUT, (source, outcome, article_id, rejected_id, now))
