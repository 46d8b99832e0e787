"""Politeness and safety rules of the fetcher: host limits, backoff, address checks and
the total deadline per document.

The host limiter and the deadline are shared by every thread that calls one
:class:`~warta.fetch.client.Fetcher`, so their state is guarded by locks or kept per
thread; the other functions are pure.
"""

from __future__ import annotations

import ipaddress
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

__all__ = [
    "DeadlineBackend",
    "HostLimiter",
    "OnConnect",
    "backoff_delay",
    "blocked_address",
    "default_rng",
    "is_retryable",
    "parse_retry_after",
    "resolve_refusal",
]

# Called with each new connection and its host; may refuse it by raising an httpcore error.
OnConnect = Callable[[httpcore.NetworkStream, str], None]

# Server errors that a retry cannot fix: the method or protocol is not supported, or a
# captive portal wants a login (RFC 6585 511).
_PERMANENT_5XX = frozenset({501, 505, 511})

# 100.64.0.0/10 (RFC 6598, carrier-grade NAT) is not ``is_private`` in every Python
# version, so it is listed explicitly.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def is_retryable(status: int) -> bool:
    """Whether a status is worth another try: 429 and the transient 5xx."""
    return status == 429 or (500 <= status < 600 and status not in _PERMANENT_5XX)


def backoff_delay(
    attempt: int, *, base: float, cap: float, rng: Callable[[float, float], float]
) -> float:
    """Wait before retry ``attempt`` (0 for the first retry): exponential with jitter.

    The draw is uniform between half the exponential bound and the bound ("equal
    jitter"): it spreads the retries of many workers hit by the same outage instead of
    having them return together, yet never retries at once.
    """
    bound = min(cap, base * (2**attempt))
    return rng(bound / 2, bound)


