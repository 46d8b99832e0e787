"""How far a partitioned run has read its input, for a progress bar's time remaining.

A stream of documents has no length known in advance, but WARC files, the inputs of
corpus-scale runs, are cut into pieces that the workers take in order
(:mod:`warta.runners.partition_plan`), and the supervisor hears each piece taken. So
the share of the input's bytes read is known to a piece: the pieces finished, and half of
each piece a worker is on. Gzipped dumps read whole, a file a piece, count the same way.
The documents of other inputs are shared out by a hash of their source, which tells
nothing of how far a worker has gone, and a Parquet dump's pieces are rows of unknown
size: a run with any other input gets no estimate here (the bar then counts documents
where it can, :mod:`warta.sources.counting`).

A piece an earlier run stored whole is passed over unread (:mod:`warta.store.done_pieces`)
and the worker says so: its bytes leave the input, so that a resumed run estimates the
time left from what it has to read. A piece stored in part counts as read like any other.
"""

from __future__ import annotations

import os

from warta.runners.partition_plan import WHOLE, PartitionJob, planned
from warta.sources.dumps import DumpSource
from warta.sources.warc import WarcSource
from warta.sources.warc_layout import Spans

__all__ = ["PieceProgress"]


class PieceProgress:
    """The pieces of a run's WARC files, by number, and which worker is on which."""

    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.total = sum(sizes)
        self._done = 0
        self._on: dict[int, int] = {}  # worker index -> the piece it is on

    @classmethod
    def plan(cls, job: PartitionJob) -> PieceProgress | None:
        """The pieces ``job``'s workers will take, or None when some input is not cut
        into pieces of known bytes (or there is nothing to read)."""
        sizes: list[int] = []
        for source, spans in planned(job):
            if spans is None or not isinstance(source, WarcSource | DumpSource):
                return None
            if isinstance(source, DumpSource) and spans != [WHOLE]:
                return None  # rows of a Parquet dump: their bytes are not known
            if isinstance(spans, Spans):  # about: a WARC file's pieces are not cut yet
                sizes += spans.sizes()
                continue
            try:
                size = os.path.getsize(source.path)
            except OSError:
                return None  # gone since it was cut: its source reports that
            sizes += [(size if end is None else end) - start for start, end in spans]
        return cls(sizes) if sum(sizes) > 0 else None

    def taken(self, worker: int, piece: int) -> None:
        """Worker ``worker`` took piece ``piece``: the one it was on is finished."""
        self.finished(worker)
        if 0 <= piece < len(self.sizes):  # past the last piece: it found none left
            self._on[worker] = piece

    def passed(self, worker: int, piece: int) -> None:
        """Worker ``worker`` passed over piece ``piece``, stored whole before: it is no
        longer part of the input (and the worker is on no piece)."""
        if self._on.get(worker) == piece:
            del self._on[worker]
        if 0 <= piece < len(self.sizes):
            self.total -= self.sizes[piece]
            self.sizes[piece] = 0

    def finished(self, worker: int) -> None:
        """Worker ``worker`` is done with the piece it was on (if any)."""
        piece = self._on.pop(worker, None)
        if piece is not None:
            self._done += self.sizes[piece]

    def fraction(self) -> float:
        """The share of the input's bytes read, 0 to 1."""
        if self.total <= 0:  # every piece was passed over
            return 1.0
        current = sum(self.sizes[piece] for piece in self._on.values())
        return min(1.0, (self._done + current / 2) / self.total)
