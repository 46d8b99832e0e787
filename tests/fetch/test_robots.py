"""robots.txt rules and their per-origin cache."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from warta.fetch.robots import RobotsCache, RobotsRules, origin_of

UA = "Warta/0.1.0 (+https://example.invalid/warta)"

ROBOTS = """\
User-agent: *
Disallow: /search
Allow: /search/about
Crawl-delay: 2

User-agent: Warta
Disallow: /internal/
Crawl-delay: 5
"""


def test_rules_follow_the_group_of_our_agent() -> None:
    rules = RobotsRules.from_text(ROBOTS)
    assert rules.allows(UA, "https://news.example/search?q=x")  # the Warta group applies
    assert not rules.allows(UA, "https://news.example/internal/page")
    assert rules.crawl_delay(UA) == 5.0
    assert not rules.allows("OtherBot/2.0", "https://news.example/search?q=x")
    assert rules.crawl_delay("OtherBot/2.0") == 2.0


def test_missing_and_unavailable_robots() -> None:
    free = RobotsRules.allow_all()
    assert free.allows(UA, "https://a.example/anything") and free.crawl_delay(UA) is None
    closed = RobotsRules.disallow_all("http-503", retry_after=60)
    assert not closed.allows(UA, "https://a.example/") and closed.unavailable == "http-503"
    assert closed.expires > time.monotonic() + 50


def test_download_outcomes_follow_rfc_9309() -> None:
    ok = RobotsRules.from_response(200, b"User-agent: *\nDisallow: /a\n", None)
    assert not ok.allows(UA, "http://x.example/a") and ok.allows(UA, "http://x.example/b")
    for status in (404, 401, 403, 410):
        assert RobotsRules.from_response(status, b"", None).allows(UA, "http://x.example/a")
    for status in (429, 500, 503):
        rules = RobotsRules.from_response(status, b"", None)
        assert rules.unavailable == f"http-{status}"
    down = RobotsRules.from_response(None, None, "timeout: read timed out")
    assert down.unavailable == "timeout: read timed out"
    looped = RobotsRules.from_response(301, None, "redirect-loop: a redirects back to b")
    assert looped.unavailable is None and looped.allows(UA, "http://x.example/a")


def test_origin_is_scheme_host_and_port() -> None:
    assert origin_of("HTTPS://News.Example:8443/a/b?c#d") == "https://news.example:8443"
    assert origin_of("http://news.example/a") != origin_of("https://news.example/a")


def test_cache_loads_each_origin_once_and_evicts_the_least_recent() -> None:
    loads: list[str] = []

    def load(origin: str) -> RobotsRules:
        loads.append(origin)
        return RobotsRules.allow_all()

    cache = RobotsCache(max_origins=2)
    for url in ("http://a.example/1", "http://a.example/2", "http://b.example/1"):
        cache.rules(url, load)
    cache.rules("http://a.example/3", load)  # a is now the most recent
    cache.rules("http://c.example/1", load)  # evicts b
    cache.rules("http://a.example/4", load)
    cache.rules("http://b.example/2", load)
    assert loads == [
        "http://a.example",
        "http://b.example",
        "http://c.example",
        "http://b.example",
    ]


def test_expired_unavailable_verdict_is_loaded_again() -> None:
    verdicts = [RobotsRules.disallow_all("http-500", retry_after=0.0), RobotsRules.allow_all()]
    cache = RobotsCache()
    first = cache.rules("http://a.example/", lambda _: verdicts.pop(0))
    second = cache.rules("http://a.example/", lambda _: verdicts.pop(0))
    assert first.unavailable == "http-500" and second.unavailable is None


def test_concurrent_askers_share_one_load() -> None:
    calls, lock = [0], threading.Lock()

    def slow_load(origin: str) -> RobotsRules:
        with lock:
            calls[0] += 1
        time.sleep(0.2)
        return RobotsRules.from_text("User-agent: *\nDisallow: /x\n")

    cache = RobotsCache()
    with ThreadPoolExecutor(8) as pool:
        rules = list(pool.map(lambda _: cache.rules("http://a.example/", slow_load), range(8)))
    assert calls[0] == 1
    assert all(r is rules[0] for r in rules)
