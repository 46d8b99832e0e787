"""Reading text dumps one document at a time, for ``warta clean``.

Dumps come in two shapes:

- JSONL: one object per line, the text in ``text`` or ``body`` (or a field the caller
  names). A line that is no JSON object, or lacks the field, becomes a document with an
  ``error`` and its raw line, so the caller can audit it and copy it through.
- plain text: documents separated by blank lines, paragraphs by line breaks (the layout
  of CC-100 and CCNet dumps, and of one article per file as scrapers leave it), or one
  document per line (:attr:`Split.LINE`).

Files may be gzipped (recognised by their bytes, not their name). Reading streams: one
document is held at a time, and a blank-line document grows to at most
:data:`MAX_DOCUMENT_CHARS` before it is handed over with an error instead of cleaned.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain
from typing import IO, Any, TextIO

from warta.sources.gzipped import gzip_reader

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "Document",
    "DumpKind",
    "Split",
    "dump_kind",
    "open_dump",
    "read_documents",
]

# 4 MiB of text is ~100 long articles run together: a sign that the dump is not split the
# way the caller said, and too much to hold as one document.
MAX_DOCUMENT_CHARS = 4 * 1024 * 1024
_JSONL_NAMES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
_TEXT_NAMES = (".txt", ".text", ".txt.gz", ".text.gz")
_FIELDS = ("text", "body")
_GZIP_MAGIC = b"\x1f\x8b"


class DumpKind(StrEnum):
    JSONL = "jsonl"
    TEXT = "text"


class Split(StrEnum):
    """How a plain-text dump is cut into documents."""

    BLANK = "blank"
    LINE = "line"


@dataclass(slots=True)
class Document:
    """One document of a dump: the line it starts on, its text, and its JSONL line.

    ``error`` set means it must not be cleaned; ``text`` (when known) or ``raw`` is what
    to copy through.
    """

    line: int
    text: str | None
    raw: str | None = None
    obj: dict[str, Any] | None = None
    key: str | None = None
    error: str | None = None


def dump_kind(name: str, first_line: str) -> DumpKind:
    """JSONL or text, from the file name, else from the first non-blank line."""
    lowered = name.lower()
    if lowered.endswith(_JSONL_NAMES):
        return DumpKind.JSONL
    if lowered.endswith(_TEXT_NAMES):
        return DumpKind.TEXT
    return DumpKind.JSONL if first_line.lstrip().startswith("{") else DumpKind.TEXT


def read_documents(
    name: str, lines: Iterable[str], *, split: Split = Split.BLANK, field: str | None = None
) -> tuple[DumpKind, Iterator[Document]]:
    """The dump's kind and its documents, read lazily from ``lines``."""
    stream = iter(lines)
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    kind = dump_kind(name, head[-1] if head else "")
    rest = chain(head, stream)
    if kind is DumpKind.JSONL:
        return kind, _jsonl_documents(rest, field)
    return kind, _text_documents(rest, split)


def _jsonl_documents(lines: Iterable[str], wanted: str | None) -> Iterator[Document]:
    """One document per non-blank JSONL line; bad lines carry an error."""
    keys = (wanted,) if wanted else _FIELDS
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Document(number, None, line, error=f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield Document(number, None, line, error="not a JSON object")
            continue
        key = next((k for k in keys if isinstance(obj.get(k), str)), None)
        if key is None:
            names = " or ".join(repr(k) for k in keys)
            yield Document(number, None, line, error=f"no string field {names}")
            continue
        yield Document(number, obj[key], line, obj, key)


def _text_documents(lines: Iterable[str], split: Split) -> Iterator[Document]:
    """Documents of a plain-text dump: blank-line separated, or one per line."""
    buffer: list[str] = []
    size = start = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if split is Split.LINE:
            if line.strip():
                yield Document(number, line)
            continue
        if not line.strip():
            if buffer:
                yield Document(start, "\n".join(buffer))
                buffer, size = [], 0
            continue
        if not buffer:
            start = number
        buffer.append(line)
        size += len(line) + 1
        if size > MAX_DOCUMENT_CHARS:
            yield Document(start, "\n".join(buffer), error="document too large")
            buffer, size = [], 0
    if buffer:
        yield Document(start, "\n".join(buffer))


@contextmanager
def open_dump(name: str) -> Iterator[TextIO]:
    """The dump's lines as text: UTF-8 (bad bytes replaced), gunzipped when gzip data.

    ``-`` is standard input, left open afterwards. Raises OSError when the dump cannot be
    opened.
    """
    with ExitStack() as stack:
        binary: IO[bytes]
        if name == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:
                raise OSError("there is no standard input to read")
            binary = stdin
        else:
            binary = stack.enter_context(open(name, "rb"))
        source = binary
        if _is_gzip(binary):
            source = stack.enter_context(gzip_reader(binary))
        text = io.TextIOWrapper(source, encoding="utf-8", errors="replace", newline="")
        try:
            yield text
        finally:
            with suppress(ValueError):
                text.detach()  # the stack closes files; standard input stays open


def _is_gzip(stream: IO[bytes]) -> bool:
    """Whether the stream starts with gzip's magic bytes, without consuming them."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(2)[:2]) == _GZIP_MAGIC
    if stream.seekable():
        head = stream.read(2)
        stream.seek(0)
        return head == _GZIP_MAGIC
    return False
