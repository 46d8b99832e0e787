"""The DDL of the store's own tables, by migration (:data:`warta.store.schema.MIGRATIONS`
lists them in order; the reader's indexes, the facet counts and the fetch caches keep
theirs beside their code). Data only: no module of the store is imported here, so every
one of them may read it."""

from __future__ import annotations

__all__ = ["CORE", "DROP_FULL_TEXT", "FULL_TEXT", "STORY_PAGES", "TEXT"]

# Migration 1: articles, their versions, inputs and rejected records.
CORE = (
    """CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        key           TEXT NOT NULL UNIQUE,
        url           TEXT,
        canonical_url TEXT,
        outlet        TEXT,
        section       TEXT,
        title         TEXT,
        language      TEXT,
        published     TEXT,
        updated       TEXT,
        content_hash  TEXT NOT NULL,
        record        TEXT NOT NULL,
        first_seen    TEXT NOT NULL,
        last_seen     TEXT NOT NULL,
        version       INTEGER NOT NULL DEFAULT 1
    )""",
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE article_versions (
        id           INTEGER PRIMARY KEY,
        article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        record       TEXT NOT NULL,
        replaced_at  TEXT NOT NULL,
        UNIQUE (article_id, version)
    )""",
    "CREATE INDEX article_versions_hash ON article_versions (article_id, content_hash)",
    """CREATE TABLE rejected (
        id      INTEGER PRIMARY KEY,
        source  TEXT NOT NULL UNIQUE,
        url     TEXT,
        reason  TEXT NOT NULL,
        message TEXT NOT NULL,
        at      TEXT NOT NULL
    )""",
    "CREATE INDEX rejected_reason ON rejected (reason)",
    """CREATE TABLE inputs (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL UNIQUE,
        outcome     TEXT NOT NULL CHECK (outcome IN ('article', 'rejected', 'duplicate')),
        article_id  INTEGER REFERENCES articles (id),
        rejected_id INTEGER REFERENCES rejected (id),
        at          TEXT NOT NULL
    )""",
)

# Migration 2 (undone by 4): an unstemmed full-text index. Its text columns were read out
# of the record JSON, so the body was stored once.
TEXT = "json_extract({r}.record, '$.title'), json_extract({r}.record, '$.lead'), " + (
    "json_extract({r}.record, '$.body')"
)
FULL_TEXT = (
    f"CREATE VIEW article_text (id, title, lead, body) AS SELECT id, {TEXT.format(r='a')} "
    "FROM articles AS a",
    # No stemming: Indonesian is agglutinative and unicode61 has no stemmer for it; the
    # later search issue may add one. remove_diacritics 2 folds accents in loanwords.
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, lead, body, content='article_text', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts (rowid, title, lead, body) "
    f"VALUES (new.id, {TEXT.format(r='new')}); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts (articles_fts, rowid, title, lead, body) "
    f"VALUES ('delete', old.id, {TEXT.format(r='old')}); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN "
    "INSERT INTO articles_fts (articles_fts, rowid, title, lead, body) "
    f"VALUES ('delete', old.id, {TEXT.format(r='old')}); "
    "INSERT INTO articles_fts (rowid, title, lead, body) "
    f"VALUES (new.id, {TEXT.format(r='new')}); END",
    # Index what an older file already holds.
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
)
# Migration 4: the stemmed index (migration 3) serves every search; see the module doc of
# warta.store.schema.
DROP_FULL_TEXT = (
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TABLE IF EXISTS articles_fts",
    "DROP VIEW IF EXISTS article_text",
)


# Migration 9: each page's own record of a story the store merged (warta.store.pages), so
# that a page fetched again (warta ingest --refresh) can be merged with the others again.
# Stories merged before it have no rows here.
STORY_PAGES = (
    """CREATE TABLE story_pages (
        article_id INTEGER NOT NULL,
        page       INTEGER NOT NULL,
        record     TEXT NOT NULL,
        PRIMARY KEY (article_id, page)
    ) WITHOUT ROWID""",
    "CREATE TRIGGER story_pages_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM story_pages WHERE article_id = old.id; END",
)
