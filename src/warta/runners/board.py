"""What an ingest worker is on, in memory its supervisor shares (see
:mod:`warta.runners.partitioned`): when its document started, and which document.

The supervisor needs the document only when it kills the worker for running over the time
limit, or when the worker dies on it: it then stores that document as rejected. Written
here before each document, it costs the worker a copy of a few hundred bytes; sent
through the worker's pipe instead, each document cost a pickled message, a write and the
supervisor's read (measured on the ingest benchmark: 0.7% of a worker's time, and about
half of the supervisor's CPU after its start-up).

The worker writes the document first and the clock after it, and sets the clock back to
0 when the document is done. So a clock that is not 0 always goes with a whole entry,
whether the supervisor reads it from a worker it has frozen (SIGSTOP) or from a dead one.
An entry longer than the board (a URL of megabytes in a dump) is not written: the worker
sends it through the pipe, and the board says so.
"""

from __future__ import annotations

import multiprocessing
import struct
import time
from typing import Any, Final

__all__ = ["ENTRY_BYTES", "Board"]

# Room for a document's source and URL: a path of up to 4 KiB and its offset, and any URL
# browsers accept (they stop at 2 MiB, but a URL over 64 KiB is found in no crawl we have
# seen). Memory the system gives only as far as it is written.
ENTRY_BYTES: Final = 64 * 1024
# The lengths of the entry's source and URL in bytes, each plus one; a source length of 0:
# no entry (it went through the pipe), a URL length of 0: no URL.
_HEAD = struct.Struct("<II")


class Board:
    """One worker's board: created by the supervisor, handed to the worker it spawns."""

    def __init__(self, context: str) -> None:
        ctx = multiprocessing.get_context(context)
        self._clock: Any = ctx.RawValue("d", 0.0)  # when the document started; 0 between
        self._entry: Any = ctx.RawArray("c", _HEAD.size + ENTRY_BYTES)

    def post(self, source: str, url: str | None) -> bool:
        """Post the document the worker is about to start; False when the entry does not
        fit (the worker then sends it through its pipe, before it starts the clock).

        Encoded by hand, not pickled: between two extractions pickling a pair of short
        strings took a worker 16 to 25 µs, encoding them 1.4 (measured in a worker of the
        ingest benchmark), the caches being full of the page before.
        """
        named = source.encode("utf-8", "surrogatepass")
        address = b"" if url is None else url.encode("utf-8", "surrogatepass")
        fits = len(named) + len(address) <= ENTRY_BYTES
        if not fits:
            self._entry.raw = _HEAD.pack(0, 0)
            return False
        lengths = _HEAD.pack(len(named) + 1, 0 if url is None else len(address) + 1)
        self._entry.raw = lengths + named + address
        return True

    def start(self) -> None:
        """Start the clock of the document posted last."""
        self._clock.value = time.monotonic()

    def stop(self) -> None:
        """The document is done: the worker is between documents."""
        self._clock.value = 0.0

    def started(self) -> float:
        """When the document the worker is on started (``time.monotonic``), 0 between."""
        return float(self._clock.value)

    def document(self) -> tuple[str, str | None] | None:
        """The (source, URL) posted last, or None when it went through the pipe."""
        raw = self._entry.raw  # a copy of the whole board: take it once
        named, address = _HEAD.unpack_from(raw)
        if not named:
            return None
        start = _HEAD.size + named - 1
        source = raw[_HEAD.size : start].decode("utf-8", "surrogatepass")
        url = raw[start : start + address - 1].decode("utf-8", "surrogatepass")
        return source, url if address else None
