"""The row-level writes behind :meth:`warta.store.Store.save_batch` and its kin: an article
inserted, replaced by a new version, and the row saying an input is done. Each runs inside
the caller's transaction, on its connection."""

from __future__ import annotations

import json
import sqlite3

from warta.record import ENRICHMENT_FIELDS
from warta.store import pages, refresh, schema, search_index

__all__ = [
    "find_article",
    "insert_article",
    "keep_duplicate",
    "keep_unchanged",
    "known_version",
    "record_input",
    "rehash",
    "replace_article",
]

# What a copy of a stored article may bring that the stored record lacks: enrichment,
# with the languages it decides (the content hash leaves those out, schema.content_hash).
_GRAFTED = ("language", "paragraphs", *sorted(ENRICHMENT_FIELDS))
# Rows read at a time by the backfill of migration 10.
_REHASH_ROWS = 500


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


def keep_duplicate(
    conn: sqlite3.Connection,
    article_id: int,
    row: schema.PreparedRow,
    now: str,
    pending: search_index.PendingIndex,
) -> None:
    """``row`` is a copy of the stored article ``article_id`` (the same content hash as
    its current version, or an earlier one's): the article was seen again, and the input
    is done as a duplicate. A copy of the current version that is enriched gives the
    stored record its enrichment when it has none (stored by a run without
    ``--enrich``); enrichment already stored is kept, whatever the copy holds."""
    conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now, article_id))
    if "entities" in row.record:
        _graft_enrichment(conn, article_id, row, pending)
    record_input(conn, row.source, "duplicate", now, article_id=article_id)


def keep_unchanged(
    conn: sqlite3.Connection,
    source: str,
    row: schema.PreparedRow,
    now: str,
    pending: search_index.PendingIndex,
) -> None:
    """``row`` is the page of the done input ``source`` fetched again, the same as stored
    (:mod:`warta.store.refresh`): what the fetch answered is kept and the article was seen
    at ``now``; an enriched fetch gives the stored article its enrichment when it has
    none, as :func:`keep_duplicate` does."""
    refresh.keep_fetched(conn, source, row)
    article_id = refresh.touch(conn, source, now)
    if article_id is not None and "entities" in row.record:
        _graft_enrichment(conn, article_id, row, pending)


def _graft_enrichment(
    conn: sqlite3.Connection,
    article_id: int,
    row: schema.PreparedRow,
    pending: search_index.PendingIndex,
) -> None:
    """The enrichment of ``row`` put into the stored record (its other fields, the
    address and provenance of the input that stored it, stay), re-indexed; nothing when
    the stored record is enriched already or is another version."""
    found = conn.execute(
        "SELECT record FROM articles WHERE id = ? AND content_hash = ? "
        f"AND {schema.NOT_ENRICHED.format(record='record')}",
        (article_id, row.digest),
    ).fetchone()
    if found is None:
        return
    record = json.loads(found[0])
    # A language the copy could not tell (None) does not undo the one stored.
    record.update((name, row.record[name]) for name in _GRAFTED if row.record.get(name) is not None)
    reader = search_index.reader_columns(record)
    pending.flush(conn)  # the update's trigger subtracts from counts held there
    values = (record.get("language"), reader[1], schema.record_json(record), article_id)
    conn.execute(schema.UPDATE_ENRICHED, values)
    # The row's search text holds when the language it was analysed with is the one kept.
    same = record.get("language") == row.record.get("language")
    analysed = row.analysed if same else None
    search_index.index_article(
        conn, article_id, record, analysed=analysed, reader=reader, pending=pending
    )


def rehash(conn: sqlite3.Connection) -> None:
    """Migration 10's backfill: the content hash of every stored article and earlier
    version computed again from its record, now without the languages."""
    for table in ("articles", "article_versions"):
        last = 0
        while True:
            rows = conn.execute(
                f"SELECT id, record FROM {table} WHERE id > ? ORDER BY id LIMIT ?",
                (last, _REHASH_ROWS),
            ).fetchall()
            if not rows:
                break
            conn.executemany(
                f"UPDATE {table} SET content_hash = ? WHERE id = ?",
                [(schema.content_hash(json.loads(text)), row_id) for row_id, text in rows],
            )
            last = rows[-1][0]


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
