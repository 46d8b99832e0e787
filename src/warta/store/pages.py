"""Multi-page articles that an ingest stored page by page, found and merged in the store.

A story split over ``…/judul``, ``…/judul?page=2`` and ``…/judul?page=3`` reaches an
ingest as three inputs, possibly far apart in a WARC or in different runs. The streaming
runner stores each page as it comes; afterwards :meth:`warta.store.Store.merge_pages`
groups the stored articles whose addresses differ only by the page
(:func:`warta.news.pagination.page_ref`, the rule ``warta extract --merge-pages`` uses)
and merges each group with :func:`warta.news.merge.merge_parts`:

- the merged article takes the place of the lowest page, which keeps its earlier content
  as a version; the other pages' rows go, and their inputs point at the merged article,
  so every input still says what it became;
- enrichment is cleared (page 1's entities and summary would describe a third of the
  story); ``warta ingest --enrich`` enriches the merged article again, and ``warta enrich
  --db`` finds it among the unenriched;
- a page that arrives in a later run merges with what is stored already, so running the
  merge again is harmless: a group that is one article now is left alone;
- each page's own record is kept apart (table ``story_pages``), so that a page fetched
  again (``warta ingest --refresh``) takes its place among the others and the story is
  merged anew (:func:`remerged_row`), and a page arriving later joins the pages rather
  than the merged text. A story merged before the table existed has no rows there: its
  merged record stands in for its first page.

An all-pages view (``?page=all``) is an article of its own and never part of a group.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from warta.news.pagination import article_page
from warta.record import ENRICHMENT_FIELDS, Article
from warta.search.article_text import analysed_text
from warta.store import schema

__all__ = [
    "backfill",
    "merged_row",
    "merged_unenriched",
    "page_groups",
    "page_stem",
    "remerged_row",
]


def page_stem(url: str | None, canonical: str | None) -> str | None:
    """The story an article with these addresses is a page of (its ``page_stem`` column)."""
    page = article_page(url, canonical)
    return page[0] if page is not None else None


def page_groups(conn: sqlite3.Connection) -> Iterator[list[int]]:
    """Ids of stored articles that are pages of one story, lowest page first; only
    groups with at least two different page numbers.

    SQLite finds the stories with more than one article through the ``page_stem`` index,
    so a run over a large store reads only those rows, not every article.
    """
    stems = conn.execute(
        "SELECT page_stem FROM articles WHERE page_stem IS NOT NULL "
        "GROUP BY page_stem HAVING count(*) > 1"
    ).fetchall()
    for (stem,) in stems:
        members: list[tuple[int, int]] = []
        rows = conn.execute(
            "SELECT id, url, canonical_url FROM articles WHERE page_stem = ? ORDER BY id", (stem,)
        )
        for article_id, url, canonical in rows:
            page = article_page(url, canonical)
            if page is not None:
                members.append((page[1], article_id))
        if len({number for number, _ in members}) >= 2:
            yield [article_id for _, article_id in sorted(members)]


# Rows read at a time by the backfill, so memory stays flat on a large store.
_BACKFILL_ROWS = 5000


def backfill(conn: sqlite3.Connection) -> None:
    """Fill ``page_stem`` for the articles a store held before migration 5."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, url, canonical_url FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last, _BACKFILL_ROWS),
        ).fetchall()
        if not rows:
            return
        conn.executemany(
            "UPDATE articles SET page_stem = ? WHERE id = ?",
            [(page_stem(url, canonical), article_id) for article_id, url, canonical in rows],
        )
        last = rows[-1][0]


def merged_row(conn: sqlite3.Connection, ids: list[int]) -> schema.PreparedRow:
    """The row of the article the pages ``ids`` (in page order) make together, keyed as
    the first of them is; ready for the store to put in the first one's place. Each
    page's own record is kept apart (``story_pages``) for :func:`remerged_row`."""
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, key, record FROM articles WHERE id IN ({marks})", ids)
    found = {article_id: (key, record) for article_id, key, record in rows}
    parts = dict(_kept_pages(conn, ids[0]))  # the pages of a story merged before
    # The first article of such a story holds the merged text: its pages stand for it.
    own = ids[1:] if parts else ids
    for article_id in own:
        if article_id in found:
            record = found[article_id][1]
            parts[_page_number(json.loads(record))] = record
    _keep_pages(conn, ids[0], parts)
    return _merged(found[ids[0]][0], [parts[n] for n in sorted(parts)])


def remerged_row(
    conn: sqlite3.Connection, article_id: int, page: schema.PreparedRow
) -> schema.PreparedRow | None:
    """The row of the merged article ``article_id`` with one of its pages (``page``, as
    prepared for the store) changed, or None when the store did not keep that story's
    pages apart (it was merged before it kept them)."""
    parts = dict(_kept_pages(conn, article_id))
    found = conn.execute("SELECT key FROM articles WHERE id = ?", (article_id,)).fetchone()
    if not parts or found is None:
        return None
    parts[_page_number(page.record)] = page.text  # the record's JSON, written once
    _keep_pages(conn, article_id, parts)
    return _merged(str(found[0]), [parts[n] for n in sorted(parts)])


def merged_unenriched(conn: sqlite3.Connection, since: str) -> list[int]:
    """Ids of the stories merged since ``since`` (a time as the store writes it), by
    :func:`merged_row` or :func:`remerged_row`, that enrichment has not run on since:
    a merge clears what enrichment had added, and a run that enriches adds it again."""
    rows = conn.execute(
        "SELECT DISTINCT a.id FROM articles AS a JOIN article_versions AS v "
        "ON v.article_id = a.id AND v.replaced_at >= ? "
        "WHERE a.id IN (SELECT article_id FROM story_pages) "
        f"AND {schema.NOT_ENRICHED.format(record='a.record')} ORDER BY a.id",
        (since,),
    )
    return [int(row[0]) for row in rows]


def _merged(key: str, records: list[str]) -> schema.PreparedRow:
    """The prepared row of the article the page records make together, under ``key``."""
    # Imported here: the merge module loads the extraction pipeline, which opening a
    # store (the ingest supervisor, a reader) does not need.
    from warta.news.merge import merge_parts  # noqa: PLC0415

    merged = merge_parts([Article.from_dict(json.loads(record)) for record in records])
    for name in ENRICHMENT_FIELDS:  # cleared on a merged article (see the module doc)
        setattr(merged, name, None)
    merged.provenance["pages_from"] = "store"
    row = schema.prepare_row(merged.source or key, merged, analysed_text)
    return dataclasses.replace(row, key=key)


def _page_number(record: dict[str, Any]) -> int:
    """The page a stored page's record is (1 when its address names none)."""
    page = article_page(record.get("url"), record.get("canonical_url"))
    return page[1] if page is not None else 1


def _kept_pages(conn: sqlite3.Connection, article_id: int) -> list[tuple[int, str]]:
    return conn.execute(
        "SELECT page, record FROM story_pages WHERE article_id = ? ORDER BY page", (article_id,)
    ).fetchall()


def _keep_pages(conn: sqlite3.Connection, article_id: int, parts: dict[int, str]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO story_pages (article_id, page, record) VALUES (?, ?, ?)",
        [(article_id, number, record) for number, record in parts.items()],
    )
