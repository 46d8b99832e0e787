"""Fixtures of the store's tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from warta.store import Store

# What facet_counts should hold: every article counted afresh, as the reader's facets
# define them (a NULL counts nowhere).
_RECOUNT = (
    "SELECT d, v, count(*) FROM (SELECT 'outlet' AS d, outlet AS v FROM articles "
    "UNION ALL SELECT 'language', language FROM articles "
    "UNION ALL SELECT 'day', substr(published, 1, 10) FROM articles "
    "UNION ALL SELECT 'section', section_norm FROM articles "
    "UNION ALL SELECT 'topic', topic FROM articles) WHERE v IS NOT NULL GROUP BY d, v"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new store on a real file, closed after the test."""
    with Store(tmp_path / "warta.db") as opened:
        yield opened


@pytest.fixture
def facets_recounted() -> Callable[[Path], None]:
    """A check that a store's ``facet_counts`` equal a fresh count of its articles."""

    def check(path: Path) -> None:
        with closing(sqlite3.connect(path)) as conn:
            kept = {(d, v): n for d, v, n in conn.execute("SELECT dim, value, n FROM facet_counts")}
            recounted = {(d, v): n for d, v, n in conn.execute(_RECOUNT)}
        assert kept == recounted

    return check
