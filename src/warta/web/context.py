"""What the routes share: the options, the renderer, the store reader and a short cache.

Route handlers that read the store run in a thread pool; one
:class:`~warta.store.reader.Reader` serves them all from its pool of read-only
connections, :data:`READS_AT_ONCE` reads at a time. The cache keeps what many visitors
ask for (the facets, front pages, search answers and the rankings their pages share,
rendered pages) for a few seconds: the shared pages are mostly served from it
(:mod:`warta.web.shared`).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from threading import Lock
from typing import Any, TypeVar

from warta.store.reader import Reader
from warta.web.options import WebOptions
from warta.web.render import Renderer

__all__ = ["Context", "TimedCache"]

T = TypeVar("T")
# Distinct cached answers kept at most: filter combinations are few, but a crawler
# walking every link must not grow the cache without bound.
CACHE_ENTRIES = 256
# Store reads running at once per process (see Reader's ``concurrency``): a process runs
# Python in one thread at a time, so more only make each read wait for the others (with
# no bound, the first half second of 64 connections asking 60 new searches waited about
# twice as long as with 2: a median 370 ms against 135-205 ms, measured). 2 and 4 did as
# well as each other, 1 worse (a read waiting for the disk holds the others up); 2 also
# lets one slow query hold a connection while the others go on.
READS_AT_ONCE = 2

log = logging.getLogger(__name__)


class TimedCache:
    """Answers kept for ``seconds``, at most :data:`CACHE_ENTRIES` of them.

    Under load many requests ask for the same answer at once. Only one of them computes
    a missing answer while the others wait for it. An answer that has expired is still
    served, to every request, while one background thread computes its successor: no
    request waits for a refresh. An answer expired for longer than ``seconds`` (nobody
    asked for it meanwhile) counts as missing, so a page asked for again after a while
    is not shown out of date. Each answer lives between 3/4 and 5/4 of ``seconds`` (at
    random), so answers made together do not all expire together.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._items: dict[Hashable, tuple[float, Any]] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._random = random.Random()
        self._refresher: ThreadPoolExecutor | None = None
        self._closed = False

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for ``key``; computed when missing (waiting for whoever
        is computing it already), refreshed in the background once it is too old."""
        if self.seconds <= 0:
            return compute()
        found = self.peek(key, compute)
        if found is not None:
            return found
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        try:
            with gate:  # wait for the one computing it, then look again
                return self._refresh(key, compute)
        finally:
            with self._lock:
                if key not in self._items and not gate.locked():
                    self._computing.pop(key, None)  # failed: keep no gate for it

    def peek(self, key: Hashable, compute: Callable[[], T] | None = None) -> T | None:
        """The cached answer for ``key`` without ever waiting: None when there is none
        (nor when the answer is None), else the answer, fresh or expired; an expired one
        is refreshed in the background by ``compute`` when it is given."""
        if self.seconds <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is None or now >= found[0] + self.seconds:
                return None  # none, or too old to show while a newer one is made
            gate = self._computing.setdefault(key, threading.Lock())
        if compute is not None and now >= found[0] and gate.acquire(blocking=False):
            self._refresh_later(key, compute, gate)
        value: T = found[1]
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` as the answer for ``key`` from now on."""
        if self.seconds > 0:
            self._store(key, value)

    def close(self) -> None:
        """Stop refreshing (waits for a refresh under way); expired answers are then
        served as they are."""
        with self._lock:
            self._closed = True
            refresher, self._refresher = self._refresher, None
        if refresher is not None:
            refresher.shutdown(wait=True, cancel_futures=True)

    def _refresh_later(self, key: Hashable, compute: Callable[[], Any], gate: Lock) -> None:
        """Compute ``key`` again in the background thread; ``gate`` is held until then."""

        def run() -> None:
            try:
                self._refresh(key, compute)
            except Exception:  # the old answer stays; the next request tries again
                log.warning("refreshing a cached answer failed", exc_info=True)
            finally:
                gate.release()

        with self._lock:
            if self._closed:
                gate.release()
                return
            if self._refresher is None:
                self._refresher = ThreadPoolExecutor(1, thread_name_prefix="warta-cache")
            self._refresher.submit(run)

    def _refresh(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._items.get(key)
        if found is not None and time.monotonic() < found[0]:
            done: T = found[1]
            return done
        value = compute()
        self._store(key, value)
        return value

    def _store(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items.pop(key, None)
            while len(self._items) >= CACHE_ENTRIES:
                # The oldest answer goes first (a refreshed one counts as new).
                oldest = next(iter(self._items))
                del self._items[oldest]
                gate = self._computing.get(oldest)
                if gate is not None and not gate.locked():
                    del self._computing[oldest]
            life = self.seconds * (0.75 + 0.5 * self._random.random())
            self._items[key] = (time.monotonic() + life, value)


class Context:
    """Everything a request handler needs, built once per application.

    The store is opened (read-only) here, so a missing or outdated store fails when the
    application is built rather than on the first request.
    """

    def __init__(self, options: WebOptions) -> None:
        self.options = options
        self.renderer = Renderer()
        self.reader = Reader(options.db, timeout=options.query_seconds, concurrency=READS_AT_ONCE)
        self.cache = TimedCache(options.cache_seconds)

    def close(self) -> None:
        """Stop the cache's refreshes, then close the store."""
        self.cache.close()
        self.reader.close()
