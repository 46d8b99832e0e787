"""The sandbox: time limits, crashes and internal errors cost one record, never the run.

The targets below stand in for a pathological page deterministically (a sleep, a
``SIGKILL``, an exception). They live at module level so the spawned worker can import
them.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

import pytest

import warta
from warta import Article, ExtractOptions
from warta.runners.sandbox import Sandbox

PAGE = (
    "<html><head><meta charset='utf-8'><title>Gempa di Cianjur</title></head><body>"
    "<article><h1>Gempa di Cianjur</h1>"
    + "<p>Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin siang dan "
    "merusak ratusan rumah warga, kata Badan Nasional Penanggulangan Bencana.</p>"
    * 4
    + "</article></body></html>"
).encode()


def act(data: bytes | str, url: str | None, **kwargs: Any) -> Article:
    """A test target: misbehaves on command, otherwise the real pipeline."""
    if data == b"sleep":
        time.sleep(60)
    elif data == b"sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif data == b"exit":
        os._exit(3)
    elif data == b"raise":
        raise ValueError("boom")
    elif data == b"memory":
        raise MemoryError("no more")
    elif data == b"pid":
        return Article(source=str(os.getpid()))
    return warta.extract(data, url, **kwargs)


@pytest.fixture
def box() -> Any:
    with Sandbox(timeout=1.0, target=act) as sandbox:
        yield sandbox


def _pid(box: Sandbox) -> str | None:
    return box.extract(b"pid").source


def test_normal_page_round_trips() -> None:
    with Sandbox(timeout=10.0) as sandbox:
        article = sandbox.extract(PAGE, url="https://example.com/g", source="g.html")
    expected = warta.extract(PAGE, "https://example.com/g", source="g.html")
    assert article.to_dict() == expected.to_dict()
    assert article.error is None
    assert sandbox.counts == {"ok": 1}


def test_options_reach_the_worker() -> None:
    with Sandbox(timeout=10.0, options=ExtractOptions(max_bytes=100)) as sandbox:
        article = sandbox.extract(PAGE)
    assert (article.error or "").startswith("input-too-large:")
    assert sandbox.counts == {"input-too-large": 1}


def test_timeout_kills_the_worker_and_the_next_document_works(box: Sandbox) -> None:
    first = _pid(box)
    start = time.perf_counter()
    slow = box.extract(b"sleep", source="slow.html", url="https://example.com/slow")
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0 + 2.5  # the limit, plus the kill grace at most
    assert slow.error is not None
    assert slow.error.startswith("timeout:")
    assert "1 s limit" in slow.error
    assert "source=slow.html" in slow.error
    assert (slow.source, slow.url) == ("slow.html", "https://example.com/slow")

    assert box.extract(PAGE).error is None
    assert _pid(box) != first  # a fresh worker
    assert box.counts == {"ok": 3, "timeout": 1}


@pytest.mark.parametrize(("command", "says"), [(b"sigkill", "SIGKILL"), (b"exit", "exit code 3")])
def test_crash_is_a_record_and_the_run_goes_on(box: Sandbox, command: bytes, says: str) -> None:
    _pid(box)  # the worker runs (and has warmed up): only noticing the crash is timed
    start = time.perf_counter()
    crashed = box.extract(command, source="crash.html")
    assert time.perf_counter() - start < 1.0  # noticed at once, not at the time limit
    assert crashed.error is not None
    assert crashed.error.startswith("worker-crashed:")
    assert says in crashed.error
    assert box.extract(PAGE).error is None
    assert box.counts == {"crash": 1, "ok": 2}


def test_memory_error_replaces_the_worker(box: Sandbox) -> None:
    first = _pid(box)
    crashed = box.extract(b"memory")
    assert "MemoryError: no more" in (crashed.error or "")
    assert _pid(box) != first
    assert box.counts == {"ok": 2, "crash": 1}


def test_internal_error_is_a_record_and_the_worker_stays(
    box: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    first = _pid(box)
    with caplog.at_level(logging.WARNING, logger="warta.runners.sandbox"):
        failed = box.extract(b"raise", source="bad.html")
    assert failed.error == "internal error: ValueError: boom"
    assert failed.source == "bad.html"
    assert "bad.html" in caplog.text
    assert _pid(box) == first
    assert box.counts == {"ok": 2, "internal-error": 1}


def test_bad_input_is_counted_by_reason(box: Sandbox) -> None:
    assert (box.extract(b"").error or "").startswith("empty-input:")
    assert (box.extract(b"%PDF-1.4\n").error or "").startswith("binary-input:")
    assert box.counts == {"empty-input": 1, "binary-input": 1}


def test_in_process_mode_catches_exceptions() -> None:
    sandbox = Sandbox(timeout=0, target=act)
    assert sandbox.extract(PAGE).error is None
    assert sandbox.extract(b"raise").error == "internal error: ValueError: boom"
    assert str(os.getpid()) == _pid(sandbox)  # no worker process
    assert sandbox.counts == {"ok": 2, "internal-error": 1}


def test_close_stops_the_worker_and_the_sandbox_can_go_on() -> None:
    sandbox = Sandbox(timeout=5.0, target=act)
    pid = int(_pid(sandbox) or 0)
    sandbox.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone and reaped
    assert sandbox.extract(PAGE).error is None
    sandbox.close()
    sandbox.close()  # closing twice is fine


def size_of(data: bytes | str, url: str | None, **kwargs: Any) -> int:
    """A test target whose answer is not a record: the size of the document."""
    return len(data)


@pytest.mark.parametrize("timeout", [0.0, 10.0])
def test_a_target_may_answer_with_something_else_than_a_record(timeout: float) -> None:
    with Sandbox(timeout=timeout, target=size_of) as sandbox:
        assert sandbox.extract(b"12345") == 5
    assert sandbox.counts == {"ok": 1}


def test_the_first_document_is_not_charged_for_the_warm_up() -> None:
    # A fresh worker spends ~0.5 s loading what extraction needs; it does so before it
    # takes a document, so a tight limit does not reject every first page.
    with Sandbox(timeout=0.3) as sandbox:
        assert sandbox.extract(PAGE).error is None
