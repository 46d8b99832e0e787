"""Checkpoints of a store's write-ahead log, taken off the writers' path.

In WAL mode SQLite appends every commit to the ``-wal`` file, and the commit that takes
the log past ``wal_autocheckpoint`` pages also copies the log back into the database and
syncs both files before it returns. With ``synchronous = NORMAL`` those two syncs are the
only disk waits a commit has, and a process that waits cannot use its core meanwhile.

The partitioned runner's workers write their own batches, on every core, while the
supervisor spends the run waiting for their messages. So the supervisor checkpoints: a
:class:`Checkpointer` thread there checkpoints after each batch a worker reports
committed, in PASSIVE mode (it never waits for or blocks a writer), and the workers'
connections (:meth:`warta.store.Store.defer_checkpoints`) checkpoint themselves only if
the log outgrows :data:`BACKSTOP_PAGES`, should the checkpointer fall behind or fail.

Measured on the ingest benchmark (10,000 pages, 2 workers): the workers' commits spent
about 0.4 s of each worker's 25 s in ``fdatasync`` and the copying around it (py-spy).
``benchmarks/compare_ingest.py`` (four pairs a run) gave 1.008x and 1.010x for a first
version that checkpointed every 0.2 s, and 0.997x and 1.004x for this one: within the
machine's spread of about 1% a run on its local disk, where an fsync is short. The log
stays under 30 MB during the run (it reached 26 MB), and a disk whose syncs are slow
holds up the supervisor's thread rather than the workers.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from types import TracebackType

__all__ = ["BACKSTOP_PAGES", "Checkpointer"]

log = logging.getLogger(__name__)

# The log a connection with deferred checkpoints lets grow before it checkpoints itself:
# four times SQLite's default of 1,000 pages (64 MiB at the store's 16 KiB pages), so
# that it never does while the checkpointer keeps up (a batch of 500 of the benchmark's
# articles is some 600 pages), and the log stays bounded when it does not.
BACKSTOP_PAGES = 4_000
# Seconds a checkpointer's connection waits on a lock (only opening it may meet one).
_OPEN_TIMEOUT = 30.0


class Checkpointer:
    """A thread that checkpoints the store at ``path`` each time it is :meth:`nudge`\\ d.

    Use as a context manager around the writes; leaving it takes a checkpoint still
    pending, then stops the thread. Failures are logged and counted, never raised: the
    writers' own checkpoints (:data:`BACKSTOP_PAGES`) keep the log bounded without it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.taken = 0  # checkpoints run
        self.failed = 0  # checkpoints (or the opening) that failed
        self._due = threading.Event()
        self._pending = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="warta-checkpoints", daemon=True)

    def __enter__(self) -> Checkpointer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def nudge(self) -> None:
        """Ask for a checkpoint (a writer has committed); nudges that come while one runs
        make one more, not one each."""
        self._pending = True
        self._due.set()

    def close(self) -> None:
        """Take a pending checkpoint, then stop the thread (if it was started)."""
        self._stopping = True
        self._due.set()
        if self._thread.is_alive():
            self._thread.join()
        log.debug("%s: %d checkpoints, %d failed", self.path, self.taken, self.failed)

    def _run(self) -> None:
        conn = self._open()
        if conn is None:
            return
        try:
            while not self._stopping or self._pending:
                self._due.wait()
                self._due.clear()
                if self._pending:
                    self._pending = False
                    self._checkpoint(conn)
        finally:
            conn.close()

    def _open(self) -> sqlite3.Connection | None:
        """A connection of this thread's own; never creates the file."""
        target = self.path.resolve().as_uri() + "?mode=rw"
        try:
            return sqlite3.connect(target, uri=True, timeout=_OPEN_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            self.failed += 1
            log.warning("cannot open %s to checkpoint it: %s", self.path, exc)
            return None

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # another checkpoint running, a disk error
            self.failed += 1
            log.debug("checkpoint of %s failed: %s", self.path, exc)
        else:
            self.taken += 1
