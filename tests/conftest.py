"""Fixtures every test module may use: where the repository and the shared data are.

Shared third-party data (benchmarks, scorers, the record contract) lives outside the
repository, in ``$WARTA_SHARED`` or else ``../shared`` next to the clone. Tests that need
it skip with a reason when it is absent on a developer's machine, and fail under CI
(``CI=true``), where a silent skip would hide a missing quality gate.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_path() -> Path:
    """Where shared data should be: ``$WARTA_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("WARTA_SHARED")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; skips (or fails under CI) when it is missing."""
    path = shared_path()
    if not (path / "contracts" / "article.md").is_file():
        reason = (
            f"shared data not found at {path} (set WARTA_SHARED or put shared/ beside the repo)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def load_shared_module(shared: Path, name: str) -> ModuleType:
    """Import ``shared/eval/<name>.py`` as a module, so its measure is used, not copied."""
    path = shared / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"shared_eval_{name}", path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared_eval(shared_dir: Path) -> Callable[[str], ModuleType]:
    """A loader for the shared scorers: ``shared_eval("score_id_news")``."""
    return lambda name: load_shared_module(shared_dir, name)


@pytest.fixture(scope="session")
def textmatch(shared_eval: Callable[[str], ModuleType]) -> ModuleType:
    """The shared text-overlap scorer (``page_counts``, ``corpus_scores``, ``exact``)."""
    return shared_eval("textmatch")


@pytest.fixture(scope="session")
def indosum_trainer(repo_root: Path) -> ModuleType:
    """``scripts/train_indosum.py`` as a module (it needs scikit-learn, the ``train``
    extra); registered in ``sys.modules``, as its dataclasses need their module."""
    pytest.importorskip("sklearn")
    name = "warta_train_indosum"
    if name in sys.modules:
        return sys.modules[name]
    path = repo_root / "scripts" / "train_indosum.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# Starts a loopback HTTP server: ``with loopback(Handler) as base: ...``.
Loopback = Callable[[type[BaseHTTPRequestHandler]], AbstractContextManager[str]]


@contextmanager
def _loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (a free port) answering with ``handler`` on a
    thread of its own, for the block's length; yields its base address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def loopback() -> Loopback:
    """What starts a loopback HTTP server with a handler class (see :data:`Loopback`)."""
    return _loopback
