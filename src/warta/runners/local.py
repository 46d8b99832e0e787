"""Run a stream of raw documents through extraction into the store, on all cores.

Execution only: what extraction does is :mod:`warta.extract` and :mod:`warta.news`; where
records go is the store. The shape:

- the calling thread reads the sources and feeds a bounded queue, so a fast source
  waits for slow extraction instead of filling memory (back-pressure);
- one thread per worker takes documents from that queue, fetches those that are only a
  URL, and extracts each in its own :class:`~warta.runners.sandbox.Sandbox` process with
  a time limit (a pathological page is killed, not waited for);
- one writer thread saves results to the store in batches, one transaction each, and is
  the only thread that touches the database.

A run is resumable: inputs the store already holds (as articles or as rejected records)
are skipped, so running the same command again after a crash or ``kill -9`` continues
where it stopped. What was extracted but not yet committed is extracted again.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field, replace

from warta.errors import ExtractionError
from warta.extract.options import ExtractOptions
from warta.record import Article
from warta.runners.sandbox import Sandbox, Target
from warta.runners.saving import (
    Outcome,
    Result,
    RunSummary,
    Store,
    outcome,
    save_items,
)
from warta.runners.targets import (
    enrich_for_store,
    extract_and_enrich,
    extract_for_store,
    extract_input,
)
from warta.sources.base import RawDocument
from warta.store.schema import PreparedRow

__all__ = ["RunOptions", "run", "store_target"]

log = logging.getLogger(__name__)

# Documents in flight per worker: enough that no worker waits for the reader, few enough
# that memory stays flat however large the input (each holds one page's bytes).
QUEUE_PER_WORKER = 4
# A batch is committed when it has this many records or is this old, whichever first:
# large enough for SQLite throughput, small enough to lose little on a crash. Each batch
# is one FTS5 segment, and fewer, larger segments mean less merging: saving the ingest
# benchmark's pages took 0.40 ms an article in batches of 200, 0.33 in batches of 500
# (0.31 at 1,000, where a crash would redo six seconds of a worker's work). A worker
# extracts some 160 pages a second, so the time bound rarely cuts a batch short.
BATCH_SIZE = 500
BATCH_SECONDS = 4.0

Fetch = Callable[[RawDocument], RawDocument]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How a run executes; what extraction does is in ``extract``."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = 30.0  # seconds per document, enforced by killing the worker
    limit: int | None = None  # stop after this many new documents
    batch_size: int = BATCH_SIZE
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    enrich: bool = False  # also run the enrichment models in the workers
    # Inputs done already that come with validators (RawDocument.validators) are fetched
    # again and stored as warta.store.refresh says, not skipped.
    refresh: bool = False
    # What a worker runs per document instead of extract_for_store / enrich_for_store (a
    # module-level function returning a Result; tests simulate slow or crashing pages).
    target: Target[Result] | None = None


_STOP = object()
# The outcome of a document whose worker process could not be started (see Sandbox).
WORKER_FAILED = "worker-failed"


def store_target(opts: RunOptions, *, rows: bool = True) -> Target[Result]:
    """What the workers run per document: ``opts.target``, else the extraction (with
    enrichment when ``opts.enrich``) and, with ``rows``, the row the store writes; without,
    the record alone, for workers that make a batch's rows together."""
    if opts.target is not None:
        return opts.target
    if rows:
        return enrich_for_store if opts.enrich else extract_for_store
    return extract_and_enrich if opts.enrich else extract_input


def run(
    documents: Iterable[RawDocument],
    open_store: Callable[[], Store],
    options: RunOptions | None = None,
    *,
    fetch: Fetch | None = None,
    on_result: Outcome | None = None,
) -> RunSummary:
    """Extract ``documents`` into the store that ``open_store`` opens; see the module doc.

    ``open_store`` is called in the writer thread (SQLite connections stay in the thread
    that made them). ``fetch`` turns a URL-only document into one with data or an error.
    ``on_result`` is called with each input's source and outcome as it is saved.
    """
    opts = options or RunOptions()
    summary = RunSummary()
    started = time.monotonic()
    size = QUEUE_PER_WORKER * max(1, opts.workers)
    with closing(open_store()) as done:  # asked what is done, on this thread (see _feed)
        todo: queue.Queue[object] = queue.Queue(maxsize=size)
        results: queue.Queue[object] = queue.Queue(maxsize=size)
        writer = _Writer(open_store, results, opts, summary, on_result)
        halted: list[ExtractionError] = []  # why the workers stopped taking documents, if so
        workers = [
            threading.Thread(target=_work, args=(todo, results, opts, fetch, halted), daemon=True)
            for _ in range(max(1, opts.workers))
        ]
        for thread in [writer.thread, *workers]:
            thread.start()
        try:
            # Beyond this many documents queued after it, a document is committed: the
            # queues, the workers' hands and the writer's batch hold no more (see _Recent).
            recent = _Recent(2 * (2 * size + opts.workers + opts.batch_size))
            _feed(documents, done, (todo, recent), limit=opts.limit, summary=summary, halted=halted)
        finally:
            for _ in workers:
                todo.put(_STOP)
            for thread in workers:
                thread.join()
            results.put(_STOP)
            writer.thread.join()
        if writer.failure is not None:
            raise writer.failure
        if halted:
            raise halted[0]
    summary.seconds = time.monotonic() - started
    return summary


