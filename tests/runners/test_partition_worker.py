"""The partitioned runner's worker, in process: how it makes a batch's rows and when it
commits them."""

from __future__ import annotations

import gc
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from runners.partitioned_runs import Channel

from warta.record import Article, Paragraph
from warta.runners.board import Board
from warta.runners.local import RunOptions
from warta.runners.partition_plan import PartitionJob
from warta.runners.partition_worker import BUSY_BATCHES, _ready, _Worker
from warta.sources.options import SourceOptions
from warta.store import Store
from warta.store.schema import PreparedRow


def _article(**kw: Any) -> Article:
    fields: dict[str, Any] = {
        "source": "pages/1.html",
        "url": "https://kabarnusa.id/bola/1",
        "title": "Persib menang",
        "paragraphs": [Paragraph("paragraph", "Persib menang dua gol tanpa balas.")],
    }
    return Article(**(fields | kw))


def test_a_record_becomes_its_row_with_the_analysed_text() -> None:
    source, row = _ready("pages/1.html", _article())
    assert source == "pages/1.html"
    assert isinstance(row, PreparedRow)
    assert row.key == "https://kabarnusa.id/bola/1"
    assert row.analysed is not None and "menang" in row.analysed[2]


def test_rejected_records_and_ready_rows_pass_through() -> None:
    failed = _article(error="not-html: image/png", paragraphs=[])
    assert _ready("a", failed) == ("a", failed)
    _, row = _ready("b", _article())
    assert _ready("b", row) == ("b", row)


def test_a_row_that_cannot_be_made_costs_only_its_record() -> None:
    loop: list[Any] = []
    loop.append(loop)  # provenance that can never become JSON: endless recursion
    source, record = _ready("c", _article(provenance={"note": loop}))
    assert source == "c"
    assert isinstance(record, Article)
    assert record.error is not None and record.error.startswith("internal error: RecursionError")
    assert record.url == "https://kabarnusa.id/bola/1"


def _pages(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        paragraphs = "".join(
            f"<p>Paragraf {i} dari berita nomor {n} tentang banjir di kota.</p>" for i in range(4)
        )
        html = f"<html><body><h1>Berita {n}</h1><article>{paragraphs}</article></body></html>"
        (folder / f"{n}.html").write_text(html, encoding="utf-8")


def _on(board: Board) -> int:
    """The number of the page the worker posted last (pages/N.html), 0 before any."""
    document = board.document()
    return int(Path(document[0]).stem) + 1 if document else 0


def _job(folder: Path, *, pages: int) -> tuple[Path, PartitionJob]:
    """A new store in ``folder`` and the job of a lone worker over ``pages`` pages there,
    in batches of two."""
    _pages(folder / "pages", pages)
    db = folder / "warta.db"
    Store(db).close()
    job = PartitionJob(
        specs=(str(folder / "pages"),),
        db=str(db),
        index=0,
        count=1,
        options=RunOptions(batch_size=2),
        source_options=SourceOptions(),
    )
    return db, job


def test_a_worker_goes_on_extracting_while_another_writes(tmp_path: Path) -> None:
    """A full batch waits for no other writer: the worker extracts on and tries again,
    and waits for the lock only once it holds BUSY_BATCHES batches."""
    db, job = _job(tmp_path, pages=7)
    board, channel = Board("spawn"), Channel()
    counter = multiprocessing.get_context("spawn").Value("q", 0)
    opened, writing = threading.Event(), threading.Event()

    def work() -> None:
        # Opened in this thread, and threaded as partition_worker.serve opens it: the
        # worker saves from a thread of its own.
        with Store(db, threaded=True) as store:
            opened.set()
            writing.wait(30)
            _Worker(channel, board, counter, job, store).run()  # type: ignore[arg-type]

    thresholds = gc.get_threshold()
    other = sqlite3.connect(db, isolation_level=None)
    worker = threading.Thread(target=work)
    try:
        worker.start()
        assert opened.wait(30)
        other.execute("BEGIN IMMEDIATE")  # another worker is writing
        writing.set()
        held = 2 * BUSY_BATCHES  # documents the worker extracts before it waits
        deadline = time.monotonic() + 30
        while _on(board) != held and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)  # it is waiting now: no further document, nothing committed
        assert _on(board) == held and not board.started()
        assert not channel.said("batch")
        other.execute("ROLLBACK")
        worker.join(30)
    finally:
        other.close()
        gc.unfreeze()  # the worker's warm-up froze this process's heap
        gc.set_threshold(*thresholds)
    assert not worker.is_alive()
    assert [len(m[1]) for m in channel.said("batch")] == [held, 2, 1]
    with Store(db) as store:
        assert store.count_articles() == 7


class _Threads(Store):
    """A store that notes the thread of each of its writes."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, threaded=True)
        self.writers: list[str] = []

    def save_batch(self, items: Any, **options: Any) -> Any:
        self.writers.append(threading.current_thread().name)
        return super().save_batch(items, **options)


def test_a_worker_writes_its_batches_from_a_thread_of_its_own(tmp_path: Path) -> None:
    """The worker's main thread extracts; each batch is saved in its save thread (the
    store's allocations then stay out of the parser's heap), and the thread ends with
    the worker."""
    db, job = _job(tmp_path, pages=5)
    counter = multiprocessing.get_context("spawn").Value("q", 0)
    thresholds = gc.get_threshold()
    store = _Threads(db)
    try:
        worker = _Worker(Channel(), Board("spawn"), counter, job, store)  # type: ignore[arg-type]
        worker.run()
    finally:
        store.close()
        gc.unfreeze()  # the worker's warm-up froze this process's heap
        gc.set_threshold(*thresholds)
    main = threading.current_thread().name
    assert len(store.writers) == 3
    assert all(name.startswith("warta-save") and name != main for name in store.writers)
    assert not any(t.name.startswith("warta-save") for t in threading.enumerate())
    with Store(db) as check:
        assert check.count_articles() == 5
