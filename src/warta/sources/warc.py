"""Pages from WARC and ARC files (gzipped per record or not), streamed.

WARC records are read with FastWARC while they are plain (native code, half the cost of
warcio; see :mod:`warta.sources.warc_fast`), and with warcio wherever FastWARC cannot
vouch for one: ARC files, a file gzipped whole, a record with a content or transfer
encoding or an unusual head, and every kind of damage below. Both give the same
documents (tests/sources/test_warc_fast.py checks that).

Only HTTP responses are inputs: request, metadata, warcinfo and revisit records, and
non-HTTP captures (``dns:``), are crawler bookkeeping and are skipped silently. Every
HTTP response is accounted for: an HTML one is yielded with its payload (content and
transfer encodings undone by warcio), anything else as an error document (``not-html``,
``empty-record``, ``redirect``, ``http-status``, ``input-too-large``). This covers the
Common Crawl layout (request, response and metadata records per capture) and CC-NEWS
(response records only, WARC/1.0).

A record warcio cannot parse yields one ``corrupt-warc`` document at its offset. warcio
itself cannot go on after that, so this module resyncs: it scans forward for the next
record start (a gzip member that opens with a WARC or ARC header, or a ``WARC/1.x`` line
in an uncompressed file) and restarts the reader there. A file gzipped whole (not per
record) cannot be sought; it is read through one gzip stream instead, its offsets are
positions in the uncompressed data, and a corrupt record there ends the stream. A record
that ends before its length (the file is cut, or its compressed bytes are damaged) yields
``truncated-warc`` and the read resyncs after it, as do bytes left over at the end that
make no record. A file that holds no record at all is one input rejected as
``empty-input``, or ``not-warc`` when it starts with something else.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from collections.abc import Generator, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from warta.errors import InputTooLarge
from warta.sources.base import RawDocument
from warta.sources.gzipped import gzip_reader
from warta.sources.options import (
    CHUNK,
    Readable,
    SourceOptions,
    TooLarge,
    error_document,
    limited,
    read_capped,
)
from warta.sources.warc_fast import FastResponses
from warta.sources.warc_layout import NOT_CHUNKED, Layout, resync

__all__ = ["HTML_TYPES", "WarcSource", "looks_like_html"]

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# How much of a payload without a Content-Type the HTML sniff reads.
_SNIFF = 1024
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
Segment = Generator[RawDocument, None, int | None]
DIGEST_MISMATCH = "the data does not match the record's digest"


def looks_like_html(data: bytes) -> bool:
    """Whether a payload without a Content-Type starts like an HTML page."""
    return _HTML_START.search(data[:_SNIFF]) is not None


class WarcSource:
    """HTML responses of one WARC or ARC file; source = ``f"{path}@{offset}"``.

    ``span`` (from :class:`~warta.sources.warc_layout.Spans`) limits the source to
    the records that start at offsets in ``[lo, hi)`` (``hi`` None: to the end), so that
    several processes can share one file, each reading and decompressing only its part.
    What concerns the whole file (it cannot be opened, holds no record) is said by the
    span that starts at 0, and bytes left over at its end by the last span.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        options: SourceOptions | None = None,
        span: tuple[int, int | None] | None = None,
    ) -> None:
        self.path = str(path)
        self.options = options or SourceOptions()
        self.lo, self.hi = span or (0, None)

    def documents(self) -> Iterator[RawDocument]:
        """Every HTTP response of the file in order, each read in chunks to the cap."""
        return limited(self._documents(), self.options.limit)

    def _documents(self) -> Iterator[RawDocument]:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            if self.lo == 0:
                reason = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
                yield error_document(self.path, reason, exc.strerror or str(exc))
            return
        with handle:
            layout = Layout.of(handle)
            if layout.unreadable is not None:
                if self.lo == 0:
                    yield error_document(self.path, *layout.unreadable)
                return
            start: int | None = self.lo
            while start is not None and not self._beyond(start):
                skip, budget = 0, None
                if layout.fast:  # FastWARC while records are plain, then one by warcio
                    start, skip, budget = yield from self._fast(handle, start)
                handle.seek(start)
                start = yield from self._segment(handle, layout, skip=skip, budget=budget)

    def _fast(
        self, handle: IO[bytes], start: int
    ) -> Generator[RawDocument, None, tuple[int, int, int]]:
        """Documents read by FastWARC from ``start`` on; returns where warcio goes on: an
        offset, how many records there to pass over, and how many to read after them."""
        responses = FastResponses(handle, start)
        # Each document is held until the record after it has been read: the gzip CRC of
        # a member is not checked, so a member whose compressed bytes are damaged can
        # give its record a payload that is garbled but whole. Its data then does not end
        # where the record's length says, and the record after it does not parse. Such a
        # held record goes back to warcio, which finds that out (see _segment).
        held: RawDocument | None = None
        for response in responses:
            if held is not None:
                yield held
                held = None
            if self._beyond(response.offset):
                return response.offset, 0, 1
            doc = RawDocument(source=f"{self.path}@{response.offset}", url=response.url)
            head = (response.date, response.status, response.headers)
            try:
                if self.options.verify_digests and not response.digest_matches(
                    self.options.max_bytes
                ):
                    doc = _fail(doc, "corrupt-warc", DIGEST_MISMATCH)
                else:
                    doc = self._response(doc, *head, response)
                complete = response.complete()
            except Exception:  # bad bytes in the payload (FastWARC raises OSError)
                complete = False
            if not complete:  # warcio reads the record again and says what is wrong
                return response.offset, 0, 1
            held = doc
        offset, skip = responses.resume
        if held is not None:
            if responses.failed and skip == 1 and held.source == f"{self.path}@{offset}":
                return offset, 0, 2  # what follows it did not parse: warcio reads both
            yield held
        return offset, skip, 1

    def _segment(
        self, handle: IO[bytes], layout: Layout, *, skip: int = 0, budget: int | None = None
    ) -> Segment:
        """Records from the handle's position on, passing over the first ``skip`` and
        stopping after ``budget`` more (None: to the end); returns where to go on (after
        the budget, or a resync after a corrupt record), or None at the end."""
        first = handle.tell()
        records = self._iterate(handle, layout)
        seen, floor = 0, first - 1  # floor: the offset of the last record read
        while budget is None or seen < skip + budget:
            offset = _ahead(int(records.offset), floor)
            if seen >= skip and self._beyond(offset):
                return int(offset)
            errors = records.err_count  # warcio's count of records not ended by blank lines
            try:
                with _stderr_logged(self.path, offset):
                    record = next(records, None)
                    if record is None:
                        break
                    seen, floor = seen + 1, offset
                    doc = self._record(record, offset) if seen > skip else None
                    records.read_to_end()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # The record ends early: the file is cut short here, or its compressed
                    # bytes are damaged (warcio then stops decompressing and reads on as if
                    # the file ended). Either way the reader has lost its place: records
                    # after this one are found by resyncing (none, at a true end).
                    if doc is not None:
                        yield _fail(doc, "truncated-warc", "the record ends before its length")
                    return resync(handle, offset + 1, layout)
            # warcio raises many kinds of exception on bad bytes (its own, zlib, parsing)
            except Exception as exc:
                if NOT_CHUNKED in str(exc) and first == 0:
                    yield from self._whole_gzip(handle, layout, skip=max(seen, skip))
                    return None
                if seen >= skip:  # (not a record read already, by FastWARC)
                    yield self._error(offset, "corrupt-warc", _describe(exc))
                return resync(handle, offset + 1, layout)
            if doc is not None:
                yield self._judged(doc, record, records.err_count > errors, layout)
        else:
            end = int(records.offset)
            return end if end > floor else resync(handle, floor + 1, layout)
        yield from self._tail(handle, records.offset)
        return None

    def _judged(self, doc: RawDocument, record: Any, unended: bool, layout: Layout) -> RawDocument:
        """``doc``, or its rejection when its record is damaged: warcio found something
        other than the blank lines that end a WARC record after its data (``unended``:
        its length and its data disagree, as when a damaged gzip member inflates to other
        bytes; ARC records may lack the blank line, so this says nothing there), or, with
        ``verify_digests``, a digest the data does not match."""
        if doc.error is not None:
            return doc
        if unended and not layout.arc:
            return _fail(doc, "corrupt-warc", "the record's data does not end at its length")
        if self.options.verify_digests and record.digest_checker.passed is False:
            return _fail(doc, "corrupt-warc", DIGEST_MISMATCH)
        return doc

    def _beyond(self, offset: int) -> bool:
        """Whether a record at ``offset`` belongs to the next span."""
        return self.hi is not None and offset >= self.hi

    def _tail(self, handle: IO[bytes], end: int) -> Iterator[RawDocument]:
        """An error for unread bytes after the last record (a truncated file)."""
        size = os.fstat(handle.fileno()).st_size
        if end < size and self.hi is None:
            handle.seek(end)
            if handle.read(CHUNK).strip(b"\r\n\x00"):
                yield self._error(end, "truncated-warc", f"{size - end} bytes make no record")

    def _whole_gzip(self, handle: IO[bytes], layout: Layout, skip: int) -> Iterator[RawDocument]:
        """A file gzipped as one member: read through a gzip stream, without resync."""
        log.info("%s is gzipped whole, not per record; offsets are uncompressed", self.path)
        handle.seek(0)
        with gzip_reader(handle) as unzipped:
            records = self._iterate(unzipped, layout)
            with _stderr_logged(self.path, 0):
                for _ in range(skip):  # already yielded before the reader gave up
                    next(records, None)
                    records.read_to_end()
            while True:
                offset = records.offset
                errors = records.err_count
                try:
                    with _stderr_logged(self.path, offset):
                        record = next(records, None)
                        if record is None:
                            return
                        doc = self._record(record, offset)
                        records.read_to_end()  # sets records.offset to the next record
                except Exception as exc:  # as in _segment
                    yield self._error(offset, "corrupt-warc", _describe(exc))
                    return
                if doc is not None:
                    yield self._judged(doc, record, records.err_count > errors, layout)

    def _iterate(self, stream: Any, layout: Layout) -> Any:
        """warcio's reader of ``stream``, checking digests when the options say so."""
        return layout.iterate(stream, check_digests=self.options.verify_digests)

    def _error(self, offset: int, reason: str, message: str) -> RawDocument:
        return error_document(f"{self.path}@{offset}", reason, message)

    def _record(self, record: Any, offset: int) -> RawDocument | None:
        """The document for one warcio record, or None for a record that is not an input."""
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if record.rec_type != "response" or not url.lower().startswith(("http:", "https:")):
            return None
        doc = RawDocument(source=f"{self.path}@{offset}", url=url)
        http = record.http_headers
        if http is None:
            doc.fetched = _parse_date(record.rec_headers.get_header("WARC-Date"))
            return _fail(doc, "empty-record", "no HTTP response in the record")
        status = _status(http.get_statuscode())
        date = record.rec_headers.get_header("WARC-Date")
        return self._response(doc, date, status, http.headers, record.content_stream())

    def _response(
        self,
        doc: RawDocument,
        date: str | None,
        status: int | None,
        headers: Iterable[tuple[str, str]],
        payload: Readable,
    ) -> RawDocument:
        """``doc`` with the fields of an HTTP response, its payload read from ``payload``
        (or the reason it has none): the rules both readers share."""
        doc.fetched = _parse_date(date)
        doc.status = status
        pairs = list(headers)
        doc.headers = _headers(pairs)
        doc.content_type = next((v for k, v in pairs if k.lower() == "content-type"), None)
        problem = _status_problem(doc)
        if problem is not None:
            return _fail(doc, *problem)
        return self._payload(doc, payload)

    def _payload(self, doc: RawDocument, payload: Readable) -> RawDocument:
        """``doc`` with the HTML payload, or with the reason there is none."""
        media = (doc.content_type or "").split(";", 1)[0].strip().lower()
        if media and media not in HTML_TYPES:
            return _fail(doc, "not-html", media)
        try:
            data = read_capped(payload, self.options.max_bytes)
        except TooLarge as exc:
            return _fail(doc, InputTooLarge.reason, str(exc))
        # isspace() stops at the first other byte; strip() would copy the whole page.
        if not data or data.isspace():
            return _fail(doc, "empty-record", "the response has no body")
        if not media and not looks_like_html(data):
            return _fail(doc, "not-html", "no Content-Type and the payload is not HTML")
        doc.data = data
        return doc


