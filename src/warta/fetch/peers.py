"""The address check at connection time: what the fetcher's sockets actually reached.

Before each request the fetcher resolves the host and refuses it when any of its
addresses is private, loopback or link-local (:func:`~warta.fetch.policy.resolve_refusal`).
The connection then resolves the name again, on its own; a DNS server that answers with a
public address the first time and an internal one the second (DNS rebinding) would get a
server deployment to request its own network after all. :class:`PeerGuard` closes that
gap: it wraps the network backend of the transport's connection pool and checks the peer
address of every new connection, before a byte of the request is sent. The pool is
reached through httpx's private ``_pool`` attribute, as :class:`~warta.fetch.policy.
DeadlineBackend` does; if that ever disappears, :func:`guard_peers` logs it and the check
before the request stays the only one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from warta.fetch.policy import blocked_address

__all__ = ["PeerGuard", "PeerRefused", "guard_peers", "peer_refusal"]

log = logging.getLogger(__name__)


class PeerRefused(httpcore.ConnectError):
    """A new connection reached an address the fetcher refuses; httpx raises it on as
    :class:`httpx.ConnectError` with this as its ``__cause__``."""


class PeerGuard(httpcore.NetworkBackend):
    """A network backend that closes any connection whose peer is not a public address."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        peer = stream.get_extra_info("server_addr")
        # An address the stream cannot tell is refused too: the check must fail closed.
        address = str(peer[0]) if isinstance(peer, tuple) and peer else "unknown"
        reason = blocked_address(address)
        if reason is not None:
            stream.close()
            raise PeerRefused(f"{host} connected to {reason}")
        return stream

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise PeerRefused(f"a local socket ({path}) is not a public address")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guard_peers(transport: httpx.HTTPTransport) -> bool:
    """Check the peer of every connection ``transport`` opens (see the module doc);
    False when httpx's internals changed and only the check before each request holds."""
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if not isinstance(inner, httpcore.NetworkBackend):
        log.warning("httpx internals changed: addresses are checked before each request only")
        return False
    pool._network_backend = PeerGuard(inner)  # type: ignore[union-attr]
    return True


def peer_refusal(exc: BaseException) -> str | None:
    """What :class:`PeerGuard` refused, when it is what made ``exc`` (an httpx error)."""
    cause = exc.__cause__
    return str(cause) if isinstance(cause, PeerRefused) else None
