"""Stored inputs fetched again (``warta ingest --refresh``): what their last fetch answered,
and what a second fetch of a stored input may change.

A URL is done once stored, so a run skips it. With ``--refresh`` a run fetches it again,
conditionally: with the ``ETag`` and ``Last-Modified`` its last fetch answered. The store
keeps them per input in ``fetched_pages``, with the content hash of the page as that
fetch stored it (a row for every fetched page stored as an article; the hash leaves out
the languages, which enrichment may decide, so that a run with ``--enrich`` and one
without see the same page: :func:`~warta.store.schema.content_hash`). What the second
fetch brings:

- a 304 Not Modified, or a page whose hash is the one stored for the input:
  nothing changes but the article's ``last_seen``, and the run counts the input as
  :data:`UNCHANGED` (a server that sends no validators, or new ones with every answer,
  costs a download but no new version);
- a page that cannot be had now (a 404, a timeout, a blocked page) changes nothing: the
  stored article, or the earlier rejection, is kept, and the run counts the input as
  ``kept: REASON``. The input was not lost, so it is not stored as rejected;
- changed content: a new version of the article, the earlier one kept in
  ``article_versions``. A page's content is what the server sends now, so a page put
  back as it was earlier is a new version too (a crawl's copies, read in any order,
  count an older version as a duplicate instead);
- an article where a rejection was (a 503 last time): the input now points to the
  article and the rejection is deleted, so that ``rejected`` still counts the inputs
  that did not become articles;
- a changed page of a story the store merged from its pages (:mod:`warta.store.pages`)
  takes its place among the story's pages, kept apart in ``story_pages``, and the story
  is merged again: a new version of the merged article (``updated``). A story merged
  before the store kept its pages apart (migration 9) cannot be merged again without
  them: the page is counted as ``kept: merged-pages`` and not stored, and its
  validators are left as they were, so that a later refresh sees the change again.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # schema imports this module (its tables)
    from warta.store.schema import PreparedRow

__all__ = [
    "KEPT",
    "MERGED_PAGES",
    "MIGRATION_STATEMENTS",
    "UNCHANGED",
    "Validators",
    "forget_input",
    "keep_fetched",
    "merged_story",
    "stored_digest",
    "stored_validators",
    "touch",
]

# The store's outcomes of an input fetched again: the content is the stored one, or the
# page could not be had (or stored) and what was stored stays, with the reason.
UNCHANGED = "unchanged"
KEPT = "kept"
MERGED_PAGES = "merged-pages"

# (ETag, Last-Modified) as a page answered them, either None.
Validators = tuple[str | None, str | None]

MIGRATION_STATEMENTS = (
    """CREATE TABLE fetched_pages (
        source        TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        content_hash  TEXT NOT NULL
    ) WITHOUT ROWID""",
)


def keep_fetched(conn: sqlite3.Connection, source: str, row: PreparedRow) -> None:
    """Remember what the fetch of ``source`` that gave ``row`` answered, and the page's
    content hash (an answer without validators
    replaces earlier ones, which no longer name the version stored); nothing for an
    input that was not fetched (``row.validators`` None)."""
    if row.validators is None:
        return
    conn.execute(
        "INSERT INTO fetched_pages (source, etag, last_modified, content_hash) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, content_hash = excluded.content_hash",
        (source, *row.validators, row.digest),
    )


def stored_validators(conn: sqlite3.Connection, source: str) -> Validators | None:
    """The validators to fetch a stored input again with: None when ``source`` is not
    done, ``(None, None)`` when it is but its last fetch answered none."""
    found = conn.execute(
        "SELECT p.etag, p.last_modified FROM inputs AS i LEFT JOIN fetched_pages AS p "
        "ON p.source = i.source WHERE i.source = ?",
        (source,),
    ).fetchone()
    return None if found is None else (found[0], found[1])


def stored_digest(conn: sqlite3.Connection, source: str) -> str | None:
    """The content hash of the page ``source`` as its last fetch stored it, if known."""
    found = conn.execute(
        "SELECT content_hash FROM fetched_pages WHERE source = ?", (source,)
    ).fetchone()
    return None if found is None else str(found[0])


def merged_story(conn: sqlite3.Connection, source: str) -> int | None:
    """The article the store merged from pages that the input ``source`` points at."""
    found = conn.execute(
        "SELECT a.id, json_extract(a.record, '$.provenance.pages_from') FROM inputs AS i "
        "JOIN articles AS a ON a.id = i.article_id WHERE i.source = ?",
        (source,),
    ).fetchone()
    return int(found[0]) if found is not None and found[1] == "store" else None


def touch(conn: sqlite3.Connection, source: str, now: str) -> int | None:
    """The article ``source`` became was seen unchanged at ``now``; its id (None when the
    input points at no article)."""
    found = conn.execute("SELECT article_id FROM inputs WHERE source = ?", (source,))
    row = found.fetchone()
    article_id = None if row is None or row[0] is None else int(row[0])
    if article_id is not None:
        conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now, article_id))
    return article_id


def forget_input(conn: sqlite3.Connection, source: str) -> None:
    """Delete the row saying ``source`` is done, and the rejection it points to, before
    the input is stored again (the article it pointed to stays)."""
    found = conn.execute("SELECT rejected_id FROM inputs WHERE source = ?", (source,)).fetchone()
    conn.execute("DELETE FROM inputs WHERE source = ?", (source,))
    if found is not None and found[0] is not None:  # after the row that refers to it
        conn.execute("DELETE FROM rejected WHERE id = ?", (found[0],))
