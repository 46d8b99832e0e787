"""What each worker of a partitioned run reads: its runs of read-ahead, its share of
page files and dumps, and the plan that cuts WARC files and Parquet dumps into pieces."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warta.runners.local import RunOptions
from warta.runners.partition_plan import (
    PIECES_PER_WORKER,
    READ_AHEAD,
    READ_AHEAD_BYTES,
    WHOLE,
    PartitionJob,
    planned,
    read_ahead,
    shared_documents,
)
from warta.sources.base import RawDocument
from warta.sources.options import SourceOptions


def _reads(sizes: list[int], log: list[str]) -> Iterator[RawDocument]:
    """Documents of the given page sizes; ``log`` says when each is read."""
    for n, size in enumerate(sizes):
        log.append(f"read {n}")
        yield RawDocument(source=f"w.warc@{n}", url=f"https://a.example/{n}", data=b"x" * size)


def test_documents_are_read_a_run_ahead_but_never_past_the_piece() -> None:
    log: list[str] = []
    count = READ_AHEAD + 3
    for doc in read_ahead(_reads([10] * count, log)):
        log.append(f"hand {doc.source.rsplit('@', 1)[1]}")
    first_run = [f"read {n}" for n in range(READ_AHEAD)]
    assert log[:READ_AHEAD] == first_run  # a whole run is read before the first goes on
    assert log[READ_AHEAD : 2 * READ_AHEAD] == [f"hand {n}" for n in range(READ_AHEAD)]
    tail = [f"read {n}" for n in range(READ_AHEAD, count)]
    assert log[2 * READ_AHEAD :] == tail + [f"hand {n}" for n in range(READ_AHEAD, count)]


def test_large_pages_shorten_a_run() -> None:
    log: list[str] = []
    big = READ_AHEAD_BYTES // 2
    handed = [doc.source for doc in read_ahead(_reads([big, big, 5, 2 * READ_AHEAD_BYTES], log))]
    assert handed == [f"w.warc@{n}" for n in range(4)]
    # two half-cap pages fill a run; a run ends with the page that takes it past the cap
    log.clear()
    runs = read_ahead(_reads([big, big, 5, 2 * READ_AHEAD_BYTES], log))
    next(runs)
    assert log == ["read 0", "read 1"]
    next(runs), next(runs)
    assert log == ["read 0", "read 1", "read 2", "read 3"]


def test_page_files_are_shared_out_whole_and_once(tmp_path: Path) -> None:
    """Each worker reads only the page files that fall to it; together they read each
    file once, and a dump's rows likewise (though every worker passes over all rows)."""
    saved = tmp_path / "saved"
    saved.mkdir()
    for n in range(30):
        (saved / f"{n:02d}.html").write_text(f"<p>berita {n}</p>", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("".join(f'{{"html": "<p>{n}</p>"}}\n' for n in range(9)))
    specs = (str(saved), str(tmp_path / "d.jsonl"))
    shares = []
    for index in range(3):
        job = PartitionJob(
            specs=specs,
            db=str(tmp_path / "w.db"),
            index=index,
            count=3,
            options=RunOptions(workers=3),
            source_options=SourceOptions(),
        )
        shares.append(
            [doc.source for source, _ in planned(job) for doc in shared_documents(source, job)]
        )
    every = [doc for share in shares for doc in share]
    assert len(every) == len(set(every)) == 39
    assert all(share for share in shares)


def test_stored_page_files_are_not_read_again(tmp_path: Path) -> None:
    """A resumed run's worker passes over the files the store holds by their names: they
    come bare, and only the others are read."""
    saved = tmp_path / "saved"
    saved.mkdir()
    for n in range(6):
        (saved / f"{n}.html").write_text(f"<p>berita {n}</p>", encoding="utf-8")
    stored = {str(saved / f"{n}.html") for n in (1, 4)}
    job = PartitionJob(
        specs=(str(saved),),
        db=str(tmp_path / "w.db"),
        index=0,
        count=1,
        options=RunOptions(workers=1),
        source_options=SourceOptions(),
    )
    [(source, _)] = planned(job)
    docs = {doc.source: doc.data for doc in shared_documents(source, job, stored.__contains__)}
    assert len(docs) == 6
    assert {name for name, data in docs.items() if data is None} == stored
    assert docs[str(saved / "0.html")] == b"<p>berita 0</p>"


def test_parquet_dumps_of_enough_row_groups_are_cut_into_pieces(tmp_path: Path) -> None:
    """At least PIECES_PER_WORKER row groups a worker: cut at them (rows spans, the pieces
    numbered on after a WARC file's); fewer: shared out row by row like other dumps."""
    many, few = tmp_path / "many.parquet", tmp_path / "few.parquet"
    pq.write_table(pa.table({"html": ["<p>a</p>"] * 16}), many, row_group_size=2)
    pq.write_table(pa.table({"html": ["<p>a</p>"] * 16}), few, row_group_size=3)
    job = PartitionJob(
        specs=(str(few), str(many), str(many)),
        db=str(tmp_path / "w.db"),
        index=0,
        count=2,
        options=RunOptions(workers=2),
        source_options=SourceOptions(),
    )
    plan = [(getattr(source, "path", None), spans) for source, spans in planned(job)]
    assert plan == [(str(few), None), (str(many), [(r, r + 2) for r in range(1, 17, 2)])]


def test_many_gzipped_dumps_are_read_whole_a_file_a_worker(tmp_path: Path) -> None:
    """With PIECES_PER_WORKER gzipped JSONL or CSV dumps a worker, each is one piece (no
    worker decompresses another's); with fewer, their rows are shared out. A plain dump
    or a Parquet one does not count towards them."""
    dumps = []
    for n in range(PIECES_PER_WORKER * 2):
        path = tmp_path / (f"{n}.jsonl.gz" if n % 2 else f"{n}.csv.gz")
        rows = b'{"html": "<p>a</p>"}\n' if n % 2 else b"html\n<p>a</p>\n"
        path.write_bytes(gzip.compress(rows))
        dumps.append(str(path))
    (tmp_path / "plain.jsonl").write_text('{"html": "<p>a</p>"}\n', encoding="utf-8")

    def plan(specs: list[str], workers: int) -> list[tuple[object, object]]:
        job = PartitionJob(
            specs=tuple(specs),
            db=str(tmp_path / "w.db"),
            index=0,
            count=workers,
            options=RunOptions(workers=workers),
            source_options=SourceOptions(),
        )
        return [(getattr(source, "path", None), spans) for source, spans in planned(job)]

    plain = str(tmp_path / "plain.jsonl")
    assert plan([*dumps, plain, dumps[0]], 2) == [(d, [WHOLE]) for d in dumps] + [(plain, None)]
    assert plan([*dumps, plain], 3) == [(d, None) for d in [*dumps, plain]]
