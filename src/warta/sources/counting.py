"""How many documents inputs hold, when that can be told without reading them: the total
of a progress bar (:mod:`warta.cli.progress`).

Page files are counted by listing them (one document a path, unreadable ones included);
URLs and URL files by listing their distinct URLs (nothing is fetched to count them); a
Parquet dump by its footer's row count; a plain JSONL dump by its line breaks, which costs
a pass over its bytes at memory speed (blank lines, which are no documents, are rare
enough to leave in). Anything else (WARC files, gzipped or CSV dumps, whose rows need
decompressing or parsing, and feeds and sitemaps, whose entries need fetching them) cannot
be counted cheaply: the inputs then have no count, rather than a wrong one.

The documents of an earlier run (``done``: whether the store holds a source) are not
counted: they are skipped, and a bar counts only what the run stores. It is asked a name
at a time, so that a store of millions of inputs need not be loaded to count a few.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from warta.sources.base import Source, storable
from warta.sources.dumps import DumpSource
from warta.sources.files import FileSource
from warta.sources.open import GlobSource, open_sources
from warta.sources.options import SourceOptions
from warta.sources.urls import UrlFileSource, UrlSource

__all__ = ["documents_to_do"]


def documents_to_do(
    specs: Iterable[str],
    done: Container[str],
    options: SourceOptions | None = None,
    *,
    again: bool = False,
) -> int | None:
    """The documents of ``specs`` not in ``done``, or None when some input cannot be
    counted without reading it (see the module doc). With ``again`` (``--refresh``),
    listed URLs count done or not: they are fetched again."""
    total = 0
    for source in open_sources(specs, options=options):
        count = _to_do(source, set() if again and _listed(source) else done)
        if count is None:
            return None
        total += count
    return total


def _listed(source: Source) -> bool:
    return isinstance(source, UrlFileSource | UrlSource)


def _to_do(source: Source, done: Container[str]) -> int | None:
    if isinstance(source, FileSource):
        return sum(1 for path in source.paths() if storable(path) not in done)
    if isinstance(source, GlobSource):  # one that matched nothing: its not-found record
        return int(storable(source.pattern) not in done)
    if _listed(source):  # listed, not fetched, until read
        return sum(1 for doc in source.documents() if doc.source not in done)
    if isinstance(source, DumpSource):
        rows = source.row_count()
        if rows is None:
            return None
        return sum(1 for n in range(1, rows + 1) if storable(f"{source.path}:{n}") not in done)
    return None
