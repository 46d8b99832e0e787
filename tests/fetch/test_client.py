"""The fetcher against a real HTTP server on 127.0.0.1 (see conftest.py).

Times are shrunk through FetchOptions (deadline, timeouts, backoff) so that the hostile
cases (a server sending one byte per second, retries) finish in a few seconds.
"""

from __future__ import annotations

import gzip
import itertools
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from http.server import BaseHTTPRequestHandler
from typing import Any

import brotli
import pytest

from warta import __version__
from warta.fetch import DEFAULT_USER_AGENT, Fetcher, FetchOptions

PAGE = b"<html><head><title>Berita</title></head><body><p>Isi berita.</p></body></html>"
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<script>window._cf_chl_opt={cvId: '3'};</script></body></html>"
)

Server = Any  # the LoopbackServer of conftest.py
Factory = Any


def _closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_page_is_fetched_with_its_metadata_and_our_user_agent(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/a", 200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
    result = make_fetcher(user_agent="TestBot/1.0 (+mailto:ops@example.invalid)").fetch(
        loopback.url("/a")
    )
    assert result.error is None and result.blocked is None and not result.not_modified
    assert (result.status, result.content, result.url) == (200, PAGE, loopback.url("/a"))
    assert result.content_type == "text/html; charset=utf-8"
    assert result.fetched.tzinfo is UTC
    assert (
        loopback.seen("/a")[0].headers["user-agent"] == "TestBot/1.0 (+mailto:ops@example.invalid)"
    )
    assert DEFAULT_USER_AGENT.startswith(f"Warta/{__version__} (+")


def test_not_found_is_an_http_error_value(loopback: Server, make_fetcher: Factory) -> None:
    result = make_fetcher().fetch(loopback.url("/missing"))
    assert result.status == 404
    assert result.error == "http-404: Not Found"
    assert result.blocked is None


def test_connection_refused_and_bad_urls_are_errors_not_exceptions(
    make_fetcher: Factory,
) -> None:
    fetcher = make_fetcher(respect_robots=False)
    assert fetcher.fetch(f"http://127.0.0.1:{_closed_port()}/x").error.startswith("connect-error")
    assert fetcher.fetch("ftp://example.invalid/x").error.startswith("bad-url: ")
    assert fetcher.fetch("http:///nohost").error.startswith("bad-url: ")
    assert fetcher.fetch("http://127.0.0.1:99999/").error.startswith("bad-url: ")
    assert fetcher.fetch("http://[::1/").error.startswith("bad-url: ")
    assert fetcher.fetch("http://a..b/").error.startswith("bad-url: ")


# robots.txt ----------------------------------------------------------------------------


def test_robots_disallow_is_obeyed_and_robots_is_read_once(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/robots.txt", 200, b"User-agent: *\nDisallow: /private/\n", {})
    loopback.reply("/public", 200, PAGE)
    loopback.reply("/private/page", 200, PAGE)
    fetcher = make_fetcher()
    assert fetcher.fetch(loopback.url("/public")).error is None
    refused = fetcher.fetch(loopback.url("/private/page"))
    assert refused.error is not None and refused.error.startswith("robots-disallowed: ")
    assert fetcher.fetch(loopback.url("/public")).error is None
    assert loopback.seen("/private/page") == []
    assert len(loopback.seen("/robots.txt")) == 1


def test_robots_rules_for_our_agent_and_ignoring_robots(
    loopback: Server, make_fetcher: Factory
) -> None:
    rules = b"User-agent: Warta\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    loopback.reply("/robots.txt", 200, rules)
    loopback.reply("/p", 200, PAGE)
    assert make_fetcher().fetch(loopback.url("/p")).error.startswith("robots-disallowed")
    assert make_fetcher(user_agent="Other/1").fetch(loopback.url("/p")).error is None
    assert make_fetcher(respect_robots=False).fetch(loopback.url("/p")).error is None


def test_missing_robots_allows_and_failing_robots_disallows(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/p", 200, PAGE)
    assert make_fetcher().fetch(loopback.url("/p")).error is None  # robots.txt is a 404
    loopback.reply("/robots.txt", 503, b"down")
    result = make_fetcher(retries=0).fetch(loopback.url("/p"))
    assert result.error == "robots-disallowed: robots.txt unavailable (http-503)"
    assert len(loopback.seen("/p")) == 1


def test_robots_redirect_loop_allows_and_unreachable_host_reports_the_network_error(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/robots.txt", 301, b"", {"Location": "/robots.txt"})
    loopback.reply("/p", 200, PAGE)
    assert make_fetcher().fetch(loopback.url("/p")).error is None
    result = make_fetcher().fetch(f"http://127.0.0.1:{_closed_port()}/p")
    assert result.error is not None and result.error.startswith("connect-error: ")
    assert result.error.endswith("(while reading robots.txt)")


def test_crawl_delay_spaces_requests(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/robots.txt", 200, b"User-agent: *\nCrawl-delay: 1\n")
    loopback.reply("/p", 200, PAGE)
    fetcher = make_fetcher()
    for _ in range(2):
        assert fetcher.fetch(loopback.url("/p")).error is None
    first, second = loopback.seen("/p")
    assert second.at - first.at >= 0.95


# redirects -----------------------------------------------------------------------------


def test_redirects_are_followed_to_the_final_url(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/old", 301, b"", {"Location": "/mid#frag"})
    loopback.reply("/mid", 302, b"", {"Location": loopback.url("/new")})
    loopback.reply("/new", 200, PAGE)
    result = make_fetcher().fetch(loopback.url("/old"))
    assert (result.error, result.status, result.url) == (None, 200, loopback.url("/new"))
    assert result.content == PAGE


def test_redirect_loop_is_refused(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/x", 302, b"", {"Location": "/y"})
    loopback.reply("/y", 307, b"", {"Location": "/x"})
    result = make_fetcher().fetch(loopback.url("/x"))
    assert result.error is not None and result.error.startswith("redirect-loop: ")
    assert len(loopback.seen("/x")) == 1 and len(loopback.seen("/y")) == 1


def test_redirect_chain_is_capped(loopback: Server, make_fetcher: Factory) -> None:
    def onwards(h: BaseHTTPRequestHandler) -> None:  # /n?1 -> /n?2 -> ... forever
        step = int(h.path.split("?")[1])
        loopback.send(h, 302, b"", {"Location": f"/n?{step + 1}"})

    loopback.route("/n", onwards)
    result = make_fetcher(max_redirects=3).fetch(loopback.url("/n?0"))
    assert result.error == f"too-many-redirects: more than 3 from {loopback.url('/n?0')}"
    assert len([h for h in loopback.hits if h.path.startswith("/n")]) == 4


# hostile servers -----------------------------------------------------------------------


def _dribble(loopback: Server, head: bytes, body_size: int) -> Any:
    """A route sending ``head`` at once, then one byte per second."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(head)
        h.wfile.flush()
        for _ in range(body_size):
            if loopback.stopping.wait(1.0):
                return
            h.wfile.write(b"x")
            h.wfile.flush()

    return handler


def test_one_byte_per_second_body_is_cut_off_by_the_deadline(
    loopback: Server, make_fetcher: Factory
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
    loopback.route("/slow", _dribble(loopback, head, 1000))
    started = time.monotonic()
    result = make_fetcher(deadline=2.5, read_timeout=5.0).fetch(loopback.url("/slow"))
    assert time.monotonic() - started < 4.0
    assert result.error == "timeout: no complete response within the 2.5 s deadline"
    assert result.content is None


def test_one_byte_per_second_headers_are_cut_off_too(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.route("/slowhead", _dribble(loopback, b"HTTP/1.1 200 OK\r\n", 1000))
    started = time.monotonic()
    result = make_fetcher(deadline=2.0, read_timeout=5.0).fetch(loopback.url("/slowhead"))
    assert time.monotonic() - started < 3.5
    assert result.error is not None and result.error.startswith("timeout: ")


def test_huge_body_is_stopped_without_reading_it_all(
    loopback: Server, make_fetcher: Factory
) -> None:
    total, chunk = 256 * 1024 * 1024, b"x" * 65536
    sent = [0]

    def endless(h: BaseHTTPRequestHandler) -> None:  # no Content-Length: close-delimited
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        while sent[0] < total:
            h.wfile.write(chunk)
            sent[0] += len(chunk)

    loopback.route("/huge", endless)
    result = make_fetcher(max_bytes=1024 * 1024).fetch(loopback.url("/huge"))
    assert result.error == f"input-too-large: body over {1024 * 1024} bytes, not read further"
    assert result.content is None
    assert sent[0] < total // 16  # the server was cut off, not read to the end


def test_declared_huge_body_is_refused_from_its_content_length(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.route(
        "/big", _dribble(loopback, b"HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\n", 5)
    )
    started = time.monotonic()
    result = make_fetcher(max_bytes=1000).fetch(loopback.url("/big"))
    assert result.error == "input-too-large: Content-Length 50000000 > 1000 bytes"
    assert time.monotonic() - started < 1.0


# retries -------------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_after_the_asked_wait(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.sequence("/r", (429, b"slow down", {"Retry-After": "1"}), (200, PAGE, {}))
    result = make_fetcher().fetch(loopback.url("/r"))
    assert (result.error, result.status, result.content) == (None, 200, PAGE)
    first, second = loopback.seen("/r")
    assert second.at - first.at >= 0.95


def test_429_that_persists_ends_as_rate_limited(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/r", 429, b"no", {"Retry-After": "0"})
    result = make_fetcher(retries=2).fetch(loopback.url("/r"))
    assert (result.blocked, result.error) == ("rate-limited", "blocked: rate-limited (http 429)")
    assert len(loopback.seen("/r")) == 3


def test_retry_after_beyond_the_cap_gives_up_at_once(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/r", 503, b"maintenance", {"Retry-After": "3600"})
    started = time.monotonic()
    result = make_fetcher(retry_after_cap=5.0).fetch(loopback.url("/r"))
    assert result.error == "http-503: Service Unavailable"
    assert len(loopback.seen("/r")) == 1 and time.monotonic() - started < 0.8


def test_500_then_200_is_retried_with_backoff(loopback: Server, make_fetcher: Factory) -> None:
    loopback.sequence("/e", (500, b"oops", {}), (502, b"oops", {}), (200, PAGE, {}))
    result = make_fetcher(backoff_base=0.2).fetch(loopback.url("/e"))
    assert (result.error, result.content) == (None, PAGE)
    first, second, third = loopback.seen("/e")
    assert second.at - first.at >= 0.1 and third.at - second.at >= 0.2  # base/2, then base


# encodings and conditional requests ----------------------------------------------------


def test_a_brotli_bomb_is_stopped_at_the_size_cap(loopback: Server, make_fetcher: Factory) -> None:
    bomb = brotli.compress(b"\0" * (256 << 20), quality=5)  # 256 MiB in a few hundred bytes
    assert len(bomb) < 1024
    loopback.reply("/bomb", 200, bomb, {"Content-Encoding": "br"})
    result = make_fetcher(max_bytes=4 << 20).fetch(loopback.url("/bomb"))
    assert result.error == f"input-too-large: body over {4 << 20} bytes, not read further"


def test_corrupt_and_truncated_gzip_are_decoding_errors(
    loopback: Server, make_fetcher: Factory
) -> None:
    packed = gzip.compress(PAGE * 10)
    loopback.reply("/bad", 200, packed[:20] + b"!" * 10 + packed[30:], {"Content-Encoding": "gzip"})
    loopback.reply("/cut", 200, packed[: len(packed) // 2], {"Content-Encoding": "gzip"})
    fetcher = make_fetcher()
    assert fetcher.fetch(loopback.url("/bad")).error.startswith("decoding-error: bad compressed")
    assert fetcher.fetch(loopback.url("/cut")).error == "decoding-error: truncated compressed data"


def test_gzip_and_brotli_bodies_are_decoded(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/gz", 200, gzip.compress(PAGE), {"Content-Encoding": "gzip"})
    loopback.reply("/br", 200, brotli.compress(PAGE), {"Content-Encoding": "br"})
    fetcher = make_fetcher()
    assert fetcher.fetch(loopback.url("/gz")).content == PAGE
    assert fetcher.fetch(loopback.url("/br")).content == PAGE
    offered = loopback.seen("/br")[0].headers["accept-encoding"]
    assert "gzip" in offered and "br" in offered


def test_etag_and_last_modified_make_a_refetch_conditional(
    loopback: Server, make_fetcher: Factory
) -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def validated(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"' or h.headers.get("If-Modified-Since") == stamp:
            loopback.send(h, 304, b"", {"ETag": '"v1"'})
        else:
            loopback.send(h, 200, PAGE, {"ETag": '"v1"', "Last-Modified": stamp})

    loopback.route("/c", validated)
    fetcher = make_fetcher()
    first = fetcher.fetch(loopback.url("/c"))
    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', stamp)
    for again in (
        fetcher.fetch(loopback.url("/c"), etag=first.etag),
        fetcher.fetch(loopback.url("/c"), last_modified=first.last_modified),
    ):
        assert (again.status, again.not_modified, again.error, again.content) == (
            304,
            True,
            None,
            None,
        )
    assert "if-none-match" not in loopback.seen("/c")[0].headers


# blocked pages -------------------------------------------------------------------------


def test_forbidden_and_challenge_pages_are_blocked_not_content(
    loopback: Server, make_fetcher: Factory
) -> None:
    loopback.reply("/403", 403, b"<html><body>Forbidden</body></html>")
    loopback.reply("/cf", 200, CHALLENGE)
    loopback.reply("/cf503", 503, CHALLENGE)
    fetcher = make_fetcher()
    forbidden = fetcher.fetch(loopback.url("/403"))
    assert (forbidden.blocked, forbidden.error) == ("forbidden", "blocked: forbidden (http 403)")
    challenge = fetcher.fetch(loopback.url("/cf"))
    assert (challenge.blocked, challenge.error) == (
        "bot-challenge",
        "blocked: bot-challenge (http 200)",
    )
    assert fetcher.fetch(loopback.url("/cf503")).blocked == "bot-challenge"
    assert len(loopback.seen("/cf503")) == 1  # a challenge is not retried


# private addresses ---------------------------------------------------------------------


def test_private_addresses_are_refused_by_default(loopback: Server) -> None:
    loopback.reply("/p", 200, PAGE)
    with Fetcher(FetchOptions()) as fetcher:
        for url in (loopback.url("/p"), loopback.url("/p").replace("127.0.0.1", "localhost")):
            result = fetcher.fetch(url)
            assert result.error is not None and result.error.startswith("private-address: ")
    assert loopback.hits == []  # not even robots.txt was asked for
    with Fetcher(FetchOptions(allow_private=True, host_delay=0)) as fetcher:
        assert fetcher.fetch(loopback.url("/p")).error is None


def test_a_name_that_resolves_elsewhere_at_connection_time_is_refused_there(
    loopback: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the answer the check before the request got was public, the one the
    # connection gets is loopback. The check is made to see a public answer (no DNS server
    # can be run here); the connection is real, and refused once it reached 127.0.0.1.
    monkeypatch.setattr("warta.fetch.client.resolve_refusal", lambda host, port: None)
    loopback.reply("/p", 200, PAGE)
    with Fetcher(FetchOptions(host_delay=0)) as fetcher:
        result = fetcher.fetch(loopback.url("/p"))
    assert result.error is not None
    assert result.error.startswith("private-address: 127.0.0.1 connected to loopback address")
    assert loopback.hits == []  # not a byte of a request, not even for robots.txt
    with Fetcher(FetchOptions(allow_private=True, host_delay=0)) as fetcher:
        assert fetcher.fetch(loopback.url("/p")).error is None


# per-host limits -----------------------------------------------------------------------


def test_per_host_delay_spaces_request_starts(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/p", 200, PAGE)
    fetcher = make_fetcher(host_delay=0.3, respect_robots=False)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetcher.fetch, [loopback.url("/p")] * 4))
    assert all(r.error is None for r in results)
    times = [h.at for h in loopback.seen("/p")]
    assert all(b - a >= 0.28 for a, b in itertools.pairwise(times))


def test_per_host_concurrency_is_respected(loopback: Server, make_fetcher: Factory) -> None:
    active, peak, lock = [0], [0], threading.Lock()

    def busy(h: BaseHTTPRequestHandler) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.3)
        with lock:
            active[0] -= 1
        loopback.send(h, 200, PAGE)

    loopback.route("/busy", busy)
    fetcher = make_fetcher(host_concurrency=2, respect_robots=False)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(fetcher.fetch, [loopback.url("/busy")] * 6))
    assert all(r.error is None for r in results)
    assert peak[0] == 2


def test_threads_share_one_robots_download(loopback: Server, make_fetcher: Factory) -> None:
    loopback.reply("/robots.txt", 200, b"User-agent: *\nDisallow: /no\n")
    loopback.reply("/p", 200, PAGE)
    fetcher = make_fetcher(host_concurrency=4)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetcher.fetch, [loopback.url("/p")] * 4))
    assert all(r.error is None for r in results)
    assert len(loopback.seen("/robots.txt")) == 1
