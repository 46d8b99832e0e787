"""The store's schema as data, and the pure functions that turn a record into its rows.

Nothing here touches a database: :mod:`warta.store.sqlite` executes these statements.
Keeping the SQL as data lets a test apply a migration list of its own, and keeps the
migration history readable in one place.

Tables (see :data:`MIGRATIONS` for the exact SQL):

- ``migrations``: one row per applied migration (version, name, applied_at);
- ``articles``: the current version of each article, keyed on its canonical address,
  with the full record as JSON and the hash of its content; ``page_stem`` (migration 5)
  names the story an article is a page of, so that merging pages after a run asks an
  index for the stories with several pages instead of reading every article;
- ``article_versions``: earlier versions of changed articles, with when they were replaced;
- ``inputs``: one row per input source location processed, with its outcome. A source
  in this table is done: that is what makes a run resumable;
- ``rejected``: every input that did not become an article, with its reason;
- ``feed_cache`` and ``fetched_pages``: what feeds and fetched pages answered last,
  to ask for them again conditionally (:mod:`warta.store.feed_cache`,
  :mod:`warta.store.refresh`);
- the reader's indexes (stemmed search, entities, quotes, normalised sections, facet
  counts): see :mod:`warta.store.search_index`. The stemmed FTS5 index ``articles_stem``
  is the store's one full-text index: :meth:`warta.store.Store.search` and the reader
  both search it.

Migration 2 made a second, unstemmed FTS5 index (``articles_fts`` over the view
``article_text``, kept by triggers); migration 4 drops it again. It served no reader once
the stemmed index existed, and keeping it cost every stored article about a third of the
writer's time (0.34 of 0.95 ms, measured on 2,000 pages). Migration 6 drops the trigger
that counted new articles' facets, for the same reason: see :mod:`warta.store.facets`.
Migration 10 computes the stored content hashes again without the languages, which
enrichment may decide (:func:`content_hash`). Migration 11 adds ``done_pieces``, the
pieces of input files a resumed run passes over unread (:mod:`warta.store.done_pieces`).
Migration 12 sets how FTS5 writes the stemmed index (``search_index.MERGE_SETTINGS``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from warta.errors import error_reason
from warta.record import Article
from warta.search.article_text import analysed_text
from warta.store import done_pieces, facets, feed_cache, refresh, search_index, tables

__all__ = [
    "HASHED_FIELDS",
    "MIGRATIONS",
    "NOT_ENRICHED",
    "NO_TEXT_REASON",
    "Migration",
    "PreparedRow",
    "article_key",
    "content_hash",
    "day",
    "pending",
    "prepare_row",
    "ready_to_store",
    "record_json",
    "rejection",
    "row_columns",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Migration:
    """One step of the schema; ``statements`` run in order, one at a time, then
    ``backfill`` (if any) fills new tables from the rows already stored, for what SQL
    alone cannot compute (the stemmed search text)."""

    version: int
    name: str
    statements: tuple[str, ...]
    backfill: Callable[[sqlite3.Connection], None] | None = None


CREATE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def _page_stems(conn: sqlite3.Connection) -> None:
    """Migration 5's backfill (:func:`warta.store.pages.backfill`), imported when run:
    that module builds on this one."""
    from warta.store.pages import backfill  # noqa: PLC0415

    backfill(conn)


def _rehash(conn: sqlite3.Connection) -> None:
    """Migration 10's backfill (:func:`warta.store.writes.rehash`), imported when run."""
    from warta.store.writes import rehash  # noqa: PLC0415

    rehash(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, name="articles, versions, inputs and rejected", statements=tables.CORE),
    Migration(
        version=2, name="full-text index over title, lead and body", statements=tables.FULL_TEXT
    ),
    Migration(
        version=3,
        name="reader indexes: stemmed search, entities, quotes, sections, facets",
        statements=search_index.MIGRATION_STATEMENTS,
        backfill=search_index.backfill,
    ),
    Migration(
        version=4, name="drop the unstemmed full-text index", statements=tables.DROP_FULL_TEXT
    ),
    Migration(
        version=5,
        name="the story each article is a page of, indexed for merging pages",
        statements=(
            "ALTER TABLE articles ADD COLUMN page_stem TEXT",
            "CREATE INDEX articles_page_stem ON articles (page_stem) WHERE page_stem IS NOT NULL",
        ),
        backfill=_page_stems,
    ),
    Migration(
        version=6,
        name="new articles' facet counts kept by the store, not a trigger",
        statements=facets.DROP_INSERT_TRIGGER,
    ),
    Migration(
        version=7,
        name="feeds and sitemaps as last fetched, asked for conditionally",
        statements=feed_cache.MIGRATION_STATEMENTS,
    ),
    Migration(
        version=8,
        name="what fetched pages answered, to fetch them again conditionally",
        statements=refresh.MIGRATION_STATEMENTS,
    ),
    Migration(
        version=9,
        name="the pages of a merged story kept apart, to merge it again",
        statements=tables.STORY_PAGES,
    ),
    Migration(
        version=10,
        name="content hashes without the languages enrichment may decide",
        statements=(),
        backfill=_rehash,
    ),
    Migration(
        version=11,
        name="pieces of input files whose every input is stored",
        statements=done_pieces.MIGRATION_STATEMENTS,
    ),
    Migration(
        version=12,
        name="the stemmed index flushes and merges in larger steps",
        statements=search_index.MERGE_SETTINGS,
    ),
)


