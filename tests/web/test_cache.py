"""The web layer's timed cache: one computation per missing answer, stale while refreshing."""

from __future__ import annotations

import threading
import time

from warta.web.context import TimedCache


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


def test_expired_answer_is_served_while_one_request_refreshes() -> None:
    cache = TimedCache(seconds=0.05)
    assert cache.get("q", lambda: "old") == "old"
    time.sleep(0.08)  # past the longest life, 5/4 of 0.05 s
    started = threading.Event()
    release = threading.Event()

    def refresh() -> str:
        started.set()
        release.wait(5)
        return "new"

    refresher = threading.Thread(target=cache.get, args=("q", refresh))
    refresher.start()
    assert started.wait(5)
    assert cache.get("q", lambda: "unused") == "old"  # not blocked by the refresh
    release.set()
    refresher.join()
    assert cache.get("q", lambda: "unused") == "new"


def test_zero_seconds_means_no_cache() -> None:
    cache = TimedCache(seconds=0)
    values = iter(["a", "b"])
    assert cache.get("q", lambda: next(values)) == "a"
    assert cache.get("q", lambda: next(values)) == "b"
