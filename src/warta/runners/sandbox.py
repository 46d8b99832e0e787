"""Run extraction in a worker process with a per-document time limit.

A pathological page (a parser blow-up, a regex gone quadratic, a segfault in C code)
must cost one record, never the batch. :class:`Sandbox` sends each document to a worker
process over a pipe and waits at most ``timeout`` seconds for the record:

- on time: the worker's record comes back as it is;
- too slow: the worker is killed (SIGTERM, then SIGKILL after a grace period), the record
  carries an :class:`~warta.errors.ExtractionTimeout` message, and the next document
  starts a fresh worker;
- the worker died (a signal, ``os._exit``, ``MemoryError``): the record says so and the
  next document starts a fresh worker;
- a Python exception inside extraction: the record says ``internal error: Type: message``
  and the worker carries on.

Execution only: what extraction does is :func:`warta.extract.pipeline.extract`'s business.
``timeout <= 0`` runs in-process, with the same error records but no time limit. Every
outcome is counted in :attr:`Sandbox.counts` for the run summary.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Final, Generic, TypeVar, overload

from warta.errors import ExtractionError, ExtractionTimeout, error_reason
from warta.extract import extract as pipeline_extract
from warta.extract.options import ExtractOptions
from warta.record import Article

__all__ = [
    "KILL_GRACE",
    "START_TIMEOUT",
    "WORKER_GEN0",
    "Sandbox",
    "Target",
    "crash_record",
    "describe_exit",
    "freeze_heap",
    "internal_error_record",
    "stop_process",
    "timeout_record",
    "warm_up",
]

log = logging.getLogger(__name__)

R = TypeVar("R")
Target = Callable[..., R]
"""Called as ``target(data, url, content_type=..., source=..., options=...)``; a
module-level function, so that the worker can import it. It returns a record (or
anything else the caller wants back from the worker, such as a row ready to store)."""

# Seconds a killed worker gets to exit after SIGTERM before SIGKILL.
KILL_GRACE = 1.0
# Seconds a new worker may take to start: a spawned interpreter importing warta takes
# ~0.3 s (measured), far more on a loaded machine.
START_TIMEOUT = 60.0
# 'spawn' works the same on every platform and never copies the parent's memory or
# threads into the worker; the start-up cost is paid once per worker, not per document.
_CONTEXT: Final = "spawn"
# Allocations (net, of objects the collector tracks) between a worker's young collections;
# CPython's default is 700. A page's parse and extraction allocate about a thousand
# objects that die with the page, so at 700 almost every page paid for collections that
# found little, and a batch's records, kept until their commit, were walked again and
# again. Measured over 2,000 benchmark pages extracted and prepared in batches of 500:
# collector time 0.14 -> 0.025 ms a page (whole: 4.70 -> 4.47), 2,000 gave 0.067, 20,000
# no better than 7,000. Cyclic garbage waits at most that many allocations longer.
WORKER_GEN0 = 7_000

_OK, _FAILED, _FATAL = "ok", "failed", "fatal"
# What a new worker extracts before taking documents (see warm_up): an ordinary news page
# with a dateline and a few paragraphs, so every step of the pipeline runs once.
_WARM_UP_URL = "https://warta.invalid/nasional/contoh-berita"
_WARM_UP_PAGE = (
    "<html lang='id'><head><meta charset='utf-8'><title>Contoh berita</title></head><body>"
    "<article><h1>Contoh berita</h1><p>JAKARTA, KOMPAS.com - Pemerintah kota menyiapkan "
    "pompa air di tiga kecamatan menjelang musim hujan, kata kepala dinas, Senin.</p>"
    + "<p>Petugas memeriksa saluran dan tanggul di pesisir utara sejak pagi, sementara "
    "warga diminta melapor bila air mulai naik di permukiman mereka.</p>"
    * 3
    + "</article></body></html>"
).encode()
# Error reasons under the names the run summary uses.
_COUNT_KEYS = {"worker-crashed": "crash"}


class Sandbox(Generic[R]):
    """Extract documents one at a time in a worker process with a time limit.

    ::

        with Sandbox(timeout=30) as box:
            for path in paths:
                article = box.extract(path.read_bytes(), source=str(path))
        box.counts  # {"ok": 980, "empty-input": 3, "timeout": 1, "crash": 1, ...}

    Workers are started with ``spawn``, which imports the main module again in the
    worker: a script that uses a sandbox needs the ``if __name__ == "__main__":`` guard.
    ``target`` replaces :func:`warta.extract.pipeline.extract` (the ingest runner's
    prepares the row to store too; tests simulate slow or crashing pages); it must be a
    module-level function. Whatever it returns comes back; the failures above come back
    as error :class:`~warta.record.Article` records.
    """

    @overload
    def __init__(
        self: Sandbox[Article],
        *,
        timeout: float = ...,
        options: ExtractOptions | None = ...,
        target: None = ...,
    ) -> None: ...

    @overload
    def __init__(
        self,
        *,
        timeout: float = ...,
        options: ExtractOptions | None = ...,
        target: Target[R],
    ) -> None: ...

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        options: ExtractOptions | None = None,
        target: Target[Any] | None = None,
    ) -> None:
        self.timeout = timeout
        self.options = options or ExtractOptions()
        self.counts: dict[str, int] = {}
        self._target: Target[Any] = target or pipeline_extract
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> Sandbox[R]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def extract(
        self,
        data: bytes | str,
        *,
        url: str | None = None,
        content_type: str | None = None,
        source: str | None = None,
    ) -> R | Article:
        """The target's answer for one document, or an error record; never raises for
        a bad document."""
        job = (data, url, content_type, source)
        result = self._run_here(job) if self.timeout <= 0 else self._run_in_worker(job)
        self._count(result)
        return result

    def close(self) -> None:
        """Stop the worker, if one runs. The sandbox can still be used afterwards."""
        self._drop_worker(polite=True)

    def _drop_worker(self, *, polite: bool) -> None:
        """Stop the worker: ask it to exit (``polite``) or go straight to the signals."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            if polite:
                with contextlib.suppress(OSError):
                    conn.send(None)  # the worker exits on None
            conn.close()
        if process is not None:
            stop_process(process, wait=polite)

    # -- in-process ----------------------------------------------------------------

    def _run_here(self, job: tuple[Any, ...]) -> R | Article:
        data, url, content_type, source = job
        try:
            answer: R = self._target(
                data, url, content_type=content_type, source=source, options=self.options
            )
        except Exception as exc:  # an extraction bug must cost one record, not the run
            return internal_error_record(exc, source, url)
        return answer

    # -- in a worker ---------------------------------------------------------------

    def _run_in_worker(self, job: tuple[Any, ...]) -> R | Article:
        _, url, _, source = job
        try:
            conn = self._worker()
        except (OSError, ExtractionError) as exc:
            self._drop_worker(polite=False)
            why = exc.message if isinstance(exc, ExtractionError) else str(exc)
            log.error("cannot start an extraction worker: %s", why)
            return _record(source, url, f"worker-failed: cannot start a worker: {why}")
        try:
            conn.send(job)
            if not conn.poll(self.timeout):
                self._drop_worker(polite=False)
                return timeout_record(self.timeout, source, url)
            status, payload = conn.recv()
        except (EOFError, OSError):
            return self._crashed(source, url, "")
        except BaseException:  # KeyboardInterrupt mid-job: the worker's state is unknown
            self._drop_worker(polite=False)
            raise
        if status == _OK:
            answer: R = payload
            return answer
        if status == _FATAL:
            return self._crashed(source, url, f" ({payload})")
        log.warning("internal error on %s: %s", source or url or "<input>", payload)
        return _record(source, url, f"internal error: {payload}")

    def _worker(self) -> Connection:
        """The worker's end of the pipe, starting a worker when none runs."""
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._drop_worker(polite=False)
        ctx = multiprocessing.get_context(_CONTEXT)
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=_serve,
            args=(child, self._target, self.options),
            name="warta-extract",
            daemon=True,
        )
        process.start()
        child.close()  # only the worker holds it, so its death reads as EOF here
        self._conn, self._process = parent, process
        try:
            ready = parent.poll(START_TIMEOUT) and parent.recv() == _OK
        except (EOFError, OSError):
            ready = False
        if not ready:
            raise ExtractionError(
                f"it did not start within {START_TIMEOUT:g} s {describe_exit(process)}"
            )
        return parent

    def _crashed(self, source: str | None, url: str | None, detail: str) -> Article:
        how = describe_exit(self._process) + detail
        self._drop_worker(polite=False)
        return crash_record(source, url, how)

    def _count(self, result: object) -> None:
        error = result.error if isinstance(result, Article) else None
        key = "ok" if error is None else error_reason(error)
        key = _COUNT_KEYS.get(key, key)
        self.counts[key] = self.counts.get(key, 0) + 1


