"""The fast path of :mod:`warta.sources.warc`: plain HTTP responses read with FastWARC.

warcio parses a record in Python (0.5 ms a page of a gzipped CC-NEWS-like file, a tenth
of extracting it, in the one process that also writes the store); FastWARC does the same
in native code (0.2 ms, both measured on the same 2,000 pages). But warcio is the reader
whose behaviour on bad bytes the source is built around (resync after a corrupt record,
``truncated-warc``, the whole-file gzip fallback, content and transfer encodings undone).
So FastWARC reads only while everything is plain, and hands over otherwise:

- :class:`FastResponses` yields the HTTP responses of a WARC file (uncompressed, or
  gzipped per record), from an offset on, as :class:`Response` items;
- it stops at the first record it cannot vouch for: one FastWARC cannot parse, an input
  record without a clean HTTP head (no status, non-ASCII headers) or with a content or
  transfer encoding. Its :attr:`~FastResponses.resume` then says where warcio goes on:
  at that record, or just after the last record read here (``skip`` = 1: warcio reads
  that record again and passes over it, so its offset bookkeeping starts right), and
  :attr:`~FastResponses.failed` whether FastWARC could not read the bytes that follow
  (the caller then hands warcio the last record as well, see ``WarcSource._fast``);
- the caller hands over too when a response's payload turns out shorter than its record
  says (:meth:`Response.complete`), and at the end of the file, so that warcio's check
  for trailing bytes runs.

Offsets are FastWARC's record positions in the file, which are warcio's offsets (the
start of the record, or of its gzip member), so sources keep their names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from fastwarc.warc import ArchiveIterator, WarcRecordType

__all__ = ["READ_SIZE", "FastResponses", "Response"]

# Bytes FastWARC reads from the file at a time. It asks for 64 KiB; short reads are fine,
# and smaller ones keep the file read only a little ahead of the records handed out
# (tests/sources/test_warc.py::test_reading_is_lazy) at no measurable cost.
READ_SIZE = 16 * 1024
_ENCODINGS = ("content-encoding", "transfer-encoding")
_INPUT, _OTHER, _DOUBT = "input", "other", "doubt"


class _Reads:
    """``handle`` read at most :data:`READ_SIZE` bytes at a time (FastWARC's input)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        return self._handle.read(READ_SIZE if size < 0 else min(size, READ_SIZE))

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def close(self) -> None:
        """The handle belongs to the caller, who closes it."""


@dataclass(slots=True)
class Response:
    """One HTTP response record: its offset, WARC fields, HTTP head and payload."""

    offset: int
    url: str
    date: str | None
    status: int
    headers: tuple[tuple[str, str], ...]
    _record: Any = field(repr=False)
    _read: int = 0

    def read(self, size: int = -1) -> bytes:
        """The next bytes of the payload (as the HTTP message carries it)."""
        data: bytes = self._record.reader.read(size)
        self._read += len(data)
        return data

    def digest_matches(self, max_bytes: int) -> bool:
        """Whether the payload matches the record's ``WARC-Payload-Digest``: True without
        one, or for a payload over ``max_bytes`` (which is rejected as too large anyway,
        and is not read whole here). Call it before reading the payload, which FastWARC
        then keeps for :meth:`read`."""
        record = self._record
        if not record.headers.get("WARC-Payload-Digest") or record.content_length > max_bytes:
            return True
        return bool(record.verify_payload_digest(consume=False))

    def complete(self) -> bool:
        """Whether the record holds the whole payload its length promises; skips what
        was not read, so call it once, after reading."""
        rest: int = self._record.consume()
        expected: int = self._record.content_length
        return self._read + rest == expected


class FastResponses(Iterator[Response]):
    """The HTTP responses of a WARC file from ``start`` on; see the module docstring."""

    def __init__(self, handle: IO[bytes], start: int) -> None:
        handle.seek(start)
        self.resume = (start, 0)  # (offset, records to skip) where warcio goes on
        self.failed = False  # stopped because FastWARC could not read the bytes
        self._records: Iterator[Any] | None = None
        self._handle = handle
        self._last: int | None = None  # offset of the response handed out last

    def __next__(self) -> Response:
        if self._last is not None:
            self.resume, self._last = (self._last, 1), None
        try:
            if self._records is None:
                self._records = iter(ArchiveIterator(_Reads(self._handle), parse_http=True))
            while True:
                record = next(self._records)
                kind = _kind(record)
                if kind == _OTHER:
                    self.resume = (record.stream_pos, 1)  # passed over by both readers
                    continue
                response = _response(record) if kind == _INPUT else None
                if response is None:
                    self.resume = (record.stream_pos, 0)  # a record warcio must judge
                    raise StopIteration
                self._last = record.stream_pos
                return response
        except StopIteration:
            raise
        # FastWARC raises OSError and ValueError on bad bytes; warcio takes over there.
        except Exception:
            self.failed = True
            raise StopIteration from None


def _kind(record: Any) -> str:
    """:data:`_INPUT` for a response record for an http(s) address (what the source
    turns into a document), :data:`_OTHER` for a record that is no input, or
    :data:`_DOUBT` when warcio would read its WARC head differently: it strips the
    angle brackets some writers put around the address (Wget 1.19), encodes spaces in
    it, and compares the record type as written."""
    written = record.headers.get("WARC-Type")
    url = record.headers.get("WARC-Target-URI") or ""
    response = record.record_type == WarcRecordType.response
    if url.startswith("<") or " " in url or response != (written == "response"):
        return _DOUBT
    if not response or not url.lower().startswith(("http:", "https:")):
        return _OTHER
    return _INPUT


def _response(record: Any) -> Response | None:
    """An input record as a :class:`Response`, or None when its HTTP head is not plain."""
    if not record.is_http:
        return None
    http = record.http_headers
    status = http.status_code
    headers = http.items()
    url = record.headers.get("WARC-Target-URI")
    date = record.headers.get("WARC-Date")
    if status is None or not url.isascii() or not (date or "").isascii():
        return None
    for name, value in headers:
        if not (name.isascii() and value.isascii()) or name.lower() in _ENCODINGS:
            return None
    return Response(record.stream_pos, url, date, status, headers, record)
