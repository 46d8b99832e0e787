"""The read-side indexes: migration 3 on an existing store, and upkeep on every write."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from warta.record import Article, Entity, Paragraph, Quote
from warta.store import Store, schema
from warta.store.reader import Reader
from warta.store.sqlite import migrate


def _article(n: int, text: str, **kw: object) -> Article:
    fields: dict[str, object] = {
        "source": f"pages/{n}.html",
        "url": f"https://kabarnusa.id/bola/{n}",
        "outlet": "kabarnusa.id",
        "title": f"Berita nomor {n}",
        "published": datetime(2024, 5, n, 7, tzinfo=UTC),
        "language": "id",
        "paragraphs": [Paragraph("paragraph", text)],
    }
    return Article(**(fields | kw))  # type: ignore[arg-type]


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def _old_store(path: Path, articles: list[Article]) -> None:
    """A store as Warta wrote it before migration 3: schema 1-2, rows inserted directly."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        assert migrate(conn, schema.MIGRATIONS[:2]) == [1, 2]
        for article in articles:
            row = schema.prepare_row(article.source or "", article)
            cursor = conn.execute(
                "INSERT INTO articles (key, url, canonical_url, outlet, section, title, "
                "language, published, updated, content_hash, record, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')",
                (row.key, *schema.row_columns(row.record), row.digest, row.text),
            )
            conn.execute(
                "INSERT INTO inputs (source, outcome, article_id, at) "
                "VALUES (?, 'article', ?, 'x')",
                (row.source, cursor.lastrowid),
            )


def test_migration_indexes_what_an_older_store_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    joko = Entity("Jokowi", "person", "Joko Widodo", "Q3318231")
    _old_store(
        path,
        [
            _article(1, "Pelatih membahas strategi sebelum pertandingan.", section="Bola"),
            _article(
                2,
                "Presiden bertemu para menteri di istana.",
                section="Dunia",
                entities=[joko, joko],
                quotes=[Quote("Kita kerja cepat", "Jokowi", True)],
                topic="politik",
            ),
        ],
    )
    with Store(path) as store:  # opening for writing applies migration 3 and backfills
        assert store.schema_version == len(schema.MIGRATIONS)
        assert store.count_articles() == 2
    with Reader(path) as reader:
        assert [h.id for h in reader.search("bahas").hits] == [1]
        assert [h.id for h in reader.search("pertemuan").hits] == [2]
        facets = reader.facets()
        assert dict(facets.sections) == {"Olahraga": 1, "Internasional": 1}
        assert dict(facets.outlets) == {"kabarnusa.id": 2}
        assert dict(facets.days) == {"2024-05-01": 1, "2024-05-02": 1}
        assert dict(facets.topics) == {"politik": 1}
        entity = reader.entity("Q3318231")
        assert entity is not None and entity.articles == 1
        assert [q.text for q in entity.quotes_by] == ["Kita kerja cepat"]
    assert _rows(path, "SELECT mentions FROM entity_mentions") == [(2,)]


def test_a_reader_refuses_a_store_that_needs_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path, [_article(1, "Hujan deras sejak pagi.")])
    try:
        Reader(path)
    except Exception as exc:
        assert "migrate" in str(exc)
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("an old store was read without migrating")
    with Reader(path, migrate=True) as reader:
        assert reader.search("hujan").total == 1


def test_entity_rows_follow_updates_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    bank = Entity("BI", "organization", "Bank Indonesia")
    ojk = Entity("OJK", "organization", "Otoritas Jasa Keuangan", "Q7108432")
    with Store(path) as store:
        store.save_batch(
            [
                ("a", _article(1, "Suku bunga tetap.", entities=[bank])),
                ("b", _article(2, "Inflasi turun.", entities=[bank, ojk])),
                ("c", _article(3, "Tanpa entitas sama sekali.")),
                ("d", _article(4, "Enrichment found nothing.", entities=[])),
            ]
        )
        keys = "SELECT key, articles FROM entities ORDER BY key"
        assert _rows(path, keys) == [("Q7108432", 1), ("organization:Bank Indonesia", 2)]
        # A changed article replaces its rows: BI is gone from article 2.
        changed = _article(2, "Inflasi turun tajam.", entities=[ojk], source="b2")
        assert store.save_batch([("b2", changed)]).updated == 1
        assert _rows(path, keys) == [("Q7108432", 1), ("organization:Bank Indonesia", 1)]
        assert _rows(path, "SELECT count(*) FROM entity_mentions WHERE article_id = 3") == [(0,)]
        store._conn.execute("DELETE FROM inputs WHERE article_id = 1")
        store._conn.execute("DELETE FROM articles WHERE id = 1")
    assert _rows(path, keys) == [("Q7108432", 1)]
    with Reader(path) as reader:
        assert reader.search("bunga").total == 0
        assert reader.search("tajam").total == 1
        assert dict(reader.facets().days) == {"2024-05-02": 1, "2024-05-03": 1, "2024-05-04": 1}


def test_facets_follow_a_changed_section(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    with Store(path) as store:
        store.save_batch([("a", _article(1, "Gol di menit akhir.", section="Bola"))])
        moved = _article(1, "Gol di menit akhir laga.", section="Ekonomi", source="a2")
        store.save_batch([("a2", moved)])
    with Reader(path) as reader:
        assert reader.facets().sections == [("Ekonomi", 1)]
        assert [a.section for a in reader.latest()] == ["Ekonomi"]


def test_undated_articles_are_found_and_rank_after_dated_equals(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    text = "Nelayan melaut meski ombak tinggi."
    with Store(path) as store:
        store.save_batch(
            [
                ("u", _article(1, text, published=None, url="https://kabarnusa.id/u")),
                ("d", _article(2, text, url="https://kabarnusa.id/d")),
            ]
        )
    with Reader(path) as reader:
        assert [h.id for h in reader.search("nelayan").hits] == [2, 1]
        assert [h.id for h in reader.search("nelayan", since="2024-01-01").hits] == [2]
        assert [a.id for a in reader.latest()] == [2, 1]


def test_one_batch_in_any_date_order_with_a_change_inside_it(tmp_path: Path) -> None:
    """The analysed text of a batch is written at its end in time-key order (one FTS5
    segment); an article changed within the same batch still leaves one row."""
    path = tmp_path / "warta.db"
    days = [9, 2, 7, 1, 5]
    items = [(f"s{n}", _article(n, f"Banjir hari ke-{n} di kota ini.")) for n in days]
    changed = _article(7, "Banjir surut, warga kembali ke rumah.", source="s7b")
    with Store(path) as store:
        result = store.save_batch([*items, ("s7b", changed)])
    assert (result.inserted, result.updated) == (5, 1)
    assert _rows(path, "SELECT count(*) FROM articles_stem") == [(5,)]
    with Reader(path) as reader:
        hits = reader.search("banjir").hits
        assert [h.published[:10] for h in hits] == [f"2024-05-{n:02d}" for n in (9, 7, 5, 2, 1)]
        assert reader.search("surut").total == 1
        assert reader.search("hari").total == 4  # the old text of the changed one is gone
