"""Storing an input the store holds already, fetched again (``warta ingest --refresh``).

:mod:`warta.store.refresh` says what a second fetch may change and keeps what fetches
answered; this module is the write that :meth:`warta.store.Store.save_batch` makes for
such an input, in the batch's transaction: nothing new for a page that did not change or
cannot be had now, a new version for a changed one, the story merged again for a changed
page of a merged story.
"""

from __future__ import annotations

import sqlite3

from warta.record import Article
from warta.store import pages, schema, search_index
from warta.store.refresh import (
    KEPT,
    MERGED_PAGES,
    UNCHANGED,
    forget_input,
    keep_fetched,
    merged_story,
    stored_digest,
    touch,
)
from warta.store.writes import (
    find_article,
    insert_article,
    keep_unchanged,
    record_input,
    replace_article,
)

__all__ = ["save_again"]

# (outcome, rejection reason or None), as Store._save_one returns it.
Saved = tuple[str, str | None]


def save_again(
    conn: sqlite3.Connection,
    source: str,
    item: Article | schema.PreparedRow,
    now: str,
    pending: search_index.PendingIndex,
) -> Saved:
    """Store ``item``, a second fetch of the done input ``source``; its outcome."""
    if not isinstance(item, schema.PreparedRow):
        if (rejected := schema.rejection(item)) is not None:
            return _not_had(conn, source, rejected[0], now)
        item = schema.prepare_row(source, item)
    if stored_digest(conn, source) == item.digest:
        keep_unchanged(conn, source, item, now, pending)
        return UNCHANGED, None
    story = merged_story(conn, source)
    if story is not None:
        return _save_page_again(conn, source, item, story=story, now=now, pending=pending)
    keep_fetched(conn, source, item)
    forget_input(conn, source)
    found = find_article(conn, item.key)
    if found is None:
        insert_article(conn, item, now, pending)
        return "inserted", None
    record_input(conn, source, "article", now, article_id=found[0])
    if found[1] == item.digest:  # stored before its page's hash was kept, or rejected
        touch(conn, source, now)
        return UNCHANGED, None
    replace_article(conn, found[0], item, now, pending)
    return "updated", None


def _save_page_again(
    conn: sqlite3.Connection,
    source: str,
    row: schema.PreparedRow,
    *,
    story: int,
    now: str,
    pending: search_index.PendingIndex,
) -> Saved:
    """A changed page of the merged article ``story``: the story merged again."""
    merged = pages.remerged_row(conn, story, row)
    if merged is None:  # merged before the store kept its pages apart
        return KEPT, MERGED_PAGES
    keep_fetched(conn, source, row)
    replace_article(conn, story, merged, now, pending)
    return "updated", None


def _not_had(conn: sqlite3.Connection, source: str, reason: str, now: str) -> Saved:
    """A done input fetched again with no page: a 304 (unchanged), or a failure that
    keeps what was stored."""
    if reason != UNCHANGED:
        return KEPT, reason
    touch(conn, source, now)
    return UNCHANGED, None
