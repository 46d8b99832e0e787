"""Articles per outlet, language, day, section and topic: the ``facet_counts`` table.

The reader's facet lists and outlet pages read these counts rather than counting
``articles`` on every page view. Triggers keep them when an article's facet columns
change (an update, a merge of pages, enrichment) or when it is deleted. New articles are
counted by the store itself, a batch at a time (:class:`FacetTally`): migration 6 dropped
the insert trigger of migration 3.

Why no insert trigger: a trigger makes every ``INSERT INTO articles`` a statement that
writes several tables, and such a statement, inside the batch's transaction, keeps a
statement journal, a copy of every page it is about to change, so that it alone could be
rolled back. An article's insert changes a dozen pages (the table, its eight indexes,
the counts), 16 KiB each: some 170 KiB of copies per article, spilled to a temporary
file beyond SQLite's 64 KiB in memory. The store never rolls back one statement (a
failed batch rolls back whole), so that was all waste. Measured on the ingest
benchmark's prepared rows (5,175, batches of 500): saving took 0.30-0.31 ms an article
with the trigger, 0.26-0.28 without, the system time going from 0.09-0.10 to 0.06.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

__all__ = ["DROP_INSERT_TRIGGER", "MIGRATION_STATEMENTS", "FacetTally", "facet_values"]

# The dimensions and the articles columns they count; a day is the published date's
# first ten characters.
DIMENSIONS = (
    ("outlet", "outlet"),
    ("language", "language"),
    ("day", "published"),
    ("section", "section_norm"),
    ("topic", "topic"),
)

# (Named columns: SQLite does not resolve VALUES's column1, column2 inside a trigger.)
_VALUES = (
    "(SELECT 'outlet' AS d, {r}.outlet AS v UNION ALL SELECT 'language', {r}.language "
    "UNION ALL SELECT 'day', substr({r}.published, 1, 10) "
    "UNION ALL SELECT 'section', {r}.section_norm UNION ALL SELECT 'topic', {r}.topic)"
)
_ADD = (
    "INSERT INTO facet_counts (dim, value, n) SELECT d, v, 1 FROM "
    + _VALUES
    + " WHERE v IS NOT NULL ON CONFLICT (dim, value) DO UPDATE SET n = n + 1;"
)
_REMOVE = (
    "UPDATE facet_counts SET n = n - 1 WHERE (dim, value) IN (SELECT d, v FROM "
    + _VALUES
    + "); DELETE FROM facet_counts WHERE n <= 0;"
)
_CHANGED = " OR ".join(f"old.{column} IS NOT new.{column}" for _, column in DIMENSIONS)

# Migration 3's part (see warta.store.search_index): the table, its triggers and the
# counts of what the file already held (section and topic are filled by its backfill).
MIGRATION_STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE facet_counts (
        dim   TEXT NOT NULL,
        value TEXT NOT NULL,
        n     INTEGER NOT NULL,
        PRIMARY KEY (dim, value)
    ) WITHOUT ROWID""",
    f"CREATE TRIGGER facets_insert AFTER INSERT ON articles BEGIN {_ADD.format(r='new')} END",
    f"CREATE TRIGGER facets_delete AFTER DELETE ON articles BEGIN {_REMOVE.format(r='old')} END",
    f"CREATE TRIGGER facets_update AFTER UPDATE ON articles WHEN {_CHANGED} "
    f"BEGIN {_REMOVE.format(r='old')} {_ADD.format(r='new')} END",
    "INSERT INTO facet_counts (dim, value, n) "
    "SELECT 'outlet', outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY 2 "
    "UNION ALL SELECT 'language', language, count(*) FROM articles "
    "WHERE language IS NOT NULL GROUP BY 2 "
    "UNION ALL SELECT 'day', substr(published, 1, 10), count(*) FROM articles "
    "WHERE published IS NOT NULL GROUP BY 2",
)
# Migration 6: the store counts new articles itself (see the module doc).
DROP_INSERT_TRIGGER = ("DROP TRIGGER IF EXISTS facets_insert",)

_ADD_COUNTS = (
    "INSERT INTO facet_counts (dim, value, n) VALUES (?, ?, ?) "
    "ON CONFLICT (dim, value) DO UPDATE SET n = n + excluded.n"
)


def facet_values(columns: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """``(dimension, value)`` of each facet an article with these ``articles`` column
    values counts in, as the triggers compute them: a NULL counts nowhere, an empty
    string does."""
    for dim, column in DIMENSIONS:
        value = columns.get(column)
        if value is None:
            continue
        text = str(value)
        yield dim, text[:10] if dim == "day" else text


class FacetTally:
    """The facet counts of a batch's new articles, added to ``facet_counts`` in one go.

    A batch of 500 articles holds a few dozen distinct values, so :meth:`flush` writes a
    few dozen rows rather than five for each article. It must run before anything in the
    same transaction updates or deletes an article (whose triggers subtract from counts
    that must be there already) and before the transaction ends.
    """

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, columns: dict[str, Any]) -> None:
        """Count one new article with these ``articles`` column values."""
        self.counts.update(facet_values(columns))

    def flush(self, conn: sqlite3.Connection) -> None:
        """Add what is held to ``facet_counts`` (inside the caller's transaction)."""
        if self.counts:
            conn.executemany(_ADD_COUNTS, [(*key, n) for key, n in self.counts.items()])
            self.counts.clear()
