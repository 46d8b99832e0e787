"""The ASGI layer every response passes: security headers, HEAD, reads only, no leaks.

It wraps the whole application rather than hooking single routes, so static files, error
pages and the OpenAPI description get the same headers as the pages themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SecurityMiddleware"]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The pages run no script at all (charts are server-drawn SVG), so scripts are off.
# Images may come from the news sites themselves (http and https); everything else is
# this server's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: http: data:; script-src 'none'; "
    "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # The reader's choice of article stays private from the news sites' image servers.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Nothing is ever written over HTTP: any other method is refused before routing.
READ_METHODS = frozenset({"GET", "HEAD"})
ERROR_BODY = b'{"detail":"internal error"}'


class SecurityMiddleware:
    """Adds :data:`SECURITY_HEADERS`, answers HEAD as GET without a body, refuses every
    method but GET and HEAD (405), and turns an unexpected error into a plain 500 that
    tells nothing about the server's insides."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        if method not in READ_METHODS:
            await _plain(send, 405, b'{"detail":"only GET and HEAD are allowed"}', allow=True)
            return
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_security(message.get("headers", []))
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, send_secured)
        except Exception:
            log.exception("unexpected error serving %s", scope.get("path"))
            if not started:
                await _plain(send, 500, b"" if head else ERROR_BODY)


def _with_security(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with the security headers set, replacing any earlier value."""
    names = {name for name, _value in SECURITY_HEADERS}
    return [(k, v) for k, v in headers if k.lower() not in names] + list(SECURITY_HEADERS)


async def _plain(send: Send, status: int, body: bytes, *, allow: bool = False) -> None:
    """A small JSON answer sent directly, with the security headers."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if allow:
        headers.append((b"allow", b"GET, HEAD"))
    await send(
        {"type": "http.response.start", "status": status, "headers": _with_security(headers)}
    )
    await send({"type": "http.response.body", "body": body})
