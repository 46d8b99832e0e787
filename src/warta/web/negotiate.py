"""HTML or JSON for one request, and the errors every route answers the same way.

A page answers JSON when its address ends in ``.json`` or the request accepts JSON and
not HTML (``Accept: application/json``); a browser, which asks for HTML first, gets the
page. Errors follow the same rule: a 400, 404 or 503 is a short JSON object
(:class:`ErrorBody`) for a program and a page for a person, never a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from warta.store import BadQuery
from warta.store.reader import QueryTimeout
from warta.web.render import Renderer

__all__ = ["ERRORS", "ErrorBody", "install_error_handlers", "wants_json"]

log = logging.getLogger(__name__)

HEADINGS = {
    400: "Permintaan tidak valid",
    404: "Tidak ditemukan",
    405: "Metode tidak diizinkan",
    503: "Sedang sibuk",
}


class ErrorBody(BaseModel):
    """What a JSON error response holds: why the request failed."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A malformed query or parameter."},
    404: {"model": ErrorBody, "description": "No such article, entity or outlet."},
    503: {"model": ErrorBody, "description": "The query took too long; try a narrower one."},
}


def wants_json(request: Request) -> bool:
    """True when the answer should be JSON rather than a page."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error(request: Request, renderer: Renderer, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    heading = HEADINGS.get(status, "Galat")
    return renderer.page("error.html", status, heading=heading, message=message)


def _validation_message(exc: RequestValidationError) -> str:
    """'page: Input should be greater than or equal to 1' for the first few problems."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI, renderer: Renderer) -> None:
    """Answer every expected failure as a 4xx or 503, as HTML or JSON."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(request, renderer, exc.status_code, str(exc.detail))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error(request, renderer, 400, _validation_message(exc))

    async def bad_query(request: Request, exc: Exception) -> Response:
        return _error(request, renderer, 400, f"Kueri tidak dapat dibaca: {_short(exc)}")

    async def too_slow(request: Request, exc: Exception) -> Response:
        log.warning("query over the time limit: %s", request.url.path)
        return _error(request, renderer, 503, "Pencarian terlalu lama; persempit kuerinya.")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(BadQuery, bad_query)
    # QueryTimeout is a BadQuery: the handler of the more specific class is chosen.
    app.add_exception_handler(QueryTimeout, too_slow)


def _short(exc: Exception) -> str:
    """The error's own message, without the store's internals (SQL, file names)."""
    message = getattr(exc, "message", None) or str(exc)
    return str(message)[:200]
