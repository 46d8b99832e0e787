"""One worker of the partitioned runner (:mod:`warta.runners.partitioned`), in its own
process: it reads the sources itself, extracts its share of the documents and writes them
to the store itself, so no page and no row crosses a pipe.

It reads the pieces of WARC files and Parquet dumps it takes, and its share of the other
inputs (:mod:`warta.runners.partition_plan`). It extracts a batch's documents one by one,
each under the time limit, then makes the batch's rows together (:func:`_ready`) and
commits them, or goes on extracting while another worker commits
(:data:`BUSY_BATCHES`). A source that raises while it is read ends that input with an
error document, not the worker (:func:`~warta.sources.options.guarded`). What it tells
the supervisor is small:

- ``("piece", n)`` when it takes piece ``n``, and ``("again", n)`` when it goes back to
  piece ``n``: a worker started in place of one that died first goes through the pieces
  that one had taken since its last commit (``PartitionJob.held``), whose documents are
  not stored yet, from the first to the one it died on;
- ``("passed", n)`` when piece ``n`` was stored whole by an earlier run: it passes over
  it unread (:mod:`warta.store.done_pieces`);
- ``("ready",)`` once it has opened the store and warmed up
  (:func:`~warta.runners.sandbox.warm_up`);
- nothing for each document it extracts: it posts the document and the time it started
  on its :class:`~warta.runners.board.Board`, which the supervisor watches to enforce
  the time limit by killing this process (``("start", source, url)`` only for a
  document too long for the board);
- ``("batch", [(source, outcome), ...], skipped, position)`` after each committed batch
  (which may hold no document, only pieces recorded as done), with the documents it
  passed over (stored already, or repeated) since the last one and where it is
  (``PartitionJob.cursor``);
- ``("fatal", detail)`` just before it exits on a ``MemoryError``;
- ``("failed", message)`` when the store cannot be opened or written: the run halts;
- ``("done", skipped)`` at the end, with those it passed over since its last batch.

It saves its batches in a thread of its own (:meth:`_Worker._commit`), while its main
thread waits: see :func:`_save_thread`.

It exits at once when the supervisor's process goes away (even by ``kill -9``), so an
orphan never goes on writing beside a resumed run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from warta.errors import WartaError
from warta.record import Article
from warta.runners.board import Board
from warta.runners.local import BATCH_SECONDS, store_target
from warta.runners.partition_plan import (
    PartitionJob,
    Span,
    input_name,
    name_prefix,
    piece_documents,
    piece_extent,
    planned,
    read_ahead,
    shared_documents,
)
from warta.runners.sandbox import Target, internal_error_record, warm_up
from warta.runners.saving import Result, save_items
from warta.sources.base import RawDocument, Source
from warta.sources.options import guarded
from warta.store import Store, StoreBusy
from warta.store.done_pieces import DonePiece
from warta.store.schema import ready_to_store

__all__ = ["serve"]

log = logging.getLogger(__name__)

# Exit code of a worker that died of a MemoryError (after saying so).
EXIT_FATAL = 70
# A full batch is committed only if no other worker is writing at that moment; else the
# worker goes on extracting and tries again after each document, up to this many batches'
# worth, and only then waits for the lock. The workers of a run go at the same pace, so
# their batches fill at about the same time: waiting for each other's commits (0.15 s
# each, held longer by SQLite's coarse sleeps while busy) cost one of two workers 0.42 s
# of a 34 s ingest of the benchmark's 10,000 pages, idle time this turns into extraction.
BUSY_BATCHES = 2
# Records of a batch once a worker is on one of the run's last pieces (one a worker: see
# partition_plan). The workers run out of pieces together, then commit what they hold one
# after the other while the other core idles: some 300 rows each, 0.2-0.3 s of the
# benchmark's 30 s ingest. Smaller batches there leave little to commit at the end, for a
# few more FTS5 segments to merge.
ENDING_BATCH = 50


def serve(
    channel: Connection, watch: Connection, board: Board, counter: Any, job: PartitionJob
) -> None:
    """The worker process's main function (spawned by the supervisor); ``board`` says what
    it is on, ``counter`` is the next piece nobody has."""
    # Ctrl+C reaches the whole process group: the supervisor stops the workers itself,
    # rather than each of them printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(watch,), daemon=True).start()
    try:
        store = Store(job.db, threaded=True)  # written from the save thread
    except WartaError as exc:
        channel.send(("failed", str(exc)))
        return
    try:
        store.defer_checkpoints()  # the supervisor takes them (warta.store.checkpoints)
        _Worker(channel, board, counter, job, store).run()
    except WartaError as exc:  # the store refused a write even one record at a time
        channel.send(("failed", str(exc)))
    finally:
        store.close()


def _exit_with_parent(watch: Connection) -> None:
    """Block on the supervisor's end of a pipe; when it closes (the supervisor died), exit
    now: what is not committed is redone by the next run."""
    with contextlib.suppress(EOFError, OSError):
        watch.recv_bytes()
    os._exit(1)


class _Worker:
    """The loop of one worker: its share of the documents, extracted and saved in batches."""

    def __init__(
        self, channel: Connection, board: Board, counter: Any, job: PartitionJob, store: Store
    ) -> None:
        self.channel = channel
        self.board = board
        self.counter = counter
        self.job = job
        self.store = store
        self.target: Target[Result] = store_target(job.options, rows=False)
        self.batch: list[tuple[str, Result]] = []
        self.ready = 0  # the rows of the batch made already (a commit that found the store busy)
        self.ending = False  # on one of the run's last pieces (see ENDING_BATCH)
        self.deadline = time.monotonic() + BATCH_SECONDS
        self.at = 0  # the plan's input the documents come from now
        self.position: tuple[int, str] | None = job.cursor  # the last document walked
        self.counting = job.cursor is None  # past the cursor: skips are this one's to tell
        self.skipped = 0  # documents passed over (done or repeated) since the last batch
        # Sources handed on since the last commit (a repeat is dropped; after the commit,
        # the store knows them): kept no longer, so that memory stays flat however long
        # the run (a run over a month of CC-NEWS meets millions).
        self.seen: set[str] = set()
        self.redoing = False  # the piece taken last is one of job.held
        self.unchecked = False  # on a piece of a file the store held nothing of (_piece)
        self.fresh: dict[str, bool] = {}  # name prefix: the store held no input of it
        self.finished: list[DonePiece] = []  # pieces all handed on since the last commit
        self.saver = _save_thread()

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.saver.shutdown()

    def _run(self) -> None:
        # Not on the first document's clock; with the row preparation, so that the search
        # analyser is loaded (and frozen with the rest) before the first batch too.
        warm_up(store_target(self.job.options), self.job.options.extract)
        self.channel.send(("ready",))
        for doc in self._documents():
            source = doc.source
            if self._passes_over(source):
                continue
            self.batch.append((source, self._extract(doc)))
            size = len(self.batch)
            full = ENDING_BATCH if self.ending else self.job.options.batch_size
            if size >= full or self._due():
                self._commit(wait=size >= full * BUSY_BATCHES)
        self._commit(wait=True)
        self.channel.send(("done", self.skipped))

    def _passes_over(self, source: str) -> bool:
        """Whether ``source`` is passed over, stored already or seen: skipped, unless the
        workers this one replaces told it skipped (up to the job's cursor), or died on it."""
        counts, position = self.counting, (self.at, source)
        self.position = position
        if position == self.job.cursor:
            self.counting = True  # from the next document on
        # The store is asked (see warta.runners.local._feed), not a set of all it holds
        # loaded at the start: a resumed run over a large store keeps its memory.
        if source not in self.seen and (self.unchecked or not self.store.is_done(source)):
            self.seen.add(source)
            return False
        if source in self.job.rejected and source not in self.seen:
            self.seen.add(source)  # the supervisor stored it when a worker died on it
        elif counts:
            self.skipped += 1
        return True

    def _documents(self) -> Iterator[RawDocument]:
        """This worker's documents: the pieces of WARC files it takes (see the module
        doc), and of other inputs those whose source hashes to it."""
        job = self.job
        number = 0  # of the next piece, counted across the inputs in their order
        held = list(job.held)
        wanted = self._next(held)
        plan = list(planned(job))
        last = sum(len(spans) for _, spans in plan if spans is not None) - job.count
        for self.at, (source, spans) in enumerate(plan):
            name = input_name(source)
            if spans is None:
                self.ending = False  # inputs after the pieces: full batches again
                yield from guarded(shared_documents(source, job, self.store.is_done), name)
                continue
            for index in range(len(spans)):  # only the pieces taken are cut
                if number == wanted:
                    self.ending = number >= last
                    yield from self._piece(source, spans[index], (name, number))
                    wanted = self._next(held)
                number += 1

    def _piece(self, source: Source, span: Span, named: tuple[str, int]) -> Iterator[RawDocument]:
        """The documents of a piece this worker took (see :mod:`warta.store.done_pieces`):
        none when the store holds them all (they count as skipped), and not checked one by
        one against the store when it held no input of the file when first asked (the
        store checks each again as it saves it). A piece of a dead worker (job.held)
        is read and checked: part of it may be stored. ``named``: the input's name and
        the piece's number."""
        name, number = named
        extent = piece_extent(source, span)
        if extent is not None and not self.redoing:
            done = self.store.done_piece(*extent)
            if done is not None:
                self.skipped += done if self.counting else 0
                self.channel.send(("passed", number))
                return
        self.unchecked = not self.redoing and self._fresh(source)
        count = 0
        try:
            for doc in read_ahead(guarded(piece_documents(source, span), name)):
                count += 1
                yield doc
        finally:
            self.unchecked = False
        if extent is not None:
            self.finished.append(DonePiece(*extent, count))

    def _fresh(self, source: Source) -> bool:
        """Whether the store held no input of ``source`` when this worker first asked.

        No other worker reads a piece this one takes, and the pieces of a dead worker are
        checked, so no document of a new piece of such a file can be stored already; a
        stored input of the file means an earlier run, and every document is checked.
        """
        prefix = name_prefix(source)
        if prefix is None:
            return False
        if prefix not in self.fresh:
            self.fresh[prefix] = not self.store.holds_inputs(prefix)
        return self.fresh[prefix]

    def _next(self, held: list[int]) -> int:
        """The number of the next piece to read: the first of ``held`` left (which it
        takes off), else a new one."""
        self.redoing = bool(held)
        if not held:
            return self._take()
        number = held.pop(0)
        self.channel.send(("again", number))
        return number

    def _take(self) -> int:
        """The number of the next piece nobody has, now this worker's."""
        with self.counter.get_lock():
            number = int(self.counter.value)
            self.counter.value = number + 1
        self.channel.send(("piece", number))
        return number

    def _due(self) -> bool:
        return time.monotonic() >= self.deadline

    def _extract(self, doc: RawDocument) -> Result:
        """The record for one document; a Python exception costs only this record."""
        if doc.error is not None or doc.data is None:
            error = doc.error or "not-fetched: no fetcher"
            return Article(source=doc.source, url=doc.url, error=error)
        if not self.board.post(doc.source, doc.url):
            self.channel.send(("start", doc.source, doc.url))
        self.board.start()
        try:
            result = self.target(
                doc.data,
                doc.url,
                content_type=doc.content_type,
                source=doc.source,
                options=self.job.options.extract,
            )
        except MemoryError as exc:  # the heap may be in any state: die, a new worker follows
            self.channel.send(("fatal", f"MemoryError: {exc}"))
            os._exit(EXIT_FATAL)
        except Exception as exc:  # an extraction bug costs one record, not the run
            result = internal_error_record(exc, doc.source, doc.url)
        self.board.stop()
        return result

    def _commit(self, *, wait: bool) -> None:
        """Save the batch; without ``wait``, only if no other worker is writing just now,
        else the batch stays and grows until the next try (see :data:`BUSY_BATCHES`)."""
        batch, ready = self.batch, self.ready
        batch[ready:] = [_ready(source, result) for source, result in batch[ready:]]
        self.ready = len(batch)
        if batch or self.finished:
            save = self.saver.submit(save_items, self.store, batch, wait=wait, pieces=self.finished)
            try:
                saved = save.result()
            except StoreBusy:
                return
            self.channel.send(("batch", saved, self.skipped, self.position))
            self.batch, self.ready, self.skipped, self.finished = [], 0, 0, []
            # The store holds them now. Those the supervisor stored when a worker died on
            # them stay: met again, they are repeats (see _passes_over).
            self.seen.intersection_update(self.job.rejected)
        self.deadline = time.monotonic() + BATCH_SECONDS


def _save_thread() -> ThreadPoolExecutor:
    """The one thread a worker saves its batches in, while its main thread waits.

    Not for parallel work: for memory. glibc's malloc gives each thread an arena of its
    own, so the store's allocations (SQLite's page cache of WRITE_CACHE_KIB, each
    transaction's pages and statements) stay out of the heap the page parser allocates
    from. Made in the main thread, they were interleaved with the parser's, which then
    ran slower on every page, not only after a commit. Measured with
    benchmarks/bench_worker.py (3,000 pages, five pairs of rounds, each beside a process
    extracting the same pages alone): extraction in the worker took 4.9-6.7% more than
    alone with saving in the main thread, 0.8-3.5% more in this thread, and the worker's
    CPU a page fell by 2.5-5.4%; three rounds of the final code: 2.1-3.2% more. Preparing
    the rows here as well gained nothing more.
    """
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="warta-save")


def _ready(source: str, result: Result) -> tuple[str, Result]:
    """The row the store writes for one record of a batch (see
    :func:`~warta.store.schema.ready_to_store`).

    Rows are made for a whole batch at once, after its extractions rather than after each
    one: the search analyser's word tables and the encoders then stay in the processor's
    caches instead of being evicted by every page's parse. Measured on the ingest
    benchmark's pages, extraction and row preparation took 5.00 ms a page one after the
    other for each page, 4.78 ms in two phases of 500 (the best of five runs each). The
    preparation is linear in the text, so it needs no time limit of its own.
    """
    if not isinstance(result, Article):
        return source, result  # a custom target's row, made already
    try:
        return source, ready_to_store(source, result)
    except Exception as exc:  # a bug in preparing one row costs only that record
        return source, internal_error_record(exc, source, result.url)
