"""Copies of stored articles: enrichment is never a new version, and never lost to a copy."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from warta.record import Article, Entity, Paragraph
from warta.store import Store

JOKO = Entity("Joko Widodo", "person", "Joko Widodo", "Q3318231", 0, 4)
TEXT = ("Joko meninjau banjir di Semarang.", "Warga mengungsi ke balai desa.")


def _plain(source: str = "pages/a.html", *texts: str) -> Article:
    """An article as extraction leaves a page that declares no language."""
    return Article(
        source=source,
        url="https://kabarnusa.id/berita/banjir?utm_source=x",
        canonical_url="https://kabarnusa.id/berita/banjir",
        outlet="kabarnusa.id",
        title="Banjir di Semarang",
        published=datetime(2024, 5, 3, 7, tzinfo=UTC),
        paragraphs=[Paragraph("paragraph", text) for text in texts or TEXT],
    )


def _enriched(article: Article, source: str) -> Article:
    """``article`` read from another input by a run with ``--enrich``: the languages
    detected, entities and a topic found."""
    return dataclasses.replace(
        article,
        source=source,
        url="https://m.kabarnusa.id/berita/banjir",
        language="id",
        paragraphs=[dataclasses.replace(p, language="id") for p in article.paragraphs],
        entities=[JOKO],
        keywords=["banjir", "semarang"],
        topic="peristiwa",
    )


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_an_enriched_copy_of_a_stored_article_brings_its_enrichment(
    store: Store, tmp_path: Path, facets_recounted: Callable[[Path], None]
) -> None:
    store.save_batch([("pages/a.html", _plain())])
    copy = _enriched(_plain(), "crawl.warc.gz@7")
    result = store.save_batch([("crawl.warc.gz@7", copy)])
    assert (result.duplicates, result.updated) == (1, 0)
    stored = store.article(1)
    assert stored is not None
    assert (stored.entities, stored.topic, stored.language) == ([JOKO], "peristiwa", "id")
    assert stored.keywords == ["banjir", "semarang"]
    assert [p.language for p in stored.paragraphs] == ["id", "id"]
    # What the first input stored of its own stays: its address and source.
    assert (stored.url, stored.source) == (_plain().url, "pages/a.html")
    path = tmp_path / "warta.db"
    assert store.stats()["versions"] == 0
    assert _rows(path, "SELECT language, topic FROM articles") == [("id", "peristiwa")]
    assert _rows(path, "SELECT article_id, wikidata FROM entity_mentions") == [(1, "Q3318231")]
    assert [hit.id for hit in store.search("meninjau")] == [1]
    facets_recounted(path)


def test_an_enriched_copy_that_could_not_tell_the_language_keeps_the_stored_one(
    store: Store,
) -> None:
    declared = dataclasses.replace(_plain(), language="ms")
    store.save_batch([("pages/a.html", declared)])
    copy = dataclasses.replace(_enriched(_plain(), "crawl.warc.gz@7"), language=None)
    assert store.save_batch([("crawl.warc.gz@7", copy)]).duplicates == 1
    stored = store.article(1)
    assert stored is not None
    assert (stored.language, stored.entities) == ("ms", [JOKO])


def test_a_plain_copy_of_an_enriched_article_keeps_the_enrichment(store: Store) -> None:
    store.save_batch([("crawl.warc.gz@7", _enriched(_plain(), "crawl.warc.gz@7"))])
    result = store.save_batch([("pages/a.html", _plain())])
    assert (result.duplicates, result.updated) == (1, 0)
    stored = store.article(1)
    assert stored is not None
    assert (stored.entities, stored.topic) == ([JOKO], "peristiwa")
    # Nor does a second enriched copy replace what is stored.
    other = dataclasses.replace(_enriched(_plain(), "dump.jsonl:3"), entities=[], topic="politik")
    assert store.save_batch([("dump.jsonl:3", other)]).duplicates == 1
    stored = store.article(1)
    assert stored is not None
    assert (stored.entities, stored.topic) == ([JOKO], "peristiwa")
    assert store.stats()["versions"] == 0


def test_an_enriched_copy_of_an_earlier_version_leaves_the_current_one(store: Store) -> None:
    store.save_batch([("pages/a.html", _plain())])
    changed = _plain("pages/b.html", "Banjir mulai surut pada sore hari.")
    assert store.save_batch([("pages/b.html", changed)]).updated == 1
    result = store.save_batch([("old.warc.gz@1", _enriched(_plain(), "old.warc.gz@1"))])
    assert (result.duplicates, result.updated) == (1, 0)
    stored = store.article(1)
    assert stored is not None
    assert stored.entities is None
    assert stored.body == "Banjir mulai surut pada sore hari."
