"""Fixtures for the reader's tests: a store in tmp_path, the app, a live server, Chromium.

The store is written with :class:`warta.store.Store` from records the tests make
(including one whose scraped fields carry script payloads), then served read-only.
The live server is a real uvicorn on 127.0.0.1 on a free port, in a thread.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web import records

from warta.store import Store
from warta.web import WebOptions, create_app

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the sample articles (see ``records.py``)."""
    path = tmp_path_factory.mktemp("store") / "warta.db"
    with Store(path) as store:
        store.save_batch([(a.source or "", a) for a in records.sample_articles()])
    return path


@pytest.fixture(scope="session")
def app(store_path: Path) -> FastAPI:
    return create_app(WebOptions(db=store_path, cache_seconds=0))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as opened:
        yield opened


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread; its base URL."""
    import uvicorn  # noqa: PLC0415 - only the live server needs it

    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the live server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots: ``$WARTA_ARTIFACTS`` or test-artifacts/."""
    folder = Path(os.environ.get("WARTA_ARTIFACTS") or REPO / "test-artifacts") / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven through Playwright (never its own download)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()
