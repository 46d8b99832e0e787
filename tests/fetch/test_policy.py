"""Politeness rules alone: Retry-After, backoff, address checks, host limits, deadline."""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpcore
import pytest

from warta.fetch.policy import (
    DeadlineBackend,
    HostLimiter,
    backoff_delay,
    blocked_address,
    is_retryable,
    parse_retry_after,
    resolve_refusal,
)

NOW = datetime(2026, 11, 29, 3, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Sun, 29 Nov 2026 03:00:30 GMT", 30.0),
        ("Sun, 29 Nov 2026 02:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("-3", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_http_date(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    def low(a: float, b: float) -> float:
        return a

    def high(a: float, b: float) -> float:
        return b

    assert [backoff_delay(n, base=1.0, cap=30.0, rng=high) for n in range(6)] == [
        1.0,
        2.0,
        4.0,
        8.0,
        16.0,
        30.0,
    ]
    assert backoff_delay(2, base=1.0, cap=30.0, rng=low) == 2.0  # never below half


def test_retryable_statuses() -> None:
    assert all(is_retryable(s) for s in (429, 500, 502, 503, 504))
    assert not any(is_retryable(s) for s in (200, 304, 400, 403, 404, 501, 505))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata service
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("192.0.2.1", "private"),  # documentation range
        ("::1", "loopback"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
        ("2002:a00:1::1", "private"),  # 6to4 around 10.0.0.1
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert blocked_address(address) == f"{kind} address {address}"


@pytest.mark.parametrize("address", ["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_address(address) is None


def test_host_names_are_resolved_before_judging() -> None:
    why = resolve_refusal("localhost", 80)
    assert why is not None and why.startswith("localhost resolves to loopback address")
    assert resolve_refusal("name.invalid", 80) is None  # the request will fail on its own


def _starts(limiter: HostLimiter, host: str, n: int, hold: float = 0.0) -> list[float]:
    starts: list[float] = []
    lock = threading.Lock()

    def one(_: int) -> None:
        with limiter.slot(host):
            with lock:
                starts.append(time.monotonic())
            time.sleep(hold)

    with ThreadPoolExecutor(n) as pool:
        list(pool.map(one, range(n)))
    return sorted(starts)


def test_limiter_spaces_starts_on_one_host_but_not_across_hosts() -> None:
    limiter = HostLimiter(concurrency=4, delay=0.2)
    starts = _starts(limiter, "a.example", 3)
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(starts))
    began = time.monotonic()
    _starts(limiter, "b.example", 1)
    assert time.monotonic() - began < 0.15  # another host does not wait for a.example


def test_limiter_caps_concurrency() -> None:
    limiter = HostLimiter(concurrency=2, delay=0.0)
    starts = _starts(limiter, "a.example", 4, hold=0.3)
    assert starts[1] - starts[0] < 0.2 and starts[2] - starts[0] >= 0.28


def test_limiter_delay_can_be_raised_and_starts_deferred() -> None:
    limiter = HostLimiter(concurrency=1, delay=0.0)
    limiter.raise_delay("a.example", 0.3)
    limiter.raise_delay("a.example", 0.1)  # never lowered
    assert limiter.delay("a.example") == 0.3
    limiter.defer("b.example", 0.3)
    began = time.monotonic()
    with limiter.slot("b.example"):
        assert time.monotonic() - began >= 0.28


def test_limiter_forgets_idle_hosts_beyond_its_bound() -> None:
    limiter = HostLimiter(concurrency=1, delay=0.0, max_hosts=3)
    for n in range(10):
        with limiter.slot(f"h{n}.example"):
            pass
    assert len(limiter._hosts) <= 3


def test_deadline_clips_socket_timeouts_and_expires() -> None:
    deadline = DeadlineBackend()
    assert deadline.clip(5.0, httpcore.ReadTimeout) == 5.0  # no deadline set
    with deadline.until(time.monotonic() + 1.0):
        clipped = deadline.clip(5.0, httpcore.ReadTimeout)
        assert clipped is not None and 0.9 < clipped <= 1.0
        assert deadline.clip(0.5, httpcore.ReadTimeout) == 0.5
    with deadline.until(time.monotonic() - 0.1), pytest.raises(httpcore.ReadTimeout):
        deadline.clip(5.0, httpcore.ReadTimeout)
    assert deadline.clip(None, httpcore.ReadTimeout) is None  # reset after the block
