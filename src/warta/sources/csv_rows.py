"""The rows of a CSV dump found by their bytes, so that a reader passes over rows it does
not want without parsing them.

Every ingest worker reads a CSV dump whole and keeps its share of the rows (a CSV file
cannot be cut between rows without reading it from the start: a line break inside a
quoted field is no row's end). With the csv module, passing over a row meant parsing it:
0.82 ms a row of the ingest benchmark's pages, a sixth of extracting one, paid by every
worker for every row. :func:`csv_rows` finds a row's end with one regular expression
(0.17 ms a row) and hands the row over as bytes; only the rows a reader keeps are decoded
and parsed (:func:`parse_row`).

The expression takes only rows the csv module reads the same way, with the same end:
fields that are quoted whole (``""`` for a quote inside) or hold no quote, comma or line
break, separated by commas, ended by ``\\n`` or ``\\r\\n``. What csv writers write (the
csv module's, pandas') is all of that kind. At the first row that is not (a stray quote
inside an unquoted field, a lone ``\\r`` ending lines, a quoted field that never closes),
the csv module reads the rest of the file as it read all of it before, so the rows and
their numbers are the csv module's in every case but one. A row the expression cannot end
within ``limit`` bytes goes to the csv module too, which reports it (its field size limit).

The one case: a quoted field still open when the file ends. The csv module (not strict)
gives it as a row holding the rest of the file, a truncated page that would be taken for
an article, and every row after the quote hidden in it. Here that row is an error saying
that the file ends inside it (:data:`UNCLOSED`), so the input is rejected, not stored
half. Strict mode would say so too, but it also refuses rows the csv module reads well
(text after a closing quote), and a refused row loses the rest of its line.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from typing import IO

__all__ = ["UNCLOSED", "Row", "csv_rows", "parse_row"]

# A field quoted whole (a doubled quote inside) or one without quote, comma or line break.
_FIELD = rb'(?:"[^"]*+(?:""[^"]*+)*+"|[^",\r\n]*+)'
_ROW = re.compile(_FIELD + rb"(?:," + _FIELD + rb")*+\r?\n")
# A line break outside quotes, counting quotes only: where a row ends if its quoting is
# regular. When this finds an end and _ROW does not, the row is not regular.
_ENDED = re.compile(rb'(?:[^"\n]*+"[^"]*+")*+[^"\n]*+\n')
_BOM = b"\xef\xbb\xbf"
# Bytes read at a time (rows of pages are some 100 KiB; a read covers several).
_READ = 1024 * 1024

# The error of a row whose quoted field the file ends in.
UNCLOSED = (
    "a quoted field of this row never closes: the file ends inside it (truncated?), so "
    "neither the row nor anything after the quote is read"
)

# A row as csv_rows gives it: its bytes, to parse only when wanted; the csv module's row
# (past the first irregular row); or the csv module's error for a row it cannot read.
Row = bytes | list[str] | csv.Error


def parse_row(row: bytes | list[str]) -> list[str]:
    """The fields of a row :func:`csv_rows` gave (raises :class:`csv.Error`)."""
    if isinstance(row, list):
        return row
    text = row.decode("utf-8", errors="replace")
    return next(csv.reader([text]), [])


def csv_rows(stream: IO[bytes], limit: int) -> Iterator[Row]:
    """The rows of a CSV file, header first, in the csv module's order and number; a byte
    order mark at the start is dropped. ``limit``: bytes a row may reach before the csv
    module takes over (it then reports the row as too large)."""
    buffer, pos, ended = stream.read(_READ), 0, False
    if buffer.startswith(_BOM):
        pos = len(_BOM)
    while True:
        found = _ROW.match(buffer, pos)
        if found is not None:
            yield buffer[pos : found.end()]
            pos = found.end()
            continue
        if pos == len(buffer) and ended:
            return
        if ended:  # a last row without a line break
            rest = buffer[pos:] + b"\n"
            if _ROW.fullmatch(rest):
                yield rest
                return
        if ended or _ENDED.match(buffer, pos) or len(buffer) - pos > limit:
            yield from _by_csv_module(buffer[pos:], stream)
            return
        more = stream.read(_READ)
        ended = not more
        buffer, pos = buffer[pos:] + more, 0


def _by_csv_module(head: bytes, stream: IO[bytes]) -> Iterator[Row]:
    """The rows of ``head`` and then of the rest of ``stream``, as the csv module reads
    them; a row it cannot read is its error, and reading goes on.

    The file's lines are followed by one quote, on a line of its own. When every quote
    of the file closes, that quote opens a row of its own, the last, which reads only
    that line and is dropped. A quoted field the file ends in closes on it instead, so
    its row (the last) reads two lines or more: it is an error (:data:`UNCLOSED`). Each
    row is handed out once the next is read, when it is known not to be the last.
    """
    text = io.TextIOWrapper(
        io.BufferedReader(_Joined(head, stream)), encoding="utf-8", errors="replace", newline=""
    )
    rows = csv.reader(itertools.chain(text, ['"']))
    held: list[str] | None = None  # the row read last
    lines = 0  # how many lines it read
    while True:
        before = rows.line_num
        try:
            row = next(rows, None)
        except csv.Error as exc:
            if held is not None:
                yield held
            held = None
            yield exc
            continue
        if row is None:
            if held is not None and lines > 1:
                yield csv.Error(UNCLOSED)
            return
        if held is not None:
            yield held
        held, lines = row, rows.line_num - before


class _Joined(io.RawIOBase):
    """``head``, then what is left of ``stream``, as one binary stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(target), len(self._head))
            target[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(target))
        target[: len(data)] = data
        return len(data)