def _serve(conn: Connection, target: Target[Any], options: ExtractOptions) -> None:
    """The worker's loop: a job in, ``(status, record or message)`` out, until None."""
    warm_up(target, options)
    conn.send(_OK)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent went away
            return
        if job is None:
            return
        data, url, content_type, source = job
        try:
            article = target(data, url, content_type=content_type, source=source, options=options)
        except MemoryError as exc:  # the heap may be in any state: die, a new worker follows
            conn.send((_FATAL, f"MemoryError: {exc}"))
            return
        except Exception as exc:  # reported as an internal error; the worker is fine
            conn.send((_FAILED, f"{type(exc).__name__}: {exc}"))
            continue
        conn.send((_OK, article))


def warm_up(target: Target[Any], options: ExtractOptions) -> None:
    """Run ``target`` once on a small article before a new worker takes documents, then
    :func:`freeze_heap`.

    Extraction loads much on first use (compiled patterns, tables and the stemmer's
    dictionary; the enrichment models): the first page takes about 0.08 s, 0.4 s with
    enrichment, against 1 ms for the next (measured, 2026-11). That would otherwise count
    against the first document's time limit after every start or restart. A target that
    fails on this page is no concern here: the documents will say so.
    """
    try:
        target(_WARM_UP_PAGE, _WARM_UP_URL, content_type=None, source=None, options=options)
    except Exception as exc:
        log.debug("warm-up extraction failed: %s: %s", type(exc).__name__, exc)
    freeze_heap()