# -- the statements the store runs --------------------------------------------------------

INSERT_ARTICLE = (
    "INSERT INTO articles (key, url, canonical_url, outlet, section, title, language, "
    "published, updated, content_hash, record, first_seen, last_seen, section_norm, topic, "
    "page_stem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# Copy the current version aside before REPLACE_ARTICLE overwrites it.
ARCHIVE_VERSION = (
    "INSERT INTO article_versions (article_id, version, content_hash, record, replaced_at) "
    "SELECT id, version, content_hash, record, ? FROM articles WHERE id = ?"
)
REPLACE_ARTICLE = (
    "UPDATE articles SET url = ?, canonical_url = ?, outlet = ?, section = ?, title = ?, "
    "language = ?, published = ?, updated = ?, content_hash = ?, record = ?, last_seen = ?, "
    "section_norm = ?, topic = ?, page_stem = ?, version = version + 1 WHERE id = ?"
)
# Enrichment added to a stored article: the content (and so its hash and version) is the
# same, only the record and the columns enrichment decides change.
UPDATE_ENRICHED = "UPDATE articles SET language = ?, topic = ?, record = ? WHERE id = ?"
ALL_IDS = "SELECT id FROM articles ORDER BY id"
# The condition on an article's ``{record}`` column that enrichment has not run on it:
# it always sets entities (an empty list for none), and to_dict leaves them out until then.
NOT_ENRICHED = "json_extract({record}, '$.entities') IS NULL"
UNENRICHED_IDS = f"SELECT id FROM articles WHERE {NOT_ENRICHED.format(record='record')} ORDER BY id"
INSERT_REJECTED = "INSERT INTO rejected (source, url, reason, message, at) VALUES (?, ?, ?, ?, ?)"
INSERT_INPUT = (
    "INSERT INTO inputs (source, outcome, article_id, rejected_id, at) VALUES (?, ?, ?, ?, ?)"
)
# Best first (bm25 is lower for better matches) over the stemmed index, whose rowids are
# time keys (search_index.stem_key): the article id is the key modulo KEY_DAY.
SEARCH = (
    "SELECT a.id, a.title, coalesce(a.canonical_url, a.url), json_extract(a.record, '$.body'), "
    "json_extract(a.record, '$.lead'), bm25(articles_stem) FROM articles_stem "
    f"JOIN articles AS a ON a.id = articles_stem.rowid % {search_index.KEY_DAY} "
    "WHERE articles_stem MATCH ? ORDER BY bm25(articles_stem) LIMIT ?"
)
STATS_TOTALS = {
    "articles": "SELECT count(*) FROM articles",
    # Inputs that did not become articles (duplicates of stored articles did).
    "rejected": "SELECT count(*) FROM rejected",
    "versions": "SELECT count(*) FROM article_versions",
    "inputs": "SELECT count(*) FROM inputs",
    "undated": "SELECT count(*) FROM articles WHERE published IS NULL",
}
STATS_GROUPS = {
    "by_outlet": "SELECT coalesce(outlet, 'unknown'), count(*) AS n FROM articles "
    "GROUP BY 1 ORDER BY n DESC, 1",
    # The day as the page states it, in the page's own time zone.
    "by_day": "SELECT substr(published, 1, 10), count(*) FROM articles "
    "WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1",
    "by_outcome": "SELECT outcome, count(*) AS n FROM inputs GROUP BY 1 ORDER BY n DESC, 1",
    "rejected_by_reason": "SELECT reason, count(*) AS n FROM rejected "
    "GROUP BY 1 ORDER BY n DESC, 1",
}


def pending(applied: Iterable[int], migrations: Sequence[Migration]) -> list[Migration]:
    """The migrations not yet applied, in version order."""
    done = set(applied)
    return sorted((m for m in migrations if m.version not in done), key=lambda m: m.version)


# The fields that make up what an article says. Provenance, source and url say how it was
# found; related links, removed furniture and enrichment change from fetch to fetch (or
# run to run) while the article itself stays the same, so they do not make a new version.
# Nor do languages, which enrichment may decide (see content_hash; paragraphs are hashed
# without theirs).
HASHED_FIELDS = (
    "canonical_url",
    "outlet",
    "section",
    "title",
    "lead",
    "authors",
    "editors",
    "published",
    "updated",
    "dateline",
    "paragraphs",
    "images",
    "tags",
    "republished_from",
    "attributions",
)

# Reason of an input that extracted without error but had no article text (a blocked or
# empty page): it is rejected rather than stored as an empty article.
NO_TEXT_REASON = "no-article-text"


def article_key(article: Article, source: str) -> str:
    """What identifies an article across inputs: its canonical address, else its URL.

    A record with neither (a saved file with no link to itself) is keyed on its input's
    ``source``, so two different files never overwrite each other.
    """
    return article.canonical_url or article.url or source


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of the content fields of ``record`` (a to_dict()):
    keys sorted, no spaces, UTF-8; the article's language and its paragraphs' languages
    left out.

    Enrichment may decide the languages (of a page that declares none, of a paragraph in
    another language), so a page ingested with ``--enrich`` and without would otherwise
    be two versions: the second copy of a stored article, from another input or a
    refresh, replaced the first, enrichment and all. What it says is the same text.
    """
    content = {name: record.get(name) for name in HASHED_FIELDS}
    paragraphs = content.get("paragraphs")
    # Copied only when a paragraph has a language: extraction leaves them unset (to_dict
    # then leaves the key out), and copying every paragraph cost the ingest benchmark's
    # pages 0.009 ms each, two thirds of hashing them.
    if isinstance(paragraphs, list) and any(
        "language" in p for p in paragraphs if isinstance(p, dict)
    ):
        content["paragraphs"] = [
            {k: v for k, v in p.items() if k != "language"} if isinstance(p, dict) else p
            for p in paragraphs
        ]
    return _digest(content)


def _digest(content: dict[str, Any]) -> str:
    try:
        # orjson writes this form a third of the time json takes; the bytes are the same
        # for every string, integer and nesting of them (tests/store/test_schema.py).
        data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # what orjson refuses (integers past 64 bits) json may still write
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def record_json(record: dict[str, Any]) -> str:
    """The JSON text a record is stored as (compact; read back with ``json.loads``)."""
    try:
        return orjson.dumps(record).decode("utf-8")
    except TypeError:  # as in content_hash
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def rejection(article: Article) -> tuple[str, str] | None:
    """``(reason, message)`` when ``article`` must be stored as rejected, else None.

    The reason is :func:`warta.errors.error_reason` of ``error``; a record without text
    is rejected as :data:`NO_TEXT_REASON`.
    """
    if article.error is not None:
        return error_reason(article.error), article.error
    if not article.body.strip():
        return NO_TEXT_REASON, "the page has no article text"
    return None


Analysed = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class PreparedRow:
    """An article ready to store: its key, record, record JSON and content hash, and
    (when it was prepared away from the store) its analysed search text.

    Ingest workers prepare rows (:func:`ready_to_store`) so that the one process that
    writes only writes: serialising, hashing and stemming an article cost about as much
    as a sixth of extracting it, and they run in parallel in the workers.
    """

    source: str
    key: str
    record: dict[str, Any]
    text: str
    digest: str
    reader: tuple[str, str | None]  # section and topic columns; search_index.reader_columns
    analysed: Analysed | None = None  # title, lead, body; see analysed_text
    # (ETag, Last-Modified) a fetched page answered, kept to fetch it again conditionally
    # (warta.store.refresh); None for an input that was not fetched.
    validators: tuple[str | None, str | None] | None = None


def prepare_row(
    source: str, article: Article, analyse: Callable[[dict[str, Any]], Analysed] | None = None
) -> PreparedRow:
    """Serialise ``article`` once, with its reader columns (and its analysed text, with
    ``analyse``); raises TypeError/ValueError for a record JSON rejects."""
    record = article.to_dict()
    return PreparedRow(
        source=source,
        key=article_key(article, source),
        record=record,
        text=record_json(record),
        digest=content_hash(record),
        analysed=analyse(record) if analyse is not None else None,
        reader=search_index.reader_columns(record),
    )


def ready_to_store(source: str, article: Article) -> Article | PreparedRow:
    """What an ingest worker hands the store for one input: its prepared row, with the
    analysed search text, or the article itself when the store will keep it as rejected
    (an error, no text) or cannot serialise it (the store then records why)."""
    if rejection(article) is not None:
        return article
    try:
        return prepare_row(source, article, analysed_text)
    except (TypeError, ValueError):
        return article


def row_columns(record: dict[str, Any]) -> tuple[Any, ...]:
    """The searchable columns of ``articles`` kept beside the record JSON, in table order."""
    names = ("url", "canonical_url", "outlet", "section", "title", "language")
    return (*(record.get(n) for n in names), record.get("published"), record.get("updated"))


def day(since: date | str) -> str:
    """``since`` as YYYY-MM-DD; a string must start with an ISO date."""
    if isinstance(since, date):
        return since.isoformat()[:10]
    try:
        return date.fromisoformat(since[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a date: {since!r} (want YYYY-MM-DD)") from exc
