"""Stored inputs fetched again (``warta ingest --refresh``): their validators, and what a
second fetch of a stored input may change.

A URL is done once stored, so a run skips it. With ``--refresh`` a run fetches it again,
conditionally: with the ``ETag`` and ``Last-Modified`` its last fetch answered, which the
store keeps per input (table ``fetch_validators``; only for pages that were fetched, and
only the validators a page answered with). What the second fetch brings:

- a 304 Not Modified: nothing changes but the article's ``last_seen``; the run counts
  the input as :data:`UNCHANGED`;
- a page that cannot be had now (a 404, a timeout, a blocked page) changes nothing
  either: the stored article, or the earlier rejection, is kept, and the run counts the
  input as ``kept: REASON``. The input was not lost, so it is not stored as rejected;
- the same content: :data:`UNCHANGED` too (a server that sends no validators, or
  changes them with every answer, costs a download but no new version);
- changed content: a new version of the article, the earlier one kept in
  ``article_versions``. A page's content is what the server sends now, so a page put
  back as it was earlier is a new version too (a crawl's copies, read in any order,
  count an older version as a duplicate instead);
- an article where a rejection was (a 503 last time): the input now points to the
  article and the rejection is deleted, so that ``rejected`` still counts the inputs
  that did not become articles.
"""

from __future__ import annotations

import sqlite3

__all__ = [
    "KEPT",
    "MIGRATION_STATEMENTS",
    "UNCHANGED",
    "Validators",
    "forget_input",
    "keep_validators",
    "stored_validators",
    "touch",
]

# The store's outcomes of an input fetched again: the content is the stored one, or the
# page could not be had and what was stored stays (with the reason).
UNCHANGED = "unchanged"
KEPT = "kept"

# (ETag, Last-Modified) as a page answered them, either None.
Validators = tuple[str | None, str | None]

MIGRATION_STATEMENTS = (
    """CREATE TABLE fetch_validators (
        source        TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT
    ) WITHOUT ROWID""",
)


def keep_validators(conn: sqlite3.Connection, source: str, validators: Validators) -> None:
    """Remember what a fetch of ``source`` answered; an answer without validators forgets
    the earlier ones, which no longer name the version stored."""
    if not any(validators):
        conn.execute("DELETE FROM fetch_validators WHERE source = ?", (source,))
        return
    conn.execute(
        "INSERT INTO fetch_validators (source, etag, last_modified) VALUES (?, ?, ?) "
        "ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified",
        (source, *validators),
    )


def stored_validators(conn: sqlite3.Connection, source: str) -> Validators | None:
    """The validators to fetch a stored input again with: None when ``source`` is not
    done, ``(None, None)`` when it is but its last fetch answered none."""
    found = conn.execute(
        "SELECT v.etag, v.last_modified FROM inputs AS i LEFT JOIN fetch_validators AS v "
        "ON v.source = i.source WHERE i.source = ?",
        (source,),
    ).fetchone()
    return None if found is None else (found[0], found[1])


def touch(conn: sqlite3.Connection, source: str, now: str) -> None:
    """The article ``source`` became was seen unchanged at ``now``."""
    conn.execute(
        "UPDATE articles SET last_seen = ? WHERE id = "
        "(SELECT article_id FROM inputs WHERE source = ?)",
        (now, source),
    )


def forget_input(conn: sqlite3.Connection, source: str) -> None:
    """Delete the row saying ``source`` is done, and the rejection it points to, before
    the input is stored again (the article it pointed to stays)."""
    found = conn.execute("SELECT rejected_id FROM inputs WHERE source = ?", (source,)).fetchone()
    conn.execute("DELETE FROM inputs WHERE source = ?", (source,))
    if found is not None and found[0] is not None:  # after the row that refers to it
        conn.execute("DELETE FROM rejected WHERE id = ?", (found[0],))
