"""Pieces of input files whose every input the store holds, so that a resumed run passes
over them without reading them.

The partitioned runner (:mod:`warta.runners.partitioned`) cuts WARC files into pieces
of bytes between records, and Parquet dumps into pieces of rows. Every input is a row of
``inputs`` once stored, and that is what makes a run resumable; but a resumed run that
asks it of each input must read (decompress, parse) every stored record again to learn
its name: 2.5 s a 10,000 pages of the ingest benchmark's WARC, some minutes for a month
of CC-NEWS. So a worker that has handed on every document of a piece records the piece
here, in the transaction of the batch that stores the last of them (a piece whose
documents were all stored already is recorded with the next batch, or alone): the file,
its first position and the one after its last, and how many documents it held. A
later run passes over a piece that recorded pieces cover, and counts its documents as
done, unread.

A piece is recorded only once all its documents are stored, in the same transaction
as the last of them: after a crash the table claims nothing the store lacks. It is keyed
on the path as the inputs name it, as ``inputs`` is; a piece counts as covered only when
recorded pieces within it cover it end to end (a run with another number of workers cuts
the end of a file differently), else it is read, and its stored inputs skipped one by
one as before. A file that grew since gets pieces past what was recorded, which are read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIGRATION_STATEMENTS", "DonePiece", "covered", "holds_inputs", "record"]

MIGRATION_STATEMENTS = (
    """CREATE TABLE done_pieces (
        path   TEXT NOT NULL,
        start  INTEGER NOT NULL,
        stop   INTEGER NOT NULL,
        inputs INTEGER NOT NULL,
        at     TEXT NOT NULL,
        PRIMARY KEY (path, start, stop)
    ) WITHOUT ROWID""",
)


@dataclass(frozen=True, slots=True)
class DonePiece:
    """A piece of the file at ``path`` from position ``start`` up to (not including)
    ``stop``, bytes of a WARC file or rows of a dump, that held ``inputs`` documents."""

    path: str
    start: int
    stop: int
    inputs: int


def record(conn: sqlite3.Connection, pieces: Sequence[DonePiece], at: str) -> None:
    """Record ``pieces`` as done (in the caller's transaction)."""
    conn.executemany(
        "INSERT OR REPLACE INTO done_pieces (path, start, stop, inputs, at) VALUES (?, ?, ?, ?, ?)",
        [(p.path, p.start, p.stop, p.inputs, at) for p in pieces],
    )


def covered(conn: sqlite3.Connection, path: str, start: int, stop: int) -> int | None:
    """How many documents the piece ``[start, stop)`` of ``path`` holds, when recorded
    pieces within it cover it end to end; None when they do not.

    Pieces recorded by runs that cut the file differently may overlap: from each
    position the longest piece that starts there is taken. A cover that only shorter
    ones would make is missed, and the piece read: never wrong, at worst slower.
    """
    rows = conn.execute(
        "SELECT start, stop, inputs FROM done_pieces WHERE path = ? AND start >= ? "
        "AND stop <= ? ORDER BY start, stop DESC",
        (path, start, stop),
    )
    at, inputs = start, 0
    for first, after, count in rows:
        if first > at:
            return None  # a gap: some of it was never recorded
        if first == at and after > at:
            at, inputs = after, inputs + count
    return inputs if at == stop else None


def holds_inputs(conn: sqlite3.Connection, prefix: str) -> bool:
    """Whether any stored input's source starts with ``prefix`` (a file's path and the
    character its sources put after it, such as ``@`` for WARC offsets): a range of the
    unique index on ``inputs.source``, not a scan."""
    if not prefix:
        return bool(conn.execute("SELECT 1 FROM inputs LIMIT 1").fetchone())
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past the prefix's
    row = conn.execute(
        "SELECT 1 FROM inputs WHERE source >= ? AND source < ? LIMIT 1", (prefix, after)
    ).fetchone()
    return row is not None
