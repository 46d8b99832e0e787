"""The partitioned runner: real worker processes reading real WARC, page and dump files
into a real SQLite store, each input stored exactly once whatever happens.

The target below stands in for a pathological page deterministically (a sleep, an
``os._exit``, an exception), on a marker in the page; it lives at module level so the
spawned workers can import it.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from runners.partitioned_runs import (
    ingest,
    inputs,
    page,
    write_dump,
    write_gzipped_dump,
    write_pages,
    write_parquet,
    write_warc,
)

from warta.errors import ExtractionError
from warta.runners import partitioned
from warta.runners.board import ENTRY_BYTES
from warta.runners.saving import Result
from warta.runners.targets import extract_for_store
from warta.sources.open import fetches
from warta.store import Store


def act(data: bytes | str, url: str | None, **kwargs: Any) -> Result:
    """A test target: misbehaves on a marker in the page, otherwise the real one."""
    raw = data.encode() if isinstance(data, str) else data
    if b"<!--sleep-->" in raw:
        time.sleep(60)
    elif b"<!--exit-->" in raw:
        os._exit(3)
    elif b"<!--raise-->" in raw:
        raise ValueError("boom")
    elif b"<!--memory-->" in raw:
        raise MemoryError("no more")
    elif landing := re.search(rb"<!--appear:(.+?)>(.+?)-->", raw):
        os.replace(landing[1].decode(), landing[2].decode())  # a download lands, then death
        os._exit(3)
    return extract_for_store(data, url, **kwargs)


def cannot_start(*_args: object) -> None:
    """A worker process that dies before it is ready."""
    sys.exit(1)


def test_a_mix_of_inputs_is_stored_exactly_once_across_workers(tmp_path: Path) -> None:
    expected = write_warc(tmp_path / "crawl.warc.gz", range(0, 25))
    expected += write_pages(tmp_path / "saved", range(100, 120))
    expected += write_dump(tmp_path / "dump.jsonl", range(200, 215))
    specs = [str(tmp_path / "crawl.warc.gz"), str(tmp_path / "saved"), str(tmp_path / "dump.jsonl")]
    db = tmp_path / "w.db"
    summary, told = ingest(specs, db)
    assert sorted(told) == sorted(expected)
    assert summary.outcomes == {"ok": len(expected)} and summary.skipped == 0
    assert inputs(db) == (len(expected), len(expected))
    with Store(db) as store:
        assert store.done_sources() == set(expected)
        assert store.count_articles() == len(expected)
    again, told = ingest(specs, db, workers=2)  # another partition: still nothing redone
    assert again.processed == 0 and again.skipped == len(expected) and told == []


@pytest.mark.parametrize("batch_size", [500, 2])
def test_repeated_sources_are_stored_once(tmp_path: Path, batch_size: int) -> None:
    """In one batch (500) a worker drops a repeat it has seen; after a commit (2), one it
    has stored: it keeps no set of every source it met, which would grow with the run."""
    saved = write_pages(tmp_path / "saved", range(12))
    db = tmp_path / "w.db"
    specs = [str(tmp_path / "saved"), *saved[:5], str(tmp_path / "saved")]
    summary, told = ingest(specs, db, batch_size=batch_size)
    assert sorted(told) == sorted(saved)
    assert summary.processed == 12 and summary.skipped == 12 + 5
    assert inputs(db) == (12, 12)


def test_the_supervisor_takes_the_checkpoints_of_the_workers_commits(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_warc(tmp_path / "crawl.warc.gz", range(40))
    with caplog.at_level(logging.DEBUG, logger="warta.store.checkpoints"):
        summary, _ = ingest([str(tmp_path / "crawl.warc.gz")], tmp_path / "w.db", batch_size=5)
    assert summary.outcomes == {"ok": 40}
    taken = re.search(r"(\d+) checkpoints, (\d+) failed", caplog.text)
    assert taken is not None and int(taken[1]) >= 1 and taken[2] == "0"


def test_a_hanging_page_is_a_timeout_and_the_rest_complete(tmp_path: Path) -> None:
    saved = write_pages(tmp_path / "saved", range(10), markers={4: "<!--sleep-->"})
    db = tmp_path / "w.db"
    started = time.monotonic()
    summary, told = ingest([str(tmp_path / "saved")], db, workers=2, timeout=3.0, target=act)
    assert time.monotonic() - started < 30
    assert summary.outcomes == {"ok": 9, "timeout": 1}
    assert sorted(told) == sorted(saved)
    assert inputs(db) == (10, 10)
    with closing(sqlite3.connect(db)) as conn:
        source, reason, message = conn.execute(
            "SELECT source, reason, message FROM rejected"
        ).fetchone()
    assert (source, reason) == (saved[4], "timeout")
    # The Sandbox's record: the same words, the same reason.
    assert message.startswith("timeout: extraction took longer than the 3 s limit; the worker")
    again, _ = ingest([str(tmp_path / "saved")], db, workers=2, timeout=3.0, target=act)
    assert again.processed == 0 and again.skipped == 10


def test_documents_too_long_for_the_board_are_still_the_ones_rejected(tmp_path: Path) -> None:
    """A worker posts the document it is on for its supervisor; one whose address does
    not fit (a dump's URL of over 64 KiB) goes through its pipe, and the timeout or the
    crash is still charged to that document, with its whole address."""
    long = "https://dump.example/" + "x" * ENTRY_BYTES
    markers = {1: "<!--sleep-->", 3: "<!--exit-->"}
    rows = [
        {
            "html": page(n, markers.get(n, "")).decode(),
            "url": f"{long}/{n}" if n in markers else f"https://dump.example/{n}",
        }
        for n in range(6)
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "w.db"
    summary, _ = ingest([str(dump)], db, workers=2, timeout=2.0, target=act)
    assert summary.outcomes == {"ok": 4, "timeout": 1, "worker-crashed": 1}
    assert inputs(db) == (6, 6)
    with closing(sqlite3.connect(db)) as conn:
        rejected = conn.execute("SELECT source, reason, url FROM rejected ORDER BY source")
        assert rejected.fetchall() == [
            (f"{dump}:2", "timeout", f"{long}/1"),
            (f"{dump}:4", "worker-crashed", f"{long}/3"),
        ]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("hanging", [(5,), (5, 7), (33,)])
def test_the_piece_of_warc_a_killed_worker_was_on_is_finished_by_the_next(
    tmp_path: Path, workers: int, hanging: tuple[int, ...]
) -> None:
    """The file is cut into pieces the workers take one by one; the worker killed on a
    hanging page was in the middle of one (having read the rest of it ahead), and the
    worker started in its place finishes that piece (the pages after the hanging one)
    before taking another; a lone worker's replacement as well. Killed again on a later
    page of the same piece, the worker after it carries on with that piece again."""
    markers = dict.fromkeys(hanging, "<!--sleep-->")  # 40 small pages: 8 or 16 pieces
    expected = write_warc(tmp_path / "crawl.warc.gz", range(40), markers=markers)
    db = tmp_path / "w.db"
    summary, told = ingest(
        [str(tmp_path / "crawl.warc.gz")], db, workers=workers, timeout=2.0, target=act
    )
    assert summary.outcomes == {"ok": 40 - len(hanging), "timeout": len(hanging)}
    assert sorted(told) == sorted(expected)
    assert inputs(db) == (40, 40)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(("died", "batch_size"), [((12,), 500), ((12,), 3), ((12, 14, 33), 4)])
def test_a_parquet_dump_is_cut_at_its_row_groups_and_a_dead_workers_pieces_redone(
    tmp_path: Path, workers: int, died: tuple[int, ...], batch_size: int
) -> None:
    """Each worker decodes only the row groups it takes. A worker that dies on a row
    costs that row alone: the worker started in its place goes through every row group
    the dead one took since its last commit (with one worker, rows 1-10 were extracted
    but not stored when it died on row 13), skips what was stored, and neither those nor
    the dead worker's stored rows count as skipped; then it takes new row groups."""
    markers = dict.fromkeys(died, "<!--exit-->")
    expected = write_parquet(tmp_path / "dump.parquet", range(60), group=5, markers=markers)
    db = tmp_path / "w.db"
    summary, told = ingest(
        [str(tmp_path / "dump.parquet")], db, workers=workers, batch_size=batch_size, target=act
    )
    assert summary.outcomes == {"ok": 60 - len(died), "worker-crashed": len(died)}
    assert summary.skipped == 0
    assert sorted(told) == sorted(expected)
    assert inputs(db) == (60, 60)
    with closing(sqlite3.connect(db)) as conn:
        rejected = {source for (source,) in conn.execute("SELECT source FROM rejected")}
        urls = {url for (url,) in conn.execute("SELECT url FROM articles")}
    assert rejected == {expected[n] for n in died}
    assert urls == {f"https://parket.example/{n}" for n in range(60) if n not in died}


@pytest.mark.parametrize("batch_size", [500, 3])
def test_many_gzipped_dumps_are_taken_whole_and_a_dead_workers_redone(
    tmp_path: Path, batch_size: int
) -> None:
    """Eight gzipped dumps for two workers: each is a piece one worker reads whole. A
    worker that dies on a row costs that row alone; the one started in its place reads
    again the dumps the dead one took since its last commit, and stores the rest."""
    expected: list[str] = []
    for n in range(8):
        numbers = range(n * 10, n * 10 + 6)
        markers = {n * 10 + 4: "<!--exit-->"} if n in (2, 5) else {}
        expected += write_gzipped_dump(tmp_path / f"day-{n}.jsonl.gz", numbers, markers)
    db = tmp_path / "w.db"
    specs = [str(tmp_path / "day-*.jsonl.gz")]
    summary, told = ingest(specs, db, workers=2, batch_size=batch_size, target=act)
    assert summary.outcomes == {"ok": 46, "worker-crashed": 2} and summary.skipped == 0
    assert sorted(told) == sorted(expected)
    assert inputs(db) == (48, 48)
    again, told = ingest(specs, db, workers=2)
    assert again.processed == 0 and again.skipped == 48 and told == []


def test_damaged_dumps_taken_whole_keep_their_rows_before_the_damage(tmp_path: Path) -> None:
    """Eight gzipped dumps for two workers, each taken whole: one cut short, one with a
    flipped byte. The rows before the damage are stored, the file is rejected with its
    reason, and the other dumps are not held up."""
    expected: list[str] = []
    for n in range(8):
        size = 40 if n == 3 else 5  # the one cut short: rows enough to come before the cut
        expected += write_gzipped_dump(
            tmp_path / f"day-{n}.jsonl.gz", range(n * 100, n * 100 + size), {}
        )
    cut = tmp_path / "day-3.jsonl.gz"
    cut.write_bytes(cut.read_bytes()[:-40])
    flipped = tmp_path / "day-6.jsonl.gz"
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    db = tmp_path / "w.db"
    summary, told = ingest([str(tmp_path / "day-*.jsonl.gz")], db, workers=2)
    assert summary.outcomes["truncated-gzip"] == 1 and summary.outcomes["bad-gzip"] == 1
    with closing(sqlite3.connect(db)) as conn:
        rejected = dict(conn.execute("SELECT source, reason FROM rejected").fetchall())
    assert rejected == {str(cut): "truncated-gzip", str(flipped): "bad-gzip"}
    stored = {s for s in told if s not in rejected}
    whole = [s for s in expected if not s.startswith((str(cut), str(flipped)))]
    assert set(whole) <= stored <= set(expected)
    assert f"{cut}:1" in stored  # rows read before the end that is missing
    assert inputs(db)[0] == inputs(db)[1] == len(told)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("batch_size", [500, 4])
def test_a_resumed_run_counts_each_skipped_input_once_whatever_workers_die(
    tmp_path: Path, workers: int, batch_size: int
) -> None:
    """The first dump was stored by an earlier run. The worker passing over its rows
    tells the supervisor with each batch it commits; one started in place of a dead one
    counts only the rows it passes over after where that one last committed (batch of
    500: nothing committed, all of them; batch of 4: the rest), so that each of the 60
    counts once, as with no death."""
    first = write_parquet(tmp_path / "one.parquet", range(60), group=5)
    second = write_parquet(
        tmp_path / "two.parquet", range(100, 160), group=5, markers={130: "<!--exit-->"}
    )
    db = tmp_path / "w.db"
    ingest([str(tmp_path / "one.parquet")], db, workers=workers)
    specs = [str(tmp_path / "one.parquet"), str(tmp_path / "two.parquet")]
    summary, told = ingest(specs, db, workers=workers, batch_size=batch_size, target=act)
    assert summary.skipped == len(first)
    assert summary.outcomes == {"ok": 59, "worker-crashed": 1}
    assert sorted(told) == sorted(second)
    assert inputs(db) == (120, 120)


@pytest.mark.parametrize(
    ("marker", "reason", "detail"),
    [
        ("<!--exit-->", "worker-crashed", "the extraction worker died (exit code 3)"),
        ("<!--memory-->", "worker-crashed", "(MemoryError: no more)"),
        ("<!--raise-->", "internal-error", "internal error: ValueError: boom"),
    ],
)
def test_a_crash_or_an_error_costs_one_record(
    tmp_path: Path, marker: str, reason: str, detail: str
) -> None:
    saved = write_pages(tmp_path / "saved", range(8), markers={2: marker, 6: marker})
    db = tmp_path / "w.db"
    summary, told = ingest([str(tmp_path / "saved")], db, workers=2, target=act)
    assert summary.outcomes["ok"] == 6 and summary.processed == 8
    assert summary.outcomes == {"ok": 6, reason: 2}
    assert sorted(told) == sorted(saved)
    assert inputs(db) == (8, 8)
    with closing(sqlite3.connect(db)) as conn:
        rejected = conn.execute("SELECT source, message FROM rejected ORDER BY source").fetchall()
    assert [source for source, _ in rejected] == [saved[2], saved[6]]
    assert all(detail in message for _, message in rejected)


def test_bad_inputs_are_rejected_with_their_reason(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc.gz", range(6))
    starts = [int(source.rsplit("@", 1)[1]) for source in good]
    whole = (tmp_path / "good.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(whole[: (starts[3] + starts[4]) // 2])  # in record 4
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(page(99))[:-20])
    specs = [str(tmp_path / name) for name in ("good.warc.gz", "cut.warc.gz", "cut.html.gz")]
    specs.append(str(tmp_path / "missing.html"))
    db = tmp_path / "w.db"
    summary, _ = ingest(specs, db, workers=2)
    assert summary.outcomes["ok"] == 6
    # The cut archive's whole records are read: copies of the first three, stored already.
    assert summary.outcomes["duplicate"] == 3
    assert summary.outcomes["truncated-gzip"] == 1
    assert summary.outcomes["truncated-warc"] == 1, summary.outcomes
    assert summary.outcomes["not-found"] == 1
    rows, distinct = inputs(db)
    assert rows == distinct == summary.processed
    with Store(db) as store:
        assert set(good) <= store.done_sources()


def test_workers_that_cannot_start_halt_the_run_and_record_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path / "saved", range(6))
    db = tmp_path / "w.db"
    monkeypatch.setattr(partitioned, "serve", cannot_start)
    with pytest.raises(ExtractionError, match="the run stopped: worker-failed: cannot start"):
        ingest([str(tmp_path / "saved")], db, workers=2)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.done_sources() == set()
    summary, _ = ingest([str(tmp_path / "saved")], db, workers=2)
    assert summary.outcomes == {"ok": 6}


def test_only_local_inputs_are_partitioned(tmp_path: Path) -> None:
    write_pages(tmp_path / "saved", range(2))
    (tmp_path / "feed.xml").write_text("<rss/>", encoding="utf-8")
    assert not fetches(str(tmp_path / "saved"))
    assert not fetches(str(tmp_path / "saved" / "*.html"))
    assert not fetches(str(tmp_path / "a.warc.gz")) and not fetches(str(tmp_path / "d.jsonl"))
    assert fetches("https://kabar.example/1") and fetches("feed:https://kabar.example/rss")
    assert fetches(str(tmp_path / "feed.xml")) and fetches(str(tmp_path / "urls.txt"))
    assert fetches(str(tmp_path / "*")) and fetches(f"urls:{tmp_path / 'list'}")


def test_a_glob_of_warc_files_is_cut_file_by_file(tmp_path: Path) -> None:
    expected = write_warc(tmp_path / "a.warc.gz", range(0, 30))
    expected += write_warc(tmp_path / "b.warc.gz", range(100, 130))
    db = tmp_path / "w.db"
    summary, told = ingest([str(tmp_path / "*.warc.gz")], db, workers=2)
    assert sorted(told) == sorted(expected)
    assert summary.outcomes == {"ok": len(expected)}
    assert inputs(db) == (len(expected), len(expected))


def test_a_worker_started_later_reads_the_inputs_as_the_run_cut_them(tmp_path: Path) -> None:
    """A file lands in the globbed folder while the run goes on, then a worker dies. The
    one started in its place goes by the plan the run started with: made again, it would
    number the new file's pieces among the others' and read those in place of the ones
    the run gave out by number."""
    later = tmp_path / "later.bin"  # not in the folder yet
    write_warc(later, range(300, 330))
    folder = tmp_path / "crawl"
    folder.mkdir()
    landed = folder / "b.warc.gz"
    marker = f"<!--appear:{later}>{landed}-->"
    first = write_warc(folder / "a.warc.gz", range(30), markers={12: marker})
    last = write_warc(folder / "c.warc.gz", range(100, 130))
    db = tmp_path / "w.db"
    summary, told = ingest([str(folder / "*.warc.gz")], db, workers=2, target=act)
    assert landed.exists()
    assert summary.outcomes == {"ok": 59, "worker-crashed": 1}
    assert sorted(told) == sorted(first + last)
    assert inputs(db) == (60, 60)


def test_copies_are_counted_as_duplicates_not_as_articles(tmp_path: Path) -> None:
    """Two crawls holding the same pages: the store keeps one article each, and the run's
    summary says so, whichever worker stored which copy first."""
    write_warc(tmp_path / "a.warc.gz", range(8))
    write_warc(tmp_path / "b.warc.gz", range(4, 12))
    specs = [str(tmp_path / "a.warc.gz"), str(tmp_path / "b.warc.gz")]
    summary, told = ingest(specs, tmp_path / "w.db")
    assert summary.outcomes == {"ok": 12, "duplicate": 4}
    assert len(told) == 16
    with Store(tmp_path / "w.db") as store:
        assert store.count_articles() == 12
