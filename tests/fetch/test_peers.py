"""The connection-time address check, on real sockets to a real loopback listener."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpcore
import httpx
import pytest

from warta.fetch.peers import PeerRefused, peer_refusal, refuse_peer
from warta.fetch.policy import DeadlineBackend


@pytest.fixture
def listener() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections (and never answers)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def test_a_connection_to_loopback_is_closed_and_refused(listener: int) -> None:
    stream = httpcore.SyncBackend().connect_tcp("127.0.0.1", listener, timeout=5)
    with pytest.raises(PeerRefused, match=r"^kabar\.example connected to loopback address"):
        refuse_peer(stream, "kabar.example")
    with pytest.raises(OSError):  # closed by the refusal
        stream.get_extra_info("socket").getpeername()


def test_the_fetchers_backend_refuses_it_and_httpx_says_why(listener: int) -> None:
    transport = httpx.HTTPTransport(retries=0, trust_env=False)
    DeadlineBackend().install(transport, on_connect=refuse_peer)
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.ConnectError) as caught:
        client.get(f"http://127.0.0.1:{listener}/", timeout=5)
    assert peer_refusal(caught.value) == "127.0.0.1 connected to loopback address 127.0.0.1"
    assert peer_refusal(httpx.ConnectError("refused")) is None


def test_a_transport_whose_internals_changed_is_left_as_it_was(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = httpx.HTTPTransport()
    del transport._pool
    DeadlineBackend().install(transport, on_connect=refuse_peer)
    assert "addresses are checked before each request only" in caplog.text
