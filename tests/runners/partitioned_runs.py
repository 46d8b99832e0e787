"""Inputs written for the partitioned runner's tests (WARC, saved pages, JSONL and Parquet
dumps of numbered pages, each function returning the sources its documents will have), a
run over them, and the worker's end of its pipe as a test sees it.

A module of its own, beside the tests that share it: ``pythonpath`` (pyproject.toml) puts
``tests`` on the path, so they import it as ``runners.partitioned_runs``.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from contextlib import closing
from io import BytesIO
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.runners.local import RunOptions
from warta.runners.partitioned import run_partitioned
from warta.runners.saving import RunSummary

PARA = (
    "Paragraf {i} berita {n}: petugas gabungan terus memperkuat tanggul darurat di pesisir "
    "utara kota sejak pagi, sementara air laut masih setinggi lutut di banyak titik."
)


def page(n: int, marker: str = "") -> bytes:
    body = "".join(f"<p>{PARA.format(i=i, n=n)}</p>" for i in range(4))
    html = f"<html><body>{marker}<h1>Berita nomor {n}</h1><article>{body}</article></body></html>"
    return html.encode()


def write_warc(
    path: Path, numbers: range, markers: dict[int, str] | None = None, *, append: bool = False
) -> list[str]:
    """A gzipped WARC of pages ``numbers`` (with ``append``, added at the end of the file,
    the records before left as they are); the sources its documents will have."""
    sources = []
    with path.open("ab" if append else "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in numbers:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://kabar.example/{n}",
                "response",
                payload=BytesIO(page(n, (markers or {}).get(n, ""))),
                http_headers=headers,
            )
            sources.append(f"{path}@{out.tell()}")
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload into a temporary file
    return sources


def write_pages(folder: Path, numbers: range, markers: dict[int, str] | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"{n:04d}.html"
        path.write_bytes(page(n, (markers or {}).get(n, "")))
        paths.append(str(path))
    return paths


def write_dump(path: Path, numbers: range) -> list[str]:
    rows = [{"html": page(n).decode(), "url": f"https://dump.example/{n}"} for n in numbers]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [f"{path}:{line}" for line in range(1, len(rows) + 1)]


def write_gzipped_dump(path: Path, numbers: range, markers: dict[int, str]) -> list[str]:
    """A gzipped JSONL dump of pages ``numbers``; the sources its rows will have."""
    rows = [
        {"html": page(n, markers.get(n, "")).decode(), "url": f"https://gz.example/{n}"}
        for n in numbers
    ]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    return [f"{path}:{line}" for line in range(1, len(rows) + 1)]


def write_parquet(
    path: Path, numbers: range, group: int, markers: dict[int, str] | None = None
) -> list[str]:
    """A Parquet dump of pages ``numbers`` in row groups of ``group`` rows."""
    html = [page(n, (markers or {}).get(n, "")).decode() for n in numbers]
    urls = [f"https://parket.example/{n}" for n in numbers]
    pq.write_table(pa.table({"url": urls, "html": html}), path, row_group_size=group)
    return [f"{path}:{row}" for row in range(1, len(html) + 1)]


def inputs(db: Path) -> tuple[int, int]:
    """(input rows, distinct sources) in the store."""
    with closing(sqlite3.connect(db)) as conn:
        query = "SELECT count(*), count(DISTINCT source) FROM inputs"
        rows, distinct = conn.execute(query).fetchone()
        return int(rows), int(distinct)


def ingest(specs: list[str], db: Path, **options: Any) -> tuple[RunSummary, list[str]]:
    told: list[str] = []
    opts = RunOptions(**{"workers": 3, "timeout": 20.0, **options})
    summary = run_partitioned(specs, db, opts, on_outcome=lambda s, _o: told.append(s))
    return summary, told


class Channel:
    """The worker's end of its pipe to the supervisor: what it said, in order."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []

    def send(self, message: tuple[Any, ...]) -> None:
        self.sent.append(message)

    def said(self, kind: str) -> list[tuple[Any, ...]]:
        return [m for m in list(self.sent) if m[0] == kind]
