"""Rows of scraper dumps: JSONL, CSV and Parquet with an ``html`` or a ``text`` column.

A row with an HTML value is a page; a row with only a text value is scraped text and
goes through plain-text mode (``content_type`` :data:`~warta.sources.base.TEXT_PLAIN`).
An optional ``url`` column gives the page address. Column names come from
:class:`~warta.sources.options.SourceOptions`.

Every format is streamed: JSONL a line at a time (a line over ``max_bytes`` is skipped in
chunks, never held), CSV a row at a time, Parquet in record batches of
:data:`PARQUET_BATCH` rows (pyarrow still decodes one column chunk of a row group at a
time). A row that cannot be used becomes an error document and the stream goes on.
``source`` is ``f"{path}:{n}"``: the line number for JSONL, the data row number (1 =
first row after the header) for CSV and Parquet.

A Parquet dump can also be read a piece at a time: :meth:`DumpSource.row_group_spans`
says which rows each of its row groups holds, and a source made with ``rows`` reads only
the row groups of that span, numbered as in the whole file. The partitioned runner hands
those pieces out, so that each worker decodes only its own rows.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import orjson

from warta.errors import BadGzip, InputTooLarge, MissingDependency, TruncatedGzip
from warta.sources.base import TEXT_PLAIN, RawDocument, storable
from warta.sources.csv_rows import Row, csv_rows, parse_row
from warta.sources.gzipped import gzip_errors, gzip_reader
from warta.sources.options import CHUNK, GZIP_MAGIC, SourceOptions, error_document, limited

__all__ = ["DUMP_SUFFIXES", "DumpSource", "dump_format"]

log = logging.getLogger(__name__)

DUMP_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}
# Rows per Parquet batch: a few dozen pages of ~100 KiB keeps a batch to a few MiB. The
# batches are read a row group at a time: one pyarrow reader over all of a file's row
# groups keeps what it has read ahead, and its peak grew with the file (reading 1,000,
# 4,000 and 8,000 pages in row groups of 100: 325, 494 and 701 MiB), where a reader a
# row group levels off (272, 293, 322 MiB, and 324 for 16,000 pages).
PARQUET_BATCH = 64

# Bytes a dump file is read at a time. Pages are ~100 KiB lines, which readline gathers
# from 8 KiB reads by default: passing over the lines of a JSONL dump of the ingest
# benchmark's pages (as a partitioned worker does with the rows of others) took 0.092 ms
# a line with the default buffer, 0.061 with 256 KiB and 0.051 with 1 MiB (best of
# three, 5,000 lines). A gzipped dump's decompressed reads stay 8 KiB (see _open_binary),
# where decompressing is most of the cost anyway (0.24 ms a line, sources/gzipped.py).
READ_BUFFER = 1024 * 1024

# A span of data rows: the number of its first row and the number after its last.
RowSpan = tuple[int, int | None]


def dump_format(path: str) -> str | None:
    """``jsonl``, ``csv`` or ``parquet`` from the file name (``.gz`` aside), else None."""
    name = path.lower().removesuffix(".gz")
    return next((kind for suffix, kind in DUMP_SUFFIXES.items() if name.endswith(suffix)), None)


class DumpSource:
    """The rows of one JSONL, CSV or Parquet dump (gzip recognised by its bytes)."""

    def __init__(
        self,
        path: str | Path,
        *,
        options: SourceOptions | None = None,
        wanted: Callable[[str], bool] | None = None,
        rows: RowSpan | None = None,
    ) -> None:
        self.path = str(path)
        self.options = options or SourceOptions()
        self.format = dump_format(self.path)
        # Only rows whose source name this accepts (a worker's share): a JSONL line that
        # is not wanted is passed over unparsed, the costly part of reading a row.
        self.wanted = wanted
        # Only the Parquet row groups that lie within these rows (see row_group_spans).
        self.rows = rows

    def documents(self) -> Iterator[RawDocument]:
        """One document per row; unreadable rows and files as error documents.

        Raises :class:`~warta.errors.MissingDependency` for Parquet without pyarrow: that
        is the installation's problem, not the input's.
        """
        docs = self._documents()
        if self.wanted is not None:
            docs = (doc for doc in docs if self.wanted(doc.source))
        return limited(docs, self.options.limit)

    def gzipped(self) -> bool:
        """Whether the file starts as gzip data (False for one that cannot be opened:
        reading it says why)."""
        try:
            with open(self.path, "rb") as handle:
                return handle.read(2) == GZIP_MAGIC
        except OSError:
            return False

    def row_count(self) -> int | None:
        """The rows of a Parquet dump (its footer says) or of a plain JSONL dump (its line
        breaks, a pass at memory speed; blank lines, which are no rows, are rare enough
        to count); None for others, which need decompressing or parsing to count, and
        for a file that cannot be read (reading it says why)."""
        try:
            if self.format == "parquet":
                with _pyarrow_parquet().ParquetFile(self.path) as table:
                    return int(table.metadata.num_rows)
            if self.format == "jsonl":
                return _count_lines(self.path)
        except (OSError, ValueError) as exc:  # ValueError: pyarrow's ArrowInvalid
            log.debug("cannot count the rows of %s: %s", self.path, exc)
        return None

    def row_group_spans(self, at_least: int) -> list[RowSpan] | None:
        """The rows of each row group of a Parquet dump, in file order, for reading it a
        piece at a time (``rows``); None for a dump of another format, for one with fewer
        than ``at_least`` row groups (too few pieces to share out evenly), and for one
        that cannot be read or has no html or text column (reading it whole says why)."""
        if self.format != "parquet":
            return None
        try:
            with _pyarrow_parquet().ParquetFile(self.path) as table:
                if self._columns(list(table.schema_arrow.names)) is None:
                    return None
                spans: list[RowSpan] = [*_group_spans(table.metadata)]
        except (OSError, ValueError, MissingDependency) as exc:  # ValueError: ArrowInvalid
            log.debug("cannot read the row groups of %s: %s", self.path, exc)
            return None
        return spans if len(spans) >= max(at_least, 1) else None

    def _documents(self) -> Iterator[RawDocument]:
        readers = {"jsonl": self._jsonl, "csv": self._csv, "parquet": self._parquet}
        if self.format is None:
            yield error_document(self.path, "unknown-format", "not .jsonl, .csv or .parquet")
            return
        try:
            yield from readers[self.format]()
        except gzip_errors() as exc:  # before OSError: a BadGzipFile is one
            yield error_document(self.path, BadGzip.reason, str(exc) or "not valid gzip data")
        except OSError as exc:
            reason = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
            yield error_document(self.path, reason, exc.strerror or str(exc))
        except EOFError as exc:
            yield error_document(
                self.path, TruncatedGzip.reason, str(exc) or "gzip data ends early"
            )
        except ValueError as exc:  # pyarrow's ArrowInvalid: not a Parquet file, corrupt
            yield error_document(self.path, f"bad-{self.format}", str(exc)[:300])

    def _row(self, number: int, html: Any, text: Any, url: Any) -> RawDocument:
        """The document for one row's values, or an error saying what is wrong."""
        source = f"{self.path}:{number}"
        address = url.strip() or None if isinstance(url, str) else None
        if isinstance(html, str | bytes) and html.strip():
            value, content_type = html, None
        elif isinstance(text, str | bytes) and text.strip():
            value, content_type = text, TEXT_PLAIN
        else:
            return error_document(source, *self._no_content(html, text), url=address)
        if len(value) > self.options.max_bytes:
            message = f"more than {self.options.max_bytes} bytes"
            return error_document(source, InputTooLarge.reason, message, url=address)
        return RawDocument(source=source, data=value, url=address, content_type=content_type)

    def _no_content(self, html: Any, text: Any) -> tuple[str, str]:
        """(reason, message) of a row with no usable content: ``bad-field`` when a
        content column holds something other than text (a number, a list), so that the
        user looks at the dump's shape rather than for a missing column."""
        html_column, text_column = self.options.html_column, self.options.text_column
        for column, value in ((html_column, html), (text_column, text)):
            if value is not None and not isinstance(value, str | bytes):
                return "bad-field", f"{column!r} holds {type(value).__name__}, not text"
        return "missing-field", f"no {html_column!r} or {text_column!r} value"

    def _jsonl(self) -> Iterator[RawDocument]:
        options = self.options
        with ExitStack() as stack:
            lines = _open_binary(self.path, stack)
            for number, line in enumerate(_lines(lines, options.max_bytes), 1):
                kept = self._kept(number)
                if not kept:
                    if kept is not None:
                        yield RawDocument(source=f"{self.path}:{number}")
                    continue
                if line is None:
                    message = f"line longer than {options.max_bytes} bytes"
                    yield error_document(f"{self.path}:{number}", InputTooLarge.reason, message)
                elif line.strip():
                    yield self._json_row(number, line)

    def _kept(self, number: int) -> bool | None:
        """What becomes of row ``number``: None when it is not wanted (passed over), False
        when the store holds it (``options.stored``: handed on bare, for the caller to
        pass over), True when it is to be parsed."""
        name = storable(f"{self.path}:{number}")
        if self.wanted is not None and not self.wanted(name):
            return None
        stored = self.options.stored
        return stored is None or not stored(name)

    def _json_row(self, number: int, line: bytes) -> RawDocument:
        try:
            row = _loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            return error_document(f"{self.path}:{number}", "invalid-json", message)
        if not isinstance(row, dict):
            return error_document(f"{self.path}:{number}", "invalid-json", "not an object")
        options = self.options
        return self._row(
            number,
            row.get(options.html_column),
            row.get(options.text_column),
            row.get(options.url_column),
        )

    def _csv(self) -> Iterator[RawDocument]:
        # The csv module's field limit is process-wide (there is no per-reader one), so
        # each CSV source sets it when it starts. Twice the cap lets a row a little over
        # it be reported as too large while the reader stays in step; past that the csv
        # module raises, and a quoted field's remaining lines may be misread as a row.
        csv.field_size_limit(2 * self.options.max_bytes)
        with ExitStack() as stack:
            rows = csv_rows(_open_binary(self.path, stack), 2 * self.options.max_bytes)
            first = next(rows, None)
            header = (
                parse_row(first) if first is not None and not isinstance(first, Exception) else []
            )
            columns = self._columns(header)
            if columns is None:
                yield self._no_columns(header)
                return
            yield from self._csv_rows(rows, columns)

    def _csv_rows(self, rows: Iterator[Row], columns: list[int | None]) -> Iterator[RawDocument]:
        """The documents of the rows after the header, those of other workers passed
        over unparsed (see :mod:`warta.sources.csv_rows`)."""
        for number, found in enumerate(rows, 1):
            kept = self._kept(number)
            if not kept:
                if kept is not None:
                    yield RawDocument(source=f"{self.path}:{number}")
                continue
            try:
                if isinstance(found, Exception):
                    raise found
                row = parse_row(found)
            except csv.Error as exc:
                yield error_document(f"{self.path}:{number}", "bad-csv", str(exc))
                continue
            html, text, url = (row[i] if i is not None and i < len(row) else None for i in columns)
            yield self._row(number, html, text, url)

    def _columns(self, names: list[str]) -> list[int | None] | None:
        """Positions of the html, text and url columns; None without html and text."""
        options = self.options
        wanted = (options.html_column, options.text_column, options.url_column)
        found = [names.index(name) if name in names else None for name in wanted]
        return None if found[0] is None and found[1] is None else found

    def _no_columns(self, names: list[str]) -> RawDocument:
        options = self.options
        message = f"no {options.html_column!r} or {options.text_column!r} column in {names}"
        return error_document(self.path, "missing-column", message[:300])

    def _parquet(self) -> Iterator[RawDocument]:
        parquet = _pyarrow_parquet()
        with parquet.ParquetFile(self.path) as table:
            names = list(table.schema_arrow.names)
            columns = self._columns(names)
            if columns is None:
                yield self._no_columns(names)
                return
            wanted = [names[i] for i in columns if i is not None]
            groups, number = self._row_groups(table.metadata)
            batches = (  # a row group at a time: see PARQUET_BATCH
                batch
                for group in groups
                for batch in table.iter_batches(
                    batch_size=PARQUET_BATCH, columns=wanted, row_groups=[group]
                )
            )
            for batch in batches:
                values = [
                    batch.column(names[i]).to_pylist() if i is not None else None for i in columns
                ]
                for row in range(batch.num_rows):
                    number += 1
                    html, text, url = (v[row] if v is not None else None for v in values)
                    yield self._row(number, html, text, url)

    def _row_groups(self, meta: Any) -> tuple[list[int], int]:
        """The row groups to read, those that lie within ``rows`` (none when the file has
        changed since it was cut), and the number of the row before the first of them."""
        first, end = self.rows or (1, None)
        spans = _group_spans(meta)
        groups = [
            group
            for group, (start, after) in enumerate(spans)
            if start >= first and (end is None or after <= end)
        ]
        return groups, spans[groups[0]][0] - 1 if groups else 0


