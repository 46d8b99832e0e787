"""Saved pages on disk: one file, a directory tree, or a glob.

A directory is walked depth first in sorted order (repeatable runs, and a resumed run
meets the files in the same order), one directory listing at a time, so a tree of a
million pages is never listed whole. A walk picks up :data:`PAGE_SUFFIXES`; a file named
directly is read whatever its name. A glob's matches are paths only, listed and sorted
before reading; a match that is a directory is walked.

Files are gunzipped when their first bytes are gzip's magic (a server's ``.html`` may be
gzip, a ``.gz`` may not be), with the cap applied after decompression, so a gzip bomb
stops at ``max_bytes``.
"""

from __future__ import annotations

import glob
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from warta.sources.base import RawDocument, storable
from warta.sources.options import (
    SourceOptions,
    TooLarge,
    error_document,
    limited,
    page_error,
    read_page_file,
)

__all__ = ["PAGE_SUFFIXES", "FileSource", "has_glob"]

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
_GLOB_CHARS = frozenset("*?[")


def has_glob(spec: str) -> bool:
    """Whether ``spec`` holds glob wildcards (``*``, ``?``, ``[``)."""
    return any(char in _GLOB_CHARS for char in spec)


class FileSource:
    """Pages from a file, a directory (recursive) or a glob pattern; source = the path."""

    def __init__(self, spec: str | Path, *, options: SourceOptions | None = None) -> None:
        self.spec = str(spec)
        self.options = options or SourceOptions()

    def documents(self) -> Iterator[RawDocument]:
        """Every page, in sorted order; unreadable ones as error documents."""
        return limited(self._documents(), self.options.limit)

    def _documents(self) -> Iterator[RawDocument]:
        for path in self.paths():
            yield self.document(path)

    def document(self, path: str) -> RawDocument:
        """The document of one of :meth:`paths`: bare (its name only, not read) when
        ``options.stored`` says the store holds it, else :meth:`read`."""
        stored = self.options.stored
        return RawDocument(source=path) if stored and stored(storable(path)) else self.read(path)

    def paths(self) -> Iterator[str]:
        """The files this source reads, lazily; a missing spec is yielded as is."""
        spec = self.spec
        if os.path.isdir(spec):
            yield from walk(spec)
        elif os.path.lexists(spec) or not has_glob(spec):
            yield spec
        else:
            matches = sorted(glob.iglob(spec, recursive=True))
            if not matches:
                yield spec  # reading it reports not-found
            for match in matches:
                if os.path.isdir(match):
                    yield from walk(match)
                else:
                    yield match

    def read(self, path: str) -> RawDocument:
        """The document of one of :meth:`paths`; an error document when it cannot be
        read, or is no regular file (a FIFO would block the run, a device never end)."""
        try:
            mode = os.stat(path).st_mode
            if stat.S_ISDIR(mode):  # only a directory the walk could not list comes here
                return error_document(path, "unreadable", "cannot list directory")
            if not stat.S_ISREG(mode):
                return error_document(path, "unreadable", "not a regular file")
            data = read_page_file(path, self.options.max_bytes)
        except (TooLarge, EOFError, ValueError, OSError) as exc:
            return error_document(path, *_reason(exc, path))
        return RawDocument(source=path, data=data)


def _reason(exc: Exception, path: str) -> tuple[str, str]:
    """The error reason and message for the file at ``path``, which could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "not-found", "no such file or directory"
    if isinstance(exc, TooLarge | EOFError | ValueError):
        error = page_error(exc, path)
        return error.reason, error.message
    if isinstance(exc, OSError):
        return "unreadable", exc.strerror or str(exc)
    return "unreadable", str(exc)


def walk(top: str) -> Iterator[str]:
    """Page files under ``top``, sorted, depth first, without recursion.

    Hidden entries (``.git``, editor files) are skipped, and a directory reached twice
    through symbolic links is walked once, so a link loop cannot run forever. A
    directory that cannot be listed is yielded itself, so reading it reports why.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[str]] = [iter([top])]
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
        elif not os.path.isdir(path):
            yield path
        else:
            listed = _listing(path, seen)
            if listed is None:
                yield path
            else:
                stack.append(listed)


def _listing(path: str, seen: set[tuple[int, int]]) -> Iterator[str] | None:
    """The sorted entries of one directory worth visiting; None when it cannot be read."""
    try:
        info = os.stat(path)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            log.info("skipping %s: already walked (symbolic link loop?)", path)
            return iter(())
        seen.add(key)
        with os.scandir(path) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if not entry.name.startswith(".")
                and (_is_dir(entry) or entry.name.lower().endswith(PAGE_SUFFIXES))
            )
    except OSError as exc:
        log.warning("cannot list %s: %s", path, exc)
        return None
    return (os.path.join(path, name) for name in names)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
