"""Stream stored articles out as JSONL, CSV or Parquet, holding one batch at a time.

JSONL is the record contract itself (one ``Article.to_dict()`` per line). CSV is for
spreadsheets: flat columns, lists joined by ``'; '``, the body last because it is long.
Parquet keeps the nested record typed (lists of structs) plus the store's bookkeeping
columns; it is written a row group at a time, so a corpus larger than memory exports.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Generator, Iterable, Iterator
from contextlib import suppress
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import IO, Any, TextIO

from warta.errors import MissingDependency
from warta.store.results import StoredArticle

__all__ = [
    "CSV_COLUMNS",
    "ExportFormat",
    "parquet_schema",
    "stored_rows",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]

# Articles per Parquet row group: big enough for good column compression, small enough
# that one group of long articles stays in the tens of megabytes.
ROW_GROUP_ROWS = 1000

# Store bookkeeping first, then the record's scalar fields, lists joined, the body last.
CSV_COLUMNS = (
    "id",
    "version",
    "first_seen",
    "last_seen",
    "source",
    "url",
    "canonical_url",
    "outlet",
    "section",
    "title",
    "lead",
    "authors",
    "editors",
    "published",
    "updated",
    "language",
    "tags",
    "error",
    "body",
)
_JOINED = frozenset({"authors", "editors", "tags"})
LIST_SEPARATOR = "; "


# Rows fetched at a time when streaming articles out: bounded memory, few round trips.
FETCH_ROWS = 256


def stored_rows(
    conn: sqlite3.Connection, *, since: str | None = None, outlet: str | None = None
) -> Generator[StoredArticle, None, None]:
    """The articles of a store's connection in id order, ``FETCH_ROWS`` at a time: those
    published on or after the day ``since`` (YYYY-MM-DD), of ``outlet``."""
    sql = "SELECT id, version, first_seen, last_seen, record FROM articles"
    clauses = [("substr(published, 1, 10) >= ?", since), ("outlet = ?", outlet)]
    where = [(clause, value) for clause, value in clauses if value is not None]
    if where:
        sql += " WHERE " + " AND ".join(clause for clause, _ in where)
    cursor = conn.execute(sql + " ORDER BY id", [value for _, value in where])
    try:
        while rows := cursor.fetchmany(FETCH_ROWS):
            for id_, version, first_seen, last_seen, record in rows:
                yield StoredArticle(
                    id=id_,
                    version=version,
                    first_seen=first_seen,
                    last_seen=last_seen,
                    record=json.loads(record),
                )
    finally:
        # An abandoned generator is finalised later, possibly after the store is closed.
        with suppress(sqlite3.ProgrammingError):
            cursor.close()


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


def write_jsonl(rows: Iterable[StoredArticle], out: TextIO) -> int:
    """One record per line, UTF-8 text as is (not \\u escapes); how many were written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row.record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(rows: Iterable[StoredArticle], out: TextIO) -> int:
    """A header and one row per article in :data:`CSV_COLUMNS`; how many were written.

    ``out`` should be opened with ``newline=''`` (the csv module's own line endings).
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(_csv_cell(name, _flat(row).get(name)) for name in CSV_COLUMNS)
        count += 1
    return count


def _flat(row: StoredArticle) -> dict[str, Any]:
    meta = {
        "id": row.id,
        "version": row.version,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
    }
    return row.record | meta


def _csv_cell(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in _JOINED:
        return LIST_SEPARATOR.join(value)
    return value


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, imported only when Parquet is asked for."""
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional and heavy: import on use
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as exc:
        raise MissingDependency(
            "Parquet export needs pyarrow: pip install 'warta[parquet]'"
        ) from exc
    return pa, pq


def parquet_schema() -> Any:
    """The Arrow schema of an exported article: bookkeeping plus every record field."""
    pa, _ = _pyarrow()
    text, strings = pa.string(), pa.list_(pa.string())

    def structs(*names: str) -> Any:
        return pa.struct([(n, text) for n in names])

    entity = pa.struct(
        [*((n, text) for n in ("text", "type", "canonical", "id")), ("start", pa.int64()),
         ("end", pa.int64())]
    )  # fmt: skip
    quote = pa.struct([("text", text), ("speaker", text), ("direct", pa.bool_())])
    columns = [
        ("id", pa.int64()),
        ("version", pa.int64()),
        ("first_seen", text),
        ("last_seen", text),
        *((n, text) for n in ("source", "url", "canonical_url", "outlet", "section")),
        *((n, text) for n in ("title", "lead")),
        ("authors", strings),
        ("editors", strings),
        # ISO text: the offsets differ per page and a bare date has no time at all.
        ("published", text),
        ("updated", text),
        ("language", text),
        ("dateline", structs("place", "outlet")),
        ("paragraphs", pa.list_(structs("kind", "text"))),
        ("body", text),
        ("images", pa.list_(structs("url", "caption", "credit"))),
        ("tags", strings),
        ("related", pa.list_(structs("title", "url"))),
        ("republished_from", structs("outlet", "title", "url")),
        ("attributions", pa.list_(structs("source", "cue"))),
        ("removed", pa.list_(structs("kind", "text"))),
        ("provenance", pa.map_(text, text)),
        ("error", text),
        ("entities", pa.list_(entity)),
        ("quotes", pa.list_(quote)),
        ("dates_mentioned", pa.list_(structs("text", "date"))),
        ("keywords", strings),
        ("summary", text),
        ("topic", text),
    ]
    return pa.schema(columns)


def write_parquet(
    rows: Iterable[StoredArticle],
    out: str | Path | IO[bytes],
    *,
    row_group_rows: int = ROW_GROUP_ROWS,
) -> int:
    """Write a Parquet file to a path or a binary stream (a pipe works); how many rows.

    Raises :class:`~warta.errors.MissingDependency` when pyarrow is not installed.
    """
    pa, pq = _pyarrow()
    schema = parquet_schema()
    sink = out if isinstance(out, str | Path) else pa.PythonFile(out, mode="w")
    count = 0
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for chunk in _chunks(rows, row_group_rows):
            table = pa.Table.from_pylist([_flat(row) for row in chunk], schema=schema)
            writer.write_table(table, row_group_size=row_group_rows)
            count += len(chunk)
    return count


def _chunks(rows: Iterable[StoredArticle], size: int) -> Iterator[list[StoredArticle]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk
