"""A real HTTP server on 127.0.0.1 for the fetcher tests, with routes set per test.

Each test gets its own stdlib ThreadingHTTPServer in a background thread. A route is a
function that writes the whole response through the request handler, so a test can
misbehave exactly as a hostile server would (dribble bytes, loop redirects, ...). Every
request is logged with its headers and arrival time so tests can check what the fetcher
actually sent and when.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from warta.fetch import Fetcher, FetchOptions

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


def send(
    handler: BaseHTTPRequestHandler,
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """Write a complete response with a Content-Length (the server speaks HTTP/1.1)."""
    handler.send_response(status)
    values = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    values.setdefault("Content-Length", str(len(body)))
    for name, value in values.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        loopback = self.server.loopback
        loopback.record(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, 0.0))
        route = loopback.routes.get(self.path) or loopback.routes.get(self.path.split("?")[0])
        try:
            if route is None:
                send(self, 404, b"not found")
            else:
                route(self)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the fetcher hung up, as it should

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    loopback: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are expected here."""


@dataclass
class LoopbackServer:
    """Routes, request log and lifetime of one test server."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: _Server | None = None
    _thread: threading.Thread | None = None

    send = staticmethod(send)  # for routes written in the test modules

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.loopback = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(Hit(hit.path, hit.headers, time.monotonic()))

    def seen(self, path: str) -> list[Hit]:
        """Requests for ``path`` so far, in arrival order."""
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def route(self, path: str, handler: Route) -> None:
        self.routes[path] = handler

    def reply(
        self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        """Answer ``path`` always with the same response."""
        self.routes[path] = lambda h: send(h, status, body, headers)

    def sequence(self, path: str, *responses: tuple[int, bytes, dict[str, str]]) -> None:
        """Answer ``path`` with each response in turn, repeating the last one."""
        left = list(responses)
        lock = threading.Lock()

        def handler(h: BaseHTTPRequestHandler) -> None:
            with lock:
                status, body, headers = left.pop(0) if len(left) > 1 else left[0]
            send(h, status, body, headers)

        self.routes[path] = handler


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A running server on 127.0.0.1 with no routes (everything 404s)."""
    server = LoopbackServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


FetcherFactory = Callable[..., Fetcher]


@pytest.fixture
def make_fetcher() -> Iterator[FetcherFactory]:
    """Fetchers with short test times and private addresses allowed; closed after the test.

    Keyword arguments override the test defaults (any FetchOptions field).
    """
    made: list[Fetcher] = []

    def make(**overrides: Any) -> Fetcher:
        settings: dict[str, Any] = {
            "allow_private": True,
            "host_delay": 0.0,
            "backoff_base": 0.05,
            "connect_timeout": 2.0,
            "read_timeout": 2.0,
            "deadline": 5.0,
        }
        settings.update(overrides)
        fetcher = Fetcher(FetchOptions(**settings))
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()
