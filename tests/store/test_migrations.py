"""Migration 4 on stores written by earlier versions: the unstemmed index goes, search stays.

The old full-text DDL (migration 2 as earlier versions wrote it) is spelled out here rather than
taken from :data:`warta.store.schema.MIGRATIONS`, so the test keeps checking files made by
that version even if the code's history is ever tidied.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warta.record import Article, Paragraph
from warta.store import Store, StoreError, schema, search_index
from warta.store.reader import Reader
from warta.store.schema import Migration
from warta.store.sqlite import migrate

_TEXT = (
    "json_extract({r}.record, '$.title'), json_extract({r}.record, '$.lead'), "
    "json_extract({r}.record, '$.body')"
)
# Migration 2 as earlier versions applied it: an FTS5 index over a view of the record
# JSON, kept in sync by three triggers on `articles`.
OLD_FULL_TEXT = Migration(
    version=2,
    name="full-text index over title, lead and body",
    statements=(
        f"CREATE VIEW article_text (id, title, lead, body) AS SELECT id, {_TEXT.format(r='a')} "
        "FROM articles AS a",
        "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, lead, body, "
        "content='article_text', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts (rowid, title, lead, body) "
        f"VALUES (new.id, {_TEXT.format(r='new')}); END",
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts (articles_fts, rowid, title, lead, body) "
        f"VALUES ('delete', old.id, {_TEXT.format(r='old')}); END",
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN "
        "INSERT INTO articles_fts (articles_fts, rowid, title, lead, body) "
        f"VALUES ('delete', old.id, {_TEXT.format(r='old')}); "
        "INSERT INTO articles_fts (rowid, title, lead, body) "
        f"VALUES (new.id, {_TEXT.format(r='new')}); END",
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
    ),
)


def _article(n: int, text: str) -> Article:
    return Article(
        source=f"pages/{n}.html",
        url=f"https://kabarnusa.id/berita/{n}",
        outlet="kabarnusa.id",
        title=f"Kabar hari ini {n}",
        published=datetime(2024, 5, n, 7, tzinfo=UTC),
        language="id",
        paragraphs=[Paragraph("paragraph", text)],
    )


def _old_store(path: Path, articles: list[Article], *, version: int) -> None:
    """A store as an earlier Warta left it, at schema ``version`` (2 to 4), its articles
    written with the triggers of that version (so ``articles_fts`` holds them, before 4)."""
    old = [schema.MIGRATIONS[0], OLD_FULL_TEXT, *schema.MIGRATIONS[2:4]][:version]
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        assert migrate(conn, old) == list(range(1, version + 1))
        for article in articles:
            row = schema.prepare_row(article.source or "", article)
            cursor = conn.execute(
                "INSERT INTO articles (key, url, canonical_url, outlet, section, title, "
                "language, published, updated, content_hash, record, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')",
                (row.key, *schema.row_columns(row.record), row.digest, row.text),
            )
            if version >= 3:
                search_index.index_article(conn, int(cursor.lastrowid or 0), row.record)
            conn.execute(
                "INSERT INTO inputs (source, outcome, article_id, at) "
                "VALUES (?, 'article', ?, 'x')",
                (row.source, cursor.lastrowid),
            )
        if version < 4:
            count = conn.execute("SELECT count(*) FROM articles_fts").fetchone()
            assert count == (len(articles),)


def _names(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}


ARTICLES = [
    _article(1, "Dewan membahas anggaran jembatan baru di kota."),
    _article(2, "Hujan deras mengguyur pasar sejak pagi."),
]


@pytest.mark.parametrize("version", [2, 3])
def test_an_older_store_opens_migrates_and_searches(
    tmp_path: Path, version: int, facets_recounted: Callable[[Path], None]
) -> None:
    path = tmp_path / f"v{version}.db"
    _old_store(path, ARTICLES, version=version)
    with pytest.raises(StoreError, match="warta migrate --db"):
        Store(path, readonly=True)
    with Store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS) == 12
        hits = store.search("pembahasan")  # stemmed: finds 'membahas'
        assert [h.url for h in hits] == ["https://kabarnusa.id/berita/1"]
        assert "[membahas]" in hits[0].snippet and hits[0].score < 0
        # Writes go on without the dropped triggers: a change, a new article, a duplicate.
        changed = _article(1, "Dewan menunda rapat soal jembatan.")
        result = store.save_batch([("v2", changed), ("p3", _article(3, "Pasar ramai."))])
        assert (result.updated, result.inserted) == (1, 1)
        assert store.search("membahas") == []
        assert {h.id for h in store.search("pasar")} == {2, 3}
        facets_recounted(path)
    names = _names(path)
    assert not {n for n in names if n.startswith("articles_fts") or n == "article_text"}
    assert "facets_insert" not in names  # migration 6: the store counts new articles
    with Store(path, readonly=True) as reader:
        assert [h.title for h in reader.search("tunda")] == ["Kabar hari ini 1"]
        assert reader.stats()["articles"] == 3


def test_search_ranks_and_marks_like_the_old_index(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        store.save_batch([(a.source or "", a) for a in ARTICLES])
        store.save_batch([("p3", _article(3, "Pasar pasar pasar: pasar murah dibuka."))])
        hits = store.search("pasar")
        assert [h.id for h in hits] == [3, 2]  # more matches in a shorter text: first
        assert hits[0].score <= hits[1].score
        assert hits[1].snippet.startswith("Hujan deras mengguyur [pasar]")
        assert [h.id for h in store.search("pasar -murah")] == [2]
        assert {h.id for h in store.search('"deras mengguyur" OR jembatan')} == {1, 2}
        assert store.search("pasar", limit=1)[0].id == 3


def test_a_newer_store_is_refused_by_the_writer_and_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO migrations (version, name, applied_at) VALUES (99, 'x', 'x')")
    for open_store in (Store, lambda p: Store(p, readonly=True), Reader):
        with pytest.raises(StoreError, match="newer than"):
            open_store(path)


def test_migration_5_finds_the_pages_an_older_store_holds(
    tmp_path: Path, facets_recounted: Callable[[Path], None]
) -> None:
    path = tmp_path / "v4.db"
    base = "https://kabarnusa.id/berita/2024/05/01/banjir-rob"
    urls = [f"{base}?page=2", "https://kabarnusa.id/berita/lain", base, f"{base}?page=all"]
    pages = [
        dataclasses.replace(_article(n + 1, f"Paragraf halaman {n} tentang banjir rob."), url=url)
        for n, url in enumerate(urls)
    ]
    _old_store(path, pages, version=4)
    with Store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS)
        merged = store.merge_pages()
    facets_recounted(path)  # merging deleted a page: its counts went with it
    with closing(sqlite3.connect(path)) as conn:
        stems = dict(conn.execute("SELECT url, page_stem FROM articles"))
    assert len(merged) == 1
    assert set(stems) == {base, urls[1], urls[3]}  # page 2 went into page 1
    assert stems[base] is not None and stems[urls[1]] not in (None, stems[base])
    assert stems[urls[3]] is None  # the all-pages view is no page of the story


def _hash_with_languages(record: dict[str, object]) -> str:
    """The content hash as stores before migration 10 kept it: the languages in."""
    content = {name: record.get(name) for name in (*schema.HASHED_FIELDS, "language")}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_migration_10_hashes_stored_articles_again_without_languages(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    declared = dataclasses.replace(ARTICLES[0], language=None)
    older = _article(1, "Dewan menunda rapat soal jembatan.")
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate(conn, schema.MIGRATIONS[:9])
        row = schema.prepare_row("v9-page", declared)
        conn.execute(
            "INSERT INTO articles (key, content_hash, record, first_seen, last_seen) "
            "VALUES (?, ?, ?, 'x', 'x')",
            (row.key, _hash_with_languages(row.record), row.text),
        )
        old = schema.prepare_row("v9-old", older)
        conn.execute(
            "INSERT INTO article_versions (article_id, version, content_hash, record, "
            "replaced_at) VALUES (1, 1, ?, ?, 'x')",
            (_hash_with_languages(old.record), old.text),
        )
    with Store(path) as store:
        assert store.schema_version == 12
        # The page read again by a run that detects its language: the same article.
        detected = dataclasses.replace(declared, source="again", language="id")
        assert store.save_batch([("again", detected)]).duplicates == 1
        assert store.save_batch([("old", dataclasses.replace(older, source="old"))]).duplicates
    for table in ("articles", "article_versions"):
        with closing(sqlite3.connect(path)) as conn:
            for digest, text in conn.execute(f"SELECT content_hash, record FROM {table}"):
                assert digest == schema.content_hash(json.loads(text))


def _stem_settings(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT k, v FROM articles_stem_config WHERE k != 'version'")
        return {str(k): int(v) for k, v in rows}


def _segments(path: Path) -> int:
    """The segments of ``articles_stem``: FTS5 numbers a segment's pages ``id >> 37``."""
    with closing(sqlite3.connect(path)) as conn:
        query = "SELECT count(DISTINCT id >> 37) FROM articles_stem_data WHERE id >> 37 > 0"
        return int(conn.execute(query).fetchone()[0])


