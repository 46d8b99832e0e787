"""The pages every visitor shares (front page, search), served from the cache.

A request for a shared page is first answered in the event loop from cached answers
only: that is a few dictionary reads, and handing it to a worker thread and back costs
more than that (and under load a worker thread must then win the interpreter lock
twice). Only when an answer the page needs is missing does the same page builder run
again in a worker thread, which computes (or waits for) what is missing. An expired
answer is served while the cache refreshes it in the background.

The rendered page is cached too: every visitor asking for the same address sees the
same page while its answers stay the same, and rendering is most of a cached answer's
cost (0.4 ms of a search page's 0.5 ms, measured).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from warta.web.context import TimedCache

__all__ = ["Lookup", "rendered", "serve"]

T = TypeVar("T")


class Lookup(Protocol):
    """How a page builder gets an answer: ``lookup(key, compute)``."""

    def __call__(self, key: Hashable, compute: Callable[[], T], /) -> T: ...


class _Missing(Exception):
    """An answer the page needs is not cached."""


class _CachedOnly:
    """A :class:`Lookup` that never computes nor waits: a missing answer raises."""

    def __init__(self, cache: TimedCache) -> None:
        self.cache = cache

    def __call__(self, key: Hashable, compute: Callable[[], T], /) -> T:
        found = self.cache.peek(key, compute)
        if found is None:
            raise _Missing
        return found


async def serve(cache: TimedCache, build: Callable[[Lookup], T]) -> T:
    """``build`` from cached answers in the event loop, else in a worker thread."""
    try:
        return build(_CachedOnly(cache))
    except _Missing:
        return await run_in_threadpool(build, cache.get)


def rendered(
    cache: TimedCache,
    page: tuple[Hashable, ...],
    sources: tuple[Any, ...],
    render: Callable[[], str],
) -> HTMLResponse:
    """The page ``render`` makes of ``sources``, rendered once for everyone who asks.

    ``page`` names the page (template, address, zone); ``sources`` are the cached answers
    it shows. The page is kept with them and served while they are the answers the cache
    holds; once one is refreshed, the page is rendered again, where the request is (the
    event loop or a worker thread: it is cheaper than moving the request to a thread).
    """
    found = cache.peek(page)
    if found is not None and all(a is b for a, b in zip(found[0], sources, strict=True)):
        return HTMLResponse(found[1])
    html = render()
    cache.put(page, (sources, html))
    return HTMLResponse(html)
