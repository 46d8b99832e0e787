"""Finding the pages a command names and reading their bytes, one at a time.

Directories are walked lazily so a tree of 100,000 pages is never listed whole: each
directory's own entry names are read and sorted (sorted order makes runs repeatable), and
files are yielded as the walk reaches them. Reading is capped at
``ExtractOptions.max_bytes + 1`` bytes, after gzip decompression too, so a huge file or a
gzip bomb becomes an :class:`~warta.errors.InputTooLarge` instead of filling memory.
Every failure to read is raised as an :class:`~warta.errors.InputError`, which the caller
turns into an error record before going on with the next input.

Inputs that are not HTML go to plain-text mode (:mod:`warta.news.plaintext`): files named
``.txt``, and any input with no markup in its first :data:`SNIFF_BYTES` bytes. The choice is
made where the bytes are read and passed to the worker as the content type
(:data:`TEXT_PLAIN`), and :func:`extract_input`, the worker's target, dispatches on it.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warta.errors import InputError, InputTooLarge
from warta.runners.targets import extract_input
from warta.sources.base import TEXT_PLAIN
from warta.sources.options import TooLarge, page_error, read_page

__all__ = [
    "PAGE_SUFFIXES",
    "STDIN",
    "TEXT_PLAIN",
    "TEXT_SUFFIXES",
    "Input",
    "discover",
    "extract_input",
    "is_page_name",
    "is_plain_text",
    "read_input",
]

log = logging.getLogger(__name__)

STDIN = "-"
# Names a directory walk picks up; a file named on the command line is read whatever its name.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
# Names of scraped-text files: picked up by a directory walk in --text mode, and always read
# in plain-text mode.
TEXT_SUFFIXES = (".txt", ".text", ".txt.gz", ".text.gz")
# How much of an input the markup test reads. Every page of the shared benchmarks has a tag
# (doctype, <html>, <head>) in its first few hundred bytes; 4 KiB leaves room for a long
# leading comment or blank lines, and a regex over it costs microseconds.
SNIFF_BYTES = 4096
# Markup: a doctype, a comment, an XML declaration, or the start or end tag of an element
# that pages use. A bare '<' in prose ('a < b', '<3', '<nama>') is not markup.
_MARKUP = re.compile(
    rb"<(?:!doctype|!--|\?xml|/?(?:html|head|body|meta|title|link|script|style|div|span|p|a"
    rb"|br|hr|img|article|section|main|header|footer|nav|aside|figure|h[1-6]|ul|ol|li|table"
    rb"|tr|td|strong|em|b|i|form|iframe|noscript)[\s/>])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to extract: a file path, or ``-`` for standard input.

    ``problem`` is set when discovery already knows the input cannot be read (a missing
    path, a directory that cannot be listed); it becomes the record's error.
    """

    source: str
    problem: str | None = None


def discover(args: Iterable[str], suffixes: tuple[str, ...] = PAGE_SUFFIXES) -> Iterator[Input]:
    """Yield one :class:`Input` per file named in ``args`` or found under a directory.

    A directory walk picks up names ending in one of ``suffixes`` (case aside); a file
    named in ``args`` is taken whatever its name.
    """
    for arg in args:
        if arg == STDIN:
            yield Input(STDIN)
        elif os.path.isdir(arg):
            yield from _walk(arg, suffixes)
        elif os.path.lexists(arg):
            yield Input(arg)
        else:
            yield Input(arg, problem="no such file or directory")


def is_page_name(name: str) -> bool:
    """Whether a directory walk should pick up a file called ``name``."""
    return name.lower().endswith(PAGE_SUFFIXES)


def _walk(top: str, suffixes: tuple[str, ...]) -> Iterator[Input]:
    """Files under ``top`` in sorted order, depth first, without recursion.

    Hidden entries (``.git``, editor files) are skipped. A directory reached twice through
    symbolic links is walked once, so a link loop cannot run forever.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[tuple[str, bool]]] = [iter([(top, True)])]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if not is_dir:
            yield Input(path)
            continue
        listed = _list_dir(path, seen, suffixes)
        if isinstance(listed, Input):
            yield listed
        elif listed is not None:
            stack.append(listed)


def _list_dir(
    path: str, seen: set[tuple[int, int]], suffixes: tuple[str, ...]
) -> Iterator[tuple[str, bool]] | Input | None:
    """The sorted (path, is_dir) entries of one directory worth visiting.

    Returns an :class:`Input` carrying the problem when the directory cannot be read, and
    None when it was already visited.
    """
    try:
        info = os.stat(path)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            log.info("skipping %s: already walked (symbolic link loop?)", path)
            return None
        seen.add(key)
        entries: list[tuple[str, bool]] = []
        with os.scandir(path) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue
                is_dir = _is_dir(entry)
                if is_dir or entry.name.lower().endswith(suffixes):
                    entries.append((entry.name, is_dir))
    except OSError as exc:
        return Input(path, problem=f"cannot list directory: {exc.strerror or exc}")
    entries.sort()
    return ((os.path.join(path, name), is_dir) for name, is_dir in entries)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_input(item: Input, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    """The page bytes of ``item``, gunzipped when they are gzip data.

    ``stdin`` is None when the process has no standard input (a daemon, some CI runners).
    Raises :class:`~warta.errors.InputError` (or :class:`~warta.errors.InputTooLarge`)
    saying why the input cannot be read; never a bare ``OSError``.
    """
    if item.problem is not None:
        raise InputError(item.problem, source=item.source)
    try:
        if item.source == STDIN:
            if stdin is None:
                raise InputError("there is no standard input to read", source=STDIN)
            # A pipe cannot seek back after the look for gzip data: it is read whole first.
            # Compressed HTML is always smaller than the page it holds, so the page's cap
            # serves the raw read too.
            raw = stdin.read(max_bytes + 1)
            if len(raw) > max_bytes:
                raise InputTooLarge(f"more than {max_bytes} bytes", source=STDIN)
            return _page(io.BytesIO(raw), max_bytes, STDIN)
        with open(item.source, "rb") as handle:
            return _page(handle, max_bytes, item.source)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=item.source) from exc


def _page(handle: BinaryIO, max_bytes: int, source: str) -> bytes:
    """:func:`~warta.sources.options.read_page` of ``handle``, as warta ingest reads page
    files (the bytes decide whether it is gzip data), its failures in the error tree."""
    try:
        return read_page(handle, max_bytes)
    except (TooLarge, EOFError, ValueError) as exc:
        raise page_error(exc, source) from exc


def is_plain_text(data: bytes, source: str) -> bool:
    """Whether an input goes to plain-text mode rather than HTML extraction.

    A ``.txt`` name decides by itself. Otherwise the content does: no markup (see
    :data:`_MARKUP`) in the first :data:`SNIFF_BYTES` bytes. Empty input stays with the
    HTML path, whose guards report it as usual.
    """
    if source.lower().endswith(TEXT_SUFFIXES):
        return True
    head = data[:SNIFF_BYTES]
    return bool(head.strip()) and _MARKUP.search(head) is None
