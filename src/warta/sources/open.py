"""Choosing the source for one command-line argument.

The rule, first match wins:

1. A prefix names the kind outright: ``feed:X`` and ``sitemap:X`` (a feed or sitemap,
   ``X`` a path or an http(s) URL), ``urls:X`` (a file of URLs, whatever its name).
2. An http(s) URL is a feed when its path ends in ``.xml``, ``.xml.gz``, ``.rss`` or
   ``.atom``, otherwise one page to fetch. Feeds at other addresses (``/feed/``, an
   ``index.php``) need the ``feed:`` prefix: guessing from words in a URL misfires on
   article URLs that contain them.
3. A directory is walked for pages (:class:`~warta.sources.files.FileSource`).
4. A name with ``*``, ``?`` or ``[`` that is no existing file is a glob (``**`` for any
   depth): its matches, sorted, are each opened by this same rule, so
   ``crawl/*.warc.gz`` reads archives and ``saved/*.html`` reads pages.
5. By the name's ending (case aside): ``.warc``, ``.arc`` (and ``.gz``) are archives;
   ``.jsonl``, ``.ndjson``, ``.csv`` (and ``.gz``), ``.parquet`` are dumps; ``.xml``,
   ``.xml.gz``, ``.rss``, ``.atom`` are feeds; ``.txt`` and ``.urls`` list URLs.
6. Anything else is a page file. A missing one yields a ``not-found`` error document.

A missing path is never an exception: its source yields one error document, so a run
over many arguments reports it and goes on.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator

from warta.sources.base import RawDocument, Source
from warta.sources.dumps import DumpSource, dump_format
from warta.sources.feeds import FeedSource, is_remote
from warta.sources.files import FileSource, has_glob
from warta.sources.options import SourceOptions, error_document, limited
from warta.sources.urls import UrlFileSource, UrlSource
from warta.sources.warc import WarcSource

__all__ = [
    "ARCHIVE_SUFFIXES",
    "FEED_SUFFIXES",
    "URL_LIST_SUFFIXES",
    "GlobSource",
    "fetches",
    "input_key",
    "open_source",
    "open_sources",
]

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".xml", ".xml.gz", ".rss", ".atom")
URL_LIST_SUFFIXES = (".txt", ".urls")
_FEED_PREFIXES = ("feed:", "sitemap:")
_URLS_PREFIX = "urls:"


def open_source(spec: str, *, options: SourceOptions | None = None) -> Source:
    """The source that reads ``spec`` (see the module's rule); never raises for a path."""
    options = options or SourceOptions()
    lowered = spec.lower()
    chosen = _by_prefix(spec, lowered, options)
    if chosen is not None:
        return chosen
    if os.path.isdir(spec):
        return FileSource(spec, options=options)
    if has_glob(spec) and not os.path.lexists(spec):
        return GlobSource(spec, options=options)
    return _by_name(spec, lowered, options)


def open_sources(specs: Iterable[str], *, options: SourceOptions | None = None) -> Iterator[Source]:
    """The sources of ``specs``, a glob's matches each on its own (so that a glob of WARC
    files, a month of CC-NEWS, can be cut file by file); a glob that matches nothing
    stays itself, to report that."""
    options = options or SourceOptions()
    for spec in specs:
        source = open_source(spec, options=options)
        matches = source.matches() if isinstance(source, GlobSource) else []
        if matches:
            yield from (open_source(match, options=options) for match in matches)
        else:
            yield source


def _by_prefix(spec: str, lowered: str, options: SourceOptions) -> Source | None:
    """The source a ``feed:``, ``sitemap:`` or ``urls:`` prefix, or a URL, asks for."""
    for prefix in _FEED_PREFIXES:
        if lowered.startswith(prefix):
            return FeedSource(spec[len(prefix) :], options=options)
    if lowered.startswith(_URLS_PREFIX):
        return UrlFileSource(spec[len(_URLS_PREFIX) :], options=options)
    if is_remote(spec):
        path = lowered.split("?", 1)[0].split("#", 1)[0]
        if path.endswith(FEED_SUFFIXES):
            return FeedSource(spec, options=options)
        return UrlSource([spec], options=options)
    return None


def input_key(spec: str) -> str:
    """``spec`` as the same text from any working folder: a local path (after a
    ``feed:``, ``sitemap:`` or ``urls:`` prefix too) made absolute, a URL as it is, a
    prefix in lower case. What tells two commands' inputs apart is then what they read,
    not where they were typed."""
    lowered = spec.lower()
    prefix = next((p for p in (*_FEED_PREFIXES, _URLS_PREFIX) if lowered.startswith(p)), "")
    location = spec[len(prefix) :]
    return prefix + (location if is_remote(location) else os.path.abspath(location))


def fetches(spec: str) -> bool:
    """Whether the source :func:`open_source` picks for ``spec`` goes to the network:
    URLs, feeds and sitemaps (their entries are URLs, even for a feed on disk) and URL
    lists do; files, directories, archives and dumps are read locally. A glob fetches
    when any of its matches does. Only names are looked at, never contents (choosing a
    source costs a ``stat``, a glob's listing), so the answer follows the same rule as
    the reading.
    """
    source = open_source(spec)
    if isinstance(source, GlobSource):
        return any(fetches(match) for match in source.matches())
    return isinstance(source, FeedSource | UrlSource | UrlFileSource)


class GlobSource:
    """Every file a glob matches, in sorted order, each read by its own kind of source."""

    def __init__(self, pattern: str, *, options: SourceOptions | None = None) -> None:
        self.pattern = pattern
        self.options = options or SourceOptions()

    def documents(self) -> Iterator[RawDocument]:
        """The documents of each match in turn; no match at all is an error document."""
        return limited(self._documents(), self.options.limit)

    def matches(self) -> list[str]:
        """The paths the pattern matches, sorted; only names are held, never contents."""
        return sorted(glob.iglob(self.pattern, recursive=True))

    def _documents(self) -> Iterator[RawDocument]:
        matches = self.matches()
        if not matches:
            yield error_document(self.pattern, "not-found", "no file matches the pattern")
        for match in matches:
            yield from open_source(match, options=self.options).documents()


def _by_name(spec: str, lowered: str, options: SourceOptions) -> Source:
    """The source for a path, by the ending of its name."""
    if lowered.endswith(ARCHIVE_SUFFIXES):
        return WarcSource(spec, options=options)
    if dump_format(lowered) is not None:
        return DumpSource(spec, options=options)
    if lowered.endswith(FEED_SUFFIXES):
        return FeedSource(spec, options=options)
    if lowered.endswith(URL_LIST_SUFFIXES):
        return UrlFileSource(spec, options=options)
    return FileSource(spec, options=options)
