"""Reading gzip data: with python-isal's reader when it is installed, else the standard
library's.

Intel's ISA-L inflates the same streams about 2.5 times as fast as zlib: passing over the
lines of a gzipped JSONL dump of the ingest benchmark's pages took 0.24 ms a line with
it against 0.60 with :mod:`gzip` (5,000 lines of ~160 KiB), and in a partitioned ingest
every worker decompresses a gzipped dump whole, as it cannot be cut into pieces. Page
files (``.html.gz``), feeds and WARC files gzipped whole take the same path. It comes
with ``pip install 'warta[fast]'``; without it nothing changes but the speed.

Both readers behave alike: a stream that ends early raises :class:`EOFError`, a bad
header or checksum :class:`gzip.BadGzipFile`; bad compressed data raises
:class:`zlib.error` or isal's own error, which :func:`gzip_errors` names together. They
differ at a cut: the standard library's gives every byte before it, ISA-L's loses what
the read that meets it decompressed (a gzipped JSONL dump cut in half gave none of its
four whole rows, against four). So a seekable stream cut short is read again past that
point with the standard library's (:class:`_Recovering`), and the rows before a cut
come out whichever reader is installed.
"""

from __future__ import annotations

import functools
import gzip
import io
import zlib
from types import ModuleType
from typing import IO, cast

__all__ = ["gzip_errors", "gzip_reader"]


@functools.cache
def _isal() -> ModuleType | None:
    """python-isal's gzip module, or None when it is not installed (imported on first
    use, once)."""
    try:
        from isal import igzip  # noqa: PLC0415 - optional
    except ImportError:
        return None
    return igzip


def gzip_reader(fileobj: IO[bytes], *, fast: bool = True) -> IO[bytes]:
    """A binary stream of the data gzipped in ``fileobj`` (one member or several), read
    with ISA-L when it is installed and ``fast``; closing it leaves ``fileobj`` open."""
    igzip = _isal() if fast else None
    if igzip is None:
        return cast("IO[bytes]", gzip.GzipFile(fileobj=fileobj, mode="rb"))
    if not fileobj.seekable():
        return cast("IO[bytes]", igzip.IGzipFile(fileobj=fileobj, mode="rb"))
    return io.BufferedReader(_Recovering(fileobj, igzip), buffer_size=READ_SIZE)


# Bytes inflated at a time by a reader that recovers a cut. Bad compressed data costs
# what the read that meets it inflated, so reads stay as small as the readers' own
# buffers (a dump's member before a damaged one comes out whole). The calls through
# Python this makes cost passing over the lines of a gzipped dump of the benchmark's
# pages 0.26 -> 0.29 ms a line (2,000 lines, three runs), some 0.6% of extracting them.
READ_SIZE = io.DEFAULT_BUFFER_SIZE


class _Recovering(io.RawIOBase):
    """ISA-L's reader of ``fileobj``, until it meets the stream's end before the gzip
    end (EOFError): then the standard library's reads it again from where it started,
    passes over the bytes handed on already, and gives the rest up to the cut before it
    raises EOFError itself."""

    def __init__(self, fileobj: IO[bytes], igzip: ModuleType) -> None:
        self._file = fileobj
        self._start = fileobj.tell()
        self._reader: IO[bytes] = igzip.IGzipFile(fileobj=fileobj, mode="rb")
        self._given = 0
        self._again = False  # reading with the standard library's reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # read1: one read of the reader's own source at most, so that bytes decompressed
        # before a cut are handed on before the read that meets it (readinto would try
        # to fill the buffer, and lose them to the EOFError).
        try:
            data = self._reader.read1(min(len(buffer), READ_SIZE))  # type: ignore[attr-defined]
        except EOFError:
            if self._again:
                raise
            self._read_again()
            data = self._reader.read1(min(len(buffer), READ_SIZE))  # type: ignore[attr-defined]
        count = len(data)
        buffer[:count] = data
        self._given += count
        return count

    def _read_again(self) -> None:
        self._again = True
        self._reader.close()
        self._file.seek(self._start)
        self._reader = cast("IO[bytes]", gzip.GzipFile(fileobj=self._file, mode="rb"))
        left = self._given
        while left > 0:
            chunk = self._reader.read1(min(left, READ_SIZE))  # type: ignore[attr-defined]
            if not chunk:
                raise EOFError("Compressed file ended before the end-of-stream marker")
            left -= len(chunk)

    def close(self) -> None:
        """Close the reader, not ``fileobj``: that is the caller's."""
        if not self.closed:
            self._reader.close()
        super().close()


def gzip_errors() -> tuple[type[Exception], ...]:
    """What either reader raises for data that is not valid gzip (besides EOFError for a
    stream cut short): a bad header or checksum, bad compressed data."""
    errors: tuple[type[Exception], ...] = (gzip.BadGzipFile, zlib.error)
    igzip = _isal()
    if igzip is not None:
        from isal.isal_zlib import error  # noqa: PLC0415 - optional

        errors += (cast("type[Exception]", error),)
    return errors
