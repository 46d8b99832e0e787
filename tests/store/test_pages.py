"""Multi-page articles stored page by page, merged in a real SQLite store."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime

from warta.record import Article, Entity, Paragraph, Related
from warta.store import Store

STORY = "https://kabar.example/ekonomi/2026/11/20/harga-cabai-naik"
LEAD = "JAKARTA - Harga cabai rawit di pasar tradisional naik dua kali lipat pekan ini."


def _page(number: int | str, *paragraphs: str, **fields: object) -> tuple[str, Article]:
    url = STORY if number == 1 else f"{STORY}?page={number}"
    base: dict[str, object] = {
        "source": f"crawl.warc@{number}",
        "url": url,
        "title": "Harga Cabai Naik Dua Kali Lipat",
        "published": datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        # Every page repeats the lead and the same 'Baca juga' link, as news sites do.
        "paragraphs": [Paragraph("paragraph", LEAD)]
        + [Paragraph("paragraph", p) for p in paragraphs],
        "related": [Related("Stok beras aman", "https://kabar.example/beras")],
    }
    return f"crawl.warc@{number}", Article(**(base | fields))  # type: ignore[arg-type]


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(store.path)) as conn:
        return conn.execute(sql).fetchall()


def test_the_pages_of_a_story_become_one_article(store: Store) -> None:
    other = Article(
        source="lain.html",
        url="https://kabar.example/olahraga/2026/11/20/timnas-menang",
        title="Timnas Menang",
        paragraphs=[Paragraph("paragraph", "Timnas menang dua gol tanpa balas.")],
    )
    # Page 3 arrives first: order in the input does not matter.
    store.save_batch(
        [
            _page(3, "Pedagang berharap harga turun menjelang akhir tahun."),
            ("lain.html", other),
            _page(1, "Kenaikan dipicu hujan yang merusak panen di sentra produksi."),
            _page(2, "Pemerintah daerah menggelar operasi pasar di lima kecamatan."),
        ]
    )
    merged = store.merge_pages()
    assert len(merged) == 1
    assert store.count_articles() == 2
    article = store.article(merged[0])
    assert article is not None
    assert article.url == STORY
    texts = [p.text for p in article.paragraphs]
    assert texts == [
        LEAD,
        "Kenaikan dipicu hujan yang merusak panen di sentra produksi.",
        "Pemerintah daerah menggelar operasi pasar di lima kecamatan.",
        "Pedagang berharap harga turun menjelang akhir tahun.",
    ]
    assert [r.url for r in article.related] == ["https://kabar.example/beras"]
    assert [r.text for r in article.removed if r.kind == "page-repeat"] == [LEAD]  # kept
    # Every input still says what it became; page 1's single-page text is a version.
    pointed = _rows(store, "SELECT DISTINCT article_id FROM inputs WHERE source LIKE 'crawl%'")
    assert pointed == [(merged[0],)]
    assert _rows(store, "SELECT count(*) FROM article_versions") == [(1,)]


def test_search_finds_a_later_page_under_the_merged_article(store: Store) -> None:
    store.save_batch(
        [_page(1, "Kenaikan dipicu hujan."), _page(2, "Operasi pasar digelar di Cianjur.")]
    )
    [article_id] = store.merge_pages()
    stems = _rows(store, "SELECT rowid, body FROM articles_stem")
    assert len(stems) == 1 and "cianjur" in str(stems[0][1])
    facts = _rows(store, "SELECT id FROM article_facts")
    assert facts == [(article_id,)]


def test_merging_again_is_harmless_and_a_late_page_joins(store: Store) -> None:
    store.save_batch([_page(1, "Satu."), _page(2, "Dua.")])
    [first] = store.merge_pages()
    assert store.merge_pages() == []
    store.save_batch([_page(3, "Tiga.")])
    assert store.merge_pages() == [first]
    article = store.article(first)
    assert article is not None
    assert [p.text for p in article.paragraphs] == [LEAD, "Satu.", "Dua.", "Tiga."]


def test_enrichment_is_cleared_for_the_merged_story(store: Store) -> None:
    enriched = {"entities": [Entity("Jakarta", "place")], "summary": LEAD, "topic": "ekonomi"}
    store.save_batch([_page(1, "Satu.", **enriched), _page(2, "Dua.", **enriched)])
    [first] = store.merge_pages()
    record = json.loads(str(_rows(store, f"SELECT record FROM articles WHERE id = {first}")[0][0]))
    assert "entities" not in record and "summary" not in record
    assert store.article_ids(unenriched=True) == [first]


def test_an_all_pages_view_and_unrelated_addresses_stay_apart(store: Store) -> None:
    store.save_batch(
        [
            _page(1, "Satu."),
            _page("all", "Satu.", "Dua."),
            (
                "x",
                Article(source="x", url=f"{STORY}-lagi", paragraphs=[Paragraph("paragraph", "X")]),
            ),
        ]
    )
    assert store.merge_pages() == []
    assert store.count_articles() == 3