@contextlib.contextmanager
def _stderr_logged(path: str, offset: int) -> Iterator[None]:
    """Run warcio with what it writes to stderr logged at DEBUG instead.

    warcio writes a line to stderr at every read of a damaged gzip member: hundreds for
    one bad record, over the progress bar and from every worker. The reader reports the
    damage itself (a rejected record with its reason), so the lines are kept only in the
    log. ``sys.stderr`` is swapped while warcio reads one record: logging's handlers keep
    their own stream and are unaffected, but another thread writing to ``sys.stderr``
    directly in that moment is logged here too (as warcio's, and not lost).
    """
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        yield
    if said.tell():
        lines = said.getvalue().splitlines()
        log.debug("%s@%d: warcio wrote %d lines to stderr: %s", path, offset, len(lines), lines[0])


def _ahead(offset: int, floor: int) -> int:
    """warcio's ``offset`` of the next record, or just past ``floor`` (the offset of the
    last record read) when it is not ahead of it: after a damaged gzip member warcio's
    bookkeeping can fall back, and a reader that went back there would read the same
    records again, for ever. An error there is named just past ``floor``, and the search
    for the next record starts there."""
    return offset if offset > floor else floor + 1


def _fail(doc: RawDocument, reason: str, message: str) -> RawDocument:
    """``doc`` rejected for ``reason``: it carries the reason, and no page."""
    doc.error = f"{reason}: {message}"
    doc.data = None
    return doc


