"""Article links from RSS, Atom and sitemaps, for discovering what to fetch.

Reads RSS 2.0 (and RSS 1.0/RDF), Atom, ``urlset`` sitemaps (with Google News
``news:news`` entries) and sitemap indexes. Each article link is yielded once as a
document still to be fetched (``data`` None, ``source`` = ``url`` = the normalised link),
with what the feed said about it in ``headers``: ``feed`` (where it was listed),
``feed-published`` (ISO 8601 when the date parses, else as written) and ``feed-title``.

XML is parsed as a stream with defusedxml, so a 50 MB sitemap costs little memory and
entity declarations (the "billion laughs" bomb) and external entities are refused: the
feed yields one ``unsafe-xml`` error document and the run goes on. Feeds on disk are read
directly; URLs (the feed itself, or the children of a sitemap index) go through the
``fetch`` callable of :class:`~warta.sources.options.SourceOptions`. Sitemap indexes are
followed to ``max_sitemap_depth`` levels and ``max_sitemaps`` sitemaps in all, each once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_xml

from warta.errors import BadGzip, FetchError, InputTooLarge, TruncatedGzip
from warta.extract.urls import normalise_url
from warta.sources.base import RawDocument
from warta.sources.gzipped import gzip_errors, gzip_reader
from warta.sources.options import (
    GZIP_MAGIC,
    Readable,
    SourceOptions,
    TooLarge,
    error_document,
    limited,
)

__all__ = ["FeedSource", "is_remote"]

# Which element is one entry, by the feed's root element (local names).
_ENTRY = {"rss": "item", "RDF": "item", "feed": "entry", "urlset": "url", "sitemapindex": "sitemap"}
_PUBLISHED = ("pubDate", "date", "published", "updated", "publication_date", "lastmod")


def is_remote(location: str) -> bool:
    """Whether ``location`` is an http(s) URL rather than a path."""
    return location.lower().startswith(("http://", "https://"))


@dataclass(slots=True)
class _Crawl:
    """What one run of a source has seen: links and sitemaps are taken once each."""

    links: set[str] = field(default_factory=set)
    sitemaps: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Entry:
    link: str | None
    published: str | None
    title: str | None


class FeedSource:
    """Article links of one feed or sitemap, a file path or an http(s) URL."""

    def __init__(self, location: str | Path, *, options: SourceOptions | None = None) -> None:
        self.location = str(location)
        self.options = options or SourceOptions()

    def documents(self) -> Iterator[RawDocument]:
        """Each article link once, in feed order; unreadable feeds as error documents."""
        return limited(self._documents(), self.options.limit)

    def _documents(self) -> Iterator[RawDocument]:
        crawl = _Crawl(sitemaps={self.location})
        yield from self._feed(self.location, 0, crawl)

    def _feed(self, location: str, depth: int, crawl: _Crawl) -> Iterator[RawDocument]:
        """The documents of one feed, following a sitemap index into its children."""
        try:
            with self._open(location) as stream:
                yield from self._entries(location, stream, depth, crawl)
        except (ParseError, defusedxml.DefusedXmlException) as exc:
            unsafe = isinstance(exc, defusedxml.DefusedXmlException)
            yield error_document(location, "unsafe-xml" if unsafe else "bad-xml", str(exc))
        except TooLarge as exc:
            yield error_document(location, InputTooLarge.reason, str(exc))
        except EOFError as exc:
            yield error_document(location, TruncatedGzip.reason, str(exc) or "gzip data ends early")
        except gzip_errors() as exc:
            yield error_document(location, BadGzip.reason, str(exc))
        except FetchError as exc:
            yield error_document(location, exc.reason, exc.message)
        except OSError as exc:
            reason = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
            yield error_document(location, reason, exc.strerror or str(exc))

    def _entries(
        self, location: str, stream: _Capped, depth: int, crawl: _Crawl
    ) -> Iterator[RawDocument]:
        root: str | None = None
        number = 0
        for event, element in safe_xml.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if root is None:
                root = name
                if root not in _ENTRY:
                    yield error_document(location, "not-a-feed", f"root element <{root}>")
                    return
            elif event == "end" and name == _ENTRY[root]:
                number += 1
                entry = _entry(element)
                element.clear()
                if root == "sitemapindex":
                    yield from self._child(location, number, entry, depth, crawl)
                else:
                    yield from _article(location, number, entry, crawl)

    def _child(
        self, parent: str, number: int, entry: _Entry, depth: int, crawl: _Crawl
    ) -> Iterator[RawDocument]:
        """The documents of a sitemap an index names, within the depth and count limits."""
        options = self.options
        location = normalise_url(entry.link, parent if is_remote(parent) else None)
        if location is None:
            message = f"sitemap {number} has no http(s) location: {entry.link!r}"
            yield error_document(f"{parent}#{number}", "bad-url", message)
        elif location in crawl.sitemaps:
            return
        elif depth + 1 > options.max_sitemap_depth:
            yield error_document(location, "sitemap-too-deep", f"over {depth} levels")
        elif len(crawl.sitemaps) >= options.max_sitemaps:
            yield error_document(location, "too-many-sitemaps", f"over {options.max_sitemaps}")
        else:
            crawl.sitemaps.add(location)
            yield from self._feed(location, depth + 1, crawl)

    @contextmanager
    def _open(self, location: str) -> Iterator[_Capped]:
        """The feed's bytes as a capped stream, gunzipped when they are gzip data."""
        with ExitStack() as stack:
            raw: IO[bytes]
            if is_remote(location):
                raw = io.BytesIO(self._fetch(location))
            else:
                raw = stack.enter_context(open(location, "rb"))
            head = raw.read(2)
            raw.seek(0)
            stream: Readable = raw
            if head == GZIP_MAGIC:
                stream = stack.enter_context(gzip_reader(raw))
            yield _Capped(stream, self.options.max_feed_bytes)

    def _fetch(self, url: str) -> bytes:
        fetch = self.options.fetch
        if fetch is None:
            raise FetchError("fetch-failed: no fetcher given for a feed URL", url=url)
        try:
            body = fetch(url)
        except FetchError:  # the fetcher says why: http-404, robots-disallowed, ...
            raise
        # The fetcher is the caller's: whatever else it raises fails this feed, not the run.
        except Exception as exc:
            raise FetchError(f"fetch-failed: {type(exc).__name__}: {exc}", url=url) from exc
        if body is None:
            raise FetchError("fetch-failed: no body", url=url)
        return body


