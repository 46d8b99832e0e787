"""The Reader on a small real store written through Store.save_batch: every method."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from warta.record import Article, Entity, Image, Paragraph, Quote
from warta.store import BadQuery, Store, StoreError, read_pool, read_search
from warta.store.reader import QueryTimeout, Reader

JOKO = Entity("Joko Widodo", "person", "Joko Widodo", "Q3318231")
DPR = Entity("DPR", "organization", "Dewan Perwakilan Rakyat")
PERSIJA = Entity("Persija", "organization", "Persija Jakarta")
SEMARANG = Entity("Semarang", "place", "Semarang")


def _article(
    n: int,
    text: str,
    *,
    day: int,
    outlet: str = "kabarnusa.id",
    section: str | None = "Nasional",
    title: str | None = None,
    **kw: object,
) -> tuple[str, Article]:
    fields: dict[str, object] = {
        "source": f"pages/{n}.html",
        "url": f"https://{outlet}/berita/{n}",
        "outlet": outlet,
        "section": section,
        "title": title or f"Berita nomor {n}",
        "lead": text.split(".", maxsplit=1)[0] + ".",
        "published": datetime(2024, 3, day, 9, n % 60, tzinfo=UTC),
        "language": "id",
        "paragraphs": [Paragraph("paragraph", text), Paragraph("paragraph", "Paragraf penutup.")],
    }
    return f"pages/{n}.html", Article(**(fields | kw))  # type: ignore[arg-type]


ITEMS = [
    _article(
        1,
        "Presiden Joko Widodo membahas anggaran negara bersama DPR di Jakarta.",
        day=1,
        entities=[JOKO, DPR],
        quotes=[Quote("Anggaran harus tepat sasaran", "Joko Widodo", True)],
        topic="politik",
        images=[Image("javascript:alert(1)"), Image("https://img.example/1.jpg")],
    ),
    _article(
        2,
        "Pembahasan tarif transportasi daring ditunda hingga pekan depan.",
        day=2,
        outlet="harianlaut.co.id",
        section="Bisnis",
        entities=[DPR],
        quotes=[Quote("Kami menunggu sikap Joko Widodo", "Ketua DPR", False)],
        topic="ekonomi",
    ),
    _article(
        3,
        "Persija menang besar dalam pertemuan kedua di Jakarta.",
        day=3,
        section="Bola",
        entities=[PERSIJA],
        topic="olahraga",
    ),
    _article(
        4,
        "Warga Semarang bertemu wali kota untuk membicarakan banjir rob.",
        day=4,
        outlet="harianlaut.co.id",
        section="Daerah",
        entities=[SEMARANG, JOKO],
        quotes=[Quote("Joko Widodo berjanji meninjau tanggul", "Seorang warga", True)],
    ),
    _article(5, "Banjir rob merendam pesisir Semarang sejak pagi.", day=5, section="Daerah"),
    # The same report on two days: only the date differs.
    _article(6, "Harga cabai rawit melonjak di pasar tradisional.", day=6, section="Ekonomi"),
    _article(7, "Harga cabai rawit melonjak di pasar tradisional.", day=9, section="Ekonomi"),
    # A syndicated copy of article 5 at another outlet.
    _article(
        8,
        "Banjir rob merendam pesisir Semarang sejak pagi.",
        day=6,
        outlet="suarakepulauan.com",
        section="Regional",
        title="Berita nomor 5",
    ),
    _article(
        9,
        "Banjir bandang melanda pesisir utara Semarang.",
        day=7,
        language="en",
        section="Aneka",
        url="https://kabarnusa.id/9",
    ),
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reader") / "warta.db"
    with Store(path) as store:
        assert store.save_batch(ITEMS).inserted == len(ITEMS)
    return path


@pytest.fixture
def reader(store_path: Path) -> Iterator[Reader]:
    with Reader(store_path) as opened:
        yield opened


def _ids(items: list[object]) -> list[int]:
    return [item.id for item in items]  # type: ignore[attr-defined]


def test_stemmed_search_finds_other_word_forms(reader: Reader) -> None:
    assert set(_ids(reader.search("membahas").hits)) == {1, 2}  # membahas, pembahasan
    assert set(_ids(reader.search("pertemuan").hits)) == {3, 4}  # pertemuan, bertemu
    assert _ids(reader.search('"tarif transportasi"').hits) == [2]
    assert _ids(reader.search('"transportasi tarif"').hits) == []
    assert set(_ids(reader.search("banjir -bandang").hits)) == {4, 5, 8}
    assert set(_ids(reader.search("tarif OR persija").hits)) == {2, 3}
    assert _ids(reader.search("banjir AND bandang").hits) == [9]


def test_hits_carry_summaries_snippets_and_scores(reader: Reader) -> None:
    page = reader.search("pembahasan anggaran")
    assert page.total == 1 and page.query == "pembahasan anggaran"
    hit = page.hits[0]
    assert (hit.id, hit.section, hit.outlet, hit.topic) == (
        1,
        "Nasional",
        "kabarnusa.id",
        "politik",
    )
    assert hit.image == "https://img.example/1.jpg"  # the javascript: one is skipped
    marked = [text for text, match in hit.snippet if match]
    assert marked == ["membahas", "anggaran"]  # the words as written, not the stems
    assert "Presiden Joko Widodo membahas anggaran negara" in "".join(t for t, _ in hit.snippet)
    assert hit.score > 0
    json.dumps(asdict(page))


def test_newer_wins_among_equal_matches(reader: Reader) -> None:
    assert _ids(reader.search("cabai").hits) == [7, 6]


def test_filters(reader: Reader) -> None:
    assert set(_ids(reader.search("banjir", outlet="harianlaut.co.id").hits)) == {4}
    assert set(_ids(reader.search("banjir", section="Regional").hits)) == {4, 5, 8}
    assert set(_ids(reader.search("banjir", section="daerah").hits)) == {4, 5, 8}  # a label
    assert set(_ids(reader.search("banjir", since="2024-03-05", until="2024-03-06").hits)) == {
        5,
        8,
    }
    assert set(_ids(reader.search("banjir", since=date(2024, 3, 7)).hits)) == {9}
    assert set(_ids(reader.search("banjir", language="en").hits)) == {9}
    assert _ids(reader.search("anggaran", topic="politik").hits) == [1]
    assert _ids(reader.search("anggaran", topic="ekonomi").hits) == []
    assert set(_ids(reader.search("jakarta", entity="Q3318231").hits)) == {1}
    assert set(_ids(reader.search("semarang", entity="Joko Widodo").hits)) == {4}
    assert reader.search("semarang", entity="Nobody At All").total == 0
    with pytest.raises(BadQuery, match="not a date"):
        reader.search("banjir", since="kemarin")


def test_pagination_and_its_bounds(reader: Reader) -> None:
    first = reader.search("banjir", per_page=2)
    second = reader.search("banjir", per_page=2, page=2)
    third = reader.search("banjir", per_page=2, page=3)
    assert first.total == second.total == 4
    assert len(first.hits) == len(second.hits) == 2 and third.hits == []
    assert set(_ids(first.hits + second.hits)) == {4, 5, 8, 9}
    assert reader.search("banjir", page=9).hits == []
    capped = reader.search("banjir", per_page=5000, page=0)
    assert (capped.per_page, capped.page) == (100, 1)


@pytest.mark.parametrize(("window", "cap"), [(2_000, 10_000), (2, 10_000), (1, 3), (2, 2)])
def test_totals_whether_or_not_the_ranking_window_holds_every_match(
    reader: Reader, monkeypatch: pytest.MonkeyPatch, window: int, cap: int
) -> None:
    # A window holding every match is the count; a full one needs the count query.
    monkeypatch.setattr(read_search, "RANK_WINDOW", window)
    monkeypatch.setattr(read_search, "TOTAL_CAP", cap)
    for page in (1, 2, 3):
        found = reader.search("banjir", per_page=1, page=page)
        assert (found.total, found.total_capped) == (min(4, cap), cap < 4)
        assert len(found.hits) == (1 if page <= min(4, cap) else 0)
    pages = [reader.search("banjir", per_page=1, page=n).hits for n in range(1, 5)]
    assert len({hit.id for hits in pages for hit in hits}) == min(4, cap)
    past = reader.search("banjir", per_page=1, page=cap + 1)
    assert past.hits == [] and past.total == min(4, cap)


@pytest.mark.parametrize(("depth", "per_page"), [(100, 1), (2, 1), (3, 2), (1, 5)])
def test_pages_cut_from_a_ranking_are_the_pages_searched(
    reader: Reader, depth: int, per_page: int
) -> None:
    ranking = reader.rank("banjir", depth=depth, section="Regional")
    assert ranking.total == 3 and len(ranking.ranked) == min(depth, 3)
    for page in range(1, 6):
        searched = reader.search("banjir", page=page, per_page=per_page, section="Regional")
        cut = reader.search(
            "banjir", page=page, per_page=per_page, section="Regional", ranking=ranking
        )
        assert cut == searched


def test_a_ranking_of_another_search_is_not_used(reader: Reader) -> None:
    ranking = reader.rank("banjir", depth=10)
    assert reader.search("cabai", ranking=ranking) == reader.search("cabai")
    assert reader.search("banjir", outlet="kabarnusa.id", ranking=ranking) == reader.search(
        "banjir", outlet="kabarnusa.id"
    )
    # The one of this search is: its order is the order of the page.
    backwards = replace(ranking, ranked=ranking.ranked[::-1])
    assert _ids(reader.search("banjir", ranking=backwards).hits) == [i for i, _ in backwards.ranked]


@pytest.mark.parametrize(
    "query", ['"membahas', "OR banjir", "banjir OR", "-banjir", "yang dan", "", "x" * 501]
)
def test_malformed_queries_are_bad_queries(reader: Reader, query: str) -> None:
    with pytest.raises(BadQuery):
        reader.search(query)


@pytest.mark.parametrize("query", ["title:banjir", "NEAR(banjir rob)", "banjir*", "^banjir", "'"])
def test_fts_syntax_in_a_query_is_just_text(reader: Reader, query: str) -> None:
    with contextlib.suppress(BadQuery):  # a message for the reader, never an sqlite3 error
        reader.search(query)


def test_a_query_past_the_time_limit_is_stopped(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_pool, "PROGRESS_STEPS", 1)
    with Reader(store_path, timeout=1.0) as slow:
        slow.search("banjir")  # within the limit
        slow.timeout = -1.0
        with pytest.raises(QueryTimeout) as caught:
            slow.search("banjir")
        assert isinstance(caught.value, BadQuery)
        slow.timeout = 1.0
        assert slow.search("banjir").total == 4  # the connection is usable afterwards


def test_latest_is_newest_first_with_filters(reader: Reader) -> None:
    assert _ids(reader.latest(limit=3)) == [7, 9, 8]
    assert _ids(reader.latest(limit=2, offset=1)) == [9, 8]
    assert _ids(reader.latest(section="Regional")) == [8, 5, 4]
    assert _ids(reader.latest(section="Olahraga")) == [3]
    assert _ids(reader.latest(outlet="harianlaut.co.id")) == [4, 2]
    assert _ids(reader.latest(language="en")) == [9]
    assert _ids(reader.latest(day="2024-03-06")) == [8, 6]
    summary = reader.latest(section="Ekonomi", outlet="harianlaut.co.id")[0]
    assert (summary.section, summary.section_label) == ("Ekonomi", "Bisnis")
    assert len(reader.latest(limit=10_000)) == len(ITEMS)


def test_front_page_blocks_in_the_fixed_order(reader: Reader) -> None:
    blocks = reader.front_page(per_section=2)
    assert [b.section for b in blocks] == [
        "Nasional",
        "Ekonomi",
        "Regional",
        "Olahraga",
        "Lainnya",
    ]
    assert _ids(blocks[2].articles) == [8, 5]
    assert blocks[2].total == 3
    only = reader.front_page(outlet="harianlaut.co.id")
    assert [(b.section, _ids(b.articles)) for b in only] == [("Ekonomi", [2]), ("Regional", [4])]


def test_facets_count_every_dimension(reader: Reader) -> None:
    facets = reader.facets()
    assert facets.outlets[0] == ("kabarnusa.id", 6)
    assert dict(facets.outlets) == {
        "kabarnusa.id": 6,
        "harianlaut.co.id": 2,
        "suarakepulauan.com": 1,
    }
    assert dict(facets.languages) == {"id": 8, "en": 1}
    assert facets.days[0] == ("2024-03-09", 1)
    assert dict(facets.days)["2024-03-06"] == 2
    assert dict(facets.sections) == {
        "Nasional": 1,
        "Ekonomi": 3,
        "Olahraga": 1,
        "Regional": 3,
        "Lainnya": 1,
    }
    assert dict(facets.topics) == {"politik": 1, "ekonomi": 1, "olahraga": 1}


def test_article_with_record_and_similar(reader: Reader) -> None:
    view = reader.article(5)
    assert view is not None
    assert view.record["title"] == "Berita nomor 5"
    assert view.record["paragraphs"][0]["text"].startswith("Banjir rob")
    assert view.version == 1 and view.first_seen
    similar = _ids(view.similar)
    assert 8 not in similar  # its syndicated copy is not further reading
    assert 9 in similar and 5 not in similar
    assert reader.article(999) is None
    json.dumps(asdict(view))


def test_similar_shares_distinctive_words(reader: Reader) -> None:
    assert _ids(reader.similar(6, k=3))[:1] == [7]  # same text, another title
    assert len(reader.similar(1, k=1)) <= 1
    assert reader.similar(999) == []


def test_entity_page(reader: Reader) -> None:
    view = reader.entity("Q3318231")
    assert view is not None
    assert (view.canonical, view.type, view.wikidata, view.articles) == (
        "Joko Widodo",
        "person",
        "Q3318231",
        2,
    )
    assert view.mentions_per_day == [("2024-03-01", 1), ("2024-03-04", 1)]
    assert (
        "organization:Dewan Perwakilan Rakyat",
        "Dewan Perwakilan Rakyat",
        "organization",
        1,
    ) in (view.cooccurring)
    assert [q.text for q in view.quotes_by] == ["Anggaran harus tepat sasaran"]
    assert view.quotes_by[0].title == "Berita nomor 1"
    assert [q.text for q in view.quotes_about] == ["Joko Widodo berjanji meninjau tanggul"]
    assert dict(view.outlets) == {"kabarnusa.id": 1, "harianlaut.co.id": 1}
    assert _ids(view.latest) == [4, 1]
    # By canonical name (any case) too; a name nobody mentions has no page.
    by_name = reader.entity("dewan perwakilan rakyat")
    assert by_name is not None and by_name.key == "organization:Dewan Perwakilan Rakyat"
    assert by_name.quotes_by[0].speaker == "Ketua DPR"  # 'DPR' is in the speaker's name
    assert reader.entity("Nobody") is None
    json.dumps(asdict(view))


def test_entity_index(reader: Reader) -> None:
    everything = reader.entities()
    assert everything[:2] == [
        ("Q3318231", "Joko Widodo", "person", 2),
        ("organization:Dewan Perwakilan Rakyat", "Dewan Perwakilan Rakyat", "organization", 2),
    ]
    assert len(everything) == 4
    assert [e[1] for e in reader.entities(prefix="per")] == ["Persija Jakarta"]
    assert [e[0] for e in reader.entities(kind="place")] == ["place:Semarang"]
    assert len(reader.entities(limit=1)) == 1


def test_outlet_page(reader: Reader) -> None:
    view = reader.outlet("harianlaut.co.id")
    assert view is not None
    assert view.articles == 2
    assert view.articles_per_day == [("2024-03-02", 1), ("2024-03-04", 1)]
    assert sorted(view.sections) == [("Ekonomi", 1), ("Regional", 1)]
    assert _ids(view.latest) == [4, 2]
    assert reader.outlet("nowhere.example") is None


def _hammer(reader: Reader, threads: int = 4) -> list[int]:
    """Search and read the front page from several threads at once; the totals seen."""
    errors: list[BaseException] = []
    totals: list[int] = []

    def work() -> None:
        try:
            for _ in range(20):
                totals.append(reader.search("banjir").total)
                reader.front_page()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    running = [threading.Thread(target=work) for _ in range(threads)]
    for t in running:
        t.start()
    for t in running:
        t.join()
    assert not errors
    return totals


def test_threads_share_a_pool_of_connections(reader: Reader) -> None:
    assert set(_hammer(reader)) == {4}
    assert 1 <= reader._pool.opened <= 4


def test_concurrency_bounds_the_connections(store_path: Path) -> None:
    with Reader(store_path, concurrency=2) as bounded:
        assert set(_hammer(bounded, threads=6)) == {4}
        assert 1 <= bounded._pool.opened <= 2


def test_a_failed_read_gives_its_connection_back(store_path: Path) -> None:
    with Reader(store_path, concurrency=1) as bounded:
        for _ in range(3):
            with pytest.raises(BadQuery):
                bounded.search('"unclosed')
            with pytest.raises(StoreError):
                bounded.latest(day="not a day")
        assert bounded.search("banjir").total == 4


def test_closing_during_a_read_closes_its_connection_after_it(store_path: Path) -> None:
    opened = Reader(store_path)
    with opened._read() as conn:
        opened.close()
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ITEMS)
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")


def test_opening_and_closing(store_path: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Reader(tmp_path / "missing.db")
    closed = Reader(store_path)
    closed.close()
    with pytest.raises(StoreError, match="closed"):
        closed.latest()