def _feed(
    documents: Iterable[RawDocument],
    done: Store,
    queues: tuple[queue.Queue[object], _Recent],
    *,
    limit: int | None,
    summary: RunSummary,
    halted: list[ExtractionError],
) -> None:
    """Queue every document the store (``done``) does not hold, up to ``limit``; a full
    queue blocks here. The store is asked one input at a time (an index lookup, 6 us):
    loading what it holds as a set took 1.2 s and 185 MiB for a million inputs. A repeat
    of a document still in flight is known from ``seen``, the sources queued last."""
    todo, seen = queues
    queued = 0
    for doc in documents:
        if halted:
            break
        if doc.source in seen or (doc.validators is None and done.is_done(doc.source)):
            summary.skipped += 1
            continue
        if limit is not None and queued >= limit:
            break
        seen.add(doc.source)
        todo.put(doc)
        queued += 1


class _Recent:
    """The last ``size`` sources queued: a repeat among them is in flight (the store does
    not hold it yet), an earlier one is stored. Bounded, where a set of every source
    queued grew by some 100 bytes an input for the whole run."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._order: deque[str] = deque()
        self._members: set[str] = set()

    def __contains__(self, source: object) -> bool:
        return source in self._members

    def add(self, source: str) -> None:
        if source in self._members:
            return
        self._order.append(source)
        self._members.add(source)
        if len(self._order) > self.size:
            self._members.discard(self._order.popleft())


def _work(
    todo: queue.Queue[object],
    results: queue.Queue[object],
    opts: RunOptions,
    fetch: Fetch | None,
    halted: list[ExtractionError],
) -> None:
    """One worker: fetch when needed, extract in a sandbox, hand the result to the writer.

    A worker process that cannot start is no fault of the document: rather than store
    every input as rejected for it (a resumed run would then skip them all), the run
    halts, leaving those inputs to be done again by the next run.
    """
    target = store_target(opts)
    with Sandbox(timeout=opts.timeout, options=opts.extract, target=target) as sandbox:
        while (item := todo.get()) is not _STOP:
            assert isinstance(item, RawDocument)
            if halted:
                continue  # take what is queued, so the feeder never blocks, and drop it
            result = _extract(item, sandbox, fetch)
            if outcome(result) == WORKER_FAILED:
                error = result.error if isinstance(result, Article) else None
                halted.append(ExtractionError(f"the run stopped: {error}", source=item.source))
                continue
            results.put((item.source, result))


def _extract(doc: RawDocument, sandbox: Sandbox[Result], fetch: Fetch | None) -> Result:
    fetched = doc.data is None and doc.error is None
    if fetched:
        if fetch is None:
            return Article(source=doc.source, url=doc.url, error="not-fetched: no fetcher")
        doc = fetch(doc)
    if doc.error is not None or doc.data is None:
        error = doc.error or "empty-input: nothing was fetched"
        return Article(source=doc.source, url=doc.url, error=error)
    result = sandbox.extract(
        doc.data, url=doc.url, content_type=doc.content_type, source=doc.source
    )
    if fetched and isinstance(result, PreparedRow):  # for a conditional fetch next time
        validators = (doc.headers.get("etag"), doc.headers.get("last-modified"))
        return replace(result, validators=validators)
    return result


class _Writer:
    """The one thread that writes: batches of records, one transaction each."""

    def __init__(
        self,
        open_store: Callable[[], Store],
        results: queue.Queue[object],
        opts: RunOptions,
        summary: RunSummary,
        on_result: Outcome | None,
    ) -> None:
        self.open_store = open_store
        self.results = results
        self.batch_size = opts.batch_size
        self.refresh = opts.refresh
        self.summary = summary
        self.on_result = on_result
        self.failure: BaseException | None = None
        self.stopped = False  # _STOP was taken from the queue: nothing more will come
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        try:
            store = self.open_store()
        except BaseException as exc:  # reported by run() after the workers stop
            self.failure = exc
            self._drain()
            return
        try:
            self._write(store)
        except BaseException as exc:
            self.failure = exc
            self._drain()
        finally:
            store.close()

    def _write(self, store: Store) -> None:
        batch: list[tuple[str, Result]] = []
        deadline = time.monotonic() + BATCH_SECONDS
        while True:
            try:
                item = self.results.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                item = None
            if item is _STOP:
                self.stopped = True
                break
            if item is not None:
                batch.append(item)  # type: ignore[arg-type]
            if batch and (len(batch) >= self.batch_size or time.monotonic() >= deadline):
                self._commit(store, batch)
                batch = []
                deadline = time.monotonic() + BATCH_SECONDS
        if batch:
            self._commit(store, batch)

    def _commit(self, store: Store, batch: list[tuple[str, Result]]) -> None:
        for source, said in save_items(store, batch, refresh=self.refresh):
            self.summary.count(source, said, self.on_result)

    def _drain(self) -> None:
        """Keep the workers from blocking on a full queue after a failure (unless the
        failure came after the end: the last batch's commit)."""
        while not self.stopped and self.results.get() is not _STOP:
            pass
