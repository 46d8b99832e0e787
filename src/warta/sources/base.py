"""What every source yields: raw documents with where they came from.

A source reads one kind of input (files, WARC archives, dumps, feeds, URL lists) and
yields :class:`RawDocument` records in a stream. It never extracts and never raises for
one bad document: a document it cannot produce is yielded with ``error`` set, so that the
runner stores it as rejected with its reason and location, and the stream goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

__all__ = ["TEXT_PLAIN", "RawDocument", "Source", "storable"]

# Content type that sends a document through plain-text mode instead of the page pipeline.
TEXT_PLAIN = "text/plain"


@dataclass(slots=True)
class RawDocument:
    """One input document before extraction.

    ``source`` locates it for a human and for resuming: a file path,
    ``FILE.warc.gz@OFFSET``, ``FILE:LINE`` for dump rows, or the URL. It is unique within
    a run. ``data`` is None for a document still to be fetched (a URL from a list, a feed
    or a sitemap).
    """

    source: str
    data: bytes | str | None = None
    url: str | None = None
    content_type: str | None = None  # TEXT_PLAIN for text rows; else the HTTP header
    status: int | None = None  # the HTTP status, when the input recorded one
    fetched: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # 'reason: message' when the source could not read it
    # A stored input to fetch again (``warta ingest --refresh``): the ETag and
    # Last-Modified its last fetch answered, either None. Set, a run does not skip the
    # input as done (see warta.store.refresh).
    validators: tuple[str | None, str | None] | None = None

    def __post_init__(self) -> None:
        self.source = storable(self.source)
        if self.url is not None:
            self.url = storable(self.url)


def storable(name: str) -> str:
    """``name`` as text the store can write: a file name that is not UTF-8 (which Python
    reads with lone surrogates standing for its bytes) gets those bytes as ``\\xNN``.

    Every source's names pass through here (:class:`RawDocument`), so the same file has
    the same name in every run, and a resumed run finds it done.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace")
    return name


class Source(Protocol):
    """A stream of raw documents from one kind of input."""

    def documents(self) -> Iterator[RawDocument]:
        """Every document of the input, in order; bad ones with ``error`` set."""
        ...
