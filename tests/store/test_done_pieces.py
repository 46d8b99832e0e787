"""Pieces of input files recorded as done: with the batch that stores their last input,
and covering a piece only end to end."""

from __future__ import annotations

import pytest

from warta.record import Article, Paragraph
from warta.store import Store, StoreError
from warta.store.done_pieces import DonePiece

WARC = "crawl/cc-news.warc.gz"


def _rejected(source: str) -> tuple[str, Article]:
    return source, Article(source=source, error="not-html: image/png")


def test_a_piece_is_recorded_with_its_batch_and_covers_itself(store: Store) -> None:
    piece = DonePiece(WARC, 0, 4096, 2)
    store.save_batch([_rejected(f"{WARC}@0"), _rejected(f"{WARC}@2048")], pieces=[piece])
    assert store.done_piece(WARC, 0, 4096) == 2
    assert store.done_piece(WARC, 0, 8192) is None  # the rest was never recorded
    assert store.done_piece(WARC, 0, 2048) is None  # within one piece: cannot be told
    assert store.done_piece("other.warc.gz", 0, 4096) is None


def test_pieces_cover_a_longer_one_end_to_end(store: Store) -> None:
    # Two runs cut the file's end differently (another number of workers).
    store.save_batch([], pieces=[DonePiece(WARC, 0, 100, 3), DonePiece(WARC, 100, 250, 4)])
    store.save_batch([], pieces=[DonePiece(WARC, 250, 300, 1), DonePiece(WARC, 250, 260, 1)])
    assert store.done_piece(WARC, 0, 250) == 7
    assert store.done_piece(WARC, 0, 300) == 8  # the longest from 250 on, not both
    assert store.done_piece(WARC, 100, 300) == 5
    assert store.done_piece(WARC, 0, 400) is None  # a gap at the end
    store.save_batch([], pieces=[DonePiece(WARC, 400, 500, 2)])
    assert store.done_piece(WARC, 0, 500) is None  # a gap in the middle


def test_a_batch_that_fails_records_no_piece(store: Store) -> None:
    class Unstorable(Article):
        def to_dict(self) -> dict[str, object]:
            raise TypeError("cannot serialise")

    bad = Unstorable(source=f"{WARC}@0", paragraphs=[Paragraph("paragraph", "Teks.")])
    with pytest.raises(StoreError, match="nothing written"):
        store.save_batch([(f"{WARC}@0", bad)], pieces=[DonePiece(WARC, 0, 10, 1)])
    assert store.done_piece(WARC, 0, 10) is None
    assert not store.is_done(f"{WARC}@0")


def test_holds_inputs_asks_for_one_file_only(store: Store) -> None:
    assert not store.holds_inputs(f"{WARC}@")
    store.save_batch([_rejected(f"{WARC}2@5"), _rejected(f"{WARC}.bak@5")])
    store.save_batch([_rejected(f"{WARC[:-1]}@5")])
    assert not store.holds_inputs(f"{WARC}@")  # names that share the path's start
    store.save_batch([_rejected(f"{WARC}@77")])
    assert store.holds_inputs(f"{WARC}@")
    assert not store.holds_inputs("dump.parquet:")
