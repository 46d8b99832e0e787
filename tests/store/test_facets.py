"""Facet counts: new articles counted by the store a batch at a time, changes and deletes
by triggers, and the two always agreeing with a fresh count of the articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warta.record import Article, Paragraph
from warta.store import Store, StoreError
from warta.store.facets import FacetTally, facet_values
from warta.store.reader import Reader

Recount = Callable[[Path], None]


def _article(n: int, **kw: object) -> Article:
    fields: dict[str, object] = {
        "source": f"pages/{n}.html",
        "url": f"https://kabarnusa.id/berita/{n}",
        "outlet": "kabarnusa.id",
        "title": f"Berita nomor {n}",
        "section": "Nasional",
        "published": datetime(2024, 5, 1 + n % 3, 7, tzinfo=UTC),
        "language": "id",
        "paragraphs": [Paragraph("paragraph", f"Isi berita nomor {n} tentang banjir.")],
    }
    return Article(**(fields | kw))  # type: ignore[arg-type]


def _triggers(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in rows}


def test_values_are_those_the_triggers_count() -> None:
    columns = {"outlet": "a.id", "language": None, "published": "2024-05-01T07:00:00+07:00"}
    values = list(facet_values(columns | {"section_norm": "", "topic": "politik"}))
    # A NULL counts nowhere; an empty string is a value, as it is to SQL.
    assert values == [
        ("outlet", "a.id"),
        ("day", "2024-05-01"),
        ("section", ""),
        ("topic", "politik"),
    ]


def test_a_tally_writes_each_value_once_with_its_count(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "t.db")) as conn:
        conn.execute("CREATE TABLE facet_counts (dim, value, n, PRIMARY KEY (dim, value))")
        conn.execute("INSERT INTO facet_counts VALUES ('outlet', 'a.id', 2)")
        tally = FacetTally()
        for outlet in ("a.id", "b.id", "a.id"):
            tally.add({"outlet": outlet, "language": "id"})
        assert len(tally.counts) == 3
        tally.flush(conn)
        assert tally.counts == {}
        rows = set(conn.execute("SELECT dim, value, n FROM facet_counts"))
    assert rows == {("outlet", "a.id", 4), ("outlet", "b.id", 1), ("language", "id", 3)}


def test_new_articles_are_counted_without_an_insert_trigger(
    tmp_path: Path, facets_recounted: Recount
) -> None:
    path = tmp_path / "warta.db"
    items = [(f"s{n}", _article(n, outlet=f"outlet{n % 2}.id")) for n in range(7)]
    undated = _article(7, published=None, language=None, url="https://kabarnusa.id/u")
    with Store(path) as store:
        result = store.save_batch([*items, ("s7", undated), ("empty", Article(source="empty"))])
    assert (result.inserted, result.rejected) == (8, 1)
    assert "facets_insert" not in _triggers(path)
    facets_recounted(path)
    with Reader(path) as reader:
        facets = reader.facets()
    assert dict(facets.outlets) == {"outlet0.id": 4, "outlet1.id": 3, "kabarnusa.id": 1}
    assert dict(facets.languages) == {"id": 7}  # the one without a language counts nowhere
    assert sum(n for _, n in facets.days) == 7


def test_a_change_within_the_batch_that_inserted_the_article(
    tmp_path: Path, facets_recounted: Recount
) -> None:
    """The update's trigger subtracts the first version's counts: they must be written
    before it runs, though the batch has not ended."""
    path = tmp_path / "warta.db"
    first = _article(1, section="Bola")
    moved = _article(1, section="Ekonomi", language="en", title="Changed", source="s1b")
    with Store(path) as store:
        result = store.save_batch([("s1", first), ("s2", _article(2)), ("s1b", moved)])
        assert (result.inserted, result.updated) == (2, 1)
        facets_recounted(path)
        again = _article(1, section="Ekonomi", language="en", title="Changed", source="s1c")
        duplicate = store.save_batch([("s1c", again), ("s3", _article(3))])
        assert (duplicate.duplicates, duplicate.inserted) == (1, 1)
    facets_recounted(path)
    with Reader(path) as reader:
        assert dict(reader.facets().sections) == {"Ekonomi": 1, "Nasional": 2}


def test_a_failed_batch_counts_nothing(tmp_path: Path, facets_recounted: Recount) -> None:
    path = tmp_path / "warta.db"
    with Store(path) as store:
        store.save_batch([("s1", _article(1))])
        before = _counts(path)
        bad = _article(2, provenance={"title": object()})  # cannot be serialised
        with pytest.raises(StoreError, match="nothing written"):
            store.save_batch([("s3", _article(3, outlet="baru.id")), ("s2", bad)])
        assert _counts(path) == before
        assert store.save_batch([("s3", _article(3, outlet="baru.id"))]).inserted == 1
    facets_recounted(path)
    assert ("outlet", "baru.id", 1) in _counts(path)


def _counts(path: Path) -> set[tuple[str, str, int]]:
    with closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT dim, value, n FROM facet_counts"))
