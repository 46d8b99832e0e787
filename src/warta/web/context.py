"""What the routes share: the options, the renderer, the store reader and a short cache.

Route handlers run in a thread pool; :class:`~warta.store.reader.Reader` gives each
thread its own read-only connection, so one Reader serves them all. The cache keeps the
answers every visitor asks for (the facets, the unfiltered front page) for a few
seconds, which is most of the front page's load.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from warta.store.reader import Reader
from warta.web.options import WebOptions
from warta.web.render import Renderer

__all__ = ["Context", "TimedCache"]

T = TypeVar("T")
# Distinct cached answers kept at most: filter combinations are few, but a crawler
# walking every link must not grow the cache without bound.
CACHE_ENTRIES = 256


class TimedCache:
    """Answers kept for ``seconds``, at most :data:`CACHE_ENTRIES` of them.

    Under load many requests ask for the same answer at once. Only one of them computes
    a missing answer while the others wait for it, and an answer that has just expired
    is still served to everyone but the one request that refreshes it, so an expiry
    never sends a burst of identical queries to the store. Each answer lives between
    3/4 and 5/4 of ``seconds`` (at random), so answers made together do not all expire
    together and send a burst of refreshes at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._items: dict[Hashable, tuple[float, Any]] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._random = random.Random()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for ``key``, computed again once it is too old."""
        if self.seconds <= 0:
            return compute()
        with self._lock:
            found = self._items.get(key)
            gate = self._computing.setdefault(key, threading.Lock())
        if found is not None and time.monotonic() < found[0]:
            fresh: T = found[1]
            return fresh
        if found is not None and not gate.acquire(blocking=False):
            stale: T = found[1]  # another request is refreshing it right now
            return stale
        if found is None:
            gate.acquire()  # wait for the one computing it, then look again
        try:
            return self._refresh(key, compute)
        finally:
            gate.release()

    def _refresh(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._items.get(key)
        if found is not None and time.monotonic() < found[0]:
            done: T = found[1]
            return done
        value = compute()
        with self._lock:
            if len(self._items) >= CACHE_ENTRIES:
                self._items.clear()
                self._computing = {k: g for k, g in self._computing.items() if g.locked()}
            life = self.seconds * (0.75 + 0.5 * self._random.random())
            self._items[key] = (time.monotonic() + life, value)
        return value


class Context:
    """Everything a request handler needs, built once per application.

    The store is opened (read-only) here, so a missing or outdated store fails when the
    application is built rather than on the first request.
    """

    def __init__(self, options: WebOptions) -> None:
        self.options = options
        self.renderer = Renderer()
        self.reader = Reader(options.db, timeout=options.query_seconds)
        self.cache = TimedCache(options.cache_seconds)

    def close(self) -> None:
        self.reader.close()
