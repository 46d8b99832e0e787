"""The partitioned runner's worker, in process: how it makes a batch's rows and when it
commits them."""

from __future__ import annotations

import gc
import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warta.record import Article, Paragraph
from warta.runners.board import Board
from warta.runners.local import RunOptions
from warta.runners.partition_worker import (
    BUSY_BATCHES,
    READ_AHEAD,
    READ_AHEAD_BYTES,
    PartitionJob,
    _read_ahead,
    _ready,
    _shared,
    _Worker,
    planned,
)
from warta.sources.base import RawDocument
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


def _reads(sizes: list[int], log: list[str]) -> Iterator[RawDocument]:
    """Documents of the given page sizes; ``log`` says when each is read."""
    for n, size in enumerate(sizes):
        log.append(f"read {n}")
        yield RawDocument(source=f"w.warc@{n}", url=f"https://a.example/{n}", data=b"x" * size)


def test_documents_are_read_a_run_ahead_but_never_past_the_piece() -> None:
    log: list[str] = []
    count = READ_AHEAD + 3
    for doc in _read_ahead(_reads([10] * count, log)):
        log.append(f"hand {doc.source.rsplit('@', 1)[1]}")
    first_run = [f"read {n}" for n in range(READ_AHEAD)]
    assert log[:READ_AHEAD] == first_run  # a whole run is read before the first goes on
    assert log[READ_AHEAD : 2 * READ_AHEAD] == [f"hand {n}" for n in range(READ_AHEAD)]
    tail = [f"read {n}" for n in range(READ_AHEAD, count)]
    assert log[2 * READ_AHEAD :] == tail + [f"hand {n}" for n in range(READ_AHEAD, count)]


def test_large_pages_shorten_a_run() -> None:
    log: list[str] = []
    big = READ_AHEAD_BYTES // 2
    handed = [doc.source for doc in _read_ahead(_reads([big, big, 5, 2 * READ_AHEAD_BYTES], log))]
    assert handed == [f"w.warc@{n}" for n in range(4)]
    # two half-cap pages fill a run; a run ends with the page that takes it past the cap
    log.clear()
    runs = _read_ahead(_reads([big, big, 5, 2 * READ_AHEAD_BYTES], log))
    next(runs)
    assert log == ["read 0", "read 1"]
    next(runs), next(runs)
    assert log == ["read 0", "read 1", "read 2", "read 3"]


class _Channel:
    """The worker's end of its pipe to the supervisor: what it said, in order."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []

    def send(self, message: tuple[Any, ...]) -> None:
        self.sent.append(message)

    def said(self, kind: str) -> list[tuple[Any, ...]]:
        return [m for m in list(self.sent) if m[0] == kind]


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


def test_a_worker_goes_on_extracting_while_another_writes(tmp_path: Path) -> None:
    """A full batch waits for no other writer: the worker extracts on and tries again,
    and waits for the lock only once it holds BUSY_BATCHES batches."""
    _pages(tmp_path / "pages", 7)
    db = tmp_path / "warta.db"
    Store(db).close()
    job = PartitionJob(
        specs=(str(tmp_path / "pages"),),
        db=str(db),
        index=0,
        count=1,
        options=RunOptions(batch_size=2),
        source_options=SourceOptions(),
    )
    board, channel = Board("spawn"), _Channel()
    counter = multiprocessing.get_context("spawn").Value("q", 0)
    opened, writing = threading.Event(), threading.Event()

    def work() -> None:
        with Store(db) as store:  # a connection belongs to the thread that opens it
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


def test_page_files_are_shared_out_whole_and_once(tmp_path: Path) -> None:
    """Each worker reads only the page files that fall to it; together they read each
    file once, and a dump's rows likewise (though every worker passes over all rows)."""
    saved = tmp_path / "saved"
    saved.mkdir()
    for n in range(30):
        (saved / f"{n:02d}.html").write_text(f"<p>berita {n}</p>", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("".join(f'{{"html": "<p>{n}</p>"}}\n' for n in range(9)))
    specs = (str(saved), str(tmp_path / "d.jsonl"))
    shares = []
    for index in range(3):
        job = PartitionJob(
            specs=specs,
            db=str(tmp_path / "w.db"),
            index=index,
            count=3,
            options=RunOptions(workers=3),
            source_options=SourceOptions(),
        )
        shares.append([doc.source for source, _ in planned(job) for doc in _shared(source, job)])
    every = [doc for share in shares for doc in share]
    assert len(every) == len(set(every)) == 39
    assert all(share for share in shares)


def test_parquet_dumps_of_enough_row_groups_are_cut_into_pieces(tmp_path: Path) -> None:
    """At least PIECES_PER_WORKER row groups a worker: cut at them (rows spans, the pieces
    numbered on after a WARC file's); fewer: shared out row by row like other dumps."""
    many, few = tmp_path / "many.parquet", tmp_path / "few.parquet"
    pq.write_table(pa.table({"html": ["<p>a</p>"] * 16}), many, row_group_size=2)
    pq.write_table(pa.table({"html": ["<p>a</p>"] * 16}), few, row_group_size=3)
    job = PartitionJob(
        specs=(str(few), str(many), str(many)),
        db=str(tmp_path / "w.db"),
        index=0,
        count=2,
        options=RunOptions(workers=2),
        source_options=SourceOptions(),
    )
    plan = [(getattr(source, "path", None), spans) for source, spans in planned(job)]
    assert plan == [(str(few), None), (str(many), [(r, r + 2) for r in range(1, 17, 2)])]