def _article(location: str, number: int, entry: _Entry, crawl: _Crawl) -> Iterator[RawDocument]:
    """The document for one feed entry: a new link, an error, or nothing (seen before)."""
    url = normalise_url(entry.link, location if is_remote(location) else None)
    if url is None:
        message = f"entry {number} has no http(s) link" + (
            f": {entry.link!r}" if entry.link else ""
        )
        yield error_document(f"{location}#{number}", "bad-url", message)
        return
    if url in crawl.links:
        return
    crawl.links.add(url)
    headers = {"feed": location}
    if entry.published:
        headers["feed-published"] = _iso_date(entry.published)
    if entry.title:
        headers["feed-title"] = entry.title
    yield RawDocument(source=url, url=url, headers=headers)


def _entry(element: Any) -> _Entry:
    """Link, date and title of an RSS item, Atom entry or sitemap ``url``/``sitemap``.

    Only direct children count (and those of Google News' ``news:news``), so the
    ``image:loc`` of an image sitemap or an author's ``uri`` is never taken for the link.
    The first of each wins; an RSS ``guid`` is a link unless ``isPermaLink="false"``.
    """
    found: dict[str, str] = {}
    for child in _children(element):
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "link":
            text = text or _atom_href(child)
        elif name == "guid" and child.get("isPermaLink", "true") == "false":
            continue
        if text:
            found.setdefault(name, text)
    link = next((found[name] for name in ("link", "loc", "guid") if name in found), None)
    published = next((found[name] for name in _PUBLISHED if name in found), None)
    return _Entry(link, published, found.get("title"))


def _children(element: Any) -> Iterator[Any]:
    for child in element:
        if _local(child.tag) == "news":
            yield from child
        else:
            yield child


def _atom_href(element: Any) -> str:
    """The ``href`` of an Atom link to the page itself (rel absent or ``alternate``)."""
    if element.get("rel", "alternate") != "alternate":
        return ""
    return str(element.get("href") or "").strip()


def _iso_date(value: str) -> str:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date as ISO 8601; else unchanged."""
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return value


def _local(tag: Any) -> str:
    """An element's name without its namespace (``{ns}item`` -> ``item``)."""
    return str(tag).rsplit("}", 1)[-1]


class _Capped:
    """A stream that raises :class:`TooLarge` once more than ``limit`` bytes were read."""

    def __init__(self, inner: Readable, limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self._count = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self._inner.read(size if size >= 0 else self._limit + 1)
        self._count += len(data)
        if self._count > self._limit:
            raise TooLarge(f"more than {self._limit} bytes")
        return data