def freeze_heap() -> None:
    """Take what the worker holds after its warm-up (modules, and the models and
    dictionaries the target loads on first use) out of the cyclic collector's sight, and
    make its young collections rarer (:data:`WORKER_GEN0`).

    Every full collection walks all tracked objects, long-lived ones included; parses
    allocate enough for one every hundred pages or so. Frozen, they cost a few percent
    less (measured on the benchmark pages, extraction and row preparation: 5.57 -> 5.43
    ms a page, the best of three rounds averaged over three interleaved runs each, on a
    noisy machine). What the warm-up left as garbage is collected first, so nothing of
    it stays frozen.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(WORKER_GEN0, older, oldest)


def stop_process(process: BaseProcess, *, wait: bool) -> None:
    """End a worker (after a short wait for it to exit by itself when ``wait``):
    SIGTERM, then SIGKILL after a grace period; always reap it."""
    if wait:
        process.join(KILL_GRACE)
    if process.is_alive():
        process.terminate()
        process.join(KILL_GRACE)
    if process.is_alive():
        process.kill()
        process.join()
    process.close()


def describe_exit(process: BaseProcess | None) -> str:
    """How a worker ended, in words, e.g. '(killed by SIGSEGV)'."""
    if process is None:
        return "(no worker)"
    deadline = time.monotonic() + KILL_GRACE
    while process.is_alive() and time.monotonic() < deadline:
        process.join(0.05)
    code = process.exitcode
    if code is None:
        return "(it stopped answering)"
    if code < 0:
        try:
            return f"(killed by {signal.Signals(-code).name})"
        except ValueError:
            return f"(killed by signal {-code})"
    return f"(exit code {code})"


def timeout_record(limit: float, source: str | None, url: str | None) -> Article:
    error = ExtractionTimeout(
        f"extraction took longer than the {limit:g} s limit; the worker was killed",
        source=source,
        url=url,
    )
    log.warning("%s", error)
    return Article(source=source, url=url, error=str(error))


def internal_error_record(exc: Exception, source: str | None, url: str | None) -> Article:
    log.warning("internal error on %s: %s: %s", source or url or "<input>", type(exc).__name__, exc)
    return _record(source, url, f"internal error: {type(exc).__name__}: {exc}")


def crash_record(source: str | None, url: str | None, how: str) -> Article:
    """The record of a document whose worker died on it; ``how`` is :func:`describe_exit`'s
    words, plus any detail the worker sent before it died."""
    log.warning("worker crashed on %s: %s", source or url or "<input>", how)
    return _record(source, url, f"worker-crashed: the extraction worker died {how}")


def _record(source: str | None, url: str | None, error: str) -> Article:
    return Article(source=source, url=url, error=error)