def _group_spans(meta: Any) -> list[tuple[int, int]]:
    """The rows each row group of a Parquet file's metadata holds, in order: the number
    of its first data row and the number after its last."""
    spans: list[tuple[int, int]] = []
    first = 1
    for group in range(meta.num_row_groups):
        after = first + meta.row_group(group).num_rows
        spans.append((first, after))
        first = after
    return spans


def _pyarrow_parquet() -> Any:
    """pyarrow.parquet, imported only when a Parquet dump is read."""
    try:
        from pyarrow import parquet  # noqa: PLC0415 - optional and heavy
    except ImportError as exc:
        message = "reading Parquet needs pyarrow: pip install 'warta[parquet]'"
        raise MissingDependency(message) from exc
    return parquet


def _loads(line: bytes) -> Any:
    """One JSON line, by orjson: a row's page is one long string, and orjson decodes it in
    four fifths of json's time (0.36 against 0.44 ms a row of the ingest benchmark's
    pages, some 10% of extracting one). What orjson refuses that json takes (NaN, a
    byte-order mark, UTF-16, lone surrogates) goes to json, which also says why a line
    is bad."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _open_binary(path: str, stack: ExitStack) -> IO[bytes]:
    """The file's bytes (read :data:`READ_BUFFER` bytes at a time), through gzip when
    it starts with gzip's magic bytes."""
    # the stack closes these
    handle = stack.enter_context(open(path, "rb", buffering=READ_BUFFER))  # noqa: SIM115
    if handle.read(2) == GZIP_MAGIC:
        handle.seek(0)
        # The reader gives every byte before a cut (sources/gzipped.py): the rows before
        # it come out, and a truncated-gzip rejection after them.
        return stack.enter_context(gzip_reader(handle))
    handle.seek(0)
    return handle


def _count_lines(path: str) -> int | None:
    """Lines of an uncompressed file (a last one without a line break counts); None for
    a gzipped one."""
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        if handle.read(2) == GZIP_MAGIC:
            return None
        handle.seek(0)
        while chunk := handle.read(CHUNK * 16):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Lines of ``stream``; None for a line over ``max_bytes``, whose rest is skipped."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line
