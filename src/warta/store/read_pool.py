"""The read side's connections: a pool of read-only SQLite connections to one store.

A read takes an idle connection (opening one when none is idle and the pool is below
its bound, else waiting for one to come back), runs one transaction on it under a
deadline, and gives it back: a connection is only ever used by one thread at a time,
and its page cache stays warm from one request to the next.

The bound is there for a web server. Its threads share one interpreter lock, which the
sqlite3 module lets go around every step of a statement: reads running side by side
make each other wait for it after every step, so a few at a time finish sooner, each
and all together. Waiting for a connection does not count against the deadline.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from warta.store.connection import READ_PRAGMAS, BadQuery, StoreError

__all__ = ["ConnectionPool", "QueryTimeout"]

# SQLite calls the progress handler every this many virtual-machine steps (~1 ms).
PROGRESS_STEPS = 20_000
# Each connection's own page cache (KiB, as a negative cache_size). No memory map: under
# a memory map every page fault of a cold file reads a whole read-ahead window (8 MiB on
# the test machine), and ranking reads its rows all over the file (measured: the first
# search after the file left the OS cache read 1.2 GB in 920 ms; through the page
# cache, 2 MB in 50 ms), while warm searches cost the same either way (4.3-4.5 ms).
CACHE_KIB = 65_536


class QueryTimeout(BadQuery):
    """A read ran past its time limit and was stopped."""

    reason = "query-timeout"


class _Pooled:
    """A pooled connection and the deadline its progress handler enforces."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.deadline = float("inf")
        # Returning non-zero interrupts the running statement (sqlite3.OperationalError).
        conn.set_progress_handler(lambda: int(time.monotonic() > self.deadline), PROGRESS_STEPS)


class ConnectionPool:
    """Read-only connections to the store at ``path``, at most ``limit`` (None: any)."""

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = path
        self.limit = limit
        self._lock = threading.Condition()
        self._idle: list[_Pooled] = []
        self._opened = 0
        self._opening = 0
        self._closed = False

    @property
    def opened(self) -> int:
        """Connections opened so far."""
        return self._opened

    def close(self) -> None:
        """Close the connections; one in use is closed when its read ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._lock.notify_all()
        for pooled in idle:
            with suppress(sqlite3.Error):
                pooled.conn.close()

    @contextmanager
    def read(self, timeout: float) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) of at most ``timeout`` seconds
        of SQLite work; past it the query is interrupted and QueryTimeout raised."""
        pooled = self._take()
        try:
            with _transaction(pooled, timeout, self.path) as conn:
                yield conn
        finally:
            self._give_back(pooled)

    def _open(self) -> _Pooled:
        if not self.path.is_file():
            raise StoreError(f"no store at {self.path}")
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5.0
            )
            for pragma in (
                *READ_PRAGMAS,
                "PRAGMA query_only = ON",
                "PRAGMA busy_timeout = 5000",
                "PRAGMA mmap_size = 0",
                f"PRAGMA cache_size = -{CACHE_KIB}",
            ):
                conn.execute(pragma).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path} as a store: {exc}") from exc
        return _Pooled(conn)

    def _take(self) -> _Pooled:
        """An idle connection, a new one while the pool is below its bound, else the
        next one given back."""
        with self._lock:
            while True:
                if self._closed:
                    raise StoreError(f"the reader of {self.path} is closed")
                if self._idle:
                    return self._idle.pop()  # the most recently used: its cache is warm
                if self.limit is None or self._opened + self._opening < self.limit:
                    self._opening += 1
                    break
                self._lock.wait()
        pooled = None
        try:
            pooled = self._open()
        finally:
            with self._lock:
                self._opening -= 1
                self._opened += pooled is not None
                self._lock.notify()
        return pooled

    def _give_back(self, pooled: _Pooled) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(pooled)
                self._lock.notify()
                return
        with suppress(sqlite3.Error):
            pooled.conn.close()


@contextmanager
def _transaction(pooled: _Pooled, timeout: float, path: Path) -> Iterator[sqlite3.Connection]:
    conn = pooled.conn
    try:
        if conn.in_transaction:  # left open by a failed COMMIT: start clean
            conn.execute("ROLLBACK")
        pooled.deadline = time.monotonic() + timeout
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            # No deadline for ending the transaction: it must never be left open.
            pooled.deadline = float("inf")
            with suppress(sqlite3.Error):
                conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTimeout(f"the query took longer than {timeout:g} s") from exc
        raise StoreError(f"cannot read {path}: {exc}") from exc
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
