"""Pages named by URL, to be fetched: a list given directly or a file of URLs.

Each URL is normalised (:func:`warta.extract.urls.normalise_url`: lower-case host, no
fragment, no default port, no tracking parameters) and yielded once as a document still
to be fetched: ``source`` = ``url`` = the normalised URL, ``data`` None. Anything that is
not an http(s) URL becomes a ``bad-url`` error document, located by its line
(``f"{path}:{line}"``) or, given directly, by itself.

A URL file holds one URL a line; blank lines and lines starting with ``#`` are skipped.
The file is read a line at a time; the set of URLs seen (for dropping duplicates) is the
only thing that grows with it, about 150 bytes a URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from warta.extract.urls import normalise_url
from warta.sources.base import RawDocument
from warta.sources.options import SourceOptions, error_document, limited

__all__ = ["UrlFileSource", "UrlSource"]

# A URL longer than this is not one a browser would send (the de facto limit of browsers
# and CDNs is 2-8 KiB; 64 KiB leaves room for odd but real ones). It also bounds a line.
MAX_URL_CHARS = 64 * 1024


class UrlSource:
    """URLs given directly, each yielded once after normalising."""

    def __init__(self, urls: Iterable[str], *, options: SourceOptions | None = None) -> None:
        self.urls = urls
        self.options = options or SourceOptions()

    def documents(self) -> Iterator[RawDocument]:
        """One document per distinct valid URL; invalid ones as error documents."""
        located = ((url, url) for url in self.urls)
        return limited(_documents(located), self.options.limit)


class UrlFileSource:
    """URLs read from a file, one a line, ``#`` comments and blank lines skipped."""

    def __init__(self, path: str | Path, *, options: SourceOptions | None = None) -> None:
        self.path = str(path)
        self.options = options or SourceOptions()

    def documents(self) -> Iterator[RawDocument]:
        """One document per distinct valid URL; bad lines and a missing file as errors."""
        return limited(self._documents(), self.options.limit)

    def _documents(self) -> Iterator[RawDocument]:
        try:
            handle = open(self.path, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            reason = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
            yield error_document(self.path, reason, exc.strerror or str(exc))
            return
        with handle:  # the SIM115 above: open failures are reported, not raised
            yield from _documents(self._lines(handle))

    def _lines(self, handle: TextIO) -> Iterator[tuple[str, str]]:
        """(location, text) of each line that is neither blank nor a comment.

        Lines are read at most :data:`MAX_URL_CHARS` at a time; a longer one is skipped
        to its end and reported as a bad URL.
        """
        number = 0
        while line := handle.readline(MAX_URL_CHARS + 1):
            number += 1
            if len(line) > MAX_URL_CHARS and not line.endswith("\n"):
                while (rest := handle.readline(MAX_URL_CHARS)) and not rest.endswith("\n"):
                    pass
            text = line.strip()
            if text and not text.startswith("#"):
                yield f"{self.path}:{number}", text


def _documents(located: Iterable[tuple[str, str]]) -> Iterator[RawDocument]:
    """A document per distinct normalised URL; an error for each that is no URL."""
    seen: set[str] = set()
    for location, text in located:
        url = normalise_url(text) if len(text) <= MAX_URL_CHARS else None
        if url is None:
            yield error_document(location, "bad-url", f"not an http(s) URL: {text[:200]!r}")
        elif url not in seen:
            seen.add(url)
            yield RawDocument(source=url, url=url)