def default_rng() -> Callable[[float, float], float]:
    """A private random source, so jitter does not disturb the global generator."""
    return random.Random().uniform


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header: delay-seconds or an HTTP date.

    Returns None when absent or unreadable; a date in the past gives 0.
    """
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means UTC
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def blocked_address(address: str) -> str | None:
    """Why an IP address must not be fetched by default, or None when it is public.

    Covers loopback, RFC 1918 private ranges, link-local, carrier-grade NAT,
    multicast, unspecified, reserved and other non-global addresses, and their IPv6
    equivalents (including IPv4-mapped and 6to4 IPv6, which would otherwise smuggle
    a private IPv4 address).
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return f"unreadable address {address!r}"
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv4-mapped (::ffff:a.b.c.d) and 6to4 (2002::/16) addresses carry an IPv4
        # address that the connection may end up at; judge that one.
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("carrier-grade NAT", isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        # Anything else not globally reachable: documentation and benchmark ranges,
        # IETF protocol assignments (the IANA special-purpose registries).
        ("non-global", not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {address}"
    return None


def resolve_refusal(host: str, port: int) -> str | None:
    """Why ``host`` must not be fetched: it resolves to a non-public address.

    Every address the name resolves to is checked, since the connection may use any of
    them. A name that does not resolve is not refused here; the request itself then
    fails with a connection error that says so. The check and the connection resolve
    separately, so a hostile DNS server could still answer differently the second time
    (DNS rebinding): the address the connection reached is checked again there
    (:mod:`warta.fetch.peers`). This check stops links and redirects to internal hosts
    before any connection, robots.txt's included.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    for info in infos:
        reason = blocked_address(str(info[4][0]))
        if reason is not None:
            return f"{host} resolves to {reason}"
    return None


@dataclass
class _Host:
    """Limiter state of one host: a slot semaphore and when the next start may be.

    ``active`` (threads waiting for or holding a slot) is guarded by the limiter's lock,
    the times by ``lock``.
    """

    slots: threading.Semaphore
    delay: float
    next_start: float = 0.0
    active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostLimiter:
    """Per-host concurrency and spacing between request starts, shared across threads.

    ``slot(host)`` blocks until fewer than ``concurrency`` requests to the host are in
    flight and at least the host's delay has passed since the previous start. Idle hosts
    are forgotten once more than ``max_hosts`` are known, which bounds the memory of a
    crawl over many sites. A forgotten host also loses a raised Crawl-delay; keeping
    ``max_hosts`` well above the robots cache size means its robots.txt is normally
    evicted first and read again (raising the delay again) when the host comes back.
    """

    def __init__(self, *, concurrency: int, delay: float, max_hosts: int = 4096) -> None:
        self._concurrency = max(1, concurrency)
        self._delay = max(0.0, delay)
        self._max_hosts = max_hosts
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, host: str, *, claim: bool = False) -> _Host:
        """The state of ``host``; ``claim`` marks it in use before anyone can forget it."""
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                if len(self._hosts) >= self._max_hosts:
                    self._forget_idle()
                state = _Host(threading.Semaphore(self._concurrency), self._delay)
                self._hosts[host] = state
            if claim:
                state.active += 1
            return state

    def _forget_idle(self) -> None:
        now = time.monotonic()
        idle = [k for k, s in self._hosts.items() if s.active == 0 and s.next_start <= now]
        for key in idle:
            del self._hosts[key]

    def raise_delay(self, host: str, delay: float) -> None:
        """Make the host's delay at least ``delay`` seconds (robots.txt Crawl-delay)."""
        state = self._host(host)
        with state.lock:
            state.delay = max(state.delay, delay)

    def defer(self, host: str, seconds: float) -> None:
        """Start nothing on ``host`` for ``seconds`` (a Retry-After seen by one thread)."""
        state = self._host(host)
        with state.lock:
            state.next_start = max(state.next_start, time.monotonic() + seconds)

    def delay(self, host: str) -> float:
        """The current delay between request starts on ``host``."""
        return self._host(host).delay

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's request slots, starting no sooner than its delay allows."""
        state = self._host(host, claim=True)
        try:
            with state.slots:
                self._wait_turn(state)
                yield
        finally:
            with self._lock:
                state.active -= 1

    @staticmethod
    def _wait_turn(state: _Host) -> None:
        """Reserve the next start time under the lock, then sleep until it comes."""
        with state.lock:
            now = time.monotonic()
            start = max(now, state.next_start)
            state.next_start = start + state.delay
        if start > now:
            time.sleep(start - now)


class DeadlineBackend:
    """Enforces a per-thread deadline on every socket operation of an httpx transport.

    httpx's timeouts bound each single read, so a server sending one byte per second
    (even while still sending the headers) never trips them. Wrapping the network
    backend of the transport's connection pool clips each read, write and connect to
    the time left before the calling thread's deadline, so the whole exchange ends on
    time. The pool is reached through httpx's private ``_pool`` attribute (httpx 0.27
    and 0.28); if that ever disappears, :meth:`install` logs it and the fetcher falls
    back to per-read timeouts.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def install(
        self, transport: httpx.HTTPTransport, *, on_connect: OnConnect | None = None
    ) -> None:
        """Wrap ``transport``'s network backend with the deadline checks, and call
        ``on_connect`` with each new connection and its host (it may refuse it by raising:
        :func:`warta.fetch.peers.refuse_peer`)."""
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if not isinstance(inner, httpcore.NetworkBackend):
            logging.getLogger(__name__).warning(
                "httpx internals changed: no total deadline, and addresses are checked "
                "before each request only"
            )
            return
        pool._network_backend = _Backend(inner, self, on_connect)  # type: ignore[union-attr]

    @contextmanager
    def until(self, deadline: float) -> Iterator[None]:
        """Apply ``deadline`` (a time.monotonic() value) to this thread's requests."""
        self._local.deadline = deadline
        try:
            yield
        finally:
            self._local.deadline = None

    def clip(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` shortened to the time left; ``error`` when none is left."""
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("total deadline passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, owner: DeadlineBackend) -> None:
        self._inner, self._owner = inner, owner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._owner.clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._owner.clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        clipped = self._owner.clip(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, clipped), self._owner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(
        self, inner: httpcore.NetworkBackend, owner: DeadlineBackend, on_connect: OnConnect | None
    ) -> None:
        self._inner, self._owner, self._on_connect = inner, owner, on_connect

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        clipped = self._owner.clip(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, clipped, local_address, socket_options)
        if self._on_connect is not None:
            self._on_connect(stream, host)
        return _Stream(stream, self._owner)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
