"""The read-side indexes the store keeps beside each article (schema migration 3).

- ``articles_stem``: an FTS5 table over the *analysed* title, lead and body (lower case,
  stop words out, Sastrawi stems; :mod:`warta.search.analyzer`), so ``membahas`` finds
  ``bahas``. FTS5 has no Indonesian stemmer, so the analysed text is computed in Python
  and stored; ``articles_stem_vocab`` reads its document frequencies. Its rowid is not
  the article id but a *time key* (:func:`stem_key`: published day x 10^9 + article
  id), so FTS5, which walks matches in rowid order, yields the newest matches first and
  reads a date range as a rowid range: search ranks a common word's newest matches
  without scoring all of them (see :mod:`warta.store.read_search`).
- ``article_facts``: one narrow row per article (its time key, outlet, section,
  language, topic): what search filters on, in a few megabytes instead of the wide
  ``articles`` rows.
- ``entity_mentions``: one row per (article, entity) from the record's ``entities``, keyed
  on the Wikidata id when the entity has one, else ``type:canonical``; ``entities`` keeps
  one row per entity with its article count (kept by triggers) for the index page.
- ``article_quotes``: the record's quotes with the entity key of their speaker, and
  ``quote_mentions``: which entities each quote names.
- ``facet_counts``: articles per outlet, language, day, section and topic
  (:mod:`warta.store.facets`).
- columns ``articles.section_norm`` (:func:`warta.news.sections.normalise_section`) and
  ``articles.topic``, with the indexes the reader's queries use.

The Store calls :func:`index_article` after each insert or replacement, inside the same
transaction; the triggers here clear an article's rows when it is deleted. Writes that
bypass :class:`warta.store.Store` (raw SQL updates of ``record``) are not re-indexed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from warta.news.sections import normalise_section
from warta.search.analyzer import Analyzer, shared_analyzer
from warta.search.article_text import analysed_text, text_or_none
from warta.store import facets

__all__ = [
    "FALLBACK_SECTION",
    "MERGE_SETTINGS",
    "MIGRATION_STATEMENTS",
    "PendingIndex",
    "backfill",
    "entity_key",
    "index_article",
]

log = logging.getLogger(__name__)

FALLBACK_SECTION = "Lainnya"
# A time key is day x KEY_DAY + article id: ids stay below 10^9, days (proleptic ordinal,
# about 740,000 today) keep the key far below 2^63.
KEY_DAY = 1_000_000_000
# Rows read at a time while backfilling an existing store.
_BACKFILL_ROWS = 500


MIGRATION_STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE articles ADD COLUMN section_norm TEXT",
    "ALTER TABLE articles ADD COLUMN topic TEXT",
    # latest() and front_page(): newest first within a section, outlet or language.
    "CREATE INDEX articles_section_published ON articles (section_norm, published)",
    "CREATE INDEX articles_outlet_published ON articles (outlet, section_norm, published)",
    "CREATE INDEX articles_language_published ON articles (language, section_norm, published)",
    "CREATE INDEX articles_topic_published ON articles (topic, published)",
    "CREATE VIRTUAL TABLE articles_stem USING fts5 (title, lead, body, "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE articles_stem_vocab USING fts5vocab (articles_stem, 'row')",
    """CREATE TABLE article_facts (
        id       INTEGER PRIMARY KEY,
        stem_key INTEGER NOT NULL UNIQUE,
        outlet   TEXT,
        section  TEXT,
        language TEXT,
        topic    TEXT
    )""",
    """CREATE TABLE entities (
        key       TEXT PRIMARY KEY,
        canonical TEXT NOT NULL COLLATE NOCASE,
        type      TEXT NOT NULL,
        wikidata  TEXT,
        articles  INTEGER NOT NULL
    )""",
    "CREATE INDEX entities_canonical ON entities (canonical)",
    "CREATE INDEX entities_articles ON entities (articles)",
    """CREATE TABLE entity_mentions (
        article_id INTEGER NOT NULL,
        key        TEXT NOT NULL,
        canonical  TEXT NOT NULL,
        type       TEXT NOT NULL,
        wikidata   TEXT,
        mentions   INTEGER NOT NULL,
        day        TEXT,
        outlet     TEXT,
        PRIMARY KEY (article_id, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX entity_mentions_key_day ON entity_mentions (key, day)",
    "CREATE INDEX entity_mentions_key_outlet ON entity_mentions (key, outlet)",
    """CREATE TABLE article_quotes (
        id          INTEGER PRIMARY KEY,
        article_id  INTEGER NOT NULL,
        speaker     TEXT,
        speaker_key TEXT,
        text        TEXT NOT NULL,
        direct      INTEGER NOT NULL,
        day         TEXT
    )""",
    "CREATE INDEX article_quotes_article ON article_quotes (article_id)",
    "CREATE INDEX article_quotes_speaker ON article_quotes (speaker_key, day)",
    """CREATE TABLE quote_mentions (
        key        TEXT NOT NULL,
        quote_id   INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        day        TEXT,
        PRIMARY KEY (key, quote_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX quote_mentions_day ON quote_mentions (key, day)",
    "CREATE INDEX quote_mentions_article ON quote_mentions (article_id)",
    # The entity index page reads counts from `entities`, kept here rather than counted.
    "CREATE TRIGGER entity_mentions_insert AFTER INSERT ON entity_mentions BEGIN "
    "INSERT INTO entities (key, canonical, type, wikidata, articles) "
    "VALUES (new.key, new.canonical, new.type, new.wikidata, 1) "
    "ON CONFLICT (key) DO UPDATE SET articles = articles + 1; END",
    "CREATE TRIGGER entity_mentions_delete AFTER DELETE ON entity_mentions BEGIN "
    "UPDATE entities SET articles = articles - 1 WHERE key = old.key; "
    "DELETE FROM entities WHERE key = old.key AND articles <= 0; END",
    "CREATE TRIGGER article_index_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_stem WHERE rowid = "
    "(SELECT stem_key FROM article_facts WHERE id = old.id); "
    "DELETE FROM article_facts WHERE id = old.id; "
    "DELETE FROM entity_mentions WHERE article_id = old.id; "
    "DELETE FROM article_quotes WHERE article_id = old.id; "
    "DELETE FROM quote_mentions WHERE article_id = old.id; END",
    *facets.MIGRATION_STATEMENTS,
)


# How FTS5 writes ``articles_stem`` (schema migration 12; settings kept in the table's
# ``_config``, so every connection uses them). A transaction's new terms wait in memory
# until ``hashsize`` bytes (1 MiB by default), and each flush is a segment: a batch of 500
# of the ingest benchmark's articles made three segments, one with 8 MiB. ``automerge``
# is how many segments of one level FTS5 gathers before merging them into the next (4 by
# default): 8 rewrites each posting fewer times as a store grows. Measured with
# benchmarks/build_store.py (100,000 articles): 54.9 -> 51.8 s of CPU for the build; the
# ingest benchmark's pages (20,000 rows, two rounds, as bench_save.py saves them): 0.32 /
# 0.29 -> 0.26 / 0.27 ms of CPU a row. The price is more segments for a query to read:
# bench_search.py on those 100,000 articles, p95 8.7 / 8.8 -> 9.1 ms and 5.2 -> 5.3 ms
# of CPU a search (two rounds each).
MERGE_SETTINGS: tuple[str, ...] = (
    "INSERT INTO articles_stem (articles_stem, rank) VALUES ('hashsize', 8388608)",
    "INSERT INTO articles_stem (articles_stem, rank) VALUES ('automerge', 8)",
)


def reader_columns(record: dict[str, Any]) -> tuple[str, str | None]:
    """``(section_norm, topic)`` of a record, the columns the migration adds."""
    url = record.get("canonical_url") or record.get("url")
    section = normalise_section(text_or_none(record.get("section")), text_or_none(url))
    topic = record.get("topic")
    return section or FALLBACK_SECTION, topic if isinstance(topic, str) and topic else None


def stem_key(article_id: int, published: str | None) -> int:
    """The ``articles_stem`` rowid of an article: its published day's ordinal x KEY_DAY
    plus its id (an undated article gets day 0: the oldest)."""
    try:
        day = date.fromisoformat(published[:10]).toordinal() if published else 0
    except ValueError:
        day = 0
    return day * KEY_DAY + article_id


def entity_key(entity: dict[str, Any]) -> tuple[str, str, str, str | None] | None:
    """``(key, canonical, type, wikidata id)`` of a record's entity, or None without text.

    The key is the Wikidata id when set, else ``type:canonical`` (canonical falling back to
    the text as found), so one person spelled two ways stays one entity only when
    enrichment gave both the same canonical name or id.
    """
    canonical = text_or_none(entity.get("canonical")) or text_or_none(entity.get("text"))
    if not canonical:
        return None
    kind = (text_or_none(entity.get("type")) or "other").lower()
    wikidata = text_or_none(entity.get("id"))
    return (wikidata or f"{kind}:{canonical}"), canonical, kind, wikidata


_INSERT_STEM = "INSERT INTO articles_stem (rowid, title, lead, body) VALUES (?, ?, ?, ?)"


class PendingIndex:
    """What a batch's new articles hold back until the batch ends: their analysed text,
    written in time-key order, and their facet counts (:class:`~warta.store.facets.FacetTally`).

    FTS5 gathers a transaction's new terms in memory only while rowids ascend: a smaller
    rowid makes it write out what it holds first, as a segment of its own. Time keys
    (day x 10^9 + id) go back whenever an article is older than the one before, which in
    crawl order is about every other article, so each made a tiny segment and FTS5 then
    spent its time merging them. Sorted once per batch, a batch is one segment. Measured
    on the ingest benchmark's pages (10,000 articles, batches of 200, FTS5 alone):
    0.41 -> 0.33 ms an article.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, str, str]] = []
        self.facets = facets.FacetTally()

    def add(self, key: int, analysed: tuple[str, str, str]) -> None:
        self.rows.append((key, *analysed))

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write what is held, smallest key first (inside the caller's transaction): at
        the end of the batch, and before anything in it changes or deletes an article."""
        self.facets.flush(conn)
        if self.rows:
            self.rows.sort(key=lambda row: row[0])
            conn.executemany(_INSERT_STEM, self.rows)
            self.rows.clear()


def index_article(
    conn: sqlite3.Connection,
    article_id: int,
    record: dict[str, Any],
    analyzer: Analyzer | None = None,
    *,
    fresh: bool = False,
    analysed: tuple[str, str, str] | None = None,
    reader: tuple[str, str | None] | None = None,
    pending: PendingIndex | None = None,
) -> None:
    """(Re)build every read-side row of one stored article from its ``record``;
    ``fresh`` says the article was just inserted, so it has no old rows to clear;
    ``analysed`` and ``reader`` are its :func:`analysed_text` and :func:`reader_columns`
    when the caller has them already. With ``pending`` the analysed text waits there for
    the caller's :meth:`PendingIndex.flush` before its transaction ends."""
    if not fresh:
        if pending is not None:
            pending.flush(conn)  # the row to delete may still be waiting there
        for table in ("entity_mentions", "article_quotes", "quote_mentions"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        conn.execute(
            "DELETE FROM articles_stem WHERE rowid = "
            "(SELECT stem_key FROM article_facts WHERE id = ?)",
            (article_id,),
        )
    analysed = analysed or analysed_text(record, analyzer)
    key = _index_facts(conn, article_id, record, reader or reader_columns(record), fresh=fresh)
    if pending is None:
        conn.execute(_INSERT_STEM, (key, *analysed))
    else:
        pending.add(key, analysed)
    day = (text_or_none(record.get("published")) or "")[:10] or None
    conn.executemany(
        "INSERT INTO entity_mentions (article_id, key, canonical, type, wikidata, mentions, "
        "day, outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, *m, day, text_or_none(record.get("outlet")))
            for m in _mentions(record.get("entities"))
        ],
    )
    _index_quotes(conn, article_id, record, day)


def _index_facts(
    conn: sqlite3.Connection,
    article_id: int,
    record: dict[str, Any],
    reader: tuple[str, str | None],
    *,
    fresh: bool,
) -> int:
    """Write the article's facts row; its time key, under which its analysed text goes.

    A new article's row is a plain insert: ``OR REPLACE`` would make the statement one
    that may delete rows too, which SQLite guards with a statement journal (a copy of
    each page it changes) that a new row never needs."""
    key = stem_key(article_id, text_or_none(record.get("published")))
    section, topic = reader
    outlet, language = text_or_none(record.get("outlet")), text_or_none(record.get("language"))
    verb = "INSERT" if fresh else "INSERT OR REPLACE"
    conn.execute(
        f"{verb} INTO article_facts (id, stem_key, outlet, section, language, topic) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, key, outlet, section, language, topic),
    )
    return key


def _mentions(entities: Any) -> list[tuple[str, str, str, str | None, int]]:
    """``(key, canonical, type, wikidata, count)`` per distinct entity of a record."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str, str, str | None]] = {}
    for entity in entities if isinstance(entities, list) else []:
        found = entity_key(entity) if isinstance(entity, dict) else None
        if found is not None:
            counts[found[0]] += 1
            first.setdefault(found[0], found)
    return [(*first[key], n) for key, n in counts.items()]


def _index_quotes(
    conn: sqlite3.Connection, article_id: int, record: dict[str, Any], day: str | None
) -> None:
    quotes = record.get("quotes")
    if not isinstance(quotes, list) or not quotes:
        return
    names = _entity_names(record.get("entities"))
    for quote in quotes:
        text = text_or_none(quote.get("text")) if isinstance(quote, dict) else None
        if not text:
            continue
        speaker = text_or_none(quote.get("speaker"))
        cursor = conn.execute(
            "INSERT INTO article_quotes (article_id, speaker, speaker_key, text, direct, day) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                article_id,
                speaker,
                _speaker_key(speaker, names),
                text,
                bool(quote.get("direct")),
                day,
            ),
        )
        named = {key for key, forms in names.items() if any(f in text.lower() for f in forms)}
        conn.executemany(
            "INSERT INTO quote_mentions (key, quote_id, article_id, day) VALUES (?, ?, ?, ?)",
            [(key, cursor.lastrowid, article_id, day) for key in sorted(named)],
        )


def _entity_names(entities: Any) -> dict[str, set[str]]:
    """Entity key -> the lower-case forms the article writes it in (text and canonical)."""
    names: dict[str, set[str]] = {}
    for entity in entities if isinstance(entities, list) else []:
        found = entity_key(entity) if isinstance(entity, dict) else None
        if found is None:
            continue
        forms = names.setdefault(found[0], set())
        for form in (found[1], text_or_none(entity.get("text"))):
            # A form of one or two letters would match inside any quote.
            if form and len(form) > 2:
                forms.add(form.lower())
    return names


def _speaker_key(speaker: str | None, names: dict[str, set[str]]) -> str | None:
    """The entity a quote's speaker is: one written exactly so, else one whose name the
    speaker string contains ('Menteri Keuangan Sri Mulyani') or is part of ('Sri')."""
    if not speaker:
        return None
    who = speaker.lower().strip()
    exact = [key for key, forms in names.items() if who in forms]
    if exact:
        return exact[0]
    inside = [key for key, forms in names.items() if any(f in who for f in forms)]
    if inside:
        return inside[0]
    around = [k for k, forms in names.items() if len(who) > 2 and any(who in f for f in forms)]
    return around[0] if around else None


def backfill(conn: sqlite3.Connection, analyzer: Analyzer | None = None) -> None:
    """Index every article a store held before migration 3, in batches of ids."""
    ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    if not ids:
        return  # a new store: no need to load the stemmer (0.03 s of every first ingest)
    analyzer = analyzer or shared_analyzer()
    for start in range(0, len(ids), _BACKFILL_ROWS):
        chunk = ids[start : start + _BACKFILL_ROWS]
        _backfill_rows(conn, chunk, analyzer)
    log.info("indexed %d stored articles for search", len(ids))


def _backfill_rows(conn: sqlite3.Connection, ids: list[int], analyzer: Analyzer) -> None:
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, record FROM articles WHERE id IN ({marks})", ids).fetchall()
    for article_id, text in rows:
        record = json.loads(text)
        section, topic = reader_columns(record)
        conn.execute(
            "UPDATE articles SET section_norm = ?, topic = ? WHERE id = ?",
            (section, topic, article_id),
        )
        index_article(conn, article_id, record, analyzer)
