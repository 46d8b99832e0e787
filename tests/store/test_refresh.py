"""Stored inputs saved again (``save_batch(refresh=True)``) on a real SQLite file: what a
second fetch changes, and the validators kept for it (warta.store.refresh)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from warta.record import Article, Paragraph
from warta.store import Store
from warta.store.schema import PreparedRow, ready_to_store

URL = "https://news.example.id/berita/banjir"
SOURCE = URL  # a fetched input is named by its address


def fetched(
    text: str, etag: str | None = '"a"', modified: str | None = None, url: str = URL
) -> PreparedRow:
    """The row a worker makes of a page fetched from ``url`` with ``text``, and its
    validators."""
    article = Article(
        source=url,
        url=url,
        title="Banjir di pesisir",
        published=datetime(2026, 11, 2, 8, tzinfo=UTC),
        paragraphs=[Paragraph("paragraph", text), Paragraph("paragraph", "Warga mengungsi.")],
    )
    row = ready_to_store(url, article)
    assert isinstance(row, PreparedRow)
    return replace(row, validators=(etag, modified))


def failed(error: str) -> Article:
    return Article(source=SOURCE, url=URL, error=error)


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(store.path)) as conn:
        return conn.execute(sql).fetchall()


def test_validators_are_kept_per_fetched_input_and_forgotten_when_a_page_sends_none(
    store: Store,
) -> None:
    assert store.validators(SOURCE) is None  # not done: nothing to fetch again
    store.save_batch([(SOURCE, fetched("Air naik.", '"a"', "Mon, 02 Nov 2026 08:00:00 GMT"))])
    assert store.validators(SOURCE) == ('"a"', "Mon, 02 Nov 2026 08:00:00 GMT")
    store.save_batch([(SOURCE, fetched("Air naik lagi.", None, None))], refresh=True)
    assert store.validators(SOURCE) == (None, None)  # done, but asked for unconditionally
    assert rows(store, "SELECT etag, last_modified FROM fetched_pages") == [(None, None)]


def test_the_same_text_under_new_validators_is_unchanged_and_keeps_them(store: Store) -> None:
    store.save_batch([(SOURCE, fetched("Air naik.", '"a"'))])
    same = store.save_batch([(SOURCE, fetched("Air naik.", '"b"'))], refresh=True)
    assert same.each == (("unchanged", None),)
    assert store.validators(SOURCE) == ('"b"', None)


def test_without_refresh_a_done_input_is_skipped(store: Store) -> None:
    store.save_batch([(SOURCE, fetched("Air naik."))])
    again = store.save_batch([(SOURCE, fetched("Air naik lebih tinggi."))])
    assert again.each == (("skipped", None),)
    assert rows(store, "SELECT count(*) FROM article_versions") == [(0,)]


def test_refresh_stores_a_change_as_a_version_and_the_same_text_as_unchanged(
    store: Store,
) -> None:
    store.save_batch([(SOURCE, fetched("Air naik."))])
    seen = rows(store, "SELECT last_seen FROM articles")[0][0]
    same = store.save_batch([(SOURCE, fetched("Air naik."))], refresh=True)
    assert same.each == (("unchanged", None),)
    assert str(rows(store, "SELECT last_seen FROM articles")[0][0]) >= str(seen)
    changed = store.save_batch([(SOURCE, fetched("Air surut."))], refresh=True)
    assert changed.each == (("updated", None),)
    back = store.save_batch([(SOURCE, fetched("Air naik."))], refresh=True)
    assert back.each == (("updated", None),)  # put back as it was: the page now, a version
    assert rows(store, "SELECT count(*) FROM article_versions") == [(2,)]
    assert rows(store, "SELECT source, outcome FROM inputs") == [(SOURCE, "article")]


def test_the_languages_enrichment_decides_do_not_make_a_page_changed(store: Store) -> None:
    # Stored by a run that enriched (languages detected), fetched again by one that does
    # not, and the other way round: the same page both times.
    enriched = fetched("Air naik.")
    record = enriched.record | {"language": "id"}
    record["paragraphs"] = [p | {"language": "id"} for p in record["paragraphs"]]
    store.save_batch([(SOURCE, replace(enriched, record=record))])
    plain = store.save_batch([(SOURCE, fetched("Air naik."))], refresh=True)
    assert plain.each == (("unchanged", None),)
    again = store.save_batch([(SOURCE, replace(enriched, record=record))], refresh=True)
    assert again.each == (("unchanged", None),)
    assert rows(store, "SELECT count(*) FROM article_versions") == [(0,)]


def test_an_unchanged_page_fetched_by_an_enriching_run_brings_its_enrichment(
    store: Store,
) -> None:
    store.save_batch([(SOURCE, fetched("Air naik."))])
    plain = fetched("Air naik.")
    enriched = replace(plain, record=plain.record | {"language": "id", "entities": []})
    enriched.record["topic"] = "peristiwa"
    again = store.save_batch([(SOURCE, enriched)], refresh=True)
    assert again.each == (("unchanged", None),)
    assert rows(store, "SELECT language, topic, version FROM articles") == [("id", "peristiwa", 1)]
    stored = store.article(1)
    assert stored is not None and stored.entities == []
    # A fetch without enrichment then leaves it as it is.
    assert store.save_batch([(SOURCE, plain)], refresh=True).each == (("unchanged", None),)
    assert rows(store, "SELECT topic FROM articles") == [("peristiwa",)]


def test_refresh_that_cannot_fetch_keeps_what_was_stored(store: Store) -> None:
    store.save_batch([(SOURCE, fetched("Air naik."))])
    gone = store.save_batch([(SOURCE, failed("http-404: Not Found"))], refresh=True)
    assert gone.each == (("kept", "http-404"),)
    same = store.save_batch([(SOURCE, failed("unchanged: 304"))], refresh=True)
    assert same.each == (("unchanged", None),)
    assert rows(store, "SELECT count(*) FROM rejected") == [(0,)]
    assert rows(store, "SELECT outcome FROM inputs") == [("article",)]
    assert store.count_articles() == 1


def test_an_earlier_rejection_gives_way_to_the_article(
    store: Store, facets_recounted: Callable[[Path], None]
) -> None:
    store.save_batch([(SOURCE, failed("http-503: Service Unavailable"))])
    assert store.count_rejected() == 1
    still = store.save_batch([(SOURCE, failed("timeout: no answer"))], refresh=True)
    assert still.each == (("kept", "timeout"),)
    assert rows(store, "SELECT reason FROM rejected") == [("http-503",)]  # the first one kept
    now = store.save_batch([(SOURCE, fetched("Air naik."))], refresh=True)
    assert now.each == (("inserted", None),)
    assert store.count_rejected() == 0 and store.count_articles() == 1
    assert rows(store, "SELECT outcome, rejected_id FROM inputs") == [("article", None)]
    assert store.stats()["rejected"] == 0
    facets_recounted(store.path)
    assert store.search("banjir")  # indexed like any new article


def story_page(url: str, text: str, etag: str) -> tuple[str, PreparedRow]:
    """A fetched page of a story, stored under its own address."""
    return url, fetched(text, etag, url=url)


def body(store: Store) -> list[str]:
    [article] = list(store.iter_articles())
    return [p.text for p in article.paragraphs]


def test_a_changed_page_of_a_merged_story_is_merged_again(store: Store) -> None:
    first, second = URL, f"{URL}?page=2"
    store.save_batch([story_page(first, "Bagian satu.", '"1"'), story_page(second, "Dua.", '"2"')])
    assert len(store.merge_pages()) == 1 and store.count_articles() == 1
    assert body(store) == ["Bagian satu.", "Warga mengungsi.", "Dua."]
    same = store.save_batch([story_page(second, "Dua.", '"2"')], refresh=True)
    assert same.each == (("unchanged", None),)
    changed = store.save_batch([story_page(second, "Dua, diubah.", '"2b"')], refresh=True)
    assert changed.each == (("updated", None),)
    assert body(store) == ["Bagian satu.", "Warga mengungsi.", "Dua, diubah."]
    assert store.validators(second) == ('"2b"', None)
    again = store.save_batch([story_page(first, "Bagian satu, diubah.", '"1b"')], refresh=True)
    assert again.each == (("updated", None),)
    assert body(store) == ["Bagian satu, diubah.", "Warga mengungsi.", "Dua, diubah."]
    assert store.count_articles() == 1 and store.merge_pages() == []
    assert rows(store, "SELECT count(DISTINCT article_id) FROM inputs") == [(1,)]


def test_a_page_of_a_story_merged_before_its_pages_were_kept_is_kept(store: Store) -> None:
    first, second = URL, f"{URL}?page=2"
    store.save_batch([story_page(first, "Satu.", '"1"'), story_page(second, "Dua.", '"2"')])
    store.merge_pages()
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute("DELETE FROM story_pages")  # as a store merged before migration 9 is
    changed = store.save_batch([story_page(second, "Dua, diubah.", '"2b"')], refresh=True)
    assert changed.each == (("kept", "merged-pages"),)
    assert store.validators(second) == ('"2"', None) and "Dua." in body(store)
