"""The web layer's timed cache: one computation per missing answer, stale while refreshing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from warta.web.context import CACHE_ENTRIES, TimedCache


def test_concurrent_misses_compute_once() -> None:
    cache = TimedCache(seconds=60)
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "answer"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("q", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["answer"] * 8
    assert len(calls) == 1


def _eventually(check: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return False


def test_expired_answer_is_served_while_refreshed_in_the_background() -> None:
    cache = TimedCache(seconds=0.4)
    assert cache.get("q", lambda: "old") == "old"
    time.sleep(0.6)  # past the longest life (5/4 of 0.4 s), within one more lifetime
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def refresh() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "new"

    # The request that finds the answer expired is not kept waiting either.
    assert cache.get("q", refresh) == "old"
    assert started.wait(5)
    assert cache.get("q", refresh) == "old"  # one refresh at a time
    release.set()
    assert _eventually(lambda: cache.get("q", lambda: "unused") == "new")
    assert calls == [1]
    cache.close()


def test_an_answer_long_expired_is_computed_again_while_the_request_waits() -> None:
    cache = TimedCache(seconds=0.05)
    cache.get("q", lambda: "old")
    time.sleep(0.3)  # expired for longer than a lifetime: nobody asked meanwhile
    assert cache.get("q", lambda: "new") == "new"
    assert cache.peek("q") == "new"


def test_peek_never_computes_and_put_keeps_a_value() -> None:
    cache = TimedCache(seconds=60)
    assert cache.peek("q", lambda: "computed") is None
    cache.put("q", "given")
    assert cache.peek("q") == "given" and cache.get("q", lambda: "unused") == "given"
    off = TimedCache(seconds=0)
    off.put("q", "given")
    assert off.peek("q") is None


def test_failed_refresh_keeps_the_old_answer_and_tries_again() -> None:
    cache = TimedCache(seconds=0.4)
    cache.get("q", lambda: "old")
    time.sleep(0.6)

    def broken() -> str:
        raise RuntimeError("store unavailable")

    assert cache.get("q", broken) == "old"
    assert _eventually(lambda: cache.get("q", lambda: "new") == "new")
    cache.close()


def test_missing_answer_errors_reach_the_caller_and_are_not_kept() -> None:
    cache = TimedCache(seconds=60)

    def broken() -> str:
        raise ValueError("bad query")

    with pytest.raises(ValueError, match="bad query"):
        cache.get("q", broken)
    assert cache.get("q", lambda: "good") == "good"


def test_oldest_answers_are_dropped_beyond_the_bound() -> None:
    cache = TimedCache(seconds=60)
    for n in range(CACHE_ENTRIES + 10):
        cache.get(n, lambda n=n: n)  # type: ignore[misc]
    assert cache.get(CACHE_ENTRIES + 9, lambda: -1) == CACHE_ENTRIES + 9  # kept
    assert cache.get(0, lambda: -1) == -1  # dropped, computed again


def test_closed_cache_serves_what_it_has_without_refreshing() -> None:
    cache = TimedCache(seconds=0.4)
    cache.get("q", lambda: "old")
    cache.close()
    time.sleep(0.6)
    assert cache.get("q", lambda: "new") == "old"


def test_zero_seconds_means_no_cache() -> None:
    cache = TimedCache(seconds=0)
    values = iter(["a", "b"])
    assert cache.get("q", lambda: next(values)) == "a"
    assert cache.get("q", lambda: next(values)) == "b"
