"""The board a worker posts its document on, read by its supervisor in another process."""

from __future__ import annotations

import multiprocessing

from warta.runners.board import ENTRY_BYTES, Board


def _post_and_die(board: Board, source: str, url: str | None) -> None:
    """A worker that starts a document and dies on it."""
    board.post(source, url)
    board.start()


def test_a_document_posted_in_one_process_is_read_in_another() -> None:
    board = Board("spawn")
    assert board.started() == 0 and board.document() is None  # nothing posted yet
    ctx = multiprocessing.get_context("spawn")
    source = "crawl/CC-NEWS-2024\udcff.warc.gz@1234"  # an undecodable file name survives
    worker = ctx.Process(target=_post_and_die, args=(board, source, "https://a.example/ü"))
    worker.start()
    worker.join(60)
    assert worker.exitcode == 0
    assert board.started() > 0
    assert board.document() == (source, "https://a.example/ü")


def test_the_clock_stops_between_documents_and_the_last_entry_is_replaced() -> None:
    board = Board("spawn")
    assert board.post("pages/1.html", None)
    board.start()
    board.stop()
    assert board.started() == 0
    assert board.post("pages/2.html", "https://b.example/2")
    assert board.document() == ("pages/2.html", "https://b.example/2")


def test_any_source_and_url_come_back_as_posted() -> None:
    board = Board("spawn")
    for source, url in [
        ("a\0b.jsonl:3", ""),  # a NUL and an empty URL, which is not no URL
        ("caf\udce9.html", None),  # a file name that is not UTF-8, as sources keep it
        ("x.warc.gz@12", "https://a.example/\udcff?q=ü"),
    ]:
        assert board.post(source, url)
        assert board.document() == (source, url)


def test_an_entry_too_long_for_the_board_is_not_posted() -> None:
    board = Board("spawn")
    assert board.post("pages/1.html", "https://a.example/1")
    assert not board.post("dump.jsonl:7", "https://a.example/" + "x" * ENTRY_BYTES)
    assert board.document() is None  # not the earlier entry: the worker pipes this one
