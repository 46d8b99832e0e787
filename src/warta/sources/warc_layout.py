"""How a WARC or ARC file is stored, and where the next record starts after damage.

:class:`Layout` reads a file's first bytes: WARC or ARC, plain, gzipped per record (several
members, which can be sought) or gzipped whole (one stream, which cannot), and whether it
holds a record at all. :func:`resync` finds the next record start after a record that could
not be read: a gzip member that opens with a record header, or, in a plain file, a header
line of the file's own format.
"""

from __future__ import annotations

import itertools
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator, WARCIterator

from warta.sources.options import CHUNK, GZIP_MAGIC

__all__ = ["FINER_CUTS", "NOT_CHUNKED", "Layout", "Spans", "resync"]

# Record starts to resync on: a WARC version line, or an ARC v1 header line (URL, IP,
# 14-digit date, MIME type, length). Each file is held to its own format: in mixed mode
# warcio would take any garbage line with four spaces for an ARC header.
_WARC_LINE = re.compile(rb"\n(?=WARC/1\.[01]\r?\n)")
_ARC_LINE = re.compile(rb"\n(?=\S+ [\d.]+ \d{14} \S+ \d+\r?\n)")
# The start of an ARC file's first header line: address, IP, 14-digit date ('filedesc://').
_ARC_HEAD = re.compile(rb"\s*\S+ [\d.]+ \d{14} ")
_GZIP_MEMBER = re.compile(re.escape(GZIP_MAGIC + b"\x08"))
NOT_CHUNKED = "non-chunked gzip"
# How far into a gzipped file the first member must end for the file to count as gzipped
# per record (a first record of a megabyte is rare; a file that is not is read by warcio).
_FIRST_MEMBER = 1024 * 1024
_MEMBER_CHUNK = 64 * 1024
# Pieces each of the last shares of a file is cut into, when asked (``finer``): processes
# that take shares one after another then end within a quarter share of each other.
FINER_CUTS = 4


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file is stored: gzipped per record or not, WARC or ARC."""

    gzipped: bool
    arc: bool
    members: bool = False  # gzipped as several members (per record), not as one
    # (reason, message) when the file opens with no record at all: it is empty, or it
    # is some other kind of file (an archive is then the input that is rejected).
    unreadable: tuple[str, str] | None = None

    @classmethod
    def of(cls, handle: IO[bytes]) -> Layout:
        """The layout from the file's first bytes (decompressed when gzip)."""
        head = handle.read(4096)  # one gzip member's start holds the first header line
        gzipped = head.startswith(GZIP_MAGIC)
        if gzipped:
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
            except zlib.error:
                head = b""  # damage at the very start: the readers say what is wrong
        arc = bool(head.strip()) and not head.startswith(b"WARC/")
        unreadable = None
        if not head.strip() and not gzipped:
            unreadable = ("empty-input", "the archive holds no records")
        elif arc and not _ARC_HEAD.match(head):
            unreadable = ("not-warc", "the file starts with neither a WARC nor an ARC record")
        members = gzipped and _more_members(handle)
        return cls(gzipped=gzipped, arc=arc, members=members, unreadable=unreadable)

    @property
    def fast(self) -> bool:
        """Whether FastWARC may read the file (see :mod:`warta.sources.warc_fast`): a
        WARC file, uncompressed or gzipped per record (its offsets then match warcio's)."""
        return not self.arc and (self.members or not self.gzipped)

    def iterate(self, stream: Any, *, check_digests: bool = False) -> Any:
        """warcio's reader for this format; ARC headers are converted to WARC names. With
        ``check_digests`` it checks each record's digests as it reads it (the result is
        its ``digest_checker.passed``: None without digests)."""
        if self.arc:
            return ArchiveIterator(stream, arc2warc=True, check_digests=check_digests)
        return WARCIterator(stream, check_digests=check_digests)


def _more_members(handle: IO[bytes]) -> bool:
    """Whether the gzip member at the start of the file ends within :data:`_FIRST_MEMBER`
    bytes with more data after it: a file gzipped per record, not as one stream."""
    handle.seek(0)
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    read = 0
    try:
        while read < _FIRST_MEMBER and not unzip.eof:
            chunk = handle.read(_MEMBER_CHUNK)
            if not chunk:
                return False
            read += len(chunk)
            unzip.decompress(chunk, _MEMBER_CHUNK)
            while unzip.unconsumed_tail and not unzip.eof:
                unzip.decompress(unzip.unconsumed_tail, _MEMBER_CHUNK)
    except zlib.error:
        return False
    return unzip.eof and (bool(unzip.unused_data) or bool(handle.read(1)))


