"""The application factory: :func:`create_app` builds one reader application.

Nothing happens at import time: the store is opened by the first request of each worker
thread, and closed when the application shuts down.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from warta.web.context import Context
from warta.web.negotiate import install_error_handlers
from warta.web.options import WebOptions
from warta.web.routes import build_router
from warta.web.security import SecurityMiddleware

__all__ = ["app_from_environment", "create_app"]

DESCRIPTION = (
    "Warta's news reader as JSON: the latest articles by section, full-text search with "
    "Indonesian stemming, articles with their entities and quotes, entity and outlet pages. "
    "Every page of the HTML reader has a twin here at the same address with `.json`. "
    "Read-only: only GET and HEAD are served."
)


def create_app(options: WebOptions) -> FastAPI:
    """A FastAPI application serving the store at ``options.db`` read-only."""
    context = Context(options)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Build the stemmer before the first reader waits for it, then take everything
        # loaded so far (stemmer dictionary, templates) out of the cyclic collector's
        # view: it never becomes garbage, and re-scanning it showed up as latency spikes.
        context.reader.analyzer.analyse("berita")
        gc.freeze()
        yield
        context.close()

    app = FastAPI(
        title="Warta",
        description=DESCRIPTION,
        version="1",
        lifespan=lifespan,
        # The interactive docs load scripts from a CDN, which the CSP forbids; the
        # description itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.mount("/static", StaticFiles(packages=[("warta.web", "static")]), name="static")
    app.include_router(build_router(context))
    install_error_handlers(app, context.renderer)
    app.add_middleware(SecurityMiddleware)
    return app


def app_from_environment() -> FastAPI:
    """The application ``warta serve`` describes in its environment variable.

    uvicorn calls this in each worker process (``--workers``), which cannot be handed
    Python objects.
    """
    from warta.cli.serve import OPTIONS_VARIABLE  # noqa: PLC0415 - the CLI imports this module

    settings = json.loads(os.environ[OPTIONS_VARIABLE])
    return create_app(WebOptions(db=Path(settings["db"]), zone=settings["zone"]))
