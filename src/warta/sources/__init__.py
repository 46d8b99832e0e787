"""Inputs behind one interface: each source yields :class:`RawDocument` records."""

from warta.sources.base import TEXT_PLAIN, RawDocument, Source
from warta.sources.dumps import DumpSource
from warta.sources.feeds import FeedSource
from warta.sources.files import FileSource
from warta.sources.open import GlobSource, open_source
from warta.sources.options import Fetch, SourceOptions
from warta.sources.urls import UrlFileSource, UrlSource
from warta.sources.warc import WarcSource

__all__ = [
    "TEXT_PLAIN",
    "DumpSource",
    "FeedSource",
    "Fetch",
    "FileSource",
    "GlobSource",
    "RawDocument",
    "Source",
    "SourceOptions",
    "UrlFileSource",
    "UrlSource",
    "WarcSource",
    "open_source",
]