def test_migration_12_sets_how_the_stemmed_index_is_written(tmp_path: Path) -> None:
    expected = {"hashsize": 8 * 2**20, "automerge": 8}
    Store(tmp_path / "new.db").close()
    assert _stem_settings(tmp_path / "new.db") == expected
    path = tmp_path / "v3.db"
    _old_store(path, ARTICLES, version=3)
    assert _stem_settings(path) == {}  # FTS5's defaults until then
    # Each article with 100 words of its own: some 40,000 new terms in one batch, which
    # FTS5's default 1 MiB hash flushes as three segments.
    words = [" ".join(f"jalur{n}x{i}" for i in range(100)) for n in range(3, 400)]
    many = [_article(n % 28 + 1, f"Warga membahas jembatan. {words[n - 3]}") for n in range(3, 400)]
    with Store(path) as store:
        assert _stem_settings(path) == expected
        batch = [(f"p{n}", dataclasses.replace(a, url=f"{a.url}-{n}")) for n, a in enumerate(many)]
        before = _segments(path)
        assert store.save_batch(batch).inserted == len(many)
        assert _segments(path) == before + 1  # one flush: the batch is one segment
        assert len(store.search("pembahasan", limit=1000)) == len(many) + 1
        assert [h.title for h in store.search("guyur")] == ["Kabar hari ini 2"]
