"""WAL checkpoints taken by another thread: the Checkpointer, and deferred checkpoints."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warta.record import Article, Paragraph
from warta.store import Store, checkpoints
from warta.store.checkpoints import Checkpointer


def _items(first: int, count: int) -> list[tuple[str, Article]]:
    return [
        (
            f"pages/{n}.html",
            Article(
                source=f"pages/{n}.html",
                url=f"https://news.example.id/berita/{n}",
                title=f"Berita nomor {n}",
                published=datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
                paragraphs=[Paragraph("paragraph", f"Banjir merendam kampung nomor {n}. " * 40)],
            ),
        )
        for n in range(first, first + count)
    ]


def _in_main_file(db: Path, tmp_path: Path) -> int:
    """Articles the database file holds by itself, without its write-ahead log."""
    alone = tmp_path / "alone.db"
    shutil.copyfile(db, alone)
    with closing(sqlite3.connect(alone)) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store whose schema is in the database file (closed once: checkpointed whole)."""
    path = tmp_path / "w.db"
    Store(path).close()
    return path


def test_a_nudge_checkpoints_what_writers_committed(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        store.defer_checkpoints()
        store.save_batch(_items(0, 20))
        assert _in_main_file(db, tmp_path) == 0  # committed, still in the log only
        with Checkpointer(db) as checkpointer:
            checkpointer.nudge()
        assert (checkpointer.taken, checkpointer.failed) == (1, 0)
        assert _in_main_file(db, tmp_path) == 20
        store.save_batch(_items(20, 5))  # the log starts over after a whole checkpoint
        assert store.count_articles() == 25


def test_nudges_while_one_is_pending_make_one_checkpoint(db: Path) -> None:
    checkpointer = Checkpointer(db)
    for _ in range(3):
        checkpointer.nudge()
    with checkpointer:
        pass
    assert (checkpointer.taken, checkpointer.failed) == (1, 0)


def test_without_a_nudge_nothing_is_checkpointed(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        store.save_batch(_items(0, 3))
        with Checkpointer(db) as checkpointer:
            pass
        assert checkpointer.taken == 0
        assert _in_main_file(db, tmp_path) == 0


def test_deferred_checkpoints_wait_for_the_backstop(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection that defers checkpoints still takes one past BACKSTOP_PAGES (here
    made small), so the log stays bounded when no checkpointer keeps up; one that does
    not defer checkpoints at SQLite's 1,000 pages, which a small batch does not reach."""
    monkeypatch.setattr(checkpoints, "BACKSTOP_PAGES", 2)
    with Store(db) as store:
        store.save_batch(_items(0, 10))
        assert _in_main_file(db, tmp_path) == 0
        store.defer_checkpoints()
        store.save_batch(_items(10, 10))
        assert _in_main_file(db, tmp_path) == 20


def test_a_store_that_is_not_there_is_a_logged_failure_not_a_new_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "nowhere.db"
    logs = caplog.at_level(logging.WARNING, logger="warta.store.checkpoints")
    with logs, Checkpointer(missing) as checkpointer:
        checkpointer.nudge()
    assert (checkpointer.taken, checkpointer.failed) == (0, 1)
    assert not missing.exists()
    assert "cannot open" in caplog.text
