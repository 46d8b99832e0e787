"""The pieces of a partitioned run and what the store holds: pieces stored whole pass
unread on a resumed run, the documents of a file the store holds nothing of are not
asked about one by one, a file that grew is read past what was recorded, and a run
killed at any moment and resumed loses and duplicates nothing, nor records a piece done
whose inputs are not all stored.

The worker runs in process here (in a thread, as in test_partition_worker) so that the
test can see what it reads and asks; the runs before it are real ones."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from runners.partitioned_runs import Channel, ingest, inputs, write_parquet, write_warc

from warta.runners import partition_plan, partition_worker
from warta.runners.board import Board
from warta.runners.local import RunOptions
from warta.runners.partition_plan import PartitionJob
from warta.runners.partition_worker import _Worker
from warta.sources.options import SourceOptions
from warta.store import Store
from warta.store.results import BatchResult


class _Asking(Store):
    """A store that counts what it is asked outside its own writes."""

    def __init__(self, path: Path, *, threaded: bool = False) -> None:
        super().__init__(path, threaded=threaded)
        self.asked = 0
        self.saving = False

    def is_done(self, source: str) -> bool:
        self.asked += 0 if self.saving else 1
        return super().is_done(source)

    def save_batch(self, items: Sequence[Any], **options: Any) -> BatchResult:
        self.saving = True
        try:
            return super().save_batch(items, **options)
        finally:
            self.saving = False


def _work(db: Path, specs: list[str], workers: int = 2) -> tuple[Any, int]:
    """One worker of a run of ``workers`` over ``specs``, alone, in a thread: what it
    said, and how often it asked the store whether a document was done."""
    job = PartitionJob(
        specs=tuple(specs),
        db=str(db),
        index=0,
        count=workers,
        options=RunOptions(workers=workers),
        source_options=SourceOptions(),
    )
    channel = Channel()
    counter = multiprocessing.get_context("spawn").Value("q", 0)
    asked: list[int] = []

    def work() -> None:
        store = _Asking(db, threaded=True)  # as partition_worker.serve opens it
        try:
            _Worker(channel, Board("spawn"), counter, job, store).run()
            asked.append(store.asked)
        finally:
            store.close()

    thresholds = gc.get_threshold()
    worker = threading.Thread(target=work)
    try:
        worker.start()
        worker.join(120)
    finally:
        gc.unfreeze()  # the worker's warm-up froze this process's heap
        gc.set_threshold(*thresholds)
    assert not worker.is_alive() and asked
    return channel, asked[0]


def _outcomes(channel: Any) -> list[str]:
    return [outcome for m in channel.said("batch") for _, outcome in m[1]]


def _skipped(channel: Any) -> int:
    """The documents the worker told it passed over, with its batches and at the end."""
    told = [m[2] for m in channel.said("batch")] + [m[1] for m in channel.said("done")]
    return sum(int(n) for n in told)


@pytest.fixture
def pieces_read(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int | None]]:
    """The spans of the pieces the in-process worker reads."""
    read: list[tuple[int, int | None]] = []
    real = partition_plan.piece_documents

    def counted(source: Any, span: tuple[int, int | None]) -> Iterator[Any]:
        read.append(span)
        return real(source, span)

    monkeypatch.setattr(partition_worker, "piece_documents", counted)
    return read


def test_a_resumed_run_passes_over_the_pieces_stored_whole_unread(
    tmp_path: Path, pieces_read: list[tuple[int, int | None]]
) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", range(40))
    dump = write_parquet(tmp_path / "dump.parquet", range(100, 140), group=5)
    specs = [str(tmp_path / "crawl.warc.gz"), str(tmp_path / "dump.parquet")]
    db = tmp_path / "w.db"
    ingest(specs, db, workers=2)
    channel, asked = _work(db, specs)
    assert pieces_read == [] and asked == 0
    assert _outcomes(channel) == []
    assert _skipped(channel) == len(warc) + len(dump)
    assert inputs(db) == (80, 80)


def test_the_documents_of_a_file_the_store_holds_nothing_of_are_not_asked_about(
    tmp_path: Path, pieces_read: list[tuple[int, int | None]]
) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", range(24))
    db = tmp_path / "w.db"
    channel, asked = _work(db, [str(tmp_path / "crawl.warc.gz")])
    assert asked == 0 and len(pieces_read) >= 2
    assert sorted(_outcomes(channel)) == ["ok"] * len(warc)
    # Nothing recorded as done, as after a kill: the next run reads every piece and asks
    # about each document, storing none twice.
    with Store(db) as store:
        store._conn.execute("DELETE FROM done_pieces")
        store._conn.commit()
    pieces_read.clear()
    channel, asked = _work(db, [str(tmp_path / "crawl.warc.gz")])
    assert asked == len(warc) and len(pieces_read) >= 2
    assert _outcomes(channel) == [] and _skipped(channel) == len(warc)
    assert inputs(db) == (24, 24)


def test_a_file_that_grew_is_read_past_what_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, range(30))
    db = tmp_path / "w.db"
    ingest([str(path)], db, workers=2)
    write_warc(path, range(100, 120), append=True)
    summary, told = ingest([str(path)], db, workers=2)
    assert summary.outcomes == {"ok": 20}
    assert summary.skipped == 30
    assert len(told) == 20
    assert inputs(db) == (50, 50)


SCRIPT = """
import sys
from warta.runners.local import RunOptions
from warta.runners.partitioned import run_partitioned
run_partitioned(sys.argv[1:2], sys.argv[2], RunOptions(workers=2, batch_size=7))
"""


def _session_alive(session: int) -> bool:
    """Whether a process of ``session`` still runs (Linux /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            return True
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_kill_nine_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    expected = write_warc(tmp_path / "crawl.warc.gz", range(150))
    db = tmp_path / "w.db"
    command = [sys.executable, "-c", SCRIPT, str(tmp_path / "crawl.warc.gz"), str(db)]
    for wait, whole_group in ((2.0, True), (3.0, False)):
        proc = subprocess.Popen(command, start_new_session=True)
        time.sleep(wait)
        if whole_group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # only the supervisor: its workers must notice and exit by themselves
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _session_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _session_alive(proc.pid)
    subprocess.run(command, check=True, timeout=300)
    assert inputs(db) == (150, 150)
    with Store(db) as store:
        assert store.done_sources() == set(expected)
        assert store.count_articles() == 150 and store.count_rejected() == 0
    assert pieces_agree(db)


def pieces_agree(db: Path) -> bool:
    """Whether every piece the store records as done holds as many stored inputs as it
    says (a kill must never leave a piece recorded whose inputs are not all stored)."""
    with closing(sqlite3.connect(db)) as conn:
        pieces = conn.execute("SELECT path, start, stop, inputs FROM done_pieces").fetchall()
        sources = [row[0] for row in conn.execute("SELECT source FROM inputs")]
    offsets: dict[str, list[int]] = {}
    for source in sources:
        path, _, offset = source.rpartition("@")
        offsets.setdefault(path, []).append(int(offset))
    held = [sum(start <= o < stop for o in offsets.get(p, [])) for p, start, stop, _ in pieces]
    return bool(pieces) and held == [n for *_, n in pieces]