class Spans:
    """Byte spans of a WARC file that cut it between records, for
    :class:`~warta.sources.warc.WarcSource`'s ``span``, each cut found when a span is first
    asked for (iterating cuts them all).

    Each cut is the first record start at or after an equal share of the file's size (or
    of a finer share), found as after damage (:func:`resync`: a gzip member that opens
    with a WARC header), so every process that asks gets the same spans, and every record
    falls in exactly one. Two aims in the same record make an empty span.

    Finding a cut costs a seek and a short read, 0.07-0.16 ms from the page cache (more
    from a disk): a month of CC-NEWS is some 250,000 pieces of 4 MiB, 15-40 s before the
    first page if a run cut them all first (the plan of 50 files of 4,100 pieces: 0.27 s
    cut at once, 0.07 s with none cut).

    The size is taken once, when the spans are made, and a cut past it is taken as the
    end, so that a plan made once and handed to each process gives the same spans if the
    file grows meanwhile.
    """

    def __init__(self, path: str, size: int, aims: list[int], layout: Layout) -> None:
        self.path = path
        self.size = size
        self.aims = aims
        self.layout = layout
        self._cuts: dict[int, int] = {}

    @classmethod
    def of(cls, path: str | Path, parts: int, *, finer: int = 0) -> Spans | None:
        """``parts`` spans of the file at ``path``, the last ``finer`` of them each cut
        into :data:`FINER_CUTS` more, none cut yet; None for a file that cannot be cut
        that way (not gzipped per record, an ARC file, unreadable, or a single part)."""
        if parts < 2:
            return None
        try:
            with open(path, "rb") as handle:
                layout = Layout.of(handle)
                size = os.fstat(handle.fileno()).st_size
        except OSError:
            return None
        if layout.arc or not layout.members:  # ARC, plain or gzipped whole: no cuts
            return None
        return cls(str(path), size, _aims(size, parts, finer), layout)

    def __len__(self) -> int:
        return len(self.aims) + 1

    def __iter__(self) -> Iterator[tuple[int, int | None]]:
        return (self[k] for k in range(len(self)))

    def __getitem__(self, index: int) -> tuple[int, int | None]:
        """Span ``index``: its first byte and the byte after it. The last span, and one
        that runs to the end of the file, end at None, not at its size, so that they
        read (and report) what follows the last whole record: a cut short at the end."""
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = 0 if index == 0 else self._cut(index - 1)
        end = None if index == len(self.aims) else self._cut(index)
        return start, None if end is None or end >= self.size else end

    def sizes(self) -> list[int]:
        """About how many bytes each span holds (from the aims, none cut)."""
        bounds = [0, *self.aims, self.size]
        return [after - before for before, after in itertools.pairwise(bounds)]

    def _cut(self, number: int) -> int:
        """Where cut ``number`` falls: the first record start at or after its aim."""
        cut = self._cuts.get(number)
        if cut is None:
            try:
                with open(self.path, "rb") as handle:
                    found = resync(handle, self.aims[number], self.layout)
            except OSError:
                found = None  # gone since: the reader of the span says so
            cut = self._cuts[number] = min(self.size, self.size if found is None else found)
        return cut


def _aims(size: int, parts: int, finer: int) -> list[int]:
    """The offsets the cuts aim at, in order: the starts of ``parts`` equal shares of
    ``size`` after the first, and inside each of the last ``finer`` shares its
    :data:`FINER_CUTS` equal pieces."""
    fine = range(max(0, parts - finer), parts)
    aims = [size * k // parts for k in range(1, parts)]
    aims += [
        size * (k * FINER_CUTS + j) // (parts * FINER_CUTS)
        for k in fine
        for j in range(1, FINER_CUTS)
    ]
    return sorted(aims)


def resync(handle: IO[bytes], start: int, layout: Layout) -> int | None:
    """The offset of the next record start at or after ``start``, or None at the end.

    Reads in chunks with an overlap, so a marker across a chunk boundary is found.
    """
    line = _ARC_LINE if layout.arc else _WARC_LINE
    pattern = _GZIP_MEMBER if layout.gzipped else line
    overlap = 64
    position = start
    while True:
        handle.seek(position)
        chunk = handle.read(CHUNK)
        if not chunk:
            return None
        for match in pattern.finditer(chunk):
            if layout.gzipped:
                candidate = position + match.start()
                found = candidate >= start and _gzip_record_at(handle, candidate, line)
            else:
                candidate = position + match.start() + 1  # after the newline
                found = candidate >= start
            if found:
                return candidate
        if len(chunk) < CHUNK:
            return None
        position += len(chunk) - overlap


def _gzip_record_at(handle: IO[bytes], offset: int, line: re.Pattern[bytes]) -> bool:
    """Whether a gzip member at ``offset`` opens with a record header ``line`` matches."""
    handle.seek(offset)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(handle.read(4096), 256)
    except zlib.error:
        return False
    return line.match(b"\n" + head) is not None
