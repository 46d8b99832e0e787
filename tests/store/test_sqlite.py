"""The SQLite store on real files: migrations, upserts, rejections, search, crash safety."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from warta.errors import WartaError
from warta.record import Article, Dateline, Paragraph
from warta.store import BadQuery, Store, StoreBusy, StoreError
from warta.store.connection import BUSY_TIMEOUT_MS, PAGE_SIZE, WRITE_CACHE_KIB
from warta.store.schema import MIGRATIONS, Migration
from warta.store.sqlite import migrate


def _article(n: int, text: str = "Hujan deras mengguyur kota sejak pagi.", **kw: object) -> Article:
    fields: dict[str, object] = {
        "source": f"pages/{n}.html",
        "url": f"https://news.example.id/berita/{n}",
        "outlet": "example.id",
        "title": f"Berita nomor {n}",
        "published": datetime(2024, 3, 1 + n % 3, 8, 30, tzinfo=UTC),
        "authors": ["Siti Aminah"],
        "dateline": Dateline("JAKARTA", None),
        "paragraphs": [Paragraph("paragraph", text), Paragraph("paragraph", f"Paragraf {n}.")],
    }
    return Article(**(fields | kw))  # type: ignore[arg-type]


def _item(n: int, **kw: object) -> tuple[str, Article]:
    article = _article(n, **kw)
    assert article.source is not None
    return article.source, article


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    first = _query(path, "SELECT version, name, applied_at FROM migrations ORDER BY version")
    assert [row[0] for row in first] == [m.version for m in MIGRATIONS]
    with Store(path) as store:
        store.save_batch([_item(1)])
    assert _query(path, "SELECT version, name, applied_at FROM migrations ORDER BY version") == (
        first
    )
    with Store(path) as store:
        assert store.count_articles() == 1


def test_opening_applies_only_the_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    Store(path).close()
    extra = Migration(
        version=len(MIGRATIONS) + 1,
        name="notes",
        statements=("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",),
    )
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        assert migrate(conn, [*MIGRATIONS, extra]) == [extra.version]
        assert migrate(conn, [*MIGRATIONS, extra]) == []
    # A file from a newer Warta is refused, not misread.
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_store_whose_folder_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot make the folder of"):
        Store(tmp_path / "taken" / "w.db")


def test_a_full_store_says_it_is_full_and_stays_usable(store: Store) -> None:
    """SQLite rolls a transaction back itself when the file cannot grow (here its
    max_page_count, as a full disk would): the error says so, not that the store's own
    ROLLBACK found no transaction, and the next batch starts afresh."""
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="full"):
        store.save_batch([_item(n, text="Banjir " * 2_000) for n in range(50)])
    assert not store._conn.in_transaction
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.save_batch([_item(1)]).inserted == 1


def test_wal_mode_and_pragmas(store: Store, tmp_path: Path) -> None:
    assert _query(tmp_path / "warta.db", "PRAGMA journal_mode") == [("wal",)]
    conn = store._conn
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert conn.execute("PRAGMA cache_size").fetchone() == (-WRITE_CACHE_KIB,)
    # A new store is made with large pages, so an article's row spans fewer of them.
    assert _query(tmp_path / "warta.db", "PRAGMA page_size") == [(PAGE_SIZE,)]


def test_a_store_made_with_other_pages_keeps_them(tmp_path: Path) -> None:
    """The page size applies to new files only: an existing store (made by an older Warta
    with SQLite's default) is opened, written and read as it is."""
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("VACUUM")
    with Store(path) as store:
        store.save_batch([_item(1), _item(2)])
    assert _query(path, "PRAGMA page_size") == [(4096,)]
    with Store(path) as store:
        assert store.count_articles() == 2
        assert len(store.search("hujan")) == 2


def test_new_same_and_changed_articles(store: Store, tmp_path: Path) -> None:
    result = store.save_batch([_item(1), _item(2)])
    assert (result.inserted, result.updated, result.duplicates) == (2, 0, 0)
    # The same article again under another source location: a duplicate, nothing rewritten.
    again = _article(1, source="crawl.warc.gz@99")
    result = store.save_batch([("crawl.warc.gz@99", again)])
    assert result.duplicates == 1
    assert store.count_articles() == 2
    # Changed text: a new version in place, the old one kept.
    changed = _article(1, text="Banjir mulai surut pada sore hari.", source="later.html")
    result = store.save_batch([("later.html", changed)])
    assert result.updated == 1
    assert store.count_articles() == 2
    rows = _query(tmp_path / "warta.db", "SELECT version, record FROM articles WHERE id = 1")
    assert rows[0][0] == 2
    assert "surut" in str(rows[0][1])
    old = _query(tmp_path / "warta.db", "SELECT article_id, version, record FROM article_versions")
    assert len(old) == 1
    assert old[0][:2] == (1, 1)
    assert "Hujan deras" in str(old[0][2])
    by_id = {a.url: a for a in store.iter_articles()}
    assert by_id["https://news.example.id/berita/1"] == changed
    # The older version coming back (an archive read out of order) is not a change.
    result = store.save_batch([("old-copy.html", _article(1, source="old-copy.html"))])
    assert result.duplicates == 1
    assert store.stats()["versions"] == 1
    outcomes = _query(tmp_path / "warta.db", "SELECT outcome, count(*) FROM inputs GROUP BY 1")
    assert dict(outcomes) == {"article": 3, "duplicate": 2}  # type: ignore[arg-type]


def test_a_batch_says_what_became_of_each_item_in_order(store: Store) -> None:
    store.save_batch([_item(1)])
    changed = _article(2, text="Banjir mulai surut pada sore hari.", source="later.html")
    items = [
        ("copy.html", _article(1, source="copy.html")),  # the content of pages/1 again
        _item(2),
        ("later.html", changed),  # pages/2 changed, in the same batch
        _item(1),  # a source already done
        ("failed.html", Article(source="failed.html", url=None, error="http-404: not found")),
    ]
    result = store.save_batch(items)
    assert result.each == (
        ("duplicate", None),
        ("inserted", None),
        ("updated", None),
        ("skipped", None),
        ("rejected", "http-404"),
    )
    counted = (result.inserted, result.updated, result.duplicates, result.rejected, result.skipped)
    assert counted == (1, 1, 1, 1, 1)
    assert result.reasons == {"http-404": 1}


def test_last_seen_moves_on_a_duplicate(store: Store, tmp_path: Path) -> None:
    store.save_batch([_item(1)])
    time.sleep(0.01)
    store.save_batch([("copy", _article(1, source="copy"))])
    first, last = _query(tmp_path / "warta.db", "SELECT first_seen, last_seen FROM articles")[0]
    assert str(last) > str(first)


def test_a_done_source_is_skipped(store: Store) -> None:
    store.save_batch([_item(1)])
    result = store.save_batch([_item(1), _item(1, text="Lain sama sekali."), _item(2)])
    assert (result.skipped, result.inserted, result.updated) == (2, 1, 0)
    # Within one batch too: the second sight of a source is skipped.
    result = store.save_batch([_item(3), _item(3)])
    assert (result.inserted, result.skipped) == (1, 1)
    assert store.done_sources() == {"pages/1.html", "pages/2.html", "pages/3.html"}
    assert store.is_done("pages/2.html")
    assert not store.is_done("pages/4.html")


def test_rejected_inputs_keep_reason_message_and_location(store: Store, tmp_path: Path) -> None:
    timeout = Article(source="big.html", url="https://x.id/big", error="timeout: over 30 s")
    blocked = Article(source="https://x.id/paywall", error="blocked: HTTP 403 Forbidden")
    empty = _article(5, paragraphs=[])
    result = store.save_batch(
        [("big.html", timeout), ("https://x.id/paywall", blocked), ("pages/5.html", empty)]
    )
    assert result.rejected == 3
    assert result.reasons == {"timeout": 1, "blocked": 1, "no-article-text": 1}
    assert store.count_articles() == 0
    assert store.count_rejected() == 3
    rows = _query(tmp_path / "warta.db", "SELECT source, url, reason, message FROM rejected")
    assert ("big.html", "https://x.id/big", "timeout", "timeout: over 30 s") in rows
    linked = _query(
        tmp_path / "warta.db",
        "SELECT i.source, r.reason FROM inputs i JOIN rejected r ON r.id = i.rejected_id "
        "WHERE i.outcome = 'rejected'",
    )
    assert len(linked) == 3
    # Rejected inputs are done too: a resumed run does not retry them.
    assert store.save_batch([("big.html", timeout)]).skipped == 1


def test_full_text_search_follows_updates(store: Store) -> None:
    store.save_batch([_item(1, text="Gubernur meresmikan jembatan baru."), _item(2)])
    hits = store.search("jembatan")
    assert [h.url for h in hits] == ["https://news.example.id/berita/1"]
    assert "[jembatan]" in hits[0].snippet
    assert len(store.search("hujan")) == 1
    changed = _article(1, text="Gubernur membuka pasar rakyat.", source="v2")
    store.save_batch([("v2", changed)])
    assert store.search("jembatan") == []
    assert [h.id for h in store.search("pasar")] == [hits[0].id]
    assert len(store.search("nomor")) == 2  # titles are indexed
    store._conn.execute("INSERT INTO articles_stem (articles_stem) VALUES ('integrity-check')")


ENGLISH = (
    "Tourists returning from Bermuda said on Monday that the storm had closed the airport "
    "for two days, and that the hotels on the island were running out of water and food. "
    "Officials expect flights to resume on Wednesday if the weather clears as forecast."
)


@pytest.mark.parametrize("language", [None, "en"])
def test_english_text_is_found_by_words_stemming_would_change(
    store: Store, language: str | None
) -> None:
    """English text is indexed unstemmed ('bermuda'), a query stemmed ('muda'): the query
    also asks for the word as written, so both meet."""
    english = _article(1, text=ENGLISH, title="Storm over Bermuda", language=language)
    indonesian = _article(2, text="Kaum muda Bermuda berlibur ke Bali bersama keluarga.")
    store.save_batch([("en", english), ("id", indonesian)])
    assert {h.id for h in store.search("bermuda")} == {1, 2}
    assert [h.url for h in store.search("bermuda returning")] == [english.url]
    assert "[Bermuda]" in store.search("bermuda returning")[0].snippet
    assert [h.url for h in store.search("bermuda -tourists")] == [indonesian.url]


@pytest.mark.parametrize("query", ['"unterminated', "AND", "-kata", "kata OR", ""])
def test_a_malformed_query_is_a_warta_error(store: Store, query: str) -> None:
    store.save_batch([_item(1)])
    with pytest.raises(BadQuery) as caught:
        store.search(query)
    assert isinstance(caught.value, WartaError)


def test_a_batch_that_fails_midway_leaves_nothing(store: Store) -> None:
    store.save_batch([_item(1)])
    unserialisable = _article(3, provenance={"title": object()})
    with pytest.raises(StoreError, match="nothing written"):
        store.save_batch([_item(2), ("bad.html", unserialisable), _item(4)])
    assert store.count_articles() == 1
    assert store.done_sources() == {"pages/1.html"}
    stats = store.stats()
    assert stats["by_outcome"] == {"article": 1}
    assert store.search("nomor") and len(store.search("nomor")) == 1
    # The connection is usable afterwards: the failed items can be stored one by one.
    assert store.save_batch([_item(2), _item(4)]).inserted == 2


def test_a_batch_that_must_not_wait_finds_the_store_busy(store: Store, tmp_path: Path) -> None:
    store.save_batch([_item(1)])
    with closing(sqlite3.connect(tmp_path / "warta.db", isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        started = time.monotonic()
        with pytest.raises(StoreBusy) as caught:
            store.save_batch([_item(2)], wait=False)
        assert time.monotonic() - started < 5  # at once, not after the 30 s busy timeout
        assert isinstance(caught.value, StoreError)
        other.execute("ROLLBACK")
    assert store.done_sources() == {"pages/1.html"}  # nothing of the batch written
    # Free again: the same batch goes in without waiting, and the busy timeout is back.
    assert store.save_batch([_item(2)], wait=False).inserted == 1
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_stats(store: Store) -> None:
    store.save_batch([_item(n) for n in range(6)])
    store.save_batch([("other.html", _article(9, outlet="kompas.com", published=date(2024, 3, 9)))])
    store.save_batch([("copy", _article(1, source="copy")), ("e", Article(error="empty-input: x"))])
    stats = store.stats()
    assert stats["articles"] == 7
    assert stats["rejected"] == 1
    assert stats["inputs"] == 9
    assert stats["by_outlet"] == {"example.id": 6, "kompas.com": 1}
    assert stats["by_day"] == {
        "2024-03-01": 2,
        "2024-03-02": 2,
        "2024-03-03": 2,
        "2024-03-09": 1,
    }
    assert stats["by_outcome"] == {"article": 7, "duplicate": 1, "rejected": 1}
    assert stats["rejected_by_reason"] == {"empty-input": 1}
    assert stats["undated"] == 0


def test_iter_articles_streams_with_filters(store: Store) -> None:
    items = [_item(n) for n in range(600)]  # more than one fetchmany round
    store.save_batch(items)
    store.save_batch([("k", _article(900, outlet="kompas.com"))])
    streamed = list(store.iter_articles())
    assert streamed[:600] == [article for _, article in items]
    assert [a.outlet for a in store.iter_articles(outlet="kompas.com")] == ["kompas.com"]
    assert all(
        a.published is not None and a.published.day >= 2
        for a in store.iter_articles(since="2024-03-02")
    )
    assert len(list(store.iter_articles(since=date(2024, 3, 3)))) == 200
    with pytest.raises(StoreError, match="not a date"):
        list(store.iter_articles(since="yesterday"))


def test_readonly_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    with pytest.raises(StoreError, match="no store"):
        Store(path, readonly=True)
    with Store(path) as store:
        store.save_batch([_item(1)])
    with Store(path, readonly=True) as store:
        assert store.count_articles() == 1
        with pytest.raises(StoreError, match="read-only"):
            store.save_batch([_item(2)])
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        Store(junk)
    plain = tmp_path / "plain.db"
    with closing(sqlite3.connect(plain)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a Warta store"):
        Store(plain, readonly=True)
    with pytest.raises(StoreError, match="something else"):
        Store(plain)  # another program's database is not migrated into a store
    assert _query(plain, "SELECT name FROM sqlite_master") == [("t",)]
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path)  # a directory
    with Store(tmp_path / "new" / "deeper" / "warta.db") as store:
        assert store.count_articles() == 0


# Writes batches of BATCH articles forever, printing each batch number once committed.
_WRITER = textwrap.dedent(
    """
    import sys
    from warta.record import Article, Paragraph
    from warta.store import Store

    BATCH = 50
    with Store(sys.argv[1]) as store:
        n = 0
        while True:
            items = []
            for i in range(BATCH):
                source = f"batch-{n}/{i}"
                text = f"Kalimat ke-{i} dari kelompok {n}. " * 40
                items.append((source, Article(source=source, url="https://x.id/" + source,
                    title=f"Judul {n} {i}", paragraphs=[Paragraph("paragraph", text)])))
            store.save_batch(items)
            print(n, flush=True)
            n += 1
    """
)


def test_a_threaded_store_is_written_from_another_thread(tmp_path: Path) -> None:
    """A store is used by the thread that opened it; a ``threaded`` one by any thread,
    one at a time (an ingest worker saves from a thread of its own)."""
    with ThreadPoolExecutor(max_workers=1) as other:
        with Store(tmp_path / "one.db") as store, pytest.raises(StoreError, match="thread"):
            other.submit(store.save_batch, [_item(1)]).result()
        with Store(tmp_path / "any.db", threaded=True) as store:
            saved = other.submit(store.save_batch, [_item(1)]).result()
            assert [stored for stored, _ in saved.each] == ["inserted"]
            assert store.count_articles() == 1 and store.is_done("pages/1.html")


def _kill_writer_midway(path: Path, rng: random.Random, after: int) -> int:
    """Start the writer, SIGKILL it at a random moment past batch ``after``; the last
    batch it reported. A batch takes some 40 ms and the kill comes 0-50 ms after a
    report, so most kills land inside a transaction."""
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with process.stdout:
        wanted = after + rng.randint(2, 5)
        for line in process.stdout:  # a resumed writer reports the batches it skips too
            if int(line) >= wanted:
                break
        time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reported = [int(line) for line in process.stdout.read().split()]
    assert process.returncode == -signal.SIGKILL
    return max([wanted, *reported])


def test_kill_9_at_random_moments_then_resume(tmp_path: Path) -> None:
    """Each round restarts the writer from batch 0 on the same file, as a resumed run does."""
    path = tmp_path / "crash.db"
    rng = random.Random(4)
    numbers = [0]
    for _ in range(4):
        reported = _kill_writer_midway(path, rng, numbers[-1])
        with Store(path) as store:
            assert store._conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            check = "INSERT INTO articles_stem (articles_stem) VALUES ('integrity-check')"
            store._conn.execute(check)
            batches = Counter(source.split("/")[0] for source in store.done_sources())
            numbers = sorted(int(name.split("-")[1]) for name in batches)
            assert set(batches.values()) == {50}  # no half batch
            assert numbers == list(range(len(numbers)))
            assert numbers[-1] >= reported
            stats = store.stats()
    # Nothing lost, nothing stored twice: every input is one article, none a duplicate.
    assert stats["articles"] == 50 * len(numbers)
    assert stats["by_outcome"] == {"article": 50 * len(numbers)}