def _status_problem(doc: RawDocument) -> tuple[str, str] | None:
    """Why a response with this status is no article: a redirect or an HTTP error."""
    status = doc.status
    if status is None or 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return "redirect", f"{status} to {doc.headers.get('location', '?')}"
    return "http-status", str(status)


def _status(code: Any) -> int | None:
    try:
        return int(code)
    except (TypeError, ValueError):
        return None


def _headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """HTTP headers by lower-cased name; repeated headers joined with ', ' (RFC 9110)."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _parse_date(value: str | None) -> datetime | None:
    """WARC-Date (ISO 8601, 'Z' for UTC); ARC dates arrive converted by warcio."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# What warcio's ArchiveLoadFailed puts before the bytes it could not parse.
_QUOTE_MARKER = "first line: "


def _describe(exc: Exception) -> str:
    """``exc`` as a rejection message: short and printable for the store. warcio's quote
    the bad bytes after ``first line: ``; bytes that are mostly not text (a damaged gzip
    member, zeros) say nothing the record's offset does not, so the message says so
    instead of quoting them. The quote is cut at the first such marker, since the bad
    bytes may hold a ``": "`` of their own."""
    text = " ".join(str(exc).split())
    marker = _QUOTE_MARKER if _QUOTE_MARKER in text else ": "
    lead, colon, quoted = text.partition(marker)
    if colon and not _reads_as_text(quoted):
        text = f"{lead}{marker}not text"
    text = "".join(c if c.isprintable() else "?" for c in text[:120])
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _reads_as_text(quoted: str) -> bool:
    """Whether at least three quarters of ``quoted`` is printable ASCII (a WARC header
    line is ASCII; a misplaced one still reads as text)."""
    plain = sum(1 for c in quoted if " " <= c <= "~")
    return plain * 4 >= len(quoted) * 3
