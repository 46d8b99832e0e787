"""The address check at connection time: what the fetcher's sockets actually reached.

Before each request the fetcher resolves the host and refuses it when any of its
addresses is private, loopback or link-local (:func:`~warta.fetch.policy.resolve_refusal`).
The connection then resolves the name again, on its own; a DNS server that answers with a
public address the first time and an internal one the second (DNS rebinding) would get a
server deployment to request its own network after all. :func:`refuse_peer` closes that
gap: the fetcher's network backend (:class:`~warta.fetch.policy.DeadlineBackend`) calls it
on every new connection, before a byte of the request is sent, and it closes and refuses
one whose peer is not a public address.
"""

from __future__ import annotations

import httpcore

from warta.fetch.policy import blocked_address

__all__ = ["PeerRefused", "peer_refusal", "refuse_peer"]


class PeerRefused(httpcore.ConnectError):
    """A new connection reached an address the fetcher refuses; httpx raises it on as
    :class:`httpx.ConnectError` with this as its ``__cause__``."""


def refuse_peer(stream: httpcore.NetworkStream, host: str) -> None:
    """Close ``stream`` (just connected to ``host``) and raise :class:`PeerRefused` when
    its peer is not a public address, or cannot be told: the check fails closed."""
    peer = stream.get_extra_info("server_addr")
    address = str(peer[0]) if isinstance(peer, tuple) and peer else "unknown"
    reason = blocked_address(address)
    if reason is not None:
        stream.close()
        raise PeerRefused(f"{host} connected to {reason}")


def peer_refusal(exc: BaseException) -> str | None:
    """What :func:`refuse_peer` refused, when it is what made ``exc`` (an httpx error)."""
    cause = exc.__cause__
    return str(cause) if isinstance(cause, PeerRefused) else None
