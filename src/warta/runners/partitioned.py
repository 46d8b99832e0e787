"""Ingest local inputs on all cores with no page or row crossing a pipe.

The local runner (:mod:`warta.runners.local`) reads every document in one process and
sends it to a sandboxed worker, which sends the row back to one writer: for each page its
bytes, its row and three thread hand-offs go through the main process, about a third of
what extraction itself costs. For inputs that are all on disk (files, directories, globs,
WARC/ARC archives, dumps), this runner removes that traffic:

- each of ``workers`` processes opens the same sources itself, takes the next free piece
  of each WARC file (and Parquet dump) and, of other inputs, the documents whose source
  hashes to it (see :mod:`~warta.runners.partition_plan`), extracts them in-process
  (:mod:`~warta.runners.partition_worker`) and writes its own
  batches to the store, one transaction each (SQLite's write lock, taken by
  ``BEGIN IMMEDIATE``, serialises the workers' commits), and leaves the checkpoints of
  the write-ahead log to this process (:mod:`warta.store.checkpoints`), which spends the
  run waiting;
- this process supervises: it sees which document each worker is on (on the worker's
  :class:`~warta.runners.board.Board`), hears what each committed batch held (for the
  progress bar and the summary), and enforces the time
  limit per document by killing a worker whose document runs over, storing that
  document as a ``timeout`` rejection (the same record as
  :class:`~warta.runners.sandbox.Sandbox`'s) and starting the worker again. A worker that
  dies on a document (a signal, ``os._exit``, ``MemoryError``) costs that document a
  ``worker-crashed`` rejection the same way. The new worker goes through the pieces of
  WARC (or Parquet) the dead one took since its last commit, and its share of the other
  inputs, skipping what is stored, so the dead one's uncommitted batch is redone and
  nothing else; what the dead one stored is not counted as skipped.

Resuming after a crash or ``kill -9`` works as with the local runner: every committed
batch is complete, every input in it is done, the rest is done again; workers exit when
the supervisor dies. A piece whose inputs were all stored is recorded as done with the
batch that stores the last of them (:mod:`warta.store.done_pieces`), so a resumed run
passes over it unread: over a 10,000-page WARC stored whole, 0.7 s (start-up mostly)
where reading every record again to skip it took 2.2 s. A worker that cannot start halts
the run with nothing recorded against the inputs, as in the local runner.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Final

from warta.errors import ExtractionError
from warta.record import Article
from warta.runners.board import Board
from warta.runners.local import RunOptions
from warta.runners.partition_plan import PartitionJob, with_plan
from warta.runners.partition_worker import serve
from warta.runners.progress import PieceProgress
from warta.runners.sandbox import (
    START_TIMEOUT,
    crash_record,
    describe_exit,
    stop_process,
    timeout_record,
)
from warta.runners.saving import Outcome, RunSummary, stored_outcome
from warta.sources.options import SourceOptions
from warta.store import Store
from warta.store.checkpoints import Checkpointer

__all__ = ["run_partitioned"]

log = logging.getLogger(__name__)

# Called with the share of the input read so far (see run_partitioned).
Progress = Callable[[float], None]

# How often the supervisor looks at the workers when none has anything to say: the time
# limit is enforced this closely. Messages (a few a batch) are read in bulk at this pace.
POLL_SECONDS = 0.05
# A worker that dies this many times in a row outside any document (reading a source,
# committing) with no batch committed in between would die again: the run halts.
MAX_IDLE_DEATHS = 3
_CONTEXT: Final = "spawn"  # as the Sandbox: the same on every platform, no inherited threads


class _Halt(ExtractionError):
    """Why the run stopped before its inputs were all done."""


class _Slot:
    """Worker ``index``: its process, its message pipe and what it is doing."""

    def __init__(self, job: PartitionJob, counter: Any) -> None:
        ctx = multiprocessing.get_context(_CONTEXT)
        self.job = job
        self.board = Board(_CONTEXT)  # what it is on
        self.channel, child_channel = ctx.Pipe(duplex=False)
        child_watch, self.watch = ctx.Pipe(duplex=False)
        self.process: BaseProcess = ctx.Process(
            target=serve,
            args=(child_channel, child_watch, self.board, counter, job),
            name=f"warta-ingest-{job.index}",
            daemon=True,
        )
        self.process.start()
        child_channel.close()  # only the worker holds these now: its death reads as EOF
        child_watch.close()
        self.started = time.monotonic()
        self.ready = False
        self.finished = False
        self.piped: tuple[str, str | None] | None = None  # a document too long for the board
        # The pieces it took since its last commit, in order (the last is the one it is
        # on): a worker started in place of a dead one goes through the dead one's
        # (job.held), whose documents are not stored, before it takes new ones.
        self.pieces: list[int] = list(job.held)
        self.current: int | None = None
        self.cursor = job.cursor  # where it was at its last commit (PartitionJob.cursor)
        self.rejected = set(job.rejected)  # stored for its share when workers died on them
        self.fatal = ""  # what it said before it died
        self.stopped = False

    def over_time(self, limit: float) -> bool:
        """Whether the document the worker is on started more than ``limit`` s ago."""
        started = self.board.started()
        return limit > 0 and started > 0 and time.monotonic() - started > limit

    def document(self) -> tuple[str, str | None] | None:
        """(source, url) of the document the worker is on (or was on, when it died on it);
        None between documents. Read while the worker is frozen or dead, and after its
        messages: one that did not fit on the board came through the pipe."""
        if not self.board.started():
            return None
        return self.board.document() or self.piped

    def pause(self, paused: bool) -> None:
        """Freeze the worker (SIGSTOP) or let it go on (SIGCONT), where POSIX allows."""
        sig = getattr(signal, "SIGSTOP" if paused else "SIGCONT", None)
        if sig is not None and self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # it has just died: nothing to do
                os.kill(self.process.pid, sig)

    def stop(self) -> None:
        """End the process (SIGTERM, then SIGKILL after a grace period) and reap it."""
        if not self.stopped:
            self.stopped = True
            if self.process.is_alive():
                self.process.terminate()  # pending while paused: delivered on SIGCONT
                self.pause(False)
            stop_process(self.process, wait=False)

    def close(self) -> None:
        """Stop the process (if it runs) and close the pipes."""
        self.stop()
        self.channel.close()
        self.watch.close()


class _Supervisor:
    """Starts the workers, follows them and enforces the time limit; see the module doc."""

    def __init__(
        self,
        job: PartitionJob,
        summary: RunSummary,
        on_outcome: Outcome | None,
        on_progress: Progress | None = None,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self.job = job
        self.summary = summary
        self.on_outcome = on_outcome
        self.on_progress = on_progress
        self.on_commit = on_commit  # after each batch a worker committed
        self.progress: PieceProgress | None = None
        self.slots: list[_Slot] = []
        # The next piece nobody has (see partition_plan); its lock is held only
        # between documents, when the supervisor never kills a worker.
        self.counter: Any = multiprocessing.get_context(_CONTEXT).Value("q", 0)
        self.idle_deaths = [0] * job.count

    def run(self) -> None:
        self.slots = [self._start(k) for k in range(self.job.count)]
        if self.on_progress is not None:  # while the workers start
            self.progress = PieceProgress.plan(self.job)
        while not all(slot.finished for slot in self.slots):
            live = [slot for slot in self.slots if not slot.finished]
            wait([slot.process.sentinel for slot in live], timeout=POLL_SECONDS)
            for slot in live:
                self._follow(slot)

    def close(self) -> None:
        for slot in self.slots:
            slot.close()

    def _start(self, index: int) -> _Slot:
        return _Slot(dataclasses.replace(self.job, index=index), self.counter)

    def _follow(self, slot: _Slot) -> None:
        """Read what ``slot`` said, then act on its state: done, dead, over time."""
        self._drain(slot)
        if slot.finished:
            slot.process.join()
            return
        now = time.monotonic()
        if slot.process.exitcode is not None:
            self._drain(slot)
            if not slot.finished:
                self._died(slot)
        elif not slot.ready and now - slot.started > START_TIMEOUT:
            raise _Halt(self._cannot_start(slot, f"it did not start within {START_TIMEOUT:g} s"))
        elif slot.over_time(self.job.options.timeout):
            self._overtime(slot)

    def _drain(self, slot: _Slot) -> None:
        """Handle every message ``slot`` has sent so far."""
        try:
            while not slot.finished and slot.channel.poll():
                self._handle(slot, slot.channel.recv())
        except (EOFError, OSError):
            pass  # the worker is gone; _follow sees its exit code

    def _handle(self, slot: _Slot, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "start":
            slot.piped = (message[1], message[2])
        elif kind == "batch":
            self._batch(slot, message[1], message[2], message[3])
        elif kind == "piece":
            slot.pieces.append(message[1])
            slot.current = message[1]
            self._read(slot, message[1])
        elif kind == "again":  # one of job.held, in slot.pieces already
            slot.current = message[1]
        elif kind == "passed" and self.progress is not None:  # stored whole before
            self.progress.passed(slot.job.index, message[1])
        elif kind == "ready":
            slot.ready = True
        elif kind == "done":
            slot.finished = True
            self._read(slot, None)
            self.summary.skipped += message[1]
        elif kind == "fatal":
            slot.fatal = f" ({message[1]})"
        elif kind == "failed":
            if not slot.ready:
                raise _Halt(self._cannot_start(slot, message[1]))
            raise _Halt(f"the run stopped: {message[1]}")

    def _read(self, slot: _Slot, piece: int | None) -> None:
        """Follow the pieces read: ``slot`` took ``piece``, or (None) finished."""
        if self.progress is None or self.on_progress is None:
            return
        if piece is None:
            self.progress.finished(slot.job.index)
        else:
            self.progress.taken(slot.job.index, piece)
        self.on_progress(self.progress.fraction())

    def _batch(
        self, slot: _Slot, pairs: list[tuple[str, str]], skipped: int, cursor: tuple[int, str]
    ) -> None:
        """A batch ``slot`` committed: the outcomes of ``pairs``, the ``skipped`` inputs
        it passed over since its last, and where it was (``PartitionJob.cursor``)."""
        if self.on_commit is not None:
            self.on_commit()
        self.idle_deaths[slot.job.index] = 0
        # Everything it extracted so far is stored: a successor starts at the piece it is
        # on (the rest of which is not).
        slot.pieces = [] if slot.current is None else [slot.current]
        slot.cursor = cursor
        self.summary.skipped += skipped
        for source, result in pairs:
            self.summary.count(source, result, self.on_outcome)

    def _overtime(self, slot: _Slot) -> None:
        """Kill a worker whose document ran over the limit, reject that document, restart.

        The worker is frozen while this is decided, so that it cannot move on to the next
        document between the look at its clock and the kill.
        """
        slot.pause(True)
        self._drain(slot)  # a document sent through the pipe was sent before its clock
        if not slot.over_time(self.job.options.timeout):
            slot.pause(False)  # it finished the document just now
            return
        document = slot.document()
        slot.stop()
        self._drain(slot)
        if document is not None:
            source, url = document
            self._reject(slot, source, timeout_record(self.job.options.timeout, source, url))
        self._replace(slot)

    def _died(self, slot: _Slot) -> None:
        """A worker exited without finishing: the document it was on is rejected as a
        crash; dying outside any document again and again halts the run."""
        how = describe_exit(slot.process) + slot.fatal
        if not slot.ready:
            raise _Halt(self._cannot_start(slot, how))
        if (document := slot.document()) is not None:
            source, url = document
            self._reject(slot, source, crash_record(source, url, how))
        else:
            index = slot.job.index
            self.idle_deaths[index] += 1
            log.warning("ingest worker %d died between documents %s", index, how)
            if self.idle_deaths[index] >= MAX_IDLE_DEATHS:
                raise _Halt(f"the run stopped: worker {index} keeps dying {how}")
        self._replace(slot)

    def _replace(self, slot: _Slot) -> None:
        """Start a new worker for ``slot``'s share in its place (after the document the
        old one died on is stored as rejected, so that the new one skips it)."""
        index = slot.job.index
        slot.close()
        job = dataclasses.replace(
            self.job,
            index=index,
            held=tuple(slot.pieces),
            cursor=slot.cursor,
            rejected=frozenset(slot.rejected),
        )
        self.slots[index] = _Slot(job, self.counter)

    def _reject(self, slot: _Slot, source: str, record: Article) -> None:
        """Store ``record`` for ``source``, unless the store has it (a worker is never on a
        document of a batch it committed, but the store is what decides)."""
        with Store(self.job.db) as store:
            saved = store.save_batch([(source, record)])
        if saved.skipped:
            return
        slot.rejected.add(source)  # the worker started in its place will meet it
        self.summary.count(source, stored_outcome(*saved.each[0]), self.on_outcome)

    def _cannot_start(self, slot: _Slot, why: str) -> str:
        log.error("cannot start an ingest worker: %s", why)
        return f"the run stopped: worker-failed: cannot start a worker: {why}"


def run_partitioned(
    specs: Sequence[str],
    db: str | Path,
    options: RunOptions | None = None,
    *,
    source_options: SourceOptions | None = None,
    on_outcome: Outcome | None = None,
    on_progress: Progress | None = None,
) -> RunSummary:
    """Ingest the sources named by ``specs`` (all local: see
    :func:`~warta.sources.open.fetches`) into the store at ``db``; see the module doc.

    ``options.limit`` is not supported (each worker sees only its share of the inputs);
    ``on_outcome`` is called with each input's source and outcome once it is stored, and
    ``on_progress`` (when the inputs are WARC files cut into pieces) with the share of
    their bytes read so far, 0 to 1, as it grows (:mod:`warta.runners.progress`).
    Raises :class:`~warta.errors.ExtractionError` when a worker cannot start or the
    store cannot be written; what was committed stays.
    """
    opts = options or RunOptions()
    if opts.limit is not None:
        raise ValueError("the partitioned runner does not take a limit; use warta.runners.local")
    summary = RunSummary()
    started = time.monotonic()
    Store(db).close()  # create or migrate the file once, before the workers open it
    job = PartitionJob(
        specs=tuple(specs),
        db=str(db),
        index=0,
        count=max(1, opts.workers),
        options=opts,
        source_options=source_options or SourceOptions(),
    )
    job = with_plan(job)
    with Checkpointer(db) as checkpointer:
        supervisor = _Supervisor(job, summary, on_outcome, on_progress, checkpointer.nudge)
        try:
            supervisor.run()
        finally:
            supervisor.close()
    summary.seconds = time.monotonic() - started
    return summary
