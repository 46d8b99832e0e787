"""What every source is told: size caps, column names, a fetcher, a limit.

Also the few helpers all sources share: making an error document, capping a stream at
``max_bytes`` while reading it in chunks, stopping a stream after ``limit`` documents, and
ending one that fails in a way no source should with an error document (:func:`guarded`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from warta.errors import (
    INTERNAL_ERROR,
    BadGzip,
    InputError,
    InputTooLarge,
    MissingDependency,
    TruncatedGzip,
)
from warta.sources.base import RawDocument
from warta.sources.gzipped import gzip_errors, gzip_reader

__all__ = [
    "CHUNK",
    "GZIP_MAGIC",
    "Fetch",
    "Readable",
    "SourceOptions",
    "TooLarge",
    "error_document",
    "guarded",
    "limited",
    "page_error",
    "read_capped",
    "read_page",
    "read_page_file",
]

# Takes a URL, returns the body; raises warta.errors.FetchError (with the fetcher's reason:
# http-404, robots-disallowed, ...) or returns None when it could not be fetched. The
# runner passes the polite fetcher; tests pass a dict lookup.
Fetch = Callable[[str], bytes | None]

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
# Read size for streams: large enough that a 2 MiB page takes a handful of calls, small
# enough that going one chunk past the cap costs nothing. Not larger: FastWARC makes a
# buffer of the size asked for each read, and reading the ingest benchmark's WARC took
# 0.221 ms a record in reads of 1 MiB, 0.206 in reads of 256 KiB (the best of four).
CHUNK = 256 * 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class SourceOptions:
    """How sources read their inputs.

    ``max_bytes`` is the same cap as :class:`~warta.extract.options.ExtractOptions`
    (32 MiB): a larger document becomes an ``input-too-large`` error document, read in
    chunks so it is never held whole. Feeds have their own cap, because the sitemap
    protocol (sitemaps.org) allows 50 MB uncompressed; they are parsed as a stream, so
    the cap bounds work, not memory. ``limit`` stops every source after that many
    documents (error documents count). ``verify_digests`` rejects a WARC response whose
    payload does not match its ``WARC-Payload-Digest`` (a record without one is read as
    usual): it catches damage that leaves a record's length whole, for a SHA-1 pass over
    each payload (0.05 to 0.07 ms a record more on the ingest benchmark, about 1.5%).
    """

    max_bytes: int = 32 * 1024 * 1024
    max_feed_bytes: int = 50 * 1024 * 1024
    html_column: str = "html"
    text_column: str = "text"
    url_column: str = "url"
    fetch: Fetch | None = None
    # A sitemap index may name sitemap indexes; three levels covers every layout we know
    # (news outlets use one: index -> monthly sitemaps).
    max_sitemap_depth: int = 3
    max_sitemaps: int = 1_000
    limit: int | None = None
    verify_digests: bool = False
    # Whether the store holds an input already (a resumed run's store.is_done): page
    # files and dump rows it holds come bare, their name only, neither read nor parsed.
    stored: Callable[[str], bool] | None = None


class Readable(Protocol):
    """Anything with ``read(size)``: a file, a gzip stream, a warcio payload stream."""

    def read(self, size: int = -1, /) -> bytes: ...


class TooLarge(Exception):
    """A stream went over its cap; turned into an ``input-too-large`` document."""


def error_document(source: str, reason: str, message: str, **fields: object) -> RawDocument:
    """A document that could not be read: ``error`` is ``'reason: message'``."""
    doc = RawDocument(source=source, error=f"{reason}: {message}")
    for name, value in fields.items():
        setattr(doc, name, value)
    return doc


def guarded(docs: Iterator[RawDocument], where: str) -> Iterator[RawDocument]:
    """``docs``, ended by an ``internal-error`` document for ``where`` (the input's path or
    spec) if reading them raises: sources turn bad input into error documents, so an
    exception is a bug, or a library failing in a way nobody foresaw. That input's later
    documents are lost to this run, not the other inputs (nor the run). Except
    :class:`~warta.errors.MissingDependency`, which no input can be read without, and
    ``MemoryError``, after which a process should not go on."""
    try:
        yield from docs
    except (MissingDependency, MemoryError):
        raise
    except Exception as exc:
        log.error("reading %s failed; its other documents are skipped", where, exc_info=True)
        message = f"reading failed: {type(exc).__name__}: {exc}"
        yield error_document(where, INTERNAL_ERROR, message[:500])


def limited(docs: Iterator[RawDocument], limit: int | None) -> Iterator[RawDocument]:
    """At most ``limit`` documents of ``docs``; closes ``docs`` so its files close now."""
    if limit is None:
        yield from docs
        return
    try:
        for count, doc in enumerate(docs):
            if count >= limit:
                break
            yield doc
    finally:
        close = getattr(docs, "close", None)
        if close is not None:
            close()


def read_capped(stream: Readable, max_bytes: int) -> bytes:
    """All of ``stream`` in chunks, raising :class:`TooLarge` once past ``max_bytes``.

    At most one chunk more than the cap is ever held, so a huge input costs no memory.
    """
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"more than {max_bytes} bytes")
        parts.append(chunk)


def read_page_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a file, gunzipped when it starts with gzip's magic bytes; raises as
    :func:`read_page` does, and OSError."""
    with open(path, "rb") as handle:
        return read_page(handle, max_bytes)


def read_page(handle: IO[bytes], max_bytes: int) -> bytes:
    """The bytes of a page in a seekable stream, gunzipped when they start with gzip's
    magic bytes (the bytes decide, not a name: a page saved unzipped as ``.html.gz`` is
    read as it is).

    Raises :class:`TooLarge` (also for a gzip bomb: the cap applies to the decompressed
    size), EOFError for a truncated gzip and ValueError (the reader's
    :func:`~warta.sources.gzipped.gzip_errors` wrapped) for corrupt gzip data.
    """
    start = handle.tell()
    zipped = handle.read(2) == GZIP_MAGIC
    handle.seek(start)
    if not zipped:
        return read_capped(handle, max_bytes)
    try:
        with gzip_reader(handle) as unzipped:
            return read_capped(unzipped, max_bytes)
    except gzip_errors() as exc:  # BadGzipFile is an OSError
        raise ValueError(f"corrupt gzip data: {exc}") from exc


def page_error(exc: TooLarge | EOFError | ValueError, source: str) -> InputError:
    """What :func:`read_page` raised for ``source``, as the error tree names it."""
    if isinstance(exc, TooLarge):
        return InputTooLarge(str(exc), source=source)
    if isinstance(exc, EOFError):
        return TruncatedGzip(str(exc) or "gzip data ends early", source=source)
    return BadGzip(str(exc), source=source)
