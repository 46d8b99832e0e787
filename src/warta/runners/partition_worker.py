"""One worker of the partitioned runner (:mod:`warta.runners.partitioned`), in its own
process: it reads the sources itself, extracts its share of the documents and writes them
to the store itself, so no page and no row crosses a pipe.

A WARC file gzipped per record is cut between records into pieces of about
:data:`PIECE_BYTES` (:func:`~warta.sources.warc_layout.split_spans`), and a Parquet dump
of enough row groups at its row groups
(:meth:`~warta.sources.dumps.DumpSource.row_group_spans`); the pieces are numbered across
the inputs, and each worker takes the next piece nobody has from a counter they share, so
a worker on a slower core takes fewer and all finish together; each decompresses (or
decodes) only its pieces, a run of records ahead of extracting them (:data:`READ_AHEAD`).
Of every other input, worker ``k`` of ``n`` takes the documents whose source hashes to
``k`` (:func:`share`): a source repeated in the inputs always lands in the same worker,
which drops the repeat. It extracts a batch's documents one by one, each under the time
limit, then makes the batch's rows together (:func:`_ready`) and commits them, or goes on
extracting while another worker commits (:data:`BUSY_BATCHES`). A source that raises
while it is read ends that input with an error document, not the worker
(:func:`~warta.sources.options.guarded`).
What it tells the supervisor is small:

- ``("piece", n)`` when it takes piece ``n``, and ``("again", n)`` when it goes back to
  piece ``n``: a worker started in place of one that died first goes through the pieces
  that one had taken since its last commit (:attr:`PartitionJob.held`), whose documents
  are not stored yet, from the first to the one it died on;
- ``("ready",)`` once it has opened the store, loaded the sources already done and
  warmed up (:func:`~warta.runners.sandbox.warm_up`);
- nothing for each document it extracts: it posts the document and the time it started
  on its :class:`~warta.runners.board.Board`, which the supervisor watches to enforce
  the time limit by killing this process (``("start", source, url)`` only for a
  document too long for the board);
- ``("batch", [(source, outcome), ...])`` after each committed batch;
- ``("fatal", detail)`` just before it exits on a ``MemoryError``;
- ``("failed", message)`` when the store cannot be opened or written: the run halts;
- ``("done", skipped)`` at the end, with the inputs it skipped as done or repeated.

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
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from warta.errors import WartaError
from warta.record import Article
from warta.runners.board import Board
from warta.runners.local import (
    BATCH_SECONDS,
    Result,
    RunOptions,
    save_items,
    store_target,
)
from warta.runners.sandbox import Target, internal_error_record, warm_up
from warta.sources.base import RawDocument, Source, storable
from warta.sources.dumps import DumpSource
from warta.sources.files import FileSource
from warta.sources.open import open_sources
from warta.sources.options import SourceOptions, guarded
from warta.sources.warc import WarcSource
from warta.sources.warc_layout import split_spans
from warta.store import Store, StoreBusy
from warta.store.schema import ready_to_store

__all__ = ["PartitionJob", "Span", "planned", "serve", "share"]

# A piece of a WARC file: its first byte and the byte after it (None: to the end); of a
# Parquet dump: the number of its first data row and the number after its last.
Span = tuple[int, int | None]

log = logging.getLogger(__name__)

# Exit code of a worker that died of a MemoryError (after saying so).
EXIT_FATAL = 70
# Compressed bytes of WARC a piece holds: about 125 of the benchmark's pages, 0.7 s of a
# worker's time, so the workers of a run end at most that far apart (with one half of
# each file each, they ended up to 2.6 s apart on this machine's unevenly busy cores).
# Cutting costs a seek and a short read a piece (15 ms for 80 pieces of a 323 MB file).
PIECE_BYTES = 4 * 1024 * 1024
# A full batch is committed only if no other worker is writing at that moment; else the
# worker goes on extracting and tries again after each document, up to this many batches'
# worth, and only then waits for the lock. The workers of a run go at the same pace, so
# their batches fill at about the same time: waiting for each other's commits (0.15 s
# each, held longer by SQLite's coarse sleeps while busy) cost one of two workers 0.42 s
# of a 34 s ingest of the benchmark's 10,000 pages, idle time this turns into extraction.
BUSY_BATCHES = 2
# Documents of a WARC piece a worker reads ahead of its extraction, and the bytes of page
# they may hold (a run ends with the page that reaches the cap). Reading records a run at a
# time rather than one between two extractions measured cheaper (presumably as the
# decompressor's and the WARC parser's state stays in the processor's caches): in one
# process on the ingest benchmark's 2,000-page WARC, reading cost 0.32 ms a page one
# record at a time and 0.25 in runs of 32 (8: 0.27, 64: 0.25; medians of three to six
# interleaved runs), extraction unchanged. 32 pages of the benchmark are about 5 MB.
READ_AHEAD = 32
READ_AHEAD_BYTES = 8 * 1024 * 1024
# Records of a batch once a worker is on one of the run's last pieces (one a worker: see
# _pieces). The workers run out of pieces together, then commit what they hold one after
# the other while the other core idles: some 300 rows each, 0.2-0.3 s of the benchmark's
# 30 s ingest. Smaller batches there leave little to commit at the end, for a few more
# FTS5 segments to merge.
ENDING_BATCH = 50
# Pieces a worker at least, however small the file, so that a few slow pages do not keep
# one worker busy long after the others (a cut that falls in the same place as the one
# before makes an empty piece, which costs nothing). A Parquet dump of fewer row groups
# than this a worker is not cut: one row group can be much of the file (pyarrow writes
# up to a million rows in one), and a worker left with it would end long after the
# others; decoding every row in every worker costs less than that.
PIECES_PER_WORKER = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionJob:
    """What worker ``index`` of ``count`` does: read ``specs``, write to ``db``."""

    specs: tuple[str, ...]
    db: str
    index: int
    count: int
    options: RunOptions
    source_options: SourceOptions
    # The pieces the worker this one replaces took since its last commit, in order.
    held: tuple[int, ...] = ()
    # Store.last_input() as the run started: what was stored after it, this run stored
    # (a worker this one replaces), and is not counted as skipped.
    mark: int = 0


def share(source: str, count: int) -> int:
    """The worker (0 .. count-1) that takes ``source``: a stable hash, the same in every
    process and run (Python's own ``hash`` of a str is salted per process)."""
    return zlib.crc32(source.encode("utf-8", "surrogatepass")) % count


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
        store = Store(job.db)
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

    def run(self) -> None:
        done = self.store.done_sources()
        ours = self.store.sources_since(self.job.mark)  # stored by this run already
        # Not on the first document's clock; with the row preparation, so that the search
        # analyser is loaded (and frozen with the rest) before the first batch too.
        warm_up(store_target(self.job.options), self.job.options.extract)
        self.channel.send(("ready",))
        seen: set[str] = set()
        skipped = 0
        for doc in self._documents():
            source = doc.source
            if source in done or source in seen:
                if source in ours and source not in seen:
                    seen.add(source)  # the worker this one replaces stored it: no skip
                else:
                    skipped += 1
                continue
            seen.add(source)
            self.batch.append((source, self._extract(doc)))
            size = len(self.batch)
            full = ENDING_BATCH if self.ending else self.job.options.batch_size
            if size >= full or self._due():
                self._commit(wait=size >= full * BUSY_BATCHES)
        self._commit(wait=True)
        self.channel.send(("done", skipped))

    def _documents(self) -> Iterator[RawDocument]:
        """This worker's documents: the pieces of WARC files it takes (see the module
        doc), and of other inputs those whose source hashes to it."""
        job = self.job
        number = 0  # of the next piece, counted across the inputs in their order
        held = list(job.held)
        wanted = self._next(held)
        plan = list(planned(job))
        last = sum(len(spans) for _, spans in plan if spans is not None) - job.count
        for source, spans in plan:
            name = _input_name(source)
            if spans is None:
                self.ending = False  # inputs after the pieces: full batches again
                yield from guarded(_shared(source, job), name)
                continue
            for span in spans:
                if number == wanted:
                    self.ending = number >= last
                    yield from _read_ahead(guarded(_piece(source, span), name))
                    wanted = self._next(held)
                number += 1

    def _next(self, held: list[int]) -> int:
        """The number of the next piece to read: the first of ``held`` left (which it
        takes off), else a new one."""
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
        if batch:
            try:
                saved = save_items(self.store, batch, wait=wait)
            except StoreBusy:
                return
            self.channel.send(("batch", saved))
            self.batch, self.ready = [], 0
        self.deadline = time.monotonic() + BATCH_SECONDS


def planned(job: PartitionJob) -> Iterator[tuple[Source, list[Span] | None]]:
    """The job's sources in order, each WARC file and Parquet dump with the spans it is
    cut into (its pieces, numbered on across the inputs), any other source (or one that
    cannot be cut) with None: its documents are shared out by :func:`share`. The
    supervisor follows the same plan to tell how far the run has gone
    (:mod:`warta.runners.progress`)."""
    cut: set[str] = set()  # files numbered already: a repeat holds only repeats
    for source in open_sources(job.specs, options=job.source_options):
        spans: list[Span] | None = None
        if isinstance(source, WarcSource | DumpSource):
            if source.path in cut:
                continue
            if isinstance(source, WarcSource):
                spans = _pieces(source.path, job.count)
            else:  # as many row groups as a small WARC file's pieces at least
                spans = source.row_group_spans(PIECES_PER_WORKER * job.count)
            if spans is not None:
                cut.add(source.path)
        yield source, spans


def _piece(source: Source, span: Span) -> Iterator[RawDocument]:
    """The documents of one piece (see :func:`planned`): records of a WARC file, rows of
    a Parquet dump."""
    if isinstance(source, WarcSource):
        return WarcSource(source.path, options=source.options, span=span).documents()
    if isinstance(source, DumpSource):
        return DumpSource(source.path, options=source.options, rows=span).documents()
    raise TypeError(f"{type(source).__name__} is not cut into pieces")


def _input_name(source: Source) -> str:
    """The path or spec of a local input: what names the error document of a failure
    reading it (:func:`~warta.sources.options.guarded`)."""
    for attribute in ("path", "spec"):
        value = getattr(source, attribute, None)
        if isinstance(value, str):
            return value
    return type(source).__name__


def _shared(source: Source, job: PartitionJob) -> Iterator[RawDocument]:
    """The job's share of a source not cut into pieces (see :func:`share`). Page files
    are read only by the worker they fall to, and JSONL rows parsed only by theirs; the
    rows of other dumps and the records of an archive that cannot be cut come one after
    the other, so every worker reads them all and keeps its own."""

    def mine(name: str) -> bool:
        return share(name, job.count) == job.index

    if isinstance(source, FileSource):
        yield from (source.read(path) for path in source.paths() if mine(storable(path)))
    elif isinstance(source, DumpSource):
        yield from DumpSource(source.path, options=source.options, wanted=mine).documents()
    else:
        yield from (doc for doc in source.documents() if mine(doc.source))


def _pieces(path: str, workers: int) -> list[Span] | None:
    """The byte spans of :data:`PIECE_BYTES` or so of a WARC file, at least
    :data:`PIECES_PER_WORKER` a worker, or None for a file that cannot be cut between
    records (its documents are then shared out by source).

    The last ``workers`` pieces are cut finer (see
    :func:`~warta.sources.warc_layout.split_spans`): a worker that finds no piece left
    waits for the others to finish theirs, half a piece on average, and the end of the
    file is where that happens.
    """
    try:
        size = os.path.getsize(path)
    except OSError:
        return None  # the source itself says what is wrong with it
    parts = max(PIECES_PER_WORKER * workers, size // PIECE_BYTES)
    return split_spans(path, parts, finer=workers)


def _read_ahead(docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
    """``docs`` read in runs of :data:`READ_AHEAD` (or :data:`READ_AHEAD_BYTES` of pages)
    before the first of each run is handed on.

    A run never crosses the end of ``docs``, one piece of a WARC file: the worker takes
    its next piece only once every document of this one was handed on, so a worker that
    dies leaves no document behind in a piece it had finished (its replacement redoes
    only the piece it holds).
    """
    run: deque[RawDocument] = deque()
    while True:
        held = 0
        for doc in docs:
            run.append(doc)
            held += len(doc.data or b"")
            if len(run) >= READ_AHEAD or held >= READ_AHEAD_BYTES:
                break
        if not run:
            return
        while run:
            yield run.popleft()  # handed on one by one, and let go of as they go


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
