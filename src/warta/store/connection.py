"""Opening a store file and bringing its schema up to date: the connection settings, the
write transaction every change goes through, the migrations, and the store's errors.

Kept apart from :mod:`warta.store.sqlite` (what the store does with its rows) because the
writer, the reader and the tests each open files the same way.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from warta.errors import WartaError
from warta.store import schema
from warta.store.schema import MIGRATIONS, Migration

__all__ = [
    "BUSY_TIMEOUT_MS",
    "PAGE_SIZE",
    "READ_PRAGMAS",
    "WRITE_CACHE_KIB",
    "WRITE_PRAGMAS",
    "BadQuery",
    "StoreBusy",
    "StoreError",
    "check_schema",
    "connect",
    "migrate",
    "now",
    "transaction",
]

log = logging.getLogger(__name__)

# Bytes of a database page, for new stores. An article's row is some 13 KB of record JSON
# and 5 KB of analysed search text, so at SQLite's default 4 KiB most of it went to
# overflow pages, each a WAL frame of its own, written once to the WAL and once more at
# the checkpoint. Saving the ingest benchmark's rows (5,175 in batches of 500, one
# process) took 0.36 ms a row at 4 KiB, 0.34 at 8 KiB and 16 KiB alone (medians of three);
# with WRITE_CACHE_KIB as well, 0.30.
PAGE_SIZE = 16_384
# Page cache of a writing connection, KiB (SQLite's default is 2,000). A batch transaction
# of 500 articles dirties some 10 MB of pages; a cache smaller than that spills them into
# the WAL before the commit and may write the same page twice. 32 MiB took saving from
# 0.36 to 0.32 ms a row (4 KiB pages), 16 MiB to 0.33, 64 MiB no better than 32.
WRITE_CACHE_KIB = 32_768
# Run on every connection, outside any transaction (journal_mode cannot change inside one).
# WAL lets readers (export, stats) work while an ingest writes; synchronous=NORMAL in WAL
# mode never loses a committed transaction to a process crash, only possibly the last ones
# to a power cut, and it never corrupts the file (SQLite's documented WAL guarantees).
WRITE_PRAGMAS = (
    f"PRAGMA page_size = {PAGE_SIZE}",  # before the first write; no-op on an existing file
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA cache_size = -{WRITE_CACHE_KIB}",
)
READ_PRAGMAS = ("PRAGMA foreign_keys = ON",)
# Milliseconds a connection waits for another writer before giving up: long enough for
# one batch transaction of a concurrent ingest to commit.
BUSY_TIMEOUT_MS = 30_000


class StoreError(WartaError):
    """The store file cannot be opened, read or written."""

    reason = "store-error"


class StoreBusy(StoreError):
    """Another connection holds the write lock, and the caller asked not to wait for it
    (``wait=False``); nothing was written."""

    reason = "store-busy"


class BadQuery(StoreError):
    """A full-text query SQLite's FTS5 syntax does not accept."""

    reason = "bad-query"


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a store, or whose schema is not this Warta's, saying what
    to do: a read-only opener (the reader, ``stats``, ``export``) cannot migrate it."""
    newest = max(m.version for m in MIGRATIONS)
    try:
        row = conn.execute("SELECT coalesce(max(version), 0) FROM migrations").fetchone()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} is not a Warta store: {exc}") from exc
    version = int(row[0])
    if version > newest:
        raise StoreError(f"{path} has schema version {version}, newer than {newest}")
    if version < newest:
        raise StoreError(
            f"{path} has schema version {version}, this Warta reads {newest}: upgrade it "
            f"with `warta migrate --db {path}` (or `warta serve --migrate`, or in Python "
            "Store(path) or Reader(path, migrate=True))"
        )


def now() -> str:
    """The time now, as the store writes it (UTC, ISO 8601, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@contextmanager
def transaction(conn: sqlite3.Connection, *, wait: bool = True) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error.

    IMMEDIATE takes the write lock at the start, so a batch never fails half-way because
    another writer got in first: it waits up to the busy timeout instead or, without
    ``wait``, raises :class:`StoreBusy` at once while another connection writes.
    """
    if wait:
        conn.execute("BEGIN IMMEDIATE")
    else:
        _begin_now(conn)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has rolled back already after some errors (a full disk, an I/O error):
        # a ROLLBACK then fails, and its error would hide the one that matters.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _begin_now(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE`` with no busy wait: :class:`StoreBusy` if the lock is taken."""
    conn.execute("PRAGMA busy_timeout = 0").fetchall()
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:  # the primary code
            raise StoreBusy("another connection is writing to the store") from exc
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}").fetchall()


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the migrations ``conn``'s file lacks, in one transaction; their versions.

    A file that records a version newer than any in ``migrations`` was written by a later
    Warta and is refused rather than misread.
    """
    with transaction(conn):
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if tables and "migrations" not in tables:
            raise StoreError("the file is an SQLite database of something else, not a store")
        conn.execute(schema.CREATE_MIGRATIONS)
        applied = {row[0] for row in conn.execute("SELECT version FROM migrations")}
        newest = max(m.version for m in migrations)
        if applied and max(applied) > newest:
            raise StoreError(f"store schema version {max(applied)} is newer than {newest}")
        todo = schema.pending(applied, migrations)
        for migration in todo:
            for statement in migration.statements:
                conn.execute(statement)
            if migration.backfill is not None:
                migration.backfill(conn)
            conn.execute(
                "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now()),
            )
    if todo:
        log.info("store migrated to version %d", todo[-1].version)
    return [m.version for m in todo]


def connect(path: Path, readonly: bool, *, threaded: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves) with our pragmas set;
    ``threaded``: usable from other threads than this one, one thread at a time (the
    caller sees to that: sqlite3 no longer checks)."""
    pragmas: tuple[str, ...]
    if readonly:
        if not path.is_file():
            raise StoreError(f"no store at {path}")
        target, pragmas = path.resolve().as_uri() + "?mode=ro", READ_PRAGMAS
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way, no permission
            raise StoreError(f"cannot make the folder of {path}: {exc.strerror or exc}") from exc
        target, pragmas = str(path), WRITE_PRAGMAS
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        conn = sqlite3.connect(
            target,
            uri=readonly,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=not threaded,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path} as a store: {exc}") from exc
    try:
        for pragma in (*pragmas, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"):
            conn.execute(pragma).fetchall()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"cannot open {path} as a store: {exc}") from exc
    return conn
